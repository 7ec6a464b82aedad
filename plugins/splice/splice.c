/*
 * splice.c - plugin "splice": engine "splice", fio's engine of the same
 * name: data moves between the file and the I/O buffer through a pipe.
 *
 *   read   splice(2) file -> pipe, then vmsplice(2) pipe -> buffer
 *   write  vmsplice(2) buffer -> pipe, then splice(2) pipe -> file
 *
 * So a read or write that fits in the pipe costs exactly two system calls
 * (strace: one splice and one vmsplice per I/O).  Larger ones go in pieces
 * of what the pipe holds, each piece moved out of the pipe completely
 * before the next goes in: init() sizes the worker's pipe for the job's
 * largest block (F_SETPIPE_SZ, at most 1 MiB, the kernel's default
 * pipe-max-size; a refusal keeps the 64 KiB default).  fio moves 64 KiB
 * per call and polls the pipe before each vmsplice of a write; with the
 * pipe always empty there, plio does not (fio: 3 calls per 4 KiB write).
 * fio 3.33's first read also tries to vmsplice into a fresh anonymous
 * mapping, fails with EFAULT and from then on does what plio does.
 *
 * Any call may move less than asked: a splice stops at the end of the file
 * or of the pipe's room, a vmsplice at the pipe's room (writes use
 * SPLICE_F_NONBLOCK, so a full pipe says EAGAIN rather than blocking the
 * only thread that could empty it).  The engine loops until the block is
 * done, the file ends (a short read, reported as such) or a call fails.  A
 * failure after some bytes reports those bytes, as read(2) would; with
 * none, its errno.  A failure can leave data in the pipe, so the pipe is
 * then made anew: the next I/O never sees another's bytes.  A file that
 * cannot be spliced (its file system or device has no splice method, as
 * /dev/full) fails its first I/O with EINVAL, as in fio, which adds a
 * line guessing why.
 *
 * direct=1 is honoured as fio does: the file is opened with O_DIRECT and
 * the kernel does direct I/O for the splice (Linux 6.x does, for both
 * directions).  Buffers are page-aligned (PLIO_CAP_MEMALIGN; fio's are
 * not), so each page of a block is one pipe slot and a vmsplice of a
 * pipeful is never short.  fsync and fdatasync are done as such, as in
 * fio.  Trims are not: on files fio's splice moves nothing for them and
 * fails the job with EIO, so the engine does not declare PLIO_CAP_TRIM
 * and the core refuses such jobs before they start.
 * Synchronous: every I/O completes in queue().
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include <plio/plio.h>

/* The largest pipe init() asks for: Linux's default pipe-max-size, which
 * an unprivileged process may reach. */
#define PIPE_MAX (1u << 20)

/* Per-worker state, in ctx->engine_data. */
struct sp_data {
	int pipe[2];		/* [0] read end, [1] write end; -1 when closed */
	size_t room;		/* bytes the pipe holds: the most one call moves */
	size_t want;		/* the pipe size init() asked for (0: default) */
	uint64_t *counters;	/* ctx->counters: C_* */
};

/* Printed under the job (ABI 1.1 engine counters); bumped in place. */
enum { C_SPLICE, C_VMSPLICE, C_REPIPE, C_NR };

static const struct plio_counter sp_counters[C_NR] = {
	[C_SPLICE] = { "splice_calls", "splice(2) calls (file to pipe, pipe to file)" },
	[C_VMSPLICE] = { "vmsplice_calls", "vmsplice(2) calls (pipe to buffer, buffer to pipe)" },
	[C_REPIPE] = { "pipe_resets", "pipes made anew after a failed call left data in one" },
};

/* ------------------------------------------------------------ the pipe */

static void pipe_close(struct sp_data *sd)
{
	if (sd->pipe[0] >= 0)
		close(sd->pipe[0]);
	if (sd->pipe[1] >= 0)
		close(sd->pipe[1]);
	sd->pipe[0] = sd->pipe[1] = -1;
}

/* Make the worker's pipe, as large as asked when the kernel lets us.
 * 0 or -errno. */
static int pipe_open(struct sp_data *sd)
{
	int sz;

	if (pipe2(sd->pipe, O_CLOEXEC) < 0) {
		sd->pipe[0] = sd->pipe[1] = -1;
		return -errno;
	}
	if (sd->want)
		(void)fcntl(sd->pipe[1], F_SETPIPE_SZ, (int)sd->want);
	sz = fcntl(sd->pipe[1], F_GETPIPE_SZ);
	sd->room = sz > 0 ? (size_t)sz : 65536;
	return 0;
}

/* ------------------------------------------------------------ set-up */

static int sp_init(struct plio_ctx *ctx)
{
	struct sp_data *sd;
	long page = sysconf(_SC_PAGESIZE);
	uint64_t want;
	int rc;

	/* on failure the core calls sp_cleanup(), which frees what is here */
	sd = calloc(1, sizeof(*sd));
	if (!sd)
		return -ENOMEM;
	ctx->engine_data = sd;
	sd->pipe[0] = sd->pipe[1] = -1;
	sd->counters = ctx->counters;
	if (page <= 0)
		page = 4096;
	want = (ctx->max_bs + (uint64_t)page - 1) / (uint64_t)page * (uint64_t)page;
	if (want > 65536)
		sd->want = want < PIPE_MAX ? (size_t)want : PIPE_MAX;
	rc = pipe_open(sd);
	if (rc)
		ctx->host->log(ctx, PLIO_LOG_ERROR, "making the splice pipe: %s", strerror(-rc));
	return rc;
}

