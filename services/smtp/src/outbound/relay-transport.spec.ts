import { classifySendError, parseRelayUrl, retryDelayMs, transportOptions } from './relay-transport';
import { missingKeys, renderTemplate } from './templates';

describe('relay transport', () => {
  describe('classifySendError()', () => {
    it('should treat 5xx replies as permanent and 4xx replies and connection errors as retryable', () => {
      expect(classifySendError({ responseCode: 550, code: 'EENVELOPE', response: '550 5.1.1 no such user' })).toMatchObject({ permanent: true, code: 550 });
      expect(classifySendError({ responseCode: 451, code: 'EMESSAGE', response: '451 later' })).toMatchObject({ permanent: false, code: 451 });
      expect(classifySendError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toMatchObject({ permanent: false });
      expect(classifySendError(Object.assign(new Error('Timeout'), { code: 'ETIMEDOUT' })).message).toContain('ETIMEDOUT');
    });
  });

  describe('retryDelayMs()', () => {
    it('should double from the base up to the cap, with at most 20 % jitter below', () => {
      expect(retryDelayMs(1, 1000, 60000, () => 1)).toBe(1000);
      expect(retryDelayMs(4, 1000, 60000, () => 1)).toBe(8000);
      expect(retryDelayMs(30, 1000, 60000, () => 1)).toBe(60000);
      expect(retryDelayMs(4, 1000, 60000, () => 0)).toBe(6400);
    });
  });

  describe('parseRelayUrl()', () => {
    it('should read credentials, STARTTLS for smtp:// and implicit TLS for smtps://', () => {
      const o = { from: 'f@x.test', requireTls: true, rejectUnauthorized: true };
      expect(parseRelayUrl('smtp://us%40er:p%3Ass@mail.test:2587', o)).toMatchObject({ host: 'mail.test', port: 2587, security: 'starttls', username: 'us@er', password: 'p:ss', requireTls: true });
      expect(parseRelayUrl('smtps://mail.test', o)).toMatchObject({ port: 465, security: 'tls', requireTls: false });
      expect(parseRelayUrl('', o)).toBeUndefined();
      expect(transportOptions(parseRelayUrl('smtps://mail.test', o)!, 1000)).toMatchObject({ secure: true, ignoreTLS: false });
    });
  });
});

describe('templates', () => {
  it('should name the data a template lacks and strip line breaks from the subject', () => {
    expect(missingKeys('one-time-code', { code: '123456' })).toEqual(['expiresAt']);
    const r = renderTemplate('task-assigned', { taskName: 'Pay\r\nBcc: evil@x.test', caseNumber: '1' }, { publicUrl: 'http://portal/' });
    expect(r.subject).toBe('New task: Pay Bcc: evil@x.test');
    const html = renderTemplate('case-cancelled', { caseNumber: '<script>' }, { publicUrl: 'http://portal' }).html;
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
  });
});
