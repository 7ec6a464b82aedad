#!/bin/sh
# offsets_files: the region options (size N%, offset, offset_increment,
# offset_align, filesize, io_size, number_ios, file_append) touch exactly
# the offsets fio 3.33 touches (seen through the record engine), loops
# included (one budget of io_size times loops, each loop from the region's
# start, the random sequence repeated, rw=MODE:N holes going round); the
# file options (nrfiles, openfiles, file_service_type, directory lists,
# filename_format, fallocate, overwrite, create_on_open, unlink,
# unlink_each_loop, allow_file_create, sync, fsync_on_close, pre_read,
# invalidate, fill_device, allow_mounted_write) create, size, pick, cache
# and remove files as fio does.
# The figures below were taken from fio 3.33 runs of the same jobs; when
# fio is installed, a few deterministic jobs are also run side by side.
. "$TOP_SRCDIR/tests/integration/lib.sh"

K=1024
REC="--plugin-dir $TESTPLUGINS --ioengine=record --record_file=$T/log"

# fio's runs of the jobs compared side by side at the end: half a second
# each, mostly waiting, so they go on in the background from here
FIOJOBS="--nrfiles=3,--size=100k --nrfiles=3,--size=48k,--io_size=100k
	--nrfiles=4,--size=64k,--number_ios=10,--openfiles=2
	--nrfiles=2,--size=16k,--filesize=32k"
have_fio=0
if command -v fio >/dev/null 2>&1 && fio --version 2>/dev/null | grep -q '^fio-3'; then
	have_fio=1
	i=0
	for job in $FIOJOBS; do
		job=$(echo "$job" | tr , ' ')
		i=$((i + 1))
		mkdir "$T/cmp.fio.$i"
		(cd "$T/cmp.fio.$i" && exec fio --ioengine=psync --name=a --rw=write --bs=4k \
			$job --output-format=json >"$T/fio.$i.json" 2>/dev/null) &
		echo $! >"$T/cmp.fio.$i.pid"
	done
fi

