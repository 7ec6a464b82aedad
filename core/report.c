/*
 * report.c - last stage of the data flow: from the plan and each job's
 * statistics to the entries the output formats print (see report.h).
 *
 * An entry is what fio calls a thread_stat: one job, or all the jobs of a
 * reporting group that asked for group_reporting, merged with stats_merge.
 * Per-direction runtimes, bandwidths and the "Run status group" figures
 * are derived here once, with fio's integer arithmetic (milliseconds
 * rounded up, bytes*1000/msec), so the normal and JSON formats print the
 * same numbers fio would from the same measurements.  The formats
 * themselves live in report_normal.c and report_json.c.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

const char *const report_lat_keys[REPORT_LAT_M_NR] = {
	"2", "4", "10", "20", "50", "100", "250", "500", "750", "1000",
	"2000", ">=2000",
};

/* Upper bounds of fio's latency distribution buckets, in their unit. */
static const unsigned int lat_bounds[REPORT_LAT_M_NR - 1] = {
	2, 4, 10, 20, 50, 100, 250, 500, 750, 1000, 2000,
};

/* Decimal digits of v. */
unsigned int report_ndigits(uint64_t v)
{
	unsigned int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/*
 * Divide by 1000 or 1024 until at most maxlen digits remain, then spend
 * the digits left over (minus one for the point) on decimals of the last
 * remainder; with no room for decimals, round the remainder half up.
 */
char *report_num2str(char *buf, size_t len, uint64_t num, int maxlen, int pow2,
		     enum report_unit unit)
{
	static const char *const si[] = { "", "k", "M", "G", "T", "P", "E" };
	static const char *const iec[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
	static const char *const ustr[] = { "", "B", "B/s" };
	const unsigned int k = pow2 ? 1024 : 1000;
	const char *const *prefix = pow2 ? iec : si;
	unsigned int scale = 0;
	uint64_t rem = 0;
	char frac[32];
	int room;

	while (scale < 6 && report_ndigits(num) > (unsigned int)maxlen) {
		rem = num % k;
		num /= k;
		scale++;
	}
	if (!scale) {
		snprintf(buf, len, "%llu%s", (unsigned long long)num, ustr[unit]);
		return buf;
	}
	room = maxlen - (int)report_ndigits(num);
	if (room <= 1) {
		if (rem >= k / 2)
			num++;
		snprintf(buf, len, "%llu%s%s", (unsigned long long)num,
			 prefix[scale], ustr[unit]);
		return buf;
	}
	snprintf(frac, sizeof(frac), "%.*f", room - 1, (double)rem / (double)k);
	if (frac[0] == '1')
		num++;
	snprintf(buf, len, "%llu.%s%s%s", (unsigned long long)num, frac + 2,
		 prefix[scale], ustr[unit]);
	return buf;
}

uint64_t report_bw(const struct report_entry *e, int dir)
{
	if (!e->run_ms[dir])
		return 0;
	return e->st->dir[dir].bytes * 1000 / e->run_ms[dir];
}

uint64_t report_iops(const struct report_entry *e, int dir)
{
	if (!e->run_ms[dir])
		return 0;
	return e->st->dir[dir].ios * 1000 / e->run_ms[dir];
}

/* CPU time over the members' summed runtimes, as fio divides usr_time by
 * total_run_time (here in microseconds and nanoseconds, not whole msec). */
void report_cpu(const struct report_entry *e, double *usr, double *sys)
{
	if (!e->run_ns_sum) {
		*usr = *sys = 0.0;
		return;
	}
	*usr = (double)e->st->usr_us * 1000.0 * 100.0 / (double)e->run_ns_sum;
	*sys = (double)e->st->sys_us * 1000.0 * 100.0 / (double)e->run_ns_sum;
}

static unsigned int bound_index(uint64_t v, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr - 1 && i < REPORT_LAT_M_NR - 1; i++)
		if (v < lat_bounds[i])
			return i;
	return nr - 1;
}

/*
 * fio counts each completion latency into one of these buckets as it
 * happens; plio derives them from the clat histogram, placing each bucket
 * by the value it reports.  Exact below 256 ns, and a sample can only be
 * misplaced when it lies within 1/256 of a bucket bound.
 */
void report_lat_dist(const struct report_entry *e, struct report_lat_dist *ld)
{
	uint64_t cn[REPORT_LAT_N_NR] = { 0 }, cu[REPORT_LAT_U_NR] = { 0 };
	uint64_t cm[REPORT_LAT_M_NR] = { 0 };
	uint64_t total = 0, v;
	unsigned int i;
	int d;

	for (d = 0; d < DIR_NR; d++) {
		const struct hist *h = &e->st->dir[d].clat_hist;

		total += e->st->dir[d].ios;
		for (i = 0; i < HIST_NR; i++) {
			if (!h->count[i])
				continue;
			v = hist_bucket_value(i);
			if (v < 1000)
				cn[bound_index(v, REPORT_LAT_N_NR)] += h->count[i];
			else if (v < 1000000)
				cu[bound_index(v / 1000, REPORT_LAT_U_NR)] += h->count[i];
			else
				cm[bound_index(v / 1000000, REPORT_LAT_M_NR)] += h->count[i];
		}
	}
	memset(ld, 0, sizeof(*ld));
	if (!total)
		return;
	/* fio shows a non-empty bucket as at least 0.01% */
#define PCT(c) ((c) ? ((double)(c) * 100.0 / (double)total < 0.01 ? 0.01 : \
		       (double)(c) * 100.0 / (double)total) : 0.0)
	for (i = 0; i < REPORT_LAT_N_NR; i++) {
		ld->n[i] = PCT(cn[i]);
		ld->below_us += (double)cn[i] * 100.0 / (double)total;
	}
	for (i = 0; i < REPORT_LAT_U_NR; i++)
		ld->u[i] = PCT(cu[i]);
	for (i = 0; i < REPORT_LAT_M_NR; i++)
		ld->m[i] = PCT(cm[i]);
