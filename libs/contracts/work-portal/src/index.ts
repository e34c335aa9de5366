export * from './subjects';
export * from './errors';
export * from './mail.dto';
