/*
 * test_plan.c - unit tests for core/plan/: job specs to what will run.
 *
 * Each test plans a job file given as a string (fixture.c: engines
 * faked, "mem" touches no file) and checks what the plan decided: clones
 * and the shape they share, groups, phases and waits, seeds, each
 * clone's files and regions, and the rules that turn options into the
 * worker's settings.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "plan/plan.h"
#include "run/wstate.h"

#define K 1024ull
#define M (1024ull * 1024)

START_TEST(clones_share_one_shape)
{
	fx_plan_ok("[a]\nioengine=mem\nnumjobs=3\nsize=1m\n[b]\nioengine=mem\nsize=2m\n");
	ck_assert_uint_eq(fx_plan.n_jobs, 4);
	ck_assert_uint_eq(fx_plan.n_shapes, 2);
	for (unsigned int i = 0; i < 3; i++) {
		ck_assert_ptr_eq(fx_job(i)->shape, &fx_plan.shapes[0]);
		ck_assert_uint_eq(fx_job(i)->clone, i);
		ck_assert_uint_eq(fx_job(i)->spec_index, 0);
		ck_assert_uint_eq(fx_job(i)->index, i);
	}
	ck_assert_ptr_eq(fx_job(3)->shape, &fx_plan.shapes[1]);
	ck_assert_uint_eq(fx_job(3)->spec_index, 1);
	ck_assert_str_eq(fx_plan.shapes[1].name, "b");
	ck_assert_uint_eq(fx_job(3)->files[0].size, 2 * M);
}
END_TEST

/* fio's numbering: stonewall starts a group and a phase, new_group a
 * group; clones share their job's; a later job file is stonewalled. */
START_TEST(groups_and_phases)
{
	fx_plan_ok("[global]\nioengine=mem\nsize=1m\n[a]\nnumjobs=2\n[b]\nstonewall\n"
		   "[c]\nnew_group\n[d]\n");
	ck_assert_uint_eq(fx_plan.n_jobs, 5);
	ck_assert_uint_eq(fx_job(0)->group, 0);
	ck_assert_uint_eq(fx_job(1)->group, 0);
	ck_assert_uint_eq(fx_job(1)->phase, 0);
	ck_assert_uint_eq(fx_job(2)->group, 1);
	ck_assert_uint_eq(fx_job(2)->phase, 1);
	ck_assert_uint_eq(fx_job(3)->group, 2);
	ck_assert_uint_eq(fx_job(3)->phase, 1);
	ck_assert_uint_eq(fx_job(4)->group, 2);
	ck_assert_uint_eq(fx_job(4)->phase, 1);
	ck_assert_uint_eq(fx_plan.n_groups, 3);
	ck_assert_uint_eq(fx_plan.n_phases, 2);
}
END_TEST

/* wait_for waits for every earlier job of that name (each clone, and a
 * second section of the same name); never for a job's own name. */
START_TEST(wait_for_names_every_job_of_the_name)
{
	fx_plan_ok("[global]\nioengine=mem\nsize=1m\n[a]\nnumjobs=2\n[x]\n[a]\n"
		   "[b]\nwait_for=a\n[x]\nwait_for=x\n");
	ck_assert_uint_eq(fx_plan.n_jobs, 6);
	ck_assert_int_eq(fx_job(0)->waits_for, -1);
	ck_assert_uint_eq(fx_job(0)->name_id, 0);
	ck_assert_uint_eq(fx_job(1)->name_id, 0);
	ck_assert_uint_eq(fx_job(2)->name_id, 1);
	ck_assert_uint_eq(fx_job(3)->name_id, 0);	/* the second [a] */
	ck_assert_int_eq(fx_job(4)->waits_for, 0);	/* every a */
	ck_assert_int_eq(fx_job(5)->waits_for, -1);	/* its own name */
	ck_assert_uint_eq(fx_job(5)->name_id, 1);
}
END_TEST

