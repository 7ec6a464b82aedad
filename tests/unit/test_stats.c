/*
 * test_stats.c - sampling, logs and depth buckets (core/stats.c, core/statlog.c).
 */
#include <check.h>
#include <stdlib.h>

#include "stats.h"

START_TEST(depth_buckets_match_fio)
{
	ck_assert_uint_eq(stats_depth_bucket(1), 0);
	ck_assert_uint_eq(stats_depth_bucket(3), 1);
	ck_assert_uint_eq(stats_depth_bucket(32), 5);
	ck_assert_uint_eq(stats_depth_bucket(63), 5);
	ck_assert_uint_eq(stats_depth_bucket(64), 6);
	ck_assert_uint_eq(stats_batch_bucket(0), 0);
	ck_assert_uint_eq(stats_batch_bucket(4), 1);
	ck_assert_uint_eq(stats_batch_bucket(5), 2);
	ck_assert_uint_eq(stats_batch_bucket(64), 5);
	ck_assert_uint_eq(stats_batch_bucket(65), 6);
}
END_TEST

static Suite *stats_suite(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, depth_buckets_match_fio);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(stats_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
