/*
 * cpuio.c - plugin "cpuio": engine "cpuio", fio's: no data moves; each
 * I/O burns one cycle of CPU and the job then pauses, so that it keeps
 * cpuload percent of one CPU busy (numjobs=N loads N CPUs).
 *
 * A cycle is cpuchunks microseconds of a busy loop reading the clock
 * (cpumode=noop), or one round of sorting a megabyte of integers four
 * ways with qsort(3) (cpumode=qsort: a cycle is as long as that takes,
 * measured each time).  After each cycle the job pauses for
 * cycle * (100 - cpuload) / cpuload, as fio sets its thinktime: the pause
 * is spent in prep(), before the core stamps the next I/O's start, so an
 * I/O's latency is its burn alone, as in fio's reports.
 *
 * PLIO_CAP_NOIO (ABI 1.3): an I/O counts with no bytes; the job runs
 * until its runtime or number_ios, a stop (a signal to plio, exitall), or,
 * with exit_on_io_done, until the jobs of its phase that do I/O have all
 * ended (host->io_jobs_running, asked at most every CHECK_NS, also during
 * a pause; then host->job_done, and the core issues nothing more).  With
 * none of these it burns for ever, as fio's.  A pause wakes every
 * CHECK_NS to ask host->job_stopping, so a stop (runtime, exitall, a
 * signal to plio) ends it at once.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <plio/plio.h>

enum cpu_mode { MODE_NOOP = 0, MODE_QSORT = 1 };

/* qsort mode sorts this many 32-bit integers (1 MiB, fio's amount) */
#define SORT_N (256u * 1024u)
/* exit_on_io_done asks the core at most this often */
#define CHECK_NS 10000000ull

struct cpu_opts {
	int64_t cpuload;	/* percent; 0: not given (refused) */
	uint64_t cpuchunks;	/* microseconds */
	int64_t cpumode;	/* enum cpu_mode */
	int exit_on_io_done;
};

struct cpu_state {
	unsigned int load;	/* cpuload, at most 100 */
	enum cpu_mode mode;
	bool exit_io_done;
	uint64_t cycle_ns;	/* the burn: cpuchunks, or the last sort's time */
	uint64_t last_end;	/* when the last burn ended; 0: none yet */
	uint64_t next_check;	/* exit_on_io_done: when to ask again */
	int32_t *data;		/* qsort mode: SORT_N integers */
};

static const struct plio_option_choice mode_choices[] = {
	{ "noop", MODE_NOOP, "a busy loop reading the clock for cpuchunks microseconds" },
	{ "qsort", MODE_QSORT, "sort 1 MiB of integers four ways (a cycle lasts as long as that takes)" },
	{ NULL, 0, NULL },
};

#define CO(f) ((uint32_t)offsetof(struct cpu_opts, f))

/* Indexes in cpu_options[] that check_options blames. */
enum { OPT_CPULOAD };

