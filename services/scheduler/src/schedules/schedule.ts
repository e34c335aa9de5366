import type { ScheduleDto } from '@fleet/contracts-scheduler';
import { Cron } from 'croner';
import { addDuration, parseCycle, parseDuration } from './iso8601';

/** One field problem of a schedule, named by its path (`schedule.cron`). */
export interface ScheduleProblem {
  path: string;
  reason: string;
}

const KINDS = ['cron', 'intervalSeconds', 'at', 'cycle', 'duration'] as const;

/** Everything wrong with a schedule (empty when it is usable). */
export function scheduleProblems(s: ScheduleDto, prefix = 'schedule'): ScheduleProblem[] {
  const given = KINDS.filter((k) => s[k] !== undefined && s[k] !== null);
  if (given.length !== 1) return [{ path: prefix, reason: `exactly one of ${KINDS.join(', ')} is required (got ${given.length})` }];
  const problems: ScheduleProblem[] = [];
  if (s.cron !== undefined) {
    try {
      new Cron(s.cron, { timezone: s.timezone, paused: true }).nextRun(new Date());
    } catch (err) {
      const tz = /timezone/i.test((err as Error).message);
      problems.push({ path: `${prefix}.${tz ? 'timezone' : 'cron'}`, reason: tz ? `unknown time zone ${s.timezone}` : (err as Error).message.replace(/^CronPattern: /, '') });
    }
  } else if (s.timezone !== undefined) problems.push({ path: `${prefix}.timezone`, reason: 'timezone applies to cron only' });
  if (s.cycle !== undefined && !parseCycle(s.cycle)) problems.push({ path: `${prefix}.cycle`, reason: 'not an ISO 8601 repeating interval such as R3/PT10S' });
  if (s.duration !== undefined && !parseDuration(s.duration)) problems.push({ path: `${prefix}.duration`, reason: 'not an ISO 8601 duration such as PT10S' });
  if (s.startAt && s.endAt && new Date(s.endAt) <= new Date(s.startAt)) problems.push({ path: `${prefix}.endAt`, reason: 'endAt must be after startAt' });
  return problems;
}

/** What the next-occurrence computation needs besides the schedule. */
export interface ScheduleContext {
  /** When the job was created: the anchor of intervals, cycles and durations without a start. */
  anchor: Date;
  /** Occurrences already fired (or skipped), counted against `limit` and cycle repetitions. */
  fired: number;
}

function withinBounds(s: ScheduleDto, at: Date | null, fired: number): Date | null {
  if (!at) return null;
  if (s.limit !== undefined && fired >= s.limit) return null;
  if (s.endAt && at.getTime() > new Date(s.endAt).getTime()) return null;
  return at;
}

function cronAfter(s: ScheduleDto, after: Date): Date | null {
  const startAt = s.startAt ? new Date(new Date(s.startAt).getTime() - 1) : null;
  const from = startAt && startAt > after ? startAt : after;
  return new Cron(s.cron as string, { timezone: s.timezone, paused: true }).nextRun(from);
}

function intervalAfter(s: ScheduleDto, ctx: ScheduleContext, after: Date): Date {
  const step = (s.intervalSeconds as number) * 1000;
  const origin = s.startAt ? new Date(s.startAt).getTime() : ctx.anchor.getTime() + step;
  if (after.getTime() < origin) return new Date(origin);
  return new Date(origin + (Math.floor((after.getTime() - origin) / step) + 1) * step);
}

function cycleAfter(s: ScheduleDto, ctx: ScheduleContext, after: Date): Date | null {
  const c = parseCycle(s.cycle as string);
  if (!c) return null;
  if (c.repetitions !== null && ctx.fired >= c.repetitions) return null;
  // With an explicit start the first occurrence is the start itself; without one, one period after creation.
  const first = c.start ?? addDuration(ctx.anchor, c.duration);
  let at = first;
  for (let i = 1; at <= after; i++) {
    if (c.repetitions !== null && i >= c.repetitions) return null;
    at = addDuration(first, c.duration, i);
  }
  return at;
}

/**
 * The first occurrence strictly after `after` (null: the schedule is exhausted). One-shot
 * schedules (`at`, `duration`) have a single occurrence, returned while nothing has fired even if
 * it is already past (the misfire policy then decides).
 */
export function nextOccurrence(s: ScheduleDto, ctx: ScheduleContext, after: Date): Date | null {
  let at: Date | null;
  if (s.cron !== undefined) at = cronAfter(s, after);
  else if (s.intervalSeconds !== undefined) at = intervalAfter(s, ctx, after);
  else if (s.cycle !== undefined) at = cycleAfter(s, ctx, after);
  else if (s.at !== undefined) at = ctx.fired === 0 ? new Date(s.at) : null;
  else if (s.duration !== undefined) at = ctx.fired === 0 ? addDuration(ctx.anchor, parseDuration(s.duration) ?? { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 }) : null;
  else at = null;
  return withinBounds(s, at, ctx.fired);
}
