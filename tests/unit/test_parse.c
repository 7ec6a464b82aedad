/*
 * test_parse.c - unit tests for core/base/parse.c: sizes, times, integers, bools.
 *
 * Each test states one rule of fio's value syntax as plio implements it,
 * checking the value produced and that a refused input leaves the output
 * untouched.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"

#define KI 1024ull
#define SENTINEL 0xdeadbeefull

/* parse_size with kb_base, asserting success; returns the value. */
static uint64_t size_ok(const char *s, unsigned int kb_base)
{
	uint64_t v = SENTINEL;
	int rc = parse_size(s, kb_base, &v);

	ck_assert_msg(rc == 0, "parse_size('%s', %u) = %d", s, kb_base, rc);
	return v;
}

/* parse_size must fail with rc and leave the output alone. */
static void size_bad(const char *s, int rc_want)
{
	uint64_t v = SENTINEL;
	int rc = parse_size(s, 1024, &v);

	ck_assert_msg(rc == rc_want, "parse_size('%s') = %d, want %d", s, rc, rc_want);
	ck_assert_uint_eq(v, SENTINEL);
}

START_TEST(size_plain_bytes)
{
	ck_assert_uint_eq(size_ok("512", 1024), 512);
	ck_assert_uint_eq(size_ok("0", 1024), 0);
	ck_assert_uint_eq(size_ok("1b", 1024), 1);
	ck_assert_uint_eq(size_ok("4096B", 1024), 4096);
	ck_assert_uint_eq(size_ok("  8k\t", 1024), 8192);
	ck_assert_uint_eq(size_ok("+4k", 1024), 4096);
}
END_TEST

START_TEST(size_binary_prefixes_by_default)
{
	ck_assert_uint_eq(size_ok("4k", 1024), 4 * KI);
	ck_assert_uint_eq(size_ok("4K", 1024), 4 * KI);
	ck_assert_uint_eq(size_ok("4kb", 1024), 4 * KI);
	ck_assert_uint_eq(size_ok("4KB", 1024), 4 * KI);
	ck_assert_uint_eq(size_ok("4m", 1024), 4 * KI * KI);
	ck_assert_uint_eq(size_ok("1g", 1024), KI * KI * KI);
	ck_assert_uint_eq(size_ok("1t", 1024), KI * KI * KI * KI);
	ck_assert_uint_eq(size_ok("1p", 1024), KI * KI * KI * KI * KI);
	/* kb_base 0 means the default */
	ck_assert_uint_eq(size_ok("2k", 0), 2048);
}
END_TEST

START_TEST(size_iec_forms_are_decimal_by_default)
{
	/* fio 3.33's inversion: with kb_base=1024, KiB means 1000 but Ki 1024 */
	ck_assert_uint_eq(size_ok("4ki", 1024), 4096);
	ck_assert_uint_eq(size_ok("4kib", 1024), 4000);
	ck_assert_uint_eq(size_ok("4KiB", 1024), 4000);
	ck_assert_uint_eq(size_ok("4mib", 1024), 4000000);
	ck_assert_uint_eq(size_ok("1GiB", 1024), 1000000000);
}
END_TEST

START_TEST(size_kb_base_1000_inverts)
{
	ck_assert_uint_eq(size_ok("4k", 1000), 4000);
	ck_assert_uint_eq(size_ok("4kb", 1000), 4000);
	ck_assert_uint_eq(size_ok("4m", 1000), 4000000);
	ck_assert_uint_eq(size_ok("4ki", 1000), 4000);
	ck_assert_uint_eq(size_ok("4KiB", 1000), 4096);
	ck_assert_uint_eq(size_ok("512", 1000), 512);
}
END_TEST

START_TEST(size_hex)
{
	ck_assert_uint_eq(size_ok("0x10", 1024), 16);
	ck_assert_uint_eq(size_ok("0X1F", 1024), 31);
	ck_assert_uint_eq(size_ok("0xff", 1000), 255);
	/* no suffix on hex: "b" is a digit there */
	size_bad("0x10k", -EINVAL);
	size_bad("0x", -EINVAL);
	size_bad("0xg", -EINVAL);
}
END_TEST

