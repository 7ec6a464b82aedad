/*
 * falloc.c - plugin "falloc": engine "falloc", fio's: each I/O is a
 * fallocate(2) of its range instead of a transfer, so a job measures how
 * fast the file system allocates.  A read allocates keeping the size
 * (FALLOC_FL_KEEP_SIZE), a write allocates and extends the file (mode 0),
 * a trim punches a hole (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE);
 * fsync and fdatasync are done as such.  No data moves: a completed I/O
 * counts its length, as fio counts it.  Synchronous: each call completes
 * in queue().  Files are opened for writing whatever the job does (as
 * fio's engine opens them): fallocate(2) needs it, for reads too.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <plio/plio.h>

static int falloc_open(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	f->fd = open(f->path, (f->open_flags & ~O_ACCMODE) | O_RDWR | O_CLOEXEC, 0644);
	return f->fd < 0 ? -errno : 0;
}

static int falloc_close(struct plio_ctx *ctx, struct plio_file *f)
{
	int rc = 0;

	(void)ctx;
	if (f->fd >= 0 && close(f->fd))
		rc = -errno;
	f->fd = -1;
	return rc;
}

static int falloc_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	int fd = u->file->fd, rc, mode;

	(void)ctx;
	switch (u->ddir) {
	case PLIO_DDIR_SYNC:
		rc = fsync(fd);
		break;
	case PLIO_DDIR_DATASYNC:
		rc = fdatasync(fd);
		break;
	default:
		mode = u->ddir == PLIO_DDIR_READ ? FALLOC_FL_KEEP_SIZE :
		       u->ddir == PLIO_DDIR_WRITE ? 0 : FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE;
		do
			rc = fallocate(fd, mode, (off_t)u->offset, (off_t)u->length);
		while (rc < 0 && errno == EINTR);
		break;
	}
	if (rc < 0) {
		u->result = 0;
		u->error = errno;
	} else {
		u->result = u->ddir > PLIO_DDIR_TRIM ? 0 : (int64_t)u->length;
		u->error = 0;
	}
	return PLIO_Q_COMPLETED;
}

static const struct plio_engine falloc_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "falloc",
	.help = "fallocate(2) instead of transfers: reads allocate keeping the size, writes allocate and extend, trims punch holes",
	.caps = PLIO_CAP_SYNC | PLIO_CAP_TRIM,
	.open_file = falloc_open,
	.close_file = falloc_close,
	.queue = falloc_queue,
};

static const struct plio_engine *const falloc_engines[] = { &falloc_engine, NULL };

static const struct plio_plugin falloc_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "falloc",
	.version = "1.0",
	.license = "MIT",
	.description = "the falloc engine (fallocate as I/O)",
	.engines = falloc_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &falloc_plugin;
}
