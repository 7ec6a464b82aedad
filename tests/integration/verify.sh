#!/bin/sh
# verify: verify= writes fio 3.33's headers and checks them.
#
# - every type: a write job reads back and checks all it wrote (do_verify,
#   the read's bytes in the JSON), also with verify_interval;
# - a single byte changed at random places (in headers and data, many
#   trials) is caught by every checksum, and the line names the block's
#   offset; sha512 too (fio 3.33's field covers 128 bytes of the data:
#   plio checks the rest against the data it wrote);
# - the faulty test engine's lost, misdirected, torn and changed writes
#   are each named for what they are, the job fails with EILSEQ (84) and
#   plio exits 1;
# - continue_on_error=verify counts every bad block and goes on, as fio;
# - time_based writes are not read back (fio: no verify pass);
# - verify_async: the same faults found on verify threads, which exist,
#   named, on verify_async_cpus;
# - what is not there yet is refused in one line;
# - with fio installed: fio checks what plio wrote, and plio what fio
#   wrote, for every type.
. "$TOP_SRCDIR/tests/integration/lib.sh"
# write jobs with verify leave their state file in the current directory
cd "$T" || exit 99

TYPES="md5 crc64 crc32 crc32c crc32c-intel crc16 crc7 xxhash sha1 sha256 sha512 sha3-224 sha3-256 sha3-384 sha3-512 meta"
F=$T/data

# ------------------------------------------------------ write, read back
for t in $TYPES; do
	rm -f "$F"
	run_ok "verify=$t write and read back" "$PLIO" --name=v --filename="$F" --rw=randwrite \
		--bs=4k --size=256k --verify="$t" --output-format=json || continue
	cp "$T/out" "$T/rb-$t.json"
	pyq "verify=$t: every block read back" - expect "$T/rb-$t.json" \
		'jobs.0.error == 0' 'jobs.0.write.io_bytes == 262144' \
		'jobs.0.read.io_bytes == 262144' 'jobs.0.read.total_ios == 64'
done
for t in crc32c sha512; do
	rm -f "$F"
	run_ok "verify=$t verify_interval=1k" "$PLIO" --name=v --filename="$F" --rw=write \
		--bs=16k --size=256k --verify="$t" --verify_interval=1k --output-format=json &&
		cp "$T/out" "$T/iv-$t.json" &&
		pyq "verify=$t verify_interval=1k: read back" - expect "$T/iv-$t.json" \
			'jobs.0.error == 0' 'jobs.0.read.io_bytes == 262144'
done

# --------------------------------------------- single bytes changed
# 64 blocks of 4 KiB per type, written without a read-back; then bytes
# changed in 12 blocks chosen at random (one each, at a random place in
# the block: the header, the field or the data), 2 trials per type
for t in $TYPES; do
	[ "$t" = meta ] && continue	# meta checks the header alone: below
	for trial in 1 2; do
		rm -f "$F.$t.$trial"
		"$PLIO" --name=w --filename="$F.$t.$trial" --rw=write --bs=4k --size=256k \
			--verify="$t" --do_verify=0 --output-format=terse >/dev/null 2>"$T/err" ||
			fail "verify=$t: writing trial $trial: $(cat "$T/err")"
	done
done
$PYTHON - "$T" "$TYPES" >"$T/flips" <<'PY' || fail "changing bytes failed"
import random, sys
T, types = sys.argv[1], sys.argv[2].split()
rnd = random.Random(1234)
for t in types:
    if t == 'meta':
        continue
    for trial in (1, 2):
        name = '%s/data.%s.%s' % (T, t, trial)
        blocks = rnd.sample(range(64), 12)
        with open(name, 'r+b') as f:
            for b in blocks:
                off = b * 4096 + rnd.randrange(4096)
                f.seek(off)
                c = f.read(1)
                f.seek(off)
                f.write(bytes([c[0] ^ (1 << rnd.randrange(8))]))
        print(t, trial, ' '.join(str(b * 4096) for b in sorted(blocks)))
PY
while read -r t trial offs; do
	"$PLIO" --name=r --filename="$F.$t.$trial" --rw=read --bs=4k --size=256k --verify="$t" \
		--continue_on_error=verify --output-format=json >"$T/flip-$t-$trial.json" \
		2>"$T/flip-$t-$trial.err"
	pyq "verify=$t trial $trial: 12 changed bytes caught" - expect "$T/flip-$t-$trial.json" \
		'jobs.0.total_err == 12' 'jobs.0.first_error == 84' 'jobs.0.read.io_bytes == 262144'
	pyq_py "verify=$t trial $trial: each bad block named" "$T/flip-$t-$trial.err" "$offs" <<'PY'
import re, sys
err = open(sys.argv[1]).read()
want = sorted(int(o) for o in sys.argv[2].split())
got = sorted(int(m) for m in re.findall(r"verify failed: file '[^']*': offset (\d+), length 4096", err))
if got != want:
    print('named %s, changed %s' % (got, want))
    sys.exit(1)
PY
done <"$T/flips"

# meta: a changed header byte is caught, a data byte is not (fio's meta)
rm -f "$F"
"$PLIO" --name=w --filename="$F" --rw=write --bs=4k --size=64k --verify=meta --do_verify=0 \
	--output-format=terse >/dev/null 2>&1
printf '\377' | dd of="$F" bs=1 seek=$((4096 * 3 + 20)) conv=notrunc 2>/dev/null
printf '\377' | dd of="$F" bs=1 seek=$((4096 * 5 + 2000)) conv=notrunc 2>/dev/null
run_fails "verify=meta: a changed header" \
	"^plio: job 'r': verify failed: file '.*': offset 12288, length 4096: holds the block written for offset " \
	"$PLIO" --name=r --filename="$F" --rw=read --bs=4k --size=64k --verify=meta --verify_fatal=1

# ------------------------------------------------- a device's faults
FAULTY="--plugin-dir=$TESTPLUGINS --ioengine=faulty --name=v --rw=write --bs=4k --size=64k --verify=md5"
fault() {
	rm -f "$F"
	# shellcheck disable=SC2086
	"$PLIO" $FAULTY --filename="$F" "$@" --output-format=json >"$T/out" 2>"$T/err"
	echo $? >"$T/rc"
}
fault --fault=lost --loops=2 --fault_at=19
pyq_py "a lost write" "$T/err" "$(cat "$T/rc")" <<'PY'
import sys
err = open(sys.argv[1]).read()
ok = ("offset 8192, length 4096: holds write #2 of this block where the last was #18" in err
      and "a lost write" in err and sys.argv[2] == '1')
