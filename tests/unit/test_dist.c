/*
 * test_dist.c - skewed and exhaustive picks (core/base/dist.c), checked
 * against each distribution's own formula: shares observed within five
 * standard errors of the exact probabilities.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dist.h"

#define DRAWS 400000

/* |observed share - p| within 5 standard errors of DRAWS draws */
static void near(uint64_t hits, double p, const char *what)
{
	double obs = (double)hits / DRAWS, se = sqrt(p * (1.0 - p) / DRAWS);

	ck_assert_msg(fabs(obs - p) <= 5.0 * se + 1e-9, "%s: observed %.5f, expected %.5f (se %.5f)",
		      what, obs, p, se);
}

static uint64_t *draw(struct dist *d, const struct dist_spec *s, uint64_t n, bool scatter,
		      uint64_t seed)
{
	uint64_t *hits = calloc(n, sizeof(*hits)), out = 0;
	struct rand_state r;
	int i;

	/* (one assertion at the end: Check's cost a system call each) */
	ck_assert_ptr_nonnull(hits);
	rand_seed(&r, seed);
	dist_init(d, s, n, 1, scatter, &r);
	for (i = 0; i < DRAWS; i++) {
		uint64_t v = dist_next(d, &r);

		if (v < n)
			hits[v]++;
		else
			out++;
	}
	ck_assert_uint_eq(out, 0);
	return hits;
}

static const double thetas[] = { 0.5, 0.8, 1.0, 1.2, 2.0 };

START_TEST(zipf_matches_its_formula)
{
	struct dist_spec s = { .kind = DIST_ZIPF, .arg = thetas[_i], .center = 0.0 };
	const uint64_t n = 1000;
	double h = 0.0, top = 0.0;
	uint64_t *hits, sum = 0, k;
	struct dist d;
	char what[64];

	hits = draw(&d, &s, n, false, 7 + (uint64_t)_i);
	for (k = 1; k <= n; k++)
		h += pow((double)k, -s.arg);
	/* the five hottest ranks one by one, then the hottest 10% */
	for (k = 0; k < 5; k++) {
		snprintf(what, sizeof(what), "theta %.1f rank %lu", s.arg, (unsigned long)k + 1);
		near(hits[k], pow((double)(k + 1), -s.arg) / h, what);
	}
	for (k = 0; k < n / 10; k++) {
		top += pow((double)(k + 1), -s.arg) / h;
		sum += hits[k];
	}
	snprintf(what, sizeof(what), "theta %.1f top 10%%", s.arg);
	near(sum, top, what);
	free(hits);
}
END_TEST

START_TEST(pareto_matches_its_formula)
{
	static const double hs[] = { 0.2, 0.3, 0.5 };
	struct dist_spec s = { .kind = DIST_PARETO, .arg = hs[_i], .center = 0.0 };
	const uint64_t n = 100000;
	double p = log(s.arg) / log(1.0 - s.arg);
	uint64_t *hits, k, sum = 0, cut = (uint64_t)(0.1 * (double)(n - 1));
	struct dist d;

	/* rank floor((n-1) u^p) < cut  <=>  u < (cut / (n-1))^(1/p) */
	hits = draw(&d, &s, n, false, 11);
	for (k = 0; k < cut; k++)
		sum += hits[k];
	near(sum, pow((double)cut / (double)(n - 1), 1.0 / p), "pareto lowest 10%");
	free(hits);
}
END_TEST

static const double sigmas[] = { 0.0, 20.0, 50.0 };

START_TEST(normal_matches_its_formula)
{
	/* fio's spread: sd = n sqrt(1/144 + sigma^2/120000) */
	struct dist_spec s = { .kind = DIST_NORMAL, .arg = sigmas[_i], .center = -1.0 };
	const uint64_t n = 100000;
	double sd = (double)n * sqrt(1.0 / 144.0 + s.arg * s.arg / 120000.0), mean = 0.0;
	uint64_t *hits, k, in1 = 0, in2 = 0;
	struct dist d;

	/* in order (as over files), centred: 68.27% within one sd, 95.45% two */
	hits = draw(&d, &s, n, false, 13);
	for (k = 0; k < n; k++) {
		double z = ((double)k + 0.5 - (double)n / 2) / sd;

		mean += (double)k * (double)hits[k] / DRAWS;
		if (fabs(z) <= 1.0)
			in1 += hits[k];
		if (fabs(z) <= 2.0)
			in2 += hits[k];
	}
	near(in1, erf(1.0 / sqrt(2.0)), "within one sd");
	near(in2, erf(2.0 / sqrt(2.0)), "within two sds");
	ck_assert_msg(fabs(mean - (double)n / 2) < sd / 100.0, "mean %.1f", mean);
	free(hits);
}
END_TEST

