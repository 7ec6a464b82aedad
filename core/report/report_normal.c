/*
 * report_normal.c - fio's human-readable layout (--output-format=normal).
 *
 * Prints, line for line in fio's structure, the lines before a run (one
 * per job, the version, "Starting N processes") and after it: per entry
 * the job line, per direction the IOPS/BW line, the slat/clat/lat lines
 * with fio's choice of nsec/usec/msec, the percentile blocks the
 * *_percentiles options ask for, the bw and iops sample lines; the
 * latency distribution, the fsync/fdatasync block, CPU use, I/O depths,
 * issued counts and the latency target line; then one "Run status group"
 * block per group, the per-host table of a run across hosts
 * (report_hosts.c) and the disk statistics.  The figures come from
 * report.c; significant_figures, unit_base, kb_base and percentile_list
 * shape them as in fio.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plugin/loader.h"
#include "report/report.h"
#include "measure/steadystate.h"

#define SIG_FIGS 4		/* fio's default sig_figs */

static const char *const dir_name[REPORT_DIRS] = { "read", "write", "trim", "mixed" };
static const char *const group_dir_name[REPORT_DIRS] = {
	"   READ", "  WRITE", "   TRIM", "  MIXED",
};

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
		int sf = js->significant_figures > 0 ? (int)js->significant_figures
						     : SIG_FIGS;
		char bs[3][2][32];
		int d;

		if (js->thread)
			nthreads++;
		else
			nprocs++;
		if (pj->clone == 1)
			fputs("...\n", out);
		/* no line for an engine whose I/O is time (cpuio, exec):
		 * fio prints none for its FIO_NOIO engines */
		if (pj->clone || (pj->engine && (pj->engine->e.caps & PLIO_CAP_NOIO)))
			continue;
		/* each direction's smallest and largest block size (bs,
		 * bsrange, bssplit) */
		for (d = 0; d < 3; d++) {
			num2str(bs[d][0], sizeof(bs[d][0]), js->bsd[d].min, sf, p2,
				       NU_BYTE);
			num2str(bs[d][1], sizeof(bs[d][1]), js->bsd[d].max, sf, p2,
				       NU_BYTE);
		}
		fprintf(out, "%s: (g=%u): rw=%s, bs=(R) %s-%s, (W) %s-%s, (T) %s-%s, "
			"ioengine=%s, iodepth=%" PRId64 "\n",
			js->name, pj->group, report_rw_name(js), bs[0][0], bs[0][1],
			bs[1][0], bs[1][1], bs[2][0], bs[2][1],
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
		name, base, num2str(a, sizeof(a), min, 6, 0, NU_NONE),
		num2str(b, sizeof(b), max, 6, 0, NU_NONE), mean, dev);
}

/*
 * A percentile block: the unit follows the smallest and largest value
 * shown, values are rounded up to that unit, columns are as wide as the
 * largest value (at least 5) and as many as fit in 80 characters.
 */
static void pct_block(FILE *out, const char *name, const struct lat_stat *s,
		      const struct hist *h, const struct report_fmt *f)
{
	uint64_t v[REPORT_PCT_MAX], minv = UINT64_MAX, maxv = 0;
	unsigned int n = f->n_pct, prec = f->pct_prec, j;
	unsigned int scale = 0, div = 1, i, width, per_line;
	const char *unit = "nsec";

	if (!n)
		return;
	hist_percentiles_span(h, lat_stat_span(s), f->pct, n, v);
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
	width = maxv / div ? num_ndigits(maxv / div) : 0;
	if (width < 5)
		width = 5;
	per_line = (80 - 7) / (prec + 10 + width);
	if (!per_line)
		per_line = 1;

	fprintf(out, "    %s percentiles (%s):\n     |", name, unit);
	for (j = 0; j < n; j++) {
		bool last = j == n - 1;

		if (j && j % per_line == 0)
			fputs("     |", out);
		for (i = 0; i < scale; i++)
			v[j] = (v[j] + 999) / 1000;
		fprintf(out, " %*.*fth=[%*" PRIu64 "]%c", (int)prec + 3, (int)prec,
			f->pct[j], (int)width, v[j], last ? '\n' : ',');
		if (!last && j % per_line == per_line - 1)
			fputs("\n", out);
	}
}

/* "   bw (  KiB/s): ..." from the KiB/s samples, in MiB/s past 1 GiB/s
 * (always bytes: fio's unit_base does not reach this line), and
 * "   iops        : ...". */
