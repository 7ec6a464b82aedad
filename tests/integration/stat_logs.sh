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

# lq DESC CMD ARGS...: queue a logs.py check, run with the others in one
# Python start at the next pyq_run
lq() {
	_d=$1
	shift
	pyq "$_d" "$T/logs.py" "$@"
}

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
		lq "$k log fields" fields "${n}_$k.1.log" 5
		lq "$k log count" count "${n}_$k.1.log" "$T/n.json"
	done
	lq "clat log percentiles" pct "${n}_clat.1.log" "$T/n.json"
	lq "per-I/O bw values" bw_per_io "${n}_bw.1.log" "${n}_clat.1.log"
	[ "$(awk -F', ' '$2 != 1' "${n}_iops.1.log" | wc -l)" -eq 0 ] && pass ||
		fail "per-I/O iops values are not 1"
fi

# 2. a file on the sync engine with log_offset and log_prio: six fields,
# offsets inside the file, no slat (completed inline, as fio's sync)
f=$T/f
if run_ok "sync file logs" "$PLIO" --name=s --ioengine=psync --rw=randwrite \
	--filename="$T/data" --size=1M --bs=4k --write_lat_log="$f" \
	--log_offset=1 --log_prio=1 --output-format=json --output="$T/f.json"; then
	lq "log_offset fields" fields "${f}_clat.1.log" 6
	lq "sync lat count" count "${f}_lat.1.log" "$T/f.json"
	lq "offsets" offsets "${f}_clat.1.log" 1048576 4096
	# microseconds here: percentiles come from the log-linear buckets
	lq "sync clat log percentiles" pct "${f}_clat.1.log" "$T/f.json"
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
		lq "$k window entries" window "${w}_$k.1.log" 200
	done
	lq "hist log" hist "${w}_clat_hist.1.log" "$T/w.json"
	# (the queued checks of 1 to 3 run in one Python start, at the end)
	nbw=$(awk -F', ' '$3 == 0' "${w}_bw.1.log" | wc -l)
	[ "$nbw" -ge 4 ] && [ "$nbw" -le 6 ] && pass ||
		fail "$nbw read bw entries in 1.2 s of 200 ms windows"
fi

# 3b. the period that closes when a time_based runtime is up is not
# sampled, as in fio (its timer finds the job gone): N seconds of the
# default 500 ms periods give 2N-1 samples, and a bw log has no entry at
# N*1000 ms
if run_ok "samples 1s" "$PLIO" --name=j --ioengine=null --rw=read --size=1G \
	--time_based --runtime=1 --output-format=json --output="$T/s1.json"; then
	jset "$T/s1.json" bws=jobs.0.read.bw_samples iops=jobs.0.read.iops_samples
	[ "$bws" = 1 ] && pass || fail "1s: bw_samples $bws, not 1"
	[ "$iops" = 1 ] && pass || fail "1s: iops_samples $iops, not 1"
fi
e=$T/e
if run_ok "samples 2s" "$PLIO" --name=j --ioengine=null --rw=read --size=1G \
	--time_based --runtime=2 --numjobs=2 --group_reporting --write_bw_log="$e" \
	--log_avg_msec=500 --output-format=json --output="$T/s2.json"; then
	jset "$T/s2.json" bws=jobs.0.read.bw_samples iops=jobs.0.read.iops_samples
	[ "$bws" = 6 ] && pass || fail "2s, 2 jobs: bw_samples $bws, not 6"
	[ "$iops" = 6 ] && pass || fail "2s, 2 jobs: iops_samples $iops, not 6"
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
	lq "shared log count" count "${p}_iops.log" "$T/p.json"
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
	jset "$T/g.json" cn=jobs.0.read.clat_ns.N ios=jobs.0.read.total_ios
	[ "$cn" = 0 ] && pass || fail "gtod_reduce clat N: $cn, not 0"
	[ "$ios" = 256 ] && pass || fail "gtod_reduce ios: $ios, not 256"
fi

# 7. stats=0: the job runs, nothing is measured (fio reports zeros)
if run_ok "stats=0" "$PLIO" --name=j --ioengine=null --size=1M --bs=4k \
	--stats=0 --output-format=json --output="$T/s.json"; then
	jset "$T/s.json" b=jobs.0.read.io_bytes cn=jobs.0.read.clat_ns.N
	[ "$b" = 0 ] && pass || fail "stats=0 io_bytes: $b, not 0"
	[ "$cn" = 0 ] && pass || fail "stats=0 clat N: $cn, not 0"
fi

pyq_run
finish
