/*
 * fileops.c - plugin "fileops": fio's metadata engines.  Each measures one
 * metadata operation per file of the job instead of a transfer:
 *
 *   filecreate  open(O_CREAT | O_RDWR, 0600): creates the file (no layout)
 *   filestat    stat(2), lstat(2) or statx(2) (stat_type=) of a laid-out file
 *   filedelete  unlink(2) of a laid-out file
 *   dircreate   mkdir(2) of each "file" name
 *   dirstat     stat_type's call on each name, a directory made at set-up
 *   dirdelete   rmdir(2) of each name, a directory made at set-up
 *
 * The operation is open_file itself (PLIO_CAP_FILEOP, ABI 1.3): the core
 * calls it when the job first picks the file, times it and keeps that time
 * as a completion latency; the units after it move no data and complete at
 * once with their length (PLIO_CAP_FAKEIO | PLIO_CAP_SYNC), so a job of
 * nrfiles files of filesize= bytes counts nrfiles * filesize / bs I/Os and
 * nrfiles latencies, as fio does.
 *
 * Files: filestat and filedelete need existing files, so the core lays
 * them out before the run (as fio does); the others are PLIO_CAP_DISKLESS
 * (nothing laid out).  dirstat and dirdelete need directories, which the
 * core does not lay out: init makes each missing one (mode 0700; one that
 * exists is kept), before the job starts and outside its measurement,
 * where fio's engine setup hook makes them.  Only filecreate holds a
 * descriptor, from its open until the core closes the file (with
 * openfiles=1, before the next file is made).  Only the call itself is
 * timed: statx is given the name as it is (fio resolves it with
 * realpath() first, inside the timing), and mkdir makes 0700 directories
 * (fio passes S_IFDIR as the mode: no permission bits).  No call here
 * allocates; every failure is logged with the call that failed, and the
 * core's line names the job and the file.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <plio/plio.h>

/* stat_type= */
enum {
	FO_STAT = 1,
	FO_LSTAT = 2,
	FO_STATX = 3,
};

struct fileops_opts {
	int64_t stat_type;
};

static const struct plio_option_choice stat_choices[] = {
	{ "stat", FO_STAT, "stat(2): follows a symbolic link" },
	{ "lstat", FO_LSTAT, "lstat(2): a symbolic link itself" },
	{ "statx", FO_STATX, "statx(2), every field asked for (STATX_ALL)" },
	{ NULL, 0, NULL },
};

static const struct plio_option stat_options[] = {
	{ .name = "stat_type", .type = PLIO_OPT_ENUM,
	  .offset = (uint32_t)offsetof(struct fileops_opts, stat_type), .def = "stat",
	  PLIO_CHOICES(stat_choices),
	  .help = "The call that stats each file (getattr, lookup): stat, lstat or statx" },
};

/* A failed call: its words for the core's line, and -errno. */
static int fo_fail(struct plio_ctx *ctx, const char *call, int err)
{
	ctx->host->log(ctx, PLIO_LOG_ERROR, "%s: %s", call, strerror(err));
	return -err;
}

static int create_file(struct plio_ctx *ctx, struct plio_file *f)
{
	int fd = open(f->path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);

	if (fd < 0)
		return fo_fail(ctx, "cannot create it (open O_CREAT)", errno);
	f->fd = fd;
	return 0;
}

static int create_dir(struct plio_ctx *ctx, struct plio_file *f)
{
	return mkdir(f->path, 0700) ? fo_fail(ctx, "cannot make the directory (mkdir)", errno) : 0;
}

static int stat_one(struct plio_ctx *ctx, struct plio_file *f)
{
	const struct fileops_opts *o = ctx->options;
	struct statx stx;
	struct stat st;
	int rc;

	switch (o->stat_type) {
	case FO_LSTAT:
		rc = lstat(f->path, &st);
		break;
	case FO_STATX:
		rc = statx(AT_FDCWD, f->path, 0, STATX_BASIC_STATS | STATX_BTIME, &stx);
		break;
	default:
		rc = stat(f->path, &st);
		break;
	}
	if (rc)
		return fo_fail(ctx, o->stat_type == FO_LSTAT ? "cannot stat it (lstat)" :
				    o->stat_type == FO_STATX ? "cannot stat it (statx)" :
				    "cannot stat it (stat)", errno);
	return 0;
}

static int delete_file(struct plio_ctx *ctx, struct plio_file *f)
{
	return unlink(f->path) ? fo_fail(ctx, "cannot delete it (unlink)", errno) : 0;
}

