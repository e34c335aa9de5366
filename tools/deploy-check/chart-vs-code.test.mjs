// Unit tests of the mapping the live chart-vs-code check relies on (node --test tools/deploy-check/).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectiveEnv, imageEnv, mapToLoopback } from './chart-vs-code.mjs';

const b64 = (s) => Buffer.from(s).toString('base64');

test('imageEnv reads the final stage ENV lines, continuation lines included, with ${SERVICE}', () => {
  const dockerfile = [
    'FROM node:20 AS build', 'ENV CI=true', 'FROM node:20-slim', 'ARG SERVICE',
    'ENV NODE_ENV=production \\', '    FLEET_SERVICE=${SERVICE}', 'CMD ["node"]',
  ].join('\n');
  assert.deepEqual(imageEnv(dockerfile, 'smtp'), { NODE_ENV: 'production', FLEET_SERVICE: 'smtp' });
});

test('effectiveEnv: image ENV, then envFrom ConfigMaps, then env (which wins); Secrets decoded', () => {
  const objects = [
    { kind: 'ConfigMap', metadata: { name: 'cm' }, data: { LOG_LEVEL: 'info', A: 'from-cm' } },
    { kind: 'Secret', metadata: { name: 'db' }, data: { URL: b64('postgres://u@h/db') } },
  ];
  const container = {
    envFrom: [{ configMapRef: { name: 'cm' } }],
    env: [{ name: 'A', value: 'from-env' }, { name: 'DB', valueFrom: { secretKeyRef: { name: 'db', key: 'URL' } } },
      { name: 'S', valueFrom: { secretKeyRef: { name: 'outside', key: 'k' } } }],
  };
  const { env, problems } = effectiveEnv(container, objects, { base: { NODE_ENV: 'production', LOG_LEVEL: 'x' }, clusterSecrets: { outside: { k: 'v' } } });
  assert.deepEqual(problems, []);
  assert.deepEqual(env, { NODE_ENV: 'production', LOG_LEVEL: 'info', A: 'from-env', DB: 'postgres://u@h/db', S: 'v' });
});

test('effectiveEnv reports what a cluster would refuse: missing ConfigMap, Secret or key', () => {
  const objects = [{ kind: 'Secret', metadata: { name: 'db' }, data: { URL: b64('x') } }];
  const { problems } = effectiveEnv({
    envFrom: [{ configMapRef: { name: 'gone' } }],
    env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'db', key: 'NOPE' } } },
      { name: 'B', valueFrom: { secretKeyRef: { name: 'absent', key: 'k' } } }],
  }, objects);
  assert.equal(problems.length, 3);
  assert.match(problems[0], /ConfigMap gone/);
  assert.match(problems[1], /Secret db has no key NOPE/);
  assert.match(problems[2], /Secret absent has no key k/);
});

test('mapToLoopback: 0.0.0.0 becomes the pod address, hosts of nats/postgres/mssql URLs 127.0.0.1, nothing else changes', () => {
  const out = mapToLoopback({
    X_HEALTH_HOST: '0.0.0.0',
    NATS_URL: 'nats://a.nats:4222,nats://b.nats:4223',
    DB: 'postgres://u:p@pg.svc.cluster.local:5432/d?schema=s',
    MS: 'mssql://sa:pw@sql:1433/db?encrypt=false',
    WEB: 'https://example.com/x',
    PLAIN: 'hello',
  }, '127.0.0.12');
  assert.deepEqual(out, {
    X_HEALTH_HOST: '127.0.0.12',
    NATS_URL: 'nats://127.0.0.1:4222,nats://127.0.0.1:4223',
    DB: 'postgres://u:p@127.0.0.1:5432/d?schema=s',
    MS: 'mssql://sa:pw@127.0.0.1:1433/db?encrypt=false',
    WEB: 'https://example.com/x',
    PLAIN: 'hello',
  });
});
