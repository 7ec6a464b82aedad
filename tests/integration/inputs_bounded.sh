#!/bin/sh
# inputs_bounded: inputs that would exhaust the machine get one line, not
# silence, a crash or a swap storm.  numjobs is at most 4096 (fio's limit,
# "error: maximum number of jobs reached."), and so are the workers of all
# jobs together unless --max-jobs says otherwise; a job file of a million
# sections is refused at the first job too many, before its specs are
# built.
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

finish
