#!/bin/sh
# inputs_bounded: inputs that would exhaust the machine get one line, not
# silence, a crash or a swap storm.  numjobs is at most 4096 (fio's limit,
# "error: maximum number of jobs reached."), and so are the workers of all
# jobs together unless --max-jobs says otherwise; a job file of a million
# sections is refused at the first job too many, before its specs are
# built.  A job file or include that is not a regular file (a directory, a
# FIFO, /dev/zero) is refused by its kind, before a read that would wait
# or never end; a pipe handed by name (plio <(cmd)) and standard input
# are read, up to 4 MiB from one file and 16 MiB in all.  Arithmetic that
# does not fit (INT64_MIN / -1) is refused with the expression, and
# INT64_MIN % -1, which killed plio with SIGFPE, is 0.
. "$TOP_SRCDIR/tests/integration/lib.sh"

# a watchdog: an input that is read without end must not hang the tests
WD=
command -v timeout >/dev/null 2>&1 && WD="timeout -s KILL 20"

NULLJOB="--name=x --ioengine=null --size=1m"

# ---------------------------------------------------------------- numjobs
# shellcheck disable=SC2086
run_fails "numjobs=100000000" \
	"^plio: command line \\(argument 4\\): numjobs: '100000000' is out of range \\(at most 4096, fio's limit\\)\$" \
	"$PLIO" $NULLJOB --numjobs=100000000 --parse-only
# shellcheck disable=SC2086
run_fails "numjobs=4097" \
	"^plio: command line \\(argument 4\\): numjobs: '4097' is out of range \\(at most 4096, fio's limit\\)\$" \
	"$PLIO" $NULLJOB --numjobs=4097 --parse-only
# shellcheck disable=SC2086
run_ok "numjobs=4096" "$PLIO" $NULLJOB --numjobs=4096 --parse-only
printf '[global]\nioengine=null\nsize=1m\n[a]\nnumjobs=4k\n[b]\nnumjobs=2500\n' >"$T/two.fio"
run_fails "numjobs 4096 + 2500" \
	"^plio: $T/two.fio:7: numjobs: the jobs start 6596 workers in all, more than 4096 \\(fio's limit; --max-jobs=N sets another\\)\$" \
	"$PLIO" --parse-only "$T/two.fio"
run_ok "numjobs 4096 + 2500 with --max-jobs=6596" "$PLIO" --max-jobs=6596 --parse-only "$T/two.fio"
# a generated file of many sections: refused at the first job too many
$PYTHON -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('[global]\nioengine=null\nsize=1m\n')
    for i in range(5000):
        f.write('[j%d]\n' % i)
" "$T/many.fio"
run_fails "5000 job sections" \
	"^plio: $T/many.fio:4100: job 'j4096': more than 4096 jobs \\(fio's limit; --max-jobs=N sets another\\)\$" \
	"$PLIO" --parse-only "$T/many.fio"
run_fails "5000 job sections, --max-jobs=100" \
	"^plio: $T/many.fio:104: job 'j100': more than 100 jobs, the most --max-jobs allows\$" \
	"$PLIO" --max-jobs=100 --parse-only "$T/many.fio"

# ------------------------------------------------- job files that are not
printf '[x]\nioengine=null\nsize=1m\n' >"$T/ok.fio"
run_fails "a directory as a job file" \
	"^plio: $T: cannot read job file: it is a directory, not a regular file \\(- reads standard input\\)\$" \
	"$PLIO" --parse-only "$T"
if [ -c /dev/zero ]; then
	run_fails "/dev/zero as a job file" \
		"^plio: /dev/zero: cannot read job file: it is a character device, not a regular file" \
		$WD "$PLIO" --parse-only /dev/zero
	printf '[x]\nioengine=null\ninclude /dev/zero\n' >"$T/zero.fio"
	run_fails "include /dev/zero" \
		"^plio: $T/zero.fio:3: cannot read included file '/dev/zero': it is a character device, not a regular file\$" \
		$WD "$PLIO" --parse-only "$T/zero.fio"
