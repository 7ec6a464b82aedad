#!/bin/sh
# verify.sh - verify's cost, beside fio 3.33.
#
# Part 1 (now): each checksum's speed on one core, `plio --crctest` beside
# `fio --crctest`, in GB/s (10^9 bytes a second), best of ROUNDS rounds in
# which the tools take turns.  plio checksums 4 KiB blocks, verify's usual
# unit, with the libraries of core/verify/csum.c; fio with its own code.
# fio's sha256 and sha512 are not what their names say (see
# core/verify/header.h): its figures are for those, not for SHA-2.
#
# Usage (from the build tree): bench/verify.sh [TYPES]
#   TYPES  comma-separated (default crc32c,xxhash,md5,sha256,sha1,crc64,sha512)
# Env: PLIO (default ./plio), FIO (default fio), ROUNDS (default 3).
set -u
TYPES=${1:-crc32c,xxhash,md5,sha256,sha1,crc64,sha512}
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
