#!/bin/sh
# distributions.sh - where random I/O goes, plio beside fio: for each
# random_distribution, the share of I/O on the hottest 10% and 1% of the
# blocks and the blocks touched, from each tool's own write_iolog of the
# same job (null engine, 64 MiB region = 16384 blocks of 4 KiB, 262144
# random reads without a map), and the same shares as the distribution's
# formula gives them for as many draws (simulated from its probabilities,
# so the small-sample bias of "hottest by count" is on every side).
#
# Usage (from the build tree): bench/distributions.sh [DIST...]
# Env: PLIO (default ./plio), FIO (default fio; FIO=none skips it).
set -u
PLIO=${PLIO:-./plio}
FIO=${FIO:-fio}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
[ $# -gt 0 ] || set -- random zipf:0.8 zipf:1.2 zipf:2.0 pareto:0.2 pareto:0.5 pareto:0.9 \
	normal:5 normal:20 normal:50 zoned:60/10:30/20:8/30:2/40 zipf:1.2:0.25 normal:10:0.2
run() {	# TOOL DIST LOG
	"$1" --name=d --filename="$TMP/f" --ioengine=null --rw=randread --bs=4k --size=64m \
		--io_size=1g --norandommap --random_distribution="$2" --write_iolog="$3" \
		--output=/dev/null >/dev/null 2>&1
}
fio_ok=0
[ "$FIO" != none ] && command -v "$FIO" >/dev/null 2>&1 && fio_ok=1
i=0
for d in "$@"; do
	run "$PLIO" "$d" "$TMP/p$i" || echo "plio failed on $d" >&2
	[ $fio_ok = 1 ] && { run "$FIO" "$d" "$TMP/f$i" || echo "fio failed on $d" >&2; }
	i=$((i + 1))
done
$PY - "$TMP" "$fio_ok" "$@" <<'PY'
import sys, math, random, collections
tmp, fio_ok, dists = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]
N, DRAWS = 16384, 262144
def counts(path):
    c = collections.Counter()
    try:
        for line in open(path):
            f = line.split()
            if len(f) == 5 and f[2] == "read":
                c[int(f[3]) // 4096] += 1
    except OSError:
        pass
    return c
def shares(c):
    v = sorted(c.values(), reverse=True)
    t = sum(v) or 1
    return sum(v[:N // 10]) / t, sum(v[:N // 100]) / t, len(c)
def pmf(d):
    kind, _, rest = d.partition(":")
    args = rest.split(":") if rest else []
    if kind == "zipf":
        th = float(args[0])
        return [k ** -th for k in range(1, N + 1)]
    if kind == "pareto":
        p = math.log(float(args[0])) / math.log(1 - float(args[0]))
        cdf = [min(1.0, ((j + 1) / (N - 1)) ** (1 / p)) for j in range(N)]
        return [cdf[0]] + [cdf[j] - cdf[j - 1] for j in range(1, N)]
    if kind == "normal":
        s = float(args[0])
        sd = N * math.sqrt(1 / 144 + s * s / 120000)
        phi = lambda x: 0.5 * (1 + math.erf(x / sd / math.sqrt(2)))
        w = [0.0] * N
        for j in range(-4 * N, 4 * N):
            w[j % N] += phi(j + 1) - phi(j)
        return w
    if kind == "zoned":
        w, at = [0.0] * N, 0
        for z in rest.split(":"):
            pct, size = z.split("/")
            lo, hi = at * N // 100, (at + int(size)) * N // 100
            for j in range(lo, hi):
                w[j] = int(pct) / (hi - lo)
            at += int(size)
        return w
    return [1.0] * N
def simulated(w):
    cum, s = [], 0.0
    for x in w:
        s += x
        cum.append(s)
    return collections.Counter(random.Random(1).choices(range(N), cum_weights=cum, k=DRAWS))
print(f"{'distribution':<30} {'plio 10%':>8} {'1%':>6} {'blocks':>7}   {'formula':>7} {'1%':>6}" +
      (f"   {'fio 10%':>8} {'1%':>6} {'blocks':>7}" if fio_ok else ""))
for i, d in enumerate(dists):
    p = shares(counts(f"{tmp}/p{i}"))
    f = shares(simulated(pmf(d)))
    line = f"{d:<30} {p[0]:8.3f} {p[1]:6.3f} {p[2]:7d}   {f[0]:7.3f} {f[1]:6.3f}"
    if fio_ok:
        q = shares(counts(f"{tmp}/f{i}"))
        line += f"   {q[0]:8.3f} {q[1]:6.3f} {q[2]:7d}"
    print(line)
PY
