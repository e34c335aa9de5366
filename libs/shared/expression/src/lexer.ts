import { ExpressionSyntaxError } from './ast';

export type Token =
  | { kind: 'num'; value: number; pos: number }
  | { kind: 'str'; value: string; pos: number }
  | { kind: 'ident'; value: string; pos: number }
  | { kind: 'op'; value: string; pos: number }
  | { kind: 'eof'; pos: number };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '!', '(', ')', '[', ']', ',', '.'];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

function readString(src: string, start: number): { value: string; end: number } {
  const quote = src[start];
  let out = '';
  let i = start + 1;
  while (i < src.length && src[i] !== quote) {
    if (src[i] === '\\') {
      const e = src[i + 1];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      if (e === undefined || !(e in ESCAPES)) throw new ExpressionSyntaxError('unknown escape in string', i);
      out += ESCAPES[e];
      i += 2;
      continue;
    }
    out += src[i];
    i += 1;
  }
  if (i >= src.length) throw new ExpressionSyntaxError('unterminated string', start);
  return { value: out, end: i + 1 };
}

function readNumber(src: string, start: number): { value: number; end: number } {
  const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(start));
  const text = m?.[0] ?? '';
  const value = Number(text);
  if (!Number.isFinite(value)) throw new ExpressionSyntaxError('number out of range', start);
  return { value, end: start + text.length };
}

/** Splits a source into tokens (whitespace is skipped). */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '"' || c === "'") {
      const s = readString(src, i);
      tokens.push({ kind: 'str', value: s.value, pos: i });
      i = s.end;
    } else if (DIGIT.test(c)) {
      const n = readNumber(src, i);
      tokens.push({ kind: 'num', value: n.value, pos: i });
      i = n.end;
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < src.length && IDENT_PART.test(src[j])) j += 1;
      tokens.push({ kind: 'ident', value: src.slice(i, j), pos: i });
      i = j;
    } else {
      const op = OPERATORS.find((o) => src.startsWith(o, i));
      if (!op) throw new ExpressionSyntaxError(`unexpected character ${JSON.stringify(c)}`, i);
      tokens.push({ kind: 'op', value: op, pos: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'eof', pos: src.length });
  return tokens;
}
