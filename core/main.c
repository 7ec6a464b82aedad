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
#include <unistd.h>

#include "clock.h"
#include "cmdline.h"
#include "jobfile.h"
#include "loader.h"
#include "options.h"
#include "plan.h"
#include "report.h"
#include "runner.h"
#include "steadystate.h"

/* fio 3.33's engine names (Linux and elsewhere): an ioengine= plio does
 * not have is named as fio's, not left to look like a typo. */
static const char *const fio_engines[] = {
	"cpuio", "dev-dax", "dfs", "e4defrag", "exec", "falloc", "filecreate",
	"filedelete", "filestat", "ftruncate", "gfapi", "gfapi_async", "guasi",
	"http", "io_uring_cmd", "libcufile", "libhdfs", "libiscsi", "librpma_apm_client",
	"librpma_apm_server", "librpma_gpspm_client", "librpma_gpspm_server",
	"libzbc", "mtd", "nbd", "net", "netsplice", "nfs", "pmemblk", "posixaio",
	"rados", "rbd", "rdma", "sg", "solarisaio", "splice", "windowsaio", "xnvme",
};

static const struct loaded_engine *lookup_engine(const char *name, struct perr *e)
{
	const struct loaded_engine *le = loader_find_engine(name, e);
	size_t i;

	if (le || strncmp(e->msg, "no engine '", 11))
		return le;
	for (i = 0; i < sizeof(fio_engines) / sizeof(fio_engines[0]); i++) {
		if (strcmp(name, fio_engines[i]))
			continue;
		perr_set(e, "fio's engine %s is not supported by plio (plio --enghelp lists the engines that load)",
			 name);
		break;
	}
	return NULL;
}

/* Whether everything written to f reached it: 0, or why not (errno). */
static int stream_error(FILE *f)
{
	errno = 0;
	if (fflush(f))
		return errno ? errno : EIO;
	/* an earlier write failed and its data is gone, though the last
	 * flush had nothing left to fail on */
	return ferror(f) ? EIO : 0;
}

static int fail(const struct perr *e)
{
	if (e->msg[0])
		log_error("%s", e->msg);
	return 1;
}

/* --enghelp[=ENGINE[,OPTION]]: the engines, one engine, or one of its
 * options in --cmdhelp's layout. */
static int enghelp(const struct cmdline *cl, struct perr *e)
{
	const char *arg = cl->enghelp_name, *comma, *best;
	const struct loaded_engine *le;
	const struct plio_option *o;
	struct perr why = { "" };
	char name[256];

	if (!arg || !*arg) {
		loader_print_engines(stdout);
		return 0;
	}
	comma = strchr(arg, ',');
	if (!comma) {
		if (!loader_print_engine_help(stdout, arg, &why))
			return 0;
		return perr_set(e, "command line (argument %u): --enghelp: %s",
				cl->enghelp_argi, why.msg);
	}
	snprintf(name, sizeof(name), "%.*s", (int)(comma - arg), arg);
	le = loader_find_engine(name, &why);
	if (!le)
		return perr_set(e, "command line (argument %u): --enghelp: %s",
				cl->enghelp_argi, why.msg);
	o = option_find(le->options, le->n_options, comma + 1);
	if (o) {
		option_print_cmdhelp(stdout, o, le->e.name);
		return 0;
	}
	best = option_suggest(le->options, le->n_options, comma + 1);
	return perr_set(e, "command line (argument %u): --enghelp: engine %s has no option '%s'%s%s%s",
			cl->enghelp_argi, le->e.name, comma + 1,
			best ? " (did you mean '" : "", best ? best : "",
			best ? "'?)" : "");
}

/* --cmdhelp[=NAME|all]: the option list, every option by category, or
 * one option (core or any engine's) in detail. */
