/*
 * loader.c - finding, loading and checking plugins (see loader.h).
 *
 * The registry is built in search order: built-in (preloaded) plugins
 * first, then each directory of the search path, then files named
 * explicitly (ioengine=/path/x.so).  A file is loaded at most once (by
 * device and inode), always on the main thread, and never unloaded: every
 * handle is made resident and libltdl is never shut down, so even
 * loader_exit() (which frees only the registry) leaves plugin code mapped.
 *
 * Nothing a plugin hands over is trusted beyond its stated size.  The
 * descriptor, each engine and profile, and each option element are copied
 * into zeroed structs of today's size, so the rest of the core reads full
 * structs and never looks at struct_size again.  A plugin that cannot be
 * used stays in the registry with a one-line reason for --enghelp and for
 * the error of a job that names it; an engine that lacks a required
 * callback is disabled on its own, the rest of its plugin stays usable.
 *
 * libltdl quirks handled here (see DESIGN.md): lt_dlforeachfile hands over
 * every directory entry with its extension stripped, so candidates are
 * filtered to regular *.so / *.la files; lt_dlopen says only "file not
 * found" when a library the plugin needs is missing, so a plain dlopen()
 * with RTLD_NOW runs first and its dlerror() is the reason shown; a
 * built-in plugin shadows a same-named file on disk, so such files are
 * skipped with one warning (none for the build tree's own plugin folders,
 * where a build with built-ins always has the same plugins as files).
 */
#include "config.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <ltdl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* libltdl is initialised once and never shut down: lt_dlexit() would
 * forget the resident handles, and plio never unloads a plugin. */
static bool ltdl_ready;

static struct {
	bool up;			/* between loader_init and loader_exit */
	const struct plio_host *host;	/* what every plugin entry receives */
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
} L;

static char oom_msg[] = "out of memory";

/* ------------------------------------------------------------- helpers */

