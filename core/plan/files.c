/*
 * files.c - each clone's files, as the plan resolves them (see plan.h).
 *
 * Names (filename= with ':' between them, or filename_format's), the
 * directory they go in, the region of each file a clone may touch
 * (offset=, offset_increment=, size=, filesize=, file_append, N% of the
 * file), whether a file must be laid out first, and the checks that keep
 * a job inside what it was given: a region past a device's end, a
 * mounted device written to, a directory named as a file.  Sizes of files
 * that exist are taken now; errors name the option that set what failed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "base/rand.h"
#include "plan/internal.h"
#include "plugin/loader.h"

/* Split "a:b\:c" into ["a", "b:c"]; returns the count or -ENOMEM. */
static int split_names(const char *s, char ***out)
{
	char **v = NULL, *cur;
	size_t n = 0, len = 0;
	const char *p;

	cur = malloc(strlen(s) + 1);
	if (!cur)
		return -ENOMEM;
	for (p = s;; p++) {
		if (*p == '\\' && p[1] == ':') {
			cur[len++] = ':';
			p++;
			continue;
		}
		if (*p == ':' || !*p) {
			if (len) {
				char **nv = realloc(v, (n + 1) * sizeof(*v));

				if (!nv)
					goto nomem;
				v = nv;
				cur[len] = '\0';
				v[n] = strdup(cur);
				if (!v[n])
					goto nomem;
				n++;
				len = 0;
			}
			if (!*p)
				break;
			continue;
		}
		cur[len++] = *p;
	}
	free(cur);
	*out = v;
	return (int)n;
nomem:
	free(cur);
	while (n)
		free(v[--n]);
	free(v);
	return -ENOMEM;
}

static char *join_path(const char *dir, const char *name)
{
	char *p;
	size_t dl;

	if (!dir || !*dir || name[0] == '/')
		return strdup(name);
	dl = strlen(dir);
	p = malloc(dl + strlen(name) + 2);
	if (p)
		sprintf(p, "%s%s%s", dir, dir[dl - 1] == '/' ? "" : "/", name);
	return p;
}

int plan_file_size(const char *path, int fd, uint64_t *size, bool *blkdev)
{
	struct stat st;
	int bfd, rc = 0;

	*blkdev = false;
	if (fd >= 0 ? fstat(fd, &st) : stat(path, &st))
		return -errno;
	if (S_ISREG(st.st_mode)) {
		*size = (uint64_t)st.st_size;
		return 0;
	}
	if (!S_ISBLK(st.st_mode))
		return -EINVAL;
	*blkdev = true;
	bfd = fd >= 0 ? fd : open(path, O_RDONLY | O_CLOEXEC);
	if (bfd < 0)
		return -errno;
	if (ioctl(bfd, BLKGETSIZE64, size))
		rc = -errno;
	if (bfd != fd)
		close(bfd);
	return rc;
}

/* filesize=N or LOW-HIGH: the size of one file, a range's picked in
 * whole blocks as fio picks them. */
static uint64_t pick_filesize(const struct plan_job *pj, struct rand_state *r)
{
	const struct job_spec *js = pj->spec;
	uint64_t lo = js->filesize_lo, hi = js->filesize_hi, v;

	if (hi == lo)
		return lo;
	v = lo + rand_below(r, hi - lo + 1);
	if (pj->shape->min_bs && v - v % pj->shape->min_bs >= lo)
		v -= v % pj->shape->min_bs;
	return v;
}

/*
 * The name of generated file i: filename_format with $jobname, $jobnum
 * (the clone) and $filenum; anything else is copied as written.
 * $clientuid is the plio-mpi rank's tag, where fio's client/server mode
 * puts the client's id, and empty in a local run, as in fio's.  A rank
 * whose files are its own (tagged: not --rank-files=shared) has the tag
 * in the default name too: "$jobname.$clientuid.$jobnum.$filenum" when
 * filename_format= is not given.
 */
