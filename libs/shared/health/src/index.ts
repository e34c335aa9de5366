export * from './metrics';
export * from './readiness';
export * from './health-server';
