/*
 * outnames.c - the names of the files a job writes besides its data
 * (statistics logs, write_iolog, verify state and dumps, exec_prerun's
 * output, mem=mmap's file), as plan.h lists them.
 *
 * The plan decides them so the rule lives in one place: under plio-mpi
 * every rank runs the same job file, often in one shared folder, and its
 * rank tag keeps each rank's files apart; a local run (no tag) gets fio's
 * names unchanged.  The modules that open the files (measure/stats.c,
 * run/wiolog.c, run/wverify.c, run/process.c, run/wbuf.c) call these once,
 * when they set up, never per I/O.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "plan/plan.h"

int plan_out_name(const struct plan_shape *s, char *buf, size_t size, const char *stem,
		  const char *suffix)
{
	const char *tag = s->rank_tag;
	int n = snprintf(buf, size, "%s%s%s%s", stem, tag ? "." : "", tag ? tag : "", suffix);

	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return n;
}

int plan_vstate_name(const struct plan_job *pj, char *buf, size_t size)
{
	const char *tag = pj->shape->rank_tag;
	int n = snprintf(buf, size, "%s-%s-%u-verify.state", tag ? tag : "local",
			 pj->shape->name, pj->clone);

	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return n;
}
