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

/* Core-only option types, beyond the public ones in plugin.h. */
enum {
	/* uint64_t[2]: "read,write" sizes (a single value sets both) */
	OPT_CORE_SIZE_RW = 0x100,
	/* int: a bool stored inverted (buffered=1 stores direct=0) */
	OPT_CORE_BOOL_INV = 0x101,
};

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
	uint64_t bs[2];		/* per direction: RW_READ-1, RW_WRITE-1 */
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

	/* filled by options_build, not by options */
	struct origin where;	/* the section that made this job */
	const struct jf_section *section; /* its entries, as written (the
					 * jobfile outlives the job list) */
	unsigned char *set;	/* set[i]: core option i was given explicitly */
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

/* The closest option name to a typo, or NULL. */
const char *option_suggest(const struct plio_option *opts, size_t n,
			   const char *name);

#endif
