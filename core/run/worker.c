/*
 * worker.c - one worker: one clone of one job, from set-up to its end.
 *
 * Set-up (files, buffers, units, random map, engine init, process
 * settings) allocates everything the run needs; the worker then waits at
 * the start barrier and runs its loops, each a pass over its files
 * (loop.c, which asks pick.c what each I/O is), and tears down.  It reads
 * its plan_job and the job's plan_shape, and writes only its job_stats.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "base/clock.h"
#include "plugin/loader.h"
#include "run/host.h"
#include "run/process.h"
#include "run/wstate.h"

/*
 * The worker running on this thread (process workers have one thread).  A
 * ctx is a worker's only when it is that worker's own: a plugin driven by
 * a test harness, or logging from a thread of its own, hands over a ctx
 * that is not inside a struct worker, and nothing past it may be read.
 */
static __thread struct worker *current_worker;

static struct worker *worker_of(const struct plio_ctx *ctx)
{
	struct worker *w = current_worker;

	return ctx && w && ctx == &w->ctx ? w : NULL;
}

const struct plan_job *worker_job_of(const struct plio_ctx *ctx)
{
	const struct worker *w = worker_of(ctx);

	return w ? w->pj : NULL;
}

/* The run's plan and its shared statistics (worker_share_run). */
static const struct plan *run_plan;
static const struct job_stats *run_stats;
static const int *run_stops;

void worker_share_run(const struct plan *plan, const struct job_stats *stats,
		      const int *stops)
{
	run_plan = plan;
	run_stats = stats;
	run_stops = stops;
}

/*
 * The jobs of the caller's phase that do I/O (engines without
 * PLIO_CAP_NOIO) and have not ended: not done, not told to stop.  Only its
 * phase: a later one cannot start before this one ends (fio also counts
 * those, and a stonewalled job after a cpuio job with exit_on_io_done
 * waits for it forever).
 */
unsigned int worker_io_jobs_running(const struct plio_ctx *ctx)
{
	const struct worker *w = worker_of(ctx);
	unsigned int n = 0;
	size_t i;

	if (!w || !run_plan)
		return 0;
	for (i = 0; i < run_plan->n_jobs; i++) {
		const struct plan_job *pj = &run_plan->jobs[i];

		if (pj == w->pj || pj->phase != w->pj->phase ||
		    (pj->engine->e.caps & PLIO_CAP_NOIO))
			continue;
		if (!__atomic_load_n(&run_stats[i].done, __ATOMIC_ACQUIRE) &&
		    !(run_stops && __atomic_load_n(&run_stops[i], __ATOMIC_RELAXED)))
			n++;
	}
	return n;
}

int worker_job_stopping(const struct plio_ctx *ctx)
{
	const struct worker *w = worker_of(ctx);

	if (!w)
		return 0;
	return loop_stopping(w);
}

void worker_job_done(struct plio_ctx *ctx)
{
	struct worker *w = worker_of(ctx);

	if (w)
		w->stop = true;
}

bool worker_keep_error(const struct plio_ctx *ctx, const char *msg)
{
	struct worker *w = worker_of(ctx);

	if (!w)
		return false;
	if (!w->engine_err[0])
		snprintf(w->engine_err, sizeof(w->engine_err), "%s", msg);
	return true;
}

/*
 * What to say about a failed engine callback: the engine's own words when
 * it logged an error during the call, else the errno text.  Either way the
 * kept words are used up.
 */
const char *worker_why(struct worker *w, int rc)
{
	static __thread char buf[sizeof(w->engine_err)];

	if (!w->engine_err[0] && rc > 0) {
		/* the contract says a negative errno: do not name errno rc */
		snprintf(buf, sizeof(buf), "it returned %d, not a negative errno", rc);
		return buf;
	}
	if (!w->engine_err[0])
		return strerror(-rc);
	memcpy(buf, w->engine_err, sizeof(buf));
	w->engine_err[0] = '\0';
	return buf;
}

