/*
 * test_hist.c - the latency histogram (core/measure/hist.c), and what the report
 * builds on it: running statistics and their merge (core/measure/stats.c), the
 * JSON writer's exact layout (core/base/json.c), fio's number formatting and
 * the reports themselves (core/report*.c) on statistics filled by hand.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/json.h"
#include "measure/hist.h"
#include "measure/stats.h"
#include "report/report.h"
#include "run/runner.h"

static uint64_t xorshift(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/*
 * Every value lands in the bucket whose range holds it, and the value the
 * bucket reports is within 1/256 of it (exact below 2 * HIST_SUB).  Plain
 * comparisons, one ck_abort on failure: Check's per-assert bookkeeping
 * would make the hundreds of thousands of values here slow.
 */
static void check_value(uint64_t v)
{
	unsigned int i = hist_index(v);
	uint64_t rep = hist_bucket_value(i);
	int ok = i < HIST_NR && hist_bucket_low(i) <= v &&
		 (i == HIST_NR - 1 || v < hist_bucket_low(i + 1));

	if (v < 2 * HIST_SUB)
		ok = ok && rep == v;
	else
		ok = ok && fabs((double)rep - (double)v) <= (double)v / 256.0;
	if (!ok)
		ck_abort_msg("value %llu: bucket %u [%llu..], reported %llu",
			     (unsigned long long)v, i,
			     (unsigned long long)hist_bucket_low(i),
			     (unsigned long long)rep);
}

START_TEST(every_value_falls_in_its_bucket)
{
	uint64_t v, x = 0x9e3779b97f4a7c15ull;
	unsigned int sh;
	int i;

	for (v = 0; v < 70000; v++)
		check_value(v);
	for (sh = 8; sh < HIST_MAX_LOG2; sh++) {
		check_value((1ull << sh) - 1);
		check_value(1ull << sh);
		check_value((1ull << sh) + 1);
	}
	for (i = 0; i < 200000; i++) {
		v = xorshift(&x) & ((1ull << HIST_MAX_LOG2) - 1);
		check_value(v >> (xorshift(&x) % HIST_MAX_LOG2));
	}
}
END_TEST

START_TEST(every_bucket_maps_back_to_itself)
{
	unsigned int i;

	for (i = 0; i < HIST_NR; i++)
		if (hist_index(hist_bucket_low(i)) != i ||
		    hist_index(hist_bucket_value(i)) != i ||
		    (i && hist_bucket_low(i) <= hist_bucket_low(i - 1)))
			ck_abort_msg("bucket %u does not map back", i);
	ck_assert_uint_eq(hist_bucket_value(5), 5);
	ck_assert_uint_eq(hist_bucket_value(hist_index(200)), 200);
	/* 256..511 go in buckets of two: [300, 301] reports 301; 512..1023
	 * in buckets of four: [1000, 1003] reports 1002 */
	ck_assert_uint_eq(hist_bucket_value(hist_index(300)), 301);
	ck_assert_uint_eq(hist_bucket_value(hist_index(1003)), 1002);
}
END_TEST

START_TEST(huge_values_go_to_the_last_bucket)
{
	static struct hist h;
	uint64_t v;

	memset(&h, 0, sizeof(h));
	hist_add(&h, 1ull << HIST_MAX_LOG2);
	hist_add(&h, UINT64_MAX);
	hist_add(&h, 1ull << 60);
	ck_assert_uint_eq(hist_index(1ull << HIST_MAX_LOG2), HIST_NR - 1);
	ck_assert_uint_eq(hist_index((1ull << HIST_MAX_LOG2) - 1), HIST_NR - 1);
	ck_assert_uint_eq(h.count[HIST_NR - 1], 3);
	ck_assert_uint_eq(hist_total(&h), 3);
	hist_percentiles(&h, hist_default_pct, 1, &v);
	ck_assert_uint_eq(v, hist_bucket_value(HIST_NR - 1));
}
END_TEST

START_TEST(empty_histogram_reports_zeros)
{
	static struct hist h;
	uint64_t v[20];
	size_t i;

	memset(&h, 0, sizeof(h));
	memset(v, 0xff, sizeof(v));
	ck_assert_uint_eq(hist_total(&h), 0);
	hist_percentiles(&h, hist_default_pct, hist_n_default_pct, v);
	for (i = 0; i < hist_n_default_pct; i++)
		ck_assert_uint_eq(v[i], 0);
}
END_TEST

