# Shared by scripts/test.sh and scripts/demo.sh: messages and starting/stopping the local Census.
# shellcheck shell=bash

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Cargo's output directory: CARGO_TARGET_DIR when set, as cargo itself reads it.
TARGET_DIR=${CARGO_TARGET_DIR:-target}

CENSUS_PID=""
CENSUS_URL=""
CENSUS_LOG=""

# Starts census-local ($CENSUS_BIN, by default $TARGET_DIR/debug/census-local) with the given flags and waits for its ready line.
# Sets CENSUS_URL (e.g. http://127.0.0.1:40123) and CENSUS_PID.
start_census() {
  CENSUS_LOG=$(mktemp -t census-local.XXXXXX)
  "${CENSUS_BIN:-$TARGET_DIR/debug/census-local}" "$@" >"$CENSUS_LOG" 2>&1 &
  CENSUS_PID=$!
  local line
  for _ in $(seq 1 200); do
    if line=$(grep -m1 '^CENSUS_LOCAL_READY ' "$CENSUS_LOG"); then
      CENSUS_URL=${line#CENSUS_LOCAL_READY }
      return 0
    fi
    if ! kill -0 "$CENSUS_PID" 2>/dev/null; then
      cat "$CENSUS_LOG" >&2
      die "the local Census exited before it was ready"
    fi
    sleep 0.1
  done
  cat "$CENSUS_LOG" >&2
  die "the local Census did not become ready in 20 s"
}

stop_census() {
  if [ -n "$CENSUS_PID" ] && kill -0 "$CENSUS_PID" 2>/dev/null; then
    kill "$CENSUS_PID" 2>/dev/null || true
    wait "$CENSUS_PID" 2>/dev/null || true
  fi
  CENSUS_PID=""
}
