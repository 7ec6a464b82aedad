#!/bin/sh
# buffers: what writes carry and where the buffers live.
#
# - the data a write job leaves in its file, measured from outside: the
#   share of distinct blocks (dedupe), how far zlib shrinks it, the share
#   of zero bytes: scramble_buffers (default) makes every block distinct,
#   zero_buffers zeroes, refill_buffers incompressible new data,
#   buffer_compress_percentage compresses to that share (zlib), with
#   buffer_compress_chunk, dedupe_percentage repeats that share of blocks
#   (dedupe_mode=repeat and working_set, dedupe_global across jobs),
#   buffer_pattern every form fio takes; the files laid out for a read job
#   hold the same kind of data; a mixed job's writes keep their data after
#   reads;
# - mem= (malloc, shm, mmap, mmapshared, mmap:FILE, shmhuge and mmaphuge
#   when huge pages can be reserved) and iomem_align, seen by the record
#   test engine in /proc/self/maps and in the buffer's address;
# - refusals and failures in one line;
# - with fio installed: the same jobs' compressibility and dedupe shares
#   within a few points of fio's.
. "$TOP_SRCDIR/tests/integration/lib.sh"
# jobs with verify leave their state file in the current directory
cd "$T" || exit 99

F=$T/data

# what bufcheck measures: u (distinct blocks / blocks), z (zlib -6 size /
# size), zero (zero bytes / size), n (blocks); ARGS: file, block size,
# a Python condition over them
cat >"$T/bufstat.py" <<'PY'
import sys, zlib
path, bs, cond = sys.argv[1], int(sys.argv[2]), sys.argv[3]
d = open(path, "rb").read()
n = len(d) // bs
u = len({d[i * bs:(i + 1) * bs] for i in range(n)}) / n
z = len(zlib.compress(d, 6)) / len(d)
zero = d.count(0) / len(d)
if not eval(cond):
    sys.exit(f"{cond}: n={n} u={u:.3f} z={z:.3f} zero={zero:.3f}")
PY

# bufcheck DESC COND ARGS...: a 4 MiB sequential write with ARGS, then COND
# over its file's figures (queued; the file is kept as $T/b.N)
_bn=0
bufcheck() {
	_bd=$1
	_bc=$2
	shift 2
	_bn=$((_bn + 1))
	rm -f "$F"
	run_ok "$_bd" "$PLIO" --name=b --filename="$F" --rw=write --bs=4k --size=4m "$@" || return
	mv "$F" "$T/b.$_bn"
	pyq "$_bd" "$T/bufstat.py" "$T/b.$_bn" 4096 "$_bc"
}

# ------------------------------------------------------------ contents
bufcheck "default (scramble_buffers=1): every block distinct" 'u == 1'
bufcheck "scramble_buffers=0: one buffer, written again and again" 'u <= 2 / n' \
	--scramble_buffers=0
bufcheck "zero_buffers: zeroes" 'zero == 1' --zero_buffers
bufcheck "refill_buffers: new random data every write" 'u == 1 and z > 0.99' --refill_buffers
for pct in 25 50 75; do
	lo=$(((100 - pct) * 90 / 100)) hi=$(((100 - pct) * 105 / 100 + 1))
	bufcheck "buffer_compress_percentage=$pct: zlib leaves $((100 - pct))%" \
		"$lo / 100 <= z <= $hi / 100 and u == 1" --buffer_compress_percentage=$pct
done
bufcheck "buffer_compress_percentage=50 buffer_compress_chunk=4k" \
	'0.45 <= z <= 0.53 and 0.48 <= zero <= 0.53' \
	--buffer_compress_percentage=50 --buffer_compress_chunk=4k
bufcheck "buffer_compress_percentage=50 refill_buffers=0: made once" 'u <= 2 / n' \
	--buffer_compress_percentage=50 --refill_buffers=0
bufcheck "buffer_compress_percentage=100: zeroes" 'zero == 1' --buffer_compress_percentage=100
bufcheck "zero_buffers with buffer_compress_percentage=50: the percentage wins (fio's)" \
	'0.45 <= z <= 0.53' --zero_buffers --buffer_compress_percentage=50
bufcheck "buffer_compress_percentage=50 with buffer_pattern: the pattern, not zeroes" \
	'0.45 <= z <= 0.53 and zero < 0.01' --buffer_compress_percentage=50 --buffer_pattern=0xdeadbeef
