/*
 * report_json.c - fio's JSON and JSON+ documents (--output-format=json,
 * json+).
 *
 * Same keys, order, nesting and JSON types as fio 3.33: per job the read,
 * write and trim objects, "sync" (fsync/fdatasync latencies), "mixed"
 * with unified_rw_reporting, CPU, I/O depth and latency distributions;
 * "percentile" objects where fio prints them (a latency's *_percentiles
 * switch on and samples taken), keyed by the percentile_list entries as
 * "%f"; and, with JSON+, a "bins" object beside each of them that maps
 * every non-empty histogram bucket's value (ns) to its count.  Keys fio
 * prints with zero values when it measured nothing are printed the same
 * way here, so scripts find every key they expect.  A job's
 * "steadystate" object (steadystate.c renders it) comes last, and
 * "disk_util" (diskutil.c) follows the jobs when the run had disks, as in
 * fio.  A run across hosts (plio-mpi) adds "ranks" between them: each
 * rank's own jobs (report.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/json.h"
#include "plugin/loader.h"
#include "report/report.h"
#include "measure/steadystate.h"

/* min, max, mean, stddev and N of one latency; with pct and samples, the
 * percentiles of its histogram, and with plus its bins. */
static void lat_object(struct json_writer *w, const char *key,
		       const struct lat_stat *s, const struct hist *h,
		       const struct report_fmt *f, bool pct, bool plus)
{
	uint64_t v[REPORT_PCT_MAX];
	unsigned int i;
	char buf[64];

	json_begin_object(w, key);
	json_uint(w, "min", s->n ? s->min : 0);
	json_uint(w, "max", s->n ? s->max : 0);
	json_double(w, "mean", s->n ? s->mean : 0.0);
	json_double(w, "stddev", lat_stat_stddev(s));
	json_uint(w, "N", s->n);
	if (pct && s->n && h) {
		struct hist_span sp = lat_stat_span(s);

		/* "percentile" stays, empty, for a list that starts with 0 (fio) */
		hist_percentiles_span(h, sp, f->pct, f->n_pct, v);
		json_begin_object(w, "percentile");
		for (i = 0; i < f->n_pct; i++) {
			snprintf(buf, sizeof(buf), "%f", f->pct[i]);
			json_uint(w, buf, v[i]);
		}
		json_end(w);
		if (plus) {
			json_begin_object(w, "bins");
			for (i = sp.lo; i <= sp.hi; i++) {
				if (!h->count[i])
					continue;
				snprintf(buf, sizeof(buf), "%llu",
					 (unsigned long long)hist_bucket_value(i));
				json_uint(w, buf, h->count[i]);
			}
			json_end(w);
		}
	}
	json_end(w);
}

/*
 * cmdprio: "prios", one object per priority its I/Os had ({"prioclass",
 * "prio", "clat_ns" or with lat_percentiles "lat_ns"}), when they had more
 * than one (fio's).
 */
static void prios_array(struct json_writer *w, const struct report_entry *e, int dir,
			bool plus)
{
	const struct job_stats *st = e->st;
	const struct report_fmt *f = &e->fmt;
	bool lat = f->lat_pct;
	unsigned int k;

	if (dir > DIR_WRITE || report_prios_used(st, dir) < 2)
		return;
	json_begin_array(w, "prios");
	for (k = 0; k < st->nprio[dir]; k++) {
		const struct prio_stat *p = &st->prio[dir][k];

		if (!p->lat.n)
			continue;
		json_begin_object(w, NULL);
		json_uint(w, "prioclass", p->ioprio >> 13);
		json_uint(w, "prio", p->ioprio & 0x1fff);
		lat_object(w, lat ? "lat_ns" : "clat_ns", &p->lat, &st->prio_hist[dir][k], f,
			   lat || f->clat_pct, plus);
		json_end(w);
	}
	json_end(w);
}

