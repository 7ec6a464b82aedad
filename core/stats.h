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

#include <stdint.h>

#include "hist.h"

#define DIR_READ 0
#define DIR_WRITE 1
#define DIR_NR 2

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
	struct lat_stat slat, clat, lat;
	struct hist clat_hist;
	struct hist lat_hist;
	struct hist slat_hist;
};

struct job_stats {
	struct dir_stats dir[DIR_NR];
	uint64_t runtime_ns;	/* measured time, ramp excluded */
	uint64_t start_ns, end_ns;
	uint64_t issued[DIR_NR];	/* I/Os issued (incl. ramp) */
	uint64_t fsyncs;
	uint64_t usr_us, sys_us;	/* CPU time of this worker */
	uint64_t ctx_switches, majflt, minflt;
	int pid;		/* the worker's process (or thread) id, for the report */
	int error;		/* positive errno of the first failure, or 0 */
	int done;		/* set last, when the worker is finished */
	char errmsg[256];	/* "WHERE: WHAT" of that failure */
};

void stats_merge(struct job_stats *dst, const struct job_stats *src);

#endif
