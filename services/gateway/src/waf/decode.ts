/**
 * Decoding transformations applied before the WAF's rules look at a value (CRS `t:` functions).
 * Every function is a single left-to-right pass over its input: linear time, no regex backtracking.
 */

const HEX = /^[0-9a-fA-F]$/;

function hexAt(s: string, i: number, n: number): number {
  if (i + n > s.length) return -1;
  for (let k = 0; k < n; k += 1) if (!HEX.test(s[i + k])) return -1;
  return parseInt(s.slice(i, i + n), 16);
}

/** `%XX`, `%uXXXX` (IIS) and optionally `+` → space; invalid sequences stay as they are. */
export function urlDecodeUni(s: string, plusAsSpace = true): string {
  if (!s.includes('%') && !(plusAsSpace && s.includes('+'))) return s;
  const bytes: number[] = [];
  let out = '';
  const flush = (): void => {
    if (bytes.length === 0) return;
    out += utf8OrLatin1(bytes);
    bytes.length = 0;
  };
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i];
    if (c === '%') {
      if ((s[i + 1] === 'u' || s[i + 1] === 'U') && hexAt(s, i + 2, 4) >= 0) {
        flush();
        out += String.fromCharCode(hexAt(s, i + 2, 4));
        i += 5;
        continue;
      }
      const b = hexAt(s, i + 1, 2);
      if (b >= 0) {
        bytes.push(b);
        i += 2;
        continue;
      }
    }
    flush();
    out += plusAsSpace && c === '+' ? ' ' : c;
  }
  flush();
  return out;
}

function utf8OrLatin1(bytes: number[]): string {
  const buf = Buffer.from(bytes);
  const utf8 = buf.toString('utf8');
  return utf8.includes('\uFFFD') ? buf.toString('latin1') : utf8;
}

const ENTITIES: Record<string, string> = {
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ', colon: ':', tab: '\t', newline: '\n',
  lpar: '(', rpar: ')', sol: '/', bsol: '\\', semi: ';', comma: ',', period: '.', excl: '!', equals: '=',
  lsqb: '[', rsqb: ']', lcub: '{', rcub: '}', grave: '`', num: '#', percnt: '%', plus: '+', quest: '?',
};

/** HTML character references: `&#60;`, `&#x3c;` (with or without `;`, leading zeros) and common named ones. */
export function htmlEntityDecode(s: string): string {
  if (!s.includes('&')) return s;
  let out = '';
  for (let i = 0; i < s.length; i += 1) {
    if (s[i] !== '&') {
      out += s[i];
      continue;
    }
    const decoded = entityAt(s, i);
    if (decoded) {
      out += decoded.text;
      i = decoded.end - 1;
    } else out += '&';
  }
  return out;
}

function entityAt(s: string, i: number): { text: string; end: number } | undefined {
  return s[i + 1] === '#' ? numericEntityAt(s, i + 2) : namedEntityAt(s, i + 1);
}

function numericEntityAt(s: string, from: number): { text: string; end: number } | undefined {
  let j = from;
  const hex = s[j] === 'x' || s[j] === 'X';
  if (hex) j += 1;
  const start = j;
  while (j < s.length && j - start < 10 && (hex ? HEX.test(s[j]) : s[j] >= '0' && s[j] <= '9')) j += 1;
  if (j === start) return undefined;
  const code = parseInt(s.slice(start, j), hex ? 16 : 10);
  if (s[j] === ';') j += 1;
  return { text: code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '', end: j };
}

function namedEntityAt(s: string, from: number): { text: string; end: number } | undefined {
  let j = from;
  const start = j;
  while (j < s.length && j - start < 8 && /[a-zA-Z]/.test(s[j])) j += 1;
  const name = s.slice(start, j).toLowerCase();
  const text = ENTITIES[name];
  if (text === undefined) return undefined;
  if (s[j] === ';') j += 1;
  return { text, end: j };
}

/** JavaScript/C escapes: `\xHH`, `\uHHHH`, `\u{H…}`, `\OOO`, `\n` … */
export function jsDecode(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const [text, used] = jsEscapeAt(s, i + 1);
    out += text;
    i += used;
  }
  return out;
}

const OCTAL = /^[0-7]{3}/;
const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', b: '\b' };

/** The escape after a backslash at `i`: its text and how many characters it used. */
function jsEscapeAt(s: string, i: number): [string, number] {
  const n = s[i];
  if (n === 'x' && hexAt(s, i + 1, 2) >= 0) return [String.fromCharCode(hexAt(s, i + 1, 2)), 3];
  if (n === 'u' && hexAt(s, i + 1, 4) >= 0) return [String.fromCharCode(hexAt(s, i + 1, 4)), 5];
  if (OCTAL.test(s.slice(i, i + 3))) return [String.fromCharCode(parseInt(s.slice(i, i + 3), 8) & 0xff), 3];
  return [SIMPLE_ESCAPES[n] ?? n, 1];
}

/** Full-width and other compatibility forms fold to ASCII (NFKC), so `＜script＞` is `<script>`. */
export function unicodeFold(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(s) ? s.normalize('NFKC') : s;
}

/** Removes NUL bytes and the zero-width/soft-hyphen characters used to split keywords. */
export function removeNulls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\x00\u00ad\u200b-\u200f\u2060\ufeff]/.test(s) ? s.replace(/[\x00\u00ad\u200b-\u200f\u2060\ufeff]/g, '') : s;
}

/** Runs of whitespace (incl. vertical tab, form feed, NBSP) become one space. */
export function compressWhitespace(s: string): string {
  return s.replace(/[\s\u00a0\v\f]+/g, ' ');
}

/** `/* … *\/` comments (incl. MySQL `/*! … *\/`, whose content is kept) are replaced by a space; `--`/`#` comments to end of line removed. */
export function removeComments(s: string): string {
  if (!/\/\*|--|#/.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i += 1) {
    if (s[i] === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      const inner = s.slice(i + 2, end < 0 ? s.length : end);
      out += inner.startsWith('!') ? ` ${inner.replace(/^!\d*/, '')} ` : ' ';
      i = end < 0 ? s.length : end + 1;
    } else if ((s[i] === '-' && s[i + 1] === '-') || s[i] === '#') {
      const end = s.indexOf('\n', i);
      out += ' ';
      i = end < 0 ? s.length : end;
    } else out += s[i];
  }
  return out;
}

/** Backslashes to slashes, `//` collapsed, `./` dropped, `x/../` resolved (never above the root). */
export function normalizePath(s: string): string {
  const p = s.replace(/\\/g, '/');
  const absolute = p.startsWith('/');
  const parts: string[] = [];
  let escaped = 0;
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 0) parts.pop();
      else escaped += 1;
    } else parts.push(seg);
  }
  return (absolute ? '/' : '') + '../'.repeat(escaped) + parts.join('/') + (p.endsWith('/') && parts.length ? '/' : '');
}

/** CRS `t:cmdLine`: drops `\ ' " ^`, `$IFS`-style separators become spaces, spaces before `/` and `(` go, `,;` are spaces, lower case. */
export function cmdLine(s: string): string {
  return s
    .toLowerCase()
    .replace(/\$\{ifs\}|\$ifs\b/g, ' ')
    .replace(/["'\\^]/g, '')
    .replace(/[,;]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ (?=[/(])/g, '');
}

/** The standard chain used by most injection rules: URL (again), HTML and JS decoding, Unicode folding, NUL removal, lower case. */
export function standard(s: string): string {
  return removeNulls(unicodeFold(jsDecode(htmlEntityDecode(urlDecodeUni(s))))).toLowerCase();
}