START_TEST(size_refuses_garbage)
{
	size_bad("", -EINVAL);
	size_bad("   ", -EINVAL);
	size_bad("k", -EINVAL);
	size_bad("4q", -EINVAL);
	size_bad("4kk", -EINVAL);
	size_bad("4k5", -EINVAL);
	size_bad("4 k", -EINVAL);
	size_bad("1.5k", -EINVAL);
	size_bad("1e3", -EINVAL);
	size_bad("4bi", -EINVAL);
	size_bad("4kbi", -EINVAL);
	size_bad("4kibb", -EINVAL);
	size_bad("+-4k", -EINVAL);
}
END_TEST

START_TEST(size_refuses_negative)
{
	size_bad("-1", -EINVAL);
	size_bad("-4k", -EINVAL);
}
END_TEST

START_TEST(size_refuses_overflow)
{
	ck_assert_uint_eq(size_ok("9223372036854775807", 1024), INT64_MAX);
	ck_assert_uint_eq(size_ok("8191p", 1024), 8191ull * KI * KI * KI * KI * KI);
	size_bad("9223372036854775808", -ERANGE);
	size_bad("18446744073709551616", -ERANGE);
	size_bad("99999999999999999999999", -ERANGE);
	size_bad("8192p", -ERANGE);
	size_bad("20000p", -ERANGE);
	size_bad("0x8000000000000000", -ERANGE);
}
END_TEST

START_TEST(size_refuses_bad_kb_base)
{
	uint64_t v = SENTINEL;

	ck_assert_int_eq(parse_size("4k", 512, &v), -EINVAL);
	ck_assert_uint_eq(v, SENTINEL);
	ck_assert_int_eq(parse_size(NULL, 1024, &v), -EINVAL);
}
END_TEST

/* parse_time_us asserting success. */
static uint64_t time_ok(const char *s, uint64_t unit)
{
	uint64_t v = SENTINEL;
	int rc = parse_time_us(s, unit, &v);

	ck_assert_msg(rc == 0, "parse_time_us('%s') = %d", s, rc);
	return v;
}

static void time_bad(const char *s, int rc_want)
{
	uint64_t v = SENTINEL;
	int rc = parse_time_us(s, 1000000, &v);

	ck_assert_msg(rc == rc_want, "parse_time_us('%s') = %d, want %d", s, rc, rc_want);
	ck_assert_uint_eq(v, SENTINEL);
}

START_TEST(time_bare_number_is_in_unit)
{
	ck_assert_uint_eq(time_ok("10", 1000000), 10000000);
	ck_assert_uint_eq(time_ok("10", 1000), 10000);
	ck_assert_uint_eq(time_ok("10", 1), 10);
	ck_assert_uint_eq(time_ok("0", 1000000), 0);
	/* unit 0 means seconds, as in plugin.h */
	ck_assert_uint_eq(time_ok("3", 0), 3000000);
}
END_TEST

START_TEST(time_suffixes)
{
	ck_assert_uint_eq(time_ok("2d", 1), 2ull * 86400 * 1000000);
	ck_assert_uint_eq(time_ok("+2s", 1), 2000000);
	/* fio's time suffixes are case-insensitive too */
	ck_assert_uint_eq(time_ok("2S", 1), 2000000);
	ck_assert_uint_eq(time_ok("10MS", 1), 10000);
	ck_assert_uint_eq(time_ok("1h", 1), 3600ull * 1000000);
	ck_assert_uint_eq(time_ok("10m", 1), 600ull * 1000000);
	ck_assert_uint_eq(time_ok("10M", 1), 600ull * 1000000);
	ck_assert_uint_eq(time_ok("10s", 1), 10000000);
	ck_assert_uint_eq(time_ok("10S", 1), 10000000);
	ck_assert_uint_eq(time_ok("10ms", 1), 10000);
	ck_assert_uint_eq(time_ok("10MS", 1), 10000);
	ck_assert_uint_eq(time_ok("10msec", 1), 10000);
	ck_assert_uint_eq(time_ok("10us", 1000000), 10);
	ck_assert_uint_eq(time_ok("10usec", 1000000), 10);
	ck_assert_uint_eq(time_ok(" 5s ", 1), 5000000);
}
END_TEST

START_TEST(time_nanoseconds_round_down)
{
	ck_assert_uint_eq(time_ok("1500ns", 1), 1);
	ck_assert_uint_eq(time_ok("999ns", 1), 0);
	ck_assert_uint_eq(time_ok("2000NS", 1), 2);
}
END_TEST