START_TEST(seeds_repeat_or_not)
{
	uint64_t s0[PLAN_RAND_NR];
	size_t i, j;

	fx_plan_ok("[a]\nioengine=mem\nsize=1m\nnumjobs=2\nrandseed=100\n[b]\nioengine=mem\n"
		   "size=1m\nrandrepeat=0\n");
	ck_assert(fx_job(0)->seed_repeats);
	ck_assert_uint_eq(fx_job(0)->seed, 100);
	ck_assert_uint_eq(fx_job(1)->seed, 101);
	ck_assert_uint_eq(fx_job(0)->seeds[PLAN_RAND_OFFSET], 100);
	/* each generator its own sequence */
	for (i = 0; i < PLAN_RAND_NR; i++)
		for (j = i + 1; j < PLAN_RAND_NR; j++)
			ck_assert_uint_ne(fx_job(0)->seeds[i], fx_job(0)->seeds[j]);
	ck_assert(!fx_job(2)->seed_repeats);
	memcpy(s0, fx_job(0)->seeds, sizeof(s0));
	fx_teardown();
	fx_setup();
	fx_plan_ok("[a]\nioengine=mem\nsize=1m\nnumjobs=2\nrandseed=100\n");
	ck_assert_mem_eq(fx_job(0)->seeds, s0, sizeof(s0));
	fx_teardown();
	fx_setup();
	/* fio's default seed repeats: randseed's default, 0x89 */
	fx_plan_ok("[a]\nioengine=mem\nsize=1m\n");
	ck_assert_uint_eq(fx_job(0)->seed, 0x89);
}
END_TEST

/* Regions as fio sets them: size split over the files, offset plus one
 * offset_increment per clone. */
START_TEST(regions_of_clones)
{
	const struct plan_job *pj;

	fx_plan_ok("[a]\nioengine=mem\nfilename=f1:f2\nsize=8m\noffset=1m\n"
		   "offset_increment=2m\nnumjobs=2\n");
	pj = fx_job(0);
	ck_assert_uint_eq(pj->n_files, 2);
	ck_assert_str_eq(pj->files[0].path, "f1");
	ck_assert_str_eq(pj->files[1].path, "f2");
	ck_assert_uint_eq(pj->files[0].offset, 1 * M);
	ck_assert_uint_eq(pj->files[0].size, 4 * M);
	ck_assert_uint_eq(pj->files[1].file_size, 5 * M);
	ck_assert_uint_eq(pj->io_size, 8 * M);
	ck_assert(!pj->io_wrap);
	ck_assert_uint_eq(fx_job(1)->files[0].offset, 3 * M);
	ck_assert(!pj->files[0].layout);	/* a diskless engine's */
}
END_TEST

/* N% of filesize=, offsets aligned to the block size, io_size=N%. */
START_TEST(percentages_of_the_file)
{
	const struct plan_job *pj;

	fx_plan_ok("[a]\nioengine=mem\nfilename=f\nfilesize=8m\nsize=50%\noffset=10%\n"
		   "bs=64k\nio_size=50%\n");
	pj = fx_job(0);
	/* 10% of 8 MiB, rounded up to 64 KiB */
	ck_assert_uint_eq(pj->files[0].offset, 832 * K);
	ck_assert_uint_eq(pj->files[0].size, 4 * M);
	ck_assert_uint_eq(pj->io_size, 2 * M);	/* 50% of the regions */
	ck_assert(pj->io_wrap);
}
END_TEST

/* filesize=LOW-HIGH and startdelay=LOW-HIGH: each clone's from the range,
 * in whole blocks, the same every time the seeds repeat. */
START_TEST(ranges_per_clone)
{
	uint64_t size[4], delay[4];
	unsigned int i, k;

	fx_plan_ok("[a]\nioengine=mem\nnrfiles=4\nfilesize=1m-3m\nbs=16k\n"
		   "startdelay=1-3\nnumjobs=4\n");
	for (i = 0; i < 4; i++) {
		for (k = 0; k < 4; k++) {
			uint64_t s = fx_job(i)->files[k].size;

			ck_assert(s >= 1 * M && s <= 3 * M && s % (16 * K) == 0);
		}
		size[i] = fx_job(i)->files[0].size;
		delay[i] = fx_job(i)->startdelay_us;
		ck_assert(delay[i] >= 1000000 && delay[i] <= 3000000);
	}
	ck_assert(size[0] != size[1] || size[1] != size[2] || size[2] != size[3]);
	fx_teardown();
	fx_setup();
	fx_plan_ok("[a]\nioengine=mem\nnrfiles=4\nfilesize=1m-3m\nbs=16k\n"
		   "startdelay=1-3\nnumjobs=4\n");
	for (i = 0; i < 4; i++) {
		ck_assert_uint_eq(fx_job(i)->files[0].size, size[i]);
		ck_assert_uint_eq(fx_job(i)->startdelay_us, delay[i]);
	}
}
END_TEST

