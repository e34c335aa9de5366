import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { validatePayload } from './validate-payload';

const PRIMITIVES: unknown[] = [String, Boolean, Number, Array, Object, undefined];

/**
 * Validates every `@Payload()` (and, over HTTP, `@Body()` / `@Query()`) whose declared type is a
 * contract class, and hands the handler a typed instance. Invalid payloads are answered
 * `<SERVICE>.VALIDATION` with the offending fields.
 */
@Injectable()
export class ContractValidationPipe implements PipeTransform {
  constructor(private readonly codePrefix: string) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if ((metadata.type !== 'body' && metadata.type !== 'query') || PRIMITIVES.includes(metadata.metatype)) return value;
    if (metadata.type === 'query' && (value === undefined || value === null)) value = {};
    return validatePayload(metadata.metatype as new () => object, value, this.codePrefix);
  }
}
