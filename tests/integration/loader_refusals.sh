#!/bin/sh
# loader_refusals: a plugin that cannot load is refused with one clear line
# naming the file and the reason (wrong ABI major, too new a minor, no
# entry symbol, bad magic, a missing library quoted from the dynamic
# loader), never a crash; --enghelp lists every refusal beside the engines
# that load; a plugin built with older, shorter structs loads and runs.
. "$TOP_SRCDIR/tests/integration/lib.sh"

[ -x "$PLIO" ] || { echo "SKIP: $PLIO is not built"; exit 77; }
unset PLIO_PLUGIN_PATH
TP=$TESTPLUGINS
ABI='1\.[0-9]+'

# the last run's stderr has exactly one line
one_line() {
	n=$(wc -l <"$T/err")
	[ "$n" -eq 1 ] && return 0
	fail "$1: expected one line on stderr, got $n:"
	sed 's/^/    /' "$T/err" >&2
	return 1
}

# refused DESC PATTERN CMD...: fails cleanly with one line matching PATTERN
refused() {
	desc=$1
	shift
	run_fails "$desc" "$@" && one_line "$desc"
}

# ----------------------------------------------- a job naming a bad file
job() {
	"$PLIO" --name=x --size=1m "$@"
}

refused "ABI 2 plugin" \
	"^plio: .*/abi2\.so: built for plugin ABI 2\.0, this plio speaks ABI $ABI; rebuild it against plio 1\.x's SDK \(pkg-config plio-sdk\) or use a plio that speaks ABI 2\$" \
	job --ioengine="$TP/abi2.so"
refused "plugin needing a newer minor" \
	"^plio: .*/newminor\.so: needs plugin ABI $ABI or newer; this plio has $ABI: upgrade plio\$" \
	job --ioengine="$TP/newminor.so"
refused "plugin without an entry symbol" \
	"^plio: .*/noentry\.so: not a plio plugin: no plio_plugin_entry symbol\$" \
	job --ioengine="external:$TP/noentry.so"
refused "plugin with a bad magic" \
	"^plio: .*/badmagic\.so: not a plio plugin: bad magic\$" \
	job --ioengine="external:$TP/badmagic.so"
refused "plugin file that does not exist" \
	"^plio: .*/nope\.so: No such file or directory\$" \
	job --ioengine="$T/nope.so"
printf 'not an ELF file\n' >"$T/junk.so"
refused "plugin file that is not a shared object" \
	"^plio: .*/junk\.so: " \
	job --ioengine="$T/junk.so"
refused "unknown engine name" \
	"^plio: .*no engine 'nosuch'; engines that load: .*null" \
	job --ioengine=nosuch

# a plugin whose library has gone: the dynamic loader's reason, naming it
if cc --version >/dev/null 2>&1; then
	printf 'int plio_ghost(void);\nint plio_ghost(void) { return 42; }\n' >"$T/ghostlib.c"
	cat >"$T/ghost.c" <<'C'
#include <plio/plio.h>
int plio_ghost(void);
static const struct plio_plugin d = { PLIO_PLUGIN_HEADER(0), .name = "ghost" };
const struct plio_plugin *plio_plugin_entry(const struct plio_host *h)
{
	(void)h;
	return plio_ghost() ? &d : 0;
}
C
	if cc -shared -fPIC -o "$T/libplioghost.so" "$T/ghostlib.c" &&
	   cc -shared -fPIC -I"$TOP_SRCDIR/sdk/include" -o "$T/ghost.so" "$T/ghost.c" \
		-L"$T" -lplioghost -Wl,-rpath,"$T"; then
		rm -f "$T/libplioghost.so"
		refused "plugin whose library is missing" \
			"^plio: .*/ghost\.so: libplioghost\.so: cannot open shared object file" \
			job --ioengine="$T/ghost.so"
	else
		fail "could not build the ghost plugin with cc"
	fi
else
	skip_part "no cc: the refusal of a plugin whose library is missing"
fi

# ------------------------------------------------ command-line refusals
refused "--plugin-dir that does not exist" \
	"^plio: command line \\(argument 2\\): --plugin-dir: cannot use '$T/none': No such file or directory\$" \
	"$PLIO" --plugin-dir "$T/none" --enghelp
