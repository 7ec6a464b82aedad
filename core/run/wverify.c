/*
 * wverify.c - verify= in the worker: each write carries verify data, each
 * loop's writes are read back and checked after it (do_verify), and a job
 * that only reads checks every block it reads.
 *
 * The write log holds one entry per write of the loop, in the order they
 * were issued (fio reads back in write order).  It is reserved once, as
 * address space for every block of the job's regions, and only the pages
 * used are ever touched: nothing is allocated per I/O.  Checking is off
 * the hot path of jobs without verify (one test of w->vfy per I/O).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "base/log.h"
#include "run/wstate.h"
#include "verify/block.h"

/* A block written this loop, to read back. */
struct vlog_entry {
	uint64_t offset;	/* in the file */
	uint64_t seed;
	uint64_t numberio;
	uint32_t len;
	uint32_t file;		/* index in w->files */
};

/* Bad intervals described per block read back; the count says the rest. */
#define VBAD_MAX 8

struct wverify {
	struct vcheck vc;
	struct rand_state seeds;	/* each write's data seed */
	struct vlog_entry *log;
	size_t log_bytes;		/* reserved */
	size_t n, cap;			/* entries this loop, room */
	size_t next;			/* the next to read back */
	uint64_t numberio;		/* the job's writes so far */
	uint16_t thread;		/* the job's number in the run, from 1 */
	bool after_write;
	bool check_reads;
	bool only;			/* verify_only */
	uint64_t backlog, batch;	/* verify_backlog, _batch */
	uint64_t since;			/* writes since the last backlog check */
	size_t upto;			/* a backlog batch reads back to here */
	size_t skip_to;			/* and the rest of the backlog up to
					 * here is not read (batch < backlog) */
	bool in_batch;			/* w->verifying for a backlog batch */
	uint8_t *received;		/* verify_dump: a block as read, before
					 * the check swaps headers back */
	uint8_t *expected;		/* and as it was written */
	struct vbad bad[VBAD_MAX];
};

int wverify_setup(struct worker *w)
{
	const struct plan_verify *pv = &w->shape->verify;
	struct wverify *v;
	char why[256];
	uint64_t blocks = 0;
	unsigned int i;
	int cs;

	if (pv->type < 0)
		return 0;
	v = calloc(1, sizeof(*v));
	if (!v)
		return worker_fail(w, ENOMEM, "out of memory for verify");
	w->vfy = v;
	v->vc.type = (enum vtype)pv->type;
	v->vc.interval = pv->interval;
	v->vc.stop_first = pv->fatal;
	v->vc.hdr_at = pv->hdr_at;
	v->vc.pattern_only = pv->pattern_only;
	if (pv->pattern_len) {
		v->vc.pattern = pv->pattern;
		v->vc.pattern_len = pv->pattern_len;
		v->vc.fmt = &pv->fmt;
	}
	v->after_write = pv->after_write;
	v->check_reads = pv->check_reads;
	v->only = pv->only;
	v->backlog = pv->backlog;
	v->batch = pv->batch;
	v->thread = (uint16_t)(w->pj->index + 1);
	rand_seed(&v->seeds, w->pj->seeds[PLAN_RAND_DIRECTION] ^ 0x7665726966790000ull);
	cs = vtype_csum(v->vc.type);
	if (cs >= 0) {
		v->vc.csum = csum_ctx_new((enum csum_type)cs, why, sizeof(why));
		if (!v->vc.csum)
			return worker_fail(w, ENOTSUP, "verify=%s: %s", vtype_name(v->vc.type), why);
	}
	if (pv->dump) {
		v->received = malloc(w->shape->max_bs ? w->shape->max_bs : 1);
		v->expected = malloc(w->shape->max_bs ? w->shape->max_bs : 1);
		if (!v->received || !v->expected)
			return worker_fail(w, ENOMEM, "out of memory for verify_dump's buffers");
	}
	if (!v->after_write)
		return 0;
	/* every block of every region, once: a loop writes no more (the
	 * random map and sequential passes visit each block once) */
	for (i = 0; i < w->nr_files; i++)
		blocks += w->files[i].f.io_size / (w->shape->min_bs ? w->shape->min_bs : 1) + 1;
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
	return 0;
}

void wverify_free(struct worker *w)
{
	struct wverify *v = w->vfy;

	if (!v)
		return;
	if (v->log)
		munmap(v->log, v->log_bytes);
	free(v->received);
	free(v->expected);
	csum_ctx_free(v->vc.csum);
	free(v);
	w->vfy = NULL;
}

