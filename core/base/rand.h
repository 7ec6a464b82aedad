/*
 * rand.h - random numbers and the random map of a worker.
 *
 * rand_state: xoshiro256** seeded through splitmix64; fast, 64-bit, and
 * repeatable from one seed (randrepeat/randseed).
 * randmap: one bit per block of a file region, so random I/O touches every
 * block exactly once per pass (fio's default without norandommap).  A
 * random pick that lands on a used block moves to the next free one.  The
 * map is allocated once, before the run; nothing here allocates per I/O.
 */
#ifndef PLIO_RAND_H
#define PLIO_RAND_H

#include <stdbool.h>
#include <stdint.h>

struct rand_state {
	uint64_t s[4];
};

void rand_seed(struct rand_state *r, uint64_t seed);

static inline uint64_t rand_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t rand_next(struct rand_state *r)
{
	uint64_t *s = r->s;
	uint64_t result = rand_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rand_rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n), n > 0 (multiply-shift: no division). */
static inline uint64_t rand_below(struct rand_state *r, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)rand_next(r) * n) >> 64);
}

struct randmap {
	uint64_t *words;	/* bit set = block used this pass */
	uint64_t *summary;	/* bit set = that word of `words` is full */
	uint64_t nr_blocks;
	uint64_t nr_used;
	uint64_t last_word;	/* index of the last word of `words` */
	uint64_t last_mask;	/* its bits that are blocks */
};

/* 0 or -ENOMEM. */
int randmap_init(struct randmap *m, uint64_t nr_blocks);
void randmap_free(struct randmap *m);
void randmap_reset(struct randmap *m);
static inline bool randmap_full(const struct randmap *m)
{
	return m->nr_used >= m->nr_blocks;
}

/*
 * Take block `want` if free, else the next free block after it (wrapping).
 * Then also take up to max_run-1 following free blocks, stopping at a used
 * block or the end of the map.  Returns the first block taken and stores
 * the run length in *run; returns UINT64_MAX when the map is full.
 */
uint64_t randmap_take(struct randmap *m, uint64_t want, uint64_t max_run,
		      uint64_t *run);

/* The block randmap_take would start with, left free; UINT64_MAX when the
 * map is full. */
uint64_t randmap_peek(const struct randmap *m, uint64_t want);

#endif
