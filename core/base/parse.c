/*
 * parse.c - turning option text into numbers: sizes, times, integers, bools.
 *
 * The lowest layer of option handling.  Every function here takes one value
 * exactly as the user wrote it (surrounding blanks allowed), accepts fio's
 * spellings of that kind of value and nothing looser: trailing garbage,
 * signs where none make sense and results that do not fit are refused.
 * Nothing here composes a message; callers know the option and the place
 * (parse_expr can hand back a short reason to put in one).
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/parse.h"

/* Skip leading blanks; set *end to one past the last non-blank character. */
static const char *trim(const char *s, const char **end)
{
	const char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	*end = e;
	return s;
}

/* A leading '+' before a digit, which fio's numbers take ("+4k"). */
static const char *skip_plus(const char *s, const char *end)
{
	return end - s > 1 && s[0] == '+' && isdigit((unsigned char)s[1]) ? s + 1 : s;
}

/* Case-insensitive: is [s, end) exactly the word w? */
static bool word_is(const char *s, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - s) == n && !strncasecmp(s, w, n);
}

/*
 * Read an unsigned number in `base` (10 or 16) from [s, end); *stop gets the
 * first character that is not a digit.  Returns 0, -EINVAL when there is no
 * digit at all, or -ERANGE when the value does not fit in 64 bits.
 */
static int read_digits(const char *s, const char *end, int base, uint64_t *v,
		       const char **stop)
{
	uint64_t acc = 0;
	const char *p = s;

	for (; p < end; p++) {
		unsigned int d;

		if (isdigit((unsigned char)*p))
			d = (unsigned int)(*p - '0');
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = (unsigned int)(tolower((unsigned char)*p) - 'a' + 10);
		else
			break;
		if (acc > (UINT64_MAX - d) / (uint64_t)base)
			return -ERANGE;
		acc = acc * (uint64_t)base + d;
	}
	if (p == s)
		return -EINVAL;
	*v = acc;
	*stop = p;
	return 0;
}

/*
 * The multiplier a size suffix stands for.  Accepted (any case): nothing,
 * "b", or one of k m g t p followed by nothing, "b", "i" or "ib".  With
 * kb_base 1024 a plain prefix is binary and an "i" form decimal; with
 * kb_base 1000 it is the other way round (fio's compatibility inversion).
 */
static int size_mult(const char *s, const char *end, unsigned int kb_base,
		     uint64_t *mult)
{
	static const char prefixes[] = "kmgtp";
	const char *pos;
	uint64_t base, m = 1;
	int i, pow;

	if (s == end || word_is(s, end, "b")) {
		*mult = 1;
		return 0;
	}
	pos = strchr(prefixes, tolower((unsigned char)*s));
	if (!pos)
		return -EINVAL;
	pow = (int)(pos - prefixes) + 1;
	s++;
	/* fio 3.33: "ki" is the same as "k"; only "kib" takes the other base */
	if (s == end || word_is(s, end, "b") || word_is(s, end, "i"))
		base = kb_base;
	else if (word_is(s, end, "ib"))
		base = kb_base == 1000 ? 1024 : 1000;
	else
		return -EINVAL;
	for (i = 0; i < pow; i++)
		m *= base;
	*mult = m;
	return 0;
}

/* Time suffixes and the microseconds each stands for ("ns" is special). */
static const struct {
	const char *suffix;
	uint64_t us;
} time_units[] = {
	{ "d", 24ull * 3600 * 1000000 },
	{ "h", 3600ull * 1000000 },
	{ "m", 60ull * 1000000 },
	{ "s", 1000000 },
	{ "ms", 1000 },
	{ "msec", 1000 },
	{ "us", 1 },
	{ "usec", 1 },
};

/*
 * Arithmetic: a recursive-descent evaluator over long double, which holds
 * every 64-bit integer exactly; `whole` tracks whether a value came from
 * whole numbers only, so that / and % stay integer operations as in C.
 *
 * No step is undefined: every result is checked against the int64_t range
 * before anything converts it to an integer (a long double out of range,
 * or a NaN, converted is undefined), operands of a product or a power are
 * in that range, so no product leaves long double's, and the one integer
 * operation, %, never divides INT64_MIN by -1 (which traps: SIGFPE).
 * There are no shifts (nor in fio's).
 */
#define EXPR_MAX_DEPTH 64
#define EXPR_BOUND 9223372036854775808.0L	/* 2^63: exact in any float type */

struct expr_val {
	long double v;
	bool whole;
};

