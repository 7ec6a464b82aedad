/*
 * cluster.h - runs across hosts: ranks that run the same plan together.
 *
 * plio-mpi starts one plio per rank (mpirun, srun); each runs its own
 * workers on its own host.  This module is what they agree on, over a
 * transport plio-mpi gives it (MPI; the core links none):
 *
 *  - sync points: the run starts on every rank at once, and each phase
 *    (stonewall) starts only once every rank ended the one before;
 *  - while a phase runs, rounds that sum a vector over the ranks every
 *    CLUSTER_ROUND_MS: who is still in the phase, who failed, each job's
 *    stop flag (exitall, steady state, a signal on any rank stops that job
 *    on every rank; a failure stops every job everywhere), and for rank
 *    0's status line each job's counters summed;
 *  - after the run, each rank's statistics to rank 0 (statwire.h).
 *
 * Every rank makes the same rounds in the same order; a round's sum is
 * the same on every rank, so what ranks decide from it they decide alike.
 * A sync point is passed on the first round, started after reaching it,
 * in which no rank is still running: the round every rank took part in
 * from a sync point (rank clocks are not compared; each notes its own
 * time there, which maps its times onto rank 0's).
 */
#ifndef PLIO_CLUSTER_H
#define PLIO_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/log.h"
#include "measure/eta.h"
#include "plan/plan.h"
#include "measure/stats.h"

/* How often a rank that runs takes part in a round (a rank at a sync
 * point looks every millisecond). */
#define CLUSTER_ROUND_MS 50
/* How long a rank a signal stopped waits at a sync point for ranks that
 * do not answer (dead) before it gives up. */
#define CLUSTER_GIVE_UP_S 10

/* What plio-mpi provides: the ranks and how they talk.  Every call is
 * collective (every rank makes it, in the same order) except sum_test. */
struct cluster_transport {
	unsigned int rank, n_ranks;
	const char *host;	/* this rank's host name */
	void *arg;
	/* Start summing n values over the ranks, in place; one at a time.
	 * 0 or a negative errno. */
	int (*sum_start)(void *arg, uint64_t *v, size_t n);
	/* Whether the sum last started is done: 1; 0 not yet (it makes
	 * progress); a negative errno. */
	int (*sum_test)(void *arg);
	/* Every rank's len bytes (len may differ) to rank 0: *all (malloc'd,
	 * n_ranks buffers laid end to end) and lens[] (n_ranks, given by
	 * the caller) at rank 0; nothing elsewhere.  0 or a negative errno. */
	int (*gather)(void *arg, const void *mine, size_t len, void **all, size_t *lens);
	/* Rank 0's len bytes to every rank. */
	int (*bcast)(void *arg, void *buf, size_t len);
};

struct cluster;

/* A coordinator over t (which must outlive it); NULL without memory. */
struct cluster *cluster_new(const struct cluster_transport *t);
void cluster_free(struct cluster *c);
const struct cluster_transport *cluster_transport(const struct cluster *c);

/*
 * Whether every rank got through a stage: each rank's status (0: it did)
 * and error; rank 0 prints the errors, once for a message every failing
 * rank has alike, else each with "rank R (HOST): " before it.  Returns
 * 0 when every rank succeeded, 1 when any failed (on every rank), or a
 * negative errno when the ranks cannot talk (e says why).
 */
int cluster_agree(struct cluster *c, int status, const struct perr *mine, struct perr *e);

/* Whether this rank's plan has as many workers and phases as rank 0's
 * (the rounds and the merge count on it): 0, or -EINVAL with e saying
 * so (the caller agrees on it with the others: cluster_agree). */
int cluster_check_plan(struct cluster *c, size_t n_jobs, unsigned int n_phases,
		       struct perr *e);

/* A sync point outside the run (the layout): wait for every rank. */
int cluster_barrier(struct cluster *c, struct perr *e);

/* --- the runner's side (runner.c) --- */

/* Before the run: vectors for plan's jobs and the stop flags to raise;
 * want_counts: rank 0 wants the jobs' counters (its status line, logs
 * or steady state), as rank 0 says. */
int cluster_run_begin(struct cluster *c, const struct plan *plan, int *stop_flags,
		      bool want_counts, struct perr *e);
/*
 * One step, at `now`: take part in a round when one is due, with this
 * rank's state (running: not at a sync point; failed: one of its jobs
 * failed; jobs: its counters, read when rank 0 wants them), and
 * act on the last one's sum (raise stop flags).  Returns when to step
 * again; *synced is set when a sync point was passed (the rank had
 * stopped running and nobody else runs).  A negative errno in *err when
 * the ranks cannot talk.
 */
uint64_t cluster_step(struct cluster *c, uint64_t now, bool running, bool failed,
		      const struct eta_job *jobs, bool *synced, int *err);
/* Whether rank 0 wants the jobs' counters in rounds. */
bool cluster_counts(const struct cluster *c);
/* Whether the run is to end after this phase, as every rank decides it:
 * a rank failed (every job was asked to stop), or a signal stopped one
 * (which asked its jobs, hence every rank's, to stop). */
bool cluster_ending(const struct cluster *c);
/* The ranks stopped answering (one died): no more collective calls;
 * cluster_agree and cluster_collect fail at once. */
void cluster_broken(struct cluster *c);
/* Rank 0's jobs as the whole cluster does them: jobs (its own) with each
 * job's counters summed over the ranks as of the last round, and in *at
 * when this rank took its part of that round (rates are measured between
 * such times, not between looks at the sums, which come late by as much
 * as a round does); jobs and *at unchanged before any round. */
const struct eta_job *cluster_view(struct cluster *c, const struct eta_job *jobs,
				   uint64_t *at);
/* This rank's clock at the first sync point (the run's common start). */
uint64_t cluster_start_ns(const struct cluster *c);
void cluster_run_end(struct cluster *c);

/* --- after the run --- */

/* One rank's statistics at rank 0. */
struct cluster_rank {
	unsigned int rank;
	char host[256];
	struct job_stats *stats;	/* n_jobs (stats_zalloc'd) */
};

/*
 * Every rank's statistics to rank 0, with their times moved onto rank
 * 0's clock (each rank's start of the run is rank 0's).  At rank 0:
 * *ranks (n_ranks entries, cluster_ranks_free) and `merged` (n_jobs,
 * zeroed by the caller): job i of every rank merged, histograms bin by
 * bin, its runtime the common window (first start to last end).  0, or
 * a negative errno with e set.
 */
int cluster_collect(struct cluster *c, const struct job_stats *stats, size_t n_jobs,
		    struct job_stats *merged, struct cluster_rank **ranks, struct perr *e);
void cluster_ranks_free(struct cluster_rank *ranks, unsigned int n, size_t n_jobs);

#endif
