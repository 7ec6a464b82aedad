/*
 * parse.h - turning option text into numbers: sizes, times, integers, bools,
 * byte patterns.
 *
 * fio's units: sizes take k/m/g/t/p with an optional "b" or "ib" and are
 * case-insensitive; with kb_base=1024 (the default) k, kb and ki mean 1024
 * and kib means 1000, as fio 3.33 does (checked side by side); with
 * kb_base=1000 k is 1000 and kib is 1024.  Times take
 * d, h, m, s, ms/msec, us/usec, ns; a bare number is in the option's unit.
 * Each returns 0, or -EINVAL/-ERANGE without touching *out.  A size, time
 * or integer written in parentheses is an arithmetic expression
 * (parse_expr below); sizes and times must not come out negative.
 */
#ifndef PLIO_PARSE_H
#define PLIO_PARSE_H

#include <stddef.h>
#include <stdint.h>

int parse_size(const char *s, unsigned int kb_base, uint64_t *out);
/* unit_us: microseconds in one bare unit (1000000 for seconds). */
int parse_time_us(const char *s, uint64_t unit_us, uint64_t *out);
int parse_int(const char *s, int64_t *out);
/*
 * An integer option's value: as parse_int, and a decimal number may take
 * a size suffix under kb_base, as fio's integers do ("10k" is 10240).
 */
int parse_int_mult(const char *s, unsigned int kb_base, int64_t *out);
/* fio's booleans: 1 or 0 (decimal or 0x hex), nothing else. */
int parse_bool(const char *s, int *out);
/*
 * fio's buffer_pattern: elements written one after another, without
 * blanks between them: 0x hex bytes (in the order written; an odd digit
 * count starts with a half byte), a "quoted" string (its bytes), or a
 * decimal 32-bit number (-2147483648 to 2147483647), stored little-endian
 * in as few bytes as it needs, or in four when negative: 0xab"cd"12
 * is ab 63 64 0c.  Stores up to max bytes in out and their count in *len;
 * -EINVAL on bad text, -ERANGE when too long or a number is too large.
 */
#define PATTERN_MAX 512
int parse_pattern(const char *s, uint8_t *out, size_t max, size_t *len);
/*
 * The same, for verify_pattern: with fmt not NULL a "%o" element is
 * allowed too: 8 bytes (zero here) where each block's offset goes,
 * little-endian, when it is written; fmt says where they are.
 */
#define PATTERN_MAX_FMT 16
struct pattern_fmt {
	unsigned int n;
	size_t at[PATTERN_MAX_FMT];	/* where each %o's 8 bytes start */
};
int parse_pattern_fmt(const char *s, uint8_t *out, size_t max, size_t *len,
		      struct pattern_fmt *fmt);

/*
 * Arithmetic in values, as fio's HOWTO describes it: a value that starts
 * with "(" is an expression.  parse_size, parse_time_us and parse_int hand
 * such values to parse_expr; the job-file reader also uses it for fio's
 * "$mb_memory"-style keyword math.
 *
 * Grammar: numbers (decimal, 0x hex, or with a fraction such as 1.5), the
 * binary operators + - * / % ^ (^ is power, right-associative, above
 * * / %, which are above + -), unary minus, parentheses, blanks anywhere
 * between tokens.  A number may carry a unit suffix: for EXPR_SIZE the
 * size suffixes of parse_size (under kb_base), for EXPR_TIME the time
 * suffixes of parse_time_us where a bare number is in microseconds (as
 * fio documents for expressions), for EXPR_INT none.  Whole-number
 * operands use integer arithmetic (7/2 is 3); once a fraction is involved
 * the arithmetic is fractional and the result is truncated toward zero.
 * % needs whole numbers, ^ a whole exponent >= 0.
 */
enum expr_kind { EXPR_INT, EXPR_SIZE, EXPR_TIME };
/*
 * Evaluate all of s (surrounding blanks allowed).  Returns 0, -EINVAL on bad
 * text, division by zero and the like, or -ERANGE when a value leaves the
 * signed 64-bit range; *out is untouched on failure.  When why is not NULL
 * it gets a short reason ("division by zero", "missing ')'", ...).
 */
int parse_expr(const char *s, enum expr_kind kind, unsigned int kb_base,
	       int64_t *out, char *why, size_t whylen);

#endif
