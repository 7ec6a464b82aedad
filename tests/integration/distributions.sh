#!/bin/sh
# distributions: where random I/O goes, seen in the job's own write_iolog
# (fio's version 3 format), checked against each distribution's formula
# and, with fio installed, against fio 3.33 running the same job:
#
# - random_distribution (zipf, pareto, normal, zoned, zoned_abs, centres):
#   the share of I/O on the hottest 10% of blocks equals what the
#   distribution's own probabilities give for the same number of draws
#   (simulated from the formula, so the small-sample bias of "hottest by
#   count" is the same on both sides), and is within 3 points of fio's;
# - zoned's ranges (fio's "zoned:50/5:30/15:20/" form included), the
#   places of a centre, file_service_type's distributions over files;
# - random_generator=lfsr: every block exactly once per loop without a
#   map, the same order each loop (fio's);
# - zonemode=strided: the offsets of zonesize/zonerange/zoneskip, the
#   same as fio's;
# - write_iolog's format: header, add/open/close, time stamps, syncs;
# - what is refused, in one line.
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99

F=$T/f
L=$T/logs
mkdir -p "$L"
have_fio=0
command -v fio >/dev/null 2>&1 && have_fio=1

# the hottest-10% statistic and the formulas (one Python start at the end)
cat >"$T/shape.py" <<'PY'
import sys, math, random, collections
def ios(path):
    c = collections.Counter()
    for line in open(path):
        f = line.split()
        if len(f) == 5 and f[2] in ("read", "write"):
            c[int(f[3]) // 4096] += 1
    return c
def top(c, n, frac=0.1):
    v = sorted(c.values(), reverse=True)
    return sum(v[:int(n * frac + 0.5)]) / sum(v)
def pmf(kind, arg, n, zones=None):
    if kind == "zipf":
        w = [k ** -arg for k in range(1, n + 1)]
    elif kind == "pareto":
        p = math.log(arg) / math.log(1 - arg)
        cdf = [min(1.0, ((j + 1) / (n - 1)) ** (1 / p)) for j in range(n)]
        w = [cdf[0]] + [cdf[j] - cdf[j - 1] for j in range(1, n)]
    elif kind == "normal":
        sd = n * math.sqrt(1 / 144 + arg * arg / 120000)
        phi = lambda x: 0.5 * (1 + math.erf(x / sd / math.sqrt(2)))
        w = [0.0] * n
        for j in range(-4 * n, 4 * n):
            w[j % n] += phi(j + 1) - phi(j)
    elif kind == "zoned":
        w, at = [0.0] * n, 0
        for pct, size in zones:
            lo, hi = int(at * n // 100), int((at + size) * n // 100)
            for j in range(lo, hi):
                w[j] = pct / (hi - lo)
            at += size
    else:
        w = [1.0] * n
    return w
def simulated(w, draws, seed=1):
    rnd = random.Random(seed)
    cum, s = [], 0.0
    for x in w:
        s += x
        cum.append(s)
    return collections.Counter(rnd.choices(range(len(w)), cum_weights=cum, k=draws))
PY

# dist NAME DIST KIND ARG [ZONES]: plio (and fio) on a 64 MiB region
# (16384 blocks), 262144 random reads without a map; the check compares
# the hottest 10% with the formula's and fio's
N=16384
dist() {
	name=$1 rd=$2
	shift 2
	rm -f "$L/$name.plio"
	run_ok "random_distribution=$rd" "$PLIO" --name=d --filename="$F" --ioengine=null \
		--rw=randread --bs=4k --size=64m --io_size=1g --norandommap \
		--random_distribution="$rd" --write_iolog="$L/$name.plio" --output-format=json || return
	fl=-
	if [ $have_fio = 1 ]; then
		rm -f "$L/$name.fio"
		fio --name=d --filename="$F" --ioengine=null --rw=randread --bs=4k --size=64m \
			--io_size=1g --norandommap --random_distribution="$rd" \
			--write_iolog="$L/$name.fio" --output=/dev/null >/dev/null 2>&1 &&
			fl=$L/$name.fio
	fi
	pyq "random_distribution=$rd: hottest 10% as the formula's (and fio's)" \
		"$T/shapechk.py" "$L/$name.plio" "$fl" "$@"
}
cat >"$T/shapechk.py" <<'PY'
import sys
sys.path.insert(0, sys.argv[0].rsplit("/", 1)[0])
from shape import *
N = 16384
plog, flog, kind = sys.argv[1], sys.argv[2], sys.argv[3]
arg = float(sys.argv[4]) if len(sys.argv) > 4 and kind != "zoned" else 0
zones = eval(sys.argv[4]) if kind == "zoned" else None
c = ios(plog)
assert sum(c.values()) == 262144, sum(c.values())
assert max(c) < N and min(c) >= 0
got = top(c, N)
want = top(simulated(pmf(kind, arg, N, zones), 262144), N)
msg = f"plio {got:.4f}, formula {want:.4f}"
ok = abs(got - want) <= 0.01
if flog != "-":
    fio = top(ios(flog), N)
    msg += f", fio {fio:.4f}"
    ok = ok and abs(got - fio) <= 0.03
print(msg)
sys.exit(0 if ok else msg)
PY

dist zipf08 zipf:0.8 zipf 0.8
dist zipf12 zipf:1.2 zipf 1.2
dist zipf12c zipf:1.2:0.25 zipf 1.2
dist pareto02 pareto:0.2 pareto 0.2
dist pareto09 pareto:0.9 pareto 0.9
dist normal5 normal:5 normal 5
dist normal20 normal:20 normal 20
dist normal10c normal:10:0.2 normal 10
dist zoned zoned:60/10:30/20:8/30:2/40 zoned "[(60,10),(30,20),(8,30),(2,40)]"
dist zonedtrail zoned:50/5:30/15:20/ zoned "[(50,5),(30,15),(20,80)]"
dist zonedabs zoned_abs:60/8m:30/16m:10/40m zoned "[(60,12.5),(30,25),(10,62.5)]"

# where a centre puts the hottest block; zoned's ranges exactly
pyq_py "centres and zones: the hottest blocks where the options put them" "$L/zipf12c.plio" \
	"$L/zoned.plio" "$L/zonedtrail.plio" <<'PY'
import sys
sys.path.insert(0, sys.argv[0].rsplit("/", 1)[0])
from shape import ios
N = 16384
z = ios(sys.argv[1])
hot = max(z, key=z.get)
assert hot == int(0.25 * N), hot
def share(c, lo, hi):
    return sum(v for k, v in c.items() if lo * N // 100 <= k < hi * N // 100) / sum(c.values())
zo = ios(sys.argv[2])
for lo, hi, pct in ((0, 10, 60), (10, 30, 30), (30, 60, 8), (60, 100, 2)):
    s = share(zo, lo, hi)
    assert abs(s - pct / 100) < 0.005, (lo, hi, s)
zt = ios(sys.argv[3])
for lo, hi, pct in ((0, 5, 50), (5, 20, 30), (20, 100, 20)):
    s = share(zt, lo, hi)
    assert abs(s - pct / 100) < 0.005, (lo, hi, s)
PY

# the default parameters are fio's: zipf 1.1, pareto 0.2, normal 0
for d in zipf:1.1 pareto:0.2 normal:0; do
	k=${d%%:*}
	"$PLIO" --name=d --filename="$F" --ioengine=null --rw=randread --bs=4k --size=4m \
		--random_distribution="$d" --write_iolog="$L/def1.$k" --output=/dev/null &&
		"$PLIO" --name=d --filename="$F" --ioengine=null --rw=randread --bs=4k --size=4m \
			--random_distribution="$k" --write_iolog="$L/def2.$k" --output=/dev/null &&
		[ "$(grep -c read "$L/def1.$k")" = 1024 ] &&
		[ "$(awk 'NF==5{print $4}' "$L/def1.$k")" = "$(awk 'NF==5{print $4}' "$L/def2.$k")" ] &&
		pass || fail "random_distribution=$k is not $d"
done

# a non-uniform distribution runs without the random map (fio's): the
# same offsets with and without norandommap, size bytes moved
"$PLIO" --name=d --filename="$F" --ioengine=null --rw=randread --bs=4k --size=4m \
	--random_distribution=zipf:1.2 --write_iolog="$L/map1" --output=/dev/null &&
	"$PLIO" --name=d --filename="$F" --ioengine=null --rw=randread --bs=4k --size=4m \
		--random_distribution=zipf:1.2 --norandommap --write_iolog="$L/map2" --output=/dev/null &&
	[ "$(awk 'NF==5{print $4}' "$L/map1")" = "$(awk 'NF==5{print $4}' "$L/map2")" ] &&
	[ "$(grep -c read "$L/map1")" = 1024 ] &&
	[ "$(awk 'NF==5{print $4}' "$L/map1" | sort -u | wc -l)" -lt 600 ] && pass ||
	fail "zipf with the random map: $(grep -c read "$L/map1") reads"

# ---------------------------------------------------- file_service_type
# 8 files; zipf:1.2 centred on the first: Zipf's law over 8 ranks (fio's
# approximation gives the first 92%); normal:20 centred on 0 as fio's.  A
# file whose blocks are all used starts over (fio's rule for these), so
# the shares hold however much the job moves
mkdir -p "$T/d"
fst() {
	rm -f "$L/fst.$1"
	run_ok "file_service_type=$2" "$PLIO" --name=a --directory="$T/d" --nrfiles=8 \
		--ioengine=null --rw=randread --bs=4k --size=8m --io_size=256m \
		--file_service_type="$2" --write_iolog="$L/fst.$1" --output-format=json &&
		pyq "file_service_type=$2: share per file as the formula's" "$T/fstchk.py" \
			"$L/fst.$1" "$3"
}
cat >"$T/fstchk.py" <<'PY'
import sys, collections
c = collections.Counter(l.split()[1] for l in open(sys.argv[1]) if len(l.split()) == 5)
tot = sum(c.values())
got = [c[f] / tot for f in sorted(c, key=lambda p: int(p.rsplit(".", 1)[1]))]
want = eval(sys.argv[2])
assert tot == 65536, tot
assert all(abs(g - w) < 0.01 for g, w in zip(got, want)), (got, want)
PY
fst zipf zipf:1.2:0 "[k ** -1.2 / sum(j ** -1.2 for j in range(1, 9)) for k in range(1, 9)]"
fst normal normal:20:0 "[x / 16384 for x in (6317, 1746, 92, 0, 0, 96, 1787, 6346)]"
fst pareto pareto:0.2:0 "[min(1, ((j + 1) / 7) ** (1 / 7.2125675)) - min(1, (j / 7) ** (1 / 7.2125675)) for j in range(8)]"

# ------------------------------------------------------------------ lfsr
# every block once per loop, no map; the same order each loop (fio's)
run_ok "lfsr" "$PLIO" --name=l --filename="$F" --ioengine=null --rw=randread --bs=4k \
	--size=1m --loops=3 --random_generator=lfsr --write_iolog="$L/lfsr" --output-format=json &&
	pyq_py "lfsr: each block exactly once per loop, the same order each loop" "$L/lfsr" <<'PY'
import sys
offs = [int(l.split()[3]) for l in open(sys.argv[1]) if len(l.split()) == 5]
assert len(offs) == 768, len(offs)
for k in range(3):
    assert sorted(offs[k * 256:(k + 1) * 256]) == list(range(0, 1 << 20, 4096)), k
assert offs[:256] == offs[256:512] == offs[512:]
assert offs[:256] != sorted(offs[:256])
PY
# lfsr with several block sizes: fio's warning in its manual (some blocks
# twice), still inside the region; with a distribution: the distribution
run_ok "lfsr bsrange" "$PLIO" --name=l --filename="$F" --ioengine=null --rw=randread \
	--bsrange=4k-16k --size=1m --random_generator=lfsr --write_iolog="$L/lfsr2" \
	--output-format=json &&
	pyq_py "lfsr bsrange: inside the region, ends after size" "$L/lfsr2" <<'PY'
import sys
ops = [(int(l.split()[3]), int(l.split()[4])) for l in open(sys.argv[1]) if len(l.split()) == 5]
assert all(o % 4096 == 0 and o + n <= 1 << 20 for o, n in ops), ops[:5]
assert sum(n for o, n in ops) >= 1 << 20 or len(ops) == 256, (len(ops), sum(n for o, n in ops))
PY
"$PLIO" --name=l --filename="$F" --ioengine=null --rw=randread --bs=4k --size=1m \
	--random_generator=lfsr --random_distribution=zipf:1.2 --write_iolog="$L/lfsr3" \
	--output=/dev/null &&
	[ "$(awk 'NF==5{print $4}' "$L/lfsr3" | sort -u | wc -l)" -lt 200 ] && pass ||
	fail "lfsr with zipf: the distribution should decide"
# tausworthe and tausworthe64 are plio's one uniform generator
"$PLIO" --name=l --filename="$F" --ioengine=null --rw=randread --bs=4k --size=1m \
	--random_generator=tausworthe64 --write_iolog="$L/t64" --output=/dev/null &&
	"$PLIO" --name=l --filename="$F" --ioengine=null --rw=randread --bs=4k --size=1m \
		--write_iolog="$L/t32" --output=/dev/null &&
	[ "$(awk 'NF==5{print $4}' "$L/t64")" = "$(awk 'NF==5{print $4}' "$L/t32")" ] && pass ||
	fail "tausworthe64 differs from tausworthe"

# ------------------------------------------------------- zonemode=strided
# offsets in KiB, as fio 3.33 issues them (and compared with fio's own)
zone() {
	name=$1 want=$2
	shift 2
	rm -f "$L/z.$name"
	run_ok "strided $name" "$PLIO" --name=z --filename="$F" --ioengine=null --bs=4k \
		--size=1m --zonemode=strided --write_iolog="$L/z.$name" --output-format=json "$@" ||
		return
	got=$(awk 'NF==5{printf "%d ", $4 / 1024}' "$L/z.$name" | cut -d' ' -f1-40)
	n=$(grep -c read "$L/z.$name")
	[ "$got" = "$want" ] && [ "$n" = 256 ] && pass ||
		fail "strided $name: $n reads, offsets $got; expected $want"
	if [ $have_fio = 1 ]; then
		rm -f "$L/zf.$name"
		fio --name=z --filename="$F" --ioengine=null --bs=4k --size=1m --zonemode=strided \
			--write_iolog="$L/zf.$name" --output=/dev/null "$@" >/dev/null 2>&1
		[ "$(awk 'NF==5{print $4, $5}' "$L/zf.$name")" = \
		  "$(awk 'NF==5{print $4, $5}' "$L/z.$name")" ] && pass ||
			fail "strided $name: offsets differ from fio's"
	fi
}
zone range "0 4 8 12 64 68 72 76 128 132 136 140 192 196 200 204 256 260 264 268 320 324 328 332 384 388 392 396 448 452 456 460 512 516 520 524 576 580 584 588" \
	--rw=read --zonesize=16k --zonerange=64k
zone skip "0 4 8 12 48 52 56 60 96 100 104 108 144 148 152 156 192 196 200 204 240 244 248 252 288 292 296 300 336 340 344 348 384 388 392 396 432 436 440 444" \
	--rw=read --zonesize=16k --zoneskip=32k
zone big "0 4 8 12 16 20 24 28 32 36 40 44 48 52 56 60 0 4 8 12 16 20 24 28 32 36 40 44 48 52 56 60 64 68 72 76 80 84 88 92" \
	--rw=read --zonesize=128k --zonerange=64k
run_ok "strided random" "$PLIO" --name=z --filename="$F" --ioengine=null --bs=4k --size=1m \
	--zonemode=strided --zonesize=16k --zonerange=64k --rw=randread \
	--write_iolog="$L/z.rand" --output-format=json &&
	pyq_py "strided random: 4 blocks in each 64k zone in turn, none twice a pass" "$L/z.rand" <<'PY'
import sys
offs = [int(l.split()[3]) for l in open(sys.argv[1]) if len(l.split()) == 5]
assert len(offs) == 256
for i, o in enumerate(offs):
    zone = (i // 4) % 16
    assert zone * 65536 <= o < (zone + 1) * 65536, (i, o)
for p in range(4):
    assert len(set(offs[p * 64:(p + 1) * 64])) == 64, p
PY

# --------------------------------------------------------- write_iolog
rm -f "$L/fmt"
run_ok "write_iolog format" "$PLIO" --name=w --filename="$F" --rw=randrw --bs=4k --size=64k \
	--fsync=2 --fdatasync=3 --number_ios=12 --write_iolog="$L/fmt" --output-format=json &&
	pyq_py "write_iolog: fio's version 3 lines, in order, the job's I/O" "$L/fmt" "$F" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
f = sys.argv[2]
assert lines[0] == "fio version 3 iolog", lines[0]
rows = [l.split() for l in lines[1:]]
ts = [int(r[0]) for r in rows]
assert ts == sorted(ts), ts
assert [r[1:] for r in rows[:2]] == [[f, "add"], [f, "open"]], rows[:2]
assert rows[-1][1:] == [f, "close"], rows[-1]
io = [r for r in rows if len(r) == 5]
assert all(r[1] == f for r in io)
acts = [r[2] for r in io]
assert set(acts) <= {"read", "write", "sync", "datasync"}, acts
assert acts.count("read") + acts.count("write") == 12, acts
assert "sync" in acts or acts.count("write") < 2, acts
for r in io:
    if r[2] in ("read", "write"):
        assert int(r[3]) % 4096 == 0 and int(r[3]) < 65536 and r[4] == "4096", r
    else:
        assert r[4] == "0", r
PY
# appended to, as fio's: a second run adds a second log
"$PLIO" --name=w --filename="$F" --rw=read --bs=4k --size=16k --write_iolog="$L/fmt" \
	--output=/dev/null && [ "$(grep -c '^fio version 3 iolog$' "$L/fmt")" = 2 ] && pass ||
	fail "write_iolog does not append"
run_fails "write_iolog into a missing folder" "write_iolog '$T/no/log': cannot open: No such file or directory" \
	"$PLIO" --name=w --filename="$F" --rw=read --bs=4k --size=16k --write_iolog="$T/no/log"

# ------------------------------------------------------------ refusals
refused() {
	run_fails "$1" "$2" "$PLIO" --name=r --filename="$F" --ioengine=null --rw=randread \
		--bs=4k --size=1m "$3"
}
refused "zipf:" "random_distribution: 'zipf:' has nothing after ':'" --random_distribution=zipf:
refused "pareto:1" "pareto's h must lie between 0 and 1" --random_distribution=pareto:1
refused "normal:100" "normal's deviation is a percentage, 0 to less than 100" --random_distribution=normal:100
refused "centre 1.5" "the centre is not a number from 0 to 1" --random_distribution=zipf:1.2:1.5
refused "zones short of 100" "the zones' access percentages add up to 90, not 100" --random_distribution=zoned:60/10:30/20
refused "zones over the region" "the zones' sizes add up to 120% of the region" --random_distribution=zoned:50/60:50/60
refused "zoned_abs past the file" "zoned_abs zones add up to 11534336 bytes, more than the 1048576-byte region" \
	--random_distribution=zoned_abs:50/1m:50/10m
refused "zonemode=zbd" "zonemode: zbd \(zoned block devices\) is not supported by plio" --zonemode=zbd
refused "zonesize without zonemode" "zonesize: needs zonemode=strided" --zonesize=16k
refused "strided without zonesize" "zonemode: strided needs zonesize" --zonemode=strided
refused "file_service_type=zipf:0" "file_service_type: 'zipf:0': zipf's theta must be above 0" \
	--file_service_type=zipf:0

finish
