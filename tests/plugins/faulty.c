/*
 * faulty.c - test plugin, engine "faulty": psync that misbehaves on one
 * write, as a failing device does, so that verify's reports can be
 * proven: the write number fault_at (from 1, counted over the whole job)
 *
 *   lost       is not written at all, yet reported done
 *   misdirect  lands one block (its own length) lower than asked
 *   torn       has only its first half written
 *   flip       is written with one byte changed (at fault_byte)
 *
 * and with fault=notrim every trim is reported done and does nothing.
 * Everything else is pread/pwrite as psync does it; fault_delay makes
 * every write take that long (a slow device, for jobs to interrupt).  The core's buffer is
 * never changed: a changed copy is written.
 *
 * Test-only: exports the plain plio_plugin_entry, like a vendor plugin.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <plio/plio.h>

enum fault { F_NONE, F_LOST, F_MISDIRECT, F_TORN, F_FLIP, F_NOTRIM };

struct faulty_opts {
	int64_t fault;		/* ENUM */
	int64_t at;		/* INT: which write */
	int64_t byte;		/* INT: flip: which byte of the block */
	uint64_t delay;		/* TIME: each write takes at least this */
};

static const struct plio_option_choice fault_choices[] = {
	{ "none", F_NONE, "behave" },
	{ "lost", F_LOST, "do not write, report done" },
	{ "misdirect", F_MISDIRECT, "write one block lower" },
	{ "torn", F_TORN, "write the first half only" },
	{ "flip", F_FLIP, "change one byte" },
	{ "notrim", F_NOTRIM, "trims do nothing" },
	{ NULL, 0, NULL },
};

static const struct plio_option faulty_options[] = {
	{ .name = "fault", .help = "what the fault_at-th write suffers", .type = PLIO_OPT_ENUM,
	  .offset = offsetof(struct faulty_opts, fault), .def = "none",
	  PLIO_CHOICES(fault_choices) },
	{ .name = "fault_at", .help = "which write (from 1, over the job)", .type = PLIO_OPT_INT,
	  .offset = offsetof(struct faulty_opts, at), .def = "1", .min = 1, .max = INT64_MAX },
	{ .name = "fault_byte", .help = "flip: the byte of the block changed", .type = PLIO_OPT_INT,
	  .offset = offsetof(struct faulty_opts, byte), .def = "1000", .min = 0,
	  .max = INT64_MAX },
	{ .name = "fault_delay", .help = "every write takes this long (bare: microseconds)",
	  .type = PLIO_OPT_TIME, .offset = offsetof(struct faulty_opts, delay), .def = "0",
	  .unit = 1 },
};

struct faulty {
	uint64_t writes;
	uint8_t *copy;		/* flip's changed block */
};

static int faulty_init(struct plio_ctx *ctx)
{
	struct faulty *f = calloc(1, sizeof(*f));

	if (!f)
		return -ENOMEM;
	f->copy = malloc(ctx->max_bs ? ctx->max_bs : 1);
	if (!f->copy) {
		free(f);
		return -ENOMEM;
	}
	ctx->engine_data = f;
	return 0;
}

static void faulty_cleanup(struct plio_ctx *ctx)
{
	struct faulty *f = ctx->engine_data;

	if (f)
		free(f->copy);
	free(f);
	ctx->engine_data = NULL;
}

static ssize_t faulty_write(const struct faulty_opts *o, struct faulty *f, int fd,
			    const struct plio_io_u *u)
{
	if (++f->writes != (uint64_t)o->at)
		return pwrite(fd, u->buf, u->length, (off_t)u->offset);
	switch (o->fault) {
	case F_LOST:
		return (ssize_t)u->length;
	case F_MISDIRECT:
		if (u->offset < u->length)
			return pwrite(fd, u->buf, u->length, (off_t)(u->offset + u->length));
		return pwrite(fd, u->buf, u->length, (off_t)(u->offset - u->length));
	case F_TORN:
		if (pwrite(fd, u->buf, u->length / 2, (off_t)u->offset) < 0)
			return -1;
		return (ssize_t)u->length;
	case F_FLIP:
		memcpy(f->copy, u->buf, u->length);
		f->copy[(uint64_t)o->byte % u->length] ^= 0x20;
		return pwrite(fd, f->copy, u->length, (off_t)u->offset);
	default:
		return pwrite(fd, u->buf, u->length, (off_t)u->offset);
	}
}

static int faulty_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	const struct faulty_opts *o = ctx->options;
	int fd = u->file->fd;
	ssize_t ret;

	switch (u->ddir) {
	case PLIO_DDIR_READ:
		ret = pread(fd, u->buf, u->length, (off_t)u->offset);
		break;
	case PLIO_DDIR_WRITE:
		if (o->delay)
			usleep((useconds_t)o->delay);
		ret = faulty_write(o, ctx->engine_data, fd, u);
		break;
	case PLIO_DDIR_TRIM:
		if (o->fault == F_NOTRIM)
			ret = (ssize_t)u->length;
		else
			ret = fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
					(off_t)u->offset, (off_t)u->length) ? -1 : (ssize_t)u->length;
		break;
	case PLIO_DDIR_SYNC:
		ret = fsync(fd);
		break;
	case PLIO_DDIR_DATASYNC:
		ret = fdatasync(fd);
		break;
	default:
		errno = EINVAL;
		ret = -1;
		break;
	}
	if (ret < 0) {
		u->result = 0;
		u->error = errno ? errno : EIO;
	} else {
		u->result = ret;
		u->error = 0;
	}
	return PLIO_Q_COMPLETED;
}

static const struct plio_engine faulty_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct faulty_opts),
	.name = "faulty",
	.help = "psync whose fault_at-th write is lost, misdirected, torn or changed (test engine)",
	.caps = PLIO_CAP_SYNC | PLIO_CAP_TRIM,
	.options = PLIO_OPTIONS(faulty_options),
	.init = faulty_init,
	.cleanup = faulty_cleanup,
	.queue = faulty_queue,
};

static const struct plio_engine *const faulty_engines[] = { &faulty_engine, NULL };

static const struct plio_plugin faulty_plugin = {
	PLIO_PLUGIN_HEADER(1),
	.name = "faulty",
	.version = "1.0",
	.license = "MIT",
	.description = "test engine: a device that loses, misdirects, tears or changes a write",
	.engines = faulty_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &faulty_plugin;
}
