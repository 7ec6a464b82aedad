/*
 * test_pick.c - unit tests for core/run/pick.c: what a worker's next I/O
 * is (direction, file, offset, length).
 *
 * Each test plans a job on the fake "mem" engine (fixture.c: no files, no
 * system calls per I/O), sets a worker up with worker_prepare() and asks
 * pick_next() for its I/Os one by one, without running them, then checks
 * the sequence: order, coverage, sizes and shares as fio draws them.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "run/wstate.h"

#define K 1024ull
#define M (1024ull * 1024)

struct pick {
	unsigned int dir;
	unsigned int file;	/* index of the file */
	uint64_t off;		/* in the file */
	uint64_t len;
};

static struct worker w;
static struct job_stats st;
static struct pick picks[20000];
static size_t n_picks;
static bool prepared;

static void setup(void)
{
	fx_setup();
	memset(&st, 0, sizeof(st));
	n_picks = 0;
	prepared = false;
}

static void teardown(void)
{
	if (prepared)
		worker_finish(&w);
	fx_teardown();
}

/* Plan text and set its first clone's worker up. */
static void prepare(const char *text)
{
	fx_plan_ok(text);
	ck_assert_msg(worker_prepare(&w, fx_job(0), &st, NULL) == 0, "prepare: %s", st.errmsg);
	prepared = true;
}

/* Up to max picks (picks[]); returns how many before the loop ran out. */
static size_t pick_up_to(size_t max)
{
	struct unit *un = w.free_units[w.nr_free - 1];

	ck_assert_uint_le(max, sizeof(picks) / sizeof(picks[0]));
	for (n_picks = 0; n_picks < max && pick_next(&w, un); n_picks++) {
		picks[n_picks].dir = un->dir;
		picks[n_picks].file = un->u.file->index;
		picks[n_picks].off = un->u.offset;
		picks[n_picks].len = un->u.length;
	}
	return n_picks;
}

START_TEST(sequential_in_order_then_done)
{
	size_t i;

	prepare("[a]\nioengine=mem\nsize=64k\nbs=4k\n");
	ck_assert_uint_eq(pick_up_to(100), 16);
	for (i = 0; i < 16; i++) {
		ck_assert_uint_eq(picks[i].dir, DIR_READ);
		ck_assert_uint_eq(picks[i].off, i * 4 * K);
		ck_assert_uint_eq(picks[i].len, 4 * K);
	}
}
END_TEST

/* The region starts at offset=: every I/O inside it. */
START_TEST(offsets_lie_in_the_region)
{
	size_t i;

	prepare("[a]\nioengine=mem\noffset=1m\nsize=64k\nbs=16k\nrw=randwrite\n");
	ck_assert_uint_eq(pick_up_to(100), 4);
	for (i = 0; i < 4; i++)
		ck_assert(picks[i].off >= 1 * M && picks[i].off + picks[i].len <= 1 * M + 64 * K);
}
END_TEST

/* The random map: each block once per loop, in no fixed order. */
START_TEST(random_map_takes_each_block_once)
{
	static unsigned char seen[256];
	size_t i, in_order = 0;

	prepare("[a]\nioengine=mem\nsize=1m\nbs=4k\nrw=randread\n");
	ck_assert_uint_eq(pick_up_to(1000), 256);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < 256; i++) {
		ck_assert_uint_eq(picks[i].off % (4 * K), 0);
		ck_assert_uint_lt(picks[i].off, 1 * M);
		ck_assert_uint_eq(seen[picks[i].off / (4 * K)]++, 0);
		in_order += i && picks[i].off == picks[i - 1].off + 4 * K;
	}
	ck_assert_uint_lt(in_order, 64);	/* random, not sequential */
}
END_TEST

