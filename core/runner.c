/*
 * runner.c - lays out files, starts workers, waits for them (see runner.h).
 *
 * Jobs run phase by phase (plan_job.phase): the workers of a phase are
 * started together once every worker of the phase before has ended, so
 * fork() never copies a running thread worker.  Within a phase a job
 * whose start waits (startdelay, wait_for) has a start pipe of its own;
 * the others share one.  The main thread then watches: it opens gates that
 * are due, reaps workers that ended, raises stop flags for exitall, steady
 * state and signals, and prints the status line and periodic reports;
 * it sleeps in poll() in between, woken early by a worker's end.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "eta.h"
#include "loader.h"
#include "rand.h"
#include "runner.h"
#include "steadystate.h"
#include "worker.h"

struct job_stats *runner_stats_alloc(size_t n)
{
	void *p = mmap(NULL, (n ? n : 1) * sizeof(struct job_stats),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void runner_stats_free(struct job_stats *st, size_t n)
{
	if (st)
		munmap(st, (n ? n : 1) * sizeof(struct job_stats));
}

static void size_str(uint64_t v, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned int u = 0;

	while (v >= 1024 && !(v % 1024) && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%llu%s", (unsigned long long)v, units[u]);
}

int *runner_stop;

/*
 * Signals.  The handlers only store flags and write one byte to the wake
 * pipe, both async-signal-safe.  Forked workers inherit them: a SIGINT
 * from the terminal reaches every process of the group, and a worker that
 * gets it raises the same stop flags (shared memory) instead of dying
 * with its I/O half done.  Thread workers block them, so the main thread
 * takes them and its poll() returns at once.
 */
static size_t n_stop;			/* entries of runner_stop */
static pid_t runner_pid;		/* the process that watches */
static int wake_fd[2] = { -1, -1 };	/* nonblocking; read by the watcher */
static volatile sig_atomic_t got_signal;	/* SIGINT/SIGTERM number */
static volatile sig_atomic_t report_asked;	/* SIGUSR1 */
static volatile uint64_t first_signal_ns;	/* when got_signal came */
static int last_signal;
static int signals_users;		/* runner_signals_begin() calls not ended */

static const int watched_signals[] = { SIGINT, SIGTERM, SIGUSR1, SIGCHLD };
#define N_WATCHED (sizeof(watched_signals) / sizeof(watched_signals[0]))
static struct sigaction old_actions[N_WATCHED];

int runner_signal(void)
{
	return last_signal;
}

static void wake(void)
{
	char c = 0;

	if (wake_fd[1] >= 0 && write(wake_fd[1], &c, 1) < 0) {
		/* full: the watcher has a wake-up pending anyway */
	}
}

static void on_signal(int sig)
{
	int saved = errno;
	struct timespec ts;
	uint64_t now;
	size_t i;

	switch (sig) {
	case SIGINT:
	case SIGTERM:
		/* clock_gettime is async-signal-safe */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
		if (got_signal) {
			/*
			 * Asked again: end now, as the default action would,
			 * but only when it comes clearly later: timeout(1)
			 * signals plio once as a process and once as a
			 * member of its group, moments apart, and that is
			 * one request, whose report is wanted.
			 */
			if (now - first_signal_ns >= 1000000000ull) {
				signal(sig, SIG_DFL);
				raise(sig);
			}
			break;
		}
		first_signal_ns = now;
		got_signal = sig;
		for (i = 0; runner_stop && i < n_stop; i++)
			__atomic_store_n(&runner_stop[i], 1, __ATOMIC_RELAXED);
		break;
	case SIGUSR1:
		report_asked = 1;
		break;
	default:	/* SIGCHLD: a worker process ended */
		break;
	}
	if (getpid() == runner_pid)
		wake();
	errno = saved;
}

/*
 * Allocate [from, end) of fd as fallocate= says: none; native (fallocate,
 * nothing where the file system cannot); posix (posix_fallocate); keep
 * (allocated, the size unchanged); truncate (ftruncate to end).
 */
