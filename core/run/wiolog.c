/*
 * wiolog.c - write_iolog: every I/O a worker issues, in fio's version 3
 * I/O log ("fio version 3 iolog"; lines "USEC FILE add|open|close" and
 * "USEC FILE read|write|trim|sync|datasync OFFSET LENGTH", microseconds
 * since the job's start), which read_iolog (plio's or fio's) replays.
 *
 * The file is opened for appending, as fio's (a second run adds a second
 * log).  Lines are made in a buffer of the worker's, by hand (no stdio,
 * no lock) and written whole, a buffer at a time, so clones that share a
 * log never tear each other's lines.  Cost per I/O: one clock read and a
 * line of decimal digits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "run/wstate.h"

#define WIOLOG_BUF (256 * 1024)

struct wiolog {
	int fd;
	char *path;		/* the log's file (a rank's tagged) */
	char *buf;
	size_t len;
	uint64_t t0;		/* the job's start (ns) */
	int err;		/* the first write's failure (errno) */
};

static void flush(struct wiolog *l)
{
	size_t done = 0;
	ssize_t n;

	while (!l->err && done < l->len) {
		n = write(l->fd, l->buf + done, l->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			l->err = n < 0 ? errno : EIO;
		else
			done += (size_t)n;
	}
	l->len = 0;
}

static char *put_u64(char *p, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* One line: "USEC PATH WHAT[ OFFSET LENGTH]". */
static void line(struct wiolog *l, const char *path, const char *what, bool io, uint64_t off,
		 uint64_t len)
{
	size_t plen = strlen(path), wlen = strlen(what);
	char *p;

	if (l->len + plen + wlen + 80 > WIOLOG_BUF)
		flush(l);
	if (plen + wlen + 80 > WIOLOG_BUF)
		return;		/* cannot be: paths are shorter */
	p = put_u64(l->buf + l->len, (clock_ns() - l->t0) / 1000);
	*p++ = ' ';
	memcpy(p, path, plen);
	p += plen;
	*p++ = ' ';
	memcpy(p, what, wlen);
	p += wlen;
	if (io) {
		*p++ = ' ';
		p = put_u64(p, off);
		*p++ = ' ';
		p = put_u64(p, len);
	}
	*p++ = '\n';
	l->len = (size_t)(p - l->buf);
}

int wiolog_setup(struct worker *w)
{
	static const char head[] = "fio version 3 iolog\n";
	char path[4096];
	struct wiolog *l;
	unsigned int i;

	if (!w->pj->write_iolog)
		return 0;
	/* a plio-mpi rank logs to X.TAG */
	if (plan_out_name(w->shape, path, sizeof(path), w->pj->write_iolog, "") < 0)
		return worker_fail(w, ENAMETOOLONG, "write_iolog '%s': the name is too long",
				   w->pj->write_iolog);
	l = calloc(1, sizeof(*l));
	if (l) {
		l->buf = malloc(WIOLOG_BUF);
		l->path = strdup(path);
	}
	if (!l || !l->buf || !l->path) {
		if (l) {
			free(l->buf);
			free(l->path);
		}
		free(l);
		return worker_fail(w, ENOMEM, "out of memory for write_iolog");
	}
	w->ilog = l;
	l->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (l->fd < 0)
		return worker_fail(w, errno, "write_iolog '%s': cannot open: %s", path,
				   strerror(errno));
	l->t0 = clock_ns();
	memcpy(l->buf, head, sizeof(head) - 1);
	l->len = sizeof(head) - 1;
	for (i = 0; i < w->nr_files; i++)
		line(l, w->files[i].f.path, "add", false, 0, 0);
	return 0;
}

void wiolog_note(struct worker *w, const struct plio_io_u *u)
{
	static const char *const what[] = {
		[PLIO_DDIR_READ] = "read", [PLIO_DDIR_WRITE] = "write",
		[PLIO_DDIR_TRIM] = "trim", [PLIO_DDIR_SYNC] = "sync",
		[PLIO_DDIR_DATASYNC] = "datasync",
	};

	if (u->ddir <= PLIO_DDIR_DATASYNC)
		line(w->ilog, u->file->path, what[u->ddir], true, u->offset, u->length);
}

void wiolog_file(struct worker *w, const struct plio_file *f, bool open)
{
	if (w->ilog && w->ilog->fd >= 0)
		line(w->ilog, f->path, open ? "open" : "close", false, 0, 0);
}

void wiolog_finish(struct worker *w)
{
	struct wiolog *l = w->ilog;

	if (!l)
		return;
	if (l->fd >= 0) {
		flush(l);
		if (close(l->fd) && !l->err)
			l->err = errno;
		if (l->err)
			worker_fail(w, l->err, "write_iolog '%s': write failed: %s",
				    l->path, strerror(l->err));
	}
	free(l->path);
	free(l->buf);
	free(l);
	w->ilog = NULL;
}
