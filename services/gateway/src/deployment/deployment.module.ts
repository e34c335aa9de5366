import { Module } from '@nestjs/common';
import { Upstream } from '../upstream/upstream.service';
import { DeploymentsHttpController } from './deployments.http.controller';
import { PackagesHttpController } from './packages.http.controller';
import { SigningKeysHttpController } from './signing-keys.http.controller';

/** HTTP routes of the deployment service. */
@Module({ controllers: [PackagesHttpController, DeploymentsHttpController, SigningKeysHttpController], providers: [Upstream] })
export class DeploymentRoutesModule {}
