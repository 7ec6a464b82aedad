#!/bin/sh
# blocksizes: bs per direction (READ,WRITE,TRIM), bsrange, bssplit,
# blockalign, bs_unaligned, the rw=MODE:N suffix, rw_sequencer,
# percentage_random and the seeds (randseed, randrepeat, allrandrepeat)
# pick the block sizes (bsrange's distribution too) and offsets fio 3.33
# picks, seen through the record
# engine's log; and no I/O ever leaves the job's region, whatever the mix
# of sizes.
. "$TOP_SRCDIR/tests/integration/lib.sh"

# rec DESC ARGS...: run the record engine on $T/f, log in $T/log.0.0
rec() {
	desc=$1
	shift
	rm -f "$T/log".*
	run_ok "$desc" "$PLIO" --plugin-dir "$TESTPLUGINS" --name=t \
		--ioengine=record --record_file="$T/log" --filename="$T/f" \
		--output-format=json "$@"
}

# check DESC PYTHON: queue the python check of the log (ops: list of
# (dir, offset, length)) and the JSON report (job: jobs[0]); the log, the
# report and the check are kept, and every check runs in one Python start
# (pyq_run, at the end)
cat >"$T/check.py" <<'PY'
import json, sys
ops = [(d, int(o), int(n)) for d, o, n in
       (l.split() for l in open(sys.argv[1]))]
job = json.load(open(sys.argv[2]))["jobs"][0]
def inside(size):
    bad = [(d, o, n) for d, o, n in ops if o < 0 or o + n > size or n <= 0]
    assert not bad, ("outside the region", bad[:5])
def no_overlap():
    seen = sorted((o, o + n) for d, o, n in ops)
    for (a, b), (c, _) in zip(seen, seen[1:]):
        assert c >= b, ("overlap", a, b, c)
exec(open(sys.argv[3]).read())
PY
nq=0
check() {
	nq=$((nq + 1))
	cp "$T/log.0.0" "$T/q$nq.log" && cp "$T/out" "$T/q$nq.json" &&
		printf '%s\n' "$2" >"$T/q$nq.py" ||
		{ fail "$1: no log or report to check"; return; }
	pyq "$1" "$T/check.py" "$T/q$nq.log" "$T/q$nq.json" "$T/q$nq.py"
}

# --- bs=READ,WRITE,TRIM: a missing trailing value repeats the last one
rec "bs three values" --rw=trimwrite --bs=4k,8k,16k --size=64k &&
	check "bs three values" '
assert {n for d, o, n in ops if d == "T"} == {16384}, ops[:4]
assert job["trim"]["io_bytes"] == 65536 and job["write"]["io_bytes"] == 65536'
rec "bs two values trim like write" --rw=trim --bs=4k,8k --size=64k &&
	check "bs two values trim like write" '
assert [o for d, o, n in ops] == list(range(0, 65536, 8192)), ops'

# --- bsrange, sequential: multiples of the smallest size, back to back,
# the last one the size that still fits, so the job moves exactly size
# bytes (250k: not a multiple of the block sizes)
rec "bsrange sequential" --rw=read --bsrange=1k-16k --size=250k &&
	check "bsrange sequential" '
inside(256000)
assert all(1024 <= n <= 16384 and n % 1024 == 0 for d, o, n in ops), ops
assert len({n for d, o, n in ops}) > 4, "sizes do not vary"
pos = 0
for d, o, n in ops:
    assert o == pos, (o, pos)
    pos += n
assert pos == 256000 == job["read"]["io_bytes"], pos'

# --- bsrange draws as fio: min plus a uniform part of max, down to a
# multiple of min, capped at max (fio 3.33: 4k-16k gives each of 4k, 8k,
# 12k, 16k about a quarter; 3k-10k gives 3k, 6k, 9k about 30% each and
# 10k the 10% left; 4k-12k a third each)
for c in "4k-16k:4096=.25,8192=.25,12288=.25,16384=.25" \
	 "3k-10k:3072=.3,6144=.3,9216=.3,10240=.1" "4k-12k:4096=.333,8192=.333,12288=.333"; do
	rm -f "$T/f"
	truncate -s 64m "$T/f"	# sparse: nothing to lay out
	rec "bsrange $c" --rw=randread --norandommap --bsrange=${c%%:*} --size=64m \
		--number_ios=4000 && check "bsrange ${c%%:*}" "
want = dict((int(k), float(v)) for k, v in (p.split('=') for p in '${c#*:}'.split(',')))
got = {}
for d, o, n in ops:
    got[n] = got.get(n, 0) + 1
assert set(got) == set(want), got
for n in want:
    assert abs(got[n] / len(ops) - want[n]) < 0.04, (n, got[n] / len(ops))"
