#!/bin/sh
# sg_engine: the sg engine's SCSI commands, seen by a SCSI disk emulated on
# a regular file (tests/spy/spy_sg.c, preloaded: it answers the sg ioctls,
# SG_IO and the sg device's write/read/poll, carries each command out on
# the file and logs it):
#
# - the commands match the job's I/O, from its own write_iolog: opcodes,
#   LBAs and block counts, 10-byte commands below LBA 0xffffffff and
#   65536 blocks, 16-byte ones past them; READ CAPACITY(16) on a disk of
#   more than 2^32 blocks; SG_IO on a block device, write/read on an sg
#   character device at iodepth > 1 (completions read back in any order);
# - the bytes land where they should: verify headers at their offsets,
#   read back through the engine, nothing outside the region touched;
# - readfua/writefua set FUA, hipri the header's HIPRI flag; trims send
#   UNMAP with their ranges (holes in the file); fsync, fdatasync and
#   end_fsync send SYNCHRONIZE CACHE; every sg_write_mode sends its command
#   and the file holds what that command writes;
# - a CHECK CONDITION becomes one error line with the sense key and
#   ASC/ASCQ (fixed and descriptor sense); a regular file, a tmpfs file and
#   /dev/null without the emulation are refused in one line naming them,
#   as are a region past the disk's end and blocks not whole sectors;
# - with fio installed, fio's sg engine on the same emulated disk (the
#   preload makes stat(2) call the file a character device for fio, which
#   decides by the file type): the same commands, the same bytes.
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99

TESTSPY=${TESTSPY:-$TOP_BUILDDIR/tests/spy/.libs}
SHIM=$TESTSPY/spy_sg.so
[ -f "$SHIM" ] || skip_test "tests/spy/spy_sg.so is not built (make check builds it)"
# (an AddressSanitizer build wants its runtime first: the preload comes
# before it, which is harmless here)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

D=$T/disk
# mkdisk FILE SIZE: a disk whose every byte is 0x5a ('Z')
mkdisk() {
	head -c "$2" /dev/zero | tr '\0' 'Z' >"$1"
}

# shim LOG VAR=VALUE... CMD ARGS...: CMD on the disk emulated on $D, its
# commands logged in LOG
shim() {
	_log=$1
	shift
	rm -f "$_log"
	env PLIO_SG_DISK="$D" PLIO_SPY_FILE="$_log" LD_PRELOAD="$SHIM" "$@"
}

# one_line DESC: stderr ($T/err) holds exactly one line
one_line() {
	[ "$(wc -l <"$T/err")" -eq 1 ] && pass ||
		{ fail "$1: $(wc -l <"$T/err") lines on stderr:"; sed 's/^/    /' "$T/err" >&2; }
}

# The checks, one Python file with a mode per check (pyq runs them all in
# one Python start at the end).
cat >"$T/sg.py" <<'PY'
import sys, struct

def cdbs(path, all=False):
    """The commands of a spy log: dicts; UNMAP's descriptors in 'unmap'.
    READ CAPACITY (10 and 16) left out unless all."""
    out = []
    for line in open(path):
        f = line.split()
        if not f:
            continue
        if f[0] == 'cdb':
            d = dict(kv.split('=', 1) for kv in f[1:])
            c = {k: int(v, 0) for k, v in d.items() if k != 'via'}
            c['via'] = d['via']
            c['unmap'] = []
            c['rc'] = c['op'] == 0x25 or (c['op'] == 0x9e and c['byte1'] & 0x1f == 0x10)
            out.append(c)
        elif f[0] == 'unmap':
            d = dict(kv.split('=') for kv in f[1:])
            out[-1]['unmap'].append((int(d['lba']), int(d['blocks'])))
        elif f[0] == 'stream':
            out.append({'op': 'stream ' + f[1], 'rc': False, 'id': int(f[2].split('=')[1])})
    return [c for c in out if all or not c['rc']]

def iolog(path):
    """A write_iolog's I/O: (action, offset, length); syncs as ('sync', 0, 0)."""
    ios = []
    for line in open(path):
        f = line.split()
        if len(f) >= 3 and f[2] in ('sync', 'datasync'):
            ios.append(('sync', 0, 0))
        elif len(f) == 5 and f[2] in ('read', 'write', 'trim'):
            ios.append((f[2], int(f[3]), int(f[4])))
    return ios

