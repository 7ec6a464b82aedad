/*
 * process.c - a job's process settings (see process.h).
 *
 * Scope: Linux keeps nice, the I/O priority and the credentials per thread.
 * nice() and ioprio_set(IOPRIO_WHO_PROCESS, 0) already act on the calling
 * thread only.  glibc's setuid()/setgid() do not: they broadcast the change
 * to every thread of the process (POSIX semantics), so fio, which calls
 * them from its job thread, switches the whole program, its main thread
 * and every other thread job included, when one thread job sets uid=.
 * Here the raw system calls change the worker thread alone; a process
 * worker is a process of its own, so both agree there.  Commands run by
 * exec_prerun/exec_postrun are forked from the worker thread and inherit
 * its nice, I/O priority and credentials.
 *
 * Order: fio sets gid and uid first, then the I/O priority and nice, so a
 * job that drops to a user and asks for a higher priority (nice=-5,
 * prioclass=1) fails there.  Here the privileged steps come first and the
 * credentials last; a job fio accepts is accepted too.  As in fio, the
 * supplementary groups are left as they are.
 *
 * exec_prerun/exec_postrun: as fio, "CMD > JOB.prerun.txt 2>&1" is run by
 * /bin/sh in the current directory (so in "a; b" only b's output lands in
 * the file, as in fio); the file name is quoted for the shell.  fio's note
 * "JOB : Saving output of prerun in JOB.prerun.txt" goes to --debug=process
 * only, since on stdout it would break JSON and terse output.  fio skips a
 * job whose prerun fails without a word and exits 0, and ignores postrun's
 * status; here either failing is an error of the job, reported in one line.
 * posix_spawn, not system(): system() sets SIGINT and SIGQUIT to ignored
 * for the whole process while the command runs.
 */
#include "config.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef HAVE_LIBNUMA
#include <numa.h>
#include <numaif.h>
#endif

#include "base/log.h"
#include "plan/plan.h"
#include "run/process.h"
#include "run/signals.h"

extern char **environ;

/* <linux/ioprio.h> is not installed everywhere; these are ABI. */
#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_CLASS_BE 2
#define IOPRIO_CLASS_SHIFT 13

static int say(char *errbuf, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int say(char *errbuf, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

/* Append s to the shell command in buf, in single quotes. */
static void shell_quote(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);

	if (n + 1 < len)
		buf[n++] = '\'';
	for (; *s && n + 5 < len; s++) {
		if (*s == '\'') {
			memcpy(buf + n, "'\\''", 4);
			n += 4;
		} else {
			buf[n++] = *s;
		}
	}
	if (n + 1 < len)
		buf[n++] = '\'';
	buf[n < len ? n : len - 1] = '\0';
}

/* Run "cmd > job.mode.txt 2>&1" through /bin/sh and wait for it. */
static int exec_string(const struct plan_shape *sh, const char *cmd, const char *mode,
		       char *errbuf, size_t errlen)
{
	const char *job = sh->name;
	char *argv[4], *line;
	char name[PATH_MAX], suffix[32];
	size_t len;
	int rc, status;
	pid_t pid;

	/* JOB.prerun.txt, a plio-mpi rank's JOB.TAG.prerun.txt */
	snprintf(suffix, sizeof(suffix), ".%s.txt", mode);
	if (plan_out_name(sh, name, sizeof(name), job, suffix) < 0)
		return say(errbuf, errlen, -ENAMETOOLONG, "exec_%s: the output file's name '%s...' is too long",
			   mode, name);
	len = strlen(cmd) + 4 * strlen(name) + 16;
	line = malloc(len);
	if (!line)
		return say(errbuf, errlen, -ENOMEM, "exec_%s: out of memory", mode);
	snprintf(line, len, "%s > ", cmd);
	shell_quote(line, len, name);
	strcat(line, " 2>&1");
	log_debug(DBG_PROCESS, "%s : Saving output of %s in %s", job, mode, name);

	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = line;
	argv[3] = NULL;
	rc = posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ);
	free(line);
	if (rc)
		return say(errbuf, errlen, -rc, "exec_%s: cannot run /bin/sh: %s", mode,
			   strerror(rc));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return say(errbuf, errlen, -errno, "exec_%s: waiting for '%s': %s",
				   mode, cmd, strerror(errno));
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	if (WIFSIGNALED(status))
		return say(errbuf, errlen, -ECHILD, "exec_%s: '%s' was killed by signal %d (%s)",
			   mode, cmd, WTERMSIG(status), strsignal(WTERMSIG(status)));
	return say(errbuf, errlen, -ECHILD, "exec_%s: '%s' exited with status %d (output in %s)",
		   mode, cmd, WEXITSTATUS(status), name);
}

/* setuid/setgid of the calling thread alone (see the top of the file).
 * (uid_t)-1 and above are not ids: the kernel reads -1 as "unchanged". */
static int set_id(long nr, int64_t id)
{
	if (id < 0 || id >= (int64_t)UINT32_MAX) {
		errno = EINVAL;
		return -1;
	}
	return (int)syscall(nr, (unsigned int)id);
}

#ifdef HAVE_LIBNUMA
/* libnuma reports a failure through numa_error() (and warns through
 * numa_warn()), by default on stderr: plio says what failed itself, in one
 * line, from the errno kept here.  (These also quiet the options stage's
 * numa_parse_nodestring(), whose refusals plio words.) */
static __thread int numa_errno;

void numa_error(char *where)
{
	(void)where;
	numa_errno = errno ? errno : EINVAL;
}

void numa_warn(int num, char *fmt, ...)
{
	(void)num;
	(void)fmt;
}

