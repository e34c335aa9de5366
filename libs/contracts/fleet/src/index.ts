export * from './error-envelope';
export * from './wire';
export * from './service-names';
export * from './health';
export * from './principal';
export * from './paging';
