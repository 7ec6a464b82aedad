#!/bin/sh
# profiles: fio's tiobench and act profiles as plio's profile plugins.
#  - The jobs they generate are fio 3.33's, entry for entry and in order
#    (global options, job names, every option, stonewalls, numjobs, sizes):
#    fio's list is read from its --debug=parse, plio's from --showcmd, and
#    the per-job lines both print when jobs start ("NAME: (g=N): rw=...,
#    bs=..., ioengine=..., iodepth=...") are compared too.  Where fio 3.33
#    ignores an option (all of tiobench's) or misreads one (act's
#    test-duration as microseconds), the expected list is fio's with that
#    option applied as documented (doc/fio-differences.md).
#  - The jobs run and move the bytes the list implies (JSON, the files),
#    the same bytes as fio running the same list.
#  - A profile's option in an ordinary job (fio's examples carry tiobench's
#    threads=1) is accepted with one warning and changes nothing; a
#    misspelt option is still refused; a bad profile value is refused in
#    one line naming the argument.
#  - --profile=NAME --cmdhelp lists the profile's options as fio does.
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99
command -v "$PYTHON" >/dev/null 2>&1 || skip_test "no python3"
unset PLIO_PLUGIN_PATH

"$PLIO" --enghelp=tiobench >/dev/null 2>&1 && "$PLIO" --enghelp=act >/dev/null 2>&1 ||
	skip_test "the tiobench and act plugins do not load"
FIO=
if command -v fio >/dev/null 2>&1 && fio --version 2>/dev/null | grep -q '^fio-3\.33'; then
	FIO=fio
else
	skip_part "fio 3.33 is not installed: job lists not compared with fio's"
fi
AIO=yes
"$PLIO" --enghelp=libaio >/dev/null 2>&1 || AIO=
[ -z "$FIO" ] || fio --enghelp=libaio >/dev/null 2>&1 || AIO=

# joblist.py: a job list as [[section, [[key, value-or-None], ...]], ...],
# from fio's --debug=parse (what its profile handed its option parser,
# after the profile's own options) or from plio's --showcmd line
cat >"$T/joblist.py" <<'PY'
import re, shlex

ALIAS = {"timeout": "runtime"}     # fio's debug names the option, not the alias

def _add(secs, key, value):
    key = ALIAS.get(key, key)
    if key == "name":
        secs.append([value, []])
    secs[-1][1].append([key, value])

def fio(path):
    secs = [["global", []]]
    seen_free = False
    for line in open(path, errors="replace"):
        if not seen_free:
            seen_free = "free options" in line
            continue
        m = re.match(r"parse\s+\d+\s+handle_option=([^,]*), ptr=(.*)$", line.rstrip("\n"))
        if m:
            _add(secs, m.group(1), None if m.group(2) == "(null)" else m.group(2))
    return secs

def plio(path):
    secs = [["global", []]]
    words = shlex.split(open(path).read())
    assert words[0] == "plio", words[:1]
    for w in words[1:]:
        k, eq, v = w[2:].partition("=")
        _add(secs, k, v if eq else None)
    return secs

def headers(path):
    return [l.rstrip("\n") for l in open(path, errors="replace")
            if re.match(r"^\S.*: \(g=\d+\): rw=", l)]

def setopt(secs, section, key, value):
    for name, ents in secs:
        if name == section:
            for e in ents:
                if e[0] == key:
                    e[1] = value
                    return
    raise KeyError((section, key))

def diff(want, got):
    if want == got:
        return None
    for i in range(max(len(want), len(got))):
        w = want[i] if i < len(want) else None
        g = got[i] if i < len(got) else None
        if w != g:
            return f"section {i}: expected {w}, got {g}"
PY

# fio_list NAME ARGS...: fio's job list for a profile's ARGS, parsed only
fio_list() {
	_n=$1
	shift
	fio --debug=parse --parse-only "$@" >"$T/fio.$_n" 2>&1
}
# plio_list NAME ARGS...: plio's --showcmd line for the same
plio_list() {
	_n=$1
	shift
	run_ok "plio --showcmd $*" "$PLIO" --showcmd "$@" && cp "$T/out" "$T/plio.$_n"
}

