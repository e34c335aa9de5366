#!/usr/bin/env node
// `npm run bench -- <name> [options]`: runs bench/<name>.bench.mjs, which prints one JSON object.
// Plain Node (20/22), no dependencies. `npm run bench` alone lists the benchmarks.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .map((f) => f.slice(0, -'.bench.mjs'.length));
const [name, ...args] = process.argv.slice(2);

if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <name> [options]\nbenchmarks: ${available.join(', ')}\n`);
  process.exit(name ? 2 : 0);
}
const bench = await import(pathToFileURL(join(here, `${name}.bench.mjs`)).href);
try {
  const result = await bench.run(args);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} catch (err) {
  process.stderr.write(`bench ${name}: ${err.message}\n`);
  process.exit(1);
}
