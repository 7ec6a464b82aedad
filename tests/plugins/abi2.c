/*
 * abi2.c - test plugin: a well-formed descriptor that claims plugin ABI 2.0.
 *
 * Stands for a plugin built against a future, incompatible SDK.  plio 1.x
 * must refuse it with one line naming the file, both ABI versions and what
 * to do; it must never read past the fields every major shares (magic,
 * struct_size, abi_major, abi_minor).
 */
#include <plio/plio.h>

static int abi2_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = (int64_t)u->length;
	u->error = 0;
	return PLIO_Q_COMPLETED;
}

static const struct plio_engine abi2_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "abi2",
	.help = "never loads: built for plugin ABI 2",
	.caps = PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_FAKEIO,
	.queue = abi2_queue,
};

static const struct plio_engine *const abi2_engines[] = { &abi2_engine, NULL };

static const struct plio_plugin abi2_plugin = {
	.magic = PLIO_PLUGIN_MAGIC,
	.struct_size = sizeof(struct plio_plugin),
	.abi_major = 2,
	.abi_minor = 0,
	.min_host_minor = 0,
	.name = "abi2",
	.version = "1.0",
	.license = "MIT",
	.description = "test: claims plugin ABI 2.0",
	.engines = abi2_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &abi2_plugin;
}
