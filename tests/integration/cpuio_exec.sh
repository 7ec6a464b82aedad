#!/bin/sh
# cpuio_exec: the cpuio and exec engines (plugins of their own, ABI 1.3's
# PLIO_CAP_NOIO), seen from outside.  cpuio: its threads' and workers'
# schedstat say it uses no more than cpuload percent of one CPU per job,
# and asks for about that (run + runnable waiting: a shared machine gives
# a spinning job less than it asks), for 25 and 50 percent, 1 and 2 jobs;
# the JSON counts one I/O of no bytes per cycle, each ~cpuchunks long;
# exit_on_io_done ends it right after the psync job beside it; qsort mode
# burns too.  exec: the program runs with %r and %n substituted, its
# stdout and stderr land in JOBNAME.stdout/.stderr, it gets SIGTERM at the
# runtime's end (and SIGKILL grace_time later when it ignores that; no
# process of it remains), its early end ends the job, a failure status or
# a missing program is one error line.  With fio installed, the same jobs
# side by side.
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# timed NAME CMD...: run CMD, its stdout in $T/NAME.out, stderr in
# $T/NAME.err, its wall time (ms) in $T/NAME.ms; returns CMD's status
timed() {
	_n=$1
	shift
	_t0=$(now_ms)
	"$@" >"$T/$_n.out" 2>"$T/$_n.err"
	_rc=$?
	echo $(($(now_ms) - _t0)) >"$T/$_n.ms"
	return $_rc
}

# timed_ok DESC NAME CMD...: timed, and CMD must exit 0 (a pass)
timed_ok() {
	_d=$1
	shift
	if timed "$@"; then
		pass
		return 0
	fi
	fail "$_d: exit $_rc"
	sed 's/^/    /' "$T/$1.err" >&2
	return 1
}

# group_gone PGID: no process of group PGID is alive (zombies aside), or
# none is after up to 2 s (what SIGKILL hit may take a moment to die)
group_gone() {
	[ -n "$1" ] || return 1
	_i=0
	while [ $_i -lt 100 ]; do
		awk -v g="$1" 'BEGIN {
			for (i = 1; i < ARGC; i++) {	# a process may end meanwhile
				if ((getline s <ARGV[i]) > 0) {
					sub(/.*\) /, "", s)
					split(s, a, " ")
					if (a[3] == g && a[1] != "Z")
						n++
				}
				close(ARGV[i])
			}
			exit n > 0
		}' \
			/proc/[0-9]*/stat 2>/dev/null && return 0
		sleep 0.02
		_i=$((_i + 1))
	done
	return 1
}

# sched_ms PID: "EXEC WAIT", the milliseconds PID's threads and those of
# its child processes (plio's workers) ran, and waited runnable for a CPU
# (/proc/*/task/*/schedstat), so far
sched_ms() {
	awk -v p="$1" 'function add(pid, kids,   cmd, t, f, line, a) {
		cmd = "ls /proc/" pid "/task 2>/dev/null"
		while ((cmd | getline t) > 0) {
			f = "/proc/" pid "/task/" t "/schedstat"
			if ((getline line <f) > 0) {
				split(line, a, " ")
				e += a[1]
				w += a[2]
			}
			close(f)
			f = "/proc/" pid "/task/" t "/children"
			if (kids && (getline line <f) > 0)
				more = more " " line
			close(f)
		}
		close(cmd)
	}
	BEGIN {
		more = ""
		add(p, 1)
		if (more == "" && system("test -e /proc/" p "/task/" p "/children") != 0) {
			cmd = "pgrep -P " p	# no children files here
			while ((cmd | getline k) > 0)
				more = more " " k
			close(cmd)
		}
		n = split(more, kid, " ")
		for (i = 1; i <= n; i++)
			add(kid[i], 0)
		printf "%d %d\n", e / 1e6, w / 1e6
	}'
}

