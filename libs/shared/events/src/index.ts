export * from './event-records';
export * from './event-tables.migration';
export * from './outbox';
export * from './streams';
export * from './event-consumer';
