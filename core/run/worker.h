/*
 * worker.h - the run state of one worker (one clone of one job) and its loop.
 *
 * A worker owns its I/O units, their buffers, its random state and its
 * engine instance (the plio_ctx).  It reads its plan_job (and the job's
 * plan_shape) and nothing else of the run, and writes only its own
 * job_stats.  The loop: next offset -> fill a unit -> engine queue /
 * commit / reap -> account the completion; no allocation, locking or
 * formatting per I/O.
 */
#ifndef PLIO_WORKER_H
#define PLIO_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include <plio/plugin.h>

#include "plan/plan.h"
#include "measure/stats.h"

/* unit.vflags: check what this read brings; note this write's end
 * (verify_state_save) */
#define UNIT_VCHECK 1u
#define UNIT_VNOTE 2u
#define UNIT_VNUM 4u		/* vidx is the write number to expect */
#define UNIT_VTRIM 8u		/* a trimmed block: zeroes expected */

/* The core's bookkeeping beside each engine-visible unit. */
struct unit {
	struct plio_io_u u;	/* first: container_of is a cast */
	uint64_t start_ns;	/* when the core filled it */
	uint64_t issue_ns;	/* when it was submitted to the device */
	unsigned int dir;	/* DIR_READ / DIR_WRITE, or DIR_NR for syncs */
	bool buf_read;		/* a read overwrote the buffer's write data */
	bool queued;		/* the engine has it (PLIO_Q_QUEUED): only
				 * then may reap() hand it back */
	uint8_t vflags;		/* verify: UNIT_VCHECK, UNIT_VNOTE (one test
				 * per completion for both) */
	uint8_t pslot;		/* cmdprio: its priority's slot of the
				 * statistics (u.ioprio the priority) */
	size_t vidx;		/* its write in the verify log; SIZE_MAX: none */
};

struct worker;

/* flow: what the jobs of one flow_id share (run/wpace.c): the I/Os they
 * issued and the weights of those running; in memory every worker sees. */
struct pace_flow {
	uint64_t ios;
	uint64_t weight;
};
/* The run's flow counters, one per job (plan_job.flow_group indexes
 * them), mapped shared by the runner before any worker starts. */
void worker_share_flows(struct pace_flow *flows);
/* The run's plan, its statistics and stop flags (shared memory), for
 * io_jobs_running(); set by the runner before any worker starts. */
void worker_share_run(const struct plan *plan, const struct job_stats *stats,
		      const int *stops);
/* The host's io_jobs_running(), job_done() and job_stopping() (ABI 1.3). */
unsigned int worker_io_jobs_running(const struct plio_ctx *ctx);
void worker_job_done(struct plio_ctx *ctx);
int worker_job_stopping(const struct plio_ctx *ctx);

/*
 * Run one worker: open files, set up the engine, wait for the start
 * signal (start_fd becomes readable at EOF; -1: start at once), run,
 * close.  *stop is the runner's flag for this job (exitall, steady state,
 * signals), read where the worker checks its deadline; NULL: never
 * stopped.  Fills *st and returns 0, or a negative errno with
 * st->error/errmsg set.
 */
int worker_run(const struct plan_job *pj, struct job_stats *st, int start_fd,
	       const int *stop);

/* Recover the worker and its job from the engine context (host callbacks). */
const struct plan_job *worker_job_of(const struct plio_ctx *ctx);

/*
 * host->log at PLIO_LOG_ERROR from an engine: when ctx is a worker's, keep
 * msg (without "plio: job:") as the detail of that worker's one-line error
 * and return true; the line is printed by the worker, once.
 */
bool worker_keep_error(const struct plio_ctx *ctx, const char *msg);

#endif
