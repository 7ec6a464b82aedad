/*
 * test_cluster.c - runs across hosts without MPI: the coordinator
 * (core/run/cluster.c) over a transport of threads in this process, one
 * per rank, and the statistics' wire form (core/measure/statwire.c).
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/statwire.h"
#include "run/cluster.h"

#define RANKS 3
#define ROUNDS 4096

/* ---------------------------------------------- a transport of threads */

/* Every rank's j-th sum adds into sums[j]; it is done once all posted. */
static struct fake {
	pthread_mutex_t mu;
	pthread_barrier_t bar;
	uint64_t sums[ROUNDS][8];
	unsigned int posted[ROUNDS];
	/* blocking collectives: each rank's part, then rank 0's result */
	const void *part[RANKS];
	size_t part_len[RANKS];
} fk;

struct link {
	unsigned int rank;
	unsigned int round;	/* the rank's next round */
	uint64_t *v;		/* the round in flight's vector */
	size_t n;
};

static int f_sum_start(void *arg, uint64_t *v, size_t n)
{
	struct link *l = arg;
	unsigned int j = l->round;
	size_t i;

	ck_assert_uint_le(n, 8);
	ck_assert_uint_lt(j, ROUNDS);
	pthread_mutex_lock(&fk.mu);
	for (i = 0; i < n; i++)
		fk.sums[j][i] += v[i];
	fk.posted[j]++;
	pthread_mutex_unlock(&fk.mu);
	l->v = v;
	l->n = n;
	return 0;
}

static int f_sum_test(void *arg)
{
	struct link *l = arg;
	unsigned int j = l->round;
	int done;

	pthread_mutex_lock(&fk.mu);
	done = fk.posted[j] == RANKS;
	if (done)
		memcpy(l->v, fk.sums[j], l->n * sizeof(uint64_t));
	pthread_mutex_unlock(&fk.mu);
	if (done)
		l->round++;
	return done;
}

static int f_gather(void *arg, const void *mine, size_t len, void **all, size_t *lens)
{
	struct link *l = arg;
	unsigned int r;
	size_t total = 0;
	char *buf;

	fk.part[l->rank] = mine;
	fk.part_len[l->rank] = len;
	pthread_barrier_wait(&fk.bar);
	if (!l->rank) {
		for (r = 0; r < RANKS; r++)
			total += fk.part_len[r];
		buf = malloc(total ? total : 1);
		for (total = 0, r = 0; r < RANKS; r++) {
			memcpy(buf + total, fk.part[r], fk.part_len[r]);
			lens[r] = fk.part_len[r];
			total += fk.part_len[r];
		}
		*all = buf;
	}
	pthread_barrier_wait(&fk.bar);
	return 0;
}

static int f_bcast(void *arg, void *buf, size_t len)
{
	struct link *l = arg;

	if (!l->rank)
		fk.part[0] = buf;
	pthread_barrier_wait(&fk.bar);
	if (l->rank)
		memcpy(buf, fk.part[0], len);
	pthread_barrier_wait(&fk.bar);
	return 0;
}

static struct link links[RANKS];
static struct cluster_transport tps[RANKS];
static struct cluster *cs[RANKS];

static void setup(void)
{
	unsigned int r;

	memset(&fk, 0, sizeof(fk));
	pthread_mutex_init(&fk.mu, NULL);
	pthread_barrier_init(&fk.bar, NULL, RANKS);
	for (r = 0; r < RANKS; r++) {
		links[r] = (struct link){ .rank = r };
		tps[r] = (struct cluster_transport){
			.rank = r, .n_ranks = RANKS, .host = r < 2 ? "node-a" : "node-b",
			.arg = &links[r], .sum_start = f_sum_start, .sum_test = f_sum_test,
			.gather = f_gather, .bcast = f_bcast,
		};
		cs[r] = cluster_new(&tps[r]);
		ck_assert_ptr_nonnull(cs[r]);
	}
}

static void teardown(void)
{
	unsigned int r;

	for (r = 0; r < RANKS; r++)
		cluster_free(cs[r]);
	pthread_barrier_destroy(&fk.bar);
	pthread_mutex_destroy(&fk.mu);
}

