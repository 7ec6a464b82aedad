/*
 * test_loader.c - Check suite for core/plugin/loader.c and core/run/host.c.
 *
 * Proves the plugin acceptance rules with the test plugins of
 * tests/plugins (found through $TESTPLUGINS, which `make check` sets; when
 * run by hand it defaults to the build tree's tests/plugins/.libs): each
 * refusal's exact reason, the normalisation of a plugin built with shorter
 * structs, how two plugins claiming one engine name are resolved, that a
 * file is loaded once however often the path names it, that the current
 * directory is never searched, that a built-in (preloaded) plugin shadows
 * a same-named file, and the host table's callbacks.  Plugins that must be
 * broken in ways the build cannot express (a library that has vanished,
 * engines without callbacks) are compiled here with cc into a temporary
 * directory; those tests pass with a note when no compiler is at hand.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <ltdl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/jobfile.h"
#include "plugin/loader.h"
#include "options/options.h"
#include "run/host.h"

/* Paths here are a temporary folder plus a short name, far below PATH_MAX;
 * GCC cannot know that and warns on every snprintf of one. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

static char tp[PATH_MAX];	/* the test plugins' folder, absolute */
static char srcdir[PATH_MAX];	/* top source dir, for the SDK headers */
static char tmpdir[PATH_MAX];	/* per-test scratch folder */

/* ------------------------------------------------------------ helpers */

static void make_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/plio-test-loader.XXXXXX", base ? base : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
	char cmd[PATH_MAX + 16];

	if (!tmpdir[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "note: could not remove %s\n", tmpdir);
	tmpdir[0] = '\0';
}

static void setup(void)
{
	unsetenv("PLIO_PLUGIN_PATH");
	make_tmpdir();
}

static void teardown(void)
{
	loader_exit();
	remove_tmpdir();
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY), out;

	ck_assert_msg(in >= 0, "cannot open %s: %s", from, strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ck_assert_msg(out >= 0, "cannot create %s: %s", to, strerror(errno));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		ck_assert_int_eq(write(out, buf, (size_t)n), n);
	close(in);
	close(out);
}

static void init_dirs(const char *const *dirs, size_t n)
{
	struct perr e = { "" };

	ck_assert_msg(loader_init(&(struct loader_config){ &plio_host_table, dirs, n, options_is_core_name }, &e) == 0, "loader_init: %s", e.msg);
}

/* The record of the plugin file whose name is `base`, or NULL; also counts. */
static const struct plugin_rec *rec_named(const char *base, size_t *count)
{
	const struct plugin_rec *found = NULL;
	size_t i, n = 0, lb = strlen(base);

	for (i = 0; i < loader_n_plugins(); i++) {
		const struct plugin_rec *r = loader_plugin(i);
		size_t lp = r->path ? strlen(r->path) : 0;

		if (r->path && lp > lb && r->path[lp - lb - 1] == '/' &&
		    !strcmp(r->path + lp - lb, base)) {
			n++;
			if (!found)
				found = r;
		}
	}
	if (count)
		*count = n;
	return found;
}

static size_t engines_named(const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < loader_n_engines(); i++) {
		const struct loaded_engine *le = loader_engine(i);

		n += le->e.name && !strcmp(le->e.name, name);
	}
	return n;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = s ? strlen(s) : 0, lx = strlen(suffix);

	return s && ls >= lx && !strcmp(s + ls - lx, suffix);
}

/* Run fn with fd 2 going to a file; return what was written (static buffer). */
static const char *captured(void (*fn)(void))
{
	static char buf[8192];
	char path[PATH_MAX];
	int fd, saved;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/stderr.txt", tmpdir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	lseek(fd, 0, SEEK_SET);
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	return buf;
}

static bool have_cc(void)
{
	return system("cc --version >/dev/null 2>&1") == 0;
}

/* Compile src (C text) into DIR/name.so against the SDK headers. */
static int build_so(const char *name, const char *src, const char *extra)
{
	char cpath[PATH_MAX], cmd[4 * PATH_MAX];
	FILE *f;

	snprintf(cpath, sizeof(cpath), "%s/%s.c", tmpdir, name);
	f = fopen(cpath, "w");
	ck_assert_ptr_nonnull(f);
	fputs(src, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "cc -shared -fPIC -I'%s/sdk/include' -o '%s/%s.so' '%s' %s",
		 srcdir, tmpdir, name, cpath, extra ? extra : "");
	return system(cmd);
}

/* ------------------------------------------------------- refusals */

