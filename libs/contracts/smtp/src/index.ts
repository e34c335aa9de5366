export * from './subjects';
export * from './errors';
export * from './notification.dto';
export * from './trigger.dto';
