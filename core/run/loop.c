/*
 * loop.c - the worker loop of one pass: the hot path of plio.
 *
 * Fill free units (pick.c chooses each I/O), hand them to the engine
 * (queue, commit every batch, or submit together with the wait in reap),
 * account each completion into the worker's statistics, and issue the
 * syncs that fsync=N, fdatasync=N and sync_file_range owe.  Completions
 * that are not a plain success (an error, nothing moved, an engine that
 * broke the unit's contract) leave the hot path for odd_completion().
 * Nothing here allocates, locks or formats per I/O; errors are formatted
 * once, when the worker stops.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "run/wstate.h"

/*
 * Whether the job goes on after error err of unit un (fio's rules): the
 * error's type (read, write, verify) is in continue_on_error or has an
 * ignore_error list, and err is in that list, by default EIO and EILSEQ
 * (fio's non-fatal errors).  Sync errors always stop the job.
 */
static bool error_ignored(const struct worker *w, const struct unit *un, int err)
{
	const struct plan_shape *sh = w->shape;
	const struct err_list *l;
	unsigned int t, i;

	if (un->dir >= DIR_NR)
		return false;
	t = options_error_type(un->dir, err);
	if (!(sh->coe_mask & (1u << t)))
		return false;
	l = &sh->ignore[t];
	if (!l->given)
		return err == EIO || err == EILSEQ;
	for (i = 0; i < l->n; i++)
		if (l->err[i] == err)
			return true;
	return false;
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
	if (w->shape->runtime_us)
		worker_set_deadline(w, now, w->shape->runtime_us);
	return true;
}

/*
 * Unit un failed with err (eof: it moved nothing): counted in total_err
 * and first_error; the job goes on when continue_on_error lets it (a line
 * with error_dump), else it fails with one line.  What the engine logged
 * as an error while it had the unit (say a SCSI device's sense data) is
 * the reason the line gives, else err's text.
 */
static __attribute__((noinline)) void io_failed(struct worker *w, struct unit *un, int err, bool eof)
{
	struct plio_io_u *u = &un->u;
	/* the engine's own words for it, when it logged some (sense data...) */
	const char *why = w->engine_err[0] ? worker_why(w, -err) : strerror(err);

	w->total_err++;
	if (!w->first_error)
		w->first_error = err;
	if (error_ignored(w, un, err)) {
		if (!w->shape->error_dump)
			return;
		if (eof)
			log_error("job '%s': file '%s': %s of %llu bytes at offset %llu returned 0 bytes",
				  w->shape->name, u->file->path, worker_ddir_name(u->ddir),
				  (unsigned long long)u->length, (unsigned long long)u->offset);
		else
			log_error("job '%s': file '%s': %s of %llu bytes at offset %llu failed: %s",
				  w->shape->name, u->file->path, worker_ddir_name(u->ddir),
				  (unsigned long long)u->length,
				  (unsigned long long)u->offset, why);
		return;
	}
	if (w->eng->caps & PLIO_CAP_NOIO)	/* no file, no bytes: the engine's words */
		worker_fail(w, err, "engine %s: %s", w->eng->name, why);
	else if (eof && un->dir == DIR_READ)
		worker_fail(w, err, "file '%s': read of %llu bytes at offset %llu returned 0 bytes: the file ends before the job's region does (was it truncated?)",
		     u->file->path, (unsigned long long)u->length,
		     (unsigned long long)u->offset);
	else if (eof)
		worker_fail(w, err, "file '%s': %s of %llu bytes at offset %llu moved 0 bytes",
		     u->file->path, worker_ddir_name(u->ddir), (unsigned long long)u->length,
		     (unsigned long long)u->offset);
	else if (err == EILSEQ && (un->vflags & UNIT_VCHECK))
		worker_fail(w, err, "file '%s': verify failed for the %llu bytes at offset %llu (the lines above say where and how)",
		     u->file->path, (unsigned long long)u->length, (unsigned long long)u->offset);
	else
		worker_fail(w, err, "file '%s': %s of %llu bytes at offset %llu failed: %s",
		     u->file->path, worker_ddir_name(u->ddir), (unsigned long long)u->length,
		     (unsigned long long)u->offset, why);
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
		worker_fail(w, EPROTO, "engine %s: broke the I/O unit contract: a %s came back with error %d, not a positive errno",
		     w->eng->name, worker_ddir_name(u->ddir), err);
		return true;
	}
	if (!err && un->dir >= DIR_NR)
		return false;	/* a sync moves no bytes: its result says nothing */
	if (!err && !u->result && (w->eng->caps & PLIO_CAP_NOIO)) {
		u->length = 0;	/* time, not data: an I/O of no bytes, not short */
		return false;
	}
	if (!err && u->result < 0) {
		worker_fail(w, EPROTO, "engine %s: broke the I/O unit contract: a %s came back with result %lld and no error",
		     w->eng->name, worker_ddir_name(u->ddir), (long long)u->result);
		return true;
	}
	if (!err && (uint64_t)u->result > u->length) {
		worker_fail(w, EPROTO, "engine %s: broke the I/O unit contract: a %s of %llu bytes came back with result %lld, more than it asked for",
		     w->eng->name, worker_ddir_name(u->ddir), (unsigned long long)u->length,
		     (long long)u->result);
		return true;
	}
	if (!err && (un->dir == DIR_READ || un->dir == DIR_WRITE) &&
	    (w->eng->caps & PLIO_CAP_DISKLESS)) {
		/* a diskless engine's transfer that moved nothing: its stream
		 * (a socket) ended, or its peer took nothing until the job's
		 * time was up.  The job ends here, without an error and
		 * without counting the I/O, as fio's net engine ends it. */
		w->stop = true;
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
	if (err == ENOSPC && w->shape->fill_device && un->dir == DIR_WRITE) {
		/* fill_device: full is where the job ends, not an error; the
		 * write that found it counts, with no bytes (fio) */
		if (w->srun.measuring)
			w->st->dir[DIR_WRITE].ios++;
		w->stop = true;
		return true;
	}
	/* the failed I/O counts, with no bytes and no latency, whether the
	 * job goes on or not (fio) */
	if (un->dir < DIR_NR && w->srun.measuring)
		w->st->dir[un->dir].ios++;
	io_failed(w, un, err, eof);
	return true;
}

