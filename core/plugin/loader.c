/*
 * loader.c - finding and loading plugins with libltdl (see loader.h).
 *
 * The registry (registry.c) is filled in search order: built-in
 * (preloaded) plugins first, then each directory of the search path,
 * then files named explicitly (ioengine=/path/x.so).  A file is loaded at
 * most once (by device and inode), always on the main thread, and never
 * unloaded: every handle is made resident and libltdl is never shut down,
 * so even loader_exit() (which frees only the registry) leaves plugin
 * code mapped.  Each plugin's entry receives the host table main handed
 * to loader_init.
 *
 * libltdl quirks handled here (see DESIGN.md): lt_dlforeachfile hands over
 * every directory entry with its extension stripped, so candidates are
 * filtered to regular *.so / *.la files; lt_dlopen says only "file not
 * found" when a library the plugin needs is missing, so a plain dlopen()
 * with RTLD_NOW runs first and its dlerror() is the reason shown; a
 * built-in plugin shadows a same-named file on disk, so such files are
 * skipped with one warning (none for the build tree's own plugin folders,
 * where a build with built-ins always has the same plugins as files).
 *
 * A static plio (configure --enable-static-binary) has a registry of
 * built-ins only: it searches no folder and refuses a file by name, with
 * one line (loader_is_static).
 */
#include "config.h"

#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <link.h>
#include <ltdl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin/internal.h"

/* libltdl is initialised once and never shut down: lt_dlexit() would
 * forget the resident handles, and plio never unloads a plugin. */
static bool ltdl_ready;
/* A static plio (loader_is_static): built-ins only, no search path. */
static bool static_exe;

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

/*
 * Call the entry of a freshly opened handle (with the host table), then
 * let the registry check the descriptor and take what it provides.
 */
static void adopt(struct plugin_priv *pp, lt_dlhandle h)
{
	const struct plio_plugin *d;
	plio_plugin_entry_fn *entry;

	pp->handle = h;
	lt_dlmakeresident(h);
	entry = (plio_plugin_entry_fn *)lt_dlsym(h, PLIO_ENTRY_SYMBOL);
	if (!entry) {
		reg_refuse(pp, reg_fmt("not a plio plugin: no %s symbol", PLIO_ENTRY_SYMBOL));
		return;
	}
	d = entry(reg.host);
	if (!d) {
		reg_refuse(pp, reg_fmt("the plugin declined to load (%s returned NULL)",
				       PLIO_ENTRY_SYMBOL));
		return;
	}
	reg_accept(pp, d);
}

/* --------------------------------------------------------- built-ins */

static int builtin_cb(lt_dlhandle h)
{
	const lt_dlinfo *info = lt_dlgetinfo(h);
	struct plugin_priv *pp;
	size_t i;

	if (!info || !info->name)
		return 0;
	for (i = 0; i < reg.n_plugins; i++)
		if (reg.plugins[i]->handle == h)
			return 0;
	pp = reg_new_plugin(NULL, info->name, true);
	if (!pp)
		return 1;
	adopt(pp, h);
	return 0;
}

static const struct plugin_priv *builtin_named(const char *modname)
{
	size_t i;

	for (i = 0; i < reg.n_plugins; i++)
		if (reg.plugins[i]->rec.builtin && !strcmp(reg.plugins[i]->rec.modname, modname))
			return reg.plugins[i];
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
		return reg_fmt("cannot load it");
	if (!strncmp(err, obj, lp) && !strncmp(err + lp, ": ", 2))
		err += lp + 2;
	return reg_fmt("%s", err);
}

static struct plugin_priv *find_by_id(dev_t dev, ino_t ino)
{
	size_t i;

	for (i = 0; i < reg.n_plugins; i++)
		if (reg.plugins[i]->has_id && reg.plugins[i]->dev == dev && reg.plugins[i]->ino == ino)
			return reg.plugins[i];
	return NULL;
}

static struct plugin_priv *find_by_path(const char *path)
{
	size_t i;

	for (i = 0; i < reg.n_plugins; i++)
		if (reg.plugins[i]->rec.path && !strcmp(reg.plugins[i]->rec.path, path))
			return reg.plugins[i];
	return NULL;
}

/*
 * Load one file: scanning (a search-path hit, skipped when a built-in has
 * its module name) or explicit (named by the user).  Returns the record,
 * an existing one when the file was seen before, or NULL on OOM or for
 * the build tree's own copy of a built-in plugin (silently skipped).
 */