static int delete_dir(struct plio_ctx *ctx, struct plio_file *f)
{
	return rmdir(f->path) ? fo_fail(ctx, "cannot remove the directory (rmdir)", errno) : 0;
}

static int fo_close(struct plio_ctx *ctx, struct plio_file *f)
{
	int rc = 0;

	(void)ctx;
	if (f->fd >= 0 && close(f->fd))
		rc = -errno;
	f->fd = -1;
	return rc;
}

/* The size the job planned: asking the file system would be one more
 * call per file beside the one measured (and the file may be gone). */
static int fo_size(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size)
{
	(void)ctx;
	*size = f->real_size;
	return 0;
}

/* No data moves: a read or write counts its length, a sync nothing. */
static int fo_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = u->ddir <= PLIO_DDIR_TRIM ? (int64_t)u->length : 0;
	u->error = 0;
	return PLIO_Q_COMPLETED;
}

/*
 * dirstat, dirdelete: each name a directory before the job starts.  One
 * that exists is kept (a clone or another job may have made it); a name
 * that exists as something else is refused here, not at its first stat
 * or rmdir.
 */
static int make_dirs(struct plio_ctx *ctx)
{
	struct stat st;
	uint32_t i;

	for (i = 0; i < ctx->nr_files; i++) {
		const char *p = ctx->files[i]->path;

		if (!mkdir(p, 0700))
			continue;
		if (errno != EEXIST) {
			ctx->host->log(ctx, PLIO_LOG_ERROR, "cannot make the directory '%s': %s",
				       p, strerror(errno));
			return -errno;
		}
		if (stat(p, &st) || !S_ISDIR(st.st_mode)) {
			ctx->host->log(ctx, PLIO_LOG_ERROR,
				       "'%s' exists and is not a directory", p);
			return -ENOTDIR;
		}
	}
	return 0;
}

#define FO_CAPS (PLIO_CAP_SYNC | PLIO_CAP_FAKEIO | PLIO_CAP_FILEOP)

/* One engine: its operation (open_), set-up (init_) and more fields
 * (its options) after them. */
#define FO_ENGINE(nm, hlp, caps_, init_, open_, ...)                            \
	{                                                                       \
		.struct_size = sizeof(struct plio_engine),                      \
		.name = (nm), .help = (hlp),                                    \
		.caps = PLIO_CAP_SYNC | PLIO_CAP_FAKEIO | PLIO_CAP_FILEOP | (caps_), \
		.init = (init_), .open_file = (open_), .close_file = fo_close,  \
		.file_size = fo_size, .queue = fo_queue, __VA_ARGS__            \
	}

#define FO_STAT_OPTIONS .options_size = sizeof(struct fileops_opts), \
	.options = PLIO_OPTIONS(stat_options)

static const struct plio_engine filecreate_engine =
	FO_ENGINE("filecreate", "Creates each file (open with O_CREAT) and times it; no data moves",
		  PLIO_CAP_DISKLESS, NULL, create_file);
static const struct plio_engine filestat_engine =
	FO_ENGINE("filestat", "Stats each file (stat_type=) and times it; the files are laid out first",
		  0, NULL, stat_one, FO_STAT_OPTIONS);
static const struct plio_engine filedelete_engine =
	FO_ENGINE("filedelete", "Deletes each file (unlink) and times it; the files are laid out first",
		  0, NULL, delete_file);
static const struct plio_engine dircreate_engine =
	FO_ENGINE("dircreate", "Makes a directory of each file name (mkdir) and times it",
		  PLIO_CAP_DISKLESS, NULL, create_dir);
static const struct plio_engine dirstat_engine =
	FO_ENGINE("dirstat", "Stats each directory (stat_type=) and times it; they are made at set-up",
		  PLIO_CAP_DISKLESS, make_dirs, stat_one, FO_STAT_OPTIONS);
static const struct plio_engine dirdelete_engine =
	FO_ENGINE("dirdelete", "Removes each directory (rmdir) and times it; they are made at set-up",
		  PLIO_CAP_DISKLESS, make_dirs, delete_dir);

static const struct plio_engine *const fileops_engines[] = {
	&filecreate_engine, &filestat_engine, &filedelete_engine,
	&dircreate_engine, &dirstat_engine, &dirdelete_engine, NULL,
};

static const struct plio_plugin fileops_plugin = {
	PLIO_PLUGIN_HEADER(3),
	.name = "fileops",
	.version = "1.0",
	.license = "MIT",
	.description = "fio's metadata engines: files and directories created, stat'ed, deleted",
	.engines = fileops_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &fileops_plugin;
}