/* directory=a:b shares the folders out among the clones. */
START_TEST(directories_per_clone)
{
	fx_plan_ok("[a]\nioengine=mem\nsize=1m\ndirectory=/d1:/d2\nnumjobs=3\n");
	ck_assert_str_eq(fx_job(0)->files[0].path, "/d1/a.0.0");
	ck_assert_str_eq(fx_job(1)->files[0].path, "/d2/a.1.0");
	ck_assert_str_eq(fx_job(2)->files[0].path, "/d1/a.2.0");
}
END_TEST

START_TEST(shape_of_io)
{
	const struct plan_shape *s;

	fx_plan_ok("[a]\nioengine=mem\nsize=1m\nrw=randread\n"
		   "[b]\nioengine=mem\nsize=1m\nrw=randread\nba=8k\n"
		   "[c]\nioengine=mem\nsize=1m\nrw=randread\nnorandommap\n"
		   "[d]\nioengine=mem\nsize=1m\nrw=randrw:4\nrwmixread=70\nrw_sequencer=identical\n"
		   "[e]\nioengine=mem\nsize=1m\nrw=trimwrite\nbsrange=4k-16k\n"
		   "[f]\nioengine=mem\nsize=1m\nrw=write\nbssplit=4k/60:8k/30,16k\n");
	s = fx_job(0)->shape;
	ck_assert(s->random && s->use_map && !s->mixed);
	/* fio: any ba= turns the random map off */
	ck_assert(!fx_job(1)->shape->use_map);
	ck_assert_uint_eq(fx_job(1)->shape->bs[0].align, 8 * K);
	ck_assert(!fx_job(2)->shape->use_map);
	s = fx_job(3)->shape;
	ck_assert(s->mixed && s->random && s->rw_identical);
	ck_assert_uint_eq(s->rwmixread, 70);
	ck_assert_int_eq(s->rw_nr, 4);
	s = fx_job(4)->shape;
	ck_assert(s->trimwrite && !s->random);
	ck_assert_uint_eq(s->bs[2].min, 4 * K);
	ck_assert_uint_eq(s->bs[2].max, 16 * K);
	ck_assert_uint_eq(s->min_bs, 4 * K);
	ck_assert_uint_eq(s->max_bs, 16 * K);
	s = fx_job(5)->shape;
	ck_assert_uint_eq(s->bs[1].nsplit, 1);
	ck_assert_uint_eq(s->bs[0].nsplit, 2);
	/* ordered by share, the largest takes what is left: 8k 30, 4k 70 */
	ck_assert_uint_eq(s->bs[0].split[0].bs, 8 * K);
	ck_assert_uint_eq(s->bs[0].split[0].cum, 30);
	ck_assert_uint_eq(s->min_bs, 16 * K);	/* writes only */
}
END_TEST

/* Depths clamped to iodepth, defaults resolved. */
START_TEST(shape_of_the_queue)
{
	const struct plan_shape *s;

	fx_plan_ok("[a]\nioengine=mem\nsize=1m\niodepth=8\niodepth_batch=20\n"
		   "[b]\nioengine=mem\nsize=1m\niodepth=8\niodepth_batch=2\n"
		   "iodepth_batch_complete_min=3\niodepth_batch_complete_max=4\niodepth_low=2\n");
	s = fx_job(0)->shape;
	ck_assert_uint_eq(s->iodepth, 8);
	ck_assert_uint_eq(s->batch, 8);
	ck_assert_uint_eq(s->complete_min, 1);
	ck_assert_uint_eq(s->complete_max, 8);
	ck_assert_uint_eq(s->low, 8);
	s = fx_job(1)->shape;
	ck_assert_uint_eq(s->batch, 2);
	ck_assert_uint_eq(s->complete_min, 3);
	ck_assert_uint_eq(s->complete_max, 4);
	ck_assert_uint_eq(s->low, 2);
}
END_TEST

