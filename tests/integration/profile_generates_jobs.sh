#!/bin/sh
# profile_generates_jobs: a profile plugin turns its own options into jobs
# through the host table.  The test profile "testprof" makes N jobs named
# testprof-0.. that each read 1 MiB at random with the null engine in
# blocks of the given size; the JSON report must show exactly that.
. "$TOP_SRCDIR/tests/integration/lib.sh"

[ -x "$PLIO" ] || { echo "SKIP: $PLIO is not built"; exit 77; }
command -v "$PYTHON" >/dev/null 2>&1 || skip_test "no python3"
unset PLIO_PLUGIN_PATH

if run_ok "testprof with 3 jobs of bs 8k" "$PLIO" --plugin-dir "$TESTPLUGINS" \
	--profile=testprof --jobs=3 --bs=8k --output-format=json; then
	pyq_py "testprof: the report is not 3 jobs of 1 MiB in 8k blocks" "$T/out" <<'PY'
import json, sys

text = open(sys.argv[1]).read()
doc = json.loads(text[text.index("{"):])
jobs = doc["jobs"]
bad = []
names = sorted(j["jobname"] for j in jobs)
if names != ["testprof-0", "testprof-1", "testprof-2"]:
    bad.append(f"job names {names}")
for j in jobs:
    r, w = j["read"], j["write"]
    if r["io_bytes"] != 1048576:
        bad.append(f"{j['jobname']}: read {r['io_bytes']} bytes, expected 1048576")
    if r["total_ios"] != 1048576 // 8192:
        bad.append(f"{j['jobname']}: {r['total_ios']} reads, expected 128 (bs 8k)")
    if w["io_bytes"] != 0:
        bad.append(f"{j['jobname']}: wrote {w['io_bytes']} bytes")
    opts = j.get("job options", {})
    if "bs" in opts and opts["bs"].lower() not in ("8192", "8k"):
        bad.append(f"{j['jobname']}: job options bs is {opts['bs']}")
for b in bad:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
fi

# the profile's defaults (jobs=2, bs=4k)
if run_ok "testprof with defaults" "$PLIO" --plugin-dir "$TESTPLUGINS" \
	--profile=testprof --output-format=json; then
	n=$($PYTHON -c 'import json,sys; t=open(sys.argv[1]).read(); print(len(json.loads(t[t.index("{"):])["jobs"]))' "$T/out")
	[ "$n" = 2 ] || fail "testprof defaults: $n jobs, expected 2"
	ios=$($CHECK_JSON get "$T/out" jobs.0.read.total_ios)
	[ "$ios" = 256 ] || fail "testprof defaults: $ios reads, expected 256 (bs 4k)"
fi

# refusals are one line
run_fails "unknown profile" "^plio: .*no profile 'nosuch'; profiles that load: testprof" \
	"$PLIO" --plugin-dir "$TESTPLUGINS" --profile=nosuch
run_fails "profile option out of range" "jobs" \
	"$PLIO" --plugin-dir "$TESTPLUGINS" --profile=testprof --jobs=0

finish
