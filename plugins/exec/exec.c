/*
 * exec.c - plugin "exec": engine "exec", fio's: the job runs a program
 * (a monitor, a load of its own) for as long as the job lasts.
 *
 * The first I/O starts `program` with `arguments` (split at blanks, after
 * %r became the job's runtime in whole seconds and %n its name), its
 * stdout and stderr in JOBNAME.stdout and JOBNAME.stderr in the current
 * directory (std_redirect=1, the default, as fio names them), stdin from
 * /dev/null, in a process group of its own.  Each later I/O waits up to
 * 50 ms for the program to end, after a pause of 50 ms (fio's thinktime
 * for this engine, spent in prep() so it is not latency): about ten I/Os
 * of ~50 ms a second, counted with no bytes (PLIO_CAP_NOIO).
 *
 * The job ends when its runtime ends or it is stopped (a signal to plio,
 * exitall): cleanup then sends SIGTERM to the program, waits up to
 * grace_time for it to end, and sends SIGKILL.  It also ends when the program does: exit
 * status 0 (or death by SIGINT or SIGTERM sent from elsewhere) ends it
 * normally, any other status fails it with one line naming the program
 * and the status.  A program that cannot be started (not found, not
 * executable) fails the job with execvp's reason.  fio ignores the
 * program's end and status, and a failed exec there goes on as a second
 * copy of fio.
 *
 * No process is left behind: cleanup reaps the program whatever stopped
 * the job and kills what is left of its group; the child asks the kernel
 * for SIGKILL should its parent die first (PR_SET_PDEATHSIG: a worker
 * killed as stuck, plio killed).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <plio/plio.h>

/* fio's pause between checks, and each check's wait */
#define PAUSE_NS 50000000ull

struct exec_opts {
	const char *program;
	const char *arguments;
	uint64_t grace_time;	/* microseconds */
	int std_redirect;
};

struct exec_state {
	char **argv;		/* program, then the arguments; NULL-ended */
	char *words;		/* the expanded arguments, split in place */
	char *banner;		/* "running PROGRAM ARGUMENTS[: stdout=...]" */
	int out_fd, err_fd;	/* the redirect files, or -1 */
	pid_t pid;		/* the program; 0: not started */
	int pidfd;		/* pidfd_open(pid), or -1: poll waitid */
	bool reaped;		/* its status is in `status` */
	bool ended;		/* the job was ended (job_done) */
	int status;
	uint64_t last_end;	/* when the last I/O ended */
};

#define EO(f) ((uint32_t)offsetof(struct exec_opts, f))

/* Indexes in exec_options[] that check_options blames. */
enum { OPT_PROGRAM };

