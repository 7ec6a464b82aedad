/*
 * pmem.c - plugin "pmem": engine libpmem, I/O by copying to and from a
 * file mapped with PMDK's libpmem.
 *
 * open_file maps the whole file with pmem_map_file() (libpmem maps from
 * offset 0 only, and with a length it would also resize the file, so the
 * engine never passes one: the core has laid the file out before the run).
 * A read is a memcpy() from the mapping, a write a copy into it, so every
 * queue() completes on the spot (PLIO_CAP_SYNC).  What a write does depends
 * on what pmem_map_file() says the mapping is:
 *
 *   persistent memory (DAX, or PMEM_IS_PMEM_FORCE=1), as fio's libpmem:
 *     direct=0   pmem_memcpy(PMEM_F_MEM_TEMPORAL | PMEM_F_MEM_NODRAIN):
 *                cached stores, then the cache lines are flushed
 *     direct=1   pmem_memcpy(PMEM_F_MEM_NONTEMPORAL | PMEM_F_MEM_NODRAIN):
 *                non-temporal stores that bypass the CPU caches
 *     sync=1     the same without NODRAIN: each write is drained (persistent)
 *                before it completes
 *     fsync, fdatasync, end_fsync: pmem_drain()
 *
 *   anything else (tmpfs, ext4 without DAX, ...), where fio's engine refuses
 *   to run: flushing CPU caches would not make the data durable, the page
 *   cache write-back does, so
 *     direct=0   memcpy()
 *     direct=1   pmem_memcpy(PMEM_F_MEM_NONTEMPORAL | PMEM_F_MEM_NOFLUSH):
 *                the same non-temporal stores, without the pointless flush
 *     sync=1     pmem_msync() of the written range after each write
 *     fsync, fdatasync, end_fsync: pmem_msync() of the range written since
 *                the last one (tracked per file), after an sfence
 *   and the job says once, through the host's log, that it is not running on
 *   persistent memory (doc/fio-differences.md).
 *
 * Trims punch a hole through host->file_trim() on a descriptor the engine
 * keeps open beside the mapping (f->fd, opened without O_DIRECT: the
 * mapping, not the descriptor, does the I/O, and tmpfs refuses O_DIRECT).
 * invalidate=1 does nothing, as with fio's engine: DAX has no page cache,
 * and dropping it elsewhere would only measure the page faults.
 *
 * fio's engine has no options; neither has this one.  fio's `sync` job
 * option is read through host->job_option() when the core has it.  fio also
 * refuses fsync=N with a block size that is not a multiple of the page size;
 * plio does not need to (pmem_msync() rounds to pages itself).
 *
 * State: per file in f->engine_data, per worker in ctx->engine_data; no
 * globals but the host table.
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

#include <libpmem.h>

#include <plio/plio.h>

/*
 * The host table from plio_plugin_entry(); constant for the process.  Used
 * where a callback might run before ctx->host is known to be filled.
 */
static const struct plio_host *pm_host;

/* One mapped file, in f->engine_data from open_file to close_file. */
struct pm_file {
	char *base;		/* pmem_map_file() of the whole file */
	size_t len;		/* bytes mapped: the file's size */
	int is_pmem;		/* what pmem_map_file() said */
	uint64_t dirty_lo;	/* not pmem: bytes [lo, hi) written since the */
	uint64_t dirty_hi;	/* last msync; lo >= hi when there are none */
};

/* One worker's state, in ctx->engine_data from init to cleanup. */
struct pm_worker {
	unsigned int pmem_flags; /* pmem_memcpy() flags for a pmem mapping */
	bool direct;		/* direct=1: non-temporal stores */
	bool sync_io;		/* sync=1: each write persistent on completion */
};

/* ------------------------------------------------------------- helpers */

/* fio's `sync` job option (sync=1, sync=sync or sync=dsync: O_SYNC-like
 * writes), from the job's facts (ABI 1.1). */
static bool job_wants_sync(const struct plio_ctx *ctx)
{
	return ctx->job->sync != PLIO_SYNC_NONE;
}

/* Store the outcome of a unit; always "completed". */
static int done(struct plio_io_u *u, int64_t result, int err)
{
	u->result = err ? 0 : result;
	u->error = err;
	return PLIO_Q_COMPLETED;
}

/*
 * Make what was written to a non-pmem mapping since the last call durable.
 * Returns 0 or a positive errno.
 */
