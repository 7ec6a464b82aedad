/*
 * hist.c - bucket values, merging and percentiles of the latency
 * histogram (see hist.h).
 *
 * Adding a sample is inline in hist.h because the worker loop does it per
 * I/O; everything here runs once, when the report is printed.  Percentiles
 * follow fio's rule so the same samples give fio's answer: the value
 * reported for percentile p is the value of the first bucket at which the
 * running count reaches p/100 of all samples.
 */
#include <string.h>

#include "measure/hist.h"

const double hist_default_pct[] = {
	1.0, 5.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0,
	90.0, 95.0, 99.0, 99.5, 99.9, 99.95, 99.99,
};
const size_t hist_n_default_pct = sizeof(hist_default_pct) / sizeof(hist_default_pct[0]);

/* Width of bucket i, as a power of two (0 for the exact buckets). */
static unsigned int bucket_shift(unsigned int i)
{
	if (i < 2 * HIST_SUB)
		return 0;
	return (i >> HIST_BITS) - 1;
}

/*
 * Smallest value that hist_index() maps to bucket i.  Indexes past the
 * last bucket are treated as the last bucket (which also holds every value
 * too large for the table).
 */
uint64_t hist_bucket_low(unsigned int i)
{
	uint64_t k;

	if (i >= HIST_NR)
		i = HIST_NR - 1;
	if (i < HIST_SUB)
		return i;
	k = i & (HIST_SUB - 1);
	return (HIST_SUB + k) << bucket_shift(i);
}

/*
 * The value reported for bucket i: its midpoint, rounded down, so a bucket
 * of width one reports its only value exactly.
 */
uint64_t hist_bucket_value(unsigned int i)
{
	unsigned int shift;

	if (i >= HIST_NR)
		i = HIST_NR - 1;
	shift = bucket_shift(i);
	if (!shift)
		return hist_bucket_low(i);
	return hist_bucket_low(i) + (1ull << (shift - 1));
}

/* Add src's counts to dst, bucket by bucket: exact, order does not matter. */
void hist_merge_span(struct hist *dst, const struct hist *src, struct hist_span sp)
{
	unsigned int i;

	for (i = sp.lo; i <= sp.hi && i < HIST_NR; i++)
		dst->count[i] += src->count[i];
}

void hist_merge(struct hist *dst, const struct hist *src)
{
	hist_merge_span(dst, src, HIST_SPAN_ALL);
}

void hist_copy_span(struct hist *dst, const struct hist *src, struct hist_span sp)
{
	if (sp.lo <= sp.hi && sp.hi < HIST_NR)
		memcpy(&dst->count[sp.lo], &src->count[sp.lo],
		       (sp.hi - sp.lo + 1) * sizeof(dst->count[0]));
}

void hist_clear_span(struct hist *h, struct hist_span sp)
{
	if (sp.lo <= sp.hi && sp.hi < HIST_NR)
		memset(&h->count[sp.lo], 0, (sp.hi - sp.lo + 1) * sizeof(h->count[0]));
}

/* Number of samples counted in h. */
uint64_t hist_total_span(const struct hist *h, struct hist_span sp)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = sp.lo; i <= sp.hi && i < HIST_NR; i++)
		n += h->count[i];
	return n;
}

uint64_t hist_total(const struct hist *h)
{
	return hist_total_span(h, HIST_SPAN_ALL);
}

/*
 * Value of the first bucket whose running count reaches p percent of
 * total.  The threshold is computed in long double as fio does, so ranks
 * that are whole numbers in exact arithmetic (99.9% of 1000) select the
 * same sample as fio.  When rounding leaves the threshold unreached (p
 * above 100), the last non-empty bucket answers.
 */
static uint64_t one_percentile(const struct hist *h, struct hist_span sp,
			       uint64_t total, double p)
{
	long double want = (long double)p / 100.0L * (long double)total;
	uint64_t sum = 0;
	unsigned int i, last = 0;

	for (i = sp.lo; i <= sp.hi && i < HIST_NR; i++) {
		if (!h->count[i])
			continue;
		sum += h->count[i];
		last = i;
		if ((long double)sum >= want)
			return hist_bucket_value(i);
	}
	return hist_bucket_value(last);
}

/*
 * out[i] receives the value for pct[i]; pct need not be sorted.  One walk
 * over the buckets per percentile: the report asks for a handful, once.
 */
void hist_percentiles_span(const struct hist *h, struct hist_span sp,
			   const double *pct, size_t n, uint64_t *out)
{
	uint64_t total = hist_total_span(h, sp);
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = total ? one_percentile(h, sp, total, pct[i]) : 0;
}

void hist_percentiles(const struct hist *h, const double *pct, size_t n,
		      uint64_t *out)
{
	hist_percentiles_span(h, HIST_SPAN_ALL, pct, n, out);
}
