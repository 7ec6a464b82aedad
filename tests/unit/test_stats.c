/*
 * test_stats.c - sampling, logs and depth buckets (core/measure/stats.c, core/measure/statlog.c).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "measure/eta.h"
#include "measure/stats.h"
#include "options/options.h"
#include "plan/internal.h"
#include "run/runner.h"

#define MS 1000000ull
#define T0 (5000 * MS)	/* an arbitrary measurement start */

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

/* ------------------------------------------------------------ fixtures */

static struct job_spec js;
static struct plan_shape shape;
static struct plan_job pj;
static struct job_stats st;
static struct stats_run sr;
static char dir[64];

/* The defaults stats_run_init reads (options.c's table), no logs. */
static void setup(void)
{
	memset(&js, 0, sizeof(js));
	memset(&pj, 0, sizeof(pj));
	memset(&st, 0, sizeof(st));
	js.name = "job";
	js.bwavgtime = 500;
	js.iopsavgtime = 500;
	js.per_job_logs = 1;
	js.stats = 1;			/* fio's default */
	pj.spec = &js;
	pj.index = 2;
	strcpy(dir, "/tmp/test_stats.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chdir(dir), 0);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (chdir("/") || system(cmd))
		fprintf(stderr, "cleaning %s failed\n", dir);
}

/* The job's shape as the plan makes it from js, then the run. */
static void init_run(void)
{
	char err[256];

	plan_shape(&shape, &js, NULL);
	pj.shape = &shape;
	ck_assert_int_eq(stats_run_init(&sr, &pj, &st, err, sizeof(err)), 0);
}

/* n reads of bs bytes, one every `step` ns after `from`; returns the last
 * completion time.  clat 1000 ns, lat 1500 ns, slat 500 ns. */
static uint64_t reads(unsigned int n, uint64_t bs, uint64_t from, uint64_t step)
{
	uint64_t now = from;
	unsigned int i;

	for (i = 0; i < n; i++) {
		now += step;
		stats_io_done(&sr, DIR_READ, bs, bs, (uint64_t)i * bs, 500, 1000, 1500, now, 0, 0);
	}
	return now;
}

/* Lines of a file, or -1. */
static long count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	long n = 0;
	int c;

	if (!f)
		return -1;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static char *first_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, (int)len, f));
	fclose(f);
	return buf;
}

/* ------------------------------------------------------------ sampling */

/* 500 reads/s of 4 KiB for 1.2 s: samples at 500 and 1000 ms, each
 * 2000 KiB/s and 500 IO/s; the last 200 ms make no sample (fio). */
START_TEST(timed_samples_in_kib_and_iops)
{
	init_run();
	stats_run_begin(&sr, T0);
	reads(600, 4096, T0, 2 * MS);
	stats_run_end(&sr, T0 + 1200 * MS, NULL);
	ck_assert_uint_eq(st.dir[DIR_READ].bw_samples.n, 2);
	ck_assert_uint_eq(st.dir[DIR_READ].bw_samples.min, 2000);
	ck_assert_uint_eq(st.dir[DIR_READ].bw_samples.max, 2000);
	ck_assert_uint_eq(st.dir[DIR_READ].iops_samples.n, 2);
	ck_assert_double_eq_tol(st.dir[DIR_READ].iops_samples.mean, 500.0, 1e-9);
	/* nothing written: no sample for a direction without data */
	ck_assert_uint_eq(st.dir[DIR_WRITE].bw_samples.n, 0);
	stats_run_free(&sr);
}
END_TEST

/* Two periods at 2000 and 4000 KiB/s: mean 3000, sample stddev 1414.2. */
START_TEST(sample_mean_and_stddev)
{
	uint64_t now;

	init_run();
	stats_run_begin(&sr, T0);
	now = reads(250, 4096, T0, 2 * MS);
	reads(500, 4096, now, MS);
	ck_assert_uint_eq(st.dir[DIR_READ].bw_samples.n, 2);
	ck_assert_double_eq_tol(st.dir[DIR_READ].bw_samples.mean, 3000.0, 1e-9);
	ck_assert_double_eq_tol(lat_stat_stddev(&st.dir[DIR_READ].bw_samples),
				sqrt(2.0) * 1000.0, 1e-6);
	ck_assert_uint_eq(st.dir[DIR_READ].iops_samples.min, 500);
	stats_run_free(&sr);
}
END_TEST

