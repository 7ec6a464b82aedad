/*
 * plan.h - third stage: job specs to what will run.
 *
 * Expands numjobs into clones, assigns reporting groups and stonewalled
 * phases (as fio numbers them), resolves startdelay and wait_for, resolves each
 * clone's files (names, directory, region offset and size, whether they
 * must be laid out first) and checks what is safe before anything runs.
 * Everything a worker needs is decided here, once: what every clone of a
 * job does (struct plan_shape: directions, block-size tables, depths,
 * syncs, times, what to measure and log, process settings) and what each
 * clone does apart (struct plan_job: its files, regions, seed, start).
 * The plan is immutable once built; the worker reads it and nothing else.
 */
#ifndef PLIO_PLAN_H
#define PLIO_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/log.h"
#include "base/parse.h"
#include "options/spec.h"
#include "options/value.h"
#include "plan/iolog.h"

struct plan_file {
	char *path;
	uint64_t offset;	/* start of the region the job may touch
				 * (plio-mpi shared files: this rank's share
				 * of the job's region) */
	uint64_t size;		/* bytes of that region (share) */
	uint64_t file_size;	/* bytes the file must hold: where the job's
				 * region ends (shared: the whole region's,
				 * so every rank lays out the same file) */
	uint64_t real_size;	/* bytes it holds once laid out: file_size,
				 * or more when it was bigger already (where
				 * rw=MODE:N's holes wrap, as fio's do) */
	bool layout;		/* must be created or extended before the job */
	bool fill;		/* layout writes data up to file_size (the job
				 * reads, or overwrite=1), not only allocates */
	bool blkdev;		/* a block device: never created nor extended */
};

/* What a job measures and logs (fio's rules, applied by the plan). */
struct plan_measure {
	bool stats;		/* stats=0: nothing is measured */
	bool lat, clat, slat;	/* disable_*, gtod_reduce */
	bool gtod_reduce;	/* also: no percentiles */
	bool bw_off;		/* disable_bw_measurement or gtod_reduce */
	uint64_t log_avg_ms;	/* log_avg_msec */
	uint64_t bw_avg_ms, iops_avg_ms;	/* bwavgtime, iopsavgtime */
	bool bw_avg_given, iops_avg_given;
	/* log file prefixes ("": the job's name); NULL: no such log */
	const char *lat_log, *hist_log, *bw_log, *iops_log;
	bool per_job_logs, log_offset, log_prio, log_issue_time;
	unsigned int log_window;	/* log_window_value: STATLOG_WIN_* */
	uint64_t hist_ms;		/* log_hist_msec */
	unsigned int hist_coarseness;	/* log_hist_coarseness */
	unsigned int ioprio;	/* class << 13 | level, as logged; 0: none */
};

/* What a job asks of the process or thread that runs it (process.c). */
struct plan_process {
	bool ioprio;		/* prio= or prioclass= given */
	int64_t prioclass, prio;
	int64_t nice;
	bool set_gid, set_uid;
	int64_t gid, uid;
	const char *prerun, *postrun;	/* exec_prerun, exec_postrun; NULL: none */
	/* placement (cpus_allowed or cpumask, cpus_allowed_policy,
	 * numa_cpu_nodes, numa_mem_policy): CPUs and NUMA nodes as bit masks
	 * of PLAN_CPUS_MAX bits */
	struct job_place place;
};

/* Priorities per direction with statistics of their own (cmdprio): the
 * job's, and CMDPRIO_VALUES_MAX more (measure/stats.h's STATS_PRIO_MAX). */
#define PLAN_PRIO_MAX 8

/* CPU numbers a CPU mask of the plan can hold. */
#define PLAN_CPUS_MAX SPEC_CPUS_MAX

