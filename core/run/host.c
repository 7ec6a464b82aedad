/*
 * host.c - the table of core callbacks handed to every plugin.
 *
 * plio_host_table is what plio_plugin_entry() receives and what every
 * plio_ctx carries in ctx->host: the only way plugin code reaches into the
 * core.  It is appended to only (see plio/plugin.h); a plugin checks
 * PLIO_HAS(host, fn) before calling anything newer than the minor it needs.
 *
 * Engine callbacks (log, now_ns, file_*, job_option) run on worker threads,
 * concurrently for different workers, so they keep no state of their own.
 * Profile callbacks (job_add, job_set) run on the main thread inside a
 * profile's generate() and write only the jobfile behind the plio_jobgen.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <plio/plugin.h>

#include "base/clock.h"
#include "input/jobfile.h"
#include "plugin/loader.h"
#include "base/log.h"
#include "options/options.h"
#include "plan/plan.h"
#include "run/host.h"
#include "run/worker.h"

/*
 * One line on stderr, "plio: JOB: [warning: ]TEXT", written with a single
 * write() so lines from concurrent workers do not interleave.  Debug lines
 * appear only with --debug=plugin.
 */
static void host_log(const struct plio_ctx *ctx, int level, const char *fmt, ...)
	PLIO_PRINTF(3, 4);
static void host_log(const struct plio_ctx *ctx, int level, const char *fmt, ...)
{
	char line[1024];
	const char *tag = "";
	size_t len;
	va_list ap;
	int n;

	if (level >= PLIO_LOG_DEBUG && !(log_debug_mask & DBG_PLUGIN))
		return;
	if (level == PLIO_LOG_WARN)
		tag = "warning: ";
	else if (level >= PLIO_LOG_DEBUG)
		tag = "debug: ";
	if (level == PLIO_LOG_ERROR && ctx && fmt) {
		/* the worker puts it in its one error line */
		va_start(ap, fmt);
		vsnprintf(line, sizeof(line), fmt, ap);
		va_end(ap);
		len = strlen(line);
		while (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (worker_keep_error(ctx, line))
			return;
	}
	if (ctx && ctx->job_name)
		n = snprintf(line, sizeof(line), "plio: %s%s: %s", log_origin, ctx->job_name, tag);
	else
		n = snprintf(line, sizeof(line), "plio: %s%s", log_origin, tag);
	if (n < 0)
		return;
	len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(line + len, sizeof(line) - len, fmt, ap);
		va_end(ap);
	}
	len = strlen(line);
	while (len && line[len - 1] == '\n')
		len--;
	line[len++] = '\n';
	if (write(STDERR_FILENO, line, len) < 0)
		return;		/* nowhere left to report it */
}

static uint64_t host_now_ns(void)
{
	return clock_ns();
}

/* Open f->path with the job's flags; -errno on failure (the worker composes
 * the message, naming the job and the file). */
static int host_file_open(struct plio_ctx *ctx, struct plio_file *f)
{
	int fd;

	(void)ctx;
	if (!f || !f->path)
		return -EINVAL;
	fd = open(f->path, f->open_flags, 0644);
	if (fd < 0)
		return -errno;
	f->fd = fd;
	return 0;
}

static int host_file_close(struct plio_ctx *ctx, struct plio_file *f)
{
	int rc = 0;

	(void)ctx;
	if (!f)
		return -EINVAL;
	if (f->fd >= 0 && close(f->fd) != 0)
		rc = -errno;
	f->fd = -1;
	return rc;
}

/* Size of a regular file or a block device: plan_file_size() by the fd. */
static int host_file_size(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size)
{
	bool blkdev;

	(void)ctx;
	if (!f || !size)
		return -EINVAL;
	return plan_file_size(f->path, f->fd, size, &blkdev);
}

