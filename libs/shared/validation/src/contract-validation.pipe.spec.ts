import { FleetError } from '@fleet/shared-errors';
import type { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ContractValidationPipe } from './contract-validation.pipe';

class RenameRequest {
  @IsString()
  name!: string;
}

class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

describe('ContractValidationPipe', () => {
  const pipe = new ContractValidationPipe('PLATFORM');

  describe('transform()', () => {
    describe('when the argument is a body typed with a contract class', () => {
      const metadata: ArgumentMetadata = { type: 'body', metatype: RenameRequest };

      it('should hand the handler a validated instance', () => {
        const value = pipe.transform({ name: 'Acme' }, metadata);

        expect(value).toBeInstanceOf(RenameRequest);
        expect(value).toEqual({ name: 'Acme' });
      });

      it('should throw <prefix>.VALIDATION naming the bad field', () => {
        expect(() => pipe.transform({ name: 7 }, metadata)).toThrow(
          expect.objectContaining({ code: 'PLATFORM.VALIDATION', details: { fields: [{ path: 'name', reason: 'name must be a string' }] } }),
        );
      });

      it('should refuse a body that is not an object', () => {
        expect(() => pipe.transform(undefined, metadata)).toThrow(FleetError);
      });
    });

    describe('when the argument is a query typed with a contract class', () => {
      const metadata: ArgumentMetadata = { type: 'query', metatype: PageQuery };

      it('should convert query-string numbers', () => {
        expect(pipe.transform({ limit: '5' }, metadata)).toEqual({ limit: 5 });
      });

      it.each([[undefined], [null]])('should validate an absent query (%p) as an empty object', (query) => {
        const value = pipe.transform(query, metadata);

        expect(value).toBeInstanceOf(PageQuery);
        expect((value as PageQuery).limit).toBeUndefined();
      });

      it('should reject a bad query parameter', () => {
        expect(() => pipe.transform({ limit: 'abc' }, metadata)).toThrow(expect.objectContaining({ code: 'PLATFORM.VALIDATION' }));
      });
    });

    describe('when the declared type is a primitive or missing', () => {
      it.each([
        ['String', String],
        ['Number', Number],
        ['Boolean', Boolean],
        ['Array', Array],
        ['Object', Object],
        ['no type', undefined],
      ])('should pass a body typed %s through unchanged', (_what, metatype) => {
        const value = { anything: ['goes'] };

        expect(pipe.transform(value, { type: 'body', metatype })).toBe(value);
      });
    });

    describe('when the argument is not a body or a query', () => {
      it.each(['param', 'custom'] as const)('should pass a %s argument through unvalidated', (type) => {
        const value = { name: 7, extra: true };

        expect(pipe.transform(value, { type, metatype: RenameRequest })).toBe(value);
      });
    });
  });
});
