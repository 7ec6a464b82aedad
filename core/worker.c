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
	uint64_t pos[DIR_NR];	/* next sequential offset, relative to region */
	struct randmap map;	/* random jobs without norandommap */
	bool exhausted;		/* random map full this pass */
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
	unsigned int units_ready;	/* unit_init succeeded for units[0..n-1] */

	struct rand_state rnd;		/* offsets */
	struct rand_state mix;		/* read/write choice */
	uint64_t unit_bs;		/* random map granularity */
	bool random, use_map, mixed;

	uint64_t pass_bytes;		/* bytes one pass issues */
	uint64_t issued_bytes;		/* this pass */
	uint64_t writes_since_sync;
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

/* ------------------------------------------------------------- set-up */

static int setup_files(struct worker *w)
{
	const struct plan_job *pj = w->pj;
	int flags = O_RDONLY;
	unsigned int i;

	if (w->js->rw & RW_WRITE)
		flags = O_RDWR | O_CREAT;
	if (w->js->direct)
		flags |= O_DIRECT;

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
		wf->f.open_flags = flags;
		wf->f.index = i;
		w->file_ptrs[i] = &wf->f;
		/* whole blocks only: a region's tail shorter than a block is not used */
		w->pass_bytes += pf->size - pf->size % w->unit_bs;
		if (w->use_map &&
		    randmap_init(&wf->map, pf->size / w->unit_bs))
			return fail(w, ENOMEM, "out of memory for the random map of '%s'",
				    pf->path);
	}
	return 0;
}

static int open_files(struct worker *w)
{
	unsigned int i;
	int rc;

	for (i = 0; i < w->nr_files; i++) {
		struct wfile *wf = &w->files[i];

		if (w->eng->open_file)
			rc = w->eng->open_file(&w->ctx, &wf->f);
		else
			rc = plio_host_table.file_open(&w->ctx, &wf->f);
		if (rc)
			return fail(w, -rc, "file '%s': open failed: %s", wf->f.path,
				    why(w, rc));
		wf->opened = true;
		if (w->eng->file_size)
			rc = w->eng->file_size(&w->ctx, &wf->f, &wf->f.real_size);
		else
			rc = plio_host_table.file_size(&w->ctx, &wf->f, &wf->f.real_size);
		if (rc)
			wf->f.real_size = 0;
	}
	return 0;
}

static void close_files(struct worker *w)
{
	unsigned int i;

	for (i = 0; i < w->nr_files; i++) {
		struct wfile *wf = &w->files[i];

		if (!wf->opened)
			continue;
		if (w->eng->close_file)
			w->eng->close_file(&w->ctx, &wf->f);
		else
			plio_host_table.file_close(&w->ctx, &wf->f);
		wf->opened = false;
	}
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
	if (!w->units || !w->free_units || !w->pending || !w->reaped)
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
	if (w->js->invalidate && !(w->eng->caps & PLIO_CAP_DISKLESS))
		for (i = 0; i < w->nr_files; i++) {
			struct plio_file *f = &w->files[i].f;

			if (w->eng->invalidate)
				rc = w->eng->invalidate(c, f);
			else if (f->fd >= 0)
				rc = -posix_fadvise(f->fd, (off_t)f->io_offset,
						    (off_t)f->io_size, POSIX_FADV_DONTNEED);
			else
				rc = 0;
			if (rc)
				return fail(w, -rc, "file '%s': invalidating its cache failed: %s",
					    f->path, why(w, rc));
		}
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
	if (w->files)
		for (i = 0; i < w->nr_files; i++)
			randmap_free(&w->files[i].map);
	free(w->files);
	free(w->file_ptrs);
	free(w->units);
	free(w->free_units);
	free(w->pending);
	free(w->reaped);
	free(w->buffers);
	free(w->wtemplate);
	stats_run_free(&w->srun);
}

/* ---------------------------------------------------------- the loop */

