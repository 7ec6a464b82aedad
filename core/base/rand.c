/*
 * rand.c - seeding and the random map (see rand.h).
 *
 * The map keeps a second level, one bit per 64-bit word, so finding the
 * next free block costs a few word scans even when the map is almost full.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/rand.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void rand_seed(struct rand_state *r, uint64_t seed)
{
	uint64_t x = seed;
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t nwords(uint64_t bits)
{
	return (bits + 63) / 64;
}

int randmap_init(struct randmap *m, uint64_t nr_blocks)
{
	memset(m, 0, sizeof(*m));
	m->nr_blocks = nr_blocks;
	m->last_word = nwords(nr_blocks) ? nwords(nr_blocks) - 1 : 0;
	m->last_mask = nr_blocks % 64 ? (1ull << (nr_blocks % 64)) - 1 : ~0ull;
	m->words = calloc(nwords(nr_blocks) ? nwords(nr_blocks) : 1, sizeof(uint64_t));
	m->summary = calloc(nwords(nwords(nr_blocks)) ? nwords(nwords(nr_blocks)) : 1,
			    sizeof(uint64_t));
	if (!m->words || !m->summary) {
		randmap_free(m);
		return -ENOMEM;
	}
	return 0;
}

void randmap_free(struct randmap *m)
{
	free(m->words);
	free(m->summary);
	m->words = m->summary = NULL;
}

void randmap_reset(struct randmap *m)
{
	/* an empty map is clear already: its pages (untouched, for a
	 * large region) stay so, and a job's first I/O does not wait for a
	 * memset of megabytes */
	if (!m->nr_used)
		return;
	memset(m->words, 0, nwords(m->nr_blocks) * sizeof(uint64_t));
	memset(m->summary, 0, nwords(nwords(m->nr_blocks)) * sizeof(uint64_t));
	m->nr_used = 0;
}

static bool bit_used(const struct randmap *m, uint64_t b)
{
	return m->words[b / 64] & (1ull << (b % 64));
}

static void set_used(struct randmap *m, uint64_t b)
{
	uint64_t w = b / 64;
	/* the last word is full when all its valid bits are set */
	uint64_t full = w == m->last_word ? m->last_mask : ~0ull;

	m->words[w] |= 1ull << (b % 64);
	m->nr_used++;
	if ((m->words[w] & full) == full)
		m->summary[w / 64] |= 1ull << (w % 64);
}

/* First free block at or after b, or UINT64_MAX. */
static uint64_t next_free(const struct randmap *m, uint64_t b)
{
	uint64_t nw = nwords(m->nr_blocks), w = b / 64;
	uint64_t free_bits;

	if (b >= m->nr_blocks)
		return UINT64_MAX;
	/* the word holding b, from b on */
	free_bits = ~m->words[w] & (~0ull << (b % 64));
	if (free_bits) {
		b = w * 64 + (uint64_t)__builtin_ctzll(free_bits);
		return b < m->nr_blocks ? b : UINT64_MAX;
	}
	/* then whole words, skipping full ones through the summary */
	for (w++; w < nw;) {
		uint64_t s = ~m->summary[w / 64] & (~0ull << (w % 64));

		if (!s) {
			w = (w / 64 + 1) * 64;
			continue;
		}
		w = (w / 64) * 64 + (uint64_t)__builtin_ctzll(s);
		if (w >= nw)
			break;
		free_bits = ~m->words[w];
		if (free_bits) {
			b = w * 64 + (uint64_t)__builtin_ctzll(free_bits);
			return b < m->nr_blocks ? b : UINT64_MAX;
		}
		w++;
	}
	return UINT64_MAX;
}

uint64_t randmap_peek(const struct randmap *m, uint64_t want)
{
	uint64_t b = next_free(m, want);

	return b == UINT64_MAX ? next_free(m, 0) : b;
}

uint64_t randmap_take(struct randmap *m, uint64_t want, uint64_t max_run,
		      uint64_t *run)
{
	uint64_t b, n;

	if (randmap_full(m))
		return UINT64_MAX;
	b = next_free(m, want);
	if (b == UINT64_MAX)
		b = next_free(m, 0);
	if (b == UINT64_MAX)
		return UINT64_MAX;
	set_used(m, b);
	for (n = 1; n < max_run && b + n < m->nr_blocks && !bit_used(m, b + n); n++)
		set_used(m, b + n);
	*run = n;
	return b;
}