START_TEST(default_list_is_fios)
{
	static const double want[] = { 1, 5, 10, 20, 30, 40, 50, 60, 70, 80,
				       90, 95, 99, 99.5, 99.9, 99.95, 99.99 };
	size_t i;

	ck_assert_uint_eq(hist_n_default_pct, 17);
	for (i = 0; i < 17; i++)
		ck_assert(hist_default_pct[i] == want[i]);
}
END_TEST

/*
 * Values 1..100, once each: percentile p is the sample of rank
 * ceil(p/100 * 100), with fio's long double arithmetic: 30% and 60% of 100
 * come out a hair above 30 and 60, so fio (and plio) pick 31 and 61.
 */
START_TEST(percentiles_of_1_to_100_are_exact)
{
	static struct hist h;
	static const uint64_t want[] = { 1, 5, 10, 20, 31, 40, 50, 61, 70, 80,
					 90, 95, 99, 100, 100, 100, 100 };
	uint64_t v[17], i;

	memset(&h, 0, sizeof(h));
	for (i = 100; i >= 1; i--)
		hist_add(&h, i);
	hist_percentiles(&h, hist_default_pct, 17, v);
	for (i = 0; i < 17; i++)
		ck_assert_uint_eq(v[i], want[i]);
}
END_TEST

/* 1..10000 us: each percentile is the ranked sample within 1/256. */
START_TEST(percentiles_of_large_values_within_error)
{
	static struct hist h;
	static const uint64_t rank[] = { 100, 500, 1000, 2000, 3000, 4000, 5000,
					 6000, 7000, 8000, 9000, 9500, 9900, 9950,
					 9991, 9996, 9999 };
	uint64_t v[17], i;

	memset(&h, 0, sizeof(h));
	for (i = 1; i <= 10000; i++)
		hist_add(&h, i * 1000);
	hist_percentiles(&h, hist_default_pct, 17, v);
	for (i = 0; i < 17; i++) {
		double want = (double)rank[i] * 1000.0;

		ck_assert(fabs((double)v[i] - want) <= want / 256.0);
	}
}
END_TEST

START_TEST(percentile_rank_counts_duplicates)
{
	static struct hist h;
	double p[] = { 50.0, 90.0, 91.0, 100.0 };
	uint64_t v[4];
	int i;

	memset(&h, 0, sizeof(h));
	for (i = 0; i < 90; i++)
		hist_add(&h, 7);
	for (i = 0; i < 10; i++)
		hist_add(&h, 100);
	hist_percentiles(&h, p, 4, v);
	ck_assert_uint_eq(v[0], 7);
	ck_assert_uint_eq(v[1], 7);
	ck_assert_uint_eq(v[2], 100);
	ck_assert_uint_eq(v[3], 100);
}
END_TEST

START_TEST(merge_equals_one_histogram_of_all_samples)
{
	static struct hist a, b, all;
	uint64_t x = 12345, v;
	int i;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&all, 0, sizeof(all));
	for (i = 0; i < 100000; i++) {
		v = xorshift(&x) >> (xorshift(&x) % 60);
		hist_add(i % 3 ? &a : &b, v);
		hist_add(&all, v);
	}
	hist_merge(&a, &b);
	ck_assert_int_eq(memcmp(&a, &all, sizeof(all)), 0);
	ck_assert_uint_eq(hist_total(&a), 100000);
}
END_TEST

/* ------------------------------------------------------------ stats */

static void lat_reset(struct lat_stat *s)
{
	memset(s, 0, sizeof(*s));
}

START_TEST(stddev_uses_n_minus_1)
{
	static const uint64_t x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	struct lat_stat s;
	unsigned int i;

	lat_reset(&s);
	ck_assert(lat_stat_stddev(&s) == 0.0);
	lat_stat_add(&s, 42);
	ck_assert(lat_stat_stddev(&s) == 0.0);
	ck_assert_uint_eq(s.min, 42);
	lat_reset(&s);
	for (i = 0; i < 8; i++)
		lat_stat_add(&s, x[i]);
	ck_assert_uint_eq(s.n, 8);
	ck_assert_uint_eq(s.min, 2);
	ck_assert_uint_eq(s.max, 9);
	ck_assert_double_eq_tol(s.mean, 5.0, 1e-12);
	ck_assert_double_eq_tol(lat_stat_stddev(&s), sqrt(32.0 / 7.0), 1e-12);
}
END_TEST

