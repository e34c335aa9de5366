import type { ConnectorAuth, ConnectorContent } from '@fleet/contracts-catalog';
import type { Redactor } from './redactor';
import { render, TemplateError } from './templates';

/** The request of one invocation before authentication. */
export interface BuiltRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
  /** Headers that carry credentials (never forwarded to another origin on a redirect, always recorded as `***`). */
  credentialHeaders: Set<string>;
}

/** Authentication values rendered from their templates; every one of them is treated as a secret. */
export interface RenderedAuth {
  type: ConnectorAuth['type'];
  values: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function headerValue(name: string, value: string): string {
  if (!TOKEN.test(name)) throw new TemplateError(`header name ${JSON.stringify(name.slice(0, 40))} is not a valid HTTP header name`);
  if (/[\r\n]/.test(value)) throw new TemplateError(`header ${name} would contain a line break`);
  return value;
}

/** Renders URL, query, headers and body of a definition for one input. */
export function buildRequest(def: ConnectorContent, input: Record<string, unknown>, params: ReadonlyMap<string, string>): BuiltRequest {
  let url: URL;
  try {
    url = new URL(render(def.urlTemplate, input, params, 'url'));
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    throw new TemplateError('the URL template does not give an absolute URL');
  }
  for (const [k, tpl] of Object.entries(def.query ?? {})) url.searchParams.append(k, render(tpl, input, params, 'text'));
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [k, tpl] of Object.entries(def.headers ?? {})) headers[k.toLowerCase()] = headerValue(k, render(tpl, input, params, 'text'));
  const built: BuiltRequest = { method: def.method, url, headers, credentialHeaders: new Set(['authorization']) };
  if (def.bodyTemplate !== undefined && def.method !== 'GET') {
    built.body = Buffer.from(render(def.bodyTemplate, input, params, 'json'));
    headers['content-type'] ??= 'application/json';
  }
  return built;
}

/** The settings each authentication type needs. */
const REQUIRED: Record<ConnectorAuth['type'], string[]> = {
  none: [],
  basic: ['username', 'password'],
  bearer: ['token'],
  apiKey: ['key', 'name'],
  oauth2ClientCredentials: ['tokenUrl', 'clientId', 'clientSecret'],
};

/** Renders the authentication settings (templates over parameters); every value goes to the redactor. */
export function renderAuth(auth: ConnectorAuth, input: Record<string, unknown>, params: ReadonlyMap<string, string>, redactor: Redactor): RenderedAuth {
  const values: Record<string, string> = {};
  for (const [k, tpl] of Object.entries(auth)) {
    if (k === 'type' || tpl === undefined) continue;
    values[k] = render(tpl, input, params, 'text');
    if (!['in', 'name', 'tokenUrl', 'username', 'clientId', 'scope'].includes(k)) redactor.add(values[k]);
  }
  for (const k of REQUIRED[auth.type]) if (!values[k]) throw new TemplateError(`authentication ${auth.type} needs ${k}`);
  return { type: auth.type, values };
}

/** Applies static authentication (everything but OAuth, whose token is fetched) to a request. */
export function applyAuth(req: BuiltRequest, auth: RenderedAuth, redactor: Redactor, bearer?: string): void {
  const v = auth.values;
  switch (auth.type) {
    case 'basic': {
      const header = `Basic ${Buffer.from(`${v.username}:${v.password}`).toString('base64')}`;
      redactor.add(header.slice(6));
      req.headers.authorization = header;
      return;
    }
    case 'bearer':
      req.headers.authorization = `Bearer ${headerValue('authorization', v.token!)}`;
      return;
    case 'apiKey':
      if (v.in === 'query') req.url.searchParams.set(v.name!, v.key!);
      else {
        req.headers[v.name!.toLowerCase()] = headerValue(v.name!, v.key!);
        req.credentialHeaders.add(v.name!.toLowerCase());
      }
      return;
    case 'oauth2ClientCredentials':
      if (bearer) req.headers.authorization = `Bearer ${bearer}`;
      return;
    case 'none':
      return;
  }
}
