/*
 * registry.c - what plio knows of its plugins (see loader.h): every plugin
 * file and built-in found, and the engines and profiles they provide.
 *
 * Nothing a plugin hands over is trusted beyond its stated size.  The
 * descriptor, each engine and profile, and each option element are copied
 * into zeroed structs of today's size, so the rest of the core reads full
 * structs and never looks at struct_size again.  A plugin that cannot be
 * used stays in the registry with a one-line reason for --enghelp and for
 * the error of a job that names it; an engine that lacks a required
 * callback is disabled on its own, the rest of its plugin stays usable.
 * Two plugins that claim one engine name: the first usable one in search
 * order answers to it, and the user is told which two and which wins.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin/internal.h"

struct plugin_registry reg;
char reg_oom[] = "out of memory";

/* ------------------------------------------------------------- helpers */

char *reg_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? reg_oom : s;
}

void reg_free_msg(char *s)
{
	if (s != reg_oom)
		free(s);
}

/* Append to a bounded buffer; the text is cut, never overrun. */
void reg_bprintf(char *buf, size_t size, const char *fmt, ...)
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
int reg_push(void *arrp, size_t *n, void *item)
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

const char *reg_label(const struct plugin_rec *r, char *buf, size_t len)
{
	if (r->path)
		return r->path;
	snprintf(buf, len, "the built-in plugin '%s'", r->modname);
	return buf;
}

const struct plugin_priv *reg_priv(const struct plugin_rec *r)
{
	return (const struct plugin_priv *)r;
}

/* ------------------------------------------------------------ registry */

struct plugin_priv *reg_new_plugin(const char *path, const char *modname, bool builtin)
{
	struct plugin_priv *pp = calloc(1, sizeof(*pp));

	if (!pp)
		return NULL;
	pp->rec.path = path ? strdup(path) : NULL;
	pp->rec.modname = strdup(modname);
	pp->rec.builtin = builtin;
	if ((path && !pp->rec.path) || !pp->rec.modname || reg_push(&reg.plugins, &reg.n_plugins, pp)) {
		free(pp->rec.path);
		free(pp->rec.modname);
		free(pp);
		return NULL;
	}
	return pp;
}

void reg_refuse(struct plugin_priv *pp, char *why)
{
	pp->rec.refused = why;
	pp->rec.desc = NULL;
	log_debug(DBG_PLUGIN, "%s: refused: %s",
		  pp->rec.path ? pp->rec.path : pp->rec.modname, why);
}

/* The engine that currently answers to `name`, or NULL. */
/* Whether a plugin file of this module name was found (loaded or refused):
 * then its own row already says what became of it. */
bool reg_file_seen(const char *modname)
{
	size_t i;

	for (i = 0; i < reg.n_plugins; i++)
		if (reg.plugins[i]->rec.modname && !strcmp(reg.plugins[i]->rec.modname, modname))
			return true;
	return false;
}

/* Whether any plugin, usable or not, provides an engine of this name. */
static bool engine_named(const char *name)
{
	size_t i;

	for (i = 0; i < reg.n_engines; i++)
		if (reg.engines[i]->e.name && !strcmp(reg.engines[i]->e.name, name))
			return true;
	return false;
}

static struct loaded_engine *engine_winner(const char *name)
{
	size_t i;

	for (i = 0; i < reg.n_engines; i++) {
		struct loaded_engine *le = reg.engines[i];

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

	for (i = 0; i < reg.n_engines; i++) {
		struct loaded_engine *le = reg.engines[i];

		if (le != x && le->e.name && !le->shadowed_by &&
		    !strcmp(le->e.name, x->e.name)) {
			w = le;
			break;
		}
	}
	if (!w)
		return;
	if (w->disabled && !x->disabled) {
		for (i = 0; i < reg.n_engines; i++)
			if (reg.engines[i]->shadowed_by == w)
				reg.engines[i]->shadowed_by = x;
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
			 reg_label(win->plugin, b1, sizeof(b1)),
			 reg_label(lose->plugin, b2, sizeof(b2)),
			 reg_label(win->plugin, b1, sizeof(b1)));
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
	case PLIO_OPT_INT_DIRS:
		return sizeof(struct plio_int_dirs);
	case PLIO_OPT_SIZE_DIRS:
		return sizeof(struct plio_size_dirs);
	case PLIO_OPT_SIZE_LIST:
		return sizeof(struct plio_size_list);
	case PLIO_OPT_SPLIT:
		return sizeof(struct plio_split);
	default:
		return 0;
	}
}

