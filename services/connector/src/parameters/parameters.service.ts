import { ConnectorErrorCodes, type DeletedReply, type OutboundPolicyReply, type ParameterListReply, type ParameterReply, type SetParameterRequest, type UpdateOutboundPolicyRequest } from '@fleet/contracts-connector';
import { FleetError } from '@fleet/shared-errors';
import { SecretUnresolvedError, type SecretsProvider } from '@fleet/shared-secrets';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import type { OutboundPolicy } from '../outbound/outbound-guard';
import type { Redactor } from '../outbound/redactor';
import { ConnectorParameter, ConnectorSettings } from './parameter.entity';

/** Injection token of the process's SecretsProvider (@fleet/shared-secrets). */
export const SECRETS_PROVIDER = Symbol('connector.secrets');

/** A parameter that could not be resolved at call time; the message names it, never a value. */
export class ParameterResolutionError extends Error {
  constructor(
    readonly kind: 'secret' | 'template',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The name a secret reference has in the secrets provider: prefixed with the environment id, so an
 * environment can only reach secrets provisioned for it (a reference cannot name another tenant's).
 */
export function scopedSecretName(environmentId: string, ref: string): string {
  return `${environmentId}-${ref}`;
}

const toReply = (p: ConnectorParameter): ParameterReply => ({
  name: p.name,
  secret: p.secret,
  ...(p.secret ? { secretRef: p.secretRef ?? undefined } : { value: p.value ?? '' }),
  updatedAt: p.updatedAt.toISOString(),
});

const bad = (path: string, reason: string) => new FleetError(ConnectorErrorCodes.VALIDATION, reason, { fields: [{ path, reason }] });

/** Per-environment parameters (plain values, secret references) and the outbound policy. */
@Injectable()
export class ParametersService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(SECRETS_PROVIDER) private readonly secrets: SecretsProvider,
  ) {}

  async list(environmentId: string): Promise<ParameterListReply> {
    const rows = await this.ds.getRepository(ConnectorParameter).find({ where: { environmentId }, order: { name: 'ASC' } });
    return { environmentId, items: rows.map(toReply) };
  }

  /**
   * A plain parameter takes `value`; a secret one takes `secretRef` only (a value sent for a secret
   * parameter is refused and never stored, so no secret value lands in a plain column).
   */
  async set(req: SetParameterRequest): Promise<ParameterReply> {
    if (req.secret && req.value !== undefined) throw bad('value', 'a secret parameter takes secretRef (the name of the secret in the secrets provider), never its value');
    if (req.secret && !req.secretRef) throw bad('secretRef', 'a secret parameter needs secretRef');
    if (!req.secret && req.secretRef !== undefined) throw bad('secretRef', 'only secret parameters take secretRef');
    if (!req.secret && req.value === undefined) throw bad('value', 'a plain parameter needs value');
    const saved = await this.ds.transaction(async (m) => {
      const repo = m.getRepository(ConnectorParameter);
      const existing = await repo.findOne({ where: { environmentId: req.environmentId, name: req.name } });
      return repo.save(
        Object.assign(existing ?? new ConnectorParameter(), {
          id: existing?.id ?? randomUUID(),
          environmentId: req.environmentId,
          name: req.name,
          secret: req.secret,
          value: req.secret ? null : req.value!,
          secretRef: req.secret ? req.secretRef! : null,
          updatedAt: new Date(),
        }),
      );
    });
    return toReply(saved);
  }

  /** Idempotent: `deleted` tells whether there was such a parameter. */
  async delete(environmentId: string, name: string): Promise<DeletedReply> {
    const r = await this.ds.getRepository(ConnectorParameter).delete({ environmentId, name });
    return { deleted: (r.affected ?? 0) > 0 };
  }

  async policy(environmentId: string): Promise<OutboundPolicyReply> {
    const row = await this.ds.getRepository(ConnectorSettings).findOne({ where: { environmentId } });
    return { environmentId, allowHttp: row?.allowHttp ?? false, allowPrivateNetworks: row?.allowPrivateNetworks ?? false };
  }

  async updatePolicy(req: UpdateOutboundPolicyRequest): Promise<OutboundPolicyReply> {
    await this.ds.transaction(async (m) => {
      const repo = m.getRepository(ConnectorSettings);
      const row = (await repo.findOne({ where: { environmentId: req.environmentId } })) ?? Object.assign(new ConnectorSettings(), { environmentId: req.environmentId, allowHttp: false, allowPrivateNetworks: false });
      await repo.save(Object.assign(row, { allowHttp: req.allowHttp ?? row.allowHttp, allowPrivateNetworks: req.allowPrivateNetworks ?? row.allowPrivateNetworks, updatedAt: new Date() }));
    });
    return this.policy(req.environmentId);
  }

  /** The outbound policy as the executor reads it. */
  async outboundPolicy(environmentId: string): Promise<OutboundPolicy> {
    const p = await this.policy(environmentId);
    return { allowHttp: p.allowHttp, allowPrivateNetworks: p.allowPrivateNetworks };
  }

  /**
   * Values of the named parameters for one call: plain ones as stored, secret ones resolved through
   * the secrets provider and registered with the redactor. Names not set are left out (the template
   * reports them).
   */
  async resolve(environmentId: string, names: string[], redactor: Redactor): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (names.length === 0) return out;
    const rows = await this.ds.getRepository(ConnectorParameter).find({ where: { environmentId, name: In([...new Set(names)]) } });
    for (const p of rows) {
      if (!p.secret) {
        out.set(p.name, p.value ?? '');
        continue;
      }
      try {
        const value = await this.secrets.get(scopedSecretName(environmentId, p.secretRef ?? ''));
        redactor.add(value);
        out.set(p.name, value);
      } catch (err) {
        const why = err instanceof SecretUnresolvedError ? err.message : 'the secrets provider failed';
        throw new ParameterResolutionError('secret', `parameter ${p.name}: ${why}`);
      }
    }
    return out;
  }
}
