import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';

const ERROR_TEXT: Record<number, string> = {
  400: 'invalid request: details.fields names each offending field',
  401: 'missing or invalid access token (or, on sign-in and refresh, any refused credential: one generic body)',
  403: 'not allowed',
  404: 'not found (or not visible to the caller)',
  409: 'conflict with the current state',
  423: 'locked: checked out by someone else (details name the holder)',
  503: 'the service behind this route is unavailable (Retry-After)',
  504: 'the service behind this route did not answer in time',
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * Documents a route (`reply` omitted: no body, e.g. 204) with the contract classes it carries (their JSON schemas come from the
 * class-validator rules, see openapi.ts) and the error envelope for each error status.
 */
export function ApiContract(o: { body?: string; query?: string; ok: number; reply?: string; errors: number[] }): MethodDecorator {
  return applyDecorators(
    ...(o.body ? [ApiBody({ schema: ref(o.body) })] : []),
    ...(o.query ? [ApiQuery({ name: 'query', required: false, schema: ref(o.query), style: 'form', explode: true })] : []),
    ApiResponse(o.reply ? { status: o.ok, schema: ref(o.reply) } : { status: o.ok, description: 'no content' }),
    ...o.errors.map((s) => ApiResponse({ status: s, description: ERROR_TEXT[s], schema: ref('ErrorBody') })),
  );
}
