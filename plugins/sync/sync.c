/*
 * sync.c - plugin "sync": the five synchronous engines of fio's sync family.
 *
 *   sync     lseek(2) then read(2)/write(2)
 *   psync    pread(2)/pwrite(2)
 *   vsync    lseek(2) then readv(2)/writev(2)
 *   pvsync   preadv(2)/pwritev(2)
 *   pvsync2  preadv2(2)/pwritev2(2) with per-I/O RWF_* flags
 *
 * Every queue() does its system call on the spot and returns
 * PLIO_Q_COMPLETED, so the engines declare PLIO_CAP_SYNC and have no
 * commit or reap.  A short transfer is reported as it is (u->result holds
 * the bytes moved and the core accounts them); a failed call leaves its
 * errno in u->error.  Sync units become fsync(2) or fdatasync(2), trims
 * punch a hole with fallocate(2).
 *
 * vsync always hands the kernel one iovec per call.  fio's vsync instead
 * queues units and merges those adjacent on disk into a single readv/writev;
 * plio's does not merge, so at iodepth 1 (fio's default and the common case)
 * both issue the same calls, and at higher depths plio's vsync issues one
 * call per unit.
 *
 * Files are opened, sized and closed by the host's defaults.  sync and vsync
 * wrap the open only to forget the descriptor's position: like fio they skip
 * lseek when the file offset already is where the next I/O starts, and keep
 * that offset in f->engine_u64.  pvsync2 keeps its flags and its random state
 * for hipri_percentage per worker, in ctx->engine_data; the only global is
 * the host table.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <plio/plio.h>

/* Linux's per-I/O flags (linux/fs.h); old C libraries may not name them. */
#ifndef RWF_HIPRI
#define RWF_HIPRI 0x00000001
#endif
#ifndef RWF_NOWAIT
#define RWF_NOWAIT 0x00000008
#endif
/* Buffered I/O that drops its pages once done: Linux 6.14 and later. */
#ifndef RWF_DONTCACHE
#define RWF_DONTCACHE 0x00000080
#endif

/* f->engine_u64 when the descriptor's file offset is not known. */
#define POS_UNKNOWN UINT64_MAX

/*
 * The host table from plio_plugin_entry(); constant for the process.  Used
 * where a callback may run before the core has filled ctx->host (open_file
 * can come before init).
 */
static const struct plio_host *sync_host;

/* ------------------------------------------------------------ shared parts */

/* Store the outcome of a read or write call in u; always "completed". */
static int finish(struct plio_io_u *u, ssize_t ret, int err)
{
	if (ret < 0) {
		u->result = 0;
		u->error = err ? err : EIO;
	} else {
		u->result = ret;
		u->error = 0;
	}
	return PLIO_Q_COMPLETED;
}

/*
 * Units that are not a read or a write: the same for all five engines.
 * Returns PLIO_Q_COMPLETED with result/error set.
 */
static int do_other(struct plio_io_u *u)
{
	int fd = u->file->fd;
	int rc;

	switch (u->ddir) {
	case PLIO_DDIR_SYNC:
		rc = fsync(fd);
		break;
	case PLIO_DDIR_DATASYNC:
		rc = fdatasync(fd);
		break;
	case PLIO_DDIR_TRIM:
		rc = fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			       (off_t)u->offset, (off_t)u->length);
		if (!rc) {
			u->result = (int64_t)u->length;
			u->error = 0;
			return PLIO_Q_COMPLETED;
		}
		break;
	default:
		u->result = 0;
		u->error = EINVAL;
		return PLIO_Q_COMPLETED;
	}
	return finish(u, rc < 0 ? -1 : 0, errno);
}

static int is_rw(const struct plio_io_u *u)
{
	return u->ddir == PLIO_DDIR_READ || u->ddir == PLIO_DDIR_WRITE;
}

/*
 * Open through the host's default, then mark the file offset unknown: the
 * host may have moved it (laying the file out, for instance).
 */
static int seek_open(struct plio_ctx *ctx, struct plio_file *f)
{
	int rc = sync_host->file_open(ctx, f);

	f->engine_u64 = POS_UNKNOWN;
	return rc;
}

