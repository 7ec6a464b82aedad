#!/bin/sh
# process_options: nice, prio/prioclass, uid/gid and exec_prerun/exec_postrun
# reach the job, observed from commands the job itself runs (they are forked
# by the worker and inherit its nice, I/O priority and credentials), in
# process and in thread mode.  As in fio, "CMD" runs as
# "CMD > JOB.prerun.txt 2>&1" in the current directory.
. "${TOP_SRCDIR:?}/tests/integration/lib.sh"

cd "$T" || exit 99
nul="--ioengine=null --size=64k"
base=$(nice)

# expect DESC FILE TEXT: FILE's first line is TEXT
expect() {
	if [ -f "$2" ] && [ "$(head -n 1 "$2")" = "$3" ]; then
		pass
	else
		fail "$1: $2 holds '$(cat "$2" 2>/dev/null)', expected '$3'"
	fi
}

for mode in "" --thread; do
	m=${mode:-process}
	rm -f ./*.txt

	# nice=5 is relative to plio's own nice, as fio's nice() is; a second
	# job without nice= is not affected, even as a thread of the same process
	want=$((base + 5))
	[ "$want" -gt 19 ] && want=19
	if run_ok "nice ($m)" $PLIO $mode --name=n5 $nul --nice=5 --exec_prerun=nice \
			--name=n0 $nul --exec_prerun=nice; then
		expect "nice=5 ($m)" n5.prerun.txt "$want"
		expect "no nice ($m)" n0.prerun.txt "$base"
	fi

	# I/O priority: prio alone is best effort (fio's default class), the
	# idle class has no level, a class alone takes level 0
	if command -v ionice >/dev/null 2>&1; then
		if run_ok "ioprio ($m)" $PLIO $mode --name=p3 $nul --prio=3 --exec_prerun=ionice \
				--name=c3 $nul --prioclass=3 --exec_prerun=ionice \
				--name=c2 $nul --prioclass=2 --exec_prerun=ionice \
				--name=c2p7 $nul --prioclass=2 --prio=7 --exec_prerun=ionice; then
			expect "prio=3 ($m)" p3.prerun.txt "best-effort: prio 3"
			expect "prioclass=3 ($m)" c3.prerun.txt "idle"
			expect "prioclass=2 ($m)" c2.prerun.txt "best-effort: prio 0"
			expect "prioclass=2 prio=7 ($m)" c2p7.prerun.txt "best-effort: prio 7"
		fi
	else
		skip_part "ionice is not installed: the I/O priority cases ($m)"
	fi

	# prerun before the job's I/O, postrun after it, each writing its file
	# (the pause keeps coarse file times apart)
	rm -f data pre.mark
	if run_ok "prerun/postrun ($m)" $PLIO $mode --name=pp --filename=data --rw=write \
			--bs=4k --size=256k --exec_prerun="touch pre.mark; sleep 0.1" \
			--exec_postrun="wc -c data"; then
		expect "postrun sees the written file ($m)" pp.postrun.txt "262144 data"
		if [ -f pre.mark ] && [ pre.mark -ot data ]; then
			pass
		else
			fail "prerun ($m) did not run before the job wrote its file"
		fi
		if [ -f pp.prerun.txt ] && [ ! -s pp.prerun.txt ]; then
			pass
		else
			fail "prerun ($m) left no (empty) pp.prerun.txt"
		fi
	fi

	# a failing prerun fails the job in one line and the run exits non-zero
	# (fio skips the job silently and exits 0: plio does not hide errors)
	if run_fails "failing prerun ($m)" \
			"^plio: job 'bad': exec_prerun: 'exit 3' exited with status 3" \
			$PLIO $mode --name=bad $nul --exec_prerun="exit 3"; then
		if [ "$(wc -l <"$T/err")" -eq 1 ]; then
			pass
		else
			fail "failing prerun ($m): more than one line on stderr"
		fi
	fi
	run_fails "failing postrun ($m)" \
		"^plio: job 'badpost': exec_postrun: 'false' exited with status 1" \
		$PLIO $mode --name=badpost $nul --exec_postrun=false

	# uid/gid: root only; the files the job's commands write must be
	# writable by that user
	if [ "$(id -u)" -ne 0 ]; then
		skip_part "uid/gid cases need root ($m)"
		continue
	fi
	mkdir -p "$T/pub" && chmod 1777 "$T/pub" && cd "$T/pub" || exit 99
	if run_ok "uid/gid ($m)" $PLIO $mode \
			--name=ug $nul --uid=65534 --gid=65534 --exec_prerun="id -u" \
			--exec_postrun="id -g" \
			--name=root $nul --exec_prerun="id -u"; then
		expect "uid=65534 ($m)" ug.prerun.txt 65534
		expect "gid=65534 ($m)" ug.postrun.txt 65534
		# in thread mode too, only the job's own thread changed user
		expect "other job keeps root ($m)" root.prerun.txt 0
	fi
	cd "$T" || exit 99
	rm -rf "$T/pub"
done

finish