READS = (0x28, 0x88)
WRITES = (0x2a, 0x8a, 0x2e, 0x8e, 0x41, 0x93, 0x9a, 0x2f, 0x8f)

def as_ios(cs, lbs):
    ios = []
    for c in cs:
        if c['op'] in READS:
            ios.append(('read', c['lba'] * lbs, c['blocks'] * lbs))
        elif c['op'] in WRITES:
            ios.append(('write', c['lba'] * lbs, c['blocks'] * lbs))
        elif c['op'] == 0x42:
            for l, n in c['unmap']:
                ios.append(('trim', l * lbs, n * lbs))
        elif c['op'] == 0x35:
            ios.append(('sync', 0, 0))
    return ios

def sizes_ok(cs):
    """Each READ/WRITE 10 bytes long below LBA 0xffffffff and 65536
    blocks, 16 bytes past either (opcode and CDB length agreeing)."""
    bad = []
    for c in cs:
        if c['op'] not in (0x28, 0x88, 0x2a, 0x8a):
            continue
        want = 10 if c['lba'] < 0xffffffff and c['blocks'] <= 0xffff else 16
        op = {(0x28, 10): 0x28, (0x28, 16): 0x88, (0x88, 10): 0x28, (0x88, 16): 0x88,
              (0x2a, 10): 0x2a, (0x2a, 16): 0x8a, (0x8a, 10): 0x2a, (0x8a, 16): 0x8a}[(c['op'], want)]
        if c['len'] != want or c['op'] != op:
            bad.append(c)
    return bad

mode = sys.argv[1]
a = sys.argv[2:]

if mode == 'iolog':
    # CDBLOG IOLOG LBS seq|set [VIA [fio]]: the commands are the job's I/O
    cs, ios, lbs = cdbs(a[0]), iolog(a[1]), int(a[2])
    got = as_ios(cs, lbs)
    if a[3] == 'set':
        got, ios = sorted(got), sorted(ios)
    assert ios, 'the I/O log is empty'
    assert got == ios, 'commands %s... != iolog %s... (%d vs %d)' % (got[:4], ios[:4], len(got), len(ios))
    # fio's CDBs are all 16 bytes long (the device reads the opcode's
    # length): only the opcodes are checked, by fio's rule (LBA only)
    bad = sizes_ok(cs) if 'fio' not in a[5:] else \
        [c for c in cs if c['op'] in (0x28, 0x88, 0x2a, 0x8a) and
         (c['op'] in (0x88, 0x8a)) != (c['lba'] >= 0xffffffff)]
    assert not bad, 'wrong CDB size: %s' % bad[:3]
    if len(a) > 4:
        vias = {c['via'] for c in cs if c['op'] in READS + WRITES + (0x42,)}
        assert vias == {a[4]}, 'sent through %s, expected %s' % (vias, a[4])

elif mode == 'landed':
    # DISK IOLOG OFF LEN BS: each block of the region holds the verify
    # header of the write the iolog has there (offset, write number);
    # every byte outside the region is still 'Z'
    disk = open(a[0], 'rb').read()
    off, ln, bs = int(a[2]), int(a[3]), int(a[4])
    writes = [o for d, o, n in iolog(a[1]) if d == 'write']
    assert sorted(writes) == list(range(off, off + ln, bs)), 'writes do not cover the region once'
    for k, o in enumerate(writes):
        magic, typ, n, seed, hoff = struct.unpack_from('<HHIQQ', disk, o)
        nio = struct.unpack_from('<H', disk, o + 34)[0]
        assert (magic, n, hoff, nio) == (0xacca, bs, o, k & 0xffff), \
            'block at %d: magic %x len %d offset %d write %d (expected write %d)' % (o, magic, n, hoff, nio, k)
    assert disk[:off] == b'Z' * off and disk[off + ln:] == b'Z' * (len(disk) - off - ln), \
        'bytes outside the region changed'

