/*
 * test_options.c - unit tests for core/options/: the core option table,
 * the generic option parser and options_build().
 *
 * Engines are faked: a few struct loaded_engine with small option tables
 * and a lookup function, so engine options are tested without the loader.
 * Job files come from strings through the jobfile module; each test checks
 * parsed values or the exact error line.
 */
#include <check.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/jobfile.h"
#include "plugin/loader.h"
#include "options/options.h"


/* A core option by name (tests look options up; the core names them by
 * id), or NULL. */
static const struct plio_option *core_find(const char *name)
{
	const struct core_option *co = core_option_find(name);

	return co ? &co->o : NULL;
}

/* The core option name closest to a typo, or NULL. */
static const char *core_suggest(const char *typo)
{
	const char *best = NULL;
	size_t score = SIZE_MAX;

	if (typo)
		options_suggest_core(typo, &best, &score);
	return best;
}

/* Whether core option `name` was given for js. */
static bool is_set(const struct job_spec *js, const char *name)
{
	const struct core_option *co = core_option_find(name);

	return co && options_is_set(js, (enum core_opt)(co - core_options));
}

/* ------------------------------------------------------------ fake engines */

struct fake_opts {
	int hipri;
	int64_t batch;
	char *label;
	uint64_t chunk;
	int64_t mode;
	uint64_t wait;
};

static const struct plio_option_choice mode_choices[] = {
	{ "fast", 1, "go fast" },
	{ "slow", 2, "go slow" },
	{ NULL, 0, NULL },
};

static struct plio_option fake_options[] = {
	{ .name = "hipri", .type = PLIO_OPT_BOOL, .offset = offsetof(struct fake_opts, hipri),
	  .help = "poll for completions" },
	{ .name = "batch", .type = PLIO_OPT_INT, .offset = offsetof(struct fake_opts, batch),
	  .def = "4", .min = 1, .max = 64, .help = "units per submit" },
	{ .name = "label", .type = PLIO_OPT_STR, .offset = offsetof(struct fake_opts, label),
	  .def = "lbl", .help = "a label" },
	{ .name = "chunk", .type = PLIO_OPT_SIZE, .offset = offsetof(struct fake_opts, chunk),
	  .def = "64k", .help = "chunk size" },
	{ .name = "mode", .type = PLIO_OPT_ENUM, .offset = offsetof(struct fake_opts, mode),
	  .def = "slow", .choices = mode_choices, .help = "speed" },
	{ .name = "wait", .type = PLIO_OPT_TIME, .offset = offsetof(struct fake_opts, wait),
	  .def = "5", .unit = 1000, .help = "wait (bare: ms)" },
};

static struct plio_option other_options[] = {
	{ .name = "other_opt", .type = PLIO_OPT_INT, .offset = 0, .def = "7",
	  .help = "other's option" },
};

static struct loaded_engine eng_psync = {
	.e = { .struct_size = sizeof(struct plio_engine), .name = "psync" },
};

static struct loaded_engine eng_fake = {
	.e = { .struct_size = sizeof(struct plio_engine), .name = "fake",
	       .options_size = sizeof(struct fake_opts) },
	.options = fake_options,
	.n_options = sizeof(fake_options) / sizeof(fake_options[0]),
};

/* an engine that cannot do direct I/O (mmap's kind) */
static struct loaded_engine eng_nodirect = {
	.e = { .struct_size = sizeof(struct plio_engine), .name = "nodirect",
	       .caps = PLIO_CAP_NODIRECT },
};

static struct loaded_engine eng_other = {
	.e = { .struct_size = sizeof(struct plio_engine), .name = "other",
	       .options_size = sizeof(int64_t) },
	.options = other_options,
	.n_options = 1,
};

static int lookups;

static const struct loaded_engine *lookup(const char *name, struct perr *e)
{
	lookups++;
	if (!strcmp(name, "psync"))
		return &eng_psync;
	if (!strcmp(name, "fake"))
		return &eng_fake;
	if (!strcmp(name, "other"))
		return &eng_other;
	if (!strcmp(name, "nodirect"))
		return &eng_nodirect;
	perr_set(e, "no engine '%s' (engines: psync, fake, other)", name);
	return NULL;
}

static const struct loaded_engine *lookup_none(const char *name, struct perr *e)
{
	perr_set(e, "engine '%s' cannot load: libfoo.so.1: cannot open shared object file", name);
	return NULL;
}

/* ---------------------------------------------------------------- fixture */

static struct jobfile jf;
static struct job_list jl;
static struct perr err;

static void setup(void)
{
	jobfile_init(&jf);
	memset(&jl, 0, sizeof(jl));
	memset(&err, 0, sizeof(err));
	lookups = 0;
}

static void teardown(void)
{
	job_list_free(&jl);
	jobfile_free(&jf);
}

/* Parse text as jobs.fio and build; returns options_build's result. */
static int build_with(const char *text, engine_lookup_fn fn)
{
	int rc = jobfile_parse_string(&jf, "jobs.fio", text, &err);

	ck_assert_msg(rc == 0, "job file: %s", err.msg);
	return options_build(&jf, fn, &jl, &err);
}

static int build(const char *text)
{
	return build_with(text, lookup);
}

/* Build text, which must fail with exactly msg; nothing is returned. */
static void build_fails(const char *text, const char *msg)
{
	int rc = build(text);

	ck_assert_msg(rc < 0, "build succeeded, expected: %s", msg);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_uint_eq(jl.n, 0);
	ck_assert_ptr_null(jl.jobs);
}

static const struct job_spec *job(size_t i)
{
	ck_assert_uint_lt(i, jl.n);
	return jl.jobs[i];
}

static void build_ok(const char *text)
{
	int rc = build(text);

	ck_assert_msg(rc == 0, "build failed: %s", err.msg);
}

/* Core option `name` of js as text (a static buffer). */
static const char *fmt(const struct job_spec *js, const char *name)
{
	static char buf[256];
	const struct plio_option *o = core_find(name);

	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(option_format_value(o, js, buf, sizeof(buf)), 0);
	return buf;
}

/* --------------------------------------------------------------- defaults */

START_TEST(defaults_match_fio)
{
	const struct job_spec *js;
	size_t i;

	build_ok("\n[job]\n");
	ck_assert_uint_eq(jl.n, 1);
	js = job(0);
	ck_assert_str_eq(js->name, "job");
	ck_assert_ptr_null(js->description);
	ck_assert_ptr_null(js->filename);
	ck_assert_ptr_null(js->directory);
	ck_assert_uint_eq(js->size, 0);
	ck_assert_uint_eq(js->bs[0], 4096);
	ck_assert_uint_eq(js->bs[1], 4096);
	ck_assert_int_eq(js->rw, RW_READ);
	ck_assert_int_eq(js->rwmixread, 50);
	ck_assert_int_eq(js->rwmixwrite, 50);
	ck_assert_str_eq(js->ioengine, "psync");
	ck_assert_int_eq(js->iodepth, 1);
	ck_assert_int_eq(js->direct, 0);
	ck_assert_int_eq(js->numjobs, 1);
	ck_assert_int_eq(js->thread, 0);
	ck_assert_uint_eq(js->runtime, 0);
	ck_assert_int_eq(js->time_based, 0);
	ck_assert_uint_eq(js->ramp_time, 0);
	ck_assert_int_eq(js->loops, 1);
	ck_assert_int_eq(js->randrepeat, 1);
	ck_assert_int_eq(js->randseed, 0x89);
	ck_assert_int_eq(js->norandommap, 0);
	ck_assert_int_eq(js->group_reporting, 0);
	ck_assert_int_eq(js->end_fsync, 0);
	ck_assert_int_eq(js->fsync, 0);
	ck_assert_int_eq(js->fdatasync, 0);
	ck_assert_int_eq(js->iodepth_batch, 0);	/* plio's default; fio's is 1 */
	ck_assert_int_eq(js->iodepth_batch_complete_min, 1);
	ck_assert_int_eq(js->iodepth_batch_complete_max, 0);
	ck_assert_int_eq(js->iodepth_low, 0);
	ck_assert_int_eq(js->invalidate, 1);
	ck_assert_int_eq(js->kb_base, 1024);
	ck_assert_ptr_eq(js->engine, &eng_psync);
	ck_assert_ptr_nonnull(js->engine_opts);
	ck_assert_str_eq(js->where.file, "jobs.fio");
	ck_assert_uint_eq(js->where.line, 2);
	for (i = 0; i < CO_NR; i++)
		ck_assert_msg(!options_is_set(js, (enum core_opt)i), "%s set",
			      core_options[i].o.name);
	ck_assert(!is_set(js, "no_such_option"));
}
END_TEST

START_TEST(table_has_fio_names_and_aliases)
{
	static const char *const names[] = {
		"name", "description", "filename", "directory", "size", "bs", "rw",
		"rwmixread", "rwmixwrite", "ioengine", "iodepth", "direct",
		"buffered", "numjobs", "thread", "runtime", "time_based",
		"ramp_time", "loops", "randrepeat", "randseed", "norandommap",
		"group_reporting", "end_fsync", "fsync", "fdatasync",
		"iodepth_batch", "iodepth_batch_complete_min",
		"iodepth_batch_complete_max", "iodepth_low", "invalidate",
		"buffer_pattern", "kb_base",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct plio_option *o = core_find(names[i]);

		ck_assert_msg(o != NULL, "%s missing", names[i]);
		ck_assert_str_eq(o->name, names[i]);
		ck_assert_ptr_nonnull(o->help);
	}
	ck_assert_str_eq(core_find("blocksize")->name, "bs");
	ck_assert_str_eq(core_find("readwrite")->name, "rw");
	ck_assert_str_eq(core_find("timeout")->name, "runtime");
	ck_assert_str_eq(core_find("iodepth_batch_submit")->name,
			 "iodepth_batch");
	ck_assert_str_eq(core_find("iodepth_batch_complete")->name,
			 "iodepth_batch_complete_min");
	/* names are case-sensitive, as in fio */
	ck_assert_ptr_null(core_find("IODepth"));
	ck_assert_ptr_null(core_find("bz"));
	ck_assert_ptr_null(option_find(NULL, 0, "bs"));
}
END_TEST

/* ----------------------------------------- fio's tiers 1 and 2, tier 3 */

