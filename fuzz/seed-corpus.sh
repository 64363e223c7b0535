#!/usr/bin/env bash
# Copy every fixture into fuzz/corpus/check as the fuzzer's starting inputs.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/check
find ../fixtures ../templates ../examples -type f \( -name '*.md' -o -name '*.docx' \) -print0 |
  while IFS= read -r -d '' f; do cp "$f" "corpus/check/$(echo "${f#../}" | tr '/' '_')"; done
echo "seeded $(ls corpus/check | wc -l) inputs"