sys.exit(0 if ok else print(err, 'exit', sys.argv[2]) or 1)
PY
jexpect "a lost write: the job's error" "$T/out" 'jobs.0.error == 84'
fault --fault=misdirect --fault_at=3
pyq_py "a misdirected write" "$T/err" "$(cat "$T/rc")" <<'PY'
import sys
err = open(sys.argv[1]).read()
ok = ("offset 4096, length 4096: holds the block written for offset 8192" in err
      and "a misdirected write" in err and sys.argv[2] == '1')
sys.exit(0 if ok else print(err, 'exit', sys.argv[2]) or 1)
PY
fault --fault=torn --fault_at=3
pyq_py "a torn write" "$T/err" "$(cat "$T/rc")" <<'PY'
import sys
err = open(sys.argv[1]).read()
ok = ("offset 8192, length 4096: md5: expected " in err
      and "bytes 2048 to 4095 (whole 512-byte sectors) hold other data: a torn write" in err
      and sys.argv[2] == '1')
sys.exit(0 if ok else print(err, 'exit', sys.argv[2]) or 1)
PY
fault --fault=flip --fault_at=5 --fault_byte=3001
pyq_py "a changed byte" "$T/err" "$(cat "$T/rc")" <<'PY'
import sys
err = open(sys.argv[1]).read()
ok = ("offset 16384, length 4096: md5: expected " in err
      and "1 byte differs from what was written, the first at byte 3001 of the interval: damage" in err
      and "verify failed for the 4096 bytes at offset 16384" in err and sys.argv[2] == '1')
sys.exit(0 if ok else print(err, 'exit', sys.argv[2]) or 1)
PY
# verify_dump: the block as read, and as written: they differ in that byte
fault --fault=flip --fault_at=5 --fault_byte=3001 --verify_dump=1
if [ -f "$F.16384.received" ] && [ -f "$F.16384.expected" ]; then
	dd if="$F" bs=4096 skip=4 count=1 2>/dev/null | cmp -s - "$F.16384.received" && pass ||
		fail "verify_dump: the received file is not the block on disk"
	d=$(cmp -l "$F.16384.received" "$F.16384.expected" | awk '{print $1}' | tr '\n' ' ')
	[ "$d" = "3002 " ] && pass || fail "verify_dump: received and expected differ at bytes '$d', not 3002 alone"
	grep -q "verify_dump: expected data in '$F.16384.expected'" "$T/err" && pass ||
		fail "verify_dump: no line names the expected file"
else
	fail "verify_dump: no dump files: $(ls "$T")"
fi
rm -f "$F".*.received "$F".*.expected
fault --fault=none
jexpect "faulty without a fault reads back clean" "$T/out" 'jobs.0.error == 0' \
	'jobs.0.read.io_bytes == 65536'

# ----------------------------------- several jobs, files, loops, queued
mkdir -p "$T/many"
run_ok "verify: numjobs=2 nrfiles=3 loops=2 libaio iodepth=8" "$PLIO" --name=m \
	--directory="$T/many" --nrfiles=3 --numjobs=2 --rw=randwrite --bs=4k --size=96k \
	--loops=2 --ioengine=libaio --iodepth=8 --verify=xxhash --output-format=json &&
	jexpect "verify: each job read back all it wrote" "$T/out" 'jobs.0.error == 0' \
		'jobs.1.error == 0' 'jobs.0.read.io_bytes == 196608' 'jobs.1.read.io_bytes == 196608' \
		'jobs.0.write.io_bytes == 196608'
# a job that reads checks what another wrote, every file of it
run_ok "verify: a read job checks the files" "$PLIO" --name=m --directory="$T/many" --nrfiles=3 \
	--numjobs=2 --rw=randread --bs=4k --size=96k --verify=xxhash --output-format=json &&
	jexpect "verify: the read job checked all" "$T/out" 'jobs.0.error == 0' \
		'jobs.0.read.io_bytes == 98304'

# ------------------------------------------- patterns, verify_offset
# fio's layouts: verify_pattern alone writes a header of type 17 and the
# pattern; verify=pattern only the pattern (a %o is the block's offset);
# verify_offset=N swaps the header with the bytes at N
rm -f "$F"
run_ok "verify_pattern alone" "$PLIO" --name=v --filename="$F" --rw=write --bs=4k --size=64k \
	--verify_pattern=0xdeadbeef --output-format=json &&
	jexpect "verify_pattern alone: read back" "$T/out" 'jobs.0.error == 0' 'jobs.0.read.io_bytes == 65536'
cp "$F" "$T/vp-alone"
rm -f "$F"
run_ok "verify=pattern with %o" "$PLIO" --name=v --filename="$F" --rw=write --bs=4k --size=64k \
	--verify=pattern '--verify_pattern=0xaa%o"xy"' --output-format=json &&
	jexpect "verify=pattern: read back" "$T/out" 'jobs.0.error == 0' 'jobs.0.read.io_bytes == 65536'
cp "$F" "$T/vp-only"
rm -f "$F"
run_ok "verify_offset=512" "$PLIO" --name=v --filename="$F" --rw=write --bs=4k --size=64k \
	--verify=crc32c --verify_offset=512 --output-format=json &&
	jexpect "verify_offset: read back" "$T/out" 'jobs.0.error == 0' 'jobs.0.read.io_bytes == 65536'
cp "$F" "$T/vp-offset"
pyq_py "the layouts on disk" "$T/vp-alone" "$T/vp-only" "$T/vp-offset" <<'PY'
import struct, sys
alone, only, off = (open(f, 'rb').read() for f in sys.argv[1:4])
errs = []
# type 17 header, then the pattern from the block's start (phase 40)
magic, typ, ln = struct.unpack_from('<HHI', alone, 8192)
if (magic, typ, ln) != (0xacca, 17, 4096) or alone[8192 + 40:8192 + 44] != bytes.fromhex('deadbeef'):
    errs.append('verify_pattern alone: %x %d %d %s' % (magic, typ, ln, alone[8232:8236].hex()))
# aa, the offset (8 bytes), "xy": 11 bytes, again and again
rep = b'\xaa' + struct.pack('<Q', 12288) + b'xy'
if only[12288:12288 + 4096] != (rep * 373)[:4096]:
    errs.append('verify=pattern: block 3 is not the pattern')
# the header at 512, what belongs at 512 at 0
magic, typ, ln, seed, o = struct.unpack_from('<HHIQQ', off, 4096 + 512)
if (magic, typ, o) != (0xacca, 5, 4096) or struct.unpack_from('<H', off, 4096)[0] == 0xacca:
    errs.append('verify_offset: %x %d %d' % (magic, typ, o))
