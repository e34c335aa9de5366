/**
 * Cross-site scripting by reading the value as HTML: tags are found and judged by name and
 * attributes, so `<b>bold</b>` or "a < b > c" in a description is text, while a script-capable
 * tag, an event handler attribute or a `javascript:` URL is an attack.
 */

import { looksLikeProse } from './prose';

const DANGEROUS_TAGS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'base', 'link', 'meta', 'style',
  'xss', 'isindex', 'xml', 'import', 'vmlframe', 'bgsound', 'layer', 'ilayer', 'portal', 'template', 'animate', 'set',
  'handler', 'listener', 'xmp', 'plaintext', 'noscript', 'marquee', 'form', 'button', 'keygen', 'video', 'audio', 'source',
]);
const URL_ATTRS = /^(?:href|src|action|formaction|data|background|lowsrc|dynsrc|poster|xlink:href|codebase|srcdoc|values|to|from|by)$/;
// eslint-disable-next-line no-control-regex -- browsers skip control characters before a URL scheme
const SCRIPT_URL = /^[\s\x00-\x20]*(?:javascript|vbscript|livescript|data\s*:\s*(?:text\/html|image\/svg|application\/(?:x-)?(?:javascript|ecmascript|xhtml))|mocha|jscript)/;

export interface XssResult {
  reason: string;
}

function attrs(tag: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const re = /[\s/"']([a-z_:][\w:.-]{0,64})\s*(?:=\s*("[^"]*"|'[^']*'|`[^`]*`|[^\s>]*))?/g;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(tag)) !== null && n < 64) {
    n += 1;
    out.push([m[1], (m[2] ?? '').replace(/^["'`]|["'`]$/g, '')]);
  }
  return out;
}

function judgeTag(name: string, tag: string, value: string): string | undefined {
  if (DANGEROUS_TAGS.has(name) && (!looksLikeProse(value) || tag.trim().length > 0 || value.includes(`</${name}`))) return `tag <${name}>`;
  for (const [a, v] of attrs(tag)) {
    if (/^on[a-z]{3,}$/.test(a) && tag.includes('=')) return `event handler ${a}`;
    // eslint-disable-next-line no-control-regex -- browsers ignore control characters inside a scheme
    if (URL_ATTRS.test(a) && SCRIPT_URL.test(v.replace(/[\s\x00-\x1f]/g, ''))) return `script URL in ${a}`;
    if (a === 'style' && /expression\s*\(|url\s*\(\s*['"]?\s*(?:javascript|vbscript)|-moz-binding|behavior\s*:/.test(v)) return 'script in style';
  }
  return undefined;
}

/** `value` is decoded and lower-cased. */
export function detectXss(value: string): XssResult | undefined {
  if (!value.includes('<')) return attributeBreakout(value);
  const re = /<[\s/]{0,8}([a-z][a-z0-9:_-]{0,40})([^<>]{0,2048})(>|$)/g;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(value)) !== null && n < 256) {
    n += 1;
    const name = m[1].replace(/^.*:/, '');
    const reason = judgeTag(name, ` ${m[2]}`, value);
    if (reason) return { reason };
  }
  if (/<!\[cdata\[|<!--|<\?xml|<%/.test(value) && /script|on[a-z]{3,}=|javascript:/.test(value)) return { reason: 'markup hiding script' };
  return attributeBreakout(value);
}

/** A value that closes an attribute (`" onmouseover="…`) or starts a script URL on its own. */
function attributeBreakout(value: string): XssResult | undefined {
  if (/["'`][\s/]*on[a-z]{3,}\s*=/.test(value)) return { reason: 'attribute break-out with event handler' };
  // eslint-disable-next-line no-control-regex -- as above
  if (SCRIPT_URL.test(value) && /^[\s\x00-\x20]*(?:javascript|vbscript|livescript|mocha|jscript)\s*:|data\s*:/.test(value)) return { reason: 'script URL' };
  return undefined;
}
