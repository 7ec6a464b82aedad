#!/bin/sh
# abi_contract: ABI 1.1 as a plugin sees it and as the core enforces it.
#  - typed job facts, composite options parsed by the core with the job's
#    kb_base, bounds, check_options (refused at parse time with file:line),
#    counters in normal and JSON output (tests/plugins/contract.c "typed");
#  - what reap() hands back is checked (NULL, twice, foreign: EPROTO);
#  - init's return: a positive number is not an errno; cleanup follows a
#    failed init;
#  - must-understand capability bits and engine options named like core
#    options refuse the engine;
#  - a plugin that crashes, hangs or exits while loading is named in one
#    line and every other command keeps working (tests/plugins/hostile);
#  - plugin files or folders others could change are not loaded;
#  - the frozen ABI 1.0 engine loads and runs.
. "$TOP_SRCDIR/tests/integration/lib.sh"

TP=$TESTPLUGINS
HOSTILE=$TOP_BUILDDIR/tests/plugins/hostile/.libs
PD="--plugin-dir $TP"
export PLIO_PLUGIN_LOAD_TIMEOUT=1

# ------------------------------------------------------- typed facts
# t_dirs=7,9: read 7, write 9, trim 9 repeated (given: read and write only);
# sizes with kb_base=1000 (1k = 1000, as the core reads bs)
run_ok "typed run" "$PLIO" $PD --name=t --ioengine=typed --rw=randread --kb_base=1000 \
	--size=1m --bs=4k --iodepth=4 --t_dirs=7,9 --t_sizes=1k,2k --t_list=1k:2k:4k \
	--t_split=4k/30/5:8k/70,16k/100 --output-format=json &&
	jexpect "typed counters" "$T/out" \
		'jobs.0.read.total_ios == 250' 'jobs.0.engine_counters.ios == 250' \
		'jobs.0.engine_counters.bytes == 1000000' \
		'jobs.0.engine_counters.dirs_r == 7' 'jobs.0.engine_counters.dirs_w == 9' \
		'jobs.0.engine_counters.dirs_t == 9' 'jobs.0.engine_counters.dirs_given == 3' \
		'jobs.0.engine_counters.sizes_w == 2000' 'jobs.0.engine_counters.list_n == 3' \
		'jobs.0.engine_counters.list_sum == 7000' 'jobs.0.engine_counters.split_n_r == 2' \
		'jobs.0.engine_counters.split_n_w == 1' \
		'jobs.0.engine_counters.split_size0 == 4000' \
		'jobs.0.engine_counters.split_pct0 == 30' 'jobs.0.engine_counters.split_arg0 == 5' \
		'jobs.0.engine_counters.job_iodepth == 4' 'jobs.0.engine_counters.job_random == 1'

# defaults are never "given"; two clones sum their counters
run_ok "typed defaults" "$PLIO" $PD --name=t --ioengine=typed --rw=read --size=1m \
	--bs=4k --numjobs=2 --group_reporting --output-format=json &&
	jexpect "typed defaults" "$T/out" \
		'jobs.0.read.total_ios == 512' 'jobs.0.engine_counters.ios == 512' \
		'jobs.0.engine_counters.dirs_r == 10' 'jobs.0.engine_counters.dirs_given == 0' \
		'jobs.0.engine_counters.sizes_w == 8192' 'jobs.0.engine_counters.job_random == 0'

# normal output: one line under the job; an engine without counters has none
if run_ok "typed normal" "$PLIO" $PD --name=t --ioengine=typed --size=64k --bs=4k; then
	grep -Eq '^     engine    : typed: ios=16, bytes=65536, dirs_r=5,' "$T/out" &&
		pass || fail "typed normal: no engine line: $(grep engine "$T/out")"
fi
run_ok "null json" "$PLIO" --name=t --ioengine=null --size=64k --output-format=json &&
	pyq_py "null has no engine_counters" "$T/out" <<'PY'
import json, sys
sys.exit('engine_counters' in json.load(open(sys.argv[1]))['jobs'][0])
PY

# a disk-less engine without open_file is never asked to open: no folder
# or file is made for it
run_ok "diskless, no open" "$PLIO" $PD --name=t --ioengine=typed --size=64k \
	--filename="$T/no/such/x" --output-format=json &&
	jexpect "diskless, no open" "$T/out" 'jobs.0.read.io_bytes == 65536'
