/*
 * worker.c - one worker's run: the hot path of plio.
 *
 * Set-up (files, buffers, units, random map, engine init) allocates
 * everything the run needs; the loop then only picks offsets, fills units,
 * hands them to the engine through queue/commit/reap and accounts each
 * completion into this worker's job_stats.  Nothing in the loop allocates,
 * locks or formats; errors are formatted once, when the worker stops.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "clock.h"
#include "loader.h"
#include "parse.h"
#include "process.h"
#include "rand.h"
#include "runner.h"
#include "worker.h"

/* unit->dir of syncs: counted in sync total_ios (fsync=N) or not */
#define DIR_SYNC_COUNTED DIR_NR
#define DIR_SYNC_QUIET (DIR_NR + 1)

struct wfile {
	struct plio_file f;
	uint64_t pos[DIR_NR];	/* end of the last I/O, relative to the
				 * region: where the next sequential one goes */
	uint64_t last_off[DIR_NR]; /* random jobs: offset of the last I/O */
	uint64_t real_size;	/* the file's size (plan_file.real_size) */
	uint64_t sfr_lo, sfr_hi; /* written since the last sync_file_range */
	struct randmap map;	/* random jobs without norandommap */
	bool exhausted;		/* no block left to it this loop */
	bool opened;
};

struct worker {
	struct plio_ctx ctx;	/* the engine's view of this worker */
	char engine_err[256];	/* the engine's own words for its failure */
	const struct plan_job *pj;
	const struct job_spec *js;
	const struct plio_engine *eng;
	struct job_stats *st;
	struct stats_run srun;		/* sampling and logs of st */

	struct wfile *files;
	struct plio_file **file_ptrs;
	unsigned int nr_files;
	unsigned int cur_file;
	unsigned int nr_exhausted;
	struct wfile *cur;		/* the file of the last I/O, or NULL */
	unsigned int file_left;		/* I/Os still due to it (file_service_type :N) */
	unsigned int nr_open;
	struct rand_state frnd;		/* file_service_type=random */
	bool timed;			/* time_based with a runtime: files start
					 * over as soon as they are done */

	struct unit *units;
	struct unit **free_units;
	unsigned int nr_free;
	struct unit **pending;		/* queued, not yet committed */
	unsigned int nr_pending;
	struct plio_io_u **reaped;
	unsigned int inflight;		/* queued or committed, not reaped */
	void *buffers;
	size_t buf_len;
	void *wtemplate;		/* mixed jobs: write data for a buffer
					 * a read has overwritten */
	bool engine_ready;		/* init succeeded: cleanup is owed */
	bool hints_ready;		/* files opened now get cache_hints() */
	unsigned int units_ready;	/* unit_init succeeded for units[0..n-1] */

	struct rand_state rnd;		/* offsets */
	struct rand_state mix;		/* read/write choice */
	uint64_t unit_bs;		/* random map granularity */
	bool random, use_map, mixed;

	/* direction and block size of the next I/O (next_io) */
	struct rand_state bsr;		/* block sizes, percentage_random */
	bool trimwrite;			/* every trim is followed by a write of
					 * its block */
	bool tw_due;			/* that write is next: tw_* */
	struct wfile *tw_file;
	uint64_t tw_off, tw_len;
	uint64_t seq_left;		/* rw=randX:N: I/Os before a new random
					 * offset */
	bool *busy;			/* serialize_overlap: units[i] in flight */

	/* continue_on_error / ignore_error */
	uint64_t total_err;
	int first_error;

	/*
	 * How much the job issues, as fio counts it: loops times io_size
	 * bytes (and number_ios I/Os) over all loops together, ramp_time's
	 * included; a loop ends early when every file is done, and loops go
	 * on past `loops` while less than io_size was issued.  Not with
	 * time_based, which only the clock ends.
	 */
	uint64_t budget_bytes;		/* io_size * loops */
	uint64_t budget_ios;		/* number_ios * loops; 0: none */
	uint64_t done_bytes;		/* issued so far */
	uint64_t done_ios;
	uint64_t writes;		/* writes issued: fsync=N counts them */
	bool last_was_sync;		/* the last thing issued was a sync */
	struct plio_file *last_write;

	unsigned int batch;		/* iodepth_batch_submit; 0: reap submits */
	unsigned int cmin, cmax;	/* iodepth_batch_complete_min/max */
	unsigned int low;		/* iodepth_low */
	bool draining;			/* full queue draining down to low */

	uint64_t deadline_ns;		/* 0: none */
	uint64_t ramp_end_ns;
	bool in_ramp;
	bool stop;
	const int *stop_asked;		/* the runner's flag (exitall), or a 0 */
};

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
static const char *why(struct worker *w, int rc)
{
	static __thread char buf[sizeof(w->engine_err)];

	if (!w->engine_err[0])
		return strerror(rc < 0 ? -rc : rc);
	memcpy(buf, w->engine_err, sizeof(buf));
	w->engine_err[0] = '\0';
	return buf;
}

/* An engine logged an error but its callback succeeded: print it now. */
static void flush_engine_error(struct worker *w)
{
	if (w->engine_err[0]) {
		log_error("%s: %s", w->js->name, w->engine_err);
		w->engine_err[0] = '\0';
	}
}

/* Record the first failure of this worker: "job 'x': WHAT". */
static int fail(struct worker *w, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct worker *w, int err, const char *fmt, ...)
{
	va_list ap;
	int n;

	w->stop = true;
	if (w->st->error)
		return -err;
	w->st->error = err ? err : EIO;
	n = snprintf(w->st->errmsg, sizeof(w->st->errmsg), "job '%s': ", w->js->name);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(w->st->errmsg))	/* a long name fills the line */
		n = (int)sizeof(w->st->errmsg) - 1;
	va_start(ap, fmt);
	vsnprintf(w->st->errmsg + n, sizeof(w->st->errmsg) - (size_t)n, fmt, ap);
	va_end(ap);
	return -w->st->error;
}

static const char *ddir_name(unsigned int ddir)
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
static void debug_io(const struct worker *w, const struct plio_io_u *u,
		     const char *what)
{
	log_debug(DBG_IO, "job %s.%u: %s %s: file '%s', offset %llu, %llu bytes%s%s",
		  w->js->name, w->pj->clone, what, ddir_name(u->ddir),
		  u->file ? u->file->path : "?", (unsigned long long)u->offset,
		  (unsigned long long)u->length, u->error ? ", error: " : "",
		  u->error ? strerror(u->error) : "");
}

/* ------------------------------------------------------------- set-up */

