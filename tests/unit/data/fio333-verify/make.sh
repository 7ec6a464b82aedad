#!/bin/sh
# make.sh - how the files beside it were written: by fio 3.33, one per
# verify type (two 512-byte blocks each), and two of 4 KiB blocks with a
# 1 KiB verify_interval.  tests/unit/test_verify.c checks plio's headers
# and fields against them.  Run from this folder with fio 3.33 on PATH.
set -eu
for t in md5 crc64 crc32 crc32c crc32c-intel crc16 crc7 xxhash sha1 sha256 sha512 \
	sha3-224 sha3-256 sha3-384 sha3-512 meta; do
	rm -f "$t.bin"
	fio --name=w --filename="$t.bin" --rw=write --bs=512 --size=1k --verify="$t" \
		--do_verify=0 --verify_state_save=0 --output=/dev/null
done
for t in sha512 crc32c; do
	rm -f "$t-interval.bin"
	fio --name=w --filename="$t-interval.bin" --rw=write --bs=4k --size=8k \
		--verify_interval=1k --verify="$t" --do_verify=0 --verify_state_save=0 \
		--output=/dev/null
done
