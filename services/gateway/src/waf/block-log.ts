import type { WafHit, WafMode } from './engine';

/** One blocked (or, in detection mode, flagged) request, as the management console's traces will read it. */
export interface WafBlockRecord {
  at: string;
  requestId: string;
  client: string;
  method: string;
  path: string;
  mode: WafMode;
  /** `true` when the request was refused (prevention mode or a parser refusal), `false` when only logged. */
  blocked: boolean;
  score: number;
  ruleIds: number[];
  hits: Array<Pick<WafHit, 'id' | 'group' | 'score' | 'target' | 'msg'>>;
}

/** The last `capacity` records, in memory (a ring); newest first when read. */
export class WafBlockLog {
  private readonly ring: WafBlockRecord[] = [];
  private next = 0;
  total = 0;

  constructor(private readonly capacity = 1000) {}

  add(record: WafBlockRecord): void {
    this.total += 1;
    if (this.ring.length < this.capacity) this.ring.push(record);
    else this.ring[this.next] = record;
    this.next = (this.next + 1) % this.capacity;
  }

  recent(limit = 100): WafBlockRecord[] {
    const ordered = this.ring.length < this.capacity ? [...this.ring] : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    return ordered.reverse().slice(0, Math.max(0, limit));
  }
}
