/*
 * jobfile.c - first stage of the data flow: text to sections.
 *
 * Reads fio's ini job-file language into the ordered section list of
 * struct jobfile, and gives the command line and profiles the same list to
 * append to.  A line is one of: blank, a comment (";" or "#" first), a
 * "[section]" header, "key=value" or a bare "key".  As in fio, a ";" or "#"
 * anywhere ends the line's text, so values cannot contain them.  Keys and
 * values are trimmed; keys keep their case (fio's names are lower case and
 * case-sensitive).  Every entry keeps its origin
 * (file and line); file names live in jf->paths so origins stay valid as
 * long as the jobfile does.
 *
 * On top of that, fio's extensions: "include FILE" lines (read_include),
 * ${VAR} and $keyword expansion in values (expand_value), and the implicit
 * stonewall between job files (mark_stonewall).  Arithmetic in values
 * "(1+2)*4k" is left to the number parsers (parse_expr in parse.c), which
 * know the unit; only fio's keyword math is computed here.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/jobfile.h"
#include "base/parse.h"

/* State while reading one job file; included files get their own. */
struct jf_reader {
	struct jobfile *jf;
	const char *name;	/* interned file name, for origins */
	unsigned int line;	/* current line, 1-based */
	bool in_section;	/* a [section] is open (inherited by includes) */
	struct perr *e;
	const struct jf_reader *parent;	/* the including file's, or NULL */
	unsigned int depth;	/* 0 for a top-level file, else include depth */
	bool have_id;		/* dev/ino identify a real file (cycle check) */
	dev_t dev;
	ino_t ino;
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
 * Append an entry to the last section (key and value trimmed and
 * copied).  -EINVAL for an empty key, -ENOMEM.
 */
int jobfile_add_entry(struct jobfile *jf, const char *key, const char *value,
		      struct origin where)
{
	struct jf_section *s;
	struct jf_entry *ents, *en;
	char *k, *v = NULL;
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

/* A growing string. */
struct sbuf {
	char *s;
	size_t len, cap;
};

/* Append n bytes of p; false when out of memory (sb->s is then freed). */
static bool sb_add(struct sbuf *sb, const char *p, size_t n)
{
	if (sb->len + n + 1 > sb->cap) {
		size_t cap = (sb->len + n + 1) * 2;
		char *ns = realloc(sb->s, cap);

		if (!ns) {
			free(sb->s);
			sb->s = NULL;
			return false;
		}
		sb->s = ns;
		sb->cap = cap;
	}
	memcpy(sb->s + sb->len, p, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
	return true;
}

/*
 * fio's environment expansion: each "${NAME}" becomes getenv(NAME), or
 * nothing when NAME is unset or empty; a "${" without "}" stays as it is.
 * Returns a new string, or NULL when out of memory.
 */
static char *expand_env(const char *v)
{
	struct sbuf sb = { 0 };
	const char *p = v, *open, *close;

	if (!sb_add(&sb, "", 0))
		return NULL;
	while ((open = strstr(p, "${")) && (close = strchr(open + 2, '}'))) {
		char *name = strndup(open + 2, (size_t)(close - open - 2));
		const char *val;

		if (!name) {
			free(sb.s);
			return NULL;
		}
		val = *name ? getenv(name) : NULL;
		free(name);
		if (!sb_add(&sb, p, (size_t)(open - p)) ||
		    (val && !sb_add(&sb, val, strlen(val))))
			return NULL;
		p = close + 1;
	}
	if (!sb_add(&sb, p, strlen(p)))
		return NULL;
	return sb.s;
}

/* The number each of fio's reserved keywords stands for. */
static long long keyword_value(int which)
{
	long long page = sysconf(_SC_PAGESIZE);

	switch (which) {
	case 0:
		return page;
	case 1:
		return (long long)((unsigned long long)sysconf(_SC_PHYS_PAGES) *
				   (unsigned long long)page / (1024 * 1024));
	default:
		return sysconf(_SC_NPROCESSORS_ONLN);
	}
}

/*
 * fio's reserved keywords: every "$pagesize", "$mb_memory" and "$ncpus"
 * (case-sensitive, anywhere, even inside a longer word) becomes its
 * number.  *replaced says whether any was found.  NULL: out of memory.
 */
static char *expand_keywords(char *v, bool *replaced)
{
	static const char *const words[] = { "$pagesize", "$mb_memory", "$ncpus" };
	size_t i;

	*replaced = false;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		struct sbuf sb = { 0 };
		const char *p = v, *hit;
		char num[32];

		if (!strstr(v, words[i]))
			continue;
		snprintf(num, sizeof(num), "%lld", keyword_value((int)i));
		if (!sb_add(&sb, "", 0))
			goto nomem;
		while ((hit = strstr(p, words[i]))) {
			if (!sb_add(&sb, p, (size_t)(hit - p)) ||
			    !sb_add(&sb, num, strlen(num)))
				goto nomem;
			p = hit + strlen(words[i]);
		}
		if (!sb_add(&sb, p, strlen(p)))
			goto nomem;
		free(v);
		v = sb.s;
		*replaced = true;
	}
	return v;
nomem:
	free(v);
	return NULL;
}

/*
 * The stored form of a value, into *out: trimmed, keywords expanded
 * (read_entry expanded ${VAR} in the whole line).  When a keyword was
 * replaced and the value holds + - * or / (and no quote), fio hands it to
 * bc; here parse_expr computes it as a whole-number expression.  0,
 * -ENOMEM, or -EINVAL with the message set.
 */
static int expand_value(struct jf_reader *r, const char *key, const char *orig,
			const char *s, const char *end, char **out)
{
	char *v = dup_trimmed(s, end), why[64];
	bool kw;
	int64_t n;
	int rc;

	if (!v)
		return -ENOMEM;
	v = expand_keywords(v, &kw);
	if (!v)
		return -ENOMEM;
	if (kw && strpbrk(v, "+-*/") && !strchr(v, '\'')) {
		rc = parse_expr(v, EXPR_INT, 0, &n, why, sizeof(why));
		if (rc) {
			if (strcmp(orig, v))
				rc = perr_setrc(r->e, rc, "%s:%u: %s: cannot compute '%s' (read as '%s'): %s",
						r->name, r->line, key, orig, v, why);
			else
				rc = perr_setrc(r->e, rc, "%s:%u: %s: cannot compute '%s': %s",
						r->name, r->line, key, v, why);
			free(v);
			return rc;
		}
		free(v);
		if (asprintf(&v, "%lld", (long long)n) < 0)
			return -ENOMEM;
	}
	*out = v;
	return 0;
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
	if (r->depth) {
		free(name);
		return line_error(r, "no new sections in included files");
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

/*
 * "key=value" or a bare "key" at [s, end) (trimmed, comment removed).  As
 * fio does, ${VAR} is expanded in the whole line before it is split at
 * the first '=', so a variable may hold part of the key too.
 */
/*
 * KEY's value orig became empty once ${VAR}s were expanded: say so, with
 * the first variable that is not set.
 */
static int empty_after_env(struct jf_reader *r, const char *key, const char *orig)
{
	const char *p = orig, *close;
	char name[128];

	while ((p = strstr(p, "${")) && (close = strchr(p + 2, '}'))) {
		size_t n = (size_t)(close - p - 2);

		if (n < sizeof(name)) {
			memcpy(name, p + 2, n);
			name[n] = '\0';
			if (!getenv(name))
				return perr_set(r->e, "%s:%u: %s: '%s' is empty once expanded (%s is not set)",
						r->name, r->line, key, orig, name);
		}
		p = close + 1;
	}
	return perr_set(r->e, "%s:%u: %s: '%s' is empty once expanded",
			r->name, r->line, key, orig);
}

static int read_entry(struct jf_reader *r, const char *s, const char *end)
{
	struct origin where = { r->name, r->line };
	char *line, *text, *key, *value = NULL, *orig = NULL;
	const char *eq;
	int rc;

	if (!r->in_section)
		return perr_set(r->e, "%s:%u: option <%.*s> outside of [] job section",
				r->name, r->line, (int)(end - s), s);
	line = strndup(s, (size_t)(end - s));
	text = line ? expand_env(line) : NULL;
	if (!text) {
		free(line);
		return -ENOMEM;
	}
	end = text + strlen(text);
	eq = strchr(text, '=');
	key = dup_trimmed(text, eq ? eq : end);
	if (!key) {
		free(text);
		return -ENOMEM;
	}
	if (!*key) {
		rc = perr_set(r->e, "%s:%u: '%s' has no option name", r->name,
			      r->line, text);
		goto out;
	}
	if (eq) {
		/* the value as written, for messages */
		const char *oeq = strchr(line, '=');

		orig = dup_trimmed(oeq ? oeq + 1 : line, line + strlen(line));
		if (!orig) {
			rc = -ENOMEM;
			goto out;
		}
		rc = expand_value(r, key, orig, eq + 1, end, &value);
		if (rc)
			goto out;
		if (!*value && *orig) {
			rc = empty_after_env(r, key, orig);
			goto out;
		}
	}
	rc = jobfile_add_entry(r->jf, key, value, where);
out:
	free(line);
	free(orig);
	free(text);
	free(key);
	free(value);
	return rc;
}

static int parse_text(struct jf_reader *r, const char *text, size_t len);

/* The file types a job file may not be, by name ("a directory"). */
static const char *not_a_jobfile(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "a FIFO";
}

/* A pipe plio was handed by name: `plio <(cmd)`, /dev/stdin. */
static bool handed_pipe(const char *path, mode_t mode)
{
	return S_ISFIFO(mode) && (!strncmp(path, "/dev/fd/", 8) ||
				  !strncmp(path, "/proc/self/fd/", 14) ||
				  !strcmp(path, "/dev/stdin"));
}

/*
 * Open a job file, or an included one, to read: a regular file, or a pipe
 * handed by name.  Anything else is refused before a read could wait for
 * a writer (a FIFO), for typing (a terminal) or never end (/dev/zero):
 * NULL with *what naming it.  NULL with *what NULL: errno says why.  The
 * open does not block.
 */
static FILE *open_jobfile(const char *path, struct stat *st, const char **what)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), err;
	FILE *f;

	*what = NULL;
	if (fd < 0)
		return NULL;
	if (fstat(fd, st)) {
		err = errno;
		close(fd);
		errno = err;
		return NULL;
	}
	if (!S_ISREG(st->st_mode) && !handed_pipe(path, st->st_mode)) {
		*what = not_a_jobfile(st->st_mode);
		close(fd);
		return NULL;
	}
	f = fcntl(fd, F_SETFL, 0) ? NULL : fdopen(fd, "r");
	if (!f) {
		err = errno;
		close(fd);
		errno = err;
	}
	return f;
}

static int slurp(FILE *f, size_t max, char **buf, size_t *len);

/*
 * The most bytes jf may read now: JOBFILE_MAX_SIZE from one file, and
 * JOBFILE_MAX_TOTAL from every file it read (an include read again
 * counts again).  *total says which bound it is.
 */
static size_t read_bound(const struct jobfile *jf, bool *total)
{
	size_t left = jf->bytes_read < JOBFILE_MAX_TOTAL ? JOBFILE_MAX_TOTAL - jf->bytes_read : 0;

	*total = left < JOBFILE_MAX_SIZE;
	return *total ? left : JOBFILE_MAX_SIZE;
}

/* Why slurp failed with rc: -EFBIG says which bound the file passed. */
static const char *slurp_why(int rc, bool total)
{
	if (rc != -EFBIG)
		return strerror(-rc);
	return total ? "the job files read add up to more than " JOBFILE_MAX_TOTAL_TEXT
		       " (an included file counts each time it is read)" :
		       "larger than " JOBFILE_MAX_SIZE_TEXT ", the most plio reads from one job file";
}

/*
 * Where "include name" in the file r is reading points: beside that file
 * when such a file exists, else name as written (fio 3.33 tries the
 * current directory first: see doc/fio-differences.md).  The path
 * reported when neither exists is the first.  NULL: out of memory.
 */
static char *include_path(const struct jf_reader *r, const char *name)
{
	const char *slash = strrchr(r->name, '/');
	char *p;

	if (name[0] == '/' || !slash || !r->have_id)
		return strdup(name);
	if (asprintf(&p, "%.*s/%s", (int)(slash - r->name), r->name, name) < 0)
		return NULL;
	if (access(p, F_OK) && !access(name, F_OK)) {
		free(p);
		return strdup(name);
	}
	return p;
}

/* "include FILE" (name at [s, end), trimmed): FILE's lines, read here. */
static int read_include(struct jf_reader *r, const char *s, const char *end)
{
	struct jf_reader child = { 0 };
	const struct jf_reader *up;
	char *name, *path = NULL, *buf = NULL;
	const char *what;
	struct stat st;
	size_t len, max;
	bool total;
	FILE *f = NULL;
	int rc;

	if (r->depth >= JOBFILE_MAX_INCLUDE_DEPTH)
		return perr_set(r->e, "%s:%u: includes nested more than %d deep",
				r->name, r->line, JOBFILE_MAX_INCLUDE_DEPTH);
	name = dup_trimmed(s, end);
	if (!name)
		return -ENOMEM;
	path = include_path(r, name);
	free(name);
	if (!path)
		return -ENOMEM;
	f = open_jobfile(path, &st, &what);
	if (!f && what) {
		rc = perr_set(r->e, "%s:%u: cannot read included file '%s': it is %s, not a regular file",
			      r->name, r->line, path, what);
		goto out;
	}
	if (!f) {
		rc = -errno;
		perr_setrc(r->e, rc, "%s:%u: cannot open included file '%s': %s",
			   r->name, r->line, path, strerror(-rc));
		goto out;
	}
	for (up = r; up; up = up->parent) {
		if (up->have_id && up->dev == st.st_dev && up->ino == st.st_ino) {
			rc = perr_set(r->e, "%s:%u: include cycle: '%s' is already being read",
				      r->name, r->line, path);
			goto out;
		}
	}
	max = read_bound(r->jf, &total);
	rc = slurp(f, max, &buf, &len);
	if (rc) {
		perr_setrc(r->e, rc, "%s:%u: cannot read included file '%s': %s",
			   r->name, r->line, path, slurp_why(rc, total));
		goto out;
	}
	r->jf->bytes_read += len;
	child.jf = r->jf;
	child.name = intern_path(r->jf, path, &rc);
	if (rc)
		goto out;
	child.in_section = true;
	child.e = r->e;
	child.parent = r;
	child.depth = r->depth + 1;
	child.have_id = true;
	child.dev = st.st_dev;
	child.ino = st.st_ino;
	rc = parse_text(&child, buf, len);
	if (rc == -ENOMEM)
		rc = -ECANCELED;	/* the message names the included file */
out:
	if (f)
		fclose(f);
	free(buf);
	free(path);
	return rc;
}

/* One physical line, without its newline. */
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
	/* "include" then blanks then a name; case-sensitive, as in fio */
	if (end - s >= 7 && !strncmp(s, "include", 7) &&
	    (end - s == 7 || isspace((unsigned char)s[7]))) {
		if (!r->in_section)
			return perr_set(r->e, "%s:%u: option <%.*s> outside of [] job section",
					r->name, r->line, (int)(end - s), s);
		if (end - s == 7)
			return line_error(r, "include needs a file name");
		return read_include(r, s + 8, end);
	}
	return read_entry(r, s, end);
}

/* Parse text of len bytes with reader r (name interned, line 0). */
static int parse_text(struct jf_reader *r, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	int rc;

	/* a UTF-8 byte order mark, as some editors start a file with, is
	 * not part of the first line (fio 3.33 reads it as an option) */
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		r->line++;
		if (memchr(p, '\0', (size_t)(eol - p)))
			return line_error(r, "NUL byte in job file");
		rc = read_line(r, p, eol);
		if (rc) {
			if (rc == -ENOMEM)
				perr_set(r->e, "%s:%u: out of memory", r->name, r->line);
			if (rc == -ECANCELED)
				rc = r->depth ? rc : -ENOMEM;
			return rc;
		}
		p = eol + (nl ? 1 : 0);
	}
	return 0;
}