/* OPTIONS.md tiers 1 and 2 with fio 3.33's aliases ("" when none). */
static const char *const tier12[][2] = {
	{ "name", "" }, { "description", "" }, { "filename", "" },
	{ "directory", "" }, { "filename_format", "" }, { "size", "" },
	{ "filesize", "" }, { "io_size", "io_limit" }, { "bs", "blocksize" },
	{ "bsrange", "blocksize_range" }, { "rw", "readwrite" },
	{ "rwmixread", "" }, { "rwmixwrite", "" }, { "ioengine", "" },
	{ "iodepth", "" }, { "direct", "" }, { "buffered", "" },
	{ "numjobs", "" }, { "thread", "" }, { "runtime", "timeout" },
	{ "time_based", "" }, { "ramp_time", "" }, { "startdelay", "" },
	{ "loops", "" }, { "group_reporting", "" }, { "offset", "fileoffset" },
	{ "norandommap", "" }, { "randrepeat", "" }, { "end_fsync", "" },
	{ "stonewall", "wait_for_previous" }, { "new_group", "" },
	{ "wait_for", "" }, { "kb_base", "" }, { "unit_base", "" },
	{ "bssplit", "" }, { "ba", "blockalign" },
	{ "bs_unaligned", "blocksize_unaligned" }, { "randseed", "" },
	{ "allrandrepeat", "" }, { "random_distribution", "" },
	{ "random_generator", "" }, { "percentage_random", "" },
	{ "rw_sequencer", "" }, { "softrandommap", "" },
	{ "offset_increment", "" }, { "offset_align", "" }, { "number_ios", "" },
	{ "nrfiles", "nr_files" }, { "openfiles", "" },
	{ "file_service_type", "" }, { "create_on_open", "" },
	{ "overwrite", "" }, { "fallocate", "" }, { "unlink", "" },
	{ "unlink_each_loop", "" }, { "pre_read", "" }, { "invalidate", "" },
	{ "fill_device", "fill_fs" }, { "file_append", "" },
	{ "allow_file_create", "" }, { "allow_mounted_write", "" },
	{ "iodepth_batch", "iodepth_batch_submit" },
	{ "iodepth_batch_complete_min", "iodepth_batch_complete" },
	{ "iodepth_batch_complete_max", "" }, { "iodepth_low", "" },
	{ "io_submit_mode", "" }, { "serialize_overlap", "" }, { "fsync", "" },
	{ "fdatasync", "" }, { "sync", "" }, { "fsync_on_close", "" },
	{ "sync_file_range", "" }, { "write_barrier", "" }, { "verify", "" },
	{ "do_verify", "" }, { "verify_only", "" }, { "verify_interval", "" },
	{ "verify_offset", "" }, { "verify_pattern", "" },
	{ "verify_fatal", "" }, { "verify_dump", "" }, { "verify_async", "" },
	{ "verify_backlog", "" }, { "verify_backlog_batch", "" },
	{ "verify_state_save", "" }, { "verify_state_load", "" },
	{ "experimental_verify", "" }, { "trim_percentage", "" },
	{ "trim_verify_zero", "" }, { "trim_backlog", "" },
	{ "zero_buffers", "" }, { "refill_buffers", "" },
	{ "scramble_buffers", "" }, { "buffer_pattern", "" },
	{ "buffer_compress_percentage", "" }, { "buffer_compress_chunk", "" },
	{ "dedupe_percentage", "" }, { "mem", "iomem" },
	{ "iomem_align", "mem_align" }, { "rate", "" }, { "rate_min", "ratemin" },
	{ "rate_iops", "" }, { "rate_iops_min", "" }, { "rate_process", "" },
	{ "rate_cycle", "ratecycle" }, { "rate_ignore_thinktime", "" },
	{ "thinktime", "" }, { "thinktime_spin", "" },
	{ "thinktime_blocks", "" }, { "thinktime_blocks_type", "" },
	{ "thinktime_iotime", "" }, { "flow", "" }, { "flow_id", "" },
	{ "flow_sleep", "" }, { "latency_target", "" },
	{ "latency_window", "" }, { "latency_percentile", "" },
	{ "max_latency", "" }, { "write_bw_log", "" }, { "write_iops_log", "" },
	{ "write_lat_log", "" }, { "write_hist_log", "" },
	{ "per_job_logs", "" }, { "log_avg_msec", "" }, { "log_hist_msec", "" },
	{ "log_offset", "" }, { "log_max_value", "log_window_value" },
	{ "log_prio", "" }, { "log_issue_time", "" },
	{ "bwavgtime", "" }, { "iopsavgtime", "" }, { "percentile_list", "" },
	{ "clat_percentiles", "" }, { "lat_percentiles", "" },
	{ "slat_percentiles", "" }, { "unified_rw_reporting", "" },
	{ "gtod_reduce", "" }, { "disable_lat", "" }, { "disable_clat", "" },
	{ "disable_slat", "" }, { "disable_bw_measurement", "disable_bw" },
	{ "stats", "" }, { "significant_figures", "" }, { "read_iolog", "" },
	{ "write_iolog", "" }, { "replay_no_stall", "" },
	{ "replay_redirect", "" }, { "cpus_allowed", "" },
	{ "cpus_allowed_policy", "" }, { "cpumask", "" },
	{ "numa_cpu_nodes", "" }, { "numa_mem_policy", "" }, { "nice", "" },
	{ "prio", "" }, { "prioclass", "" }, { "exec_prerun", "" },
	{ "exec_postrun", "" }, { "uid", "" }, { "gid", "" },
	{ "continue_on_error", "" }, { "ignore_error", "" },
	{ "error_dump", "" }, { "exitall", "" }, { "exitall_on_error", "" },
	{ "exit_what", "" }, { "steadystate", "ss" },
	{ "steadystate_duration", "ss_dur" },
	{ "steadystate_ramp_time", "ss_ramp" },
	/* OPTIONS.md names these two of fio 3.36, which 3.33 lacks */
	{ "log_issue_time", "" },
	{ "steadystate_check_interval", "ss_interval" },
};

/* Core options fio 3.33 does not know yet (a later fio has them). */
static bool newer_than_333(const char *name)
{
	return !strcmp(name, "log_issue_time") ||
	       !strcmp(name, "steadystate_check_interval") ||
	       !strcmp(name, "ss_interval") || !strcmp(name, "log_window_value");
}

START_TEST(tier12_names_and_aliases_known)
{
	size_t i;

	for (i = 0; i < sizeof(tier12) / sizeof(tier12[0]); i++) {
		const struct plio_option *o =
			core_find(tier12[i][0]);

		ck_assert_msg(o != NULL, "%s missing", tier12[i][0]);
		ck_assert_str_eq(o->name, tier12[i][0]);
		ck_assert_msg(o->help && *o->help, "%s has no help", o->name);
		ck_assert_msg(fio_option_known(o->name) || newer_than_333(o->name),
			      "%s is not fio's", o->name);
		if (!*tier12[i][1])
			continue;
		ck_assert_msg(core_find(tier12[i][1]) == o,
			      "%s: alias %s", tier12[i][0], tier12[i][1]);
		ck_assert_msg(fio_option_known(tier12[i][1]) ||
			      newer_than_333(tier12[i][1]), "%s is not fio's",
			      tier12[i][1]);
	}
	/* every core option is fio's, and every name is unique */
	for (i = 0; i < CO_NR; i++) {
		ck_assert_msg(fio_option_known(core_options[i].o.name) ||
			      newer_than_333(core_options[i].o.name), "%s",
			      core_options[i].o.name);
		ck_assert_ptr_eq(core_find(core_options[i].o.name),
				 &core_options[i].o);
	}
}
END_TEST

/* Defaults of options plio parses but does not run yet equal fio 3.33's. */
START_TEST(not_yet_defaults_match_fio)
{
	const struct job_spec *js;

	build_ok("[job]\n");
	js = job(0);
	ck_assert_str_eq(js->filename_format, "$jobname.$jobnum.$filenum");
	ck_assert_str_eq(js->txt.startdelay, "0");
	ck_assert_str_eq(js->txt.offset, "0");
	ck_assert_str_eq(js->txt.percentage_random, "100,100,100");
	ck_assert_str_eq(js->txt.random_distribution, "random");
	ck_assert_int_eq(js->nrfiles, 1);
	ck_assert_str_eq(js->txt.file_service_type, "roundrobin");
	ck_assert_int_eq(js->allow_file_create, 1);
	ck_assert_int_eq(js->do_verify, 1);
	ck_assert_int_eq(js->verify_state_save, 1);
	ck_assert_int_eq(js->trim_verify_zero, 1);
	ck_assert_int_eq(js->scramble_buffers, 1);
	ck_assert_uint_eq(js->buffer_compress_chunk, 512);
	ck_assert_str_eq(js->txt.mem, "malloc");
	ck_assert_int_eq(js->rate_cycle, 1000);
	ck_assert_int_eq(js->thinktime_blocks, 1);
	ck_assert_int_eq(js->bwavgtime, 500);
	ck_assert_int_eq(js->iopsavgtime, 500);
	ck_assert_str_eq(js->txt.percentile_list,
			 "1:5:10:20:30:40:50:60:70:80:90:95:99:99.5:99.9:99.95:99.99");
	ck_assert_str_eq(js->txt.latency_percentile, "100");
	ck_assert_int_eq(js->clat_percentiles, 1);
	ck_assert_int_eq(js->significant_figures, 4);
	ck_assert_int_eq(js->per_job_logs, 1);
	ck_assert_int_eq(js->stats, 1);
	ck_assert_str_eq(js->txt.steadystate, "iops_slope:0.01%");
	ck_assert_uint_eq(js->steadystate_duration, 0);
	ck_assert_ptr_null(js->verify_pattern);
	ck_assert_int_eq(js->rw_nr, 0);
	/* enums: the default's choice */
	ck_assert_str_eq(fmt(js, "verify"), "0");
	ck_assert_str_eq(fmt(js, "fallocate"), "native");
	ck_assert_str_eq(fmt(js, "random_generator"), "tausworthe");
	ck_assert_str_eq(fmt(js, "io_submit_mode"), "inline");
	ck_assert_str_eq(fmt(js, "sync"), "none");
	ck_assert_str_eq(fmt(js, "exit_what"), "group");
	ck_assert_str_eq(fmt(js, "unified_rw_reporting"), "none");
	ck_assert_str_eq(fmt(js, "rate_process"), "linear");
	ck_assert_str_eq(fmt(js, "thinktime_blocks_type"), "complete");
	ck_assert_str_eq(fmt(js, "rw_sequencer"), "sequential");
	ck_assert_str_eq(fmt(js, "continue_on_error"), "none");
	ck_assert_int_eq(options_check_runnable(js, &err), 0);
}
END_TEST

START_TEST(not_yet_values_parsed)
{
	const struct job_spec *js;

	build_ok("[job]\n"
		 "bsrange=1k-64k,512:16k\n"
		 "filesize=1m-2m\n"
		 "io_size=50%\n"
		 "bssplit=4k/30:64k/70,512/\n"
		 "random_distribution=zipf:1.2\n"
		 "file_service_type=random:4\n"
		 "percentage_random=10,,90\n"
		 "startdelay=2-5\n"
		 "max_latency=10ms,,20\n"
		 "percentile_list=50:99.5\n"
		 "sync_file_range=wait_before,write:8\n"
		 "cpus_allowed=0-1,0\n"
		 "thinktime=5\n"
		 "thinktime_iotime=2\n"
		 "mem=mmaphuge:/huge/f\n"
		 "verify=crc32c\n"
		 "sync=1\n"
		 "ss=bw:10%\n"
		 "write_bw_log\n"
		 "nice=-5\n");
	js = job(0);
	ck_assert_str_eq(js->txt.bsrange, "1k-64k,512:16k");
	ck_assert_str_eq(js->txt.bssplit, "4k/30:64k/70,512/");
	ck_assert_str_eq(js->txt.steadystate, "bw:10%");
	ck_assert_str_eq(js->write_bw_log, "");
	ck_assert_uint_eq(js->thinktime, 5);		/* bare: us */
	ck_assert_uint_eq(js->thinktime_iotime, 2000000); /* bare: s */
	ck_assert_str_eq(fmt(js, "verify"), "crc32c");
	ck_assert_str_eq(fmt(js, "sync"), "sync");	/* 1 is sync */
	ck_assert_int_eq(js->nice, -5);
}
END_TEST

