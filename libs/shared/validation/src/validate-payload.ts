import type { FieldError } from '@fleet/contracts-fleet';
import { FleetError } from '@fleet/shared-errors';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Flattens class-validator's tree into `[{ path, reason }]` with dotted paths. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    for (const reason of Object.values(e.constraints ?? {})) out.push({ path, reason });
    if (e.children?.length) out.push(...toFieldErrors(e.children, path));
  }
  return out;
}

/**
 * Validates a received payload against its contract class and returns a typed instance, or throws
 * `<codePrefix>.VALIDATION` naming every offending field. Unknown properties are refused, so a
 * typo in a field name is an error rather than silently ignored.
 */
export function validatePayload<T extends object>(cls: ClassConstructor<T>, payload: unknown, codePrefix: string): T {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new FleetError(`${codePrefix}.VALIDATION`, 'the request body must be a JSON object', {
      fields: [{ path: '', reason: 'must be a JSON object' }],
    });
  }
  const instance = plainToInstance(cls, payload, { enableImplicitConversion: false });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const fields = toFieldErrors(errors);
    const first = fields[0];
    throw new FleetError(
      `${codePrefix}.VALIDATION`,
      first ? `invalid request: ${first.path ? `${first.path} ` : ''}${first.reason.replace(new RegExp(`^${first.path} `), '')}` : 'invalid request',
      { fields },
    );
  }
  return instance;
}
