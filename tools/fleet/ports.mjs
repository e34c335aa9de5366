// TCP port helpers: a free loopback port, "can this address be bound?", "does it accept connections?".
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port the OS considers free on 127.0.0.1 (listen on port 0, read the port, close). */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether host:port can be bound right now. Resolves to null when it can, or to the error code
 * (EADDRINUSE, EACCES, EADDRNOTAVAIL, …) when it cannot.
 */
export function bindProblem(host, port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (err) => resolve(err.code ?? String(err)));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/** One connection attempt; true when host:port accepts it within timeoutMs. */
export function accepts(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Waits until host:port accepts connections. Resolves true, or false after timeoutMs or as soon as
 * shouldStop() returns true (e.g. the process meant to listen there has exited).
 */
export async function waitForPort(host, port, { timeoutMs = 10_000, intervalMs = 100, shouldStop = () => false } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (shouldStop()) return false;
    if (await accepts(host, port, Math.min(500, Math.max(50, deadline - Date.now())))) return true;
    await sleep(intervalMs);
  }
  return false;
}
