import { FLEET_BPMN_NAMESPACE, type ArtifactKind, type ConnectorContent, type EntityContent, type FormContent, type JobContent, type ParameterContent, type RuleContent } from '@fleet/contracts-catalog';
import { check, unwrapTemplate } from '@fleet/shared-expression';
import { attributesIn, brokenFlows, flowElementsOf, isExecutable, processesOf, sequenceFlowsOf, startReachesEnd } from '../bpmn/bpmn-analysis';
import { parseBpmn, refOf, type BpmnElement } from '../bpmn/moddle';
import { refKey, type ContentCheck } from './findings';

type Problems = ContentCheck['problems'];
const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,79}$/;
const ATTRIBUTE_TYPES = ['string', 'text', 'integer', 'decimal', 'boolean', 'date', 'datetime', 'reference'];
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** References a process makes through `fleet:*` attributes on its elements. */
const PROCESS_REFERENCE_ATTRIBUTES: Record<string, ArtifactKind> = { form: 'form', connector: 'connector', rule: 'rule', entity: 'entity', job: 'job' };

/** The condition text of a sequence flow, or undefined when it has none (or an empty one). */
export function conditionOf(flow: BpmnElement): { body: string; language?: string } | undefined {
  const c = refOf(flow, 'conditionExpression');
  const body = typeof c?.body === 'string' ? c.body.trim() : '';
  return c && body ? { body, language: typeof c.language === 'string' ? c.language : undefined } : undefined;
}

async function parseOrProblem(xml: string, problems: Problems): Promise<BpmnElement | undefined> {
  try {
    return (await parseBpmn(xml)).rootElement;
  } catch (err) {
    problems.push({ rule: 'BPMN_UNPARSABLE', message: `not a BPMN 2.0 document: ${(err as Error).message.split('\n')[0]}` });
    return undefined;
  }
}

/** A process: BPMN parses; flows connect; each executable process reaches an end from a start; its conditions parse; `fleet:*` references. */
export async function checkProcess(xml: string): Promise<ContentCheck> {
  const problems: Problems = [];
  const definitions = await parseOrProblem(xml, problems);
  if (!definitions) return { problems, refs: [] };
  const processes = processesOf(definitions);
  if (processes.length === 0) problems.push({ rule: 'NO_PROCESS', message: 'the document has no process' });
  const refs: ContentCheck['refs'] = [];
  for (const p of processes) {
    problems.push(...brokenFlows(p));
    if (isExecutable(p) && !startReachesEnd(p)) problems.push({ rule: 'NO_START_TO_END', elementId: p.id, message: `executable process ${p.id ?? ''} has no start event that reaches an end event` });
    if (isExecutable(p)) problems.push(...conditionProblems(p));
    refs.push(...processReferences(p, definitions));
  }
  return { problems, refs };
}

function conditionProblems(p: BpmnElement): Problems {
  const problems: Problems = [];
  for (const f of sequenceFlowsOf(p)) {
    const c = conditionOf(f);
    const r = c ? check(unwrapTemplate(c.body)) : undefined;
    if (r && !r.ok) problems.push({ rule: 'CONDITION_SYNTAX', elementId: f.id, message: `condition does not parse: ${r.message}` });
  }
  return problems;
}

function processReferences(p: BpmnElement, definitions: BpmnElement): ContentCheck['refs'] {
  const refs: ContentCheck['refs'] = [];
  for (const e of flowElementsOf(p)) {
    for (const [attr, value] of Object.entries(attributesIn(e, FLEET_BPMN_NAMESPACE, definitions.$attrs ?? {}))) {
      const kind = PROCESS_REFERENCE_ATTRIBUTES[attr];
      if (kind) refs.push({ key: refKey(kind, value), elementId: e.id });
    }
  }
  return refs;
}