/* A file that is no plugin file to load (missing, a folder, ...): its
 * entry, refused with why (taken over), found again on the next look. */
static struct plugin_priv *refuse_file(const char *path, char *why, bool explicit)
{
	struct plugin_priv *pp = find_by_path(path);
	char *modname;

	if (pp) {
		reg_free_msg(why);
		return pp;
	}
	modname = module_name(path);
	pp = modname ? reg_new_plugin(path, modname, false) : NULL;
	free(modname);
	if (!pp) {
		reg_free_msg(why);
		return NULL;
	}
	pp->explicit = explicit;
	reg_refuse(pp, why);
	return pp;
}

/*
 * dlopen pp's file and adopt it; refused with the dynamic loader's own
 * reason when it does not open (a library it needs is missing, say).
 * Returns pp, or the entry of the same object reached by another name (a
 * .la and its .so), pp then dropped.
 */
static struct plugin_priv *open_file(struct plugin_priv *pp)
{
	lt_dladvise advise;
	lt_dlhandle h = NULL;
	char *why = NULL;
	size_t i;

	if (!has_suffix(pp->rec.path, ".la")) {
		why = dl_check(pp->rec.path);
		if (why) {
			reg_refuse(pp, why);
			return pp;
		}
	}
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
		reg_refuse(pp, why ? why : reg_fmt("%s", lterr ? lterr : "cannot load it"));
		return pp;
	}
	for (i = 0; i + 1 < reg.n_plugins; i++) {
		if (reg.plugins[i]->handle == h) {
			reg.n_plugins--;	/* pp is the last one added */
			free(pp->rec.path);
			free(pp->rec.modname);
			free(pp);
			lt_dlclose(h);	/* only drops the extra reference */
			return reg.plugins[i];
		}
	}
	adopt(pp, h);
	return pp;
}

/*
 * May code in this file be trusted, as the dynamic loader's secure mode
 * would judge it?  Not when someone other than this user or root owns it
 * or can write it, or its folder: they could change what plio runs (as
 * root, say).  A folder writable by all with the sticky bit (/tmp) is
 * fine: others cannot replace a file they do not own.  NULL, or why not.
 */
static char *unsafe_file(const char *path, const struct stat *st)
{
	uid_t me = geteuid();
	char *dir, *slash;
	struct stat ds;
	int rc;

	if (st->st_uid != me && st->st_uid != 0)
		return reg_fmt("not loaded: owned by uid %u, neither you (uid %u) nor root; chown it",
			       (unsigned int)st->st_uid, (unsigned int)me);
	if (st->st_mode & S_IWOTH)
		return reg_fmt("not loaded: writable by others (mode %04o); chmod o-w it",
			       (unsigned int)(st->st_mode & 07777));
	dir = realpath(path, NULL);	/* the folder that holds the file */
	if (!dir)
		dir = strdup(path);
	if (!dir)
		return reg_fmt("out of memory");
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	rc = stat(dir, &ds);
	free(dir);
	if (rc)
		return NULL;	/* the file was just found in it */
	if (ds.st_uid != me && ds.st_uid != 0)
		return reg_fmt("not loaded: its folder is owned by uid %u, neither you (uid %u) nor root",
			       (unsigned int)ds.st_uid, (unsigned int)me);
	if ((ds.st_mode & S_IWOTH) && !(ds.st_mode & S_ISVTX))
		return reg_fmt("not loaded: its folder is writable by others (mode %04o); chmod o-w it",
			       (unsigned int)(ds.st_mode & 07777));
	return NULL;
}

static struct plugin_priv *load_file(const char *path, bool explicit)
{
	char *full, *modname;
	const struct plugin_priv *bi;
	struct plugin_priv *pp;
	struct stat st;
	char *why;

	if (stat(path, &st) != 0)
		return refuse_file(path, reg_fmt("%s", strerror(errno)), explicit);
	if (!S_ISREG(st.st_mode))
		return refuse_file(path, reg_fmt("not a regular file"), explicit);
	pp = find_by_id(st.st_dev, st.st_ino);
	if (pp)
		return pp;
	why = unsafe_file(path, &st);
	if (why && !explicit)
		log_warn("%s: %s", path, why);	/* found on the search path */
	if (why)
		return refuse_file(path, why, explicit);

