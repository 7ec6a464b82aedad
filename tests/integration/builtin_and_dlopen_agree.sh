#!/bin/sh
# builtin_and_dlopen_agree: the same plugins, linked into the binary through
# libltdl preloading (tests/plio-builtin) or loaded from their .so files
# (./plio), are found by the same lookup and do the same work.
. "$TOP_SRCDIR/tests/integration/lib.sh"

run_ok "enghelp built in" "$PLIO_BUILTIN" --enghelp || finish
for e in null sync psync vsync pvsync pvsync2; do
	grep -Eq "^ *$e +built in +1\.[0-9]+ +ok" "$T/out" ||
		fail "built-in binary does not list $e as built in: $(grep -E "^ *$e " "$T/out")"
done
run_ok "enghelp dlopen" "$PLIO" --enghelp || finish
for e in null sync psync vsync pvsync pvsync2; do
	grep -Eq "^ *$e +/.*\.so +1\.[0-9]+ +ok" "$T/out" ||
		fail "plio does not list $e with its plugin file: $(grep -E "^ *$e " "$T/out")"
done
pass

for bin in "$PLIO" "$PLIO_BUILTIN"; do
	run_ok "$bin psync" "$bin" --name=t --ioengine=psync --rw=randwrite --bs=4k \
		--size=1m --filename="$T/f" --output-format=json --randseed=3 || continue
	$CHECK_JSON get "$T/out" jobs.0.write.io_bytes >>"$T/bytes"
done
[ "$(sort -u "$T/bytes")" = 1048576 ] || fail "bytes differ: $(cat "$T/bytes")"

# a plugin file on disk with a built-in's module name is shadowed, with a warning
mkdir "$T/pd"
cp "$TOP_BUILDDIR/plugins/null/.libs/null.so" "$T/pd/"
"$PLIO_BUILTIN" --plugin-dir "$T/pd" --enghelp >"$T/out" 2>"$T/err" || fail "shadow run"
grep -q "null" "$T/err" && grep -qi "built" "$T/err" || fail "no shadowing warning: $(cat "$T/err")"
grep -Eq "^ *null +built in" "$T/out" || fail "the built-in should win"
pass
finish
