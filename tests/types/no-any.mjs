// Fails when `any` appears in the package's public declarations (index.d.ts for import,
// index.d.cts for require: the same text). scripts/assemble-pkg.mjs replaces wasm-bindgen's
// InitOutput, which typed the raw wasm exports with `any`, by one that holds only `memory`.
import { readFileSync } from 'node:fs';

const files = ['pkg/index.d.ts', 'pkg/index.d.cts'];
let found = 0;
for (const file of files) {
  let text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
  for (const [index, line] of text.split('\n').entries()) {
    if (/\bany\b/.test(line)) {
      console.error(`${file}: \`any\` in the public surface: ${line.trim()}`);
      found += 1;
    }
  }
}
if (found > 0) process.exit(1);
console.log(`no \`any\` in ${files.join(', ')}`);