print('; '.join(errs))
sys.exit(1 if errs else 0)
PY
printf 'Z' | dd of="$T/vp-only" bs=1 seek=$((4096 * 6 + 700)) conv=notrunc 2>/dev/null
run_fails "verify=pattern: a changed byte" \
	"^plio: job 'r': verify failed: file '.*': offset 24576, length 4096: the data is not verify_pattern's; 1 byte differs from what was written, the first at byte 700 of the interval: damage\$" \
	"$PLIO" --name=r --filename="$T/vp-only" --rw=read --bs=4k --size=64k --verify=pattern \
	'--verify_pattern=0xaa%o"xy"'
printf 'Z' | dd of="$T/vp-offset" bs=1 seek=$((4096 * 2 + 3000)) conv=notrunc 2>/dev/null
run_fails "verify_offset: a changed byte" \
	"^plio: job 'r': verify failed: file '.*': offset 8192, length 4096: crc32c: expected [0-9a-f]{8}, received [0-9a-f]{8} .*1 byte differs from what was written, the first at byte 3000 of the interval: damage\$" \
	"$PLIO" --name=r --filename="$T/vp-offset" --rw=read --bs=4k --size=64k --verify=crc32c \
	--verify_offset=512

# ----------------------------------------- overlapping random writes
# norandommap: a block may be written again; the last write of each
# block is read back, once, in offset order (fio's)
rm -f "$F"
run_ok "norandommap" "$PLIO" --name=v --filename="$F" --rw=randwrite --norandommap --bs=4k \
	--size=256k --verify=crc32c --debug=io --output-format=json &&
	cp "$T/out" "$T/nrm.json" && cp "$T/err" "$T/nrm.err" &&
	pyq_py "norandommap: each block written read back once, in offset order" "$T/nrm.err" "$T/nrm.json" <<'PY'
import json, re, sys
io = re.findall(r"queue (read|write): file '[^']*', offset (\d+)", open(sys.argv[1]).read())
writes = [int(o) for d, o in io if d == 'write']
reads = [int(o) for d, o in io if d == 'read']
j = json.load(open(sys.argv[2]))['jobs'][0]
ok = (len(writes) == 64 and reads == sorted(set(writes)) and len(set(writes)) < 64
      and j['read']['io_bytes'] == 4096 * len(reads) and j['error'] == 0)
sys.exit(0 if ok else print(len(writes), reads[:10], j['read']['io_bytes']) or 1)
PY
rm -f "$F"
run_ok "norandommap, libaio iodepth=16, 3 loops" "$PLIO" --name=v --filename="$F" --rw=randwrite \
	--norandommap --bs=4k --size=256k --ioengine=libaio --iodepth=16 --loops=3 --verify=crc32c \
	--output-format=json &&
	jexpect "norandommap, queued: no error" "$T/out" 'jobs.0.error == 0' 'jobs.0.read.io_bytes > 0' \
		'jobs.0.write.io_bytes == 786432'
# a lost write of a block written before: the older write is found
fault --fault=lost --fault_at=12 --rw=randwrite --norandommap --randseed=5
pyq_py "norandommap: a lost write over an older one" "$T/err" "$(cat "$T/rc")" <<'PY'
import re, sys
err = open(sys.argv[1]).read()
m = re.search(r"holds write #(\d+) of this block where the last was #11 .*: a lost write", err)
sys.exit(0 if m and sys.argv[2] == '1' else print(err) or 1)
PY

# ------------------------------------------------------ verify_backlog
# fio's order: every 3 writes, those 3 read back; the rest at the end
rm -f "$F"
run_ok "verify_backlog=3" "$PLIO" --name=v --filename="$F" --rw=write --bs=4k --size=32k \
	--verify=md5 --verify_backlog=3 --debug=io --output-format=terse &&
	pyq_py "verify_backlog=3: W0 W1 W2 R0 R1 R2 W3 ... R6 R7" "$T/err" <<'PY'
