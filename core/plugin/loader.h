/*
 * loader.h - finding, loading and checking plugins (libltdl).
 *
 * Search order: each --plugin-dir, then PLIO_PLUGIN_PATH (colon-separated),
 * then the installed plugin directory; plus the build tree's plugin folders
 * when plio runs from its build tree.  Never the current directory.
 * Built-in (preloaded) plugins are found by the same lookup.  Every file is
 * loaded at most once (by device and inode), on the main thread, and never
 * unloaded.  A plugin that cannot be used is kept in the registry with the
 * reason, so --enghelp can show it.
 *
 * The loader owns normalised copies of every engine and profile table: full
 * current-size structs, zero-filled past what the plugin provided, so the
 * rest of the core never checks struct_size again.
 */
#ifndef PLIO_LOADER_H
#define PLIO_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <plio/plugin.h>

#include "base/log.h"

struct plugin_rec {
	char *path;		/* file loaded, or NULL for a built-in */
	char *modname;		/* module name (file name without extension) */
	bool builtin;
	const struct plio_plugin *desc;	/* NULL when refused before reading it */
	unsigned int abi_major, abi_minor;
	char *refused;		/* NULL when usable, else the one-line reason */
};

struct loaded_engine {
	struct plio_engine e;		/* normalised copy */
	struct plio_option *options;	/* normalised copy, n_options entries */
	size_t n_options;
	struct plio_counter *counters;	/* normalised copy, n_counters entries */
	size_t n_counters;
	const struct plugin_rec *plugin;
	char *disabled;			/* NULL when usable, else why not */
	const struct loaded_engine *shadowed_by; /* same name, other plugin won */
};

struct loaded_profile {
	struct plio_profile p;
	struct plio_option *options;
	size_t n_options;
	const struct plugin_rec *plugin;
	char *disabled;
};

/*
 * Hand the loader the program's preloaded (built-in) modules: main() passes
 * lt_preloaded_symbols (a const lt_dlsymlist *), which exists only in
 * programs linked with -dlpreopen.  Call before loader_init(); optional.
 */
void loader_set_preloaded(const void *symlist);

/* What the loader is set up with. */
struct loader_config {
	const struct plio_host *host;	/* the table every plugin's entry
					 * receives (run/host.c's) */
	const char *const *dirs;	/* the --plugin-dir values */
	size_t n_dirs;
	/* Whether name is a core option's (an engine or profile option may
	 * not take it: refused at load); NULL: no check. */
	bool (*reserved)(const char *name);
};

/* Set up libltdl and the search path.  In a static plio (see
 * loader_is_static) there is no search path: a --plugin-dir is refused,
 * PLIO_PLUGIN_PATH is ignored with a warning. */
int loader_init(const struct loader_config *cfg, struct perr *e);

/*
 * Whether this program is a static executable (no program interpreter):
 * configure --enable-static-binary.  glibc cannot load a shared object
 * safely into one (the object would bring a second C library), so every
 * engine it has is built in and every plugin file is refused.
 */
bool loader_is_static(void);

/* The reason a static plio gives for not loading a plugin file. */
#define LOADER_STATIC_REFUSAL "this plio is a static binary and loads no plugin files; " \
	"its engines are built in (plio --enghelp lists them)"

void loader_exit(void);

/* Load every plugin on the search path (idempotent). */
void loader_scan(void);

/*
 * Find an engine by ioengine= text: a name, a path (contains '/'), or
 * "external:PATH".  Returns NULL with e->msg set when none loads, naming
 * the reason and the engines that do load.
 */
const struct loaded_engine *loader_find_engine(const char *name, struct perr *e);
const struct loaded_profile *loader_find_profile(const char *name, struct perr *e);

/* Load one plugin file directly; returns its record (possibly refused). */
const struct plugin_rec *loader_load_file(const char *path);

/* Iterate the registry, in search order. */
size_t loader_n_plugins(void);
const struct plugin_rec *loader_plugin(size_t i);
size_t loader_n_engines(void);
const struct loaded_engine *loader_engine(size_t i);
size_t loader_n_profiles(void);
const struct loaded_profile *loader_profile(size_t i);

/* A plugin of plio's own tree, as configure knew it. */
struct intree_plugin {
	char name[32];		/* its module name: "aio" for aio.so */
	char engines[256];	/* its engines, ',' between them ("": a
				 * profile plugin) */
	char library[160];	/* what it needs besides the C library; "" */
	char why[200];		/* why configure did not build it; "" */
};
/* The i-th in-tree plugin, in configure's order, into *ip; false past the
 * last.  Only for what plio writes and says about its own engines
 * (describe.c). */
bool loader_intree_plugin(size_t i, struct intree_plugin *ip);
/*
 * The record module `name` loaded as: a built-in, the build tree's file
 * or the installed one (a file of that name found elsewhere on the search
 * path, or refused, does not count); NULL when none.  Scans first.
 */
const struct plugin_rec *loader_intree_record(const char *name);
/* The words of loader_print_caps for caps into buf ("synchronous, can
 * trim"; "asynchronous, uses files" for none). */
void loader_caps_text(uint64_t caps, char *buf, size_t len);

/* `plio --enghelp`: table of engine, plugin file, ABI, status. */
void loader_print_engines(FILE *out);
/* For `plio --enghelp=NAME`: "  plugin file:  PATH (plugin 'x' 1.0, MIT,
 * ABI 1.0)" and "  capabilities: ..." lines. */
void loader_print_origin(FILE *out, const struct plugin_rec *p);
void loader_print_caps(FILE *out, uint64_t caps);

#endif