#undef PCT
}

const char *report_rw_name(const struct job_spec *js)
{
	bool r = js->rw & RW_READ, w = js->rw & RW_WRITE;

	if (js->rw & RW_RAND)
		return r && w ? "randrw" : w ? "randwrite" : "randread";
	return r && w ? "rw" : w ? "write" : "read";
}

/* fio's runtime of one direction: elapsed microseconds rounded up to
 * whole milliseconds; at least 1 when bytes moved, so rates exist. */
static uint64_t dir_run_ms(uint64_t runtime_ns)
{
	uint64_t ms = (runtime_ns / 1000 + 999) / 1000;

	return ms ? ms : 1;
}

static bool joins(const struct plan_job *prev, const struct plan_job *pj)
{
	return prev && pj->spec->group_reporting && prev->spec->group_reporting &&
	       prev->group == pj->group;
}

static void add_member(struct report_entry *e, const struct job_stats *st)
{
	int d;

	for (d = 0; d < DIR_NR; d++) {
		uint64_t ms;

		if (!st->dir[d].bytes)
			continue;
		ms = dir_run_ms(st->runtime_ns);
		if (ms > e->run_ms[d])
			e->run_ms[d] = ms;
	}
	e->job_run_ms += st->runtime_ns / 1000000;
	e->run_ns_sum += st->runtime_ns;
}

/* The "Run status group" lines: over the group's entries, per direction
 * that ran, the shortest and longest runtime and entry bandwidth, the
 * bytes moved, and the aggregate bandwidth over the longest runtime. */
static void group_figures(struct report_data *d)
{
	size_t i;
	int dir;

	for (i = 0; i < d->n; i++) {
		const struct report_entry *e = &d->e[i];
		struct report_group *g = &d->g[e->pj->group];

		if (!g->kb_base)
			g->kb_base = e->pj->spec->kb_base ? (unsigned int)e->pj->spec->kb_base
							  : 1024;
		for (dir = 0; dir < DIR_NR; dir++) {
			uint64_t bw = report_bw(e, dir);
			bool first = !g->max_run[dir];

			if (!e->run_ms[dir])
				continue;
			if (first || e->run_ms[dir] < g->min_run[dir])
				g->min_run[dir] = e->run_ms[dir];
			if (e->run_ms[dir] > g->max_run[dir])
				g->max_run[dir] = e->run_ms[dir];
			if (first || bw < g->min_bw[dir])
				g->min_bw[dir] = bw;
			if (bw > g->max_bw[dir])
				g->max_bw[dir] = bw;
			g->io_bytes[dir] += e->st->dir[dir].bytes;
		}
	}
	for (i = 0; i < d->n_groups; i++)
		for (dir = 0; dir < DIR_NR; dir++)
			if (d->g[i].max_run[dir])
				d->g[i].agg[dir] = d->g[i].io_bytes[dir] * 1000 /
						   d->g[i].max_run[dir];
}

static void data_free(struct report_data *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->e[i].st);
	free(d->e);
	free(d->g);
}

/* Build the entries, in plan order, and the group figures. */
static int collect(const struct report_ctx *rc, struct report_data *d)
{
	const struct plan *plan = rc->plan;
	const struct plan_job *prev = NULL;
	unsigned int n_groups = plan->n_groups;
	size_t i;

	memset(d, 0, sizeof(*d));
	d->rc = rc;
	for (i = 0; i < plan->n_jobs; i++)
		if (plan->jobs[i].group >= n_groups)
			n_groups = plan->jobs[i].group + 1;
	d->e = calloc(plan->n_jobs ? plan->n_jobs : 1, sizeof(*d->e));
	d->g = calloc(n_groups ? n_groups : 1, sizeof(*d->g));
	d->n_groups = n_groups;
	if (!d->e || !d->g)
		goto nomem;
	for (i = 0; i < plan->n_jobs; i++) {
		const struct plan_job *pj = &plan->jobs[i];
		const struct job_stats *st = &rc->stats[i];
		struct report_entry *e;

		if (joins(prev, pj)) {
			e = &d->e[d->n - 1];
			stats_merge(e->st, st);
			e->members++;
		} else {
			e = &d->e[d->n++];
			e->st = malloc(sizeof(*e->st));
			if (!e->st)
				goto nomem;
			memcpy(e->st, st, sizeof(*e->st));
			e->pj = pj;
			e->members = 1;
			e->pid = st->pid;
		}
		add_member(e, st);
		prev = pj;
	}
	group_figures(d);
	return 0;
nomem:
	data_free(d);
	return -ENOMEM;
}

/*
 * fio prints its formats in a fixed order whatever the order asked:
 * terse, then JSON (json+ is JSON with histogram bins), then normal.
 */
int report_print(FILE *out, unsigned int formats, const struct report_ctx *rc)
{
	struct report_data d;
	int rc_fmt, ret = 0;

	ret = collect(rc, &d);
	if (ret)
		return ret;
	if (formats & REPORT_TERSE)
		ret = report_terse(out, &d);
	if (formats & (REPORT_JSON | REPORT_JSONPLUS)) {
		rc_fmt = report_json(out, &d, !!(formats & REPORT_JSONPLUS));
		if (rc_fmt && !ret)
			ret = rc_fmt;
	}
	if (formats & REPORT_NORMAL) {
		rc_fmt = report_normal(out, &d);
		if (rc_fmt && !ret)
			ret = rc_fmt;
	}
	data_free(&d);
	if (fflush(out) && !ret)
		ret = -EIO;
	return ret;
}
