/*
 * signals.c - SIGINT, SIGTERM, SIGUSR1 and SIGCHLD while jobs run (see
 * signals.h).
 *
 * Forked workers inherit the handlers: a SIGINT from the terminal reaches
 * every process of the group, and a worker that gets it raises the same
 * stop flags (shared memory) instead of dying with its I/O half done.
 * Thread workers block the signals, so the main thread takes them and its
 * poll() returns at once.  Only the process that installed the handlers
 * (the runner's) writes to the wake pipe.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "run/signals.h"

static int *stop_flags;			/* raised by SIGINT/SIGTERM */
static size_t n_stop;
static pid_t watcher_pid;		/* the process that installed them */
static int wake_fd[2] = { -1, -1 };	/* nonblocking; read by the watcher */
static volatile sig_atomic_t got_signal;	/* SIGINT/SIGTERM number */
static volatile sig_atomic_t report_asked;	/* SIGUSR1 */
static volatile uint64_t first_signal_ns;	/* when got_signal came */
static int last_signal;
static int users;			/* signals_begin() calls not ended */
/* the runner's worker processes (0: none); volatile, as the handler
 * reads them: set n before the array, clear the array first */
static pid_t *volatile worker_pids;
static volatile size_t n_pids;
static bool in_worker;			/* a forked worker process */

static const int watched[] = { SIGINT, SIGTERM, SIGUSR1, SIGCHLD };
#define N_WATCHED (sizeof(watched) / sizeof(watched[0]))
static struct sigaction old_actions[N_WATCHED];

void signals_wake(void)
{
	char c = 0;

	if (wake_fd[1] >= 0 && write(wake_fd[1], &c, 1) < 0) {
		/* full: the watcher has a wake-up pending anyway */
	}
}

/* A second SIGINT: no worker process outlives the runner (thread
 * workers end with it). */
static void kill_workers(void)
{
	pid_t *pids = worker_pids;
	size_t i;

	for (i = 0; pids && i < n_pids; i++) {
		pid_t pid = __atomic_load_n(&pids[i], __ATOMIC_RELAXED);

		if (pid > 0)
			kill(pid, SIGKILL);
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
				if (getpid() == watcher_pid)
					kill_workers();
				signal(sig, SIG_DFL);
				raise(sig);
			}
			break;
		}
		first_signal_ns = now;
		got_signal = sig;
		for (i = 0; stop_flags && i < n_stop; i++)
			__atomic_store_n(&stop_flags[i], 1, __ATOMIC_RELAXED);
		break;
	case SIGUSR1:
		report_asked = 1;
		break;
	default:	/* SIGCHLD: a worker process ended */
		break;
	}
	if (getpid() == watcher_pid)
		signals_wake();
	errno = saved;
}

/*
 * Installed whatever the signal's disposition was, SIG_IGN included, as
 * fio does: a run started in the background of a script is still stopped
 * cleanly by a SIGINT sent to it (timeout -s INT), with its report.
 */
void signals_begin(void)
{
	struct sigaction sa;
	size_t i;

	if (users++)
		return;
	watcher_pid = getpid();
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
		sa.sa_flags = SA_RESTART | (watched[i] == SIGCHLD ? SA_NOCLDSTOP : 0);
		sigaction(watched[i], &sa, &old_actions[i]);
	}
}

void signals_end(void)
{
	size_t i;

	if (!users || --users)
		return;
	for (i = 0; i < N_WATCHED; i++)
		sigaction(watched[i], &old_actions[i], NULL);
}

void signals_block_here(void)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < N_WATCHED; i++)
		sigaddset(&set, watched[i]);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

int signals_pending(void)
{
	return got_signal;
}

uint64_t signals_pending_ns(void)
{
	return got_signal ? first_signal_ns : 0;
}

int signals_stopped_by(void)
{
	return last_signal;
}

int signals_note(bool quiet)
{
	if (got_signal && !last_signal) {
		last_signal = got_signal;
		if (!quiet)
			log_error("terminating on signal %d", (int)got_signal);
	}
	return last_signal;
}

bool signals_report_asked(void)
{
	if (!report_asked)
		return false;
	report_asked = 0;
	return true;
}

void signals_forget_report(void)
{
	report_asked = 0;
}

void signals_stop_flags(int *flags, size_t n)
{
	stop_flags = flags;
	n_stop = flags ? n : 0;
}

void signals_worker_pids(pid_t *pids, size_t n)
{
	if (pids) {
		n_pids = n;
		worker_pids = pids;
	} else {
		worker_pids = NULL;
		n_pids = 0;
	}
}

/*
 * SIGKILL when the runner dies, whatever kills it (SIGKILL, SIGPIPE from
 * `| head`, a crash): nothing else would end a worker stuck in its engine.
 * The runner may have died before the setting took: then end here.
 */
static void arm_parent_death(void)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != watcher_pid)
		_exit(1);
}

void signals_worker_process(void)
{
	in_worker = true;
	signals_worker_pids(NULL, 0);
	arm_parent_death();
}

void signals_worker_rearm(void)
{
	if (in_worker)
		arm_parent_death();
}

int signals_wake_open(void)
{
	return pipe2(wake_fd, O_NONBLOCK | O_CLOEXEC) ? -errno : 0;
}

/* Sleep until `until`, a signal, or a worker's end; then empty the pipe. */
void signals_wait(uint64_t now, uint64_t until)
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

void signals_wake_close(void)
{
	if (wake_fd[0] >= 0)
		close(wake_fd[0]);
	if (wake_fd[1] >= 0)
		close(wake_fd[1]);
	wake_fd[0] = wake_fd[1] = -1;
}
