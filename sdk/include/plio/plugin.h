/*
 * plio/plugin.h - the plio plugin ABI.
 *
 * This header is the whole contract between the plio core and a plugin.
 * A plugin includes only <plio/plio.h> (which includes this file), links
 * nothing of plio's, and exports exactly one symbol: plio_plugin_entry().
 *
 * Versioning.  PLIO_ABI_MAJOR changes only when the meaning or layout of an
 * existing field changes; the core refuses a plugin of another major.
 * PLIO_ABI_MINOR grows when fields are appended.  Every struct that crosses
 * the boundary starts with its own size (struct_size), and each side reads
 * only the fields that lie inside the size the other side wrote; PLIO_HAS()
 * is the test.  Arrays carry a stride (the size of an element as the
 * plugin was built), so their elements may grow too.  So a plugin built
 * against 1.0 loads into every 1.y core, and a plugin built against a
 * newer minor loads into an older core unless it sets min_host_minor above
 * the core's minor.  A plugin may also look at host->abi_minor in its entry
 * and return a descriptor fit for that core (one without 1.1 features for
 * a 1.0 core, say).
 *
 * What 1.1 added: typed job facts (struct plio_job, ctx->job), composite
 * option types parsed by the core (per-direction values, size lists,
 * size/percentage splits), check_options (options refused when they are
 * parsed), engine counters, choice and counter strides, capability bits a
 * core must understand or may ignore, and the rule that cleanup follows a
 * failed init.
 *
 * What 1.2 added: the I/O unit's priority (plio_io_u.ioprio, set by the
 * core for cmdprio_percentage and cmdprio_bssplit) and the capability hint
 * PLIO_CAP_IOPRIO of engines that give each I/O that priority.
 *
 * What 1.3 added: engines whose work is not a transfer: PLIO_CAP_NOIO
 * (the I/O is time spent, as cpuio's and exec's: no bytes, no size
 * needed, the job runs until its runtime) and PLIO_CAP_FILEOP (the work is
 * open_file itself, timed by the core: creating, stat'ing, deleting files
 * or directories); the host's io_jobs_running(), job_done() and
 * job_stopping(); a
 * diskless engine's read or write of 0 bytes ends its job cleanly (the
 * end of a stream, as net's).
 *
 * Ownership.  Everything the plugin hands the core (descriptor, engine and
 * profile tables, option tables, strings) must stay valid and unchanged for
 * as long as the plugin is loaded; plio never unloads a plugin, so static
 * const data is the normal form.  Everything the core hands the plugin
 * (host table, contexts, files, I/O units) is owned by the core; the
 * comments say which fields a plugin may write.
 *
 * Threads.  An engine instance (one plio_ctx) is used by exactly one worker
 * thread; callbacks on one ctx never run concurrently.  Different workers may
 * call the same engine concurrently on different ctx, so an engine keeps its
 * state in ctx->engine_data, not in globals.
 *
 * The MIT license covers this header: proprietary plugins may include it.
 */
#ifndef PLIO_PLUGIN_H
#define PLIO_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- versions */

#define PLIO_ABI_MAJOR 1
#define PLIO_ABI_MINOR 3

/* First word of struct plio_plugin: the bytes "PLIO" read as a little-endian u32. */
#define PLIO_PLUGIN_MAGIC 0x4f494c50u

/*
 * PLIO_HAS(p, f): true when the struct *p, which came from the other side of
 * the ABI and carries its size in p->struct_size, is long enough to hold
 * field f.  Test it before reading any field appended after 1.0.
 */
#define PLIO_HAS(p, f)                                                          \
	((p)->struct_size >= offsetof(__typeof__(*(p)), f) + sizeof((p)->f))

/*
 * PLIO_EXPORT marks the one symbol a plugin exports.  Build plugins with
 * -fvisibility=hidden so nothing else leaks out.
 */
#if defined(__GNUC__)
#define PLIO_EXPORT __attribute__((visibility("default")))
#else
#define PLIO_EXPORT
#endif

#if defined(__GNUC__)
#define PLIO_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PLIO_PRINTF(f, a)
#endif

struct plio_host;
struct plio_ctx;
struct plio_file;
struct plio_io_u;
struct plio_jobgen;