START_TEST(lat_merge_is_exact)
{
	struct lat_stat a, b, all, e;
	uint64_t x = 777, v;
	int i;

	lat_reset(&a);
	lat_reset(&b);
	lat_reset(&all);
	for (i = 0; i < 50000; i++) {
		v = 1000 + xorshift(&x) % (i < 20000 ? 5000 : 900000);
		lat_stat_add(i < 20000 ? &a : &b, v);
		lat_stat_add(&all, v);
	}
	lat_stat_merge(&a, &b);
	ck_assert_uint_eq(a.n, all.n);
	ck_assert_uint_eq(a.min, all.min);
	ck_assert_uint_eq(a.max, all.max);
	ck_assert_double_eq_tol(a.mean, all.mean, all.mean * 1e-12);
	ck_assert_double_eq_tol(lat_stat_stddev(&a), lat_stat_stddev(&all),
				lat_stat_stddev(&all) * 1e-9);

	/* empty on either side changes nothing */
	lat_reset(&e);
	b = a;
	lat_stat_merge(&a, &e);
	ck_assert_int_eq(memcmp(&a, &b, sizeof(a)), 0);
	lat_stat_merge(&e, &a);
	ck_assert_int_eq(memcmp(&e, &a, sizeof(a)), 0);
}
END_TEST

START_TEST(stats_merge_sums_and_takes_longest_runtime)
{
	struct job_stats *a = calloc(2, sizeof(*a)), *b = a + 1;

	ck_assert_ptr_nonnull(a);
	a->dir[DIR_READ].bytes = 4096;
	a->dir[DIR_READ].ios = 1;
	lat_stat_add(&a->dir[DIR_READ].clat, 100);
	hist_add(&a->hist[DIR_READ].clat, 100);
	a->runtime_ns = 5000;
	a->start_ns = 100;
	a->end_ns = 5100;
	a->usr_us = 7;
	a->minflt = 1;
	a->done = 1;
	a->pid = 11;
	b->dir[DIR_READ].bytes = 8192;
	b->dir[DIR_READ].ios = 2;
	b->dir[DIR_WRITE].short_ios = 3;
	lat_stat_add(&b->dir[DIR_READ].clat, 300);
	hist_add(&b->hist[DIR_READ].clat, 300);
	b->runtime_ns = 9000;
	b->start_ns = 50;
	b->end_ns = 9050;
	b->usr_us = 5;
	b->fsyncs = 2;
	b->error = 5;
	b->pid = 12;
	strcpy(b->errmsg, "f: read failed: Input/output error");
	b->done = 1;

	stats_merge(a, b);
	ck_assert_uint_eq(a->dir[DIR_READ].bytes, 12288);
	ck_assert_uint_eq(a->dir[DIR_READ].ios, 3);
	ck_assert_uint_eq(a->dir[DIR_WRITE].short_ios, 3);
	ck_assert_uint_eq(a->dir[DIR_READ].clat.n, 2);
	ck_assert_uint_eq(a->dir[DIR_READ].clat.max, 300);
	ck_assert_uint_eq(hist_total(&a->hist[DIR_READ].clat), 2);
	ck_assert_uint_eq(a->runtime_ns, 9000);
	ck_assert_uint_eq(a->start_ns, 50);
	ck_assert_uint_eq(a->end_ns, 9050);
	ck_assert_uint_eq(a->usr_us, 12);
	ck_assert_uint_eq(a->fsyncs, 2);
	ck_assert_int_eq(a->error, 5);
	ck_assert_str_eq(a->errmsg, "f: read failed: Input/output error");
	ck_assert_int_eq(a->pid, 11);
	ck_assert_int_eq(a->done, 1);

	/* the first error stays */
	b->error = 28;
	strcpy(b->errmsg, "later");
	b->done = 0;
	stats_merge(a, b);
	ck_assert_int_eq(a->error, 5);
	ck_assert_int_eq(a->done, 0);
	free(a);
}
END_TEST

/* ------------------------------------------------------------- json */

