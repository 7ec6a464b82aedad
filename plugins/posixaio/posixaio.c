/*
 * posixaio.c - plugin "posixaio": engine "posixaio", fio's engine of the
 * same name: POSIX asynchronous I/O (aio_read(3), aio_write(3),
 * aio_fsync(3)) from the C library.
 *
 * queue() starts the request and returns PLIO_Q_QUEUED; there is nothing
 * left for commit() to do.  reap() looks at every request in flight with
 * aio_error(3), takes the finished ones (aio_return(3)), and, while fewer
 * than min have finished, sleeps in aio_suspend(3) over the whole in-flight
 * list until one more finishes or the time-out passes.  Each unit owns one
 * aiocb for its whole life, set up in unit_init(), so no I/O allocates.
 * Like the libaio engine, the engine accepts at most ctx->iodepth requests
 * (one per unit) and says PLIO_Q_BUSY beyond that.
 *
 * fsync and fdatasync units become aio_fsync(O_SYNC) and aio_fsync(O_DSYNC)
 * (fio uses O_SYNC for both).  Trims are not done: fio's posixaio cannot
 * trim either (its trims fail with ENOTTY), so the engine does not declare
 * PLIO_CAP_TRIM and the core refuses such jobs before they start.
 *
 * What the C library does underneath (glibc, measured on Debian 12's 2.36
 * with strace -f): each request is done by a helper thread of the library
 * with pread64(2), pwrite64(2), fsync(2) or fdatasync(2); no io_submit.
 * glibc runs the requests of one file descriptor one after another, on one
 * helper thread, so at iodepth 8 on one file 8 requests are queued (the
 * engine's iodepth distribution shows 8) but one is in the kernel at a
 * time; with several files, several helper threads work at once.  A
 * helper thread that wakes and finds no work exits, so over several files
 * threads come and go: over 4 files at iodepth 8, 2000 reads started 342
 * threads (fio 245).  fio's posixaio behaves the same, being the same
 * library.  The helper threads block every signal, so plio's signal
 * handling is untouched.
 *
 * Cancel uses aio_cancel(3); a request the library cannot cancel any more
 * still comes back from reap().  Units still in flight when the worker
 * ends (a job that failed) are cancelled and waited for in unit_exit(),
 * before their buffers and files go away.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <aio.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <plio/plio.h>

/* A unit's control block; cb first, so an aiocb pointer is the unit's. */
struct pa_unit {
	struct aiocb cb;
	struct plio_io_u *u;
	unsigned int slot;	/* index in flight[], NOT_IN_FLIGHT when idle */
};

#define NOT_IN_FLIGHT (~0u)

/*
 * Per-worker state, in ctx->engine_data.  flight[0..nr_flight-1] are the
 * requests started and not yet reaped, in no order (a finished one is
 * replaced by the last); aio_suspend() takes that array as it is.
 */
struct pa_data {
	struct pa_unit *units;		/* one per unit, by u->index */
	struct aiocb **flight;
	unsigned int nr_flight;
	unsigned int depth;
	uint64_t *counters;		/* ctx->counters: C_* */
};

/* Printed under the job (ABI 1.1 engine counters); bumped in place. */
enum { C_SUSPEND, C_EAGAIN, C_NR };

static const struct plio_counter pa_counters[C_NR] = {
	[C_SUSPEND] = { "aio_suspend_calls",
			"aio_suspend(3) calls: reap() found fewer finished requests than it needed and waited" },
	[C_EAGAIN] = { "eagain_retries",
		       "requests the C library refused for lack of resources (EAGAIN), retried after a completion" },
};

/* ------------------------------------------------------------ set-up */

static int pa_init(struct plio_ctx *ctx)
{
	struct pa_data *pd;
	unsigned int i, depth = ctx->iodepth ? ctx->iodepth : 1;

	/* on failure the core calls pa_cleanup(), which frees what is here */
	pd = calloc(1, sizeof(*pd));
	if (!pd)
		return -ENOMEM;
	ctx->engine_data = pd;
	pd->counters = ctx->counters;
	pd->depth = depth;
	pd->units = calloc(depth, sizeof(*pd->units));
	pd->flight = calloc(depth, sizeof(*pd->flight));
	if (!pd->units || !pd->flight)
		return -ENOMEM;
	for (i = 0; i < depth; i++)
		pd->units[i].slot = NOT_IN_FLIGHT;
	return 0;
}

