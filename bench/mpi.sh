#!/bin/sh
# mpi.sh - plio-mpi on N ranks beside fio 3.33's client/server with N
# servers, all on this machine: aggregate IOPS, what a phase change across
# the ranks costs, and what starting a run costs.
#
# Usage (from the build tree):  bench/mpi.sh [ROUNDS] [N...]
#   ROUNDS  runs per tool and case, interleaved (default 3)
#   N       rank (and fio server) counts (default: 2 4)
# Env: PLIO (default ./plio), PLIO_MPI (default ./plio-mpi), FIO (default
# fio), MPIRUN (default mpirun), SECS (runtime of the IOPS runs, default 5),
# BENCH_DIR (default /dev/shm: the temporary folder, and the psync files),
# PSYNC_SIZE (each rank's and server's file, default 32m; 0 skips the case).
#
# IOPS: one time_based job per rank / per fio server, null randread 4 KiB,
# and psync randread 4 KiB of a file of PSYNC_SIZE per rank (one folder for
# plio-mpi's ranks, whose file names carry host and rank; one per fio
# server, fio adding only the server's address).  plio-mpi's figure is the
# merged report's read.iops (all ranks' I/Os over the common window), fio's
# the "All clients" entry of client_stats (its clients' figures added).
#
# Phases: ph1 is one section (null engine, size=4k), ph21 the same and 20
# more, each with stonewall.  (wall(ph21) - wall(ph1)) / 20 is what one
# phase change costs: for plio-mpi a barrier across the ranks (their rounds,
# CLUSTER_ROUND_MS apart while jobs run), for plio and fio a local job's end
# and the next one's start.  fio's servers run the file each on its own:
# fio has no barrier across servers, its figure is one server's own.
#
# Start-up: the wall time of ph1 (a trivial job, start to exit), beside
# that of `mpirun -np N true` (Open MPI's launch alone) and of `mpirun -np N
# plio-mpi --version` (the launch, MPI_Init and MPI_Finalize, no run).
#
# Every figure is the median of ROUNDS runs (the IOPS ratio's range: min
# plio-mpi / max fio .. max plio-mpi / min fio); a run that fails is
# reported on stderr and left out.
set -u
ROUNDS=${1:-3}
[ $# -gt 0 ] && shift
NS=${*:-2 4}
PLIO=${PLIO:-./plio}
PLIO_MPI=${PLIO_MPI:-./plio-mpi}
FIO=${FIO:-fio}
MPIRUN=${MPIRUN:-mpirun}
SECS=${SECS:-5}
PSYNC_SIZE=${PSYNC_SIZE:-32m}
BENCH_DIR=${BENCH_DIR:-/dev/shm}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

for p in "$PLIO" "$PLIO_MPI"; do
	[ -x "$p" ] || { echo "bench/mpi.sh: $p not found (run from the build tree; plio-mpi needs configure to find MPI)" >&2; exit 1; }
done
for c in "$MPIRUN" "$FIO" "$PY"; do
	command -v "$c" >/dev/null 2>&1 || { echo "bench/mpi.sh: $c not found" >&2; exit 1; }
done
# Open MPI as root wants to be told; in containers its single-copy shared
# memory needs ptrace rights that are often missing
if [ "$(id -u)" = 0 ]; then
	export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"

mkdir -p "$BENCH_DIR"
TMP=$(mktemp -d "$BENCH_DIR/plio-mpibench.XXXXXX") || exit 1
SERVERS=
cleanup() {
	for f in "$TMP"/server.*.pid; do
		[ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	# the servers are not our children: see them gone or a zombie (2 s
	# at most)
	for f in "$TMP"/server.*.pid; do
		k=0
		while [ -s "$f" ] && [ $k -lt 20 ] &&
			case $(ps -o stat= -p "$(cat "$f")") in "" | Z*) false ;; esac; do
			sleep 0.1
			k=$((k + 1))
		done
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
REC=$TMP/records
: >"$REC"

free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- job files --------------------------------------------------------
cat >"$TMP/null.fio" <<EOF
[r]
ioengine=null
rw=randread
bs=4k
size=1g
time_based
runtime=$SECS
EOF
# psync: plio-mpi's ranks share one folder, fio's servers one each
psync_job() {
	mkdir -p "$2"
	cat >"$1" <<EOF
[r]
ioengine=psync
rw=randread
bs=4k
size=$PSYNC_SIZE
invalidate=0
directory=$2
time_based
runtime=$SECS
EOF
}
psync_job "$TMP/psync.fio" "$TMP/plio-files"
{
	printf '[global]\nioengine=null\nsize=4k\n[p0]\n'
	i=1
	while [ $i -le 20 ]; do
		printf '[p%d]\nstonewall\n' $i
		i=$((i + 1))
	done
} >"$TMP/ph21.fio"
printf '[global]\nioengine=null\nsize=4k\n[p0]\n' >"$TMP/ph1.fio"

# --- running and timing -----------------------------------------------
# timed KEY LIMIT CMD...: run CMD (stdout to $TMP/out.KEY), record its wall
# time in microseconds as "KEY us FILE"; a failure goes to stderr only
timed() {
	key=$1 limit=$2
	shift 2
	s=$(date +%s%N)
	timeout -k 5 "$limit" "$@" >"$TMP/out.$key" 2>"$TMP/err.$key"
	rc=$?
	e=$(date +%s%N)
	if [ $rc -ne 0 ]; then
		echo "bench/mpi.sh: $key: exit $rc: $*" >&2
		head -n 5 "$TMP/err.$key" | sed 's/^/  /' >&2
		return 0
	fi
	echo "$key $(((e - s) / 1000)) $TMP/out.$key" >>"$REC"
}

# servers N: fio servers 1..N listening (started once, kept between runs)
servers() {
	i=$(echo "$SERVERS" | wc -w)
	while [ "$i" -lt "$1" ]; do
		i=$((i + 1))
		port=$(free_port)
		"$FIO" --server=ip:127.0.0.1,"$port" --daemonize="$TMP/server.$i.pid" >/dev/null 2>&1
		k=0
		until grep -qi ":$(printf '%04X' "$port") 00000000:0000 0A" /proc/net/tcp; do
			k=$((k + 1))
			[ $k -lt 100 ] || { echo "bench/mpi.sh: fio --server on port $port did not listen" >&2; exit 1; }
			sleep 0.05
		done
		SERVERS="$SERVERS 127.0.0.1,$port"
		psync_job "$TMP/psync.$i.fio" "$TMP/fio-files.$i"
	done
}

# clients N JOB: fio's arguments for N servers each running JOB (psync:
# each its own file)
clients() {
	i=0
	for s in $SERVERS; do
		i=$((i + 1))
		[ "$i" -le "$1" ] || break
		case $2 in
		psync) printf ' --client=%s %s' "$s" "$TMP/psync.$i.fio" ;;
		*) printf ' --client=%s %s' "$s" "$TMP/$2.fio" ;;
		esac
	done
}

