/*
 * spec.h - one job as the user described it: the options stage's result.
 *
 * A job_spec holds each core option's value, typed as parsed, where each
 * was given, and the job's engine with its own options block.  Options
 * whose text means more than one value (sizes per direction, ranges,
 * splits, lists, a choice with arguments) are kept as the validated text
 * in `txt`, for display only: each is decoded once, when the job is built
 * (options/decode.c), into the typed fields after it, which are what the
 * later stages read.  Nothing outside core/options/ reads `txt`
 * (tests/layout/layers.sh checks), and nothing writes a job_spec once
 * options_build() has returned it.
 */
#ifndef PLIO_OPTIONS_SPEC_H
#define PLIO_OPTIONS_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/dist.h"
#include "base/parse.h"
#include "input/jobfile.h"
#include "options/table.h"

struct loaded_engine;

/* rw= as bits: what a job does and whether offsets are random. */
/* The most workers a run starts, every job's numjobs clones counted, and
 * the most numjobs of one job: fio's limit (REAL_MAX_JOBS, "error:
 * maximum number of jobs reached.").  --max-jobs sets another total. */
#define OPTIONS_MAX_JOBS 4096

#define RW_READ 1
#define RW_WRITE 2
#define RW_RAND 4
#define RW_TRIM 8

/* numa_mem_policy's modes (0: not given) */
enum place_mem {
	PLACE_MEM_NONE,
	PLACE_MEM_DEFAULT,
	PLACE_MEM_PREFER,
	PLACE_MEM_BIND,
	PLACE_MEM_INTERLEAVE,
	PLACE_MEM_LOCAL,
};

/* Priorities a direction's cmdprio rules may give, besides the job's own. */
#define CMDPRIO_VALUES_MAX 7

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

/* file_service_type's kinds (its choices' values). */
enum fst_kind {
	FST_RANDOM,
	FST_ROUNDROBIN,
	FST_SEQUENTIAL,
	FST_ZIPF,
	FST_PARETO,
	FST_NORMAL,	/* and gauss */
};

/* CPU numbers a CPU list of a job can name. */
#define SPEC_CPUS_MAX 1024

/* mem= (iomem=): where the I/O buffers come from (its choices' values). */
enum mem_type {
	MEM_MALLOC,
	MEM_SHM,
	MEM_SHMHUGE,
	MEM_MMAP,
	MEM_MMAPSHARED,
	MEM_MMAPHUGE,
};

/* dedupe_mode=: what a buffer chosen to repeat repeats. */
enum dedupe_mode {
	DEDUPE_REPEAT,		/* the last buffer made afresh */
	DEDUPE_WORKING_SET,	/* one of a fixed set, at random */
};

/* steadystate=KIND:LIMIT, decoded. */
#define SS_IOPS (1u << 0)	/* judge IOPS, else bandwidth */
#define SS_SLOPE (1u << 1)	/* the slope, else the largest deviation */
#define SS_PCT (1u << 2)	/* LIMIT is a percentage of the mean */
struct ss_spec {
	unsigned int mode;	/* SS_* */
	double limit;		/* IOPS, bytes/s (bandwidth), or percent */
};

/* percentile_list, decoded: fio reports at most 20. */
#define PCT_LIST_MAX 20
struct pct_list {
	bool decoded;		/* false in a spec built by hand (tests):
				 * the report then takes fio's defaults */
	unsigned int n;		/* 0: none (a 0 first ends the list) */
	unsigned int prec;	/* decimals shown: the longest entry's */
	double v[PCT_LIST_MAX];	/* sorted, smallest first */
};

/* A size that may be N% of something (offset=, io_size=): bytes, or
 * OPT_PCT_FLAG | N (value.h). */
typedef uint64_t size_or_pct;

/*
 * Options kept as the validated text the user gave (value.h's text
 * types, and strings decoded into something else): for display and for
 * the decoders only.
 */
