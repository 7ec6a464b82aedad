/*
 * fuzz_common.c - fake engines, the sandbox and the checks after a build,
 * shared by the fuzz targets (fuzz.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ctype.h>

#include "plugin/loader.h"
#include "plan/plan.h"
#include "run/wstate.h"
#include "fuzz.h"

/* ------------------------------------------------------------ fake engines */

/* One option of each type an engine may declare, bounds and units too. */
struct fake_opts {
	int flag;
	int64_t count;
	uint64_t chunk;
	uint64_t wait;
	char *label;
	int64_t mode;
	/* 1.1's composite types */
	struct plio_int_dirs prio;
	struct plio_size_dirs sizes;
	struct plio_size_list list;
	struct plio_split split;
};

static const struct plio_option_choice mode_choices[] = {
	{ "fast", 1, "go fast" },
	{ "slow", 2, "go slow" },
	{ "0", 0, "none" },
	{ NULL, 0, NULL },
};

static struct plio_option fake_options[] = {
	{ .name = "fz_flag", .alias = "fz_hipri", .type = PLIO_OPT_BOOL,
	  .offset = offsetof(struct fake_opts, flag), .help = "a bool" },
	{ .name = "fz_count", .type = PLIO_OPT_INT, .offset = offsetof(struct fake_opts, count),
	  .def = "4", .min = -8, .max = 1 << 20, .help = "an int" },
	{ .name = "fz_chunk", .type = PLIO_OPT_SIZE, .offset = offsetof(struct fake_opts, chunk),
	  .def = "64k", .min = 512, .help = "a size" },
	{ .name = "fz_wait", .type = PLIO_OPT_TIME, .offset = offsetof(struct fake_opts, wait),
	  .def = "5", .unit = 1000, .max = 3600000000, .help = "a time (bare: ms)" },
	{ .name = "fz_label", .type = PLIO_OPT_STR, .offset = offsetof(struct fake_opts, label),
	  .def = "lbl", .help = "a string" },
	{ .name = "fz_mode", .type = PLIO_OPT_ENUM, .offset = offsetof(struct fake_opts, mode),
	  .def = "slow", PLIO_CHOICES(mode_choices), .help = "a choice" },
	{ .name = "fz_prio", .type = PLIO_OPT_INT_DIRS, .offset = offsetof(struct fake_opts, prio),
	  .def = "1", .min = 0, .max = 7, .help = "an int per direction" },
	{ .name = "fz_sizes", .type = PLIO_OPT_SIZE_DIRS, .offset = offsetof(struct fake_opts, sizes),
	  .min = 1, .help = "a size per direction" },
	{ .name = "fz_list", .type = PLIO_OPT_SIZE_LIST, .offset = offsetof(struct fake_opts, list),
	  .def = "4k:8k", .max = 1 << 30, .help = "a list of sizes" },
	{ .name = "fz_split", .type = PLIO_OPT_SPLIT, .offset = offsetof(struct fake_opts, split),
	  .help = "a size/percentage split" },
};
#define N_FAKE_OPTIONS (sizeof(fake_options) / sizeof(fake_options[0]))

