#!/bin/sh
# abi_frozen: the plugin ABI is frozen at its declared minors and the check
# that says so works (sdk/abi/abi.sh, libabigail's abidw and abidiff).
#  - today's headers pass against the committed baseline
#    sdk/abi/plio-abi-1.3 (unchanged, or grown as the rules allow);
#  - the probe holds the whole ABI: every struct, enum and typedef the
#    headers define and the entry point are in its dump, each struct with
#    the compiler's size;
#  - the frozen 1.0 headers (tests/plugins/abi-1.0) grow into today's by
#    allowed steps only: the check passes the ABI's real history;
#  - copies of the headers with a forbidden change are refused, each with
#    a line naming it: fields swapped, retyped, removed or inserted, a
#    field put in a struct's tail padding, a struct stored whole growing, a
#    function pointer's or the entry point's signature, an enumerator's or
#    a constant's value, a type or a constant removed, a new major, growth
#    without a new minor;
#  - a copy with allowed additions (fields appended, a new capability bit,
#    enumerator and type, a reserved field named, a new minor) passes and
#    lists them.
# Skips when abidw or abidiff is missing (Debian: abigail-tools), and on a
# target that is not LP64 (the baselines are LP64 layouts).
. "$TOP_SRCDIR/tests/integration/lib.sh"

for t in abidw abidiff; do
	command -v "$t" >/dev/null 2>&1 || skip_test "$t not found (apt-get install abigail-tools)"
done
[ "$(getconf LONG_BIT 2>/dev/null)" = 64 ] || skip_test "not an LP64 target: the baselines are"

ABI="$TOP_SRCDIR/sdk/abi/abi.sh"
ABIDIR=$TOP_SRCDIR/sdk/abi
INC=$TOP_SRCDIR/sdk/include
CC=${CC:-cc}
export CC

# abi DESC RC PATTERN... -- ARGS...: abi.sh ARGS exits RC and its stdout
# matches each grep -E PATTERN
abi() {
	_d=$1
	_want=$2
	shift 2
	_n=0
	while [ "$1" != -- ]; do
		_n=$((_n + 1))
		eval "_p$_n=\$1"
		shift
	done
	shift
	sh "$ABI" "$@" >"$T/out" 2>"$T/err"
	_rc=$?
	if [ "$_rc" -ne "$_want" ]; then
		fail "$_d: exit $_rc, expected $_want"
		sed 's/^/    /' "$T/out" "$T/err" >&2
		return 1
	fi
	_i=1
	while [ "$_i" -le "$_n" ]; do
		eval "_p=\$_p$_i"
		if ! grep -Eq -- "$_p" "$T/out"; then
			fail "$_d: no line matches /$_p/:"
			sed 's/^/    /' "$T/out" "$T/err" >&2
			return 1
		fi
		_i=$((_i + 1))
	done
	pass
}

# edit NAME SED: a copy of the headers in $T/NAME, plugin.h edited by the
# sed script SED (which must change it)
edit() {
	rm -rf "$T/$1"
	mkdir -p "$T/$1/plio"
	cp "$INC/plio/plio.h" "$T/$1/plio/"
	sed "$2" "$INC/plio/plugin.h" >"$T/$1/plio/plugin.h"
	if cmp -s "$INC/plio/plugin.h" "$T/$1/plio/plugin.h"; then
		fail "$1: the edit '$2' changed nothing in plugin.h (has it moved on?)"
		return 1
	fi
}

# refused NAME SED PATTERN...: the check refuses the edited copy
refused() {
	_name=$1
	_sed=$2
	shift 2
	edit "$_name" "$_sed" || return
	abi "refused: $_name" 1 "INCOMPATIBLE|does not build|no baseline" "$@" -- \
		check "$T/$_name" "$ABIDIR"
}

MINOR=$(sed -n 's/^#define PLIO_ABI_MINOR \([0-9]*\)$/\1/p' "$INC/plio/plugin.h")
NEXT=$((MINOR + 1))
# the sed command that declares the next minor
BUMP="s/^#define PLIO_ABI_MINOR $MINOR\$/#define PLIO_ABI_MINOR $NEXT/"
# at_end STRUCT FIELD: the sed command that appends FIELD to STRUCT
at_end() {
	printf '/^struct %s {$/,/^};$/s/^};$/\\t%s\\n};/' "$1" "$2"
}

# ------------------------------------------------------ today's headers
# unchanged since 1.3 was declared, or grown as the rules allow
abi "today's headers" 0 '^abi: plio-abi-1\.3: compatible, (unchanged|grown:)$' -- \
	check "$INC" "$ABIDIR"

