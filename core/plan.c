/*
 * plan.c - job specs to what will run (see plan.h).
 *
 * Everything that can be decided before a worker starts is decided here,
 * once, on the main thread: clone names and seeds, file paths, the region
 * of each file a clone may touch, whether a file must be laid out first.
 * The file options options.c keeps as validated text (offset, filesize,
 * io_size, ... with their N% and ranges) are decoded here, against the
 * sizes the files have now.  Errors name the job: "job 'x': ...".
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
#include <time.h>
#include <unistd.h>

#include "loader.h"
#include "parse.h"
#include "plan.h"
#include "rand.h"

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

/*
 * A size option's text (offset=, offset_increment=, io_size=): bytes, or
 * with *pct set a percentage.  The text was validated by options.
 */
static void size_or_pct(const char *t, const struct job_spec *js, uint64_t *bytes,
			unsigned int *pct)
{
	size_t len = t ? strlen(t) : 0;
	int64_t v = 0;

	*bytes = 0;
	*pct = 0;
	if (!len)
		return;
	if (t[len - 1] == '%') {
		char num[32];

		snprintf(num, sizeof(num), "%.*s", (int)(len - 1), t);
		if (!parse_int(num, &v))
			*pct = (unsigned int)v;
		return;
	}
	parse_size(t, (unsigned int)js->kb_base, bytes);
}

/* filesize=N or LOW-HIGH (LOW:HIGH): the size of one file. */
static uint64_t pick_filesize(const struct plan_job *pj, struct rand_state *r)
{
	const struct job_spec *js = pj->spec;
	char buf[128], *sep;
	uint64_t lo = 0, hi, v;

	snprintf(buf, sizeof(buf), "%s", js->filesize);
	sep = strchr(buf + (*buf == '-'), '-');
	if (!sep)
		sep = strchr(buf, ':');
	if (sep)
		*sep++ = '\0';
	parse_size(buf, (unsigned int)js->kb_base, &lo);
	hi = lo;
	if (sep)
		parse_size(sep + strspn(sep, " \t"), (unsigned int)js->kb_base, &hi);
	if (hi < lo) {
		v = lo;
		lo = hi;
		hi = v;
	}
	if (hi == lo)
		return lo;
	/* a size from the range, whole blocks as fio picks them */
	v = lo + rand_below(r, hi - lo + 1);
	if (pj->min_bs && v - v % pj->min_bs >= lo)
		v -= v % pj->min_bs;
	return v;
}

/* The name of generated file i: filename_format with $jobname, $jobnum
 * (the clone) and $filenum; $clientuid is empty, as fio makes it outside
 * client/server mode (which plio does not have); anything else is copied
 * as written. */
static char *format_name(const struct plan_job *pj, unsigned int i)
{
	const char *f = pj->spec->filename_format, *p;
	char buf[4096];
	size_t n = 0;

	if (!f || !*f)
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
	uint64_t off, inc, align, fsz = 0, base = have;
	unsigned int opct, ipct;
	bool aligned = false;
	char where[256];

	if (js->filesize)
		fsz = pick_filesize(pj, r);
	size_or_pct(js->offset, js, &off, &opct);
	size_or_pct(js->offset_increment, js, &inc, &ipct);
	if (!exists) {
		if ((js->size & OPT_PCT_FLAG) && !js->filesize)
			return perr_set(e, "%s: size: %u%% of '%s', which %s: give size in bytes, or filesize=",
					options_where(js, "size", where, sizeof(where)),
					(unsigned int)(js->size & ~OPT_PCT_FLAG), pf->path,
					pj->engine->e.caps & PLIO_CAP_DISKLESS ?
					"has no size (the engine does no file I/O)" : "does not exist yet");
		base = js->filesize ? fsz :
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
		align = js->offset_align ? js->offset_align : pj->min_bs;
		if (align && off % align)
			off += align - off % align;
	}
	if (js->file_append && !pf->blkdev)
		off = have;
	pf->offset = off;

	if (js->size & OPT_PCT_FLAG) {
		/* of filesize= when given, existing file or not (fio) */
		uint64_t pct = js->size & ~OPT_PCT_FLAG, of = js->filesize ? fsz : base;

		fsz = of / 100 * pct + of % 100 * pct / 100;
		if (fsz > (of > off ? of - off : 0))
			fsz = of > off ? of - off : 0;
		if (pj->min_bs)
			fsz -= fsz % pj->min_bs;
	} else if (js->filesize) {
		/* picked above */
	} else if (js->size) {
		fsz = js->size / nfiles;
	} else if (js->fill_device) {
		fsz = pf->blkdev ? (have > off ? have - off : 0) : fs_free(pf->path);
	} else if (exists && have > off) {
		fsz = have - off;
	} else {
		return perr_set(e, "%s: job '%s': size is not set and '%s' %s: set size=",
				options_where(js, "size", where, sizeof(where)), js->name, pf->path, !exists ? "does not exist" :
				!have ? "is empty" : have == off ? "ends at the offset, which leaves nothing for I/O" :
				"ends before the offset");
	}
	pf->size = fsz;
	pf->file_size = off + fsz;
	pf->real_size = exists && have > pf->file_size ? have : pf->file_size;
	if (pf->blkdev && pf->file_size > have)
		return perr_set(e, "%s: job '%s': '%s': the region ends at %llu, past the device's end (%llu bytes)",
				options_where(js, "size", where, sizeof(where)), js->name, pf->path, (unsigned long long)pf->file_size,
				(unsigned long long)have);
	return 0;
}