# rec_is LOG DESC N LO HI: the record log has N reads/writes, all inside
# [LO, HI), touching LO and ending at HI
rec_is() {
	got=$(awk '$1=="R"||$1=="W"{n++; if(lo==""||$2<lo)lo=$2; if($2+$3>hi)hi=$2+$3}
		END{printf "%d %d %d", n, lo, hi}' "$1")
	[ "$got" = "$3 $4 $5" ] && pass || fail "$2: n lo hi = $got, expected $3 $4 $5"
}

# jbytes DIR: bytes moved in DIR by the job of the last JSON run
jbytes() {
	$CHECK_JSON get "$T/out" "jobs.0.$1.io_bytes"
}

# blocks FILE...: how many 4 KiB blocks of each file are not all zero
blocks() {
	$PYTHON - "$@" <<'PY'
import sys
out = []
for f in sys.argv[1:]:
    d = open(f, "rb").read()
    out.append(str(sum(1 for i in range(0, len(d), 4096) if any(d[i:i + 4096]))))
print(" ".join(out))
PY
}

# ------------------------------------------------------------ regions

truncate -s 1M "$T/f1"
run_ok "size%, offset%, offset_increment%" "$PLIO" $REC --name=a --filename="$T/f1" \
	--rw=read --bs=4k --size=50% --offset=10% --numjobs=2 --offset_increment=20% \
	--output-format=json &&
{
	# 10% of 1 MiB rounded up to the block size; the clone 20% further
	rec_is "$T/log.0.0" "clone 0" 128 106496 630784
	rec_is "$T/log.0.1" "clone 1" 128 315392 839680
}

rm -f "$T/log"*
run_ok "size% clipped at the file's end" "$PLIO" $REC --name=a --filename="$T/f1" \
	--rw=read --bs=4k --size=50% --offset=70% --output-format=json &&
	rec_is "$T/log.0.0" "size=50% offset=70%" 76 737280 1048576

rm -f "$T/log"*
run_ok "offset_align" "$PLIO" $REC --name=a --filename="$T/f1" --rw=read --bs=4k \
	--size=100k --offset=10% --offset_align=64k --output-format=json &&
	rec_is "$T/log.0.0" "offset=10% offset_align=64k" 25 131072 233472

rm -f "$T/log"*
run_ok "byte offset is not aligned" "$PLIO" $REC --name=a --filename="$T/f1" \
	--rw=read --bs=4k --size=100k --offset=1000 --output-format=json &&
	rec_is "$T/log.0.0" "offset=1000" 25 1000 103400

rm -f "$T/log"*
run_ok "no size: the rest of the file" "$PLIO" $REC --name=a --filename="$T/f1" \
	--rw=read --bs=4k --offset=100k --output-format=json &&
	rec_is "$T/log.0.0" "offset=100k" 231 102400 1048576

# a file that does not exist yet: percentages of the size it is laid out
# with (size= over the files, or filesize=); fio 3.33 takes them so with
# ioengine=null (offset_increment=25% size=1m: clone 1 at 256 KiB), but
# starts a new file's offset=N% at 0
rm -f "$T/log"* "$T/new"*
run_ok "offset% of a new file" "$PLIO" $REC --name=a --filename="$T/new1" \
	--rw=write --bs=4k --size=1m --offset=10% --numjobs=2 --offset_increment=25% \
	--io_size=16k --output-format=json &&
{
	rec_is "$T/log.0.0" "new file, clone 0" 4 106496 122880
	rec_is "$T/log.0.1" "new file, clone 1" 4 368640 385024
}
rm -f "$T/log"* "$T/new"*
run_ok "size% of filesize, new file" "$PLIO" $REC --name=a --filename="$T/new2" \
	--rw=write --bs=4k --filesize=1m --size=50% --output-format=json &&
	rec_is "$T/log.0.0" "size=50% filesize=1m" 128 0 524288
run_ok "offset_increment% with ioengine=null" "$PLIO" --name=x --ioengine=null \
	--size=1m --offset_increment=25% --numjobs=2 --io_size=8k --debug=io &&
	[ "$(grep 'job x.1: done' "$T/err" | sed 's/.*offset \([0-9]*\),.*/\1/' | tr '\n' ' ')" = "262144 266240 " ] &&
	pass || fail "offset_increment% with ioengine=null: $(grep -m1 'job x.1: done' "$T/err")"
rm -f "$T/new"*

rm -f "$T/log"*
run_ok "offset_increment per clone" "$PLIO" $REC --name=a --filename="$T/f1" \
	--rw=read --bs=4k --size=64k --offset_increment=10% --numjobs=3 \
	--output-format=json &&
	rec_is "$T/log.0.2" "clone 2" 16 212992 278528

rm -f "$T/log"*
run_ok "io_size wraps" "$PLIO" $REC --name=a --filename="$T/f1" --rw=randread \
	--bs=4k --size=64k --io_size=128k --output-format=json &&
{
	rec_is "$T/log.0.0" "randread io_size=2*size" 32 0 65536
	# the random map starts over: every block exactly twice
	[ "$(awk '{print $2}' "$T/log.0.0" | sort | uniq -c | awk '$1!=2' | wc -l)" -eq 0 ] &&
		pass || fail "io_size wrap: a block not read exactly twice"
}

rm -f "$T/log"*
run_ok "io_size%" "$PLIO" $REC --name=a --filename="$T/f1" --rw=read --bs=4k \
	--size=64k --io_size=30% --output-format=json &&
	rec_is "$T/log.0.0" "io_size=30% of 64k" 5 0 20480

rm -f "$T/log"*
# per loop, the second going on from the first (as fio)
run_ok "number_ios per loop" "$PLIO" $REC --name=a --filename="$T/f1" --rw=read \
	--bs=4k --number_ios=7 --loops=2 --output-format=json &&
	rec_is "$T/log.0.0" "number_ios=7 loops=2" 14 0 57344

# a loop goes on where the last stopped (fio: 0..48k over three loops)
rm -f "$T/log"*
run_ok "io_size below size, loops" "$PLIO" $REC --name=a --filename="$T/f1" --rw=read \
	--bs=4k --size=64k --io_size=16k --loops=3 --output-format=json &&
	rec_is "$T/log.0.0" "io_size=16k loops=3" 12 0 49152
# ... and wraps at the region's end: 48k..64k then 0..32k
rm -f "$T/log"*
run_ok "io_size wraps in a later loop" "$PLIO" $REC --name=a --filename="$T/f1" \
	--rw=read --bs=4k --size=64k --io_size=48k --loops=2 --output-format=json &&
	[ "$(awk 'NR>12{printf "%d ", $2/4096}' "$T/log.0.0")" = \
	  "12 13 14 15 0 1 2 3 4 5 6 7 " ] && pass || fail "io_size=48k loop 2: $(awk 'NR>12{printf "%d ", $2/4096}' "$T/log.0.0")"
# the random map carries over too: each block once in four loops
rm -f "$T/log"*
run_ok "random map across loops" "$PLIO" $REC --name=a --filename="$T/f1" \
	--rw=randread --bs=4k --size=64k --io_size=16k --loops=4 --output-format=json &&
	$CHECK_JSON offsets "$T/log.0.0" 65536 4096 perm || fail "random map across loops"

# offsets of the last record log, in blocks of 4 KiB
blks() {
	awk '$1=="R"||$1=="W"{printf "%d ", $2/4096}' "$T/log.0.0"
}

# loops and io_size share one budget (io_size times loops); loops past
# `loops` only while less than io_size moved: fio moves 128k here, not 256k
rm -f "$T/log"*
run_ok "io_size over size, loops" "$PLIO" $REC --name=a --filename="$T/lw" --rw=write \
	--bs=4k --size=64k --io_size=128k --loops=2 --output-format=json &&
	[ "$(jbytes write) $(blks)" = "131072 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 " ] &&
	pass || fail "io_size=2*size loops=2: $(jbytes write) bytes, blocks $(blks)"
rm -f "$T/log"*
run_ok "number_ios budget over loops" "$PLIO" $REC --name=a --filename="$T/lw" --rw=write \
	--bs=4k --size=64k --number_ios=10 --loops=3 --output-format=json &&
	[ "$(blks)" = "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 8 9 10 11 12 13 " ] &&
	pass || fail "number_ios=10 loops=3: $(blks)"

# every loop repeats the random sequence (randrepeat, the default), and
# with randrepeat=0 it does not
rm -f "$T/log"*
run_ok "loops repeat the random sequence" "$PLIO" $REC --name=a --filename="$T/f1" \
	--rw=randread --bs=4k --size=64k --loops=2 --output-format=json &&
	$PYTHON - "$T/log.0.0" <<'PY' || fail "randread loops=2: the second loop differs"
import sys
o = [l.split()[1] for l in open(sys.argv[1])]
assert len(o) == 32 and o[:16] == o[16:] and sorted(set(o)) == sorted(o[:16]), o
PY
rm -f "$T/log"*
run_ok "randrepeat=0 loops" "$PLIO" $REC --name=a --filename="$T/f1" \
	--rw=randread --bs=4k --size=64k --loops=2 --randrepeat=0 --output-format=json &&
	$PYTHON - "$T/log.0.0" <<'PY' || fail "randrepeat=0 loops=2: the loops repeat"
import sys
o = [l.split()[1] for l in open(sys.argv[1])]
assert len(o) == 32 and o[:16] != o[16:], o
PY

# rw=write:4k: the holes go round again when they pass the file's size
# (fio: 64k moved on a new 64 KiB file), not when the file is bigger, nor
# with an offset (fio compares the place in the region with the file's size)
for c in "new:65536:0 2 4 6 8 10 12 14 0 2 4 6 8 10 12 14 " "68k:32768:0 2 4 6 8 10 12 14 " \
	 "offset:32768:16 18 20 22 24 26 28 30 "; do
	k=${c%%:*}
	rest=${c#*:}
	rm -f "$T/log"* "$T/hw"
	case $k in
	new) extra= ;;
	68k) truncate -s 68k "$T/hw"; extra= ;;
	offset) truncate -s 128k "$T/hw"; extra=--offset=64k ;;
	esac
	run_ok "write:4k, $k file" "$PLIO" $REC --name=a --filename="$T/hw" --rw=write:4k \
		--bs=4k --size=64k $extra --output-format=json &&
	[ "$(jbytes write):$(blks)" = "$rest" ] && pass ||
		fail "write:4k $k: $(jbytes write):$(blks)"
