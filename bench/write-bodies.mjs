// Writes the benchmark's bodies (bench/fetch-bodies.mjs) to files, for native benchmarks such as
// examples/scan_throughput.rs. Usage: node bench/write-bodies.mjs <census-local url> <token> <dir>
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceBodies } from './fetch-bodies.mjs';

const [url, token, dir] = process.argv.slice(2);
if (!url || !token || !dir) throw new Error('usage: node bench/write-bodies.mjs <url> <token> <dir>');
const { page100, large } = await sourceBodies(url, token);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'page100.json'), page100);
writeFileSync(join(dir, 'large.json'), large);
