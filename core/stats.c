/*
 * stats.c - finishing and merging what workers measured (see stats.h).
 *
 * Workers only add samples (inline in stats.h and hist.h).  The report
 * uses this file to turn running sums into a standard deviation and to
 * fold several jobs into one for group reporting.  Every merge here is
 * exact: merging the statistics of two sample sets gives what one worker
 * would have measured had it seen both (up to floating-point rounding).
 */
#include <math.h>
#include <string.h>

#include "stats.h"

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

static void dir_merge(struct dir_stats *dst, const struct dir_stats *src)
{
	dst->bytes += src->bytes;
	dst->ios += src->ios;
	dst->short_ios += src->short_ios;
	dst->drop_ios += src->drop_ios;
	lat_stat_merge(&dst->bw_samples, &src->bw_samples);
	lat_stat_merge(&dst->iops_samples, &src->iops_samples);
	lat_stat_merge(&dst->slat, &src->slat);
	lat_stat_merge(&dst->clat, &src->clat);
	lat_stat_merge(&dst->lat, &src->lat);
	hist_merge(&dst->clat_hist, &src->clat_hist);
	hist_merge(&dst->lat_hist, &src->lat_hist);
	hist_merge(&dst->slat_hist, &src->slat_hist);
}

/*
 * Fold src into dst, as fio's group reporting does: counters, CPU time
 * and samples add up; the runtime is the longest member's (the group ran
 * as long as its slowest job); start is the earliest, end the latest; the
 * error is the first one seen.  To merge a set, start from a copy of its
 * first member: `done` ends true only if every member was done.
 */
void stats_merge(struct job_stats *dst, const struct job_stats *src)
{
	int d;

	for (d = 0; d < DIR_NR; d++) {
		dir_merge(&dst->dir[d], &src->dir[d]);
		dst->issued[d] += src->issued[d];
	}
	if (src->runtime_ns > dst->runtime_ns)
		dst->runtime_ns = src->runtime_ns;
	if (src->start_ns && (!dst->start_ns || src->start_ns < dst->start_ns))
		dst->start_ns = src->start_ns;
	if (src->end_ns > dst->end_ns)
		dst->end_ns = src->end_ns;
	dst->fsyncs += src->fsyncs;
	lat_stat_merge(&dst->sync_lat, &src->sync_lat);
	hist_merge(&dst->sync_hist, &src->sync_hist);
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
	if (!dst->error && src->error) {
		dst->error = src->error;
		memcpy(dst->errmsg, src->errmsg, sizeof(dst->errmsg));
		dst->errmsg[sizeof(dst->errmsg) - 1] = '\0';
	}
	if (!dst->pid)
		dst->pid = src->pid;
	dst->done = dst->done && src->done;
}

/* ------------------------------------------------- a running worker's side */

int stats_run_init(struct stats_run *sr, const struct plan_job *pj,
		   struct job_stats *st, char *errbuf, size_t errlen)
{
	(void)errbuf;
	(void)errlen;
	memset(sr, 0, sizeof(*sr));
	sr->st = st;
	sr->pj = pj;
	return 0;
}

void stats_run_begin(struct stats_run *sr, uint64_t now)
{
	struct job_stats *st = sr->st;
	int d;

	/* forget what ramp_time did: fio zeroes its statistics at ramp end */
	for (d = 0; d < DIR_NR; d++)
		memset(&st->dir[d], 0, sizeof(st->dir[d]));
	memset(&st->sync_lat, 0, sizeof(st->sync_lat));
	memset(&st->sync_hist, 0, sizeof(st->sync_hist));
	st->fsyncs = 0;
	memset(st->depth_level, 0, sizeof(st->depth_level));
	memset(st->depth_submit, 0, sizeof(st->depth_submit));
	memset(st->depth_complete, 0, sizeof(st->depth_complete));
	st->total_submit = st->total_complete = 0;
	st->start_ns = now;
	sr->begin_ns = now;
	sr->measuring = true;
}

void stats_io_done(struct stats_run *sr, unsigned int dir, uint64_t bytes,
		   uint64_t length, uint64_t offset, uint64_t slat, uint64_t clat,
		   uint64_t lat, uint64_t now)
{
	struct dir_stats *ds = &sr->st->dir[dir];

	(void)offset;
	(void)now;
	if (!sr->measuring)
		return;
	ds->bytes += bytes;
	ds->ios++;
	if (bytes < length)
		ds->short_ios++;
	if (slat != UINT64_MAX) {
		lat_stat_add(&ds->slat, slat);
		hist_add(&ds->slat_hist, slat);
	}
	lat_stat_add(&ds->clat, clat);
	hist_add(&ds->clat_hist, clat);
	lat_stat_add(&ds->lat, lat);
	hist_add(&ds->lat_hist, lat);
}

void stats_sync_done(struct stats_run *sr, uint64_t lat, bool counted, uint64_t now)
{
	(void)now;
	if (!sr->measuring)
		return;
	if (counted)
		sr->st->fsyncs++;
	lat_stat_add(&sr->st->sync_lat, lat);
	hist_add(&sr->st->sync_hist, lat);
}

void stats_run_end(struct stats_run *sr, uint64_t now, const uint64_t *dropped)
{
	int d;

	(void)now;
	if (dropped)
		for (d = 0; d < DIR_NR; d++)
			sr->st->dir[d].drop_ios += dropped[d];
}

void stats_run_free(struct stats_run *sr)
{
	(void)sr;
}