static char *format_name(const struct plan_job *pj, unsigned int i, bool tagged)
{
	const char *f = pj->spec->filename_format, *p, *tag = pj->shape->rank_tag;
	char buf[4096];
	size_t n = 0;

	if (tagged && !options_is_set(pj->spec, CO_FILENAME_FORMAT))
		f = "$jobname.$clientuid.$jobnum.$filenum";
	else if (!f || !*f)
		f = "$jobname.$jobnum.$filenum";
	for (p = f; *p && n < sizeof(buf) - 1;) {
		int w = 0;

		if (!strncmp(p, "$jobname", 8)) {
			w = snprintf(buf + n, sizeof(buf) - n, "%s", pj->spec->name);
			p += 8;
		} else if (!strncmp(p, "$jobnum", 7)) {
			w = snprintf(buf + n, sizeof(buf) - n, "%u", pj->clone);
			p += 7;
		} else if (!strncmp(p, "$filenum", 8)) {
			w = snprintf(buf + n, sizeof(buf) - n, "%u", i);
			p += 8;
		} else if (!strncmp(p, "$clientuid", 10)) {
			w = tag ? snprintf(buf + n, sizeof(buf) - n, "%s", tag) : 0;
			p += 10;
		} else {
			buf[n++] = *p++;
		}
		n += w > 0 ? (size_t)w : 0;
		if (n > sizeof(buf) - 1)
			n = sizeof(buf) - 1;
	}
	buf[n] = '\0';
	return strdup(buf);
}

/* Whether path is a directory. */
static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* Whether block device `path` (rdev) holds a mounted file system. */
static bool dev_mounted(const char *path)
{
	struct stat want, st;
	char line[4096], dev[4096];
	FILE *m;
	bool hit = false;

	if (stat(path, &want))
		return false;
	m = fopen("/proc/self/mounts", "re");
	if (!m)
		return false;
	while (!hit && fgets(line, sizeof(line), m))
		if (sscanf(line, "%4095s", dev) == 1 && dev[0] == '/' &&
		    !stat(dev, &st) && S_ISBLK(st.st_mode) && st.st_rdev == want.st_rdev)
			hit = true;
	fclose(m);
	return hit;
}

/* Bytes free for an unprivileged writer in the file system holding path. */
static uint64_t fs_free(const char *path)
{
	char dir[4096], *slash;
	struct statvfs sv;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (statvfs(dir, &sv))
		return 0;
	return (uint64_t)sv.f_bavail * sv.f_frsize;
}

/*
 * The region of file pf, as fio sets it: offset= (N% of the file's size,
 * rounded up to offset_align or the smallest block size), plus one
 * offset_increment per clone (N% likewise), or the file's end with
 * file_append; size from size=N% (of filesize= when given, else of the
 * file), filesize=, size= split over the files, or what the file holds
 * past the offset.  A file that does
 * not exist yet (and every file of a diskless engine such as null) is
 * taken at the size it is laid out with, filesize= or size= over the
 * files, as fio takes it for null (for a new file, fio's offset=N%
 * starts at 0 instead).
 */