/*
 * Periods stay on fio's grid: completions every 9 ms reach the 500 ms
 * marks at 504, 1008, 1503 and 2007 ms (periods from 500, 1000, 1500),
 * four samples in 2.01 s; periods restarted at each sampling completion
 * would drift to 504, 1008, 1512, 2016 and take only three.
 */
START_TEST(sample_periods_do_not_drift)
{
	init_run();
	stats_run_begin(&sr, T0);
	reads(223, 4096, T0, 9 * MS);
	ck_assert_uint_eq(st.dir[DIR_READ].bw_samples.n, 4);
	ck_assert_uint_eq(st.dir[DIR_READ].iops_samples.n, 4);
	/* the third period ran from 1000 to 1503 ms: 55 I/Os, 109.3 IO/s */
	ck_assert_uint_eq(st.dir[DIR_READ].iops_samples.min, 55 * 1000000000ull / (503 * MS));
	stats_run_free(&sr);
}
END_TEST

/*
 * A runtime of 1 s: the period closing at 1000 ms, when the runtime is up,
 * is not sampled (fio's timer finds the job gone), even by a completion
 * after the deadline; periods that closed before it still are, late.
 */
START_TEST(period_closing_at_deadline_not_sampled)
{
	init_run();
	stats_run_begin(&sr, T0);
	stats_run_deadline(&sr, T0 + 1000 * MS);
	reads(1000, 4096, T0, MS);	/* the last at 1000 ms */
	reads(1, 4096, T0 + 1001 * MS, MS);
	stats_run_end(&sr, T0 + 1002 * MS, NULL);
	ck_assert_uint_eq(st.dir[DIR_READ].bw_samples.n, 1);
	ck_assert_uint_eq(st.dir[DIR_READ].iops_samples.n, 1);
	stats_run_free(&sr);

	/* stalled from 400 to 1100 ms: the period closed at 500 ms is
	 * sampled by the first completion after the stall */
	init_run();
	stats_run_begin(&sr, T0);
	stats_run_deadline(&sr, T0 + 1000 * MS);
	reads(400, 4096, T0, MS);
	reads(1, 4096, T0 + 1100 * MS, MS);
	ck_assert_uint_eq(st.dir[DIR_READ].bw_samples.n, 1);
	stats_run_free(&sr);
}
END_TEST

/* A job shorter than one period has no samples at all, as in fio. */
START_TEST(short_job_has_no_samples)
{
	init_run();
	stats_run_begin(&sr, T0);
	reads(100, 4096, T0, MS);
	stats_run_end(&sr, T0 + 100 * MS, NULL);
	ck_assert_uint_eq(st.dir[DIR_READ].ios, 100);
	ck_assert_uint_eq(st.dir[DIR_READ].bw_samples.n, 0);
	ck_assert_uint_eq(st.dir[DIR_READ].iops_samples.n, 0);
	stats_run_free(&sr);
}
END_TEST

/* ramp_time: what completes before stats_run_begin is not counted, and
 * the periods start at the end of the ramp. */
START_TEST(ramp_is_forgotten)
{
	init_run();
	reads(300, 4096, T0 - 300 * MS, MS);
	stats_run_begin(&sr, T0);
	ck_assert_uint_eq(st.dir[DIR_READ].ios, 0);
	reads(499, 4096, T0, MS);
	ck_assert_uint_eq(st.dir[DIR_READ].bw_samples.n, 0);
	reads(1, 4096, T0 + 499 * MS, MS);
	ck_assert_uint_eq(st.dir[DIR_READ].bw_samples.n, 1);
	ck_assert_uint_eq(st.dir[DIR_READ].ios, 500);
	stats_run_free(&sr);
}
END_TEST

/* Pages of [p, p + len) backed by memory (p page-aligned). */
static size_t resident_pages(const void *p, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), n = (len + page - 1) / page, i, r = 0;
	unsigned char *vec = malloc(n);

	ck_assert_ptr_nonnull(vec);
	ck_assert_int_eq(mincore((void *)p, len, vec), 0);
	for (i = 0; i < n; i++)
		r += vec[i] & 1;
	free(vec);
	return r;
}