/* Account one finished unit.  `now` is its completion time. */
static void account(struct worker *w, struct unit *un, uint64_t now, bool async)
{
	struct plio_io_u *u = &un->u;
	uint64_t slat = UINT64_MAX, lat;

	if (u->error) {
		fail(w, u->error, "file '%s': %s of %llu bytes at offset %llu failed: %s",
		     u->file->path, ddir_name(u->ddir), (unsigned long long)u->length,
		     (unsigned long long)u->offset, strerror(u->error));
		return;
	}
	if (w->in_ramp && now >= w->ramp_end_ns) {
		w->in_ramp = false;
		stats_run_begin(&w->srun, now);
	}
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

/* Choose direction, file, offset and length of the next I/O; false when
 * this pass has nothing left to issue. */
static bool next_io(struct worker *w, struct unit *un)
{
	const struct job_spec *js = w->js;
	unsigned int dir, tries;
	struct wfile *wf;
	uint64_t bs, off, len;

	if (w->issued_bytes >= w->pass_bytes || w->nr_exhausted == w->nr_files)
		return false;
	if (w->mixed)
		dir = rand_below(&w->mix, 100) < (uint64_t)js->rwmixread ? DIR_READ : DIR_WRITE;
	else
		dir = (js->rw & RW_READ) ? DIR_READ : DIR_WRITE;
	bs = js->bs[dir];

	for (tries = 0;; tries++) {
		if (tries >= w->nr_files)
			return false;
		wf = &w->files[w->cur_file];
		if (++w->cur_file == w->nr_files)
			w->cur_file = 0;
		if (!wf->exhausted)
			break;
	}

	if (!w->random) {
		off = wf->pos[dir];
		if (off + bs > wf->f.io_size)
			off = 0;	/* wrap, as fio does */
		wf->pos[dir] = off + bs;
		len = bs;
	} else if (!w->use_map) {
		off = rand_below(&w->rnd, wf->f.io_size / bs) * bs;
		len = bs;
	} else {
		uint64_t k = bs / w->unit_bs, nunits = wf->map.nr_blocks;
		uint64_t want, b, run;

		want = rand_below(&w->rnd, nunits);
		want -= want % k;
		b = randmap_take(&wf->map, want, k, &run);
		if (b == UINT64_MAX) {
			wf->exhausted = true;
			w->nr_exhausted++;
			return next_io(w, un);
		}
		if (randmap_full(&wf->map)) {
			wf->exhausted = true;
			w->nr_exhausted++;
		}
		off = b * w->unit_bs;
		len = run * w->unit_bs;	/* clipped to the free run, as fio does */
	}

	/* a write must carry the job's write data, not what a read left */
	if (w->wtemplate) {
		if (dir == DIR_WRITE && un->buf_read)
			memcpy(un->u.buf, w->wtemplate, len);
		un->buf_read = dir == DIR_READ;
	}
	un->dir = dir;
	un->u.ddir = dir == DIR_READ ? PLIO_DDIR_READ : PLIO_DDIR_WRITE;
	un->u.file = &wf->f;
	un->u.offset = wf->f.io_offset + off;
	un->u.length = len;
	un->u.result = 0;
	un->u.error = 0;
	w->issued_bytes += len;
	w->st->issued[dir]++;
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
	stats_submitted(&w->srun, w->nr_pending);
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
		stats_submitted(&w->srun, w->nr_pending);
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
		un->start_ns = clock_ns();
		rc = w->eng->queue(&w->ctx, &un->u);
		if (rc == PLIO_Q_COMPLETED) {
			stats_queued(&w->srun, w->inflight + 1);
			stats_submitted(&w->srun, 1);
			stats_reaped(&w->srun, 1);
			account(w, un, clock_ns(), false);
			w->free_units[w->nr_free++] = un;
			return 0;
		}
		if (rc == PLIO_Q_QUEUED) {
			w->pending[w->nr_pending++] = un;
			w->inflight++;
			stats_queued(&w->srun, w->inflight);
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

static void reset_pass(struct worker *w)
{
	unsigned int i;

	w->issued_bytes = 0;
	w->nr_exhausted = 0;
	for (i = 0; i < w->nr_files; i++) {
		struct wfile *wf = &w->files[i];

		wf->pos[DIR_READ] = wf->pos[DIR_WRITE] = 0;
		wf->exhausted = false;
		if (w->use_map)
			randmap_reset(&wf->map);
	}
}

/* fsync=N / fdatasync=N: the sync owed before the next I/O, if any. */
static int sync_due(struct worker *w)
{
	const struct job_spec *js = w->js;

	/* none after the pass's last write: end_fsync's business, as in fio */
	if (!w->last_write || w->issued_bytes >= w->pass_bytes)
		return 0;
	if (js->fsync && w->writes_since_sync >= (uint64_t)js->fsync) {
		w->writes_since_sync = 0;
		return sync_file(w, w->last_write, PLIO_DDIR_SYNC, true) ? -EIO : 1;
	}
	if (js->fdatasync && w->writes_since_sync >= (uint64_t)js->fdatasync) {
		w->writes_since_sync = 0;
		return sync_file(w, w->last_write, PLIO_DDIR_DATASYNC, false) ? -EIO : 1;
	}
	return 0;
}

/*
 * One pass over the job's region; returns when it is done or time is up.
 * Fill free units (submitting every `batch` of them), then wait in reap(),
 * which also submits what is still queued: one system call per round trip
 * for engines that can submit and wait at once.  With iodepth_low below
 * iodepth, a full queue drains to that depth before it is filled again.
 */
static void run_pass(struct worker *w)
{
	bool more = true;

	reset_pass(w);
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
			if (un->dir == DIR_WRITE) {
				w->writes_since_sync++;
				w->last_write = un->u.file;
			}
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

static void cpu_usage(struct job_stats *st, bool end)
{
	struct rusage ru;
	uint64_t usr, sys;

	if (getrusage(RUSAGE_THREAD, &ru))
		return;
	usr = (uint64_t)ru.ru_utime.tv_sec * 1000000 + (uint64_t)ru.ru_utime.tv_usec;
	sys = (uint64_t)ru.ru_stime.tv_sec * 1000000 + (uint64_t)ru.ru_stime.tv_usec;
	if (!end) {
		/* remember the start as negative offsets, added back at the end */
		st->usr_us = -usr;
		st->sys_us = -sys;
		st->ctx_switches = -(uint64_t)(ru.ru_nvcsw + ru.ru_nivcsw);
		st->majflt = -(uint64_t)ru.ru_majflt;
		st->minflt = -(uint64_t)ru.ru_minflt;
	} else {
		st->usr_us += usr;
		st->sys_us += sys;
		st->ctx_switches += (uint64_t)(ru.ru_nvcsw + ru.ru_nivcsw);
		st->majflt += (uint64_t)ru.ru_majflt;
		st->minflt += (uint64_t)ru.ru_minflt;
	}
}

static void run(struct worker *w)
{
	const struct job_spec *js = w->js;
	uint64_t start, loop;
	unsigned int i;

	cpu_usage(w->st, false);
	start = clock_ns();
	w->st->start_ns = start;
	if (js->ramp_time) {
		w->in_ramp = true;
		w->ramp_end_ns = start + js->ramp_time * 1000;
	} else {
		stats_run_begin(&w->srun, start);
	}
	if (js->runtime) {
		/* saturate: a runtime of centuries must not wrap to the past */
		uint64_t us = js->ramp_time + js->runtime;

		w->deadline_ns = us > (UINT64_MAX - start) / 1000 ? UINT64_MAX :
				 start + us * 1000;
	}

	for (loop = 0; !w->stop; loop++) {
		if (!js->time_based && loop >= (uint64_t)js->loops)
			break;
		if (__atomic_load_n(w->stop_asked, __ATOMIC_RELAXED))
			break;	/* stopped before it began (exitall) */
		run_pass(w);
		if (time_up(w, w->deadline_ns ? clock_ns() : 0))
			break;
		if (js->time_based && !js->runtime)
			break;	/* time_based without runtime: one pass */
	}
	if (!w->stop && js->end_fsync && (js->rw & RW_WRITE))
		for (i = 0; i < w->nr_files && !w->stop; i++)
			sync_file(w, &w->files[i].f, PLIO_DDIR_SYNC, false);
	drain(w);
	w->st->end_ns = clock_ns();
	if (w->in_ramp)	/* the whole run was ramp: nothing measured */
		w->st->start_ns = w->st->end_ns;
	w->st->runtime_ns = w->st->end_ns - w->st->start_ns;
	stats_run_end(&w->srun, w->st->end_ns, NULL);
	cpu_usage(w->st, true);
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
	w.unit_bs = pj->max_bs;
	if ((w.js->rw & RW_READ) && w.js->bs[DIR_READ] < w.unit_bs)
		w.unit_bs = w.js->bs[DIR_READ];
	if ((w.js->rw & RW_WRITE) && w.js->bs[DIR_WRITE] < w.unit_bs)
		w.unit_bs = w.js->bs[DIR_WRITE];
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
	rand_seed(&w.rnd, pj->seed);
	rand_seed(&w.mix, pj->seed ^ 0x5a5a5a5a5a5a5a5aull);

	if (!setup_files(&w) && !setup_units(&w) && !setup_engine(&w) &&
	    !setup_stats(&w) && !setup_process(&w)) {
		flush_engine_error(&w);
		/* wait for the start signal: EOF on the pipe */
		while (read(start_fd, &c, 1) < 0 && errno == EINTR)
			;
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