/* ----------------------------------------------------------------- options */

/*
 * Option tables.  Engines and profiles declare their options in the same
 * form the core uses for its own, so job files, the command line and
 * `plio --enghelp=NAME` treat them alike.  The core allocates a zeroed block
 * of options_size bytes per job, stores each option's default and then the
 * user's value at `offset` in that block, and hands the block to the engine
 * as ctx->options (read-only to the engine).
 *
 * Stored types at `offset`:
 *   PLIO_OPT_BOOL   int       0 or 1; a bare `name` means 1
 *   PLIO_OPT_INT    int64_t   decimal or 0x hex, checked against [min, max];
 *                             a decimal may take a k/m/g/t/p suffix, as
 *                             in fio (16k = 16384)
 *   PLIO_OPT_SIZE   uint64_t  a byte count with k/m/g/t/p suffixes, as the
 *                             job's kb_base reads them (fio's default:
 *                             k = 1024)
 *   PLIO_OPT_TIME   uint64_t  microseconds; suffixes us, ms, s, m, h, d;
 *                             a bare number is in `unit` (0 means seconds)
 *   PLIO_OPT_STR    const char *  NUL-terminated, owned by the core,
 *                             valid until the engine's cleanup returns
 *   PLIO_OPT_ENUM   int64_t   the ival of the matching choice
 * 1.1, composite values the core parses with the job's kb_base (check
 * host->abi_minor >= 1 before declaring them, or set min_host_minor 1):
 *   PLIO_OPT_INT_DIRS   struct plio_int_dirs   READ[,WRITE[,TRIM]] integers
 *   PLIO_OPT_SIZE_DIRS  struct plio_size_dirs  READ[,WRITE[,TRIM]] sizes
 *   PLIO_OPT_SIZE_LIST  struct plio_size_list  SIZE[:SIZE...]
 *   PLIO_OPT_SPLIT      struct plio_split      SIZE/PCT[/A[/B]][:...], up to
 *                                              three ',' lists (per direction)
 *
 * Bounds: INT (each value of INT_DIRS too) must lie in [min, max]; max 0
 * means no upper bound; min always applies, so an option that takes
 * negative values says so with a negative min (INT64_MIN for any).  SIZE
 * and TIME (each value of SIZE_DIRS and SIZE_LIST, each size of a SPLIT):
 * at least min, at most max unless max is 0.  A SPLIT's percentages are
 * 0..100 and its extra fields (A, B) are checked by the engine's
 * check_options.  (ABI 1.0 cores took INT's min = max = 0 as "unbounded";
 * 1.1 follows what this comment always said.)
 */
enum plio_opt_type {
	PLIO_OPT_BOOL = 1,
	PLIO_OPT_INT = 2,
	PLIO_OPT_SIZE = 3,
	PLIO_OPT_TIME = 4,
	PLIO_OPT_STR = 5,
	PLIO_OPT_ENUM = 6,
	/* 1.1 */
	PLIO_OPT_INT_DIRS = 7,
	PLIO_OPT_SIZE_DIRS = 8,
	PLIO_OPT_SIZE_LIST = 9,
	PLIO_OPT_SPLIT = 10,
};

/*
 * Per-direction values (1.1), as fio reads bs=: "4k" sets all three,
 * "4k,8k" reads 4k, writes and trims 8k (a missing trailing value repeats
 * the last one given), ",8k" keeps the reads' default.  given[d] is 1 for
 * each direction whose value the user wrote out ("4k,8k": read and write,
 * not trim, though v[2] is 8k); a default is never `given`.
 */
struct plio_int_dirs {
	int64_t v[3];			/* PLIO_DDIR_READ, _WRITE, _TRIM */
	uint8_t given[3];
};

struct plio_size_dirs {
	uint64_t v[3];
	uint8_t given[3];
};

/* A list of sizes, ':' between them (1.1). */
#define PLIO_SIZE_LIST_MAX 16
struct plio_size_list {
	uint32_t n;
	uint64_t v[PLIO_SIZE_LIST_MAX];
};