/* Move f's file offset to off unless it is there already; 0 or an errno. */
static int seek_to(struct plio_file *f, uint64_t off)
{
	if (f->engine_u64 == off)
		return 0;
	if (lseek(f->fd, (off_t)off, SEEK_SET) < 0) {
		f->engine_u64 = POS_UNKNOWN;
		return errno;
	}
	f->engine_u64 = off;
	return 0;
}

/* After read/write/readv/writev at the known offset: where the fd is now. */
static void seek_done(struct plio_file *f, ssize_t ret)
{
	if (ret < 0)
		f->engine_u64 = POS_UNKNOWN;
	else
		f->engine_u64 += (uint64_t)ret;
}

/* Retry a call that a signal interrupted before it moved any data. */
#define NOINTR(call)                                                           \
	({                                                                     \
		ssize_t r_;                                                    \
		do                                                             \
			r_ = (call);                                           \
		while (r_ < 0 && errno == EINTR);                              \
		r_;                                                            \
	})

/* ------------------------------------------------------------------- sync */

static int sync_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct plio_file *f = u->file;
	ssize_t ret;
	int err;

	(void)ctx;
	if (!is_rw(u))
		return do_other(u);
	err = seek_to(f, u->offset);
	if (err)
		return finish(u, -1, err);
	if (u->ddir == PLIO_DDIR_READ)
		ret = NOINTR(read(f->fd, u->buf, u->length));
	else
		ret = NOINTR(write(f->fd, u->buf, u->length));
	err = errno;
	seek_done(f, ret);
	return finish(u, ret, err);
}

/* ------------------------------------------------------------------ psync */

static int psync_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	int fd = u->file->fd;
	ssize_t ret;

	(void)ctx;
	if (!is_rw(u))
		return do_other(u);
	if (u->ddir == PLIO_DDIR_READ)
		ret = NOINTR(pread(fd, u->buf, u->length, (off_t)u->offset));
	else
		ret = NOINTR(pwrite(fd, u->buf, u->length, (off_t)u->offset));
	return finish(u, ret, errno);
}

/* ------------------------------------------------------------------ vsync */

static int vsync_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct plio_file *f = u->file;
	struct iovec iov = { .iov_base = u->buf, .iov_len = u->length };
	ssize_t ret;
	int err;

	(void)ctx;
	if (!is_rw(u))
		return do_other(u);
	err = seek_to(f, u->offset);
	if (err)
		return finish(u, -1, err);
	if (u->ddir == PLIO_DDIR_READ)
		ret = NOINTR(readv(f->fd, &iov, 1));
	else
		ret = NOINTR(writev(f->fd, &iov, 1));
	err = errno;
	seek_done(f, ret);
	return finish(u, ret, err);
}

/* ----------------------------------------------------------------- pvsync */

static int pvsync_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct iovec iov = { .iov_base = u->buf, .iov_len = u->length };
	int fd = u->file->fd;
	ssize_t ret;

	(void)ctx;
	if (!is_rw(u))
		return do_other(u);
	if (u->ddir == PLIO_DDIR_READ)
		ret = NOINTR(preadv(fd, &iov, 1, (off_t)u->offset));
	else
		ret = NOINTR(pwritev(fd, &iov, 1, (off_t)u->offset));
	return finish(u, ret, errno);
}

/* ---------------------------------------------------------------- pvsync2 */

/* pvsync2's options block, as the core fills it from the table below. */
struct pvsync2_opts {
	int hipri;			/* BOOL */
	int uncached;			/* BOOL */
	int nowait;			/* BOOL */
	int64_t hipri_percentage;	/* INT, 0..100 */
};