struct expr {
	const char *p, *end;
	enum expr_kind kind;
	unsigned int kb_base;
	unsigned int depth;
	int rc;			/* first error, 0 while fine */
	char *why;
	size_t whylen;
};

/*
 * Record the first error (rc, and the reason "what" or "what 'tok'" when
 * wanted); returns false.
 */
static bool expr_fail(struct expr *x, int rc, const char *what, const char *tok)
{
	if (x->rc)
		return false;
	x->rc = rc;
	if (x->why && x->whylen) {
		if (tok)
			snprintf(x->why, x->whylen, "%s '%s'", what, tok);
		else
			snprintf(x->why, x->whylen, "%s", what);
	}
	return false;
}

/* The next non-blank character, or '\0' at the end. */
static char expr_peek(struct expr *x)
{
	while (x->p < x->end && isspace((unsigned char)*x->p))
		x->p++;
	return x->p < x->end ? *x->p : '\0';
}

/* Fail with "unexpected 'c'" or "unexpected end of expression". */
static bool expr_unexpected(struct expr *x)
{
	char tok[2] = { expr_peek(x), '\0' };

	if (!tok[0])
		return expr_fail(x, -EINVAL, "unexpected end of expression", NULL);
	return expr_fail(x, -EINVAL, "unexpected", tok);
}

/* Refuse values outside the signed 64-bit range (a NaN, never made,
 * would be refused too). */
static bool expr_check(struct expr *x, const struct expr_val *r)
{
	if (!(r->v >= -EXPR_BOUND && r->v < EXPR_BOUND))
		return expr_fail(x, -ERANGE, "value out of range", NULL);
	return true;
}

/* The multiplier of the unit suffix [s, end) for this kind of value. */
static bool expr_unit(struct expr *x, const char *s, const char *end,
		      struct expr_val *mult)
{
	char tok[16];
	uint64_t m = 0;
	size_t i;

	mult->whole = true;
	if (x->kind == EXPR_SIZE && !size_mult(s, end, x->kb_base, &m)) {
		mult->v = (long double)m;
		return true;
	}
	if (x->kind == EXPR_TIME) {
		if (word_is(s, end, "ns")) {
			mult->v = 0.001L;
			mult->whole = false;
			return true;
		}
		for (i = 0; i < sizeof(time_units) / sizeof(time_units[0]); i++)
			if (word_is(s, end, time_units[i].suffix))
				m = time_units[i].us;
		if (m) {
			mult->v = (long double)m;
			return true;
		}
	}
	snprintf(tok, sizeof(tok), "%.*s", (int)(end - s), s);
	return expr_fail(x, -EINVAL, "unknown unit", tok);
}

/* number := decimal ["." digits] [unit] | 0x hex */
static bool expr_number(struct expr *x, struct expr_val *r)
{
	const char *p = x->p, *q;
	uint64_t v;
	int rc;

	r->whole = true;
	if (x->end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		rc = read_digits(p + 2, x->end, 16, &v, &q);
		if (rc)
			return expr_fail(x, rc, rc == -ERANGE ? "value out of range"
					 : "bad hex number", NULL);
		r->v = (long double)v;
		x->p = q;
		return expr_check(x, r);
	}
	rc = read_digits(p, x->end, 10, &v, &q);
	if (rc == -ERANGE)
		return expr_fail(x, rc, "value out of range", NULL);
	if (rc)
		return expr_unexpected(x);
	r->v = (long double)v;
	if (q < x->end && *q == '.') {
		long double scale = 0.1L;

		for (q++; q < x->end && isdigit((unsigned char)*q); q++) {
			r->v += (long double)(*q - '0') * scale;
			scale /= 10;
		}
		r->whole = false;
	}
	p = q;
	while (q < x->end && isalpha((unsigned char)*q))
		q++;
	if (q > p) {
		struct expr_val m;

		if (!expr_unit(x, p, q, &m))
			return false;
		r->v *= m.v;
		r->whole = r->whole && m.whole;
	}
	x->p = q;
	return expr_check(x, r);
}

static bool expr_sum(struct expr *x, struct expr_val *r);
static bool expr_unary(struct expr *x, struct expr_val *r);

/* primary := "(" sum ")" | number */
static bool expr_primary(struct expr *x, struct expr_val *r)
{
	char c = expr_peek(x);

	if (c != '(')
		return expr_number(x, r);
	if (++x->depth > EXPR_MAX_DEPTH)
		return expr_fail(x, -EINVAL, "parentheses nested too deeply", NULL);
	x->p++;
	if (!expr_sum(x, r))
		return false;
	if (expr_peek(x) != ')')
		return expr_fail(x, -EINVAL, "missing ')'", NULL);
	x->p++;
	x->depth--;
	return true;
}