/* Run fn(rank) on a thread per rank; wait for all. */
static void on_ranks(void *(*fn)(void *))
{
	pthread_t t[RANKS];
	uintptr_t r;

	for (r = 0; r < RANKS; r++)
		ck_assert_int_eq(pthread_create(&t[r], NULL, fn, (void *)r), 0);
	for (r = 0; r < RANKS; r++)
		pthread_join(t[r], NULL);
}

/* ------------------------------------------------------------ the run */

/* Two jobs; per rank its stop flags, and what it saw. */
static struct plan plan2 = { .n_jobs = 2, .n_phases = 1 };
static int flags[RANKS][2];
static unsigned int synced_round[RANKS][2];
static bool ended[RANKS];
static bool rank2_fails;
static int rank1_ran;		/* rank 1 left its phase (atomic) */
static int early[RANKS];	/* passed the phase's end before rank 1 left it */

/* Step at a sync point until every rank is there. */
static void sync_point(unsigned int r, bool failed, uint64_t now)
{
	bool synced = false;
	int err = 0, steps;

	for (steps = 0; !synced && steps < 1000000; steps++) {
		cluster_step(cs[r], now + (uint64_t)steps, false, failed, NULL, &synced, &err);
		ck_assert_int_eq(err, 0);
		if (!synced)
			sched_yield();
	}
	ck_assert(synced);
}

/*
 * Each rank: the common start, then a phase in which rank 1 runs longest
 * and raises job 1's stop flag halfway (and rank 2 fails, when asked),
 * then the phase's end.  The round each passed a sync point in is noted:
 * every rank must pass in the same one.
 */
static void *a_run(void *arg)
{
	unsigned int r = (unsigned int)(uintptr_t)arg;
	struct cluster *c = cs[r];
	struct perr e = { "" };
	bool synced = false, failed = rank2_fails && r == 2;
	int err = 0, steps;

	ck_assert_int_eq(cluster_run_begin(c, &plan2, flags[r], false, &e), 0);
	sync_point(r, false, 1);
	synced_round[r][0] = links[r].round;
	for (steps = 0; steps < (r == 1 ? 40 : 5); steps++) {
		if (r == 1 && steps == 20)
			flags[r][1] = 1;
		/* a round each time: 100 ms apart, more than CLUSTER_ROUND_MS */
		cluster_step(c, (uint64_t)(steps + 1) * 100000000ull, true, failed, NULL,
			     &synced, &err);
		ck_assert_int_eq(err, 0);
		ck_assert(!synced);	/* a running rank never passes one */
		sched_yield();
	}
	if (r == 1)
		__atomic_store_n(&rank1_ran, 1, __ATOMIC_SEQ_CST);
	sync_point(r, failed, 10000000000ull);
	early[r] = !__atomic_load_n(&rank1_ran, __ATOMIC_SEQ_CST);
	synced_round[r][1] = links[r].round;
	ended[r] = cluster_ending(c);
	cluster_run_end(c);
	return NULL;
}

START_TEST(ranks_sync_and_stop_alike)
{
	unsigned int r;

	memset(flags, 0, sizeof(flags));
	rank2_fails = false;
	rank1_ran = 0;
	on_ranks(a_run);
	for (r = 0; r < RANKS; r++) {
		ck_assert_uint_eq(synced_round[r][0], synced_round[0][0]);
		ck_assert_uint_eq(synced_round[r][1], synced_round[0][1]);
		/* rank 1's stop of job 1 reached every rank; job 0 goes on */
		ck_assert_int_eq(flags[r][1], 1);
		ck_assert_int_eq(flags[r][0], 0);
		ck_assert(!ended[r]);
	}
	/* no rank passed the phase's end before rank 1 left the phase */
	for (r = 0; r < RANKS; r++)
		ck_assert_int_eq(early[r], 0);
	ck_assert_uint_gt(synced_round[0][1], synced_round[0][0]);
}
END_TEST

