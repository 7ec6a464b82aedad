/*
 * internal.h - what the files of the options stage share, and nothing
 * outside core/options/ includes: the choice arrays and the apply and
 * decode hooks the core option table (table.c) names, and the helpers
 * that compose the stage's messages.
 */
#ifndef PLIO_OPTIONS_INTERNAL_H
#define PLIO_OPTIONS_INTERNAL_H

#include <plio/plugin.h>

#include "base/log.h"
#include "input/jobfile.h"
#include "options/spec.h"
#include "options/table.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* choices.c */
extern const struct plio_option_choice rw_choices[];
extern const struct plio_option_choice kb_base_choices[];
extern const struct plio_option_choice unit_base_choices[];
extern const struct plio_option_choice log_window_choices[];
extern const struct plio_option_choice random_distribution_choices[];
extern const struct plio_option_choice random_generator_choices[];
extern const struct plio_option_choice rw_sequencer_choices[];
extern const struct plio_option_choice file_service_type_choices[];
extern const struct plio_option_choice fallocate_choices[];
extern const struct plio_option_choice io_submit_mode_choices[];
extern const struct plio_option_choice sync_choices[];
extern const struct plio_option_choice verify_choices[];
extern const struct plio_option_choice mem_choices[];
extern const struct plio_option_choice rate_process_choices[];
extern const struct plio_option_choice thinktime_blocks_type_choices[];
extern const struct plio_option_choice unified_rw_reporting_choices[];
extern const struct plio_option_choice cpus_allowed_policy_choices[];
extern const struct plio_option_choice continue_on_error_choices[];
extern const struct plio_option_choice exit_what_choices[];
extern const struct plio_option_choice steadystate_choices[];

/* build.c: entries that mean more than one value */
int apply_rw(struct job_spec *js, const struct core_option *co,
	     const struct jf_entry *en, struct perr *e);
int apply_rwmix(struct job_spec *js, const struct core_option *co,
		const struct jf_entry *en, struct perr *e);
int apply_pattern(struct job_spec *js, const struct core_option *co,
		  const struct jf_entry *en, struct perr *e);
int apply_numjobs(struct job_spec *js, const struct core_option *co,
		  const struct jf_entry *en, struct perr *e);

/* decode.c: text to what later stages read, when a job is built */
int decode_blocksizes(struct job_spec *js, struct perr *e);
int decode_filesize(struct job_spec *js, struct perr *e);
int decode_io_size(struct job_spec *js, struct perr *e);
int decode_startdelay(struct job_spec *js, struct perr *e);
int decode_offset(struct job_spec *js, struct perr *e);
int decode_offset_increment(struct job_spec *js, struct perr *e);
int decode_pct_random(struct job_spec *js, struct perr *e);
int decode_file_service_type(struct job_spec *js, struct perr *e);
int decode_sync_file_range(struct job_spec *js, struct perr *e);
int decode_write_barrier(struct job_spec *js, struct perr *e);
int decode_percentile_list(struct job_spec *js, struct perr *e);
int decode_latency_percentile(struct job_spec *js, struct perr *e);
int decode_errors(struct job_spec *js, struct perr *e);
int decode_steadystate(struct job_spec *js, struct perr *e);
int decode_buffer_pattern(struct job_spec *js, struct perr *e);

/*
 * A warning about option opt given at o: printed as "plio: warning: WHERE:
 * OPT: WHAT", or with --warnings-fatal the error in e (returns it).
 */
int options_warn_at(const struct origin *o, const char *opt, struct perr *e,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Apply one entry with option o (any table) to block; "WHERE: KEY: WHAT". */
int options_apply_entry(const struct plio_option *o, const struct jf_entry *en,
			unsigned int kb_base, void *block, struct perr *e);

#endif