static int plan_region(struct plan_job *pj, struct plan_file *pf, unsigned int nfiles,
		       bool exists, uint64_t have, struct rand_state *r, struct perr *e)
{
	const struct job_spec *js = pj->spec;
	bool pct_off = js->offset & OPT_PCT_FLAG, pct_inc = js->offset_increment & OPT_PCT_FLAG;
	uint64_t off = pct_off ? 0 : js->offset, inc = pct_inc ? 0 : js->offset_increment;
	uint64_t align, fsz = 0, base = have;
	unsigned int opct = pct_off ? (unsigned int)(js->offset & ~OPT_PCT_FLAG) : 0;
	unsigned int ipct = pct_inc ? (unsigned int)(js->offset_increment & ~OPT_PCT_FLAG) : 0;
	bool aligned = false, filesize = js->filesize_hi != 0;
	char where[256];

	if (filesize)
		fsz = pick_filesize(pj, r);
	if (!exists) {
		if ((js->size & OPT_PCT_FLAG) && !filesize)
			return perr_set(e, "%s: size: %u%% of '%s', which %s: give size in bytes, or filesize=",
					options_where(js, CO_SIZE, where, sizeof(where)),
					(unsigned int)(js->size & ~OPT_PCT_FLAG), pf->path,
					pj->engine->e.caps & PLIO_CAP_DISKLESS ?
					"has no size (the engine does no file I/O)" : "does not exist yet");
		base = filesize ? fsz :
		       !(js->size & OPT_PCT_FLAG) ? js->size / nfiles : 0;
	}
	if (ipct) {
		inc = base / 100 * ipct + base % 100 * ipct / 100;
		aligned = true;
	}
	if (opct) {
		off = base / 100 * opct + base % 100 * opct / 100;
		aligned = true;
	}
	off += (uint64_t)pj->clone * inc;
	if (aligned) {
		align = js->offset_align ? js->offset_align : pj->shape->min_bs;
		if (align && off % align)
			off += align - off % align;
	}
	if (js->file_append && !pf->blkdev)
		off = have;
	pf->offset = off;

	if (js->size & OPT_PCT_FLAG) {
		/* of filesize= when given, existing file or not (fio) */
		uint64_t pct = js->size & ~OPT_PCT_FLAG, of = filesize ? fsz : base;

		fsz = of / 100 * pct + of % 100 * pct / 100;
		if (fsz > (of > off ? of - off : 0))
			fsz = of > off ? of - off : 0;
		if (pj->shape->min_bs)
			fsz -= fsz % pj->shape->min_bs;
	} else if (filesize) {
		/* picked above */
	} else if (js->size) {
		fsz = js->size / nfiles;
	} else if (js->fill_device) {
		fsz = pf->blkdev ? (have > off ? have - off : 0) : fs_free(pf->path);
	} else if (exists && have > off) {
		fsz = have - off;
	} else if ((pj->engine->e.caps & PLIO_CAP_NOIO) ||
		   (pj->engine->e.caps & (PLIO_CAP_FILEOP | PLIO_CAP_DISKLESS)) ==
		   (PLIO_CAP_FILEOP | PLIO_CAP_DISKLESS)) {
		/* no data (cpuio), or no file to size (filecreate, as fio
		 * sizes its files): one nominal block */
		fsz = pj->shape->max_bs;
	} else {
		return perr_set(e, "%s: job '%s': size is not set and '%s' %s: set size=",
				options_where(js, CO_SIZE, where, sizeof(where)), js->name, pf->path, !exists ? "does not exist" :
				!have ? "is empty" : have == off ? "ends at the offset, which leaves nothing for I/O" :
				"ends before the offset");
	}
	pf->size = fsz;
	pf->file_size = off + fsz;
	pf->real_size = exists && have > pf->file_size ? have : pf->file_size;
	if (pf->blkdev && pf->file_size > have)
		return perr_set(e, "%s: job '%s': '%s': the region ends at %llu, past the device's end (%llu bytes)",
				options_where(js, CO_SIZE, where, sizeof(where)), js->name, pf->path, (unsigned long long)pf->file_size,
				(unsigned long long)have);
	return 0;
}

/* io_size= (N%: of the job's regions), else size= capped to the regions. */
static void plan_io_size(struct plan_job *pj, uint64_t total)
{
	const struct job_spec *js = pj->spec;
	uint64_t pct = js->io_size & ~OPT_PCT_FLAG;

	pj->io_size = total;
	pj->io_wrap = false;
	if (js->io_size) {
		pj->io_size = js->io_size & OPT_PCT_FLAG ?
			      total / 100 * pct + total % 100 * pct / 100 : js->io_size;
		pj->io_wrap = true;
	} else if (js->size && !(js->size & OPT_PCT_FLAG) && js->size < total) {
		pj->io_size = js->size;
	}
}

