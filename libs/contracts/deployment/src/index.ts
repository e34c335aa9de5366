export * from './subjects';
export * from './errors';
export * from './package.dto';
export * from './deployment.dto';
export * from './maintenance.dto';
export * from './keys.dto';
export * from './events.dto';
