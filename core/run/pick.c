/*
 * pick.c - what a worker's next I/O is: its direction, its file, its
 * offset and its length (the "pick" step of the worker loop).
 *
 * Directions follow rwmixread (or trimwrite's trim-then-write); files
 * follow file_service_type and openfiles; offsets are sequential (with
 * rw=MODE:N's holes, or backwards), random through the random map (each
 * block once per loop) or without it, with percentage_random and
 * rw=randX:N's sequential stretches; lengths come from bs, bsrange or
 * bssplit, as fio draws them.  Everything picked lies inside the job's
 * region.  Called once per I/O: no allocation, no formatting.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/clock.h"
#include "run/wstate.h"

static void exhaust(struct worker *w, struct wfile *wf)
{
	if (!wf->exhausted) {
		wf->exhausted = true;
		w->nr_exhausted++;
	}
}

/* wf has its whole region again: a new loop, or time_based going round. */
void pick_renew(struct worker *w, struct wfile *wf)
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
	if (w->lfsr)
		pick_lfsr_init(w, wf);
	wf->zbase = wf->zpos = wf->zdone = 0;
}

/* random_generator=lfsr: wf's sequence from its start (each loop the
 * same order when the seeds repeat, as fio's). */
void pick_lfsr_init(struct worker *w, struct wfile *wf)
{
	fullseq_init(&wf->seq, wf->f.io_size / w->unit_bs,
		     w->pj->seeds[PLAN_RAND_OFFSET] ^ 0x6c6673720000ull ^ wf->f.index);
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
	if (wf && n == 1)
		return wf;	/* one file, open and not done: it again */
	if (pj->fst == FST_RANDOM)
		start = (unsigned int)rand_below(&w->frnd, n);
	else if (pj->fst > FST_SEQUENTIAL)	/* zipf, pareto, normal */
		start = (unsigned int)dist_next(&w->fdist, &w->frnd);
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
		if (loop_drain(w))
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
				worker_close_file(w, &w->files[i]);
		for (i = 0; i < n; i++) {
			k = start + i < n ? start + i : start + i - n;
			wf = &w->files[k];
			if (!wf->exhausted)
				break;
		}
	}
	if (!wf->opened && worker_open_file(w, wf))
		return NULL;
	w->cur = wf;
	w->cur_file = k;
	w->file_left = pj->fst_nr - 1;
	return wf;
}

/* The direction of the next I/O of a job that is not trimwrite. */
static unsigned int pick_dir(struct worker *w)
{
	if (w->mixed) {
		unsigned int d = rand_below(&w->mix, 100) < w->shape->rwmixread ?
				 DIR_READ : DIR_WRITE;

		return __builtin_expect(w->shape->pace.on, 0) ? wpace_dir(w, d) : d;
	}
	if (w->shape->rw & RW_READ)
		return DIR_READ;
	return (w->shape->rw & RW_TRIM) ? DIR_TRIM : DIR_WRITE;
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
uint64_t pick_len(struct worker *w, const struct bs_dir *b, uint64_t room)
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
	return w->shape->pct_random[dir] < 100 &&
	       rand_below(&w->bsr, 100) >= w->shape->pct_random[dir];
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
	if (w->shape->invalidate && !(w->eng->caps & PLIO_CAP_DISKLESS))
		(void)worker_drop_cache(w, &wf->f);
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
	if (pos && holes && w->shape->rw_nr < 0) {
		uint64_t back = (uint64_t)-w->shape->rw_nr;

		pos = pos >= back ? pos - back :
		      wf->f.io_size > back ? wf->f.io_size - back : 0;
	} else if (pos && holes && w->shape->rw_nr) {
		pos += (uint64_t)w->shape->rw_nr;
		if (pos >= wf->real_size)
			pos = 0;
	}
	if (pos >= wf->f.io_size)
		return -1;
	*offp = pos;
	return 1;
}

/* The next block of a sequential job on wf; false when its region is done. */
static bool pick_seq(struct worker *w, struct wfile *wf, const struct bs_dir *b,
		     unsigned int dir, uint64_t *off, uint64_t *len)
{
	uint64_t size = wf->f.io_size;

	*len = 0;
	if (seq_offset(w, wf, dir, true, off) > 0)
		*len = pick_len(w, b, size - *off);
	if (!*len && w->timed) {
		/* time_based: round again (a region shorter than a block
		 * was refused by plan) */
		*off = 0;
		*len = pick_len(w, b, size);
		timed_round(w, wf);
	}
	return *len != 0;
}

