/*
 * stats.c - what workers measure, and finishing and merging it (see stats.h).
 *
 * The second half is a running worker's side (stats_run_*): per completion
 * it adds latencies to the shared job_stats, takes the timed bandwidth and
 * IOPS samples once a period has passed, and stores log entries through
 * statlog.c; at the end it writes the logs.  The first half serves the
 * report: standard deviations, and folding several jobs into one for
 * group reporting.  Latency merges are exact: merging the statistics of
 * two sample sets gives what one worker would have measured had it seen
 * both (up to floating-point rounding); bandwidth and IOPS samples of
 * jobs that ran side by side are summed, as fio does.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "plan/plan.h"
#include "plugin/loader.h"
#include "measure/stats.h"

/* Sample standard deviation (n - 1 in the denominator, as fio); 0 below
 * two samples. */
double lat_stat_stddev(const struct lat_stat *s)
{
	double var;

	if (s->n < 2)
		return 0.0;
	var = s->m2 / (double)(s->n - 1);
	return var > 0.0 ? sqrt(var) : 0.0;
}

/*
 * Chan et al.'s parallel combination of two Welford accumulators: the
 * mean moves toward src by its share of the samples, and m2 gains both
 * parts plus the spread between the two means.
 */
void lat_stat_merge(struct lat_stat *dst, const struct lat_stat *src)
{
	double na, nb, n, delta;

	if (!src->n)
		return;
	if (!dst->n) {
		*dst = *src;
		return;
	}
	na = (double)dst->n;
	nb = (double)src->n;
	n = na + nb;
	delta = src->mean - dst->mean;
	dst->mean += delta * nb / n;
	dst->m2 += src->m2 + delta * delta * na * nb / n;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	dst->n += src->n;
}

/*
 * Jobs of a group ran side by side, so their bandwidth samples taken in
 * the same period add up: fio sums every moment rather than pooling the
 * samples (its bw_mean for a group is the group's mean bandwidth).
 */
void lat_stat_sum(struct lat_stat *dst, const struct lat_stat *src)
{
	if (!src->n)
		return;
	if (!dst->n) {
		*dst = *src;
		return;
	}
	dst->min += src->min;
	dst->max += src->max;
	dst->n += src->n;
	dst->mean += src->mean;
	dst->m2 += src->m2;
}

static void dir_merge(struct dir_stats *dst, const struct dir_stats *src)
{
	dst->bytes += src->bytes;
	dst->ios += src->ios;
	dst->short_ios += src->short_ios;
	dst->drop_ios += src->drop_ios;
	lat_stat_sum(&dst->bw_samples, &src->bw_samples);
	lat_stat_sum(&dst->iops_samples, &src->iops_samples);
	lat_stat_merge(&dst->slat, &src->slat);
	lat_stat_merge(&dst->clat, &src->clat);
	lat_stat_merge(&dst->lat, &src->lat);
}

void stats_hists_merge(struct dir_hists *dst, const struct dir_hists *src,
		       const struct dir_stats *src_ds)
{
	hist_merge_span(&dst->clat, &src->clat, lat_stat_span(&src_ds->clat));
	hist_merge_span(&dst->lat, &src->lat, lat_stat_span(&src_ds->lat));
	hist_merge_span(&dst->slat, &src->slat, lat_stat_span(&src_ds->slat));
}

/*
 * Fold src into dst, as fio's group reporting does: counters, CPU time
 * and latency samples add up (bandwidth and IOPS samples are summed as
 * fio does, see lat_stat_sum); the runtime is the longest member's (the group ran
 * as long as its slowest job); start is the earliest, end the latest; the
 * error is the first one seen.  To merge a set, start from a copy of its
 * first member: `done` ends true only if every member was done,
 * `unstarted` only if no member started.
 */
/* Each priority of src into dst's slot of the same priority (a new one
 * while there is room: jobs of a group may differ). */
