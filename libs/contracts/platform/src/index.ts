export * from './subjects';
export * from './roles';
export * from './company.dto';
export * from './company-user.dto';
export * from './organization.dto';
export * from './access.dto';
export * from './environment-user.dto';
export * from './errors';
