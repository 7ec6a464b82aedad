/*
 * jobfile.c - first stage of the data flow: text to sections.
 *
 * Reads fio's ini job-file language into the ordered section list of
 * struct jobfile, and gives the command line and profiles the same list to
 * append to.  A line is one of: blank, a comment (";" or "#" first), a
 * "[section]" header, "key=value" or a bare "key".  As in fio, a ";" or "#"
 * anywhere ends the line's text, so values cannot contain them.  Keys are
 * lower-cased, keys and values trimmed.  Every entry keeps its origin
 * (file and line); file names live in jf->paths so origins stay valid as
 * long as the jobfile does.
 *
 * The language grows later (include, ${VAR} expansion, arithmetic): those
 * belong in read_line() and expand_value(), which every line goes through.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobfile.h"

/* State while reading one job file. */
struct jf_reader {
	struct jobfile *jf;
	const char *name;	/* interned file name, for origins */
	unsigned int line;	/* current line, 1-based */
	bool in_section;	/* a [section] was opened in this file */
	struct perr *e;
};

/* An empty jobfile, ready for parsing or jobfile_add_section(). */
void jobfile_init(struct jobfile *jf)
{
	memset(jf, 0, sizeof(*jf));
}

/* Free every section, entry and path; jf is empty again afterwards. */
void jobfile_free(struct jobfile *jf)
{
	size_t i, j;

	for (i = 0; i < jf->n_sections; i++) {
		struct jf_section *s = &jf->sections[i];

		for (j = 0; j < s->n_entries; j++) {
			free(s->entries[j].key);
			free(s->entries[j].value);
		}
		free(s->entries);
		free(s->name);
	}
	free(jf->sections);
	for (i = 0; i < jf->n_paths; i++)
		free(jf->paths[i]);
	free(jf->paths);
	jobfile_init(jf);
}

/*
 * The jobfile's own copy of a file name (shared by every origin naming
 * it), or NULL for NULL or when out of memory (*rc = -ENOMEM).
 */
static const char *intern_path(struct jobfile *jf, const char *path, int *rc)
{
	char **paths, *copy;
	size_t i;

	*rc = 0;
	if (!path)
		return NULL;
	for (i = 0; i < jf->n_paths; i++)
		if (jf->paths[i] == path || !strcmp(jf->paths[i], path))
			return jf->paths[i];
	copy = strdup(path);
	paths = copy ? realloc(jf->paths, (jf->n_paths + 1) * sizeof(*paths)) : NULL;
	if (!paths) {
		free(copy);
		*rc = -ENOMEM;
		return NULL;
	}
	paths[jf->n_paths++] = copy;
	jf->paths = paths;
	return copy;
}

/* Copy of [s, end) without surrounding blanks. */
static char *dup_trimmed(const char *s, const char *end)
{
	char *r;

	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	r = malloc((size_t)(end - s) + 1);
	if (r) {
		memcpy(r, s, (size_t)(end - s));
		r[end - s] = '\0';
	}
	return r;
}

/*
 * Append a section; where.file is copied into jf->paths.  The pointer
 * returned is valid until the next section is added.  NULL: out of memory.
 */
struct jf_section *jobfile_add_section(struct jobfile *jf, const char *name,
				       bool global, struct origin where)
{
	struct jf_section *secs, *s;
	int rc;

	where.file = intern_path(jf, where.file, &rc);
	if (rc)
		return NULL;
	secs = realloc(jf->sections, (jf->n_sections + 1) * sizeof(*secs));
	if (!secs)
		return NULL;
	jf->sections = secs;
	s = &secs[jf->n_sections];
	memset(s, 0, sizeof(*s));
	s->name = strdup(name ? name : "");
	if (!s->name)
		return NULL;
	s->global = global;
	s->where = where;
	jf->n_sections++;
	return s;
}

/*
 * Append an entry to the last section (key trimmed and lower-cased, value
 * trimmed and copied).  -EINVAL for an empty key, -ENOMEM.
 */
int jobfile_add_entry(struct jobfile *jf, const char *key, const char *value,
		      struct origin where)
{
	struct jf_section *s;
	struct jf_entry *ents, *en;
	char *k, *v = NULL, *p;
	int rc;

