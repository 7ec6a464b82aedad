#!/bin/sh
# file_ops: fio's metadata engines (plugin fileops: filecreate, filestat,
# filedelete, dircreate, dirstat, dirdelete) do to the folder what fio's
# do, seen from outside: the files or directories are there (or gone),
# with the modes fio gives; the JSON counts one I/O of filesize per file
# and one completion latency per operation (no lat, no slat), plausible
# ones; strace sees exactly one operation per file in the worker, of the
# kind stat_type= chooses, and every descriptor closed; several jobs and
# clones share a folder; what fails (a second delete, a directory that
# exists) fails as fio's does, with one line naming the file.  With fio
# installed, the three file engines and fio's example jobs side by side.
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99

D=$T/d
N=12
fresh() { rm -rf "$D"; mkdir "$D"; }
have_fio() { command -v fio >/dev/null 2>&1; }

# count TYPE: entries of $D of that type (f: regular files, d: directories)
count() { find "$D" -mindepth 1 -maxdepth 1 -type "$1" | wc -l; }

# ops_json DESC FILE N BYTES [JOBS]: each job of FILE (JOBS of them when
# given) made N operations of BYTES each, reads, one latency per
# operation, nothing else
ops_json() {
	pyq_py "$1" "$2" "$3" "$4" "${5:-0}" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
doc = json.loads(text[text.index("{"):])
n, size, jobs = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
d, o = "read", "write"
assert jobs in (0, len(doc["jobs"])), ("jobs", len(doc["jobs"]), jobs)
for j in doc["jobs"]:
    r, w = j[d], j[o]
    c = r["clat_ns"]
    got = (j["error"], r["total_ios"], r["io_bytes"], c["N"], r["lat_ns"]["N"],
           r["slat_ns"]["N"], w["total_ios"], w["clat_ns"]["N"])
    assert got == (0, n, n * size, n, 0, 0, 0, 0), (j["jobname"], got)
    # plausible: each operation took some time, none more than 10 s, and
    # together no more than the job ran
    assert 0 < c["min"] <= c["mean"] <= c["max"] < 10e9, c
    assert c["mean"] * n <= (j[d]["runtime"] + 2) * 1e6, (c["mean"], n, j[d]["runtime"])
PY
}

# --- each engine: the folder afterwards, the JSON
fresh
run_ok "filecreate" "$PLIO" --name=t0 --ioengine=filecreate --fallocate=none --filesize=4k \
	--openfiles=1 --bs=4k --nrfiles=10 --directory="$D" --output-format=json &&
	jexpect "filecreate: fio's figures for 10 files" "$T/out" "jobs.0.read.io_bytes == 40960" \
		"jobs.0.read.total_ios == 10" "jobs.0.read.clat_ns.N == 10" "jobs.0.read.lat_ns.N == 0"
[ "$(count f)" = 10 ] && [ "$(stat -c %a:%s "$D/t0.0.9")" = 600:0 ] && pass ||
	fail "filecreate: $(count f) files (10 expected), t0.0.9: $(stat -c %a:%s "$D/t0.0.9" 2>&1) (600:0)"

for e in filecreate filestat filedelete dircreate dirstat dirdelete; do
	fresh
	run_ok "$e" "$PLIO" --name=t0 --ioengine=$e --filesize=4k --openfiles=1 --nrfiles=$N \
		--directory="$D" --output-format=json && ops_json "$e: JSON" "$T/out" $N 4096 1
	case $e in
	filecreate | filestat) want="$N 0" ;;
	dircreate | dirstat) want="0 $N" ;;
	*) want="0 0" ;;
	esac
	[ "$(count f) $(count d)" = "$want" ] && pass ||
		fail "$e: $(count f) files and $(count d) directories left, expected $want"
done
fresh
"$PLIO" --name=t0 --ioengine=dircreate --nrfiles=2 --directory="$D" --output=/dev/null
[ "$(stat -c %F:%a "$D/t0.0.1")" = "directory:700" ] && pass ||
	fail "dircreate: t0.0.1 is $(stat -c %F:%a "$D/t0.0.1" 2>&1), expected directory:700"
