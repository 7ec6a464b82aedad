#!/bin/sh
# disk_util: plio reports the disk under a job's files as fio does (the JSON
# "disk_util" array, the normal "Disk stats (read/write):" lines, 9 terse
# fields per disk), in interim reports too, and reports nothing for
# diskless runs (null engine, tmpfs).  The expected device is worked out here independently, from sysfs.
. "${TOP_SRCDIR:?}/tests/integration/lib.sh"

# /tmp may be tmpfs; /var/tmp is normally on a disk
D=$(mktemp -d /var/tmp/plio-du.XXXXXX) || exit 99
trap 'rm -rf "$T" "$D"' EXIT INT TERM

# the whole disk under $D: st_dev -> /sys/dev/block/MAJ:MIN, a partition's
# parent folder being its disk
dev=$(stat -c '%Hd:%Ld' "$D" 2>/dev/null)
sys=$(readlink -f "/sys/dev/block/$dev" 2>/dev/null)
if [ -z "$dev" ] || [ -z "$sys" ] || [ ! -e "$sys/stat" ]; then
	echo "SKIP: /var/tmp ($dev) is not on a block device"
	exit 77
fi
[ -e "$sys/partition" ] && sys=$(dirname "$sys")
disk=$(basename "$sys")

job="--name=du --filename=$D/f --size=8m --bs=4k --rw=randread --direct=1"

# JSON: an entry for the disk, with fio's keys and types and real counts
if run_ok "json run" $PLIO $job --output-format=json; then
	cp "$T/out" "$T/du.json"
	if $PYTHON - "$T/du.json" "$disk" <<'EOF'; then pass; else fail "json disk_util"; fi
import json, sys
doc = json.load(open(sys.argv[1]))
disk = sys.argv[2]
du = doc.get("disk_util")
assert isinstance(du, list) and du, "no disk_util array: %r" % du
ents = [e for e in du if e.get("name") == disk]
assert ents, "no entry named %s in %r" % (disk, [e.get("name") for e in du])
e = ents[0]
ints = ["read_ios", "write_ios", "read_merges", "write_merges",
        "read_ticks", "write_ticks", "in_queue"]
for k in ints:
    assert isinstance(e[k], int), "%s is %r" % (k, e[k])
assert isinstance(e["util"], float), "util is %r" % e["util"]
assert list(e)[:9] == ["name"] + ints + ["util"], "key order %r" % list(e)
# 8 MiB read directly is 16 requests even if merged up to 512 KiB; other
# processes may add I/O, so only a floor
assert e["read_ios"] >= 16, e["read_ios"]
assert 0 <= e["util"] <= 100, e["util"]
# fio's aggregate keys only for dm/md devices, and then all of them
aggr = [k for k in e if k.startswith("aggr_")]
assert not aggr or len(aggr) == 8, aggr
EOF
fi

# fio's run of the job (for its disk_util keys, compared below) goes on
# in the background meanwhile: the file is laid out now
have_fio=0
if command -v fio >/dev/null 2>&1; then
	have_fio=1
	fio $job --output-format=json >"$T/fio.json" 2>/dev/null &
	fio_pid=$!
fi

# normal: the "Disk stats" heading, then the disk's line
if run_ok "normal run" $PLIO $job; then
	if grep -q '^Disk stats (read/write):$' "$T/out" &&
	   grep -Eq "^  $disk: ios=[0-9]+/[0-9]+, merge=[0-9]+/[0-9]+, ticks=[0-9]+/[0-9]+, in_queue=[0-9]+, util=[0-9]+\.[0-9]{2}%$" "$T/out"; then
		pass
	else
		fail "normal output has no Disk stats line for $disk:"
		tail -4 "$T/out" | sed 's/^/    /' >&2
	fi
fi

# terse: 121 fields, then 9 per disk (name, ios, merges, ticks, in_queue, util)
if run_ok "terse run" $PLIO $job --minimal; then
	line=$(grep '^3;' "$T/out")
	n=$(printf '%s\n' "$line" | awk -F';' '{ print NF }')
	if printf '%s\n' "$line" | grep -Eq ";$disk(;[0-9]+){7};[0-9]+\.[0-9]{2}%" &&
	   [ $(((n - 121) % 9)) -eq 0 ] && [ "$n" -gt 121 ]; then
		pass
	else
		fail "terse line: $n fields, disk fields for $disk missing"
	fi
