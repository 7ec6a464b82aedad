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
	uint64_t file_size;	/* bytes the file must hold: offset + size */
	uint64_t real_size;	/* bytes it holds once laid out: file_size,
				 * or more when it was bigger already (where
				 * rw=MODE:N's holes wrap, as fio's do) */
	bool layout;		/* must be created or extended before the job */
	bool fill;		/* layout writes data up to file_size (the job
				 * reads, or overwrite=1), not only allocates */
	bool blkdev;		/* a block device: never created nor extended */
};

/* file_service_type, decoded */
enum plan_fst {
	FST_RANDOM,
	FST_ROUNDROBIN,
	FST_SEQUENTIAL,
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
	uint64_t io_size;	/* bytes per loop, all files (io_size=, else
				 * size=, else the regions' sum); may exceed
				 * the regions: offsets then wrap */
	bool io_wrap;		/* io_size= given: files that are done start
				 * over until it is moved */
	uint64_t number_ios;	/* I/Os per loop at most; 0: no limit */
	enum plan_fst fst;	/* how the next file is picked */
	unsigned int fst_nr;	/* I/Os to a file before switching (:N) */
	unsigned int openfiles;	/* files open at once, 1..n_files */
	int open_flags;		/* O_* of the job's files (sync=, direct=) */
	uint64_t seed;		/* random seed of this clone */
	bool seed_repeats;	/* randrepeat, allrandrepeat or randseed=:
				 * every loop starts the random sequences
				 * (offsets, directions, sizes) over, as fio's do */
	uint64_t max_bs;
	uint64_t min_bs;	/* smallest block size of its directions */
};

struct plan {
	struct plan_job *jobs;
	size_t n_jobs;
	unsigned int n_groups;
	unsigned int n_phases;	/* jobs of one phase are contiguous */
};

/*
 * Size of a regular file (st_size) or a block device (BLKGETSIZE64), by fd
 * when fd >= 0, else by path; *blkdev says which.  -EINVAL for anything
 * else (no size to take), -errno when it cannot be seen.
 */
int plan_file_size(const char *path, int fd, uint64_t *size, bool *blkdev);

int plan_build(const struct job_list *jl, struct plan *out, struct perr *e);
void plan_free(struct plan *p);

#endif