/* io_size= (N%: of the job's regions), else size= capped to the regions. */
static void plan_io_size(struct plan_job *pj, uint64_t total)
{
	const struct job_spec *js = pj->spec;
	unsigned int pct;
	uint64_t b;

	pj->io_size = total;
	pj->io_wrap = false;
	if (js->io_size) {
		size_or_pct(js->io_size, js, &b, &pct);
		pj->io_size = pct ? total / 100 * pct + total % 100 * pct / 100 : b;
		pj->io_wrap = true;
	} else if (js->size && !(js->size & OPT_PCT_FLAG) && js->size < total) {
		pj->io_size = js->size;
	}
}

/* file_service_type=random|roundrobin|sequential[:N]; the others are
 * distributions, which need the random distributions plio lacks yet. */
static int plan_fst(struct plan_job *pj, struct perr *e)
{
	const char *t = pj->spec->file_service_type;
	const char *colon = t ? strchr(t, ':') : NULL;
	size_t len = colon ? (size_t)(colon - t) : t ? strlen(t) : 0;
	int64_t n = 1;
	char where[256];

	pj->fst = FST_ROUNDROBIN;
	pj->fst_nr = 1;
	if (!t || !len)
		return 0;
	if (len == 6 && !strncmp(t, "random", 6))
		pj->fst = FST_RANDOM;
	else if (len == 10 && !strncmp(t, "roundrobin", 10))
		pj->fst = FST_ROUNDROBIN;
	else if (len == 10 && !strncmp(t, "sequential", 10))
		pj->fst = FST_SEQUENTIAL;
	else
		return perr_setrc(e, -ENOTSUP, "%s: file_service_type: '%.*s' is not supported yet (random, roundrobin and sequential are)",
				  options_where(pj->spec, "file_service_type", where, sizeof(where)),
				  (int)len, t);
	if (colon && (parse_int(colon + 1, &n) || n < 1 || n > UINT32_MAX))
		return perr_set(e, "%s: file_service_type: '%s': N must be 1 or more",
				options_where(pj->spec, "file_service_type", where, sizeof(where)), t);
	pj->fst_nr = (unsigned int)n;
	return 0;
}