START_TEST(time_refuses_garbage)
{
	time_bad("", -EINVAL);
	time_bad("s", -EINVAL);
	time_bad("10x", -EINVAL);
	time_bad("10sec", -EINVAL);
	time_bad("10min", -EINVAL);
	time_bad("1.5s", -EINVAL);
	time_bad("10 s", -EINVAL);
	time_bad("-1", -EINVAL);
	time_bad("0x10", -EINVAL);
	time_bad(NULL, -EINVAL);
}
END_TEST

START_TEST(time_refuses_overflow)
{
	time_bad("18446744073709551615", -ERANGE);
	time_bad("300000000d", -ERANGE);
	time_bad("99999999999999999999ns", -ERANGE);
}
END_TEST

static int64_t int_ok(const char *s)
{
	int64_t v = 0x5a5a;
	int rc = parse_int(s, &v);

	ck_assert_msg(rc == 0, "parse_int('%s') = %d", s, rc);
	return v;
}

static void int_bad(const char *s, int rc_want)
{
	int64_t v = 0x5a5a;
	int rc = parse_int(s, &v);

	ck_assert_msg(rc == rc_want, "parse_int('%s') = %d, want %d", s, rc, rc_want);
	ck_assert_int_eq(v, 0x5a5a);
}

START_TEST(int_decimal_hex_negative)
{
	ck_assert_int_eq(int_ok("0"), 0);
	ck_assert_int_eq(int_ok("42"), 42);
	ck_assert_int_eq(int_ok("-42"), -42);
	ck_assert_int_eq(int_ok("0x89"), 0x89);
	ck_assert_int_eq(int_ok("0XfF"), 255);
	ck_assert_int_eq(int_ok("-0x10"), -16);
	ck_assert_int_eq(int_ok(" 7 "), 7);
	/* a plus sign, as fio's numbers take it */
	ck_assert_int_eq(int_ok("+1"), 1);
	ck_assert_int_eq(int_ok("+0x10"), 16);
	ck_assert_int_eq(int_ok("9223372036854775807"), INT64_MAX);
	ck_assert_int_eq(int_ok("-9223372036854775808"), INT64_MIN);
}
END_TEST

START_TEST(int_refuses_garbage_and_overflow)
{
	int_bad("", -EINVAL);
	int_bad("-", -EINVAL);
	int_bad("12abc", -EINVAL);
	int_bad("4k", -EINVAL);
	int_bad("1.0", -EINVAL);
	int_bad("0x", -EINVAL);
	int_bad("--1", -EINVAL);
	int_bad("+-1", -EINVAL);
	int_bad("++1", -EINVAL);
	int_bad("+", -EINVAL);
	int_bad("1 2", -EINVAL);
	int_bad(NULL, -EINVAL);
	int_bad("9223372036854775808", -ERANGE);
	int_bad("-9223372036854775809", -ERANGE);
	int_bad("0x10000000000000000", -ERANGE);
}
END_TEST

START_TEST(bool_words)
{
	/* fio's booleans are numbers: 1 or 0 (hex too), nothing else */
	static const char *const yes[] = { "1", " 1 ", "0x1" };
	static const char *const no[] = { "0", "0x0", "\t0" };
	size_t i;
	int b;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		b = -1;
		ck_assert_int_eq(parse_bool(yes[i], &b), 0);
		ck_assert_int_eq(b, 1);
	}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		b = -1;
		ck_assert_int_eq(parse_bool(no[i], &b), 0);
		ck_assert_int_eq(b, 0);
	}
}
END_TEST

START_TEST(bool_refuses_others)
{
	/* fio refuses the words as well (direct=true fails to parse) */
	static const char *const bad[] = { "", "2", "-1", "y", "n", "truth", "onn", "10",
					   "true", "false", "yes", "no", "on", "off" };
	size_t i;
	int b;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = -1;
		ck_assert_msg(parse_bool(bad[i], &b) == -EINVAL, "parse_bool('%s')", bad[i]);
		ck_assert_int_eq(b, -1);
	}
	ck_assert_int_eq(parse_bool(NULL, &b), -EINVAL);
}
END_TEST

/* parse_int_mult with kb_base, asserting success; returns the value. */
static int64_t intm_ok(const char *s, unsigned int kb_base)
{
	int64_t v = 0x5a5a;
	int rc = parse_int_mult(s, kb_base, &v);

	ck_assert_msg(rc == 0, "parse_int_mult('%s', %u) = %d", s, kb_base, rc);
	return v;
}

