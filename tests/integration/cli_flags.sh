#!/bin/sh
# cli_flags: the program flags do what fio's do.  --showcmd prints a job
# file as one command line that re-parses to the same jobs; --section runs
# only the named sections (and the globals); --readonly refuses a writing
# job and lets a reading one run; --max-jobs counts numjobs clones;
# --cmdhelp shows an option's type, default and range, or the list;
# --minimal prints fio's terse line; the --eta and status flags are
# checked; every misuse is one line naming the argument.
. "$TOP_SRCDIR/tests/integration/lib.sh"
# the version configure was given (AC_INIT), which plio must print
VERSION=$(sed -n 's/^AC_INIT(\[plio\], \[\([^]]*\)\].*/\1/p' "$TOP_SRCDIR/configure.ac")
[ -n "$VERSION" ] || { echo "cli_flags: no version in configure.ac" >&2; exit 99; }

cat >"$T/jobs.fio" <<EOF2
[global]
ioengine=null
size=1m
bs=4k

[reader]
rw=randread
iodepth=4

[writer]
rw=write
bs=8k,16k
description=two words

[global]
numjobs=2

[third]
rw=read
EOF2

# --- --showcmd: fio's layout, and the line re-parses to the same specs
run_ok "showcmd" "$PLIO" --showcmd "$T/jobs.fio" || finish
want='plio --ioengine=null --size=1m --bs=4k --name=reader --rw=randread --iodepth=4 --name=writer --rw=write --bs=8k,16k --description="two words" --name=global --numjobs=2 --name=third --rw=read '
if [ "$(cat "$T/out")" = "$want" ]; then pass; else
	fail "showcmd line: $(cat "$T/out")"; fi
line=$(cat "$T/out")
run_ok "specs of the file" "$PLIO" --parse-only --debug=parse "$T/jobs.fio"
sort "$T/err" >"$T/specs.file"
eval "set -- $line"
shift
run_ok "specs of the showcmd line" "$PLIO" --parse-only --debug=parse "$@"
sort "$T/err" >"$T/specs.cmd"
if [ -s "$T/specs.file" ] && cmp -s "$T/specs.file" "$T/specs.cmd"; then pass; else
	fail "showcmd line parses to other specs:"
	diff "$T/specs.file" "$T/specs.cmd" >&2
fi
grep -q "job third: numjobs=2" "$T/specs.cmd" && pass || fail "later global not applied"
grep -q "job writer: numjobs" "$T/specs.cmd" && fail "later global applied too early" || pass
# the command line's own jobs print as well, the same way
run_ok "showcmd of the showcmd line" "$PLIO" --showcmd "$@"
[ "$(cat "$T/out")" = "$want" ] && pass || fail "showcmd is not a fixed point: $(cat "$T/out")"
# two files: one line each
run_ok "showcmd two files" "$PLIO" --showcmd "$T/jobs.fio" "$T/jobs.fio"
[ "$(wc -l <"$T/out")" -eq 2 ] && pass || fail "showcmd two files: $(cat "$T/out")"
printf '[j]\nrw=read\nbs=x\n' >"$T/bad.fio"
run_fails "showcmd checks the file" "^plio: .*bad.fio:3: bs: 'x' is not a size" \
	"$PLIO" --showcmd "$T/bad.fio"
[ -s "$T/out" ] && fail "showcmd printed a broken file" || pass

# --- --section: only the named job sections run, globals still apply
run_ok "section" "$PLIO" --output-format=json --section=writer "$T/jobs.fio" || finish
pyq_py "section runs only writer" "$T/out" <<'PY'
import json, sys
jobs = json.load(open(sys.argv[1]))["jobs"]
assert [j["jobname"] for j in jobs] == ["writer"], [j["jobname"] for j in jobs]
assert jobs[0]["write"]["io_bytes"] == 1 << 20
PY
run_ok "two sections" "$PLIO" --output-format=json --section third --section=reader "$T/jobs.fio" || finish
pyq_py "two sections" "$T/out" <<'PY'
import json, sys
jobs = json.load(open(sys.argv[1]))["jobs"]
# file order, and the [global] before third gives it two clones
assert [j["jobname"] for j in jobs] == ["reader", "third", "third"], [j["jobname"] for j in jobs]
PY
run_ok "section showcmd" "$PLIO" --showcmd --section=third "$T/jobs.fio"
# with the jobs before it gone, the second [global] needs no --name=global
[ "$(cat "$T/out")" = 'plio --ioengine=null --size=1m --bs=4k --numjobs=2 --name=third --rw=read ' ] \
	&& pass || fail "section showcmd: $(cat "$T/out")"
