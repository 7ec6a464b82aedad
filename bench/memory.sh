#!/bin/sh
# memory.sh - peak memory of plio beside fio 3.33: the same many-job run.
#
# Usage (from the build tree):  bench/memory.sh [NUMJOBS] [CASE...]
#   NUMJOBS  jobs per run (default 256)
#   CASE     names from the list below (default: all)
# Env: PLIO (default ./plio), FIO (default fio), SAMPLE_MS (default 5: how
# often the process tree is sampled), ROUNDS (default 1: runs per tool and
# case, interleaved; each figure is the largest of them).
#
# Every case runs the null engine with size=1m per job, once as threads
# (--thread) and once as processes (one forked process per job, both
# tools' default):
#   read      rw=read, the whole 1 MiB once
#   randrw    rw=randrw, 50/50
#   timed     rw=randread, time_based runtime=2: the jobs stay alive
#             together for 2 s, so the samples see the run at its fullest
#
# What is measured:
#   HWM   the kernel's high-water mark of the run's top process (its VmHWM,
#         ru_maxrss of wait4, the largest of it and of the workers it
#         reaped), from /usr/bin/time's %M.  Exact, never missed by
#         sampling.  With threads it is the whole run's peak.  (Not from
#         the sampler's own wait4: the kernel counts into ru_maxrss the
#         memory of the process that forked before it exec'd, which for
#         python is more than plio's whole run.)
#   RSS   the peak over time of the SUM of the RSS of every process of the
#         run (the top one and all its children), sampled every SAMPLE_MS
#         from /proc/PID/smaps_rollup.  It counts a page once per process
#         that maps it: the binary, the libraries, the memory shared with
#         the workers are counted again for each of them.
#   PSS   the same peak of the SUM of PSS (proportional set size): a page
#         mapped by N processes counts 1/N in each, so the sum counts every
#         page once.  What the run costs the machine.
# The goal is stated with HWM for --thread (one process: HWM = its peak
# RSS = its peak PSS, exactly) and with PSS for processes; both tools are
# measured the same way.  Sampling can miss a short peak: the PSS and RSS
# figures are lower bounds.  "PSS run" is the PSS peak over the samples
# taken while worker processes were alive (the report, which both tools
# print after the workers ended, excluded).  How many workers are alive at
# once varies from run to run (they start and end at their own pace, more
# so on a busy machine): the last column says how many were at the PSS
# peak; ROUNDS > 1 takes the largest peak of several runs.
# ratio = plio / fio (below 1: plio uses less).
set -eu
NJOBS=${1:-256}
[ $# -gt 0 ] && shift
PLIO=${PLIO:-./plio}
FIO=${FIO:-fio}
SAMPLE_MS=${SAMPLE_MS:-5}
ROUNDS=${ROUNDS:-1}
CASES=${*:-read randrw timed}
[ -x /usr/bin/time ] || { echo "memory.sh needs /usr/bin/time (GNU time)" >&2; exit 2; }
HWM_FILE=$(mktemp)
trap 'rm -f "$HWM_FILE"' EXIT

# job CASE: the job options of a case
job() {
	base="--name=mem --ioengine=null --size=1m --numjobs=$NJOBS --output-format=json"
	case $1 in
	read) echo "$base --rw=read" ;;
	randrw) echo "$base --rw=randrw" ;;
	timed) echo "$base --rw=randread --time_based --runtime=2" ;;
	*) echo "unknown case $1" >&2; exit 2 ;;
	esac
}

# peak CMD...: run CMD (its output discarded) and print
# "HWM RSS PSS NPROC RUNPSS RUNNPROC", sizes in KiB: the top process's
# high-water mark, the peaks of the sums of RSS and PSS over the process
# tree and how many processes were alive at the PSS peak; then the same
# PSS peak over the samples where worker processes were alive (more than
# one process), and their number then.
peak() {
	python3 - "$SAMPLE_MS" "$HWM_FILE" "$@" <<'PY'
import os, subprocess, sys, time

period = float(sys.argv[1]) / 1000.0
hwm_file = sys.argv[2]
cmd = sys.argv[3:]
# time(1) runs the command: its %M is the run's own high-water mark
p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", hwm_file] + cmd,
                     stdout=subprocess.DEVNULL)
