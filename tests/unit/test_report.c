/*
 * test_report.c - unit tests for core/report/: the per-rank breakdown of
 * a run across hosts (plio-mpi), report.h's report_rank.
 *
 * A plan of two jobs (fixture.c: engine "mem"), statistics made up for
 * three ranks on two hosts with known counts and latencies, merged job
 * by job as the coordinator merges them; the report printed into memory
 * (open_memstream) with and without the ranks.  Checks that JSON and
 * JSON+ add "ranks" (rank, hostname and the very job objects a report of
 * that rank alone prints), that the normal format adds the host table
 * with the right sums, and that without ranks nothing changes.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "measure/diskutil.h"
#include "report/report.h"

#define NR 3		/* ranks */
#define NJ 2		/* jobs: a reads, b writes */
#define BS 4096ull
#define SEC 1000000000ull

static const char *const hosts[NR] = { "node-a", "node-b", "node-a" };

static const char plain_jobs[] =
	"[global]\nioengine=mem\nsize=1m\nbs=4k\n[a]\nrw=read\n[b]\nrw=write\n";
/* one entry per rank, a "mixed" object: the rules apply per rank too */
static const char grouped_jobs[] =
	"[global]\nioengine=mem\nsize=1m\nbs=4k\ngroup_reporting=1\n"
	"unified_rw_reporting=both\n[a]\nrw=read\n[b]\nrw=write\n";

static struct job_stats *rank_st[NR];	/* NJ each */
static struct job_stats *merged;	/* NJ */
static struct report_rank ranks[NR];
static struct disk_util disk = { .name = "vda" };
static struct disk_util_set disks = { .disks = &disk, .n = 1, .run_ms = 1000 };

/* n I/Os of dir, every one with completion latency clat ns, in 1 s. */
static void fill(struct job_stats *st, int dir, uint64_t n, uint64_t clat)
{
	uint64_t i;

	st->dir[dir].ios = n;
	st->dir[dir].bytes = n * BS;
	for (i = 0; i < n; i++) {
		lat_stat_add(&st->dir[dir].clat, clat);
		hist_add(&st->hist[dir].clat, clat);
	}
	st->runtime_ns = SEC;
	st->start_ns = SEC;
	st->end_ns = 2 * SEC;
	st->issued[dir] = n;
	st->done = 1;
}

/*
 * Rank r reads 100(r+1) blocks with clat 1000(r+1) ns (job a) and writes
 * 50(r+1) with clat 10000(r+1) ns (job b), each in 1 s; rank 1's job b
 * failed.  merged[] is every rank's job i merged, as plio-mpi's rank 0.
 */
static void make_stats(void)
{
	unsigned int r, j;

	for (r = 0; r < NR; r++) {
		rank_st[r] = stats_zalloc(NJ * sizeof(struct job_stats));
		ck_assert_ptr_nonnull(rank_st[r]);
		fill(&rank_st[r][0], DIR_READ, 100 * (r + 1), 1000 * (r + 1));
		fill(&rank_st[r][1], DIR_WRITE, 50 * (r + 1), 10000 * (r + 1));
		rank_st[r][0].pid = rank_st[r][1].pid = 1000 + (int)r;
		ranks[r].rank = r;
		ranks[r].host = hosts[r];
		ranks[r].stats = rank_st[r];
	}
	rank_st[1][1].error = EIO;
	strcpy(rank_st[1][1].errmsg, "b: write: Input/output error");
	merged = stats_zalloc(NJ * sizeof(struct job_stats));
	ck_assert_ptr_nonnull(merged);
	for (j = 0; j < NJ; j++) {
		stats_copy(&merged[j], &rank_st[0][j]);
		for (r = 1; r < NR; r++)
			stats_merge(&merged[j], &rank_st[r][j]);
	}
}

static void free_stats(void)
{
	unsigned int r;

	for (r = 0; r < NR; r++)
		stats_zfree(rank_st[r], NJ * sizeof(struct job_stats));
	stats_zfree(merged, NJ * sizeof(struct job_stats));
}

