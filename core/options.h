/*
 * options.h - second stage: sections to typed, validated job specs.
 *
 * Owns the core option table (the same struct plio_option form that engines
 * use, so one generic parser serves both), applies [global] sections to the
 * jobs after them, resolves each job's engine through a lookup callback and
 * parses the engine's options with the engine's own table.  The result, a
 * job_list of job_spec, is immutable for the later stages.
 */
#ifndef PLIO_OPTIONS_H
#define PLIO_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <plio/plugin.h>

#include "jobfile.h"
#include "log.h"

struct loaded_engine;

/* rw= as bits: what a job does and whether offsets are random. */
#define RW_READ 1
#define RW_WRITE 2
#define RW_RAND 4
#define RW_TRIM 8

/* Core-only option types, beyond the public ones in plugin.h. */
enum {
	/* uint64_t[3]: "read,write,trim" sizes (missing trailing values
	 * copy the last one given: "4k" sets all three, "4k,8k" trims 8k) */
	OPT_CORE_SIZE_RW = 0x100,
	/* int: a bool stored inverted (buffered=1 stores direct=0) */
	OPT_CORE_BOOL_INV = 0x101,
	/*
	 * The types below are stored as the validated text (char *, owned
	 * like PLIO_OPT_STR): fio's syntax is checked, the value is not
	 * decoded yet.  They serve options plio parses but does not run.
	 */
	/* sizes; OPTF_DIRS: READ,WRITE,TRIM; OPTF_RANGE: LOW-HIGH or
	 * LOW:HIGH; OPTF_PCT: N% (1 to 100) as well; min/max bound sizes */
	OPT_CORE_SIZES = 0x102,
	/* integers in [min, max]; OPTF_DIRS as above */
	OPT_CORE_INTS = 0x103,
	/* times (a bare number is in `unit` us); OPTF_DIRS, OPTF_RANGE */
	OPT_CORE_TIMES = 0x104,
	/* decimals in [min, max], ':' between them, at most `unit` of them
	 * (0: one) */
	OPT_CORE_FLOATS = 0x105,
	/* bssplit: SIZE/PCT:SIZE/PCT..., up to three ',' lists */
	OPT_CORE_BSSPLIT = 0x106,
	/* a choice, then optionally ':' and numeric arguments
	 * (random_distribution=zipf:1.2, file_service_type=random:4, ...) */
	OPT_CORE_CHOICE_ARG = 0x107,
	/* sync_file_range: FLAG[,FLAG...]:N */
	OPT_CORE_SYNC_RANGE = 0x108,
	/* CPU or node list: N or N-M, ',' between them */
	OPT_CORE_CPULIST = 0x109,
};

/*
 * Core-only bits of plio_option.flags (the public PLIO_OPTF_* bits are low;
 * plugins never see these).
 */
/* Parsed and validated, but plio cannot run it yet: a job that sets it to
 * anything but its default is refused by options_check_runnable(). */
#define OPTF_NOT_YET (1u << 16)
/* Up to three values, for reads, writes and trims (',' between them). */
#define OPTF_DIRS (1u << 17)
/* A value may be a range, LOW-HIGH or LOW:HIGH. */
#define OPTF_RANGE (1u << 18)
/* A value may be a percentage, N%. */
#define OPTF_PCT (1u << 19)
/* A bare key (no value) is allowed and stores "". */
#define OPTF_BARE (1u << 20)
/*
 * A bool that fio treats as a flag: the bare name sets it and any integer
 * is taken (not 0: on).  Other core bools need a value, 1 or 0, as in fio;
 * engine bools may always be given bare (the plugin ABI's rule).
 */
#define OPTF_FLAG (1u << 21)
/* With OPTF_RANGE: every value must be a LOW-HIGH range (bsrange). */
#define OPTF_NEEDS_RANGE (1u << 22)
/* With OPTF_PCT: 0% is allowed too (offset=0% is the start). */
#define OPTF_PCT0 (1u << 23)

/* PLIO_OPT_SIZE with OPTF_PCT stores N% as OPT_PCT_FLAG | N (no size is
 * that large); plan.c resolves it against the file's size. */
#define OPT_PCT_FLAG (1ull << 63)