[ ! -e "$T/no" ] && pass || fail "diskless, no open: $T/no was made"

# ------------------------------------------ refused while parsing
cat >"$T/bad.fio" <<EOF
[global]
ioengine=typed
size=1m

[first]
t_refuse=1
EOF
run_fails "check_options at file:line" "^plio: $T/bad.fio:6: t_refuse: t_refuse=1 asks for a refusal\$" \
	"$PLIO" $PD --parse-only "$T/bad.fio"
run_fails "check_options blames a composite" "argument 6\\): t_split: A is at most 9, not 12" \
	"$PLIO" $PD --name=t --ioengine=typed --size=1m --t_split=4k/50/12
run_fails "check_options sees the job" \
	"argument 4\\): ioengine: engine typed: job 't' is sequential" \
	"$PLIO" $PD --name=t --ioengine=typed --rw=read --size=1m --t_need_random=1
run_ok "check_options passes a random job" "$PLIO" $PD --parse-only --name=t \
	--ioengine=typed --rw=randwrite --size=1m --t_need_random=1 && pass
run_fails "INT_DIRS bounds" "t_dirs: '5,0': '0' is out of range \\(1 to 1000\\)" \
	"$PLIO" $PD --parse-only --name=t --ioengine=typed --size=1m --t_dirs=5,0
run_fails "INT_DIRS four values" "t_dirs: '1,2,3,4' has more than three values" \
	"$PLIO" $PD --parse-only --name=t --ioengine=typed --size=1m --t_dirs=1,2,3,4
run_fails "SIZE_LIST minimum" "t_list: .*256" \
	"$PLIO" $PD --parse-only --name=t --ioengine=typed --size=1m --t_list=1k:256
run_fails "SPLIT percentage" "t_split: '4k/101': '101' is not a percentage" \
	"$PLIO" $PD --parse-only --name=t --ioengine=typed --size=1m --t_split=4k/101

# ------------------------------------------------------------ reap()
for m in null twice foreign; do
	case $m in
	null) what="a NULL unit" ;;
	twice) what="a unit that was not in flight" ;;
	foreign) what="a pointer that is not one of the job's I/O units" ;;
	esac
	run_fails "reap $m" "^plio: job 't': engine badreap: broke the reap contract: it returned $what" \
		"$PLIO" $PD --name=t --ioengine=badreap --reap_mode=$m --size=1m --iodepth=8 \
		--output-format=json || continue
	jexpect "reap $m: EPROTO" "$T/out" 'jobs.0.error == 71'
done

# ------------------------------------------------------------- init
run_fails "init returns 7" "^plio: job 't': engine badinit: init failed: it returned 7, not a negative errno\$" \
	"$PLIO" $PD --name=t --ioengine=badinit --size=1m
rm -f "$T/marker"
if run_fails "init fails" "init failed: Invalid argument" "$PLIO" $PD --name=t \
	--ioengine=badinit --init_mode=einval --marker_file="$T/marker" --size=1m; then
	[ "$(cat "$T/marker" 2>/dev/null)" = "cleanup 1" ] && pass ||
		fail "cleanup after a failed init: marker '$(cat "$T/marker" 2>/dev/null)'"
fi

# --------------------------------------------- refused when loaded
run_fails "must-understand cap" \
	"engine 'futurecap' \\(.*contract.so\\) cannot be used: needs capability bit 20, which this plio \\(ABI 1\\.[0-9]+\\) does not understand" \
	"$PLIO" $PD --name=t --ioengine=futurecap --size=1m
run_fails "core option name" "engine 'clash' .* option 'bs' has the name of a core option" \
	"$PLIO" $PD --name=t --ioengine=clash --size=1m

# ----------------------------------------------------- ABI 1.0, frozen
if run_ok "frozen10 enghelp" "$PLIO" $PD --enghelp; then
	grep -Eq '^frozen10 +.*/frozen10\.so +1\.0 +ok$' "$T/out" && pass ||
		fail "frozen10: no ABI 1.0 row in --enghelp"
fi
run_ok "frozen10 runs" "$PLIO" $PD --name=f --ioengine=frozen10 --rw=randrw --size=1m \
	--bs=4k --iodepth=8 --f10_mode=lifo --f10_spin=9 --filename="$T/f10" \
	--output-format=json &&
	jexpect "frozen10 no error" "$T/out" 'jobs.0.error == 0'