/* An engine logged an error but its callback succeeded: print it now. */
static void flush_engine_error(struct worker *w)
{
	if (w->engine_err[0]) {
		log_error("%s: %s", w->shape->name, w->engine_err);
		w->engine_err[0] = '\0';
	}
}

/* Record the first failure of this worker: "job 'x': WHAT". */
int worker_fail(struct worker *w, int err, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* a negative errno where a positive one belongs: an engine callback
	 * broke the contract by returning a positive number */
	if (err < 0)
		err = EPROTO;
	w->stop = true;
	if (w->st->error)
		return -err;
	w->st->error = err ? err : EIO;
	n = snprintf(w->st->errmsg, sizeof(w->st->errmsg), "job '%s': ", w->shape->name);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(w->st->errmsg))	/* a long name fills the line */
		n = (int)sizeof(w->st->errmsg) - 1;
	va_start(ap, fmt);
	vsnprintf(w->st->errmsg + n, sizeof(w->st->errmsg) - (size_t)n, fmt, ap);
	va_end(ap);
	return -w->st->error;
}

const char *worker_ddir_name(unsigned int ddir)
{
	switch (ddir) {
	case PLIO_DDIR_READ:
		return "read";
	case PLIO_DDIR_WRITE:
		return "write";
	case PLIO_DDIR_TRIM:
		return "trim";
	case PLIO_DDIR_DATASYNC:
		return "fdatasync";
	default:
		return "fsync";
	}
}

/* --debug=io: one line per I/O queued and per I/O done.  Only when asked:
 * the hot path pays one test of the mask otherwise. */
void worker_debug_io(const struct worker *w, const struct plio_io_u *u,
		     const char *what)
{
	log_debug(DBG_IO, "job %s.%u: %s %s: file '%s', offset %llu, %llu bytes%s%s",
		  w->shape->name, w->pj->clone, what, worker_ddir_name(u->ddir),
		  u->file ? u->file->path : "?", (unsigned long long)u->offset,
		  (unsigned long long)u->length, u->error ? ", error: " : "",
		  u->error ? strerror(u->error) : "");
}

/* ------------------------------------------------------------- set-up */

