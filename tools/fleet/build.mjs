// The build step: `npx tsc -b tsconfig.build.json` at the repository root (incremental).
import { spawn } from 'node:child_process';

/**
 * Runs the compiler and collects its output. Returns { promise, cancel }: the promise resolves to
 * { ok, code, output, ms }; cancel() kills the compiler (Ctrl-C during the build).
 */
export function build(repoRoot) {
  const started = Date.now();
  // --no-install: never let npx fetch the unrelated "tsc" package when typescript is missing.
  const args = ['--no-install', 'tsc', '-b', 'tsconfig.build.json'];
  if (process.stdout.isTTY && !process.env.NO_COLOR) args.push('--pretty');
  const child = spawn('npx', args, {
    cwd: repoRoot,
    env: process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks = [];
  child.stdout.on('data', (chunk) => chunks.push(chunk));
  child.stderr.on('data', (chunk) => chunks.push(chunk));
  const promise = new Promise((resolve) => {
    let settled = false;
    const finish = (code, extra = '') => {
      if (settled) return;
      settled = true;
      resolve({ ok: code === 0, code, output: Buffer.concat(chunks).toString('utf8') + extra, ms: Date.now() - started });
    };
    child.once('error', (err) => finish(null, `cannot run npx: ${err.message}\n`));
    child.once('close', (code) => finish(code));
  });
  const cancel = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  return { promise, cancel };
}