enum follow {
	FOLLOW_NO,	/* a random I/O */
	FOLLOW_PICKED,	/* the stretch's next block: *off and *len set */
	FOLLOW_RANDOM,	/* the stretch's, at a random offset left free */
	FOLLOW_DONE,	/* past the region: wf is done */
};

/*
 * The block a random job's sequential stretch takes next, left out of the
 * random map as in fio: the same block again (rw_sequencer=identical), or
 * the one after the last.  When the last one ended at the file's end (or
 * time_based goes round), a random offset instead, as fio does, still one
 * of the stretch and left out of the map.
 */
static enum follow pick_follow(struct worker *w, struct wfile *wf, const struct bs_dir *b,
			       unsigned int dir, uint64_t *off, uint64_t *len)
{
	int rc = 1;

	*len = 0;
	if (w->shape->rw_identical)
		*off = wf->last_off[dir];
	else
		rc = seq_offset(w, wf, dir, false, off);
	if (rc > 0)
		*len = pick_len(w, b, wf->f.io_size - *off);
	if (*len)
		return FOLLOW_PICKED;
	return rc && !w->timed ? FOLLOW_DONE : FOLLOW_RANDOM;
}

/*
 * random_generator=lfsr: the next unit of wf's sequence that a block of
 * this direction fits after; each unit comes once per loop.  false when
 * the loop's units are all used (time_based: they come again).
 */
static bool pick_lfsr(struct worker *w, struct wfile *wf, const struct bs_dir *b,
		      uint64_t *off, uint64_t *len)
{
	uint64_t size = wf->f.io_size;

	do {
		if (!wf->seq.left) {
			if (!w->timed && w->pj->fst <= FST_SEQUENTIAL)
				return false;
			timed_round(w, wf);	/* the same order again (fio's) */
			pick_lfsr_init(w, wf);
		}
		*off = fullseq_next(&wf->seq) * w->unit_bs;
		*len = pick_len(w, b, size - *off);
	} while (!*len);
	if (!wf->seq.left && !w->timed && w->pj->fst <= FST_SEQUENTIAL)
		exhaust(w, wf);
	return true;
}

/*
 * A random block of wf: a start among those a smallest block fits after,
 * uniform (norandommap) or from random_distribution; the next of lfsr's
 * sequence; or a free block of the random map, taken (then clipped to the
 * free run, as fio does) or, for a stretch's random offset, left free.
 * false when the map has no free block left.
 */
static bool pick_random(struct worker *w, struct wfile *wf, unsigned int dir,
			const struct bs_dir *b, bool leave_free, uint64_t *off, uint64_t *len)
{
	uint64_t size = wf->f.io_size, g = w->unit_bs, want, blk, run;

	if (!w->use_map) {
		if (w->lfsr)
			return pick_lfsr(w, wf, b, off, len);
		if (w->skewed)
			*off = dist_next(&wf->dist[dir], &w->rnd) * b->align;
		else
			*off = rand_below(&w->rnd, (size - b->min) / b->align + 1) * b->align;
		*len = pick_len(w, b, size - *off);
		return true;
	}
	want = rand_below(&w->rnd, wf->map.nr_blocks);
	if (b->align > g && !(b->align % g))
		want -= want % (b->align / g);
	if (leave_free) {
		blk = randmap_peek(&wf->map, want);
		if (blk == UINT64_MAX)
			return false;
		*off = blk * g;
		*len = pick_len(w, b, size - *off);
		return *len != 0;
	}
	*len = pick_len(w, b, size);
	blk = randmap_take(&wf->map, want, (*len + g - 1) / g, &run);
	if (blk == UINT64_MAX)
		return false;
	*off = blk * g;
	if (run * g < *len)
		*len = run * g;
	if (randmap_full(&wf->map)) {
		/* time_based, or files picked by a distribution (fio's): the
		 * file starts over rather than leave the pick */
		if (w->timed || w->pj->fst > FST_SEQUENTIAL) {
			randmap_reset(&wf->map);	/* round again */
			timed_round(w, wf);
		} else {
			exhaust(w, wf);
		}
	}
	return true;
}

