/*
 * uring.c - plugin "uring": engine "io_uring", asynchronous I/O through
 * io_uring(7) and liburing.
 *
 * One ring per worker, made in init() on the worker's own thread, sized to
 * iodepth.  queue() fills a submission queue entry (SQE) and returns
 * PLIO_Q_QUEUED; commit() submits; reap() submits whatever is still queued
 * and waits for completions in the same io_uring_enter(2), then takes the
 * completion queue entries (CQEs) in one pass.  The core queues every free
 * unit and then calls reap() without commit(), so a round trip of a whole
 * batch costs one system call.  Only while completions come asynchronously
 * (device I/O) does queue() submit early, every eager_submit units (below).
 * Short transfers are reported as they are (u->result = bytes done); a
 * failed CQE leaves -res in u->error.
 *
 * Options follow fio's io_uring engine: hipri, fixedbufs, registerfiles,
 * sqthread_poll, sqthread_poll_cpu, nonvectored, uncached, nowait,
 * force_async and cmd_type.  What the kernel cannot do is refused in init()/post_init()
 * with one line naming the option; nothing is silently ignored.
 *
 * Choices made for speed, each measured on Linux 6.18, a 2-vCPU VM, one
 * worker, 4 KiB random reads: "page cache" is a cached 1 GiB file on ext4
 * (invalidate=0), "hot" a cached 16 MiB file (less kernel work per I/O, so
 * the engine's share shows), "device" is direct=1 on the virtio disk.  CPU
 * cost is task-clock per I/O (best of 5-9 runs, the VM was shared and noisy,
 * so differences under ~5% are noise):
 *
 *   - one io_uring_enter() per batch: reap() submits and waits at once and
 *     takes the CQEs straight off the ring with one release of the head.
 *     The big one: per-I/O submission (iodepth_batch_submit=1, as fio)
 *     costs +42% CPU per I/O in the page cache at iodepth 16, +60% hot.
 *   - IORING_SETUP_SINGLE_ISSUER | DEFER_TASKRUN (taskrun=defer): no
 *     difference in the page cache (reads complete inline, inside the
 *     submit); on the device +5% IOPS at iodepth 8 (completions seen
 *     sooner), the same IOPS at 32 for ~15% more CPU per I/O (smaller,
 *     more frequent wake-ups) than taskrun=coop or none.  Kept for the
 *     latency; also what makes the inline/asynchronous test below exact.
 *     Falls back to COOP_TASKRUN, then to a plain ring, on older kernels.
 *   - eager_submit=4: the core queues every free unit before it waits, so
 *     a device gets its I/O in bursts; on this VM's disk that cost 18% of
 *     the IOPS at iodepth 32 (65.7k vs fio's 79k, latency 485 vs 400 us).
 *     The engine watches whether completions arrive inside the submit
 *     call (page cache) or later (device): for the latter queue() submits
 *     every 4 units, which gave 79-83k IOPS, on par with fio, at 25-40%
 *     less CPU per I/O than fio.  Page-cache I/O keeps one call per batch.
 *   - registered files (registerfiles=1 by default; fio's default is 0):
 *     plio opens every file before the first I/O and never reopens one,
 *     so registering is always safe; -2..-6% CPU per I/O (hot file, qd 16
 *     and 1).
 *   - registered ring fd (register_ring=1): ~-3% CPU per I/O at iodepth 1,
 *     noise at 16.
 *   - IORING_OP_READ/WRITE rather than READV/WRITEV (fio's nonvectored=-1):
 *     ~-2.5% at iodepth 1, noise at 16.
 *   - fixed buffers only when asked (fixedbufs=1, fio's default): they
 *     save 7-11% CPU per I/O here, not enough to pin iodepth * bs of
 *     memory (RLIMIT_MEMLOCK) for every job by default.
 *
 * Against fio 3.33 with defaults on both sides, page cache: 1.16x fio's
 * IOPS at iodepth 1, 1.53x at 16, 1.58x at 64 (0.70 M vs 0.45 M IOPS);
 * device, iodepth 32: the same IOPS (83k vs 84k) at 0.74x the CPU.
 *
 * Trims become IORING_OP_FALLOCATE (PUNCH_HOLE | KEEP_SIZE) on files and a
 * synchronous host->file_trim() (BLKDISCARD) on block devices; fsync and
 * fdatasync units become IORING_OP_FSYNC.  On a polled ring (hipri=1),
 * where the kernel takes only operations it can poll, those three are done
 * synchronously in queue().  Each read and write carries the priority the
 * core gave the unit (u->ioprio: cmdprio_percentage, cmdprio_bssplit, which
 * are core options since ABI 1.2; the core keeps the statistics per
 * priority).
 *
 * State: everything per worker lives in struct uring_data (ctx->engine_data);
 * per file, f->engine_u64 holds URING_F_* bits.  There are no globals.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <unistd.h>

#include <liburing.h>

#include <plio/plio.h>

/* Per-I/O flags (linux/fs.h); old C libraries may not name them. */
#ifndef RWF_NOWAIT
#define RWF_NOWAIT 0x00000008
#endif
/* Buffered I/O that drops its pages once done: Linux 6.14 and later. */
#ifndef RWF_DONTCACHE
#define RWF_DONTCACHE 0x00000080
#endif


