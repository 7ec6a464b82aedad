#!/bin/sh
# man_completion: plio(1) and the bash completion say what plio's tables
# say, and stay so.
#
# plio --dump-options writes both from the tables plio reads.  The page
# renders without a warning (groff -ww, man --warnings); it lists every job
# option `plio --cmdhelp=all` lists (and no other), every engine and profile
# `plio --enghelp` lists, every program option `plio --help` lists, and
# each section plio(1) must have.  The completion, sourced into bash with
# COMP_WORDS and COMP_CWORD set as bash sets them (the word split at '=',
# or not), completes --iodep to --iodepth=, --ioengine=io_u to io_uring,
# --rw=randr to randread and randrw, a job file's name to the files there
# (bash-completion's _filedir and the completion's own fallback), the
# values of choices, engine options, output formats and directories, and
# offers every job option.  The copies `make` wrote (plio.1,
# plio.bash-completion) are what plio writes now, and the committed ones
# (doc/plio.1, tools/plio.bash-completion) are too, but for the line that
# names the configured plugin directory: what stops them drifting.
# `make install-man install-bash-completion` puts both where they belong.
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99
unset PLIO_PLUGIN_PATH		# the build's plugins only, as make has them
MAKE=${MAKE:-make}

BASH_BIN=$(command -v bash) || BASH_BIN=

run_ok "dump-options=man" "$PLIO" --dump-options=man && cp "$T/out" "$T/plio.1"
run_ok "dump-options=bash" "$PLIO" --dump-options=bash && cp "$T/out" "$T/plio.bash"
[ -s "$T/plio.1" ] && [ -s "$T/plio.bash" ] || { fail "nothing written"; finish; }
run_fails "dump-options=pdf" "^plio: command line \(argument 1\): --dump-options: 'pdf' is not man or bash$" \
	"$PLIO" --dump-options=pdf

# --- the page renders without warnings
if command -v groff >/dev/null 2>&1; then
	groff -man -ww -z "$T/plio.1" >"$T/groff.err" 2>&1
	[ $? -eq 0 ] && [ ! -s "$T/groff.err" ] && pass || {
		fail "groff -man -ww warns about plio(1):"
		sed 's/^/    /' "$T/groff.err" >&2
	}
else
	skip_part "groff is not installed: plio(1) not rendered by groff"
fi
if command -v man >/dev/null 2>&1 && man --help 2>&1 | grep -q -- '--warnings'; then
	MANWIDTH=80 man --warnings -l "$T/plio.1" >"$T/man.txt" 2>"$T/man.err"
	[ $? -eq 0 ] && [ ! -s "$T/man.err" ] && pass || {
		fail "man --warnings warns about plio(1):"
		sed 's/^/    /' "$T/man.err" >&2
	}
	missing=
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "JOB OPTIONS" ENGINES PROFILES \
		"OUTPUT FORMATS" PLIO-MPI "EXIT STATUS" ENVIRONMENT FILES "SEE ALSO"; do
		grep -q "^$s\$" "$T/man.txt" || missing="$missing, $s"
	done
	[ -z "$missing" ] && pass || fail "rendered plio(1) lacks the sections ${missing#, }"
	col -b <"$T/man.txt" | grep -q 'fio(1)' && pass || fail "plio(1) names no fio(1)"
else
	skip_part "man (man-db) is not installed: plio(1) not rendered by man"
fi

# --- the page lists what plio lists
# the options of the page: the name in each tagged paragraph's tag
# (\fBNAME\fR=... ; program options' tags start with \-)
awk 'prev == ".TP" && /^\\fB[^\\]/ { s = $0; sub(/^\\fB/, "", s); sub(/\\fR.*/, "", s);
	gsub(/\\-/, "-", s); print s } { prev = $0 }' "$T/plio.1" | sort -u >"$T/man.opts"