static char *fmt_alloc(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *fmt_alloc(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? oom_msg : s;
}

static void free_msg(char *s)
{
	if (s != oom_msg)
		free(s);
}

/* Append to a bounded buffer; the text is cut, never overrun. */
static void bprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void bprintf(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/* Grow *arr (of pointers) by one slot; 0 or -ENOMEM. */
static int push(void *arrp, size_t *n, void *item)
{
	void ***arr = arrp;
	void **na = realloc(*arr, (*n + 1) * sizeof(void *));

	if (!na)
		return -ENOMEM;
	na[*n] = item;
	*arr = na;
	(*n)++;
	return 0;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !strcmp(s + ls - lx, suffix);
}

/* "dir/name.so" -> "name": the module name libltdl would use. */
static char *module_name(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *dot;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	return dot && dot != base ? strndup(base, (size_t)(dot - base)) : strdup(base);
}

static const char *rec_label(const struct plugin_rec *r, char *buf, size_t len)
{
	if (r->path)
		return r->path;
	snprintf(buf, len, "the built-in plugin '%s'", r->modname);
	return buf;
}

static const struct plugin_priv *priv_of(const struct plugin_rec *r)
{
	return (const struct plugin_priv *)r;
}

/* ------------------------------------------------------------ registry */

static struct plugin_priv *new_plugin(const char *path, const char *modname, bool builtin)
{
	struct plugin_priv *pp = calloc(1, sizeof(*pp));

	if (!pp)
		return NULL;
	pp->rec.path = path ? strdup(path) : NULL;
	pp->rec.modname = strdup(modname);
	pp->rec.builtin = builtin;
	if ((path && !pp->rec.path) || !pp->rec.modname || push(&L.plugins, &L.n_plugins, pp)) {
		free(pp->rec.path);
		free(pp->rec.modname);
		free(pp);
		return NULL;
	}
	return pp;
}

static void refuse(struct plugin_priv *pp, char *why)
{
	pp->rec.refused = why;
	pp->rec.desc = NULL;
	log_debug(DBG_PLUGIN, "%s: refused: %s",
		  pp->rec.path ? pp->rec.path : pp->rec.modname, why);
}

/* The engine that currently answers to `name`, or NULL. */
/* Whether a plugin file of this module name was found (loaded or refused):
 * then its own row already says what became of it. */
static bool plugin_file_seen(const char *modname)
{
	size_t i;

	for (i = 0; i < L.n_plugins; i++)
		if (L.plugins[i]->rec.modname && !strcmp(L.plugins[i]->rec.modname, modname))
			return true;
	return false;
}

/* Whether any plugin, usable or not, provides an engine of this name. */
static bool engine_named(const char *name)
{
	size_t i;

	for (i = 0; i < L.n_engines; i++)
		if (L.engines[i]->e.name && !strcmp(L.engines[i]->e.name, name))
			return true;
	return false;
}

static struct loaded_engine *engine_winner(const char *name)
{
	size_t i;

	for (i = 0; i < L.n_engines; i++) {
		struct loaded_engine *le = L.engines[i];

		if (le->e.name && !le->shadowed_by && !strcmp(le->e.name, name))
			return le;
	}
	return NULL;
}

/*
 * Settle who answers to x's name: the first usable engine in search order.
 * A disabled engine never hides a usable one that comes later.
 */
static void resolve_duplicate(struct loaded_engine *x, bool warn)
{
	struct loaded_engine *w = NULL, *win, *lose;
	char b1[128], b2[128];
	size_t i;

	for (i = 0; i < L.n_engines; i++) {
		struct loaded_engine *le = L.engines[i];

		if (le != x && le->e.name && !le->shadowed_by &&
		    !strcmp(le->e.name, x->e.name)) {
			w = le;
			break;
		}
	}
	if (!w)
		return;
	if (w->disabled && !x->disabled) {
		for (i = 0; i < L.n_engines; i++)
			if (L.engines[i]->shadowed_by == w)
				L.engines[i]->shadowed_by = x;
		w->shadowed_by = x;
		win = x;
		lose = w;
	} else {
		x->shadowed_by = w;
		win = w;
		lose = x;
	}
	if (warn && !win->disabled)
		log_warn("engine '%s' is provided by both %s and %s; using %s", x->e.name,
			 rec_label(win->plugin, b1, sizeof(b1)),
			 rec_label(lose->plugin, b2, sizeof(b2)),
			 rec_label(win->plugin, b1, sizeof(b1)));
}

static size_t opt_type_size(uint32_t type)
{
	switch (type) {
	case PLIO_OPT_BOOL:
		return sizeof(int);
	case PLIO_OPT_INT:
	case PLIO_OPT_ENUM:
		return sizeof(int64_t);
	case PLIO_OPT_SIZE:
	case PLIO_OPT_TIME:
		return sizeof(uint64_t);
	case PLIO_OPT_STR:
		return sizeof(char *);
	default:
		return 0;
	}
}

/*
 * Copy a plugin's option array element by element (each element is
 * `stride` bytes as the plugin was compiled) into full, zeroed structs, and
 * check that every value fits the options block.  Returns NULL and sets
 * the copy and its count, or returns why the table cannot be used.
 */
static char *copy_options(const struct plio_option *src, uint32_t stride, uint32_t n,
			  uint32_t block_size, struct plio_option **out, size_t *n_out)
{
	struct plio_option *dst;
	size_t i, sz;

	*out = NULL;
	*n_out = 0;
	if (!n)
		return NULL;
	if (!src)
		return fmt_alloc("option table is NULL but n_options is %u", n);
	if (n > TABLE_MAX)
		return fmt_alloc("implausible n_options %u", n);
	if (stride < OPTION_MIN_STRIDE || stride > STRUCT_SIZE_MAX)
		return fmt_alloc("option_stride %u is not a plausible option size", stride);
	dst = calloc(n, sizeof(*dst));
	if (!dst)
		return oom_msg;
	sz = stride < sizeof(*dst) ? stride : sizeof(*dst);
	for (i = 0; i < n; i++) {
		struct plio_option *o = &dst[i];
		size_t tsz;

		memcpy(o, (const char *)src + i * stride, sz);
		if (!o->name || !*o->name) {
			free(dst);
			return fmt_alloc("option #%zu has no name", i);
		}
		tsz = opt_type_size(o->type);
		if (!tsz) {
			char *why = fmt_alloc("option '%s' has unknown type %u", o->name, o->type);

			free(dst);
			return why;
		}
		if ((uint64_t)o->offset + tsz > block_size) {
			char *why = fmt_alloc("option '%s' lies outside the %u-byte options block",
					      o->name, block_size);

			free(dst);
			return why;
		}
		if (o->type == PLIO_OPT_ENUM && !o->choices) {
			char *why = fmt_alloc("enum option '%s' has no choices", o->name);

			free(dst);
			return why;
		}
	}
	*out = dst;
	*n_out = n;
	return NULL;
}

static void add_engine(struct plugin_priv *pp, const struct plio_engine *src, size_t idx,
		       bool warn)
{
	struct loaded_engine *le = calloc(1, sizeof(*le));
	uint32_t sz = src->struct_size;

	if (!le)
		return;
	le->plugin = &pp->rec;
	if (sz < ENGINE_MIN_SIZE || sz > STRUCT_SIZE_MAX) {
		le->disabled = fmt_alloc("engine #%zu: struct_size %u is not plausible", idx, sz);
	} else {
		memcpy(&le->e, src, sz < sizeof(le->e) ? sz : sizeof(le->e));
		le->e.struct_size = sizeof(le->e);
		if (!le->e.name || !*le->e.name) {
			le->e.name = NULL;
			le->disabled = fmt_alloc("engine #%zu has no name", idx);
		} else if (!le->e.queue) {
			le->disabled = fmt_alloc("no queue() callback");
		} else if (!(le->e.caps & PLIO_CAP_SYNC) && (!le->e.commit || !le->e.reap)) {
			le->disabled = fmt_alloc("no commit()/reap() callbacks and not PLIO_CAP_SYNC");
		} else {
			le->disabled = copy_options(le->e.options, le->e.option_stride,
						    le->e.n_options, le->e.options_size,
						    &le->options, &le->n_options);
		}
	}
	/* the normalised table is the only one the core reads */
	le->e.options = le->options;
	le->e.option_stride = sizeof(struct plio_option);
	le->e.n_options = (uint32_t)le->n_options;
	if (push(&L.engines, &L.n_engines, le)) {
		free_msg(le->disabled);
		free(le->options);
		free(le);
		return;
	}
	if (le->e.name)
		resolve_duplicate(le, warn);
}

static void add_profile(struct plugin_priv *pp, const struct plio_profile *src, size_t idx,
			bool warn)
{
	struct loaded_profile *lp = calloc(1, sizeof(*lp));
	uint32_t sz = src->struct_size;
	char b1[128], b2[128];
	size_t i;

	if (!lp)
		return;
	lp->plugin = &pp->rec;
	if (sz < PROFILE_MIN_SIZE || sz > STRUCT_SIZE_MAX) {
		lp->disabled = fmt_alloc("profile #%zu: struct_size %u is not plausible", idx, sz);
	} else {
		memcpy(&lp->p, src, sz < sizeof(lp->p) ? sz : sizeof(lp->p));
		lp->p.struct_size = sizeof(lp->p);
		if (!lp->p.name || !*lp->p.name) {
			lp->p.name = NULL;
			lp->disabled = fmt_alloc("profile #%zu has no name", idx);
		} else if (!lp->p.generate) {
			lp->disabled = fmt_alloc("no generate() callback");
		} else {
			lp->disabled = copy_options(lp->p.options, lp->p.option_stride,
						    lp->p.n_options, lp->p.options_size,
						    &lp->options, &lp->n_options);
		}
	}
	lp->p.options = lp->options;
	lp->p.option_stride = sizeof(struct plio_option);
	lp->p.n_options = (uint32_t)lp->n_options;
	if (push(&L.profiles, &L.n_profiles, lp)) {
		free_msg(lp->disabled);
		free(lp->options);
		free(lp);
		return;
	}
	if (!warn || !lp->p.name || lp->disabled)
		return;
	for (i = 0; i + 1 < L.n_profiles; i++) {
		const struct loaded_profile *o = L.profiles[i];

		if (o->p.name && !o->disabled && !strcmp(o->p.name, lp->p.name)) {
			log_warn("profile '%s' is provided by both %s and %s; using %s",
				 lp->p.name, rec_label(o->plugin, b1, sizeof(b1)),
				 rec_label(lp->plugin, b2, sizeof(b2)),
				 rec_label(o->plugin, b1, sizeof(b1)));
			break;
		}
	}
}

/*
 * Call the entry of a freshly opened handle, check the descriptor and
 * register what it provides.  Sets pp->rec.refused on any failure.
 */
static void adopt(struct plugin_priv *pp, lt_dlhandle h)
{
	const struct plio_plugin *d;
	plio_plugin_entry_fn *entry;
	size_t i;

	pp->handle = h;
	lt_dlmakeresident(h);
	entry = (plio_plugin_entry_fn *)lt_dlsym(h, PLIO_ENTRY_SYMBOL);
	if (!entry) {
		refuse(pp, fmt_alloc("not a plio plugin: no %s symbol", PLIO_ENTRY_SYMBOL));
		return;
	}
	d = entry(L.host);
	if (!d) {
		refuse(pp, fmt_alloc("the plugin declined to load (%s returned NULL)",
				     PLIO_ENTRY_SYMBOL));
		return;
	}
	if (d->magic != PLIO_PLUGIN_MAGIC) {
		refuse(pp, fmt_alloc("not a plio plugin: bad magic"));
		return;
	}
	if (d->struct_size < PLUGIN_ABI_SIZE) {
		refuse(pp, fmt_alloc("not a plio plugin: descriptor of %u bytes is too small",
				     d->struct_size));
		return;
	}
	pp->rec.abi_major = d->abi_major;
	pp->rec.abi_minor = d->abi_minor;
	pp->has_abi = true;
	if (d->abi_major != PLIO_ABI_MAJOR) {
		refuse(pp, fmt_alloc("built for plugin ABI %u.%u, this plio speaks ABI %d.%d; "
				     "rebuild it against plio %d.x's SDK (pkg-config plio-sdk) "
				     "or use a plio that speaks ABI %u",
				     d->abi_major, d->abi_minor, PLIO_ABI_MAJOR, PLIO_ABI_MINOR,
				     PLIO_ABI_MAJOR, d->abi_major));
		return;
	}
	if (d->struct_size < PLUGIN_MIN_SIZE || d->struct_size > STRUCT_SIZE_MAX) {
		refuse(pp, fmt_alloc("malformed descriptor: struct_size %u (ABI %d.x needs at least %zu)",
				     d->struct_size, PLIO_ABI_MAJOR, PLUGIN_MIN_SIZE));
		return;
	}
	if (d->min_host_minor > PLIO_ABI_MINOR) {
		refuse(pp, fmt_alloc("needs plugin ABI %d.%u or newer; this plio has %d.%d: "
				     "upgrade plio",
				     PLIO_ABI_MAJOR, d->min_host_minor, PLIO_ABI_MAJOR,
				     PLIO_ABI_MINOR));
		return;
	}
	memcpy(&pp->desc, d, d->struct_size < sizeof(pp->desc) ? d->struct_size : sizeof(pp->desc));
	pp->desc.struct_size = sizeof(pp->desc);
	pp->rec.desc = &pp->desc;
	log_debug(DBG_PLUGIN, "%s: plugin '%s' %s, ABI %u.%u",
		  pp->rec.path ? pp->rec.path : "built in",
		  pp->desc.name ? pp->desc.name : "?",
		  pp->desc.version ? pp->desc.version : "?", d->abi_major, d->abi_minor);

	for (i = 0; pp->desc.engines && i < TABLE_MAX && pp->desc.engines[i]; i++)
		add_engine(pp, pp->desc.engines[i], i, !pp->explicit);
	for (i = 0; pp->desc.profiles && i < TABLE_MAX && pp->desc.profiles[i]; i++)
		add_profile(pp, pp->desc.profiles[i], i, !pp->explicit);
}

/* --------------------------------------------------------- built-ins */

static int builtin_cb(lt_dlhandle h)
{
	const lt_dlinfo *info = lt_dlgetinfo(h);
	struct plugin_priv *pp;
	size_t i;

	if (!info || !info->name)
		return 0;
	for (i = 0; i < L.n_plugins; i++)
		if (L.plugins[i]->handle == h)
			return 0;
	pp = new_plugin(NULL, info->name, true);
	if (!pp)
		return 1;
	adopt(pp, h);
	return 0;
}

static const struct plugin_priv *builtin_named(const char *modname)
{
	size_t i;

	for (i = 0; i < L.n_plugins; i++)
		if (L.plugins[i]->rec.builtin && !strcmp(L.plugins[i]->rec.modname, modname))
			return L.plugins[i];
	return NULL;
}

/* ------------------------------------------------------- loading files */

/*
 * The shared object a libtool archive (.la) names, for diagnosing why it
 * does not load: its dlname in .libs/ (uninstalled) or beside it.
 */
static char *la_object(const char *la)
{
	char line[1024], dlname[512] = "", *dir, *slash, *obj = NULL;
	FILE *f = fopen(la, "r");
	struct stat st;

	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "dlname='%511[^']'", dlname) == 1)
			break;
	fclose(f);
	if (!dlname[0])
		return NULL;
	dir = strdup(la);
	if (!dir)
		return NULL;
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	if (asprintf(&obj, "%s/.libs/%s", dir, dlname) >= 0 && stat(obj, &st) == 0) {
		free(dir);
		return obj;
	}
	free(obj);
	obj = NULL;
	if (asprintf(&obj, "%s/%s", dir, dlname) < 0)
		obj = NULL;
	free(dir);
	return obj;
}

