/*
 * runner.c - lays out files, starts workers, waits for them (see runner.h).
 *
 * Jobs run phase by phase (plan_job.phase): the workers of a phase are
 * started together once every worker of the phase before has ended, so
 * fork() never copies a running thread worker.  Within a phase a job
 * whose start waits (startdelay, wait_for) has a start pipe of its own;
 * the others share one.  The main thread then polls: it opens gates that
 * are due, reaps workers that ended, and raises stop flags for exitall.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
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
#include "loader.h"
#include "rand.h"
#include "runner.h"
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

/* Make pf hold at least offset+size bytes: data when the job reads. */
static int layout_file(const struct plan_job *pj, const struct plan_file *pf,
		       bool verbose, struct perr *e)
{
	const struct job_spec *js = pj->spec;
	uint64_t end = pf->offset + pf->size, pos;
	struct stat st;
	char *buf = NULL;
	size_t chunk = 1 << 20;
	struct rand_state r;
	int fd, rc = 0;

	fd = open(pf->path, O_RDWR | O_CREAT, 0644);
	if (fd < 0)
		return perr_setrc(e, -errno, "job '%s': cannot create '%s': %s",
				  js->name, pf->path, strerror(errno));
	if (fstat(fd, &st)) {
		rc = perr_setrc(e, -errno, "job '%s': '%s': %s", js->name, pf->path,
				strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size >= end)
		goto out;
	if (verbose) {
		char s[32];

		size_str(pf->size, s, sizeof(s));
		printf("%s: Laying out IO file (1 file / %s)\n", js->name, s);
		fflush(stdout);
	}
	if (!(js->rw & RW_READ)) {
		if (ftruncate(fd, (off_t)end))
			rc = perr_setrc(e, -errno, "job '%s': cannot extend '%s' to %llu bytes: %s",
					js->name, pf->path, (unsigned long long)end,
					strerror(errno));
		goto out;
	}
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
		ssize_t w = pwrite(fd, buf, n, (off_t)pos);

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
			rc = layout_file(pj, &pj->files[j], verbose, e);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int *runner_stop;

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
};

static void *thread_main(void *arg)
{
	struct slot *sl = arg;

	worker_run(sl->pj, sl->st, sl->start_fd);
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
	if (have_status && WIFSIGNALED(status) && !st->error) {
		st->error = EINTR;
		snprintf(st->errmsg, sizeof(st->errmsg),
			 "job '%s': worker killed by signal %d (%s)", js->name,
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	} else if (have_status && WIFEXITED(status) && WEXITSTATUS(status) && !st->error) {
		/* exit() from a plugin or a sanitizer: not a success */
		st->error = EIO;
		snprintf(st->errmsg, sizeof(st->errmsg),
			 "job '%s': worker exited with status %d", js->name,
			 WEXITSTATUS(status));
	}
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

/* Start the workers of jobs [first, last) and wait until all ended. */
static int run_phase(const struct plan *plan, struct slot *sl, size_t first,
		     size_t last, uint64_t genesis, struct perr *e)
{
	int barrier[2], gp[2], rc = 0;
	bool polled = false;
	size_t i, j, left;

	if (pipe(barrier))
		return perr_setrc(e, -errno, "cannot create the start barrier: %s",
				  strerror(errno));
	for (i = first; i < last; i++) {
		const struct plan_job *pj = &plan->jobs[i];

		sl[i].start_fd = barrier[0];
		sl[i].gate = -1;
		if (pj->spec->exitall || pj->spec->exitall_on_error)
			polled = true;
		if (!pj->startdelay_us && !pj->waits)
			continue;
		polled = true;
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

	if (!polled) {
		/* nothing to time: wait for each in turn, as cheaply as can be */
		for (i = first; i < last; i++)
			reap_one(plan, sl, i, true);
		goto out;
	}
	for (left = last - first; left;) {
		uint64_t since = clock_ns() - genesis;
		struct timespec ts = { 0, 1000000 };

		for (i = first; i < last; i++) {
			const struct plan_job *pj = &plan->jobs[i];

			if (sl[i].released)
				continue;
			if (__atomic_load_n(&runner_stop[i], __ATOMIC_RELAXED) ||
			    (since >= pj->startdelay_us * 1000 &&
			     !(pj->waits && waitee_running(plan, sl, i))))
				release(&sl[i]);
		}
		for (i = first; i < last; i++)
			if (sl[i].released && !sl[i].ended && reap_one(plan, sl, i, false))
				left--;
		if (left)
			nanosleep(&ts, NULL);
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

int runner_run(const struct plan *plan, struct job_stats *stats, struct perr *e)
{
	/* e stays empty when workers failed: each one's line is printed here */
	size_t n = plan->n_jobs, i, first, last;
	uint64_t genesis;
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
	runner_stop = flags;
	for (i = 0; i < n; i++) {
		sl[i].pj = &plan->jobs[i];
		sl[i].st = &stats[i];
		sl[i].start_fd = sl[i].gate = -1;
	}
	genesis = clock_ns();
	for (first = 0; first < n && !rc; first = last) {
		for (last = first; last < n && plan->jobs[last].phase == plan->jobs[first].phase;
		     last++)
			;
		rc = run_phase(plan, sl, first, last, genesis, e);
	}
	if (!rc) {
		for (i = 0; i < n; i++) {
			if (!stats[i].error)
				continue;
			log_error("%s", stats[i].errmsg);
			rc = -EIO;
		}
	}
	runner_stop = NULL;
	munmap(flags, (n ? n : 1) * sizeof(int));
	free(sl);
	return rc;
}
