/*
 * record.c - test plugin, engine "record": psync that remembers every I/O.
 *
 * Reads and writes really happen (pread/pwrite, as psync does them); in
 * addition each unit's direction, offset and length goes into an array
 * allocated in init (record_max entries).  Nothing is formatted on the hot
 * path: cleanup writes the array as text, one line per I/O,
 *
 *     R|W|S|D|T <offset> <length>
 *
 * (S for fsync, D for fdatasync, T for trim) to record_file with
 * ".<job_index>.<clone_index>" appended, so every worker has its own log.
 * The integration tests read these logs to prove which offsets a job
 * touched.  The log file is created in init, so a bad path fails the job
 * before any I/O; an array too small for the run is reported at cleanup
 * (the I/O itself still happens) and the log then holds only the first
 * record_max entries.
 *
 * A second engine, "record-async", proves how the core queues: it does
 * each I/O in queue() but holds the unit until it is submitted (commit(),
 * or reap() for what commit() has not seen) and hands submitted units back
 * from reap().  Its log also has a line per submission and per reap:
 *
 *     C <units submitted>
 *     P <min> <max> <units returned>
 *
 * Test-only: exports the plain plio_plugin_entry, like a vendor plugin.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <plio/plio.h>

struct record_opts {
	const char *file;	/* STR: log path, before the suffix */
	int64_t max;		/* INT: entries the array holds */
	int64_t mem;		/* BOOL: log where the core's buffers are */
	int64_t place;		/* BOOL: log the worker's CPUs and memory policy */
};

static const struct plio_option record_options[] = {
	{
		.name = "record_file",
		.help = "Write the I/O log here, with .<job>.<clone> appended (required)",
		.type = PLIO_OPT_STR,
		.offset = offsetof(struct record_opts, file),
	},
	{
		.name = "record_max",
		.help = "Most I/Os recorded per worker; later ones are counted, not kept",
		.type = PLIO_OPT_INT,
		.offset = offsetof(struct record_opts, max),
		.def = "1048576",
		.min = 1,
		.max = INT64_C(1) << 32,
	},
	{
		.name = "record_mem",
		.help = "Start the log with 'M ADDRESS LENGTH MAPPING': the core's buffers and their line of /proc/self/maps",
		.type = PLIO_OPT_BOOL,
		.offset = offsetof(struct record_opts, mem),
		.def = "0",
	},
	{
		.name = "record_place",
		.help = "Start the log with 'A CPUS' and 'P POLICY': the worker thread's Cpus_allowed_list and memory policy, from /proc/thread-self",
		.type = PLIO_OPT_BOOL,
		.offset = offsetof(struct record_opts, place),
		.def = "0",
	},
};

/* record_place: "A <Cpus_allowed_list>" from /proc/thread-self/status and
 * "P <policy>" (default, bind:0, ...), the first mapping's in
 * /proc/thread-self/numa_maps: a mapping without a policy of its own shows
 * the thread's. */
static void note_place(FILE *out)
{
	char line[512], pol[128] = "?";
	FILE *f = fopen("/proc/thread-self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "Cpus_allowed_list:", 18))
			fprintf(out, "A %s", line + 18 + strspn(line + 18, " \t"));
	if (f)
		fclose(f);
	f = fopen("/proc/thread-self/numa_maps", "r");
	if (f && fgets(line, sizeof(line), f))
		sscanf(line, "%*s %127s", pol);
	if (f)
		fclose(f);
	fprintf(out, "P %s\n", pol);
}

/* record_mem: "M 0xADDRESS LENGTH" and the /proc/self/maps line that
 * holds the address (what kind of memory the core gave its buffers). */
static void note_mem(struct plio_ctx *ctx, FILE *out)
{
	uintptr_t a = (uintptr_t)ctx->buffers, lo, hi;
	char line[512];
	FILE *maps = fopen("/proc/self/maps", "r");
	bool found = false;

	fprintf(out, "M %#" PRIxPTR " %zu", a, ctx->buffers_len);
	while (!found && maps && fgets(line, sizeof(line), maps))
		found = sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &lo, &hi) == 2 && a >= lo && a < hi;
	if (maps)
		fclose(maps);
	if (found)
		fprintf(out, " %s", line);
	if (!found || !strchr(line, '\n'))
		fputc('\n', out);
}