fi

# the same keys as fio's own disk_util, when fio is installed
if [ $have_fio = 1 ]; then
	if wait $fio_pid; then
		if $PYTHON - "$T/du.json" "$T/fio.json" <<'EOF'; then pass; else fail "keys differ from fio's"; fi
import json, sys
def load(p):
    t = open(p).read()
    return json.loads(t[t.index("{"):])
a, b = load(sys.argv[1]), load(sys.argv[2])
ka = [sorted(e) for e in a.get("disk_util", [])]
kb = [sorted(e) for e in b.get("disk_util", [])]
assert ka == kb, "plio %r, fio %r" % (ka, kb)
assert [e["name"] for e in a["disk_util"]] == [e["name"] for e in b["disk_util"]]
EOF
	fi
else
	skip_part "fio is not installed: the disk_util keys compared with fio's"
fi

# interim reports (--status-interval) carry the disks' figures so far, as
# fio's: every JSON document a disk_util entry for the disk, its counts never
# going down; every terse line the 9 disk fields; every normal report its
# "Disk stats" block
# (the three runs at once: they read the same file, and the counts of the
# disk they check only grow with what else reads it)
live="$job --time_based --runtime=2500ms --status-interval=1"
run_bg ij $PLIO $live --output-format=json
run_bg it $PLIO $live --minimal
run_bg in $PLIO $live
if wait_ok "interim json" ij; then
	if $PYTHON - "$T/out" "$disk" <<'EOF'; then pass; else fail "interim json disk_util"; fi
import json, sys
s, disk = open(sys.argv[1]).read(), sys.argv[2]
dec, i, docs = json.JSONDecoder(), 0, []
while True:
    i = s.find("{", i)
    if i < 0:
        break
    o, i = dec.raw_decode(s, i)
    docs.append(o)
assert len(docs) >= 3, "%d JSON documents, want interim ones and the final" % len(docs)
prev = -1
for d in docs:
    ents = [e for e in d.get("disk_util", []) if e.get("name") == disk]
    assert ents, "a document without %s in disk_util" % disk
    ios = ents[0]["read_ios"]
    assert ios >= prev, "read_ios went down: %d after %d" % (ios, prev)
    prev = ios
reads = docs[-1]["jobs"][0]["read"]["total_ios"]
assert prev >= reads > 0, "final read_ios %d below the job's %d reads" % (prev, reads)
EOF
fi
if wait_ok "interim terse" it; then
	if awk -F';' -v d="$disk" '/^3;/ { n++; if (NF < 130 || (NF - 121) % 9 || $122 != d) bad = 1 }
	    END { exit bad || n < 3 }' "$T/out"; then
		pass
	else
		fail "interim terse lines without the disk fields:"
		awk -F';' '{ print "    " NF " fields" }' "$T/out" >&2
	fi
fi
if wait_ok "interim normal" in; then
	r=$(grep -c 'Run status group 0' "$T/out")
	s=$(grep -c '^Disk stats (read/write):$' "$T/out")
	if [ "$r" -ge 3 ] && [ "$s" = "$r" ]; then pass; else fail "interim normal: $r reports, $s Disk stats blocks"; fi
fi

# diskless: the null engine, and a file on tmpfs, print no disk section
for diskless in "--name=nul --ioengine=null --size=8m" \
		"--name=shm --filename=/dev/shm/plio-du-$$ --size=1m"; do
	if run_ok "diskless json ($diskless)" $PLIO $diskless --output-format=json; then
		if $PYTHON -c '
import json, sys
doc = json.load(open(sys.argv[1]))
sys.exit(1 if doc.get("disk_util") else 0)' "$T/out"; then
			pass
		else
			fail "diskless run ($diskless) has a disk_util"
		fi
	fi
	if run_ok "diskless normal ($diskless)" $PLIO $diskless; then
		if grep -q 'Disk stats' "$T/out"; then
			fail "diskless run ($diskless) prints Disk stats"
		else
			pass
		fi
	fi
	if run_ok "diskless terse ($diskless)" $PLIO $diskless --minimal; then
		n=$(grep '^3;' "$T/out" | awk -F';' '{ print NF }')
		if [ "$n" = 121 ]; then pass; else fail "diskless terse has $n fields, not 121"; fi
	fi
done
rm -f "/dev/shm/plio-du-$$"

finish
