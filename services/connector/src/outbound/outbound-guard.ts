import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { nonPublicReason } from './address-policy';

/** What an environment allows beyond HTTPS to public addresses. */
export interface OutboundPolicy {
  allowHttp: boolean;
  allowPrivateNetworks: boolean;
}

/** The checked destination of one connection: connect to `address`, never resolve `url.hostname` again. */
export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
  /** True when the address is not public (allowed by the policy). */
  private: boolean;
}

/** A destination the policy refuses; `reason` is safe to log and to answer (no credentials in it). */
export class OutboundRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`outbound call refused: ${reason}`);
  }
}

/** How names are resolved (tests may pin a name to an address; production uses the system resolver). */
export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/** Why the URL itself is refused (scheme, credentials), before any name is resolved. */
function urlRefusal(url: URL, policy: OutboundPolicy): string | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `scheme ${url.protocol} is not allowed`;
  if (url.protocol === 'http:' && !policy.allowHttp) return 'plain http is not allowed in this environment (https only)';
  if (url.username || url.password) return 'credentials in the URL are not allowed (use the authentication settings)';
  return undefined;
}

/** One logged decision: where the call would go and whether it may. */
export interface OutboundDecision {
  host: string;
  addresses: string[];
  allowed: boolean;
  reason: string;
  redirect: boolean;
}

/**
 * The SSRF guard. Checks the scheme (https, or http when allowed), resolves the host and checks
 * EVERY address it resolves to (a name with one private address among public ones is refused), and
 * returns the address to connect to, so the connection cannot be re-resolved elsewhere (DNS rebinding).
 * A redirect from a public target to a non-public one is refused whatever the policy says.
 */
export async function checkTarget(url: URL, policy: OutboundPolicy, resolve: Resolver, o: { redirectFromPublic?: boolean; log?: (d: OutboundDecision) => void } = {}): Promise<CheckedTarget> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const decide = (allowed: boolean, reason: string, addresses: string[] = []) => o.log?.({ host, addresses, allowed, reason, redirect: o.redirectFromPublic !== undefined });
  const refusal = urlRefusal(url, policy);
  if (refusal) {
    decide(false, refusal);
    throw new OutboundRefusedError(refusal);
  }
  let found: { address: string; family: number }[];
  try {
    found = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  } catch {
    decide(false, 'the host name does not resolve');
    throw new OutboundRefusedError(`host ${host} does not resolve`);
  }
  if (found.length === 0) throw new OutboundRefusedError(`host ${host} does not resolve`);
  const addresses = found.map((a) => a.address);
  const nonPublic = found.map((a) => ({ ...a, why: nonPublicReason(a.address) })).filter((a) => a.why !== undefined);
  if (nonPublic.length > 0 && !policy.allowPrivateNetworks) {
    const reason = `${nonPublic[0]!.address} is ${nonPublic[0]!.why}; private networks are not allowed in this environment`;
    decide(false, reason, addresses);
    throw new OutboundRefusedError(`host ${host} resolves to a non-public address (${nonPublic[0]!.why}); private networks are not allowed in this environment`);
  }
  if (nonPublic.length > 0 && o.redirectFromPublic) {
    decide(false, 'redirect from a public address to a non-public one', addresses);
    throw new OutboundRefusedError(`redirect from a public address to a non-public one (${host}) is refused`);
  }
  const chosen = found[0]!;
  decide(true, nonPublic.length > 0 ? 'non-public address allowed by the environment' : 'public address', addresses);
  return { url, address: chosen.address, family: chosen.family === 6 ? 6 : 4, private: nonPublic.length > 0 };
}