# filestat sees the laid-out files' size; a write job keeps its latencies
# as writes (fio's stat_ddir); bs below filesize: more I/Os, one open each
fresh
run_ok "filestat statx, write" "$PLIO" --name=t0 --ioengine=filestat --stat_type=statx --rw=write \
	--filesize=16k --bs=4k --nrfiles=3 --directory="$D" --output-format=json &&
	jexpect "filestat rw=write: 12 writes, 3 latencies" "$T/out" "jobs.0.write.total_ios == 12" \
		"jobs.0.write.clat_ns.N == 3" "jobs.0.read.clat_ns.N == 0" "jobs.0.error == 0"
# no size at all: one block per file (fio sizes them so)
fresh
run_ok "dircreate without a size" "$PLIO" --name=t0 --ioengine=dircreate --nrfiles=5 --bs=8k \
	--directory="$D" --output-format=json && ops_json "dircreate, no size: JSON" "$T/out" 5 8192 1

# --- numjobs and several jobs in one folder
fresh
cat >"$T/many.fio" <<EOF
[global]
directory=$D
nrfiles=$N
filesize=4k
openfiles=1

[a]
ioengine=filecreate
numjobs=3

[b]
ioengine=dircreate
numjobs=2

[c]
ioengine=dirstat
numjobs=2
stat_type=lstat
EOF
run_ok "three jobs, seven clones, one folder" "$PLIO" --output-format=json "$T/many.fio" &&
	ops_json "seven clones: JSON" "$T/out" $N 4096 7
[ "$(count f) $(count d)" = "$((3 * N)) $((4 * N))" ] &&
	[ "$(find "$D" -name 'a.2.*' -type f | wc -l)" = $N ] &&
	[ "$(find "$D" -name 'c.1.*' -type d | wc -l)" = $N ] && pass ||
	fail "seven clones: $(count f) files, $(count d) directories ($((3 * N)), $((4 * N)) expected)"
# create, stat, delete the same names, one after the other
cat >"$T/pipe.fio" <<EOF
[global]
directory=$D
nrfiles=$N
filesize=4k
filename_format=f.\$jobnum.\$filenum
numjobs=2

[create]
ioengine=filecreate

[stat]
stonewall
ioengine=filestat

[delete]
stonewall
ioengine=filedelete
EOF
fresh
run_ok "create, stat, delete" "$PLIO" --output-format=json "$T/pipe.fio" &&
	ops_json "create, stat, delete: JSON" "$T/out" $N 4096 6
[ "$(count f)" = 0 ] && pass || fail "create, stat, delete: $(count f) files left"

# --- unlink=1 removes what the job made (fio removes filecreate's files)
for e in filecreate dircreate; do
	fresh
	run_ok "$e unlink=1" "$PLIO" --name=t0 --ioengine=$e --filesize=4k --nrfiles=$N \
		--directory="$D" --unlink=1 --output-format=json &&
		jexpect "$e unlink=1: all made" "$T/out" "jobs.0.read.clat_ns.N == $N"
	[ "$(count f) $(count d)" = "0 0" ] && pass ||
		fail "$e unlink=1: $(count f) files, $(count d) directories left"
done

# --- descriptors: filecreate closes each file (openfiles=1) and never
# leaks one: 300 files under a limit of 40 descriptors
fresh
run_ok "filecreate under ulimit -n 40" sh -c "ulimit -n 40 && exec \"\$0\" \"\$@\"" "$PLIO" \
	--name=t0 --ioengine=filecreate --filesize=4k --openfiles=1 --nrfiles=300 \
	--directory="$D" --output-format=json &&
	jexpect "filecreate under ulimit: 300 made" "$T/out" "jobs.0.read.clat_ns.N == 300"
[ "$(count f)" = 300 ] && pass || fail "filecreate under ulimit -n 40: $(count f) files of 300"

