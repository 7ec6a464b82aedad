/*
 * crcsoft.h - crc32c, crc32 and crc64 computed by plio itself, for a plio
 * built without ISA-L: the static binary (configure --enable-static-binary),
 * since Debian's libisal-dev ships no libisal.a.  csum.c uses these only
 * then; the unit tests check them against ISA-L wherever both are present.
 *
 * Each function advances a raw CRC register over len bytes: no inversion
 * on the way in or out (csum.c's variants are fio's, which have none).
 *   crcsoft_crc32c  Castagnoli 0x1edc6f41, reflected (the CPU's crc32
 *                   instruction where SSE4.2 is present, else tables)
 *   crcsoft_crc32   0x04c11db7, not reflected (most significant bit first)
 *   crcsoft_crc64   Jones 0xad93d23594c935a9, reflected
 * The tables (32 KiB) are made on first use; any thread may call these.
 */
#ifndef PLIO_CRCSOFT_H
#define PLIO_CRCSOFT_H

#include <stddef.h>
#include <stdint.h>

uint32_t crcsoft_crc32c(uint32_t reg, const void *data, size_t len);
uint32_t crcsoft_crc32(uint32_t reg, const void *data, size_t len);
uint64_t crcsoft_crc64(uint64_t reg, const void *data, size_t len);
/* crc32c through the tables even where the CPU has the instruction (for
 * the unit tests: crcsoft_crc32c picks one of the two). */
uint32_t crcsoft_crc32c_sliced(uint32_t reg, const void *data, size_t len);

#endif