static void sp_cleanup(struct plio_ctx *ctx)
{
	struct sp_data *sd = ctx->engine_data;

	if (!sd)
		return;
	pipe_close(sd);
	free(sd);
	ctx->engine_data = NULL;
}

/* ------------------------------------------------------------ transfers */

/*
 * After a failed call: the pipe may hold bytes that belong to no one now;
 * make it anew.
 */
static void repipe(struct sp_data *sd)
{
	sd->counters[C_REPIPE]++;
	pipe_close(sd);
	if (pipe_open(sd))
		pipe_close(sd);		/* the next I/O fails with EBADF */
}

/* Move n bytes from the pipe into p.  0 or an errno. */
static int drain_to_user(struct sp_data *sd, char *p, size_t n)
{
	while (n) {
		struct iovec iov = { .iov_base = p, .iov_len = n };
		ssize_t r;

		sd->counters[C_VMSPLICE]++;
		r = vmsplice(sd->pipe[0], &iov, 1, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		if (!r)
			return EIO;	/* the pipe cannot be empty: it held n */
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Move n bytes from the pipe to fd at *off.  0 or an errno. */
static int drain_to_file(struct sp_data *sd, int fd, loff_t *off, size_t n)
{
	while (n) {
		ssize_t r;

		sd->counters[C_SPLICE]++;
		r = splice(sd->pipe[0], NULL, fd, off, n, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		if (!r)
			return EIO;
		n -= (size_t)r;
	}
	return 0;
}

/* A read: file -> pipe -> buffer, a pipeful at a time.  Sets *moved. */
static int do_read(struct sp_data *sd, struct plio_io_u *u, uint64_t *moved)
{
	loff_t off = (loff_t)u->offset;
	char *p = u->buf;
	uint64_t left = u->length;
	int err;

	while (left) {
		size_t want = left < sd->room ? (size_t)left : sd->room;
		ssize_t n;

		sd->counters[C_SPLICE]++;
		n = splice(u->file->fd, &off, sd->pipe[1], NULL, want, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		if (!n)
			break;		/* end of file: a short read */
		err = drain_to_user(sd, p, (size_t)n);
		if (err)
			return err;
		p += n;
		left -= (uint64_t)n;
		*moved += (uint64_t)n;
	}
	return 0;
}

/* A write: buffer -> pipe -> file, a pipeful at a time.  Sets *moved. */
static int do_write(struct sp_data *sd, struct plio_io_u *u, uint64_t *moved)
{
	loff_t off = (loff_t)u->offset;
	char *p = u->buf;
	uint64_t left = u->length;
	int err;

	while (left) {
		struct iovec iov = {
			.iov_base = p,
			.iov_len = left < sd->room ? (size_t)left : sd->room,
		};
		ssize_t n;

		sd->counters[C_VMSPLICE]++;
		n = vmsplice(sd->pipe[1], &iov, 1, SPLICE_F_NONBLOCK);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		if (!n)
			return EIO;
		/* the pipe holds pages of the buffer: empty it before the
		 * buffer may change */
		err = drain_to_file(sd, u->file->fd, &off, (size_t)n);
		if (err)
			return err;
		p += n;
		left -= (uint64_t)n;
		*moved += (uint64_t)n;
	}
	return 0;
}

static int sp_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct sp_data *sd = ctx->engine_data;
	uint64_t moved = 0;
	int err;

	switch (u->ddir) {
	case PLIO_DDIR_READ:
	case PLIO_DDIR_WRITE:
		if (sd->pipe[0] < 0 && pipe_open(sd)) {
			err = EBADF;	/* no pipe: the last remake failed */
			break;
		}
		err = u->ddir == PLIO_DDIR_READ ? do_read(sd, u, &moved) :
						  do_write(sd, u, &moved);
		if (err)
			repipe(sd);
		if (moved)
			err = 0;	/* what moved counts, as read(2) says */
		break;
	case PLIO_DDIR_SYNC:
		err = fsync(u->file->fd) ? errno : 0;
		break;
	case PLIO_DDIR_DATASYNC:
		err = fdatasync(u->file->fd) ? errno : 0;
		break;
	default:	/* trims never come: the engine does not declare them */
		err = EINVAL;
		break;
	}
	u->result = err ? 0 : (int64_t)moved;
	u->error = err;
	return PLIO_Q_COMPLETED;
}

/* ------------------------------------------------------------ descriptor */

static const struct plio_engine splice_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "splice",
	.help = "splice(2) and vmsplice(2) through a pipe: file to pipe to buffer, buffer to pipe to file",
	.caps = PLIO_CAP_SYNC | PLIO_CAP_MEMALIGN,
	PLIO_COUNTERS(sp_counters),
	.init = sp_init,
	.cleanup = sp_cleanup,
	.queue = sp_queue,
};

static const struct plio_engine *const splice_engines[] = { &splice_engine, NULL };

static const struct plio_plugin splice_plugin = {
	PLIO_PLUGIN_HEADER(1),
	.name = "splice",
	.version = "1.0",
	.license = "MIT",
	.description = "splice and vmsplice through a pipe: engine splice",
	.engines = splice_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &splice_plugin;
}