START_TEST(int_mult_suffixes)
{
	/* fio's integer options take size suffixes: rate_iops=10k */
	ck_assert_int_eq(intm_ok("10", 1024), 10);
	ck_assert_int_eq(intm_ok("10k", 1024), 10240);
	ck_assert_int_eq(intm_ok("10K", 1024), 10240);
	ck_assert_int_eq(intm_ok("10kb", 1024), 10240);
	ck_assert_int_eq(intm_ok("10kib", 1024), 10000);
	ck_assert_int_eq(intm_ok("10k", 1000), 10000);
	ck_assert_int_eq(intm_ok("1m", 1024), 1048576);
	ck_assert_int_eq(intm_ok("-2k", 1024), -2048);
	ck_assert_int_eq(intm_ok("0x10", 1024), 16);
	ck_assert_int_eq(intm_ok("-0x10", 1024), -16);
	ck_assert_int_eq(intm_ok("(2*4k)", 1024), 8192);
	ck_assert_int_eq(intm_ok(" 7 ", 0), 7);
	ck_assert_int_eq(intm_ok("+2k", 1024), 2048);
}
END_TEST

START_TEST(int_mult_refuses)
{
	static const struct {
		const char *s;
		int rc;
	} bad[] = {
		{ "", -EINVAL }, { "1.5", -EINVAL }, { "10s", -EINVAL },
		{ "1k5", -EINVAL }, { "4q", -EINVAL }, { "0x10k", -EINVAL },
		{ "k", -EINVAL }, { "--1", -EINVAL },
		{ "8e", -EINVAL }, { "9223372036854775808", -ERANGE },
		{ "8192p", -ERANGE }, { "16777216t", -ERANGE },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t v = 0x5a5a;

		ck_assert_msg(parse_int_mult(bad[i].s, 1024, &v) == bad[i].rc,
			      "parse_int_mult('%s')", bad[i].s);
		ck_assert_int_eq(v, 0x5a5a);
	}
	ck_assert_int_eq(parse_int_mult("1", 999, &(int64_t){ 0 }), -EINVAL);
	ck_assert_int_eq(parse_int_mult(NULL, 1024, &(int64_t){ 0 }), -EINVAL);
}
END_TEST

/* parse_pattern, asserting success; the bytes must be want (n of them). */
static void pattern_is(const char *s, const char *want, size_t n)
{
	uint8_t b[PATTERN_MAX];
	size_t len = 0;
	int rc = parse_pattern(s, b, sizeof(b), &len);

	ck_assert_msg(rc == 0, "parse_pattern('%s') = %d", s, rc);
	ck_assert_msg(len == n, "parse_pattern('%s'): %zu bytes, want %zu", s, len, n);
	ck_assert_msg(!memcmp(b, want, n), "parse_pattern('%s'): other bytes", s);
}