/* The names of pj's files: filename= (':' between names; nrfiles adds
 * none, as in fio, and no rank tag: a device path on each host), else
 * nrfiles names from filename_format (tagged: see format_name).  The
 * count, or a negative errno (e set when the user's). */
static int file_names(struct plan_job *pj, bool tagged, char ***names, struct perr *e)
{
	const struct job_spec *js = pj->spec;
	char where[256];
	int n, i;

	if (js->filename) {
		n = split_names(js->filename, names);
		if (!n)
			return perr_set(e, "%s: filename: no file name given",
					options_where(js, CO_FILENAME, where, sizeof(where)));
		return n;
	}
	n = js->nrfiles > 0 ? (int)(js->nrfiles < 65536 ? js->nrfiles : 65536) : 1;
	*names = calloc((size_t)n, sizeof(**names));
	if (!*names)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		(*names)[i] = format_name(pj, (unsigned int)i, tagged);
		if (!(*names)[i]) {
			while (i)
				free((*names)[--i]);
			free(*names);
			*names = NULL;
			return -ENOMEM;
		}
	}
	return n;
}

/*
 * The folder pj's files go in: directory=a:b shares the folders out among
 * the clones (clone k in folder k % count), for generated names; named
 * files go to the first one, as in fio.  The folders must exist, as in
 * fio (a file's own folders are made for it); an engine without files
 * does not care, unless making them is its work (filecreate, dircreate).
 * *dir NULL: none given.
 */
static int file_folder(struct plan_job *pj, char **dir, struct perr *e)
{
	const struct job_spec *js = pj->spec;
	bool diskless = (pj->engine->e.caps & (PLIO_CAP_DISKLESS | PLIO_CAP_FILEOP)) ==
			PLIO_CAP_DISKLESS;
	char **dirs = NULL, where[256];
	int nd, i, rc = 0;

	*dir = NULL;
	if (!js->directory || !*js->directory)
		return 0;
	nd = split_names(js->directory, &dirs);
	if (nd < 0)
		return nd;
	for (i = 0; !diskless && i < nd && !rc; i++)
		if (!is_dir(dirs[i]))
			rc = perr_set(e, "%s: directory: '%s' is not a directory",
				      options_where(js, CO_DIRECTORY, where, sizeof(where)),
				      dirs[i]);
	if (!rc && nd) {
		*dir = dirs[js->filename ? 0 : pj->clone % (unsigned int)nd];
		dirs[js->filename ? 0 : pj->clone % (unsigned int)nd] = NULL;
	}
	for (i = 0; i < nd; i++)
		free(dirs[i]);
	free(dirs);
	return rc;
}

/* O_* of pj's files: writes and trims open for writing (and create),
 * direct=, sync=. */
static int open_flags(const struct job_spec *js)
{
	bool writes = js->rw & (RW_WRITE | RW_TRIM);
	int flags = writes ? O_RDWR : O_RDONLY;

	if (writes && js->allow_file_create)
		flags |= O_CREAT;
	if (js->direct)
		flags |= O_DIRECT;
	if (js->sync == 2)
		flags |= O_SYNC;
	else if (js->sync == 4)
		flags |= O_DSYNC;
	return flags;
}

/*
 * pf is neither a regular file nor a block device (nor a folder): a FIFO
 * or a socket is refused, as fio refuses a FIFO ("failed to get file
 * size"): a FIFO's open or read waits for a writer that may never come,
 * and a socket cannot be opened at all.  A character device (/dev/zero)
 * has no size to read: it takes size= or filesize=, as in fio.
 */
