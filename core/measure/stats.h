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

#include <plio/plugin.h>

#include "measure/hist.h"
#include "measure/statlog.h"

#define DIR_READ 0
#define DIR_WRITE 1
#define DIR_TRIM 2
#define DIR_NR 3	/* data directions; syncs are counted apart */

/* fio's I/O depth buckets: iodepth_level 1,2,4,8,16,32,>=64; submit and
 * complete 0,4,8,16,32,64,>=64 (see stats_depth_bucket/stats_batch_bucket). */
#define STATS_DEPTH_NR 7

/* Priorities with statistics of their own, per direction (cmdprio). */
#define STATS_PRIO_MAX 8

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

/*
 * The buckets of the histogram kept beside s, which saw every sample s
 * did (slat/clat/lat and their _hist, sync_lat and sync_hist): those of
 * s's smallest to largest sample, none when s has none.  What reads a
 * histogram reads only these: no bucket outside holds anything, and the
 * pages of the histogram no sample reached are never touched (in memory
 * shared with worker processes, touching one would back it with memory).
 * It costs the worker nothing: lat_stat_add keeps min and max anyway.
 */
static inline struct hist_span lat_stat_span(const struct lat_stat *s)
{
	return s->n ? hist_span_of(s->min, s->max) : HIST_SPAN_NONE;
}

double lat_stat_stddev(const struct lat_stat *s);
/* Exact merge of two running statistics (Chan et al.): latencies. */
void lat_stat_merge(struct lat_stat *dst, const struct lat_stat *src);
/*
 * fio's "pure sum" of bandwidth or IOPS samples of jobs that ran side by
 * side (stat.c sum_stat(..., pure_sum=true), fio 3.33): min, max, mean,
 * m2 and n each add up, so a group's bw_mean is the sum of its jobs'
 * means.  Used for group reporting and unified_rw_reporting=mixed.
 */
void lat_stat_sum(struct lat_stat *dst, const struct lat_stat *src);

struct dir_stats {
	uint64_t bytes;		/* bytes completed, outside ramp time */
	uint64_t ios;		/* I/Os completed */
	uint64_t short_ios;	/* completed with fewer bytes than asked */
	uint64_t drop_ios;	/* issued but not completed (stopped early) */
	/* latencies in ns; n == 0 when not measured (disable_*, gtod_reduce,
	 * and slat for engines that complete inline): fio then prints the
	 * keys with zeros */
	struct lat_stat slat, clat, lat;
	/*
	 * Bandwidth samples in KiB/s (1024 bytes) and IOPS samples in I/O per
	 * second, as fio's bw_min/bw_max/bw_mean/bw_dev/bw_samples and
	 * iops_min/.../iops_samples (stddev: lat_stat_stddev; values are
	 * whole numbers, the mean is not).  Normally one sample per
	 * bwavgtime/iopsavgtime ms period that moved data in this direction
	 * (a job shorter than one period has none, as in fio); with a
	 * per-I/O write_bw_log/write_iops_log (log_avg_msec=0) fio samples
	 * every I/O instead: bytes * 10^6 / clat_ns, and 1.
	 */
	struct lat_stat bw_samples;
	struct lat_stat iops_samples;
};

/* A direction's latency histograms: every sample of dir_stats' clat, lat
 * and slat (so their lat_stat_span says where they are). */
struct dir_hists {
	struct hist clat, lat, slat;
};

/* One priority's latencies (cmdprio): completion latency, or total
 * latency with lat_percentiles, as fio's clat_prio. */
struct prio_stat {
	uint32_t ioprio;	/* class << 13 | level */
	struct lat_stat lat;
};

/*
 * The counters come first, the job's and its directions', then the
 * histograms: most of a job_stats is histogram buckets no sample reaches,
 * never touched (see lat_stat_span), and the counters every run writes
 * share one page or two (a job in memory shared with worker processes:
 * each page touched is memory taken).
 */