START_TEST(pattern_forms)
{
	uint8_t b[PATTERN_MAX];
	struct pattern_fmt fmt = { .n = 9 };
	size_t n = 0;

	/* the bytes fio writes for each (checked with od on fio's files) */
	pattern_is("0xdeadbeef", "\xde\xad\xbe\xef", 4);
	pattern_is("0xabc", "\x0a\xbc", 2);
	pattern_is("\"abc\"", "abc", 3);
	pattern_is("\"a b\"", "a b", 3);
	pattern_is(" 12 ", "\x0c", 1);
	pattern_is("0", "\x00", 1);
	/* decimal numbers: little-endian, as few bytes as needed */
	pattern_is("256", "\x00\x01", 2);
	pattern_is("300", "\x2c\x01", 2);
	pattern_is("65536", "\x00\x00\x01", 3);
	pattern_is("2147483647", "\xff\xff\xff\x7f", 4);
	/* negative: four bytes */
	pattern_is("-1", "\xff\xff\xff\xff", 4);
	pattern_is("-2147483648", "\x00\x00\x00\x80", 4);
	pattern_is("-0", "\x00", 1);
	/* elements one after another */
	pattern_is("1-2", "\x01\xfe\xff\xff\xff", 5);
	pattern_is("0xab\"cd\"", "\xab" "cd", 3);
	pattern_is("12\"ab\"", "\x0c" "ab", 3);
	pattern_is("\"a\"0xbb", "a\xbb", 2);
	pattern_is("0x1-256", "\x01\x00\xff\xff\xff", 5);
	/* refused, as fio refuses them */
	ck_assert_int_eq(parse_pattern("2147483648", b, sizeof(b), &n), -ERANGE);
	ck_assert_int_eq(parse_pattern("4294967295", b, sizeof(b), &n), -ERANGE);
	ck_assert_int_eq(parse_pattern("-2147483649", b, sizeof(b), &n), -ERANGE);
	ck_assert_int_eq(parse_pattern("0xzz", b, sizeof(b), &n), -EINVAL);
	ck_assert_int_eq(parse_pattern("0x", b, sizeof(b), &n), -EINVAL);
	ck_assert_int_eq(parse_pattern("\"\"", b, sizeof(b), &n), -EINVAL);
	ck_assert_int_eq(parse_pattern("\"abc", b, sizeof(b), &n), -EINVAL);
	ck_assert_int_eq(parse_pattern("'abc'", b, sizeof(b), &n), -EINVAL);
	ck_assert_int_eq(parse_pattern("abc", b, sizeof(b), &n), -EINVAL);
	ck_assert_int_eq(parse_pattern("0xab 0xcd", b, sizeof(b), &n), -EINVAL);
	ck_assert_int_eq(parse_pattern("1,2", b, sizeof(b), &n), -EINVAL);
	ck_assert_int_eq(parse_pattern("", b, sizeof(b), &n), -EINVAL);
	ck_assert_int_eq(parse_pattern("%o", b, sizeof(b), &n), -EINVAL);
	ck_assert_int_eq(parse_pattern("\"abcd\"", b, 2, &n), -ERANGE);
	ck_assert_int_eq(parse_pattern("65536", b, 2, &n), -ERANGE);
	/* fio's example: a number ends where 0x begins */
	ck_assert_int_eq(parse_pattern("\"abcd\"-120xdeadface", b, sizeof(b), &n), 0);
	ck_assert_uint_eq(n, 12);
	ck_assert(!memcmp(b, "abcd\xf4\xff\xff\xff\xde\xad\xfa\xce", 12));
	/* verify_pattern's %o: the offset, filled in per block */
	ck_assert_int_eq(parse_pattern_fmt("%o", b, sizeof(b), &n, &fmt), 0);
	ck_assert_uint_eq(n, 8);
	ck_assert_uint_eq(fmt.n, 1);
	ck_assert_uint_eq(fmt.at[0], 0);
	ck_assert_int_eq(parse_pattern_fmt("0xaa%o\"x\"%o", b, sizeof(b), &n, &fmt), 0);
	ck_assert_uint_eq(n, 18);
	ck_assert_uint_eq(fmt.n, 2);
	ck_assert_uint_eq(fmt.at[0], 1);
	ck_assert_uint_eq(fmt.at[1], 10);
	ck_assert_uint_eq(b[9], 'x');
	ck_assert_int_eq(parse_pattern_fmt("%x", b, sizeof(b), &n, &fmt), -EINVAL);
}
END_TEST

/* parse_expr, asserting success; returns the value. */
static int64_t expr_ok(const char *s, enum expr_kind kind)
{
	char why[64];
	int64_t v = 0x5a5a;
	int rc = parse_expr(s, kind, 1024, &v, why, sizeof(why));

	ck_assert_msg(rc == 0, "parse_expr('%s') = %d (%s)", s, rc, why);
	return v;
}

/* parse_expr must fail with rc and reason why, leaving the output alone. */
static void expr_bad(const char *s, enum expr_kind kind, int rc_want,
		     const char *why_want)
{
	char why[64] = "x";
	int64_t v = 0x5a5a;
	int rc = parse_expr(s, kind, 1024, &v, why, sizeof(why));

	ck_assert_msg(rc == rc_want, "parse_expr('%s') = %d, want %d", s, rc, rc_want);
	ck_assert_str_eq(why, why_want);
	ck_assert_int_eq(v, 0x5a5a);
}