import re, sys
seq = ' '.join('%s%d' % (d[0].upper(), int(o) // 4096) for d, o in
               re.findall(r"queue (read|write): file '[^']*', offset (\d+)", open(sys.argv[1]).read()))
want = 'W0 W1 W2 R0 R1 R2 W3 W4 W5 R3 R4 R5 W6 W7 R6 R7'
sys.exit(0 if seq == want else print('order:', seq) or 1)
PY
rm -f "$F"
run_ok "verify_backlog=3 verify_backlog_batch=1" "$PLIO" --name=v --filename="$F" --rw=write \
	--bs=4k --size=32k --verify=md5 --verify_backlog=3 --verify_backlog_batch=1 --debug=io \
	--output-format=terse &&
	pyq_py "verify_backlog_batch=1: one of each 3 read back, then the rest" "$T/err" <<'PY'
import re, sys
seq = ' '.join('%s%d' % (d[0].upper(), int(o) // 4096) for d, o in
               re.findall(r"queue (read|write): file '[^']*', offset (\d+)", open(sys.argv[1]).read()))
want = 'W0 W1 W2 R0 W3 W4 W5 R3 W6 W7 R6 R7'
sys.exit(0 if seq == want else print('order:', seq) or 1)
PY
rm -f "$F"
fault --fault=flip --fault_at=2 --verify_backlog=2 --debug=io
pyq_py "verify_backlog: a bad block found before the workload ends" "$T/err" <<'PY'
import re, sys
err = open(sys.argv[1]).read()
seq = re.findall(r"queue (read|write): file '[^']*', offset (\d+)", err)
# stopped at the first backlog batch: 2 writes, 2 reads, nothing more
ok = len(seq) == 4 and "offset 4096, length 4096: md5: expected" in err
sys.exit(0 if ok else print(seq, err) or 1)
PY

# ---------------------------------------------------------------- trims
# trim_percentage: that share of the blocks written is trimmed before the
# read-back, which expects zeroes there (trim_verify_zero, default on)
rm -f "$F"
run_ok "trim_percentage=25" "$PLIO" --name=v --filename="$F" --rw=randwrite --bs=4k --size=256k \
	--verify=crc32c --trim_percentage=25 --output-format=json &&
	cp "$T/out" "$T/trim.json" &&
	pyq_py "trim_percentage: the trimmed blocks are zero, the rest read back" "$F" "$T/trim.json" <<'PY'
import json, sys
d = open(sys.argv[1], 'rb').read()
zero = sum(1 for i in range(0, len(d), 4096) if not any(d[i:i + 4096]))
j = json.load(open(sys.argv[2]))['jobs'][0]
t = j['trim']['total_ios']
ok = 4 <= t <= 32 and zero == t and j['read']['io_bytes'] == 262144 and j['error'] == 0
sys.exit(0 if ok else print(t, zero, j['read']['io_bytes'], j['error']) or 1)
PY
fault --fault=notrim --trim_percentage=50
pyq_py "a lost trim" "$T/err" "$(cat "$T/rc")" <<'PY'
import re, sys
err = open(sys.argv[1]).read()
ok = re.search(r"length 4096: trimmed, yet \d+ bytes are not zero, the first at byte 0: the trim was lost", err) and sys.argv[2] == '1'
sys.exit(0 if ok else print(err) or 1)
PY
fault --fault=notrim --trim_percentage=50 --trim_verify_zero=0
jexpect "trim_verify_zero=0: trimmed blocks not checked" "$T/out" 'jobs.0.error == 0' \
	'jobs.0.trim.total_ios > 0'

# trim_backlog: every N writes, the blocks chosen since are trimmed (at
# most trim_backlog_batch each time), in between the writes; the record
# engine's log shows the order
for tb in "8 0" "8 2"; do
	rm -f "$F" "$T/tlog.0.0"
	run_ok "trim_backlog=${tb% *} trim_backlog_batch=${tb#* }" "$PLIO" --plugin-dir="$TESTPLUGINS" \
		--ioengine=record --record_file="$T/tlog" --name=v --filename="$F" --rw=randwrite \
		--bs=4k --size=256k --verify=crc32c --trim_percentage=50 --trim_backlog="${tb% *}" \
		--trim_backlog_batch="${tb#* }" --output-format=json || continue
	cp "$T/out" "$T/tb.json"
	cp "$T/tlog.0.0" "$T/tlog.${tb#* }"
	cp "$F" "$T/tbf.${tb#* }"
	pyq_py "trim_backlog=${tb% *} trim_backlog_batch=${tb#* }: trims among the writes, zeroes read back" \
		"$T/tlog.${tb#* }" "$T/tb.json" "$T/tbf.${tb#* }" "${tb% *}" "${tb#* }" <<'PY'
import json, sys
log = [l.split() for l in open(sys.argv[1])]
j = json.load(open(sys.argv[2]))['jobs'][0]
d = open(sys.argv[3], 'rb').read()
every, batch = int(sys.argv[4]), int(sys.argv[5])
kinds = [l[0] for l in log]
last_w = max(i for i, k in enumerate(kinds) if k == 'W')
first_r = min(i for i, k in enumerate(kinds) if k == 'R')
early = [i for i, k in enumerate(kinds) if k == 'T' and i < last_w]
# each trim follows the write of its block, and each run of trims among
# the writes holds at most the batch
runs, run = [], 0
for k in kinds[:last_w]:
    if k == 'T':
        run += 1
    elif run:
        runs.append(run)
        run = 0
written = set()
bad = []
for k, off, ln in log:
    if k == 'W':
        written.add(off)
    elif k == 'T' and off not in written:
        bad.append(off)
zero = sum(1 for i in range(0, len(d), 4096) if not any(d[i:i + 4096]))
t = j['trim']['total_ios']
probs = []
if not early: probs.append("no trim among the writes")
if bad: probs.append(f"trims before their write: {bad}")
if batch and max(runs or [0]) > batch: probs.append(f"runs of trims {runs} above the batch {batch}")
if zero != t or not (16 <= t <= 48): probs.append(f"{t} trims, {zero} zero blocks")
if j['error'] or j['read']['io_bytes'] != 262144: probs.append(f"error {j['error']}, read {j['read']['io_bytes']}")
if first_r < last_w: probs.append("a read before the last write")
sys.exit("; ".join(probs) if probs else 0)
PY
done
# trims with overlapping writes (only blocks no later write touched are
# trimmed) and with verify_backlog, with and without trim_backlog
n=0
for a in "--rw=randwrite --norandommap" "--rw=randwrite --norandommap --trim_backlog=8" \
	"--rw=randwrite --verify_backlog=8" "--rw=write --verify_backlog=4 --trim_backlog=6"; do
	# random data first: blocks no write touched are not zero
	head -c 262144 /dev/urandom >"$F"
	# shellcheck disable=SC2086
	run_ok "trim_percentage=30 $a" "$PLIO" --name=v --filename="$F" $a --bs=4k --size=256k \
		--verify=crc32c --trim_percentage=30 --output-format=json || continue
	n=$((n + 1))
	cp "$T/out" "$T/tr$n.json"
	cp "$F" "$T/trf"
	pyq_py "trim_percentage=30 $a: clean, trimmed blocks zero" "$T/trf" "$T/tr$n.json" "$a" <<'PY'
import json, sys
d = open(sys.argv[1], 'rb').read()
zero = sum(1 for i in range(0, len(d), 4096) if not any(d[i:i + 4096]))
j = json.load(open(sys.argv[2]))['jobs'][0]
t = j['trim']['total_ios']
# with trim_backlog and overlapping writes a later write may refill a
# trimmed block: fewer zero blocks than trims then
ok = j['error'] == 0 and t > 4 and (zero == t or ("norandommap" in sys.argv[3] and "trim_backlog" in sys.argv[3] and 0 < zero <= t))
sys.exit(0 if ok else print(j['error'], t, zero) or 1)
PY
done
fault --fault=notrim --trim_percentage=50 --trim_backlog=4
grep -q "trimmed, yet .* not zero" "$T/err" && [ "$(cat "$T/rc")" = 1 ] && pass ||
	fail "trim_backlog: a lost trim not found: $(cat "$T/err")"

# -------------------------------------------------- experimental_verify
# the loop replayed from its seeds as reads: the same blocks in the same
# order, nothing remembered; a lost write in the second loop is found
rm -f "$F"
run_ok "experimental_verify" "$PLIO" --name=v --filename="$F" --rw=randwrite --bs=4k --size=64k \
	--verify=md5 --experimental_verify=1 --debug=io --output-format=terse &&
	pyq_py "experimental_verify: the reads replay the writes" "$T/err" <<'PY'
import re, sys
io = re.findall(r"queue (read|write): file '[^']*', offset (\d+)", open(sys.argv[1]).read())
w = [o for d, o in io if d == 'write']
r = [o for d, o in io if d == 'read']
sys.exit(0 if len(w) == 16 and r == w and io[:16] == [('write', o) for o in w] else print(io) or 1)
PY
fault --fault=lost --fault_at=20 --loops=2 --experimental_verify=1 --rw=randwrite
pyq_py "experimental_verify: a lost write" "$T/err" "$(cat "$T/rc")" <<'PY'
import re, sys
err = open(sys.argv[1]).read()
ok = re.search(r"holds write #\d+ of this block where the last was #19 .*a lost write", err) and sys.argv[2] == '1'
sys.exit(0 if ok else print(err) or 1)
PY
# mixed reads and writes: the loop replayed, its writes as checked reads;
# overlapping writes: each replayed write's block checked as whatever
# write it holds (fio's)
for a in "--rw=randrw" "--rw=randwrite --norandommap" "--rw=randrw --norandommap --iodepth=4 --ioengine=libaio"; do
	rm -f "$F"
	# shellcheck disable=SC2086
	run_ok "experimental_verify $a" "$PLIO" --name=v --filename="$F" $a --bs=4k --size=256k \
		--verify=crc32c --experimental_verify=1 --output-format=json &&
		jexpect "experimental_verify $a: clean, every I/O replayed as a read" "$T/out" \
		'jobs.0.error == 0' 'jobs.0.write.io_bytes > 0' 'jobs.0.read.io_bytes >= 262144'
done
fault --fault=flip --fault_at=7 --experimental_verify=1 --rw=randwrite --norandommap --size=64m \
	--io_size=128k
grep -q "the first at byte 1000 of the interval: damage" "$T/err" && [ "$(cat "$T/rc")" = 1 ] &&
	pass || fail "experimental_verify, norandommap: a changed write not found: $(head -3 "$T/err")"
# shellcheck disable=SC2086
run_fails "experimental_verify with verify_backlog" "experimental_verify: experimental_verify with verify_backlog is not supported yet" \
	"$PLIO" --name=x --filename="$F" --size=64k --rw=write --verify=md5 --experimental_verify=1 --verify_backlog=4

# --------------------------------------------------------- verify_only
VO="--name=v --filename=$F --rw=randwrite --bs=4k --size=128k --verify=crc32c"
rm -f "$F"
# shellcheck disable=SC2086
"$PLIO" $VO --do_verify=0 --output-format=terse >/dev/null 2>&1
cp "$F" "$T/vo-before"
# shellcheck disable=SC2086
run_ok "verify_only" "$PLIO" $VO --verify_only --output-format=json &&
	jexpect "verify_only: reads all, writes nothing" "$T/out" 'jobs.0.error == 0' \
		'jobs.0.read.io_bytes == 131072' 'jobs.0.write.io_bytes == 0' \
		'jobs.0.write.total_ios == 0'
cmp -s "$F" "$T/vo-before" && pass || fail "verify_only changed the file"
printf '\377' | dd of="$F" bs=1 seek=70000 conv=notrunc 2>/dev/null
# shellcheck disable=SC2086
run_fails "verify_only: a changed byte" \
	"^plio: job 'v': verify failed: file '.*': offset 69632, length 4096: crc32c: expected [0-9a-f]{8}, received [0-9a-f]{8} \\(written by job 1 \\(write #[0-9]+\\) at .*\\); 1 byte differs from what was written, the first at byte 368 of the interval: damage\$" \
	"$PLIO" $VO --verify_only
# shellcheck disable=SC2086
run_fails "verify_only with time_based" "^plio: command line \\(argument 7\\): verify_only: verify_only cannot replay a time_based job \\(as fio\\)\$" \
	"$PLIO" $VO --verify_only --time_based --runtime=1

# ------------------------------------------------- the verify state
# fio's file (version 3), in the current directory: the writes issued and
# each file's last `iodepth` completions
mkdir -p "$T/st"
cd "$T/st" || exit 99
rm -f "$F"
run_ok "verify_state_save" "$PLIO" --name=kk --filename="$F" --rw=write --bs=4k --size=64k \
	--verify=crc32c --do_verify=0 --ioengine=libaio --iodepth=4 --output-format=terse &&
	pyq_py "the state file, as fio writes it" "$T/st/local-kk-0-verify.state" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
v, size, crc, n, depth, nf, writes, idx = struct.unpack_from('<QQQQIIQQ', b, 0)
name = b[0x70:0xb0].rstrip(b'\0')
comps = [struct.unpack_from('<QQ', b, 0xb0 + 16 * i) for i in range(n)]
want = (3, 152 + 16 * 4, 4, 4, 1, 16, 0, b'kk', [(0, 61440), (0, 57344), (0, 53248), (0, 49152)])
got = (v, size, n, depth, nf, writes, idx, name, comps)
sys.exit(0 if got == want and len(b) == 0x18 + size else print(got) or 1)
PY
# a job stopped by SIGINT, then by SIGKILL (a crash): verify_only with
# verify_state_load reads back what completed, and only that
SLOW="--plugin-dir=$TESTPLUGINS --ioengine=faulty --name=slow --filename=$F --rw=write --bs=4k --size=16m --verify=crc32c"
for sig in INT KILL; do
	rm -f "$F" local-slow-0-verify.state
	# shellcheck disable=SC2086
	"$PLIO" $SLOW --fault_delay=300 --do_verify=0 --output-format=terse >/dev/null 2>&1 &
	pid=$!
	sleep 1
	kill -$sig $pid
	wait $pid
	writes=$($PYTHON -c 'import struct,sys; print(struct.unpack_from("<Q", open(sys.argv[1], "rb").read(), 0x28)[0])' \
		local-slow-0-verify.state 2>/dev/null)
	if [ -z "$writes" ] || [ "$writes" -lt 64 ] || [ "$writes" -ge 4096 ]; then
		fail "SIG$sig: the state file says '$writes' writes"
		continue
	fi
	pass
	# shellcheck disable=SC2086
	run_ok "SIG$sig: verify_only with verify_state_load" "$PLIO" $SLOW --verify_only \
		--verify_state_load=1 --output-format=json &&
		jexpect "SIG$sig: every write that completed read back, no more" "$T/out" \
			'jobs.0.error == 0' "jobs.0.read.io_bytes == $((writes * 4096))"
	# without it, the first block not written fails: just after the
	# writes the state counts (a kill loses up to 64 of its last ones)
	# shellcheck disable=SC2086
	run_fails "SIG$sig: verify_only without the state" \
		"verify failed: file '.*': offset [0-9]+, length 4096: no verify header" \
		"$PLIO" $SLOW --verify_only &&
		pyq_py "SIG$sig: the first block not written is just past the state's" "$T/err" "$writes" <<'PY'
import re, sys
off = int(re.search(r"offset (\d+), length 4096: no verify header", open(sys.argv[1]).read()).group(1))
w = int(sys.argv[2])
sys.exit(0 if w * 4096 <= off <= (w + 65) * 4096 else print(off, w) or 1)
PY
done
printf 'x' | dd of=local-slow-0-verify.state bs=1 seek=40 conv=notrunc 2>/dev/null
# shellcheck disable=SC2086
run_fails "verify_state_load: a corrupt state" \
	"^plio: job 'slow': verify_state_load: 'local-slow-0-verify.state': its crc32c does not match: corrupt\$" \
	"$PLIO" $SLOW --verify_only --verify_state_load=1
rm -f local-slow-0-verify.state
# shellcheck disable=SC2086
run_fails "verify_state_load: no state" \
	"^plio: job 'slow': verify_state_load: cannot open 'local-slow-0-verify.state': No such file or directory\$" \
	"$PLIO" $SLOW --verify_only --verify_state_load=1
# shellcheck disable=SC2086
run_fails "verify_state_load without verify_only" \
	"verify_state_load: it tells a verify_only job how far the writes got: set verify_only too\$" \
	"$PLIO" $SLOW --verify_state_load=1
cd "$T" || exit 99
# a folder the state cannot be written to: a warning, the job runs
mkdir -p "$T/ro"
if chattr +i "$T/ro" 2>/dev/null; then
	(cd "$T/ro" && "$PLIO" --name=ro --filename="$F" --rw=write --bs=4k --size=64k --verify=md5 \
		--output-format=json >"$T/out" 2>"$T/err")
	rc=$?
	chattr -i "$T/ro"
	if [ "$rc" -eq 0 ] && grep -q "^plio: warning: job 'ro': verify_state_save: cannot create 'local-ro-0-verify.state': " "$T/err"; then
		jexpect "an unwritable folder: the job verified all the same" "$T/out" \
			'jobs.0.error == 0' 'jobs.0.read.io_bytes == 65536'
	else
		fail "an unwritable folder for the state: exit $rc, $(cat "$T/err")"
	fi
else
	skip_part "chattr +i does not work here: the unwritable state folder"
fi

# ---------------------------------------------------------- verify=null
# fio's pretence: the read-back runs, nothing is checked (the null engine
# moves no data, so anything else would fail)
run_ok "verify=null on the null engine" "$PLIO" --name=v --ioengine=null --rw=randwrite --bs=4k \
	--size=1m --verify=null --output-format=json &&
	jexpect "verify=null: the blocks read back" "$T/out" 'jobs.0.error == 0' \
		'jobs.0.read.io_bytes == 1048576' 'jobs.0.write.io_bytes == 1048576'

# ------------------------------------------------- no pass when timed
rm -f "$F"
run_ok "time_based verify" "$PLIO" --name=v --filename="$F" --rw=write --bs=4k --size=64k \
	--verify=crc32c --time_based --runtime=300ms --output-format=json &&
	jexpect "time_based: nothing read back (as fio)" "$T/out" 'jobs.0.read.io_bytes == 0' \
		'jobs.0.write.io_bytes > 0'

# ---------------------------------------------------------- refusals
NJ="--name=x --filename=$F --size=64k"
# shellcheck disable=SC2086
run_fails "verify=pattern without a pattern" "^plio: command line \\(argument 5\\): verify: verify=pattern needs verify_pattern=" \
	"$PLIO" $NJ --rw=write --verify=pattern
# shellcheck disable=SC2086
run_fails "verify_offset inside the header" "^plio: command line \\(argument 6\\): verify_offset: 41 cannot hold the 44-byte header" \
	"$PLIO" $NJ --rw=write --verify=crc32c --verify_offset=41
# shellcheck disable=SC2086
run_fails "verify of randtrim" "^plio: command line \\(argument 5\\): verify: a job that only trims \\(rw=trim, randtrim\\) writes nothing to read back" \
	"$PLIO" $NJ --rw=randtrim --verify=md5
# shellcheck disable=SC2086
run_fails "experimental_verify of trimwrite" "experimental_verify: experimental_verify with trimwrite is not supported yet" \
	"$PLIO" $NJ --rw=trimwrite --verify=md5 --experimental_verify=1
# shellcheck disable=SC2086
run_fails "verify with norandommap and bssplit sizes that do not tile" "^plio: command line \\(argument 7\\): verify: verify of random writes without a random map \\(norandommap, blockalign\\) needs write sizes and offsets that are multiples of the smallest block size \\(4096;" \
	"$PLIO" $NJ --rw=randwrite --norandommap --bssplit=4k/50:6k/50 --verify=md5
# shellcheck disable=SC2086
run_fails "verify_interval not dividing bs" "^plio: command line \\(argument 7\\): verify_interval: 3072 does not divide the block size \\(4096\\)\$" \
	"$PLIO" $NJ --rw=write --verify=md5 --bs=4k --verify_interval=3k
# shellcheck disable=SC2086
run_fails "a block smaller than its header" "^plio: command line \\(argument 6\\): bs: verify=sha512 needs 168 bytes of header, more than the smallest block \\(128 bytes\\)\$" \
	"$PLIO" $NJ --rw=write --verify=sha512 --bs=128

# ------------------------------------------------------------ with fio
# ------------------------------------------------ reads and writes mixed
# the mix's reads are not checked (they read what the job did not write);
# the writes are read back after: every block once, read or written (fio)
for rw in randrw rw "randrw --norandommap"; do
	rm -f "$F"
	# shellcheck disable=SC2086
	run_ok "verify of $rw" "$PLIO" --name=v --filename="$F" --rw=$rw --bs=4k --size=4m \
		--verify=crc32c --output-format=json || continue
	cp "$T/out" "$T/mix.json"
	case $rw in
	*norandommap*) jexpect "verify of $rw: clean, writes read back" "$T/mix.json" \
		'jobs.0.error == 0' 'jobs.0.write.io_bytes > 0' 'jobs.0.read.io_bytes > 2097152' ;;
	*) jexpect "verify of $rw: reads and written blocks read back make the region" "$T/mix.json" \
		'jobs.0.error == 0' 'jobs.0.write.io_bytes > 0' 'jobs.0.read.io_bytes == 4194304' ;;
	esac
