/*
 * stats.h - what a worker measured.
 *
 * One struct job_stats per worker, in memory shared with the parent (workers
 * may be processes).  Only that worker writes it while it runs; the parent
 * reads it after the worker ended (the live status line, later, reads the
 * byte counters only).  Plain data, no pointers, so it can be merged for
 * group reporting and copied.
 */
#ifndef PLIO_STATS_H
#define PLIO_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hist.h"

#define DIR_READ 0
#define DIR_WRITE 1
#define DIR_TRIM 2
#define DIR_NR 3	/* data directions; syncs are counted apart */

/* fio's I/O depth buckets: iodepth_level 1,2,4,8,16,32,>=64; submit and
 * complete 0,4,8,16,32,64,>=64 (see stats_depth_bucket/stats_batch_bucket). */
#define STATS_DEPTH_NR 7

/* Running min/max/mean/variance (Welford), nanoseconds. */
struct lat_stat {
	uint64_t n;
	uint64_t min, max;
	double mean, m2;
};

static inline void lat_stat_add(struct lat_stat *s, uint64_t v)
{
	double d;

	if (v < s->min || !s->n)
		s->min = v;
	if (v > s->max)
		s->max = v;
	s->n++;
	d = (double)v - s->mean;
	s->mean += d / (double)s->n;
	s->m2 += d * ((double)v - s->mean);
}

double lat_stat_stddev(const struct lat_stat *s);
/* Exact merge of two running statistics (Chan et al.). */
void lat_stat_merge(struct lat_stat *dst, const struct lat_stat *src);

struct dir_stats {
	uint64_t bytes;		/* bytes completed, outside ramp time */
	uint64_t ios;		/* I/Os completed */
	uint64_t short_ios;	/* completed with fewer bytes than asked */
	uint64_t drop_ios;	/* issued but not completed (stopped early) */
	struct lat_stat slat, clat, lat;
	struct lat_stat bw_samples;	/* KiB/s per bwavgtime period */
	struct lat_stat iops_samples;	/* I/Os per second per iopsavgtime period */
	struct hist clat_hist;
	struct hist lat_hist;
	struct hist slat_hist;
};

struct job_stats {
	struct dir_stats dir[DIR_NR];
	uint64_t runtime_ns;	/* measured time, ramp excluded */
	uint64_t start_ns, end_ns;
	uint64_t issued[DIR_NR];	/* I/Os issued (incl. ramp) */
	uint64_t fsyncs;		/* fsync=N syncs: fio's sync total_ios */
	struct lat_stat sync_lat;	/* every fsync/fdatasync's latency */
	struct hist sync_hist;
	uint64_t depth_level[STATS_DEPTH_NR];	/* in flight when queued */
	uint64_t depth_submit[STATS_DEPTH_NR];	/* units per submission */
	uint64_t depth_complete[STATS_DEPTH_NR];/* units per reap */
	uint64_t total_submit, total_complete;	/* submissions, reaps */
	uint64_t usr_us, sys_us;	/* CPU time of this worker */
	uint64_t ctx_switches, majflt, minflt;
	int pid;		/* the worker's process (or thread) id, for the report */
	int error;		/* positive errno of the first failure, or 0 */
	int done;		/* set last, when the worker is finished */
	char errmsg[256];	/* "WHERE: WHAT" of that failure */
};

void stats_merge(struct job_stats *dst, const struct job_stats *src);

/* Bucket of an in-flight depth (1,2,4,8,16,32,>=64) and of a batch size
 * (0,1-4,5-8,9-16,17-32,33-64,>64), as fio's io_u_map and io_u_submit. */
static inline unsigned int stats_depth_bucket(unsigned int depth)
{
	if (depth >= 64)
		return 6;
	if (depth <= 1)
		return 0;
	return 32u - (unsigned int)__builtin_clz(depth) - 1u;
}

static inline unsigned int stats_batch_bucket(unsigned int n)
{
	if (!n)
		return 0;
	if (n > 64)
		return 6;
	return n <= 4 ? 1 : 32u - (unsigned int)__builtin_clz(n - 1) - 1u;
}

/*
 * The measuring side of one running worker (the worker owns one, beside
 * its shared job_stats): what the worker reports as it runs, and what
 * sampling and logging need between completions.  All of it is set up
 * before the run; the calls below do no allocation, locking or formatting
 * except where stated.
 */
struct plan_job;
struct stats_run {
	struct job_stats *st;
	const struct plan_job *pj;
	bool measuring;		/* false during ramp_time */
	uint64_t begin_ns;	/* measurement start */
};

/* Before the run: read the job's statistics and log options, set up
 * what sampling and logs need.  Returns 0 or a negative errno with a one
 * line reason in errbuf. */
int stats_run_init(struct stats_run *sr, const struct plan_job *pj,
		   struct job_stats *st, char *errbuf, size_t errlen);
/* Measurement starts now (the run's start, or the end of ramp_time):
 * anything accounted before is forgotten, as fio does at ramp end. */
void stats_run_begin(struct stats_run *sr, uint64_t now);
/* One data I/O completed: dir DIR_*, `bytes` moved of `length` asked at
 * `offset`; slat is UINT64_MAX for I/O the engine completed inline. */
void stats_io_done(struct stats_run *sr, unsigned int dir, uint64_t bytes,
		   uint64_t length, uint64_t offset, uint64_t slat, uint64_t clat,
		   uint64_t lat, uint64_t now);
/* One fsync/fdatasync completed after `lat` ns; counted: an fsync=N one. */
void stats_sync_done(struct stats_run *sr, uint64_t lat, bool counted, uint64_t now);
/* A unit was queued with `depth` units in flight, itself included. */
static inline void stats_queued(struct stats_run *sr, unsigned int depth)
{
	sr->st->depth_level[stats_depth_bucket(depth)]++;
}
/* One submission handed `n` units to the device; one reap returned `n`. */
static inline void stats_submitted(struct stats_run *sr, unsigned int n)
{
	sr->st->depth_submit[stats_batch_bucket(n)]++;
	sr->st->total_submit++;
}
static inline void stats_reaped(struct stats_run *sr, unsigned int n)
{
	sr->st->depth_complete[stats_batch_bucket(n)]++;
	sr->st->total_complete++;
}
/* The run ended at `now` with `dropped[dir]` units never completed:
 * close sampling, write the logs (formatting allowed here). */
void stats_run_end(struct stats_run *sr, uint64_t now, const uint64_t *dropped);
void stats_run_free(struct stats_run *sr);

#endif