START_TEST(refuses_other_major)
{
	const char *const dirs[] = { tp };
	const struct plugin_rec *r;
	struct perr e = { "" };
	char want[512], path[PATH_MAX];

	init_dirs(dirs, 1);
	loader_scan();
	r = rec_named("abi2.so", NULL);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(r->refused);
	snprintf(want, sizeof(want),
		 "built for plugin ABI 2.0, this plio speaks ABI %d.%d; rebuild it against "
		 "plio %d.x's SDK (pkg-config plio-sdk) or use a plio that speaks ABI 2",
		 PLIO_ABI_MAJOR, PLIO_ABI_MINOR, PLIO_ABI_MAJOR);
	ck_assert_str_eq(r->refused, want);
	ck_assert_uint_eq(r->abi_major, 2);
	ck_assert_uint_eq(r->abi_minor, 0);
	ck_assert_ptr_null(r->desc);
	ck_assert_uint_eq(engines_named("abi2"), 0);

	/* named by path: one line, the file first */
	snprintf(path, sizeof(path), "%s/abi2.so", tp);
	ck_assert_ptr_null(loader_find_engine(path, &e));
	ck_assert_ptr_nonnull(strstr(e.msg, "/abi2.so: built for plugin ABI 2.0, "));
	ck_assert_ptr_null(strchr(e.msg, '\n'));
}
END_TEST

START_TEST(refuses_newer_minor)
{
	const char *const dirs[] = { tp };
	const struct plugin_rec *r;
	char want[256];

	init_dirs(dirs, 1);
	loader_scan();
	r = rec_named("newminor.so", NULL);
	ck_assert_ptr_nonnull(r);
	snprintf(want, sizeof(want), "needs plugin ABI %d.%d or newer; this plio has %d.%d: "
		 "upgrade plio", PLIO_ABI_MAJOR, PLIO_ABI_MINOR + 1, PLIO_ABI_MAJOR,
		 PLIO_ABI_MINOR);
	ck_assert_ptr_nonnull(r->refused);
	ck_assert_str_eq(r->refused, want);
	ck_assert_uint_eq(r->abi_minor, PLIO_ABI_MINOR + 1);
	ck_assert_uint_eq(engines_named("newminor"), 0);
}
END_TEST

START_TEST(refuses_missing_entry_and_bad_magic)
{
	const char *const dirs[] = { tp };
	const struct plugin_rec *r;
	struct perr e = { "" };
	char path[PATH_MAX];

	init_dirs(dirs, 1);
	loader_scan();
	r = rec_named("noentry.so", NULL);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->refused, "not a plio plugin: no plio_plugin_entry symbol");
	r = rec_named("badmagic.so", NULL);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->refused, "not a plio plugin: bad magic");

	snprintf(path, sizeof(path), "external:%s/badmagic.so", tp);
	ck_assert_ptr_null(loader_find_engine(path, &e));
	ck_assert_ptr_nonnull(strstr(e.msg, "badmagic.so: not a plio plugin: bad magic"));
}
END_TEST

START_TEST(refusal_names_the_missing_library)
{
	const char *const dirs[] = { tmpdir };
	const struct plugin_rec *r;
	struct perr e = { "" };
	char lib[PATH_MAX], extra[2 * PATH_MAX], path[PATH_MAX];

	if (!have_cc()) {
		fprintf(stderr, "note: no cc, missing-library refusal not tested\n");
		return;
	}
	ck_assert_int_eq(build_so("libplioghost", "int plio_ghost(void);\n"
				  "int plio_ghost(void) { return 42; }\n", NULL), 0);
	snprintf(extra, sizeof(extra), "-L'%s' -lplioghost -Wl,-rpath,'%s'", tmpdir, tmpdir);
	ck_assert_int_eq(build_so("ghost",
		"#include <plio/plio.h>\n"
		"int plio_ghost(void);\n"
		"static const struct plio_plugin d = { PLIO_PLUGIN_HEADER(0), .name = \"ghost\" };\n"
		"const struct plio_plugin *plio_plugin_entry(const struct plio_host *h)\n"
		"{ (void)h; return plio_ghost() ? &d : 0; }\n", extra), 0);
	snprintf(lib, sizeof(lib), "%s/libplioghost.so", tmpdir);
	ck_assert_int_eq(unlink(lib), 0);

	init_dirs(dirs, 1);
	loader_scan();
	r = rec_named("ghost.so", NULL);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(r->refused);
	/* the dynamic loader's own words, not libltdl's "file not found" */
	ck_assert_msg(strstr(r->refused, "libplioghost.so: cannot open shared object file"),
		      "refusal was: %s", r->refused);

	snprintf(path, sizeof(path), "%s/ghost.so", tmpdir);
	ck_assert_ptr_null(loader_find_engine(path, &e));
	ck_assert_ptr_nonnull(strstr(e.msg, "ghost.so: libplioghost.so: cannot open shared object"));
}
END_TEST