static void sample_lines(FILE *out, const struct report_data *d,
			 const struct report_entry *e, int dir)
{
	const struct dir_stats *ds = report_dir(e, dir);
	const struct lat_stat *bw = &ds->bw_samples, *io = &ds->iops_samples;
	double kb = (double)e->fmt.kb_base;
	int p2 = is_pow2(e->fmt.kb_base);

	if (bw->n) {
		double min = (double)bw->min, max = (double)bw->max;
		double mean = bw->mean, dev = lat_stat_stddev(bw);
		double per = report_bw_agg_pct(d->g[e->pj->group].agg[dir], mean);
		const char *unit = p2 ? "KiB" : "kB";

		if (mean > kb * kb) {
			min /= kb;
			max /= kb;
			mean /= kb;
			dev /= kb;
			unit = "MiB";
		}
		fprintf(out, "   bw (%5s/s): min=%5llu, max=%5llu, per=%3.2f%%, "
			"avg=%5.02f, stdev=%5.02f, samples=%" PRIu64 "\n",
			unit, (unsigned long long)min, (unsigned long long)max, per,
			mean, dev, bw->n);
	}
	if (io->n)
		fprintf(out, "   iops        : min=%5" PRIu64 ", max=%5" PRIu64
			", avg=%5.02f, stdev=%5.02f, samples=%" PRIu64 "\n",
			io->min, io->max, io->mean, lat_stat_stddev(io), io->n);
}

/*
 * cmdprio, when the I/Os had two priorities or more: "clat prio C/L
 * (unit): min=..." per priority after the latency lines, and their
 * "clat prio C/L (N% of IOs) percentiles (unit):" blocks after the
 * percentiles ("lat prio" with lat_percentiles), as fio prints them.
 */
static void prio_lines(FILE *out, const struct report_entry *e, int dir, bool pct)
{
	const struct job_stats *st = e->st;
	const struct report_fmt *f = &e->fmt;
	const char *what = f->lat_pct ? "lat" : "clat";
	uint64_t total = 0;
	unsigned int k;
	char name[64];

	if (dir > DIR_WRITE || report_prios_used(st, dir) < 2 ||
	    (pct && !f->lat_pct && !f->clat_pct))
		return;
	for (k = 0; k < st->nprio[dir]; k++)
		total += st->prio[dir][k].lat.n;
	for (k = 0; k < st->nprio[dir]; k++) {
		const struct prio_stat *p = &st->prio[dir][k];

		if (!p->lat.n)
			continue;
		if (!pct) {
			snprintf(name, sizeof(name), "%s prio %u/%u", what, p->ioprio >> 13,
				 p->ioprio & 0x1fff);
			lat_line(out, name, &p->lat);
			continue;
		}
		snprintf(name, sizeof(name), "%s prio %u/%u (%.2f%% of IOs)", what,
			 p->ioprio >> 13, p->ioprio & 0x1fff,
			 100.0 * (double)p->lat.n / (double)total);
		pct_block(out, name, &p->lat, &st->prio_hist[dir][k], f);
	}
}

