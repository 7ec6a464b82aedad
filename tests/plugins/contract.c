/*
 * contract.c - test plugin for ABI 1.1: what a plugin gets (typed job
 * facts, composite options parsed by the core, check_options, counters)
 * and what it may not do (the core checks reap(), init's return, caps and
 * option names).  Every engine is disk-less and moves no data.
 *
 *   typed      reports what it was handed through its counters, so the
 *              tests read them from the JSON output:
 *                ios, bytes      bumped per I/O (every I/O, exactly)
 *                dirs_r/_w/_t    t_dirs (INT_DIRS) per direction
 *                dirs_given      t_dirs' given[] as bits 0..2
 *                sizes_w         t_sizes (SIZE_DIRS) for writes
 *                list_n, list_sum  t_list (SIZE_LIST)
 *                split_n_r, split_n_w, split_size0, split_pct0, split_arg0
 *                                t_split (SPLIT): entries per direction,
 *                                the first read entry
 *                job_iodepth, job_maxbs_r, job_random
 *                                ctx->job: iodepth, max_bs[READ], whether
 *                                PLIO_JOB_RANDOM is set
 *              check_options refuses t_refuse=1 (blaming t_refuse), a
 *              split entry with A > 9 (blaming t_split), and
 *              t_need_random=1 in a sequential job (blaming nothing: the
 *              job is named).
 *   badreap    reap() breaks the contract as reap_mode says: null (a NULL
 *              unit), twice (one unit twice in a batch), foreign (a
 *              pointer that is no unit of the job).
 *   badinit    init fails as init_mode says: positive (returns 7), or
 *              einval (allocates, then -EINVAL: the core must still call
 *              cleanup, which writes marker_file).
 *   futurecap  declares a must-understand capability bit from the future.
 *   clash      declares an engine option named "bs", a core option.
 *
 * Test-only: exports the plain plio_plugin_entry, like a vendor plugin.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <plio/plio.h>

#define DISKLESS_SYNC (PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_FAKEIO)

static int done_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = (int64_t)u->length;
	u->error = 0;
	return PLIO_Q_COMPLETED;
}

/* ------------------------------------------------------------------ typed */

struct typed_opts {
	struct plio_int_dirs dirs;
	struct plio_size_dirs sizes;
	struct plio_size_list list;
	struct plio_split split;
	int refuse;
	int need_random;
};

enum { T_DIRS, T_SIZES, T_LIST, T_SPLIT, T_REFUSE, T_NEED_RANDOM };

static const struct plio_option typed_options[] = {
	[T_DIRS] = { .name = "t_dirs", .type = PLIO_OPT_INT_DIRS,
		     .offset = offsetof(struct typed_opts, dirs), .def = "5",
		     .min = 1, .max = 1000, .help = "READ[,WRITE[,TRIM]] integers, 1 to 1000" },
	[T_SIZES] = { .name = "t_sizes", .type = PLIO_OPT_SIZE_DIRS,
		      .offset = offsetof(struct typed_opts, sizes), .def = "4k",
		      .help = "READ[,WRITE[,TRIM]] sizes" },
	[T_LIST] = { .name = "t_list", .type = PLIO_OPT_SIZE_LIST,
		     .offset = offsetof(struct typed_opts, list), .min = 512,
		     .help = "SIZE[:SIZE...], each at least 512" },
	[T_SPLIT] = { .name = "t_split", .type = PLIO_OPT_SPLIT,
		      .offset = offsetof(struct typed_opts, split),
		      .help = "SIZE/PCT[/A]:... per direction; A at most 9" },
	[T_REFUSE] = { .name = "t_refuse", .type = PLIO_OPT_BOOL,
		       .offset = offsetof(struct typed_opts, refuse),
		       .help = "1: check_options refuses the job" },
	[T_NEED_RANDOM] = { .name = "t_need_random", .type = PLIO_OPT_BOOL,
			    .offset = offsetof(struct typed_opts, need_random),
			    .help = "1: check_options refuses a sequential job" },
};

enum {
	C_IOS, C_BYTES, C_DIRS_R, C_DIRS_W, C_DIRS_T, C_DIRS_GIVEN, C_SIZES_W,
	C_LIST_N, C_LIST_SUM, C_SPLIT_N_R, C_SPLIT_N_W, C_SPLIT_SIZE0,
	C_SPLIT_PCT0, C_SPLIT_ARG0, C_JOB_IODEPTH, C_JOB_RANDOM, C_NR
};

