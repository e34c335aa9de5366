export * from './secrets-provider';
export * from './local-providers';
export * from './caching-provider';
export * from './key-vault-provider';
export * from './from-env';
