/*
 * describe.c - what plio says about plugins besides finding them: the
 * words for an engine's capabilities (--enghelp=NAME, the man page), and
 * the plugins of plio's own tree as configure knew them
 * (PLIO_KNOWN_PLUGINS: "plugin|engine,engine|why not built;", and
 * PLIO_PLUGIN_LIBRARIES: "plugin|library;") with the record each one
 * loaded as, for what plio writes about its own engines (the man page and
 * the shell completion of plio --dump-options) and for the reason an
 * in-tree engine is missing, with the package that ships it when configure
 * was told (PLIO_PLUGIN_PACKAGES: "plugin|package;").  Lookups never use
 * them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "plugin/internal.h"
#include "plugin/loader.h"

/* Field k (0-based, '|' between fields) of the entry p..end into buf;
 * "" when it has fewer. */
static void field_of(const char *p, const char *end, int k, char *buf, size_t len)
{
	const char *stop;

	for (; k > 0 && p; k--) {
		p = memchr(p, '|', (size_t)(end - p));
		p = p ? p + 1 : NULL;
	}
	if (!p) {
		buf[0] = '\0';
		return;
	}
	stop = memchr(p, '|', (size_t)(end - p));
	snprintf(buf, len, "%.*s", (int)((stop ? stop : end) - p), p);
}

/* The entry of list (';' after each) whose first field is name: its
 * start, and its end in *end; NULL when none. */
static const char *find_entry(const char *list, const char *name, const char **end)
{
	size_t nlen = strlen(name);
	const char *p;

	for (p = list; (*end = strchr(p, ';')); p = *end + 1)
		if (!strncmp(p, name, nlen) && p[nlen] == '|')
			return p;
	return NULL;
}

bool loader_intree_plugin(size_t i, struct intree_plugin *ip)
{
	const char *p = PLIO_KNOWN_PLUGINS, *end = strchr(p, ';');
	size_t k;

	for (k = 0; k < i && end; k++) {
		p = end + 1;
		end = strchr(p, ';');
	}
	if (!end)
		return false;
	field_of(p, end, 0, ip->name, sizeof(ip->name));
	field_of(p, end, 1, ip->engines, sizeof(ip->engines));
	field_of(p, end, 2, ip->why, sizeof(ip->why));
	p = find_entry(PLIO_PLUGIN_LIBRARIES, ip->name, &end);
	if (p)
		field_of(p, end, 1, ip->library, sizeof(ip->library));
	else
		ip->library[0] = '\0';
	return true;
}

bool reg_intree_engine(const char *engine, struct intree_plugin *ip)
{
	size_t i, elen = strlen(engine);

	for (i = 0; loader_intree_plugin(i, ip); i++) {
		const char *q = ip->engines;

		while (*q) {
			size_t len = strcspn(q, ",");

			if (len == elen && !strncmp(q, engine, len))
				return true;
			q += len + (q[len] == ',');
		}
	}
	return false;
}

void reg_missing_reason(const struct intree_plugin *ip, char *buf, size_t len)
{
	const char *p, *end;
	char pkg[64];

	p = find_entry(PLIO_PLUGIN_PACKAGES, ip->name, &end);
	if (p)
		field_of(p, end, 1, pkg, sizeof(pkg));
	if (*ip->why)
		snprintf(buf, len, "not built: this plio was built without plugin '%s' (%s)",
			 ip->name, ip->why);
	else if (!p)
		snprintf(buf, len, "not installed: plugin file %s.so is not on the search path "
			 "(distributions ship it separately)", ip->name);
	else if (*PLIO_PLUGIN_INSTALL)
		snprintf(buf, len, "not installed: plugin file %s.so comes in package %s; "
			 "install it with: %s %s", ip->name, pkg, PLIO_PLUGIN_INSTALL, pkg);
	else
		snprintf(buf, len, "not installed: plugin file %s.so comes in package %s",
			 ip->name, pkg);
}

/* Whether path lies in dir itself (not below it). */
static bool in_dir(const char *path, const char *dir)
{
	size_t len = strlen(dir);

	return !strncmp(path, dir, len) && path[len] == '/' && !strchr(path + len + 1, '/');
}

const struct plugin_rec *loader_intree_record(const char *name)
{
	size_t i;

	loader_scan();
	for (i = 0; i < reg.n_plugins; i++) {
		const struct plugin_priv *pp = reg.plugins[i];
		const char *path = pp->rec.path;

		if (pp->rec.refused || pp->explicit || strcmp(pp->rec.modname, name))
			continue;
		/* a built-in, the build tree's, or the installed one: not a
		 * file of that name elsewhere on the search path */
		if (!path || in_dir(path, PLIO_PLUGINDIR))
			return &pp->rec;
#ifdef PLIO_BUILDDIR
		{
			char dir[4096];

			snprintf(dir, sizeof(dir), "%s/plugins/%s/.libs", PLIO_BUILDDIR, name);
			if (in_dir(path, dir))
				return &pp->rec;
		}
#endif
	}
	return NULL;
}

void loader_caps_text(uint64_t caps, char *buf, size_t len)
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
		{ PLIO_CAP_NOIO, "its I/O is time, not data (needs no size; runs until its runtime)" },
		{ PLIO_CAP_FILEOP, "times each file's open (the open is the work)" },
		{ PLIO_CAP_IOPRIO, "a priority per I/O (cmdprio_percentage, cmdprio_class, cmdprio, cmdprio_bssplit)" },
	};
	size_t i, n = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (caps & names[i].bit)
			reg_bprintf(buf, len, "%s%s", n++ ? ", " : "", names[i].words);
	if (!n)
		reg_bprintf(buf, len, "asynchronous, uses files");
}