elif mode == 'fua':
    # CDBLOG READFUA WRITEFUA HIPRI: FUA in every READ and WRITE as asked,
    # SGV4_FLAG_HIPRI (0x800) in their headers as asked
    cs = cdbs(a[0])
    r = [c for c in cs if c['op'] in (0x28, 0x88)]
    w = [c for c in cs if c['op'] in (0x2a, 0x8a)]
    assert r and w, 'reads %d, writes %d' % (len(r), len(w))
    for c in r:
        assert c['fua'] == int(a[1]) and c['byte1'] == 8 * int(a[1]), 'READ %s' % c
    for c in w:
        assert c['fua'] == int(a[2]) and c['byte1'] == 8 * int(a[2]), 'WRITE %s' % c
    for c in r + w:
        assert (c['flags'] & 0x800) == 0x800 * int(a[3]), 'flags %s' % c
    assert all(c['flags'] == 0 for c in cs if c['op'] not in (0x28, 0x88, 0x2a, 0x8a))

elif mode == 'ops':
    # CDBLOG OPS...: the commands' opcodes (hex, stream open/close as
    # 'open'/'close') in this order, READ CAPACITY left out
    got = [c['op'] if isinstance(c['op'], str) else '%02x' % c['op'] for c in cdbs(a[0])]
    got = [g.replace('stream ', '') for g in got]
    assert got == a[1:], 'commands %s, expected %s' % (got, a[1:])

elif mode == 'same':
    # LOG1 LOG2: the same commands (opcode, LBA, blocks, byte 1, header
    # flags, transfer length, stream, UNMAP ranges), READ CAPACITY left
    # out (fio reads it twice) and the CDB length (fio always says 16)
    def key(c):
        return tuple(c.get(k) for k in ('op', 'lba', 'blocks', 'byte1', 'flags', 'xfer', 'str', 'unmap', 'id'))
    x, y = [key(c) for c in cdbs(a[0])], [key(c) for c in cdbs(a[1])]
    assert x, 'no commands'
    if len(a) > 2 and a[2] == 'set':
        x, y = sorted(x, key=str), sorted(y, key=str)
    assert x == y, 'fio %s... plio %s... (%d vs %d)' % (x[:3], y[:3], len(x), len(y))

elif mode == 'files_equal':
    assert open(a[0], 'rb').read() == open(a[1], 'rb').read(), 'the disks differ'

else:
    sys.exit('unknown mode ' + mode)
PY

# ------------------------------------------------------------- refusals
mkdisk "$D" 1048576
sum0=$(cksum <"$D")
run_fails "a regular file" "file '$D': open failed: not a SCSI generic device or SCSI block device" \
	"$PLIO" --name=r --ioengine=sg --filename="$D" --rw=write --bs=4k --size=64k &&
	one_line "a regular file"
[ "$(cksum <"$D")" = "$sum0" ] && pass || fail "a regular file: the refused job changed it"
if [ -d /dev/shm ] && S=$(mktemp /dev/shm/plio-sg.XXXXXX 2>/dev/null); then
	mkdisk "$S" 65536
	run_fails "a tmpfs file" "file '$S': open failed: not a SCSI generic device or SCSI block device" \
		"$PLIO" --name=r --ioengine=sg --filename="$S" --rw=read --size=64k && one_line "a tmpfs file"
	rm -f "$S"
else
	skip_part "no /dev/shm: a tmpfs file not tried"
fi
run_fails "/dev/null" "file '/dev/null': open failed: not a SCSI generic device or SCSI block device" \
	"$PLIO" --name=r --ioengine=sg --filename=/dev/null --rw=read --size=64k && one_line "/dev/null"
run_fails "a region past the disk's end" \
	"open failed: the job's region ends at byte 1048576, past the device's end \(1024 blocks of 512 bytes: 524288 bytes\)" \
	shim "$T/r.log" PLIO_SG_BLOCKS=1024 "$PLIO" --name=r --ioengine=sg --filename="$D" \
	--rw=read --bs=4k --size=1m && one_line "a region past the end"
run_fails "2k blocks on 4k sectors" "open failed: read block sizes 2048-2048 are not whole blocks of the device's 4096 bytes" \
	shim "$T/r.log" PLIO_SG_LBS=4096 "$PLIO" --name=r --ioengine=sg --filename="$D" \
	--rw=read --bs=2k --size=64k && one_line "2k blocks on 4k sectors"
run_fails "write_stream longer than 65535 blocks" "write_stream: write block size 33554432 is more than WRITE STREAM\(16\) moves" \
	shim "$T/r.log" PLIO_SG_BLOCKS=1048576 "$PLIO" --name=r --ioengine=sg --filename="$D" \
	--rw=write --bs=32m --size=32m --sg_write_mode=write_stream --stream_id=1 &&
	one_line "write_stream longer than 65535 blocks"