done

# rw=read:-8k goes backwards (fio's examples/backwards-read.fio): the
# first read at the region's start, then from 8k before its end down to
# the start, the job's size in all (fio 3.33's offsets, block for block);
# a random mode's N counts I/Os, so it cannot be negative
rm -f "$T/log"* "$T/bk"
truncate -s 64k "$T/bk"
run_ok "read:-8k" "$PLIO" $REC --name=a --filename="$T/bk" --rw=read:-8k \
	--bs=4k --size=64k --output-format=json &&
	[ "$(jbytes read):$(blks)" = "65536:0 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 " ] && pass ||
	fail "read:-8k: $(jbytes read):$(blks)"
run_fails "randread:-8" "rw: 'randread:-8': a random mode's N counts I/Os" \
	"$PLIO" --name=a --filename="$T/bk" --rw=randread:-8 --size=64k

# randread:8 on a region inside a bigger file: after the random start the
# I/O goes on block by block and the job is done at the region's end
rm -f "$T/log"*
run_ok "randread:8 stops at the region's end" "$PLIO" $REC --name=a --filename="$T/f1" \
	--rw=randread:8 --bs=4k --size=16k --randseed=3 --output-format=json &&
	$PYTHON - "$T/log.0.0" <<'PY' || fail "randread:8: $(blks)"
