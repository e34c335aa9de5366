export * from './env-spec';
export * from './service-config';