/* Registered buffers are at most 1 GiB each: ctx->buffers is cut in these. */
#define FIXED_BUF_SHIFT 30
#define FIXED_BUF_MAX (1ull << FIXED_BUF_SHIFT)

/* f->engine_u64 bits */
#define URING_F_BLOCKDEV 1ull	/* trims are BLKDISCARD, done by the host */

/* user_data of CQEs the reaper skips (cancel requests, probes); liburing's
 * own timeout requests carry LIBURING_UDATA_TIMEOUT */
#define UD_INTERNAL 0ull

/* ---------------------------------------------------------------- options */

enum taskrun_mode { TASKRUN_DEFER = 0, TASKRUN_COOP = 1, TASKRUN_NONE = 2 };

/* The options block, as the core fills it from uring_options[]. */
struct uring_opts {
	int hipri;			/* BOOL */
	int fixedbufs;			/* BOOL */
	int registerfiles;		/* BOOL, plio default 1 */
	int sqthread_poll;		/* BOOL */
	int uncached;			/* BOOL */
	int nowait;			/* BOOL */
	int register_ring;		/* BOOL, plio only */
	int pad_;
	int64_t sqthread_poll_cpu;	/* INT, -1 = not set */
	int64_t nonvectored;		/* INT, -1 = use READ/WRITE if present */
	int64_t force_async;		/* INT, 0 = never */
	int64_t taskrun;		/* ENUM taskrun_mode, plio only */
	int64_t eager_submit;		/* INT, plio only: 0 = never */
	int64_t cmd_type;		/* ENUM, io_uring_cmd only */
};

