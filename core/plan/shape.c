/*
 * shape.c - what every clone of a job does, from its spec (see plan.h).
 *
 * The one place where a job's options become the worker's settings:
 * fio's rules that tie options together are applied here, once (a ba=
 * turns the random map off, gtod_reduce turns every latency off, a bwavgtime
 * not given follows log_avg_msec, depths are clamped to iodepth ...), so
 * the worker, the statistics it keeps and its process settings read plain
 * values and no option.
 */
#include <string.h>

#include "options/options.h"
#include "plan/internal.h"
#include "plugin/loader.h"
#include "verify/header.h"

static unsigned int clamp_depth(int64_t v, unsigned int depth)
{
	return !v || v > (int64_t)depth ? depth : (unsigned int)v;
}

static void shape_queue(struct plan_shape *s, const struct job_spec *js)
{
	s->iodepth = (unsigned int)js->iodepth;
	s->batch = js->iodepth_batch > js->iodepth ? s->iodepth :
		   (unsigned int)js->iodepth_batch;
	s->complete_min = (unsigned int)js->iodepth_batch_complete_min;
	s->complete_max = clamp_depth(js->iodepth_batch_complete_max, s->iodepth);
	s->low = clamp_depth(js->iodepth_low, s->iodepth);
	s->serialize_overlap = js->serialize_overlap;
}

/* A direction's random_distribution is not uniform: the same block may
 * come again in a loop (there is no random map, as in fio). */
static bool skewed(const struct job_spec *js)
{
	int d;

	for (d = 0; d < 3; d++)
		if ((js->rw & RW_RAND) && js->rdist[d].kind != DIST_RANDOM)
			return true;
	return false;
}

static void shape_io(struct plan_shape *s, const struct job_spec *js)
{
	int d;

	s->rw = (unsigned int)js->rw;
	s->random = js->rw & RW_RAND;
	s->mixed = (js->rw & (RW_READ | RW_WRITE)) == (RW_READ | RW_WRITE);
	s->trimwrite = (js->rw & (RW_TRIM | RW_WRITE)) == (RW_TRIM | RW_WRITE);
	s->rwmixread = (unsigned int)js->rwmixread;
	s->rw_nr = js->rw_nr;
	s->rw_identical = js->rw_sequencer == 1;
	for (d = 0; d < 3; d++)
		s->pct_random[d] = (unsigned int)js->pct_random[d];
	memcpy(s->dist, js->rdist, sizeof(s->dist));
	memcpy(&s->fdist, &js->fdist, sizeof(s->fdist));
	s->skewed = skewed(js);
	s->replay_no_stall = js->replay_no_stall;
	s->replay_time_scale = (unsigned int)js->replay_time_scale;
	if (js->zonemode == 1) {
		s->zone.size = js->zonesize;
		s->zone.range = js->zonerange ? js->zonerange : js->zonesize;
		s->zone.stride = s->zone.range + js->zoneskip;
	}
	s->lfsr = s->random && !s->skewed && js->random_generator == 1;
	/* as fio: any ba= turns the random map off (options warned), and
	 * so do a distribution other than uniform and lfsr */
	s->use_map = s->random && !js->norandommap && !js->ba_given && !s->skewed && !s->lfsr;
	s->soft_map = js->softrandommap;
	memcpy(s->bs, js->bsd, sizeof(s->bs));
	s->min_bs = js->min_bs;
	s->max_bs = js->max_bs;
}

