/*
 * plan.c - job specs to what will run (see plan.h).
 *
 * Everything that can be decided before a worker starts is decided here,
 * once, on the main thread: each job's shape (shape.c), then for each
 * clone its seeds, files and regions (files.c) and start delay, then the
 * groups, phases and waits of the whole run.  Errors name the option
 * that set what failed ("jobs.fio:3: size: ...").
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/rand.h"
#include "plan/internal.h"
#include "plugin/loader.h"

/*
 * The seeds of a clone's random generators, each from the clone's seed,
 * so randrepeat=1 (or randseed=) repeats them all.  The worker seeds its
 * generators with these; --debug=random lists them.
 */
static const uint64_t seed_salt[PLAN_RAND_NR] = {
	[PLAN_RAND_OFFSET] = 0,
	[PLAN_RAND_DIRECTION] = 0x5a5a5a5a5a5a5a5aull,
	[PLAN_RAND_FILE] = 0x66696c6573ull,
	[PLAN_RAND_BLOCKSIZE] = 0x626c6f636b73ull,
	[PLAN_RAND_FILESIZE] = 0x66696c6573697a65ull,
	[PLAN_RAND_STARTDELAY] = 0x73746172746479ull,
};

static void plan_seeds(struct plan_job *pj)
{
	size_t i;

	for (i = 0; i < PLAN_RAND_NR; i++)
		pj->seeds[i] = pj->seed ^ seed_salt[i];
}

/*
 * startdelay=T or LOW-HIGH: the delay of one clone.  A range picks a
 * value per clone from the clone's seed, so randrepeat=1 repeats it.
 */
static void plan_startdelay(struct plan_job *pj)
{
	const struct job_spec *js = pj->spec;
	uint64_t lo = js->startdelay_lo, hi = js->startdelay_hi;
	struct rand_state r;

	pj->startdelay_us = lo;
	if (hi > lo) {
		rand_seed(&r, pj->seeds[PLAN_RAND_STARTDELAY]);
		pj->startdelay_us += hi - lo == UINT64_MAX ? rand_next(&r) :
				     rand_below(&r, hi - lo + 1);
	}
}

/*
 * Groups and phases as fio numbers them: a job with stonewall (or the first
 * job of a later job file) or new_group starts a new group unless no job
 * came before; stonewall also starts a new phase.  Clones of a job share
 * its group and phase (fio clears stonewall on clones).  wait_for named a
 * job defined before (options checked): the clone waits for every job of
 * that name.
 */
static void plan_order(struct plan *p, const struct job_list *jl)
{
	unsigned int group = 0, phase = 0;
	size_t k, j;

	for (k = 0; k < p->n_jobs; k++) {
		struct plan_job *pj = &p->jobs[k];
		const struct job_spec *js = pj->spec;
		bool wall = js->stonewall || (js->section && js->section->stonewall_before);

		if (k && !pj->clone && (wall || js->new_group))
			group++;
		if (k && !pj->clone && wall)
			phase++;
		pj->group = group;
		pj->phase = phase;
		for (j = 0; j < pj->spec_index; j++)
			if (!strcmp(jl->jobs[j]->name, js->name))
				break;
		pj->name_id = (unsigned int)j;
		pj->waits_for = js->wait_for_job;
	}
	p->n_groups = group + 1;
	p->n_phases = phase + 1;
	/* flow: one counter per flow_id among the jobs that have a weight */
	for (k = 0; k < p->n_jobs; k++) {
		struct plan_job *pj = &p->jobs[k];

		pj->flow_group = -1;
		if (!pj->shape->pace.flow)
			continue;
		for (j = 0; j < k; j++)
			if (p->jobs[j].flow_group >= 0 &&
			    p->jobs[j].spec->flow_id == pj->spec->flow_id)
				break;
		pj->flow_group = j < k ? p->jobs[j].flow_group : (int)k;
	}
}

/* Seeds as fio makes them: randseed + clone when they repeat (an
 * explicit randseed or allrandrepeat repeats too when randrepeat=0), else
 * new ones each run.  plio-mpi shared files: filesize=LOW-HIGH is picked
 * from the repeating seed all the same, so that every rank plans the same
 * regions to split. */
