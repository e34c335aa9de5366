import type { Principal } from '@fleet/contracts-fleet';
import type { MailRelayReply, SetMailRelayRequest } from '@fleet/contracts-smtp';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { SmtpConfig } from '../config';
import { parseRelayUrl, type RelayTarget } from '../outbound/relay-transport';
import { Relay } from './relay.entity';
import { SecretBox } from './secret-box';

/** Where an e-mail of a scope goes: a relay, nowhere (e-mail disabled), or not yet (no relay at all). */
export type RelayChoice = { kind: 'send'; target: RelayTarget } | { kind: 'skip'; reason: string } | { kind: 'wait'; reason: string };

function toReply(environmentId: string, r: Relay | null): MailRelayReply {
  if (!r) return { environmentId, configured: false, enabled: true, passwordSet: false };
  return {
    environmentId,
    configured: true,
    enabled: r.enabled,
    host: r.host,
    port: r.port,
    security: r.security,
    ...(r.username ? { username: r.username } : {}),
    passwordSet: !!r.passwordSealed,
    fromAddress: r.fromAddress,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Environment relays (password sealed, never answered) and the installation relay from config. */
@Injectable()
export class RelaysService {
  private sealer?: SecretBox;
  private readonly installation: RelayTarget | undefined;

  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.config) private readonly config: SmtpConfig,
    @Inject(KIT.logger) private readonly logger: Logger,
  ) {
    const env = config.env;
    this.installation = parseRelayUrl(env.SMTP_RELAY_URL, { from: env.SMTP_FROM, requireTls: env.SMTP_RELAY_REQUIRE_TLS, rejectUnauthorized: env.SMTP_RELAY_TLS_REJECT_UNAUTHORIZED });
    this.rejectUnauthorized = env.SMTP_RELAY_TLS_REJECT_UNAUTHORIZED;
  }

  private readonly rejectUnauthorized: boolean;

  /** The key is needed only for relay passwords: resolved at first use, so a read-only file system without SMTP_SECRET_KEY still boots. */
  private get box(): SecretBox {
    this.sealer ??= SecretBox.resolve(this.config.env.SMTP_SECRET_KEY, this.config.dataDir, this.logger);
    return this.sealer;
  }

  async get(environmentId: string): Promise<MailRelayReply> {
    return toReply(environmentId, await this.ds.getRepository(Relay).findOne({ where: { environmentId } }));
  }

  /** Replaces the environment's relay; an omitted password keeps the stored one. */
  async set(p: Principal, req: SetMailRelayRequest): Promise<MailRelayReply> {
    const repo = this.ds.getRepository(Relay);
    const existing = await repo.findOne({ where: { environmentId: req.environmentId } });
    const row: Relay = {
      environmentId: req.environmentId,
      companyId: p.companyId,
      enabled: req.enabled,
      host: req.host,
      port: req.port,
      security: req.security,
      username: req.username ?? null,
      passwordSealed: req.password !== undefined ? this.box.seal(req.password) : req.username ? (existing?.passwordSealed ?? null) : null,
      fromAddress: req.fromAddress,
      updatedBy: p.sub,
      updatedAt: new Date(),
    };
    await repo.save(row);
    return toReply(req.environmentId, row);
  }

  /** The relay for e-mails of an environment (null: installation e-mails). */
  async choose(environmentId: string | null): Promise<RelayChoice> {
    if (environmentId) {
      const r = await this.ds.getRepository(Relay).findOne({ where: { environmentId } });
      if (r && !r.enabled) return { kind: 'skip', reason: 'e-mail is disabled for this environment' };
      if (r) {
        const target: RelayTarget = {
          host: r.host,
          port: r.port,
          security: r.security,
          ...(r.username ? { username: r.username } : {}),
          ...(r.passwordSealed ? { password: this.box.open(r.passwordSealed) } : {}),
          from: r.fromAddress,
          requireTls: r.security === 'starttls',
          rejectUnauthorized: this.rejectUnauthorized,
        };
        return { kind: 'send', target };
      }
    }
    return this.installation ? { kind: 'send', target: this.installation } : { kind: 'wait', reason: 'no relay: SMTP_RELAY_URL is not set and the environment has none' };
  }
}
