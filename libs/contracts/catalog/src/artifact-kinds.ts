/**
 * The artifacts of a project's metadata (the product's "objects"). Every artifact has a stable id,
 * a technical `name` unique per kind within the project, a `displayName`, and `content`:
 * BPMN 2.0 XML text for `process`, canonical JSON text of the shapes below for the others.
 */
export const ArtifactKinds = ['process', 'entity', 'form', 'rule', 'connector', 'job', 'parameter'] as const;
export type ArtifactKind = (typeof ArtifactKinds)[number];

/** `entity` content: a data model. */
export interface EntityContent {
  attributes: { name: string; type: 'string' | 'text' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'reference'; required?: boolean; maxLength?: number; reference?: string }[];
  /** Attribute names forming the business key. */
  key: string[];
  relations?: { name: string; target: string; cardinality: 'one' | 'many' }[];
}

/** `form` content: fields bound to attributes of one entity. */
export interface FormContent {
  entity: string;
  fields: { attribute: string; label: string; widget?: string; required?: boolean; readOnly?: boolean }[];
}

/** `rule` content: an expression in Fleet's expression language (`@fleet/shared-expression`). */
export interface RuleContent {
  expression: string;
  resultType: 'boolean' | 'value';
}

/** Authentication of a connector; values name environment parameters (`{{param:NAME}}`), never literal secrets. */
export interface ConnectorAuth {
  type: 'none' | 'basic' | 'bearer' | 'apiKey' | 'oauth2ClientCredentials';
  /** basic: username/password; bearer: token; apiKey: key, in ('header'|'query'), name; oauth2: tokenUrl, clientId, clientSecret, scope. */
  [setting: string]: string | undefined;
}

/** `connector` content: one outbound REST call. Templates use `{{var}}` (case variables) and `{{param:NAME}}` (environment parameters). */
export interface ConnectorContent {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  urlTemplate: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  bodyTemplate?: string;
  auth: ConnectorAuth;
  /** case variable ← JSON path into the response body (`$.a.b[0]`). */
  responseMapping?: Record<string, string>;
  /** HTTP status (or `4xx`/`5xx`) → named error a BPMN error boundary can catch. */
  errorMapping?: { status: number | '4xx' | '5xx'; error: string }[];
  timeoutMs?: number;
  retries?: number;
}

/** `job` content: a scheduled job definition. Exactly one of cron / intervalSeconds / at / cycle. */
export interface JobContent {
  schedule: { cron?: string; timezone?: string; intervalSeconds?: number; at?: string; cycle?: string; startAt?: string; endAt?: string; limit?: number };
  overlap?: 'skip' | 'buffer-one' | 'allow';
  misfire?: { policy: 'skip' | 'fire-once' | 'catch-up'; windowSeconds?: number };
  jitterSeconds?: number;
  action: { type: 'startProcess'; process: string } | { type: 'connector'; connector: string };
}

/** `parameter` content: an environment parameter definition (values live in each environment). */
export interface ParameterContent {
  type: 'string' | 'number' | 'boolean' | 'url';
  secret: boolean;
  default?: string | number | boolean;
}

/** A technical name: starts with a letter; letters, digits, `_`, `.`, `-`; at most 80 characters. Unique per kind within a project. */
export const ARTIFACT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,79}$/;

/** The BPMN extension namespace of references from a process to other artifacts (`fleet:form="…"` on a user task, `fleet:connector`, `fleet:rule`, `fleet:entity`). */
export const FLEET_BPMN_NAMESPACE = 'http://fleet.dev/schema/bpmn/1.0';