/*
 * fio runs each job file after the first as its own group: flag the first
 * job section that the file added (sections from index first on).
 */
static void mark_stonewall(struct jobfile *jf, size_t first, bool later)
{
	size_t i;

	if (!later)
		return;
	if (first < jf->n_sections)
		jf->sections[first].file_start = true;
	for (i = first; i < jf->n_sections; i++) {
		if (!jf->sections[i].global) {
			jf->sections[i].stonewall_before = true;
			return;
		}
	}
}

/* Parse text in memory; name (copied) is the file name origins carry. */
int jobfile_parse_string(struct jobfile *jf, const char *name, const char *text,
			 struct perr *e)
{
	struct jf_reader r = { 0 };
	size_t first = jf->n_sections;
	bool later = jf->n_files++ > 0;
	int rc;

	r.name = intern_path(jf, name ? name : "<string>", &rc);
	if (rc)
		return perr_setrc(e, rc, "%s: out of memory", name);
	r.jf = jf;
	r.e = e;
	rc = parse_text(&r, text, strlen(text));
	mark_stonewall(jf, first, later);
	return rc;
}

/* Read all of f into a new buffer (*buf, *len): 0, -EFBIG when f holds
 * more than max bytes, or -errno. */
static int slurp(FILE *f, size_t max, char **buf, size_t *len)
{
	size_t cap = 8192, n = 0, got;
	char *b = malloc(cap), *nb;

	if (!b)
		return -ENOMEM;
	for (;;) {
		if (n > max) {
			free(b);
			return -EFBIG;
		}
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
	struct jf_reader r = { 0 };
	size_t first = jf->n_sections;
	bool later, total;
	const char *name, *what = NULL;
	struct stat st;
	FILE *f;
	char *buf;
	size_t len, max;
	int rc;

	name = intern_path(jf, is_stdin ? "<stdin>" : path, &rc);
	if (rc)
		return perr_setrc(e, rc, "%s: out of memory", path);
	/* stdin is taken as it is: a terminal, a pipe, a file */
	f = is_stdin ? stdin : open_jobfile(path, &st, &what);
	if (!f && what)
		return perr_set(e, "%s: cannot read job file: it is %s, not a regular file (- reads standard input)",
				path, what);
	if (!f) {
		rc = -errno;
		return perr_setrc(e, rc, "%s: cannot open job file: %s", path,
				  strerror(-rc));
	}
	/* identify the file so that it cannot include itself */
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode)) {
		r.have_id = true;
		r.dev = st.st_dev;
		r.ino = st.st_ino;
	}
	max = read_bound(jf, &total);
	rc = slurp(f, max, &buf, &len);
	if (!is_stdin)
		fclose(f);
	if (rc)
		return perr_setrc(e, rc, "%s: cannot read job file: %s", name,
				  slurp_why(rc, total));
	jf->bytes_read += len;
	later = jf->n_files++ > 0;
	r.jf = jf;
	r.name = name;
	r.e = e;
	rc = parse_text(&r, buf, len);
	free(buf);
	mark_stonewall(jf, first, later);
	return rc;
}