/* One direction's block sizes (bs, bsrange, bssplit, ba decoded). */
#define BSSPLIT_MAX 64
struct bs_dir {
	uint64_t min, max;	/* sizes from [min, max] (min == max: fixed) */
	uint64_t align;		/* random offsets are multiples of this */
	bool unaligned;		/* bs_unaligned: any size in [min, max] */
	unsigned int nsplit;	/* bssplit entries; 0: no bssplit */
	struct {
		uint64_t bs;
		unsigned int cum;	/* cumulative percent, up to this entry */
	} split[BSSPLIT_MAX];
};

/* sync_file_range flags (Linux's SYNC_FILE_RANGE_* values). */
#define SFR_WAIT_BEFORE 1u
#define SFR_WRITE 2u
#define SFR_WAIT_AFTER 4u

/* continue_on_error's error types (fio's values: io = 3, all = 7). */
#define COE_READ 1u
#define COE_WRITE 2u
#define COE_VERIFY 4u

/* One ignore_error list: errno values (given: the list was written). */
#define ERR_LIST_MAX 32
struct err_list {
	bool given;
	unsigned int n;
	int err[ERR_LIST_MAX];
};

/* The error type of errno err on direction dir (fio's rules): EILSEQ is
 * a verify error, reads' others are read errors, the rest write errors. */
unsigned int options_error_type(unsigned int dir, int err);

/*
 * --warnings-fatal: when set (main sets it before options_build), the
 * warnings options_build would print are errors instead.
 */
extern bool options_warnings_fatal;

/*
 * One job as the user described it.  Field types follow the option types
 * (see plugin.h): BOOL int, INT/ENUM int64_t, SIZE/TIME uint64_t (TIME in
 * microseconds), STR char *.  Strings are owned by the spec.
 */
struct job_spec {
	char *name;
	char *description;
	char *filename;		/* NULL: generated jobname.clone.filenum */
	char *directory;
	uint64_t size;		/* 0: take the file's size */
	uint64_t bs[3];		/* per direction: DIR_READ, DIR_WRITE, DIR_TRIM */
	int64_t rw;		/* RW_* bits */
	int64_t rwmixread;	/* percent of reads in mixed jobs */
	int64_t rwmixwrite;
	char *ioengine;
	int64_t iodepth;
	int direct;
	int64_t numjobs;
	int thread;
	uint64_t runtime;	/* us */
	int time_based;
	uint64_t ramp_time;	/* us */
	int64_t loops;
	int randrepeat;
	int64_t randseed;
	int norandommap;
	int group_reporting;
	int end_fsync;
	int64_t fsync;		/* fsync every N writes; 0 never */
	int64_t fdatasync;	/* fdatasync every N writes; 0 never */
	int64_t kb_base;
	int64_t iodepth_batch;	/* submit after this many queued; 0: when
				 * the queue is full or the core waits */
	int64_t iodepth_batch_complete_min; /* reap at least this many */
	int64_t iodepth_batch_complete_max; /* reap at most; 0: iodepth */
	int64_t iodepth_low;	/* refill when in flight drops to this;
				 * 0 (unset): keep the queue full */
	int invalidate;		/* drop cached pages before the job runs */
	char *buffer_pattern;	/* write buffer contents (parse_pattern) */