static const struct plio_option cpu_options[] = {
	{ .name = "cpuload", .type = PLIO_OPT_INT, .offset = CO(cpuload), .min = 0,
	  .help = "Use this percentage of CPU (required; above 100 means 100)" },
	{ .name = "cpuchunks", .type = PLIO_OPT_TIME, .offset = CO(cpuchunks), .def = "50000",
	  .unit = 1, .min = 0, .max = 3600000000ll,
	  .help = "Length of the CPU burn cycles (usecs)" },
	{ .name = "cpumode", .type = PLIO_OPT_ENUM, .offset = CO(cpumode), .def = "noop",
	  PLIO_CHOICES(mode_choices), .help = "Stress mode" },
	{ .name = "exit_on_io_done", .type = PLIO_OPT_BOOL, .offset = CO(exit_on_io_done),
	  .def = "0", .help = "Exit when IO threads finish" },
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * Sleep until the monotonic clock reads `until` (ns).  false when a signal
 * cut it short: in a worker process that is a ^C (SIGINT to the process
 * group), which asked the job to stop, and the pause ends there.
 */
static bool sleep_until(uint64_t until)
{
	struct timespec ts = { .tv_sec = (time_t)(until / 1000000000ull),
			       .tv_nsec = (long)(until % 1000000000ull) };

	return clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != EINTR;
}

static int cpu_check(const void *options, const struct plio_job *job, char *why,
		     size_t len, uint32_t *option)
{
	const struct cpu_opts *o = options;

	(void)job;
	if (o->cpuload <= 0) {
		snprintf(why, len, "required: 1 to 100, the percentage of one CPU each job keeps busy");
		*option = OPT_CPULOAD;
		return -EINVAL;
	}
	return 0;
}

/* The integers qsort mode sorts: a fixed pseudo-random sequence
 * (Marsaglia's multiply-with-carry, as fio fills its own). */
static void fill(int32_t *d, size_t n)
{
	uint32_t z = 362436069u, w = 521288629u;
	size_t i;

	for (i = 0; i < n; i++) {
		z = 36969u * (z & 65535u) + (z >> 16);
		w = 18000u * (w & 65535u) + (w >> 16);
		d[i] = (int32_t)((z << 16) + w);
	}
}

static int cpu_init(struct plio_ctx *ctx)
{
	const struct cpu_opts *o = ctx->options;
	struct cpu_state *st;

	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	ctx->engine_data = st;
	st->load = o->cpuload > 100 ? 100 : (unsigned int)o->cpuload;
	if (!st->load)		/* check_options refuses it; an older core may not */
		return -EINVAL;
	st->mode = (enum cpu_mode)o->cpumode;
	st->exit_io_done = o->exit_on_io_done != 0;
	st->cycle_ns = o->cpuchunks * 1000;
	if (st->mode == MODE_QSORT) {
		st->data = malloc(SORT_N * sizeof(*st->data));
		if (!st->data)
			return -ENOMEM;
		fill(st->data, SORT_N);
	}
	/* fio's line, with plio's prefix (on stderr: stdout stays a report) */
	ctx->host->log(NULL, PLIO_LOG_INFO, "%s (%s): ioengine=cpuio, cpuload=%u, cpucycle=%llu",
		       ctx->job_name, st->mode == MODE_QSORT ? "qsort" : "noop", st->load,
		       (unsigned long long)o->cpuchunks);
	return 0;
}

static void cpu_cleanup(struct plio_ctx *ctx)
{
	struct cpu_state *st = ctx->engine_data;

	if (!st)
		return;
	free(st->data);
	free(st);
	ctx->engine_data = NULL;
}

/* exit_on_io_done: whether the I/O jobs are over (asked every CHECK_NS). */
static bool io_over(struct plio_ctx *ctx, struct cpu_state *st, uint64_t now)
{
	if (!st->exit_io_done || now < st->next_check)
		return false;
	st->next_check = now + CHECK_NS;
	return ctx->host->io_jobs_running(ctx) == 0;
}

/*
 * The pause after the last burn (fio's thinktime), before this I/O is
 * stamped.  When the I/O jobs are over, the job ends here: the core then
 * issues nothing (ABI 1.3, NOIO engines).
 */
static int cpu_prep(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct cpu_state *st = ctx->engine_data;
	uint64_t now = now_ns(), until;

	(void)u;
	if (io_over(ctx, st, now)) {
		ctx->host->job_done(ctx);
		return 0;
	}
	if (!st->last_end || st->load >= 100)
		return 0;
	until = st->last_end + st->cycle_ns * (100 - st->load) / st->load;
	while (now < until) {
		/* wake every CHECK_NS to ask whether the job is to end */
		if (!sleep_until(until - now > CHECK_NS ? now + CHECK_NS : until))
			return 0;	/* the core sees the stop, or burns early */
		if (ctx->host->job_stopping(ctx))
			return 0;	/* the core issues nothing more */
		now = now_ns();
		if (io_over(ctx, st, now)) {
			ctx->host->job_done(ctx);
			return 0;
		}
	}
	return 0;
}

static int cmp_up(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

static int cmp_down(const void *a, const void *b)
{
	return cmp_up(b, a);
}

static int cmp_byte(const void *a, const void *b)
{
	return (int)*(const int8_t *)a - (int)*(const int8_t *)b;
}

/* One qsort cycle: up, down, by byte, down again (fio's round of work).
 * glibc's qsort may take a scratch buffer from malloc: that is part of
 * the work measured, as in fio, not plio's overhead. */
static void sort_round(int32_t *d)
{
	qsort(d, SORT_N, sizeof(*d), cmp_up);
	qsort(d, SORT_N, sizeof(*d), cmp_down);
	qsort(d, SORT_N * sizeof(*d), 1, cmp_byte);
	qsort(d, SORT_N, sizeof(*d), cmp_down);
}

static int cpu_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct cpu_state *st = ctx->engine_data;
	uint64_t start = now_ns(), end;

	if (st->mode == MODE_QSORT) {
		sort_round(st->data);
		end = now_ns();
		st->cycle_ns = end - start;	/* the pause follows the work */
	} else {
		end = start + st->cycle_ns;
		while ((start = now_ns()) < end)
			;
		end = start;
	}
	st->last_end = end;
	u->result = 0;		/* time, not data */
	u->error = 0;
	return PLIO_Q_COMPLETED;
}

static const struct plio_engine cpuio_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct cpu_opts),
	.name = "cpuio",
	.help = "burns CPU instead of doing I/O: cpuload percent of one CPU per job, in cycles of cpuchunks",
	.caps = PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_NOIO,
	.options = PLIO_OPTIONS(cpu_options),
	.init = cpu_init,
	.cleanup = cpu_cleanup,
	.prep = cpu_prep,
	.queue = cpu_queue,
	.check_options = cpu_check,
};

static const struct plio_engine *const cpuio_engines[] = { &cpuio_engine, NULL };

static const struct plio_plugin cpuio_plugin = {
	PLIO_PLUGIN_HEADER(3),
	.name = "cpuio",
	.version = "1.0",
	.license = "MIT",
	.description = "the cpuio engine (CPU load as I/O)",
	.engines = cpuio_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &cpuio_plugin;
}
