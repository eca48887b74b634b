#!/usr/bin/env bash
# Times put and get of 1, 16 and 64 MiB blobs through the S3 artifact store (S3ArtifactStore, the code
# `relearn --artifacts s3://…` runs) against the local Ceph radosgw: median of 3, in a fresh bucket that is
# deleted afterwards. There is no CLI verb that stores an arbitrary blob, so a tiny console does the timing.
# Usage: bench/s3/put_get.sh [repeats] [sizes in MiB...]   (defaults: 3 1 16 64)
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/s3-up.sh
export AWS_ENDPOINT_URL_S3="${AWS_ENDPOINT_URL_S3:-http://127.0.0.1:7480}" AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-cikey}" \
  AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-cisecret}" AWS_REGION="${AWS_REGION:-us-east-1}"
dotnet build -c Release -v q --nologo bench/s3/PutGet >/dev/null
dotnet bench/s3/PutGet/bin/Release/net10.0/PutGet.dll "${1:-3}" "${@:2}"
