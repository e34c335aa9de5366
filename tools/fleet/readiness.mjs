// Readiness: poll each service's GET /readyz until it answers 200; resident memory from /proc.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';

/** One GET http://host:port/readyz. Resolves { ready, detail } (detail says why not, for reports). */
export function probeReady(host, port, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/readyz', method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        if (body.length < 500) body += chunk;
      });
      res.on('end', () => {
        const text = body.replace(/\s+/g, ' ').trim();
        resolve({
          ready: res.statusCode === 200,
          detail: `${res.statusCode}${text ? `: ${text.length > 160 ? `${text.slice(0, 159)}…` : text}` : ''}`,
        });
      });
      res.on('error', () => resolve({ ready: false, detail: 'response aborted' }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) =>
      resolve({
        ready: false,
        detail: err.code === 'ECONNREFUSED' ? `nothing listening on ${host}:${port}` : `${err.code ?? err.message} on ${host}:${port}`,
      }),
    );
    req.end();
  });
}

/**
 * Polls every target that is not ready yet and still alive, every intervalMs (one request in
 * flight per target). Targets are objects { name, host, port, ready, detail, isAlive() }; `ready`
 * and `detail` are updated in place and onReady(target) is called once when it turns ready.
 * Returns { stop() }.
 */
export function pollReadiness(targets, { intervalMs = 250, onReady = () => {} } = {}) {
  const inFlight = new Set();
  let stopped = false;
  const tick = () => {
    for (const target of targets) {
      if (target.ready || inFlight.has(target) || !target.isAlive()) continue;
      inFlight.add(target);
      probeReady(target.host, target.port).then(({ ready, detail }) => {
        inFlight.delete(target);
        if (stopped || target.ready || !target.isAlive()) return;
        target.detail = detail;
        if (ready) {
          target.ready = true;
          onReady(target);
        }
      });
    }
  };
  const timer = setInterval(tick, intervalMs);
  tick();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/** VmRSS of one process in KiB (Linux /proc), or null when unavailable. */
export function residentKiB(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Sum of VmRSS over pids: { mib, counted } (counted = how many could be read). */
export function totalResidentMiB(pids) {
  let kib = 0;
  let counted = 0;
  for (const pid of pids) {
    const value = residentKiB(pid);
    if (value !== null) {
      kib += value;
      counted += 1;
    }
  }
  return { mib: kib / 1024, counted };
}
