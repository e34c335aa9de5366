import type { ParsedRequest } from '../targets';
import { ARGS, CRITICAL, ERROR, NOTICE, WARNING, type ProtocolLimits, type RequestRule, type ValueRule } from './types';

function header(p: ParsedRequest, name: string): string[] {
  const out: string[] = [];
  const raw = p.req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i].toLowerCase() === name) out.push(raw[i + 1]);
  return out;
}

const RESTRICTED_EXTENSIONS =
  /\.(?:asa|asax|ascx|axd|backup|bak|bat|cdx|cer|cfg|cmd|com|config|conf|cs|csproj|csr|dat|db|dbf|dll|dos|htr|htw|ida|idc|idq|inc|ini|key|licx|lnk|log|mdb|old|pass|pdb|pol|printer|pwd|rdb|resources|resx|sql|swp|sys|vb|vbs|vbproj|vsdisco|webinfo|xsd|xsx)$/i;
const RESTRICTED_HEADERS = new Set(['proxy', 'lock-token', 'content-range', 'if', 'x-http-method-override', 'x-http-method', 'x-method-override', 'x-middleware-subrequest', 'translate', 'x-original-url', 'x-rewrite-url']);
const ALLOWED_CHARSETS = new Set(['utf-8', 'utf8', 'iso-8859-1', 'iso-8859-15', 'windows-1252', 'us-ascii']);
const SMUGGLED_REQUEST = /[\n\r](?:get|post|head|options|connect|put|delete|trace|track|patch|propfind|proppatch|mkcol|copy|move|lock|unlock)\s+\S{1,2048}\s+http\/\d/i;

function contentLengthProblem(p: ParsedRequest): string | undefined {
  const cl = header(p, 'content-length');
  if (cl.length > 1 && new Set(cl).size > 1) return 'conflicting Content-Length headers';
  if (cl.length > 0 && !/^\d{1,15}$/.test(cl[0])) return `Content-Length is not a number: ${cl[0].slice(0, 40)}`;
  return undefined;
}

