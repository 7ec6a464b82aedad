#!/bin/sh
# fio_tools_read_plio.sh - the result parsers that come with fio (Debian's
# fio package: fio_jsonplus_clat2csv, fio2gnuplot, fio_generate_plots and,
# gzipped under /usr/share/doc/fio, fiologparser.py, fiologparser_hist.py
# and fio-histo-log-pctiles.py) work unchanged on plio's output.  The same
# jobs run through fio and plio; each tool must succeed (or fail) on
# plio's files exactly as on fio's, and what it derives from plio's files
# must agree with plio's own JSON report: CSV counts and percentiles with
# the JSON+ bins, log averages and extremes with the bw/iops samples,
# percentiles from histogram logs with the JSON+ clat bins (within a log
# column's width, for the I/Os the log holds: it leaves out the last
# interval, as fio's does).
# A tool that is not installed (or whose interpreter lacks a module it
# imports, or gnuplot for the plots) is skipped with a message.
. "$(dirname "$0")/lib.sh"

if ! command -v fio >/dev/null 2>&1; then
	skip_test "fio is not installed: the tools' results on fio's output are the reference (Debian: apt-get install fio)"
fi

# the interpreter lib.sh resolved (not a version manager's shim, which
# takes longer to start than the tools take to run); the tools run with it
PY=$PYTHON

# skip WHY: one tool is left out (the others still run)
skip() {
	skip_part "$*"
}
# tools that ran: none at all is a skip of the whole test
tools=0

# py_with MODULE...: the first python3 here that imports every MODULE: the
# one lib.sh resolved, else the one on PATH (through its shim, if any)
py_with() {
	for p in "$PY" python3; do
		if "$p" -c "import $(echo "$@" | tr ' ' ',')" 2>/dev/null; then
			[ "$p" = python3 ] &&
				p=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
			echo "$p"
			return 0
		fi
	done
	return 1
}

# a tool shipped as a (possibly gzipped) Python script in fio's doc dir
DOC=/usr/share/doc/fio
doc_script() {
	if [ -f "$DOC/$1.gz" ]; then
		gzip -dc "$DOC/$1.gz" >"$T/$1"
	elif [ -f "$DOC/$1" ]; then
		cp "$DOC/$1" "$T/$1"
	else
		return 1
	fi
}

cat >"$T/chk.py" <<'EOF'
import json, math, os, re, sys
from fractions import Fraction
sys.path.insert(0, os.path.join(os.environ["TOP_SRCDIR"], "tests", "integration"))
from check_json import long_double

def load(path):
    with open(path) as f:
        t = f.read()
    return json.loads(t[t.index("{"):])

