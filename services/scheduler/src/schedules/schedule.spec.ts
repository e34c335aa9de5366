import { addDuration, parseCycle, parseDuration } from './iso8601';
import { nextOccurrence, scheduleProblems } from './schedule';

const anchor = new Date('2026-01-01T00:00:00.000Z');
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

describe('schedules', () => {
  describe('cron with time zones', () => {
    it('should fire at local 09:00 in Berlin, which is 08:00 UTC in winter and 07:00 in summer', () => {
      const s = { cron: '0 9 * * *', timezone: 'Europe/Berlin' };
      expect(iso(nextOccurrence(s, { anchor, fired: 0 }, new Date('2026-01-10T12:00:00Z')))).toBe('2026-01-11T08:00:00.000Z');
      expect(iso(nextOccurrence(s, { anchor, fired: 0 }, new Date('2026-07-10T12:00:00Z')))).toBe('2026-07-11T07:00:00.000Z');
    });

    it('should keep local time across the spring DST change (Berlin, 29 March 2026) and move a skipped 02:30 to 03:00', () => {
      const daily = { cron: '0 8 * * *', timezone: 'Europe/Berlin' };
      const before = nextOccurrence(daily, { anchor, fired: 0 }, new Date('2026-03-28T12:00:00Z'));
      const after = nextOccurrence(daily, { anchor, fired: 0 }, before as Date);
      expect([iso(before), iso(after)]).toEqual(['2026-03-29T06:00:00.000Z', '2026-03-30T06:00:00.000Z']);
      const gap = nextOccurrence({ cron: '30 2 * * *', timezone: 'Europe/Berlin' }, { anchor, fired: 0 }, new Date('2026-03-28T12:00:00Z'));
      expect(iso(gap)).toBe('2026-03-29T01:00:00.000Z');
    });

    it('should fire a repeated local hour in autumn (New York, 1 November 2026) once', () => {
      const s = { cron: '30 1 * * *', timezone: 'America/New_York' };
      const first = nextOccurrence(s, { anchor, fired: 0 }, new Date('2026-10-31T12:00:00Z')) as Date;
      const second = nextOccurrence(s, { anchor, fired: 1 }, first) as Date;
      expect(iso(first)).toBe('2026-11-01T05:30:00.000Z');
      expect(second.getTime() - first.getTime()).toBeGreaterThanOrEqual(24 * 3600 * 1000);
    });

    it('should honour seconds, startAt, endAt and limit', () => {
      const s = { cron: '*/10 * * * * *', startAt: '2026-01-01T00:01:00Z', endAt: '2026-01-01T00:01:30Z', limit: 3 };
      expect(iso(nextOccurrence(s, { anchor, fired: 0 }, anchor))).toBe('2026-01-01T00:01:00.000Z');
      expect(iso(nextOccurrence(s, { anchor, fired: 2 }, new Date('2026-01-01T00:01:10Z')))).toBe('2026-01-01T00:01:20.000Z');
      expect(nextOccurrence(s, { anchor, fired: 3 }, new Date('2026-01-01T00:01:20Z'))).toBeNull();
      expect(nextOccurrence({ ...s, limit: undefined }, { anchor, fired: 3 }, new Date('2026-01-01T00:01:30Z'))).toBeNull();
    });
  });

  describe('intervals, one shots, durations and cycles', () => {
    it('should step intervals from the anchor', () => {
      const s = { intervalSeconds: 30 };
      expect(iso(nextOccurrence(s, { anchor, fired: 0 }, anchor))).toBe('2026-01-01T00:00:30.000Z');
      expect(iso(nextOccurrence(s, { anchor, fired: 5 }, new Date('2026-01-01T00:02:31Z')))).toBe('2026-01-01T00:03:00.000Z');
    });

    it('should fire a one-shot once, even when past', () => {
      expect(iso(nextOccurrence({ at: '2025-12-31T00:00:00Z' }, { anchor, fired: 0 }, anchor))).toBe('2025-12-31T00:00:00.000Z');
      expect(nextOccurrence({ at: '2025-12-31T00:00:00Z' }, { anchor, fired: 1 }, anchor)).toBeNull();
      expect(iso(nextOccurrence({ duration: 'PT1H30M' }, { anchor, fired: 0 }, anchor))).toBe('2026-01-01T01:30:00.000Z');
    });

    it('should repeat R3/PT10S three times from creation and then stop', () => {
      const s = { cycle: 'R3/PT10S' };
      const times: (string | null)[] = [];
      let after = anchor;
      for (let fired = 0; fired < 4; fired++) {
        const n = nextOccurrence(s, { anchor, fired }, after);
        times.push(iso(n));
        if (n) after = n;
      }
      expect(times).toEqual(['2026-01-01T00:00:10.000Z', '2026-01-01T00:00:20.000Z', '2026-01-01T00:00:30.000Z', null]);
    });

    it('should start an explicit-start cycle at its start and add calendar months', () => {
      const s = { cycle: 'R/2026-01-31T00:00:00Z/P1M' };
      expect(iso(nextOccurrence(s, { anchor, fired: 0 }, anchor))).toBe('2026-01-31T00:00:00.000Z');
      expect(iso(addDuration(new Date('2026-01-15T00:00:00Z'), parseDuration('P1M') as never))).toBe('2026-02-15T00:00:00.000Z');
      expect(parseCycle('R/PT1H')).toMatchObject({ repetitions: null, start: null });
    });
  });

  describe('problems', () => {
    it.each([
      [{}, 'schedule'],
      [{ cron: '* * * * *', intervalSeconds: 5 }, 'schedule'],
      [{ cron: 'not a cron at all' }, 'schedule.cron'],
      [{ cron: '0 9 * * *', timezone: 'Mars/Olympus' }, 'schedule.timezone'],
      [{ cycle: 'R3/10S' }, 'schedule.cycle'],
      [{ intervalSeconds: 5, startAt: '2026-01-02T00:00:00Z', endAt: '2026-01-01T00:00:00Z' }, 'schedule.endAt'],
    ])('should name the field of %p', (s, path) => {
      expect(scheduleProblems(s).map((p) => p.path)).toContain(path);
    });

    it('should accept a valid cron with zone', () => {
      expect(scheduleProblems({ cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' })).toEqual([]);
    });
  });
});
