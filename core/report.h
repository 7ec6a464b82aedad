/*
 * report.h - last stage: measured statistics to fio's output formats.
 *
 * Reads the plan and one job_stats per plan job; merges per group when a
 * job asks for group_reporting; prints fio's normal text layout, its terse
 * line (version 3) or its JSON (same keys and nesting as fio 3.33 for what
 * plio measures).
 */
#ifndef PLIO_REPORT_H
#define PLIO_REPORT_H

#include <stdio.h>
#include <time.h>

#include "diskutil.h"
#include "jobfile.h"
#include "plan.h"
#include "stats.h"

#define REPORT_NORMAL (1u << 0)
#define REPORT_JSON (1u << 1)
#define REPORT_JSONPLUS (1u << 2)
#define REPORT_TERSE (1u << 3)

struct report_ctx {
	const struct plan *plan;
	const struct job_stats *stats;	/* plan->n_jobs entries */
	time_t start_time;		/* wall clock when the run started */
	uint64_t start_ms;		/* same, milliseconds since the epoch */
	const char *version;		/* "plio-0.1" */
	const struct jobfile *jobfile;	/* for "global options"; may be NULL */
	const struct disk_util_set *disks; /* may be NULL or empty */
};

/* fio's lines before a run (normal format only): one per job spec,
 * "NAME: (g=0): rw=..., bs=(R) ..., ioengine=..., iodepth=N", then the
 * version line and "Starting N processes/threads". */
void report_header(FILE *out, const struct plan *plan);

/* Print the report in each format of `formats`, in fio's order. */
int report_print(FILE *out, unsigned int formats, const struct report_ctx *rc);

/*
 * Internal to report.c, report_normal.c and report_json.c: what the
 * formats share.  Not for other modules.
 */

/* One reported entry, as fio's thread_stat: a job, or the jobs of a group
 * with group_reporting merged in plan order. */
struct report_entry {
	const struct plan_job *pj;	/* first member: name, options, group */
	struct job_stats *st;		/* merged statistics (owned) */
	unsigned int members;
	int pid;			/* first member's */
	uint64_t run_ms[DIR_NR];	/* fio's per-direction runtime, msec */
	uint64_t job_run_ms;		/* members' runtimes summed, msec */
	uint64_t run_ns_sum;		/* the same in nsec, for CPU shares */
};

/* "Run status group N" figures, per direction (bytes and bytes/s). */
struct report_group {
	uint64_t min_run[DIR_NR], max_run[DIR_NR];
	uint64_t min_bw[DIR_NR], max_bw[DIR_NR];
	uint64_t io_bytes[DIR_NR], agg[DIR_NR];
	unsigned int kb_base;
};

struct report_data {
	const struct report_ctx *rc;
	struct report_entry *e;
	size_t n;
	struct report_group *g;		/* plan->n_groups entries */
	unsigned int n_groups;
};

/* Decimal digits of v. */
unsigned int report_ndigits(uint64_t v);

/* fio's completion-latency distribution buckets (io_u_lat_n/u/m). */
#define REPORT_LAT_N_NR 10
#define REPORT_LAT_U_NR 10
#define REPORT_LAT_M_NR 12
struct report_lat_dist {
	double n[REPORT_LAT_N_NR], u[REPORT_LAT_U_NR], m[REPORT_LAT_M_NR];
	double below_us;	/* all of n[], without the 0.01 floor */
};
extern const char *const report_lat_keys[REPORT_LAT_M_NR];

/* Units for report_num2str, as fio's N2S_*. */
enum report_unit { RU_NONE, RU_BYTE, RU_BYTE_PER_SEC };

/*
 * fio's compact number: at most maxlen digits, scaled by 1000 (pow2
 * false: k, M, G...) or 1024 (Ki, Mi, Gi...), with as many decimals as
 * fit, e.g. 4096KiB, 16.0KiB, 74.5MiB/s, 256k.  Returns buf.
 */
char *report_num2str(char *buf, size_t len, uint64_t num, int maxlen, int pow2,
		     enum report_unit unit);

/* Bytes/s and I/Os per second of a direction, integer as fio (0 when the
 * direction did not run). */
uint64_t report_bw(const struct report_entry *e, int dir);
uint64_t report_iops(const struct report_entry *e, int dir);
/* usr and sys CPU in percent of the runtime. */
void report_cpu(const struct report_entry *e, double *usr, double *sys);
/* Completion latencies of all directions, in percent of the I/Os. */
void report_lat_dist(const struct report_entry *e, struct report_lat_dist *ld);
/* fio's rw= name of a job: read, write, rw, randread, randwrite, randrw. */
const char *report_rw_name(const struct job_spec *js);

int report_normal(FILE *out, const struct report_data *d);
int report_terse(FILE *out, const struct report_data *d);
int report_json(FILE *out, const struct report_data *d, int plus);

#endif
