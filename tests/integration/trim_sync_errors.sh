#!/bin/sh
# trim_sync_errors: the trim modes (trim, randtrim, trimwrite,
# randtrimwrite) really trim, on ext4 and tmpfs, and report in the trim
# direction; fsync/fdatasync/end_fsync sync when fio does (loops and mixed
# jobs included); sync_file_range syncs what was written every N writes;
# serialize_overlap keeps overlapping I/Os apart; write_barrier and
# io_submit_mode=inline run; continue_on_error and ignore_error go on after
# the errors fio goes on after (and only those); error_dump prints them.
. "$TOP_SRCDIR/tests/integration/lib.sh"

J="$CHECK_JSON"

# --- trims punch holes: the data reads back as zeros, the size stays
for dir in "$T" /dev/shm; do
	[ -d "$dir" ] && [ -w "$dir" ] || { skip_part "$dir is not usable: the trims there"; continue; }
	f=$(mktemp "$dir/plio-trim.XXXXXX") || continue
	# 1 MiB of 0xa5 bytes
	head -c 1048576 /dev/zero | tr '\000' '\245' >"$f"
	for rw in trim randtrim; do
		head -c 1048576 /dev/zero | tr '\000' '\245' >"$f"
		run_ok "$rw on $dir" "$PLIO" --name=t --ioengine=psync --rw=$rw --bs=64k \
			--size=1m --filename="$f" --output-format=json || continue
		$J eq "$T/out" jobs.0.trim.io_bytes 1048576 jobs.0.trim.total_ios 16 \
			jobs.0.write.io_bytes 0 jobs.0.read.io_bytes 0 || fail "$rw on $dir: JSON"
		# 1 MiB, all of it zeros
		[ "$(stat -c %s "$f")" -eq 1048576 ] && cmp -s -n 1048576 "$f" /dev/zero ||
			fail "$rw on $dir: data left after the trim"
	done
	# trimwrite: every block trimmed, then written: data again, no zeros
	run_ok "trimwrite on $dir" "$PLIO" --name=t --ioengine=psync --rw=trimwrite \
		--bs=64k --size=1m --filename="$f" --output-format=json &&
		$J eq "$T/out" jobs.0.trim.io_bytes 1048576 jobs.0.write.io_bytes 1048576 ||
		fail "trimwrite on $dir: JSON"
	pyq_py "trimwrite on $dir: a trimmed block was not written" "$f" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
z = bytes(65536)
sys.exit(1 if any(d[i:i + 65536] == z for i in range(0, len(d), 65536)) else 0)
PY
	rm -f "$f"
done

# --- which blocks, in which order (record engine)
rec() {
	desc=$1
	shift
	rm -f "$T/log".*
	run_ok "$desc" "$PLIO" --plugin-dir "$TESTPLUGINS" --name=t \
		--ioengine=record --record_file="$T/log" --filename="$T/r" \
		--output-format=json "$@"
}
ops() {
	awk '{printf "%s%s@%s ", $1, $3, $2}' "$T/log.0.0"
}
rec "trim seq" --rw=trim --bs=8k --size=64k &&
	[ "$(ops)" = "T8192@0 T8192@8192 T8192@16384 T8192@24576 T8192@32768 T8192@40960 T8192@49152 T8192@57344 " ] &&
	pass || fail "trim offsets: $(ops)"
# trimwrite: each trimmed block is written next (fio: T W T W ...)
rec "trimwrite seq" --rw=trimwrite --bs=16k --size=64k &&
	[ "$(ops)" = "T16384@0 W16384@0 T16384@16384 W16384@16384 T16384@32768 W16384@32768 T16384@49152 W16384@49152 " ] &&
	pass || fail "trimwrite offsets: $(ops)"
rec "randtrimwrite" --rw=randtrimwrite --bs=4k --size=256k &&
	pyq_py "randtrimwrite pairs" "$T/log.0.0" <<'PY'
import sys
ops = [l.split() for l in open(sys.argv[1])]
assert len(ops) == 128, len(ops)
for t, w in zip(ops[::2], ops[1::2]):
    assert t[0] == "T" and w[0] == "W" and t[1:] == w[1:], (t, w)
offs = [int(t[1]) for t in ops[::2]]
assert sorted(offs) == list(range(0, 262144, 4096)) and offs != sorted(offs)
PY
# the trim size is bs's third value, or its last one given
rec "trim bs" --rw=randtrim --bs=4k,8k --size=64k &&
	[ "$(awk '{print $3}' "$T/log.0.0" | sort -u)" = 8192 ] && pass || fail "trim bs: $(ops)"
