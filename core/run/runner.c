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
 *
 * A job that a signal asked to stop and that is still running
 * RUNNER_STOP_WAIT_S later is stuck (an engine that never completes, a
 * system call that never returns): its process is killed, and a thread,
 * which cannot be killed alone, is left behind for plio's exit to end.
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
#include <sys/statvfs.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "measure/eta.h"
#include "plugin/loader.h"
#include "base/rand.h"
#include "run/runner.h"
#include "run/signals.h"
#include "measure/steadystate.h"
#include "run/worker.h"

/* One flag per plan job (stop_flags[plan_job.index]), in memory shared
 * with worker processes, raised when that job must end early (exitall,
 * steady state, SIGINT/SIGTERM); each worker is handed its own. */
static int *stop_flags;
/* Each job's worker process while it can be signalled (0: none, or
 * reaped), for the second SIGINT to kill (signals.h). */
static pid_t *worker_pids;
/* Thread workers left running (stuck): what they use is never freed. */
static bool threads_left;
/* A job failed (for the other ranks of a run across hosts). */
static bool any_failed;

#define STOP_WAIT_NS ((uint64_t)RUNNER_STOP_WAIT_S * 1000000000ull)
/* across hosts, how long a status line waits for a round's sums */
#define ROUND_WAIT_NS 10000000ull
/* how long a killed worker may take to die before it is left behind */
#define KILL_WAIT_NS 1000000000ull

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
	bool killed;		/* stuck after a signal: SIGKILL sent */
	bool left;		/* stuck, and left behind unreaped */
	uint64_t killed_ns;	/* when SIGKILL was sent */
	/* the watcher's view of its counters */
	uint64_t run_ns;	/* the worker's start, as first seen */
	uint64_t last_bytes[DIR_NR], last_ios[DIR_NR];
};

static void *thread_main(void *arg)
{
	struct slot *sl = arg;

	signals_block_here();
	worker_run(sl->pj, sl->st, sl->start_fd, &stop_flags[sl->pj->index]);
	signals_wake();
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

		switch (me->shape->exit_what) {
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
			stop(&stop_flags[i]);
	}
}

/* Whether a job that wait_for names (defined before j) has not ended. */
static bool waitee_running(const struct plan *plan, const struct slot *sl, size_t j)
{
	int waits_for = plan->jobs[j].waits_for;
	size_t i;

	for (i = 0; i < j; i++)
		if (!sl[i].ended && (int)plan->jobs[i].name_id == waits_for)
			return true;
	return false;
}

/* The runtime of a job that did not end by itself: up to now. */
static void runtime_to_now(struct job_stats *st)
{
	uint64_t start = __atomic_load_n(&st->start_ns, __ATOMIC_RELAXED);

	if (start && !st->runtime_ns) {
		st->end_ns = clock_ns();
		st->runtime_ns = st->end_ns > start ? st->end_ns - start : 0;
	}
}

/*
 * Worker i was stuck after a signal and is killed, or left behind: the
 * job failed (EINTR: the signal interrupted it), with what it did up to
 * now in its counters.  A left thread may still write them: the report
 * then shows a moving target, which it tolerates.
 */
static void forced(const struct plan *plan, struct slot *sl, size_t i)
{
	struct job_stats *st = sl[i].st;
	const char *how;

	st->error = EINTR;
	runtime_to_now(st);
	if (sl[i].is_thread)
		how = "a thread cannot be killed alone; it ends when plio exits";
	else if (sl[i].left)
		how = "killed, and left to die (it did not, at once: uninterruptible sleep)";
	else
		how = "killed";
	snprintf(st->errmsg, sizeof(st->errmsg),
		 "job '%s': still running %d s after signal %d (stuck in engine %s or in the kernel): %s",
		 plan->jobs[i].shape->name, RUNNER_STOP_WAIT_S, signals_pending(),
		 plan->jobs[i].engine->e.name, how);
}

/*
 * Why an mmap job's worker got SIGBUS, from its files as they are now: a
 * file shorter than its region shrank under the job (a read or write past
 * its end); a file whose holes need more space than its file system has
 * free met a full disk (a write to the mapping could get no block: mmap's
 * ENOSPC).  Into buf, starting ": ".
 */
