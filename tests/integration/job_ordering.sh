#!/bin/sh
# job_ordering: stonewall (wait_for_previous), new_group, wait_for,
# startdelay, exitall, exitall_on_error, exit_what and the implicit
# stonewall between job files.  Groups are numbered as fio numbers them
# (compared with fio itself when it is installed); ordering is proved by
# wall-clock lower bounds (a job with runtime=X cannot end sooner) and
# early stops by generous upper bounds against long runtimes.
. "$TOP_SRCDIR/tests/integration/lib.sh"

now_ms() {
	date +%s%3N
}

# timed DESC CMD...: run_ok, leaving the elapsed milliseconds in $ms
timed() {
	t0=$(now_ms)
	run_ok "$@"
	r=$?
	ms=$(($(now_ms) - t0))
	return $r
}

# groupids FILE: the JSON jobs' "name:groupid" list on one line
groupids() {
	$PYTHON -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join("%s:%d" % (j["jobname"], j["groupid"]) for j in d["jobs"]))
' "$1"
}

# --- group numbering, as fio's groupid ---------------------------------
cat >"$T/g1.fio" <<EOF
[global]
ioengine=null
size=64k
[a]
[b]
stonewall
[c]
new_group
[d]
[e]
wait_for_previous
numjobs=2
[f]
new_group
stonewall
EOF
cat >"$T/g2.fio" <<EOF
[x]
ioengine=null
size=64k
[y]
ioengine=null
size=64k
EOF
want="a:0 b:1 c:2 d:2 e:3 e:3 f:4 x:5 y:5"
# fio's run of the same files (half a second, mostly waiting) in the
# background, while plio runs them
have_fio=0
if command -v fio >/dev/null 2>&1; then
	have_fio=1
	fio --output-format=json "$T/g1.fio" "$T/g2.fio" >"$T/fio.json" 2>/dev/null &
	fio_pid=$!
fi
if run_ok "groups" "$PLIO" --output-format=json "$T/g1.fio" "$T/g2.fio"; then
	got=$(groupids "$T/out")
	[ "$got" = "$want" ] || fail "groups: got '$got', want '$want'"
fi
if [ $have_fio = 1 ]; then
	if wait $fio_pid; then
		got=$(groupids "$T/fio.json")
		[ "$got" = "$want" ] || fail "groups: fio says '$got', plio test wants '$want'"
	fi
else
	skip_part "fio is not installed: the group numbers compared with fio's"
fi
if run_ok "groups, normal output" "$PLIO" "$T/g1.fio" "$T/g2.fio"; then
	n=$(grep -c '^Run status group [0-5] (all jobs):' "$T/out")
	[ "$n" -eq 6 ] || fail "groups, normal output: $n 'Run status group' blocks, want 6"
fi

# --- stonewall: phases do not overlap (processes and threads) ----------
for th in 0 1; do
	cat >"$T/sw.fio" <<EOF
[global]
ioengine=null
size=64k
time_based
runtime=300ms
thread=$th
[a]
[b]
stonewall
[c]
stonewall
EOF
	if timed "stonewall thread=$th" "$PLIO" --output-format=json "$T/sw.fio"; then
		[ "$ms" -ge 900 ] || fail "stonewall thread=$th: three 300 ms phases ended in $ms ms"
	fi
done
# without stonewall the same jobs run side by side (control)
sed '/^stonewall$/d' "$T/sw.fio" >"$T/nosw.fio"
if timed "no stonewall" "$PLIO" --output-format=json "$T/nosw.fio"; then
	[ "$ms" -lt 900 ] || fail "no stonewall: side by side jobs took $ms ms"
fi
# the second job file waits for the first
cat >"$T/f1.fio" <<EOF
[a]
ioengine=null
size=64k
time_based
runtime=400ms
EOF
cp "$T/f1.fio" "$T/f2.fio"
if timed "job files in turn" "$PLIO" --output-format=json "$T/f1.fio" "$T/f2.fio"; then
	[ "$ms" -ge 800 ] || fail "job files in turn: two 400 ms files ended in $ms ms"
fi

# --- wait_for: b starts after a ended, c does not wait ------------------
cat >"$T/wf.fio" <<EOF
[global]
ioengine=null
size=64k
time_based
[a]
runtime=500ms
[b]
wait_for=a
runtime=300ms
[c]
runtime=100ms
EOF
if timed "wait_for" "$PLIO" --output-format=json "$T/wf.fio"; then
	[ "$ms" -ge 800 ] || fail "wait_for: b did not wait for a ($ms ms)"
	got=$(groupids "$T/out")
	[ "$got" = "a:0 b:0 c:0" ] || fail "wait_for: groups '$got'"