struct job_stats {
	uint64_t engine_counters[PLIO_COUNTERS_MAX];	/* the engine's counters
							 * (ctx->counters) */
	uint64_t runtime_ns;	/* measured time, ramp excluded */
	uint64_t start_ns, end_ns;
	uint64_t issued[DIR_NR];	/* I/Os issued (incl. ramp) */
	uint64_t fsyncs;		/* fsync=N syncs: fio's sync total_ios */
	struct lat_stat sync_lat;	/* every fsync/fdatasync's latency */
	/* STATS_M_* bits: what was measured.  fio prints slat_ns, clat_ns and
	 * lat_ns always (zeros when off) and the "percentile" object only for
	 * a measured latency (gtod_reduce also turns every *_percentiles off) */
	unsigned int measured;
	uint64_t depth_level[STATS_DEPTH_NR];	/* units by depth at submission */
	uint64_t depth_submit[STATS_DEPTH_NR];	/* units per submission */
	uint64_t depth_complete[STATS_DEPTH_NR];/* units per reap */
	uint64_t total_submit, total_complete;	/* submissions, reaps */
	uint64_t usr_us, sys_us;	/* CPU time of this worker (kept current
					 * while it runs: see stats_cpu_update) */
	uint64_t ctx_switches, majflt, minflt;
	int pid;		/* the worker's process (or thread) id, for the report */
	uint64_t total_err;	/* errors continue_on_error/ignore_error let pass */
	uint64_t latency_depth;	/* latency_target: the depth found; 0: the
				 * job's iodepth (fio's latency_depth) */
	int first_error;	/* positive errno of the first of those, or 0 */
	unsigned int nprio[2];	/* cmdprio: priorities with statistics (prio[]),
				 * reads and writes; 0: none */
	int error;		/* positive errno of the first failure, or 0 */
	int unstarted;		/* stopped (exitall, a signal) before it was to
				 * start: it did nothing, not even measure
				 * its CPU use (fio reports such a job with
				 * zeros and without latency target keys) */
	int done;		/* set last, when the worker is finished */
	char errmsg[256];	/* "WHERE: WHAT" of that failure */
	struct dir_stats dir[DIR_NR];
	struct dir_hists hist[DIR_NR];	/* dir[]'s latencies */
	struct hist sync_hist;		/* sync_lat's */
	/* cmdprio: per direction (reads, writes), nprio[] priorities, each
	 * with its latencies (read only as far as nprio says) */
	struct prio_stat prio[2][STATS_PRIO_MAX];
	struct hist prio_hist[2][STATS_PRIO_MAX];	/* prio[][]'s */
};

#define STATS_M_SLAT 1u	/* submission latency (not disable_slat/gtod_reduce) */
#define STATS_M_CLAT 2u	/* completion latency and sync latency */
#define STATS_M_LAT 4u	/* total latency */
#define STATS_M_PCT 8u	/* percentiles may be reported (not gtod_reduce) */

void stats_merge(struct job_stats *dst, const struct job_stats *src);
/* Add src's histograms to dst's (src_ds: their direction's statistics,
 * which say where their samples are). */
void stats_hists_merge(struct dir_hists *dst, const struct dir_hists *src,
		       const struct dir_stats *src_ds);
/* *dst = *src, reading of src's histograms only what lat_stat_span says
 * they hold, and its errmsg only with an error; dst must be zeroed
 * (stats_zalloc). */
void stats_copy(struct job_stats *dst, const struct job_stats *src);
/*
 * len zeroed bytes whose pages are backed by memory only once written
 * (an anonymous mapping, never a heap chunk that calloc would clear):
 * for copies of job_stats, most of which (the histograms) stays unread.
 * NULL on failure.
 */
void *stats_zalloc(size_t len);
void stats_zfree(void *p, size_t len);

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
	bool stats_on;		/* stats=1: measuring starts at the run's
				 * start or the ramp's end */
	uint64_t begin_ns;	/* measurement start: time 0 of every log */
	bool lat_on, clat_on, slat_on;	/* fio's disable_* and gtod_reduce */
	bool op_lat;		/* PLIO_CAP_FILEOP: the opens are timed ... */
	bool io_clat_on;	/* ... and the I/Os are not: clat_on && !op_lat */
	bool io_times;		/* some per-I/O time is used (see below) */
	bool bw_unit, iops_unit;	/* a bw/iops sample per I/O (per-I/O logs) */
	bool any_log;
	uint64_t bw_period_ns, iops_period_ns;	/* 0: no timed samples */
	uint64_t next_sample_ns;	/* earliest timed sample; UINT64_MAX: none */
	uint64_t stop_ns;	/* the runtime deadline; UINT64_MAX: none */
	uint64_t bw_last_ns, iops_last_ns;	/* when the last period began */
	uint64_t bw_bytes_at[DIR_NR], iops_ios_at[DIR_NR];	/* ... its counts */
	unsigned int prio;	/* the job's ioprio value (class << 13 | level) */
	bool prio_on;		/* cmdprio: latencies per priority (st->prio) */
	bool prio_lat;		/* ... total latency, else completion latency */
	struct statlog *log[STATLOG_NR];	/* NULL: not written */
	uint64_t hist_ms;	/* log_hist_msec, when the hist log is kept */
	uint64_t *hist_bins;	/* [DIR_NR][STATLOG_PLAT_NR]: this interval */
	uint64_t hist_last_ms[DIR_NR];
	/* the worker's CPU use when measurement started (stats_cpu_begin) */
	uint64_t cpu0_usr, cpu0_sys, cpu0_all, cpu0_ctx, cpu0_majf, cpu0_minf;
	bool cpu_begun;
};