static int mem_open(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

static int mem_close(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

static int mem_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = (int64_t)u->length;
	return PLIO_Q_COMPLETED;
}

/*
 * The engines' check at parse time, as io_uring's: reads every composite
 * value and the job's facts, and refuses some combinations (its why and
 * option index are checked by the core).
 */
static int fake_check(const void *options, const struct plio_job *job, char *why, size_t why_len,
		      uint32_t *option)
{
	const struct fake_opts *o = options;
	uint64_t sum = 0;
	uint32_t d, i;

	for (d = 0; d < 3; d++) {
		if (o->split.n[d] > PLIO_SPLIT_MAX)
			abort();	/* the core broke its promise */
		for (i = 0; i < o->split.n[d]; i++)
			sum += o->split.e[d][i].pct;
		if (o->prio.v[d] < 0 || o->prio.v[d] > 7)
			abort();
	}
	if (o->list.n > PLIO_SIZE_LIST_MAX)
		abort();
	if (o->flag && !job->direct) {
		snprintf(why, why_len, "fz_flag needs direct=1");
		*option = 0;
		return EINVAL;
	}
	if (sum && o->list.n && o->list.v[0] > job->max_bs[PLIO_DDIR_READ]) {
		snprintf(why, why_len, "fz_list's first size is above bs");
		*option = 8;
		return EINVAL;
	}
	return 0;
}

/* null's kind: no files, no data, every I/O done at once */
static struct loaded_engine eng_null = {
	.e = { .struct_size = sizeof(struct plio_engine), .name = "null",
	       .caps = PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_FAKEIO | PLIO_CAP_TRIM,
	       .options_size = sizeof(struct fake_opts), .check_options = fake_check,
	       .open_file = mem_open, .close_file = mem_close, .queue = mem_queue },
	.options = fake_options, .n_options = N_FAKE_OPTIONS,
};

/* no files either, but the buffers are filled as for real data */
static struct loaded_engine eng_mem = {
	.e = { .struct_size = sizeof(struct plio_engine), .name = "mem",
	       .caps = PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_TRIM,
	       .open_file = mem_open, .close_file = mem_close, .queue = mem_queue },
};

/* psync's kind: files, synchronous */
static struct loaded_engine eng_sync = {
	.e = { .struct_size = sizeof(struct plio_engine), .name = "psync",
	       .caps = PLIO_CAP_SYNC | PLIO_CAP_TRIM },
};

/* mmap's kind: no direct I/O, maps files it cannot grow */
static struct loaded_engine eng_mmap = {
	.e = { .struct_size = sizeof(struct plio_engine), .name = "mmap",
	       .caps = PLIO_CAP_SYNC | PLIO_CAP_NODIRECT | PLIO_CAP_NOEXTEND | PLIO_CAP_MMAP },
};

/* libaio's kind: queued, aligned buffers, engine options */
static struct loaded_engine eng_queued = {
	.e = { .struct_size = sizeof(struct plio_engine), .name = "libaio",
	       .caps = PLIO_CAP_MEMALIGN, .options_size = sizeof(struct fake_opts),
	       .check_options = fake_check },
	.options = fake_options, .n_options = N_FAKE_OPTIONS,
};

const struct loaded_engine *fuzz_lookup(const char *name, struct perr *e)
{
	static const struct {
		const char *name;
		const struct loaded_engine *le;
	} names[] = {
		{ "null", &eng_null }, { "mem", &eng_mem }, { "psync", &eng_sync }, { "sync", &eng_sync },
		{ "pvsync2", &eng_sync }, { "mmap", &eng_mmap }, { "libaio", &eng_queued },
		{ "io_uring", &eng_queued },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i].name))
			return names[i].le;
	perr_set(e, "no engine '%s' (engines: null, mem, psync, sync, pvsync2, mmap, libaio, io_uring)",
		 name);
	return NULL;
}

/* ----------------------------------------------------------------- sandbox */

/* The files an input may include, relative to the sandbox. */
static const struct {
	const char *path;
	const char *text;
} sandbox_files[] = {
	{ "inc/common.inc", "; included\nioengine=null\nsize=2m\nbs=8k\n" },
	{ "inc/random.inc", "randseed=42\nrw=randread\ninclude more.inc\n" },
	{ "inc/more.inc", "bsrange=4k-(2*16k)\nbssplit=4k/50:8k/50\n" },
	{ "self.inc", "include self.inc\n" },
	{ "math.inc", "size=$mb_memory/1024+1\niodepth=($ncpus*2)\n" },
	{ "section.inc", "[new]\nrw=write\n" },
	{ "d/beside.inc", "bs=16k\ninclude ../inc/common.inc\n" },
};
/* Folders of the sandbox, made before its files and removed after them. */
static const char *const sandbox_dirs[] = { "inc", "d" };
#define N_SANDBOX_DIRS (sizeof(sandbox_dirs) / sizeof(sandbox_dirs[0]))
#define N_SANDBOX_FILES (sizeof(sandbox_files) / sizeof(sandbox_files[0]))

static char sandbox[256];
static int home_fd = -1;
static bool verbose;		/* PLIO_FUZZ_VERBOSE */