START_TEST(a_failing_rank_stops_every_job_everywhere)
{
	unsigned int r;

	memset(flags, 0, sizeof(flags));
	rank2_fails = true;
	on_ranks(a_run);
	for (r = 0; r < RANKS; r++) {
		ck_assert_uint_eq(synced_round[r][1], synced_round[0][1]);
		ck_assert_int_eq(flags[r][0], 1);
		ck_assert_int_eq(flags[r][1], 1);
		ck_assert(ended[r]);
	}
}
END_TEST

/* ----------------------------------------------------- agreeing on stages */

static int agreed[RANKS];
static void *a_agree(void *arg)
{
	unsigned int r = (unsigned int)(uintptr_t)arg;
	struct perr e = { "" }, mine = { "" };

	snprintf(mine.msg, sizeof(mine.msg), "no such file");
	agreed[r] = cluster_agree(cs[r], r == 1, &mine, &e);
	return NULL;
}

START_TEST(one_failing_rank_fails_all)
{
	unsigned int r;

	on_ranks(a_agree);
	for (r = 0; r < RANKS; r++)
		ck_assert_int_eq(agreed[r], 1);
}
END_TEST

/* ----------------------------------------------- statistics to rank 0 */

static struct job_stats *st[RANKS];
static struct job_stats *merged;
static struct cluster_rank *got;

/* Rank r did 100*(r+1) reads of (r+1) us each, 4 KiB, from its second
 * 10+r to 12+r (its clock offset by r hours) */
static void *a_collect(void *arg)
{
	unsigned int r = (unsigned int)(uintptr_t)arg;
	uint64_t off = (uint64_t)r * 3600000000000ull, i;
	struct job_stats *s = st[r];
	struct perr e = { "" };
	bool synced = false;
	int err = 0;

	/* the common start: each rank's clock there differs by off */
	ck_assert_int_eq(cluster_run_begin(cs[r], &plan2, flags[r], false, &e), 0);
	while (!synced) {
		cluster_step(cs[r], 1, false, false, NULL, &synced, &err);
		sched_yield();
	}
	cluster_run_end(cs[r]);
	for (i = 0; i < 100 * (r + 1); i++) {
		lat_stat_add(&s[0].dir[DIR_READ].clat, (r + 1) * 1000);
		hist_add(&s[0].hist[DIR_READ].clat, (r + 1) * 1000);
	}
	s[0].dir[DIR_READ].ios = 100 * (r + 1);
	s[0].dir[DIR_READ].bytes = 4096 * 100 * (r + 1);
	/* times as seen from this rank's start of the run */
	s[0].start_ns = cluster_start_ns(cs[r]) + (10 + r) * 1000000000ull;
	s[0].end_ns = cluster_start_ns(cs[r]) + (12 + r) * 1000000000ull;
	s[0].runtime_ns = 2000000000ull;
	s[0].done = 1;
	if (r == 2) {
		s[1].error = 5;
		snprintf(s[1].errmsg, sizeof(s[1].errmsg), "job 'b': broken");
	}
	(void)off;
	ck_assert_int_eq(cluster_collect(cs[r], s, 2, r ? NULL : merged, r ? &(struct cluster_rank *){ NULL } : &got, &e), 0);
	return NULL;
}

