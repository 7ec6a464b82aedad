/*
 * wstate.h - one worker's run state, shared by the files of the worker
 * and nothing else: worker.c (set-up, the loop, the end), pick.c (what the
 * next I/O is: direction, file, offset, length) and loop.c (the loop
 * of a pass: handing units to the engine, completions, syncs).
 *
 * A worker reads its plan_job and the job's plan_shape, never a job spec;
 * it writes its own job_stats and nothing else shared.
 */
#ifndef PLIO_WSTATE_H
#define PLIO_WSTATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <plio/plugin.h>

#include "base/clock.h"
#include "base/dist.h"
#include "base/rand.h"
#include "measure/stats.h"
#include "plan/plan.h"
#include "run/wbuf.h"
#include "run/worker.h"

/* unit->dir of syncs: counted in sync total_ios (fsync=N) or not */
#define DIR_SYNC_COUNTED DIR_NR
#define DIR_SYNC_QUIET (DIR_NR + 1)

struct wfile {
	struct plio_file f;	/* first: a plio_file of the worker is a wfile */
	uint64_t pos[DIR_NR];	/* end of the last I/O, relative to the
				 * region: where the next sequential one goes */
	uint64_t last_off[DIR_NR]; /* random jobs: offset of the last I/O */
	uint64_t real_size;	/* the file's size (plan_file.real_size) */
	uint64_t sfr_lo, sfr_hi; /* written since the last sync_file_range */
	struct randmap map;	/* random jobs without norandommap */
	struct dist dist[DIR_NR]; /* random_distribution other than random:
				 * its places are where a smallest block fits */
	struct fullseq seq;	/* random_generator=lfsr: every unit once */
	uint64_t zbase;		/* zonemode=strided: the zone's start, */
	uint64_t zpos;		/* ... where its next sequential I/O goes, */
	uint64_t zdone;		/* ... and what it moved this visit */
	bool exhausted;		/* no block left to it this loop */
	bool opened;
};

/* The buffers' memory and the sequences their data comes from (wbuf.c). */
struct wbuf {
	void *map;			/* what was allocated or mapped */
	size_t map_len;
	int shmid;			/* mem=shm, shmhuge; -1: none */
	char *file;			/* mem=mmap:FILE: removed at the end */
	uint64_t base;			/* buffer i made afresh: mix(base + i) */
	uint64_t made;			/* how many were */
	struct rand_state dedupe;	/* which writes repeat, and what */
	uint64_t ws_base, ws_n;		/* the working set: mix(ws_base + k),
					 * k < ws_n */
};

/* Pacing's state (wpace.c). */
struct wpace {
	bool started;			/* the schedule began (after the ramp) */
	uint64_t next[DIR_NR];		/* when each direction's next I/O is due */
	struct rand_state rnd;		/* rate_process=poisson */
	uint64_t cycle_end;		/* rate_min: this cycle ends */
	uint64_t cyc_bytes[DIR_NR], cyc_ios[DIR_NR]; /* ... counts at its start */
	uint64_t blocks;		/* I/Os since the last think */
	uint64_t io_since;		/* ... and since when */
	/* latency_target: the search for the deepest queue that meets it */
	unsigned int qd_low, qd_high;	/* the depths known good, known bad */
	uint64_t lt_start;		/* this window began */
	uint64_t lt_ios, lt_over;	/* its completions, those above target */
	bool lt_drain;			/* a depth cut: drain before going on */
	bool lt_final;			/* the depth settled: a last window */
	bool lt_restart;		/* ... whose statistics start afresh */
	uint64_t flow_ios;		/* flow: I/Os this job issued */
	bool flow_in;			/* ... its weight is in its group's */
};

struct worker {
	struct plio_ctx ctx;	/* the engine's view of this worker */
	char engine_err[256];	/* the engine's own words for its failure */
	const struct plan_job *pj;
	const struct plan_shape *shape;	/* pj->shape */
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
	struct wbuf wb;
	bool wprep;			/* writes touch their buffer first
					 * (wbuf_prepare) */
	bool engine_ready;		/* init succeeded: cleanup is owed */
	bool hints_ready;		/* files opened now get cache_hints() */
	unsigned int units_ready;	/* unit_init succeeded for units[0..n-1] */

	struct rand_state rnd;		/* offsets */
	struct rand_state mix;		/* read/write choice */
	uint64_t unit_bs;		/* random map granularity */
	bool random, use_map, mixed;
	bool skewed;			/* random_distribution: wf->dist */
	bool lfsr;			/* random_generator=lfsr: wf->seq */
	bool strided;			/* zonemode=strided: wf->z* */
	bool prio_on;			/* cmdprio: each read and write may get
					 * a priority of its own (shape->cmdprio) */
	struct rand_state prnd;		/* ... which do */
	/* read_iolog: the log's next entry, and when its first was due */
	bool replaying;
	uint64_t rpos;
	uint64_t replay_due;		/* the last picked entry's (us, the log's) */
	uint64_t replay_t0, replay_base; /* the clock (ns) and log time (us)
					 * of the first entry */
	struct dist fdist;		/* file_service_type=zipf, pareto, normal */