# --- strace: one operation per file in the worker, of the chosen kind
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true >/dev/null 2>&1; then
	for c in filecreate: filestat:stat filestat:lstat filestat:statx filedelete: dircreate: \
		dirstat:stat dirstat:statx dirdelete:; do
		e=${c%%:*}
		st=${c#*:}
		fresh
		# LeakSanitizer cannot run under ptrace (a sanitizer build)
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			strace -f -o "$T/st.$e.$st" -e trace=open,openat,creat,close,stat,lstat,fstat,newfstatat,statx,unlink,unlinkat,mkdir,mkdirat,rmdir \
			"$PLIO" --name=t0 --ioengine=$e ${st:+--stat_type=$st} --filesize=4k --nrfiles=4 \
			--openfiles=1 --directory="$D" --output=/dev/null ||
			fail "strace $e${st:+ stat_type=$st}: exit $?"
		pyq_py "strace $e${st:+ stat_type=$st}: one operation per file" "$T/st.$e.$st" "$e" "$st" "$D" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
eng, st, d = sys.argv[2], sys.argv[3] or "stat", sys.argv[4]
main = lines[0].split()[0]
# @ stands for the file's name; stat and lstat as glibc makes them
# (newfstatat), or as the system calls of their own name
op = {"filecreate": r'openat\(AT_FDCWD, "@", O_RDWR\|O_CREAT\|O_CLOEXEC, 0600\) = (\d+)',
      "filedelete": r'unlink\("@"\) = 0', "dircreate": r'mkdir\("@", 0700\) = 0',
      "dirdelete": r'rmdir\("@"\) = 0',
      "stat": r'(newfstatat\(AT_FDCWD, "@", \{.*\}, 0\)|stat\("@", \{.*\}\)) = 0',
      "lstat": r'(newfstatat\(AT_FDCWD, "@", \{.*\}, AT_SYMLINK_NOFOLLOW\)|lstat\("@", \{.*\}\)) = 0',
      "statx": r'statx\(AT_FDCWD, "@", AT_STATX_SYNC_AS_STAT, STATX_ALL, \{.*\}\) = 0'}
want = op.get(eng) or op[st]
setup = r'mkdir\("@", 0700\) = 0' if eng in ("dirstat", "dirdelete") else None
# strace splits a call another thread interrupts: join "<unfinished ...>"
# with its "resumed" line
calls, pending = [], {}
for l in lines:
    pid, rest = l.split(None, 1)
    if rest.endswith("<unfinished ...>"):
        pending[pid] = rest[:-len("<unfinished ...>")].rstrip()
        continue
    m = re.match(r"<\.\.\. \w+ resumed>(.*)", rest)
    if m and pid in pending:
        rest = pending.pop(pid) + m.group(1)
    calls.append((pid, re.sub(r"\s+=", " =", rest)))
fds = []
for i in range(4):
    p = "%s/t0.0.%d" % (d, i)
    mine = [c for pid, c in calls if pid != main and ('"%s"' % p) in c]
    exp = ([setup] if setup else []) + [want]
    pats = [re.compile(x.replace("@", re.escape(p)) + "$") for x in exp]
    assert len(mine) == len(pats) and all(r.match(c) for r, c in zip(pats, mine)), (p, mine)
    if eng == "filecreate":
        fds.append(pats[-1].match(mine[-1]).group(1))
if eng == "filecreate":
    # each created file's descriptor closed before the next file is made
    seq = [c for pid, c in calls if pid != main and (c.startswith("openat(AT_FDCWD, \"%s/" % d) or c.startswith("close("))]
    for fd in fds:
        i = next(k for k, c in enumerate(seq) if c.endswith("= " + fd) and "O_CREAT" in c)
        seq = seq[i + 1:]
        assert seq and seq[0] == "close(%s) = 0" % fd, (fd, seq[:2])
PY
	done
else
	skip_part "strace is not installed: system calls not traced"
fi

# --- what fails, fails as fio's: one line naming the file
fresh
"$PLIO" --name=t0 --ioengine=filedelete --filesize=4k --nrfiles=3 --directory="$D" --loops=2 \
	--output-format=json >"$T/out" 2>"$T/err"
rc=$?
[ $rc = 1 ] && [ "$(grep -c . "$T/err")" = 1 ] &&
	grep -q "job 't0': file '$D/t0.0.0': cannot delete it (unlink): No such file or directory" "$T/err" &&
	pass || fail "filedelete twice: exit $rc, stderr: $(cat "$T/err")"
jexpect "filedelete twice: ENOENT, the first loop counted" "$T/out" "jobs.0.error == 2" \
	"jobs.0.read.total_ios == 3" "jobs.0.read.clat_ns.N == 3"
fresh
"$PLIO" --name=t0 --ioengine=dircreate --nrfiles=3 --directory="$D" --output=/dev/null
"$PLIO" --name=t0 --ioengine=dircreate --nrfiles=3 --directory="$D" --output-format=json \
	>"$T/out" 2>"$T/err"
rc=$?
[ $rc = 1 ] && [ "$(grep -c . "$T/err")" = 1 ] && [ "$(count d)" = 3 ] &&
	grep -q "job 't0': file '$D/t0.0.0': cannot make the directory (mkdir): File exists" "$T/err" &&
	pass || fail "dircreate where it exists: exit $rc, $(count d) directories, stderr: $(cat "$T/err")"
jexpect "dircreate where it exists: EEXIST, nothing counted" "$T/out" "jobs.0.error == 17" \
	"jobs.0.read.total_ios == 0" "jobs.0.read.clat_ns.N == 0"
fresh
: >"$D/t0.0.1"
run_fails "dirstat on a regular file" "job 't0': engine dirstat: init failed: '$D/t0.0.1' exists and is not a directory" \
	"$PLIO" --name=t0 --ioengine=dirstat --nrfiles=3 --directory="$D" --output=/dev/null
run_fails "filecreate in a missing folder" "directory: '$D/none' is not a directory" \
	"$PLIO" --name=t0 --ioengine=filecreate --nrfiles=3 --directory="$D/none"
run_fails "a stat_type that is none" "stat_type" \
	"$PLIO" --name=t0 --ioengine=filestat --stat_type=fstat --nrfiles=3 --directory="$D"
run_ok "enghelp dirstat" "$PLIO" --enghelp=dirstat &&
	grep -Eq '^stat_type +choice +stat ' "$T/out" && grep -q 'statx' "$T/out" && pass ||
	fail "--enghelp=dirstat does not list stat_type: $(cat "$T/out")"

# --- fio side by side: the three file engines, and fio's example jobs
if have_fio; then
	cat >"$T/fio_same.py" <<'PY'
import json, sys

def figures(path):
    text = open(path).read()
    doc = json.loads(text[text.index("{"):])
    return sorted((j["jobname"], j["error"]) + tuple(
        (j[d]["total_ios"], j[d]["io_bytes"], j[d]["clat_ns"]["N"], j[d]["lat_ns"]["N"])
        for d in ("read", "write")) for j in doc["jobs"])

f, p = figures(sys.argv[1]), figures(sys.argv[2])
assert f == p, ("fio", f[:3], "plio", p[:3])
PY
	# (filedelete twice fails in both: ENOENT after the first loop's)
	for c in filecreate: filestat:lstat filedelete: filecreate:numjobs filedelete:loops; do
		e=${c%%:*}
		x=${c#*:}
		want=0
		case $x in
		lstat) more=--stat_type=lstat ;;
		numjobs) more="--numjobs=3 --rw=write" ;;
		loops) more=--loops=2 want=1 ;;
		*) more= ;;
		esac
		for t in fio plio; do
			rm -rf "$T/$t.d"
			mkdir "$T/$t.d"
			[ $t = fio ] && bin=fio || bin=$PLIO
			# shellcheck disable=SC2086
			$bin --name=t0 --ioengine=$e --filesize=4k --openfiles=1 --nrfiles=$N $more \
				--directory="$T/$t.d" --output-format=json >"$T/$t.$e.$x.json" 2>"$T/$t.err"
			rc=$?
			[ $rc = $want ] || fail "$t $c: exit $rc: $(cat "$T/$t.err")"
		done
		[ "$(ls "$T/fio.d" | wc -l)" = "$(ls "$T/plio.d" | wc -l)" ] && pass ||
			fail "$c: fio leaves $(ls "$T/fio.d" | wc -l) files, plio $(ls "$T/plio.d" | wc -l)"
		pyq "$c: the figures of fio" "$T/fio_same.py" "$T/fio.$e.$x.json" "$T/plio.$e.$x.json"
	done
	# fio's examples, nrfiles scaled down (filecreate's 31250 to 100)
	mkdir "$T/ex"
	cat >"$T/ex/filecreate.fio" <<'EOF'
