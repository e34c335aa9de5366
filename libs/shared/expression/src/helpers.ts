import { ExpressionSyntaxError, type Expr } from './ast';
import { parse } from './parser';

/** The result of checking a source without evaluating it. */
export type ExpressionCheck = { ok: true; variables: string[] } | { ok: false; message: string; position: number };

/** The dotted variable paths an expression reads (`order.amount`), sorted and unique. */
export function variablesOf(tree: Expr): string[] {
  const out = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.type === 'var') out.add(e.path.join('.'));
    else if (e.type === 'list') e.items.forEach(walk);
    else if (e.type === 'index') [e.target, e.index].forEach(walk);
    else if (e.type === 'unary') walk(e.operand);
    else if (e.type === 'binary') [e.left, e.right].forEach(walk);
    else if (e.type === 'call') e.args.forEach(walk);
  };
  walk(tree);
  return [...out].sort();
}

/** Parses without evaluating: ok with the variables read, or the syntax error and its position. */
export function check(source: string): ExpressionCheck {
  try {
    return { ok: true, variables: variablesOf(parse(source)) };
  } catch (err) {
    if (err instanceof ExpressionSyntaxError) return { ok: false, message: err.message, position: err.position };
    throw err;
  }
}

/**
 * The expression inside a `${ … }` wrapper (how BPMN conditions and connector templates embed it,
 * Camunda 7 / Flowable style); any other text is returned trimmed, unchanged.
 */
export function unwrapTemplate(text: string): string {
  const t = text.trim();
  const m = /^\$\{([\s\S]*)\}$/.exec(t);
  return m ? m[1].trim() : t;
}