/*
 * Whether the worker must read the clock around each I/O (start, issue,
 * completion).  False with gtod_reduce (or disable_lat, disable_clat,
 * disable_slat and disable_bw_measurement together): the worker may then
 * skip those reads and pass 0 for slat/clat/lat; `now` may then come
 * from clock_coarse_ns() (only the timed bandwidth and IOPS samples use
 * it, which fio keeps under gtod_reduce too, and they tolerate a coarse
 * clock that lags the one stats_run_begin got).
 */
static inline bool stats_run_io_times(const struct stats_run *sr)
{
	return sr->io_times;
}

/* Before the run: read the job's statistics and log options (bwavgtime,
 * iopsavgtime, disable_*, gtod_reduce, write_*_log, log_*, per_job_logs),
 * allocate what sampling and logs need, zero st's counters.  st's
 * histograms must hold nothing outside their lat_stat_span (zeroed
 * memory, as runner_stats_alloc's, qualifies): only those buckets are
 * cleared.  Returns 0 or a negative errno with a one line reason in
 * errbuf. */
int stats_run_init(struct stats_run *sr, const struct plan_job *pj,
		   struct job_stats *st, char *errbuf, size_t errlen);
/* Measurement starts now (the run's start, or the end of ramp_time):
 * anything accounted before is forgotten, as fio does at ramp end. */
void stats_run_begin(struct stats_run *sr, uint64_t now);
/* The job's runtime ends at `deadline` (clock_ns() time): bandwidth and
 * IOPS periods that close then or later are not sampled (see stats.c). */
void stats_run_deadline(struct stats_run *sr, uint64_t deadline);
/* One data I/O completed: dir DIR_*, `bytes` moved of `length` asked at
 * `offset`; slat is UINT64_MAX for I/O the engine completed inline. */
void stats_io_done(struct stats_run *sr, unsigned int dir, uint64_t bytes,
		   uint64_t length, uint64_t offset, uint64_t slat, uint64_t clat,
		   uint64_t lat, uint64_t now, unsigned int pslot, unsigned int ioprio);
/* One open of a PLIO_CAP_FILEOP engine took `lat` ns, ending at `now`: a
 * completion latency of direction dir (never per I/O). */
void stats_op_done(struct stats_run *sr, unsigned int dir, uint64_t lat, uint64_t now);
/* One fsync/fdatasync completed after `lat` ns; counted: an fsync=N one. */
void stats_sync_done(struct stats_run *sr, uint64_t lat, bool counted, uint64_t now);
/*
 * One submission handed `n` units to the device, leaving `depth` in flight
 * (them included).  As fio's io_u_map, the n units count in the bucket of
 * that depth: what the device had in hand when they reached it.
 */
static inline void stats_submitted(struct stats_run *sr, unsigned int n,
				   unsigned int depth)
{
	sr->st->depth_level[stats_depth_bucket(depth)] += n;
	sr->st->depth_submit[stats_batch_bucket(n)]++;
	sr->st->total_submit++;
}
/* One reap returned `n` units. */
static inline void stats_reaped(struct stats_run *sr, unsigned int n)
{
	sr->st->depth_complete[stats_batch_bucket(n)]++;
	sr->st->total_complete++;
}
/* The run ended at `now` with `dropped[dir]` units never completed
 * (NULL: none): close the log windows and write the log files
 * (formatting allowed here); a log that cannot be written becomes the
 * job's error if it had none.  No bandwidth sample is taken for the last,
 * partial period, as in fio. */
void stats_run_end(struct stats_run *sr, uint64_t now, const uint64_t *dropped);
void stats_run_free(struct stats_run *sr);

/*
 * The worker's CPU use, context switches and page faults (getrusage of
 * its thread), from the last stats_cpu_begin: called by the worker itself
 * when its measurement starts (run start, end of ramp_time).
 * stats_cpu_update writes the figures so far into the shared job_stats,
 * so a report taken while the job runs (--status-interval, SIGUSR1) reads
 * real figures: at each timed sample and at the end (`now`: when the run
 * is measured to, which bounds the CPU time).  Two system calls; never per
 * I/O.
 */
void stats_cpu_begin(struct stats_run *sr);
void stats_cpu_update(struct stats_run *sr, uint64_t now);

#endif
