// The baseline of the gateway benchmark: a bare Fastify server whose one route makes one NATS
// request (NestJS's wire format) and answers the reply. Started as its own process by
// bench/gateway.bench.mjs: node bench/lib/bare-hop.mjs <port> <natsUrl> <subject>
import { connect } from '@nats-io/transport-node';
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';

const [port, natsUrl, subject] = process.argv.slice(2);
const nc = await connect({ servers: natsUrl.split(',') });
const app = Fastify({ logger: false });
app.get('/api/v1/companies/:id', async (req, reply) => {
  const msg = await nc.request(subject, JSON.stringify({ pattern: subject, data: { companyId: req.params.id }, id: randomUUID() }), { timeout: 5000 });
  const body = msg.json();
  return reply.status(body.err ? 500 : 200).send(body.response ?? body.err);
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await app.close();
  await nc.drain();
  process.exit(0);
});