static const struct plio_option_choice taskrun_choices[] = {
	{ "defer", TASKRUN_DEFER,
	  "SINGLE_ISSUER|DEFER_TASKRUN: completion work runs only when the worker waits (default)" },
	{ "coop", TASKRUN_COOP, "COOP_TASKRUN: no interrupts for completion work" },
	{ "none", TASKRUN_NONE, "a plain ring, as fio 3.33 sets it up" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice cmd_type_choices[] = {
	{ "nvme", 0, "NVMe passthrough (only for fio's io_uring_cmd engine)" },
	{ NULL, 0, NULL },
};

#define UO(f) ((uint32_t)offsetof(struct uring_opts, f))

static const struct plio_option uring_options[] = {
	{ .name = "hipri", .type = PLIO_OPT_BOOL, .offset = UO(hipri), .def = "0",
	  .help = "Polled completions (IORING_SETUP_IOPOLL); needs direct=1 and a device with poll queues",
	  .flags = PLIO_OPTF_KERNEL_DEPENDENT },
	{ .name = "fixedbufs", .type = PLIO_OPT_BOOL, .offset = UO(fixedbufs), .def = "0",
	  .help = "Register the I/O buffers once (READ_FIXED/WRITE_FIXED): no page pinning per I/O" },
	{ .name = "registerfiles", .type = PLIO_OPT_BOOL, .offset = UO(registerfiles),
	  .def = "1",
	  .help = "Register the files (IOSQE_FIXED_FILE); plio's default is 1 (fio's is 0): files never change during a run" },
	{ .name = "sqthread_poll", .type = PLIO_OPT_BOOL, .offset = UO(sqthread_poll),
	  .def = "0",
	  .help = "A kernel thread polls the submission queue (IORING_SETUP_SQPOLL)" },
	{ .name = "sqthread_poll_cpu", .type = PLIO_OPT_INT,
	  .offset = UO(sqthread_poll_cpu), .def = "-1", .min = -1, .max = 65535,
	  .help = "CPU the sqthread_poll thread runs on (IORING_SETUP_SQ_AFF); -1: not pinned" },
	{ .name = "nonvectored", .type = PLIO_OPT_INT, .offset = UO(nonvectored),
	  .def = "-1", .min = -1, .max = 1,
	  .help = "1: IORING_OP_READ/WRITE; 0: READV/WRITEV; -1: READ/WRITE when the kernel has them" },
	{ .name = "uncached", .type = PLIO_OPT_BOOL, .offset = UO(uncached), .def = "0",
	  .help = "Buffered I/O that drops its pages when done (RWF_DONTCACHE, Linux 6.14+)",
	  .flags = PLIO_OPTF_KERNEL_DEPENDENT },
	{ .name = "nowait", .type = PLIO_OPT_BOOL, .offset = UO(nowait), .def = "0",
	  .help = "RWF_NOWAIT on reads and writes: fail with EAGAIN instead of blocking" },
	{ .name = "force_async", .type = PLIO_OPT_INT, .offset = UO(force_async),
	  .def = "0", .min = 0,
	  .help = "Set IOSQE_ASYNC on every Nth SQE (0: never): force the kernel's worker threads" },
	{ .name = "cmd_type", .type = PLIO_OPT_ENUM, .offset = UO(cmd_type), .def = "nvme",
	  .choices = cmd_type_choices,
	  .help = "Accepted for job-file compatibility; like fio, the io_uring engine does not use it" },
	{ .name = "taskrun", .type = PLIO_OPT_ENUM, .offset = UO(taskrun), .def = "defer",
	  .choices = taskrun_choices,
	  .help = "plio only: how the ring runs completion work: defer (default), coop, none; sqthread_poll uses its own" },
	{ .name = "register_ring", .type = PLIO_OPT_BOOL, .offset = UO(register_ring),
	  .def = "1",
	  .help = "plio only: register the ring's fd (io_uring_register_ring_fd) so each enter skips an fd lookup" },
	{ .name = "eager_submit", .type = PLIO_OPT_INT, .offset = UO(eager_submit),
	  .def = "4", .min = 0, .max = 65535,
	  .help = "plio only: while I/Os complete asynchronously (device, not page cache), submit every N from queue() instead of all at once; 0: never; off with iodepth_batch_submit" },
};

/* ---------------------------------------------------------------- counters */

/* Printed under the job (ABI 1.1 engine counters); bumped in place. */
enum { C_ENTER, C_SQ_FULL, C_BUSY, C_NR };

static const struct plio_counter uring_counters[C_NR] = {
	[C_ENTER] = { "enter_calls",
		      "liburing calls that submit or wait (each one io_uring_enter unless sqthread_poll)" },
	[C_SQ_FULL] = { "sq_full",
			"times queue() found no free SQE and the core had to reap first" },
	[C_BUSY] = { "busy_retries",
		     "times the kernel answered EAGAIN/EBUSY (short of memory or CQ room) and the reap retried" },
};

/* ------------------------------------------------------------ per worker */

/* Without early submission, look whether completions come inline every
 * this many + 1 rounds. */
#define EAGER_SAMPLE_MASK 63u

struct uring_data {
	struct io_uring ring;
	bool ring_ready;
	bool files_fixed;	/* files registered: sqe->fd is f->index */
	bool bufs_fixed;	/* ctx->buffers registered */
	bool vectored;		/* READV/WRITEV with ud->iov */
	bool iopoll;		/* hipri: only reads and writes on the ring */
	bool sqpoll;
	bool ring_registered;	/* io_uring_register_ring_fd() worked */
	bool eager;		/* completions are asynchronous: submit early */
	uint8_t op_read, op_write;
	uint8_t sqe_flags;	/* IOSQE_FIXED_FILE when files_fixed */
	int rw_flags;		/* RWF_* on every read and write */
	unsigned int queued;	/* SQEs filled since the last submit */
	unsigned int eager_every; /* eager_submit; 0: never submit in queue() */
	unsigned int rounds;	/* reaps that had SQEs to submit */
	unsigned int async_every, async_count;
	char *buf_base;		/* ctx->buffers */
	uint64_t buf_len;
	struct iovec *iov;	/* one per unit, for vectored ops */
	uint64_t *counters;	/* ctx->counters: C_* */
	unsigned int setup_flags;
};

/* Indexes in uring_options[] that check_options blames. */
enum { OPT_HIPRI };

static int refuse(char *why, size_t len, uint32_t *option, uint32_t opt,
		  const char *fmt, ...) PLIO_PRINTF(5, 6);
static int refuse(char *why, size_t len, uint32_t *option, uint32_t opt,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	*option = opt;
	return -EINVAL;
}

/* ABI 1.1: refuse what cannot work while the job file is parsed. */
static int uring_check_options(const void *options, const struct plio_job *job,
			       char *why, size_t len, uint32_t *option)
{
	const struct uring_opts *o = options;

	if (o->hipri && !job->direct)
		return refuse(why, len, option, OPT_HIPRI,
			      "hipri=1 needs direct=1: polled completion (IORING_SETUP_IOPOLL) works only for O_DIRECT I/O");
	return 0;
}

/* --------------------------------------------------------------- the ring */

/*
 * Make the ring.  The flags the user asked for (IOPOLL, SQPOLL, SQ_AFF)
 * are kept; the ones plio adds for speed are dropped one tier at a time
 * when the kernel refuses them.  0 or -errno (logged).
 */
static int setup_ring(struct plio_ctx *ctx, struct uring_data *ud,
		      const struct uring_opts *o)
{
	/* speed tiers, best first; each ends in the plain ring */
	static const unsigned int defer_tiers[] = {
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN |
			IORING_SETUP_SUBMIT_ALL,
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN |
			IORING_SETUP_SUBMIT_ALL,
		IORING_SETUP_COOP_TASKRUN | IORING_SETUP_SUBMIT_ALL,
		0,
	};
	static const unsigned int sqpoll_tiers[] = {
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_SUBMIT_ALL,
		0,
	};
	const unsigned int *tiers = defer_tiers;
	unsigned int nr_tiers = 4, t, must = 0;
	struct io_uring_params p;
	int rc = -EINVAL;

	if (ctx->iodepth > 32768)	/* the kernel's most SQ entries */
		must |= IORING_SETUP_CLAMP;
	if (o->hipri)
		must |= IORING_SETUP_IOPOLL;
	if (o->sqthread_poll) {
		must |= IORING_SETUP_SQPOLL;
		if (o->sqthread_poll_cpu >= 0)
			must |= IORING_SETUP_SQ_AFF;
		tiers = sqpoll_tiers;	/* DEFER_TASKRUN excludes SQPOLL */
		nr_tiers = 2;
	} else if (o->taskrun == TASKRUN_COOP) {
		tiers = defer_tiers + 1;
		nr_tiers = 3;
	} else if (o->taskrun == TASKRUN_NONE) {
		tiers = defer_tiers + 3;
		nr_tiers = 1;
	}
	for (t = 0; t < nr_tiers; t++) {
		memset(&p, 0, sizeof(p));
		p.flags = must | tiers[t];
		if (p.flags & IORING_SETUP_SQ_AFF)
			p.sq_thread_cpu = (unsigned int)o->sqthread_poll_cpu;
		rc = io_uring_queue_init_params(ctx->iodepth, &ud->ring, &p);
		if (!rc)
			break;
		if (rc != -EINVAL)
			break;
	}
	if (rc) {
		const char *what = "io_uring_setup";

		if (o->sqthread_poll && o->sqthread_poll_cpu >= 0 && rc == -EINVAL) {
			ctx->host->log(ctx, PLIO_LOG_ERROR,
				       "sqthread_poll_cpu=%lld: the kernel refused to pin the SQ thread there (IORING_SETUP_SQ_AFF): %s; is that CPU online and allowed?",
				       (long long)o->sqthread_poll_cpu, strerror(-rc));
			return rc;
		}
		if (o->sqthread_poll)
			what = "sqthread_poll=1 (IORING_SETUP_SQPOLL)";
		else if (o->hipri)
			what = "hipri=1 (IORING_SETUP_IOPOLL)";
		if (rc == -EPERM && !o->sqthread_poll && !o->hipri)
			ctx->host->log(ctx, PLIO_LOG_ERROR,
				       "%s: %s (is io_uring disabled by kernel.io_uring_disabled?)",
				       what, strerror(-rc));
		else
			ctx->host->log(ctx, PLIO_LOG_ERROR,
				       "%s is not supported here: %s", what,
				       strerror(-rc));
		return rc;
	}
	ud->ring_ready = true;
	ud->setup_flags = p.flags;
	ud->iopoll = o->hipri;
	ud->sqpoll = o->sqthread_poll;
	if (o->register_ring)
		ud->ring_registered = io_uring_register_ring_fd(&ud->ring) == 1; /* 5.18+ */
	return 0;
}

/* Choose the read and write opcodes; 0 or -EOPNOTSUPP (logged). */
static int pick_ops(struct plio_ctx *ctx, struct uring_data *ud,
		    const struct uring_opts *o)
{
	struct io_uring_probe *probe;
	bool has_rw = false;

	if (o->fixedbufs) {
		ud->op_read = IORING_OP_READ_FIXED;
		ud->op_write = IORING_OP_WRITE_FIXED;
		return 0;
	}
	probe = io_uring_get_probe_ring(&ud->ring);
	if (probe) {
		has_rw = io_uring_opcode_supported(probe, IORING_OP_READ) &&
			 io_uring_opcode_supported(probe, IORING_OP_WRITE);
		io_uring_free_probe(probe);
	}
	if (o->nonvectored == 1 && !has_rw) {
		ctx->host->log(ctx, PLIO_LOG_ERROR,
			       "nonvectored=1 needs IORING_OP_READ/WRITE (Linux 5.6+), which this kernel lacks");
		return -EOPNOTSUPP;
	}
	if (o->nonvectored == 0 || !has_rw) {
		ud->vectored = true;
		ud->op_read = IORING_OP_READV;
		ud->op_write = IORING_OP_WRITEV;
	} else {
		ud->op_read = IORING_OP_READ;
		ud->op_write = IORING_OP_WRITE;
	}
	return 0;
}

/*
 * eager_submit, unless the job sets iodepth_batch_submit (then the core
 * commits every that many units itself) or a kernel thread submits
 * (sqthread_poll).
 */
static unsigned int eager_batch(struct plio_ctx *ctx, const struct uring_opts *o)
{
	if (o->sqthread_poll || !o->eager_submit || ctx->job->iodepth_batch)
		return 0;
	return (unsigned int)o->eager_submit;
}

static void uring_cleanup(struct plio_ctx *ctx)
{
	struct uring_data *ud = ctx->engine_data;

	if (!ud)
		return;
	if (ud->ring_ready)
		io_uring_queue_exit(&ud->ring);	/* also drops registrations */
	free(ud->iov);
	free(ud);
	ctx->engine_data = NULL;
}

static int uring_init(struct plio_ctx *ctx)
{
	static const struct uring_opts defaults = {
		.registerfiles = 1, .register_ring = 1, .sqthread_poll_cpu = -1,
		.nonvectored = -1, .eager_submit = 4,
	};
	const struct uring_opts *o = ctx->options ? ctx->options : &defaults;
	const struct plio_host *h = ctx->host;
	struct uring_data *ud;
	int rc;

	if (o->sqthread_poll_cpu >= 0 && !o->sqthread_poll)
		h->log(ctx, PLIO_LOG_WARN,
		       "io_uring: sqthread_poll_cpu=%lld takes effect only with sqthread_poll=1",
		       (long long)o->sqthread_poll_cpu);
	if (ctx->max_bs > 0x7ffff000ull) {
		h->log(ctx, PLIO_LOG_ERROR,
		       "block size %llu is above the kernel's limit of one transfer (2 GiB - 4 KiB)",
		       (unsigned long long)ctx->max_bs);
		return -EINVAL;
	}
	ud = calloc(1, sizeof(*ud));
	if (!ud)
		return -ENOMEM;
	ctx->engine_data = ud;
	rc = setup_ring(ctx, ud, o);
	if (rc)
		return rc;
	rc = pick_ops(ctx, ud, o);
	if (rc)
		return rc;
	if (ud->vectored) {
		ud->iov = calloc(ctx->iodepth, sizeof(*ud->iov));
		if (!ud->iov)
			return -ENOMEM;
	}
	if (o->nowait)
		ud->rw_flags |= RWF_NOWAIT;
	if (o->uncached)
		ud->rw_flags |= RWF_DONTCACHE;
	ud->async_every = (unsigned int)o->force_async;
	ud->eager_every = eager_batch(ctx, o);
	ud->buf_base = ctx->buffers;
	ud->buf_len = ctx->buffers_len;
	ud->counters = ctx->counters;
	return 0;
}

/* A unit's buffer must lie inside ctx->buffers for fixed buffers. */
static int uring_unit_init(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct uring_data *ud = ctx->engine_data;
	const char *b = u->buf;

	if (u->index >= ctx->iodepth)
		return -EINVAL;
	if (!ud->bufs_fixed && ud->op_read != IORING_OP_READ_FIXED)
		return 0;
	if (b < ud->buf_base || b + ctx->max_bs > ud->buf_base + ud->buf_len) {
		ctx->host->log(ctx, PLIO_LOG_ERROR,
			       "fixedbufs=1: unit %u's buffer lies outside the job's buffer region",
			       u->index);
		return -EINVAL;
	}
	/* a transfer must not straddle two registered 1 GiB pieces */
	if ((uint64_t)(b - ud->buf_base) >> FIXED_BUF_SHIFT !=
	    (uint64_t)(b + ctx->max_bs - 1 - ud->buf_base) >> FIXED_BUF_SHIFT) {
		ctx->host->log(ctx, PLIO_LOG_ERROR,
			       "fixedbufs=1: buffers above 1 GiB that cross a 1 GiB boundary are not supported; lower iodepth or bs");
		return -EINVAL;
	}
	return 0;
}

/*
 * Submit one zero-length read on f carrying the job's RWF_* flags: the
 * kernel checks them before it reads, so the answer says whether they are
 * accepted.  Returns the CQE's result (0 or -errno).
 */
static int probe_read(struct uring_data *ud, struct plio_file *f)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ud->ring);
	struct io_uring_cqe *cqe;
	int rc;

	if (!sqe)
		return -EBUSY;
	io_uring_prep_rw(IORING_OP_READ, sqe, ud->files_fixed ? (int)f->index : f->fd,
			 ud->buf_base, 0, f->io_offset);
	sqe->flags = ud->sqe_flags;
	sqe->rw_flags = ud->rw_flags;
	io_uring_sqe_set_data64(sqe, UD_INTERNAL);
	do
		rc = io_uring_submit_and_wait(&ud->ring, 1);
	while (rc == -EINTR);
	if (rc < 0)
		return rc;
	rc = io_uring_peek_cqe(&ud->ring, &cqe);
	if (rc)
		return rc;
	rc = cqe->res;
	io_uring_cqe_seen(&ud->ring, cqe);
	return rc;
}

