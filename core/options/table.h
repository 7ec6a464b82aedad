/*
 * table.h - the core's option table: fio's job options as data.
 *
 * One entry per option, indexed by its id (CO_*, in the table's order:
 * the order of --cmdhelp and of the checks that walk the table).  Each
 * entry wraps the public struct plio_option (name, alias, offset into
 * struct job_spec, default, bounds, choices, help: the form engines use
 * too) with what only the core has: the value type when it is one of
 * the core's own (value.h), core flags, the --cmdhelp category, and the
 * option's behaviour beside its data: apply, for the rules that tie an
 * entry to others (rw=MODE:N, rwmixread sets rwmixwrite), and decode,
 * which turns the value into what later stages read when the job is
 * built (bs, bsrange, bssplit and ba into block-size tables, ...).  Code
 * names an option by its id, never by looking its name up.
 */
#ifndef PLIO_OPTIONS_TABLE_H
#define PLIO_OPTIONS_TABLE_H

#include <stddef.h>

#include <plio/plugin.h>

#include "base/log.h"
#include "input/cmdline.h"
#include "input/jobfile.h"

struct job_spec;

enum core_opt {
	CO_NAME,
	CO_DESCRIPTION,
	CO_FILENAME,
	CO_DIRECTORY,
	CO_SIZE,
	CO_BS,
	CO_RW,
	CO_RWMIXREAD,
	CO_RWMIXWRITE,
	CO_IOENGINE,
	CO_IODEPTH,
	CO_DIRECT,
	CO_BUFFERED,
	CO_NUMJOBS,
	CO_THREAD,
	CO_RUNTIME,
	CO_TIME_BASED,
	CO_RAMP_TIME,
	CO_LOOPS,
	CO_RANDREPEAT,
	CO_RANDSEED,
	CO_NORANDOMMAP,
	CO_GROUP_REPORTING,
	CO_END_FSYNC,
	CO_FSYNC,
	CO_FDATASYNC,
	CO_IODEPTH_BATCH,
	CO_IODEPTH_BATCH_COMPLETE_MIN,
	CO_IODEPTH_BATCH_COMPLETE_MAX,
	CO_IODEPTH_LOW,
	CO_INVALIDATE,
	CO_BUFFER_PATTERN,
	CO_KB_BASE,
	CO_FILENAME_FORMAT,
	CO_FILESIZE,
	CO_IO_SIZE,
	CO_BSRANGE,
	CO_STARTDELAY,
	CO_OFFSET,
	CO_STONEWALL,
	CO_NEW_GROUP,
	CO_WAIT_FOR,
	CO_UNIT_BASE,
	CO_BSSPLIT,
	CO_BA,
	CO_BS_UNALIGNED,
	CO_ALLRANDREPEAT,
	CO_RANDOM_DISTRIBUTION,
	CO_RANDOM_GENERATOR,
	CO_PERCENTAGE_RANDOM,
	CO_RW_SEQUENCER,
	CO_SOFTRANDOMMAP,
	CO_OFFSET_INCREMENT,
	CO_OFFSET_ALIGN,
	CO_NUMBER_IOS,
	CO_NRFILES,
	CO_OPENFILES,
	CO_FILE_SERVICE_TYPE,
	CO_CREATE_ON_OPEN,
	CO_OVERWRITE,
	CO_FALLOCATE,
	CO_UNLINK,
	CO_UNLINK_EACH_LOOP,
	CO_PRE_READ,
	CO_FILL_DEVICE,
	CO_FILE_APPEND,
	CO_ALLOW_FILE_CREATE,
	CO_ALLOW_MOUNTED_WRITE,
	CO_IO_SUBMIT_MODE,
	CO_SERIALIZE_OVERLAP,
	CO_SYNC,
	CO_FSYNC_ON_CLOSE,
	CO_SYNC_FILE_RANGE,
	CO_WRITE_BARRIER,
	CO_VERIFY,
	CO_DO_VERIFY,
	CO_VERIFY_ONLY,
	CO_VERIFY_INTERVAL,
	CO_VERIFY_OFFSET,
	CO_VERIFY_PATTERN,
	CO_VERIFY_FATAL,
	CO_VERIFY_DUMP,
	CO_VERIFY_ASYNC,
	CO_VERIFY_ASYNC_CPUS,
	CO_VERIFY_BACKLOG,
	CO_VERIFY_BACKLOG_BATCH,
	CO_VERIFY_STATE_SAVE,
	CO_VERIFY_STATE_LOAD,
	CO_EXPERIMENTAL_VERIFY,
	CO_TRIM_PERCENTAGE,
	CO_TRIM_VERIFY_ZERO,
	CO_TRIM_BACKLOG,
	CO_TRIM_BACKLOG_BATCH,
	CO_ZERO_BUFFERS,
	CO_REFILL_BUFFERS,
	CO_SCRAMBLE_BUFFERS,
	CO_BUFFER_COMPRESS_PERCENTAGE,
	CO_BUFFER_COMPRESS_CHUNK,
	CO_DEDUPE_PERCENTAGE,
	CO_DEDUPE_MODE,
	CO_DEDUPE_WS_PCT,
	CO_DEDUPE_GLOBAL,
	CO_MEM,
	CO_IOMEM_ALIGN,
	CO_HUGEPAGE_SIZE,
	CO_RATE,
	CO_RATE_MIN,
	CO_RATE_IOPS,
	CO_RATE_IOPS_MIN,
	CO_RATE_PROCESS,
	CO_RATE_CYCLE,
	CO_RATE_IGNORE_THINKTIME,
	CO_THINKTIME,
	CO_THINKTIME_SPIN,
	CO_THINKTIME_BLOCKS,
	CO_THINKTIME_BLOCKS_TYPE,
	CO_THINKTIME_IOTIME,
	CO_FLOW,
	CO_FLOW_ID,
	CO_FLOW_SLEEP,
	CO_LATENCY_TARGET,
	CO_LATENCY_WINDOW,
	CO_LATENCY_PERCENTILE,
	CO_MAX_LATENCY,
	CO_WRITE_BW_LOG,
	CO_WRITE_IOPS_LOG,
	CO_WRITE_LAT_LOG,
	CO_WRITE_HIST_LOG,
	CO_PER_JOB_LOGS,
	CO_LOG_AVG_MSEC,
	CO_LOG_HIST_MSEC,
	CO_LOG_HIST_COARSENESS,
	CO_LOG_OFFSET,
	CO_LOG_MAX_VALUE,
	CO_LOG_PRIO,
	CO_LOG_ISSUE_TIME,
	CO_BWAVGTIME,
	CO_IOPSAVGTIME,
	CO_PERCENTILE_LIST,
	CO_CLAT_PERCENTILES,
	CO_LAT_PERCENTILES,
	CO_SLAT_PERCENTILES,
	CO_UNIFIED_RW_REPORTING,
	CO_GTOD_REDUCE,
	CO_DISABLE_LAT,
	CO_DISABLE_CLAT,
	CO_DISABLE_SLAT,
	CO_DISABLE_BW_MEASUREMENT,
	CO_STATS,
	CO_SIGNIFICANT_FIGURES,
	CO_READ_IOLOG,
	CO_WRITE_IOLOG,
	CO_REPLAY_NO_STALL,
	CO_REPLAY_REDIRECT,
	CO_CPUS_ALLOWED,
	CO_CPUS_ALLOWED_POLICY,
	CO_CPUMASK,
	CO_NUMA_CPU_NODES,
	CO_NUMA_MEM_POLICY,
	CO_NICE,
	CO_PRIO,
	CO_PRIOCLASS,
	CO_EXEC_PRERUN,
	CO_EXEC_POSTRUN,
	CO_UID,
	CO_GID,
	CO_CONTINUE_ON_ERROR,
	CO_IGNORE_ERROR,
	CO_ERROR_DUMP,
	CO_EXITALL,
	CO_EXITALL_ON_ERROR,
	CO_EXIT_WHAT,
	CO_STEADYSTATE,
	CO_STEADYSTATE_DURATION,
	CO_STEADYSTATE_RAMP_TIME,
	CO_STEADYSTATE_CHECK_INTERVAL,
	CO_ZONEMODE,
	CO_ZONESIZE,
	CO_ZONERANGE,
	CO_ZONESKIP,
	CO_REPLAY_SCALE,
	CO_REPLAY_ALIGN,
	CO_REPLAY_TIME_SCALE,
	CO_REPLAY_SKIP,
	CO_CMDPRIO_PERCENTAGE,
	CO_CMDPRIO_CLASS,
	CO_CMDPRIO,
	CO_CMDPRIO_BSSPLIT,
	CO_NR
};