done
fault --rw=randrw --fault=lost --fault_at=3
if [ "$(cat "$T/rc")" = 1 ] && grep -q "a lost write\|no verify header" "$T/err"; then
	pass
else
	fail "verify of randrw: a lost write not found: exit $(cat "$T/rc"), $(cat "$T/err")"
fi

# overlapping random writes of several sizes: each write nothing
# overwrote, even in part, is read back; what later writes of another size
# partly overwrote cannot be checked and is counted in one line
for bs in "--bsrange=4k-16k" "--bssplit=4k/50:16k/30:64k/20"; do
	rm -f "$F"
	# shellcheck disable=SC2086
	run_ok "norandommap $bs" "$PLIO" --name=v --filename="$F" --rw=randwrite --norandommap \
		--size=1m $bs --verify=crc32c --iodepth=4 --ioengine=libaio --output-format=json || continue
	cp "$T/out" "$T/ov.json"
	jexpect "norandommap $bs: clean, some read back" "$T/ov.json" 'jobs.0.error == 0' \
		'jobs.0.read.io_bytes > 131072' 'jobs.0.read.io_bytes < 1048576'
	grep -q "verify: [0-9]* bytes were left by writes that later writes of another size partly overwrote: they were not checked" "$T/err" &&
		pass || fail "norandommap $bs: no line counts what could not be checked: $(cat "$T/err")"