# cpu_share NAME PLIO-ARGS...: run plio (runtime 4 s; stdout in NAME.out,
# stderr in NAME.err) and, from 0.7 s to 2.7 s after its jobs started,
# how long it and its workers ran and waited for a CPU: "MS EXEC WAIT"
# in NAME.share.  The CPU a job got is EXEC; what it asked for is EXEC +
# WAIT (a busy loop that the other work on a shared machine keeps off
# the CPU waits runnable), whatever else runs here.
cpu_share() {
	_n=$1
	shift
	run_bg "$_n" "$PLIO" "$@" --runtime=4 --output-format=json
	_p=$(cat "$T/$_n.pid")
	_i=0
	while ! caught "$_p" && kill -0 "$_p" 2>/dev/null && [ $_i -lt 1500 ]; do
		sleep 0.02
		_i=$((_i + 1))
	done
	sleep 0.7
	_t0=$(now_ms)
	_s0=$(sched_ms "$_p")
	sleep 2
	_s1=$(sched_ms "$_p")
	_t1=$(now_ms)
	set -- $_s0 $_s1
	echo "$((_t1 - _t0)) $(($3 - $1)) $(($4 - $2))" >"$T/$_n.share"
	wait_ok "$_n" "$_n"
}

# The checks of every cpuio run, in one Python start (pyq): argv 1 the
# JSON, 2 jobs, 3 cpuload, 4 the share file, 5 the stderr file, 6 the
# job's name
cat >"$T/cpu_check.py" <<'PY'
import json, sys
doc = open(sys.argv[1]).read()
d = json.loads(doc[doc.index("{"):])
jobs, load = int(sys.argv[2]), int(sys.argv[3])
ms, run, wait = (int(x) for x in open(sys.argv[4]).read().split())
err = open(sys.argv[5]).read()
js = d["jobs"]
assert len(js) == jobs, len(js)
period = 0.05 * 100 / load
for j in js:
    r = j["read"]
    assert j["error"] == 0, j["error"]
    assert r["io_bytes"] == 0 and j["write"]["io_bytes"] == 0, (r["io_bytes"], j["write"]["io_bytes"])
    want = 4 / period
    assert 0.7 * want - 1 <= r["total_ios"] <= want + 2, ("total_ios", r["total_ios"], "want about", want)
    m = r["clat_ns"]["mean"] / 1e6
    assert 49.9 <= m <= 80, ("clat mean ms", m)
share = jobs * load / 100.0
got, asked = run / ms, (run + wait) / ms
# never more CPU than asked for; it asks for its share (a busy loop kept
# off the CPU waits runnable, and a wake-up may wait too: generous top);
# and it really runs
assert got <= 1.25 * share + 0.05, ("CPUs used", got, "want", share)
assert 0.7 * share - 0.03 <= asked <= 1.8 * share + 0.05, ("CPUs asked for", asked, "want", share)
assert got >= 0.1 * share, ("CPUs used", got, "want", share)
line = "plio: %s (noop): ioengine=cpuio, cpuload=%d, cpucycle=50000" % (sys.argv[6], load)
assert err.count(line + "\n") == jobs, (line, err)
PY

# --- cpuio: CPU share for 25 and 50 percent, 1 and 2 jobs (threads for one)
for spec in "25 1 0" "50 1 0" "25 2 1" "50 2 0"; do
	set -- $spec
	n=c$1x$2
	cpu_share $n --name=$n --ioengine=cpuio --cpuload=$1 --numjobs=$2 --thread=$3 &&
		pyq "cpuio cpuload=$1 numjobs=$2: CPU used and asked for, I/O count, latency, start line" \
			"$T/cpu_check.py" "$T/$n.out" $2 $1 "$T/$n.share" "$T/$n.err" $n
done

# --- exit_on_io_done: ends with the psync job (~1 s); without it, runs on
timed_ok "exit_on_io_done" eoio "$PLIO" --output-format=json \
	--name=io --ioengine=psync --filename="$T/f" --size=4m --bs=64k --rw=write --rate=4m \
	--name=burn --ioengine=cpuio --cpuload=20 --runtime=60 --exit_on_io_done=1 &&
	pyq_py "exit_on_io_done: the cpuio job ends right after the psync job" "$T/eoio.out" \
		"$T/eoio.ms" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
io, burn = d["jobs"]
assert io["write"]["io_bytes"] == 4 << 20, io["write"]["io_bytes"]
assert burn["read"]["total_ios"] >= 1, burn["read"]["total_ios"]
# (each from its own start: the two may start some ms apart)
assert io["job_runtime"] - 100 <= burn["job_runtime"] <= io["job_runtime"] + 400, (io["job_runtime"], burn["job_runtime"])
assert int(open(sys.argv[2]).read()) < 20000, "wall ms"
PY
timed_ok "without exit_on_io_done" noeoio "$PLIO" --output-format=json \
	--name=io --ioengine=psync --filename="$T/f" --size=4m --bs=64k --rw=write --rate=4m \
	--name=burn --ioengine=cpuio --cpuload=20 --runtime=3 &&
	pyq_py "without exit_on_io_done: the cpuio job runs its runtime" "$T/noeoio.out" <<'PY'