/* Discard a range: punch a hole in a file, BLKDISCARD on a block device. */
static int host_file_trim(struct plio_ctx *ctx, struct plio_file *f,
			  uint64_t offset, uint64_t length)
{
	struct stat st;

	(void)ctx;
	if (!f || f->fd < 0)
		return -EBADF;
	if (fstat(f->fd, &st))
		return -errno;
	if (S_ISBLK(st.st_mode)) {
		uint64_t range[2] = { offset, length };

		return ioctl(f->fd, BLKDISCARD, range) ? -errno : 0;
	}
	if (fallocate(f->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      (off_t)offset, (off_t)length))
		return -errno;
	return 0;
}

/*
 * A job option as text: a core option of the job, or else an option of the
 * job's engine.  Returns the length written or -ENOENT.
 */
static int host_job_option(const struct plio_ctx *ctx, const char *name, char *buf, size_t len)
{
	const struct plan_job *pj;
	const struct job_spec *js;
	const struct core_option *co;
	const struct plio_option *o;
	const void *block;
	int rc;

	if (!ctx || !name || !buf || !len)
		return -EINVAL;
	pj = worker_job_of(ctx);
	js = pj ? pj->spec : NULL;
	if (!js)
		return -ENOENT;
	co = core_option_find(name);
	o = co ? &co->o : NULL;
	block = js;
	if (!o && pj->engine && js->engine_opts) {
		o = option_find(pj->engine->options, pj->engine->n_options, name);
		block = js->engine_opts;
	}
	if (!o)
		return -ENOENT;
	buf[0] = '\0';
	rc = option_format_value(o, block, buf, len);
	if (rc < 0)
		return rc;
	buf[len - 1] = '\0';
	return (int)strlen(buf);
}

/*
 * Profiles: a new job becomes a section of the jobfile behind gen, with
 * the generator's origin ("profile NAME", line 0) so later errors name the
 * profile.  main sets gen->where; "profile" stands in when it did not.
 * A job named "global" (or global-anything) is a global section, as it is
 * in a job file and on the command line: its options are the defaults of
 * the jobs after it.
 */
static struct origin gen_origin(const struct plio_jobgen *gen)
{
	struct origin o = gen->where;

	if (!o.file)
		o.file = "profile";
	return o;
}

static int host_job_add(struct plio_jobgen *gen, const char *name)
{
	struct origin o;

	if (!gen || !gen->jf)
		return -EINVAL;
	o = gen_origin(gen);
	if (!name || !*name) {
		log_error("%s: job_add: a job needs a name", o.file);
		return -EINVAL;
	}
	/* as in a job file: a section named global... holds defaults */
	if (!jobfile_add_section(gen->jf, name, !strncmp(name, "global", 6), o)) {
		log_error("%s: job_add(%s): out of memory", o.file, name);
		return -ENOMEM;
	}
	gen->have_job = true;
	return 0;
}

static int host_job_set(struct plio_jobgen *gen, const char *key, const char *value)
{
	struct origin o;
	int rc;

	if (!gen || !gen->jf)
		return -EINVAL;
	o = gen_origin(gen);
	if (!key || !*key) {
		log_error("%s: job_set: empty option name", o.file);
		return -EINVAL;
	}
	if (!gen->have_job) {
		log_error("%s: job_set(%s) before job_add: add a job first", o.file, key);
		return -EINVAL;
	}
	rc = jobfile_add_entry(gen->jf, key, value, o);
	if (rc) {
		log_error("%s: job_set(%s): %s", o.file, key, strerror(rc < 0 ? -rc : rc));
		return rc < 0 ? rc : -rc;
	}
	return 0;
}

const struct plio_host plio_host_table = {
	.struct_size = sizeof(struct plio_host),
	.abi_major = PLIO_ABI_MAJOR,
	.abi_minor = PLIO_ABI_MINOR,
	.version = PACKAGE_VERSION,
	.log = host_log,
	.now_ns = host_now_ns,
	.file_open = host_file_open,
	.file_close = host_file_close,
	.file_size = host_file_size,
	.file_trim = host_file_trim,
	.job_option = host_job_option,
	.job_add = host_job_add,
	.job_set = host_job_set,
	.io_jobs_running = worker_io_jobs_running,
	.job_done = worker_job_done,
	.job_stopping = worker_job_stopping,
};