/* The report of stats (and of `n` ranks) in `formats`, as a string. */
static char *report(const struct job_stats *stats, unsigned int n, unsigned int formats,
		    bool with_disks)
{
	struct report_ctx rc = {
		.plan = &fx_plan, .stats = stats, .start_time = 1700000000,
		.start_ms = 1700000000000ull, .version = "plio-test",
		.jobfile = &fx_jf, .disks = with_disks ? &disks : NULL,
		.genesis_ns = SEC, .report_ns = 3 * SEC,
		.ranks = n ? ranks : NULL, .n_ranks = n,
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(report_print(f, formats, &rc), 0);
	fclose(f);
	return buf;
}

/* Brackets and braces outside strings balance, nothing follows the
 * document: what a JSON parser would ask first. */
static void json_balanced(const char *s)
{
	int depth = 0;
	bool str = false;

	for (; *s; s++) {
		if (str) {
			if (*s == '\\')
				s++;
			else if (*s == '"')
				str = false;
			continue;
		}
		if (*s == '"')
			str = true;
		else if (*s == '{' || *s == '[')
			depth++;
		else if (*s == '}' || *s == ']')
			ck_assert_int_ge(--depth, 0);
		if (!depth) {
			ck_assert_str_eq(s, "}\n");
			return;
		}
	}
	ck_assert_msg(0, "JSON document not closed");
}

static unsigned int count(const char *s, const char *what)
{
	unsigned int n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s += strlen(what);
	}
	return n;
}

/* A copy of [from, to) of s. */
static char *span(const char *from, const char *to)
{
	char *c = strndup(from, (size_t)(to - from));

	ck_assert_ptr_nonnull(c);
	return c;
}

/* s without [from, to). */
static char *cut(const char *s, const char *from, const char *to)
{
	size_t a = (size_t)(from - s);
	char *c = malloc(strlen(s) + 1);

	ck_assert_ptr_nonnull(c);
	memcpy(c, s, a);
	strcpy(c + a, to);
	return c;
}

/* s with every "jobs=1)" of a job's header line as "jobs=N)": the merged
 * report counts each job's workers on every rank (a copy, malloc'd). */
static char *jobs_times(const char *s, unsigned int n)
{
	char *c = malloc(strlen(s) + 1), *p;

	ck_assert_ptr_nonnull(c);
	strcpy(c, s);
	ck_assert_uint_lt(n, 10);
	for (p = c; (p = strstr(p, ", jobs=1)")); p += 8)
		p[7] = (char)('0' + n);
	return c;
}

/* The text of the "jobs" array that starts at `key` (indented by
 * `indent` spaces), its lines moved `shift` spaces left. */
static char *jobs_text(const char *key, unsigned int indent, unsigned int shift)
{
	char close[32], *t, *o, *p;
	const char *end;
	unsigned int k;

	snprintf(close, sizeof(close), "\n%*s]", (int)indent, "");
	end = strstr(key, close);
	ck_assert_ptr_nonnull(end);
	t = span(key, end);
	for (o = p = t; *p;) {
		for (k = 0; k < shift && *p == ' '; k++)
			p++;
		while (*p && *p != '\n')
			*o++ = *p++;
		if (*p)
			*o++ = *p++;
	}
	*o = '\0';
	return t;
}

