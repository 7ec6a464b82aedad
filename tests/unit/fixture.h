/*
 * fixture.h - what test_plan and test_pick share: job files from strings
 * built into job specs and a plan, with engines faked (no loader, no
 * plugin files).
 *
 * "mem" is a diskless engine that completes every I/O at once and moves
 * no data (the null engine's kind): plans of it touch no file, and a
 * worker set up with it runs its picking without any system call per I/O.
 * "file" is an engine that uses files (psync's kind), for plans whose
 * regions depend on the files on disk.  "cpu" moves no data (cpuio's
 * kind).
 */
#ifndef PLIO_TEST_FIXTURE_H
#define PLIO_TEST_FIXTURE_H

#include "input/jobfile.h"
#include "options/options.h"
#include "plan/plan.h"

extern struct jobfile fx_jf;
extern struct job_list fx_jl;
extern struct plan fx_plan;
extern struct perr fx_err;

/* Start and end of one test's fixture. */
void fx_setup(void);
void fx_teardown(void);

/* Parse text as jobs.fio, build the jobs and their plan (opts may be
 * NULL); 0, or the failing stage's error with fx_err set. */
int fx_plan_text(const char *text, const struct plan_opts *opts);
/* The same, failing the test unless it works. */
void fx_plan_ok(const char *text);
/* The same, failing the test unless it fails with exactly msg. */
void fx_plan_fails(const char *text, const char *msg);

/* Clone i of the plan. */
const struct plan_job *fx_job(size_t i);

#endif