run_fails "sg_write_mode=bogus" "sg_write_mode: 'bogus' is not one of: write, write_and_verify, verify, write_same, same, write_same_ndob, write_stream, verify_bytchk_00, verify_bytchk_01, verify_bytchk_11" \
	"$PLIO" --name=r --ioengine=sg --filename="$D" --sg_write_mode=bogus --parse-only &&
	one_line "sg_write_mode=bogus"
run_fails "stream_id=70000" "stream_id: '70000' is out of range \(0 to 65535\)" \
	"$PLIO" --name=r --ioengine=sg --filename="$D" --stream_id=70000 --parse-only &&
	one_line "stream_id=70000"

# ------------------------------------------- writes land, read back (SG_IO)
mkdisk "$D" 2097152
run_ok "randwrite + verify through SG_IO" shim "$T/w.log" PLIO_SG_TYPE=blk \
	"$PLIO" --name=w --ioengine=sg --filename="$D" --rw=randwrite --bs=4k --offset=256k --size=1m \
	--verify=crc32c --write_iolog="$T/w.iolog" --output-format=json &&
	jexpect "randwrite + verify: all written and read back" "$T/out" "jobs.0.write.io_bytes == 1048576" \
		"jobs.0.read.io_bytes == 1048576" "jobs.0.error == 0" \
		"jobs.0.engine_counters.sg_io_ioctls == 512" "jobs.0.engine_counters.sg_writes == 0" &&
	pyq "SG_IO: the commands are the iolog's I/O, in order" "$T/sg.py" iolog "$T/w.log" "$T/w.iolog" 512 seq ioctl &&
	cp "$D" "$T/w.disk" &&
	pyq "SG_IO: each 4k block holds its write's header, nothing outside the region changed" \
		"$T/sg.py" landed "$T/w.disk" "$T/w.iolog" 262144 1048576 4096
sed -n 1p "$T/w.log" | grep -q '^cdb op=0x25 len=10 ' && [ "$(grep -c 'op=0x25' "$T/w.log")" = 1 ] && pass ||
	fail "SG_IO: the first command is not the one READ CAPACITY(10): $(sed -n 1p "$T/w.log")"

# -------------------------------- the sg device's write/read at iodepth 32
mkdisk "$D" 2097152
run_ok "randrw iodepth=32 through write/read" shim "$T/a.log" PLIO_SG_ORDER=lifo \
	"$PLIO" --name=a --ioengine=sg --filename="$D" --rw=randwrite --bs=8k --offset=256k --size=1m \
	--iodepth=32 --verify=crc32c --write_iolog="$T/a.iolog" --output-format=json &&
	jexpect "async: all written and read back, 16 in flight at most" "$T/out" "jobs.0.error == 0" \
		"jobs.0.write.io_bytes == 1048576" "jobs.0.read.io_bytes == 1048576" \
		"jobs.0.engine_counters.sg_writes == 256" "jobs.0.engine_counters.sg_reads == 256" \
		"jobs.0.engine_counters.sg_io_ioctls == 0" "jobs.0.engine_counters.queue_full > 0" &&
	pyq "async: the commands are the iolog's I/O" "$T/sg.py" iolog "$T/a.log" "$T/a.iolog" 512 set write &&
	cp "$D" "$T/a.disk" &&
	pyq "async: each 8k block holds its write's header" "$T/sg.py" landed "$T/a.disk" "$T/a.iolog" \
		262144 1048576 8192

# direct=1 (or sync=) waits for each command, as in fio: SG_IO at any depth
run_ok "direct=1 iodepth=8" shim "$T/d.log" "$PLIO" --name=d --ioengine=sg --filename="$D" \
	--rw=randread --bs=8k --size=256k --iodepth=8 --direct=1 --output-format=json &&
	jexpect "direct=1: every command through SG_IO, depth 1" "$T/out" \
		"jobs.0.engine_counters.sg_io_ioctls == 32" "jobs.0.engine_counters.sg_writes == 0" \
		"jobs.0.iodepth_level.1 == 100.0"

