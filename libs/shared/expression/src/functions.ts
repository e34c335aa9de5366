import { ExpressionLimits, type Value } from './ast';

/** A whitelisted, pure function: no I/O, no clock, no randomness (same inputs → same result). */
export interface ExpressionFunction {
  minArgs: number;
  maxArgs: number;
  /** Throws a plain Error with a message; the evaluator adds the position. */
  call: (args: Value[]) => Value;
}

const str = (v: Value, fn: string): string => {
  if (typeof v !== 'string') throw new Error(`${fn}() expects a string`);
  return v;
};
const num = (v: Value, fn: string): number => {
  if (typeof v !== 'number') throw new Error(`${fn}() expects a number`);
  return v;
};
const isEmpty = (v: Value): boolean => v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?[0-9]+(\.[0-9]+)?\s*$/.test(v)) return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new Error('number() cannot convert this value');
}

function toText(v: Value): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  if (s.length > ExpressionLimits.maxStringLength) throw new Error('string too long');
  return s;
}

/** The functions an expression may call, by name. */
export const FUNCTIONS: Readonly<Record<string, ExpressionFunction>> = Object.freeze({
  len: { minArgs: 1, maxArgs: 1, call: ([v]) => (typeof v === 'string' || Array.isArray(v) ? v.length : num(null, 'len')) },
  lower: { minArgs: 1, maxArgs: 1, call: ([v]) => str(v, 'lower').toLowerCase() },
  upper: { minArgs: 1, maxArgs: 1, call: ([v]) => str(v, 'upper').toUpperCase() },
  trim: { minArgs: 1, maxArgs: 1, call: ([v]) => str(v, 'trim').trim() },
  contains: { minArgs: 2, maxArgs: 2, call: ([a, b]) => str(a, 'contains').includes(str(b, 'contains')) },
  startsWith: { minArgs: 2, maxArgs: 2, call: ([a, b]) => str(a, 'startsWith').startsWith(str(b, 'startsWith')) },
  endsWith: { minArgs: 2, maxArgs: 2, call: ([a, b]) => str(a, 'endsWith').endsWith(str(b, 'endsWith')) },
  abs: { minArgs: 1, maxArgs: 1, call: ([v]) => Math.abs(num(v, 'abs')) },
  floor: { minArgs: 1, maxArgs: 1, call: ([v]) => Math.floor(num(v, 'floor')) },
  ceil: { minArgs: 1, maxArgs: 1, call: ([v]) => Math.ceil(num(v, 'ceil')) },
  round: {
    minArgs: 1,
    maxArgs: 2,
    call: ([v, d]) => {
      const digits = d === undefined ? 0 : num(d, 'round');
      if (!Number.isInteger(digits) || digits < 0 || digits > 10) throw new Error('round() digits must be an integer from 0 to 10');
      const f = 10 ** digits;
      return Math.round(num(v, 'round') * f) / f;
    },
  },
  min: { minArgs: 1, maxArgs: 16, call: (args) => Math.min(...args.map((a) => num(a, 'min'))) },
  max: { minArgs: 1, maxArgs: 16, call: (args) => Math.max(...args.map((a) => num(a, 'max'))) },
  empty: { minArgs: 1, maxArgs: 1, call: ([v]) => isEmpty(v) },
  coalesce: { minArgs: 1, maxArgs: 16, call: (args) => args.find((a) => a !== null) ?? null },
  number: { minArgs: 1, maxArgs: 1, call: ([v]) => toNumber(v) },
  string: { minArgs: 1, maxArgs: 1, call: ([v]) => toText(v) },
});
