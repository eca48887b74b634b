#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine with the .NET SDK: installs and starts what the tests
# need (Debian's chromium for the browser tests, Ceph radosgw as the real S3 server, PostgreSQL 15 as the
# real metadata database), then runs every test project. Extra args go to dotnet test.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "test.sh: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

# A real S3 server on loopback for Relearn.S3.Tests (installs Ceph on first use; about 17 s cold).
scripts/s3-up.sh || echo "test.sh: scripts/s3-up.sh failed; the S3 tests will say so" >&2
export AWS_ENDPOINT_URL_S3=http://127.0.0.1:7480 AWS_ACCESS_KEY_ID=cikey AWS_SECRET_ACCESS_KEY=cisecret AWS_REGION=us-east-1

# A real PostgreSQL on loopback for Relearn.Postgres.Tests (installs postgresql-15 on first use).
scripts/postgres-up.sh || echo "test.sh: scripts/postgres-up.sh failed; the PostgreSQL tests will say so" >&2
export RELEARN_TEST_POSTGRES=postgresql://postgres:postgres@127.0.0.1:55432/relearn

# The npm MLflow client the MLflow API tests drive (tests/Relearn.Tests/Mlflow/node, versions pinned by its lock file).
npm ci --prefix tests/Relearn.Tests/Mlflow/node --no-audit --no-fund || echo "test.sh: npm ci failed; the npm client test will try again" >&2

# Code coverage with coverlet (coverlet.collector in every test project, settings in tests/coverage.runsettings);
# RELEARN_COVERAGE=0 runs without it. ReportGenerator (a local tool pinned in dotnet-tools.json) merges the projects'
# reports into coverage/Summary.txt and coverage/Summary.md; the totals are printed below.
coverage=()
if [ "${RELEARN_COVERAGE:-1}" != "0" ]; then
  rm -rf coverage
  coverage=(--settings tests/coverage.runsettings --collect "XPlat Code Coverage" --results-directory coverage/raw)
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Relearn.slnx "${coverage[@]}" "$@" 2>&1 | tee "$log" || status=$?

if [ ${#coverage[@]} -gt 0 ]; then
  if dotnet tool restore >/dev/null && dotnet reportgenerator "-reports:coverage/raw/*/coverage.cobertura.xml" -targetdir:coverage \
      "-reporttypes:TextSummary;MarkdownSummary" -verbosity:Warning; then
    echo "coverage (coverlet, every test project merged; per class in coverage/Summary.txt):"
    grep -E '^  (Line|Branch|Method) coverage' coverage/Summary.txt
    awk 'seen && /^[^ ]/ {printf "  %-18s %s\n", $1, $NF} /^$/ {seen=1}' coverage/Summary.txt
  else
    echo "test.sh: the coverage summary failed (coverage/raw has the reports)" >&2
  fi
fi

# One closing line for CI: totals over every test project.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