static const struct plio_option exec_options[] = {
	{ .name = "program", .type = PLIO_OPT_STR, .offset = EO(program),
	  .help = "Program to execute (required; found through PATH)" },
	{ .name = "arguments", .type = PLIO_OPT_STR, .offset = EO(arguments),
	  .help = "Arguments to pass, split at blanks; %r: the runtime in seconds, %n: the job's name" },
	{ .name = "grace_time", .type = PLIO_OPT_TIME, .offset = EO(grace_time), .def = "1",
	  .min = 0, .help = "Grace time before sending a SIGKILL (after the SIGTERM at the job's end)" },
	{ .name = "std_redirect", .type = PLIO_OPT_BOOL, .offset = EO(std_redirect), .def = "1",
	  .help = "Redirect stdout & stderr to files (JOBNAME.stdout, JOBNAME.stderr)" },
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static struct timespec to_ts(uint64_t ns)
{
	struct timespec ts = { .tv_sec = (time_t)(ns / 1000000000ull),
			       .tv_nsec = (long)(ns % 1000000000ull) };
	return ts;
}

static int exec_check(const void *options, const struct plio_job *job, char *why,
		      size_t len, uint32_t *option)
{
	const struct exec_opts *o = options;

	(void)job;
	if (!o->program || !*o->program) {
		snprintf(why, len, "required: the program the job runs");
		*option = OPT_PROGRAM;
		return -EINVAL;
	}
	return 0;
}

/* Bytes `text` takes with %r and %n replaced (n: NULL to only count). */
static size_t expand(const char *text, const char *runtime, const char *name, char *out)
{
	size_t len = 0, l;
	const char *s;

	for (s = text; *s; s++) {
		const char *with = NULL;

		if (s[0] == '%' && s[1] == 'r')
			with = runtime;
		else if (s[0] == '%' && s[1] == 'n')
			with = name;
		if (with) {
			l = strlen(with);
			if (out)
				memcpy(out + len, with, l);
			len += l;
			s++;
			continue;
		}
		if (out)
			out[len] = *s;
		len++;
	}
	if (out)
		out[len] = '\0';
	return len + 1;
}

/* argv: the program, then `arguments` expanded and split at blanks. */
static int build_argv(struct plio_ctx *ctx, struct exec_state *st, const struct exec_opts *o)
{
	const char *args = o->arguments ? o->arguments : "";
	uint64_t runtime_us = PLIO_HAS(ctx->job, runtime_us) ? ctx->job->runtime_us : 0;
	const char *name = ctx->job_name ? ctx->job_name : "";
	char runtime[24];
	size_t n = 3, i = 0;	/* the program, one word more than blanks, NULL */
	char *p, *save = NULL;
	const char *sep;
	int rc;

	snprintf(runtime, sizeof(runtime), "%llu", (unsigned long long)(runtime_us / 1000000));
	st->words = malloc(expand(args, runtime, name, NULL));
	if (!st->words)
		return -ENOMEM;
	expand(args, runtime, name, st->words);
	sep = *st->words ? " " : "";
	if (o->std_redirect)
		rc = asprintf(&st->banner, "running %s%s%s: stdout=%s.stdout stderr=%s.stderr",
			      o->program, sep, st->words, name, name);
	else
		rc = asprintf(&st->banner, "running %s%s%s", o->program, sep, st->words);
	if (rc < 0) {
		st->banner = NULL;
		return -ENOMEM;
	}
	for (p = st->words; *p; p++)
		n += *p == ' ' || *p == '\t';
	st->argv = calloc(n, sizeof(*st->argv));
	if (!st->argv)
		return -ENOMEM;
	st->argv[i++] = (char *)o->program;
	for (p = strtok_r(st->words, " \t", &save); p; p = strtok_r(NULL, " \t", &save))
		st->argv[i++] = p;
	st->argv[i] = NULL;
	return 0;
}

static int open_out(struct plio_ctx *ctx, const char *suffix, int *fd)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s.%s", ctx->job_name ? ctx->job_name : "exec", suffix);
	/* every clone of the job writes here: appended, so none's lines are
	 * lost (each clone's init truncates, before any program starts) */
	*fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
	if (*fd >= 0)
		return 0;
	ctx->host->log(ctx, PLIO_LOG_ERROR, "cannot create '%s' for the program's %s: %s", path,
		       suffix, strerror(errno));
	return -errno;
}

static int exec_init(struct plio_ctx *ctx)
{
	const struct exec_opts *o = ctx->options;
	struct exec_state *st;
	int rc;

	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->out_fd = st->err_fd = st->pidfd = -1;
	ctx->engine_data = st;
	if (!o->program || !*o->program)	/* check_options refuses it */
		return -EINVAL;
	rc = build_argv(ctx, st, o);
	if (!rc && o->std_redirect)
		rc = open_out(ctx, "stdout", &st->out_fd);
	if (!rc && o->std_redirect)
		rc = open_out(ctx, "stderr", &st->err_fd);
	return rc;
}

/*
 * In the child, between fork and exec: only async-signal-safe calls.
 * Reports exec's errno on `report` (close-on-exec: EOF means it ran).
 */