jset "$T/out" R=jobs.0.read.io_bytes W=jobs.0.write.io_bytes
[ $((R + W)) -eq 1048576 ] && pass || fail "frozen10 moved $R + $W bytes, expected 1048576"
run_fails "frozen10 bounds" "f10_spin: '10' is out of range \\(1 to 9\\)" \
	"$PLIO" $PD --parse-only --name=f --ioengine=frozen10 --size=1m --f10_spin=10

# --------------------------------------------------- hostile plugins
if run_ok "hostile enghelp" "$PLIO" --plugin-dir "$HOSTILE" --enghelp; then
	pyq_py "hostile rows" "$T/out" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
want = {
    'crashentry': r'crashed while loading \(signal 11, Segmentation fault\); not loaded',
    'crashctor': r'crashed while loading \(signal 11, Segmentation fault\); not loaded',
    'exitentry': r'ended the process while loading \(exit status 3\); not loaded',
    'hangentry': r'did not finish loading within 1 s',
}
bad = [n for n, p in want.items()
       if not re.search(r'^-\s+\S*/%s\.so\s+-\s+%s' % (n, p), t, re.M)]
if not re.search(r'^null\s+\S+\s+1\.[0-9]+\s+ok$', t, re.M):
    bad.append('null')
print(bad)
sys.exit(bool(bad))
PY
fi
run_ok "null beside hostile plugins" "$PLIO" --plugin-dir "$HOSTILE" --name=t \
	--ioengine=null --size=1m --output-format=json &&
	jexpect "null beside hostile" "$T/out" 'jobs.0.read.io_bytes == 1048576'
run_ok "parse-only beside hostile" "$PLIO" --plugin-dir "$HOSTILE" --parse-only \
	--name=t --ioengine=null --size=1m && pass
run_fails "explicit crashing plugin" \
	"^plio: command line \\(argument 2\\): ioengine: $HOSTILE/crashentry.so: crashed while loading \\(signal 11" \
	"$PLIO" --name=t --ioengine="$HOSTILE/crashentry.so" --size=1m
[ "$(wc -l <"$T/err")" -eq 1 ] && pass || fail "explicit crash: $(wc -l <"$T/err") lines"
run_fails "hanging plugin by name" \
	"no engine 'hangentry' \\(.*hangentry.so, which may provide it, did not load: did not finish loading within 1 s" \
	"$PLIO" --plugin-dir "$HOSTILE" --name=t --ioengine=hangentry --size=1m

# ------------------------------------------------ unsafe plugin files
mkdir "$T/pd"
chmod 0755 "$T/pd"
cp "$TP/contract.so" "$T/pd/contract.so"
# one warning naming the file, then the engine is missing like any other
unsafe() {
	desc=$1
	pat=$2
	run_fails "$desc" "^plio: warning: $T/pd/contract.so: $pat" "$PLIO" \
		--plugin-dir "$T/pd" --name=t --ioengine=typed --size=1m || return
	[ "$(wc -l <"$T/err")" -eq 2 ] && pass || fail "$desc: $(wc -l <"$T/err") lines, expected 2"
}
chmod 0666 "$T/pd/contract.so"
unsafe "plugin writable by others" "not loaded: writable by others \\(mode 0666\\); chmod o-w it"
chmod 0644 "$T/pd/contract.so"
chmod 0777 "$T/pd"
unsafe "folder writable by others" "not loaded: its folder is writable by others \\(mode 0777\\)"
chmod 1777 "$T/pd"
run_ok "sticky folder" "$PLIO" --plugin-dir "$T/pd" --name=t --ioengine=typed --size=64k \
	--output-format=json && jexpect "sticky folder" "$T/out" 'jobs.0.engine_counters.ios == 16'
chmod 0755 "$T/pd"
if [ "$(id -u)" = 0 ]; then
	chown 65534 "$T/pd/contract.so"
	unsafe "plugin owned by another user" "not loaded: owned by uid 65534, neither you \\(uid 0\\) nor root"
	chown 0 "$T/pd/contract.so"
	chown 65534 "$T/pd"
	unsafe "folder owned by another user" "not loaded: its folder is owned by uid 65534"
	chown 0 "$T/pd"
else
	skip_part "ownership checks need root (chown)"
fi

pyq_run
finish
