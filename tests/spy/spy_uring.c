/*
 * spy_uring.c - test preload: what the io_uring engine hands the kernel.
 *
 * LD_PRELOAD'ed into plio with PLIO_SPY_FILE set, it stands in front of
 * liburing's submit calls and, before passing each on, writes one line per
 * read or write SQE about to be submitted (those between the ring's
 * sqe_head and sqe_tail),
 *
 *     uring R|W <sqe->ioprio> <bytes>
 *
 * so the priorities test sees each request's priority as the kernel gets it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>

#include "spy.h"

static void spy(struct io_uring *ring)
{
	FILE *out = spy_out();
	unsigned int i;

	for (i = ring->sq.sqe_head; out && i != ring->sq.sqe_tail; i++) {
		const struct io_uring_sqe *sqe = &ring->sq.sqes[i & *ring->sq.kring_mask];
		char d;

		switch (sqe->opcode) {
		case IORING_OP_READ: case IORING_OP_READV: case IORING_OP_READ_FIXED:
			d = 'R';
			break;
		case IORING_OP_WRITE: case IORING_OP_WRITEV: case IORING_OP_WRITE_FIXED:
			d = 'W';
			break;
		default:
			continue;
		}
		fprintf(out, "uring %c %u %u\n", d, (unsigned int)sqe->ioprio, (unsigned int)sqe->len);
	}
	if (out)
		fflush(out);
}

typedef int (*submit_fn)(struct io_uring *);
typedef int (*wait_fn)(struct io_uring *, unsigned);
typedef int (*timeout_fn)(struct io_uring *, struct io_uring_cqe **, unsigned,
			  struct __kernel_timespec *, sigset_t *);

/* The real function: after this preload, or (liburing loaded by the
 * io_uring plugin, out of the global scope) in liburing itself. */
static void *next(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name), *h;

	if (!p && ((h = dlopen("liburing.so.2", RTLD_NOW | RTLD_NOLOAD)) ||
		   (h = dlopen("liburing.so.2", RTLD_NOW))))
		p = dlsym(h, name);
	if (!p)
		abort();
	return p;
}

int io_uring_submit(struct io_uring *ring)
{
	static submit_fn real;

	if (!real)
		*(void **)&real = next("io_uring_submit");
	spy(ring);
	return real(ring);
}

int io_uring_submit_and_wait(struct io_uring *ring, unsigned wait_nr)
{
	static wait_fn real;

	if (!real)
		*(void **)&real = next("io_uring_submit_and_wait");
	spy(ring);
	return real(ring, wait_nr);
}

int io_uring_submit_and_wait_timeout(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
				     unsigned wait_nr, struct __kernel_timespec *ts,
				     sigset_t *sigmask)
{
	static timeout_fn real;

	if (!real)
		*(void **)&real = next("io_uring_submit_and_wait_timeout");
	spy(ring);
	return real(ring, cqe_ptr, wait_nr, ts, sigmask);
}

int io_uring_submit_and_get_events(struct io_uring *ring)
{
	static submit_fn real;

	if (!real)
		*(void **)&real = next("io_uring_submit_and_get_events");
	spy(ring);
	return real(ring);
}