/*
 * An ENUM option's choices into a full, zeroed array of today's size,
 * element by element (each `stride` bytes as the plugin was built, 1.0's
 * when it did not say), up to the NULL value.  NULL and the copy in
 * *out, or why they cannot be used.
 */
static char *copy_choices(const struct plio_option *o, struct plio_option_choice **out)
{
	uint32_t stride = o->choice_stride ? o->choice_stride : sizeof(struct plio_option_choice);
	size_t sz = stride < sizeof(**out) ? stride : sizeof(**out), n, i;
	const char *src = (const char *)o->choices;

	*out = NULL;
	if (!src)
		return reg_fmt("enum option '%s' has no choices", o->name);
	if (stride < offsetof(struct plio_option_choice, ival) + sizeof(int64_t) ||
	    stride > STRUCT_SIZE_MAX)
		return reg_fmt("option '%s': choice_stride %u is not a plausible choice size",
			       o->name, stride);
	for (n = 0; n < TABLE_MAX && ((const struct plio_option_choice *)(src + n * stride))->value;
	     n++)
		;
	if (n == TABLE_MAX)
		return reg_fmt("option '%s': its choices do not end (no NULL value)", o->name);
	*out = calloc(n + 1, sizeof(**out));
	if (!*out)
		return reg_oom;
	for (i = 0; i < n; i++)
		memcpy(&(*out)[i], src + i * stride, sz);
	return NULL;
}

/* Free a normalised option table and the choices copied for it. */
static void free_options(struct plio_option *opts, size_t n)
{
	size_t i;

	for (i = 0; opts && i < n; i++)
		if (opts[i].type == PLIO_OPT_ENUM)
			free((void *)opts[i].choices);
	free(opts);
}

void reg_free_tables(struct loaded_engine *le, struct loaded_profile *lp)
{
	if (le) {
		free_options(le->options, le->n_options);
		free(le->counters);
	}
	if (lp)
		free_options(lp->options, lp->n_options);
}

/* Why option o (of a table already copied) cannot be used, or NULL;
 * engine: an engine's (which may not take a core option's name: a job
 * could not set the one or the other; a profile's options are its own). */
static char *check_option(const struct plio_option *o, size_t i, uint32_t block_size,
			  bool engine)
{
	size_t tsz;

	if (!o->name || !*o->name)
		return reg_fmt("option #%zu has no name", i);
	if (engine && reg.reserved &&
	    (reg.reserved(o->name) || (o->alias && reg.reserved(o->alias))))
		return reg_fmt("option '%s' has the name of a core option: a job could not set the one or the other",
			       reg.reserved(o->name) ? o->name : o->alias);
	tsz = opt_type_size(o->type);
	if (!tsz)
		return reg_fmt("option '%s' has unknown type %u", o->name, o->type);
	if ((uint64_t)o->offset + tsz > block_size)
		return reg_fmt("option '%s' lies outside the %u-byte options block",
			       o->name, block_size);
	return NULL;
}

/*
 * Copy a plugin's option array element by element (each element is
 * `stride` bytes as the plugin was compiled) into full, zeroed structs, and
 * check that every value fits the options block.  Returns NULL and sets
 * the copy and its count, or returns why the table cannot be used.
 */
