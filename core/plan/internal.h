/*
 * internal.h - what the files of the plan stage share, and nothing
 * outside core/plan/ includes.
 */
#ifndef PLIO_PLAN_INTERNAL_H
#define PLIO_PLAN_INTERNAL_H

#include "plan/plan.h"

/* shape.c: what every clone of js does. */
void plan_shape(struct plan_shape *s, const struct job_spec *js,
		const struct plan_opts *opts);

/* files.c: pj's files and regions (opts: plio-mpi's names and shares;
 * may be NULL), pj->io_size, its file service; pj->spec, ->shape,
 * ->engine, ->clone and ->seed are set. */
int plan_files(struct plan_job *pj, const struct plan_opts *opts, struct perr *e);
/* files.c: read_iolog's logs into s->replay (before the clones' files). */
int plan_replay_load(struct plan_shape *s, const struct job_spec *js, struct perr *e);

#endif
