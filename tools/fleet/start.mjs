#!/usr/bin/env node
// `npm start`: build, start NATS (unless NATS_URL is set), start the ten services as separate
// processes, report readiness, stop everything on Ctrl-C. Plain Node (20/22), no dependencies.
//
// Steps: probe the gateway and health ports → `npx tsc -b tsconfig.build.json` → NATS (NATS_URL,
// or nats-server -js on a free loopback port storing in .data/nats) → all services at once
// (`node services/<name>/dist/main.js`, cwd = repo root) → poll /readyz on each health port every
// 250 ms → summary (time, memory, URLs). A service that dies is reported, never restarted.
// Ctrl-C / SIGTERM: SIGTERM to every service, up to 10 s, SIGKILL stragglers, stop nats-server,
// exit 0. A second Ctrl-C kills everything at once.
//
// Environment (everything else is passed through to the services untouched):
//   NATS_URL                 use this NATS instead of starting nats-server
//   FLEET_START_VERBOSE=1    service output on the console, each line prefixed with the service
//                            name (it is still appended to .data/logs/<name>.log)
//   <SERVICE>_DB_URL         per service; when neither it nor FLEET_DB_URL is set the service gets
//                            sqlite:<repo>/.data/<name>.db
//   <SERVICE>_HEALTH_PORT    default 9400 (gateway) … 9409 (smtp), see ARCHITECTURE.md
//   <SERVICE>_HEALTH_HOST    polled on 127.0.0.1 when unset or a wildcard address
//   GATEWAY_PORT, GATEWAY_HOST   the gateway's HTTP API (default 127.0.0.1:8080); probed at start
//   FLEET_ADMIN_EMAIL        bootstrap administrator (default admin@fleet.local)
//   FLEET_ADMIN_PASSWORD     its password (default Fleet-Admin-2026!)
//   Always set for the services: NATS_URL, FLEET_DATA_DIR=<repo>/.data.
//
// Hidden hooks (for testing this launcher without the real services):
//   FLEET_START_SERVICE_CMD="node /tmp/fake.mjs {name}"
//                            command template replacing `node services/<name>/dist/main.js`;
//                            {name} = service name, {repo} = repository root; split on
//                            whitespace and run without a shell
//   FLEET_START_SKIP_BUILD=1 skip the tsc build
//   FLEET_START_READY_TIMEOUT_MS   when to report the services that are not ready (default 60000)
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import { startMailbox } from './mailbox.mjs';
import { NOT_FOUND_MESSAGE, findNatsServer, redactUrl, startNatsServer, stopNatsServer } from './nats.mjs';
import { bindProblem } from './ports.mjs';
import { describeExit, launch, signal, stopAll } from './processes.mjs';
import { pollReadiness, totalResidentMiB } from './readiness.mjs';
import {
  DEFAULT_ADMIN_PASSWORD,
  SERVICES,
  adminAccount,
  gatewayAddress,
  healthAddress,
  serviceCommand,
  serviceEnv,
} from './services.mjs';
import { c, clock, duration, error, info, label, printTail, serviceColor, shortPath, warn } from './ui.mjs';

const env = process.env;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = join(repoRoot, '.data');
const logDir = join(dataDir, 'logs');
const natsStoreDir = join(dataDir, 'nats');
const verbose = env.FLEET_START_VERBOSE === '1';
const readyTimeoutMs = Number(env.FLEET_START_READY_TIMEOUT_MS) > 0 ? Number(env.FLEET_START_READY_TIMEOUT_MS) : 60_000;
const width = Math.max(...SERVICES.map((s) => s.name.length));
const startedAt = Date.now();

const state = {
  shuttingDown: false,
  firstSignalAt: 0,
  build: null, // { cancel } while tsc runs
  nats: null, // Launched nats-server, when we started it
  natsUrl: null,
  mailbox: null, // the local mailbox, when SMTP_RELAY_URL is not set
  services: [], // { service, handle, target, health }
  poller: null,
  readyTimer: null,
};

const logPathOf = (name) => join(logDir, `${name}.log`);
const prefixOf = (name, index) => `${serviceColor(index)(label(name, width))} ${c.dim('│')} `;

// ---------------------------------------------------------------------------------------------
// signals and shutdown

process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('SIGHUP', () => onSignal('SIGHUP'));
// Last resort (uncaught error, process.exit elsewhere): never leave children behind.
process.on('exit', () => killEverything());