	/* direction and block size of the next I/O (pick_next) */
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
	struct wverify *vfy;		/* verify= (wverify.c); NULL: none */
	struct wvasync *va;		/* verify_async (wvasync.c); NULL: none */
	struct wpace pc;		/* pacing (wpace.c), when shape->pace.on */
	struct woff *off;		/* io_submit_mode=offload (woffload.c) */
	struct wiolog *ilog;		/* write_iolog (wiolog.c); NULL: none */
	bool extras;			/* verify or pacing: the loop with their
					 * hooks (loop.c) */
	uint64_t max_lat[DIR_NR];	/* max_latency in ns; 0: none */
	unsigned int qd_cap;		/* latency_target: at most this many in
					 * flight; 0: the iodepth */
	bool verifying;			/* the read-back pass of a loop */
	bool stop;
	const int *stop_asked;		/* the runner's flag (exitall), or a 0 */
};

/* ---------------------------------------------------------- wiolog.c */

/* write_iolog: open the log (appending) and note the files: 0, or -EIO
 * with the worker failed.  The loop's extras note each I/O queued; files
 * note their opening and closing; wiolog_finish writes what is left. */
int wiolog_setup(struct worker *w);
void wiolog_note(struct worker *w, const struct plio_io_u *u);
void wiolog_file(struct worker *w, const struct plio_file *f, bool open);
void wiolog_finish(struct worker *w);

/* ---------------------------------------------------------- worker.c */

/* Set w up for pj (worker_run without the start barrier and the run, for
 * tests that drive the loop's parts): 0, or -EIO with st's error set.
 * worker_finish tears it down, whatever worker_prepare returned. */
int worker_prepare(struct worker *w, const struct plan_job *pj, struct job_stats *st,
		   const int *stop);
void worker_finish(struct worker *w);

/* Record the first failure of this worker: "job 'x': WHAT"; stops it.
 * Returns -err (the first failure's). */