# ------------------------------------------------ FUA and HIPRI, by option
for f in "0 0 0" "1 0 1" "0 1 0" "1 1 1"; do
	set -- $f
	run_ok "readfua=$1 writefua=$2 hipri=$3" shim "$T/f$1$2$3.log" "$PLIO" --name=f --ioengine=sg \
		--filename="$D" --rw=randrw --bs=4k --size=256k --readfua="$1" --writefua="$2" --hipri="$3" \
		--output=/dev/null &&
		pyq "readfua=$1 writefua=$2 hipri=$3: FUA and HIPRI as asked" "$T/sg.py" fua "$T/f$1$2$3.log" "$1" "$2" "$3"
done

# --------------------------------- 16-byte commands: LBA 2^32, 65536 blocks
B=$T/big
if truncate -s 3T "$B" 2>/dev/null; then
	D0=$D
	D=$B
	# the last 64 KiB below 2 TiB (LBA 4294967168..) and the first above
	run_ok "writes across LBA 2^32" shim "$T/b.log" "$PLIO" --name=b --ioengine=sg --filename="$B" \
		--rw=write --bs=32k --offset=2199023190016 --size=128k --buffer_pattern=0x12345678 \
		--write_iolog="$T/b.iolog" --output=/dev/null &&
		pyq "2^32: READ/WRITE(10) below LBA 0xffffffff, (16) from it, as the iolog says" \
			"$T/sg.py" iolog "$T/b.log" "$T/b.iolog" 512 seq &&
		pyq "2^32: opcodes" "$T/sg.py" ops "$T/b.log" 2a 2a 8a 8a
	grep -q '^cdb op=0x9e len=16 .* byte1=0x10 .* xfer=32 ' "$T/b.log" && pass ||
		fail "2^32: no READ CAPACITY(16) on a disk of more than 2^32 blocks"
	pyq_py "2^32: the bytes at 2 TiB +- 64 KiB are the pattern" "$B" <<'PY'
import sys
with open(sys.argv[1], 'rb') as f:
    f.seek(2199023190016)
    d = f.read(131072 + 4096)
assert d[:131072] == bytes.fromhex('12345678') * 32768, d[:16].hex()
assert d[131072:] == bytes(4096), 'past the region: %s' % d[131072:131088].hex()
PY
	run_ok "a read of 65536 blocks" shim "$T/l.log" "$PLIO" --name=l --ioengine=sg --filename="$B" \
		--rw=read --bs=32m --size=64m --write_iolog="$T/l.iolog" --output=/dev/null &&
		pyq "65536 blocks: READ(16) at LBA 0 and 65536" "$T/sg.py" iolog "$T/l.log" "$T/l.iolog" 512 seq &&
		pyq "65536 blocks: opcodes" "$T/sg.py" ops "$T/l.log" 88 88
	D=$D0
else
	skip_part "this file system has no 3 TiB sparse files: 16-byte commands not tried"
fi

# ------------------------------------------------------ trims and syncs
mkdisk "$D" 1048576
run_ok "randtrim" shim "$T/t.log" "$PLIO" --name=t --ioengine=sg --filename="$D" --rw=randtrim \
	--bs=16k --offset=128k --size=256k --write_iolog="$T/t.iolog" --output=/dev/null &&
	pyq "trims: one UNMAP each, with the iolog's range" "$T/sg.py" iolog "$T/t.log" "$T/t.iolog" 512 seq &&
	pyq_py "trims: the region reads zeroes, the rest is as it was" "$D" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
assert d[131072:393216] == bytes(262144), 'not all trimmed'
assert d[:131072] + d[393216:] == b'Z' * (1048576 - 262144), 'outside the region changed'
PY
grep -c '^cdb op=0x42 len=10 .* xfer=24 ' "$T/t.log" | grep -qx 16 && pass ||
	fail "trims: expected 16 UNMAPs of one descriptor (24-byte lists), log has $(grep -c 'op=0x42' "$T/t.log")"
run_ok "fsync=4, fdatasync=3, end_fsync" shim "$T/s.log" "$PLIO" --name=s --ioengine=sg \
	--filename="$D" --rw=write --bs=4k --size=40k --fsync=4 --write_iolog="$T/s.iolog" --output=/dev/null &&
	pyq "fsync=4: SYNCHRONIZE CACHE after every 4th WRITE" "$T/sg.py" ops "$T/s.log" \
		2a 2a 2a 2a 35 2a 2a 2a 2a 35 2a 2a &&
	pyq "fsync=4: as the iolog" "$T/sg.py" iolog "$T/s.log" "$T/s.iolog" 512 seq
