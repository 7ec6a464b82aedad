/*
 * aio.c - plugin "aio": engine "libaio", Linux native asynchronous I/O.
 *
 * Each worker owns one kernel AIO context (io_setup with room for iodepth
 * requests) and one iocb per I/O unit, set up once and pointed to by
 * u->engine_data.  queue() only fills the unit's iocb and appends it to the
 * list of accepted requests; commit() hands that whole list to the kernel in
 * one io_submit(2), and reap() does the same first (the core calls reap()
 * without commit() when it is about to wait), then collects completions.
 * So a round trip costs at most two system calls however many units it
 * carries.
 *
 * The kernel may take fewer iocbs than offered.  A partial count just means
 * "submit the rest again"; -EAGAIN means its queue is full, and the rest stay
 * accepted until a completion frees room (reap() retries after every batch
 * of completions).  A request the kernel refuses outright (a bad descriptor,
 * a flag the file system lacks) completes with that error without ever
 * reaching the kernel: it waits in a small list that the next reap() drains
 * first.
 *
 * Syncs become IO_CMD_FSYNC / IO_CMD_FDSYNC requests.  Kernels before 4.18
 * (and file systems without an fsync method) refuse those with EINVAL; the
 * first refusal runs that sync synchronously and switches the worker to
 * doing syncs with fsync(2)/fdatasync(2) inside queue(), after everything in
 * flight has come back.  Trims always run synchronously in queue(), through
 * the host's file_trim (AIO has no discard command).
 *
 * Completions that are already in the ring the kernel shares with the
 * process are read from it in user space; io_getevents() is called only to
 * wait.  On buffered files the kernel does the copy inside io_submit(), so at
 * iodepth 1 a round trip is one system call instead of fio's two.  fio reads
 * the ring itself only with userspace_reap=1 and iodepth_batch_complete_min=0
 * (polling); plio accepts that option from fio job files, and with it does
 * exactly that, as it always does.  nowait sets RWF_NOWAIT on every read and
 * write, so a request that would block fails with EAGAIN instead; post_init
 * checks that every file's file system accepts the flag.
 *
 * With direct=1, when the job leaves iodepth_batch_submit at plio's default
 * (0: submit every queued unit at once), a long batch is handed over in
 * slices (see choose_slice()), so the device starts on the first requests
 * while the rest are being submitted.
 *
 * libaio's calls return a negative errno rather than setting errno.  AIO
 * is only really asynchronous with direct=1, as with fio.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libaio.h>

#include <plio/plio.h>

#ifndef RWF_NOWAIT
#define RWF_NOWAIT 0x00000008
#endif

/*
 * The head of the completion ring the kernel maps into the process at the
 * address io_setup() returns as the context (fs/aio.c, a stable user ABI:
 * libaio reads it too).  The kernel advances tail; the reader advances head.
 */
struct aio_ring {
	unsigned int id;
	unsigned int nr;	/* events the ring holds */
	unsigned int head;
	unsigned int tail;
	unsigned int magic;
	unsigned int compat_features;
	unsigned int incompat_features;
	unsigned int header_length;
	struct io_event io_events[];
};

#define AIO_RING_MAGIC 0xa10a10a1u

/* The engine's options block, filled by the core from aio_options[]. */
struct aio_opts {
	int userspace_reap;	/* BOOL; what plio does anyway (see the top) */
	int nowait;		/* BOOL */
};

static const struct plio_option aio_options[] = {
	{
		.name = "userspace_reap",
		.help = "Read completions from the AIO ring in user space when polling (plio always reads ready ones there)",
		.type = PLIO_OPT_BOOL,
		.offset = offsetof(struct aio_opts, userspace_reap),
		.def = "0",
	},
	{
		.name = "nowait",
		.help = "Set RWF_NOWAIT on reads and writes: fail with EAGAIN instead of blocking",
		.type = PLIO_OPT_BOOL,
		.offset = offsetof(struct aio_opts, nowait),
		.def = "0",
		.flags = PLIO_OPTF_KERNEL_DEPENDENT,
	},
};

/*
 * Per-worker state, in ctx->engine_data.  Every unit is in exactly one of:
 * the core's hands, pend[] (accepted, not yet submitted), the kernel
 * (in_kernel counts them), or early[] (finished without reaching the
 * kernel, waiting for reap()).
 */
