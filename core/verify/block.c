/*
 * block.c - fill a written block with verify data, check one read back,
 * and say what a bad one holds (block.h).
 */
#include "config.h"

#include <endian.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/rand.h"
#include "verify/block.h"

/* The sectors a torn write leaves whole: the smallest a device writes. */
#define VSECTOR 512u

/*
 * An interval's data: random from the write's seed and the interval's
 * offset, so any interval can be made again on its own (little-endian
 * words).  data_start() sets r up; data_next() makes the next len bytes
 * (len a multiple of 8 but for the last call).
 */
static void data_start(struct rand_state *r, uint64_t seed, uint64_t off)
{
	rand_seed(r, seed ^ (off * 0x9e3779b97f4a7c15ull));
}

static void data_next(struct rand_state *r, uint8_t *p, size_t len)
{
	uint64_t v;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		v = htole64(rand_next(r));
		memcpy(p + i, &v, 8);
	}
	if (i < len) {
		v = htole64(rand_next(r));
		memcpy(p + i, &v, len - i);
	}
}

static size_t interval_of(uint64_t interval, size_t len)
{
	return interval && interval < len ? (size_t)interval : len;
}

/* One repetition of the pattern with each %o pasted: the I/O's offset,
 * 8 bytes little-endian (fio's). */
static void pattern_rep(const struct vcheck *vc, uint64_t io_off, uint8_t *rep)
{
	unsigned int k, b;

	memcpy(rep, vc->pattern, vc->pattern_len);
	for (k = 0; vc->fmt && k < vc->fmt->n; k++)
		for (b = 0; b < 8 && vc->fmt->at[k] + b < vc->pattern_len; b++)
			rep[vc->fmt->at[k] + b] = (uint8_t)(io_off >> (8 * b));
}

/* buf[0, len) from the pattern, phase q0 (rep: pattern_rep's). */
static void pattern_fill(const struct vcheck *vc, const uint8_t *rep, uint8_t *buf,
			 size_t len, size_t q0)
{
	size_t done = 0, pl = vc->pattern_len;

	while (done < len) {
		size_t ph = (q0 + done) % pl, n = pl - ph;

		if (n > len - done)
			n = len - done;
		memcpy(buf + done, rep + ph, n);
		done += n;
	}
}

/* verify_offset: the header's bytes and those at hdr_at change places. */
static void swap_header(const struct vcheck *vc, uint8_t *p)
{
	size_t hl = vtype_hdr_len(vc->type), i;

	for (i = 0; i < hl; i++) {
		uint8_t t = p[i];

		p[i] = p[vc->hdr_at + i];
		p[vc->hdr_at + i] = t;
	}
}

int vblock_fill(const struct vcheck *vc, uint8_t *buf, size_t len, uint64_t off,
		const struct vwrite *w)
{
	size_t iv = interval_of(vc->interval, len), hl = vtype_hdr_len(vc->type), pos;
	uint8_t rep[PATTERN_MAX];
	struct vhdr h = {
		.magic = VHDR_MAGIC, .type = vtype_fio(vc->type),
		.rand_seed = vc->pattern ? 0 : w->seed,
		.time_sec = w->sec, .time_nsec = w->nsec, .thread = w->thread,
		.numberio = (uint16_t)w->numberio,
	};

	if (vc->pattern) {
		/* the whole block, phase from its start; headers go over it */
		pattern_rep(vc, off, rep);
		pattern_fill(vc, rep, buf, len, 0);
		if (vc->pattern_only)
			return 0;
	}
	for (pos = 0; pos + hl <= len; pos += iv) {
		size_t n = len - pos < iv ? len - pos : iv;
		uint8_t *p = buf + pos;

		if (!vc->pattern) {
			struct rand_state r;

			data_start(&r, w->seed, off + pos);
			data_next(&r, p + hl, n - hl);
		}
		if (vtype_field(vc->type, vc->csum, p + hl, n - hl, p + VHDR_LEN))
			return -1;
		h.len = (uint32_t)n;
		h.offset = off + pos;
		vhdr_encode(p, &h);
		h.crc32 = vhdr_crc(p);
		vhdr_encode(p, &h);
		if (vc->hdr_at)
			swap_header(vc, p);
	}
	return 0;
}

/* How the data of an interval differs from what seed makes: how many
 * bytes, the first and the last (from the data's start). */
