import { check, unwrapTemplate } from '@fleet/shared-expression';

/** What became of one condition on import. */
export type Translation = { ok: true; expression: string; dialect: string; changed: boolean } | { ok: false; dialect: string; why: string };

const FEEL_URI = /feel/i;
const XPATH_URI = /xpath/i;

/** Applies `f` to the parts of `src` outside string literals ('…' or "…"). */
function outsideStrings(src: string, f: (code: string) => string): string {
  return src
    .split(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/)
    .map((part, i) => (i % 2 === 1 ? part : f(part)))
    .join('');
}

/** JUEL / EL (Camunda 7, Activiti, Flowable): word operators and `empty x`. */
function fromJuel(inner: string): string {
  const words: [RegExp, string][] = [
    [/\beq\b/g, '=='],
    [/\bne\b/g, '!='],
    [/\blt\b/g, '<'],
    [/\bgt\b/g, '>'],
    [/\ble\b/g, '<='],
    [/\bge\b/g, '>='],
    [/\bempty\s+([A-Za-z_][A-Za-z0-9_.]*)/g, 'empty($1)'],
  ];
  return outsideStrings(inner, (code) => words.reduce((s, [re, to]) => s.replace(re, to), code));
}

/** FEEL (Camunda 8, DMN tools): `=` is equality; `not(x)` is a function there, a prefix here (same meaning). */
function fromFeel(src: string): string {
  return outsideStrings(src, (code) => code.replace(/(^|[^=!<>])=(?!=)/g, '$1=='));
}

/** XPath as BPMN 2.0 defines it: `bpmn:getDataObject('x')` reads a data object, `true()`/`false()`. */
function fromXPath(src: string): string {
  const data = src.replace(/(?:[A-Za-z]+:)?getDataObject\(\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\1\s*\)/g, '$2').replace(/\b(true|false)\(\)/g, '$1');
  return fromFeel(data);
}

function result(expression: string, dialect: string, original: string): Translation {
  const c = check(expression);
  if (!c.ok) return { ok: false, dialect, why: `${dialect} condition "${original}" has no translation into Fleet's expression language (${c.message})` };
  return { ok: true, expression, dialect, changed: expression !== unwrapTemplate(original) };
}

/**
 * Translates a BPMN condition into Fleet's expression language. Recognised: JUEL `${…}`/`#{…}`,
 * FEEL (a leading `=`, or a FEEL language URI), XPath (language URI or `getDataObject`). Text with no
 * dialect marker is taken as Fleet's language when it is more than a bare word (a label such as
 * `Approved` or `Yes` is a label, not a condition).
 */
export function translateCondition(body: string, language: string | undefined): Translation {
  const text = body.trim();
  if (/^[$#]\{[\s\S]*\}$/.test(text)) return result(fromJuel(unwrapTemplate(text.replace(/^#/, '$'))), 'JUEL', text);
  if (text.startsWith('=')) return result(fromFeel(text.slice(1).trim()), 'FEEL', text);
  if (language && FEEL_URI.test(language)) return result(fromFeel(text), 'FEEL', text);
  if ((language && XPATH_URI.test(language)) || /getDataObject\(/.test(text)) return result(fromXPath(text), 'XPath', text);
  if (/^[\p{L}\p{N} _-]+$/u.test(text) && !/^(true|false)$/.test(text) && !/(^|\s)(and|or|in|not)\s/.test(text)) {
    return { ok: false, dialect: 'label', why: `condition "${text}" is a label, not an expression` };
  }
  return result(text, 'Fleet', text);
}