START_TEST(normal_over_files_as_fio)
{
	/* fio's normal:20 over 8 files, centre 0 (measured, 16384 picks):
	 * 6317 1746 92 0 0 96 1787 6346: a bell on the boundary at file 0 */
	struct dist_spec s = { .kind = DIST_NORMAL, .arg = 20.0, .center = 0.0 };
	static const double fio[8] = { 6317, 1746, 92, 0, 0, 96, 1787, 6346 };
	uint64_t *hits;
	struct dist d;
	int k;

	hits = draw(&d, &s, 8, false, 23);
	for (k = 0; k < 8; k++)
		ck_assert_msg(fabs((double)hits[k] / DRAWS - fio[k] / 16384.0) < 0.01,
			      "file %d: %.4f, fio %.4f", k, (double)hits[k] / DRAWS, fio[k] / 16384.0);
	free(hits);
}
END_TEST

START_TEST(zoned_shares_and_ranges)
{
	struct dist_spec s = { .kind = DIST_ZONED, .nzones = 4, .zones = {
		{ .pct = 60, .size = 10 }, { .pct = 30, .size = 20 },
		{ .pct = 8, .size = 30 }, { .pct = 2, .size = 40 } } };
	static const uint64_t lo[] = { 0, 100, 300, 600, 1000 };
	uint64_t *hits, z, k, sum;
	struct dist d;

	hits = draw(&d, &s, 1000, false, 17);
	for (z = 0; z < 4; z++) {
		for (sum = 0, k = lo[z]; k < lo[z + 1]; k++)
			sum += hits[k];
		near(sum, s.zones[z].pct / 100.0, "zone share");
	}
	free(hits);
}
END_TEST

START_TEST(zoned_abs_and_short_zones)
{
	/* 100 places of 4096 bytes: 50% in the first 40 KiB, 50% in the
	 * next 8 KiB; nothing beyond */
	struct dist_spec s = { .kind = DIST_ZONED_ABS, .nzones = 2, .zones = {
		{ .pct = 50, .size = 40960 }, { .pct = 50, .size = 8192 } } };
	struct rand_state r;
	uint64_t hits[100] = { 0 }, k, sum = 0;
	struct dist d;
	int i;

	rand_seed(&r, 19);
	dist_init(&d, &s, 100, 4096, true, &r);
	for (i = 0; i < DRAWS; i++)
		hits[dist_next(&d, &r)]++;
	for (k = 0; k < 10; k++)
		sum += hits[k];
	near(sum, 0.5, "first zone");
	near(hits[10] + hits[11], 0.5, "second zone");
	for (k = 12; k < 100; k++)
		ck_assert_uint_eq(hits[k], 0);
}
END_TEST

static const uint64_t sizes[] = { 1, 2, 3, 7, 8, 9, 1000, 4097, 65537 };

START_TEST(scatter_is_one_to_one)
{
	struct dist_spec s = { .kind = DIST_ZIPF, .arg = 1.2, .center = 0.3 };
	uint64_t n = sizes[_i], k, bad = 0;
	unsigned char *seen = calloc(n, 1);
	struct rand_state r;
	struct dist d;

	rand_seed(&r, 1);
	dist_init(&d, &s, n, 1, true, &r);
	ck_assert_uint_eq(dist_place(&d, 0), (uint64_t)(0.3 * (double)n));
	for (k = 0; k < n; k++) {
		uint64_t v = dist_place(&d, k);

		if (v >= n || seen[v])
			bad++;
		else
			seen[v] = 1;
	}
	ck_assert_uint_eq(bad, 0);
	free(seen);
}
END_TEST

START_TEST(fullseq_every_place_once_per_pass)
{
	uint64_t n = sizes[_i], k, bad = 0;
	unsigned int *seen = calloc(n, sizeof(*seen)), pass;
	struct fullseq q, q2;
	bool differs = false;

	fullseq_init(&q, n, 42);
	fullseq_init(&q2, n, 43);
	for (pass = 1; pass <= 3; pass++) {
		for (k = 0; k < n; k++) {
			uint64_t v = fullseq_next(&q);

			if (v >= n || seen[v] != pass - 1)
				bad++;
			else
				seen[v] = pass;
			differs |= v != fullseq_next(&q2);
		}
		ck_assert_uint_eq(bad, 0);
		ck_assert_uint_eq(q.left, 0);
	}
	/* another seed, another order (but for the tiniest) */
	if (n > 3)
		ck_assert(differs);
	free(seen);
}
END_TEST

static Suite *dist_suite(void)
{
	Suite *s = suite_create("dist");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, zipf_matches_its_formula, 0, 5);
	tcase_add_loop_test(tc, pareto_matches_its_formula, 0, 3);
	tcase_add_loop_test(tc, normal_matches_its_formula, 0, 3);
	tcase_add_test(tc, normal_over_files_as_fio);
	tcase_add_test(tc, zoned_shares_and_ranges);
	tcase_add_test(tc, zoned_abs_and_short_zones);
	tcase_add_loop_test(tc, scatter_is_one_to_one, 0, 9);
	tcase_add_loop_test(tc, fullseq_every_place_once_per_pass, 0, 9);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(dist_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