static uint64_t mul_sat(uint64_t a, uint64_t b)
{
	return b && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

/*
 * random_distribution: each file's places per direction (where a smallest
 * block of it fits, at its alignment) and, unless given, where the hottest
 * lands; file_service_type's distribution over the files; lfsr's sequences.
 * From the clone's seeds, so randrepeat repeats them.
 */
static int setup_dists(struct worker *w)
{
	const struct plan_shape *sh = w->shape;
	struct rand_state r;
	unsigned int i, d, z;
	uint64_t abs;

	rand_seed(&r, w->pj->seeds[PLAN_RAND_OFFSET] ^ 0x64697374ull);
	for (i = 0; i < w->nr_files; i++) {
		struct wfile *wf = &w->files[i];
		uint64_t size = wf->f.io_size;

		for (d = 0; w->skewed && d < DIR_NR; d++) {
			const struct bs_dir *b = &sh->bs[d];

			/* fio warns and does nothing; plio says so and stops */
			for (abs = 0, z = 0; sh->dist[d].kind == DIST_ZONED_ABS &&
			     z < sh->dist[d].nzones; z++)
				abs += sh->dist[d].zones[z].size;
			if (abs > size)
				return worker_fail(w, EINVAL, "random_distribution: the zoned_abs zones add up to %" PRIu64 " bytes, more than the %" PRIu64 "-byte region of '%s'",
						   abs, size, wf->f.path);

			dist_init(&wf->dist[d], &sh->dist[d],
				  size >= b->min ? (size - b->min) / b->align + 1 : 1,
				  b->align, true, &r);
		}
		if (w->lfsr)
			pick_lfsr_init(w, wf);
	}
	if (w->pj->fst > FST_SEQUENTIAL)
		dist_init(&w->fdist, &sh->fdist, w->nr_files, 1, false, &r);
	return 0;
}

static int setup_files(struct worker *w)
{
	const struct plan_job *pj = w->pj;
	unsigned int i;

	w->nr_files = (unsigned int)pj->n_files;
	w->files = calloc(w->nr_files, sizeof(*w->files));
	w->file_ptrs = calloc(w->nr_files, sizeof(*w->file_ptrs));
	if (!w->files || !w->file_ptrs)
		return worker_fail(w, ENOMEM, "out of memory for %u files", w->nr_files);
	for (i = 0; i < w->nr_files; i++) {
		struct wfile *wf = &w->files[i];
		const struct plan_file *pf = &pj->files[i];

		wf->f.struct_size = sizeof(wf->f);
		wf->f.fd = -1;
		wf->f.path = pf->path;
		wf->f.io_offset = pf->offset;
		wf->f.io_size = pf->size;
		wf->f.open_flags = pj->open_flags;
		wf->f.index = i;
		wf->real_size = pf->real_size;
		w->file_ptrs[i] = &wf->f;
		if (w->use_map &&
		    randmap_init(&wf->map, pf->size / w->unit_bs)) {
			/* softrandommap: go on without a map, as norandommap */
			if (!w->shape->soft_map)
				return worker_fail(w, ENOMEM, "out of memory for the random map of '%s'",
					    pf->path);
			w->use_map = false;
		}
	}
	if (setup_dists(w))
		return -EIO;
	w->budget_bytes = mul_sat(pj->io_size, w->shape->loops);
	w->budget_ios = mul_sat(pj->number_ios, w->shape->loops);
	return 0;
}

/*
 * What fio does each time it opens a file: drop its cached pages
 * (invalidate=1, not with pre_read, whose reads are meant to stay), then
 * tell the kernel how the job reads it (fio's default fadvise_hint: random
 * or sequential).  A hint the file refuses (a pipe) changes nothing.
 */
/* Drop the cached pages of f's region: the engine's way, or fadvise. */
int worker_drop_cache(struct worker *w, struct plio_file *f)
{
	if (w->eng->invalidate)
		return w->eng->invalidate(&w->ctx, f);
	if (f->fd >= 0)
		return -posix_fadvise(f->fd, (off_t)f->io_offset, (off_t)f->io_size,
				      POSIX_FADV_DONTNEED);
	return 0;
}

static int cache_hints(struct worker *w, struct wfile *wf)
{
	struct plio_file *f = &wf->f;
	int rc;

	if (w->eng->caps & PLIO_CAP_DISKLESS)
		return 0;
	if (w->shape->invalidate && !w->shape->pre_read) {
		rc = worker_drop_cache(w, f);
		if (rc)
			return worker_fail(w, -rc, "file '%s': invalidating its cache failed: %s",
				    f->path, worker_why(w, rc));
	}
	if (f->fd >= 0)
		(void)posix_fadvise(f->fd, (off_t)f->io_offset, (off_t)f->io_size,
				    w->random ? POSIX_FADV_RANDOM : POSIX_FADV_SEQUENTIAL);
	return 0;
}

int worker_open_file(struct worker *w, struct wfile *wf)
{
	uint64_t t0 = 0;
	int rc;

	if (w->eng->caps & PLIO_CAP_FILEOP)
		t0 = clock_ns();	/* the open is the measured work */
	if (w->eng->open_file)
		rc = w->eng->open_file(&w->ctx, &wf->f);
	else if (w->eng->caps & PLIO_CAP_DISKLESS)
		rc = 0;		/* it uses no file: none is opened for it */
	else
		rc = plio_host_table.file_open(&w->ctx, &wf->f);
	if (rc)	/* an operation's failure is not an open's (filedelete) */
		return worker_fail(w, -rc, "file '%s': %s%s", wf->f.path,
				   (w->eng->caps & PLIO_CAP_FILEOP) ? "" : "open failed: ",
				   worker_why(w, rc));
	if (t0) {
		uint64_t now = clock_ns();

		stats_op_done(&w->srun, (w->shape->rw & RW_READ) || !(w->shape->rw & RW_WRITE) ?
			      DIR_READ : DIR_WRITE, now - t0, now);
	}
	wf->opened = true;
	w->nr_open++;
	wiolog_file(w, &wf->f, true);
	log_debug(DBG_FILE, "job %s.%u: file '%s': opened", w->shape->name,
		  w->pj->clone, wf->f.path);
	if (w->eng->file_size)
		rc = w->eng->file_size(&w->ctx, &wf->f, &wf->f.real_size);
	else if ((w->eng->caps & PLIO_CAP_DISKLESS) && !w->eng->open_file)
		rc = -ENOENT;	/* no file: no size */
	else
		rc = plio_host_table.file_size(&w->ctx, &wf->f, &wf->f.real_size);
	if (rc)
		wf->f.real_size = 0;
	/* the first files get theirs once the engine is set up */
	return w->hints_ready ? cache_hints(w, wf) : 0;
}

/* Open the first openfiles files; the others open when their turn comes
 * (all of them for an engine whose work is the open). */
static int open_files(struct worker *w)
{
	unsigned int i;

	if (w->eng->caps & PLIO_CAP_FILEOP)
		return 0;
	for (i = 0; i < w->nr_files && i < w->pj->openfiles; i++)
		if (worker_open_file(w, &w->files[i]))
			return -EIO;
	return 0;
}

/* Close wf, nothing in flight on it; fsync_on_close syncs a written file
 * first (outside the sync statistics, as in fio). */
void worker_close_file(struct worker *w, struct wfile *wf)
{
	if (w->shape->fsync_on_close && (w->shape->rw & RW_WRITE) && wf->f.fd >= 0 &&
	    fsync(wf->f.fd))
		worker_fail(w, errno, "file '%s': fsync on close failed: %s", wf->f.path,
		     strerror(errno));
	if (w->eng->close_file)
		w->eng->close_file(&w->ctx, &wf->f);
	else if (!(w->eng->caps & PLIO_CAP_DISKLESS))
		plio_host_table.file_close(&w->ctx, &wf->f);
	log_debug(DBG_FILE, "job %s.%u: file '%s': closed", w->shape->name,
		  w->pj->clone, wf->f.path);
	wf->opened = false;
	w->nr_open--;
	wiolog_file(w, &wf->f, false);
	if (w->last_write == &wf->f)
		w->last_write = NULL;
}

static void close_files(struct worker *w)
{
	unsigned int i;

	for (i = 0; i < w->nr_files; i++)
		if (w->files[i].opened)
			worker_close_file(w, &w->files[i]);
}

/*
 * unlink=1, unlink_each_loop=1: remove the job's files (not devices).  A
 * diskless engine has none, unless its work is making them
 * (PLIO_CAP_FILEOP: filecreate), and those may be directories (dircreate).
 */
static void unlink_files(struct worker *w)
{
	bool fileop = w->eng->caps & PLIO_CAP_FILEOP;
	unsigned int i;

	if ((w->eng->caps & PLIO_CAP_DISKLESS) && !fileop)
		return;
	for (i = 0; i < w->nr_files; i++) {
		const char *path = w->pj->files[i].path;
		int rc = w->pj->files[i].blkdev ? 0 : unlink(path);

		if (rc && errno == EISDIR && fileop)
			rc = rmdir(path);
		if (rc && errno != ENOENT)
			worker_fail(w, errno, "file '%s': unlink failed: %s", path,
				    strerror(errno));
	}
}

/*
 * pre_read: read each file's region once so it sits in the page cache
 * when the job starts (through the unit buffers, before the run).
 */
static int pre_read(struct worker *w)
{
	unsigned int i;

	if (!w->shape->pre_read || (w->eng->caps & PLIO_CAP_DISKLESS))
		return 0;
	for (i = 0; i < w->nr_files; i++) {
		const struct plan_file *pf = &w->pj->files[i];
		uint64_t pos = pf->offset, end = pf->offset + pf->size;
		int fd = open(pf->path, O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			return worker_fail(w, errno, "file '%s': pre_read: %s", pf->path, strerror(errno));
		while (pos < end) {
			size_t n = end - pos < w->buf_len ? (size_t)(end - pos) : w->buf_len;
			ssize_t got = pread(fd, w->buffers, n, (off_t)pos);

			if (got <= 0)
				break;	/* a short file: nothing more to cache */
			pos += (uint64_t)got;
		}
		close(fd);
	}
	return 0;
}

static int setup_units(struct worker *w)
{
	unsigned int depth = w->shape->iodepth, i;
	uint64_t bs = w->shape->max_bs;

	w->units = calloc(depth, sizeof(*w->units));
	w->free_units = calloc(depth, sizeof(*w->free_units));
	w->pending = calloc(depth, sizeof(*w->pending));
	w->reaped = calloc(depth, sizeof(*w->reaped));
	/* serialize_overlap matters only with more than one I/O in flight */
	if (w->shape->serialize_overlap && depth > 1)
		w->busy = calloc(depth, sizeof(*w->busy));
	if (!w->units || !w->free_units || !w->pending || !w->reaped ||
	    (w->shape->serialize_overlap && depth > 1 && !w->busy))
		return worker_fail(w, ENOMEM, "out of memory for %u I/O units", depth);
	/* page-aligned buffers serve O_DIRECT and engines that want alignment;
	 * a product that wraps round would leave every unit a buffer far
	 * smaller than its block */
	if (depth && bs > SIZE_MAX / depth)
		return worker_fail(w, ENOMEM, "out of memory for %u buffers of %llu bytes",
				   depth, (unsigned long long)bs);
	if (wbuf_alloc(w, (size_t)bs * depth))
		return -ENOMEM;
	if (w->mixed && !w->shape->buf.refill) {
		w->wtemplate = malloc(bs ? bs : 1);
		if (!w->wtemplate)
			return worker_fail(w, ENOMEM, "out of memory for %llu bytes of write data",
				    (unsigned long long)bs);
	}
	wbuf_setup(w);
	/* verify writes its own data into every write's buffer */
	if (w->shape->verify.type >= 0 && !w->shape->verify.pretend)
		w->wprep = false;
	for (i = 0; i < depth; i++) {
		struct unit *un = &w->units[i];

		un->u.struct_size = sizeof(un->u);
		un->u.index = (uint16_t)i;
		un->u.buf = (char *)w->buffers + (size_t)i * bs;
		w->free_units[w->nr_free++] = un;
	}
	return 0;
}

static int setup_engine(struct worker *w)
{
	struct plio_ctx *c = &w->ctx;
	unsigned int i;
	int rc;

	c->struct_size = sizeof(*c);
	c->iodepth = w->shape->iodepth;
	c->host = &plio_host_table;
	c->job_name = w->shape->name;
	c->job_index = w->pj->spec_index;
	c->clone_index = w->pj->clone;
	c->options = w->shape->engine_opts;
	c->files = w->file_ptrs;
	c->nr_files = w->nr_files;
	c->direct = w->shape->direct;
	c->buffers = w->buffers;
	c->buffers_len = w->buf_len;
	c->max_bs = w->shape->max_bs;
	c->seed = w->pj->seed;
	c->job = &w->shape->job;
	c->counters = w->st->engine_counters;

	if (w->eng->init) {
		rc = w->eng->init(c);
		if (rc) {
			/* ABI 1.1: cleanup follows a failed init; a plugin
			 * built against 1.0 was told it does not */
			w->engine_ready = w->pj->engine->plugin->abi_minor >= 1;
			return worker_fail(w, -rc, "engine %s: init failed: %s", w->eng->name,
					   worker_why(w, rc));
		}
	}
	w->engine_ready = true;
	if (open_files(w))
		return -EIO;
	if (w->eng->unit_init) {
		for (i = 0; i < c->iodepth; i++) {
			rc = w->eng->unit_init(c, &w->units[i].u);
			if (rc)
				return worker_fail(w, -rc, "engine %s: unit set-up failed: %s",
					    w->eng->name, worker_why(w, rc));
			w->units_ready++;
		}
	}
	if (w->eng->post_init) {
		rc = w->eng->post_init(c);
		if (rc)
			return worker_fail(w, -rc, "engine %s: set-up failed: %s", w->eng->name,
				    worker_why(w, rc));
	}
	if (pre_read(w))
		return -EIO;
	w->hints_ready = true;
	for (i = 0; i < w->nr_files; i++)
		if (w->files[i].opened && cache_hints(w, &w->files[i]))
			return -EIO;
	return 0;
}

static int setup_stats(struct worker *w)
{
	char why_not[200];
	int rc = stats_run_init(&w->srun, w->pj, w->st, why_not, sizeof(why_not));

	if (rc)
		return worker_fail(w, -rc, "%s", why_not);
	return 0;
}

/* nice, I/O priority, uid/gid and exec_prerun: the job's process settings */
static int setup_process(struct worker *w)
{
	char why_not[256];
	int rc = process_job_start(w->pj, why_not, sizeof(why_not));

	if (rc)
		return worker_fail(w, -rc, "%s", why_not);
	return 0;
}

static void end_process(struct worker *w)
{
	char why_not[256];
	int rc = process_job_end(w->pj, why_not, sizeof(why_not));

	if (rc)
		worker_fail(w, -rc, "%s", why_not);
}

static void teardown(struct worker *w)
{
	unsigned int i;

	/* the helper threads first: they may still hold units, and the
	 * submitter makes engine calls */
	wvasync_free(w);
	woff_free(w);
	wpace_end(w);		/* a job that never ran leaves its flow too */
	if (w->engine_ready) {
		if (w->eng->unit_exit)
			for (i = 0; i < w->units_ready; i++)
				w->eng->unit_exit(&w->ctx, &w->units[i].u);
		close_files(w);
		if (w->eng->cleanup)
			w->eng->cleanup(&w->ctx);
	} else {
		close_files(w);
	}
	wiolog_finish(w);	/* after the files' close lines */
	if (w->shape->unlink && w->files)
		unlink_files(w);
	if (w->files)
		for (i = 0; i < w->nr_files; i++)
			randmap_free(&w->files[i].map);
	free(w->files);
	free(w->file_ptrs);
	free(w->units);
	free(w->free_units);
	free(w->pending);
	free(w->reaped);
	free(w->busy);
	wbuf_free(w);
	free(w->wtemplate);
	wverify_free(w);
	stats_run_free(&w->srun);
}

/* The job ends `us` after `from`; saturated: a runtime of centuries must
 * not wrap to the past. */
void worker_set_deadline(struct worker *w, uint64_t from, uint64_t us)
{
	w->deadline_ns = us > (UINT64_MAX - from) / 1000 ? UINT64_MAX : from + us * 1000;
	stats_run_deadline(&w->srun, w->deadline_ns);
}

/*
 * end_fsync: every file synced when a loop ends, as in fio, those that
 * openfiles left closed opened for it.  Not in sync total_ios (fio).
 */
static void end_sync(struct worker *w)
{
	unsigned int i;

	for (i = 0; i < w->nr_files && !w->stop; i++) {
		struct wfile *wf = &w->files[i];
		bool was_open = wf->opened;

		if (!was_open && worker_open_file(w, wf))
			return;
		loop_sync_file(w, &wf->f, PLIO_DDIR_SYNC, false);
		if (!was_open)
			worker_close_file(w, wf);
	}
}

/* The random sequences from the clone's seeds (worker_prepare, new loops). */
static void seed_all(struct worker *w)
{
	const uint64_t *seeds = w->pj->seeds;

	rand_seed(&w->rnd, seeds[PLAN_RAND_OFFSET]);
	rand_seed(&w->mix, seeds[PLAN_RAND_DIRECTION]);
	rand_seed(&w->frnd, seeds[PLAN_RAND_FILE]);
	rand_seed(&w->bsr, seeds[PLAN_RAND_BLOCKSIZE]);
	rand_seed(&w->prnd, seeds[PLAN_RAND_DIRECTION] ^ 0x70726970726f0000ull);
}

/*
 * Whether loop number `loop` (from 0) runs, as fio decides: the `loops`
 * first; then more while less than io_size was issued (only when io_size
 * was given, and at least a block is missing), not past number_ios.
 * time_based: until the clock ends it.
 */
static bool another_loop(const struct worker *w, uint64_t loop)
{
	const struct plan_job *pj = w->pj;

	if (pj->replay)
		return !loop;	/* a log is replayed once, as fio's */
	if (w->timed || loop < w->shape->loops)
		return !(w->timed && pick_budget_spent(w));
	if (!pj->io_wrap || (w->budget_ios && w->done_ios >= w->budget_ios))
		return false;
	return w->done_bytes < pj->io_size && pj->io_size - w->done_bytes >= w->shape->max_bs;
}

/*
 * A loop starts from scratch, as in fio: every file's region from its
 * start and its random map empty.  After the first, the files are closed
 * and opened again (fsync_on_close, invalidate; unlink_each_loop removes
 * them in between), and random sequences that repeat start over.
 */
void worker_restart_picks(struct worker *w)
{
	unsigned int i;

	w->cur = NULL;
	w->cur_file = 0;
	w->file_left = 0;
	w->seq_left = 0;
	w->tw_due = false;
	w->last_was_sync = false;
	for (i = 0; i < w->nr_files; i++)
		pick_renew(w, &w->files[i]);
}

static int start_loop(struct worker *w, uint64_t loop)
{
	worker_restart_picks(w);
	if (!loop || w->pj->seed_repeats)
		seed_all(w);
	if (!loop)
		return 0;
	close_files(w);
	if (w->shape->unlink_each_loop)
		unlink_files(w);
	if (w->stop || open_files(w))
		return -EIO;
	return 0;
}

static void run(struct worker *w)
{
	const struct plan_shape *sh = w->shape;
	uint64_t start, loop;

	stats_cpu_begin(&w->srun);
	start = clock_ns();
	w->st->start_ns = start;
	if (sh->ramp_us) {
		w->in_ramp = true;
		w->ramp_end_ns = start + sh->ramp_us * 1000;
	} else {
		stats_run_begin(&w->srun, start);
	}
	if (sh->runtime_us)	/* moved to the ramp's real end by ramp_check */
		worker_set_deadline(w, start, sh->ramp_us + sh->runtime_us);

	for (loop = 0; !w->stop && another_loop(w, loop); loop++) {
		if (__atomic_load_n(w->stop_asked, __ATOMIC_RELAXED))
			break;	/* stopped before it began (exitall) */
		if (start_loop(w, loop))
			break;
		if (w->vfy)
			wverify_loop_start(w);
		loop_pass(w);
		if (!w->stop && sh->end_fsync && (sh->rw & RW_WRITE))
			end_sync(w);
		/* do_verify: what this loop wrote, read back and checked */
		if (w->vfy && !w->stop)
			wverify_pass(w);
		if (loop_time_up(w, w->deadline_ns ? clock_ns() : 0))
			break;
	}
	loop_drain(w);
	wpace_end(w);
	if (w->qd_cap)		/* latency_target: the depth it found */
		w->st->latency_depth = w->qd_cap;
	w->st->end_ns = clock_ns();
	stats_cpu_update(&w->srun, w->st->end_ns);	/* before the logs are written */
	if (w->in_ramp)	/* the whole run was ramp: nothing measured */
		w->st->start_ns = w->st->end_ns;
	w->st->runtime_ns = w->st->end_ns - w->st->start_ns;
	stats_run_end(&w->srun, w->st->end_ns, NULL);
	/* continue_on_error / ignore_error: what fio reports as total_err
	 * and first_error */
	w->st->total_err = w->total_err;
	w->st->first_error = w->first_error;
}

int worker_prepare(struct worker *w, const struct plan_job *pj, struct job_stats *st,
		   const int *stop)
{
	static const int never;
	const struct plan_shape *sh = pj->shape;

	memset(w, 0, sizeof(*w));
	current_worker = w;
	st->pid = (int)gettid();	/* the process id for process workers */
	w->pj = pj;
	w->shape = sh;
	w->eng = &pj->engine->e;
	w->st = st;
	w->stop_asked = stop ? stop : &never;
	w->random = sh->random;
	w->mixed = sh->mixed;
	w->use_map = sh->use_map;
	w->skewed = sh->skewed;
	w->lfsr = sh->lfsr;
	w->strided = sh->zone.size != 0;
	w->prio_on = sh->cmdprio.on;
	/* the random map's block: the smallest size any direction uses */
	w->unit_bs = sh->min_bs;
	w->trimwrite = sh->trimwrite;
	w->batch = sh->batch;
	w->cmin = sh->complete_min;
	w->cmax = sh->complete_max;
	w->low = sh->low;
	w->timed = sh->timed;
	/* the write buffers' data; the sequences start over in run() */
	seed_all(w);
	/* the job's user, priorities and prerun first: fio opens files as
	 * the job's uid, so uid= limits what the job may touch */
	if (setup_process(w) || setup_files(w) || wiolog_setup(w) || setup_units(w) ||
	    wverify_setup(w) ||
	    wvasync_setup(w) ||
	    setup_engine(w) || woff_setup(w) || setup_stats(w))
		return -EIO;
	wpace_setup(w);
	w->replaying = pj->replay != NULL;
	w->extras = w->vfy || sh->pace.on || w->off || w->ilog || w->replaying;
	memcpy(w->max_lat, sh->pace.max_lat_ns, sizeof(w->max_lat));
	/* max_latency needs each I/O's real times, whatever the stats take */
	if (w->max_lat[0] | w->max_lat[1] | w->max_lat[2])
		w->srun.io_times = true;
	flush_engine_error(w);
	return 0;
}

void worker_finish(struct worker *w)
{
	teardown(w);
	flush_engine_error(w);
	current_worker = NULL;
	/* after everything in st: the runner reads it with acquire */
	__atomic_store_n(&w->st->done, 1, __ATOMIC_RELEASE);
}

/* Wait for the start signal: EOF on the pipe. */
static void wait_start(int start_fd)
{
	char c;

	while (start_fd >= 0 && read(start_fd, &c, 1) < 0 && errno == EINTR)
		;
}

int worker_run(const struct plan_job *pj, struct job_stats *st, int start_fd,
	       const int *stop)
{
	struct worker w;

	if (!worker_prepare(&w, pj, st, stop)) {
		wait_start(start_fd);
		/* released only to end (exitall, a signal during its
		 * startdelay or wait_for): it never started */
		if (__atomic_load_n(w.stop_asked, __ATOMIC_RELAXED))
			st->unstarted = 1;
		else
			run(&w);
		end_process(&w);
	} else {
		wait_start(start_fd);
	}
	worker_finish(&w);
	return st->error ? -st->error : 0;
}