function onSignal(sig) {
  if (!state.shuttingDown) {
    state.firstSignalAt = Date.now();
    shutdown(`${sig} received`, 0);
    return;
  }
  // One Ctrl-C can arrive twice: from the terminal (to the whole foreground process group) and
  // forwarded by `npm start` when its shell exec'd node (bash does). A deliberate second Ctrl-C
  // comes later than that.
  if (Date.now() - state.firstSignalAt < 500) return;
  info(c.red(`\n${sig} again: killing everything now`));
  killEverything();
  process.exit(130);
}

function killEverything() {
  state.build?.cancel();
  for (const { handle } of state.services) if (handle) signal(handle, 'SIGKILL');
  if (state.nats) signal(state.nats, 'SIGKILL');
}

async function shutdown(reason, exitCode) {
  if (state.shuttingDown) return;
  state.shuttingDown = true;
  const t = Date.now();
  state.poller?.stop();
  clearTimeout(state.readyTimer);
  info();
  info(c.bold(`${reason}: stopping the fleet (Ctrl-C again to kill at once)`));
  state.build?.cancel();

  const running = state.services.filter((s) => s.handle && !s.handle.exit).map((s) => s.handle);
  if (running.length > 0) {
    info(`  SIGTERM to ${running.length} service${running.length === 1 ? '' : 's'}…`);
    await stopAll(running, {
      graceMs: 10_000,
      onExit: (h) => info(c.dim(`  ${label(h.name, width)} stopped (${describeExit(h.exit)}) after ${duration(Date.now() - t)}`)),
      onWaiting: (names) => info(c.yellow(`  still running: ${names.join(', ')}`)),
      onKill: (names) => info(c.red(`  still running after 10 s, sending SIGKILL: ${names.join(', ')}`)),
    });
  }
  await state.mailbox?.stop();
  if (state.nats) {
    const how = await stopNatsServer(state.nats);
    info(c.dim(`  nats-server ${how} (${describeExit(state.nats.exit)})`));
  }
  info(`fleet stopped in ${duration(Date.now() - t)}`);
  process.exit(exitCode);
}

// ---------------------------------------------------------------------------------------------
// startup steps

/** Exits 1 when the gateway's HTTP port or a health port cannot be bound (another fleet running?). */
async function checkPorts() {
  const problems = [];
  const badPort = (port) => !Number.isInteger(port) || port < 1 || port > 65535;
  const gateway = gatewayAddress(env);
  if (badPort(gateway.port)) problems.push(`GATEWAY_PORT must be a port number (got "${env.GATEWAY_PORT}")`);
  for (const service of SERVICES) {
    const health = healthAddress(service, env);
    if (badPort(health.port)) problems.push(`${health.portVar} must be a port number (got "${env[health.portVar]}")`);
  }
  if (problems.length > 0) {
    for (const problem of problems) error(problem);
    process.exit(1);
  }
  const gatewayProblem = await bindProblem(gateway.bind, gateway.port);
  if (gatewayProblem) {
    problems.push(
      gatewayProblem === 'EADDRINUSE'
        ? `the gateway port ${gateway.bind}:${gateway.port} is already in use: is another fleet (or something else) running? Stop it, or set GATEWAY_PORT.`
        : `cannot listen on the gateway port ${gateway.bind}:${gateway.port} (${gatewayProblem}): set GATEWAY_PORT / GATEWAY_HOST.`,
    );
  }
  // A taken health port would make the readiness poll report someone else's service as ready.
  for (const service of SERVICES) {
    const health = healthAddress(service, env);
    const problem = await bindProblem(health.bind, health.port);
    if (problem) {
      problems.push(
        problem === 'EADDRINUSE'
          ? `the health port ${health.bind}:${health.port} of ${service.name} is already in use: is another fleet running? Stop it, or set ${health.portVar}.`
          : `cannot listen on the health port ${health.bind}:${health.port} of ${service.name} (${problem}): set ${health.portVar}.`,
      );
    }
  }
  if (problems.length > 0) {
    for (const problem of problems) error(problem);
    process.exit(1);
  }
}

async function runBuild() {
  if (env.FLEET_START_SKIP_BUILD === '1') {
    info(c.dim('build skipped (FLEET_START_SKIP_BUILD=1)'));
    return;
  }
  info('building… (npx tsc -b tsconfig.build.json)');
  state.build = build(repoRoot);
  const result = await state.build.promise;
  state.build = null;
  if (state.shuttingDown) return;
  if (!result.ok) {
    process.stderr.write(result.output.endsWith('\n') || result.output === '' ? result.output : `${result.output}\n`);
    error(`build failed (exit code ${result.code}) after ${duration(result.ms)}`);
    process.exit(1);
  }
  info(`built in ${duration(result.ms)}`);
}