static int not_sizable(struct plan_job *pj, const struct plan_file *pf, struct perr *e)
{
	const struct job_spec *js = pj->spec;
	const char *what;
	struct stat st;
	char where[256];

	if (stat(pf->path, &st))
		return 0;	/* gone meanwhile: as a file that does not exist */
	if (S_ISFIFO(st.st_mode))
		what = "is a FIFO, which has no size and whose I/O waits for the other end: name a regular file or a block device";
	else if (S_ISSOCK(st.st_mode))
		what = "is a socket, which has no size and cannot be opened: name a regular file or a block device";
	else if (S_ISCHR(st.st_mode) && (!js->size || (js->size & OPT_PCT_FLAG)) &&
		 !js->filesize_hi)
		what = "is a character device, which has no size: set size= (in bytes) or filesize=";
	else
		return 0;
	if (js->filename)
		return perr_set(e, "%s: filename: '%s' %s",
				options_where(js, CO_FILENAME, where, sizeof(where)), pf->path, what);
	return perr_set(e, "%s: job '%s': file '%s' %s",
			options_where(js, CO_FILENAME_FORMAT, where, sizeof(where)), js->name,
			pf->path, what);
}

/*
 * One file of pj, path set: what it is now (size, device, a directory),
 * its region, and whether it must be laid out first.  Reads (and trims)
 * need the data there; writes need the file to exist (unless
 * create_on_open leaves that to the worker's open) and get it allocated
 * or extended as fallocate= says.
 */
static int plan_file(struct plan_job *pj, struct plan_file *pf, unsigned int nfiles,
		     struct rand_state *r, struct perr *e)
{
	const struct job_spec *js = pj->spec;
	bool diskless = pj->engine->e.caps & PLIO_CAP_DISKLESS;
	bool reads = js->rw & (RW_READ | RW_TRIM), writes = js->rw & (RW_WRITE | RW_TRIM);
	uint64_t have = 0;
	char where[256];
	int ex, rc;

	ex = diskless ? -ENOENT : plan_file_size(pf->path, -1, &have, &pf->blkdev);
	if (ex == -EINVAL && is_dir(pf->path))
		return js->filename ?
		       perr_set(e, "%s: filename: '%s' is a directory: name a file (directory= sets the folder a job's files go in)",
				options_where(js, CO_FILENAME, where, sizeof(where)), pf->path) :
		       perr_set(e, "%s: job '%s': file '%s' is a directory: choose other names (filename_format=)",
				options_where(js, CO_FILENAME_FORMAT, where, sizeof(where)), js->name,
				pf->path);
	if (ex == -EINVAL) {	/* a character device, a FIFO or a socket */
		rc = not_sizable(pj, pf, e);
		if (rc)
			return rc;
		ex = 0;
		have = 0;
	}
	if (ex && !diskless && !js->allow_file_create)
		return perr_set(e, "%s: allow_file_create: '%s' does not exist and allow_file_create=0",
				options_where(js, CO_ALLOW_FILE_CREATE, where, sizeof(where)),
				pf->path);
	rc = plan_region(pj, pf, nfiles, !ex, have, r, e);
	if (rc)
		return rc;
	if (pf->size < pj->shape->max_bs)
		return perr_set(e, "%s: job '%s': '%s': the I/O region (%llu bytes) is smaller than the block size (%llu)",
				options_where(js, CO_SIZE, where, sizeof(where)), js->name, pf->path,
				(unsigned long long)pf->size, (unsigned long long)pj->shape->max_bs);
	if (writes && pf->blkdev && !js->allow_mounted_write && dev_mounted(pf->path))
		return perr_set(e, "%s: filename: '%s' holds a mounted file system: refusing to write to it (allow_mounted_write=1 allows it)",
				options_where(js, CO_FILENAME, where, sizeof(where)), pf->path);
	pf->fill = (reads || js->overwrite) && !(js->fill_device && !reads);
	pf->layout = !diskless && !pf->blkdev && (ex || have < pf->file_size) &&
		     (reads || js->overwrite || !js->create_on_open);
	return 0;
}