/*
 * A split (1.1), as fio's bssplit and cmdprio_bssplit: entries
 * SIZE/PCT[/A[/B]] with ':' between them, up to three lists for reads,
 * writes and trims with ',' between them (one list serves every
 * direction; a missing trailing list repeats the last).  n_args says how
 * many of A, B an entry gave; their meaning and bounds are the engine's.
 */
#define PLIO_SPLIT_MAX 64
struct plio_split_entry {
	uint64_t size;
	uint32_t pct;
	uint32_t n_args;
	int64_t args[2];
};

struct plio_split {
	uint32_t n_lists;		/* lists the text wrote out: 1 to 3 */
	uint32_t n[3];			/* entries per direction */
	struct plio_split_entry e[3][PLIO_SPLIT_MAX];
};

/* One allowed value of an ENUM option; arrays end with a NULL value.
 * Elements may grow (1.1): the option's choice_stride says their size. */
struct plio_option_choice {
	const char *value;
	int64_t ival;
	const char *help;
};

/*
 * One option.  Arrays of these are described by (pointer, stride, count):
 * stride is sizeof(struct plio_option) as the plugin was compiled, so a plugin
 * built with older, shorter elements still reads correctly.  Fields are only
 * ever appended.
 */
struct plio_option {
	const char *name;	/* as in job files: lower case, no spaces; never
				 * a core option's name (such an engine is
				 * refused when it loads) */
	const char *alias;	/* another accepted name, or NULL */
	const char *help;	/* one line */
	uint32_t type;		/* enum plio_opt_type */
	uint32_t offset;	/* where the value lives in the options block */
	const char *def;	/* default, written as a user would, or NULL (zero) */
	int64_t min, max;	/* bounds (see above) */
	const struct plio_option_choice *choices; /* ENUM only */
	uint32_t unit;		/* TIME: microseconds in one bare unit, 0 = 1 s */
	uint32_t flags;		/* PLIO_OPTF_* */
	/* 1.1 */
	uint32_t choice_stride;	/* sizeof(struct plio_option_choice) as built;
				 * 0: 1.0's */
};

/* The option takes effect only if the running kernel supports it; the engine
 * checks in init and refuses clearly when it does not. */
#define PLIO_OPTF_KERNEL_DEPENDENT (1u << 0)

#define PLIO_OPTIONS(arr) (arr), (uint32_t)sizeof((arr)[0]), \
	(uint32_t)(sizeof(arr) / sizeof((arr)[0]))

/* An ENUM option's choices with their stride (1.1):
 *   { .name = "mode", .type = PLIO_OPT_ENUM, PLIO_CHOICES(mode_choices), ... } */
#define PLIO_CHOICES(arr) .choices = (arr), \
	.choice_stride = (uint32_t)sizeof((arr)[0])

/* ------------------------------------------------------------- files & I/O */

/* Direction of an I/O unit. */
enum plio_ddir {
	PLIO_DDIR_READ = 0,
	PLIO_DDIR_WRITE = 1,
	PLIO_DDIR_TRIM = 2,
	PLIO_DDIR_SYNC = 3,	/* fsync the file; offset and length are 0 */
	PLIO_DDIR_DATASYNC = 4,	/* fdatasync the file */
};

/*
 * A file a worker does I/O to.  The core owns it; it lives from before the
 * engine's init until after its cleanup.  engine_data and engine_u64 are 0
 * before the first open_file; after that the core never touches them.
 */
struct plio_file {
	uint32_t struct_size;
	int fd;			/* -1 while closed; set by open_file */
	const char *path;	/* as the job named it, directory applied */
	uint64_t real_size;	/* size of the file on disk, or 0 if unknown */
	uint64_t io_offset;	/* first byte of this job's region in the file */
	uint64_t io_size;	/* bytes of the region; I/O never leaves it */
	int open_flags;		/* open(2) flags the job asks for (O_RDWR, O_DIRECT, ...) */
	uint32_t index;		/* position in ctx->files */
	void *engine_data;	/* the engine's, per file */
	uint64_t engine_u64;	/* the engine's, per file */
};

/* What queue() says about a unit it was handed. */
enum plio_queue_status {
	PLIO_Q_COMPLETED = 0,	/* done now: result/error are set */
	PLIO_Q_QUEUED = 1,	/* accepted; it will come back from reap() */
	PLIO_Q_BUSY = 2,	/* not accepted now; the core reaps and retries */
};

