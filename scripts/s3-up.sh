#!/usr/bin/env bash
# A real, signature-checking S3 server for tests and benchmarks: single-node throwaway Ceph (one mon, one
# in-memory "memstore" OSD, radosgw) on 127.0.0.1, no systemd, no cephx. Keys: cikey / cisecret.
# Installs Debian's ceph-mon, ceph-osd and radosgw when missing. Idempotent: a running, answering radosgw is
# left alone; anything else (a half-started or stopped cluster) is wiped and started cold, because memstore
# keeps its objects in RAM and a restarted OSD has nothing worth keeping.
# Environment: CEPH_DIR (default /tmp/relearn-ceph), RGW_PORT (default 7480).
set -euo pipefail
D="${CEPH_DIR:-/tmp/relearn-ceph}"; RGW_PORT="${RGW_PORT:-7480}"
C="$D/ceph.conf"
here="$(cd "$(dirname "$0")" && pwd)"
trap 'echo "s3-up: failed at line $LINENO; logs in $D/log/" >&2' ERR

if ! command -v radosgw >/dev/null || ! command -v ceph-osd >/dev/null || ! command -v ceph-mon >/dev/null \
   || ! command -v curl >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "s3-up: installing ceph-mon ceph-osd radosgw"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends ceph-mon ceph-osd radosgw curl
fi

alive() { [ -f "$D/run/$1.pid" ] && kill -0 "$(cat "$D/run/$1.pid")" 2>/dev/null; }
answers() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$RGW_PORT/"; }
ensure_user() {
  radosgw-admin -c "$C" user info --uid=ci >/dev/null 2>&1 || \
    radosgw-admin -c "$C" user create --uid=ci --display-name=ci --access-key=cikey --secret-key=cisecret >/dev/null
}

if [ -f "$C" ] && alive mon.a && alive osd.0 && alive client.rgw.a && answers; then
  ensure_user
  echo "radosgw already up: http://127.0.0.1:$RGW_PORT access=cikey secret=cisecret"
  exit 0
fi

if answers; then
  echo "s3-up: port $RGW_PORT already answers but not from a cluster in $D; stop it or set RGW_PORT" >&2
  exit 1
fi

# Start cold: stop whatever is left of an earlier cluster and begin afresh.
"$here/s3-down.sh"
rm -rf "$D"
mkdir -p "$D"/{mon,osd0,run,log,rgw}
FSID=$(cat /proc/sys/kernel/random/uuid)
cat > "$C" <<CONF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:3300,v1:127.0.0.1:6789]
public network = 127.0.0.0/8
auth cluster required = none
auth service required = none
auth client required = none
ms bind ipv6 = false
ms mon client mode = crc secure
ms client mode = crc secure
run dir = $D/run
admin socket = $D/run/\$name.asok
pid file = $D/run/\$name.pid
log file = $D/log/\$name.log
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
mon data avail crit = 1
mon data avail warn = 2
[mon.a]
mon data = $D/mon
[osd.0]
osd data = $D/osd0
osd objectstore = memstore
memstore device bytes = 4294967296
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $D/rgw
rgw dns name = localhost
CONF
setup_log="$D/log/setup.log"   # ceph's chatter on stderr goes here, not into test output
monmaptool --create --clobber --addv a "[v2:127.0.0.1:3300,v1:127.0.0.1:6789]" --fsid "$FSID" "$D/monmap" >/dev/null
ceph-mon -c "$C" --mkfs -i a --monmap "$D/monmap" 2>>"$setup_log"
ceph-mon -c "$C" -i a 2>>"$setup_log"

OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
ceph -c "$C" osd new "$OSD_UUID" 0 >/dev/null 2>>"$setup_log"
ceph-osd -c "$C" -i 0 --mkfs --osd-uuid "$OSD_UUID" >/dev/null 2>&1
ceph -c "$C" osd crush add-bucket localhost host >/dev/null 2>>"$setup_log"
ceph -c "$C" osd crush move localhost root=default >/dev/null 2>>"$setup_log"
ceph -c "$C" osd crush add osd.0 1.0 host=localhost >/dev/null 2>>"$setup_log"
ceph-osd -c "$C" -i 0 2>>"$setup_log"
for _ in $(seq 1 60); do ceph -c "$C" osd stat 2>/dev/null | grep -q '1 up' && break; sleep 0.5; done

radosgw -c "$C" -n client.rgw.a 2>>"$setup_log"
for _ in $(seq 1 120); do answers && break; sleep 0.5; done
answers || { echo "s3-up: radosgw did not answer on 127.0.0.1:$RGW_PORT; see $D/log/" >&2; exit 1; }
ensure_user
echo "radosgw up: http://127.0.0.1:$RGW_PORT access=cikey secret=cisecret"