def die(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def near(what, got, want, rel):
    if abs(got - want) > rel * abs(want):
        die("%s: %s, plio's JSON says %s (more than %g%% apart)"
            % (what, got, want, rel * 100))

def csv_rows(path):
    with open(path) as f:
        lines = f.read().split("\n")
    hdr = [c.strip() for c in lines[0].split(",")]
    return hdr, [l.split(",") for l in lines[1:] if l.strip()]

# Where the p-th percentile of the latencies a histogram log holds may
# lie.  The log leaves out the last interval, so it holds m of the N I/Os
# of the JSON+ bins: their p-th percentile lies between the percentiles of
# all N at p*m/N and at (p*m + N - m)/N (eps more each way for a tool's
# interpolation), widened by the width of a log column (2^coarse of fio's
# buckets: 1/64 of the value each) and 2 ns.
def within(what, v, bins, m, p, coarse=0, eps=0.0):
    vals = sorted((int(k), c) for k, c in bins.items())
    n = sum(c for _, c in vals)
    def q(frac):
        want, run = frac * n, 0
        for ns, c in vals:
            run += c
            if run >= want:
                return ns
        return vals[-1][0]
    lo = q(max(0.0, p / 100 * m / n - eps))
    hi = q(min(1.0, (p / 100 * m + n - m) / n + eps))
    w = (1 << coarse) / 64.0
    if not lo * (1 - w) - 2 <= v <= hi * (1 + w) + 2:
        die("%s: %s, but plio's JSON+ bins put it in [%d, %d] (%d of %d I/Os logged)"
            % (what, v, lo, hi, m, n))

def hist_lines(path):
    with open(path) as f:
        return [[int(x) for x in l.split(",")] for l in f if l.strip()]

DIRS = ("read", "write", "trim")
LATS = ("slat_ns", "clat_ns", "lat_ns")
cmd, a = sys.argv[1], sys.argv[2:]

if cmd == "csvshape":	# STUB_FIO STUB_PLIO NJOBS: same header, same columns filled
    for n in range(int(a[2])):
        hf, rf = csv_rows(a[0] % n)
        hp, rp = csv_rows(a[1] % n)
        if hf != hp:
            die("job %d: CSV header differs from fio's" % n)
        filled = lambda rows: [any(r[i].strip() for r in rows)
                               for i in range(1, len(hf) - 1)]
        if filled(rf) != filled(rp):
            cols = [hf[i + 1] for i, (x, y) in
                    enumerate(zip(filled(rf), filled(rp))) if x != y]
            die("job %d: columns filled differently from fio's: %s" % (n, cols))

elif cmd == "csv":	# JSON STUB: CSV rows vs the JSON+ bins and percentiles
    jobs = load(a[0])["jobs"]
    checked = 0
    for n, job in enumerate(jobs):
        hdr, rows = csv_rows(a[1] % n)
        for d in DIRS:
            for lat in LATS:
                js = job[d][lat]
                if "bins" not in js:
                    continue
                i = hdr.index("%s_%s_cumulative" % (d, lat))
                pts = [(int(r[0]), int(r[i]), float(r[i + 1]))
                       for r in rows if r[i].strip()]
                if len(pts) != len(js["bins"]):
                    die("job %d %s %s: %d CSV rows, %d JSON+ bins"
                        % (n, d, lat, len(pts), len(js["bins"])))
                if pts[-1][1] != js["N"] or pts[-1][2] != 1.0:
                    die("job %d %s %s: last row %s, N %d" % (n, d, lat, pts[-1], js["N"]))
                if lat == "clat_ns" and js["N"] != job[d]["total_ios"]:
                    die("job %d %s: clat N %d, total_ios %d"
                        % (n, d, js["N"], job[d]["total_ios"]))
                # fio's percentile: the first bin whose cumulative count
                # reaches p% of N, computed (as plio and fio do) in long
                # double: in double, 30% of 1000 is 300 exactly, in long
                # double a little more (0.3 rounds up there), so the bin
                # that reaches 300 is not the one
                for key, v in js["percentile"].items():
                    want = long_double(long_double(Fraction(float(key)) / 100) * js["N"])
                    ns = next(ns for ns, c, _ in pts if c >= want)
                    if ns != v:
                        die("job %d %s %s p%s: CSV says %d, JSON %d"
                            % (n, d, lat, key, ns, v))
                checked += 1
    if checked < int(a[2]):
        die("%d latency columns checked, want %s" % (checked, a[2]))

elif cmd == "logavg":	# OUT JSON KEY: fiologparser.py's average vs JSON KEY of read
    with open(a[0]) as f:
        got = float(f.read().split()[-1])
    near("fiologparser.py average", got, load(a[1])["jobs"][0]["read"][a[2]], 0.05)

elif cmd == "global":	# FILE JSON KIND: fio2gnuplot's .global vs JSON samples
    g = dict(l.strip().split("=") for l in open(a[0]) if "=" in l)
    r = load(a[1])["jobs"][0]["read"]
    k = a[2]
    dev = "bw_dev" if k == "bw" else "iops_stddev"
    n = int(g["values_count"])
    if n != r[k + "_samples"] or int(g["disks_count"]) != 1:
        die("%s: %d values, JSON %d samples" % (k, n, r[k + "_samples"]))
    for key, want in (("min", r[k + "_min"]), ("max", r[k + "_max"]),
                      ("avg", r[k + "_mean"])):
        if abs(float(g[key]) - want) > 0.006:
            die("%s %s: fio2gnuplot %s, JSON %s" % (k, key, g[key], want))
    # fio2gnuplot divides by n, fio by n - 1
    near(k + " stddev", float(g["stddev"]) * math.sqrt(n / (n - 1)), r[dev], 1e-4)

elif cmd == "svg":	# SVG LOG: the plotted line has a point for every log line
    s = open(a[0]).read()
    i = s.find("gnuplot_plot_1")
    m = re.search(r"d='([^']*)'", s[i:]) if i >= 0 else None
    if not m:
        die("%s: no plotted line" % a[0])
    pts = len(re.findall(r"[ML]", m.group(1))) - 2	# less the key's sample
    lines = sum(1 for l in open(a[1]) if l.strip())
    if pts != lines:
        die("%s: %d points plotted, %d lines in %s" % (a[0], pts, lines, a[1]))

elif cmd == "pctiles":	# OUT JSON JOB HISTLOG: fio-histo-log-pctiles.py's row
    rows = [l.split(",") for l in open(a[0]) if re.match(r"\s*\d+,", l)]
    if len(rows) != 1:
        die("%d rows, want 1 (one time quantum)" % len(rows))
    r = [x.strip() for x in rows[0]]
    job = load(a[1])["jobs"][int(a[2])]["read"]
    counted = sum(sum(h[3:]) for h in hist_lines(a[3]))
    if int(r[1]) != counted or not job["total_ios"] // 2 < counted <= job["total_ios"]:
        die("%s samples, the log counts %d, total_ios %d" % (r[1], counted, job["total_ios"]))
    # --percentiles 50 90 99: values in us, interpolated inside a bucket
    for p, v in zip((50, 90, 99), r[2:5]):
        within("p%d" % p, float(v) * 1000, job["clat_ns"]["bins"], counted, p)

elif cmd == "hist":	# OUT JSON JOB HISTLOG COARSE: fiologparser_hist.py --noweight --directions=rw
    job = load(a[1])["jobs"][int(a[2])]
    lines = hist_lines(a[3])
    rows = [[x.strip() for x in l.split(",")] for l in open(a[0])][1:]
    seen = 0
    for r in rows:
        d = {"r": "read", "w": "write"}[r[1]]
        n = DIRS.index(d)
        counted = sum(sum(h[3:]) for h in lines if h[1] == n)
        if int(r[2]) != counted or not job[d]["total_ios"] // 2 < counted <= job[d]["total_ios"]:
            die("%s: %s samples, the log counts %d, total_ios %d"
                % (d, r[2], counted, job[d]["total_ios"]))
        # median and 90%, in ns (it interpolates between the neighbouring
        # nonempty columns, which in a short run's thin tail can be far
        # apart: the higher percentiles are not checked)
        for p, v in zip((50, 90), (r[5], r[6])):
            within("%s p%d" % (d, p), float(v), job[d]["clat_ns"]["bins"], counted, p,
                   int(a[4]), 0.01)
        seen += 1
    if seen != sum(1 for d in ("read", "write") if job[d]["total_ios"]):
        die("%d direction rows" % seen)
else:
    die("unknown command " + cmd)
EOF
C="$PY $T/chk.py"

# --- the runs: each program in a folder of its own ------------------------
# run_job WHO DIR DESC OPTIONS...: run fio or plio in $T/WHO/DIR with
# JSON+ output (stderr in $T/WHO.DIR.err, $T/WHO...err for DIR .); when it
# fails, its reason in $T/WHO.failed
run_job() {
	who=$1
	dir=$2
	desc=$3
	shift 3
	prog=fio
	[ "$who" = plio ] && prog=$PLIO
	(cd "$T/$who/$dir" && exec "$prog" --output-format=json+ "$@") \
		>"$T/$who.$dir.out" 2>"$T/$who.$dir.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "$desc: $who exits $rc: $(head -3 "$T/$who.$dir.err")" >"$T/$who.failed"
		return 1
	fi
}

# the_runs WHO: fio's or plio's runs of the jobs.  l.json and the logs
# (bw, iops, lat, clat_hist) of a random read on a file, averaged over
# 100 ms; then a mixed job whose histogram log has log_hist_coarseness=2
# (4 bins a column).  json/j.json: slat, clat and lat bins of three jobs
# (the example of fio_jsonplus_clat2csv's own documentation).
the_runs() {
	mkdir "$T/$1" "$T/$1/json"
	run_job $1 . "the log jobs" --output=l.json \
		--ioengine=psync --bs=4k --size=4m --time_based \
		--log_avg_msec=100 --log_hist_msec=100 \
		--name=t --filename="$T/$1/data" --rw=randread --runtime=1 \
		--write_bw_log=t --write_iops_log=t --write_lat_log=t \
		--write_hist_log=t \
		--name=c --stonewall --filename="$T/$1/data2" --rw=randrw \
		--runtime=500ms --write_hist_log=c --log_hist_coarseness=2 || return
	rm -f "$T/$1/data" "$T/$1/data2"
	run_job $1 json "the JSON+ jobs" --output=j.json \
		--ioengine=null --size=32m --slat_percentiles=1 --clat_percentiles=1 \
		--lat_percentiles=1 --name=test1 --rw=randrw --name=test2 --rw=read \
		--name=test3 --rw=write
}
# fio's runs go on in the background while plio's run (they are timed: the
# same wall time for both); the test ends when either fails
the_runs fio &
fio_runs=$!
the_runs plio
for f in "$T/plio...err" "$T/plio.json.err"; do
	[ -e "$f" ] || continue
	cp "$f" "$T/err"
	sanitized "plio's runs" && finish
done
wait $fio_runs
for who in plio fio; do
	[ -e "$T/$who.failed" ] && { fail "$(cat "$T/$who.failed")"; finish; }
done
pass
for k in bw iops lat clat slat; do
	[ -f "$T/plio/t_$k.1.log" ] || fail "plio wrote no t_$k.1.log"
done
[ -f "$T/plio/t_clat_hist.1.log" ] && [ -f "$T/plio/c_clat_hist.2.log" ] && pass ||
	fail "plio wrote no clat_hist logs"

# run_both DESC CMD...: run CMD in $T/fio then in $T/plio (stdout to
# ../WHO.out, stderr to ../WHO.err); fails unless both exit 0
run_both() {
	desc=$1
	shift
	for who in fio plio; do
		(cd "$T/$who" && exec "$@") >"$T/$who.out" 2>"$T/$who.err"
		rc=$?
		if [ $rc -ne 0 ]; then
			fail "$desc on $who's output: exit $rc: $(tail -3 "$T/$who.err")"
			return 1
		fi
	done
	pass
}

# --- fio_jsonplus_clat2csv: JSON+ bins to CSV, and its --validate ---------
if ! c2c=$(command -v fio_jsonplus_clat2csv); then
	skip "fio_jsonplus_clat2csv is not installed"
elif ! py6=$(py_with six); then
	skip "fio_jsonplus_clat2csv: no python3 here imports six"
else
	tools=$((tools + 1))
	# f:N: N latencies with bins at least (clat and lat of each direction,
	# slat where fio keeps it)
	for f in json/j:8 l:3; do
		n=${f#*:}
		f=${f%:*}
		run_both "fio_jsonplus_clat2csv $f.json" "$py6" "$c2c" $f.json $f.csv || continue
		nj=$(grep -c generated "$T/fio.out")
		[ "$(grep -c generated "$T/plio.out")" -eq "$nj" ] && pass ||
			fail "fio_jsonplus_clat2csv $f.json: $(cat "$T/plio.out")"
		$C csvshape "$T/fio/${f}_job%d.csv" "$T/plio/${f}_job%d.csv" "$nj" && pass ||
			fail "fio_jsonplus_clat2csv $f.json: CSV shape"
		$C csv "$T/plio/$f.json" "$T/plio/${f}_job%d.csv" "$n" 2>"$T/chk.err" && pass ||
			fail "fio_jsonplus_clat2csv $f.json: CSV vs plio's JSON+: $(cat "$T/chk.err")"
		if run_both "fio_jsonplus_clat2csv --validate $f.json" \
			"$py6" "$c2c" $f.json $f.csv --validate; then
			[ "$(grep -c validated "$T/plio.out")" -eq "$nj" ] && pass ||
				fail "fio_jsonplus_clat2csv --validate $f.json: $(cat "$T/plio.out")"
		fi
	done
fi

# --- fiologparser.py: interval statistics of bw/iops logs -----------------
# It takes "TIME, VALUE, DIR, BS" lines, fio 3.33 writes a priority column
# after BS: it fails on fio's logs as on plio's, and reads both once that
# column is cut.
if doc_script fiologparser.py; then
	tools=$((tools + 1))
	for who in fio plio; do
		"$PY" "$T/fiologparser.py" "$T/$who/t_bw.1.log" >"$T/$who.out" 2>"$T/$who.err"
		echo "exit $?: $(tail -1 "$T/$who.err")" >"$T/$who.last"
	done
	grep -q '^exit 1: .*too many values to unpack' "$T/fio.last" &&
		cmp -s "$T/fio.last" "$T/plio.last" && pass ||
		fail "fiologparser.py on the logs as written: plio's '$(cat "$T/plio.last")', fio's '$(cat "$T/fio.last")'"
	for k in bw iops; do
		for who in fio plio; do
			cut -d, -f1-4 "$T/$who/t_$k.1.log" >"$T/$who/t_${k}4.log"
		done
		if run_both "fiologparser.py $k" "$PY" "$T/fiologparser.py" "t_${k}4.log"; then
			$C logavg "$T/plio.out" "$T/plio/l.json" "${k}_mean" && pass ||
				fail "fiologparser.py $k average"
		fi
		# per 100 ms: a row per log entry (the last may end a little late)
		if run_both "fiologparser.py -a -i 100 $k" "$PY" "$T/fiologparser.py" \
			-a -i 100 "t_${k}4.log"; then
			rows=$(wc -l <"$T/plio.out")
			lines=$(wc -l <"$T/plio/t_$k.1.log")
			[ "$rows" -ge "$lines" ] && [ "$rows" -le $((lines + 1)) ] && pass ||
				fail "fiologparser.py -a -i 100 $k: $rows rows for $lines entries"
		fi
	done
else
	skip "fiologparser.py is not in $DOC"
fi

# --- fio2gnuplot: statistics of the bw/iops logs (and plots with gnuplot) -
if ! f2g=$(command -v fio2gnuplot); then
	skip "fio2gnuplot is not installed"
elif ! py6=$(py_with six); then
	skip "fio2gnuplot: no python3 here imports six"
else
	tools=$((tools + 1))
	for k in bw iops; do
		opt=-b
		[ $k = iops ] && opt=-i
		run_both "fio2gnuplot $opt" "$py6" "$f2g" $opt -d "g$k" || continue
		ls "$T/fio/g$k" >"$T/fio.ls"
		ls "$T/plio/g$k" >"$T/plio.ls"
		cmp -s "$T/fio.ls" "$T/plio.ls" && pass ||
			fail "fio2gnuplot $opt: files $(tr '\n' ' ' <"$T/plio.ls"), fio's $(tr '\n' ' ' <"$T/fio.ls")"
		$C global "$T/plio/g$k/result.global" "$T/plio/l.json" $k && pass ||
			fail "fio2gnuplot $opt: result.global vs plio's JSON"
	done
	if ! command -v gnuplot >/dev/null 2>&1; then
		skip "fio2gnuplot -g: gnuplot is not installed"
	elif run_both "fio2gnuplot -b -g" "$py6" "$f2g" -b -g -d gplot; then
		npng=$(ls "$T/plio/gplot" | grep -c '\.png$')
		[ "$npng" -ge 4 ] && [ "$npng" -eq "$(ls "$T/fio/gplot" | grep -c '\.png$')" ] &&
			pass || fail "fio2gnuplot -g: PNGs $(ls "$T/plio/gplot" | tr '\n' ' ')"
	fi
fi

# --- fio_generate_plots: gnuplot SVGs of every log ------------------------
if ! gp=$(command -v fio_generate_plots); then
	skip "fio_generate_plots is not installed"
elif ! command -v gnuplot >/dev/null 2>&1; then
	skip "fio_generate_plots: gnuplot is not installed"
elif tools=$((tools + 1)) && run_both "fio_generate_plots" "$gp" tst; then
	# gnuplot's own complaints (an empty slat log: no valid points) alike
	for who in fio plio; do
		grep -E 'warning:|invalid|error' "$T/$who.err" | sed 's/[0-9.]//g' >"$T/$who.warn"
	done
	cmp -s "$T/fio.warn" "$T/plio.warn" && pass ||
		fail "fio_generate_plots: gnuplot says $(cat "$T/plio.warn") on plio's logs, $(cat "$T/fio.warn") on fio's"
	for k in lat clat iops bw; do
		$C svg "$T/plio/tst-$k.svg" "$T/plio/t_$k.1.log" && pass ||
			fail "fio_generate_plots: $k plot"
	done
fi

# --- fio-histo-log-pctiles.py: percentiles from histogram logs ------------
if doc_script fio-histo-log-pctiles.py; then
	tools=$((tools + 1))
	# one 10 s time quantum: every entry of the log, percentiles in us
	if run_both "fio-histo-log-pctiles.py" "$PY" "$T/fio-histo-log-pctiles.py" \
		--time-quantum 10 --percentiles 50 90 99 -- t_clat_hist.1.log; then
		$C pctiles "$T/plio.out" "$T/plio/l.json" 0 "$T/plio/t_clat_hist.1.log" &&
			pass || fail "fio-histo-log-pctiles.py vs plio's JSON"
	fi
else
	skip "fio-histo-log-pctiles.py is not in $DOC"
fi

# --- fiologparser_hist.py: percentiles from histogram logs (numpy, pandas),
# also of the coarse log, whose bin width it finds from the column count
if ! doc_script fiologparser_hist.py; then
	skip "fiologparser_hist.py is not in $DOC"
elif ! py=$(py_with numpy pandas); then
	skip "fiologparser_hist.py: no python3 here imports numpy and pandas"
else
	tools=$((tools + 1))
	# its default: weighted 1 s intervals
	if run_both "fiologparser_hist.py" "$py" "$T/fiologparser_hist.py" t_clat_hist.1.log; then
		[ "$(head -1 "$T/plio.out")" = "$(head -1 "$T/fio.out")" ] &&
			[ "$(wc -l <"$T/plio.out")" -ge 2 ] && pass ||
			fail "fiologparser_hist.py: $(head -2 "$T/plio.out")"
	fi
	# LOG:JOB:COARSENESS, one interval over the whole log per direction
	for h in t_clat_hist.1.log:0:0 c_clat_hist.2.log:1:2; do
		log=${h%%:*}
		rest=${h#*:}
		if run_both "fiologparser_hist.py $log" "$py" "$T/fiologparser_hist.py" \
			--noweight -i 1000000 --directions=rw "$log"; then
			$C hist "$T/plio.out" "$T/plio/l.json" "${rest%%:*}" "$T/plio/$log" \
				"${rest#*:}" && pass || fail "fiologparser_hist.py $log vs plio's JSON"
		fi
	done
fi

# not one tool here: nothing this test is about was checked
if [ "$tools" -eq 0 ] && [ "$fails" -eq 0 ]; then
	skip_test "none of fio's result tools is installed (or can run) here"
fi
finish