static void shape_verify(struct plan_verify *v, const struct job_spec *js)
{
	v->type = options_verify_kind(js, &v->pattern_only);
	if (v->type < 0)
		return;
	v->interval = js->verify_interval;
	v->hdr_at = js->verify_offset;
	v->pretend = js->verify == OPTIONS_VERIFY_NULL;
	v->experimental = js->experimental_verify && !js->verify_only;
	v->trim_pct = (unsigned int)js->trim_percentage;
	v->trim_zero = js->trim_verify_zero;
	v->trim_backlog = js->trim_backlog;
	v->trim_batch = (uint64_t)js->trim_backlog_batch;
	v->fatal = js->verify_fatal;
	v->dump = js->verify_dump;
	v->pattern_len = js->vpattern_len;
	memcpy(v->pattern, js->vpattern, js->vpattern_len);
	v->fmt = js->vpattern_fmt;
	v->async = (unsigned int)js->verify_async;
	v->async_pinned = js->vasync_pinned;
	memcpy(v->async_cpus, js->vasync_cpus, sizeof(v->async_cpus));
	/* as fio: the writes are read back unless do_verify=0 (or the job
	 * is time_based: no verify pass); verify_only replays them as
	 * reads; a job that only reads checks what it reads against the
	 * headers */
	v->only = js->verify_only && (js->rw & RW_WRITE);
	v->after_write = (js->rw & RW_WRITE) && (js->do_verify || v->only) &&
			 !(js->time_based && js->runtime);
	v->check_reads = !(js->rw & (RW_WRITE | RW_TRIM));
	v->backlog = js->verify_backlog;
	v->batch = js->verify_backlog_batch ? (uint64_t)js->verify_backlog_batch : v->backlog;
	/* what completed is saved by the jobs that write (as fio) */
	v->state_save = js->verify_state_save && (js->rw & RW_WRITE) && !v->only;
	v->state_load = js->verify_state_load;
	v->overlap = (js->rw & RW_WRITE) && (js->rw & RW_RAND) &&
		     (js->norandommap || js->ba_given || skewed(js));
}

static void shape_files(struct plan_shape *s, const struct job_spec *js)
{
	s->fsync_nr = (uint64_t)js->fsync;
	s->fdatasync_nr = (uint64_t)js->fdatasync;
	s->sfr_nr = js->sfr_nr > 0 ? (uint64_t)js->sfr_nr : 0;
	s->sfr_flags = js->sfr_flags;
	s->end_fsync = js->end_fsync;
	s->fsync_on_close = js->fsync_on_close;
	s->direct = js->direct;
	s->invalidate = js->invalidate;
	s->pre_read = js->pre_read;
	s->unlink = js->unlink;
	s->unlink_each_loop = js->unlink_each_loop;
	s->fill_device = js->fill_device;
	s->fallocate = js->fallocate;
	s->allow_file_create = js->allow_file_create;
}

/*
 * What fio measures, from its options:
 * - gtod_reduce turns on disable_lat, disable_clat, disable_slat and
 *   disable_bw_measurement (and every *_percentiles off);
 * - a bwavgtime or iopsavgtime not given follows log_avg_msec when the
 *   job writes that log (stats.c has the rest of the rule);
 * - --latency-log makes every job write its latency logs.
 */
static void shape_measure(struct plan_measure *m, const struct job_spec *js,
			  const struct plan_opts *opts)
{
	m->stats = js->stats;
	m->gtod_reduce = js->gtod_reduce;
	m->lat = !js->gtod_reduce && !js->disable_lat;
	m->clat = !js->gtod_reduce && !js->disable_clat;
	m->slat = !js->gtod_reduce && !js->disable_slat;
	m->bw_off = js->gtod_reduce || js->disable_bw_measurement;
	m->log_avg_ms = js->log_avg_msec > 0 ? (uint64_t)js->log_avg_msec : 0;
	m->bw_avg_ms = js->bwavgtime > 0 ? (uint64_t)js->bwavgtime : 0;
	m->iops_avg_ms = js->iopsavgtime > 0 ? (uint64_t)js->iopsavgtime : 0;
	m->bw_avg_given = options_is_set(js, CO_BWAVGTIME);
	m->iops_avg_given = options_is_set(js, CO_IOPSAVGTIME);
	m->lat_log = js->write_lat_log;
	if (!m->lat_log && opts && opts->latency_log)
		m->lat_log = "";
	m->hist_log = js->write_hist_log;
	m->bw_log = js->write_bw_log;
	m->iops_log = js->write_iops_log;
	m->per_job_logs = js->per_job_logs;
	m->log_offset = js->log_offset;
	m->log_prio = js->log_prio;
	m->log_issue_time = js->log_issue_time;
	m->log_window = (unsigned int)js->log_max_value;
	m->hist_ms = js->log_hist_msec > 0 ? (uint64_t)js->log_hist_msec : 0;
	m->hist_coarseness = (unsigned int)js->log_hist_coarseness;
	/* fio: no class (or class 0, "none") means best effort (2) */
	if (options_is_set(js, CO_PRIO) || options_is_set(js, CO_PRIOCLASS))
		m->ioprio = (unsigned int)((js->prioclass ? js->prioclass : 2) << 13 |
					   js->prio);
}

