/*
 * iolog.c - reading fio's I/O logs for read_iolog (see iolog.h).
 *
 * A line is split from its end, so file names may hold spaces: the last
 * two fields of an I/O line are its offset and length, the one before is
 * the action, a version 3 line's first field its time, and what is left
 * the file name.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "plan/iolog.h"

static const char *const acts[] = { "read", "write", "trim", "sync", "datasync" };

void iolog_free(struct iolog *l)
{
	unsigned int i;

	for (i = 0; i < l->nfiles; i++)
		free(l->files[i]);
	free(l->files);
	free(l->extent);
	free(l->e);
	free(l->name);
	memset(l, 0, sizeof(*l));
}

/* The last whitespace-separated field of s[0..*len), cut off: *len shrinks
 * to what is before it.  NULL when there is none. */
static char *last_field(char *s, size_t *len)
{
	size_t end = *len, start;

	while (end && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	if (!end)
		return NULL;
	start = end;
	while (start && s[start - 1] != ' ' && s[start - 1] != '\t')
		start--;
	s[end] = '\0';
	*len = start;
	while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
		(*len)--;
	return s + start;
}

/* A decimal number, the whole of t (by hand: strtoull's locale handling
 * was 70% of a log's reading). */
static int num(const char *t, uint64_t *out)
{
	uint64_t v = 0;
	unsigned int n;

	if (!t || !*t)
		return -EINVAL;
	/* up to 19 digits cannot pass 2^64; 20 may */
	for (n = 0; t[n]; n++) {
		if (t[n] < '0' || t[n] > '9' || n == 20)
			return -EINVAL;
		if (n == 19 && (v > UINT64_MAX / 10 || v * 10 > UINT64_MAX - (uint64_t)(t[n] - '0')))
			return -EINVAL;
		v = v * 10 + (uint64_t)(t[n] - '0');
	}
	*out = v;
	return 0;
}

struct reader {
	struct iolog *l;
	const struct iolog_opts *o;
	unsigned long line;
	uint64_t clock;		/* version 2: the sum of the waits so far */
	uint64_t cap;		/* entries allocated */
	unsigned int fcap;
	char **added;		/* the names added, in the log's words */
	unsigned int nadded;
	struct perr *e;
};

static int bad(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad(struct reader *r, const char *fmt, ...)
{
	char what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return perr_set(r->e, "read_iolog '%s': line %lu: %s", r->l->name, r->line, what);
}

/* The index of file name in the log's files; -1: never added. */
static int file_index(struct reader *r, const char *name)
{
	unsigned int i;

	for (i = 0; i < r->nadded; i++)
		if (!strcmp(r->added[i], name))
			return r->o->redirect ? 0 : (int)i;
	return -1;
}

static int add_file(struct reader *r, const char *name)
{
	struct iolog *l = r->l;
	char **a;

	if (file_index(r, name) >= 0)
		return 0;	/* again: the same file */
	a = realloc(r->added, (r->nadded + 1) * sizeof(*a));
	if (!a)
		return -ENOMEM;
	r->added = a;
	a[r->nadded] = strdup(name);
	if (!a[r->nadded])
		return -ENOMEM;
	r->nadded++;
	if (r->o->redirect && l->nfiles)
		return 0;	/* every file is the redirect's */
	if (l->nfiles == r->fcap) {
		unsigned int n = r->fcap ? r->fcap * 2 : 4;
		char **f = realloc(l->files, n * sizeof(*f));
		uint64_t *x = f ? realloc(l->extent, n * sizeof(*x)) : NULL;

		if (f)
			l->files = f;
		if (!x)
			return -ENOMEM;
		l->extent = x;
		r->fcap = n;
	}
	l->files[l->nfiles] = strdup(r->o->redirect ? r->o->redirect : name);
	if (!l->files[l->nfiles])
		return -ENOMEM;
	l->extent[l->nfiles++] = 0;
	return 0;
}

static int add_io(struct reader *r, int file, unsigned int act, uint64_t due, uint64_t off,
		  uint64_t len)
{
	struct iolog *l = r->l;
	struct iolog_entry *x;

	if (r->o->skip & (1u << act))
		return 0;
	if (act <= IOLOG_TRIM) {
		off /= r->o->scale;
		if (r->o->align)
			off -= off % r->o->align;
		if (off + len < off)
			return bad(r, "%s: offset and length pass the largest file size", acts[act]);
		if (off + len > l->extent[file])
			l->extent[file] = off + len;
		l->bytes += len;
		if (len > l->max_len)
			l->max_len = len;
	} else {
		off = len = 0;
	}
	if (l->n == r->cap) {
		uint64_t n = r->cap ? r->cap * 2 : 1024;

		x = realloc(l->e, n * sizeof(*x));
		if (!x)
			return -ENOMEM;
		l->e = x;
		r->cap = n;
	}
	l->count[act]++;
	l->e[l->n++] = (struct iolog_entry){ .due_us = due, .offset = off, .length = len,
					     .file = (uint32_t)file, .act = (uint8_t)act };
	return 0;
}

static int parse_line(struct reader *r, char *s)
{
	size_t len = strlen(s);
	char *f[3] = { NULL, NULL, NULL }, *act, *name;
	uint64_t ts = 0, off = 0, n = 0;
	unsigned int a, k = 0;
	int file;

	while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		s[--len] = '\0';
	while (*s == ' ' || *s == '\t')
		s++, len--;
	if (!len)
		return 0;	/* an empty line */
	/* up to three fields from the end: [OFFSET LENGTH] ACTION; a line
	 * that ends in a word (add, open, close) has only its action */
	while (k < 3 && (f[k] = last_field(s, &len)))
		if (k++ == 0 && (*f[0] < '0' || *f[0] > '9'))
			break;
	act = f[k - 1];
	s[len] = '\0';		/* what is left: [TIME] FILE */
	if (k == 3) {		/* ACTION OFFSET LENGTH */
		if (num(f[1], &off) || num(f[0], &n))
			return bad(r, "'%s' is not ACTION OFFSET LENGTH", act);
	} else if (k != 1 || !len) {
		return bad(r, "%s", "not a line of a fio I/O log");
	}
	if (r->l->version == 3) {
		char *sp = strpbrk(s, " \t");

		if (!sp || sp - s >= (long)len)
			return bad(r, "%s", "a version 3 line starts with its time (us)");
		*sp = '\0';
		if (num(s, &ts))
			return bad(r, "'%s' is not a time (us)", s);
		s = sp + 1;
		while (*s == ' ' || *s == '\t')
			s++;
		len = strlen(s);
	}
	name = s;
	if (!*name)
		return bad(r, "%s", "no file name");
	if (!strcmp(act, "add"))
		return add_file(r, name) ? -ENOMEM : 0;
	file = file_index(r, name);
	if (file < 0)
		return bad(r, "file '%s' was never added (an 'add' line comes first)", name);
	if (!strcmp(act, "open") || !strcmp(act, "close"))
		return 0;	/* plio opens a file when its I/O comes */
	if (!strcmp(act, "wait") && k == 3) {
		/* version 2: wait OFFSET microseconds; under 100 ignored */
		if (r->l->version == 3)
			return bad(r, "%s", "'wait' is version 2's (version 3 lines carry their time)");
		if (off >= 100)
			r->clock += off;
		return 0;
	}
	for (a = 0; a < sizeof(acts) / sizeof(acts[0]); a++)
		if (!strcmp(act, acts[a]))
			break;
	if (a == sizeof(acts) / sizeof(acts[0]) || (k != 3 && a <= IOLOG_TRIM))
		return bad(r, "'%s' is not an action (add, open, close, read, write, trim, sync, datasync, wait)",
			   act);
	if (a <= IOLOG_TRIM && !n)
		return bad(r, "%s of 0 bytes", acts[a]);
	return add_io(r, file, a, r->l->version == 3 ? ts : r->clock, off, n);
}

/* A blktrace file begins with its magic ("eat" and a version byte). */
static int is_blktrace(const char *head, size_t n)
{
	return n >= 4 && (unsigned char)head[0] < 0x10 && head[1] == 't' && head[2] == 'a' &&
	       head[3] == 'e';
}

int iolog_load(const char *path, const struct iolog_opts *o, struct iolog *out,
	       struct perr *e)
{
	struct reader r = { .l = out, .o = o, .e = e };
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	int rc = 0;
	unsigned int i;

	memset(out, 0, sizeof(*out));
	out->name = strdup(path);
	if (!out->name)
		return perr_setrc(e, -ENOMEM, "out of memory");
	f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		rc = perr_setrc(e, -errno, "read_iolog '%s': cannot open: %s", path,
				strerror(errno));
		iolog_free(out);
		return rc;
	}
	n = getline(&buf, &cap, f);
	r.line = 1;
	if (n > 0 && !strcmp(buf, "fio version 2 iolog\n"))
		out->version = 2;
	else if (n > 0 && !strcmp(buf, "fio version 3 iolog\n"))
		out->version = 3;
	else if (n > 0 && is_blktrace(buf, (size_t)n))
		rc = perr_set(e, "read_iolog '%s': a blktrace file: plio replays fio's version 2 and 3 I/O logs, not blktrace",
			      path);
	else
		rc = perr_set(e, "read_iolog '%s': %s", path,
			      n < 0 ? "empty: not a fio I/O log" :
			      "not a fio I/O log (its first line is not 'fio version 2 iolog' or 'fio version 3 iolog')");
	while (!rc && (n = getline(&buf, &cap, f)) > 0) {
		r.line++;
		if (memchr(buf, '\0', (size_t)n))
			rc = bad(&r, "%s", "binary data");
		else
			rc = parse_line(&r, buf);
		if (rc == -ENOMEM)
			perr_set(e, "out of memory reading read_iolog '%s'", path);
	}
	if (!rc && ferror(f))
		rc = perr_setrc(e, -EIO, "read_iolog '%s': read failed: %s", path, strerror(errno));
	if (!rc && !out->n)
		rc = perr_set(e, "read_iolog '%s': no I/O to replay", path);
	free(buf);
	if (f != stdin)
		fclose(f);
	for (i = 0; i < r.nadded; i++)
		free(r.added[i]);
	free(r.added);
	if (rc)
		iolog_free(out);
	return rc;
}
