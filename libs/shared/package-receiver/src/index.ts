export * from './package-stage.entity';
export * from './package-receiver.migration';
export * from './package-receiver';
export * from './with-package-receiver';