START_TEST(not_yet_value_errors)
{
	struct { const char *line, *msg; } c[] = {
		{ "bsrange=1k-4q", "bsrange: '1k-4q' is not a LOW-HIGH size range (e.g. 4k-64k); READ,WRITE,TRIM ranges allowed" },
		/* fio wants a range there */
		{ "bsrange=4k", "bsrange: '4k' is not a LOW-HIGH size range (e.g. 4k-64k); READ,WRITE,TRIM ranges allowed" },
		{ "bsrange=1k-2k,4k", "bsrange: '1k-2k,4k' is not a LOW-HIGH size range (e.g. 4k-64k); READ,WRITE,TRIM ranges allowed" },
		{ "bsrange=1k-2k,1k-2k,1k-2k,1k", "bsrange: '1k-2k,1k-2k,1k-2k,1k' has too many values (at most READ,WRITE,TRIM)" },
		{ "filesize=0", "filesize: '0' is out of range (at least 1)" },
		/* fio makes 16 EiB files of it, and a start that never comes */
		{ "filesize=4k-1k", "filesize: '4k-1k' is a range from high to low: write LOW-HIGH" },
		{ "startdelay=5-1", "startdelay: '5-1' is a range from high to low: write LOW-HIGH" },
		{ "startdelay=2s:1500ms", "startdelay: '2s:1500ms' is a range from high to low: write LOW-HIGH" },
		/* fio runs nothing and says nothing */
		{ "nrfiles=0", "nrfiles: '0' is out of range (at least 1)" },
		{ "io_size=150%", "io_size: '150%' is out of range (1% to 100%)" },
		{ "io_size=0%", "io_size: '0%' is out of range (1% to 100%)" },
		{ "offset=101%", "offset: '101%' is out of range (0% to 100%)" },
		{ "offset=1m,2m", "offset: '1m,2m' has too many values (only one is allowed)" },
		{ "percentage_random=101", "percentage_random: '101' is out of range (0 to 100)" },
		{ "rate_iops=x", "rate_iops: 'x' is not an integer (e.g. 8, 16k, 0x10)" },
		{ "startdelay=1x", "startdelay: '1x' is not a time (e.g. 10s, 500ms, 2m), or a LOW-HIGH range" },
		{ "bssplit=4k/-1", "bssplit: '4k/-1': '-1' is not a percentage (a whole number, e.g. 30 or 30%)" },
		{ "bssplit=4k/50:16k/50\nbsrange=1k-8k", "bssplit: '4k/50:16k/50' has sizes outside bsrange '1k-8k' (1024-8192 for reads): give one of the two, or a bsrange that holds them" },
		{ "bssplit=4k/10.5:8k", "bssplit: '4k/10.5:8k': '10.5' is not a percentage (a whole number, e.g. 30 or 30%)" },
		/* fio gives 8k a wrapped-around share: it takes every pick */
		{ "bssplit=4k/60:8k:16k/50", "bssplit: '4k/60:8k:16k/50': the percentages given add up to 110, over 100: nothing is left for the sizes without one (or with 0)" },
		{ "bssplit=4k/60,8k/100:16k/10:32k/0", "bssplit: '4k/60,8k/100:16k/10:32k/0': the percentages given add up to 110, over 100: nothing is left for the sizes without one (or with 0)" },
		{ "bssplit=:", "bssplit: ':' is not a block size split (e.g. 4k/30:64k/70)" },
		{ "bssplit=4q/10", "bssplit: '4q/10' is not a block size split (e.g. 4k/30:64k/70)" },
		{ "random_distribution=zipff:1.2", "random_distribution: 'zipff' is not one of: random, zipf, pareto, normal, zoned, zoned_abs" },
		{ "random_distribution=zipf:x", "random_distribution: 'zipf:x': 'x' is not a number" },
		{ "random_distribution=zipf:", "random_distribution: 'zipf:' has nothing after ':'" },
		{ "percentile_list=50:x", "percentile_list: '50:x' is not a list of numbers (e.g. 50:99:99.9)" },
		{ "percentile_list=50::99", "percentile_list: '50::99' is not a list of numbers (e.g. 50:99:99.9)" },
		{ "cpus_allowed=0,,1", "cpus_allowed: '0,,1' is not a CPU list (e.g. 0-3,8)" },
		{ "latency_percentile=101", "latency_percentile: '101' is out of range (0 to 100)" },
		{ "latency_percentile=1:2", "latency_percentile: '1:2' has more than one number" },
		{ "sync_file_range=write:x", "sync_file_range: 'write:x' is not FLAGS[:N] (flags: wait_before, write, wait_after)" },
		{ "sync_file_range=WRITE:1", "sync_file_range: 'WRITE:1' is not FLAGS[:N] (flags: wait_before, write, wait_after)" },
		{ "cpus_allowed=3-1", "cpus_allowed: '3-1' is not a CPU list (e.g. 0-3,8)" },
		{ "verify=md6", "verify: 'md6' is not one of: 0, md5, crc64, crc32, crc32c-intel, crc32c, crc16, crc7, sha1, sha256, sha512, sha3-224, sha3-256, sha3-384, sha3-512, xxhash, meta, pattern, null" },
		{ "verify_interval=40", "verify_interval: '40' is out of range (at least 80)" },
		{ "nice=20", "nice: '20' is out of range (-20 to 19)" },
		{ "flow=1001", "flow: '1001' is out of range (0 to 1000)" },
		{ "nrfiles=-1", "nrfiles: '-1' is out of range (at least 1)" },
		{ "rw=randread:x", "rw: 'randread:x' is not MODE or MODE:N (e.g. randread:8)" },
		{ "rw=randread:-8", "rw: 'randread:-8': a random mode's N counts I/Os (1 or more); only sequential modes go backwards (e.g. read:-8k)" },
		{ "rw=read:-0", "rw: 'read:-0' is not MODE or MODE:N (e.g. randread:8)" },
		{ "rw=randred:8", "rw: 'randred' is not one of: read, write, randread, randwrite, rw, readwrite, randrw, trim, randtrim, trimwrite, randtrimwrite" },
		{ "verify_pattern", "verify_pattern: needs a value" },
		{ "verify_pattern=abc", "verify_pattern: 'abc' is not a pattern (e.g. 0xdeadbeef, \"text\", 255, %o, or these one after another)" },
		{ "verify_pattern=0x12 0x34", "verify_pattern: '0x12 0x34' is not a pattern (e.g. 0xdeadbeef, \"text\", 255, %o, or these one after another)" },
		{ "verify_pattern=4294967296", "verify_pattern: '4294967296' is not a pattern (e.g. 0xdeadbeef, \"text\", 255, %o, or these one after another): longer than 512 bytes, or a number beyond 32 bits" },
		{ "buffer_pattern=%o", "buffer_pattern: '%o' is not a pattern (e.g. 0xdeadbeef, \"text\", 255, or these one after another)" },
		{ "rate_iops=1q", "rate_iops: '1q' is not an integer (e.g. 8, 16k, 0x10)" },
		{ "ss_interval=0", "ss_interval: '0' is out of range (at least 1ms)" },
		{ "ss_interval=999us", "ss_interval: '999us' is out of range (at least 1ms)" },
		{ "ss=iops", "ss: 'iops' has no :LIMIT (e.g. iops_slope:0.1%)" },
		{ "ss_interval=3\nss_dur=10", "ss_interval: 3000 ms does not divide ss_dur (10000 ms): the window must hold whole samples" },
		/* ss_interval not given: ss_dur is the one to blame */
		{ "ss_dur=100ms\nss=iops:10%", "ss_dur: 100 ms is not a multiple of ss_interval (1000 ms by default): the window must hold whole samples" },
	};
	char text[256], msg[512];
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(text, sizeof(text), "[j]\n%s\n", c[i].line);
		snprintf(msg, sizeof(msg), "jobs.fio:2: %s", c[i].msg);
		build_fails(text, msg);
		teardown();
		setup();
	}
}
END_TEST

START_TEST(trailing_separators_taken)
{
	/* fio takes a trailing separator in these lists; the text is kept */
	build_ok("[j]\npercentile_list=50:99:\ncpus_allowed=0-1,\nbssplit=4k/50:8k/50:\n");
	ck_assert_str_eq(job(0)->txt.percentile_list, "50:99:");
	ck_assert_str_eq(job(0)->txt.cpus_allowed, "0-1,");
	ck_assert_uint_eq(job(0)->bsd[0].nsplit, 2);
}
END_TEST

START_TEST(placement_decoded)
{
	build_ok("[global]\n"
		 "cpus_allowed_policy=split\n"
		 "[a]\n"
		 "cpus_allowed=0-1\n"
		 "[b]\n"
		 "cpus_allowed_policy=shared\n"
		 "rw=randread:8\n"
		 "[c]\n"
		 "cpus_allowed_policy=shared\n"
		 "cpumask=0\n"
		 "cpumask=1\n");
	ck_assert_uint_eq(jl.n, 3);
	/* every option runs now: nothing is refused as "not yet" */
	ck_assert_int_eq(options_check_runnable(job(0), &err), 0);
	ck_assert(job(0)->place.pin);
	ck_assert(job(0)->place.split);
	ck_assert_uint_eq(job(0)->place.cpus[0], 3);
	ck_assert_int_eq(options_check_runnable(job(1), &err), 0);
	ck_assert(!job(1)->place.pin);
	ck_assert_int_eq(job(1)->rw_nr, 8);
	ck_assert_int_eq(job(1)->rw, RW_READ | RW_RAND);
	/* cpumask: the last line's value */
	ck_assert(job(2)->place.pin);
	ck_assert_uint_eq(job(2)->place.cpus[0], 1);
	teardown();
	setup();
	/* a CPU this machine lacks: the entry that named it */
	ck_assert_int_lt(build("[x]\ncpus_allowed=0,1023\n"), 0);
	ck_assert_msg(strstr(err.msg, "jobs.fio:2: cpus_allowed: '0,1023': CPU 1023 does not exist (this machine has CPUs 0-") != NULL, "%s", err.msg);
	teardown();
	setup();
	/* :1 is what rw= without a suffix does */
	build_ok("[x]\nrw=randread:1\n");
	ck_assert_int_eq(options_check_runnable(job(0), &err), 0);
}
END_TEST

START_TEST(fio_only_options_refused)
{
	ck_assert(fio_option_known("zonemode"));
	/* as fio matches names: "ZoneMode" is no option of fio's */
	ck_assert(!fio_option_known("ZoneMode"));
	ck_assert(fio_option_known("hugepage-size"));
	ck_assert(fio_option_known("wait_for_previous"));
	ck_assert(!fio_option_known("zonemodes"));
	ck_assert(!fio_option_known(NULL));
	ck_assert_uint_gt(n_fio_option_names, 300);
	build_fails("[j]\nsize=1m\nread_beyond_wp=1\n",
		    "jobs.fio:3: read_beyond_wp: fio's option read_beyond_wp is not supported by plio");
	teardown();
	setup();
	/* an option of an engine plio does not ship */
	build_fails("[j]\nhostname=x\n",
		    "jobs.fio:2: hostname: fio's option hostname is not supported by plio");
	teardown();
	setup();
	build_fails("[global]\nclocksource=cpu\n[j]\n",
		    "jobs.fio:2: clocksource: fio's option clocksource is not supported by plio");
	teardown();
	setup();
	/* a typo is still a typo */
	build_fails("[j]\nbz=4k\n", "jobs.fio:2: bz: unknown option (did you mean 'bs'?)");
	teardown();
	setup();
	build_fails("[j]\nverfy=md5\n", "jobs.fio:2: verfy: unknown option (did you mean 'verify'?)");
}
END_TEST

/* ------------------------------------------------------------ core values */

START_TEST(values_parsed)
{
	const struct job_spec *js;

	build_ok("[job]\n"
		 "description=a test\n"
		 "filename=/tmp/a:/tmp/b\n"
		 "directory=/mnt\n"
		 "size=1g\n"
		 "rw=randwrite\n"
		 "ioengine=fake\n"
		 "iodepth=32\n"
		 "direct=1\n"
		 "numjobs=4\n"
		 "thread\n"
		 "runtime=30\n"
		 "time_based\n"
		 "ramp_time=500ms\n"
		 "loops=3\n"
		 "randrepeat=0\n"
		 "randseed=0x1234\n"
		 "norandommap\n"
		 "group_reporting=2\n"
		 "end_fsync=1\n"
		 "fsync=16\n");
	js = job(0);
	ck_assert_str_eq(js->description, "a test");
	ck_assert_str_eq(js->filename, "/tmp/a:/tmp/b");
	ck_assert_str_eq(js->directory, "/mnt");
	ck_assert_uint_eq(js->size, 1ull << 30);
	ck_assert_int_eq(js->rw, RW_WRITE | RW_RAND);
	ck_assert_str_eq(js->ioengine, "fake");
	ck_assert_ptr_eq(js->engine, &eng_fake);
	ck_assert_int_eq(js->iodepth, 32);
	ck_assert_int_eq(js->direct, 1);
	ck_assert_int_eq(js->numjobs, 4);
	ck_assert_int_eq(js->thread, 1);
	ck_assert_uint_eq(js->runtime, 30000000);
	ck_assert_int_eq(js->time_based, 1);
	ck_assert_uint_eq(js->ramp_time, 500000);
	ck_assert_int_eq(js->loops, 3);
	ck_assert_int_eq(js->randrepeat, 0);
	ck_assert_int_eq(js->randseed, 0x1234);
	ck_assert_int_eq(js->norandommap, 1);
	ck_assert_int_eq(js->group_reporting, 1);
	ck_assert_int_eq(js->end_fsync, 1);
	ck_assert_int_eq(js->fsync, 16);
	ck_assert(is_set(js, "iodepth"));
	ck_assert(is_set(js, "thread"));
	ck_assert(!is_set(js, "bs"));
	ck_assert(!is_set(js, "rwmixread"));
}
END_TEST

