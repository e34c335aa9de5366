import { AccountsSubjects } from '@fleet/contracts-accounts';
import { CatalogSubjects } from '@fleet/contracts-catalog';
import { ConnectorSubjects } from '@fleet/contracts-connector';
import { DeploymentSubjects } from '@fleet/contracts-deployment';
import { FleetHeaders } from '@fleet/contracts-fleet';
import { ManagementConsoleSubjects } from '@fleet/contracts-management-console';
import { PlatformSubjects } from '@fleet/contracts-platform';
import { SchedulerSubjects } from '@fleet/contracts-scheduler';
import { SmtpSubjects } from '@fleet/contracts-smtp';
import { WorkPortalSubjects } from '@fleet/contracts-work-portal';
import { httpStatusOf } from '@fleet/shared-errors';
import { cleanupStreams, plainNatsClient, startFleet, testNatsUrl, uniquePrefix, type FleetUnderTest } from '@fleet/shared-testing';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorld, ROLES, type MatrixRole, type MatrixWorld } from './test/matrix-fixtures';

interface Row {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  data?: unknown;
  subject?: string | null;
  expect: string;
  internal?: boolean;
}
interface Matrix {
  roles: string[];
  routes: Record<string, Row>;
  subjects: Record<string, Row | string>;
}

const matrix = JSON.parse(readFileSync(join(__dirname, 'authz-matrix.json'), 'utf8')) as Matrix;
const expectations = (row: Row) => Object.fromEntries(row.expect.split(/\s+/).map((e, i) => [ROLES[i], e])) as Record<MatrixRole, string>;
const ALL_SUBJECTS = [AccountsSubjects, PlatformSubjects, CatalogSubjects, DeploymentSubjects, SchedulerSubjects, ConnectorSubjects, WorkPortalSubjects, ManagementConsoleSubjects, SmtpSubjects].flatMap((s) => Object.values(s) as string[]);
/** Health checks answer anyone (liveness is not a secret): they are the one documented exception. */
const isHealth = (s: string) => s.endsWith('.health.check');

/** Replaces {A.x}, {fresh.x} and {unique} in a JSON-like value. */
async function resolve(value: unknown, world: MatrixWorld): Promise<unknown> {
  const text = JSON.stringify(value ?? {});
  const extra: Record<string, string> = {};
  for (const kind of new Set([...text.matchAll(/\{fresh\.(\w+)\}/g)].map((m) => m[1]))) {
    if (!(`fresh.${kind}` in extra)) Object.assign(extra, await world.fresh(kind));
  }
  const unique = randomUUID().slice(0, 8);
  return JSON.parse(
    text.replace(/\{([\w.]+)\}/g, (whole, key: string) => {
      if (key === 'unique') return unique;
      const v = extra[key] ?? world.ids[key];
      if (v === undefined) throw new Error(`authz-matrix.json uses an unknown placeholder ${whole}`);
      return v.replace(/\n/g, '\\n');
    }),
  );
}

/** The body of an unexpected answer, short: for a health report, just the services that were down and why. */
function describeBody(text: string): string {
  try {
    const body = JSON.parse(text) as { services?: Record<string, { status: string; error?: string }> };
    if (body.services) return JSON.stringify(Object.fromEntries(Object.entries(body.services).filter(([, v]) => v.status !== 'up')));
  } catch {
    // not JSON: fall through
  }
  return text.slice(0, 200);
}

function outcome(status: number): string {
  return status < 300 || status === 409 ? 'A' : String(status);
}