"$PLIO" --cmdhelp=all >"$T/cmdhelp" 2>"$T/err" || fail "--cmdhelp=all failed"
awk '/^  [^ ]/ { n = $1; sub(/:$/, "", n); print n }' "$T/cmdhelp" | sort -u >"$T/cmd.opts"
[ "$(wc -l <"$T/cmd.opts")" -gt 200 ] && pass ||
	fail "--cmdhelp=all lists only $(wc -l <"$T/cmd.opts") options"
comm -23 "$T/cmd.opts" "$T/man.opts" >"$T/lack"
comm -13 "$T/cmd.opts" "$T/man.opts" >"$T/extra"
[ ! -s "$T/lack" ] && pass || fail "plio(1) lacks the options $(tr '\n' ' ' <"$T/lack")"
[ ! -s "$T/extra" ] && pass || fail "plio(1) has options --cmdhelp=all does not list: $(tr '\n' ' ' <"$T/extra")"
# engines (loaded or not built) and profiles, as --enghelp lists them
"$PLIO" --enghelp >"$T/enghelp" 2>"$T/err" || fail "--enghelp failed"
awk 'NR > 1 && $1 != "-" { print $1 }' "$T/enghelp" | sort -u >"$T/engines"
sed -n 's/.*profiles: \([^)]*\)).*/\1/p' "$T/enghelp" | tr ',' '\n' | tr -d ' ' |
	sort -u >"$T/profiles"
[ "$(wc -l <"$T/engines")" -ge 20 ] && [ -s "$T/profiles" ] && pass ||
	fail "--enghelp lists $(wc -l <"$T/engines") engines, profiles: $(cat "$T/profiles")"
sed -n 's/^\.SS "\(.*\)"$/\1/p' "$T/plio.1" | sort -u >"$T/man.ss"
comm -23 "$T/engines" "$T/man.ss" >"$T/lack"
[ ! -s "$T/lack" ] && pass || fail "plio(1) lacks the engines $(tr '\n' ' ' <"$T/lack")"
comm -23 "$T/profiles" "$T/man.ss" >"$T/lack"
[ ! -s "$T/lack" ] && pass || fail "plio(1) lacks the profiles $(tr '\n' ' ' <"$T/lack")"
# program options, as --help lists them (tags \fB\-X\fR, \fB\-\-NAME\fR...)
"$PLIO" --help >"$T/help" 2>&1
sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}--\([a-z][a-z-]*\).*/\2/p' "$T/help" | sort -u >"$T/prog"
[ "$(wc -l <"$T/prog")" -ge 20 ] && pass || fail "--help lists $(wc -l <"$T/prog") options"
awk 'prev == ".TP" && /^\\fB\\-/ { print } { prev = $0 }' "$T/plio.1" |
	sed 's/.*\\fB\\-\\-//; s/\\fR.*//; s/\\-/-/g' | sort -u >"$T/man.prog"
comm -23 "$T/prog" "$T/man.prog" >"$T/lack"
[ ! -s "$T/lack" ] && pass || fail "plio(1) lacks the program options $(tr '\n' ' ' <"$T/lack")"
grep -q '^\\fB\\-\\-rank\\-files\\fR=' "$T/plio.1" && pass ||
	fail "plio(1) does not describe plio-mpi's --rank-files"
# a program option that is not on --help is on no page either
grep -q 'dump\\-options' "$T/plio.1" && fail "plio(1) shows --dump-options" || pass

# --- the completion, in bash
if [ -z "$BASH_BIN" ]; then
	skip_part "bash is not installed: the completion not tried"
else
	mkdir -p "$T/jobs/sub" && : >"$T/jobs/a.fio" && : >"$T/jobs/b.fio" && : >"$T/jobs/x.log"
	cat >"$T/c.bash" <<'EOF'