struct vdiff {
	size_t n, first, last;
};

static void data_compare(const struct vcheck *vc, const uint8_t *blk, size_t len,
			 uint64_t off, uint64_t io_off, uint64_t seed, struct vdiff *d)
{
	size_t hl = vc->pattern_only ? 0 : vtype_hdr_len(vc->type), n = len - hl, i, k;
	uint8_t want[VSECTOR], rep[PATTERN_MAX];
	struct rand_state r;

	memset(d, 0, sizeof(*d));
	if (vc->pattern)
		pattern_rep(vc, io_off, rep);
	else
		data_start(&r, seed, off);
	for (i = 0; i < n; i += VSECTOR) {
		size_t m = n - i < VSECTOR ? n - i : VSECTOR;

		/* made again a sector at a time: nothing allocated */
		if (vc->pattern)
			pattern_fill(vc, rep, want, m, (size_t)(off - io_off) + hl + i);
		else
			data_next(&r, want, m);
		for (k = 0; k < m; k++)
			if (want[k] != blk[hl + i + k]) {
				if (!d->n)
					d->first = i + k;
				d->last = i + k;
				d->n++;
			}
	}
}

/* Whether the data differs from plio's for this seed in some bytes, not
 * all (all: another tool's data). */
static bool data_damaged(const struct vcheck *vc, const uint8_t *blk, size_t len,
			 uint64_t off, uint64_t seed)
{
	struct vdiff d;

	data_compare(vc, blk, len, off, off, seed, &d);
	return d.n && d.n * 10 < (len - vtype_hdr_len(vc->type)) * 9;
}

/* Whether the data after hl bytes of p is the pattern (sets b). */
static bool pattern_ok(const struct vcheck *vc, const uint8_t *p, size_t n, uint64_t io_off,
		       struct vbad *b)
{
	struct vdiff d;

	if (!vc->pattern)
		return true;
	data_compare(vc, p, n, b->offset, io_off, 0, &d);
	if (!d.n)
		return true;
	b->kind = VB_PATTERN;
	return false;
}

/* One interval: 0 when good, else the kind of fault in b. */
static int check_interval(const struct vcheck *vc, uint8_t *p, size_t n, uint64_t off,
			  uint64_t io_off, struct vbad *b)
{
	size_t hl = vtype_hdr_len(vc->type), fl = vtype_field_len(vc->type);
	struct vhdr *h = &b->hdr;

	memset(b, 0, sizeof(*b));
	b->offset = off;
	b->io_off = io_off;
	b->len = (uint32_t)n;
	if (vc->pattern_only)
		return pattern_ok(vc, p, n, io_off, b) ? 0 : (int)b->kind;
	if (vc->hdr_at)
		swap_header(vc, p);
	vhdr_decode(p, h);
	/* fio's order: magic, len, offset, numberio, crc; then the type */
	if (h->magic != VHDR_MAGIC)
		b->kind = VB_MAGIC;
	else if (n >= VHDR_V341_LEN && vhdr_is_v341(p, &b->intact))
		b->kind = VB_V341;
	else if (h->len != n)
		b->kind = VB_LEN;
	else if (h->offset != off)
		b->kind = VB_OFFSET;
	else if (vc->numberio && h->numberio != vc->numberio_want)
		b->kind = VB_NUMBERIO;
	else if (h->crc32 != (b->crc_calc = vhdr_crc(p)))
		b->kind = VB_CRC;
	else if (h->type != vtype_fio(vc->type))
		b->kind = VB_TYPE;
	if (b->kind) {
		b->numberio_want = vc->numberio_want;
		return b->kind;
	}
	if (fl) {
		if (vtype_field(vc->type, vc->csum, p + hl, n - hl, b->got))
			return -1;
		if (memcmp(b->got, p + VHDR_LEN, fl)) {
			b->kind = VB_FIELD;
			b->field_len = fl;
			memcpy(b->want, p + VHDR_LEN, fl);
			return b->kind;
		}
	}
	/* with a pattern the data is known: checked whole (fio checks it
	 * only with verify=meta) */
	if (!pattern_ok(vc, p, n, io_off, b))
		return b->kind;
	/* fio 3.33's sha512 field covers at most 128 bytes of the data:
	 * data plio wrote is made again from the seed and compared whole
	 * (data another tool wrote is not plio's: nothing of it matches,
	 * and the field is all there is) */
	if (vc->type == VT_SHA512 && !vc->pattern &&
	    data_damaged(vc, p, n, off, h->rand_seed)) {
		b->kind = VB_DATA;
		return b->kind;
	}
	return 0;
}

