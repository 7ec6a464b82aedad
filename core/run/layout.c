/*
 * layout.c - files laid out before the jobs start (see runner.h).
 *
 * On the main thread, before any worker: the folders of a file that does
 * not exist yet are created (as fio does), a file a job reads is written
 * up to the size its region needs (data, so reads read something), a file
 * a job writes is created and allocated as fallocate= says.  What a file
 * holds already is kept.  A SIGINT or SIGTERM stops the layout between
 * chunks; a file this run created and could not finish is removed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin/loader.h"
#include "run/runner.h"
#include "run/signals.h"
#include "run/wbuf.h"

/* "16MiB": v in the largest binary unit that holds it whole. */
static void size_str(uint64_t v, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned int u = 0;

	while (v >= 1024 && !(v % 1024) && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%llu%s", (unsigned long long)v, units[u]);
}

/*
 * Allocate [from, end) of fd as fallocate= says: none; native (fallocate,
 * nothing where the file system cannot); posix (posix_fallocate); keep
 * (allocated, the size unchanged); truncate (ftruncate to end).
 */
static int preallocate(int fd, int64_t mode, uint64_t from, uint64_t end)
{
	switch (mode) {
	case 1:
		if (fallocate(fd, 0, (off_t)from, (off_t)(end - from)) &&
		    errno != EOPNOTSUPP && errno != ENOSYS)
			return -errno;
		return 0;
	case 2:
		return -posix_fallocate(fd, (off_t)from, (off_t)(end - from));
	case 3:
		if (fallocate(fd, FALLOC_FL_KEEP_SIZE, (off_t)from, (off_t)(end - from)) &&
		    errno != EOPNOTSUPP && errno != ENOSYS)
			return -errno;
		return 0;
	case 4:
		return ftruncate(fd, (off_t)end) ? -errno : 0;
	default:
		return 0;
	}
}

/*
 * Make pf hold pf->file_size bytes: data when the job reads (or with
 * overwrite=1), else allocated as fallocate= says.  What the file already
 * holds is kept: only [its size, file_size) is written.  fill_device jobs
 * only create the file: allocating would fill the device before the job.
 * A SIGINT or SIGTERM stops the writing (-EINTR).  A file this call
 * created is removed when it fails: no empty or half-written file is left
 * to pass for a laid-out one.
 */
static int layout_file(const struct plan_job *pj, const struct plan_file *pf,
		       bool verbose, struct perr *e)
{
	const struct plan_shape *sh = pj->shape;
	uint64_t end = pf->file_size, pos;
	struct stat st;
	char *buf = NULL;
	size_t chunk = 1 << 20;
	bool created = false;
	bool plain = !sh->buf.compress_pct && (sh->buf.zero || sh->buf.pattern_len);
	uint64_t seed = 0x6c61796f7574ull;	/* each file its own data */
	const char *c;

	for (c = pf->path; *c; c++)
		seed = (seed ^ (unsigned char)*c) * 0x100000001b3ull;
	int fd, rc = 0;

	fd = open(pf->path, O_RDWR);
	if (fd < 0 && errno == ENOENT && sh->allow_file_create) {
		fd = open(pf->path, O_RDWR | O_CREAT | O_EXCL, 0644);
		created = fd >= 0;
		if (fd < 0 && errno == EEXIST)	/* someone else made it meanwhile */
			fd = open(pf->path, O_RDWR);
	}
	if (fd < 0)
		return perr_setrc(e, -errno, "job '%s': cannot create '%s': %s",
				  sh->name, pf->path, strerror(errno));
	if (fstat(fd, &st)) {
		rc = perr_setrc(e, -errno, "job '%s': '%s': %s", sh->name, pf->path,
				strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size >= end ||
	    (sh->fill_device && !pf->fill))
		goto out;
	if (verbose) {
		char s[32];

		size_str(pf->size, s, sizeof(s));
		printf("%s: Laying out IO file (1 file / %s)\n", sh->name, s);
		fflush(stdout);
	}
	rc = preallocate(fd, sh->fallocate, (uint64_t)st.st_size, end);
	/* an engine that maps the file cannot grow it: with fallocate=none
	 * or keep, which leave the size, it is extended here, as fio does */
	if (!rc && (pj->engine->e.caps & PLIO_CAP_NOEXTEND) &&
	    (sh->fallocate == 0 || sh->fallocate == 3) && ftruncate(fd, (off_t)end))
		rc = -errno;
	if (rc) {
		rc = perr_setrc(e, rc, "job '%s': cannot allocate '%s' up to %llu bytes: %s",
				sh->name, pf->path, (unsigned long long)end, strerror(-rc));
		goto out;
	}
	if (!pf->fill)
		goto out;
	buf = malloc(chunk);
	if (!buf) {
		rc = -ENOMEM;
		goto out;
	}
	for (pos = (uint64_t)st.st_size; pos < end;) {
		size_t n = end - pos < chunk ? (size_t)(end - pos) : chunk;
		ssize_t w;

		/* the job's kind of data (zero_buffers, compressibility...),
		 * afresh for every chunk unless it is all zeroes or pattern:
		 * no two blocks repeat */
		if (pos == (uint64_t)st.st_size || !plain)
			wbuf_data(&sh->buf, wbuf_seed_mix(seed ^ pos), buf, chunk);

		if (signals_pending()) {
			rc = perr_setrc(e, -EINTR, "job '%s': laying out '%s' stopped at %llu of %llu bytes: terminating on signal %d",
					sh->name, pf->path, (unsigned long long)pos,
					(unsigned long long)end, signals_pending());
			goto out;
		}
		w = pwrite(fd, buf, n, (off_t)pos);
		if (w < 0 && errno == EINTR)
			continue;

		if (w <= 0) {
			rc = perr_setrc(e, w < 0 ? -errno : -EIO,
					"job '%s': laying out '%s' at offset %llu: %s",
					sh->name, pf->path, (unsigned long long)pos,
					w < 0 ? strerror(errno) : "short write");
			goto out;
		}
		pos += (uint64_t)w;
	}
	if (fsync(fd))
		rc = perr_setrc(e, -errno, "job '%s': fsync of '%s': %s", sh->name,
				pf->path, strerror(errno));
out:
	free(buf);
	if (close(fd) && !rc)
		rc = perr_setrc(e, -errno, "job '%s': closing '%s': %s", sh->name,
				pf->path, strerror(errno));
	if (rc && created)
		(void)unlink(pf->path);
	return rc;
}

/*
 * Create the missing folders of path, as fio does for a file name with
 * folders in it (mode 0700, fio's).  0, or -errno of the one that failed
 * with that folder in e.
 */
static int make_parents(const struct plan_job *pj, const char *path, struct perr *e)
{
	char dir[PATH_MAX], *p;
	struct stat st;

	if (strlen(path) >= sizeof(dir))
		return 0;	/* the open names it */
	strcpy(dir, path);
	p = strrchr(dir, '/');
	if (!p || p == dir)
		return 0;
	*p = '\0';
	if (!stat(dir, &st))
		return 0;
	for (p = dir + 1; ; p++) {
		if (*p && *p != '/')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(dir, 0700) && errno != EEXIST)
			return perr_setrc(e, -errno, "job '%s': cannot create the folder '%s' of '%s': %s",
					  pj->shape->name, dir, path, strerror(errno));
		*p = c;
		if (!c)
			return 0;
	}
}

int runner_layout(const struct plan *plan, bool verbose, struct perr *e)
{
	size_t i, j;
	int rc;

	for (i = 0; i < plan->n_jobs; i++) {
		const struct plan_job *pj = &plan->jobs[i];

		if (pj->engine->e.caps & PLIO_CAP_DISKLESS)
			continue;
		for (j = 0; j < pj->n_files; j++) {
			const struct plan_file *pf = &pj->files[j];

			rc = pf->blkdev ? 0 : make_parents(pj, pf->path, e);
			if (rc)
				return rc;
			if (!pf->layout)
				continue;
			if (signals_pending()) {	/* between files: nothing half done */
				signals_note(true);
				return perr_setrc(e, -EINTR, "job '%s': laying out '%s': terminating on signal %d",
						  pj->shape->name, pf->path, signals_pending());
			}
			rc = layout_file(pj, pf, verbose, e);
			if (rc == -EINTR && signals_pending())
				signals_note(true);
			if (rc)
				return rc;
		}
	}
	return 0;
}