done
# a changed write among few overlaps (a large region) is found
rm -f "$F"
# shellcheck disable=SC2086
"$PLIO" $FAULTY --filename="$F" --rw=randwrite --norandommap --size=64m --io_size=256k \
	--bsrange=4k-16k --fault=flip --fault_at=5 --output-format=json >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 1 ] && grep -q "crc32c\|md5: expected .*damage" "$T/err" && pass ||
	fail "norandommap bsrange: a changed write not found: exit $rc, $(head -3 "$T/err")"

# io_size beyond the region: the writes go round it again, a loop each
# time, and each loop's writes are read back (fio counts the read-back
# toward io_size and writes less: doc/fio-differences.md)
for rw in write randwrite; do
	rm -f "$F"
	run_ok "io_size above the region, $rw" "$PLIO" --name=v --filename="$F" --rw=$rw --bs=4k \
		--size=1m --io_size=2560k --verify=crc32c --output-format=json &&
		cp "$T/out" "$T/ios.json" &&
		jexpect "io_size above the region, $rw: every write read back" "$T/ios.json" \
		'jobs.0.error == 0' 'jobs.0.write.io_bytes == 2621440' 'jobs.0.read.io_bytes == 2621440'
done
# a lost write in the second round is found (the first round's is there)
fault --rw=write --size=64k --io_size=128k --fault=lost --fault_at=20
grep -q "holds write #3 of this block where the last was #19.*a lost write" "$T/err" &&
	[ "$(cat "$T/rc")" = 1 ] && pass ||
	fail "io_size above the region: a lost write in round two not found: $(head -3 "$T/err")"

