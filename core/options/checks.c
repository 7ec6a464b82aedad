/*
 * checks.c - what is decided about the built jobs before anything is
 * planned: whether plio can run them (combinations it cannot run, an
 * engine that cannot trim or do direct I/O), --readonly, and the
 * --debug=parse listing of what each job's options came to.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options/internal.h"
#include "options/options.h"
#include "options/value.h"
#include "plugin/loader.h"
#include "verify/header.h"

/* verify='s value (choices.c) as a header type; -1: none, pattern or null */
int options_verify_vtype(int64_t v)
{
	static const int map[] = {
		[1] = VT_MD5, [2] = VT_CRC64, [3] = VT_CRC32, [4] = VT_CRC32C,
		[5] = VT_CRC32C, [6] = VT_CRC16, [7] = VT_CRC7, [8] = VT_SHA1,
		[9] = VT_SHA256, [10] = VT_SHA512, [11] = VT_SHA3_224, [12] = VT_SHA3_256,
		[13] = VT_SHA3_384, [14] = VT_SHA3_512, [15] = VT_XXHASH, [16] = VT_META,
	};

	return v > 0 && v < (int64_t)(sizeof(map) / sizeof(map[0])) ? map[v] : -1;
}

int options_verify_kind(const struct job_spec *js, bool *pattern_only)
{
	*pattern_only = false;
	if (js->verify == VERIFY_CHOICE_PATTERN) {
		*pattern_only = true;
		return VT_PATTERN;
	}
	/* verify=null: fio's pretence (the read-back runs, nothing is
	 * written into the blocks or checked): meta's shape */
	if (js->verify == OPTIONS_VERIFY_NULL)
		return VT_META;
	/* verify_pattern alone: fio's pattern with a header (type 17) */
	if (!js->verify && js->vpattern_len)
		return VT_PATTERN;
	return options_verify_vtype(js->verify);
}


/* rate*, thinktime*: minimums under the caps (fio's rule), spin within
 * the think time. */
static int check_pacing(const struct job_spec *js, struct perr *e)
{
	static const char *const dname[3] = { "reads", "writes", "trims" };
	char where[256];
	int d;

	for (d = 0; d < 3; d++) {
		if (js->rate[d] && js->rate_min[d] > js->rate[d])
			return perr_set(e, "%s: rate_min: %llu bytes/s for %s is above rate (%llu bytes/s): the job could never meet it",
					options_where(js, CO_RATE_MIN, where, sizeof(where)),
					(unsigned long long)js->rate_min[d], dname[d],
					(unsigned long long)js->rate[d]);
		if (js->rate_iops[d] && js->rate_iops_min[d] > js->rate_iops[d])
			return perr_set(e, "%s: rate_iops_min: %llu I/Os a second for %s is above rate_iops (%llu): the job could never meet it",
					options_where(js, CO_RATE_IOPS_MIN, where, sizeof(where)),
					(unsigned long long)js->rate_iops_min[d], dname[d],
					(unsigned long long)js->rate_iops[d]);
		if ((js->rate_min[d] || js->rate_iops_min[d]) && !js->rate_cycle)
			return perr_set(e, "%s: rate_cycle: 0 leaves no time to measure rate_min or rate_iops_min over",
					options_where(js, CO_RATE_CYCLE, where, sizeof(where)));
	}
	if (js->thinktime_spin > js->thinktime)
		return perr_set(e, "%s: thinktime_spin: %llu us is longer than thinktime (%llu us)",
				options_where(js, CO_THINKTIME_SPIN, where, sizeof(where)),
				(unsigned long long)js->thinktime_spin,
				(unsigned long long)js->thinktime);
	return 0;
}

/* zonemode=strided and its sizes, with fio's rules; zbd is not plio's; a
 * replay is not verified. */
static int check_zones(const struct job_spec *js, struct perr *e)
{
	char where[256];
	uint64_t range = js->zonerange ? js->zonerange : js->zonesize;
	bool pattern;

	if (js->read_iolog && *js->read_iolog && options_verify_kind(js, &pattern) >= 0)
		return perr_setrc(e, -ENOTSUP, "%s: read_iolog: a replay cannot be verified (verify= checks what the job itself wrote)",
				  options_where(js, CO_READ_IOLOG, where, sizeof(where)));

	if (js->zonemode == 2)
		return perr_setrc(e, -ENOTSUP, "%s: zonemode: zbd (zoned block devices) is not supported by plio; none and strided are",
				  options_where(js, CO_ZONEMODE, where, sizeof(where)));
	if (!js->zonemode && js->zonesize)
		return perr_set(e, "%s: zonesize: needs zonemode=strided (with zonemode=none it means nothing; fio refuses it too)",
				options_where(js, CO_ZONESIZE, where, sizeof(where)));
	if (js->zonemode == 1 && !js->zonesize)
		return perr_set(e, "%s: zonemode: strided needs zonesize (the bytes moved in each zone)",
				options_where(js, CO_ZONEMODE, where, sizeof(where)));
	if (js->zonemode == 1 && range < js->max_bs)
		return perr_set(e, "%s: %s: a zone of %llu bytes cannot hold a %llu-byte block",
				options_where(js, js->zonerange ? CO_ZONERANGE : CO_ZONESIZE, where,
					      sizeof(where)),
				js->zonerange ? "zonerange" : "zonesize", (unsigned long long)range,
				(unsigned long long)js->max_bs);
	return 0;
}