/*
 * zonemode=strided: the next block inside the current zone (its range,
 * cut at the region's end), the next one after the last (going round
 * inside the zone when zonesize exceeds it) or anywhere in it at random
 * (a block the random map has free in the zone, when there is one); once
 * zonesize bytes are moved, the next zone, zoneskip further (back to the
 * start after the last, the map cleared).  Only the job's size ends it, as
 * in fio.
 */
static void pick_strided(struct worker *w, struct wfile *wf, const struct bs_dir *b,
			 uint64_t *off, uint64_t *len)
{
	const struct plan_zone *z = &w->shape->zone;
	uint64_t size = wf->f.io_size, room, pos, g = w->unit_bs, zb, zn, blk, run;

	room = size - wf->zbase < z->range ? size - wf->zbase : z->range;
	if (room < b->min) {
		wf->zbase = wf->zpos = wf->zdone = 0;	/* round again */
		room = size < z->range ? size : z->range;
	}
	if (!w->random) {
		pos = wf->zpos + b->min <= room ? wf->zpos : 0;
	} else {
		pos = rand_below(&w->rnd, (room - b->min) / b->align + 1) * b->align;
		zb = wf->zbase / g;
		zn = room / g;
		if (w->use_map && wf->zbase % g == 0) {
			blk = randmap_peek(&wf->map, zb + pos / g);
			if (blk < zb || blk >= zb + zn)
				blk = randmap_peek(&wf->map, zb);
			if (blk >= zb && blk < zb + zn && (blk - zb) * g + b->min <= room)
				pos = (blk - zb) * g;
		}
	}
	*len = pick_len(w, b, room - pos);
	if (w->random && w->use_map && wf->zbase % g == 0) {
		blk = randmap_take(&wf->map, (wf->zbase + pos) / g, (*len + g - 1) / g, &run);
		if (blk == (wf->zbase + pos) / g && run * g < *len && run * g >= b->min)
			*len = run * g;
	}
	*off = wf->zbase + pos;
	wf->zpos = pos + *len;
	wf->zdone += *len;
	if (wf->zdone >= z->size) {
		wf->zbase += z->stride;
		wf->zpos = wf->zdone = 0;
		if (wf->zbase >= size) {
			wf->zbase = 0;
			if (w->use_map)
				randmap_reset(&wf->map);
		}
	}
}

/*
 * Offset (relative to wf's region) and length of the next I/O of
 * direction dir on wf; false when wf has no block left this loop (it is
 * then done).  Whatever is picked lies inside the region: where fio lets
 * a last block of a fixed size run past it (into the rest of a bigger
 * file), plio stops.
 */
static bool pick_block(struct worker *w, struct wfile *wf, unsigned int dir,
		       uint64_t *off, uint64_t *len)
{
	const struct bs_dir *b = &w->shape->bs[dir];
	enum follow follow = FOLLOW_NO;
	bool ok;

	if (__builtin_expect(w->strided, 0)) {
		pick_strided(w, wf, b, off, len);
		wf->pos[dir] = *off + *len;
		return true;
	}
	if (!w->random) {
		ok = pick_seq(w, wf, b, dir, off, len);
	} else {
		if (follows_last(w, dir))
			follow = pick_follow(w, wf, b, dir, off, len);
		ok = follow == FOLLOW_PICKED ||
		     (follow != FOLLOW_DONE &&
		      pick_random(w, wf, dir, b, follow == FOLLOW_RANDOM, off, len));
	}
	if (!ok) {
		exhaust(w, wf);
		return false;
	}
	if (w->random) {
		/* rw=randX:N: a random offset begins N I/Os */
		if (follow == FOLLOW_NO && w->shape->rw_nr > 1)
			w->seq_left = (uint64_t)w->shape->rw_nr - 1;
		wf->last_off[dir] = *off;
	}
	wf->pos[dir] = *off + *len;
	return true;
}

/*
 * cmdprio: this read's or write's priority, as the job's rules draw it
 * (cmdprio_percentage of the I/Os, or cmdprio_bssplit's share of those of
 * their size), else the job's own (0: none of its own).
 */