static void pa_cleanup(struct plio_ctx *ctx)
{
	struct pa_data *pd = ctx->engine_data;

	if (!pd)
		return;
	free(pd->units);
	free(pd->flight);
	free(pd);
	ctx->engine_data = NULL;
}

/* Each unit's aiocb is the slot of the same index, for the unit's life. */
static int pa_unit_init(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct pa_data *pd = ctx->engine_data;
	struct pa_unit *pu;

	if (u->index >= pd->depth)
		return -EINVAL;
	pu = &pd->units[u->index];
	pu->u = u;
	pu->cb.aio_sigevent.sigev_notify = SIGEV_NONE;
	u->engine_data = pu;
	return 0;
}

static void flight_remove(struct pa_data *pd, struct pa_unit *pu)
{
	struct pa_unit *last = (struct pa_unit *)pd->flight[--pd->nr_flight];

	pd->flight[pu->slot] = &last->cb;
	last->slot = pu->slot;
	pu->slot = NOT_IN_FLIGHT;
}

/* Store the outcome of a finished request (aio_error() said err) in u. */
static void finish(struct pa_unit *pu, int err)
{
	struct plio_io_u *u = pu->u;
	ssize_t ret = aio_return(&pu->cb);

	if (err || ret < 0) {
		u->result = 0;
		u->error = err > 0 ? err : EIO;
	} else {
		u->result = ret;
		u->error = 0;
	}
}

/*
 * A unit still in flight when the worker ends: cancel it, or wait for the
 * C library to finish it, so no helper thread writes into a buffer or
 * descriptor that is about to go.
 */
static void pa_unit_exit(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct pa_data *pd = ctx->engine_data;
	struct pa_unit *pu = u->engine_data;
	const struct aiocb *one[1];

	if (!pd || !pu || pu->slot == NOT_IN_FLIGHT)
		return;
	one[0] = &pu->cb;
	aio_cancel(pu->cb.aio_fildes, &pu->cb);
	while (aio_error(&pu->cb) == EINPROGRESS)
		aio_suspend(one, 1, NULL);
	aio_return(&pu->cb);
	flight_remove(pd, pu);
}

/* -------------------------------------------------------- submission */

static int pa_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct pa_data *pd = ctx->engine_data;
	struct pa_unit *pu = u->engine_data;
	struct aiocb *cb = &pu->cb;
	int rc;

	if (pd->nr_flight >= pd->depth)
		return PLIO_Q_BUSY;
	cb->aio_fildes = u->file->fd;
	cb->aio_buf = u->buf;
	cb->aio_nbytes = (size_t)u->length;
	cb->aio_offset = (off_t)u->offset;
	switch (u->ddir) {
	case PLIO_DDIR_READ:
		rc = aio_read(cb);
		break;
	case PLIO_DDIR_WRITE:
		rc = aio_write(cb);
		break;
	case PLIO_DDIR_SYNC:
		rc = aio_fsync(O_SYNC, cb);
		break;
	case PLIO_DDIR_DATASYNC:
		rc = aio_fsync(O_DSYNC, cb);
		break;
	default:	/* trims never come: the engine does not declare them */
		u->result = 0;
		u->error = EINVAL;
		return PLIO_Q_COMPLETED;
	}
	if (rc) {
		/* out of the library's resources: wait for one to come back */
		if (errno == EAGAIN && pd->nr_flight) {
			pd->counters[C_EAGAIN]++;
			return PLIO_Q_BUSY;
		}
		u->result = 0;
		u->error = errno ? errno : EIO;
		return PLIO_Q_COMPLETED;
	}
	pu->slot = pd->nr_flight;
	pd->flight[pd->nr_flight++] = cb;
	return PLIO_Q_QUEUED;
}