START_TEST(rw_modes)
{
	static const struct {
		const char *text;
		int64_t bits;
	} modes[] = {
		{ "read", RW_READ },
		{ "write", RW_WRITE },
		{ "randread", RW_READ | RW_RAND },
		{ "randwrite", RW_WRITE | RW_RAND },
		{ "rw", RW_READ | RW_WRITE },
		{ "readwrite", RW_READ | RW_WRITE },
		{ "randrw", RW_READ | RW_WRITE | RW_RAND },
	};
	const struct plio_option *o = core_find("rw");
	struct job_spec js = { 0 };
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		js.rw = -1;
		ck_assert_int_eq(option_parse_value(o, modes[i].text, 1024, &js, &err), 0);
		ck_assert_int_eq(js.rw, modes[i].bits);
	}
	/* choices are case-sensitive, as in fio */
	ck_assert_int_eq(option_parse_value(o, "RandRead", 1024, &js, &err), -EINVAL);
	build_ok("[a]\nreadwrite=randrw\n");
	ck_assert_int_eq(job(0)->rw, RW_READ | RW_WRITE | RW_RAND);
	ck_assert(is_set(job(0), "rw"));
}
END_TEST

START_TEST(rw_trim_modes)
{
	build_ok("[a]\nrw=trim\n"
		 "[b]\nreadwrite=randtrim\n"
		 "[c]\nrw=trimwrite\n"
		 "[d]\nrw=randtrimwrite:4\n");
	ck_assert_int_eq(job(0)->rw, RW_TRIM);
	ck_assert_int_eq(job(1)->rw, RW_TRIM | RW_RAND);
	ck_assert_int_eq(job(2)->rw, RW_TRIM | RW_WRITE);
	ck_assert_int_eq(job(3)->rw, RW_TRIM | RW_WRITE | RW_RAND);
	ck_assert_int_eq(job(3)->rw_nr, 4);
	/* the trim block size counts for the job's smallest and largest */
	ck_assert_uint_eq(job(0)->min_bs, 4096);
	ck_assert_uint_eq(job(0)->max_bs, 4096);
	ck_assert_str_eq(fmt(job(2), "rw"), "trimwrite");
	/* the engine must say it trims (psync here says nothing) */
	ck_assert_int_eq(options_check_runnable(job(0), &err), -ENOTSUP);
	ck_assert_str_eq(err.msg, "jobs.fio:2: rw: engine psync cannot trim");
	teardown();
	setup();
	build_fails("[a]\nrw=sideways\n",
		    "jobs.fio:2: rw: 'sideways' is not one of: read, write, randread, randwrite, rw, readwrite, randrw, trim, randtrim, trimwrite, randtrimwrite");
	/* a sequential mode may go backwards */
	teardown();
	setup();
	build_ok("[e]\nrw=read:-8k\n[f]\nrw=trimwrite:-4k\n");
	ck_assert_int_eq(job(0)->rw_nr, -8192);
	ck_assert_int_eq(job(1)->rw_nr, -4096);
}
END_TEST

START_TEST(rwmix_coupled)
{
	build_ok("[a]\nrwmixread=70\n"
		 "[b]\nrwmixwrite=30\nrwmixread=90\n"
		 "[c]\nrwmixread=70\nrwmixwrite=40\n"
		 "[d]\nrwmixwrite=100\n");
	ck_assert_int_eq(job(0)->rwmixread, 70);
	ck_assert_int_eq(job(0)->rwmixwrite, 30);
	/* only what was written counts as set */
	ck_assert(is_set(job(0), "rwmixread"));
	ck_assert(!is_set(job(0), "rwmixwrite"));
	ck_assert(is_set(job(3), "rwmixwrite"));
	ck_assert(!is_set(job(3), "rwmixread"));
	/* the last one given wins */
	ck_assert_int_eq(job(1)->rwmixread, 90);
	ck_assert_int_eq(job(1)->rwmixwrite, 10);
	ck_assert_int_eq(job(2)->rwmixread, 60);
	ck_assert_int_eq(job(2)->rwmixwrite, 40);
	ck_assert_int_eq(job(3)->rwmixread, 0);
	ck_assert_int_eq(job(3)->rwmixwrite, 100);
}
END_TEST

START_TEST(bs_per_direction)
{
	build_ok("[one]\nbs=8k\n"
		 "[two]\nbs=4k,16k\n"
		 "[write_only]\nbs=,8k\n"
		 "[read_only]\nblocksize=64k,\n"
		 "[colon]\nbs=1k:2k\n"
		 "[kb1000]\nkb_base=1000\nbs=4k,4kib\n");
	ck_assert_uint_eq(job(0)->bs[0], 8192);
	ck_assert_uint_eq(job(0)->bs[1], 8192);
	ck_assert_uint_eq(job(1)->bs[0], 4096);
	ck_assert_uint_eq(job(1)->bs[1], 16384);
	/* fio: an empty side keeps its default */
	ck_assert_uint_eq(job(2)->bs[0], 4096);
	ck_assert_uint_eq(job(2)->bs[1], 8192);
	ck_assert_uint_eq(job(3)->bs[0], 65536);
	ck_assert_uint_eq(job(3)->bs[1], 4096);
	ck_assert(is_set(job(3), "blocksize"));
	ck_assert_uint_eq(job(4)->bs[0], 1024);
	ck_assert_uint_eq(job(4)->bs[1], 2048);
	ck_assert_uint_eq(job(5)->bs[0], 4000);
	ck_assert_uint_eq(job(5)->bs[1], 4096);
}
END_TEST

START_TEST(bs_errors)
{
	build_fails("[j]\n\nbs=4q\n", "jobs.fio:3: bs: '4q' is not a size (e.g. 4k, 1m, 512)");
	teardown();
	setup();
	build_fails("[j]\nbs=4k,8q\n", "jobs.fio:2: bs: '4k,8q' is not a size (e.g. 4k, 1m, 512)");
	teardown();
	setup();
	build_fails("[j]\nbs=,\n", "jobs.fio:2: bs: ',' is not a size (e.g. 4k, 1m, 512)");
	teardown();
	setup();
	build_fails("[j]\nbs=4k,8k,16k,32k\n",
		    "jobs.fio:2: bs: '4k,8k,16k,32k' has more than three sizes (READ,WRITE,TRIM)");
	teardown();
	setup();
	build_fails("[j]\nbs=0\n", "jobs.fio:2: bs: '0' is out of range (at least 1)");
	teardown();
	setup();
	build_fails("[j]\nblocksize\n", "jobs.fio:2: blocksize: needs a value");
}
END_TEST

/* an expression that cannot be computed says why, for every number type */
START_TEST(expression_errors)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "[j]\nbs=(4k/0)\n", "jobs.fio:2: bs: cannot compute '(4k/0)': division by zero" },
		{ "[j]\nbs=(2^70)\n",
		  "jobs.fio:2: bs: cannot compute '(2^70)': the value does not fit in 64 bits" },
		{ "[j]\nbs=(1-2)\n", "jobs.fio:2: bs: '(1-2)' comes to -1: a size cannot be negative" },
		{ "[j]\nsize=(4k*2\n", "jobs.fio:2: size: cannot compute '(4k*2': missing ')'" },
		{ "[j]\niodepth=(3/0)\n", "jobs.fio:2: iodepth: cannot compute '(3/0)': division by zero" },
		{ "[j]\nruntime=(1-5)\n",
		  "jobs.fio:2: runtime: '(1-5)' comes to -4: a time cannot be negative" },
		{ "[j]\nruntime=(1%0)\n", "jobs.fio:2: runtime: cannot compute '(1%0)': modulus by zero" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (i) {
			teardown();
			setup();
		}
		build_fails(cases[i].text, cases[i].msg);
	}
}
END_TEST

START_TEST(bs_trim_value)
{
	build_ok("[one]\nbs=8k\n"
		 "[two]\nbs=4k,16k\n"
		 "[three]\nbs=4k,8k,16k\n"
		 "[trim_only]\nbs=,,2k\n");
	/* one value: all three; a missing last value repeats the one before */
	ck_assert_uint_eq(job(0)->bs[2], 8192);
	ck_assert_uint_eq(job(1)->bs[2], 16384);
	ck_assert_uint_eq(job(2)->bs[0], 4096);
	ck_assert_uint_eq(job(2)->bs[1], 8192);
	ck_assert_uint_eq(job(2)->bs[2], 16384);
	ck_assert_uint_eq(job(3)->bs[0], 4096);
	ck_assert_uint_eq(job(3)->bs[1], 4096);
	ck_assert_uint_eq(job(3)->bs[2], 2048);
	ck_assert_str_eq(fmt(job(1), "bs"), "4096,16384");
	ck_assert_str_eq(fmt(job(2), "bs"), "4096,8192,16384");
}
END_TEST

