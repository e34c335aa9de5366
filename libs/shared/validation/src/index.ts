export * from './validate-payload';
export * from './contract-validation.pipe';
