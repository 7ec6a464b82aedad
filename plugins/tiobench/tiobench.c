/*
 * tiobench.c - plugin "tiobench": the profile of fio's that mimics the
 * tiotest/tiobench benchmark.  `plio --profile=tiobench` adds the jobs
 * fio 3.33 adds, in its order and with its option text:
 *
 *   [global]   buffered=0 size= bs= loops= directory= numjobs=
 *              timeout=600 group_reporting thread overwrite=1
 *              filename=.fio.tio.1:.fio.tio.2:.fio.tio.3:.fio.tio.4
 *              ioengine=sync
 *   [seqwrite]  rw=write end_fsync=1
 *   [randwrite] stonewall rw=randwrite end_fsync=1
 *   [seqread]   stonewall rw=read
 *   [randread]  stonewall rw=randread
 *
 * size is the profile's size in MiB, or, when it is 0 or not given,
 * 4*1024*$mb_memory (fio's text, computed here as a job file computes
 * it: that many bytes); bs is block, loops numruns, directory dir (./
 * when not given), numjobs threads.  Each job also carries its name=, as
 * fio's generated command line does.
 *
 * fio 3.33 parses these five options but never applies them (its
 * generator reads variables the options do not write), so its jobs are
 * always the defaults above; plio applies them (doc/fio-differences.md).
 * With every option at its default the jobs are fio's, byte for byte.
 *
 * A profile only adds jobs: everything runs through the core's host
 * table (job_add, job_set), as if the user had written the job file.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include <plio/plio.h>

/* The profile's options block. */
struct tb_opts {
	int64_t size;		/* MiB; 0: 4*1024*$mb_memory bytes */
	int64_t block;		/* bytes */
	int64_t numruns;
	const char *dir;
	int64_t threads;
};

/* The host table from plio_plugin_entry(); constant for the process. */
static const struct plio_host *host;

/* Names and help as fio 3.33's (`fio --profile=tiobench --cmdhelp`). */
static const struct plio_option tb_options[] = {
	{ .name = "size", .help = "Size in MiB",
	  .type = PLIO_OPT_INT, .offset = offsetof(struct tb_opts, size),
	  .min = 0, .max = INT64_C(1) << 40 },
	{ .name = "block", .help = "Block size in bytes",
	  .type = PLIO_OPT_INT, .offset = offsetof(struct tb_opts, block),
	  .def = "4096", .min = 1, .max = UINT32_MAX },
	{ .name = "numruns", .help = "Number of runs",
	  .type = PLIO_OPT_INT, .offset = offsetof(struct tb_opts, numruns),
	  .def = "1", .min = 1, .max = UINT32_MAX },
	{ .name = "dir", .help = "Test directory",
	  .type = PLIO_OPT_STR, .offset = offsetof(struct tb_opts, dir) },
	/* at most fio's limit of workers (numjobs) */
	{ .name = "threads", .help = "Number of Threads",
	  .type = PLIO_OPT_INT, .offset = offsetof(struct tb_opts, threads),
	  .def = "1", .min = 1, .max = 4096 },
};

/* job_set with a formatted value; value NULL sets a bare flag. */
static int set(struct plio_jobgen *gen, const char *key, const char *fmt, ...)
	PLIO_PRINTF(3, 4);

static int set(struct plio_jobgen *gen, const char *key, const char *fmt, ...)
{
	char value[4096];
	va_list ap;
	int n;

	if (!fmt)
		return host->job_set(gen, key, NULL);
	va_start(ap, fmt);
	n = vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(value))
		return -ENAMETOOLONG;
	return host->job_set(gen, key, value);
}

/* A new job named name, with its name= entry (fio's "name=NAME"). */
static int add(struct plio_jobgen *gen, const char *name)
{
	int rc = host->job_add(gen, name);

	return rc ? rc : host->job_set(gen, "name", name);
}

/* fio's default size, 4*1024*$mb_memory: $mb_memory is the machine's
 * memory in MiB (as a job file's keyword reads it). */
static uint64_t default_size(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
	uint64_t mb;

	if (pages <= 0 || page <= 0)
		return 0;
	mb = (uint64_t)pages * (uint64_t)page / (1024 * 1024);
	return 4 * 1024 * mb;
}

/* The global section: what every job shares. */
static int add_global(struct plio_jobgen *gen, const struct tb_opts *o)
{
	uint64_t size = o->size ? (uint64_t)o->size << 20 : default_size();
	int rc;

	if (!size)
		return -EINVAL;	/* no --size and no memory size to go by */
	rc = host->job_add(gen, "global");
	if (!rc)
		rc = set(gen, "buffered", "0");
	if (!rc)
		rc = set(gen, "size", "%" PRIu64, size);
	if (!rc)
		rc = set(gen, "bs", "%" PRId64, o->block);
	if (!rc)
		rc = set(gen, "loops", "%" PRId64, o->numruns);
	if (!rc)
		rc = set(gen, "directory", "%s", o->dir ? o->dir : "./");
	if (!rc)
		rc = set(gen, "numjobs", "%" PRId64, o->threads);
	if (!rc)
		rc = set(gen, "timeout", "600");
	if (!rc)
		rc = set(gen, "group_reporting", NULL);
	if (!rc)
		rc = set(gen, "thread", NULL);
	if (!rc)
		rc = set(gen, "overwrite", "1");
	if (!rc)
		rc = set(gen, "filename", ".fio.tio.1:.fio.tio.2:.fio.tio.3:.fio.tio.4");
	if (!rc)
		rc = set(gen, "ioengine", "sync");
	return rc;
}

/* The four phases, each after the one before (stonewall). */
static const struct {
	const char *name, *rw;
	int end_fsync;
} phases[] = {
	{ "seqwrite", "write", 1 },
	{ "randwrite", "randwrite", 1 },
	{ "seqread", "read", 0 },
	{ "randread", "randread", 0 },
};

static int tb_generate(struct plio_jobgen *gen, const void *options)
{
	const struct tb_opts *o = options;
	size_t i;
	int rc;

	if (!host || !PLIO_HAS(host, job_set))
		return -ENOSYS;
	rc = add_global(gen, o);
	for (i = 0; !rc && i < sizeof(phases) / sizeof(phases[0]); i++) {
		rc = add(gen, phases[i].name);
		if (!rc && i)
			rc = set(gen, "stonewall", NULL);
		if (!rc)
			rc = set(gen, "rw", "%s", phases[i].rw);
		if (!rc && phases[i].end_fsync)
			rc = set(gen, "end_fsync", "1");
	}
	return rc;
}

static const struct plio_profile tiobench = {
	.struct_size = sizeof(struct plio_profile),
	.options_size = sizeof(struct tb_opts),
	.name = "tiobench",
	.help = "tiotest/tiobench benchmark",
	PLIO_OPTIONS(tb_options),
	.generate = tb_generate,
};

static const struct plio_profile *const profiles[] = { &tiobench, NULL };

static const struct plio_plugin tiobench_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "tiobench",
	.version = "1.0",
	.license = "MIT",
	.description = "fio's tiobench profile: sequential and random writes, then reads",
	.profiles = profiles,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *h)
{
	host = h;
	return &tiobench_plugin;
}
