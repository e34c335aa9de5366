import { chooseTrigger, parseInboundAddress, parseReply, triggerMatches, type MatchableTrigger } from './mail-rules';

const trigger = (o: Partial<MatchableTrigger>): MatchableTrigger => ({ id: 'a', senderDomains: [], conditions: [{ field: 'subject', operator: 'contains', value: 'order' }], match: 'all', active: true, updatedAt: new Date(0), ...o });
const mail = { from: 'buyer@acme.test', subject: 'New Order 7', body: 'PO-7 attached' };

describe('mail rules', () => {
  describe('triggerMatches()', () => {
    it('should join conditions with AND for all and OR for any, case-insensitively', () => {
      const conditions = [
        { field: 'subject' as const, operator: 'contains' as const, value: 'ORDER' },
        { field: 'body' as const, operator: 'starts-with' as const, value: 'invoice' },
      ];
      expect(triggerMatches(trigger({ conditions, match: 'all' }), mail)).toBe(false);
      expect(triggerMatches(trigger({ conditions, match: 'any' }), mail)).toBe(true);
      expect(triggerMatches(trigger({ conditions: [{ field: 'from', operator: 'equals', value: 'Buyer@Acme.test' }] }), mail)).toBe(true);
    });

    it('should consider only the listed sender domains, and never match when inactive or without conditions', () => {
      expect(triggerMatches(trigger({ senderDomains: ['other.test'] }), mail)).toBe(false);
      expect(triggerMatches(trigger({ senderDomains: ['ACME.test'] }), mail)).toBe(true);
      expect(triggerMatches(trigger({ active: false }), mail)).toBe(false);
      expect(triggerMatches(trigger({ conditions: [] }), mail)).toBe(false);
    });
  });

  describe('chooseTrigger()', () => {
    it('should run only the most recently changed of the matching triggers', () => {
      const older = trigger({ id: 'old', updatedAt: new Date(1000) });
      const newer = trigger({ id: 'new', updatedAt: new Date(2000) });
      const newestButNoMatch = trigger({ id: 'x', updatedAt: new Date(3000), senderDomains: ['nope.test'] });
      expect(chooseTrigger([older, newestButNoMatch, newer], mail)?.id).toBe('new');
      expect(chooseTrigger([], mail)).toBeUndefined();
    });
  });

  describe('parseInboundAddress()', () => {
    it('should recognise reply and trigger addresses of its own domain only', () => {
      const token = 'A'.repeat(32);
      expect(parseInboundAddress(`reply+${token}@In.Test`, 'in.test')).toEqual({ kind: 'reply', token });
      expect(parseInboundAddress('env-5D0C4A9E-2F4B-4C1A-9A53-0E4A7F1B2C3D@in.test', 'in.test')).toEqual({ kind: 'trigger', environmentId: '5d0c4a9e-2f4b-4c1a-9a53-0e4a7f1b2c3d' });
      expect(parseInboundAddress(`reply+${token}@evil.test`, 'in.test')).toEqual({ kind: 'unknown' });
      expect(parseInboundAddress('reply+short@in.test', 'in.test')).toEqual({ kind: 'unknown' });
      expect(parseInboundAddress('env-not-a-uuid@in.test', 'in.test')).toEqual({ kind: 'unknown' });
    });
  });

  describe('parseReply()', () => {
    it('should take the first non-empty line as the decision and the rest up to the quote as the comment', () => {
      expect(parseReply('\n  Approve \nfine by me\r\n\r\nOn Mon, 1 Jan, Fleet wrote:\n> old')).toEqual({ decision: 'Approve', comment: 'fine by me' });
      expect(parseReply('Reject\n> quoted only')).toEqual({ decision: 'Reject', comment: '' });
      expect(parseReply('> only a quote')).toBeUndefined();
    });
  });
});
