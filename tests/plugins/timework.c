/*
 * timework.c - test plugin for ABI 1.3's work that is not a transfer.
 *
 * Engine "tw_noio" (PLIO_CAP_NOIO): each I/O sleeps tw_us microseconds
 * and completes with result 0: the job counts I/Os of no bytes, with
 * that latency, needs no size and runs until its runtime.  With
 * tw_exit_on_io_done it asks host->io_jobs_running() before each I/O and
 * ends its job through host->job_done() once none is left, as cpuio's
 * exit_on_io_done does.
 * Engine "tw_open" (PLIO_CAP_FILEOP): open_file sleeps tw_us and creates
 * the file: the core times the open; the units complete at once.
 * Engine "tw_badnoio": NOIO without DISKLESS, which the core refuses (the
 * other engines of this plugin still load).
 *
 * Test-only: exports the plain plio_plugin_entry, like a vendor plugin.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <plio/plio.h>

struct tw_opts {
	uint64_t us;		/* TIME: how long each I/O (or open) takes */
	int exit_on_io_done;
};

static const struct plio_option tw_options[] = {
	{ .name = "tw_us", .help = "each I/O (tw_noio) or open (tw_open) takes this long (bare: microseconds)",
	  .type = PLIO_OPT_TIME, .offset = offsetof(struct tw_opts, us), .def = "1000",
	  .unit = 1 },
	{ .name = "tw_exit_on_io_done", .help = "end when the other jobs' I/O is done",
	  .type = PLIO_OPT_BOOL, .offset = offsetof(struct tw_opts, exit_on_io_done), .def = "0" },
};

static void nap(uint64_t us)
{
	struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int noio_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	const struct tw_opts *o = ctx->options;

	if (o->exit_on_io_done && !ctx->host->io_jobs_running(ctx))
		ctx->host->job_done(ctx);
	nap(o->us);
	u->result = 0;
	u->error = 0;
	return PLIO_Q_COMPLETED;
}

static int open_open(struct plio_ctx *ctx, struct plio_file *f)
{
	const struct tw_opts *o = ctx->options;

	nap(o->us);
	f->fd = open(f->path, O_CREAT | O_RDWR | O_CLOEXEC, 0644);
	return f->fd < 0 ? -errno : 0;
}

static int open_close(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	return 0;
}

static int open_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = (int64_t)u->length;
	u->error = 0;
	return PLIO_Q_COMPLETED;
}

static const struct plio_engine tw_noio = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct tw_opts),
	.name = "tw_noio",
	.help = "test: each I/O is tw_us of waiting (PLIO_CAP_NOIO)",
	.caps = PLIO_CAP_NOIO | PLIO_CAP_DISKLESS | PLIO_CAP_SYNC | PLIO_CAP_FAKEIO,
	.options = PLIO_OPTIONS(tw_options),
	.queue = noio_queue,
};

static const struct plio_engine tw_open = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct tw_opts),
	.name = "tw_open",
	.help = "test: each file's open takes tw_us and creates it (PLIO_CAP_FILEOP)",
	.caps = PLIO_CAP_FILEOP | PLIO_CAP_DISKLESS | PLIO_CAP_SYNC | PLIO_CAP_FAKEIO,
	.options = PLIO_OPTIONS(tw_options),
	.open_file = open_open,
	.close_file = open_close,
	.queue = open_queue,
};

static const struct plio_engine tw_badnoio = {
	.struct_size = sizeof(struct plio_engine),
	.name = "tw_badnoio",
	.help = "test: NOIO without DISKLESS (refused)",
	.caps = PLIO_CAP_NOIO | PLIO_CAP_SYNC,
	.queue = noio_queue,
};

static const struct plio_engine *const tw_engines[] = { &tw_noio, &tw_open, &tw_badnoio, NULL };

static const struct plio_plugin tw_plugin = {
	PLIO_PLUGIN_HEADER(3),
	.name = "timework",
	.version = "1",
	.license = "MIT",
	.description = "test engines for ABI 1.3 (NOIO, FILEOP)",
	.engines = tw_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &tw_plugin;
}
