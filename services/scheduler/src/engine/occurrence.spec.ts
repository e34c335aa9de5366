import { advance, decide, runIdOf } from './occurrence';

const due = new Date('2026-05-01T10:00:00.000Z');
const base = { dueAt: due, misfirePolicy: 'fire-once' as const, misfireWindowSeconds: 60, runningUntil: null, overlap: 'skip' as const, buffered: false };
const at = (ms: number) => new Date(due.getTime() + ms);

describe('occurrence decisions', () => {
  it('should publish an occurrence on time and advance from its due time', () => {
    expect(decide(base, at(5))).toEqual({ publish: true, fromNow: false });
  });

  it.each([
    ['skip', { publish: false, outcome: 'missed', fromNow: true }],
    ['fire-once', { publish: true, fromNow: true }],
    ['catch-up', { publish: true, fromNow: false }],
  ] as const)('should apply misfire policy %s beyond the window', (policy, expected) => {
    expect(decide({ ...base, misfirePolicy: policy }, at(61_000))).toMatchObject(expected);
  });

  it.each([
    ['skip', false, { publish: false, outcome: 'skipped' }],
    ['buffer-one', false, { publish: false, buffer: true }],
    ['buffer-one', true, { publish: false, outcome: 'skipped' }],
    ['allow', false, { publish: true }],
  ] as const)('should apply overlap %s (buffered: %p) while a run is still running', (overlap, buffered, expected) => {
    expect(decide({ ...base, overlap, buffered, runningUntil: at(30_000) }, at(10))).toMatchObject(expected);
  });

  it('should ignore a run whose timeout has passed', () => {
    expect(decide({ ...base, runningUntil: at(-1) }, at(10))).toMatchObject({ publish: true });
  });

  it('should advance a cycle and exhaust it', () => {
    const job = { schedule: { cycle: 'R2/PT10S' }, createdAt: new Date(due.getTime() - 10_000), fireCount: 0, dueAt: due, jitterSeconds: 0 };
    const next = advance(job, false, at(5));
    expect(next).toEqual({ dueAt: at(10_000), fireAt: at(10_000), fireCount: 1 });
    expect(advance({ ...job, fireCount: 1, dueAt: at(10_000) }, false, at(10_005))).toEqual({ dueAt: null, fireAt: null, fireCount: 2 });
  });

  it('should add jitter to the fire time only, never to the due time', () => {
    const next = advance({ schedule: { intervalSeconds: 60 }, createdAt: due, fireCount: 0, dueAt: due, jitterSeconds: 5 }, false, at(1));
    expect(next.dueAt).toEqual(at(60_000));
    expect((next.fireAt as Date).getTime() - at(60_000).getTime()).toBeGreaterThanOrEqual(0);
    expect((next.fireAt as Date).getTime() - at(60_000).getTime()).toBeLessThan(5000);
  });

  it('should derive the same UUID-shaped run id for the same occurrence on every replica', () => {
    expect(runIdOf('j', due)).toBe(runIdOf('j', new Date(due.getTime())));
    expect(runIdOf('j', due)).not.toBe(runIdOf('j', at(1)));
    expect(runIdOf('j', due)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
