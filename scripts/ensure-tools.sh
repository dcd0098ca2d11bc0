#!/usr/bin/env bash
# Installs what building and testing need, skipping what is already there:
#   the wasm32 target, wasm-bindgen-cli at the exact version in Cargo.lock, wasm-pack, npm packages
#   from the lockfile, and (with --browsers) Debian's Chromium + ChromeDriver, Firefox ESR and geckodriver,
#   and WebKitGTK's WebKitWebDriver (with its MiniBrowser) and Xvfb.
# Everything comes from package registries (rustup, crates.io, npm, Debian); nothing downloads a
# prebuilt browser. Fails with a clear message when something cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

browsers=no
[ "${1:-}" = "--browsers" ] && browsers=yes

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
export PATH="$HOME/.cargo/bin:$PATH"

command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first"
command -v npm >/dev/null || die "npm not found: install Node.js 20+ first"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || die "rustup could not add wasm32-unknown-unknown"
fi

[ -f Cargo.lock ] || cargo generate-lockfile
bindgen_version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$bindgen_version" ] || die "could not read the wasm-bindgen version from Cargo.lock"
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $bindgen_version"; then
  say "installing wasm-bindgen-cli $bindgen_version (about 3 minutes)"
  # Not --locked: a dependency version locked by the CLI is missing from the registry.
  cargo install wasm-bindgen-cli --version "=$bindgen_version" --force \
    || die "cargo install wasm-bindgen-cli $bindgen_version failed"
fi

# wasm-pack builds the package and runs the browser suites; with --mode no-install (as the
# scripts run it) it uses the wasm-bindgen above and npm's wasm-opt, and downloads nothing.
wasm_pack_version=0.15.1
if ! wasm-pack --version 2>/dev/null | grep -qx "wasm-pack $wasm_pack_version"; then
  say "installing wasm-pack $wasm_pack_version from crates.io (about 3 minutes)"
  cargo install wasm-pack --version "=$wasm_pack_version" --locked --force \
    || die "cargo install wasm-pack $wasm_pack_version failed"
fi

# Installed again when the lockfile's content differs from the one last installed, not when it
# is merely newer: a git checkout or a new worktree (with node_modules linked) touches it.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/tsc ] \
  || [ "$(cat node_modules/.census-lock.sha256 2>/dev/null)" != "$lock_sum" ]; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund || die "npm ci failed"
  echo "$lock_sum" > node_modules/.census-lock.sha256
fi

if [ "$browsers" = yes ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
  # WebKit (Safari's engine) as WebKitGTK's MiniBrowser, driven by WebKitWebDriver; it needs an
  # X display, which xvfb-run provides. Its recommendations (desktop portals, fonts) are not.
  webkit=()
  [ -x /usr/bin/WebKitWebDriver ] || webkit+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null || webkit+=(xvfb)
  command -v xauth >/dev/null || webkit+=(xauth)
  if [ ${#missing[@]} -gt 0 ] || [ ${#webkit[@]} -gt 0 ]; then
    say "installing ${missing[*]} ${webkit[*]} from Debian"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq || die "apt-get update failed"
    if [ ${#missing[@]} -gt 0 ]; then
      $sudo apt-get install -y -qq "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
    fi
    if [ ${#webkit[@]} -gt 0 ]; then
      $sudo apt-get install -y -qq --no-install-recommends "${webkit[@]}" >/dev/null \
        || die "apt-get install ${webkit[*]} failed"
    fi
  fi
  if ! command -v geckodriver >/dev/null; then
    say "installing geckodriver from crates.io (about 2 minutes)"
    cargo install geckodriver || die "cargo install geckodriver failed"
  fi
fi
say "tools ready: $(wasm-bindgen --version), $(wasm-pack --version), $(rustc --version | cut -d' ' -f1-2)"
