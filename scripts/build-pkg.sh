#!/usr/bin/env bash
# Builds the npm package into pkg/ and packs it: `wasm-pack build` (release wasm, wasm-bindgen
# --target web with weak references, wasm-opt -Oz from npm's binaryen as Cargo.toml's
# [package.metadata.wasm-pack] says), then scripts/assemble-pkg.mjs (entries for browsers, Node's
# import and require, the declarations, package.json), then `npm pack` into $CARGO_TARGET_DIR/npm/
# (target/npm/ by default), printing the tarball's size. Usage: scripts/build-pkg.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# wasm-pack runs the first wasm-opt on PATH and downloads one when there is none; npm's binaryen
# 132 must be that one (Debian's 108 writes a module that fails at init), and --mode no-install
# makes wasm-pack use the wasm-bindgen on PATH rather than download it.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/esbuild ] || die "node_modules/.bin lacks wasm-opt or esbuild: run scripts/ensure-tools.sh (npm ci)"
[ "$(command -v wasm-opt)" = "$PWD/node_modules/.bin/wasm-opt" ] || die "wasm-opt on PATH is not npm's binaryen"
command -v wasm-pack >/dev/null || die "wasm-pack not found: run scripts/ensure-tools.sh"

# Panic locations in the wasm name the source files of dependencies: without the remap they would
# carry this machine's cargo home (/root/.cargo/registry/src/…) into the package.
cargo_home=${CARGO_HOME:-$HOME/.cargo}
export RUSTFLAGS="${RUSTFLAGS:-} --remap-path-prefix=$cargo_home/registry/src/= --remap-path-prefix=$cargo_home/git/checkouts/="

out=pkg
rm -rf "$out"
wasm-pack build --mode no-install --release --target web --weak-refs --no-pack \
  --out-dir "$out" --out-name census_wasm .
node scripts/assemble-pkg.mjs

# The tarball as npm publishes it; the tests install it (tests/package/), and its size is printed.
packs="$TARGET_DIR/npm"
rm -rf "$packs" && mkdir -p "$packs"
packs=$(cd "$packs" && pwd)
(cd "$out" && npm pack --silent --pack-destination "$packs" >/dev/null)
tarball=$(ls "$packs"/census-wasm-*.tgz)
wasm_bytes=$(wc -c < "$out/census_wasm_bg.wasm")
echo "built $out/ ($wasm_bytes B of wasm) and packed $tarball: $(wc -c < "$tarball") B" \
  "($(tar -tzf "$tarball" | wc -l) files, $(tar -xzOf "$tarball" | wc -c) B unpacked)"
