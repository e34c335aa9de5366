// The local mailbox of `npm start`: a real SMTP server on loopback that the smtp service relays to
// (SMTP_RELAY_URL) when no relay of your own is set. Every message it accepts is written, as it
// arrived, to <FLEET_DATA_DIR>/mail/<time>-<recipient>.eml, and its decoded text beside it as .txt:
// invitations, password resets and one-time codes can be read there (links and tokens in the text).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Starts the mailbox on a free loopback port; resolves with its relay URL and directory. */
export async function startMailbox({ dataDir, port = 0 }) {
  const { SMTPServer } = await import('smtp-server');
  const { simpleParser } = await import('mailparser');
  const dir = join(dataDir, 'mail');
  mkdirSync(dir, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'Fleet local mailbox (npm start)',
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const to = (session.envelope.rcptTo[0]?.address ?? 'unknown').replace(/[^A-Za-z0-9@._-]/g, '_');
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${++count}-${to}.eml`;
        const raw = Buffer.concat(chunks);
        writeFileSync(join(dir, name), raw);
        simpleParser(raw)
          .then((m) => writeFileSync(join(dir, name.replace(/\.eml$/, '.txt')), `From: ${m.from?.text ?? ''}\nTo: ${[m.to].flat().map((t) => t?.text ?? '').join(', ')}\nSubject: ${m.subject ?? ''}\n\n${m.text ?? ''}`))
          .catch(() => undefined)
          .finally(() => callback());
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.server.address();
  return { url: `smtp://127.0.0.1:${bound}`, dir, stop: () => new Promise((resolve) => server.close(resolve)) };
}
