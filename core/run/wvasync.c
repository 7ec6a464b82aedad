/*
 * wvasync.c - verify_async=N: the reads to check go to N threads of the
 * worker's own, so the thread that submits I/O never waits on a checksum
 * (fio's verify_async); verify_async_cpus pins those threads.
 *
 * A read to check that came back whole is accounted as usual (its
 * latency is the I/O's), then handed to a verifier, round robin, and its
 * unit is kept out of the free list until the verifier hands it back
 * with a verdict; a bad one is then failed with EILSEQ on the worker's
 * thread, as the worker's own check does.  The verifiers log their lines
 * themselves.
 *
 * Each verifier has two rings of unit pointers (run/spsc.h: to it, from
 * it): a hand-over is a store and an atomic index update, no lock and no
 * allocation; a side that finds its ring empty sleeps on a futex and is
 * woken only when it said it sleeps: a busy pipeline makes no system
 * call.  The worker sleeps only when it has nothing else to do
 * (no free unit, nothing in flight).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/process.h"
#include "run/spsc.h"
#include "run/wstate.h"
#include "verify/header.h"

/* unit->vflags of a unit handed back bad (the verifier's verdict) */
#define UNIT_VBAD 0x40u
#define UNIT_VLIBFAIL 0x80u


struct verifier {
	pthread_t tid;
	bool started;
	struct worker *w;
	struct vchecker *ck;
	struct ring in, out;
	uint32_t in_seq;	/* bumped on every hand-over: the futex */
	uint32_t sleeping;	/* 1: waits on in_seq */
};

struct wvasync {
	struct verifier *v;
	unsigned int n, next;
	unsigned int held;	/* units with a verifier */
	uint32_t out_seq;	/* bumped on every verdict: the worker's futex */
	uint32_t waiting;	/* 1: the worker waits on out_seq */
	uint32_t quit;
};

/* Pin the calling verifier to verify_async_cpus. */
static void pin(const struct plan_verify *pv)
{
	cpu_set_t set;

	process_cpu_set(pv->async_cpus, -1, &set);
	/* checked against the machine when the job was read */
	(void)pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void *verifier_main(void *arg)
{
	struct verifier *vr = arg;
	struct worker *w = vr->w;
	struct wvasync *va = w->va;
	struct unit *un;
	int rc;

	if (w->shape->verify.async_pinned)
		pin(&w->shape->verify);
	while ((un = spsc_take(&vr->in, &vr->in_seq, &vr->sleeping, &va->quit))) {
		rc = wverify_check(w, vr->ck, un);
		if (rc <= 0)
			un->vflags |= rc < 0 ? UNIT_VLIBFAIL : UNIT_VBAD;
		spsc_give(&vr->out, &va->out_seq, &va->waiting, un);
	}
	return NULL;
}

void wvasync_hand(struct worker *w, struct unit *un)
{
	struct wvasync *va = w->va;
	struct verifier *vr = &va->v[va->next];

	if (++va->next == va->n)
		va->next = 0;
	va->held++;
	spsc_give(&vr->in, &vr->in_seq, &vr->sleeping, un);
}

/* Take back what the verifiers finished; with wait, sleep until at least
 * one is back (when any is out).  -1 when the job failed. */
int wvasync_harvest(struct worker *w, bool wait)
{
	struct wvasync *va = w->va;
	unsigned int i, got = 0;
	struct unit *un;
	uint32_t seq;

	for (;;) {
		seq = __atomic_load_n(&va->out_seq, __ATOMIC_SEQ_CST);
		for (i = 0; i < va->n; i++)
			while ((un = ring_pop(&va->v[i].out))) {
				va->held--;
				got++;
				if (un->vflags & UNIT_VLIBFAIL)
					worker_fail(w, EIO, "verify=%s: the checksum library failed",
						    vtype_name((enum vtype)w->shape->verify.type));
				else if (un->vflags & UNIT_VBAD)
					loop_verify_failed(w, un);
				un->vflags = 0;
				w->free_units[w->nr_free++] = un;
			}
		if (got || !wait || !va->held)
			break;
		for (i = 0; i < SPIN && __atomic_load_n(&va->out_seq, __ATOMIC_ACQUIRE) == seq; i++)
			cpu_relax();
		if (i < SPIN)
			continue;
		__atomic_store_n(&va->waiting, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&va->out_seq, __ATOMIC_SEQ_CST) == seq)
			futex_wait(&va->out_seq, seq);
		__atomic_store_n(&va->waiting, 0, __ATOMIC_SEQ_CST);
	}
	return w->stop ? -1 : 0;
}

int wvasync_drain(struct worker *w)
{
	while (w->va->held)
		wvasync_harvest(w, true);
	return 0;
}

int wvasync_setup(struct worker *w)
{
	const struct plan_verify *pv = &w->shape->verify;
	unsigned int depth = w->shape->iodepth, i;
	uint32_t room = 1;
	struct wvasync *va;
	char name[16];
	int rc;

	if (pv->type < 0 || !pv->async || !w->vfy)
		return 0;
	while (room < depth)
		room <<= 1;
	va = calloc(1, sizeof(*va));
	if (!va)
		return worker_fail(w, ENOMEM, "out of memory for verify_async");
	w->va = va;
	va->v = calloc(pv->async, sizeof(*va->v));
	if (!va->v)
		return worker_fail(w, ENOMEM, "out of memory for verify_async");
	for (i = 0; i < pv->async; i++) {
		struct verifier *vr = &va->v[i];

		vr->w = w;
		vr->in.mask = vr->out.mask = room - 1;
		vr->in.slot = calloc(room, sizeof(*vr->in.slot));
		vr->out.slot = calloc(room, sizeof(*vr->out.slot));
		if (!vr->in.slot || !vr->out.slot)
			return worker_fail(w, ENOMEM, "out of memory for verify_async");
		vr->ck = wverify_checker_new(w);
		if (!vr->ck)
			return -ENOMEM;
	}
	va->n = pv->async;
	for (i = 0; i < va->n; i++) {
		rc = pthread_create(&va->v[i].tid, NULL, verifier_main, &va->v[i]);
		if (rc)
			return worker_fail(w, rc, "verify_async: cannot start verify thread %u of %u: %s",
					   i + 1, va->n, strerror(rc));
		va->v[i].started = true;
		/* "plio-verify" and the job's number: what ps -L and /proc
		 * show for it */
		snprintf(name, sizeof(name), "plio-verify%u", w->pj->index % 10000);
		pthread_setname_np(va->v[i].tid, name);
	}
	return 0;
}

void wvasync_free(struct worker *w)
{
	struct wvasync *va = w->va;
	unsigned int i;

	if (!va)
		return;
	__atomic_store_n(&va->quit, 1, __ATOMIC_SEQ_CST);
	for (i = 0; i < va->n; i++) {
		__atomic_add_fetch(&va->v[i].in_seq, 1, __ATOMIC_SEQ_CST);
		futex_wake(&va->v[i].in_seq);
	}
	if (va->v) {
		for (i = 0; i < va->n; i++)
			if (va->v[i].started)
				pthread_join(va->v[i].tid, NULL);
		/* set-up may have failed half-way: free what was made */
		for (i = 0; i < w->shape->verify.async; i++) {
			free(va->v[i].in.slot);
			free(va->v[i].out.slot);
			wverify_checker_free(va->v[i].ck);
		}
	}
	free(va->v);
	free(va);
	w->va = NULL;
}
