import type { MailTriggerCondition } from '@fleet/contracts-smtp';

/** The parts of an inbound e-mail the rules look at. */
export interface InboundFacts {
  from: string;
  subject: string;
  body: string;
}

/** A trigger as the matcher sees it. */
export interface MatchableTrigger {
  id: string;
  senderDomains: string[];
  conditions: MailTriggerCondition[];
  match: 'all' | 'any';
  active: boolean;
  updatedAt: Date;
}

function conditionHolds(c: MailTriggerCondition, mail: InboundFacts): boolean {
  const have = mail[c.field].toLowerCase();
  const want = c.value.toLowerCase();
  switch (c.operator) {
    case 'contains':
      return have.includes(want);
    case 'equals':
      return have.trim() === want.trim();
    case 'starts-with':
      return have.trimStart().startsWith(want);
  }
}

/** Does the trigger match (sender domain considered, then its conditions joined by AND or OR)? */
export function triggerMatches(t: MatchableTrigger, mail: InboundFacts): boolean {
  if (!t.active || t.conditions.length === 0) return false;
  const domain = mail.from.split('@').pop()?.toLowerCase() ?? '';
  if (t.senderDomains.length && !t.senderDomains.some((d) => d.toLowerCase() === domain)) return false;
  return t.match === 'all' ? t.conditions.every((c) => conditionHolds(c, mail)) : t.conditions.some((c) => conditionHolds(c, mail));
}

/** The one trigger an e-mail runs: among those that match, the most recently created or changed. */
export function chooseTrigger<T extends MatchableTrigger>(triggers: T[], mail: InboundFacts): T | undefined {
  return [...triggers].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || b.id.localeCompare(a.id)).find((t) => triggerMatches(t, mail));
}

/** Where an inbound recipient points: a task reply (with its token), an environment's trigger mailbox, or nothing of ours. */
export type InboundAddress = { kind: 'reply'; token: string } | { kind: 'trigger'; environmentId: string } | { kind: 'bounce'; notificationId: string } | { kind: 'unknown' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseInboundAddress(address: string, domain: string): InboundAddress {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return { kind: 'unknown' };
  const local = address.slice(0, at);
  const reply = /^reply\+([A-Za-z0-9_-]{20,200})$/.exec(local);
  if (reply) return { kind: 'reply', token: reply[1] };
  const bounce = /^bounce\+(.+)$/i.exec(local);
  if (bounce && UUID.test(bounce[1].toLowerCase())) return { kind: 'bounce', notificationId: bounce[1].toLowerCase() };
  const env = /^env-(.+)$/i.exec(local);
  if (env && UUID.test(env[1].toLowerCase())) return { kind: 'trigger', environmentId: env[1].toLowerCase() };
  return { kind: 'unknown' };
}

/**
 * The decision and comment of a task reply: the decision is the first non-empty line; the comment is
 * what follows, up to the quoted original (a line starting with `>` or an "On … wrote:" line).
 */
export function parseReply(text: string): { decision: string; comment: string } | undefined {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const end = lines.findIndex((l) => /^\s*>/.test(l) || /^On .+wrote:\s*$/.test(l.trim()) || /^-{2,}\s*Original Message/i.test(l.trim()));
  const own = (end >= 0 ? lines.slice(0, end) : lines).map((l) => l.trimEnd());
  const first = own.findIndex((l) => l.trim() !== '');
  if (first < 0) return undefined;
  const decision = own[first].trim().slice(0, 200);
  const comment = own
    .slice(first + 1)
    .join('\n')
    .trim()
    .slice(0, 10000);
  return { decision, comment };
}
