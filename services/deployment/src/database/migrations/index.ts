import { Init1732406400000 } from './1732406400000-init';

/** Every migration of deployment, oldest first. */
export const DeploymentMigrations = [Init1732406400000];
