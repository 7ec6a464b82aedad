/*
 * report_normal.c - fio's text layouts: normal (human-readable) and terse
 * (one semicolon-separated line per entry, fio's version 3).
 *
 * Prints, line for line in fio's structure, the lines before a run (one
 * per job, the version, "Starting N processes") and after it: per entry
 * the job line, per direction the IOPS/BW line, the slat/clat/lat lines
 * with fio's choice of nsec/usec/msec, the clat percentile block, the
 * latency distribution, CPU use and issued counts; then one "Run status
 * group" block per group.  The figures come from report.c.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "report.h"

#define SIG_FIGS 4		/* fio's default sig_figs */
#define PCT_PRECISION 2		/* fio's default percentile_precision */

static const char *const dir_name[DIR_NR] = { "read", "write" };
static const char *const group_dir_name[DIR_NR] = { "   READ", "  WRITE" };

static bool is_pow2(unsigned int v)
{
	return v && !(v & (v - 1));
}

/* One job line per job (a "..." line for its clones), the version line
 * and how many workers start, counting threads and processes apart. */
void report_header(FILE *out, const struct plan *plan)
{
	unsigned int nthreads = 0, nprocs = 0;
	size_t i;

	for (i = 0; i < plan->n_jobs; i++) {
		const struct plan_job *pj = &plan->jobs[i];
		const struct job_spec *js = pj->spec;
		int p2 = is_pow2(js->kb_base ? (unsigned int)js->kb_base : 1024);
		char r[32], w[32];

		if (js->thread)
			nthreads++;
		else
			nprocs++;
		if (pj->clone == 1)
			fputs("...\n", out);
		if (pj->clone)
			continue;
		report_num2str(r, sizeof(r), js->bs[0], SIG_FIGS, p2, RU_BYTE);
		report_num2str(w, sizeof(w), js->bs[1], SIG_FIGS, p2, RU_BYTE);
		fprintf(out, "%s: (g=%u): rw=%s, bs=(R) %s-%s, (W) %s-%s, (T) %s-%s, "
			"ioengine=%s, iodepth=%" PRId64 "\n",
			js->name, pj->group, report_rw_name(js), r, r, w, w, w, w,
			js->ioengine ? js->ioengine : "", js->iodepth);
	}
	fprintf(out, "plio-%s\n", PACKAGE_VERSION);
	fputs("Starting ", out);
	if (nthreads)
		fprintf(out, "%u thread%s", nthreads, nthreads > 1 ? "s" : "");
	if (nprocs)
		fprintf(out, "%s%u process%s", nthreads ? " and " : "", nprocs,
			nprocs > 1 ? "es" : "");
	fputs("\n", out);
}

/*
 * "    clat (usec): min=..., max=..., avg=..., stdev=...": fio moves to
 * usec or msec only when min, max and the spread are all large enough.
 */
static void lat_line(FILE *out, const char *name, const struct lat_stat *s)
{
	uint64_t min = s->min, max = s->max;
	double mean = s->mean, dev = lat_stat_stddev(s);
	const char *base = "(nsec)";
	char a[32], b[32];

	if (min > 2000000 && max > 99999999ull && dev > 1000000.0) {
		min /= 1000000;
		max /= 1000000;
		mean /= 1000000.0;
		dev /= 1000000.0;
		base = "(msec)";
	} else if (min > 2000 && max > 99999 && dev > 1000.0) {
		min /= 1000;
		max /= 1000;
		mean /= 1000.0;
		dev /= 1000.0;
		base = "(usec)";
	}
	fprintf(out, "    %s %s: min=%s, max=%s, avg=%5.02f, stdev=%5.02f\n",
		name, base, report_num2str(a, sizeof(a), min, 6, 0, RU_NONE),
		report_num2str(b, sizeof(b), max, 6, 0, RU_NONE), mean, dev);
}

/*
 * The percentile block: the unit follows the smallest and largest value
 * shown, values are rounded up to that unit, columns are as wide as the
 * largest value (at least 5) and as many as fit in 80 characters.
 */