static char *json_sample(void)
{
	struct json_writer w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	json_init(&w, f);
	json_begin_object(&w, NULL);
	json_str(&w, "fio version", "plio-0.1");
	json_int(&w, "neg", -3);
	json_begin_array(&w, "jobs");
	json_begin_object(&w, NULL);
	json_uint(&w, "N", 256);
	json_double(&w, "mean", 1234.56789);
	json_begin_object(&w, "percentile");
	json_uint(&w, "99.990000", 6496);
	json_end(&w);
	json_begin_object(&w, "empty");
	json_end(&w);
	json_end(&w);
	json_end(&w);
	json_str(&w, "esc", "a\"b\\c\nd");
	json_end(&w);
	ck_assert_int_eq(json_error(&w), 0);
	fclose(f);
	return buf;
}

START_TEST(json_layout_is_fios)
{
	char *got = json_sample();

	ck_assert_str_eq(got,
			 "{\n"
			 "  \"fio version\" : \"plio-0.1\",\n"
			 "  \"neg\" : -3,\n"
			 "  \"jobs\" : [\n"
			 "    {\n"
			 "      \"N\" : 256,\n"
			 "      \"mean\" : 1234.567890,\n"
			 "      \"percentile\" : {\n"
			 "        \"99.990000\" : 6496\n"
			 "      },\n"
			 "      \"empty\" : {\n"
			 "\n"
			 "      }\n"
			 "    }\n"
			 "  ],\n"
			 "  \"esc\" : \"a\\\"b\\\\c\\nd\"\n"
			 "}\n");
	free(got);
}
END_TEST

START_TEST(json_end_without_begin_is_an_error)
{
	struct json_writer w;
	FILE *f = fopen("/dev/null", "w");

	ck_assert_ptr_nonnull(f);
	json_init(&w, f);
	json_end(&w);
	ck_assert_int_ne(json_error(&w), 0);
	fclose(f);
}
END_TEST

/* ---------------------------------------------------------- num2str */

static const char *n2s(uint64_t v, int maxlen, int pow2, enum num_unit u)
{
	static char buf[64];

	return num2str(buf, sizeof(buf), v, maxlen, pow2, u);
}

/* Each expected string is what fio 3.33 printed for the same number. */
START_TEST(numbers_format_as_fio)
{
	ck_assert_str_eq(n2s(4096, 4, 1, NU_BYTE), "4096B");
	ck_assert_str_eq(n2s(4194304, 4, 1, NU_BYTE), "4096KiB");
	ck_assert_str_eq(n2s(16384, 4, 1, NU_BYTE), "16.0KiB");
	ck_assert_str_eq(n2s(1048576, 4, 1, NU_BYTE), "1024KiB");
	ck_assert_str_eq(n2s(1048576, 4, 0, NU_BYTE), "1049kB");
	ck_assert_str_eq(n2s(134217728, 4, 1, NU_BYTE), "128MiB");
	ck_assert_str_eq(n2s(134217728, 4, 0, NU_BYTE), "134MB");
	ck_assert_str_eq(n2s(2031616, 4, 0, NU_BYTE), "2032kB");
	ck_assert_str_eq(n2s(1048576000, 4, 1, NU_BYTE_PER_SEC), "1000MiB/s");
	ck_assert_str_eq(n2s(1048576000, 4, 0, NU_BYTE_PER_SEC), "1049MB/s");
	ck_assert_str_eq(n2s(1984ull * 1024 * 1000 / 26, 4, 1, NU_BYTE_PER_SEC), "74.5MiB/s");
	ck_assert_str_eq(n2s(1984ull * 1024 * 1000 / 26, 4, 0, NU_BYTE_PER_SEC), "78.1MB/s");
	ck_assert_str_eq(n2s(44739242666ull, 4, 1, NU_BYTE_PER_SEC), "41.7GiB/s");
	ck_assert_str_eq(n2s(256000, 4, 0, NU_NONE), "256k");
	ck_assert_str_eq(n2s(496000 / 26, 4, 0, NU_NONE), "19.1k");
	ck_assert_str_eq(n2s(1000, 4, 0, NU_NONE), "1000");
	ck_assert_str_eq(n2s(10922666, 4, 0, NU_NONE), "10.9M");
	ck_assert_str_eq(n2s(11036, 6, 0, NU_NONE), "11036");
	ck_assert_str_eq(n2s(0, 4, 1, NU_BYTE), "0B");
}
END_TEST

/* ----------------------------------------------------------- report */

/* The spec of report_of's jobs, reset to fio's defaults by it; a test
 * may change it through `tweak` before the report is printed. */
static struct job_spec js;
static void (*tweak)(struct job_spec *js, struct job_stats *st, unsigned int n);

