import { ExpressionLimits, ExpressionSyntaxError, type BinaryOp, type Expr } from './ast';
import { FUNCTIONS } from './functions';
import { tokenize, type Token } from './lexer';

/** Names that may never be a variable or property: they reach prototypes in JavaScript. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'prototype', 'constructor', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);
const COMPARISON = new Set(['==', '!=', '<', '<=', '>', '>=']);

class Parser {
  private i = 0;
  private depth = 0;
  private nodes = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Expr {
    const e = this.or();
    const t = this.peek();
    if (t.kind !== 'eof') throw new ExpressionSyntaxError(`unexpected ${describe(t)}`, t.pos);
    return e;
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    const t = this.tokens[this.i];
    if (t.kind !== 'eof') this.i += 1;
    return t;
  }

  private isOp(value: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.value === value;
  }

  private isWord(value: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.value === value;
  }

  private expectOp(value: string): Token {
    const t = this.next();
    if (t.kind !== 'op' || t.value !== value) throw new ExpressionSyntaxError(`expected "${value}" but found ${describe(t)}`, t.pos);
    return t;
  }

  private node<T extends Expr>(e: T): T {
    this.nodes += 1;
    if (this.nodes > ExpressionLimits.maxNodes) throw new ExpressionSyntaxError(`expression has more than ${ExpressionLimits.maxNodes} nodes`, e.pos);
    return e;
  }

  private nested<T>(pos: number, f: () => T): T {
    this.depth += 1;
    if (this.depth > ExpressionLimits.maxDepth) throw new ExpressionSyntaxError(`expression nests deeper than ${ExpressionLimits.maxDepth}`, pos);
    try {
      return f();
    } finally {
      this.depth -= 1;
    }
  }

  private binaryChain(next: () => Expr, match: () => BinaryOp | undefined): Expr {
    let left = next();
    for (let op = match(); op; op = match()) {
      const t = this.next();
      const right = this.nested(t.pos, next);
      left = this.node({ type: 'binary', op, left, right, pos: t.pos });
    }
    return left;
  }

  private or(): Expr {
    return this.nested(this.peek().pos, () => this.binaryChain(() => this.and(), () => (this.isWord('or') || this.isOp('||') ? 'or' : undefined)));
  }

  private and(): Expr {
    return this.binaryChain(() => this.not(), () => (this.isWord('and') || this.isOp('&&') ? 'and' : undefined));
  }

  private not(): Expr {
    const t = this.peek();
    if ((t.kind === 'ident' && t.value === 'not') || (t.kind === 'op' && t.value === '!')) {
      this.next();
      return this.node({ type: 'unary', op: 'not', operand: this.nested(t.pos, () => this.not()), pos: t.pos });
    }
    return this.comparison();
  }

  private comparisonOp(): BinaryOp | undefined {
    const t = this.peek();
    if (t.kind === 'op' && COMPARISON.has(t.value)) return t.value as BinaryOp;
    if (this.isWord('in')) return 'in';
    const after = this.tokens[this.i + 1];
    if (this.isWord('not') && after?.kind === 'ident' && after.value === 'in') return 'not in';
    return undefined;
  }

  private comparison(): Expr {
    const left = this.additive();
    const op = this.comparisonOp();
    if (!op) return left;
    const t = this.next();
    if (op === 'not in') this.next();
    const right = this.nested(t.pos, () => this.additive());
    if (this.comparisonOp()) throw new ExpressionSyntaxError('comparisons do not chain: use and', this.peek().pos);
    return this.node({ type: 'binary', op, left, right, pos: t.pos });
  }

  private additive(): Expr {
    return this.binaryChain(() => this.multiplicative(), () => (this.isOp('+') ? '+' : this.isOp('-') ? '-' : undefined));
  }

  private multiplicative(): Expr {
    return this.binaryChain(() => this.unary(), () => {
      const t = this.peek();
      return t.kind === 'op' && (t.value === '*' || t.value === '/' || t.value === '%') ? t.value : undefined;
    });
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && t.value === '-') {
      this.next();
      return this.node({ type: 'unary', op: '-', operand: this.nested(t.pos, () => this.unary()), pos: t.pos });
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        const dot = this.next();
        const name = this.next();
        if (name.kind !== 'ident') throw new ExpressionSyntaxError(`expected a property name after "." but found ${describe(name)}`, name.pos);
        checkName(name.value, name.pos);
        e = e.type === 'var' ? this.node({ ...e, path: [...e.path, name.value] }) : this.node({ type: 'index', target: e, index: { type: 'literal', value: name.value, pos: name.pos }, pos: dot.pos });
      } else if (this.isOp('[')) {
        const open = this.next();
        const index = this.nested(open.pos, () => this.or());
        this.expectOp(']');
        e = this.node({ type: 'index', target: e, index, pos: open.pos });
      } else {
        return e;
      }
    }
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'num' || t.kind === 'str') return this.node({ type: 'literal', value: t.value, pos: t.pos });
    if (t.kind === 'op' && t.value === '(') {
      const e = this.nested(t.pos, () => this.or());
      this.expectOp(')');
      return e;
    }
    if (t.kind === 'op' && t.value === '[') return this.node({ type: 'list', items: this.list(']', t.pos), pos: t.pos });
    if (t.kind === 'ident') return this.identifier(t);
    throw new ExpressionSyntaxError(t.kind === 'eof' ? 'unexpected end of expression' : `unexpected ${describe(t)}`, t.pos);
  }

  private identifier(t: Token & { kind: 'ident' }): Expr {
    if (t.value === 'true' || t.value === 'false') return this.node({ type: 'literal', value: t.value === 'true', pos: t.pos });
    if (t.value === 'null') return this.node({ type: 'literal', value: null, pos: t.pos });
    if (KEYWORDS.has(t.value)) throw new ExpressionSyntaxError(`unexpected keyword "${t.value}"`, t.pos);
    if (this.isOp('(')) {
      const open = this.next();
      if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, t.value)) throw new ExpressionSyntaxError(`unknown function "${t.value}"`, t.pos);
      const args = this.list(')', open.pos);
      const f = FUNCTIONS[t.value];
      if (args.length < f.minArgs || args.length > f.maxArgs) throw new ExpressionSyntaxError(`${t.value}() takes ${f.minArgs === f.maxArgs ? f.minArgs : `${f.minArgs} to ${f.maxArgs}`} arguments`, t.pos);
      return this.node({ type: 'call', name: t.value, args, pos: t.pos });
    }
    checkName(t.value, t.pos);
    return this.node({ type: 'var', path: [t.value], pos: t.pos });
  }

  private list(close: string, pos: number): Expr[] {
    const items: Expr[] = [];
    if (this.isOp(close)) {
      this.next();
      return items;
    }
    for (;;) {
      items.push(this.nested(pos, () => this.or()));
      if (this.isOp(',')) {
        this.next();
        continue;
      }
      this.expectOp(close);
      return items;
    }
  }
}

function checkName(name: string, pos: number): void {
  if (FORBIDDEN_NAMES.has(name)) throw new ExpressionSyntaxError(`the name "${name}" is not allowed`, pos);
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of expression';
  if (t.kind === 'str') return 'a string';
  return `"${String(t.value)}"`;
}

/** Parses a source text into a tree, or throws ExpressionSyntaxError (position included). Bounded in length, depth and size. */
export function parse(source: string): Expr {
  if (typeof source !== 'string') throw new ExpressionSyntaxError('an expression must be a string', 0);
  if (source.length > ExpressionLimits.maxLength) throw new ExpressionSyntaxError(`expression is longer than ${ExpressionLimits.maxLength} characters`, ExpressionLimits.maxLength);
  if (source.trim() === '') throw new ExpressionSyntaxError('empty expression', 0);
  return new Parser(tokenize(source)).parseAll();
}