# ------------------------------------------------------------- tiobench
TB1="--size=1 --block=8k --numruns=2 --threads=2 --dir=$T/tb1"
TB2="--size=3 --threads=3 --dir=$T/tb2"
mkdir -p "$T/tb1" "$T/tb2" "$T/tbf"
plio_list tb0 --profile=tiobench
# shellcheck disable=SC2086
plio_list tb1 --profile=tiobench $TB1
# shellcheck disable=SC2086
plio_list tb2 --profile=tiobench $TB2
if [ -n "$FIO" ]; then
	fio_list tb0 --profile=tiobench
	# shellcheck disable=SC2086
	fio_list tb1 --profile=tiobench $TB1
	# shellcheck disable=SC2086
	fio_list tb2 --profile=tiobench $TB2
	pyq_py "tiobench: the default jobs are fio's" "$T/fio.tb0" "$T/plio.tb0" <<'PY'
import os, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import joblist
want, got = joblist.fio(sys.argv[1]), joblist.plio(sys.argv[2])
assert [s[0] for s in want] == ["global", "seqwrite", "randwrite", "seqread", "randread"], want
d = joblist.diff(want, got)
assert d is None, d
PY
	for s in 1 2; do
		pyq_py "tiobench set $s: fio's jobs with the options applied" "$T/fio.tb0" \
			"$T/fio.tb$s" "$T/plio.tb$s" "$s" "$T" <<'PY'
import os, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import joblist
base, fio_s, got = joblist.fio(sys.argv[1]), joblist.fio(sys.argv[2]), joblist.plio(sys.argv[3])
s, T = sys.argv[4], sys.argv[5]
if fio_s != base:
    want = fio_s                    # a fio that applies them
else:                               # fio 3.33 ignores them: as documented
    want = base
    opts = {"1": dict(size=1, bs=8192, loops=2, numjobs=2, directory=T + "/tb1"),
            "2": dict(size=3, bs=4096, loops=1, numjobs=3, directory=T + "/tb2")}[s]
    opts["size"] <<= 20
    for k, v in opts.items():
        joblist.setopt(want, "global", k, str(v))
d = joblist.diff(want, got)
assert d is None, d
PY
	done
fi

# the jobs of set 1 run: 1 MiB x 2 runs x 2 threads in each phase, 8k blocks
if run_ok "tiobench set 1 runs" "$PLIO" --profile=tiobench $TB1 --output-format=json; then
	cp "$T/out" "$T/tb1.json"
	pyq_py "tiobench set 1: four phases of 4 MiB each, one after another" "$T/tb1.json" <<'PY'
import json, sys
t = open(sys.argv[1]).read()
jobs = json.JSONDecoder().raw_decode(t, t.index("{"))[0]["jobs"]
assert [(j["jobname"], j["groupid"]) for j in jobs] == [
    ("seqwrite", 0), ("randwrite", 1), ("seqread", 2), ("randread", 3)], jobs
for j in jobs:
    d = "write" if "write" in j["jobname"] else "read"
    o = "read" if d == "write" else "write"
    assert j[d]["io_bytes"] == 4 << 20, (j["jobname"], j[d]["io_bytes"])
    assert j[d]["total_ios"] == 512, (j["jobname"], j[d]["total_ios"])
    assert j[o]["io_bytes"] == 0, (j["jobname"], o, j[o]["io_bytes"])