/* Pages of [p, p + len) backed by memory (p page-aligned).  In memory
 * shared with worker processes (runner_stats_alloc), reading a page is
 * enough to back it. */
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

/* Run report_print over `n` clones of one read job, each having read
 * 256 blocks of 4 KiB in 1 ms with clat 1..256 ns, into a string.  The
 * statistics are in shared memory, as the runner's: the report must read
 * no page of them that the samples did not touch. */
/* --terse-version of report_of's reports (0: fio's default) */
static unsigned int terse_version;

static char *report_of(unsigned int n, int group_reporting, unsigned int formats)
{
	struct plan_job pj[4];
	struct plan plan = { .jobs = pj, .n_jobs = n, .n_groups = 1, .n_phases = 1 };
	struct job_stats *st = runner_stats_alloc(n);
	size_t touched;
	struct report_ctx rc = { .plan = &plan, .stats = st, .version = "plio-test",
				 .terse_version = terse_version };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	unsigned int i, v;

	ck_assert_ptr_nonnull(st);
	ck_assert_ptr_nonnull(f);
	memset(&js, 0, sizeof(js));
	js.name = "t";
	js.bs[0] = js.bs[1] = 4096;
	js.rw = RW_READ;
	js.ioengine = "null";
	js.iodepth = 1;
	js.kb_base = 1024;
	js.group_reporting = group_reporting;
	js.clat_percentiles = 1;
	js.significant_figures = 4;
	for (i = 0; i < n; i++) {
		/* a run writes every counter (stats_run_init, the run), not
		 * the histograms' buckets its samples do not reach, nor the
		 * error message without an error */
		memset(&st[i], 0, offsetof(struct job_stats, errmsg));
		memset(st[i].dir, 0, sizeof(st[i].dir));
		memset(&pj[i], 0, sizeof(pj[i]));
		pj[i].spec = &js;
		pj[i].index = i;
		pj[i].clone = i;
		for (v = 1; v <= 256; v++) {
			lat_stat_add(&st[i].dir[DIR_READ].clat, v);
			hist_add(&st[i].hist[DIR_READ].clat, v);
			lat_stat_add(&st[i].dir[DIR_READ].lat, v + 10);
			hist_add(&st[i].hist[DIR_READ].lat, v + 10);
		}
		st[i].dir[DIR_READ].ios = 256;
		st[i].dir[DIR_READ].bytes = 256 * 4096;
		st[i].runtime_ns = 900000;	/* rounds up to 1 msec */
		st[i].pid = 100 + (int)i;
		st[i].done = 1;
	}
	if (tweak)
		tweak(&js, st, n);
	tweak = NULL;
	touched = resident_pages(st, n * sizeof(*st));
	ck_assert_int_eq(report_print(f, formats, &rc), 0);
	ck_assert_uint_eq(resident_pages(st, n * sizeof(*st)), touched);
	fclose(f);
	runner_stats_free(st, n);
	return buf;
}

START_TEST(normal_report_has_fios_lines)
{
	char *out = report_of(1, 0, REPORT_NORMAL);

	ck_assert_ptr_nonnull(strstr(out, "\nt: (groupid=0, jobs=1): err= 0: pid=100: "));
	ck_assert_ptr_nonnull(strstr(out,
		"\n  read: IOPS=256k, BW=1000MiB/s (1049MB/s)(1024KiB/1msec)\n"
		"    clat (nsec): min=1, max=256, avg=128.50, stdev=74.05\n"
		"     lat (nsec): min=11, max=266, avg=138.50, stdev=74.05\n"
		"    clat percentiles (nsec):\n"
		"     |  1.00th=[    3],  5.00th=[   13], 10.00th=[   26], 20.00th=[   52],\n"));
	ck_assert_ptr_nonnull(strstr(out,
		"     | 99.99th=[  257]\n"
		"  lat (nsec)   : 2=0.39%, 4=0.78%, 10=2.34%, 20=3.91%, 50=11.72%\n"
		"  lat (nsec)   : 100=19.53%, 250=58.59%, 500=2.73%\n"));
	ck_assert_ptr_nonnull(strstr(out,
		"\nRun status group 0 (all jobs):\n"
		"   READ: bw=1000MiB/s (1049MB/s), 1000MiB/s-1000MiB/s (1049MB/s-1049MB/s), "
		"io=1024KiB (1049kB), run=1-1msec\n"));
	free(out);
}
END_TEST

