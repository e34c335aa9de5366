/**
 * SQL injection detection by tokenizing, in the spirit of libinjection: a value is read as SQL three
 * times (as it is, and as if it continued a '…' or "…" string literal), each token becomes a type
 * letter, and the resulting fingerprint is matched against shapes that only injected SQL has.
 * Prose ("order by date, then by name") tokenizes as barewords and keywords without those shapes.
 *
 * Types: s string, 1 number, n bareword, v @variable, f function name followed by "(", k keyword,
 * U union, S select, F from, X statement (insert, drop, exec …), & logic (and, or, xor, not, &&, ||),
 * o operator, c comment, ; ( ) , punctuation.
 */

const STATEMENTS = new Set([
  'insert', 'update', 'delete', 'drop', 'create', 'alter', 'truncate', 'exec', 'execute', 'declare', 'shutdown', 'grant',
  'revoke', 'merge', 'replace', 'rename', 'call', 'handler', 'load', 'waitfor', 'backup', 'restore', 'attach', 'pragma',
]);
const KEYWORDS = new Set([
  'where', 'having', 'group', 'order', 'by', 'limit', 'offset', 'into', 'values', 'set', 'table', 'database', 'procedure',
  'case', 'when', 'then', 'else', 'end', 'is', 'null', 'like', 'rlike', 'regexp', 'between', 'in', 'all', 'distinct',
  'collate', 'escape', 'sounds', 'top', 'join', 'outfile', 'dumpfile', 'delay', 'exists', 'asc', 'desc', 'procedure',
  'if', 'elt', 'begin', 'true', 'false', 'div', 'mod', 'as', 'on', 'using', 'natural', 'cross', 'inner', 'outer', 'left',
  'right', 'intersect', 'except', 'minus', 'returning', 'fetch', 'prepare', 'deallocate', 'use', 'show', 'describe',
]);
const LOGIC = new Set(['and', 'or', 'xor', 'not', '&&', '||']);
const WORD_OPS = new Set(['like', 'rlike', 'regexp', 'is', 'div', 'mod', 'between', 'in', 'sounds', 'collate']);
/** Functions whose mere call in a parameter is a strong sign (timing, file access, metadata, string building). */
export const SQL_FUNCTIONS = new Set([
  'sleep', 'benchmark', 'pg_sleep', 'load_file', 'extractvalue', 'updatexml', 'char', 'chr', 'concat', 'concat_ws',
  'group_concat', 'version', 'database', 'user', 'current_user', 'system_user', 'session_user', 'schema', 'ascii', 'ord',
  'substring', 'substr', 'mid', 'hex', 'unhex', 'count', 'cast', 'convert', 'if', 'ifnull', 'isnull', 'nullif', 'coalesce',
  'length', 'len', 'lower', 'upper', 'md5', 'sha1', 'rand', 'floor', 'exp', 'name_const', 'row', 'json_keys',
  'dbms_pipe.receive_message', 'utl_inaddr.get_host_address', 'xp_cmdshell', 'sp_executesql', 'sp_password', 'pg_read_file',
  'lo_import', 'lo_export', 'current_setting', 'make_set', 'export_set', 'procedure_analyse', 'instr', 'locate', 'position',
  'left', 'right', 'reverse', 'space', 'repeat', 'char_length', 'bin', 'oct', 'conv', 'strcmp', 'elt', 'field', 'unicode',
  'nchar', 'varchar', 'db_name', 'user_name', 'host_name', 'suser_name', 'is_srvrolemember', 'openrowset', 'opendatasource',
  'sysdate', 'now', 'randomblob', 'sqlite_version', 'typeof', 'glob', 'sha2', 'tobase64', 'from_base64', 'uuid', 'ltrim',
  'rtrim', 'trim', 'replace', 'load_extension', 'dbms_xmlgen.getxml', 'xmltype', 'ctxsys.drithsx.sn', 'dbms_lock.sleep',
]);

function isWordChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '_' || c === '$' || c === '.' || c > '\x7f';
}

interface Tok {
  t: string;
  v: string;
}

function readString(s: string, i: number, q: string): number {
  let j = i + 1;
  while (j < s.length) {
    if (s[j] === '\\') j += 2;
    else if (s[j] === q && s[j + 1] === q) j += 2;
    else if (s[j] === q) return j + 1;
    else j += 1;
  }
  return s.length;
}

