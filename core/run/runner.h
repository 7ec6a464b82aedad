/*
 * runner.h - fourth stage: start the plan's workers and wait for them.
 *
 * Lays out files first (on the main thread), then starts every worker as a
 * process (default) or a thread (thread=1); workers set themselves up, then
 * wait on a start barrier so they begin together (a stonewalled phase at
 * a time).  Statistics and stop flags live in memory shared with worker
 * processes.  While they run, the main thread only watches: it reads the
 * workers' counters (never locks, never writes them) for the status line,
 * the periodic reports and steady state, and sleeps in between.
 */
#ifndef PLIO_RUNNER_H
#define PLIO_RUNNER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/log.h"
#include "plan/plan.h"
#include "measure/stats.h"
#include "run/cluster.h"

/* Seconds a job may take to stop after SIGINT or SIGTERM before it
 * counts as stuck and is ended by force (fio waits 300). */
#define RUNNER_STOP_WAIT_S 5

/* n zeroed job_stats in memory shared with child processes; NULL on error. */
struct job_stats *runner_stats_alloc(size_t n);
void runner_stats_free(struct job_stats *st, size_t n);

/* Create and fill files that jobs read, extend files they write, and
 * create the missing folders of files that do not exist yet (layout.c).
 * verbose: print fio's "Laying out IO file" lines to stdout.  Under
 * signals_begin() (signals.h), a SIGINT or SIGTERM stops it: -EINTR, e
 * says where, and signals_stopped_by() which signal.  A file it created
 * and could not lay out is removed. */
int runner_layout(const struct plan *plan, bool verbose, struct perr *e);

/* What the runner does while the jobs run, besides starting and reaping
 * them; all zero: nothing (the status line off). */
struct runner_opts {
	bool eta;			/* print fio's status line to stdout */
	uint64_t eta_interval_us;	/* its period; 0: fio's 1s */
	uint64_t eta_newline_us;	/* a fresh line every so often; 0: never */
	uint64_t status_interval_us;	/* a full report every so often; 0: never */
	bool bandwidth_log;		/* fio's agg-*_bw.log files */
	/*
	 * Print a full report of `stats` (plan->n_jobs entries): a snapshot
	 * while jobs run (--status-interval, SIGUSR1), each running job's
	 * runtime_ns set to its time so far.  NULL: none.
	 */
	void (*report)(void *arg, const struct job_stats *stats);
	void *report_arg;
	/*
	 * A run across hosts (cluster.h): the run starts with every rank,
	 * each phase once every rank ended the one before; stop flags go to
	 * every rank; the status line, the aggregate bandwidth log and steady
	 * state (rank 0's only) see every rank's counters; the failed jobs'
	 * lines are left to the caller (rank 0 prints every rank's).  NULL:
	 * a local run.
	 */
	struct cluster *cluster;
};

/*
 * Run all jobs, phase after phase (stonewall), each job when its startdelay
 * (counted from the start of the run, as fio does) has passed and the jobs
 * its wait_for names have ended.  When a job with exitall ends (or one with
 * exitall_on_error fails), the jobs exit_what names are asked to stop.
 * While they run, the status line, periodic reports, the aggregate
 * bandwidth log and steady state detection as ro asks (NULL: none).
 *
 * SIGINT and SIGTERM ask every job to stop (workers drain what they have
 * in flight, so files stay consistent) and no later phase starts (see
 * signals.h); SIGUSR1 prints a report now.  A job still running
 * RUNNER_STOP_WAIT_S later is stuck and fails with EINTR, its line
 * saying so: its worker process is killed, a thread is left behind
 * (runner_left_threads()).  The handlers are in place
 * inside runner_run, and from signals_begin() to signals_end() when the
 * caller wants them earlier (the layout).
 *
 * 0 when every worker succeeded; -EIO when any failed, after printing each
 * failed worker's line; other errors in e.
 */
int runner_run(const struct plan *plan, struct job_stats *stats,
	       const struct runner_opts *ro, struct perr *e);

/*
 * Each failed job's line, `who` before it ("" for a local run, "rank 1
 * (node2): " across hosts); clones that failed alike (numjobs=20 all
 * refused by io_setup) share one line with a count instead of twenty.
 */
void runner_print_job_errors(const struct job_stats *stats, size_t n, const char *who);

/*
 * Whether runner_run left stuck thread workers running.  They may still
 * read the plan, their engines and plugins and write their statistics:
 * the caller frees none of these, and ends the process (_exit, once its
 * output is flushed) soon, which ends them.
 */
bool runner_left_threads(void);

#endif