/* max_latency exceeded: fio's ETIMEDOUT, with its words and the I/O. */
static __attribute__((noinline)) void too_slow(struct worker *w, struct unit *un, uint64_t lat)
{
	worker_fail(w, ETIMEDOUT, "latency of %llu nsec exceeds specified max (%llu nsec): %s of %llu bytes at offset %llu of '%s'",
		    (unsigned long long)lat, (unsigned long long)w->max_lat[un->dir],
		    worker_ddir_name(un->u.ddir), (unsigned long long)un->u.length,
		    (unsigned long long)un->u.offset, un->u.file->path);
}

/*
 * Account one finished unit.  `now` is its completion time.  vfy: the job
 * verifies (a constant where the loop is made twice, so that a job
 * without verify pays nothing for it: see loop_pass).
 */
static inline __attribute__((always_inline)) bool account(struct worker *w, struct unit *un,
							  uint64_t now, bool async, bool vfy)
{
	struct plio_io_u *u = &un->u;
	uint64_t slat = UINT64_MAX, lat;
	bool kept = false;

	if (__builtin_expect(log_debug_mask & DBG_IO, 0))
		worker_debug_io(w, u, "done");
	/* a read that verify finds bad moved its bytes: it is accounted as
	 * one, and fails with EILSEQ (fio's err=84); with verify_async a
	 * verifier thread checks it, and keeps the unit until it has */
	if (vfy && __builtin_expect(un->vflags, 0) && !u->error &&
	    (uint64_t)u->result == u->length) {
		if (un->vflags & UNIT_VNOTE) {
			wverify_note_write(w, un);
		} else if (w->va) {
			wvasync_hand(w, un);
			kept = true;
		} else if (!wverify_done(w, un)) {
			io_failed(w, un, EILSEQ, false);
		}
	}
	/*
	 * One test for everything unusual: an error, or a result outside
	 * 1..length (nothing moved, more than asked, negative; a sync's 0
	 * lands here too and is let through).
	 */
	if (__builtin_expect(u->error || (uint64_t)u->result - 1 >= u->length, 0) &&
	    odd_completion(w, un))
		return kept;
	if (ramp_check(w, now))
		return kept;
	lat = now - un->start_ns;
	if (un->dir >= DIR_NR) {
		stats_sync_done(&w->srun, lat, un->dir == DIR_SYNC_COUNTED, now);
		return kept;
	}
	if (async)
		slat = un->issue_ns - un->start_ns;
	stats_io_done(&w->srun, un->dir, (uint64_t)u->result, u->length, u->offset,
		      slat, async ? now - un->issue_ns : lat, lat, now, un->pslot, u->ioprio);
	/* max_latency: the job fails on the first I/O above it */
	if (vfy && __builtin_expect(w->max_lat[un->dir] && lat > w->max_lat[un->dir], 0))
		too_slow(w, un, lat);
	/* latency_target: the search for the depth sees every completion */
	if (vfy && w->qd_cap)
		wpace_lat(w, lat);
	return kept;
}