START_TEST(expr_operators_and_precedence)
{
	ck_assert_int_eq(expr_ok("(1+2)", EXPR_INT), 3);
	ck_assert_int_eq(expr_ok("1+2*3", EXPR_INT), 7);
	ck_assert_int_eq(expr_ok("(1+2)*3", EXPR_INT), 9);
	ck_assert_int_eq(expr_ok("10-4-3", EXPR_INT), 3);
	ck_assert_int_eq(expr_ok("100/10/5", EXPR_INT), 2);
	ck_assert_int_eq(expr_ok("(10 % 3)", EXPR_INT), 1);
	ck_assert_int_eq(expr_ok("(2^10)", EXPR_INT), 1024);
	/* ^ is right-associative and above * and unary minus */
	ck_assert_int_eq(expr_ok("2^3^2", EXPR_INT), 512);
	ck_assert_int_eq(expr_ok("2*3^2", EXPR_INT), 18);
	ck_assert_int_eq(expr_ok("-2^2", EXPR_INT), -4);
	ck_assert_int_eq(expr_ok("(-1+5)", EXPR_INT), 4);
	ck_assert_int_eq(expr_ok("(1-5)", EXPR_INT), -4);
	ck_assert_int_eq(expr_ok("--3", EXPR_INT), 3);
	ck_assert_int_eq(expr_ok(" ( ( 2 ) * ( 3 + 4 ) ) ", EXPR_INT), 14);
	ck_assert_int_eq(expr_ok("(0x10*2)", EXPR_INT), 32);
	ck_assert_int_eq(expr_ok("(0^0)", EXPR_INT), 1);
	ck_assert_int_eq(expr_ok("((-1)^63)", EXPR_INT), -1);
	ck_assert_int_eq(expr_ok("(2^62)", EXPR_INT), 4611686018427387904ll);
}
END_TEST

START_TEST(expr_whole_and_fractional)
{
	/* whole numbers divide as integers, as in C and bc */
	ck_assert_int_eq(expr_ok("(7/2)", EXPR_INT), 3);
	ck_assert_int_eq(expr_ok("(-7/2)", EXPR_INT), -3);
	ck_assert_int_eq(expr_ok("(10/4*4)", EXPR_INT), 8);
	ck_assert_int_eq(expr_ok("(-7%3)", EXPR_INT), -1);
	/* a fraction makes the arithmetic fractional; the result truncates */
	ck_assert_int_eq(expr_ok("(7.0/2*2)", EXPR_INT), 7);
	ck_assert_int_eq(expr_ok("(1.5*3)", EXPR_INT), 4);
	ck_assert_int_eq(expr_ok("(2.5^2)", EXPR_INT), 6);
	ck_assert_int_eq(expr_ok("(0.5^100000)", EXPR_INT), 0);
}
END_TEST

START_TEST(expr_units)
{
	ck_assert_int_eq(expr_ok("((1+2)*1k)", EXPR_SIZE), 3072);
	ck_assert_int_eq(expr_ok("(1+2)*1k", EXPR_SIZE), 3072);
	ck_assert_int_eq(expr_ok("(1k+2)", EXPR_SIZE), 1026);
	ck_assert_int_eq(expr_ok("(1m/4k)", EXPR_SIZE), 256);
	ck_assert_int_eq(expr_ok("(1.5*1k)", EXPR_SIZE), 1536);
	ck_assert_int_eq(expr_ok("(1.5k)", EXPR_SIZE), 1536);
	ck_assert_int_eq(expr_ok("(1KiB)", EXPR_SIZE), 1000);
	ck_assert_int_eq(expr_ok("(2MB - 1b)", EXPR_SIZE), 2097151);
	/* time: bare numbers are microseconds inside expressions */
	ck_assert_int_eq(expr_ok("(10)", EXPR_TIME), 10);
	ck_assert_int_eq(expr_ok("(1s+500ms)", EXPR_TIME), 1500000);
	ck_assert_int_eq(expr_ok("(2*1m)", EXPR_TIME), 120000000);
	ck_assert_int_eq(expr_ok("(1h/60)", EXPR_TIME), 60000000);
	ck_assert_int_eq(expr_ok("(1500ns)", EXPR_TIME), 1);
	ck_assert_int_eq(expr_ok("(1d)", EXPR_TIME), 86400000000ll);
	ck_assert_int_eq(expr_ok("(3usec+2msec)", EXPR_TIME), 2003);
}
END_TEST

