export * from './subjects';
export * from './errors';
export * from './realm-name';
export * from './realm.dto';
export * from './user.dto';
export * from './auth.dto';
export * from './keys.dto';
export * from './identity-events.dto';
