#!/bin/sh
# stat_logs.sh - write_lat_log, write_bw_log, write_iops_log and
# write_hist_log produce fio 3.33's files and lines, one per I/O without
# averaging, and the percentiles computed from plio's own clat log agree
# with the ones its JSON reports, within the histogram's error (1/128).
. "$(dirname "$0")/lib.sh"

# logs.py CMD ARGS: the line-level checks (fields, counts, values)
cat >"$T/logs.py" <<'EOF'
import json, sys
from fractions import Fraction
from math import ceil

def lines(path):
    with open(path) as f:
        return [l.rstrip("\n").split(", ") for l in f]

def load(path):
    with open(path) as f:
        t = f.read()
    return json.loads(t[t.index("{"):])

def die(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)

cmd, args = sys.argv[1], sys.argv[2:]
if cmd == "fields":		# FILE NFIELDS: every line has N integer fields
    path, n = args[0], int(args[1])
    for i, f in enumerate(lines(path)):
        if len(f) != n:
            die("%s:%d: %d fields, want %d" % (path, i + 1, len(f), n))
        for x in f:
            int(x, 0)
elif cmd == "count":		# FILE JSON DIRS...: lines per direction == total_ios
    path, js = args[0], load(args[1])["jobs"]
    ls = lines(path)
    for d, name in enumerate(("read", "write")):
        want = sum(j[name]["total_ios"] for j in js)
        got = sum(1 for f in ls if f[2] == str(d))
        if got != want:
            die("%s: %d %s lines, JSON total_ios %d" % (path, got, name, want))
elif cmd == "pct":		# CLATLOG JSON: log percentiles vs reported ones
    ls, job = lines(args[0]), load(args[1])["jobs"][0]
    checked = 0
    for d, name in enumerate(("read", "write")):
        xs = sorted(int(f[1]) for f in ls if f[2] == str(d))
        pcts = job[name]["clat_ns"].get("percentile")
        if not xs and not job[name]["total_ios"]:
            continue
        if not xs or not pcts:
            die("%s: no samples or no percentiles" % name)
        checked += 1
        for key, v in pcts.items():
            want = Fraction(key) * len(xs) / 100
            r = max(1, ceil(want))
            # fio's rank, and its neighbours for a threshold that floating
            # point puts on the other side of a whole number
            cand = [xs[min(max(k, 1), len(xs)) - 1] for k in (r - 1, r, r + 1)]
            if not any(abs(v - x) <= max(1, x / 128) for x in cand):
                die("%s p%s: JSON %d, clat log says %s" % (name, key, v, cand))
    if not checked:
        die("no direction to check")
elif cmd == "bw_per_io":	# BWLOG CLATLOG: KiB/s... fio's bytes*10^6/clat
    for b, c in zip(lines(args[0]), lines(args[1])):
        clat = int(c[1])
        want = int(b[3]) * 1000000 // clat if clat else 0
        if int(b[1]) != want or b[2] != c[2]:
            die("bw entry %s for clat entry %s" % (b, c))
elif cmd == "window":		# LOG MS: averaged entries: BS, OFFSET 0, times on MS
    ms = int(args[1])
    ls = lines(args[0])
    if not ls:
        die("%s: empty" % args[0])
    for f in ls:
        if f[3] != "0" or f[4] != "0" or int(f[0]) < ms - 1:
            die("%s: window entry %s" % (args[0], f))
elif cmd == "hist":		# HISTLOG JSON: 3 + 1856 fields; bins sum <= total_ios
    ls, job = lines(args[0]), load(args[1])["jobs"][0]
    if not ls:
        die("empty hist log")
    for d, name in enumerate(("read", "write")):
        s = sum(sum(int(x) for x in f[3:]) for f in ls if f[1] == str(d))
        if not 0 < s <= job[name]["total_ios"]:
            die("hist %s: %d counted, total_ios %d" % (name, s, job[name]["total_ios"]))
    for f in ls:
        if len(f) != 3 + 1856:
            die("hist line with %d fields" % len(f))
elif cmd == "offsets":		# LOG SIZE BS: offsets on BS within SIZE
    size, bs = int(args[1]), int(args[2])
    for f in lines(args[0]):
        o = int(f[4])
        if o % bs or o >= size:
            die("offset %d" % o)
EOF
L="python3 $T/logs.py"


