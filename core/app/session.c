/*
 * session.c - one plio run: the data flow stage by stage (see session.h).
 *
 *   argv, job files -> jobfile -> options -> plan -> runner -> report
 *
 * Each stage hands the next an immutable result; the session only wires
 * them together, prints the one-line errors they compose, and picks the
 * exit status (0 when every job ran without error).  Across hosts
 * (plio-mpi) every rank goes through the same stages; after each, the
 * ranks agree whether all got through (rank 0 says why not, once), and
 * rank 0 reports every rank's statistics merged.
 */
#include "config.h"

#include <errno.h>
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
#include "verify/crctest.h"
#include "run/host.h"
#include "run/runner.h"
#include "run/signals.h"
#include "measure/steadystate.h"
#include "app/session.h"

/* fio 3.33's engine names (Linux and elsewhere): an ioengine= plio does
 * not have is named as fio's, not left to look like a typo. */
static const char *const fio_engines[] = {
	"cpuio", "dev-dax", "dfs", "e4defrag", "exec", "falloc", "filecreate",
	"filedelete", "filestat", "ftruncate", "gfapi", "gfapi_async", "guasi",
	"http", "io_uring_cmd", "libcufile", "libhdfs", "libiscsi", "librpma_apm_client",
	"librpma_apm_server", "librpma_gpspm_client", "librpma_gpspm_server",
	"libzbc", "mtd", "nbd", "net", "netsplice", "nfs", "pmemblk", "rados", "rbd",
	"rdma", "sg", "solarisaio", "windowsaio", "xnvme",
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

/* --max-jobs (else fio's OPTIONS_MAX_JOBS): the workers all jobs start,
 * numjobs counted.  Without --max-jobs, the job whose clones pass the
 * limit is named. */
static int check_max_jobs(const struct cmdline *cl, const struct job_list *jobs,
			  struct perr *e)
{
	uint64_t n = 0, max = cl->max_jobs ? cl->max_jobs : OPTIONS_MAX_JOBS;
	size_t i, over = jobs->n;
	char where[256];

	for (i = 0; i < jobs->n; i++) {
		n += (uint64_t)jobs->jobs[i]->numjobs;
		if (n > max && over == jobs->n)
			over = i;
	}
	if (n <= max)
		return 0;
	if (cl->max_jobs)
		return perr_set(e, "command line (argument %u): --max-jobs: the jobs start %llu workers, more than %llu",
				cl->max_jobs_argi, (unsigned long long)n,
				(unsigned long long)cl->max_jobs);
	return perr_set(e, "%s: numjobs: the jobs start %llu workers in all, more than %d (fio's limit; --max-jobs=N sets another)",
			options_where(jobs->jobs[over], CO_NUMJOBS, where, sizeof(where)),
			(unsigned long long)n, OPTIONS_MAX_JOBS);
}

/*
 * The job sections, before they are built: each is at least one worker,
 * so more than --max-jobs (else OPTIONS_MAX_JOBS) is refused at the first
 * one too many, before a million sections of a generated file take the
 * memory their job specs would.
 */
static int check_job_sections(const struct cmdline *cl, struct perr *e)
{
	uint64_t n = 0, max = cl->max_jobs ? cl->max_jobs : OPTIONS_MAX_JOBS;
	const struct jf_section *sec;
	char where[256];
	size_t i;

	for (i = 0; i < cl->jf.n_sections; i++) {
		sec = &cl->jf.sections[i];
		if (sec->global || ++n <= max)
			continue;
		origin_str(&sec->where, where, sizeof(where));
		if (cl->max_jobs)
			return perr_set(e, "%s: job '%s': more than %llu jobs, the most --max-jobs allows",
					where, sec->name, (unsigned long long)max);
		return perr_set(e, "%s: job '%s': more than %d jobs (fio's limit; --max-jobs=N sets another)",
				where, sec->name, OPTIONS_MAX_JOBS);
	}
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
 * not the normal text (JSON must stay parseable).  Across hosts, only
 * with --eta=always.
 */
static bool want_eta(const struct cmdline *cl, FILE *out, bool across_hosts)
{
	if (cl->eta == ETA_NEVER)
		return false;
	/* mpirun hands rank 0 a terminal even when its own output goes to a
	 * file: across hosts the line is shown only when asked for */
	if (across_hosts && cl->eta != ETA_ALWAYS)
		return false;
	if (!(cl->formats & REPORT_NORMAL) && out == stdout)
		return false;
	return cl->eta == ETA_ALWAYS || isatty(STDOUT_FILENO);
}

/* What main carries from one stage to the next. */
struct session {
	uint64_t genesis;	/* clock_ns() at start: fio's "elapsed" counts
				 * from here */
	struct cmdline cl;
	size_t files_from;	/* the job files' sections start here in cl.jf */
	size_t *file_from;	/* job file i: sections file_from[i] .. [i + 1] */
	struct job_list jobs;
	struct plan plan;
	struct job_stats *stats;
	struct disk_util_set disks;
	FILE *out;		/* where the report goes */
	/* across hosts (NULL: a local run); rank 0 prints what is printed */
	const struct session_cluster *sc;
	struct cluster *c;
	unsigned int rank;
	char tag[320];		/* "HOST.rRANK" */
	char origin[320];	/* "rank R (HOST): " */
	bool signals_on;
	bool reported;
	int out_err;		/* the report did not reach out: why */
};

/* A stage's outcome besides success: it did all there was to do. */
#define DONE 1

/* Program options that do something and end: help, version, --enghelp,
 * --cmdhelp (0 or the status). */
static int informational(struct session *s, struct perr *e, int *status)
{
	struct cmdline *cl = &s->cl;

	*status = 0;
	if (cl->help)
		cmdline_usage(stdout);
	else if (cl->version)
		printf("plio-%s\n", PACKAGE_VERSION);
	else if (cl->debug_help)
		cmdline_print_debug(stdout);
	else if (cl->enghelp)
		*status = options_enghelp(stdout, cl->enghelp_name, cl->enghelp_argi, e) ? 1 : 0;
	else if (cl->cmdhelp)
		*status = options_cmdhelp(stdout, cl->cmdhelp_name, cl->profile,
					  cl->cmdhelp_argi, e) ? 1 : 0;
	else if (cl->dump_options)
		*status = options_dump_docs(stdout, cl->dump_options, e) ? 1 : 0;
	else if (cl->crctest)
		*status = verify_crctest(stdout, cl->crctest_list, e) ? 1 : 0;
	else
		return 0;
	return DONE;
}

/* First stage: the jobs of --profile, the command line and the job files
 * (each file's sections, --section applied). */
static int read_inputs(struct session *s, struct perr *e)
{
	struct cmdline *cl = &s->cl;
	size_t i;

	if (cl->profile && options_run_profile(cl, e))
		return -1;
	s->file_from = calloc(cl->n_job_files + 1, sizeof(*s->file_from));
	if (!s->file_from)
		return perr_set(e, "out of memory");
	s->files_from = cl->jf.n_sections;
	for (i = 0; i < cl->n_job_files; i++) {
		s->file_from[i] = cl->jf.n_sections;
		if (jobfile_parse_file(&cl->jf, cl->job_files[i], e) ||
		    cmdline_select_sections(cl, &cl->jf, s->file_from[i], false, e))
			return -1;
	}
	s->file_from[i] = cl->jf.n_sections;
	if (cmdline_select_sections(cl, &cl->jf, s->files_from, true, e))
		return -1;
	if (!cl->jf.n_sections && !cl->n_job_files) {
		/* plain "plio": how to use it, then the one-line error */
		cmdline_usage(stderr);
		return perr_set(e, "no jobs given: name a job file or start one with --name=NAME");
	}
	return 0;
}

/* --showcmd: the command line's (and a profile's) jobs, then one line per
 * job file, as fio prints them. */
static void showcmd(const struct session *s)
{
	const struct cmdline *cl = &s->cl;
	size_t i;

	for (i = 0; i < s->files_from; i++)
		if (!cl->jf.sections[i].global)
			break;
	if (i < s->files_from)
		cmdline_print_showcmd(stdout, &cl->jf, 0, s->files_from);
	for (i = 0; i < cl->n_job_files; i++)
		cmdline_print_showcmd(stdout, &cl->jf, s->file_from[i], s->file_from[i + 1]);
}

/* Second stage: the job specs, and what is decided on them alone
 * (--showcmd and --parse-only end here). */
static int build_jobs(struct session *s, struct perr *e)
{
	struct cmdline *cl = &s->cl;
	size_t i;

	options_warnings_fatal = cl->warnings_fatal;
	if (check_job_sections(cl, e))
		return -1;
	/* built even without jobs, so that bad global values are named */
	if (options_build(&cl->jf, lookup_engine, &s->jobs, e))
		return -1;
	if (!s->jobs.n && no_jobs(cl, s->file_from, e))
		return -1;
	options_dump(&s->jobs);
	if (cl->showcmd) {
		showcmd(s);
		return DONE;
	}
	if ((cl->readonly && options_check_readonly(&s->jobs, e)) ||
	    check_max_jobs(cl, &s->jobs, e))
		return -1;
	/* options that each parse but do not go together, or not with the
	 * engine (rw=trim for one that cannot trim): --parse-only refuses
	 * what a run would */
	for (i = 0; i < s->jobs.n; i++)
		if (options_check_runnable(s->jobs.jobs[i], e))
			return -1;
	if (cl->parse_only)
		return DONE;
	return 0;
}

/* Third stage: the plan, and where the report goes. */
static int plan_jobs(struct session *s, struct perr *e)
{
	struct cmdline *cl = &s->cl;
	/* --latency-log: what fio's old flag did, a job that names no
	 * latency log writes one under its own name */
	struct plan_opts popts = { .latency_log = cl->latency_log };

	if (s->c) {
		/* each rank's own files (or its share of shared ones) */
		popts.rank_tag = s->tag;
		popts.shared_files = s->sc->shared_files;
		popts.rank = s->rank;
		popts.n_ranks = cluster_transport(s->c)->n_ranks;
	}
	if (plan_build(&s->jobs, &popts, &s->plan, e))
		return -1;
	if (cl->readonly && plan_check_readonly(&s->plan, e))
		return -1;
	if (cl->output && !s->rank) {
		s->out = fopen(cl->output, "w");
		if (!s->out) {
			s->out = stdout;
			return perr_set(e, "command line (argument %u): --output: cannot write '%s': %s",
					cl->output_argi, cl->output, strerror(errno));
		}
	}
	/* --debug=random's seeds go where the report goes, as fio's */
	plan_dump(s->out, &s->plan);
	s->stats = runner_stats_alloc(s->plan.n_jobs);
	if (!s->stats)
		return perr_set(e, "cannot allocate statistics for %zu jobs", s->plan.n_jobs);
	return 0;
}

/* The wall clock now, into a report's context. */
static void report_time(struct report_ctx *c)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	c->start_time = tv.tv_sec;
	c->start_ms = (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
}

/*
 * Across hosts, after a stage: whether every rank got through it (rc: this
 * rank's outcome, e its error).  0 when all did; -1 when any failed, rank
 * 0 having printed why (e is then emptied, so nothing more is printed).
 */
static int agree(struct session *s, int rc, struct perr *e)
{
	struct perr mine = *e;

	if (!s->c)
		return rc;
	rc = cluster_agree(s->c, rc, &mine, e);
	if (rc > 0)
		e->msg[0] = '\0';
	return rc ? -1 : 0;
}

/* Lay the files out; across hosts with shared files rank 0 first (it
 * creates and fills them, the others then find them made). */
static int layout_files(struct session *s, struct perr *e)
{
	bool verbose = (s->cl.formats & REPORT_NORMAL) && s->out == stdout && !s->rank;
	int rc = 0;

	if (s->c && s->sc->shared_files) {
		if (!s->rank)
			rc = runner_layout(&s->plan, verbose, e);
		if (agree(s, rc, e))
			return -1;
		rc = s->rank ? runner_layout(&s->plan, verbose, e) : 0;
	} else {
		rc = runner_layout(&s->plan, verbose, e);
	}
	return agree(s, rc, e);
}


/*
 * Across hosts, after the run: every rank's statistics to rank 0, which
 * reports them merged (rc_ctx), each rank's beside.  The exit status,
 * rank 0's for every rank.
 */
static int report_ranks(struct session *s, struct report_ctx *rc_ctx, int status,
			struct perr *e)
{
	const struct cluster_transport *t = cluster_transport(s->c);
	size_t n = s->plan.n_jobs, zlen = (n ? n : 1) * sizeof(struct job_stats), i;
	struct job_stats *merged = stats_zalloc(zlen);
	struct cluster_rank *ranks = NULL;
	struct report_rank *rr = NULL;
	int32_t verdict = status;
	unsigned int r;
	int rc;

	if (!merged)
		return perr_set(e, "out of memory for the ranks' statistics"), 1;
	rc = cluster_collect(s->c, s->stats, n, merged, &ranks, e);
	if (!rc && !s->rank) {
		rr = calloc(t->n_ranks, sizeof(*rr));
		if (!rr)
			rc = perr_set(e, "out of memory");
	}
	if (!rc && !s->rank) {
		for (r = 0; r < t->n_ranks; r++) {
			char who[320];

			snprintf(who, sizeof(who), "rank %u (%s): ", r, ranks[r].host);
			runner_print_job_errors(ranks[r].stats, n, who);
		}
		for (r = 0; r < t->n_ranks; r++) {
			rr[r].rank = r;
			rr[r].host = ranks[r].host;
			rr[r].stats = ranks[r].stats;
		}
		rc_ctx->stats = merged;
		rc_ctx->ranks = rr;
		rc_ctx->n_ranks = t->n_ranks;
		s->out_err = -report_print(s->out, s->cl.formats, rc_ctx);
		s->reported = true;
		for (i = 0; i < n && !merged[i].error; i++)
			;
		verdict = i < n ? 1 : status;
	}
	if (rc)
		verdict = 1;
	free(rr);
	cluster_ranks_free(ranks, t->n_ranks, n);
	stats_zfree(merged, zlen);
	/* every rank ends as rank 0 says; a rank that cannot hear it fails */
	if (t->bcast(t->arg, &verdict, sizeof(verdict)))
		return 1;
	return verdict;
}

/* Last stages: lay files out, run, report.  Returns the exit status. */
static int run_jobs(struct session *s, struct perr *e)
{
	const struct cmdline *cl = &s->cl;
	struct report_ctx rc_ctx = {
		.plan = &s->plan, .stats = s->stats, .version = "plio-" PACKAGE_VERSION,
		.jobfile = &cl->jf, .disks = &s->disks, .genesis_ns = s->genesis,
		.terse_version = cl->terse_version,
	};
	struct live_report lr = {
		.out = s->out, .formats = cl->formats, .ctx = &rc_ctx, .disks = &s->disks,
	};
	/* across hosts, rank 0 alone shows and writes what is the run's */
	struct runner_opts ro = {
		.eta = !s->rank && want_eta(cl, s->out, s->c != NULL), .eta_interval_us = cl->eta_interval_us,
		.eta_newline_us = cl->eta_newline_us, .status_interval_us = cl->status_interval_us,
		.bandwidth_log = cl->bandwidth_log && !s->rank,
		.report = s->rank ? NULL : live_report, .report_arg = &lr, .cluster = s->c,
	};
	int rc;

	if ((cl->formats & REPORT_NORMAL) && !s->rank)
		report_header(s->out, &s->plan);
	/* SIGINT/SIGTERM stop the layout cleanly; SIGUSR1 must not kill */
	signals_begin();
	s->signals_on = true;
	if (layout_files(s, e))
		return signals_stopped_by() ? 128 : 1;	/* fio's status for a
							 * run a signal ended */
	if (s->c)	/* this rank's lines say whose they are */
		log_origin = s->origin;
	log_warnings_off = false;
	report_time(&rc_ctx);
	diskutil_start(&s->plan, &s->disks);
	rc = runner_run(&s->plan, s->stats, &ro, e);
	if (ro.eta && s->out != stdout)
		putchar('\n');	/* end the status line; the report goes elsewhere */
	log_origin = "";	/* rank 0 speaks for every rank now */
	if (agree(s, rc && rc != -EIO, e) || (rc && rc != -EIO))
		return 1;
	diskutil_stop(&s->disks);
	report_time(&rc_ctx);
	rc_ctx.report_ns = clock_ns();
	rc = signals_stopped_by() ? 128 : rc ? 1 : 0;
	if (s->c)
		return report_ranks(s, &rc_ctx, rc, e);
	s->out_err = -report_print(s->out, cl->formats, &rc_ctx);
	s->reported = true;
	/* stopped by SIGINT/SIGTERM: the report of what was done, then
	 * fio's exit status for it */
	return rc;
}

/* A report that did not reach its file (a full disk) is a failure, not a
 * run that printed nothing: the exit status, given the run's. */
static int close_output(struct session *s, int status)
{
	int err = s->out_err;

	if (s->out != stdout) {
		if (!err)
			err = stream_error(s->out);
		if (fclose(s->out) && !err)
			err = errno ? errno : EIO;
		if (err) {
			log_error("--output: writing '%s' failed: %s", s->cl.output, strerror(err));
			status = status ? status : 1;
		}
	} else if (s->reported && (err || (err = stream_error(stdout)))) {
		log_error("writing the report to standard output failed: %s", strerror(err));
		status = status ? status : 1;
	}
	return status;
}

/* Across hosts: who this rank is, in its file names and lines; ranks
 * other than 0 keep quiet about what rank 0 says too (the warnings of
 * the job files they all read, until the run). */
static void join(struct session *s, const struct session_cluster *sc)
{
	const struct cluster_transport *t;

	if (!sc)
		return;
	s->sc = sc;
	s->c = sc->cluster;
	t = cluster_transport(s->c);
	s->rank = t->rank;
	snprintf(s->tag, sizeof(s->tag), "%s.r%u", t->host, t->rank);
	snprintf(s->origin, sizeof(s->origin), "rank %u (%s): ", t->rank, t->host);
	log_warnings_off = t->rank != 0;
}

int session_main(int argc, char **argv, const void *preloaded,
		 const struct session_cluster *sc)
{
	struct session s = { .genesis = clock_ns(), .out = stdout };
	struct perr e = { "" };
	int status = 1, rc;

	join(&s, sc);
	/* a misspelt program option among the job options gets its
	 * "did you mean" too */
	options_suggest_extra = cmdline_suggest_table(&options_n_suggest_extra);
	rc = cmdline_parse(argc, argv, options_cmdline_vocab(), &s.cl, &e);
	if (agree(&s, rc, &e)) {
		fail(&e);
		cmdline_free(&s.cl);
		return 1;
	}
	if (s.cl.help || s.cl.version || s.cl.debug_help) {
		informational(&s, &e, &status);
		cmdline_free(&s.cl);
		return status;
	}
	loader_set_preloaded(preloaded);
	rc = loader_init(&(struct loader_config){ .host = &plio_host_table,
						 .dirs = s.cl.plugin_dirs,
						 .n_dirs = s.cl.n_plugin_dirs,
						 .reserved = options_is_core_name }, &e);
	if (agree(&s, rc, &e))
		goto done;
	rc = informational(&s, &e, &status);
	if (agree(&s, rc == DONE && status, &e)) {
		status = 1;
		goto done;
	}
	if (rc == DONE)
		goto done;
	status = 1;
	if (agree(&s, read_inputs(&s, &e), &e))
		goto done;
	rc = build_jobs(&s, &e);
	if (agree(&s, rc < 0, &e))
		goto done;
	if (rc) {
		status = 0;
		goto done;
	}
	rc = plan_jobs(&s, &e);
	if (agree(&s, rc, &e))
		goto done;
	if (s.c && agree(&s, cluster_check_plan(s.c, s.plan.n_jobs, s.plan.n_phases, &e), &e))
		goto done;
	status = run_jobs(&s, &e);
done:
	if (s.signals_on)
		signals_end();
	if (status)
		fail(&e);
	status = close_output(&s, status);
	if (runner_left_threads()) {
		/* stuck thread workers still use the plan, the statistics and
		 * their plugins: free nothing, and end them by ending */
		fflush(NULL);
		_exit(status);
	}
	free(s.file_from);
	steadystate_free();
	runner_stats_free(s.stats, s.plan.n_jobs);
	diskutil_free(&s.disks);
	plan_free(&s.plan);
	job_list_free(&s.jobs);
	cmdline_free(&s.cl);
	return status;
}