struct aio_data {
	io_context_t ioctx;
	struct iocb *iocbs;		/* one per unit, by u->index */
	struct iocb **pend;		/* pend[0..nr_pend-1], in queue order */
	unsigned int nr_pend;
	struct plio_io_u **early;	/* early[0..nr_early-1] */
	unsigned int nr_early;
	struct io_event *events;	/* depth of them, for io_getevents */
	unsigned int in_kernel;
	unsigned int depth;
	unsigned int slice;		/* most iocbs per io_submit(), 0: all */
	int rw_flags;			/* RWF_* on every read and write */
	bool ring_first;		/* read the ring in user space first */
	bool sync_in_queue;		/* the kernel refused an AIO fsync */
	uint64_t *counters;		/* ctx->counters: C_* */
};

static const struct timespec zero_wait;

/* Printed under the job (ABI 1.1 engine counters); bumped in place. */
enum { C_SUBMIT, C_GETEVENTS, C_EAGAIN, C_NR };

static const struct plio_counter aio_counters[C_NR] = {
	[C_SUBMIT] = { "io_submit_calls", "io_submit(2) calls" },
	[C_GETEVENTS] = { "io_getevents_calls",
			  "io_getevents(2) calls (completions read from the ring in user space need none)" },
	[C_EAGAIN] = { "eagain_resubmits",
		       "times io_submit took only part of the batch (EAGAIN: the kernel's queue is full) and the rest waited for completions" },
};

/* ------------------------------------------------------------ set-up */

/* Can completions be read from ctx's ring in user space? */
static bool ring_usable(io_context_t ioctx)
{
	const struct aio_ring *ring = (const struct aio_ring *)ioctx;

	return ring && ring->magic == AIO_RING_MAGIC && !ring->incompat_features &&
	       ring->header_length == sizeof(*ring) && ring->nr;
}

/*
 * How many iocbs one io_submit() carries.  With direct=1 the device works
 * while the CPU submits, so a long batch handed over in one call leaves the
 * device idle until the last iocb is in (the block layer holds a batch of
 * more than two back until the call ends): with plio's default
 * iodepth_batch_submit=0 (submit every free unit at once), direct I/O goes
 * in slices of DIRECT_SLICE, which measured best on a virtio disk at
 * iodepth 32 (about 15% above one call for all).  Buffered I/O copies
 * inside io_submit() anyway, and an explicit iodepth_batch_submit is the
 * user's choice: both submit everything in one call.
 */
#define DIRECT_SLICE 4

static unsigned int choose_slice(const struct plio_ctx *ctx)
{
	if (!ctx->direct || ctx->job->iodepth_batch)
		return 0;
	return DIRECT_SLICE;
}

static int aio_init(struct plio_ctx *ctx)
{
	static const struct aio_opts defaults;
	const struct aio_opts *o = ctx->options ? ctx->options : &defaults;
	struct aio_data *ad;
	unsigned int depth = ctx->iodepth ? ctx->iodepth : 1;
	int rc;

	/* on failure the core calls aio_cleanup(), which frees what is here */
	ad = calloc(1, sizeof(*ad));
	if (!ad)
		return -ENOMEM;
	ctx->engine_data = ad;
	ad->counters = ctx->counters;
	ad->depth = depth;
	ad->iocbs = calloc(depth, sizeof(*ad->iocbs));
	ad->pend = calloc(depth, sizeof(*ad->pend));
	ad->early = calloc(depth, sizeof(*ad->early));
	ad->events = calloc(depth, sizeof(*ad->events));
	if (!ad->iocbs || !ad->pend || !ad->early || !ad->events)
		return -ENOMEM;
	rc = io_setup((int)depth, &ad->ioctx);
	if (rc < 0) {
		if (rc == -EAGAIN)
			ctx->host->log(ctx, PLIO_LOG_ERROR,
				       "io_setup(%u): the system-wide limit of AIO requests is reached (sysctl fs.aio-max-nr)",
				       depth);
		else
			ctx->host->log(ctx, PLIO_LOG_ERROR, "io_setup(%u): %s",
				       depth, strerror(-rc));
		ad->ioctx = 0;
		return rc;
	}
	ad->slice = choose_slice(ctx);
	ad->rw_flags = o->nowait ? RWF_NOWAIT : 0;
	ad->ring_first = ring_usable(ad->ioctx);
	return 0;
}