/*
 * The I/O unit an engine sees.  The core owns it and keeps its own
 * bookkeeping beside it, never in it.  Between queue() and its completion
 * the engine owns the unit and may write `result`, `error`, `engine_data`
 * and `engine_u64`; everything else is read-only to the engine.  A unit
 * that comes back with a negative error, a negative result without an
 * error, or a result above its length breaks the contract: the core fails
 * the job with EPROTO and one line naming the engine.
 */
struct plio_io_u {
	uint32_t struct_size;
	uint8_t ddir;		/* enum plio_ddir */
	uint8_t flags;		/* PLIO_IOU_* */
	uint16_t index;		/* 0 .. iodepth-1, stable for the unit's life */
	struct plio_file *file;
	uint64_t offset;	/* byte offset in the file */
	void *buf;		/* data; aligned when the engine asks for it */
	uint64_t length;	/* bytes to transfer */
	int64_t result;		/* engine: bytes transferred, 0..length (may
				 * be short); 0 for a read or write means
				 * nothing moved: the core fails the job
				 * with EIO (end of file); 1.3: for a
				 * PLIO_CAP_DISKLESS engine it is the end
				 * of its stream (a socket closed): the job
				 * ends there, without an error, the unit
				 * not counted (PLIO_CAP_NOIO: see there) */
	int32_t error;		/* engine: 0, or a positive errno */
	uint32_t reserved;
	void *engine_data;	/* the engine's: set in unit_init or per I/O */
	uint64_t engine_u64;	/* the engine's */
	/* 1.2 (PLIO_HAS(u, ioprio)): this I/O's priority, as Linux's ioprio
	 * (class << 13 | level: IOPRIO_PRIO_VALUE); 0: none of its own (the
	 * job's).  Set by the core for engines with PLIO_CAP_IOPRIO. */
	uint16_t ioprio;
	uint16_t reserved16;
	uint32_t reserved32;
};

#define PLIO_IOU_F_NONE 0u

/* ----------------------------------------------------------------- engines */

/*
 * Capability flags: what an engine is.  The core checks them, never guesses.
 * The low 32 bits are ones a core must understand: an engine that sets a
 * bit there that the loading core does not know is refused, with one line
 * naming the bit (upgrade plio).  The high 32 bits are hints an older core
 * may ignore.
 */
#define PLIO_CAP_SYNC (1ull << 0)	/* queue() always completes (never
					 * PLIO_Q_QUEUED); no commit/reap */
#define PLIO_CAP_DISKLESS (1ull << 1)	/* needs no files: the core opens none
					 * (unless the engine has open_file) */
#define PLIO_CAP_FAKEIO (1ull << 2)	/* moves no data (e.g. null) */
#define PLIO_CAP_MEMALIGN (1ull << 3)	/* wants page-aligned buffers */
#define PLIO_CAP_NODIRECT (1ull << 4)	/* cannot honour direct=1 */
#define PLIO_CAP_NOEXTEND (1ull << 5)	/* cannot grow a file: the core lays it out */
#define PLIO_CAP_MMAP (1ull << 6)	/* memory-maps the file itself */
#define PLIO_CAP_TRIM (1ull << 7)	/* handles PLIO_DDIR_TRIM */
/*
 * 1.3: the I/O is time, not data (fio's FIO_NOIO: cpuio, exec).  Each
 * unit the engine completes counts as one I/O of the job's direction with
 * its latency and no bytes: complete it with result 0 (and no error).  The
 * job needs no size and runs until its runtime, number_ios, job_done() or
 * a signal, as fio's; its units' offsets and lengths mean nothing.  Such a
 * job does not count among io_jobs_running().  Its prep() may pause (a
 * pause between I/Os, outside their latency, as fio's thinktime): when the
 * job has ended meanwhile (job_done(), its runtime, a stop), the unit is
 * not issued.
 */
