export * from './auth-errors';
export * from './principal-claims';
export * from './token-verifier';
export * from './rpc-sources';
export * from './principal.decorator';
export * from './service-identity';
