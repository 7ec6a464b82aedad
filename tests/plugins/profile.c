/*
 * profile.c - test plugin providing the profile "testprof".
 *
 * `plio --profile=testprof --jobs=N --bs=SIZE` adds N jobs named
 * testprof-0 .. testprof-(N-1), each reading 1 MiB at random offsets with
 * the null engine in blocks of SIZE: a profile sets options by text
 * through host->job_add/job_set exactly as a job file would.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include <plio/plio.h>

struct testprof_opts {
	int64_t jobs;
	uint64_t bs;
};

static const struct plio_host *host;

static const struct plio_option testprof_options[] = {
	{ .name = "jobs", .help = "how many jobs to generate",
	  .type = PLIO_OPT_INT, .offset = offsetof(struct testprof_opts, jobs),
	  .def = "2", .min = 1, .max = 64 },
	{ .name = "bs", .help = "block size of every generated job",
	  .type = PLIO_OPT_SIZE, .offset = offsetof(struct testprof_opts, bs),
	  .def = "4k", .min = 512 },
};

static int testprof_generate(struct plio_jobgen *gen, const void *options)
{
	const struct testprof_opts *o = options;
	char name[32], bs[32];
	int64_t i;
	int rc;

	if (!host || !PLIO_HAS(host, job_set))
		return -ENOSYS;
	snprintf(bs, sizeof(bs), "%" PRIu64, o->bs);
	for (i = 0; i < o->jobs; i++) {
		snprintf(name, sizeof(name), "testprof-%" PRId64, i);
		rc = host->job_add(gen, name);
		if (!rc)
			rc = host->job_set(gen, "ioengine", "null");
		if (!rc)
			rc = host->job_set(gen, "rw", "randread");
		if (!rc)
			rc = host->job_set(gen, "size", "1m");
		if (!rc)
			rc = host->job_set(gen, "bs", bs);
		if (rc)
			return rc;
	}
	return 0;
}

static const struct plio_profile testprof = {
	.struct_size = sizeof(struct plio_profile),
	.options_size = sizeof(struct testprof_opts),
	.name = "testprof",
	.help = "test profile: N null randread jobs of 1 MiB",
	PLIO_OPTIONS(testprof_options),
	.generate = testprof_generate,
};

static const struct plio_profile *const profiles[] = { &testprof, NULL };

static const struct plio_plugin profile_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "profile",
	.version = "1.0",
	.license = "MIT",
	.description = "test: the testprof profile",
	.profiles = profiles,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *h)
{
	host = h;
	return &profile_plugin;
}