# trimwrite: each block trimmed, then written; the writes read back
for rw in trimwrite randtrimwrite; do
	head -c 1048576 /dev/urandom >"$F"
	run_ok "verify of $rw" "$PLIO" --name=v --filename="$F" --rw=$rw --bs=4k --size=1m \
		--verify=crc32c --output-format=json &&
		jexpect "verify of $rw: trimmed, written, read back" "$T/out" 'jobs.0.error == 0' \
		'jobs.0.trim.io_bytes == 1048576' 'jobs.0.write.io_bytes == 1048576' \
		'jobs.0.read.io_bytes == 1048576'
done

# ------------------------------------------------- fio 3.41's header
# fio 3.41 and later write a 48-byte versioned header (version 0x81 where
# 3.33's type has its low byte): plio names it, whole or damaged.  The
# blocks plio wrote, laid out as fio 3.41 lays them out.
rm -f "$F"
"$PLIO" --name=w --filename="$F" --rw=write --bs=4k --size=64k --verify=crc32c --do_verify=0 \
	--verify_state_save=0 --output-format=terse >/dev/null 2>&1
$PYTHON - "$F" <<'PY'
import struct, sys
T = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    T.append(c)
def crc(b):
    c = 0xFFFFFFFF
    for x in b:
        c = T[(c ^ x) & 0xFF] ^ (c >> 8)
    return c
d = bytearray(open(sys.argv[1], "rb").read())
for o in range(0, len(d), 4096):
    magic, typ, ln, seed, off, sec, nsec, thr, nio, _ = struct.unpack_from("<HHIQQIIHHI", d, o)
    field = bytes(d[o + 40:o + 44])
    h = struct.pack("<HBBIQQIIQH", magic, 0x81, typ, ln, seed, off, sec, nsec, nio, thr) + b"\0\0"
    d[o:o + 48] = h + struct.pack("<I", crc(h))
    d[o + 48:o + 52] = field
if len(d) > 3 * 4096:
    d[3 * 4096 + 20] ^= 1          # block 3: a damaged one
open(sys.argv[1], "wb").write(d)
PY
run_fails "fio 3.41's header is named" \
	"offset 0, length 4096: a verify header of fio 3.41 or later \\(version 0x81, verify=crc32c, its crc32c good\\): that 48-byte layout is not fio 3.33's" \
	"$PLIO" --name=r --filename="$F" --rw=read --bs=4k --size=64k --verify=crc32c
run_fails "fio 3.41's header, damaged, is named" \
	"offset 12288, length 4096: a verify header of fio 3.41 or later \\(version 0x81, verify=crc32c, its crc32c bad\\)" \
	"$PLIO" --name=r --filename="$F" --rw=read --bs=4k --offset=12288 --size=4k --verify=crc32c

# ---------------------------------------------------------- verify_async
# the checks run on verify threads: the faults are named as before, the
# job fails with EILSEQ; a deep queue reads back every block clean
for f in "lost --loops=2 --fault_at=19:holds write #2 of this block where the last was #18" \
	"misdirect --fault_at=3:holds the block written for offset 8192" \
	"torn --fault_at=3:hold other data: a torn write" \
	"flip --fault_at=5 --fault_byte=3001:the first at byte 3001 of the interval: damage"; do
	# shellcheck disable=SC2086
	fault --verify_async=2 --fault=${f%%:*}
	if [ "$(cat "$T/rc")" = 1 ] && grep -qF -- "${f#*:}" "$T/err"; then
		jexpect "verify_async=2, fault=${f%% *}: the job's error" "$T/out" 'jobs.0.error == 84'
	else
		fail "verify_async=2, fault=${f%% *}: exit $(cat "$T/rc"), $(cat "$T/err")"
	fi
done
for q in 1 16; do
	rm -f "$F"
	run_ok "verify_async=3 iodepth=$q" "$PLIO" --name=v --filename="$F" --rw=randwrite --bs=4k \
		--size=8m --verify=crc32c --verify_async=3 --ioengine=libaio --iodepth=$q \
		--output-format=json && cp "$T/out" "$T/va$q.json" &&
		pyq "verify_async=3 iodepth=$q: every block read back" - expect "$T/va$q.json" \
		'jobs.0.error == 0' 'jobs.0.read.io_bytes == 8388608' 'jobs.0.write.io_bytes == 8388608'
done
run_ok "verify_async: a read job checks" "$PLIO" --name=r --filename="$F" --rw=randread --bs=4k \
	--size=8m --verify=crc32c --verify_async=2 --output-format=json &&
	jexpect "verify_async: a read job checks all it reads" "$T/out" 'jobs.0.error == 0' \
	'jobs.0.read.io_bytes == 8388608'
printf '\377' | dd of="$F" bs=1 seek=$((4096 * 100 + 1000)) conv=notrunc 2>/dev/null
run_fails "verify_async: a read job finds a changed byte" \
	"verify failed: file '.*': offset 409600, length 4096: crc32c: expected" \
	"$PLIO" --name=r --filename="$F" --rw=read --bs=4k --size=8m --verify=crc32c --verify_async=2
