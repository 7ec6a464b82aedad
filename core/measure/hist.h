/*
 * hist.h - log-linear latency histogram (nanoseconds).
 *
 * Values below 2^HIST_BITS are counted exactly; above, each power of two is
 * split into 2^HIST_BITS equal buckets, so a bucket's midpoint is within
 * 1/2^(HIST_BITS+1) of any value in it (HIST_BITS=7: under 1/256, better
 * than fio's 1/128).  Values past 2^HIST_MAX_LOG2 ns land in the last
 * bucket.  Adding a value is a few integer operations and one increment:
 * fit for the hot path.  The struct is plain data, so it can live in shared
 * memory and be merged exactly (bucket-wise sums).
 */
#ifndef PLIO_HIST_H
#define PLIO_HIST_H

#include <stddef.h>
#include <stdint.h>

#define HIST_BITS 7
#define HIST_SUB (1u << HIST_BITS)
#define HIST_MAX_LOG2 44	/* ~4.9 hours in ns */
#define HIST_NR ((HIST_MAX_LOG2 - HIST_BITS + 1) * HIST_SUB)

struct hist {
	uint64_t count[HIST_NR];
};

/* Bucket index of value v. */
static inline unsigned int hist_index(uint64_t v)
{
	unsigned int msb, shift;

	if (v < HIST_SUB)
		return (unsigned int)v;
	msb = 63u - (unsigned int)__builtin_clzll(v);
	if (msb >= HIST_MAX_LOG2)
		return HIST_NR - 1;
	shift = msb - HIST_BITS;
	return ((shift + 1) << HIST_BITS) + (unsigned int)((v >> shift) & (HIST_SUB - 1));
}

static inline void hist_add(struct hist *h, uint64_t v)
{
	h->count[hist_index(v)]++;
}

/* Smallest value of bucket i, and the value reported for it (midpoint). */
uint64_t hist_bucket_low(unsigned int i);
uint64_t hist_bucket_value(unsigned int i);

void hist_merge(struct hist *dst, const struct hist *src);
uint64_t hist_total(const struct hist *h);

/*
 * Percentiles as fio computes them: for each p in pct[0..n-1] (0 < p <= 100),
 * the value of the bucket holding the sample of rank ceil(p/100 * total).
 * out[i] is 0 when the histogram is empty.
 */
void hist_percentiles(const struct hist *h, const double *pct, size_t n,
		      uint64_t *out);

/* fio's default percentile list (1, 5, 10, 20, ..., 99.99). */
extern const double hist_default_pct[];
extern const size_t hist_n_default_pct;

#endif
