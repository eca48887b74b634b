#!/usr/bin/env bash
# What collecting coverage (coverlet, as test.sh does) costs on one test project: runs it without and with the
# collector in alternating pairs, so load from other work on the machine hits both alike, and prints wall and user+sys
# CPU seconds of each run. Usage: bench/coverage-cost.sh [TEST_PROJECT] [PAIRS]   (build the project first)
set -euo pipefail
cd "$(dirname "$0")/.."
project=${1:-tests/Relearn.Core.Tests}
pairs=${2:-3}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

run() { # label, extra dotnet test args...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$results/cpu" dotnet test "$project" --no-build -v q -nologo "$@" > "$results/log" 2>&1 || { tail -5 "$results/log"; exit 1; }
  end=$(date +%s.%N)
  awk -v l="$label" -v s="$start" -v e="$end" -v load="$(cut -d' ' -f1 /proc/loadavg)" '{printf "%-9s wall %6.1f s  cpu %6.1f s  load %s\n", l, e - s, $1 + $2, load}' "$results/cpu"
}

for _ in $(seq "$pairs"); do
  run plain
  run coverage --settings tests/coverage.runsettings --collect "XPlat Code Coverage" --results-directory "$results/coverage"
done