START_TEST(disables_one_engine_not_the_plugin)
{
	const char *const dirs[] = { tmpdir };
	const struct loaded_engine *le;
	struct perr e = { "" };
	size_t i;

	if (!have_cc()) {
		fprintf(stderr, "note: no cc, engine disabling not tested\n");
		return;
	}
	ck_assert_int_eq(build_so("partial",
		"#include <plio/plio.h>\n"
		"static int q(struct plio_ctx *c, struct plio_io_u *u) { (void)c; (void)u; return 0; }\n"
		"static const struct plio_engine noqueue = { .struct_size = sizeof(struct plio_engine),\n"
		"  .name = \"noqueue\", .caps = PLIO_CAP_SYNC };\n"
		"static const struct plio_engine noreap = { .struct_size = sizeof(struct plio_engine),\n"
		"  .name = \"noreap\", .queue = q };\n"
		"static const struct plio_engine fine = { .struct_size = sizeof(struct plio_engine),\n"
		"  .name = \"fine\", .caps = PLIO_CAP_SYNC, .queue = q };\n"
		"static const struct plio_engine *const es[] = { &noqueue, &noreap, &fine, 0 };\n"
		"static const struct plio_plugin d = { PLIO_PLUGIN_HEADER(0), .name = \"partial\",\n"
		"  .engines = es };\n"
		"const struct plio_plugin *plio_plugin_entry(const struct plio_host *h)\n"
		"{ (void)h; return &d; }\n", NULL), 0);

	init_dirs(dirs, 1);
	loader_scan();
	ck_assert_ptr_null(rec_named("partial.so", NULL)->refused);
	ck_assert_uint_eq(loader_n_engines(), 3);
	for (i = 0; i < loader_n_engines(); i++) {
		le = loader_engine(i);
		if (!strcmp(le->e.name, "noqueue"))
			ck_assert_str_eq(le->disabled, "no queue() callback");
		else if (!strcmp(le->e.name, "noreap"))
			ck_assert_str_eq(le->disabled,
					 "no commit()/reap() callbacks and not PLIO_CAP_SYNC");
		else
			ck_assert_ptr_null(le->disabled);
	}
	ck_assert_ptr_nonnull(loader_find_engine("fine", &e));
	ck_assert_ptr_null(loader_find_engine("noqueue", &e));
	ck_assert_ptr_nonnull(strstr(e.msg, "engine 'noqueue' ("));
	ck_assert_ptr_nonnull(strstr(e.msg, "cannot be used: no queue() callback"));
	ck_assert_ptr_nonnull(strstr(e.msg, "engines that load: fine"));
}
END_TEST

START_TEST(plugin_dir_must_exist)
{
	const char *const dirs[] = { "/nonexistent/plio-plugins" };
	struct perr e = { "" };

	ck_assert_int_eq(loader_init(&(struct loader_config){ &plio_host_table, dirs, 1, options_is_core_name }, &e), -ENOENT);
	ck_assert_str_eq(e.msg, "--plugin-dir /nonexistent/plio-plugins: No such file or directory");
}
END_TEST

/* ---------------------------------------------------- normalisation */

