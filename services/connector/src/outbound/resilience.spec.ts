import { CircuitBreaker, Semaphore } from './circuit-breaker';
import { AttemptError } from './http-attempt';
import { backoffMs, retryAfterMs, retryDecision } from './retry-policy';

const settings = { baseMs: 200, maxMs: 5000, retryAfterMaxSeconds: 30 };

describe('CircuitBreaker', () => {
  it('should open after the threshold, refuse while open, let one trial through when half-open and close on its success', () => {
    let now = 0;
    const b = new CircuitBreaker(3, 1000, () => now);
    b.onFailure();
    b.onFailure();
    expect(b.state).toBe('closed');
    b.onFailure();
    expect(b.state).toBe('open');
    expect(b.tryPass()).toBe(false);
    now = 1000;
    expect(b.state).toBe('half-open');
    expect(b.tryPass()).toBe(true);
    expect(b.tryPass()).toBe(false);
    b.onSuccess();
    expect(b.state).toBe('closed');
    expect(b.tryPass()).toBe(true);
  });

  it('should open again when the half-open trial fails', () => {
    let now = 0;
    const b = new CircuitBreaker(1, 1000, () => now);
    b.onFailure();
    now = 1500;
    expect(b.tryPass()).toBe(true);
    b.onFailure();
    expect(b.state).toBe('open');
    expect(b.retryInMs()).toBe(1000);
  });

  it('should reset the count on a success (consecutive failures only)', () => {
    const b = new CircuitBreaker(2, 1000);
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    expect(b.state).toBe('closed');
  });
});

describe('Semaphore', () => {
  it('should hold extra callers in line and give up after the timeout', async () => {
    const s = new Semaphore(1);
    const first = await s.acquire(10);
    const second = s.acquire(1000);
    await expect(s.acquire(20)).resolves.toBeUndefined();
    first!();
    const r = await second;
    expect(typeof r).toBe('function');
    expect(s.active).toBe(1);
  });
});

describe('retry policy', () => {
  it('should back off exponentially with jitter, never zero, capped', () => {
    expect(backoffMs(1, settings, () => 0)).toBe(100);
    expect(backoffMs(1, settings, () => 1)).toBe(200);
    expect(backoffMs(3, settings, () => 1)).toBe(800);
    expect(backoffMs(10, settings, () => 1)).toBe(5000);
    expect(backoffMs(1, { ...settings, baseMs: 1 }, () => 0)).toBe(1);
  });

  it('should retry connection failures for any method, resets only for idempotent ones', () => {
    expect(retryDecision('POST', { error: new AttemptError('connect', false, 'ECONNREFUSED') }, 1, settings).retry).toBe(true);
    expect(retryDecision('POST', { error: new AttemptError('read_timeout', true, 'x') }, 1, settings).retry).toBe(false);
    expect(retryDecision('GET', { error: new AttemptError('read_timeout', true, 'x') }, 1, settings).retry).toBe(true);
  });

  it('should retry 502/503/504 for idempotent methods and 429 only with an acceptable Retry-After', () => {
    expect(retryDecision('PUT', { status: 503 }, 1, settings).retry).toBe(true);
    expect(retryDecision('POST', { status: 503 }, 1, settings).retry).toBe(false);
    expect(retryDecision('GET', { status: 500 }, 1, settings).retry).toBe(false);
    expect(retryDecision('POST', { status: 429, retryAfter: '2' }, 1, settings)).toStrictEqual({ retry: true, delayMs: 2000 });
    expect(retryDecision('GET', { status: 429 }, 1, settings).retry).toBe(false);
    expect(retryDecision('GET', { status: 429, retryAfter: '3600' }, 1, settings).retry).toBe(false);
  });

  it('should read Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('5')).toBe(5000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
