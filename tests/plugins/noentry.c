/*
 * noentry.c - test plugin without a plio_plugin_entry symbol.
 *
 * A shared object that is otherwise fine but exports its entry under a
 * misspelt name: plio must refuse it as "not a plio plugin: no
 * plio_plugin_entry symbol" rather than guess.
 */
#include <plio/plio.h>

static const struct plio_plugin noentry_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "noentry",
	.version = "1.0",
	.license = "MIT",
	.description = "test: exports no plio_plugin_entry",
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entri(const struct plio_host *host);
PLIO_EXPORT const struct plio_plugin *plio_plugin_entri(const struct plio_host *host)
{
	(void)host;
	return &noentry_plugin;
}
