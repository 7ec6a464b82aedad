/*
 * null.c - engine "null": completes every I/O at once and moves no data.
 *
 * The yardstick of framework overhead: whatever time a null job spends is
 * plio's own.  With iodepth 1 queue() completes each unit on the spot; with
 * a deeper queue it holds units until commit() and hands them all back from
 * the next reap(), so the queue/commit/reap path of the core is exercised
 * exactly as an asynchronous engine would exercise it.
 */
#include <errno.h>
#include <stdlib.h>

#include <plio/plio.h>

struct null_data {
	struct plio_io_u **queued;	/* accepted by queue(), not yet committed */
	struct plio_io_u **done;	/* committed, waiting for reap() */
	unsigned int nr_queued;
	unsigned int nr_done;
	unsigned int depth;
};

static int null_init(struct plio_ctx *ctx)
{
	struct null_data *nd;

	if (ctx->iodepth <= 1)
		return 0;
	nd = calloc(1, sizeof(*nd));
	if (!nd)
		return -ENOMEM;
	nd->depth = ctx->iodepth;
	nd->queued = calloc(nd->depth, sizeof(*nd->queued));
	nd->done = calloc(nd->depth, sizeof(*nd->done));
	if (!nd->queued || !nd->done) {
		free(nd->queued);
		free(nd->done);
		free(nd);
		return -ENOMEM;
	}
	ctx->engine_data = nd;
	return 0;
}

static void null_cleanup(struct plio_ctx *ctx)
{
	struct null_data *nd = ctx->engine_data;

	if (!nd)
		return;
	free(nd->queued);
	free(nd->done);
	free(nd);
	ctx->engine_data = NULL;
}

static int null_open(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	f->fd = -1;
	return 0;
}

static int null_close(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

static int null_size(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size)
{
	(void)ctx;
	*size = f->io_offset + f->io_size;
	return 0;
}

static int null_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct null_data *nd = ctx->engine_data;

	u->result = (int64_t)u->length;
	u->error = 0;
	if (!nd)
		return PLIO_Q_COMPLETED;
	if (nd->nr_queued + nd->nr_done >= nd->depth)
		return PLIO_Q_BUSY;
	nd->queued[nd->nr_queued++] = u;
	return PLIO_Q_QUEUED;
}

static int null_commit(struct plio_ctx *ctx)
{
	struct null_data *nd = ctx->engine_data;
	unsigned int i;

	if (!nd)
		return 0;
	for (i = 0; i < nd->nr_queued; i++)
		nd->done[nd->nr_done++] = nd->queued[i];
	nd->nr_queued = 0;
	return 0;
}

static int null_reap(struct plio_ctx *ctx, unsigned int min, unsigned int max,
		     struct plio_io_u **done, const struct timespec *timeout)
{
	struct null_data *nd = ctx->engine_data;
	unsigned int n, i;

	(void)min;
	(void)timeout;
	if (!nd)
		return 0;
	null_commit(ctx);	/* reap submits what is not yet committed */
	n = nd->nr_done < max ? nd->nr_done : max;
	for (i = 0; i < n; i++)
		done[i] = nd->done[i];
	/* keep the rest in order for the next reap */
	for (i = n; i < nd->nr_done; i++)
		nd->done[i - n] = nd->done[i];
	nd->nr_done -= n;
	return (int)n;
}

static const struct plio_engine null_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "null",
	.help = "completes every I/O at once, moving no data (framework overhead)",
	.caps = PLIO_CAP_DISKLESS | PLIO_CAP_FAKEIO,
	.init = null_init,
	.cleanup = null_cleanup,
	.open_file = null_open,
	.close_file = null_close,
	.file_size = null_size,
	.queue = null_queue,
	.commit = null_commit,
	.reap = null_reap,
};

static const struct plio_engine *const null_engines[] = { &null_engine, NULL };

static const struct plio_plugin null_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "null",
	.version = "1.0",
	.license = "MIT",
	.description = "the null engine",
	.engines = null_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &null_plugin;
}
