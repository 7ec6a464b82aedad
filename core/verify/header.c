/*
 * header.c - fio 3.33's verify header and fields (header.h).
 */
#include "config.h"

/* SHA256_Transform: fio's sha256 field is the SHA-256 compression over
 * its own padding, which only the low-level call can reproduce. */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include <string.h>

#include <openssl/sha.h>

#include "base/le.h"
#include "verify/header.h"

static const struct {
	const char *name;
	uint16_t fio;		/* fio 3.33's type number */
	uint16_t field;		/* bytes after the header */
	int csum;		/* enum csum_type, -1: none */
} vtypes[VT_NR] = {
	[VT_META] = { "meta", 1, 0, -1 },
	[VT_MD5] = { "md5", 2, 16, CSUM_MD5 },
	[VT_CRC64] = { "crc64", 3, 8, CSUM_CRC64 },
	[VT_CRC32] = { "crc32", 4, 4, CSUM_CRC32 },
	[VT_CRC32C] = { "crc32c", 5, 4, CSUM_CRC32C },
	[VT_CRC16] = { "crc16", 7, 2, CSUM_CRC16 },
	[VT_CRC7] = { "crc7", 8, 1, CSUM_CRC7 },
	[VT_SHA256] = { "sha256", 9, 64, CSUM_SHA256 },
	[VT_SHA512] = { "sha512", 10, 128, CSUM_SHA512 },
	[VT_SHA3_224] = { "sha3-224", 11, 28, CSUM_SHA3_224 },
	[VT_SHA3_256] = { "sha3-256", 12, 32, CSUM_SHA3_256 },
	[VT_SHA3_384] = { "sha3-384", 13, 48, CSUM_SHA3_384 },
	[VT_SHA3_512] = { "sha3-512", 14, 64, CSUM_SHA3_512 },
	[VT_XXHASH] = { "xxhash", 15, 4, CSUM_XXHASH },
	[VT_SHA1] = { "sha1", 16, 20, CSUM_SHA1 },
	[VT_PATTERN] = { "pattern", 17, 0, -1 },
};

const char *vtype_name(enum vtype t)
{
	return (unsigned int)t < VT_NR ? vtypes[t].name : "?";
}

uint16_t vtype_fio(enum vtype t)
{
	return vtypes[t].fio;
}

int vtype_from_fio(uint16_t n)
{
	int t;

	for (t = 0; t < VT_NR; t++)
		if (vtypes[t].fio == n)
			return t;
	return -1;
}

size_t vtype_field_len(enum vtype t)
{
	return vtypes[t].field;
}

int vtype_csum(enum vtype t)
{
	return vtypes[t].csum;
}

void vhdr_decode(const uint8_t *p, struct vhdr *h)
{
	h->magic = (uint16_t)le_get(p, 2);
	h->type = (uint16_t)le_get(p + 2, 2);
	h->len = (uint32_t)le_get(p + 4, 4);
	h->rand_seed = le_get(p + 8, 8);
	h->offset = le_get(p + 16, 8);
	h->time_sec = (uint32_t)le_get(p + 24, 4);
	h->time_nsec = (uint32_t)le_get(p + 28, 4);
	h->thread = (uint16_t)le_get(p + 32, 2);
	h->numberio = (uint16_t)le_get(p + 34, 2);
	h->crc32 = (uint32_t)le_get(p + 36, 4);
}

void vhdr_encode(uint8_t *p, const struct vhdr *h)
{
	le_put(p, h->magic, 2);
	le_put(p + 2, h->type, 2);
	le_put(p + 4, h->len, 4);
	le_put(p + 8, h->rand_seed, 8);
	le_put(p + 16, h->offset, 8);
	le_put(p + 24, h->time_sec, 4);
	le_put(p + 28, h->time_nsec, 4);
	le_put(p + 32, h->thread, 2);
	le_put(p + 34, h->numberio, 2);
	le_put(p + 36, h->crc32, 4);
}

uint32_t vhdr_crc(const uint8_t *p)
{
	return csum_crc32c(p, VHDR_CRC_LEN);
}

bool vhdr_is_v341(const uint8_t *p, bool *intact)
{
	if (p[2] != VHDR_V341_VERSION)
		return false;
	*intact = le_get(p + 44, 4) == csum_crc32c(p, 44);
	return true;
}

/*
 * fio 3.33's sha256 field: SHA-256's compression over the data, then
 * over a last block padded with 0x80, zeros and the bit count stored
 * little-endian; the field is that last block with its first 8 bytes
 * replaced by the low byte of each of the 8 state words.
 */
static void sha256_fio(const uint8_t *data, size_t len, uint8_t *field)
{
	SHA256_CTX c;
	uint8_t last[64];
	size_t full = len - len % 64, tail = len % 64;
	unsigned int i;

	SHA256_Init(&c);
	for (i = 0; i < full / 64; i++)
		SHA256_Transform(&c, data + (size_t)i * 64);
	memset(last, 0, sizeof(last));
	memcpy(last, data + full, tail);
	last[tail] = 0x80;
	if (tail + 1 > 56) {
		SHA256_Transform(&c, last);
		memset(last, 0, sizeof(last));
	}
	le_put(last + 56, (uint64_t)len * 8, 8);
	SHA256_Transform(&c, last);
	memcpy(field, last, 64);
	for (i = 0; i < 8; i++)
		field[i] = (uint8_t)c.h[i];
}

/*
 * fio 3.33's sha512 field: SHA-512's 128-byte input buffer after the data
 * went in (it never finishes the hash).  Whole 128-byte blocks pass
 * through it without being kept, so it holds the data's first 128 bytes
 * with the last len % 128 bytes over their start; a short interval's
 * bytes are followed by zeroes.
 */
static void sha512_fio(const uint8_t *data, size_t len, uint8_t *field)
{
	size_t r = len % 128;

	memset(field, 0, 128);
	if (len < 128) {
		memcpy(field, data, len);
		return;
	}
	memcpy(field, data, 128);
	memcpy(field, data + len - r, r);
}

int vtype_field(enum vtype t, struct csum_ctx *c, const uint8_t *data, size_t len,
		uint8_t *field)
{
	unsigned int i;

	switch (t) {
	case VT_META:
	case VT_PATTERN:
		return 0;
	case VT_SHA256:
		sha256_fio(data, len, field);
		return 0;
	case VT_SHA512:
		sha512_fio(data, len, field);
		return 0;
	case VT_SHA1:
		/* the digest's five words, each byte-swapped */
		if (csum_compute(c, data, len, field))
			return -1;
		for (i = 0; i < 20; i += 4) {
			uint8_t a = field[i], b = field[i + 1];

			field[i] = field[i + 3];
			field[i + 1] = field[i + 2];
			field[i + 2] = b;
			field[i + 3] = a;
		}
		return 0;
	default:
		return csum_compute(c, data, len, field);
	}
}