static const struct plio_counter typed_counters[C_NR] = {
	[C_IOS] = { "ios", "I/Os queued" },
	[C_BYTES] = { "bytes", "bytes of the I/Os queued" },
	[C_DIRS_R] = { "dirs_r", "t_dirs for reads" },
	[C_DIRS_W] = { "dirs_w", "t_dirs for writes" },
	[C_DIRS_T] = { "dirs_t", "t_dirs for trims" },
	[C_DIRS_GIVEN] = { "dirs_given", "t_dirs given[] as bits" },
	[C_SIZES_W] = { "sizes_w", "t_sizes for writes" },
	[C_LIST_N] = { "list_n", "sizes in t_list" },
	[C_LIST_SUM] = { "list_sum", "their sum" },
	[C_SPLIT_N_R] = { "split_n_r", "t_split entries for reads" },
	[C_SPLIT_N_W] = { "split_n_w", "t_split entries for writes" },
	[C_SPLIT_SIZE0] = { "split_size0", "size of the first read entry" },
	[C_SPLIT_PCT0] = { "split_pct0", "its percentage" },
	[C_SPLIT_ARG0] = { "split_arg0", "its A, or 99 when not given" },
	[C_JOB_IODEPTH] = { "job_iodepth", "ctx->job->iodepth" },
	[C_JOB_RANDOM] = { "job_random", "1 when ctx->job->rw has PLIO_JOB_RANDOM" },
};

static int typed_check(const void *options, const struct plio_job *job, char *why,
		       size_t len, uint32_t *option)
{
	const struct typed_opts *o = options;
	unsigned int d, i;

	if (o->refuse) {
		snprintf(why, len, "t_refuse=1 asks for a refusal");
		*option = T_REFUSE;
		return -EINVAL;
	}
	for (d = 0; d < 3; d++)
		for (i = 0; i < o->split.n[d]; i++)
			if (o->split.e[d][i].n_args && o->split.e[d][i].args[0] > 9) {
				snprintf(why, len, "A is at most 9, not %lld",
					 (long long)o->split.e[d][i].args[0]);
				*option = T_SPLIT;
				return -EINVAL;
			}
	if (o->need_random && !(job->rw & PLIO_JOB_RANDOM)) {
		snprintf(why, len, "job '%s' is sequential; typed wants random offsets",
			 job->name);
		return -EINVAL;
	}
	return 0;
}

static int typed_init(struct plio_ctx *ctx)
{
	const struct typed_opts *o = ctx->options;
	uint64_t *c = ctx->counters;
	uint32_t i;

	c[C_DIRS_R] = (uint64_t)o->dirs.v[0];
	c[C_DIRS_W] = (uint64_t)o->dirs.v[1];
	c[C_DIRS_T] = (uint64_t)o->dirs.v[2];
	c[C_DIRS_GIVEN] = (uint64_t)(o->dirs.given[0] | o->dirs.given[1] << 1 |
				     o->dirs.given[2] << 2);
	c[C_SIZES_W] = o->sizes.v[1];
	c[C_LIST_N] = o->list.n;
	for (i = 0; i < o->list.n; i++)
		c[C_LIST_SUM] += o->list.v[i];
	c[C_SPLIT_N_R] = o->split.n[0];
	c[C_SPLIT_N_W] = o->split.n[1];
	if (o->split.n[0]) {
		c[C_SPLIT_SIZE0] = o->split.e[0][0].size;
		c[C_SPLIT_PCT0] = o->split.e[0][0].pct;
		c[C_SPLIT_ARG0] = o->split.e[0][0].n_args ?
			(uint64_t)o->split.e[0][0].args[0] : 99;
	}
	c[C_JOB_IODEPTH] = ctx->job->iodepth;
	c[C_JOB_RANDOM] = !!(ctx->job->rw & PLIO_JOB_RANDOM);
	return 0;
}

static int typed_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	ctx->counters[C_IOS]++;
	ctx->counters[C_BYTES] += u->length;
	return done_queue(ctx, u);
}

static const struct plio_engine typed_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct typed_opts),
	.name = "typed",
	.help = "test: reports its typed options and job facts as counters",
	.caps = DISKLESS_SYNC,
	.options = PLIO_OPTIONS(typed_options),
	.init = typed_init,
	.queue = typed_queue,
	.check_options = typed_check,
	PLIO_COUNTERS(typed_counters),
};

/* ---------------------------------------------------------------- badreap */

enum { REAP_NULL, REAP_TWICE, REAP_FOREIGN };

static const struct plio_option_choice reap_modes[] = {
	{ "null", REAP_NULL, "a NULL unit" },
	{ "twice", REAP_TWICE, "the same unit twice" },
	{ "foreign", REAP_FOREIGN, "a pointer that is no unit" },
	{ NULL, 0, NULL },
};

struct badreap_opts {
	int64_t mode;
};

static const struct plio_option badreap_options[] = {
	{ .name = "reap_mode", .type = PLIO_OPT_ENUM, PLIO_CHOICES(reap_modes),
	  .offset = offsetof(struct badreap_opts, mode), .def = "null",
	  .help = "How reap() breaks the contract" },
};

/* Units queued and not yet reaped, a stack. */
struct badreap_data {
	struct plio_io_u **held;
	unsigned int n;
	struct plio_io_u fake;
	unsigned int calls;
};

static int badreap_init(struct plio_ctx *ctx)
{
	struct badreap_data *bd = calloc(1, sizeof(*bd));

	if (!bd)
		return -ENOMEM;
	ctx->engine_data = bd;
	bd->held = calloc(ctx->iodepth, sizeof(*bd->held));
	return bd->held ? 0 : -ENOMEM;
}

