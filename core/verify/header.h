/*
 * header.h - fio 3.33's verify header, byte for byte, so that data either
 * tool wrote verifies with the other.
 *
 * Every verify interval (the block, or verify_interval bytes of it)
 * starts with a 40-byte header, little-endian:
 *
 *    0  u16 magic 0xacca      2  u16 type (fio's number, vtype_fio)
 *    4  u32 len (interval)    8  u64 rand_seed (of the write's data)
 *   16  u64 offset (the interval's, in the file)
 *   24  u32 time_sec         28  u32 time_nsec (when the write began)
 *   32  u16 thread (the writing job, from 1)
 *   34  u16 numberio (the job's write count, 16 bits)
 *   36  u32 crc32c of bytes 0..35 (register from ~0, no final xor)
 *
 * then the type's field (its size: vtype_field_len), then data to the
 * end of the interval, which the field checks.  fio 3.33's fields are not
 * all what their names say: sha1's words are byte-swapped; sha256 keeps
 * the low byte of each state word over the last message block, with a
 * little-endian length; sha512 is the hash's input buffer, never a digest
 * (it covers at most 128 bytes of the data).  vtype_field() computes them
 * as fio does; plio's own check of every byte is a separate matter
 * (doc/fio-differences.md).
 */
#ifndef PLIO_VERIFY_HEADER_H
#define PLIO_VERIFY_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verify/csum.h"

#define VHDR_MAGIC 0xacca
#define VHDR_LEN 40
#define VHDR_CRC_LEN 36		/* what the header's own crc covers */
#define VFIELD_MAX 128		/* sha512's field */

/* The kinds of verify header (verify= without pattern and null). */
enum vtype {
	VT_META,		/* the header alone */
	VT_MD5,
	VT_CRC64,
	VT_CRC32,
	VT_CRC32C,
	VT_CRC16,
	VT_CRC7,
	VT_SHA1,
	VT_SHA256,
	VT_SHA512,
	VT_SHA3_224,
	VT_SHA3_256,
	VT_SHA3_384,
	VT_SHA3_512,
	VT_XXHASH,
	VT_PATTERN,		/* fio's verify_pattern without verify=: the
				 * header alone (type 17), the data the pattern */
	VT_NR
};

/* The header's fields. */
struct vhdr {
	uint16_t magic;
	uint16_t type;		/* fio's number */
	uint32_t len;
	uint64_t rand_seed;
	uint64_t offset;
	uint32_t time_sec;
	uint32_t time_nsec;
	uint16_t thread;
	uint16_t numberio;
	uint32_t crc32;
};

/*
 * fio 3.41 and later write a 48-byte header with a version byte where fio
 * 3.33's type field has its low byte (0x81, which no type number has),
 * the type in the next byte, a 64-bit numberio at 32 and its crc32c, over
 * bytes 0-43, at 44.  plio does not read it; it says what it is.
 */
#define VHDR_V341_VERSION 0x81
#define VHDR_V341_LEN 48
/* Whether p (a header whose magic is fio's) is fio 3.41's; its crc is
 * then checked into *intact. */
bool vhdr_is_v341(const uint8_t *p, bool *intact);

/* verify='s name for t ("md5", "meta", ...). */
const char *vtype_name(enum vtype t);

/* fio's number for t in the header's type field, and back (-1: none). */
uint16_t vtype_fio(enum vtype t);
int vtype_from_fio(uint16_t n);

/* Bytes of t's field after the header; the header and field together. */
size_t vtype_field_len(enum vtype t);
static inline size_t vtype_hdr_len(enum vtype t)
{
	return VHDR_LEN + vtype_field_len(t);
}

/* The checksum t's field is computed with (VT_META: none, -1). */
int vtype_csum(enum vtype t);

/* Read and write the 40 header bytes (the crc as stored / computed). */
void vhdr_decode(const uint8_t *p, struct vhdr *h);
void vhdr_encode(uint8_t *p, const struct vhdr *h);

/* The crc a header's first 36 bytes should carry. */
uint32_t vhdr_crc(const uint8_t *p);

/*
 * t's field over data[0, len) into field (vtype_field_len(t) bytes), as
 * fio 3.33 computes it; c is a context for vtype_csum(t).  0, or -1 when
 * the library failed.
 */
int vtype_field(enum vtype t, struct csum_ctx *c, const uint8_t *data, size_t len,
		uint8_t *field);

#endif
