#!/bin/sh
# pmem_engine.sh - the libpmem engine moves every byte of the job, the data
# it writes lands in the file, and off persistent memory it says so once.
#
# Runs read, write, randread, randwrite and randrw with direct=0 and direct=1
# on tmpfs (/dev/shm) and on the disk's file system (/var/tmp), neither of
# which is persistent memory, so the engine takes its msync path.  Writes run
# with fsync=4 and end_fsync=1.  For every run: bytes moved == size, and
# stderr is exactly the one "not persistent memory" note.  For write and
# randwrite on a fresh (sparse) file: the file has its size, no 4 KiB block
# is still zero, and its contents equal those psync writes for the same job
# (same seed, same buffers).  Then the pmem path (PMEM_IS_PMEM_FORCE=1: the
# note must not appear, the data must still land), numjobs=2 (one note for
# the job), two jobs (one note each), and a file that cannot be mapped.
#
# Skips (77) only when plio was built without the pmem plugin.
. "$TOP_SRCDIR/tests/integration/lib.sh"

row=$("$PLIO" --enghelp 2>&1 | grep '^libpmem ')
case $row in
*"not built"*)
	skip_test "plio was built without the pmem plugin (libpmem): $row"
	;;
*" ok")
	;;
*)
	echo "FAIL: engine libpmem does not load: ${row:-not listed by --enghelp}" >&2
	exit 1
	;;
esac

SIZE=2097152	# 2 MiB: 512 blocks of 4 KiB (the checks hold for any size; msync makes each MiB cost)
BS=4096
NOTE='libpmem: .* is not persistent memory; using msync for persistence'

SHM=""
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	SHM=$(mktemp -d /dev/shm/plio-pmem.XXXXXX) || SHM=""
fi
DISK=$(mktemp -d /var/tmp/plio-pmem.XXXXXX) || DISK=""
trap 'rm -rf "$T" ${SHM:+"$SHM"} ${DISK:+"$DISK"}' EXIT INT TERM
[ -n "$SHM" ] || skip_part "/dev/shm is not usable: the tmpfs runs"
[ -n "$DISK" ] || skip_part "/var/tmp is not usable: the disk runs"

# json.py FILE MODE SIZE BS: the JSON report in FILE, one line per problem
# (exit 1 with any); blocks.py FILE SIZE BS: the file is SIZE bytes and
# none of its blocks is zero.  Both are queued (pyq) with the reports and
# files kept, and run in one Python start after each group of runs.
cat >"$T/json.py" <<'EOF'
import json, sys
path, mode, size, bs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
text = open(path).read()
job = json.loads(text[text.index("{"):])["jobs"][0]
r, w = job["read"]["io_bytes"], job["write"]["io_bytes"]
bad = []
if job.get("error", 0):
    bad.append(f"error {job['error']}")
if r + w != size:
    bad.append(f"moved {r} + {w} bytes, expected {size}")
if mode in ("read", "randread") and w:
    bad.append(f"a read job wrote {w} bytes")
if mode in ("write", "randwrite") and r:
    bad.append(f"a write job read {r} bytes")
if mode == "randrw" and not (r and w):
    bad.append(f"randrw moved {r} bytes read, {w} written: expected both")
if mode != "read" and mode != "randread":
    writes = job["write"]["total_ios"]
    syncs = job["sync"]["total_ios"]
    if syncs < writes // 4 - 1:
        bad.append(f"{syncs} fsyncs for {writes} writes with fsync=4")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
cat >"$T/blocks.py" <<'EOF'
import os, sys
path, size, bs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
bad = []
have = os.path.getsize(path)
if have != size:
    bad.append(f"{path} is {have} bytes, expected {size}")
zero = bytes(bs)
with open(path, "rb") as f:
    nz = sum(1 for b in iter(lambda: f.read(bs), b"") if b == zero)
if nz:
    bad.append(f"{nz} of {size // bs} blocks of {path} are still zero")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