START_TEST(block_sizes_decoded)
{
	const struct bs_dir *b;

	build_ok("[range]\nrw=randrw\nbsrange=1k-8k,16k:4k\n"
		 "[split]\nrw=trimwrite\nbssplit=4k/30:8k:64k,2k/100,512/60:1k/60\n"
		 "[ba]\nrw=read\nbs=8k\nba=4k\nbs_unaligned\n"
		 "[later_bs]\nbsrange=1k-8k\nbs=2k\n"
		 "[pct]\nrw=randread\npercentage_random=10,,90\n"
		 "[split2]\nrw=rw\nbssplit=4k/50:,8k/120:16k/10%\n"
		 "[sorted]\nrw=randread\nbssplit=16k/30:8k/30:4k/30:32k/5\n"
		 "[split_range]\nrw=randrw\nbs=2k\nbsrange=1k-32k,\nbssplit=4k/50:16k/50\n"
		 "[zero]\nrw=randread\nbssplit=4k/0:8k/50:16k:32k/50%,4k/50:8k/50:16k,4k/150:8k\n");
	b = job(0)->bsd;
	ck_assert_uint_eq(b[0].min, 1024);
	ck_assert_uint_eq(b[0].max, 8192);
	/* HIGH:LOW is taken in order; the trim range repeats the write one */
	ck_assert_uint_eq(b[1].min, 4096);
	ck_assert_uint_eq(b[1].max, 16384);
	ck_assert_uint_eq(b[2].min, 4096);
	ck_assert_uint_eq(b[2].align, 4096);
	ck_assert_uint_eq(job(0)->min_bs, 1024);
	ck_assert_uint_eq(job(0)->max_bs, 16384);	/* reads and writes only */
	/* bssplit: entries without a percentage share what is left (35
	 * each), and the entries are ordered by percentage */
	b = job(1)->bsd;
	ck_assert_uint_eq(b[0].nsplit, 3);
	ck_assert_uint_eq(b[0].split[0].bs, 4096);
	ck_assert_uint_eq(b[0].split[0].cum, 30);
	ck_assert_uint_eq(b[0].split[1].bs, 8192);
	ck_assert_uint_eq(b[0].split[1].cum, 65);
	ck_assert_uint_eq(b[0].split[2].bs, 65536);
	ck_assert_uint_eq(b[0].split[2].cum, 100);
	ck_assert_uint_eq(b[0].max, 65536);
	ck_assert_uint_eq(b[1].nsplit, 1);
	ck_assert_uint_eq(b[1].min, 2048);
	/* above 100 is kept: the smaller shares come first */
	ck_assert_uint_eq(b[2].split[1].cum, 120);
	ck_assert_uint_eq(job(1)->min_bs, 512);
	ck_assert_uint_eq(job(1)->max_bs, 2048);
	b = job(2)->bsd;
	ck_assert_uint_eq(b[0].align, 4096);
	ck_assert(b[0].unaligned);
	/* bsrange wins over bs, even given before it (fio 3.33: 1k-8k) */
	ck_assert_uint_eq(job(3)->bsd[0].min, 1024);
	ck_assert_uint_eq(job(3)->bsd[0].max, 8192);
	ck_assert_int_eq(job(4)->pct_random[0], 10);
	ck_assert_int_eq(job(4)->pct_random[1], 100);
	ck_assert_int_eq(job(4)->pct_random[2], 90);
	ck_assert_int_eq(options_check_runnable(job(0), &err), 0);
	ck_assert_int_eq(options_check_runnable(job(4), &err), 0);
	/* as fio reads them: a trailing ':' adds nothing, N% is N, and
	 * above 100 the entry takes every pick (counted as 100) */
	b = job(5)->bsd;
	ck_assert_uint_eq(b[0].nsplit, 1);
	ck_assert_uint_eq(b[0].split[0].cum, 50);
	ck_assert_uint_eq(b[1].nsplit, 2);
	ck_assert_uint_eq(b[1].split[0].bs, 16384);
	ck_assert_uint_eq(b[1].split[0].cum, 10);
	ck_assert_uint_eq(b[1].split[1].bs, 8192);
	ck_assert_uint_eq(b[1].split[1].cum, 110);
	/* smallest percentage first, equal ones in the order given (fio
	 * 3.33 measured: 32k 5%, 16k 30%, 8k 30%, 4k 35%) */
	b = job(6)->bsd;
	ck_assert_uint_eq(b[0].nsplit, 4);
	ck_assert_uint_eq(b[0].split[0].bs, 32768);
	ck_assert_uint_eq(b[0].split[0].cum, 5);
	ck_assert_uint_eq(b[0].split[1].bs, 16384);
	ck_assert_uint_eq(b[0].split[1].cum, 35);
	ck_assert_uint_eq(b[0].split[2].bs, 8192);
	ck_assert_uint_eq(b[0].split[2].cum, 65);
	ck_assert_uint_eq(b[0].split[3].bs, 4096);
	ck_assert_uint_eq(b[0].split[3].cum, 95);
	/* 0 is no percentage: 4k and 16k share what is left of 100, nothing
	 * (fio 3.33: 8k 50, 32k 50); then 16k gets 0 (fio: 4k 50, 8k 50);
	 * 150 counts as 100, leaving 8k 0 (fio: 100% 4k) */
	/* bssplit with bsrange: fio draws from bssplit within bsrange's
	 * bounds (header and offset alignment); bs fills in writes */
	b = job(7)->bsd;
	ck_assert_uint_eq(b[0].nsplit, 2);
	ck_assert_uint_eq(b[0].min, 1024);
	ck_assert_uint_eq(b[0].max, 32768);
	ck_assert_uint_eq(b[0].align, 1024);
	ck_assert_uint_eq(b[1].nsplit, 2);
	ck_assert_uint_eq(b[1].min, 4096);
	ck_assert_uint_eq(b[1].max, 16384);
	b = job(8)->bsd;
	ck_assert_uint_eq(b[0].nsplit, 4);
	ck_assert_uint_eq(b[0].split[0].cum, 0);
	ck_assert_uint_eq(b[0].split[1].cum, 0);
	ck_assert_uint_eq(b[0].split[2].bs, 8192);
	ck_assert_uint_eq(b[0].split[2].cum, 50);
	ck_assert_uint_eq(b[0].split[3].bs, 32768);
	ck_assert_uint_eq(b[0].split[3].cum, 100);
	ck_assert_uint_eq(b[1].split[0].bs, 16384);
	ck_assert_uint_eq(b[1].split[0].cum, 0);
	ck_assert_uint_eq(b[1].split[2].cum, 100);
	ck_assert_uint_eq(b[2].split[0].bs, 8192);
	ck_assert_uint_eq(b[2].split[0].cum, 0);
	ck_assert_uint_eq(b[2].split[1].bs, 4096);
	ck_assert_uint_eq(b[2].split[1].cum, 100);
}
END_TEST

START_TEST(errors_and_syncs_decoded)
{
	const struct job_spec *js;

	build_ok("[a]\ncontinue_on_error=io\nignore_error=EIO:ENOSPC,28,EILSEQ\n"
		 "sync_file_range=wait_before,write:8\nerror_dump=1\n"
		 "[b]\nignore_error=,ENOSPC\n"
		 "[c]\ncontinue_on_error=1\n"
		 "[d]\nio_submit_mode=offload\n");
	js = job(0);
	ck_assert_uint_eq(js->coe_mask, COE_READ | COE_WRITE | COE_VERIFY);
	ck_assert_uint_eq(js->ignore[0].n, 2);
	ck_assert_int_eq(js->ignore[0].err[0], EIO);
	ck_assert_int_eq(js->ignore[0].err[1], ENOSPC);
	ck_assert(js->ignore[1].given);
	ck_assert_int_eq(js->ignore[1].err[0], 28);
	ck_assert_int_eq(js->ignore[2].err[0], EILSEQ);
	ck_assert_uint_eq(js->sfr_flags, SFR_WAIT_BEFORE | SFR_WRITE);
	ck_assert_int_eq(js->sfr_nr, 8);
	ck_assert_int_eq(options_check_runnable(js, &err), 0);
	/* a list alone makes its type continue */
	ck_assert_uint_eq(job(1)->coe_mask, COE_WRITE);
	ck_assert(!job(1)->ignore[0].given);
	ck_assert_uint_eq(job(2)->coe_mask, 7);
	ck_assert_str_eq(fmt(job(2), "continue_on_error"), "all");
	ck_assert_uint_eq(options_error_type(0, EIO), 0);
	ck_assert_uint_eq(options_error_type(2, EIO), 1);	/* trims: write errors */
	ck_assert_uint_eq(options_error_type(0, EILSEQ), 2);
	ck_assert_int_eq(options_check_runnable(job(3), &err), -ENOTSUP);
	/* the test's engine queues and reaps its own: offload is refused */
	ck_assert_str_eq(err.msg, "jobs.fio:11: io_submit_mode: offload hands each I/O to a submitter thread, for engines that complete it there (psync, sync, mmap...); engine psync queues and reaps its own");
	teardown();
	setup();
	build_fails("[a]\nignore_error=EIO:EWHAT\n",
		    "jobs.fio:2: ignore_error: 'EWHAT' is not an error name (e.g. EIO) or number");
	teardown();
	setup();
	build_fails("[a]\nignore_error=1,2,3,4\n",
		    "jobs.fio:2: ignore_error: '1,2,3,4' has more than three lists (READ,WRITE,VERIFY)");
}
END_TEST

START_TEST(warnings_and_warnings_fatal)
{
	/* fio warns and goes on: blockalign turns the random map off (the
	 * plan does: test_plan), the spec keeps what was written */
	build_ok("[a]\nrw=randread\nba=8k\nverifysort=1\n");
	ck_assert(job(0)->ba_given);
	ck_assert_int_eq(job(0)->norandommap, 0);
	teardown();
	setup();
	options_warnings_fatal = true;
	build_fails("[a]\nrw=randread\nba=8k\n",
		    "jobs.fio:3: ba: any use of blockalign turns off the random map (norandommap) (--warnings-fatal)");
	teardown();
	setup();
	build_fails("[a]\nverifysort_nr=4\n",
		    "jobs.fio:2: verifysort_nr: option verifysort_nr is deprecated and does nothing (--warnings-fatal)");
	options_warnings_fatal = false;
}
END_TEST

START_TEST(kb_base_applies_to_whole_section)
{
	build_ok("[a]\nsize=1m\nkb_base=1000\n"
		 "[global]\nkb_base=1000\n"
		 "[b]\nsize=1m\n"
		 "[c]\nsize=1mib\n");
	ck_assert_uint_eq(job(0)->size, 1000000);
	ck_assert_int_eq(job(0)->kb_base, 1000);
	ck_assert_uint_eq(job(1)->size, 1000000);
	ck_assert_uint_eq(job(2)->size, 1048576);
	teardown();
	setup();
	build_fails("[a]\nkb_base=1023\n",
		    "jobs.fio:2: kb_base: '1023' is not one of: 1024, 1000");
}
END_TEST

START_TEST(direct_and_buffered)
{
	build_ok("[a]\nbuffered=0\n[b]\ndirect=1\nbuffered=1\n[c]\nbuffered=1\ndirect=1\n[d]\n");
	ck_assert_int_eq(job(0)->direct, 1);
	ck_assert(!is_set(job(0), "direct"));
	ck_assert(is_set(job(0), "buffered"));
	ck_assert(is_set(job(1), "direct"));
	ck_assert_int_eq(job(1)->direct, 0);
	ck_assert_int_eq(job(2)->direct, 1);
	ck_assert_int_eq(job(3)->direct, 0);
	ck_assert(!is_set(job(3), "buffered"));
}
END_TEST

START_TEST(times)
{
	build_ok("[a]\nruntime=2m\nramp_time=10\n[b]\ntimeout=1500ms\nramp_time=2000ns\n");
	ck_assert_uint_eq(job(0)->runtime, 120000000);
	ck_assert_uint_eq(job(0)->ramp_time, 10000000);
	ck_assert_uint_eq(job(1)->runtime, 1500000);
	ck_assert_uint_eq(job(1)->ramp_time, 2);
	ck_assert(is_set(job(1), "runtime"));
	teardown();
	setup();
	build_fails("[a]\nruntime=10x\n", "jobs.fio:2: runtime: '10x' is not a time (e.g. 10s, 500ms, 2m)");
}
END_TEST

START_TEST(ranges)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "[j]\niodepth=0\n", "jobs.fio:2: iodepth: '0' is out of range (1 to 65535)" },
		{ "[j]\niodepth=65536\n", "jobs.fio:2: iodepth: '65536' is out of range (1 to 65535)" },
		{ "[j]\nrwmixread=101\n", "jobs.fio:2: rwmixread: '101' is out of range (0 to 100)" },
		{ "[j]\nrwmixwrite=-1\n", "jobs.fio:2: rwmixwrite: '-1' is out of range (0 to 100)" },
		{ "[j]\nnumjobs=0\n", "jobs.fio:2: numjobs: '0' is out of range (at least 1)" },
		{ "[j]\nnumjobs=4097\n", "jobs.fio:2: numjobs: '4097' is out of range (at most 4096, fio's limit)" },
		{ "[j]\nloops=0\n", "jobs.fio:2: loops: '0' is out of range (at least 1)" },
		{ "[j]\nfsync=-1\n", "jobs.fio:2: fsync: '-1' is out of range (at least 0)" },
		{ "[j]\niodepth=99999999999999999999\n",
		  "jobs.fio:2: iodepth: '99999999999999999999' is out of range (1 to 65535)" },
		{ "[j]\niodepth=many\n", "jobs.fio:2: iodepth: 'many' is not an integer (e.g. 8, 16k, 0x10)" },
		{ "[j]\ndirect=maybe\n", "jobs.fio:2: direct: 'maybe' is not a boolean (1 or 0)" },
		/* fio's booleans are 1 or 0; only its flags take a bare name */
		{ "[j]\ndirect=yes\n", "jobs.fio:2: direct: 'yes' is not a boolean (1 or 0)" },
		{ "[j]\ndirect=2\n", "jobs.fio:2: direct: '2' is not a boolean (1 or 0)" },
		{ "[j]\ndirect\n", "jobs.fio:2: direct: needs a value (1 or 0)" },
		{ "[j]\nthread=on\n", "jobs.fio:2: thread: 'on' is not a boolean (1 or 0)" },
		{ "[j]\niodepth=1k5\n", "jobs.fio:2: iodepth: '1k5' is not an integer (e.g. 8, 16k, 0x10)" },
		{ "[j]\niodepth=128k\n", "jobs.fio:2: iodepth: '128k' is out of range (1 to 65535)" },
		/* key= is refused as fio does, whatever the option */
		{ "[j]\nfilename=\n", "jobs.fio:2: filename: an empty value is not allowed" },
		{ "[j]\niodepth=\n", "jobs.fio:2: iodepth: an empty value is not allowed" },
		{ "[j]\nSize=1m\n", "jobs.fio:2: Size: unknown option (did you mean 'size'?)" },
		{ "[j]\nrw=Read\n", "jobs.fio:2: rw: 'Read' is not one of: read, write, randread, randwrite, rw, readwrite, randrw, trim, randtrim, trimwrite, randtrimwrite" },
		{ "[j]\nsize=-1\n", "jobs.fio:2: size: '-1' is not a size (e.g. 4k, 1m, 512)" },
		{ "[j]\nsize=99999999999p\n", "jobs.fio:2: size: '99999999999p' is out of range" },
		{ "[j]\niodepth\n", "jobs.fio:2: iodepth: needs a value" },
		{ "[j]\nioengine\n", "jobs.fio:2: ioengine: needs a value" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		build_fails(cases[i].text, cases[i].msg);
		teardown();
		setup();
	}
	build_ok("[j]\niodepth=65535\nrwmixread=0\nfsync=0\n");
	ck_assert_int_eq(job(0)->iodepth, 65535);
}
END_TEST

