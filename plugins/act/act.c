/*
 * act.c - plugin "act": fio's profile after Aerospike's ACT (Aerospike
 * Certification Tool) storage benchmark.  `plio --profile=act
 * --device-names=DEV[,DEV...]` adds the jobs fio 3.33 adds, in its order
 * and with its option text:
 *
 *   [global]  direct=1 ioengine=sync random_generator=lfsr
 *             group_reporting=1 thread
 *   then for each device D, in the order given:
 *     runtime=Ts time_based=1        (in [global] before the first
 *                                     device; later ones land in the
 *                                     previous device's write job, as in
 *                                     fio's generated command line)
 *     [act-read-D]   filename=D rw=randread numjobs=Q
 *                    rate_iops=LOAD*2000/Q bs=BLOCKS*512
 *     [act-write-D]  filename=D rw=randwrite
 *                    rate_iops=ceil(LOAD*1000/(WSIZE/(BLOCKS*512)))
 *                    bs=WSIZE
 *   with --prep instead, for each device D:
 *     [act-prep-zeroes-D] filename=D bs=1048576 zero_buffers rw=write
 *     [act-prep-salt-D]   stonewall filename=D bs=4096 ioengine=libaio
 *                         iodepth=64 rw=randwrite
 *
 * Q is threads-per-queue, LOAD load, BLOCKS read-req-num-512-blocks,
 * WSIZE large-block-op-kbytes (a byte count whatever its name says: fio's
 * default 131072 is 128 KiB, and fio uses it as bs= unchanged).  Each job
 * also carries its name=, as fio's generated command line does.  Integer
 * arithmetic as fio's.
 *
 * Where plio differs (doc/fio-differences.md): T is test-duration in
 * seconds; fio 3.33 prints the duration's microseconds with an "s"
 * (24h becomes runtime=86400000000s).  Values that make fio divide by
 * zero (threads-per-queue=0, read-req-num-512-blocks=0, a write size
 * below one read) are refused here with one line; fio dies of SIGFPE.
 *
 * fio's act also prints a latency report (per hour of the run, the share
 * of I/Os over 1, 8 and 64 ms, and PASSED or FAILED) from hooks on every
 * completed I/O.  The profile ABI has only generate(), so plio's act adds
 * the jobs and no report.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <plio/plio.h>

/* fio's 1x load: reads and writes per second over a device's threads */
#define R_LOAD 2000
#define W_LOAD 1000

struct act_opts {
	const char *device_names;
	int64_t load;
	uint64_t test_duration;		/* microseconds */
	int64_t threads_per_queue;
	int64_t read_blocks;		/* 512-byte blocks per read */
	int64_t write_size;		/* bytes per write */
	int prep;
};

/* Indexes in act_options[] that check_options blames. */
enum { OPT_DEVICES, OPT_LOAD, OPT_DURATION, OPT_QUEUE, OPT_BLOCKS, OPT_WSIZE, OPT_PREP };

/* The host table from plio_plugin_entry(); constant for the process. */
static const struct plio_host *host;

/* Names, defaults and help as fio 3.33's (`fio --profile=act --cmdhelp`);
 * the bounds keep fio's unsigned arithmetic from wrapping. */
static const struct plio_option act_options[] = {
	[OPT_DEVICES] = { .name = "device-names", .help = "Devices to use",
	  .type = PLIO_OPT_STR, .offset = offsetof(struct act_opts, device_names) },
	[OPT_LOAD] = { .name = "load", .help = "ACT load multipler (default 1x)",
	  .type = PLIO_OPT_INT, .offset = offsetof(struct act_opts, load),
	  .def = "1", .min = 0, .max = 1000000 },
	[OPT_DURATION] = { .name = "test-duration",
	  .help = "How long the entire test takes to run",
	  .type = PLIO_OPT_TIME, .offset = offsetof(struct act_opts, test_duration),
	  .def = "24h", .min = 1000000 },
	[OPT_QUEUE] = { .name = "threads-per-queue",
	  .help = "Number of read IO threads per device",
	  .type = PLIO_OPT_INT, .offset = offsetof(struct act_opts, threads_per_queue),
	  .def = "8", .min = 1, .max = 4096 },
	[OPT_BLOCKS] = { .name = "read-req-num-512-blocks",
	  .help = "Number of 512B blocks to read at the time",
	  .type = PLIO_OPT_INT, .offset = offsetof(struct act_opts, read_blocks),
	  .def = "3", .min = 1, .max = UINT32_MAX / 512 },
	[OPT_WSIZE] = { .name = "large-block-op-kbytes",
	  .help = "Size of large block ops in KiB (writes)",
	  .type = PLIO_OPT_INT, .offset = offsetof(struct act_opts, write_size),
	  .def = "131072", .min = 1, .max = UINT32_MAX },
	[OPT_PREP] = { .name = "prep", .help = "Set to run ACT prep phase",
	  .type = PLIO_OPT_BOOL, .offset = offsetof(struct act_opts, prep) },
};