run_fails "section unknown" "^plio: command line \(argument 1\): --section: no job section named 'nope'" \
	"$PLIO" --section=nope "$T/jobs.fio"
run_fails "section needs a value" "^plio: command line \(argument 1\): --section: needs a value$" \
	"$PLIO" --section=

# --- --readonly
run_fails "readonly refuses a writer" "^plio: .*jobs.fio:11: rw: job 'writer' writes \(rw=write\)" \
	"$PLIO" --readonly --parse-only "$T/jobs.fio"
run_fails "readonly refuses randrw" "^plio: command line \(argument 3\): rw: job 'mix' writes \(rw=randrw\)" \
	"$PLIO" --readonly --name=mix --rw=randrw --ioengine=null --size=1m
[ -s "$T/out" ] && fail "readonly: a refused job printed a report" || pass
run_ok "readonly runs a reader" "$PLIO" --readonly --output-format=json \
	--name=r --rw=randread --ioengine=null --size=1m
pyq_py "readonly reader results" "$T/out" <<'PY'
import json, sys
jobs = json.load(open(sys.argv[1]))["jobs"]
assert jobs[0]["read"]["io_bytes"] == 1 << 20
PY
# a reader whose file is missing or short would write it first: refused,
# and the file is left alone (fio: "refusing extend of file due to read-only")
run_fails "readonly refuses laying out a file" \
	"^plio: command line \(argument 3\): filename: job 'r' would create '$T/ro' \(65536 bytes\) first, and --readonly refuses writes$" \
	"$PLIO" --readonly --name=r --filename="$T/ro" --size=64k --rw=read
[ -e "$T/ro" ] && fail "readonly: the file was created" || pass
dd if=/dev/zero of="$T/ro" bs=32k count=1 2>/dev/null
run_fails "readonly refuses extending a file" \
	"^plio: command line \(argument 3\): filename: job 'r' would extend '$T/ro' to 65536 bytes first" \
	"$PLIO" --readonly --name=r --filename="$T/ro" --size=64k --rw=read
[ "$(wc -c <"$T/ro")" -eq 32768 ] && pass || fail "readonly: the file was extended"
run_fails "readonly refuses unlink" "^plio: command line \(argument 5\): unlink: job 'r' deletes its files" \
	"$PLIO" --readonly --name=r --filename="$T/ro" --size=32k --unlink=1 --rw=read
[ -e "$T/ro" ] && pass || fail "readonly: the file was deleted"
run_ok "readonly reads a file that is there" "$PLIO" --readonly --output-format=json \
	--name=r --filename="$T/ro" --size=32k --rw=read
pyq_py "readonly reader of an existing file" "$T/out" <<'PY'
import json,sys; assert json.load(open(sys.argv[1]))["jobs"][0]["read"]["io_bytes"] == 32768
PY
rm -f "$T/ro"
run_ok "readonly with a reading section" "$PLIO" --readonly --parse-only --section=reader "$T/jobs.fio"
run_fails "readonly takes no value" "^plio: command line \(argument 1\): --readonly: takes no value$" \
	"$PLIO" --readonly=1 --name=x

# --- --max-jobs: numjobs clones count
run_fails "max-jobs" "^plio: command line \(argument 1\): --max-jobs: the jobs start 4 workers, more than 3$" \
	"$PLIO" --max-jobs=3 --parse-only "$T/jobs.fio"
run_ok "max-jobs enough" "$PLIO" --max-jobs 4 --parse-only "$T/jobs.fio"
run_fails "max-jobs zero" "^plio: command line \(argument 1\): --max-jobs: '0' is not a number" \
	"$PLIO" --max-jobs=0 --name=x
run_fails "max-jobs text" "^plio: command line \(argument 2\): --max-jobs: 'lots' is not a number" \
	"$PLIO" --max-jobs lots --name=x