/* mem=, iomem_align, hugepage-size: what the buffers can be given. */
static int check_buffers(const struct job_spec *js, struct perr *e)
{
	char where[256];
	uint64_t h = js->hugepage_size;

	if (h < 4096 || (h & (h - 1)))
		return perr_set(e, "%s: hugepage-size: %llu is not a power of two of at least 4096",
				options_where(js, CO_HUGEPAGE_SIZE, where, sizeof(where)),
				(unsigned long long)h);
	if (js->iomem_align > (1ull << 30))
		return perr_set(e, "%s: iomem_align: %llu is more than 1 GiB",
				options_where(js, CO_IOMEM_ALIGN, where, sizeof(where)),
				(unsigned long long)js->iomem_align);
	return 0;
}

/* Whether every write's size and offset is a multiple of the job's
 * smallest block size (bs_unaligned's are not). */
static bool writes_tile(const struct job_spec *js)
{
	const struct bs_dir *b = &js->bsd[1];
	uint64_t u = js->min_bs ? js->min_bs : 1;
	unsigned int i;

	if (b->unaligned || (b->align && b->align % u) || b->min % u || b->max % u)
		return false;
	for (i = 0; i < b->nsplit; i++)
		if (b->split[i].bs % u)
			return false;
	return true;
}

/*
 * What verify= runs so far: a header type (not pattern or null), in a job
 * that writes, reads, or both (trimwrite too), without overlapping
 * random writes, with blocks that hold a header in every interval.
 */