static uint64_t mul_sat(uint64_t a, uint64_t b)
{
	return b && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

static int setup_files(struct worker *w)
{
	const struct plan_job *pj = w->pj;
	unsigned int i;

	w->nr_files = (unsigned int)pj->n_files;
	w->files = calloc(w->nr_files, sizeof(*w->files));
	w->file_ptrs = calloc(w->nr_files, sizeof(*w->file_ptrs));
	if (!w->files || !w->file_ptrs)
		return fail(w, ENOMEM, "out of memory for %u files", w->nr_files);
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
			if (!w->js->softrandommap)
				return fail(w, ENOMEM, "out of memory for the random map of '%s'",
					    pf->path);
			w->use_map = false;
		}
	}
	w->budget_bytes = mul_sat(pj->io_size, (uint64_t)w->js->loops);
	w->budget_ios = mul_sat(pj->number_ios, (uint64_t)w->js->loops);
	return 0;
}

/*
 * What fio does each time it opens a file: drop its cached pages
 * (invalidate=1, not with pre_read, whose reads are meant to stay), then
 * tell the kernel how the job reads it (fio's default fadvise_hint: random
 * or sequential).  A hint the file refuses (a pipe) changes nothing.
 */
/* Drop the cached pages of f's region: the engine's way, or fadvise. */
static int drop_cache(struct worker *w, struct plio_file *f)
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
	if (w->js->invalidate && !w->js->pre_read) {
		rc = drop_cache(w, f);
		if (rc)
			return fail(w, -rc, "file '%s': invalidating its cache failed: %s",
				    f->path, why(w, rc));
	}
	if (f->fd >= 0)
		(void)posix_fadvise(f->fd, (off_t)f->io_offset, (off_t)f->io_size,
				    w->random ? POSIX_FADV_RANDOM : POSIX_FADV_SEQUENTIAL);
	return 0;
}

static int open_one(struct worker *w, struct wfile *wf)
{
	int rc;

	if (w->eng->open_file)
		rc = w->eng->open_file(&w->ctx, &wf->f);
	else
		rc = plio_host_table.file_open(&w->ctx, &wf->f);
	if (rc)
		return fail(w, -rc, "file '%s': open failed: %s", wf->f.path,
			    why(w, rc));
	wf->opened = true;
	w->nr_open++;
	log_debug(DBG_FILE, "job %s.%u: file '%s': opened", w->js->name,
		  w->pj->clone, wf->f.path);
	if (w->eng->file_size)
		rc = w->eng->file_size(&w->ctx, &wf->f, &wf->f.real_size);
	else
		rc = plio_host_table.file_size(&w->ctx, &wf->f, &wf->f.real_size);
	if (rc)
		wf->f.real_size = 0;
	/* the first files get theirs once the engine is set up */
	return w->hints_ready ? cache_hints(w, wf) : 0;
}

/* Open the first openfiles files; the others open when their turn comes. */
static int open_files(struct worker *w)
{
	unsigned int i;

	for (i = 0; i < w->nr_files && i < w->pj->openfiles; i++)
		if (open_one(w, &w->files[i]))
			return -EIO;
	return 0;
}

/* Close wf, nothing in flight on it; fsync_on_close syncs a written file
 * first (outside the sync statistics, as in fio). */
static void close_one(struct worker *w, struct wfile *wf)
{
	if (w->js->fsync_on_close && (w->js->rw & RW_WRITE) && wf->f.fd >= 0 &&
	    fsync(wf->f.fd))
		fail(w, errno, "file '%s': fsync on close failed: %s", wf->f.path,
		     strerror(errno));
	if (w->eng->close_file)
		w->eng->close_file(&w->ctx, &wf->f);
	else
		plio_host_table.file_close(&w->ctx, &wf->f);
	log_debug(DBG_FILE, "job %s.%u: file '%s': closed", w->js->name,
		  w->pj->clone, wf->f.path);
	wf->opened = false;
	w->nr_open--;
	if (w->last_write == &wf->f)
		w->last_write = NULL;
}

static void close_files(struct worker *w)
{
	unsigned int i;

	for (i = 0; i < w->nr_files; i++)
		if (w->files[i].opened)
			close_one(w, &w->files[i]);
}

/* unlink=1, unlink_each_loop=1: remove the job's files (not devices). */
static void unlink_files(struct worker *w)
{
	unsigned int i;

	if (w->eng->caps & PLIO_CAP_DISKLESS)
		return;
	for (i = 0; i < w->nr_files; i++)
		if (!w->pj->files[i].blkdev && unlink(w->pj->files[i].path) && errno != ENOENT)
			fail(w, errno, "file '%s': unlink failed: %s", w->pj->files[i].path,
			     strerror(errno));
}

/*
 * pre_read: read each file's region once so it sits in the page cache
 * when the job starts (through the unit buffers, before the run).
 */
