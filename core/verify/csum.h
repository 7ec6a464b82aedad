/*
 * csum.h - the checksums and hashes of verify=, from well-kept libraries:
 * md5, sha1, sha2 and sha3 from OpenSSL's libcrypto; crc32c, crc32 and
 * crc64 from ISA-L (the CPU's carry-less multiply and CRC instructions,
 * a portable path chosen at run time where they are missing); xxhash
 * from libxxhash.  crc16 and crc7, which no such library offers, are
 * small tables here.  A plio built without ISA-L (the static binary)
 * computes crc32c, crc32 and crc64 itself (crcsoft.h).
 *
 * Each algorithm is the variant fio 3.33 stores in its verify headers, so
 * that data either tool wrote verifies with the other (verify/header.c
 * lays the values out).  A csum_ctx belongs to one thread; it is made
 * before the run (OpenSSL's digest context and the fetched algorithm), so
 * that csum_compute() allocates nothing.
 */
#ifndef PLIO_CSUM_H
#define PLIO_CSUM_H

#include <stddef.h>
#include <stdint.h>

enum csum_type {
	CSUM_MD5,
	CSUM_CRC64,
	CSUM_CRC32,
	CSUM_CRC32C,
	CSUM_CRC16,
	CSUM_CRC7,
	CSUM_SHA1,
	CSUM_SHA256,
	CSUM_SHA512,
	CSUM_SHA3_224,
	CSUM_SHA3_256,
	CSUM_SHA3_384,
	CSUM_SHA3_512,
	CSUM_XXHASH,
	CSUM_NR
};

/* The longest value csum_compute() writes (sha512, sha3-512). */
#define CSUM_MAX_LEN 64

/* The name verify= and --crctest use ("md5", "sha3-256", ...). */
const char *csum_name(enum csum_type t);

/* The type called name, or -1. */
int csum_by_name(const char *name);

/* How many bytes csum_compute() writes for t. */
size_t csum_len(enum csum_type t);

struct csum_ctx;

/*
 * A context for t on one thread, or NULL with why filled (the library
 * does not offer the algorithm: OpenSSL built without it, say).
 */
struct csum_ctx *csum_ctx_new(enum csum_type t, char *why, size_t why_len);
void csum_ctx_free(struct csum_ctx *c);

/*
 * The checksum of data[0, len) into out (csum_len bytes): the CRCs and
 * xxhash as little-endian integers, the hashes as their digest bytes.
 * 0, or -1 when the library failed (OpenSSL's digest calls can).
 */
int csum_compute(struct csum_ctx *c, const void *data, size_t len, uint8_t *out);

/* crc32c of data (the header's own check, and its fast path). */
uint32_t csum_crc32c(const void *data, size_t len);

#endif
