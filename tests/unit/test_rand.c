/*
 * test_rand.c - the random generator and the random map (core/base/rand.c).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/rand.h"

START_TEST(same_seed_same_sequence)
{
	struct rand_state a, b;
	int i;

	rand_seed(&a, 0x89);
	rand_seed(&b, 0x89);
	for (i = 0; i < 1000; i++)
		ck_assert_uint_eq(rand_next(&a), rand_next(&b));
	rand_seed(&b, 0x8a);
	ck_assert_uint_ne(rand_next(&a), rand_next(&b));
}
END_TEST

START_TEST(below_stays_in_range_and_spreads)
{
	struct rand_state r;
	unsigned int hits[10] = { 0 };
	int i;

	rand_seed(&r, 1);
	for (i = 0; i < 100000; i++) {
		uint64_t v = rand_below(&r, 10);

		ck_assert_uint_lt(v, 10);
		hits[v]++;
	}
	for (i = 0; i < 10; i++) {
		ck_assert_uint_gt(hits[i], 9000);
		ck_assert_uint_lt(hits[i], 11000);
	}
}
END_TEST

/* Random picks with the map visit every block exactly once per pass. */
static void check_once(uint64_t nblocks, uint64_t seed)
{
	struct randmap m;
	struct rand_state r;
	unsigned char *seen = calloc(nblocks, 1);
	uint64_t taken = 0, b, run;

	ck_assert_ptr_nonnull(seen);
	ck_assert_int_eq(randmap_init(&m, nblocks), 0);
	rand_seed(&r, seed);
	while (!randmap_full(&m)) {
		b = randmap_take(&m, rand_below(&r, nblocks), 1, &run);
		ck_assert_uint_ne(b, UINT64_MAX);
		ck_assert_uint_eq(run, 1);
		ck_assert_uint_lt(b, nblocks);
		ck_assert_uint_eq(seen[b], 0);
		seen[b] = 1;
		taken++;
	}
	ck_assert_uint_eq(taken, nblocks);
	ck_assert_uint_eq(randmap_take(&m, 0, 1, &run), UINT64_MAX);
	randmap_reset(&m);
	ck_assert(!randmap_full(&m));
	b = randmap_take(&m, nblocks - 1, 1, &run);
	ck_assert_uint_eq(b, nblocks - 1);
	randmap_free(&m);
	free(seen);
}

START_TEST(map_visits_every_block_once)
{
	check_once(1, 1);
	check_once(63, 2);
	check_once(64, 3);
	check_once(65, 4);
	check_once(4096 + 7, 5);
	check_once(16384, 6);	/* 64 MiB of 4 KiB blocks */
}
END_TEST

START_TEST(map_wraps_to_the_start)
{
	struct randmap m;
	uint64_t run;

	ck_assert_int_eq(randmap_init(&m, 130), 0);
	ck_assert_uint_eq(randmap_take(&m, 129, 1, &run), 129);
	ck_assert_uint_eq(randmap_take(&m, 129, 1, &run), 0);
	ck_assert_uint_eq(randmap_take(&m, 0, 1, &run), 1);
	randmap_free(&m);
}
END_TEST

/* peek finds what take would, wrapping, and leaves it free */
START_TEST(map_peek_leaves_the_block_free)
{
	struct randmap m;
	uint64_t run, b;

	ck_assert_int_eq(randmap_init(&m, 130), 0);
	ck_assert_uint_eq(randmap_take(&m, 129, 1, &run), 129);
	ck_assert_uint_eq(randmap_peek(&m, 129), 0);
	ck_assert_uint_eq(randmap_peek(&m, 64), 64);
	ck_assert_uint_eq(m.nr_used, 1);
	for (b = 0; b < 129; b++)
		randmap_take(&m, b, 1, &run);
	ck_assert(randmap_full(&m));
	ck_assert_uint_eq(randmap_peek(&m, 7), UINT64_MAX);
	randmap_free(&m);
}
END_TEST

START_TEST(map_runs_stop_at_used_blocks)
{
	struct randmap m;
	uint64_t run, b;

	ck_assert_int_eq(randmap_init(&m, 16), 0);
	ck_assert_uint_eq(randmap_take(&m, 5, 1, &run), 5);
	/* ask for 4 blocks from 2: 2,3,4 are free, 5 is used */
	b = randmap_take(&m, 2, 4, &run);
	ck_assert_uint_eq(b, 2);
	ck_assert_uint_eq(run, 3);
	/* a run never passes the end of the map */
	b = randmap_take(&m, 14, 4, &run);
	ck_assert_uint_eq(b, 14);
	ck_assert_uint_eq(run, 2);
	ck_assert_uint_eq(m.nr_used, 6);
	randmap_free(&m);
}
END_TEST

/*
 * Mixed block sizes (bssplit 4k/64k over a 4k map): runs of 1 and 16
 * blocks taken at random, crossing word boundaries, until the map is
 * full; every block is taken exactly once and no run passes the end.
 */
START_TEST(map_mixed_runs_cover_every_block_once)
{
	static unsigned char seen[1000];
	struct rand_state r;
	struct randmap m;
	uint64_t run, b, i, taken = 0;

	rand_seed(&r, 42);
	ck_assert_int_eq(randmap_init(&m, 1000), 0);
	while (!randmap_full(&m)) {
		uint64_t want = rand_below(&r, 1000), k = rand_below(&r, 2) ? 16 : 1;

		want -= want % k;
		b = randmap_take(&m, want, k, &run);
		ck_assert_uint_ne(b, UINT64_MAX);
		ck_assert_uint_ge(run, 1);
		ck_assert_uint_le(run, k);
		ck_assert_uint_le(b + run, 1000);
		for (i = b; i < b + run; i++) {
			ck_assert_uint_eq(seen[i], 0);
			seen[i] = 1;
		}
		taken += run;
	}
	ck_assert_uint_eq(taken, 1000);
	ck_assert_uint_eq(m.nr_used, 1000);
	ck_assert_uint_eq(randmap_take(&m, 3, 16, &run), UINT64_MAX);
	randmap_free(&m);
}
END_TEST

static Suite *rand_suite(void)
{
	Suite *s = suite_create("rand");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, same_seed_same_sequence);
	tcase_add_test(tc, below_stays_in_range_and_spreads);
	tcase_add_test(tc, map_visits_every_block_once);
	tcase_add_test(tc, map_wraps_to_the_start);
	tcase_add_test(tc, map_peek_leaves_the_block_free);
	tcase_add_test(tc, map_runs_stop_at_used_blocks);
	tcase_add_test(tc, map_mixed_runs_cover_every_block_once);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(rand_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