static void child(const struct exec_state *st, pid_t parent, int report)
{
	struct sigaction sa;
	sigset_t none;
	int sig, err, fd;

	/* die with the parent, should it go first */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == 0 && getppid() != parent)
		_exit(127);
	/* a group of its own: the job's end stops whatever it started too */
	setpgid(0, 0);
	/* nothing of plio's input (a job file may come on stdin) */
	fd = open("/dev/null", O_RDONLY);
	if (fd > STDIN_FILENO) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	/* the program starts with default signals, none blocked (a thread
	 * worker blocks the ones plio's main thread takes) */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (st->out_fd >= 0 && dup2(st->out_fd, STDOUT_FILENO) < 0)
		goto fail;
	if (st->err_fd >= 0 && dup2(st->err_fd, STDERR_FILENO) < 0)
		goto fail;
#if defined(SYS_close_range)
	/* none of plio's descriptors (job files, pipes) go with it */
	syscall(SYS_close_range, 3u, ~0u, 4u /* CLOSE_RANGE_CLOEXEC */);
#endif
	execvp(st->argv[0], st->argv);
fail:
	err = errno;
	if (write(report, &err, sizeof(err)) < 0)
		_exit(127);
	_exit(127);
}

/* Start the program: 0, or -errno (logged, naming it). */
static int start(struct plio_ctx *ctx, struct exec_state *st)
{
	pid_t parent = getpid(), pid;
	int report[2], err = 0;
	ssize_t n;

	if (pipe2(report, O_CLOEXEC) < 0) {
		err = errno;
		ctx->host->log(ctx, PLIO_LOG_ERROR, "program '%s': cannot start: pipe: %s",
			       st->argv[0], strerror(err));
		return -err;
	}
	pid = fork();
	if (pid == 0)
		child(st, parent, report[1]);
	close(report[1]);
	if (pid > 0)
		setpgid(pid, pid);	/* as the child does: whoever is first */
	if (pid < 0) {
		err = errno;
		close(report[0]);
		ctx->host->log(ctx, PLIO_LOG_ERROR, "program '%s': cannot start: fork: %s",
			       st->argv[0], strerror(err));
		return -err;
	}
	do
		n = read(report[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	close(report[0]);
	if (n == (ssize_t)sizeof(err)) {	/* exec failed: the child is gone */
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		ctx->host->log(ctx, PLIO_LOG_ERROR, "program '%s' cannot be run: %s", st->argv[0],
			       strerror(err));
		return -err;
	}
	st->pid = pid;
	/* fio's line, with plio's prefix (on stderr: stdout stays a report) */
	ctx->host->log(ctx, PLIO_LOG_INFO, "%s", st->banner);
#if defined(SYS_pidfd_open)
	st->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
#endif
	return 0;
}

/* Whether the program has ended (without reaping it), waiting until
 * `until` (monotonic ns) at most. */
static bool ended_by(const struct exec_state *st, uint64_t until)
{
	for (;;) {
		uint64_t now = now_ns();
		siginfo_t si;

		if (st->pidfd >= 0) {
			struct pollfd pfd = { .fd = st->pidfd, .events = POLLIN };
			struct timespec ts = to_ts(until > now ? until - now : 0);
			int rc = ppoll(&pfd, 1, &ts, NULL);

			if (rc > 0)
				return true;
			if (rc == 0 || errno != EINTR)
				return false;
			continue;
		}
		/* no pidfd (a kernel before 5.3): look every millisecond */
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)st->pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
		    si.si_pid == st->pid)
			return true;
		if (now >= until)
			return false;
		{
			struct timespec ts = to_ts(until - now < 1000000 ? until - now : 1000000);

			nanosleep(&ts, NULL);
		}
	}
}

/*
 * Collect the ended program's status.  What it started and left running
 * goes too (its process group gets SIGKILL while the group's id, its own
 * pid, cannot be reused: it is not reaped yet).
 */
static void reap(struct exec_state *st)
{
	kill(-st->pid, SIGKILL);
	while (waitpid(st->pid, &st->status, 0) < 0 && errno == EINTR)
		;
	st->reaped = true;
}

/* The pause between checks (fio's 50 ms thinktime), before the next I/O
 * is stamped; it ends early when the program does. */
static int exec_prep(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct exec_state *st = ctx->engine_data;

	(void)u;
	if (st->pid && !st->reaped && st->last_end)
		ended_by(st, st->last_end + PAUSE_NS);
	return 0;
}

