import { ExpressionEvaluationError, ExpressionLimits, type BinaryOp, type Expr, type Value } from './ast';
import { FUNCTIONS } from './functions';
import { parse } from './parser';

/** The variables an expression reads: a plain JSON-like object (only own properties are visible). */
export type Variables = Readonly<Record<string, unknown>>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/** Turns whatever the caller stored into a Value: functions, class instances, symbols... read as null. */
function asValue(v: unknown): Value {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v) || isPlainObject(v)) return v as Value;
  return null;
}

function member(target: Value, key: Value, pos: number): Value {
  if (target === null) return null;
  if (Array.isArray(target)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) throw new ExpressionEvaluationError('a list index must be an integer', pos);
    return key >= 0 && key < target.length ? asValue(target[key]) : null;
  }
  if (isPlainObject(target)) {
    if (typeof key !== 'string') throw new ExpressionEvaluationError('a property name must be a string', pos);
    return Object.prototype.hasOwnProperty.call(target, key) ? asValue(target[key]) : null;
  }
  throw new ExpressionEvaluationError(`cannot read property of a ${typeof target}`, pos);
}

function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const ob = b as Record<string, Value>;
  return ka.length === Object.keys(ob).length && ka.every((k) => Object.prototype.hasOwnProperty.call(ob, k) && deepEqual((a as Record<string, Value>)[k], ob[k]));
}

function truth(v: Value, pos: number): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  throw new ExpressionEvaluationError(`expected a boolean but got a ${Array.isArray(v) ? 'list' : typeof v}`, pos);
}

function numbers(l: Value, r: Value, op: string, pos: number): [number, number] {
  if (typeof l !== 'number' || typeof r !== 'number') throw new ExpressionEvaluationError(`"${op}" needs two numbers`, pos);
  return [l, r];
}

function concat(l: Value, r: Value, pos: number): string {
  const part = (v: Value) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new ExpressionEvaluationError('"+" joins strings with strings, numbers or booleans only', pos);
  };
  const s = part(l) + part(r);
  if (s.length > ExpressionLimits.maxStringLength) throw new ExpressionEvaluationError(`string longer than ${ExpressionLimits.maxStringLength} characters`, pos);
  return s;
}

function order(l: Value, r: Value, op: string, pos: number): boolean {
  if (!((typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string'))) {
    throw new ExpressionEvaluationError(`"${op}" compares two numbers or two strings`, pos);
  }
  if (op === '<') return l < r;
  if (op === '<=') return l <= r;
  if (op === '>') return l > r;
  return l >= r;
}

function contains(l: Value, r: Value, pos: number): boolean {
  if (Array.isArray(r)) return r.some((x) => deepEqual(asValue(x), l));
  if (typeof r === 'string' && typeof l === 'string') return r.includes(l);
  throw new ExpressionEvaluationError('"in" needs a list, or a string in a string', pos);
}

function arithmetic(op: BinaryOp, l: Value, r: Value, pos: number): Value {
  if (op === '+') {
    if (typeof l === 'string' || typeof r === 'string') return concat(l, r, pos);
    const [a, b] = numbers(l, r, op, pos);
    return a + b;
  }
  const [a, b] = numbers(l, r, op, pos);
  if ((op === '/' || op === '%') && b === 0) throw new ExpressionEvaluationError('division by zero', pos);
  const v = op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b;
  if (!Number.isFinite(v)) throw new ExpressionEvaluationError('number out of range', pos);
  return v;
}

class Evaluator {
  constructor(private readonly vars: Variables) {}

  eval(e: Expr): Value {
    switch (e.type) {
      case 'literal':
        return e.value;
      case 'list':
        return e.items.map((i) => this.eval(i));
      case 'var':
        return e.path.slice(1).reduce<Value>((v, k) => member(v, k, e.pos), Object.prototype.hasOwnProperty.call(this.vars, e.path[0]) ? asValue(this.vars[e.path[0]]) : null);
      case 'index':
        return member(this.eval(e.target), this.eval(e.index), e.pos);
      case 'unary':
        return e.op === 'not' ? !truth(this.eval(e.operand), e.pos) : -numbers(0, this.eval(e.operand), '-', e.pos)[1];
      case 'call':
        return this.call(e.name, e.args, e.pos);
      case 'binary':
        return this.binary(e.op, e.left, e.right, e.pos);
    }
  }

  private call(name: string, args: Expr[], pos: number): Value {
    const f = FUNCTIONS[name];
    try {
      return f.call(args.map((a) => this.eval(a)));
    } catch (err) {
      if (err instanceof ExpressionEvaluationError) throw err;
      throw new ExpressionEvaluationError((err as Error).message, pos);
    }
  }

  private binary(op: BinaryOp, left: Expr, right: Expr, pos: number): Value {
    if (op === 'and') return truth(this.eval(left), left.pos) && truth(this.eval(right), right.pos);
    if (op === 'or') return truth(this.eval(left), left.pos) || truth(this.eval(right), right.pos);
    const l = this.eval(left);
    const r = this.eval(right);
    switch (op) {
      case '==':
        return deepEqual(l, r);
      case '!=':
        return !deepEqual(l, r);
      case '<':
      case '<=':
      case '>':
      case '>=':
        return order(l, r, op, pos);
      case 'in':
        return contains(l, r, pos);
      case 'not in':
        return !contains(l, r, pos);
      default:
        return arithmetic(op, l, r, pos);
    }
  }
}

/** Evaluates a source or a parsed tree against variables; a missing variable or property reads as null. */
export function evaluate(expression: string | Expr, variables: Variables = {}): Value {
  const tree = typeof expression === 'string' ? parse(expression) : expression;
  return new Evaluator(variables).eval(tree);
}

/** Evaluates a condition: the result must be a boolean (null counts as false). */
export function evaluateCondition(expression: string | Expr, variables: Variables = {}): boolean {
  const tree = typeof expression === 'string' ? parse(expression) : expression;
  return truth(new Evaluator(variables).eval(tree), tree.pos);
}