START_TEST(command_line_origins)
{
	struct origin a1 = { NULL, 1 }, a2 = { NULL, 2 }, a3 = { NULL, 3 };

	/* plio --bs=8k --name=x --iodepth=0 */
	ck_assert_int_eq(jobfile_add_entry(&jf, "bs", "8k", a1), 0);
	ck_assert_ptr_nonnull(jobfile_add_section(&jf, "x", false, a2));
	ck_assert_int_eq(jobfile_add_entry(&jf, "name", "x", a2), 0);
	ck_assert_int_eq(jobfile_add_entry(&jf, "iodepth", "0", a3), 0);
	ck_assert_int_lt(options_build(&jf, lookup, &jl, &err), 0);
	ck_assert_str_eq(err.msg, "command line (argument 3): iodepth: '0' is out of range (1 to 65535)");
	ck_assert_uint_eq(jl.n, 0);
}
END_TEST

START_TEST(command_line_job)
{
	struct origin a1 = { NULL, 1 }, a2 = { NULL, 2 }, a3 = { NULL, 3 };

	ck_assert_int_eq(jobfile_add_entry(&jf, "bs", "8k", a1), 0);
	ck_assert_ptr_nonnull(jobfile_add_section(&jf, "x", false, a2));
	ck_assert_int_eq(jobfile_add_entry(&jf, "name", "x", a2), 0);
	ck_assert_int_eq(jobfile_add_entry(&jf, "thread", NULL, a3), 0);
	ck_assert_int_eq(options_build(&jf, lookup, &jl, &err), 0);
	ck_assert_uint_eq(jl.n, 1);
	ck_assert_str_eq(job(0)->name, "x");
	ck_assert(is_set(job(0), "name"));
	ck_assert_uint_eq(job(0)->bs[1], 8192);
	ck_assert(is_set(job(0), "bs"));
	ck_assert_int_eq(job(0)->thread, 1);
	ck_assert_ptr_null(job(0)->where.file);
	ck_assert_uint_eq(job(0)->where.line, 2);
}
END_TEST

/* ---------------------------------------------------------------- globals */

START_TEST(globals_apply_to_later_jobs_only)
{
	build_ok("[early]\n"
		 "[global]\n"
		 "bs=8k\n"
		 "iodepth=4\n"
		 "[mid]\n"
		 "iodepth=2\n"
		 "[global2]\n"
		 "iodepth=16\n"
		 "rw=write\n"
		 "[late]\n");
	ck_assert_uint_eq(jl.n, 3);
	ck_assert_str_eq(job(0)->name, "early");
	ck_assert_uint_eq(job(0)->bs[0], 4096);
	ck_assert_int_eq(job(0)->iodepth, 1);
	ck_assert_str_eq(job(1)->name, "mid");
	ck_assert_uint_eq(job(1)->bs[0], 8192);
	ck_assert_int_eq(job(1)->iodepth, 2);
	ck_assert(is_set(job(1), "bs"));
	/* several globals accumulate; a job's own values do not leak */
	ck_assert_str_eq(job(2)->name, "late");
	ck_assert_uint_eq(job(2)->bs[0], 8192);
	ck_assert_int_eq(job(2)->iodepth, 16);
	ck_assert_int_eq(job(2)->rw, RW_WRITE);
	ck_assert_uint_eq(job(2)->where.line, 10);
}
END_TEST

START_TEST(distributions_and_priorities_decoded)
{
	const struct job_spec *a, *b;

	build_ok("[a]\nrw=randrw\nrandom_distribution=zoned:50/5:30/15:20/,zipf:1.2:0.3\n"
		 "[b]\ncmdprio_bssplit=4k/30/1/0:16k/50,8k/10\ncmdprio_class=2\ncmdprio=3\n"
		 "replay_skip=write,sync\n");
	a = job(0);
	b = job(1);
	/* fio's trailing entry without a size takes the rest of the region */
	ck_assert_int_eq(a->rdist[0].kind, DIST_ZONED);
	ck_assert_uint_eq(a->rdist[0].nzones, 3);
	ck_assert_uint_eq(a->rdist[0].zones[2].pct, 20);
	ck_assert_uint_eq(a->rdist[0].zones[2].size, 80);
	/* a part per direction; the last repeats for trims */
	ck_assert_int_eq(a->rdist[1].kind, DIST_ZIPF);
	ck_assert_double_eq_tol(a->rdist[1].arg, 1.2, 1e-9);
	ck_assert_double_eq_tol(a->rdist[1].center, 0.3, 1e-9);
	ck_assert_int_eq(a->rdist[2].kind, DIST_ZIPF);
	/* bs/percent/class/level, and bs/percent taking cmdprio_class/cmdprio */
	ck_assert(b->cmdprio_on);
	ck_assert_uint_eq(b->cmdprio_rule[0].nsplit, 2);
	ck_assert_uint_eq(b->cmdprio_rule[0].split[0].ioprio, 1u << 13);
	ck_assert_uint_eq(b->cmdprio_rule[0].split[1].bs, 16384);
	ck_assert_uint_eq(b->cmdprio_rule[0].split[1].ioprio, 2u << 13 | 3);
	ck_assert_uint_eq(b->cmdprio_rule[1].nsplit, 1);
	ck_assert_uint_eq(b->cmdprio_rule[1].split[0].bs, 8192);
	ck_assert_uint_eq(b->cmdprio_rule[1].split[0].pct, 10);
	/* replay_skip: write (bit 1) and sync (fsync and fdatasync, bits 3, 4) */
	ck_assert_uint_eq(b->replay_skip_mask, 2u | 8u | 16u);
}
END_TEST

START_TEST(refused_before_running)
{
	/* what plio cannot run is refused with the entry's place, before
	 * any job starts */
	build_ok("[a]\nfile_service_type=zipf:1.2\n"
		 "[b]\nfile_service_type=sequential:4\n"
		 "[c]\nioengine=nodirect\ndirect=1\n"
		 "[d]\nioengine=nodirect\nbuffered=0\n"
		 "[e]\nioengine=nodirect\n");
	ck_assert_int_eq(options_check_runnable(job(0), &err), 0);
	ck_assert_int_eq(job(0)->fdist.kind, DIST_ZIPF);
	ck_assert_double_eq_tol(job(0)->fdist.arg, 1.2, 1e-9);
	ck_assert_int_eq(options_check_runnable(job(1), &err), 0);
	ck_assert_int_eq(options_check_runnable(job(2), &err), -ENOTSUP);
	ck_assert_str_eq(err.msg, "jobs.fio:7: direct: engine nodirect cannot do direct I/O");
	ck_assert_int_eq(options_check_runnable(job(3), &err), -ENOTSUP);
	ck_assert_str_eq(err.msg, "jobs.fio:10: buffered: engine nodirect cannot do direct I/O");
	ck_assert_int_eq(options_check_runnable(job(4), &err), 0);
	teardown();
	setup();
	build_fails("[a]\nfile_service_type=roundrobin:0\n",
		    "jobs.fio:2: file_service_type: 'roundrobin:0': N is a number of I/Os, 1 or more");
}
END_TEST

START_TEST(wait_for_names_an_earlier_job)
{
	build_ok("[global]\nioengine=fake\n[a]\n[b]\nwait_for=a\n[a]\nwait_for=a\n");
	ck_assert_str_eq(job(1)->txt.wait_for, "a");
	teardown();
	setup();
	build_fails("[a]\nwait_for=b\n[b]\n",
		    "jobs.fio:2: wait_for: no job named 'b' is defined before job 'a'");
	teardown();
	setup();
	build_fails("[a]\nwait_for=a\n", "jobs.fio:2: wait_for: job 'a' cannot wait for itself");
	teardown();
	setup();
	/* from a [global]: the global's line */
	build_fails("[global]\nwait_for=z\n[a]\n",
		    "jobs.fio:2: wait_for: no job named 'z' is defined before job 'a'");
}
END_TEST

START_TEST(names)
{
	build_ok("[global]\nname=ignored\ndescription=shared\n"
		 "[first]\n"
		 "[second]\nname=explicit\n");
	ck_assert_str_eq(job(0)->name, "first");
	ck_assert(!is_set(job(0), "name"));
	ck_assert_str_eq(job(0)->description, "shared");
	ck_assert_str_eq(job(1)->name, "explicit");
	ck_assert(is_set(job(1), "name"));
	/* copies, not shared strings */
	ck_assert_ptr_ne(job(0)->description, job(1)->description);
	teardown();
	setup();
	build_fails("[j]\nname=\n", "jobs.fio:2: name: an empty value is not allowed");
}
END_TEST

START_TEST(only_globals_gives_no_jobs)
{
	ck_assert_int_eq(build("[global]\nbs=8k\n"), 0);
	ck_assert_uint_eq(jl.n, 0);
	ck_assert_int_eq(lookups, 0);
}
END_TEST

START_TEST(global_errors_are_reported)
{
	build_fails("[global]\niodepth=0\n[j]\n",
		    "jobs.fio:2: iodepth: '0' is out of range (1 to 65535)");
}
END_TEST

/* ---------------------------------------------------------- unknown names */

START_TEST(unknown_option_suggests)
{
	build_fails("[j]\nsize=1m\nbz=4k\n", "jobs.fio:3: bz: unknown option (did you mean 'bs'?)");
	teardown();
	setup();
	build_fails("[j]\niodepht=4\n", "jobs.fio:2: iodepht: unknown option (did you mean 'iodepth'?)");
	teardown();
	setup();
	build_fails("[j]\ntimout=4\n", "jobs.fio:2: timout: unknown option (did you mean 'timeout'?)");
	teardown();
	setup();
	build_fails("[j]\nxyzzy=1\n", "jobs.fio:2: xyzzy: unknown option");
	teardown();
	setup();
	/* a value written alone on its line: the option it belongs to */
	build_fails("[j]\nrandwrite\n", "jobs.fio:2: randwrite: unknown option (did you mean 'rw=randwrite'?)");
	teardown();
	setup();
	build_fails("[j]\nRANDWRITE\n", "jobs.fio:2: RANDWRITE: unknown option (did you mean 'readwrite'?)");
	teardown();
	setup();
	/* engine option names are suggested too */
	build_fails("[j]\nioengine=fake\nhipr\n",
		    "jobs.fio:3: hipr: unknown option (did you mean 'hipri'?)");
}
END_TEST