# --- --cmdhelp
run_ok "cmdhelp bs" "$PLIO" --cmdhelp=bs
for pat in '^ +bs: ' '^ +alias: blocksize$' '^ +type: size' '^ +default: 4k$' '^ +range: min=1'; do
	grep -Eq "$pat" "$T/out" && pass || fail "cmdhelp=bs lacks /$pat/: $(cat "$T/out")"
done
run_ok "cmdhelp rw" "$PLIO" --cmdhelp=readwrite
grep -Eq '^ +valid values: read ' "$T/out" && grep -Eq '^ +: randrw ' "$T/out" \
	&& pass || fail "cmdhelp=rw choices: $(cat "$T/out")"
run_ok "cmdhelp engine option" "$PLIO" --cmdhelp=hipri
grep -Eq '^ +engine: io_uring$' "$T/out" && pass || fail "cmdhelp=hipri: $(cat "$T/out")"
run_ok "cmdhelp list" "$PLIO" --cmdhelp
grep -Eq '^iodepth +: ' "$T/out" && pass || fail "cmdhelp list"
run_ok "cmdhelp all" "$PLIO" --cmdhelp=all
grep -q '^Block size:$' "$T/out" && grep -Eq '^  bssplit +: ' "$T/out" && \
	grep -q '^I/O engine io_uring:$' "$T/out" && pass || fail "cmdhelp=all categories"
grep -q '^Other:$' "$T/out" && fail "cmdhelp=all: a core option has no category" || pass
run_fails "cmdhelp typo" "^plio: command line \(argument 1\): --cmdhelp: no option named 'iodepht' \(did you mean 'iodepth'\?\)$" \
	"$PLIO" --cmdhelp=iodepht

# --- --enghelp=ENGINE,OPTION: one engine option in --cmdhelp's layout
run_ok "enghelp option" "$PLIO" --enghelp=libaio,userspace_reap
grep -Eq '^ +userspace_reap: ' "$T/out" && grep -Eq '^ +engine: libaio$' "$T/out" &&
	grep -Eq '^ +type: bool' "$T/out" && pass || fail "enghelp=libaio,userspace_reap: $(cat "$T/out")"
run_fails "enghelp option typo" \
	"^plio: command line \(argument 1\): --enghelp: engine libaio has no option 'userspace_rep' \(did you mean 'userspace_reap'\?\)$" \
	"$PLIO" --enghelp=libaio,userspace_rep
run_fails "enghelp unknown engine" "^plio: command line \(argument 1\): --enghelp: no engine 'nosuch'" \
	"$PLIO" --enghelp=nosuch,x
[ "$(wc -l <"$T/err")" -eq 1 ] && pass || fail "enghelp unknown engine: not one line"
run_fails "output unwritable" "^plio: command line \(argument 1\): --output: cannot write '/nonexistent/x': " \
	"$PLIO" --output=/nonexistent/x --name=o --ioengine=null --size=64k

# --- --minimal: fio's terse line (version 3, 121+ fields)
run_ok "minimal" "$PLIO" --minimal --name=t --rw=read --ioengine=null --size=1m
[ "$(wc -l <"$T/out")" -eq 1 ] && pass || fail "minimal: not one line"
fields=$(awk -F';' '{print NF}' "$T/out")
[ "$fields" -ge 121 ] && pass || fail "minimal: $fields fields"
case $(cut -d';' -f1-3 "$T/out") in
"3;plio-$VERSION;t") pass ;;
*) fail "minimal: $(cut -d';' -f1-3 "$T/out")" ;;
esac

# --- --eta family and --warnings-fatal: checked, accepted, nothing extra
run_ok "eta flags" "$PLIO" --eta=always --eta-newline=2 --eta-interval=500ms \
	--status-interval=1s --warnings-fatal --output-format=json \
	--name=e --ioengine=null --size=64k
pyq_py "eta flags: output is not JSON alone" "$T/out" <<'PY'
import json,sys; json.load(open(sys.argv[1]))
PY
run_ok "eta never" "$PLIO" --eta never --parse-only --name=e --ioengine=null
run_fails "eta bad" "^plio: command line \(argument 1\): --eta: 'sometimes' is not always, never or auto$" \
	"$PLIO" --eta=sometimes --name=x