static void plan_clone_seed(struct plan_job *pj, size_t k, const struct plan_opts *opts)
{
	const struct job_spec *js = pj->spec;

	pj->seed_repeats = js->randrepeat || js->allrandrepeat ||
			   options_is_set(js, CO_RANDSEED);
	if (pj->seed_repeats)
		pj->seed = (uint64_t)js->randseed + pj->clone;
	else
		pj->seed = ((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL) ^
			   ((uint64_t)k << 48);
	plan_seeds(pj);
	if (opts && opts->shared_files && !pj->seed_repeats)
		pj->seeds[PLAN_RAND_FILESIZE] = ((uint64_t)js->randseed + pj->clone) ^
						seed_salt[PLAN_RAND_FILESIZE];
}

int plan_build(const struct job_list *jl, const struct plan_opts *opts,
	       struct plan *out, struct perr *e)
{
	size_t i, n = 0, k = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < jl->n; i++)
		n += (size_t)jl->jobs[i]->numjobs;
	out->jobs = calloc(n ? n : 1, sizeof(*out->jobs));
	out->shapes = calloc(jl->n ? jl->n : 1, sizeof(*out->shapes));
	if (!out->jobs || !out->shapes) {
		plan_free(out);
		return perr_setrc(e, -ENOMEM, "out of memory for the plan of %zu jobs", n);
	}
	if (opts && opts->rank_tag) {
		out->rank_tag = strdup(opts->rank_tag);
		if (!out->rank_tag) {
			plan_free(out);
			return perr_setrc(e, -ENOMEM, "out of memory");
		}
	}
	for (i = 0; i < jl->n; i++) {
		const struct job_spec *js = jl->jobs[i];
		unsigned int c;

		plan_shape(&out->shapes[i], js, opts);
		out->shapes[i].rank_tag = out->rank_tag;
		/* files all ranks share are removed by rank 0 alone: another
		 * rank's unlink would pull them from under rank 0's layout of
		 * the next loop, or from a rank that has yet to open them */
		if (opts && opts->shared_files && opts->rank)
			out->shapes[i].unlink = out->shapes[i].unlink_each_loop = false;
		out->n_shapes = i + 1;
		rc = plan_replay_load(&out->shapes[i], js, e);
		if (rc) {
			plan_free(out);
			return rc;
		}
		for (c = 0; c < (unsigned int)js->numjobs; c++) {
			struct plan_job *pj = &out->jobs[k];

			pj->spec = js;
			pj->shape = &out->shapes[i];
			pj->engine = js->engine;
			pj->index = (unsigned int)k;
			pj->spec_index = (unsigned int)i;
			pj->clone = c;
			plan_clone_seed(pj, k, opts);
			out->n_jobs = ++k;
			rc = plan_files(pj, opts, e);
			if (rc) {
				plan_free(out);
				return rc;
			}
			plan_startdelay(pj);
		}
	}
	plan_order(out, jl);
	return 0;
}

void plan_free(struct plan *p)
{
	size_t i, j;

	for (i = 0; i < p->n_jobs; i++) {
		for (j = 0; j < p->jobs[i].n_files; j++)
			free(p->jobs[i].files[j].path);
		free(p->jobs[i].files);
	}
	free(p->jobs);
	for (i = 0; i < p->n_shapes; i++) {
		for (j = 0; j < p->shapes[i].n_replay; j++)
			iolog_free(&p->shapes[i].replay[j]);
		free(p->shapes[i].replay);
	}
	free(p->shapes);
	free(p->rank_tag);
	memset(p, 0, sizeof(*p));
}

/*
 * --debug=random: each clone's generators, in fio's form and where fio
 * prints its debug output (the report's stream): "random   PID
 * FIO_RAND_NR_OFFS=N", then "random   PID rand_seeds[I]=SEED" for each,
 * so scripts that compare seeds across runs read plio's as fio's.
 */