void loop_verify_failed(struct worker *w, struct unit *un)
{
	io_failed(w, un, EILSEQ, false);
}

/* A sync unit for f: ddir PLIO_DDIR_SYNC or _DATASYNC, dir DIR_SYNC_*. */
static void fill_sync(struct unit *un, struct plio_file *f, unsigned int ddir,
		      unsigned int dir)
{
	un->dir = dir;
	un->vflags = 0;
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
			return worker_fail(w, -rc, "engine %s: commit failed: %s", w->eng->name,
				    worker_why(w, rc));
	}
	now = clock_ns();
	for (i = 0; i < w->nr_pending; i++)
		w->pending[i]->issue_ns = now;
	stats_submitted(&w->srun, w->nr_pending, w->inflight);
	w->nr_pending = 0;
	return 0;
}

/* Whether u is one of the worker's units and the engine has it. */
static bool in_flight(const struct worker *w, const struct plio_io_u *u)
{
	uintptr_t off = (uintptr_t)u - (uintptr_t)w->units;

	return u && off < (uintptr_t)w->shape->iodepth * sizeof(*w->units) &&
	       !(off % sizeof(*w->units)) && ((const struct unit *)u)->queued;
}

/* reap() handed back something that is not a unit in flight: the job
 * fails, naming the engine and what it handed back. */
static __attribute__((noinline)) int bad_reap(struct worker *w, const struct plio_io_u *u)
{
	uintptr_t off = (uintptr_t)u - (uintptr_t)w->units;
	bool ours = u && off < (uintptr_t)w->shape->iodepth * sizeof(*w->units) &&
		    !(off % sizeof(*w->units));

	return worker_fail(w, EPROTO, "engine %s: broke the reap contract: it returned %s",
			   w->eng->name, !u ? "a NULL unit" :
			   !ours ? "a pointer that is not one of the job's I/O units" :
			   "a unit that was not in flight (returned twice, or never queued)");
}

/*
 * Reap at least `min` completions (0: whatever is ready).  Units queued but
 * not committed are submitted by the engine's reap(): they count as issued
 * now.
 */
static inline __attribute__((always_inline)) int reap_x(struct worker *w, unsigned int min,
							bool vfy, const struct timespec *to)
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
	n = vfy && w->off ? woff_reap(w, min, max, w->reaped, to) :
			    w->eng->reap(&w->ctx, min, max, w->reaped, to);
	if (n < 0)
		return worker_fail(w, -n, "engine %s: reap failed: %s", w->eng->name,
			    worker_why(w, n));
	if ((unsigned int)n > max)
		return worker_fail(w, EPROTO, "engine %s: reap returned %d units, more than the %u asked for",
			    w->eng->name, n, max);
	now = clock_ns();
	if (n)
		stats_reaped(&w->srun, (unsigned int)n);
	for (j = 0; j < n; j++) {
		struct unit *un = (struct unit *)w->reaped[j];

		if (__builtin_expect(!in_flight(w, w->reaped[j]), 0))
			return bad_reap(w, w->reaped[j]);
		un->queued = false;
		w->inflight--;
		if (w->busy)
			w->busy[un->u.index] = false;
		if (!account(w, un, now, true, vfy))
			w->free_units[w->nr_free++] = un;
	}
	return n;
}

static __attribute__((noinline)) int reap_plain(struct worker *w, unsigned int min)
{
	return reap_x(w, min, false, NULL);
}

static __attribute__((noinline)) int reap_vfy(struct worker *w, unsigned int min)
{
	return reap_x(w, min, true, NULL);
}

/* Reap what comes within *ts (the extras' path: verify's flags are seen
 * to, and a unit without them costs nothing more). */
int loop_reap_wait(struct worker *w, const struct timespec *ts)
{
	return reap_x(w, 1, true, ts);
}

