/*
 * host.h - the table of core callbacks handed to every plugin (host.c).
 *
 * main hands it to the loader, which gives it to each plugin's entry; each
 * worker puts it in its engine context.  The table is the core's side of
 * the plugin ABI (plio/plugin.h), appended to only.
 */
#ifndef PLIO_HOST_H
#define PLIO_HOST_H

#include <plio/plugin.h>

extern const struct plio_host plio_host_table;

#endif