static char *copy_options(const struct plio_option *src, uint32_t stride, uint32_t n,
			  uint32_t block_size, bool engine, struct plio_option **out,
			  size_t *n_out)
{
	struct plio_option *dst;
	struct plio_option_choice *choices;
	char *why = NULL;
	size_t i, sz;

	*out = NULL;
	*n_out = 0;
	if (!n)
		return NULL;
	if (!src)
		return reg_fmt("option table is NULL but n_options is %u", n);
	if (n > TABLE_MAX)
		return reg_fmt("implausible n_options %u", n);
	if (stride < OPTION_MIN_STRIDE || stride > STRUCT_SIZE_MAX)
		return reg_fmt("option_stride %u is not a plausible option size", stride);
	dst = calloc(n, sizeof(*dst));
	if (!dst)
		return reg_oom;
	sz = stride < sizeof(*dst) ? stride : sizeof(*dst);
	for (i = 0; i < n && !why; i++) {
		struct plio_option *o = &dst[i];

		memcpy(o, (const char *)src + i * stride, sz);
		why = check_option(o, i, block_size, engine);
		if (!why && o->type == PLIO_OPT_ENUM) {
			why = copy_choices(o, &choices);
			o->choices = choices;	/* NULL when refused */
			o->choice_stride = sizeof(*choices);
		}
	}
	if (why) {
		free_options(dst, n);
		return why;
	}
	*out = dst;
	*n_out = n;
	return NULL;
}

/* An engine's counters, copied as its options are; why not, or NULL. */
static char *copy_counters(struct loaded_engine *le)
{
	uint32_t n = le->e.n_counters, stride = le->e.counter_stride, i;
	size_t sz;

	if (!n)
		return NULL;
	if (n > PLIO_COUNTERS_MAX)
		return reg_fmt("declares %u counters; at most %d", n, PLIO_COUNTERS_MAX);
	if (!le->e.counters || stride < sizeof(char *) || stride > STRUCT_SIZE_MAX)
		return reg_fmt("counter table of %u entries is NULL or its stride (%u) implausible",
			       n, stride);
	le->counters = calloc(n, sizeof(*le->counters));
	if (!le->counters)
		return reg_oom;
	sz = stride < sizeof(*le->counters) ? stride : sizeof(*le->counters);
	for (i = 0; i < n; i++) {
		memcpy(&le->counters[i], (const char *)le->e.counters + (size_t)i * stride, sz);
		if (!le->counters[i].name || !*le->counters[i].name)
			return reg_fmt("counter #%u has no name", i);
	}
	le->n_counters = n;
	return NULL;
}

/* Why an engine that copied fine cannot be used, or NULL. */
static char *check_engine(struct loaded_engine *le, size_t idx)
{
	uint64_t unknown = le->e.caps & PLIO_CAP_MUST_MASK & ~PLIO_CAP_KNOWN_1_3;
	char *why;

	if (!le->e.name || !*le->e.name) {
		le->e.name = NULL;
		return reg_fmt("engine #%zu has no name", idx);
	}
	if (!le->e.queue)
		return reg_fmt("no queue() callback");
	if (!(le->e.caps & PLIO_CAP_SYNC) && (!le->e.commit || !le->e.reap))
		return reg_fmt("no commit()/reap() callbacks and not PLIO_CAP_SYNC");
	if (unknown)
		return reg_fmt("needs capability bit %d, which this plio (ABI %d.%d) does not understand: upgrade plio",
			       __builtin_ctzll(unknown), PLIO_ABI_MAJOR, PLIO_ABI_MINOR);
	if ((le->e.caps & PLIO_CAP_NOIO) && (le->e.caps & (PLIO_CAP_DISKLESS | PLIO_CAP_FILEOP)) != PLIO_CAP_DISKLESS)
		return reg_fmt("PLIO_CAP_NOIO needs PLIO_CAP_DISKLESS and excludes PLIO_CAP_FILEOP (an engine whose I/O is time uses no files)");
	why = copy_options(le->e.options, le->e.option_stride, le->e.n_options,
			   le->e.options_size, true, &le->options, &le->n_options);
	return why ? why : copy_counters(le);
}

static void reg_add_engine(struct plugin_priv *pp, const struct plio_engine *src, size_t idx,
			   bool warn)
{
	struct loaded_engine *le = calloc(1, sizeof(*le));
	uint32_t sz = src->struct_size;

	if (!le)
		return;
	le->plugin = &pp->rec;
	if (sz < ENGINE_MIN_SIZE || sz > STRUCT_SIZE_MAX) {
		le->disabled = reg_fmt("engine #%zu: struct_size %u is not plausible", idx, sz);
	} else {
		memcpy(&le->e, src, sz < sizeof(le->e) ? sz : sizeof(le->e));
		le->e.struct_size = sizeof(le->e);
		le->disabled = check_engine(le, idx);
	}
	/* the normalised tables are the only ones the core reads */
	le->e.options = le->options;
	le->e.option_stride = sizeof(struct plio_option);
	le->e.n_options = (uint32_t)le->n_options;
	le->e.counters = le->counters;
	le->e.counter_stride = sizeof(struct plio_counter);
	le->e.n_counters = (uint32_t)le->n_counters;
	if (reg_push(&reg.engines, &reg.n_engines, le)) {
		reg_free_msg(le->disabled);
		reg_free_tables(le, NULL);
		free(le);
		return;
	}
	if (le->e.name)
		resolve_duplicate(le, warn);
}

