export * from './subjects';
export * from './realm.dto';
export * from './errors';