run_fails "eta-interval floor" "^plio: command line \(argument 1\): --eta-interval: '100ms' is below" \
	"$PLIO" --eta-interval=100ms --name=x
run_fails "status-interval floor" "^plio: command line \(argument 1\): --status-interval: '0' is below" \
	"$PLIO" --status-interval=0 --name=x
run_fails "eta-newline bad" "^plio: command line \(argument 1\): --eta-newline: 'soon' is not a time" \
	"$PLIO" --eta-newline=soon --name=x

# --- warnings (fio's, for the same cases) go on; --warnings-fatal stops
run_ok "blockalign warns" "$PLIO" --parse-only --name=w --ioengine=null \
	--rw=randread --ba=8k --size=1m
[ "$(cat "$T/err")" = "plio: warning: command line (argument 5): ba: any use of blockalign turns off the random map (norandommap)" ] &&
	pass || fail "blockalign warning: $(cat "$T/err")"
run_fails "warnings-fatal: blockalign" \
	"^plio: command line \(argument 6\): ba: any use of blockalign turns off the random map \(norandommap\) \(--warnings-fatal\)$" \
	"$PLIO" --warnings-fatal --parse-only --name=w --ioengine=null --rw=randread \
	--ba=8k --size=1m
printf '[j]\nioengine=null\nsize=1m\nverifysort=1\n' >"$T/dep.fio"
run_ok "deprecated option warns" "$PLIO" --parse-only "$T/dep.fio"
grep -q "^plio: warning: .*dep.fio:4: verifysort: option verifysort is deprecated and does nothing$" "$T/err" &&
	pass || fail "deprecated warning: $(cat "$T/err")"
run_fails "warnings-fatal: deprecated" "dep.fio:4: verifysort: .*\(--warnings-fatal\)$" \
	"$PLIO" --warnings-fatal --parse-only "$T/dep.fio"

# --- an engine option given to another engine names the engines that have it
run_fails "hipri with psync" \
	"^plio: command line \(argument 3\): hipri: option hipri belongs to engines .*pvsync2.*, not to ioengine=psync$" \
	"$PLIO" --name=h --ioengine=psync --hipri --size=1m --parse-only
printf '[global]\nhipri=1\n[j]\nioengine=null\nsize=1m\n' >"$T/hipri.fio"
run_fails "hipri in global" "hipri.fio:2: hipri: option hipri belongs to engines .*, not to ioengine=null$" \
	"$PLIO" --parse-only "$T/hipri.fio"

# --- --debug: each channel says what it covers, on stderr only
run_ok "debug channels" "$PLIO" --debug=process,file,io --output-format=json \
	--name=d --filename="$T/dbg" --size=8k --rw=write --ioengine=psync
pyq_py "debug: stdout is not JSON alone" "$T/out" <<'PY'
import json,sys; json.load(open(sys.argv[1]))
PY
for pat in "^plio: debug: job d\.0: a process, group 0, phase 0" \
	"^plio: debug: job d\.0: started as process [0-9]+$" \
	"^plio: debug: job d\.0: process ended$" \
	"^plio: debug: job d\.0: file '.*/dbg': region 0\+8192, first created or extended to 8192 bytes$" \
	"^plio: debug: job d\.0: file '.*/dbg': opened$" \
	"^plio: debug: job d\.0: queue write: file '.*/dbg', offset 4096, 4096 bytes$" \
	"^plio: debug: job d\.0: done write: file '.*/dbg', offset 4096, 4096 bytes$" \
	"^plio: debug: job d\.0: file '.*/dbg': closed$"; do
	grep -Eq "$pat" "$T/err" && pass || fail "debug: no line /$pat/"
done
[ "$(grep -c 'queue write' "$T/err")" -eq 2 ] && pass || fail "debug=io: not one line per write"
run_ok "debug io only" "$PLIO" --debug=io --output-format=json \
	--name=d --filename="$T/dbg" --size=8k --rw=read --ioengine=psync
grep -v ': queue read: \|: done read: ' "$T/err" | grep -q . && fail "debug=io: other lines: $(cat "$T/err")" || pass
rm -f "$T/dbg"

