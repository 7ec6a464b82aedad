/*
 * lagged.c - test plugin, engine "lagged": a device whose latency grows
 * with its queue, so that latency_target's search has a known answer.
 *
 * No data moves (like null).  An I/O queued while n others are in flight
 * completes lag_per_io * (n + 1) after it was submitted: at depth d every
 * I/O takes d * lag_per_io, and the deepest queue that meets a target T is
 * floor(T / lag_per_io).  reap() waits, up to its time-out, until the
 * oldest held I/O is due, and hands back every one that is.
 *
 * Test-only: exports the plain plio_plugin_entry, like a vendor plugin.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <plio/plio.h>

struct lagged_opts {
	uint64_t lag;		/* TIME: per I/O in flight */
};

static const struct plio_option lagged_options[] = {
	{ .name = "lag_per_io", .help = "each I/O takes this long times the I/Os in flight (bare: microseconds)",
	  .type = PLIO_OPT_TIME, .offset = offsetof(struct lagged_opts, lag), .def = "100",
	  .unit = 1 },
};

struct held {
	struct plio_io_u *u;
	uint64_t due;		/* CLOCK_MONOTONIC ns */
};

struct lagged {
	uint64_t lag_ns;
	struct held *q;		/* in submission order; due times ascend
				 * only per depth, so reap scans them all */
	unsigned int n;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int lagged_init(struct plio_ctx *ctx)
{
	const struct lagged_opts *o = ctx->options;
	struct lagged *l = calloc(1, sizeof(*l));

	if (!l)
		return -ENOMEM;
	l->q = calloc(ctx->iodepth ? ctx->iodepth : 1, sizeof(*l->q));
	if (!l->q) {
		free(l);
		return -ENOMEM;
	}
	l->lag_ns = (o ? o->lag : 100) * 1000;
	ctx->engine_data = l;
	return 0;
}

static void lagged_cleanup(struct plio_ctx *ctx)
{
	struct lagged *l = ctx->engine_data;

	if (l)
		free(l->q);
	free(l);
	ctx->engine_data = NULL;
}

static int lagged_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct lagged *l = ctx->engine_data;

	if (l->n >= ctx->iodepth)
		return PLIO_Q_BUSY;
	u->result = (int64_t)u->length;
	u->error = 0;
	l->q[l->n].u = u;
	l->q[l->n].due = now_ns() + l->lag_ns * (l->n + 1);
	l->n++;
	return PLIO_Q_QUEUED;
}

/* The clock of each I/O starts when it is queued: nothing to submit. */
static int lagged_commit(struct plio_ctx *ctx)
{
	(void)ctx;
	return 0;
}

static int lagged_reap(struct plio_ctx *ctx, unsigned int min, unsigned int max,
		       struct plio_io_u **done, const struct timespec *timeout)
{
	struct lagged *l = ctx->engine_data;
	uint64_t start = now_ns(), limit = UINT64_MAX, first, t;
	unsigned int i, got = 0;

	if (timeout)
		limit = start + (uint64_t)timeout->tv_sec * 1000000000ull + (uint64_t)timeout->tv_nsec;
	for (;;) {
		t = now_ns();
		for (i = 0; i < l->n && got < max;) {
			if (l->q[i].due <= t) {
				done[got++] = l->q[i].u;
				memmove(&l->q[i], &l->q[i + 1], (l->n - i - 1) * sizeof(*l->q));
				l->n--;
			} else {
				i++;
			}
		}
		if (got >= min || !l->n || t >= limit)
			return (int)got;
		first = UINT64_MAX;
		for (i = 0; i < l->n; i++)
			if (l->q[i].due < first)
				first = l->q[i].due;
		if (first > limit)
			first = limit;
		if (first > t) {
			struct timespec ts = { .tv_sec = (time_t)(first / 1000000000ull),
					       .tv_nsec = (long)(first % 1000000000ull) };

			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		}
	}
}

static const struct plio_engine lagged_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct lagged_opts),
	.name = "lagged",
	.help = "no data; latency = lag_per_io x I/Os in flight (test engine)",
	.caps = PLIO_CAP_DISKLESS | PLIO_CAP_FAKEIO,
	.options = PLIO_OPTIONS(lagged_options),
	.init = lagged_init,
	.cleanup = lagged_cleanup,
	.queue = lagged_queue,
	.commit = lagged_commit,
	.reap = lagged_reap,
};

static const struct plio_engine *const lagged_engines[] = { &lagged_engine, NULL };

static const struct plio_plugin lagged_plugin = {
	PLIO_PLUGIN_HEADER(1),
	.name = "lagged",
	.version = "1.0",
	.license = "MIT",
	.description = "test engine: latency grows with the queue",
	.engines = lagged_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &lagged_plugin;
}
