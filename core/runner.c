/*
 * runner.c - lays out files, starts workers, waits for them (see runner.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loader.h"
#include "rand.h"
#include "runner.h"
#include "worker.h"

struct job_stats *runner_stats_alloc(size_t n)
{
	void *p = mmap(NULL, (n ? n : 1) * sizeof(struct job_stats),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void runner_stats_free(struct job_stats *st, size_t n)
{
	if (st)
		munmap(st, (n ? n : 1) * sizeof(struct job_stats));
}

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

/* Make pf hold at least offset+size bytes: data when the job reads. */
static int layout_file(const struct plan_job *pj, const struct plan_file *pf,
		       bool verbose, struct perr *e)
{
	const struct job_spec *js = pj->spec;
	uint64_t end = pf->offset + pf->size, pos;
	struct stat st;
	char *buf = NULL;
	size_t chunk = 1 << 20;
	struct rand_state r;
	int fd, rc = 0;

	fd = open(pf->path, O_RDWR | O_CREAT, 0644);
	if (fd < 0)
		return perr_setrc(e, -errno, "job '%s': cannot create '%s': %s",
				  js->name, pf->path, strerror(errno));
	if (fstat(fd, &st)) {
		rc = perr_setrc(e, -errno, "job '%s': '%s': %s", js->name, pf->path,
				strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size >= end)
		goto out;
	if (verbose) {
		char s[32];

		size_str(pf->size, s, sizeof(s));
		printf("%s: Laying out IO file (1 file / %s)\n", js->name, s);
		fflush(stdout);
	}
	if (!(js->rw & RW_READ)) {
		if (ftruncate(fd, (off_t)end))
			rc = perr_setrc(e, -errno, "job '%s': cannot extend '%s' to %llu bytes: %s",
					js->name, pf->path, (unsigned long long)end,
					strerror(errno));
		goto out;
	}
	buf = malloc(chunk);
	if (!buf) {
		rc = -ENOMEM;
		goto out;
	}
	rand_seed(&r, 0x6c61796f7574ull);
	for (pos = 0; pos + sizeof(uint64_t) <= chunk; pos += sizeof(uint64_t))
		*(uint64_t *)(buf + pos) = rand_next(&r);
	for (pos = (uint64_t)st.st_size; pos < end;) {
		size_t n = end - pos < chunk ? (size_t)(end - pos) : chunk;
		ssize_t w = pwrite(fd, buf, n, (off_t)pos);

		if (w <= 0) {
			rc = perr_setrc(e, w < 0 ? -errno : -EIO,
					"job '%s': laying out '%s' at offset %llu: %s",
					js->name, pf->path, (unsigned long long)pos,
					w < 0 ? strerror(errno) : "short write");
			goto out;
		}
		pos += (uint64_t)w;
	}
	if (fsync(fd))
		rc = perr_setrc(e, -errno, "job '%s': fsync of '%s': %s", js->name,
				pf->path, strerror(errno));
out:
	free(buf);
	if (close(fd) && !rc)
		rc = perr_setrc(e, -errno, "job '%s': closing '%s': %s", js->name,
				pf->path, strerror(errno));
	return rc;
}

int runner_layout(const struct plan *plan, bool verbose, struct perr *e)
{
	size_t i, j;
	int rc;

	for (i = 0; i < plan->n_jobs; i++) {
		const struct plan_job *pj = &plan->jobs[i];

		for (j = 0; j < pj->n_files; j++) {
			if (!pj->files[j].layout)
				continue;
			rc = layout_file(pj, &pj->files[j], verbose, e);
			if (rc)
				return rc;
		}
	}
	return 0;
}

struct thread_arg {
	const struct plan_job *pj;
	struct job_stats *st;
	int start_fd;
};

static void *thread_main(void *arg)
{
	struct thread_arg *ta = arg;

	worker_run(ta->pj, ta->st, ta->start_fd);
	return NULL;
}

int runner_run(const struct plan *plan, struct job_stats *stats, struct perr *e)
{
	/* e stays empty when workers failed: each one's line is printed here */
	size_t n = plan->n_jobs, i;
	struct thread_arg *targs;
	pthread_t *tids;
	pid_t *pids;
	bool *is_thread;
	int barrier[2], rc = 0;

	targs = calloc(n ? n : 1, sizeof(*targs));
	tids = calloc(n ? n : 1, sizeof(*tids));
	pids = calloc(n ? n : 1, sizeof(*pids));
	is_thread = calloc(n ? n : 1, sizeof(*is_thread));
	if (!targs || !tids || !pids || !is_thread) {
		rc = -ENOMEM;
		goto out;
	}
	if (pipe(barrier)) {
		rc = perr_setrc(e, -errno, "cannot create the start barrier: %s",
				strerror(errno));
		goto out;
	}
	fflush(NULL);
	/* processes first: fork() while thread workers already run would copy
	 * their half-built state (and any lock they hold) into the child */
	for (i = 0; i < n; i++) {
		const struct plan_job *pj = &plan->jobs[i];

		targs[i] = (struct thread_arg){ pj, &stats[i], barrier[0] };
		if (pj->spec->thread)
			continue;
		pids[i] = fork();
		if (pids[i] == 0) {
			close(barrier[1]);
			_exit(worker_run(pj, &stats[i], barrier[0]) ? 1 : 0);
		}
		if (pids[i] < 0) {
			stats[i].error = errno;
			snprintf(stats[i].errmsg, sizeof(stats[i].errmsg),
				 "job '%s': cannot start a process: %s", pj->spec->name,
				 strerror(errno));
		}
	}
	for (i = 0; i < n; i++) {
		const struct plan_job *pj = &plan->jobs[i];

		if (!pj->spec->thread)
			continue;
		is_thread[i] = true;
		if (pthread_create(&tids[i], NULL, thread_main, &targs[i])) {
			is_thread[i] = false;
			pids[i] = -1;
			stats[i].error = EAGAIN;
			snprintf(stats[i].errmsg, sizeof(stats[i].errmsg),
				 "job '%s': cannot start a thread", pj->spec->name);
		}
	}
	/* everyone is set up or waiting: EOF on the pipe starts them all */
	close(barrier[1]);
	for (i = 0; i < n; i++) {
		int status;

		if (is_thread[i]) {
			pthread_join(tids[i], NULL);
			continue;
		}
		if (pids[i] <= 0)
			continue;
		while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
			;
		if (WIFSIGNALED(status) && !stats[i].error) {
			stats[i].error = EINTR;
			snprintf(stats[i].errmsg, sizeof(stats[i].errmsg),
				 "job '%s': worker killed by signal %d (%s)",
				 plan->jobs[i].spec->name, WTERMSIG(status),
				 strsignal(WTERMSIG(status)));
		} else if (WIFEXITED(status) && WEXITSTATUS(status) && !stats[i].error) {
			/* exit() from a plugin or a sanitizer: not a success */
			stats[i].error = EIO;
			snprintf(stats[i].errmsg, sizeof(stats[i].errmsg),
				 "job '%s': worker exited with status %d",
				 plan->jobs[i].spec->name, WEXITSTATUS(status));
		}
	}
	close(barrier[0]);
	for (i = 0; i < n; i++) {
		if (!stats[i].error)
			continue;
		log_error("%s", stats[i].errmsg);
		rc = -EIO;
	}
out:
	free(targs);
	free(tids);
	free(pids);
	free(is_thread);
	return rc;
}