	if (!key)
		return -EINVAL;
	k = dup_trimmed(key, key + strlen(key));
	if (!k)
		return -ENOMEM;
	if (!*k) {
		free(k);
		return -EINVAL;
	}
	for (p = k; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (value) {
		v = dup_trimmed(value, value + strlen(value));
		if (!v)
			goto nomem;
	}
	where.file = intern_path(jf, where.file, &rc);
	if (rc)
		goto nomem;
	if (!jf->n_sections && !jobfile_add_section(jf, "global", true, where))
		goto nomem;
	s = &jf->sections[jf->n_sections - 1];
	ents = realloc(s->entries, (s->n_entries + 1) * sizeof(*ents));
	if (!ents)
		goto nomem;
	s->entries = ents;
	en = &ents[s->n_entries++];
	en->key = k;
	en->value = v;
	en->where = where;
	return 0;
nomem:
	free(k);
	free(v);
	return -ENOMEM;
}

/* "file:line", "command line (argument N)" or "command line"; returns buf. */
const char *origin_str(const struct origin *o, char *buf, size_t len)
{
	if (!len)
		return buf;
	if (o->file)
		snprintf(buf, len, "%s:%u", o->file, o->line);
	else if (o->line)
		snprintf(buf, len, "command line (argument %u)", o->line);
	else
		snprintf(buf, len, "command line");
	return buf;
}

/* An error at the reader's current line; returns -EINVAL. */
static int line_error(struct jf_reader *r, const char *what)
{
	return perr_set(r->e, "%s:%u: %s", r->name, r->line, what);
}

/*
 * The stored form of a value.  Today a plain copy; ${VAR} expansion and
 * arithmetic will happen here.
 */
static char *expand_value(struct jf_reader *r, const char *s, const char *end)
{
	(void)r;
	return dup_trimmed(s, end);
}

/* "[name]" at [s, end) (already trimmed, comment removed). */
static int read_header(struct jf_reader *r, const char *s, const char *end)
{
	const char *close = memchr(s, ']', (size_t)(end - s));
	struct origin where = { r->name, r->line };
	char *name;
	bool global;

	if (!close)
		return perr_set(r->e, "%s:%u: '%.*s' has no closing ']'", r->name,
				r->line, (int)(end - s), s);
	if (close + 1 != end)
		return perr_set(r->e, "%s:%u: unexpected text after ']': '%.*s'",
				r->name, r->line, (int)(end - close - 1), close + 1);
	name = dup_trimmed(s + 1, close);
	if (!name)
		return -ENOMEM;
	if (!*name) {
		free(name);
		return line_error(r, "empty section name '[]'");
	}
	global = !strncmp(name, "global", 6);
	if (!jobfile_add_section(r->jf, name, global, where)) {
		free(name);
		return -ENOMEM;
	}
	free(name);
	r->in_section = true;
	return 0;
}

/* "key=value" or a bare "key" at [s, end) (trimmed, comment removed). */
static int read_entry(struct jf_reader *r, const char *s, const char *end)
{
	const char *eq = memchr(s, '=', (size_t)(end - s));
	struct origin where = { r->name, r->line };
	char *key, *value = NULL;
	int rc;

	if (!r->in_section)
		return perr_set(r->e, "%s:%u: option <%.*s> outside of [] job section",
				r->name, r->line, (int)(end - s), s);
	key = dup_trimmed(s, eq ? eq : end);
	if (!key)
		return -ENOMEM;
	if (!*key) {
		free(key);
		return perr_set(r->e, "%s:%u: '%.*s' has no option name",
				r->name, r->line, (int)(end - s), s);
	}
	if (eq) {
		value = expand_value(r, eq + 1, end);
		if (!value) {
			free(key);
			return -ENOMEM;
		}
	}
	rc = jobfile_add_entry(r->jf, key, value, where);
	free(key);
	free(value);
	return rc;
}

/*
 * One physical line, without its newline.  Include directives will be
 * recognised here.
 */
static int read_line(struct jf_reader *r, const char *s, const char *end)
{
	const char *p;

	/* as in fio, a comment character anywhere ends the text */
	for (p = s; p < end; p++)
		if (*p == ';' || *p == '#')
			break;
	end = p;
	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	if (s == end)
		return 0;
	if (*s == '[')
		return read_header(r, s, end);
	return read_entry(r, s, end);
}

/* Parse text of len bytes; name is already interned. */
static int parse_text(struct jobfile *jf, const char *name, const char *text,
		      size_t len, struct perr *e)
{
	struct jf_reader r = { jf, name, 0, false, e };
	const char *p = text, *end = text + len;
	int rc;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		r.line++;
		if (memchr(p, '\0', (size_t)(eol - p)))
			return line_error(&r, "NUL byte in job file");
		rc = read_line(&r, p, eol);
		if (rc) {
			if (rc == -ENOMEM)
				perr_set(e, "%s:%u: out of memory", name, r.line);
			return rc;
		}
		p = eol + (nl ? 1 : 0);
	}
	return 0;
}

/* Parse text in memory; name (copied) is the file name origins carry. */
int jobfile_parse_string(struct jobfile *jf, const char *name, const char *text,
			 struct perr *e)
{
	const char *n;
	int rc;

	n = intern_path(jf, name ? name : "<string>", &rc);
	if (rc)
		return perr_setrc(e, rc, "%s: out of memory", name);
	return parse_text(jf, n, text, strlen(text), e);
}

/* Read all of f into a new buffer (*buf, *len); 0 or -errno. */
static int slurp(FILE *f, char **buf, size_t *len)
{
	size_t cap = 8192, n = 0, got;
	char *b = malloc(cap), *nb;

	if (!b)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			nb = realloc(b, cap * 2);
			if (!nb) {
				free(b);
				return -ENOMEM;
			}
			b = nb;
			cap *= 2;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (got)
			continue;
		if (ferror(f)) {
			int err = errno ? errno : EIO;

			free(b);
			return -err;
		}
		break;
	}
	*buf = b;
	*len = n;
	return 0;
}

/* Parse the file at path, or stdin for "-" (origins say "<stdin>"). */
int jobfile_parse_file(struct jobfile *jf, const char *path, struct perr *e)
{
	bool is_stdin = !strcmp(path, "-");
	const char *name;
	FILE *f;
	char *buf;
	size_t len;
	int rc;

	name = intern_path(jf, is_stdin ? "<stdin>" : path, &rc);
	if (rc)
		return perr_setrc(e, rc, "%s: out of memory", path);
	f = is_stdin ? stdin : fopen(path, "r");
	if (!f) {
		rc = -errno;
		return perr_setrc(e, rc, "%s: cannot open job file: %s", path,
				  strerror(-rc));
	}
	rc = slurp(f, &buf, &len);
	if (!is_stdin)
		fclose(f);
	if (rc)
		return perr_setrc(e, rc, "%s: cannot read job file: %s", name,
				  strerror(-rc));
	rc = parse_text(jf, name, buf, len, e);
	free(buf);
	return rc;
}