static int plan_files(struct plan_job *pj, struct perr *e)
{
	const struct job_spec *js = pj->spec;
	bool diskless = pj->engine->e.caps & PLIO_CAP_DISKLESS;
	/* trims need the file laid out (like reads) and opened for
	 * writing (like writes) */
	bool reads = js->rw & (RW_READ | RW_TRIM);
	bool writes = js->rw & (RW_WRITE | RW_TRIM);
	char **names = NULL, **dirs = NULL;
	const char *dir = NULL;
	uint64_t total = 0;
	struct rand_state r;
	int n, i, rc, nd = 0;
	char where[256];

	if (js->direct && (pj->engine->e.caps & PLIO_CAP_NODIRECT))
		return perr_set(e, "%s: direct: engine %s cannot do direct I/O (direct=1)",
				options_where(js, "direct", where, sizeof(where)),
				pj->engine->e.name);
	rc = plan_fst(pj, e);
	if (rc)
		return rc;
	if (js->filename) {
		/* named files: nrfiles does not add more, as in fio */
		n = split_names(js->filename, &names);
		if (n < 0)
			return n;
		if (!n)
			return perr_set(e, "%s: filename: no file name given",
					options_where(js, "filename", where, sizeof(where)));
	} else {
		n = js->nrfiles > 0 ? (int)(js->nrfiles < 65536 ? js->nrfiles : 65536) : 1;
		names = calloc((size_t)n, sizeof(*names));
		if (!names)
			return -ENOMEM;
		for (i = 0; i < n; i++) {
			names[i] = format_name(pj, (unsigned int)i);
			if (!names[i]) {
				rc = -ENOMEM;
				goto out;
			}
		}
	}

	pj->files = calloc((size_t)n, sizeof(*pj->files));
	if (!pj->files) {
		rc = -ENOMEM;
		goto out;
	}
	pj->n_files = (size_t)n;
	pj->openfiles = js->openfiles > 0 && js->openfiles < n ? (unsigned int)js->openfiles :
			(unsigned int)n;
	pj->number_ios = js->number_ios;
	pj->open_flags = writes ? O_RDWR : O_RDONLY;
	if (writes && js->allow_file_create)
		pj->open_flags |= O_CREAT;
	if (js->direct)
		pj->open_flags |= O_DIRECT;
	if (js->sync == 2)
		pj->open_flags |= O_SYNC;
	else if (js->sync == 4)
		pj->open_flags |= O_DSYNC;
	/*
	 * directory=a:b shares the directories out among the clones (clone
	 * k in directory k % count), for generated names; named files go to
	 * the first one, as in fio.
	 */
	if (js->directory && *js->directory) {
		nd = split_names(js->directory, &dirs);
		if (nd < 0) {
			rc = nd;
			nd = 0;
			goto out;
		}
		if (nd)
			dir = dirs[js->filename ? 0 : pj->clone % (unsigned int)nd];
	}
	rand_seed(&r, pj->seed ^ 0x66696c6573697a65ull);
	for (i = 0; i < n; i++) {
		struct plan_file *pf = &pj->files[i];
		uint64_t have = 0;
		int ex;

		pf->path = join_path(dir, names[i]);
		if (!pf->path) {
			rc = -ENOMEM;
			goto out;
		}
		ex = diskless ? -ENOENT : plan_file_size(pf->path, -1, &have, &pf->blkdev);
		if (ex == -EINVAL && is_dir(pf->path)) {
			rc = js->filename ?
			     perr_set(e, "%s: filename: '%s' is a directory: name a file (directory= sets the folder a job's files go in)",
				      options_where(js, "filename", where, sizeof(where)), pf->path) :
			     perr_set(e, "%s: job '%s': file '%s' is a directory: choose other names (filename_format=)",
				      options_where(js, "filename_format", where, sizeof(where)), js->name, pf->path);
			goto out;
		}
		if (ex == -EINVAL) {	/* a character device or a fifo: no size */
			ex = 0;
			have = 0;
		}
		if (ex && !diskless && !js->allow_file_create) {
			rc = perr_set(e, "%s: allow_file_create: '%s' does not exist and allow_file_create=0",
				      options_where(js, "allow_file_create", where, sizeof(where)),
				      pf->path);
			goto out;
		}
		rc = plan_region(pj, pf, (unsigned int)n, !ex, have, &r, e);
		if (rc)
			goto out;
		if (pf->size < pj->max_bs) {
			rc = perr_set(e, "%s: job '%s': '%s': the I/O region (%llu bytes) is smaller than the block size (%llu)",
				      options_where(js, "size", where, sizeof(where)), js->name, pf->path, (unsigned long long)pf->size,
				      (unsigned long long)pj->max_bs);
			goto out;
		}
		if (writes && pf->blkdev && !js->allow_mounted_write && dev_mounted(pf->path)) {
			rc = perr_set(e, "%s: filename: '%s' holds a mounted file system: refusing to write to it (allow_mounted_write=1 allows it)",
				      options_where(js, "filename", where, sizeof(where)), pf->path);
			goto out;
		}
		/*
		 * Reads need the data there; writes need the file to exist
		 * (unless create_on_open leaves that to the worker's open) and
		 * get it allocated or extended as fallocate= says.
		 */
		pf->fill = reads || js->overwrite;
		pf->layout = !diskless && !pf->blkdev && (ex || have < pf->file_size) &&
			     (pf->fill || !js->create_on_open);
		if (js->fill_device && !reads)
			pf->fill = false;
		total += pf->size;
	}
	plan_io_size(pj, total);
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	for (i = 0; i < nd; i++)
		free(dirs[i]);
	free(dirs);
	return rc;
}

/*
 * startdelay=T or LOW-HIGH (LOW:HIGH): the delay of one clone.  A range
 * picks a value per clone from the clone's seed, so randrepeat=1 repeats it.
 */