PY
	for i in 1 2 3 4; do
		[ "$(stat -c %s "$T/tb1/.fio.tio.$i")" = 262144 ] && pass ||
			fail "tiobench set 1: $T/tb1/.fio.tio.$i is $(stat -c %s "$T/tb1/.fio.tio.$i" 2>&1) bytes, expected 262144 (1 MiB over 4 files)"
	done
	# fio running the same job list moves the same bytes
	if [ -n "$FIO" ]; then
		sed "s|^plio |fio --output-format=json |; s|--directory=$T/tb1|--directory=$T/tbf|" \
			"$T/plio.tb1" >"$T/tbf.cmd"
		if sh "$T/tbf.cmd" >"$T/tbf.json" 2>"$T/tbf.err"; then
			pass
			pyq_py "tiobench set 1: fio running plio's list moves the same bytes" \
				"$T/tbf.json" "$T/tb1.json" <<'PY'
import json, sys
def load(p):
    t = open(p).read()
    return [(j["jobname"], j["groupid"], j["read"]["io_bytes"], j["write"]["io_bytes"],
             j["read"]["total_ios"], j["write"]["total_ios"])
            for j in json.JSONDecoder().raw_decode(t, t.index("{"))[0]["jobs"]]
f, p = load(sys.argv[1]), load(sys.argv[2])
assert f == p, (f, p)
PY
		else
			fail "tiobench: fio refused plio's job list: $(head -3 "$T/tbf.err")"
		fi
	fi
fi

# ------------------------------------------------------------------ act
# device-names: temp files; fio 3.33 takes test-duration's microseconds as
# seconds, so fio gets 1us where plio gets 1 (both: runtime=1s)
for d in d1 d2 d3 p1 p2; do
	: >"$T/$d"
done
for d in d1 d2 d3; do
	dd if=/dev/zero of="$T/$d" bs=1M count=4 status=none
done
for d in p1 p2; do
	dd if=/dev/zero bs=1M count=1 status=none | tr '\0' '\252' >"$T/$d"
done
# (relative names: fio 3.33 overflows a buffer on act job names longer than
# 32 characters)
ACT1="--device-names=d1,d2 --load=1 --threads-per-queue=2"
ACT2="--device-names=d3 --read-req-num-512-blocks=8 --large-block-op-kbytes=256k --threads-per-queue=3"
ACTP="--device-names=p1,p2 --prep"

# act_plio NAME ARGS...: plio's job list, and a run of it (normal output,
# then JSON) into $T/plio.NAME.run
act_plio() {
	_n=$1
	shift
	plio_list "$_n" --profile=act "$@"
	run_ok "act $_n runs" "$PLIO" --profile=act "$@" --output-format=normal,json \
		--output="$T/plio.$_n.run"
}
# act_fio NAME ARGS...: fio's run of the same (with --debug=parse), and
# the two job lists and job lines compared
act_fio() {
	_n=$1
	shift
	[ -n "$FIO" ] && [ -s "$T/plio.$_n" ] || return
	fio --debug=parse --profile=act "$@" >"$T/fio.$_n" 2>&1 ||
		fail "act $_n: fio failed: $(grep -v '^parse' "$T/fio.$_n" | head -3)"
	pyq_py "act $_n: plio's jobs are fio's" "$T/fio.$_n" "$T/plio.$_n" \
		"$T/plio.$_n.run" <<'PY'
import os, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import joblist
want, got = joblist.fio(sys.argv[1]), joblist.plio(sys.argv[2])
assert len(want) > 2, want
d = joblist.diff(want, got)
assert d is None, d
fh, ph = joblist.headers(sys.argv[1]), joblist.headers(sys.argv[3])
assert fh and fh == ph, (fh, ph)
PY
}

# shellcheck disable=SC2086
act_plio act1 $ACT1 --test-duration=1
# shellcheck disable=SC2086
act_plio act2 $ACT2 --test-duration=1
if [ -n "$AIO" ]; then
	# shellcheck disable=SC2086
	act_plio prep $ACTP && cp "$T/p1" "$T/p1.plio" && cp "$T/p2" "$T/p2.plio"
else
	skip_part "libaio is not available to plio and fio: act --prep not run"
fi

# what act1 and act2 moved: I/Os of the job list's sizes, near the rates it
# sets (act1: 2 devices x 2 readers x 1000/s, 2 writers x ceil(1000/85)/s;
# act2: 3 readers x 666/s, 1 writer x ceil(1000/64)/s), for one second
pyq_py "act: bytes and rates the job lists imply" "$T/plio.act1.run" \
	"$T/plio.act2.run" <<'PY'