function checkAttributes(c: EntityContent, problems: Problems, refs: ContentCheck['refs']): Set<string> {
  const names = new Set<string>();
  (Array.isArray(c.attributes) ? c.attributes : []).forEach((a, i) => {
    const at = `attributes[${i}]`;
    if (!isObj(a) || !isStr(a.name) || !IDENT.test(a.name)) return problems.push({ rule: 'ATTRIBUTE_NAME', elementId: at, message: 'an attribute needs a name (letters, digits, _)' });
    if (names.has(a.name)) problems.push({ rule: 'ATTRIBUTE_DUPLICATE', elementId: a.name, message: `attribute ${a.name} is declared twice` });
    names.add(a.name);
    if (!ATTRIBUTE_TYPES.includes(a.type)) problems.push({ rule: 'ATTRIBUTE_TYPE', elementId: a.name, message: `type must be one of ${ATTRIBUTE_TYPES.join(', ')}` });
    if (a.type === 'reference') {
      if (isStr(a.reference)) refs.push({ key: refKey('entity', a.reference), elementId: a.name });
      else problems.push({ rule: 'ATTRIBUTE_REFERENCE', elementId: a.name, message: 'a reference attribute names its entity in "reference"' });
    }
    if (a.maxLength !== undefined && !(Number.isInteger(a.maxLength) && a.maxLength > 0)) problems.push({ rule: 'ATTRIBUTE_MAX_LENGTH', elementId: a.name, message: 'maxLength must be a positive integer' });
    return undefined;
  });
  return names;
}

/** An entity: named, typed, unique attributes; a key made of them; relation and reference targets. */
export function checkEntity(c: EntityContent): ContentCheck {
  const problems: Problems = [];
  const refs: ContentCheck['refs'] = [];
  if (!Array.isArray(c.attributes) || c.attributes.length === 0) problems.push({ rule: 'ENTITY_ATTRIBUTES', elementId: 'attributes', message: 'an entity has at least one attribute' });
  const names = checkAttributes(c, problems, refs);
  if (!Array.isArray(c.key) || c.key.length === 0) problems.push({ rule: 'ENTITY_KEY', elementId: 'key', message: 'an entity has a key of at least one attribute' });
  for (const k of Array.isArray(c.key) ? c.key : []) if (!names.has(k)) problems.push({ rule: 'ENTITY_KEY', elementId: 'key', message: `key attribute ${String(k)} is not an attribute` });
  (Array.isArray(c.relations) ? c.relations : []).forEach((r, i) => {
    if (!isObj(r) || !isStr(r.name) || !isStr(r.target) || !['one', 'many'].includes(r.cardinality)) problems.push({ rule: 'ENTITY_RELATION', elementId: `relations[${i}]`, message: 'a relation has a name, a target entity and a cardinality (one, many)' });
    else refs.push({ key: refKey('entity', r.target), elementId: r.name });
  });
  return { problems, refs };
}

/** A form: its entity; fields bound to attributes of it (checked against the entity by the caller). */
export function checkForm(c: FormContent): ContentCheck {
  const problems: Problems = [];
  if (!isStr(c.entity)) problems.push({ rule: 'FORM_ENTITY', elementId: 'entity', message: 'a form names its entity' });
  if (!Array.isArray(c.fields) || c.fields.length === 0) problems.push({ rule: 'FORM_FIELDS', elementId: 'fields', message: 'a form has at least one field' });
  (Array.isArray(c.fields) ? c.fields : []).forEach((f, i) => {
    if (!isObj(f) || !isStr(f.attribute) || !isStr(f.label)) problems.push({ rule: 'FORM_FIELD', elementId: `fields[${i}]`, message: 'a field has an attribute and a label' });
  });
  return { problems, refs: isStr(c.entity) ? [{ key: refKey('entity', c.entity), elementId: 'entity' }] : [] };
}

/** A rule: an expression that parses, and its result type. */
export function checkRule(c: RuleContent): ContentCheck {
  const problems: Problems = [];
  if (!isStr(c.expression)) problems.push({ rule: 'RULE_EXPRESSION', elementId: 'expression', message: 'a rule has an expression' });
  else {
    const r = check(c.expression);
    if (!r.ok) problems.push({ rule: 'EXPRESSION_SYNTAX', elementId: 'expression', message: r.message });
  }
  if (!['boolean', 'value'].includes(c.resultType)) problems.push({ rule: 'RULE_RESULT_TYPE', elementId: 'resultType', message: 'resultType is boolean or value' });
  return { problems, refs: [] };
}

function parameterRefs(v: unknown, at: string, refs: ContentCheck['refs']): void {
  if (typeof v === 'string') for (const m of v.matchAll(/\{\{\s*param:([A-Za-z][A-Za-z0-9_.-]*)\s*\}\}/g)) refs.push({ key: refKey('parameter', m[1]), elementId: at });
  else if (isObj(v)) for (const [k, x] of Object.entries(v)) parameterRefs(x, at ? `${at}.${k}` : k, refs);
}