/* What every clone of one job does: decided once per job spec. */
struct plan_shape {
	const char *name;
	const char *rank_tag;	/* plio-mpi: the rank's tag (the plan's copy),
				 * for plan_out_name(); NULL: a local run */
	struct plio_job job;		/* what the engine learns (ctx->job) */
	const void *engine_opts;	/* the engine's options block */
	/* directions and order */
	unsigned int rw;	/* RW_* */
	bool random;		/* offsets at random */
	bool mixed;		/* reads and writes, rwmixread percent reads */
	bool trimwrite;		/* every trim followed by a write of its block */
	unsigned int rwmixread;
	int64_t rw_nr;		/* rw=MODE:N (see struct job_spec) */
	bool rw_identical;	/* rw_sequencer=identical */
	unsigned int pct_random[3];	/* percentage_random per direction */
	bool use_map;		/* random offsets keep a random map */
	struct dist_spec dist[3]; /* random_distribution per direction */
	bool skewed;		/* ... one is not uniform (no random map, fio's) */
	bool lfsr;		/* random_generator=lfsr: each block once per
				 * loop, without a map */
	struct dist_spec fdist;	/* file_service_type=zipf, pareto, normal */
	/*
	 * cmdprio: per direction (reads, writes), the priorities I/Os may
	 * carry, each a slot of the statistics: slot 0 the job's own
	 * (prioclass/prio, or none: 0), then those the rules give; a rule
	 * names its slot.
	 */
	struct plan_cmdprio {
		bool on;
		bool lat;		/* lat_percentiles: the slots keep total
					 * latency, else completion latency (fio's) */
		unsigned int nslots[2];
		uint16_t value[2][PLAN_PRIO_MAX];	/* class << 13 | level */
		struct plan_prio_rule {
			unsigned int pct;	/* cmdprio_percentage */
			uint8_t slot;
			unsigned int nsplit;	/* cmdprio_bssplit */
			struct {
				uint64_t bs;
				unsigned int pct;
				uint8_t slot;
			} split[BSSPLIT_MAX];
		} rule[2];
	} cmdprio;
	/* read_iolog: the logs (files.c reads them), clone c replays
	 * replay[c % n_replay]; n_replay 0: no replay */
	struct iolog *replay;
	unsigned int n_replay;
	bool replay_no_stall;	/* as fast as it goes, in the log's order */
	unsigned int replay_time_scale;	/* percent of the log's rate */
	/* zonemode=strided: zone.size bytes in each zone of zone.range
	 * bytes, zones zone.stride apart; 0: no zones */
	struct plan_zone {
		uint64_t size, range, stride;
	} zone;
	bool soft_map;		/* softrandommap: without one if it cannot be had */
	/* block sizes: per direction, and over the directions the job does */
	struct bs_dir bs[3];
	uint64_t min_bs, max_bs;
	/* the queue */
	unsigned int iodepth;
	unsigned int batch;	/* submit every this many queued; 0: at reap */
	unsigned int complete_min, complete_max; /* completions per reap */
	unsigned int low;	/* a full queue drains to this before refilling */
	bool offload;		/* io_submit_mode=offload (run/woffload.c) */
	bool serialize_overlap;
	/* syncing: every N writes; 0: never */
	uint64_t fsync_nr, fdatasync_nr, sfr_nr;
	unsigned int sfr_flags;	/* sync_file_range flags */
	bool end_fsync, fsync_on_close;
	/* time and repetition */
	uint64_t runtime_us;	/* 0: no limit */
	uint64_t ramp_us;
	bool timed;		/* time_based with a runtime, or a NOIO engine */
	bool timed_ios;		/* timed, and yet number_ios ends it: a NOIO
				 * engine without time_based (fio's) */
	uint64_t loops;
	/* files */
	bool direct, invalidate, pre_read, unlink, unlink_each_loop;
	bool fill_device;
	int64_t fallocate;	/* fallocate= (the layout) */
	bool allow_file_create;
	/* verify= (run/wverify.c) */
	struct plan_verify {
		int type;		/* enum vtype; -1: no verify */
		uint64_t interval;	/* a header every this many bytes of a
					 * block; 0: one per block */
		bool after_write;	/* do_verify: each loop's writes are read
					 * back and checked after it */
		bool check_reads;	/* a job that only reads checks every
					 * block it reads */
		bool fatal;		/* verify_fatal: stop at the first bad
					 * interval of a block */
		bool only;		/* verify_only: the writes are not
					 * issued, only read back and checked */
		uint64_t backlog;	/* verify_backlog: read back every this
					 * many writes (0: at the loop's end) */
		uint64_t batch;		/* verify_backlog_batch: how many then */
		uint64_t hdr_at;	/* verify_offset; 0: none */
		bool dump;		/* verify_dump: a bad block's bytes and
					 * what they should be, in files */
		bool state_save;	/* verify_state_save: what completed,
					 * in local-NAME-CLONE-verify.state */
		bool state_load;	/* verify_state_load: verify_only reads
					 * back only what that file says completed */
		bool overlap;		/* random writes without a map: the same
					 * block may be written again; the last
					 * write of each is read back, in offset
					 * order (fio's) */
		bool pattern_only;	/* verify=pattern: no header */
		unsigned int trim_pct;	/* trim_percentage: of the blocks written,
					 * trimmed before the read-back */
		uint64_t trim_backlog;	/* trim_backlog: the chosen blocks are
					 * trimmed every this many writes (0:
					 * before the read-back) */
		uint64_t trim_batch;	/* trim_backlog_batch: at most this
					 * many each time; 0: all */
		bool trim_zero;		/* trim_verify_zero: they read back as
					 * zeroes (else they are not checked) */
		bool experimental;	/* experimental_verify: the loop's writes
					 * are replayed as reads (same seeds),
					 * nothing remembered */
		bool pretend;		/* verify=null: the blocks are read back,
					 * nothing is written into them or
					 * checked (fio's, for testing) */
		size_t pattern_len;	/* verify_pattern; 0: random data */
		uint8_t pattern[PATTERN_MAX];
		struct pattern_fmt fmt;	/* its %o */
		unsigned int async;	/* verify_async: threads that check
					 * (run/wvasync.c); 0: the worker */
		bool async_pinned;	/* verify_async_cpus given: */
		uint64_t async_cpus[PLAN_CPUS_MAX / 64]; /* those CPUs */
	} verify;
	/* pacing (run/wpace.c); none of it: on is false */
	struct plan_pace {
		bool on;
		uint64_t bps[3];	/* rate: bytes a second, per direction;
					 * rate_iops as bytes at the smallest
					 * block size (fio's) */
		uint64_t min_bps[3];	/* rate_min: the job fails below it */
		uint64_t min_iops[3];	/* rate_iops_min */
		uint64_t cycle_ns;	/* rate_cycle: what the minimums are
					 * measured over */
		bool poisson;		/* rate_process=poisson: exponential
					 * gaps of the same mean */
		bool ignore_think;	/* rate_ignore_thinktime: the schedule
					 * moves on by a think time, no catch-up */
		uint64_t think_ns;	/* thinktime; 0: none */
		uint64_t spin_ns;	/* thinktime_spin: that part busy */
		uint64_t think_blocks;	/* thinktime_blocks (at least 1) */
		bool think_issue;	/* ... counted as issued, not completed */
		uint64_t iotime_ns;	/* thinktime_iotime: also after this long
					 * of I/O; 0: blocks only */
		uint64_t max_lat_ns[3];	/* max_latency: the job fails (ETIMEDOUT)
					 * on a completion above it; 0: none */
		uint64_t lt_ns;		/* latency_target: the deepest queue whose
					 * I/Os meet it is searched for; 0: none */
		uint64_t lt_window_ns;	/* latency_window: each depth's trial */
		double lt_pct;		/* latency_percentile: the share of a
					 * window's I/Os that must meet it */
		uint64_t flow;		/* flow: its weight among the jobs of its
					 * flow_id; 0: no flow control */
		uint64_t flow_sleep_ns;	/* flow_sleep: how long a job held back
					 * waits before it looks again */
	} pace;
	/* the I/O buffers: where they live and what writes carry (run/wbuf.c) */
	struct plan_buffers {
		int mem;		/* enum mem_type */
		const char *mem_file;	/* mem=mmap:FILE, mmaphuge:FILE */
		uint64_t align;		/* iomem_align: the first buffer's
					 * address is a multiple of it, and of
					 * no larger power of two; 0: a page */
		uint64_t huge;		/* hugepage-size */
		bool zero;		/* zeroes (the pattern, if one is given) */
		bool refill;		/* made afresh for every write */
		bool scramble;		/* filled once; every write stamps its
					 * offset and time into each 512 bytes */
		unsigned int compress_pct; /* that part of each chunk is zeroes
					 * (or the pattern), the rest random */
		uint64_t compress_chunk;
		unsigned int dedupe_pct; /* that share of writes repeat an
					 * earlier buffer */
		int dedupe_mode;	/* enum dedupe_mode */
		unsigned int ws_pct;	/* working set, percent of the region */
		bool dedupe_global;	/* the jobs with it share the set */
		size_t pattern_len;	/* buffer_pattern; 0: random data */
		uint8_t pattern[PATTERN_MAX];
	} buf;
	/* errors the job goes on after (continue_on_error, ignore_error) */
	unsigned int coe_mask;
	struct err_list ignore[3];
	bool error_dump;
	struct plan_measure measure;
	struct plan_process process;
	/* for the runner */
	bool thread;
	bool exitall, exitall_on_error;
	unsigned int exit_what;	/* 0: the group, 1: what runs now, 2: all */
};