rec "trim:16k" --rw=trim:16k --bs=4k --size=64k &&
	[ "$(ops)" = "T4096@0 T4096@20480 T4096@40960 T4096@61440 " ] && pass ||
	fail "trim:16k: $(ops)"
# the null engine moves no data and completes trims too
run_ok "null randtrim" "$PLIO" --name=t --ioengine=null --rw=randtrim --size=1m \
	--output-format=json && $J eq "$T/out" jobs.0.trim.total_ios 256 || fail "null randtrim"
run_fails "readonly refuses trims" "--readonly refuses writes and trims" \
	"$PLIO" --readonly --name=t --ioengine=null --rw=randtrim --size=1m

# --- sync_file_range=FLAGS:N: every N writes, not after the last one;
# timed like syncs, not counted in total_ios (fio: 3 of them for 16 writes)
run_ok "sync_file_range" "$PLIO" --name=t --ioengine=psync --rw=write --size=64k \
	--filename="$T/s" --sync_file_range=wait_before,write,wait_after:4 --output-format=json &&
	$J eq "$T/out" jobs.0.sync.lat_ns.N 3 jobs.0.sync.total_ios 0 \
		jobs.0.write.io_bytes 65536 || fail "sync_file_range counts"
if command -v strace >/dev/null 2>&1; then
	rm -f "$T/s"
	strace -f -e trace=sync_file_range -o "$T/trace" "$PLIO" --name=t --ioengine=psync \
		--rw=write --size=32k --filename="$T/s" --sync_file_range=write:2 >/dev/null 2>&1
	# the range written since the last one
	n=$(grep -c 'sync_file_range([0-9]*, [0-9]*, 8192, SYNC_FILE_RANGE_WRITE)' "$T/trace")
	[ "$n" -eq 3 ] && pass || fail "sync_file_range calls: $(grep sync_file "$T/trace")"
else
	skip_part "strace is not installed: the sync_file_range calls"
fi

# --- fsync=N, fdatasync=N: fio's rule, a sync whenever the writes so far
# are a multiple of N and the last thing issued was no sync; none once the
# job has moved its size.  So a new loop starts with one more, and a mixed
# job syncs again after each read until the next write.
seq_of() {
	awk '{printf "%s", $1}' "$T/log.0.0"
}
rec "fsync=2 loops=2" --rw=write --bs=4k --size=16k --fsync=2 --loops=2 &&
	[ "$(seq_of)" = "WWSWWSSWWSWW" ] && $J eq "$T/out" jobs.0.sync.total_ios 4 &&
	pass || fail "fsync=2 loops=2: $(seq_of)"
rec "fdatasync=2 io_size" --rw=write --bs=4k --size=16k --io_size=32k --fdatasync=2 &&
	[ "$(seq_of)" = "WWDWWDDWWDWW" ] && $J eq "$T/out" jobs.0.sync.total_ios 0 &&
	pass || fail "fdatasync=2 io_size=2*size: $(seq_of)"
rec "fsync=1 mixed" --rw=rw --bs=4k --size=64k --fsync=1 --randseed=9 &&
	seq_of >"$T/seq1" &&
	pyq_py "fsync=1 rw: $(seq_of)" "$T/seq1" <<'PY'
import sys
s = open(sys.argv[1]).read()
first = s.index("W")
io = s.replace("S", "")
# before the first write no sync; from it on, one after every I/O but the last
assert "S" not in s[:first] and s[first:] == "S".join(s[first:].replace("S", "")), s
assert len(io) == 16 and "R" in io[first:], s
PY
# end_fsync: every file at the end of every loop (fio), not counted
rec "end_fsync" --rw=write --bs=4k --size=8k --loops=2 --end_fsync=1 &&
	[ "$(seq_of)" = "WWSWWS" ] && $J eq "$T/out" jobs.0.sync.total_ios 0 &&
	pass || fail "end_fsync loops=2: $(seq_of)"

