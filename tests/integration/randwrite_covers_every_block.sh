#!/bin/sh
# randwrite_covers_every_block: the foundation issue's acceptance command.
# psync randwrite 4k over 64 MiB writes exactly 64 MiB, each 4 KiB block
# once, and the JSON carries fio's keys.
. "$TOP_SRCDIR/tests/integration/lib.sh"

F="$T/F"
run_ok "psync randwrite 64m" "$PLIO" --name=t --ioengine=psync --rw=randwrite \
	--bs=4k --size=64m --filename="$F" --output-format=json || finish
# one Python start for the four values, a fail for each that is wrong
jexpect "report" "$T/out" 'jobs.0.write.io_bytes == 67108864' \
	'jobs.0.write.total_ios == 16384' 'jobs.0.read.io_bytes == 0' 'jobs.0.jobname == t'
[ "$(stat -c %s "$F")" -eq 67108864 ] || fail "file size $(stat -c %s "$F")"
$PYTHON - "$F" <<'PY' || fail "not every 4 KiB block was written"
import sys
zero = bytes(4096)
with open(sys.argv[1], "rb") as f:
    n = 0
    while True:
        b = f.read(4096)
        if not b:
            break
        if b == zero:
            sys.exit("block %d is all zero" % n)
        n += 1
sys.exit(0 if n == 16384 else "%d blocks" % n)
PY
pass

# the same job through the record engine: every block exactly once, in a
# random order, and the same order again with the same seed
rec() {
	"$PLIO" --plugin-dir "$TESTPLUGINS" --name=t --ioengine=record \
		--record_file="$T/$1" --rw=randwrite --bs=4k --size=64m \
		--filename="$F" --output-format=json "$2" >/dev/null
}
rec a --randseed=7 && rec b --randseed=7 && rec c --randseed=8 || fail "record runs"
$CHECK_JSON offsets "$T/a.0.0" 67108864 4096 perm || fail "offsets of run a"
cmp -s "$T/a.0.0" "$T/b.0.0" || fail "same seed gave another order"
cmp -s "$T/a.0.0" "$T/c.0.0" && fail "another seed gave the same order"
pass

# norandommap: the same amount of I/O, but blocks may repeat
"$PLIO" --plugin-dir "$TESTPLUGINS" --name=t --ioengine=record \
	--record_file="$T/n" --rw=randread --bs=4k --size=64m --norandommap \
	--filename="$F" >/dev/null || fail "norandommap run"
pyq_py "norandommap" "$T/n.0.0" <<'PY'
import sys
offs = [int(l.split()[1]) for l in open(sys.argv[1])]
assert len(offs) == 16384, len(offs)
assert len(set(offs)) < 16384, "no repeats in 16384 random picks"
assert all(o % 4096 == 0 and o < 67108864 for o in offs)
PY
pass
finish