/* --cmdhelp's groups, in display order. */
enum opt_category {
	CAT_JOB,	/* Job description */
	CAT_ENGINE,	/* I/O engine */
	CAT_FILES,	/* Files and devices */
	CAT_IOTYPE,	/* I/O type */
	CAT_BS,	/* Block size */
	CAT_SIZE,	/* I/O size */
	CAT_DEPTH,	/* I/O depth */
	CAT_BUFFERS,	/* Buffers and memory */
	CAT_RATE,	/* I/O rate */
	CAT_LATENCY,	/* I/O latency */
	CAT_TIME,	/* Time and repetition */
	CAT_JOBS,	/* Jobs, processes and synchronization */
	CAT_CPU,	/* CPU, NUMA and priority */
	CAT_VERIFY,	/* Verification */
	CAT_REPLAY,	/* I/O replay */
	CAT_ERRORS,	/* Error handling */
	CAT_STEADYSTATE,	/* Steady state */
	CAT_REPORTING,	/* Measurements and reporting */
	CAT_OTHER,	/* Other */
	CAT_NR
};

struct core_option {
	struct plio_option o;	/* first: a core option is handed around as
				 * its public part, and core_of() finds the
				 * wrapper again */
	unsigned int type;	/* PLIO_OPT_* or a core-only OPT_* (value.h) */
	unsigned int flags;	/* OPTF_* (value.h) */
	enum opt_category cat;
	/*
	 * Apply entry en to js instead of the generic parse (which it calls
	 * itself): for options whose entry means more than one value.  NULL:
	 * the generic parse.  e gets "WHERE: KEY: WHAT".
	 */
	int (*apply)(struct job_spec *js, const struct core_option *co,
		     const struct jf_entry *en, struct perr *e);
	/*
	 * Once every section of the job is applied (its kb_base is final):
	 * decode the value into the typed fields later stages read, and
	 * print fio's warnings about it.  NULL: the parsed value is what
	 * they read.  e gets "WHERE: KEY: WHAT".
	 */
	int (*decode)(struct job_spec *js, struct perr *e);
};

extern const struct core_option core_options[CO_NR];
extern const char *const option_category_names[CAT_NR];

/* The core option named or aliased `name`, or NULL (case-sensitive). */
const struct core_option *core_option_find(const char *name);
/* Whether name (or an alias) is a core option's: what no engine or
 * profile option may be called (the loader refuses it). */
bool options_is_core_name(const char *name);
/* The wrapper of o when o is a core option's public part, else NULL. */
const struct core_option *core_of(const struct plio_option *o);
/* The id of core option o, or CO_NR for an engine's or profile's. */
enum core_opt core_id(const struct plio_option *o);

/* The core options' names and aliases as the command line tells them
 * apart (see input/cmdline.h); built once, never freed. */
const struct cmdline_vocab *options_cmdline_vocab(void);

#endif
