#!/usr/bin/env bash
# Stops the throwaway Ceph that s3-up.sh started (radosgw, OSD, mon) and waits until they are gone, so it
# holds no memory. Its objects lived in RAM and are gone with it; the next s3-up.sh starts cold.
D="${CEPH_DIR:-/tmp/relearn-ceph}"
for n in client.rgw.a osd.0 mon.a; do f="$D/run/$n.pid"; [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
for n in client.rgw.a osd.0 mon.a; do
  f="$D/run/$n.pid"
  for _ in $(seq 1 50); do [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.2; done
done
exit 0
