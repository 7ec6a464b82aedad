/*
 * checks.c - what is decided about the built jobs before anything is
 * planned: whether plio can run them (options it parses but does not run
 * yet, an engine that cannot trim or do direct I/O), --readonly, and the
 * --debug=parse listing of what each job's options came to.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "options/internal.h"
#include "options/options.h"
#include "options/value.h"
#include "plugin/loader.h"

/* Whether js's value of option o differs from def's (the defaults): text
 * options given without a default always differ. */
static bool differs(const struct plio_option *o, const struct job_spec *js,
		    const struct job_spec *def)
{
	char a[PERR_LEN], b[PERR_LEN];

	if (!o->def && !option_is_bool(o))
		return true;
	if (option_format_value(o, js, a, sizeof(a)) ||
	    option_format_value(o, def, b, sizeof(b)))
		return true;
	return strcmp(a, b) != 0;
}

/* The first not-yet option js sets to a non-default value refuses it. */
static int check_not_yet(const struct job_spec *js, const struct job_spec *def,
			 struct perr *e)
{
	char where[256];
	size_t i;

	for (i = 0; i < CO_NR; i++) {
		const struct core_option *co = &core_options[i];

		if (!(co->flags & OPTF_NOT_YET) || !js->set[i] || !differs(&co->o, js, def))
			continue;
		origin_str(&js->set_where[i], where, sizeof(where));
		return perr_setrc(e, -ENOTSUP, "%s: %s: option %s is not supported yet",
				  where, co->o.name, co->o.name);
	}
	return 0;
}

int options_check_runnable(const struct job_spec *js, struct perr *e)
{
	struct job_spec *def = calloc(1, sizeof(*def));
	enum core_opt dio;
	char where[256];
	int rc;

	if (!def)
		return perr_setrc(e, -ENOMEM, "out of memory");
	rc = options_core_defaults(def, e);
	if (!rc)
		rc = check_not_yet(js, def, e);
	options_core_free(def);
	free(def);
	if (rc)
		return rc;
	/* trims go to engines that say they trim; one that moves no data
	 * (null) completes them like everything else, as in fio */
	if ((js->rw & RW_TRIM) && js->engine &&
	    !(js->engine->e.caps & (PLIO_CAP_TRIM | PLIO_CAP_FAKEIO)))
		return perr_setrc(e, -ENOTSUP, "%s: rw: engine %s cannot trim",
				  options_where(js, CO_RW, where, sizeof(where)),
				  js->engine->e.name);
	/* files picked by a distribution come with random_distribution */
	if (js->fst > FST_SEQUENTIAL)
		return perr_setrc(e, -ENOTSUP, "%s: file_service_type: '%.*s' is not supported yet (random, roundrobin and sequential are)",
				  options_where(js, CO_FILE_SERVICE_TYPE, where, sizeof(where)),
				  (int)strcspn(js->txt.file_service_type, ":"),
				  js->txt.file_service_type);
	if (js->direct && js->engine && (js->engine->e.caps & PLIO_CAP_NODIRECT)) {
		dio = options_is_set(js, CO_BUFFERED) ? CO_BUFFERED : CO_DIRECT;
		return perr_setrc(e, -ENOTSUP, "%s: %s: engine %s cannot do direct I/O",
				  options_where(js, dio, where, sizeof(where)),
				  core_options[dio].o.name, js->engine->e.name);
	}
	/* offload threads would only add a hand-over per I/O: plio's
	 * workers submit their own I/O (inline) */
	if (js->io_submit_mode)
		return perr_setrc(e, -ENOTSUP, "%s: io_submit_mode: io_submit_mode=offload is not supported yet (inline is)",
				  options_where(js, CO_IO_SUBMIT_MODE, where, sizeof(where)));
	return 0;
}