static void sigbus_why(const struct plan_job *pj, char *buf, size_t len)
{
	struct statvfs sv;
	struct stat st;
	uint64_t alloc, holes, avail;
	size_t k;

	for (k = 0; k < pj->n_files; k++) {
		const struct plan_file *pf = &pj->files[k];

		if (stat(pf->path, &st) || !S_ISREG(st.st_mode))
			continue;
		if ((uint64_t)st.st_size < pf->file_size) {
			snprintf(buf, len, ": a mapped file shrank under the job ('%s' is now %llu bytes, its region ends at %llu)",
				 pf->path, (unsigned long long)st.st_size,
				 (unsigned long long)pf->file_size);
			return;
		}
		alloc = (uint64_t)st.st_blocks * 512;
		holes = (uint64_t)st.st_size > alloc ? (uint64_t)st.st_size - alloc : 0;
		if (!holes || statvfs(pf->path, &sv))
			continue;
		/* root may use the blocks kept for it */
		avail = (uint64_t)(geteuid() ? sv.f_bavail : sv.f_bfree) * sv.f_frsize;
		if (avail < holes) {
			snprintf(buf, len, ": the disk may be full ('%s' has %llu bytes not yet allocated, its file system %llu bytes free)",
				 pf->path, (unsigned long long)holes, (unsigned long long)avail);
			return;
		}
	}
	snprintf(buf, len, ": a mapped file shrank under the job, or its file system filled up");
}

/* A worker ended: note how, then apply its exitall. */
static void ended(const struct plan *plan, struct slot *sl, size_t i, int status,
		  bool have_status)
{
	struct job_stats *st = sl[i].st;
	const struct plan_shape *sh = plan->jobs[i].shape;

	sl[i].ended = true;
	log_debug(DBG_PROCESS, "job %s.%u: %s ended%s%s", sh->name,
		  plan->jobs[i].clone, sl[i].is_thread ? "thread" : "process",
		  st->error ? ": " : "", st->error ? strerror(st->error) : "");
	if (sl[i].left || (sl[i].killed && have_status && WIFSIGNALED(status) &&
			   WTERMSIG(status) == SIGKILL)) {
		forced(plan, sl, i);
	} else if (have_status && WIFSIGNALED(status) && !st->error) {
		int sig = WTERMSIG(status);
		char why[sizeof(st->errmsg)] = "";

		/*
		 * The job failed: EIO, as for any job that could not finish
		 * its I/O.  Its counters (shared memory) hold what it did up
		 * to its death; its runtime, set only at a normal end, is
		 * taken as up to now: SIGCHLD woke us as it died.
		 */
		st->error = EIO;
		runtime_to_now(st);
		if (sig == SIGBUS && (plan->jobs[i].engine->e.caps & PLIO_CAP_MMAP))
			sigbus_why(&plan->jobs[i], why, sizeof(why));
		/* a long why is cut at errmsg's end: its start says it all */
		if (snprintf(st->errmsg, sizeof(st->errmsg),
			     "job '%s': worker killed by signal %d (%s)%s", sh->name, sig,
			     strsignal(sig), why) >= (int)sizeof(st->errmsg))
			log_debug(DBG_PROCESS, "job %s: its error message was cut", sh->name);
	} else if (have_status && WIFEXITED(status) && WEXITSTATUS(status) && !st->error) {
		/* exit() from a plugin or a sanitizer: not a success */
		st->error = EIO;
		snprintf(st->errmsg, sizeof(st->errmsg),
			 "job '%s': worker exited with status %d", sh->name,
			 WEXITSTATUS(status));
	}
	/* the worker leaves no measured time when it never left the ramp;
	 * the report then shows zeros, which alone look like a slow run */
	if (sh->ramp_us && !st->error && !st->runtime_ns && !plan->jobs[i].clone)
		log_warn("job '%s': it ended within ramp_time (%" PRIu64 " ms): nothing was measured",
			 sh->name, sh->ramp_us / 1000);
	if (st->error)
		any_failed = true;
	if (sh->exitall || (sh->exitall_on_error && st->error))
		stop_others(plan, sl, i);
}

/*
 * Reap worker i if it ended; block when `block`.  Returns whether it did.
 * A process is looked at first and reaped after: its pid leaves the list
 * that a second SIGINT kills while it is still a zombie, which no other
 * process can take the pid of.
 */
