/*
 * state.h - the verify state file (verify_state_save, verify_state_load)
 * in fio 3.33's layout (version 3), little-endian:
 *
 *   0x00 u64 version 3         0x08 u64 bytes after 0x18 (152 + 16 n)
 *   0x10 u64 crc32c of everything after 0x18 (register from ~0, no
 *            final xor, as the verify header's)
 *   0x18 u64 n: completions listed     0x20 u32 depth   0x24 u32 files
 *   0x28 u64 writes issued             0x30 u64 the clone's index
 *   0x38 u64 64-bit generator (fio's)  0x40 48 bytes: fio's generator
 *   0x70 64 bytes: the job's name, NUL-padded
 *   0xb0 n x { u64 file, u64 offset }: each file's last `depth` completed
 *        writes, the latest first
 *
 * A write numbered i (from 0) completed if i < writes - depth, or if it is
 * listed; later ones may not have.  plio leaves fio's generator fields
 * zero: its own sequences are made again from the job's seeds.
 */
#ifndef PLIO_VERIFY_STATE_H
#define PLIO_VERIFY_STATE_H

#include <stddef.h>
#include <stdint.h>

#define VSTATE_VERSION 3
#define VSTATE_FIXED 0xb0		/* bytes before the list */
#define VSTATE_NAME 64

struct vstate_comp {
	uint64_t file;
	uint64_t offset;
};

struct vstate {
	uint64_t n_comps;
	uint32_t depth;
	uint32_t nr_files;
	uint64_t writes;
	uint64_t index;
	char name[VSTATE_NAME + 1];
};

static inline size_t vstate_size(uint64_t n_comps)
{
	return VSTATE_FIXED + (size_t)n_comps * 16;
}

/* The whole file into p (vstate_size(s->n_comps) bytes), crc included. */
void vstate_encode(uint8_t *p, const struct vstate *s, const struct vstate_comp *comps);

/*
 * Read a state file's len bytes: 0, or -1 with why ("version 2, not 3",
 * "its crc does not match: corrupt", ...).  The completions are read with
 * vstate_comp(p, i).
 */
int vstate_decode(const uint8_t *p, size_t len, struct vstate *s, char *why, size_t why_len);
struct vstate_comp vstate_comp(const uint8_t *p, uint64_t i);

#endif