int vblock_check(const struct vcheck *vc, uint8_t *buf, size_t len, uint64_t off,
		 struct vbad *bad, unsigned int max)
{
	size_t iv = vc->pattern_only ? len : interval_of(vc->interval, len);
	size_t hl = vc->pattern_only ? 0 : vtype_hdr_len(vc->type), pos;
	struct vbad scratch;
	int nbad = 0;

	for (pos = 0; pos + hl <= len && pos < len; pos += iv) {
		size_t n = len - pos < iv ? len - pos : iv;
		struct vbad *b = (unsigned int)nbad < max ? &bad[nbad] : &scratch;
		int rc = check_interval(vc, buf + pos, n, off + pos, off, b);

		if (rc < 0)
			return -1;
		if (!rc)
			continue;
		nbad++;
		if (vc->stop_first)
			break;
	}
	return nbad;
}

/* ---------------------------------------------------------- explaining */

/* p's bytes [from, from + 16) at most, in memory order as fio prints
 * them */
static void hex(char *out, size_t size, const uint8_t *p, size_t n, size_t from)
{
	size_t i;

	if (n > from + 16)
		n = from + 16;
	for (i = from; i < n && 2 * (i - from) + 3 <= size; i++)
		snprintf(out + 2 * (i - from), 3, "%02x", p[i]);
}

/*
 * "written by job 2 (write #17) at 2026-12-06 02:15:53.123 UTC".  plio
 * stores the time of day; fio 3.33 by default its own clock from when it
 * started, which is printed as seconds.
 */
static void writer(const struct vhdr *h, char *out, size_t size)
{
	time_t t = (time_t)h->time_sec;
	unsigned int ms = h->time_nsec / 1000000u % 1000u;
	char when[80] = "";
	struct tm tm;

	if (h->time_sec >= 1000000000u && gmtime_r(&t, &tm)) {
		strftime(when, sizeof(when), " at %Y-%m-%d %H:%M:%S", &tm);
		snprintf(when + strlen(when), sizeof(when) - strlen(when), ".%03u UTC", ms);
	} else if (h->time_sec || h->time_nsec) {
		snprintf(when, sizeof(when), " at %u.%03u s of its writer's clock", h->time_sec, ms);
	}
	snprintf(out, size, "written by job %u (write #%u)%s", h->thread, h->numberio, when);
}

/*
 * What the data of b's interval holds against what its header's seed
 * makes: intact (the field alone is damaged), a few bytes changed, whole
 * sectors of other data (torn), or nothing of it (another writer).
 */
static void data_diff(const struct vcheck *vc, const struct vbad *b, const uint8_t *blk,
		      char *out, size_t size)
{
	size_t hl = vc->pattern_only ? 0 : vtype_hdr_len(vc->type), n = b->len - hl, ndiff, first, last;
	struct vdiff d;

	data_compare(vc, blk, b->len, b->offset, b->io_off, b->hdr.rand_seed, &d);
	ndiff = d.n;
	first = d.first;
	last = d.last;
	if (!ndiff) {
		snprintf(out, size, "; the data is as written: the stored %s itself is damaged",
			 vtype_name(vc->type));
	} else if (ndiff * 10 >= n * 9) {
		snprintf(out, size, vc->pattern ? "; none of the data is the pattern: written with another one, or replaced" :
			 "; none of the data is what this header's seed makes: written by another tool (fio), or replaced");
	} else if ((hl + first) % VSECTOR == 0 && ((hl + last + 1) % VSECTOR == 0 || last + 1 == n) &&
		   ndiff * 2 >= last + 1 - first) {
		snprintf(out, size, "; bytes %zu to %zu (whole %u-byte sectors) hold other data: a torn write (parts of two writes)",
			 hl + first, hl + last, VSECTOR);
	} else {
		snprintf(out, size, "; %zu byte%s differ%s from what was written, the first at byte %zu of the interval: damage",
			 ndiff, ndiff == 1 ? "" : "s", ndiff == 1 ? "s" : "", hl + first);
	}
}

