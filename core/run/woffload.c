/*
 * woffload.c - io_submit_mode=offload: the job's thread only issues work
 * (picks the I/O, stamps its start, hands it over); a submitter thread of
 * the job's own gives each unit to the engine and hands it back done.
 *
 * What it is for (fio's words on it: the coordinated omission problem):
 * with inline submission a job whose device falls behind stops issuing
 * while it waits, and a paced job's I/Os then start late, so the queueing
 * they would have met is never measured.  Offloaded, the job keeps its
 * schedule: a unit's latency runs from when the job issued it, through
 * the wait for the submitter, to its completion.
 *
 * Engines that complete in queue() (PLIO_CAP_SYNC) only: fio's offload
 * "cannot reliably be used with async IO engines", and plio refuses them.
 * One submitter per job, not a pool: sync and vsync move the file offset
 * (lseek, then read), and an engine's state is its job's alone; every
 * engine call of the run is made on that one thread.  The units go both
 * ways through single-producer single-consumer rings (run/spsc.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "run/spsc.h"
#include "run/wstate.h"

struct woff {
	pthread_t tid;
	bool started;
	struct worker *w;
	struct ring in, out;
	uint32_t in_seq, sleeping;	/* the submitter's futex */
	uint32_t out_seq, waiting;	/* the job's futex */
	uint32_t quit;
};

static void *submitter(void *arg)
{
	struct woff *o = arg;
	struct worker *w = o->w;
	struct unit *un;
	int rc;

	while ((un = spsc_take(&o->in, &o->in_seq, &o->sleeping, &o->quit))) {
		un->issue_ns = clock_ns();
		rc = w->eng->queue(&w->ctx, &un->u);
		if (rc != PLIO_Q_COMPLETED) {
			/* a sync engine that did not complete: its contract
			 * broken, the unit fails (the job's thread says so) */
			un->u.result = 0;
			un->u.error = EPROTO;
		}
		spsc_give(&o->out, &o->out_seq, &o->waiting, un);
	}
	return NULL;
}

void woff_submit(struct worker *w, struct unit *un)
{
	struct woff *o = w->off;

	spsc_give(&o->in, &o->in_seq, &o->sleeping, un);
}

int woff_reap(struct worker *w, unsigned int min, unsigned int max, struct plio_io_u **done,
	      const struct timespec *to)
{
	struct woff *o = w->off;
	uint64_t until = to ? clock_ns() + (uint64_t)to->tv_sec * 1000000000ull +
			      (uint64_t)to->tv_nsec : UINT64_MAX, now;
	unsigned int got = 0;
	struct timespec left;
	struct unit *un;
	uint32_t seq;

	for (;;) {
		seq = __atomic_load_n(&o->out_seq, __ATOMIC_SEQ_CST);
		while (got < max && (un = ring_pop(&o->out)))
			done[got++] = &un->u;
		if (got >= min || got >= max)
			return (int)got;
		if (ring_wait_briefly(&o->out))
			continue;
		now = clock_ns();
		if (now >= until)
			return (int)got;
		__atomic_store_n(&o->waiting, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&o->out_seq, __ATOMIC_SEQ_CST) == seq) {
			if (until == UINT64_MAX) {
				futex_wait(&o->out_seq, seq);
			} else {
				left.tv_sec = (time_t)((until - now) / 1000000000ull);
				left.tv_nsec = (long)((until - now) % 1000000000ull);
				futex_wait_for(&o->out_seq, seq, &left);
			}
		}
		__atomic_store_n(&o->waiting, 0, __ATOMIC_SEQ_CST);
	}
}

int woff_setup(struct worker *w)
{
	unsigned int depth = w->shape->iodepth;
	uint32_t room = 1;
	struct woff *o;
	int rc;

	if (!w->shape->offload)
		return 0;
	while (room < depth + 1)
		room <<= 1;
	o = calloc(1, sizeof(*o));
	if (!o)
		return worker_fail(w, ENOMEM, "out of memory for io_submit_mode=offload");
	w->off = o;
	o->w = w;
	o->in.mask = o->out.mask = room - 1;
	o->in.slot = calloc(room, sizeof(*o->in.slot));
	o->out.slot = calloc(room, sizeof(*o->out.slot));
	if (!o->in.slot || !o->out.slot)
		return worker_fail(w, ENOMEM, "out of memory for io_submit_mode=offload");
	rc = pthread_create(&o->tid, NULL, submitter, o);
	if (rc)
		return worker_fail(w, rc, "io_submit_mode=offload: cannot start the submitter thread: %s",
				   strerror(rc));
	o->started = true;
	pthread_setname_np(o->tid, "plio-submit");
	return 0;
}

void woff_free(struct worker *w)
{
	struct woff *o = w->off;

	if (!o)
		return;
	__atomic_store_n(&o->quit, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&o->in_seq, 1, __ATOMIC_SEQ_CST);
	futex_wake(&o->in_seq);
	if (o->started)
		pthread_join(o->tid, NULL);
	free(o->in.slot);
	free(o->out.slot);
	free(o);
	w->off = NULL;
}