/*
 * Does the block device behind f have poll queues?  Read from sysfs
 * (queue/io_poll of the disk, or of the disk a partition is on).  Returns
 * 1 yes, 0 no, -1 unknown (not a block-backed file, no sysfs); *name gets
 * the device's name when known.
 */
static int dev_polls(const struct plio_file *f, char *name, size_t len)
{
	char path[96], link[256], v = 0;
	const char *base;
	struct stat st;
	unsigned int i;
	dev_t dev;
	ssize_t n;
	int fd;

	if (fstat(f->fd, &st))
		return -1;
	dev = S_ISBLK(st.st_mode) ? st.st_rdev : st.st_dev;
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u", major(dev), minor(dev));
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0 && len) {
		link[n] = '\0';
		base = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
		for (i = 0; base[i] && i + 1 < len; i++)
			name[i] = base[i];
		name[i] = '\0';
	}
	/* the disk's own queue, or for a partition its disk's */
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/%squeue/io_poll",
			 major(dev), minor(dev), i ? "../" : "");
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, &v, 1);
		close(fd);
		if (n == 1)
			return v != '0';
	}
	return -1;
}

/* hipri=1: refuse files whose file system or device cannot poll. */
static int check_iopoll(struct plio_ctx *ctx, struct uring_data *ud)
{
	const struct plio_host *h = ctx->host;
	char dev[64] = "?";
	uint32_t i;
	int rc;

	for (i = 0; i < ctx->nr_files; i++) {
		struct plio_file *f = ctx->files[i];

		if (f->fd < 0)
			continue;
		rc = probe_read(ud, f);
		if (rc == -EOPNOTSUPP || rc == -EINVAL) {
			h->log(ctx, PLIO_LOG_ERROR,
			       "hipri=1 is not supported for '%s': its file system has no polled I/O",
			       f->path);
			return -EOPNOTSUPP;
		}
		if (dev_polls(f, dev, sizeof(dev)) == 0) {
			h->log(ctx, PLIO_LOG_ERROR,
			       "hipri=1 is not supported for '%s': device %s has no poll queues (queue/io_poll is 0; for NVMe set nvme.poll_queues)",
			       f->path, dev);
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

/* Check with probe_read() that uncached and nowait are accepted. */
static int check_flags(struct plio_ctx *ctx, struct uring_data *ud)
{
	const struct plio_host *h = ctx->host;
	uint32_t i;
	int rc;

	for (i = 0; i < ctx->nr_files; i++) {
		struct plio_file *f = ctx->files[i];

		if (f->fd < 0)
			continue;
		if (ud->rw_flags) {
			rc = probe_read(ud, f);
			if (rc == -EOPNOTSUPP || rc == -EINVAL) {
				if (ud->rw_flags & RWF_DONTCACHE)
					h->log(ctx, PLIO_LOG_ERROR,
					       "uncached=1 is not supported for '%s': RWF_DONTCACHE needs Linux 6.14+ and a file system that has it",
					       f->path);
				else
					h->log(ctx, PLIO_LOG_ERROR,
					       "nowait=1 is not supported for '%s' (RWF_NOWAIT: %s)",
					       f->path, strerror(-rc));
				return -EOPNOTSUPP;
			}
		}
	}
	return 0;
}

/* Register the files and buffers now that every file is open. */
static int uring_post_init(struct plio_ctx *ctx)
{
	static const struct uring_opts defaults = { .registerfiles = 1 };
	const struct uring_opts *o = ctx->options ? ctx->options : &defaults;
	struct uring_data *ud = ctx->engine_data;
	const struct plio_host *h = ctx->host;
	uint32_t i;
	int rc;

	for (i = 0; i < ctx->nr_files; i++) {
		struct plio_file *f = ctx->files[i];
		struct stat st;

		f->engine_u64 = 0;
		if (f->fd >= 0 && !fstat(f->fd, &st) && S_ISBLK(st.st_mode))
			f->engine_u64 |= URING_F_BLOCKDEV;
	}
	if (o->registerfiles && ctx->nr_files) {
		int *fds = malloc(ctx->nr_files * sizeof(*fds));

		if (!fds)
			return -ENOMEM;
		for (i = 0; i < ctx->nr_files; i++)
			fds[i] = ctx->files[i]->fd;
		rc = io_uring_register_files(&ud->ring, fds, ctx->nr_files);
		free(fds);
		if (rc) {
			h->log(ctx, PLIO_LOG_ERROR,
			       "registerfiles=1: registering %u files failed: %s (try registerfiles=0)",
			       ctx->nr_files, strerror(-rc));
			return rc;
		}
		ud->files_fixed = true;
		ud->sqe_flags |= IOSQE_FIXED_FILE;
	}
	if (o->fixedbufs) {
		struct iovec iov[64];
		uint64_t off = 0;
		unsigned int n = 0;

		while (off < ud->buf_len && n < 64) {
			uint64_t len = ud->buf_len - off;

			if (len > FIXED_BUF_MAX)
				len = FIXED_BUF_MAX;
			iov[n].iov_base = ud->buf_base + off;
			iov[n].iov_len = len;
			off += len;
			n++;
		}
		rc = off < ud->buf_len ? -E2BIG :
		     io_uring_register_buffers(&ud->ring, iov, n);
		if (rc) {
			h->log(ctx, PLIO_LOG_ERROR,
			       "fixedbufs=1: registering %llu bytes of buffers failed: %s%s",
			       (unsigned long long)ud->buf_len, strerror(-rc),
			       rc == -ENOMEM ? " (raise RLIMIT_MEMLOCK, ulimit -l)" : "");
			return rc;
		}
		ud->bufs_fixed = true;
	}
	rc = ud->iopoll ? check_iopoll(ctx, ud) : 0;
	if (!rc)
		rc = check_flags(ctx, ud);
	if (rc)
		return rc;
	h->log(ctx, PLIO_LOG_DEBUG,
	       "io_uring: setup flags 0x%x, %s, files %s, buffers %s, ring fd %s",
	       ud->setup_flags,
	       ud->bufs_fixed ? "READ_FIXED/WRITE_FIXED" :
	       ud->vectored ? "READV/WRITEV" : "READ/WRITE",
	       ud->files_fixed ? "registered" : "plain",
	       ud->bufs_fixed ? "registered" : "plain",
	       ud->ring_registered ? "registered" : "plain");
	return 0;
}

/* ------------------------------------------------------------- hot path */

/*
 * Submit what is queued without waiting and see how much completed inside
 * the call: reads served from the page cache complete inline (and, with
 * DEFER_TASKRUN, nothing else reaches the CQ without waiting), so fewer
 * than half inline means the I/O completes asynchronously and later
 * batches should be submitted early (ud->eager).  Returns what
 * io_uring_submit() returned.
 */
static int submit_observe(struct uring_data *ud)
{
	unsigned int before = io_uring_cq_ready(&ud->ring);
	int rc;

	do {
		ud->counters[C_ENTER]++;
		rc = io_uring_submit(&ud->ring);
	} while (rc == -EINTR);
	if (rc > 0) {
		ud->queued = 0;
		ud->eager = (io_uring_cq_ready(&ud->ring) - before) * 2 < (unsigned int)rc;
	}
	return rc;
}

/* Sync, datasync and block-device trims done on the spot. */
static int do_sync(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct plio_file *f = u->file;
	int rc;

	switch (u->ddir) {
	case PLIO_DDIR_SYNC:
		rc = fsync(f->fd) ? -errno : 0;
		break;
	case PLIO_DDIR_DATASYNC:
		rc = fdatasync(f->fd) ? -errno : 0;
		break;
	case PLIO_DDIR_TRIM:
		rc = ctx->host->file_trim(ctx, f, u->offset, u->length);
		break;
	default:
		rc = -EINVAL;
		break;
	}
	u->error = -rc;
	u->result = rc ? 0 : (int64_t)u->length;
	return PLIO_Q_COMPLETED;
}

static int uring_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct uring_data *ud = ctx->engine_data;
	struct plio_file *f = u->file;
	struct io_uring_sqe *sqe;
	int fd = ud->files_fixed ? (int)f->index : f->fd;

	if (u->ddir > PLIO_DDIR_WRITE &&
	    (ud->iopoll || u->ddir > PLIO_DDIR_DATASYNC ||
	     (u->ddir == PLIO_DDIR_TRIM && (f->engine_u64 & URING_F_BLOCKDEV))))
		return do_sync(ctx, u);
	sqe = io_uring_get_sqe(&ud->ring);
	if (!sqe) {
		ud->counters[C_SQ_FULL]++;
		return PLIO_Q_BUSY;
	}
	switch (u->ddir) {
	case PLIO_DDIR_READ:
	case PLIO_DDIR_WRITE: {
		unsigned int op = u->ddir == PLIO_DDIR_READ ? ud->op_read : ud->op_write;

		if (ud->vectored) {
			struct iovec *iov = &ud->iov[u->index];

			iov->iov_base = u->buf;
			iov->iov_len = u->length;
			io_uring_prep_rw(op, sqe, fd, iov, 1, u->offset);
		} else {
			io_uring_prep_rw(op, sqe, fd, u->buf, (unsigned int)u->length,
					 u->offset);
			if (ud->bufs_fixed)
				sqe->buf_index = (uint16_t)((uint64_t)((char *)u->buf - ud->buf_base) >>
							    FIXED_BUF_SHIFT);
		}
		sqe->rw_flags = ud->rw_flags;
		/* cmdprio (ABI 1.2): the core's choice for this I/O */
		if (PLIO_HAS(u, ioprio))
			sqe->ioprio = u->ioprio;
		break;
	}
	case PLIO_DDIR_SYNC:
		io_uring_prep_fsync(sqe, fd, 0);
		break;
	case PLIO_DDIR_DATASYNC:
		io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC);
		break;
	default: /* PLIO_DDIR_TRIM on a file */
		io_uring_prep_fallocate(sqe, fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
					u->offset, u->length);
		break;
	}
	sqe->flags = ud->sqe_flags;
	if (ud->async_every && ++ud->async_count >= ud->async_every) {
		ud->async_count = 0;
		sqe->flags |= IOSQE_ASYNC;
	}
	io_uring_sqe_set_data(sqe, u);
	/* device I/O: a steady trickle keeps the device busier than bursts
	 * (errors are left to reap(), which submits again) */
	if (++ud->queued >= ud->eager_every && ud->eager)
		submit_observe(ud);
	return PLIO_Q_QUEUED;
}

/* Submit what queue() filled; a full kernel is not an error (reap retries). */
static int uring_commit(struct plio_ctx *ctx)
{
	struct uring_data *ud = ctx->engine_data;
	int rc;

	if (!ud->queued)
		return 0;
	do {
		ud->counters[C_ENTER]++;
		rc = io_uring_submit(&ud->ring);
	} while (rc == -EINTR);
	if (rc >= 0 || rc == -EAGAIN || rc == -EBUSY) {
		if (rc >= 0)
			ud->queued = 0;
		return 0;
	}
	return rc;
}

/*
 * Take up to max CQEs off the ring into done[], setting result and error.
 * CQEs of internal requests (user_data 0) are consumed and skipped.
 */
static unsigned int harvest(struct uring_data *ud, struct plio_io_u **done,
			    unsigned int max)
{
	struct io_uring_cq *cq = &ud->ring.cq;
	unsigned int head = *cq->khead;
	unsigned int tail = io_uring_smp_load_acquire(cq->ktail);
	unsigned int n = 0;

	if (head == tail)
		return 0;
	while (head != tail && n < max) {
		const struct io_uring_cqe *cqe = &cq->cqes[head & cq->ring_mask];
		struct plio_io_u *u = io_uring_cqe_get_data(cqe);
		int res = cqe->res;

		head++;
		if (cqe->user_data == UD_INTERNAL ||
		    cqe->user_data == LIBURING_UDATA_TIMEOUT)
			continue;
		if (res < 0) {
			u->result = 0;
			u->error = -res;
		} else {
			u->result = u->ddir == PLIO_DDIR_TRIM ? (int64_t)u->length : res;
			u->error = 0;
		}
		done[n++] = u;
	}
	io_uring_smp_store_release(cq->khead, head);
	return n;
}

/* Is anything filled by queue() still to be handed to the kernel? */
static bool unsubmitted(const struct uring_data *ud)
{
	return ud->queued || (!ud->sqpoll && io_uring_sq_ready(&ud->ring));
}

/*
 * Submit what is queued and wait until `want` CQEs are on the ring (0: do
 * not wait, but let the kernel post what has completed).  One
 * io_uring_enter().  Returns >= 0 or -errno.
 */
static int enter(struct uring_data *ud, unsigned int want,
		 const struct timespec *timeout)
{
	ud->counters[C_ENTER]++;
	if (timeout) {
		struct __kernel_timespec ts = {
			.tv_sec = timeout->tv_sec, .tv_nsec = timeout->tv_nsec,
		};
		struct io_uring_cqe *cqe;

		return io_uring_submit_and_wait_timeout(&ud->ring, &cqe, want, &ts, NULL);
	}
	if (want)
		return io_uring_submit_and_wait(&ud->ring, want);
	return io_uring_submit_and_get_events(&ud->ring);
}

static int uring_reap(struct plio_ctx *ctx, unsigned int min, unsigned int max,
		      struct plio_io_u **done, const struct timespec *timeout)
{
	struct uring_data *ud = ctx->engine_data;
	unsigned int n;
	int rc;

	if (min > max)
		min = max;
	n = harvest(ud, done, max);
	if (n >= min && (n || min) && !unsubmitted(ud))
		return (int)n;
	/*
	 * Now and then submit apart from the wait, to learn whether
	 * completions come inline (queue()'s early submissions tell too);
	 * inline ones are on the CQ at once, so even then page-cache I/O
	 * needs one call per batch.
	 */
	if (ud->eager_every && ud->queued && !(ud->rounds++ & EAGER_SAMPLE_MASK)) {
		rc = submit_observe(ud);
		if (rc < 0 && rc != -EAGAIN && rc != -EBUSY)
			return rc;
		n += harvest(ud, done + n, max - n);
		if (n >= min && (n || min) && !unsubmitted(ud))
			return (int)n;
	}
	for (;;) {
		rc = enter(ud, min > n ? min - n : 0, timeout);
		if (rc < 0 && rc != -ETIME && rc != -EINTR) {
			if (rc != -EAGAIN && rc != -EBUSY)
				return rc;
			/* the kernel is short of memory or CQ room: drain, retry */
			ud->counters[C_BUSY]++;
			n += harvest(ud, done + n, max - n);
			if (n)
				return (int)n;
			sched_yield();
			continue;
		}
		if (rc >= 0)
			ud->queued = 0;
		n += harvest(ud, done + n, max - n);
		if (rc == -EINTR && n < min)
			continue;
		/* min 0, a timeout, or enough: done; else internal CQEs ate some */
		if (n >= min || timeout || rc == -ETIME)
			return (int)n;
	}
}

/* Ask the kernel to cancel u; u still completes through reap(). */
static int uring_cancel(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct uring_data *ud = ctx->engine_data;
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ud->ring);
	int rc;

	if (!sqe)
		return -EBUSY;
	io_uring_prep_cancel(sqe, u, 0);
	io_uring_sqe_set_data64(sqe, UD_INTERNAL);
	do
		rc = io_uring_submit(&ud->ring);
	while (rc == -EINTR);
	if (rc >= 0)
		ud->queued = 0;
	return rc < 0 ? rc : 0;
}