START_TEST(short_engine_struct_is_normalised)
{
	const char *const dirs[] = { tp };
	const struct loaded_engine *le;
	struct plio_ctx ctx;
	struct plio_io_u u;
	struct perr e = { "" };
	int64_t opts[2] = { 0, 0 };
	size_t i;

	init_dirs(dirs, 1);
	le = loader_find_engine("oldminor", &e);
	ck_assert_msg(le != NULL, "%s", e.msg);
	ck_assert_ptr_null(le->disabled);
	ck_assert_ptr_null(le->plugin->refused);
	ck_assert_uint_eq(le->plugin->abi_major, PLIO_ABI_MAJOR);
	ck_assert_uint_eq(le->plugin->abi_minor, 0);
	/* full struct now; what the plugin did not have is zero, not poison */
	ck_assert_uint_eq(le->e.struct_size, sizeof(struct plio_engine));
	ck_assert_ptr_null(le->e.cancel);
	ck_assert_ptr_null(le->e.invalidate);
	ck_assert_ptr_nonnull(le->e.queue);
	ck_assert_ptr_null(le->e.commit);
	ck_assert_uint_eq(le->e.caps & PLIO_CAP_SYNC, PLIO_CAP_SYNC);
	/* options copied element by element with the plugin's stride */
	ck_assert_uint_eq(le->n_options, 2);
	ck_assert_ptr_eq(le->e.options, le->options);
	ck_assert_uint_eq(le->e.option_stride, sizeof(struct plio_option));
	ck_assert_str_eq(le->options[0].name, "old_delay");
	ck_assert_str_eq(le->options[1].name, "old_strict");
	ck_assert_uint_eq(le->options[1].type, PLIO_OPT_BOOL);
	ck_assert_uint_eq(le->options[1].offset, 8);
	ck_assert_str_eq(le->options[1].def, "0");
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(le->options[i].min, 0);
		ck_assert_int_eq(le->options[i].max, 0);
		ck_assert_ptr_null(le->options[i].choices);
		ck_assert_uint_eq(le->options[i].unit, 0);
		ck_assert_uint_eq(le->options[i].flags, 0);
	}
	/* and it runs */
	memset(&ctx, 0, sizeof(ctx));
	memset(&u, 0, sizeof(u));
	ctx.struct_size = sizeof(ctx);
	ctx.iodepth = 1;
	ctx.host = &plio_host_table;
	ctx.options = opts;
	u.struct_size = sizeof(u);
	u.length = 4096;
	ck_assert_int_eq(le->e.queue(&ctx, &u), PLIO_Q_COMPLETED);
	ck_assert_int_eq(u.result, 4096);
	ck_assert_int_eq(u.error, 0);
}
END_TEST

/* ----------------------------------------------------- duplicates */

START_TEST(first_in_search_order_wins)
{
	char copydir[PATH_MAX], from[PATH_MAX], to[PATH_MAX];
	const char *dirs[2];
	const struct loaded_engine *le, *other = NULL;
	const struct plugin_rec *r;
	struct perr e = { "" };
	size_t i;

	snprintf(copydir, sizeof(copydir), "%s/first", tmpdir);
	ck_assert_int_eq(mkdir(copydir, 0755), 0);
	snprintf(from, sizeof(from), "%s/dupnull.so", tp);
	snprintf(to, sizeof(to), "%s/dupcopy.so", copydir);
	copy_file(from, to);

	/* the copy's folder first: it provides null and dupnull-only */
	dirs[0] = copydir;
	dirs[1] = tp;
	init_dirs(dirs, 2);
	le = loader_find_engine("null", &e);
	ck_assert_msg(le != NULL, "%s", e.msg);
	ck_assert_msg(ends_with(le->plugin->path, "/first/dupcopy.so"), "%s", le->plugin->path);
	ck_assert_ptr_null(le->shadowed_by);
	le = loader_find_engine("dupnull-only", &e);
	ck_assert_ptr_nonnull(le);
	ck_assert(ends_with(le->plugin->path, "/dupcopy.so"));
	r = rec_named("dupnull.so", NULL);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(r->refused);
	for (i = 0; i < loader_n_engines(); i++) {
		other = loader_engine(i);
		if (other->plugin == r && !strcmp(other->e.name, "null"))
			break;
	}
	ck_assert_uint_lt(i, loader_n_engines());
	ck_assert_ptr_eq(other->shadowed_by, loader_find_engine("null", &e));
	loader_exit();

	/* reversed: the original wins */
	dirs[0] = tp;
	dirs[1] = copydir;
	init_dirs(dirs, 2);
	le = loader_find_engine("null", &e);
	ck_assert_ptr_nonnull(le);
	ck_assert(ends_with(le->plugin->path, "/dupnull.so"));
}
END_TEST

static void scan_copy_then_tp(void)
{
	char copydir[PATH_MAX];
	const char *dirs[2];

	snprintf(copydir, sizeof(copydir), "%s/first", tmpdir);
	dirs[0] = copydir;
	dirs[1] = tp;
	init_dirs(dirs, 2);
	loader_scan();
}

