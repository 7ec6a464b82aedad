/*
 * dist.c - skewed and exhaustive random picks (see dist.h).
 */
#include <math.h>

#include "base/dist.h"

/* A bijection of [0, 2^bits): xor-shifts and odd multiplications, each
 * one-to-one on `bits` bits. */
static uint64_t mix(uint64_t x, unsigned int bits, uint64_t mask)
{
	unsigned int s = bits / 2 + 1;

	x ^= x >> s;
	x = (x * 0x9e3779b97f4a7c15ull) & mask;
	x ^= x >> s;
	x = (x * 0xbf58476d1ce4e5b9ull) & mask;
	x ^= x >> s;
	return x;
}

static unsigned int width(uint64_t n)
{
	unsigned int b = 1;

	while (b < 64 && (1ull << b) < n)
		b++;
	return b;
}

/* The place of rank v: a bijection of [0, n) (the mixer, walked until it
 * lands inside), rank 0 at place 0. */
static uint64_t scatter(const struct dist *d, uint64_t v)
{
	do
		v = mix(v, d->bits, d->mask);
	while (v >= d->n);
	return v;
}

/*
 * Zipf by rejection-inversion: H is an integral of h(x) = x^-s, taken
 * through log1p/expm1 forms that stay exact as s nears 1.
 */
static double helper1(double x)	/* log1p(x) / x */
{
	return fabs(x) > 1e-8 ? log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
}

static double helper2(double x)	/* expm1(x) / x */
{
	return fabs(x) > 1e-8 ? expm1(x) / x : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
}

static double zipf_h(double s, double x)
{
	return exp(-s * log(x));
}

static double zipf_H(double s, double x)
{
	double lx = log(x);

	return helper2((1.0 - s) * lx) * lx;
}

static double zipf_Hinv(double s, double x)
{
	double t = x * (1.0 - s);

	if (t < -1.0)
		t = -1.0;	/* rounding at the far end */
	return exp(helper1(t) * x);
}

static uint64_t zipf_rank(const struct dist *d, struct rand_state *r)
{
	double s = d->spec->arg, u, x;
	uint64_t k;

	for (;;) {
		u = d->hn + rand_unit(r) * (d->hx1 - d->hn);
		x = zipf_Hinv(s, u);
		k = x < 1.5 ? 1 : x >= (double)d->n ? d->n : (uint64_t)(x + 0.5);
		if ((double)k - x <= d->sq ||
		    u >= zipf_H(s, (double)k + 0.5) - zipf_h(s, (double)k))
			return k - 1;
	}
}

void dist_init(struct dist *d, const struct dist_spec *s, uint64_t n, uint64_t unit,
	       bool scatter_ranks, struct rand_state *r)
{
	double t = s->arg;

	*d = (struct dist){ .spec = s, .n = n ? n : 1, .unit = unit ? unit : 1,
			    .scatter = scatter_ranks };
	d->bits = width(d->n);
	d->mask = d->bits == 64 ? ~0ull : (1ull << d->bits) - 1;
	switch (s->kind) {
	case DIST_ZIPF:
		d->hx1 = zipf_H(t, 1.5) - 1.0;
		d->hn = zipf_H(t, (double)d->n + 0.5);
		d->sq = 2.0 - zipf_Hinv(t, zipf_H(t, 2.5) - zipf_h(t, 2.0));
		break;
	case DIST_PARETO:
		d->pw = log(t) / log(1.0 - t);
		break;
	case DIST_NORMAL:
		/* fio's bell: the mean of twelve uniform draws over the
		 * places (sd n/12) widened by a uniform one of SIGMA percent
		 * of them: sd^2 = (n/12)^2 + (SIGMA n/100)^2 / 12 */
		d->sd = (double)d->n * sqrt(1.0 / 144.0 + t * t / 120000.0);
		break;
	default:
		break;
	}
	if (s->center >= 0.0)
		d->off = (uint64_t)((double)d->n * s->center);
	else if (s->kind == DIST_NORMAL)
		d->off = d->n / 2;
	else
		d->off = rand_below(r, d->n);
	if (d->off >= d->n)
		d->off = d->n - 1;	/* center=1 */
}

uint64_t dist_place(const struct dist *d, uint64_t rank)
{
	uint64_t v = d->scatter ? scatter(d, rank) : rank;

	return d->off + v - (v >= d->n - d->off ? d->n : 0);	/* (off + v) mod n */
}

/* normal: a deviate's distance from the centre, in places, as a rank
 * (0, 1, ... above it; n-1, n-2, ... below), placed as zipf's are. */
static uint64_t normal_place(const struct dist *d, struct rand_state *r)
{
	double u1 = 1.0 - rand_unit(r), u2 = rand_unit(r);
	double x = floor(sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2) * d->sd);
	double n = (double)d->n;

	x = fmod(x, n);
	if (x < 0)
		x += n;
	return dist_place(d, x < n ? (uint64_t)x : 0);
}

static uint64_t zoned_place(const struct dist *d, struct rand_state *r)
{
	const struct dist_spec *s = d->spec;
	unsigned int pick = (unsigned int)rand_below(r, 100), i;
	unsigned __int128 lo = 0, hi = 0, at = 0;

	for (i = 0; i < s->nzones; i++) {
		lo = at;
		at += s->zones[i].size;
		if (pick < s->zones[i].pct || i + 1 == s->nzones)
			break;
		pick -= s->zones[i].pct;
	}
	hi = at;
	if (s->kind == DIST_ZONED) {
		lo = lo * d->n / 100;
		hi = hi * d->n / 100;
	} else {
		lo /= d->unit;
		hi /= d->unit;
	}
	if (hi > d->n)
		hi = d->n;
	if (lo >= hi)		/* a zone smaller than a place, or past the end */
		return (uint64_t)(lo < d->n ? lo : d->n - 1);
	return (uint64_t)lo + rand_below(r, (uint64_t)(hi - lo));
}

uint64_t dist_next(const struct dist *d, struct rand_state *r)
{
	switch (d->spec->kind) {
	case DIST_ZIPF:
		return dist_place(d, zipf_rank(d, r));
	case DIST_PARETO: {
		double v = (double)(d->n - 1) * pow(rand_unit(r), d->pw);

		return dist_place(d, v < (double)d->n ? (uint64_t)v : d->n - 1);
	}
	case DIST_NORMAL:
		return normal_place(d, r);
	case DIST_ZONED:
	case DIST_ZONED_ABS:
		return zoned_place(d, r);
	case DIST_RANDOM:
		break;
	}
	return rand_below(r, d->n);
}

void fullseq_init(struct fullseq *q, uint64_t n, uint64_t seed)
{
	struct rand_state r;

	rand_seed(&r, seed);
	q->n = n ? n : 1;
	q->bits = width(q->n);
	q->mask = q->bits == 64 ? ~0ull : (1ull << q->bits) - 1;
	/* a = 1 mod 4 and c odd: period 2^bits (Hull-Dobell) */
	q->a = ((rand_next(&r) << 2) | 1) & q->mask;
	q->c = (rand_next(&r) | 1) & q->mask;
	q->x = rand_next(&r) & q->mask;
	q->left = q->n;
}

uint64_t fullseq_next(struct fullseq *q)
{
	uint64_t v;

	if (!q->left)
		q->left = q->n;
	do {
		q->x = (q->a * q->x + q->c) & q->mask;
		v = mix(q->x, q->bits, q->mask);
	} while (v >= q->n);
	q->left--;
	return v;
}