refused "--enghelp of an unknown engine" \
	"^plio: command line \\(argument 1\\): --enghelp: no engine 'nosuch'; engines that load: " \
	"$PLIO" --enghelp=nosuch

# ------------------------------------------------------------ --enghelp
if run_ok "--enghelp with the test plugins" "$PLIO" --plugin-dir "$TP" --enghelp; then
	cp "$T/out" "$T/table"
	# engine | plugin file | ABI | status; one row "-" per refused file
	grep -Eq '^engine +plugin file +ABI +status$' "$T/table" ||
		fail "--enghelp: no header line"
	grep -Eq "^- +.*/abi2\.so +2\.0 +built for plugin ABI 2\.0, this plio speaks ABI $ABI" "$T/table" ||
		fail "--enghelp: abi2.so row"
	grep -Eq "^- +.*/newminor\.so +$ABI +needs plugin ABI $ABI or newer" "$T/table" ||
		fail "--enghelp: newminor.so row"
	grep -Eq '^- +.*/noentry\.so +- +not a plio plugin: no plio_plugin_entry symbol$' "$T/table" ||
		fail "--enghelp: noentry.so row"
	grep -Eq '^- +.*/badmagic\.so +- +not a plio plugin: bad magic$' "$T/table" ||
		fail "--enghelp: badmagic.so row"
	grep -Eq '^oldminor +.*/oldminor\.so +1\.0 +ok$' "$T/table" ||
		fail "--enghelp: oldminor row"
	grep -Eq "^dupnull-only +.*/dupnull\.so +$ABI +ok$" "$T/table" ||
		fail "--enghelp: dupnull-only row"
	# two plugins claim null: exactly one row wins, the other says by whom
	[ "$(grep -Ec '^null +.* ok$' "$T/table")" -eq 1 ] ||
		fail "--enghelp: not exactly one usable null"
	grep -Eq '^null +.*shadowed by ' "$T/table" ||
		fail "--enghelp: no shadowed null row"
	grep -q "engine 'null' is provided by both " "$T/err" ||
		fail "--enghelp: no warning about the two nulls"
	# both spellings of --plugin-dir mean the same
	if run_ok "--plugin-dir=DIR --enghelp" "$PLIO" --plugin-dir="$TP" --enghelp; then
		cmp -s "$T/out" "$T/table" || fail "--plugin-dir=DIR lists differently"
	fi
fi

if run_ok "--enghelp=oldminor" "$PLIO" --plugin-dir "$TP" --enghelp=oldminor; then
	grep -q 'built against a shorter, older engine struct' "$T/out" ||
		fail "--enghelp=oldminor: no description"
	grep -q 'synchronous' "$T/out" || fail "--enghelp=oldminor: no capabilities"
	grep -q 'old_delay' "$T/out" && grep -q 'old_strict' "$T/out" ||
		fail "--enghelp=oldminor: options missing"
fi

# -------------------------------------- an old, shorter plugin still runs
if run_ok "oldminor runs" "$PLIO" --name=old --ioengine="$TP/oldminor.so" --size=1m \
	--bs=4k --output-format=json; then
	b=$($CHECK_JSON get "$T/out" jobs.0.read.io_bytes)
	[ "$b" = 1048576 ] || fail "oldminor moved $b bytes, expected 1048576"
fi

# ------------------- a PLIO_PLUGIN_PATH folder that is not there is named
if PLIO_PLUGIN_PATH="$T/nowhere" run_ok "missing PLIO_PLUGIN_PATH entry" \
	"$PLIO" --name=x --ioengine=null --size=64k --output-format=terse; then
	grep -q "^plio: warning: PLIO_PLUGIN_PATH: '$T/nowhere' is not a directory; skipped\$" "$T/err" ||
		fail "missing PLIO_PLUGIN_PATH entry: no warning naming it: $(cat "$T/err")"
	kb=$(cut -d';' -f6 "$T/out")
	[ "$kb" = 64 ] || fail "missing PLIO_PLUGIN_PATH entry: read $kb KiB, expected 64"
fi

# ---------------------------------- the same with plugins built in, if any
if [ -x "${PLIO_BUILTIN:-}" ]; then
	refused "ABI 2 plugin (built-in plio)" \
		"^plio: .*/abi2\.so: built for plugin ABI 2\.0" \
		"$PLIO_BUILTIN" --name=x --size=1m --ioengine="$TP/abi2.so"
fi

finish
