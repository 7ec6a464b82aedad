/*
 * wverify.c - verify= in the worker: each write carries verify data, each
 * loop's writes are read back and checked after it (do_verify), and a job
 * that only reads checks every block it reads.
 *
 * The write log holds one entry per write of the loop, in the order they
 * were issued (fio reads back in write order).  It is reserved once, as
 * address space for every block of the job's regions, and only the pages
 * used are ever touched: nothing is allocated per I/O.  Jobs without
 * verify never reach this file: loop.c makes its pass twice, and theirs
 * has none of these hooks.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "base/log.h"
#include "run/wstate.h"
#include "verify/block.h"
#include "verify/state.h"

/* A block written this loop, to read back. */
struct vlog_entry {
	uint64_t offset;	/* in the file */
	uint64_t seed;
	uint64_t numberio;
	uint32_t len;
	uint32_t file;		/* index in w->files */
	bool trim;		/* trim_percentage chose it: trimmed before
				 * the read-back */
	bool trimmed;		/* ... and it was (trim_backlog) */
};

/* Bad intervals described per block read back; the count says the rest. */
#define VBAD_MAX 8
/* verify_state_save: the file is written every this many completed
 * writes (a crash loses at most these: they are not read back, never
 * read back wrongly), and when a loop or the job ends. */
#define SNAP_EVERY 64

/* One verifier's own means: the worker's, and each verify_async thread's. */
struct vchecker {
	struct vcheck vc;		/* its checksum context its own */
	struct vbad bad[VBAD_MAX];
	uint8_t *received;		/* verify_dump: a block as read, before
					 * the check swaps headers back */
	uint8_t *expected;		/* and as it was written */
};

struct wverify {
	struct vchecker ck;		/* the worker's (writes' fields too) */
	struct rand_state seeds;	/* each write's data seed */
	struct vlog_entry *log;
	size_t log_bytes;		/* reserved */
	size_t n, cap;			/* entries this loop, room */
	size_t next;			/* the next to read back */
	uint64_t numberio;		/* the job's writes so far */
	uint16_t thread;		/* the job's number in the run, from 1 */
	const struct plan_verify *pv;	/* the job's settings (its shape's) */
	/* trim_percentage: the chosen blocks trimmed, in write order, from
	 * log entry tnext up to tupto (trim_backlog: a batch, at most
	 * tleft trims, every trim_backlog writes) */
	bool trimming;
	struct rand_state trims;
	size_t tnext, tupto;
	uint64_t tleft, tsince;
	bool in_tbatch;
	/* experimental_verify: where the loop began, to replay it from */
	bool replaying;
	struct rand_state at_rnd, at_mix, at_frnd, at_bsr, at_seeds;
	uint64_t at_numberio, at_bytes, at_ios;
	uint64_t since;			/* writes since the last backlog check */
	size_t upto;			/* a backlog batch reads back to here */
	size_t skip_to;			/* and the rest of the backlog up to
					 * here is not read (batch < backlog) */
	bool in_batch;			/* w->verifying for a backlog batch */
	/* verify_state_save: each file's last `depth` completed writes,
	 * a ring per file; written to the state file every SNAP_EVERY */
	int state_fd;
	char state_path[512];
	struct vstate_comp *recent;	/* nr_files x depth */
	struct vstate_comp *gather;	/* the list as written */
	uint32_t *recent_n, *recent_head;
	uint8_t *state_buf;		/* the file's bytes, at most */
	uint64_t since_snap;
	/* overlapping writes: per file, per block, the log index + 1 of its
	 * last write (0: none); the read-back walks it in offset order */
	uint32_t **last;
	uint64_t *nblocks;
	unsigned int at_file;
	uint64_t at_block;
	bool overlap;
	uint64_t unchecked;		/* units of partly overwritten writes */
	/* verify_state_load: how far the saved run's writes got */
	bool replay_limit;
	struct vstate saved;
	struct vstate_comp *saved_comps;
};

/* fio's name for a clone's state file, in the current directory (with a
 * plio-mpi rank's tag: plan_vstate_name). */
static int state_name(struct worker *w, char *out, size_t size)
{
	if (plan_vstate_name(w->pj, out, size) < 0)
		return worker_fail(w, ENAMETOOLONG, "verify state file name '%s...' is too long",
				   out);
	return 0;
}