START_TEST(duplicate_names_warn_once_naming_both)
{
	char copydir[PATH_MAX], from[PATH_MAX], to[PATH_MAX], want[3 * PATH_MAX];
	char real_to[PATH_MAX], real_from[PATH_MAX];
	const char *err, *hit;

	snprintf(copydir, sizeof(copydir), "%s/first", tmpdir);
	ck_assert_int_eq(mkdir(copydir, 0755), 0);
	snprintf(from, sizeof(from), "%s/dupnull.so", tp);
	snprintf(to, sizeof(to), "%s/dupcopy.so", copydir);
	copy_file(from, to);
	ck_assert_ptr_nonnull(realpath(to, real_to));
	ck_assert_ptr_nonnull(realpath(from, real_from));

	err = captured(scan_copy_then_tp);
	snprintf(want, sizeof(want),
		 "plio: warning: engine 'null' is provided by both %s and %s; using %s\n",
		 real_to, real_from, real_to);
	hit = strstr(err, want);
	ck_assert_msg(hit != NULL, "stderr was:\n%s", err);
	ck_assert_ptr_null(strstr(hit + strlen(want), "engine 'null' is provided"));
	ck_assert_ptr_nonnull(strstr(err, "engine 'dupnull-only' is provided by both"));
}
END_TEST

/* ------------------------------------------------- search path */

START_TEST(each_file_loaded_once)
{
	char alias[PATH_MAX], envpath[2 * PATH_MAX + 2];
	const char *dirs[3];
	const struct plugin_rec *r, *again;
	char path[PATH_MAX];
	size_t n;

	/* the same folder three ways: twice by name, once through a symlink,
	 * and again in PLIO_PLUGIN_PATH */
	snprintf(alias, sizeof(alias), "%s/alias", tmpdir);
	ck_assert_int_eq(symlink(tp, alias), 0);
	snprintf(envpath, sizeof(envpath), "%s:%s", tp, alias);
	setenv("PLIO_PLUGIN_PATH", envpath, 1);
	dirs[0] = tp;
	dirs[1] = tp;
	dirs[2] = alias;
	init_dirs(dirs, 3);
	loader_scan();
	loader_scan();
	r = rec_named("dupnull.so", &n);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(n, 1);
	rec_named("abi2.so", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(engines_named("dupnull-only"), 1);
	ck_assert_uint_eq(engines_named("oldminor"), 1);

	/* explicit load of a file already seen: the same record */
	snprintf(path, sizeof(path), "%s/dupnull.so", alias);
	again = loader_load_file(path);
	ck_assert_ptr_eq(again, r);
	rec_named("dupnull.so", &n);
	ck_assert_uint_eq(n, 1);
}
END_TEST

START_TEST(current_directory_never_searched)
{
	char from[PATH_MAX], to[PATH_MAX], cwd[PATH_MAX], real[PATH_MAX];
	const struct plugin_rec *r;
	struct perr e = { "" };
	size_t i;

	snprintf(from, sizeof(from), "%s/dupnull.so", tp);
	snprintf(to, sizeof(to), "%s/dupnull.so", tmpdir);
	copy_file(from, to);
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(tmpdir), 0);
	/* empty entries mean "." to some loaders; not to plio */
	setenv("PLIO_PLUGIN_PATH", "::", 1);
	init_dirs(NULL, 0);
	loader_scan();
	for (i = 0; i < loader_n_plugins(); i++) {
		r = loader_plugin(i);
		ck_assert_msg(!r->path || strncmp(r->path, tmpdir, strlen(tmpdir)),
			      "loaded %s from the current directory", r->path);
	}
	ck_assert_ptr_null(loader_find_engine("dupnull-only", &e));
	ck_assert_ptr_nonnull(strstr(e.msg, "no engine 'dupnull-only'"));

	/* a path the user names is explicit: relative to cwd is fine */
	r = loader_load_file("./dupnull.so");
	ck_assert_int_eq(chdir(cwd), 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(r->refused);
	ck_assert_ptr_nonnull(realpath(to, real));
	ck_assert_str_eq(r->path, real);
}
END_TEST

START_TEST(explicit_paths_load_one_file)
{
	const char *const dirs[] = { tmpdir };
	const struct loaded_engine *a, *b;
	struct perr e = { "" };
	char path[PATH_MAX], cwd[PATH_MAX];

	init_dirs(dirs, 1);
	snprintf(path, sizeof(path), "external:%s/oldminor.so", tp);
	a = loader_find_engine(path, &e);
	ck_assert_msg(a != NULL, "%s", e.msg);
	ck_assert_str_eq(a->e.name, "oldminor");
	snprintf(path, sizeof(path), "%s/oldminor.so", tp);
	b = loader_find_engine(path, &e);
	ck_assert_ptr_eq(a, b);
	/* only that file: nothing else of tp was loaded */
	ck_assert_ptr_null(rec_named("dupnull.so", NULL));

	/* relative to the current directory */
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(tp), 0);
	b = loader_find_engine("./oldminor.so", &e);
	ck_assert_int_eq(chdir(cwd), 0);
	ck_assert_ptr_eq(a, b);

	/* a file with several engines and none named like it */
	snprintf(path, sizeof(path), "%s/dupnull.so", tp);
	ck_assert_ptr_null(loader_find_engine(path, &e));
	ck_assert_ptr_nonnull(strstr(e.msg, "provides several engines (null, dupnull-only)"));

	snprintf(path, sizeof(path), "%s/nosuch.so", tp);
	ck_assert_ptr_null(loader_find_engine(path, &e));
	ck_assert_ptr_nonnull(strstr(e.msg, "nosuch.so: No such file or directory"));
}
END_TEST