done
rm -f "$T/f"
# bs_unaligned, sequential: sizes that fit, until less than the smallest is
# left (fio leaves that tail: 1k-3k on 64k moves between 63k and 64k)
rec "bs_unaligned tail" --rw=write --bsrange=1k-3k --bs_unaligned --size=64k &&
	check "bs_unaligned tail" '
inside(65536)
total = sum(n for d, o, n in ops)
assert 65536 - 1024 < total <= 65536 and total == job["write"]["io_bytes"], total
assert all(1024 <= n <= 3072 for d, o, n in ops)
assert sum(1 for d, o, n in ops if n == 3072) > len(ops) / 5, "3k: the cap takes a third"'

# --- bsrange, random with the random map: every byte exactly once
rec "bsrange random" --rw=randwrite --bsrange=1k-16k --size=256k &&
	check "bsrange random" '
inside(262144)
no_overlap()
assert sum(n for d, o, n in ops) == 262144
assert all(o % 1024 == 0 and n % 1024 == 0 for d, o, n in ops)'

# --- bs_unaligned: any byte count, still inside the region
rec "bs_unaligned" --rw=randread --bsrange=1k-16k --bs_unaligned --norandommap \
	--size=256k && check "bs_unaligned" '
inside(262144)
assert any(n % 512 for d, o, n in ops), "all sizes aligned"
# whole blocks until size is reached, as in fio: the last may pass it
total = sum(n for d, o, n in ops)
assert 262144 <= total < 262144 + 16384 and total == job["read"]["io_bytes"], total'

# --- bssplit: the percentages hold (sequential: every pick fits)
rec "bssplit 80/20" --rw=read --bssplit=4k/80:64k/20 --size=8m &&
	check "bssplit 80/20" '
k4 = sum(1 for d, o, n in ops if n == 4096)
k64 = sum(1 for d, o, n in ops if n == 65536)
assert k4 + k64 == len(ops), set(n for d, o, n in ops)
assert 0.72 < k4 / len(ops) < 0.88, k4 / len(ops)'
# entries without a percentage share what is left (8k: 70%)
rec "bssplit remainder" --rw=read --bssplit=4k/30:8k --size=4m &&
	check "bssplit remainder" '
k8 = sum(1 for d, o, n in ops if n == 8192)
assert 0.62 < k8 / len(ops) < 0.78, k8 / len(ops)'
# totals above 100 run, as in fio, with a warning: the entries go by
# percentage, smallest first, each up to what is left of 100 (fio 3.33
# measured: 4k 50%, 8k 50%)
rec "bssplit over 100" --rw=read --bssplit=4k/80:8k/50 --size=8m &&
	check "bssplit over 100" '
k4 = sum(1 for d, o, n in ops if n == 4096)
assert 0.42 < k4 / len(ops) < 0.58, k4 / len(ops)'
grep -q "warning: .*bssplit: the percentages add up to more than 100" "$T/err" &&
	pass || fail "bssplit over 100: no warning"
# under 100: the largest share takes what is left over (fio 3.33
# measured each: 4k/60:8k/30 4k 70%; 8k/60:4k/30 8k 70%;
# 4k/10:8k/60:16k/40 10/50/40 (16k's 40 comes before 8k's 60);
# 4k/0:8k/50: 0 is no percentage, 50/50)
for c in "4k/60:8k/30 4096:70" "8k/60:4k/30 8192:70" \
	 "4k/10:8k/60:16k/40 4096:10,8192:50,16384:40" "4k/0:8k/50 4096:50,8192:50"; do
	set -- $c
	rec "bssplit $1" --rw=read --bssplit=$1 --size=16m &&
		check "bssplit $1" '
want = dict(map(int, kv.split(":")) for kv in "'"$2"'".split(","))
for bs, pct in want.items():
    got = 100 * sum(1 for d, o, n in ops if n == bs) / len(ops)
    assert abs(got - pct) < 6, (bs, got, pct)'
done
# one list per direction (no random map: it would clip writes to the
# runs reads left free)
rec "bssplit per direction" --rw=randrw --bssplit=4k/100,16k/100 --norandommap \
	--size=1m &&
	check "bssplit per direction" '
# (the last I/O may be clipped to the run the random map has left)
assert {n for d, o, n in ops[:-1] if d == "R"} == {4096}
assert {n for d, o, n in ops[:-1] if d == "W"} == {16384}'
# mixed sizes through the random map: each byte once, clipped runs allowed
rec "bssplit random map" --rw=randwrite --bssplit=4k/50:64k/50 --size=1m &&
	check "bssplit random map" '
inside(1048576)
no_overlap()
assert sum(n for d, o, n in ops) == 1048576'

# --- bsrange wins over bs, even given before it (fio 3.33: sizes 1k to
# 8k); bs fills in the directions bsrange leaves empty
rec "bsrange over bs" --rw=read --bsrange=1k-8k --bs=2k --size=1m &&
	check "bsrange over bs" '
