/*
 * diskutil.c - disk utilisation of the devices under a run's files (see
 * diskutil.h).
 *
 * A file's device comes from stat(): st_rdev for a block device, st_dev
 * otherwise; /sys/dev/block/MAJ:MIN leads to the device's sysfs folder,
 * whose "stat" file holds the same counters as /proc/diskstats.  fio walks
 * /sys/block looking for a matching "dev" file instead; the result is the
 * same, and the symlink avoids a directory scan per file.  Devices without
 * a sysfs entry (tmpfs, overlay, btrfs's anonymous devices) have nothing to
 * report, as in fio.
 *
 * fio samples the counters every 250 ms and reports the sum of the samples
 * up to the last one, so its figures stop short of the end of the run; the
 * two snapshots here, just before the first worker starts and just after
 * the last one ended, cover the whole run.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "measure/diskutil.h"
#include "base/json.h"
#include "plugin/loader.h"
#include "plan/plan.h"

/* dm on md on dm ... nests a few levels at most; the bound stops a cycle */
#define MAX_SLAVE_DEPTH 8

/* Devices already looked up, found or not: thousands of files on one
 * file system cost one sysfs lookup. */
struct seen {
	dev_t *devs;
	size_t n, cap;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Read the 11 leading counters of a sysfs block "stat" file (later kernels
 * append discard and flush counters, which fio does not report). */
static int read_counters(const char *path, struct disk_counters *c)
{
	unsigned long long v[11];
	char line[512], *p, *end;
	FILE *f;
	int i;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	p = fgets(line, sizeof(line), f);
	fclose(f);
	if (!p)
		return -EIO;
	for (i = 0; i < 11; i++) {
		errno = 0;
		v[i] = strtoull(p, &end, 10);
		if (end == p || errno)
			return -EINVAL;
		p = end;
	}
	c->ios[0] = v[0];
	c->merges[0] = v[1];
	c->sectors[0] = v[2];
	c->ticks[0] = v[3];
	c->ios[1] = v[4];
	c->merges[1] = v[5];
	c->sectors[1] = v[6];
	c->ticks[1] = v[7];
	/* v[8] is the I/Os in flight now: not a counter */
	c->io_ticks = v[9];
	c->time_in_queue = v[10];
	return 0;
}

/* The device a file lives on; a file not created yet lives on its
 * directory's.  Character devices, FIFOs and sockets have no disk. */
static int file_dev(const char *path, dev_t *dev)
{
	struct stat st;
	char *dir, *slash;
	int rc;

	if (!stat(path, &st)) {
		if (S_ISBLK(st.st_mode)) {
			*dev = st.st_rdev;
			return 0;
		}
		if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
			return -ENODEV;
		*dev = st.st_dev;
		return 0;
	}
	dir = strdup(path);
	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	rc = stat(dir, &st) ? -errno : 0;
	free(dir);
	if (!rc)
		*dev = st.st_dev;
	return rc;
}

static bool seen_before(struct seen *s, dev_t dev)
{
	size_t i;
	dev_t *n;

	for (i = 0; i < s->n; i++)
		if (s->devs[i] == dev)
			return true;
	if (s->n == s->cap) {
		n = realloc(s->devs, (s->cap ? s->cap * 2 : 8) * sizeof(*n));
		if (!n)
			return false;	/* only costs a second lookup */
		s->devs = n;
		s->cap = s->cap ? s->cap * 2 : 8;
	}
	s->devs[s->n++] = dev;
	return false;
}

static bool path_exists(const char *dir, const char *name)
{
	char p[PATH_MAX];

	if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, name) >= sizeof(p))
		return false;
	return !access(p, F_OK);
}

static ssize_t add_device(struct disk_util_set *set, const char *link, int depth);

/* Add the members listed in sysdir/slaves to disk `idx`. */
static void add_slaves(struct disk_util_set *set, size_t idx, const char *sysdir, int depth)
{
	char dir[PATH_MAX], link[PATH_MAX];
	struct dirent *de;
	ssize_t s;
	size_t *n;
	DIR *d;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/slaves", sysdir) >= sizeof(dir))
		return;
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(link, sizeof(link), "%s/%s", dir, de->d_name) >= sizeof(link))
			continue;
		s = add_device(set, link, depth + 1);
		if (s < 0 || (size_t)s == idx)
			continue;
		/*
		 * fio leaves a member that an earlier file already listed out
		 * of the aggregate; counting it is what the aggregate means.
		 */
		n = realloc(set->disks[idx].slaves, (set->disks[idx].n_slaves + 1) * sizeof(*n));
		if (!n)
			continue;
		n[set->disks[idx].n_slaves++] = (size_t)s;
		set->disks[idx].slaves = n;
	}
	closedir(d);
}

