/*
 * dist.h - skewed and exhaustive random picks among n places (the blocks
 * of a file's region, or the files of a job).
 *
 * struct dist_spec says what a job asked for (random_distribution=,
 * file_service_type=): the kind, its parameter, its centre, and for
 * zoned kinds the zones.  struct dist is that spec set up for one n: the
 * constants each draw needs, computed once before the run, so a draw is a
 * few floating-point operations and no allocation.
 *
 * Kinds, with fio's meanings:
 *  - zipf:THETA: place of rank k (k = 1..n) with probability ∝ k^-THETA;
 *    drawn exactly by rejection-inversion (Hörmann and Derflinger, "Rejection-
 *    inversion to generate variates from monotone discrete distributions",
 *    1996), any THETA > 0, any n, O(1) per draw.
 *  - pareto:H: rank floor((n - 1) u^p), u uniform in [0, 1), p = ln H / ln(1 - H)
 *    (fio's "Pareto power"): the hottest fraction f of the places gets f^(1/p)
 *    of the draws.
 *  - normal:SIGMA: a normal deviate around the centre (0.5 unless given),
 *    wrapped into [0, n), with fio's spread: a standard deviation of
 *    n sqrt(1/144 + SIGMA^2/120000) (fio draws the mean of twelve uniforms
 *    over n, widened by one over SIGMA percent of n: n/12 at SIGMA 0).
 *  - zoned, zoned_abs: a zone by its access percentage, then a uniform place
 *    in it; zones sized in percent of n, or in bytes (zoned_abs, with the
 *    size of one place given to dist_init).
 * Ranks of zipf, pareto and normal are scattered over the places by a
 * bijection (no two ranks share a place; fio's hash lets some collide), the
 * hottest at the centre (random unless given); file picks keep ranks in
 * order instead (fio's), so normal is a bell around the centre there.
 *
 * struct fullseq: every one of n places exactly once per n draws, in a
 * scrambled order, with no map (random_generator=lfsr): a full-period
 * linear congruential sequence modulo the next power of two (Hull-Dobell),
 * through a bijective mixer, skipping values >= n.
 */
#ifndef PLIO_DIST_H
#define PLIO_DIST_H

#include <stdbool.h>
#include <stdint.h>

#include "base/rand.h"

enum dist_kind {
	DIST_RANDOM,
	DIST_ZIPF,
	DIST_PARETO,
	DIST_NORMAL,
	DIST_ZONED,
	DIST_ZONED_ABS,
};

/* fio's limit on zones per direction */
#define DIST_ZONES_MAX 256

struct dist_zone {
	uint64_t size;		/* percent of the places (zoned), bytes (zoned_abs) */
	unsigned int pct;	/* percent of the draws */
};

struct dist_spec {
	enum dist_kind kind;
	double arg;		/* theta, h or sigma */
	double center;		/* in [0, 1]; < 0: not given */
	unsigned int nzones;
	struct dist_zone zones[DIST_ZONES_MAX];
};

struct dist {
	const struct dist_spec *spec;
	uint64_t n;		/* places: [0, n) */
	uint64_t unit;		/* zoned_abs: bytes per place */
	uint64_t off;		/* where rank 0 lands */
	bool scatter;		/* ranks scattered (blocks) or in order (files) */
	unsigned int bits;	/* the scattering bijection's width */
	uint64_t mask;
	double hx1, hn, sq;	/* zipf: rejection-inversion's constants */
	double pw;		/* pareto: the power */
	double sd;		/* normal: standard deviation in places */
};

/*
 * Set d up for n >= 1 places of `unit` bytes; the centre, when the spec
 * gives none, is drawn from r (zipf, pareto) or is the middle (normal).
 */
void dist_init(struct dist *d, const struct dist_spec *s, uint64_t n, uint64_t unit,
	       bool scatter, struct rand_state *r);

/* The place of rank `rank` (< n): scattered or not, then rotated so that
 * rank 0 is at the centre; one-to-one. */
uint64_t dist_place(const struct dist *d, uint64_t rank);

/* The next place, in [0, n). */
uint64_t dist_next(const struct dist *d, struct rand_state *r);

/* Uniform in [0, 1). */
static inline double rand_unit(struct rand_state *r)
{
	return (double)(rand_next(r) >> 11) * 0x1p-53;
}

struct fullseq {
	uint64_t n;		/* places */
	uint64_t mask;		/* the power of two above, less one */
	unsigned int bits;
	uint64_t x, a, c;	/* x' = a x + c mod 2^bits */
	uint64_t left;		/* draws left in this pass */
};

void fullseq_init(struct fullseq *q, uint64_t n, uint64_t seed);
/* The next place; a pass is n draws (q->left counts them down), after
 * which the next pass begins (another order). */
uint64_t fullseq_next(struct fullseq *q);

#endif