static void pct_block(FILE *out, const char *name, const struct hist *h)
{
	uint64_t v[32], minv = UINT64_MAX, maxv = 0;
	size_t n = hist_n_default_pct, j;
	unsigned int scale = 0, div = 1, i, width, per_line;
	const char *unit = "nsec";

	if (n > 32)
		n = 32;
	hist_percentiles(h, hist_default_pct, n, v);
	for (j = 0; j < n; j++) {
		if (v[j] < minv)
			minv = v[j];
		if (v[j] > maxv)
			maxv = v[j];
	}
	if (minv > 2000000 && maxv > 99999999ull) {
		scale = 2;
		div = 1000000;
		unit = "msec";
	} else if (minv > 2000 && maxv > 99999) {
		scale = 1;
		div = 1000;
		unit = "usec";
	}
	width = maxv / div ? report_ndigits(maxv / div) : 0;
	if (width < 5)
		width = 5;
	per_line = (80 - 7) / (PCT_PRECISION + 10 + width);
	if (!per_line)
		per_line = 1;

	fprintf(out, "    %s percentiles (%s):\n     |", name, unit);
	for (j = 0; j < n; j++) {
		bool last = j == n - 1;

		if (j && j % per_line == 0)
			fputs("     |", out);
		for (i = 0; i < scale; i++)
			v[j] = (v[j] + 999) / 1000;
		fprintf(out, " %*.*fth=[%*" PRIu64 "]%c", PCT_PRECISION + 3,
			PCT_PRECISION, hist_default_pct[j], (int)width, v[j],
			last ? '\n' : ',');
		if (!last && j % per_line == per_line - 1)
			fputs("\n", out);
	}
}

static void dir_block(FILE *out, const struct report_data *d,
		      const struct report_entry *e, int dir)
{
	const struct dir_stats *ds = &e->st->dir[dir];
	int p2 = is_pow2(d->g[e->pj->group].kb_base);
	char iops[32], bw[32], bwalt[32], io[32];
	uint64_t rate = report_bw(e, dir);

	fprintf(out, "  %s: IOPS=%s, BW=%s (%s)(%s/%" PRIu64 "msec)%s\n",
		dir_name[dir],
		report_num2str(iops, sizeof(iops), report_iops(e, dir), SIG_FIGS, 0, RU_NONE),
		report_num2str(bw, sizeof(bw), rate, SIG_FIGS, p2, RU_BYTE_PER_SEC),
		report_num2str(bwalt, sizeof(bwalt), rate, SIG_FIGS, !p2, RU_BYTE_PER_SEC),
		report_num2str(io, sizeof(io), ds->bytes, SIG_FIGS, p2, RU_BYTE),
		e->run_ms[dir], dir == DIR_WRITE ? "; 0 zone resets" : "");
	if (ds->slat.n)
		lat_line(out, "slat", &ds->slat);
	if (ds->clat.n)
		lat_line(out, "clat", &ds->clat);
	if (ds->lat.n)
		lat_line(out, " lat", &ds->lat);
	if (ds->clat.n)
		pct_block(out, "clat", &ds->clat_hist);
}

/* "  lat (usec)   : 4=43.26%, 10=7.81%, ..." five buckets to a line,
 * only the buckets that hold something. */
static void dist_lines(FILE *out, const char *unit, const double *pct,
		       unsigned int nr)
{
	unsigned int i, on_line = 0;
	bool any = false;

	for (i = 0; i < nr; i++) {
		if (pct[i] <= 0.0)
			continue;
		if (on_line == 5) {
			fputs("\n", out);
			on_line = 0;
		}
		if (!on_line)
			fprintf(out, "  lat (%s)   : ", unit);
		else
			fputs(", ", out);
		fprintf(out, "%s=%3.2f%%", report_lat_keys[i], pct[i]);
		on_line++;
		any = true;
	}
	if (any)
		fputs("\n", out);
}