START_TEST(unknown_engine_lists_those_that_load)
{
	const char *const dirs[] = { tp };
	struct perr e = { "" };

	init_dirs(dirs, 1);
	ck_assert_ptr_null(loader_find_engine("nosuch", &e));
	ck_assert_msg(!strncmp(e.msg, "no engine 'nosuch'", 18), "%s", e.msg);
	ck_assert_ptr_nonnull(strstr(e.msg, "; engines that load: "));
	ck_assert_ptr_nonnull(strstr(e.msg, "null"));
	ck_assert_ptr_nonnull(strstr(e.msg, "dupnull-only"));
	ck_assert_ptr_nonnull(strstr(e.msg, "oldminor"));
	ck_assert_ptr_null(strstr(e.msg, "abi2,"));
	ck_assert_ptr_null(strchr(e.msg, '\n'));
}
END_TEST

/* ------------------------------------------------------- built-ins */

static const struct plio_host *fake_host;

static int fake_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = (int64_t)u->length;
	return PLIO_Q_COMPLETED;
}

static const struct plio_engine fake_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "null",
	.help = "built-in stand-in",
	.caps = PLIO_CAP_SYNC,
	.queue = fake_queue,
};

static const struct plio_engine *const fake_engines[] = { &fake_engine, NULL };

static const struct plio_plugin fake_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "dupnull",
	.engines = fake_engines,
};

static const struct plio_plugin *fake_entry(const struct plio_host *h)
{
	fake_host = h;
	return &fake_plugin;
}

/* What libtool generates for a program linked with -dlpreopen dupnull.la. */
static const lt_dlsymlist fake_preloaded[] = {
	{ "@PROGRAM@", NULL },
	{ "dupnull.a", NULL },
	{ "dupnull_LTX_plio_plugin_entry", (void *)fake_entry },
	{ NULL, NULL },
};

static void init_with_builtin(void)
{
	const char *const dirs[] = { tp };

	loader_set_preloaded(fake_preloaded);
	init_dirs(dirs, 1);
	loader_scan();
}

START_TEST(builtin_found_first_and_shadows_file)
{
	const struct loaded_engine *le;
	const struct plugin_rec *r;
	struct perr e = { "" };
	const char *err;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	err = captured(init_with_builtin);
	ck_assert_ptr_eq(fake_host, &plio_host_table);
	r = loader_plugin(0);
	ck_assert(r->builtin);
	ck_assert_ptr_null(r->path);
	ck_assert_str_eq(r->modname, "dupnull");
	le = loader_find_engine("null", &e);
	ck_assert_ptr_nonnull(le);
	ck_assert_ptr_eq(le->plugin, r);
	/* the file of the same module name is skipped, with one warning */
	r = rec_named("dupnull.so", NULL);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->refused, "shadowed by the built-in plugin 'dupnull'");
	ck_assert_ptr_nonnull(strstr(err, "dupnull.so: not loaded: the built-in plugin 'dupnull' shadows it"));
	ck_assert_uint_eq(engines_named("dupnull-only"), 0);

	f = open_memstream(&text, &len);
	loader_print_engines(f);
	fclose(f);
	ck_assert_msg(strstr(text, "built in") != NULL, "%s", text);
	free(text);
	loader_set_preloaded(NULL);
}
END_TEST

/* ------------------------------------------------------ --enghelp */