bufcheck "dedupe_percentage=50: half the blocks repeat the last new one" \
	'0.42 <= u <= 0.58 and 0.45 <= z <= 0.55' --dedupe_percentage=50
bufcheck "dedupe_percentage=100: one block" 'u <= 2 / n' --dedupe_percentage=100
bufcheck "dedupe_percentage=0 with refill_buffers: all distinct" 'u == 1' \
	--dedupe_percentage=0 --refill_buffers
bufcheck "dedupe_mode=working_set: repeats of the first 5% of blocks, far apart" \
	'0.42 <= u <= 0.58 and z > 0.95' --dedupe_percentage=50 --dedupe_mode=working_set
bufcheck "dedupe with compression: both" '0.42 <= u <= 0.58 and 0.2 <= z <= 0.3' \
	--dedupe_percentage=50 --buffer_compress_percentage=50

# buffer_pattern: the file is the pattern over and over, every form
for p in '0xdeadbeef:deadbeef' '"abcd":61626364' '"abcd"-120xdeadface:61626364f4ffffffdeadface' \
	'255:ff' '0x0102"xy"7:01027879 07'; do
	pat=${p%%:*} hex=$(printf '%s' "${p#*:}" | tr -d ' ')
	rm -f "$F"
	run_ok "buffer_pattern=$pat" "$PLIO" --name=b --filename="$F" --rw=write --bs=4k \
		--size=64k --buffer_pattern="$pat" || continue
	mv "$F" "$T/pat.$hex"
	pyq_py "buffer_pattern=$pat: each block is the pattern from its start" "$T/pat.$hex" "$hex" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
