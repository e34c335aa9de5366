import { CatalogErrorCodes, type ArtifactKind } from '@fleet/contracts-catalog';
import { FleetError } from '@fleet/shared-errors';
import { createHash } from 'node:crypto';

/** Largest content of one artifact, in characters. */
export const MAX_CONTENT_LENGTH = 2 * 1024 * 1024;

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** Canonical JSON text: keys sorted at every level, no whitespace. */
export const canonicalJson = (v: unknown): string => JSON.stringify(canonical(v));

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function bad(path: string, reason: string): FleetError {
  return new FleetError(CatalogErrorCodes.VALIDATION, `${path}: ${reason}`, { fields: [{ path, reason }] });
}

/**
 * The stored text of a change's content: BPMN XML as given for `process`; for the other kinds the
 * object (or its JSON text) as canonical JSON. Throws CATALOG.VALIDATION naming the field.
 */
export function normalizeContent(kind: ArtifactKind, content: unknown, path: string): string {
  if (kind === 'process') {
    if (typeof content !== 'string' || content.trim() === '') throw bad(path, 'a process is BPMN 2.0 XML text');
    if (content.length > MAX_CONTENT_LENGTH) throw bad(path, `longer than ${MAX_CONTENT_LENGTH} characters`);
    return content;
  }
  let value = content;
  if (typeof content === 'string') {
    try {
      value = JSON.parse(content) as unknown;
    } catch {
      throw bad(path, 'not valid JSON');
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad(path, `a ${kind} is a JSON object`);
  const text = canonicalJson(value);
  if (text.length > MAX_CONTENT_LENGTH) throw bad(path, `longer than ${MAX_CONTENT_LENGTH} characters`);
  return text;
}