fi
run_fails "wait_for a later job" "wait_for: no job named 'c'" \
	"$PLIO" --ioengine=null --size=64k --name=a --wait_for=c --name=c

# --- startdelay: counted from the start of the run, not in the runtime --
cat >"$T/sd.fio" <<EOF
[global]
ioengine=null
size=64k
time_based
runtime=200ms
[a]
startdelay=600ms
EOF
if timed "startdelay" "$PLIO" --output-format=json "$T/sd.fio"; then
	[ "$ms" -ge 800 ] || fail "startdelay: ended after $ms ms, before 600+200"
	$PYTHON -c '
import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
assert j["job_runtime"] < 600, j["job_runtime"]
' "$T/out" || fail "startdelay: the delay counted in the job's runtime"
fi
# a range: every clone picks a delay in it
if timed "startdelay range" "$PLIO" --output-format=json --name=r --ioengine=null \
	--size=64k --numjobs=4 --startdelay=300ms-500ms; then
	[ "$ms" -ge 300 ] || fail "startdelay range: ended after $ms ms, before 300"
fi
# as fio: the delay runs from the start of the run, so a stonewalled job
# whose delay passed while the phase before ran starts at once
cat >"$T/sd2.fio" <<EOF
[global]
ioengine=null
size=64k
time_based
[a]
runtime=1s
[b]
stonewall
startdelay=1s
runtime=100ms
EOF
if timed "startdelay after stonewall" "$PLIO" --output-format=json "$T/sd2.fio"; then
	[ "$ms" -ge 1100 ] || fail "startdelay after stonewall: $ms ms"
	[ "$ms" -lt 1900 ] || fail "startdelay after stonewall: the delay began at the phase ($ms ms)"
fi

# --- exitall and exit_what ---------------------------------------------
# a ends at once; b (same group) would run 30 s; c (own group) 1 s; d after
# a stonewall 300 ms.  jobs_of FILE prints "name:io_bytes>0:runtime_ms".
jobs_of() {
	$PYTHON -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join("%s:%d:%d" % (j["jobname"], j["read"]["io_bytes"] > 0,
                             j["job_runtime"]) for j in d["jobs"]))
' "$1"
}
for what in group stonewall all; do
	cat >"$T/ex.fio" <<EOF
[global]
ioengine=null
size=64k
time_based
[a]
runtime=100ms
exitall
exit_what=$what
[b]
runtime=30s
[c]
new_group
runtime=1s
[d]
stonewall
runtime=300ms
EOF
	timed "exitall exit_what=$what" "$PLIO" --output-format=json "$T/ex.fio" || continue
	[ "$ms" -lt 10000 ] || fail "exitall exit_what=$what: b was not stopped ($ms ms)"
	set -- $(jobs_of "$T/out")
	b_rt=${2##*:}
	c_rt=${3##*:}
	d=$4
	[ "$b_rt" -lt 10000 ] || fail "exitall exit_what=$what: b ran $b_rt ms"
	case $what in
	group)
		# c is in another group: it runs its full second
		[ "$c_rt" -ge 1000 ] || fail "exitall group: c stopped after $c_rt ms"
		case $d in d:1:*) ;; *) fail "exitall group: d did not run ($d)" ;; esac ;;
	stonewall)
		# every running job stops; the next phase still runs
		[ "$c_rt" -lt 900 ] || fail "exitall stonewall: c ran $c_rt ms"
		case $d in d:1:*) ;; *) fail "exitall stonewall: d did not run ($d)" ;; esac ;;
	all)
		[ "$c_rt" -lt 900 ] || fail "exitall all: c ran $c_rt ms"
		case $d in d:0:*) ;; *) fail "exitall all: d ran ($d)" ;; esac ;;
	esac
done

# --- exitall_on_error: a job that fails stops the others ---------------
cat >"$T/eoe.fio" <<EOF
[global]
size=64k
directory=$T
time_based
runtime=30s
[bad]
ioengine=record
record_file=$T/no/such/dir/log
exitall_on_error
[b]
ioengine=record
record_file=$T/b.log
EOF
t0=$(now_ms)
"$PLIO" --plugin-dir "$TESTPLUGINS" --output-format=json "$T/eoe.fio" >"$T/out" 2>"$T/err"
rc=$?
ms=$(($(now_ms) - t0))
if [ "$rc" -ne 1 ]; then
	fail "exitall_on_error: exit $rc, want 1"
	sed 's/^/    /' "$T/err" >&2
elif ! sanitized "exitall_on_error"; then
	[ "$ms" -lt 10000 ] || fail "exitall_on_error: b was not stopped ($ms ms)"
	pass
fi

finish
