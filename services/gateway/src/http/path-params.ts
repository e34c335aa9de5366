import { validatePayload } from '@fleet/shared-validation';
import type { ClassConstructor } from 'class-transformer';

/** Validates path parameters against a contract class (400 naming the parameter when malformed). */
export function validatePathParams<T extends object>(cls: ClassConstructor<T>, params: Record<string, string>): T {
  return validatePayload(cls, { ...params }, 'GATEWAY');
}

/**
 * Validates a body together with the path parameters it is addressed by (e.g. `companyId` from
 * `/companies/{companyId}/users`), as the one contract request the service expects. A path value
 * wins over the same field in the body.
 */
export function validateRequest<T extends object>(cls: ClassConstructor<T>, params: Record<string, string>, body: unknown): T {
  const merged = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as object), ...params } : body === undefined ? { ...params } : body;
  return validatePayload(cls, merged, 'GATEWAY');
}