import sys
o = [int(l.split()[1]) for l in open(sys.argv[1])]
assert o and o == list(range(o[0], 16384, 4096)), o
PY

cp "$T/f1" "$T/f2"
rm -f "$T/log"*
run_ok "file_append" "$PLIO" $REC --name=a --filename="$T/f2" --rw=write --bs=4k \
	--size=16k --file_append=1 --output-format=json &&
{
	rec_is "$T/log.0.0" "file_append" 4 1048576 1064960
	[ "$(stat -c %s "$T/f2")" -eq 1064960 ] && pass || fail "file_append: size"
}

# ------------------------------------------------------------- files

mkdir "$T/d"
run_ok "nrfiles splits size" "$PLIO" --name=a --directory="$T/d" --nrfiles=3 \
	--rw=write --bs=4k --size=100k --output-format=json &&
{
	# whole blocks of 34133-byte files, as fio moves them
	[ "$(jbytes write)" -eq 98304 ] && pass || fail "nrfiles: $(jbytes write) bytes"
	[ "$(stat -c %s "$T/d/a.0.0" "$T/d/a.0.1" "$T/d/a.0.2" | sort -u)" = 34133 ] &&
		pass || fail "nrfiles: file sizes"
}

rm -rf "$T/d"/*
run_ok "filesize range" "$PLIO" --name=a --directory="$T/d" --nrfiles=4 \
	--rw=write --bs=4k --filesize=16k-64k --output-format=json &&
{
	sum=0
	for f in "$T/d"/a.0.*; do
		s=$(stat -c %s "$f")
		sum=$((sum + s))
		[ $s -ge 16384 ] && [ $s -le 65536 ] && [ $((s % 4096)) -eq 0 ] ||
			fail "filesize range: $f has $s bytes"
	done
	[ "$(jbytes write)" -eq $sum ] && pass || fail "filesize range: moved $(jbytes write), files $sum"
}

rm -rf "$T/d"/*
run_ok "filesize with a smaller size" "$PLIO" --name=a --directory="$T/d" \
	--nrfiles=2 --rw=write --bs=4k --size=16k --filesize=32k --output-format=json &&
{
	[ "$(jbytes write)" -eq 16384 ] && pass || fail "filesize+size: $(jbytes write) bytes"
	[ "$(stat -c %s "$T/d"/a.0.* | sort -u)" = 32768 ] && pass || fail "filesize+size: sizes"
}

rm -rf "$T/d"/*
run_ok "filename_format" "$PLIO" --name=a --directory="$T/d" --nrfiles=2 \
	--numjobs=2 --rw=write --bs=4k --size=16k --filename_format='f.$jobnum.$filenum.$jobname' \
	--output-format=json &&
	[ "$(cd "$T/d" && echo *)" = "f.0.0.a f.0.1.a f.1.0.a f.1.1.a" ] && pass ||
	fail "filename_format: $(cd "$T/d" && echo *)"

# $clientuid is empty outside client/server mode (fio 3.33: f.x..0.0)
rm -rf "$T/d"/*
run_ok "filename_format \$clientuid" "$PLIO" --name=x --directory="$T/d" --rw=write \
	--bs=4k --size=8k --filename_format='f.$jobname.$clientuid.$jobnum.$filenum' \
	--output-format=json &&
	[ "$(cd "$T/d" && echo *)" = "f.x..0.0" ] && pass ||
	fail "filename_format \$clientuid: $(cd "$T/d" && echo *)"

# directory=a:b: clone k's files in directory k % 2; named files in the first
mkdir "$T/d1" "$T/d2"
run_ok "directory list" "$PLIO" --name=a --directory="$T/d1:$T/d2" --numjobs=3 --nrfiles=2 \
	--rw=write --bs=4k --size=16k --output-format=json &&
	[ "$(cd "$T" && echo d1/* d2/*)" = "d1/a.0.0 d1/a.0.1 d1/a.2.0 d1/a.2.1 d2/a.1.0 d2/a.1.1" ] &&
	[ "$(stat -c %s "$T"/d1/* "$T"/d2/* | sort -u)" = 8192 ] && pass ||
	fail "directory list: $(cd "$T" && echo d1/* d2/*)"
rm -f "$T"/d1/* "$T"/d2/*
run_ok "directory list, filename" "$PLIO" --name=a --directory="$T/d1:$T/d2" --filename=x \
	--numjobs=2 --rw=write --bs=4k --size=16k --output-format=json &&
	[ "$(cd "$T" && echo d1/* d2/*)" = "d1/x d2/*" ] && pass ||
	fail "directory list, filename: $(cd "$T" && echo d1/* d2/*)"
rm -rf "$T/d1" "$T/d2"

# which files get the I/O: written blocks of pre-zeroed 64 KiB files
svc() {
	desc=$1
	want=$2
	shift 2
	rm -rf "$T/d"/*
	for i in 0 1 2 3; do truncate -s 64k "$T/d/a.0.$i"; done
	run_ok "$desc" "$PLIO" --name=a --directory="$T/d" --rw=write --bs=4k "$@" || return
	got=$(blocks "$T/d"/a.0.0 "$T/d"/a.0.1 "$T/d"/a.0.2 "$T/d"/a.0.3)
	[ "$got" = "$want" ] && pass || fail "$desc: blocks written per file $got, expected $want"
}
svc "roundrobin" "2 1 1 0" --nrfiles=3 --size=48k --number_ios=4
svc "roundrobin:2" "2 2 0 0" --nrfiles=3 --size=48k --number_ios=4 --file_service_type=roundrobin:2
svc "sequential" "4 2 0 0" --nrfiles=3 --size=48k --number_ios=6 --file_service_type=sequential
svc "random:4" "4 0 0 0" --nrfiles=1 --size=16k --file_service_type=random:4
svc "openfiles" "4 4 1 1" --nrfiles=4 --size=64k --number_ios=10 --openfiles=2
svc "io_size beyond size" "4 3 3 0" --nrfiles=3 --size=48k --io_size=100k --number_ios=10

# random picks among all files; every block is still written once
rm -rf "$T/d"/*
run_ok "file_service_type=random" "$PLIO" --name=a --directory="$T/d" --nrfiles=3 \
	--rw=randwrite --bs=4k --size=48k --file_service_type=random:2 --output-format=json &&
	[ "$(blocks "$T/d"/a.0.0 "$T/d"/a.0.1 "$T/d"/a.0.2)" = "4 4 4" ] && pass ||
	fail "random file service: blocks $(blocks "$T/d"/a.0.*)"

# fallocate: file sizes after one 4 KiB write into a 64 KiB region
for m in none:4096 native:65536 posix:65536 keep:4096 truncate:65536 0:4096 1:65536; do
	rm -f "$T/fa"
	run_ok "fallocate=${m%:*}" "$PLIO" --name=a --filename="$T/fa" --rw=write --bs=4k \
		--size=64k --number_ios=1 --fallocate=${m%:*} --output-format=json &&
	{ [ "$(stat -c %s "$T/fa")" -eq ${m#*:} ] && pass ||
		fail "fallocate=${m%:*}: size $(stat -c %s "$T/fa"), expected ${m#*:}"; }
done

printf abcd >"$T/ow"
run_ok "overwrite lays out data" "$PLIO" --name=a --filename="$T/ow" --rw=write \
	--bs=4k --size=64k --number_ios=1 --overwrite=1 --fallocate=none --output-format=json &&
	[ "$(stat -c %s "$T/ow") $(blocks "$T/ow")" = "65536 16" ] && pass ||
	fail "overwrite: $(stat -c %s "$T/ow") bytes"

rm -f "$T/co"
run_ok "create_on_open" "$PLIO" --name=a --filename="$T/co" --rw=write --bs=4k \
	--size=64k --number_ios=1 --create_on_open=1 --output-format=json &&
	[ "$(stat -c %s "$T/co")" -eq 4096 ] && pass || fail "create_on_open: laid out"

run_ok "unlink" "$PLIO" --name=a --filename="$T/ul" --rw=write --bs=4k --size=64k \
	--unlink=1 --output-format=json &&
	[ "$(jbytes write)" -eq 65536 ] && [ ! -e "$T/ul" ] && pass || fail "unlink"

run_ok "unlink_each_loop" "$PLIO" --name=a --filename="$T/ue" --rw=write --bs=4k \
	--size=64k --loops=2 --unlink_each_loop=1 --output-format=json &&
	[ "$(jbytes write)" -eq 131072 ] && [ -e "$T/ue" ] && pass || fail "unlink_each_loop"
run_fails "unlink_each_loop removes what a reader needs" "open failed" \
	"$PLIO" --name=a --filename="$T/ur" --rw=read --bs=4k --size=64k --loops=2 \
	--unlink_each_loop=1

rm -f "$T/nf"
run_fails "allow_file_create=0" "^plio: command line \(argument 6\): allow_file_create: '.*nf' does not exist and allow_file_create=0$" \
	"$PLIO" --name=a --filename="$T/nf" --rw=write --bs=4k --size=16k --allow_file_create=0 &&
	{ [ ! -e "$T/nf" ] && pass || fail "allow_file_create=0 created the file"; }
run_ok "allow_file_create=0, file exists" "$PLIO" --name=a --filename="$T/f1" \
	--rw=read --bs=4k --size=16k --allow_file_create=0

# ------------------------------------------------------------ errors

run_fails "size% of a missing file" "^plio: command line \(argument 4\): size: 10% of '.*missing', which does not exist yet: give size in bytes, or filesize=$" \
	"$PLIO" --name=a --filename="$T/missing" --rw=read --size=10%
run_fails "size% with ioengine=null" "^plio: command line \(argument 3\): size: 50% of 'x.0.0', which has no size \(the engine does no file I/O\): give size in bytes, or filesize=$" \
	"$PLIO" --name=x --ioengine=null --size=50%
# found while planning, still named by the job file's line
printf '[global]\nrw=read\n\n[a]\nfilename=%s\nsize=5%%\n' "$T/missing" >"$T/pct.fio"
run_fails "size% of a missing file, job file" "^plio: $T/pct.fio:6: size: 5% of '.*missing', which does not exist yet: give size in bytes, or filesize=$" \
	"$PLIO" "$T/pct.fio"
mkdir -p "$T/adir"
run_fails "filename= a directory" "^plio: command line \(argument 2\): filename: '.*adir' is a directory: name a file \(directory= sets the folder a job's files go in\)$" \
	"$PLIO" --name=a --filename="$T/adir" --rw=write --size=64k
rmdir "$T/adir"
run_fails "size over 100%" "size: '101%' is out of range" \
	"$PLIO" --name=a --filename="$T/f1" --rw=read --size=101%
run_fails "offset past the end, no size" "^plio: command line \(argument 1\): job 'a': size is not set and '.*' ends before the offset: set size=$" \
	"$PLIO" --name=a --filename="$T/f1" --rw=read --offset=2m
run_fails "offset at the end, no size" "^plio: command line \(argument 1\): job 'a': size is not set and '.*' ends at the offset, which leaves nothing for I/O: set size=$" \
	"$PLIO" --name=a --filename="$T/f1" --rw=read --offset=1m

# -------------------------------------------- flags seen through strace

if command -v strace >/dev/null 2>&1 &&
   strace -f -o /dev/null true >/dev/null 2>&1; then
	for m in none: sync:O_SYNC dsync:O_DSYNC 1:O_SYNC; do
		rm -f "$T/sy"
		strace -f -e trace=openat,fsync -o "$T/st" "$PLIO" --name=a --filename="$T/sy" \
			--rw=write --bs=4k --size=16k --sync=${m%:*} --fsync_on_close=1 >/dev/null 2>&1
		flags=$(grep '/sy", O_RDWR' "$T/st" | tail -1)
		case $m in
		none:) echo "$flags" | grep -q "O_D\?SYNC" && fail "sync=none: $flags" || pass ;;
		*) echo "$flags" | grep -q "${m#*:}[|,)]" && pass || fail "sync=${m%:*}: $flags" ;;
		esac
		[ "$(grep -c 'fsync(' "$T/st")" -eq 1 ] && pass || fail "fsync_on_close: $(grep -c 'fsync(' "$T/st") fsyncs"
	done
	for p in 0 1; do
		strace -f -e trace=pread64 -o "$T/st$p" "$PLIO" --name=a --filename="$T/f1" \
			--rw=read --bs=4k --size=64k --number_ios=1 --pre_read=$p >/dev/null 2>&1
	done
	# 16 more reads to cache the 64 KiB region through one 4 KiB buffer
	n=$(($(grep -c 'pread64(' "$T/st1") - $(grep -c 'pread64(' "$T/st0")))
	[ $n -eq 16 ] && pass || fail "pre_read: $n more reads"
	# each open drops the file's cached pages and gives fio's default
	# hint, loop after loop (2 files, one open at a time, 2 loops)
	cp "$T/f1" "$T/f3"
	strace -f -e trace=fadvise64 -o "$T/st" "$PLIO" --name=a --filename="$T/f1:$T/f3" \
		--rw=read --bs=4k --size=64k --loops=2 --openfiles=1 >/dev/null 2>&1
	[ "$(grep -c 'POSIX_FADV_DONTNEED) = 0' "$T/st") $(grep -c 'POSIX_FADV_SEQUENTIAL) = 0' "$T/st")" = "4 4" ] &&
		pass || fail "invalidate per open: $(grep fadvise "$T/st")"
	# time_based: each time the 16 blocks have all been read, the next
	# round reads from the device again (fio drops the cache each round)
	strace -f -e trace=fadvise64 -o "$T/st" "$PLIO" --name=a --filename="$T/f1" \
		--rw=randread --bs=4k --size=64k --time_based --runtime=300ms \
		--output-format=json --output="$T/tb.json" >/dev/null 2>&1
	ios=$($CHECK_JSON get "$T/tb.json" jobs.0.read.total_ios)
	[ "$ios" -ge 16 ] && [ "$(grep -c 'POSIX_FADV_DONTNEED) = 0' "$T/st")" -eq $((1 + ios / 16)) ] &&
		pass || fail "time_based rounds: $ios reads, $(grep -c 'POSIX_FADV_DONTNEED) = 0' "$T/st") drops"
	strace -f -e trace=fadvise64 -o "$T/st" "$PLIO" --name=a --filename="$T/f1" \
		--rw=randread --bs=4k --size=64k --invalidate=0 >/dev/null 2>&1
	[ "$(grep -c 'DONTNEED' "$T/st") $(grep -c 'POSIX_FADV_RANDOM) = 0' "$T/st")" = "0 1" ] &&
		pass || fail "invalidate=0, random hint: $(grep fadvise "$T/st")"
else
	skip_part "strace is not installed (or cannot trace here): the flags seen through strace"
fi

# ------------------------- fill_device, mounted devices (root only)

if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1 &&
   unshare -m true 2>/dev/null; then
	mkdir "$T/mnt"
	# a private mount namespace: the mounts go when the shell ends
	unshare -m sh -c '
		mount -t tmpfs -o size=1m tmpfs "$1" || exit 77
		"$2" --name=a --directory="$1" --rw=write --bs=4k --size=4m --fill_device=1 \
			--output-format=json >"$3/fill.json" || exit 1
		stat -c %s "$1/a.0.0" >"$3/fill.size"
	' sh "$T/mnt" "$PLIO" "$T" 2>"$T/err"
	rc=$?
	if [ $rc -eq 0 ]; then
		# 1 MiB file system: written until ENOSPC, reported, no error;
		# the write that found it full counts (fio: 257 I/Os)
		jset "$T/fill.json" w=jobs.0.write.io_bytes n=jobs.0.write.total_ios \
			e=jobs.0.error
		[ "$w" -eq 1048576 ] && [ "$n" -eq 257 ] && [ "$e" -eq 0 ] &&
			[ "$(cat "$T/fill.size")" -eq 1048576 ] &&
			pass || fail "fill_device: wrote $w in $n, error $e, size $(cat "$T/fill.size")"
	elif [ $rc -eq 77 ]; then
		skip_part "no tmpfs mount in a private namespace: fill_device"
	else
		fail "fill_device: exit $rc: $(cat "$T/err")"
	fi

	if command -v losetup >/dev/null 2>&1 && command -v mke2fs >/dev/null 2>&1; then
		truncate -s 8m "$T/img"
		unshare -m sh -c '
			dev=$(losetup -f --show "$1" 2>/dev/null) || exit 77
			trap "umount \"$2\" 2>/dev/null; losetup -d $dev" EXIT
			mke2fs -q -F "$dev" >/dev/null 2>&1 && mount "$dev" "$2" || exit 77
			"$3" --name=a --filename="$dev" --rw=write --bs=4k --size=64k 2>"$4/mw.err" &&
				exit 1
			"$3" --name=a --filename="$dev" --rw=read --bs=4k --size=64k \
				--output-format=json >/dev/null || exit 2
			umount "$2"
			"$3" --name=a --filename="$dev" --rw=write --bs=4k --offset=50% \
				--output-format=json >"$4/dev.json" || exit 3
			"$3" --name=a --filename="$dev" --rw=write --bs=4k --offset=8m \
				--size=4k 2>"$4/end.err" && exit 4
			exit 0
		' sh "$T/img" "$T/mnt" "$PLIO" "$T" 2>"$T/err"
		rc=$?
		if [ $rc -eq 0 ]; then
			grep -q "holds a mounted file system: refusing to write to it" "$T/mw.err" &&
				[ "$(wc -l <"$T/mw.err")" -eq 1 ] && pass ||
				fail "allow_mounted_write: $(cat "$T/mw.err")"
			[ "$($CHECK_JSON get "$T/dev.json" jobs.0.write.io_bytes)" -eq 4194304 ] &&
				pass || fail "block device offset=50%"
			grep -q "past the device's end" "$T/end.err" && pass ||
				fail "block device end: $(cat "$T/end.err")"
		elif [ $rc -eq 77 ]; then
			skip_part "no loop device or ext2 mount here: the mounted device cases"
		else
			fail "block device checks: step $rc: $(cat "$T/err")"
		fi
	else
		skip_part "losetup or mke2fs is not installed: the mounted device cases"
	fi
else
	skip_part "not root, or no unshare -m: fill_device and the mounted device cases"
fi

# ------------------------------------------------ side by side with fio

# (fio's runs, started at the top, have been going on in the background)
if [ "$have_fio" = 1 ]; then
	i=0
	for job in $FIOJOBS; do
		job=$(echo "$job" | tr , ' ')
		i=$((i + 1))
		wait "$(cat "$T/cmp.fio.$i.pid")"
		mkdir "$T/cmp.plio.$i"
		(cd "$T/cmp.plio.$i" && exec "$PLIO" --name=a --rw=write --bs=4k $job \
			--output-format=json >"$T/plio.$i.json" 2>/dev/null)
		for tool in fio plio; do
			eval "${tool}_got=\"\$($CHECK_JSON get "$T/$tool.$i.json" jobs.0.write.io_bytes) \$(cd "$T/cmp.$tool.$i" && stat -c %n=%s * | tr '\n' ' ')\""
		done
		# shellcheck disable=SC2154
		[ "$fio_got" = "$plio_got" ] && pass || fail "fio vs plio, $job: '$fio_got' vs '$plio_got'"
	done
else
	skip_part "fio 3 is not installed: the runs side by side with fio"
fi
finish