static int reap(struct worker *w, unsigned int min)
{
	return w->extras ? reap_vfy(w, min) : reap_plain(w, min);
}

/* Queue one filled unit; completes it at once when the engine does. */
static inline __attribute__((always_inline)) int loop_submit_x(struct worker *w,
							       struct unit *un, bool vfy)
{
	int rc;

	/* once, not again for each retry after a busy engine */
	if (vfy && w->ilog)
		wiolog_note(w, &un->u);
	for (;;) {
		if (w->eng->prep) {
			rc = w->eng->prep(&w->ctx, &un->u);
			if (rc)
				return worker_fail(w, -rc, "engine %s: prep failed: %s",
					    w->eng->name, worker_why(w, rc));
			/* an engine whose I/O is time may pause in prep (cpuio's
			 * think time, outside the I/O's latency, as fio's
			 * thinktime): if the job ended meanwhile (job_done(),
			 * runtime, a stop), the unit is not issued */
			if (__builtin_expect(w->eng->caps & PLIO_CAP_NOIO, 0) &&
			    loop_stopping(w)) {
				w->stop = true;
				w->free_units[w->nr_free++] = un;
				return 0;
			}
		}
		un->start_ns = stats_run_io_times(&w->srun) ? clock_ns() : clock_coarse_ns();
		if (__builtin_expect(log_debug_mask & DBG_IO, 0))
			worker_debug_io(w, &un->u, "queue");
		if (vfy && w->off) {
			/* offload: the submitter gives it to the engine */
			un->queued = true;
			w->inflight++;
			stats_submitted(&w->srun, 1, w->inflight);
			woff_submit(w, un);
			return 0;
		}
		rc = w->eng->queue(&w->ctx, &un->u);
		if (rc == PLIO_Q_COMPLETED) {
			stats_submitted(&w->srun, 1, w->inflight + 1);
			stats_reaped(&w->srun, 1);
			if (!account(w, un, stats_run_io_times(&w->srun) ? clock_ns() :
				     clock_coarse_ns(), false, vfy))
				w->free_units[w->nr_free++] = un;
			return 0;
		}
		if (rc == PLIO_Q_QUEUED) {
			if (__builtin_expect(w->eng->caps & PLIO_CAP_SYNC, 0))
				return worker_fail(w, EPROTO, "engine %s: broke the queue contract: it declares PLIO_CAP_SYNC (queue() always completes), yet queue() returned PLIO_Q_QUEUED",
					    w->eng->name);
			if (w->busy)
				w->busy[un->u.index] = true;
			un->queued = true;
			w->pending[w->nr_pending++] = un;
			w->inflight++;
			return 0;
		}
		if (rc != PLIO_Q_BUSY)
			return worker_fail(w, EINVAL, "engine %s: queue returned %d", w->eng->name, rc);
		/* busy: submit what we have, wait for one, retry */
		if (commit(w) || !w->inflight)
			return w->inflight ? -EIO :
				worker_fail(w, EBUSY, "engine %s: busy with nothing in flight",
				     w->eng->name);
		if ((vfy ? reap_vfy(w, 1) : reap_plain(w, 1)) < 0)
			return -EIO;
	}
}

static int loop_submit(struct worker *w, struct unit *un)
{
	return loop_submit_x(w, un, w->extras);
}

int loop_drain(struct worker *w)
{
	while (w->inflight)
		if (reap(w, w->inflight) < 0)
			return -EIO;
	/* and every unit back from the verify_async threads */
	if (w->va)
		wvasync_drain(w);
	return 0;
}

/*
 * fsync (or fdatasync) f through the engine, after everything in flight.
 * Like fio, only fsync=N's syncs count in the report's sync total_ios.
 */
