import { Init1732406400000 } from './1732406400000-init';
import { Deployment1732752000000 } from './1732752000000-deployment';

/** Every migration of deployment, oldest first. */
export const DeploymentMigrations = [Init1732406400000, Deployment1732752000000];
