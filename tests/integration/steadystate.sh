#!/bin/sh
# steadystate.sh - steadystate (ss), ss_dur and ss_ramp as fio 3.33: a job
# whose IOPS settle ends before its runtime with "attained", the JSON
# "steadystate" object has fio's keys, types and window, an impossible
# criterion runs to the end unattained, group_reporting judges the group.
. "$(dirname "$0")/lib.sh"

NULLJOB="--name=x --ioengine=null --size=1g --time_based"


# ss.py FILE: the steadystate object of each job, checked against fio's
# shape; prints "attained duration n_iops n_bw iops_mean job_runtime ss"
cat >"$T/ss.py" <<'EOF'
import json, sys
t = open(sys.argv[1]).read()
o = json.loads(t[t.index("{"):t.rindex("}") + 1])
want = {"ss": str, "duration": int, "attained": int, "criterion": str,
        "max_deviation": float, "slope": float, "data": dict}
wdata = {"bw_mean": int, "iops_mean": int, "iops": list, "bw": list}
for j in o["jobs"]:
    s = j.get("steadystate")
    if s is None:
        sys.exit("job %s: no steadystate object" % j["jobname"])
    for k, ty in want.items():
        if not isinstance(s.get(k), ty):
            sys.exit("steadystate.%s: %r, want a %s" % (k, s.get(k), ty.__name__))
    if set(s) != set(want) or set(s["data"]) != set(wdata):
        sys.exit("steadystate keys: %s, data: %s" % (sorted(s), sorted(s["data"])))
    for k, ty in wdata.items():
        if not isinstance(s["data"][k], ty):
            sys.exit("steadystate.data.%s: %r" % (k, s["data"][k]))
    d = s["data"]
    if any(not isinstance(v, int) for v in d["iops"] + d["bw"]):
        sys.exit("steadystate.data: non-integer samples")
    print(s["attained"], s["duration"], len(d["iops"]), len(d["bw"]),
          d["iops_mean"], j["job_runtime"], s["ss"])
EOF

# 1. iops_slope:10% over 2 s: a null job settles within seconds and stops
# long before its 15 s; the window holds 2 nonzero samples
if run_ok "iops_slope attains" $PLIO $NULLJOB --runtime=15 \
	--ss=iops_slope:10% --ss_dur=2 --output-format=json,normal; then
	if ! $PYTHON "$T/ss.py" "$T/out" >"$T/ss" 2>"$T/why"; then
		fail "iops_slope: $(cat "$T/why")"
	elif ! awk '{ exit !($1 == 1 && $2 == 2 && $3 == 2 && $4 == 2 && $5 > 0 &&
			     $6 >= 2000 && $6 < 12000 && $7 == "iops_slope:10.000000%") }' "$T/ss"; then
		fail "iops_slope: attained duration n_iops n_bw iops_mean runtime ss: $(cat "$T/ss")"
	else
		pass
	fi
	grep -Eq '^  steadystate  : attained=yes, bw=[0-9.]+[KMGT]iB/s \([0-9.]+[kMGT]B/s\), iops=[0-9.]+[kMG]?, iops slope=-?[0-9]+\.[0-9]{3}%$' "$T/out" &&
		pass || fail "iops_slope: no normal steadystate line: $(grep steadystate "$T/out")"
fi

# 6. (checked below) fio's own steadystate object: fio runs its job (3 s,
# whatever it attains) in the background while plio runs case 2, which
# takes its full 3 s whatever the load
have_fio=0
if command -v fio >/dev/null 2>&1; then
	have_fio=1
	(cd "$T" && exec fio $NULLJOB --runtime=3 --ss=iops_slope:10% --ss_dur=2 \
		--output-format=json --output="$T/fio.json" >/dev/null 2>&1) &
	fio_pid=$!
fi

# 2. bw:0% (no deviation at all) cannot hold: the job runs its 3 s, the
# report says not attained; ss_ramp=1 delays the first sample
if run_ok "bw deviation unattained" $PLIO $NULLJOB --runtime=3 \
	--ss=bw:0% --ss_dur=2 --ss_ramp=1 --output-format=json; then
	if ! $PYTHON "$T/ss.py" "$T/out" >"$T/ss" 2>"$T/why"; then
		fail "bw:0%: $(cat "$T/why")"
	elif ! awk '{ exit !($1 == 0 && $3 == 2 && $6 >= 2900 && $7 == "bw:0.000000%") }' "$T/ss"; then
		fail "bw:0%: attained duration n_iops n_bw iops_mean runtime ss: $(cat "$T/ss")"
	else
		pass
	fi
fi

# 3. group_reporting: one entry, one steadystate object for the group
if run_ok "group steady state" $PLIO $NULLJOB --runtime=15 --numjobs=2 \
	--group_reporting --ss=iops_slope:10% --ss_dur=2 --output-format=json; then
	if ! $PYTHON "$T/ss.py" "$T/out" >"$T/ss" 2>"$T/why"; then
		fail "group: $(cat "$T/why")"
	elif [ "$(wc -l <"$T/ss")" -ne 1 ] || ! awk '{ exit !($1 == 1 && $6 < 24000) }' "$T/ss"; then
		fail "group: $(cat "$T/ss")"
	else
		pass
	fi
fi

# 4. ss_interval=500ms (fio 3.36's steadystate_check_interval): a 2 s
# window holds 4 samples, each a rate per second over half a second, and
# the job still settles and stops early
if run_ok "ss_interval" $PLIO $NULLJOB --runtime=15 --ss=iops_slope:10% \
	--ss_dur=2 --ss_interval=500ms --output-format=json; then
	if ! $PYTHON "$T/ss.py" "$T/out" >"$T/ss" 2>"$T/why"; then
		fail "ss_interval: $(cat "$T/why")"
	elif ! awk '{ exit !($1 == 1 && $2 == 2 && $3 == 4 && $4 == 4 && $5 > 0 &&
			     $6 >= 2000 && $6 < 12000) }' "$T/ss"; then
		fail "ss_interval: attained duration n_iops n_bw iops_mean runtime ss: $(cat "$T/ss")"
	else
		# the samples are per-second rates: near the job's own IOPS
		$PYTHON - "$T/out" <<'PY' && pass || fail "ss_interval: samples are not per-second rates"
import json, sys
t = open(sys.argv[1]).read()
j = json.loads(t[t.index("{"):t.rindex("}") + 1])["jobs"][0]
iops = j["read"]["iops"]
s = j["steadystate"]["data"]["iops"]
sys.exit(0 if all(0.5 * iops < v < 2 * iops for v in s) else 1)
PY
	fi
fi

# 5. refused before anything runs: a window that is not whole samples, a
# criterion without its limit
run_fails "ss_interval not dividing ss_dur" \
	"^plio: command line \(argument 7\): ss_interval: 2000 ms does not divide ss_dur \(3000 ms\): the window must hold whole samples$" \
	$PLIO $NULLJOB --ss=iops:1 --ss_dur=3 --ss_interval=2
run_fails "ss without a limit" \
	"^plio: command line \(argument 5\): ss: 'iops' has no :LIMIT \(e.g. iops_slope:0.1%\)$" \
	$PLIO $NULLJOB --ss=iops --ss_dur=2

# 6. the same object as fio's own, key for key (values aside)
if [ $have_fio = 1 ]; then
	wait $fio_pid
	if $PYTHON "$T/ss.py" "$T/fio.json" >"$T/ss" 2>"$T/why"; then
		pass
	else
		fail "fio's own steadystate object does not pass the checks: $(cat "$T/why")"
	fi
else
	skip_part "fio is not installed: fio's own steadystate object"
fi

finish
