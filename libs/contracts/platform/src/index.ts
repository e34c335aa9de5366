export * from './subjects';
export * from './company.dto';
export * from './errors';
