/*
 * eta.h - what the runner shows while jobs run: fio's status line and its
 * aggregate bandwidth log.
 *
 * The runner (the parent) samples the workers' counters now and then and
 * describes each job with a struct eta_job; this module turns successive
 * samples into rates, the percentage done and the time left, and formats
 * fio's line:
 *
 *   Jobs: 2 (f=2): [R(1),w(1)][42.9%][r=5517MiB/s,w=96.0MiB/s][r=1412k,w=24.6k IOPS][eta 00m:04s]
 *
 * It never touches the workers: all it reads is what the caller copied.
 */
#ifndef PLIO_ETA_H
#define PLIO_ETA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/log.h"
#include "plan/plan.h"
#include "measure/stats.h"

/* Where a job is, as far as the runner can tell from outside. */
enum eta_state {
	ETA_PENDING,	/* not started (startdelay, wait_for, a later phase) */
	ETA_SETUP,	/* started, still opening files and its engine */
	ETA_RAMP,	/* running, inside ramp_time */
	ETA_RUNNING,
	ETA_ENDED,
	ETA_FAILED,
};

/* One job at one sample, filled by the runner. */
struct eta_job {
	enum eta_state state;
	uint64_t started_ns;		/* when it was let go; 0: not yet */
	uint64_t bytes;			/* dir[].bytes summed: counted toward io_size
					 * (zeroed at the end of ramp_time) */
	uint64_t total_bytes[DIR_NR];	/* moved since the job began, ramp
					 * included: never goes back */
	uint64_t total_ios[DIR_NR];
};

/* The status line's memory between two lines. */
struct eta {
	uint64_t newline_ns;		/* --eta-newline; 0: never */
	uint64_t last_ns;		/* when the previous line was made */
	uint64_t newline_mark_ns;	/* when the last newline was due */
	uint64_t prev_bytes[DIR_NR], prev_ios[DIR_NR];
	int linelen_last;		/* to blank out the rest of a longer line */
	bool newline_pending;
	bool pow2;			/* KiB/MiB (kb_base 1024) or kB/MB */
};

/* Start at `now`, with --eta-newline (0: never). */
void eta_init(struct eta *eta, const struct plan *plan, uint64_t newline_us,
	      uint64_t now);

/*
 * Seconds until every job will have ended, as fio estimates it: a running
 * job from its share of io_size * loops done (time_based: of its runtime),
 * capped by its runtime; a job not started yet by its runtime and
 * startdelay; later phases (stonewall) add up.  -1 when nothing can be
 * said (a size-bound job that has moved nothing yet).
 */
int64_t eta_seconds(const struct plan *plan, const struct eta_job *jobs,
		    uint64_t genesis, uint64_t now);

/*
 * Format the status line for `now` into buf (NUL-terminated, ends in
 * '\r'; begins with '\n' when --eta-newline is due) and remember this
 * sample's counters for the next rates.  Returns the length.
 */
size_t eta_line(struct eta *eta, const struct plan *plan, const struct eta_job *jobs,
		uint64_t genesis, uint64_t now, char *buf, size_t len);

/* fio's "00m:04s", "01h:02m:03s", "01d:..."; "--" for -1. */
void eta_to_str(char *buf, size_t len, int64_t sec);

/*
 * --bandwidth-log: fio's agg-read_bw.log, agg-write_bw.log and
 * agg-trim_bw.log in the current directory, one line per bwavgtime
 * period while no job is in ramp_time: "MSEC, KiB/s, DIR, 0, 0", the
 * bandwidth of all jobs together.
 */
struct eta_bwlog {
	FILE *f[DIR_NR];
	uint64_t period_ns;		/* the smallest bwavgtime of the jobs */
	uint64_t last_ns;
	uint64_t prev_bytes[DIR_NR];
};

/* Create the three files; 0 or a negative errno with e set. */
int eta_bwlog_open(struct eta_bwlog *bl, const struct plan *plan, uint64_t now,
		   struct perr *e);
/* Add a sample when a period has passed; returns when the next is due. */
uint64_t eta_bwlog_sample(struct eta_bwlog *bl, const struct eta_job *jobs,
			  size_t n, uint64_t genesis, uint64_t now);
/* Close the files: 0, or -EIO when writing failed. */
int eta_bwlog_close(struct eta_bwlog *bl);

#endif
