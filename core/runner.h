/*
 * runner.h - fourth stage: start the plan's workers and wait for them.
 *
 * Lays out files first (on the main thread), then starts every worker as a
 * process (default) or a thread (thread=1); workers set themselves up, then
 * wait on one start barrier so they begin together.  Statistics live in
 * memory shared with worker processes.
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

/* Run all jobs.  0 when every worker succeeded; -EIO when any failed, after
 * printing each failed worker's line; other errors in e. */
int runner_run(const struct plan *plan, struct job_stats *stats, struct perr *e);

#endif
