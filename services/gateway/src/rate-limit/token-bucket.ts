import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A bucket holds up to `capacity` tokens and gains `refillPerSecond`; each request takes one. */
export interface BucketRule {
  name: string;
  capacity: number;
  refillPerSecond: number;
}

export interface TakeResult {
  allowed: boolean;
  /** When the next token is there (ms), 0 when allowed. */
  retryAfterMs: number;
  remaining: number;
}

export interface BucketStore {
  take(key: string, rule: BucketRule): Promise<TakeResult>;
  close(): Promise<void>;
}

/** Buckets of this process only (a gateway running alone, or the fallback when Redis fails). LRU-capped. */
export class MemoryBucketStore implements BucketStore {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  take(key: string, rule: BucketRule): Promise<TakeResult> {
    const now = this.now();
    const b = this.buckets.get(key);
    let tokens = rule.capacity;
    if (b) {
      tokens = Math.min(rule.capacity, b.tokens + ((now - b.at) / 1000) * rule.refillPerSecond);
      this.buckets.delete(key); // re-insert: Map order is the LRU order
    } else if (this.buckets.size >= this.maxKeys) {
      this.buckets.delete(this.buckets.keys().next().value as string);
    }
    const allowed = tokens >= 1;
    if (allowed) tokens -= 1;
    this.buckets.set(key, { tokens, at: now });
    return Promise.resolve({ allowed, retryAfterMs: allowed ? 0 : Math.ceil(((1 - tokens) / rule.refillPerSecond) * 1000), remaining: Math.floor(tokens) });
  }

  close(): Promise<void> {
    this.buckets.clear();
    return Promise.resolve();
  }
}

/**
 * Refill and take in one atomic step inside Redis, on Redis's clock (replicas' clocks may differ):
 * every gateway replica shares the same buckets. Keys expire once they would be full again.
 */
const TAKE_SCRIPT = `
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil then tokens = cap; at = now end
tokens = math.min(cap, tokens + (now - at) / 1000 * rate)
local allowed = 0
local retry = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 else retry = math.ceil((1 - tokens) / rate * 1000) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate * 1000) + 1000)
return { allowed, retry, math.floor(tokens) }
`;

export class RedisBucketStore implements BucketStore {
  private readonly fallback = new MemoryBucketStore();
  private warnedAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly prefix = 'fleet:rl:',
  ) {
    redis.defineCommand('fleetTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  }

  async take(key: string, rule: BucketRule): Promise<TakeResult> {
    try {
      const r = (await (this.redis as unknown as { fleetTake(k: string, c: number, r: number): Promise<[number, number, number]> }).fleetTake(
        `${this.prefix}${rule.name}:${key}`,
        rule.capacity,
        rule.refillPerSecond,
      )) as [number, number, number];
      return { allowed: r[0] === 1, retryAfterMs: r[1], remaining: r[2] };
    } catch (err) {
      if (Date.now() - this.warnedAt > 10_000) {
        this.warnedAt = Date.now();
        this.logger.warn({ err: (err as Error).message }, 'rate limit store (Redis) failed: this replica counts alone until it answers again');
      }
      return this.fallback.take(`${rule.name}:${key}`, rule);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