static bool reap_one(const struct plan *plan, struct slot *sl, size_t i, bool block)
{
	siginfo_t si;
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
	memset(&si, 0, sizeof(si));
	while ((r = (pid_t)waitid(P_PID, (id_t)sl[i].pid, &si,
				  WEXITED | WNOWAIT | (block ? 0 : WNOHANG))) < 0 &&
	       errno == EINTR)
		;
	if (!r && !si.si_pid)
		return false;
	__atomic_store_n(&worker_pids[i], 0, __ATOMIC_RELAXED);
	if (!r)
		while ((r = waitpid(sl[i].pid, &status, 0)) < 0 && errno == EINTR)
			;
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
	bool ss_here;			/* steady state is watched here (rank 0) */
	struct cluster *c;		/* a run across hosts, or NULL */
	bool report_due;		/* SIGUSR1 asked for a report */
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
		uint64_t start = ld(&st->start_ns), ramp_ns = s->pj->shape->ramp_us * 1000;

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

/* When a sample taken at a round's time is next due: across hosts not
 * before the next round can have come (its time lags now). */
static uint64_t later(const struct watch *w, uint64_t now, uint64_t due)
{
	return w->c && due < now + ROUND_WAIT_NS ? now + ROUND_WAIT_NS : due;
}

/* Do what is due at `now`; returns when something is due next. */
static uint64_t watch_tick(struct watch *w, uint64_t now)
{
	uint64_t next = UINT64_MAX, at = now;
	const struct eta_job *jobs;

	if (!w->show_eta && !w->bwlog && !w->ro->status_interval_us &&
	    !w->ss_here && !w->report_due)
		return next;
	sample(w, now);
	/* across hosts: every rank's counters as of the last round, taken
	 * at `at` */
	jobs = w->c ? cluster_view(w->c, w->jobs, &at) : w->jobs;
	if (w->show_eta) {
		if (now >= w->next_eta && at <= w->eta.last_ns) {
			/* no round since the last line: it would show no rate */
			w->next_eta = now + ROUND_WAIT_NS;
		} else if (now >= w->next_eta) {
			eta_line(&w->eta, w->plan, jobs, w->genesis, at, w->line,
				 sizeof(w->line));
			fputs(w->line, stdout);
			fflush(stdout);
			w->next_eta = now + w->eta_period;
		}
		next = min_u64(next, w->next_eta);
	}
	if (w->bwlog)
		next = min_u64(next, later(w, now, eta_bwlog_sample(&w->bl, jobs, w->plan->n_jobs,
								    w->genesis, at)));
	if (w->ss_here) {
		if (now >= w->next_ss)
			w->next_ss = later(w, now, steadystate_tick(w->plan, jobs, at, stop_flags));
		next = min_u64(next, w->next_ss);
	}
	if (w->report_due || (w->ro->status_interval_us && now >= w->next_status)) {
		if (w->ro->status_interval_us && now >= w->next_status)
			w->next_status = now + w->ro->status_interval_us * 1000;
		w->report_due = false;
		snapshot_report(w, now);
	}
	if (w->ro->status_interval_us)
		next = min_u64(next, w->next_status);
	return next;
}


/* The start pipes of jobs [first, last): the shared barrier, or a gate of
 * its own for a job that waits (startdelay, wait_for). */
static int make_gates(const struct plan *plan, struct slot *sl, size_t first, size_t last,
		      int barrier, struct perr *e)
{
	int gp[2];
	size_t i;

	for (i = first; i < last; i++) {
		const struct plan_job *pj = &plan->jobs[i];

		sl[i].start_fd = barrier;
		sl[i].gate = -1;
		if (!pj->startdelay_us && pj->waits_for < 0)
			continue;
		if (pipe(gp))
			return perr_setrc(e, -errno, "job '%s': cannot create its start gate: %s",
					  pj->shape->name, strerror(errno));
		sl[i].start_fd = gp[0];
		sl[i].gate = gp[1];
	}
	return 0;
}

/*
 * Start the workers of jobs [first, last), each waiting on its start pipe:
 * processes first, since fork() while thread workers already run would
 * copy their half-built state (and any lock they hold) into the child.
 * One that cannot start gets its error and counts as ended.
 */
static void start_workers(const struct plan *plan, struct slot *sl, size_t first,
			  size_t last, int barrier_w)
{
	size_t i, j;

	fflush(NULL);
	for (i = first; i < last; i++) {
		const struct plan_job *pj = &plan->jobs[i];

		if (pj->shape->thread)
			continue;
		sl[i].pid = fork();
		if (sl[i].pid == 0) {
			signals_worker_process();
			close(barrier_w);
			for (j = first; j < last; j++)
				if (sl[j].gate >= 0)
					close(sl[j].gate);
			_exit(worker_run(pj, sl[i].st, sl[i].start_fd,
					 &stop_flags[pj->index]) ? 1 : 0);
		}
		if (sl[i].pid > 0) {
			__atomic_store_n(&worker_pids[i], sl[i].pid, __ATOMIC_RELAXED);
			log_debug(DBG_PROCESS, "job %s.%u: started as process %d",
				  pj->shape->name, pj->clone, (int)sl[i].pid);
		}
		if (sl[i].pid < 0) {
			sl[i].st->error = errno;
			snprintf(sl[i].st->errmsg, sizeof(sl[i].st->errmsg),
				 "job '%s': cannot start a process: %s", pj->shape->name,
				 strerror(errno));
		}
	}
	for (i = first; i < last; i++) {
		const struct plan_job *pj = &plan->jobs[i];

		if (!pj->shape->thread)
			continue;
		sl[i].is_thread = true;
		log_debug(DBG_PROCESS, "job %s.%u: starting as a thread", pj->shape->name,
			  pj->clone);
		if (pthread_create(&sl[i].tid, NULL, thread_main, &sl[i])) {
			sl[i].is_thread = false;
			sl[i].pid = -1;
			sl[i].st->error = EAGAIN;
			snprintf(sl[i].st->errmsg, sizeof(sl[i].st->errmsg),
				 "job '%s': cannot start a thread", pj->shape->name);
		}
	}
}

/* Open the gates that are due at now (startdelay passed, the jobs waited
 * for ended, or the job asked to stop); returns when the next is due. */
static uint64_t open_gates(const struct plan *plan, struct slot *sl, size_t first,
			   size_t last, uint64_t genesis, uint64_t now)
{
	uint64_t since = now - genesis, next = UINT64_MAX;
	size_t i;

	for (i = first; i < last; i++) {
		const struct plan_job *pj = &plan->jobs[i];
		uint64_t due = genesis + pj->startdelay_us * 1000;

		if (sl[i].released)
			continue;
		if (__atomic_load_n(&stop_flags[i], __ATOMIC_RELAXED) ||
		    (since >= pj->startdelay_us * 1000 &&
		     !(pj->waits_for >= 0 && waitee_running(plan, sl, i))))
			release(&sl[i]);
		else if (due > now)
			next = min_u64(next, due);
	}
	return next;
}

/*
 * A signal asked every job to stop: those of jobs [first, last) still
 * running RUNNER_STOP_WAIT_S after it are stuck.  Kill each process, and
 * leave behind one that is still there a second later (asleep where even
 * SIGKILL waits) and each thread; a left one counts as ended (*left
 * counts down).  Returns when to look again.
 */
static uint64_t end_stuck(const struct plan *plan, struct slot *sl, size_t first,
			  size_t last, uint64_t now, size_t *left)
{
	uint64_t asked = signals_pending_ns(), next = UINT64_MAX;
	size_t i;

	if (!asked)
		return UINT64_MAX;
	if (now < asked + STOP_WAIT_NS)
		return asked + STOP_WAIT_NS;
	for (i = first; i < last; i++) {
		struct slot *s = &sl[i];

		if (s->ended)
			continue;
		if (s->pid > 0 && !s->killed) {
			log_debug(DBG_PROCESS, "job %s.%u: stuck: killing process %d",
				  s->pj->shape->name, s->pj->clone, (int)s->pid);
			kill(s->pid, SIGKILL);
			s->killed = true;
			s->killed_ns = now;
		}
		if (s->pid > 0 && now < s->killed_ns + KILL_WAIT_NS) {
			next = min_u64(next, s->killed_ns + KILL_WAIT_NS);
			continue;
		}
		log_debug(DBG_PROCESS, "job %s.%u: stuck: left behind", s->pj->shape->name,
			  s->pj->clone);
		s->left = true;
		if (s->is_thread)
			threads_left = true;
		ended(plan, sl, i, 0, false);
		(*left)--;
	}
	return next;
}

bool runner_left_threads(void)
{
	return threads_left;
}

/*
 * Across hosts: take part in the ranks' rounds (running: this rank's
 * phase still has workers); *synced when every rank reached the sync
 * point.  Returns when to step again; a negative errno in *rc with e
 * set when the ranks no longer talk.
 */
static uint64_t cluster_tick(struct watch *w, uint64_t now, bool running, bool *synced,
			     int *rc, struct perr *e)
{
	int err = 0;
	uint64_t next;

	if (cluster_counts(w->c) && w->jobs)
		sample(w, now);
	next = cluster_step(w->c, now, running, any_failed, w->jobs, synced, &err);
	if (err)
		*rc = perr_setrc(e, err, "the ranks cannot talk: %s", strerror(-err));
	return next;
}

/*
 * Across hosts, at a sync point (the run's start, a phase's end): wait
 * until every rank is there, the status line going on meanwhile.  A rank
 * a signal stopped waits CLUSTER_GIVE_UP_S for the others (mpirun stops
 * every rank when one dies) and then gives up.
 */
static int cluster_wait(struct watch *w, struct perr *e)
{
	bool synced = false;
	int rc = 0;

	while (!rc) {
		uint64_t now = clock_ns(), next, asked;

		signals_note(false);
		next = cluster_tick(w, now, false, &synced, &rc, e);
		if (synced || rc)
			break;
		asked = signals_pending_ns();
		if (asked && now > asked + CLUSTER_GIVE_UP_S * 1000000000ull) {
			rc = perr_setrc(e, -ETIMEDOUT, "stopped by signal %d, and the other ranks did not answer for %d s",
					signals_pending(), CLUSTER_GIVE_UP_S);
			break;
		}
		w->report_due |= signals_report_asked();
		next = min_u64(next, watch_tick(w, now));
		if (asked)
			next = min_u64(next, asked + CLUSTER_GIVE_UP_S * 1000000000ull);
		signals_wait(now, next);
	}
	if (rc)
		cluster_broken(w->c);
	return rc;
}

/* Start the workers of jobs [first, last) and wait until all ended. */
static int run_phase(const struct plan *plan, struct slot *sl, size_t first,
		     size_t last, struct watch *w, struct perr *e)
{
	int barrier[2], rc, crc = 0;
	size_t i, left;

	if (pipe(barrier))
		return perr_setrc(e, -errno, "cannot create the start barrier: %s",
				  strerror(errno));
	rc = make_gates(plan, sl, first, last, barrier[0], e);
	if (!rc) {
		start_workers(plan, sl, first, last, barrier[1]);
		/* everyone is set up or waiting: EOF on the pipe starts them */
		close(barrier[1]);
		barrier[1] = -1;
		for (i = first; i < last; i++)
			if (sl[i].gate < 0)
				sl[i].released = true;
	}
	/*
	 * Sleep until something is due: a start gate's time, the watcher's
	 * next sample; a worker's end (SIGCHLD, or a thread's byte) and
	 * signals wake us early through the wake pipe.
	 */
	for (left = rc ? 0 : last - first; left;) {
		uint64_t now = clock_ns();
		uint64_t next = open_gates(plan, sl, first, last, w->genesis, now);

		for (i = first; i < last; i++)
			if (sl[i].released && !sl[i].ended && reap_one(plan, sl, i, false))
				left--;
		if (!left)
			break;
		signals_note(false);
		next = min_u64(next, end_stuck(plan, sl, first, last, now, &left));
		if (!left)
			break;
		w->report_due |= signals_report_asked();
		next = min_u64(next, watch_tick(w, now));
		if (w->c && !crc) {
			bool synced;

			next = min_u64(next, cluster_tick(w, now, true, &synced, &crc, e));
			if (crc) {
				/* alone now: this rank's jobs stop, and end */
				cluster_broken(w->c);
				for (i = first; i < last; i++)
					stop(&stop_flags[i]);
			}
		}
		signals_wait(now, next);
	}
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
	if (!rc)
		rc = crc;
	if (w->c && !rc)
		rc = cluster_wait(w, e);
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
	w->c = w->ro->cluster;
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
	/* across hosts, rank 0 watches every rank's counters */
	w->ss_here = steadystate_active() && (!w->c || !cluster_transport(w->c)->rank);
	if (w->ss_here)
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

void runner_print_job_errors(const struct job_stats *stats, size_t n, const char *who)
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
			log_error("%s%s (and %zu more job%s the same)", who, stats[i].errmsg, more,
				  more == 1 ? "" : "s");
		else
			log_error("%s%s", who, stats[i].errmsg);
	}
}