/* Every request starts in queue(): nothing is left to submit. */
static int pa_commit(struct plio_ctx *ctx)
{
	(void)ctx;
	return 0;
}

/* ------------------------------------------------------------ reaping */

/* Take up to max - *n finished requests from flight[] into done[]. */
static void collect(struct pa_data *pd, unsigned int max, unsigned int *n,
		    struct plio_io_u **done)
{
	unsigned int i = 0;

	while (i < pd->nr_flight && *n < max) {
		struct pa_unit *pu = (struct pa_unit *)pd->flight[i];
		int err = aio_error(&pu->cb);

		if (err == EINPROGRESS) {
			i++;
			continue;
		}
		finish(pu, err);
		done[(*n)++] = pu->u;
		flight_remove(pd, pu);	/* flight[i] is now another: look again */
	}
}

/* The time from now until deadline (host->now_ns() time) in *left;
 * false once it has passed. */
static bool time_left(const struct plio_host *host, uint64_t deadline,
		      struct timespec *left)
{
	uint64_t t = host->now_ns();

	if (t >= deadline)
		return false;
	t = deadline - t;
	left->tv_sec = (time_t)(t / 1000000000u);
	left->tv_nsec = (long)(t % 1000000000u);
	return true;
}

/*
 * Collect at least min (at most max) finished requests, waiting in
 * aio_suspend() over everything in flight while there are fewer; with a
 * time-out, return what there is once it has passed.
 */
static int pa_reap(struct plio_ctx *ctx, unsigned int min, unsigned int max,
		   struct plio_io_u **done, const struct timespec *timeout)
{
	struct pa_data *pd = ctx->engine_data;
	uint64_t deadline = 0;
	struct timespec left;
	unsigned int n = 0;

	if (timeout)
		deadline = ctx->host->now_ns() + (uint64_t)timeout->tv_sec * 1000000000u +
			   (uint64_t)timeout->tv_nsec;
	for (;;) {
		collect(pd, max, &n, done);
		if (n >= min || n >= max || !pd->nr_flight)
			return (int)n;
		if (timeout && !time_left(ctx->host, deadline, &left))
			return (int)n;
		pd->counters[C_SUSPEND]++;
		if (!aio_suspend((const struct aiocb *const *)pd->flight, (int)pd->nr_flight,
				 timeout ? &left : NULL))
			continue;
		/* EAGAIN: the time is up (seen above); EINTR: a signal, taken
		 * as the end of a time-out, and looked past without one */
		if (errno == EINTR && timeout)
			return (int)n;
		if (errno != EAGAIN && errno != EINTR)
			return n ? (int)n : -errno;
	}
}

/*
 * Cancel u: the library drops it if no helper thread has taken it yet
 * (it then finishes with ECANCELED); either way it comes back from reap().
 */
static int pa_cancel(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct pa_unit *pu = u->engine_data;

	(void)ctx;
	if (pu->slot == NOT_IN_FLIGHT)
		return 0;
	return aio_cancel(pu->cb.aio_fildes, &pu->cb) < 0 ? -errno : 0;
}

/* ------------------------------------------------------------ descriptor */

static const struct plio_engine posixaio_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "posixaio",
	.help = "POSIX asynchronous I/O (aio_read/aio_write/aio_fsync, done by the C library's helper threads)",
	.caps = 0,
	PLIO_COUNTERS(pa_counters),
	.init = pa_init,
	.cleanup = pa_cleanup,
	.unit_init = pa_unit_init,
	.unit_exit = pa_unit_exit,
	.queue = pa_queue,
	.commit = pa_commit,
	.reap = pa_reap,
	.cancel = pa_cancel,
};

static const struct plio_engine *const posixaio_engines[] = { &posixaio_engine, NULL };

static const struct plio_plugin posixaio_plugin = {
	PLIO_PLUGIN_HEADER(1),
	.name = "posixaio",
	.version = "1.0",
	.license = "MIT",
	.description = "POSIX AIO from the C library: engine posixaio",
	.engines = posixaio_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &posixaio_plugin;
}
