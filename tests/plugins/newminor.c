/*
 * newminor.c - test plugin that needs a newer core minor than this one.
 *
 * Built against ABI 1.(N+1) and saying so through min_host_minor: a core
 * that speaks 1.N must refuse it and tell the user to upgrade plio.
 */
#include <plio/plio.h>

static int newminor_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = (int64_t)u->length;
	u->error = 0;
	return PLIO_Q_COMPLETED;
}

static const struct plio_engine newminor_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "newminor",
	.help = "needs a newer plio than any that exists",
	.caps = PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_FAKEIO,
	.queue = newminor_queue,
};

static const struct plio_engine *const newminor_engines[] = { &newminor_engine, NULL };

static const struct plio_plugin newminor_plugin = {
	.magic = PLIO_PLUGIN_MAGIC,
	.struct_size = sizeof(struct plio_plugin),
	.abi_major = PLIO_ABI_MAJOR,
	.abi_minor = PLIO_ABI_MINOR + 1,
	.min_host_minor = PLIO_ABI_MINOR + 1,
	.name = "newminor",
	.version = "1.0",
	.license = "MIT",
	.description = "test: requires plugin ABI minor + 1",
	.engines = newminor_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &newminor_plugin;
}
