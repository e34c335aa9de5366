export * from './subjects';
export * from './errors';
export * from './definitions.dto';
export * from './parameters.dto';
export * from './invocations.dto';
