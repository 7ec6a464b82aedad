#!/bin/sh
# sdk/abi/abi.sh - the plugin ABI, dumped and checked against its baselines.
#
# The ABI is the layout in sdk/include/plio/*.h (plugins export one
# descriptor and reach the core only through the host table), so what is
# checked is layout and values:
#   - libabigail: probe.c, built with -g against the headers, holds every
#     public type in its DWARF; abidw writes it as ABIXML (NAME.xml), and
#     abidiff compares two of them.
#   - the constants abidiff cannot see: every PLIO_ macro (cc -dM -E; an
#     arithmetic one as its value, any other as its text) and every
#     enumerator, one `NAME VALUE` a line (NAME.constants).
# A baseline is the pair for one declared minor, committed as
# sdk/abi/plio-abi-MAJOR.MINOR.{xml,constants} (`make abi-baseline`).
#
# What may change against a baseline (plugin.h's rules):
#   - a struct that starts with struct_size, or whose arrays carry a stride
#     (APPENDABLE below), may grow at its end: new fields at or past the old
#     sizeof, never in its old tail padding (a plugin built before wrote
#     struct_size or the stride as the old sizeof, so PLIO_HAS() would take
#     a field there for one it had set);
#   - new types, new enumerators, new constants;
#   - PLIO_ABI_MINOR may grow, and must once any of the above happened (a
#     plugin tells what it needs by the minor).
# Everything else is refused: a field moved, retyped, removed or put
# before the end; a struct that is stored whole (in an options block, in an
# array without a stride) growing at all; a function pointer's signature;
# an enumerator's or a constant's value; a type or a constant removed.  What
# abidiff by default counts harmless passes: a field renamed in place (same
# offset and type), a parameter of a function pointer gaining const, an
# enumerator added.
#
# Why not abidiff's exit code or a suppression file alone: abidiff sets
# ABIDIFF_ABI_INCOMPATIBLE_CHANGE (8) only for removed symbols; a swapped
# or retyped field is ABIDIFF_ABI_CHANGE (4), as is a harmless append.  And
# libabigail 2.2's `has_data_member_inserted_at = end` suppression looks
# only at inserted and deleted members: it also hides a struct whose
# existing fields moved or changed type (two fields swapped pass it).  So
# abidiff (harmless changes filtered, as by default) reports the leaf
# changes, and every line of that report must be one this script knows to
# be allowed; a line it does not know fails the check, so a libabigail
# whose wording differs makes the check stricter, never looser.
#
# Usage:
#   abi.sh dump INCLUDE_DIR OUT       writes OUT.xml and OUT.constants
#   abi.sh compare BASE NEW           BASE.{xml,constants} against NEW.*
#   abi.sh check INCLUDE_DIR ABI_DIR  the headers against every baseline of
#                                     their major in ABI_DIR
#   abi.sh baseline INCLUDE_DIR ABI_DIR   check, then write the baseline of
#                                     the headers' MAJOR.MINOR into ABI_DIR
# Exit status: 0 compatible, 1 incompatible, 2 could not check.
# Environment: CC (cc), ABIDW (abidw), ABIDIFF (abidiff).
set -u

here=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-cc}
ABIDW=${ABIDW:-abidw}
ABIDIFF=${ABIDIFF:-abidiff}

# Structs that may grow at their end: those that start with struct_size,
# and the elements of arrays described with a stride (plio_option's
# option_stride, choice_stride, counter_stride).
APPENDABLE="plio_file plio_io_u plio_job plio_ctx plio_engine plio_profile \
plio_host plio_plugin plio_option plio_option_choice plio_counter"

# abidw options that keep the dump the same across build trees and
# compilers (gcc and clang give the same): no paths, no source locations
# (a comment added to a header moves every line), no architecture (every
# LP64 target lays the ABI out alike), no DT_NEEDED or undefined symbols of
# the probe, type ids hashed from the types (a new type does not renumber
# the others).
ABIDW_FLAGS="--no-corpus-path --no-comp-dir-path --no-show-locs --no-architecture \
--no-elf-needed --drop-undefined-syms --type-id-style hash"

# leaf changes only (each changed type once, not every path to it); sizes
# and offsets in decimal bits, as the parser below expects
ABIDIFF_FLAGS="--leaf-changes-only --no-show-locs --show-bits --show-dec \
--no-architecture"