/* A clone's random generators, each seeded from the clone's seed. */
enum plan_rand {
	PLAN_RAND_OFFSET,	/* random offsets */
	PLAN_RAND_DIRECTION,	/* read or write, and the write data */
	PLAN_RAND_FILE,		/* file_service_type=random */
	PLAN_RAND_BLOCKSIZE,	/* bsrange, bssplit, percentage_random */
	PLAN_RAND_FILESIZE,	/* filesize=LOW-HIGH (the plan's) */
	PLAN_RAND_STARTDELAY,	/* startdelay=LOW-HIGH (the plan's) */
	PLAN_RAND_NR
};

struct plan_job {
	/* what the user wrote (names, where options were given): for the
	 * report and messages; the worker reads shape, never this */
	const struct job_spec *spec;
	const struct plan_shape *shape;
	const struct loaded_engine *engine;
	unsigned int index;	/* position in plan->jobs */
	unsigned int spec_index; /* which job spec (jl->jobs[i]) it clones */
	unsigned int clone;	/* 0 .. numjobs-1 */
	unsigned int group;	/* reporting group: fio's groupid */
	unsigned int phase;	/* runs once every job of earlier phases ended
				 * (stonewall, and each job file after the first) */
	uint64_t startdelay_us;	/* start this long after the run began (fio
				 * counts from then, not from the phase); a
				 * range is already resolved per clone */
	unsigned int name_id;	/* spec index of the first job of its name */
	int flow_group;		/* flow: the jobs sharing its flow_id, as an
				 * index of the run's flow counters; -1: none */
	int waits_for;		/* wait_for: start once every job whose
				 * name_id is this has ended; -1: none */
	struct plan_file *files;
	size_t n_files;
	uint64_t io_size;	/* bytes per loop, all files (io_size=, else
				 * size=, else the regions' sum); may exceed
				 * the regions: offsets then wrap */
	bool io_wrap;		/* io_size= given: files that are done start
				 * over until it is moved */
	uint64_t number_ios;	/* I/Os per loop at most; 0: no limit */
	const char *write_iolog; /* every I/O issued, logged there; NULL: none */
	const struct iolog *replay;	/* read_iolog: what this clone issues */
	enum fst_kind fst;	/* how the next file is picked */
	unsigned int fst_nr;	/* I/Os to a file before switching (:N) */
	unsigned int openfiles;	/* files open at once, 1..n_files */
	int open_flags;		/* O_* of the job's files (sync=, direct=) */
	uint64_t seed;		/* random seed of this clone */
	bool seed_repeats;	/* randrepeat, allrandrepeat or randseed=:
				 * every loop starts the random sequences
				 * (offsets, directions, sizes) over, as fio's do */
	uint64_t seeds[PLAN_RAND_NR];	/* each generator's, from seed */
};