# --debug=random: fio's seed lines, where fio prints its debug output (the
# report's stream: --output here), one per generator, in decimal; the same
# seeds for the same randseed (and randrepeat=1), new ones with randrepeat=0
seeds() {	# seeds OUTFILE ARGS...: the rand_seeds values, one per line
	o=$1
	shift
	"$PLIO" --debug=random --output="$o" --output-format=json --name=r \
		--ioengine=null --filesize=32k --rw=randread "$@" 2>"$T/err" || return 1
	[ -s "$T/err" ] && return 1
	sed -n 's/^random  *[0-9][0-9]* .*rand_seeds\[[0-9]*\]=\([0-9][0-9]*\)$/\1/p' "$o"
}
seeds "$T/r1" >"$T/s1" && seeds "$T/r2" >"$T/s2" && seeds "$T/r3" --randseed=12345 >"$T/s3" &&
	seeds "$T/r4" --randseed=12345 --randrepeat=0 >"$T/s4" && seeds "$T/r5" --randrepeat=0 >"$T/s5" &&
	seeds "$T/r6" --randrepeat=0 >"$T/s6" && pass || fail "debug=random: a run failed or wrote to stderr: $(cat "$T/err")"
n=$(grep -c 'FIO_RAND_NR_OFFS=' "$T/r1")
[ "$n" -eq 1 ] && [ "$(wc -l <"$T/s1")" -eq "$(sed -n 's/.*FIO_RAND_NR_OFFS=//p' "$T/r1")" ] &&
	[ "$(wc -l <"$T/s1")" -ge 4 ] && pass || fail "debug=random: not one seed line per generator: $(cat "$T/r1")"
grep -q '^137$' "$T/s1" && pass || fail "debug=random: the offsets' seed is not randseed's default 137: $(cat "$T/s1")"
cmp -s "$T/s1" "$T/s2" && pass || fail "debug=random: randrepeat=1 gave other seeds"
grep -q '^12345$' "$T/s3" && cmp -s "$T/s3" "$T/s4" && ! cmp -s "$T/s1" "$T/s3" && pass ||
	fail "debug=random: randseed=12345 (with randrepeat=0 too) is not what seeds: $(cat "$T/s3") / $(cat "$T/s4")"
! cmp -s "$T/s5" "$T/s6" && ! cmp -s "$T/s5" "$T/s1" && pass || fail "debug=random: randrepeat=0 gave the same seeds twice"
pyq_py "debug=random: no JSON report after the seed lines" "$T/r1" <<'PY'
import json,sys; t=open(sys.argv[1]).read(); json.loads(t[t.index("{"):])
PY

# --- a job file without jobs: one line naming it (fio runs nothing, exit 0)
: >"$T/empty.fio"
printf '[global]\nbs=8k\n' >"$T/globals.fio"
run_fails "empty job file" "^plio: .*empty.fio: no jobs in the job file \(only \[global\] sections, or nothing\)$" \
	"$PLIO" --parse-only "$T/empty.fio"
[ "$(wc -l <"$T/err")" -eq 1 ] && pass || fail "empty job file: not one line: $(cat "$T/err")"
run_fails "only globals" "^plio: .*globals.fio: no jobs in the job file" \
	"$PLIO" --parse-only "$T/globals.fio"
run_fails "only globals on stdin" "^plio: <stdin>: no jobs in the job file" \
	sh -c '"$1" --parse-only - <"$2"' sh "$PLIO" "$T/globals.fio"
run_fails "only global options" "^plio: no jobs given: only global options were set$" \
	"$PLIO" --parse-only --bs=4k
# global values are checked even when there is no job to use them
run_fails "bad global without jobs" "^plio: .*globals.fio:2: bs: '4q' is not a size" \
	sh -c 'printf "[global]\nbs=4q\n" >"$1" && "$2" --parse-only "$1"' sh "$T/globals.fio" "$PLIO"
# one file without jobs among others is fine (fio runs the others)
run_ok "empty file and a real one" "$PLIO" --parse-only "$T/empty.fio" "$T/jobs.fio"

# --- "--key value", as fio's getopt takes it, for options that need a value
run_ok "separate values" "$PLIO" --output-format=json --name sep --bs 8k --size 64k \
	--ioengine null --thread --rw=read
