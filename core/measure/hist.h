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

/*
 * A run of buckets, [lo, hi]; none when lo > hi.  Where a histogram's
 * samples can be, when their smallest and largest are known (stats.h's
 * lat_stat_span): what reads them stays inside it, so that the pages of a
 * histogram (38 KiB, in memory shared with worker processes) that no
 * sample reached are never touched, hence never backed by memory.
 */
struct hist_span {
	unsigned int lo, hi;
};

#define HIST_SPAN_ALL ((struct hist_span){ 0, HIST_NR - 1 })
#define HIST_SPAN_NONE ((struct hist_span){ 1, 0 })

/* The buckets of the values min..max (min <= max). */
static inline struct hist_span hist_span_of(uint64_t min, uint64_t max)
{
	struct hist_span sp = { hist_index(min), hist_index(max) };

	return sp;
}

/* Smallest value of bucket i, and the value reported for it (midpoint). */
uint64_t hist_bucket_low(unsigned int i);
uint64_t hist_bucket_value(unsigned int i);

/* The whole histogram (HIST_SPAN_ALL), or only the buckets of sp: src's
 * or h's samples all lie in sp. */
void hist_merge(struct hist *dst, const struct hist *src);
void hist_merge_span(struct hist *dst, const struct hist *src, struct hist_span sp);
uint64_t hist_total(const struct hist *h);
uint64_t hist_total_span(const struct hist *h, struct hist_span sp);
/* Copy the buckets of sp (dst's others are left as they are). */
void hist_copy_span(struct hist *dst, const struct hist *src, struct hist_span sp);
/* Zero the buckets of sp. */
void hist_clear_span(struct hist *h, struct hist_span sp);

/*
 * Percentiles as fio computes them: for each p in pct[0..n-1] (0 < p <= 100),
 * the value of the bucket holding the sample of rank ceil(p/100 * total).
 * out[i] is 0 when the histogram is empty.
 */
void hist_percentiles(const struct hist *h, const double *pct, size_t n,
		      uint64_t *out);
void hist_percentiles_span(const struct hist *h, struct hist_span sp,
			   const double *pct, size_t n, uint64_t *out);

/* fio's default percentile list (1, 5, 10, 20, ..., 99.99). */
extern const double hist_default_pct[];
extern const size_t hist_n_default_pct;

#endif