int options_check_readonly(const struct job_list *jobs, struct perr *e)
{
	char where[256], val[64];
	size_t i;

	for (i = 0; i < jobs->n; i++) {
		const struct job_spec *js = jobs->jobs[i];

		if (!(js->rw & (RW_WRITE | RW_TRIM)))
			continue;
		option_format_value(&core_options[CO_RW].o, js, val, sizeof(val));
		return perr_set(e, "%s: rw: job '%s' %s (rw=%s), and --readonly refuses writes and trims",
				options_where(js, CO_RW, where, sizeof(where)), js->name,
				js->rw & RW_WRITE ? "writes" : "trims", val);
	}
	return 0;
}

void options_job_facts(const struct job_spec *js, struct plio_job *job)
{
	int d;

	memset(job, 0, sizeof(*job));
	job->struct_size = sizeof(*job);
	job->rw = (js->rw & RW_READ ? PLIO_JOB_READ : 0) | (js->rw & RW_WRITE ? PLIO_JOB_WRITE : 0) |
		  (js->rw & RW_TRIM ? PLIO_JOB_TRIM : 0) | (js->rw & RW_RAND ? PLIO_JOB_RANDOM : 0);
	job->rwmixread = (uint32_t)js->rwmixread;
	job->iodepth = (uint32_t)js->iodepth;
	job->iodepth_batch = (uint32_t)js->iodepth_batch;
	job->iodepth_batch_complete_min = (uint32_t)js->iodepth_batch_complete_min;
	job->iodepth_batch_complete_max = (uint32_t)js->iodepth_batch_complete_max;
	job->direct = js->direct ? 1 : 0;
	job->sync = js->sync == 2 ? PLIO_SYNC_SYNC : js->sync == 4 ? PLIO_SYNC_DSYNC :
		    PLIO_SYNC_NONE;
	job->kb_base = (uint32_t)js->kb_base;
	job->time_based = js->time_based ? 1 : 0;
	job->runtime_us = js->runtime;
	for (d = 0; d < 3; d++) {
		job->min_bs[d] = js->bsd[d].min;
		job->max_bs[d] = js->bsd[d].max;
	}
	job->fsync_nr = (uint64_t)js->fsync;
	job->fdatasync_nr = (uint64_t)js->fdatasync;
	job->name = js->name;
}

/* One job's engine options that differ from the engine's defaults. */
static void dump_engine(const struct job_spec *js)
{
	const struct loaded_engine *le = js->engine;
	struct perr e = { "" };
	char a[512], b[512];
	void *edef;
	size_t k;

	if (!le || !js->engine_opts)
		return;
	edef = calloc(1, le->e.options_size ? le->e.options_size : 1);
	if (!edef || option_set_defaults(le->options, le->n_options, edef, &e)) {
		free(edef);
		return;
	}
	for (k = 0; k < le->n_options; k++) {
		const struct plio_option *o = &le->options[k];

		if (option_format_value(o, js->engine_opts, a, sizeof(a)) ||
		    option_format_value(o, edef, b, sizeof(b)) || strcmp(a, b))
			log_debug(DBG_PARSE, "job %s: %s: %s=%s", js->name, le->e.name,
				  o->name, a);
	}
	option_free_values(le->options, le->n_options, edef);
	free(edef);
}

void options_dump(const struct job_list *jobs)
{
	struct job_spec *def;
	struct perr e = { "" };
	char a[512], b[512];
	size_t i, k;

	if (!(log_debug_mask & DBG_PARSE))
		return;
	def = calloc(1, sizeof(*def));
	if (!def || options_core_defaults(def, &e)) {
		free(def);
		return;
	}
	for (i = 0; i < jobs->n; i++) {
		const struct job_spec *js = jobs->jobs[i];

		for (k = 0; k < CO_NR; k++) {
			const struct plio_option *o = &core_options[k].o;

			if (option_format_value(o, js, a, sizeof(a)) ||
			    option_format_value(o, def, b, sizeof(b)) || strcmp(a, b))
				log_debug(DBG_PARSE, "job %s: %s=%s", js->name, o->name, a);
		}
		if (js->rw_nr)
			log_debug(DBG_PARSE, "job %s: rw_nr=%lld", js->name,
				  (long long)js->rw_nr);
		dump_engine(js);
	}
	options_core_free(def);
	free(def);
}