START_TEST(expr_errors)
{
	expr_bad("", EXPR_INT, -EINVAL, "empty expression");
	expr_bad("()", EXPR_INT, -EINVAL, "unexpected ')'");
	expr_bad("(2*3", EXPR_INT, -EINVAL, "missing ')'");
	expr_bad("(2*3))", EXPR_INT, -EINVAL, "unmatched ')'");
	expr_bad("(2)(3)", EXPR_INT, -EINVAL, "unexpected '('");
	expr_bad("(2 3)", EXPR_INT, -EINVAL, "missing ')'");
	/* a unit touches its number, as outside expressions */
	expr_bad("(2 k)", EXPR_SIZE, -EINVAL, "missing ')'");
	expr_bad("(2+)", EXPR_INT, -EINVAL, "unexpected ')'");
	expr_bad("(2+", EXPR_INT, -EINVAL, "unexpected end of expression");
	expr_bad("(2**3)", EXPR_INT, -EINVAL, "unexpected '*'");
	expr_bad("(+3)", EXPR_INT, -EINVAL, "unexpected '+'");
	expr_bad("(1/0)", EXPR_INT, -EINVAL, "division by zero");
	expr_bad("(5%0)", EXPR_INT, -EINVAL, "modulus by zero");
	expr_bad("(5.5%2)", EXPR_INT, -EINVAL, "'%' needs whole numbers");
	expr_bad("(2^-1)", EXPR_INT, -EINVAL, "negative exponent");
	expr_bad("(2^0.5)", EXPR_INT, -EINVAL, "exponent must be a whole number");
	expr_bad("(4k)", EXPR_INT, -EINVAL, "unknown unit 'k'");
	expr_bad("(4q)", EXPR_SIZE, -EINVAL, "unknown unit 'q'");
	expr_bad("(4k)", EXPR_TIME, -EINVAL, "unknown unit 'k'");
	expr_bad("(1e3)", EXPR_INT, -EINVAL, "unknown unit 'e'");
	expr_bad("(0xg)", EXPR_INT, -EINVAL, "bad hex number");
	expr_bad("($x)", EXPR_INT, -EINVAL, "unexpected '$'");
	expr_bad("(2^63)", EXPR_INT, -ERANGE, "value out of range");
	expr_bad("(2^64)", EXPR_INT, -ERANGE, "value out of range");
	expr_bad("(2^1000000000000)", EXPR_INT, -ERANGE, "value out of range");
	expr_bad("(8192p)", EXPR_SIZE, -ERANGE, "value out of range");
	expr_bad("(4611686018427387904*2)", EXPR_INT, -ERANGE, "value out of range");
	expr_bad("(99999999999999999999)", EXPR_INT, -ERANGE, "value out of range");
	expr_bad("((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
		 "1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))",
		 EXPR_INT, -EINVAL, "parentheses nested too deeply");
}
END_TEST

START_TEST(expr_overflow_refused_never_undefined)
{
	/* INT64_MIN / -1 is 2^63: refused (it was computed as INT64_MIN, a
	 * conversion out of range); INT64_MIN % -1 is 0, where C's traps
	 * (SIGFPE) */
	ck_assert_int_eq(expr_ok("(-9223372036854775807-1)", EXPR_INT), INT64_MIN);
	ck_assert_int_eq(expr_ok("(-2^62*2)", EXPR_INT), INT64_MIN);
	expr_bad("((-2^62*2)/(-1))", EXPR_INT, -ERANGE, "value out of range");
	expr_bad("((-9223372036854775807-1)/-1)", EXPR_INT, -ERANGE, "value out of range");
	ck_assert_int_eq(expr_ok("((-2^62*2)/1)", EXPR_INT), INT64_MIN);
	ck_assert_int_eq(expr_ok("((-2^62*2)%(-1))", EXPR_INT), 0);
	ck_assert_int_eq(expr_ok("((-9223372036854775807-1)%-1)", EXPR_INT), 0);
	ck_assert_int_eq(expr_ok("(-7%-1)", EXPR_INT), 0);
	ck_assert_int_eq(expr_ok("(-7%-2)", EXPR_INT), -1);
	/* 2^63 is out of range before the minus applies (^ binds tighter) */
	expr_bad("((-2^63)%(-1))", EXPR_INT, -ERANGE, "value out of range");
	expr_bad("((-9223372036854775807-1)*-1)", EXPR_INT, -ERANGE, "value out of range");
	expr_bad("(-(-9223372036854775807-1))", EXPR_INT, -ERANGE, "value out of range");
	expr_bad("(9223372036854775807+1)", EXPR_INT, -ERANGE, "value out of range");
	expr_bad("(-9223372036854775807-2)", EXPR_INT, -ERANGE, "value out of range");
	/* products and powers just past the range, and just inside */
	ck_assert_int_eq(expr_ok("(3037000499^2)", EXPR_INT), 9223372030926249001ll);
	expr_bad("(3037000500^2)", EXPR_INT, -ERANGE, "value out of range");
	expr_bad("(-3037000500^3)", EXPR_INT, -ERANGE, "value out of range");
	expr_bad("(0xffffffffffffffff*0xffffffffffffffff)", EXPR_INT, -ERANGE,
		 "value out of range");
	expr_bad("(4294967296*4294967296)", EXPR_INT, -ERANGE, "value out of range");
	ck_assert_int_eq(expr_ok("((-2)^63)", EXPR_INT), INT64_MIN);
	expr_bad("((-2)^64)", EXPR_INT, -ERANGE, "value out of range");
	/* a quotient by a tiny fraction */
	expr_bad("(1/0.000000000000000000000000000000000000000001)", EXPR_INT, -ERANGE,
		 "value out of range");
}
END_TEST