import json, sys
for path, rios, wios, rbs, wbs in ((sys.argv[1], 4 * 1000, 2 * 12, 1536, 131072),
                                   (sys.argv[2], 3 * 666, 16, 4096, 262144)):
    t = open(path).read()
    jobs = json.JSONDecoder().raw_decode(t, t.index("{"))[0]["jobs"]
    assert len(jobs) == 1, f"{path}: group_reporting: {len(jobs)} entries"
    r, w = jobs[0]["read"], jobs[0]["write"]
    assert r["total_ios"] and r["io_bytes"] == r["total_ios"] * rbs, (path, r["io_bytes"], r["total_ios"])
    assert w["total_ios"] and w["io_bytes"] == w["total_ios"] * wbs, (path, w["io_bytes"], w["total_ios"])
    # rate-limited: never above the rate (a few I/Os of slack per worker),
    # and not far below it on a busy machine
    assert rios * 0.4 <= r["total_ios"] <= rios * 1.1 + 8, (path, "reads", r["total_ios"], rios)
    assert wios * 0.4 <= w["total_ios"] <= wios * 1.1 + 4, (path, "writes", w["total_ios"], wios)
PY
for d in d1 d2 d3; do
	[ "$(stat -c %s "$T/$d")" = 4194304 ] && pass ||
		fail "act: device $d is $(stat -c %s "$T/$d") bytes, expected 4194304 (I/O stays on the device)"
done
if [ -n "$AIO" ] && [ -s "$T/plio.prep.run" ]; then
	pyq_py "act --prep: zeroes then salt, each device whole" "$T/plio.prep.run" "$T/p1.plio" \
		"$T/p2.plio" <<'PY'
import json, sys
t = open(sys.argv[1]).read()
jobs = json.JSONDecoder().raw_decode(t, t.index("{"))[0]["jobs"]
got = [(j["groupid"], j["write"]["io_bytes"], j["write"]["total_ios"], j["read"]["io_bytes"]) for j in jobs]
# g0: zeroes p1 (1 MiB, one write); g1: salt p1 (256 x 4k) with zeroes p2;
# g2: salt p2
assert got == [(0, 1 << 20, 1, 0), (1, 2 << 20, 257, 0), (2, 1 << 20, 256, 0)], got
for p in sys.argv[2:]:
    data = open(p, "rb").read()
    assert len(data) == 1 << 20, (p, len(data))
    zero = sum(1 for i in range(0, len(data), 4096) if data[i:i + 4096] == bytes(4096))
    old = data.count(b"\xaa" * 4096)
    assert zero == 0 and old == 0, f"{p}: {zero} zero and {old} unwritten 4k blocks after the salt"
PY
fi

# fio's runs of the same lists (fio 3.33 reads test-duration's microseconds
# as seconds: 1us is its runtime=1s; its act report keeps and prints one
# slice per hour of that, so the default 24h means 24 million of them,
# minutes of CPU: --prep's jobs do not depend on it, but its report does)
# shellcheck disable=SC2086
act_fio act1 $ACT1 --test-duration=1us
# shellcheck disable=SC2086
act_fio act2 $ACT2 --test-duration=1us
# shellcheck disable=SC2086
[ -z "$AIO" ] || act_fio prep $ACTP --test-duration=1us

# ---------------------------------------- profile options in ordinary jobs
# fio's examples (waitfor.fio, steadystate.fio) set tiobench's threads=1 in
# [global]; fio 3.33 takes it and it does nothing
cat >"$T/waitfor.fio" <<EOF
[global]
threads=1
filename=$T/wf
filesize=1m
ioengine=psync

[writers]
rw=write
bs=128k
numjobs=2