START_TEST(suggest)
{
	ck_assert_pstr_eq(core_suggest("bz"), "bs");
	ck_assert_pstr_eq(core_suggest("BZ"), "bs");
	ck_assert_pstr_eq(core_suggest("iodeptj"), "iodepth");
	ck_assert_pstr_eq(core_suggest("rwmix"), "rwmixread");
	ck_assert_pstr_eq(core_suggest("group_report"),
			  "group_reporting");
	ck_assert_pstr_eq(core_suggest("runtimes"), "runtime");
	ck_assert_pstr_eq(core_suggest("blocksiz"), "blocksize");
	ck_assert_ptr_null(core_suggest("zzzzzzzz"));
	ck_assert_ptr_null(core_suggest("x"));
	ck_assert_ptr_null(core_suggest(NULL));
	ck_assert_ptr_null(option_suggest(NULL, 0, "bs"));
}
END_TEST

/* -------------------------------------------------------------- engines */

static const struct fake_opts *fopts(size_t i)
{
	ck_assert_ptr_eq(job(i)->engine, &eng_fake);
	return job(i)->engine_opts;
}

START_TEST(engine_options_defaults_and_values)
{
	const struct fake_opts *f;

	build_ok("[d]\nioengine=fake\n"
		 "[j]\nhipri\nbatch=8\nlabel=hello\nchunk=1m\nmode=fast\nwait=2s\nioengine=fake\n");
	f = fopts(0);
	ck_assert_int_eq(f->hipri, 0);
	ck_assert_int_eq(f->batch, 4);
	ck_assert_str_eq(f->label, "lbl");
	ck_assert_uint_eq(f->chunk, 65536);
	ck_assert_int_eq(f->mode, 2);
	ck_assert_uint_eq(f->wait, 5000);
	/* engine options may come before ioengine= */
	f = fopts(1);
	ck_assert_int_eq(f->hipri, 1);
	ck_assert_int_eq(f->batch, 8);
	ck_assert_str_eq(f->label, "hello");
	ck_assert_uint_eq(f->chunk, 1 << 20);
	ck_assert_int_eq(f->mode, 1);
	ck_assert_uint_eq(f->wait, 2000000);
}
END_TEST

START_TEST(engine_options_use_job_kb_base)
{
	build_ok("[j]\nchunk=1m\nioengine=fake\nkb_base=1000\n");
	ck_assert_uint_eq(fopts(0)->chunk, 1000000);
}
END_TEST

START_TEST(engine_options_in_global)
{
	int64_t other;

	build_ok("[global]\nhipri\nother_opt=3\nbatch=2\n"
		 "[a]\nioengine=fake\nbatch=16\n"
		 "[b]\nioengine=other\n"
		 "[c]\n");
	ck_assert_int_eq(fopts(0)->hipri, 1);
	ck_assert_int_eq(fopts(0)->batch, 16);
	memcpy(&other, job(1)->engine_opts, sizeof(other));
	ck_assert_int_eq(other, 3);
	ck_assert_ptr_eq(job(2)->engine, &eng_psync);
}
END_TEST

START_TEST(engine_in_global)
{
	build_ok("[global]\nioengine=fake\nlabel=g\n[a]\n[b]\nlabel=b\n");
	ck_assert_str_eq(fopts(0)->label, "g");
	ck_assert_str_eq(fopts(1)->label, "b");
	ck_assert_ptr_ne(fopts(0)->label, fopts(1)->label);
}
END_TEST

START_TEST(global_engine_option_nobody_knows)
{
	/* hipri is fio's (an engine option): refused as such, not a typo */
	build_fails("[global]\nhipri\n[a]\n[b]\nioengine=other\n",
		    "jobs.fio:2: hipri: fio's option hipri is not supported by plio");
	teardown();
	setup();
	build_fails("[global]\nhipry\n[a]\n[b]\nioengine=other\n",
		    "jobs.fio:2: hipry: unknown option");
	teardown();
	setup();
	build_fails("[global]\nbatchh=2\n[a]\nioengine=fake\n",
		    "jobs.fio:2: batchh: unknown option (did you mean 'batch'?)");
	teardown();
	setup();
	/* a global after the jobs still needs an engine that knows it */
	build_ok("[a]\nioengine=fake\n[global]\nbatch=2\n");
	ck_assert_int_eq(fopts(0)->batch, 4);
}
END_TEST

START_TEST(engine_option_errors)
{
	build_fails("[j]\nioengine=fake\nbatch=100\n",
		    "jobs.fio:3: batch: '100' is out of range (1 to 64)");
	teardown();
	setup();
	build_fails("[j]\nioengine=fake\nmode=medium\n",
		    "jobs.fio:3: mode: 'medium' is not one of: fast, slow");
	teardown();
	setup();
	build_fails("[global]\nbatch=x\n[j]\nioengine=fake\n",
		    "jobs.fio:2: batch: 'x' is not an integer (e.g. 8, 16k, 0x10)");
	teardown();
	setup();
	build_fails("[j]\nioengine=fake\nlabel\n", "jobs.fio:3: label: needs a value");
	teardown();
	setup();
	/* another engine's option is unknown to this job */
	build_fails("[j]\nioengine=other\nhipri\n",
		    "jobs.fio:3: hipri: fio's option hipri is not supported by plio");
	teardown();
	setup();
	build_fails("[j]\nioengine=other\nlabel=x\n", "jobs.fio:3: label: unknown option");
}
END_TEST

START_TEST(engine_lookup_failure)
{
	build_fails("[global]\nioengine=nope\n[j]\n",
		    "jobs.fio:2: ioengine: no engine 'nope' (engines: psync, fake, other)");
	teardown();
	setup();
	build_fails("[j]\nsize=1m\nioengine=nope\n",
		    "jobs.fio:3: ioengine: no engine 'nope' (engines: psync, fake, other)");
	teardown();
	setup();
	/* the default engine: the section is the place */
	ck_assert_int_lt(build_with("[x]\n[j]\n", lookup_none), 0);
	ck_assert_str_eq(err.msg, "jobs.fio:1: ioengine: engine 'psync' cannot load: libfoo.so.1: cannot open shared object file");
	ck_assert_uint_eq(jl.n, 0);
}
END_TEST

START_TEST(no_lookup_means_no_engine)
{
	ck_assert_int_eq(build_with("[j]\nbs=8k\n", NULL), 0);
	ck_assert_ptr_null(job(0)->engine);
	ck_assert_ptr_null(job(0)->engine_opts);
	teardown();
	setup();
	ck_assert_int_lt(build_with("[j]\nchunk=4k\n", NULL), 0);
	ck_assert_str_eq(err.msg, "jobs.fio:2: chunk: unknown option");
}
END_TEST

START_TEST(failure_returns_nothing)
{
	build_fails("[a]\n[b]\n[c]\nbs=4q\n", "jobs.fio:4: bs: '4q' is not a size (e.g. 4k, 1m, 512)");
}
END_TEST

/* -------------------------------------------------------- generic helpers */

/* ------------------------------------------------ ABI 1.1 composites */

struct comp_opts {
	struct plio_int_dirs dirs;
	struct plio_size_dirs sizes;
	struct plio_size_list list;
	struct plio_split split;
	int64_t plain;		/* INT with min = max = 0 */
};

static const struct plio_option comp_options[] = {
	{ .name = "dirs", .type = PLIO_OPT_INT_DIRS, .offset = offsetof(struct comp_opts, dirs),
	  .def = "5", .min = 1, .max = 100 },
	{ .name = "sizes", .type = PLIO_OPT_SIZE_DIRS,
	  .offset = offsetof(struct comp_opts, sizes), .def = "4k" },
	{ .name = "list", .type = PLIO_OPT_SIZE_LIST, .offset = offsetof(struct comp_opts, list),
	  .min = 512 },
	{ .name = "split", .type = PLIO_OPT_SPLIT, .offset = offsetof(struct comp_opts, split) },
	{ .name = "plain", .type = PLIO_OPT_INT, .offset = offsetof(struct comp_opts, plain) },
};

/* Parse into *c; the error message (or "") in err.msg. */
static int comp(struct comp_opts *c, const char *name, const char *value, unsigned int kb)
{
	err.msg[0] = '\0';
	return option_parse_value(option_find(comp_options, 5, name), value, kb, c, &err);
}

static const char *comp_text(const struct comp_opts *c, const char *name)
{
	static char buf[512];

	ck_assert_int_eq(option_format_value(option_find(comp_options, 5, name), c, buf,
					     sizeof(buf)), 0);
	return buf;
}

START_TEST(composite_values)
{
	struct comp_opts c;

	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(option_set_defaults(comp_options, 5, &c, &err), 0);
	/* defaults fill every direction and are never given */
	ck_assert_int_eq(c.dirs.v[0], 5);
	ck_assert_int_eq(c.dirs.v[2], 5);
	ck_assert_int_eq(c.dirs.given[0] | c.dirs.given[1] | c.dirs.given[2], 0);
	ck_assert_uint_eq(c.sizes.v[1], 4096);
	ck_assert_str_eq(comp_text(&c, "dirs"), "5");

	/* a missing trailing value repeats the last, but is not given */
	ck_assert_int_eq(comp(&c, "dirs", "7,9", 1024), 0);
	ck_assert_int_eq(c.dirs.v[0], 7);
	ck_assert_int_eq(c.dirs.v[1], 9);
	ck_assert_int_eq(c.dirs.v[2], 9);
	ck_assert_int_eq(c.dirs.given[0], 1);
	ck_assert_int_eq(c.dirs.given[1], 1);
	ck_assert_int_eq(c.dirs.given[2], 0);
	ck_assert_str_eq(comp_text(&c, "dirs"), "7,9");
	/* an empty field keeps the value it had (and its given) */
	ck_assert_int_eq(comp(&c, "dirs", ",,3", 1024), 0);
	ck_assert_int_eq(c.dirs.v[0], 7);
	ck_assert_int_eq(c.dirs.v[2], 3);
	ck_assert_int_eq(c.dirs.given[2], 1);
	ck_assert_str_eq(comp_text(&c, "dirs"), "7,9,3");
	/* integers take suffixes as the job's kb_base reads them */
	ck_assert_int_eq(comp(&c, "dirs", "0x10", 1024), 0);
	ck_assert_int_eq(c.dirs.v[1], 16);

	/* bounds, naming the part out of range; nothing stored */
	ck_assert_int_eq(comp(&c, "dirs", "5,0", 1024), -ERANGE);
	ck_assert_str_eq(err.msg, "'5,0': '0' is out of range (1 to 100)");
	ck_assert_int_eq(c.dirs.v[0], 16);
	ck_assert_int_eq(comp(&c, "dirs", "101", 1024), -ERANGE);
	ck_assert_str_eq(err.msg, "'101' is out of range (1 to 100)");
	ck_assert_int_eq(comp(&c, "dirs", "1,2,3,4", 1024), -EINVAL);
	ck_assert_str_eq(err.msg, "'1,2,3,4' has more than three values (READ,WRITE,TRIM)");
	ck_assert_int_eq(comp(&c, "dirs", ",", 1024), -EINVAL);

	/* sizes follow kb_base: 1k is 1000 when the job says so */
	ck_assert_int_eq(comp(&c, "sizes", "1k,2k", 1000), 0);
	ck_assert_uint_eq(c.sizes.v[0], 1000);
	ck_assert_uint_eq(c.sizes.v[1], 2000);
	ck_assert_uint_eq(c.sizes.v[2], 2000);
	ck_assert_int_eq(comp(&c, "sizes", "1k,2k", 1024), 0);
	ck_assert_uint_eq(c.sizes.v[1], 2048);

	ck_assert_int_eq(comp(&c, "list", "1k:2k:", 1024), 0);
	ck_assert_uint_eq(c.list.n, 2);
	ck_assert_uint_eq(c.list.v[1], 2048);
	ck_assert_str_eq(comp_text(&c, "list"), "1024:2048");
	ck_assert_int_eq(comp(&c, "list", "1k:256", 1024), -ERANGE);
	ck_assert_str_eq(err.msg, "'1k:256': '256' is out of range (at least 512)");
	ck_assert_uint_eq(c.list.n, 2);

	ck_assert_int_eq(comp(&c, "split", "4k/30/1/2:8k/70,16k/100", 1000), 0);
	ck_assert_uint_eq(c.split.n_lists, 2);
	ck_assert_uint_eq(c.split.n[0], 2);
	ck_assert_uint_eq(c.split.n[1], 1);
	ck_assert_uint_eq(c.split.n[2], 1);	/* the last list repeats */
	ck_assert_uint_eq(c.split.e[0][0].size, 4000);
	ck_assert_uint_eq(c.split.e[0][0].pct, 30);
	ck_assert_uint_eq(c.split.e[0][0].n_args, 2);
	ck_assert_int_eq(c.split.e[0][0].args[1], 2);
	ck_assert_uint_eq(c.split.e[0][1].n_args, 0);
	ck_assert_uint_eq(c.split.e[2][0].size, 16000);
	ck_assert_str_eq(comp_text(&c, "split"), "4000/30/1/2:8000/70,16000/100");
	ck_assert_int_eq(comp(&c, "split", "4k/101", 1024), -EINVAL);
	ck_assert_str_eq(err.msg, "'4k/101': '101' is not a percentage (0 to 100)");
	ck_assert_int_eq(comp(&c, "split", "garbage", 1024), -EINVAL);
	ck_assert_str_eq(err.msg, "'garbage' is not SIZE/PERCENT[/A[/B]] (e.g. 4k/30)");
	ck_assert_int_eq(comp(&c, "split", "0/10", 1024), -EINVAL);
	ck_assert_uint_eq(c.split.n_lists, 2);	/* unchanged by the failures */
}
END_TEST

