/*
 * example.c - engine "example-mem": a RAM disk with a fixed service time,
 * written the way a vendor writes an out-of-tree plio engine.
 *
 * Each file of a job becomes a private anonymous memory region the size of
 * the job's region of that file; reads and writes copy to and from it, so
 * data written earlier in a run reads back.  Nothing touches a disk (the
 * engine is PLIO_CAP_DISKLESS) and the data is gone when the file closes.
 *
 * The engine is asynchronous, to show the queue/commit/reap contract that
 * real device engines follow: queue() only accepts a unit into a ring of
 * iodepth slots, commit() does the copies and stamps each unit with the time
 * it is due (now + mem_latency), and reap() hands back due units in order,
 * sleeping until the next one is due when the core asks it to wait.  With
 * mem_latency=0 it measures plio's own asynchronous path with real copies.
 *
 * It is built against ABI 1.1 but loads into a 1.0 core too: its entry
 * looks at host->abi_minor and hands a 1.1 core a descriptor whose engine
 * also keeps counters (copies, sleeps: printed under the job), a 1.0 core
 * one without them.
 *
 * Build it with the Makefile beside it; it needs nothing of plio's but the
 * installed SDK headers (pkg-config --cflags plio-sdk).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <plio/plio.h>

/* ---------------------------------------------------------------- options */

/* The options block: the core fills it from the table below, per job. */
struct mem_opts {
	uint64_t latency_us;	/* PLIO_OPT_TIME is stored in microseconds */
};

static const struct plio_option mem_options[] = {
	{
		.name = "mem_latency",
		.help = "Time each I/O takes from commit to completion (bare number: microseconds)",
		.type = PLIO_OPT_TIME,
		.offset = offsetof(struct mem_opts, latency_us),
		.def = "0",
		.unit = 1,	/* a bare number counts microseconds */
	},
};

/* ------------------------------------------------------------------ state */

/*
 * The host table handed to plio_plugin_entry().  It is the same for the
 * whole process; every ctx also carries it, but open_file() may be called
 * before the core has filled the ctx, so the engine keeps its own copy.
 */
static const struct plio_host *host;

/* One file's data: in f->engine_data from open_file() to close_file(). */
struct mem_region {
	char *base;		/* byte 0 is f->io_offset in the file */
	size_t len;		/* f->io_size */
};

/* Counters (ABI 1.1): what the engine did that the core cannot see. */
enum { C_COPIES, C_SLEEPS, C_NR };

static const struct plio_counter mem_counters[C_NR] = {
	[C_COPIES] = { "copies", "reads and writes copied to or from memory" },
	[C_SLEEPS] = { "sleeps", "times reap() slept until a unit was due" },
};

/* One worker's engine instance: in ctx->engine_data from init to cleanup. */
struct mem_data {
	struct plio_io_u **ring;	/* accepted units, oldest at head */
	unsigned int cap;		/* iodepth */
	unsigned int head;
	unsigned int count;		/* units in the ring */
	unsigned int committed;		/* of those, how many commit() did */
	uint64_t latency_ns;
	uint64_t *counters;		/* ctx->counters, or own[] under 1.0 */
	uint64_t own[C_NR];
};

/* ------------------------------------------------------------- lifecycle */

static int mem_init(struct plio_ctx *ctx)
{
	const struct mem_opts *o = ctx->options;
	struct mem_data *md;

	md = calloc(1, sizeof(*md));
	if (!md)
		return -ENOMEM;
	md->cap = ctx->iodepth ? ctx->iodepth : 1;
	md->ring = calloc(md->cap, sizeof(*md->ring));
	if (!md->ring) {
		free(md);
		return -ENOMEM;
	}
	md->latency_ns = o ? o->latency_us * 1000 : 0;
	/* a 1.0 core's ctx ends before `counters`: count into nothing */
	md->counters = PLIO_HAS(ctx, counters) && ctx->counters ? ctx->counters : md->own;
	ctx->engine_data = md;
	return 0;
}