static const struct plio_option pvsync2_options[] = {
	{
		.name = "hipri",
		.help = "Set RWF_HIPRI on preadv2/pwritev2 (polled completion for direct I/O)",
		.type = PLIO_OPT_BOOL,
		.offset = offsetof(struct pvsync2_opts, hipri),
		.def = "0",
	},
	{
		.name = "hipri_percentage",
		.help = "Percentage of I/Os that get RWF_HIPRI when hipri is set",
		.type = PLIO_OPT_INT,
		.offset = offsetof(struct pvsync2_opts, hipri_percentage),
		.def = "100",
		.min = 0,
		.max = 100,
	},
	{
		.name = "uncached",
		.help = "Buffered I/O that drops its pages when done (RWF_DONTCACHE, Linux 6.14+)",
		.type = PLIO_OPT_BOOL,
		.offset = offsetof(struct pvsync2_opts, uncached),
		.def = "0",
		.flags = PLIO_OPTF_KERNEL_DEPENDENT,
	},
	{
		.name = "nowait",
		.help = "Set RWF_NOWAIT: fail with EAGAIN instead of blocking",
		.type = PLIO_OPT_BOOL,
		.offset = offsetof(struct pvsync2_opts, nowait),
		.def = "0",
	},
};

/* Per-worker state of pvsync2. */
struct pvsync2_data {
	int flags;		/* RWF_* set on every I/O */
	unsigned int hipri_pct;	/* 0: never add RWF_HIPRI; 100: always */
	uint64_t rand;		/* xorshift64 state for hipri_percentage */
};

/* 1 + a number in [0, 99], from a per-worker xorshift64 generator. */
static unsigned int roll_percent(struct pvsync2_data *pd)
{
	uint64_t x = pd->rand;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	pd->rand = x;
	return (unsigned int)((x >> 32) % 100) + 1;
}

/* True when the running kernel's version is at least major.minor. */
static int kernel_at_least(unsigned int major, unsigned int minor, char *rel,
			   size_t len)
{
	struct utsname un;
	unsigned int ma = 0, mi = 0;

	if (uname(&un) < 0)
		return 1;	/* unknown: let the probe decide */
	snprintf(rel, len, "%s", un.release);
	if (sscanf(un.release, "%u.%u", &ma, &mi) != 2)
		return 1;
	return ma > major || (ma == major && mi >= minor);
}

/*
 * Does the file system under path accept RWF_DONTCACHE?  Reads one byte
 * through a descriptor of our own (so the job's open flags, O_WRONLY or
 * O_DIRECT, do not get in the way).  The kernel checks the flag before it
 * reads, so even an empty file answers.  Returns 1 yes, 0 no, -1 when the
 * file cannot be opened yet (the first I/O will tell).
 */
static int dontcache_ok(const char *path)
{
	struct iovec iov;
	char byte;
	ssize_t r;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	iov.iov_base = &byte;
	iov.iov_len = 1;
	r = NOINTR(preadv2(fd, &iov, 1, 0, RWF_DONTCACHE));
	err = errno;
	close(fd);
	if (r < 0 && (err == EOPNOTSUPP || err == ENOSYS || err == EINVAL))
		return 0;
	return 1;
}

