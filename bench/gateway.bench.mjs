// Gateway edge benchmark: the WAF's detection and false positives on the CRS corpus per attack
// class, and the cost of the edge on the gateway's hot path.
//
//   npm run bench -- gateway [--seconds 10] [--concurrency 16] [--smoke]
//
// Starts nats-server (unless NATS_URL is set), a responder in this process that answers
// `platform.company.get` from memory and plays accounts for the token check (its own ES256 key:
// `accounts.jwks.get`, `accounts.session.check`), and three HTTP servers on loopback:
//   wafOn   the built gateway, WAF in prevention mode at paranoia 1 (the default)
//   wafOff  the same gateway with GATEWAY_WAF_MODE=off
//   bare    bench/lib/bare-hop.mjs: Fastify → one NATS request → the same responder (no Nest, no auth)
// Rate limits are off on both gateways (one client address). Then:
//   corpus      tools/waf/corpus-metrics.mjs against wafOn: per class, detection of the attacks the
//               CRS reference blocks at PL1, of all "block" cases, false positives (hand-written
//               benign admin requests; CRS "allow" cases CRS itself lets through)
//   throughput  GET /api/v1/companies/{id} with a valid bearer token, `--concurrency` keep-alive
//               workers for `--seconds`, against each server: requests/s, p50/p99, errors
//   halfLoad    each server at half of wafOn's maximum rate: p50/p99 (the gateway's added p99 is
//               wafOn.p99 - bare.p99)
// `--smoke`: 2 s per run and only the sqli, xss and benign corpus files. Prints one JSON object.
// The nginx + ModSecurity + CRS peer is not set up by this script yet.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { NOT_FOUND_MESSAGE, findNatsServer, startNatsServer, stopNatsServer } from '../tools/fleet/nats.mjs';
import { freePort } from '../tools/fleet/ports.mjs';
import { measure as corpusMetrics } from '../tools/waf/corpus-metrics.mjs';
import { percentile } from './lib/services.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function options(args) {
  const o = { seconds: 10, concurrency: 16, smoke: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--smoke') o.smoke = true;
    else if (a === '--seconds') o.seconds = Number(args[++i]);
    else if (a === '--concurrency') o.concurrency = Number(args[++i]);
    else throw new Error(`unknown option ${a} (expected --seconds N, --concurrency N, --smoke)`);
  }
  if (o.smoke) o.seconds = 2;
  return o;
}

const round = (x, d = 2) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

