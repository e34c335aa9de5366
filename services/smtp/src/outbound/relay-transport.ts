import type { RelaySecurity } from '@fleet/contracts-smtp';

/** How to reach one relay (nodemailer SMTP transport options, the subset we use). */
export interface RelayTarget {
  host: string;
  port: number;
  security: RelaySecurity;
  username?: string;
  password?: string;
  from: string;
  /** STARTTLS required (else used when offered). */
  requireTls?: boolean;
  rejectUnauthorized: boolean;
}

/** Parses SMTP_RELAY_URL (`smtp://user:pass@host:port`, `smtps://…`) into a target; undefined when empty. */
export function parseRelayUrl(url: string, o: { from: string; requireTls: boolean; rejectUnauthorized: boolean }): RelayTarget | undefined {
  if (!url) return undefined;
  const u = new URL(url);
  const implicit = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : implicit ? 465 : 587,
    security: implicit ? 'tls' : 'starttls',
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    from: o.from,
    requireTls: !implicit && o.requireTls,
    rejectUnauthorized: o.rejectUnauthorized,
  };
}

/** nodemailer transport options for a target. `starttls` upgrades when offered (required with requireTls); `none` never does. */
export function transportOptions(t: RelayTarget, timeoutMs: number): Record<string, unknown> {
  return {
    host: t.host,
    port: t.port,
    secure: t.security === 'tls',
    ignoreTLS: t.security === 'none',
    requireTLS: t.security === 'starttls' && !!t.requireTls,
    ...(t.username ? { auth: { user: t.username, pass: t.password ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    tls: { rejectUnauthorized: t.rejectUnauthorized },
  };
}

/** The verdict on a failed attempt: permanent (5xx) or worth retrying (4xx, connection trouble, timeouts). */
export interface SendFailure {
  permanent: boolean;
  code?: number;
  message: string;
}

/** Classifies a nodemailer error: an SMTP 5xx reply is permanent; 4xx replies and everything else (refused, reset, timeout) are retried. */
export function classifySendError(err: unknown): SendFailure {
  const e = err as { responseCode?: number; code?: string; message?: string; response?: string };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const text = (e.response ?? e.message ?? String(err)).replace(/\s+/g, ' ').slice(0, 400);
  const message = `${e.code ? `${e.code}: ` : ''}${text}`;
  if (code !== undefined && code >= 500 && code < 600) return { permanent: true, code, message };
  return { permanent: false, ...(code !== undefined ? { code } : {}), message };
}

/** Delay before attempt `attempts + 1`: base · 2^(attempts − 1), capped, with up to 20 % jitter. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number, random = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + 0.2 * random()));
}