#define PLIO_CAP_NOIO (1ull << 8)
/*
 * 1.3: the measured work is open_file itself (creating, stat'ing or
 * deleting a file or directory, as fio's filecreate, filestat, filedelete,
 * dircreate, dirstat, dirdelete).  The core opens each file when the job
 * first picks it, never at set-up, times open_file and keeps that time as
 * a completion latency of the job's direction (reads unless the job only
 * writes); the units themselves move no data (complete them with their
 * length), count their bytes and I/Os, and are not timed.  So open_file
 * runs only while the job runs, after init and post_init.  With
 * PLIO_CAP_DISKLESS too (the engine makes the files: filecreate,
 * dircreate) nothing is laid out, but directory= must exist, a file
 * needs no size (one block without size= or filesize=), and unlink=1
 * removes what the job made (rmdir for a directory).
 */
#define PLIO_CAP_FILEOP (1ull << 9)
/* Hints (an older core may ignore them): */
#define PLIO_CAP_IOPRIO (1ull << 32)	/* 1.2: gives each I/O its u->ioprio
					 * (cmdprio_percentage, cmdprio_bssplit
					 * are refused for other engines) */
/* The bits a core must understand, and those of them this header knows. */
#define PLIO_CAP_MUST_MASK 0x00000000ffffffffull
#define PLIO_CAP_KNOWN_1_1 0x00000000000000ffull
#define PLIO_CAP_KNOWN_1_3 0x00000000000003ffull

/*
 * What an engine learns about its job (1.1): typed and read-only, the same
 * for every clone, valid from check_options (or init) until cleanup
 * returns.  Never the printed form of an option: read these fields (after
 * PLIO_HAS(job, field) for any appended after 1.1).
 */
#define PLIO_JOB_READ (1u << 0)		/* the job reads */
#define PLIO_JOB_WRITE (1u << 1)	/* writes */
#define PLIO_JOB_TRIM (1u << 2)		/* trims */
#define PLIO_JOB_RANDOM (1u << 3)	/* at random offsets (else in order) */

enum plio_sync_mode {
	PLIO_SYNC_NONE = 0,	/* sync=none */
	PLIO_SYNC_SYNC = 1,	/* sync=sync: files opened O_SYNC */
	PLIO_SYNC_DSYNC = 2,	/* sync=dsync: O_DSYNC */
};

struct plio_job {
	uint32_t struct_size;
	uint32_t rw;			/* PLIO_JOB_* */
	uint32_t rwmixread;		/* percent of a mixed job's I/O that reads */
	uint32_t iodepth;
	uint32_t iodepth_batch;		/* submit once this many are queued; 0:
					 * together with the wait (reap) */
	uint32_t iodepth_batch_complete_min;
	uint32_t iodepth_batch_complete_max;	/* 0: iodepth */
	uint32_t direct;		/* 1: O_DIRECT */
	uint32_t sync;			/* enum plio_sync_mode */
	uint32_t kb_base;		/* 1024 or 1000: what k means in sizes */
	uint32_t time_based;		/* 1: the job runs until runtime */
	uint64_t runtime_us;		/* 0: no limit */
	uint64_t min_bs[3];		/* per direction (PLIO_DDIR_READ..TRIM) */
	uint64_t max_bs[3];
	uint64_t fsync_nr;		/* fsync every N writes; 0: never */
	uint64_t fdatasync_nr;
	const char *name;		/* the job's name */
};

/* A counter an engine keeps per worker (1.1): the core reports it under
 * the job, summed over its clones (normal output and JSON). */
struct plio_counter {
	const char *name;	/* lower case, no spaces: a JSON key */
	const char *help;	/* one line, for --enghelp */
};

/* At most this many counters per engine; more are refused at load. */
#define PLIO_COUNTERS_MAX 16

/*
 * Per-worker engine instance.  The core fills it completely before the first
 * callback and does not change it afterwards; the engine writes only
 * engine_data (and bumps its counters).  Callback order for one worker:
 *   init, open_file (each file), unit_init (each unit), post_init,
 *   [prep, queue, commit, reap, cancel, invalidate]...,
 *   unit_exit (each unit), close_file (each open file), cleanup.
 * cleanup runs whenever init was called, also when init itself failed
 * (1.1; a 1.0 core skipped it then): it must cope with whatever init left
 * half done, engine_data NULL included.
 */