function wordType(w: string, next: string): string {
  if (w === 'union') return 'U';
  if (w === 'select') return 'S';
  if (w === 'from') return 'F';
  if (LOGIC.has(w)) return '&';
  if (STATEMENTS.has(w)) return 'X';
  if (next === '(' && SQL_FUNCTIONS.has(w)) return 'f';
  if (WORD_OPS.has(w)) return 'o';
  if (KEYWORDS.has(w)) return 'k';
  if (/^(?:0x[0-9a-f]+|\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+)$/.test(w)) return '1';
  return 'n';
}


/** MySQL executable comments (slash-star-bang, e.g. 50000 select) are SQL: their content replaces them. */
function expandExecutableComments(s: string): string {
  let at = s.indexOf('/*!');
  while (at >= 0) {
    const end = s.indexOf('*/', at + 3);
    const inner = s.slice(at + 3, end < 0 ? s.length : end).replace(/^\d{0,6}/, '');
    s = `${s.slice(0, at)} ${inner} ${end < 0 ? '' : s.slice(end + 2)}`;
    at = s.indexOf('/*!', at + 1);
  }
  return s;
}

/** The value continues a string literal opened before it: that literal ends at the first unescaped quote. */
function openString(s: string, quote: string, out: Tok[]): number {
  for (let j = 0; j < s.length; j += 1) {
    if (s[j] === '\\') j += 1;
    else if (s[j] === quote && s[j + 1] === quote) j += 1;
    else if (s[j] === quote) {
      out.push({ t: 's', v: s.slice(0, j) });
      return j + 1;
    }
  }
  return -1;
}

function readQuoted(s: string, i: number, out: Tok[]): number {
  const j = readString(s, i, s[i]);
  out.push({ t: s[i] === '`' ? 'n' : 's', v: s.slice(i, j) });
  return j;
}

function readComment(s: string, i: number, out: Tok[]): number {
  if (s[i] === '/') {
    const e = s.indexOf('*/', i + 2);
    out.push({ t: 'c', v: '/*' });
    return e < 0 ? s.length : e + 2;
  }
  out.push({ t: 'c', v: s[i] });
  const e = s.indexOf('\n', i);
  return e < 0 ? s.length : e + 1;
}

function readVariable(s: string, i: number, out: Tok[]): number {
  let j = i + 1;
  while (j < s.length && (s[j] === '@' || isWordChar(s[j]))) j += 1;
  out.push({ t: 'v', v: s.slice(i, j) });
  return j;
}

function readOperator(s: string, i: number, out: Tok[]): number {
  let j = i + 1;
  while (j < s.length && j - i < 3 && OPERATOR_CHARS.includes(s[j]) && !(s[j] === '-' && s[j + 1] === '-')) j += 1;
  const op = s.slice(i, j);
  out.push({ t: op === '&&' || op === '||' ? '&' : 'o', v: op });
  return j;
}

function readWord(s: string, i: number, out: Tok[]): number {
  let j = i + 1;
  while (j < s.length && isWordChar(s[j])) j += 1;
  let k = j;
  while (s[k] === ' ') k += 1;
  out.push({ t: wordType(s.slice(i, j), s[k] ?? ''), v: s.slice(i, j) });
  return j;
}

const SPACE = ' \t\n\r\v\f\u00a0';
const OPERATOR_CHARS = '=<>!+-*/%|&^~:';

const isCommentStart = (s: string, i: number): boolean => (s[i] === '/' && s[i + 1] === '*') || (s[i] === '-' && s[i + 1] === '-') || s[i] === '#';

function readToken(s: string, i: number, out: Tok[]): number {
  const c = s[i];
  if (SPACE.includes(c)) return i + 1;
  if ("'\"`".includes(c)) return readQuoted(s, i, out);
  if (isCommentStart(s, i)) return readComment(s, i, out);
  if (c === '@') return readVariable(s, i, out);
  if ('(),;'.includes(c)) {
    out.push({ t: c, v: c });
    return i + 1;
  }
  if (OPERATOR_CHARS.includes(c)) return readOperator(s, i, out);
  if (isWordChar(c)) return readWord(s, i, out);
  return i + 1;
}