/* Log entries that are not I/O (record-async). */
#define REC_COMMIT 0xc0
#define REC_REAP 0xd0

struct rec {
	uint64_t offset;	/* I/O offset; COMMIT: units; REAP: min */
	uint64_t length;	/* I/O length; REAP: max */
	uint32_t n;		/* REAP: units returned */
	uint8_t ddir;
};

/* Per-worker state. */
struct record_data {
	struct rec *log;
	uint64_t n;		/* entries used */
	uint64_t max;		/* entries allocated */
	uint64_t dropped;	/* I/Os past max */
	FILE *out;		/* the log file, open since init */
	char *path;
	/* record-async: units queued (not submitted), then submitted */
	struct plio_io_u **held;
	unsigned int nr_queued, nr_submitted;
};

static void record_free(struct record_data *rd)
{
	if (rd->out)
		fclose(rd->out);
	free(rd->log);
	free(rd->path);
	free(rd->held);
	free(rd);
}

static int record_init(struct plio_ctx *ctx)
{
	const struct record_opts *o = ctx->options;
	const struct plio_host *h = ctx->host;
	struct record_data *rd;
	size_t len;
	int err;

	if (!o || !o->file || !*o->file) {
		h->log(ctx, PLIO_LOG_ERROR, "record: record_file= is required");
		return -EINVAL;
	}
	rd = calloc(1, sizeof(*rd));
	if (!rd)
		return -ENOMEM;
	rd->max = o->max > 0 ? (uint64_t)o->max : 1;
	/* calloc'd pages are touched only as entries fill them */
	rd->log = calloc(rd->max, sizeof(*rd->log));
	rd->held = calloc(ctx->iodepth, sizeof(*rd->held));
	len = strlen(o->file) + 2 * 12 + 3;
	rd->path = malloc(len);
	if (!rd->log || !rd->path || !rd->held) {
		h->log(ctx, PLIO_LOG_ERROR, "record: no memory for %" PRIu64 " entries",
		       rd->max);
		record_free(rd);
		return -ENOMEM;
	}
	snprintf(rd->path, len, "%s.%u.%u", o->file, ctx->job_index, ctx->clone_index);
	rd->out = fopen(rd->path, "w");
	if (!rd->out) {
		err = errno;
		h->log(ctx, PLIO_LOG_ERROR, "record: cannot create '%s': %s", rd->path,
		       strerror(err));
		record_free(rd);
		return -err;
	}
	if (o->mem)
		note_mem(ctx, rd->out);
	if (o->place)
		note_place(rd->out);
	ctx->engine_data = rd;
	return 0;
}

static void record_cleanup(struct plio_ctx *ctx)
{
	static const char letter[] = { [PLIO_DDIR_READ] = 'R', [PLIO_DDIR_WRITE] = 'W',
				       [PLIO_DDIR_TRIM] = 'T', [PLIO_DDIR_SYNC] = 'S',
				       [PLIO_DDIR_DATASYNC] = 'D' };
	struct record_data *rd = ctx->engine_data;
	const struct plio_host *h = ctx->host;
	uint64_t i;

	if (!rd)
		return;
	for (i = 0; i < rd->n; i++) {
		const struct rec *r = &rd->log[i];

		if (r->ddir == REC_COMMIT)
			fprintf(rd->out, "C %" PRIu64 "\n", r->offset);
		else if (r->ddir == REC_REAP)
			fprintf(rd->out, "P %" PRIu64 " %" PRIu64 " %u\n", r->offset,
				r->length, r->n);
		else
			fprintf(rd->out, "%c %" PRIu64 " %" PRIu64 "\n", letter[r->ddir],
				r->offset, r->length);
	}
	if (fclose(rd->out))
		h->log(ctx, PLIO_LOG_ERROR, "record: writing '%s': %s", rd->path,
		       strerror(errno));
	rd->out = NULL;
	if (rd->dropped)
		h->log(ctx, PLIO_LOG_ERROR,
		       "record: log full: %" PRIu64 " I/Os after the first %" PRIu64
		       " were not recorded in '%s' (raise record_max)",
		       rd->dropped, rd->max, rd->path);
	record_free(rd);
	ctx->engine_data = NULL;
}