static unsigned int first_bit(const uint64_t *mask)
{
	unsigned int c;

	for (c = 0; c < PLAN_CPUS_MAX && !(mask[c / 64] >> (c % 64) & 1); c++)
		;
	return c;
}

/* A libnuma node mask of PLAN_CPUS_MAX bits; NULL: out of memory. */
static struct bitmask *node_mask(const uint64_t *mask)
{
	struct bitmask *b = numa_allocate_nodemask();
	unsigned int c;

	for (c = 0; b && c < PLAN_CPUS_MAX && c < b->size; c++)
		if (mask[c / 64] >> (c % 64) & 1)
			numa_bitmask_setbit(b, c);
	return b;
}
#endif

/*
 * cpus_allowed (cpumask): the calling thread runs on those CPUs; split:
 * clone c on the (c mod count)-th of them, as fio's.  numa_cpu_nodes: on
 * the CPUs of those nodes; numa_mem_policy: its memory from them (the
 * buffers are allocated after this).  Each is the calling thread's own.
 */
unsigned int process_cpu_set(const uint64_t *mask, int nth, cpu_set_t *set)
{
	unsigned int c, n = 0, pick;

	for (c = 0; c < PLAN_CPUS_MAX && c < CPU_SETSIZE; c++)
		n += mask[c / 64] >> (c % 64) & 1;
	pick = n && nth >= 0 ? (unsigned int)nth % n : 0;
	CPU_ZERO(set);
	for (c = 0; c < PLAN_CPUS_MAX && c < CPU_SETSIZE; c++)
		if (mask[c / 64] >> (c % 64) & 1 && (nth < 0 || !pick--))
			CPU_SET(c, set);
	return n;
}

static int place(const struct plan_job *pj, char *errbuf, size_t errlen)
{
	const struct job_place *pl = &pj->shape->process.place;
	cpu_set_t set;

	if (pl->pin) {
		process_cpu_set(pl->cpus, pl->split ? (int)pj->clone : -1, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			return say(errbuf, errlen, -errno, "cpus_allowed: sched_setaffinity: %s",
				   strerror(errno));
	}
#ifdef HAVE_LIBNUMA
	if (pl->on_nodes) {
		struct bitmask *b = node_mask(pl->cpu_nodes);

		numa_errno = 0;
		if (!b || numa_run_on_node_mask(b) || numa_errno) {
			int err = !b ? ENOMEM : numa_errno ? numa_errno : errno;

			numa_bitmask_free(b);
			return say(errbuf, errlen, -err, "numa_cpu_nodes: %s", strerror(err));
		}
		numa_bitmask_free(b);
	}
	if (pl->mem_mode) {
		struct bitmask *b = node_mask(pl->mem_nodes);
		int err = 0;

		numa_errno = 0;
		if (!b)
			err = ENOMEM;
		else if (pl->mem_mode == PLACE_MEM_DEFAULT && set_mempolicy(MPOL_DEFAULT, NULL, 0))
			err = errno;
		else if (pl->mem_mode == PLACE_MEM_PREFER)
			numa_set_preferred((int)first_bit(pl->mem_nodes));
		else if (pl->mem_mode == PLACE_MEM_BIND)
			numa_set_membind(b);
		else if (pl->mem_mode == PLACE_MEM_INTERLEAVE)
			numa_set_interleave_mask(b);
		else if (pl->mem_mode == PLACE_MEM_LOCAL)
			numa_set_localalloc();
		if (b)
			numa_bitmask_free(b);
		if (!err)
			err = numa_errno;
		if (err)
			return say(errbuf, errlen, -err, "numa_mem_policy: %s", strerror(err));
	}
#endif
	return 0;
}

int process_job_start(const struct plan_job *pj, char *errbuf, size_t errlen)
{
	const struct plan_process *p = &pj->shape->process;
	int rc = place(pj, errbuf, errlen);

	if (rc)
		return rc;

	if (p->ioprio) {
		/* fio: no class (or class 0, "none") means best effort */
		long cls = p->prioclass ? p->prioclass : IOPRIO_CLASS_BE;
		long v = cls << IOPRIO_CLASS_SHIFT | p->prio;

		if (syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, v) == -1)
			return say(errbuf, errlen, -errno, "ioprio_set(class %ld, prio %ld): %s",
				   cls, (long)p->prio, strerror(errno));
	}
	if (p->nice) {
		/* nice() may return -1 as the new value: errno tells */
		errno = 0;
		if (nice((int)p->nice) == -1 && errno)
			return say(errbuf, errlen, -errno, "nice(%ld): %s", (long)p->nice,
				   strerror(errno));
	}
	/* a new gid needs the privilege that the new uid drops */
	if (p->set_gid && set_id(SYS_setgid, p->gid))
		return say(errbuf, errlen, -errno, "setgid(%lld): %s", (long long)p->gid,
			   strerror(errno));
	if (p->set_uid && set_id(SYS_setuid, p->uid))
		return say(errbuf, errlen, -errno, "setuid(%lld): %s", (long long)p->uid,
			   strerror(errno));
	/* new credentials drop a worker process's parent-death signal */
	if (p->set_gid || p->set_uid)
		signals_worker_rearm();
	if (p->prerun)
		return exec_string(pj->shape, p->prerun, "prerun", errbuf, errlen);
	return 0;
}

int process_job_end(const struct plan_job *pj, char *errbuf, size_t errlen)
{
	const struct plan_process *p = &pj->shape->process;

	if (p->postrun)
		return exec_string(pj->shape, p->postrun, "postrun", errbuf, errlen);
	return 0;
}
