/*
 * badengine.c - test plugin: engines that each break one rule of the I/O
 * unit contract (plio/plugin.h), so that the tests can see the core
 * refuse them with one line instead of crashing or reporting nonsense:
 *
 *   bad-queued  PLIO_CAP_SYNC, yet queue() answers PLIO_Q_QUEUED
 *   bad-result  u->result four times u->length
 *   bad-errno   u->error a negative errno (-EIO)
 *   bad-negres  u->result a negative errno with u->error 0
 *   bad-late    a well-behaved engine until its 10th I/O, which comes
 *               back with u->result above u->length: the core stops the
 *               job there and reports the 9 good ones
 *
 * All of them are disk-less and move no data.  Test-only: exports the
 * plain plio_plugin_entry, like a vendor plugin.
 */
#include <errno.h>
#include <stddef.h>

#include <plio/plio.h>

static int bad_open(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	f->fd = -1;
	return 0;
}

static int bad_close(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

static int bad_size(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size)
{
	(void)ctx;
	*size = f->io_offset + f->io_size;
	return 0;
}

static int queued_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = (int64_t)u->length;
	u->error = 0;
	return PLIO_Q_QUEUED;
}

static int result_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = (int64_t)u->length * 4;
	u->error = 0;
	return PLIO_Q_COMPLETED;
}

static int errno_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = 0;
	u->error = -EIO;
	return PLIO_Q_COMPLETED;
}

static int negres_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = -EIO;
	u->error = 0;
	return PLIO_Q_COMPLETED;
}

/* The I/O count lives in engine_data's pointer value: no allocation. */
static int late_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	uintptr_t n = (uintptr_t)ctx->engine_data + 1;

	ctx->engine_data = (void *)n;
	u->result = (int64_t)u->length + (n == 10 ? 1 : 0);
	u->error = 0;
	return PLIO_Q_COMPLETED;
}

#define BAD_ENGINE(var, nm, fn)                                                 \
	static const struct plio_engine var = {                                 \
		.struct_size = sizeof(struct plio_engine),                      \
		.name = nm,                                                     \
		.help = "test: breaks the I/O unit contract",                   \
		.caps = PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_FAKEIO,    \
		.open_file = bad_open,                                          \
		.close_file = bad_close,                                        \
		.file_size = bad_size,                                          \
		.queue = fn,                                                    \
	}

BAD_ENGINE(bad_queued, "bad-queued", queued_queue);
BAD_ENGINE(bad_result, "bad-result", result_queue);
BAD_ENGINE(bad_errno, "bad-errno", errno_queue);
BAD_ENGINE(bad_negres, "bad-negres", negres_queue);
BAD_ENGINE(bad_late, "bad-late", late_queue);

static const struct plio_engine *const bad_engines[] = {
	&bad_queued, &bad_result, &bad_errno, &bad_negres, &bad_late, NULL
};

static const struct plio_plugin bad_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "badengine",
	.version = "1.0",
	.license = "MIT",
	.description = "test: engines that break the I/O unit contract",
	.engines = bad_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &bad_plugin;
}