static void sandbox_remove(void)
{
	char p[512];
	size_t i;

	if (!sandbox[0])
		return;
	for (i = 0; i < N_SANDBOX_FILES; i++) {
		snprintf(p, sizeof(p), "%s/%s", sandbox, sandbox_files[i].path);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/%s", sandbox, FUZZ_JOBFILE);
	unlink(p);
	for (i = 0; i < N_SANDBOX_DIRS; i++) {
		snprintf(p, sizeof(p), "%s/%s", sandbox, sandbox_dirs[i]);
		rmdir(p);
	}
	rmdir(sandbox);
}

static void sandbox_make(void)
{
	const char *tmp = getenv("TMPDIR");
	char p[512];
	size_t i;
	FILE *f;

	snprintf(sandbox, sizeof(sandbox), "%s/plio-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(sandbox)) {
		perror("plio fuzz: mkdtemp");
		exit(1);
	}
	atexit(sandbox_remove);
	for (i = 0; i < N_SANDBOX_DIRS; i++) {
		snprintf(p, sizeof(p), "%s/%s", sandbox, sandbox_dirs[i]);
		if (mkdir(p, 0700)) {
			perror("plio fuzz: mkdir");
			exit(1);
		}
	}
	for (i = 0; i < N_SANDBOX_FILES; i++) {
		snprintf(p, sizeof(p), "%s/%s", sandbox, sandbox_files[i].path);
		f = fopen(p, "w");
		if (!f || fputs(sandbox_files[i].text, f) < 0 || fclose(f)) {
			perror("plio fuzz: writing the sandbox");
			exit(1);
		}
	}
	home_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (home_fd < 0) {
		perror("plio fuzz: open .");
		exit(1);
	}
}

void fuzz_enter(void)
{
	if (chdir(sandbox))
		abort();
}

void fuzz_leave(void)
{
	if (fchdir(home_fd))
		abort();
}

/*
 * An include line names a file by the text after "include" (trimmed); it
 * stays in the sandbox unless that text starts with '/' (then a blank is
 * before the slash) or climbs with "..".  Conservative: any line holding
 * "include" anywhere is judged so.
 */
bool fuzz_include_escapes(const char *text)
{
	const char *line = text;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (memmem(line, len, "include", 7)) {
			size_t i;

			if (memmem(line, len, "..", 2))
				return true;
			for (i = 1; i < len; i++)
				if (line[i] == '/' && isspace((unsigned char)line[i - 1]))
					return true;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	return false;
}

/* -------------------------------------------------------------- dictionary */

static void dict_word(FILE *f, const char *prefix, const char *w, const char *suffix)
{
	const char *p;

	fputc('"', f);
	for (p = prefix; *p; p++)
		fputc(*p, f);
	for (p = w; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (isprint((unsigned char)*p))
			fputc(*p, f);
		else
			fprintf(f, "\\x%02x", (unsigned char)*p);
	}
	for (p = suffix; *p; p++)
		fputc(*p, f);
	fputs("\"\n", f);
}

static void dict_table(FILE *f, const char *prefix, const struct plio_option *o, size_t n,
		       size_t stride)
{
	const struct plio_option_choice *c;
	size_t i;

	for (i = 0; i < n; i++, o = (const struct plio_option *)((const char *)o + stride)) {
		dict_word(f, prefix, o->name, "=");
		if (o->alias)
			dict_word(f, prefix, o->alias, "=");
		for (c = o->choices; c && c->value; c++)
			dict_word(f, "", c->value, "");
	}
}

/* The option names and choices, and the language's own words. */
static void write_dict(const char *path, const char *prefix)
{
	static const char *const words[] = {
		"[global]\n", "[job]\n", "include ", "inc/common.inc", "self.inc", "math.inc",
		"section.inc", "${FUZZ_SIZE}", "${FUZZ_EXPR}", "${FUZZ_EMPTY}", "${FUZZ_UNSET}",
		"$pagesize", "$mb_memory", "$ncpus", "0x", "k", "Ki", "KiB", "m", "g", "t", "p",
		"ms", "msec", "us", "usec", "s", "h", "d", "ns", "%", ":", "/", "-", ",", "(",
		")", "^", "*", "9223372036854775807", "18446744073709551615", "-1", "1.5",
		"randread", "randrw", "trimwrite", "null", "mem", "psync", "mmap", "libaio", "fz_",
	};
	size_t i, n;
	const struct plio_option *extra;
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		exit(1);
	}
	for (i = 0; i < CO_NR; i++)
		dict_table(f, prefix, &core_options[i].o, 1, sizeof(core_options[i]));
	dict_table(f, prefix, fake_options, N_FAKE_OPTIONS, sizeof(fake_options[0]));
	if (*prefix) {
		extra = cmdline_suggest_table(&n);
		dict_table(f, prefix, extra, n, sizeof(*extra));
		dict_word(f, "", "\n", "");
		dict_word(f, "", "--name=", "");
	}
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		dict_word(f, "", words[i], "");
	if (fclose(f)) {
		perror(path);
		exit(1);
	}
	exit(0);
}

void fuzz_init(const char *prefix)
{
	const char *dict = getenv("PLIO_FUZZ_DICT");

	if (dict && *dict)
		write_dict(dict, prefix);
	verbose = getenv("PLIO_FUZZ_VERBOSE");
	setenv("FUZZ_SIZE", "4k", 1);
	setenv("FUZZ_EXPR", "(1+2)*3", 1);
	setenv("FUZZ_EMPTY", "", 1);
	unsetenv("FUZZ_UNSET");
	sandbox_make();
	/* as main: a misspelt program option gets its "did you mean" too */
	options_suggest_extra = cmdline_suggest_table(&options_n_suggest_extra);
}

/* ----------------------------------------------------------- after a build */

/* Clones and files beyond these only make the plan slower, not different. */
#define PLAN_MAX_CLONES 16
#define PLAN_MAX_FILES 16
/* What a worker may take here: its buffers, its random maps' blocks, and
 * how many I/Os it picks. */
#define PICK_MAX_BUFFERS (64u << 20)
#define PICK_MAX_BLOCKS (1u << 24)
#define PICK_MAX_IOS 1024

/* A clone's I/O that leaves what pick.c promises: abort, so that libFuzzer
 * keeps the input. */
static void pick_broken(const struct plan_job *pj, const struct unit *un, const char *what)
{
	fprintf(stderr, "plio fuzz: job '%s' clone %u: %s: dir %u file %u offset %llu length %llu (region %llu+%llu)\n",
		pj->shape->name, pj->clone, what, un->dir, un->u.file->index,
		(unsigned long long)un->u.offset, (unsigned long long)un->u.length,
		(unsigned long long)un->u.file->io_offset,
		(unsigned long long)un->u.file->io_size);
	abort();
}

/*
 * Whether a worker of pj may be set up here: an engine without files, no
 * process settings (uid, nice, exec_prerun ...) and no logs (files named
 * by the input), buffers and random maps of a sane size; buffers whose
 * size does not even fit in 64 bits are let through, as the worker must
 * refuse them itself.
 */
static bool pick_allowed(const struct plan_job *pj)
{
	const struct plan_shape *sh = pj->shape;
	const struct plan_process *p = &sh->process;
	const struct plan_measure *m = &sh->measure;
	unsigned __int128 bufs = (unsigned __int128)sh->max_bs * sh->iodepth;
	size_t i;

	if (!(pj->engine->e.caps & PLIO_CAP_DISKLESS))
		return false;
	if (p->ioprio || p->nice || p->set_gid || p->set_uid || p->prerun || p->postrun)
		return false;
	if (m->lat_log || m->hist_log || m->bw_log || m->iops_log)
		return false;
	if (bufs > PICK_MAX_BUFFERS && bufs <= SIZE_MAX)
		return false;
	for (i = 0; i < pj->n_files; i++)
		if (sh->use_map && sh->min_bs && pj->files[i].size / sh->min_bs > PICK_MAX_BLOCKS)
			return false;
	return true;
}

/*
 * Set a worker of pj up and let it pick its I/Os, as test_pick does,
 * checking each against what pick.c promises: a length of one of the
 * job's block sizes at most, inside the file's region.
 */
static void pick_some(const struct plan_job *pj)
{
	static struct worker w;
	static struct job_stats st;
	struct unit *un;
	size_t n;

	memset(&st, 0, sizeof(st));
	if (worker_prepare(&w, pj, &st, NULL) || !w.nr_free) {
		worker_finish(&w);
		return;
	}
	un = w.free_units[w.nr_free - 1];
	for (n = 0; n < PICK_MAX_IOS && pick_next(&w, un); n++) {
		const struct plio_file *f = un->u.file;

		if (un->dir >= DIR_NR)
			continue;	/* a sync */
		if (!un->u.length || un->u.length > pj->shape->max_bs)
			pick_broken(pj, un, "a length that is not one of the job's");
		if (un->u.offset < f->io_offset ||
		    un->u.offset - f->io_offset > f->io_size ||
		    un->u.length > f->io_size - (un->u.offset - f->io_offset))
			pick_broken(pj, un, "outside the region");
	}
	worker_finish(&w);
}

void fuzz_after_build(const struct job_list *jl)
{
	struct plan_opts popts = { .latency_log = jl->n & 1 };
	struct plan plan = { 0 };
	struct perr e = { "" };
	int64_t clones = 0;
	size_t i;

	(void)options_check_readonly(jl, &e);
	log_debug_mask |= DBG_PARSE;
	options_dump(jl);
	for (i = 0; i < jl->n; i++) {
		const struct job_spec *js = jl->jobs[i];

		if (options_check_runnable(js, &e))
			return;		/* main stops here */
		if (js->numjobs > PLAN_MAX_CLONES || js->nrfiles > PLAN_MAX_FILES)
			return;
		clones += js->numjobs;
	}
	if (clones > PLAN_MAX_CLONES)
		return;
	if (!plan_build(jl, &popts, &plan, &e)) {
		(void)plan_check_readonly(&plan, &e);
		log_debug_mask |= DBG_PROCESS | DBG_FILE | DBG_RANDOM;
		plan_dump(stderr, &plan);
		log_debug_mask = 0;
		for (i = 0; i < plan.n_jobs; i++)
			if (pick_allowed(&plan.jobs[i]))
				pick_some(&plan.jobs[i]);
	}
	plan_free(&plan);
}

void fuzz_reset(const struct perr *e)
{
	if (verbose)
		fprintf(stderr, "plio fuzz: %s\n", e->msg[0] ? e->msg : "(no error)");
	log_debug_mask = 0;
	options_warnings_fatal = false;
}