static void rank_json_checks(const char *jobfile, bool plus)
{
	unsigned int formats = plus ? REPORT_JSONPLUS : REPORT_JSON;
	char *out, *plain, *alone, *a, *b, *without;
	const char *jobs, *rk, *next, *disk_at;
	char want[128];
	unsigned int r;

	fx_plan_ok(jobfile);
	ck_assert_uint_eq(fx_plan.n_jobs, NJ);
	make_stats();
	out = report(merged, NR, formats, true);
	plain = report(merged, 0, formats, true);
	json_balanced(out);
	json_balanced(plain);

	/* "ranks" once, after "jobs" and before "disk_util", at the top */
	jobs = strstr(out, "\n  \"jobs\" : [\n");
	rk = strstr(out, ",\n  \"ranks\" : [\n");
	disk_at = strstr(out, ",\n  \"disk_util\" : [\n");
	ck_assert_ptr_nonnull(jobs);
	ck_assert_ptr_nonnull(rk);
	ck_assert_ptr_nonnull(disk_at);
	ck_assert(jobs < rk && rk < disk_at);
	ck_assert_uint_eq(count(out, "\"ranks\""), 1);
	ck_assert_uint_eq(count(out, "\n    {\n      \"rank\" : "), NR);
	ck_assert_ptr_null(strstr(plain, "\"ranks\""));
	ck_assert_ptr_null(strstr(plain, "\"rank\""));
	/* and without it the document is the one printed without ranks */
	without = cut(out, rk, strstr(rk, "\n  ]") + 4);
	ck_assert_str_eq(without, plain);
	free(without);

	for (r = 0; r < NR; r++) {
		char *sec;

		snprintf(want, sizeof(want), "\n    {\n      \"rank\" : %u,\n"
			 "      \"hostname\" : \"%s\",\n      \"jobs\" : [\n", r, hosts[r]);
		rk = strstr(out, want);
		ck_assert_msg(rk != NULL, "rank %u: no '%s'", r, want);
		next = strstr(rk + 1, "\n    {\n      \"rank\" : ");
		sec = span(rk, next ? next : disk_at);
		/* its own counts, not the merged ones */
		snprintf(want, sizeof(want), "\"io_bytes\" : %llu,",
			 100ull * (r + 1) * BS);
		ck_assert_msg(strstr(sec, want) != NULL, "rank %u: no %s", r, want);
		snprintf(want, sizeof(want), "\"total_ios\" : %u,", 50 * (r + 1));
		ck_assert_msg(strstr(sec, want) != NULL, "rank %u: no %s", r, want);
		/* JSON+: its clat bins, of its own samples (one bucket) */
		if (plus) {
			snprintf(want, sizeof(want), "\"bins\" : {\n%*s\"%llu\" : %u\n", 16, "",
				 (unsigned long long)hist_bucket_value(hist_index(1000 * (r + 1))),
				 100 * (r + 1));
			ck_assert_msg(strstr(sec, want) != NULL, "rank %u: no bins '%s'", r, want);
		} else {
			ck_assert_ptr_null(strstr(sec, "\"bins\""));
		}
		ck_assert_int_eq(strstr(sec, "\"error\" : 5,") != NULL, r == 1);

		/* the same job objects as the report of this rank alone */
		alone = report(rank_st[r], 0, formats, false);
		a = jobs_text(strstr(alone, "\"jobs\" : ["), 2, 0);
		b = jobs_text(strstr(sec, "\"jobs\" : ["), 6, 4);
		ck_assert_str_eq(b, a);
		free(a);
		free(b);
		free(alone);
		free(sec);
	}
	free(out);
	free(plain);
	free_stats();
}

START_TEST(json_has_each_ranks_jobs)
{
	rank_json_checks(plain_jobs, false);
}
END_TEST

START_TEST(jsonplus_has_each_ranks_bins)
{
	rank_json_checks(plain_jobs, true);
}
END_TEST

START_TEST(ranks_follow_group_and_unified_rules)
{
	rank_json_checks(grouped_jobs, true);
}
END_TEST