# --- serialize_overlap: no two overlapping I/Os in flight when one writes
# (record-async logs queue order; reaps hand back the oldest first)
overlaps() {
	$PYTHON - "$T/log.0.0" <<'PY'
import sys
inflight, bad = [], 0
for l in open(sys.argv[1]):
    f = l.split()
    if f[0] == "P":
        del inflight[:int(f[3])]
    elif f[0] in "RWT":
        d, o, n = f[0], int(f[1]), int(f[2])
        for d2, o2, n2 in inflight:
            if o < o2 + n2 and o2 < o + n and "W" in (d, d2):
                bad += 1
        inflight.append((d, o, n))
print(bad)
PY
}
rec "overlap allowed" --ioengine=record-async --rw=randrw --norandommap --bs=4k \
	--size=32k --iodepth=16 --io_size=4m && n=$(overlaps) && [ "$n" -gt 0 ] &&
	pass || fail "the overlap test sees no overlap without serialize_overlap"
rec "serialize_overlap" --ioengine=record-async --rw=randrw --norandommap --bs=4k \
	--size=32k --iodepth=16 --io_size=4m --serialize_overlap=1 &&
	n=$(overlaps) && [ "$n" -eq 0 ] && pass || fail "serialize_overlap: $n overlaps in flight"
jset "$T/out" ios=jobs.0.read.total_ios b=jobs.0.read.io_bytes &&
	[ "$b" -eq $((ios * 4096)) ] || fail "serialize_overlap: ${b:-} bytes in ${ios:-} reads of 4 KiB"

# --- write_barrier (no engine plio has acts on it, as in fio) and
# io_submit_mode=inline run; offload with an engine that reaps its own is refused
run_ok "write_barrier" "$PLIO" --name=t --ioengine=null --rw=write --size=64k \
	--write_barrier=2 --io_submit_mode=inline --output-format=json &&
	$J eq "$T/out" jobs.0.write.io_bytes 65536 || fail "write_barrier bytes"
grep -Eq "^plio: warning: command line \(argument 5\): write_barrier: no plio engine issues barrier writes" "$T/err" &&
	pass || fail "write_barrier: no warning: $(cat "$T/err")"
run_fails "write_barrier, --warnings-fatal" "write_barrier: .*\(--warnings-fatal\)$" \
	"$PLIO" --warnings-fatal --name=t --ioengine=null --size=64k --write_barrier=2
run_fails "offload with an engine that reaps its own" "io_submit_mode: offload hands each I/O to a submitter thread, for engines that complete it there .*; engine null queues and reaps its own" \
	"$PLIO" --name=t --ioengine=null --size=64k --io_submit_mode=offload

# --- errors: /dev/full fails every write with ENOSPC
if [ -w /dev/full ]; then
	full() {
		"$PLIO" --name=t --ioengine=psync --rw=write --bs=4k --size=16k \
			--filename=/dev/full --output-format=json "$@"
	}
	# ENOSPC is not one of fio's non-fatal errors (EIO, EILSEQ)
	run_fails "continue_on_error=write, ENOSPC" \
		"^plio: job 't': file '/dev/full': write of 4096 bytes at offset 0 failed: No space left on device$" \
		full --continue_on_error=write
	# the write that stopped the job counts, with no bytes (fio)
	$J eq "$T/out" jobs.0.write.total_ios 1 jobs.0.write.io_bytes 0 jobs.0.error 28 &&
		pass || fail "stopping error: counts"
	run_ok "ignore_error=,ENOSPC" full --continue_on_error=write --ignore_error=,ENOSPC &&
		$J eq "$T/out" jobs.0.write.total_ios 4 jobs.0.write.io_bytes 0 ||
		fail "ignore_error: counts"
	[ -s "$T/err" ] && fail "ignore_error printed: $(cat "$T/err")" || pass
	# a list alone is enough, by name or number
	run_ok "ignore_error alone" full --ignore_error=,28
	# the read list does not cover writes
	run_fails "ignore_error read list" "write of 4096 bytes at offset 0 failed" \
		full --continue_on_error=1 --ignore_error=ENOSPC
	run_ok "error_dump" full --continue_on_error=all --ignore_error=,ENOSPC:EIO --error_dump=1 &&
		[ "$(grep -c "^plio: job 't': file '/dev/full': write of 4096 bytes at offset [0-9]* failed: No space left on device$" "$T/err")" -eq 4 ] &&
		pass || fail "error_dump: $(cat "$T/err")"
else
	skip_part "/dev/full is not writable: the error cases on it"
fi
run_fails "ignore_error name" "ignore_error: 'EBOGUS' is not an error name" \
	"$PLIO" --name=t --ioengine=null --size=64k --ignore_error=,EIO:EBOGUS
run_fails "ignore_error lists" "ignore_error: .* has more than three lists" \
	"$PLIO" --name=t --ioengine=null --size=64k --ignore_error=EIO,EIO,EIO,EIO

finish