static void mem_cleanup(struct plio_ctx *ctx)
{
	struct mem_data *md = ctx->engine_data;

	if (!md)
		return;
	free(md->ring);
	free(md);
	ctx->engine_data = NULL;
}

/* The region is reserved, not allocated: pages appear as they are written. */
static int mem_open(struct plio_ctx *ctx, struct plio_file *f)
{
	struct mem_region *r;
	void *p;

	if (!f->io_size) {
		host->log(ctx, PLIO_LOG_ERROR, "example-mem: '%s': no size; give size=",
			  f->path);
		return -EINVAL;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->len = (size_t)f->io_size;
	p = mmap(NULL, r->len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		int err = errno;

		host->log(ctx, PLIO_LOG_ERROR, "example-mem: cannot map %zu bytes: %s",
			  r->len, strerror(err));
		free(r);
		return -err;
	}
	r->base = p;
	f->fd = -1;
	f->engine_data = r;
	return 0;
}

static int mem_close(struct plio_ctx *ctx, struct plio_file *f)
{
	struct mem_region *r = f->engine_data;

	(void)ctx;
	if (!r)
		return 0;
	munmap(r->base, r->len);
	free(r);
	f->engine_data = NULL;
	return 0;
}

static int mem_size(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size)
{
	(void)ctx;
	*size = f->io_offset + f->io_size;
	return 0;
}

/* -------------------------------------------------------------------- I/O */

/* Move one unit's data; sets result and error. */
static void mem_do(struct plio_io_u *u)
{
	struct mem_region *r = u->file->engine_data;
	uint64_t off = u->offset - u->file->io_offset;

	if (!r) {
		u->result = 0;
		u->error = EBADF;	/* open_file was never called for it */
		return;
	}
	if (u->offset < u->file->io_offset || off > r->len ||
	    u->length > r->len - off) {
		u->result = 0;
		u->error = EINVAL;	/* outside the job's region */
		return;
	}
	if (u->ddir == PLIO_DDIR_READ)
		memcpy(u->buf, r->base + off, u->length);
	else
		memcpy(r->base + off, u->buf, u->length);
	u->result = (int64_t)u->length;
	u->error = 0;
}

/*
 * Accept a unit.  Syncs have nothing to flush and complete at once (an
 * asynchronous engine may complete some units in queue()); reads and writes
 * wait in the ring for commit().  A full ring answers BUSY: the core then
 * commits and reaps before it tries again.
 */
static int mem_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct mem_data *md = ctx->engine_data;

	switch (u->ddir) {
	case PLIO_DDIR_READ:
	case PLIO_DDIR_WRITE:
		break;
	case PLIO_DDIR_SYNC:
	case PLIO_DDIR_DATASYNC:
		u->result = 0;
		u->error = 0;
		return PLIO_Q_COMPLETED;
	default:
		u->result = 0;
		u->error = EOPNOTSUPP;
		return PLIO_Q_COMPLETED;
	}
	if (md->count == md->cap)
		return PLIO_Q_BUSY;
	md->ring[(md->head + md->count) % md->cap] = u;
	md->count++;
	return PLIO_Q_QUEUED;
}

/* "Submit" what queue() accepted: do the copies, stamp the due times. */
static int mem_commit(struct plio_ctx *ctx)
{
	struct mem_data *md = ctx->engine_data;
	uint64_t due = host->now_ns() + md->latency_ns;
	unsigned int i;

	for (i = md->committed; i < md->count; i++) {
		struct plio_io_u *u = md->ring[(md->head + i) % md->cap];

		mem_do(u);
		md->counters[C_COPIES]++;
		u->engine_u64 = due;	/* the engine's own field: when it is done */
	}
	md->committed = md->count;
	return 0;
}