cases=null
[ "$PSYNC_SIZE" = 0 ] || cases="null psync"
r=1
while [ $r -le "$ROUNDS" ]; do
	echo "round $r of $ROUNDS" >&2
	timed "wall.ph1.plio.1.$r" 60 "$PLIO" --output-format=json "$TMP/ph1.fio"
	timed "wall.ph21.plio.1.$r" 120 "$PLIO" --output-format=json "$TMP/ph21.fio"
	timed "wall.ph1.fio.1.$r" 60 "$FIO" --output-format=json "$TMP/ph1.fio"
	timed "wall.ph21.fio.1.$r" 120 "$FIO" --output-format=json "$TMP/ph21.fio"
	for n in $NS; do
		servers "$n"
		for c in $cases; do
			timed "iops.$c.plio-mpi.$n.$r" $((SECS + 120)) "$MPIRUN" --oversubscribe -np "$n" "$PLIO_MPI" --output-format=json "$TMP/$c.fio"
			# shellcheck disable=SC2046
			timed "iops.$c.fio-cs.$n.$r" $((SECS + 120)) \
				"$FIO" --output-format=json $(clients "$n" "$c")
		done
		timed "wall.true.mpirun.$n.$r" 60 "$MPIRUN" --oversubscribe -np "$n" true
		timed "wall.version.plio-mpi.$n.$r" 60 "$MPIRUN" --oversubscribe -np "$n" "$PLIO_MPI" --version
		for f in ph1 ph21; do
			timed "wall.$f.plio-mpi.$n.$r" 120 "$MPIRUN" --oversubscribe -np "$n" "$PLIO_MPI" --output-format=json "$TMP/$f.fio"
			# shellcheck disable=SC2046
			timed "wall.$f.fio-cs.$n.$r" 180 "$FIO" --output-format=json $(clients "$n" "$f")
		done
	done
	r=$((r + 1))