/* norandommap: blocks may repeat; still aligned and inside. */
START_TEST(norandommap_stays_inside)
{
	size_t i, repeats = 0;

	prepare("[a]\nioengine=mem\nsize=64k\nio_size=4m\nbs=4k\nrw=randread\nnorandommap\n");
	ck_assert_uint_eq(pick_up_to(2000), 1024);
	for (i = 0; i < 1024; i++) {
		ck_assert_uint_eq(picks[i].off % (4 * K), 0);
		ck_assert_uint_le(picks[i].off + picks[i].len, 64 * K);
		repeats += i && picks[i].off == picks[i - 1].off;
	}
	ck_assert_uint_gt(repeats, 0);
}
END_TEST

/* rw=read:8k leaves 8 KiB holes after each block. */
START_TEST(holes_after_each_block)
{
	prepare("[a]\nioengine=mem\nsize=64k\nbs=4k\nrw=read:8k\n");
	ck_assert_uint_ge(pick_up_to(3), 3);
	ck_assert_uint_eq(picks[0].off, 0);
	ck_assert_uint_eq(picks[1].off, 12 * K);
	ck_assert_uint_eq(picks[2].off, 24 * K);
}
END_TEST

/* rw=read:-8k goes backwards: the region's start first, as fio's, then
 * from 8 KiB before its end down. */
START_TEST(backwards_from_the_end)
{
	prepare("[a]\nioengine=mem\nsize=64k\nbs=4k\nrw=read:-8k\n");
	ck_assert_uint_ge(pick_up_to(4), 4);
	ck_assert_uint_eq(picks[0].off, 0);
	ck_assert_uint_eq(picks[1].off, 56 * K);
	ck_assert_uint_eq(picks[2].off, 52 * K);
	ck_assert_uint_eq(picks[3].off, 48 * K);
}
END_TEST

/* rw=randread:4: a random offset, then three that follow it; with
 * rw_sequencer=identical, the same block four times. */
START_TEST(random_stretches)
{
	size_t i;

	prepare("[a]\nioengine=mem\nsize=1m\nbs=4k\nrw=randread:4\nnorandommap\n");
	ck_assert_uint_eq(pick_up_to(40), 40);
	for (i = 0; i < 40; i++)
		if (i % 4 && picks[i - 1].off + 4 * K < 1 * M)
			ck_assert_uint_eq(picks[i].off, picks[i - 1].off + 4 * K);
	worker_finish(&w);
	prepared = false;
	fx_teardown();
	fx_setup();
	prepare("[a]\nioengine=mem\nsize=1m\nbs=4k\nrw=randread:4\nrw_sequencer=identical\n");
	ck_assert_uint_eq(pick_up_to(40), 40);
	for (i = 0; i < 40; i++)
		if (i % 4)
			ck_assert_uint_eq(picks[i].off, picks[i - 1].off);
}
END_TEST

/* percentage_random=0: a random job's offsets all follow the last. */
START_TEST(percentage_random_zero_is_sequential)
{
	size_t i;

	prepare("[a]\nioengine=mem\nsize=64k\nbs=4k\nrw=randread\npercentage_random=0\n");
	ck_assert_uint_ge(pick_up_to(15), 15);
	for (i = 1; i < 15; i++)
		ck_assert_uint_eq(picks[i].off, picks[i - 1].off + 4 * K);
}
END_TEST

/* bssplit as fio draws it: entries ordered by share, the largest takes
 * what the total leaves (4k/60:8k/30: 4k 70%, 8k 30%). */
START_TEST(bssplit_shares)
{
	size_t i, n4 = 0, n8 = 0, n = 10000;

	prepare("[a]\nioengine=mem\nsize=1g\nrw=write\nbssplit=4k/60:8k/30\n");
	ck_assert_uint_eq(pick_up_to(n), n);
	for (i = 0; i < n; i++) {
		n4 += picks[i].len == 4 * K;
		n8 += picks[i].len == 8 * K;
	}
	ck_assert_uint_eq(n4 + n8, n);
	ck_assert_msg(n4 > n * 67 / 100 && n4 < n * 73 / 100, "4k: %zu of %zu", n4, n);
}
END_TEST

