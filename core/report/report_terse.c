/*
 * report_terse.c - fio's terse lines (--output-format=terse, --minimal),
 * versions 2 to 5 (--terse-version; 3 by default).
 *
 * One semicolon-separated line per entry, field for field as fio 3.33:
 *
 *   version (v3 and later: and fio's version string), name, group, error;
 *   per direction: KiB moved, KiB/s, IOPS, runtime; slat, clat (usec:
 *   min, max, mean, stddev); 20 percentile slots of clat (of lat with
 *   lat_percentiles); lat; bw samples (min, max, share of the group,
 *   mean, stddev); v5 adds the bw sample count and the IOPS samples;
 *   then CPU, the seven I/O depth levels, the latency distribution in
 *   usec (the nsec buckets folded into the first) and msec; v3 and later
 *   append each disk's fields; the description last (on a line of its
 *   own in v2).
 *
 * Directions: read and write in v3; read, write and trim in v2, v4 and
 * v5; unified_rw_reporting=mixed prints only the summed direction, both
 * prints it after the others.  Counts: 121 fields in v3 without disks,
 * 161 in v2, 162 in v4 and 180 in v5, plus 9 per disk.
 */
#include <errno.h>
#include <inttypes.h>

#include "report/report.h"

/* One latency triple in usec, or zeros when nothing was measured. */
static void terse_lat(FILE *out, const struct lat_stat *s)
{
	if (!s->n) {
		fputs(";0;0;0.000000;0.000000", out);
		return;
	}
	fprintf(out, ";%" PRIu64 ";%" PRIu64 ";%f;%f", s->min / 1000, s->max / 1000,
		s->mean / 1000.0, lat_stat_stddev(s) / 1000.0);
}

static void terse_dir(FILE *out, const struct report_data *d,
		      const struct report_entry *e, int dir, unsigned int ver)
{
	const struct dir_stats *ds = report_dir(e, dir);
	const struct report_fmt *f = &e->fmt;
	const struct lat_stat *bw = &ds->bw_samples, *io = &ds->iops_samples;
	const struct hist *h = NULL;
	const struct lat_stat *hs = NULL;
	uint64_t v[REPORT_PCT_MAX];
	unsigned int n = 0, i;

	fprintf(out, ";%" PRIu64 ";%" PRIu64 ";%" PRIu64 ";%" PRIu64, ds->bytes >> 10,
		report_bw(e, dir) / 1024, report_iops(e, dir), e->run_ms[dir]);
	terse_lat(out, &ds->slat);
	terse_lat(out, &ds->clat);
	/*
	 * One set of percentiles: total latency's when asked, else clat's
	 * (unless disable_clat); none under gtod_reduce.  fio prints the
	 * list whenever it is on, with zeros for a direction without I/O.
	 */
	if (e->st->measured & STATS_M_PCT) {
		if (f->lat_pct) {
			h = &report_hists(e, dir)->lat;
			hs = &ds->lat;
		} else if (f->clat_pct && (e->st->measured & STATS_M_CLAT)) {
			h = &report_hists(e, dir)->clat;
			hs = &ds->clat;
		}
	}
	if (h) {
		n = f->n_pct;
		hist_percentiles_span(h, lat_stat_span(hs), f->pct, n, v);
	}
	for (i = 0; i < REPORT_PCT_MAX; i++) {
		if (i < n)
			fprintf(out, ";%f%%=%" PRIu64, f->pct[i], v[i] / 1000);
		else
			fputs(";0%=0", out);
	}
	terse_lat(out, &ds->lat);
	if (bw->n)
		fprintf(out, ";%" PRIu64 ";%" PRIu64 ";%f%%;%f;%f", bw->min, bw->max,
			report_bw_agg_pct(d->g[e->pj->group].agg[dir], bw->mean),
			bw->mean, lat_stat_stddev(bw));
	else
		fputs(";0;0;0.000000%;0.000000;0.000000", out);
	if (ver == 5) {
		fprintf(out, ";%" PRIu64, bw->n);
		if (io->n)
			fprintf(out, ";%" PRIu64 ";%" PRIu64 ";%f;%f;%" PRIu64, io->min,
				io->max, io->mean, lat_stat_stddev(io), io->n);
		else
			fputs(";0;0;0.000000;0.000000;0", out);
	}
}

static void terse_entry(FILE *out, const struct report_data *d,
			const struct report_entry *e, unsigned int ver)
{
	const struct job_stats *st = e->st;
	const struct job_spec *js = e->pj->spec;
	int unified = e->fmt.unified, ndirs = ver == 3 ? 2 : DIR_NR, dir;
	struct report_lat_dist ld;
	double usr, sys, pct[STATS_DEPTH_NR];
	uint64_t ios = 0;
	unsigned int k;

	if (ver == 2)
		fprintf(out, "2;%s;%u;%d", js->name, e->pj->group, st->error);
	else
		fprintf(out, "%u;%s;%s;%u;%d", ver, d->rc->version, js->name,
			e->pj->group, st->error);
	if (unified != REPORT_UNIFIED_MIXED)
		for (dir = 0; dir < ndirs; dir++)
			terse_dir(out, d, e, dir, ver);
	if (unified != REPORT_UNIFIED_NONE)
		terse_dir(out, d, e, REPORT_MIXED, ver);

	report_cpu(e, &usr, &sys);
	fprintf(out, ";%f%%;%f%%;%" PRIu64 ";%" PRIu64 ";%" PRIu64, usr, sys,
		st->ctx_switches, st->majflt, st->minflt);
	for (dir = 0; dir < DIR_NR; dir++)
		ios += st->dir[dir].ios;
	report_depth_dist(st->depth_level, ios, pct);
	for (k = 0; k < STATS_DEPTH_NR; k++)
		fprintf(out, ";%3.1f%%", pct[k]);
	report_lat_dist(e, &ld);
	for (k = 0; k < REPORT_LAT_U_NR; k++)
		fprintf(out, ";%3.2f%%", ld.u[k] + (k ? 0.0 : ld.below_us));
	for (k = 0; k < REPORT_LAT_M_NR; k++)
		fprintf(out, ";%3.2f%%", ld.m[k]);
	if (ver >= 3 && d->rc->disks && d->rc->disks->n)
		diskutil_terse(out, d->rc->disks);
	if (js->description && *js->description)
		fprintf(out, "%s;%s", ver == 2 ? "\n" : "", js->description);
	fputs("\n", out);
}

int report_terse(FILE *out, const struct report_data *d)
{
	unsigned int ver = d->rc->terse_version;
	size_t i;

	if (ver < 2 || ver > 5)
		ver = REPORT_TERSE_DEFAULT;
	for (i = 0; i < d->n; i++)
		terse_entry(out, d, &d->e[i], ver);
	return ferror(out) ? -EIO : 0;
}
