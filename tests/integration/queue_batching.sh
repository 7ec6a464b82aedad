#!/bin/sh
# queue_batching: how the core hands queued I/O to an engine.  The
# record-async test engine logs every submission ("C n") and every reap
# ("P min max n"), so each option's effect on the queue is visible:
# iodepth_batch_submit, iodepth_batch_complete_min/max, iodepth_low; and
# fdatasync=N issues fdatasync ("D") after every N writes.
. "$TOP_SRCDIR/tests/integration/lib.sh"

# run NAME OPTIONS...: 64 random 4 KiB reads at iodepth 8, logged to $T/NAME
run() {
	name=$1
	shift
	run_ok "$name" "$PLIO" --plugin-dir "$TESTPLUGINS" --name=q \
		--ioengine=record-async --record_file="$T/$name" --rw=randread \
		--bs=4k --size=256k --iodepth=8 --filename="$T/f" "$@"
}

# expect NAME PYTHON-LIST: the log's C/P lines, as a list of tuples (the
# checks are queued: they run in one Python start at the end)
cat >"$T/expect.py" <<'PY'
import sys
got = []
reads = 0
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == "C":
        got.append(("C", int(f[1])))
    elif f[0] == "P":
        got.append(("P", int(f[1]), int(f[2]), int(f[3])))
    elif f[0] == "R":
        reads += 1
want = eval(sys.argv[2])
if reads != 64:
    sys.exit(f"{reads} reads, expected 64")
if got != want:
    print("got: ", got[:12], "...", file=sys.stderr)
    print("want:", want[:12], "...", file=sys.stderr)
    sys.exit(1)
PY
expect() {
	pyq "$1: queue pattern" "$T/expect.py" "$T/$1.0.0" "$2"
}

# default: every free unit is queued, then one reap submits them and waits
run default && expect default '[("C", 8), ("P", 1, 8, 8)] * 8'
# iodepth_batch_submit=2: submitted in twos while filling
run batch2 --iodepth_batch_submit=2 &&
	expect batch2 '([("C", 2)] * 4 + [("P", 1, 8, 8)]) * 8'
# fio's default behaviour on request: each I/O submitted alone
run batch1 --iodepth_batch=1 && expect batch1 '([("C", 1)] * 8 + [("P", 1, 8, 8)]) * 8'
# iodepth_batch_complete_max=4: at most four completions per reap
run cmax4 --iodepth_batch_complete_max=4 &&
	expect cmax4 '[("C", 8), ("P", 1, 4, 4)] + [("C", 4), ("P", 1, 4, 4)] * 14 + [("P", 4, 4, 4)]'
# iodepth_batch_complete_min=0: reap never waits for more than is done
run cmin0 --iodepth_batch_complete_min=0 && expect cmin0 '[("C", 8), ("P", 0, 8, 8)] * 8'
# iodepth_low=2: a full queue drains to 2 in flight before refilling
run low2 --iodepth_low=2 && expect low2 '[("C", 8), ("P", 6, 8, 8)] * 8'

# fdatasync=4: an fdatasync after every fourth write but the last
run_ok "fdatasync" "$PLIO" --plugin-dir "$TESTPLUGINS" --name=d --ioengine=record \
	--record_file="$T/ds" --rw=write --bs=4k --size=64k --fdatasync=4 \
	--filename="$T/d" && [ "$(cut -d' ' -f1 "$T/ds.0.0" | tr -d '\n')" = WWWWDWWWWDWWWWDWWWW ] ||
	fail "fdatasync pattern: $(cut -d' ' -f1 "$T/ds.0.0" | tr -d '\n')"
pyq_run
finish