/* Across hosts: the run starts when every rank is here; its clocks
 * count from then. */
static int cluster_start(struct watch *w, int *flags, struct perr *e)
{
	bool counts = w->show_eta || w->bwlog || w->ss_here;
	uint64_t now;
	int rc = cluster_run_begin(w->c, w->plan, flags, counts, e);

	if (!rc)
		rc = cluster_wait(w, e);
	if (rc)
		return rc;
	now = clock_ns();
	w->genesis = now;
	w->next_eta = now + w->eta_period;
	if (w->ro->status_interval_us)
		w->next_status = now + w->ro->status_interval_us * 1000;
	if (w->ss_here)
		w->next_ss = now + steadystate_period_ns();
	return 0;
}

int runner_run(const struct plan *plan, struct job_stats *stats,
	       const struct runner_opts *ro, struct perr *e)
{
	/* e stays empty when workers failed: each one's line is printed here */
	size_t n = plan->n_jobs, i, first, last;
	size_t flows_at = ((n ? n : 1) * sizeof(int) + 7) & ~(size_t)7;
	size_t flags_len = flows_at + (n ? n : 1) * sizeof(struct pace_flow);
	struct watch w;
	struct slot *sl;
	void *flags;
	int rc = 0;

	sl = calloc(n ? n : 1, sizeof(*sl));
	worker_pids = calloc(n ? n : 1, sizeof(*worker_pids));
	flags = mmap(NULL, flags_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!sl || !worker_pids || flags == MAP_FAILED) {
		free(sl);
		free(worker_pids);
		worker_pids = NULL;
		if (flags != MAP_FAILED)
			munmap(flags, flags_len);
		return -ENOMEM;
	}
	rc = signals_wake_open();
	if (rc) {
		rc = perr_setrc(e, rc, "cannot create a pipe: %s", strerror(-rc));
		free(sl);
		free(worker_pids);
		worker_pids = NULL;
		munmap(flags, flags_len);
		return rc;
	}
	stop_flags = flags;
	/* after them, the flow counters (one per job): shared like them by
	 * worker processes and threads */
	worker_share_flows((struct pace_flow *)((char *)flags + flows_at));
	worker_share_run(plan, stats, stop_flags);
	signals_stop_flags(stop_flags, n);
	signals_worker_pids(worker_pids, n);
	for (i = 0; i < n; i++) {
		sl[i].pj = &plan->jobs[i];
		sl[i].st = &stats[i];
		sl[i].start_fd = sl[i].gate = -1;
	}
	any_failed = false;
	rc = watch_init(&w, plan, ro, sl, clock_ns(), e);
	if (w.c) {
		/* every rank takes part in the start, one that could not set
		 * up too: it says it failed, and no rank runs a phase */
		struct perr ignored;
		int crc;

		any_failed = rc != 0;
		crc = cluster_start(&w, stop_flags, rc ? &ignored : e);
		rc = rc ? rc : crc;
	}
	if (rc)
		goto out;

	/* before the first fork(), so that workers inherit them; already
	 * in place when the caller laid out files under them */
	signals_begin();
	signals_forget_report();	/* one during the layout had nothing to show */

	/* across hosts, every rank decides alike whether to go on */
	for (first = 0; first < n && !rc && !(w.c ? cluster_ending(w.c) : signals_pending());
	     first = last) {
		for (last = first; last < n && plan->jobs[last].phase == plan->jobs[first].phase;
		     last++)
			;
		rc = run_phase(plan, sl, first, last, &w, e);
	}
	/* a signal in the last moments, seen by no poll */
	signals_note(false);
	signals_end();
	if (!rc) {
		for (i = 0; i < n && !stats[i].error; i++)
			;
		if (i < n) {
			if (!w.c)
				runner_print_job_errors(stats, n, "");
			rc = -EIO;
		}
	}
out:
	if (w.c)
		cluster_run_end(w.c);
	if (watch_end(&w) && !rc)
		rc = perr_setrc(e, -EIO, "--bandwidth-log: writing the logs failed");
	signals_stop_flags(NULL, 0);
	signals_worker_pids(NULL, 0);
	free(worker_pids);
	worker_pids = NULL;
	if (threads_left)	/* theirs until plio exits: the slots, the
				 * stop flags, the wake pipe */
		return rc;
	stop_flags = NULL;
	signals_wake_close();
	munmap(flags, flags_len);
	free(sl);
	return rc;
}