struct plio_ctx {
	uint32_t struct_size;
	uint32_t iodepth;		/* most units in flight at once */
	const struct plio_host *host;	/* the core's callbacks */
	const char *job_name;
	uint32_t job_index;		/* which job of the run (0-based, in the
					 * order jobs were written) */
	uint32_t clone_index;		/* which clone of that job (numjobs) */
	const void *options;		/* the engine's options block */
	void *engine_data;		/* the engine's, per worker */
	struct plio_file *const *files;	/* nr_files files, core-owned */
	uint32_t nr_files;
	uint32_t direct;		/* 1 when direct=1 (O_DIRECT asked) */
	void *buffers;			/* all units' buffers, one region */
	uint64_t buffers_len;
	uint64_t max_bs;		/* largest transfer the job issues */
	uint64_t seed;			/* the worker's random seed (randseed,
					 * randrepeat): seed engine randomness
					 * from it to stay repeatable */
	/* 1.1 */
	const struct plio_job *job;	/* the job's facts */
	uint64_t *counters;		/* the engine's n_counters counters of
					 * this worker: bump them (counters[i]++
					 * from the worker's thread, no call) */
};

/*
 * An engine.  Required: name, queue.  Everything else may be NULL:
 *   open_file/close_file/file_size default to host->file_open/...
 *   (a PLIO_CAP_DISKLESS engine without open_file has no file opened);
 *   commit and reap are required unless caps has PLIO_CAP_SYNC.
 * Every callback returns 0 (or a count) on success and a negative errno on
 * failure, except queue().  The core composes the user-facing message;
 * an engine may add detail through host->log() first.
 */
struct plio_engine {
	uint32_t struct_size;
	uint32_t options_size;		/* bytes of the engine's options block */
	const char *name;		/* what ioengine= names */
	const char *help;		/* one line for --enghelp */
	uint64_t caps;			/* PLIO_CAP_* */
	const struct plio_option *options;
	uint32_t option_stride;
	uint32_t n_options;

	/* Set up per-worker state; may read ctx->options; sets ctx->engine_data.
	 * 0, or a negative errno (log the detail with host->log first). */
	int (*init)(struct plio_ctx *ctx);
	/* Undo init; called once, after a failed run and after a failed init
	 * too (see struct plio_ctx). */
	void (*cleanup)(struct plio_ctx *ctx);
	/* Set up per-unit state (e.g. a control block in u->engine_data). */
	int (*unit_init)(struct plio_ctx *ctx, struct plio_io_u *u);
	void (*unit_exit)(struct plio_ctx *ctx, struct plio_io_u *u);

	/* Open f (set f->fd or f->engine_data), close it, or get its size. */
	int (*open_file)(struct plio_ctx *ctx, struct plio_file *f);
	int (*close_file)(struct plio_ctx *ctx, struct plio_file *f);
	int (*file_size)(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size);

	/* Optional last look at a unit before queue(). */
	int (*prep)(struct plio_ctx *ctx, struct plio_io_u *u);
	/* Start (or do) one I/O; returns enum plio_queue_status.  On
	 * PLIO_Q_COMPLETED, u->result and u->error are final. */
	int (*queue)(struct plio_ctx *ctx, struct plio_io_u *u);
	/* Submit what queue() accepted.  Returns 0 or -errno. */
	int (*commit)(struct plio_ctx *ctx);
	/*
	 * First submit whatever queue() accepted and commit() has not yet
	 * submitted (the core calls reap() without commit() when it is about
	 * to wait anyway, so an engine can submit and wait in one system
	 * call); then wait for at least min (and at most max) completions, or
	 * until timeout (NULL: no limit) passes, storing the completed units in
	 * done[0..n-1] with result/error set.  min 0 means: only what is
	 * already complete.  Returns n, or -errno.
	 */
	int (*reap)(struct plio_ctx *ctx, unsigned int min, unsigned int max,
		    struct plio_io_u **done, const struct timespec *timeout);
	/* Try to cancel a queued unit; it still comes back from reap(). */
	int (*cancel)(struct plio_ctx *ctx, struct plio_io_u *u);
	/* Drop f's cached pages (fio's invalidate=1).  NULL: the core uses
	 * posix_fadvise(POSIX_FADV_DONTNEED) on f->fd. */
	int (*invalidate)(struct plio_ctx *ctx, struct plio_file *f);
	/* Called once after every file is open and every unit set up, before
	 * the first I/O: register files and buffers here. */
	int (*post_init)(struct plio_ctx *ctx);