/* power := primary ["^" unary]   (right-associative) */
static bool expr_power(struct expr *x, struct expr_val *r)
{
	struct expr_val e, base;
	uint64_t n;

	if (!expr_primary(x, r))
		return false;
	if (expr_peek(x) != '^')
		return true;
	x->p++;
	if (!expr_unary(x, &e))
		return false;
	if (!e.whole && e.v != (long double)(int64_t)e.v)
		return expr_fail(x, -EINVAL, "exponent must be a whole number", NULL);
	if (e.v < 0)
		return expr_fail(x, -EINVAL, "negative exponent", NULL);
	/* square and multiply: a few steps even for huge exponents */
	base = *r;
	r->v = 1;
	for (n = (uint64_t)e.v; n; n >>= 1) {
		if (n & 1) {
			r->v *= base.v;
			if (!expr_check(x, r))
				return false;
		}
		if (n > 1) {
			base.v *= base.v;
			if (!expr_check(x, &base))
				return false;
		}
	}
	return true;
}

/* unary := "-" unary | power */
static bool expr_unary(struct expr *x, struct expr_val *r)
{
	if (expr_peek(x) != '-')
		return expr_power(x, r);
	x->p++;
	if (++x->depth > EXPR_MAX_DEPTH)
		return expr_fail(x, -EINVAL, "parentheses nested too deeply", NULL);
	if (!expr_unary(x, r))
		return false;
	x->depth--;
	r->v = -r->v;
	return expr_check(x, r);
}

/* Truncate toward zero (no libm). */
static long double expr_trunc(long double v)
{
	return (long double)(int64_t)v;
}

/* product := unary (("*" | "/" | "%") unary)* */
static bool expr_product(struct expr *x, struct expr_val *r)
{
	struct expr_val b;
	char op;

	if (!expr_unary(x, r))
		return false;
	while ((op = expr_peek(x)) == '*' || op == '/' || op == '%') {
		x->p++;
		if (!expr_unary(x, &b))
			return false;
		if (op == '*') {
			r->v *= b.v;
		} else if (b.v == 0) {
			return expr_fail(x, -EINVAL, op == '/' ? "division by zero"
					 : "modulus by zero", NULL);
		} else if (op == '/') {
			/* INT64_MIN / -1 is 2^63: out of range, before the
			 * truncation converts it */
			r->v /= b.v;
			if (!expr_check(x, r))
				return false;
			if (r->whole && b.whole)
				r->v = expr_trunc(r->v);
		} else {
			if (!r->whole || !b.whole)
				return expr_fail(x, -EINVAL, "'%' needs whole numbers", NULL);
			/* x % -1 is 0; C's INT64_MIN % -1 traps */
			r->v = b.v == -1 ? 0 :
			       (long double)((int64_t)r->v % (int64_t)b.v);
		}
		r->whole = r->whole && b.whole;
		if (!expr_check(x, r))
			return false;
	}
	return true;
}

/* sum := product (("+" | "-") product)* */
static bool expr_sum(struct expr *x, struct expr_val *r)
{
	struct expr_val b;
	char op;

	if (!expr_product(x, r))
		return false;
	while ((op = expr_peek(x)) == '+' || op == '-') {
		x->p++;
		if (!expr_product(x, &b))
			return false;
		r->v = op == '+' ? r->v + b.v : r->v - b.v;
		r->whole = r->whole && b.whole;
		if (!expr_check(x, r))
			return false;
	}
	return true;
}

int parse_expr(const char *s, enum expr_kind kind, unsigned int kb_base,
	       int64_t *out, char *why, size_t whylen)
{
	struct expr x = { 0 };
	struct expr_val r;
	const char *end;

	if (why && whylen)
		why[0] = '\0';
	if (!kb_base)
		kb_base = 1024;
	if (!s || (kb_base != 1024 && kb_base != 1000)) {
		if (why && whylen)
			snprintf(why, whylen, "invalid argument");
		return -EINVAL;
	}
	s = trim(s, &end);
	x.p = s;
	x.end = end;
	x.kind = kind;
	x.kb_base = kb_base;
	x.why = why;
	x.whylen = whylen;
	if (s == end) {
		expr_fail(&x, -EINVAL, "empty expression", NULL);
		return x.rc;
	}
	if (!expr_sum(&x, &r))
		return x.rc;
	if (expr_peek(&x) == ')') {
		expr_fail(&x, -EINVAL, "unmatched ')'", NULL);
		return x.rc;
	}
	if (x.p != x.end) {
		expr_unexpected(&x);
		return x.rc;
	}
	*out = (int64_t)expr_trunc(r.v);
	return 0;
}

