#!/usr/bin/env bash
# Runs every fuzzer for FUZZTIME each (default 3s), one at a time: `go test -fuzz` takes
# one target per run. A crasher is written to the package's testdata/fuzz/<Fuzzer>/,
# where the plain `go test` replays it from then on: commit it with the fix.
#   scripts/fuzz.sh              # CI: a few seconds each
#   FUZZTIME=10m scripts/fuzz.sh # a real search, e.g. before a release
#   scripts/fuzz.sh ./diff FuzzCoversHost   # one fuzzer
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-3s}

targets=(
  "./collect/awsfake FuzzParseScenario"
  "./collect FuzzLoadSnapshots"
  "./cmd/envdiff FuzzLoadConfig"
  "./diff FuzzCoversHost"
  "./diff FuzzParseSRVValue"
  "./diff/haproxy FuzzParse"
  "./ui/report FuzzEscapeMarkdown"
  "./ui/report FuzzEscapeMarkdownInText"
  "./internal/textutil FuzzSanitize"
)
if [ $# -eq 2 ]; then targets=("$1 $2"); fi

for t in "${targets[@]}"; do
  read -r pkg name <<<"$t"
  echo "fuzz: $pkg $name for $fuzztime"
  go test "$pkg" -run "^${name}\$" -fuzz "^${name}\$" -fuzztime "$fuzztime"
done
