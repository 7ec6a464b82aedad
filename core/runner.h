/*
 * runner.h - fourth stage: start the plan's workers and wait for them.
 *
 * Lays out files first (on the main thread), then starts every worker as a
 * process (default) or a thread (thread=1); workers set themselves up, then
 * wait on a start barrier so they begin together (a stonewalled phase at
 * a time).  Statistics and stop flags live in memory shared with worker
 * processes.
 */
#ifndef PLIO_RUNNER_H
#define PLIO_RUNNER_H

#include <stdbool.h>
#include <stddef.h>

#include "log.h"
#include "plan.h"
#include "stats.h"

/* n zeroed job_stats in memory shared with child processes; NULL on error. */
struct job_stats *runner_stats_alloc(size_t n);
void runner_stats_free(struct job_stats *st, size_t n);

/* Create and fill files that jobs read, extend files they write.
 * verbose: print fio's "Laying out IO file" lines to stdout. */
int runner_layout(const struct plan *plan, bool verbose, struct perr *e);

/*
 * Run all jobs, phase after phase (stonewall), each job when its startdelay
 * (counted from the start of the run, as fio does) has passed and the jobs
 * its wait_for names have ended.  When a job with exitall ends (or one with
 * exitall_on_error fails), the jobs exit_what names are asked to stop.
 * 0 when every worker succeeded; -EIO when any failed, after printing each
 * failed worker's line; other errors in e.
 */
int runner_run(const struct plan *plan, struct job_stats *stats, struct perr *e);

/*
 * One flag per plan job (runner_stop[plan_job.index]), in memory shared
 * with worker processes, set by the runner when that job must end early
 * (exitall).  A worker reads its flag (relaxed atomic load, no system
 * call) where it checks its deadline.  NULL outside runner_run: a worker
 * driven by a test harness is never stopped.
 */
extern int *runner_stop;

#endif
