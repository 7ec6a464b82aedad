#!/bin/sh
# replay: read_iolog replays fio's version 2 and 3 I/O logs exactly.
#
# - a log plio records (write_iolog) replays with the same offsets,
#   lengths, directions and order, seen by the record test engine; so does
#   a log fio 3.33 records; and fio replays plio's log with the same
#   operations, seen by strace (both when installed);
# - the log's time stamps are kept (replay_time_scale scales them,
#   replay_no_stall drops them), version 2's waits are microseconds;
# - replay_scale, replay_align, replay_redirect, replay_skip, several
#   logs for numjobs clones, a log from standard input and from a FIFO;
# - the job's rw= and bs= do not matter: buffers fit the log's largest I/O,
#   files missing or too short are laid out to the log's farthest I/O;
# - what is wrong in a log is refused with its line.
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99

F=$T/f
R=$T/rec
have_fio=0
command -v fio >/dev/null 2>&1 && have_fio=1

# replay ARGS...: replay through the record engine; its ops in $R.0.0
replay() {
	rm -f "$R".*
	"$PLIO" --plugin-dir "$TESTPLUGINS" --name=r --ioengine=record --record_file="$R" \
		--output-format=json "$@" >"$T/out" 2>"$T/err"
}

# the I/O lines of a log as "D OFFSET LENGTH" (the record engine's words)
cat >"$T/ops.py" <<'PY'
import sys
A = {"read": "R", "write": "W", "trim": "T", "sync": "S", "datasync": "D"}
def log_ops(path, files=None):
    out = []
    for line in open(path):
        f = line.split()
        if len(f) >= 4 and f[-3] in A:
            sync = f[-3] in ("sync", "datasync")	# fio logs an offset there: no matter
            out.append((A[f[-3]], 0 if sync else int(f[-2]), 0 if sync else int(f[-1])))
    return out
def rec_ops(path):
    return [(d, 0, 0) if d in "SD" else (d, int(o), int(n))
            for d, o, n in (l.split() for l in open(path))]
PY
cat >"$T/same.py" <<'PY'
import sys
sys.path.insert(0, sys.argv[0].rsplit("/", 1)[0])
from ops import log_ops, rec_ops
want, got = log_ops(sys.argv[1]), rec_ops(sys.argv[2])
if want != got:
    diff = next(i for i in range(min(len(want), len(got)) + 1)
                if i >= len(want) or i >= len(got) or want[i] != got[i])
    sys.exit(f"{len(want)} logged, {len(got)} replayed; first difference at {diff}: "
             f"{want[diff:diff + 3]} vs {got[diff:diff + 3]}")
PY
same() {	# DESC LOG: the replay did exactly the log's I/O, in order
	cp "$2" "$T/same.$nsame.log" && cp "$R.0.0" "$T/same.$nsame.rec" &&
		pyq "$1" "$T/same.py" "$T/same.$nsame.log" "$T/same.$nsame.rec"
	nsame=$((nsame + 1))
}
nsame=0

# ------------------------------------------------- plio records, plio replays
run_ok "record a mixed random job" "$PLIO" --name=w --filename="$F" --rw=randrw \
	--bsrange=1k-64k --size=4m --number_ios=3000 --fsync=7 --fdatasync=11 \
	--write_iolog="$T/plio.log" --output-format=json
replay --read_iolog="$T/plio.log" --replay_no_stall=1 --rw=read --bs=4k &&
	pass || fail "replay of plio's log: $(cat "$T/err")"
same "plio's log replayed: same I/O, same order" "$T/plio.log"
jexpect "replay of plio's log: no error" "$T/out" 'jobs.0.error == 0'

# a replay records itself (fio refuses that; plio can): the same log back
rm -f "$T/again.log"
run_ok "replay with write_iolog" "$PLIO" --name=r --read_iolog="$T/plio.log" \
	--replay_no_stall=1 --write_iolog="$T/again.log" --output-format=json &&
	pyq_py "a replay's own log is the log it replayed" "$T/plio.log" "$T/again.log" <<'PY'
import sys
sys.path.insert(0, sys.argv[0].rsplit("/", 1)[0])
from ops import log_ops
assert log_ops(sys.argv[1]) == log_ops(sys.argv[2])
PY