	/* 1.1 */
	/*
	 * Check the job's options (the parsed block) against each other and
	 * the job, when the job is built: before any file is laid out, with
	 * --parse-only too.  0, or a negative errno with one line in why
	 * (no option name, no "plio:") and, in *option, the index in the
	 * engine's option table of the option to blame (left alone: the job's
	 * section is blamed).  May be called more than once; keeps no state.
	 */
	int (*check_options)(const void *options, const struct plio_job *job,
			     char *why, size_t why_len, uint32_t *option);
	/* Counters the engine keeps per worker: ctx->counters[i] is
	 * counters[i]'s (stride: sizeof(struct plio_counter) as built). */
	const struct plio_counter *counters;
	uint32_t counter_stride;
	uint32_t n_counters;
};

#define PLIO_COUNTERS(arr) .counters = (arr), \
	.counter_stride = (uint32_t)sizeof((arr)[0]), \
	.n_counters = (uint32_t)(sizeof(arr) / sizeof((arr)[0]))

/* ---------------------------------------------------------------- profiles */

/*
 * A profile turns its own options into jobs, as fio's tiobench and act
 * do.  `plio --profile=NAME --opt=value ...` parses the options into a block
 * of options_size bytes and calls generate(), which adds jobs and sets their
 * options by text through host->job_add() and host->job_set(): exactly as
 * if the user had written them in a job file.
 */
struct plio_profile {
	uint32_t struct_size;
	uint32_t options_size;
	const char *name;
	const char *help;
	const struct plio_option *options;
	uint32_t option_stride;
	uint32_t n_options;
	int (*generate)(struct plio_jobgen *gen, const void *options);
	/* 1.1: check the options before generate() (see the engine's). */
	int (*check_options)(const void *options, char *why, size_t why_len,
			     uint32_t *option);
};

/* ------------------------------------------------------------ the host side */

enum plio_log_level {
	PLIO_LOG_ERROR = 0,
	PLIO_LOG_WARN = 1,
	PLIO_LOG_INFO = 2,
	PLIO_LOG_DEBUG = 3,
};

/*
 * The core's callbacks, handed to plio_plugin_entry() and stored in every
 * ctx.  Appended to only; check PLIO_HAS(host, fn) before calling anything
 * newer than the minor you require.
 */
struct plio_host {
	uint32_t struct_size;
	uint16_t abi_major;
	uint16_t abi_minor;
	const char *version;	/* plio's version string, e.g. "0.1" */

	/*
	 * Print one line, prefixed with plio and the job when ctx != NULL.
	 * PLIO_LOG_ERROR with a ctx, from inside a callback that then fails,
	 * is not printed on its own: it becomes the reason in the job's one
	 * error line ("plio: job 'x': file 'f': open failed: <your words>").
	 * The same for an I/O unit that then comes back with an error: log
	 * just before handing it back (from queue() or reap(), one line per
	 * failed unit, in the order they come back) and the line reads
	 * "... write of 4096 bytes at offset 0 failed: <your words>".
	 */
	void (*log)(const struct plio_ctx *ctx, int level, const char *fmt, ...)
		PLIO_PRINTF(3, 4);
	/* Monotonic clock, nanoseconds; cheap enough for the hot path. */
	uint64_t (*now_ns)(void);

	/* Default file handling: open f->path with f->open_flags (creating
	 * it when the job may write), close it, or stat its size. */
	int (*file_open)(struct plio_ctx *ctx, struct plio_file *f);
	int (*file_close)(struct plio_ctx *ctx, struct plio_file *f);
	int (*file_size)(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size);

	/*
	 * A job option's value as text, e.g. ("iodepth_batch", buf, len):
	 * lets an engine read core options without an ABI change.  Returns
	 * the length written (buf always NUL-terminated), or -ENOENT when
	 * the core has no such option.
	 */
	int (*job_option)(const struct plio_ctx *ctx, const char *name,
			  char *buf, size_t len);