	/*
	 * Options parsed and validated but not run yet (OPTF_NOT_YET in the
	 * table): named as the option, typed as above; the OPT_CORE_* text
	 * types are the validated text.  options_check_runnable() refuses a
	 * job that gives one of them a value other than its default.
	 */
	char *filename_format;
	char *filesize;
	char *io_size;
	char *bsrange;
	char *startdelay;
	char *offset;
	int stonewall;
	int new_group;
	char *wait_for;
	int64_t unit_base;
	char *bssplit;
	char *ba;
	int bs_unaligned;
	int allrandrepeat;
	char *random_distribution;
	int64_t random_generator;
	char *percentage_random;
	int64_t rw_sequencer;
	int softrandommap;
	char *offset_increment;
	uint64_t offset_align;
	uint64_t number_ios;
	int64_t nrfiles;
	int64_t openfiles;
	char *file_service_type;
	int create_on_open;
	int overwrite;
	int64_t fallocate;
	int unlink;
	int unlink_each_loop;
	int pre_read;
	int fill_device;
	int file_append;
	int allow_file_create;
	int allow_mounted_write;
	int64_t io_submit_mode;
	int serialize_overlap;
	int64_t sync;
	int fsync_on_close;
	char *sync_file_range;
	int64_t write_barrier;
	int64_t verify;
	int do_verify;
	int verify_only;
	uint64_t verify_interval;
	uint64_t verify_offset;
	char *verify_pattern;
	int verify_fatal;
	int verify_dump;
	int64_t verify_async;
	uint64_t verify_backlog;
	int64_t verify_backlog_batch;
	int verify_state_save;
	int verify_state_load;
	int experimental_verify;
	int64_t trim_percentage;
	int trim_verify_zero;
	uint64_t trim_backlog;
	int zero_buffers;
	int refill_buffers;
	int scramble_buffers;
	int64_t buffer_compress_percentage;
	uint64_t buffer_compress_chunk;
	int64_t dedupe_percentage;
	char *mem;
	uint64_t iomem_align;
	char *rate;
	char *rate_min;
	char *rate_iops;
	char *rate_iops_min;
	int64_t rate_process;
	int64_t rate_cycle;
	int rate_ignore_thinktime;
	uint64_t thinktime;
	uint64_t thinktime_spin;
	int64_t thinktime_blocks;
	int64_t thinktime_blocks_type;
	uint64_t thinktime_iotime;
	int64_t flow;
	int64_t flow_id;
	int64_t flow_sleep;
	uint64_t latency_target;
	uint64_t latency_window;
	char *latency_percentile;
	char *max_latency;
	char *write_bw_log;
	char *write_iops_log;
	char *write_lat_log;
	char *write_hist_log;
	int per_job_logs;
	int64_t log_avg_msec;
	int64_t log_hist_msec;
	int64_t log_hist_coarseness;
	int log_offset;
	int64_t log_max_value;	/* log_window_value: STATLOG_WIN_* */
	int log_prio;
	int log_issue_time;
	int64_t bwavgtime;
	int64_t iopsavgtime;
	char *percentile_list;
	int clat_percentiles;
	int lat_percentiles;
	int slat_percentiles;
	int64_t unified_rw_reporting;
	int gtod_reduce;
	int disable_lat;
	int disable_clat;
	int disable_slat;
	int disable_bw_measurement;
	int stats;
	int64_t significant_figures;
	char *read_iolog;
	char *write_iolog;
	int replay_no_stall;
	char *replay_redirect;
	char *cpus_allowed;
	int64_t cpus_allowed_policy;
	int64_t cpumask;
	char *numa_cpu_nodes;
	char *numa_mem_policy;
	int64_t nice;
	int64_t prio;
	int64_t prioclass;
	char *exec_prerun;
	char *exec_postrun;
	int64_t uid;
	int64_t gid;
	int64_t continue_on_error;
	char *ignore_error;
	int error_dump;
	int exitall;
	int exitall_on_error;
	int64_t exit_what;
	char *steadystate;
	uint64_t steadystate_duration;
	uint64_t steadystate_ramp_time;
	uint64_t steadystate_check_interval;	/* us */
	int64_t rw_nr;		/* rw=MODE:N; 0 when no :N was given;
				 * below 0 only for sequential modes
				 * (read:-8k goes backwards) */

	/*
	 * Decoded at the end of options_build from the text options above
	 * (bs, bsrange, bssplit, ba, bs_unaligned, percentage_random,
	 * sync_file_range, continue_on_error, ignore_error), so the worker
	 * reads plain numbers.  Per direction: DIR_READ, DIR_WRITE, DIR_TRIM.
	 */
	struct bs_dir bsd[3];
	uint64_t min_bs, max_bs; /* over the directions the job does */
	int64_t pct_random[3];	/* percentage_random per direction */
	unsigned int sfr_flags;	/* sync_file_range flags, SYNC_FILE_RANGE_* */
	int64_t sfr_nr;		/* ... every this many writes; 0: never */
	unsigned int coe_mask;	/* COE_*: error types a job continues after */
	struct err_list ignore[3]; /* ignore_error: READ, WRITE, VERIFY */

