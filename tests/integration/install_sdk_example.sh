#!/bin/sh
# install_sdk_example: the vendor's path, end to end.
#
# `make install` into a DESTDIR; the SDK example (sdk/examples) is copied out
# of the tree and built with nothing but pkg-config and the installed
# plio-sdk.pc; the result exports plio_plugin_entry and nothing else; the
# installed plio runs it (by name from --plugin-dir, by path, and as
# external:PATH) and moves exactly the bytes asked for; the installed plio
# also finds the installed sync plugin.  The installed plio looks in its
# compiled-in plugin directory, which under DESTDIR is empty, so every run
# names its directory with --plugin-dir.
#
# Environment from `make check`: TOP_SRCDIR, TOP_BUILDDIR, MAKE.  Skips (77)
# only when pkg-config is missing.
set -u
: "${TOP_SRCDIR:?run through make check, or set TOP_SRCDIR}"
: "${TOP_BUILDDIR:?run through make check, or set TOP_BUILDDIR}"
MAKE=${MAKE:-make}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
NM=${NM:-nm}

if ! command -v "$PKG_CONFIG" >/dev/null 2>&1; then
	echo "SKIP: $PKG_CONFIG not found"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/plio-install.XXXXXX") || exit 99
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# nothing from the caller's environment may steer the lookups
unset PLIO_PLUGIN_PATH PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_LIBDIR

# the Python interpreter, as lib.sh picks it (a version manager's shim on
# PATH takes ten times longer to start)
if [ -n "${PLIO_TEST_PYTHON:-}" ]; then
	PYTHON=$PLIO_TEST_PYTHON
elif [ -x /usr/bin/python3 ]; then
	PYTHON=/usr/bin/python3
else
	PYTHON=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || PYTHON=python3
	[ -n "$PYTHON" ] || PYTHON=python3
fi

fails=0
passes=0
pass() { passes=$((passes + 1)); }
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}
# a test that checked nothing has not passed
finish() {
	echo "$passes passed, $fails failed"
	if [ "$fails" -eq 0 ] && [ "$passes" -eq 0 ]; then
		echo "FAIL: no check passed: this test made no assertion" >&2
		exit 1
	fi
	[ "$fails" -eq 0 ]
	exit $?
}
# show FILE: a log, indented, on stderr
show() { sed 's/^/    /' "$1" >&2; }

# exports_only SO REGEX: the defined dynamic symbols of SO are exactly one,
# matching the grep -E REGEX
exports_only() {
	syms=$("$NM" -D --defined-only "$1" 2>"$tmp/nm.err" | awk '{ print $NF }')
	if [ -z "$syms" ]; then
		fail "$1: $NM shows no exported symbol"
		show "$tmp/nm.err"
		return 1
	fi
	if [ "$(printf '%s\n' "$syms" | wc -l)" -ne 1 ] ||
	   ! printf '%s\n' "$syms" | grep -Eq "$2"; then
		fail "$1 exports: $(echo $syms)"
		return 1
	fi
	return 0
}

# write_job DESC JSON-OUT PLIO-ARGS...: a 1 MiB sequential write job whose
# JSON must report jobs[0].write.io_bytes == 1048576
write_job() {
	desc=$1
	out=$2
	shift 2
	if ! "$plio" "$@" --name=t --size=1m --bs=4k --rw=write \
		--output-format=json >"$out" 2>"$out.err"; then
		fail "$desc: plio exited $?"
		show "$out.err"
		return 1
	fi
	if ! "$PYTHON" - "$out" 1048576 <<'PY'
import json
import sys

text = open(sys.argv[1]).read()
try:
    doc = json.loads(text[text.index("{"):])
    got = doc["jobs"][0]["write"]["io_bytes"]
except (ValueError, KeyError, IndexError) as e:
    sys.exit("no jobs[0].write.io_bytes in the JSON output: %r" % (e,))
if got != int(sys.argv[2]):
    sys.exit("jobs[0].write.io_bytes is %r, expected %s" % (got, sys.argv[2]))
PY
	then
		fail "$desc: wrong JSON"
		show "$out"
		return 1
	fi
	return 0
}

# ---------------------------------------------------------------- install
prefix=$(sed -n 's/^prefix = //p' "$TOP_BUILDDIR/Makefile")
[ -n "$prefix" ] || { echo "FAIL: no prefix in $TOP_BUILDDIR/Makefile" >&2; exit 1; }
root=$tmp/root
if ! $MAKE -C "$TOP_BUILDDIR" install DESTDIR="$root" >"$tmp/install.log" 2>&1; then
	fail "make install DESTDIR=$root"
	show "$tmp/install.log"
	finish
fi
pass

plio=$root$prefix/bin/plio
[ -x "$plio" ] || { fail "no $plio after install"; finish; }

pcdir=$root$prefix/lib/pkgconfig
if [ ! -f "$pcdir/plio-sdk.pc" ]; then
	# a --libdir other than <prefix>/lib: take the one install used
	pc=$(find "$root" -name plio-sdk.pc -type f | head -n 1)
	[ -n "$pc" ] || { fail "make install put no plio-sdk.pc under $root"; finish; }
	pcdir=$(dirname "$pc")
fi
pass

# ------------------------------------------------------ the SDK, installed
# The .pc names the real prefix; PKG_CONFIG_SYSROOT_DIR maps its -I into
# DESTDIR.  Variables are read without the sysroot (pkg-config and pkgconf
# differ on whether it applies to them) and mapped here.
PKG_CONFIG_PATH=$pcdir
export PKG_CONFIG_PATH
cflags=$(PKG_CONFIG_SYSROOT_DIR=$root "$PKG_CONFIG" --cflags plio-sdk) ||
	{ fail "$PKG_CONFIG --cflags plio-sdk"; finish; }
