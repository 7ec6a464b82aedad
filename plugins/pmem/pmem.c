/* placeholder: the pmem plugin is being written */
#include <plio/plio.h>

static const struct plio_plugin pmem_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "pmem",
	.version = "0.0",
	.license = "MIT",
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &pmem_plugin;
}
