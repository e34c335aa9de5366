import { streamNameOf } from '@fleet/contracts-fleet';
import { PlatformEvents } from '@fleet/contracts-platform';
import { eventually, TEST_ADMIN, type FleetUnderTest } from '@fleet/shared-testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { deploymentWorld } from './deployment-fixtures';

/** The callers of the matrix, in the column order of authz-matrix.json. */
export const ROLES = ['anonymous', 'endUser', 'noRole', 'collaborator', 'projectOwner', 'subOwner', 'companyAdmin', 'operator', 'otherAdmin'] as const;
export type MatrixRole = (typeof ROLES)[number];

export interface MatrixWorld {
  tokens: Record<MatrixRole, string | undefined>;
  ids: Record<string, string>;
  /** Makes a resource for one destructive call ({fresh.x}), as company A's administrator. */
  fresh: (kind: string) => Promise<Record<string, string>>;
}

const PASSWORD = 'Matrix-Passw0rd-42';

/**
 * Builds the world the matrix runs in, through the public HTTP API only: company A (the bootstrap
 * company) with a subscription, a project, an environment, one user per role and an end user;
 * company B with its own administrator.
 */
export async function buildWorld(fleet: FleetUnderTest, nc: NatsConnection, prefix: string): Promise<MatrixWorld> {
  const api = async <T = Record<string, string>>(method: string, path: string, token: string | undefined, body?: unknown): Promise<T> => {
    const r = await fetch(`${fleet.gatewayUrl}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
  const login = (email: string, password: string, realm?: string) =>
    eventually(() => api<{ access_token: string }>('POST', '/api/v1/auth/login', undefined, { email, password, ...(realm ? { realm } : {}) }).then((t) => t.access_token, () => undefined), `${email} to sign in`, 30000, 250);

  const operator = await login(TEST_ADMIN.email, TEST_ADMIN.password);
  const me = await api<{ companyId: string; sessionId: string }>('GET', '/api/v1/me', operator);
  const A = me.companyId;
  await eventually(() => api<{ grants: unknown[] }>('GET', '/api/v1/me/access', operator).then((r) => (r.grants.length >= 2 ? true : undefined), () => undefined), 'the bootstrap grants');
  const subscription = (await api('POST', '/api/v1/subscriptions', operator, { companyId: A, kind: 'studio', name: 'Studio' })).id;
  const project = (await api('POST', '/api/v1/projects', operator, { subscriptionId: subscription, name: 'Matrix project' })).id;
  const environment = (await api('POST', `/api/v1/projects/${project}/environments`, operator, { kind: 'development' })).id;

  const person = async (label: string, grant?: { role: string; resourceId: string }) => {
    const email = `${label}-${randomUUID().slice(0, 8)}@matrix.test`;
    const user = await api('POST', `/api/v1/companies/${A}/users`, operator, { email, displayName: label, password: PASSWORD });
    if (grant) await api('POST', `/api/v1/companies/${A}/grants`, operator, { userId: user.id, ...grant });
    return { id: user.id, token: await login(email, PASSWORD) };
  };
  const noRole = await person('norole');
  const collaborator = await person('collaborator', { role: 'collaborator', resourceId: project });
  const projectOwner = await person('owner', { role: 'project_owner', resourceId: project });
  const subOwner = await person('subowner', { role: 'subscription_owner', resourceId: subscription });
  const companyAdmin = await person('admin', { role: 'company_admin', resourceId: A });
  const plain = await person('plain');

  const endEmail = `end-${randomUUID().slice(0, 8)}@matrix.test`;
  const endUser = await api('POST', `/api/v1/environments/${environment}/users`, operator, { email: endEmail, displayName: 'End', password: PASSWORD });
  const endToken = await login(endEmail, PASSWORD, `env:${environment}`);

  const bAdminEmail = `boss-${randomUUID().slice(0, 8)}@matrix.test`;
  const B = (await api('POST', '/api/v1/companies', operator, { name: `Beta ${randomUUID().slice(0, 6)}`, slug: `beta-${randomUUID().slice(0, 6)}`, adminEmail: bAdminEmail })).id;
  const invitation = await invitationToken(nc, prefix, bAdminEmail);
  const otherAdmin = await eventually(
    () => api<{ userId: string }>('POST', '/api/v1/invitations/accept', undefined, { token: invitation, password: PASSWORD }).then((r) => r.userId, () => undefined),
    "B's administrator to accept the invitation (once accounts has B's realm)",
  );
  const otherToken = await login(bAdminEmail, PASSWORD);

  const catalog = await catalogFixtures(api, operator, subscription, project);
  const deployment = await deploymentWorld(api, operator, { company: A, project, environment, tag: catalog.ids['A.tag'] });
  // scheduler: an administrator-defined job (fires once a year), one of its runs, a runtime timer
  const jobsPath = `/api/v1/environments/${environment}/console/jobs`;
  const newJob = async () => (await api('POST', jobsPath, operator, { name: `Matrix job ${randomUUID().slice(0, 8)}`, schedule: { cron: '0 0 1 1 *' }, action: { type: 'startProcess', process: 'Matrix' } })).id;
  const job = await newJob();
  await api('POST', `${jobsPath}/${job}/run-now`, operator);
  const run = (await api<{ items: { id: string }[] }>('GET', `${jobsPath}/${job}/runs`, operator)).items[0].id;
  const timerKey = `matrix-timer-${randomUUID().slice(0, 8)}`;
  const timerHeaders = natsHeaders();
  timerHeaders.set('authorization', `Bearer ${operator}`);
  const timerSubject = `${prefix}.scheduler.timer.create`;
  const timerData = { environmentId: environment, key: timerKey, schedule: { at: '2099-01-01T00:00:00Z' } };
  const timerReply = (await nc.request(timerSubject, JSON.stringify({ pattern: 'scheduler.timer.create', data: timerData, id: randomUUID() }), { timeout: 10000, headers: timerHeaders })).json<{ err?: unknown }>();
  if (timerReply.err) throw new Error(`scheduler.timer.create → ${JSON.stringify(timerReply.err)}`);

  const fresh = async (kind: string): Promise<Record<string, string>> => {
    if (kind === 'lockArtifact') return { 'fresh.lockArtifact': await catalog.freshArtifact() };
    const made = await deployment.fresh(kind);
    if (made) return made;
    if (kind === 'job') return { 'fresh.job': await newJob() };
    if (kind === 'companyUser') return { 'fresh.companyUser': (await api('POST', `/api/v1/companies/${A}/users`, operator, { email: `f-${randomUUID().slice(0, 8)}@matrix.test`, displayName: 'Fresh' })).id };
    if (kind === 'grant') {
      const user = (await fresh('companyUser'))['fresh.companyUser'];
      return { 'fresh.grant': (await api('POST', `/api/v1/companies/${A}/grants`, operator, { userId: user, role: 'collaborator', resourceId: project })).id };
    }
    if (kind === 'serviceAccount') return { 'fresh.serviceAccount': (await api('POST', `/api/v1/companies/${A}/service-accounts`, operator, { name: 'Fresh' })).id };
    if (kind === 'project' || kind === 'projectName') {
      const name = `Fresh ${randomUUID().slice(0, 8)}`;
      const p = await api('POST', '/api/v1/projects', operator, { subscriptionId: subscription, name });
      return { 'fresh.project': p.id, 'fresh.projectName': name };
    }
    if (kind === 'mailTrigger') {
      const body = { name: `Fresh ${randomUUID().slice(0, 8)}`, processId: 'fresh', senderDomains: [], conditions: [{ field: 'subject', operator: 'contains', value: 'x' }], match: 'any' };
      return { 'fresh.mailTrigger': (await api('POST', `/api/v1/environments/${environment}/notifications/triggers`, operator, body)).id };
    }
    throw new Error(`no fresh ${kind}`);
  };

  return {
    tokens: { anonymous: undefined, endUser: endToken, noRole: noRole.token, collaborator: collaborator.token, projectOwner: projectOwner.token, subOwner: subOwner.token, companyAdmin: companyAdmin.token, operator, otherAdmin: otherToken },
    ids: { 'A.company': A, 'A.subscription': subscription, 'A.project': project, 'A.environment': environment, 'A.companyUser': plain.id, 'A.endUser': endUser.id, 'A.sessionId': me.sessionId, 'B.company': B, 'B.admin': otherAdmin, 'A.job': job, 'A.run': run, 'A.timerKey': timerKey, ...catalog.ids, ...deployment.ids },
    fresh,
  };
}

/**
 * B's first administrator: invited when the operator creates B (`adminEmail`); the e-mail is the
 * durable `platform.invitation.issued` event, read here from JetStream as smtp will read it.
 */
async function invitationToken(nc: NatsConnection, prefix: string, email: string): Promise<string> {
  const jsm = await jetstreamManager(nc);
  return eventually(async () => {
    const m = await jsm.streams.getMessage(streamNameOf('platform', `${prefix}.`), { last_by_subj: `${prefix}.${PlatformEvents.invitationIssued}` }).catch(() => undefined);
    const e = m?.json<{ email: string; token: string }>();
    return e?.email === email ? e.token : undefined;
  }, `the invitation of ${email}`);
}

type Api = <T = Record<string, string>>(method: string, path: string, token: string | undefined, body?: unknown) => Promise<T>;

/**
 * The catalog's part of the world: in A's project one committed rule (`A.artifact`) and a tag
 * (`matrix`); a second project (`A.lockProject`: no project roles, so only the subscription owner and
 * the company's administrators see it) whose fresh artifacts the lock rows check out, so no lock
 * ever blocks tagging in A's project. The collaborator's and owner's own locks are in catalog.e2e-spec.
 */
async function catalogFixtures(api: Api, operator: string, subscription: string, project: string): Promise<{ ids: Record<string, string>; freshArtifact: () => Promise<string> }> {
  const rule = (name: string) => ({ op: 'add', kind: 'rule', name, displayName: name, content: { expression: 'amount > 1', resultType: 'boolean' } });
  const commit = await api<{ changes: { artifactId: string }[] }>('POST', `/api/v1/projects/${project}/catalog/commits`, operator, { parentVersion: 0, message: 'matrix', changes: [rule('matrix_rule')] });
  await api('POST', `/api/v1/projects/${project}/catalog/tags`, operator, { name: 'matrix' });
  const lockProject = (await api('POST', '/api/v1/projects', operator, { subscriptionId: subscription, name: 'Matrix locks' })).id;
  const freshArtifact = async () => {
    const c = await api<{ changes: { artifactId: string }[] }>('POST', `/api/v1/projects/${lockProject}/catalog/commits`, operator, { parentVersion: 0, message: 'fresh', changes: [rule(`r_${randomUUID().slice(0, 8)}`)] });
    return c.changes[0].artifactId;
  };
  return { ids: { 'A.artifact': commit.changes[0].artifactId, 'A.tag': 'matrix', 'A.lockProject': lockProject }, freshArtifact };
}