static int check_verify(const struct job_spec *js, struct perr *e)
{
	char where[256];
	bool only;
	int vt;
	uint64_t iv, hl;

	if (!js->verify && !js->vpattern_len)
		return 0;
	options_where(js, js->verify ? CO_VERIFY : CO_VERIFY_PATTERN, where, sizeof(where));
	vt = options_verify_kind(js, &only);
	if (vt < 0)
		return perr_set(e, "%s: verify: no verify kind %lld", where, (long long)js->verify);
	if (only && !js->vpattern_len)
		return perr_set(e, "%s: verify: verify=pattern needs verify_pattern= (the data to write and expect)",
				where);
	/* trimwrite: each trim is followed by the write of its block, which
	 * is read back; a job that only trims has nothing to check */
	if ((js->rw & RW_TRIM) && !(js->rw & RW_WRITE))
		return perr_set(e, "%s: verify: a job that only trims (rw=trim, randtrim) writes nothing to read back: verify needs one that writes or reads",
				where);
	/* random writes without a map may overlap: what each write left is
	 * followed in units of the smallest block size, which every write
	 * size and offset must be a multiple of */
	if ((js->rw & RW_WRITE) && (js->rw & RW_RAND) && (js->norandommap || js->ba_given) &&
	    !writes_tile(js))
		return perr_setrc(e, -ENOTSUP, "%s: verify: verify of random writes without a random map (norandommap, blockalign) needs write sizes and offsets that are multiples of the smallest block size (%llu; other layouts are not supported yet)",
				  where, (unsigned long long)js->min_bs);
	if (js->experimental_verify && !js->verify_only &&
	    (js->verify_backlog || (js->rw & RW_TRIM)))
		return perr_setrc(e, -ENOTSUP, "%s: experimental_verify: experimental_verify with %s is not supported yet",
				  options_where(js, CO_EXPERIMENTAL_VERIFY, where, sizeof(where)),
				  js->verify_backlog ? "verify_backlog" : "trimwrite");
	if (js->trim_percentage && (js->rw & RW_WRITE) && !js->verify_only) {
		options_where(js, CO_TRIM_PERCENTAGE, where, sizeof(where));
		if (js->experimental_verify)
			return perr_setrc(e, -ENOTSUP, "%s: trim_percentage: trims with experimental_verify are not supported yet",
					  where);
		if (js->engine && !(js->engine->e.caps & (PLIO_CAP_TRIM | PLIO_CAP_FAKEIO)))
			return perr_setrc(e, -ENOTSUP, "%s: trim_percentage: engine %s cannot trim",
					  where, js->engine->e.name);
	}
	if (js->verify_state_load && !js->verify_only)
		return perr_set(e, "%s: verify_state_load: it tells a verify_only job how far the writes got: set verify_only too",
				options_where(js, CO_VERIFY_STATE_LOAD, where, sizeof(where)));
	if (js->verify_only && js->time_based)
		return perr_set(e, "%s: verify_only: verify_only cannot replay a time_based job (as fio)",
				options_where(js, CO_VERIFY_ONLY, where, sizeof(where)));
	if (js->verify_backlog && (js->rw & RW_RAND) && (js->norandommap || js->ba_given))
		return perr_setrc(e, -ENOTSUP, "%s: verify_backlog: verify_backlog of random writes without a random map is not supported yet",
				  options_where(js, CO_VERIFY_BACKLOG, where, sizeof(where)));
	hl = only ? 0 : vtype_hdr_len((enum vtype)vt);
	iv = js->verify_interval ? js->verify_interval : js->min_bs;
	if (js->verify_offset && (only || js->verify_offset < hl || js->verify_offset + hl > iv))
		return perr_set(e, "%s: verify_offset: %llu cannot hold the %llu-byte header%s (it must be at least that far into the %s and leave it room: up to %llu)",
				options_where(js, CO_VERIFY_OFFSET, where, sizeof(where)),
				(unsigned long long)js->verify_offset, (unsigned long long)hl,
				only ? " (verify=pattern has none)" : "",
				js->verify_interval ? "interval" : "block",
				(unsigned long long)(iv > hl ? iv - hl : 0));
	if (iv < hl)
		return perr_set(e, "%s: %s: verify=%s needs %llu bytes of header, more than the %s (%llu bytes)",
				options_where(js, js->verify_interval ? CO_VERIFY_INTERVAL : CO_BS,
					      where, sizeof(where)),
				js->verify_interval ? "verify_interval" : "bs",
				vtype_name((enum vtype)vt), (unsigned long long)hl,
				js->verify_interval ? "interval" : "smallest block", (unsigned long long)iv);
	if (js->verify_interval && (js->min_bs % iv || js->max_bs % iv)) {
		char sizes[64];

		if (js->min_bs == js->max_bs)
			snprintf(sizes, sizeof(sizes), "size (%llu)", (unsigned long long)js->min_bs);
		else
			snprintf(sizes, sizeof(sizes), "sizes (%llu to %llu)",
				 (unsigned long long)js->min_bs, (unsigned long long)js->max_bs);
		return perr_set(e, "%s: verify_interval: %llu does not divide the block %s",
				options_where(js, CO_VERIFY_INTERVAL, where, sizeof(where)),
				(unsigned long long)iv, sizes);
	}
	return 0;
}

int options_check_runnable(const struct job_spec *js, struct perr *e)
{
	enum core_opt dio;
	char where[256];
	int rc;

	rc = check_verify(js, e);
	if (!rc)
		rc = check_buffers(js, e);
	if (!rc)
		rc = check_pacing(js, e);
	if (!rc)
		rc = check_zones(js, e);
	if (rc)
		return rc;
	/* cmdprio: the engine gives each I/O its priority (ABI 1.2) */
	if (js->cmdprio_on && js->engine && !(js->engine->e.caps & PLIO_CAP_IOPRIO)) {
		enum core_opt id = js->cmdprio_bssplit && *js->cmdprio_bssplit ?
				   CO_CMDPRIO_BSSPLIT : CO_CMDPRIO_PERCENTAGE;

		return perr_setrc(e, -ENOTSUP, "%s: %s: engine %s cannot give an I/O a priority of its own (libaio and io_uring can)",
				  options_where(js, id, where, sizeof(where)),
				  core_options[id].o.name, js->engine->e.name);
	}
	/* trims go to engines that say they trim; one that moves no data
	 * (null) completes them like everything else, as in fio */
	if ((js->rw & RW_TRIM) && js->engine &&
	    !(js->engine->e.caps & (PLIO_CAP_TRIM | PLIO_CAP_FAKEIO)))
		return perr_setrc(e, -ENOTSUP, "%s: rw: engine %s cannot trim",
				  options_where(js, CO_RW, where, sizeof(where)),
				  js->engine->e.name);
	if (js->direct && js->engine && (js->engine->e.caps & PLIO_CAP_NODIRECT)) {
		dio = options_is_set(js, CO_BUFFERED) ? CO_BUFFERED : CO_DIRECT;
		return perr_setrc(e, -ENOTSUP, "%s: %s: engine %s cannot do direct I/O",
				  options_where(js, dio, where, sizeof(where)),
				  core_options[dio].o.name, js->engine->e.name);
	}
	/* offload: a submitter thread makes every engine call; an engine
	 * that queues and reaps itself is refused (fio: "cannot reliably
	 * be used with async IO engines") */
	if (js->io_submit_mode && js->engine && !(js->engine->e.caps & PLIO_CAP_SYNC))
		return perr_setrc(e, -ENOTSUP, "%s: io_submit_mode: offload hands each I/O to a submitter thread, for engines that complete it there (psync, sync, mmap...); engine %s queues and reaps its own",
				  options_where(js, CO_IO_SUBMIT_MODE, where, sizeof(where)),
				  js->engine->e.name);
	return 0;
}

