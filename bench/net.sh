#!/bin/sh
# net.sh - loopback throughput of the net engines, plio beside fio 3.33:
# the same receiver and sender pair, interleaved, ROUNDS times.
#
# Usage (from the build tree):  bench/net.sh [SECONDS] [ROUNDS] [CASE...]
#   SECONDS  the sender's runtime (default 5)
#   ROUNDS   pairs per tool and case (default 3)
#   CASE     names from the list below (default: all)
# Env: PLIO (default ./plio), FIO (default fio).
#
# Each pair is two processes of one tool: a receiver (listen, rw=read) and
# a sender (rw=write, time_based) on 127.0.0.1 or a unix socket, default
# options otherwise.  Prints per case each tool's median of the sender's
# bandwidth (MB/s, 10^6 bytes) and the plio/fio ratio of the medians with
# its range (min plio / max fio .. max plio / min fio).  fio's receiver may
# miss the sender's close message over a stream; it runs time_based too,
# a second longer than the sender, so that it ends either way.
# fio's netsplice hangs with blocks of about 60 KiB and more: 32k there.
set -eu
SECS=${1:-5}
ROUNDS=${2:-3}
if [ $# -ge 2 ]; then shift 2; else shift $#; fi
PLIO=${PLIO:-./plio}
FIO=${FIO:-fio}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/plio-netbench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

ALL="tcp-4k tcp-64k tcp-4k-nodelay unix-4k netsplice-tcp-4k netsplice-tcp-32k"
CASES=${*:-$ALL}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# sides CASE PORT SOCK: "ENGINE|RECEIVER OPTIONS|SENDER OPTIONS"
sides() {
	case $1 in
	netsplice-*) e=netsplice c=${1#netsplice-} ;;
	*) e=net c=$1 ;;
	esac
	bs=$(echo "$c" | cut -d- -f2)
	extra=
	case $c in *-nodelay) extra=--nodelay=1 ;; esac
	case $c in
	tcp-*) echo "$e|--listen --port=$2 --bs=$bs $extra|--hostname=127.0.0.1 --port=$2 --bs=$bs $extra" ;;
	unix-*) echo "$e|--protocol=unix --filename=$3 --bs=$bs|--protocol=unix --filename=$3 --bs=$bs" ;;
	*) echo "unknown case $1" >&2; exit 2 ;;
	esac
}

# pair TOOL CASE: the sender's bandwidth in MB/s
pair() {
	tool=$1
	port=$(free_port)
	sock=$TMP/s.sock
	rm -f "$sock"
	IFS='|' read -r e rx tx <<EOF
$(sides "$2" "$port" "$sock")
EOF
	# shellcheck disable=SC2086
	timeout -s KILL $((SECS + 30)) $tool --name=rx --ioengine=$e $rx --rw=read --size=1000g \
		--time_based --runtime=$((SECS + 1)) --output=/dev/null >/dev/null 2>&1 &
	rxpid=$!
	i=0
	while [ $i -lt 100 ]; do
		grep -qi ":$(printf '%04X' "$port") 00000000:0000 0A" /proc/net/tcp 2>/dev/null && break
		[ -S "$sock" ] && break
		sleep 0.05
		i=$((i + 1))
	done
	sleep 0.1
	# shellcheck disable=SC2086
	timeout -s KILL $((SECS + 30)) $tool --name=tx --ioengine=$e $tx --rw=write --size=1000g \
		--time_based --runtime="$SECS" --output-format=json 2>/dev/null |
		python3 -c 'import json, sys; t = sys.stdin.read(); print(json.loads(t[t.index("{"):])["jobs"][0]["write"]["bw_bytes"] / 1e6)'
	wait $rxpid || true
}

printf '%-20s %12s %12s %8s %s\n' case "plio MB/s" "fio MB/s" ratio range
for c in $CASES; do
	p=""
	f=""
	r=1
	while [ "$r" -le "$ROUNDS" ]; do
		p="$p $(pair "$PLIO" "$c")"
		f="$f $(pair "$FIO --thread" "$c")"
		r=$((r + 1))
	done
	python3 - "$c" "$p" "$f" <<'PY'
import statistics, sys
p = [float(x) for x in sys.argv[2].split()]
f = [float(x) for x in sys.argv[3].split()]
mp, mf = statistics.median(p), statistics.median(f)
print(f"{sys.argv[1]:<20} {mp:>12,.0f} {mf:>12,.0f} {mp / mf:>7.2f}x "
      f"{min(p) / max(f):.2f}-{max(p) / min(f):.2f}")
PY
done