/* INT bounds as the header says: max 0 is no upper bound, min always
 * applies (ABI 1.0 cores took min = max = 0 as unbounded). */
START_TEST(int_bounds_rule)
{
	struct comp_opts c;

	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(comp(&c, "plain", "123456", 1024), 0);
	ck_assert_int_eq(c.plain, 123456);
	ck_assert_int_eq(comp(&c, "plain", "-1", 1024), -ERANGE);
	ck_assert_str_eq(err.msg, "'-1' is out of range (at least 0)");
	ck_assert_int_eq(c.plain, 123456);
}
END_TEST

START_TEST(parse_value_messages)
{
	const struct plio_option *o;
	struct fake_opts f = { 0 };

	o = option_find(fake_options, 6, "batch");
	ck_assert_int_eq(option_parse_value(o, NULL, 1024, &f, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "needs a value");
	ck_assert_int_eq(option_parse_value(o, "0x10", 1024, &f, &err), 0);
	ck_assert_int_eq(f.batch, 16);
	o = option_find(fake_options, 6, "wait");
	ck_assert_int_eq(option_parse_value(o, "3", 1024, &f, &err), 0);
	ck_assert_uint_eq(f.wait, 3000);
	ck_assert_int_eq(option_parse_value(o, "soon", 1024, &f, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "'soon' is not a time (e.g. 10s, 500ms, 2m)");
	o = option_find(fake_options, 6, "hipri");
	ck_assert_int_eq(option_parse_value(o, NULL, 1024, &f, &err), 0);
	ck_assert_int_eq(f.hipri, 1);
	ck_assert_int_eq(option_parse_value(o, "0", 1024, &f, &err), 0);
	ck_assert_int_eq(f.hipri, 0);
	/* engine integers take size suffixes under kb_base, as core ones do */
	{
		int64_t other = 0;

		ck_assert_int_eq(option_parse_value(&other_options[0], "2k", 1024,
						    &other, &err), 0);
		ck_assert_int_eq(other, 2048);
		ck_assert_int_eq(option_parse_value(&other_options[0], "2k", 1000,
						    &other, &err), 0);
		ck_assert_int_eq(other, 2000);
		ck_assert_int_eq(option_parse_value(&other_options[0], "", 1024,
						    &other, &err), -EINVAL);
		ck_assert_str_eq(err.msg, "an empty value is not allowed");
	}
	o = option_find(fake_options, 6, "chunk");
	ck_assert_int_eq(option_parse_value(o, "4k", 1000, &f, &err), 0);
	ck_assert_uint_eq(f.chunk, 4000);
	o = option_find(fake_options, 6, "label");
	ck_assert_int_eq(option_parse_value(o, "a", 1024, &f, &err), 0);
	ck_assert_int_eq(option_parse_value(o, "b", 1024, &f, &err), 0);
	ck_assert_str_eq(f.label, "b");
	option_free_values(fake_options, 6, &f);
	ck_assert_ptr_null(f.label);
}
END_TEST

START_TEST(bad_default_reported)
{
	static const struct plio_option bad[] = {
		{ .name = "n", .type = PLIO_OPT_INT, .offset = 0, .def = "ten" },
	};
	int64_t v = 0;

	ck_assert_int_eq(option_set_defaults(bad, 1, &v, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "option 'n': bad default: 'ten' is not an integer (e.g. 8, 16k, 0x10)");
}
END_TEST

START_TEST(format_values)
{
	const struct job_spec *js;
	const struct plio_option *o;
	char buf[64];

	build_ok("[j]\nsize=4k\nbs=4k,8k\nrw=randrw\nruntime=90\nramp_time=1500ms\n"
		 "buffered=0\nrandseed=0x89\ndescription=hi there\n"
		 "[k]\ntimeout=1500us\nbs=16k\n");
	js = job(0);
#define FMT(n, want)                                                             \
	do {                                                                     \
		o = core_find(n);                \
		ck_assert_int_eq(option_format_value(o, js, buf, sizeof(buf)), 0); \
		ck_assert_str_eq(buf, want);                                     \
	} while (0)
	FMT("size", "4096");
	FMT("bs", "4096,8192");
	FMT("rw", "randrw");
	FMT("runtime", "90s");
	FMT("ramp_time", "1500ms");
	FMT("direct", "1");
	FMT("buffered", "0");
	FMT("randseed", "137");
	FMT("description", "hi there");
	FMT("filename", "");
	FMT("kb_base", "1024");
	FMT("iodepth", "1");
	js = job(1);
	FMT("runtime", "1500us");
	FMT("bs", "16384");
#undef FMT
	o = core_find("description");
	ck_assert_int_eq(option_format_value(o, job(0), buf, 4), -ENOSPC);
	ck_assert_str_eq(buf, "hi ");
}
END_TEST

START_TEST(format_round_trips)
{
	struct job_spec copy;
	char a[128], b[128];
	size_t i, j;

	build_ok("[j]\nsize=3m\nbs=,2k\nrw=write\nruntime=2h\nramp_time=7\nbuffered=0\n"
		 "iodepth=9\nrwmixwrite=20\nfilename=/x\nthread\nkb_base=1000\n"
		 "[k]\n");
	for (j = 0; j < jl.n; j++) {
		memset(&copy, 0, sizeof(copy));
		for (i = 0; i < CO_NR; i++) {
			const struct plio_option *o = &core_options[i].o;

			ck_assert_int_eq(option_format_value(o, job(j), a, sizeof(a)), 0);
			/* unset strings and text types (no default) format
			 * as "", which no option takes */
			if (!a[0] && option_is_text(o))
				continue;
			/* options without a default that the job leaves
			 * unset hold 0, which may lie below fio's minimum
			 * (verify_interval: unset means the block size) */
			if (!o->def && !options_is_set(job(j), (enum core_opt)i) &&
			    o->min > 0)
				continue;
			ck_assert_msg(option_parse_value(o, a, 1000, &copy, &err) == 0,
				      "%s=%s: %s", o->name, a, err.msg);
		}
		for (i = 0; i < CO_NR; i++) {
			const struct plio_option *o = &core_options[i].o;

			option_format_value(o, job(j), a, sizeof(a));
			option_format_value(o, &copy, b, sizeof(b));
			ck_assert_str_eq(a, b);
		}
		ck_assert_uint_eq(copy.size, job(j)->size);
		ck_assert_uint_eq(copy.bs[1], job(j)->bs[1]);
		ck_assert_uint_eq(copy.runtime, job(j)->runtime);
		options_core_free(&copy);
	}
}
END_TEST

START_TEST(print_help_table)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	options_print_core_help(f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "name "));
	ck_assert_ptr_nonnull(strstr(text, "bs (blocksize)"));
	ck_assert_ptr_nonnull(strstr(text, "size[,size,size]"));
	ck_assert_ptr_nonnull(strstr(text, "psync"));
	ck_assert_ptr_nonnull(strstr(text, "randtrimwrite"));
	ck_assert_ptr_nonnull(strstr(text, " randrw "));
	ck_assert_ptr_nonnull(strstr(text, "[1-65535]"));
	/* every row is aligned: the type column starts at the same place */
	{
		const char *bsl = strstr(text, "\nbs (blocksize)"), *iol = strstr(text, "\niodepth ");
		ck_assert_ptr_nonnull(bsl);
		ck_assert_ptr_nonnull(iol);
		ck_assert_int_eq(strstr(bsl, "size[,size,size]") - bsl, strstr(iol, "int") - iol);
	}
	free(text);
}
END_TEST

static Suite *options_suite(void)
{
	Suite *s = suite_create("options");
	TCase *tc;

	tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, defaults_match_fio);
	tcase_add_test(tc, table_has_fio_names_and_aliases);
	tcase_add_test(tc, tier12_names_and_aliases_known);
	tcase_add_test(tc, not_yet_defaults_match_fio);
	tcase_add_test(tc, not_yet_values_parsed);
	tcase_add_test(tc, not_yet_value_errors);
	tcase_add_test(tc, placement_decoded);
	tcase_add_test(tc, trailing_separators_taken);
	tcase_add_test(tc, fio_only_options_refused);
	tcase_add_test(tc, values_parsed);
	tcase_add_test(tc, rw_modes);
	tcase_add_test(tc, rw_trim_modes);
	tcase_add_test(tc, bs_trim_value);
	tcase_add_test(tc, block_sizes_decoded);
	tcase_add_test(tc, errors_and_syncs_decoded);
	tcase_add_test(tc, warnings_and_warnings_fatal);
	tcase_add_test(tc, rwmix_coupled);
	tcase_add_test(tc, bs_per_direction);
	tcase_add_test(tc, bs_errors);
	tcase_add_test(tc, expression_errors);
	tcase_add_test(tc, kb_base_applies_to_whole_section);
	tcase_add_test(tc, direct_and_buffered);
	tcase_add_test(tc, times);
	tcase_add_test(tc, ranges);
	tcase_add_test(tc, command_line_origins);
	tcase_add_test(tc, command_line_job);
	suite_add_tcase(s, tc);

	tc = tcase_create("sections");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, globals_apply_to_later_jobs_only);
	tcase_add_test(tc, names);
	tcase_add_test(tc, wait_for_names_an_earlier_job);
	tcase_add_test(tc, refused_before_running);
	tcase_add_test(tc, distributions_and_priorities_decoded);
	tcase_add_test(tc, only_globals_gives_no_jobs);
	tcase_add_test(tc, global_errors_are_reported);
	tcase_add_test(tc, unknown_option_suggests);
	tcase_add_test(tc, suggest);
	tcase_add_test(tc, failure_returns_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("engines");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, engine_options_defaults_and_values);
	tcase_add_test(tc, engine_options_use_job_kb_base);
	tcase_add_test(tc, engine_options_in_global);
	tcase_add_test(tc, engine_in_global);
	tcase_add_test(tc, global_engine_option_nobody_knows);
	tcase_add_test(tc, engine_option_errors);
	tcase_add_test(tc, engine_lookup_failure);
	tcase_add_test(tc, no_lookup_means_no_engine);
	suite_add_tcase(s, tc);

	tc = tcase_create("generic");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, parse_value_messages);
	tcase_add_test(tc, composite_values);
	tcase_add_test(tc, int_bounds_rule);
	tcase_add_test(tc, bad_default_reported);
	tcase_add_test(tc, format_values);
	tcase_add_test(tc, format_round_trips);
	tcase_add_test(tc, print_help_table);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(options_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