static int pre_read(struct worker *w)
{
	unsigned int i;

	if (!w->js->pre_read || (w->eng->caps & PLIO_CAP_DISKLESS))
		return 0;
	for (i = 0; i < w->nr_files; i++) {
		const struct plan_file *pf = &w->pj->files[i];
		uint64_t pos = pf->offset, end = pf->offset + pf->size;
		int fd = open(pf->path, O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			return fail(w, errno, "file '%s': pre_read: %s", pf->path, strerror(errno));
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
	unsigned int depth = (unsigned int)w->js->iodepth, i;
	uint64_t bs = w->pj->max_bs;
	uint64_t *p;
	size_t n;

	w->units = calloc(depth, sizeof(*w->units));
	w->free_units = calloc(depth, sizeof(*w->free_units));
	w->pending = calloc(depth, sizeof(*w->pending));
	w->reaped = calloc(depth, sizeof(*w->reaped));
	/* serialize_overlap matters only with more than one I/O in flight */
	if (w->js->serialize_overlap && depth > 1)
		w->busy = calloc(depth, sizeof(*w->busy));
	if (!w->units || !w->free_units || !w->pending || !w->reaped ||
	    (w->js->serialize_overlap && depth > 1 && !w->busy))
		return fail(w, ENOMEM, "out of memory for %u I/O units", depth);
	/* page-aligned buffers serve O_DIRECT and engines that want alignment */
	w->buf_len = (size_t)bs * depth;
	if (posix_memalign(&w->buffers, 4096, w->buf_len ? w->buf_len : 4096))
		return fail(w, ENOMEM, "out of memory for %zu bytes of buffers", w->buf_len);
	if (w->mixed) {
		w->wtemplate = malloc(bs ? bs : 1);
		if (!w->wtemplate)
			return fail(w, ENOMEM, "out of memory for %llu bytes of write data",
				    (unsigned long long)bs);
	}
	if (w->eng->caps & PLIO_CAP_FAKEIO) {
		/* the engine moves no data: leave the pages untouched */
	} else if (w->js->buffer_pattern) {
		/* buffer_pattern: every buffer starts the pattern afresh */
		uint8_t pat[PATTERN_MAX];
		size_t plen = 0, k;
		char *b;

		parse_pattern(w->js->buffer_pattern, pat, sizeof(pat), &plen);
		for (i = 0; i < depth && plen; i++) {
			b = (char *)w->buffers + (size_t)i * bs;
			for (k = 0; k < bs; k++)
				b[k] = (char)pat[k % plen];
		}
	} else {
		/* write buffers hold random data, as fio's do by default */
		p = w->buffers;
		for (n = 0; n < w->buf_len / sizeof(*p); n++)
			p[n] = rand_next(&w->mix);
	}

	if (w->wtemplate)
		memcpy(w->wtemplate, w->buffers, bs);
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
	c->iodepth = (uint32_t)w->js->iodepth;
	c->host = &plio_host_table;
	c->job_name = w->js->name;
	c->job_index = w->pj->spec_index;
	c->clone_index = w->pj->clone;
	c->options = w->js->engine_opts;
	c->files = w->file_ptrs;
	c->nr_files = w->nr_files;
	c->direct = (uint32_t)w->js->direct;
	c->buffers = w->buffers;
	c->buffers_len = w->buf_len;
	c->max_bs = w->pj->max_bs;
	c->seed = w->pj->seed;

	if (w->eng->init) {
		rc = w->eng->init(c);
		if (rc)
			return fail(w, -rc, "engine %s: init failed: %s", w->eng->name,
				    why(w, rc));
	}
	w->engine_ready = true;
	if (open_files(w))
		return -EIO;
	if (w->eng->unit_init) {
		for (i = 0; i < c->iodepth; i++) {
			rc = w->eng->unit_init(c, &w->units[i].u);
			if (rc)
				return fail(w, -rc, "engine %s: unit set-up failed: %s",
					    w->eng->name, why(w, rc));
			w->units_ready++;
		}
	}
	if (w->eng->post_init) {
		rc = w->eng->post_init(c);
		if (rc)
			return fail(w, -rc, "engine %s: set-up failed: %s", w->eng->name,
				    why(w, rc));
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
		return fail(w, -rc, "%s", why_not);
	return 0;
}

/* nice, I/O priority, uid/gid and exec_prerun: the job's process settings */
static int setup_process(struct worker *w)
{
	char why_not[256];
	int rc = process_job_start(w->pj, why_not, sizeof(why_not));

	if (rc)
		return fail(w, -rc, "%s", why_not);
	return 0;
}

static void end_process(struct worker *w)
{
	char why_not[256];
	int rc = process_job_end(w->pj, why_not, sizeof(why_not));

	if (rc)
		fail(w, -rc, "%s", why_not);
}

static void teardown(struct worker *w)
{
	unsigned int i;

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
	if (w->js->unlink && w->files)
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
	free(w->buffers);
	free(w->wtemplate);
	stats_run_free(&w->srun);
}

/* ---------------------------------------------------------- the loop */

/*
 * Whether the job goes on after error err of unit un (fio's rules): the
 * error's type (read, write, verify) is in continue_on_error or has an
 * ignore_error list, and err is in that list, by default EIO and EILSEQ
 * (fio's non-fatal errors).  Sync errors always stop the job.
 */
static bool error_ignored(const struct worker *w, const struct unit *un, int err)
{
	const struct job_spec *js = w->js;
	const struct err_list *l;
	unsigned int t, i;

	if (un->dir >= DIR_NR)
		return false;
	t = options_error_type(un->dir, err);
	if (!(js->coe_mask & (1u << t)))
		return false;
	l = &js->ignore[t];
	if (!l->given)
		return err == EIO || err == EILSEQ;
	for (i = 0; i < l->n; i++)
		if (l->err[i] == err)
			return true;
	return false;
}

/* The job ends `us` after `from`; saturated: a runtime of centuries must
 * not wrap to the past. */
static void set_deadline(struct worker *w, uint64_t from, uint64_t us)
{
	w->deadline_ns = us > (UINT64_MAX - from) / 1000 ? UINT64_MAX : from + us * 1000;
	stats_run_deadline(&w->srun, w->deadline_ns);
}

/*
 * Whether ramp_time ended at `now`, with what completed then: measuring
 * begins, without it (fio zeroes its statistics after accounting the I/O
 * that saw the ramp end).  What the job issues during the ramp still
 * counts against its size, as in fio.
 */
static bool ramp_check(struct worker *w, uint64_t now)
{
	if (!w->in_ramp || now < w->ramp_end_ns)
		return false;
	w->in_ramp = false;
	stats_run_begin(&w->srun, now);
	stats_cpu_begin(&w->srun);
	/* runtime is measured from here, not from when the ramp was due to
	 * end: the I/O that saw the end may have finished later */
	if (w->js->runtime)
		set_deadline(w, now, w->js->runtime);
	return true;
}

/*
 * The completions that are not a plain success, off the hot path: an
 * error, a data unit that moved nothing, or an engine that broke the
 * unit's contract.  true when un is dealt with (nothing more to account),
 * false when it is accounted as a success after all (a sync).
 */
static __attribute__((noinline)) bool odd_completion(struct worker *w, struct unit *un)
{
	struct plio_io_u *u = &un->u;
	int err = u->error;
	bool eof = false;

	if (err < 0) {
		fail(w, EPROTO, "engine %s: broke the I/O unit contract: a %s came back with error %d, not a positive errno",
		     w->eng->name, ddir_name(u->ddir), err);
		return true;
	}
	if (!err && un->dir >= DIR_NR)
		return false;	/* a sync moves no bytes: its result says nothing */
	if (!err && u->result < 0) {
		fail(w, EPROTO, "engine %s: broke the I/O unit contract: a %s came back with result %lld and no error",
		     w->eng->name, ddir_name(u->ddir), (long long)u->result);
		return true;
	}
	if (!err && (uint64_t)u->result > u->length) {
		fail(w, EPROTO, "engine %s: broke the I/O unit contract: a %s of %llu bytes came back with result %lld, more than it asked for",
		     w->eng->name, ddir_name(u->ddir), (unsigned long long)u->length,
		     (long long)u->result);
		return true;
	}
	if (!err) {
		/* nothing moved: a read at or past the end of the file (it
		 * shrank, or is shorter than the job's region), a write that
		 * wrote nothing.  An I/O error, as fio's sync engines make it;
		 * counted as one, never as a completed I/O. */
		err = EIO;
		eof = true;
	}
	if (err == ENOSPC && w->js->fill_device && un->dir == DIR_WRITE) {
		/* fill_device: full is where the job ends, not an error; the
		 * write that found it counts, with no bytes (fio) */
		if (w->srun.measuring)
			w->st->dir[DIR_WRITE].ios++;
		w->stop = true;
		return true;
	}
	w->total_err++;
	if (!w->first_error)
		w->first_error = err;
	/* the failed I/O counts, with no bytes and no latency, whether the
	 * job goes on or not (fio) */
	if (un->dir < DIR_NR && w->srun.measuring)
		w->st->dir[un->dir].ios++;
	if (error_ignored(w, un, err)) {
		if (!w->js->error_dump)
			return true;
		if (eof)
			log_error("job '%s': file '%s': %s of %llu bytes at offset %llu returned 0 bytes",
				  w->js->name, u->file->path, ddir_name(u->ddir),
				  (unsigned long long)u->length, (unsigned long long)u->offset);
		else
			log_error("job '%s': file '%s': %s of %llu bytes at offset %llu failed: %s",
				  w->js->name, u->file->path, ddir_name(u->ddir),
				  (unsigned long long)u->length,
				  (unsigned long long)u->offset, strerror(err));
		return true;
	}
	if (eof && un->dir == DIR_READ)
		fail(w, err, "file '%s': read of %llu bytes at offset %llu returned 0 bytes: the file ends before the job's region does (was it truncated?)",
		     u->file->path, (unsigned long long)u->length,
		     (unsigned long long)u->offset);
	else if (eof)
		fail(w, err, "file '%s': %s of %llu bytes at offset %llu moved 0 bytes",
		     u->file->path, ddir_name(u->ddir), (unsigned long long)u->length,
		     (unsigned long long)u->offset);
	else
		fail(w, err, "file '%s': %s of %llu bytes at offset %llu failed: %s",
		     u->file->path, ddir_name(u->ddir), (unsigned long long)u->length,
		     (unsigned long long)u->offset, strerror(err));
	return true;
}

/* Account one finished unit.  `now` is its completion time. */
static void account(struct worker *w, struct unit *un, uint64_t now, bool async)
{
	struct plio_io_u *u = &un->u;
	uint64_t slat = UINT64_MAX, lat;

	if (__builtin_expect(log_debug_mask & DBG_IO, 0))
		debug_io(w, u, "done");
	/*
	 * One test for everything unusual: an error, or a result outside
	 * 1..length (nothing moved, more than asked, negative; a sync's 0
	 * lands here too and is let through).
	 */
	if (__builtin_expect(u->error || (uint64_t)u->result - 1 >= u->length, 0) &&
	    odd_completion(w, un))
		return;
	if (ramp_check(w, now))
		return;
	lat = now - un->start_ns;
	if (un->dir >= DIR_NR) {
		stats_sync_done(&w->srun, lat, un->dir == DIR_SYNC_COUNTED, now);
		return;
	}
	if (async)
		slat = un->issue_ns - un->start_ns;
	stats_io_done(&w->srun, un->dir, (uint64_t)u->result, u->length, u->offset,
		      slat, async ? now - un->issue_ns : lat, lat, now);
}

static int drain(struct worker *w);

static void exhaust(struct worker *w, struct wfile *wf)
{
	if (!wf->exhausted) {
		wf->exhausted = true;
		w->nr_exhausted++;
	}
}

/* wf has its whole region again: a new loop, or time_based going round. */
static void renew(struct worker *w, struct wfile *wf)
{
	unsigned int d;

	if (wf->exhausted) {
		wf->exhausted = false;
		w->nr_exhausted--;
	}
	for (d = 0; d < DIR_NR; d++)
		wf->pos[d] = wf->last_off[d] = 0;
	if (w->use_map)
		randmap_reset(&wf->map);
}

/*
 * The file of the next I/O, as file_service_type says: the same file for
 * :N I/Os, then the next one (roundrobin), one at random, or the same one
 * until its region is done (sequential).  Only open files are candidates
 * while openfiles are open; when all of those are done, they are closed
 * (after what is in flight) and the next ones opened.  NULL: every file is
 * done (the loop is), or an open failed (the worker has stopped).
 */
static struct wfile *pick_file(struct worker *w, struct unit *un)
{
	const struct plan_job *pj = w->pj;
	unsigned int n = w->nr_files, i, k = 0, start;
	struct wfile *wf = w->cur;

	if (w->nr_exhausted == n)
		return NULL;
	if (wf && !wf->exhausted && w->file_left) {
		w->file_left--;
		return wf;
	}
	if (pj->fst == FST_RANDOM)
		start = (unsigned int)rand_below(&w->frnd, n);
	else if (pj->fst == FST_SEQUENTIAL || !wf)
		start = w->cur_file;
	else
		start = w->cur_file + 1 == n ? 0 : w->cur_file + 1;
	for (i = 0; i < n; i++) {
		k = start + i < n ? start + i : start + i - n;
		wf = &w->files[k];
		if (!wf->exhausted && (wf->opened || w->nr_open < pj->openfiles))
			break;
	}
	if (i == n) {
		/* the open files are done: make room for the next ones */
		if (drain(w))
			return NULL;
		/* the caller took un from the top of the free list, where
		 * the drained units now sit: put it back on top */
		for (i = 0; i < w->nr_free; i++)
			if (w->free_units[i] == un) {
				w->free_units[i] = w->free_units[w->nr_free - 1];
				w->free_units[w->nr_free - 1] = un;
				break;
			}
		for (i = 0; i < n; i++)
			if (w->files[i].opened && w->files[i].exhausted)
				close_one(w, &w->files[i]);
		for (i = 0; i < n; i++) {
			k = start + i < n ? start + i : start + i - n;
			wf = &w->files[k];
			if (!wf->exhausted)
				break;
		}
	}
	if (!wf->opened && open_one(w, wf))
		return NULL;
	w->cur = wf;
	w->cur_file = k;
	w->file_left = pj->fst_nr - 1;
	return wf;
}

/* The direction of the next I/O of a job that is not trimwrite. */
static unsigned int pick_dir(struct worker *w)
{
	const struct job_spec *js = w->js;

	if (w->mixed)
		return rand_below(&w->mix, 100) < (uint64_t)js->rwmixread ?
		       DIR_READ : DIR_WRITE;
	if (js->rw & RW_READ)
		return DIR_READ;
	return (js->rw & RW_TRIM) ? DIR_TRIM : DIR_WRITE;
}

/*
 * The share (percent) of bssplit entry i, as fio's draw gives it: the
 * entries, which decode_bssplit orders by percentage (smallest first),
 * take their percentages up to 100 (totals above 100: the larger shares
 * get only what is left), and the last takes what the others leave.
 */
static unsigned int split_pct(const struct bs_dir *b, unsigned int i)
{
	unsigned int lo = i ? b->split[i - 1].cum : 0, hi = b->split[i].cum;

	if (i + 1 == b->nsplit)
		hi = 100;
	lo = lo < 100 ? lo : 100;
	hi = hi < 100 ? hi : 100;
	return hi - lo;
}

/*
 * A block size of b that fits in room; 0 when even the smallest does
 * not.  Sizes are drawn as fio draws them, among those that fit:
 * bssplit: an entry by its percentage; bsrange: min plus a uniform part
 * of max, rounded down to a multiple of min (unless bs_unaligned) and
 * capped at max, so that each multiple of min is about as likely as the
 * next and max takes what is left over.  fio draws again until a size
 * fits; drawing from the sizes that fit is the same, in one draw.
 */
static uint64_t pick_len(struct worker *w, const struct bs_dir *b, uint64_t room)
{
	uint64_t len, hi, fit = 0, r;
	unsigned int i, pct;

	if (room < b->min)
		return 0;
	if (b->nsplit) {
		len = 0;
		for (i = 0; i < b->nsplit; i++) {
			if (b->split[i].bs > room)
				continue;
			fit += split_pct(b, i);
			if (!len || b->split[i].bs < len)
				len = b->split[i].bs;
		}
		/* what fits has 0%: the smallest entry (b->min may be a
		 * bsrange's, below every entry); 0 when none fits */
		if (!fit)
			return len;
		r = rand_below(&w->bsr, fit);
		for (i = 0;; i++) {
			if (b->split[i].bs > room)
				continue;
			pct = split_pct(b, i);
			if (r < pct)
				return b->split[i].bs;
			r -= pct;
		}
	}
	if (b->min == b->max)
		return b->min;
	/* the largest draw whose size fits: every draw when max does */
	hi = b->min + b->max - 1;
	if (room < b->max)
		hi = b->unaligned ? room : (room / b->min + 1) * b->min - 1;
	len = b->min + rand_below(&w->bsr, hi - b->min + 1);
	if (!b->unaligned)
		len -= len % b->min;
	return len < b->max ? len : b->max;
}

/*
 * Whether this I/O of a random job follows the last one instead: the
 * I/Os between random ones of rw=randX:N, and 100 - percentage_random
 * percent of them.
 */
static bool follows_last(struct worker *w, unsigned int dir)
{
	if (w->seq_left) {
		w->seq_left--;
		return true;
	}
	return w->js->pct_random[dir] < 100 &&
	       rand_below(&w->bsr, 100) >= (uint64_t)w->js->pct_random[dir];
}

/*
 * Where the next sequential I/O of direction dir on wf goes, relative to
 * its region, as fio decides: nowhere (0) once the last one ended at the
 * file's end; after the hole of rw=MODE:N, going back to the region's
 * start when that passes the file's size (fio compares the position in
 * the region with the size of the file); done (-1) when that lies past
 * the region.  time_based jobs go back to the start instead of being done.
 * A negative N (read:-8k) goes backwards from the end of the last I/O:
 * the first I/O at the region's start, as fio's, then from |N| before
 * the region's end down, round again when that passes the start; only
 * the job's size ends it.
 */
/*
 * time_based: wf's region starts over.  Like a new loop, the pass reads
 * from the device again: with invalidate=1 its cached pages are dropped,
 * as fio does each time round (a failure only costs that, as in fio).
 * Once per pass, not per I/O.
 */
static void timed_round(struct worker *w, struct wfile *wf)
{
	if (w->js->invalidate && !(w->eng->caps & PLIO_CAP_DISKLESS))
		(void)drop_cache(w, &wf->f);
}

static int seq_offset(struct worker *w, struct wfile *wf, unsigned int dir, bool holes,
		      uint64_t *offp)
{
	uint64_t pos = wf->pos[dir];

	if (w->timed && pos >= wf->f.io_size) {
		pos = 0;
		timed_round(w, wf);
	}
	if (wf->f.io_offset + pos >= wf->real_size)
		return 0;
	if (pos && holes && w->js->rw_nr < 0) {
		uint64_t back = (uint64_t)-w->js->rw_nr;

		pos = pos >= back ? pos - back :
		      wf->f.io_size > back ? wf->f.io_size - back : 0;
	} else if (pos && holes && w->js->rw_nr) {
		pos += (uint64_t)w->js->rw_nr;
		if (pos >= wf->real_size)
			pos = 0;
	}
	if (pos >= wf->f.io_size)
		return -1;
	*offp = pos;
	return 1;
}

/*
 * Offset (relative to wf's region) and length of the next I/O of
 * direction dir on wf; false when wf has no block left this loop (it is
 * then done).  Whatever is picked lies inside the region: where fio lets
 * a last block of a fixed size run past it (into the rest of a bigger
 * file), plio stops.
 */
static bool pick_block(struct worker *w, struct wfile *wf, unsigned int dir,
		       uint64_t *offp, uint64_t *lenp)
{
	const struct job_spec *js = w->js;
	const struct bs_dir *b = &js->bsd[dir];
	uint64_t size = wf->f.io_size, off = 0, len = 0;
	bool followed = false, mark = true;
	int rc;

	if (!w->random) {
		rc = seq_offset(w, wf, dir, true, &off);
		if (rc > 0)
			len = pick_len(w, b, size - off);
		if (!len && w->timed) {
			/* time_based: round again (a region shorter than a
			 * block was refused by plan) */
			off = 0;
			len = pick_len(w, b, size);
			timed_round(w, wf);
		}
		if (!len)
			goto done;
	} else if (follows_last(w, dir)) {
		/* a random job's sequential stretch, left out of the random
		 * map as in fio: the same block again (rw_sequencer=
		 * identical), or the one after the last */
		if (js->rw_sequencer == 1) {
			off = wf->last_off[dir];
			rc = 1;
		} else {
			rc = seq_offset(w, wf, dir, false, &off);
		}
		if (rc > 0)
			len = pick_len(w, b, size - off);
		if (!len && rc && !w->timed)
			goto done;	/* past the region: done, as in fio */
		/* else the last one ended at the file's end (or time_based
		 * goes round): a random offset instead, as fio does, still
		 * one of the stretch and left out of the map */
		followed = true;
		if (!len)
			mark = false;
	}
	if (len) {
		/* followed */
	} else if (!w->random) {
		/* sequential: off and len are set */
	} else if (!w->use_map) {
		/* a uniform start among those a smallest block fits after */
		off = rand_below(&w->rnd, (size - b->min) / b->align + 1) * b->align;
		len = pick_len(w, b, size - off);
	} else {
		uint64_t g = w->unit_bs, want, blk, run;

		want = rand_below(&w->rnd, wf->map.nr_blocks);
		if (b->align > g && !(b->align % g))
			want -= want % (b->align / g);
		if (!mark) {
			/* the stretch's random offset: a free block, left free */
			blk = randmap_peek(&wf->map, want);
			if (blk == UINT64_MAX)
				goto done;
			off = blk * g;
			len = pick_len(w, b, size - off);
			if (!len)
				goto done;
			goto out;
		}
		len = pick_len(w, b, size);
		blk = randmap_take(&wf->map, want, (len + g - 1) / g, &run);
		if (blk == UINT64_MAX)
			goto done;
		off = blk * g;
		if (run * g < len)
			len = run * g;	/* clipped to the free run, as fio does */
		if (randmap_full(&wf->map)) {
			if (w->timed) {
				randmap_reset(&wf->map);	/* round again */
				timed_round(w, wf);
			}
			else
				exhaust(w, wf);
		}
	}
out:
	if (w->random) {
		/* rw=randX:N: a random offset begins N I/Os */
		if (!followed && js->rw_nr > 1)
			w->seq_left = js->rw_nr - 1;
		wf->last_off[dir] = off;
	}
	wf->pos[dir] = off + len;
	*offp = off;
	*lenp = len;
	return true;
done:
	exhaust(w, wf);
	return false;
}

/* Fill un for an I/O of direction dir at off (relative to wf's region). */
static void fill_io(struct worker *w, struct unit *un, struct wfile *wf,
		    unsigned int dir, uint64_t off, uint64_t len)
{
	/* a write must carry the job's write data, not what a read left */
	if (w->wtemplate) {
		if (dir == DIR_WRITE && un->buf_read)
			memcpy(un->u.buf, w->wtemplate, len);
		un->buf_read = dir == DIR_READ;
	}
	un->dir = dir;
	un->u.ddir = (uint8_t)dir;	/* DIR_* and PLIO_DDIR_* agree */
	un->u.file = &wf->f;
	un->u.offset = wf->f.io_offset + off;
	un->u.length = len;
	un->u.result = 0;
	un->u.error = 0;
	w->st->issued[dir]++;
}

/* Whether the job has issued all it should (io_size, number_ios). */
static bool budget_spent(const struct worker *w)
{
	if (w->timed)
		return false;
	return w->done_bytes >= w->budget_bytes ||
	       (w->budget_ios && w->done_ios >= w->budget_ios);
}

/* Choose direction, file, offset and length of the next I/O; false when
 * this loop has nothing left to issue. */
static bool next_io(struct worker *w, struct unit *un)
{
	unsigned int dir;
	struct wfile *wf;
	uint64_t off, len;

	if (w->tw_due) {
		/* trimwrite: the block just trimmed is written next, outside
		 * the byte count (fio moves size bytes each way) */
		w->tw_due = false;
		fill_io(w, un, w->tw_file, DIR_WRITE, w->tw_off, w->tw_len);
		w->last_was_sync = false;
		return true;
	}
	if (w->stop || budget_spent(w))
		return false;
	dir = w->trimwrite ? DIR_TRIM : pick_dir(w);
	/*
	 * No clipping to what io_size has left: fio issues whole blocks
	 * until io_size is reached or passed (io_size=30% of 64k with
	 * bs=4k moves 5 blocks, 20480 bytes).  A file with no block left
	 * is done (pick_block marked it): try the next.
	 */
	do {
		wf = pick_file(w, un);
		if (!wf)
			return false;
	} while (!pick_block(w, wf, dir, &off, &len));

	fill_io(w, un, wf, dir, off, len);
	if (w->trimwrite) {
		w->tw_due = true;
		w->tw_file = wf;
		w->tw_off = off;
		w->tw_len = len;
	}
	w->done_bytes += len;
	w->done_ios++;
	w->last_was_sync = false;
	return true;
}

/* A sync unit for f: ddir PLIO_DDIR_SYNC or _DATASYNC, dir DIR_SYNC_*. */
static void fill_sync(struct unit *un, struct plio_file *f, unsigned int ddir,
		      unsigned int dir)
{
	un->dir = dir;
	un->u.ddir = (uint8_t)ddir;
	un->u.file = f;
	un->u.offset = 0;
	un->u.length = 0;
	un->u.result = 0;
	un->u.error = 0;
}

static int commit(struct worker *w)
{
	uint64_t now;
	unsigned int i;
	int rc;

	if (!w->nr_pending)
		return 0;
	if (w->eng->commit) {
		rc = w->eng->commit(&w->ctx);
		if (rc)
			return fail(w, -rc, "engine %s: commit failed: %s", w->eng->name,
				    why(w, rc));
	}
	now = clock_ns();
	for (i = 0; i < w->nr_pending; i++)
		w->pending[i]->issue_ns = now;
	stats_submitted(&w->srun, w->nr_pending, w->inflight);
	w->nr_pending = 0;
	return 0;
}

/*
 * Reap at least `min` completions (0: whatever is ready).  Units queued but
 * not committed are submitted by the engine's reap(): they count as issued
 * now.
 */
static int reap(struct worker *w, unsigned int min)
{
	unsigned int max = w->inflight < w->cmax ? w->inflight : w->cmax, i;
	uint64_t now;
	int n, j;

	if (!w->inflight)
		return 0;
	if (min > max)
		min = max;
	if (w->nr_pending) {
		now = clock_ns();
		for (i = 0; i < w->nr_pending; i++)
			w->pending[i]->issue_ns = now;
		stats_submitted(&w->srun, w->nr_pending, w->inflight);
		w->nr_pending = 0;
	}
	n = w->eng->reap(&w->ctx, min, max, w->reaped, NULL);
	if (n < 0)
		return fail(w, -n, "engine %s: reap failed: %s", w->eng->name,
			    why(w, n));
	if ((unsigned int)n > max)
		return fail(w, EPROTO, "engine %s: reap returned %d units, more than the %u asked for",
			    w->eng->name, n, max);
	now = clock_ns();
	if (n)
		stats_reaped(&w->srun, (unsigned int)n);
	for (j = 0; j < n; j++) {
		struct unit *un = (struct unit *)w->reaped[j];

		if (w->busy)
			w->busy[un->u.index] = false;
		account(w, un, now, true);
		w->free_units[w->nr_free++] = un;
	}
	w->inflight -= (unsigned int)n;
	return n;
}

/* Queue one filled unit; completes it at once when the engine does. */
static int submit(struct worker *w, struct unit *un)
{
	int rc;

	for (;;) {
		if (w->eng->prep) {
			rc = w->eng->prep(&w->ctx, &un->u);
			if (rc)
				return fail(w, -rc, "engine %s: prep failed: %s",
					    w->eng->name, why(w, rc));
		}
		un->start_ns = stats_run_io_times(&w->srun) ? clock_ns() : clock_coarse_ns();
		if (__builtin_expect(log_debug_mask & DBG_IO, 0))
			debug_io(w, &un->u, "queue");
		rc = w->eng->queue(&w->ctx, &un->u);
		if (rc == PLIO_Q_COMPLETED) {
			stats_submitted(&w->srun, 1, w->inflight + 1);
			stats_reaped(&w->srun, 1);
			account(w, un, stats_run_io_times(&w->srun) ? clock_ns() :
				clock_coarse_ns(), false);
			w->free_units[w->nr_free++] = un;
			return 0;
		}
		if (rc == PLIO_Q_QUEUED) {
			if (__builtin_expect(w->eng->caps & PLIO_CAP_SYNC, 0))
				return fail(w, EPROTO, "engine %s: broke the queue contract: it declares PLIO_CAP_SYNC (queue() always completes), yet queue() returned PLIO_Q_QUEUED",
					    w->eng->name);
			if (w->busy)
				w->busy[un->u.index] = true;
			w->pending[w->nr_pending++] = un;
			w->inflight++;
			return 0;
		}
		if (rc != PLIO_Q_BUSY)
			return fail(w, EINVAL, "engine %s: queue returned %d", w->eng->name, rc);
		/* busy: submit what we have, wait for one, retry */
		if (commit(w) || !w->inflight)
			return w->inflight ? -EIO :
				fail(w, EBUSY, "engine %s: busy with nothing in flight",
				     w->eng->name);
		if (reap(w, 1) < 0)
			return -EIO;
	}
}

static int drain(struct worker *w)
{
	while (w->inflight)
		if (reap(w, w->inflight) < 0)
			return -EIO;
	return 0;
}

/*
 * fsync (or fdatasync) f through the engine, after everything in flight.
 * Like fio, only fsync=N's syncs count in the report's sync total_ios.
 */
static int sync_file(struct worker *w, struct plio_file *f, unsigned int ddir,
		     bool counted)
{
	struct unit *un;

	if (drain(w))
		return -EIO;
	un = w->free_units[--w->nr_free];
	fill_sync(un, f, ddir, counted ? DIR_SYNC_COUNTED : DIR_SYNC_QUIET);
	if (submit(w, un))
		return -EIO;
	return drain(w);
}

/* The deadline passed, or the runner asked this job to stop (exitall). */
static bool time_up(const struct worker *w, uint64_t now)
{
	return (w->deadline_ns && now >= w->deadline_ns) ||
	       __atomic_load_n(w->stop_asked, __ATOMIC_RELAXED);
}

/*
 * sync_file_range=FLAGS:N: sync_file_range(2) of the range written to wf
 * since its last one, once nothing is in flight.  Timed like a sync but
 * not counted in sync total_ios, as in fio.  Engines without a descriptor
 * (null) have nothing to sync: it costs nothing.  1, or -EIO.
 */
static int sync_range(struct worker *w, struct wfile *wf)
{
	uint64_t start, now;
	int rc = 0;

	if (drain(w))
		return -EIO;
	start = clock_ns();
	if (wf->f.fd >= 0 && wf->sfr_hi > wf->sfr_lo &&
	    sync_file_range(wf->f.fd, (off_t)wf->sfr_lo, (off_t)(wf->sfr_hi - wf->sfr_lo),
			    w->js->sfr_flags))
		rc = errno;
	now = clock_ns();
	if (rc)
		return fail(w, rc, "file '%s': sync_file_range of %llu bytes at offset %llu failed: %s",
			    wf->f.path, (unsigned long long)(wf->sfr_hi - wf->sfr_lo),
			    (unsigned long long)wf->sfr_lo, strerror(rc));
	wf->sfr_lo = wf->sfr_hi = 0;
	if (ramp_check(w, now))
		return 1;
	stats_sync_done(&w->srun, now - start, false, now);
	return 1;
}

/* The file a sync goes to: the last one written, else the first open one
 * (a new loop: fio's file service serves that one first). */
static struct wfile *sync_target(struct worker *w)
{
	unsigned int i;

	if (w->last_write)
		return (struct wfile *)w->last_write;	/* f is its first member */
	for (i = 0; i < w->nr_files; i++)
		if (w->files[i].opened)
			return &w->files[i];
	return NULL;
}

/*
 * fsync=N, fdatasync=N, sync_file_range=...:N: the sync owed before the
 * next I/O, if any.  fio's rule: whenever the writes issued so far are a
 * multiple of N and the last thing issued was not a sync.  So a mixed
 * job syncs again after each read until the next write, and a new loop
 * begins with one more (it forgets the last was a sync); a job that
 * has issued all it should issues none, which leaves the last writes to
 * end_fsync.  1 when a sync was issued, 0, or -EIO.
 */
static int sync_due(struct worker *w)
{
	const struct job_spec *js = w->js;
	uint64_t n = w->writes;
	struct wfile *wf;
	int rc;

	if (w->last_was_sync || !n || w->tw_due || !(js->rw & RW_WRITE) || budget_spent(w))
		return 0;
	if (js->fsync && !(n % (uint64_t)js->fsync))
		rc = 1;
	else if (js->fdatasync && !(n % (uint64_t)js->fdatasync))
		rc = 2;
	else if (js->sfr_nr && !(n % (uint64_t)js->sfr_nr))
		rc = 3;
	else
		return 0;
	wf = sync_target(w);
	if (!wf)
		return 0;
	w->last_was_sync = true;
	if (rc == 3)
		return sync_range(w, wf);
	if (sync_file(w, &wf->f, rc == 1 ? PLIO_DDIR_SYNC : PLIO_DDIR_DATASYNC, rc == 1))
		return -EIO;
	return 1;
}

/* A write is issued: what fsync=N and sync_file_range=...:N count. */
static void note_write(struct worker *w, struct unit *un)
{
	struct wfile *wf = (struct wfile *)un->u.file;	/* f is its first member */
	uint64_t end = un->u.offset + un->u.length;

	w->writes++;
	w->last_write = un->u.file;
	if (!wf->sfr_hi || un->u.offset < wf->sfr_lo)
		wf->sfr_lo = un->u.offset;
	if (end > wf->sfr_hi)
		wf->sfr_hi = end;
}

/* Whether data units a and b overlap on one file, a write (or trim) among
 * them: what serialize_overlap keeps apart. */
static bool overlaps(const struct unit *a, const struct unit *b)
{
	if (a->dir >= DIR_NR || b->dir >= DIR_NR || a->u.file != b->u.file ||
	    (a->dir == DIR_READ && b->dir == DIR_READ))
		return false;
	return a->u.offset < b->u.offset + b->u.length &&
	       b->u.offset < a->u.offset + a->u.length;
}

/*
 * serialize_overlap: hold un back until no I/O in flight overlaps it
 * (reaping one completion at a time).  0, or -EIO when the worker failed.
 */
static int wait_overlap(struct worker *w, struct unit *un)
{
	unsigned int i, depth = w->ctx.iodepth;

	for (i = 0; i < depth; i++) {
		if (!w->busy[i] || !overlaps(&w->units[i], un))
			continue;
		if (commit(w) || reap(w, 1) < 0)
			return -EIO;
		i = (unsigned int)-1;	/* something completed: look again */
	}
	return 0;
}

/*
 * One loop over the job's files; returns when every file is done, the job
 * has issued all it should, or time is up.  Fill free units (submitting
 * every `batch` of them), then wait in reap(), which also submits what is
 * still queued: one system call per round trip for engines that can
 * submit and wait at once.  With iodepth_low below iodepth, a full queue
 * drains to that depth before it is filled again.
 */
static void run_pass(struct worker *w)
{
	bool more = true;

	while (!w->stop) {
		unsigned int min;

		while (more && w->nr_free && !w->draining && !w->stop) {
			struct unit *un = w->free_units[w->nr_free - 1];
			int rc = sync_due(w);

			if (rc < 0)
				return;
			if (rc)
				continue;
			if (!next_io(w, un)) {
				more = false;
				break;
			}
			w->nr_free--;
			if (un->dir == DIR_WRITE)
				note_write(w, un);
			if (w->busy && wait_overlap(w, un))
				return;
			if (submit(w, un))
				return;
			if (w->batch && w->nr_pending >= w->batch && commit(w))
				return;
			if (time_up(w, un->start_ns))
				more = false;
		}
		if (w->stop)
			return;
		if (!more) {
			drain(w);
			return;
		}
		if (w->inflight >= w->ctx.iodepth && w->low < w->ctx.iodepth)
			w->draining = true;
		min = w->cmin;
		if (w->draining && w->inflight - w->low > min)
			min = w->inflight - w->low;
		if (reap(w, min) < 0)
			return;
		if (w->inflight <= w->low)
			w->draining = false;
		if (time_up(w, w->deadline_ns ? clock_ns() : 0)) {
			drain(w);
			return;
		}
	}
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

		if (!was_open && open_one(w, wf))
			return;
		sync_file(w, &wf->f, PLIO_DDIR_SYNC, false);
		if (!was_open)
			close_one(w, wf);
	}
}

/* The random sequences from the clone's seed (worker_run, new loops). */
static void seed_all(struct worker *w)
{
	uint64_t seed = w->pj->seed;

	rand_seed(&w->rnd, seed);
	rand_seed(&w->mix, seed ^ 0x5a5a5a5a5a5a5a5aull);
	rand_seed(&w->frnd, seed ^ 0x66696c6573ull);
	rand_seed(&w->bsr, seed ^ 0x626c6f636b73ull);
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

	if (w->timed || loop < (uint64_t)w->js->loops)
		return true;
	if (!pj->io_wrap || (w->budget_ios && w->done_ios >= w->budget_ios))
		return false;
	return w->done_bytes < pj->io_size && pj->io_size - w->done_bytes >= pj->max_bs;
}

/*
 * A loop starts from scratch, as in fio: every file's region from its
 * start and its random map empty.  After the first, the files are closed
 * and opened again (fsync_on_close, invalidate; unlink_each_loop removes
 * them in between), and random sequences that repeat start over.
 */
static int start_loop(struct worker *w, uint64_t loop)
{
	unsigned int i;

	w->cur = NULL;
	w->cur_file = 0;
	w->file_left = 0;
	w->seq_left = 0;
	w->tw_due = false;
	w->last_was_sync = false;
	for (i = 0; i < w->nr_files; i++)
		renew(w, &w->files[i]);
	if (!loop || w->pj->seed_repeats)
		seed_all(w);
	if (!loop)
		return 0;
	close_files(w);
	if (w->js->unlink_each_loop)
		unlink_files(w);
	if (w->stop || open_files(w))
		return -EIO;
	return 0;
}

static void run(struct worker *w)
{
	const struct job_spec *js = w->js;
	uint64_t start, loop;

	stats_cpu_begin(&w->srun);
	start = clock_ns();
	w->st->start_ns = start;
	if (js->ramp_time) {
		w->in_ramp = true;
		w->ramp_end_ns = start + js->ramp_time * 1000;
	} else {
		stats_run_begin(&w->srun, start);
	}
	if (js->runtime)	/* moved to the ramp's real end by ramp_check */
		set_deadline(w, start, js->ramp_time + js->runtime);

	for (loop = 0; !w->stop && another_loop(w, loop); loop++) {
		if (__atomic_load_n(w->stop_asked, __ATOMIC_RELAXED))
			break;	/* stopped before it began (exitall) */
		if (start_loop(w, loop))
			break;
		run_pass(w);
		if (!w->stop && js->end_fsync && (js->rw & RW_WRITE))
			end_sync(w);
		if (time_up(w, w->deadline_ns ? clock_ns() : 0))
			break;
	}
	drain(w);
	w->st->end_ns = clock_ns();
	stats_cpu_update(&w->srun, w->st->end_ns);	/* before the logs are written */
	if (w->in_ramp)	/* the whole run was ramp: nothing measured */
		w->st->start_ns = w->st->end_ns;
	w->st->runtime_ns = w->st->end_ns - w->st->start_ns;
	stats_run_end(&w->srun, w->st->end_ns, NULL);
	/*
	 * continue_on_error / ignore_error: fio reports total_err and
	 * first_error (and first_error as the job's "error" when the job went
	 * on).  job_stats has no place for them yet: the stats owner adds
	 * `uint64_t total_err; int first_error;` and these two lines.
	 */
	w->st->total_err = w->total_err;
	w->st->first_error = w->first_error;
}

int worker_run(const struct plan_job *pj, struct job_stats *st, int start_fd)
{
	static const int never;
	struct worker w;
	char c;

	memset(&w, 0, sizeof(w));
	current_worker = &w;
	st->pid = (int)gettid();	/* the process id for process workers */
	w.pj = pj;
	w.js = pj->spec;
	w.eng = &pj->engine->e;
	w.st = st;
	w.stop_asked = runner_stop ? &runner_stop[pj->index] : &never;
	w.random = w.js->rw & RW_RAND;
	w.mixed = (w.js->rw & (RW_READ | RW_WRITE)) == (RW_READ | RW_WRITE);
	w.use_map = w.random && !w.js->norandommap;
	/* the random map's block: the smallest size any direction uses */
	w.unit_bs = pj->min_bs;
	w.trimwrite = (w.js->rw & (RW_TRIM | RW_WRITE)) == (RW_TRIM | RW_WRITE);
	w.batch = (unsigned int)w.js->iodepth_batch;
	if (w.batch > (unsigned int)w.js->iodepth)
		w.batch = (unsigned int)w.js->iodepth;
	w.cmin = (unsigned int)w.js->iodepth_batch_complete_min;
	w.cmax = (unsigned int)w.js->iodepth_batch_complete_max;
	if (!w.cmax || w.cmax > (unsigned int)w.js->iodepth)
		w.cmax = (unsigned int)w.js->iodepth;
	w.low = (unsigned int)w.js->iodepth_low;
	if (!w.low || w.low > (unsigned int)w.js->iodepth)
		w.low = (unsigned int)w.js->iodepth;
	/* the write buffers' data; the sequences start over in run() */
	seed_all(&w);
	w.timed = w.js->time_based && w.js->runtime;

	/* the job's user, priorities and prerun first: fio opens files as
	 * the job's uid, so uid= limits what the job may touch */
	if (!setup_process(&w) && !setup_files(&w) && !setup_units(&w) &&
	    !setup_engine(&w) && !setup_stats(&w)) {
		flush_engine_error(&w);
		/* wait for the start signal: EOF on the pipe */
		while (read(start_fd, &c, 1) < 0 && errno == EINTR)
			;
		/* released only to end (exitall, a signal during its
		 * startdelay or wait_for): it never started */
		if (__atomic_load_n(w.stop_asked, __ATOMIC_RELAXED))
			st->unstarted = 1;
		else
			run(&w);
		end_process(&w);
	} else if (start_fd >= 0) {
		while (read(start_fd, &c, 1) < 0 && errno == EINTR)
			;
	}
	teardown(&w);
	flush_engine_error(&w);
	current_worker = NULL;
	st->done = 1;
	return st->error ? -st->error : 0;
}
