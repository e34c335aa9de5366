export * from './connection';
export * from './rpc-client';
export * from './fleet-nats-server';
