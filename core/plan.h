/*
 * plan.h - third stage: job specs to what will run.
 *
 * Expands numjobs into clones, assigns reporting groups and stonewalled
 * phases (as fio numbers them), resolves startdelay and wait_for, resolves each
 * clone's files (names, directory, region offset and size, whether they
 * must be laid out first) and checks what is safe before anything runs.
 * The plan is immutable once built; workers only read it.
 */
#ifndef PLIO_PLAN_H
#define PLIO_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "options.h"

struct plan_file {
	char *path;
	uint64_t offset;	/* start of the region the job may touch */
	uint64_t size;		/* bytes of that region */
	bool layout;		/* must be created/filled before the job reads */
};

struct plan_job {
	const struct job_spec *spec;
	const struct loaded_engine *engine;
	unsigned int index;	/* position in plan->jobs */
	unsigned int spec_index; /* which job spec (jl->jobs[i]) it clones */
	unsigned int clone;	/* 0 .. numjobs-1 */
	unsigned int group;	/* reporting group: fio's groupid */
	unsigned int phase;	/* runs once every job of earlier phases ended
				 * (stonewall, and each job file after the first) */
	uint64_t startdelay_us;	/* start this long after the run began (fio
				 * counts from then, not from the phase); a
				 * range is already resolved per clone */
	bool waits;		/* spec->wait_for names earlier jobs to await */
	struct plan_file *files;
	size_t n_files;
	uint64_t io_size;	/* bytes per loop, all files */
	uint64_t seed;		/* random seed of this clone */
	uint64_t max_bs;
};

struct plan {
	struct plan_job *jobs;
	size_t n_jobs;
	unsigned int n_groups;
	unsigned int n_phases;	/* jobs of one phase are contiguous */
};

int plan_build(const struct job_list *jl, struct plan *out, struct perr *e);
void plan_free(struct plan *p);

#endif