START_TEST(group_reporting_merges_the_group)
{
	char *out = report_of(3, 1, REPORT_NORMAL);

	ck_assert_ptr_nonnull(strstr(out, "t: (groupid=0, jobs=3): err= 0: pid=100: "));
	ck_assert_ptr_null(strstr(out, "pid=101"));
	ck_assert_ptr_nonnull(strstr(out, "  read: IOPS=768k, BW=3000MiB/s (3146MB/s)(3072KiB/1msec)\n"));
	ck_assert_ptr_nonnull(strstr(out, "   READ: bw=3000MiB/s (3146MB/s), 3000MiB/s-3000MiB/s"));
	free(out);
	out = report_of(3, 0, REPORT_NORMAL);
	ck_assert_ptr_nonnull(strstr(out, "pid=102"));
	ck_assert_ptr_nonnull(strstr(out, "   READ: bw=3000MiB/s (3146MB/s), 1000MiB/s-1000MiB/s"));
	free(out);
}
END_TEST

START_TEST(json_report_has_fios_values)
{
	char *out = report_of(1, 0, REPORT_JSONPLUS);

	ck_assert_ptr_nonnull(strstr(out, "\"fio version\" : \"plio-test\",\n"));
	ck_assert_ptr_nonnull(strstr(out,
		"      \"read\" : {\n"
		"        \"io_bytes\" : 1048576,\n"
		"        \"io_kbytes\" : 1024,\n"
		"        \"bw_bytes\" : 1048576000,\n"
		"        \"bw\" : 1024000,\n"
		"        \"iops\" : 256000.000000,\n"
		"        \"runtime\" : 1,\n"
		"        \"total_ios\" : 256,\n"));
	ck_assert_ptr_nonnull(strstr(out, "            \"50.000000\" : 128,\n"));
	ck_assert_ptr_nonnull(strstr(out, "            \"99.990000\" : 257\n"));
	/* json+: a bin per value below 256, where buckets are exact; 256
	 * is in the bucket of two that reports 257 */
	ck_assert_ptr_nonnull(strstr(out, "          \"bins\" : {\n            \"1\" : 1,\n"));
	ck_assert_ptr_nonnull(strstr(out, "            \"255\" : 1,\n            \"257\" : 1\n          }\n"));
	free(out);
}
END_TEST

START_TEST(terse_line_has_fios_fields)
{
	char *out = report_of(1, 0, REPORT_TERSE);
	unsigned int semis = 0;
	char *p;

	for (p = out; *p; p++)
		semis += *p == ';';
	/* fio 3.33's terse v3 line without a description: 121 fields */
	ck_assert_uint_eq(semis, 120);
	ck_assert_ptr_nonnull(strstr(out, "3;plio-test;t;0;0;1024;1024000;256000;1;0;0;"));
	free(out);
}
END_TEST

static unsigned int fields(const char *line)
{
	unsigned int n = 1;

	for (; *line && *line != '\n'; line++)
		n += *line == ';';
	return n;
}

/* Field counts of fio 3.33's terse versions for a job without disks. */
START_TEST(terse_versions_have_fios_field_counts)
{
	static const unsigned int want[] = { 161, 121, 162, 180 };
	unsigned int v;
	char *out;

	for (v = 2; v <= 5; v++) {
		terse_version = v;
		out = report_of(1, 0, REPORT_TERSE);
		ck_assert_uint_eq(fields(out), want[v - 2]);
		ck_assert_int_eq(out[0], (int)('0' + v));
		if (v == 2)
			ck_assert_ptr_nonnull(strstr(out, "2;t;0;0;1024;1024000;256000;1;"));
		free(out);
	}
	terse_version = 0;
}
END_TEST

static void set_mixed(struct job_spec *s, struct job_stats *st, unsigned int n)
{
	(void)st;
	(void)n;
	s->unified_rw_reporting = REPORT_UNIFIED_MIXED;
}

static void set_both(struct job_spec *s, struct job_stats *st, unsigned int n)
{
	(void)st;
	(void)n;
	s->unified_rw_reporting = REPORT_UNIFIED_BOTH;
}