# verify_backlog with I/O in flight when a batch is due (a backlog that
# is not a multiple of the depth): the drain before the batch brings units
# back, which the loop must not mistake (a unit queued twice hung plio)
for a in "--verify_backlog=7 --iodepth=4" "--verify_backlog=7 --iodepth=4 --verify_async=2" \
	"--verify_backlog=5 --verify_backlog_batch=3 --iodepth=3 --rw=randwrite" \
	"--trim_percentage=30 --trim_backlog=5 --iodepth=4 --rw=randwrite"; do
	rm -f "$F"
	# shellcheck disable=SC2086
	run_ok "$a on libaio" timeout 60 "$PLIO" --name=v --filename="$F" --rw=write --bs=4k \
		--size=2m --verify=md5 --ioengine=libaio $a --output-format=json &&
		jexpect "$a on libaio: clean" "$T/out" 'jobs.0.error == 0' \
			'jobs.0.write.io_bytes == 2097152' 'jobs.0.read.io_bytes > 1048576'
done
# the threads: two per job, named, on verify_async_cpus (seen in /proc
# while a slow job writes)
last=$(($(getconf _NPROCESSORS_CONF) - 1))
rm -f "$F"
# shellcheck disable=SC2086
"$PLIO" $FAULTY --filename="$F" --thread --fault_delay=100ms --verify_async=2 \
	--verify_async_cpus=$last >/dev/null 2>"$T/va.err" &
pid=$!
sleep 1
n=0 cpus=""
for t in /proc/$pid/task/*; do
	[ "$(cat "$t/comm" 2>/dev/null)" = plio-verify0 ] || continue
	n=$((n + 1))
	cpus="$cpus $(awk '/^Cpus_allowed_list/ { print $2 }' "$t/status")"
done
kill -INT $pid
wait $pid
[ "$n" -eq 2 ] && pass || fail "verify_async=2: $n threads named plio-verify0 in /proc/$pid/task"
[ "$cpus" = " $last $last" ] && pass ||
	fail "verify_async_cpus=$last: the threads may run on '$cpus'"
run_fails "verify_async_cpus: a CPU that is not there" \
	"verify_async_cpus: '0,4096': CPU 4096 does not exist \\(this machine has CPUs 0-$last\\)" \
	"$PLIO" --name=v --filename="$F" --rw=write --size=64k --verify=md5 --verify_async=1 \
	--verify_async_cpus=0,4096
[ "$(grep -c . "$T/err")" = 1 ] && pass || fail "verify_async_cpus: more than one line: $(cat "$T/err")"

if command -v fio >/dev/null 2>&1; then
	for t in $TYPES; do
		rm -f "$F"
		"$PLIO" --name=w --filename="$F" --rw=randwrite --bs=4k --size=128k --verify="$t" \
			--do_verify=0 --output-format=terse >/dev/null 2>&1
		run_ok "fio checks plio's verify=$t" fio --name=r --filename="$F" --rw=read --bs=4k \
			--size=128k --verify="$t" --output-format=json &&
			jexpect "fio checks plio's verify=$t: no error" "$T/out" 'jobs.0.error == 0' \
				'jobs.0.read.io_bytes == 131072'
		rm -f "$F"
		fio --name=w --filename="$F" --rw=randwrite --bs=4k --size=128k --verify="$t" \
			--do_verify=0 --verify_state_save=0 --output=/dev/null 2>&1
		[ "$t" = crc32c ] && { run_ok "plio's verify_only of fio's verify=$t" "$PLIO" --name=w \
			--filename="$F" --rw=randwrite --bs=4k --size=128k --verify="$t" --verify_only \
			--output-format=json && jexpect "plio's verify_only of fio's: no error" "$T/out" \
			'jobs.0.error == 0' 'jobs.0.read.io_bytes == 131072'; }
		run_ok "plio checks fio's verify=$t" "$PLIO" --name=r --filename="$F" --rw=read \
			--bs=4k --size=128k --verify="$t" --output-format=json &&
			jexpect "plio checks fio's verify=$t: no error" "$T/out" 'jobs.0.error == 0' \
				'jobs.0.read.io_bytes == 131072'
	done
	# the pattern layouts and verify_offset, both ways
	for opts in "--verify_pattern=0xdeadbeef" "--verify=pattern --verify_pattern='0xaa%o\"xy\"'" \
		"--verify=crc32c --verify_pattern='\"abcd\"-120xdeadface'" \
		"--verify=meta --verify_pattern=0x0102030405" "--verify=crc32c --verify_offset=512" \
		"--verify=md5 --verify_interval=1k --verify_offset=100"; do
		rm -f "$F"
		# shellcheck disable=SC2086
		eval "set -- $opts"
		"$PLIO" --name=w --filename="$F" --rw=write --bs=4k --size=64k --do_verify=0 "$@" \
			--output-format=terse >/dev/null 2>&1
		run_ok "fio checks plio's $opts" fio --name=r --filename="$F" --rw=read --bs=4k \
			--size=64k "$@" --output-format=json &&
			jexpect "fio checks plio's $opts: no error" "$T/out" 'jobs.0.error == 0'
		rm -f "$F"
		fio --name=w --filename="$F" --rw=write --bs=4k --size=64k --do_verify=0 \
			--verify_state_save=0 "$@" --output=/dev/null 2>&1
		run_ok "plio checks fio's $opts" "$PLIO" --name=r --filename="$F" --rw=read --bs=4k \
			--size=64k "$@" --output-format=json &&
			jexpect "plio checks fio's $opts: no error" "$T/out" 'jobs.0.error == 0' \
				'jobs.0.read.io_bytes == 65536'
	done
	# a byte changed in fio's data: plio names the block
	rm -f "$F"
	fio --name=w --filename="$F" --rw=write --bs=4k --size=128k --verify=sha3-512 \
		--do_verify=0 --verify_state_save=0 --output=/dev/null 2>&1
	printf '\377' | dd of="$F" bs=1 seek=$((4096 * 7 + 3000)) conv=notrunc 2>/dev/null
	run_fails "plio: a byte changed in fio's data" \
		"offset 28672, length 4096: sha3-512: expected [0-9a-f]{32}, received [0-9a-f]{32} \\(bytes 0 to 15 of 64\\) \\(written by job 1 \\(write #7\\) at [0-9.]+ s of its writer's clock\\); none of the data is what this header's seed makes: written by another tool" \
		"$PLIO" --name=r --filename="$F" --rw=read --bs=4k --size=128k --verify=sha3-512
else
	skip_part "fio is not installed: the checks across the two tools"
fi

finish