/*
 * dlopen() the object the way the dynamic loader sees it: RTLD_NOW, so a
 * missing library or symbol is a refusal now, not a crash in the middle of
 * a run.  Returns NULL on success, else the loader's reason with the
 * object's own path (which the caller already shows) taken off the front.
 */
static char *dl_check(const char *obj)
{
	const char *err;
	size_t lp = strlen(obj);

	if (dlopen(obj, RTLD_NOW | RTLD_LOCAL))
		return NULL;	/* kept open: plio never unloads a plugin */
	err = dlerror();
	if (!err)
		return fmt_alloc("cannot load it");
	if (!strncmp(err, obj, lp) && !strncmp(err + lp, ": ", 2))
		err += lp + 2;
	return fmt_alloc("%s", err);
}

static struct plugin_priv *find_by_id(dev_t dev, ino_t ino)
{
	size_t i;

	for (i = 0; i < L.n_plugins; i++)
		if (L.plugins[i]->has_id && L.plugins[i]->dev == dev && L.plugins[i]->ino == ino)
			return L.plugins[i];
	return NULL;
}

static struct plugin_priv *find_by_path(const char *path)
{
	size_t i;

	for (i = 0; i < L.n_plugins; i++)
		if (L.plugins[i]->rec.path && !strcmp(L.plugins[i]->rec.path, path))
			return L.plugins[i];
	return NULL;
}

