/*
 * report.h - last stage: measured statistics to fio's output formats.
 *
 * Reads the plan and one job_stats per plan job; merges per group when a
 * job asks for group_reporting; prints fio's normal text layout, its terse
 * line (versions 2 to 5) or its JSON and JSON+ (same keys, nesting and
 * types as fio 3.33).
 */
#ifndef PLIO_REPORT_H
#define PLIO_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "base/numfmt.h"
#include "base/outfmt.h"
#include "measure/diskutil.h"
#include "input/jobfile.h"
#include "plan/plan.h"
#include "measure/stats.h"

/*
 * A run across hosts (plio-mpi): every rank ran the whole job file; the
 * report is given the ranks' statistics merged job by job (`stats`, the
 * report as a local run prints it) and each rank's own (`ranks`).  With
 * n_ranks > 0 the report adds:
 * - JSON and JSON+: a top-level "ranks" array after "jobs" (before
 *   "disk_util"), one object per rank in the order given:
 *   { "rank" : R, "hostname" : "H", "jobs" : [ ... ] }, "jobs" holding
 *   exactly the job objects the top-level "jobs" would hold were that
 *   rank's statistics the run's (same group_reporting and
 *   unified_rw_reporting rules, "bins" with JSON+);
 * - normal: after the "Run status group" blocks (before "Disk stats"), a
 *   table "Hosts (N ranks on M hosts):" with a row per host name, hosts
 *   in the order of their first rank: its ranks ("0-1,4"), its failed
 *   jobs, and per direction the run moved data in, the IOPS and
 *   bandwidth of its ranks added (a rank's: its bytes and I/Os over its
 *   runtime in that direction, the longest of its jobs' runtimes per
 *   stonewall phase, phases added) and the mean completion latency of all
 *   its I/Os (lat_stat_merge), in the first job's units;
 * - terse: nothing.
 * With n_ranks == 0 the output is the same, byte for byte, as without.
 */

/* A run across hosts (plio-mpi): one rank's own statistics, for the
 * per-rank breakdown that follows the merged report. */
struct report_rank {
	unsigned int rank;
	const char *host;		/* its host name */
	const struct job_stats *stats;	/* plan->n_jobs entries: that rank's alone */
};

struct report_ctx {
	const struct plan *plan;
	const struct job_stats *stats;	/* plan->n_jobs entries */
	time_t start_time;		/* wall clock when the run started */
	uint64_t start_ms;		/* same, milliseconds since the epoch */
	const char *version;		/* "plio-0.1" */
	const struct jobfile *jobfile;	/* for "global options"; may be NULL */
	const struct disk_util_set *disks; /* may be NULL or empty */
	/* clock_ns() when plio started and when this report was taken:
	 * fio's JSON "elapsed" counts from the program's start (ramp_time,
	 * startdelay and setup included); 0: unknown, then it counts from
	 * the first job's start to the last one's end */
	uint64_t genesis_ns, report_ns;
	unsigned int terse_version;	/* --terse-version: 2..5; 0: fio's 3 */
	/* plio-mpi: every rank's own statistics (rank order), while `stats`
	 * holds them merged; NULL/0: a local run, nothing more is printed */
	const struct report_rank *ranks;
	unsigned int n_ranks;
};

/* fio's lines before a run (normal format only): one per job spec,
 * "NAME: (g=0): rw=..., bs=(R) ..., ioengine=..., iodepth=N", then the
 * version line and "Starting N processes/threads". */
void report_header(FILE *out, const struct plan *plan);

/* Print the report in each format of `formats`, in fio's order. */
int report_print(FILE *out, unsigned int formats, const struct report_ctx *rc);

/*
 * Internal to report.c and the format files (report_normal.c,
 * report_json.c, report_terse.c): what they share.  Not for other modules.
 */

/* The directions an entry reports: read, write, trim, then the sum of
 * the three that unified_rw_reporting=mixed or both adds. */
#define REPORT_MIXED DIR_NR
#define REPORT_DIRS (DIR_NR + 1)

/* unified_rw_reporting */
#define REPORT_UNIFIED_NONE 0
#define REPORT_UNIFIED_MIXED 1
#define REPORT_UNIFIED_BOTH 2

#define REPORT_PCT_MAX PCT_LIST_MAX	/* fio's longest percentile_list */

/*
 * How an entry is shown, decoded once from its first member's options:
 * percentile_list (sorted, with as many decimals shown as the longest
 * given), the *_percentiles switches, significant_figures, unit_base,
 * kb_base and unified_rw_reporting.
 */