# ---------------------------------------- the probe holds the whole ABI
sh "$ABI" dump "$INC" "$T/today" >"$T/err" 2>&1 || fail "dump: $(cat "$T/err")"
structs=$(sed -n 's/^struct \(plio_[a-z0-9_]*\) {$/\1/p' "$INC"/plio/*.h)
enums=$(sed -n 's/^enum \(plio_[a-z0-9_]*\) {$/\1/p' "$INC"/plio/*.h)
typedefs=$(sed -n 's/^typedef .*[ *]\(plio_[a-z0-9_]*\)[();].*/\1/p' "$INC"/plio/*.h)
[ "$(echo "$structs" | wc -w)" -ge 16 ] && [ "$(echo "$enums" | wc -w)" -ge 5 ] &&
	[ -n "$typedefs" ] && pass ||
	fail "whole: found only structs '$structs', enums '$enums', typedefs '$typedefs'"
missing=
for s in $structs; do
	grep -q "<class-decl name='$s' size-in-bits='[0-9]*'" "$T/today.xml" ||
		missing="$missing struct:$s"
done
for e in $enums; do
	grep -q "<enum-decl name='$e'" "$T/today.xml" || missing="$missing enum:$e"
done
for t in $typedefs; do
	grep -q "<typedef-decl name='$t'" "$T/today.xml" || missing="$missing typedef:$t"
done
grep -q "<elf-symbol name='plio_plugin_entry' type='func-type'" "$T/today.xml" ||
	missing="$missing symbol:plio_plugin_entry"
[ -z "$missing" ] && pass || fail "not in the dump (add them to sdk/abi/probe.c):$missing"

bits() {
	sed -n "s/.*<class-decl name='$1' size-in-bits='\([0-9]*\)'.*/\1/p" "$T/today.xml" | head -n 1
}
ENGINE_BITS=$(bits plio_engine)
IOU_BITS=$(bits plio_io_u)

# each struct's size in the dump is the compiler's (seen from outside
# libabigail)
{
	echo '#include <stdio.h>'
	echo '#include <plio/plio.h>'
	echo 'int main(void) {'
	for s in $structs; do
		printf 'printf("%%s %%zu\\n", "%s", 8 * sizeof(struct %s));\n' "$s" "$s"
	done
	echo 'return 0; }'
} >"$T/sizes.c"
if $CC -I"$INC" -o "$T/sizes" "$T/sizes.c" 2>"$T/err" && "$T/sizes" >"$T/sizes.txt"; then
	sed -n "s/.*<class-decl name='\(plio_[a-z0-9_]*\)' size-in-bits='\([0-9]*\)'.*/\1 \2/p" \
		"$T/today.xml" | sort -u >"$T/sizes.xml"
	bad=$(sort "$T/sizes.txt" | comm -23 - "$T/sizes.xml")
	[ -z "$bad" ] && [ "$(wc -l <"$T/sizes.txt")" -ge 16 ] && pass ||
		fail "sizes: the compiler's differ from abidw's: $bad"
else
	fail "sizes: $(cat "$T/err")"
fi
# and the committed 1.3 baseline has plio_engine as 1.3 laid it out
grep -q "<class-decl name='plio_engine' size-in-bits='1472'" "$ABIDIR/plio-abi-1.3.xml" &&
	grep -q '^PLIO_CAP_NOIO 256$' "$ABIDIR/plio-abi-1.3.constants" && pass ||
	fail "the 1.3 baseline does not hold 1.3's plio_engine (184 bytes) or PLIO_CAP_NOIO"

# --------------------------------------------- 1.0's headers grew into today's
mkdir "$T/v10"
sh "$ABI" dump "$TOP_SRCDIR/tests/plugins/abi-1.0" "$T/v10/plio-abi-1.0" >"$T/err" 2>&1 ||
	fail "dump 1.0: $(cat "$T/err")"
abi "1.0 to today" 0 '^abi: plio-abi-1\.0: compatible, grown:$' \
	"^  struct plio_io_u: 'uint16_t ioprio' appended at bit 576$" \
	"^  struct plio_engine: 'uint32_t n_counters' appended at bit 1440$" \
	"^  struct plio_host: 'int \(const plio_ctx\*\)\* job_stopping' appended at bit 832$" \
	"^  struct plio_option: 'uint32_t choice_stride' appended at bit 576$" \
	'^  type plio_job: new$' '^  constant PLIO_CAP_NOIO: new \(256\)$' \
	'^  constant PLIO_OPT_SPLIT: new \(10\)$' "^  constant PLIO_ABI_MINOR: 0 -> $MINOR\$" -- \
	check "$INC" "$T/v10"
# and never the other way: 1.3's headers are not 1.0's
abi "1.0 is not 1.3" 1 '^  struct plio_ctx: shrank from 896 to 768 bits$' \
	'^  type plio_job: removed$' '^  constant PLIO_CAP_NOIO: removed' -- \
	check "$TOP_SRCDIR/tests/plugins/abi-1.0" "$ABIDIR"

# ------------------------------------------------ forbidden changes
# plio_file's fd and path swapped
refused swap '/^\tint fd;\t/{N;s/\(.*\)\n\(.*\)/\2\n\1/}' \
	'^  struct plio_file: changed other than by appending$' \
	"'int fd' offset changed from 32 to 128"
# a capability bit moved
refused capbit 's/^#define PLIO_CAP_NOIO (1ull << 8)$/#define PLIO_CAP_NOIO (1ull << 10)/' \
	'^  constant PLIO_CAP_NOIO: 256 became 1024$'
# a constant rewritten to the same value is no change
edit samevalue 's/^#define PLIO_CAP_NOIO (1ull << 8)$/#define PLIO_CAP_NOIO 0x100u/' &&
	abi "same value" 0 '^abi: plio-abi-1\.3: compatible, (unchanged|grown:)$' -- \
	check "$T/samevalue" "$ABIDIR"
refused enumval 's/PLIO_DDIR_TRIM = 2,/PLIO_DDIR_TRIM = 5,/' \
	'^  enum plio_ddir: changed$' '^  constant PLIO_DDIR_TRIM: 2 became 5$' \
	"PLIO_DDIR_TRIM' from value '2' to '5'"
refused enumdel '/PLIO_SYNC_DSYNC = 2,/d' \
	'^  enum plio_sync_mode: changed$' '^  constant PLIO_SYNC_DSYNC: removed'
refused retype 's/^\tuint32_t rw;\t/\tuint64_t rw;\t/' \
	'^  struct plio_job: changed other than by appending$'
refused fnptr 's/uint64_t (\*now_ns)(void);/uint32_t (*now_ns)(void);/' \
	'^  struct plio_host: changed other than by appending$' \
	"pointer type changed from: 'typedef uint64_t \(\)\*' to: 'typedef uint32_t \(\)\*'"
# an append does not excuse a changed signature beside it
refused appendfn "$(at_end plio_engine 'uint64_t more;'); s/int (\*commit)(struct plio_ctx \*ctx);/int (*commit)(struct plio_ctx *ctx, int how);/; $BUMP" \
	'^  struct plio_engine: changed other than by appending$' \
	"'int \(plio_ctx\*\)\*' to: 'int \(plio_ctx\*, int\)\*'"
refused lastgone '/^\tuint32_t reserved32;$/d' \
	'^  struct plio_io_u: changed other than by appending$' "reserved32', at offset 608"
refused middle "s/^\\tuint64_t caps;\\t\\t\\t\\/\\* PLIO_CAP_\\* \\*\\/\$/\\tvoid *early;\\n&/; $BUMP" \
	"^  struct plio_engine: 'void\\* early' added at bit 192, before the old end" \
	"'uint64_t caps' offset changed from 192 to 256"
# plio_option is 80 bytes of which the last 4 are padding: a field there
# would look set in every option table built before
refused padding "s/^\\tuint32_t choice_stride;\\t/\\tuint32_t choice_stride;\\n\\tuint32_t width;\\t/; $BUMP" \
	"^  struct plio_option: 'uint32_t width' added at bit 608, before the old end: .*tail padding"
# a split is stored whole in an engine's options block: it may not grow
refused fixed "$(at_end plio_split_entry 'int64_t more;'); $BUMP" \
	'^  struct plio_split_entry: changed, and it may not grow' '^  struct plio_split: changed'
refused typegone '/^struct plio_counter {$/,/^};$/d' \
	'does not build' 'incomplete type .struct plio_counter.'
refused entry 's/^PLIO_EXPORT const struct plio_plugin \*plio_plugin_entry(const struct plio_host \*host);$/PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(struct plio_host *host, int flags);/' \
	'does not build' 'conflicting types'
refused entrytype 's/^typedef const struct plio_plugin \*plio_plugin_entry_fn(const struct plio_host \*host);$/typedef const struct plio_plugin *plio_plugin_entry_fn(const struct plio_host *host, int flags);/' \
	'^  type plio_plugin_entry_fn: changed$'
refused limit 's/^#define PLIO_COUNTERS_MAX 16$/#define PLIO_COUNTERS_MAX 32/' \
	'^  constant PLIO_COUNTERS_MAX: 16 became 32$'
refused macro 's/((p)->struct_size >= offsetof/((p)->struct_size > offsetof/' \
	'^  constant PLIO_HAS\(p,f\): .* became .*struct_size > offsetof'
refused major 's/^#define PLIO_ABI_MAJOR 1$/#define PLIO_ABI_MAJOR 2/' \
	'^abi: no baseline of ABI 2 in .*: a new major breaks every plugin'
refused nominor "$(at_end plio_engine 'uint64_t more;')" \
	"'uint64_t more', at offset $ENGINE_BITS " \
	"^  PLIO_ABI_MINOR: still $MINOR, though the ABI grew past plio-abi-1\\.$MINOR"

# --------------------------------------------------- allowed additions
# fields appended to a struct the plugin hands the core (plio_engine) and
# one the core hands the plugin (plio_io_u), a new capability bit, a new
# enumerator, a new struct reached from an appended pointer, a reserved
# field given a name, and the minor that declares them
GROW_REST="$(at_end plio_io_u 'uint64_t stream;')
s/^\\tuint16_t reserved16;\$/\\tuint16_t hint;/
s/^\\tPLIO_OPT_SPLIT = 10,\$/&\\n\\tPLIO_OPT_LATER = 99,/
s/^#define PLIO_CAP_FILEOP (1ull << 9)\$/&\\n#define PLIO_CAP_LATER (1ull << 31)/
s/^struct plio_profile {\$/struct plio_later { uint32_t struct_size; uint32_t n; };\\n&/
$BUMP"
GROW="$GROW_REST
$(at_end plio_engine 'const struct plio_later *later;')"
edit grown "$GROW" &&
	abi "allowed additions" 0 '^abi: plio-abi-1\.3: compatible, grown:$' \
		"^  struct plio_engine: 'const plio_later\\* later' appended at bit $ENGINE_BITS\$" \
		"^  struct plio_io_u: 'uint64_t stream' appended at bit $IOU_BITS\$" \
		'^  constant PLIO_CAP_LATER: new \(2147483648\)$' \
		'^  constant PLIO_OPT_LATER: new \(99\)$' \
		"^  constant PLIO_ABI_MINOR: [0-9]+ -> $NEXT\$" -- check "$T/grown" "$ABIDIR"
# ... and `make abi-baseline` on them declares the next minor, checked
# against 1.3 too
mkdir "$T/dir"
cp "$ABIDIR"/plio-abi-1.* "$T/dir/"
nfiles=$(ls "$T/dir" | wc -l)
abi "baseline 1.$NEXT" 0 '^abi: plio-abi-1\.3: compatible, grown:$' \
	"^abi: wrote .*/plio-abi-1\\.$NEXT\\.xml and .*/plio-abi-1\\.$NEXT\\.constants\$" -- \
	baseline "$T/grown" "$T/dir"
grep -q '^PLIO_CAP_LATER 2147483648$' "$T/dir/plio-abi-1.$NEXT.constants" &&
	grep -q "<class-decl name='plio_later'" "$T/dir/plio-abi-1.$NEXT.xml" &&
	pass || fail "baseline 1.$NEXT: files not written"
abi "after 1.$NEXT" 0 '^abi: plio-abi-1\.3: compatible, grown:$' \
	"^abi: plio-abi-1\\.$NEXT: compatible, unchanged\$" -- check "$T/grown" "$T/dir"
# a declared minor is frozen: its baseline refuses a change made after
# it, and the refused baseline writes nothing
cp "$T/dir/plio-abi-1.$NEXT.xml" "$T/dir/plio-abi-1.$NEXT.constants" "$T/"
edit later "$GROW_REST
$(at_end plio_engine 'const struct plio_later *later;\n\tuint64_t after;')" &&
	abi "1.$NEXT frozen" 1 '^abi: plio-abi-1\.3: compatible, grown:$' \
		"^abi: plio-abi-1\\.$NEXT: INCOMPATIBLE:\$" \
		"'uint64_t after', at offset $((ENGINE_BITS + 64)) " \
		"^  PLIO_ABI_MINOR: still $NEXT, though the ABI grew past plio-abi-1\\.$NEXT" \
		'^abi: no baseline written' -- baseline "$T/later" "$T/dir"
cmp -s "$T/dir/plio-abi-1.$NEXT.xml" "$T/plio-abi-1.$NEXT.xml" &&
	cmp -s "$T/dir/plio-abi-1.$NEXT.constants" "$T/plio-abi-1.$NEXT.constants" &&
	[ "$(ls "$T/dir" | wc -l)" -eq $((nfiles + 2)) ] && pass ||
	fail "1.$NEXT frozen: the refused baseline changed the files: $(ls "$T/dir")"

finish