START_TEST(enghelp_table_lists_refusals)
{
	const char *const dirs[] = { tp };
	char *text = NULL, *line;
	size_t len = 0;
	FILE *f;
	bool abi2 = false, noentry = false, old = false, prof = false, head = false;

	init_dirs(dirs, 1);
	f = open_memstream(&text, &len);
	loader_print_engines(f);
	fclose(f);
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strncmp(line, "engine ", 7) && strstr(line, "plugin file") &&
		    strstr(line, "ABI") && strstr(line, "status"))
			head = true;
		if (strstr(line, "/abi2.so") && line[0] == '-' && strstr(line, " 2.0 ") &&
		    strstr(line, "built for plugin ABI 2.0"))
			abi2 = true;
		if (strstr(line, "/noentry.so") && line[0] == '-' &&
		    strstr(line, "no plio_plugin_entry symbol"))
			noentry = true;
		if (!strncmp(line, "oldminor ", 9) && strstr(line, "/oldminor.so") &&
		    strstr(line, " 1.0 ") && ends_with(line, " ok"))
			old = true;
		if (strstr(line, "/profile.so") && strstr(line, "profiles: testprof"))
			prof = true;
	}
	ck_assert(head);
	ck_assert(abi2);
	ck_assert(noentry);
	ck_assert(old);
	ck_assert(prof);
	free(text);
}
END_TEST

START_TEST(enghelp_name_unknown_fails)
{
	const char *const dirs[] = { tp };
	struct perr e = { "" };
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	init_dirs(dirs, 1);
	f = open_memstream(&text, &len);
	ck_assert_int_eq(options_print_engine_help(f, "nosuch", &e), -ENOENT);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(e.msg, "no engine 'nosuch'"));
	free(text);
}
END_TEST

/* -------------------------------------------------- profiles, host */

static struct plio_jobgen *early_gen;
static int early_rc;

static void set_too_early(void)
{
	early_rc = plio_host_table.job_set(early_gen, "bs", "4k");
}

START_TEST(profile_adds_jobs_through_host)
{
	const char *err;
	const char *const dirs[] = { tp };
	const struct loaded_profile *lp;
	struct plio_jobgen gen;
	struct jobfile jf;
	struct perr e = { "" };
	unsigned char block[64];
	int64_t jobs = 3;
	uint64_t bs = 8192;
	size_t i, k;

	init_dirs(dirs, 1);
	lp = loader_find_profile("testprof", &e);
	ck_assert_msg(lp != NULL, "%s", e.msg);
	ck_assert_uint_eq(lp->n_options, 2);
	ck_assert_str_eq(lp->options[0].name, "jobs");
	ck_assert_str_eq(lp->options[1].name, "bs");
	ck_assert_uint_le(lp->p.options_size, sizeof(block));
	memset(block, 0, sizeof(block));
	memcpy(block + lp->options[0].offset, &jobs, sizeof(jobs));
	memcpy(block + lp->options[1].offset, &bs, sizeof(bs));

	jobfile_init(&jf);
	gen.jf = &jf;
	gen.where.file = "profile testprof";
	gen.where.line = 0;
	gen.have_job = false;
	/* job_set before job_add is refused, with a message naming the profile */
	early_gen = &gen;
	err = captured(set_too_early);
	ck_assert_int_eq(early_rc, -EINVAL);
	ck_assert_str_eq(err, "plio: profile testprof: job_set(bs) before job_add: add a job first\n");
	ck_assert_uint_eq(jf.n_sections, 0);

	ck_assert_int_eq(lp->p.generate(&gen, block), 0);
	ck_assert_uint_eq(jf.n_sections, 3);
	for (i = 0; i < 3; i++) {
		const struct jf_section *s = &jf.sections[i];
		char name[32];
		bool eng = false, rw = false, size = false, bsz = false;

		snprintf(name, sizeof(name), "testprof-%zu", i);
		ck_assert_str_eq(s->name, name);
		ck_assert(!s->global);
		ck_assert_str_eq(s->where.file, "profile testprof");
		for (k = 0; k < s->n_entries; k++) {
			const struct jf_entry *en = &s->entries[k];

			ck_assert_str_eq(en->where.file, "profile testprof");
			ck_assert_uint_eq(en->where.line, 0);
			eng |= !strcmp(en->key, "ioengine") && !strcmp(en->value, "null");
			rw |= !strcmp(en->key, "rw") && !strcmp(en->value, "randread");
			size |= !strcmp(en->key, "size") && !strcmp(en->value, "1m");
			bsz |= !strcmp(en->key, "bs") && !strcmp(en->value, "8192");
		}
		ck_assert(eng && rw && size && bsz);
	}
	jobfile_free(&jf);

	ck_assert_ptr_null(loader_find_profile("nosuch", &e));
	ck_assert_ptr_nonnull(strstr(e.msg, "no profile 'nosuch'; profiles that load: testprof"));
}
END_TEST