fi
if mkfifo "$T/fifo"; then
	run_fails "a FIFO as a job file" \
		"^plio: $T/fifo: cannot read job file: it is a FIFO, not a regular file" \
		$WD "$PLIO" --parse-only "$T/fifo"
	printf '[x]\nioengine=null\ninclude fifo\n' >"$T/inc-fifo.fio"
	run_fails "include of a FIFO" \
		"^plio: $T/inc-fifo.fio:3: cannot read included file '$T/fifo': it is a FIFO, not a regular file\$" \
		$WD "$PLIO" --parse-only "$T/inc-fifo.fio"
else
	skip_part "mkfifo failed: the FIFO cases"
fi
# a pipe handed by name, as bash's <(cmd) does, and standard input: read
run_ok "a job file on standard input" sh -c '"$0" --parse-only - <"$1"' "$PLIO" "$T/ok.fio"
run_ok "a pipe handed as /dev/fd/0" sh -c 'cat "$1" | "$0" --parse-only /dev/fd/0' "$PLIO" "$T/ok.fio"
run_ok "a pipe as /dev/stdin" sh -c 'cat "$1" | "$0" --parse-only /dev/stdin' "$PLIO" "$T/ok.fio"

# ---------------------------------------------------- job files too large
# 4 MiB from one file: comment lines of 64 bytes, then a byte more
$PYTHON -c "
import sys
line = '#' * 63 + '\n'
head = '[x]\nioengine=null\nsize=1m\n'
n = (4 << 20) - len(head)
with open(sys.argv[1], 'w') as f:
    f.write(head)
    f.write(line * (n // 64 - 1))
    f.write('#' * (n % 64 + 63) + '\n')
with open(sys.argv[2], 'w') as f:
    f.write(line * ((3 << 20) // 64))
" "$T/max.fio" "$T/part.fio"
[ "$(wc -c <"$T/max.fio")" -eq $((4 << 20)) ] && pass ||
	fail "max.fio is $(wc -c <"$T/max.fio") bytes, not 4 MiB"
run_ok "a job file of 4 MiB" "$PLIO" --parse-only "$T/max.fio"
echo '#' >>"$T/max.fio"
run_fails "a job file over 4 MiB" \
	"^plio: $T/max.fio: cannot read job file: larger than 4 MiB, the most plio reads from one job file\$" \
	"$PLIO" --parse-only "$T/max.fio"
run_fails "a job file over 4 MiB on standard input" \
	"^plio: <stdin>: cannot read job file: larger than 4 MiB" \
	sh -c '"$0" --parse-only - <"$1"' "$PLIO" "$T/max.fio"
# 16 MiB in all: the same 3 MiB include, six times
printf '[x]\nioengine=null\nsize=1m\ninclude part.fio\ninclude part.fio\ninclude part.fio\ninclude part.fio\ninclude part.fio\ninclude part.fio\n' >"$T/six.fio"
run_fails "six includes of 3 MiB" \
	"^plio: $T/six.fio:9: cannot read included file '$T/part.fio': the job files read add up to more than 16 MiB \\(an included file counts each time it is read\\)\$" \
	"$PLIO" --parse-only "$T/six.fio"

# ------------------------------------------------------------- arithmetic
# shellcheck disable=SC2086
run_fails "INT64_MIN / -1" \
	"^plio: command line \\(argument 4\\): offset: '\\(\\(-2\\^62\\*2\\)/\\(-1\\)\\)' is out of range\$" \
	"$PLIO" $NULLJOB '--offset=((-2^62*2)/(-1))' --parse-only
# shellcheck disable=SC2086
run_fails "INT64_MIN / -1 in a time" \
	"^plio: command line \\(argument 4\\): thinktime: cannot compute '\\(\\(-9223372036854775807-1\\)/-1\\)': the value does not fit in 64 bits\$" \
	"$PLIO" $NULLJOB '--thinktime=((-9223372036854775807-1)/-1)' --parse-only
# INT64_MIN % -1 is 0: no SIGFPE
run_ok "INT64_MIN % -1" "$PLIO" --name=x --ioengine=null '--size=((-2^62*2)%(-1)+64k)' \
	--output-format=json &&
	jexpect "INT64_MIN % -1" "$T/out" 'jobs.0.read.io_bytes == 65536'

finish