/* Bytes in a size like "4k", "1MiB", "0x200"; -ERANGE above 2^63-1. */
int parse_size(const char *s, unsigned int kb_base, uint64_t *out)
{
	const char *end, *p;
	uint64_t v, mult;
	int rc;

	if (!s)
		return -EINVAL;
	if (!kb_base)
		kb_base = 1024;
	if (kb_base != 1024 && kb_base != 1000)
		return -EINVAL;
	s = trim(s, &end);
	s = skip_plus(s, end);
	if (*s == '(') {
		int64_t r;

		rc = parse_expr(s, EXPR_SIZE, kb_base, &r, NULL, 0);
		if (rc)
			return rc;
		if (r < 0)
			return -EINVAL;
		*out = (uint64_t)r;
		return 0;
	}
	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		/* hex takes no suffix: "0x1b" would be ambiguous */
		rc = read_digits(s + 2, end, 16, &v, &p);
		if (rc)
			return rc;
		if (p != end)
			return -EINVAL;
		mult = 1;
	} else {
		rc = read_digits(s, end, 10, &v, &p);
		if (rc)
			return rc;
		rc = size_mult(p, end, kb_base, &mult);
		if (rc)
			return rc;
	}
	/* fio's range: sizes are signed 64-bit inside */
	if (v && mult > (uint64_t)INT64_MAX / v)
		return -ERANGE;
	*out = v * mult;
	return 0;
}

/* Microseconds in a time like "10s", "500ms" or a bare count of unit_us. */
int parse_time_us(const char *s, uint64_t unit_us, uint64_t *out)
{
	const char *end, *p;
	uint64_t v, mult = 0;
	size_t i;
	int rc;

	if (!s)
		return -EINVAL;
	if (!unit_us)
		unit_us = 1000000;
	s = trim(s, &end);
	s = skip_plus(s, end);
	if (*s == '(') {
		/* as fio documents: bare numbers in expressions are microseconds */
		int64_t r;

		rc = parse_expr(s, EXPR_TIME, 0, &r, NULL, 0);
		if (rc)
			return rc;
		if (r < 0)
			return -EINVAL;
		*out = (uint64_t)r;
		return 0;
	}
	rc = read_digits(s, end, 10, &v, &p);
	if (rc)
		return rc;
	if (p == end) {
		mult = unit_us;
	} else if (word_is(p, end, "ns")) {
		*out = v / 1000;	/* rounds down to whole microseconds */
		return 0;
	} else {
		for (i = 0; i < sizeof(time_units) / sizeof(time_units[0]); i++)
			if (word_is(p, end, time_units[i].suffix))
				mult = time_units[i].us;
		if (!mult)
			return -EINVAL;
	}
	if (v && mult > UINT64_MAX / v)
		return -ERANGE;
	*out = v * mult;
	return 0;
}

/* Magnitude v with sign neg as an int64_t; -ERANGE when it does not fit. */
static int to_signed(uint64_t v, bool neg, int64_t *out)
{
	if (neg) {
		if (v > (uint64_t)INT64_MAX + 1)
			return -ERANGE;
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	} else {
		if (v > (uint64_t)INT64_MAX)
			return -ERANGE;
		*out = (int64_t)v;
	}
	return 0;
}

/* A signed 64-bit integer, decimal or 0x hex, nothing after it. */
int parse_int(const char *s, int64_t *out)
{
	const char *end, *p;
	bool neg = false;
	uint64_t v;
	int base = 10, rc;

	if (!s)
		return -EINVAL;
	s = trim(s, &end);
	s = skip_plus(s, end);
	if (*s == '(')
		return parse_expr(s, EXPR_INT, 0, out, NULL, 0);
	if (s < end && *s == '-') {
		neg = true;
		s++;
	}
	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	rc = read_digits(s, end, base, &v, &p);
	if (rc)
		return rc;
	if (p != end)
		return -EINVAL;
	return to_signed(v, neg, out);
}

/*
 * An integer option's value: parse_int's forms, and a decimal number may
 * carry a size suffix as in fio ("10k" is 10240 with kb_base 1024).
 */