int options_check_readonly(const struct job_list *jobs, struct perr *e)
{
	char where[256], val[64];
	size_t i;

	for (i = 0; i < jobs->n; i++) {
		const struct job_spec *js = jobs->jobs[i];

		if (!(js->rw & (RW_WRITE | RW_TRIM)))
			continue;
		option_format_value(&core_options[CO_RW].o, js, val, sizeof(val));
		return perr_set(e, "%s: rw: job '%s' %s (rw=%s), and --readonly refuses writes and trims",
				options_where(js, CO_RW, where, sizeof(where)), js->name,
				js->rw & RW_WRITE ? "writes" : "trims", val);
	}
	return 0;
}

void options_job_facts(const struct job_spec *js, struct plio_job *job)
{
	int d;

	memset(job, 0, sizeof(*job));
	job->struct_size = sizeof(*job);
	job->rw = (js->rw & RW_READ ? PLIO_JOB_READ : 0) | (js->rw & RW_WRITE ? PLIO_JOB_WRITE : 0) |
		  (js->rw & RW_TRIM ? PLIO_JOB_TRIM : 0) | (js->rw & RW_RAND ? PLIO_JOB_RANDOM : 0);
	job->rwmixread = (uint32_t)js->rwmixread;
	job->iodepth = (uint32_t)js->iodepth;
	job->iodepth_batch = (uint32_t)js->iodepth_batch;
	job->iodepth_batch_complete_min = (uint32_t)js->iodepth_batch_complete_min;
	job->iodepth_batch_complete_max = (uint32_t)js->iodepth_batch_complete_max;
	job->direct = js->direct ? 1 : 0;
	job->sync = js->sync == 2 ? PLIO_SYNC_SYNC : js->sync == 4 ? PLIO_SYNC_DSYNC :
		    PLIO_SYNC_NONE;
	job->kb_base = (uint32_t)js->kb_base;
	job->time_based = js->time_based ? 1 : 0;
	job->runtime_us = js->runtime;
	for (d = 0; d < 3; d++) {
		job->min_bs[d] = js->bsd[d].min;
		job->max_bs[d] = js->bsd[d].max;
	}
	job->fsync_nr = (uint64_t)js->fsync;
	job->fdatasync_nr = (uint64_t)js->fdatasync;
	job->name = js->name;
}

/* One job's engine options that differ from the engine's defaults. */
static void dump_engine(const struct job_spec *js)
{
	const struct loaded_engine *le = js->engine;
	struct perr e = { "" };
	char a[512], b[512];
	void *edef;
	size_t k;

	if (!le || !js->engine_opts)
		return;
	edef = calloc(1, le->e.options_size ? le->e.options_size : 1);
	if (!edef || option_set_defaults(le->options, le->n_options, edef, &e)) {
		free(edef);
		return;
	}
	for (k = 0; k < le->n_options; k++) {
		const struct plio_option *o = &le->options[k];

		if (option_format_value(o, js->engine_opts, a, sizeof(a)) ||
		    option_format_value(o, edef, b, sizeof(b)) || strcmp(a, b))
			log_debug(DBG_PARSE, "job %s: %s: %s=%s", js->name, le->e.name,
				  o->name, a);
	}
	option_free_values(le->options, le->n_options, edef);
	free(edef);
}

void options_dump(const struct job_list *jobs)
{
	struct job_spec *def;
	struct perr e = { "" };
	char a[512], b[512];
	size_t i, k;

	if (!(log_debug_mask & DBG_PARSE))
		return;
	def = calloc(1, sizeof(*def));
	if (!def || options_core_defaults(def, &e)) {
		free(def);
		return;
	}
	for (i = 0; i < jobs->n; i++) {
		const struct job_spec *js = jobs->jobs[i];

		for (k = 0; k < CO_NR; k++) {
			const struct plio_option *o = &core_options[k].o;

			if (option_format_value(o, js, a, sizeof(a)) ||
			    option_format_value(o, def, b, sizeof(b)) || strcmp(a, b))
				log_debug(DBG_PARSE, "job %s: %s=%s", js->name, o->name, a);
		}
		if (js->rw_nr)
			log_debug(DBG_PARSE, "job %s: rw_nr=%lld", js->name,
				  (long long)js->rw_nr);
		dump_engine(js);
	}
	options_core_free(def);
	free(def);
}