# c.bash COMPLETION [bash-completion's script]: one line per case, the
# case's label, a tab, and what _plio offers, sorted, blank-separated
[ -n "$2" ] && { source "$2" || exit 1; }
source "$1" || exit 1
declare -F _plio >/dev/null || exit 1
t() {
	local label=$1
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_plio 2>/dev/null
	printf '%s\t%s\n' "$label" "$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//')"
}
t iodep plio --iodep
t ioengine1 plio --ioengine=io_u
t ioengine3 plio --ioengine = io_u
t engines plio --ioengine =
t rw1 plio --rw=randr
t rw3 plio --rw = randr
t rwnext plio --rw randr
t verify plio --name=x --verify = crc3
t sgmode plio --sg_write_mode = write_s
t format plio --output-format = json,te
t debug plio --debug = parse,pro
t eta plio -e a
t mpi plio-mpi --rank-files = s
t mpiopt plio-mpi --rank
t plioopt plio --rank
t flag plio --time_ba
t cmdhelp plio --cmdhelp = iodepth_l
cd "$3" || exit 1
t jobfile plio a
t jobfiles plio ''
t afterjob plio --name=x a.fio b
t output plio -o x
t dirs plio --plugin-dir = ''
t filename plio --filename=b
t all plio --
EOF
	for mode in own bash-completion; do
		bc=
		if [ $mode = bash-completion ]; then
			bc=/usr/share/bash-completion/bash_completion
			[ -r "$bc" ] || { skip_part "bash-completion is not installed: _filedir not tried"; break; }
		fi
		if ! "$BASH_BIN" "$T/c.bash" "$T/plio.bash" "$bc" "$T/jobs" >"$T/c.out" 2>"$T/c.err"; then
			fail "completion ($mode): bash could not source it:"
			sed 's/^/    /' "$T/c.err" >&2
			continue
		fi
		# expect LABEL WANT: what the case offered is exactly WANT
		expect() {
			got=$(sed -n "s/^$1	//p" "$T/c.out")
			[ "$got" = "$2" ] && pass || fail "completion ($mode): $1: offered '$got', expected '$2'"
		}
		# offers LABEL WORD: the case offered WORD, among others
		offers() {
			sed -n "s/^$1	//p" "$T/c.out" | tr ' ' '\n' | grep -qxF -- "$2" && pass ||
				fail "completion ($mode): $1: '$2' not offered (offered: $(sed -n "s/^$1	//p" "$T/c.out"))"
		}
		offers iodep --iodepth=
		expect ioengine1 --ioengine=io_uring
		expect ioengine3 io_uring
		expect rw1 "--rw=randread --rw=randrw"
		expect rw3 "randread randrw"
		expect rwnext "randread randrw"
		expect verify "crc32 crc32c crc32c-intel"
		expect sgmode "write_same write_same_ndob write_stream"
		expect format json,terse
		expect debug "parse,process"
		expect eta "always auto"
		expect mpi shared
		expect mpiopt --rank-files=
		expect plioopt ""
		expect flag --time_based
		expect cmdhelp iodepth_low
		expect jobfile a.fio
		offers jobfiles a.fio
		offers jobfiles b.fio
		expect afterjob b.fio
		offers output x.log
		expect filename --filename=b.fio
		# directories only (bash-completion's _filedir -d, or compgen -d)
		expect dirs sub
		# the engines --enghelp lists, all of them
		got=$(sed -n 's/^engines	//p' "$T/c.out" | tr ' ' '\n' | sort -u)
		[ "$got" = "$(cat "$T/engines")" ] && pass ||
			fail "completion ($mode): --ioengine= offers '$(echo $got)', --enghelp lists '$(echo $(cat "$T/engines"))'"
		# every job option --cmdhelp=all lists, as --NAME or --NAME=
		sed -n 's/^all	//p' "$T/c.out" | tr ' ' '\n' | sed 's/^--//; s/=$//' | sort -u >"$T/c.opts"
		comm -23 "$T/cmd.opts" "$T/c.opts" >"$T/lack"
		[ ! -s "$T/lack" ] && pass ||
			fail "completion ($mode): -- does not offer $(tr '\n' ' ' <"$T/lack")"
		comm -23 "$T/prog" "$T/c.opts" >"$T/lack"
		[ ! -s "$T/lack" ] && pass ||
			fail "completion ($mode): -- does not offer the program options $(tr '\n' ' ' <"$T/lack")"
	done
