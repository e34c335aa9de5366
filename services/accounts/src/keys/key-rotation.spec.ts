import { needsRotation, publishable, retireAfter } from './key-rotation';

const now = new Date('2026-11-24T12:00:00.000Z');

describe('needsRotation()', () => {
  it('should rotate a key as old as the rotation period, not a younger one', () => {
    expect(needsRotation(new Date(now.getTime() - 1000), 1000, now)).toBe(true);
    expect(needsRotation(new Date(now.getTime() - 999), 1000, now)).toBe(false);
  });
});

describe('retireAfter()', () => {
  it('should outlive every token signed until now: access-token lifetime plus 5 minutes', () => {
    expect(retireAfter(now, 900)).toEqual(new Date(now.getTime() + 900_000 + 300_000));
  });
});

describe('publishable()', () => {
  it('should publish the active key and retiring keys until their time, never retired ones', () => {
    expect(publishable({ status: 'active', retireAfter: null }, now)).toBe(true);
    expect(publishable({ status: 'retiring', retireAfter: new Date(now.getTime() + 1) }, now)).toBe(true);
    expect(publishable({ status: 'retiring', retireAfter: now }, now)).toBe(false);
    expect(publishable({ status: 'retired', retireAfter: new Date(now.getTime() + 1e6) }, now)).toBe(false);
  });
});