/*
 * Load one file: scanning (a search-path hit, skipped when a built-in has
 * its module name) or explicit (named by the user).  Returns the record,
 * an existing one when the file was seen before, or NULL on OOM or for
 * the build tree's own copy of a built-in plugin (silently skipped).
 */
static struct plugin_priv *load_file(const char *path, bool explicit)
{
	char *full, *modname, *why = NULL;
	const struct plugin_priv *bi;
	struct plugin_priv *pp;
	lt_dladvise advise;
	struct stat st;
	lt_dlhandle h;
	size_t i;

	if (stat(path, &st) != 0)
		why = fmt_alloc("%s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		why = fmt_alloc("not a regular file");
	if (why) {
		pp = find_by_path(path);
		if (pp) {
			free_msg(why);
			return pp;
		}
		modname = module_name(path);
		pp = modname ? new_plugin(path, modname, false) : NULL;
		free(modname);
		if (!pp) {
			free_msg(why);
			return NULL;
		}
		pp->explicit = explicit;
		refuse(pp, why);
		return pp;
	}
	pp = find_by_id(st.st_dev, st.st_ino);
	if (pp)
		return pp;

	full = realpath(path, NULL);
	if (!full)
		full = strdup(path);
	modname = full ? module_name(full) : NULL;
	bi = explicit || !modname ? NULL : builtin_named(modname);
	if (bi && L.quiet) {
		/* the build tree's own copy of a built-in: not a conflict */
		free(full);
		free(modname);
		return NULL;
	}
	pp = modname ? new_plugin(full, modname, false) : NULL;
	free(full);
	if (!pp) {
		free(modname);
		return NULL;
	}
	pp->explicit = explicit;
	pp->dev = st.st_dev;
	pp->ino = st.st_ino;
	pp->has_id = true;

	free(modname);
	if (bi) {
		log_warn("%s: not loaded: the built-in plugin '%s' shadows it",
			 pp->rec.path, bi->rec.modname);
		refuse(pp, fmt_alloc("shadowed by the built-in plugin '%s'", bi->rec.modname));
		return pp;
	}

	if (!has_suffix(pp->rec.path, ".la")) {
		why = dl_check(pp->rec.path);
		if (why) {
			refuse(pp, why);
			return pp;
		}
	}
	h = NULL;
	if (!lt_dladvise_init(&advise)) {
		lt_dladvise_local(&advise);
		h = lt_dlopenadvise(pp->rec.path, advise);
		lt_dladvise_destroy(&advise);
	} else {
		h = lt_dlopen(pp->rec.path);
	}
	if (!h) {
		const char *lterr = lt_dlerror();
		char *obj = has_suffix(pp->rec.path, ".la") ? la_object(pp->rec.path) : NULL;

		if (obj)
			why = dl_check(obj);
		free(obj);
		refuse(pp, why ? why : fmt_alloc("%s", lterr ? lterr : "cannot load it"));
		return pp;
	}
	/* the same object reached by another name (a .la and its .so) */
	for (i = 0; i + 1 < L.n_plugins; i++) {
		if (L.plugins[i]->handle == h) {
			L.n_plugins--;	/* pp is the last one added */
			free(pp->rec.path);
			free(pp->rec.modname);
			free(pp);
			lt_dlclose(h);	/* only drops the extra reference */
			return L.plugins[i];
		}
	}
	adopt(pp, h);
	return pp;
}

/* lt_dlforeachfile callback: `base` is a directory entry, extension stripped. */
static int scan_cb(const char *base, void *data)
{
	static const char *const exts[] = { ".so", ".la" };
	char path[PATH_MAX];
	struct stat st;
	size_t i;

	(void)data;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s%s", base, exts[i]) >= sizeof(path))
			return 0;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			load_file(path, false);
			return 0;
		}
	}
	return 0;
}

