/*
 * stuck.c - test plugin: engines that never let their job end, so that
 * the tests can see a SIGINT end such a job anyway, within the runner's
 * bound, and a second SIGINT or the main process's death leave nothing
 * running:
 *
 *   stuck-reap  queue() takes every unit, reap() waits in the kernel
 *               (pause()) forever: a job blocked on a device that never
 *               answers
 *   stuck-spin  reap() returns at once with no unit, forever: a job
 *               that spins in its drain, burning CPU
 *   stuck-open  open_file() waits in the kernel forever: a job stuck in
 *               its set-up, before the start barrier (a FIFO's open)
 *
 * All of them are disk-less and move no data.  A worker that got stuck
 * names its thread "plio-stuck" (/proc/PID/task/TID/comm), so that a test
 * signals it only once it is stuck.  pause() returns after a signal
 * handler ran (a process worker inherits the runner's), so each waits in
 * a loop.  Test-only: exports the plain plio_plugin_entry.
 */
#include <stddef.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <plio/plio.h>

static void say_stuck(void)
{
	static __thread int said;

	if (!said)
		prctl(PR_SET_NAME, "plio-stuck", 0, 0, 0);
	said = 1;
}

static void forever(void)
{
	say_stuck();
	for (;;)
		pause();
}

static int stuck_open(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	f->fd = -1;
	return 0;
}

static int stuck_open_forever(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	(void)f;
	forever();
	return 0;
}

static int stuck_close(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

static int stuck_size(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size)
{
	(void)ctx;
	*size = f->io_offset + f->io_size;
	return 0;
}

static int stuck_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = (int64_t)u->length;
	u->error = 0;
	return PLIO_Q_QUEUED;
}

static int stuck_commit(struct plio_ctx *ctx)
{
	(void)ctx;
	return 0;
}

static int reap_forever(struct plio_ctx *ctx, unsigned int min, unsigned int max,
			struct plio_io_u **done, const struct timespec *timeout)
{
	(void)ctx;
	(void)min;
	(void)max;
	(void)done;
	(void)timeout;
	forever();
	return 0;
}

static int reap_nothing(struct plio_ctx *ctx, unsigned int min, unsigned int max,
			struct plio_io_u **done, const struct timespec *timeout)
{
	(void)ctx;
	(void)min;
	(void)max;
	(void)done;
	(void)timeout;
	say_stuck();
	return 0;
}

#define STUCK_ENGINE(var, nm, op, rp)                                           \
	static const struct plio_engine var = {                                 \
		.struct_size = sizeof(struct plio_engine),                      \
		.name = nm,                                                     \
		.help = "test: never lets its job end",                         \
		.caps = PLIO_CAP_DISKLESS | PLIO_CAP_FAKEIO,                    \
		.open_file = op,                                                \
		.close_file = stuck_close,                                      \
		.file_size = stuck_size,                                        \
		.queue = stuck_queue,                                           \
		.commit = stuck_commit,                                         \
		.reap = rp,                                                     \
	}

STUCK_ENGINE(stuck_reap, "stuck-reap", stuck_open, reap_forever);
STUCK_ENGINE(stuck_spin, "stuck-spin", stuck_open, reap_nothing);
STUCK_ENGINE(stuck_opening, "stuck-open", stuck_open_forever, reap_forever);

static const struct plio_engine *const stuck_engines[] = {
	&stuck_reap, &stuck_spin, &stuck_opening, NULL
};

static const struct plio_plugin stuck_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "stuck",
	.version = "1.0",
	.license = "MIT",
	.description = "test: engines whose jobs never end on their own",
	.engines = stuck_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &stuck_plugin;
}
