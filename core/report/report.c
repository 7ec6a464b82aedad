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

#include "report/report.h"

static const struct report_mixed no_dir;	/* what an entry without a
						 * mixed direction reports
						 * for it */

const char *const report_lat_keys[REPORT_LAT_M_NR] = {
	"2", "4", "10", "20", "50", "100", "250", "500", "750", "1000",
	"2000", ">=2000",
};

/* Upper bounds of fio's latency distribution buckets, in their unit. */
static const unsigned int lat_bounds[REPORT_LAT_M_NR - 1] = {
	2, 4, 10, 20, 50, 100, 250, 500, 750, 1000, 2000,
};

const struct dir_stats *report_dir(const struct report_entry *e, int dir)
{
	if (dir == REPORT_MIXED)
		return e->mixed ? &e->mixed->d : &no_dir.d;
	return &e->st->dir[dir];
}

const struct dir_hists *report_hists(const struct report_entry *e, int dir)
{
	if (dir == REPORT_MIXED)
		return e->mixed ? &e->mixed->h : &no_dir.h;
	return &e->st->hist[dir];
}

unsigned int report_prios_used(const struct job_stats *st, int dir)
{
	unsigned int k, n = 0;

	for (k = 0; dir <= DIR_WRITE && k < st->nprio[dir]; k++)
		n += st->prio[dir][k].lat.n != 0;
	return n;
}

uint64_t report_bw(const struct report_entry *e, int dir)
{
	if (!e->run_ms[dir])
		return 0;
	return report_dir(e, dir)->bytes * 1000 / e->run_ms[dir];
}

uint64_t report_iops(const struct report_entry *e, int dir)
{
	if (!e->run_ms[dir])
		return 0;
	return report_dir(e, dir)->ios * 1000 / e->run_ms[dir];
}

void report_depth_dist(const uint64_t *map, uint64_t total, double *pct)
{
	unsigned int i;

	for (i = 0; i < STATS_DEPTH_NR; i++) {
		pct[i] = total ? (double)map[i] * 100.0 / (double)total : 0.0;
		if (total && map[i] && pct[i] < 0.1)
			pct[i] = 0.1;
	}
}

/* fio truncates the mean to whole KiB/s first, and leaves 100% when the
 * aggregate is too small to compare with. */