describe('authorization matrix (authz-matrix.json)', () => {
  const prefix = uniquePrefix('e2eauthz');
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-e2e-authz-'));
  let fleet: FleetUnderTest;
  let nc: NatsConnection;
  let world: MatrixWorld;

  beforeAll(async () => {
    fleet = await startFleet({ natsUrl: testNatsUrl(), prefix, dataDir, readyTimeoutMs: 240000 });
    nc = await plainNatsClient();
    world = await buildWorld(fleet, nc, prefix);
  }, 420000);

  afterAll(async () => {
    await nc?.close();
    await fleet?.stop();
    await cleanupStreams(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should have a row for every route of the OpenAPI document, and a route for every row', async () => {
    const doc = (await (await fetch(`${fleet.gatewayUrl}/api/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.filter((r) => !(r in matrix.routes))).toEqual([]);
    expect(Object.keys(matrix.routes).filter((r) => !documented.includes(r))).toEqual([]);
  });

  it('should have a row for every request subject of every contract', () => {
    const covered = new Set([...Object.values(matrix.routes).map((r) => r.subject), ...Object.keys(matrix.subjects)]);
    expect(ALL_SUBJECTS.filter((s) => !isHealth(s) && !covered.has(s))).toEqual([]);
  });

  it('should give every caller exactly the documented answer on every route, through the gateway', async () => {
    const wrong: string[] = [];
    for (const [route, row] of Object.entries(matrix.routes)) {
      const [method, template] = route.split(' ');
      const want = expectations(row);
      for (const role of ROLES) {
        // one resolution per call, so {fresh.x} placeholders in path and body name the same resource
        const call = (await resolve({ params: row.params ?? {}, query: row.query ?? {}, body: row.body ?? null }, world)) as { params: Record<string, string>; query: Record<string, string>; body: unknown };
        const { params, query } = call;
        const path = template.replace(/\{(\w+)\}/g, (_m, k: string) => encodeURIComponent(params[k]));
        const qs = new URLSearchParams(query).toString();
        const token = world.tokens[role];
        const send = () =>
          fetch(`${fleet.gatewayUrl}${path}${qs ? `?${qs}` : ''}`, {
            method,
            headers: { ...(row.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: row.body !== undefined ? JSON.stringify(call.body) : undefined,
          });
        // 503 is never an authorization answer: a service slow under load (e.g. a health check past
        // its budget) is asked again, at most three times
        let r = await send();
        for (let i = 0; i < 3 && r.status === 503; i++) {
          await new Promise((res) => setTimeout(res, 500));
          r = await send();
        }
        const got = outcome(r.status);
        if (got !== want[role]) wrong.push(`${route} as ${role}: expected ${want[role]}, got ${r.status} ${describeBody(await r.text())}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('should refuse a malformed body on every route that takes one with 400 naming the field, before any service is asked', async () => {
    const wrong: string[] = [];
    for (const [route, row] of Object.entries(matrix.routes)) {
      if (row.body === undefined || typeof row.body !== 'object' || row.body === null) continue;
      const [method, template] = route.split(' ');
      const call = (await resolve({ params: row.params ?? {}, body: row.body }, world)) as { params: Record<string, string>; body: Record<string, unknown> };
      const path = template.replace(/\{(\w+)\}/g, (_m, k: string) => encodeURIComponent(call.params[k]));
      const send = (body: string) =>
        fetch(`${fleet.gatewayUrl}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${world.tokens.operator}` }, body });
      const cases: [string, string, string][] = [
        ['an unknown field', JSON.stringify({ ...call.body, notAField: 1 }), 'notAField'],
        ['a field of the wrong type', JSON.stringify({ ...call.body, [Object.keys(call.body)[0]]: { nested: true } }), Object.keys(call.body)[0]],
        ['broken JSON', '{"a":', ''],
      ];
      for (const [what, body, field] of cases) {
        const r = await send(body);
        const answer = (await r.json().catch(() => ({}))) as { code?: string; details?: { fields?: { path: string }[] } };
        const named = field === '' || (answer.details?.fields ?? []).some((f) => f.path === field);
        // GATEWAY.VALIDATION: refused at the edge, so no service saw (or changed) anything
        if (r.status !== 400 || answer.code !== 'GATEWAY.VALIDATION' || !named) wrong.push(`${route} with ${what}: ${r.status} ${JSON.stringify(answer).slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('should show the collaborator that project and nothing else, and a user with no role nothing at all', async () => {
    const projectsOf = async (role: MatrixRole) =>
      ((await (await fetch(`${fleet.gatewayUrl}/api/v1/projects`, { headers: { authorization: `Bearer ${world.tokens[role]}` } })).json()) as { items: { id: string }[] }).items.map((p) => p.id);
    expect(await projectsOf('collaborator')).toEqual([world.ids['A.project']]);
    expect(await projectsOf('projectOwner')).toEqual([world.ids['A.project']]);
    expect(await projectsOf('noRole')).toEqual([]);
    expect(await projectsOf('otherAdmin')).toEqual([]);
    const companies = (await (await fetch(`${fleet.gatewayUrl}/api/v1/companies`, { headers: { authorization: `Bearer ${world.tokens.collaborator}` } })).json()) as { items: { id: string }[] };
    expect(companies.items.map((c) => c.id)).toEqual([world.ids['A.company']]);
  });

  it('should give no caller more over NATS directly, bypassing the gateway, than the matrix documents', async () => {
    const wrong: string[] = [];
    const rows: [string, Row][] = [
      ...Object.values(matrix.routes)
        .filter((r) => r.subject)
        .map((r): [string, Row] => [r.subject!, r]),
      ...Object.entries(matrix.subjects).filter((e): e is [string, Row] => typeof e[1] === 'object'),
    ];
    for (const [subject, row] of rows) {
      const want = expectations(row);
      for (const role of ROLES) {
        const data = await resolve(row.data ?? { ...(row.body as object), ...row.query, ...row.params }, world);
        const h = headers();
        const token = world.tokens[role];
        if (token) h.set(FleetHeaders.authorization, `Bearer ${token}`);
        const reply = (await nc.request(`${prefix}.${subject}`, JSON.stringify({ pattern: subject, data, id: randomUUID() }), { timeout: 5000, headers: h })).json<{ err?: { code: string } }>();
        const got = reply.err ? outcome(httpStatusOf(reply.err.code)) : 'A';
        const allowedOverHttp = want[role] === 'A';
        if (got === 'A' && !allowedOverHttp) wrong.push(`${subject} as ${role}: allowed over NATS, but ${want[role]} through the gateway`);
        if (got !== 'A' && got !== want[role] && !(got === '404' && want[role] === '403')) wrong.push(`${subject} as ${role}: expected ${want[role]}, got ${reply.err?.code}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