/*
 * Add the device whose sysfs folder `link` leads to (a partition counts as
 * its disk), then its slaves.  Returns its index, or -1 when it cannot be
 * read.
 */
static ssize_t add_device(struct disk_util_set *set, const char *link, int depth)
{
	struct disk_util *du, *grown;
	char *sysdir, *slash, *stat_path;
	const char *name;
	size_t i, len;

	if (depth > MAX_SLAVE_DEPTH)
		return -1;
	sysdir = realpath(link, NULL);
	if (!sysdir)
		return -1;
	if (path_exists(sysdir, "partition")) {
		slash = strrchr(sysdir, '/');
		if (!slash || slash == sysdir) {
			free(sysdir);
			return -1;
		}
		*slash = '\0';
	}
	name = strrchr(sysdir, '/') + 1;
	for (i = 0; i < set->n; i++)
		if (!strcmp(set->disks[i].name, name)) {
			free(sysdir);
			return (ssize_t)i;
		}
	len = strlen(sysdir) + sizeof("/stat");
	stat_path = malloc(len);
	grown = realloc(set->disks, (set->n + 1) * sizeof(*grown));
	if (!stat_path || !grown) {
		free(stat_path);
		free(sysdir);
		return -1;
	}
	set->disks = grown;
	du = &set->disks[set->n];
	memset(du, 0, sizeof(*du));
	snprintf(stat_path, len, "%s/stat", sysdir);
	snprintf(du->name, sizeof(du->name), "%s", name);
	du->stat_path = stat_path;
	if (read_counters(stat_path, &du->before)) {
		free(stat_path);
		free(sysdir);
		return -1;
	}
	i = set->n++;
	add_slaves(set, i, sysdir, depth);
	free(sysdir);
	return (ssize_t)i;
}

void diskutil_start(const struct plan *plan, struct disk_util_set *set)
{
	struct seen seen = { 0 };
	char link[64];
	size_t j, f;
	dev_t dev;

	memset(set, 0, sizeof(*set));
	for (j = 0; j < plan->n_jobs; j++) {
		const struct plan_job *pj = &plan->jobs[j];

		/* null and other engines without files touch no disk */
		if (pj->engine && (pj->engine->e.caps & PLIO_CAP_DISKLESS))
			continue;
		for (f = 0; f < pj->n_files; f++) {
			if (file_dev(pj->files[f].path, &dev) || seen_before(&seen, dev))
				continue;
			snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(dev), minor(dev));
			add_device(set, link, 0);
		}
	}
	free(seen.devs);
	set->start_ms = now_ms();
}

void diskutil_stop(struct disk_util_set *set)
{
	struct disk_counters now;
	struct disk_util *du;
	size_t i;

	if (!set->n)
		return;
	set->run_ms = now_ms() - set->start_ms;
	for (i = 0; i < set->n; i++) {
		du = &set->disks[i];
		/* a device gone during the run reports zeros, not garbage */
		if (read_counters(du->stat_path, &now))
			continue;
		du->delta.ios[0] = now.ios[0] - du->before.ios[0];
		du->delta.ios[1] = now.ios[1] - du->before.ios[1];
		du->delta.merges[0] = now.merges[0] - du->before.merges[0];
		du->delta.merges[1] = now.merges[1] - du->before.merges[1];
		du->delta.sectors[0] = now.sectors[0] - du->before.sectors[0];
		du->delta.sectors[1] = now.sectors[1] - du->before.sectors[1];
		du->delta.ticks[0] = now.ticks[0] - du->before.ticks[0];
		du->delta.ticks[1] = now.ticks[1] - du->before.ticks[1];
		du->delta.io_ticks = now.io_ticks - du->before.io_ticks;
		du->delta.time_in_queue = now.time_in_queue - du->before.time_in_queue;
		du->util = set->run_ms ? 100.0 * (double)du->delta.io_ticks / (double)set->run_ms : 0;
		if (du->util > 100.0)
			du->util = 100.0;
	}
}

void diskutil_free(struct disk_util_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->disks[i].stat_path);
		free(set->disks[i].slaves);
	}
	free(set->disks);
	memset(set, 0, sizeof(*set));
}

/* fio's aggregate of a device's members: their mean counters and the
 * highest utilisation (the busiest member is the bottleneck). */
struct disk_agg {
	uint64_t ios[2], merges[2], ticks[2], time_in_queue;
	double max_util;
};