static int preallocate(int fd, int64_t mode, uint64_t from, uint64_t end)
{
	switch (mode) {
	case 1:
		if (fallocate(fd, 0, (off_t)from, (off_t)(end - from)) &&
		    errno != EOPNOTSUPP && errno != ENOSYS)
			return -errno;
		return 0;
	case 2:
		return -posix_fallocate(fd, (off_t)from, (off_t)(end - from));
	case 3:
		if (fallocate(fd, FALLOC_FL_KEEP_SIZE, (off_t)from, (off_t)(end - from)) &&
		    errno != EOPNOTSUPP && errno != ENOSYS)
			return -errno;
		return 0;
	case 4:
		return ftruncate(fd, (off_t)end) ? -errno : 0;
	default:
		return 0;
	}
}

/*
 * Make pf hold pf->file_size bytes: data when the job reads (or with
 * overwrite=1), else allocated as fallocate= says.  What the file already
 * holds is kept: only [its size, file_size) is written.  fill_device jobs
 * only create the file: allocating would fill the device before the job.
 * A SIGINT or SIGTERM stops the writing (-EINTR).  A file this call
 * created is removed when it fails: no empty or half-written file is left
 * to pass for a laid-out one.
 */
static int layout_file(const struct plan_job *pj, const struct plan_file *pf,
		       bool verbose, struct perr *e)
{
	const struct job_spec *js = pj->spec;
	uint64_t end = pf->file_size, pos;
	struct stat st;
	char *buf = NULL;
	size_t chunk = 1 << 20;
	struct rand_state r;
	bool created = false;
	int fd, rc = 0;

	fd = open(pf->path, O_RDWR);
	if (fd < 0 && errno == ENOENT && js->allow_file_create) {
		fd = open(pf->path, O_RDWR | O_CREAT | O_EXCL, 0644);
		created = fd >= 0;
		if (fd < 0 && errno == EEXIST)	/* someone else made it meanwhile */
			fd = open(pf->path, O_RDWR);
	}
	if (fd < 0)
		return perr_setrc(e, -errno, "job '%s': cannot create '%s': %s",
				  js->name, pf->path, strerror(errno));
	if (fstat(fd, &st)) {
		rc = perr_setrc(e, -errno, "job '%s': '%s': %s", js->name, pf->path,
				strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size >= end ||
	    (js->fill_device && !pf->fill))
		goto out;
	if (verbose) {
		char s[32];

		size_str(pf->size, s, sizeof(s));
		printf("%s: Laying out IO file (1 file / %s)\n", js->name, s);
		fflush(stdout);
	}
	rc = preallocate(fd, js->fallocate, (uint64_t)st.st_size, end);
	/* an engine that maps the file cannot grow it: with fallocate=none
	 * or keep, which leave the size, it is extended here, as fio does */
	if (!rc && (pj->engine->e.caps & PLIO_CAP_NOEXTEND) &&
	    (js->fallocate == 0 || js->fallocate == 3) && ftruncate(fd, (off_t)end))
		rc = -errno;
	if (rc) {
		rc = perr_setrc(e, rc, "job '%s': cannot allocate '%s' up to %llu bytes: %s",
				js->name, pf->path, (unsigned long long)end, strerror(-rc));
		goto out;
	}
	if (!pf->fill)
		goto out;
	buf = malloc(chunk);
	if (!buf) {
		rc = -ENOMEM;
		goto out;
	}
	rand_seed(&r, 0x6c61796f7574ull);
	for (pos = 0; pos + sizeof(uint64_t) <= chunk; pos += sizeof(uint64_t))
		*(uint64_t *)(buf + pos) = rand_next(&r);
	for (pos = (uint64_t)st.st_size; pos < end;) {
		size_t n = end - pos < chunk ? (size_t)(end - pos) : chunk;
		ssize_t w;

		if (got_signal) {
			rc = perr_setrc(e, -EINTR, "job '%s': laying out '%s' stopped at %llu of %llu bytes: terminating on signal %d",
					js->name, pf->path, (unsigned long long)pos,
					(unsigned long long)end, (int)got_signal);
			goto out;
		}
		w = pwrite(fd, buf, n, (off_t)pos);
		if (w < 0 && errno == EINTR)
			continue;

		if (w <= 0) {
			rc = perr_setrc(e, w < 0 ? -errno : -EIO,
					"job '%s': laying out '%s' at offset %llu: %s",
					js->name, pf->path, (unsigned long long)pos,
					w < 0 ? strerror(errno) : "short write");
			goto out;
		}
		pos += (uint64_t)w;
	}
	if (fsync(fd))
		rc = perr_setrc(e, -errno, "job '%s': fsync of '%s': %s", js->name,
				pf->path, strerror(errno));
out:
	free(buf);
	if (close(fd) && !rc)
		rc = perr_setrc(e, -errno, "job '%s': closing '%s': %s", js->name,
				pf->path, strerror(errno));
	if (rc && created)
		(void)unlink(pf->path);
	return rc;
}

int runner_layout(const struct plan *plan, bool verbose, struct perr *e)
{
	size_t i, j;
	int rc;

	for (i = 0; i < plan->n_jobs; i++) {
		const struct plan_job *pj = &plan->jobs[i];

		for (j = 0; j < pj->n_files; j++) {
			if (!pj->files[j].layout)
				continue;
			if (got_signal) {	/* between files: nothing half done */
				last_signal = got_signal;
				return perr_setrc(e, -EINTR, "job '%s': laying out '%s': terminating on signal %d",
						  pj->spec->name, pj->files[j].path,
						  (int)got_signal);
			}
			rc = layout_file(pj, &pj->files[j], verbose, e);
			if (rc == -EINTR && got_signal)
				last_signal = got_signal;
			if (rc)
				return rc;
		}
	}
	return 0;
}

/*
 * Install the handlers (nested calls only count).  Installed whatever the
 * signal's disposition was, SIG_IGN included, as fio does: a run started
 * in the background of a script is still stopped cleanly by a SIGINT sent
 * to it (timeout -s INT), with its report.
 */
void runner_signals_begin(void)
{
	struct sigaction sa;
	size_t i;

	if (signals_users++)
		return;
	runner_pid = getpid();
	got_signal = 0;
	report_asked = 0;
	last_signal = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	/* one handler at a time: SIGTERM inside SIGINT's sees its state whole */
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	for (i = 0; i < N_WATCHED; i++) {
		sa.sa_flags = SA_RESTART | (watched_signals[i] == SIGCHLD ? SA_NOCLDSTOP : 0);
		sigaction(watched_signals[i], &sa, &old_actions[i]);
	}
}

void runner_signals_end(void)
{
	size_t i;

	if (!signals_users || --signals_users)
		return;
	for (i = 0; i < N_WATCHED; i++)
		sigaction(watched_signals[i], &old_actions[i], NULL);
}

struct slot {
	const struct plan_job *pj;
	struct job_stats *st;
	int start_fd;		/* read end the worker waits on */
	int gate;		/* write end of its own start pipe, or -1 */
	pthread_t tid;
	pid_t pid;		/* > 0: a process to reap */
	bool is_thread;
	bool released;		/* told to start */
	bool ended;		/* reaped, or never started */
	/* the watcher's view of its counters */
	uint64_t run_ns;	/* the worker's start, as first seen */
	uint64_t last_bytes[DIR_NR], last_ios[DIR_NR];
};

static void *thread_main(void *arg)
{
	struct slot *sl = arg;
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < N_WATCHED; i++)
		sigaddset(&set, watched_signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	worker_run(sl->pj, sl->st, sl->start_fd);
	wake();
	return NULL;
}

static void stop(int *flag)
{
	__atomic_store_n(flag, 1, __ATOMIC_RELAXED);
}

/*
 * exitall / exitall_on_error of job `who`, with fio's exit_what: its
 * group (started or not), the jobs running now, or every job.
 */
static void stop_others(const struct plan *plan, const struct slot *sl, size_t who)
{
	const struct plan_job *me = &plan->jobs[who];
	size_t i;

	for (i = 0; i < plan->n_jobs; i++) {
		bool hit;

		switch (me->spec->exit_what) {
		case 0:		/* group */
			hit = plan->jobs[i].group == me->group;
			break;
		case 1:		/* stonewall: what runs now */
			hit = sl[i].released && !sl[i].ended;
			break;
		default:	/* all */
			hit = true;
		}
		if (hit)
			stop(&runner_stop[i]);
	}
}

/* Whether a job that wait_for names (defined before j) has not ended. */
static bool waitee_running(const struct plan *plan, const struct slot *sl, size_t j)
{
	const struct job_spec *js = plan->jobs[j].spec;
	size_t i;

	for (i = 0; i < j; i++)
		if (!sl[i].ended && !strcmp(plan->jobs[i].spec->name, js->wait_for))
			return true;
	return false;
}

/* A worker ended: note how, then apply its exitall. */
static void ended(const struct plan *plan, struct slot *sl, size_t i, int status,
		  bool have_status)
{
	struct job_stats *st = sl[i].st;
	const struct job_spec *js = plan->jobs[i].spec;

	sl[i].ended = true;
	log_debug(DBG_PROCESS, "job %s.%u: %s ended%s%s", js->name,
		  plan->jobs[i].clone, sl[i].is_thread ? "thread" : "process",
		  st->error ? ": " : "", st->error ? strerror(st->error) : "");
	if (have_status && WIFSIGNALED(status) && !st->error) {
		int sig = WTERMSIG(status);
		uint64_t start = __atomic_load_n(&st->start_ns, __ATOMIC_RELAXED);

		/*
		 * The job failed: EIO, as for any job that could not finish
		 * its I/O.  Its counters (shared memory) hold what it did up
		 * to its death; its runtime, set only at a normal end, is
		 * taken as up to now: SIGCHLD woke us as it died.
		 */
		st->error = EIO;
		if (start && !st->runtime_ns) {
			st->end_ns = clock_ns();
			st->runtime_ns = st->end_ns > start ? st->end_ns - start : 0;
		}
		snprintf(st->errmsg, sizeof(st->errmsg),
			 "job '%s': worker killed by signal %d (%s)%s", js->name, sig,
			 strsignal(sig),
			 sig == SIGBUS && (plan->jobs[i].engine->e.caps & PLIO_CAP_MMAP) ?
			 ": a mapped file shrank under the job" : "");
	} else if (have_status && WIFEXITED(status) && WEXITSTATUS(status) && !st->error) {
		/* exit() from a plugin or a sanitizer: not a success */
		st->error = EIO;
		snprintf(st->errmsg, sizeof(st->errmsg),
			 "job '%s': worker exited with status %d", js->name,
			 WEXITSTATUS(status));
	}
	/* the worker leaves no measured time when it never left the ramp;
	 * the report then shows zeros, which alone look like a slow run */
	if (js->ramp_time && !st->error && !st->runtime_ns && !plan->jobs[i].clone)
		log_warn("job '%s': it ended within ramp_time (%" PRIu64 " ms): nothing was measured",
			 js->name, (uint64_t)js->ramp_time / 1000);
	if (js->exitall || (js->exitall_on_error && st->error))
		stop_others(plan, sl, i);
}

/* Reap worker i if it ended; block when `block`.  Returns whether it did. */
static bool reap_one(const struct plan *plan, struct slot *sl, size_t i, bool block)
{
	int status = 0;
	pid_t r;

	if (sl[i].is_thread) {
		if (!block && !__atomic_load_n(&sl[i].st->done, __ATOMIC_ACQUIRE))
			return false;
		pthread_join(sl[i].tid, NULL);
		ended(plan, sl, i, 0, false);
		return true;
	}
	if (sl[i].pid <= 0) {
		ended(plan, sl, i, 0, false);
		return true;
	}
	while ((r = waitpid(sl[i].pid, &status, block ? 0 : WNOHANG)) < 0 && errno == EINTR)
		;
	if (r == 0)
		return false;
	ended(plan, sl, i, status, r > 0);
	return true;
}

static void release(struct slot *s)
{
	if (s->gate >= 0) {
		close(s->gate);
		s->gate = -1;
	}
	s->released = true;
}

/*
 * The watcher: what the main thread does between reaping workers.  It
 * reads the workers' counters with relaxed atomic loads (a worker's plain
 * stores may be seen late, never torn on the 64-bit targets plio runs on)
 * and keeps everything it derives to itself.
 */
struct watch {
	const struct plan *plan;
	const struct runner_opts *ro;
	struct slot *sl;
	struct eta_job *jobs;		/* plan->n_jobs */
	uint64_t genesis;
	bool show_eta;
	struct eta eta;
	uint64_t eta_period, next_eta;
	bool bwlog;
	struct eta_bwlog bl;
	uint64_t next_bw;
	uint64_t next_status;
	uint64_t next_ss;
	char line[4096];
};

static uint64_t ld(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* Each job's state and counters now, into w->jobs. */
static void sample(struct watch *w, uint64_t now)
{
	size_t i;
	int d;

	for (i = 0; i < w->plan->n_jobs; i++) {
		struct slot *s = &w->sl[i];
		const struct job_stats *st = s->st;
		struct eta_job *j = &w->jobs[i];
		uint64_t start = ld(&st->start_ns), ramp_ns = s->pj->spec->ramp_time * 1000;

		if (start && !s->run_ns)
			s->run_ns = start;
		j->started_ns = s->run_ns;
		j->bytes = 0;
		for (d = 0; d < DIR_NR; d++) {
			uint64_t b = ld(&st->dir[d].bytes), n = ld(&st->dir[d].ios);

			/* the worker zeroes its counters when ramp_time ends */
			j->total_bytes[d] += b >= s->last_bytes[d] ? b - s->last_bytes[d] : b;
			j->total_ios[d] += n >= s->last_ios[d] ? n - s->last_ios[d] : n;
			s->last_bytes[d] = b;
			s->last_ios[d] = n;
			j->bytes += b;
		}
		if (!s->released)
			j->state = ETA_PENDING;
		else if (s->ended || __atomic_load_n(&st->done, __ATOMIC_RELAXED))
			j->state = __atomic_load_n(&st->error, __ATOMIC_RELAXED) ?
				   ETA_FAILED : ETA_ENDED;
		else if (!s->run_ns)
			j->state = ETA_SETUP;
		else if (ramp_ns && now - s->run_ns < ramp_ns)
			j->state = ETA_RAMP;
		else
			j->state = ETA_RUNNING;
	}
}

/* --status-interval and SIGUSR1: a full report of a copy of the
 * statistics, each running job's runtime so far filled in. */
static void snapshot_report(struct watch *w, uint64_t now)
{
	size_t i, n = w->plan->n_jobs;
	struct job_stats *snap;

	if (!w->ro->report)
		return;
	/* zeroed and backed only where written: stats_copy reads and
	 * writes only the histograms' used buckets */
	snap = stats_zalloc((n ? n : 1) * sizeof(*snap));
	if (!snap) {
		log_warn("no memory for a status report");
		return;
	}
	for (i = 0; i < n; i++) {
		const struct slot *s = &w->sl[i];
		uint64_t start;

		/* workers keep writing: a counter may be a little behind
		 * another, which a report of a moving target tolerates */
		stats_copy(&snap[i], s->st);
		start = snap[i].start_ns;
		if (s->released && !s->ended && !snap[i].done && start && now > start)
			snap[i].runtime_ns = now - start;
	}
	if (w->show_eta) {
		/* the report starts on a line of its own */
		fputc('\n', stdout);
		fflush(stdout);
	}
	w->ro->report(w->ro->report_arg, snap);
	stats_zfree(snap, (n ? n : 1) * sizeof(*snap));
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Do what is due at `now`; returns when something is due next. */
static uint64_t watch_tick(struct watch *w, uint64_t now)
{
	uint64_t next = UINT64_MAX;

	if (!w->show_eta && !w->bwlog && !w->ro->status_interval_us &&
	    !steadystate_active() && !report_asked)
		return next;
	sample(w, now);
	if (w->show_eta) {
		if (now >= w->next_eta) {
			eta_line(&w->eta, w->plan, w->jobs, w->genesis, now, w->line,
				 sizeof(w->line));
			fputs(w->line, stdout);
			fflush(stdout);
			w->next_eta = now + w->eta_period;
		}
		next = min_u64(next, w->next_eta);
	}
	if (w->bwlog)
		next = min_u64(next, eta_bwlog_sample(&w->bl, w->jobs, w->plan->n_jobs,
						      w->genesis, now));
	if (steadystate_active()) {
		if (now >= w->next_ss)
			w->next_ss = steadystate_tick(w->plan, w->jobs, now, runner_stop);
		next = min_u64(next, w->next_ss);
	}
	if (report_asked || (w->ro->status_interval_us && now >= w->next_status)) {
		if (w->ro->status_interval_us && now >= w->next_status)
			w->next_status = now + w->ro->status_interval_us * 1000;
		report_asked = 0;
		snapshot_report(w, now);
	}
	if (w->ro->status_interval_us)
		next = min_u64(next, w->next_status);
	return next;
}

/* Sleep until `until`, a signal, or a worker's end; then empty the pipe. */
static void wait_wake(uint64_t now, uint64_t until)
{
	struct pollfd pfd = { .fd = wake_fd[0], .events = POLLIN };
	uint64_t ms = until > now ? (until - now + 999999) / 1000000 : 0;
	char buf[64];

	/* a safety net: a wake-up lost anyhow costs a second at most */
	if (ms > 1000)
		ms = 1000;
	if (poll(&pfd, 1, (int)ms) > 0)
		while (read(wake_fd[0], buf, sizeof(buf)) > 0)
			;
}

/* Start the workers of jobs [first, last) and wait until all ended. */
static int run_phase(const struct plan *plan, struct slot *sl, size_t first,
		     size_t last, struct watch *w, struct perr *e)
{
	uint64_t genesis = w->genesis;
	int barrier[2], gp[2], rc = 0;
	size_t i, j, left;

	if (pipe(barrier))
		return perr_setrc(e, -errno, "cannot create the start barrier: %s",
				  strerror(errno));
	for (i = first; i < last; i++) {
		const struct plan_job *pj = &plan->jobs[i];

		sl[i].start_fd = barrier[0];
		sl[i].gate = -1;
		if (!pj->startdelay_us && !pj->waits)
			continue;
		if (pipe(gp)) {
			rc = perr_setrc(e, -errno, "job '%s': cannot create its start gate: %s",
					pj->spec->name, strerror(errno));
			goto out;
		}
		sl[i].start_fd = gp[0];
		sl[i].gate = gp[1];
	}
	fflush(NULL);
	/* processes first: fork() while thread workers already run would copy
	 * their half-built state (and any lock they hold) into the child */
	for (i = first; i < last; i++) {
		const struct plan_job *pj = &plan->jobs[i];

		if (pj->spec->thread)
			continue;
		sl[i].pid = fork();
		if (sl[i].pid == 0) {
			close(barrier[1]);
			for (j = first; j < last; j++)
				if (sl[j].gate >= 0)
					close(sl[j].gate);
			_exit(worker_run(pj, sl[i].st, sl[i].start_fd) ? 1 : 0);
		}
		if (sl[i].pid > 0)
			log_debug(DBG_PROCESS, "job %s.%u: started as process %d",
				  pj->spec->name, pj->clone, (int)sl[i].pid);
		if (sl[i].pid < 0) {
			sl[i].st->error = errno;
			snprintf(sl[i].st->errmsg, sizeof(sl[i].st->errmsg),
				 "job '%s': cannot start a process: %s", pj->spec->name,
				 strerror(errno));
		}
	}
	for (i = first; i < last; i++) {
		const struct plan_job *pj = &plan->jobs[i];

		if (!pj->spec->thread)
			continue;
		sl[i].is_thread = true;
		log_debug(DBG_PROCESS, "job %s.%u: starting as a thread", pj->spec->name,
			  pj->clone);
		if (pthread_create(&sl[i].tid, NULL, thread_main, &sl[i])) {
			sl[i].is_thread = false;
			sl[i].pid = -1;
			sl[i].st->error = EAGAIN;
			snprintf(sl[i].st->errmsg, sizeof(sl[i].st->errmsg),
				 "job '%s': cannot start a thread", pj->spec->name);
		}
	}
	/* everyone is set up or waiting: EOF on the pipe starts them */
	close(barrier[1]);
	barrier[1] = -1;
	for (i = first; i < last; i++)
		if (sl[i].gate < 0)
			sl[i].released = true;

	/*
	 * Sleep until something is due: a start gate's time, the watcher's
	 * next sample; a worker's end (SIGCHLD, or a thread's byte) and
	 * signals wake us early through the wake pipe.
	 */
	for (left = last - first; left;) {
		uint64_t now = clock_ns(), since = now - genesis, next = UINT64_MAX;

		for (i = first; i < last; i++) {
			const struct plan_job *pj = &plan->jobs[i];
			uint64_t due = genesis + pj->startdelay_us * 1000;

			if (sl[i].released)
				continue;
			if (__atomic_load_n(&runner_stop[i], __ATOMIC_RELAXED) ||
			    (since >= pj->startdelay_us * 1000 &&
			     !(pj->waits && waitee_running(plan, sl, i))))
				release(&sl[i]);
			else if (due > now)
				next = min_u64(next, due);
		}
		for (i = first; i < last; i++)
			if (sl[i].released && !sl[i].ended && reap_one(plan, sl, i, false))
				left--;
		if (!left)
			break;
		if (got_signal && !last_signal) {
			last_signal = got_signal;
			log_error("terminating on signal %d", (int)got_signal);
		}
		next = min_u64(next, watch_tick(w, now));
		wait_wake(now, next);
	}
out:
	close(barrier[0]);
	if (barrier[1] >= 0)
		close(barrier[1]);
	for (i = first; i < last; i++) {
		if (sl[i].gate >= 0)
			close(sl[i].gate);
		if (sl[i].start_fd >= 0 && sl[i].start_fd != barrier[0])
			close(sl[i].start_fd);
		sl[i].start_fd = -1;
	}
	return rc;
}

/* Set up the watcher from ro; 0 or a negative errno with e set. */
static int watch_init(struct watch *w, const struct plan *plan,
		      const struct runner_opts *ro, struct slot *sl, uint64_t now,
		      struct perr *e)
{
	static const struct runner_opts none;
	int rc;

	memset(w, 0, sizeof(*w));
	w->plan = plan;
	w->ro = ro ? ro : &none;
	w->sl = sl;
	w->genesis = now;
	w->jobs = calloc(plan->n_jobs ? plan->n_jobs : 1, sizeof(*w->jobs));
	if (!w->jobs)
		return -ENOMEM;
	w->show_eta = w->ro->eta;
	w->eta_period = (w->ro->eta_interval_us ? w->ro->eta_interval_us : 1000000) * 1000;
	eta_init(&w->eta, plan, w->ro->eta_newline_us, now);
	/* as fio, the first line after one period: it has rates to show */
	w->next_eta = now + w->eta_period;
	if (w->ro->status_interval_us)
		w->next_status = now + w->ro->status_interval_us * 1000;
	rc = steadystate_init(plan, e);
	if (rc)
		return rc;
	if (steadystate_active())
		w->next_ss = now + steadystate_period_ns();
	if (w->ro->bandwidth_log) {
		rc = eta_bwlog_open(&w->bl, plan, now, e);
		if (rc)
			return rc;
		w->bwlog = true;
	}
	return 0;
}

static int watch_end(struct watch *w)
{
	int rc = 0;

	if (w->bwlog && eta_bwlog_close(&w->bl))
		rc = -EIO;
	free(w->jobs);
	return rc;
}

/*
 * Each job's error line; clones that failed alike (numjobs=20 all refused
 * by io_setup) share one line with a count instead of twenty copies.
 */
static void print_job_errors(const struct job_stats *stats, size_t n)
{
	size_t i, j, more;

	for (i = 0; i < n; i++) {
		if (!stats[i].error)
			continue;
		for (j = 0; j < i; j++)
			if (stats[j].error && !strcmp(stats[j].errmsg, stats[i].errmsg))
				break;
		if (j < i)
			continue;
		for (more = 0, j = i + 1; j < n; j++)
			if (stats[j].error && !strcmp(stats[j].errmsg, stats[i].errmsg))
				more++;
		if (more)
			log_error("%s (and %zu more job%s the same)", stats[i].errmsg, more,
				  more == 1 ? "" : "s");
		else
			log_error("%s", stats[i].errmsg);
	}
}

int runner_run(const struct plan *plan, struct job_stats *stats,
	       const struct runner_opts *ro, struct perr *e)
{
	/* e stays empty when workers failed: each one's line is printed here */
	size_t n = plan->n_jobs, i, first, last;
	struct watch w;
	struct slot *sl;
	void *flags;
	int rc = 0;

	sl = calloc(n ? n : 1, sizeof(*sl));
	flags = mmap(NULL, (n ? n : 1) * sizeof(int), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!sl || flags == MAP_FAILED) {
		free(sl);
		if (flags != MAP_FAILED)
			munmap(flags, (n ? n : 1) * sizeof(int));
		return -ENOMEM;
	}
	if (pipe2(wake_fd, O_NONBLOCK | O_CLOEXEC)) {
		rc = perr_setrc(e, -errno, "cannot create a pipe: %s", strerror(errno));
		free(sl);
		munmap(flags, (n ? n : 1) * sizeof(int));
		return rc;
	}
	runner_stop = flags;
	n_stop = n;
	for (i = 0; i < n; i++) {
		sl[i].pj = &plan->jobs[i];
		sl[i].st = &stats[i];
		sl[i].start_fd = sl[i].gate = -1;
	}
	rc = watch_init(&w, plan, ro, sl, clock_ns(), e);
	if (rc)
		goto out;

	/* before the first fork(), so that workers inherit them; already
	 * in place when the caller laid out files under them */
	runner_signals_begin();
	report_asked = 0;	/* a SIGUSR1 during the layout had nothing to show */

	for (first = 0; first < n && !rc && !got_signal; first = last) {
		for (last = first; last < n && plan->jobs[last].phase == plan->jobs[first].phase;
		     last++)
			;
		rc = run_phase(plan, sl, first, last, &w, e);
	}
	/* a signal in the last moments, seen by no poll */
	if (got_signal && !last_signal) {
		last_signal = got_signal;
		log_error("terminating on signal %d", (int)got_signal);
	}
	runner_signals_end();
	if (!rc) {
		for (i = 0; i < n && !stats[i].error; i++)
			;
		if (i < n) {
			print_job_errors(stats, n);
			rc = -EIO;
		}
	}
out:
	if (watch_end(&w) && !rc)
		rc = perr_setrc(e, -EIO, "--bandwidth-log: writing the logs failed");
	runner_stop = NULL;
	n_stop = 0;
	close(wake_fd[0]);
	close(wake_fd[1]);
	wake_fd[0] = wake_fd[1] = -1;
	munmap(flags, (n ? n : 1) * sizeof(int));
	free(sl);
	return rc;
}