/*
 * A run touches of its statistics (in shared memory, as the runner's)
 * the counters and the histogram pages its samples reach, not the 95
 * pages of ten histograms: reads with one slat, clat and lat each touch
 * at most 3 of those, and the ramp's end, which clears what was
 * measured, touches none more.
 */
START_TEST(run_touches_only_pages_it_uses)
{
	struct job_stats *mst = runner_stats_alloc(1);
	size_t all = (sizeof(*mst) + 4095) / 4096, counters, after;
	char err[256];

	ck_assert_ptr_nonnull(mst);
	plan_shape(&shape, &js, NULL);
	pj.shape = &shape;
	ck_assert_int_eq(stats_run_init(&sr, &pj, mst, err, sizeof(err)), 0);
	stats_run_begin(&sr, T0);
	counters = resident_pages(mst, sizeof(*mst));
	/* the direction counters and the tail: a page each, or two when
	 * they straddle a page boundary */
	ck_assert_uint_le(counters, 2 * (DIR_NR + 2));
	reads(1000, 4096, T0, MS);
	after = resident_pages(mst, sizeof(*mst));
	ck_assert_uint_le(after, counters + 3);
	stats_run_begin(&sr, T0 + 2000 * MS);	/* as at the end of a ramp */
	ck_assert_uint_eq(resident_pages(mst, sizeof(*mst)), after);
	ck_assert_uint_eq(hist_total(&mst->hist[DIR_READ].clat), 0);
	ck_assert_uint_eq(hist_total(&mst->hist[DIR_READ].lat), 0);
	ck_assert_uint_eq(hist_total(&mst->hist[DIR_READ].slat), 0);
	ck_assert_uint_eq(mst->dir[DIR_READ].clat.n, 0);
	ck_assert_uint_lt(after, all / 4);
	stats_run_free(&sr);
	runner_stats_free(mst, 1);
}
END_TEST

/* gtod_reduce: no latencies, no per-I/O clock needed, timed samples go on
 * (fio 3.33 still reports bw and iops samples with gtod_reduce). */
START_TEST(gtod_reduce_keeps_only_counts_and_samples)
{
	js.gtod_reduce = 1;
	init_run();
	ck_assert(!stats_run_io_times(&sr));
	ck_assert_uint_eq(st.measured, 0);
	stats_run_begin(&sr, T0);
	reads(600, 4096, T0, MS);
	ck_assert_uint_eq(st.dir[DIR_READ].clat.n, 0);
	ck_assert_uint_eq(st.dir[DIR_READ].lat.n, 0);
	ck_assert_uint_eq(st.dir[DIR_READ].slat.n, 0);
	ck_assert_uint_eq(hist_total(&st.hist[DIR_READ].clat), 0);
	ck_assert_uint_eq(st.dir[DIR_READ].bw_samples.n, 1);
	stats_run_free(&sr);
}
END_TEST

START_TEST(disable_flags_each_stop_one_latency)
{
	js.disable_slat = 1;
	js.disable_lat = 1;
	init_run();
	ck_assert(stats_run_io_times(&sr));
	ck_assert_uint_eq(st.measured, STATS_M_CLAT | STATS_M_PCT);
	stats_run_begin(&sr, T0);
	reads(10, 4096, T0, MS);
	ck_assert_uint_eq(st.dir[DIR_READ].clat.n, 10);
	ck_assert_uint_eq(st.dir[DIR_READ].slat.n, 0);
	ck_assert_uint_eq(st.dir[DIR_READ].lat.n, 0);
	stats_run_free(&sr);
}
END_TEST

/* ------------------------------------------------------------ merging */

