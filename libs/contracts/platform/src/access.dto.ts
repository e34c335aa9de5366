import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsEmail, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { Actions, ALL_ROLES, ResourceTypes, type Action, type ResourceType, type Role } from './roles';

export class GrantRoleRequest {
  @IsUUID()
  companyId!: string;

  @IsUUID()
  userId!: string;

  @IsIn(ALL_ROLES.filter((r) => r !== 'platform_operator'))
  role!: Role;

  /** The subscription, project or environment id (the company id for company_admin). */
  @IsUUID()
  resourceId!: string;
}

export class RevokeGrantRequest {
  @IsUUID()
  companyId!: string;

  @IsUUID()
  grantId!: string;
}

export class ListGrantsRequest {
  @IsUUID()
  companyId!: string;

  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class GrantReply {
  @IsUUID()
  id!: string;
  @IsUUID()
  companyId!: string;
  @IsUUID()
  userId!: string;
  @IsString()
  role!: Role;
  @IsString()
  resourceType!: ResourceType;
  @IsString()
  resourceId!: string;
  @IsString()
  grantedBy!: string;
  @IsISO8601()
  createdAt!: string;
}

export class GrantListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => GrantReply)
  items!: GrantReply[];
}

/** Event `platform.grant.changed`. */
export class GrantChangedEvent {
  @IsUUID()
  companyId!: string;

  @IsUUID()
  userId!: string;

  @IsIn(['granted', 'revoked'])
  change!: 'granted' | 'revoked';

  @IsString()
  role!: string;
}

export class CreateInvitationRequest {
  @IsUUID()
  companyId!: string;

  @IsEmail()
  @MaxLength(254)
  email!: string;

  /** What the person gets on acceptance: a project to collaborate on, or company administration. */
  @IsIn(['collaborator', 'project_owner', 'company_admin', 'subscription_owner'])
  role!: Role;

  @IsUUID()
  resourceId!: string;

  @IsOptional()
  @IsString()
  @Length(1, 120)
  displayName?: string;
}

export class AcceptInvitationRequest {
  /** The one-time token from the e-mail. */
  @IsString()
  @Length(20, 200)
  token!: string;

  /** Sets the password when the person has none yet. */
  @IsOptional()
  @IsString()
  @Length(1, 256)
  password?: string;

  @IsOptional()
  @IsString()
  @Length(1, 120)
  displayName?: string;
}

export class ListInvitationsRequest {
  @IsUUID()
  companyId!: string;
}

export class InvitationReply {
  @IsUUID()
  id!: string;
  @IsUUID()
  companyId!: string;
  @IsString()
  email!: string;
  @IsString()
  role!: Role;
  @IsString()
  resourceId!: string;
  @IsIn(['pending', 'accepted', 'expired'])
  status!: 'pending' | 'accepted' | 'expired';
  @IsISO8601()
  expiresAt!: string;
  @IsISO8601()
  createdAt!: string;
  /** Set once accepted. */
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class InvitationListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => InvitationReply)
  items!: InvitationReply[];
}

/** Event `platform.invitation.issued`: smtp e-mails the link carrying `token`. */
export class InvitationIssuedEvent {
  @IsUUID()
  invitationId!: string;

  @IsUUID()
  companyId!: string;

  @IsEmail()
  email!: string;

  @IsString()
  token!: string;

  @IsISO8601()
  expiresAt!: string;
}

/** `platform.permission.check`: may the principal (from the token) do `action` on the resource? */
export class PermissionCheckRequest {
  @IsIn(Actions)
  action!: Action;

  @IsIn(ResourceTypes)
  resourceType!: ResourceType;

  @IsString()
  @MaxLength(64)
  resourceId!: string;
}

export class PermissionCheckReply {
  @IsBoolean()
  allowed!: boolean;
  /** false when the principal may not even see the resource (answer 404, not 403). */
  @IsBoolean()
  visible!: boolean;
  @IsString()
  reason!: string;
}

export class MyAccessRequest {}

export class MyAccessReply {
  @IsUUID()
  userId!: string;
  @IsUUID()
  companyId!: string;
  @IsArray()
  grants!: { role: Role; resourceType: ResourceType; resourceId: string }[];
}
