#!/bin/sh
# mpi_runs: plio-mpi under `mpirun --oversubscribe` with 2-4 ranks on this
# machine, seen from outside.  One merged report: each job's bytes and
# I/Os the ranks' sums; its latency bins the ranks' bins added bucket by
# bucket, its percentiles those of that merged histogram (computed here
# from the bins), its mean and stddev the ranks' combined exactly, its
# bandwidth over the common window; the per-rank breakdown in JSON and
# the host table in the normal report; terse prints the merged jobs only.
# Phases: a stonewall starts the next section on every rank only once all
# ranks ended the one before (time stamps the jobs' own programs write);
# exitall on one rank ends the others.  Files: unique per rank by default
# (host and rank in generated names), --rank-files=shared splits one
# file's region (each rank's pattern lands in its share).  Failures: a job
# failing on one rank is one line naming rank and host, the others stop
# at once and the JSON on stdout stays JSON; a rank failing to plan, too;
# a rank killed ends the run with no rank left behind.  The status line
# shows every rank's bandwidth.
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99

[ -x "${PLIO_MPI:-}" ] || skip_test "plio-mpi not built (configure found no MPI: apt-get install libopenmpi-dev openmpi-bin)"
command -v mpirun >/dev/null 2>&1 || skip_test "no mpirun (apt-get install openmpi-bin)"
# as root (CI), Open MPI wants to be told; in containers its single-copy
# shared memory needs ptrace rights that are often missing
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_rmaps_base_oversubscribe=1
# Open MPI leaks what it allocates (LeakSanitizer reports it, in modules
# it has unloaded, where no suppression reaches): in a sanitizer build the
# ranks run without leak checks; the coordinator's own code is checked for
# leaks by tests/unit/test_cluster, the rest by every other test's plio
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
HOST=$(hostname)