struct report_fmt {
	double pct[REPORT_PCT_MAX];
	unsigned int n_pct;
	unsigned int pct_prec;
	bool clat_pct, lat_pct, slat_pct;
	int sig_figs;
	bool bits;		/* unit_base=1: bandwidth in bits */
	unsigned int kb_base;
	int unified;		/* REPORT_UNIFIED_* */
};

/* The sum of an entry's directions (unified_rw_reporting). */
struct report_mixed {
	struct dir_stats d;
	struct dir_hists h;
};

/* One reported entry, as fio's thread_stat: a job, or the jobs of a group
 * with group_reporting merged in plan order. */
struct report_entry {
	const struct plan_job *pj;	/* first member: name, options, group */
	const struct job_stats *st;	/* the job's statistics, or own */
	struct job_stats *own;		/* a group's, merged (stats_zalloc'd),
					 * or NULL */
	struct report_mixed *mixed;	/* all directions summed (owned,
					 * stats_zalloc'd), when fmt.unified
					 * asks for it; else NULL */
	struct report_fmt fmt;
	unsigned int members;
	int pid;			/* first member's */
	uint64_t run_ms[REPORT_DIRS];	/* fio's per-direction runtime, msec */
	uint64_t job_run_ms;		/* members' runtimes summed, msec */
	uint64_t run_ns_sum;		/* the same in nsec, for CPU shares */
};

/* "Run status group N" figures, per direction (bytes and bytes/s); the
 * REPORT_MIXED slot is the "MIXED" line of unified_rw_reporting. */
struct report_group {
	uint64_t min_run[REPORT_DIRS], max_run[REPORT_DIRS];
	uint64_t min_bw[REPORT_DIRS], max_bw[REPORT_DIRS];
	uint64_t io_bytes[REPORT_DIRS], agg[REPORT_DIRS];
	unsigned int kb_base;
	int sig_figs;
	bool bits;
	int unified;
};

struct report_data {
	const struct report_ctx *rc;
	struct report_entry *e;
	size_t n;
	struct report_group *g;		/* plan->n_groups entries */
	unsigned int n_groups;
};

/* fio's completion-latency distribution buckets (io_u_lat_n/u/m). */
#define REPORT_LAT_N_NR 10
#define REPORT_LAT_U_NR 10
#define REPORT_LAT_M_NR 12
struct report_lat_dist {
	double n[REPORT_LAT_N_NR], u[REPORT_LAT_U_NR], m[REPORT_LAT_M_NR];
	double below_us;	/* all of n[], without the 0.01 floor */
};
extern const char *const report_lat_keys[REPORT_LAT_M_NR];

/* A direction's statistics and histograms (REPORT_MIXED: the summed
 * ones; an empty set when the entry has none). */
const struct dir_stats *report_dir(const struct report_entry *e, int dir);
const struct dir_hists *report_hists(const struct report_entry *e, int dir);
/* Bytes/s and I/Os per second of a direction, integer as fio (0 when the
 * direction did not run). */
/* cmdprio: how many priorities dir's I/Os had (slots with samples); fio
 * reports them one by one only when there are two or more. */
unsigned int report_prios_used(const struct job_stats *st, int dir);
uint64_t report_bw(const struct report_entry *e, int dir);
uint64_t report_iops(const struct report_entry *e, int dir);
/* usr and sys CPU in percent of the runtime. */
void report_cpu(const struct report_entry *e, double *usr, double *sys);
/* Completion latencies of all directions, in percent of the I/Os. */
void report_lat_dist(const struct report_entry *e, struct report_lat_dist *ld);
/* fio's rw= name of a job: read, write, rw, randread, randwrite, randrw. */
const char *report_rw_name(const struct job_spec *js);
/* Percent of each of fio's seven I/O depth buckets in `total` (each
 * non-empty bucket at least 0.1, as fio shows them). */
void report_depth_dist(const uint64_t *map, uint64_t total, double *pct);
/* bw samples' share of the group's aggregate bandwidth, in percent (fio's
 * "per=" and "bw_agg"); agg in bytes/s, mean in KiB/s. */
double report_bw_agg_pct(uint64_t agg, double mean);

/* The entries and group figures of rc's statistics (rc->ranks is not
 * read); report_release frees them.  0 or -ENOMEM. */
int report_collect(const struct report_ctx *rc, struct report_data *d);
void report_release(struct report_data *d);
/* fio's runtime of a direction that moved data: the job's runtime in
 * whole milliseconds, rounded up, at least 1. */
uint64_t report_run_ms(uint64_t runtime_ns);
/* plio-mpi: the normal format's per-host table (nothing when
 * rc->n_ranks is 0). */
int report_hosts_normal(FILE *out, const struct report_data *d);

int report_normal(FILE *out, const struct report_data *d);
int report_terse(FILE *out, const struct report_data *d);
int report_json(FILE *out, const struct report_data *d, int plus);

#endif