static void sleep_ns(uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000u),
		.tv_nsec = (long)(ns % 1000000000u),
	};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * Submit what commit() has not (the core calls reap() without commit()
 * when it is about to wait), then hand back committed units that are due,
 * oldest first: at least min of them (sleeping as needed) unless the
 * timeout passes first, at most max.
 */
static int mem_reap(struct plio_ctx *ctx, unsigned int min, unsigned int max,
		    struct plio_io_u **done, const struct timespec *timeout)
{
	struct mem_data *md = ctx->engine_data;
	uint64_t now, until = 0, wake;
	unsigned int n = 0;

	mem_commit(ctx);
	now = host->now_ns();

	if (timeout)
		until = now + (uint64_t)timeout->tv_sec * 1000000000u +
			(uint64_t)timeout->tv_nsec;
	for (;;) {
		while (n < max && md->committed) {
			struct plio_io_u *u = md->ring[md->head];

			if (u->engine_u64 > now)
				break;
			done[n++] = u;
			md->head = (md->head + 1) % md->cap;
			md->count--;
			md->committed--;
		}
		if (n >= min || n >= max || !md->committed)
			break;
		wake = md->ring[md->head]->engine_u64;
		if (timeout) {
			if (now >= until)
				break;
			if (wake > until)
				wake = until;
		}
		sleep_ns(wake - now);
		md->counters[C_SLEEPS]++;
		now = host->now_ns();
	}
	return (int)n;
}

/* ------------------------------------------------------------- descriptor */

#define MEM_ENGINE							\
	.struct_size = sizeof(struct plio_engine),			\
	.options_size = sizeof(struct mem_opts),			\
	.name = "example-mem",						\
	.help = "RAM disk with a fixed service time (SDK example, asynchronous)", \
	.caps = PLIO_CAP_DISKLESS | PLIO_CAP_NODIRECT,			\
	.options = PLIO_OPTIONS(mem_options),				\
	.init = mem_init,						\
	.cleanup = mem_cleanup,						\
	.open_file = mem_open,						\
	.close_file = mem_close,					\
	.file_size = mem_size,						\
	.queue = mem_queue,						\
	.commit = mem_commit,						\
	.reap = mem_reap

/* For a 1.1 (or later) core: with counters. */
static const struct plio_engine mem_engine = { MEM_ENGINE, PLIO_COUNTERS(mem_counters) };
/* For a 1.0 core, which knows no counters (it would read only the fields
 * 1.0 had anyway: this one just says so). */
static const struct plio_engine mem_engine_1_0 = { MEM_ENGINE };

static const struct plio_engine *const engines[] = { &mem_engine, NULL };
static const struct plio_engine *const engines_1_0[] = { &mem_engine_1_0, NULL };

#define MEM_PLUGIN							\
	/* built against this SDK's ABI; works with a 1.0 core too */	\
	PLIO_PLUGIN_HEADER(0),						\
	.name = "example",						\
	.version = "1.1",						\
	.license = "MIT",						\
	.description = "SDK example: an in-memory engine with a fixed latency"

static const struct plio_plugin plugin = { MEM_PLUGIN, .engines = engines };
static const struct plio_plugin plugin_1_0 = { MEM_PLUGIN, .engines = engines_1_0 };

/*
 * The one exported symbol.  now_ns is part of ABI 1.0, so every 1.x core
 * has it; the test shows the pattern for a callback appended in a later
 * minor: check PLIO_HAS before use, and decline (NULL, after a log line)
 * or disable a feature when it is missing.  The descriptor returned depends
 * on the core's minor: counters for 1.1 and later.
 */
PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *h)
{
	if (!PLIO_HAS(h, now_ns) || !h->now_ns) {
		h->log(NULL, PLIO_LOG_ERROR, "example-mem: this plio has no clock callback");
		return NULL;
	}
	host = h;
	return h->abi_minor >= 1 ? &plugin : &plugin_1_0;
}