sizes = {n for d, o, n in ops}
assert sizes == {k * 1024 for k in range(1, 9)}, sizes'
rec "bs fills in" --rw=rw --bsrange=,4k-8k --bs=2k --size=1m &&
	check "bs fills in" '
assert {n for d, o, n in ops if d == "R"} == {2048}
assert {n for d, o, n in ops if d == "W"} == {4096, 8192}'
# bssplit with a bsrange that holds its sizes: bssplit's sizes, random
# offsets aligned to bsrange's smallest (fio 3.33 the same)
rec "bssplit in bsrange" --rw=randread --bssplit=4k/50:16k/50 --bsrange=1k-32k \
	--size=1m --norandommap &&
	check "bssplit in bsrange" '
assert {n for d, o, n in ops} == {4096, 16384}
assert all(o % 1024 == 0 for d, o, n in ops)
assert any(o % 4096 for d, o, n in ops)'

# --- blockalign: random offsets on its multiples; fio's warning that it
# turns the random map off
rec "blockalign" --rw=randread --bsrange=1k-16k --ba=4k --size=256k &&
	check "blockalign" '
inside(262144)
assert all(o % 4096 == 0 for d, o, n in ops)
assert 262144 <= sum(n for d, o, n in ops) < 262144 + 16384'
grep -q "warning: .*ba: any use of blockalign turns off the random map" "$T/err" &&
	pass || fail "blockalign: no warning"

# --- a region that is no multiple of the sizes: nothing past its end
for rw in read randread write randwrite; do
	rec "odd region $rw" --rw=$rw --bsrange=3k-9k --size=100k &&
		check "odd region $rw" 'inside(102400)'
done

# --- rw=MODE:N: sequential skips N bytes after each I/O (fio: 6 reads of
# 64k with read:8k); random takes a new random offset every N I/Os
rec "read:8k" --rw=read:8k --size=64k &&
	check "read:8k" 'assert [o for d, o, n in ops] == [0, 12288, 24576, 36864, 49152, 61440], ops'
rec "randread:4" --rw=randread:4 --size=64k &&
	check "randread:4" '
offs = [o for d, o, n in ops]
assert len(offs) == 16
runs = [offs[i:i + 4] for i in range(0, 16, 4)]
assert sum(1 for r in runs if r == list(range(r[0], r[0] + 16384, 4096))) >= 3, offs'
rec "rw_sequencer=identical" --rw=randread:4 --rw_sequencer=identical --size=64k &&
	check "rw_sequencer=identical" '
offs = [o for d, o, n in ops]
assert all(len(set(offs[i:i + 4])) == 1 for i in range(0, 16, 4)), offs'

# --- percentage_random: 0 is sequential, 100 random
rec "percentage_random=0" --rw=randread --percentage_random=0 --size=64k &&
	check "percentage_random=0" 'assert [o for d, o, n in ops] == list(range(0, 65536, 4096)), ops'
rec "percentage_random=50" --rw=randread --percentage_random=50 --size=1m &&
	check "percentage_random=50" '
offs = [o for d, o, n in ops]
follow = sum(1 for a, b in zip(offs, offs[1:]) if b == a + 4096)
assert 0.35 < follow / len(offs) < 0.75, follow / len(offs)'

# --- seeds: randrepeat=1 repeats, randseed changes the sequence,
# randrepeat=0 is seeded from the time unless randseed or allrandrepeat
offs_of() {
	rec "$1" --rw=randread --size=1m "$@" && cut -d' ' -f2 "$T/log.0.0" | tr '\n' ' '
}
a=$(offs_of --randseed=5)
b=$(offs_of --randseed=5)
c=$(offs_of --randseed=6)
[ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" != "$c" ] && pass || fail "randseed"
a=$(offs_of --randrepeat=0)
b=$(offs_of --randrepeat=0)
[ "$a" != "$b" ] && pass || fail "randrepeat=0 repeated"
a=$(offs_of --randrepeat=0 --randseed=7)
b=$(offs_of --randrepeat=0 --randseed=7)
[ "$a" = "$b" ] && pass || fail "randrepeat=0 with randseed did not repeat"
a=$(offs_of --randrepeat=0 --allrandrepeat=1)
b=$(offs_of --randrepeat=0 --allrandrepeat=1)
[ "$a" = "$b" ] && pass || fail "allrandrepeat did not repeat"
# softrandommap runs like the random map when the map fits
rec "softrandommap" --rw=randread --softrandommap=1 --size=256k &&
	check "softrandommap" 'no_overlap(); assert sum(n for d, o, n in ops) == 262144'

# --- what is still refused says so in one line
run_fails "bs four values" "bs: '4k,4k,4k,4k' has more than three sizes" \
	"$PLIO" --name=t --ioengine=null --size=1m --bs=4k,4k,4k,4k

pyq_run
finish
