/*
 * mmap.c - plugin "mmap": engine "mmap", I/O by memcpy through a mapping.
 *
 * open_file opens the file through the host's default and maps the job's
 * region of it, [io_offset, io_offset + io_size), shared, rounded down to a
 * page boundary at the start (mmap(2) wants a page-aligned file offset).  A
 * read copies from the mapping into the unit's buffer and a write copies the
 * other way: the page faults, and the kernel's write-back for writes, are
 * the I/O.  The mapping is read-only when the job only reads, so a read job
 * cannot dirty the file.  Like fio, the mapping gets a madvise(2) hint from
 * the job's access pattern (MADV_RANDOM for random jobs, MADV_SEQUENTIAL
 * otherwise) unless fadvise_hint=0, and MADV_HUGEPAGE when thp=1.
 *
 * A mapping cannot grow its file, and touching a page past the end of the
 * file raises SIGBUS, so open_file refuses a file shorter than the region
 * (the core lays files out before the run: a write job's file is extended,
 * a read job's filled).  Direct I/O has no meaning through the page cache:
 * the engine says PLIO_CAP_NODIRECT and the core refuses direct=1.
 *
 * Everything completes inside queue() (PLIO_CAP_SYNC).  fsync and fdatasync
 * are msync(MS_SYNC) of the whole mapping; a trim is madvise(MADV_REMOVE)
 * on a writable mapping (freeing the backing store), or the host's
 * file_trim where that is refused.  invalidate drops the mapping's pages
 * (MADV_DONTNEED) and then the file's cached pages (POSIX_FADV_DONTNEED).
 *
 * Per-file state (the mapping) lives in f->engine_data; per-worker state
 * (the hints) in ctx->engine_data.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <plio/plio.h>

/* The engine's options block, filled by the core from mmap_options[]. */
struct mmap_opts {
	int thp;		/* BOOL */
};

static const struct plio_option mmap_options[] = {
	{
		.name = "thp",
		.help = "madvise(MADV_HUGEPAGE) the mapping: use transparent huge pages where the file system can",
		.type = PLIO_OPT_BOOL,
		.offset = offsetof(struct mmap_opts, thp),
		.def = "0",
	},
};

/* One mapped region, in f->engine_data between open_file and close_file. */
struct mmap_file {
	char *base;		/* the mapping */
	size_t len;		/* its length */
	uint64_t start;		/* file offset that base maps */
	bool writable;
};

/* Per-worker state, in ctx->engine_data. */
struct mmap_data {
	int advice;		/* MADV_* for every mapping, or -1: none */
	bool thp;
};

/* Set by plio_plugin_entry(); the host table is constant for the process. */
static const struct plio_host *mmap_host;

/* ------------------------------------------------------------ set-up */

/*
 * The madvise hint fio's default fadvise_hint=1 gives a job: from its
 * access pattern (the job's facts, ABI 1.1).
 */
static int choose_advice(const struct plio_ctx *ctx)
{
	return ctx->job->rw & PLIO_JOB_RANDOM ? MADV_RANDOM : MADV_SEQUENTIAL;
}

static int mmap_init(struct plio_ctx *ctx)
{
	const struct mmap_opts *o = ctx->options;
	struct mmap_data *md;

	md = calloc(1, sizeof(*md));
	if (!md)
		return -ENOMEM;
	md->advice = choose_advice(ctx);
	md->thp = o && o->thp;
	ctx->engine_data = md;
	return 0;
}

static void mmap_cleanup(struct plio_ctx *ctx)
{
	free(ctx->engine_data);
	ctx->engine_data = NULL;
}

/* Map f's region; the file must already hold all of it. */
static int map_region(struct plio_ctx *ctx, struct plio_file *f, struct mmap_file *mf)
{
	const struct mmap_data *md = ctx->engine_data;
	uint64_t end = f->io_offset + f->io_size, size = 0;
	long page = sysconf(_SC_PAGESIZE);
	int prot = PROT_READ;
	int rc;

	rc = mmap_host->file_size(ctx, f, &size);
	if (rc)
		return rc;
	if (size < end) {
		mmap_host->log(ctx, PLIO_LOG_ERROR,
			       "it holds %llu bytes, fewer than the region's end at %llu, and a mapping cannot extend a file",
			       (unsigned long long)size, (unsigned long long)end);
		return -EINVAL;
	}
	if ((f->open_flags & O_ACCMODE) != O_RDONLY) {
		prot |= PROT_WRITE;
		mf->writable = true;
	}
	mf->start = f->io_offset - f->io_offset % (uint64_t)(page > 0 ? page : 4096);
	if (end - mf->start > SIZE_MAX) {
		mmap_host->log(ctx, PLIO_LOG_ERROR,
			       "its region is too large to map in this address space");
		return -EFBIG;
	}
	mf->len = (size_t)(end - mf->start);
	mf->base = mmap(NULL, mf->len, prot, MAP_SHARED, f->fd, (off_t)mf->start);
	if (mf->base == MAP_FAILED) {
		rc = -errno;
		mf->base = NULL;
		mmap_host->log(ctx, PLIO_LOG_ERROR, "mapping %zu bytes of it: %s",
			       mf->len, strerror(-rc));
		return rc;
	}
	/* hints only: their failure changes nothing the job relies on */
	if (md && md->thp)
		(void)madvise(mf->base, mf->len, MADV_HUGEPAGE);
	if (md && md->advice >= 0)
		(void)madvise(mf->base, mf->len, md->advice);
	return 0;
}

