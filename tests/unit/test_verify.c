/*
 * test_verify.c - verify's checksums (core/verify/csum.c) against the
 * published check values, and fio 3.33's header and fields
 * (core/verify/header.c) against files fio 3.33 wrote
 * (tests/unit/data/fio333-verify, made by make.sh there).
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/le.h"
#include "verify/crcsoft.h"
#include "verify/csum.h"
#include "verify/header.h"

static char datadir[PATH_MAX];

static void find_datadir(void)
{
	const char *env = getenv("TOP_SRCDIR");
	const char *suffix = "/tests/unit/test_verify.c", *me = __FILE__;
	size_t lf = strlen(me), ls = strlen(suffix);

	if (env && *env)
		snprintf(datadir, sizeof(datadir), "%s/tests/unit/data/fio333-verify", env);
	else if (lf > ls && !strcmp(&me[lf - ls], suffix))
		snprintf(datadir, sizeof(datadir), "%.*s/tests/unit/data/fio333-verify",
			 (int)(lf - ls), me);
	else
		snprintf(datadir, sizeof(datadir), "tests/unit/data/fio333-verify");
}

/* One checksum of "123456789", as a little-endian integer or bytes. */
static void check_value(enum csum_type t, const char *hex)
{
	char why[256];
	struct csum_ctx *c = csum_ctx_new(t, why, sizeof(why));
	uint8_t out[CSUM_MAX_LEN];
	char got[2 * CSUM_MAX_LEN + 1];
	size_t i;

	ck_assert_msg(c != NULL, "%s: %s", csum_name(t), why);
	ck_assert_int_eq(csum_compute(c, "123456789", 9, out), 0);
	for (i = 0; i < csum_len(t); i++)
		sprintf(&got[2 * i], "%02x", out[i]);
	ck_assert_msg(!strcmp(got, hex), "%s(\"123456789\") = %s, want %s", csum_name(t), got, hex);
	csum_ctx_free(c);
}

/*
 * The catalogued check values (reveng's CRC catalogue, RFC 1321, FIPS
 * 180/202), as fio 3.33's variants have them: its crc32c and crc32 keep
 * no final xor (the catalogue's value inverted), crc64 is CRC-64/REDIS.
 */
START_TEST(check_values)
{
	check_value(CSUM_CRC32C, "7c6df91c");	/* ~0xe3069283, little-endian */
	check_value(CSUM_CRC32, "7f89a189");	/* ~CRC-32/POSIX 0x765e7680 */
	check_value(CSUM_CRC64, "cad9b8c414d9c6e9");	/* 0xe9c6d914c4b8d9ca */
	check_value(CSUM_CRC16, "3dbb");	/* CRC-16/ARC 0xbb3d */
	check_value(CSUM_CRC7, "75");		/* CRC-7/MMC */
	check_value(CSUM_XXHASH, "8c9161f2");	/* XXH32 seed 1: 0xf261918c */
	check_value(CSUM_MD5, "25f9e794323b453885f5181f1b624d0b");
	check_value(CSUM_SHA1, "f7c3bc1d808e04732adf679965ccc34ca7ae3441");
	check_value(CSUM_SHA256, "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225");
	check_value(CSUM_SHA3_256, "87cd084d190e436f147322b90e7384f6a8e0676c99d21ef519ea718e51d45f9c");
	ck_assert_int_eq(csum_by_name("sha3-512"), CSUM_SHA3_512);
	ck_assert_int_eq(csum_by_name("crc32c-intel"), -1);
	ck_assert_uint_eq(csum_len(CSUM_SHA512), 64);
}
END_TEST

