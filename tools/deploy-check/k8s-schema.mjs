// Strict validation of rendered Kubernetes objects against the Kubernetes API types, offline.
//
// The npm package kubernetes-models (pinned in the root package.json) ships, for every built-in
// kind, an ajv validator compiled from the Kubernetes OpenAPI definitions (types, formats, enums,
// required fields) and a TypeScript interface per definition. The validators ignore unknown
// fields, so strictness comes from TypeScript itself: every object is written as an object literal
// typed with its kind's interface, and the compiler's excess-property check reports any field the
// API does not define, at any depth. SecretProviderClass (a CRD of the Secrets Store CSI driver,
// not in kubernetes-models) is validated with ajv against the CRD's v1 schema below, written with
// additionalProperties: false.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** apiVersion -> module folder of kubernetes-models ('' = core). */
const GROUP_DIRS = {
  v1: 'v1',
  'apps/v1': 'apps/v1',
  'policy/v1': 'policy/v1',
  'autoscaling/v2': 'autoscaling/v2',
  'networking.k8s.io/v1': 'networking.k8s.io/v1',
  'batch/v1': 'batch/v1',
  'rbac.authorization.k8s.io/v1': 'rbac.authorization.k8s.io/v1',
};

const SPC_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'secrets-store.csi.x-k8s.io/v1' },
    kind: { const: 'SecretProviderClass' },
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253 },
        namespace: { type: 'string' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['provider'],
      properties: {
        provider: { type: 'string', minLength: 1 },
        parameters: { type: 'object', additionalProperties: { type: 'string' } },
        secretObjects: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              secretName: { type: 'string' },
              type: { type: 'string' },
              labels: { type: 'object', additionalProperties: { type: 'string' } },
              annotations: { type: 'object', additionalProperties: { type: 'string' } },
              data: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  properties: { objectName: { type: 'string' }, key: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
  },
};

/**
 * Validates the objects of several renders in one go (one TypeScript program for all: loading the
 * Kubernetes types is the slow part); returns the problems, each naming its render and object.
 * @param {{label: string, objects: object[]}[]} renders  parsed manifests per value set
 * @param {string} root  repository root (where node_modules is)
 */
export async function validateK8sObjects(renders, root) {
  const require = createRequire(join(root, 'package.json'));
  const problems = [];
  const typed = [];
  let Ajv;
  let spcValidate;
  for (const [i, { obj, label }] of renders.flatMap((r) => r.objects.map((obj) => ({ obj, label: r.label }))).entries()) {
    const where = `${label}: ${obj?.kind ?? '?'} ${obj?.metadata?.name ?? `#${i}`}`;
    if (obj?.apiVersion === 'secrets-store.csi.x-k8s.io/v1' && obj.kind === 'SecretProviderClass') {
      if (!spcValidate) {
        Ajv ??= require('ajv').default;
        spcValidate = new Ajv({ allErrors: true, strict: true }).compile(SPC_SCHEMA);
      }
      if (!spcValidate(obj)) {
        for (const e of spcValidate.errors) problems.push(`${where}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
      }
      continue;
    }
    const dir = GROUP_DIRS[obj?.apiVersion];
    if (!dir || !/^[A-Z][A-Za-z]+$/.test(obj?.kind ?? '')) {
      problems.push(`${where}: no Kubernetes schema for ${obj?.apiVersion}/${obj?.kind}`);
      continue;
    }
    let Model;
    try {
      Model = require(`kubernetes-models/${dir}/${obj.kind}`)[obj.kind];
    } catch {
      problems.push(`${where}: ${obj.apiVersion} has no kind ${obj.kind} in Kubernetes`);
      continue;
    }
    try {
      new Model(structuredClone(obj)).validate();
    } catch (err) {
      problems.push(`${where}: ${String(err.message).replaceAll('data/', '/')}`);
    }
    typed.push({ obj, where, module: `kubernetes-models/${dir}/${obj.kind}`, iface: `I${obj.kind}` });
  }
  problems.push(...unknownFields(typed, { root, require }));
  return problems;
}

/** TypeScript excess-property check of every object against its interface; returns problems. */
function unknownFields(typed, { root, require }) {
  if (typed.length === 0) return [];
  const ts = require('typescript');
  const dir = join(root, 'node_modules', '.cache', 'fleet-helm', `k8s-types-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'manifests.ts');
  const imports = [...new Map(typed.map((t) => [t.module, t])).values()]
    .map((t, i) => `import type { ${t.iface} as T${i} } from '${t.module}';`);
  const alias = new Map([...new Map(typed.map((t) => [t.module, t])).keys()].map((m, i) => [m, `T${i}`]));
  const text = [...imports, '', ...typed.map((t, i) => `export const o${i}: ${alias.get(t.module)} = ${JSON.stringify(t.obj, null, 1)};`)].join('\n');
  writeFileSync(file, text);
  try {
    const program = ts.createProgram([file], {
      strict: true, noEmit: true, skipLibCheck: true, types: [],
      module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, target: ts.ScriptTarget.ES2022,
    });
    const diags = ts.getPreEmitDiagnostics(program);
    const starts = [];
    let line = imports.length + 1;
    for (const [i, t] of typed.entries()) {
      starts.push({ line, i });
      line += `export const o${i}: X = ${JSON.stringify(t.obj, null, 1)};`.split('\n').length;
    }
    return diags.map((d) => {
      const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0];
      if (!d.file || d.start === undefined) return `TypeScript: ${msg}`;
      const at = d.file.getLineAndCharacterOfPosition(d.start).line;
      const owner = [...starts].reverse().find((s) => s.line <= at);
      const snippet = d.file.text.split('\n')[at].trim();
      return `${owner ? typed[owner.i].where : 'manifests.ts'}: ${msg} (at ${snippet})`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