p = bytes.fromhex(sys.argv[2])
blk = (p * (4096 // len(p) + 1))[:4096]
bad = [i for i in range(0, len(d), 4096) if d[i:i + 4096] != blk]
sys.exit(f"{len(bad)} blocks differ, first at {bad[0]}" if bad else 0)
PY
done

# files laid out for a read job hold the job's kind of data
rm -f "$F"
run_ok "read job, zero_buffers: laid out" "$PLIO" --name=b --filename="$F" --rw=read --bs=4k \
	--size=4m --zero_buffers && mv "$F" "$T/lay0" && pyq "laid out with zero_buffers: zeroes" \
	"$T/bufstat.py" "$T/lay0" 4096 'zero == 1'
rm -f "$F"
run_ok "read job, buffer_compress_percentage=30: laid out" "$PLIO" --name=b --filename="$F" \
	--rw=read --bs=4k --size=4m --buffer_compress_percentage=30 && mv "$F" "$T/lay30" &&
	pyq "laid out with buffer_compress_percentage=30: compresses to 70%, no block twice" \
	"$T/bufstat.py" "$T/lay30" 4096 '0.65 <= z <= 0.75 and u == 1'
rm -f "$F"
run_ok "read job: laid out" "$PLIO" --name=b --filename="$F" --rw=read --bs=4k --size=4m &&
	mv "$F" "$T/lay" && pyq "laid out: random, no block twice" "$T/bufstat.py" "$T/lay" 4096 \
	'u == 1 and z > 0.99'
# a mixed job: reads overwrite the buffers, its writes still carry zeroes
rm -f "$F"
run_ok "randrw zero_buffers" "$PLIO" --name=b --filename="$F" --rw=randrw --bs=4k --size=4m \
	--iodepth=4 --ioengine=libaio --zero_buffers --output-format=json &&
	cp "$T/out" "$T/rw.json" && mv "$F" "$T/rw0" &&
	pyq "randrw zero_buffers: the file stays zeroes" "$T/bufstat.py" "$T/rw0" 4096 'zero == 1' &&
	pyq "randrw zero_buffers: it wrote" - expect "$T/rw.json" 'jobs.0.write.io_bytes > 0'

# verify writes its own data whatever the buffer options say
rm -f "$F"
run_ok "verify=crc32c with buffer_compress_percentage and dedupe" "$PLIO" --name=b \
	--filename="$F" --rw=write --bs=4k --size=1m --verify=crc32c --buffer_compress_percentage=50 \
	--dedupe_percentage=50 --output-format=json && cp "$T/out" "$T/vc.json" &&
	pyq "verify with buffer options: read back clean" - expect "$T/vc.json" 'jobs.0.error == 0' \
	'jobs.0.read.io_bytes == 1048576'

# dedupe_global: two jobs' repeated blocks come from one set
for g in 0 1; do
	rm -f "$T/g1" "$T/g2"
	run_ok "two jobs, dedupe_global=$g" "$PLIO" --rw=write --bs=4k --size=2m \
		--dedupe_percentage=50 --dedupe_mode=working_set --dedupe_global=$g \
		--name=a --filename="$T/g1" --name=b --filename="$T/g2" || continue
	mv "$T/g1" "$T/g1.$g"
	mv "$T/g2" "$T/g2.$g"
done
cat >"$T/shared.py" <<'PY'
import sys
def blocks(p):
    d = open(p, "rb").read()
    return {d[i:i + 4096] for i in range(0, len(d), 4096)}
shared = len(blocks(sys.argv[1]) & blocks(sys.argv[2]))
want = sys.argv[3]
if (want == "none" and shared) or (want == "some" and shared < 5):
    sys.exit(f"{shared} blocks in both files, expected {want}")
PY
[ -f "$T/g1.0" ] && pyq "dedupe_global=0: the jobs share no block" "$T/shared.py" \
	"$T/g1.0" "$T/g2.0" none
[ -f "$T/g1.1" ] && pyq "dedupe_global=1: the jobs repeat the same blocks" "$T/shared.py" \
	"$T/g1.1" "$T/g2.1" some

# ------------------------------------------------------ where they live
# memcheck DESC MAPPING-REGEX ALIGN ARGS...: the record engine's M line:
# the buffers' mapping matches, and the address is a multiple of ALIGN;
# =ALIGN: of ALIGN and of no larger power of two (iomem_align=ALIGN);
# +N: N past a page (iomem_align=N, N not a power of two: fio's rule)
memcheck() {
	_md=$1 _mre=$2 _ma=$3
	shift 3
	rm -f "$T/mlog.0.0"
	run_ok "$_md" "$PLIO" --plugin-dir "$TESTPLUGINS" --name=m --ioengine=record \
		--record_file="$T/mlog" --record_mem=1 --filename="$F" --rw=write --bs=4k --size=64k \
		--iodepth=2 "$@" || return
	_ml=$(head -n 1 "$T/mlog.0.0")
	case $_ml in
	M\ 0x*) ;;
	*) fail "$_md: no M line: $_ml"; return ;;
	esac
	_addr=$(($(echo "$_ml" | awk '{ print $2 }')))
	case $_ma in
	=*) _ma=${_ma#=} _exact=1 ;;
	*) _exact=0 ;;
	esac
	if ! echo "$_ml" | grep -Eq "$_mre"; then
		fail "$_md: mapping is not /$_mre/: $_ml"
	elif case $_ma in +*) [ $((_addr % 4096)) -ne "${_ma#+}" ] ;; *) false ;; esac; then
		fail "$_md: address $_addr is not ${_ma#+} past a page"
	elif case $_ma in +*) false ;; *) [ $((_addr % _ma)) -ne 0 ] ;; esac; then
		fail "$_md: address $_addr is not $_ma-aligned"
	elif [ "$_exact" = 1 ] && [ $((_addr % (2 * _ma))) -eq 0 ]; then
		fail "$_md: address $_addr is $((2 * _ma))-aligned, more than iomem_align=$_ma"
	else
		pass
	fi
}
memcheck "mem=malloc (default): private memory, a page" ' rw-p ' 4096
memcheck "mem=shm: a System V segment" ' rw-s .*/SYSV' 4096 --mem=shm
memcheck "mem=mmap: private anonymous" ' rw-p 00000000 00:00 0' 4096 --mem=mmap
memcheck "mem=mmapshared: shared anonymous" ' rw-s .*(/dev/zero|/SYSV)' 4096 --mem=mmapshared
memcheck "iomem=mmap:FILE: the file" " rw-s .*$T/mfile" 4096 --iomem=mmap:"$T/mfile"
[ -e "$T/mfile" ] && fail "mem=mmap:FILE: the file is left after the run"
for a in =512 =4096 =65536 +3 +100; do
	memcheck "iomem_align=${a#?}" ' rw-p ' "$a" --iomem_align="${a#?}"
	memcheck "mem=shm iomem_align=${a#?}" '/SYSV' "$a" --mem=shm --iomem_align="${a#?}"