n=0
# check_json DESC FILE MODE: queue json.py on a copy of FILE
check_json() {
	n=$((n + 1))
	cp "$2" "$T/out.$n"
	pyq "$1" "$T/json.py" "$T/out.$n" "$3" "$SIZE" "$BS"
}
# check_blocks DESC FILE: queue blocks.py on FILE (kept until checks)
check_blocks() {
	pyq "$1" "$T/blocks.py" "$2" "$SIZE" "$BS"
}
# checks DIR: run the queued checks, then remove the files in DIR
checks() {
	pyq_run
	rm -f "$1"/*
}

# check_note ERRFILE COUNT: stderr holds COUNT notes and nothing else
check_note() {
	n=$(grep -c -- "$NOTE" "$1")
	all=$(wc -l <"$1")
	if [ "$n" -ne "$2" ] || [ "$all" -ne "$2" ]; then
		echo "expected $2 'not persistent memory' note(s) and nothing else on stderr, got:"
		sed 's/^/    /' "$1"
	fi
}

# report DESC PROBLEMS: one pass or one fail
report() {
	if [ -n "$2" ]; then
		fail "$1: $2"
	else
		pass
	fi
}

# one_run DIR MODE DIRECT: one job, all its checks
one_run() {
	dir=$1
	mode=$2
	d=$3
	f="$dir/$mode.$d"
	desc="libpmem $mode direct=$d on $dir"
	extra=""
	case $mode in
	read | randread) ;;
	*) extra="--fsync=4 --end_fsync=1" ;;
	esac
	# scramble_buffers=0: the data must not hold the time of each write
	# (the psync twin below writes the same bytes)
	# shellcheck disable=SC2086
	run_ok "$desc" "$PLIO" --name=j --ioengine=libpmem --rw="$mode" --scramble_buffers=0 \
		--bs=$BS --size=$SIZE --direct="$d" --filename="$f" $extra \
		--output-format=json || return
	cp "$T/err" "$T/err.keep"
	check_json "$desc" "$T/out" "$mode"
	report "$desc: stderr" "$(check_note "$T/err.keep" 1)"
	case $mode in
	write | randwrite)
		check_blocks "$desc: data" "$f"
		# (no fsync: it changes nothing in the contents)
		run_ok "$desc: psync twin" "$PLIO" --name=j --ioengine=psync \
			--rw="$mode" --scramble_buffers=0 --bs=$BS --size=$SIZE --filename="$f.psync" \
			--output-format=json || return
		if cmp -s "$f" "$f.psync"; then
			pass
		else
			fail "$desc: the file differs from the one psync wrote for the same job"
		fi
		rm -f "$f.psync"
		;;
	esac
}

for dir in $SHM $DISK; do
	for d in 0 1; do
		for mode in read write randread randwrite randrw; do
			one_run "$dir" "$mode" "$d"
		done
	done
	checks "$dir"
done

# The persistent-memory path (flushes, non-temporal stores, pmem_drain),
# forced on tmpfs or disk: no note, and the data still lands.
dir=${SHM:-$DISK}
if [ -n "$dir" ]; then
	for d in 0 1; do
		f="$dir/forced.$d"
		desc="libpmem randwrite direct=$d with PMEM_IS_PMEM_FORCE=1"
		if run_ok "$desc" env PMEM_IS_PMEM_FORCE=1 "$PLIO" --name=j \
			--ioengine=libpmem --rw=randwrite --bs=$BS --size=$SIZE \
			--direct="$d" --filename="$f" --fsync=4 --end_fsync=1 \
			--output-format=json; then
			cp "$T/err" "$T/err.keep"
			check_json "$desc" "$T/out" randwrite
			report "$desc: stderr" "$(check_note "$T/err.keep" 0)"
			check_blocks "$desc: data" "$f"
		fi
	done
	checks "$dir"

	# numjobs=2 in threads and as processes: still one note for the job
	for th in 0 1; do
		desc="libpmem numjobs=2 thread=$th"
		if run_ok "$desc" "$PLIO" --name=j --ioengine=libpmem --rw=randread \
			--bs=$BS --size=$SIZE --numjobs=2 --thread="$th" \
			--filename="$dir/shared" --output-format=json; then
			cp "$T/err" "$T/err.keep"
			report "$desc" "$(check_note "$T/err.keep" 1)"
		fi
	done
	# two jobs: one note each
	desc="libpmem two jobs"
	if run_ok "$desc" "$PLIO" --ioengine=libpmem --rw=read --bs=$BS \
		--size=$SIZE --name=a --filename="$dir/a" \
		--name=b --filename="$dir/b" --output-format=json; then
		cp "$T/err" "$T/err.keep"
		report "$desc" "$(check_note "$T/err.keep" 2)"
	fi
	rm -f "$dir/shared" "$dir/a" "$dir/b"

	# trims punch holes through the mapping's file (once the core has rw=trim)
	if "$PLIO" --name=j --ioengine=libpmem --rw=trim --size=$SIZE \
		--filename="$dir/trim" --parse-only >/dev/null 2>&1; then
		run_ok "libpmem trim: write first" "$PLIO" --name=j --ioengine=libpmem \
			--rw=write --bs=$BS --size=$SIZE --filename="$dir/trim"
		run_ok "libpmem trim" "$PLIO" --name=j --ioengine=libpmem \
			--rw=trim --bs=$BS --size=$SIZE --filename="$dir/trim"
		left=$($PYTHON -c 'import sys; d = open(sys.argv[1], "rb").read(); print(len(d) - d.count(0))' "$dir/trim")
		if [ "$left" = 0 ]; then
			pass
		else
			fail "libpmem trim: $left bytes are not zero after trimming the whole file"
		fi
		rm -f "$dir/trim"
	fi

fi

# a file that cannot be mapped: a clear error naming it, no crash
if [ -c /dev/null ]; then
	run_fails "libpmem on /dev/null" "libpmem: cannot map '/dev/null'" \
		"$PLIO" --name=j --ioengine=libpmem --rw=read --bs=$BS --size=$SIZE \
		--filename=/dev/null
fi

finish
