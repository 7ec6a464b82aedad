#!/bin/sh
# static_binary: the plio of `configure --enable-static-binary`, one static
# executable with every plugin built in that links statically, seen from
# outside:
#   - ldd says it is not a dynamic executable, file(1) that it is
#     statically linked, and it has no program interpreter (readelf)
#   - plio --enghelp lists every in-tree engine and profile: built in, or
#     not built with the reason (libpmem: libndctl has no static archive on
#     Debian); nothing from a file
#   - a job on EVERY engine the table lists, its bytes or operations
#     checked in the JSON and on disk: file engines write 1 MiB and read it
#     back verified (crc32c); falloc by the file's size and blocks,
#     ftruncate by its size; the file-operation engines by what is left in their folder;
#     cpuio by its cycles; exec by what its program recorded; net and
#     netsplice as a receiver and a sender over loopback; sg only its
#     refusal of a regular file (it needs a SCSI device, and the sg spy is
#     a preload, which a static program never loads); each profile runs
#   - verify's checksums without ISA-L (plio's own CRCs when libisal.a is
#     missing) and from the static libcrypto and libxxhash: written, read
#     back; with fio installed, fio verifies what this plio wrote
#   - loading a plugin file (ioengine=PATH, external:PATH, --plugin-dir)
#     fails in one line; PLIO_PLUGIN_PATH is ignored with a warning
# make check's plio is dynamic: this test then SKIPs.  .ci/run builds the
# release tarball with --enable-static-binary and runs it against that.
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99

# (ldd says "not a dynamic executable" of a script too, a libtool wrapper)
[ "$(head -c 4 "$PLIO" | od -An -c | tr -d ' ')" = '177ELF' ] ||
	skip_test "$PLIO is not an ELF executable"
ldd "$PLIO" >"$T/ldd" 2>&1
grep -q 'not a dynamic executable' "$T/ldd" ||
	skip_test "$PLIO is dynamically linked (configure --enable-static-binary builds a static one)"
pass
if command -v file >/dev/null 2>&1; then
	file -L "$PLIO" | grep -q 'statically linked' && pass ||
		fail "file(1) does not call it statically linked: $(file -L "$PLIO")"
else
	skip_part "file(1) is not installed"
fi
if command -v readelf >/dev/null 2>&1; then
	readelf -lW "$PLIO" >"$T/phdr" 2>&1 && ! grep -q INTERP "$T/phdr" && pass ||
		fail "readelf: a program interpreter, or no program headers: $(grep -m1 -i 'interp\|error' "$T/phdr")"
else
	skip_part "readelf is not installed"
fi
unset PLIO_PLUGIN_PATH
MB=1048576

# one_line DESC: the last run's stderr is one line
one_line() {
	[ "$(wc -l <"$T/err")" -eq 1 ] && pass ||
		fail "$1: $(wc -l <"$T/err") lines on stderr, one expected"
}

# ---------------------------------------------------------- the table
# every engine of the tree's plugins (configure.ac's plugin_engines_*)
ALL="null sync psync vsync pvsync pvsync2 mmap libaio io_uring libpmem falloc ftruncate sg \
posixaio splice filecreate filestat filedelete dircreate dirstat dirdelete cpuio exec net netsplice"
run_ok "--enghelp" "$PLIO" --enghelp && cp "$T/out" "$T/enghelp" &&
	pyq_py "--enghelp: every engine built in or not built (with why), every profile built in" \
		"$T/enghelp" "$ALL" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
want = set(sys.argv[2].split())
assert re.match(r"engine +plugin file +ABI +status$", lines[0]), lines[0]
assert lines[-1] == "(a static plio: every engine it has is built in; it loads no plugin files)", lines[-1]
seen, profiles = set(), set()
for l in lines[1:-1]:
    m = re.match(r"(\S+) +(built in|-) +(\S+) +(.*)$", l)
    assert m, "a row not built in: " + l
    name, where, abi, status = m.groups()
    if where == "built in":
        assert status.startswith("ok"), l
        p = re.search(r"profiles: (.*)\)", status)
        if name == "-":
            profiles |= set(p.group(1).split(", "))
            continue
    else:
        # a known engine whose plugin this static plio could not have
        assert status.startswith("not built: this plio was built without plugin '"), l
        assert "(" in status and status.endswith(")"), "no reason given: " + l
    seen.add(name)