static uint8_t *slurp(const char *name, size_t *len)
{
	char path[PATH_MAX + 64];
	FILE *f;
	uint8_t *buf = malloc(1 << 16);

	snprintf(path, sizeof(path), "%s/%s", datadir, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s: cannot open", path);
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

/* Every interval of a file fio wrote with verify=name: the header as fio
 * laid it out, its crc, and the field plio computes from the data. */
static void check_fio_file(const char *file, const char *name, size_t interval)
{
	size_t len, off;
	uint8_t *buf = slurp(file, &len);
	int t, cs;
	struct csum_ctx *c = NULL;
	char why[256];

	for (t = 0; t < VT_NR; t++)
		if (!strcmp(vtype_name((enum vtype)t), name))
			break;
	ck_assert_msg(t < VT_NR, "no vtype %s", name);
	cs = vtype_csum((enum vtype)t);
	if (cs >= 0) {
		c = csum_ctx_new((enum csum_type)cs, why, sizeof(why));
		ck_assert_msg(c != NULL, "%s", why);
	}
	ck_assert_uint_eq(len % interval, 0);
	for (off = 0; off < len; off += interval) {
		const uint8_t *blk = buf + off;
		size_t hl = vtype_hdr_len((enum vtype)t);
		uint8_t field[VFIELD_MAX], again[VHDR_LEN];
		struct vhdr h;

		vhdr_decode(blk, &h);
		ck_assert_uint_eq(h.magic, VHDR_MAGIC);
		ck_assert_int_eq(vtype_from_fio(h.type), t);
		ck_assert_uint_eq(h.len, interval);
		ck_assert_uint_eq(h.offset, off);
		ck_assert_uint_eq(h.thread, 1);
		ck_assert_uint_eq(h.crc32, vhdr_crc(blk));
		vhdr_encode(again, &h);
		ck_assert(!memcmp(again, blk, VHDR_LEN));
		ck_assert_int_eq(vtype_field((enum vtype)t, c, blk + hl, interval - hl, field), 0);
		ck_assert_msg(!memcmp(field, blk + VHDR_LEN, vtype_field_len((enum vtype)t)),
			      "%s: the field at offset %zu differs from fio's", file, off);
	}
	csum_ctx_free(c);
	free(buf);
}

START_TEST(fio_files_every_type)
{
	static const char *const names[] = {
		"md5", "crc64", "crc32", "crc32c", "crc16", "crc7", "xxhash", "sha1", "sha256",
		"sha512", "sha3-224", "sha3-256", "sha3-384", "sha3-512", "meta",
	};
	char file[64];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(file, sizeof(file), "%s.bin", names[i]);
		check_fio_file(file, names[i], 512);
	}
	/* crc32c-intel is crc32c in the header (fio's number 5) */
	check_fio_file("crc32c-intel.bin", "crc32c", 512);
}
END_TEST

START_TEST(fio_files_intervals)
{
	check_fio_file("crc32c-interval.bin", "crc32c", 1024);
	check_fio_file("sha512-interval.bin", "sha512", 1024);
}
END_TEST

/* A byte changed anywhere in the data changes every real checksum's
 * field (fio's sha512 field is no checksum: see header.h). */
START_TEST(one_byte_changes_the_field)
{
	static const enum vtype strong[] = {
		VT_MD5, VT_CRC64, VT_CRC32, VT_CRC32C, VT_CRC16, VT_CRC7, VT_SHA1, VT_SHA256,
		VT_SHA3_224, VT_SHA3_256, VT_SHA3_384, VT_SHA3_512, VT_XXHASH,
	};
	uint8_t data[4096], a[VFIELD_MAX], b[VFIELD_MAX];
	char why[256];
	size_t i, k;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 131 + 7);
	for (i = 0; i < sizeof(strong) / sizeof(strong[0]); i++) {
		struct csum_ctx *c = csum_ctx_new((enum csum_type)vtype_csum(strong[i]), why,
						  sizeof(why));

		ck_assert(c != NULL);
		ck_assert_int_eq(vtype_field(strong[i], c, data, sizeof(data), a), 0);
		for (k = 0; k < sizeof(data); k += 97) {
			data[k] ^= 0x10;
			ck_assert_int_eq(vtype_field(strong[i], c, data, sizeof(data), b), 0);
			data[k] ^= 0x10;
			ck_assert_msg(memcmp(a, b, vtype_field_len(strong[i])),
				      "%s: a change at byte %zu left the field as it was",
				      vtype_name(strong[i]), k);
		}
		csum_ctx_free(c);
	}
}
END_TEST

/* Bit at a time, straight from each polynomial: the reference the tables
 * of crcsoft.c (slicing-by-8) and the CPU's instruction are held to. */
static uint32_t bit_crc32c(uint32_t r, const uint8_t *p, size_t n)
{
	while (n--) {
		r ^= *p++;
		for (int k = 0; k < 8; k++)
			r = (r & 1) ? (r >> 1) ^ 0x82f63b78u : r >> 1;
	}
	return r;
}

