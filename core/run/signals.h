/*
 * signals.h - SIGINT, SIGTERM, SIGUSR1 and SIGCHLD while plio runs jobs.
 *
 * The handlers only store flags and write one byte to a wake pipe, both
 * async-signal-safe.  SIGINT or SIGTERM asks every job to stop (the stop
 * flags the runner hands over, in memory shared with worker processes)
 * and no later phase to start; a second one at least a second later ends
 * plio at once, its worker processes killed first (one sooner is the
 * same request delivered twice, as timeout(1) does).  A worker process
 * dies with the runner, however the runner dies.  SIGUSR1 asks for a report now.  SIGCHLD, and a
 * thread worker's end, wake the runner's wait.  Forked workers inherit the
 * handlers (a SIGINT to the process group reaches them too and raises the
 * same flags); thread workers block the signals.
 */
#ifndef PLIO_SIGNALS_H
#define PLIO_SIGNALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Install (and then restore) the handlers; nested calls only count. */
void signals_begin(void);
void signals_end(void);
/* The signals a thread worker blocks (the main thread takes them). */
void signals_block_here(void);

/* SIGINT or SIGTERM that came since signals_begin(), or 0. */
int signals_pending(void);
/* When it came (clock_ns() time), or 0 when none did. */
uint64_t signals_pending_ns(void);
/* The signal that stopped the run (noted with signals_note()), or 0. */
int signals_stopped_by(void);
/* Note that the pending signal stops the run, and say so once
 * ("terminating on signal N"); returns it.  quiet: no line (the caller
 * composes its own). */
int signals_note(bool quiet);
/* Whether SIGUSR1 asked for a report since the last call (clears it). */
bool signals_report_asked(void);
/* Forget a SIGUSR1 that came when there was nothing to report. */
void signals_forget_report(void);

/* The stop flags a SIGINT or SIGTERM raises (n of them; NULL: none). */
void signals_stop_flags(int *flags, size_t n);
/* The runner's worker processes (n entries, 0 where none), which a second
 * SIGINT or SIGTERM kills before plio ends; the runner sets an entry to 0
 * before it reaps that worker, so a pid is never used once free.  NULL:
 * none. */
void signals_worker_pids(pid_t *pids, size_t n);
/* In a forked worker, first thing: it gets SIGKILL when the runner dies
 * (and ends at once when the runner is already gone). */
void signals_worker_process(void);
/* Again after the worker changed its credentials (uid=, gid=), which
 * clear that setting; nothing in the runner's own process. */
void signals_worker_rearm(void);

/* The wake pipe: open it (0 or -errno), wake the waiter (from any thread
 * or a handler), sleep until `until` (clock_ns time) or a wake-up, close. */
int signals_wake_open(void);
void signals_wake(void);
void signals_wait(uint64_t now, uint64_t until);
void signals_wake_close(void);

#endif
