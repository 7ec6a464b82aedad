#!/bin/sh
# placement: cpus_allowed, cpumask, cpus_allowed_policy, numa_cpu_nodes
# and numa_mem_policy, read back from each worker's own /proc/thread-self
# (the record test engine's record_place: its Cpus_allowed_list and the
# memory policy its numa_maps shows), for thread and process workers; a
# CPU or a node this machine lacks is refused at parse time, in one line.
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99

NCPU=$(getconf _NPROCESSORS_CONF)
LAST=$((NCPU - 1))
R=$T/rec

# place DESC WANT ARGS...: every worker's "A CPUS / P POLICY" lines, one
# worker per line ("A 0 P bind:0"), in clone order, must be WANT
place() {
	desc=$1 want=$2
	shift 2
	for mode in --thread ""; do
		rm -f "$R".*
		# shellcheck disable=SC2086
		run_ok "$desc ${mode:-(processes)}" "$PLIO" --plugin-dir "$TESTPLUGINS" --name=p \
			--ioengine=record --record_file="$R" --record_place=1 --filename="$T/f" \
			--size=64k --output-format=json $mode "$@" || continue
		got=$(for f in "$R".0.*; do head -2 "$f" | tr '\n' ' '; echo; done | sed 's/ $//')
		[ "$got" = "$want" ] && pass ||
			fail "$desc ${mode:-(processes)}: got '$got', expected '$want'"
	done
}

place "no placement" "A 0-$LAST P default"
place "cpus_allowed=0" "A 0 P default" --cpus_allowed=0
place "cpumask=1" "A 0 P default" --cpumask=1
if [ "$NCPU" -ge 2 ]; then
	place "cpus_allowed=1" "A 1 P default" --cpus_allowed=1
	place "cpumask=2" "A 1 P default" --cpumask=2
	place "split: each clone one CPU, in turn" "A 0 P default
A 1 P default
A 0 P default" --cpus_allowed=0-1 --cpus_allowed_policy=split --numjobs=3
	place "shared: every clone all of them" "A 0-1 P default
A 0-1 P default" --cpus_allowed=0-1 --numjobs=2
else
	skip_part "one CPU: no second CPU to pin to"
fi

if [ -d /sys/devices/system/node/node0 ] && "$PLIO" --parse-only --name=n \
	--numa_cpu_nodes=0 >/dev/null 2>&1; then
	N0=$(cat /sys/devices/system/node/node0/cpulist)
	place "numa_cpu_nodes=0: node 0's CPUs" "A $N0 P default" --numa_cpu_nodes=0
	place "numa_mem_policy=bind:0" "A 0-$LAST P bind:0" --numa_mem_policy=bind:0
	place "numa_mem_policy=interleave:0" "A 0-$LAST P interleave:0" \
		--numa_mem_policy=interleave:0
	place "numa_mem_policy=prefer:0" "A 0-$LAST P prefer:0" --numa_mem_policy=prefer:0
	place "numa_mem_policy=local" "A 0-$LAST P local" --numa_mem_policy=local
	place "numa_mem_policy=default" "A 0-$LAST P default" --numa_mem_policy=default
	NODES=$(ls -d /sys/devices/system/node/node[0-9]* | wc -l)
	run_fails "a node this machine lacks" "numa_cpu_nodes: '$NODES' is not a list of nodes this machine has \\(nodes 0-$((NODES - 1))\\)" \
		"$PLIO" --name=n --ioengine=null --size=1m --numa_cpu_nodes=$NODES
	run_fails "prefer takes one node" "numa_mem_policy: 'prefer:0-$NODES': " \
		"$PLIO" --name=n --ioengine=null --size=1m --numa_mem_policy=prefer:0-$NODES
else
	skip_part "no NUMA nodes here, or plio built without libnuma"
	run_fails "numa options without libnuma" "numa_cpu_nodes: this plio was built without libnuma" \
		"$PLIO" --name=n --ioengine=null --size=1m --numa_cpu_nodes=0
fi

# --- refusals, at parse time (--parse-only too)
run_fails "a CPU this machine lacks" "cpus_allowed: '0,$NCPU': CPU $NCPU does not exist \\(this machine has CPUs 0-$LAST\\)" \
	"$PLIO" --parse-only --name=c --cpus_allowed=0,$NCPU
run_fails "cpumask beyond the CPUs" "cpumask: .* names CPUs this machine does not have" \
	"$PLIO" --name=c --ioengine=null --size=1m --cpumask=$((1 << NCPU))
run_fails "verify_async_cpus beyond the CPUs" "verify_async_cpus: '$NCPU': CPU $NCPU does not exist" \
	"$PLIO" --name=c --ioengine=null --size=1m --verify=crc32c --verify_async=1 \
	--verify_async_cpus=$NCPU
run_fails "numa_mem_policy bogus" "numa_mem_policy: 'somewhere' is not default, prefer:NODE, bind:NODES, interleave:NODES or local" \
	"$PLIO" --name=c --ioengine=null --size=1m --numa_mem_policy=somewhere
run_fails "numa_mem_policy bind without nodes" "numa_mem_policy: 'bind': bind needs its nodes" \
	"$PLIO" --name=c --ioengine=null --size=1m --numa_mem_policy=bind

finish