static uint32_t bit_crc32(uint32_t r, const uint8_t *p, size_t n)
{
	while (n--) {
		r ^= (uint32_t)*p++ << 24;
		for (int k = 0; k < 8; k++)
			r = (r & 0x80000000u) ? (r << 1) ^ 0x04c11db7u : r << 1;
	}
	return r;
}

static uint64_t bit_crc64(uint64_t r, const uint8_t *p, size_t n)
{
	while (n--) {
		r ^= *p++;
		for (int k = 0; k < 8; k++)
			r = (r & 1) ? (r >> 1) ^ 0x95ac9329ac4bc9b5ull : r >> 1;
	}
	return r;
}

/*
 * crcsoft.c (what a plio without ISA-L, the static binary, uses): the
 * check values, the bitwise reference on every length up to 300 bytes at
 * every alignment, and csum_compute's values (ISA-L's in a normal build).
 */
START_TEST(soft_crcs_agree)
{
	enum { LEN = 65536 + 8 };
	uint8_t *buf = malloc(LEN), out[CSUM_MAX_LEN];
	struct csum_ctx *c32c, *c32, *c64;
	uint32_t x = 12345;
	char why[256];
	size_t i, len, al;

	ck_assert_uint_eq(crcsoft_crc32c(~0u, "123456789", 9), 0x1cf96d7c);
	ck_assert_uint_eq(crcsoft_crc32c_sliced(~0u, "123456789", 9), 0x1cf96d7c);
	ck_assert_uint_eq(crcsoft_crc32(0, "123456789", 9), 0x89a1897f);
	ck_assert_uint_eq(crcsoft_crc64(0, "123456789", 9), 0xe9c6d914c4b8d9caull);
	for (i = 0; i < LEN; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (uint8_t)(x >> 16);
	}
	c32c = csum_ctx_new(CSUM_CRC32C, why, sizeof(why));
	c32 = csum_ctx_new(CSUM_CRC32, why, sizeof(why));
	c64 = csum_ctx_new(CSUM_CRC64, why, sizeof(why));
	ck_assert(c32c && c32 && c64);
	for (al = 0; al < 8; al++) {
		for (len = 0; len <= 300; len++) {
			const uint8_t *p = buf + al;
			uint32_t want32c = bit_crc32c(~0u, p, len), want32 = bit_crc32(0, p, len);
			uint64_t want64 = bit_crc64(0, p, len);

			ck_assert_uint_eq(crcsoft_crc32c(~0u, p, len), want32c);
			ck_assert_uint_eq(crcsoft_crc32c_sliced(~0u, p, len), want32c);
			ck_assert_uint_eq(crcsoft_crc32(0, p, len), want32);
			ck_assert_uint_eq(crcsoft_crc64(0, p, len), want64);
			csum_compute(c32c, p, len, out);
			ck_assert_uint_eq(le_get(out, 4), want32c);
			csum_compute(c32, p, len, out);
			ck_assert_uint_eq(le_get(out, 4), want32);
			csum_compute(c64, p, len, out);
			ck_assert_uint_eq(le_get(out, 8), want64);
		}
	}
	/* a long buffer, in two pieces: the register carries over */
	csum_compute(c32c, buf + 3, 65536, out);
	ck_assert_uint_eq(crcsoft_crc32c(crcsoft_crc32c(~0u, buf + 3, 1000), buf + 1003, 64536),
			  le_get(out, 4));
	ck_assert_uint_eq(crcsoft_crc32c_sliced(~0u, buf + 3, 65536), le_get(out, 4));
	csum_compute(c32, buf + 3, 65536, out);
	ck_assert_uint_eq(crcsoft_crc32(crcsoft_crc32(0, buf + 3, 999), buf + 1002, 64537),
			  le_get(out, 4));
	csum_compute(c64, buf + 3, 65536, out);
	ck_assert_uint_eq(crcsoft_crc64(crcsoft_crc64(0, buf + 3, 17), buf + 20, 65519),
			  le_get(out, 8));
	csum_ctx_free(c32c);
	csum_ctx_free(c32);
	csum_ctx_free(c64);
	free(buf);
}
END_TEST

static Suite *verify_suite(void)
{
	Suite *s = suite_create("verify");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, check_values);
	tcase_add_test(tc, fio_files_every_type);
	tcase_add_test(tc, fio_files_intervals);
	tcase_add_test(tc, one_byte_changes_the_field);
	tcase_add_test(tc, soft_crcs_agree);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(verify_suite());
	int failed;

	find_datadir();
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