# 1. per-I/O logs on a queued null engine: every log, fio's names
n=$T/n
if run_ok "per-I/O logs" "$PLIO" --name=j --ioengine=null --rw=randrw --size=8M \
	--bs=4k --iodepth=8 --write_lat_log="$n" --write_bw_log="$n" \
	--write_iops_log="$n" --write_hist_log="$n" --output-format=json \
	--output="$T/n.json"; then
	for k in lat clat slat bw iops clat_hist; do
		[ -f "${n}_$k.1.log" ] && pass || fail "no ${n}_$k.1.log"
	done
	# no log_hist_msec: fio leaves the histogram log empty
	[ -s "${n}_clat_hist.1.log" ] && fail "clat_hist log not empty" || pass
	for k in lat clat slat bw iops; do
		$L fields "${n}_$k.1.log" 5 && pass || fail "$k log fields"
		$L count "${n}_$k.1.log" "$T/n.json" && pass || fail "$k log count"
	done
	$L pct "${n}_clat.1.log" "$T/n.json" && pass || fail "clat log percentiles"
	$L bw_per_io "${n}_bw.1.log" "${n}_clat.1.log" && pass || fail "per-I/O bw values"
	[ "$(awk -F', ' '$2 != 1' "${n}_iops.1.log" | wc -l)" -eq 0 ] && pass ||
		fail "per-I/O iops values are not 1"
fi

# 2. a file on the sync engine with log_offset and log_prio: six fields,
# offsets inside the file, no slat (completed inline, as fio's sync)
f=$T/f
if run_ok "sync file logs" "$PLIO" --name=s --ioengine=psync --rw=randwrite \
	--filename="$T/data" --size=1M --bs=4k --write_lat_log="$f" \
	--log_offset=1 --log_prio=1 --output-format=json --output="$T/f.json"; then
	$L fields "${f}_clat.1.log" 6 && pass || fail "log_offset fields"
	$L count "${f}_lat.1.log" "$T/f.json" && pass || fail "sync lat count"
	$L offsets "${f}_clat.1.log" 1048576 4096 && pass || fail "offsets"
	# microseconds here: percentiles come from the log-linear buckets
	$L pct "${f}_clat.1.log" "$T/f.json" && pass || fail "sync clat log percentiles"
	[ "$(grep -vc ', 0x0000$' "${f}_clat.1.log")" -eq 0 ] && pass ||
		fail "log_prio column is not 0x0000"
	[ -s "${f}_slat.1.log" ] && fail "slat log of a sync engine not empty" || pass
fi

# 3. averaging windows and the histogram log over a timed run
w=$T/w
if run_ok "windowed logs" "$PLIO" --name=j --ioengine=null --rw=randrw --size=1G \
	--bs=4k --time_based --runtime=1200ms --log_avg_msec=200 --write_bw_log="$w" \
	--write_iops_log="$w" --write_lat_log="$w" --write_hist_log="$w" \
	--log_hist_msec=200 --output-format=json --output="$T/w.json"; then
	for k in bw iops clat; do
		$L window "${w}_$k.1.log" 200 && pass || fail "$k window entries"
	done
	nbw=$(awk -F', ' '$3 == 0' "${w}_bw.1.log" | wc -l)
	[ "$nbw" -ge 4 ] && [ "$nbw" -le 6 ] && pass ||
		fail "$nbw read bw entries in 1.2 s of 200 ms windows"
	$L hist "${w}_clat_hist.1.log" "$T/w.json" && pass || fail "hist log"
fi

# 3b. the period that closes when a time_based runtime is up is not
# sampled, as in fio (its timer finds the job gone): N seconds of the
# default 500 ms periods give 2N-1 samples, and a bw log has no entry at
# N*1000 ms
if run_ok "samples 1s" "$PLIO" --name=j --ioengine=null --rw=read --size=1G \
	--time_based --runtime=1 --output-format=json --output="$T/s1.json"; then
	$CHECK_JSON eq "$T/s1.json" jobs.0.read.bw_samples 1 && pass || fail "1s: bw_samples not 1"
	$CHECK_JSON eq "$T/s1.json" jobs.0.read.iops_samples 1 && pass || fail "1s: iops_samples not 1"
fi
e=$T/e
if run_ok "samples 2s" "$PLIO" --name=j --ioengine=null --rw=read --size=1G \
	--time_based --runtime=2 --numjobs=2 --group_reporting --write_bw_log="$e" \
	--log_avg_msec=500 --output-format=json --output="$T/s2.json"; then
	$CHECK_JSON eq "$T/s2.json" jobs.0.read.bw_samples 6 && pass ||
		fail "2s, 2 jobs: bw_samples not 6"
	$CHECK_JSON eq "$T/s2.json" jobs.0.read.iops_samples 6 && pass ||
		fail "2s, 2 jobs: iops_samples not 6"
	for n in 1 2; do
		if awk -F', ' '$1 + 0 >= 2000 || $1 + 0 < 500 { bad = 1 } END { exit bad || NR != 3 }' \
		   "${e}_bw.$n.log"; then
			pass
		else
			fail "job $n: want 3 bw log entries between 500 and 2000 ms:"
			sed 's/^/    /' "${e}_bw.$n.log" >&2
		fi
	done