/* lt_dlforeachfile takes a colon-separated path, so a directory whose name
 * holds ':' is listed by hand, the same way. */
static void scan_dir(const char *dir)
{
	char base[PATH_MAX];
	struct dirent *de;
	DIR *d;

	log_debug(DBG_PLUGIN, "searching %s", dir);
	if (!strchr(dir, ':')) {
		lt_dlforeachfile(dir, scan_cb, NULL);
		return;
	}
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		char *dot;

		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(base, sizeof(base), "%s/%s", dir, de->d_name) >= sizeof(base))
			continue;
		dot = strrchr(base + strlen(dir) + 1, '.');
		if (dot)
			*dot = '\0';
		scan_cb(base, NULL);
	}
	closedir(d);
}

/* ------------------------------------------------------- search path */

static int add_dir(const char *dir)
{
	char *copy = strdup(dir);

	if (!copy || push(&L.dirs, &L.n_dirs, copy)) {
		free(copy);
		return -ENOMEM;
	}
	return 0;
}

static bool same_dir(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * When this program lies in the build tree (its top, or tests/, or a
 * libtool .libs/ below either), add BUILDDIR/plugins/<name>/.libs, sorted.
 */
static int add_build_tree(void)
{
#ifdef PLIO_BUILDDIR
	static const char *const homes[] = { "", "/.libs", "/tests", "/tests/.libs" };
	char exe[PATH_MAX], dir[PATH_MAX], *slash, **names = NULL;
	size_t i, n = 0;
	bool inside = false;
	struct dirent *de;
	ssize_t len;
	DIR *d;
	int rc = 0;

	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0)
		return 0;
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	for (i = 0; i < sizeof(homes) / sizeof(homes[0]) && !inside; i++) {
		snprintf(dir, sizeof(dir), "%s%s", PLIO_BUILDDIR, homes[i]);
		inside = same_dir(exe, dir);
	}
	if (!inside)
		return 0;
	d = opendir(PLIO_BUILDDIR "/plugins");
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char *name;

		if (de->d_name[0] == '.')
			continue;
		name = strdup(de->d_name);
		if (!name || push(&names, &n, name)) {
			free(name);
			rc = -ENOMEM;
			break;
		}
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		struct stat st;

		if (!rc && (size_t)snprintf(dir, sizeof(dir), "%s/plugins/%s/.libs", PLIO_BUILDDIR,
					    names[i]) < sizeof(dir) &&
		    stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			rc = add_dir(dir);
		free(names[i]);
	}
	free(names);
	return rc;
#else
	return 0;
#endif
}

void loader_set_preloaded(const void *symlist)
{
	L.preloaded = symlist;
}

int loader_init(const struct plio_host *host, const char *const *dirs, size_t n_dirs,
		struct perr *e)
{
	const char *env;
	size_t i;
	int rc;

	if (L.up)
		loader_exit();
	L.host = host;
	for (i = 0; i < n_dirs; i++) {
		struct stat st;

		if (stat(dirs[i], &st) != 0) {
			rc = -errno;
			loader_exit();
			return perr_setrc(e, rc, "--plugin-dir %s: %s", dirs[i], strerror(-rc));
		}
		if (!S_ISDIR(st.st_mode)) {
			loader_exit();
			return perr_setrc(e, -ENOTDIR, "--plugin-dir %s: not a directory", dirs[i]);
		}
		if (add_dir(dirs[i]))
			goto oom;
	}
	env = getenv("PLIO_PLUGIN_PATH");
	if (env) {
		char *copy = strdup(env), *tok, *save = NULL;

		if (!copy)
			goto oom;
		/* empty entries would mean "." to some loaders: skip them */
		for (tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
			struct stat st;

			/* a path variable may name folders that are not there
			 * (like PATH), but say so: --plugin-dir refuses them */
			if (stat(tok, &st) || !S_ISDIR(st.st_mode)) {
				log_warn("PLIO_PLUGIN_PATH: '%s' is not a directory; skipped", tok);
				continue;
			}
			if (add_dir(tok)) {
				free(copy);
				goto oom;
			}
		}
		free(copy);
	}
	L.bt_first = L.n_dirs;
	if (add_build_tree())
		goto oom;
	L.bt_end = L.n_dirs;
	if (add_dir(PLIO_PLUGINDIR))
		goto oom;

	lt_dlpreload_default((const lt_dlsymlist *)L.preloaded);
	if (!ltdl_ready) {
		if (lt_dlinit()) {
			const char *err = lt_dlerror();

			loader_exit();
			return perr_setrc(e, -EIO, "cannot initialise libltdl: %s",
					  err ? err : "unknown error");
		}
		ltdl_ready = true;
	} else {
		/* again after loader_exit: back to just this program's list */
		lt_dlpreload(NULL);
	}
	L.up = true;
	/* an empty libltdl search path: it must never look anywhere by itself */
	lt_dlsetsearchpath(NULL);
	if (L.preloaded)
		lt_dlpreload_open(NULL, builtin_cb);
	return 0;
oom:
	loader_exit();
	return perr_setrc(e, -ENOMEM, "out of memory setting up the plugin search path");
}

