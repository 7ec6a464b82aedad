#!/bin/sh
# debs.sh DEBDIR - the Debian packages dpkg-buildpackage left in DEBDIR, as
# a user meets them: what each holds and depends on, then, unpacked into a
# scratch root (dpkg -x; nothing is installed on this machine): the core
# package alone runs jobs and names the package of each engine it lacks;
# each engine package added makes its engine run; plio-dev builds, checks
# and installs the SDK example, which plio then runs; plio-mpi runs a job
# on two ranks.  Run from the top of the source tree (CI does, after
# building the packages):  tests/packaging/debs.sh ..
#
# The packaged plio searches the system's plugin folder too; when plio's
# packages are installed on this machine the core-alone checks would see
# their plugins, so the test says SKIP.
DEBDIR=$(cd "${1:?usage: debs.sh DEBDIR}" && pwd) || exit 99
TOP_SRCDIR=$(pwd)
PLIO=unset			# lib.sh wants it; set below, to the packaged plio
TOP_BUILDDIR=$TOP_SRCDIR
export TOP_SRCDIR TOP_BUILDDIR PLIO
. "$TOP_SRCDIR/tests/integration/lib.sh"

version=$(dpkg-parsechangelog -l debian/changelog -S Version) || exit 99
arch=$(dpkg --print-architecture)
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
plugins=usr/lib/$triplet/plio/plugins
deb() { echo "$DEBDIR/${1}_${version}_$arch.deb"; }

if [ -d "/$plugins" ]; then
	skip_test "/$plugins exists (plio's packages are installed here): the packaged plio would load its plugins"
fi

# --- the packages and what they hold
pkgs="plio plio-engine-libaio plio-engine-io-uring plio-mpi plio-dev"
if [ -f "$(deb plio-engine-libpmem)" ]; then
	pkgs="$pkgs plio-engine-libpmem"
else
	skip_part "no plio-engine-libpmem for $arch (libpmem is built where Debian has it)"
fi
for p in $pkgs; do
	[ -f "$(deb "$p")" ] && pass || fail "package $p: no $(deb "$p")"
	dpkg-deb -c "$(deb "$p")" 2>/dev/null | awk '{ print substr($6, 2) }' >"$T/$p.list"
	dpkg-deb -f "$(deb "$p")" Depends >"$T/$p.dep" 2>/dev/null
done