START_TEST(shape_of_syncs_time_and_errors)
{
	const struct plan_shape *s;

	fx_plan_ok("[a]\nioengine=mem\nsize=1m\nrw=write\nfsync=4\nfdatasync=6\n"
		   "sync_file_range=write,wait_after:8\nend_fsync=1\nruntime=2\nramp_time=1\n"
		   "time_based\nloops=3\ncontinue_on_error=read\nignore_error=,ENOSPC\n"
		   "buffer_pattern=0xdeadbeef\n");
	s = fx_job(0)->shape;
	ck_assert_uint_eq(s->fsync_nr, 4);
	ck_assert_uint_eq(s->fdatasync_nr, 6);
	ck_assert_uint_eq(s->sfr_nr, 8);
	ck_assert_uint_eq(s->sfr_flags, SFR_WRITE | SFR_WAIT_AFTER);
	ck_assert(s->end_fsync);
	ck_assert_uint_eq(s->runtime_us, 2000000);
	ck_assert_uint_eq(s->ramp_us, 1000000);
	ck_assert(s->timed);
	ck_assert_uint_eq(s->loops, 3);
	ck_assert_uint_eq(s->coe_mask, COE_READ | COE_WRITE);
	ck_assert(s->ignore[1].given);
	ck_assert_int_eq(s->ignore[1].err[0], 28);	/* ENOSPC */
	ck_assert_uint_eq(s->buf.pattern_len, 4);
	ck_assert_uint_eq(s->buf.pattern[0], 0xde);
	ck_assert_uint_eq(s->buf.pattern[3], 0xef);
}
END_TEST

/* What to measure, as fio decides it, and --latency-log. */
START_TEST(shape_of_measuring)
{
	struct plan_opts opts = { .latency_log = true };
	const struct plan_measure *m;

	ck_assert_int_eq(fx_plan_text("[a]\nioengine=mem\nsize=1m\ngtod_reduce=1\n"
				      "[b]\nioengine=mem\nsize=1m\ndisable_slat=1\nbwavgtime=100\n"
				      "write_lat_log=lat\nprio=3\n",
				      &opts), 0);
	m = &fx_job(0)->shape->measure;
	ck_assert(!m->lat && !m->clat && !m->slat && m->bw_off && m->gtod_reduce);
	ck_assert_str_eq(m->lat_log, "");	/* --latency-log: the job's name */
	ck_assert_uint_eq(m->ioprio, 0);
	m = &fx_job(1)->shape->measure;
	ck_assert(m->lat && m->clat && !m->slat && !m->bw_off);
	ck_assert(m->bw_avg_given && !m->iops_avg_given);
	ck_assert_uint_eq(m->bw_avg_ms, 100);
	ck_assert_str_eq(m->lat_log, "lat");
	ck_assert_uint_eq(m->ioprio, 2u << 13 | 3);	/* best effort, as fio */
	ck_assert(fx_job(1)->shape->process.ioprio);
	ck_assert_int_eq(fx_job(1)->shape->process.prio, 3);
}
END_TEST

START_TEST(file_service)
{
	fx_plan_ok("[a]\nioengine=mem\nsize=1m\nnrfiles=3\nfile_service_type=random:4\n"
		   "[b]\nioengine=mem\nsize=1m\nnrfiles=3\nfile_service_type=sequential\nopenfiles=2\n"
		   "[c]\nioengine=mem\nsize=1m\nnrfiles=3\n");
	ck_assert_int_eq(fx_job(0)->fst, FST_RANDOM);
	ck_assert_uint_eq(fx_job(0)->fst_nr, 4);
	ck_assert_int_eq(fx_job(1)->fst, FST_SEQUENTIAL);
	ck_assert_uint_eq(fx_job(1)->fst_nr, 1);
	ck_assert_uint_eq(fx_job(1)->openfiles, 2);
	ck_assert_int_eq(fx_job(2)->fst, FST_ROUNDROBIN);
	ck_assert_uint_eq(fx_job(2)->openfiles, 3);
}
END_TEST

/* What depends on the files: errors name the option and its place. */
START_TEST(file_errors_name_the_option)
{
	char text[512], msg[512], dir[] = "/tmp/test_plan.XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(text, sizeof(text), "[a]\nioengine=file\ndirectory=%s/none\nsize=1m\n", dir);
	snprintf(msg, sizeof(msg), "jobs.fio:3: directory: '%s/none' is not a directory", dir);
	fx_plan_fails(text, msg);
	fx_teardown();
	fx_setup();
	snprintf(text, sizeof(text), "[a]\nioengine=file\nfilename=%s/new\nsize=50%%\n", dir);
	snprintf(msg, sizeof(msg), "jobs.fio:4: size: 50%% of '%s/new', which does not exist yet: give size in bytes, or filesize=",
		 dir);
	fx_plan_fails(text, msg);
	fx_teardown();
	fx_setup();
	fx_plan_fails("[a]\nioengine=mem\nsize=4k\nbs=8k\n",
		      "jobs.fio:3: job 'a': 'a.0.0': the I/O region (4096 bytes) is smaller than the block size (8192)");
	rmdir(dir);
}
END_TEST