START_TEST(expr_through_value_parsers)
{
	int64_t i = 0;

	ck_assert_uint_eq(size_ok("((1+2)*1k)", 1024), 3072);
	ck_assert_uint_eq(size_ok(" (4k*2) ", 1000), 8000);
	size_bad("(1-5)", -EINVAL);
	size_bad("(1/0)", -EINVAL);
	size_bad("(2^63)", -ERANGE);
	/* only a leading '(' starts an expression */
	size_bad("1+2", -EINVAL);
	ck_assert_uint_eq(time_ok("(10)", 1000000), 10);
	ck_assert_uint_eq(time_ok("(2s+1)", 1000000), 2000001);
	time_bad("(1-2)", -EINVAL);
	time_bad("(1k)", -EINVAL);
	ck_assert_int_eq(int_ok("(2*-3)"), -6);
	ck_assert_int_eq(int_ok("(0x10+1)"), 17);
	int_bad("(1k)", -EINVAL);
	int_bad("(", -EINVAL);
	ck_assert_int_eq(parse_expr("(1k)", EXPR_SIZE, 512, &i, NULL, 0), -EINVAL);
	ck_assert_int_eq(parse_expr(NULL, EXPR_INT, 0, &i, NULL, 0), -EINVAL);
}
END_TEST

static Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc;

	tc = tcase_create("size");
	tcase_add_test(tc, size_plain_bytes);
	tcase_add_test(tc, size_binary_prefixes_by_default);
	tcase_add_test(tc, size_iec_forms_are_decimal_by_default);
	tcase_add_test(tc, size_kb_base_1000_inverts);
	tcase_add_test(tc, size_hex);
	tcase_add_test(tc, size_refuses_garbage);
	tcase_add_test(tc, size_refuses_negative);
	tcase_add_test(tc, size_refuses_overflow);
	tcase_add_test(tc, size_refuses_bad_kb_base);
	suite_add_tcase(s, tc);

	tc = tcase_create("time");
	tcase_add_test(tc, time_bare_number_is_in_unit);
	tcase_add_test(tc, time_suffixes);
	tcase_add_test(tc, time_nanoseconds_round_down);
	tcase_add_test(tc, time_refuses_garbage);
	tcase_add_test(tc, time_refuses_overflow);
	suite_add_tcase(s, tc);

	tc = tcase_create("int");
	tcase_add_test(tc, int_decimal_hex_negative);
	tcase_add_test(tc, int_refuses_garbage_and_overflow);
	suite_add_tcase(s, tc);

	tc = tcase_create("bool");
	tcase_add_test(tc, bool_words);
	tcase_add_test(tc, bool_refuses_others);
	tcase_add_test(tc, int_mult_suffixes);
	tcase_add_test(tc, int_mult_refuses);
	tcase_add_test(tc, pattern_forms);
	suite_add_tcase(s, tc);

	tc = tcase_create("expr");
	tcase_add_test(tc, expr_operators_and_precedence);
	tcase_add_test(tc, expr_whole_and_fractional);
	tcase_add_test(tc, expr_units);
	tcase_add_test(tc, expr_errors);
	tcase_add_test(tc, expr_overflow_refused_never_undefined);
	tcase_add_test(tc, expr_through_value_parsers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(parse_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
