export * from './subjects';
export * from './errors';