void loader_exit(void)
{
	size_t i;

	for (i = 0; i < L.n_engines; i++) {
		free_msg(L.engines[i]->disabled);
		free(L.engines[i]->options);
		free(L.engines[i]);
	}
	for (i = 0; i < L.n_profiles; i++) {
		free_msg(L.profiles[i]->disabled);
		free(L.profiles[i]->options);
		free(L.profiles[i]);
	}
	for (i = 0; i < L.n_plugins; i++) {
		free(L.plugins[i]->rec.path);
		free(L.plugins[i]->rec.modname);
		free_msg(L.plugins[i]->rec.refused);
		free(L.plugins[i]);
	}
	for (i = 0; i < L.n_dirs; i++)
		free(L.dirs[i]);
	free(L.engines);
	free(L.profiles);
	free(L.plugins);
	free(L.dirs);
	/* libltdl stays up and every handle stays open (see ltdl_ready) */
	L.engines = NULL;
	L.profiles = NULL;
	L.plugins = NULL;
	L.dirs = NULL;
	L.n_engines = L.n_profiles = L.n_plugins = L.n_dirs = 0;
	L.bt_first = L.bt_end = 0;
	L.up = false;
	L.scanned = false;
}

void loader_scan(void)
{
	size_t i;

	if (L.scanned || !L.up)
		return;
	L.scanned = true;
	for (i = 0; i < L.n_dirs; i++) {
		L.quiet = i >= L.bt_first && i < L.bt_end;
		scan_dir(L.dirs[i]);
	}
	L.quiet = false;
}

const struct plugin_rec *loader_load_file(const char *path)
{
	struct plugin_priv *pp;

	if (!L.up || !path || !*path)
		return NULL;
	pp = load_file(path, true);
	return pp ? &pp->rec : NULL;
}

/* -------------------------------------------------------------- lookup */

static void list_usable_engines(char *buf, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < L.n_engines; i++) {
		const struct loaded_engine *le = L.engines[i];

		if (!le->e.name || le->disabled || le->shadowed_by)
			continue;
		bprintf(buf, size, "%s%s", n++ ? ", " : "", le->e.name);
	}
	if (!n)
		bprintf(buf, size, "none");
}

/* A refused plugin file whose module name suggests it would provide `name`
 * (pmem.so for libpmem, uring.so for io_uring). */
static const struct plugin_rec *refused_candidate(const char *name)
{
	size_t i;

	for (i = 0; i < L.n_plugins; i++) {
		const struct plugin_rec *r = &L.plugins[i]->rec;

		if (r->refused && strlen(r->modname) >= 3 &&
		    (strstr(name, r->modname) || strstr(r->modname, name)))
			return r;
	}
	return NULL;
}

static size_t n_refused(void)
{
	size_t i, n = 0;

	for (i = 0; i < L.n_plugins; i++)
		n += L.plugins[i]->rec.refused != NULL;
	return n;
}

/* The engine of an explicitly loaded file: its only engine, or the one
 * named like the file (sync.so -> sync). */
static const struct loaded_engine *engine_of_file(const char *path, struct perr *e)
{
	const struct loaded_engine *only = NULL, *named = NULL;
	const struct plugin_rec *r = loader_load_file(path);
	char names[256] = "";
	size_t i, n = 0;

	if (!r) {
		perr_set(e, "%s: cannot load it", path);
		return NULL;
	}
	if (r->refused) {
		perr_set(e, "%s: %s", r->path ? r->path : path, r->refused);
		return NULL;
	}
	for (i = 0; i < L.n_engines; i++) {
		const struct loaded_engine *le = L.engines[i];

		if (le->plugin != r)
			continue;
		n++;
		only = le;
		if (le->e.name && !strcmp(le->e.name, r->modname))
			named = le;
		bprintf(names, sizeof(names), "%s%s", n > 1 ? ", " : "",
			le->e.name ? le->e.name : "-");
	}
	if (!n) {
		perr_set(e, "%s: provides no engines", r->path);
		return NULL;
	}
	if (n > 1)
		only = named;
	if (!only) {
		perr_set(e, "%s provides several engines (%s); put its folder on the "
			 "search path (--plugin-dir) and name one", r->path, names);
		return NULL;
	}
	if (only->disabled) {
		perr_set(e, "%s: engine '%s' cannot be used: %s", r->path,
			 only->e.name ? only->e.name : "-", only->disabled);
		return NULL;
	}
	return only;
}

/*
 * PLIO_KNOWN_PLUGINS, from configure: "plugin|engine,engine|why not built;"
 * for every in-tree plugin.  Only used to explain an engine that is missing
 * (not built into this plio, or its plugin file not installed); lookups
 * never use it.  Returns true when `engine` belongs to an in-tree plugin,
 * with the plugin's name and the reason it was not built ("" if it was).
 */
static bool known_plugin(const char *engine, char *plugin, size_t plen,
			 char *why, size_t wlen)
{
	const char *p = PLIO_KNOWN_PLUGINS;

	while (*p) {
		const char *bar1 = strchr(p, '|'), *bar2, *end, *q;
		size_t elen = strlen(engine);

		if (!bar1)
			break;
		bar2 = strchr(bar1 + 1, '|');
		end = bar2 ? strchr(bar2 + 1, ';') : NULL;
		if (!bar2 || !end)
			break;
		for (q = bar1 + 1; q < bar2;) {
			const char *comma = memchr(q, ',', (size_t)(bar2 - q));
			const char *stop = comma ? comma : bar2;

			if ((size_t)(stop - q) == elen && !strncmp(q, engine, elen)) {
				snprintf(plugin, plen, "%.*s", (int)(bar1 - p), p);
				snprintf(why, wlen, "%.*s", (int)(end - bar2 - 1), bar2 + 1);
				return true;
			}
			q = stop + 1;
		}
		p = end + 1;
	}
	return false;
}