static int state_open(struct worker *w, struct wverify *v)
{
	size_t slots = (size_t)w->nr_files * w->shape->iodepth;

	if (state_name(w, v->state_path, sizeof(v->state_path)))
		return -ENAMETOOLONG;
	v->recent = calloc(slots ? slots : 1, sizeof(*v->recent));
	v->recent_n = calloc(w->nr_files ? w->nr_files : 1, sizeof(*v->recent_n));
	v->recent_head = calloc(w->nr_files ? w->nr_files : 1, sizeof(*v->recent_head));
	v->state_buf = malloc(vstate_size(slots));
	v->gather = calloc(slots ? slots : 1, sizeof(*v->gather));
	if (!v->recent || !v->recent_n || !v->recent_head || !v->state_buf || !v->gather)
		return worker_fail(w, ENOMEM, "out of memory for the verify state");
	v->state_fd = open(v->state_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	/* on by default: a folder plio cannot write to costs the state, not
	 * the job */
	if (v->state_fd < 0)
		log_warn("job '%s': verify_state_save: cannot create '%s': %s (no state is kept; verify_state_save=0 says so)",
			 w->shape->name, v->state_path, strerror(errno));
	return 0;
}

/* verify_state_load: the saved run's writes, and which of the last ones
 * completed. */
static int state_load(struct worker *w, struct wverify *v)
{
	char path[512], why[256];
	uint8_t *buf = NULL;
	ssize_t got = 0;
	size_t cap = 1 << 16;
	uint64_t i;
	int fd;

	if (state_name(w, path, sizeof(path)))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return worker_fail(w, errno, "verify_state_load: cannot open '%s': %s", path,
				   strerror(errno));
	for (;;) {
		uint8_t *nb = realloc(buf, cap);
		ssize_t n;

		if (!nb) {
			free(buf);
			close(fd);
			return worker_fail(w, ENOMEM, "verify_state_load: out of memory for '%s'", path);
		}
		buf = nb;
		n = read(fd, buf + got, cap - (size_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
		if ((size_t)got == cap)
			cap *= 2;
	}
	close(fd);
	if (vstate_decode(buf, (size_t)got, &v->saved, why, sizeof(why))) {
		free(buf);
		return worker_fail(w, EILSEQ, "verify_state_load: '%s': %s", path, why);
	}
	if (strcmp(v->saved.name, w->shape->name) || v->saved.index != w->pj->clone) {
		free(buf);
		return worker_fail(w, EINVAL, "verify_state_load: '%s' is the state of job '%s' clone %llu, not of this one",
				   path, v->saved.name, (unsigned long long)v->saved.index);
	}
	v->saved_comps = calloc(v->saved.n_comps ? v->saved.n_comps : 1, sizeof(*v->saved_comps));
	if (!v->saved_comps) {
		free(buf);
		return worker_fail(w, ENOMEM, "verify_state_load: out of memory");
	}
	for (i = 0; i < v->saved.n_comps; i++)
		v->saved_comps[i] = vstate_comp(buf, i);
	free(buf);
	v->replay_limit = true;
	return 0;
}

/* Write the state file: the writes issued, each file's last completed. */
void wverify_save(struct worker *w)
{
	struct wverify *v = w->vfy;
	struct vstate s = { 0 };
	unsigned int f, k, depth = w->shape->iodepth;
	size_t n = 0, len;

	if (!v || v->state_fd < 0)
		return;
	v->since_snap = 0;
	/* each file's ring, latest first */
	for (f = 0; f < w->nr_files; f++)
		for (k = 0; k < v->recent_n[f]; k++) {
			unsigned int at = (v->recent_head[f] + depth - 1 - k) % depth;

			v->gather[n++] = v->recent[(size_t)f * depth + at];
		}
	s.n_comps = n;
	s.depth = depth;
	s.nr_files = w->nr_files;
	s.writes = v->numberio;
	s.index = w->pj->clone;
	snprintf(s.name, sizeof(s.name), "%s", w->shape->name);
	vstate_encode(v->state_buf, &s, v->gather);
	len = vstate_size(n);
	if (pwrite(v->state_fd, v->state_buf, len, 0) != (ssize_t)len ||
	    ftruncate(v->state_fd, (off_t)len))
		log_warn("job '%s': verify_state_save: writing '%s': %s", w->shape->name,
			 v->state_path, strerror(errno));
}

void wverify_note_write(struct worker *w, struct unit *un)
{
	struct wverify *v = w->vfy;
	unsigned int f = un->u.file->index, depth = w->shape->iodepth;
	struct vstate_comp *c = &v->recent[(size_t)f * depth + v->recent_head[f]];

	c->file = f;
	c->offset = un->u.offset;
	v->recent_head[f] = (v->recent_head[f] + 1) % depth;
	if (v->recent_n[f] < depth)
		v->recent_n[f]++;
	if (++v->since_snap >= SNAP_EVERY)
		wverify_save(w);
}

/* Overlapping writes: a block map per file (address space only; the
 * pages the writes touch are the ones used). */
static int overlap_setup(struct worker *w, struct wverify *v)
{
	unsigned int f;

	v->overlap = true;
	v->last = calloc(w->nr_files ? w->nr_files : 1, sizeof(*v->last));
	v->nblocks = calloc(w->nr_files ? w->nr_files : 1, sizeof(*v->nblocks));
	if (!v->last || !v->nblocks)
		return worker_fail(w, ENOMEM, "out of memory for verify");
	for (f = 0; f < w->nr_files; f++) {
		void *m;

		v->nblocks[f] = w->files[f].f.io_size / w->shape->min_bs + 1;
		m = mmap(NULL, v->nblocks[f] * sizeof(**v->last), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (m == MAP_FAILED)
			return worker_fail(w, errno, "verify: no address space for the block map of '%s': %s",
					   w->files[f].f.path, strerror(errno));
		v->last[f] = m;
	}
	return 0;
}

/* ck as the job's settings say: 0, or the job has failed. */
static int checker_init(struct worker *w, struct vchecker *ck)
{
	const struct plan_verify *pv = &w->shape->verify;
	size_t bs = w->shape->max_bs ? (size_t)w->shape->max_bs : 1;
	char why[256];
	int cs;

	ck->vc.type = (enum vtype)pv->type;
	ck->vc.interval = pv->interval;
	ck->vc.stop_first = pv->fatal;
	ck->vc.hdr_at = pv->hdr_at;
	ck->vc.pattern_only = pv->pattern_only;
	if (pv->pattern_len) {
		ck->vc.pattern = pv->pattern;
		ck->vc.pattern_len = pv->pattern_len;
		ck->vc.fmt = &pv->fmt;
	}
	cs = vtype_csum(ck->vc.type);
	if (cs >= 0) {
		ck->vc.csum = csum_ctx_new((enum csum_type)cs, why, sizeof(why));
		if (!ck->vc.csum)
			return worker_fail(w, ENOTSUP, "verify=%s: %s", vtype_name(ck->vc.type), why);
	}
	if (pv->dump) {
		ck->received = malloc(bs);
		ck->expected = malloc(bs);
		if (!ck->received || !ck->expected)
			return worker_fail(w, ENOMEM, "out of memory for verify_dump's buffers");
	}
	return 0;
}

static void checker_fini(struct vchecker *ck)
{
	free(ck->received);
	free(ck->expected);
	csum_ctx_free(ck->vc.csum);
	memset(ck, 0, sizeof(*ck));
}

struct vchecker *wverify_checker_new(struct worker *w)
{
	struct vchecker *ck = calloc(1, sizeof(*ck));

	if (!ck) {
		worker_fail(w, ENOMEM, "out of memory for verify");
		return NULL;
	}
	if (checker_init(w, ck)) {
		wverify_checker_free(ck);
		return NULL;
	}
	return ck;
}

void wverify_checker_free(struct vchecker *ck)
{
	if (!ck)
		return;
	checker_fini(ck);
	free(ck);
}

int wverify_setup(struct worker *w)
{
	const struct plan_verify *pv = &w->shape->verify;
	struct wverify *v;
	uint64_t blocks = 0;
	unsigned int i;

	if (pv->type < 0)
		return 0;
	v = calloc(1, sizeof(*v));
	if (!v)
		return worker_fail(w, ENOMEM, "out of memory for verify");
	w->vfy = v;
	v->pv = pv;
	rand_seed(&v->trims, w->pj->seeds[PLAN_RAND_DIRECTION] ^ 0x7472696d00000000ull);
	v->thread = (uint16_t)(w->pj->index + 1);
	rand_seed(&v->seeds, w->pj->seeds[PLAN_RAND_DIRECTION] ^ 0x7665726966790000ull);
	v->state_fd = -1;
	if (checker_init(w, &v->ck))
		return -EIO;
	if (pv->state_save && state_open(w, v))
		return -EIO;
	if (pv->state_load && state_load(w, v))
		return -EIO;
	if (!v->pv->after_write)
		return 0;
	/* every block of every region, once: a loop writes no more (the
	 * random map and sequential passes visit each block once) */
	for (i = 0; i < w->nr_files; i++)
		blocks += w->files[i].f.io_size / (w->shape->min_bs ? w->shape->min_bs : 1) + 1;
	/* writes that may overlap are as many as the job's budget allows in
	 * one pass (without a map, a pass ends only when that is spent) */
	if (pv->overlap && w->budget_bytes / (w->shape->min_bs ? w->shape->min_bs : 1) > blocks)
		blocks = w->budget_bytes / (w->shape->min_bs ? w->shape->min_bs : 1) + w->nr_files;
	if (blocks > SIZE_MAX / sizeof(*v->log))
		return worker_fail(w, ENOMEM, "verify: no room to remember %llu blocks",
				   (unsigned long long)blocks);
	v->cap = (size_t)blocks;
	v->log_bytes = v->cap * sizeof(*v->log);
	v->log = mmap(NULL, v->log_bytes, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (v->log == MAP_FAILED) {
		v->log = NULL;
		return worker_fail(w, errno, "verify: no address space to remember %zu blocks: %s",
				   v->cap, strerror(errno));
	}
	if (pv->overlap && v->cap > UINT32_MAX)
		return worker_fail(w, ENOTSUP, "verify: %zu blocks is more than overlapping writes can be followed for",
				   v->cap);
	return pv->overlap ? overlap_setup(w, v) : 0;
}

void wverify_free(struct worker *w)
{
	struct wverify *v = w->vfy;

	if (!v)
		return;
	if (v->log)
		munmap(v->log, v->log_bytes);
	if (v->last) {
		unsigned int f;

		for (f = 0; f < w->nr_files; f++)
			if (v->last[f])
				munmap(v->last[f], v->nblocks[f] * sizeof(**v->last));
		free(v->last);
	}
	free(v->nblocks);
	if (v->state_fd >= 0) {
		wverify_save(w);
		close(v->state_fd);
	}
	free(v->recent);
	free(v->recent_n);
	free(v->recent_head);
	free(v->state_buf);
	free(v->gather);
	free(v->saved_comps);
	checker_fini(&v->ck);
	free(v);
	w->vfy = NULL;
}

/*
 * verify_state_load: whether write number i (at un) completed in the saved
 * run: before its last `depth` writes, or listed.  At the saved count the
 * workload ends.
 */
static bool replayed(struct worker *w, struct wverify *v, const struct unit *un, uint64_t i)
{
	uint64_t k, f = un->u.file->index;

	if (i >= v->saved.writes) {
		w->budget_bytes = w->done_bytes;	/* nothing after it */
		return false;
	}
	if (i + v->saved.depth < v->saved.writes)
		return true;
	for (k = 0; k < v->saved.n_comps; k++)
		if (v->saved_comps[k].file == f && v->saved_comps[k].offset == un->u.offset)
			return true;
	return false;
}

/* A write: its data and headers, remembered for the read-back. */
static int prepare_write(struct worker *w, struct wverify *v, struct unit *un)
{
	struct timespec now;
	struct vwrite vw;

	vw.seed = rand_next(&v->seeds);
	vw.numberio = v->numberio++;
	v->since++;
	v->tsince++;
	if (v->replaying) {
		/* experimental_verify: the write made again, as a read of
		 * what it wrote */
		un->dir = DIR_READ;
		un->u.ddir = PLIO_DDIR_READ;
		w->st->issued[DIR_WRITE]--;
		w->st->issued[DIR_READ]++;
		if (v->pv->overlap) {
			/* a later write of the block may have replaced this
			 * one: the block is checked as whatever write it
			 * holds (fio's) */
			un->vflags = UNIT_VCHECK;
			un->vidx = SIZE_MAX;
		} else {
			un->vflags = UNIT_VCHECK | UNIT_VNUM;
			un->vidx = (size_t)vw.numberio;
		}
		return 0;
	}
	if (!v->pv->only && !v->pv->pretend) {
		clock_gettime(CLOCK_REALTIME, &now);
		vw.thread = v->thread;
		vw.sec = (uint32_t)now.tv_sec;
		vw.nsec = (uint32_t)now.tv_nsec;
		if (vblock_fill(&v->ck.vc, un->u.buf, un->u.length, un->u.offset, &vw))
			return worker_fail(w, EIO, "verify=%s: the checksum library failed",
					   vtype_name(v->ck.vc.type));
	}
	un->vidx = SIZE_MAX;
	un->vflags = v->state_fd >= 0 ? UNIT_VNOTE : 0;
	if (v->replay_limit && !replayed(w, v, un, vw.numberio))
		return 1;
	if (v->pv->after_write && !v->pv->experimental) {
		struct vlog_entry *e;

		if (v->n == v->cap)
			return worker_fail(w, EIO, "verify: more writes in one loop than the job's blocks (%zu)",
					   v->cap);
		e = &v->log[v->n++];
		e->offset = un->u.offset;
		e->seed = vw.seed;
		e->numberio = vw.numberio;
		e->len = (uint32_t)un->u.length;
		e->file = ((struct wfile *)un->u.file)->f.index;
		e->trim = v->pv->trim_pct && rand_below(&v->trims, 100) < v->pv->trim_pct;
		e->trimmed = false;
		if (v->overlap) {
			const struct plio_file *f = un->u.file;
			uint64_t k = (un->u.offset - f->io_offset) / w->shape->min_bs;
			uint64_t end = k + un->u.length / w->shape->min_bs;

			/* each unit of the write: its last writer */
			for (; k < end; k++)
				v->last[f->index][k] = (uint32_t)v->n;
		}
	}
	if (v->pv->only) {
		/* verify_only: the write is remembered, not issued */
		w->st->issued[DIR_WRITE]--;
		return 1;
	}
	return 0;
}

int wverify_prepare(struct worker *w, struct unit *un)
{
	struct wverify *v = w->vfy;

	if (w->verifying)
		return 0;	/* wverify_pick made it */
	un->vflags = 0;
	if (un->dir == DIR_WRITE)
		return prepare_write(w, v, un);
	if (un->dir == DIR_READ && v->pv->check_reads) {
		un->vflags = UNIT_VCHECK;
		un->vidx = SIZE_MAX;
	}
	return 0;
}

/* un as a DIR_READ or DIR_TRIM of the block e wrote (its file opened if
 * it is not): false when it cannot be opened (the worker failed). */
static bool unit_of(struct worker *w, struct unit *un, const struct vlog_entry *e,
		    unsigned int dir)
{
	struct wfile *wf = &w->files[e->file];

	if (!wf->opened && worker_open_file(w, wf))
		return false;
	un->dir = dir;
	un->u.ddir = (uint8_t)dir;	/* DIR_* and PLIO_DDIR_* agree */
	un->u.file = &wf->f;
	un->u.offset = e->offset;
	un->u.length = e->len;
	un->u.result = 0;
	un->u.error = 0;
	w->st->issued[dir]++;
	return true;
}

/* Whether every unit of the write log[idx - 1], which starts at unit
 * first of file f, still has it as its last writer. */
static bool intact(struct worker *w, struct wverify *v, unsigned int f, uint64_t first,
		   uint32_t idx)
{
	uint64_t k, n = v->log[idx - 1].len / w->shape->min_bs;

	for (k = 0; k < n; k++)
		if (v->last[f][first + k] != idx)
			return false;
	return true;
}

/*
 * Overlapping writes: the next write to read back, in offset order, is
 * one that nothing overwrote, not even in part (v->next; false when none
 * is left).  A write partly overwritten by a later one of another size
 * cannot be checked (its checksum covers all of it): its surviving units
 * are counted, and the later write's are checked as that write.
 */
static bool overlap_next(struct worker *w, struct wverify *v)
{
	uint32_t idx;
	uint64_t first;
	const struct vlog_entry *e;

	for (;;) {
		if (v->at_file >= w->nr_files) {
			v->next = v->n;
			return false;
		}
		if (v->at_block >= v->nblocks[v->at_file]) {
			v->at_file++;
			v->at_block = 0;
			continue;
		}
		idx = v->last[v->at_file][v->at_block];
		if (!idx) {
			v->at_block++;
			continue;
		}
		e = &v->log[idx - 1];
		first = (e->offset - w->files[e->file].f.io_offset) / w->shape->min_bs;
		if (first != v->at_block || !intact(w, v, v->at_file, first, idx)) {
			v->last[v->at_file][v->at_block++] = 0;
			v->unchecked++;
			continue;
		}
		memset(&v->last[v->at_file][first], 0, e->len / w->shape->min_bs * sizeof(**v->last));
		v->at_block += e->len / w->shape->min_bs;
		v->next = idx - 1;
		return true;
	}
}

/* Whether log entry i is to be trimmed now: chosen, not yet trimmed, and
 * (overlapping writes) still all its units' last writer: trimming an
 * overwritten one would zero a later write's data. */
static bool trim_due(struct worker *w, struct wverify *v, size_t i)
{
	const struct vlog_entry *e = &v->log[i];

	if (!e->trim || e->trimmed)
		return false;
	return !v->overlap ||
	       intact(w, v, e->file, (e->offset - w->files[e->file].f.io_offset) / w->shape->min_bs,
		      (uint32_t)(i + 1));
}

bool wverify_pick(struct worker *w, struct unit *un)
{
	struct wverify *v = w->vfy;
	const struct vlog_entry *e;

	if (v->in_batch && v->next >= v->upto) {
		/* the backlog batch is read: back to the workload */
		v->in_batch = false;
		w->verifying = false;
		v->next = v->skip_to;
		return false;
	}
	if (v->trimming && !w->stop) {
		/* trim_percentage: the chosen blocks not trimmed yet, in
		 * write order */
		while (v->tnext < v->tupto && !trim_due(w, v, v->tnext))
			v->tnext++;
		if (v->tnext >= v->tupto || !v->tleft) {
			if (v->in_tbatch) {
				/* a trim_backlog batch is done: the workload
				 * goes on */
				v->in_tbatch = false;
				v->trimming = false;
				w->verifying = false;
			}
			return false;
		}
		e = &v->log[v->tnext++];
		if (!unit_of(w, un, e, DIR_TRIM))
			return false;
		v->log[v->tnext - 1].trimmed = true;
		v->tleft--;
		un->vflags = 0;
		return true;
	}
	if (w->stop || (!v->overlap && v->next >= v->n))
		return false;
	if (v->overlap && !overlap_next(w, v))
		return false;
	e = &v->log[v->next];
	if (!unit_of(w, un, e, DIR_READ))
		return false;
	un->vflags = e->trimmed ? UNIT_VCHECK | UNIT_VTRIM : UNIT_VCHECK;
	un->vidx = v->next++;
	return true;
}

/*
 * verify_backlog: after every `backlog` writes, once they completed, the
 * next `batch` of them not yet read back are (fio: the batch's default is
 * the backlog; a smaller one leaves the rest unread, a larger one reads
 * what there is).  0 when nothing is due or the batch began; -EIO.
 */
int wverify_backlog(struct worker *w)
{
	struct wverify *v = w->vfy;
	size_t pending;

	if (v->pv->trim_backlog && v->tsince >= v->pv->trim_backlog && !w->verifying &&
	    v->pv->after_write && v->pv->trim_pct && !v->replaying) {
		/* trim_backlog: the blocks chosen since the last batch, once
		 * their writes completed */
		v->tsince = 0;
		if (loop_drain(w))
			return -EIO;
		v->tupto = v->n;
		v->tleft = v->pv->trim_batch ? v->pv->trim_batch : UINT64_MAX;
		v->in_tbatch = true;
		v->trimming = true;
		w->verifying = true;
		return 1;
	}

	if (!v->pv->backlog || v->since < v->pv->backlog || w->verifying || !v->pv->after_write)
		return 0;
	v->since = 0;
	if (loop_drain(w))
		return -EIO;
	pending = v->n - v->next;
	v->upto = v->next + (pending < v->pv->batch ? pending : (size_t)v->pv->batch);
	v->skip_to = v->n;
	if (v->upto != v->next) {
		v->in_batch = true;
		w->verifying = true;
	}
	return 1;	/* drained: the units are all back */
}

void wverify_loop_start(struct worker *w)
{
	struct wverify *v = w->vfy;

	if (!v->pv->experimental)
		return;
	v->at_rnd = w->rnd;
	v->at_mix = w->mix;
	v->at_frnd = w->frnd;
	v->at_bsr = w->bsr;
	v->at_seeds = v->seeds;
	v->at_numberio = v->numberio;
	v->at_bytes = w->done_bytes;
	v->at_ios = w->done_ios;
}

/* experimental_verify: the loop once more from where it began, its
 * writes made again as checked reads (nothing was remembered). */
static bool replay_pass(struct worker *w, struct wverify *v)
{
	uint64_t bytes = w->done_bytes, ios = w->done_ios, numberio = v->numberio;
	uint64_t writes = w->writes;

	if (!v->pv->after_write || w->stop || v->numberio == v->at_numberio)
		return false;
	worker_restart_picks(w);
	w->rnd = v->at_rnd;
	w->mix = v->at_mix;
	w->frnd = v->at_frnd;
	w->bsr = v->at_bsr;
	v->seeds = v->at_seeds;
	v->numberio = v->at_numberio;
	w->done_bytes = v->at_bytes;
	w->done_ios = v->at_ios;
	w->writes = 0;		/* no fsync=N while replaying: nothing is written */
	v->replaying = true;
	loop_pass(w);
	v->replaying = false;
	w->writes = writes;
	/* what the loop did, as the workload counts it */
	w->done_bytes = bytes;
	w->done_ios = ios;
	v->numberio = numberio;
	return true;
}

bool wverify_pass(struct worker *w)
{
	struct wverify *v = w->vfy;

	if (v->pv->experimental)
		return replay_pass(w, v);
	if (v->pv->trim_pct && v->pv->after_write && v->n && !w->stop) {
		/* the chosen blocks trimmed first, all of them done before
		 * any is read back */
		v->tnext = 0;
		v->tupto = v->n;
		v->tleft = UINT64_MAX;
		v->trimming = true;
		w->verifying = true;
		loop_pass(w);
		v->trimming = false;
		w->verifying = false;
		v->tnext = 0;
		v->tsince = 0;
		if (w->stop)
			return true;
	}

	v->in_batch = false;
	v->since = 0;
	v->at_file = 0;
	v->at_block = 0;
	if (!v->pv->after_write || v->next >= v->n || w->stop) {
		v->n = v->next = 0;
		return false;
	}
	w->verifying = true;
	loop_pass(w);
	w->verifying = false;
	if (v->unchecked)
		log_info("job '%s': verify: %llu bytes were left by writes that later writes of another size partly overwrote: they were not checked (a write's checksum covers all of it)",
			 w->shape->name, (unsigned long long)(v->unchecked * w->shape->min_bs));
	v->unchecked = 0;
	v->n = 0;
	v->next = 0;
	return true;
}

/* Write len bytes of p to PATH.OFFSET.SUFFIX (PATH.OFFSET.TAG.SUFFIX for
 * a plio-mpi rank: plan_out_name); one line says where (or why not). */
static void dump_file(struct worker *w, const char *path, uint64_t off, const char *suffix,
		      const uint8_t *p, size_t len, const char *what)
{
	char name[4096], stem[4096], end[64];
	FILE *fp;

	snprintf(stem, sizeof(stem), "%s.%llu", path, (unsigned long long)off);
	snprintf(end, sizeof(end), ".%s", suffix);
	if (plan_out_name(w->shape, name, sizeof(name), stem, end) < 0) {
		log_error("job '%s': verify_dump: the name '%s...' is too long", w->shape->name,
			  name);
		return;
	}
	fp = fopen(name, "wb");
	if (!fp || fwrite(p, 1, len, fp) != len || fclose(fp)) {
		log_error("job '%s': verify_dump: cannot write '%s': %s", w->shape->name, name,
			  strerror(errno));
		if (fp)
			fclose(fp);
		return;
	}
	log_info("job '%s': verify_dump: %s data in '%s'", w->shape->name, what, name);
}

/*
 * verify_dump: the block as read, and as it was written: made again from
 * its first header's seed, write number, job and time (or, without a
 * header, from what the job remembers of the write), as fio does.
 */
static void dump_block(struct worker *w, struct vchecker *ck, const struct unit *un)
{
	struct wverify *v = w->vfy;
	size_t len = un->u.length;
	struct vwrite vw = { 0 };
	struct vhdr h;

	dump_file(w, un->u.file->path, un->u.offset, "received", ck->received, len, "received");
	if (!ck->vc.pattern_only) {
		uint8_t first[VHDR_LEN + VFIELD_MAX];
		size_t hl = vtype_hdr_len(ck->vc.type);

		memcpy(first, ck->received, hl);
		if (ck->vc.hdr_at)
			memcpy(first, ck->received + ck->vc.hdr_at, hl);
		vhdr_decode(first, &h);
		if (h.magic == VHDR_MAGIC) {
			vw.seed = h.rand_seed;
			vw.numberio = h.numberio;
			vw.thread = h.thread;
			vw.sec = h.time_sec;
			vw.nsec = h.time_nsec;
		} else if (un->vidx != SIZE_MAX) {
			vw.seed = v->log[un->vidx].seed;
			vw.numberio = v->log[un->vidx].numberio;
			vw.thread = v->thread;
		}
	}
	if (vblock_fill(&ck->vc, ck->expected, len, un->u.offset, &vw))
		return;
	dump_file(w, un->u.file->path, un->u.offset, "expected", ck->expected, len, "expected");
}

/* A trimmed block read back: zeroes (trim_verify_zero), or not checked. */
static bool trimmed_ok(struct worker *w, struct wverify *v, const struct unit *un)
{
	const uint8_t *p = un->u.buf;
	size_t i, n = 0, first = 0;

	if (!v->pv->trim_zero)
		return true;
	for (i = 0; i < un->u.length; i++)
		if (p[i] && !n++)
			first = i;
	if (!n)
		return true;
	log_error("job '%s': verify failed: file '%s': offset %llu, length %llu: trimmed, yet %zu byte%s not zero, the first at byte %zu: the trim was lost or only partly done",
		  w->shape->name, un->u.file->path, (unsigned long long)un->u.offset,
		  (unsigned long long)un->u.length, n, n == 1 ? " is" : "s are", first);
	return false;
}

/*
 * A read to check came back whole: its intervals checked with ck (the
 * worker's own, or a verify_async thread's: this may run on any thread
 * that owns its ck; it reads the verify log, never writes it).  1 when
 * all are good; 0 after a line for each bad one (the caller fails the
 * unit with EILSEQ, fio's err=84, which continue_on_error=verify may let
 * the job go on after); -1 when the checksum library failed.
 */
int wverify_check(struct worker *w, struct vchecker *ck, struct unit *un)
{
	struct wverify *v = w->vfy;
	const struct plio_file *f = un->u.file;
	char line[512];
	int nbad, i;

	if (v->pv->pretend)
		return 1;
	if (un->vflags & UNIT_VTRIM)
		return trimmed_ok(w, v, un);
	if (un->vflags & UNIT_VNUM) {
		ck->vc.numberio = true;
		ck->vc.numberio_want = (uint16_t)un->vidx;
	} else if (un->vidx != SIZE_MAX && !v->pv->only) {
		/* the write number is known only for this run's writes
		 * (fio checks it in the same case) */
		ck->vc.numberio = true;
		ck->vc.numberio_want = (uint16_t)v->log[un->vidx].numberio;
	} else {
		ck->vc.numberio = false;
	}
	if (ck->received)
		memcpy(ck->received, un->u.buf, un->u.length);
	nbad = vblock_check(&ck->vc, un->u.buf, un->u.length, un->u.offset, ck->bad, VBAD_MAX);
	if (nbad <= 0)
		return nbad < 0 ? -1 : 1;
	for (i = 0; i < nbad && i < VBAD_MAX; i++) {
		const struct vbad *b = &ck->bad[i];

		vbad_explain(&ck->vc, b, (const uint8_t *)un->u.buf + (b->offset - un->u.offset),
			     line, sizeof(line));
		log_error("job '%s': verify failed: file '%s': %s", w->shape->name, f->path, line);
	}
	if (nbad > VBAD_MAX)
		log_error("job '%s': verify failed: file '%s': %d more bad intervals in the %llu bytes at offset %llu",
			  w->shape->name, f->path, nbad - VBAD_MAX,
			  (unsigned long long)un->u.length, (unsigned long long)un->u.offset);
	if (ck->received)
		dump_block(w, ck, un);
	return 0;
}

/* The worker checks un itself (no verify_async): true when it is good. */
bool wverify_done(struct worker *w, struct unit *un)
{
	int rc = wverify_check(w, &w->vfy->ck, un);

	if (rc < 0)
		worker_fail(w, EIO, "verify=%s: the checksum library failed",
			    vtype_name(w->vfy->ck.vc.type));
	return rc != 0;
}