peak_rss = peak_pss = peak_n = run_pss = run_n = 0

def parent_of(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    return int(s[s.rindex(")") + 2:].split()[1])

def tree(top):
    # the top process and its descendants, by parent pid (fio's job
    # processes leave the session and the process group: only the
    # parent link finds them)
    kids = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                kids.setdefault(parent_of(int(name)), []).append(int(name))
            except (OSError, ValueError, IndexError):
                pass        # gone meanwhile
    found, todo = [], [top]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(kids.get(pid, ()))
    return found

def rollup(pid):
    rss = pss = 0
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
                break
    return rss, pss

status = None
while status is None:
    rss = pss = n = 0
    for pid in tree(p.pid):
        if pid == p.pid:
            continue        # time(1) itself
        try:
            r, s = rollup(pid)
        except (OSError, ValueError):
            continue        # gone meanwhile, or a zombie
        rss += r
        pss += s
        n += 1
    peak_rss = max(peak_rss, rss)
    if pss > peak_pss:
        peak_pss, peak_n = pss, n
    if n > 1 and pss > run_pss:     # worker processes alive
        run_pss, run_n = pss, n
    pid, status, ru = os.wait4(p.pid, os.WNOHANG)
    if pid == 0:
        status = None
        time.sleep(period)
with open(hwm_file) as f:
    last = f.read().split()
if not os.WIFEXITED(status) or os.WEXITSTATUS(status) or not last:
    sys.exit(f"{cmd[0]} failed: status {status}")
print(last[-1], peak_rss, peak_pss, peak_n, run_pss, run_n)
PY
}

# larger A B: of two peak() results, the larger of each figure (a PSS
# peak with its process count)
larger() {
	echo "$1 $2" | awk '{
		print ($1 > $7 ? $1 : $7), ($2 > $8 ? $2 : $8),
		      ($3 > $9 ? $3 " " $4 : $9 " " $10),
		      ($5 > $11 ? $5 " " $6 : $11 " " $12) }'
}

mib() {
	awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'
}

echo "numjobs=$NJOBS, null engine, size=1m per job; MiB; ratio = plio/fio"
echo "HWM: top process's VmHWM (exact); RSS, PSS: peak of the sum over the"
echo "process tree, sampled every ${SAMPLE_MS} ms; 'PSS run': the same peak while"
echo "worker processes are alive.  Goal measure: HWM for threads, PSS for processes."
printf '%-8s %-8s %-9s %9s %9s %6s  %s\n' case mode measure plio fio ratio \
	"processes then (plio/fio)"
row() {	# CASE MODE MEASURE PLIO_KIB FIO_KIB [NOTE]
	printf '%-8s %-8s %-9s %9s %9s %6s  %s\n' "$1" "$2" "$3" "$(mib "$4")" \
		"$(mib "$5")" "$(ratio "$4" "$5")" "${6:-}"
}
for c in $CASES; do
	opts=$(job "$c")
	for mode in thread process; do
		extra=""
		[ "$mode" = thread ] && extra="--thread"
		p="0 0 0 0 0 0"
		f="0 0 0 0 0 0"
		r=1
		while [ "$r" -le "$ROUNDS" ]; do
			x=$(peak $PLIO $opts $extra)	# a failed run stops here
			p=$(larger "$p" "$x")
			x=$(peak $FIO $opts $extra)
			f=$(larger "$f" "$x")
			r=$((r + 1))
		done
		set -- $p $f
		if [ "$mode" = thread ]; then
			row "$c" "$mode" HWM "$1" "$7"
		else
			row "$c" "$mode" PSS "$3" "$9" "$4/${10}"
			row "" "" "PSS run" "$5" "${11}" "$6/${12}"
			row "" "" RSS "$2" "$8"
			row "" "" HWM "$1" "$7"
		fi
	done
done