static int plan_startdelay(struct plan_job *pj, struct perr *e)
{
	const char *t = pj->spec->startdelay;
	uint64_t lo = 0, hi;
	char buf[128], *sep, where[256];
	struct rand_state r;

	pj->startdelay_us = 0;
	if (!t || !*t)
		return 0;
	if (strlen(t) >= sizeof(buf))
		goto bad;
	strcpy(buf, t);
	sep = strchr(buf, '-');
	if (!sep)
		sep = strchr(buf, ':');
	if (sep)
		*sep++ = '\0';
	if (parse_time_us(buf, 1000000, &lo))
		goto bad;
	hi = lo;
	if (sep && parse_time_us(sep, 1000000, &hi))
		goto bad;
	if (hi < lo) {
		uint64_t x = lo;

		lo = hi;
		hi = x;
	}
	pj->startdelay_us = lo;
	if (hi > lo) {
		rand_seed(&r, pj->seed ^ 0x73746172746479ull);
		pj->startdelay_us += hi - lo == UINT64_MAX ? rand_next(&r) :
				     rand_below(&r, hi - lo + 1);
	}
	return 0;
bad:
	return perr_set(e, "%s: startdelay: '%s' is not a time or a range of times",
			options_where(pj->spec, "startdelay", where, sizeof(where)), t);
}

/*
 * Groups and phases as fio numbers them: a job with stonewall (or the first
 * job of a later job file) or new_group starts a new group unless no job
 * came before; stonewall also starts a new phase.  Clones of a job share
 * its group and phase (fio clears stonewall on clones).  wait_for must name
 * a job defined before this one, as in fio.
 */
static int plan_order(struct plan *p, const struct job_list *jl, struct perr *e)
{
	unsigned int group = 0, phase = 0;
	size_t k, j;
	char where[256];

	for (k = 0; k < p->n_jobs; k++) {
		struct plan_job *pj = &p->jobs[k];
		const struct job_spec *js = pj->spec;
		bool wall = js->stonewall || (js->section && js->section->stonewall_before);

		if (k && !pj->clone && (wall || js->new_group))
			group++;
		if (k && !pj->clone && wall)
			phase++;
		pj->group = group;
		pj->phase = phase;
		pj->waits = false;
		if (js->wait_for && *js->wait_for) {
			for (j = 0; j < pj->spec_index; j++)
				if (!strcmp(jl->jobs[j]->name, js->wait_for))
					break;
			if (j == pj->spec_index)
				return perr_set(e, "%s: wait_for: no job named '%s' is defined before it",
						options_where(js, "wait_for", where, sizeof(where)),
						js->wait_for);
			/* fio never waits on jobs of its own name */
			pj->waits = strcmp(js->wait_for, js->name) != 0;
		}
	}
	p->n_groups = group + 1;
	p->n_phases = phase + 1;
	return 0;
}

int plan_build(const struct job_list *jl, struct plan *out, struct perr *e)
{
	size_t i, n = 0, k = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < jl->n; i++)
		n += (size_t)jl->jobs[i]->numjobs;
	out->jobs = calloc(n ? n : 1, sizeof(*out->jobs));
	if (!out->jobs)
		return -ENOMEM;

	for (i = 0; i < jl->n; i++) {
		const struct job_spec *js = jl->jobs[i];
		unsigned int c;

		for (c = 0; c < (unsigned int)js->numjobs; c++) {
			struct plan_job *pj = &out->jobs[k];

			pj->spec = js;
			pj->engine = js->engine;
			pj->index = (unsigned int)k;
			pj->spec_index = (unsigned int)i;
			pj->clone = c;
			pj->group = 0;
			/* over the directions the job does, from bs, bsrange
			 * and bssplit (decoded by options) */
			pj->max_bs = js->max_bs;
			pj->min_bs = js->min_bs;
			/* as in fio, an explicit randseed or allrandrepeat
			 * repeats too when randrepeat=0 */
			pj->seed_repeats = js->randrepeat || js->allrandrepeat ||
					   options_is_set(js, "randseed");
			if (pj->seed_repeats)
				pj->seed = (uint64_t)js->randseed + c;
			else
				pj->seed = ((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL) ^
					   ((uint64_t)k << 48);
			out->n_jobs = ++k;
			rc = plan_files(pj, e);
			if (!rc)
				rc = plan_startdelay(pj, e);
			if (rc) {
				plan_free(out);
				return rc;
			}
		}
	}
	rc = plan_order(out, jl, e);
	if (rc)
		plan_free(out);
	return rc;
}

void plan_free(struct plan *p)
{
	size_t i, j;

	for (i = 0; i < p->n_jobs; i++) {
		for (j = 0; j < p->jobs[i].n_files; j++)
			free(p->jobs[i].files[j].path);
		free(p->jobs[i].files);
	}
	free(p->jobs);
	memset(p, 0, sizeof(*p));
}