	full = realpath(path, NULL);
	if (!full)
		full = strdup(path);
	modname = full ? module_name(full) : NULL;
	bi = explicit || !modname ? NULL : builtin_named(modname);
	if (bi && reg.quiet) {
		/* the build tree's own copy of a built-in: not a conflict */
		free(full);
		free(modname);
		return NULL;
	}
	pp = modname ? reg_new_plugin(full, modname, false) : NULL;
	free(full);
	free(modname);
	if (!pp)
		return NULL;
	pp->explicit = explicit;
	pp->dev = st.st_dev;
	pp->ino = st.st_ino;
	pp->has_id = true;
	if (bi) {
		log_warn("%s: not loaded: the built-in plugin '%s' shadows it",
			 pp->rec.path, bi->rec.modname);
		reg_refuse(pp, reg_fmt("shadowed by the built-in plugin '%s'", bi->rec.modname));
		return pp;
	}
	return open_file(pp);
}

void loader_load_now(struct probe_file *f)
{
	bool quiet = reg.quiet;

	reg.quiet = f->quiet;
	if (f->why && !f->explicit)
		log_warn("%s: %s", f->path, f->why);	/* found on the search path */
	f->pp = f->why ? refuse_file(f->path, reg_fmt("%s", f->why), f->explicit) :
			 load_file(f->path, f->explicit);
	reg.quiet = quiet;
}

/* Files found by a scan, to be tried in a child and then loaded. */
struct found {
	struct probe_file *f;
	size_t n, cap;
};

static int found_add(struct found *fd, const char *path)
{
	if (fd->n == fd->cap) {
		size_t cap = fd->cap ? fd->cap * 2 : 16;
		struct probe_file *nf = realloc(fd->f, cap * sizeof(*nf));

		if (!nf)
			return -ENOMEM;
		fd->f = nf;
		fd->cap = cap;
	}
	fd->f[fd->n] = (struct probe_file){ .path = strdup(path), .quiet = reg.quiet };
	if (!fd->f[fd->n].path)
		return -ENOMEM;
	fd->n++;
	return 0;
}

/* lt_dlforeachfile callback: `base` is a directory entry, extension stripped. */
static int scan_cb(const char *base, void *data)
{
	static const char *const exts[] = { ".so", ".la" };
	char path[PATH_MAX];
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s%s", base, exts[i]) >= sizeof(path))
			return 0;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (found_add(data, path))
				log_warn("%s: out of memory; not loaded", path);
			return 0;
		}
	}
	return 0;
}

/* lt_dlforeachfile takes a colon-separated path, so a directory whose name
 * holds ':' is listed by hand, the same way. */
static void scan_dir(const char *dir, struct found *found)
{
	char base[PATH_MAX];
	struct dirent *de;
	DIR *d;

	log_debug(DBG_PLUGIN, "searching %s", dir);
	if (!strchr(dir, ':')) {
		lt_dlforeachfile(dir, scan_cb, found);
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
		scan_cb(base, found);
	}
	closedir(d);
}

/* ------------------------------------------------------- search path */