	/* filled by options_build, not by options */
	struct origin where;	/* the section that made this job */
	const struct jf_section *section; /* its entries, as written (the
					 * jobfile outlives the job list) */
	unsigned char *set;	/* set[i]: core option i was given explicitly */
	struct origin *set_where; /* set_where[i]: the entry that gave it */
	const struct loaded_engine *engine;
	void *engine_opts;	/* engine->e.options_size bytes, owned */
};

struct job_list {
	struct job_spec **jobs;
	size_t n;
};

/* Finds an engine by ioengine= text (name, path, external:path); on
 * failure returns NULL and sets e->msg to the reason (no WHERE prefix). */
typedef const struct loaded_engine *(*engine_lookup_fn)(const char *name,
							 struct perr *e);

extern const struct plio_option core_options[];
extern const size_t n_core_options;

/*
 * Build the job list from the sections.  Every error is "WHERE: OPTION:
 * WHAT" in e (WHERE from the entry's origin) and nothing is returned.
 */
int options_build(const struct jobfile *jf, engine_lookup_fn lookup,
		  struct job_list *out, struct perr *e);
void job_list_free(struct job_list *l);

/*
 * Whether plio can run js: 0, or -ENOTSUP with e set to "WHERE: KEY:
 * option KEY is not supported yet" for the first option (in table order)
 * that plio parses but cannot run yet and that js sets to a value other
 * than its default.  main calls it for every job before planning; with
 * --parse-only it is not called.
 */
int options_check_runnable(const struct job_spec *js, struct perr *e);

/*
 * Where core option `name` was given for js ("jobs.fio:12", "command line
 * (argument 3)"), or where js's section starts when it was not: the WHERE
 * of an error found after parsing (plan's checks).  Written into buf.
 */
const char *options_where(const struct job_spec *js, const char *name,
			  char *buf, size_t len);

/* fio 3.33's option names and aliases (core and engine options), sorted;
 * what plio refuses as "fio's option X is not supported by plio" when
 * neither the core nor the job's engine knows the name. */
extern const char *const fio_option_names[];
extern const size_t n_fio_option_names;
/* Whether name is one of them (case-sensitive, as fio matches them). */
bool fio_option_known(const char *name);

/* Whether option o may be given bare (no value): fio's flags, engine and
 * profile bools, OPTF_BARE strings. */
bool option_bare_ok(const struct plio_option *o);

/* Whether core option `name` was set explicitly for this job. */
bool options_is_set(const struct job_spec *js, const char *name);

/* Generic table operations, shared by core, engine and profile options. */
const struct plio_option *option_find(const struct plio_option *opts, size_t n,
				      const char *name);
/* Parse `value` (NULL for a bare key) into block; e gets "'VALUE' is not ..." */
int option_parse_value(const struct plio_option *o, const char *value,
		       unsigned int kb_base, void *block, struct perr *e);
int option_set_defaults(const struct plio_option *opts, size_t n, void *block,
			struct perr *e);
/* The current value as text (what job files would say). */
int option_format_value(const struct plio_option *o, const void *block,
			char *buf, size_t len);
/* Free the strings an options block holds. */
void option_free_values(const struct plio_option *opts, size_t n, void *block);
/* Print a table's help (name, type, default, help) for --enghelp=NAME. */
void option_print_help(FILE *out, const struct plio_option *opts, size_t n);

/* Names unknown_option() also suggests for a key given on the command
 * line: the program options (set by main); NULL: none. */
extern const struct plio_option *options_suggest_extra;
extern size_t options_n_suggest_extra;

/* The closest option name to a typo, or NULL. */
const char *option_suggest(const struct plio_option *opts, size_t n,
			   const char *name);

/*
 * --cmdhelp.  Core options are grouped in categories (plio's own grouping,
 * listed in display order; "Other" last); option_category() names the
 * category of a core option.
 */
extern const char *const option_categories[];
extern const size_t n_option_categories;
const char *option_category(const struct plio_option *o);
/* One option in detail (fio's --cmdhelp=NAME layout); engine: the engine
 * the option belongs to, or NULL for a core option. */
void option_print_cmdhelp(FILE *out, const struct plio_option *o,
			  const char *engine);
/* One "name : help" row of the option list, after indent. */
void option_print_cmdhelp_row(FILE *out, const struct plio_option *o,
			      const char *indent);

#endif
