import { FleetError } from '@fleet/shared-errors';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsEmail, IsInt, IsOptional, IsString, Length, Min, ValidateNested, type ValidationError } from 'class-validator';
import { toFieldErrors, validatePayload } from './validate-payload';

class Owner {
  @IsEmail()
  email!: string;

  @IsOptional()
  @IsString()
  name?: string;
}

class Seat {
  @IsInt()
  @Min(1)
  count!: number;
}

/** A request with nested objects and arrays, like the contract DTOs will have. */
class CreateTeamRequest {
  @IsString()
  @Length(2, 20)
  name!: string;

  @ValidateNested()
  @Type(() => Owner)
  owner!: Owner;

  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @Type(() => Seat)
  seats!: Seat[];
}

const aCreateTeamRequest = (over: Record<string, unknown> = {}) => ({
  name: 'Core',
  owner: { email: 'lead@example.com' },
  seats: [{ count: 3 }],
  ...over,
});

/** The validation error for `payload`; fails the test when the payload passes. */
function rejectionOf(payload: unknown, prefix = 'PLATFORM'): FleetError {
  try {
    validatePayload(CreateTeamRequest, payload, prefix);
  } catch (err) {
    if (err instanceof FleetError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(payload)} to be rejected`);
}

const pathsOf = (err: FleetError) => [...new Set((err.details?.fields ?? []).map((f) => f.path))].sort();

describe('validatePayload()', () => {
  describe('when the payload is valid', () => {
    it('should return an instance of the contract class, nested instances included', () => {
      const req = validatePayload(CreateTeamRequest, aCreateTeamRequest(), 'PLATFORM');

      expect(req).toBeInstanceOf(CreateTeamRequest);
      expect(req.owner).toBeInstanceOf(Owner);
      expect(req.seats[0]).toBeInstanceOf(Seat);
      expect(req).toEqual(aCreateTeamRequest());
    });

    it('should not convert types implicitly', () => {
      expect(pathsOf(rejectionOf(aCreateTeamRequest({ seats: [{ count: '3' }] })))).toEqual(['seats.0.count']);
    });
  });

  describe('when the body is not a JSON object', () => {
    it.each([
      ['null', null],
      ['undefined', undefined],
      ['a string', '{"name":"Core"}'],
      ['a number', 42],
      ['a boolean', true],
      ['an array', [aCreateTeamRequest()]],
      ['an empty array', []],
    ])('should answer <prefix>.VALIDATION for %s', (_what, payload) => {
      const err = rejectionOf(payload, 'WORK_PORTAL');

      expect(err.code).toBe('WORK_PORTAL.VALIDATION');
      expect(err.message).toBe('the request body must be a JSON object');
      expect(err.details).toEqual({ fields: [{ path: '', reason: 'must be a JSON object' }] });
    });
  });

  describe('when a top-level field is invalid', () => {
    it('should name the field and explain it in the message', () => {
      const err = rejectionOf(aCreateTeamRequest({ name: 'C' }));

      expect(err.code).toBe('PLATFORM.VALIDATION');
      expect(err.details?.fields).toEqual([{ path: 'name', reason: 'name must be longer than or equal to 2 characters' }]);
      expect(err.message).toBe('invalid request: name must be longer than or equal to 2 characters');
    });
  });

  describe('when nested fields are invalid', () => {
    it('should name them with dotted paths, array indexes included', () => {
      const err = rejectionOf(aCreateTeamRequest({ owner: { email: 'not-an-email' }, seats: [{ count: 1 }, { count: 0 }] }));

      expect(err.details?.fields).toEqual([
        { path: 'owner.email', reason: 'email must be an email' },
        { path: 'seats.1.count', reason: 'count must not be less than 1' },
      ]);
    });

    it('should reject an unknown property inside a nested object by its path', () => {
      expect(pathsOf(rejectionOf(aCreateTeamRequest({ owner: { email: 'a@b.co', role: 'admin' } })))).toEqual(['owner.role']);
    });
  });

  describe('when several fields are invalid', () => {
    it('should name every one of them', () => {
      expect(pathsOf(rejectionOf({ name: 1, owner: {}, seats: [] }))).toEqual(['name', 'owner.email', 'seats']);
    });
  });

  describe('when the contract class declares no fields (an empty request such as HealthCheckRequest)', () => {
    class EmptyRequest {}

    // Regression: with `forbidUnknownValues: true` class-validator refused every object whose class
    // has no validation metadata, so requests typed with an empty contract class always failed.
    it('should accept an empty object', () => {
      expect(validatePayload(EmptyRequest, {}, 'PLATFORM')).toBeInstanceOf(EmptyRequest);
    });

    it('should still reject an unknown property by name', () => {
      const err = (() => {
        try {
          validatePayload(EmptyRequest, { extra: 1 }, 'PLATFORM');
        } catch (e) {
          return e as FleetError;
        }
        throw new Error('expected a rejection');
      })();

      expect(err.details?.fields).toEqual([{ path: 'extra', reason: 'property extra should not exist' }]);
    });
  });

  describe('when an unknown property is sent', () => {
    it('should reject it rather than drop it silently', () => {
      const err = rejectionOf(aCreateTeamRequest({ nmae: 'typo' }));

      expect(err.details?.fields).toEqual([{ path: 'nmae', reason: 'property nmae should not exist' }]);
    });
  });
});

describe('toFieldErrors()', () => {
  const error = (property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError =>
    ({ property, constraints, children }) as ValidationError;

  describe('when there are no errors', () => {
    it('should return an empty list', () => {
      expect(toFieldErrors([])).toEqual([]);
    });
  });

  describe('when a property has several constraints', () => {
    it('should list one field error per constraint', () => {
      expect(toFieldErrors([error('slug', { isString: 'slug must be a string', length: 'slug is too short' })])).toEqual([
        { path: 'slug', reason: 'slug must be a string' },
        { path: 'slug', reason: 'slug is too short' },
      ]);
    });
  });

  describe('when errors are nested', () => {
    it('should join the property names with dots, deepest last', () => {
      const tree = [error('owner', undefined, [error('address', undefined, [error('zip', { matches: 'zip is invalid' })])])];

      expect(toFieldErrors(tree)).toEqual([{ path: 'owner.address.zip', reason: 'zip is invalid' }]);
    });

    it('should put a parent path in front when one is given', () => {
      expect(toFieldErrors([error('email', { isEmail: 'bad' })], 'owner')).toEqual([{ path: 'owner.email', reason: 'bad' }]);
    });

    it('should keep the parent own constraints before its children', () => {
      const tree = [error('seats', { arrayMinSize: 'too few' }, [error('0', undefined, [error('count', { min: 'too small' })])])];

      expect(toFieldErrors(tree)).toEqual([
        { path: 'seats', reason: 'too few' },
        { path: 'seats.0.count', reason: 'too small' },
      ]);
    });
  });
});