START_TEST(unified_rw_reporting_adds_mixed)
{
	char *out;

	tweak = set_mixed;
	out = report_of(1, 0, REPORT_NORMAL);
	ck_assert_ptr_nonnull(strstr(out, "\n  mixed: IOPS=256k, BW=1000MiB/s"));
	ck_assert_ptr_null(strstr(out, "  read:"));
	ck_assert_ptr_nonnull(strstr(out, "\n  MIXED: bw=1000MiB/s"));
	ck_assert_ptr_null(strstr(out, "READ:"));
	free(out);

	tweak = set_mixed;
	out = report_of(1, 0, REPORT_JSON);
	ck_assert_ptr_nonnull(strstr(out, "      \"mixed\" : {\n"));
	ck_assert_ptr_null(strstr(out, "\"read\" : {"));
	ck_assert_ptr_null(strstr(out, "\"sync\" : {"));
	free(out);

	tweak = set_both;
	out = report_of(1, 0, REPORT_JSON);
	ck_assert_ptr_nonnull(strstr(out, "\"sync\" : {"));
	ck_assert_ptr_nonnull(strstr(strstr(out, "\"sync\" : {"), "      \"mixed\" : {\n"));
	free(out);

	tweak = set_both;
	out = report_of(1, 0, REPORT_TERSE);
	ck_assert_uint_eq(fields(out), 121 + 41);
	free(out);
}
END_TEST

static void set_options(struct job_spec *s, struct job_stats *st, unsigned int n)
{
	unsigned int i;

	/* percentile_list=99.9:50:5.125, as options decode it */
	s->pcts.decoded = true;
	s->pcts.n = 3;
	s->pcts.prec = 3;
	s->pcts.v[0] = 5.125;
	s->pcts.v[1] = 50;
	s->pcts.v[2] = 99.9;
	s->clat_percentiles = 0;
	s->lat_percentiles = 1;
	s->significant_figures = 6;
	s->unit_base = 1;
	for (i = 0; i < n; i++) {
		/* bw samples of 1000 and 1048 KiB/s, IOPS of 250 and 262 */
		lat_stat_add(&st[i].dir[DIR_READ].bw_samples, 1000);
		lat_stat_add(&st[i].dir[DIR_READ].bw_samples, 1048);
		lat_stat_add(&st[i].dir[DIR_READ].iops_samples, 250);
		lat_stat_add(&st[i].dir[DIR_READ].iops_samples, 262);
	}
}

/* percentile_list is sorted and shown with its longest entry's decimals;
 * unit_base=1 shows bandwidth in bits; sig figs widen numbers; the bw
 * and iops sample lines are fio's. */
START_TEST(report_options_shape_the_normal_output)
{
	char *out;

	tweak = set_options;
	out = report_of(1, 0, REPORT_NORMAL);
	ck_assert_ptr_nonnull(strstr(out,
		"  read: IOPS=256000, BW=8000.0Mibit/s (8388.6Mbit/s)(1024.0KiB/1msec)\n"));
	ck_assert_ptr_null(strstr(out, "clat percentiles"));
	ck_assert_ptr_nonnull(strstr(out,
		"    lat percentiles (nsec):\n"
		"     |  5.125th=[   24], 50.000th=[  138], 99.900th=[  267]\n"));
	ck_assert_ptr_nonnull(strstr(out,
		"   bw (  KiB/s): min= 1000, max= 1048, per=0.10%, avg=1024.00, "
		"stdev=33.94, samples=2\n"
		"   iops        : min=  250, max=  262, avg=256.00, stdev= 8.49, samples=2\n"));
	ck_assert_ptr_nonnull(strstr(out, "   READ: bw=8000.0Mibit/s (8388.6Mbit/s), "));
	free(out);

	tweak = set_options;
	out = report_of(1, 0, REPORT_JSON);
	ck_assert_ptr_nonnull(strstr(out,
		"          \"percentile\" : {\n"
		"            \"5.125000\" : 24,\n"
		"            \"50.000000\" : 138,\n"
		"            \"99.900000\" : 267\n"));
	ck_assert_ptr_nonnull(strstr(out, "        \"bw_min\" : 1000,\n"));
	ck_assert_ptr_nonnull(strstr(out, "        \"bw_samples\" : 2,\n"));
	ck_assert_ptr_nonnull(strstr(out, "        \"iops_samples\" : 2\n"));
	free(out);
}
END_TEST

/* Reading a histogram's span (its lat_stat's min..max) gives what
 * reading all of it does; copying a job_stats so gives the whole. */