/*
 * A file opened or closed during the run (openfiles below nrfiles): keep
 * its slot of the registered table in step, or fixed-file I/O would use
 * a stale or empty slot.  Before post_init nothing is registered yet.
 */
static int uring_open_file(struct plio_ctx *ctx, struct plio_file *f)
{
	struct uring_data *ud = ctx->engine_data;
	int rc = ctx->host->file_open(ctx, f);

	if (rc || !ud || !ud->files_fixed)
		return rc;
	rc = io_uring_register_files_update(&ud->ring, f->index, &f->fd, 1);
	if (rc < 0) {
		ctx->host->log(ctx, PLIO_LOG_ERROR,
			       "registerfiles=1: updating the slot of '%s' failed: %s (try registerfiles=0)",
			       f->path, strerror(-rc));
		ctx->host->file_close(ctx, f);
		return rc;
	}
	return 0;
}

static int uring_close_file(struct plio_ctx *ctx, struct plio_file *f)
{
	struct uring_data *ud = ctx->engine_data;
	int none = -1;

	if (ud && ud->files_fixed && f->fd >= 0)
		io_uring_register_files_update(&ud->ring, f->index, &none, 1);
	return ctx->host->file_close(ctx, f);
}

/* ------------------------------------------------------------- descriptor */

static const struct plio_engine uring_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct uring_opts),
	.name = "io_uring",
	.help = "io_uring(7) through liburing: one system call per batch; DEFER_TASKRUN, registered files and ring fd, READ/WRITE opcodes, early submission for device I/O",
	.caps = PLIO_CAP_TRIM | PLIO_CAP_IOPRIO,
	.options = PLIO_OPTIONS(uring_options),
	.init = uring_init,
	.cleanup = uring_cleanup,
	.check_options = uring_check_options,
	PLIO_COUNTERS(uring_counters),
	.unit_init = uring_unit_init,
	.queue = uring_queue,
	.commit = uring_commit,
	.reap = uring_reap,
	.cancel = uring_cancel,
	.post_init = uring_post_init,
	.open_file = uring_open_file,
	.close_file = uring_close_file,
};

static const struct plio_engine *const uring_engines[] = { &uring_engine, NULL };

static const struct plio_plugin uring_plugin = {
	PLIO_PLUGIN_HEADER(1),
	.name = "uring",
	.version = "1.0",
	.license = "MIT",
	.description = "the io_uring engine (links liburing)",
	.engines = uring_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &uring_plugin;
}
