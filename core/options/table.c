/*
 * table.c - the core option table (see table.h), and looking options up.
 *
 * Names, aliases, types, defaults, ranges and choices are fio 3.33's;
 * every option here runs (fio's others are named by names.c as fio's).
 */
#include <stdint.h>
#include <string.h>

#include "options/internal.h"
#include "options/options.h"
#include "options/spec.h"
#include "options/table.h"
#include "options/value.h"

#define JS(f) ((uint32_t)offsetof(struct job_spec, f))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

const struct core_option core_options[CO_NR] = {
	[CO_NAME] = { .type = PLIO_OPT_STR, .cat = CAT_JOB, .o = {
		.name = "name", .offset = JS(name),
		.help = "job name in reports (default: the section name)" } },
	[CO_DESCRIPTION] = { .type = PLIO_OPT_STR, .cat = CAT_JOB, .o = {
		.name = "description", .offset = JS(description),
		.help = "free text describing the job" } },
	[CO_FILENAME] = { .type = PLIO_OPT_STR, .flags = OPTF_FILE, .cat = CAT_FILES, .o = {
		.name = "filename", .offset = JS(filename),
		.help = "file(s) to do I/O on, ':' between names (default: NAME.N.0)" } },
	[CO_DIRECTORY] = { .type = PLIO_OPT_STR, .flags = OPTF_DIR, .cat = CAT_FILES, .o = {
		.name = "directory", .offset = JS(directory),
		.help = "directory that relative file names are in" } },
	[CO_SIZE] = { .type = PLIO_OPT_SIZE, .flags = OPTF_PCT, .cat = CAT_SIZE, .o = {
		.name = "size", .offset = JS(size),
		.help = "bytes of I/O per job, spread over its files (default: file size)" } },
	[CO_BS] = { .type = OPT_SIZE_RW, .cat = CAT_BS,
		.decode = decode_blocksizes, .o = {
		.name = "bs", .alias = "blocksize", .offset = JS(bs),
		.def = "4k", .min = 1,
		.help = "bytes per I/O; READ,WRITE gives each direction its own" } },
	[CO_RW] = { .type = PLIO_OPT_ENUM, .cat = CAT_IOTYPE, .apply = apply_rw, .o = {
		.name = "rw", .alias = "readwrite", .offset = JS(rw),
		.def = "read", .choices = rw_choices,
		.help = "direction and order of the I/O" } },
	[CO_RWMIXREAD] = { .type = PLIO_OPT_INT, .cat = CAT_IOTYPE,
		.apply = apply_rwmix, .o = {
		.name = "rwmixread", .offset = JS(rwmixread), .def = "50",
		.min = 0, .max = 100,
		.help = "percent of a mixed job's I/O that reads (sets rwmixwrite)" } },
	[CO_RWMIXWRITE] = { .type = PLIO_OPT_INT, .cat = CAT_IOTYPE,
		.apply = apply_rwmix, .o = {
		.name = "rwmixwrite", .offset = JS(rwmixwrite), .def = "50",
		.min = 0, .max = 100,
		.help = "percent of a mixed job's I/O that writes (sets rwmixread)" } },
	[CO_IOENGINE] = { .type = PLIO_OPT_STR, .cat = CAT_ENGINE, .o = {
		.name = "ioengine", .offset = JS(ioengine), .def = "psync",
		.help = "engine doing the I/O: a name, a plugin path or external:PATH" } },
	[CO_IODEPTH] = { .type = PLIO_OPT_INT, .cat = CAT_DEPTH, .o = {
		.name = "iodepth", .offset = JS(iodepth), .def = "1", .min = 1,
		.max = 65535,
		.help = "I/O units kept in flight" } },
	[CO_DIRECT] = { .type = PLIO_OPT_BOOL, .cat = CAT_IOTYPE, .o = {
		.name = "direct", .offset = JS(direct), .def = "0",
		.help = "open files with O_DIRECT (the opposite of buffered)" } },
	[CO_BUFFERED] = { .type = OPT_BOOL_INV, .cat = CAT_IOTYPE, .o = {
		.name = "buffered", .offset = JS(direct), .def = "1",
		.help = "go through the page cache (the opposite of direct)" } },
	[CO_NUMJOBS] = { .type = PLIO_OPT_INT, .cat = CAT_JOBS, .apply = apply_numjobs, .o = {
		.name = "numjobs", .offset = JS(numjobs), .def = "1", .min = 1,
		.help = "run this many clones of the job (at most 4096)" } },
	[CO_THREAD] = { .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .cat = CAT_JOBS,
		.o = {
		.name = "thread", .offset = JS(thread),
		.help = "run workers as threads instead of processes" } },
	[CO_RUNTIME] = { .type = PLIO_OPT_TIME, .cat = CAT_TIME, .o = {
		.name = "runtime", .alias = "timeout", .offset = JS(runtime),
		.def = "0", .unit = 1000000,
		.help = "stop the job after this long (bare number: seconds; 0: no limit)" } },
	[CO_TIME_BASED] = { .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .cat = CAT_TIME,
		.o = {
		.name = "time_based", .offset = JS(time_based),
		.help = "repeat the workload until runtime has passed" } },
	[CO_RAMP_TIME] = { .type = PLIO_OPT_TIME, .cat = CAT_TIME, .o = {
		.name = "ramp_time", .offset = JS(ramp_time), .unit = 1000000,
		.help = "run this long before counting statistics (bare number: seconds)" } },
	[CO_LOOPS] = { .type = PLIO_OPT_INT, .cat = CAT_TIME, .o = {
		.name = "loops", .offset = JS(loops), .def = "1", .min = 1,
		.help = "go over the job's region this many times" } },
	[CO_RANDREPEAT] = { .type = PLIO_OPT_BOOL, .cat = CAT_IOTYPE, .o = {
		.name = "randrepeat", .offset = JS(randrepeat), .def = "1",
		.help = "seed random offsets the same way on every run" } },
	[CO_RANDSEED] = { .type = PLIO_OPT_INT, .cat = CAT_IOTYPE, .o = {
		.name = "randseed", .offset = JS(randseed), .def = "0x89",
		.min = 0, .max = INT64_MAX,
		.help = "seed of the random generators" } },
	[CO_NORANDOMMAP] = { .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .cat = CAT_IOTYPE,
		.o = {
		.name = "norandommap", .offset = JS(norandommap),
		.help = "random I/O may repeat blocks and skip others" } },
	[CO_GROUP_REPORTING] = { .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .cat = CAT_REPORTING,
		.o = {
		.name = "group_reporting", .offset = JS(group_reporting),
		.help = "report a group's jobs together, not one by one" } },
	[CO_END_FSYNC] = { .type = PLIO_OPT_BOOL, .cat = CAT_IOTYPE, .o = {
		.name = "end_fsync", .offset = JS(end_fsync), .def = "0",
		.help = "fsync the files when the job's writes are done" } },
	[CO_FSYNC] = { .type = PLIO_OPT_INT, .cat = CAT_IOTYPE, .o = {
		.name = "fsync", .offset = JS(fsync), .def = "0", .min = 0,
		.max = INT64_MAX,
		.help = "fsync after this many writes (0: never)" } },
	[CO_FDATASYNC] = { .type = PLIO_OPT_INT, .cat = CAT_IOTYPE, .o = {
		.name = "fdatasync", .offset = JS(fdatasync), .def = "0",
		.min = 0, .max = INT64_MAX,
		.help = "fdatasync after this many writes (0: never)" } },
	/* plio's default differs from fio's 1: see doc/fio-differences.md */
	[CO_IODEPTH_BATCH] = { .type = PLIO_OPT_INT, .cat = CAT_DEPTH, .o = {
		.name = "iodepth_batch", .alias = "iodepth_batch_submit",
		.offset = JS(iodepth_batch), .def = "0", .min = 0,
		.max = 65535,
		.help = "submit after this many I/Os are queued (0: once every free unit is queued)" } },
	[CO_IODEPTH_BATCH_COMPLETE_MIN] = { .type = PLIO_OPT_INT, .cat = CAT_DEPTH,
		.o = {
		.name = "iodepth_batch_complete_min",
		.alias = "iodepth_batch_complete",
		.offset = JS(iodepth_batch_complete_min), .def = "1", .min = 0,
		.max = 65535,
		.help = "wait for at least this many completions at a time (0: poll)" } },
	[CO_IODEPTH_BATCH_COMPLETE_MAX] = { .type = PLIO_OPT_INT, .cat = CAT_DEPTH,
		.o = {
		.name = "iodepth_batch_complete_max",
		.offset = JS(iodepth_batch_complete_max), .def = "0", .min = 0,
		.max = 65535,
		.help = "take at most this many completions at a time (0: iodepth)" } },
	[CO_IODEPTH_LOW] = { .type = PLIO_OPT_INT, .cat = CAT_DEPTH, .o = {
		.name = "iodepth_low", .offset = JS(iodepth_low), .def = "0",
		.min = 0, .max = 65535,
		.help = "once the queue is full, let it drain to this depth before refilling (default: iodepth)" } },
	[CO_INVALIDATE] = { .type = PLIO_OPT_BOOL, .cat = CAT_FILES, .o = {
		.name = "invalidate", .offset = JS(invalidate), .def = "1",
		.help = "drop the files' cached pages before the job starts" } },
	[CO_BUFFER_PATTERN] = { .type = PLIO_OPT_STR, .cat = CAT_BUFFERS,
		.apply = apply_pattern, .decode = decode_buffer_pattern, .o = {
		.name = "buffer_pattern", .offset = JS(txt.buffer_pattern),
		.help = "fill write buffers with this: 0x hex bytes, a \"string\" or a byte 0-255" } },
	[CO_KB_BASE] = { .type = PLIO_OPT_ENUM, .cat = CAT_SIZE, .o = {
		.name = "kb_base", .offset = JS(kb_base), .def = "1024",
		.choices = kb_base_choices,
		.help = "what k, m, g... mean in sizes" } },
	/*
	 * fio's options that plio parses and validates but cannot run yet
	 * (OPTIONS.md tiers 1 and 2); options_check_runnable() refuses a job
	 * that sets one.  Names, aliases, types, defaults and ranges are
	 * fio 3.33's.
	 */
	[CO_FILENAME_FORMAT] = { .type = PLIO_OPT_STR, .cat = CAT_FILES, .o = {
		.name = "filename_format", .offset = JS(filename_format),
		.def = "$jobname.$jobnum.$filenum",
		.help = "template for generated file names ($jobname, $jobnum, $filenum, ...)" } },
	[CO_FILESIZE] = { .type = OPT_TEXT_SIZES, .flags = OPTF_RANGE, .cat = CAT_FILES,
		.decode = decode_filesize, .o = {
		.name = "filesize", .offset = JS(txt.filesize), .min = 1,
		.help = "size of each file, or a LOW-HIGH range to pick from (default: size/nrfiles)" } },
	[CO_IO_SIZE] = { .type = OPT_TEXT_SIZES, .flags = OPTF_PCT, .cat = CAT_SIZE,
		.decode = decode_io_size, .o = {
		.name = "io_size", .alias = "io_limit",
		.offset = JS(txt.io_size),
		.help = "bytes of I/O to do, which may go round the region more than once (default: size)" } },
	[CO_BSRANGE] = { .type = OPT_TEXT_SIZES, .flags = OPTF_RANGE | OPTF_NEEDS_RANGE | OPTF_DIRS, .cat = CAT_BS,
		.o = {
		.name = "bsrange", .alias = "blocksize_range",
		.offset = JS(txt.bsrange), .min = 1,
		.help = "pick block sizes from LOW-HIGH; READ,WRITE,TRIM ranges allowed" } },
	[CO_STARTDELAY] = { .type = OPT_TEXT_TIMES, .flags = OPTF_RANGE, .cat = CAT_TIME,
		.decode = decode_startdelay, .o = {
		.name = "startdelay", .offset = JS(txt.startdelay), .def = "0",
		.unit = 1000000,
		.help = "wait this long before starting, or a random time in LOW-HIGH (bare: seconds)" } },
	[CO_OFFSET] = { .type = OPT_TEXT_SIZES, .flags = OPTF_PCT | OPTF_PCT0, .cat = CAT_SIZE,
		.decode = decode_offset, .o = {
		.name = "offset", .alias = "fileoffset",
		.offset = JS(txt.offset), .def = "0",
		.help = "where in each file the job's region starts; N% of the file allowed" } },
	[CO_STONEWALL] = { .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .cat = CAT_JOBS,
		.o = {
		.name = "stonewall", .alias = "wait_for_previous",
		.offset = JS(stonewall),
		.help = "start only after every job before this one has finished" } },
	[CO_NEW_GROUP] = { .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .cat = CAT_JOBS,
		.o = {
		.name = "new_group", .offset = JS(new_group),
		.help = "begin a new reporting group with this job" } },
	[CO_WAIT_FOR] = { .type = PLIO_OPT_STR, .cat = CAT_JOBS, .o = {
		.name = "wait_for", .offset = JS(txt.wait_for),
		.help = "start only after the job with this name has finished" } },
	[CO_UNIT_BASE] = { .type = PLIO_OPT_ENUM, .cat = CAT_REPORTING, .o = {
		.name = "unit_base", .offset = JS(unit_base), .def = "0",
		.choices = unit_base_choices,
		.help = "report sizes in bytes (8) or bits (1); 0 guesses" } },
	[CO_BSSPLIT] = { .type = OPT_TEXT_BSSPLIT, .cat = CAT_BS, .o = {
		.name = "bssplit", .offset = JS(txt.bssplit),
		.help = "mix of block sizes: SIZE/PERCENT:SIZE/PERCENT..., READ,WRITE,TRIM lists allowed" } },
	[CO_BA] = { .type = OPT_TEXT_SIZES, .flags = OPTF_DIRS, .cat = CAT_BS, .o = {
		.name = "ba", .alias = "blockalign", .offset = JS(txt.ba),
		.min = 1,
		.help = "align random offsets to this many bytes (default: the block size)" } },
	[CO_BS_UNALIGNED] = { .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .cat = CAT_BS,
		.o = {
		.name = "bs_unaligned", .alias = "blocksize_unaligned",
		.offset = JS(bs_unaligned),
		.help = "let block sizes from bsrange be any byte count, not sector multiples" } },
	[CO_ALLRANDREPEAT] = { .type = PLIO_OPT_BOOL, .cat = CAT_IOTYPE, .o = {
		.name = "allrandrepeat", .offset = JS(allrandrepeat),
		.def = "0",
		.help = "seed every random generator the same way on every run" } },
	[CO_RANDOM_DISTRIBUTION] = { .type = OPT_TEXT_CHOICE_ARG, .cat = CAT_IOTYPE,
		.decode = decode_random_distribution, .o = {
		.name = "random_distribution",
		.offset = JS(txt.random_distribution), .def = "random",
		.choices = random_distribution_choices,
		.help = "how random offsets spread: random, zipf:T, pareto:H, normal:S, zoned:..., zoned_abs:..." } },
	[CO_RANDOM_GENERATOR] = { .type = PLIO_OPT_ENUM, .cat = CAT_IOTYPE,
		.o = {
		.name = "random_generator", .offset = JS(random_generator),
		.def = "tausworthe", .choices = random_generator_choices,
		.help = "generator of random offsets" } },
	[CO_PERCENTAGE_RANDOM] = { .type = OPT_TEXT_INTS, .flags = OPTF_DIRS, .cat = CAT_IOTYPE,
		.decode = decode_pct_random, .o = {
		.name = "percentage_random",
		.offset = JS(txt.percentage_random), .def = "100,100,100",
		.min = 0, .max = 100,
		.help = "percent of I/O at random offsets, the rest sequential; READ,WRITE,TRIM allowed" } },
	[CO_RW_SEQUENCER] = { .type = PLIO_OPT_ENUM, .cat = CAT_IOTYPE, .o = {
		.name = "rw_sequencer", .offset = JS(rw_sequencer),
		.def = "sequential", .choices = rw_sequencer_choices,
		.help = "what a :N suffix of rw= does to offsets" } },
	[CO_SOFTRANDOMMAP] = { .type = PLIO_OPT_BOOL, .cat = CAT_IOTYPE, .o = {
		.name = "softrandommap", .offset = JS(softrandommap),
		.def = "0",
		.help = "fall back to norandommap when the random map cannot be allocated" } },
	[CO_OFFSET_INCREMENT] = { .type = OPT_TEXT_SIZES, .flags = OPTF_PCT | OPTF_PCT0, .cat = CAT_SIZE,
		.decode = decode_offset_increment, .o = {
		.name = "offset_increment", .offset = JS(txt.offset_increment),
		.def = "0",
		.help = "each clone's offset is this much further than the previous clone's" } },
	[CO_OFFSET_ALIGN] = { .type = PLIO_OPT_SIZE, .cat = CAT_SIZE, .o = {
		.name = "offset_align", .offset = JS(offset_align), .def = "0",
		.help = "round a percentage offset down to a multiple of this (0: the block size)" } },
	[CO_NUMBER_IOS] = { .type = PLIO_OPT_SIZE, .cat = CAT_SIZE, .o = {
		.name = "number_ios", .offset = JS(number_ios), .def = "0",
		.help = "end the job after this many I/Os (0: no limit)" } },
	[CO_NRFILES] = { .type = PLIO_OPT_INT, .cat = CAT_FILES, .o = {
		.name = "nrfiles", .alias = "nr_files", .offset = JS(nrfiles),
		.def = "1", .min = 1, .max = INT64_MAX,
		.help = "number of files the job's size is spread over" } },
	[CO_OPENFILES] = { .type = PLIO_OPT_INT, .cat = CAT_FILES, .o = {
		.name = "openfiles", .offset = JS(openfiles), .min = 0,
		.max = INT64_MAX,
		.help = "keep at most this many files open at once (0: all of them)" } },
	[CO_FILE_SERVICE_TYPE] = { .type = OPT_TEXT_CHOICE_ARG, .cat = CAT_FILES,
		.decode = decode_file_service_type, .o = {
		.name = "file_service_type",
		.offset = JS(txt.file_service_type), .def = "roundrobin",
		.choices = file_service_type_choices,
		.help = "how the next file is picked: random, roundrobin, sequential (:N), zipf, pareto, normal, gauss" } },
	[CO_CREATE_ON_OPEN] = { .type = PLIO_OPT_BOOL, .cat = CAT_FILES, .o = {
		.name = "create_on_open", .offset = JS(create_on_open),
		.def = "0",
		.help = "create files only when they are first opened for I/O" } },
	[CO_OVERWRITE] = { .type = PLIO_OPT_BOOL, .cat = CAT_FILES, .o = {
		.name = "overwrite", .offset = JS(overwrite), .def = "0",
		.help = "lay out files fully before writing so writes overwrite existing blocks" } },
	[CO_FALLOCATE] = { .type = PLIO_OPT_ENUM, .cat = CAT_FILES, .o = {
		.name = "fallocate", .offset = JS(fallocate), .def = "native",
		.choices = fallocate_choices,
		.help = "how files are preallocated when they are laid out" } },
	[CO_UNLINK] = { .type = PLIO_OPT_BOOL, .cat = CAT_FILES, .o = {
		.name = "unlink", .offset = JS(unlink), .def = "0",
		.help = "delete the job's files when it is done" } },
	[CO_UNLINK_EACH_LOOP] = { .type = PLIO_OPT_BOOL, .cat = CAT_FILES, .o = {
		.name = "unlink_each_loop", .offset = JS(unlink_each_loop),
		.def = "0",
		.help = "delete the job's files after every loop" } },
	[CO_PRE_READ] = { .type = PLIO_OPT_BOOL, .cat = CAT_FILES, .o = {
		.name = "pre_read", .offset = JS(pre_read), .def = "0",
		.help = "read the files into the page cache before the job starts" } },
	[CO_FILL_DEVICE] = { .type = PLIO_OPT_BOOL, .cat = CAT_FILES, .o = {
		.name = "fill_device", .alias = "fill_fs",
		.offset = JS(fill_device), .def = "0",
		.help = "write until the device or file system is full (ENOSPC)" } },
	[CO_FILE_APPEND] = { .type = PLIO_OPT_BOOL, .cat = CAT_FILES, .o = {
		.name = "file_append", .offset = JS(file_append), .def = "0",
		.help = "start I/O at the current end of each file" } },
	[CO_ALLOW_FILE_CREATE] = { .type = PLIO_OPT_BOOL, .cat = CAT_FILES, .o = {
		.name = "allow_file_create", .offset = JS(allow_file_create),
		.def = "1",
		.help = "create files that do not exist yet" } },
	[CO_ALLOW_MOUNTED_WRITE] = { .type = PLIO_OPT_BOOL, .cat = CAT_FILES, .o = {
		.name = "allow_mounted_write",
		.offset = JS(allow_mounted_write), .def = "0",
		.help = "allow writing to a block device that holds a mounted file system" } },
	[CO_IO_SUBMIT_MODE] = { .type = PLIO_OPT_ENUM, .cat = CAT_ENGINE, .o = {
		.name = "io_submit_mode", .offset = JS(io_submit_mode),
		.def = "inline", .choices = io_submit_mode_choices,
		.help = "submit I/O from the job itself or from offload threads" } },
	[CO_SERIALIZE_OVERLAP] = { .type = PLIO_OPT_BOOL, .cat = CAT_DEPTH, .o = {
		.name = "serialize_overlap", .offset = JS(serialize_overlap),
		.def = "0",
		.help = "hold back an I/O until in-flight I/Os to the same blocks complete" } },
	[CO_SYNC] = { .type = PLIO_OPT_ENUM, .cat = CAT_IOTYPE, .o = {
		.name = "sync", .offset = JS(sync), .def = "none",
		.choices = sync_choices,
		.help = "open files for synchronous writes: none, sync (O_SYNC) or dsync (O_DSYNC)" } },
	[CO_FSYNC_ON_CLOSE] = { .type = PLIO_OPT_BOOL, .cat = CAT_IOTYPE, .o = {
		.name = "fsync_on_close", .offset = JS(fsync_on_close),
		.def = "0",
		.help = "fsync each file before it is closed" } },
	[CO_SYNC_FILE_RANGE] = { .type = OPT_TEXT_SYNC_RANGE, .cat = CAT_IOTYPE,
		.decode = decode_sync_file_range, .o = {
		.name = "sync_file_range", .offset = JS(txt.sync_file_range),
		.help = "call sync_file_range(FLAGS) every N writes: wait_before,write,wait_after:N" } },
	[CO_WRITE_BARRIER] = { .type = PLIO_OPT_INT, .cat = CAT_IOTYPE,
		.decode = decode_write_barrier, .o = {
		.name = "write_barrier", .offset = JS(write_barrier),
		.def = "0", .min = 0, .max = INT64_MAX,
		.help = "make every Nth write a barrier write (0: never)" } },
	[CO_VERIFY] = { .type = PLIO_OPT_ENUM, .cat = CAT_VERIFY,
		.o = {
		.name = "verify", .offset = JS(verify), .def = "0",
		.choices = verify_choices,
		.help = "check the data written: a checksum, meta, pattern or null (0: no checking)" } },
	[CO_DO_VERIFY] = { .type = PLIO_OPT_BOOL, .cat = CAT_VERIFY,
		.o = {
		.name = "do_verify", .offset = JS(do_verify), .def = "1",
		.help = "run the verify pass after the writes when verify= is set" } },
	[CO_VERIFY_ONLY] = { .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .cat = CAT_VERIFY,
		.o = {
		.name = "verify_only", .offset = JS(verify_only),
		.help = "check data written earlier without writing anything" } },
	[CO_VERIFY_INTERVAL] = { .type = PLIO_OPT_SIZE, .cat = CAT_VERIFY,
		.o = {
		.name = "verify_interval", .offset = JS(verify_interval),
		.min = 80,
		.help = "put a verify header every this many bytes (default: the block size)" } },
	[CO_VERIFY_OFFSET] = { .type = PLIO_OPT_SIZE, .cat = CAT_VERIFY,
		.o = {
		.name = "verify_offset", .offset = JS(verify_offset),
		.min = 40,
		.help = "move the verify header this many bytes into the block" } },
	[CO_VERIFY_PATTERN] = { .type = PLIO_OPT_STR, .cat = CAT_VERIFY,
		.apply = apply_pattern, .decode = decode_verify_pattern, .o = {
		.name = "verify_pattern", .offset = JS(verify_pattern),
		.help = "data to write and expect back: 0x hex, \"text\", a number, %o for offsets" } },
	[CO_VERIFY_FATAL] = { .type = PLIO_OPT_BOOL, .cat = CAT_VERIFY,
		.o = {
		.name = "verify_fatal", .offset = JS(verify_fatal), .def = "0",
		.help = "stop the job at the first verify failure" } },
	[CO_VERIFY_DUMP] = { .type = PLIO_OPT_BOOL, .cat = CAT_VERIFY,
		.o = {
		.name = "verify_dump", .offset = JS(verify_dump), .def = "0",
		.help = "dump good and bad copies of a block that fails to verify" } },
	[CO_VERIFY_ASYNC] = { .type = PLIO_OPT_INT, .cat = CAT_VERIFY,
		.o = {
		.name = "verify_async", .offset = JS(verify_async), .def = "0",
		.min = 0, .max = 256,
		.help = "check data in this many separate threads (0: in the job)" } },
	[CO_VERIFY_ASYNC_CPUS] = { .type = OPT_TEXT_CPULIST, .cat = CAT_VERIFY,
		.decode = decode_verify_async_cpus, .o = {
		.name = "verify_async_cpus", .offset = JS(txt.verify_async_cpus),
		.help = "CPUs the verify_async threads run on: N, N-M, ',' between them" } },
	[CO_VERIFY_BACKLOG] = { .type = PLIO_OPT_SIZE, .cat = CAT_VERIFY,
		.o = {
		.name = "verify_backlog", .offset = JS(verify_backlog),
		.help = "verify after every this many blocks written, not only at the end" } },
	[CO_VERIFY_BACKLOG_BATCH] = { .type = PLIO_OPT_INT, .cat = CAT_VERIFY,
		.o = {
		.name = "verify_backlog_batch",
		.offset = JS(verify_backlog_batch), .min = 0, .max = INT64_MAX,
		.help = "blocks to verify each time the backlog is worked off (default: verify_backlog)" } },
	[CO_VERIFY_STATE_SAVE] = { .type = PLIO_OPT_BOOL, .cat = CAT_VERIFY,
		.o = {
		.name = "verify_state_save", .offset = JS(verify_state_save),
		.def = "1",
		.help = "write the verify state to a file when the job ends" } },
	[CO_VERIFY_STATE_LOAD] = { .type = PLIO_OPT_BOOL, .cat = CAT_VERIFY,
		.o = {
		.name = "verify_state_load", .offset = JS(verify_state_load),
		.help = "read the saved verify state and check only what was written" } },
	[CO_EXPERIMENTAL_VERIFY] = { .type = PLIO_OPT_BOOL, .cat = CAT_VERIFY,
		.o = {
		.name = "experimental_verify",
		.offset = JS(experimental_verify),
		.help = "verify by replaying offsets instead of remembering them" } },
	[CO_TRIM_PERCENTAGE] = { .type = PLIO_OPT_INT, .cat = CAT_VERIFY,
		.o = {
		.name = "trim_percentage", .offset = JS(trim_percentage),
		.def = "0", .min = 0, .max = 100,
		.help = "percent of verified blocks to trim afterwards" } },
	[CO_TRIM_VERIFY_ZERO] = { .type = PLIO_OPT_BOOL, .cat = CAT_VERIFY,
		.o = {
		.name = "trim_verify_zero", .offset = JS(trim_verify_zero),
		.def = "1",
		.help = "expect trimmed blocks to read back as zeroes" } },
	[CO_TRIM_BACKLOG] = { .type = PLIO_OPT_SIZE, .cat = CAT_VERIFY,
		.o = {
		.name = "trim_backlog", .offset = JS(trim_backlog),
		.help = "trim after every this many blocks written" } },
	[CO_TRIM_BACKLOG_BATCH] = { .type = PLIO_OPT_INT, .cat = CAT_VERIFY,
		.o = {
		.name = "trim_backlog_batch", .offset = JS(trim_backlog_batch),
		.def = "0", .min = 0, .max = INT64_MAX,
		.help = "trim at most this many blocks each time (0: all chosen since the last)" } },
	[CO_ZERO_BUFFERS] = { .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .cat = CAT_BUFFERS,
		.o = {
		.name = "zero_buffers", .offset = JS(zero_buffers),
		.help = "fill write buffers with zeroes" } },
	[CO_REFILL_BUFFERS] = { .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .cat = CAT_BUFFERS,
		.o = {
		.name = "refill_buffers", .offset = JS(refill_buffers),
		.help = "regenerate buffer contents before every write" } },
	[CO_SCRAMBLE_BUFFERS] = { .type = PLIO_OPT_BOOL, .cat = CAT_BUFFERS,
		.o = {
		.name = "scramble_buffers", .offset = JS(scramble_buffers),
		.def = "1",
		.help = "change a little of each write buffer so writes do not dedupe" } },
	[CO_BUFFER_COMPRESS_PERCENTAGE] = { .type = PLIO_OPT_INT, .cat = CAT_BUFFERS,
		.o = {
		.name = "buffer_compress_percentage",
		.offset = JS(buffer_compress_percentage), .min = 0, .max = 100,
		.help = "make write buffers compress by about this percent" } },
	[CO_BUFFER_COMPRESS_CHUNK] = { .type = PLIO_OPT_SIZE, .cat = CAT_BUFFERS,
		.o = {
		.name = "buffer_compress_chunk",
		.offset = JS(buffer_compress_chunk), .def = "512",
		.help = "size of the compressible runs in write buffers" } },
	[CO_DEDUPE_PERCENTAGE] = { .type = PLIO_OPT_INT, .cat = CAT_BUFFERS,
		.o = {
		.name = "dedupe_percentage", .offset = JS(dedupe_percentage),
		.min = 0, .max = 100,
		.help = "percent of write buffers that repeat earlier ones" } },
	[CO_DEDUPE_MODE] = { .type = PLIO_OPT_ENUM, .cat = CAT_BUFFERS,
		.o = {
		.name = "dedupe_mode", .offset = JS(dedupe_mode),
		.def = "repeat", .choices = dedupe_mode_choices,
		.help = "what a repeated buffer repeats: the last new one, or one of a working set" } },
	[CO_DEDUPE_WS_PCT] = { .type = PLIO_OPT_INT, .cat = CAT_BUFFERS,
		.o = {
		.name = "dedupe_working_set_percentage", .offset = JS(dedupe_ws_pct),
		.def = "5", .min = 0, .max = 100,
		.help = "dedupe_mode=working_set: its size, in percent of the job's region" } },
	[CO_DEDUPE_GLOBAL] = { .type = PLIO_OPT_BOOL, .cat = CAT_BUFFERS,
		.o = {
		.name = "dedupe_global", .offset = JS(dedupe_global),
		.def = "0",
		.help = "jobs with this set repeat one another's buffers, not only their own" } },
	[CO_MEM] = { .type = OPT_TEXT_CHOICE_ARG, .cat = CAT_BUFFERS,
		.decode = decode_mem, .o = {
		.name = "mem", .alias = "iomem", .offset = JS(txt.mem),
		.def = "malloc", .choices = mem_choices,
		.help = "where I/O buffers come from: malloc, shm, shmhuge, mmap[:FILE], mmapshared, mmaphuge[:FILE]" } },
	[CO_IOMEM_ALIGN] = { .type = PLIO_OPT_SIZE, .cat = CAT_BUFFERS,
		.o = {
		.name = "iomem_align", .alias = "mem_align",
		.offset = JS(iomem_align), .def = "0",
		.help = "align I/O buffers in memory to this many bytes" } },
	[CO_HUGEPAGE_SIZE] = { .type = PLIO_OPT_SIZE, .cat = CAT_BUFFERS,
		.o = {
		.name = "hugepage-size", .offset = JS(hugepage_size),
		.def = "2m",
		.help = "size of a huge page (mem=shmhuge, mmaphuge)" } },
	[CO_RATE] = { .type = OPT_TEXT_SIZES, .flags = OPTF_DIRS, .cat = CAT_RATE,
		.decode = decode_rate, .o = {
		.name = "rate", .offset = JS(txt.rate),
		.help = "cap bandwidth at this many bytes per second; READ,WRITE,TRIM allowed" } },
	[CO_RATE_MIN] = { .type = OPT_TEXT_SIZES, .flags = OPTF_DIRS, .cat = CAT_RATE,
		.decode = decode_rate_min, .o = {
		.name = "rate_min", .alias = "ratemin",
		.offset = JS(txt.rate_min),
		.help = "fail the job if its bandwidth drops below this; READ,WRITE,TRIM allowed" } },
	[CO_RATE_IOPS] = { .type = OPT_TEXT_INTS, .flags = OPTF_DIRS, .cat = CAT_RATE,
		.decode = decode_rate_iops, .o = {
		.name = "rate_iops", .offset = JS(txt.rate_iops),
		.help = "cap I/Os per second; READ,WRITE,TRIM allowed" } },
	[CO_RATE_IOPS_MIN] = { .type = OPT_TEXT_INTS, .flags = OPTF_DIRS, .cat = CAT_RATE,
		.decode = decode_rate_iops_min, .o = {
		.name = "rate_iops_min", .offset = JS(txt.rate_iops_min),
		.help = "fail the job if its I/Os per second drop below this; READ,WRITE,TRIM allowed" } },
	[CO_RATE_PROCESS] = { .type = PLIO_OPT_ENUM, .cat = CAT_RATE,
		.o = {
		.name = "rate_process", .offset = JS(rate_process),
		.def = "linear", .choices = rate_process_choices,
		.help = "how rated I/O is spaced: evenly (linear) or as a Poisson process" } },
	[CO_RATE_CYCLE] = { .type = PLIO_OPT_INT, .cat = CAT_RATE,
		.o = {
		.name = "rate_cycle", .alias = "ratecycle",
		.offset = JS(rate_cycle), .def = "1000", .min = 0,
		.max = INT64_MAX,
		.help = "window in milliseconds over which rate_min and rate_iops_min are checked" } },
	[CO_RATE_IGNORE_THINKTIME] = { .type = PLIO_OPT_BOOL, .cat = CAT_RATE,
		.o = {
		.name = "rate_ignore_thinktime",
		.offset = JS(rate_ignore_thinktime),
		.help = "keep the rate cap as if think time did not exist" } },
	[CO_THINKTIME] = { .type = PLIO_OPT_TIME, .cat = CAT_RATE,
		.o = {
		.name = "thinktime", .offset = JS(thinktime), .def = "0",
		.unit = 1,
		.help = "pause this long between I/Os (bare: microseconds)" } },
	[CO_THINKTIME_SPIN] = { .type = PLIO_OPT_TIME, .cat = CAT_RATE,
		.o = {
		.name = "thinktime_spin", .offset = JS(thinktime_spin),
		.def = "0", .unit = 1,
		.help = "spend this part of thinktime busy-waiting (bare: microseconds)" } },
	[CO_THINKTIME_BLOCKS] = { .type = PLIO_OPT_INT, .cat = CAT_RATE,
		.o = {
		.name = "thinktime_blocks", .offset = JS(thinktime_blocks),
		.def = "1", .min = 0, .max = INT64_MAX,
		.help = "pause only after this many I/Os" } },
	[CO_THINKTIME_BLOCKS_TYPE] = { .type = PLIO_OPT_ENUM, .cat = CAT_RATE,
		.o = {
		.name = "thinktime_blocks_type",
		.offset = JS(thinktime_blocks_type), .def = "complete",
		.choices = thinktime_blocks_type_choices,
		.help = "count thinktime_blocks as completed or as issued I/Os" } },
	[CO_THINKTIME_IOTIME] = { .type = PLIO_OPT_TIME, .cat = CAT_RATE,
		.o = {
		.name = "thinktime_iotime", .offset = JS(thinktime_iotime),
		.def = "0", .unit = 1000000,
		.help = "pause after doing I/O for this long (bare: seconds)" } },
	[CO_FLOW] = { .type = PLIO_OPT_INT, .cat = CAT_RATE,
		.o = {
		.name = "flow", .offset = JS(flow), .def = "0", .min = 0,
		.max = 1000,
		.help = "weight of this job in flow control between jobs sharing flow_id" } },
	[CO_FLOW_ID] = { .type = PLIO_OPT_INT, .cat = CAT_RATE,
		.o = {
		.name = "flow_id", .offset = JS(flow_id), .def = "0", .min = 0,
		.max = INT64_MAX,
		.help = "flow control group this job belongs to" } },
	[CO_FLOW_SLEEP] = { .type = PLIO_OPT_INT, .cat = CAT_RATE,
		.o = {
		.name = "flow_sleep", .offset = JS(flow_sleep), .def = "0",
		.min = 0, .max = INT64_MAX,
		.help = "microseconds to sleep when flow control holds the job back" } },
	[CO_LATENCY_TARGET] = { .type = PLIO_OPT_TIME, .cat = CAT_LATENCY,
		.o = {
		.name = "latency_target", .offset = JS(latency_target),
		.unit = 1,
		.help = "find the deepest queue that keeps latency under this (bare: microseconds)" } },
	[CO_LATENCY_WINDOW] = { .type = PLIO_OPT_TIME, .cat = CAT_LATENCY,
		.o = {
		.name = "latency_window", .offset = JS(latency_window),
		.unit = 1,
		.help = "how long latency must stay under latency_target (bare: microseconds)" } },
	[CO_LATENCY_PERCENTILE] = { .type = OPT_TEXT_FLOATS, .cat = CAT_LATENCY,
		.decode = decode_latency_percentile, .o = {
		.name = "latency_percentile",
		.offset = JS(txt.latency_percentile), .def = "100", .min = 0,
		.max = 100, .unit = 1,
		.help = "percent of I/Os that must meet latency_target" } },
	[CO_MAX_LATENCY] = { .type = OPT_TEXT_TIMES, .flags = OPTF_DIRS, .cat = CAT_LATENCY,
		.decode = decode_max_latency, .o = {
		.name = "max_latency", .offset = JS(txt.max_latency),
		.unit = 1,
		.help = "fail the job when an I/O takes longer than this (bare: microseconds); READ,WRITE,TRIM allowed" } },
	[CO_WRITE_BW_LOG] = { .type = PLIO_OPT_STR, .flags = OPTF_BARE | OPTF_FILE,
		.cat = CAT_REPORTING,
		.o = {
		.name = "write_bw_log", .offset = JS(write_bw_log),
		.help = "log bandwidth over time to files with this prefix" } },
	[CO_WRITE_IOPS_LOG] = { .type = PLIO_OPT_STR, .flags = OPTF_BARE | OPTF_FILE,
		.cat = CAT_REPORTING,
		.o = {
		.name = "write_iops_log", .offset = JS(write_iops_log),
		.help = "log IOPS over time to files with this prefix" } },
	[CO_WRITE_LAT_LOG] = { .type = PLIO_OPT_STR, .flags = OPTF_BARE | OPTF_FILE,
		.cat = CAT_REPORTING,
		.o = {
		.name = "write_lat_log", .offset = JS(write_lat_log),
		.help = "log latencies to files with this prefix" } },
	[CO_WRITE_HIST_LOG] = { .type = PLIO_OPT_STR, .flags = OPTF_BARE | OPTF_FILE,
		.cat = CAT_REPORTING,
		.o = {
		.name = "write_hist_log", .offset = JS(write_hist_log),
		.help = "log latency histograms to files with this prefix" } },
	[CO_PER_JOB_LOGS] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPORTING, .o = {
		.name = "per_job_logs", .offset = JS(per_job_logs), .def = "1",
		.help = "put the job number into log file names" } },
	[CO_LOG_AVG_MSEC] = { .type = PLIO_OPT_INT, .cat = CAT_REPORTING, .o = {
		.name = "log_avg_msec", .offset = JS(log_avg_msec), .def = "0",
		.min = 0, .max = INT64_MAX,
		.help = "average log entries over this many milliseconds (0: log every I/O)" } },
	[CO_LOG_HIST_MSEC] = { .type = PLIO_OPT_INT, .cat = CAT_REPORTING, .o = {
		.name = "log_hist_msec", .offset = JS(log_hist_msec),
		.def = "0", .min = 0, .max = INT64_MAX,
		.help = "write a histogram log entry every this many milliseconds" } },
	/* fio's documented range; fio 3.33 takes more and writes a last
	 * column of a partial group that its own parsers cannot read */
	[CO_LOG_HIST_COARSENESS] = { .type = PLIO_OPT_INT, .cat = CAT_REPORTING, .o = {
		.name = "log_hist_coarseness",
		.offset = JS(log_hist_coarseness), .def = "0", .min = 0,
		.max = 6,
		.help = "merge every 2^N histogram bins into one log column (1856 >> N columns)" } },
	[CO_LOG_OFFSET] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPORTING, .o = {
		.name = "log_offset", .offset = JS(log_offset), .def = "0",
		.help = "add each I/O's offset to log entries" } },
	/* fio 3.33's boolean log_max_value became log_window_value later:
	 * 0/1 keep their meaning, the bare name still means max */
	[CO_LOG_MAX_VALUE] = { .type = PLIO_OPT_ENUM, .flags = OPTF_BARE, .cat = CAT_REPORTING,
		.o = {
		.name = "log_max_value", .alias = "log_window_value",
		.offset = JS(log_max_value), .def = "avg",
		.choices = log_window_choices,
		.help = "what a log_avg_msec window logs: its average, its max or both" } },
	[CO_LOG_PRIO] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPORTING, .o = {
		.name = "log_prio", .offset = JS(log_prio), .def = "0",
		.help = "add each I/O's priority to log entries" } },
	[CO_LOG_ISSUE_TIME] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPORTING, .o = {
		.name = "log_issue_time", .offset = JS(log_issue_time),
		.def = "0",
		.help = "add each I/O's issue time (ns) to lat and clat log entries" } },
	[CO_BWAVGTIME] = { .type = PLIO_OPT_INT, .cat = CAT_REPORTING, .o = {
		.name = "bwavgtime", .offset = JS(bwavgtime), .def = "500",
		.min = 0, .max = INT64_MAX,
		.help = "window in milliseconds for the bandwidth averages" } },
	[CO_IOPSAVGTIME] = { .type = PLIO_OPT_INT, .cat = CAT_REPORTING, .o = {
		.name = "iopsavgtime", .offset = JS(iopsavgtime), .def = "500",
		.min = 0, .max = INT64_MAX,
		.help = "window in milliseconds for the IOPS averages" } },
	[CO_PERCENTILE_LIST] = { .type = OPT_TEXT_FLOATS, .cat = CAT_REPORTING,
		.decode = decode_percentile_list, .o = {
		.name = "percentile_list", .offset = JS(txt.percentile_list),
		.def = "1:5:10:20:30:40:50:60:70:80:90:95:99:99.5:99.9:99.95:99.99",
		.min = 0, .max = 100, .unit = 20,
		.help = "latency percentiles to report, ':' between them" } },
	[CO_CLAT_PERCENTILES] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPORTING, .o = {
		.name = "clat_percentiles", .offset = JS(clat_percentiles),
		.def = "1",
		.help = "report completion latency percentiles" } },
	[CO_LAT_PERCENTILES] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPORTING, .o = {
		.name = "lat_percentiles", .offset = JS(lat_percentiles),
		.def = "0",
		.help = "report total latency percentiles" } },
	[CO_SLAT_PERCENTILES] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPORTING, .o = {
		.name = "slat_percentiles", .offset = JS(slat_percentiles),
		.def = "0",
		.help = "report submission latency percentiles" } },
	[CO_UNIFIED_RW_REPORTING] = { .type = PLIO_OPT_ENUM, .cat = CAT_REPORTING,
		.o = {
		.name = "unified_rw_reporting",
		.offset = JS(unified_rw_reporting), .def = "none",
		.choices = unified_rw_reporting_choices,
		.help = "report reads, writes and trims apart (none), together (mixed) or both" } },
	[CO_GTOD_REDUCE] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPORTING, .o = {
		.name = "gtod_reduce", .offset = JS(gtod_reduce), .def = "0",
		.help = "take fewer clock readings (turns off most latency statistics)" } },
	[CO_DISABLE_LAT] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPORTING, .o = {
		.name = "disable_lat", .offset = JS(disable_lat), .def = "0",
		.help = "do not measure total latency" } },
	[CO_DISABLE_CLAT] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPORTING, .o = {
		.name = "disable_clat", .offset = JS(disable_clat), .def = "0",
		.help = "do not measure completion latency" } },
	[CO_DISABLE_SLAT] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPORTING, .o = {
		.name = "disable_slat", .offset = JS(disable_slat), .def = "0",
		.help = "do not measure submission latency" } },
	[CO_DISABLE_BW_MEASUREMENT] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPORTING,
		.o = {
		.name = "disable_bw_measurement", .alias = "disable_bw",
		.offset = JS(disable_bw_measurement), .def = "0",
		.help = "do not measure bandwidth and IOPS over time" } },
	[CO_STATS] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPORTING, .o = {
		.name = "stats", .offset = JS(stats), .def = "1",
		.help = "gather statistics for this job" } },
	[CO_SIGNIFICANT_FIGURES] = { .type = PLIO_OPT_INT, .cat = CAT_REPORTING, .o = {
		.name = "significant_figures",
		.offset = JS(significant_figures), .def = "4", .min = 1,
		.max = 10,
		.help = "digits shown for numbers in the normal output" } },
	[CO_READ_IOLOG] = { .type = PLIO_OPT_STR, .flags = OPTF_FILE, .cat = CAT_REPLAY,
		.o = {
		.name = "read_iolog", .offset = JS(read_iolog),
		.help = "replay the I/O recorded in this file" } },
	[CO_WRITE_IOLOG] = { .type = PLIO_OPT_STR, .flags = OPTF_FILE, .cat = CAT_REPLAY,
		.o = {
		.name = "write_iolog", .offset = JS(write_iolog),
		.help = "record the job's I/O to this file" } },
	[CO_REPLAY_NO_STALL] = { .type = PLIO_OPT_BOOL, .cat = CAT_REPLAY,
		.o = {
		.name = "replay_no_stall", .offset = JS(replay_no_stall),
		.def = "0",
		.help = "replay the I/O log as fast as possible, ignoring its timing" } },
	[CO_REPLAY_REDIRECT] = { .type = PLIO_OPT_STR, .flags = OPTF_FILE, .cat = CAT_REPLAY,
		.o = {
		.name = "replay_redirect", .offset = JS(replay_redirect),
		.help = "replay every I/O of the log onto this device" } },
	[CO_CPUS_ALLOWED] = { .type = OPT_TEXT_CPULIST, .cat = CAT_CPU,
		.o = {
		.name = "cpus_allowed", .offset = JS(txt.cpus_allowed),
		.help = "CPUs the job may run on: N, N-M, ',' between them" } },
	[CO_CPUS_ALLOWED_POLICY] = { .type = PLIO_OPT_ENUM, .cat = CAT_CPU,
		.o = {
		.name = "cpus_allowed_policy",
		.offset = JS(cpus_allowed_policy), .def = "shared",
		.choices = cpus_allowed_policy_choices,
		.help = "clones share cpus_allowed, or each takes one of the CPUs" } },
	[CO_CPUMASK] = { .type = PLIO_OPT_INT, .cat = CAT_CPU,
		.o = {
		.name = "cpumask", .offset = JS(cpumask), .min = 0,
		.max = INT64_MAX,
		.help = "CPUs the job may run on, as a bit mask" } },
	[CO_NUMA_CPU_NODES] = { .type = OPT_TEXT_CPULIST, .cat = CAT_CPU,
		.o = {
		.name = "numa_cpu_nodes", .offset = JS(txt.numa_cpu_nodes),
		.help = "NUMA nodes whose CPUs the job runs on: N, N-M, ',' between them" } },
	[CO_NUMA_MEM_POLICY] = { .type = PLIO_OPT_STR, .cat = CAT_CPU,
		.decode = decode_placement, .o = {
		.name = "numa_mem_policy", .offset = JS(numa_mem_policy),
		.help = "NUMA memory policy: default, prefer:N, bind:NODES, interleave:NODES, local" } },
	[CO_NICE] = { .type = PLIO_OPT_INT, .cat = CAT_CPU, .o = {
		.name = "nice", .offset = JS(nice), .def = "0", .min = -20,
		.max = 19,
		.help = "run the job at this nice level" } },
	[CO_PRIO] = { .type = PLIO_OPT_INT, .cat = CAT_CPU, .o = {
		.name = "prio", .offset = JS(prio), .min = 0, .max = 7,
		.help = "I/O priority level within the class" } },
	[CO_PRIOCLASS] = { .type = PLIO_OPT_INT, .cat = CAT_CPU, .o = {
		.name = "prioclass", .offset = JS(prioclass), .min = 0,
		.max = 3,
		.help = "I/O priority class" } },
	[CO_EXEC_PRERUN] = { .type = PLIO_OPT_STR, .cat = CAT_JOBS, .o = {
		.name = "exec_prerun", .offset = JS(exec_prerun),
		.help = "run this command before the job starts" } },
	[CO_EXEC_POSTRUN] = { .type = PLIO_OPT_STR, .cat = CAT_JOBS, .o = {
		.name = "exec_postrun", .offset = JS(exec_postrun),
		.help = "run this command after the job ends" } },
	[CO_UID] = { .type = PLIO_OPT_INT, .cat = CAT_JOBS, .o = {
		.name = "uid", .offset = JS(uid), .min = 0, .max = INT64_MAX,
		.help = "switch to this user ID before running the job" } },
	[CO_GID] = { .type = PLIO_OPT_INT, .cat = CAT_JOBS, .o = {
		.name = "gid", .offset = JS(gid), .min = 0, .max = INT64_MAX,
		.help = "switch to this group ID before running the job" } },
	[CO_CONTINUE_ON_ERROR] = { .type = PLIO_OPT_ENUM, .cat = CAT_ERRORS, .o = {
		.name = "continue_on_error", .offset = JS(continue_on_error),
		.def = "none", .choices = continue_on_error_choices,
		.help = "keep going after these kinds of error" } },
	[CO_IGNORE_ERROR] = { .type = PLIO_OPT_STR, .cat = CAT_ERRORS,
		.decode = decode_errors, .o = {
		.name = "ignore_error", .offset = JS(txt.ignore_error),
		.help = "errors not to stop on: READ_LIST,WRITE_LIST,VERIFY_LIST, ':' between errors" } },
	[CO_ERROR_DUMP] = { .type = PLIO_OPT_BOOL, .cat = CAT_ERRORS, .o = {
		.name = "error_dump", .offset = JS(error_dump), .def = "0",
		.help = "print every I/O error" } },
	[CO_EXITALL] = { .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .cat = CAT_JOBS,
		.o = {
		.name = "exitall", .offset = JS(exitall),
		.help = "stop every job when this one ends" } },
	[CO_EXITALL_ON_ERROR] = { .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .cat = CAT_JOBS,
		.o = {
		.name = "exitall_on_error", .offset = JS(exitall_on_error),
		.help = "stop every job when this one fails" } },
	[CO_EXIT_WHAT] = { .type = PLIO_OPT_ENUM, .cat = CAT_JOBS, .o = {
		.name = "exit_what", .offset = JS(exit_what), .def = "group",
		.choices = exit_what_choices,
		.help = "which jobs exitall stops: this group, the stonewall group, or all" } },
	[CO_STEADYSTATE] = { .type = OPT_TEXT_CHOICE_ARG, .cat = CAT_STEADYSTATE,
		.decode = decode_steadystate, .o = {
		.name = "steadystate", .alias = "ss",
		.offset = JS(txt.steadystate), .def = "iops_slope:0.01%",
		.choices = steadystate_choices,
		.help = "end the job when it is steady: iops, iops_slope, bw or bw_slope, :LIMIT" } },
	[CO_STEADYSTATE_DURATION] = { .type = PLIO_OPT_TIME, .cat = CAT_STEADYSTATE,
		.o = {
		.name = "steadystate_duration", .alias = "ss_dur",
		.offset = JS(steadystate_duration), .def = "0",
		.unit = 1000000,
		.help = "window the steadystate test looks at (bare: seconds; 0: no test)" } },
	[CO_STEADYSTATE_RAMP_TIME] = { .type = PLIO_OPT_TIME, .cat = CAT_STEADYSTATE,
		.o = {
		.name = "steadystate_ramp_time", .alias = "ss_ramp",
		.offset = JS(steadystate_ramp_time), .def = "0",
		.unit = 1000000,
		.help = "wait this long before collecting steady state data (bare: seconds)" } },
	[CO_STEADYSTATE_CHECK_INTERVAL] = { .type = PLIO_OPT_TIME, .cat = CAT_STEADYSTATE,
		.o = {
		.name = "steadystate_check_interval", .alias = "ss_interval",
		.offset = JS(steadystate_check_interval), .def = "1",
		.unit = 1000000, .min = 1000,
		.help = "how often the steadystate test takes a sample (bare: seconds)" } },
	[CO_ZONEMODE] = { .type = PLIO_OPT_ENUM, .cat = CAT_FILES, .o = {
		.name = "zonemode", .offset = JS(zonemode), .def = "none",
		.choices = zonemode_choices,
		.help = "how the region is split into zones" } },
	[CO_ZONESIZE] = { .type = PLIO_OPT_SIZE, .cat = CAT_FILES, .o = {
		.name = "zonesize", .offset = JS(zonesize), .def = "0",
		.help = "strided: bytes moved in a zone before the next" } },
	[CO_ZONERANGE] = { .type = PLIO_OPT_SIZE, .cat = CAT_FILES, .o = {
		.name = "zonerange", .offset = JS(zonerange), .def = "0",
		.help = "strided: the size of a zone (0: zonesize)" } },
	[CO_ZONESKIP] = { .type = PLIO_OPT_SIZE, .cat = CAT_FILES, .o = {
		.name = "zoneskip", .offset = JS(zoneskip), .def = "0",
		.help = "strided: bytes skipped after each zone" } },
	[CO_REPLAY_SCALE] = { .type = PLIO_OPT_INT, .cat = CAT_REPLAY, .o = {
		.name = "replay_scale", .offset = JS(replay_scale), .def = "1",
		.min = 1,
		.help = "divide the log's offsets by this" } },
	[CO_REPLAY_ALIGN] = { .type = PLIO_OPT_SIZE, .cat = CAT_REPLAY, .o = {
		.name = "replay_align", .offset = JS(replay_align), .def = "0",
		.help = "align the log's offsets down to this power of 2 (0: as logged)" } },
	[CO_REPLAY_TIME_SCALE] = { .type = PLIO_OPT_INT, .cat = CAT_REPLAY, .o = {
		.name = "replay_time_scale", .offset = JS(replay_time_scale), .def = "100",
		.min = 1,
		.help = "replay at this percentage of the log's rate" } },
	[CO_REPLAY_SKIP] = { .type = PLIO_OPT_STR, .cat = CAT_REPLAY,
		.decode = decode_replay_skip, .o = {
		.name = "replay_skip", .offset = JS(replay_skip),
		.help = "leave out the log's read, write, trim and/or sync (',' between)" } },
	[CO_CMDPRIO_PERCENTAGE] = { .type = OPT_TEXT_INTS, .flags = OPTF_DIRS, .cat = CAT_CPU,
		.o = {
		.name = "cmdprio_percentage", .offset = JS(txt.cmdprio_percentage),
		.def = "0", .min = 0, .max = 100,
		.help = "percent of I/Os sent with priority cmdprio_class/cmdprio; READ,WRITE allowed (libaio, io_uring)" } },
	[CO_CMDPRIO_CLASS] = { .type = OPT_TEXT_INTS, .flags = OPTF_DIRS, .cat = CAT_CPU,
		.o = {
		.name = "cmdprio_class", .offset = JS(txt.cmdprio_class),
		.def = "1", .min = 1, .max = 3,
		.help = "priority class of those I/Os (1 real time, 2 best effort, 3 idle); READ,WRITE allowed" } },
	[CO_CMDPRIO] = { .type = OPT_TEXT_INTS, .flags = OPTF_DIRS, .cat = CAT_CPU, .o = {
		.name = "cmdprio", .offset = JS(txt.cmdprio),
		.def = "0", .min = 0, .max = 7,
		.help = "priority level of those I/Os (0 highest, 7 lowest); READ,WRITE allowed" } },
	[CO_CMDPRIO_BSSPLIT] = { .type = PLIO_OPT_STR, .cat = CAT_CPU,
		.decode = decode_cmdprio, .o = {
		.name = "cmdprio_bssplit", .offset = JS(cmdprio_bssplit),
		.help = "per block size: bs/percent[/class/level]:...[,WRITES]; instead of cmdprio_percentage" } },
};