# mpi N CMD...: CMD on N ranks; each rank has RANK set (its MPI rank)
mpi() {
	_np=$1
	shift
	mpirun --oversubscribe -np "$_np" sh -c 'RANK=$OMPI_COMM_WORLD_RANK; export RANK; . ./rank.env 2>/dev/null; exec "$@"' sh "$@"
}
: >rank.env
# ranked ENV N CMD...: as mpi, with the shell code ENV run first on each
# rank (RANK set): how the ranks are told apart
ranked() {
	printf '%s\n' "$1" >rank.env
	shift
	mpi "$@"
	_rrc=$?
	: >rank.env
	return $_rrc
}
# one_line DESC RC PATTERN: the run failed (exit RC) with exactly one
# 'plio:' line on stderr ($T/err), and it matches PATTERN
one_line() {
	if [ "$2" -ne 0 ] && [ "$(grep -c '^plio: ' "$T/err")" = 1 ] && grep -q "$3" "$T/err"; then
		pass
		return 0
	fi
	fail "$1: exit $2, want one line matching /$3/:"
	sed 's/^/    /' "$T/err" >&2
	return 1
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# --- one merged report ------------------------------------------------
cat >sums.fio <<'EOF'
[global]
ioengine=psync
bs=4k
size=2m
[mix]
rw=randrw
rwmixread=60
[seqw]
new_group
rw=write
bs=16k
numjobs=2
group_reporting
EOF
run_ok "3 ranks, json+" mpi 3 "$PLIO_MPI" --output-format=json+ sums.fio
pyq_py "merged = the ranks' sums, bin by bin" "$T/out" "$HOST" <<'PY'
import json, sys
from fractions import Fraction
from check_json import long_double

d = json.load(open(sys.argv[1]))
host = sys.argv[2]
bad = []
ranks = d.get("ranks")
if not isinstance(ranks, list) or len(ranks) != 3:
    print("no 'ranks' of 3 entries"); sys.exit(1)
if [r["rank"] for r in ranks] != [0, 1, 2] or any(r["hostname"] != host for r in ranks):
    bad.append("ranks/hostnames: %s" % [(r["rank"], r["hostname"]) for r in ranks])
for i, job in enumerate(d["jobs"]):
    per = [r["jobs"][i] for r in ranks]
    for dd in ("read", "write"):
        for k in ("io_bytes", "total_ios", "short_ios"):
            if job[dd][k] != sum(p[dd][k] for p in per):
                bad.append("%s %s %s: %s != %s" % (job["jobname"], dd, k, job[dd][k], [p[dd][k] for p in per]))
        if job[dd]["total_ios"] == 0:
            continue
        lat = job[dd]["clat_ns"]
        bins = {}
        for p in per:
            for b, n in p[dd]["clat_ns"].get("bins", {}).items():
                bins[int(b)] = bins.get(int(b), 0) + n
        if {int(b): n for b, n in lat["bins"].items()} != bins:
            bad.append("%s %s: merged bins are not the ranks' sum" % (job["jobname"], dd))
        total = sum(bins.values())
        if total != lat["N"] or total != job[dd]["total_ios"]:
            bad.append("%s %s: N %s, bins %s" % (job["jobname"], dd, lat["N"], total))
        for key, val in lat["percentile"].items():
            # p% of N as plio computes it, in long double
            want = long_double(long_double(Fraction(float(key)) / 100) * total)
            run = 0
            for b in sorted(bins):
                run += bins[b]
                if run >= want:
                    break
            if b != val:
                bad.append("%s %s p%s: %s, merged by hand %s" % (job["jobname"], dd, key, val, b))
        ns = [p[dd]["clat_ns"]["N"] for p in per]
        means = [p[dd]["clat_ns"]["mean"] for p in per]
        mean = sum(n * m for n, m in zip(ns, means)) / sum(ns)
        # the exact combination of variances (stddev are of the samples, n-1)
        ss = sum((n - 1) * p[dd]["clat_ns"]["stddev"] ** 2 + n * (m - mean) ** 2
                 for n, m, p in zip(ns, means, per) if n)
        sd = (ss / (sum(ns) - 1)) ** 0.5
        if abs(lat["mean"] - mean) > 1e-6 * mean + 0.01:
            bad.append("%s %s mean %s, combined %s" % (job["jobname"], dd, lat["mean"], mean))
        if abs(lat["stddev"] - sd) > 1e-4 * sd + 0.01:
            bad.append("%s %s stddev %s, combined %s" % (job["jobname"], dd, lat["stddev"], sd))
        if lat["min"] != min(p[dd]["clat_ns"]["min"] for p in per if p[dd]["total_ios"]) or \
           lat["max"] != max(p[dd]["clat_ns"]["max"] for p in per):
            bad.append("%s %s min/max" % (job["jobname"], dd))
        # bandwidth over the common window: at least as long as any rank's
        run_ms = job[dd]["runtime"]
        if run_ms < max(p[dd]["runtime"] for p in per):
            bad.append("%s %s runtime %s shorter than a rank's" % (job["jobname"], dd, run_ms))
        if run_ms and abs(job[dd]["bw_bytes"] - job[dd]["io_bytes"] * 1000 // run_ms) > 1:
            bad.append("%s %s bw_bytes %s for %s bytes in %s ms" % (job["jobname"], dd, job[dd]["bw_bytes"], job[dd]["io_bytes"], run_ms))
# what was asked: 2 MiB a rank for mix, 2 MiB a clone for seqw
mix, seqw = d["jobs"][0], d["jobs"][1]
if mix["read"]["io_bytes"] + mix["write"]["io_bytes"] != 3 * 2 * 1048576:
    bad.append("mix moved %s bytes" % (mix["read"]["io_bytes"] + mix["write"]["io_bytes"]))
if seqw["write"]["io_bytes"] != 3 * 2 * 2 * 1048576 or seqw["write"]["total_ios"] != 3 * 2 * 128:
    bad.append("seqw moved %s bytes in %s I/Os" % (seqw["write"]["io_bytes"], seqw["write"]["total_ios"]))
if len(d["jobs"]) != 2:
    bad.append("%d jobs at the top" % len(d["jobs"]))
print("; ".join(bad))
sys.exit(1 if bad else 0)
PY

# unique names: host and rank in every generated name (the run above)
n=0
for r in 0 1 2; do
	for f in "mix.$HOST.r$r.0.0" "seqw.$HOST.r$r.0.0" "seqw.$HOST.r$r.1.0"; do
		[ "$(stat -c %s "$f" 2>/dev/null)" = 2097152 ] && n=$((n + 1))
	done
done
if [ "$n" = 9 ] && [ ! -e mix.0.0 ]; then pass; else fail "unique files: $n of 9 with host and rank, each 2 MiB: $(ls)"; fi
rm -f mix.* seqw.*

# the normal report and terse, from one run each
run_ok "3 ranks, normal" mpi 3 "$PLIO_MPI" sums.fio
if grep -q "Hosts (3 ranks on 1 host)" "$T/out" && grep -Eq "^ +$HOST +ranks=0-2 " "$T/out"; then pass
else fail "normal report: no host table naming $HOST with ranks 0-2"; sed 's/^/    /' "$T/out" | tail -12 >&2; fi
run_ok "3 ranks, terse" mpi 3 "$PLIO_MPI" --output-format=terse sums.fio
if [ "$(grep -c '^3;' "$T/out")" = 2 ] && ! grep -q "$HOST" "$T/out"; then pass
else fail "terse: $(grep -c '^3;' "$T/out") lines, want the 2 merged jobs"; fi
rm -f mix.* seqw.*

# --- phases: a stonewall is a barrier across ranks --------------------
cat >mark.sh <<'EOF'
#!/bin/sh
# mark.sh PHASE SECONDS: note when this phase began and ended on this rank
echo "$1 start $(date +%s%N)" >>"marks.$RANK"
sleep "$2"
echo "$1 end $(date +%s%N)" >>"marks.$RANK"
EOF
chmod +x mark.sh
cat >phases.fio <<'EOF'
[first]
ioengine=exec
program=./mark.sh
arguments=one ${NAP}
[second]
stonewall
ioengine=exec
program=./mark.sh
arguments=two 0
EOF
# rank 1 naps 1.5 s in the first section, the others 0.1 s
rm -f marks.*
run_ok "stonewall across 3 ranks" ranked 'if [ "$RANK" = 1 ]; then NAP=1.5; else NAP=0.1; fi; export NAP' \
	3 "$PLIO_MPI" --output-format=json phases.fio
pyq_py "the second section starts on every rank after the first ended on all" marks.0 "$T" <<'PY'
import sys
t = {}
for r in range(3):
    for line in open("%s/marks.%d" % (sys.argv[2], r)):
        ph, what, ns = line.split()
        t[(r, ph, what)] = int(ns)
last_end = max(t[(r, "one", "end")] for r in range(3))
starts = [t[(r, "two", "start")] for r in range(3)]
bad = []
if min(starts) < last_end:
    bad.append("a second section began %.3f s before the last first one ended" % ((last_end - min(starts)) / 1e9))
if max(starts) - min(starts) > 400e6:
    bad.append("the second sections began %.3f s apart" % ((max(starts) - min(starts)) / 1e9))
if t[(0, "one", "end")] > t[(1, "one", "end")] - 1e9:
    bad.append("rank 0's first section did not end before rank 1's")
print("; ".join(bad))
sys.exit(1 if bad else 0)
PY

# exitall on one rank ends every rank
cat >exitall.fio <<'EOF'
[short]
ioengine=exec
program=./mark.sh
arguments=short ${NAP}
exitall
[long]
ioengine=psync
rw=randread
size=1m
time_based
runtime=60
EOF
t0=$(now_ms)
run_ok "exitall on rank 2" ranked 'if [ "$RANK" = 2 ]; then NAP=0.3; else NAP=60; fi; export NAP' \
	3 "$PLIO_MPI" --output-format=json exitall.fio
ms=$(($(now_ms) - t0))
if [ "$ms" -lt 20000 ]; then pass; else fail "exitall on rank 2: the run took $ms ms (jobs of 60 s)"; fi
jexpect "exitall: long stopped early on every rank" "$T/out" 'jobs.1.read.runtime < 15000' \
	'ranks.0.jobs.1.read.runtime < 15000' 'ranks.1.jobs.1.read.runtime < 15000' \
	'ranks.2.jobs.1.read.runtime < 15000' 'jobs.1.error == 0'

# --- shared files: N to 1 ---------------------------------------------
cat >shared.fio <<'EOF'
[s]
ioengine=psync
rw=write
bs=64k
size=3m
buffer_pattern=${PAT}
EOF
run_ok "shared file, 3 ranks" ranked 'PAT=$((RANK + 0x41)); export PAT' \
	3 "$PLIO_MPI" --rank-files=shared --output-format=json shared.fio
pyq_py "each rank's pattern in its third of one file" s.0.0 <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
bad = []
if len(data) != 3 << 20:
    bad.append("file of %d bytes" % len(data))
for r in range(3):
    part = data[r << 20:(r + 1) << 20]
    if part != bytes([0x41 + r]) * (1 << 20):
        bad.append("share %d holds %s" % (r, sorted(set(part))[:4]))
print("; ".join(bad))
sys.exit(1 if bad else 0)
PY
jexpect "shared: every rank wrote its 1 MiB" "$T/out" 'jobs.0.write.io_bytes == 3145728' \
	'ranks.0.jobs.0.write.io_bytes == 1048576' 'ranks.2.jobs.0.write.io_bytes == 1048576'
ls s.*"$HOST"* >/dev/null 2>&1 && fail "shared: a file with a rank's tag: $(ls)"

# --- failures ---------------------------------------------------------
cat >code.sh <<'EOF'
#!/bin/sh
[ "$CODE" = sleep ] && exec sleep 60
exit "$CODE"
EOF
chmod +x code.sh
cat >fail.fio <<'EOF'
[x]
ioengine=exec
program=./code.sh
time_based=1
runtime=60
[p]
ioengine=psync
rw=randread
size=1m
time_based=1
runtime=60
EOF
t0=$(now_ms)
ranked 'if [ "$RANK" = 1 ]; then CODE=3; else CODE=sleep; fi; export CODE' \
	3 "$PLIO_MPI" --output-format=json fail.fio >"$T/out" 2>"$T/err"
rc=$?
ms=$(($(now_ms) - t0))
[ "$rc" -ne 0 ] && pass || fail "a failing rank: exit 0"
[ "$ms" -lt 20000 ] && pass || fail "a failing rank: the others ran on ($ms ms, jobs of 60 s)"
n=$(grep -c '^plio: .*exited with status' "$T/err")
if [ "$n" = 1 ] && grep -q "^plio: rank 1 ($HOST): job 'x': .*exited with status 3" "$T/err"; then pass
else fail "a failing rank: want one line naming rank 1 and $HOST:"; sed 's/^/    /' "$T/err" >&2; fi
jexpect "a failing rank: stdout is the JSON report" "$T/out" 'jobs.0.error != 0' 'jobs.1.error == 0' \
	'ranks.1.jobs.0.error != 0' 'ranks.0.jobs.0.error == 0'

# a rank that cannot plan: its directory is missing there
cat >dir.fio <<'EOF'
[d]
ioengine=psync
directory=${DIR}
size=1m
EOF
mkdir -p here
ranked 'if [ "$RANK" = 2 ]; then DIR=$PWD/missing; else DIR=$PWD/here; fi; export DIR' \
	3 "$PLIO_MPI" dir.fio >"$T/out" 2>"$T/err"
one_line "a rank that cannot plan" $? "^plio: rank 2 ($HOST): .*directory: '.*/missing' is not a directory"
[ ! -s "$T/out" ] && pass || fail "a rank that cannot plan: a report on stdout"

# ranks whose job files make other jobs than rank 0's
printf '[n]\nioengine=null\nsize=1m\nnumjobs=${NJ}\n' >nj.fio
ranked 'NJ=$((RANK % 2 + 1)); export NJ' 3 "$PLIO_MPI" nj.fio >"$T/out" 2>"$T/err"
one_line "ranks of other jobs" $? "^plio: rank 1 ($HOST): its jobs make 2 workers in 1 phases, rank 0's 1 in 1"

# a rank killed: the run ends, no rank left
cat >long.fio <<'EOF'
[long]
ioengine=psync
rw=randread
size=1m
time_based=1
runtime=60
EOF
t0=$(now_ms)
ranked 'echo $$ >pid.$RANK' 3 "$PLIO_MPI" long.fio >"$T/kill.out" 2>"$T/kill.err" &
mp=$!
i=0
while [ ! -s pid.1 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 1
kill -9 "$(cat pid.1)"
wait $mp
rc=$?
ms=$(($(now_ms) - t0))
left=$(pgrep -f "$PLIO_MPI long.fio" | wc -l)
if [ "$rc" -ne 0 ] && [ "$ms" -lt 40000 ] && [ "$left" = 0 ]; then pass
else fail "a rank killed: exit $rc after $ms ms, $left ranks left"; fi
grep -q "rank 1" "$T/kill.err" && pass || fail "a rank killed: nothing names rank 1: $(cat "$T/kill.err")"
pkill -9 -f "$PLIO_MPI long.fio" 2>/dev/null

# plio-mpi's own option: said in --help, a bad value refused in one line
run_ok "plio-mpi --help" mpi 2 "$PLIO_MPI" --help
if grep -q -- '--rank-files=unique|shared' "$T/out" && grep -q '^usage: plio ' "$T/out" &&
   [ "$(grep -c '^plio-mpi: plio on every rank' "$T/out")" = 1 ]; then pass
else fail "plio-mpi --help: no --rank-files, or said by more than rank 0"; fi
mpi 2 "$PLIO_MPI" --rank-files=some long.fio >"$T/out" 2>"$T/err"
if [ $? -ne 0 ] && [ "$(grep -c '^plio: ' "$T/err")" = 1 ] &&
   grep -q "^plio: command line (argument 1): --rank-files: expected unique or shared, got 'some'" "$T/err"; then pass
else fail "--rank-files=some: want one line"; sed 's/^/    /' "$T/err" >&2; fi

# --- live status: every rank's bandwidth --------------------------------
cat >rate.fio <<'EOF'
[w]
ioengine=psync
rw=write
bs=4k
size=64m
rate=1m
time_based=1
runtime=4
EOF
run_ok "status line, 3 ranks" mpi 3 "$PLIO_MPI" --eta=always --eta-newline=1 rate.fio
pyq_py "the status line shows 3 ranks' bandwidth" "$T/out" <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read()
rates = []
for m in re.finditer(r"\[w=([0-9.]+)([KMG]i)B/s\]", text):
    v = float(m.group(1)) * {"Ki": 1, "Mi": 1024, "Gi": 1 << 20}[m.group(2)]
    rates.append(v)
# each rank writes 1 MiB/s: the status line 3 MiB/s, not 1
ok = [v for v in rates if 2400 <= v <= 3700]
print("rates seen (KiB/s): %s" % rates[:8])
sys.exit(0 if ok else 1)
PY

pyq_run
finish
