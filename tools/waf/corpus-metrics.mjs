#!/usr/bin/env node
// Replays the CRS corpus (shared/corpus/crs) against a gateway with shared/tools/waf-replay.mjs and
// reports, per attack class: detection of the attack requests the CRS reference itself blocks at
// the chosen paranoia level (`ref_block_pl` 1..PL), detection of every "block" case, false
// positives on the hand-written benign admin requests and on the CRS "allow" cases that CRS itself
// lets through at that level. Prints one JSON object.
//
//   node tools/waf/corpus-metrics.mjs --base http://127.0.0.1:8080 [--paranoia 1] [--concurrency 8]
//
// The corpus is read from WAF_CORPUS_DIR, else ../shared/corpus/crs beside the repository, else
// /work/shared/corpus/crs; the replay tool likewise from WAF_REPLAY_TOOL or ../shared/tools.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function firstExisting(...candidates) {
  return candidates.filter(Boolean).find((p) => fs.existsSync(p));
}

export function corpusDir() {
  return firstExisting(process.env.WAF_CORPUS_DIR, path.join(repo, '../shared/corpus/crs'), path.join(repo, '../../shared/corpus/crs'), '/work/shared/corpus/crs');
}

export function replayTool() {
  return firstExisting(process.env.WAF_REPLAY_TOOL, path.join(repo, '../shared/tools/waf-replay.mjs'), path.join(repo, '../../shared/tools/waf-replay.mjs'), '/work/shared/tools/waf-replay.mjs');
}

function loadRecords(dir) {
  const seen = new Map();
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort((a, b) => (a === 'benign.jsonl') - (b === 'benign.jsonl') || a.localeCompare(b));
  for (const f of files) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line);
      if (!seen.has(r.id)) seen.set(r.id, r);
    }
  }
  return seen;
}

const pct = (a, b) => (b ? Math.round((1000 * a) / b) / 10 : null);

/** Joins the replay's per-request trace with the corpus's reference verdicts. */
export function summarize(records, trace, paranoia) {
  const classes = {};
  const missed = [];
  const falsePositives = [];
  for (const t of trace) {
    const r = records.get(t.id);
    if (!r) continue;
    const c = (classes[r.class] ??= { refBlocked: 0, refBlockedCaught: 0, blockCases: 0, blockCasesCaught: 0, handwritten: 0, handwrittenBlocked: 0, crsAllowClean: 0, crsAllowCleanBlocked: 0, errors5xx: 0 });
    if (t.status >= 500) c.errors5xx += 1;
    if (r.expect === 'block') {
      c.blockCases += 1;
      if (t.blocked) c.blockCasesCaught += 1;
      if (r.ref_block_pl != null && r.ref_block_pl >= 1 && r.ref_block_pl <= paranoia) {
        c.refBlocked += 1;
        if (t.blocked) c.refBlockedCaught += 1;
        else missed.push(r.id);
      }
    } else if (r.source === 'handwritten') {
      c.handwritten += 1;
      if (t.blocked) {
        c.handwrittenBlocked += 1;
        falsePositives.push(r.id);
      }
    } else if (r.ref_block_pl == null || r.ref_block_pl > paranoia) {
      c.crsAllowClean += 1;
      if (t.blocked) c.crsAllowCleanBlocked += 1;
    }
  }
  const total = { refBlocked: 0, refBlockedCaught: 0, blockCases: 0, blockCasesCaught: 0, handwritten: 0, handwrittenBlocked: 0, crsAllowClean: 0, crsAllowCleanBlocked: 0, errors5xx: 0 };
  for (const c of Object.values(classes)) for (const k of Object.keys(total)) total[k] += c[k];
  const withRates = (c) => ({
    ...c,
    detectionOfCrsBlockedPct: pct(c.refBlockedCaught, c.refBlocked),
    detectionAllBlockCasesPct: pct(c.blockCasesCaught, c.blockCases),
    handwrittenFalsePositivePct: pct(c.handwrittenBlocked, c.handwritten),
    crsAllowCleanFalsePositivePct: pct(c.crsAllowCleanBlocked, c.crsAllowClean),
  });
  return {
    paranoia,
    classes: Object.fromEntries(Object.entries(classes).sort().map(([k, v]) => [k, withRates(v)])),
    total: withRates(total),
    missed,
    falsePositives,
  };
}

export async function measure({ base, paranoia = 1, concurrency = 8, classes }) {
  const dir = corpusDir();
  const tool = replayTool();
  if (!dir || !tool) throw new Error('CRS corpus or waf-replay.mjs not found (set WAF_CORPUS_DIR / WAF_REPLAY_TOOL)');
  const traceFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waf-')), 'trace.jsonl');
  const args = [tool, '--base', base, '--corpus', dir, '--json', '--trace', traceFile, '--concurrency', String(concurrency)];
  if (classes) args.push('--class', classes);
  await new Promise((resolve, reject) =>
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => (err ? reject(new Error(`waf-replay failed: ${stderr || err.message}`)) : resolve(stdout))),
  );
  const trace = fs.readFileSync(traceFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  fs.rmSync(path.dirname(traceFile), { recursive: true, force: true });
  return summarize(loadRecords(dir), trace, paranoia);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values: o } = parseArgs({ options: { base: { type: 'string' }, paranoia: { type: 'string', default: '1' }, concurrency: { type: 'string', default: '8' }, class: { type: 'string' } } });
  if (!o.base) {
    process.stderr.write('usage: node tools/waf/corpus-metrics.mjs --base http://127.0.0.1:PORT [--paranoia 1] [--concurrency 8] [--class a,b]\n');
    process.exit(2);
  }
  measure({ base: o.base, paranoia: Number(o.paranoia), concurrency: Number(o.concurrency), classes: o.class })
    .then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
    .catch((e) => {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    });
}
