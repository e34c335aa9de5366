import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed certificate for 127.0.0.1, made by openssl for this run. */
export function selfSignedCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-kv-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const KV_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const KV_RESOURCE = 'https://vault.azure.net';

/**
 * A local HTTPS server that speaks the Azure Key Vault secrets REST API as documented
 * (learn.microsoft.com/rest/api/keyvault/secrets/get-secret): the bearer challenge on a request
 * without a token (401 + `WWW-Authenticate: Bearer authorization=…, resource=…`), then
 * `GET /secrets/{name}[/{version}]?api-version=7.x` → `SecretBundle` JSON, 404 `SecretNotFound`,
 * 401 `Unauthorized` for a wrong token. It records every request for the assertions.
 */
export class LocalKeyVault {
  readonly secrets = new Map<string, { value: string; version: string; enabled: boolean }>();
  readonly requests: { method: string; url: string; authorization?: string }[] = [];
  private server?: Server;
  url = '';

  constructor(
    private readonly tls: { cert: string; key: string },
    private readonly acceptedToken: string,
  ) {}

  async start(): Promise<void> {
    this.server = createServer({ cert: this.tls.cert, key: this.tls.key }, (req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const a = this.server.address();
    this.url = `https://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-keyvault-service-version': '1.9.0', ...headers });
      res.end(JSON.stringify(body));
    };
    const u = new URL(req.url ?? '/', this.url);
    if (!/^7\.\d+(-preview)?$/.test(u.searchParams.get('api-version') ?? '')) return json(400, { error: { code: 'BadParameter', message: 'The api-version is missing or invalid' } });
    const auth = req.headers.authorization;
    if (!auth) {
      return json(401, { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } }, {
        'www-authenticate': `Bearer authorization="https://login.microsoftonline.com/${KV_TENANT}", resource="${KV_RESOURCE}"`,
      });
    }
    if (auth !== `Bearer ${this.acceptedToken}`) return json(401, { error: { code: 'Unauthorized', message: 'AKV10032: Invalid issuer.' } });
    const m = /^\/secrets\/([A-Za-z0-9-]+)(?:\/([A-Za-z0-9]*))?$/.exec(u.pathname);
    if (req.method !== 'GET' || !m) return json(405, { error: { code: 'BadParameter', message: 'unsupported' } });
    const secret = this.secrets.get(m[1]!);
    if (!secret || (m[2] && m[2] !== secret.version)) {
      return json(404, { error: { code: 'SecretNotFound', message: `A secret with (name/id) ${m[1]} was not found in this key vault.` } });
    }
    if (!secret.enabled) return json(403, { error: { code: 'Forbidden', message: 'Operation get is not allowed on a disabled secret.', innererror: { code: 'SecretDisabled' } } });
    const now = Math.floor(Date.now() / 1000);
    json(200, {
      value: secret.value,
      id: `${this.url}/secrets/${m[1]}/${secret.version}`,
      attributes: { enabled: true, created: now, updated: now, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 },
      tags: {},
    });
  }
}