static void prio_merge(struct job_stats *dst, const struct job_stats *src)
{
	unsigned int d, k, j;

	for (d = 0; d < 2; d++)
		for (k = 0; k < src->nprio[d]; k++) {
			const struct prio_stat *p = &src->prio[d][k];

			for (j = 0; j < dst->nprio[d] && dst->prio[d][j].ioprio != p->ioprio; j++)
				;
			if (j == dst->nprio[d]) {
				if (j == STATS_PRIO_MAX)
					continue;
				dst->nprio[d]++;
				dst->prio[d][j].ioprio = p->ioprio;
			}
			lat_stat_merge(&dst->prio[d][j].lat, &p->lat);
			hist_merge_span(&dst->prio_hist[d][j], &src->prio_hist[d][k],
					lat_stat_span(&p->lat));
		}
}

void stats_merge(struct job_stats *dst, const struct job_stats *src)
{
	int d;

	for (d = 0; d < DIR_NR; d++) {
		dir_merge(&dst->dir[d], &src->dir[d]);
		stats_hists_merge(&dst->hist[d], &src->hist[d], &src->dir[d]);
		dst->issued[d] += src->issued[d];
	}
	if (src->runtime_ns > dst->runtime_ns)
		dst->runtime_ns = src->runtime_ns;
	if (src->start_ns && (!dst->start_ns || src->start_ns < dst->start_ns))
		dst->start_ns = src->start_ns;
	if (src->end_ns > dst->end_ns)
		dst->end_ns = src->end_ns;
	dst->unstarted = dst->unstarted && src->unstarted;
	dst->fsyncs += src->fsyncs;
	for (d = 0; d < PLIO_COUNTERS_MAX; d++)
		dst->engine_counters[d] += src->engine_counters[d];
	lat_stat_merge(&dst->sync_lat, &src->sync_lat);
	hist_merge_span(&dst->sync_hist, &src->sync_hist, lat_stat_span(&src->sync_lat));
	for (d = 0; d < STATS_DEPTH_NR; d++) {
		dst->depth_level[d] += src->depth_level[d];
		dst->depth_submit[d] += src->depth_submit[d];
		dst->depth_complete[d] += src->depth_complete[d];
	}
	dst->total_submit += src->total_submit;
	dst->total_complete += src->total_complete;
	dst->usr_us += src->usr_us;
	dst->sys_us += src->sys_us;
	dst->ctx_switches += src->ctx_switches;
	dst->majflt += src->majflt;
	dst->minflt += src->minflt;
	dst->total_err += src->total_err;
	if (!dst->first_error)
		dst->first_error = src->first_error;
	if (!dst->error && src->error) {
		dst->error = src->error;
		memcpy(dst->errmsg, src->errmsg, sizeof(dst->errmsg));
		dst->errmsg[sizeof(dst->errmsg) - 1] = '\0';
	}
	if (!dst->pid)
		dst->pid = src->pid;
	prio_merge(dst, src);
	dst->measured |= src->measured;
	dst->done = dst->done && src->done;
}

/* What stats_copy copies before the histograms: the counters, errmsg
 * last; then come the histograms. */
_Static_assert(offsetof(struct job_stats, dir) ==
	       offsetof(struct job_stats, errmsg) + sizeof(((struct job_stats *)0)->errmsg) &&
	       offsetof(struct job_stats, hist) ==
	       offsetof(struct job_stats, dir) + DIR_NR * sizeof(struct dir_stats),
	       "job_stats: the counters, errmsg, dir[], then the histograms");

void stats_copy(struct job_stats *dst, const struct job_stats *src)
{
	int d;

	memcpy(dst, src, offsetof(struct job_stats, errmsg));
	/* the message says something only with an error (and is left
	 * unwritten, maybe on a page of its own, without one) */
	if (src->error)
		memcpy(dst->errmsg, src->errmsg, sizeof(dst->errmsg));
	memcpy(dst->dir, src->dir, sizeof(dst->dir));
	for (d = 0; d < DIR_NR; d++) {
		const struct dir_stats *ds = &src->dir[d];

		hist_copy_span(&dst->hist[d].clat, &src->hist[d].clat, lat_stat_span(&ds->clat));
		hist_copy_span(&dst->hist[d].lat, &src->hist[d].lat, lat_stat_span(&ds->lat));
		hist_copy_span(&dst->hist[d].slat, &src->hist[d].slat, lat_stat_span(&ds->slat));
	}
	hist_copy_span(&dst->sync_hist, &src->sync_hist, lat_stat_span(&src->sync_lat));
	/* nprio came with the counters; the rest only as far as it says
	 * (a job without cmdprio leaves those pages untouched) */
	for (d = 0; d < 2; d++) {
		unsigned int k;

		for (k = 0; k < src->nprio[d]; k++) {
			dst->prio[d][k] = src->prio[d][k];
			hist_copy_span(&dst->prio_hist[d][k], &src->prio_hist[d][k],
				       lat_stat_span(&src->prio[d][k].lat));
		}
	}
}