static int flush_dirty(const struct pm_worker *w, struct pm_file *pf)
{
	uint64_t lo = pf->dirty_lo, hi = pf->dirty_hi;

	if (lo >= hi)
		return 0;
	pf->dirty_lo = UINT64_MAX;
	pf->dirty_hi = 0;
	if (w->direct)
		pmem_drain();	/* order the non-temporal stores first */
	if (pmem_msync(pf->base + lo, (size_t)(hi - lo)))
		return errno ? errno : EIO;
	return 0;
}

/* ------------------------------------------------------------- set-up */

static int pm_init(struct plio_ctx *ctx)
{
	struct pm_worker *w = calloc(1, sizeof(*w));

	if (!w)
		return -ENOMEM;
	w->direct = ctx->direct != 0;
	w->sync_io = job_wants_sync(ctx);
	w->pmem_flags = w->direct ? PMEM_F_MEM_NONTEMPORAL : PMEM_F_MEM_TEMPORAL;
	if (!w->sync_io)
		w->pmem_flags |= PMEM_F_MEM_NODRAIN;
	ctx->engine_data = w;
	return 0;
}

static void pm_cleanup(struct plio_ctx *ctx)
{
	free(ctx->engine_data);
	ctx->engine_data = NULL;
}

/*
 * Open f and map it whole.  The job's region must lie inside the file: the
 * mapping cannot grow it (PLIO_CAP_NOEXTEND), the core lays it out.
 */
static int pm_open(struct plio_ctx *ctx, struct plio_file *f)
{
	int flags = f->open_flags & ~(O_DIRECT | O_CREAT | O_EXCL | O_TRUNC);
	uint64_t end = f->io_offset + f->io_size;
	struct pm_file *pf;
	size_t len = 0;
	int is_pmem = 0, err;
	void *base;

	pf = calloc(1, sizeof(*pf));
	if (!pf)
		return -ENOMEM;
	f->fd = open(f->path, flags | O_CLOEXEC);
	if (f->fd < 0) {
		err = errno;
		free(pf);
		return -err;
	}
	/* length 0, no flags: map the existing file as it is */
	base = pmem_map_file(f->path, 0, 0, 0, &len, &is_pmem);
	if (!base) {
		const char *why = pmem_errormsg();

		err = errno ? errno : EIO;
		pm_host->log(ctx, PLIO_LOG_ERROR, "libpmem: cannot map '%s': %s",
			     f->path, why && *why ? why : strerror(err));
		goto fail;
	}
	if (end > len) {
		pm_host->log(ctx, PLIO_LOG_ERROR,
			     "libpmem: '%s' is %zu bytes, but the job's region ends at byte %llu",
			     f->path, len, (unsigned long long)end);
		pmem_unmap(base, len);
		err = EINVAL;
		goto fail;
	}
	pf->base = base;
	pf->len = len;
	pf->is_pmem = is_pmem;
	pf->dirty_lo = UINT64_MAX;
	f->engine_data = pf;
	return 0;
fail:
	close(f->fd);
	f->fd = -1;
	free(pf);
	return -err;
}

static int pm_close(struct plio_ctx *ctx, struct plio_file *f)
{
	struct pm_file *pf = f->engine_data;
	int rc = 0;

	(void)ctx;
	if (pf) {
		if (pmem_unmap(pf->base, pf->len))
			rc = -errno;
		free(pf);
		f->engine_data = NULL;
	}
	if (f->fd >= 0 && close(f->fd) && !rc)
		rc = -errno;
	f->fd = -1;
	return rc;
}

/* The size is what was mapped: right for files and for device DAX alike. */
static int pm_size(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size)
{
	const struct pm_file *pf = f->engine_data;

	if (!pf)
		return pm_host->file_size(ctx, f, size);
	*size = pf->len;
	return 0;
}

