/** A bearer token from an OAuth 2.0 token endpoint, with when to stop using it. */
export interface CachedToken {
  token: string;
  /** epoch ms after which it is fetched again (30 s before `expires_in` runs out). */
  until: number;
}

/** Token failures (endpoint refused, unreadable answer): the message never holds a credential. */
export class TokenError extends Error {}

/**
 * Client-credentials tokens cached per key (environment + token URL + client + scope) until shortly
 * before they expire; concurrent callers share one fetch. A token the target refused is dropped.
 */
export class OAuthTokenCache {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<CachedToken>>();
  /** How many tokens were fetched (observability, tests). */
  fetches = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string, fetch: () => Promise<{ token: string; expiresInSeconds: number }>): Promise<string> {
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.token;
    let pending = this.inFlight.get(key);
    if (!pending) {
      this.fetches++;
      pending = fetch().then((t) => {
        const entry = { token: t.token, until: this.now() + Math.max(0, t.expiresInSeconds - 30) * 1000 };
        this.cache.set(key, entry);
        return entry;
      });
      this.inFlight.set(key, pending);
      pending.then(
        () => this.inFlight.delete(key),
        () => this.inFlight.delete(key),
      );
    }
    return (await pending).token;
  }

  invalidate(key: string): void {
    this.cache.delete(key);
  }
}