static void dir_block(FILE *out, const struct report_data *d,
		      const struct report_entry *e, int dir)
{
	const struct dir_stats *ds = report_dir(e, dir);
	const struct dir_hists *dh = report_hists(e, dir);
	const struct report_fmt *f = &e->fmt;
	int p2 = is_pow2(f->kb_base), sf = f->sig_figs;
	enum num_unit ru = f->bits ? NU_BIT_PER_SEC : NU_BYTE_PER_SEC;
	char iops[32], bw[32], bwalt[32], io[32];
	uint64_t rate = report_bw(e, dir);
	/* unified_rw_reporting=mixed shows its one direction as "mixed" */
	int name = f->unified == REPORT_UNIFIED_MIXED ? REPORT_MIXED : dir;

	fprintf(out, "  %s: IOPS=%s, BW=%s (%s)(%s/%" PRIu64 "msec)%s\n",
		dir_name[name],
		num2str(iops, sizeof(iops), report_iops(e, dir), sf, 0, NU_NONE),
		num2str(bw, sizeof(bw), rate, sf, p2, ru),
		num2str(bwalt, sizeof(bwalt), rate, sf, !p2, ru),
		num2str(io, sizeof(io), ds->bytes, sf, p2, NU_BYTE),
		e->run_ms[dir], dir == DIR_WRITE ? "; 0 zone resets" : "");
	if (ds->slat.n)
		lat_line(out, "slat", &ds->slat);
	if (ds->clat.n)
		lat_line(out, "clat", &ds->clat);
	if (ds->lat.n)
		lat_line(out, " lat", &ds->lat);
	prio_lines(out, e, dir, false);
	if (f->slat_pct && ds->slat.n)
		pct_block(out, "slat", &ds->slat, &dh->slat, f);
	if (f->clat_pct && ds->clat.n)
		pct_block(out, "clat", &ds->clat, &dh->clat, f);
	if (f->lat_pct && ds->lat.n)
		pct_block(out, "lat", &ds->lat, &dh->lat, f);
	prio_lines(out, e, dir, true);
	sample_lines(out, d, e, dir);
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

static void depth_line(FILE *out, const char *head, const char *const *keys,
		       const uint64_t *map, uint64_t total)
{
	double pct[STATS_DEPTH_NR];
	unsigned int i;

	report_depth_dist(map, total, pct);
	fputs(head, out);
	for (i = 0; i < STATS_DEPTH_NR; i++)
		fprintf(out, "%s%s=%3.1f%%", i ? ", " : "", keys[i], pct[i]);
	fputs("\n", out);
}

/* "     engine    : io_uring: submit_calls=N, ..." when the engine keeps
 * counters (ABI 1.1), summed over the entry's jobs. */
static void engine_counters(FILE *out, const struct report_entry *e)
{
	const struct loaded_engine *le = e->pj->engine;
	size_t i;

	if (!le || !le->n_counters)
		return;
	fprintf(out, "     engine    : %s:", le->e.name);
	for (i = 0; i < le->n_counters; i++)
		fprintf(out, "%s %s=%" PRIu64, i ? "," : "", le->counters[i].name,
			e->st->engine_counters[i]);
	fputc('\n', out);
}

static void entry(FILE *out, const struct report_data *d, const struct report_entry *e)
{
	static const char *const lv[] = { "1", "2", "4", "8", "16", "32", ">=64" };
	static const char *const sc[] = { "0", "4", "8", "16", "32", "64", ">=64" };
	const struct job_stats *st = e->st;
	const struct job_spec *js = e->pj->spec;
	const struct report_fmt *f = &e->fmt;
	uint64_t total[DIR_NR], shrt[DIR_NR], drop[DIR_NR], ios = 0;
	struct report_lat_dist ld;
	time_t now = d->rc->start_time;
	char tbuf[64] = "";
	double usr, sys;
	int dir;

	for (dir = 0; dir < DIR_NR; dir++)
		ios += st->dir[dir].bytes + st->dir[dir].ios;
	if (!ios)
		return;
	if (!ctime_r(&now, tbuf))
		strcpy(tbuf, "\n");
	if (!st->error && st->first_error)	/* went on past errors */
		fprintf(out, "%s: (groupid=%u, jobs=%u): err=%2d (%s): pid=%d: %s",
			js->name, e->pj->group, e->members, st->first_error,
			strerror(st->first_error), e->pid, tbuf);
	else if (!st->error)
		fprintf(out, "%s: (groupid=%u, jobs=%u): err=%2d: pid=%d: %s", js->name,
			e->pj->group, e->members, st->error, e->pid, tbuf);
	else
		fprintf(out, "%s: (groupid=%u, jobs=%u): err=%2d (%s): pid=%d: %s",
			js->name, e->pj->group, e->members, st->error, st->errmsg,
			e->pid, tbuf);
	if (js->description && *js->description)
		fprintf(out, "  Description  : [%s]\n", js->description);

	if (f->unified == REPORT_UNIFIED_MIXED) {
		if (e->mixed->d.bytes)
			dir_block(out, d, e, REPORT_MIXED);
	} else {
		for (dir = 0; dir < DIR_NR; dir++)
			if (st->dir[dir].bytes)
				dir_block(out, d, e, dir);
		if (f->unified == REPORT_UNIFIED_BOTH)
			dir_block(out, d, e, REPORT_MIXED);
	}

	report_lat_dist(e, &ld);
	dist_lines(out, "nsec", ld.n, REPORT_LAT_N_NR);
	dist_lines(out, "usec", ld.u, REPORT_LAT_U_NR);
	dist_lines(out, "msec", ld.m, REPORT_LAT_M_NR);

	if (st->sync_lat.n) {
		fputs("  fsync/fdatasync/sync_file_range:\n", out);
		lat_line(out, "sync", &st->sync_lat);
		if (f->clat_pct || f->lat_pct)
			pct_block(out, "sync", &st->sync_lat, &st->sync_hist, f);
	}

	report_cpu(e, &usr, &sys);
	fprintf(out, "  cpu          : usr=%3.2f%%, sys=%3.2f%%, ctx=%" PRIu64
		", majf=%" PRIu64 ", minf=%" PRIu64 "\n",
		usr, sys, st->ctx_switches, st->majflt, st->minflt);
	ios = 0;
	for (dir = 0; dir < DIR_NR; dir++)
		ios += st->dir[dir].ios;
	depth_line(out, "  IO depths    : ", lv, st->depth_level, ios);
	depth_line(out, "     submit    : ", sc, st->depth_submit, st->total_submit);
	depth_line(out, "     complete  : ", sc, st->depth_complete, st->total_complete);

	/* mixed folds every direction into the first slot, as fio does */
	memset(total, 0, sizeof(total));
	memset(shrt, 0, sizeof(shrt));
	memset(drop, 0, sizeof(drop));
	for (dir = 0; dir < DIR_NR; dir++) {
		int to = f->unified == REPORT_UNIFIED_MIXED ? 0 : dir;

		total[to] += st->dir[dir].ios;
		shrt[to] += st->dir[dir].short_ios;
		drop[to] += st->dir[dir].drop_ios;
	}
	fprintf(out, "     issued rwts: total=%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
		" short=%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",0 dropped=%" PRIu64 ",%" PRIu64
		",%" PRIu64 ",0\n", total[0], total[1], total[2], st->fsyncs,
		shrt[0], shrt[1], shrt[2], drop[0], drop[1], drop[2]);
	if (js->coe_mask)
		fprintf(out, "     errors    : total=%" PRIu64 ", first_error=%d/<%s>\n",
			st->total_err, st->first_error, strerror(st->first_error));
	fprintf(out, "     latency   : target=%" PRIu64 ", window=%" PRIu64
		", percentile=%.2f%%, depth=%" PRId64 "\n",
		js->latency_target * 1000, js->latency_window,
		js->latency_pct, st->latency_depth ? (int64_t)st->latency_depth : js->iodepth);
	engine_counters(out, e);
	steadystate_report_normal(out, e->pj);
}

static void group_line(FILE *out, const struct report_group *g, int dir)
{
	int p2 = is_pow2(g->kb_base ? g->kb_base : 1024);
	int sf = g->sig_figs > 0 ? g->sig_figs : SIG_FIGS;
	enum num_unit ru = g->bits ? NU_BIT_PER_SEC : NU_BYTE_PER_SEC;
	char agg[32], aggalt[32], min[32], minalt[32], max[32], maxalt[32];
	char io[32], ioalt[32];

	num2str(agg, sizeof(agg), g->agg[dir], sf, p2, ru);
	num2str(aggalt, sizeof(aggalt), g->agg[dir], sf, !p2, ru);
	num2str(min, sizeof(min), g->min_bw[dir], sf, p2, ru);
	num2str(minalt, sizeof(minalt), g->min_bw[dir], sf, !p2, ru);
	num2str(max, sizeof(max), g->max_bw[dir], sf, p2, ru);
	num2str(maxalt, sizeof(maxalt), g->max_bw[dir], sf, !p2, ru);
	num2str(io, sizeof(io), g->io_bytes[dir], sf, p2, NU_BYTE);
	num2str(ioalt, sizeof(ioalt), g->io_bytes[dir], sf, !p2, NU_BYTE);
	fprintf(out, "%s: bw=%s (%s), %s-%s (%s-%s), io=%s (%s), run=%" PRIu64
		"-%" PRIu64 "msec\n", group_dir_name[dir], agg, aggalt, min, max,
		minalt, maxalt, io, ioalt, g->min_run[dir], g->max_run[dir]);
}

static void group_block(FILE *out, const struct report_group *g, unsigned int id)
{
	int dir;

	fprintf(out, "\nRun status group %u (all jobs):\n", id);
	if (g->unified != REPORT_UNIFIED_MIXED)
		for (dir = 0; dir < DIR_NR; dir++)
			if (g->max_run[dir])
				group_line(out, g, dir);
	if (g->unified != REPORT_UNIFIED_NONE && g->max_run[REPORT_MIXED])
		group_line(out, g, REPORT_MIXED);
}

/* The report after the run: a blank line, every entry, every group, the
 * hosts of a run across hosts (the groups' figures broken down by where
 * they were measured, so next to them), the disks (last, as in fio). */
int report_normal(FILE *out, const struct report_data *d)
{
	size_t i;
	int ret;

	fputs("\n", out);
	for (i = 0; i < d->n; i++)
		entry(out, d, &d->e[i]);
	for (i = 0; i < d->n_groups; i++)
		group_block(out, &d->g[i], (unsigned int)i);
	ret = report_hosts_normal(out, d);
	if (d->rc->disks && d->rc->disks->n)
		diskutil_print_normal(out, d->rc->disks);
	if (ret)
		return ret;
	return ferror(out) ? -EIO : 0;
}
