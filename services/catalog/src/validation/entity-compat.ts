import type { EntityContent } from '@fleet/contracts-catalog';

type Attribute = EntityContent['attributes'][number];

/** Type changes stored data survives (every old value is a valid new value). */
const WIDENINGS: Record<string, string[]> = { string: ['text'], integer: ['decimal', 'string', 'text'], date: ['datetime'], decimal: ['string', 'text'], boolean: ['string', 'text'] };

/**
 * Changes to an entity that would break data already stored under the old definition: an attribute
 * removed, its type changed other than a widening, made required, a shorter maxLength, another key.
 * Each finding is `[attribute or 'key', message]`.
 */
function attributeChanges(old: Attribute, a: Attribute | undefined): string[] {
  if (!a) return [`attribute ${old.name} is removed: stored values would be lost`];
  const out: string[] = [];
  if (a.type !== old.type && !(WIDENINGS[old.type] ?? []).includes(a.type)) out.push(`attribute ${old.name} changes type ${old.type} → ${a.type}: stored values may not convert`);
  if (a.required && !old.required) out.push(`attribute ${old.name} becomes required: stored records may lack it`);
  if (a.maxLength !== undefined && (old.maxLength === undefined || a.maxLength < old.maxLength)) out.push(`attribute ${old.name} gets a shorter maxLength: stored values may be too long`);
  return out;
}

export function breakingChanges(before: EntityContent, after: EntityContent): [string, string][] {
  const out: [string, string][] = [];
  const now = new Map<string, Attribute>((after.attributes ?? []).map((a) => [a.name, a]));
  for (const old of before.attributes ?? []) for (const m of attributeChanges(old, now.get(old.name))) out.push([old.name, m]);
  for (const a of after.attributes ?? []) {
    if (a.required && !(before.attributes ?? []).some((o) => o.name === a.name)) out.push([a.name, `new attribute ${a.name} is required: stored records have no value`]);
  }
  if (JSON.stringify(before.key ?? []) !== JSON.stringify(after.key ?? [])) out.push(['key', 'the key changes: stored records may collide or lose identity']);
  return out;
}