int worker_fail(struct worker *w, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* What to say about a failed engine callback: the engine's own words when
 * it logged an error during the call, else the errno text. */
const char *worker_why(struct worker *w, int rc);
/* "read", "write", "trim", "fdatasync", "fsync". */
const char *worker_ddir_name(unsigned int ddir);
/* --debug=io: one line per I/O queued and per I/O done. */
void worker_debug_io(const struct worker *w, const struct plio_io_u *u,
		     const char *what);
/* Open wf (its turn came, or a new loop), close it (nothing in flight). */
int worker_open_file(struct worker *w, struct wfile *wf);
void worker_close_file(struct worker *w, struct wfile *wf);
/* Picking starts over: every file's region whole, no current file. */
void worker_restart_picks(struct worker *w);
/* Drop the cached pages of f's region: the engine's way, or fadvise. */
int worker_drop_cache(struct worker *w, struct plio_file *f);
/* The job ends `us` after `from` (saturated). */
void worker_set_deadline(struct worker *w, uint64_t from, uint64_t us);

/* ------------------------------------------------------------ pick.c */

/* Choose direction, file, offset and length of the next I/O into un;
 * false when this loop has nothing left to issue. */
bool pick_next(struct worker *w, struct unit *un);
/* Whether the job has issued all it should (io_size, number_ios). */
static inline bool pick_budget_spent(const struct worker *w)
{
	if (w->timed)	/* only the clock ends it, or number_ios a NOIO job */
		return w->shape->timed_ios && w->budget_ios && w->done_ios >= w->budget_ios;
	return w->done_bytes >= w->budget_bytes ||
	       (w->budget_ios && w->done_ios >= w->budget_ios);
}
/* wf has its whole region again: a new loop, or time_based going round. */
void pick_renew(struct worker *w, struct wfile *wf);
void pick_lfsr_init(struct worker *w, struct wfile *wf);
/* read_iolog: the unit just picked waits for its time in the log (not
 * with replay_no_stall); a sync first waits for what is in flight.  0, or
 * -1 when the job failed. */
int pick_replay_wait(struct worker *w, struct unit *un);
/* A block size of b that fits in room; 0 when even the smallest does not. */
uint64_t pick_len(struct worker *w, const struct bs_dir *b, uint64_t room);

/* ------------------------------------------------------------ wbuf.c */

/* The buffers: len bytes (w->buffers, w->buf_len) where mem= says, aligned
 * as iomem_align says; 0 or a negative errno (the job has failed). */
int wbuf_alloc(struct worker *w, size_t len);
void wbuf_free(struct worker *w);
/* Each unit's first data, the dedupe working set, w->wprep. */
void wbuf_setup(struct worker *w);
/* Fill len bytes with the next write's data (refill_buffers). */
void wbuf_fill(struct worker *w, void *buf, size_t len);
/* un, filled for direction dir, gets its write data (w->wprep only). */
void wbuf_prepare(struct worker *w, struct unit *un, unsigned int dir);

/* -------------------------------------------------------- woffload.c */

/* io_submit_mode=offload: the submitter thread started (0, or -errno: w
 * failed), stopped and joined; a unit handed to it; the done ones taken
 * back, at least min of them unless *to (NULL: no limit) passes. */
int woff_setup(struct worker *w);
void woff_free(struct worker *w);
void woff_submit(struct worker *w, struct unit *un);
int woff_reap(struct worker *w, unsigned int min, unsigned int max, struct plio_io_u **done,
	      const struct timespec *to);

/* ----------------------------------------------------------- wpace.c */

void wpace_setup(struct worker *w);
/* The job's I/O is over: its flow weight no longer counts. */
void wpace_end(struct worker *w);
/* un (picked) waits for its direction's schedule; think time and the
 * rate minimums are seen to first.  0, or -1 when the job failed. */
int wpace_before(struct worker *w, struct unit *un);
/* Wait until the clock reads `due` (ns), reaping what is in flight
 * meanwhile: 0, or -1 when the job failed. */
int wpace_wait_until(struct worker *w, uint64_t due);
/* latency_target: a completion of latency lat (ns). */
void wpace_lat(struct worker *w, uint64_t lat);
/* A mixed job's direction d, or the other when d is ahead of its rate and
 * the other is due (fio's). */
unsigned int wpace_dir(struct worker *w, unsigned int d);
/* Reap at least one completion, waiting at most *ts (loop.c): what a
 * paced unit does while it waits.  The count, or -1 (the job failed). */
int loop_reap_wait(struct worker *w, const struct timespec *ts);

/* ------------------------------------------------------------ loop.c */

/*
 * One pass over the job's files; returns when every file is done, the job
 * has issued all it should, or time is up.
 */
void loop_pass(struct worker *w);

/* Reap everything in flight. */
int loop_drain(struct worker *w);
/* fsync (or fdatasync) f through the engine, after everything in flight. */
int loop_sync_file(struct worker *w, struct plio_file *f, unsigned int ddir,
		     bool counted);
/* The deadline passed, or the runner asked this job to stop (exitall). */
static inline bool loop_time_up(const struct worker *w, uint64_t now)
{
	return (w->deadline_ns && now >= w->deadline_ns) ||
	       __atomic_load_n(w->stop_asked, __ATOMIC_RELAXED);
}
/* The job is to end now: it stopped itself (job_done, an error), its
 * deadline passed, or the runner asked (the host's job_stopping). */
static inline bool loop_stopping(const struct worker *w)
{
	return w->stop || loop_time_up(w, w->deadline_ns ? clock_ns() : 0);
}

/* --------------------------------------------------------- wverify.c */

/* Set verify up (nothing without verify=): 0, or -EIO (w failed). */
int wverify_setup(struct worker *w);
void wverify_free(struct worker *w);
/* A picked unit: a write gets its verify data, a read to check is
 * marked.  0; 1 when the unit is not to be issued (verify_only's
 * writes); or -EIO. */
int wverify_prepare(struct worker *w, struct unit *un);
/* A verifier's own checksum context and scratch; NULL (w failed). */
struct vchecker *wverify_checker_new(struct worker *w);
void wverify_checker_free(struct vchecker *ck);
/* Check un, a read to check that came back whole, with ck (the caller's
 * own: any thread may): 1 good; 0 bad, its lines logged; -1 the checksum
 * library failed. */
int wverify_check(struct worker *w, struct vchecker *ck, struct unit *un);
/* A bad read checked elsewhere fails as the worker's own check fails it
 * (EILSEQ; loop.c). */
void loop_verify_failed(struct worker *w, struct unit *un);

/* verify_async (wvasync.c): threads started (0, or -errno: w failed);
 * stopped and joined; a read to check handed to one (its unit kept);
 * the checked ones taken back (with wait: at least one, when any is out;
 * -1 when the job has stopped); all of them taken back. */
int wvasync_setup(struct worker *w);
void wvasync_free(struct worker *w);
void wvasync_hand(struct worker *w, struct unit *un);
int wvasync_harvest(struct worker *w, bool wait);
int wvasync_drain(struct worker *w);
/* A loop begins: what experimental_verify replays it from. */
void wverify_loop_start(struct worker *w);
/* verify_backlog (and trim_backlog): a batch is due: what is in flight is
 * drained and the batch begins.  0 when none was due, 1 after a drain
 * (units read from the free list before are stale), or -EIO. */
int wverify_backlog(struct worker *w);
/* The read-back pass: the next block written this loop, as a read;
 * false at its end (a backlog batch's end: w->verifying is then false). */
bool wverify_pick(struct worker *w, struct unit *un);
/* Read back what this loop wrote (do_verify); false when there was
 * nothing to read back. */
bool wverify_pass(struct worker *w);
/* verify_state_save: a write marked UNIT_VNOTE completed. */
void wverify_note_write(struct worker *w, struct unit *un);
/* verify_state_save: write the state file now (the job ends, a loop). */
void wverify_save(struct worker *w);
/* A read marked UNIT_VCHECK came back whole: check it; false when bad (after
 * a line per bad interval). */
bool wverify_done(struct worker *w, struct unit *un);
#endif