pyq_py "separate values" "$T/out" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
assert j["jobname"] == "sep", j["jobname"]
assert j["read"]["total_ios"] == 8, j["read"]["total_ios"]
PY
# a flag does not take the next argument: it is a job file here
printf '[f]\nioengine=null\nsize=64k\n' >"$T/f.fio"
run_ok "flag then a job file" "$PLIO" --parse-only --thread "$T/f.fio"
run_fails "bool takes the next argument" "^plio: command line \(argument 2\): direct: '.*f.fio' is not a boolean \(1 or 0\)$" \
	"$PLIO" --parse-only --direct "$T/f.fio"

# --- fio's program options plio does not have are named as fio's
run_fails "fio's client mode" "^plio: command line \(argument 1\): --client: fio's option --client is not supported by plio$" \
	"$PLIO" --client=host --name=x
run_fails "fio's trigger" "^plio: command line \(argument 2\): --trigger-file: fio's option --trigger-file is not supported by plio$" \
	"$PLIO" --name=x --trigger-file=/tmp/t

# --- the command line's own slips
run_fails "name without a value" "^plio: command line \(argument 1\): name: needs a value \(the job's name\)$" \
	"$PLIO" --name=
run_fails "bool flag value" "^plio: command line \(argument 2\): direct: needs a value \(1 or 0\)$" \
	"$PLIO" --name=x --direct
run_fails "upper-case option" "^plio: command line \(argument 2\): IODEPTH: unknown option \(did you mean 'iodepth'\?\)$" \
	"$PLIO" --name=x --IODEPTH=4
run_fails "empty option value" "^plio: command line \(argument 2\): filename: an empty value is not allowed$" \
	"$PLIO" --name=x --filename=

# --- fio's getopt_long_only: a pasted fio command line runs as it is
run_ok "single-dash options" "$PLIO" -name=x -ioengine=null -size=64k -bs 8k \
	-rw=write -thread -group_reporting -minimal
# terse v3: 3;version;name;groupid;error; read 6-45; write 46-: kbytes, bw, iops
[ "$(wc -l <"$T/out")" -eq 1 ] && pass || fail "single-dash: not one terse line: $(cat "$T/out")"
[ "$(cut -d';' -f1-3 "$T/out")" = "3;plio-$VERSION;x" ] && pass || fail "single-dash: $(cut -d';' -f1-3 "$T/out")"
[ "$(cut -d';' -f6 "$T/out")" = 0 ] && [ "$(cut -d';' -f47 "$T/out")" = 64 ] &&
	pass || fail "single-dash: read/write KiB $(cut -d';' -f6,47 "$T/out"), want 0/64"
# the same line with fio's -F json for the I/O count and size
run_ok "single-dash options, json" "$PLIO" -name=x -ioengine=null -size=64k -bs 8k \
	-rw=write -F json
pyq_py "single-dash: json values" "$T/out" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
w = j["write"]
assert (w["io_bytes"], w["total_ios"], j["read"]["io_bytes"]) == (65536, 8, 0), (w["io_bytes"], w["total_ios"])
assert j["job options"]["bs"] == "8k", j["job options"]
PY
# unique prefixes; an exact name wins over the names it begins
run_ok "abbreviations" "$PLIO" --ioeng=null --name=p --size=32k --bs=4k --output-f=json --parse
[ ! -s "$T/out" ] && pass || fail "--parse (parse-only) ran the job: $(cat "$T/out")"
run_ok "abbreviated job options" "$PLIO" --ioeng=null --name=p --size=32k --bs=4k --output-f=json
pyq_py "--ioeng=null" "$T/out" <<'PY'
import json,sys; j=json.load(open(sys.argv[1]))["jobs"][0]; assert j["read"]["total_ios"] == 8, j["read"]
PY
run_fails "ambiguous abbreviation" \
	"^plio: command line \(argument 3\): '--s=4k' is ambiguous: it could be --showcmd, --section, --status-interval, --server, --size, .*--ss_dur" \
	"$PLIO" --name=x --ioengine=null --s=4k
run_fails "ambiguous -g" "^plio: command line \(argument 1\): '-g' is ambiguous: it could be --group_reporting, --gtod_reduce" \
	"$PLIO" -g --name=x