void *stats_zalloc(size_t len)
{
	void *p = mmap(NULL, len ? len : 1, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void stats_zfree(void *p, size_t len)
{
	if (p)
		munmap(p, len ? len : 1);
}

/* ------------------------------------------------- a running worker's side */

#define NS_PER_MS 1000000ull

static const char *const log_suffix[STATLOG_NR] = {
	[STATLOG_LAT] = "lat", [STATLOG_CLAT] = "clat", [STATLOG_SLAT] = "slat",
	[STATLOG_BW] = "bw", [STATLOG_IOPS] = "iops", [STATLOG_HIST] = "clat_hist",
};

/*
 * fio's gen_log_name: PREFIX_TYPE.N.log, N the job's number counted over
 * every job from 1; PREFIX_TYPE.log without per_job_logs (the jobs then
 * share, and append to, one file).  A bare write_*_log takes the job name.
 */
static int open_log(struct stats_run *sr, enum statlog_kind kind, const char *opt,
		    uint64_t avg_ms, char *errbuf, size_t errlen)
{
	const struct plan_measure *m = &sr->pj->shape->measure;
	const char *prefix = opt && *opt ? opt : sr->pj->shape->name;
	struct statlog *l;
	char path[4096], suffix[64];
	int rc;

	/* PREFIX_bw.N.log as fio's; plan_out_name puts a plio-mpi rank's
	 * tag after PREFIX */
	if (m->per_job_logs)
		snprintf(suffix, sizeof(suffix), "_%s.%u.log", log_suffix[kind],
			 sr->pj->index + 1);
	else
		snprintf(suffix, sizeof(suffix), "_%s.log", log_suffix[kind]);
	if (plan_out_name(sr->pj->shape, path, sizeof(path), prefix, suffix) < 0) {
		snprintf(errbuf, errlen, "log file name '%s_%s...' is too long", prefix,
			 log_suffix[kind]);
		return -ENAMETOOLONG;
	}
	l = malloc(sizeof(*l));
	if (!l) {
		snprintf(errbuf, errlen, "%s: out of memory for the log", path);
		return -ENOMEM;
	}
	rc = statlog_init(l, kind, path, avg_ms, m->log_window, m->log_offset,
			  m->log_prio, m->log_issue_time, !m->per_job_logs);
	if (rc) {
		free(l);
		snprintf(errbuf, errlen, "%s: out of memory for the log", path);
		return rc;
	}
	if (kind == STATLOG_HIST)
		l->hist_coarse = m->hist_coarseness;
	sr->log[kind] = l;
	sr->any_log = true;
	return 0;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/*
 * Zero the directions' statistics and the sync latencies: the counters,
 * and of each histogram only the buckets its samples can be in (the rest
 * is zero already, and stays untouched: see lat_stat_span).
 */
static void clear_measured(struct job_stats *st)
{
	int d;

	for (d = 0; d < DIR_NR; d++) {
		struct dir_stats *ds = &st->dir[d];

		hist_clear_span(&st->hist[d].clat, lat_stat_span(&ds->clat));
		hist_clear_span(&st->hist[d].lat, lat_stat_span(&ds->lat));
		hist_clear_span(&st->hist[d].slat, lat_stat_span(&ds->slat));
		memset(ds, 0, sizeof(*ds));
	}
	hist_clear_span(&st->sync_hist, lat_stat_span(&st->sync_lat));
	memset(&st->sync_lat, 0, sizeof(st->sync_lat));
	for (d = 0; d < 2; d++) {
		unsigned int k;

		for (k = 0; k < st->nprio[d]; k++) {
			hist_clear_span(&st->prio_hist[d][k], lat_stat_span(&st->prio[d][k].lat));
			memset(&st->prio[d][k].lat, 0, sizeof(st->prio[d][k].lat));
		}
	}
}

/* cmdprio: the slots of the plan's priorities, and whether they are kept
 * (the latency they keep must be measured). */
static void prio_init(struct stats_run *sr, const struct plan_cmdprio *c)
{
	struct job_stats *st = sr->st;
	unsigned int d, k;

	_Static_assert(PLAN_PRIO_MAX == STATS_PRIO_MAX, "a slot per priority");
	sr->prio_lat = c->lat;
	sr->prio_on = c->on && (c->lat ? sr->lat_on : sr->clat_on);
	for (d = 0; sr->prio_on && d < 2; d++) {
		st->nprio[d] = c->nslots[d];
		for (k = 0; k < st->nprio[d]; k++)
			st->prio[d][k].ioprio = c->value[d][k];
	}
}

/*
 * What fio measures, as the plan decided it (plan/shape.c), and the rest
 * of its rules here:
 * - disable_bw_measurement only stops per-I/O bandwidth samples: the timed
 *   bandwidth and IOPS samples go on (fio 3.33 still reports them);
 * - with write_bw_log, the log's window is log_avg_msec, or the smaller of
 *   it and bwavgtime when bwavgtime was given; when bwavgtime was not
 *   given, bwavgtime becomes log_avg_msec, so a log without averaging
 *   (log_avg_msec=0) turns the samples into one per I/O.  Same for IOPS.
 */
int stats_run_init(struct stats_run *sr, const struct plan_job *pj,
		   struct job_stats *st, char *errbuf, size_t errlen)
{
	const struct plan_measure *m = &pj->shape->measure;
	bool reduce = m->gtod_reduce || (!m->clat && !m->slat && m->bw_off);
	uint64_t avg = m->log_avg_ms, bw_ms = m->bw_avg_ms, iops_ms = m->iops_avg_ms;
	int rc = 0;

	memset(sr, 0, sizeof(*sr));
	sr->st = st;
	sr->pj = pj;
	sr->stats_on = m->stats;
	/*
	 * Write the counters (zeros, as they are) before the run, so that
	 * the job's minf, counted from its start as fio counts it, does not
	 * include faulting in their pages.  Not the histograms (95 pages,
	 * 380 KiB): only the pages their samples reach are ever touched, as
	 * the run adds them (a null job: a few), and those faults the run
	 * counts, as fio's do.
	 */
	clear_measured(st);
	sr->lat_on = m->lat;
	sr->clat_on = m->clat;
	sr->slat_on = m->slat;
	if (pj->engine && (pj->engine->e.caps & PLIO_CAP_FILEOP)) {
		/* the opens are timed (stats_op_done), not the units: only
		 * completion latencies, as fio's file engines keep */
		sr->lat_on = sr->slat_on = false;
		sr->op_lat = true;
	}
	sr->io_clat_on = sr->clat_on && !sr->op_lat;
	st->measured = (sr->slat_on ? STATS_M_SLAT : 0) | (sr->clat_on ? STATS_M_CLAT : 0) |
		       (sr->lat_on ? STATS_M_LAT : 0) | (m->gtod_reduce ? 0 : STATS_M_PCT);
	if (!m->stats)		/* stats=0: nothing, no percentile slots either */
		st->measured = 0;
	sr->prio = m->ioprio;
	prio_init(sr, &pj->shape->cmdprio);

	if (m->lat_log) {
		if (sr->lat_on)
			rc = open_log(sr, STATLOG_LAT, m->lat_log, avg, errbuf, errlen);
		if (!rc && sr->slat_on)
			rc = open_log(sr, STATLOG_SLAT, m->lat_log, avg, errbuf, errlen);
		if (!rc && sr->clat_on)
			rc = open_log(sr, STATLOG_CLAT, m->lat_log, avg, errbuf, errlen);
	}
	if (!rc && m->hist_log) {
		rc = open_log(sr, STATLOG_HIST, m->hist_log, 0, errbuf, errlen);
		/* fio writes entries only every log_hist_msec, from clat */
		if (!rc && m->hist_ms && sr->clat_on) {
			sr->hist_ms = m->hist_ms;
			sr->hist_bins = calloc((size_t)DIR_NR * STATLOG_PLAT_NR,
					       sizeof(*sr->hist_bins));
			if (!sr->hist_bins) {
				snprintf(errbuf, errlen, "out of memory for the histogram log");
				rc = -ENOMEM;
			}
		}
	}
	if (!rc && m->bw_log) {
		uint64_t lavg = avg;

		if (m->bw_avg_given)
			lavg = min_u64(avg, bw_ms);
		else
			bw_ms = avg;
		rc = open_log(sr, STATLOG_BW, m->bw_log, lavg, errbuf, errlen);
		if (!lavg) {
			sr->bw_unit = !m->bw_off;
			bw_ms = 0;
		}
	}
	if (!rc && m->iops_log) {
		uint64_t lavg = avg;

		if (m->iops_avg_given)
			lavg = min_u64(avg, iops_ms);
		else
			iops_ms = avg;
		rc = open_log(sr, STATLOG_IOPS, m->iops_log, lavg, errbuf, errlen);
		if (!lavg) {
			sr->iops_unit = !reduce;
			iops_ms = 0;
		}
	}
	if (rc) {
		stats_run_free(sr);
		return rc;
	}
	sr->bw_period_ns = bw_ms * NS_PER_MS;
	sr->iops_period_ns = iops_ms * NS_PER_MS;
	sr->next_sample_ns = UINT64_MAX;
	sr->stop_ns = UINT64_MAX;
	sr->io_times = !reduce || sr->lat_on || sr->bw_unit || sr->iops_unit;
	return 0;
}

static void next_sample(struct stats_run *sr)
{
	uint64_t next = UINT64_MAX;

	if (sr->bw_period_ns)
		next = sr->bw_last_ns + sr->bw_period_ns;
	if (sr->iops_period_ns)
		next = min_u64(next, sr->iops_last_ns + sr->iops_period_ns);
	/* fio samples on a timer while the job runs: a period that closes
	 * when the runtime is up (a time_based runtime=1 with the default
	 * 500 ms: the one ending at 1000 ms) finds the job gone and is never
	 * sampled, so N seconds give 2N-1 samples, not 2N.  (fio's timer
	 * races the job's end there and wins now and then; losing is what
	 * it does nearly always.) */
	if (next >= sr->stop_ns)
		next = UINT64_MAX;
	sr->next_sample_ns = next;
}

void stats_run_deadline(struct stats_run *sr, uint64_t deadline)
{
	sr->stop_ns = deadline;
	next_sample(sr);
}

void stats_run_begin(struct stats_run *sr, uint64_t now)
{
	struct job_stats *st = sr->st;

	/* forget what ramp_time did: fio zeroes its statistics at ramp end
	 * and its logs and sampling periods start there */
	clear_measured(st);
	st->fsyncs = 0;
	memset(st->depth_level, 0, sizeof(st->depth_level));
	memset(st->depth_submit, 0, sizeof(st->depth_submit));
	memset(st->depth_complete, 0, sizeof(st->depth_complete));
	st->total_submit = st->total_complete = 0;
	st->start_ns = now;
	sr->begin_ns = now;
	sr->bw_last_ns = sr->iops_last_ns = now;
	memset(sr->bw_bytes_at, 0, sizeof(sr->bw_bytes_at));
	memset(sr->iops_ios_at, 0, sizeof(sr->iops_ios_at));
	next_sample(sr);
	/* stats=0: the job runs, nothing of it is measured (fio reports
	 * it with zeros) */
	sr->measuring = sr->stats_on;
}

/* count * 10^9 / ns, in 128 bits: bytes of a long period times 10^9
 * overflow 64. */
static uint64_t per_second(uint64_t count, uint64_t ns)
{
	return ns ? (uint64_t)((unsigned __int128)count * 1000000000u / ns) : 0;
}

/*
 * fio's __add_samples, driven by completions instead of a timer thread:
 * once a period has passed, each direction
 * that moved data in it gets one sample of its rate over the time since
 * the period began (KiB/s for bandwidth, I/O per second for IOPS), logged
 * through the log's window.  As in fio, periods stay on a grid from the
 * start: the next begins a whole period after this one began, not at
 * this completion, so late completions do not make them drift (and fewer
 * samples be taken).  fio's timer may sample up to 1 ms early; a
 * completion, never early, needs no such slack.  After a stall of
 * several periods (fio's timer would catch up one period per wakeup,
 * sampling only directions that moved data), the grid skips to the
 * period holding `now`.
 */
static uint64_t next_period(uint64_t last, uint64_t period, uint64_t now)
{
	return last + (now - last) / period * period;
}

static void take_samples(struct stats_run *sr, uint64_t now)
{
	struct job_stats *st = sr->st;
	uint64_t t_ms = (now - sr->begin_ns) / NS_PER_MS;
	unsigned int d;

	/* a report taken while the job runs reads its CPU use as of now */
	stats_cpu_update(sr, now);

	if (sr->bw_period_ns && now - sr->bw_last_ns >= sr->bw_period_ns) {
		uint64_t spent = now - sr->bw_last_ns;

		for (d = 0; d < DIR_NR; d++) {
			uint64_t delta = st->dir[d].bytes - sr->bw_bytes_at[d];
			uint64_t kib = per_second(delta, spent) / 1024;

			if (!delta)
				continue;
			lat_stat_add(&st->dir[d].bw_samples, kib);
			if (sr->log[STATLOG_BW])
				statlog_window_add(sr->log[STATLOG_BW], t_ms, kib, d);
			sr->bw_bytes_at[d] = st->dir[d].bytes;
		}
		sr->bw_last_ns = next_period(sr->bw_last_ns, sr->bw_period_ns, now);
	}
	if (sr->iops_period_ns &&
	    now - sr->iops_last_ns >= sr->iops_period_ns) {
		uint64_t spent = now - sr->iops_last_ns;

		for (d = 0; d < DIR_NR; d++) {
			uint64_t delta = st->dir[d].ios - sr->iops_ios_at[d];
			uint64_t iops = per_second(delta, spent);

			if (!delta)
				continue;
			lat_stat_add(&st->dir[d].iops_samples, iops);
			if (sr->log[STATLOG_IOPS])
				statlog_window_add(sr->log[STATLOG_IOPS], t_ms, iops, d);
			sr->iops_ios_at[d] = st->dir[d].ios;
		}
		sr->iops_last_ns = next_period(sr->iops_last_ns, sr->iops_period_ns,
						       now);
	}
	next_sample(sr);
}

/*
 * fio's clat histogram log (add_clat_sample): the interval of a direction
 * starts at its first completion and closes at the first completion
 * log_hist_msec later, which writes the bins counted since the last entry
 * and clears them; the next interval keeps the overshoot.
 */
static void hist_log_add(struct stats_run *sr, unsigned int dir, uint64_t clat,
			 uint64_t bs, uint64_t t_ms)
{
	uint64_t *bins = sr->hist_bins + (size_t)dir * STATLOG_PLAT_NR;
	uint64_t *last = &sr->hist_last_ms[dir], win;

	bins[statlog_plat_index(clat)]++;
	if (!*last)
		*last = t_ms;
	win = t_ms - *last;
	if (win < sr->hist_ms)
		return;
	statlog_hist_put(sr->log[STATLOG_HIST], t_ms, dir, bs, bins);
	memset(bins, 0, STATLOG_PLAT_NR * sizeof(*bins));
	*last = t_ms - (win - sr->hist_ms);
}

void stats_io_done(struct stats_run *sr, unsigned int dir, uint64_t bytes,
		   uint64_t length, uint64_t offset, uint64_t slat, uint64_t clat,
		   uint64_t lat, uint64_t now, unsigned int pslot, unsigned int ioprio)
{
	struct dir_stats *ds = &sr->st->dir[dir];
	struct dir_hists *dh = &sr->st->hist[dir];
	uint64_t t_ms = 0, issued = 0;
	unsigned int prio = 0;

	if (!sr->measuring)
		return;
	if (__builtin_expect(sr->prio_on, 0) && dir < 2) {
		uint64_t v = sr->prio_lat ? lat : clat;

		lat_stat_add(&sr->st->prio[dir][pslot].lat, v);
		hist_add(&sr->st->prio_hist[dir][pslot], v);
	}
	ds->bytes += bytes;
	ds->ios++;
	if (bytes < length)
		ds->short_ios++;
	if (sr->any_log) {
		/* the logs' priority column: the I/O's own, else the job's */
		prio = ioprio ? ioprio : sr->prio;
		t_ms = (now - sr->begin_ns) / NS_PER_MS;
		/* issued clat before now: ns since the start (an I/O of the
		 * ramp that completes after it counts from 0) */
		if (now - clat > sr->begin_ns)
			issued = now - clat - sr->begin_ns;
	}
	if (sr->slat_on && slat != UINT64_MAX) {
		lat_stat_add(&ds->slat, slat);
		hist_add(&dh->slat, slat);
		/* fio logs slat when the I/O is issued */
		if (sr->log[STATLOG_SLAT])
			statlog_add(sr->log[STATLOG_SLAT], issued / NS_PER_MS, slat, dir,
				    length, offset, prio, 0);
	}
	if (sr->lat_on) {
		lat_stat_add(&ds->lat, lat);
		hist_add(&dh->lat, lat);
		if (sr->log[STATLOG_LAT])
			statlog_add(sr->log[STATLOG_LAT], t_ms, lat, dir, bytes, offset,
				    prio, issued);
	}
	if (sr->io_clat_on) {
		lat_stat_add(&ds->clat, clat);
		hist_add(&dh->clat, clat);
		if (sr->log[STATLOG_CLAT])
			statlog_add(sr->log[STATLOG_CLAT], t_ms, clat, dir, bytes, offset,
				    prio, issued);
		if (sr->hist_bins)
			hist_log_add(sr, dir, clat, bytes, t_ms);
	}
	if (sr->bw_unit) {
		/* fio's add_bw_sample: bytes per clat, scaled as it does */
		uint64_t rate = clat ? bytes * 1000000u / clat : 0;

		lat_stat_add(&ds->bw_samples, rate);
		statlog_add(sr->log[STATLOG_BW], t_ms, rate, dir, bytes, offset, prio, 0);
	}
	if (sr->iops_unit) {
		lat_stat_add(&ds->iops_samples, 1);
		statlog_add(sr->log[STATLOG_IOPS], t_ms, 1, dir, bytes, offset, prio, 0);
	}
	if (now >= sr->next_sample_ns)
		take_samples(sr, now);
}

void stats_op_done(struct stats_run *sr, unsigned int dir, uint64_t lat, uint64_t now)
{
	struct dir_stats *ds = &sr->st->dir[dir];
	uint64_t t_ms;

	if (!sr->measuring || !sr->clat_on)
		return;
	lat_stat_add(&ds->clat, lat);
	hist_add(&sr->st->hist[dir].clat, lat);
	t_ms = (now - sr->begin_ns) / NS_PER_MS;
	if (sr->log[STATLOG_CLAT])
		statlog_add(sr->log[STATLOG_CLAT], t_ms, lat, dir, 0, 0, sr->prio,
			    now - lat > sr->begin_ns ? now - lat - sr->begin_ns : 0);
	if (sr->hist_bins)
		hist_log_add(sr, dir, lat, 0, t_ms);
}

void stats_sync_done(struct stats_run *sr, uint64_t lat, bool counted, uint64_t now)
{
	if (!sr->measuring)
		return;
	if (counted)
		sr->st->fsyncs++;
	/* fio keeps sync latencies with the completion latencies */
	if (sr->clat_on) {
		lat_stat_add(&sr->st->sync_lat, lat);
		hist_add(&sr->st->sync_hist, lat);
	}
	if (now >= sr->next_sample_ns)
		take_samples(sr, now);
}

void stats_run_end(struct stats_run *sr, uint64_t now, const uint64_t *dropped)
{
	struct job_stats *st = sr->st;
	uint64_t t_ms = sr->measuring ? (now - sr->begin_ns) / NS_PER_MS : 0;
	char why[sizeof(st->errmsg)];
	int d, rc;

	if (dropped)
		for (d = 0; d < DIR_NR; d++)
			st->dir[d].drop_ios += dropped[d];
	if (!sr->measuring) {
		/* ended within ramp_time: the depth counters, which count
		 * from the start, are forgotten as the rest was */
		memset(st->depth_level, 0, sizeof(st->depth_level));
		memset(st->depth_submit, 0, sizeof(st->depth_submit));
		memset(st->depth_complete, 0, sizeof(st->depth_complete));
		st->total_submit = st->total_complete = 0;
	}
	for (d = 0; d < STATLOG_NR; d++) {
		if (!sr->log[d])
			continue;
		statlog_finish(sr->log[d], t_ms);
		rc = statlog_write(sr->log[d], why, sizeof(why));
		if (rc && !st->error) {
			st->error = -rc;
			memcpy(st->errmsg, why, sizeof(why));
		}
	}
}

/* This thread's CPU figures: user and system time by getrusage (us),
 * its precise CPU time (us), context switches and faults. */
struct cpu_now {
	uint64_t usr, sys, all, ctx, majf, minf;
};

static bool cpu_read(struct cpu_now *c)
{
	struct rusage ru;
	struct timespec ts;

	if (getrusage(RUSAGE_THREAD, &ru) || clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		return false;
	c->usr = (uint64_t)ru.ru_utime.tv_sec * 1000000 + (uint64_t)ru.ru_utime.tv_usec;
	c->sys = (uint64_t)ru.ru_stime.tv_sec * 1000000 + (uint64_t)ru.ru_stime.tv_usec;
	c->all = (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
	c->ctx = (uint64_t)(ru.ru_nvcsw + ru.ru_nivcsw);
	c->majf = (uint64_t)ru.ru_majflt;
	c->minf = (uint64_t)ru.ru_minflt;
	return true;
}

void stats_cpu_begin(struct stats_run *sr)
{
	struct job_stats *st = sr->st;
	struct cpu_now c;

	st->usr_us = st->sys_us = 0;
	st->ctx_switches = st->majflt = st->minflt = 0;
	sr->cpu_begun = cpu_read(&c);
	if (!sr->cpu_begun)
		return;
	sr->cpu0_usr = c.usr;
	sr->cpu0_sys = c.sys;
	sr->cpu0_all = c.all;
	sr->cpu0_ctx = c.ctx;
	sr->cpu0_majf = c.majf;
	sr->cpu0_minf = c.minf;
}

void stats_cpu_update(struct stats_run *sr, uint64_t now)
{
	struct job_stats *st = sr->st;
	uint64_t usr, sys, all;
	struct cpu_now c;

	if (!sr->cpu_begun || !cpu_read(&c))
		return;
	usr = c.usr - sr->cpu0_usr;
	sys = c.sys - sr->cpu0_sys;
	all = c.all - sr->cpu0_all;
	/*
	 * getrusage splits the thread's time into user and system by tick
	 * samples, so over a short run the two can add up to more than
	 * the run lasted (usr=146% of a 2 ms job).  Keep its split, scaled
	 * to the thread's precise CPU time, itself at most the measured
	 * time (it was read a little before the start).
	 */
	if (now > st->start_ns && all > (now - st->start_ns) / 1000)
		all = (now - st->start_ns) / 1000;
	if (usr + sys) {
		uint64_t u = (uint64_t)((unsigned __int128)all * usr / (usr + sys));

		usr = u;
		sys = all - u;
	}
	st->usr_us = usr;
	st->sys_us = sys;
	st->ctx_switches = c.ctx - sr->cpu0_ctx;
	st->majflt = c.majf - sr->cpu0_majf;
	st->minflt = c.minf - sr->cpu0_minf;
}

void stats_run_free(struct stats_run *sr)
{
	int k;

	for (k = 0; k < STATLOG_NR; k++) {
		if (sr->log[k]) {
			statlog_free(sr->log[k]);
			free(sr->log[k]);
			sr->log[k] = NULL;
		}
	}
	free(sr->hist_bins);
	sr->hist_bins = NULL;
}
