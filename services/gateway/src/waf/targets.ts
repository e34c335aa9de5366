import { urlDecodeUni } from './decode';

/** Where a value came from (CRS collections). */
export type TargetKind = 'path' | 'uri' | 'arg' | 'argName' | 'header' | 'cookie' | 'cookieName' | 'file' | 'body';

export interface Target {
  kind: TargetKind;
  /** e.g. `query.q`, `json.items.0.name`, `header.user-agent`. */
  name: string;
  value: string;
}

/** What the WAF sees of one request: the raw request line, headers and body bytes. */
export interface WafRequest {
  method: string;
  url: string;
  httpVersion: string;
  headers: Record<string, string | string[] | undefined>;
  /** Alternating names and values as received (keeps duplicates and case). */
  rawHeaders: string[];
  remoteAddress: string;
  body?: Buffer;
}

export interface ParsedRequest {
  req: WafRequest;
  path: string;
  rawQuery: string;
  contentType: string;
  targets: Target[];
  /** Body parse problems (not valid JSON, bad multipart, …): protocol rules score them. */
  bodyError?: string;
  argCount: number;
  tooManyTargets: boolean;
  jsonDepthExceeded: boolean;
}

export const MAX_TARGETS = 2048;
export const MAX_VALUE_CHARS = 32 * 1024;
export const MAX_JSON_DEPTH = 64;

class Collector {
  readonly targets: Target[] = [];
  argCount = 0;
  overflow = false;

  constructor(readonly maxTargets: number) {}

  add(kind: TargetKind, name: string, value: string): void {
    if (this.targets.length >= this.maxTargets) {
      this.overflow = true;
      return;
    }
    this.targets.push({ kind, name, value: value.length > MAX_VALUE_CHARS ? value.slice(0, MAX_VALUE_CHARS) : value });
  }

  arg(prefix: string, name: string, value: string): void {
    this.argCount += 1;
    this.add('argName', `${prefix}name`, name);
    this.add('arg', `${prefix}${name}`, value);
  }
}

function parsePairs(c: Collector, prefix: string, raw: string): void {
  if (!raw) return;
  for (const pair of raw.split(/[&;]/).slice(0, c.maxTargets)) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = urlDecodeUni(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : urlDecodeUni(pair.slice(eq + 1));
    c.arg(prefix, name, value);
  }
}

function headerValues(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function parseCookies(c: Collector, header: string): void {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!name && !value) continue;
    c.add('cookieName', 'cookie.name', name);
    c.add('cookie', `cookie.${name}`, urlDecodeUni(value, false));
  }
}

/** Walks parsed JSON without recursion; keys are argument names, scalars argument values. */
function walkJson(c: Collector, root: unknown): boolean {
  const stack: Array<{ path: string; v: unknown; depth: number }> = [{ path: 'json', v: root, depth: 0 }];
  let tooDeep = false;
  while (stack.length > 0 && !c.overflow) {
    const { path, v, depth } = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) {
      tooDeep = true;
      continue;
    }
    if (v !== null && typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (const [k, x] of entries) {
        if (!Array.isArray(v)) c.add('argName', `${path}.name`, k);
        stack.push({ path: `${path}.${k}`, v: x, depth: depth + 1 });
      }
    } else {
      c.argCount += 1;
      c.add('arg', path, v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
    }
  }
  return tooDeep;
}