done

# --- the tables -------------------------------------------------------
"$PY" - "$REC" "$NS" <<'PY'
import json, statistics, sys

def doc(path):
    t = open(path).read()
    return json.JSONDecoder().raw_decode(t[t.index("{"):])[0]

def iops(tool, path):
    d = doc(path)
    if tool == "plio-mpi":
        return d["jobs"][0]["read"]["iops"]
    for c in d["client_stats"]:
        if c["jobname"] == "All clients":
            return c["read"]["iops"]
    return sum(c["read"]["iops"] for c in d["client_stats"])  # one server

def jobs(tool, path):
    d = doc(path)
    return len(d["jobs"] if "jobs" in d else
               [c for c in d["client_stats"] if c["jobname"] != "All clients"])

vals, notes = {}, []
for line in open(sys.argv[1]):
    key, us, path = line.split()
    kind, case, tool, n, _ = key.split(".")
    k = (kind, case, tool, int(n))
    if kind == "iops":
        v = iops(tool, path)
    else:
        v = int(us) / 1000.0
        if case != "true" and case != "version":
            want = (21 if case == "ph21" else 1) * (int(n) if tool == "fio-cs" else 1)
            if jobs(tool, path) != want:
                notes.append("%s: %d jobs in the report, not %d" % (key, jobs(tool, path), want))
    vals.setdefault(k, []).append(v)

def med(*k):
    v = vals.get(k)
    return statistics.median(v) if v else None

def f(v, fmt):
    return "-" if v is None else fmt % v

ns = [int(n) for n in sys.argv[2].split()]
print("IOPS, aggregate of N ranks / N fio servers (median):")
print("  %-6s %2s %12s %12s %8s  %s" % ("case", "N", "plio-mpi", "fio c/s", "ratio", "range"))
for case in ("null", "psync"):
    for n in ns:
        p, q = med("iops", case, "plio-mpi", n), med("iops", case, "fio-cs", n)
        if p is None and q is None:
            continue
        rng = None
        if p and q:
            pv, qv = vals[("iops", case, "plio-mpi", n)], vals[("iops", case, "fio-cs", n)]
            rng = "%.2f-%.2f" % (min(pv) / max(qv), max(pv) / min(qv))
        print("  %-6s %2d %12s %12s %8s  %s" % (case, n, f(p, "%.0f"), f(q, "%.0f"),
              f(p / q if p and q else None, "%.2fx"), f(rng, "%s")))

print("\nPhase change, ms per stonewall ((wall(21 sections) - wall(1)) / 20, medians):")
print("  %-10s %2s %10s %10s %10s" % ("tool", "N", "1 section", "21", "per phase"))
rows = [("plio", 1), ("fio", 1)] + [(t, n) for n in ns for t in ("plio-mpi", "fio-cs")]
for t, n in rows:
    a, b = med("wall", "ph1", t, n), med("wall", "ph21", t, n)
    print("  %-10s %2d %10s %10s %10s" % (t, n, f(a, "%.1f"), f(b, "%.1f"),
          f((b - a) / 20 if a is not None and b is not None else None, "%.2f")))
print("  (fio c/s: each server's own phases; fio has no barrier across servers)")

print("\nStart-up, wall ms of a trivial job (null, size=4k; median):")
print("  %-32s %s" % ("plio", f(med("wall", "ph1", "plio", 1), "%.1f")))
print("  %-32s %s" % ("fio", f(med("wall", "ph1", "fio", 1), "%.1f")))
for n in ns:
    print("  %-32s %s" % ("mpirun -np %d true" % n, f(med("wall", "true", "mpirun", n), "%.1f")))
    print("  %-32s %s" % ("mpirun -np %d plio-mpi --version" % n, f(med("wall", "version", "plio-mpi", n), "%.1f")))
    print("  %-32s %s" % ("mpirun -np %d plio-mpi" % n, f(med("wall", "ph1", "plio-mpi", n), "%.1f")))
    print("  %-32s %s" % ("fio --client x%d" % n, f(med("wall", "ph1", "fio-cs", n), "%.1f")))
for m in notes:
    print("note:", m)
PY
