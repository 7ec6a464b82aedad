/*
 * value.h - one option's value: text to typed value and back.
 *
 * The generic parser every option table shares: the core's (table.h),
 * each engine's and each profile's (struct plio_option, plio/plugin.h).
 * A plugin's option has one of the public types; a core option may also
 * have one of the core-only types below, which live in the core's wrapper
 * around the public struct (struct core_option), never in the public
 * value space: a plugin cannot ask for them, and a flag bit a plugin sets
 * means nothing to the core.
 */
#ifndef PLIO_OPTIONS_VALUE_H
#define PLIO_OPTIONS_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <plio/plugin.h>

#include "base/log.h"

/* Core-only value types, beyond enum plio_opt_type. */
enum {
	/* uint64_t[3]: "read,write,trim" sizes (missing trailing values
	 * copy the last one given: "4k" sets all three, "4k,8k" trims 8k) */
	OPT_SIZE_RW = 0x100,
	/* int: a bool stored inverted (buffered=1 stores direct=0) */
	OPT_BOOL_INV,
	/*
	 * The types below are stored as the validated text (char *, owned
	 * like PLIO_OPT_STR): fio's syntax is checked when the entry is
	 * applied; an option plio runs decodes the text into typed values
	 * when its job is built (its core_option.decode), and nothing after
	 * the options stage reads the text.
	 */
	/* sizes; OPTF_DIRS: READ,WRITE,TRIM; OPTF_RANGE: LOW-HIGH or
	 * LOW:HIGH; OPTF_PCT: N% (1 to 100) as well; min/max bound sizes */
	OPT_TEXT_SIZES,
	/* integers in [min, max]; OPTF_DIRS as above */
	OPT_TEXT_INTS,
	/* times (a bare number is in `unit` us); OPTF_DIRS, OPTF_RANGE */
	OPT_TEXT_TIMES,
	/* decimals in [min, max], ':' between them, at most `unit` of them
	 * (0: one) */
	OPT_TEXT_FLOATS,
	/* bssplit: SIZE/PCT:SIZE/PCT..., up to three ',' lists */
	OPT_TEXT_BSSPLIT,
	/* a choice, then optionally ':' and numeric arguments
	 * (random_distribution=zipf:1.2, file_service_type=random:4, ...) */
	OPT_TEXT_CHOICE_ARG,
	/* sync_file_range: FLAG[,FLAG...]:N */
	OPT_TEXT_SYNC_RANGE,
	/* CPU or node list: N or N-M, ',' between them */
	OPT_TEXT_CPULIST,
};

/* Core-only flags (struct core_option.flags).  (Bit 0 marked options
 * parsed but not run yet, until the last of them ran.) */
/* Up to three values, for reads, writes and trims (',' between them). */
#define OPTF_DIRS (1u << 1)
/* A value may be a range, LOW-HIGH or LOW:HIGH. */
#define OPTF_RANGE (1u << 2)
/* A value may be a percentage, N%. */
#define OPTF_PCT (1u << 3)
/* A bare key (no value) is allowed and stores "". */
#define OPTF_BARE (1u << 4)
/*
 * A bool that fio treats as a flag: the bare name sets it and any integer
 * is taken (not 0: on).  Other core bools need a value, 1 or 0, as in fio;
 * engine bools may always be given bare (the plugin ABI's rule).
 */
#define OPTF_FLAG (1u << 5)
/* With OPTF_RANGE: every value must be a LOW-HIGH range (bsrange). */
#define OPTF_NEEDS_RANGE (1u << 6)
/* With OPTF_PCT: 0% is allowed too (offset=0% is the start). */
#define OPTF_PCT0 (1u << 7)
/* The value names files (':' between them) or a file name prefix: what
 * the shell completes it with (plio --dump-options=bash). */
#define OPTF_FILE (1u << 8)
/* The value names a directory. */
#define OPTF_DIR (1u << 9)

/* PLIO_OPT_SIZE with OPTF_PCT stores N% as OPT_PCT_FLAG | N (no size is
 * that large); the plan resolves it against the file's size.  Decoded
 * size-or-percentage values (offset=, io_size=) use the same form. */
#define OPT_PCT_FLAG (1ull << 63)

/* The value type of o: a core option's own, else the public one. */
unsigned int option_type(const struct plio_option *o);

/* The option named or aliased `name` in a plugin's table, or NULL.
 * Names are case-sensitive, as in fio. */
const struct plio_option *option_find(const struct plio_option *opts, size_t n,
				      const char *name);
/* Parse `value` (NULL for a bare key) into block; e gets "'VALUE' is not ..." */
int option_parse_value(const struct plio_option *o, const char *value,
		       unsigned int kb_base, void *block, struct perr *e);
/* Store every option's default (def, parsed with kb_base 1024) into block. */
int option_set_defaults(const struct plio_option *opts, size_t n, void *block,
			struct perr *e);
/* The current value as text (what job files would say). */
int option_format_value(const struct plio_option *o, const void *block,
			char *buf, size_t len);
/* Free the strings an options block holds. */
void option_free_values(const struct plio_option *opts, size_t n, void *block);
/* Whether o's value is an owned string: PLIO_OPT_STR or a text type. */
bool option_is_text(const struct plio_option *o);
/* Whether o is a bool (a bare key means 1 where it may be bare). */
bool option_is_bool(const struct plio_option *o);
/* Whether option o may be given bare (no value): fio's flags, engine and
 * profile bools, OPTF_BARE strings. */
bool option_bare_ok(const struct plio_option *o);
/* Whether min/max apply to o. */
bool option_bounded(const struct plio_option *o);
/* The type column of the help table ("size", "size range", ...). */
const char *option_type_name(const struct plio_option *o);
/* Print a table's help (name, type, default, help) for --enghelp=NAME. */
void option_print_help(FILE *out, const struct plio_option *opts, size_t n);

/*
 * Split s in place at each sep into at most max parts (empty parts kept,
 * blanks around each trimmed).  Returns the count, or -E2BIG for more.
 */
int option_split(char *s, char sep, char **parts, int max);
/*
 * A bssplit percentage: N or N% (fio reads both), 0 or more; 0 means
 * none given, as in fio.  Above 100 counts as 100 (fio caps it too).
 */
int option_bssplit_pct(const char *t, int64_t *p);

#endif
