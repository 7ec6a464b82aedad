#!/bin/sh
# posixaio_splice: the posixaio and splice engines (plugins of their own)
# move the right bytes and make fio's system calls, seen from outside.
#   - bytes: a write job's file verifies through psync (crc32c) and holds
#     exactly the offset pattern asked for (verify_pattern=%o, computed
#     here); the engine's own reads verify psync's file, and a byte changed
#     on disk fails them (EILSEQ); splice's blocks larger than its pipe go
#     in pieces and still verify
#   - system calls (strace -f): posixaio does one pread64/pwrite64 per I/O,
#     on the C library's helper threads, never io_submit; fsync=N and
#     fdatasync=N become that many fsync/fdatasync, fsync_on_close one more;
#     splice does one splice and one vmsplice per 4 KiB read or write, no
#     pread/pwrite; the engine counters agree with strace
#   - depth: posixaio at iodepth 8 keeps 8 requests queued (JSON depth
#     distribution), and over 4 files several preads run at once (their
#     strace intervals overlap)
#   - refusals: trims (fio's fail too), and an I/O error is one line
#   - fio 3.33: the same files from the same jobs; fio verifies plio's data;
#     the same pread64 count for posixaio, splice/vmsplice counts for splice
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99

if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true >/dev/null 2>&1; then
	STRACE=strace
	# LeakSanitizer cannot run under ptrace: sanitizer builds trace without it
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	export ASAN_OPTIONS
else
	STRACE=
	skip_part "strace is not installed or cannot trace here: system calls not counted"
fi
if command -v fio >/dev/null 2>&1; then FIO=fio; else
	FIO=
	skip_part "fio is not installed: not compared with fio"
fi

# --------------------------------------------------------------- the bytes
for e in posixaio splice; do
	F=$T/v.$e
	run_ok "$e: randwrite with verify=crc32c" "$PLIO" --name=w --ioengine=$e --filename="$F" \
		--size=1m --bs=4k --rw=randwrite --iodepth=8 --verify=crc32c --output-format=json &&
		jexpect "$e: written, then read back and verified through $e" "$T/out" \
			"jobs.0.error == 0" "jobs.0.write.io_bytes == 1048576" "jobs.0.read.io_bytes == 1048576"
	run_ok "$e: psync verifies what $e wrote" "$PLIO" --name=r --ioengine=psync --filename="$F" \
		--size=1m --bs=4k --rw=read --verify=crc32c --output-format=json &&
		jexpect "$e: psync read-back" "$T/out" "jobs.0.error == 0" "jobs.0.read.io_bytes == 1048576"
	if [ -n "$FIO" ]; then
		fio --name=r --ioengine=$e --filename="$F" --size=1m --bs=4k --rw=randread --iodepth=4 \
			--verify=crc32c --output-format=json >"$T/fio.json" 2>"$T/fio.err" &&
			jexpect "$e: fio's $e verifies what plio's wrote" "$T/fio.json" "jobs.0.error == 0" \
				"jobs.0.read.io_bytes == 1048576" ||
			fail "$e: fio could not verify plio's file: $(head -c 300 "$T/fio.err")"
	fi

	# the engine's reads verify a file another engine wrote
	rm -f "$T/p.$e"
	run_ok "$e: psync writes a verify file" "$PLIO" --name=w --ioengine=psync --filename="$T/p.$e" \
		--size=1m --bs=16k --rw=randwrite --verify=md5 --do_verify=0 --output=/dev/null &&
		run_ok "$e: reads verify psync's file" "$PLIO" --name=r --ioengine=$e --filename="$T/p.$e" \
			--size=1m --bs=16k --rw=randread --iodepth=4 --verify=md5 --output-format=json &&
		jexpect "$e: verified reads" "$T/out" "jobs.0.error == 0" "jobs.0.read.io_bytes == 1048576"

	# each block holds its own offset: the file is known byte for byte
	P=$T/pat.$e
	rm -f "$P"
	run_ok "$e: randwrite of verify_pattern=%o" "$PLIO" --name=w --ioengine=$e --filename="$P" \
		--size=256k --bs=4k --rw=randwrite --iodepth=4 --verify=pattern --verify_pattern=%o \
		--do_verify=0 --output-format=json &&
		pyq_py "$e: the file holds each block's offset, 8 bytes little-endian, over and over" "$P" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