/* --readonly, once files are known: a file to create is a write. */
START_TEST(readonly_refuses_layout)
{
	char text[256];

	snprintf(text, sizeof(text), "[a]\nioengine=file\nfilename=/tmp/test_plan_ro.%d\nsize=1m\n",
		 (int)getpid());
	fx_plan_ok(text);
	ck_assert(fx_job(0)->files[0].layout);
	ck_assert_int_lt(plan_check_readonly(&fx_plan, &fx_err), 0);
	ck_assert_ptr_nonnull(strstr(fx_err.msg, "jobs.fio:3: filename: job 'a' would create"));
	fx_teardown();
	fx_setup();
	fx_plan_ok("[a]\nioengine=mem\nsize=1m\nunlink=1\n");
	ck_assert_int_lt(plan_check_readonly(&fx_plan, &fx_err), 0);
	ck_assert_str_eq(fx_err.msg, "jobs.fio:4: unlink: job 'a' deletes its files, and --readonly refuses writes");
}
END_TEST

/* plio-mpi: a rank's tag in generated names (as $clientuid, and in the
 * default name unless the ranks share files); filename= as given. */
START_TEST(rank_tag_in_file_names)
{
	struct plan_opts own = { .rank_tag = "node1.r2", .n_ranks = 4, .rank = 2 };
	struct plan_opts shared = own;
	static const char text[] =
		"[a]\nioengine=mem\nsize=1m\nnrfiles=2\nnumjobs=2\n"
		"[b]\nioengine=mem\nsize=1m\nfilename_format=f.$jobname.$clientuid.$jobnum.$filenum\n"
		"[c]\nioengine=mem\nsize=1m\nfilename=/dev/sdx:g\n"
		"[d]\nioengine=mem\nsize=1m\ndirectory=/d1\n";

	ck_assert_int_eq(fx_plan_text(text, &own), 0);
	ck_assert_str_eq(fx_job(0)->files[0].path, "a.node1.r2.0.0");
	ck_assert_str_eq(fx_job(0)->files[1].path, "a.node1.r2.0.1");
	ck_assert_str_eq(fx_job(1)->files[1].path, "a.node1.r2.1.1");
	ck_assert_str_eq(fx_job(2)->files[0].path, "f.b.node1.r2.0.0");
	ck_assert_str_eq(fx_job(3)->files[0].path, "/dev/sdx");
	ck_assert_str_eq(fx_job(3)->files[1].path, "g");
	ck_assert_str_eq(fx_job(4)->files[0].path, "/d1/d.node1.r2.0.0");
	ck_assert_str_eq(fx_job(0)->shape->rank_tag, "node1.r2");
	fx_teardown();
	fx_setup();
	/* shared files: a local run's names, $clientuid still the tag */
	shared.shared_files = true;
	ck_assert_int_eq(fx_plan_text(text, &shared), 0);
	ck_assert_str_eq(fx_job(0)->files[0].path, "a.0.0");
	ck_assert_str_eq(fx_job(1)->files[1].path, "a.1.1");
	ck_assert_str_eq(fx_job(2)->files[0].path, "f.b.node1.r2.0.0");
	ck_assert_str_eq(fx_job(3)->files[0].path, "/dev/sdx");
	ck_assert_str_eq(fx_job(4)->files[0].path, "/d1/d.0.0");
	fx_teardown();
	fx_setup();
	/* no tag: fio's names, $clientuid empty */
	ck_assert_int_eq(fx_plan_text(text, NULL), 0);
	ck_assert_str_eq(fx_job(0)->files[1].path, "a.0.1");
	ck_assert_str_eq(fx_job(2)->files[0].path, "f.b..0.0");
	ck_assert_ptr_null(fx_job(0)->shape->rank_tag);
}
END_TEST

/* Plan text as rank r of n sharing files; 0 or the plan's error. */
static int plan_rank(const char *text, unsigned int r, unsigned int n)
{
	struct plan_opts o = { .rank_tag = "h.r0", .shared_files = true, .rank = r, .n_ranks = n };

	fx_teardown();
	fx_setup();
	return fx_plan_text(text, &o);
}