# ------------------------------------------------------------ fio and plio
if [ $have_fio = 1 ]; then
	rm -f "$T/fio.log"
	fio --name=w --filename="$F" --rw=randrw --bsrange=1k-64k --size=4m --number_ios=2000 \
		--fsync=5 --ioengine=psync --write_iolog="$T/fio.log" --output=/dev/null \
		>/dev/null 2>&1 && pass || fail "fio recording"
	replay --read_iolog="$T/fio.log" --replay_no_stall=1 && pass ||
		fail "replay of fio's log: $(cat "$T/err")"
	same "fio's log replayed by plio: same I/O, same order" "$T/fio.log"
	if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true >/dev/null 2>&1; then
		strace -f -e trace=pread64,pwrite64,fsync,fdatasync -o "$T/st" fio --name=r \
			--read_iolog="$T/plio.log" --replay_no_stall=1 --ioengine=psync \
			--output=/dev/null >/dev/null 2>&1
		pyq_py "plio's log replayed by fio: the same calls on the file" "$T/st" "$T/plio.log" <<'PY'
import re, sys
sys.path.insert(0, sys.argv[0].rsplit("/", 1)[0])
from ops import log_ops
calls, fd = [], None
for line in open(sys.argv[1]):
    m = re.search(r"(pread64|pwrite64)\((\d+), .*, (\d+), (\d+)\) = ", line)
    if m and int(m.group(3)) > 1000 and int(m.group(2)) > 2:
        calls.append(("R" if m.group(1) == "pread64" else "W", int(m.group(4)), int(m.group(3))))
want = [(d, o, n) for d, o, n in log_ops(sys.argv[2]) if d in "RW"]
assert calls[-len(want):] == want, (len(calls), len(want))
PY
	else
		skip_part "strace is not installed: fio's replay of plio's log not traced"
	fi
else
	skip_part "fio is not installed: no log exchanged with fio"
fi

# ---------------------------------------------------------------- timing
printf 'fio version 3 iolog\n0 %s add\n0 %s open\n100 %s read 0 4096\n300000 %s read 4096 4096\n600000 %s write 8192 4096\n600100 %s close\n' \
	"$F" "$F" "$F" "$F" "$F" "$F" >"$T/t3.log"
timed() {	# DESC LOW_MS HIGH_MS ARGS...
	desc=$1 lo=$2 hi=$3
	shift 3
	run_ok "$desc" "$PLIO" --name=t --read_iolog="$T/t3.log" --output-format=json "$@" &&
		jexpect "$desc: run time $lo-$hi ms" "$T/out" "jobs.0.job_runtime >= $lo" \
			"jobs.0.job_runtime <= $hi"
}
timed "the log's times kept" 590 900
timed "replay_time_scale=200: twice as fast" 290 550 --replay_time_scale=200
timed "replay_time_scale=50: half as fast" 1190 1600 --replay_time_scale=50
timed "replay_no_stall: as fast as it goes" 0 200 --replay_no_stall=1
# version 2: wait lines are microseconds since the last wait, under 100 dropped
printf 'fio version 2 iolog\n%s add\n%s open\n%s read 0 4096\n%s wait 250000 0\n%s wait 50 0\n%s read 4096 4096\n%s wait 250000 0\n%s write 0 512\n%s sync 0 0\n%s close\n' \
	"$F" "$F" "$F" "$F" "$F" "$F" "$F" "$F" "$F" "$F" >"$T/t2.log"
run_ok "version 2 log" "$PLIO" --name=t --read_iolog="$T/t2.log" --output-format=json &&
	jexpect "version 2: waits kept (500 ms), I/O as logged" "$T/out" \
		"jobs.0.job_runtime >= 490" "jobs.0.job_runtime < 800" "jobs.0.read.io_bytes == 8192" \
		"jobs.0.write.io_bytes == 512" "jobs.0.sync.total_ios == 1"

# -------------------------------------------------- the replay_* options
printf 'fio version 2 iolog\n%s add\n%s read 12345 4096\n%s read 1000000 4096\n%s write 7777777 8192\n' \
	"$F" "$F" "$F" "$F" >"$T/sc.log"
replay --read_iolog="$T/sc.log" --replay_scale=2 --replay_align=4096 &&
	[ "$(tr '\n' ' ' <"$R.0.0")" = "R 4096 4096 R 499712 4096 W 3887104 8192 " ] && pass ||
	fail "replay_scale=2 replay_align=4096: $(tr '\n' ' ' <"$R.0.0" 2>/dev/null) $(cat "$T/err")"
replay --read_iolog="$T/sc.log" --replay_skip=read &&
	[ "$(tr '\n' ' ' <"$R.0.0")" = "W 7777777 8192 " ] && pass ||
	fail "replay_skip=read: $(tr '\n' ' ' <"$R.0.0" 2>/dev/null)"
rm -f "$T/redir"
replay --read_iolog="$T/plio.log" --replay_redirect="$T/redir" --replay_no_stall=1 &&
	[ -f "$T/redir" ] && [ "$(stat -c %s "$T/redir")" -ge 4000000 ] && pass ||
	fail "replay_redirect: $(cat "$T/err")"
