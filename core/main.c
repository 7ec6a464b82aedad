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

#include "base/clock.h"
#include "input/cmdline.h"
#include "input/jobfile.h"
#include "plugin/loader.h"
#include "options/options.h"
#include "plan/plan.h"
#include "report/report.h"
#include "run/host.h"
#include "run/runner.h"
#include "run/signals.h"
#include "measure/steadystate.h"

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
	struct plan_opts popts = { 0 };
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
	if (cmdline_parse(argc, argv, options_cmdline_vocab(), &cl, &e)) {
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
	if (loader_init(&plio_host_table, cl.plugin_dirs, cl.n_plugin_dirs, &e))
		goto done;

	if (cl.enghelp) {
		if (!options_enghelp(stdout, cl.enghelp_name, cl.enghelp_argi, &e))
			status = 0;
		goto done;
	}

	if (cl.cmdhelp) {
		if (!options_cmdhelp(stdout, cl.cmdhelp_name, cl.cmdhelp_argi, &e))
			status = 0;
		goto done;
	}

	if (cl.profile && options_run_profile(&cl, &e))
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
	options_dump(&jobs);
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
	if ((cl.readonly && options_check_readonly(&jobs, &e)) ||
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
	/* --latency-log: what fio's old flag did, a job that names no
	 * latency log writes one under its own name */
	popts.latency_log = cl.latency_log;
	if (plan_build(&jobs, &popts, &plan, &e))
		goto done;
	if (cl.readonly && plan_check_readonly(&plan, &e))
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
	/* --debug=random's seeds go where the report goes, as fio's */
	plan_dump(out, &plan);
	stats = runner_stats_alloc(plan.n_jobs);
	if (!stats) {
		perr_set(&e, "cannot allocate statistics for %zu jobs", plan.n_jobs);
		goto done;
	}
	if (cl.formats & REPORT_NORMAL)
		report_header(out, &plan);
	/* SIGINT/SIGTERM stop the layout cleanly; SIGUSR1 must not kill */
	signals_begin();
	signals_on = true;
	if (runner_layout(&plan, (cl.formats & REPORT_NORMAL) && out == stdout, &e)) {
		if (signals_stopped_by())
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
	rc_ctx.terse_version = cl.terse_version;

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
	status = signals_stopped_by() ? 128 : rc ? 1 : 0;
done:
	if (signals_on)
		signals_end();
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