/* bsrange: sizes in whole multiples of the low end, each size drawn. */
START_TEST(bsrange_sizes)
{
	size_t i, seen[5] = { 0 };

	prepare("[a]\nioengine=mem\nsize=1g\nrw=write\nbsrange=4k-16k\n");
	ck_assert_uint_eq(pick_up_to(4000), 4000);
	for (i = 0; i < 4000; i++) {
		ck_assert_uint_eq(picks[i].len % (4 * K), 0);
		ck_assert(picks[i].len >= 4 * K && picks[i].len <= 16 * K);
		seen[picks[i].len / (4 * K)]++;
	}
	for (i = 1; i <= 4; i++)
		ck_assert_uint_gt(seen[i], 500);
}
END_TEST

/* rwmixread=70: seven reads in ten. */
START_TEST(mixed_directions)
{
	size_t i, reads = 0, n = 10000;

	prepare("[a]\nioengine=mem\nsize=1g\nrw=randrw\nrwmixread=70\nnorandommap\n");
	ck_assert_uint_eq(pick_up_to(n), n);
	for (i = 0; i < n; i++)
		reads += picks[i].dir == DIR_READ;
	ck_assert_msg(reads > n * 67 / 100 && reads < n * 73 / 100, "reads: %zu of %zu", reads, n);
}
END_TEST

/* trimwrite: each block trimmed, then written. */
START_TEST(trimwrite_pairs)
{
	size_t i;

	prepare("[a]\nioengine=mem\nsize=64k\nbs=4k\nrw=trimwrite\n");
	ck_assert_uint_eq(pick_up_to(100), 32);
	for (i = 0; i < 32; i += 2) {
		ck_assert_uint_eq(picks[i].dir, DIR_TRIM);
		ck_assert_uint_eq(picks[i + 1].dir, DIR_WRITE);
		ck_assert_uint_eq(picks[i + 1].off, picks[i].off);
		ck_assert_uint_eq(picks[i].off, i / 2 * 4 * K);
	}
}
END_TEST

/* file_service_type: files in turn, in turns of N, or one after another. */
START_TEST(file_service_order)
{
	static const char *const jobs[] = {
		"[a]\nioengine=mem\nsize=48k\nbs=4k\nnrfiles=3\n",
		"[a]\nioengine=mem\nsize=48k\nbs=4k\nnrfiles=3\nfile_service_type=roundrobin:2\n",
		"[a]\nioengine=mem\nsize=48k\nbs=4k\nnrfiles=3\nfile_service_type=sequential\n",
	};
	static const unsigned int want[][8] = {
		{ 0, 1, 2, 0, 1, 2, 0, 1 },
		{ 0, 0, 1, 1, 2, 2, 0, 0 },
		{ 0, 0, 0, 0, 1, 1, 1, 1 },
	};
	size_t j, i;

	for (j = 0; j < 3; j++) {
		if (j) {
			worker_finish(&w);
			prepared = false;
			fx_teardown();
			fx_setup();
		}
		prepare(jobs[j]);
		ck_assert_uint_eq(pick_up_to(100), 12);
		for (i = 0; i < 8; i++)
			ck_assert_msg(picks[i].file == want[j][i], "job %zu pick %zu: file %u",
				      j, i, picks[i].file);
	}
}
END_TEST

/* Buffers for iodepth units of the largest block size, more than the
 * address space holds: a clean failure, not a product that wraps round to
 * a small buffer every unit then overruns. */
START_TEST(buffers_beyond_the_address_space_fail)
{
	fx_plan_ok("[a]\nioengine=mem\nsize=16p\nbs=4p\niodepth=4096\n");
	prepared = true;
	ck_assert_int_eq(worker_prepare(&w, fx_job(0), &st, NULL), -EIO);
	ck_assert_int_eq(st.error, ENOMEM);
	ck_assert_str_eq(st.errmsg, "job 'a': out of memory for 4096 buffers of 4503599627370496 bytes");
}
END_TEST

/*
 * plio-mpi --rank-files=shared: whatever a rank's job picks (in order, at
 * random with or without a map, holes, stretches, zones, block ranges,
 * distributions, going round) lies in that rank's share of each region;
 * a job that covers its region covers the shares exactly once between
 * the ranks.
 */
