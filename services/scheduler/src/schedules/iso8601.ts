/** ISO 8601 durations and repeating intervals (BPMN timeDuration / timeCycle), computed in UTC. */

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const CYCLE = /^R(\d*)\/(?:([^/]+)\/)?(P[^/]+)$/;

/** Parses `P1DT2H30M`; null when it is not a (non-empty) ISO 8601 duration. */
export function parseDuration(text: string): IsoDuration | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const n = (i: number): number => (m[i] ? Number(m[i]) : 0);
  const d = { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
  return Object.values(d).some((v) => v > 0) ? d : null;
}

/** `from` plus `times` × the duration (calendar months/years in UTC, then exact days and time). */
export function addDuration(from: Date, d: IsoDuration, times = 1): Date {
  const t = new Date(from.getTime());
  if (d.years || d.months) t.setUTCMonth(t.getUTCMonth() + (d.years * 12 + d.months) * times);
  const ms = ((d.weeks * 7 + d.days) * 86_400 + d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000;
  return new Date(t.getTime() + Math.round(ms * times));
}

export interface IsoCycle {
  /** Repetitions; null = unbounded (`R/…`). */
  repetitions: number | null;
  /** Explicit start; null = from the job's creation. */
  start: Date | null;
  duration: IsoDuration;
}

/** Parses `R3/PT10S`, `R/2026-01-01T00:00:00Z/PT1H`; null when malformed. */
export function parseCycle(text: string): IsoCycle | null {
  const m = CYCLE.exec(text);
  if (!m) return null;
  const duration = parseDuration(m[3]);
  if (!duration) return null;
  const start = m[2] ? new Date(m[2]) : null;
  if (start && Number.isNaN(start.getTime())) return null;
  return { repetitions: m[1] === '' ? null : Number(m[1]), start, duration };
}