done
memcheck "mem_align (alias) 1024" ' rw-p ' =1024 --mem_align=1024

# huge pages: only when some can be reserved here (root, not in a
# container that forbids it); given back after
HP=/proc/sys/vm/nr_hugepages
hp_old=$(cat "$HP" 2>/dev/null)
if [ -n "$hp_old" ] && echo $((hp_old + 4)) >"$HP" 2>/dev/null &&
	[ "$(cat "$HP")" -ge $((hp_old + 4)) ]; then
	memcheck "mem=shmhuge: a huge-page segment" '/SYSV' 2097152 --mem=shmhuge
	memcheck "mem=mmaphuge: anonymous huge pages" 'anon_hugepage' 2097152 --mem=mmaphuge
	echo "$hp_old" >"$HP"
else
	skip_part "mem=shmhuge, mmaphuge: no huge pages can be reserved here"
fi
if [ "$(cat "$HP" 2>/dev/null)" = 0 ]; then
	"$PLIO" --name=m --filename="$F" --rw=write --bs=4k --size=64k --mem=shmhuge \
		>"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -ne 0 ] && grep -q "mem: shmget of .* bytes failed: .*huge pages reserved: 0" "$T/err"; then
		pass
	else
		fail "mem=shmhuge without huge pages: exit $rc, $(cat "$T/err")"
	fi
fi

# ------------------------------------------------------------ refusals
refused() {
	_rd=$1 _rre=$2
	shift 2
	"$PLIO" --name=m --filename="$F" --rw=write --bs=4k --size=64k "$@" >"$T/out" 2>"$T/err"
	_rc=$?
	if [ "$_rc" -ne 0 ] && [ "$(grep -c . "$T/err")" -eq 1 ] && grep -Eq "$_rre" "$T/err"; then
		pass
	else
		fail "$_rd: exit $_rc, stderr: $(cat "$T/err")"
	fi
}
refused "mem=shm:FILE" "mem: 'shm:x': only mmap and mmaphuge take a :FILE" --mem=shm:x
refused "mem=bogus" "mem.*bogus" --mem=bogus
refused "hugepage-size not a power of two" "hugepage-size.*power of two" --hugepage-size=3000
refused "dedupe_mode=bogus" "dedupe_mode.*bogus" --dedupe_mode=bogus
refused "dedupe_percentage=101" "dedupe_percentage" --dedupe_percentage=101
refused "iomem_align too large" "iomem_align" --iomem_align=4g
refused "mem=mmap:FILE in a missing folder" "mem: file '$T/no/such': No such file" \
	--mem=mmap:"$T/no/such"

# ------------------------------------------------------------------ fio
if command -v fio >/dev/null 2>&1; then
	for a in "--buffer_compress_percentage=50" "--buffer_compress_percentage=20" \
		"--dedupe_percentage=40" "--dedupe_percentage=40 --dedupe_mode=working_set" \
		"--dedupe_percentage=40 --buffer_compress_percentage=40"; do
		rm -f "$F"
		# shellcheck disable=SC2086
		fio --name=b --filename="$F" --rw=write --bs=4k --size=4m $a --output=/dev/null \
			>/dev/null 2>&1 || { fail "fio $a"; continue; }
		mv "$F" "$T/fio.$_bn"
		rm -f "$F"
		# shellcheck disable=SC2086
		run_ok "plio $a" "$PLIO" --name=b --filename="$F" --rw=write --bs=4k --size=4m $a ||
			continue
		mv "$F" "$T/plio.$_bn"
		pyq_py "$a: plio's data compresses and dedupes as fio's" "$T/fio.$_bn" \
			"$T/plio.$_bn" <<'PY'
import sys, zlib
def fig(p):
    d = open(p, "rb").read()
    n = len(d) // 4096
    return len({d[i * 4096:(i + 1) * 4096] for i in range(n)}) / n, len(zlib.compress(d, 6)) / len(d)
(fu, fz), (pu, pz) = fig(sys.argv[1]), fig(sys.argv[2])
if abs(fu - pu) > 0.05 or abs(fz - pz) > 0.05:
    sys.exit(f"fio: distinct {fu:.3f} zlib {fz:.3f}; plio: distinct {pu:.3f} zlib {pz:.3f}")
PY
		_bn=$((_bn + 1))
	done
else
	skip_part "fio is not installed: no side-by-side figures"
fi

pyq_run
finish