/* io_destroy() waits for whatever is still in the kernel. */
static void aio_cleanup(struct plio_ctx *ctx)
{
	struct aio_data *ad = ctx->engine_data;

	if (!ad)
		return;
	if (ad->ioctx)
		io_destroy(ad->ioctx);
	free(ad->iocbs);
	free(ad->pend);
	free(ad->early);
	free(ad->events);
	free(ad);
	ctx->engine_data = NULL;
}

/* Each unit's iocb is the slot of the same index, for the unit's life. */
static int aio_unit_init(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct aio_data *ad = ctx->engine_data;

	if (u->index >= ad->depth)
		return -EINVAL;
	u->engine_data = &ad->iocbs[u->index];
	return 0;
}

/*
 * nowait=1: check that each file's file system takes RWF_NOWAIT, with a
 * zero-length read (the kernel checks the flag before it looks at the
 * length), so the job is refused with one clear line rather than failing
 * at its first I/O.
 */
static int check_nowait(struct plio_ctx *ctx, struct aio_data *ad)
{
	struct iocb cb, *list[1] = { &cb };
	struct io_event ev;
	uint32_t i;
	int rc;

	for (i = 0; i < ctx->nr_files; i++) {
		struct plio_file *f = ctx->files[i];

		if (f->fd < 0)
			continue;
		io_prep_pread(&cb, f->fd, ctx->buffers, 0, 0);
		cb.aio_rw_flags = RWF_NOWAIT;
		do
			rc = io_submit(ad->ioctx, 1, list);
		while (rc == -EINTR);
		if (rc == 1) {
			do
				rc = io_getevents(ad->ioctx, 1, 1, &ev, NULL);
			while (rc == -EINTR);
			if (rc != 1)
				return rc < 0 ? rc : -EIO;
			rc = (int)(long)ev.res;
			if (rc == -EAGAIN)
				rc = 0;
		}
		if (rc == -EOPNOTSUPP || rc == -EINVAL) {
			ctx->host->log(ctx, PLIO_LOG_ERROR,
				       "nowait=1: the file system of '%s' does not support RWF_NOWAIT",
				       f->path);
			return -EOPNOTSUPP;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int aio_post_init(struct plio_ctx *ctx)
{
	struct aio_data *ad = ctx->engine_data;

	if (ad->rw_flags & RWF_NOWAIT)
		return check_nowait(ctx, ad);
	return 0;
}

/* -------------------------------------------------------- submission */

/* Run a sync unit now, with fsync(2) or fdatasync(2). */
static void sync_now(struct plio_io_u *u)
{
	int rc;

	if (u->ddir == PLIO_DDIR_DATASYNC)
		rc = fdatasync(u->file->fd);
	else
		rc = fsync(u->file->fd);
	u->result = 0;
	u->error = rc ? errno : 0;
}

/*
 * The kernel refused the iocb at the head of pend[] with err (< 0): finish
 * its unit here.  A refused AIO fsync falls back to a synchronous one, now
 * and for the rest of the run.
 */
static void refused(struct aio_data *ad, struct iocb *cb, int err)
{
	struct plio_io_u *u = cb->data;

	if ((cb->aio_lio_opcode == IO_CMD_FSYNC ||
	     cb->aio_lio_opcode == IO_CMD_FDSYNC) &&
	    (err == -EINVAL || err == -EOPNOTSUPP)) {
		ad->sync_in_queue = true;
		sync_now(u);
	} else {
		u->result = 0;
		u->error = -err;
	}
	ad->early[ad->nr_early++] = u;
}

/*
 * Hand pend[] to the kernel: as many iocbs as it takes.  What it cannot take
 * yet (-EAGAIN while others are in flight) stays in pend[] for the next
 * call.  Returns 0, or -errno when nothing can move at all.
 */
static int submit_pending(struct aio_data *ad)
{
	unsigned int done = 0;
	int r;

	while (done < ad->nr_pend) {
		long nr = (long)(ad->nr_pend - done);

		if (ad->slice && nr > (long)ad->slice)
			nr = (long)ad->slice;
		ad->counters[C_SUBMIT]++;
		r = io_submit(ad->ioctx, nr, ad->pend + done);
		if (r > 0) {
			done += (unsigned int)r;
			ad->in_kernel += (unsigned int)r;
			continue;
		}
		if (r == -EINTR)
			continue;
		if (r == 0 || r == -EAGAIN) {
			ad->counters[C_EAGAIN]++;
			if (ad->in_kernel)
				break;	/* room comes back with completions */
			r = -EAGAIN;
			if (!done)
				return r;
			break;
		}
		refused(ad, ad->pend[done], r);
		done++;
	}
	if (done < ad->nr_pend)
		memmove(ad->pend, ad->pend + done,
			(ad->nr_pend - done) * sizeof(*ad->pend));
	ad->nr_pend -= done;
	return 0;
}

/*
 * Prepare u's iocb and accept it; syncs (when the kernel has no AIO fsync)
 * and trims run here, once nothing else is in flight, and complete at once.
 */
/* linux/aio_abi.h's IOCB_FLAG_IOPRIO (that header clashes with libaio.h) */
#define AIO_IOCB_FLAG_IOPRIO (1u << 1)

/* cmdprio (ABI 1.2): the priority the core gave this read or write. */
static inline void set_prio(struct iocb *cb, const struct plio_io_u *u)
{
	if (PLIO_HAS(u, ioprio) && u->ioprio) {
		cb->aio_reqprio = (short)u->ioprio;
		cb->u.c.flags |= AIO_IOCB_FLAG_IOPRIO;
	}
}

static int aio_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct aio_data *ad = ctx->engine_data;
	struct iocb *cb = u->engine_data;
	int fd = u->file->fd;
	int rc;

	if (ad->nr_pend + ad->in_kernel + ad->nr_early >= ad->depth)
		return PLIO_Q_BUSY;
	switch (u->ddir) {
	case PLIO_DDIR_READ:
		io_prep_pread(cb, fd, u->buf, (size_t)u->length, (long long)u->offset);
		cb->aio_rw_flags = ad->rw_flags;
		set_prio(cb, u);
		break;
	case PLIO_DDIR_WRITE:
		io_prep_pwrite(cb, fd, u->buf, (size_t)u->length, (long long)u->offset);
		cb->aio_rw_flags = ad->rw_flags;
		set_prio(cb, u);
		break;
	case PLIO_DDIR_SYNC:
	case PLIO_DDIR_DATASYNC:
		if (ad->sync_in_queue) {
			if (ad->nr_pend + ad->in_kernel + ad->nr_early)
				return PLIO_Q_BUSY;
			sync_now(u);
			return PLIO_Q_COMPLETED;
		}
		if (u->ddir == PLIO_DDIR_SYNC)
			io_prep_fsync(cb, fd);
		else
			io_prep_fdsync(cb, fd);
		break;
	case PLIO_DDIR_TRIM:
		if (ad->nr_pend + ad->in_kernel + ad->nr_early)
			return PLIO_Q_BUSY;
		rc = ctx->host->file_trim(ctx, u->file, u->offset, u->length);
		u->result = rc ? 0 : (int64_t)u->length;
		u->error = -rc;
		return PLIO_Q_COMPLETED;
	default:
		u->result = 0;
		u->error = EINVAL;
		return PLIO_Q_COMPLETED;
	}
	cb->data = u;
	ad->pend[ad->nr_pend++] = cb;
	return PLIO_Q_QUEUED;
}

static int aio_commit(struct plio_ctx *ctx)
{
	struct aio_data *ad = ctx->engine_data;

	return ad->nr_pend ? submit_pending(ad) : 0;
}

/* ------------------------------------------------------------ reaping */

/*
 * Take up to max events that are already in the completion ring, without
 * entering the kernel.  Only when ring_usable() said yes.  This thread is
 * the ring's only reader; the kernel publishes events before it moves tail
 * (hence acquire) and reads head only to learn which slots are free again
 * (hence release, after the events are copied).
 */
static int ring_reap(struct aio_data *ad, unsigned int max)
{
	struct aio_ring *ring = (struct aio_ring *)ad->ioctx;
	unsigned int head, tail, n = 0;

	head = ring->head;
	tail = __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE);
	while (head != tail && n < max) {
		ad->events[n++] = ring->io_events[head];
		if (++head == ring->nr)
			head = 0;
	}
	__atomic_store_n(&ring->head, head, __ATOMIC_RELEASE);
	return (int)n;
}

/* Turn n events into finished units in done[]. */
static void take_events(struct aio_data *ad, int n, struct plio_io_u **done)
{
	int i;

	for (i = 0; i < n; i++) {
		struct plio_io_u *u = ad->events[i].data;
		long res = (long)ad->events[i].res;

		if (res < 0) {
			u->result = 0;
			u->error = (int32_t)-res;
		} else {
			u->result = res;
			u->error = 0;
		}
		done[i] = u;
	}
	ad->in_kernel -= (unsigned int)n;
}

/*
 * Submit what is accepted, then collect at least min (at most max) finished
 * units: first those the kernel refused, then events.  Never waits for more
 * than the kernel holds; after each batch of completions it submits what
 * the kernel had no room for.
 */
static int aio_reap(struct plio_ctx *ctx, unsigned int min, unsigned int max,
		    struct plio_io_u **done, const struct timespec *timeout)
{
	struct aio_data *ad = ctx->engine_data;
	unsigned int n = 0, want;
	int r;

	if (ad->nr_pend) {
		r = submit_pending(ad);
		if (r < 0)
			return r;
	}
	if (ad->nr_early) {
		n = ad->nr_early < max ? ad->nr_early : max;
		memcpy(done, ad->early, n * sizeof(*done));
		ad->nr_early -= n;
		memmove(ad->early, ad->early + n, ad->nr_early * sizeof(*ad->early));
	}
	while (n < max && ad->in_kernel) {
		bool timed = false;

		want = n < min ? min - n : 0;
		if (want > ad->in_kernel)
			want = ad->in_kernel;
		/* what is complete already costs no system call */
		r = ad->ring_first ? ring_reap(ad, max - n) : 0;
		if (!r && (want || !ad->ring_first)) {
			ad->counters[C_GETEVENTS]++;
			r = io_getevents(ad->ioctx, (long)want, (long)(max - n), ad->events,
					 (struct timespec *)(want ? timeout : &zero_wait));
			timed = want && timeout;
		}
		if (r == -EINTR) {
			if (!timeout)
				continue;
			break;	/* a signal: as if the time were up */
		}
		if (r < 0)
			return n ? (int)n : r;
		take_events(ad, r, done + n);
		n += (unsigned int)r;
		if (ad->nr_pend) {
			int s = submit_pending(ad);

			if (s < 0)
				return n ? (int)n : s;
		}
		if (n >= min || (timed && (unsigned int)r < want))
			break;	/* enough, or the time is up */
	}
	return (int)n;
}

/*
 * Cancel u: a unit not yet submitted finishes with ECANCELED at the next
 * reap(); one in the kernel gets io_cancel(), whose outcome (if the kernel
 * can cancel it at all) arrives as an ordinary event.
 */
static int aio_cancel(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct aio_data *ad = ctx->engine_data;
	struct iocb *cb = u->engine_data;
	struct io_event ev;
	unsigned int i;
	int rc;

	for (i = 0; i < ad->nr_pend; i++) {
		if (ad->pend[i] != cb)
			continue;
		memmove(ad->pend + i, ad->pend + i + 1,
			(ad->nr_pend - i - 1) * sizeof(*ad->pend));
		ad->nr_pend--;
		u->result = 0;
		u->error = ECANCELED;
		ad->early[ad->nr_early++] = u;
		return 0;
	}
	rc = io_cancel(ad->ioctx, cb, &ev);
	if (rc == -EINPROGRESS)
		return 0;
	return rc;
}

/* ------------------------------------------------------------ descriptor */

static const struct plio_engine libaio_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct aio_opts),
	.name = "libaio",
	.help = "Linux native asynchronous I/O (io_submit/io_getevents through libaio)",
	.caps = PLIO_CAP_MEMALIGN | PLIO_CAP_TRIM | PLIO_CAP_IOPRIO,
	.options = PLIO_OPTIONS(aio_options),
	PLIO_COUNTERS(aio_counters),
	.init = aio_init,
	.cleanup = aio_cleanup,
	.unit_init = aio_unit_init,
	.queue = aio_queue,
	.commit = aio_commit,
	.reap = aio_reap,
	.cancel = aio_cancel,
	.post_init = aio_post_init,
};

static const struct plio_engine *const aio_engines[] = { &libaio_engine, NULL };

static const struct plio_plugin aio_plugin = {
	PLIO_PLUGIN_HEADER(1),
	.name = "aio",
	.version = "1.0",
	.license = "MIT",
	.description = "Linux native AIO through libaio: engine libaio",
	.engines = aio_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &aio_plugin;
}
