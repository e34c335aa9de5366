// Child processes: launch one with its output in an appended log file (or prefixed on the console
// in verbose mode, and still teed to the log), signal its whole process group, stop a set of them
// gracefully with a deadline.
//
// Every child is spawned detached, i.e. in its own process group, so a Ctrl-C in the terminal
// reaches only this launcher, which then stops the services first and nats-server last.
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, createWriteStream, openSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { lastLines, tailFile } from './ui.mjs';

/**
 * @typedef {object} Launched
 * @property {string} name
 * @property {number | undefined} pid
 * @property {number} startedAt     Date.now() at launch
 * @property {string} logPath
 * @property {{code: number | null, signal: string | null, error?: string} | null} exit  set once it has exited
 * @property {Promise<{code: number | null, signal: string | null, error?: string}>} exited
 * @property {(count?: number) => string[]} tail  the last lines it wrote in this run
 */

/**
 * Launches `file args` with cwd and env. Output goes to logPath (appended, after a header line);
 * with `verbose` each line is also written to the console behind `prefix`.
 * @returns {Launched}
 */
export function launch(name, file, args, { cwd, env, logPath, verbose = false, prefix = `${name} | ` }) {
  appendFileSync(logPath, `\n=== ${new Date().toISOString()} npm start: ${[file, ...args].join(' ')} ===\n`);
  const logOffset = statSync(logPath).size;

  let child;
  let recent = [];
  let logStream;
  if (verbose) {
    child = spawn(file, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    logStream = createWriteStream(logPath, { flags: 'a' });
    logStream.on('error', () => {});
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        out.write(`${prefix}${line}\n`);
        logStream.write(`${line}\n`);
        recent.push(line);
        if (recent.length > 50) recent = recent.slice(-20);
      });
    }
  } else {
    // The child writes straight into the file: nothing is lost if this launcher is slow or gone.
    const fd = openSync(logPath, 'a');
    try {
      child = spawn(file, args, { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
  }

  /** @type {Launched} */
  const handle = {
    name,
    pid: child.pid,
    startedAt: Date.now(),
    logPath,
    exit: null,
    exited: undefined,
    tail: (count = 5) => (verbose ? lastLines(recent.join('\n'), count) : tailFile(logPath, count, logOffset)),
  };
  handle.exited = new Promise((resolve) => {
    const finish = (result) => {
      if (handle.exit) return;
      handle.exit = result;
      logStream?.end();
      resolve(result);
    };
    // 'close' (not 'exit'): in verbose mode the last lines have been read by then.
    child.once('close', (code, signal) => finish({ code, signal }));
    child.once('error', (err) => {
      // Failed to spawn (ENOENT, EACCES…): there will be no 'close' worth waiting for.
      if (child.pid === undefined) {
        const message = `cannot start ${file}: ${err.message}`;
        appendFileSync(logPath, `${message}\n`);
        if (verbose) recent.push(message);
        finish({ code: null, signal: null, error: message });
      }
    });
  });
  return handle;
}

/** Sends a signal to the child's process group (falls back to the pid). False if it is gone. */
export function signal(handle, sig) {
  if (handle.exit || handle.pid === undefined) return false;
  try {
    process.kill(-handle.pid, sig);
    return true;
  } catch {
    try {
      process.kill(handle.pid, sig);
      return true;
    } catch {
      return false;
    }
  }
}

export function describeExit(exit) {
  if (!exit) return 'running';
  if (exit.error) return exit.error;
  if (exit.signal) return `signal ${exit.signal}`;
  return `code ${exit.code}`;
}

/**
 * SIGTERM to every running child, then wait up to graceMs for all of them; every reportEveryMs
 * `onWaiting(names)` is called with those still running; then SIGKILL the stragglers
 * (`onKill(names)`) and wait for them. `onExit(handle)` is called for each one as it exits.
 */
export async function stopAll(handles, { graceMs = 10_000, reportEveryMs = 2_500, onExit = () => {}, onWaiting = () => {}, onKill = () => {} } = {}) {
  const running = handles.filter((h) => !h.exit);
  for (const h of running) {
    h.exited.then(() => onExit(h));
    signal(h, 'SIGTERM');
  }
  const all = Promise.all(running.map((h) => h.exited));
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    const wait = Math.min(reportEveryMs, deadline - Date.now());
    let timer;
    const finished = await Promise.race([all.then(() => true), new Promise((r) => (timer = setTimeout(() => r(false), wait)))]);
    clearTimeout(timer);
    if (finished) return [];
    const still = running.filter((h) => !h.exit).map((h) => h.name);
    if (Date.now() < deadline - 50) onWaiting(still);
  }
  const stragglers = running.filter((h) => !h.exit);
  if (stragglers.length === 0) return [];
  onKill(stragglers.map((h) => h.name));
  for (const h of stragglers) signal(h, 'SIGKILL');
  let timer;
  await Promise.race([all, new Promise((r) => (timer = setTimeout(r, 3_000)))]);
  clearTimeout(timer);
  return stragglers.map((h) => h.name);
}
