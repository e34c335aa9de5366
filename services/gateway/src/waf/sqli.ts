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

const OPERATOR_CHARS = '=<>!+-*/%|&^~:';

/** Tokenizes lower-cased text; `start` is the quote the value is assumed to be inside ('' for none). */
export function tokenize(s: string, start: string, max = 24): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  if (start) {
    // the value continues a string literal opened before it: it ends at the first unescaped quote
    let close = -1;
    for (let j = 0; j < s.length; j += 1) {
      if (s[j] === '\\') j += 1;
      else if (s[j] === start && s[j + 1] === start) j += 1;
      else if (s[j] === start) {
        close = j;
        break;
      }
    }
    if (close < 0) return out;
    out.push({ t: 's', v: s.slice(0, close) });
    i = close + 1;
  }
  while (i < s.length && out.length < max) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f' || c === '\u00a0') {
      i += 1;
    } else if (c === "'" || c === '"' || c === '`') {
      const j = readString(s, i, c);
      out.push({ t: c === '`' ? 'n' : 's', v: s.slice(i, j) });
      i = j;
    } else if (c === '/' && s[i + 1] === '*') {
      const e = s.indexOf('*/', i + 2);
      const inner = s.slice(i + 2, e < 0 ? s.length : e);
      if (inner.startsWith('!')) {
        // MySQL executable comment: its content is SQL
        s = `${s.slice(0, i)} ${inner.replace(/^!\d*/, '')} ${e < 0 ? '' : s.slice(e + 2)}`;
      } else {
        out.push({ t: 'c', v: '/*' });
        i = e < 0 ? s.length : e + 2;
      }
    } else if ((c === '-' && s[i + 1] === '-') || c === '#') {
      out.push({ t: 'c', v: c });
      const e = s.indexOf('\n', i);
      i = e < 0 ? s.length : e + 1;
    } else if (c === '@') {
      let j = i + 1;
      while (j < s.length && (s[j] === '@' || isWordChar(s[j]))) j += 1;
      out.push({ t: 'v', v: s.slice(i, j) });
      i = j;
    } else if (c === '(' || c === ')' || c === ',' || c === ';') {
      out.push({ t: c, v: c });
      i += 1;
    } else if (OPERATOR_CHARS.includes(c)) {
      let j = i + 1;
      while (j < s.length && j - i < 3 && OPERATOR_CHARS.includes(s[j]) && !(s[j] === '-' && s[j + 1] === '-')) j += 1;
      const op = s.slice(i, j);
      out.push({ t: op === '&&' || op === '||' ? '&' : 'o', v: op });
      i = j;
    } else if (isWordChar(c)) {
      let j = i + 1;
      while (j < s.length && isWordChar(s[j])) j += 1;
      const w = s.slice(i, j);
      let k = j;
      while (s[k] === ' ') k += 1;
      out.push({ t: wordType(w, s[k] ?? ''), v: w });
      i = j;
    } else {
      i += 1;
    }
  }
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
