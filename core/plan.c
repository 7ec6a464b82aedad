/*
 * plan.c - job specs to what will run (see plan.h).
 *
 * Everything that can be decided before a worker starts is decided here,
 * once, on the main thread: clone names and seeds, file paths, the region
 * of each file a clone may touch, whether a file must be laid out first.
 * Errors name the job: "job 'x': ...".
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

/* Size of an existing file or block device; -errno when it does not exist. */
static int existing_size(const char *path, uint64_t *size)
{
	struct stat st;
	int fd, rc = 0;

	if (stat(path, &st))
		return -errno;
	if (S_ISREG(st.st_mode)) {
		*size = (uint64_t)st.st_size;
		return 0;
	}
	if (!S_ISBLK(st.st_mode)) {
		*size = 0;
		return 0;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, BLKGETSIZE64, size))
		rc = -errno;
	close(fd);
	return rc;
}

static int plan_files(struct plan_job *pj, struct perr *e)
{
	const struct job_spec *js = pj->spec;
	bool diskless = pj->engine->e.caps & PLIO_CAP_DISKLESS;
	char **names = NULL;
	uint64_t per_file, total = 0;
	int n, i, rc;

	if (js->direct && (pj->engine->e.caps & PLIO_CAP_NODIRECT))
		return perr_set(e, "job '%s': direct: engine %s cannot do direct I/O (direct=1)",
				js->name, pj->engine->e.name);
	if (js->filename) {
		n = split_names(js->filename, &names);
		if (n < 0)
			return n;
		if (!n)
			return perr_set(e, "job '%s': filename: no file name given", js->name);
	} else {
		char buf[512];

		names = malloc(sizeof(*names));
		if (!names)
			return -ENOMEM;
		snprintf(buf, sizeof(buf), "%s.%u.0", js->name, pj->clone);
		names[0] = strdup(buf);
		if (!names[0]) {
			free(names);
			return -ENOMEM;
		}
		n = 1;
	}

	pj->files = calloc((size_t)n, sizeof(*pj->files));
	if (!pj->files) {
		rc = -ENOMEM;
		goto out;
	}
	pj->n_files = (size_t)n;
	per_file = js->size / (uint64_t)n;
	for (i = 0; i < n; i++) {
		struct plan_file *pf = &pj->files[i];
		uint64_t have = 0;
		int ex;

		pf->path = join_path(js->directory, names[i]);
		if (!pf->path) {
			rc = -ENOMEM;
			goto out;
		}
		ex = diskless ? -ENOENT : existing_size(pf->path, &have);
		if (js->size) {
			pf->size = per_file;
		} else if (!ex && have) {
			pf->size = have;
		} else {
			rc = perr_set(e, "job '%s': size is not set and '%s' %s: set size=",
				      js->name, pf->path,
				      ex ? "does not exist" : "is empty");
			goto out;
		}
		pf->offset = 0;
		if (pf->size < pj->max_bs) {
			rc = perr_set(e, "job '%s': '%s': the I/O region (%llu bytes) is smaller than the block size (%llu)",
				      js->name, pf->path, (unsigned long long)pf->size,
				      (unsigned long long)pj->max_bs);
			goto out;
		}
		/* reads need data there; writes need the file to exist */
		pf->layout = !diskless && (ex || have < pf->offset + pf->size);
		total += pf->size;
	}
	pj->io_size = total;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
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
	char buf[128], *sep;
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
	return perr_set(e, "job '%s': startdelay: '%s' is not a time or a range of times",
			pj->spec->name, t);
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
				return perr_set(e, "job '%s': wait_for: no job named '%s' is defined before it",
						js->name, js->wait_for);
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
			pj->max_bs = 0;
			if (js->rw & RW_READ)
				pj->max_bs = js->bs[0];
			if ((js->rw & RW_WRITE) && js->bs[1] > pj->max_bs)
				pj->max_bs = js->bs[1];
			if (js->randrepeat)
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
