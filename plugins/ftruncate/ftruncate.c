/*
 * ftruncate.c - plugin "ftruncate": engine "ftruncate", fio's: each write
 * is an ftruncate(2) of the file to the write's offset (its length is not
 * used), so a job measures how fast the file system resizes a file.  A job
 * that reads or trims is refused when its options are checked (fio fails
 * its first such I/O with EINVAL); fsync and fdatasync are done as such.
 * Synchronous: each call completes in queue().
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include <plio/plio.h>

static int ftruncate_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	int fd = u->file->fd, rc;

	(void)ctx;
	switch (u->ddir) {
	case PLIO_DDIR_WRITE:
		do
			rc = ftruncate(fd, (off_t)u->offset);
		while (rc < 0 && errno == EINTR);
		break;
	case PLIO_DDIR_SYNC:
		rc = fsync(fd);
		break;
	case PLIO_DDIR_DATASYNC:
		rc = fdatasync(fd);
		break;
	default:		/* refused by check_options */
		rc = -1;
		errno = EINVAL;
		break;
	}
	if (rc < 0) {
		u->result = 0;
		u->error = errno;
	} else {
		u->result = u->ddir == PLIO_DDIR_WRITE ? (int64_t)u->length : 0;
		u->error = 0;
	}
	return PLIO_Q_COMPLETED;
}

/* ABI 1.1: only writes mean something here. */
static int ftruncate_check(const void *options, const struct plio_job *job, char *why,
			   size_t len, uint32_t *option)
{
	(void)options;
	(void)option;
	if (job->rw & (PLIO_JOB_READ | PLIO_JOB_TRIM)) {
		snprintf(why, len, "it only writes (each write sets the file's size to its offset): use rw=write or randwrite");
		return -EINVAL;
	}
	return 0;
}

static const struct plio_engine ftruncate_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "ftruncate",
	.help = "ftruncate(2) to each write's offset instead of writing (writes only)",
	.caps = PLIO_CAP_SYNC,
	.queue = ftruncate_queue,
	.check_options = ftruncate_check,
};

static const struct plio_engine *const ftruncate_engines[] = { &ftruncate_engine, NULL };

static const struct plio_plugin ftruncate_plugin = {
	PLIO_PLUGIN_HEADER(1),
	.name = "ftruncate",
	.version = "1.0",
	.license = "MIT",
	.description = "the ftruncate engine (resizing as I/O)",
	.engines = ftruncate_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &ftruncate_plugin;
}
