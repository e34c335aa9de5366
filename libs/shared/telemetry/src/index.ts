export * from './tracing';
export * from './spans';
export * from './propagation';
export * from './json-lines-exporter';