/* Nothing to drop: see the top of the file. */
static int pm_invalidate(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

/*
 * Every file is open: say once per job (its first clone speaks for all)
 * when its files are not persistent memory.
 */
static int pm_post_init(struct plio_ctx *ctx)
{
	const char *first = NULL;
	uint32_t i, n = 0;

	if (ctx->clone_index)
		return 0;
	for (i = 0; i < ctx->nr_files; i++) {
		const struct pm_file *pf = ctx->files[i]->engine_data;

		if (pf && !pf->is_pmem && !n++)
			first = ctx->files[i]->path;
	}
	if (n == 1)
		ctx->host->log(ctx, PLIO_LOG_INFO,
			       "libpmem: %s is not persistent memory; using msync for persistence",
			       first);
	else if (n > 1)
		ctx->host->log(ctx, PLIO_LOG_INFO,
			       "libpmem: %s and %u other files are not persistent memory; using msync for persistence",
			       first, n - 1);
	return 0;
}

/* ------------------------------------------------------------- the I/O */

static int pm_write(struct pm_worker *w, struct pm_file *pf,
		    struct plio_io_u *u, char *dst)
{
	uint64_t end = u->offset + u->length;

	if (pf->is_pmem) {
		pmem_memcpy(dst, u->buf, u->length, w->pmem_flags);
		return done(u, (int64_t)u->length, 0);
	}
	if (w->direct)
		pmem_memcpy(dst, u->buf, u->length,
			    PMEM_F_MEM_NONTEMPORAL | PMEM_F_MEM_NOFLUSH);
	else
		memcpy(dst, u->buf, u->length);
	if (u->offset < pf->dirty_lo)
		pf->dirty_lo = u->offset;
	if (end > pf->dirty_hi)
		pf->dirty_hi = end;
	if (w->sync_io)
		return done(u, (int64_t)u->length, flush_dirty(w, pf));
	return done(u, (int64_t)u->length, 0);
}

/* fsync, fdatasync: make everything this worker wrote to the file durable. */
static int pm_sync(struct pm_worker *w, struct pm_file *pf, struct plio_io_u *u)
{
	if (pf->is_pmem) {
		pmem_drain();
		return done(u, 0, 0);
	}
	return done(u, 0, flush_dirty(w, pf));
}

static int pm_trim(struct plio_ctx *ctx, struct plio_io_u *u)
{
	const struct plio_host *h = ctx->host;
	int rc;

	if (!PLIO_HAS(h, file_trim) || !h->file_trim)
		return done(u, 0, EOPNOTSUPP);
	rc = h->file_trim(ctx, u->file, u->offset, u->length);
	return done(u, (int64_t)u->length, rc < 0 ? -rc : 0);
}

static int pm_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct pm_worker *w = ctx->engine_data;
	struct pm_file *pf = u->file->engine_data;
	char *addr;

	if (!pf)
		return done(u, 0, EBADF);
	switch (u->ddir) {
	case PLIO_DDIR_READ:
	case PLIO_DDIR_WRITE:
		break;
	case PLIO_DDIR_SYNC:
	case PLIO_DDIR_DATASYNC:
		return pm_sync(w, pf, u);
	case PLIO_DDIR_TRIM:
		return pm_trim(ctx, u);
	default:
		return done(u, 0, EINVAL);
	}
	/* the core keeps I/O inside the region, checked against the map in open */
	if (u->offset > pf->len || u->length > pf->len - u->offset)
		return done(u, 0, EINVAL);
	addr = pf->base + u->offset;
	if (u->ddir == PLIO_DDIR_WRITE)
		return pm_write(w, pf, u, addr);
	memcpy(u->buf, addr, u->length);
	return done(u, (int64_t)u->length, 0);
}

/* ------------------------------------------------------------- descriptor */

static const struct plio_engine libpmem_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "libpmem",
	.help = "copies to and from a file mapped with PMDK libpmem (DAX; msync elsewhere)",
	.caps = PLIO_CAP_SYNC | PLIO_CAP_MMAP | PLIO_CAP_MEMALIGN |
		PLIO_CAP_NOEXTEND | PLIO_CAP_TRIM,
	.init = pm_init,
	.cleanup = pm_cleanup,
	.open_file = pm_open,
	.close_file = pm_close,
	.file_size = pm_size,
	.queue = pm_queue,
	.invalidate = pm_invalidate,
	.post_init = pm_post_init,
};

static const struct plio_engine *const pmem_engines[] = {
	&libpmem_engine, NULL,
};

static const struct plio_plugin pmem_plugin = {
	PLIO_PLUGIN_HEADER(1),
	.name = "pmem",
	.version = "1.0",
	.license = "MIT",
	.description = "persistent memory through PMDK libpmem: libpmem",
	.engines = pmem_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	pm_host = host;
	return &pmem_plugin;
}
