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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "plan/plan.h"

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