assert seen == want, ("missing", sorted(want - seen), "unknown", sorted(seen - want))
assert profiles == {"tiobench", "act"}, profiles
PY
ENGINES=$(awk 'NR > 1 && $2 == "built" && $3 == "in" && $5 == "ok" && $1 != "-" { print $1 }' \
	"$T/enghelp")
[ -n "$ENGINES" ] || fail "--enghelp lists no engine built in"
run_ok "--enghelp=io_uring" "$PLIO" --enghelp=io_uring &&
	grep -q '^  plugin file:  built in (plugin ' "$T/out" && grep -q 'sqthread_poll' "$T/out" && pass ||
	fail "--enghelp=io_uring: no 'built in' origin or no option list: $(head -c 300 "$T/out")"

# ---------------------------------------------------- a job per engine
# file_job ENGINE [OPTION...]: 1 MiB written in 4k blocks at random
# offsets, read back through the same engine and verified
file_job() {
	_e=$1
	shift
	rm -f "$T/f.$_e"
	run_ok "$_e: randwrite, verified" "$PLIO" --name=w --ioengine="$_e" --filename="$T/f.$_e" \
		--size=1m --bs=4k --rw=randwrite --verify=crc32c "$@" --output-format=json &&
		jexpect "$_e: 1 MiB written and read back" "$T/out" "jobs.0.error == 0" \
			"jobs.0.write.io_bytes == $MB" "jobs.0.read.io_bytes == $MB" \
			"jobs.0.write.total_ios == 256" &&
		[ "$(stat -c %s "$T/f.$_e")" = $MB ] && pass ||
		fail "$_e: the file holds $(stat -c %s "$T/f.$_e" 2>&1) bytes, $MB expected"
}

# fileop_job ENGINE FILES DIRS: 8 files of 4k, then what is left
fileop_job() {
	_d=$T/fo.$1
	mkdir -p "$_d"
	run_ok "$1: 8 operations" "$PLIO" --name=t0 --ioengine="$1" --filesize=4k --bs=4k \
		--openfiles=1 --nrfiles=8 --directory="$_d" --output-format=json &&
		jexpect "$1: 8 operations timed" "$T/out" "jobs.0.error == 0" \
			"jobs.0.read.total_ios == 8" "jobs.0.read.clat_ns.N == 8" &&
		[ "$(find "$_d" -type f | wc -l) $(find "$_d" -mindepth 1 -type d | wc -l)" = "$2 $3" ] &&
		pass || fail "$1: $(find "$_d" -type f | wc -l) files and $(find "$_d" -mindepth 1 -type d |
			wc -l) folders left in $_d, expected $2 and $3"
}