double report_bw_agg_pct(uint64_t agg, double mean)
{
	double p;

	if (agg <= 1024)
		return 100.0;
	p = (double)(int64_t)mean * 100.0 / ((double)agg / 1024.0);
	return p > 100.0 ? 100.0 : p;
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
		const struct hist *h = &e->st->hist[d].clat;
		struct hist_span sp = lat_stat_span(&e->st->dir[d].clat);

		total += e->st->dir[d].ios;
		for (i = sp.lo; i <= sp.hi; i++) {
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

/* fio's names of its rw bits (read 1, write 2, random 4, trim 8, the
 * values of RW_*), as its job line prints them: readwrite is "rw". */
const char *report_rw_name(const struct job_spec *js)
{
	static const char *const names[16] = {
		[RW_READ] = "read", [RW_WRITE] = "write",
		[RW_READ | RW_WRITE] = "rw",
		[RW_RAND | RW_READ] = "randread", [RW_RAND | RW_WRITE] = "randwrite",
		[RW_RAND | RW_READ | RW_WRITE] = "randrw",
		[RW_TRIM] = "trim", [RW_TRIM | RW_WRITE] = "trimwrite",
		[RW_TRIM | RW_RAND] = "randtrim",
		[RW_TRIM | RW_RAND | RW_WRITE] = "randtrimwrite",
	};
	const char *n = names[js->rw & 15];

	return n ? n : "read";
}

/*
 * How an entry shows: percentile_list as options decoded it (fio's
 * defaults for a spec built without the option table, in tests), the
 * *_percentiles switches, significant_figures, unit_base, kb_base and
 * unified_rw_reporting.
 */
static void decode_fmt(const struct job_spec *js, struct report_fmt *f)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	if (js->pcts.decoded) {
		f->n_pct = js->pcts.n;
		f->pct_prec = js->pcts.prec;
		memcpy(f->pct, js->pcts.v, sizeof(js->pcts.v[0]) * js->pcts.n);
	} else {
		for (i = 0; i < hist_n_default_pct && i < REPORT_PCT_MAX; i++)
			f->pct[f->n_pct++] = hist_default_pct[i];
		f->pct_prec = 2;
	}
	f->clat_pct = js->clat_percentiles;
	f->lat_pct = js->lat_percentiles;
	f->slat_pct = js->slat_percentiles;
	f->sig_figs = js->significant_figures > 0 ? (int)js->significant_figures : 4;
	f->bits = js->unit_base == 1;
	f->kb_base = js->kb_base ? (unsigned int)js->kb_base : 1024;
	f->unified = (int)js->unified_rw_reporting;
}

/* The exact sum of every direction of st, as one. */
static void dir_add(struct dir_stats *dst, const struct dir_stats *src)
{
	dst->bytes += src->bytes;
	dst->ios += src->ios;
	dst->short_ios += src->short_ios;
	dst->drop_ios += src->drop_ios;
	lat_stat_merge(&dst->slat, &src->slat);
	lat_stat_merge(&dst->clat, &src->clat);
	lat_stat_merge(&dst->lat, &src->lat);
	lat_stat_merge(&dst->bw_samples, &src->bw_samples);
	lat_stat_merge(&dst->iops_samples, &src->iops_samples);
}

static int add_mixed(struct report_entry *e)
{
	int d;

	e->mixed = stats_zalloc(sizeof(*e->mixed));
	if (!e->mixed)
		return -ENOMEM;
	for (d = 0; d < DIR_NR; d++) {
		dir_add(&e->mixed->d, &e->st->dir[d]);
		stats_hists_merge(&e->mixed->h, &e->st->hist[d], &e->st->dir[d]);
		if (e->run_ms[d] > e->run_ms[REPORT_MIXED])
			e->run_ms[REPORT_MIXED] = e->run_ms[d];
	}
	return 0;
}

/* fio's runtime of one direction: elapsed microseconds rounded up to
 * whole milliseconds; at least 1 when bytes moved, so rates exist. */
uint64_t report_run_ms(uint64_t runtime_ns)
{
	uint64_t ms = (runtime_ns / 1000 + 999) / 1000;

	return ms ? ms : 1;
}

/* As fio: a job with group_reporting joins the entry of the job before
 * it when both are in one group, whether or not that one asked for it. */
static bool joins(const struct plan_job *prev, const struct plan_job *pj)
{
	return prev && pj->spec->group_reporting && prev->group == pj->group;
}

static void add_member(struct report_entry *e, const struct job_stats *st)
{
	int d;

	for (d = 0; d < DIR_NR; d++) {
		uint64_t ms;

		if (!st->dir[d].bytes)
			continue;
		ms = report_run_ms(st->runtime_ns);
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

		if (!g->kb_base) {
			g->kb_base = e->fmt.kb_base;
			g->sig_figs = e->fmt.sig_figs;
			g->bits = e->fmt.bits;
			g->unified = e->fmt.unified;
		}
		for (dir = 0; dir < REPORT_DIRS; dir++) {
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
			g->io_bytes[dir] += report_dir(e, dir)->bytes;
		}
	}
	for (i = 0; i < d->n_groups; i++) {
		struct report_group *g = &d->g[i];

		/* with "both", fio's MIXED line spans the direction lines:
		 * shortest and longest of their runs and rates */
		if (g->unified == REPORT_UNIFIED_BOTH) {
			g->min_run[REPORT_MIXED] = g->max_run[REPORT_MIXED] = 0;
			g->min_bw[REPORT_MIXED] = g->max_bw[REPORT_MIXED] = 0;
			for (dir = 0; dir < DIR_NR; dir++) {
				bool first = !g->max_run[REPORT_MIXED];

				if (!g->max_run[dir])
					continue;
				if (first || g->min_run[dir] < g->min_run[REPORT_MIXED])
					g->min_run[REPORT_MIXED] = g->min_run[dir];
				if (g->max_run[dir] > g->max_run[REPORT_MIXED])
					g->max_run[REPORT_MIXED] = g->max_run[dir];
				if (first || g->min_bw[dir] < g->min_bw[REPORT_MIXED])
					g->min_bw[REPORT_MIXED] = g->min_bw[dir];
				if (g->max_bw[dir] > g->max_bw[REPORT_MIXED])
					g->max_bw[REPORT_MIXED] = g->max_bw[dir];
			}
		}
		for (dir = 0; dir < REPORT_DIRS; dir++)
			if (g->max_run[dir])
				g->agg[dir] = g->io_bytes[dir] * 1000 / g->max_run[dir];
	}
}

void report_release(struct report_data *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		stats_zfree(d->e[i].own, sizeof(*d->e[i].own));
		stats_zfree(d->e[i].mixed, sizeof(*d->e[i].mixed));
	}
	free(d->e);
	free(d->g);
}

/* Build the entries, in plan order, and the group figures. */
int report_collect(const struct report_ctx *rc, struct report_data *d)
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
			if (!e->own) {
				/* a group: its first member, copied, takes in
				 * the others */
				e->own = stats_zalloc(sizeof(*e->own));
				if (!e->own)
					goto nomem;
				stats_copy(e->own, e->st);
				e->st = e->own;
			}
			stats_merge(e->own, st);
			e->members++;
		} else {
			/* a job alone is reported from its statistics as
			 * they are: no copy (256 jobs' would be 100 MB) */
			e = &d->e[d->n++];
			e->st = st;
			e->pj = pj;
			e->members = 1;
			e->pid = st->pid;
			decode_fmt(pj->spec, &e->fmt);
		}
		add_member(e, st);
		prev = pj;
	}
	for (i = 0; i < d->n; i++) {
		/* merged across ranks: each job ran once on every rank */
		if (rc->n_ranks)
			d->e[i].members *= rc->n_ranks;
		if (d->e[i].fmt.unified != REPORT_UNIFIED_NONE && add_mixed(&d->e[i]))
			goto nomem;
	}
	group_figures(d);
	return 0;
nomem:
	report_release(d);
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

	ret = report_collect(rc, &d);
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
	report_release(&d);
	/* why the text did not get out (ENOSPC) says more than a format's
	 * own failure: the flush retries what an earlier write could not do */
	errno = 0;
	if (fflush(out))
		ret = errno ? -errno : -EIO;
	else if (!ret && ferror(out))
		ret = -EIO;
	return ret;
}