/* The slot of priority v in direction d's table, added when new. */
static uint8_t prio_slot(struct plan_cmdprio *c, int d, uint16_t v)
{
	unsigned int k;

	for (k = 0; k < c->nslots[d] && c->value[d][k] != v; k++)
		;
	if (k == c->nslots[d])
		c->value[d][c->nslots[d]++] = v;
	return (uint8_t)k;
}

/* cmdprio's rules (decoded, at most CMDPRIO_VALUES_MAX priorities per
 * direction beside the job's own) as slots of the statistics. */
static void shape_cmdprio(struct plan_cmdprio *c, const struct job_spec *js, uint16_t own)
{
	unsigned int i;
	int d;

	_Static_assert(CMDPRIO_VALUES_MAX + 1 <= PLAN_PRIO_MAX, "a slot per priority");
	c->on = js->cmdprio_on;
	c->lat = js->lat_percentiles;
	for (d = 0; c->on && d < 2; d++) {
		const struct cmdprio_dir *r = &js->cmdprio_rule[d];

		c->nslots[d] = 1;
		c->value[d][0] = own;
		c->rule[d].pct = r->pct;
		if (r->pct)
			c->rule[d].slot = prio_slot(c, d, r->ioprio);
		c->rule[d].nsplit = r->nsplit;
		for (i = 0; i < r->nsplit; i++) {
			c->rule[d].split[i].bs = r->split[i].bs;
			c->rule[d].split[i].pct = r->split[i].pct;
			c->rule[d].split[i].slot = prio_slot(c, d, r->split[i].ioprio);
		}
	}
}

static void shape_process(struct plan_process *p, const struct job_spec *js)
{
	p->ioprio = options_is_set(js, CO_PRIO) || options_is_set(js, CO_PRIOCLASS);
	p->prioclass = js->prioclass;
	p->prio = js->prio;
	p->nice = js->nice;
	p->set_gid = options_is_set(js, CO_GID);
	p->set_uid = options_is_set(js, CO_UID);
	p->gid = js->gid;
	p->uid = js->uid;
	p->place = js->place;
	p->prerun = js->exec_prerun && *js->exec_prerun ? js->exec_prerun : NULL;
	p->postrun = js->exec_postrun && *js->exec_postrun ? js->exec_postrun : NULL;
}

/*
 * The buffers' contents, by fio's rules: buffer_compress_percentage=100 is
 * zero_buffers; compression and dedupe make every write's buffer afresh
 * unless refill_buffers was given; scramble_buffers touches only buffers
 * of random data that are made once, and never a verify job's (verify
 * writes its own data).
 */
static void shape_buffers(struct plan_buffers *b, const struct job_spec *js)
{
	bool verify = options_verify_kind(js, &(bool){ false }) >= 0;

	b->mem = js->mem_type;
	b->mem_file = js->mem_file;
	b->align = js->iomem_align;
	b->huge = js->hugepage_size;
	b->pattern_len = js->pattern_len;
	memcpy(b->pattern, js->pattern, js->pattern_len);
	b->zero = js->zero_buffers || js->buffer_compress_percentage == 100;
	b->compress_pct = js->buffer_compress_percentage == 100 ? 0 :
			  (unsigned int)js->buffer_compress_percentage;
	b->compress_chunk = js->buffer_compress_chunk;
	b->dedupe_pct = (unsigned int)js->dedupe_percentage;
	b->dedupe_mode = (int)js->dedupe_mode;
	b->ws_pct = (unsigned int)js->dedupe_ws_pct;
	b->dedupe_global = js->dedupe_global;
	if (options_is_set(js, CO_REFILL_BUFFERS))
		b->refill = js->refill_buffers;
	else
		b->refill = b->compress_pct || b->dedupe_pct;
	b->scramble = js->scramble_buffers && !b->refill && !b->compress_pct &&
		      !b->zero && !b->pattern_len && !verify;
}