# fio's letters: -v, -o FILE, -x NAME, -s, -d LIST; "--" ends the options
run_ok "-v" "$PLIO" -v
[ "$(cat "$T/out")" = "plio-$VERSION" ] && pass || fail "-v: $(cat "$T/out")"
run_ok "-o and -m" "$PLIO" -o "$T/o.txt" -m -x writer "$T/jobs.fio"
[ ! -s "$T/out" ] && [ "$(cut -d';' -f3 "$T/o.txt")" = writer ] && pass || fail "-o/-x: $(cat "$T/o.txt")"
rm -f "$T/o.txt"
run_ok "-s" "$PLIO" -s -x third "$T/jobs.fio"
case $(cat "$T/out") in "plio "*"--name=third --rw=read ") pass ;; *) fail "-s: $(cat "$T/out")" ;; esac
run_fails "-- ends the options" "^plio: -m: cannot open job file" "$PLIO" --parse-only "$T/jobs.fio" -- -m
run_fails "fio's letter plio lacks" "^plio: command line \(argument 1\): -S: fio's option --server is not supported by plio$" \
	"$PLIO" -S
# a misspelt program option gets its suggestion
run_fails "program option typo" "^plio: command line \(argument 1\): parse-onyl: unknown option \(did you mean 'parse-only'\?\)$" \
	"$PLIO" --parse-onyl --name=x --ioengine=null
run_fails "program option typo 2" "^plio: command line \(argument 1\): outputformat: unknown option \(did you mean 'output-format'\?\)$" \
	"$PLIO" --outputformat=json --name=x --ioengine=null

# --- --debug: fio's other categories are warned about; ? lists plio's
run_ok "debug list" "$PLIO" --debug=?
grep -Eq '^  parse +' "$T/out" && grep -Eq '^  plugin +' "$T/out" && pass || fail "debug=?: $(cat "$T/out")"
run_ok "debug: fio's categories" "$PLIO" --debug=mem,verify --parse-only --name=x --ioengine=null
[ "$(cat "$T/err")" = "plio: warning: command line (argument 1): --debug: 'mem' has no messages in plio, ignored
plio: warning: command line (argument 1): --debug: 'verify' has no messages in plio, ignored" ] &&
	pass || fail "debug=mem,verify: $(cat "$T/err")"
run_fails "debug: fio's category, warnings fatal" \
	"^plio: command line \(argument 3\): --debug: 'zbd' has no messages in plio \(--warnings-fatal\)$" \
	"$PLIO" -w -d zbd --parse-only --name=x --ioengine=null
run_fails "debug: a typo" "^plio: command line \(argument 1\): --debug: 'proces' is not a debug category \(parse, process, file, io, random, plugin, all; " \
	"$PLIO" --debug=proces --name=x

# --- --status-interval below a second (fio's floor is 1ms): each report
# whole, in order, and the final one last
run_ok "status-interval 1ms" "$PLIO" --status-interval=1ms -m --name=s --ioengine=null \
	--time_based --runtime=300ms --bs=4k --size=64k
awk -F';' 'NF < 121 || $3 != "s" { bad = 1 } END { exit bad || NR < 3 }' "$T/out" &&
	pass || fail "status-interval=1ms: $(wc -l <"$T/out") lines, or a broken one"
awk -F';' '$6 + 0 < prev { bad = 1 } { prev = $6 + 0 } END { exit bad || prev == 0 }' "$T/out" &&
	pass || fail "status-interval=1ms: read KiB go down between reports, or stay 0"
run_fails "status-interval below 1ms" "^plio: command line \(argument 1\): --status-interval: '500us' is below its minimum, 1ms$" \
	"$PLIO" --status-interval=500us --name=x

# --- --version, --help
run_ok "version" "$PLIO" --version
[ "$(cat "$T/out")" = "plio-$VERSION" ] && pass || fail "version: $(cat "$T/out")"
run_ok "help" "$PLIO" --help
for f in showcmd cmdhelp section minimal max-jobs readonly warnings-fatal eta eta-newline eta-interval status-interval; do
	grep -q -- "--$f" "$T/out" && pass || fail "--help does not mention --$f"
done

finish
