/*
 * internal.h - what the files of the options stage share, and nothing
 * outside core/options/ includes: the choice arrays and the apply and
 * decode hooks the core option table (table.c) names, and the helpers
 * that compose the stage's messages.
 */
#ifndef PLIO_OPTIONS_INTERNAL_H
#define PLIO_OPTIONS_INTERNAL_H

#include <stdio.h>

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
#define VERIFY_CHOICE_PATTERN 17	/* verify=pattern's ival */
extern const struct plio_option_choice mem_choices[];
extern const struct plio_option_choice rate_process_choices[];
extern const struct plio_option_choice dedupe_mode_choices[];
extern const struct plio_option_choice thinktime_blocks_type_choices[];
extern const struct plio_option_choice unified_rw_reporting_choices[];
extern const struct plio_option_choice cpus_allowed_policy_choices[];
extern const struct plio_option_choice continue_on_error_choices[];
extern const struct plio_option_choice exit_what_choices[];
extern const struct plio_option_choice steadystate_choices[];
extern const struct plio_option_choice zonemode_choices[];

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
int decode_random_distribution(struct job_spec *js, struct perr *e);
/* KIND[:ARG[:CENTRE]]'s ARG[:CENTRE] (args; NULL: none) into d, whose
 * kind is set: NULL, or what is wrong (decode_dist.c). */
const char *decode_dist_args(char *args, struct dist_spec *d);
int decode_replay_skip(struct job_spec *js, struct perr *e);
int decode_cmdprio(struct job_spec *js, struct perr *e);
int decode_placement(struct job_spec *js, struct perr *e);
/* A CPU list (N, N-M, ',') of CPUs this machine has into mask
 * (SPEC_CPUS_MAX bits); refused naming option id (decode_place.c). */
int decode_cpu_list(const struct job_spec *js, enum core_opt id, const char *t, uint64_t *mask,
		    struct perr *e);
int decode_sync_file_range(struct job_spec *js, struct perr *e);
int decode_write_barrier(struct job_spec *js, struct perr *e);
int decode_percentile_list(struct job_spec *js, struct perr *e);
int decode_latency_percentile(struct job_spec *js, struct perr *e);
int decode_errors(struct job_spec *js, struct perr *e);
int decode_steadystate(struct job_spec *js, struct perr *e);
int decode_buffer_pattern(struct job_spec *js, struct perr *e);
int decode_mem(struct job_spec *js, struct perr *e);
int decode_rate(struct job_spec *js, struct perr *e);
int decode_rate_min(struct job_spec *js, struct perr *e);
int decode_rate_iops(struct job_spec *js, struct perr *e);
int decode_rate_iops_min(struct job_spec *js, struct perr *e);
int decode_max_latency(struct job_spec *js, struct perr *e);
int decode_verify_async_cpus(struct job_spec *js, struct perr *e);
int decode_verify_pattern(struct job_spec *js, struct perr *e);

/*
 * A warning about option opt given at o: printed as "plio: warning: WHERE:
 * OPT: WHAT", or with --warnings-fatal the error in e (returns it).
 */
int options_warn_at(const struct origin *o, const char *opt, struct perr *e,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* value.c, for composite.c: one size or integer of a value (text is the
 * part, value the whole for messages), bounds checked; o's range error. */
int option_one_size(const struct plio_option *o, const char *text, const char *value,
		    unsigned int kb_base, uint64_t *out, struct perr *e);
int option_one_int(const struct plio_option *o, const char *text, const char *value,
		   unsigned int kb_base, int64_t *out, struct perr *e);
int option_range_error(const struct plio_option *o, const char *value, struct perr *e);
/* More of value.c's, shared with text.c: a core option's OPTF_* flags (0
 * for a plugin's), the bounds of an integer and of a size or time, the
 * percentage and choice errors, the choice a value names. */
unsigned int option_flags(const struct plio_option *o);
bool option_int_in_bounds(const struct plio_option *o, int64_t i);
bool option_size_in_bounds(const struct plio_option *o, uint64_t v);
int option_pct_error(const struct plio_option *o, const char *value, struct perr *e);
int option_enum_error(const struct plio_option *o, const char *value, struct perr *e);
const struct plio_option_choice *option_find_choice(const struct plio_option *o,
						    const char *value);
/* text.c: value against the syntax of o's text type; 0 or the error in e. */
int option_check_text(const struct plio_option *o, const char *value, unsigned int kb_base,
		      struct perr *e);

/* help.c: the range --cmdhelp=NAME shows for o (bools: 0 to 1), *max
 * INT64_MAX for none; false when it shows none. */
bool option_shown_range(const struct plio_option *o, int64_t *min, int64_t *max);

struct plugin_rec;
struct loaded_engine;
struct loaded_profile;

/* docs.c, for manpage.c and completion.c (plio --dump-options): the
 * engines (or profiles) plugin record r provides, in its descriptor's
 * order, from index *k on (0 first); NULL after the last. */
const struct loaded_engine *docs_next_engine(const struct plugin_rec *r, size_t *k);
const struct loaded_profile *docs_next_profile(const struct plugin_rec *r, size_t *k);
/* The man page, the bash completion. */
int manpage_write(FILE *out);
int completion_write(FILE *out);

/* composite.c: ABI 1.1's per-direction, list and split values of o
 * (PLIO_OPT_INT_DIRS ... PLIO_OPT_SPLIT) at dst; as text (0 or -ENOSPC). */
void option_composite_ungiven(const struct plio_option *o, void *dst);
int option_parse_composite(const struct plio_option *o, const char *value,
			   unsigned int kb_base, void *dst, struct perr *e);
int option_format_composite(const struct plio_option *o, const void *src, char *buf,
			    size_t len);

/*
 * profile.c: an entry whose key is the option of a profile that loads
 * (fio registers profile options with its own, so any job may carry
 * them): its value is checked with that option's parser, then it is
 * accepted without effect, with one warning unless that profile is the
 * one --profile runs.  0; -ENOENT when no profile has the option (e is
 * untouched); or the error (a bad value, --warnings-fatal) in e.
 */
int options_profile_entry(const struct jf_entry *en, struct perr *e);

/* Apply one entry with option o (any table) to block; "WHERE: KEY: WHAT". */
int options_apply_entry(const struct plio_option *o, const struct jf_entry *en,
			unsigned int kb_base, void *block, struct perr *e);

#endif
