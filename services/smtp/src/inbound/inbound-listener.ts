import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { simpleParser, type AddressObject } from 'mailparser';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { SmtpConfig } from '../config';
import { InboundMailService, SmtpReply } from './inbound-mail.service';

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

function firstAddress(a: AddressObject | AddressObject[] | undefined): string {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  return list.flatMap((x) => x.value)[0]?.address ?? '';
}

/**
 * The inbound SMTP listener (smtp-server): RCPT TO is checked at once (unknown mailbox, unknown
 * token, sender not the assignee → 550), DATA is parsed (mailparser) and handed to
 * InboundMailService. One of our recipients per message: a second one gets 452 (the sending server
 * sends it again separately).
 */
@Injectable()
export class InboundListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: SMTPServer;
  /** The bound port (useful with SMTP_INBOUND_PORT=0). */
  port?: number;

  constructor(
    @Inject(KIT.config) private readonly config: SmtpConfig,
    @Inject(KIT.logger) private readonly logger: Logger,
    private readonly inbound: InboundMailService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const env = this.config.env;
    if (!env.SMTP_INBOUND_ENABLED) return;
    this.server = new SMTPServer({
      name: env.SMTP_INBOUND_DOMAIN,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: env.SMTP_INBOUND_MAX_BYTES,
      logger: false,
      onRcptTo: (address, session, cb) => {
        if (session.envelope.rcptTo.length >= 1) return cb(smtpError(452, '4.5.3 one recipient per message'));
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        this.inbound.checkRecipient(from, address.address).then(
          () => cb(),
          (err: unknown) => cb(this.toSmtpError(err)),
        );
      },
      onData: (stream, session, cb) => {
        this.onData(stream, session).then(
          () => cb(),
          (err: unknown) => cb(this.toSmtpError(err)),
        );
      },
    });
    this.server.on('error', (err) => this.logger.warn({ err: err.message }, 'inbound SMTP listener error'));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(env.SMTP_INBOUND_PORT, env.SMTP_INBOUND_HOST, () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    this.logger.info({ host: env.SMTP_INBOUND_HOST, port: this.port, domain: env.SMTP_INBOUND_DOMAIN }, 'inbound SMTP listener ready');
  }

  private async onData(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const parsed = await simpleParser(stream);
    if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) throw new SmtpReply(550, '5.3.4 message too big');
    const recipient = session.envelope.rcptTo[0]?.address ?? '';
    await this.inbound.deliver({
      envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      recipient,
      headerFrom: firstAddress(parsed.from),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      messageId: parsed.messageId ?? `<generated-${randomUUID()}@fleet>`,
    });
  }

  private toSmtpError(err: unknown): Error {
    if (err instanceof SmtpReply) return smtpError(err.responseCode, err.message);
    this.logger.error({ err }, 'inbound e-mail failed');
    return smtpError(451, '4.3.0 temporary failure, try again later');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((r) => server.close(() => r()));
  }
}