static void pick_prio(struct worker *w, struct unit *un, unsigned int dir, uint64_t len)
{
	const struct plan_cmdprio *c = &w->shape->cmdprio;
	const struct plan_prio_rule *r = &c->rule[dir];
	unsigned int slot = 0, i;

	if (r->pct) {
		if (rand_below(&w->prnd, 100) < r->pct)
			slot = r->slot;
	} else {
		for (i = 0; i < r->nsplit; i++)
			if (r->split[i].bs == len) {
				if (rand_below(&w->prnd, 100) < r->split[i].pct)
					slot = r->split[i].slot;
				break;
			}
	}
	un->pslot = (uint8_t)slot;
	un->u.ioprio = slot ? c->value[dir][slot] : 0;
}

/* Fill un for an I/O of direction dir at off (relative to wf's region);
 * inlined into both callers (the replay's too), as it was into one. */
static inline __attribute__((always_inline)) void fill_io(struct worker *w, struct unit *un, struct wfile *wf,
		    unsigned int dir, uint64_t off, uint64_t len)
{
	un->dir = dir;
	un->u.ddir = (uint8_t)dir;	/* DIR_* and PLIO_DDIR_* agree */
	un->u.file = &wf->f;
	un->u.offset = wf->f.io_offset + off;
	un->u.length = len;
	un->u.result = 0;
	un->u.error = 0;
	w->st->issued[dir]++;
	if (__builtin_expect(w->prio_on, 0) && dir < 2)
		pick_prio(w, un, dir, len);
	/* a write's data: made afresh, scrambled, or what a read overwrote */
	if (__builtin_expect(w->wprep, 0))
		wbuf_prepare(w, un, dir);
}

/*
 * read_iolog: the log's next entry into un, as logged (the offsets scaled
 * and aligned when it was read): an I/O, or a sync of its file.  false at
 * the log's end (or when a file cannot be opened).
 */
static bool replay_next(struct worker *w, struct unit *un)
{
	const struct iolog *l = w->pj->replay;
	const struct iolog_entry *x;
	struct wfile *wf;

	if (w->stop || w->rpos >= l->n)
		return false;
	x = &l->e[w->rpos++];
	wf = &w->files[x->file];
	if (!wf->opened && worker_open_file(w, wf))
		return false;
	if (!w->replay_t0) {
		w->replay_t0 = clock_ns();
		w->replay_base = x->due_us;
	}
	w->replay_due = x->due_us;
	w->last_was_sync = false;
	if (x->act >= IOLOG_SYNC) {
		un->dir = DIR_SYNC_COUNTED;
		un->vflags = 0;
		un->u.ddir = x->act;	/* PLIO_DDIR_SYNC, _DATASYNC */
		un->u.file = &wf->f;
		un->u.offset = un->u.length = 0;
		un->u.result = 0;
		un->u.error = 0;
		return true;
	}
	fill_io(w, un, wf, x->act, x->offset - wf->f.io_offset, x->length);
	w->done_bytes += x->length;
	w->done_ios++;
	return true;
}

int pick_replay_wait(struct worker *w, struct unit *un)
{
	const struct plan_shape *sh = w->shape;
	uint64_t due;

	if (un->u.ddir >= PLIO_DDIR_SYNC && loop_drain(w))
		return -1;
	if (sh->replay_no_stall)
		return 0;
	due = w->replay_t0 + (w->replay_due - w->replay_base) * 100000 / sh->replay_time_scale;
	return wpace_wait_until(w, due);
}

/* Choose direction, file, offset and length of the next I/O; false when
 * this loop has nothing left to issue. */
bool pick_next(struct worker *w, struct unit *un)
{
	unsigned int dir;
	struct wfile *wf;
	uint64_t off, len;

	/* one test for the three rarer sources of the next I/O */
	if (__builtin_expect(w->tw_due | w->verifying | w->replaying, 0)) {
		if (w->replaying)
			return replay_next(w, un);
		if (w->verifying) {
			if (wverify_pick(w, un))
				return true;
			if (w->verifying)
				return false;	/* the loop's read-back is done */
			/* a backlog batch is done: the workload goes on */
		} else {
			/* trimwrite: the block just trimmed is written next,
			 * outside the byte count (fio moves size bytes each
			 * way) */
			w->tw_due = false;
			fill_io(w, un, w->tw_file, DIR_WRITE, w->tw_off, w->tw_len);
			w->last_was_sync = false;
			return true;
		}
	}
	if (w->stop || pick_budget_spent(w))
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