/*
 * What a replaying job does is what its logs do, whatever rw= and bs= say
 * (fio's): the directions its logs take, buffers for their longest I/O;
 * trims only on an engine that trims.
 */
static int replay_shape(struct plan_shape *s, const struct job_spec *js, struct perr *e)
{
	uint64_t count[5] = { 0 }, max = 0;
	unsigned int i, d, a;
	char where[256];

	for (i = 0; i < s->n_replay; i++) {
		for (a = 0; a < 5; a++)
			count[a] += s->replay[i].count[a];
		if (s->replay[i].max_len > max)
			max = s->replay[i].max_len;
	}
	if (count[IOLOG_TRIM] && js->engine &&
	    !(js->engine->e.caps & (PLIO_CAP_TRIM | PLIO_CAP_FAKEIO)))
		return perr_setrc(e, -ENOTSUP, "%s: read_iolog: the log trims and engine %s cannot (replay_skip=trim leaves the trims out)",
				  options_where(js, CO_READ_IOLOG, where, sizeof(where)),
				  js->engine->e.name);
	s->rw = (count[IOLOG_READ] ? RW_READ : 0) | (count[IOLOG_WRITE] ? RW_WRITE : 0) |
		(count[IOLOG_TRIM] ? RW_TRIM : 0);
	s->random = s->mixed = s->trimwrite = s->use_map = s->skewed = s->lfsr = false;
	s->job.rw = (count[IOLOG_READ] ? PLIO_JOB_READ : 0) |
		    (count[IOLOG_WRITE] ? PLIO_JOB_WRITE : 0) |
		    (count[IOLOG_TRIM] ? PLIO_JOB_TRIM : 0);
	s->zone.size = 0;
	if (max > s->max_bs) {
		s->max_bs = max;
		for (d = 0; d < 3; d++) {
			s->bs[d].max = max > s->bs[d].max ? max : s->bs[d].max;
			s->job.max_bs[d] = s->bs[d].max;
		}
	}
	return 0;
}

/*
 * read_iolog=LOG[:LOG...]: every log of the job, read once (standard input
 * or a FIFO can only be), each replayed by the clones in turn (clone c
 * takes log c modulo their count).
 */
