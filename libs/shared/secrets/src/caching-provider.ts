import type { SecretsProvider } from './secrets-provider';

/**
 * Caches answers of another provider for `ttlMs` (failures are not cached), and concurrent look-ups
 * of one reference share one fetch. Values stay in memory only.
 */
export class CachingSecretsProvider implements SecretsProvider {
  readonly kind: string;
  private readonly cache = new Map<string, { value: string; until: number }>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly inner: SecretsProvider,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.kind = inner.kind;
  }

  async get(ref: string): Promise<string> {
    const hit = this.cache.get(ref);
    if (hit && hit.until > this.now()) return hit.value;
    const pending = this.inFlight.get(ref);
    if (pending) return pending;
    const fetch = this.inner.get(ref).then(
      (value) => {
        if (this.ttlMs > 0) this.cache.set(ref, { value, until: this.now() + this.ttlMs });
        return value;
      },
    );
    this.inFlight.set(ref, fetch);
    try {
      return await fetch;
    } finally {
      this.inFlight.delete(ref);
    }
  }

  /** Forgets one reference (or all), e.g. after a rotation. */
  invalidate(ref?: string): void {
    if (ref === undefined) this.cache.clear();
    else this.cache.delete(ref);
  }
}