import json, sys
io, burn = json.load(open(sys.argv[1]))["jobs"]
assert io["job_runtime"] < 2500 and burn["job_runtime"] >= 2900, (io["job_runtime"], burn["job_runtime"])
PY
timed_ok "exit_on_io_done alone" eoio1 "$PLIO" --name=b --ioengine=cpuio --cpuload=20 \
	--runtime=60 --exit_on_io_done=1 --output-format=json &&
	pyq_py "exit_on_io_done with no I/O job: ends at once" "$T/eoio1.out" "$T/eoio1.ms" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
assert j["read"]["total_ios"] == 0 and j["job_runtime"] < 1000, (j["read"]["total_ios"], j["job_runtime"])
assert int(open(sys.argv[2]).read()) < 10000
PY

# --- number_ios ends a cpuio job without a runtime (fio's), time_based does not
timed_ok "cpuio number_ios" nios timeout 30 "$PLIO" --name=n --ioengine=cpuio --cpuload=50 \
	--cpuchunks=10ms --number_ios=5 --loops=2 --output-format=json &&
	pyq_py "cpuio number_ios=5 loops=2: 10 cycles, then the job ends" "$T/nios.out" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
assert j["read"]["total_ios"] == 10 and j["job_runtime"] < 5000, (j["read"]["total_ios"], j["job_runtime"])
PY

# --- qsort mode burns: about cpuload of a CPU asked for, a cycle = one round
cpu_share qs --name=qs --ioengine=cpuio --cpuload=50 --cpumode=qsort &&
	pyq_py "cpuio qsort: CPU used, cycles counted" "$T/qs.out" "$T/qs.share" "$T/qs.err" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["jobs"][0]["read"]
ms, run, wait = (int(x) for x in open(sys.argv[2]).read().split())
assert r["total_ios"] >= 2 and r["io_bytes"] == 0 and r["clat_ns"]["mean"] > 1e6, r
assert 0.05 <= run / ms <= 0.7 and 0.3 <= (run + wait) / ms <= 0.95, ("CPUs used", run / ms, "asked", (run + wait) / ms)
assert "plio: qs (qsort): ioengine=cpuio, cpuload=50" in open(sys.argv[3]).read()
PY

# --- cpuio refusals: one line each
run_fails "cpuio without cpuload" "^plio: command line \(argument 2\): cpuload: required" \
	"$PLIO" --name=b --ioengine=cpuio --runtime=1
run_fails "cpuio cpumode=bogus" "cpumode" \
	"$PLIO" --name=b --ioengine=cpuio --cpuload=10 --cpumode=bogus --runtime=1

# --- exec: a program that records its arguments and output, stopped by
# SIGTERM at the runtime's end
cat >"$T/prog.sh" <<'EOF'
#!/bin/sh
echo "$*" >"marker.$2"
echo $$ >"pid.$2"
echo "out of $2"
echo "err of $2" >&2
trap 'echo TERM >"term.$2"; exit 0' TERM
while :; do sleep 0.1; done
EOF
cat >"$T/stub.sh" <<'EOF'
#!/bin/sh
trap '' TERM
echo $$ >stub.pid
while :; do sleep 0.1; done
EOF
printf '#!/bin/sh\nexit 3\n' >"$T/exit3.sh"
chmod +x "$T/prog.sh" "$T/stub.sh" "$T/exit3.sh"

# exec_check NAME WHAT...: the checks of one exec run, queued (argv 1 the
# JSON, 2 wall ms, 3 the job's name, 4 the least and 5 the most wall ms)
cat >"$T/exec_check.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ms, name, lo, hi = int(open(sys.argv[2]).read()), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
j = d["jobs"][0]
r = j["read"]
assert j["error"] == 0, j["error"]
assert lo <= ms <= hi, ("wall ms", ms, lo, hi)
assert r["io_bytes"] == 0, r["io_bytes"]
if lo >= 1900:
    assert 10 <= r["total_ios"] <= 25, ("total_ios", r["total_ios"])
    assert 30e6 <= r["clat_ns"]["mean"] <= 75e6, ("clat ns", r["clat_ns"]["mean"])