int plan_replay_load(struct plan_shape *s, const struct job_spec *js, struct perr *e)
{
	struct iolog_opts o = {
		.redirect = js->replay_redirect && *js->replay_redirect ? js->replay_redirect : NULL,
		.scale = js->replay_scale > 1 ? (uint64_t)js->replay_scale : 1,
		.align = js->replay_align, .skip = js->replay_skip_mask,
	};
	char **names = NULL;
	int n, i, rc = 0;

	if (!js->read_iolog || !*js->read_iolog)
		return 0;
	n = split_names(js->read_iolog, &names);
	if (n <= 0)
		return n < 0 ? perr_setrc(e, -ENOMEM, "out of memory") : 0;
	s->replay = calloc((size_t)n, sizeof(*s->replay));
	if (!s->replay)
		rc = perr_setrc(e, -ENOMEM, "out of memory");
	for (i = 0; !rc && i < n; i++) {
		rc = iolog_load(names[i], &o, &s->replay[i], e);
		if (!rc) {
			s->n_replay = (unsigned int)i + 1;
		} else {
			char msg[PERR_LEN], where[256];

			snprintf(msg, sizeof(msg), "%s", e->msg);
			perr_setrc(e, rc, "%s: %s",
				   options_where(js, CO_READ_IOLOG, where, sizeof(where)), msg);
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc ? rc : replay_shape(s, js, e);
}

/*
 * A replaying clone's files: its log's (or replay_redirect's), whole, the
 * job's filename= aside (as fio); each must hold the farthest I/O the log
 * makes of it: a regular file that is missing or shorter is laid out to
 * that end first (fio replays onto it as it is, and a read past its end
 * fails), a block device must reach it.
 */
static int replay_files(struct plan_job *pj, struct perr *e)
{
	const struct job_spec *js = pj->spec;
	const struct iolog *l = &pj->shape->replay[pj->clone % pj->shape->n_replay];
	bool diskless = pj->engine->e.caps & PLIO_CAP_DISKLESS;
	uint64_t have;
	unsigned int i;
	char where[256];
	int ex;

	pj->replay = l;
	pj->files = calloc(l->nfiles, sizeof(*pj->files));
	if (!pj->files)
		return perr_setrc(e, -ENOMEM, "out of memory");
	pj->n_files = pj->openfiles = l->nfiles;
	pj->io_size = l->bytes;
	if (l->count[IOLOG_WRITE] || l->count[IOLOG_TRIM])
		pj->open_flags = (pj->open_flags & ~O_ACCMODE) | O_RDWR;
	for (i = 0; i < l->nfiles; i++) {
		struct plan_file *pf = &pj->files[i];

		pf->path = strdup(l->files[i]);
		if (!pf->path)
			return perr_setrc(e, -ENOMEM, "out of memory");
		have = 0;
		ex = diskless ? -ENOENT : plan_file_size(pf->path, -1, &have, &pf->blkdev);
		if (ex == -EINVAL)
			return perr_set(e, "%s: read_iolog '%s': '%s' is neither a regular file nor a block device",
					options_where(js, CO_READ_IOLOG, where, sizeof(where)), l->name,
					pf->path);
		pf->size = pf->file_size = l->extent[i];
		pf->real_size = have > pf->file_size ? have : pf->file_size;
		if (pf->blkdev && have < pf->file_size)
			return perr_set(e, "%s: read_iolog '%s': its I/O reaches %llu bytes into '%s', past the device's end (%llu bytes)",
					options_where(js, CO_READ_IOLOG, where, sizeof(where)), l->name,
					(unsigned long long)pf->file_size, pf->path,
					(unsigned long long)have);
		pf->fill = true;
		pf->layout = !diskless && !pf->blkdev && pf->file_size && (ex || have < pf->file_size);
	}
	return 0;
}

/* The n_ranks-th part of a byte count v, whole blocks of g bytes. */
static uint64_t rank_part(uint64_t v, unsigned int n_ranks, uint64_t g)
{
	v /= n_ranks;
	return v - v % g;
}

/*
 * plio-mpi --rank-files=shared: every rank plans the same regions, then
 * keeps its share of each: n_ranks shares of (region / n_ranks) bytes,
 * rounded down to the job's smallest block, rank r's at offset + r *
 * share, the last rank's also taking the rest, so that the shares tile
 * the region.  file_size stays the region's end: every rank lays out the
 * whole file.  A share must hold the job's largest block (as any region
 * must, so the worker's offsets stay inside it).  The worker then sees an
 * ordinary region: its random map, zones (relative to the share, as they
 * are to offset=), rw=MODE:N holes and verify blocks stay inside it;
 * offset_increment and the clones apply before the split (each clone's
 * region is split).  io_size: the sum of the shares when the regions gave
 * it, else (io_size=, or a size= below the regions) its n_ranks-th part in
 * whole blocks; number_ios: its n_ranks-th part, the first ranks taking
 * one more of what is left.  Not split: a job that replays a log (it
 * does what its log does, on every rank), and one whose engine moves no
 * data through its region (cpuio's nominal block, filecreate's files).
 */
static int share_regions(struct plan_job *pj, const struct plan_opts *o, uint64_t total,
			 struct perr *e)
{
	const struct job_spec *js = pj->spec;
	unsigned int n = o->n_ranks ? o->n_ranks : 1, r = o->rank;
	uint64_t g = pj->shape->min_bs ? pj->shape->min_bs : 1, mine = 0, share;
	bool from_regions = !pj->io_wrap && pj->io_size == total;
	char where[256];
	size_t i;

	if (r >= n)
		return perr_setrc(e, -EINVAL, "plio-mpi: rank %u, of only %u ranks", r, n);
	if (pj->engine->e.caps & (PLIO_CAP_NOIO | PLIO_CAP_FILEOP))
		return 0;
	for (i = 0; i < pj->n_files; i++) {
		struct plan_file *pf = &pj->files[i];

		share = rank_part(pf->size, n, g);
		if (share < pj->shape->max_bs || !share)
			return perr_set(e, "%s: job '%s': its region of %llu bytes in '%s' cannot be shared by %u ranks (blocks of %llu bytes)",
					options_where(js, CO_SIZE, where, sizeof(where)), js->name,
					(unsigned long long)pf->size, pf->path, n,
					(unsigned long long)pj->shape->max_bs);
		pf->offset += (uint64_t)r * share;
		pf->size = r == n - 1 ? pf->size - (uint64_t)r * share : share;
		mine += pf->size;
	}
	if (from_regions) {
		pj->io_size = mine;
	} else {
		enum core_opt opt = pj->io_wrap ? CO_IO_SIZE : CO_SIZE;
		uint64_t part = rank_part(pj->io_size, n, g);

		if (!part)
			return perr_set(e, "%s: job '%s': %s of %llu bytes cannot be shared by %u ranks (blocks of %llu bytes)",
					options_where(js, opt, where, sizeof(where)), js->name,
					core_options[opt].o.name, (unsigned long long)pj->io_size, n,
					(unsigned long long)g);
		pj->io_size = pj->io_wrap || part < mine ? part : mine;
	}
	if (pj->number_ios) {
		uint64_t ios = pj->number_ios / n + (r < pj->number_ios % n);

		if (!ios)
			return perr_set(e, "%s: job '%s': number_ios=%llu cannot be shared by %u ranks",
					options_where(js, CO_NUMBER_IOS, where, sizeof(where)),
					js->name, (unsigned long long)pj->number_ios, n);
		pj->number_ios = ios;
	}
	return 0;
}

int plan_files(struct plan_job *pj, const struct plan_opts *opts, struct perr *e)
{
	const struct job_spec *js = pj->spec;
	bool shared = opts && opts->shared_files;
	char **names = NULL, *dir = NULL, where[256];
	uint64_t total = 0;
	struct rand_state r;
	int n, i, rc;

	if (js->direct && (pj->engine->e.caps & PLIO_CAP_NODIRECT))
		return perr_set(e, "%s: direct: engine %s cannot do direct I/O (direct=1)",
				options_where(js, CO_DIRECT, where, sizeof(where)),
				pj->engine->e.name);
	pj->fst = js->fst;
	pj->fst_nr = js->fst_nr;
	pj->write_iolog = js->write_iolog && *js->write_iolog ? js->write_iolog : NULL;
	pj->number_ios = js->number_ios;
	pj->open_flags = open_flags(js);
	if (pj->shape->n_replay)
		return replay_files(pj, e);
	n = file_names(pj, pj->shape->rank_tag && !shared, &names, e);
	if (n < 0)
		return n;
	rc = file_folder(pj, &dir, e);
	pj->files = rc ? NULL : calloc((size_t)n, sizeof(*pj->files));
	if (!rc && !pj->files)
		rc = -ENOMEM;
	if (!rc) {
		pj->n_files = (size_t)n;
		pj->openfiles = js->openfiles > 0 && js->openfiles < n ?
				(unsigned int)js->openfiles : (unsigned int)n;
	}
	rand_seed(&r, pj->seeds[PLAN_RAND_FILESIZE]);
	for (i = 0; !rc && i < n; i++) {
		struct plan_file *pf = &pj->files[i];

		pf->path = join_path(dir, names[i]);
		rc = pf->path ? plan_file(pj, pf, (unsigned int)n, &r, e) : -ENOMEM;
		total += pf->size;
	}
	if (!rc)
		plan_io_size(pj, total);
	if (!rc && shared)
		rc = share_regions(pj, opts, total, e);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	return rc;
}
