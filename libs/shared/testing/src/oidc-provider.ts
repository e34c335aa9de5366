import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A real OpenID Connect provider (the `oidc-provider` package) in its own process on 127.0.0.1. */
export interface LocalOidcProvider {
  issuer: string;
  proc: ChildProcess;
  stop: () => void;
}

/**
 * Starts a real oidc-provider with one confidential client (`clientId`/`clientSecret`, PKCE required,
 * `redirectUri` registered); resolves with its issuer once it listens. Its dev interactions accept any
 * login name, which becomes the account's verified e-mail.
 */
export async function startOidcProvider(clientId: string, clientSecret: string, redirectUri: string): Promise<LocalOidcProvider> {
  const proc = spawn(process.execPath, [join(__dirname, 'oidc-provider-fixture.cjs'), clientId, clientSecret, redirectUri], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`oidc-provider exited (${code})`)));
  });
  return { issuer: (JSON.parse(line) as { issuer: string }).issuer, proc, stop: () => void proc.kill() };
}

/**
 * The browser at the provider: follows its redirects and interaction pages with a cookie jar (signing
 * in as `login`, consenting) until it is sent back to `redirectUri`; answers the `code` and `state`.
 */
export async function signInAtOidcProvider(location: string, login: string, redirectUri: string): Promise<{ code: string; state: string }> {
  const jar = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (value && !/expires=Thu, 01 Jan 1970/i.test(c)) jar.set(name, value);
      else jar.delete(name);
    }
    return res;
  };
  const form = (fields: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  let url = location;
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(redirectUri)) {
      const back = new URL(url).searchParams;
      return { code: back.get('code') ?? '', state: back.get('state') ?? '' };
    }
    let res = await send(url);
    if (res.status === 200 && /\/interaction\//.test(url)) {
      const page = await res.text();
      // the dev interaction pages: a login form, then a consent form, both posted back to the same URL
      res = await send(url, form(/name="login"/.test(page) ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' }));
    }
    const next = res.headers.get('location');
    if (!next) throw new Error(`the provider answered ${res.status} at ${url} without a redirect: ${(await res.text()).slice(0, 300)}`);
    url = new URL(next, url).toString();
  }
  throw new Error('too many redirects at the provider');
}
