/**
 * Natural-language text (a comment, a description, a runbook in Markdown): at least six words and
 * mostly letters and spaces. Keyword-driven rules that prose also triggers skip such values; the
 * structural rules (quote break-outs, tags with handlers, stacked statements) still apply.
 */
export function looksLikeProse(v: string): boolean {
  if (v.length < 24) return false;
  const words = v.match(/[a-z\u00c0-\u024f]{2,}/g);
  if (!words || words.length < 6) return false;
  let letters = 0;
  for (const w of words) letters += w.length + 1;
  return letters / v.length >= 0.7;
}