static void shape_pace(struct plan_pace *p, const struct job_spec *js)
{
	static const unsigned int does[3] = { RW_READ, RW_WRITE, RW_TRIM };
	int d;

	for (d = 0; d < 3; d++) {
		/* rate_iops with a range of sizes: at the smallest (fio's) */
		p->bps[d] = js->rate[d] ? js->rate[d] : js->rate_iops[d] * js->bsd[d].min;
		/* minimums of the directions the job does (one value is
		 * every direction's) */
		p->min_bps[d] = (js->rw & does[d]) ? js->rate_min[d] : 0;
		p->min_iops[d] = (js->rw & does[d]) ? js->rate_iops_min[d] : 0;
		p->max_lat_ns[d] = js->max_lat_us[d] * 1000;
		p->on |= p->bps[d] || p->min_bps[d] || p->min_iops[d] || p->max_lat_ns[d];
	}
	p->cycle_ns = (uint64_t)js->rate_cycle * 1000000;
	p->poisson = js->rate_process == 1;
	p->ignore_think = js->rate_ignore_thinktime;
	p->think_ns = js->thinktime * 1000;
	p->spin_ns = js->thinktime_spin * 1000;
	p->think_blocks = js->thinktime_blocks > 0 ? (uint64_t)js->thinktime_blocks : 1;
	/* thinktime_iotime alone: by time only (fio's example: 9 s of I/O,
	 * 1 s of think) */
	if (js->thinktime_iotime && !options_is_set(js, CO_THINKTIME_BLOCKS))
		p->think_blocks = UINT64_MAX;
	p->think_issue = js->thinktime_blocks_type == 1;
	p->iotime_ns = js->thinktime_iotime * 1000;
	p->lt_ns = js->latency_target * 1000;
	p->lt_window_ns = js->latency_window * 1000;
	p->lt_pct = js->latency_pct;
	p->on |= p->lt_ns != 0;
	p->flow = (uint64_t)js->flow;
	p->flow_sleep_ns = (uint64_t)js->flow_sleep * 1000;
	p->on |= p->think_ns != 0 || p->flow;
}

void plan_shape(struct plan_shape *s, const struct job_spec *js,
		const struct plan_opts *opts)
{
	memset(s, 0, sizeof(*s));
	s->name = js->name;
	options_job_facts(js, &s->job);
	s->engine_opts = js->engine_opts;
	shape_io(s, js);
	shape_queue(s, js);
	shape_files(s, js);
	s->runtime_us = js->runtime;
	s->ramp_us = js->ramp_time;
	/* an engine whose I/O is time runs until its runtime (fio's NOIO) */
	s->timed = (js->time_based && js->runtime) ||
		   (js->engine && (js->engine->e.caps & PLIO_CAP_NOIO));
	s->timed_ios = s->timed && !js->time_based;
	s->loops = (uint64_t)js->loops;
	shape_buffers(&s->buf, js);
	shape_pace(&s->pace, js);
	s->offload = js->io_submit_mode == 1;
	shape_verify(&s->verify, js);
	/* two writes of one block in flight at once may end in either
	 * order: which is the last is then unknown, so they are kept apart */
	if (s->verify.overlap && !s->verify.only && s->iodepth > 1)
		s->serialize_overlap = true;
	s->coe_mask = js->coe_mask;
	memcpy(s->ignore, js->ignore, sizeof(s->ignore));
	s->error_dump = js->error_dump;
	shape_measure(&s->measure, js, opts);
	shape_process(&s->process, js);
	shape_cmdprio(&s->cmdprio, js, (uint16_t)s->measure.ioprio);
	s->thread = js->thread;
	s->exitall = js->exitall;
	s->exitall_on_error = js->exitall_on_error;
	s->exit_what = (unsigned int)js->exit_what;
}