# contents, exactly for the engine packages
grep -E '\.(la|a)$' "$T"/*.list && fail "libtool archives or .la files packaged" || pass
for pe in plio-engine-libaio:aio plio-engine-io-uring:uring plio-engine-libpmem:pmem; do
	p=${pe%%:*}
	[ -f "$T/$p.list" ] || continue
	got=$(grep '\.so$' "$T/$p.list")
	[ "$got" = "/$plugins/${pe#*:}.so" ] && pass || fail "$p holds $got, expected /$plugins/${pe#*:}.so"
done
# holds PKG FILE...: one pass when package PKG holds every FILE, else a
# fail for each one it lacks
holds() {
	_hp=$1
	_hn=$fails
	shift
	for _hf; do
		grep -qx "$_hf" "$T/$_hp.list" || fail "package $_hp lacks $_hf"
	done
	[ "$fails" = "$_hn" ] && pass
}
holds plio /usr/bin/plio /usr/share/man/man1/plio.1.gz /usr/share/bash-completion/completions/plio \
	/usr/share/doc/plio/copyright $(for p in null sync mmap falloc ftruncate sg tiobench act \
		posixaio splice fileops cpuio exec net; do echo "/$plugins/$p.so"; done)
grep -E '/(aio|uring|pmem)\.so$' "$T/plio.list" && fail "package plio holds an engine that links a library" || pass
holds plio-mpi /usr/bin/plio-mpi /usr/share/man/man1/plio-mpi.1.gz \
	/usr/share/bash-completion/completions/plio-mpi
holds plio-dev /usr/include/plio/plio.h /usr/include/plio/plugin.h \
	"/usr/lib/$triplet/pkgconfig/plio-sdk.pc" /usr/share/doc/plio-dev/examples/example.c \
	/usr/share/doc/plio-dev/examples/Makefile

# dependencies: the core needs no engine library and no MPI; each engine
# package needs its library and this very plio
grep -Eq 'liburing|libaio|libpmem|libmpi|openmpi|mpich' "$T/plio.dep" &&
	fail "package plio depends on an engine library or MPI: $(cat "$T/plio.dep")" || pass
for pl in plio-engine-libaio:libaio plio-engine-io-uring:liburing plio-engine-libpmem:libpmem \
	plio-mpi:libopenmpi; do
	p=${pl%%:*}
	[ -f "$T/$p.dep" ] || continue
	grep -q "${pl#*:}" "$T/$p.dep" && grep -q "plio (= $version)" "$T/$p.dep" && pass ||
		fail "$p depends on: $(cat "$T/$p.dep") (expected ${pl#*:} and plio (= $version))"
done

# --- the core package alone, in a scratch root
R=$T/root
dpkg -x "$(deb plio)" "$R" || exit 99
PLIO=$R/usr/bin/plio
PD="--plugin-dir=$R/$plugins"
run_ok "packaged plio --version" "$PLIO" --version &&
	{ [ "$(cat "$T/out")" = "plio-$version" ] && pass ||
		fail "plio --version says $(cat "$T/out"), the package is $version"; }
ldd "$PLIO" | grep -E 'liburing|libaio|libpmem|libmpi' && fail "packaged plio links an engine library" || pass
run_ok "psync from the core package" "$PLIO" $PD --name=c --ioengine=psync --rw=write --bs=4k \
	--size=1m --filename="$T/f" --output-format=json &&
	jexpect "psync from the core package" "$T/out" "jobs.0.write.io_bytes == 1048576"
run_ok "--enghelp with the core package alone" "$PLIO" $PD --enghelp
cp "$T/out" "$T/enghelp"
for ep in libaio:aio:plio-engine-libaio io_uring:uring:plio-engine-io-uring \
	libpmem:pmem:plio-engine-libpmem; do
	e=${ep%%:*}
	rest=${ep#*:}
	f=${rest%%:*}
	p=${rest#*:}
	case " $pkgs " in *" $p "*) ;; *) continue ;; esac
	grep -Eq "^$e +- +- +not installed: plugin file $f\\.so comes in package $p; install it with: apt-get install $p\$" \
		"$T/enghelp" && pass || { fail "--enghelp does not name package $p for $e:"; cat "$T/enghelp" >&2; }
	if run_fails "ioengine=$e without its package" \
		"^plio: .*ioengine: no engine '$e' \\(not installed: plugin file $f\\.so comes in package $p; install it with: apt-get install $p\\)" \
		"$PLIO" $PD --name=c --ioengine=$e --size=1m --filename="$T/f"; then
		[ "$(wc -l <"$T/err")" -eq 1 ] && pass || fail "ioengine=$e without its package: $(wc -l <"$T/err") lines"
	fi
done

# --- each engine package added: its engine runs
for ep in plio-engine-libaio:libaio plio-engine-io-uring:io_uring plio-engine-libpmem:libpmem; do
	p=${ep%%:*}
	e=${ep#*:}
	case " $pkgs " in *" $p "*) ;; *) continue ;; esac
	dpkg -x "$(deb "$p")" "$R" || exit 99
	run_ok "$e from $p" "$PLIO" $PD --name=e --ioengine=$e --rw=randwrite --bs=4k --size=2m \
		--filename="$T/f.$e" --output-format=json &&
		jexpect "$e from $p" "$T/out" "jobs.0.write.io_bytes == 2097152" "jobs.0.error == 0"
	"$PLIO" $PD --enghelp | grep -Eq "^$e +$R/$plugins/[a-z]+\\.so +1\\.[0-9]+ +ok\$" && pass ||
		fail "--enghelp after installing $p: $e does not load"
done

# --- plio-dev: the SDK example built against the package, no plio sources
dpkg -x "$(deb plio-dev)" "$R" || exit 99
cp -r "$R/usr/share/doc/plio-dev/examples" "$T/ex"
gunzip -f "$T"/ex/*.gz 2>/dev/null
PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR="$R/usr/lib/$triplet/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$R"
export PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR
if run_ok "SDK example: make check" make -C "$T/ex" check &&
	run_ok "SDK example: make install" make -C "$T/ex" install DESTDIR="$T/stage"; then
	# installed where the packaged plio looks, under DESTDIR once
	[ -f "$T/stage/$plugins/example.so" ] && pass ||
		fail "SDK example installed as: $(cd "$T/stage" && find . -name example.so)"
	run_ok "the example engine in the packaged plio" "$PLIO" $PD \
		--plugin-dir="$T/stage/$plugins" --name=x --ioengine=example-mem --rw=randwrite \
		--bs=4k --size=1m --output-format=json &&
		jexpect "example-mem writes" "$T/out" "jobs.0.write.io_bytes == 1048576"
fi
unset PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR

# --- man pages render without warnings
for m in plio plio-mpi; do
	p=$(case $m in plio) echo plio ;; *) echo plio-mpi ;; esac)
	dpkg -x "$(deb "$p")" "$R" || exit 99
	if command -v man >/dev/null 2>&1; then
		MANWIDTH=80 man --warnings -l "$R/usr/share/man/man1/$m.1.gz" >"$T/man.out" 2>"$T/man.err"
		[ ! -s "$T/man.err" ] && grep -q "^NAME" "$T/man.out" && pass ||
			{ fail "man $m: warnings or nothing rendered"; head -5 "$T/man.err" >&2; }
	else
		skip_part "man is not installed: $m.1 not rendered"
	fi
done

# --- plio-mpi on two ranks, from the package
if command -v mpirun >/dev/null 2>&1; then
	OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
	OMPI_MCA_btl_vader_single_copy_mechanism=none \
		run_ok "plio-mpi from the package" mpirun --oversubscribe -np 2 "$R/usr/bin/plio-mpi" $PD \
		--name=m --ioengine=null --size=1m --output-format=json &&
		jexpect "plio-mpi: two ranks' bytes in one report" "$T/out" \
			"jobs.0.read.io_bytes == 2097152" "ranks.1.rank == 1"
else
	skip_part "mpirun is not installed: plio-mpi not run"
fi

finish