/** NATS_URL, or a nats-server of our own. Returns the URL the services get. */
async function startNats() {
  if (env.NATS_URL) {
    info(`NATS: ${redactUrl(env.NATS_URL)} (from NATS_URL)`);
    return env.NATS_URL;
  }
  const executable = findNatsServer(env);
  if (!executable) {
    error(NOT_FOUND_MESSAGE);
    process.exit(1);
  }
  const t = Date.now();
  try {
    const nats = await startNatsServer({
      executable,
      storeDir: natsStoreDir,
      logPath: logPathOf('nats'),
      cwd: repoRoot,
      verbose,
      prefix: `${c.dim(label('nats', width))} ${c.dim('│')} `,
      onLaunch: (handle) => (state.nats = handle),
    });
    info(
      `NATS: started ${executable} on ${nats.url} with JetStream (pid ${nats.handle.pid}, store ${shortPath(repoRoot, natsStoreDir)}) in ${duration(Date.now() - t)}`,
    );
    return nats.url;
  } catch (err) {
    if (state.shuttingDown) return null;
    error(err.message);
    printTail(err.logTail ?? []);
    error(`see ${shortPath(repoRoot, logPathOf('nats'))}`);
    state.nats = null; // already killed
    process.exit(1);
  }
}

/** The command of every service; the ones whose dist/main.js is missing are reported and skipped. */
function planServices() {
  const template = env.FLEET_START_SERVICE_CMD?.trim() || undefined;
  if (template) info(c.yellow(`services started with FLEET_START_SERVICE_CMD: ${template}`));
  const plan = SERVICES.map((service, index) => ({
    service,
    index,
    health: healthAddress(service, env),
    command: serviceCommand(service, { repoRoot, template }),
  }));
  for (const p of plan) {
    p.missing = !p.command.custom && !existsSync(join(repoRoot, p.command.args[0]));
    if (p.missing) info(`  ${c.red('✗')} ${label(p.service.name, width)} ${c.red(`not built: ${p.command.args[0]} is missing`)}`);
  }
  if (plan.every((p) => p.missing)) {
    error('no service is built: nothing to start (does the build emit services/<name>/dist/main.js?)');
    process.exit(1);
  }
  return plan;
}

/** Launches every service at once (they are independent); registers exit reporting. */
function launchServices(plan, natsUrl) {
  const count = plan.filter((p) => !p.missing).length;
  info(`starting ${count} service${count === 1 ? '' : 's'}…`);
  for (const { service, index, health, command, missing } of plan) {
    const entry = { service, health, handle: null, target: null };
    state.services.push(entry);
    if (missing) continue;
    const handle = launch(service.name, command.file, command.args, {
      cwd: repoRoot,
      env: serviceEnv(service, { env, natsUrl, dataDir }),
      logPath: logPathOf(service.name),
      verbose,
      prefix: prefixOf(service.name, index),
    });
    entry.handle = handle;
    entry.target = {
      name: service.name,
      host: health.host,
      port: health.port,
      ready: false,
      detail: 'not polled yet',
      isAlive: () => !handle.exit,
    };
    info(`  ${c.dim('…')} ${label(service.name, width)} starting ${c.dim(`(pid ${handle.pid ?? '?'}, health ${health.host}:${health.port})`)}`);
    handle.exited.then(() => onServiceExit(entry));
  }
}

function onServiceExit(entry) {
  if (state.shuttingDown) return;
  const { handle, service } = entry;
  const after = duration(Date.now() - handle.startedAt);
  const when = entry.target.ready ? `at ${clock()}` : `at ${clock()}, ${after} after launch, before it was ready`;
  info(
    `  ${c.red('✗')} ${label(service.name, width)} ${c.red(`exited (${describeExit(handle.exit)})`)} ${when}; not restarting (see ${shortPath(repoRoot, handle.logPath)})`,
  );
  printTail(handle.tail(5));
  // setImmediate: first let the other exits that happened at the same moment be reported.
  setImmediate(() => {
    if (state.shuttingDown || !state.services.every((s) => !s.handle || s.handle.exit)) return;
    error('every service has exited');
    shutdown('nothing left running', 1);
  });
}