struct plan {
	struct plan_job *jobs;
	size_t n_jobs;
	struct plan_shape *shapes;	/* one per job spec */
	size_t n_shapes;
	unsigned int n_groups;
	unsigned int n_phases;	/* jobs of one phase are contiguous */
	char *rank_tag;		/* plan_opts.rank_tag, copied; NULL: none */
};

/* What the command line adds to every job's plan. */
struct plan_opts {
	bool latency_log;	/* --latency-log: every job writes latency
				 * logs, under its name when it names none */
	/* plio-mpi: this rank's tag, "HOST.rRANK" (rank in decimal): in the
	 * names of every file the rank writes besides data (logs), and as
	 * $clientuid in generated data file names; NULL: a local run */
	const char *rank_tag;
	/* plio-mpi --rank-files=shared: generated data file names carry no
	 * tag (every rank opens the same files) and each job's region of
	 * each file is split into n_ranks shares, this rank taking share
	 * `rank` */
	bool shared_files;
	unsigned int rank, n_ranks;
};

/*
 * The names of the files a job writes besides its data.  Under plio-mpi
 * (plan_opts.rank_tag set) each rank writes its own, tagged, since ranks
 * often share a folder; with no tag they are fio's names, byte for byte.
 * The tag goes after the part the user (or fio) chose and before any
 * fixed ending, so the local name with a '*' before its ending globs them:
 *   statistics logs	PREFIX.TAG_bw.N.log (stats.c; PREFIX: write_*_log=,
 *			or the job's name; --latency-log too)
 *   write_iolog=X	X.TAG
 *   verify_dump	PATH.OFFSET.TAG.received, .expected
 *   exec_prerun/postrun	JOB.TAG.prerun.txt, .postrun.txt
 *   mem=mmap:FILE	FILE.TAG, and FILE.TAG.N for clone N > 0
 *   verify state	TAG-JOB-CLONE-verify.state (plan_vstate_name)
 * plan_out_name: stem, then ".TAG" when s has a tag, then suffix, into
 * buf; the name's length, or -ENAMETOOLONG (buf holds a cut name).
 */