static int cmdhelp(const struct cmdline *cl, struct perr *e)
{
	const char *name = cl->cmdhelp_name, *best;
	const struct loaded_engine *le;
	bool all = name && !strcmp(name, "all"), found = false, any;
	char title[160];
	size_t c, i, k;

	loader_scan();	/* every plugin, for the engines' options */
	if (!name) {
		for (i = 0; i < n_core_options; i++)
			option_print_cmdhelp_row(stdout, &core_options[i], "");
		return 0;
	}
	if (all) {
		for (c = 0; c < n_option_categories; c++) {
			any = false;
			for (i = 0; i < n_core_options; i++) {
				if (strcmp(option_category(&core_options[i]),
					   option_categories[c]))
					continue;
				if (!any)
					printf("%s%s:\n", c ? "\n" : "", option_categories[c]);
				any = true;
				option_print_cmdhelp_row(stdout, &core_options[i], "  ");
			}
		}
		for (k = 0; k < loader_n_engines(); k++) {
			le = loader_engine(k);
			if (le->shadowed_by || !le->n_options)
				continue;
			snprintf(title, sizeof(title), "I/O engine %s", le->e.name);
			printf("\n%s:\n", title);
			for (i = 0; i < le->n_options; i++)
				option_print_cmdhelp_row(stdout, &le->options[i], "  ");
		}
		return 0;
	}
	{
		const struct plio_option *o = option_find(core_options, n_core_options, name);

		if (o) {
			option_print_cmdhelp(stdout, o, NULL);
			return 0;
		}
	}
	for (k = 0; k < loader_n_engines(); k++) {
		const struct plio_option *o;

		le = loader_engine(k);
		if (le->shadowed_by)
			continue;
		o = option_find(le->options, le->n_options, name);
		if (o) {
			option_print_cmdhelp(stdout, o, le->e.name);
			found = true;
		}
	}
	if (found)
		return 0;
	best = option_suggest(core_options, n_core_options, name);
	if (best)
		return perr_set(e, "command line (argument %u): --cmdhelp: no option named '%s' (did you mean '%s'?)",
				cl->cmdhelp_argi, name, best);
	return perr_set(e, "command line (argument %u): --cmdhelp: no option named '%s'",
			cl->cmdhelp_argi, name);
}

/*
 * --debug=parse: each job's options that differ from their defaults, one
 * "job NAME: KEY=VALUE" line each (core options, then the engine's), so
 * two ways of writing the same jobs can be compared.
 */
static void dump_specs(const struct job_list *jobs)
{
	struct job_spec *def = calloc(1, sizeof(*def));
	struct perr e = { "" };
	char a[512], b[512];
	size_t i, k;

	if (!def || option_set_defaults(core_options, n_core_options, def, &e)) {
		free(def);
		return;
	}
	for (i = 0; i < jobs->n; i++) {
		const struct job_spec *js = jobs->jobs[i];
		const struct loaded_engine *le = js->engine;
		void *edef;

		for (k = 0; k < n_core_options; k++) {
			const struct plio_option *o = &core_options[k];

			if (option_format_value(o, js, a, sizeof(a)) ||
			    option_format_value(o, def, b, sizeof(b)) || strcmp(a, b))
				log_debug(DBG_PARSE, "job %s: %s=%s", js->name, o->name, a);
		}
		if (js->rw_nr)
			log_debug(DBG_PARSE, "job %s: rw_nr=%lld", js->name,
				  (long long)js->rw_nr);
		if (!le || !js->engine_opts)
			continue;
		edef = calloc(1, le->e.options_size ? le->e.options_size : 1);
		if (!edef || option_set_defaults(le->options, le->n_options, edef, &e)) {
			free(edef);
			continue;
		}
		for (k = 0; k < le->n_options; k++) {
			const struct plio_option *o = &le->options[k];

			if (option_format_value(o, js->engine_opts, a, sizeof(a)) ||
			    option_format_value(o, edef, b, sizeof(b)) || strcmp(a, b))
				log_debug(DBG_PARSE, "job %s: %s: %s=%s", js->name,
					  le->e.name, o->name, a);
		}
		option_free_values(le->options, le->n_options, edef);
		free(edef);
	}
	option_free_values(core_options, n_core_options, def);
	free(def);
}

/*
 * Whether there is no job section at all (only globals, or nothing):
 * fio then runs nothing and exits 0, plio says so in one line and fails.
 * file_from[i] is where job file i's sections start in cl->jf.
 */
static bool no_jobs(const struct cmdline *cl, const size_t *file_from,
		    struct perr *e)
{
	size_t i;

	for (i = 0; i < cl->jf.n_sections; i++)
		if (!cl->jf.sections[i].global)
			return false;
	if (!cl->n_job_files || file_from[0])
		perr_set(e, "no jobs given: only global options were set");
	else if (cl->n_job_files == 1)
		perr_set(e, "%s: no jobs in the job file (only [global] sections, or nothing)",
			 !strcmp(cl->job_files[0], "-") ? "<stdin>" : cl->job_files[0]);
	else
		perr_set(e, "no jobs in the job files %s ... %s (only [global] sections, or nothing)",
			 cl->job_files[0], cl->job_files[cl->n_job_files - 1]);
	return true;
}

/*
 * --debug=process,file,random: what the plan made of each job, one line
 * per clone and per file, before anything runs: how it runs (process or
 * thread, group, phase, start delay), its files and regions, its seed.
 */
