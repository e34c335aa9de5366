export * from './subjects';
export * from './errors';
export * from './artifact-kinds';
export * from './snapshot.dto';
export * from './catalog.dto';