static void reg_add_profile(struct plugin_priv *pp, const struct plio_profile *src, size_t idx,
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
		lp->disabled = reg_fmt("profile #%zu: struct_size %u is not plausible", idx, sz);
	} else {
		memcpy(&lp->p, src, sz < sizeof(lp->p) ? sz : sizeof(lp->p));
		lp->p.struct_size = sizeof(lp->p);
		if (!lp->p.name || !*lp->p.name) {
			lp->p.name = NULL;
			lp->disabled = reg_fmt("profile #%zu has no name", idx);
		} else if (!lp->p.generate) {
			lp->disabled = reg_fmt("no generate() callback");
		} else {
			lp->disabled = copy_options(lp->p.options, lp->p.option_stride,
						    lp->p.n_options, lp->p.options_size, false,
						    &lp->options, &lp->n_options);
		}
	}
	lp->p.options = lp->options;
	lp->p.option_stride = sizeof(struct plio_option);
	lp->p.n_options = (uint32_t)lp->n_options;
	if (reg_push(&reg.profiles, &reg.n_profiles, lp)) {
		reg_free_msg(lp->disabled);
		reg_free_tables(NULL, lp);
		free(lp);
		return;
	}
	if (!warn || !lp->p.name || lp->disabled)
		return;
	for (i = 0; i + 1 < reg.n_profiles; i++) {
		const struct loaded_profile *o = reg.profiles[i];

		if (o->p.name && !o->disabled && !strcmp(o->p.name, lp->p.name)) {
			log_warn("profile '%s' is provided by both %s and %s; using %s",
				 lp->p.name, reg_label(o->plugin, b1, sizeof(b1)),
				 reg_label(lp->plugin, b2, sizeof(b2)),
				 reg_label(o->plugin, b1, sizeof(b1)));
			break;
		}
	}
}

/*
 * Call the entry of a freshly opened handle, check the descriptor and
 * register what it provides.  Sets pp->rec.refused on any failure.
 */

/*
 * Check the descriptor a plugin's entry returned (magic, ABI, size: only
 * what lies inside the struct it says it has is read) and register the
 * engines and profiles it provides.  Sets pp->rec.refused on any failure.
 */