static void entry(FILE *out, const struct report_data *d, const struct report_entry *e)
{
	const struct job_stats *st = e->st;
	const struct job_spec *js = e->pj->spec;
	struct report_lat_dist ld;
	time_t now = d->rc->start_time;
	char tbuf[64] = "";
	double usr, sys;
	int dir;

	if (!st->dir[DIR_READ].bytes && !st->dir[DIR_WRITE].bytes &&
	    !st->dir[DIR_READ].ios && !st->dir[DIR_WRITE].ios)
		return;
	if (!ctime_r(&now, tbuf))
		strcpy(tbuf, "\n");
	if (!st->error)
		fprintf(out, "%s: (groupid=%u, jobs=%u): err=%2d: pid=%d: %s", js->name,
			e->pj->group, e->members, st->error, e->pid, tbuf);
	else
		fprintf(out, "%s: (groupid=%u, jobs=%u): err=%2d (%s): pid=%d: %s",
			js->name, e->pj->group, e->members, st->error, st->errmsg,
			e->pid, tbuf);
	if (js->description && *js->description)
		fprintf(out, "  Description  : [%s]\n", js->description);

	for (dir = 0; dir < DIR_NR; dir++)
		if (st->dir[dir].bytes && e->run_ms[dir])
			dir_block(out, d, e, dir);

	report_lat_dist(e, &ld);
	dist_lines(out, "nsec", ld.n, REPORT_LAT_N_NR);
	dist_lines(out, "usec", ld.u, REPORT_LAT_U_NR);
	dist_lines(out, "msec", ld.m, REPORT_LAT_M_NR);

	report_cpu(e, &usr, &sys);
	fprintf(out, "  cpu          : usr=%3.2f%%, sys=%3.2f%%, ctx=%" PRIu64
		", majf=%" PRIu64 ", minf=%" PRIu64 "\n",
		usr, sys, st->ctx_switches, st->majflt, st->minflt);
	/* IO depth distributions are not measured yet: fio's three
	 * "IO depths/submit/complete" lines are left out. */
	fprintf(out, "     issued rwts: total=%" PRIu64 ",%" PRIu64 ",0,%" PRIu64
		" short=%" PRIu64 ",%" PRIu64 ",0,0 dropped=0,0,0,0\n",
		st->dir[DIR_READ].ios, st->dir[DIR_WRITE].ios, st->fsyncs,
		st->dir[DIR_READ].short_ios, st->dir[DIR_WRITE].short_ios);
	fprintf(out, "     latency   : target=0, window=0, percentile=100.00%%, "
		"depth=%" PRId64 "\n", js->iodepth);
}

static void group_block(FILE *out, const struct report_group *g, unsigned int id)
{
	int p2 = is_pow2(g->kb_base ? g->kb_base : 1024);
	char agg[32], aggalt[32], min[32], minalt[32], max[32], maxalt[32];
	char io[32], ioalt[32];
	int dir;

	fprintf(out, "\nRun status group %u (all jobs):\n", id);
	for (dir = 0; dir < DIR_NR; dir++) {
		if (!g->max_run[dir])
			continue;
		report_num2str(agg, sizeof(agg), g->agg[dir], SIG_FIGS, p2, RU_BYTE_PER_SEC);
		report_num2str(aggalt, sizeof(aggalt), g->agg[dir], SIG_FIGS, !p2, RU_BYTE_PER_SEC);
		report_num2str(min, sizeof(min), g->min_bw[dir], SIG_FIGS, p2, RU_BYTE_PER_SEC);
		report_num2str(minalt, sizeof(minalt), g->min_bw[dir], SIG_FIGS, !p2, RU_BYTE_PER_SEC);
		report_num2str(max, sizeof(max), g->max_bw[dir], SIG_FIGS, p2, RU_BYTE_PER_SEC);
		report_num2str(maxalt, sizeof(maxalt), g->max_bw[dir], SIG_FIGS, !p2, RU_BYTE_PER_SEC);
		report_num2str(io, sizeof(io), g->io_bytes[dir], SIG_FIGS, p2, RU_BYTE);
		report_num2str(ioalt, sizeof(ioalt), g->io_bytes[dir], SIG_FIGS, !p2, RU_BYTE);
		fprintf(out, "%s: bw=%s (%s), %s-%s (%s-%s), io=%s (%s), run=%" PRIu64
			"-%" PRIu64 "msec\n", group_dir_name[dir], agg, aggalt, min, max,
			minalt, maxalt, io, ioalt, g->min_run[dir], g->max_run[dir]);
	}
}

