/*
 * internal.h - what the files of the plugin stage share, and nothing
 * outside core/plugin/ includes: the registry (every plugin file and
 * built-in found, every engine and profile they provide, normalised) that
 * loader.c fills through libltdl and registry.c checks, looks up and
 * lists.
 */
#ifndef PLIO_PLUGIN_INTERNAL_H
#define PLIO_PLUGIN_INTERNAL_H

#include <ltdl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "plugin/loader.h"

/* The 1.0 descriptor ends with `profiles`; no 1.x plugin is shorter. */
#define PLUGIN_MIN_SIZE (offsetof(struct plio_plugin, profiles) + sizeof(void *))
/* Enough of a descriptor to read its ABI version. */
#define PLUGIN_ABI_SIZE (offsetof(struct plio_plugin, abi_minor) + sizeof(uint16_t))
/* Engines and profiles must at least carry their name; missing callbacks
 * are judged one by one, so an older, shorter table still loads. */
#define ENGINE_MIN_SIZE (offsetof(struct plio_engine, name) + sizeof(char *))
#define PROFILE_MIN_SIZE (offsetof(struct plio_profile, name) + sizeof(char *))
/* An option element must reach at least its offset field. */
#define OPTION_MIN_STRIDE (offsetof(struct plio_option, offset) + sizeof(uint32_t))
/* Sizes beyond these are garbage, not a future minor. */
#define STRUCT_SIZE_MAX 65536u
#define TABLE_MAX 4096u

/* A registry entry: the public record plus what only the loader needs. */
struct plugin_priv {
	struct plugin_rec rec;
	struct plio_plugin desc;	/* normalised copy; rec.desc points here */
	bool has_abi;			/* abi_major/minor were read */
	bool explicit;			/* named by path, not found by a scan */
	lt_dlhandle handle;
	dev_t dev;
	ino_t ino;
	bool has_id;
};

struct plugin_registry {
	bool up;			/* between loader_init and loader_exit */
	const struct plio_host *host;	/* what every plugin entry receives */
	bool (*reserved)(const char *name);	/* a core option's name */
	bool scanned;
	const void *preloaded;
	char **dirs;			/* the search path, in order */
	size_t n_dirs;
	size_t bt_first, bt_end;	/* dirs[bt_first..bt_end): the build tree's */
	bool quiet;			/* scanning the build tree: a built-in
					 * shadowing its own build is no news */
	struct plugin_priv **plugins;
	size_t n_plugins;
	struct loaded_engine **engines;
	size_t n_engines;
	struct loaded_profile **profiles;
	size_t n_profiles;
};

/* The one registry; loader_init sets it up, loader_exit empties it. */
extern struct plugin_registry reg;

/* What a message allocation that failed returns (never freed). */
extern char reg_oom[];

/* A message printf'd into new memory (reg_oom when out of memory); free
 * it with reg_free_msg. */
char *reg_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void reg_free_msg(char *s);
/* Append to a bounded buffer; the text is cut, never overrun. */
void reg_bprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Grow *arr (of pointers) by one slot; 0 or -ENOMEM. */
int reg_push(void *arrp, size_t *n, void *item);
/* A plugin as messages name it: its path, or "the built-in plugin 'x'". */
const char *reg_label(const struct plugin_rec *r, char *buf, size_t len);
const struct plugin_priv *reg_priv(const struct plugin_rec *r);

/* A new registry entry for a file (path) or a built-in (path NULL). */
struct plugin_priv *reg_new_plugin(const char *path, const char *modname, bool builtin);
/* Refuse pp with a one-line reason (owned by the entry). */
void reg_refuse(struct plugin_priv *pp, char *why);
/* Check the descriptor a plugin's entry returned and register what it
 * provides; refuses pp on any failure. */
void reg_accept(struct plugin_priv *pp, const struct plio_plugin *d);
/* Free the tables normalised for an engine or a profile (either NULL). */
void reg_free_tables(struct loaded_engine *le, struct loaded_profile *lp);
/* Whether a plugin file of this module name was found (loaded or refused). */
bool reg_file_seen(const char *modname);
/* The in-tree plugin (as configure knew it) that provides `engine`, into
 * *ip; false when none does (describe.c). */
bool reg_intree_engine(const char *engine, struct intree_plugin *ip);
/* Why in-tree plugin ip's file did not load, as one clause: not built
 * here (and why), or not installed (and the package that ships it, when
 * configure was told: --with-plugin-packages). */
void reg_missing_reason(const struct intree_plugin *ip, char *buf, size_t len);

/* A plugin file to load (loader.c), tried in a child first (probe.c). */
struct probe_file {
	char *path;
	bool explicit;		/* named by the user, not found by a scan */
	bool quiet;		/* found in the build tree's plugin folders */
	char *why;		/* set by the probe: crashed or hung, not loaded */
	struct plugin_priv *pp;	/* its registry entry once loaded (or NULL) */
};

/* Load one file in this process (refused when f->why is set) into f->pp. */
void loader_load_now(struct probe_file *f);
/* Load files[0..n) in order, each in a forked child first: a file that
 * kills or hangs the child gets its `why` and is refused.  When no child
 * can be started they are loaded directly (a warning says so). */
void loader_probe_load(struct probe_file *files, size_t n);

#endif