int plan_out_name(const struct plan_shape *s, char *buf, size_t size, const char *stem,
		  const char *suffix);
/* pj's verify state file (verify_state_save and _load): fio's
 * "local-JOB-CLONE-verify.state", the tag in place of "local" as fio's
 * --client puts the host there; as plan_out_name returns. */
int plan_vstate_name(const struct plan_job *pj, char *buf, size_t size);

/*
 * Size of a regular file (st_size) or a block device (BLKGETSIZE64), by fd
 * when fd >= 0, else by path; *blkdev says which.  -EINVAL for anything
 * else (no size to take), -errno when it cannot be seen.
 */
int plan_file_size(const char *path, int fd, uint64_t *size, bool *blkdev);

/* Build the plan of jl (opts may be NULL); errors are "WHERE: WHAT". */
int plan_build(const struct job_list *jl, const struct plan_opts *opts,
	       struct plan *out, struct perr *e);
void plan_free(struct plan *p);

/* --debug=process,file (on stderr) and random (to out, the report's
 * stream, as fio prints its seeds): what the plan made of each job. */
void plan_dump(FILE *out, const struct plan *plan);

/* --readonly, once files are known: a file to lay out (create or extend)
 * or to delete is a write. */
int plan_check_readonly(const struct plan *plan, struct perr *e);

#endif