	/* Discard (trim) a byte range of f: fallocate(PUNCH_HOLE|KEEP_SIZE)
	 * on files, BLKDISCARD on block devices.  0 or -errno.  For engines
	 * without an asynchronous trim of their own. */
	int (*file_trim)(struct plio_ctx *ctx, struct plio_file *f,
			 uint64_t offset, uint64_t length);

	/* Profiles: add a job named `name` (it becomes the current job);
	 * set an option of the current job by text. 0 or -errno; on error the
	 * core has already printed the reason. */
	int (*job_add)(struct plio_jobgen *gen, const char *name);
	int (*job_set)(struct plio_jobgen *gen, const char *key, const char *value);

	/* 1.3 (PLIO_HAS(host, job_done)): */
	/* How many jobs of this run that do I/O (engines without
	 * PLIO_CAP_NOIO, any worker of them, this one's job excluded) are
	 * still running or yet to start: fio's exit_on_io_done asks this.
	 * Cheap (a few loads per job), but not for every I/O. */
	unsigned int (*io_jobs_running)(const struct plio_ctx *ctx);
	/* End this worker's job as if its runtime had passed: the unit in
	 * hand completes as the engine says, no other is started (called
	 * from a PLIO_CAP_NOIO engine's prep(), the unit in hand is not
	 * issued).  From a callback of ctx's worker (prep, queue, reap, ...). */
	void (*job_done)(struct plio_ctx *ctx);
	/* 1 when ctx's job is to end now: its runtime passed, job_done(),
	 * exitall, a signal to plio; else 0.  An engine that waits (a pause,
	 * a peer that never comes) looks every few tens of milliseconds and
	 * gives up.  Cheap: reads the clock, no system call. */
	int (*job_stopping)(const struct plio_ctx *ctx);
};

/* ------------------------------------------------------------ the plugin */

/* The plugin needs nothing optional from the host. */
#define PLIO_PLUGIN_F_NONE 0u

/*
 * The descriptor.  engines and profiles are NULL-terminated arrays of
 * pointers (either may be NULL), so each element carries its own size.
 */
struct plio_plugin {
	uint32_t magic;			/* PLIO_PLUGIN_MAGIC */
	uint32_t struct_size;		/* sizeof(struct plio_plugin) */
	uint16_t abi_major;		/* PLIO_ABI_MAJOR built against */
	uint16_t abi_minor;		/* PLIO_ABI_MINOR built against */
	uint16_t min_host_minor;	/* oldest core minor this plugin works with */
	uint16_t flags;			/* PLIO_PLUGIN_F_* */
	const char *name;		/* e.g. "sync" */
	const char *version;		/* the plugin's own version */
	const char *license;		/* e.g. "MIT", "Proprietary" */
	const char *description;
	const struct plio_engine *const *engines;
	const struct plio_profile *const *profiles;
};

/*
 * Fill in a descriptor's ABI fields from the headers it is compiled with:
 *   static const struct plio_plugin me = {
 *       PLIO_PLUGIN_HEADER(0), .name = "x", ... };
 */
#define PLIO_PLUGIN_HEADER(min_minor)                                          \
	.magic = PLIO_PLUGIN_MAGIC, .struct_size = sizeof(struct plio_plugin),  \
	.abi_major = PLIO_ABI_MAJOR, .abi_minor = PLIO_ABI_MINOR,                \
	.min_host_minor = (min_minor)

/*
 * The one exported symbol.  Called once, on the main thread, right after
 * the plugin is loaded.  The host table stays valid for the life of the
 * process.  Return the descriptor, or NULL to decline loading (log why
 * through host->log first).
 *
 * In-tree plugins are compiled with -Dplio_plugin_entry=<module>_LTX_plio_plugin_entry
 * so several can be linked into one binary (libltdl preloading); out-of-tree
 * plugins export the plain name.
 */
#define PLIO_ENTRY_SYMBOL "plio_plugin_entry"
typedef const struct plio_plugin *plio_plugin_entry_fn(const struct plio_host *host);
PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host);

#ifdef __cplusplus
}
#endif

#endif /* PLIO_PLUGIN_H */