static void dump_seeds(FILE *out, const struct plan *plan)
{
	unsigned int pid = (unsigned int)getpid();
	size_t i, k;

	for (i = 0; i < plan->n_jobs; i++) {
		const struct plan_job *pj = &plan->jobs[i];

		fprintf(out, "%-8s %-5u job %s.%u: FIO_RAND_NR_OFFS=%d\n", "random", pid,
			pj->shape->name, pj->clone, PLAN_RAND_NR);
		for (k = 0; k < PLAN_RAND_NR; k++)
			fprintf(out, "%-8s %-5u job %s.%u: rand_seeds[%zu]=%llu\n", "random",
				pid, pj->shape->name, pj->clone, k,
				(unsigned long long)pj->seeds[k]);
	}
}

void plan_dump(FILE *out, const struct plan *plan)
{
	size_t i, k;

	if (log_debug_mask & DBG_RANDOM)
		dump_seeds(out, plan);
	if (!(log_debug_mask & (DBG_PROCESS | DBG_FILE)))
		return;
	for (i = 0; i < plan->n_jobs; i++) {
		const struct plan_job *pj = &plan->jobs[i];
		const char *name = pj->shape->name;

		log_debug(DBG_PROCESS, "job %s.%u: a %s, group %u, phase %u, starts after %lluus%s",
			  name, pj->clone, pj->shape->thread ? "thread" : "process",
			  pj->group, pj->phase, (unsigned long long)pj->startdelay_us,
			  pj->waits_for >= 0 ? ", after the jobs it waits for" : "");
		for (k = 0; k < pj->n_files; k++) {
			const struct plan_file *pf = &pj->files[k];

			log_debug(DBG_FILE, "job %s.%u: file '%s': region %llu+%llu, %s %llu bytes",
				  name, pj->clone, pf->path, (unsigned long long)pf->offset,
				  (unsigned long long)pf->size,
				  pf->blkdev ? "a block device of at least" :
				  !pf->layout ? "used as it is, at least" :
				  pf->fill ? "first written up to" :
				  "first created or extended to",
				  (unsigned long long)pf->file_size);
		}
		log_debug(DBG_FILE, "job %s.%u: %llu bytes per loop over %zu file%s, %u open at once",
			  name, pj->clone, (unsigned long long)pj->io_size,
			  pj->n_files, pj->n_files == 1 ? "" : "s", pj->openfiles);
	}
}

int plan_check_readonly(const struct plan *plan, struct perr *e)
{
	char where[256];
	size_t i, k;

	for (i = 0; i < plan->n_jobs; i++) {
		const struct plan_job *pj = &plan->jobs[i];
		const struct job_spec *js = pj->spec;
		enum core_opt unl = js->unlink ? CO_UNLINK : CO_UNLINK_EACH_LOOP;
		bool exists;

		if (js->unlink || js->unlink_each_loop)
			return perr_set(e, "%s: %s: job '%s' deletes its files, and --readonly refuses writes",
					options_where(js, unl, where, sizeof(where)),
					core_options[unl].o.name, js->name);
		/* a replay does what its log does, whatever rw= says */
		if (pj->replay && (pj->replay->count[IOLOG_WRITE] || pj->replay->count[IOLOG_TRIM]))
			return perr_set(e, "%s: read_iolog: job '%s' replays '%s', which %s, and --readonly refuses writes and trims",
					options_where(js, CO_READ_IOLOG, where, sizeof(where)), js->name,
					pj->replay->name,
					pj->replay->count[IOLOG_WRITE] ? "writes" : "trims");
		for (k = 0; k < pj->n_files; k++) {
			if (!pj->files[k].layout)
				continue;
			exists = !access(pj->files[k].path, F_OK);
			return perr_set(e, "%s: filename: job '%s' would %s '%s'%s%llu bytes%s first, and --readonly refuses writes",
					options_where(js, CO_FILENAME, where, sizeof(where)),
					js->name, exists ? "extend" : "create",
					pj->files[k].path, exists ? " to " : " (",
					(unsigned long long)pj->files[k].file_size,
					exists ? "" : ")");
		}
	}
	return 0;
}
