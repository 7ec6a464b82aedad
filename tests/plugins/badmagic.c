/*
 * badmagic.c - test plugin whose descriptor has the wrong magic.
 *
 * The entry symbol exists and returns something, but not a plio
 * descriptor (here: the magic byte-swapped, as from a wrong-endian build).
 * plio must refuse it without reading any other field.
 */
#include <plio/plio.h>

static const struct plio_plugin badmagic_plugin = {
	.magic = 0x504c494fu,	/* "PLIO" read big-endian */
	.struct_size = sizeof(struct plio_plugin),
	.abi_major = PLIO_ABI_MAJOR,
	.abi_minor = PLIO_ABI_MINOR,
	.name = "badmagic",
	.version = "1.0",
	.license = "MIT",
	.description = "test: wrong magic",
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &badmagic_plugin;
}