static int mmap_open(struct plio_ctx *ctx, struct plio_file *f)
{
	struct mmap_file *mf;
	int rc;

	rc = mmap_host->file_open(ctx, f);
	if (rc)
		return rc;
	mf = calloc(1, sizeof(*mf));
	if (!mf) {
		rc = -ENOMEM;
		goto fail;
	}
	rc = map_region(ctx, f, mf);
	if (rc)
		goto fail;
	f->engine_data = mf;
	return 0;
fail:
	free(mf);
	mmap_host->file_close(ctx, f);
	return rc;
}

static int mmap_close(struct plio_ctx *ctx, struct plio_file *f)
{
	struct mmap_file *mf = f->engine_data;
	int rc = 0;

	if (mf) {
		if (mf->base && munmap(mf->base, mf->len))
			rc = -errno;
		free(mf);
		f->engine_data = NULL;
	}
	if (f->fd >= 0) {
		int c = mmap_host->file_close(ctx, f);

		if (!rc)
			rc = c;
	}
	return rc;
}

/* ------------------------------------------------------------ the I/O */

/* Fill in u's outcome from a call's return (0 or -1 with errno). */
static int finish(struct plio_io_u *u, int rc, int64_t bytes)
{
	u->result = rc ? 0 : bytes;
	u->error = rc ? (errno ? errno : EIO) : 0;
	return PLIO_Q_COMPLETED;
}

/* Trim [off, off+len) of the mapping: MADV_REMOVE, else the host's trim. */
static int trim(struct plio_ctx *ctx, struct plio_io_u *u, struct mmap_file *mf,
		size_t off)
{
	long page = sysconf(_SC_PAGESIZE);
	int rc;

	if (mf->writable && page > 0 && !(off % (size_t)page) &&
	    !(u->length % (uint64_t)page) &&
	    !madvise(mf->base + off, (size_t)u->length, MADV_REMOVE))
		return finish(u, 0, (int64_t)u->length);
	rc = mmap_host->file_trim(ctx, u->file, u->offset, u->length);
	u->result = rc ? 0 : (int64_t)u->length;
	u->error = -rc;
	return PLIO_Q_COMPLETED;
}

static int mmap_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct mmap_file *mf = u->file->engine_data;
	uint64_t off = u->offset - mf->start;

	if (u->ddir == PLIO_DDIR_SYNC || u->ddir == PLIO_DDIR_DATASYNC)
		return finish(u, msync(mf->base, mf->len, MS_SYNC), 0);
	/* never outside the mapping: the core keeps I/O in the region */
	if (u->offset < mf->start || off > mf->len || u->length > mf->len - off) {
		u->result = 0;
		u->error = EINVAL;
		return PLIO_Q_COMPLETED;
	}
	switch (u->ddir) {
	case PLIO_DDIR_READ:
		memcpy(u->buf, mf->base + off, (size_t)u->length);
		break;
	case PLIO_DDIR_WRITE:
		if (!mf->writable) {
			u->result = 0;
			u->error = EBADF;
			return PLIO_Q_COMPLETED;
		}
		memcpy(mf->base + off, u->buf, (size_t)u->length);
		break;
	case PLIO_DDIR_TRIM:
		return trim(ctx, u, mf, (size_t)off);
	default:
		u->result = 0;
		u->error = EINVAL;
		return PLIO_Q_COMPLETED;
	}
	u->result = (int64_t)u->length;
	u->error = 0;
	return PLIO_Q_COMPLETED;
}

/*
 * Drop what is cached of f's region: the mapping's pages first (they pin
 * the page cache), then the file's.
 */
static int mmap_invalidate(struct plio_ctx *ctx, struct plio_file *f)
{
	struct mmap_file *mf = f->engine_data;
	int rc;

	(void)ctx;
	if (mf && mf->base && madvise(mf->base, mf->len, MADV_DONTNEED))
		return -errno;
	if (f->fd < 0)
		return 0;
	rc = posix_fadvise(f->fd, (off_t)f->io_offset, (off_t)f->io_size,
			   POSIX_FADV_DONTNEED);
	return -rc;
}

/* ------------------------------------------------------------ descriptor */

static const struct plio_engine mmap_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct mmap_opts),
	.name = "mmap",
	.help = "memcpy to and from a shared mapping of the file (mmap(2)); msync(2) for syncs",
	.caps = PLIO_CAP_SYNC | PLIO_CAP_NODIRECT | PLIO_CAP_MMAP |
		PLIO_CAP_NOEXTEND | PLIO_CAP_TRIM,
	.options = PLIO_OPTIONS(mmap_options),
	.init = mmap_init,
	.cleanup = mmap_cleanup,
	.open_file = mmap_open,
	.close_file = mmap_close,
	.queue = mmap_queue,
	.invalidate = mmap_invalidate,
};

static const struct plio_engine *const mmap_engines[] = { &mmap_engine, NULL };

static const struct plio_plugin mmap_plugin = {
	PLIO_PLUGIN_HEADER(1),
	.name = "mmap",
	.version = "1.0",
	.license = "MIT",
	.description = "memory-mapped file I/O: engine mmap",
	.engines = mmap_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	mmap_host = host;
	return &mmap_plugin;
}
