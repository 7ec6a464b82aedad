/*
 * statlog.h - fio's per-job log files (write_lat_log, write_bw_log,
 * write_iops_log, write_hist_log), kept in memory while a worker runs.
 *
 * A worker owns its logs (they live beside its stats_run, not in shared
 * memory).  While it runs, entries are stored in binary form in chunks
 * that grow rarely (first chunk preallocated, each next one twice as
 * large): adding an entry is a few stores, with no allocation, locking or
 * formatting per I/O.  When the worker ends, statlog_write() formats every
 * entry into the file with fio 3.33's name and line format:
 *
 *   lat/clat/slat/bw/iops: "TIME, VALUE, DIR, BS, PRIO" or, with log_offset,
 *                          "TIME, VALUE, DIR, BS, OFFSET, PRIO"; with
 *                          log_issue_time ", ISSUE" after PRIO
 *     TIME ms since the measurement started; DIR 0 read, 1 write, 2 trim;
 *     PRIO "0"/"1" (1: real-time class) or, with log_prio, "0x%04x" (the
 *     ioprio value: class << 13 | level).  Latencies in ns, bandwidth in
 *     KiB/s, IOPS in I/O per second.  ISSUE: when the I/O was issued, ns
 *     since the measurement started (lat and clat logs; 0 elsewhere).
 *   clat_hist:             "TIME, DIR, BS, BIN0, ..., BIN1855"
 *     completion latencies counted in that interval, in fio's 1856 bins;
 *     with log_hist_coarseness=N each column sums 2^N neighbouring bins
 *     (1856 >> N columns), as fio's parsers expect.
 *
 * With an averaging window (log_avg_msec), one entry per direction and
 * window holds the window's mean (rounded) or, with log_window_value=max
 * (log_max_value=1), its largest value, or with log_window_value=both the
 * mean followed by the max in a column of its own; BS and OFFSET are 0
 * there, as in fio.  log_window_value and log_issue_time come from fio
 * releases after 3.33, which has neither.
 */
#ifndef PLIO_STATLOG_H
#define PLIO_STATLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STATLOG_DIRS 3		/* read, write, trim (DIR_NR of stats.h) */

enum statlog_kind {
	STATLOG_LAT,
	STATLOG_CLAT,
	STATLOG_SLAT,
	STATLOG_BW,
	STATLOG_IOPS,
	STATLOG_HIST,
	STATLOG_NR
};

/* fio's latency histogram layout (stat.h: FIO_IO_U_PLAT_BITS 6, 29
 * groups): what clat_hist logs carry, so fio's tools read plio's logs. */
#define STATLOG_PLAT_BITS 6
#define STATLOG_PLAT_VAL (1u << STATLOG_PLAT_BITS)
#define STATLOG_PLAT_NR (29 * STATLOG_PLAT_VAL)	/* 1856 */

/* fio's plat_val_to_idx(): bin of a latency in ns. */
static inline unsigned int statlog_plat_index(uint64_t ns)
{
	unsigned int msb, err, idx;

	if (ns < 2 * STATLOG_PLAT_VAL)	/* msb <= PLAT_BITS: exact */
		return (unsigned int)ns;
	msb = 63u - (unsigned int)__builtin_clzll(ns);
	err = msb - STATLOG_PLAT_BITS;
	idx = ((err + 1) << STATLOG_PLAT_BITS) +
	      (unsigned int)((ns >> err) & (STATLOG_PLAT_VAL - 1));
	return idx < STATLOG_PLAT_NR - 1 ? idx : STATLOG_PLAT_NR - 1;
}

/* log_window_value */
#define STATLOG_WIN_MEAN 0
#define STATLOG_WIN_MAX 1
#define STATLOG_WIN_BOTH 2

struct statlog_chunk {
	struct statlog_chunk *next;
	size_t used, cap;	/* in 64-bit words */
	uint64_t w[];
};

/* One averaging window of one direction (fio's avg_window/avg_last),
 * and what its last entry holds, for a window closing in the same ms. */
struct statlog_win {
	uint64_t n, max;
	double mean;
	uint64_t last_ms;	/* start of the window, ms */
	uint64_t *prev;		/* the direction's last entry; NULL: none */
	uint64_t prev_n, prev_max;
	double prev_mean;
};