static int act_check(const void *options, char *why, size_t why_len, uint32_t *option)
{
	const struct act_opts *o = options;
	size_t n;

	if (!o->device_names || !*o->device_names) {
		snprintf(why, why_len, "act needs its I/O targets: --device-names=DEV[,DEV...]");
		*option = OPT_DEVICES;
		return -EINVAL;
	}
	n = strlen(o->device_names);
	if (o->device_names[0] == ',' || o->device_names[n - 1] == ',' ||
	    strstr(o->device_names, ",,")) {
		snprintf(why, why_len, "'%s' has an empty device name", o->device_names);
		*option = OPT_DEVICES;
		return -EINVAL;
	}
	/* a write is at least one read's size (fio divides by their ratio) */
	if (o->write_size < o->read_blocks * 512) {
		snprintf(why, why_len, "%" PRId64 " bytes is less than one read (read-req-num-512-blocks=%" PRId64 ": %" PRId64 " bytes)",
			 o->write_size, o->read_blocks, o->read_blocks * 512);
		*option = OPT_WSIZE;
		return -EINVAL;
	}
	return 0;
}

/* job_set with a formatted value; fmt NULL sets a bare flag. */
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

/* A new job named PREFIX-DEV, with its name= entry. */
static int add(struct plio_jobgen *gen, const char *prefix, const char *dev)
{
	char name[4096];
	int n = snprintf(name, sizeof(name), "%s-%s", prefix, dev), rc;

	if (n < 0 || (size_t)n >= sizeof(name))
		return -ENAMETOOLONG;
	rc = host->job_add(gen, name);
	return rc ? rc : host->job_set(gen, "name", name);
}

/* The run: a reading job of threads-per-queue clones and a writing job. */
static int add_device(struct plio_jobgen *gen, const struct act_opts *o, const char *dev)
{
	uint64_t per_write = (uint64_t)o->write_size / ((uint64_t)o->read_blocks * 512);
	uint64_t us = o->test_duration;
	int rc;

	/* whole seconds as fio writes them, else microseconds */
	rc = us % 1000000 ? set(gen, "runtime", "%" PRIu64 "us", us) :
			    set(gen, "runtime", "%" PRIu64 "s", us / 1000000);
	if (!rc)
		rc = set(gen, "time_based", "1");
	if (!rc)
		rc = add(gen, "act-read", dev);
	if (!rc)
		rc = set(gen, "filename", "%s", dev);
	if (!rc)
		rc = set(gen, "rw", "randread");
	if (!rc)
		rc = set(gen, "numjobs", "%" PRId64, o->threads_per_queue);
	if (!rc)
		rc = set(gen, "rate_iops", "%" PRId64, o->load * R_LOAD / o->threads_per_queue);
	if (!rc)
		rc = set(gen, "bs", "%" PRId64, o->read_blocks * 512);
	if (!rc)
		rc = add(gen, "act-write", dev);
	if (!rc)
		rc = set(gen, "filename", "%s", dev);
	if (!rc)
		rc = set(gen, "rw", "randwrite");
	if (!rc)
		rc = set(gen, "rate_iops", "%" PRIu64,
			 ((uint64_t)o->load * W_LOAD + per_write - 1) / per_write);
	if (!rc)
		rc = set(gen, "bs", "%" PRId64, o->write_size);
	return rc;
}

/* --prep: zero the device in order, then salt it with random writes. */
static int add_device_prep(struct plio_jobgen *gen, const char *dev)
{
	int rc = add(gen, "act-prep-zeroes", dev);

	if (!rc)
		rc = set(gen, "filename", "%s", dev);
	if (!rc)
		rc = set(gen, "bs", "1048576");
	if (!rc)
		rc = set(gen, "zero_buffers", NULL);
	if (!rc)
		rc = set(gen, "rw", "write");
	if (!rc)
		rc = add(gen, "act-prep-salt", dev);
	if (!rc)
		rc = set(gen, "stonewall", NULL);
	if (!rc)
		rc = set(gen, "filename", "%s", dev);
	if (!rc)
		rc = set(gen, "bs", "4096");
	if (!rc)
		rc = set(gen, "ioengine", "libaio");
	if (!rc)
		rc = set(gen, "iodepth", "64");
	if (!rc)
		rc = set(gen, "rw", "randwrite");
	return rc;
}

static int act_generate(struct plio_jobgen *gen, const void *options)
{
	const struct act_opts *o = options;
	char why[256];
	uint32_t bad;
	char *devs, *dev, *next;
	int rc;

	if (!host || !PLIO_HAS(host, job_set))
		return -ENOSYS;
	if (act_check(options, why, sizeof(why), &bad))
		return -EINVAL;	/* a 1.0 core calls no check_options */
	devs = strdup(o->device_names);
	if (!devs)
		return -ENOMEM;
	rc = host->job_add(gen, "global");
	if (!rc)
		rc = set(gen, "direct", "1");
	if (!rc)
		rc = set(gen, "ioengine", "sync");
	if (!rc)
		rc = set(gen, "random_generator", "lfsr");
	if (!rc)
		rc = set(gen, "group_reporting", "1");
	if (!rc)
		rc = set(gen, "thread", NULL);
	for (dev = devs; !rc && dev; dev = next) {
		next = strchr(dev, ',');
		if (next)
			*next++ = '\0';
		rc = o->prep ? add_device_prep(gen, dev) : add_device(gen, o, dev);
	}
	free(devs);
	return rc;
}

static const struct plio_profile act = {
	.struct_size = sizeof(struct plio_profile),
	.options_size = sizeof(struct act_opts),
	.name = "act",
	.help = "ACT Aerospike like benchmark",
	PLIO_OPTIONS(act_options),
	.generate = act_generate,
	.check_options = act_check,
};

static const struct plio_profile *const profiles[] = { &act, NULL };

static const struct plio_plugin act_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "act",
	.version = "1.0",
	.license = "MIT",
	.description = "fio's act profile: ACT-like rate-limited reads and writes per device",
	.profiles = profiles,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *h)
{
	host = h;
	return &act_plugin;
}
