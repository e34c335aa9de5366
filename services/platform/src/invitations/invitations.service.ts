import type { Principal } from '@fleet/contracts-fleet';
import {
  PlatformErrorCodes,
  PlatformEvents,
  ROLE_RESOURCE,
  type AcceptInvitationRequest,
  type CreateInvitationRequest,
  type InvitationIssuedEvent,
  type InvitationReply,
  type Role,
} from '@fleet/contracts-platform';
import { FleetError } from '@fleet/shared-errors';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { GrantsService } from '../access/grants.service';
import type { RequestMeta } from '../audit/audit.service';
import { CompanyUsersService } from '../users/company-users.service';
import { Invitation } from './invitation.entity';

const INVITE_ACTION = { company_admin: 'company.users.manage', subscription_owner: 'company.manage', project_owner: 'project.manage', collaborator: 'project.manage' } as const;
const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');

function toReply(i: Invitation, now = Date.now()): InvitationReply {
  const status = i.acceptedAt ? 'accepted' : i.expiresAt.getTime() < now ? 'expired' : 'pending';
  return {
    id: i.id,
    companyId: i.companyId,
    email: i.email,
    role: i.role,
    resourceId: i.resourceId,
    status,
    expiresAt: i.expiresAt.toISOString(),
    createdAt: i.createdAt.toISOString(),
    ...(i.acceptedBy ? { userId: i.acceptedBy } : {}),
  };
}

/**
 * Invitations by e-mail: an expiring, one-time token (only its hash is stored) that, once accepted,
 * makes the person a company user and grants the role. The e-mail goes out through smtp from the
 * durable `platform.invitation.issued` event.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    @Inject(KIT.config) private readonly config: { env: { PLATFORM_INVITATION_TTL_HOURS: number } },
    private readonly access: AccessService,
    private readonly grants: GrantsService,
    private readonly users: CompanyUsersService,
  ) {}

  async create(p: Principal, req: CreateInvitationRequest, meta: RequestMeta = {}): Promise<InvitationReply> {
    const role = req.role as keyof typeof INVITE_ACTION;
    const facts = await this.access.authorize(p, INVITE_ACTION[role], ROLE_RESOURCE[role], req.resourceId);
    if (facts.companyId !== req.companyId) throw new FleetError(PlatformErrorCodes.NOT_FOUND, `${ROLE_RESOURCE[role]} ${req.resourceId} does not exist`);
    const inv = await this.ds.transaction((m) => this.issue(m, { ...req, role, createdBy: p.sub }, meta));
    this.outbox.nudge();
    return toReply(inv);
  }

  /** Stores an invitation and its e-mail event in the caller's transaction (also used when a company is created). */
  async issue(m: EntityManager, o: { companyId: string; email: string; role: Role; resourceId: string; displayName?: string; createdBy: string }, meta: RequestMeta = {}): Promise<Invitation> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const inv: Invitation = {
      id: randomUUID(),
      companyId: o.companyId,
      email: o.email.trim().toLowerCase(),
      displayName: o.displayName ?? null,
      role: o.role,
      resourceId: o.resourceId,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + this.config.env.PLATFORM_INVITATION_TTL_HOURS * 3600_000),
      acceptedAt: null,
      acceptedBy: null,
      createdBy: o.createdBy,
      createdAt: now,
    };
    await m.insert(Invitation, inv);
    const event: InvitationIssuedEvent = { invitationId: inv.id, companyId: inv.companyId, email: inv.email, token, expiresAt: inv.expiresAt.toISOString() };
    await appendToOutbox(m, PlatformEvents.invitationIssued, event, { correlationId: meta.correlationId });
    return inv;
  }

  /** One-time: the first acceptance wins (conditional update), later ones are refused. */
  async accept(req: AcceptInvitationRequest, meta: RequestMeta = {}): Promise<InvitationReply> {
    const inv = await this.ds.getRepository(Invitation).findOne({ where: { tokenHash: hashToken(req.token) } });
    const refused = () => new FleetError(PlatformErrorCodes.NOT_FOUND, 'this invitation does not exist, has expired or was already used: ask for a new one');
    if (!inv || inv.acceptedAt || inv.expiresAt.getTime() < Date.now()) throw refused();
    const user = await this.users.ensure({ companyId: inv.companyId, email: inv.email, displayName: req.displayName ?? inv.displayName ?? inv.email.split('@')[0], password: req.password }, meta);
    await this.ds.transaction(async (m) => {
      const claimed = await m.update(Invitation, { id: inv.id, acceptedAt: IsNull() }, { acceptedAt: new Date(), acceptedBy: user.id });
      if (!claimed.affected) throw refused();
      await this.grants.insertGrant(m, { companyId: inv.companyId, userId: user.id, role: inv.role as Role, resourceType: ROLE_RESOURCE[inv.role], resourceId: inv.resourceId, grantedBy: inv.createdBy }, meta);
    });
    this.access.forget(user.id);
    this.outbox.nudge();
    return toReply({ ...inv, acceptedAt: new Date(), acceptedBy: user.id });
  }

  async list(p: Principal, companyId: string): Promise<InvitationReply[]> {
    await this.access.authorize(p, 'company.users.manage', 'company', companyId);
    const rows = await this.ds.getRepository(Invitation).find({ where: { companyId }, order: { createdAt: 'DESC' } });
    return rows.map((i) => toReply(i));
  }
}