assert len(d) == 262144, len(d)
bad = [o for o in range(0, len(d), 4096) if d[o:o + 4096] != struct.pack("<Q", o) * 512]
assert not bad, "blocks not as written: %s" % bad[:8]
PY
	run_ok "$e: reads verify the pattern" "$PLIO" --name=r --ioengine=$e --filename="$P" \
		--size=256k --bs=4k --rw=randread --iodepth=4 --verify=pattern --verify_pattern=%o \
		--output-format=json &&
		jexpect "$e: pattern verified" "$T/out" "jobs.0.error == 0" "jobs.0.read.io_bytes == 262144"
	if [ -n "$FIO" ]; then
		rm -f "$P.fio"
		fio --name=w --ioengine=$e --filename="$P.fio" --size=256k --bs=4k --rw=randwrite \
			--iodepth=4 --verify=pattern --verify_pattern=%o --do_verify=0 \
			--output=/dev/null >/dev/null 2>&1
		cmp -s "$P" "$P.fio" && pass || fail "$e: fio's file differs from plio's for the same job"
	fi
	# a byte changed on disk: the engine's reads see it
	printf 'X' | dd of="$P" bs=1 seek=$((8192 + 100)) conv=notrunc status=none
	"$PLIO" --name=r --ioengine=$e --filename="$P" --size=256k --bs=4k --rw=read \
		--verify=pattern --verify_pattern=%o --output-format=json >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && grep -q "8192" "$T/err" && pass ||
		fail "$e: a changed byte at 8292 was not reported (exit $rc): $(head -c 300 "$T/err")"
	jexpect "$e: the changed byte fails the job with EILSEQ" "$T/out" "jobs.0.error == 84"
done

# splice: blocks larger than any pipe plio makes (1 MiB) go in pieces
rm -f "$T/big"
run_ok "splice: 2 MiB blocks with verify" "$PLIO" --name=w --ioengine=splice --filename="$T/big" \
	--size=8m --bs=2m --rw=write --verify=crc32c --output-format=json &&
	jexpect "splice: 2 MiB blocks, at least 2 splices and vmsplices each" "$T/out" "jobs.0.error == 0" \
		"jobs.0.write.io_bytes == 8388608" "jobs.0.read.io_bytes == 8388608" \
		"jobs.0.engine_counters.splice_calls >= 16" "jobs.0.engine_counters.vmsplice_calls >= 16" \
		"jobs.0.engine_counters.pipe_resets == 0"
# buffers off page boundaries: a 64 KiB block spans 17 pages of a 16-page
# pipe, so each write goes in two pieces
rm -f "$T/al"
run_ok "splice: buffers aligned to 512 only" "$PLIO" --name=w --ioengine=splice --filename="$T/al" \
	--size=1m --bs=64k --iomem_align=512 --rw=randwrite --verify=crc32c --output-format=json &&
	jexpect "splice: unaligned buffers verify" "$T/out" "jobs.0.error == 0" \
		"jobs.0.read.io_bytes == 1048576" "jobs.0.engine_counters.vmsplice_calls > 32"

# ------------------------------------------------------------ system calls
# count NAME PATH FILE: calls of NAME on PATH's descriptor in strace -y output
count() {
	grep -cE "^[0-9]+ +$1\([0-9]+<$2>" "$3"
}
if [ -n "$STRACE" ]; then
	F=$T/s.f
	rm -f "$F"
	"$PLIO" --name=lay --ioengine=psync --filename="$F" --size=256k --rw=write --output=/dev/null
	# posixaio reads: one pread64 per I/O, on helper threads, no io_submit
	run_ok "posixaio: traced randread" strace -f -y -o "$T/st" -e trace=pread64,preadv,read,io_submit,io_uring_enter,openat \
		"$PLIO" --name=r --ioengine=posixaio --filename="$F" --size=256k --bs=4k --rw=randread \
		--iodepth=4 --output-format=json --output="$T/j"
	pyq_py "posixaio: 64 reads are 64 pread64 on the file, by threads other than the one that opened it, no io_submit" \
		"$T/st" "$F" <<'PY'