/* One direction; REPORT_MIXED is fio's "mixed". */
static void dir_object(struct json_writer *w, const struct report_data *d,
		       const struct report_entry *e, int dir, bool plus)
{
	static const char *const names[REPORT_DIRS] = {
		"read", "write", "trim", "mixed",
	};
	const struct dir_stats *ds = report_dir(e, dir);
	const struct dir_hists *dh = report_hists(e, dir);
	const struct report_fmt *f = &e->fmt;
	const struct lat_stat *bw = &ds->bw_samples, *io = &ds->iops_samples;
	uint64_t run_ms = e->run_ms[dir];
	uint64_t bw_bytes = run_ms ? ds->bytes * 1000 / run_ms : 0;
	double iops = run_ms ? 1000.0 * (double)ds->ios / (double)run_ms : 0.0;
	uint64_t agg = d->g[e->pj->group].agg[dir];

	json_begin_object(w, names[dir]);
	json_uint(w, "io_bytes", ds->bytes);
	json_uint(w, "io_kbytes", ds->bytes >> 10);
	json_uint(w, "bw_bytes", bw_bytes);
	json_uint(w, "bw", bw_bytes / 1024);
	json_double(w, "iops", iops);
	json_uint(w, "runtime", run_ms);
	json_uint(w, "total_ios", ds->ios);
	json_uint(w, "short_ios", ds->short_ios);
	json_uint(w, "drop_ios", ds->drop_ios);
	lat_object(w, "slat_ns", &ds->slat, &dh->slat, f, f->slat_pct, plus);
	lat_object(w, "clat_ns", &ds->clat, &dh->clat, f, f->clat_pct, plus);
	lat_object(w, "lat_ns", &ds->lat, &dh->lat, f, f->lat_pct, plus);
	prios_array(w, e, dir, plus);
	json_uint(w, "bw_min", bw->n ? bw->min : 0);
	json_uint(w, "bw_max", bw->n ? bw->max : 0);
	json_double(w, "bw_agg", bw->n ? report_bw_agg_pct(agg, bw->mean) : 0.0);
	json_double(w, "bw_mean", bw->n ? bw->mean : 0.0);
	json_double(w, "bw_dev", lat_stat_stddev(bw));
	json_uint(w, "bw_samples", bw->n);
	json_uint(w, "iops_min", io->n ? io->min : 0);
	json_uint(w, "iops_max", io->n ? io->max : 0);
	json_double(w, "iops_mean", io->n ? io->mean : 0.0);
	json_double(w, "iops_stddev", lat_stat_stddev(io));
	json_uint(w, "iops_samples", io->n);
	json_end(w);
}

/*
 * Entries with a value, as the user wrote them (fio prints "bs" : "4k", and
 * leaves out bare flags); a key given twice keeps its first place and its
 * last value.
 */
static void entries_object(struct json_writer *w, const char *key,
			   const struct jf_entry *const *ents, size_t n)
{
	bool open = false;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct jf_entry *en = ents[i], *last = en;

		if (!en->value || !en->value[0])
			continue;
		for (j = 0; j < i; j++)
			if (!strcmp(ents[j]->key, en->key))
				break;
		if (j < i)
			continue;	/* printed at its first place */
		for (j = i + 1; j < n; j++)
			if (!strcmp(ents[j]->key, en->key) && ents[j]->value &&
			    ents[j]->value[0])
				last = ents[j];
		if (!open) {
			json_begin_object(w, key);
			open = true;
		}
		json_str(w, en->key, last->value);
	}
	if (open)
		json_end(w);
}

/* "job options": the entries of the job's own section. */
static void job_options(struct json_writer *w, const struct job_spec *js)
{
	const struct jf_entry **ents;
	size_t i;

	if (!js->section || !js->section->n_entries)
		return;
	ents = malloc(js->section->n_entries * sizeof(*ents));
	if (!ents)
		return;
	for (i = 0; i < js->section->n_entries; i++)
		ents[i] = &js->section->entries[i];
	entries_object(w, "job options", ents, js->section->n_entries);
	free(ents);
}

/* "global options": the entries of every global section, in order. */
static void global_options(struct json_writer *w, const struct jobfile *jf)
{
	const struct jf_entry **ents;
	size_t i, j, n = 0;

	if (!jf)
		return;
	for (i = 0; i < jf->n_sections; i++)
		if (jf->sections[i].global)
			n += jf->sections[i].n_entries;
	if (!n)
		return;
	ents = malloc(n * sizeof(*ents));
	if (!ents)
		return;
	n = 0;
	for (i = 0; i < jf->n_sections; i++)
		if (jf->sections[i].global)
			for (j = 0; j < jf->sections[i].n_entries; j++)
				ents[n++] = &jf->sections[i].entries[j];
	entries_object(w, "global options", ents, n);
	free(ents);
}