[global]
create_on_open=1
nrfiles=100
ioengine=filecreate
fallocate=none
filesize=4k
openfiles=1

[t0]
[t1]
[t2]
[t3]
[t4]
[t5]
[t6]
[t7]
[t8]
[t9]
[t10]
[t11]
[t12]
[t13]
[t14]
[t15]
EOF
	printf '[global]\nioengine=filestat\nnumjobs=1\nfilesize=4k\nnrfiles=100\nthread\n\n[t0]\n[t1]\n[t2]\n[t3]\n[t4]\n[t5]\n' \
		>"$T/ex/filestat.fio"
	printf '[global]\nioengine=filedelete\nfilesize=4k\nnrfiles=100\nunlink=0\n\n[t0]\n[t1]\n[t2]\n[t3]\n[t4]\n[t5]\n' \
		>"$T/ex/filedelete.fio"
	for x in filecreate filestat filedelete; do
		for t in fio plio; do
			rm -rf "$T/ex/$t"
			mkdir "$T/ex/$t"
			[ $t = fio ] && bin=fio || bin=$PLIO
			(cd "$T/ex/$t" && $bin --output-format=json "../$x.fio" >"../$t.$x.json" 2>../err) ||
				fail "$t example $x: exit $?: $(cat "$T/ex/err")"
		done
		[ "$(ls "$T/ex/fio" | wc -l)" = "$(ls "$T/ex/plio" | wc -l)" ] && pass ||
			fail "example $x: fio leaves $(ls "$T/ex/fio" | wc -l) files, plio $(ls "$T/ex/plio" | wc -l)"
		pyq "example $x: the figures of fio" "$T/fio_same.py" "$T/ex/fio.$x.json" "$T/ex/plio.$x.json"
	done