/* The shares of rank 0..n-1 of file k of clone c tile [off, off + size):
 * each starts where the last ended, every one but the last is `share`
 * bytes, the file's size stays the whole region's end. */
static void check_tiles(const char *text, unsigned int n, size_t c, size_t k, uint64_t off,
			uint64_t size, uint64_t share)
{
	uint64_t at = off;
	unsigned int r;

	for (r = 0; r < n; r++) {
		const struct plan_file *pf;

		ck_assert_msg(plan_rank(text, r, n) == 0, "rank %u: %s", r, fx_err.msg);
		pf = &fx_job(c)->files[k];
		ck_assert_uint_eq(pf->offset, at);
		if (r < n - 1)
			ck_assert_uint_eq(pf->size, share);
		ck_assert_uint_eq(pf->file_size, off + size);
		at += pf->size;
	}
	ck_assert_uint_eq(at, off + size);
}

/* --rank-files=shared: each job's region split into the ranks' shares,
 * in whole blocks, the last taking the rest; io_size and number_ios per
 * rank. */
START_TEST(shared_files_split_regions)
{
	static const char bs4k[] = "[a]\nioengine=mem\nfilename=f\nsize=1m\nbs=4k\nnumber_ios=10\n";
	static const char bs64k[] = "[a]\nioengine=mem\nfilename=f\nsize=1m\nbs=64k\n";
	static const char two[] = "[a]\nioengine=mem\nnrfiles=2\nsize=2m\nbs=64k\noffset=64k\n"
				  "offset_increment=4m\nnumjobs=2\n";
	static const uint64_t nios[3] = { 4, 3, 3 };
	unsigned int r;

	/* 1 MiB / 3 = 349525.3: 85 blocks of 4k (348160), 5 of 64k (327680) */
	check_tiles(bs4k, 3, 0, 0, 0, 1 * M, 348160);
	ck_assert_uint_eq(fx_job(0)->files[0].size, 1 * M - 2 * 348160);	/* 352256 */
	check_tiles(bs64k, 3, 0, 0, 0, 1 * M, 327680);
	ck_assert_uint_eq(fx_job(0)->files[0].size, 6 * 64 * K);
	for (r = 0; r < 3; r++) {
		ck_assert_int_eq(plan_rank(bs4k, r, 3), 0);
		ck_assert_uint_eq(fx_job(0)->io_size, fx_job(0)->files[0].size);
		ck_assert(!fx_job(0)->io_wrap);
		ck_assert_uint_eq(fx_job(0)->number_ios, nios[r]);
		ck_assert_uint_eq(fx_job(0)->files[0].offset, r * 348160);
		ck_assert_str_eq(fx_job(0)->files[0].path, "f");
	}
	/* each file's region, each clone's (after offset_increment) */
	check_tiles(two, 3, 0, 1, 64 * K, 1 * M, 327680);
	check_tiles(two, 3, 1, 0, 4 * M + 64 * K, 1 * M, 327680);
	ck_assert_uint_eq(fx_job(1)->io_size, 2 * 6 * 64 * K);	/* the last rank's two shares */
	ck_assert_str_eq(fx_job(1)->files[1].path, "a.1.1");
	/* one rank: the whole region */
	ck_assert_int_eq(plan_rank(bs4k, 0, 1), 0);
	ck_assert_uint_eq(fx_job(0)->files[0].size, 1 * M);
	ck_assert_uint_eq(fx_job(0)->number_ios, 10);
}
END_TEST

/* io_size= (or a size= below the regions) split into whole blocks, the
 * same for every rank; what cannot be split is refused in one line. */