/* fio's I/O depth distributions: seven buckets each, in percent. */
static void depth_object(struct json_writer *w, const char *key, bool level,
			 const uint64_t *map, uint64_t total)
{
	static const char *const lv[] = { "1", "2", "4", "8", "16", "32", ">=64" };
	static const char *const sc[] = { "0", "4", "8", "16", "32", "64", ">=64" };
	double pct[STATS_DEPTH_NR];
	unsigned int i;

	report_depth_dist(map, total, pct);
	json_begin_object(w, key);
	for (i = 0; i < STATS_DEPTH_NR; i++)
		json_double(w, level ? lv[i] : sc[i], pct[i]);
	json_end(w);
}

static void dist_object(struct json_writer *w, const char *key, const double *pct,
			unsigned int nr)
{
	unsigned int i;

	json_begin_object(w, key);
	for (i = 0; i < nr; i++)
		json_double(w, report_lat_keys[i], pct[i]);
	json_end(w);
}

/* The engine's counters (ABI 1.1), summed over the entry's jobs, when the
 * engine keeps any: "engine_counters" : { "name" : N, ... } (plio's). */
static void engine_counters(struct json_writer *w, const struct report_entry *e)
{
	const struct loaded_engine *le = e->pj->engine;
	size_t i;

	if (!le || !le->n_counters)
		return;
	json_begin_object(w, "engine_counters");
	for (i = 0; i < le->n_counters; i++)
		json_uint(w, le->counters[i].name, e->st->engine_counters[i]);
	json_end(w);
}

static void job_object(struct json_writer *w, const struct report_data *d,
		       const struct report_entry *e, uint64_t elapsed, bool plus)
{
	const struct job_stats *st = e->st;
	const struct job_spec *js = e->pj->spec;
	const struct report_fmt *f = &e->fmt;
	struct report_lat_dist ld;
	uint64_t ios = 0;
	double usr, sys;
	int dir;

	json_begin_object(w, NULL);
	json_str(w, "jobname", js->name);
	json_uint(w, "groupid", e->pj->group);
	/* a job that went on past errors reports the first of them */
	json_int(w, "error", st->error ? st->error : st->first_error);
	json_uint(w, "eta", 0);
	json_uint(w, "elapsed", elapsed);
	job_options(w, js);
	/* "mixed" alone replaces the directions and sync, as in fio */
	if (f->unified != REPORT_UNIFIED_MIXED) {
		for (dir = 0; dir < DIR_NR; dir++)
			dir_object(w, d, e, dir, plus);
		json_begin_object(w, "sync");
		json_uint(w, "total_ios", st->fsyncs);
		lat_object(w, "lat_ns", &st->sync_lat, &st->sync_hist, f,
			   f->clat_pct || f->lat_pct, plus);
		json_end(w);
	}
	if (f->unified != REPORT_UNIFIED_NONE)
		dir_object(w, d, e, REPORT_MIXED, plus);

	report_cpu(e, &usr, &sys);
	json_uint(w, "job_runtime", e->job_run_ms);
	json_double(w, "usr_cpu", usr);
	json_double(w, "sys_cpu", sys);
	json_uint(w, "ctx", st->ctx_switches);
	json_uint(w, "majf", st->majflt);
	json_uint(w, "minf", st->minflt);
	for (dir = 0; dir < DIR_NR; dir++)
		ios += st->dir[dir].ios;
	depth_object(w, "iodepth_level", true, st->depth_level, ios);
	depth_object(w, "iodepth_submit", false, st->depth_submit, st->total_submit);
	depth_object(w, "iodepth_complete", false, st->depth_complete,
		     st->total_complete);

	report_lat_dist(e, &ld);
	dist_object(w, "latency_ns", ld.n, REPORT_LAT_N_NR);
	dist_object(w, "latency_us", ld.u, REPORT_LAT_U_NR);
	dist_object(w, "latency_ms", ld.m, REPORT_LAT_M_NR);
	if (js->coe_mask) {
		/* continue_on_error / ignore_error: the errors let pass */
		json_uint(w, "total_err", st->total_err);
		json_int(w, "first_error", st->first_error);
	}
	/* fio fills these in when the job starts: a job that never did
	 * has none */
	if (!st->unstarted) {
		json_int(w, "latency_depth", st->latency_depth ? (int64_t)st->latency_depth : js->iodepth);
		/* fio keeps the target in nanoseconds (the option is in us) */
		json_uint(w, "latency_target", js->latency_target * 1000);
		json_double(w, "latency_percentile", js->latency_pct);
		json_uint(w, "latency_window", js->latency_window);
	}
	if (js->description && *js->description)
		json_str(w, "desc", js->description);
	engine_counters(w, e);
	steadystate_report_json(w, e->pj);
	json_end(w);
}