static void dump_plan(const struct plan *plan)
{
	size_t i, k;

	if (!(log_debug_mask & (DBG_PROCESS | DBG_FILE | DBG_RANDOM)))
		return;
	for (i = 0; i < plan->n_jobs; i++) {
		const struct plan_job *pj = &plan->jobs[i];
		const struct job_spec *js = pj->spec;

		log_debug(DBG_PROCESS, "job %s.%u: a %s, group %u, phase %u, starts after %lluus%s",
			  js->name, pj->clone, js->thread ? "thread" : "process",
			  pj->group, pj->phase, (unsigned long long)pj->startdelay_us,
			  pj->waits ? ", after the jobs it waits for" : "");
		log_debug(DBG_RANDOM, "job %s.%u: seed 0x%llx (randrepeat=%d)",
			  js->name, pj->clone, (unsigned long long)pj->seed,
			  js->randrepeat);
		for (k = 0; k < pj->n_files; k++) {
			const struct plan_file *pf = &pj->files[k];

			log_debug(DBG_FILE, "job %s.%u: file '%s': region %llu+%llu, %s %llu bytes",
				  js->name, pj->clone, pf->path,
				  (unsigned long long)pf->offset,
				  (unsigned long long)pf->size,
				  pf->blkdev ? "a block device of at least" :
				  !pf->layout ? "used as it is, at least" :
				  pf->fill ? "first written up to" :
				  "first created or extended to",
				  (unsigned long long)pf->file_size);
		}
		log_debug(DBG_FILE, "job %s.%u: %llu bytes per loop over %zu file%s, %u open at once",
			  js->name, pj->clone, (unsigned long long)pj->io_size,
			  pj->n_files, pj->n_files == 1 ? "" : "s", pj->openfiles);
	}
}

/* --readonly: the first job that writes (or trims) is refused. */
static int check_readonly(const struct job_list *jobs, struct perr *e)
{
	const struct plio_option *rw = option_find(core_options, n_core_options, "rw");
	size_t i, k = (size_t)(rw - core_options);
	char where[256], val[64];

	for (i = 0; i < jobs->n; i++) {
		const struct job_spec *js = jobs->jobs[i];

		if (!(js->rw & (RW_WRITE | RW_TRIM)))
			continue;
		option_format_value(rw, js, val, sizeof(val));
		origin_str(js->set && js->set[k] ? &js->set_where[k] : &js->where,
			   where, sizeof(where));
		return perr_set(e, "%s: rw: job '%s' %s (rw=%s), and --readonly refuses writes and trims",
				where, js->name, js->rw & RW_WRITE ? "writes" : "trims", val);
	}
	return 0;
}

/* The origin of core option name for js: where it was given, else the
 * job's section. */
static const char *where_of(const struct job_spec *js, const char *name,
			    char *buf, size_t len)
{
	const struct plio_option *o = option_find(core_options, n_core_options, name);
	size_t k = (size_t)(o - core_options);

	return origin_str(js->set && js->set[k] ? &js->set_where[k] : &js->where,
			  buf, len);
}

/*
 * --readonly, once files are known: a file that would be created or
 * extended (laid out) is a write, and so is deleting files (unlink); fio
 * refuses the first ("refusing extend of file due to read-only").
 */
static int check_readonly_plan(const struct plan *plan, struct perr *e)
{
	char where[256];
	size_t i, k;

	for (i = 0; i < plan->n_jobs; i++) {
		const struct plan_job *pj = &plan->jobs[i];
		const struct job_spec *js = pj->spec;

		if (js->unlink || js->unlink_each_loop)
			return perr_set(e, "%s: %s: job '%s' deletes its files, and --readonly refuses writes",
					where_of(js, js->unlink ? "unlink" : "unlink_each_loop",
						 where, sizeof(where)),
					js->unlink ? "unlink" : "unlink_each_loop", js->name);
		for (k = 0; k < pj->n_files; k++) {
			if (!pj->files[k].layout)
				continue;
			bool exists = !access(pj->files[k].path, F_OK);

			return perr_set(e, "%s: filename: job '%s' would %s '%s'%s%llu bytes%s first, and --readonly refuses writes",
					where_of(js, "filename", where, sizeof(where)),
					js->name, exists ? "extend" : "create",
					pj->files[k].path, exists ? " to " : " (",
					(unsigned long long)pj->files[k].file_size,
					exists ? "" : ")");
		}
	}
	return 0;
}

