/*
 * csum.c - verify='s checksums (csum.h): the libraries do the work.
 *
 * The CRC variants are fio 3.33's, established against data fio wrote
 * (tests/unit/test_csum.c checks each against fixed vectors):
 *   crc32c  Castagnoli, reflected, register starts at ~0, no final xor
 *   crc32   0x04c11db7, not reflected, starts at 0, no final xor
 *   crc64   Jones (0xad93d23594c935a9), reflected, 0 in, no final xor
 *   crc16   CRC-16/ARC: 0x8005 reflected, 0 in, no final xor
 *   crc7    CRC-7/MMC: 0x09, not reflected, 0 in, the 7-bit value
 *   xxhash  XXH32 with seed 1
 * ISA-L's functions take and return the register inverted (init ~0 and
 * a final xor are their convention), so the raw register is ~f(~0, ...).
 * A plio built without ISA-L (the static binary: there is no libisal.a
 * to link) computes the three CRCs itself (crcsoft.c): the same values,
 * more slowly.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_ISAL
#include <isa-l/crc.h>
#include <isa-l/crc64.h>
#endif
#include <openssl/evp.h>
#include <xxhash.h>

#include "base/le.h"
#include "verify/crcsoft.h"
#include "verify/csum.h"

static const struct {
	const char *name;
	size_t len;
	const char *evp;	/* OpenSSL's name, for the hashes */
} types[CSUM_NR] = {
	[CSUM_MD5] = { "md5", 16, "MD5" },
	[CSUM_CRC64] = { "crc64", 8, NULL },
	[CSUM_CRC32] = { "crc32", 4, NULL },
	[CSUM_CRC32C] = { "crc32c", 4, NULL },
	[CSUM_CRC16] = { "crc16", 2, NULL },
	[CSUM_CRC7] = { "crc7", 1, NULL },
	[CSUM_SHA1] = { "sha1", 20, "SHA1" },
	[CSUM_SHA256] = { "sha256", 32, "SHA256" },
	[CSUM_SHA512] = { "sha512", 64, "SHA512" },
	[CSUM_SHA3_224] = { "sha3-224", 28, "SHA3-224" },
	[CSUM_SHA3_256] = { "sha3-256", 32, "SHA3-256" },
	[CSUM_SHA3_384] = { "sha3-384", 48, "SHA3-384" },
	[CSUM_SHA3_512] = { "sha3-512", 64, "SHA3-512" },
	[CSUM_XXHASH] = { "xxhash", 4, NULL },
};

struct csum_ctx {
	enum csum_type type;
	EVP_MD *md;		/* the hashes: fetched once */
	EVP_MD_CTX *mdc;
};

const char *csum_name(enum csum_type t)
{
	return (unsigned int)t < CSUM_NR ? types[t].name : "?";
}

int csum_by_name(const char *name)
{
	int t;

	for (t = 0; t < CSUM_NR; t++)
		if (!strcmp(name, types[t].name))
			return t;
	return -1;
}

size_t csum_len(enum csum_type t)
{
	return (unsigned int)t < CSUM_NR ? types[t].len : 0;
}

/* ------------------------------------------------------ crc16 and crc7 */

static uint16_t crc16_table[256];
static uint8_t crc7_table[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void tables_make(void)
{
	unsigned int b, k;

	for (b = 0; b < 256; b++) {
		uint16_t c = (uint16_t)b;
		uint8_t s = (uint8_t)b;

		for (k = 0; k < 8; k++) {
			c = (c & 1) ? (uint16_t)((c >> 1) ^ 0xa001) : (uint16_t)(c >> 1);
			/* crc7 kept in the byte's top 7 bits: 0x09 << 1 */
			s = (s & 0x80) ? (uint8_t)((s << 1) ^ 0x12) : (uint8_t)(s << 1);
		}
		crc16_table[b] = c;
		crc7_table[b] = s;
	}
}

static uint16_t crc16(const uint8_t *p, size_t len)
{
	uint16_t c = 0;

	while (len--)
		c = (uint16_t)((c >> 8) ^ crc16_table[(c ^ *p++) & 0xff]);
	return c;
}

static uint8_t crc7(const uint8_t *p, size_t len)
{
	uint8_t c = 0;

	while (len--)
		c = crc7_table[c ^ *p++];
	return (uint8_t)(c >> 1);
}

/* The raw registers (no inversion in or out), from ISA-L or crcsoft.c. */
#ifdef HAVE_ISAL
static uint32_t raw_crc32c(const void *p, size_t len)
{
	return crc32_iscsi((unsigned char *)p, (int)len, 0xffffffffu);
}

static uint32_t raw_crc32(const void *p, size_t len)
{
	return ~crc32_ieee(0xffffffffu, p, len);
}

static uint64_t raw_crc64(const void *p, size_t len)
{
	return ~crc64_jones_refl(~(uint64_t)0, p, len);
}
#else
static uint32_t raw_crc32c(const void *p, size_t len)
{
	return crcsoft_crc32c(0xffffffffu, p, len);
}

static uint32_t raw_crc32(const void *p, size_t len)
{
	return crcsoft_crc32(0, p, len);
}

static uint64_t raw_crc64(const void *p, size_t len)
{
	return crcsoft_crc64(0, p, len);
}
#endif

/* ------------------------------------------------------------------ API */

uint32_t csum_crc32c(const void *data, size_t len)
{
	return raw_crc32c(data, len);
}

struct csum_ctx *csum_ctx_new(enum csum_type t, char *why, size_t why_len)
{
	struct csum_ctx *c;

	if ((unsigned int)t >= CSUM_NR) {
		snprintf(why, why_len, "no checksum %d", (int)t);
		return NULL;
	}
	pthread_once(&tables_once, tables_make);
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	c->type = t;
	if (types[t].evp) {
		c->md = EVP_MD_fetch(NULL, types[t].evp, NULL);
		c->mdc = EVP_MD_CTX_new();
		if (!c->md || !c->mdc) {
			snprintf(why, why_len, "OpenSSL's libcrypto does not offer %s here",
				 types[t].evp);
			csum_ctx_free(c);
			return NULL;
		}
	}
	return c;
}

void csum_ctx_free(struct csum_ctx *c)
{
	if (!c)
		return;
	EVP_MD_CTX_free(c->mdc);
	EVP_MD_free(c->md);
	free(c);
}

int csum_compute(struct csum_ctx *c, const void *data, size_t len, uint8_t *out)
{
	const uint8_t *p = data;
	unsigned int dlen;

	switch (c->type) {
	case CSUM_CRC32C:
		le_put(out, csum_crc32c(p, len), 4);
		return 0;
	case CSUM_CRC32:
		le_put(out, raw_crc32(p, len), 4);
		return 0;
	case CSUM_CRC64:
		le_put(out, raw_crc64(p, len), 8);
		return 0;
	case CSUM_CRC16:
		le_put(out, crc16(p, len), 2);
		return 0;
	case CSUM_CRC7:
		out[0] = crc7(p, len);
		return 0;
	case CSUM_XXHASH:
		le_put(out, XXH32(p, len, 1), 4);
		return 0;
	default:
		/* the hashes: a context fetched before the run, no allocation */
		if (!EVP_DigestInit_ex2(c->mdc, c->md, NULL) ||
		    !EVP_DigestUpdate(c->mdc, p, len) ||
		    !EVP_DigestFinal_ex(c->mdc, out, &dlen))
			return -1;
		return 0;
	}
}
