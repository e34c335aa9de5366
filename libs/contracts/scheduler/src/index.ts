export * from './subjects';
export * from './errors';
export * from './job.dto';
export * from './reply.dto';
