import { PlatformEvents, type CompanyCreatedEvent } from '@fleet/contracts-platform';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { GrantsService } from '../access/grants.service';
import { Company } from '../companies/company.entity';
import { CompanyUsersService } from '../users/company-users.service';
import { BootstrapState } from './bootstrap-state.entity';

export interface BootstrapEnv {
  FLEET_ADMIN_EMAIL: string;
  FLEET_ADMIN_PASSWORD: string;
  FLEET_BOOTSTRAP_COMPANY: string;
}

/** A password that meets the default policy: 24 characters from four classes. */
function generatePassword(): string {
  return `Fl-${randomBytes(18).toString('base64url')}7a!`;
}

/**
 * First start of an installation with no company: one company and its administrator (company
 * administrator and platform operator). Progress is a row, so a crash half-way resumes; the
 * administrator's identity is created in accounts, which may still be starting: retried until done.
 */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopped = false;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    @Inject(KIT.logger) private readonly logger: Logger,
    @Inject(KIT.config) private readonly config: { env: BootstrapEnv },
    private readonly users: CompanyUsersService,
    private readonly grants: GrantsService,
  ) {}

  onApplicationBootstrap(): void {
    void this.run(1);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Runs (or resumes) the bootstrap; resolves once done or when nothing is to do. */
  async run(attempt: number): Promise<void> {
    if (this.stopped) return;
    try {
      const state = await this.begin();
      if (state?.status === 'pending') await this.finish(state);
    } catch (err) {
      const delay = Math.min(5000, 250 * attempt);
      this.logger.warn({ attempt, retryInMs: delay, err: (err as Error).message }, 'bootstrap: waiting for the identity service');
      this.timer = setTimeout(() => void this.run(attempt + 1), delay);
    }
  }

  private async begin(): Promise<BootstrapState | undefined> {
    return this.ds.transaction(async (m) => {
      const existing = await m.findOne(BootstrapState, { where: { id: 'installation' } });
      if (existing) return existing;
      if ((await m.count(Company)) > 0) return undefined;
      const now = new Date();
      const company: Company = { id: randomUUID(), name: this.config.env.FLEET_BOOTSTRAP_COMPANY, slug: 'fleet', createdAt: now };
      await m.insert(Company, company);
      const event: CompanyCreatedEvent = { companyId: company.id, name: company.name, slug: company.slug, createdAt: now.toISOString() };
      await appendToOutbox(m, PlatformEvents.companyCreated, event);
      const state: BootstrapState = { id: 'installation', companyId: company.id, adminEmail: this.config.env.FLEET_ADMIN_EMAIL.toLowerCase(), status: 'pending', updatedAt: now };
      await m.insert(BootstrapState, state);
      this.outbox.nudge();
      this.logger.info({ companyId: company.id }, 'bootstrap: created the first company');
      return state;
    });
  }

  private async finish(state: BootstrapState): Promise<void> {
    const generated = this.config.env.FLEET_ADMIN_PASSWORD ? undefined : generatePassword();
    const user = await this.users.ensure({ companyId: state.companyId, email: state.adminEmail, displayName: 'Administrator', password: this.config.env.FLEET_ADMIN_PASSWORD || generated });
    await this.ds.transaction(async (m) => {
      await this.grants.insertGrant(m, { companyId: state.companyId, userId: user.id, role: 'company_admin', resourceType: 'company', resourceId: state.companyId, grantedBy: 'bootstrap' });
      await this.grants.insertGrant(m, { companyId: state.companyId, userId: user.id, role: 'platform_operator', resourceType: 'installation', resourceId: '*', grantedBy: 'bootstrap' });
      await m.update(BootstrapState, { id: 'installation' }, { status: 'done', updatedAt: new Date() });
    });
    this.outbox.nudge();
    this.logger.info({ email: state.adminEmail, companyId: state.companyId }, 'bootstrap: administrator ready');
    if (generated) process.stdout.write(`\nFleet administrator: ${state.adminEmail} / ${generated}\n(generated once: it is not stored anywhere; change it after signing in)\n\n`);
  }
}