# a TCP port free now
free_port() {
	$PYTHON -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# net_job ENGINE: a receiver and a sender in one run over loopback
net_job() {
	_port=$(free_port)
	cat >"$T/$1.fio" <<EOF
[global]
ioengine=$1
port=$_port
bs=8k
size=2m
runtime=30

[receiver]
listen
rw=read

[sender]
hostname=127.0.0.1
startdelay=1
rw=write
EOF
	run_ok "$1: a receiver and a sender" timeout -s KILL 60 "$PLIO" "$T/$1.fio" \
		--output-format=json &&
		jexpect "$1: the receiver got the sender's 2 MiB" "$T/out" \
			"jobs.0.read.io_bytes == 2097152" "jobs.1.write.io_bytes == 2097152" \
			"jobs.0.error == 0" "jobs.1.error == 0"
}

cat >"$T/prog.sh" <<'EOF'
#!/bin/sh
echo "$*" >"$PWD/exec.marker"
trap 'exit 0' TERM
while :; do sleep 0.1; done
EOF
chmod +x "$T/prog.sh"

ran=""
for e in $ENGINES; do
	ran="$ran $e"
	case $e in
	null)
		run_ok "null" "$PLIO" --name=n --ioengine=null --rw=write --bs=4k --size=1m \
			--output-format=json &&
			jexpect "null: 1 MiB in 256 writes" "$T/out" "jobs.0.error == 0" \
				"jobs.0.write.io_bytes == $MB" "jobs.0.write.total_ios == 256"
		;;
	sync | psync | vsync | pvsync | pvsync2 | mmap | splice) file_job $e ;;
	libaio | io_uring | posixaio | libpmem) file_job $e --iodepth=8 ;;
	falloc)
		rm -f "$T/f.falloc"
		run_ok "falloc writes" "$PLIO" --name=a --ioengine=falloc --filename="$T/f.falloc" \
			--rw=write --bs=64k --size=1m --fallocate=none --output-format=json &&
			jexpect "falloc: 1 MiB allocated" "$T/out" "jobs.0.write.io_bytes == $MB" \
				"jobs.0.write.total_ios == 16" &&
			[ "$(stat -c %s "$T/f.falloc")" = $MB ] && [ "$(stat -c %b "$T/f.falloc")" -ge 2048 ] &&
			pass || fail "falloc: size:blocks $(stat -c %s:%b "$T/f.falloc" 2>&1), $MB and at least 2048 expected"
		;;
	ftruncate)
		rm -f "$T/f.ftruncate"
		run_ok "ftruncate writes" "$PLIO" --name=t --ioengine=ftruncate --filename="$T/f.ftruncate" \
			--rw=write --bs=4k --size=64k --output-format=json &&
			jexpect "ftruncate: 16 writes" "$T/out" "jobs.0.write.total_ios == 16" &&
			[ "$(stat -c %s "$T/f.ftruncate")" = 61440 ] && pass ||
			fail "ftruncate: size $(stat -c %s "$T/f.ftruncate" 2>&1), 61440 expected"
		;;
	sg)
		skip_part "sg: no job run (it needs a SCSI device; tests/spy/spy_sg.so is a preload, which a static program never loads)"
		: >"$T/plain"
		run_fails "sg refuses a regular file" \
			"file '$T/plain': open failed: not a SCSI generic device or SCSI block device" \
			"$PLIO" --name=s --ioengine=sg --filename="$T/plain" --size=64k && one_line "sg refusal"
		;;
	filecreate | filestat) fileop_job $e 8 0 ;;
	filedelete) fileop_job $e 0 0 ;;
	dircreate | dirstat) fileop_job $e 0 8 ;;
	dirdelete) fileop_job $e 0 0 ;;
	cpuio)
		run_ok "cpuio" timeout -s KILL 60 "$PLIO" --name=c --ioengine=cpuio --cpuload=50 \
			--cpuchunks=10ms --number_ios=5 --output-format=json &&
			jexpect "cpuio: 5 cycles" "$T/out" "jobs.0.error == 0" "jobs.0.read.total_ios == 5" \
				"jobs.0.read.io_bytes == 0"
		;;
	exec)
		rm -f "$T/exec.marker"
		run_ok "exec" timeout -s KILL 60 "$PLIO" --name=ex --ioengine=exec --program="$T/prog.sh" \
			"--arguments=%r %n" --runtime=1 --output-format=json &&
			jexpect "exec: ends at its runtime" "$T/out" "jobs.0.error == 0" &&
			[ "$(cat "$T/exec.marker" 2>/dev/null)" = "1 ex" ] && pass ||
			fail "exec: the program recorded '$(cat "$T/exec.marker" 2>/dev/null)', '1 ex' expected"
		;;
	net | netsplice) net_job $e ;;
	*) fail "engine $e: this test has no job for it; add one" ;;
	esac
done
echo "engines run:$ran"

# ----------------------------------------------------------- profiles
run_ok "tiobench" "$PLIO" --profile=tiobench --size=1 --block=8k --numruns=1 --threads=1 \
	--dir="$T" --output-format=json &&
	pyq_py "tiobench: four phases of 1 MiB each" "$T/out" <<'PY'
