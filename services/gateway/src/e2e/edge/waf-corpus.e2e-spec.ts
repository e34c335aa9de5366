import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EdgeHarness } from './test/edge-harness';

const REPO = resolve(__dirname, '../../../../..');
const METRICS = join(REPO, 'tools/waf/corpus-metrics.mjs');

interface ClassMetrics {
  refBlocked: number;
  refBlockedCaught: number;
  handwritten: number;
  handwrittenBlocked: number;
  errors5xx: number;
  detectionOfCrsBlockedPct: number | null;
}
interface Metrics {
  classes: Record<string, ClassMetrics>;
  total: ClassMetrics & { handwrittenFalsePositivePct: number };
  falsePositives: string[];
}

/**
 * Floors measured on 2026-11-24 at paranoia level 1, prevention mode (see services/gateway/README.md,
 * "WAF: measured"): the share of the attack requests the CRS reference itself blocks at PL1 that our
 * WAF blocks, per class. They guard against regressions; the targets in the issue are higher (95%)
 * and not reached yet.
 */
const DETECTION_FLOORS: Record<string, number> = { sqli: 73, xss: 54, lfi: 48, rfi: 38, rce: 53, php: 52, java: 85, protocol: 60, scanner: 100, other: 62 };

function run(base: string): Promise<Metrics> {
  return new Promise((ok, fail) =>
    execFile(process.execPath, [METRICS, '--base', base, '--paranoia', '1', '--concurrency', '8'], { maxBuffer: 64 << 20, timeout: 600_000 }, (err, stdout, stderr) =>
      err ? fail(new Error(`${err.message}\n${stderr}`)) : ok(JSON.parse(stdout) as Metrics),
    ),
  );
}

describe('the CRS regression corpus replayed against the gateway (WAF prevention, paranoia 1)', () => {
  let h: EdgeHarness;
  let m: Metrics;

  beforeAll(async () => {
    h = await EdgeHarness.start({ GATEWAY_RATE_LIMIT_IP_PER_SECOND: '0', GATEWAY_RATE_LIMIT_LOGIN_PER_MINUTE: '0', LOG_LEVEL: 'error' });
    m = await run(h.url);
  }, 700_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('should find the corpus and the replay tool', () => {
    expect(existsSync(METRICS)).toBe(true);
    expect(m.total.refBlocked).toBeGreaterThan(2500);
    expect(m.total.handwritten).toBe(210);
  });

  it.each(Object.entries(DETECTION_FLOORS))('%s: should block at least %d%% of the attacks CRS blocks at PL1', (cls, floor) => {
    const c = m.classes[cls];
    expect(c.refBlocked).toBeGreaterThan(0);
    expect(c.detectionOfCrsBlockedPct).toBeGreaterThanOrEqual(floor);
  });

  it('should block at most 0.5% of the hand-written ordinary admin requests (context-aware detection, no exclusions on their paths)', () => {
    expect(m.total.handwrittenFalsePositivePct).toBeLessThanOrEqual(0.5);
  });

  it('should answer every corpus request without a 5xx', () => {
    expect(m.total.errors5xx).toBe(0);
  });
});
