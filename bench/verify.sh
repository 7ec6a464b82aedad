#!/bin/sh
# verify.sh - verify's cost, beside fio 3.33.
#
# Part 1: each checksum's speed on one core, `plio --crctest` beside
# `fio --crctest`, in GB/s (10^9 bytes a second), best of ROUNDS rounds in
# which the tools take turns.  plio checksums 4 KiB blocks, verify's usual
# unit, with the libraries of core/verify/csum.c; fio with its own code.
# fio's sha256 and sha512 are not what their names say (see
# core/verify/header.h): its figures are for those, not for SHA-2.
#
# Part 2: write-then-verify through the page cache: one psync job writes
# SIZE in 4 KiB blocks with verify=TYPE and reads it all back (do_verify),
# plio and fio taking turns; the figure is the bytes written and read over
# the whole run's wall time, best of ROUNDS, for crc32c, xxhash, md5 and
# sha256.
#
# Part 3: the same with verify_async=2 (two verify threads per job; fio's
# option too) for md5 and sha256, the checksums that cost the most: with
# the checks off the submitting thread, how much of the read-back's time
# they still take.
#
# Usage (from the build tree): bench/verify.sh [TYPES]
#   TYPES  comma-separated (default crc32c,xxhash,md5,sha256,sha1,crc64,sha512)
# Env: PLIO (default ./plio), FIO (default fio), ROUNDS (default 3),
# SIZE (default 256m), DIR (default /var/tmp: a disk file system, not tmpfs).
set -u
TYPES=${1:-crc32c,xxhash,md5,sha256,sha1,crc64,sha512}
SIZE=${SIZE:-256m}
DIR=${DIR:-/var/tmp}
ROUNDS=${ROUNDS:-3}
PLIO=${PLIO:-./plio}
FIO=${FIO:-fio}
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

command -v "$FIO" >/dev/null 2>&1 || { echo "verify.sh: $FIO not found (apt-get install fio)" >&2; exit 1; }
r=0
while [ $r -lt "$ROUNDS" ]; do
	"$PLIO" --crctest="$TYPES" >>"$T/plio" || exit 1
	"$FIO" --crctest="$TYPES" >>"$T/fio" || exit 1
	r=$((r + 1))
done
# the best round of each: "name:<tabs>  123.45 MiB/sec"
best() {
	awk -v want="$1:" '$1 == want { v = $2 * 1048576 / 1e9; if (v > b) b = v } END { printf "%.2f", b }' "$2"
}
printf '%-10s %12s %12s %8s\n' checksum "plio GB/s" "fio GB/s" ratio
echo "$TYPES" | tr ',' '\n' | while read -r t; do
	p=$(best "$t" "$T/plio")
	f=$(best "$t" "$T/fio")
	awk -v t="$t" -v p="$p" -v f="$f" 'BEGIN { printf "%-10s %12.2f %12.2f %7.1fx\n", t, p, f, (f > 0 ? p / f : 0) }'
done

# ----------------------------------------------------- write, verify
F=$(mktemp "$DIR/plio-verify-bench.XXXXXX") || exit 1
trap 'rm -rf "$T" "$F"' EXIT INT TERM
# seconds TOOL TYPE [ARGS]: wall time of one write-then-verify run
seconds() {
	_tool=$1 _type=$2
	shift 2
	rm -f "$F"
	s=$(date +%s%N)
	if [ "$_tool" = plio ]; then
		"$PLIO" --name=v --filename="$F" --rw=write --bs=4k --size="$SIZE" --verify="$_type" \
			--verify_state_save=0 --output-format=terse "$@" >/dev/null || exit 1
	else
		"$FIO" --name=v --filename="$F" --rw=write --bs=4k --size="$SIZE" --verify="$_type" \
			--verify_state_save=0 --output-format=terse "$@" >/dev/null || exit 1
	fi
	e=$(date +%s%N)
	echo $((e - s))
}
case $SIZE in
*[kK]) bytes=$((${SIZE%?} * 1024)) ;;
*[mM]) bytes=$((${SIZE%?} * 1048576)) ;;
*[gG]) bytes=$((${SIZE%?} * 1073741824)) ;;
*) bytes=$SIZE ;;
esac
# table TITLE TYPES [ARGS]: the write-then-verify figures of each type
table() {
	echo
	echo "$1"
	printf '%-10s %12s %12s %8s\n' verify "plio GB/s" "fio GB/s" ratio
	_types=$2
	shift 2
	for t in $_types; do
		bp=0 bf=0 r=0
		while [ $r -lt "$ROUNDS" ]; do
			np=$(seconds plio "$t" "$@")
			nf=$(seconds fio "$t" "$@")
			{ [ "$bp" -eq 0 ] || [ "$np" -lt "$bp" ]; } && bp=$np
			{ [ "$bf" -eq 0 ] || [ "$nf" -lt "$bf" ]; } && bf=$nf
			r=$((r + 1))
		done
		awk -v t="$t" -v b="$bytes" -v p="$bp" -v f="$bf" 'BEGIN {
			gp = 2 * b / p; gf = 2 * b / f
			printf "%-10s %12.2f %12.2f %7.1fx\n", t, gp, gf, gp / gf }'
	done
}
table "write then verify $SIZE in 4 KiB blocks (psync, page cache, $DIR), written + read per second" \
	"crc32c xxhash md5 sha256"
table "the same with verify_async=2 and iodepth=8 (units to read with while others are checked)" "md5 sha256" \
	--verify_async=2 --iodepth=8
