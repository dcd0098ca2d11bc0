// Fails when `any` appears in the package's public declarations. wasm-bindgen's InitOutput
// (the raw wasm exports, which users never call) is the one place allowed to hold it.
import { readFileSync } from 'node:fs';

const files = ['pkg/index.d.ts', 'pkg/errors.d.ts', 'pkg/census_wasm.d.ts'];
let found = 0;
for (const file of files) {
  let text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/export interface InitOutput \{[\s\S]*?\n\}/, '');
  for (const [index, line] of text.split('\n').entries()) {
    if (/\bany\b/.test(line)) {
      console.error(`${file}: \`any\` in the public surface: ${line.trim()}`);
      found += 1;
    }
  }
}
if (found > 0) process.exit(1);
console.log(`no \`any\` in ${files.join(', ')} (InitOutput excluded)`);
