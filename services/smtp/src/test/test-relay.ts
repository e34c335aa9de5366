import { simpleParser, type AddressObject } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One e-mail as the test relay received it. */
export interface RelayedMail {
  messageId: string;
  envelopeFrom: string;
  to: string[];
  from: string;
  replyTo: string;
  subject: string;
  text: string;
  raw: string;
}

/** How the relay answers DATA: accept (250), refuse permanently (5xx), defer (4xx) the next `times` messages, or stall. */
export type RelayMode = { kind: 'accept' } | { kind: 'reject'; code: number } | { kind: 'defer'; code: number; times: number } | { kind: 'stall'; ms: number };

const firstAddress = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a[0] : a)?.value[0]?.address ?? '';

async function parseRelayed(raw: string, envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] }): Promise<RelayedMail> {
  const p = await simpleParser(raw);
  return {
    messageId: p.messageId ?? '',
    envelopeFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
    to: envelope.rcptTo.map((r) => r.address),
    from: firstAddress(p.from),
    replyTo: firstAddress(p.replyTo),
    subject: p.subject ?? '',
    text: p.text ?? '',
    raw,
  };
}

const err = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * A real SMTP server on loopback standing in for a relay. It keeps one copy per Message-ID (the
 * de-duplication a receiving system can do) and counts every DATA it acknowledged, duplicates too.
 */
export class TestRelay {
  readonly mails = new Map<string, RelayedMail>();
  /** Every acknowledged DATA, duplicates included. */
  acknowledged = 0;
  /** DATA commands seen (acknowledged or not). */
  dataSeen = 0;
  mode: RelayMode = { kind: 'accept' };
  /** Credentials presented with AUTH. */
  readonly auths: { username: string; password: string }[] = [];
  /** Called when a message has arrived, before it is answered (the crash test kills the sender here). */
  onReceived?: (m: RelayedMail) => Promise<void> | void;
  private server?: SMTPServer;

  /** Was each received message sent over TLS (STARTTLS or implicit)? In arrival order. */
  readonly secure: boolean[] = [];

  /** `tls`: none (plain), `starttls` (offered; smtp-server's built-in self-signed certificate) or `implicit` (TLS from the first byte). */
  constructor(
    public port = 0,
    private readonly tls: 'none' | 'starttls' | 'implicit' = 'none',
  ) {}

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      secure: this.tls === 'implicit',
      disabledCommands: this.tls === 'none' ? ['STARTTLS'] : [],
      logger: false,
      onAuth: (auth, _session, cb) => {
        this.auths.push({ username: auth.username ?? '', password: auth.password ?? '' });
        cb(null, { user: auth.username });
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.secure.push(session.secure);
          void this.answer(Buffer.concat(chunks).toString('utf8'), session.envelope, cb);
        });
      },
    });
    await new Promise<void>((res, rej) => {
      this.server!.once('error', rej);
      this.server!.listen(this.port, '127.0.0.1', () => res());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  private async answer(raw: string, envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] }, cb: (e?: Error | null) => void): Promise<void> {
    this.dataSeen++;
    const mail = await parseRelayed(raw, envelope);
    const mode = this.mode;
    if (mode.kind === 'reject') return cb(err(mode.code, '5.7.1 refused by the test relay'));
    if (mode.kind === 'defer') {
      if (--mode.times <= 0) this.mode = { kind: 'accept' };
      return cb(err(mode.code, '4.3.2 try again later'));
    }
    if (mode.kind === 'stall') await new Promise((r) => setTimeout(r, mode.ms));
    await this.onReceived?.(mail);
    if (!this.mails.has(mail.messageId)) this.mails.set(mail.messageId, mail);
    this.acknowledged++;
    cb();
  }

  /** The mails to one address, in arrival order. */
  to(address: string): RelayedMail[] {
    return [...this.mails.values()].filter((m) => m.to.includes(address));
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}