void reg_accept(struct plugin_priv *pp, const struct plio_plugin *d)
{
	size_t i;

	if (d->magic != PLIO_PLUGIN_MAGIC) {
		reg_refuse(pp, reg_fmt("not a plio plugin: bad magic"));
		return;
	}
	if (d->struct_size < PLUGIN_ABI_SIZE) {
		reg_refuse(pp, reg_fmt("not a plio plugin: descriptor of %u bytes is too small",
				     d->struct_size));
		return;
	}
	pp->rec.abi_major = d->abi_major;
	pp->rec.abi_minor = d->abi_minor;
	pp->has_abi = true;
	if (d->abi_major != PLIO_ABI_MAJOR) {
		reg_refuse(pp, reg_fmt("built for plugin ABI %u.%u, this plio speaks ABI %d.%d; "
				     "rebuild it against plio %d.x's SDK (pkg-config plio-sdk) "
				     "or use a plio that speaks ABI %u",
				     d->abi_major, d->abi_minor, PLIO_ABI_MAJOR, PLIO_ABI_MINOR,
				     PLIO_ABI_MAJOR, d->abi_major));
		return;
	}
	if (d->struct_size < PLUGIN_MIN_SIZE || d->struct_size > STRUCT_SIZE_MAX) {
		reg_refuse(pp, reg_fmt("malformed descriptor: struct_size %u (ABI %d.x needs at least %zu)",
				     d->struct_size, PLIO_ABI_MAJOR, PLUGIN_MIN_SIZE));
		return;
	}
	if (d->min_host_minor > PLIO_ABI_MINOR) {
		reg_refuse(pp, reg_fmt("needs plugin ABI %d.%u or newer; this plio has %d.%d: "
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
		reg_add_engine(pp, pp->desc.engines[i], i, !pp->explicit);
	for (i = 0; pp->desc.profiles && i < TABLE_MAX && pp->desc.profiles[i]; i++)
		reg_add_profile(pp, pp->desc.profiles[i], i, !pp->explicit);
}

/* -------------------------------------------------------------- lookup */

static void list_usable_engines(char *buf, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < reg.n_engines; i++) {
		const struct loaded_engine *le = reg.engines[i];

		if (!le->e.name || le->disabled || le->shadowed_by)
			continue;
		reg_bprintf(buf, size, "%s%s", n++ ? ", " : "", le->e.name);
	}
	if (!n)
		reg_bprintf(buf, size, "none");
}

/* A refused plugin file whose module name suggests it would provide `name`
 * (pmem.so for libpmem, uring.so for io_uring). */
static const struct plugin_rec *refused_candidate(const char *name)
{
	size_t i;

	for (i = 0; i < reg.n_plugins; i++) {
		const struct plugin_rec *r = &reg.plugins[i]->rec;

		if (r->refused && strlen(r->modname) >= 3 &&
		    (strstr(name, r->modname) || strstr(r->modname, name)))
			return r;
	}
	return NULL;
}

static size_t n_refused(void)
{
	size_t i, n = 0;

	for (i = 0; i < reg.n_plugins; i++)
		n += reg.plugins[i]->rec.refused != NULL;
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
	for (i = 0; i < reg.n_engines; i++) {
		const struct loaded_engine *le = reg.engines[i];

		if (le->plugin != r)
			continue;
		n++;
		only = le;
		if (le->e.name && !strcmp(le->e.name, r->modname))
			named = le;
		reg_bprintf(names, sizeof(names), "%s%s", n > 1 ? ", " : "",
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
	if (!reg.up) {
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
		reg_bprintf(msg, sizeof(msg), "engine '%s' (%s) cannot be used: %s", name,
			reg_label(le->plugin, b, sizeof(b)), le->disabled);
	} else {
		struct intree_plugin ip;
		char reason[400];

		reg_bprintf(msg, sizeof(msg), "no engine '%s'", name);
		cand = refused_candidate(name);
		nref = n_refused();
		if (!cand && reg_intree_engine(name, &ip) && !reg_file_seen(ip.name)) {
			reg_missing_reason(&ip, reason, sizeof(reason));
			reg_bprintf(msg, sizeof(msg), " (%s)", reason);
		} else if (cand)
			reg_bprintf(msg, sizeof(msg), " (%s, which may provide it, did not load: %s)",
				reg_label(cand, b, sizeof(b)), cand->refused);
		else if (nref)
			reg_bprintf(msg, sizeof(msg), " (%zu plugin file%s did not load; see plio --enghelp)",
				nref, nref == 1 ? "" : "s");
	}
	for (i = 0; i < reg.n_engines; i++)
		if (reg.engines[i]->e.name && !reg.engines[i]->disabled && !reg.engines[i]->shadowed_by)
			break;
	if (i < reg.n_engines) {
		reg_bprintf(msg, sizeof(msg), "; engines that load: ");
		list_usable_engines(msg, sizeof(msg));
	} else {
		reg_bprintf(msg, sizeof(msg), "; no engine loads from the search path (");
		for (i = 0; i < reg.n_dirs; i++)
			reg_bprintf(msg, sizeof(msg), "%s%s", i ? ":" : "", reg.dirs[i]);
		reg_bprintf(msg, sizeof(msg), ")");
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
	if (!reg.up) {
		perr_set(e, "no profile '%s': the plugin loader is not initialised", name);
		return NULL;
	}
	loader_scan();
	for (i = 0; i < reg.n_profiles; i++) {
		const struct loaded_profile *lp = reg.profiles[i];

		if (!lp->p.name || strcmp(lp->p.name, name))
			continue;
		if (!lp->disabled)
			return lp;
		if (!found)
			found = lp;
	}
	if (found) {
		perr_set(e, "profile '%s' (%s) cannot be used: %s", name,
			 reg_label(found->plugin, b, sizeof(b)), found->disabled);
		return NULL;
	}
	reg_bprintf(msg, sizeof(msg), "no profile '%s'; profiles that load: ", name);
	for (i = 0; i < reg.n_profiles; i++) {
		const struct loaded_profile *lp = reg.profiles[i];

		if (lp->p.name && !lp->disabled)
			reg_bprintf(msg, sizeof(msg), "%s%s", n++ ? ", " : "", lp->p.name);
	}
	if (!n)
		reg_bprintf(msg, sizeof(msg), "none");
	perr_set(e, "%s", msg);
	return NULL;
}

size_t loader_n_plugins(void)
{
	return reg.n_plugins;
}

const struct plugin_rec *loader_plugin(size_t i)
{
	return i < reg.n_plugins ? &reg.plugins[i]->rec : NULL;
}

size_t loader_n_engines(void)
{
	return reg.n_engines;
}

const struct loaded_engine *loader_engine(size_t i)
{
	return i < reg.n_engines ? reg.engines[i] : NULL;
}

size_t loader_n_profiles(void)
{
	return reg.n_profiles;
}

const struct loaded_profile *loader_profile(size_t i)
{
	return i < reg.n_profiles ? reg.profiles[i] : NULL;
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
	if (reg_priv(p)->has_abi)
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
	struct intree_plugin ip;
	char name[64], reason[400];
	size_t i;

	for (i = 0; loader_intree_plugin(i, &ip); i++) {
		const char *q = ip.engines;

		if (reg_file_seen(ip.name))
			continue;
		while (*q) {
			size_t len = strcspn(q, ",");
			struct row *r;

			snprintf(name, sizeof(name), "%.*s", (int)len, q);
			q += len + (q[len] == ',');
			if (engine_named(name))
				continue;
			reg_missing_reason(&ip, reason, sizeof(reason));
			r = &rows[n++];
			r->owned = reg_fmt("%s", reason);
			r->engine = r->owned ? reg_fmt("%s", name) : NULL;
			r->engine_owned = true;
			if (!r->owned || !r->engine) {
				reg_free_msg(r->owned);
				n--;
				continue;
			}
			r->file = "-";
			snprintf(r->abi, sizeof(r->abi), "-");
			r->status = r->owned;
		}
	}
	return n;
}

void loader_print_engines(FILE *out)
{
	size_t i, j, n = 0, cap;
	int we = 6, wf = 11, wa = 3;
	struct row *rows;

	loader_scan();
	cap = reg.n_engines + reg.n_plugins + strlen(PLIO_KNOWN_PLUGINS) / 2 + 1;
	rows = calloc(cap, sizeof(*rows));
	if (!rows)
		return;
	for (i = 0; i < reg.n_plugins; i++) {
		const struct plugin_rec *p = &reg.plugins[i]->rec;
		const char *file = p->path ? p->path : "built in";
		size_t before = n;

		for (j = 0; !p->refused && j < reg.n_engines; j++) {
			const struct loaded_engine *le = reg.engines[j];
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

				r->owned = reg_fmt("shadowed by %s",
						     reg_label(le->shadowed_by->plugin, b, sizeof(b)));
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

				for (k = 0; k < reg.n_profiles; k++)
					if (reg.profiles[k]->plugin == p)
						reg_bprintf(names, sizeof(names), "%s%s", np++ ? ", " : "",
							reg.profiles[k]->p.name ? reg.profiles[k]->p.name : "-");
				r->owned = np ? reg_fmt("ok (no engines; profiles: %s)", names) :
						reg_fmt("ok (provides no engines)");
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
		reg_free_msg(rows[i].owned);
		if (rows[i].engine_owned)
			reg_free_msg((char *)rows[i].engine);
	}
	if (!n)
		fprintf(out, "(no plugins found; searched built-ins and %zu folders)\n", reg.n_dirs);
	free(rows);
}

void loader_print_caps(FILE *out, uint64_t caps)
{
	char words[512];

	loader_caps_text(caps, words, sizeof(words));
	fprintf(out, "  capabilities: %s\n", words);
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
