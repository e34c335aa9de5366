export * from './test-ids';
export * from './test-databases';
export * from './in-process-service';
export * from './wait';
export * from './migration-suite';
export * from './contract-assertions';
export * from './fleet-processes';
export * from './fake-identity';