/** A connector: method, URL template, authentication type; `{{param:NAME}}` name parameters. */
export function checkConnector(c: ConnectorContent): ContentCheck {
  const problems: Problems = [];
  const refs: ContentCheck['refs'] = [];
  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(c.method)) problems.push({ rule: 'CONNECTOR_METHOD', elementId: 'method', message: 'method is GET, POST, PUT, PATCH or DELETE' });
  if (!isStr(c.urlTemplate) || !/^(https?:\/\/|\{\{)/.test(c.urlTemplate)) problems.push({ rule: 'CONNECTOR_URL', elementId: 'urlTemplate', message: 'urlTemplate is an http(s) URL or starts with a {{param:...}}' });
  if (!isObj(c.auth) || !['none', 'basic', 'bearer', 'apiKey', 'oauth2ClientCredentials'].includes(String(c.auth.type))) problems.push({ rule: 'CONNECTOR_AUTH', elementId: 'auth.type', message: 'auth.type is none, basic, bearer, apiKey or oauth2ClientCredentials' });
  if (c.timeoutMs !== undefined && !(Number.isInteger(c.timeoutMs) && c.timeoutMs > 0 && c.timeoutMs <= 300000)) problems.push({ rule: 'CONNECTOR_TIMEOUT', elementId: 'timeoutMs', message: 'timeoutMs is 1 to 300000' });
  parameterRefs(c, '', refs);
  return { problems, refs };
}

/** A job: exactly one schedule kind; its action names a process or a connector. */
export function checkJob(c: JobContent): ContentCheck {
  const problems: Problems = [];
  const s: Record<string, unknown> = isObj(c.schedule) ? c.schedule : {};
  const kinds = ['cron', 'intervalSeconds', 'at', 'cycle'].filter((k) => s[k] !== undefined);
  if (kinds.length !== 1) problems.push({ rule: 'JOB_SCHEDULE', elementId: 'schedule', message: 'a job has exactly one of cron, intervalSeconds, at, cycle' });
  if (typeof s.cron === 'string' && ![5, 6].includes(s.cron.trim().split(/\s+/).length)) problems.push({ rule: 'JOB_CRON', elementId: 'schedule.cron', message: 'cron has 5 or 6 fields' });
  if (s.intervalSeconds !== undefined && !(Number.isInteger(s.intervalSeconds) && (s.intervalSeconds as number) > 0)) problems.push({ rule: 'JOB_INTERVAL', elementId: 'schedule.intervalSeconds', message: 'intervalSeconds is a positive integer' });
  const a: Record<string, unknown> = isObj(c.action) ? c.action : {};
  const refs: ContentCheck['refs'] = [];
  if (a.type === 'startProcess' && isStr(a.process)) refs.push({ key: refKey('process', a.process), elementId: 'action.process' });
  else if (a.type === 'connector' && isStr(a.connector)) refs.push({ key: refKey('connector', a.connector), elementId: 'action.connector' });
  else problems.push({ rule: 'JOB_ACTION', elementId: 'action', message: 'action is { type: startProcess, process } or { type: connector, connector }' });
  return { problems, refs };
}

/** A parameter: its type, secret flag, a default of that type (never for secrets). */
export function checkParameter(c: ParameterContent): ContentCheck {
  const problems: Problems = [];
  if (!['string', 'number', 'boolean', 'url'].includes(c.type)) problems.push({ rule: 'PARAMETER_TYPE', elementId: 'type', message: 'type is string, number, boolean or url' });
  if (typeof c.secret !== 'boolean') problems.push({ rule: 'PARAMETER_SECRET', elementId: 'secret', message: 'secret is true or false' });
  if (c.default !== undefined) {
    if (c.secret === true) problems.push({ rule: 'PARAMETER_SECRET_DEFAULT', elementId: 'default', message: 'a secret parameter has no default in the catalog (set it per environment)' });
    const want = c.type === 'url' ? 'string' : c.type;
    if (typeof c.default !== want) problems.push({ rule: 'PARAMETER_DEFAULT', elementId: 'default', message: `default must be a ${want}` });
  }
  return { problems, refs: [] };
}