/* A write: its data and headers, remembered for the read-back. */
static int prepare_write(struct worker *w, struct wverify *v, struct unit *un)
{
	struct timespec now;
	struct vwrite vw;

	vw.seed = rand_next(&v->seeds);
	vw.numberio = v->numberio++;
	v->since++;
	if (!v->only) {
		clock_gettime(CLOCK_REALTIME, &now);
		vw.thread = v->thread;
		vw.sec = (uint32_t)now.tv_sec;
		vw.nsec = (uint32_t)now.tv_nsec;
		if (vblock_fill(&v->vc, un->u.buf, un->u.length, un->u.offset, &vw))
			return worker_fail(w, EIO, "verify=%s: the checksum library failed",
					   vtype_name(v->vc.type));
	}
	un->vidx = SIZE_MAX;
	if (v->after_write) {
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
	}
	if (v->only) {
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
	un->vcheck = false;
	if (un->dir == DIR_WRITE)
		return prepare_write(w, v, un);
	if (un->dir == DIR_READ && v->check_reads) {
		un->vcheck = true;
		un->vidx = SIZE_MAX;
	}
	return 0;
}

bool wverify_pick(struct worker *w, struct unit *un)
{
	struct wverify *v = w->vfy;
	const struct vlog_entry *e;
	struct wfile *wf;

	if (v->in_batch && v->next >= v->upto) {
		/* the backlog batch is read: back to the workload */
		v->in_batch = false;
		w->verifying = false;
		v->next = v->skip_to;
		return false;
	}
	if (w->stop || v->next >= v->n)
		return false;
	e = &v->log[v->next];
	wf = &w->files[e->file];
	if (!wf->opened && worker_open_file(w, wf))
		return false;
	un->dir = DIR_READ;
	un->u.ddir = PLIO_DDIR_READ;
	un->u.file = &wf->f;
	un->u.offset = e->offset;
	un->u.length = e->len;
	un->u.result = 0;
	un->u.error = 0;
	un->vcheck = true;
	un->vidx = v->next++;
	w->st->issued[DIR_READ]++;
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

	if (!v->backlog || v->since < v->backlog || w->verifying || !v->after_write)
		return 0;
	v->since = 0;
	if (loop_drain(w))
		return -EIO;
	pending = v->n - v->next;
	v->upto = v->next + (pending < v->batch ? pending : (size_t)v->batch);
	v->skip_to = v->n;
	if (v->upto == v->next)
		return 0;
	v->in_batch = true;
	w->verifying = true;
	return 0;
}

bool wverify_pass(struct worker *w)
{
	struct wverify *v = w->vfy;

	v->in_batch = false;
	v->since = 0;
	if (!v->after_write || v->next >= v->n || w->stop) {
		v->n = v->next = 0;
		return false;
	}
	w->verifying = true;
	loop_pass(w);
	w->verifying = false;
	v->n = 0;
	v->next = 0;
	return true;
}

/* Write len bytes of p to PATH.SUFFIX; one line says where (or why not). */
static void dump_file(struct worker *w, const char *path, uint64_t off, const char *suffix,
		      const uint8_t *p, size_t len, const char *what)
{
	char name[4096];
	FILE *fp;

	snprintf(name, sizeof(name), "%s.%llu.%s", path, (unsigned long long)off, suffix);
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
static void dump_block(struct worker *w, const struct unit *un)
{
	struct wverify *v = w->vfy;
	size_t len = un->u.length;
	struct vwrite vw = { 0 };
	struct vhdr h;

	dump_file(w, un->u.file->path, un->u.offset, "received", v->received, len, "received");
	if (!v->vc.pattern_only) {
		uint8_t first[VHDR_LEN + VFIELD_MAX];
		size_t hl = vtype_hdr_len(v->vc.type);

		memcpy(first, v->received, hl);
		if (v->vc.hdr_at)
			memcpy(first, v->received + v->vc.hdr_at, hl);
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
	if (vblock_fill(&v->vc, v->expected, len, un->u.offset, &vw))
		return;
	dump_file(w, un->u.file->path, un->u.offset, "expected", v->expected, len, "expected");
}

/*
 * A read to check came back whole: its intervals checked.  true when all
 * are good; else a line for each bad one, and the caller fails the unit
 * with EILSEQ (fio's err=84), which continue_on_error=verify may let the
 * job go on after.
 */
bool wverify_done(struct worker *w, struct unit *un)
{
	struct wverify *v = w->vfy;
	const struct plio_file *f = un->u.file;
	char line[512];
	int nbad, i;

	if (un->vidx != SIZE_MAX && !v->only) {
		/* the write number is known only for this run's writes
		 * (fio checks it in the same case) */
		v->vc.numberio = true;
		v->vc.numberio_want = (uint16_t)v->log[un->vidx].numberio;
	} else {
		v->vc.numberio = false;
	}
	if (v->received)
		memcpy(v->received, un->u.buf, un->u.length);
	nbad = vblock_check(&v->vc, un->u.buf, un->u.length, un->u.offset, v->bad, VBAD_MAX);
	if (!nbad)
		return true;
	if (nbad < 0) {
		worker_fail(w, EIO, "verify=%s: the checksum library failed", vtype_name(v->vc.type));
		return true;
	}
	for (i = 0; i < nbad && i < VBAD_MAX; i++) {
		const struct vbad *b = &v->bad[i];

		vbad_explain(&v->vc, b, (const uint8_t *)un->u.buf + (b->offset - un->u.offset),
			     line, sizeof(line));
		log_error("job '%s': verify failed: file '%s': %s", w->shape->name, f->path, line);
	}
	if (nbad > VBAD_MAX)
		log_error("job '%s': verify failed: file '%s': %d more bad intervals in the %llu bytes at offset %llu",
			  w->shape->name, f->path, nbad - VBAD_MAX,
			  (unsigned long long)un->u.length, (unsigned long long)un->u.offset);
	if (v->received)
		dump_block(w, un);
	return false;
}