run_ok "fdatasync=3, end_fsync" shim "$T/s2.log" "$PLIO" --name=s --ioengine=sg \
	--filename="$D" --rw=write --bs=4k --size=28k --fdatasync=3 --end_fsync=1 --output=/dev/null &&
	pyq "fdatasync=3 + end_fsync: SYNCHRONIZE CACHE for each" "$T/sg.py" ops "$T/s2.log" \
		2a 2a 2a 35 2a 2a 2a 35 2a 35
grep '^cdb op=0x35' "$T/s2.log" | grep -vq 'len=10 lba=0 blocks=0 .* xfer=0 ' &&
	fail "SYNCHRONIZE CACHE(10) is not for the whole medium" || pass

# --------------------------------------------------------- sg_write_mode
mkdisk "$D" 262144
run_ok "write_same" shim "$T/ws.log" "$PLIO" --name=m --ioengine=sg --filename="$D" --rw=write \
	--bs=8k --size=32k --sg_write_mode=write_same --buffer_pattern=0x01020304 --output=/dev/null &&
	pyq "write_same: WRITE SAME(10), one block sent" "$T/sg.py" ops "$T/ws.log" 41 41 41 41
grep -c '^cdb op=0x41 len=10 .* blocks=16 .* xfer=512 ' "$T/ws.log" | grep -qx 4 && pass ||
	fail "write_same: commands $(grep -c 'op=0x41' "$T/ws.log"), expected 4 of 16 blocks with 512 bytes each"
pyq_py "write_same: 32 KiB of the pattern, the rest as it was" "$D" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
assert d[:32768] == bytes.fromhex('01020304') * 8192 and d[32768:] == b'Z' * (262144 - 32768)
PY
run_ok "write_same_ndob" shim "$T/wn.log" "$PLIO" --name=m --ioengine=sg --filename="$D" --rw=write \
	--bs=8k --offset=64k --size=16k --sg_write_mode=write_same_ndob --output=/dev/null &&
	pyq "write_same_ndob: WRITE SAME(16) NDOB, nothing sent" "$T/sg.py" ops "$T/wn.log" 93 93
grep -c '^cdb op=0x93 len=16 .* blocks=16 fua=0 byte1=0x01 .* xfer=0 ' "$T/wn.log" | grep -qx 2 && pass ||
	fail "write_same_ndob: NDOB bit or transfer wrong: $(grep 'op=0x93' "$T/wn.log" | head -1)"
pyq_py "write_same_ndob: 16 KiB of zeroes" "$D" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
assert d[65536:81920] == bytes(16384) and d[81920:] == b'Z' * (262144 - 81920)
PY
run_ok "write_and_verify" shim "$T/wv.log" "$PLIO" --name=m --ioengine=sg --filename="$D" --rw=write \
	--bs=8k --offset=128k --size=16k --sg_write_mode=write_and_verify --buffer_pattern=0x77 \
	--output=/dev/null &&
	pyq "write_and_verify: WRITE AND VERIFY(10), BYTCHK 00" "$T/sg.py" ops "$T/wv.log" 2e 2e
# fio's deprecated names
for m in "same 41" "verify 2e"; do
	set -- $m
	run_ok "sg_write_mode=$1" shim "$T/old$1.log" "$PLIO" --name=m --ioengine=sg --filename="$D" \
		--rw=write --bs=8k --offset=128k --size=16k --sg_write_mode="$1" --output=/dev/null &&
		pyq "sg_write_mode=$1 (deprecated): opcode 0x$2" "$T/sg.py" ops "$T/old$1.log" "$2" "$2"
done
run_ok "write_stream, stream_id=0" shim "$T/st.log" "$PLIO" --name=m --ioengine=sg --filename="$D" \
	--rw=write --bs=8k --size=16k --sg_write_mode=write_stream --writefua=1 --output=/dev/null &&
	pyq "write_stream: STREAM CONTROL (open), WRITE STREAM(16) x2, STREAM CONTROL (close)" "$T/sg.py" ops "$T/st.log" \
		9e open 9a 9a 9e close
