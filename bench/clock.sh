#!/bin/sh
# clock.sh - what a timestamp costs here, per source (see core/base/clock.h).
#
# Compiles bench/clockbench.c with cc -O2 and prints ns per call for
# clock_gettime (vDSO) and the TSC instructions, the TSC rate, and whether
# the TSC is ordered across CPUs; then the CPU flags and the kernel's
# clocksource that decide whether the TSC may be trusted.
# Usage: bench/clock.sh
set -e
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -O2 -Wall -pthread -o "$tmp/clockbench" "$here/clockbench.c"
"$tmp/clockbench"
printf '%-28s ' "cpu tsc flags"
grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' |
	grep -E '^(tsc|constant_tsc|nonstop_tsc|rdtscp|tsc_known_freq|tsc_reliable)$' |
	tr '\n' ' '
echo
cs=/sys/devices/system/clocksource/clocksource0
printf '%-28s %s (available: %s)\n' "kernel clocksource" \
	"$(cat $cs/current_clocksource 2>/dev/null || echo '?')" \
	"$(cat $cs/available_clocksource 2>/dev/null || echo '?')"