/* --max-jobs: the workers all jobs start, numjobs counted. */
static int check_max_jobs(const struct cmdline *cl, const struct job_list *jobs,
			  struct perr *e)
{
	uint64_t n = 0;
	size_t i;

	if (!cl->max_jobs)
		return 0;
	for (i = 0; i < jobs->n; i++)
		n += (uint64_t)jobs->jobs[i]->numjobs;
	if (n > cl->max_jobs)
		return perr_set(e, "command line (argument %u): --max-jobs: the jobs start %llu workers, more than %llu",
				cl->max_jobs_argi, (unsigned long long)n,
				(unsigned long long)cl->max_jobs);
	return 0;
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

/* A report while jobs run (--status-interval, SIGUSR1), in the final
 * report's formats and to the same place. */
struct live_report {
	FILE *out;
	unsigned int formats;
	const struct report_ctx *ctx;
	struct disk_util_set *disks;	/* measured up to each report */
};

static void live_report(void *arg, const struct job_stats *snap)
{
	const struct live_report *lr = arg;
	struct report_ctx c = *lr->ctx;
	struct timeval tv;

	gettimeofday(&tv, NULL);
	c.stats = snap;
	c.start_time = tv.tv_sec;
	c.start_ms = (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
	c.report_ns = clock_ns();
	/* as fio: every interim report has the disks' figures so far */
	diskutil_stop(lr->disks);
	c.disks = lr->disks;
	report_print(lr->out, lr->formats, &c);
}

/*
 * The status line, as fio decides: never with --eta=never; with auto only
 * when stdout is a terminal; and not when stdout carries a report that is
 * not the normal text (JSON must stay parseable).
 */
static bool want_eta(const struct cmdline *cl, FILE *out)
{
	if (cl->eta == ETA_NEVER)
		return false;
	if (!(cl->formats & REPORT_NORMAL) && out == stdout)
		return false;
	return cl->eta == ETA_ALWAYS || isatty(STDOUT_FILENO);
}

int main(int argc, char **argv)
{
	uint64_t genesis = clock_ns();	/* fio's "elapsed" counts from here */
	struct cmdline cl;
	struct job_list jobs = { 0 };
	struct plan plan = { 0 };
	struct job_stats *stats = NULL;
	struct report_ctx rc_ctx;
	struct runner_opts ro;
	struct live_report lr;
	struct disk_util_set disks = { 0 };
	struct perr e = { "" };
	struct timeval tv;
	FILE *out = stdout;
	size_t i, files_from, *file_from = NULL;
	int status = 1, rc, err = 0;
	bool signals_on = false, reported = false;

	/* a misspelt program option among the job options gets its
	 * "did you mean" too */
	options_suggest_extra = cmdline_suggest_table(&options_n_suggest_extra);
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
	if (cl.debug_help) {
		cmdline_print_debug(stdout);
		cmdline_free(&cl);
		return 0;
	}

	loader_set_preloaded(lt_preloaded_symbols);
	if (loader_init(cl.plugin_dirs, cl.n_plugin_dirs, &e))
		goto done;

	if (cl.enghelp) {
		if (!enghelp(&cl, &e))
			status = 0;
		goto done;
	}

	if (cl.cmdhelp) {
		if (!cmdhelp(&cl, &e))
			status = 0;
		goto done;
	}

	if (cl.profile && run_profile(&cl, &e))
		goto done;
	/* each job file's sections, first to last: file_from[i] .. [i + 1] */
	file_from = calloc(cl.n_job_files + 1, sizeof(*file_from));
	if (!file_from) {
		perr_set(&e, "out of memory");
		goto done;
	}
	files_from = cl.jf.n_sections;
	for (i = 0; i < cl.n_job_files; i++) {
		file_from[i] = cl.jf.n_sections;
		if (jobfile_parse_file(&cl.jf, cl.job_files[i], &e) ||
		    cmdline_select_sections(&cl, &cl.jf, file_from[i], false, &e))
			goto done;
	}
	file_from[i] = cl.jf.n_sections;
	if (cmdline_select_sections(&cl, &cl.jf, files_from, true, &e))
		goto done;
	if (!cl.jf.n_sections && !cl.n_job_files) {
		/* plain "plio": how to use it, then the one-line error */
		cmdline_usage(stderr);
		perr_set(&e, "no jobs given: name a job file or start one with --name=NAME");
		goto done;
	}
	options_warnings_fatal = cl.warnings_fatal;
	/* built even without jobs, so that bad global values are named */
	if (options_build(&cl.jf, lookup_engine, &jobs, &e))
		goto done;
	if (!jobs.n && no_jobs(&cl, file_from, &e))
		goto done;
	/* --latency-log: what fio's old flag did, a job that names no
	 * latency log writes one under its own name */
	for (i = 0; cl.latency_log && i < jobs.n; i++) {
		if (jobs.jobs[i]->write_lat_log)
			continue;
		jobs.jobs[i]->write_lat_log = strdup("");
		if (!jobs.jobs[i]->write_lat_log) {
			perr_set(&e, "out of memory");
			goto done;
		}
	}
	dump_specs(&jobs);
	if (cl.showcmd) {
		/* the command line's (and a profile's) jobs, then one line
		 * per job file, as fio prints them */
		for (i = 0; i < files_from; i++)
			if (!cl.jf.sections[i].global)
				break;
		if (i < files_from)
			cmdline_print_showcmd(stdout, &cl.jf, 0, files_from);
		for (i = 0; i < cl.n_job_files; i++)
			cmdline_print_showcmd(stdout, &cl.jf, file_from[i],
					      file_from[i + 1]);
		status = 0;
		goto done;
	}
	if ((cl.readonly && check_readonly(&jobs, &e)) ||
	    check_max_jobs(&cl, &jobs, &e))
		goto done;
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
	dump_plan(&plan);
	if (cl.readonly && check_readonly_plan(&plan, &e))
		goto done;
	if (cl.output) {
		out = fopen(cl.output, "w");
		if (!out) {
			perr_set(&e, "command line (argument %u): --output: cannot write '%s': %s",
				 cl.output_argi, cl.output, strerror(errno));
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
	/* SIGINT/SIGTERM stop the layout cleanly; SIGUSR1 must not kill */
	runner_signals_begin();
	signals_on = true;
	if (runner_layout(&plan, (cl.formats & REPORT_NORMAL) && out == stdout, &e)) {
		if (runner_signal())
			status = 128;	/* fio's status for a run a signal ended */
		goto done;
	}

	gettimeofday(&tv, NULL);
	rc_ctx.plan = &plan;
	rc_ctx.stats = stats;
	rc_ctx.start_time = tv.tv_sec;
	rc_ctx.start_ms = (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
	rc_ctx.version = "plio-" PACKAGE_VERSION;
	rc_ctx.jobfile = &cl.jf;
	rc_ctx.disks = &disks;
	rc_ctx.genesis_ns = genesis;
	rc_ctx.report_ns = 0;

	memset(&ro, 0, sizeof(ro));
	ro.eta = want_eta(&cl, out);
	ro.eta_interval_us = cl.eta_interval_us;
	ro.eta_newline_us = cl.eta_newline_us;
	ro.status_interval_us = cl.status_interval_us;
	ro.bandwidth_log = cl.bandwidth_log;
	lr.out = out;
	lr.formats = cl.formats;
	lr.ctx = &rc_ctx;
	lr.disks = &disks;
	ro.report = live_report;
	ro.report_arg = &lr;

	diskutil_start(&plan, &disks);
	rc = runner_run(&plan, stats, &ro, &e);
	if (ro.eta && out != stdout)
		putchar('\n');	/* end the status line; the report goes elsewhere */
	if (rc && rc != -EIO)
		goto done;
	diskutil_stop(&disks);
	gettimeofday(&tv, NULL);
	rc_ctx.start_time = tv.tv_sec;
	rc_ctx.start_ms = (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
	rc_ctx.report_ns = clock_ns();
	err = -report_print(out, cl.formats, &rc_ctx);
	reported = true;
	/* stopped by SIGINT/SIGTERM: the report of what was done, then
	 * fio's exit status for it */
	status = runner_signal() ? 128 : rc ? 1 : 0;
done:
	if (signals_on)
		runner_signals_end();
	if (status)
		fail(&e);
	/* a report that did not reach its file (a full disk) is a failure,
	 * not a run that printed nothing */
	if (out != stdout) {
		if (!err)
			err = stream_error(out);
		if (fclose(out) && !err)
			err = errno ? errno : EIO;
		if (err) {
			log_error("--output: writing '%s' failed: %s", cl.output, strerror(err));
			status = status ? status : 1;
		}
	} else if (reported && (err || (err = stream_error(stdout)))) {
		log_error("writing the report to standard output failed: %s", strerror(err));
		status = status ? status : 1;
	}
	free(file_from);
	steadystate_free();
	runner_stats_free(stats, plan.n_jobs);
	diskutil_free(&disks);
	plan_free(&plan);
	job_list_free(&jobs);
	cmdline_free(&cl);
	return status;
}