/* Whether status s is a failure (not 0, nor death by the SIGINT or
 * SIGTERM someone else sent); if so, what it was, in why. */
static bool failed(int s, char *why, size_t len)
{
	if (WIFEXITED(s) && WEXITSTATUS(s) == 0)
		return false;
	if (WIFSIGNALED(s) && (WTERMSIG(s) == SIGINT || WTERMSIG(s) == SIGTERM))
		return false;
	if (WIFEXITED(s))
		snprintf(why, len, "exited with status %d", WEXITSTATUS(s));
	else
		snprintf(why, len, "was killed by signal %d (%s)", WTERMSIG(s),
			 strsignal(WTERMSIG(s)));
	return true;
}

/* The program ended: so does the job, failed when the program did. */
static void program_ended(struct plio_ctx *ctx, struct exec_state *st, struct plio_io_u *u)
{
	char why[96];

	st->ended = true;
	ctx->host->job_done(ctx);
	if (!failed(st->status, why, sizeof(why)))
		return;
	ctx->host->log(ctx, PLIO_LOG_ERROR, "program '%s' %s", st->argv[0], why);
	u->error = ECHILD;
}

static int exec_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct exec_state *st = ctx->engine_data;
	int rc;

	u->result = 0;		/* time, not data */
	u->error = 0;
	if (st->ended) {	/* a unit after the end (continue_on_error) */
		ctx->host->job_done(ctx);
	} else if (!st->pid) {
		rc = start(ctx, st);
		if (rc) {
			st->ended = true;
			u->error = -rc;
		}
	} else if (ended_by(st, now_ns() + PAUSE_NS)) {
		reap(st);
		program_ended(ctx, st, u);
	}
	st->last_end = now_ns();
	return PLIO_Q_COMPLETED;
}

/* The job is over: the program, if it still runs, gets SIGTERM, then
 * grace_time, then SIGKILL; either way it is reaped. */
static void stop_program(struct plio_ctx *ctx, struct exec_state *st)
{
	const struct exec_opts *o = ctx->options;
	char why[96];

	if (!st->pid || st->reaped)
		return;
	if (ended_by(st, 0)) {	/* as the job ended: too late to fail it */
		reap(st);
		if (failed(st->status, why, sizeof(why)))
			ctx->host->log(ctx, PLIO_LOG_WARN, "program '%s' %s as the job ended",
				       st->argv[0], why);
		return;
	}
	kill(st->pid, SIGTERM);		/* the program, as fio: it may end its own */
	if (!ended_by(st, now_ns() + o->grace_time * 1000)) {
		kill(st->pid, SIGKILL);
		ctx->host->log(ctx, PLIO_LOG_WARN, "program '%s' still ran %.3g s after SIGTERM: sent SIGKILL",
			       st->argv[0], (double)o->grace_time / 1e6);
	}
	reap(st);
}

static void exec_cleanup(struct plio_ctx *ctx)
{
	struct exec_state *st = ctx->engine_data;

	if (!st)
		return;
	stop_program(ctx, st);
	if (st->pidfd >= 0)
		close(st->pidfd);
	if (st->out_fd >= 0)
		close(st->out_fd);
	if (st->err_fd >= 0)
		close(st->err_fd);
	free(st->argv);
	free(st->words);
	free(st->banner);
	free(st);
	ctx->engine_data = NULL;
}

static const struct plio_engine exec_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct exec_opts),
	.name = "exec",
	.help = "runs a program for the job's runtime (a monitor, a load of its own) instead of doing I/O",
	.caps = PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_NOIO,
	.options = PLIO_OPTIONS(exec_options),
	.init = exec_init,
	.cleanup = exec_cleanup,
	.prep = exec_prep,
	.queue = exec_queue,
	.check_options = exec_check,
};

static const struct plio_engine *const exec_engines[] = { &exec_engine, NULL };

static const struct plio_plugin exec_plugin = {
	PLIO_PLUGIN_HEADER(3),
	.name = "exec",
	.version = "1.0",
	.license = "MIT",
	.description = "the exec engine (a program run for the job's time)",
	.engines = exec_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &exec_plugin;
}