struct job_text {
	char *filesize;
	char *io_size;
	char *bsrange;
	char *startdelay;
	char *offset;
	char *wait_for;
	char *bssplit;
	char *ba;
	char *random_distribution;
	char *percentage_random;
	char *cmdprio_percentage;
	char *cmdprio_class;
	char *cmdprio;
	char *offset_increment;
	char *file_service_type;
	char *sync_file_range;
	char *mem;
	char *rate;
	char *rate_min;
	char *rate_iops;
	char *rate_iops_min;
	char *latency_percentile;
	char *max_latency;
	char *percentile_list;
	char *cpus_allowed;
	char *verify_async_cpus;
	char *numa_cpu_nodes;
	char *ignore_error;
	char *steadystate;
	char *buffer_pattern;
};

/*
 * Field types follow the option types (plio/plugin.h): BOOL int,
 * INT/ENUM int64_t, SIZE/TIME uint64_t (TIME in microseconds), STR char *.
 * Strings are owned by the spec.
 */
struct job_spec {
	char *name;
	char *description;
	char *filename;		/* NULL: generated jobname.clone.filenum */
	char *directory;
	uint64_t size;		/* 0: take the file's size; or OPT_PCT_FLAG | N */
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
	char *filename_format;
	int stonewall;
	int new_group;
	int64_t unit_base;
	int bs_unaligned;
	int allrandrepeat;
	int64_t random_generator;
	int64_t rw_sequencer;
	int softrandommap;
	uint64_t offset_align;
	uint64_t number_ios;
	int64_t nrfiles;
	int64_t openfiles;
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
	int64_t trim_backlog_batch;
	int zero_buffers;
	int refill_buffers;
	int scramble_buffers;
	int64_t buffer_compress_percentage;
	uint64_t buffer_compress_chunk;
	int64_t dedupe_percentage;
	int64_t dedupe_mode;		/* DEDUPE_* */
	int64_t dedupe_ws_pct;		/* dedupe_working_set_percentage */
	int dedupe_global;
	uint64_t iomem_align;
	uint64_t hugepage_size;
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
	int64_t replay_scale;
	uint64_t replay_align;
	int64_t replay_time_scale;
	char *replay_skip;
	char *cmdprio_bssplit;
	/* cmdprio_percentage, cmdprio_class, cmdprio, cmdprio_bssplit decoded:
	 * per direction (reads, writes), which I/Os get a priority of their
	 * own (class << 13 | level) */
	struct cmdprio_dir {
		unsigned int pct;		/* cmdprio_percentage */
		uint16_t ioprio;		/* ... with this priority */
		unsigned int nsplit;		/* cmdprio_bssplit entries */
		struct {
			uint64_t bs;
			unsigned int pct;
			uint16_t ioprio;
		} split[BSSPLIT_MAX];
	} cmdprio_rule[2];
	bool cmdprio_on;			/* some I/O gets a priority */
	unsigned int replay_skip_mask;	/* ... decoded: 1 << enum iolog_act */
	int64_t zonemode;
	uint64_t zonesize, zonerange, zoneskip;
	int64_t cpus_allowed_policy;
	int64_t cpumask;
	char *numa_mem_policy;
	int64_t nice;
	int64_t prio;
	int64_t prioclass;
	char *exec_prerun;
	char *exec_postrun;
	int64_t uid;
	int64_t gid;
	int64_t continue_on_error;
	int error_dump;
	int exitall;
	int exitall_on_error;
	int64_t exit_what;
	uint64_t steadystate_duration;
	uint64_t steadystate_ramp_time;
	uint64_t steadystate_check_interval;	/* us */

	struct job_text txt;	/* see above: options/ only */