/* Group reporting: latencies pool exactly, bandwidth samples add up. */
START_TEST(merge_sums_bw_and_pools_latency)
{
	struct job_stats a, b;
	struct lat_stat all = { 0 };
	uint64_t v;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	for (v = 1; v <= 4; v++) {
		lat_stat_add(&a.dir[0].bw_samples, 100 * v);
		lat_stat_add(&b.dir[0].bw_samples, 10 * v);
		lat_stat_add(&a.dir[0].clat, v);
		lat_stat_add(&b.dir[0].clat, 10 * v);
		lat_stat_add(&all, v);
		lat_stat_add(&all, 10 * v);
	}
	a.measured = STATS_M_CLAT;
	b.measured = STATS_M_LAT;
	stats_merge(&a, &b);
	ck_assert_uint_eq(a.dir[0].bw_samples.min, 110);
	ck_assert_uint_eq(a.dir[0].bw_samples.max, 440);
	ck_assert_double_eq_tol(a.dir[0].bw_samples.mean, 275.0, 1e-9);
	ck_assert_uint_eq(a.dir[0].bw_samples.n, 8);
	ck_assert_uint_eq(a.dir[0].clat.n, 8);
	ck_assert_double_eq_tol(a.dir[0].clat.mean, all.mean, 1e-9);
	ck_assert_double_eq_tol(lat_stat_stddev(&a.dir[0].clat), lat_stat_stddev(&all), 1e-9);
	ck_assert_uint_eq(a.measured, STATS_M_CLAT | STATS_M_LAT);
}
END_TEST

/* ------------------------------------------------------------ logs */

START_TEST(log_names_and_per_io_lines)
{
	char line[256];

	js.write_lat_log = "x";
	js.write_bw_log = "";		/* bare: the job name */
	js.write_iops_log = "x";
	init_run();
	ck_assert(sr.bw_unit && sr.iops_unit);
	stats_run_begin(&sr, T0);
	stats_io_done(&sr, DIR_WRITE, 4096, 4096, 8192, 500, 1000, 1500, T0 + 3 * MS, 0, 0);
	stats_io_done(&sr, DIR_READ, 512, 4096, 0, UINT64_MAX, 2000, 2000, T0 + 1500 * MS, 0, 0);
	stats_run_end(&sr, T0 + 1600 * MS, NULL);
	stats_run_free(&sr);
	ck_assert_int_eq(st.error, 0);
	/* job number = plan index + 1; slat at issue time (completion - clat) */
	ck_assert_str_eq(first_line("x_clat.3.log", line, sizeof(line)), "3, 1000, 1, 4096, 0\n");
	ck_assert_str_eq(first_line("x_lat.3.log", line, sizeof(line)), "3, 1500, 1, 4096, 0\n");
	ck_assert_str_eq(first_line("x_slat.3.log", line, sizeof(line)), "2, 500, 1, 4096, 0\n");
	ck_assert_int_eq(count_lines("x_slat.3.log"), 1);	/* inline: no slat */
	ck_assert_int_eq(count_lines("x_clat.3.log"), 2);
	/* per-I/O bandwidth: bytes * 10^6 / clat_ns, as fio; also the sample */
	ck_assert_str_eq(first_line("job_bw.3.log", line, sizeof(line)),
			 "3, 4096000, 1, 4096, 0\n");
	ck_assert_uint_eq(st.dir[DIR_READ].bw_samples.max, 256000);
	ck_assert_uint_eq(st.dir[DIR_READ].short_ios, 1);
	ck_assert_str_eq(first_line("x_iops.3.log", line, sizeof(line)), "3, 1, 1, 4096, 0\n");
	ck_assert_uint_eq(st.dir[DIR_WRITE].iops_samples.n, 1);
}
END_TEST

START_TEST(shared_log_appends_without_number)
{
	int i;

	js.write_lat_log = "s";
	js.per_job_logs = 0;
	js.disable_slat = js.disable_lat = 1;
	for (i = 0; i < 2; i++) {
		init_run();
		stats_run_begin(&sr, T0);
		reads(5, 4096, T0, MS);
		stats_run_end(&sr, T0 + 5 * MS, NULL);
		stats_run_free(&sr);
	}
	ck_assert_int_eq(count_lines("s_clat.log"), 10);
	ck_assert_int_eq(access("s_lat.log", F_OK), -1);	/* disable_lat */
}
END_TEST