case "$cflags" in
*"-I$root"*) pass ;;
*) fail "pkg-config --cflags gives '$cflags': no -I under $root" ;;
esac
includedir=$root$("$PKG_CONFIG" --variable=includedir plio-sdk)
plugindir=$root$("$PKG_CONFIG" --variable=plugindir plio-sdk)

# exactly the public headers, nothing else of plio's
want=$(cd "$TOP_SRCDIR/sdk/include/plio" && ls)
have=$(cd "$includedir/plio" 2>/dev/null && ls)
if [ "$want" = "$have" ]; then
	pass
else
	fail "installed headers in $includedir/plio: '$(echo $have)', expected '$(echo $want)'"
fi

# each installed plugin exports its entry and nothing else
for so in "$plugindir"/*.so; do
	[ -e "$so" ] || continue
	exports_only "$so" '^([a-z0-9_]+_LTX_)?plio_plugin_entry$' && pass
done
# modules only: no libtool .la or static archive beside them
extra=$(cd "$plugindir" 2>/dev/null && ls | grep -E '\.(la|a)$')
[ -z "$extra" ] && pass || fail "make install left beside the plugins: $(echo $extra)"
# sync is a file in the plugin dir unless configure built it in
if sed -n 's/^PLIO_SHARED_PLUGINS = //p' "$TOP_BUILDDIR/Makefile" | grep -q 'plugins/sync/sync\.la'; then
	[ -f "$plugindir/sync.so" ] && pass || fail "sync.so is not installed in $plugindir"
fi

# ------------------------------------------- the example, built out of tree
ex=$tmp/example
cp -R "$TOP_SRCDIR/sdk/examples" "$ex" && chmod -R u+w "$ex" ||
	{ fail "copy sdk/examples"; finish; }
rm -f "$ex/example.so"
# the example is built as a vendor would: its own make, none of ours
if ! (unset MAKEFLAGS MFLAGS MAKELEVEL
      PKG_CONFIG_SYSROOT_DIR=$root $MAKE -C "$ex" example.so) >"$tmp/build.log" 2>&1; then
	fail "building sdk/examples against the installed SDK"
	show "$tmp/build.log"
	finish
fi
so=$ex/example.so
[ -f "$so" ] || { fail "no example.so after make"; finish; }
exports_only "$so" '^plio_plugin_entry$' && pass
# its make install stages into DESTDIR under the target's plugin dir, with
# the sysroot set as for the build: the path is not doubled
stage=$tmp/stage
if (unset MAKEFLAGS MFLAGS MAKELEVEL
    PKG_CONFIG_SYSROOT_DIR=$root $MAKE -C "$ex" install DESTDIR="$stage") >"$tmp/exinst.log" 2>&1 &&
   [ -f "$stage$("$PKG_CONFIG" --variable=plugindir plio-sdk)/example.so" ] &&
   [ -z "$(find "$stage" -path "$stage$root*" | head -n 1)" ]; then
	pass
else
	fail "sdk/examples make install DESTDIR with a sysroot: $(find "$stage" -name example.so)"
	show "$tmp/exinst.log"
fi

# ------------------------------------------------------- the installed plio
# by engine name, from a plugin directory
write_job "example-mem by name" "$tmp/ex.json" --plugin-dir "$ex" \
	--ioengine=example-mem --filename="$tmp/f" && pass
# a 1.1 core gets the descriptor with counters: one copy per write
jexpect "example-mem counters" "$tmp/ex.json" 'jobs.0.write.total_ios == 256' \
	'jobs.0.engine_counters.copies == 256' 'jobs.0.engine_counters.sleeps == 0'
# by path, and in fio's external: spelling
write_job "example.so by path" "$tmp/ex-path.json" --ioengine="$so" \
	--filename="$tmp/f" && pass
write_job "external:example.so" "$tmp/ex-ext.json" --ioengine="external:$so" \
	--filename="$tmp/f" && pass

# the installed sync plugin: psync writes the real file
rm -f "$tmp/g"
if write_job "installed psync" "$tmp/psync.json" --plugin-dir "$plugindir" \
	--ioengine=psync --filename="$tmp/g"; then
	size=$(wc -c <"$tmp/g" | tr -d ' ')
	[ "$size" -eq 1048576 ] && pass || fail "psync left a file of $size bytes"
fi

# a packager ships engines separately: with only the sync plugin installed,
# --enghelp and a lookup say the others are missing and why, not just "no"
only=$tmp/only-sync
mkdir "$only"
if [ -f "$plugindir/sync.so" ]; then
	cp "$plugindir/sync.so" "$only/"
	"$plio" --plugin-dir "$only" --enghelp >"$tmp/eh.out" 2>"$tmp/eh.err" ||
		fail "--enghelp with only sync.so: exit $?"
	grep -Eq '^null +- +- +not (installed|built)' "$tmp/eh.out" &&
		grep -Eq '^psync +/.*sync\.so +1\.[0-9]+ +ok' "$tmp/eh.out" && pass ||
		{ fail "--enghelp does not explain the missing null plugin"; show "$tmp/eh.out"; }
	if "$plio" --plugin-dir "$only" --name=t --ioengine=null --size=1m \
		>"$tmp/nl.out" 2>"$tmp/nl.err"; then
		fail "ioengine=null without its plugin ran"
	elif [ "$(wc -l <"$tmp/nl.err")" -eq 1 ] &&
	     grep -q "no engine 'null' (not installed: plugin file null.so" "$tmp/nl.err"; then
		pass
	else
		fail "missing null plugin: unclear refusal"
		show "$tmp/nl.err"
	fi
fi

finish