	/*
	 * Decoded when the job is built (options/decode.c, each option's
	 * core_option.decode), so later stages read plain numbers.
	 */
	int64_t rw_nr;		/* rw=MODE:N; 0 when no :N was given;
				 * below 0 only for sequential modes
				 * (read:-8k goes backwards) */
	struct bs_dir bsd[3];	/* bs, bsrange, bssplit, ba, bs_unaligned;
				 * per direction: DIR_READ, DIR_WRITE, DIR_TRIM */
	uint64_t min_bs, max_bs; /* over the directions the job does */
	bool ba_given;		/* ba= was given (random jobs then run
				 * without a random map, as fio's) */
	int64_t pct_random[3];	/* percentage_random per direction */
	uint64_t filesize_lo, filesize_hi; /* filesize= (0: not given) */
	size_or_pct io_size;	/* io_size= (0: not given) */
	size_or_pct offset;
	size_or_pct offset_increment;
	uint64_t startdelay_lo, startdelay_hi;	/* us */
	enum fst_kind fst;	/* file_service_type */
	unsigned int fst_nr;	/* ... its :N, I/Os per file turn (1) */
	struct dist_spec fdist;	/* ... zipf, pareto, normal: the distribution */
	struct dist_spec rdist[3]; /* random_distribution per direction */
	unsigned int sfr_flags;	/* sync_file_range flags, SYNC_FILE_RANGE_* */
	int64_t sfr_nr;		/* ... every this many writes; 0: never */
	unsigned int coe_mask;	/* COE_*: error types a job continues after */
	struct err_list ignore[3]; /* ignore_error: READ, WRITE, VERIFY */
	struct ss_spec ss;	/* steadystate= */
	struct pct_list pcts;	/* percentile_list= */
	double latency_pct;	/* latency_percentile= (fio reports it) */
	uint64_t rate[3];	/* rate=, per direction: bytes a second; 0: none */
	uint64_t rate_min[3];	/* rate_min= */
	uint64_t rate_iops[3];	/* rate_iops= */
	uint64_t rate_iops_min[3]; /* rate_iops_min= */
	uint64_t max_lat_us[3];	/* max_latency=, per direction; 0: none */
	uint64_t vasync_cpus[SPEC_CPUS_MAX / 64]; /* verify_async_cpus= */
	/* cpus_allowed (or cpumask), cpus_allowed_policy, numa_cpu_nodes,
	 * numa_mem_policy decoded (options/decode_place.c) */
	struct job_place {
		bool pin;			/* cpus[] given */
		bool split;			/* cpus_allowed_policy=split */
		bool on_nodes;			/* cpu_nodes[] given */
		unsigned int mem_mode;		/* enum place_mem */
		uint64_t cpus[SPEC_CPUS_MAX / 64];
		uint64_t cpu_nodes[SPEC_CPUS_MAX / 64];
		uint64_t mem_nodes[SPEC_CPUS_MAX / 64];
	} place;
	bool vasync_pinned;		/* ... was given */
	int mem_type;			/* mem=: MEM_* */
	const char *mem_file;		/* ... its :FILE (in txt.mem); NULL: none */
	uint8_t pattern[PATTERN_MAX];	/* buffer_pattern=, as bytes */
	size_t pattern_len;		/* 0: no pattern */
	uint8_t vpattern[PATTERN_MAX];	/* verify_pattern=, as bytes */
	size_t vpattern_len;		/* 0: none */
	struct pattern_fmt vpattern_fmt; /* its %o */
	int wait_for_job;	/* wait_for=: the index in the job list of the
				 * job it names; -1: none */

	/* filled by options_build, not by options */
	struct origin where;	/* the section that made this job */
	const struct jf_section *section; /* its entries, as written (the
					 * jobfile outlives the job list) */
	unsigned char set[CO_NR]; /* set[id]: core option id was given */
	struct origin set_where[CO_NR]; /* set_where[id]: the entry that gave it */
	const struct loaded_engine *engine;
	void *engine_opts;	/* engine->e.options_size bytes, owned */
	struct origin *engine_where; /* engine option i was given at
				      * engine_where[i] (line 0: not given) */
};

struct job_list {
	struct job_spec **jobs;
	size_t n;
};

void job_list_free(struct job_list *l);

/* Whether core option id was given explicitly for js. */
bool options_is_set(const struct job_spec *js, enum core_opt id);

/*
 * Where core option id was given for js ("jobs.fio:12", "command line
 * (argument 3)"), or where js's section starts when it was not: the WHERE
 * of an error found after parsing (plan's checks).  Written into buf.
 */
const char *options_where(const struct job_spec *js, enum core_opt id,
			  char *buf, size_t len);

/* The error type of errno err on direction dir (fio's rules): EILSEQ is
 * a verify error, reads' others are read errors, the rest write errors. */
unsigned int options_error_type(unsigned int dir, int err);

#endif