import json, sys
t = open(sys.argv[1]).read()
jobs = json.JSONDecoder().raw_decode(t, t.index("{"))[0]["jobs"]
assert [j["jobname"] for j in jobs] == ["seqwrite", "randwrite", "seqread", "randread"], jobs
for j in jobs:
    d = "write" if "write" in j["jobname"] else "read"
    assert j[d]["io_bytes"] == 1 << 20 and j["error"] == 0, (j["jobname"], j[d]["io_bytes"])
PY
dd if=/dev/zero of="$T/actdev" bs=1M count=4 status=none
run_ok "act" "$PLIO" --profile=act --device-names=actdev --load=1 --threads-per-queue=1 \
	--test-duration=1 --output-format=json &&
	pyq_py "act: reads and large writes on its device" "$T/out" <<'PY'
import json, sys
t = open(sys.argv[1]).read()
jobs = json.JSONDecoder().raw_decode(t, t.index("{"))[0]["jobs"]
r = sum(j["read"]["io_bytes"] for j in jobs)
w = sum(j["write"]["io_bytes"] for j in jobs)
assert r > 0 and w > 0 and all(j["error"] == 0 for j in jobs), (r, w)
PY

# ------------------------------------------------------------ checksums
for t in crc32c crc32 crc64 md5 sha256 xxhash; do
	rm -f "$T/v.$t"
	run_ok "verify=$t" "$PLIO" --name=v --ioengine=psync --filename="$T/v.$t" --rw=randwrite \
		--bs=4k --size=256k --verify=$t --output-format=json &&
		jexpect "verify=$t: written and verified" "$T/out" "jobs.0.error == 0" \
			"jobs.0.read.io_bytes == 262144"
	if command -v fio >/dev/null 2>&1; then
		fio --name=v --filename="$T/v.$t" --rw=read --bs=4k --size=256k --verify=$t \
			--output-format=json >"$T/fio.json" 2>"$T/fio.err" &&
			jexpect "verify=$t: fio verifies this plio's data" "$T/fio.json" "jobs.0.error == 0" \
				"jobs.0.read.io_bytes == 262144" ||
			fail "verify=$t: fio could not verify: $(head -c 300 "$T/fio.err")"
	fi
done
command -v fio >/dev/null 2>&1 || skip_part "fio is not installed: its verify not run on this plio's data"
run_ok "--crctest" "$PLIO" --crctest=crc32c,crc64,md5 &&
	[ "$(grep -Ec '^(crc32c|crc64|md5):[[:space:]]+[0-9.]+ MiB/sec' "$T/out")" = 3 ] && pass ||
	fail "--crctest: $(cat "$T/out")"

# ----------------------------------------------- plugin files: refused
: >"$T/x.so"
STATIC_NO="this plio is a static binary and loads no plugin files; its engines are built in \\(plio --enghelp lists them\\)"
run_fails "ioengine=PATH" "^plio: .*ioengine: $T/x.so: $STATIC_NO\$" \
	"$PLIO" --name=x --ioengine="$T/x.so" --size=1m && one_line "ioengine=PATH"
run_fails "ioengine=external:PATH" "^plio: .*$T/x.so: $STATIC_NO\$" \
	"$PLIO" --name=x --ioengine="external:$T/x.so" --size=1m && one_line "ioengine=external:PATH"
run_fails "--plugin-dir" "^plio: --plugin-dir $T: $STATIC_NO\$" \
	"$PLIO" --plugin-dir="$T" --name=x --ioengine=null --size=1m && one_line "--plugin-dir"
PLIO_PLUGIN_PATH=$T run_ok "PLIO_PLUGIN_PATH" "$PLIO" --name=x --ioengine=null --size=1m \
	--output-format=json &&
	jexpect "PLIO_PLUGIN_PATH: the job runs on the built-in null" "$T/out" \
		"jobs.0.read.io_bytes == $MB" &&
	grep -Eq "^plio: warning: PLIO_PLUGIN_PATH: ignored: $STATIC_NO\$" "$T/err" && pass ||
	fail "PLIO_PLUGIN_PATH: no warning: $(cat "$T/err")"

finish