else
	skip_part "fio is not installed: not compared with fio"
fi

# fio 3.34's directory examples (fio 3.33 has not their engines): as
# written, against the figures they must give
mkdir -p "$T/dx"
printf '[global]\ncreate_on_open=1\nnrfiles=30\nioengine=dircreate\nfallocate=none\nfilesize=4k\nopenfiles=1\n\n[t0]\n[t1]\n[t2]\n[t3]\n[t4]\n[t5]\n' \
	>"$T/dx/dircreate.fio"
printf '[global]\nioengine=dirstat\nnumjobs=10\nfilesize=4k\nnrfiles=5\nthread\n\n[t0]\n[t1]\n[t2]\n[t3]\n[t4]\n[t5]\n' \
	>"$T/dx/dirstat.fio"
printf '[global]\nioengine=dirdelete\nfilesize=4k\nnrfiles=200\nunlink=0\n\n[t0]\n[t1]\n[t2]\n[t3]\n[t4]\n[t5]\n' \
	>"$T/dx/dirdelete.fio"
for x in dircreate:30:6:180 dirstat:5:60:300 dirdelete:200:6:0; do
	e=${x%%:*}
	n=$(echo "$x" | cut -d: -f2)
	jobs=$(echo "$x" | cut -d: -f3)
	left=${x##*:}
	D=$T/dx/$e
	mkdir "$D"
	(cd "$D" && "$PLIO" --output-format=json "../$e.fio" >"$T/out" 2>"$T/err")
	rc=$?
	[ $rc = 0 ] && [ "$(count d)" = "$left" ] && pass ||
		fail "example $e: exit $rc, $(count d) directories left ($left expected): $(cat "$T/err")"
	ops_json "example $e: JSON" "$T/out" "$n" 4096 "$jobs"
done

finish