/* Refuse uncached=1 when the kernel or a file's file system lacks it. */
static int check_uncached(struct plio_ctx *ctx)
{
	const struct plio_host *h = ctx->host;
	char rel[128] = "unknown";
	int new_enough = kernel_at_least(6, 14, rel, sizeof(rel));
	uint32_t i;

	for (i = 0; i < ctx->nr_files; i++) {
		const struct plio_file *f = ctx->files[i];

		if (!f->path || dontcache_ok(f->path) != 0)
			continue;
		if (!new_enough)
			h->log(ctx, PLIO_LOG_ERROR,
			       "pvsync2: uncached=1 needs RWF_DONTCACHE (Linux 6.14 or later); this kernel is %s",
			       rel);
		else
			h->log(ctx, PLIO_LOG_ERROR,
			       "pvsync2: uncached=1: the file system of '%s' does not support RWF_DONTCACHE",
			       f->path);
		return -EOPNOTSUPP;
	}
	if (!ctx->nr_files && !new_enough) {
		h->log(ctx, PLIO_LOG_ERROR,
		       "pvsync2: uncached=1 needs RWF_DONTCACHE (Linux 6.14 or later); this kernel is %s",
		       rel);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int pvsync2_init(struct plio_ctx *ctx)
{
	static const struct pvsync2_opts defaults = { .hipri_percentage = 100 };
	const struct pvsync2_opts *o = ctx->options ? ctx->options : &defaults;
	struct pvsync2_data *pd;
	int rc;

	if (o->uncached) {
		rc = check_uncached(ctx);
		if (rc)
			return rc;
	}
	pd = calloc(1, sizeof(*pd));
	if (!pd)
		return -ENOMEM;
	if (o->nowait)
		pd->flags |= RWF_NOWAIT;
	if (o->uncached)
		pd->flags |= RWF_DONTCACHE;
	if (o->hipri)
		pd->hipri_pct = (unsigned int)o->hipri_percentage;
	if (pd->hipri_pct >= 100)
		pd->flags |= RWF_HIPRI;
	/* any odd non-zero seed; distinct per job and clone, and repeatable */
	pd->rand = 0x9e3779b97f4a7c15ull ^
		   ((uint64_t)ctx->job_index << 32 | ctx->clone_index) * 0xbf58476d1ce4e5b9ull;
	if (!pd->rand)
		pd->rand = 1;
	ctx->engine_data = pd;
	return 0;
}

static void pvsync2_cleanup(struct plio_ctx *ctx)
{
	free(ctx->engine_data);
	ctx->engine_data = NULL;
}

static int pvsync2_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct pvsync2_data *pd = ctx->engine_data;
	struct iovec iov = { .iov_base = u->buf, .iov_len = u->length };
	int fd = u->file->fd;
	int flags = pd->flags;
	ssize_t ret;

	if (!is_rw(u))
		return do_other(u);
	if (pd->hipri_pct && pd->hipri_pct < 100 &&
	    roll_percent(pd) <= pd->hipri_pct)
		flags |= RWF_HIPRI;
	if (u->ddir == PLIO_DDIR_READ)
		ret = NOINTR(preadv2(fd, &iov, 1, (off_t)u->offset, flags));
	else
		ret = NOINTR(pwritev2(fd, &iov, 1, (off_t)u->offset, flags));
	return finish(u, ret, errno);
}

/* ------------------------------------------------------------- descriptor */

#define SYNC_CAPS (PLIO_CAP_SYNC | PLIO_CAP_TRIM)

static const struct plio_engine sync_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "sync",
	.help = "read(2)/write(2) after lseek(2) to the offset",
	.caps = SYNC_CAPS,
	.open_file = seek_open,
	.queue = sync_queue,
};

static const struct plio_engine psync_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "psync",
	.help = "pread(2)/pwrite(2)",
	.caps = SYNC_CAPS,
	.queue = psync_queue,
};

static const struct plio_engine vsync_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "vsync",
	.help = "readv(2)/writev(2) after lseek(2), one iovec per call",
	.caps = SYNC_CAPS,
	.open_file = seek_open,
	.queue = vsync_queue,
};

static const struct plio_engine pvsync_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "pvsync",
	.help = "preadv(2)/pwritev(2)",
	.caps = SYNC_CAPS,
	.queue = pvsync_queue,
};

static const struct plio_engine pvsync2_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct pvsync2_opts),
	.name = "pvsync2",
	.help = "preadv2(2)/pwritev2(2) with RWF_* flags (hipri, nowait, uncached)",
	.caps = SYNC_CAPS,
	.options = PLIO_OPTIONS(pvsync2_options),
	.init = pvsync2_init,
	.cleanup = pvsync2_cleanup,
	.queue = pvsync2_queue,
};

static const struct plio_engine *const sync_engines[] = {
	&sync_engine, &psync_engine, &vsync_engine, &pvsync_engine,
	&pvsync2_engine, NULL,
};

static const struct plio_plugin sync_plugin = {
	PLIO_PLUGIN_HEADER(0),
	.name = "sync",
	.version = "1.0",
	.license = "MIT",
	.description = "synchronous system-call engines: sync, psync, vsync, pvsync, pvsync2",
	.engines = sync_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	sync_host = host;
	return &sync_plugin;
}