function onServiceReady(target, launchedAt) {
  const entry = state.services.find((s) => s.target === target);
  info(`  ${c.green('✓')} ${label(target.name, width)} ${c.green('ready')} in ${duration(Date.now() - entry.handle.startedAt)}`);
  if (state.services.every((s) => s.target?.ready)) {
    clearTimeout(state.readyTimer);
    state.poller?.stop();
    printSummary(launchedAt);
  }
}

function printSummary(launchedAt) {
  const now = Date.now();
  const pids = state.services.map((s) => s.handle.pid).filter(Boolean);
  const memory = totalResidentMiB(pids);
  const gateway = gatewayAddress(env);
  const admin = adminAccount(env);
  const password = admin.passwordFromEnv
    ? 'password from FLEET_ADMIN_PASSWORD'
    : `password ${DEFAULT_ADMIN_PASSWORD} (the default; set FLEET_ADMIN_PASSWORD to choose one)`;
  const rows = [
    ['Gateway', gateway.url],
    ['Health', `${gateway.url}/api/v1/health`],
    ['API docs', `${gateway.url}/api/docs`],
    ['Admin', `${admin.email}${admin.emailFromEnv ? ' (from FLEET_ADMIN_EMAIL)' : ''}, ${password}`],
    ['NATS', state.nats ? `${state.natsUrl} (nats-server pid ${state.nats.pid}, store ${shortPath(repoRoot, natsStoreDir)})` : `${redactUrl(state.natsUrl)} (NATS_URL)`],
    ['Logs', `${shortPath(repoRoot, logDir)}/<service>.log`],
    ['Mail', state.mailbox ? `${shortPath(repoRoot, state.mailbox.dir)}/ (*.eml as received, *.txt decoded; local mailbox ${state.mailbox.url}; set SMTP_RELAY_URL to send for real)` : `through SMTP_RELAY_URL`],
  ];
  info();
  info(
    c.bold(c.green(`all ${SERVICES.length} services ready in ${duration(now - launchedAt)}`)) +
      c.dim(` (${duration(now - startedAt)} since npm start)`),
  );
  info(
    memory.counted > 0
      ? `memory: ${memory.mib.toFixed(0)} MiB resident (VmRSS of ${memory.counted} service processes)`
      : 'memory: n/a (no /proc)',
  );
  for (const [key, value] of rows) info(`${`${key}:`.padEnd(10)} ${value}`);
  info(c.dim('Ctrl-C stops the fleet.'));
}

function reportNotReady() {
  if (state.shuttingDown) return;
  const waiting = state.services.filter((s) => s.handle && !s.handle.exit && !s.target.ready);
  const gone = state.services.filter((s) => !s.handle || s.handle.exit);
  if (waiting.length === 0 && gone.length === 0) return;
  info();
  warn(`not all services are ready after ${duration(readyTimeoutMs)}:`);
  for (const s of waiting) warn(`  ${label(s.service.name, width)} not ready (${s.target.detail})`);
  for (const s of gone) warn(`  ${label(s.service.name, width)} ${s.handle ? `exited (${describeExit(s.handle.exit)})` : 'not built'}`);
  if (waiting.length > 0) info(c.dim('still waiting for them; Ctrl-C stops the fleet.'));
}

async function main() {
  mkdirSync(logDir, { recursive: true });
  mkdirSync(natsStoreDir, { recursive: true });
  await checkPorts();
  await runBuild();
  if (state.shuttingDown) return;
  const plan = planServices();
  await checkPorts(); // again: the build may have taken a while
  const natsUrl = await startNats();
  if (state.shuttingDown) return;
  state.natsUrl = natsUrl;

  if (!env.SMTP_RELAY_URL) {
    // e-mails (invitations, resets, one-time codes) land in .data/mail instead of going nowhere
    state.mailbox = await startMailbox({ dataDir });
    env.SMTP_RELAY_URL = state.mailbox.url;
  }

  const launchedAt = Date.now();
  launchServices(plan, natsUrl);
  const targets = state.services.filter((s) => s.target).map((s) => s.target);
  state.poller = pollReadiness(targets, { intervalMs: 250, onReady: (target) => onServiceReady(target, launchedAt) });
  state.readyTimer = setTimeout(reportNotReady, readyTimeoutMs);
}

main().catch((err) => {
  error(`npm start failed: ${err?.stack ?? err}`);
  shutdown('error', 1);
});