/* The report after the run: a blank line, every entry, every group. */
int report_normal(FILE *out, const struct report_data *d)
{
	size_t i;

	fputs("\n", out);
	for (i = 0; i < d->n; i++)
		entry(out, d, &d->e[i]);
	for (i = 0; i < d->n_groups; i++)
		group_block(out, &d->g[i], (unsigned int)i);
	return ferror(out) ? -EIO : 0;
}

/* Terse: one latency triple, in usec as fio's terse version 3 has it. */
static void terse_lat(FILE *out, const struct lat_stat *s)
{
	if (!s->n) {
		fputs(";0;0;0.000000;0.000000", out);
		return;
	}
	fprintf(out, ";%" PRIu64 ";%" PRIu64 ";%f;%f", s->min / 1000, s->max / 1000,
		s->mean / 1000.0, lat_stat_stddev(s) / 1000.0);
}

#define TERSE_PCT_NR 20		/* fio's percentile slots in a terse line */

static void terse_dir(FILE *out, const struct report_entry *e, int dir)
{
	const struct dir_stats *ds = &e->st->dir[dir];
	uint64_t v[TERSE_PCT_NR];
	size_t n = hist_n_default_pct, i;

	if (n > TERSE_PCT_NR)
		n = TERSE_PCT_NR;
	fprintf(out, ";%" PRIu64 ";%" PRIu64 ";%" PRIu64 ";%" PRIu64, ds->bytes >> 10,
		report_bw(e, dir) / 1024, report_iops(e, dir), e->run_ms[dir]);
	terse_lat(out, &ds->slat);
	terse_lat(out, &ds->clat);
	hist_percentiles(&ds->clat_hist, hist_default_pct, n, v);
	for (i = 0; i < TERSE_PCT_NR; i++) {
		if (i < n)
			fprintf(out, ";%f%%=%" PRIu64, hist_default_pct[i], v[i] / 1000);
		else
			fputs(";0%=0", out);
	}
	terse_lat(out, &ds->lat);
	/* bandwidth samples: not measured yet */
	fputs(";0;0;0.000000%;0.000000;0.000000", out);
}

/*
 * fio's terse version 3: version, name, group and error; read and write
 * (size, bandwidth, IOPS, runtime, slat, clat, percentiles, lat,
 * bandwidth samples); CPU; IO depths; latency distribution in usec (the
 * nsec buckets folded into the first) and msec; the description.
 */
int report_terse(FILE *out, const struct report_data *d)
{
	struct report_lat_dist ld;
	double usr, sys;
	size_t i;
	unsigned int k;

	for (i = 0; i < d->n; i++) {
		const struct report_entry *e = &d->e[i];
		const struct job_spec *js = e->pj->spec;

		fprintf(out, "3;%s;%s;%u;%d", d->rc->version, js->name, e->pj->group,
			e->st->error);
		terse_dir(out, e, DIR_READ);
		terse_dir(out, e, DIR_WRITE);
		report_cpu(e, &usr, &sys);
		fprintf(out, ";%f%%;%f%%;%" PRIu64 ";%" PRIu64 ";%" PRIu64, usr, sys,
			e->st->ctx_switches, e->st->majflt, e->st->minflt);
		/* IO depths: not measured yet */
		for (k = 0; k < 7; k++)
			fputs(";0.0%", out);
		report_lat_dist(e, &ld);
		for (k = 0; k < REPORT_LAT_U_NR; k++)
			fprintf(out, ";%3.2f%%", ld.u[k] + (k ? 0.0 : ld.below_us));
		for (k = 0; k < REPORT_LAT_M_NR; k++)
			fprintf(out, ";%3.2f%%", ld.m[k]);
		if (js->description && *js->description)
			fprintf(out, ";%s", js->description);
		fputs("\n", out);
	}
	return ferror(out) ? -EIO : 0;
}