PY

timed_ok "exec runs the program" ex "$PLIO" --name=ex --ioengine=exec --program="$T/prog.sh" \
	"--arguments=%r %n  word" --runtime=2 --output-format=json &&
	pyq "exec: ~10 I/Os a second of ~50 ms, no bytes; ends at its runtime" \
		"$T/exec_check.py" "$T/ex.out" "$T/ex.ms" ex 1900 5000
[ "$(cat marker.ex 2>/dev/null)" = "2 ex word" ] && pass ||
	fail "exec: the program's arguments were '$(cat marker.ex 2>/dev/null)', expected '2 ex word'"
[ "$(cat ex.stdout 2>/dev/null)" = "out of ex" ] && [ "$(cat ex.stderr 2>/dev/null)" = "err of ex" ] &&
	pass || fail "exec: ex.stdout '$(cat ex.stdout 2>/dev/null)', ex.stderr '$(cat ex.stderr 2>/dev/null)'"
[ "$(cat term.ex 2>/dev/null)" = TERM ] && pass || fail "exec: the program got no SIGTERM at the end"
[ -s pid.ex ] && group_gone "$(cat pid.ex)" && pass ||
	fail "exec: processes of the program remain"
grep -q "^plio: ex: running $T/prog.sh 2 ex  word: stdout=ex.stdout stderr=ex.stderr\$" ex.err &&
	pass || fail "exec: no start line: $(cat ex.err)"

# two clones: both programs' lines kept in the one pair of files
timed_ok "exec numjobs=2" ex2 "$PLIO" --name=two --ioengine=exec --program="$T/prog.sh" \
	"--arguments=%r %n" --runtime=1 --numjobs=2 --output-format=json &&
	[ "$(grep -c '^out of two$' two.stdout)" = 2 ] && [ "$(grep -c '^err of two$' two.stderr)" = 2 ] &&
	pass || fail "exec numjobs=2: two.stdout holds '$(cat two.stdout)'"

# std_redirect=0: the output is plio's
rm -f nr.stdout
timed_ok "exec std_redirect=0" nr "$PLIO" --name=nr --ioengine=exec --program="$T/prog.sh" \
	"--arguments=%r %n" --runtime=1 --std_redirect=0 --output="$T/nr.report" &&
	grep -q "^out of nr\$" nr.out && grep -q "^err of nr\$" nr.err && [ ! -e nr.stdout ] &&
	pass || fail "exec std_redirect=0: stdout '$(cat nr.out)', nr.stdout exists: $([ -e nr.stdout ] && echo yes)"

# a program that ignores SIGTERM: SIGKILL grace_time later, nothing left
rm -f stub.pid
timed_ok "exec grace_time" stub "$PLIO" --name=stub --ioengine=exec --program="$T/stub.sh" \
	--runtime=1 --grace_time=2 --output-format=json &&
	pyq "exec ignoring SIGTERM: killed grace_time (2 s) after the runtime (1 s)" \
		"$T/exec_check.py" "$T/stub.out" "$T/stub.ms" stub 2800 7000
grep -q "program '$T/stub.sh' still ran 2 s after SIGTERM: sent SIGKILL" stub.err && pass ||
	fail "exec grace_time: no SIGKILL line: $(cat stub.err)"
[ -s stub.pid ] && group_gone "$(cat stub.pid)" && pass ||
	fail "exec grace_time: processes of the program remain"

# the program's early end ends the job
timed_ok "exec, program ends first" early "$PLIO" --name=early --ioengine=exec --program=sleep \
	--arguments=0.5 --runtime=60 --output-format=json &&
	pyq "exec: the job ends with its program (0.5 s of 60)" \
		"$T/exec_check.py" "$T/early.out" "$T/early.ms" early 400 8000

# a failure status, a missing program: one line each
run_fails "exec, exit status 3" "^plio: job 'bad': engine exec: program '$T/exit3.sh' exited with status 3\$" \
	"$PLIO" --name=bad --ioengine=exec --program="$T/exit3.sh" --runtime=10