static void badreap_cleanup(struct plio_ctx *ctx)
{
	struct badreap_data *bd = ctx->engine_data;

	if (bd)
		free(bd->held);
	free(bd);
	ctx->engine_data = NULL;
}

static int badreap_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct badreap_data *bd = ctx->engine_data;

	u->result = (int64_t)u->length;
	u->error = 0;
	bd->held[bd->n++] = u;
	return PLIO_Q_QUEUED;
}

static int badreap_commit(struct plio_ctx *ctx)
{
	(void)ctx;
	return 0;
}

/* Well-behaved for the first few units, then wrong the chosen way. */
static int badreap_reap(struct plio_ctx *ctx, unsigned int min, unsigned int max,
			struct plio_io_u **done, const struct timespec *timeout)
{
	const struct badreap_opts *o = ctx->options;
	struct badreap_data *bd = ctx->engine_data;

	(void)min;
	(void)timeout;
	if (!bd->n || !max)
		return 0;
	if (++bd->calls < 4) {
		done[0] = bd->held[--bd->n];
		return 1;
	}
	switch (o->mode) {
	case REAP_NULL:
		done[0] = NULL;
		break;
	case REAP_TWICE:
		/* the same unit twice in one batch (a unit handed back in an
		 * earlier call may have been queued again since: legal) */
		if (max < 2) {
			done[0] = bd->held[--bd->n];
			return 1;
		}
		done[0] = done[1] = bd->held[--bd->n];
		return 2;
	default:
		done[0] = &bd->fake;
		break;
	}
	return 1;
}

static const struct plio_engine badreap_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct badreap_opts),
	.name = "badreap",
	.help = "test: reap() hands back what it must not",
	.caps = PLIO_CAP_DISKLESS | PLIO_CAP_FAKEIO,
	.options = PLIO_OPTIONS(badreap_options),
	.init = badreap_init,
	.cleanup = badreap_cleanup,
	.queue = badreap_queue,
	.commit = badreap_commit,
	.reap = badreap_reap,
};

/* ---------------------------------------------------------------- badinit */

enum { INIT_POSITIVE, INIT_EINVAL };

static const struct plio_option_choice init_modes[] = {
	{ "positive", INIT_POSITIVE, "init returns 7" },
	{ "einval", INIT_EINVAL, "init allocates, then returns -EINVAL" },
	{ NULL, 0, NULL },
};

struct badinit_opts {
	int64_t mode;
	const char *marker;
};

static const struct plio_option badinit_options[] = {
	{ .name = "init_mode", .type = PLIO_OPT_ENUM, PLIO_CHOICES(init_modes),
	  .offset = offsetof(struct badinit_opts, mode), .def = "positive",
	  .help = "How init fails" },
	{ .name = "marker_file", .type = PLIO_OPT_STR,
	  .offset = offsetof(struct badinit_opts, marker),
	  .help = "cleanup writes 'cleanup <engine_data set>' here" },
};

static int badinit_init(struct plio_ctx *ctx)
{
	const struct badinit_opts *o = ctx->options;

	if (o->mode == INIT_POSITIVE)
		return 7;
	ctx->engine_data = malloc(64);
	return -EINVAL;
}

static void badinit_cleanup(struct plio_ctx *ctx)
{
	const struct badinit_opts *o = ctx->options;
	FILE *f;

	if (o->marker) {
		f = fopen(o->marker, "w");
		if (f) {
			fprintf(f, "cleanup %d\n", ctx->engine_data != NULL);
			fclose(f);
		}
	}
	free(ctx->engine_data);
	ctx->engine_data = NULL;
}

static const struct plio_engine badinit_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct badinit_opts),
	.name = "badinit",
	.help = "test: init fails",
	.caps = DISKLESS_SYNC,
	.options = PLIO_OPTIONS(badinit_options),
	.init = badinit_init,
	.cleanup = badinit_cleanup,
	.queue = done_queue,
};

/* ------------------------------------------------- refused when loaded */

static const struct plio_engine futurecap_engine = {
	.struct_size = sizeof(struct plio_engine),
	.name = "futurecap",
	.help = "test: needs a capability no 1.1 core understands",
	.caps = DISKLESS_SYNC | (1ull << 20),
	.queue = done_queue,
};

struct clash_opts {
	uint64_t bs;
};

static const struct plio_option clash_options[] = {
	{ .name = "bs", .type = PLIO_OPT_SIZE, .offset = offsetof(struct clash_opts, bs),
	  .help = "clashes with the core's bs" },
};

static const struct plio_engine clash_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct clash_opts),
	.name = "clash",
	.help = "test: an option named like a core option",
	.caps = DISKLESS_SYNC,
	.options = PLIO_OPTIONS(clash_options),
	.queue = done_queue,
};

static const struct plio_engine *const engines[] = {
	&typed_engine, &badreap_engine, &badinit_engine, &futurecap_engine,
	&clash_engine, NULL,
};

static const struct plio_plugin plugin = {
	PLIO_PLUGIN_HEADER(1),
	.name = "contract",
	.version = "1.0",
	.license = "MIT",
	.description = "test engines for the ABI 1.1 contract",
	.engines = engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &plugin;
}