START_TEST(entry_formats_match_fio)
{
	struct statlog l;
	uint64_t w[4] = { 12, 345, 8192, 4096 | (uint64_t)0x2004 << 32 | 1ull << 48 };
	char buf[128];

	ck_assert_int_eq(statlog_init(&l, STATLOG_CLAT, "unused", 0, STATLOG_WIN_MEAN, false,
				      false, false, false), 0);
	statlog_format(&l, w, buf, sizeof(buf));
	ck_assert_str_eq(buf, "12, 345, 1, 4096, 1\n");	/* class 1: real-time */
	l.offset = true;
	statlog_format(&l, w, buf, sizeof(buf));
	ck_assert_str_eq(buf, "12, 345, 1, 4096, 8192, 1\n");
	l.prio = true;
	statlog_format(&l, w, buf, sizeof(buf));
	ck_assert_str_eq(buf, "12, 345, 1, 4096, 8192, 0x2004\n");
	l.offset = false;
	statlog_format(&l, w, buf, sizeof(buf));
	ck_assert_str_eq(buf, "12, 345, 1, 4096, 0x2004\n");
	statlog_free(&l);
}
END_TEST

/* log_avg_msec: one entry per direction and window, mean rounded (or the
 * max with log_max_value), BS and OFFSET 0, the rest at the end. */