grep -c '^cdb op=0x9a len=16 .* fua=1 .* str=7$' "$T/st.log" | grep -qx 2 && pass ||
	fail "write_stream: WRITE STREAM without FUA or not to the opened stream 7"
run_ok "write_stream, stream_id=3" shim "$T/st3.log" "$PLIO" --name=m --ioengine=sg --filename="$D" \
	--rw=write --bs=8k --size=16k --sg_write_mode=write_stream --stream_id=3 --output=/dev/null &&
	pyq "write_stream=3: no STREAM CONTROL" "$T/sg.py" ops "$T/st3.log" 9a 9a
grep -c 'str=3$' "$T/st3.log" | grep -qx 2 && pass || fail "stream_id=3: not in the commands"
for m in 00 01 11; do
	run_ok "verify_bytchk_$m, same data" shim "$T/v$m.log" "$PLIO" --name=m --ioengine=sg \
		--filename="$D" --rw=write --bs=8k --offset=192k --size=16k --sg_write_mode=verify_bytchk_$m \
		--buffer_pattern=0x5a --output=/dev/null &&
		pyq "verify_bytchk_$m: VERIFY(10)" "$T/sg.py" ops "$T/v$m.log" 2f 2f
done
grep -q 'op=0x2f .* byte1=0x00 .* xfer=0 ' "$T/v00.log" && grep -q 'op=0x2f .* byte1=0x02 .* xfer=8192 ' "$T/v01.log" &&
	grep -q 'op=0x2f .* byte1=0x06 .* xfer=512 ' "$T/v11.log" && pass ||
	fail "verify_bytchk_*: BYTCHK bits or transfer lengths wrong"
run_fails "verify_bytchk_01, other data: MISCOMPARE in one line" \
	"^plio: job 'm': file '$D': write of 8192 bytes at offset 196608 failed: SCSI VERIFY\(10\) at LBA 384: CHECK CONDITION, sense key MISCOMPARE \(0xe\), ASC/ASCQ 0x1d/0x00 \(miscompare during verify operation\)$" \
	shim "$T/vx.log" "$PLIO" --name=m --ioengine=sg --filename="$D" --rw=write --bs=8k --offset=192k \
	--size=16k --sg_write_mode=verify_bytchk_01 --buffer_pattern=0x33 --output=/dev/null &&
	one_line "MISCOMPARE"

# ------------------------------------------------------ CHECK CONDITION
mkdisk "$D" 1048576
for v in "blk fixed 1" "chr desc 8"; do
	set -- $v
	run_fails "MEDIUM ERROR, $1 $2 sense, iodepth=$3" \
		"^plio: job 'e': file '$D': read of 4096 bytes at offset 65536 failed: SCSI READ\(10\) at LBA 128: CHECK CONDITION, sense key MEDIUM ERROR \(0x3\), ASC/ASCQ 0x11/0x00 \(unrecovered read error\)$" \
		shim "$T/e.log" PLIO_SG_TYPE="$1" PLIO_SG_SENSE="$2" PLIO_SG_FAIL=130,3,0x11,0 \
		"$PLIO" --name=e --ioengine=sg --filename="$D" --rw=read --bs=4k --size=1m --iodepth="$3" \
		--output-format=json &&
		one_line "MEDIUM ERROR, $1 $2 sense" &&
		jexpect "MEDIUM ERROR: the job's error is EIO" "$T/out" "jobs.0.error == 5"
done
run_fails "a failing READ CAPACITY" \
	"^plio: job 'e': file '$D': open failed: SCSI READ CAPACITY\(10\): CHECK CONDITION, sense key NOT READY \(0x2\), ASC/ASCQ 0x3a/0x00 \(medium not present\)$" \
	shim "$T/e.log" PLIO_SG_FAIL=0,2,0x3a,0,0x25 \
	"$PLIO" --name=e --ioengine=sg --filename="$D" --rw=read --bs=4k --size=64k &&
	one_line "a failing READ CAPACITY"

