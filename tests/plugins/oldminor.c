/*
 * oldminor.c - test plugin built against an older, shorter ABI 1.x.
 *
 * Simulates a binary compiled with headers whose struct plio_engine ended
 * at reap() and whose struct plio_option ended at def: it declares its own
 * shorter copies of those structs (same leading fields) and states their
 * sizes in struct_size and option_stride.  Whatever lies after them in
 * memory is poison (non-NULL), so a core that reads beyond the stated
 * sizes picks up bogus cancel/invalidate callbacks or option fields.  The
 * core must load it, see cancel/invalidate as NULL and the options' later
 * fields as zero, and run it.
 */
#include <errno.h>
#include <stdint.h>

#include <plio/plio.h>

/* struct plio_option as an older SDK had it: up to `def`. */
struct old_option {
	const char *name;
	const char *alias;
	const char *help;
	uint32_t type;
	uint32_t offset;
	const char *def;
};

/* struct plio_engine as an older SDK had it: up to `reap`. */
struct old_engine {
	uint32_t struct_size;
	uint32_t options_size;
	const char *name;
	const char *help;
	uint64_t caps;
	const struct old_option *options;
	uint32_t option_stride;
	uint32_t n_options;
	int (*init)(struct plio_ctx *ctx);
	void (*cleanup)(struct plio_ctx *ctx);
	int (*unit_init)(struct plio_ctx *ctx, struct plio_io_u *u);
	void (*unit_exit)(struct plio_ctx *ctx, struct plio_io_u *u);
	int (*open_file)(struct plio_ctx *ctx, struct plio_file *f);
	int (*close_file)(struct plio_ctx *ctx, struct plio_file *f);
	int (*file_size)(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size);
	int (*prep)(struct plio_ctx *ctx, struct plio_io_u *u);
	int (*queue)(struct plio_ctx *ctx, struct plio_io_u *u);
	int (*commit)(struct plio_ctx *ctx);
	int (*reap)(struct plio_ctx *ctx, unsigned int min, unsigned int max,
		    struct plio_io_u **done, const struct timespec *timeout);
};

struct old_opts {
	int64_t delay;
	int strict;
};

static int old_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	const struct old_opts *o = ctx->options;

	if (o && o->strict && u->length == 0) {
		u->error = EINVAL;
		return PLIO_Q_COMPLETED;
	}
	u->result = (int64_t)u->length;
	u->error = 0;
	return PLIO_Q_COMPLETED;
}

static int old_open(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	f->fd = -1;
	return 0;
}

static int old_close(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

static int old_size(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size)
{
	(void)ctx;
	*size = f->io_offset + f->io_size;
	return 0;
}

/* Each table is followed by poison that a careless reader would take for
 * the fields the old headers did not have. */
static const struct {
	struct old_option opts[2];
	uintptr_t poison[8];
} old_options = {
	.opts = {
		{ .name = "old_delay", .help = "unused delay (old-style option)",
		  .type = PLIO_OPT_INT, .offset = 0, .def = "0" },
		{ .name = "old_strict", .help = "fail zero-length I/O",
		  .type = PLIO_OPT_BOOL, .offset = 8, .def = "0" },
	},
	.poison = { 0x5a5a5a5a, 0x5a5a5a5a, 0x5a5a5a5a, 0x5a5a5a5a,
		    0x5a5a5a5a, 0x5a5a5a5a, 0x5a5a5a5a, 0x5a5a5a5a },
};

static const struct {
	struct old_engine e;
	uintptr_t poison[8];
} old_engine = {
	.e = {
		.struct_size = sizeof(struct old_engine),
		.options_size = sizeof(struct old_opts),
		.name = "oldminor",
		.help = "built against a shorter, older engine struct",
		.caps = PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_FAKEIO,
		.options = old_options.opts,
		.option_stride = sizeof(struct old_option),
		.n_options = 2,
		.open_file = old_open,
		.close_file = old_close,
		.file_size = old_size,
		.queue = old_queue,
	},
	.poison = { 0xdeadbeef, 0xdeadbeef, 0xdeadbeef, 0xdeadbeef,
		    0xdeadbeef, 0xdeadbeef, 0xdeadbeef, 0xdeadbeef },
};

static const struct plio_engine *const old_engines[] = {
	(const struct plio_engine *)&old_engine.e, NULL
};

static const struct plio_plugin old_plugin = {
	.magic = PLIO_PLUGIN_MAGIC,
	.struct_size = sizeof(struct plio_plugin),
	.abi_major = PLIO_ABI_MAJOR,
	.abi_minor = 0,		/* the oldest 1.x */
	.min_host_minor = 0,
	.name = "oldminor",
	.version = "1.0",
	.license = "MIT",
	.description = "test: engine and option structs shorter than today's",
	.engines = old_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &old_plugin;
}