struct statlog {
	char *path;
	enum statlog_kind kind;
	uint64_t avg_ms;	/* averaging window; 0: one entry per sample */
	unsigned int window;	/* STATLOG_WIN_*: what a window entry holds */
	bool offset;		/* log_offset: an OFFSET column */
	bool prio;		/* log_prio: PRIO as 0x%04x */
	bool issue;		/* log_issue_time: an ISSUE column */
	unsigned int words;	/* per plain entry: 4, 5 with log_issue_time */
	unsigned int hist_coarse; /* log_hist_coarseness: 2^N bins a column */
	bool append;		/* per_job_logs=0: jobs share the file, append */
	struct statlog_win win[STATLOG_DIRS];
	struct statlog_chunk *head, *tail;
	uint64_t entries;	/* entries stored */
	uint64_t dropped;	/* entries lost to a failed allocation */
};

/*
 * Set up an empty log that statlog_write() will write to `path` (copied).
 * Preallocates the first chunk.  Returns 0 or -ENOMEM.
 */
int statlog_init(struct statlog *l, enum statlog_kind kind, const char *path,
		 uint64_t avg_ms, unsigned int window, bool offset, bool prio,
		 bool issue, bool append);

/* Make room for n words; NULL (and one more dropped entry) only when a
 * new chunk cannot be allocated.  Out of line: runs once per chunk. */
uint64_t *statlog_grow(struct statlog *l, size_t n);

static inline uint64_t *statlog_reserve(struct statlog *l, size_t n)
{
	struct statlog_chunk *c = l->tail;
	uint64_t *p;

	if (c->used + n > c->cap)
		return statlog_grow(l, n);
	p = &c->w[c->used];
	c->used += n;
	l->entries++;
	return p;
}

/* Store one entry as is (no averaging): four words, five with the issue
 * time.  A window entry has no offset: its word holds the window's max.
 * Returns the entry's words, or NULL when it was lost (dropped). */
static inline uint64_t *statlog_put(struct statlog *l, uint64_t time_ms, uint64_t value,
				    unsigned int dir, uint64_t bs, uint64_t offset,
				    unsigned int prio, uint64_t issue_ns)
{
	uint64_t *p = statlog_reserve(l, l->words);

	if (!p)
		return NULL;
	p[0] = time_ms;
	p[1] = value;
	p[2] = offset;
	/* bs below 2^32 (fio's are), priority 16 bits, direction 8 */
	p[3] = (bs & 0xffffffffull) | (uint64_t)(prio & 0xffff) << 32 |
	       (uint64_t)(dir & 0xff) << 48;
	if (l->words > 4)
		p[4] = issue_ns;
	return p;
}

/* A window sample: fold it into dir's window and close the window when
 * avg_ms has passed (fio's add_log_sample).  No allocation but the
 * chunk store's. */
void statlog_window_add(struct statlog *l, uint64_t time_ms, uint64_t value,
			unsigned int dir);

/* One sample of a log: per I/O, or through the window when averaging. */
static inline void statlog_add(struct statlog *l, uint64_t time_ms, uint64_t value,
			       unsigned int dir, uint64_t bs, uint64_t offset,
			       unsigned int prio, uint64_t issue_ns)
{
	if (l->avg_ms)
		statlog_window_add(l, time_ms, value, dir);
	else
		statlog_put(l, time_ms, value, dir, bs, offset, prio, issue_ns);
}

/* One clat_hist entry: the nonzero bins of `bins` (STATLOG_PLAT_NR
 * counts), stored sparsely.  Called once per log_hist_msec. */
void statlog_hist_put(struct statlog *l, uint64_t time_ms, unsigned int dir,
		      uint64_t bs, const uint64_t *bins);

/* The run ended at time_ms: close the open windows (fio's finalize_logs). */
void statlog_finish(struct statlog *l, uint64_t time_ms);

/*
 * Format every entry into l->path (truncated, or appended to when
 * l->append).  Lines go out whole, in O_APPEND writes, so jobs sharing a
 * file never split each other's lines.  Returns 0 or a negative errno
 * with "file 'PATH': WHAT" in err.
 */
int statlog_write(const struct statlog *l, char *err, size_t errlen);

/* Format the entry at p (l->words words, not a hist entry) as one line
 * with its '\n'; returns the length (snprintf's contract). */
int statlog_format(const struct statlog *l, const uint64_t *p, char *buf, size_t len);

void statlog_free(struct statlog *l);

#endif