void vbad_explain(const struct vcheck *vc, const struct vbad *b, const uint8_t *blk,
		  char *line, size_t size)
{
	const struct vhdr *h = &b->hdr;
	char who[192], a[40] = "", c[40] = "", more[256] = "", at[96] = "";
	size_t from;
	int t;

	writer(h, who, sizeof(who));
	switch (b->kind) {
	case VB_PATTERN:
		data_diff(vc, b, blk, more, sizeof(more));
		snprintf(line, size, "offset %" PRIu64 ", length %u: the data is not verify_pattern's%s%s",
			 b->offset, b->len, vc->pattern_only ? "" : " (the header is good: ",
			 vc->pattern_only ? more : who);
		if (!vc->pattern_only)
			snprintf(line + strlen(line), size - strlen(line), ")%s", more);
		return;
	case VB_MAGIC:
		snprintf(line, size, "offset %" PRIu64 ", length %u: no verify header (magic 0x%04x, not 0xacca): never written, or overwritten by something else",
			 b->offset, b->len, h->magic);
		return;
	case VB_LEN:
		snprintf(line, size, "offset %" PRIu64 ", length %u: the header says length %u (%s): written with another block size or verify_interval",
			 b->offset, b->len, h->len, who);
		return;
	case VB_OFFSET:
		snprintf(line, size, "offset %" PRIu64 ", length %u: holds the block written for offset %" PRIu64 " (%s): a misdirected write, or a read from the wrong place",
			 b->offset, b->len, h->offset, who);
		return;
	case VB_NUMBERIO:
		snprintf(line, size, "offset %" PRIu64 ", length %u: holds write #%u of this block where the last was #%u (%s): %s",
			 b->offset, b->len, h->numberio, b->numberio_want, who,
			 (uint16_t)(b->numberio_want - h->numberio) < 0x8000 ?
			 "a lost write (an older write is still there)" :
			 "a write plio does not know of");
		return;
	case VB_CRC:
		snprintf(line, size, "offset %" PRIu64 ", length %u: the header is damaged (its crc32c is 0x%08x, its bytes give 0x%08x)",
			 b->offset, b->len, h->crc32, b->crc_calc);
		return;
	case VB_V341:
		t = vtype_from_fio(h->type >> 8);
		snprintf(line, size, "offset %" PRIu64 ", length %u: a verify header of fio 3.41 or later (version 0x%02x, verify=%s, its crc32c %s): that 48-byte layout is not fio 3.33's, which plio writes and reads; check this data with the fio that wrote it",
			 b->offset, b->len, h->type & 0xff, t >= 0 ? vtype_name((enum vtype)t) : "unknown",
			 b->intact ? "good" : "bad");
		return;
	case VB_TYPE:
		t = vtype_from_fio(h->type);
		snprintf(line, size, "offset %" PRIu64 ", length %u: written with verify=%s (type %u), not %s (%s)",
			 b->offset, b->len, t >= 0 ? vtype_name((enum vtype)t) : "unknown", h->type,
			 vtype_name(vc->type), who);
		return;
	case VB_DATA:
		data_diff(vc, b, blk, more, sizeof(more));
		snprintf(line, size, "offset %" PRIu64 ", length %u: sha512: the field matches (fio 3.33's covers 128 bytes of the data), the data does not (%s)%s",
			 b->offset, b->len, who, more);
		return;
	case VB_FIELD:
		/* a long field from its first differing 8 bytes */
		for (from = 0; from < b->field_len && b->want[from] == b->got[from]; from++)
			;
		from = b->field_len > 16 ? (from & ~(size_t)7) : 0;
		if (from + 16 > b->field_len && b->field_len > 16)
			from = b->field_len - 16;
		hex(a, sizeof(a), b->want, b->field_len, from);
		hex(c, sizeof(c), b->got, b->field_len, from);
		if (b->field_len > 16)
			snprintf(at, sizeof(at), " (bytes %zu to %zu of %zu)", from, from + 15,
				 b->field_len);
		data_diff(vc, b, blk, more, sizeof(more));
		snprintf(line, size, "offset %" PRIu64 ", length %u: %s: expected %s, received %s%s (%s)%s",
			 b->offset, b->len, vtype_name(vc->type), a, c, at, who, more);
		return;
	}
	snprintf(line, size, "offset %" PRIu64 ", length %u: bad", b->offset, b->len);
}
