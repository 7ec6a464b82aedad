/*
 * frozen10.c - an engine built against the frozen ABI 1.0 headers.
 *
 * Compiled with -I tests/plugins/abi-1.0 (a copy of sdk/include/plio as it
 * was at ABI 1.0, never to be edited), never with today's SDK: what a
 * vendor's binary built years ago looks like to every later 1.y core.  It
 * uses all of 1.0: an asynchronous engine (queue, commit, reap, cancel)
 * doing real file I/O with pread/pwrite, per-unit and per-worker state,
 * options of every 1.0 type, the host's file helpers, logging, clock and
 * text option look-up.  tests/integration/loader_refusals.sh runs a job
 * with it and checks the bytes it moved and the options it saw.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <plio/plio.h>

#if PLIO_ABI_MAJOR != 1 || PLIO_ABI_MINOR != 0
#error "frozen10.c must be built against the frozen 1.0 headers"
#endif

struct f10_opts {
	int verbose;
	int64_t spin;
	uint64_t chunk;
	uint64_t delay;
	char *label;
	int64_t mode;
};

static const struct plio_option_choice mode_choices[] = {
	{ "fifo", 1, "complete in order" },
	{ "lifo", 2, "complete the newest first" },
	{ NULL, 0, NULL },
};

static const struct plio_option f10_options[] = {
	{ .name = "f10_verbose", .type = PLIO_OPT_BOOL,
	  .offset = offsetof(struct f10_opts, verbose), .help = "log what it saw" },
	{ .name = "f10_spin", .type = PLIO_OPT_INT, .offset = offsetof(struct f10_opts, spin),
	  .def = "3", .min = 1, .max = 9, .help = "an integer" },
	{ .name = "f10_chunk", .type = PLIO_OPT_SIZE,
	  .offset = offsetof(struct f10_opts, chunk), .def = "64k", .help = "a size" },
	{ .name = "f10_delay", .type = PLIO_OPT_TIME,
	  .offset = offsetof(struct f10_opts, delay), .def = "5", .unit = 1000,
	  .help = "a time (bare: ms)" },
	{ .name = "f10_label", .type = PLIO_OPT_STR,
	  .offset = offsetof(struct f10_opts, label), .def = "old", .help = "a string" },
	{ .name = "f10_mode", .type = PLIO_OPT_ENUM, .offset = offsetof(struct f10_opts, mode),
	  .def = "fifo", .choices = mode_choices, .help = "a choice" },
};

/* Per worker: the units queued, then the units done, in submission order. */
struct f10_data {
	struct plio_io_u **queued;
	unsigned int n_queued;
	struct plio_io_u **done;
	unsigned int n_done;
};

static int f10_init(struct plio_ctx *ctx)
{
	const struct f10_opts *o = ctx->options;
	struct f10_data *d = calloc(1, sizeof(*d));
	char rw[64];

	if (!d)
		return -ENOMEM;
	d->queued = calloc(ctx->iodepth, sizeof(*d->queued));
	d->done = calloc(ctx->iodepth, sizeof(*d->done));
	ctx->engine_data = d;
	if (!d->queued || !d->done)
		return -ENOMEM;
	if (o->verbose && ctx->host->job_option(ctx, "rw", rw, sizeof(rw)) > 0)
		ctx->host->log(ctx, PLIO_LOG_INFO,
			       "frozen10: rw=%s spin=%lld chunk=%llu delay=%lluus label=%s mode=%lld",
			       rw, (long long)o->spin, (unsigned long long)o->chunk,
			       (unsigned long long)o->delay, o->label, (long long)o->mode);
	return 0;
}

static void f10_cleanup(struct plio_ctx *ctx)
{
	struct f10_data *d = ctx->engine_data;

	if (!d)
		return;
	free(d->queued);
	free(d->done);
	free(d);
	ctx->engine_data = NULL;
}

static int f10_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct f10_data *d = ctx->engine_data;

	if (d->n_queued + d->n_done >= ctx->iodepth)
		return PLIO_Q_BUSY;
	d->queued[d->n_queued++] = u;
	return PLIO_Q_QUEUED;
}

/* Do the queued I/O now, synchronously; the units wait to be reaped. */
static int f10_commit(struct plio_ctx *ctx)
{
	const struct f10_opts *o = ctx->options;
	struct f10_data *d = ctx->engine_data;
	unsigned int i;

	for (i = 0; i < d->n_queued; i++) {
		struct plio_io_u *u = d->queued[i];
		ssize_t n = 0;

		switch (u->ddir) {
		case PLIO_DDIR_READ:
			n = pread(u->file->fd, u->buf, u->length, (off_t)u->offset);
			break;
		case PLIO_DDIR_WRITE:
			n = pwrite(u->file->fd, u->buf, u->length, (off_t)u->offset);
			break;
		case PLIO_DDIR_TRIM:
			n = ctx->host->file_trim(ctx, u->file, u->offset, u->length);
			if (!n)
				n = (ssize_t)u->length;
			break;
		default:
			n = fsync(u->file->fd);
		}
		u->error = n < 0 ? (n == -1 ? errno : (int)-n) : 0;
		u->result = n < 0 ? 0 : n;
		if (o->mode == 2) {	/* lifo: the newest comes back first */
			memmove(&d->done[1], &d->done[0], d->n_done * sizeof(*d->done));
			d->done[0] = u;
			d->n_done++;
		} else {
			d->done[d->n_done++] = u;
		}
	}
	d->n_queued = 0;
	return 0;
}

static int f10_reap(struct plio_ctx *ctx, unsigned int min, unsigned int max,
		    struct plio_io_u **done, const struct timespec *timeout)
{
	struct f10_data *d = ctx->engine_data;
	unsigned int n;

	(void)min;
	(void)timeout;
	if (d->n_queued)
		f10_commit(ctx);
	n = d->n_done < max ? d->n_done : max;
	memcpy(done, d->done, n * sizeof(*done));
	memmove(d->done, d->done + n, (d->n_done - n) * sizeof(*d->done));
	d->n_done -= n;
	return (int)n;
}

static int f10_cancel(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	(void)u;
	return -EOPNOTSUPP;
}

static int f10_unit_init(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->engine_u64 = 0x10;
	return 0;
}

static const struct plio_engine frozen10_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct f10_opts),
	.name = "frozen10",
	.help = "an asynchronous engine built against the frozen ABI 1.0 headers",
	.caps = PLIO_CAP_TRIM,
	.options = PLIO_OPTIONS(f10_options),
	.init = f10_init,
	.cleanup = f10_cleanup,
	.unit_init = f10_unit_init,
	.queue = f10_queue,
	.commit = f10_commit,
	.reap = f10_reap,
	.cancel = f10_cancel,
};

static const struct plio_engine *const engines[] = { &frozen10_engine, NULL };

static const struct plio_plugin frozen10_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "frozen10",
	.version = "1.0",
	.license = "MIT",
	.description = "an engine of ABI 1.0, frozen in the tests",
	.engines = engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &frozen10_plugin;
}
