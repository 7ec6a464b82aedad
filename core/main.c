/*
 * main.c - plio's entry: runs the data flow stage by stage.
 *
 *   argv, job files -> jobfile -> options -> plan -> runner -> report
 *
 * Each stage hands the next an immutable result; main only wires them
 * together, prints the one-line errors they compose, and picks the exit
 * status (0 when every job ran without error).
 */
#include "config.h"

#include <errno.h>
#include <ltdl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "cmdline.h"
#include "jobfile.h"
#include "loader.h"
#include "options.h"
#include "plan.h"
#include "report.h"
#include "runner.h"

static const struct loaded_engine *lookup_engine(const char *name, struct perr *e)
{
	return loader_find_engine(name, e);
}

static int fail(const struct perr *e)
{
	if (e->msg[0])
		log_error("%s", e->msg);
	return 1;
}

/* --profile=NAME: parse its options and let it add jobs to jf. */
static int run_profile(struct cmdline *cl, struct perr *e)
{
	const struct loaded_profile *lp;
	struct plio_jobgen gen;
	struct jf_section *glob = NULL;
	char origin_name[160];
	void *block;
	size_t i;
	int rc;

	lp = loader_find_profile(cl->profile, e);
	if (!lp)
		return -ENOENT;
	block = calloc(1, lp->p.options_size ? lp->p.options_size : 1);
	if (!block)
		return -ENOMEM;
	rc = option_set_defaults(lp->options, lp->n_options, block, e);
	for (i = 0; !rc && i < cl->n_profile_args; i++) {
		const struct cmd_kv *kv = &cl->profile_args[i];
		const struct plio_option *o = option_find(lp->options, lp->n_options, kv->key);
		struct perr what;

		if (o) {
			rc = option_parse_value(o, kv->value, 1024, block, &what);
			if (rc)
				rc = perr_set(e, "command line (argument %u): %s: %s",
					      kv->where.line, kv->key, what.msg);
			continue;
		}
		/* not the profile's: a global option for the jobs it makes */
		if (!glob) {
			glob = jobfile_add_section(&cl->jf, "global", true, kv->where);
			if (!glob) {
				rc = -ENOMEM;
				break;
			}
		}
		rc = jobfile_add_entry(&cl->jf, kv->key, kv->value, kv->where);
	}
	if (!rc) {
		/* the jobfile keeps its own copy of the origin's name */
		snprintf(origin_name, sizeof(origin_name), "profile %s", cl->profile);
		gen.jf = &cl->jf;
		gen.where.file = origin_name;
		gen.where.line = 0;
		gen.have_job = false;
		rc = lp->p.generate(&gen, block);
		if (rc)
			rc = perr_setrc(e, rc, "profile '%s': generating jobs failed: %s",
					cl->profile, strerror(-rc));
	}
	option_free_values(lp->options, lp->n_options, block);
	free(block);
	return rc;
}

int main(int argc, char **argv)
{
	struct cmdline cl;
	struct job_list jobs = { 0 };
	struct plan plan = { 0 };
	struct job_stats *stats = NULL;
	struct report_ctx rc_ctx;
	struct perr e = { "" };
	struct timeval tv;
	FILE *out = stdout;
	size_t i;
	int status = 1, rc;

	if (cmdline_parse(argc, argv, &cl, &e)) {
		fail(&e);
		cmdline_free(&cl);
		return 1;
	}
	if (cl.help) {
		cmdline_usage(stdout);
		cmdline_free(&cl);
		return 0;
	}
	if (cl.version) {
		printf("plio-%s\n", PACKAGE_VERSION);
		cmdline_free(&cl);
		return 0;
	}

	loader_set_preloaded(lt_preloaded_symbols);
	if (loader_init(cl.plugin_dirs, cl.n_plugin_dirs, &e))
		goto done;

	if (cl.enghelp) {
		if (cl.enghelp_name && *cl.enghelp_name) {
			if (loader_print_engine_help(stdout, cl.enghelp_name, &e))
				goto done;
		} else {
			loader_print_engines(stdout);
		}
		status = 0;
		goto done;
	}

	if (cl.profile && run_profile(&cl, &e))
		goto done;
	for (i = 0; i < cl.n_job_files; i++)
		if (jobfile_parse_file(&cl.jf, cl.job_files[i], &e))
			goto done;
	if (!cl.jf.n_sections) {
		cmdline_usage(stderr);
		perr_set(&e, "no jobs given: name a job file or start one with --name=NAME");
		goto done;
	}
	if (options_build(&cl.jf, lookup_engine, &jobs, &e))
		goto done;
	if (!jobs.n) {
		perr_set(&e, "no jobs given: only global options were set");
		goto done;
	}
	if (cl.parse_only) {
		status = 0;
		goto done;
	}
	/* parsed and valid, but an option may not work yet: refuse to run */
	for (i = 0; i < jobs.n; i++)
		if (options_check_runnable(jobs.jobs[i], &e))
			goto done;
	if (plan_build(&jobs, &plan, &e))
		goto done;
	if (cl.output) {
		out = fopen(cl.output, "w");
		if (!out) {
			perr_set(&e, "--output: cannot write '%s': %s", cl.output, strerror(errno));
			out = stdout;
			goto done;
		}
	}
	stats = runner_stats_alloc(plan.n_jobs);
	if (!stats) {
		perr_set(&e, "cannot allocate statistics for %zu jobs", plan.n_jobs);
		goto done;
	}
	if (cl.formats & REPORT_NORMAL)
		report_header(out, &plan);
	if (runner_layout(&plan, (cl.formats & REPORT_NORMAL) && out == stdout, &e))
		goto done;

	gettimeofday(&tv, NULL);
	rc_ctx.plan = &plan;
	rc_ctx.stats = stats;
	rc_ctx.start_time = tv.tv_sec;
	rc_ctx.start_ms = (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
	rc_ctx.version = "plio-" PACKAGE_VERSION;
	rc_ctx.jobfile = &cl.jf;

	rc = runner_run(&plan, stats, &e);
	if (rc && rc != -EIO)
		goto done;
	gettimeofday(&tv, NULL);
	rc_ctx.start_time = tv.tv_sec;
	rc_ctx.start_ms = (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
	report_print(out, cl.formats, &rc_ctx);
	status = rc ? 1 : 0;
done:
	if (status)
		fail(&e);
	if (out != stdout && fclose(out) && !status) {
		log_error("--output: writing '%s': %s", cl.output, strerror(errno));
		status = 1;
	}
	runner_stats_free(stats, plan.n_jobs);
	plan_free(&plan);
	job_list_free(&jobs);
	cmdline_free(&cl);
	return status;
}