START_TEST(windows_average_or_max)
{
	char line[128];
	FILE *f;

	js.write_lat_log = "a";
	js.log_avg_msec = 100;
	js.disable_slat = js.disable_lat = 1;
	init_run();
	stats_run_begin(&sr, T0);
	stats_io_done(&sr, DIR_READ, 4096, 4096, 0, 0, 10, 10, T0 + 10 * MS, 0, 0);
	stats_io_done(&sr, DIR_READ, 4096, 4096, 0, 0, 11, 11, T0 + 50 * MS, 0, 0);
	stats_io_done(&sr, DIR_READ, 4096, 4096, 0, 0, 30, 30, T0 + 101 * MS, 0, 0);
	stats_io_done(&sr, DIR_READ, 4096, 4096, 0, 0, 7, 7, T0 + 150 * MS, 0, 0);
	stats_run_end(&sr, T0 + 170 * MS, NULL);
	stats_run_free(&sr);
	f = fopen("a_clat.3.log", "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_str_eq(line, "101, 17, 0, 0, 0\n");	/* (10+11+30)/3 = 17 */
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_str_eq(line, "170, 7, 0, 0, 0\n");
	ck_assert_ptr_null(fgets(line, sizeof(line), f));
	fclose(f);

	js.log_max_value = 1;
	init_run();
	stats_run_begin(&sr, T0);
	stats_io_done(&sr, DIR_WRITE, 4096, 4096, 0, 0, 10, 10, T0 + 10 * MS, 0, 0);
	stats_io_done(&sr, DIR_WRITE, 4096, 4096, 0, 0, 30, 30, T0 + 60 * MS, 0, 0);
	stats_io_done(&sr, DIR_WRITE, 4096, 4096, 0, 0, 11, 11, T0 + 100 * MS, 0, 0);
	stats_run_end(&sr, T0 + 120 * MS, NULL);
	stats_run_free(&sr);
	ck_assert_str_eq(first_line("a_clat.3.log", line, sizeof(line)), "100, 30, 1, 0, 0\n");

	/* log_window_value=both: the mean, then the max; log_offset's
	 * column stays 0 */
	js.log_max_value = STATLOG_WIN_BOTH;
	js.log_offset = 1;
	init_run();
	stats_run_begin(&sr, T0);
	stats_io_done(&sr, DIR_WRITE, 4096, 4096, 8192, 0, 10, 10, T0 + 10 * MS, 0, 0);
	stats_io_done(&sr, DIR_WRITE, 4096, 4096, 8192, 0, 30, 30, T0 + 60 * MS, 0, 0);
	stats_io_done(&sr, DIR_WRITE, 4096, 4096, 8192, 0, 11, 11, T0 + 100 * MS, 0, 0);
	stats_run_end(&sr, T0 + 120 * MS, NULL);
	stats_run_free(&sr);
	ck_assert_str_eq(first_line("a_clat.3.log", line, sizeof(line)),
			 "100, 17, 30, 1, 0, 0, 0\n");
	js.log_offset = 0;
}
END_TEST

/*
 * The run ends in the ms a window closed, with completions between: their
 * samples join that entry (fio never logs a time twice for a direction);
 * the other direction's window closes on its own at that time.
 */
START_TEST(window_closing_at_end_joins_last_entry)
{
	char line[128];
	FILE *f;

	js.write_lat_log = "a";
	js.log_avg_msec = 100;
	js.disable_slat = js.disable_lat = 1;
	init_run();
	stats_run_begin(&sr, T0);
	stats_io_done(&sr, DIR_READ, 4096, 4096, 0, 0, 10, 10, T0 + 50 * MS, 0, 0);
	stats_io_done(&sr, DIR_WRITE, 4096, 4096, 0, 0, 5, 5, T0 + 60 * MS, 0, 0);
	stats_io_done(&sr, DIR_READ, 4096, 4096, 0, 0, 20, 20, T0 + 100 * MS, 0, 0);
	stats_io_done(&sr, DIR_READ, 4096, 4096, 0, 0, 60, 60, T0 + 100 * MS + 300000, 0, 0);
	stats_io_done(&sr, DIR_READ, 4096, 4096, 0, 0, 30, 30, T0 + 100 * MS + 600000, 0, 0);
	stats_run_end(&sr, T0 + 100 * MS + 900000, NULL);
	stats_run_free(&sr);
	f = fopen("a_clat.3.log", "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_str_eq(line, "100, 30, 0, 0, 0\n");	/* (10+20+60+30)/4 */
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_str_eq(line, "100, 5, 1, 0, 0\n");
	ck_assert_ptr_null(fgets(line, sizeof(line), f));
	fclose(f);

	/* the max of the two windows with log_window_value=max */
	js.log_max_value = STATLOG_WIN_MAX;
	init_run();
	stats_run_begin(&sr, T0);
	stats_io_done(&sr, DIR_READ, 4096, 4096, 0, 0, 10, 10, T0 + 100 * MS, 0, 0);
	stats_io_done(&sr, DIR_READ, 4096, 4096, 0, 0, 60, 60, T0 + 100 * MS + 300000, 0, 0);
	stats_run_end(&sr, T0 + 100 * MS + 900000, NULL);
	stats_run_free(&sr);
	ck_assert_str_eq(first_line("a_clat.3.log", line, sizeof(line)), "100, 60, 0, 0, 0\n");
	ck_assert_int_eq(count_lines("a_clat.3.log"), 1);
	js.log_max_value = 0;
}
END_TEST

/* log_issue_time: lat and clat entries end with the issue time in ns
 * since the start (completion time less clat); slat entries with 0. */
START_TEST(issue_time_column)
{
	char line[128];

	js.write_lat_log = "i";
	js.log_issue_time = 1;
	init_run();
	stats_run_begin(&sr, T0);
	/* issued at 2.5 ms (slat 500 ns), completed at 10 ms */
	stats_io_done(&sr, DIR_READ, 4096, 4096, 0, 500, 7500000, 7500500, T0 + 10 * MS, 0, 0);
	stats_run_end(&sr, T0 + 20 * MS, NULL);
	stats_run_free(&sr);
	ck_assert_str_eq(first_line("i_clat.3.log", line, sizeof(line)),
			 "10, 7500000, 0, 4096, 0, 2500000\n");
	ck_assert_str_eq(first_line("i_lat.3.log", line, sizeof(line)),
			 "10, 7500500, 0, 4096, 0, 2500000\n");
	ck_assert_str_eq(first_line("i_slat.3.log", line, sizeof(line)),
			 "2, 500, 0, 4096, 0, 0\n");
	js.log_issue_time = 0;
}
END_TEST

/* fio's plat_val_to_idx, on its group edges. */
START_TEST(plat_index_matches_fio)
{
	ck_assert_uint_eq(statlog_plat_index(0), 0);
	ck_assert_uint_eq(statlog_plat_index(127), 127);
	ck_assert_uint_eq(statlog_plat_index(128), 128);
	ck_assert_uint_eq(statlog_plat_index(129), 128);
	ck_assert_uint_eq(statlog_plat_index(255), 191);
	ck_assert_uint_eq(statlog_plat_index(256), 192);
	ck_assert_uint_eq(statlog_plat_index(1000000), 64 * 14 + (1000000 >> 13) - 64);
	ck_assert_uint_eq(statlog_plat_index(UINT64_MAX), STATLOG_PLAT_NR - 1);
}
END_TEST

/* write_hist_log + log_hist_msec: TIME, DIR, BS and 1856 bins holding the
 * completions of the interval; the last partial interval is not written. */
START_TEST(hist_log_intervals)
{
	char *line = malloc(65536);
	unsigned int fields = 1, sum = 0, i;
	FILE *f;
	char *p, *save = NULL;

	js.write_hist_log = "h";
	js.log_hist_msec = 100;
	init_run();
	stats_run_begin(&sr, T0);
	for (i = 1; i <= 250; i++)
		stats_io_done(&sr, DIR_READ, 4096, 4096, 0, 0, 1000 + i, 1000 + i,
			      T0 + i * MS, 0, 0);
	stats_run_end(&sr, T0 + 251 * MS, NULL);
	stats_run_free(&sr);
	ck_assert_int_eq(count_lines("h_clat_hist.3.log"), 2);
	f = fopen("h_clat_hist.3.log", "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, 65536, f));
	fclose(f);
	ck_assert_int_eq(strncmp(line, "101, 0, 4096, ", 14), 0);
	for (p = strtok_r(line, ",", &save); p; p = strtok_r(NULL, ",", &save), fields++)
		if (fields > 3)
			sum += (unsigned int)strtoul(p, NULL, 10);
	ck_assert_uint_eq(fields - 1, 3 + STATLOG_PLAT_NR);
	ck_assert_uint_eq(sum, 101);	/* interval opened at 1 ms, closed at 101 */
	free(line);
}
END_TEST

/* log_hist_coarseness=2: each column sums 4 neighbouring bins (fio's
 * hist_sum), 1856 >> 2 columns.  1000 ns and 1016 ns fall in bins 317
 * and 319 (column 79), 1024 ns in bin 320 (column 80). */
START_TEST(hist_log_coarseness)
{
	static const uint64_t lat[3] = { 1000, 1016, 1024 };
	char *line = malloc(65536);
	unsigned int fields = 0, i;
	unsigned long col[3 + (STATLOG_PLAT_NR >> 2) + 1];
	FILE *f;
	char *p, *save = NULL;

	ck_assert_uint_eq(statlog_plat_index(1000), 317);
	ck_assert_uint_eq(statlog_plat_index(1016), 319);
	ck_assert_uint_eq(statlog_plat_index(1024), 320);
	js.write_hist_log = "hc";
	js.log_hist_msec = 100;
	js.log_hist_coarseness = 2;
	init_run();
	stats_run_begin(&sr, T0);
	for (i = 1; i <= 150; i++)
		stats_io_done(&sr, DIR_WRITE, 4096, 4096, 0, 0, lat[i % 3], lat[i % 3],
			      T0 + i * MS, 0, 0);
	stats_run_end(&sr, T0 + 151 * MS, NULL);
	stats_run_free(&sr);
	ck_assert_int_eq(count_lines("hc_clat_hist.3.log"), 1);
	f = fopen("hc_clat_hist.3.log", "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, 65536, f));
	fclose(f);
	for (p = strtok_r(line, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		ck_assert_uint_lt(fields, sizeof(col) / sizeof(col[0]));
		col[fields++] = strtoul(p, NULL, 10);
	}
	ck_assert_uint_eq(fields, 3 + STATLOG_PLAT_NR / 4);
	ck_assert_uint_eq(col[0], 101);
	ck_assert_uint_eq(col[1], 1);
	ck_assert_uint_eq(col[2], 4096);
	/* 101 writes in the interval: i % 3 == 0 (1000 ns) 33, 1 (1016) 34,
	 * 2 (1024) 34 */
	ck_assert_uint_eq(col[3 + 79], 33 + 34);
	ck_assert_uint_eq(col[3 + 80], 34);
	for (i = 3; i < fields; i++)
		if (i != 3 + 79 && i != 3 + 80)
			ck_assert_uint_eq(col[i], 0);
	free(line);
}
END_TEST

/* Past the first chunk: every entry is kept, in order. */
START_TEST(chunks_grow_without_loss)
{
	struct statlog l;
	char err[256];
	uint64_t i;
	char line[64];

	ck_assert_int_eq(statlog_init(&l, STATLOG_LAT, "big.log", 0, STATLOG_WIN_MEAN, false,
				      false, false, false), 0);
	for (i = 0; i < 300000; i++)
		statlog_add(&l, i / 1000, i, 0, 4096, 0, 0, 0);
	ck_assert_uint_eq(l.entries, 300000);
	ck_assert_int_eq(statlog_write(&l, err, sizeof(err)), 0);
	statlog_free(&l);
	ck_assert_int_eq(count_lines("big.log"), 300000);
	ck_assert_str_eq(first_line("big.log", line, sizeof(line)), "0, 0, 0, 4096, 0\n");
}
END_TEST

START_TEST(unwritable_log_is_the_job_error)
{
	js.write_iops_log = "/nonexistent-dir/x";
	init_run();
	stats_run_begin(&sr, T0);
	reads(2, 4096, T0, MS);
	stats_run_end(&sr, T0 + 2 * MS, NULL);
	stats_run_free(&sr);
	ck_assert_int_ne(st.error, 0);
	ck_assert_ptr_nonnull(strstr(st.errmsg, "/nonexistent-dir/x_iops.3.log"));
}
END_TEST

/* The status line blanks out what a longer line before it left, also
 * when no job runs (between two phases: "Jobs: 0 (f=0)"). */
START_TEST(status_line_blanks_a_longer_one)
{
	struct plan plan = { .jobs = &pj, .n_jobs = 1, .n_groups = 1, .n_phases = 1 };
	struct eta_job ej = { .state = ETA_RUNNING, .started_ns = T0 };
	struct eta eta;
	char a[512], b[512];
	size_t la, lb;

	memset(&js, 0, sizeof(js));
	memset(&pj, 0, sizeof(pj));
	js.name = "job";
	js.kb_base = 1024;
	js.loops = 1;
	pj.spec = &js;
	js.rw = RW_READ;
	js.time_based = 1;
	js.runtime = 10000000;
	eta_init(&eta, &plan, 0, T0);
	ej.total_bytes[DIR_READ] = 1ull << 30;
	ej.total_ios[DIR_READ] = 1ull << 18;
	ej.bytes = 1ull << 30;
	la = eta_line(&eta, &plan, &ej, T0, T0 + 1000 * MS, a, sizeof(a));
	ck_assert_msg(strstr(a, "[r=") != NULL, "%s", a);
	ej.state = ETA_ENDED;
	lb = eta_line(&eta, &plan, &ej, T0, T0 + 2000 * MS, b, sizeof(b));
	ck_assert_msg(!strncmp(b, "Jobs: 0 (f=0)   ", 16), "'%s'", b);
	ck_assert_uint_eq(lb, la);
	ck_assert_int_eq(b[lb - 1], '\r');
}
END_TEST

static Suite *stats_suite(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("core");
	TCase *run = tcase_create("run");
	TCase *logs = tcase_create("logs");

	tcase_add_test(tc, depth_buckets_match_fio);
	tcase_add_test(tc, merge_sums_bw_and_pools_latency);
	tcase_add_test(tc, plat_index_matches_fio);
	tcase_add_test(tc, status_line_blanks_a_longer_one);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(run, setup, teardown);
	tcase_add_test(run, timed_samples_in_kib_and_iops);
	tcase_add_test(run, sample_periods_do_not_drift);
	tcase_add_test(run, sample_mean_and_stddev);
	tcase_add_test(run, short_job_has_no_samples);
	tcase_add_test(run, period_closing_at_deadline_not_sampled);
	tcase_add_test(run, ramp_is_forgotten);
	tcase_add_test(run, run_touches_only_pages_it_uses);
	tcase_add_test(run, gtod_reduce_keeps_only_counts_and_samples);
	tcase_add_test(run, disable_flags_each_stop_one_latency);
	suite_add_tcase(s, run);

	tcase_add_checked_fixture(logs, setup, teardown);
	tcase_add_test(logs, log_names_and_per_io_lines);
	tcase_add_test(logs, shared_log_appends_without_number);
	tcase_add_test(logs, entry_formats_match_fio);
	tcase_add_test(logs, windows_average_or_max);
	tcase_add_test(logs, window_closing_at_end_joins_last_entry);
	tcase_add_test(logs, issue_time_column);
	tcase_add_test(logs, hist_log_intervals);
	tcase_add_test(logs, hist_log_coarseness);
	tcase_add_test(logs, chunks_grow_without_loss);
	tcase_add_test(logs, unwritable_log_is_the_job_error);
	suite_add_tcase(s, logs);
	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(stats_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