/** Plays the services: platform answers companies from memory; accounts answers the token check. */
async function startResponder(natsUrl, prefix) {
  const nc = await connect({ servers: natsUrl.split(',') });
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `bench-${randomUUID()}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const company = { id: randomUUID(), name: 'Bench Co', createdAt: new Date().toISOString() };
  const serve = (subject, reply) =>
    nc.subscribe(`${prefix}${subject}`, {
      callback: (_e, msg) => {
        const packet = msg.json();
        msg.respond(JSON.stringify({ id: packet.id, isDisposed: true, response: reply(packet.data) }));
      },
    });
  serve('platform.company.get', () => company);
  serve('accounts.jwks.get', () => ({ keys: [jwk] }));
  serve('accounts.session.check', () => ({ active: true }));
  serve('accounts.auth.token', () => ({ access_token: 'x', token_type: 'Bearer', expires_in: 900 }));
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ iss: 'fleet', aud: 'fleet-api', sub: randomUUID(), realm: 'company', cid: company.id, sid: randomUUID(), typ: 'access', kind: 'user', iat: now, nbf: now, exp: now + 3600 })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .sign(privateKey);
  return { nc, company, token };
}

async function waitReady(url, child, name) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited during start`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    if (Date.now() > deadline) throw new Error(`${name} not ready within 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startGateway(natsUrl, prefix, dir, name, extra) {
  const port = await freePort();
  const healthPort = await freePort();
  const env = {
    PATH: process.env.PATH,
    NATS_URL: natsUrl,
    FLEET_SUBJECT_PREFIX: prefix,
    FLEET_DATA_DIR: dir,
    GATEWAY_DB_URL: `sqlite:${join(dir, `${name}.db`)}`,
    GATEWAY_HEALTH_PORT: String(healthPort),
    GATEWAY_PORT: String(port),
    GATEWAY_RATE_LIMIT_IP_PER_SECOND: '0',
    GATEWAY_RATE_LIMIT_PRINCIPAL_PER_SECOND: '0',
    GATEWAY_RATE_LIMIT_LOGIN_PER_MINUTE: '0',
    FLEET_SERVICE_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'error',
    ...extra,
  };
  const fd = openSync(join(dir, `${name}.log`), 'a');
  const child = spawn(process.execPath, [join('services', 'gateway', 'dist', 'main.js')], { cwd: repoRoot, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  await waitReady(`http://127.0.0.1:${healthPort}/readyz`, child, name);
  return { url: `http://127.0.0.1:${port}`, port, child };
}

async function startBare(natsUrl, prefix, dir) {
  const port = await freePort();
  const fd = openSync(join(dir, 'bare.log'), 'a');
  const child = spawn(process.execPath, [join(repoRoot, 'bench/lib/bare-hop.mjs'), String(port), natsUrl, `${prefix}platform.company.get`], { cwd: repoRoot, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/api/v1/companies/x`, child, 'bare');
  return { url, port, child };
}

/** `concurrency` keep-alive workers; with `rate`, requests are paced to that many per second in total. */
async function load({ port, path, token, seconds, concurrency, rate }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const interval = rate ? (1000 * concurrency) / rate : 0;
  const one = () =>
    new Promise((res) => {
      const t = performance.now();
      const req = http.request({ host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (r) => {
        r.resume();
        r.on('end', () => res(r.statusCode === 200 ? performance.now() - t : -1));
      });
      req.on('error', () => res(-1));
      req.end();
    });
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      let next = started + (interval * w) / concurrency;
      while (performance.now() < deadline) {
        if (interval) {
          const wait = next - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          next += interval;
        }
        const ms = await one();
        if (ms >= 0) latencies.push(ms);
        else errors++;
      }
    }),
  );
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, perSecond: round(latencies.length / elapsed, 1), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), errors };
}

export async function run(args) {
  const o = options(args);
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-gateway-'));
  const prefix = `benchgw${randomBytes(4).toString('hex')}.`;
  let nats;
  const children = [];
  let responder;
  try {
    let natsUrl = process.env.NATS_URL;
    if (!natsUrl) {
      const executable = findNatsServer();
      if (!executable) throw new Error(NOT_FOUND_MESSAGE);
      nats = await startNatsServer({ executable, storeDir: join(dir, 'nats'), logPath: join(dir, 'nats.log'), cwd: dir, verbose: false });
      natsUrl = nats.url;
    }
    responder = await startResponder(natsUrl, prefix);
    const wafOn = await startGateway(natsUrl, prefix, dir, 'gateway-waf-on', {});
    children.push(wafOn.child);
    const wafOff = await startGateway(natsUrl, prefix, dir, 'gateway-waf-off', { GATEWAY_WAF_MODE: 'off' });
    children.push(wafOff.child);
    const bare = await startBare(natsUrl, prefix, dir);
    children.push(bare.child);
    const path = `/api/v1/companies/${responder.company.id}`;
    const base = { path, token: responder.token, concurrency: o.concurrency };

    const corpus = await corpusMetrics({ base: wafOn.url, paranoia: 1, concurrency: 8, classes: o.smoke ? 'sqli,xss,benign' : undefined });
    for (const s of [wafOn, wafOff, bare]) await load({ ...base, port: s.port, seconds: 1 }); // warm-up
    const throughput = {
      wafOn: await load({ ...base, port: wafOn.port, seconds: o.seconds }),
      wafOff: await load({ ...base, port: wafOff.port, seconds: o.seconds }),
      bare: await load({ ...base, port: bare.port, seconds: o.seconds }),
    };
    const half = Math.max(1, Math.round(throughput.wafOn.perSecond / 2));
    const halfLoad = {
      rate: half,
      wafOn: await load({ ...base, port: wafOn.port, seconds: o.seconds, rate: half }),
      wafOff: await load({ ...base, port: wafOff.port, seconds: o.seconds, rate: half }),
      bare: await load({ ...base, port: bare.port, seconds: o.seconds, rate: half }),
    };
    return {
      benchmark: 'gateway',
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      options: o,
      corpus: { paranoia: corpus.paranoia, total: corpus.total, classes: corpus.classes, falsePositives: corpus.falsePositives },
      throughput,
      wafCostPct: round(100 * (1 - throughput.wafOn.perSecond / throughput.wafOff.perSecond), 1),
      gatewayVsBarePct: round((100 * throughput.wafOn.perSecond) / throughput.bare.perSecond, 1),
      halfLoad,
      addedP99Ms: round(halfLoad.wafOn.p99Ms - halfLoad.bare.p99Ms),
      peer: 'not measured: the nginx + ModSecurity + CRS peer is not set up by this script yet',
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    if (responder) await responder.nc.drain();
    if (nats) await stopNatsServer(nats.handle);
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}
