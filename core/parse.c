/*
 * parse.c - turning option text into numbers: sizes, times, integers, bools.
 *
 * The lowest layer of option handling.  Every function here takes one value
 * exactly as the user wrote it (surrounding blanks allowed), accepts fio's
 * spellings of that kind of value and nothing looser: trailing garbage,
 * signs where none make sense and results that do not fit are refused.
 * Nothing here composes a message; callers know the option and the place.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "parse.h"

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
	static const struct {
		const char *suffix;
		uint64_t us;
	} units[] = {
		{ "d", 24ull * 3600 * 1000000 },
		{ "h", 3600ull * 1000000 },
		{ "m", 60ull * 1000000 },
		{ "s", 1000000 },
		{ "ms", 1000 },
		{ "msec", 1000 },
		{ "us", 1 },
		{ "usec", 1 },
	};
	const char *end, *p;
	uint64_t v, mult = 0;
	size_t i;
	int rc;

	if (!s)
		return -EINVAL;
	if (!unit_us)
		unit_us = 1000000;
	s = trim(s, &end);
	rc = read_digits(s, end, 10, &v, &p);
	if (rc)
		return rc;
	if (p == end) {
		mult = unit_us;
	} else if (word_is(p, end, "ns")) {
		*out = v / 1000;	/* rounds down to whole microseconds */
		return 0;
	} else {
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (word_is(p, end, units[i].suffix))
				mult = units[i].us;
		if (!mult)
			return -EINVAL;
	}
	if (v && mult > UINT64_MAX / v)
		return -ERANGE;
	*out = v * mult;
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

/* 1 for 1/true/yes/on, 0 for 0/false/no/off, any case. */
int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	static const char *const no[] = { "0", "false", "no", "off" };
	const char *end;
	size_t i;

	if (!s)
		return -EINVAL;
	s = trim(s, &end);
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (word_is(s, end, yes[i])) {
			*out = 1;
			return 0;
		}
		if (word_is(s, end, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -EINVAL;
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

int parse_pattern(const char *s, uint8_t *out, size_t max, size_t *len)
{
	const char *end, *p;
	size_t n = 0;

	if (!s)
		return -EINVAL;
	s = trim(s, &end);
	if (s == end)
		return -EINVAL;
	if (end - s >= 2 && *s == '"' && end[-1] == '"') {
		/* "text": its bytes */
		for (p = s + 1; p < end - 1; p++) {
			if (n == max)
				return -ERANGE;
			out[n++] = (uint8_t)*p;
		}
	} else if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		/* 0x hex: bytes in the order written; an odd digit count
		 * starts with a half byte, as in 0xabc = 0a bc */
		p = s + 2;
		if ((end - p) % 2) {
			if (hexval(*p) < 0)
				return -EINVAL;
			out[n++] = (uint8_t)hexval(*p++);
		}
		for (; p < end; p += 2) {
			if (hexval(p[0]) < 0 || hexval(p[1]) < 0)
				return -EINVAL;
			if (n == max)
				return -ERANGE;
			out[n++] = (uint8_t)(hexval(p[0]) << 4 | hexval(p[1]));
		}
	} else {
		/* a decimal byte value */
		uint64_t v;

		if (read_digits(s, end, 10, &v, &p) || p != end)
			return -EINVAL;
		if (v > 255)
			return -ERANGE;
		out[n++] = (uint8_t)v;
	}
	if (!n)
		return -EINVAL;
	*len = n;
	return 0;
}
