import { Module } from '@nestjs/common';
import { Upstream } from '../upstream/upstream.service';
import { CompanyUsersHttpController } from './company-users.http.controller';
import { EnvironmentUsersHttpController } from './environment-users.http.controller';
import { InvitationsHttpController } from './invitations.http.controller';
import { OrganizationHttpController } from './organization.http.controller';

/** HTTP routes of platform's organization and access subjects. */
@Module({ controllers: [CompanyUsersHttpController, OrganizationHttpController, InvitationsHttpController, EnvironmentUsersHttpController], providers: [Upstream] })
export class OrganizationRoutesModule {}