function parseMultipart(c: Collector, body: string, contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]{1,200})"|([^\s;]{1,200}))/i.exec(contentType);
  if (!m) return 'multipart without boundary';
  const boundary = `--${m[1] ?? m[2]}`;
  const parts = body.split(boundary);
  if (parts.length < 2) return 'multipart body without its boundary';
  for (const part of parts.slice(1, MAX_TARGETS)) {
    if (part.startsWith('--')) break;
    const sep = part.indexOf('\r\n\r\n') >= 0 ? part.indexOf('\r\n\r\n') : part.indexOf('\n\n');
    if (sep < 0) continue;
    const head = part.slice(0, sep);
    const content = part.slice(sep + (part[sep] === '\r' ? 4 : 2)).replace(/\r?\n$/, '');
    const name = /\bname="([^"]{0,512})"/i.exec(head)?.[1] ?? '';
    const filename = /\bfilename\*?="?([^";\r\n]{0,512})/i.exec(head)?.[1];
    c.add('header', 'multipart.headers', head);
    if (filename !== undefined) {
      c.add('file', `files.${name}`, filename);
      c.add('argName', 'files.name', name);
    } else c.arg('multipart.', name, content);
  }
  return undefined;
}

/** Text content and attribute values of an XML document, without building a tree. */
function parseXml(c: Collector, body: string): void {
  const re = /<[^<>]{0,4096}>|[^<]+/g;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(body)) !== null && n < MAX_TARGETS) {
    n += 1;
    const tok = m[0];
    if (tok.startsWith('<')) {
      const attrs = /\s[\w:.-]+\s*=\s*("[^"]*"|'[^']*')/g;
      let a: RegExpExecArray | null;
      while ((a = attrs.exec(tok)) !== null) c.arg('xml.', 'attr', a[1].slice(1, -1));
      if (tok.startsWith('<![CDATA[')) c.arg('xml.', 'cdata', tok.slice(9, -3));
    } else if (tok.trim()) c.arg('xml.', 'text', tok.trim());
  }
}

function parseBody(c: Collector, body: Buffer, contentType: string): { error?: string; tooDeep: boolean } {
  const text = body.toString('utf8');
  const ct = contentType.toLowerCase();
  if (ct.includes('json')) {
    try {
      return { tooDeep: walkJson(c, JSON.parse(text)) };
    } catch {
      c.arg('body.', 'raw', text);
      return { error: 'body is not valid JSON', tooDeep: false };
    }
  }
  if (ct.startsWith('application/x-www-form-urlencoded') || ct === '') {
    parsePairs(c, 'body.', text);
    return { tooDeep: false };
  }
  if (ct.startsWith('multipart/')) return { error: parseMultipart(c, text, contentType), tooDeep: false };
  if (ct.includes('xml')) {
    parseXml(c, text);
    c.add('body', 'body', text);
    return { tooDeep: false };
  }
  if (/^(?:image|audio|video|font)\/|^application\/(?:octet-stream|pdf|zip|gzip)/.test(ct)) return { tooDeep: false };
  c.arg('body.', 'raw', text);
  return { tooDeep: false };
}

/** The decoded path of a request URL (no query), what exclusions match. */
export function requestPath(url: string): string {
  const q = url.indexOf('?');
  return urlDecodeUni(q < 0 ? url : url.slice(0, q), false);
}

/** Splits a request into the targets the rules inspect (at most `maxTargets`; more is `tooManyTargets`). */
export function parseRequest(req: WafRequest, maxTargets = MAX_TARGETS): ParsedRequest {
  const c = new Collector(maxTargets);
  const q = req.url.indexOf('?');
  const rawQuery = q < 0 ? '' : req.url.slice(q + 1).split('#')[0];
  const path = requestPath(req.url);
  c.add('path', 'path', path);
  c.add('uri', 'uri', req.url);
  parsePairs(c, 'query.', rawQuery);
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    if (name === 'cookie') parseCookies(c, req.rawHeaders[i + 1]);
    else c.add('header', `header.${name}`, req.rawHeaders[i + 1]);
  }
  const contentType = headerValues(req.headers['content-type'])[0] ?? '';
  let bodyError: string | undefined;
  let tooDeep = false;
  if (req.body && req.body.length > 0) ({ error: bodyError, tooDeep } = parseBody(c, req.body, contentType));
  return { req, path, rawQuery, contentType, targets: c.targets, bodyError, argCount: c.argCount, tooManyTargets: c.overflow, jsonDepthExceeded: tooDeep };
}
