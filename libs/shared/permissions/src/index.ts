export * from './platform-permissions';
