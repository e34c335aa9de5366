export * from './tokens';
export * from './service-definition';
export * from './service-context';
export * from './kit.module';
export * from './run-service';
export * from './migrate';
export * from './service-secret';
