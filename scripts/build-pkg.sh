#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm, wasm-bindgen (ESM, --target web), wasm-opt -Oz
# when binaryen is installed, and the files from pkg-template/. Usage: scripts/build-pkg.sh
set -euo pipefail
cd "$(dirname "$0")/.."

out=pkg
cargo build --release --target wasm32-unknown-unknown -p census-wasm
rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" --out-name census_wasm \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/census_wasm.wasm"

wasm_opt=node_modules/.bin/wasm-opt
if [ -x "$wasm_opt" ]; then
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types \
    "$out/census_wasm_bg.wasm" -o "$out/census_wasm_bg.wasm"
else
  echo "note: $wasm_opt not found (run npm ci); the .wasm is not size-optimised" >&2
fi

# The JS glue and snippets ship minified (names kept, so classes and errors read the same in
# stack traces and `name`); the .d.ts files carry the documentation.
esbuild=node_modules/.bin/esbuild
if [ -x "$esbuild" ]; then
  for js in "$out/census_wasm.js" "$out"/snippets/*/src/js/*.js; do
    "$esbuild" "$js" --minify --keep-names --format=esm --target=es2020 --log-level=warning \
      --outfile="$js" --allow-overwrite
  done
else
  echo "note: $esbuild not found (run npm ci); the JS glue is not minified" >&2
fi

# The JS side (CensusClient and the error classes) lives in a wasm-bindgen snippet whose folder
# name carries a hash; the package entry binds the wasm's Core to CensusClient and re-exports
# the public names, so `new CensusClient()` and `instanceof CensusNotFoundError` work for users.
census_js=$(cd "$out" && ls snippets/*/src/js/census.js)
[ -n "$census_js" ] || { echo "error: census.js snippet missing from $out/snippets" >&2; exit 1; }
errors=$(sed -n 's/^export declare class \([A-Za-z]*\).*/\1/p' src/js/errors.d.ts | paste -sd, - | sed 's/,/, /g')
cp src/js/errors.d.ts "$out/errors.d.ts"
cat > "$out/index.js" <<JS
import { Core } from './census_wasm.js';
import { bind } from './$census_js';

bind(Core);
export { default, initSync } from './census_wasm.js';
export { CensusClient, verifyWebhookSignature, $errors } from './$census_js';
JS
cat > "$out/index.d.ts" <<'DTS'
export * from './census_wasm.js';
export { default } from './census_wasm.js';
export * from './errors.js';
DTS
cp pkg-template/package.json pkg-template/README.md "$out/"
rm -f "$out/.gitignore"
echo "built $out/ ($(wc -c < "$out/census_wasm_bg.wasm") bytes of wasm)"