import re, sys
path = sys.argv[2]
lines = open(sys.argv[1]).read().splitlines()
pr = [l.split()[0] for l in lines if re.match(r"\d+ +pread64\(\d+<%s>" % re.escape(path), l)]
opener = {l.split()[0] for l in lines if re.match(r"\d+ +openat\(.*\"%s\"" % re.escape(path), l)}
other = [l for l in lines if re.search(r"(read|preadv)\(\d+<%s>" % re.escape(path), l) and "pread64" not in l]
subm = [l for l in lines if "io_submit(" in l or "io_uring_enter(" in l]
assert len(pr) == 64, "%d pread64 on the file" % len(pr)
assert opener and not opener & set(pr), ("pread64 by the opening thread", opener)
assert not other and not subm, (other[:2], subm[:2])
PY
	F2=$T/s.w
	rm -f "$F2"
	run_ok "posixaio: traced randwrite, fsync=8, fsync_on_close" strace -f -y -o "$T/st2" \
		-e trace=pwrite64,pwritev,write,fsync,fdatasync,io_submit,openat \
		"$PLIO" --name=w --ioengine=posixaio --filename="$F2" --size=256k --bs=4k --rw=randwrite \
		--iodepth=4 --fsync=8 --fsync_on_close=1 --output-format=json --output="$T/j2" &&
		jexpect "posixaio: 7 syncs counted (fio's fsync=8 rule, 64 writes)" "$T/j2" \
			"jobs.0.sync.total_ios == 7" "jobs.0.write.total_ios == 64"
	[ "$(count pwrite64 "$F2" "$T/st2")" = 64 ] && [ "$(count fsync "$F2" "$T/st2")" = 8 ] &&
		[ "$(count write "$F2" "$T/st2")" = 0 ] && ! grep -q "io_submit(" "$T/st2" && pass ||
		fail "posixaio: $(count pwrite64 "$F2" "$T/st2") pwrite64 (want 64), $(count fsync "$F2" "$T/st2") fsync (want 7 + 1 on close)"
	rm -f "$F2"
	run_ok "posixaio: traced fdatasync=8, end_fsync" strace -f -y -o "$T/st3" -e trace=fsync,fdatasync \
		"$PLIO" --name=w --ioengine=posixaio --filename="$F2" --size=256k --bs=4k --rw=randwrite \
		--iodepth=4 --fdatasync=8 --end_fsync=1 --output=/dev/null
	[ "$(count fdatasync "$F2" "$T/st3")" = 7 ] && [ "$(count fsync "$F2" "$T/st3")" = 1 ] && pass ||
		fail "posixaio: $(count fdatasync "$F2" "$T/st3") fdatasync (want 7), $(count fsync "$F2" "$T/st3") fsync (want 1, end_fsync)"

	# splice: one splice and one vmsplice per 4 KiB I/O, no pread/pwrite
	run_ok "splice: traced randread" strace -f -y -o "$T/st4" \
		-e trace=splice,vmsplice,pread64,read,poll,mmap,munmap \
		"$PLIO" --name=r --ioengine=splice --filename="$F" --size=256k --bs=4k --rw=randread \
		--output-format=json --output="$T/j4" &&
		jexpect "splice: the counters say 64 of each" "$T/j4" "jobs.0.engine_counters.splice_calls == 64" \
			"jobs.0.engine_counters.vmsplice_calls == 64"
	[ "$(count splice "$F" "$T/st4")" = 64 ] && [ "$(grep -c "vmsplice(" "$T/st4")" = 64 ] &&
		[ "$(count pread64 "$F" "$T/st4")" = 0 ] && [ "$(count read "$F" "$T/st4")" = 0 ] && pass ||
		fail "splice reads: $(count splice "$F" "$T/st4") splice from the file, $(grep -c "vmsplice(" "$T/st4") vmsplice (want 64 each), $(count pread64 "$F" "$T/st4") pread64"
	rm -f "$F2"
	run_ok "splice: traced randwrite, fsync=8, fsync_on_close" strace -f -y -o "$T/st5" \
		-e trace=splice,vmsplice,pwrite64,write,fsync,fdatasync,poll \
		"$PLIO" --name=w --ioengine=splice --filename="$F2" --size=256k --bs=4k --rw=randwrite \
		--fsync=8 --fsync_on_close=1 --output-format=json --output="$T/j5" &&
		jexpect "splice: 7 syncs counted" "$T/j5" "jobs.0.sync.total_ios == 7"
	pyq_py "splice writes: 64 vmsplice into the pipe, 64 splice from it to the file, 8 fsync, no pwrite" \
		"$T/st5" "$F2" <<'PY'
import re, sys
path = re.escape(sys.argv[2])
lines = open(sys.argv[1]).read().splitlines()
vm = [l for l in lines if re.match(r"\d+ +vmsplice\(\d+<pipe:.*= 4096$", l)]
sp = [l for l in lines if re.match(r"\d+ +splice\(\d+<pipe:\[\d+\]>, NULL, \d+<%s>, \[\d+\], 4096, 0\) += 4096$" % path, l)]
fs = [l for l in lines if re.match(r"\d+ +fsync\(\d+<%s>" % path, l)]
wr = [l for l in lines if re.match(r"\d+ +(pwrite64|write)\(\d+<%s>" % path, l)]
assert (len(vm), len(sp), len(fs), len(wr)) == (64, 64, 8, 0), (len(vm), len(sp), len(fs), len(wr))
PY
	rm -f "$F2"
	run_ok "splice: traced fdatasync=8" strace -f -y -o "$T/st6" -e trace=fsync,fdatasync \
		"$PLIO" --name=w --ioengine=splice --filename="$F2" --size=256k --bs=4k --rw=randwrite \
		--fdatasync=8 --output=/dev/null
	[ "$(count fdatasync "$F2" "$T/st6")" = 7 ] && [ "$(count fsync "$F2" "$T/st6")" = 0 ] && pass ||
		fail "splice: $(count fdatasync "$F2" "$T/st6") fdatasync (want 7)"
	# the counters follow strace for pieces too (2 MiB blocks)
	rm -f "$T/big"
	strace -f -y -o "$T/st7" -e trace=splice,vmsplice "$PLIO" --name=w --ioengine=splice \
		--filename="$T/big" --size=8m --bs=2m --rw=write --output-format=json --output="$T/j7" &&
		jset "$T/j7" sc=jobs.0.engine_counters.splice_calls vc=jobs.0.engine_counters.vmsplice_calls &&
		[ "$(grep -c "^[0-9]* *splice(" "$T/st7")" = "$sc" ] && [ "$(grep -c "vmsplice(" "$T/st7")" = "$vc" ] &&
		[ "$sc" -ge 8 ] && pass ||
		fail "splice 2 MiB blocks: strace $(grep -c "^[0-9]* *splice(" "$T/st7") splice, $(grep -c "vmsplice(" "$T/st7") vmsplice; counters ${sc:-?}, ${vc:-?}"

	if [ -n "$FIO" ]; then
		strace -f -y -o "$T/fst" -e trace=pread64 fio --name=r --ioengine=posixaio --filename="$F" \
			--size=256k --bs=4k --rw=randread --iodepth=4 --output=/dev/null >/dev/null 2>&1
		[ "$(count pread64 "$F" "$T/fst")" = "$(count pread64 "$F" "$T/st")" ] && pass ||
			fail "posixaio: fio made $(count pread64 "$F" "$T/fst") pread64, plio $(count pread64 "$F" "$T/st")"
		strace -f -y -o "$T/fst4" -e trace=splice,vmsplice fio --name=r --ioengine=splice \
			--filename="$F" --size=256k --bs=4k --rw=randread --output=/dev/null >/dev/null 2>&1
		# fio's first vmsplice goes to a mapping it cannot write (EFAULT) and is made again
		[ "$(count splice "$F" "$T/fst4")" = 64 ] && [ "$(grep -c "vmsplice(.* = 4096$" "$T/fst4")" = 64 ] && pass ||
			fail "splice: fio made $(count splice "$F" "$T/fst4") splice and $(grep -c "vmsplice(.* = 4096$" "$T/fst4") full vmsplice for 64 reads"
	fi
fi

# ------------------------------------------------------------------ depth
run_ok "posixaio: iodepth=8 on one file" "$PLIO" --name=r --ioengine=posixaio --filename="$T/v.posixaio" \
	--size=1m --io_size=8m --bs=4k --rw=randread --iodepth=8 --output-format=json &&
	jexpect "posixaio: 8 requests queued nearly always" "$T/out" "jobs.0.iodepth_level.8 >= 90" \
		"jobs.0.read.total_ios == 2048"
if [ -n "$STRACE" ]; then
	mkdir -p "$T/mf"
	run_ok "posixaio: iodepth=8 over 4 files, traced" strace -f -tt -T -y -o "$T/st8" -e trace=pread64 \
		"$PLIO" --name=r --ioengine=posixaio --directory="$T/mf" --nrfiles=4 --filesize=1m --bs=4k \
		--rw=randread --iodepth=8 --io_size=8m --file_service_type=roundrobin --output=/dev/null
	pyq_py "posixaio: preads of several files run at once (their intervals overlap)" "$T/st8" "$T/mf/" <<'PY'
import re, sys
pre = re.escape(sys.argv[2])
ev, start, tids, n = [], {}, set(), 0
for l in open(sys.argv[1]):
    m = re.match(r"(\d+) +(\d+):(\d+):([\d.]+) (.*)", l)
    if not m:
        continue
    tid, rest = m.group(1), m.group(5).strip()
    t = int(m.group(2)) * 3600 + int(m.group(3)) * 60 + float(m.group(4))
    d = re.search(r"<([\d.]+)>$", rest)
    if re.match(r"pread64\(\d+<%s" % pre, rest):
        n += 1
        tids.add(tid)
        if rest.endswith("<unfinished ...>"):
            start[tid] = t
        else:
            ev += [(t, 1), (t + float(d.group(1)), -1)]
    elif rest.startswith("<... pread64 resumed>") and tid in start:
        s = start.pop(tid)
        ev += [(s, 1), (s + float(d.group(1)) if d else t, -1)]
cur = most = 0
for _, k in sorted(ev):
    cur += k
    most = max(most, cur)
assert n == 2048, "%d preads" % n
assert len(tids) >= 2 and most >= 2, "threads %d, at most %d preads at once" % (len(tids), most)
PY
fi

# --------------------------------------------------------------- refusals
for e in posixaio splice; do
	rm -f "$T/f"
	run_fails "$e: trims refused" "rw: engine $e cannot trim" \
		"$PLIO" --name=t --ioengine=$e --filename="$T/f" --rw=randtrim --size=64k &&
		{ [ ! -e "$T/f" ] && pass || fail "$e: a refused trim job laid out its file"; }
	run_fails "$e: trims refused by --parse-only too" "rw: engine $e cannot trim" \
		"$PLIO" --parse-only --name=t --ioengine=$e --filename="$T/f" --rw=trim --size=64k
done
run_fails "posixaio: a failed write is one line" \
	"^plio: job 't': file '/dev/full': write of 4096 bytes at offset 0 failed: No space left on device$" \
	"$PLIO" --name=t --ioengine=posixaio --filename=/dev/full --rw=write --bs=4k --size=64k --output=/dev/null
[ "$(wc -l <"$T/err")" = 1 ] && pass || fail "posixaio on /dev/full: $(wc -l <"$T/err") lines on stderr"
# /dev/full has no splice method: EINVAL, and the pipe is made anew
run_fails "splice: a file that cannot be spliced is one line" \
	"^plio: job 't': file '/dev/full': write of 4096 bytes at offset 0 failed: Invalid argument$" \
	"$PLIO" --name=t --ioengine=splice --filename=/dev/full --rw=write --bs=4k --size=64k \
	--output-format=json
[ "$(wc -l <"$T/err")" = 1 ] && pass || fail "splice on /dev/full: $(wc -l <"$T/err") lines on stderr"
jexpect "splice on /dev/full: EINVAL, one pipe made anew" "$T/out" "jobs.0.error == 22" \
	"jobs.0.engine_counters.pipe_resets == 1"
for e in posixaio splice; do
	run_ok "$e: --enghelp" "$PLIO" --enghelp=$e &&
		grep -q "^$e: " "$T/out" && grep -q "options: *none" "$T/out" && pass ||
		fail "$e: --enghelp=$e: $(head -3 "$T/out")"
done

finish
