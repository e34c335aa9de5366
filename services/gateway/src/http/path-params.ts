import { validatePayload } from '@fleet/shared-validation';
import type { ClassConstructor } from 'class-transformer';

/** Validates path parameters against a contract class (400 naming the parameter when malformed). */
export function validatePathParams<T extends object>(cls: ClassConstructor<T>, params: Record<string, string>): T {
  return validatePayload(cls, { ...params }, 'GATEWAY');
}