/* Why a known in-tree engine is missing, as one clause. */
static void missing_reason(const char *plugin, const char *why, char *buf, size_t len)
{
	if (*why)
		snprintf(buf, len, "not built: this plio was built without plugin '%s' (%s)",
			 plugin, why);
	else
		snprintf(buf, len, "not installed: plugin file %s.so is not on the search path "
			 "(distributions ship it separately)", plugin);
}

const struct loaded_engine *loader_find_engine(const char *name, struct perr *e)
{
	const struct loaded_engine *le;
	const struct plugin_rec *cand;
	char msg[PERR_LEN] = "", b[128];
	size_t i, nref;

	if (!name || !*name) {
		perr_set(e, "no engine named ''");
		return NULL;
	}
	if (!L.up) {
		perr_set(e, "no engine '%s': the plugin loader is not initialised", name);
		return NULL;
	}
	/* the search path first, so an explicit file never changes which
	 * engine a plain name finds */
	loader_scan();
	if (!strncmp(name, "external:", 9))
		return engine_of_file(name + 9, e);
	if (strchr(name, '/'))
		return engine_of_file(name, e);

	le = engine_winner(name);
	if (le && !le->disabled)
		return le;
	if (le) {
		bprintf(msg, sizeof(msg), "engine '%s' (%s) cannot be used: %s", name,
			rec_label(le->plugin, b, sizeof(b)), le->disabled);
	} else {
		char plugin[64], why[200], reason[400];

		bprintf(msg, sizeof(msg), "no engine '%s'", name);
		cand = refused_candidate(name);
		nref = n_refused();
		if (!cand && known_plugin(name, plugin, sizeof(plugin), why, sizeof(why)) &&
		    !plugin_file_seen(plugin)) {
			missing_reason(plugin, why, reason, sizeof(reason));
			bprintf(msg, sizeof(msg), " (%s)", reason);
		} else if (cand)
			bprintf(msg, sizeof(msg), " (%s, which may provide it, did not load: %s)",
				rec_label(cand, b, sizeof(b)), cand->refused);
		else if (nref)
			bprintf(msg, sizeof(msg), " (%zu plugin file%s did not load; see plio --enghelp)",
				nref, nref == 1 ? "" : "s");
	}
	for (i = 0; i < L.n_engines; i++)
		if (L.engines[i]->e.name && !L.engines[i]->disabled && !L.engines[i]->shadowed_by)
			break;
	if (i < L.n_engines) {
		bprintf(msg, sizeof(msg), "; engines that load: ");
		list_usable_engines(msg, sizeof(msg));
	} else {
		bprintf(msg, sizeof(msg), "; no engine loads from the search path (");
		for (i = 0; i < L.n_dirs; i++)
			bprintf(msg, sizeof(msg), "%s%s", i ? ":" : "", L.dirs[i]);
		bprintf(msg, sizeof(msg), ")");
	}
	perr_set(e, "%s", msg);
	return NULL;
}

const struct loaded_profile *loader_find_profile(const char *name, struct perr *e)
{
	const struct loaded_profile *found = NULL;
	char msg[PERR_LEN] = "", b[128];
	size_t i, n = 0;

	if (!name || !*name) {
		perr_set(e, "--profile: no profile named ''");
		return NULL;
	}
	if (!L.up) {
		perr_set(e, "no profile '%s': the plugin loader is not initialised", name);
		return NULL;
	}
	loader_scan();
	for (i = 0; i < L.n_profiles; i++) {
		const struct loaded_profile *lp = L.profiles[i];

		if (!lp->p.name || strcmp(lp->p.name, name))
			continue;
		if (!lp->disabled)
			return lp;
		if (!found)
			found = lp;
	}
	if (found) {
		perr_set(e, "profile '%s' (%s) cannot be used: %s", name,
			 rec_label(found->plugin, b, sizeof(b)), found->disabled);
		return NULL;
	}
	bprintf(msg, sizeof(msg), "no profile '%s'; profiles that load: ", name);
	for (i = 0; i < L.n_profiles; i++) {
		const struct loaded_profile *lp = L.profiles[i];

		if (lp->p.name && !lp->disabled)
			bprintf(msg, sizeof(msg), "%s%s", n++ ? ", " : "", lp->p.name);
	}
	if (!n)
		bprintf(msg, sizeof(msg), "none");
	perr_set(e, "%s", msg);
	return NULL;
}

size_t loader_n_plugins(void)
{
	return L.n_plugins;
}

const struct plugin_rec *loader_plugin(size_t i)
{
	return i < L.n_plugins ? &L.plugins[i]->rec : NULL;
}

size_t loader_n_engines(void)
{
	return L.n_engines;
}

const struct loaded_engine *loader_engine(size_t i)
{
	return i < L.n_engines ? L.engines[i] : NULL;
}

/* ------------------------------------------------------------ --enghelp */

struct row {
	const char *engine, *file, *status;
	char abi[16];
	char *owned;		/* status text allocated here */
	bool engine_owned;	/* engine name allocated here too */
};

static void fill_abi(struct row *r, const struct plugin_rec *p)
{
	if (priv_of(p)->has_abi)
		snprintf(r->abi, sizeof(r->abi), "%u.%u", p->abi_major, p->abi_minor);
	else
		snprintf(r->abi, sizeof(r->abi), "-");
}

/*
 * Rows for in-tree engines that did not load at all: not built into this
 * plio, or their plugin file is not installed.  rows has room for every
 * engine named in PLIO_KNOWN_PLUGINS.
 */