static int add_dir(const char *dir)
{
	char *copy = strdup(dir);

	if (!copy || reg_push(&reg.dirs, &reg.n_dirs, copy)) {
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
		if (!name || reg_push(&names, &n, name)) {
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

/*
 * The program's own headers, from the kernel's auxiliary vector (glibc's
 * dynamic loader rewrites it when started by hand as `ld.so PROGRAM`, so
 * they are the program's even then): no PT_INTERP, no dynamic loader.
 */
bool loader_is_static(void)
{
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
	unsigned long i, n = getauxval(AT_PHNUM);

	if (!ph)
		return false;	/* no vector to tell: assume the usual */
	for (i = 0; i < n; i++)
		if (ph[i].p_type == PT_INTERP)
			return false;
	return true;
}

void loader_set_preloaded(const void *symlist)
{
	reg.preloaded = symlist;
}

/*
 * The search path, in order: each --plugin-dir, PLIO_PLUGIN_PATH, the
 * build tree's plugin folders (when running from it), the installed
 * plugin folder.  0, or a negative errno with e set.
 */
static int search_path(const char *const *dirs, size_t n_dirs, struct perr *e)
{
	const char *env;
	size_t i;
	int rc;

	for (i = 0; i < n_dirs; i++) {
		struct stat st;

		if (stat(dirs[i], &st) != 0) {
			rc = -errno;
			return perr_setrc(e, rc, "--plugin-dir %s: %s", dirs[i], strerror(-rc));
		}
		if (!S_ISDIR(st.st_mode))
			return perr_setrc(e, -ENOTDIR, "--plugin-dir %s: not a directory", dirs[i]);
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
	reg.bt_first = reg.n_dirs;
	if (add_build_tree())
		goto oom;
	reg.bt_end = reg.n_dirs;
	if (add_dir(PLIO_PLUGINDIR))
		goto oom;
	return 0;
oom:
	return perr_setrc(e, -ENOMEM, "out of memory setting up the plugin search path");
}

int loader_init(const struct loader_config *cfg, struct perr *e)
{
	int rc;

	if (reg.up)
		loader_exit();
	reg.host = cfg->host;
	reg.reserved = cfg->reserved;
	static_exe = loader_is_static();
	if (static_exe && cfg->n_dirs)
		return perr_setrc(e, -ENOTSUP, "--plugin-dir %s: %s", cfg->dirs[0],
				  LOADER_STATIC_REFUSAL);
	if (static_exe && getenv("PLIO_PLUGIN_PATH"))
		log_warn("PLIO_PLUGIN_PATH: ignored: %s", LOADER_STATIC_REFUSAL);
	if (!static_exe) {
		rc = search_path(cfg->dirs, cfg->n_dirs, e);
		if (rc) {
			loader_exit();
			return rc;
		}
	}
	lt_dlpreload_default((const lt_dlsymlist *)reg.preloaded);
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
	reg.up = true;
	/* an empty libltdl search path: it must never look anywhere by itself */
	lt_dlsetsearchpath(NULL);
	if (reg.preloaded)
		lt_dlpreload_open(NULL, builtin_cb);
	return 0;
}

void loader_exit(void)
{
	size_t i;

	for (i = 0; i < reg.n_engines; i++) {
		reg_free_msg(reg.engines[i]->disabled);
		reg_free_tables(reg.engines[i], NULL);
		free(reg.engines[i]);
	}
	for (i = 0; i < reg.n_profiles; i++) {
		reg_free_msg(reg.profiles[i]->disabled);
		reg_free_tables(NULL, reg.profiles[i]);
		free(reg.profiles[i]);
	}
	for (i = 0; i < reg.n_plugins; i++) {
		free(reg.plugins[i]->rec.path);
		free(reg.plugins[i]->rec.modname);
		reg_free_msg(reg.plugins[i]->rec.refused);
		free(reg.plugins[i]);
	}
	for (i = 0; i < reg.n_dirs; i++)
		free(reg.dirs[i]);
	free(reg.engines);
	free(reg.profiles);
	free(reg.plugins);
	free(reg.dirs);
	/* libltdl stays up and every handle stays open (see ltdl_ready) */
	reg.engines = NULL;
	reg.profiles = NULL;
	reg.plugins = NULL;
	reg.dirs = NULL;
	reg.n_engines = reg.n_profiles = reg.n_plugins = reg.n_dirs = 0;
	reg.bt_first = reg.bt_end = 0;
	reg.up = false;
	reg.scanned = false;
}

/* Every file of the search path, in order: tried in a child, then loaded. */
void loader_scan(void)
{
	struct found found = { 0 };
	size_t i;

	if (reg.scanned || !reg.up)
		return;
	reg.scanned = true;
	for (i = 0; i < reg.n_dirs; i++) {
		reg.quiet = i >= reg.bt_first && i < reg.bt_end;
		scan_dir(reg.dirs[i], &found);
	}
	reg.quiet = false;
	loader_probe_load(found.f, found.n);
	for (i = 0; i < found.n; i++) {
		free(found.f[i].path);
		reg_free_msg(found.f[i].why);
	}
	free(found.f);
}

const struct plugin_rec *loader_load_file(const char *path)
{
	struct probe_file f = { .path = (char *)path, .explicit = true };
	struct plugin_priv *pp;
	struct stat st;

	if (!reg.up || !path || !*path)
		return NULL;
	if (static_exe) {
		pp = refuse_file(path, reg_fmt("%s", LOADER_STATIC_REFUSAL), true);
		return pp ? &pp->rec : NULL;
	}
	pp = stat(path, &st) == 0 ? find_by_id(st.st_dev, st.st_ino) : NULL;
	if (pp)
		return &pp->rec;
	loader_probe_load(&f, 1);
	reg_free_msg(f.why);
	return f.pp ? &f.pp->rec : NULL;
}
