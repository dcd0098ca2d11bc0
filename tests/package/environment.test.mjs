// A Node realm that lacks what the client needs, as Jest's jsdom environment is (no
// TextEncoder, TextDecoder, fetch, Request or Response): requiring the package fails at once
// with an error that names what is missing and what to use, not a bare ReferenceError from
// inside the glue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../pkg/node.cjs', import.meta.url));

function requireWithout(names) {
  const script = `for (const name of ${JSON.stringify(names)}) delete globalThis[name];
try { require(${JSON.stringify(entry)}); console.log('loaded'); } catch (error) { console.log(error.name + ': ' + error.message); }`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}

test('without TextEncoder or TextDecoder, require() says what is missing and what to use', () => {
  for (const name of ['TextEncoder', 'TextDecoder']) {
    const said = requireWithout([name]);
    assert.match(said, new RegExp(`^TypeError: census-wasm needs the global ${name}, which this environment lacks\\.`));
    assert.match(said, /jest-fixed-jsdom/);
  }
});

test('with them, the package loads (the check refuses nothing else)', () => {
  assert.equal(requireWithout([]), 'loaded');
  // What verifyWebhookSignature alone needs: a realm without fetch still loads the package.
  assert.equal(requireWithout(['fetch', 'Request', 'Response']), 'loaded');
});