static size_t add_missing_rows(struct row *rows, size_t n)
{
	const char *p = PLIO_KNOWN_PLUGINS;
	char name[64], plugin[64], why[200], reason[400];

	while ((p = strchr(p, '|'))) {
		const char *q = ++p;

		/* the engine list runs up to the next '|' */
		while (*q && *q != '|') {
			size_t len = strcspn(q, ",|");

			snprintf(name, sizeof(name), "%.*s", (int)len, q);
			q += len;
			if (*q == ',')
				q++;
			if (!engine_named(name) &&
			    known_plugin(name, plugin, sizeof(plugin), why, sizeof(why)) &&
			    !plugin_file_seen(plugin)) {
				struct row *r = &rows[n++];

				missing_reason(plugin, why, reason, sizeof(reason));
				r->owned = fmt_alloc("%s", reason);
				r->engine = r->owned ? fmt_alloc("%s", name) : NULL;
				r->engine_owned = true;
				if (!r->owned || !r->engine) {
					free_msg(r->owned);
					n--;
					continue;
				}
				r->file = "-";
				snprintf(r->abi, sizeof(r->abi), "-");
				r->status = r->owned;
			}
		}
		/* skip the reason field */
		p = strchr(q + (*q == '|'), ';');
		if (!p)
			break;
	}
	return n;
}

void loader_print_engines(FILE *out)
{
	size_t i, j, n = 0, cap;
	int we = 6, wf = 11, wa = 3;
	struct row *rows;

	loader_scan();
	cap = L.n_engines + L.n_plugins + strlen(PLIO_KNOWN_PLUGINS) / 2 + 1;
	rows = calloc(cap, sizeof(*rows));
	if (!rows)
		return;
	for (i = 0; i < L.n_plugins; i++) {
		const struct plugin_rec *p = &L.plugins[i]->rec;
		const char *file = p->path ? p->path : "built in";
		size_t before = n;

		for (j = 0; !p->refused && j < L.n_engines; j++) {
			const struct loaded_engine *le = L.engines[j];
			struct row *r;

			if (le->plugin != p)
				continue;
			r = &rows[n++];
			r->engine = le->e.name ? le->e.name : "-";
			r->file = file;
			fill_abi(r, p);
			if (le->disabled) {
				r->status = le->disabled;
			} else if (le->shadowed_by) {
				char b[128];

				r->owned = fmt_alloc("shadowed by %s",
						     rec_label(le->shadowed_by->plugin, b, sizeof(b)));
				r->status = r->owned;
			} else {
				r->status = "ok";
			}
		}
		if (n == before) {
			struct row *r = &rows[n++];

			r->engine = "-";
			r->file = file;
			fill_abi(r, p);
			if (p->refused) {
				r->status = p->refused;
			} else {
				char names[256] = "";
				size_t k, np = 0;

				for (k = 0; k < L.n_profiles; k++)
					if (L.profiles[k]->plugin == p)
						bprintf(names, sizeof(names), "%s%s", np++ ? ", " : "",
							L.profiles[k]->p.name ? L.profiles[k]->p.name : "-");
				r->owned = np ? fmt_alloc("ok (no engines; profiles: %s)", names) :
						fmt_alloc("ok (provides no engines)");
				r->status = r->owned;
			}
		}
	}
	n = add_missing_rows(rows, n);
	for (i = 0; i < n; i++) {
		if ((int)strlen(rows[i].engine) > we)
			we = (int)strlen(rows[i].engine);
		if ((int)strlen(rows[i].file) > wf)
			wf = (int)strlen(rows[i].file);
		if ((int)strlen(rows[i].abi) > wa)
			wa = (int)strlen(rows[i].abi);
	}
	fprintf(out, "%-*s  %-*s  %-*s  %s\n", we, "engine", wf, "plugin file", wa, "ABI",
		"status");
	for (i = 0; i < n; i++) {
		fprintf(out, "%-*s  %-*s  %-*s  %s\n", we, rows[i].engine, wf, rows[i].file,
			wa, rows[i].abi, rows[i].status);
		free_msg(rows[i].owned);
		if (rows[i].engine_owned)
			free_msg((char *)rows[i].engine);
	}
	if (!n)
		fprintf(out, "(no plugins found; searched built-ins and %zu folders)\n", L.n_dirs);
	free(rows);
}

void loader_print_caps(FILE *out, uint64_t caps)
{
	static const struct {
		uint64_t bit;
		const char *words;
	} names[] = {
		{ PLIO_CAP_SYNC, "synchronous" },
		{ PLIO_CAP_DISKLESS, "needs no files" },
		{ PLIO_CAP_FAKEIO, "moves no data" },
		{ PLIO_CAP_MEMALIGN, "wants aligned buffers" },
		{ PLIO_CAP_NODIRECT, "cannot do direct I/O" },
		{ PLIO_CAP_NOEXTEND, "cannot extend files" },
		{ PLIO_CAP_MMAP, "memory-maps files" },
		{ PLIO_CAP_TRIM, "can trim" },
	};
	size_t i, n = 0;

	fprintf(out, "  capabilities: ");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (caps & names[i].bit)
			fprintf(out, "%s%s", n++ ? ", " : "", names[i].words);
	if (!n)
		fprintf(out, "asynchronous, uses files");
	fprintf(out, "\n");
}

void loader_print_origin(FILE *out, const struct plugin_rec *p)
{
	const struct plio_plugin *d = p->desc;

	fprintf(out, "  plugin file:  %s", p->path ? p->path : "built in");
	if (d)
		fprintf(out, " (plugin '%s' %s, %s, ABI %u.%u)", d->name ? d->name : p->modname,
			d->version ? d->version : "?", d->license ? d->license : "?",
			p->abi_major, p->abi_minor);
	fprintf(out, "\n");
}
