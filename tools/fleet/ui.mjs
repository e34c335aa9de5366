// Console output of `npm start`: colours (only on a TTY, never with NO_COLOR), durations,
// service labels and the tail of a log file.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { relative } from 'node:path';

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
const paint = (code) => (text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : String(text));

export const c = {
  bold: paint('1'),
  dim: paint('2'),
  red: paint('31'),
  green: paint('32'),
  yellow: paint('33'),
  blue: paint('34'),
  magenta: paint('35'),
  cyan: paint('36'),
};

const PALETTE = ['36', '35', '34', '33', '32', '96', '95', '94', '93', '92'];
/** A stable colour per service, for the prefixes of verbose output. */
export function serviceColor(index) {
  return paint(PALETTE[index % PALETTE.length]);
}

/** 1234 -> "1.2 s", 83000 -> "1 min 23 s". */
export function duration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms - min * 60_000) / 1000)} s`;
}

/** Local wall-clock time, HH:MM:SS. */
export function clock(date = new Date()) {
  return date.toTimeString().slice(0, 8);
}

export function info(line = '') {
  process.stdout.write(`${line}\n`);
}

export function warn(line) {
  process.stdout.write(`${c.yellow(line)}\n`);
}

export function error(line) {
  process.stderr.write(`${c.red(line)}\n`);
}

/** A path shown relative to the repository when it is inside it. */
export function shortPath(repoRoot, path) {
  const rel = relative(repoRoot, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Fixed-width service label used in every status line. */
export function label(name, width) {
  return name.padEnd(width);
}

/**
 * The last `count` non-empty lines a file received after byte offset `from` (the size it had when
 * the process was launched, so an appended log never shows lines of an earlier run).
 */
export function tailFile(path, count = 5, from = 0) {
  let fd;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const start = Math.max(from, size - 64 * 1024);
    if (size <= start) return [];
    const buffer = Buffer.alloc(size - start);
    readSync(fd, buffer, 0, buffer.length, start);
    return lastLines(buffer.toString('utf8'), count);
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function lastLines(text, count) {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-count);
}

const PINO_LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** Makes a pino JSON line readable in a log tail (`error: msg: err.message`); other lines as they are. */
export function readableLogLine(line, max = 240) {
  let text = line;
  if (line.startsWith('{')) {
    try {
      const entry = JSON.parse(line);
      if (entry && typeof entry.msg === 'string') {
        const level = PINO_LEVELS[entry.level] ?? entry.level ?? 'log';
        const err = entry.err?.message ?? entry.error?.message ?? (typeof entry.err === 'string' ? entry.err : undefined);
        text = `${level}: ${entry.msg}${err && err !== entry.msg ? `: ${err}` : ''}`;
      }
    } catch {
      // not JSON after all: show it raw
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Prints the tail lines of a log under a status line, indented. */
export function printTail(lines) {
  for (const line of lines) info(c.dim(`      │ ${readableLogLine(line)}`));
}
