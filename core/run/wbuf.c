/*
 * wbuf.c - the worker's I/O buffers: where they live (mem=, iomem_align,
 * hugepage-size) and what its writes carry (zero_buffers, refill_buffers,
 * scramble_buffers, buffer_compress_percentage/_chunk, dedupe_percentage
 * with dedupe_mode and its working set, buffer_pattern).
 *
 * Every buffer's data is made from a 64-bit seed, and buffer number i made
 * afresh has seed mix(base + i): the same seed gives the same bytes, so a
 * write that repeats an earlier buffer (dedupe) takes that buffer's seed
 * instead of a new one, and no copy of old data is kept.  The working set
 * is the job's first buffers (as fio's), or with dedupe_global a range of
 * seeds every such job shares; dedupe_mode=repeat takes the seed of the
 * last buffer made afresh.
 *
 * What the hot path pays: nothing unless w->wprep, which is set only when
 * writes need their buffer touched (refill, scramble, or a mixed job's
 * write after a read overwrote the buffer); engines that move no data
 * (PLIO_CAP_FAKEIO) never have it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#include "base/clock.h"
#include "run/wbuf.h"
#include "run/wstate.h"

#define SECTOR 512u

static uint64_t pow2_at_least(uint64_t v)
{
	uint64_t p = 1;

	while (p < v && p < (1ull << 62))
		p <<= 1;
	return p;
}

static uint64_t round_up(uint64_t v, uint64_t to)
{
	return (v + to - 1) / to * to;
}

/* What the system has of huge pages, for the message when none are had. */
static long huge_pages_free(void)
{
	FILE *f = fopen("/proc/sys/vm/nr_hugepages", "r");
	long n = -1;

	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

static int mem_fail(struct worker *w, const char *how, int err)
{
	const struct plan_buffers *pb = &w->shape->buf;
	bool huge = pb->mem == MEM_SHMHUGE || pb->mem == MEM_MMAPHUGE;
	long nr = huge ? huge_pages_free() : -1;

	if (huge && nr >= 0)
		return worker_fail(w, err, "mem: %s of %zu bytes failed: %s (huge pages reserved: %ld, see /proc/sys/vm/nr_hugepages and hugepage-size)",
				   how, w->wb.map_len, strerror(err), nr);
	return worker_fail(w, err, "mem: %s of %zu bytes failed: %s", how, w->wb.map_len,
			   strerror(err));
}

/* mem=mmap:FILE, mmaphuge:FILE: the file backs the buffers; clones after
 * the first use FILE.N, so no two workers share their buffers (nor two
 * plio-mpi ranks: FILE.TAG, FILE.TAG.N, by plan_out_name). */
static int map_file(struct worker *w, const char *file)
{
	struct wbuf *b = &w->wb;
	const char *tag = w->shape->rank_tag;
	size_t n = strlen(file) + (tag ? strlen(tag) + 1 : 0) + 24;
	char clone[24] = "";
	int fd, err;

	b->file = malloc(n);
	if (!b->file)
		return worker_fail(w, ENOMEM, "out of memory");
	if (w->pj->clone)
		snprintf(clone, sizeof(clone), ".%u", w->pj->clone);
	(void)plan_out_name(w->shape, b->file, n, file, clone);	/* n is room enough */
	fd = open(b->file, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		err = errno;
		worker_fail(w, err, "mem: file '%s': %s", b->file, strerror(err));
		free(b->file);
		b->file = NULL;
		return -err;
	}
	if (ftruncate(fd, (off_t)b->map_len)) {
		err = errno;
		close(fd);
		return worker_fail(w, err, "mem: file '%s': cannot make it %zu bytes: %s",
				   b->file, b->map_len, strerror(err));
	}
	b->map = mmap(NULL, b->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	err = errno;
	close(fd);
	if (b->map == MAP_FAILED) {
		b->map = NULL;
		return mem_fail(w, "mmap of the file", err);
	}
	return 0;
}

static int map_memory(struct worker *w)
{
	const struct plan_buffers *pb = &w->shape->buf;
	struct wbuf *b = &w->wb;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS, err;

	switch (pb->mem) {
	case MEM_SHM:
	case MEM_SHMHUGE:
		b->shmid = shmget(IPC_PRIVATE, b->map_len, IPC_CREAT | 0600 |
				  (pb->mem == MEM_SHMHUGE ? SHM_HUGETLB : 0));
		if (b->shmid < 0)
			return mem_fail(w, "shmget", errno);
		b->map = shmat(b->shmid, NULL, 0);
		err = errno;
		/* gone with the last detach: a crash leaves no segment behind */
		shmctl(b->shmid, IPC_RMID, NULL);
		if (b->map == (void *)-1) {
			b->map = NULL;
			return mem_fail(w, "shmat", err);
		}
		return 0;
	case MEM_MMAP:
	case MEM_MMAPHUGE:
		if (pb->mem_file)
			return map_file(w, pb->mem_file);
		if (pb->mem == MEM_MMAPHUGE)
			flags |= MAP_HUGETLB;
		break;
	case MEM_MMAPSHARED:
		flags = MAP_SHARED | MAP_ANONYMOUS;
		break;
	default:
		b->map = malloc(b->map_len);
		return b->map ? 0 : worker_fail(w, ENOMEM, "out of memory for %zu bytes of buffers",
					      b->map_len);
	}
	b->map = mmap(NULL, b->map_len, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (b->map == MAP_FAILED) {
		b->map = NULL;
		return mem_fail(w, "mmap", errno);
	}
	return 0;
}

int wbuf_alloc(struct worker *w, size_t len)
{
	const struct plan_buffers *pb = &w->shape->buf;
	struct wbuf *b = &w->wb;
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), align = pb->align, room;
	uintptr_t start;

	b->shmid = -1;
	/* the first buffer sits `align` past a boundary of a power of two
	 * above it: aligned to `align`, and (for a power of two) to nothing
	 * larger, so iomem_align=512 really gives 512-byte alignment; with
	 * no iomem_align, a page */
	room = align ? pow2_at_least(2 * align) : page;
	if (room < page)
		room = page;
	b->map_len = (size_t)round_up((uint64_t)len + align + room, page);
	if (pb->mem == MEM_SHMHUGE || pb->mem == MEM_MMAPHUGE)
		b->map_len = (size_t)round_up(b->map_len, pb->huge);
	if (map_memory(w))
		return -ENOMEM;
	start = ((uintptr_t)b->map + room - 1) / room * room + (uintptr_t)align;
	w->buffers = (void *)start;
	w->buf_len = len;
	return 0;
}

void wbuf_free(struct worker *w)
{
	struct wbuf *b = &w->wb;

	if (b->map) {
		switch (w->shape->buf.mem) {
		case MEM_SHM:
		case MEM_SHMHUGE:
			shmdt(b->map);
			break;
		case MEM_MALLOC:
			free(b->map);
			break;
		default:
			munmap(b->map, b->map_len);
		}
	}
	if (b->file) {
		unlink(b->file);
		free(b->file);
	}
	b->map = NULL;
	b->file = NULL;
	w->buffers = NULL;
}

/* ------------------------------------------------------------ contents */

/* A seed's own bytes: different seeds, unrelated data. */
uint64_t wbuf_seed_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static void fill_random(struct rand_state *r, char *p, size_t len)
{
	uint64_t v;

	for (; len >= sizeof(v); p += sizeof(v), len -= sizeof(v)) {
		v = rand_next(r);
		memcpy(p, &v, sizeof(v));
	}
	if (len) {
		v = rand_next(r);
		memcpy(p, &v, len);
	}
}

/* The compressible part: zeroes, or the pattern from its start. */
static void fill_plain(const struct plan_buffers *pb, char *p, size_t len)
{
	size_t k;

	if (!pb->pattern_len) {
		memset(p, 0, len);
		return;
	}
	for (k = 0; k < len; k++)
		p[k] = (char)pb->pattern[k % pb->pattern_len];
}

/* In each chunk, (100 - compress_pct)% random bytes then the rest zeroes
 * (or the pattern), as fio lays them out; without compression, the
 * pattern, else zeroes (zero_buffers), else random bytes. */
void wbuf_data(const struct plan_buffers *pb, uint64_t seed, void *buf, size_t len)
{
	struct rand_state r;
	size_t chunk, rnd;
	char *p = buf;

	if (!pb->compress_pct && (pb->zero || pb->pattern_len)) {
		fill_plain(pb, p, len);
		return;
	}
	rand_seed(&r, seed);
	if (!pb->compress_pct) {
		fill_random(&r, p, len);
		return;
	}
	chunk = pb->compress_chunk && pb->compress_chunk < len ? (size_t)pb->compress_chunk : len;
	while (len) {
		if (chunk > len)
			chunk = len;
		rnd = chunk * (100 - pb->compress_pct) / 100;
		fill_random(&r, p, rnd);
		fill_plain(pb, p + rnd, chunk - rnd);
		p += chunk;
		len -= chunk;
	}
}

/* The seed of the next buffer: an earlier one's (dedupe) or a new one. */
static uint64_t next_seed(struct worker *w)
{
	const struct plan_buffers *pb = &w->shape->buf;
	struct wbuf *b = &w->wb;

	if (pb->dedupe_pct && rand_below(&b->dedupe, 100) < pb->dedupe_pct) {
		if (pb->dedupe_mode == DEDUPE_WORKING_SET)
			return wbuf_seed_mix(b->ws_base + rand_below(&b->dedupe, b->ws_n));
		if (b->made)
			return wbuf_seed_mix(b->base + b->made - 1);
	}
	return wbuf_seed_mix(b->base + b->made++);
}

void wbuf_fill(struct worker *w, void *buf, size_t len)
{
	wbuf_data(&w->shape->buf, next_seed(w), buf, len);
}

/*
 * scramble_buffers: each 512 bytes of the write get its own offset in one
 * of their first eight 64-byte lines and the time at the end of the first,
 * so no two writes carry the same block (fio's layout).
 */
static void scramble(char *p, uint64_t len, uint64_t off)
{
	uint64_t now = clock_coarse_ns(), t[2] = { now / 1000000000ull, now % 1000000000ull };
	unsigned int line = (unsigned int)((t[1] ^ off) & 7);
	uint64_t i;

	for (i = 0; i + SECTOR <= len; i += SECTOR, off += SECTOR) {
		memcpy(p + i + line * 64u, &off, sizeof(off));
		memcpy(p + i + 64 - sizeof(t), t, sizeof(t));
	}
}

void wbuf_prepare(struct worker *w, struct unit *un, unsigned int dir)
{
	const struct plan_buffers *pb = &w->shape->buf;

	if (dir != DIR_WRITE) {
		un->buf_read = dir == DIR_READ;
		return;
	}
	if (pb->refill) {
		wbuf_fill(w, un->u.buf, (size_t)un->u.length);
	} else {
		/* a mixed job's read left its data in the buffer */
		if (un->buf_read && w->wtemplate)
			memcpy(un->u.buf, w->wtemplate, (size_t)un->u.length);
		if (pb->scramble)
			scramble(un->u.buf, un->u.length, un->u.offset);
	}
	un->buf_read = false;
}

void wbuf_setup(struct worker *w)
{
	const struct plan_buffers *pb = &w->shape->buf;
	struct wbuf *b = &w->wb;
	uint64_t bs = w->shape->max_bs, region = 0;
	unsigned int i;

	rand_seed(&b->dedupe, w->pj->seeds[PLAN_RAND_DIRECTION] ^ 0x6465647570650000ull);
	/* jobs' clones 0 share their seeds: the job's index keeps their
	 * data apart */
	b->base = wbuf_seed_mix(w->pj->seeds[PLAN_RAND_DIRECTION] ^ 0x6275666665727300ull) ^
		  wbuf_seed_mix(w->pj->spec_index);
	/* the working set is the job's first buffers (as fio's); with
	 * dedupe_global, a set every such job shares */
	b->ws_base = pb->dedupe_global ? 0x676c6f62616c0000ull : b->base;
	for (i = 0; i < w->nr_files; i++)
		region += w->pj->files[i].size;
	b->ws_n = region / (w->shape->min_bs ? w->shape->min_bs : 1) * pb->ws_pct / 100;
	if (!b->ws_n)
		b->ws_n = 1;
	if (w->eng->caps & PLIO_CAP_FAKEIO)
		return;		/* the engine moves no data: pages untouched */
	for (i = 0; i < w->shape->iodepth; i++)
		wbuf_fill(w, (char *)w->buffers + (size_t)i * bs, (size_t)bs);
	if (w->wtemplate)
		memcpy(w->wtemplate, w->buffers, (size_t)bs);
	/* writes touch their buffer only when there is something to do */
	w->wprep = pb->refill || pb->scramble || w->wtemplate;
}
