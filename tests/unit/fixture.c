/*
 * fixture.c - job files from strings to a plan, engines faked (fixture.h).
 */
#include <check.h>
#include <string.h>

#include "plugin/loader.h"
#include "fixture.h"

struct jobfile fx_jf;
struct job_list fx_jl;
struct plan fx_plan;
struct perr fx_err;

static int mem_open(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

static int mem_close(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

static int mem_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	(void)ctx;
	u->result = (int64_t)u->length;
	return PLIO_Q_COMPLETED;
}

static struct loaded_engine eng_mem = {
	.e = { .struct_size = sizeof(struct plio_engine), .name = "mem",
	       .caps = PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_FAKEIO | PLIO_CAP_TRIM,
	       .open_file = mem_open, .close_file = mem_close, .queue = mem_queue },
};

static struct loaded_engine eng_file = {
	.e = { .struct_size = sizeof(struct plio_engine), .name = "file",
	       .caps = PLIO_CAP_SYNC, .queue = mem_queue },
};

/* cpuio's kind: no data, the work is time */
static struct loaded_engine eng_cpu = {
	.e = { .struct_size = sizeof(struct plio_engine), .name = "cpu",
	       .caps = PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_NOIO, .queue = mem_queue },
};

static const struct loaded_engine *lookup(const char *name, struct perr *e)
{
	if (!strcmp(name, "mem") || !strcmp(name, "psync"))
		return &eng_mem;
	if (!strcmp(name, "file"))
		return &eng_file;
	if (!strcmp(name, "cpu"))
		return &eng_cpu;
	perr_set(e, "no engine '%s' (engines: mem, file, cpu)", name);
	return NULL;
}

void fx_setup(void)
{
	jobfile_init(&fx_jf);
	memset(&fx_jl, 0, sizeof(fx_jl));
	memset(&fx_plan, 0, sizeof(fx_plan));
	memset(&fx_err, 0, sizeof(fx_err));
}

void fx_teardown(void)
{
	plan_free(&fx_plan);
	job_list_free(&fx_jl);
	jobfile_free(&fx_jf);
}

int fx_plan_text(const char *text, const struct plan_opts *opts)
{
	int rc = jobfile_parse_string(&fx_jf, "jobs.fio", text, &fx_err);

	ck_assert_msg(rc == 0, "job file: %s", fx_err.msg);
	rc = options_build(&fx_jf, lookup, &fx_jl, &fx_err);
	if (!rc)
		rc = plan_build(&fx_jl, opts, &fx_plan, &fx_err);
	return rc;
}

void fx_plan_ok(const char *text)
{
	int rc = fx_plan_text(text, NULL);

	ck_assert_msg(rc == 0, "plan failed: %s", fx_err.msg);
}

void fx_plan_fails(const char *text, const char *msg)
{
	int rc = fx_plan_text(text, NULL);

	ck_assert_msg(rc < 0, "planned, expected: %s", msg);
	ck_assert_str_eq(fx_err.msg, msg);
	ck_assert_uint_eq(fx_plan.n_jobs, 0);
}

const struct plan_job *fx_job(size_t i)
{
	ck_assert_uint_lt(i, fx_plan.n_jobs);
	return &fx_plan.jobs[i];
}