die() {
	echo "abi: $*" >&2
	exit 2
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/plio-abi.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need_tools() {
	for t in "$ABIDW" "$ABIDIFF"; do
		command -v "$t" >/dev/null 2>&1 ||
			die "$t not found (Debian: apt-get install abigail-tools)"
	done
}

# constants INCLUDE_DIR XML OUT: write OUT.constants, the NAME VALUE list
# (sorted) of the headers' PLIO_ macros and the enumerators in XML
constants() {
	printf '#include <plio/plio.h>\n' | $CC -E -dM -I"$1" -x c - >"$3.dM" || return 1
	# "a NAME EXPR" for literal arithmetic (its value is what counts, so
	# that (1ull << 8) and 0x100 are the same; C's integer suffixes
	# dropped for the shell), "t NAME TEXT" for the rest (function-like
	# macros, strings, attributes: their text)
	awk '/^#define PLIO_/ {
		name = $2
		body = $0
		sub(/^#define [^ ]* ?/, "", body)
		if (name !~ /\(/ && body ~ /[0-9]/ && body ~ /^[0-9a-fA-FxXuUlL ()<>|&~+*\/%^-]+$/) {
			gsub(/[uUlL]+/, "", body)
			print "a " name " " body
		} else
			print "t " name " " body
	}' "$3.dM" >"$3.macros"
	{
		while read -r kind name body; do
			if [ "$kind" = a ] && (: $(($body))) 2>/dev/null; then
				body=$(($body))
			fi
			printf '%s %s\n' "$name" "$body"
		done <"$3.macros"
		sed -n "s/.*<enumerator name='\([^']*\)' value='\([^']*\)'.*/\1 \2/p" "$2"
	} | sed 's/ *$//' | LC_ALL=C sort -u >"$3.constants"
	rm -f "$3.dM" "$3.macros"
}

# dump INCLUDE_DIR OUT: 0, 1 when the probe does not build against the
# headers (a public type removed or renamed), 2 when a tool failed
dump() {
	inc=$1
	out=$2
	if ! $CC -g -O0 -fPIC -shared -o "$out.so" -I"$inc" "$here/probe.c" \
		>"$out.cc" 2>&1; then
		echo "abi: the probe (sdk/abi/probe.c) does not build against $inc:" \
			"a public type removed or renamed, or plio_plugin_entry declared otherwise?"
		sed 's/^/    /' "$out.cc"
		return 1
	fi
	# shellcheck disable=SC2086
	$ABIDW $ABIDW_FLAGS --out-file "$out.xml" "$out.so" >"$out.cc" 2>&1 || {
		echo "abi: $ABIDW failed on the probe:" >&2
		sed 's/^/    /' "$out.cc" >&2
		return 2
	}
	constants "$inc" "$out.xml" "$out" || {
		echo "abi: could not list the constants of $inc" >&2
		return 2
	}
	rm -f "$out.so" "$out.cc"
}

# leaf: read abidiff's leaf report on stdin; print "grew: WHAT" for each
# allowed addition and "broke: WHAT: WHY" once for each changed type or
# symbol that is not one.  The report has a block per changed type:
#   'struct plio_engine' changed:
#     type size changed from 1472 to 1536 (in bits)
#     1 data member insertion:
#       'uint64_t more', at offset 1472 (in bits)
# and lists of added ([A]) and removed ([D]) functions.
leaf() {
	awk -v grow="$APPENDABLE" '
	BEGIN { n = split(grow, g, " "); for (i = 1; i <= n; i++) may[g[i]] = 1 }
	function broke(why) {
		if (!said[what]++)
			print "broke: " what ": " why
	}
	/^$/ { next }
	/^(Leaf changes summary|Changed leaf types summary|Removed\/Changed\/Added (functions|variables) summary):/ { next }
	# a new public type: a new probe function
	/^[0-9]+ Added functions?:$/ { st = "added"; next }
	st == "added" && /^  \[A\] \047function void plio_abi_[a-z0-9_]+\(.*\)\047 +\{plio_abi_[a-z0-9_]+\}$/ {
		t = $NF
		gsub(/^\{plio_abi_|\}$/, "", t)
		print "grew: type " t ": new"
		next
	}
	/^[0-9]+ Removed functions?:$/ { st = "removed"; next }
	st == "removed" && /^  \[D\] / {
		what = $NF
		gsub(/^\{|\}$/, "", what)
		sub(/^plio_abi_/, "type ", what)
		broke("removed")
		next
	}
	# a function whose parameter changed without a leaf type change: the
	# entry point, or the probe function of a function type
	/^[0-9]+ functions? with some sub-type changes?:$/ { st = "changed"; next }
	st == "changed" && /^  \[C\] / {
		match($0, /[A-Za-z0-9_]+\(/)
		what = substr($0, RSTART, RLENGTH - 1)
		what = sub(/^plio_abi_/, "", what) ? "type " what : "function " what
		broke("changed")
		next
	}
	st == "changed" && /^    / { next }
	/^\047struct [A-Za-z0-9_]+\047 changed:$/ {
		name = $2
		sub(/\047$/, "", name)
		what = "struct " name
		st = may[name] ? "grow" : "fixed"
		old = -1
		part = ""
		if (st == "fixed")
			broke("changed, and it may not grow: it is stored whole (in an options block or an array without a stride)")
		next
	}
	st == "grow" && /^  type size changed from [0-9]+ to [0-9]+ \(in bits\)$/ {
		old = $5 + 0
		if ($7 + 0 < old)
			broke("shrank from " $5 " to " $7 " bits")
		next
	}
	st == "grow" && /^  type size hasn\047t changed$/ { next }
	st == "grow" && /^  [0-9]+ data member insertions?:$/ { part = "ins"; next }
	st == "grow" && part == "ins" && /^    \047.*\047, at offset [0-9]+ \(in bits\)$/ {
		off = $(NF - 2) + 0
		m = $0
		sub(/^    /, "", m)
		sub(/, at offset.*$/, "", m)
		if (off < old || old < 0)
			broke(m " added at bit " off ", before the old end" \
			      (old < 0 ? "" : " (bit " old ")") \
			      ": new fields go past it, not even into its tail padding" \
			      " (PLIO_HAS() would take them as set by plugins built before)")
		else
			print "grew: " what ": " m " appended at bit " off
		next
	}
	(st == "grow" || st == "fixed") && /^  / {
		part = ""
		broke("changed other than by appending")
		next
	}
	/^\047[^\047]*\047 changed:$/ {
		what = $0
		sub(/ changed:$/, "", what)
		gsub(/\047/, "", what)
		st = "other"
		broke("changed")
		next
	}
	st == "other" && /^  / { next }
	{
		what = "abidiff"
		broke("a line this check does not know: " $0)
	}
	'
}

# consts BASE NEW: the same for the constants
consts() {
	awk '
	function val(s) { sub(/^[^ ]* ?/, "", s); return s }
	FNR == NR { base[$1] = val($0); next }
	{ cur[$1] = val($0) }
	END {
		for (k in base) {
			if (!(k in cur))
				print "broke: constant " k ": removed (it was " base[k] ")"
			else if (base[k] != cur[k]) {
				if (k == "PLIO_ABI_MINOR" && cur[k] + 0 > base[k] + 0)
					print "minor: " base[k] " " cur[k]
				else
					print "broke: constant " k ": " base[k] " became " cur[k]
			}
		}
		for (k in cur)
			if (!(k in base) && cur[k] ~ /^-?[0-9]+$/)
				print "grew: constant " k ": new (" cur[k] ")"
	}' "$1" "$2" | LC_ALL=C sort
}

# compare BASE NEW: print the verdict on NEW against the baseline BASE
compare() {
	base=$1
	new=$2
	label=$(basename "$base")
	"$ABIDIFF" $ABIDIFF_FLAGS "$base.xml" "$new.xml" >"$new.report" 2>&1
	rc=$?
	# ABIDIFF_ERROR (1) and ABIDIFF_USAGE_ERROR (2): no verdict
	if [ $((rc & 3)) -ne 0 ]; then
		echo "abi: $ABIDIFF failed (exit $rc):" >&2
		sed 's/^/    /' "$new.report" >&2
		return 2
	fi
	{
		[ "$rc" -eq 0 ] || leaf <"$new.report"
		# ABIDIFF_ABI_INCOMPATIBLE_CHANGE (8): a symbol removed; the
		# report names it, this makes sure
		[ $((rc & 8)) -eq 0 ] || echo "broke: abidiff: incompatible (exit $rc)"
		consts "$base.constants" "$new.constants"
	} >"$new.verdict"
	bmin=$(sed -n 's/^PLIO_ABI_MINOR //p' "$base.constants")
	nmin=$(sed -n 's/^PLIO_ABI_MINOR //p' "$new.constants")
	if grep -q '^grew: ' "$new.verdict" && [ "${nmin:-0}" -le "${bmin:-0}" ]; then
		echo "broke: PLIO_ABI_MINOR: still $nmin, though the ABI grew past" \
			"$label (appending needs a new minor)" >>"$new.verdict"
	fi
	if grep -q '^broke: ' "$new.verdict"; then
		echo "abi: $label: INCOMPATIBLE:"
		sed -n 's/^broke: /  /p' "$new.verdict"
		if [ "$rc" -ne 0 ]; then
			echo "  abidiff $label.xml (the baseline) against these headers:"
			sed 's/^/    /' "$new.report"
		fi
		return 1
	fi
	if grep -Eq '^(grew|minor): ' "$new.verdict"; then
		echo "abi: $label: compatible, grown:"
		sed -n 's/^grew: /  /p; s/^minor: \(.*\) \(.*\)/  constant PLIO_ABI_MINOR: \1 -> \2/p' \
			"$new.verdict"
	else
		echo "abi: $label: compatible, unchanged"
	fi
	return 0
}

# against INCLUDE_DIR ABI_DIR: dump the headers into $tmp/new and compare
# them with every baseline of their major; sets nbase (how many) and
# returns the worst verdict
against() {
	nbase=0
	dump "$1" "$tmp/new" || return $?
	major=$(sed -n 's/^PLIO_ABI_MAJOR //p' "$tmp/new.constants")
	minor=$(sed -n 's/^PLIO_ABI_MINOR //p' "$tmp/new.constants")
	[ -n "$major" ] && [ -n "$minor" ] || die "$1: no PLIO_ABI_MAJOR or PLIO_ABI_MINOR"
	worst=0
	for x in "$2"/plio-abi-"$major".*.xml; do
		[ -f "$x" ] || continue
		nbase=$((nbase + 1))
		compare "${x%.xml}" "$tmp/new"
		rc=$?
		[ "$rc" -le "$worst" ] || worst=$rc
	done
	return "$worst"
}

# check INCLUDE_DIR ABI_DIR
check() {
	against "$1" "$2" || return $?
	if [ "$nbase" -eq 0 ]; then
		echo "abi: no baseline of ABI $major in $2: a new major breaks every" \
			"plugin built so far; declare it with make abi-baseline"
		return 1
	fi
}

# baseline INCLUDE_DIR ABI_DIR: write the baseline of the headers'
# MAJOR.MINOR once they pass the check against those there are.  That
# includes the same minor's: a declared minor is frozen, so only an
# unchanged ABI rewrites its files (say, as a newer abidw writes them).
# The first baseline of a major is written as it is.
baseline() {
	against "$1" "$2"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "abi: no baseline written"
		return "$rc"
	fi
	out="$2/plio-abi-$major.$minor"
	cp "$tmp/new.xml" "$out.xml" && cp "$tmp/new.constants" "$out.constants" || return 2
	echo "abi: wrote $out.xml and $out.constants"
}

[ $# -ge 1 ] || die "usage: abi.sh dump|compare|check|baseline ARGS (see its head)"
cmd=$1
shift
case $cmd in
dump)
	[ $# -eq 2 ] || die "usage: abi.sh dump INCLUDE_DIR OUT"
	need_tools
	dump "$1" "$2"
	;;
compare)
	[ $# -eq 2 ] || die "usage: abi.sh compare BASE NEW"
	need_tools
	compare "$1" "$2"
	;;
check)
	[ $# -eq 2 ] || die "usage: abi.sh check INCLUDE_DIR ABI_DIR"
	need_tools
	check "$1" "$2"
	;;
baseline)
	[ $# -eq 2 ] || die "usage: abi.sh baseline INCLUDE_DIR ABI_DIR"
	need_tools
	baseline "$1" "$2"
	;;
*)
	die "unknown command '$cmd' (dump, compare, check, baseline)"
	;;
esac