same "replay_redirect: every I/O onto the one file" "$T/plio.log"

# several logs: clone c replays log c
printf 'fio version 2 iolog\n%s add\n%s read 0 4096\n' "$F" "$F" >"$T/a.log"
printf 'fio version 2 iolog\n%s add\n%s read 8192 512\n%s read 0 512\n' "$F" "$F" "$F" >"$T/b.log"
replay --read_iolog="$T/a.log:$T/b.log" --numjobs=2 &&
	[ "$(tr '\n' ' ' <"$R.0.0")" = "R 0 4096 " ] &&
	[ "$(tr '\n' ' ' <"$R.0.1")" = "R 8192 512 R 0 512 " ] && pass ||
	fail "two logs, two clones: $(cat "$R".0.* 2>/dev/null | tr '\n' ' ')"
# standard input and a FIFO, each read once
replay --read_iolog=- --replay_no_stall=1 <"$T/plio.log" && pass ||
	fail "read_iolog=-: $(cat "$T/err")"
same "read_iolog=- (standard input)" "$T/plio.log"
rm -f "$T/fifo"
if mkfifo "$T/fifo"; then
	cat "$T/plio.log" >"$T/fifo" &
	replay --read_iolog="$T/fifo" --replay_no_stall=1 && pass ||
		fail "read_iolog from a FIFO: $(cat "$T/err")"
	wait
	same "read_iolog from a FIFO" "$T/plio.log"
fi

# the log decides the sizes: a 1 MiB I/O with bs=4k, onto a missing file
rm -f "$T/big"
printf 'fio version 2 iolog\n%s add\n%s write 0 1048576\n%s read 4096 1048576\n' \
	"$T/big" "$T/big" "$T/big" >"$T/big.log"
run_ok "1 MiB logged I/O with bs=4k" "$PLIO" --name=b --read_iolog="$T/big.log" --bs=4k \
	--output-format=json &&
	jexpect "1 MiB I/O replayed whole" "$T/out" "jobs.0.read.io_bytes == 1048576" \
		"jobs.0.write.io_bytes == 1048576" "jobs.0.read.total_ios == 1" &&
	[ "$(stat -c %s "$T/big")" = 1052672 ] && pass ||
	fail "the missing file was not laid out to the log's farthest I/O"

# --------------------------------------------------------------- refusals
bad() {	# DESC PATTERN LOG-TEXT
	printf "$3" >"$T/bad.log"
	run_fails "$1" "$2" "$PLIO" --name=r --read_iolog="$T/bad.log"
}
bad "not a log" "read_iolog '.*bad.log': not a fio I/O log" 'garbage\n'
bad "a file never added" "line 3: file '/x/b' was never added" \
	'fio version 3 iolog\n0 /x/a add\n5 /x/b read 0 4096\n'
bad "an unknown action" "line 3: 'frob' is not an action" \
	'fio version 3 iolog\n0 /x/a add\n5 /x/a frob 0 4096\n'
bad "a time that is not a number" "line 3: 'x5' is not a time" \
	'fio version 3 iolog\n0 /x/a add\nx5 /x/a read 0 4096\n'
bad "wait in version 3" "line 3: 'wait' is version 2's" \
	'fio version 3 iolog\n0 /x/a add\n5 /x/a wait 100 0\n'
bad "no I/O" "no I/O to replay" 'fio version 3 iolog\n0 /x/a add\n'
bad "blktrace" "a blktrace file: plio replays fio's version 2 and 3 I/O logs, not blktrace" \
	'\007tae\001\002\003\004'
bad "empty" "empty: not a fio I/O log" ''
run_fails "missing log" "read_iolog '$T/none.log': cannot open: No such file or directory" \
	"$PLIO" --name=r --read_iolog="$T/none.log"
run_fails "replay_align not a power of 2" "replay_align: 3000 is not a power of 2" \
	"$PLIO" --name=r --read_iolog="$T/a.log" --replay_align=3000
run_fails "--readonly and a log that writes" "read_iolog: job 'r' replays '.*plio.log', which writes, and --readonly refuses writes and trims" \
	"$PLIO" --readonly --name=r --read_iolog="$T/plio.log"
run_ok "--readonly and a log that only reads" "$PLIO" --readonly --name=r \
	--read_iolog="$T/a.log" --output-format=json
run_fails "replay with verify" "read_iolog: a replay cannot be verified" \
	"$PLIO" --name=r --read_iolog="$T/a.log" --verify=crc32c
run_fails "replay_skip bogus" "replay_skip: 'reads' is not read, write, trim or sync" \
	"$PLIO" --name=r --read_iolog="$T/a.log" --replay_skip=reads

finish