/* Append one log entry (or count it as dropped). */
static void note(struct record_data *rd, uint8_t ddir, uint64_t offset,
		 uint64_t length, uint32_t n)
{
	struct rec *r;

	if (rd->n >= rd->max) {
		rd->dropped++;
		return;
	}
	r = &rd->log[rd->n++];
	r->offset = offset;
	r->length = length;
	r->n = n;
	r->ddir = ddir;
}

static int record_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct record_data *rd = ctx->engine_data;
	int fd = u->file->fd;
	ssize_t ret;
	int rc;

	if (u->ddir > PLIO_DDIR_DATASYNC) {
		u->result = 0;
		u->error = EINVAL;
		return PLIO_Q_COMPLETED;
	}
	note(rd, u->ddir, u->offset, u->length, 0);

	switch (u->ddir) {
	case PLIO_DDIR_READ:
		ret = pread(fd, u->buf, u->length, (off_t)u->offset);
		break;
	case PLIO_DDIR_WRITE:
		ret = pwrite(fd, u->buf, u->length, (off_t)u->offset);
		break;
	case PLIO_DDIR_TRIM:
		rc = fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			       (off_t)u->offset, (off_t)u->length);
		ret = rc ? -1 : (ssize_t)u->length;
		break;
	case PLIO_DDIR_SYNC:
		ret = fsync(fd);
		break;
	default:
		ret = fdatasync(fd);
		break;
	}
	if (ret < 0) {
		u->result = 0;
		u->error = errno ? errno : EIO;
	} else {
		u->result = ret;
		u->error = 0;
	}
	return PLIO_Q_COMPLETED;
}

/* record-async: do the I/O now, hold the unit until it is submitted. */
static int async_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct record_data *rd = ctx->engine_data;

	if (rd->nr_queued + rd->nr_submitted >= ctx->iodepth)
		return PLIO_Q_BUSY;
	record_queue(ctx, u);
	rd->held[rd->nr_submitted + rd->nr_queued++] = u;
	return PLIO_Q_QUEUED;
}

static int async_commit(struct plio_ctx *ctx)
{
	struct record_data *rd = ctx->engine_data;

	if (rd->nr_queued) {
		note(rd, REC_COMMIT, rd->nr_queued, 0, 0);
		rd->nr_submitted += rd->nr_queued;
		rd->nr_queued = 0;
	}
	return 0;
}

/* Submit what is queued, then return up to max submitted units, oldest first. */
static int async_reap(struct plio_ctx *ctx, unsigned int min, unsigned int max,
		      struct plio_io_u **done, const struct timespec *timeout)
{
	struct record_data *rd = ctx->engine_data;
	unsigned int n, i;

	(void)timeout;
	async_commit(ctx);
	n = rd->nr_submitted < max ? rd->nr_submitted : max;
	for (i = 0; i < n; i++)
		done[i] = rd->held[i];
	memmove(rd->held, rd->held + n, (rd->nr_submitted - n) * sizeof(*rd->held));
	rd->nr_submitted -= n;
	note(rd, REC_REAP, min, max, n);
	return (int)n;
}

static const struct plio_engine record_async_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct record_opts),
	.name = "record-async",
	.help = "record, but queued: logs submissions and reaps too (test engine)",
	.caps = PLIO_CAP_TRIM,
	.options = PLIO_OPTIONS(record_options),
	.init = record_init,
	.cleanup = record_cleanup,
	.queue = async_queue,
	.commit = async_commit,
	.reap = async_reap,
};

static const struct plio_engine record_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct record_opts),
	.name = "record",
	.help = "psync that logs every I/O to record_file (test engine)",
	.caps = PLIO_CAP_SYNC | PLIO_CAP_TRIM,
	.options = PLIO_OPTIONS(record_options),
	.init = record_init,
	.cleanup = record_cleanup,
	.queue = record_queue,
};

static const struct plio_engine *const record_engines[] = {
	&record_engine, &record_async_engine, NULL
};

static const struct plio_plugin record_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "record",
	.version = "1.0",
	.license = "MIT",
	.description = "test engine: psync plus a log of every I/O",
	.engines = record_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &record_plugin;
}
