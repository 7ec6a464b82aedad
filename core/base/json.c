/*
 * json.c - streaming JSON writer with fio's layout (see json.h).
 *
 * The writer keeps one member counter per open container: a member after
 * the first is preceded by ",\n", every member starts on its own line
 * indented two spaces per open container, and a container closes on a new
 * line indented like the line that opened it.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>

#include "base/json.h"

void json_init(struct json_writer *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->count[0] = 0;
	w->err = 0;
}

static void indent(struct json_writer *w, unsigned int level)
{
	while (level--)
		fputs("  ", w->out);
}

static void put_string(struct json_writer *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', w->out);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", w->out);
			break;
		case '\\':
			fputs("\\\\", w->out);
			break;
		case '\n':
			fputs("\\n", w->out);
			break;
		case '\t':
			fputs("\\t", w->out);
			break;
		case '\r':
			fputs("\\r", w->out);
			break;
		default:
			if (*p < 0x20)
				fprintf(w->out, "\\u%04x", *p);
			else
				fputc(*p, w->out);
		}
	}
	fputc('"', w->out);
}

/*
 * Start a member of the innermost container: separator, indentation and,
 * inside objects, the key.  Before the document starts nothing is written.
 */
static void member(struct json_writer *w, const char *key)
{
	if (!w->depth)
		return;
	if (w->count[w->depth - 1]++)
		fputs(",\n", w->out);
	indent(w, w->depth);
	if (key) {
		put_string(w, key);
		fputs(" : ", w->out);
	}
}

static void begin(struct json_writer *w, const char *key, char open)
{
	if (w->depth >= JSON_MAX_DEPTH) {
		w->err = -EINVAL;
		return;
	}
	member(w, key);
	fputc(open, w->out);
	fputc('\n', w->out);
	w->close[w->depth] = open == '{' ? '}' : ']';
	w->count[w->depth++] = 0;
}

void json_begin_object(struct json_writer *w, const char *key)
{
	begin(w, key, '{');
}

void json_begin_array(struct json_writer *w, const char *key)
{
	begin(w, key, '[');
}

/* Close the innermost container on a line of its own. */
void json_end(struct json_writer *w)
{
	if (!w->depth) {
		w->err = -EINVAL;
		return;
	}
	w->depth--;
	fputc('\n', w->out);
	indent(w, w->depth);
	fputc(w->close[w->depth], w->out);
	if (!w->depth)
		fputc('\n', w->out);
}

void json_int(struct json_writer *w, const char *key, int64_t v)
{
	member(w, key);
	fprintf(w->out, "%" PRId64, v);
}

void json_uint(struct json_writer *w, const char *key, uint64_t v)
{
	member(w, key);
	fprintf(w->out, "%" PRIu64, v);
}

void json_double(struct json_writer *w, const char *key, double v)
{
	member(w, key);
	fprintf(w->out, "%f", isfinite(v) ? v : 0.0);
}

void json_str(struct json_writer *w, const char *key, const char *s)
{
	member(w, key);
	put_string(w, s ? s : "");
}

int json_error(const struct json_writer *w)
{
	if (w->err)
		return w->err;
	return ferror(w->out) ? -EIO : 0;
}
