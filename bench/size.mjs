// Bundle-size benchmark: the client as pkg/ ships it (wasm + JS glue, raw, gzip -9, brotli), the
// client's glue as a bundler would minify it, and peers bundled the same way for the browser
// (esbuild --bundle --minify --format=esm): openapi-fetch + zod, openapi-fetch + valibot,
// @octokit/core. Entries are in bench/size/. Usage: node bench/size.mjs
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { clientSizes, compressedSizes, readBudget } from './sizes.mjs';

const pkgDir = fileURLToPath(new URL('../pkg/', import.meta.url));

async function bundled(entry) {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`./size/${entry}`, import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
    // wasm-bindgen's glue lists the snippet module once per extern block that imports it.
    logOverride: { 'duplicate-object-key': 'silent' },
  });
  return compressedSizes(result.outputFiles[0].contents);
}

const client = clientSizes(pkgDir);
const glueMinified = await bundled('census-wasm.mjs');
console.log(JSON.stringify({
  budget: readBudget(),
  client,
  clientMinified: {
    glue: glueMinified,
    total: { raw: client.wasm.raw + glueMinified.raw, gzip: client.wasm.gzip + glueMinified.gzip, brotli: client.wasm.brotli + glueMinified.brotli },
  },
  peers: {
    'openapi-fetch + zod': await bundled('openapi-fetch-zod.mjs'),
    'openapi-fetch + valibot': await bundled('openapi-fetch-valibot.mjs'),
    '@octokit/core': await bundled('octokit-core.mjs'),
  },
}));