const char *const option_category_names[CAT_NR] = {
	[CAT_JOB] = "Job description",
	[CAT_ENGINE] = "I/O engine",
	[CAT_FILES] = "Files and devices",
	[CAT_IOTYPE] = "I/O type",
	[CAT_BS] = "Block size",
	[CAT_SIZE] = "I/O size",
	[CAT_DEPTH] = "I/O depth",
	[CAT_BUFFERS] = "Buffers and memory",
	[CAT_RATE] = "I/O rate",
	[CAT_LATENCY] = "I/O latency",
	[CAT_TIME] = "Time and repetition",
	[CAT_JOBS] = "Jobs, processes and synchronization",
	[CAT_CPU] = "CPU, NUMA and priority",
	[CAT_VERIFY] = "Verification",
	[CAT_REPLAY] = "I/O replay",
	[CAT_ERRORS] = "Error handling",
	[CAT_STEADYSTATE] = "Steady state",
	[CAT_REPORTING] = "Measurements and reporting",
	[CAT_OTHER] = "Other",
};

const struct core_option *core_option_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < CO_NR; i++) {
		const struct plio_option *o = &core_options[i].o;

		if (!strcmp(o->name, name) || (o->alias && !strcmp(o->alias, name)))
			return &core_options[i];
	}
	return NULL;
}