/* Seconds from plio's start to this report, rounded up as fio rounds
 * its elapsed time (a 1 s run after 20 ms of setup: 2), the same for
 * every job; at least 1. */
static uint64_t elapsed_sec(const struct report_data *d)
{
	uint64_t start = 0, end = 0, s;
	size_t i;

	if (d->rc->genesis_ns && d->rc->report_ns > d->rc->genesis_ns) {
		start = d->rc->genesis_ns;
		end = d->rc->report_ns;
	}
	for (i = 0; !end && i < d->rc->plan->n_jobs; i++) {
		const struct job_stats *st = &d->rc->stats[i];

		if (st->start_ns && (!start || st->start_ns < start))
			start = st->start_ns;
		if (st->end_ns > end)
			end = st->end_ns;
	}
	s = end > start ? (end - start + 999999999) / 1000000000 : 0;
	return s ? s : 1;
}

/*
 * plio-mpi: "ranks", one object per rank with the job objects "jobs"
 * would hold were that rank's statistics the run's: its entries are
 * collected from them alone, one rank at a time, and printed by the same
 * job_object.  A rank whose entries cannot be built (no memory) gets an
 * empty "jobs", so the document stays whole; the error is returned.
 */
static int ranks_array(struct json_writer *w, const struct report_data *d, bool plus)
{
	const struct report_ctx *rc = d->rc;
	unsigned int r;
	size_t i;
	int ret = 0;

	json_begin_array(w, "ranks");
	for (r = 0; r < rc->n_ranks; r++) {
		const struct report_rank *rk = &rc->ranks[r];
		struct report_ctx one = *rc;
		struct report_data rd;

		one.stats = rk->stats;
		one.ranks = NULL;
		one.n_ranks = 0;
		json_begin_object(w, NULL);
		json_uint(w, "rank", rk->rank);
		json_str(w, "hostname", rk->host ? rk->host : "");
		json_begin_array(w, "jobs");
		if (!report_collect(&one, &rd)) {
			uint64_t elapsed = elapsed_sec(&rd);

			for (i = 0; i < rd.n; i++)
				job_object(w, &rd, &rd.e[i], elapsed, plus);
			report_release(&rd);
		} else if (!ret) {
			ret = -ENOMEM;
		}
		json_end(w);
		json_end(w);
	}
	json_end(w);
	return ret;
}

int report_json(FILE *out, const struct report_data *d, int plus)
{
	const struct report_ctx *rc = d->rc;
	struct json_writer w;
	time_t t = rc->start_time;
	uint64_t elapsed = elapsed_sec(d);
	char tbuf[64] = "";
	size_t i, len;
	int ret = 0;

	if (ctime_r(&t, tbuf)) {
		len = strlen(tbuf);
		if (len && tbuf[len - 1] == '\n')
			tbuf[len - 1] = '\0';
	}
	json_init(&w, out);
	json_begin_object(&w, NULL);
	json_str(&w, "fio version", rc->version);
	json_int(&w, "timestamp", (int64_t)rc->start_time);
	json_uint(&w, "timestamp_ms", rc->start_ms);
	json_str(&w, "time", tbuf);
	global_options(&w, rc->jobfile);
	json_begin_array(&w, "jobs");
	for (i = 0; i < d->n; i++)
		job_object(&w, d, &d->e[i], elapsed, plus);
	json_end(&w);
	if (rc->n_ranks)
		ret = ranks_array(&w, d, plus);
	if (rc->disks && rc->disks->n)
		diskutil_json(&w, rc->disks);
	json_end(&w);
	return json_error(&w) ? json_error(&w) : ret;
}
