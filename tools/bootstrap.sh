#!/bin/sh
# bootstrap.sh - install what plio's build and tests need (Debian, as root),
# then build plio in this tree.  Safe to run again: it installs only what is
# missing and reconfigures only when needed.
set -eu
cd "$(dirname "$0")/.."

PKGS="build-essential autoconf automake libtool libltdl-dev pkg-config check \
liburing-dev libaio-dev libpmem-dev libnuma-dev libssl-dev libisal-dev libxxhash-dev \
libopenmpi-dev openmpi-bin python3 fio strace abigail-tools groff-base man-db bash-completion file"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "bootstrap: installing$missing"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

[ -x configure ] || ./autogen.sh
[ -f Makefile ] || ./configure ${CONFIGURE_FLAGS:-}
make -j"$(nproc)"
