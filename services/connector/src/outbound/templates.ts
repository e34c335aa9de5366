/** A template that cannot be rendered (missing variable or parameter): the message names it, never a value. */
export class TemplateError extends Error {}

const PLACEHOLDER = /\{\{\s*(param:)?([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

/** How a variable is inserted: percent-encoded (URL), as JSON (body), or as text (headers, query). */
export type InsertMode = 'url' | 'json' | 'text';

/** Reads `a.b.c` from the input variables. */
export function variableOf(input: Record<string, unknown>, path: string): unknown {
  let v: unknown = input;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** The parameter names a template uses (to resolve only those). */
export function parametersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].filter((m) => m[1]).map((m) => m[2]!);
}

/**
 * Renders `{{var}}` and `{{param:NAME}}`. Parameters are inserted as they are (base URLs, keys);
 * variables according to `mode`.
 */
export function render(template: string, input: Record<string, unknown>, params: ReadonlyMap<string, string>, mode: InsertMode): string {
  return template.replace(PLACEHOLDER, (_m, isParam: string | undefined, name: string) => {
    if (isParam) {
      const p = params.get(name);
      if (p === undefined) throw new TemplateError(`parameter ${name} is not set in this environment`);
      return p;
    }
    const v = variableOf(input, name);
    if (mode === 'json') return JSON.stringify(v === undefined ? null : v);
    if (v === undefined || v === null) throw new TemplateError(`variable ${name} is missing`);
    const text = typeof v === 'object' ? JSON.stringify(v) : String(v as string | number | boolean);
    return mode === 'url' ? encodeURIComponent(text) : text;
  });
}

/**
 * Reads a JSON path of the subset `$`, `.key`, `['key']`, `[n]` (e.g. `$.items[0].id`); undefined
 * when absent. Anything else is a TemplateError.
 */
export function readJsonPath(doc: unknown, path: string): unknown {
  if (!path.startsWith('$')) throw new TemplateError(`response mapping ${path} must start with $`);
  const tokens = /(\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\])/g;
  let rest = path.slice(1);
  let v: unknown = doc;
  let m: RegExpExecArray | null;
  tokens.lastIndex = 0;
  let consumed = 0;
  while ((m = tokens.exec(rest)) !== null) {
    if (m.index !== consumed) throw new TemplateError(`response mapping ${path} is not a supported JSON path`);
    consumed = m.index + m[0].length;
    const key = m[2] ?? m[4] ?? (m[3] !== undefined ? Number(m[3]) : undefined);
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key as string | number];
  }
  if (consumed !== rest.length) throw new TemplateError(`response mapping ${path} is not a supported JSON path`);
  rest = '';
  return v;
}