fi

# --- make's copies are what plio writes now
for f in plio.1:plio.1 plio.bash-completion:plio.bash; do
	built=$TOP_BUILDDIR/${f%%:*}
	if [ ! -f "$built" ]; then
		skip_part "$built was not made"
		continue
	fi
	cmp -s "$built" "$T/${f#*:}" && pass ||
		fail "$built is stale: not what '$PLIO --dump-options' writes now (a make dependency missing?)"
done

# --- the committed copies are what the tables say (but for the configured
# plugin directory); an in-tree plugin this build lacks would make them differ
if grep -q 'not built: ' "$T/enghelp"; then
	skip_part "this build lacks in-tree plugins ($(awk '/not built: / { print $1 }' "$T/enghelp" | tr '\n' ' ')): the committed doc/plio.1 and tools/plio.bash-completion not compared"
else
	for f in doc/plio.1:plio.1 tools/plio.bash-completion:plio.bash; do
		committed=$TOP_SRCDIR/${f%%:*}
		sed '/\\" configured$/d' "$committed" >"$T/committed" 2>/dev/null
		sed '/\\" configured$/d' "$T/${f#*:}" >"$T/fresh"
		if [ -s "$T/committed" ] && cmp -s "$T/committed" "$T/fresh"; then
			pass
		else
			fail "${f%%:*} is not what plio's tables say now: run 'make update-docs' and commit it; the difference:"
			diff -u "$T/committed" "$T/fresh" | head -40 | sed 's/^/    /' >&2
		fi
	done
fi
# the configured line is the plugin directory, and only it
pdir=$(sed -n 's/.*PLIO_PLUGIN_PATH, then \(.*\)\.$/\1/p' "$T/help" | sed 's/-/\\-/g')
want=$(printf '.I %s \\" configured' "$pdir")
got=$(grep '\\" configured$' "$T/plio.1")
[ -n "$pdir" ] && [ "$got" = "$want" ] && pass ||
	fail "plio(1): the configured lines are '$got', not '$want' (the plugin directory)"

# --- installed where they belong
if run_ok "make install-man install-bash-completion" $MAKE -s -C "$TOP_BUILDDIR" \
	install-man install-bash-completion DESTDIR="$T/root"; then
	man1=$(find "$T/root" -path '*/man1/plio.1' -type f)
	comp=$(find "$T/root" -path '*/bash-completion/completions/plio' -type f)
	[ -n "$man1" ] && cmp -s "$man1" "$TOP_BUILDDIR/plio.1" && pass ||
		fail "make install-man: no man1/plio.1 under DESTDIR ($(find "$T/root" -type f | tr '\n' ' '))"
	[ -n "$comp" ] && cmp -s "$comp" "$TOP_BUILDDIR/plio.bash-completion" && pass ||
		fail "make install-bash-completion: no bash-completion/completions/plio under DESTDIR ($(find "$T/root" -type f | tr '\n' ' '))"
	if [ -x "$TOP_BUILDDIR/plio-mpi" ]; then
		[ "$(readlink "$(dirname "$comp")/plio-mpi" 2>/dev/null)" = plio ] && pass ||
			fail "no completions/plio-mpi -> plio beside the completion"
	fi
	run_ok "make uninstall-man uninstall-bash-completion" $MAKE -s -C "$TOP_BUILDDIR" \
		uninstall-man uninstall-bash-completion DESTDIR="$T/root" &&
		[ -z "$(find "$T/root" ! -type d)" ] && pass ||
		fail "uninstall left $(find "$T/root" ! -type d | tr '\n' ' ')"
fi

finish