[readers]
new_group
wait_for=writers
rw=randread
bs=4k
numjobs=2
EOF
warn_tb='^plio: warning: waitfor\.fio:2: threads: option threads belongs to profile tiobench and has no effect here$'
if [ -n "$FIO" ]; then
	fio --parse-only "$T/waitfor.fio" >"$T/out" 2>&1 && pass ||
		fail "fio refuses waitfor.fio: $(head -2 "$T/out")"
fi
if run_ok "waitfor.fio with threads=1 parses" "$PLIO" --parse-only waitfor.fio; then
	[ "$(wc -l <"$T/err")" = 1 ] && grep -Eq "$warn_tb" "$T/err" && pass ||
		fail "waitfor.fio --parse-only: expected one warning, got: $(cat "$T/err")"
fi
if run_ok "waitfor.fio with threads=1 runs" "$PLIO" --output-format=json waitfor.fio; then
	[ "$(wc -l <"$T/err")" = 1 ] && grep -Eq "$warn_tb" "$T/err" && pass ||
		fail "waitfor.fio: expected one warning, got: $(cat "$T/err")"
	pyq_py "threads=1 changes nothing: 2 writers and 2 readers of 1 MiB" "$T/out" <<'PY'
import json, sys
t = open(sys.argv[1]).read()
jobs = json.JSONDecoder().raw_decode(t, t.index("{"))[0]["jobs"]
got = sorted((j["jobname"], j["write"]["io_bytes"], j["read"]["io_bytes"], j["read"]["total_ios"]) for j in jobs)
assert got == [("readers", 0, 1 << 20, 256)] * 2 + [("writers", 1 << 20, 0, 0)] * 2, got
PY
fi
# on the command line: each warns once, and none changes the job (bs stays
# 4k, one worker)
if run_ok "profile options on the command line" "$PLIO" --name=x --ioengine=null --size=1m \
	--threads=4 --block=64k --load=5 --prep --output-format=json; then
	[ "$(wc -l <"$T/err")" = 4 ] &&
		grep -q "(argument 4): threads: option threads belongs to profile tiobench and has no effect here" "$T/err" &&
		grep -q "(argument 5): block: option block belongs to profile tiobench" "$T/err" &&
		grep -q "(argument 6): load: option load belongs to profile act" "$T/err" &&
		grep -q "(argument 7): prep: option prep belongs to profile act" "$T/err" && pass ||
		fail "command line: expected four warnings, got: $(cat "$T/err")"
	pyq_py "profile options change nothing: one job of 1 MiB in 4k reads" "$T/out" <<'PY'
import json, sys
t = open(sys.argv[1]).read()
jobs = json.JSONDecoder().raw_decode(t, t.index("{"))[0]["jobs"]
got = [(j["jobname"], j["read"]["io_bytes"], j["read"]["total_ios"]) for j in jobs]
assert got == [("x", 1 << 20, 256)], got
PY
fi
# the running profile's options in a job file: silent; another's: warns
cat >"$T/mixed.fio" <<EOF
[global]
threads=1
load=2
ioengine=null
size=1m

[x]
EOF
run_ok "tiobench's option beside --profile=tiobench" "$PLIO" --parse-only \
	--profile=tiobench --size=1 --dir="$T" mixed.fio &&
	[ "$(cat "$T/err")" = "plio: warning: mixed.fio:3: load: option load belongs to profile act and has no effect here" ] &&
	pass || fail "beside --profile=tiobench: expected only act's load to warn, got: $(cat "$T/err")"
run_fails "--warnings-fatal: a profile's option in a job" \
	'^plio: waitfor\.fio:2: threads: option threads belongs to profile tiobench and has no effect here \(--warnings-fatal\)$' \
	"$PLIO" --warnings-fatal --parse-only waitfor.fio
# what is nobody's option is refused as before, and a bad value as fio does
run_fails "a misspelt option on the command line" \
	"^plio: command line \(argument 2\): threadz: unknown option \(did you mean 'thread'\?\)$" \
	"$PLIO" --name=x --threadz=1 --ioengine=null --size=1m --parse-only