fi

# 3c. averaged latency logs never log a time twice for a direction (fio
# does not), also when the run ends in the ms a window closed: a runtime
# that is a whole number of windows, a few runs
d=$T/d
for n in 1 2 3 4; do
	if run_ok "windowed lat log run $n" "$PLIO" --name=j --ioengine=psync --rw=randrw \
		--filename="$T/data" --size=1M --bs=4k --time_based --runtime=600ms \
		--log_avg_msec=200 --write_lat_log="$d" --output-format=json --output="$T/d.json"; then
		for k in lat clat; do
			if awk -F', ' '{ k = $1 " " $3; if (k in seen) { print "    twice: " $0; bad = 1 }
			    seen[k] = 1 } END { exit bad || NR < 4 }' "${d}_$k.1.log" >"$T/dups"; then
				pass
			else
				fail "run $n: ${k} log repeats a time for a direction (or is short):"
				cat "$T/dups" >&2
			fi
		done
	fi
done

# 4. per_job_logs=0: the jobs share one file without a job number
p=$T/p
if run_ok "shared log" "$PLIO" --name=j --ioengine=null --rw=read --size=256k \
	--bs=4k --numjobs=2 --per_job_logs=0 --write_iops_log="$p" \
	--output-format=json --output="$T/p.json"; then
	[ -f "${p}_iops.log" ] && [ ! -f "${p}_iops.1.log" ] && pass ||
		fail "per_job_logs=0 file name"
	$L count "${p}_iops.log" "$T/p.json" && pass || fail "shared log count"
fi

# 5. a bare write_bw_log takes the job name; job numbers count every job
cat >"$T/bare.fio" <<'EOF'
[global]
ioengine=null
size=64k
bs=4k
[first]
[second]
write_bw_log
EOF
if (cd "$T" && exec "$PLIO" bare.fio --output=bare.out) >"$T/out" 2>"$T/err"; then
	[ -f "$T/second_bw.2.log" ] && [ ! -e "$T/first_bw.1.log" ] && pass ||
		fail "bare write_bw_log: want second_bw.2.log, have: $(ls "$T" | tr '\n' ' ')"
else
	fail "bare log name: $(cat "$T/err")"
fi

# 5b. --latency-log: every job without write_lat_log logs under its own
# name, one line per I/O; a job that names its log keeps that name
if (cd "$T" && exec "$PLIO" --latency-log bare.fio --output=ll.out) >"$T/out" 2>"$T/err"; then
	[ -f "$T/first_clat.1.log" ] && [ -f "$T/second_lat.2.log" ] && pass ||
		fail "--latency-log: want first_clat.1.log and second_lat.2.log, have: $(ls "$T" | tr '\n' ' ')"
	[ "$(wc -l <"$T/first_clat.1.log")" -eq 16 ] && pass ||
		fail "--latency-log: $(wc -l <"$T/first_clat.1.log") lines for 16 I/Os"
else
	fail "--latency-log: $(cat "$T/err")"
fi

# 6. gtod_reduce: no latency logs (fio creates none), latencies not kept
g=$T/g
if run_ok "gtod_reduce" "$PLIO" --name=j --ioengine=null --size=1M --bs=4k \
	--gtod_reduce=1 --write_lat_log="$g" --output-format=json --output="$T/g.json"; then
	[ ! -e "${g}_lat.1.log" ] && [ ! -e "${g}_clat.1.log" ] && pass ||
		fail "gtod_reduce wrote latency logs"
	$CHECK_JSON eq "$T/g.json" jobs.0.read.clat_ns.N 0 && pass || fail "gtod_reduce clat N"
	$CHECK_JSON eq "$T/g.json" jobs.0.read.total_ios 256 && pass || fail "gtod_reduce ios"
fi

# 7. stats=0: the job runs, nothing is measured (fio reports zeros)
if run_ok "stats=0" "$PLIO" --name=j --ioengine=null --size=1M --bs=4k \
	--stats=0 --output-format=json --output="$T/s.json"; then
	$CHECK_JSON eq "$T/s.json" jobs.0.read.io_bytes 0 && pass || fail "stats=0 io_bytes"
	$CHECK_JSON eq "$T/s.json" jobs.0.read.clat_ns.N 0 && pass || fail "stats=0 clat N"
fi

finish
