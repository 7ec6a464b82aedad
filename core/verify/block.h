/*
 * block.h - one written block's verify data, and the check of a block
 * read back (fio 3.33's layout: header.h).
 *
 * A block is cut into intervals (verify_interval, or the whole block);
 * each starts with a header and the type's field, and the rest is data.
 * plio's data is random from the write's seed (the header's rand_seed):
 * the whole block is filled from it first, then each interval's header
 * goes over its start, so the data of a block plio wrote can be made
 * again, which tells what a damaged block holds (vbad_explain).
 */
#ifndef PLIO_VERIFY_BLOCK_H
#define PLIO_VERIFY_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/parse.h"
#include "verify/header.h"

/* What a write puts in its headers besides the type and offsets. */
struct vwrite {
	uint64_t seed;		/* rand_seed: the data's */
	uint64_t numberio;	/* the job's write count (16 bits stored) */
	uint16_t thread;	/* the writing job, from 1 */
	uint32_t sec, nsec;	/* when the write began */
};

/*
 * How a job's blocks are laid out and checked: the header type, the
 * interval, verify_offset, a pattern for the data (verify_pattern; with
 * pattern_only, verify=pattern: no header at all), and what to check.
 */
struct vcheck {
	enum vtype type;
	uint64_t interval;	/* 0: one per block */
	uint64_t hdr_at;	/* verify_offset: the header swapped with the
				 * bytes there; 0: at the interval's start */
	struct csum_ctx *csum;	/* for vtype_csum(type); NULL for meta */
	const uint8_t *pattern;	/* the data, phase from the I/O's start; NULL:
				 * random from the write's seed */
	size_t pattern_len;
	const struct pattern_fmt *fmt;	/* the pattern's %o: the I/O's offset */
	bool pattern_only;	/* verify=pattern: no header */
	bool numberio;		/* compare numberio with numberio_want */
	uint16_t numberio_want;
	bool stop_first;	/* verify_fatal: stop at the first bad one */
};

/*
 * Fill buf[0, len), to be written at file offset off: the data (the
 * pattern, or random from w->seed), then each interval's header and
 * field.  0, or -1 when the checksum library failed.
 */
int vblock_fill(const struct vcheck *vc, uint8_t *buf, size_t len, uint64_t off,
		const struct vwrite *w);

/* What was wrong with one interval of a block read back. */
enum vbad_kind {
	VB_MAGIC = 1,		/* no header: magic is not 0xacca */
	VB_LEN,			/* its len is not the interval's */
	VB_OFFSET,		/* written for another offset */
	VB_NUMBERIO,		/* another write of this block than the last */
	VB_CRC,			/* the header's own crc does not match */
	VB_TYPE,		/* another verify type */
	VB_FIELD,		/* the data does not match the field */
	VB_DATA,		/* sha512: the field matches (it covers 128
				 * bytes), the data is not what plio wrote */
	VB_PATTERN,		/* the data is not the pattern */
	VB_V341,		/* fio 3.41's versioned 48-byte header */
};

struct vbad {
	enum vbad_kind kind;
	uint64_t offset;	/* the interval's, in the file */
	uint64_t io_off;	/* its block's (the pattern's phase, %o) */
	uint32_t len;		/* the interval's length */
	struct vhdr hdr;	/* the header as read */
	uint32_t crc_calc;	/* VB_CRC: what the header's bytes give */
	uint16_t numberio_want;	/* VB_NUMBERIO */
	bool intact;		/* VB_V341: its own crc matches */
	size_t field_len;	/* VB_FIELD: */
	uint8_t want[VFIELD_MAX];	/* the field as read */
	uint8_t got[VFIELD_MAX];	/* computed from the data read */
};

/*
 * Check buf[0, len), read at file offset off: every interval's header
 * (magic, len, offset, numberio when asked, crc, type), its field and,
 * with a pattern, its data (a verify_offset header is swapped back in
 * buf first).
 * Returns how many intervals were bad (bad[] holds the first max), or -1
 * when the checksum library failed.
 */
int vblock_check(const struct vcheck *vc, uint8_t *buf, size_t len, uint64_t off,
		 struct vbad *bad, unsigned int max);

/*
 * One line on b: where, what ("crc32c: expected 0x..., received 0x..."),
 * what the header says (which job wrote it, its write number, when) and,
 * where it can tell, what the block holds instead: another offset's data
 * (a misdirected write), an older write of this block (a lost write),
 * parts of two writes (a torn write), or damage to a few bytes of one
 * (found by making the data again from the header's seed).  blk is the
 * interval as read.
 */
void vbad_explain(const struct vcheck *vc, const struct vbad *b, const uint8_t *blk,
		  char *line, size_t size);

#endif
