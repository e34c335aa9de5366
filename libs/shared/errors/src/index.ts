export * from './fleet-error';
export * from './to-envelope';
export * from './http-status';
export * from './rpc-exception.filter';
