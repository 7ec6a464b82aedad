/*
 * json.h - a small streaming JSON writer with fio's layout.
 *
 * Values go straight to a FILE as they are added; nothing is built in
 * memory.  The layout is byte for byte the one fio prints, so tools that
 * diff or grep fio's JSON keep working: two spaces per level, one member
 * per line, `"key" : value`, integers in decimal, doubles with "%f" (six
 * decimals), and an empty container printed as an opening line, an empty
 * line and the closing bracket.
 *
 * Usage: json_init, then json_begin_object(w, NULL) for the document,
 * members with a key inside objects (key NULL inside arrays), json_end for
 * every begin; the end of the outermost container writes the final
 * newline.  Misuse (too deep, end without begin) is recorded, not fatal:
 * json_error() reports it with write errors at the end.
 */
#ifndef PLIO_JSON_H
#define PLIO_JSON_H

#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json_writer {
	FILE *out;
	unsigned int depth;			/* open containers */
	unsigned int count[JSON_MAX_DEPTH];	/* members written in each */
	char close[JSON_MAX_DEPTH];		/* '}' or ']' for each */
	int err;				/* -EINVAL on misuse */
};

void json_init(struct json_writer *w, FILE *out);

/* Open an object or array: a member `key` of the enclosing object, an
 * element of the enclosing array (key NULL), or the document itself. */
void json_begin_object(struct json_writer *w, const char *key);
void json_begin_array(struct json_writer *w, const char *key);
/* Close the innermost open object or array. */
void json_end(struct json_writer *w);

void json_int(struct json_writer *w, const char *key, int64_t v);
void json_uint(struct json_writer *w, const char *key, uint64_t v);
/* "%f"; NaN and infinities, which JSON cannot hold, are written as 0. */
void json_double(struct json_writer *w, const char *key, double v);
/* A string, with '"', '\\' and control characters escaped. */
void json_str(struct json_writer *w, const char *key, const char *s);

/* 0, -EINVAL after misuse, or -EIO when writing to the stream failed. */
int json_error(const struct json_writer *w);

#endif