printf '[x]\nioengine=null\nsize=1m\nnumrun=2\n' >"$T/typo.fio"
run_fails "a misspelt option in a job file" "^plio: typo\.fio:4: numrun: unknown option" \
	"$PLIO" --parse-only typo.fio
run_fails "a bad value of a profile's option in a job" \
	"^plio: command line \(argument 3\): threads: 'abc' is not an integer" \
	"$PLIO" --name=x --ioengine=null --threads=abc --size=1m --parse-only

# ----------------------------------------------------------- refusals
# one line each, naming the argument (fio dies of SIGFPE on the last three)
one_line() {
	[ "$(wc -l <"$T/err")" = 1 ] && pass || fail "$1: more than one line: $(cat "$T/err")"
}
run_fails "tiobench threads=0" "^plio: command line \(argument 2\): threads: '0' is out of range \(1 to 4096\)$" \
	"$PLIO" --profile=tiobench --threads=0 && one_line "tiobench threads=0"
run_fails "tiobench block=abc" "^plio: command line \(argument 2\): block: 'abc' is not an integer" \
	"$PLIO" --profile=tiobench --block=abc && one_line "tiobench block=abc"
run_fails "act without device-names" "^plio: command line: --profile=act: act needs its I/O targets: --device-names=" \
	"$PLIO" --profile=act --load=2 && one_line "act without device-names"
run_fails "act with an empty device name" "^plio: command line \(argument 2\): device-names: '$T/d1,,$T/d2' has an empty device name$" \
	"$PLIO" --profile=act "--device-names=$T/d1,,$T/d2" && one_line "act empty device"
run_fails "act writes below one read" "^plio: command line \(argument 3\): large-block-op-kbytes: 128 bytes is less than one read" \
	"$PLIO" --profile=act "--device-names=$T/d1" --large-block-op-kbytes=128 && one_line "act write size"
run_fails "act threads-per-queue=0" "^plio: command line \(argument 3\): threads-per-queue: '0' is out of range" \
	"$PLIO" --profile=act "--device-names=$T/d1" --threads-per-queue=0 && one_line "act tpq=0"
run_fails "act read-req-num-512-blocks=0" "^plio: command line \(argument 3\): read-req-num-512-blocks: '0' is out of range" \
	"$PLIO" --profile=act "--device-names=$T/d1" --read-req-num-512-blocks=0

# ---------------------------------------------------------------- help
for p in tiobench act; do
	if run_ok "--profile=$p --cmdhelp" "$PLIO" --profile=$p --cmdhelp; then
		if [ -n "$FIO" ]; then
			fio --profile=$p --cmdhelp >"$T/fio.help" 2>&1
			cmp -s "$T/out" "$T/fio.help" && pass ||
				fail "--profile=$p --cmdhelp differs from fio's: $(diff "$T/fio.help" "$T/out" | head -5)"
		else
			[ "$(wc -l <"$T/out")" = "$([ $p = act ] && echo 7 || echo 5)" ] && pass ||
				fail "--profile=$p --cmdhelp: $(cat "$T/out")"
		fi
	fi
done
run_ok "--profile=act --cmdhelp=test-duration" "$PLIO" --profile=act --cmdhelp=test-duration &&
	grep -q "^       test-duration: How long the entire test takes to run$" "$T/out" &&
	grep -q "^             profile: act$" "$T/out" && grep -q "^             default: 24h$" "$T/out" &&
	pass || fail "--cmdhelp=test-duration: $(cat "$T/out")"
run_fails "--profile=tiobench --cmdhelp=bs" "^plio: command line \(argument 2\): --cmdhelp: profile tiobench has no option 'bs'" \
	"$PLIO" --profile=tiobench --cmdhelp=bs
run_ok "--enghelp=tiobench" "$PLIO" --enghelp=tiobench &&
	grep -Eq '^block +int +4096 +Block size in bytes' "$T/out" &&
	grep -Eq '^threads +int +1 +Number of Threads' "$T/out" && pass ||
	fail "--enghelp=tiobench: $(cat "$T/out")"

finish