/** Tokenizes lower-cased text; `start` is the quote the value is assumed to be inside ('' for none). */
export function tokenize(text: string, start: string, max = 24): Tok[] {
  const s = expandExecutableComments(text);
  const out: Tok[] = [];
  let i = start ? openString(s, start, out) : 0;
  if (i < 0) return out;
  while (i < s.length && out.length < max) i = readToken(s, i, out);
  return out;
}

/** Shapes of injected SQL (regexes over the fingerprint, anchored where the context requires). */
const QUOTED_SHAPES = [
  /^s\)*&\(*[s1nvf]\)*[o&]/, // ' or 'a'='a   ' or 1=1   ') or ('x'='x
  /^s\)*&\(*[s1vf]/, // ' and sleep(  ' or 1  ' or 'x'
  /^s\)*[o&]\(*[s1vf]\)*[o&]/, // '='' or '   '+sleep(1)+'
  /^s\)*[;c]/, // '; …   '--   '#
  /^s\)*;?[USXk]/, // ' union …  '; drop …  ' order by
  /^s\)*o\(*[sv1nf]\)*[c;]/, // '=1--
  /^s\)*\(*[&o]\(*f/, // '||sleep(
];
const BARE_SHAPES = [
  /U[k(]*\(*S/, // union [all] (select
  /S\(*[no1fv*sk,()]{0,8}F/, // select … from
  /;(?:[SU]|X[kv(1sc;]|X$)/, // stacked statement
  /^[1nv]\)*&\(*[1s]\)*o\(*[1s]/, // 1 or 1=1   x and 2>1
  /^[1nv]\)*&\(*f\(/, // 1 and sleep(
  /^1\)*[;c]/, // 1;--
  /^[1n]\)*(?:;[SXU]|U)/, // 1 union   1; drop
  /&\(*[1s]\)*o\(*[1s]\)*c/, // … or 1=1--
  /Xk?[nk]*\(/, // exec xp_cmdshell(  waitfor delay
  /f\(.*\)\)*[o&]\(*[1s]/, // sleep(5)=0   ascii(substr(…))>64
  /^f\(/, // sleep(5) as the whole value
  /o\(*S/, // =(select
  /\(S/, // (select
  /kkS|k\(S/, // union all select, exists(select
];

function matches(fp: string, shapes: RegExp[]): RegExp | undefined {
  return shapes.find((r) => r.test(fp));
}

export interface SqliResult {
  fingerprint: string;
  shape: string;
}

function prose(tokens: Tok[]): boolean {
  // three or more barewords in a row and no quote breaking out: English, not SQL
  let run = 0;
  for (const t of tokens) {
    run = t.t === 'n' ? run + 1 : 0;
    if (run >= 3) return true;
  }
  return false;
}

/**
 * Whether a value could end a string literal it was put into: it has the quote, the text before
 * the first one is a single token (`1'`, `admin'`, `'`), not words ("Replace 'and' with …"), and it
 * is not simply a quoted phrase (`"drop table"` as a search term).
 */
function breaksOut(value: string, q: string): boolean {
  const first = value.indexOf(q);
  if (first < 0) return false;
  const before = value.slice(0, first);
  if (/\s/.test(before) && before.trim() !== '') return false;
  const last = value.lastIndexOf(q);
  if (first === 0 && last === value.length - 1 && last > 0 && value.indexOf(q, 1) === last) return false;
  return true;
}

/** Returns the matching fingerprint when `value` (lower-cased, decoded) reads as injected SQL. */
export function detectSqli(value: string): SqliResult | undefined {
  if (value.length < 2) return undefined;
  for (const q of ['', "'", '"']) {
    if (q && !breaksOut(value, q)) continue;
    const tokens = tokenize(value, q);
    if (tokens.length < 2) continue;
    const fp = tokens.map((t) => t.t).join('');
    const shape = matches(fp, q ? QUOTED_SHAPES : BARE_SHAPES);
    if (!shape) continue;
    if (!q && prose(tokens) && !/U[k(]*\(*S/.test(fp)) continue;
    return { fingerprint: fp, shape: shape.source };
  }
  return undefined;
}