static void aggregate(const struct disk_util_set *set, const struct disk_util *du,
		      struct disk_agg *a)
{
	const struct disk_util *s;
	size_t i, n = du->n_slaves;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < n; i++) {
		s = &set->disks[du->slaves[i]];
		a->ios[0] += s->delta.ios[0];
		a->ios[1] += s->delta.ios[1];
		a->merges[0] += s->delta.merges[0];
		a->merges[1] += s->delta.merges[1];
		a->ticks[0] += s->delta.ticks[0];
		a->ticks[1] += s->delta.ticks[1];
		a->time_in_queue += s->delta.time_in_queue;
		if (s->util > a->max_util)
			a->max_util = s->util;
	}
	if (!n)
		return;
	a->ios[0] /= n;
	a->ios[1] /= n;
	a->merges[0] /= n;
	a->merges[1] /= n;
	a->ticks[0] /= n;
	a->ticks[1] /= n;
	a->time_in_queue /= n;
}

typedef unsigned long long ull;

void diskutil_print_normal(FILE *out, const struct disk_util_set *set)
{
	const struct disk_util *du;
	struct disk_agg a;
	size_t i;

	if (!set || !set->n)
		return;
	fputs("\nDisk stats (read/write):\n", out);
	for (i = 0; i < set->n; i++) {
		du = &set->disks[i];
		/* fio indents a device with members two more columns */
		fprintf(out, "%s  %s: ios=%llu/%llu, merge=%llu/%llu, ticks=%llu/%llu, "
			"in_queue=%llu, util=%3.2f%%", du->n_slaves ? "  " : "", du->name,
			(ull)du->delta.ios[0], (ull)du->delta.ios[1],
			(ull)du->delta.merges[0], (ull)du->delta.merges[1],
			(ull)du->delta.ticks[0], (ull)du->delta.ticks[1],
			(ull)du->delta.time_in_queue, du->util);
		if (du->n_slaves) {
			aggregate(set, du, &a);
			fprintf(out, ", aggrios=%llu/%llu, aggrmerge=%llu/%llu, "
				"aggrticks=%llu/%llu, aggrin_queue=%llu, aggrutil=%3.2f%%",
				(ull)a.ios[0], (ull)a.ios[1], (ull)a.merges[0], (ull)a.merges[1],
				(ull)a.ticks[0], (ull)a.ticks[1], (ull)a.time_in_queue, a.max_util);
		}
		fputc('\n', out);
	}
}

void diskutil_json(struct json_writer *w, const struct disk_util_set *set)
{
	const struct disk_util *du;
	struct disk_agg a;
	size_t i;

	/* fio writes no "disk_util" member at all when it has no disk */
	if (!set || !set->n)
		return;
	json_begin_array(w, "disk_util");
	for (i = 0; i < set->n; i++) {
		du = &set->disks[i];
		json_begin_object(w, NULL);
		json_str(w, "name", du->name);
		json_uint(w, "read_ios", du->delta.ios[0]);
		json_uint(w, "write_ios", du->delta.ios[1]);
		json_uint(w, "read_merges", du->delta.merges[0]);
		json_uint(w, "write_merges", du->delta.merges[1]);
		json_uint(w, "read_ticks", du->delta.ticks[0]);
		json_uint(w, "write_ticks", du->delta.ticks[1]);
		json_uint(w, "in_queue", du->delta.time_in_queue);
		json_double(w, "util", du->util);
		if (du->n_slaves) {
			aggregate(set, du, &a);
			json_uint(w, "aggr_read_ios", a.ios[0]);
			json_uint(w, "aggr_write_ios", a.ios[1]);
			json_uint(w, "aggr_read_merges", a.merges[0]);
			/* sic: fio's key has no "s" */
			json_uint(w, "aggr_write_merge", a.merges[1]);
			json_uint(w, "aggr_read_ticks", a.ticks[0]);
			json_uint(w, "aggr_write_ticks", a.ticks[1]);
			json_uint(w, "aggr_in_queue", a.time_in_queue);
			json_double(w, "aggr_util", a.max_util);
		}
		json_end(w);
	}
	json_end(w);
}

void diskutil_terse(FILE *out, const struct disk_util_set *set)
{
	const struct disk_util *du;
	struct disk_agg a;
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++) {
		du = &set->disks[i];
		fprintf(out, ";%s;%llu;%llu;%llu;%llu;%llu;%llu;%llu;%3.2f%%", du->name,
			(ull)du->delta.ios[0], (ull)du->delta.ios[1],
			(ull)du->delta.merges[0], (ull)du->delta.merges[1],
			(ull)du->delta.ticks[0], (ull)du->delta.ticks[1],
			(ull)du->delta.time_in_queue, du->util);
		if (du->n_slaves) {
			aggregate(set, du, &a);
			fprintf(out, ";slaves;%llu;%llu;%llu;%llu;%llu;%llu;%llu;%3.2f%%",
				(ull)a.ios[0], (ull)a.ios[1], (ull)a.merges[0], (ull)a.merges[1],
				(ull)a.ticks[0], (ull)a.ticks[1], (ull)a.time_in_queue,
				a.max_util);
		}
	}
}