run_fails "exec, missing program" \
	"^plio: job 'miss': engine exec: program '/nonexistent/plio-prog' cannot be run: No such file or directory\$" \
	"$PLIO" --name=miss --ioengine=exec --program=/nonexistent/plio-prog --runtime=10 &&
	{ [ "$(wc -l <"$T/err")" = 1 ] && pass || fail "exec, missing program: more than one line:
$(cat "$T/err")"; }
run_fails "exec without program" "program: required" "$PLIO" --name=np --ioengine=exec --runtime=1

# SIGTERM to plio: the job stops, the program gets SIGTERM, then SIGKILL
rm -f stub.pid
run_bg sig "$PLIO" --name=sig --ioengine=exec --program="$T/stub.sh" --runtime=60 \
	--output-format=json
i=0
while [ ! -s stub.pid ] && [ $i -lt 500 ]; do
	sleep 0.02
	i=$((i + 1))
done
t0=$(now_ms)
kill -TERM "$(cat "$T/sig.pid")"
wait "$(cat "$T/sig.pid")"
took=$(($(now_ms) - t0))
[ -s stub.pid ] && group_gone "$(cat stub.pid)" && [ $took -lt 5000 ] && pass ||
	fail "exec, plio stopped by SIGTERM: took $took ms, or processes of the program remain"

# SIGTERM to plio in the middle of a long cpuio pause (cpuload=5 with
# 500 ms cycles pauses 9.5 s): the engine asks job_stopping every 10 ms
# and the job ends at once, not at the pause's end (the core would kill a
# worker still running 5 s after the signal)
run_bg cst "$PLIO" --name=cst --ioengine=cpuio --cpuload=5 --cpuchunks=500ms --runtime=60 \
	--output-format=json
wait_busy "$(cat "$T/cst.pid")" 20
sleep 1
t0=$(now_ms)
kill -TERM "$(cat "$T/cst.pid")"
wait "$(cat "$T/cst.pid")"
rc=$?
took=$(($(now_ms) - t0))
[ $rc -eq 128 ] && [ $took -lt 2000 ] && ! grep -q "still running" "$T/cst.err" && pass ||
	fail "cpuio stopped by SIGTERM in a pause: exit $rc after $took ms (128 within 2 s expected): $(cat "$T/cst.err")"

# --- fio side by side
if command -v fio >/dev/null 2>&1; then
	timed fio_c fio --name=c --ioengine=cpuio --cpuload=30 --runtime=2 --output-format=json
	timed plio_c "$PLIO" --name=c --ioengine=cpuio --cpuload=30 --runtime=2 --output-format=json
	pyq_py "cpuio beside fio: the same I/O count and latency" "$T/fio_c.out" "$T/plio_c.out" <<'PY'
import json, sys
def load(p):
    t = open(p).read()
    return json.loads(t[t.index("{"):])["jobs"][0]["read"]
f, p = load(sys.argv[1]), load(sys.argv[2])
assert abs(f["total_ios"] - p["total_ios"]) <= 2, (f["total_ios"], p["total_ios"])
assert f["io_bytes"] == p["io_bytes"] == 0 and f["iops"] == p["iops"] == 0
assert abs(f["clat_ns"]["mean"] - p["clat_ns"]["mean"]) <= 0.2 * f["clat_ns"]["mean"], (f["clat_ns"]["mean"], p["clat_ns"]["mean"])
PY
	mkdir -p fio && cd fio || exit 99
	timed fio_e fio --name=ex --ioengine=exec --program="$T/prog.sh" "--arguments=%r %n  word" \
		--runtime=2 --output-format=json
	cd "$T" || exit 99
	[ "$(cat fio/marker.ex)" = "$(cat marker.ex)" ] && cmp -s fio/ex.stdout ex.stdout &&
		cmp -s fio/ex.stderr ex.stderr && pass ||
		fail "exec beside fio: arguments '$(cat fio/marker.ex)' / '$(cat marker.ex)', or the output files differ"
	pyq_py "exec beside fio: I/O counts alike" "$T/fio_e.out" "$T/ex.out" <<'PY'
import json, sys
def load(p):
    t = open(p).read()
    return json.loads(t[t.index("{"):])["jobs"][0]["read"]
f, p = load(sys.argv[1]), load(sys.argv[2])
assert abs(f["total_ios"] - p["total_ios"]) <= 4, (f["total_ios"], p["total_ios"])
PY
else
	skip_part "fio is not installed: no side by side"
fi

finish
