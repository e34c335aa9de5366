export * from './db-url';
export * from './columns';
export * from './data-source';
export * from './ensure-database';
export * from './migrations';
export * from './readiness';
export * from './traced-queries';