START_TEST(spans_read_what_the_whole_holds)
{
	struct job_stats *a = stats_zalloc(2 * sizeof(*a)), *b = a + 1;
	struct hist_span sp;
	uint64_t x = 88172645463325252ull, v, full[17], part[17];
	unsigned int i, d;

	ck_assert_ptr_nonnull(a);
	for (d = 0; d < DIR_NR; d++) {
		a->dir[d].bytes = 4096 * (d + 1);
		a->dir[d].ios = d + 7;
		/* slat of dir 2 stays empty */
		for (i = 0; i < 1000 * d; i++) {
			/* log-uniform over 1 ns .. 2^40 ns */
			v = xorshift(&x) >> (24 + xorshift(&x) % 40);
			lat_stat_add(&a->dir[d].clat, v);
			hist_add(&a->hist[d].clat, v);
			lat_stat_add(&a->dir[d].lat, v + 100);
			hist_add(&a->hist[d].lat, v + 100);
			if (d < 2) {
				lat_stat_add(&a->dir[d].slat, v / 3);
				hist_add(&a->hist[d].slat, v / 3);
			}
		}
	}
	lat_stat_add(&a->sync_lat, 123456);
	hist_add(&a->sync_hist, 123456);
	a->runtime_ns = 42;
	a->depth_level[3] = 9;
	a->minflt = 5;
	a->error = 5;
	strcpy(a->errmsg, "tail");
	for (d = 0; d < DIR_NR; d++) {
		const struct hist *h = &a->hist[d].clat;

		sp = lat_stat_span(&a->dir[d].clat);
		ck_assert_uint_eq(hist_total_span(h, sp), hist_total(h));
		hist_percentiles(h, hist_default_pct, 17, full);
		hist_percentiles_span(h, sp, hist_default_pct, 17, part);
		ck_assert_int_eq(memcmp(full, part, sizeof(full)), 0);
	}
	sp = lat_stat_span(&a->dir[1].lat);
	ck_assert_uint_eq(sp.lo, hist_index(a->dir[1].lat.min));
	ck_assert_uint_eq(sp.hi, hist_index(a->dir[1].lat.max));
	sp = lat_stat_span(&a->dir[2].slat);
	ck_assert_uint_gt(sp.lo, sp.hi);
	ck_assert_uint_eq(hist_total_span(&a->hist[2].slat, sp), 0);
	stats_copy(b, a);
	ck_assert_int_eq(memcmp(a, b, sizeof(*a)), 0);
	stats_zfree(a, 2 * sizeof(*a));
}
END_TEST

static Suite *hist_suite(void)
{
	Suite *s = suite_create("hist");
	TCase *tc = tcase_create("hist");
	TCase *ts = tcase_create("stats");
	TCase *tj = tcase_create("json");
	TCase *tn = tcase_create("num2str");
	TCase *tr = tcase_create("report");

	tcase_add_test(tc, every_value_falls_in_its_bucket);
	tcase_add_test(tc, every_bucket_maps_back_to_itself);
	tcase_add_test(tc, huge_values_go_to_the_last_bucket);
	tcase_add_test(tc, empty_histogram_reports_zeros);
	tcase_add_test(tc, default_list_is_fios);
	tcase_add_test(tc, percentiles_of_1_to_100_are_exact);
	tcase_add_test(tc, percentiles_of_large_values_within_error);
	tcase_add_test(tc, percentile_rank_counts_duplicates);
	tcase_add_test(tc, merge_equals_one_histogram_of_all_samples);
	suite_add_tcase(s, tc);
	tcase_add_test(ts, stddev_uses_n_minus_1);
	tcase_add_test(ts, lat_merge_is_exact);
	tcase_add_test(ts, stats_merge_sums_and_takes_longest_runtime);
	tcase_add_test(ts, spans_read_what_the_whole_holds);
	suite_add_tcase(s, ts);
	tcase_add_test(tj, json_layout_is_fios);
	tcase_add_test(tj, json_end_without_begin_is_an_error);
	suite_add_tcase(s, tj);
	tcase_add_test(tn, numbers_format_as_fio);
	suite_add_tcase(s, tn);
	tcase_add_test(tr, normal_report_has_fios_lines);
	tcase_add_test(tr, group_reporting_merges_the_group);
	tcase_add_test(tr, json_report_has_fios_values);
	tcase_add_test(tr, terse_line_has_fios_fields);
	tcase_add_test(tr, terse_versions_have_fios_field_counts);
	tcase_add_test(tr, unified_rw_reporting_adds_mixed);
	tcase_add_test(tr, report_options_shape_the_normal_output);
	suite_add_tcase(s, tr);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(hist_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