int loop_sync_file(struct worker *w, struct plio_file *f, unsigned int ddir,
		     bool counted)
{
	struct unit *un;

	if (loop_drain(w))
		return -EIO;
	un = w->free_units[--w->nr_free];
	fill_sync(un, f, ddir, counted ? DIR_SYNC_COUNTED : DIR_SYNC_QUIET);
	if (loop_submit(w, un))
		return -EIO;
	return loop_drain(w);
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

	if (loop_drain(w))
		return -EIO;
	start = clock_ns();
	if (wf->f.fd >= 0 && wf->sfr_hi > wf->sfr_lo &&
	    sync_file_range(wf->f.fd, (off_t)wf->sfr_lo, (off_t)(wf->sfr_hi - wf->sfr_lo),
			    w->shape->sfr_flags))
		rc = errno;
	now = clock_ns();
	if (rc)
		return worker_fail(w, rc, "file '%s': sync_file_range of %llu bytes at offset %llu failed: %s",
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
static int loop_sync_due(struct worker *w)
{
	const struct plan_shape *sh = w->shape;
	uint64_t n = w->writes;
	struct wfile *wf;
	int rc;

	if (w->last_was_sync || !n || w->tw_due || !(sh->rw & RW_WRITE) || pick_budget_spent(w))
		return 0;
	if (sh->fsync_nr && !(n % sh->fsync_nr))
		rc = 1;
	else if (sh->fdatasync_nr && !(n % sh->fdatasync_nr))
		rc = 2;
	else if (sh->sfr_nr && !(n % sh->sfr_nr))
		rc = 3;
	else
		return 0;
	wf = sync_target(w);
	if (!wf)
		return 0;
	w->last_was_sync = true;
	if (rc == 3)
		return sync_range(w, wf);
	if (loop_sync_file(w, &wf->f, rc == 1 ? PLIO_DDIR_SYNC : PLIO_DDIR_DATASYNC, rc == 1))
		return -EIO;
	return 1;
}

/* A write is issued: what fsync=N and sync_file_range=...:N count. */
static void loop_note_write(struct worker *w, struct unit *un)
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
static int loop_wait_overlap(struct worker *w, struct unit *un)
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
static inline __attribute__((always_inline)) void loop_pass_x(struct worker *w, bool vfy)
{
	bool more = true;

	while (!w->stop) {
		unsigned int min;

		/* verify_async: the units the verifiers are done with; when
		 * there is nothing else to wait for, wait for them */
		if (vfy && w->va && wvasync_harvest(w, !w->nr_free && !w->inflight) < 0)
			return;
		while (more && w->nr_free && !w->draining && !w->stop &&
		       (!vfy || !w->qd_cap || w->inflight < w->qd_cap)) {
			struct unit *un = w->free_units[w->nr_free - 1];
			int rc = loop_sync_due(w);

			if (rc < 0)
				return;
			if (rc)
				continue;
			/* a backlog batch due drains first: un, read before,
			 * may be stale then (rc 1): look again */
			if (vfy && w->vfy && (rc = wverify_backlog(w))) {
				if (rc < 0)
					return;
				continue;
			}
			if (!pick_next(w, un)) {
				more = false;
				break;
			}
			w->nr_free--;
			if (vfy && w->vfy && (rc = wverify_prepare(w, un))) {
				if (rc < 0)
					return;
				w->free_units[w->nr_free++] = un;
				continue;
			}
			/* pacing: the unit waits for its time; a replayed one
			 * for the log's */
			if (vfy && w->shape->pace.on && wpace_before(w, un))
				return;
			if (vfy && w->replaying && pick_replay_wait(w, un))
				return;
			if (un->dir == DIR_WRITE)
				loop_note_write(w, un);
			if (w->busy && loop_wait_overlap(w, un))
				return;
			if (loop_submit_x(w, un, vfy))
				return;
			if (w->batch && w->nr_pending >= w->batch && commit(w))
				return;
			if (loop_time_up(w, un->start_ns))
				more = false;
		}
		if (w->stop)
			return;
		if (!more) {
			loop_drain(w);
			return;
		}
		if (w->inflight >= w->ctx.iodepth && w->low < w->ctx.iodepth)
			w->draining = true;
		min = w->cmin;
		if (w->draining && w->inflight - w->low > min)
			min = w->inflight - w->low;
		if ((vfy ? reap_vfy(w, min) : reap_plain(w, min)) < 0)
			return;
		if (w->inflight <= w->low)
			w->draining = false;
		if (loop_time_up(w, w->deadline_ns ? clock_ns() : 0)) {
			loop_drain(w);
			return;
		}
	}
}

/*
 * The loop is made twice, for jobs with extras (verify, pacing) and
 * without, so that the second pays nothing per I/O for the first's hooks.
 */
static __attribute__((noinline)) void loop_pass_plain(struct worker *w)
{
	loop_pass_x(w, false);
}

static __attribute__((noinline)) void loop_pass_extra(struct worker *w)
{
	loop_pass_x(w, true);
}

void loop_pass(struct worker *w)
{
	if (w->extras)
		loop_pass_extra(w);
	else
		loop_pass_plain(w);
}
