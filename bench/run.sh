#!/usr/bin/env bash
# The benchmark: builds policylint, generates a seeded corpus (once), and measures reading,
# comrak's parse alone (the floor), `policylint audit` on one thread and on all, and one
# `policylint check` of a 50 KB policy. Run by hand from anywhere in a clone:
#
#   bench/run.sh                 # 10,000 policies, seed 1, writes bench/RESULTS.md
#   bench/run.sh 1000            # a quicker run on 1,000 (RESULTS.md is left alone)
#   SEED=7 RUNS=50 bench/run.sh 10000
#
# Nothing here is part of the test suite: timings are never asserted by tests.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT="${1:-10000}"
SEED="${SEED:-1}"
RUNS="${RUNS:-30}"
# A target folder of its own, so a benchmark never waits for (or disturbs) a test build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target-bench}"
CORPUS="bench/corpus/n${COUNT}-s${SEED}"

cargo build --release --quiet --bin policylint --example gen_corpus --example bench
if [ ! -f "$CORPUS/MANIFEST.tsv" ]; then
    rm -rf "$CORPUS"
    echo "generating $COUNT policies into $CORPUS" >&2
    "$CARGO_TARGET_DIR/release/examples/gen_corpus" --count "$COUNT" --seed "$SEED" --out "$CORPUS"
fi

RESULTS=()
if [ "$COUNT" = 10000 ]; then
    RESULTS=(--results bench/RESULTS.md)
fi
"$CARGO_TARGET_DIR/release/examples/bench" \
    --corpus "$CORPUS" \
    --bin "$CARGO_TARGET_DIR/release/policylint" \
    --runs "$RUNS" \
    --command "bench/run.sh${*:+ $*}" \
    "${RESULTS[@]}"