int parse_int_mult(const char *s, unsigned int kb_base, int64_t *out)
{
	const char *end, *p;
	bool neg = false;
	uint64_t v, mult;
	int rc;

	if (!s)
		return -EINVAL;
	if (!kb_base)
		kb_base = 1024;
	if (kb_base != 1024 && kb_base != 1000)
		return -EINVAL;
	s = trim(s, &end);
	s = skip_plus(s, end);
	if (*s == '(')
		return parse_expr(s, EXPR_SIZE, kb_base, out, NULL, 0);
	if (s < end && *s == '-') {
		neg = true;
		s++;
	}
	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return parse_int(neg ? s - 1 : s, out);
	rc = read_digits(s, end, 10, &v, &p);
	if (rc)
		return rc;
	rc = size_mult(p, end, kb_base, &mult);
	if (rc)
		return rc;
	if (v && mult > UINT64_MAX / v)
		return -ERANGE;
	v *= mult;
	return to_signed(v, neg, out);
}

/* 1 or 0, as fio's boolean options take them (decimal or 0x hex). */
int parse_bool(const char *s, int *out)
{
	int64_t v;

	if (parse_int(s, &v) || (v != 0 && v != 1))
		return -EINVAL;
	*out = (int)v;
	return 0;
}

/* Value of one hex digit, or -1. */
static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);	/* a plain char may be negative */
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Append byte b to out[*n] (at most max); false when full. */
static bool pat_put(uint8_t *out, size_t max, size_t *n, uint8_t b)
{
	if (*n == max)
		return false;
	out[(*n)++] = b;
	return true;
}

int parse_pattern_fmt(const char *s, uint8_t *out, size_t max, size_t *len,
		      struct pattern_fmt *fmt)
{
	const char *end, *p, *q;
	size_t n = 0;

	if (!s)
		return -EINVAL;
	s = trim(s, &end);
	if (s == end)
		return -EINVAL;
	if (fmt)
		fmt->n = 0;
	for (p = s; p < end;) {
		if (*p == '"') {
			/* "text": its bytes, up to the closing quote */
			q = memchr(p + 1, '"', (size_t)(end - p - 1));
			if (!q || q == p + 1)
				return -EINVAL;
			for (p++; p < q; p++)
				if (!pat_put(out, max, &n, (uint8_t)*p))
					return -ERANGE;
			p++;
		} else if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
			   hexval(p[2]) >= 0) {
			/* 0x hex: bytes in the order written; an odd digit
			 * count starts with a half byte (0xabc = 0a bc) */
			for (q = p + 2; q < end && hexval(*q) >= 0; q++)
				;
			p += 2;
			if ((q - p) % 2 && !pat_put(out, max, &n, (uint8_t)hexval(*p++)))
				return -ERANGE;
			for (; p < q; p += 2)
				if (!pat_put(out, max, &n,
					     (uint8_t)(hexval(p[0]) << 4 | hexval(p[1]))))
					return -ERANGE;
		} else if (*p == '%' && p + 1 < end && p[1] == 'o' && fmt) {
			/* the block's offset, filled in per block */
			int i;

			if (fmt->n == PATTERN_MAX_FMT)
				return -ERANGE;
			fmt->at[fmt->n++] = n;
			for (i = 0; i < 8; i++)
				if (!pat_put(out, max, &n, 0))
					return -ERANGE;
			p += 2;
		} else if (*p == '-' || isdigit((unsigned char)*p)) {
			/* a 32-bit number, little-endian: as few bytes as
			 * it needs, four when negative (fio's rule) */
			bool neg = *p == '-';
			const char *dend = p + neg;
			uint64_t v;
			uint32_t u;
			int i, nb;

			/* a number ends where a 0x begins, as in fio: "-120xab"
			 * is -12 and 0xab */
			while (dend < end && isdigit((unsigned char)*dend))
				dend++;
			if (dend < end && (*dend == 'x' || *dend == 'X') && dend - 1 > p + neg &&
			    dend[-1] == '0')
				dend--;
			if (read_digits(p + neg, dend, 10, &v, &q))
				return -EINVAL;
			if (v > (neg ? 2147483648ull : 2147483647ull))
				return -ERANGE;
			u = neg ? (uint32_t)(0 - v) : (uint32_t)v;
			nb = neg && v ? 4 : u > 0xffffff ? 4 : u > 0xffff ? 3 :
			     u > 0xff ? 2 : 1;
			for (i = 0; i < nb; i++)
				if (!pat_put(out, max, &n, (uint8_t)(u >> (8 * i))))
					return -ERANGE;
			p = q;
		} else {
			return -EINVAL;
		}
	}
	if (!n)
		return -EINVAL;
	*len = n;
	return 0;
}

int parse_pattern(const char *s, uint8_t *out, size_t max, size_t *len)
{
	return parse_pattern_fmt(s, out, max, len, NULL);
}