START_TEST(normal_has_a_row_per_host)
{
	char *out, *plain, *without, *table;
	const char *hosts_at, *disk_at;

	fx_plan_ok(plain_jobs);
	make_stats();
	out = report(merged, NR, REPORT_NORMAL, true);
	plain = report(merged, 0, REPORT_NORMAL, true);
	hosts_at = strstr(out, "\nHosts (");
	disk_at = strstr(out, "\nDisk stats (read/write):\n");
	ck_assert_ptr_nonnull(hosts_at);
	ck_assert_ptr_nonnull(disk_at);
	ck_assert(strstr(out, "\nRun status group 0 (all jobs):\n") < hosts_at);
	ck_assert(hosts_at < disk_at);
	/* host a: ranks 0 and 2, 100+300 reads/s of 4 KiB, clat
	 * (100*1000 + 300*3000)/400 = 2500 ns; 50+150 writes/s, clat
	 * (50*10000 + 150*30000)/200 = 25000 ns.  Host b: rank 1 alone,
	 * its failed job */
	table = span(hosts_at, disk_at);
	ck_assert_str_eq(table,
		"\nHosts (3 ranks on 2 hosts):\n"
		"  node-a  ranks=0,2  failed jobs=0  read: IOPS=400, BW=1600KiB/s, "
		"clat avg=2.50usec  write: IOPS=200, BW=800KiB/s, clat avg=25.00usec\n"
		"  node-b  ranks=1    failed jobs=1  read: IOPS=200, BW=800KiB/s, "
		"clat avg=2.00usec  write: IOPS=100, BW=400KiB/s, clat avg=20.00usec\n");
	free(table);
	ck_assert_ptr_null(strstr(plain, "Hosts ("));
	without = cut(out, hosts_at, disk_at);
	/* the merged jobs' headers count every rank's workers */
	ck_assert_ptr_nonnull(strstr(out, ", jobs=3)"));
	{
		char *want = jobs_times(plain, NR);

		ck_assert(!strcmp(without, want));
		free(want);
	}
	free(without);
	free(out);
	free(plain);
	/* the terse line is the merged one only */
	out = report(merged, NR, REPORT_TERSE, true);
	plain = report(merged, 0, REPORT_TERSE, true);
	ck_assert_str_eq(out, plain);
	free(out);
	free(plain);
	free_stats();
}
END_TEST

/* Ranks 0,1,3 on one host and 2 on another: "0-1,3"; a direction no rank
 * moved data in (trim) has no column; a rate counts each stonewall phase
 * apart: 100 reads in 1 s then 100 in 1 s are 100/s, not 200/s. */
START_TEST(hosts_list_rank_runs_and_phases)
{
	static const char *const names[4] = { "x", "x", "longer-name", "x" };
	struct report_rank four[4];
	struct job_stats *st[4];
	struct report_ctx rc;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	unsigned int r;

	fx_plan_ok("[global]\nioengine=mem\nsize=1m\n[a]\nrw=read\n[b]\nstonewall\nrw=read\n");
	ck_assert_uint_eq(fx_job(1)->phase, 1);
	for (r = 0; r < 4; r++) {
		st[r] = stats_zalloc(NJ * sizeof(struct job_stats));
		ck_assert_ptr_nonnull(st[r]);
		fill(&st[r][0], DIR_READ, 100, 800);
		fill(&st[r][1], DIR_READ, 100, 800);
		four[r] = (struct report_rank){ .rank = r, .host = names[r], .stats = st[r] };
	}
	memset(&rc, 0, sizeof(rc));
	rc.plan = &fx_plan;
	rc.stats = st[0];
	rc.version = "plio-test";
	rc.ranks = four;
	rc.n_ranks = 4;
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(report_print(f, REPORT_NORMAL, &rc), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf,
		"\nHosts (4 ranks on 2 hosts):\n"
		"  x            ranks=0-1,3  failed jobs=0  read: IOPS=300, BW=1200KiB/s, "
		"clat avg=800.00nsec\n"
		"  longer-name  ranks=2      failed jobs=0  read: IOPS=100, BW=400KiB/s, "
		"clat avg=800.00nsec\n"));
	free(buf);
	for (r = 0; r < 4; r++)
		stats_zfree(st[r], NJ * sizeof(struct job_stats));
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("ranks");

	tcase_add_checked_fixture(tc, fx_setup, fx_teardown);
	tcase_add_test(tc, json_has_each_ranks_jobs);
	tcase_add_test(tc, jsonplus_has_each_ranks_bins);
	tcase_add_test(tc, ranks_follow_group_and_unified_rules);
	tcase_add_test(tc, normal_has_a_row_per_host);
	tcase_add_test(tc, hosts_list_rank_runs_and_phases);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(report_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
