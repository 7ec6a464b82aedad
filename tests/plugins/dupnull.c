/*
 * dupnull.c - test plugin that claims an engine name another plugin has.
 *
 * Provides a second engine "null" (the real one lives in plugins/null) and
 * an engine only it has, "dupnull-only".  Proves that two plugins claiming
 * one name are resolved by search order, with one warning naming both, and
 * that the losing plugin's other engines still load.  Both engines are
 * synchronous and move no data, so either can run a job.
 */
#include <plio/plio.h>

static int dupnull_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = (int64_t)u->length;
	u->error = 0;
	return PLIO_Q_COMPLETED;
}

static int dupnull_open(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	f->fd = -1;
	return 0;
}

static int dupnull_close(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

static int dupnull_size(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size)
{
	(void)ctx;
	*size = f->io_offset + f->io_size;
	return 0;
}

static const struct plio_engine dupnull_null = {
	.struct_size = sizeof(struct plio_engine),
	.name = "null",
	.help = "dupnull's own null: same name as the real one",
	.caps = PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_FAKEIO,
	.open_file = dupnull_open,
	.close_file = dupnull_close,
	.file_size = dupnull_size,
	.queue = dupnull_queue,
};

static const struct plio_engine dupnull_only = {
	.struct_size = sizeof(struct plio_engine),
	.name = "dupnull-only",
	.help = "a name no other plugin claims",
	.caps = PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_FAKEIO,
	.open_file = dupnull_open,
	.close_file = dupnull_close,
	.file_size = dupnull_size,
	.queue = dupnull_queue,
};

static const struct plio_engine *const dupnull_engines[] = {
	&dupnull_null, &dupnull_only, NULL
};

static const struct plio_plugin dupnull_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "dupnull",
	.version = "1.0",
	.license = "MIT",
	.description = "test: a second engine named null",
	.engines = dupnull_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &dupnull_plugin;
}
