/*
 * process.h - what a job asks of the process (or thread) that runs it:
 * nice, prio/prioclass (I/O priority), gid/uid, exec_prerun/exec_postrun.
 *
 * Called by the worker on its own thread (or in its own process):
 * process_job_start after set-up and before the start barrier,
 * process_job_end after the run.  Every setting applies to the calling
 * thread only, so in thread mode one job's settings never reach the main
 * thread or another job (see process.c for how, and where fio differs).
 */
#ifndef PLIO_PROCESS_H
#define PLIO_PROCESS_H

#include <sched.h>
#include <stddef.h>
#include <stdint.h>

struct plan_job;

/* Apply the job's I/O priority, nice, gid and uid, in that order, then run
 * exec_prerun.  Returns 0, or a negative errno with a one-line reason
 * ("nice(-5): Permission denied") in errbuf; the caller prefixes the job.
 * Nothing is undone on failure: the worker is about to end. */
int process_job_start(const struct plan_job *pj, char *errbuf, size_t errlen);
/* Run exec_postrun.  Same return convention. */
/* A plan's CPU mask (PLAN_CPUS_MAX bits) as a cpu_set_t: every CPU in it,
 * or with nth >= 0 only the (nth mod count)-th (cpus_allowed_policy=split).
 * Returns how many CPUs the mask holds. */
unsigned int process_cpu_set(const uint64_t *mask, int nth, cpu_set_t *set);
int process_job_end(const struct plan_job *pj, char *errbuf, size_t errlen);

#endif