START_TEST(rank_zero_merges_every_rank)
{
	size_t z = 2 * sizeof(struct job_stats);
	unsigned int r;
	uint64_t total = 0;
	unsigned int k;

	for (r = 0; r < RANKS; r++)
		st[r] = stats_zalloc(z);
	merged = stats_zalloc(z);
	on_ranks(a_collect);
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(merged[0].dir[DIR_READ].ios, 600);
	ck_assert_uint_eq(merged[0].dir[DIR_READ].bytes, 600 * 4096);
	ck_assert_uint_eq(merged[0].dir[DIR_READ].clat.n, 600);
	ck_assert_uint_eq(merged[0].dir[DIR_READ].clat.min, 1000);
	ck_assert_uint_eq(merged[0].dir[DIR_READ].clat.max, 3000);
	/* (100*1 + 200*2 + 300*3) us / 600 */
	ck_assert_double_eq_tol(merged[0].dir[DIR_READ].clat.mean, 1400000.0 / 600, 1e-6);
	/* bin by bin: 100 at 1 us, 200 at 2 us, 300 at 3 us */
	ck_assert_uint_eq(merged[0].hist[DIR_READ].clat.count[hist_index(1000)], 100);
	ck_assert_uint_eq(merged[0].hist[DIR_READ].clat.count[hist_index(2000)], 200);
	ck_assert_uint_eq(merged[0].hist[DIR_READ].clat.count[hist_index(3000)], 300);
	for (k = 0; k < HIST_NR; k++)
		total += merged[0].hist[DIR_READ].clat.count[k];
	ck_assert_uint_eq(total, 600);
	/* the common window: rank 0's 10 s to rank 2's 14 s */
	ck_assert_uint_eq(merged[0].runtime_ns, 4000000000ull);
	/* rank 2's failure, kept with its message */
	ck_assert_int_eq(merged[1].error, 5);
	ck_assert_str_eq(merged[1].errmsg, "job 'b': broken");
	for (r = 0; r < RANKS; r++) {
		ck_assert_uint_eq(got[r].rank, r);
		ck_assert_str_eq(got[r].host, r < 2 ? "node-a" : "node-b");
		ck_assert_uint_eq(got[r].stats[0].dir[DIR_READ].ios, 100 * (r + 1));
	}
	cluster_ranks_free(got, RANKS, 2);
	got = NULL;
	for (r = 0; r < RANKS; r++)
		stats_zfree(st[r], z);
	stats_zfree(merged, z);
}
END_TEST

/* --------------------------------------------------------- the wire */

START_TEST(wire_round_trip_and_refusals)
{
	size_t z = sizeof(struct job_stats), len;
	struct job_stats *a = stats_zalloc(z), *b = stats_zalloc(z);
	unsigned char *buf;
	unsigned int bad_nprio;
	uint64_t v;

	for (v = 1; v < 5000; v += 7) {
		lat_stat_add(&a->dir[DIR_WRITE].clat, v * 1000);
		hist_add(&a->hist[DIR_WRITE].clat, v * 1000);
		lat_stat_add(&a->dir[DIR_WRITE].lat, v * 1100);
		hist_add(&a->hist[DIR_WRITE].lat, v * 1100);
	}
	lat_stat_add(&a->sync_lat, 77777);
	hist_add(&a->sync_hist, 77777);
	a->nprio[0] = 2;
	lat_stat_add(&a->prio[0][1].lat, 5000);
	hist_add(&a->prio_hist[0][1], 5000);
	a->dir[DIR_WRITE].bytes = 12345;
	a->error = 28;
	snprintf(a->errmsg, sizeof(a->errmsg), "no space");
	len = statwire_size(a);
	/* far less than the struct: only the used buckets travel */
	ck_assert_uint_lt(len, z / 8);
	buf = malloc(len + 1);
	statwire_pack(a, buf);
	ck_assert_int_eq(statwire_unpack(b, buf, len), 0);
	ck_assert_int_eq(memcmp(a, b, z), 0);
	/* cut short, one byte too many, a priority count past the table */
	memset(b, 0, z);
	ck_assert_int_eq(statwire_unpack(b, buf, len - 1), -EINVAL);
	memset(b, 0, z);
	ck_assert_int_eq(statwire_unpack(b, buf, len + 1), -EINVAL);
	bad_nprio = STATS_PRIO_MAX + 1;
	memcpy(buf + offsetof(struct job_stats, nprio[1]), &bad_nprio, sizeof(bad_nprio));
	memset(b, 0, z);
	ck_assert_int_eq(statwire_unpack(b, buf, len), -EINVAL);
	free(buf);
	stats_zfree(a, z);
	stats_zfree(b, z);
}
END_TEST

static Suite *cluster_suite(void)
{
	Suite *s = suite_create("cluster");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ranks_sync_and_stop_alike);
	tcase_add_test(tc, a_failing_rank_stops_every_job_everywhere);
	tcase_add_test(tc, one_failing_rank_fails_all);
	tcase_add_test(tc, rank_zero_merges_every_rank);
	tcase_add_test(tc, wire_round_trip_and_refusals);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(cluster_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