START_TEST(shared_files_io_size_and_refusals)
{
	unsigned int r;

	for (r = 0; r < 3; r++) {
		ck_assert_int_eq(plan_rank("[a]\nioengine=mem\nsize=1m\nbs=64k\nio_size=1m\n", r, 3), 0);
		ck_assert_uint_eq(fx_job(0)->io_size, 327680);
		ck_assert(fx_job(0)->io_wrap);
		ck_assert_int_eq(plan_rank("[a]\nioengine=mem\nsize=1m\nbs=64k\nio_size=3m\n", r, 3), 0);
		ck_assert_uint_eq(fx_job(0)->io_size, 1 * M);
		/* size= below filesize=: its part, within the share */
		ck_assert_int_eq(plan_rank("[a]\nioengine=mem\nfilesize=4m\nsize=1m\nbs=4k\n", r, 3), 0);
		ck_assert_uint_eq(fx_job(0)->io_size, 348160);
		ck_assert(!fx_job(0)->io_wrap);
		ck_assert_uint_eq(fx_job(0)->files[0].file_size, 4 * M);
	}
	ck_assert_int_lt(plan_rank("[a]\nioengine=mem\nsize=8k\nbs=4k\n", 0, 3), 0);
	ck_assert_str_eq(fx_err.msg, "jobs.fio:3: job 'a': its region of 8192 bytes in 'a.0.0' cannot be shared by 3 ranks (blocks of 4096 bytes)");
	ck_assert_uint_eq(fx_plan.n_jobs, 0);
	/* a share must hold the largest block */
	ck_assert_int_lt(plan_rank("[a]\nioengine=mem\nsize=96k\nbsrange=4k-64k\n", 1, 3), 0);
	ck_assert_str_eq(fx_err.msg, "jobs.fio:3: job 'a': its region of 98304 bytes in 'a.0.0' cannot be shared by 3 ranks (blocks of 65536 bytes)");
	ck_assert_int_lt(plan_rank("[a]\nioengine=mem\nsize=1m\nbs=4k\nio_size=8k\n", 2, 3), 0);
	ck_assert_str_eq(fx_err.msg, "jobs.fio:5: job 'a': io_size of 8192 bytes cannot be shared by 3 ranks (blocks of 4096 bytes)");
	ck_assert_int_eq(plan_rank("[a]\nioengine=mem\nsize=1m\nnumber_ios=2\n", 1, 3), 0);
	ck_assert_uint_eq(fx_job(0)->number_ios, 1);
	ck_assert_int_lt(plan_rank("[a]\nioengine=mem\nsize=1m\nnumber_ios=2\n", 2, 3), 0);
	ck_assert_str_eq(fx_err.msg, "jobs.fio:4: job 'a': number_ios=2 cannot be shared by 3 ranks");
	/* an engine that moves no data: its nominal region is not split */
	ck_assert_msg(plan_rank("[a]\nioengine=cpu\nruntime=1\n", 2, 3) == 0, "%s", fx_err.msg);
	ck_assert_uint_eq(fx_job(0)->files[0].offset, 0);
	ck_assert_uint_eq(fx_job(0)->files[0].size, fx_job(0)->shape->max_bs);
}
END_TEST

/* The names of what a job writes besides data: fio's without a tag,
 * the tag before the fixed ending with one. */
START_TEST(output_names_with_a_rank_tag)
{
	struct plan_opts o = { .rank_tag = "node1.r2", .rank = 2, .n_ranks = 3 };
	char buf[256], tiny[12];

	ck_assert_int_eq(fx_plan_text("[job]\nioengine=mem\nsize=1m\nnumjobs=2\n", &o), 0);
	ck_assert_int_eq(plan_out_name(fx_job(0)->shape, buf, sizeof(buf), "job", "_bw.1.log"),
			 (int)strlen("job.node1.r2_bw.1.log"));
	ck_assert_str_eq(buf, "job.node1.r2_bw.1.log");
	plan_out_name(fx_job(0)->shape, buf, sizeof(buf), "x.log", "");
	ck_assert_str_eq(buf, "x.log.node1.r2");
	plan_out_name(fx_job(0)->shape, buf, sizeof(buf), "f.4096", ".received");
	ck_assert_str_eq(buf, "f.4096.node1.r2.received");
	plan_out_name(fx_job(0)->shape, buf, sizeof(buf), "job", ".prerun.txt");
	ck_assert_str_eq(buf, "job.node1.r2.prerun.txt");
	plan_vstate_name(fx_job(1), buf, sizeof(buf));
	ck_assert_str_eq(buf, "node1.r2-job-1-verify.state");
	ck_assert_int_eq(plan_out_name(fx_job(0)->shape, tiny, sizeof(tiny), "job", "_bw.log"),
			 -ENAMETOOLONG);
	fx_teardown();
	fx_setup();
	/* no tag: byte for byte fio's */
	fx_plan_ok("[job]\nioengine=mem\nsize=1m\nnumjobs=2\n");
	plan_out_name(fx_job(0)->shape, buf, sizeof(buf), "job", "_bw.1.log");
	ck_assert_str_eq(buf, "job_bw.1.log");
	plan_out_name(fx_job(0)->shape, buf, sizeof(buf), "x.log", "");
	ck_assert_str_eq(buf, "x.log");
	plan_out_name(fx_job(0)->shape, buf, sizeof(buf), "f.4096", ".expected");
	ck_assert_str_eq(buf, "f.4096.expected");
	plan_vstate_name(fx_job(1), buf, sizeof(buf));
	ck_assert_str_eq(buf, "local-job-1-verify.state");
}
END_TEST

