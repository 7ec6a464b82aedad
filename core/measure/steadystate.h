/*
 * steadystate.h - fio's steady state detection: end a job once its IOPS or
 * bandwidth has settled.
 *
 * Options of a job (fio 3.33's): steadystate (ss) = iops | iops_slope | bw |
 * bw_slope, ":LIMIT" with an optional "%"; steadystate_duration (ss_dur),
 * the window, in whole seconds (0: no detection); steadystate_ramp_time
 * (ss_ramp), how long after its start a job's data begins to count;
 * steadystate_check_interval (ss_interval, fio 3.36's), the sampling
 * period, 1 s by default, which ss_dur is a multiple of.
 *
 * The runner (the parent) calls steadystate_tick() when a sample is due,
 * with the jobs' counters; each tracked job (or, with group_reporting,
 * each group, tracked at its first member) keeps the last ss_dur /
 * ss_interval samples of IOPS and bytes/s, each a rate per second over
 * one interval.  With a full window, the criterion is the largest
 * deviation from the window's mean, or the slope of the least-squares line
 * through it (per second, whatever the interval), in percent of the mean
 * with "%".  Below LIMIT,
 * the job (every member of the group) is asked to stop, and the report
 * says "attained".  The results live here until steadystate_free(); the
 * report reads them with steadystate_report_json/_normal.
 */
#ifndef PLIO_STEADYSTATE_H
#define PLIO_STEADYSTATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "measure/eta.h"
#include "base/json.h"
#include "base/log.h"
#include "options/spec.h"
#include "plan/plan.h"

/*
 * Set up the trackers of the plan's jobs that ask for detection; 0 when
 * none or done, else a negative errno with e set (a malformed criterion).
 * Returns with nothing to do (steadystate_active() false) when no job
 * has a steadystate_duration.
 */
int steadystate_init(const struct plan *plan, struct perr *e);
bool steadystate_active(void);

/* The shortest ss_interval of the jobs tracked: when to call the first
 * steadystate_tick() after the start (UINT64_MAX: none). */
uint64_t steadystate_period_ns(void);

/*
 * Take the samples due at now (each tracker's ss_interval after its
 * previous one): jobs[] holds every plan job's state and counters now.
 * Sets stop[i] (relaxed atomic store) for the jobs that became steady.
 * Returns when the next sample is due (UINT64_MAX: never).
 */
uint64_t steadystate_tick(const struct plan *plan, const struct eta_job *jobs,
			  uint64_t now, int *stop);

/* fio's "steadystate" object of the report entry whose first member is
 * pj (nothing when that job did no detection): ss, duration, attained,
 * criterion, max_deviation, slope, data {bw_mean, iops_mean, iops, bw}. */
void steadystate_report_json(struct json_writer *w, const struct plan_job *pj);
/* fio's normal-output line, "  steadystate  : attained=yes, bw=..., iops=...,
 * iops slope=0.850%", or nothing. */
void steadystate_report_normal(FILE *out, const struct plan_job *pj);

void steadystate_free(void);

#endif
