export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * A circuit breaker for one target. Closed: calls pass; `failureThreshold` consecutive failures
 * open it. Open: calls are refused at once for `openMs`. Then half-open: ONE trial call passes
 * (others are refused); its success closes the circuit, its failure opens it again for `openMs`.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trial = false;
  private stateNow: CircuitState = 'closed';

  constructor(
    private readonly failureThreshold: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.stateNow === 'open' && this.now() - this.openedAt >= this.openMs) return 'half-open';
    return this.stateNow;
  }

  /** True when a call may go now (in half-open, only the one trial call). */
  tryPass(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'open' || (this.stateNow === 'half-open' && this.trial)) return false;
    this.stateNow = 'half-open';
    this.trial = true;
    return true;
  }

  onSuccess(): void {
    this.failures = 0;
    this.trial = false;
    this.stateNow = 'closed';
  }

  onFailure(): void {
    this.trial = false;
    if (this.stateNow === 'half-open') return this.open();
    this.failures++;
    if (this.failures >= this.failureThreshold) this.open();
  }

  /** Gives a half-open trial back without a verdict (the call never reached the target). */
  abandon(): void {
    this.trial = false;
  }

  /** ms until an open circuit lets a trial through. */
  retryInMs(): number {
    return Math.max(0, this.openMs - (this.now() - this.openedAt));
  }

  private open(): void {
    this.stateNow = 'open';
    this.openedAt = this.now();
    this.failures = 0;
  }
}

/** A limit of calls in flight; the others wait in line (first come, first served) until a deadline. */
export class Semaphore {
  private inFlight = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(readonly limit: number) {}

  get active(): number {
    return this.inFlight;
  }

  /** Resolves to a release function, or to `undefined` when no slot freed up within `timeoutMs`. */
  acquire(timeoutMs: number): Promise<(() => void) | undefined> {
    const release = () => {
      this.inFlight--;
      this.waiting.shift()?.grant();
    };
    if (this.inFlight < this.limit) {
      this.inFlight++;
      return Promise.resolve(once(release));
    }
    return new Promise((resolve) => {
      const entry = {
        grant: () => {
          clearTimeout(timer);
          this.inFlight++;
          resolve(once(release));
        },
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(undefined);
      }, Math.max(0, timeoutMs));
      this.waiting.push(entry);
    });
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

/** Per-key instances made on first use (key = environment + target origin). */
export class PerTarget<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly make: () => T) {}
  get(key: string): T {
    let v = this.map.get(key);
    if (!v) this.map.set(key, (v = this.make()));
    return v;
  }
}