/*
 * The modules that open those files take the plan's names: a worker set
 * up (as test_pick's are, files faked) as rank "h.r1", then as a local
 * run, in a folder of its own: write_iolog, mem=mmap's file, the verify
 * state, exec_prerun's output and the statistics logs.
 */
static void worker_names(const struct plan_opts *o, const char *const *want, size_t n)
{
	static const char text[] =
		"[job]\nioengine=mem\nsize=64k\nbs=4k\nrw=write\nwrite_bw_log=bw\n"
		"write_lat_log\nwrite_iolog=io.log\nmem=mmap:buf\nverify=crc32c\n"
		"exec_prerun=true\nnumjobs=2\n";
	static struct worker w;
	static struct job_stats st;
	size_t i;

	fx_teardown();
	fx_setup();
	ck_assert_msg(fx_plan_text(text, o) == 0, "%s", fx_err.msg);
	memset(&st, 0, sizeof(st));
	ck_assert_msg(worker_prepare(&w, fx_job(1), &st, NULL) == 0, "%s", st.errmsg);
	ck_assert_str_eq(w.srun.log[STATLOG_BW]->path, want[0]);
	ck_assert_str_eq(w.srun.log[STATLOG_CLAT]->path, want[1]);
	ck_assert_str_eq(w.wb.file, want[2]);	/* removed at the end */
	ck_assert_int_eq(access(want[2], F_OK), 0);
	worker_finish(&w);
	for (i = 3; i < n; i++)
		ck_assert_msg(!access(want[i], F_OK), "%s is missing", want[i]);
}

START_TEST(workers_write_the_tagged_names)
{
	static const char *const tagged[] = {
		"bw.h.r1_bw.2.log", "job.h.r1_clat.2.log", "buf.h.r1.1", "io.log.h.r1",
		"h.r1-job-1-verify.state", "job.h.r1.prerun.txt",
	};
	static const char *const local[] = {
		"bw_bw.2.log", "job_clat.2.log", "buf.1", "io.log", "local-job-1-verify.state",
		"job.prerun.txt",
	};
	struct plan_opts o = { .rank_tag = "h.r1", .rank = 1, .n_ranks = 2 };
	char dir[] = "/tmp/test_plan.XXXXXX", old[4096], cmd[64];
	size_t i;

	ck_assert_ptr_nonnull(getcwd(old, sizeof(old)));
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chdir(dir), 0);
	worker_names(&o, tagged, 6);
	for (i = 3; i < 6; i++)
		ck_assert_int_ne(access(local[i], F_OK), 0);
	worker_names(NULL, local, 6);
	ck_assert_int_eq(chdir(old), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, fx_setup, fx_teardown);
	tcase_add_test(tc, clones_share_one_shape);
	tcase_add_test(tc, groups_and_phases);
	tcase_add_test(tc, wait_for_names_every_job_of_the_name);
	tcase_add_test(tc, seeds_repeat_or_not);
	tcase_add_test(tc, regions_of_clones);
	tcase_add_test(tc, percentages_of_the_file);
	tcase_add_test(tc, ranges_per_clone);
	tcase_add_test(tc, directories_per_clone);
	tcase_add_test(tc, shape_of_io);
	tcase_add_test(tc, shape_of_the_queue);
	tcase_add_test(tc, shape_of_syncs_time_and_errors);
	tcase_add_test(tc, shape_of_measuring);
	tcase_add_test(tc, file_service);
	tcase_add_test(tc, file_errors_name_the_option);
	tcase_add_test(tc, readonly_refuses_layout);
	tcase_add_test(tc, rank_tag_in_file_names);
	tcase_add_test(tc, shared_files_split_regions);
	tcase_add_test(tc, shared_files_io_size_and_refusals);
	tcase_add_test(tc, output_names_with_a_rank_tag);
	tcase_add_test(tc, workers_write_the_tagged_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(plan_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
