/** A parsed expression: a plain tree, safe to serialize. */
export type Expr =
  | { type: 'literal'; value: Value; pos: number }
  | { type: 'list'; items: Expr[]; pos: number }
  | { type: 'var'; path: string[]; pos: number }
  | { type: 'index'; target: Expr; index: Expr; pos: number }
  | { type: 'unary'; op: 'not' | '-'; operand: Expr; pos: number }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: number }
  | { type: 'call'; name: string; args: Expr[]; pos: number };

export type BinaryOp = 'or' | 'and' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | '+' | '-' | '*' | '/' | '%';

/** What an expression works on and produces: JSON data. */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

/** Limits that keep parsing and evaluation bounded whatever the input. */
export const ExpressionLimits = {
  /** Longest source text, in characters. */
  maxLength: 4096,
  /** Deepest nesting of the tree. */
  maxDepth: 32,
  /** Most nodes in one tree. */
  maxNodes: 500,
  /** Longest string an evaluation may build (concatenation, functions). */
  maxStringLength: 65536,
} as const;

/** The source does not parse; `position` is the 0-based offset of the problem. */
export class ExpressionSyntaxError extends Error {
  readonly code = 'EXPRESSION.SYNTAX';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at ${position}`);
    this.name = 'ExpressionSyntaxError';
  }
}

/** The expression parsed but cannot be evaluated on these variables (type error, division by zero, unknown function...). */
export class ExpressionEvaluationError extends Error {
  readonly code = 'EXPRESSION.EVALUATION';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at ${position}`);
    this.name = 'ExpressionEvaluationError';
  }
}