bool options_is_core_name(const char *name)
{
	return core_option_find(name) != NULL;
}

const struct core_option *core_of(const struct plio_option *o)
{
	uintptr_t p = (uintptr_t)o, lo = (uintptr_t)core_options;

	if (p < lo || p >= lo + sizeof(core_options) ||
	    (p - lo) % sizeof(core_options[0]))
		return NULL;
	return (const struct core_option *)o;	/* .o is the first member */
}

enum core_opt core_id(const struct plio_option *o)
{
	const struct core_option *co = core_of(o);

	return co ? (enum core_opt)(co - core_options) : CO_NR;
}

const struct cmdline_vocab *options_cmdline_vocab(void)
{
	static struct cmdline_word words[2 * CO_NR];
	static struct cmdline_vocab v;
	size_t i;

	if (v.words)
		return &v;
	for (i = 0; i < CO_NR; i++) {
		const struct plio_option *o = &core_options[i].o;
		bool needs = !option_bare_ok(o);

		words[v.n_words].name = o->name;
		words[v.n_words++].needs_value = needs;
		if (o->alias) {
			words[v.n_words].name = o->alias;
			words[v.n_words++].needs_value = needs;
		}
	}
	v.words = words;
	v.fio_knows = fio_option_known;
	return &v;
}