export const PROTOCOL_REQUEST_RULES: readonly RequestRule[] = [
  { id: 911100, group: 'protocol', pl: 1, score: CRITICAL, msg: 'method not allowed', check: (p, c) => (c.allowedMethods.has(p.req.method) ? undefined : `method ${p.req.method}`) },
  { id: 920160, group: 'protocol', pl: 1, score: CRITICAL, msg: 'bad Content-Length', check: contentLengthProblem },
  {
    id: 920170, group: 'protocol', pl: 1, score: CRITICAL, msg: 'GET or HEAD with a body',
    check: (p) => ((p.req.method === 'GET' || p.req.method === 'HEAD') && Number(header(p, 'content-length')[0] ?? 0) > 0 ? 'body on GET/HEAD' : undefined),
  },
  {
    id: 920171, group: 'protocol', pl: 1, score: CRITICAL, msg: 'GET or HEAD with Transfer-Encoding',
    check: (p) => ((p.req.method === 'GET' || p.req.method === 'HEAD') && header(p, 'transfer-encoding').length > 0 ? 'transfer-encoding on GET/HEAD' : undefined),
  },
  {
    id: 920181, group: 'protocol', pl: 1, score: WARNING, msg: 'both Content-Length and Transfer-Encoding',
    check: (p) => (header(p, 'content-length').length > 0 && header(p, 'transfer-encoding').length > 0 ? 'CL and TE' : undefined),
  },
  {
    id: 920190, group: 'protocol', pl: 1, score: WARNING, msg: 'invalid Range',
    check: (p: ParsedRequest): string | undefined => {
      const r = header(p, 'range')[0] ?? header(p, 'request-range')[0];
      if (!r) return undefined;
      const bad = r.split(',').some((part) => {
        const m = /(\d+)\s*-\s*(\d+)/.exec(part);
        return m ? Number(m[2]) < Number(m[1]) : false;
      });
      return bad || r.split(',').length > 5 ? `range ${r.slice(0, 60)}` : undefined;
    },
  },
  {
    id: 920280, group: 'protocol', pl: 1, score: WARNING, msg: 'missing or empty Host header',
    check: (p) => (p.req.httpVersion !== '1.0' && (header(p, 'host').length === 0 || !header(p, 'host')[0].trim()) ? 'no host' : undefined),
  },
  {
    id: 920310, group: 'protocol', pl: 1, score: NOTICE, msg: 'empty Accept header',
    check: (p) => (header(p, 'accept').length > 0 && header(p, 'accept')[0].trim() === '' ? 'empty accept' : undefined),
  },
  {
    id: 920330, group: 'protocol', pl: 1, score: NOTICE, msg: 'empty User-Agent header',
    check: (p) => (header(p, 'user-agent').length > 0 && header(p, 'user-agent')[0].trim() === '' ? 'empty user-agent' : undefined),
  },
  {
    id: 920340, group: 'protocol', pl: 1, score: NOTICE, msg: 'body without Content-Type',
    check: (p) => (Number(header(p, 'content-length')[0] ?? 0) > 0 && header(p, 'content-type').length === 0 ? 'no content-type' : undefined),
  },
  { id: 920350, group: 'protocol', pl: 2, score: WARNING, msg: 'Host is a numeric IP address', check: (p) => (/^[\d.:[\]]+$/.test(header(p, 'host')[0] ?? 'x') ? `host ${header(p, 'host')[0]}` : undefined) },
  {
    id: 920420, group: 'protocol', pl: 1, score: CRITICAL, msg: 'content type not allowed',
    check: (p: ParsedRequest, c: ProtocolLimits): string | undefined => {
      if (!p.contentType) return undefined;
      const mime = p.contentType.split(';')[0].trim().toLowerCase();
      return c.allowedContentTypes.includes(mime) ? undefined : `content type ${mime.slice(0, 60)}`;
    },
  },
  {
    id: 920470, group: 'protocol', pl: 1, score: CRITICAL, msg: 'malformed Content-Type header',
    check: (p) => (p.contentType && !/^[\w/.+*-]{1,128}(?:\s*;\s*[\w.-]{1,64}\s*=\s*(?:[\w./+*:-]{1,256}|"[^"]{0,256}"))*\s*;?\s*$/.test(p.contentType) ? `content type ${p.contentType.slice(0, 60)}` : undefined),
  },
  {
    id: 920480, group: 'protocol', pl: 1, score: CRITICAL, msg: 'charset not allowed',
    check: (p: ParsedRequest): string | undefined => {
      const cs = /charset\s*=\s*["']?([^;"'\s]{1,64})/i.exec(p.contentType)?.[1];
      return cs && !ALLOWED_CHARSETS.has(cs.toLowerCase()) ? `charset ${cs}` : undefined;
    },
  },
  { id: 920530, group: 'protocol', pl: 1, score: CRITICAL, msg: 'charset given more than once', check: (p) => ((p.contentType.match(/charset/gi) ?? []).length > 1 ? 'two charsets' : undefined) },
  { id: 920620, group: 'protocol', pl: 1, score: CRITICAL, msg: 'more than one Content-Type header', check: (p) => (header(p, 'content-type').length > 1 ? 'two content types' : undefined) },
  { id: 920430, group: 'protocol', pl: 1, score: CRITICAL, msg: 'HTTP version not allowed', check: (p) => (['1.0', '1.1', '2.0', '2', '3'].includes(p.req.httpVersion) ? undefined : `HTTP/${p.req.httpVersion}`) },
  { id: 920440, group: 'protocol', pl: 1, score: CRITICAL, msg: 'restricted file extension', check: (p) => (RESTRICTED_EXTENSIONS.test(p.path.split(';')[0]) ? `path ${p.path.slice(-40)}` : undefined) },
  {
    id: 920450, group: 'protocol', pl: 1, score: CRITICAL, msg: 'restricted header',
    check: (p: ParsedRequest): string | undefined => {
      for (let i = 0; i < p.req.rawHeaders.length; i += 2) if (RESTRICTED_HEADERS.has(p.req.rawHeaders[i].toLowerCase())) return `header ${p.req.rawHeaders[i]}`;
      return undefined;
    },
  },
  { id: 920500, group: 'protocol', pl: 1, score: CRITICAL, msg: 'backup or working file', check: (p) => (/(?:~|\.(?:swp|swo|orig|save|tmp|bak\d?))$/i.test(p.path) ? `path ${p.path.slice(-40)}` : undefined) },
  { id: 920520, group: 'protocol', pl: 1, score: CRITICAL, msg: 'Accept-Encoding too long', check: (p) => ((header(p, 'accept-encoding')[0] ?? '').length > 100 ? 'accept-encoding > 100' : undefined) },
  { id: 920640, group: 'protocol', pl: 1, score: CRITICAL, msg: 'Content-Encoding in a request', check: (p) => (header(p, 'content-encoding').length > 0 ? 'content-encoding' : undefined) },
  {
    id: 920360, group: 'protocol', pl: 1, score: CRITICAL, msg: 'limits: argument name too long',
    check: (p, c) => p.targets.find((t) => t.kind === 'argName' && t.value.length > c.maxArgNameLength)?.name,
  },
  {
    id: 920370, group: 'protocol', pl: 1, score: CRITICAL, msg: 'limits: argument value too long',
    check: (p, c) => p.targets.find((t) => t.kind === 'arg' && t.value.length > c.maxArgValueLength)?.name,
  },
  { id: 920380, group: 'protocol', pl: 1, score: CRITICAL, msg: 'limits: too many arguments', check: (p, c) => (p.argCount > c.maxArgs || p.tooManyTargets ? `${p.argCount} arguments` : undefined) },
  {
    id: 920390, group: 'protocol', pl: 1, score: CRITICAL, msg: 'limits: total argument size exceeded',
    check: (p: ParsedRequest, c: ProtocolLimits): string | undefined => {
      let total = 0;
      for (const t of p.targets) if (t.kind === 'arg' || t.kind === 'argName') total += t.value.length;
      return total > c.maxTotalArgLength ? `${total} characters` : undefined;
    },
  },
  { id: 920400, group: 'protocol', pl: 1, score: CRITICAL, msg: 'limits: body too large', check: (p, c) => ((p.req.body?.length ?? 0) > c.maxBodyBytes ? `${p.req.body?.length} bytes` : undefined) },
  { id: 920410, group: 'protocol', pl: 1, score: CRITICAL, msg: 'limits: JSON nested too deep', check: (p) => (p.jsonDepthExceeded ? 'depth' : undefined) },
  { id: 920600, group: 'protocol', pl: 1, score: CRITICAL, msg: 'too many headers', check: (p, c) => (p.req.rawHeaders.length / 2 > c.maxHeaderCount ? `${p.req.rawHeaders.length / 2} headers` : undefined) },
  {
    id: 921180, group: 'protocol-attack', pl: 1, score: CRITICAL, msg: 'HTTP parameter pollution',
    check: (p: ParsedRequest): string | undefined => {
      const seen = new Set<string>();
      for (const t of p.targets) if (t.kind === 'arg' && t.name.startsWith('query.')) {
        if (seen.has(t.name) && seen.size > 64) return t.name;
        seen.add(t.name);
      }
      return undefined;
    },
  },
  {
    id: 920121, group: 'protocol', pl: 1, score: CRITICAL, msg: 'multipart name or filename with quote or semicolon',
    check: (p) => p.targets.find((t) => (t.kind === 'file' || (t.kind === 'argName' && t.name === 'multipart.name')) && /['";=\\]/.test(t.value))?.name,
  },
  { id: 920540, group: 'protocol', pl: 1, score: CRITICAL, msg: 'Unicode escape in path', check: (p) => (/\\u[0-9a-f]{4}/i.test(p.req.url.split('?')[0]) ? 'unicode escape' : undefined) },
  {
    id: 921421, group: 'protocol-attack', pl: 1, score: CRITICAL, msg: 'content type bypass',
    check: (p) => (/^[^;]*\b(?:application\/(?:x-www-form-urlencoded|json|xml)|multipart\/form-data|text\/xml)\b[^;]*[;,\s][^;]*\b(?:application\/(?:x-www-form-urlencoded|json|xml)|multipart\/form-data|text\/xml)/i.test(p.contentType) ? 'two content types in one' : undefined),
  },
];

/** Value rules of the protocol groups (applied like the injection rules). */
export const PROTOCOL_VALUE_RULES: readonly ValueRule[] = [
  {
    id: 920270, group: 'protocol', pl: 1, score: ERROR, msg: 'NUL character in request', kinds: ['uri', 'arg', 'argName', 'header', 'cookie', 'path'], pipeline: 'raw',
     
    test: (v, t) => v.includes('\u0000') || (t.kind === 'uri' && /%00/.test(v)),
  },
  {
    id: 920220, group: 'protocol', pl: 1, score: WARNING, msg: 'URL encoding abuse', kinds: ['uri'], pipeline: 'raw',
    test: /%(?![0-9a-f]{2}|u[0-9a-f]{4})/i,
  },
  { id: 920260, group: 'protocol', pl: 1, score: WARNING, msg: 'Unicode full/half width abuse', kinds: ['uri'], pipeline: 'raw', test: /%u[fF]{2}[0-9a-fA-F]{2}/ },
  {
    id: 920250, group: 'protocol', pl: 1, score: WARNING, msg: 'invalid UTF-8 encoding', kinds: ['arg', 'argName', 'path'], pipeline: 'raw',
    test: (v) => v.includes('\ufffd'),
  },
  {
    id: 921110, group: 'protocol-attack', pl: 1, score: CRITICAL, msg: 'HTTP request smuggling', kinds: ['arg', 'argName', 'cookie', 'body'], pipeline: 'raw',
    test: SMUGGLED_REQUEST,
  },
  {
    id: 921120, group: 'protocol-attack', pl: 1, score: CRITICAL, msg: 'HTTP response splitting', kinds: ['arg', 'argName', 'cookie'], pipeline: 'lower',
    test: /[\r\n]\W{0,8}(?:content-(?:type|length)|set-cookie|location)\s*:\s*\w/,
  },
  {
    id: 921130, group: 'protocol-attack', pl: 1, score: CRITICAL, msg: 'HTTP response splitting (status line or markup)', kinds: ['arg', 'argName', 'cookie'], pipeline: 'lower',
    test: /(?:\bhttp\/\d(?:\.\d)?\s+\d{3}|[\r\n]\s{0,4}<(?:html|meta)\b)/,
  },
  {
    id: 921150, group: 'protocol-attack', pl: 1, score: CRITICAL, msg: 'header injection via argument names', kinds: ['argName'], pipeline: 'raw',
    test: /[\r\n]/,
  },
  {
    id: 921160, group: 'protocol-attack', pl: 1, score: CRITICAL, msg: 'header injection via payload', kinds: ['arg', 'argName', 'uri', 'path'], pipeline: 'lower',
    test: /[\r\n]\s{0,4}[a-z-]{1,64}\s*:\s*\S|%0[ad](?:%0[ad])?[a-z-]{1,64}(?::|%3a)/,
  },
  {
    id: 921190, group: 'protocol-attack', pl: 1, score: CRITICAL, msg: 'newline in path', kinds: ['path'], pipeline: 'raw',
    test: /[\r\n]/,
  },
  {
    id: 921200, group: 'protocol-attack', pl: 1, score: CRITICAL, msg: 'LDAP injection', kinds: ARGS, pipeline: 'std',
    test: /\)\s{0,4}!?\s{0,4}\(\s{0,4}(?:[&|!]\s{0,4}\)|[\w-]{1,64}\s{0,4}[~<>]?=\s{0,4}\*)|^[^:(]{0,64}\)\s*\(\s*[|&!]\s*\(|\)\s*\(\s*[|&]\s*\(\s*[\w]{1,64}\s*=\s*\*|\*\)\s*\(\s*[|&]|\(\s*[|&]\s*\(\s*(?:objectclass|uid|cn|mail|userpassword|samaccountname)\s*=/,
  },
  {
    id: 921240, group: 'protocol-attack', pl: 1, score: CRITICAL, msg: 'mod_proxy attack (unix socket)', kinds: ['uri', 'path'], pipeline: 'lower',
    test: /unix:[^|]{0,256}\|/,
  },
  {
    id: 921250, group: 'protocol-attack', pl: 1, score: CRITICAL, msg: 'old cookie version', kinds: ['cookieName'], pipeline: 'lower',
    test: /^\$version$/,
  },
  {
    id: 922110, group: 'protocol-attack', pl: 1, score: CRITICAL, msg: 'multipart part with illegal charset or encoding', kinds: ['header'], headers: /^multipart\.headers$/, pipeline: 'lower',
    test: /content-transfer-encoding\s*:|charset\s*=\s*["']?(?!utf-8|iso-8859-1|iso-8859-15|windows-1252|us-ascii)[a-z0-9-]/,
  },
  {
    id: 920120, group: 'protocol', pl: 1, score: CRITICAL, msg: 'multipart bypass attempt in header', kinds: ['header'], headers: /^multipart\.headers$/, pipeline: 'raw',
    test: /filename\*?\s*=\s*[^"\s;][^;\r\n]{0,256}['";]|name\s*=\s*"[^"\r\n]{0,256}['\\][^"\r\n]{0,256}"|filename\s*=\s*"[^"\r\n]{0,256}\\"/,
  },
  {
    id: 921422, group: 'protocol-attack', pl: 1, score: CRITICAL, msg: 'content type bypass (header)', kinds: ['header'], headers: /^header\.content-type$/, pipeline: 'lower',
    test: /^[^;]{0,256}[,\s;][^;]{0,256}\b(?:application\/(?:x-www-form-urlencoded|json|xml)|multipart\/form-data|text\/xml)\b/,
  },
];
