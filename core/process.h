/*
 * process.h - what a job asks of the process (or thread) that runs it:
 * nice, prio/prioclass (I/O priority), uid/gid, exec_prerun/exec_postrun.
 *
 * Called by the worker on its own thread: process_job_start after set-up
 * and before the start barrier, process_job_end after the run.
 */
#ifndef PLIO_PROCESS_H
#define PLIO_PROCESS_H

#include <stddef.h>

struct plan_job;

/* Apply the job's process settings and run exec_prerun.  Returns 0, or a
 * negative errno with a one-line reason ("nice: ...") in errbuf. */
int process_job_start(const struct plan_job *pj, char *errbuf, size_t errlen);
/* Run exec_postrun.  Same return convention. */
int process_job_end(const struct plan_job *pj, char *errbuf, size_t errlen);

#endif