START_TEST(a_rank_stays_in_its_share)
{
	static const char *const jobs[] = {
		"rw=write\nbs=4k\n",		/* covers: 0 */
		"rw=randwrite\nbs=4k\n",	/* covers: 1 */
		"rw=randread\nbs=4k\nnorandommap\nio_size=4m\n",
		"rw=read:8k\nbs=4k\n",
		"rw=read:-8k\nbs=4k\nloops=3\n",
		"rw=randread:4\nbs=4k\nnorandommap\nio_size=2m\n",
		"rw=randread\nbs=4k\nzonemode=strided\nzonerange=64k\nzonesize=16k\nio_size=3m\n",
		"rw=randrw\nbsrange=4k-64k\nio_size=2m\n",
		"rw=read\nbs=16k\ntime_based\nruntime=10\n",
		"rw=randread\nbs=4k\nrandom_generator=lfsr\n",
		"rw=randread\nbs=8k\nrandom_distribution=zipf:1.2\nio_size=2m\n",
		"rw=randwrite\nbs=4k\nnrfiles=2\noffset=64k\nsize=2m\nio_size=4m\n",
	};
	static unsigned char seen[256];
	char text[512];
	size_t j, i, n;
	unsigned int r;

	for (j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
		memset(seen, 0, sizeof(seen));
		for (r = 0; r < 3; r++) {
			struct plan_opts o = { .rank_tag = "h.r1", .shared_files = true,
					       .rank = r, .n_ranks = 3 };

			snprintf(text, sizeof(text), "[a]\nioengine=mem\nsize=1m\n%s", jobs[j]);
			fx_teardown();
			setup();
			ck_assert_msg(fx_plan_text(text, &o) == 0, "%s: %s", jobs[j], fx_err.msg);
			ck_assert_msg(worker_prepare(&w, fx_job(0), &st, NULL) == 0, "%s: %s",
				      jobs[j], st.errmsg);
			prepared = true;
			n = pick_up_to(3000);
			ck_assert_uint_gt(n, 0);
			for (i = 0; i < n; i++) {
				const struct plan_file *pf = &fx_job(0)->files[picks[i].file];

				ck_assert_msg(picks[i].off >= pf->offset &&
					      picks[i].off + picks[i].len <= pf->offset + pf->size,
					      "%s rank %u: %llu+%llu outside %llu+%llu", jobs[j], r,
					      (unsigned long long)picks[i].off,
					      (unsigned long long)picks[i].len,
					      (unsigned long long)pf->offset,
					      (unsigned long long)pf->size);
				if (j < 2)
					ck_assert_uint_eq(seen[picks[i].off / (4 * K)]++, 0);
			}
			if (j < 2)
				ck_assert_uint_eq(n, fx_job(0)->files[0].size / (4 * K));
			worker_finish(&w);
			prepared = false;
		}
		for (i = 0; j < 2 && i < 256; i++)
			ck_assert_uint_eq(seen[i], 1);
	}
}
END_TEST

static Suite *pick_suite(void)
{
	Suite *s = suite_create("pick");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sequential_in_order_then_done);
	tcase_add_test(tc, offsets_lie_in_the_region);
	tcase_add_test(tc, random_map_takes_each_block_once);
	tcase_add_test(tc, norandommap_stays_inside);
	tcase_add_test(tc, holes_after_each_block);
	tcase_add_test(tc, backwards_from_the_end);
	tcase_add_test(tc, random_stretches);
	tcase_add_test(tc, percentage_random_zero_is_sequential);
	tcase_add_test(tc, bssplit_shares);
	tcase_add_test(tc, bsrange_sizes);
	tcase_add_test(tc, mixed_directions);
	tcase_add_test(tc, trimwrite_pairs);
	tcase_add_test(tc, file_service_order);
	tcase_add_test(tc, buffers_beyond_the_address_space_fail);
	tcase_add_test(tc, a_rank_stays_in_its_share);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pick_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