START_TEST(host_table_basics)
{
	const struct plio_host *h = &plio_host_table;
	struct plio_file f;
	char path[PATH_MAX];
	uint64_t t0, t1, size = 0;
	int fd;

	ck_assert_uint_eq(h->struct_size, sizeof(struct plio_host));
	ck_assert_uint_eq(h->abi_major, PLIO_ABI_MAJOR);
	ck_assert_uint_eq(h->abi_minor, PLIO_ABI_MINOR);
	ck_assert_str_eq(h->version, PACKAGE_VERSION);
	ck_assert(PLIO_HAS(h, job_set));
	t0 = h->now_ns();
	t1 = h->now_ns();
	ck_assert_uint_ge(t1, t0);
	ck_assert_uint_gt(t0, 0);

	memset(&f, 0, sizeof(f));
	f.struct_size = sizeof(f);
	f.fd = -1;
	snprintf(path, sizeof(path), "%s/nosuch/file", tmpdir);
	f.path = path;
	f.open_flags = O_RDONLY;
	ck_assert_int_eq(h->file_open(NULL, &f), -ENOENT);
	ck_assert_int_eq(f.fd, -1);

	snprintf(path, sizeof(path), "%s/data", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 12345), 0);
	close(fd);
	ck_assert_int_eq(h->file_size(NULL, &f, &size), 0);	/* closed: stat */
	ck_assert_uint_eq(size, 12345);
	ck_assert_int_eq(h->file_open(NULL, &f), 0);
	ck_assert_int_ge(f.fd, 0);
	size = 0;
	ck_assert_int_eq(h->file_size(NULL, &f, &size), 0);	/* open: fstat */
	ck_assert_uint_eq(size, 12345);
	ck_assert_int_eq(h->file_close(NULL, &f), 0);
	ck_assert_int_eq(f.fd, -1);
}
END_TEST

static Suite *loader_suite(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("loader");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, refuses_other_major);
	tcase_add_test(tc, refuses_newer_minor);
	tcase_add_test(tc, refuses_missing_entry_and_bad_magic);
	tcase_add_test(tc, refusal_names_the_missing_library);
	tcase_add_test(tc, disables_one_engine_not_the_plugin);
	tcase_add_test(tc, plugin_dir_must_exist);
	tcase_add_test(tc, short_engine_struct_is_normalised);
	tcase_add_test(tc, first_in_search_order_wins);
	tcase_add_test(tc, duplicate_names_warn_once_naming_both);
	tcase_add_test(tc, each_file_loaded_once);
	tcase_add_test(tc, current_directory_never_searched);
	tcase_add_test(tc, explicit_paths_load_one_file);
	tcase_add_test(tc, unknown_engine_lists_those_that_load);
	tcase_add_test(tc, builtin_found_first_and_shadows_file);
	tcase_add_test(tc, enghelp_table_lists_refusals);
	tcase_add_test(tc, enghelp_name_unknown_fails);
	tcase_add_test(tc, profile_adds_jobs_through_host);
	tcase_add_test(tc, host_table_basics);
	suite_add_tcase(s, tc);
	return s;
}

/* The top source dir: $TOP_SRCDIR, else from where this file was compiled. */
static void find_srcdir(void)
{
	const char *env = getenv("TOP_SRCDIR");
	const char *suffix = "/tests/unit/test_loader.c", *me = __FILE__;
	size_t lf = strlen(me), ls = strlen(suffix);

	if (env && *env) {
		snprintf(srcdir, sizeof(srcdir), "%s", env);
	} else if (lf > ls && !strcmp(&me[lf - ls], suffix)) {
		snprintf(srcdir, sizeof(srcdir), "%.*s", (int)(lf - ls), me);
	} else {
		snprintf(srcdir, sizeof(srcdir), "..");
	}
	/* absolute, since some tests change directory */
	{
		char abs[PATH_MAX];

		if (realpath(srcdir, abs))
			snprintf(srcdir, sizeof(srcdir), "%s", abs);
	}
}

int main(void)
{
	const char *env = getenv("TESTPLUGINS");
	SRunner *sr;
	int failed;

	if (env && *env)
		snprintf(tp, sizeof(tp), "%s", env);
	else
		snprintf(tp, sizeof(tp), "%s/tests/plugins/.libs", PLIO_BUILDDIR);
	{
		char abs[PATH_MAX];

		if (!realpath(tp, abs)) {
			fprintf(stderr, "test_loader: no test plugins in %s (set TESTPLUGINS)\n", tp);
			return 99;
		}
		snprintf(tp, sizeof(tp), "%s", abs);
	}
	find_srcdir();

	sr = srunner_create(loader_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