# ------------------------------------------------- fio's sg engine beside
# fio FIO|PLIO NAME ARGS...: run one tool on a fresh disk $T/NAME.TOOL.disk
tool() {
	_t=$1 _n=$2
	shift 2
	mkdisk "$T/$_n.$_t.disk" 1048576
	D=$T/$_n.$_t.disk
	if [ "$_t" = fio ]; then
		shim "$T/$_n.fio.log" PLIO_SG_STAT=1 timeout 120 fio --name=c --ioengine=sg \
			--filename="$D" --output="$T/$_n.fio.out" "$@" >"$T/$_n.fio.err" 2>&1
	else
		shim "$T/$_n.plio.log" "$PLIO" --name=c --ioengine=sg --filename="$D" \
			--output="$T/$_n.plio.out" "$@" >"$T/$_n.plio.err" 2>&1
	fi
}

# [ORDER=set] beside NAME DESC ARGS...: fio and plio, the same commands
# (in the same order, or with ORDER=set in any) and the same bytes
beside() {
	_n=$1 _d=$2
	shift 2
	if ! tool fio "$_n" "$@"; then
		skip_part "fio's sg engine fails on the emulated disk ($_d): $(head -c 300 "$T/$_n.fio.err")"
		return
	fi
	if ! tool plio "$_n" "$@"; then
		fail "beside fio, $_d: plio failed: $(head -c 300 "$T/$_n.plio.err")"
		return
	fi
	pass
	pyq "beside fio, $_d: the same commands" "$T/sg.py" same "$T/$_n.fio.log" "$T/$_n.plio.log" \
		"${ORDER:-seq}"
	pyq "beside fio, $_d: the same bytes on the disk" "$T/sg.py" files_equal \
		"$T/$_n.fio.disk" "$T/$_n.plio.disk"
}

if ! command -v fio >/dev/null 2>&1; then
	skip_part "fio is not installed: not compared with fio's sg engine"
elif ! tool fio probe --rw=read --bs=4k --size=16k || ! grep -q 'op=0x28' "$T/probe.fio.log"; then
	skip_part "fio's sg engine does not run on the emulated disk (its checks defeat the preload): $(head -c 300 "$T/probe.fio.err")"
else
	beside w "writes, fsync=5, end_fsync, writefua" --rw=write --bs=8k --size=256k --fsync=5 \
		--end_fsync=1 --writefua=1 --buffer_pattern=0xc0ffee00
	beside r "reads, readfua, hipri" --rw=read --bs=16k --offset=64k --size=256k --readfua=1 --hipri=1
	beside t "trims" --rw=trim --bs=16k --offset=128k --size=256k
	for m in write_and_verify write_same write_same_ndob write_stream verify_bytchk_00 \
		verify_bytchk_01 verify_bytchk_11; do
		beside "$m" "sg_write_mode=$m" --rw=write --bs=8k --offset=32k --size=64k \
			--sg_write_mode="$m" --buffer_pattern=0x5a
	done
	ORDER=set beside q "writes at iodepth=8 (write/read)" --rw=write --bs=4k --size=256k \
		--iodepth=8 --buffer_pattern=0x11
	# random I/O: each tool's commands against its own write_iolog
	for t in fio plio; do
		tool $t rnd --rw=randrw --bs=4k --size=512k --iodepth=8 --write_iolog="$T/rnd.$t.iolog" &&
			pyq "$t randrw iodepth=8: the commands are its iolog's I/O" "$T/sg.py" iolog \
				"$T/rnd.$t.log" "$T/rnd.$t.iolog" 512 set write $t ||
			fail "$t randrw iodepth=8 failed: $(head -c 300 "$T/rnd.$t.err")"
	done
	# fio on a 3 TiB disk: the same 10- and 16-byte commands around LBA 2^32
	if [ -f "$B" ]; then
		D0=$D
		for t in fio plio; do
			cp /dev/null "$T/big.$t.log"
			D=$B
			if [ $t = fio ]; then
				shim "$T/big.fio.log" PLIO_SG_STAT=1 timeout 120 fio --name=c --ioengine=sg \
					--filename="$B" --rw=read --bs=32k --offset=2199023190016 --size=128k \
					--output=/dev/null >"$T/big.fio.err" 2>&1
			else
				shim "$T/big.plio.log" "$PLIO" --name=c --ioengine=sg --filename="$B" --rw=read \
					--bs=32k --offset=2199023190016 --size=128k --output=/dev/null
			fi
		done
		D=$D0
		pyq "beside fio, reads around LBA 2^32: the same commands" "$T/sg.py" same \
			"$T/big.fio.log" "$T/big.plio.log"
	fi
fi
rm -f "$B"

finish
