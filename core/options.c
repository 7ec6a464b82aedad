/*
 * options.c - second stage of the data flow: sections to typed job specs.
 *
 * Owns the core option table, core_options[]: each option is data (name,
 * alias, type, offset into struct job_spec, default, bounds, help), and one
 * generic parser serves it and every engine's and profile's table alike.
 * options_build() walks the jobfile's sections in order: a global section
 * updates the defaults that later jobs start from; every other section
 * becomes one job_spec.  Options the core does not know go to the job's
 * engine, found through the lookup callback once the job's own ioengine=
 * is known, so engine options may come before ioengine= or sit in a
 * [global] section.  The few rules that tie options together (rwmixread
 * and rwmixwrite add up to 100, buffered is the inverse of direct, the
 * trim modes of rw= are refused for now) live in apply_core().
 *
 * fio's options plio cannot run yet are in the table too (OPTF_NOT_YET):
 * parsed and validated like the rest, their text types checked against
 * fio's syntax; options_check_runnable() then refuses a job that sets one.
 * Every other name fio knows (fio_option_names[], a plain fact list at the
 * end) is refused as fio's, so only real typos read "unknown option".
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "options.h"
#include "parse.h"

#define JS(f) ((uint32_t)offsetof(struct job_spec, f))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct plio_option_choice rw_choices[] = {
	{ "read", RW_READ, "sequential reads" },
	{ "write", RW_WRITE, "sequential writes" },
	{ "randread", RW_READ | RW_RAND, "reads at random offsets" },
	{ "randwrite", RW_WRITE | RW_RAND, "writes at random offsets" },
	{ "rw", RW_READ | RW_WRITE, "sequential reads and writes, mixed" },
	{ "readwrite", RW_READ | RW_WRITE, "the same as rw" },
	{ "randrw", RW_READ | RW_WRITE | RW_RAND, "random reads and writes, mixed" },
	{ "trim", RW_TRIM, "sequential trims" },
	{ "randtrim", RW_TRIM | RW_RAND, "trims at random offsets" },
	{ "trimwrite", RW_TRIM | RW_WRITE, "sequential trims, each block written after its trim" },
	{ "randtrimwrite", RW_TRIM | RW_WRITE | RW_RAND,
	  "random trims, each block written after its trim" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice kb_base_choices[] = {
	{ "1024", 1024, "k/m/g are powers of 1024, ki/kib powers of 1000" },
	{ "1000", 1000, "k/m/g are powers of 1000, ki/kib powers of 1024" },
	{ NULL, 0, NULL },
};

/* Choices of options plio parses but does not run yet. */
static const struct plio_option_choice unit_base_choices[] = {
	{ "0", 0, "guess from the output format" },
	{ "8", 8, "bytes" },
	{ "1", 1, "bits" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice log_window_choices[] = {
	{ "avg", 0, "the window's average" },
	{ "mean", 0, "the same as avg" },
	{ "0", 0, "the same as avg" },
	{ "max", 1, "the window's largest value" },
	{ "1", 1, "the same as max" },
	{ "both", 2, "the average, then the largest value" },
	{ "2", 2, "the same as both" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice random_distribution_choices[] = {
	{ "random", 0, "uniform" },
	{ "zipf", 1, "zipf, :THETA" },
	{ "pareto", 2, "pareto, :H" },
	{ "normal", 3, "normal, :SIGMA" },
	{ "zoned", 4, "percent of I/O per percent of the region" },
	{ "zoned_abs", 5, "percent of I/O per absolute size" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice random_generator_choices[] = {
	{ "tausworthe", 0, "fast, 32 bit" },
	{ "lfsr", 1, "hits each block once without a map" },
	{ "tausworthe64", 2, "64 bit, for large regions" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice rw_sequencer_choices[] = {
	{ "sequential", 0, "skip N blocks ahead" },
	{ "identical", 1, "repeat the same offset N times" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice file_service_type_choices[] = {
	{ "random", 0, "a file at random" },
	{ "roundrobin", 1, "the files in turn" },
	{ "sequential", 2, "finish one file before the next" },
	{ "zipf", 3, "zipf over the files" },
	{ "pareto", 4, "pareto over the files" },
	{ "normal", 5, "normal over the files" },
	{ "gauss", 5, "the same as normal" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice fallocate_choices[] = {
	{ "none", 0, "do not preallocate" },
	{ "native", 1, "the file system's own, else none" },
	{ "posix", 2, "posix_fallocate" },
	{ "keep", 3, "fallocate keeping the file size" },
	{ "truncate", 4, "ftruncate to the size" },
	{ "0", 0, "the same as none" },
	{ "1", 2, "the same as posix" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice io_submit_mode_choices[] = {
	{ "inline", 0, "the job submits its own I/O" },
	{ "offload", 1, "offload threads submit it" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice sync_choices[] = {
	{ "none", 0, "no O_SYNC" },
	{ "0", 0, "the same as none" },
	{ "sync", 2, "O_SYNC" },
	{ "1", 2, "the same as sync" },
	{ "dsync", 4, "O_DSYNC" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice verify_choices[] = {
	{ "0", 0, "no checking" },
	{ "md5", 1, "md5 checksum" },
	{ "crc64", 2, "crc64 checksum" },
	{ "crc32", 3, "crc32 checksum" },
	{ "crc32c-intel", 4, "crc32c checksum" },
	{ "crc32c", 5, "crc32c checksum" },
	{ "crc16", 6, "crc16 checksum" },
	{ "crc7", 7, "crc7 checksum" },
	{ "sha1", 8, "sha1 hash" },
	{ "sha256", 9, "sha256 hash" },
	{ "sha512", 10, "sha512 hash" },
	{ "sha3-224", 11, "sha3-224 hash" },
	{ "sha3-256", 12, "sha3-256 hash" },
	{ "sha3-384", 13, "sha3-384 hash" },
	{ "sha3-512", 14, "sha3-512 hash" },
	{ "xxhash", 15, "xxhash checksum" },
	{ "meta", 16, "header fields only" },
	{ "pattern", 17, "verify_pattern only" },
	{ "null", 18, "pretend" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice mem_choices[] = {
	{ "malloc", 0, "malloc(3)" },
	{ "shm", 1, "System V shared memory" },
	{ "shmhuge", 2, "shared memory in huge pages" },
	{ "mmap", 3, "anonymous or file mmap" },
	{ "mmapshared", 4, "shared anonymous mmap" },
	{ "mmaphuge", 5, "mmap of a hugetlbfs file" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice rate_process_choices[] = {
	{ "linear", 0, "evenly spaced" },
	{ "poisson", 1, "exponential gaps" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice thinktime_blocks_type_choices[] = {
	{ "complete", 0, "count completed I/Os" },
	{ "issue", 1, "count issued I/Os" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice unified_rw_reporting_choices[] = {
	{ "none", 0, "each direction apart" },
	{ "mixed", 1, "all directions together" },
	{ "both", 2, "apart and together" },
	{ "0", 0, "the same as none" },
	{ "1", 1, "the same as mixed" },
	{ "2", 2, "the same as both" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice cpus_allowed_policy_choices[] = {
	{ "shared", 0, "every clone may use every CPU" },
	{ "split", 1, "each clone gets one CPU" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice continue_on_error_choices[] = {
	{ "none", 0, "stop at the first error" },
	{ "read", 1, "read errors" },
	{ "write", 2, "write errors" },
	{ "io", 3, "read and write errors" },
	{ "verify", 4, "verify errors" },
	{ "all", 7, "every error" },
	{ "0", 0, "the same as none" },
	{ "1", 7, "the same as all" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice exit_what_choices[] = {
	{ "group", 0, "the jobs of this group" },
	{ "stonewall", 1, "the jobs up to the next stonewall" },
	{ "all", 2, "every job" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice steadystate_choices[] = {
	{ "iops", 0, "IOPS within LIMIT of the mean" },
	{ "iops_slope", 1, "IOPS slope below LIMIT" },
	{ "bw", 2, "bandwidth within LIMIT of the mean" },
	{ "bw_slope", 3, "bandwidth slope below LIMIT" },
	{ NULL, 0, NULL },
};

const struct plio_option core_options[] = {
	{ .name = "name", .type = PLIO_OPT_STR, .offset = JS(name),
	  .help = "job name in reports (default: the section name)" },
	{ .name = "description", .type = PLIO_OPT_STR, .offset = JS(description),
	  .help = "free text describing the job" },
	{ .name = "filename", .type = PLIO_OPT_STR, .offset = JS(filename),
	  .help = "file(s) to do I/O on, ':' between names (default: NAME.N.0)" },
	{ .name = "directory", .type = PLIO_OPT_STR, .offset = JS(directory),
	  .help = "directory that relative file names are in" },
	{ .name = "size", .type = PLIO_OPT_SIZE, .offset = JS(size),
	  .flags = OPTF_PCT,
	  .help = "bytes of I/O per job, spread over its files (default: file size)" },
	{ .name = "bs", .alias = "blocksize", .type = OPT_CORE_SIZE_RW,
	  .offset = JS(bs), .def = "4k", .min = 1,
	  .help = "bytes per I/O; READ,WRITE gives each direction its own" },
	{ .name = "rw", .alias = "readwrite", .type = PLIO_OPT_ENUM,
	  .offset = JS(rw), .def = "read", .choices = rw_choices,
	  .help = "direction and order of the I/O" },
	{ .name = "rwmixread", .type = PLIO_OPT_INT, .offset = JS(rwmixread),
	  .def = "50", .min = 0, .max = 100,
	  .help = "percent of a mixed job's I/O that reads (sets rwmixwrite)" },
	{ .name = "rwmixwrite", .type = PLIO_OPT_INT, .offset = JS(rwmixwrite),
	  .def = "50", .min = 0, .max = 100,
	  .help = "percent of a mixed job's I/O that writes (sets rwmixread)" },
	{ .name = "ioengine", .type = PLIO_OPT_STR, .offset = JS(ioengine),
	  .def = "psync",
	  .help = "engine doing the I/O: a name, a plugin path or external:PATH" },
	{ .name = "iodepth", .type = PLIO_OPT_INT, .offset = JS(iodepth),
	  .def = "1", .min = 1, .max = 65535,
	  .help = "I/O units kept in flight" },
	{ .name = "direct", .type = PLIO_OPT_BOOL, .offset = JS(direct),
	  .def = "0", .help = "open files with O_DIRECT (the opposite of buffered)" },
	{ .name = "buffered", .type = OPT_CORE_BOOL_INV, .offset = JS(direct),
	  .def = "1", .help = "go through the page cache (the opposite of direct)" },
	{ .name = "numjobs", .type = PLIO_OPT_INT, .offset = JS(numjobs),
	  .def = "1", .min = 1,
	  .help = "run this many clones of the job" },
	{ .name = "thread", .type = PLIO_OPT_BOOL,
	  .flags = OPTF_FLAG, .offset = JS(thread),
	  .help = "run workers as threads instead of processes" },
	{ .name = "runtime", .alias = "timeout", .type = PLIO_OPT_TIME,
	  .offset = JS(runtime), .def = "0", .unit = 1000000,
	  .help = "stop the job after this long (bare number: seconds; 0: no limit)" },
	{ .name = "time_based", .type = PLIO_OPT_BOOL,
	  .flags = OPTF_FLAG, .offset = JS(time_based),
	  .help = "repeat the workload until runtime has passed" },
	{ .name = "ramp_time", .type = PLIO_OPT_TIME, .offset = JS(ramp_time),
	  .unit = 1000000,
	  .help = "run this long before counting statistics (bare number: seconds)" },
	{ .name = "loops", .type = PLIO_OPT_INT, .offset = JS(loops),
	  .def = "1", .min = 1,
	  .help = "go over the job's region this many times" },
	{ .name = "randrepeat", .type = PLIO_OPT_BOOL, .offset = JS(randrepeat),
	  .def = "1", .help = "seed random offsets the same way on every run" },
	{ .name = "randseed", .type = PLIO_OPT_INT, .offset = JS(randseed),
	  .def = "0x89", .min = 0, .max = INT64_MAX,
	  .help = "seed of the random generators" },
	{ .name = "norandommap", .type = PLIO_OPT_BOOL,
	  .flags = OPTF_FLAG, .offset = JS(norandommap),
	  .help = "random I/O may repeat blocks and skip others" },
	{ .name = "group_reporting", .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG,
	  .offset = JS(group_reporting),
	  .help = "report a group's jobs together, not one by one" },
	{ .name = "end_fsync", .type = PLIO_OPT_BOOL, .offset = JS(end_fsync),
	  .def = "0", .help = "fsync the files when the job's writes are done" },
	{ .name = "fsync", .type = PLIO_OPT_INT, .offset = JS(fsync),
	  .def = "0", .min = 0, .max = INT64_MAX,
	  .help = "fsync after this many writes (0: never)" },
	{ .name = "fdatasync", .type = PLIO_OPT_INT, .offset = JS(fdatasync),
	  .def = "0", .min = 0, .max = INT64_MAX,
	  .help = "fdatasync after this many writes (0: never)" },
	/* plio's default differs from fio's 1: see doc/fio-differences.md */
	{ .name = "iodepth_batch", .alias = "iodepth_batch_submit",
	  .type = PLIO_OPT_INT, .offset = JS(iodepth_batch), .def = "0",
	  .min = 0, .max = 65535,
	  .help = "submit after this many I/Os are queued (0: once every free unit is queued)" },
	{ .name = "iodepth_batch_complete_min", .alias = "iodepth_batch_complete",
	  .type = PLIO_OPT_INT, .offset = JS(iodepth_batch_complete_min),
	  .def = "1", .min = 0, .max = 65535,
	  .help = "wait for at least this many completions at a time (0: poll)" },
	{ .name = "iodepth_batch_complete_max", .type = PLIO_OPT_INT,
	  .offset = JS(iodepth_batch_complete_max), .def = "0", .min = 0,
	  .max = 65535,
	  .help = "take at most this many completions at a time (0: iodepth)" },
	{ .name = "iodepth_low", .type = PLIO_OPT_INT, .offset = JS(iodepth_low),
	  .def = "0", .min = 0, .max = 65535,
	  .help = "once the queue is full, let it drain to this depth before refilling (default: iodepth)" },
	{ .name = "invalidate", .type = PLIO_OPT_BOOL, .offset = JS(invalidate),
	  .def = "1", .help = "drop the files' cached pages before the job starts" },
	{ .name = "buffer_pattern", .type = PLIO_OPT_STR,
	  .offset = JS(buffer_pattern),
	  .help = "fill write buffers with this: 0x hex bytes, a \"string\" or a byte 0-255" },
	{ .name = "kb_base", .type = PLIO_OPT_ENUM, .offset = JS(kb_base),
	  .def = "1024", .choices = kb_base_choices,
	  .help = "what k, m, g... mean in sizes" },

	/*
	 * fio's options that plio parses and validates but cannot run yet
	 * (OPTIONS.md tiers 1 and 2); options_check_runnable() refuses a job
	 * that sets one.  Names, aliases, types, defaults and ranges are
	 * fio 3.33's.
	 */
	{ .name = "filename_format", .type = PLIO_OPT_STR,
	  .offset = JS(filename_format), .def = "$jobname.$jobnum.$filenum",
	  .help = "template for generated file names ($jobname, $jobnum, $filenum, ...)" },
	{ .name = "filesize", .type = OPT_CORE_SIZES, .offset = JS(filesize),
	  .min = 1, .flags = OPTF_RANGE,
	  .help = "size of each file, or a LOW-HIGH range to pick from (default: size/nrfiles)" },
	{ .name = "io_size", .alias = "io_limit", .type = OPT_CORE_SIZES,
	  .offset = JS(io_size), .flags = OPTF_PCT,
	  .help = "bytes of I/O to do, which may go round the region more than once (default: size)" },
	{ .name = "bsrange", .alias = "blocksize_range",
	  .type = OPT_CORE_SIZES, .offset = JS(bsrange), .min = 1,
	  .flags = OPTF_RANGE | OPTF_NEEDS_RANGE | OPTF_DIRS,
	  .help = "pick block sizes from LOW-HIGH; READ,WRITE,TRIM ranges allowed" },
	{ .name = "startdelay", .type = OPT_CORE_TIMES,
	  .offset = JS(startdelay), .def = "0", .unit = 1000000,
	  .flags = OPTF_RANGE,
	  .help = "wait this long before starting, or a random time in LOW-HIGH (bare: seconds)" },
	{ .name = "offset", .alias = "fileoffset", .type = OPT_CORE_SIZES,
	  .offset = JS(offset), .def = "0", .flags = OPTF_PCT | OPTF_PCT0,
	  .help = "where in each file the job's region starts; N% of the file allowed" },
	{ .name = "stonewall", .alias = "wait_for_previous",
	  .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .offset = JS(stonewall),
	  .help = "start only after every job before this one has finished" },
	{ .name = "new_group", .type = PLIO_OPT_BOOL,
	  .flags = OPTF_FLAG, .offset = JS(new_group),
	  .help = "begin a new reporting group with this job" },
	{ .name = "wait_for", .type = PLIO_OPT_STR, .offset = JS(wait_for),
	  .help = "start only after the job with this name has finished" },
	{ .name = "unit_base", .type = PLIO_OPT_ENUM, .offset = JS(unit_base),
	  .def = "0", .choices = unit_base_choices,
	  .help = "report sizes in bytes (8) or bits (1); 0 guesses" },
	{ .name = "bssplit", .type = OPT_CORE_BSSPLIT, .offset = JS(bssplit),
	  .help = "mix of block sizes: SIZE/PERCENT:SIZE/PERCENT..., READ,WRITE,TRIM lists allowed" },
	{ .name = "ba", .alias = "blockalign", .type = OPT_CORE_SIZES,
	  .offset = JS(ba), .min = 1, .flags = OPTF_DIRS,
	  .help = "align random offsets to this many bytes (default: the block size)" },
	{ .name = "bs_unaligned", .alias = "blocksize_unaligned",
	  .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG, .offset = JS(bs_unaligned),
	  .help = "let block sizes from bsrange be any byte count, not sector multiples" },
	{ .name = "allrandrepeat", .type = PLIO_OPT_BOOL,
	  .offset = JS(allrandrepeat), .def = "0",
	  .help = "seed every random generator the same way on every run" },
	{ .name = "random_distribution", .type = OPT_CORE_CHOICE_ARG,
	  .offset = JS(random_distribution), .def = "random",
	  .choices = random_distribution_choices, .flags = OPTF_NOT_YET,
	  .help = "how random offsets spread: random, zipf:T, pareto:H, normal:S, zoned:..., zoned_abs:..." },
	{ .name = "random_generator", .type = PLIO_OPT_ENUM,
	  .offset = JS(random_generator), .def = "tausworthe",
	  .choices = random_generator_choices, .flags = OPTF_NOT_YET,
	  .help = "generator of random offsets" },
	{ .name = "percentage_random", .type = OPT_CORE_INTS,
	  .offset = JS(percentage_random), .def = "100,100,100", .min = 0,
	  .max = 100, .flags = OPTF_DIRS,
	  .help = "percent of I/O at random offsets, the rest sequential; READ,WRITE,TRIM allowed" },
	{ .name = "rw_sequencer", .type = PLIO_OPT_ENUM,
	  .offset = JS(rw_sequencer), .def = "sequential",
	  .choices = rw_sequencer_choices,
	  .help = "what a :N suffix of rw= does to offsets" },
	{ .name = "softrandommap", .type = PLIO_OPT_BOOL,
	  .offset = JS(softrandommap), .def = "0",
	  .help = "fall back to norandommap when the random map cannot be allocated" },
	{ .name = "offset_increment", .type = OPT_CORE_SIZES,
	  .offset = JS(offset_increment), .def = "0",
	  .flags = OPTF_PCT | OPTF_PCT0,
	  .help = "each clone's offset is this much further than the previous clone's" },
	{ .name = "offset_align", .type = PLIO_OPT_SIZE,
	  .offset = JS(offset_align), .def = "0",
	  .help = "round a percentage offset down to a multiple of this (0: the block size)" },
	{ .name = "number_ios", .type = PLIO_OPT_SIZE,
	  .offset = JS(number_ios), .def = "0",
	  .help = "end the job after this many I/Os (0: no limit)" },
	{ .name = "nrfiles", .alias = "nr_files", .type = PLIO_OPT_INT,
	  .offset = JS(nrfiles), .def = "1", .min = 1, .max = INT64_MAX,
	  .help = "number of files the job's size is spread over" },
	{ .name = "openfiles", .type = PLIO_OPT_INT, .offset = JS(openfiles),
	  .min = 0, .max = INT64_MAX,
	  .help = "keep at most this many files open at once (0: all of them)" },
	{ .name = "file_service_type", .type = OPT_CORE_CHOICE_ARG,
	  .offset = JS(file_service_type), .def = "roundrobin",
	  .choices = file_service_type_choices,
	  .help = "how the next file is picked: random, roundrobin, sequential (:N), zipf, pareto, normal, gauss" },
	{ .name = "create_on_open", .type = PLIO_OPT_BOOL,
	  .offset = JS(create_on_open), .def = "0",
	  .help = "create files only when they are first opened for I/O" },
	{ .name = "overwrite", .type = PLIO_OPT_BOOL, .offset = JS(overwrite),
	  .def = "0",
	  .help = "lay out files fully before writing so writes overwrite existing blocks" },
	{ .name = "fallocate", .type = PLIO_OPT_ENUM, .offset = JS(fallocate),
	  .def = "native", .choices = fallocate_choices,
	  .help = "how files are preallocated when they are laid out" },
	{ .name = "unlink", .type = PLIO_OPT_BOOL, .offset = JS(unlink),
	  .def = "0",
	  .help = "delete the job's files when it is done" },
	{ .name = "unlink_each_loop", .type = PLIO_OPT_BOOL,
	  .offset = JS(unlink_each_loop), .def = "0",
	  .help = "delete the job's files after every loop" },
	{ .name = "pre_read", .type = PLIO_OPT_BOOL, .offset = JS(pre_read),
	  .def = "0",
	  .help = "read the files into the page cache before the job starts" },
	{ .name = "fill_device", .alias = "fill_fs", .type = PLIO_OPT_BOOL,
	  .offset = JS(fill_device), .def = "0",
	  .help = "write until the device or file system is full (ENOSPC)" },
	{ .name = "file_append", .type = PLIO_OPT_BOOL,
	  .offset = JS(file_append), .def = "0",
	  .help = "start I/O at the current end of each file" },
	{ .name = "allow_file_create", .type = PLIO_OPT_BOOL,
	  .offset = JS(allow_file_create), .def = "1",
	  .help = "create files that do not exist yet" },
	{ .name = "allow_mounted_write", .type = PLIO_OPT_BOOL,
	  .offset = JS(allow_mounted_write), .def = "0",
	  .help = "allow writing to a block device that holds a mounted file system" },
	{ .name = "io_submit_mode", .type = PLIO_OPT_ENUM,
	  .offset = JS(io_submit_mode), .def = "inline",
	  .choices = io_submit_mode_choices,
	  .help = "submit I/O from the job itself or from offload threads" },
	{ .name = "serialize_overlap", .type = PLIO_OPT_BOOL,
	  .offset = JS(serialize_overlap), .def = "0",
	  .help = "hold back an I/O until in-flight I/Os to the same blocks complete" },
	{ .name = "sync", .type = PLIO_OPT_ENUM, .offset = JS(sync),
	  .def = "none", .choices = sync_choices,
	  .help = "open files for synchronous writes: none, sync (O_SYNC) or dsync (O_DSYNC)" },
	{ .name = "fsync_on_close", .type = PLIO_OPT_BOOL,
	  .offset = JS(fsync_on_close), .def = "0",
	  .help = "fsync each file before it is closed" },
	{ .name = "sync_file_range", .type = OPT_CORE_SYNC_RANGE,
	  .offset = JS(sync_file_range),
	  .help = "call sync_file_range(FLAGS) every N writes: wait_before,write,wait_after:N" },
	{ .name = "write_barrier", .type = PLIO_OPT_INT,
	  .offset = JS(write_barrier), .def = "0", .min = 0, .max = INT64_MAX,
	  .help = "make every Nth write a barrier write (0: never)" },
	{ .name = "verify", .type = PLIO_OPT_ENUM, .offset = JS(verify),
	  .def = "0", .choices = verify_choices, .flags = OPTF_NOT_YET,
	  .help = "check the data written: a checksum, meta, pattern or null (0: no checking)" },
	{ .name = "do_verify", .type = PLIO_OPT_BOOL, .offset = JS(do_verify),
	  .def = "1", .flags = OPTF_NOT_YET,
	  .help = "run the verify pass after the writes when verify= is set" },
	{ .name = "verify_only", .type = PLIO_OPT_BOOL,
	  .offset = JS(verify_only), .flags = OPTF_FLAG | OPTF_NOT_YET,
	  .help = "check data written earlier without writing anything" },
	{ .name = "verify_interval", .type = PLIO_OPT_SIZE,
	  .offset = JS(verify_interval), .min = 80, .flags = OPTF_NOT_YET,
	  .help = "put a verify header every this many bytes (default: the block size)" },
	{ .name = "verify_offset", .type = PLIO_OPT_SIZE,
	  .offset = JS(verify_offset), .min = 40, .flags = OPTF_NOT_YET,
	  .help = "move the verify header this many bytes into the block" },
	{ .name = "verify_pattern", .type = PLIO_OPT_STR,
	  .offset = JS(verify_pattern), .flags = OPTF_NOT_YET,
	  .help = "data to write and expect back: 0x hex, \"text\", a number, %o for offsets" },
	{ .name = "verify_fatal", .type = PLIO_OPT_BOOL,
	  .offset = JS(verify_fatal), .def = "0", .flags = OPTF_NOT_YET,
	  .help = "stop the job at the first verify failure" },
	{ .name = "verify_dump", .type = PLIO_OPT_BOOL,
	  .offset = JS(verify_dump), .def = "0", .flags = OPTF_NOT_YET,
	  .help = "dump good and bad copies of a block that fails to verify" },
	{ .name = "verify_async", .type = PLIO_OPT_INT,
	  .offset = JS(verify_async), .def = "0", .min = 0, .max = INT64_MAX,
	  .flags = OPTF_NOT_YET,
	  .help = "check data in this many separate threads (0: in the job)" },
	{ .name = "verify_backlog", .type = PLIO_OPT_SIZE,
	  .offset = JS(verify_backlog), .flags = OPTF_NOT_YET,
	  .help = "verify after every this many blocks written, not only at the end" },
	{ .name = "verify_backlog_batch", .type = PLIO_OPT_INT,
	  .offset = JS(verify_backlog_batch), .min = 0, .max = INT64_MAX,
	  .flags = OPTF_NOT_YET,
	  .help = "blocks to verify each time the backlog is worked off (default: verify_backlog)" },
	{ .name = "verify_state_save", .type = PLIO_OPT_BOOL,
	  .offset = JS(verify_state_save), .def = "1", .flags = OPTF_NOT_YET,
	  .help = "write the verify state to a file when the job ends" },
	{ .name = "verify_state_load", .type = PLIO_OPT_BOOL,
	  .offset = JS(verify_state_load), .flags = OPTF_NOT_YET,
	  .help = "read the saved verify state and check only what was written" },
	{ .name = "experimental_verify", .type = PLIO_OPT_BOOL,
	  .offset = JS(experimental_verify), .flags = OPTF_NOT_YET,
	  .help = "verify by replaying offsets instead of remembering them" },
	{ .name = "trim_percentage", .type = PLIO_OPT_INT,
	  .offset = JS(trim_percentage), .def = "0", .min = 0, .max = 100,
	  .flags = OPTF_NOT_YET,
	  .help = "percent of verified blocks to trim afterwards" },
	{ .name = "trim_verify_zero", .type = PLIO_OPT_BOOL,
	  .offset = JS(trim_verify_zero), .def = "1", .flags = OPTF_NOT_YET,
	  .help = "expect trimmed blocks to read back as zeroes" },
	{ .name = "trim_backlog", .type = PLIO_OPT_SIZE,
	  .offset = JS(trim_backlog), .flags = OPTF_NOT_YET,
	  .help = "trim after every this many blocks written" },
	{ .name = "zero_buffers", .type = PLIO_OPT_BOOL,
	  .offset = JS(zero_buffers), .flags = OPTF_FLAG | OPTF_NOT_YET,
	  .help = "fill write buffers with zeroes" },
	{ .name = "refill_buffers", .type = PLIO_OPT_BOOL,
	  .offset = JS(refill_buffers), .flags = OPTF_FLAG | OPTF_NOT_YET,
	  .help = "regenerate buffer contents before every write" },
	{ .name = "scramble_buffers", .type = PLIO_OPT_BOOL,
	  .offset = JS(scramble_buffers), .def = "1", .flags = OPTF_NOT_YET,
	  .help = "change a little of each write buffer so writes do not dedupe" },
	{ .name = "buffer_compress_percentage", .type = PLIO_OPT_INT,
	  .offset = JS(buffer_compress_percentage), .min = 0, .max = 100,
	  .flags = OPTF_NOT_YET,
	  .help = "make write buffers compress by about this percent" },
	{ .name = "buffer_compress_chunk", .type = PLIO_OPT_SIZE,
	  .offset = JS(buffer_compress_chunk), .def = "512",
	  .flags = OPTF_NOT_YET,
	  .help = "size of the compressible runs in write buffers" },
	{ .name = "dedupe_percentage", .type = PLIO_OPT_INT,
	  .offset = JS(dedupe_percentage), .min = 0, .max = 100,
	  .flags = OPTF_NOT_YET,
	  .help = "percent of write buffers that repeat earlier ones" },
	{ .name = "mem", .alias = "iomem", .type = OPT_CORE_CHOICE_ARG,
	  .offset = JS(mem), .def = "malloc", .choices = mem_choices,
	  .flags = OPTF_NOT_YET,
	  .help = "where I/O buffers come from: malloc, shm, shmhuge, mmap[:FILE], mmapshared, mmaphuge[:FILE]" },
	{ .name = "iomem_align", .alias = "mem_align", .type = PLIO_OPT_SIZE,
	  .offset = JS(iomem_align), .def = "0", .flags = OPTF_NOT_YET,
	  .help = "align I/O buffers in memory to this many bytes" },
	{ .name = "rate", .type = OPT_CORE_SIZES, .offset = JS(rate),
	  .flags = OPTF_NOT_YET | OPTF_DIRS,
	  .help = "cap bandwidth at this many bytes per second; READ,WRITE,TRIM allowed" },
	{ .name = "rate_min", .alias = "ratemin", .type = OPT_CORE_SIZES,
	  .offset = JS(rate_min), .flags = OPTF_NOT_YET | OPTF_DIRS,
	  .help = "fail the job if its bandwidth drops below this; READ,WRITE,TRIM allowed" },
	{ .name = "rate_iops", .type = OPT_CORE_INTS, .offset = JS(rate_iops),
	  .flags = OPTF_NOT_YET | OPTF_DIRS,
	  .help = "cap I/Os per second; READ,WRITE,TRIM allowed" },
	{ .name = "rate_iops_min", .type = OPT_CORE_INTS,
	  .offset = JS(rate_iops_min), .flags = OPTF_NOT_YET | OPTF_DIRS,
	  .help = "fail the job if its I/Os per second drop below this; READ,WRITE,TRIM allowed" },
	{ .name = "rate_process", .type = PLIO_OPT_ENUM,
	  .offset = JS(rate_process), .def = "linear",
	  .choices = rate_process_choices, .flags = OPTF_NOT_YET,
	  .help = "how rated I/O is spaced: evenly (linear) or as a Poisson process" },
	{ .name = "rate_cycle", .alias = "ratecycle", .type = PLIO_OPT_INT,
	  .offset = JS(rate_cycle), .def = "1000", .min = 0, .max = INT64_MAX,
	  .flags = OPTF_NOT_YET,
	  .help = "window in milliseconds over which rate_min and rate_iops_min are checked" },
	{ .name = "rate_ignore_thinktime", .type = PLIO_OPT_BOOL,
	  .offset = JS(rate_ignore_thinktime), .flags = OPTF_NOT_YET,
	  .help = "keep the rate cap as if think time did not exist" },
	{ .name = "thinktime", .type = PLIO_OPT_TIME, .offset = JS(thinktime),
	  .def = "0", .unit = 1, .flags = OPTF_NOT_YET,
	  .help = "pause this long between I/Os (bare: microseconds)" },
	{ .name = "thinktime_spin", .type = PLIO_OPT_TIME,
	  .offset = JS(thinktime_spin), .def = "0", .unit = 1,
	  .flags = OPTF_NOT_YET,
	  .help = "spend this part of thinktime busy-waiting (bare: microseconds)" },
	{ .name = "thinktime_blocks", .type = PLIO_OPT_INT,
	  .offset = JS(thinktime_blocks), .def = "1",
	  .min = 0, .max = INT64_MAX, .flags = OPTF_NOT_YET,
	  .help = "pause only after this many I/Os" },
	{ .name = "thinktime_blocks_type", .type = PLIO_OPT_ENUM,
	  .offset = JS(thinktime_blocks_type), .def = "complete",
	  .choices = thinktime_blocks_type_choices, .flags = OPTF_NOT_YET,
	  .help = "count thinktime_blocks as completed or as issued I/Os" },
	{ .name = "thinktime_iotime", .type = PLIO_OPT_TIME,
	  .offset = JS(thinktime_iotime), .def = "0", .unit = 1000000,
	  .flags = OPTF_NOT_YET,
	  .help = "pause after doing I/O for this long (bare: seconds)" },
	{ .name = "flow", .type = PLIO_OPT_INT, .offset = JS(flow), .def = "0",
	  .min = 0, .max = 1000, .flags = OPTF_NOT_YET,
	  .help = "weight of this job in flow control between jobs sharing flow_id" },
	{ .name = "flow_id", .type = PLIO_OPT_INT, .offset = JS(flow_id),
	  .def = "0", .min = 0, .max = INT64_MAX, .flags = OPTF_NOT_YET,
	  .help = "flow control group this job belongs to" },
	{ .name = "flow_sleep", .type = PLIO_OPT_INT, .offset = JS(flow_sleep),
	  .def = "0", .min = 0, .max = INT64_MAX, .flags = OPTF_NOT_YET,
	  .help = "microseconds to sleep when flow control holds the job back" },
	{ .name = "latency_target", .type = PLIO_OPT_TIME,
	  .offset = JS(latency_target), .unit = 1, .flags = OPTF_NOT_YET,
	  .help = "find the deepest queue that keeps latency under this (bare: microseconds)" },
	{ .name = "latency_window", .type = PLIO_OPT_TIME,
	  .offset = JS(latency_window), .unit = 1, .flags = OPTF_NOT_YET,
	  .help = "how long latency must stay under latency_target (bare: microseconds)" },
	{ .name = "latency_percentile", .type = OPT_CORE_FLOATS,
	  .offset = JS(latency_percentile), .def = "100", .min = 0, .max = 100,
	  .unit = 1, .flags = OPTF_NOT_YET,
	  .help = "percent of I/Os that must meet latency_target" },
	{ .name = "max_latency", .type = OPT_CORE_TIMES,
	  .offset = JS(max_latency), .unit = 1,
	  .flags = OPTF_NOT_YET | OPTF_DIRS,
	  .help = "fail the job when an I/O takes longer than this (bare: microseconds); READ,WRITE,TRIM allowed" },
	{ .name = "write_bw_log", .type = PLIO_OPT_STR,
	  .offset = JS(write_bw_log), .flags = OPTF_BARE,
	  .help = "log bandwidth over time to files with this prefix" },
	{ .name = "write_iops_log", .type = PLIO_OPT_STR,
	  .offset = JS(write_iops_log), .flags = OPTF_BARE,
	  .help = "log IOPS over time to files with this prefix" },
	{ .name = "write_lat_log", .type = PLIO_OPT_STR,
	  .offset = JS(write_lat_log), .flags = OPTF_BARE,
	  .help = "log latencies to files with this prefix" },
	{ .name = "write_hist_log", .type = PLIO_OPT_STR,
	  .offset = JS(write_hist_log), .flags = OPTF_BARE,
	  .help = "log latency histograms to files with this prefix" },
	{ .name = "per_job_logs", .type = PLIO_OPT_BOOL,
	  .offset = JS(per_job_logs), .def = "1",
	  .help = "put the job number into log file names" },
	{ .name = "log_avg_msec", .type = PLIO_OPT_INT,
	  .offset = JS(log_avg_msec), .def = "0", .min = 0, .max = INT64_MAX,
	  .help = "average log entries over this many milliseconds (0: log every I/O)" },
	{ .name = "log_hist_msec", .type = PLIO_OPT_INT,
	  .offset = JS(log_hist_msec), .def = "0", .min = 0, .max = INT64_MAX,
	  .help = "write a histogram log entry every this many milliseconds" },
	/* fio's documented range; fio 3.33 takes more and writes a last
	 * column of a partial group that its own parsers cannot read */
	{ .name = "log_hist_coarseness", .type = PLIO_OPT_INT,
	  .offset = JS(log_hist_coarseness), .def = "0", .min = 0, .max = 6,
	  .help = "merge every 2^N histogram bins into one log column (1856 >> N columns)" },
	{ .name = "log_offset", .type = PLIO_OPT_BOOL,
	  .offset = JS(log_offset), .def = "0",
	  .help = "add each I/O's offset to log entries" },
	/* fio 3.33's boolean log_max_value became log_window_value later:
	 * 0/1 keep their meaning, the bare name still means max */
	{ .name = "log_max_value", .alias = "log_window_value",
	  .type = PLIO_OPT_ENUM, .offset = JS(log_max_value), .def = "avg",
	  .choices = log_window_choices, .flags = OPTF_BARE,
	  .help = "what a log_avg_msec window logs: its average, its max or both" },
	{ .name = "log_prio", .type = PLIO_OPT_BOOL, .offset = JS(log_prio),
	  .def = "0",
	  .help = "add each I/O's priority to log entries" },
	{ .name = "log_issue_time", .type = PLIO_OPT_BOOL,
	  .offset = JS(log_issue_time), .def = "0",
	  .help = "add each I/O's issue time (ns) to lat and clat log entries" },
	{ .name = "bwavgtime", .type = PLIO_OPT_INT, .offset = JS(bwavgtime),
	  .def = "500", .min = 0, .max = INT64_MAX,
	  .help = "window in milliseconds for the bandwidth averages" },
	{ .name = "iopsavgtime", .type = PLIO_OPT_INT,
	  .offset = JS(iopsavgtime), .def = "500", .min = 0, .max = INT64_MAX,
	  .help = "window in milliseconds for the IOPS averages" },
	{ .name = "percentile_list", .type = OPT_CORE_FLOATS,
	  .offset = JS(percentile_list),
	  .def = "1:5:10:20:30:40:50:60:70:80:90:95:99:99.5:99.9:99.95:99.99",
	  .min = 0, .max = 100, .unit = 20,
	  .help = "latency percentiles to report, ':' between them" },
	{ .name = "clat_percentiles", .type = PLIO_OPT_BOOL,
	  .offset = JS(clat_percentiles), .def = "1",
	  .help = "report completion latency percentiles" },
	{ .name = "lat_percentiles", .type = PLIO_OPT_BOOL,
	  .offset = JS(lat_percentiles), .def = "0",
	  .help = "report total latency percentiles" },
	{ .name = "slat_percentiles", .type = PLIO_OPT_BOOL,
	  .offset = JS(slat_percentiles), .def = "0",
	  .help = "report submission latency percentiles" },
	{ .name = "unified_rw_reporting", .type = PLIO_OPT_ENUM,
	  .offset = JS(unified_rw_reporting), .def = "none",
	  .choices = unified_rw_reporting_choices,
	  .help = "report reads, writes and trims apart (none), together (mixed) or both" },
	{ .name = "gtod_reduce", .type = PLIO_OPT_BOOL,
	  .offset = JS(gtod_reduce), .def = "0",
	  .help = "take fewer clock readings (turns off most latency statistics)" },
	{ .name = "disable_lat", .type = PLIO_OPT_BOOL,
	  .offset = JS(disable_lat), .def = "0",
	  .help = "do not measure total latency" },
	{ .name = "disable_clat", .type = PLIO_OPT_BOOL,
	  .offset = JS(disable_clat), .def = "0",
	  .help = "do not measure completion latency" },
	{ .name = "disable_slat", .type = PLIO_OPT_BOOL,
	  .offset = JS(disable_slat), .def = "0",
	  .help = "do not measure submission latency" },
	{ .name = "disable_bw_measurement", .alias = "disable_bw",
	  .type = PLIO_OPT_BOOL, .offset = JS(disable_bw_measurement),
	  .def = "0",
	  .help = "do not measure bandwidth and IOPS over time" },
	{ .name = "stats", .type = PLIO_OPT_BOOL, .offset = JS(stats),
	  .def = "1",
	  .help = "gather statistics for this job" },
	{ .name = "significant_figures", .type = PLIO_OPT_INT,
	  .offset = JS(significant_figures), .def = "4", .min = 1, .max = 10,
	  .help = "digits shown for numbers in the normal output" },
	{ .name = "read_iolog", .type = PLIO_OPT_STR, .offset = JS(read_iolog),
	  .flags = OPTF_NOT_YET,
	  .help = "replay the I/O recorded in this file" },
	{ .name = "write_iolog", .type = PLIO_OPT_STR,
	  .offset = JS(write_iolog), .flags = OPTF_NOT_YET,
	  .help = "record the job's I/O to this file" },
	{ .name = "replay_no_stall", .type = PLIO_OPT_BOOL,
	  .offset = JS(replay_no_stall), .def = "0", .flags = OPTF_NOT_YET,
	  .help = "replay the I/O log as fast as possible, ignoring its timing" },
	{ .name = "replay_redirect", .type = PLIO_OPT_STR,
	  .offset = JS(replay_redirect), .flags = OPTF_NOT_YET,
	  .help = "replay every I/O of the log onto this device" },
	{ .name = "cpus_allowed", .type = OPT_CORE_CPULIST,
	  .offset = JS(cpus_allowed), .flags = OPTF_NOT_YET,
	  .help = "CPUs the job may run on: N, N-M, ',' between them" },
	{ .name = "cpus_allowed_policy", .type = PLIO_OPT_ENUM,
	  .offset = JS(cpus_allowed_policy),
	  .choices = cpus_allowed_policy_choices, .flags = OPTF_NOT_YET,
	  .help = "clones share cpus_allowed, or each takes one of the CPUs" },
	{ .name = "cpumask", .type = PLIO_OPT_INT, .offset = JS(cpumask),
	  .min = 0, .max = INT64_MAX, .flags = OPTF_NOT_YET,
	  .help = "CPUs the job may run on, as a bit mask" },
	{ .name = "numa_cpu_nodes", .type = OPT_CORE_CPULIST,
	  .offset = JS(numa_cpu_nodes), .flags = OPTF_NOT_YET,
	  .help = "NUMA nodes whose CPUs the job runs on: N, N-M, ',' between them" },
	{ .name = "numa_mem_policy", .type = PLIO_OPT_STR,
	  .offset = JS(numa_mem_policy), .flags = OPTF_NOT_YET,
	  .help = "NUMA memory policy: default, prefer:N, bind:NODES, interleave:NODES, local" },
	{ .name = "nice", .type = PLIO_OPT_INT, .offset = JS(nice), .def = "0",
	  .min = -20, .max = 19,
	  .help = "run the job at this nice level" },
	{ .name = "prio", .type = PLIO_OPT_INT, .offset = JS(prio), .min = 0,
	  .max = 7,
	  .help = "I/O priority level within the class" },
	{ .name = "prioclass", .type = PLIO_OPT_INT, .offset = JS(prioclass),
	  .min = 0, .max = 3,
	  .help = "I/O priority class" },
	{ .name = "exec_prerun", .type = PLIO_OPT_STR,
	  .offset = JS(exec_prerun),
	  .help = "run this command before the job starts" },
	{ .name = "exec_postrun", .type = PLIO_OPT_STR,
	  .offset = JS(exec_postrun),
	  .help = "run this command after the job ends" },
	{ .name = "uid", .type = PLIO_OPT_INT, .offset = JS(uid),
	  .min = 0, .max = INT64_MAX,
	  .help = "switch to this user ID before running the job" },
	{ .name = "gid", .type = PLIO_OPT_INT, .offset = JS(gid),
	  .min = 0, .max = INT64_MAX,
	  .help = "switch to this group ID before running the job" },
	{ .name = "continue_on_error", .type = PLIO_OPT_ENUM,
	  .offset = JS(continue_on_error), .def = "none",
	  .choices = continue_on_error_choices,
	  .help = "keep going after these kinds of error" },
	{ .name = "ignore_error", .type = PLIO_OPT_STR,
	  .offset = JS(ignore_error),
	  .help = "errors not to stop on: READ_LIST,WRITE_LIST,VERIFY_LIST, ':' between errors" },
	{ .name = "error_dump", .type = PLIO_OPT_BOOL,
	  .offset = JS(error_dump), .def = "0",
	  .help = "print every I/O error" },
	{ .name = "exitall", .type = PLIO_OPT_BOOL,
	  .flags = OPTF_FLAG, .offset = JS(exitall),
	  .help = "stop every job when this one ends" },
	{ .name = "exitall_on_error", .type = PLIO_OPT_BOOL, .flags = OPTF_FLAG,
	  .offset = JS(exitall_on_error),
	  .help = "stop every job when this one fails" },
	{ .name = "exit_what", .type = PLIO_OPT_ENUM, .offset = JS(exit_what),
	  .def = "group", .choices = exit_what_choices,
	  .help = "which jobs exitall stops: this group, the stonewall group, or all" },
	{ .name = "steadystate", .alias = "ss", .type = OPT_CORE_CHOICE_ARG,
	  .offset = JS(steadystate), .def = "iops_slope:0.01%",
	  .choices = steadystate_choices,
	  .help = "end the job when it is steady: iops, iops_slope, bw or bw_slope, :LIMIT" },
	{ .name = "steadystate_duration", .alias = "ss_dur",
	  .type = PLIO_OPT_TIME, .offset = JS(steadystate_duration),
	  .def = "0", .unit = 1000000,
	  .help = "window the steadystate test looks at (bare: seconds; 0: no test)" },
	{ .name = "steadystate_ramp_time", .alias = "ss_ramp",
	  .type = PLIO_OPT_TIME, .offset = JS(steadystate_ramp_time),
	  .def = "0", .unit = 1000000,
	  .help = "wait this long before collecting steady state data (bare: seconds)" },
	{ .name = "steadystate_check_interval", .alias = "ss_interval",
	  .type = PLIO_OPT_TIME, .offset = JS(steadystate_check_interval),
	  .def = "1", .unit = 1000000, .min = 1000,
	  .help = "how often the steadystate test takes a sample (bare: seconds)" },
};

const size_t n_core_options = ARRAY_LEN(core_options);

/* ------------------------------------------------------- generic helpers */

/* Where option o's value lives in block. */
static void *field(void *block, const struct plio_option *o)
{
	return (char *)block + o->offset;
}

/* The same, read-only. */
static const void *cfield(const void *block, const struct plio_option *o)
{
	return (const char *)block + o->offset;
}

/* Whether a bare key (no value) is allowed: it means 1. */
static bool is_bool(const struct plio_option *o)
{
	return o->type == PLIO_OPT_BOOL || o->type == OPT_CORE_BOOL_INV;
}

/* Whether min/max apply: not when both are 0 (max 0 alone: no upper bound). */
static bool bounded(const struct plio_option *o)
{
	return o->min || o->max;
}

/* The option named or aliased `name`, or NULL.  Names are case-sensitive,
 * as in fio ("SIZE" is a typo of "size", see option_suggest). */
const struct plio_option *option_find(const struct plio_option *opts, size_t n,
				      const char *name)
{
	size_t i;

	if (!opts || !name)
		return NULL;
	for (i = 0; i < n; i++) {
		if (opts[i].name && !strcmp(opts[i].name, name))
			return &opts[i];
		if (opts[i].alias && !strcmp(opts[i].alias, name))
			return &opts[i];
	}
	return NULL;
}

/* Whether o is an entry of the core table (not an engine's or profile's). */
static bool is_core(const struct plio_option *o)
{
	return o >= core_options && o < core_options + n_core_options;
}

/* "'VALUE' is out of range (MIN to MAX)" into e; returns -ERANGE. */
/* A time bound (microseconds) in the largest unit that holds it whole. */
static const char *time_text(int64_t us, char *buf, size_t len)
{
	static const struct {
		const char *unit;
		int64_t us;
	} units[] = {
		{ "d", 86400000000LL }, { "h", 3600000000LL }, { "m", 60000000LL },
		{ "s", 1000000LL }, { "ms", 1000LL }, { "us", 1LL },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(units) - 1; i++)
		if (us && us % units[i].us == 0)
			break;
	snprintf(buf, len, "%" PRId64 "%s", us / units[i].us, units[i].unit);
	return buf;
}

static int range_error(const struct plio_option *o, const char *value,
		       struct perr *e)
{
	char lo[32], hi[32];

	if (o->type == PLIO_OPT_TIME && o->max && o->max != INT64_MAX)
		return perr_setrc(e, -ERANGE, "'%s' is out of range (%s to %s)", value,
				  time_text(o->min, lo, sizeof(lo)),
				  time_text(o->max, hi, sizeof(hi)));
	if (o->type == PLIO_OPT_TIME && bounded(o))
		return perr_setrc(e, -ERANGE, "'%s' is out of range (at least %s)", value,
				  time_text(o->min, lo, sizeof(lo)));
	if (o->max && o->max != INT64_MAX)
		return perr_setrc(e, -ERANGE, "'%s' is out of range (%" PRId64
				  " to %" PRId64 ")", value, o->min, o->max);
	if (bounded(o))
		return perr_setrc(e, -ERANGE, "'%s' is out of range (at least %"
				  PRId64 ")", value, o->min);
	return perr_setrc(e, -ERANGE, "'%s' is out of range", value);
}

/* "'VALUE' is out of range (0% to 100%)" into e; returns -ERANGE. */
static int pct_error(const struct plio_option *o, const char *value,
		     struct perr *e)
{
	return perr_setrc(e, -ERANGE, "'%s' is out of range (%d%% to 100%%)", value,
			  o->flags & OPTF_PCT0 ? 0 : 1);
}

/* Bounds of an unsigned (SIZE or TIME) value. */
static bool in_bounds_u(const struct plio_option *o, uint64_t v)
{
	if (!bounded(o))
		return true;
	if (o->min > 0 && v < (uint64_t)o->min)
		return false;
	return !(o->max > 0 && v > (uint64_t)o->max);
}

/*
 * A value in parentheses that cannot be computed: why, from the evaluator
 * ("cannot compute '(4k/0)': division by zero") into e, -EINVAL; likewise
 * a size or time that comes out negative.  0 when text is no expression,
 * or one that computes, for the caller's own message.
 */
static int expr_error(const char *text, const char *value, enum expr_kind kind,
		      unsigned int kb_base, struct perr *e)
{
	char why[96];
	int64_t v;
	int rc;

	while (*text == ' ' || *text == '\t')
		text++;
	if (*text != '(')
		return 0;
	rc = parse_expr(text, kind, kb_base, &v, why, sizeof(why));
	if (!rc && v < 0 && kind != EXPR_INT)
		return perr_set(e, "'%s' comes to %" PRId64 ": a %s cannot be negative", value, v,
				kind == EXPR_SIZE ? "size" : "time");
	if (!rc)
		return 0;
	if (rc == -ERANGE)
		return perr_set(e, "cannot compute '%s': the value does not fit in 64 bits", value);
	return perr_set(e, "cannot compute '%s': %s", value, why[0] ? why : "not an expression");
}

/* One size of a SIZE or SIZE_RW option; messages name `value`. */
static int one_size(const struct plio_option *o, const char *text,
		    const char *value, unsigned int kb_base, uint64_t *out,
		    struct perr *e)
{
	uint64_t v;
	int rc = parse_size(text, kb_base, &v);

	if (rc && expr_error(text, value, EXPR_SIZE, kb_base, e))
		return -EINVAL;
	if (rc == -ERANGE)
		return range_error(o, value, e);
	if (rc)
		return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512)", value);
	if (!in_bounds_u(o, v))
		return range_error(o, value, e);
	*out = v;
	return 0;
}

static int split(char *s, char sep, char **parts, int max);

/*
 * "4k" sets all three; "4k,8k" reads 4k, writes and trims 8k (missing
 * trailing values copy the last one, as fio does); an empty value (",8k")
 * keeps that direction's current size.
 */
static int parse_size_rw(const struct plio_option *o, const char *value,
			 unsigned int kb_base, uint64_t *bs, struct perr *e)
{
	uint64_t v[3] = { bs[0], bs[1], bs[2] };
	char buf[192], *parts[3], *p;
	int n, i, rc, given = 0;

	if (strlen(value) >= sizeof(buf))
		return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512)", value);
	strcpy(buf, value);
	for (p = buf; *p; p++)
		if (*p == ':')
			*p = ',';
	n = split(buf, ',', parts, 3);
	if (n < 0)
		return perr_set(e, "'%s' has more than three sizes (READ,WRITE,TRIM)",
				value);
	for (i = 0; i < n; i++) {
		if (!*parts[i])
			continue;
		rc = one_size(o, parts[i], value, kb_base, &v[i], e);
		if (rc)
			return rc;
		given++;
	}
	if (!given)
		return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512)", value);
	for (i = n; i < 3; i++)
		v[i] = v[n - 1];
	memcpy(bs, v, sizeof(v));
	return 0;
}

/* The choice an ENUM value names (case-sensitive, as in fio), or NULL. */
static const struct plio_option_choice *find_choice(const struct plio_option *o,
						    const char *value)
{
	const struct plio_option_choice *c;

	for (c = o->choices; c && c->value; c++)
		if (!strcmp(c->value, value))
			return c;
	return NULL;
}

/* "'x' is not one of: a, b, c" into e. */
static int enum_error(const struct plio_option *o, const char *value,
		      struct perr *e)
{
	const struct plio_option_choice *c;
	char list[PERR_LEN] = "";
	size_t used = 0;

	for (c = o->choices; c && c->value && used < sizeof(list); c++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
					 c == o->choices ? "" : ", ", c->value);
	return perr_set(e, "'%s' is not one of: %s", value, list);
}

/* ----------------------------------------------- validated-text types */

/* Whether o's value is an owned string: PLIO_OPT_STR or a text type. */
static bool is_text(const struct plio_option *o)
{
	return o->type == PLIO_OPT_STR ||
	       (o->type >= OPT_CORE_SIZES && o->type <= OPT_CORE_CPULIST);
}

/*
 * Whether a bare key (no value) is accepted: as in fio, for the core's
 * flags (OPTF_FLAG) but not its other bools; for every engine or profile
 * bool (the plugin ABI says so); for strings marked OPTF_BARE.
 */
static bool takes_bare(const struct plio_option *o)
{
	if (o->flags & OPTF_BARE)
		return true;
	return is_bool(o) && (!is_core(o) || (o->flags & OPTF_FLAG));
}

/*
 * Split s in place at each sep into at most max parts (empty parts kept,
 * blanks around each trimmed).  Returns the count, or -E2BIG for more.
 */
static int split(char *s, char sep, char **parts, int max)
{
	int n = 0;
	char *p = s, *end;

	for (;;) {
		char *next = strchr(p, sep);

		if (n == max)
			return -E2BIG;
		if (next)
			*next = '\0';
		p += strspn(p, " \t");
		end = p + strlen(p);
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		parts[n++] = p;
		if (!next)
			return n;
		p = next + 1;
	}
}

/* One number of a SIZES, INTS or TIMES value, bounds checked: 0,
 * -EINVAL when it is not one, -ERANGE out of bounds, -EDOM for a
 * percentage out of bounds. */
static int check_scalar(const struct plio_option *o, const char *t,
			unsigned int kb_base)
{
	size_t len = strlen(t);
	uint64_t u;
	int64_t i;
	int rc;

	if (!len)
		return -EINVAL;
	switch (o->type) {
	case OPT_CORE_SIZES:
		if ((o->flags & OPTF_PCT) && t[len - 1] == '%') {
			char num[32];

			if (len > sizeof(num))
				return -EINVAL;
			memcpy(num, t, len - 1);
			num[len - 1] = '\0';
			rc = parse_int(num, &i);
			if (rc)
				return rc;
			return i < (o->flags & OPTF_PCT0 ? 0 : 1) || i > 100 ?
			       -EDOM : 0;
		}
		rc = parse_size(t, kb_base, &u);
		break;
	case OPT_CORE_TIMES:
		rc = parse_time_us(t, o->unit ? o->unit : 1000000, &u);
		break;
	default:
		rc = parse_int_mult(t, kb_base, &i);
		if (!rc && bounded(o) && (i < o->min || (o->max && i > o->max)))
			rc = -ERANGE;
		return rc;
	}
	if (!rc && !in_bounds_u(o, u))
		rc = -ERANGE;
	return rc;
}

/* One value, or with OPTF_RANGE a LOW-HIGH / LOW:HIGH range of two. */
static int check_element(const struct plio_option *o, char *t,
			 unsigned int kb_base)
{
	char *sep = NULL;
	int rc;

	if (o->flags & OPTF_RANGE) {
		sep = strchr(t + (*t == '-'), '-');
		if (!sep)
			sep = strchr(t, ':');
	}
	if (!sep)
		return o->flags & OPTF_NEEDS_RANGE ? -EINVAL : check_scalar(o, t, kb_base);
	*sep = '\0';
	rc = check_scalar(o, t, kb_base);
	if (!rc)
		rc = check_scalar(o, sep + 1 + strspn(sep + 1, " \t"), kb_base);
	/*
	 * HIGH-LOW: fio swaps bsrange's, but takes filesize's and
	 * startdelay's as a wrapped-around span (16 EiB files, a delay that
	 * never ends): refused there
	 */
	if (!rc && o->offset != JS(bsrange)) {
		uint64_t lo = 0, hi = 0;
		const char *h = sep + 1 + strspn(sep + 1, " \t");

		if (o->type == OPT_CORE_TIMES) {
			parse_time_us(t, o->unit ? o->unit : 1000000, &lo);
			parse_time_us(h, o->unit ? o->unit : 1000000, &hi);
		} else {
			parse_size(t, kb_base, &lo);
			parse_size(h, kb_base, &hi);
		}
		if (lo > hi)
			rc = -EILSEQ;
	}
	return rc;
}

/* SIZES, INTS, TIMES: one element, or up to three per direction. */
static int check_values(const struct plio_option *o, const char *value,
			char *buf, unsigned int kb_base, struct perr *e)
{
	static const char *const what[] = {
		"a size (e.g. 4k, 1m, 512)", "an integer (e.g. 8, 16k, 0x10)", "a time (e.g. 10s, 500ms, 2m)",
	};
	const char *kind = what[o->type == OPT_CORE_SIZES ? 0 :
				o->type == OPT_CORE_INTS ? 1 : 2];
	char *parts[3];
	int n, i, rc, given = 0;

	n = split(buf, ',', parts, o->flags & OPTF_DIRS ? 3 : 1);
	if (n < 0)
		return perr_set(e, "'%s' has too many values (%s)", value,
				o->flags & OPTF_DIRS ? "at most READ,WRITE,TRIM" :
				"only one is allowed");
	for (i = 0; i < n; i++) {
		if (!*parts[i] && n > 1)
			continue;
		rc = check_element(o, parts[i], kb_base);
		if (rc == -EDOM)
			return pct_error(o, value, e);
		if (rc == -ERANGE)
			return range_error(o, value, e);
		if (rc == -EILSEQ)
			return perr_set(e, "'%s' is a range from high to low: write LOW-HIGH",
					value);
		if (rc && (o->flags & OPTF_NEEDS_RANGE))
			return perr_set(e, "'%s' is not a LOW-HIGH size range (e.g. 4k-64k)%s",
					value, o->flags & OPTF_DIRS ?
					"; READ,WRITE,TRIM ranges allowed" : "");
		if (rc)
			return perr_set(e, "'%s' is not %s%s%s", value, kind,
					o->flags & OPTF_RANGE ? ", or a LOW-HIGH range" : "",
					o->flags & OPTF_PCT ? ", or N%" : "");
		given++;
	}
	if (!given)
		return perr_set(e, "'%s' is not %s", value, kind);
	return 0;
}

/* A decimal number, all of t; -EINVAL otherwise. */
static int check_float(const char *t, double *out)
{
	char *end;

	if (!*t)
		return -EINVAL;
	errno = 0;
	*out = strtod(t, &end);
	if (*end || errno || *out != *out)
		return -EINVAL;
	return 0;
}

/* FLOATS: at most max(unit, 1) decimals, ':' between them, in bounds. */
static int check_floats(const struct plio_option *o, const char *value,
			char *buf, struct perr *e)
{
	int max = o->unit ? (int)o->unit : 1;
	size_t len = strlen(buf);
	char *p, *next;
	double d;

	/* fio takes a trailing ':' ("50:99:"); report.c stops there too */
	if (max > 1 && len > 1 && buf[len - 1] == ':')
		buf[len - 1] = '\0';
	/* a list longer than `max` is taken, as fio takes it: the job's
	 * checks warn that only the first `max` count (options_build) */
	if (max == 1 && strchr(buf, ':'))
		return perr_set(e, "'%s' has more than one number", value);
	for (p = buf; p; p = next) {
		next = strchr(p, ':');
		if (next)
			*next++ = '\0';
		if (check_float(p, &d))
			return perr_set(e, "'%s' is not %s", value, max > 1 ?
					"a list of numbers (e.g. 50:99:99.9)" :
					"a number (e.g. 99.9)");
		if (bounded(o) && (d < (double)o->min ||
				   (o->max && d > (double)o->max)))
			return range_error(o, value, e);
	}
	return 0;
}

/*
 * A bssplit percentage: N or N% (fio reads both), 0 or more; 0 means
 * none given, as in fio.  Above 100 counts as 100 (fio caps it too).
 */
static int bssplit_pct(const char *t, int64_t *p)
{
	char num[32];
	size_t len = strlen(t);

	if (len && t[len - 1] == '%')
		len--;
	if (!len || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, t, len);
	num[len] = '\0';
	if (parse_int(num, p) || *p < 0 || *p > INT32_MAX)
		return -EINVAL;
	if (*p > 100)
		*p = 100;
	return 0;
}

/*
 * BSSPLIT: per direction, SIZE/PERCENT items with ':' between them
 * (empty items, as a trailing ':' leaves, are skipped as in fio).  Sizes
 * without a percentage (or with 0) share what the others leave of 100;
 * when the others already pass 100 there is nothing to share, and fio
 * gives them a wrapped-around share that takes nearly every pick:
 * refused here.
 */
static int check_bssplit(const char *value, char *buf, unsigned int kb_base,
			 struct perr *e)
{
	char *dirs[3], *items[64], *pct;
	int nd, ni, d, i, sizes, missing, given = 0;
	uint64_t u;
	int64_t p, sum;

	nd = split(buf, ',', dirs, 3);
	if (nd < 0)
		return perr_set(e, "'%s' has too many lists (at most READ,WRITE,TRIM)",
				value);
	for (d = 0; d < nd; d++) {
		if (!*dirs[d] && nd > 1)
			continue;
		ni = split(dirs[d], ':', items, 64);
		if (ni < 0)
			return perr_set(e, "'%s' has too many block sizes (at most 64)",
					value);
		for (i = sizes = missing = 0, sum = 0; i < ni; i++) {
			if (!*items[i] && ni > 1)
				continue;
			pct = strchr(items[i], '/');
			if (pct)
				*pct++ = '\0';
			if (parse_size(items[i], kb_base, &u) || !u)
				goto bad;
			p = 0;
			if (pct && *pct && bssplit_pct(pct, &p))
				return perr_set(e, "'%s': '%s' is not a percentage (a whole number, e.g. 30 or 30%%)",
						value, pct);
			if (p)
				sum += p;
			else
				missing++;
			sizes++;
		}
		if (!sizes)
			goto bad;
		if (missing && sum > 100)
			return perr_set(e, "'%s': the percentages given add up to %" PRId64
					", over 100: nothing is left for the sizes without one (or with 0)",
					value, sum);
		given++;
	}
	if (given)
		return 0;
bad:
	return perr_set(e, "'%s' is not a block size split (e.g. 4k/30:64k/70)",
			value);
}

/* Whether t is a number with an optional size suffix or '%'. */
static bool numeric_arg(const char *t)
{
	char *end;

	if (!*t)
		return false;
	(void)strtod(t, &end);
	return end != t && strspn(end, "kKmMgGtTpPiIbB%") == strlen(end);
}

/* CHOICE_ARG: CHOICE or CHOICE:ARGS; ARGS are numbers with ':' ',' '/'
 * between them (mem= takes a file name instead). */
static int check_choice_arg(const struct plio_option *o, const char *value,
			    char *buf, struct perr *e)
{
	char *colon = strchr(buf, ':'), *p, *tok;

	if (colon)
		*colon = '\0';
	if (!find_choice(o, buf))
		return enum_error(o, buf, e);
	if (!colon && o->offset == JS(steadystate))
		return perr_set(e, "'%s' has no :LIMIT (e.g. iops_slope:0.1%%)", value);
	if (!colon)
		return 0;
	if (!colon[1])
		return perr_set(e, "'%s' has nothing after ':'", value);
	if (o->offset == JS(mem))
		return 0;
	for (p = colon + 1; (tok = strsep(&p, ":,/"));)
		if (!numeric_arg(tok))
			return perr_set(e, "'%s': '%s' is not a number", value, tok);
	return 0;
}

/* SYNC_RANGE: FLAG[,FLAG...][:N] with flags wait_before, write,
 * wait_after; without :N every write (fio's rule). */
static int check_sync_range(const char *value, char *buf, struct perr *e)
{
	char *colon = strchr(buf, ':'), *p = buf, *tok;
	int64_t n;

	if (colon && (parse_int_mult(colon + 1, 1024, &n) || n < 0))
		goto bad;
	if (colon)
		*colon = '\0';
	while ((tok = strsep(&p, ",")))
		if (strcmp(tok, "wait_before") && strcmp(tok, "write") &&
		    strcmp(tok, "wait_after"))
			goto bad;
	return 0;
bad:
	return perr_set(e, "'%s' is not FLAGS[:N] (flags: wait_before, write, wait_after)",
			value);
}

/* CPULIST: N or N-M (N <= M), ',' between them. */
static int check_cpulist(const char *value, char *buf, struct perr *e)
{
	char *p = buf, *tok, *dash;
	size_t len = strlen(buf);
	int64_t lo, hi;

	if (len > 1 && buf[len - 1] == ',')
		buf[len - 1] = '\0';	/* fio takes a trailing ',' */
	while ((tok = strsep(&p, ","))) {
		dash = strchr(tok, '-');
		if (dash)
			*dash = '\0';
		if (parse_int(tok, &lo) || lo < 0)
			goto bad;
		hi = lo;
		if (dash && (parse_int(dash + 1, &hi) || hi < lo))
			goto bad;
	}
	return 0;
bad:
	return perr_set(e, "'%s' is not a CPU list (e.g. 0-3,8)", value);
}

bool option_bare_ok(const struct plio_option *o)
{
	return takes_bare(o);
}

/* Check value against a text type's syntax; 0 or the error in e. */
static int check_text(const struct plio_option *o, const char *value,
		      unsigned int kb_base, struct perr *e)
{
	char *buf = strdup(value);
	int rc = 0;

	if (!buf)
		return perr_setrc(e, -ENOMEM, "out of memory");
	switch (o->type) {
	case OPT_CORE_SIZES:
	case OPT_CORE_INTS:
	case OPT_CORE_TIMES:
		rc = check_values(o, value, buf, kb_base, e);
		break;
	case OPT_CORE_FLOATS:
		rc = check_floats(o, value, buf, e);
		break;
	case OPT_CORE_BSSPLIT:
		rc = check_bssplit(value, buf, kb_base, e);
		break;
	case OPT_CORE_CHOICE_ARG:
		rc = check_choice_arg(o, value, buf, e);
		break;
	case OPT_CORE_SYNC_RANGE:
		rc = check_sync_range(value, buf, e);
		break;
	case OPT_CORE_CPULIST:
		rc = check_cpulist(value, buf, e);
		break;
	}
	free(buf);
	return rc;
}

/*
 * Store value (NULL: bare key) into o's place in block.  On error block is
 * unchanged and e holds the WHAT part ("'4q' is not a size ...").
 */
int option_parse_value(const struct plio_option *o, const char *value,
		       unsigned int kb_base, void *block, struct perr *e)
{
	const struct plio_option_choice *c;
	uint64_t u;
	int64_t i;
	int b, rc;
	char *s;

	if (!value && !takes_bare(o))
		return perr_set(e, "needs a value%s", is_bool(o) ? " (1 or 0)" : "");
	/* fio refuses key= for every option: an unset ${VAR} or a slip */
	if (value && !*value)
		return perr_set(e, "an empty value is not allowed");
	if (!value && (o->flags & OPTF_BARE))
		value = "";
	if (is_text(o) && o->type != PLIO_OPT_STR) {
		rc = check_text(o, value, kb_base, e);
		if (rc)
			return rc;
	}
	switch (o->type) {
	case PLIO_OPT_BOOL:
	case OPT_CORE_BOOL_INV:
		b = 1;
		if (value && (o->flags & OPTF_FLAG) && !parse_int_mult(value, kb_base, &i))
			b = i != 0;	/* fio takes any number for a flag */
		else if (value && parse_bool(value, &b))
			return perr_set(e, "'%s' is not a boolean (1 or 0)", value);
		*(int *)field(block, o) = o->type == OPT_CORE_BOOL_INV ? !b : b;
		return 0;
	case PLIO_OPT_INT:
		rc = parse_int_mult(value, kb_base, &i);
		if (rc && expr_error(value, value, EXPR_INT, kb_base, e))
			return -EINVAL;
		if (rc == -ERANGE)
			return range_error(o, value, e);
		if (rc)
			return perr_set(e, "'%s' is not an integer (e.g. 8, 16k, 0x10)", value);
		if (bounded(o) && (i < o->min || (o->max && i > o->max)))
			return range_error(o, value, e);
		*(int64_t *)field(block, o) = i;
		return 0;
	case PLIO_OPT_SIZE:
		if ((o->flags & OPTF_PCT) && *value && value[strlen(value) - 1] == '%') {
			/* N% of the file: kept apart from bytes by OPT_PCT_FLAG */
			char num[32];
			size_t len = strlen(value) - 1;

			if (len >= sizeof(num))
				return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512), or N%%",
						value);
			memcpy(num, value, len);
			num[len] = '\0';
			if (parse_int(num, &i))
				return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512), or N%%",
						value);
			if (i < (o->flags & OPTF_PCT0 ? 0 : 1) || i > 100)
				return pct_error(o, value, e);
			*(uint64_t *)field(block, o) = OPT_PCT_FLAG | (uint64_t)i;
			return 0;
		}
		rc = one_size(o, value, value, kb_base, &u, e);
		if (rc)
			return rc;
		if ((o->flags & OPTF_PCT) && (u & OPT_PCT_FLAG))
			return range_error(o, value, e);
		*(uint64_t *)field(block, o) = u;
		return 0;
	case PLIO_OPT_TIME:
		rc = parse_time_us(value, o->unit ? o->unit : 1000000, &u);
		if (rc && expr_error(value, value, EXPR_TIME, 0, e))
			return -EINVAL;
		if (rc == -ERANGE)
			return range_error(o, value, e);
		if (rc)
			return perr_set(e, "'%s' is not a time (e.g. 10s, 500ms, 2m)", value);
		if (!in_bounds_u(o, u))
			return range_error(o, value, e);
		*(uint64_t *)field(block, o) = u;
		return 0;
	case PLIO_OPT_STR:
	case OPT_CORE_SIZES:
	case OPT_CORE_INTS:
	case OPT_CORE_TIMES:
	case OPT_CORE_FLOATS:
	case OPT_CORE_BSSPLIT:
	case OPT_CORE_CHOICE_ARG:
	case OPT_CORE_SYNC_RANGE:
	case OPT_CORE_CPULIST:
		s = strdup(value);
		if (!s)
			return perr_setrc(e, -ENOMEM, "out of memory");
		free(*(char **)field(block, o));
		*(char **)field(block, o) = s;
		return 0;
	case PLIO_OPT_ENUM:
		if (!*value && (o->flags & OPTF_BARE))
			value = "1";	/* a choice given bare: its "on" */
		c = find_choice(o, value);
		if (!c)
			return enum_error(o, value, e);
		*(int64_t *)field(block, o) = c->ival;
		return 0;
	case OPT_CORE_SIZE_RW:
		return parse_size_rw(o, value, kb_base, (uint64_t *)field(block, o), e);
	}
	return perr_set(e, "option '%s' has an unknown type (%u)", o->name, o->type);
}

/* Store every option's default (def, parsed with kb_base 1024) into block. */
int option_set_defaults(const struct plio_option *opts, size_t n, void *block,
			struct perr *e)
{
	struct perr what;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (!opts[i].def)
			continue;
		rc = option_parse_value(&opts[i], opts[i].def, 1024, block, &what);
		if (rc)
			return perr_setrc(e, rc, "option '%s': bad default: %s",
					  opts[i].name, what.msg);
	}
	return 0;
}

/* snprintf into buf; -ENOSPC when it did not fit. */
static int put(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int put(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!len)
		return -ENOSPC;
	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 ? -EINVAL : (size_t)n >= len ? -ENOSPC : 0;
}

/* A time in microseconds in the largest unit that is exact. */
static int put_time(char *buf, size_t len, uint64_t us)
{
	if (!us)
		return put(buf, len, "0");
	if (!(us % 1000000))
		return put(buf, len, "%" PRIu64 "s", us / 1000000);
	if (!(us % 1000))
		return put(buf, len, "%" PRIu64 "ms", us / 1000);
	return put(buf, len, "%" PRIu64 "us", us);
}

/*
 * The value as job-file text that re-parses to the same value under either
 * kb_base (sizes as plain bytes).  0, or -ENOSPC when truncated.
 */
int option_format_value(const struct plio_option *o, const void *block,
			char *buf, size_t len)
{
	const struct plio_option_choice *c;
	const uint64_t *bs;
	const char *s;
	int64_t i;

	switch (o->type) {
	case PLIO_OPT_BOOL:
		return put(buf, len, "%d", *(const int *)cfield(block, o) ? 1 : 0);
	case OPT_CORE_BOOL_INV:
		return put(buf, len, "%d", *(const int *)cfield(block, o) ? 0 : 1);
	case PLIO_OPT_INT:
		return put(buf, len, "%" PRId64, *(const int64_t *)cfield(block, o));
	case PLIO_OPT_SIZE:
		if ((o->flags & OPTF_PCT) && (*(const uint64_t *)cfield(block, o) & OPT_PCT_FLAG))
			return put(buf, len, "%" PRIu64 "%%",
				   (uint64_t)(*(const uint64_t *)cfield(block, o) & ~OPT_PCT_FLAG));
		/* plain bytes re-parse the same under either kb_base */
		return put(buf, len, "%" PRIu64, *(const uint64_t *)cfield(block, o));
	case PLIO_OPT_TIME:
		return put_time(buf, len, *(const uint64_t *)cfield(block, o));
	case PLIO_OPT_STR:
	case OPT_CORE_SIZES:
	case OPT_CORE_INTS:
	case OPT_CORE_TIMES:
	case OPT_CORE_FLOATS:
	case OPT_CORE_BSSPLIT:
	case OPT_CORE_CHOICE_ARG:
	case OPT_CORE_SYNC_RANGE:
	case OPT_CORE_CPULIST:
		s = *(char *const *)cfield(block, o);
		return put(buf, len, "%s", s ? s : "");
	case PLIO_OPT_ENUM:
		i = *(const int64_t *)cfield(block, o);
		for (c = o->choices; c && c->value; c++)
			if (c->ival == i)
				return put(buf, len, "%s", c->value);
		return put(buf, len, "%" PRId64, i);
	case OPT_CORE_SIZE_RW:
		bs = cfield(block, o);
		if (bs[0] == bs[1] && bs[1] == bs[2])
			return put(buf, len, "%" PRIu64, bs[0]);
		if (bs[1] == bs[2])
			return put(buf, len, "%" PRIu64 ",%" PRIu64, bs[0], bs[1]);
		return put(buf, len, "%" PRIu64 ",%" PRIu64 ",%" PRIu64, bs[0],
			   bs[1], bs[2]);
	}
	if (len)
		buf[0] = '\0';
	return -EINVAL;
}

/* Free (and clear) the strings block holds for this table. */
void option_free_values(const struct plio_option *opts, size_t n, void *block)
{
	size_t i;

	if (!block)
		return;
	for (i = 0; i < n; i++) {
		if (!is_text(&opts[i]))
			continue;
		free(*(char **)field(block, &opts[i]));
		*(char **)field(block, &opts[i]) = NULL;
	}
}

/* The type column of the help table. */
static const char *type_name(const struct plio_option *o)
{
	switch (o->type) {
	case PLIO_OPT_BOOL:
	case OPT_CORE_BOOL_INV:
		return "bool";
	case PLIO_OPT_INT:
		return "int";
	case PLIO_OPT_SIZE:
		return "size";
	case PLIO_OPT_TIME:
		return "time";
	case PLIO_OPT_STR:
		return "string";
	case PLIO_OPT_ENUM:
		return "choice";
	case OPT_CORE_SIZE_RW:
		return "size[,size,size]";
	case OPT_CORE_SIZES:
		return o->flags & OPTF_RANGE ? "size range" :
		       o->flags & OPTF_DIRS ? "size[,size,size]" : "size or N%";
	case OPT_CORE_INTS:
		return "int[,int,int]";
	case OPT_CORE_TIMES:
		return o->flags & OPTF_RANGE ? "time range" : "time[,time,time]";
	case OPT_CORE_FLOATS:
		return o->unit > 1 ? "number list" : "number";
	case OPT_CORE_BSSPLIT:
		return "bssplit";
	case OPT_CORE_CHOICE_ARG:
		return "choice[:args]";
	case OPT_CORE_SYNC_RANGE:
		return "flags:int";
	case OPT_CORE_CPULIST:
		return "cpu list";
	}
	return "?";
}

/* What the default column shows: the table's text, or the zero value. */
static const char *default_text(const struct plio_option *o)
{
	if (o->def)
		return o->def;
	return is_text(o) ? "-" : "0";
}

/* "name" or "name (alias)" into buf. */
static const char *name_text(const struct plio_option *o, char *buf, size_t len)
{
	if (o->alias)
		snprintf(buf, len, "%s (%s)", o->name, o->alias);
	else
		snprintf(buf, len, "%s", o->name);
	return buf;
}

/* One aligned row per option, ENUM choices listed below their option. */
void option_print_help(FILE *out, const struct plio_option *opts, size_t n)
{
	int wname = 4, wtype = 4, wdef = 7, w;
	const struct plio_option_choice *c;
	char nb[128];
	size_t i;

	for (i = 0; i < n; i++) {
		w = (int)strlen(name_text(&opts[i], nb, sizeof(nb)));
		wname = w > wname ? w : wname;
		w = (int)strlen(type_name(&opts[i]));
		wtype = w > wtype ? w : wtype;
		w = (int)strlen(default_text(&opts[i]));
		wdef = w > wdef ? w : wdef;
	}
	fprintf(out, "%-*s  %-*s  %-*s  %s\n", wname, "name", wtype, "type",
		wdef, "default", "description");
	for (i = 0; i < n; i++) {
		const struct plio_option *o = &opts[i];

		fprintf(out, "%-*s  %-*s  %-*s  %s", wname,
			name_text(o, nb, sizeof(nb)), wtype, type_name(o), wdef,
			default_text(o), o->help ? o->help : "");
		if (o->type == PLIO_OPT_INT && bounded(o)) {
			if (o->max && o->max != INT64_MAX)
				fprintf(out, " [%" PRId64 "-%" PRId64 "]", o->min, o->max);
			else
				fprintf(out, " [>= %" PRId64 "]", o->min);
		}
		fputc('\n', out);
		for (c = o->choices; (o->type == PLIO_OPT_ENUM ||
				      o->type == OPT_CORE_CHOICE_ARG) &&
				     c && c->value; c++)
			fprintf(out, "%-*s    %-*s  %s\n", wname, "", wtype + wdef,
				c->value, c->help ? c->help : "");
	}
}

/* Levenshtein distance of a and b, ignoring case; large when too long. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[65], prev, tmp;

	if (la > 64 || lb > 64)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = tolower((unsigned char)a[i - 1]) !=
				      tolower((unsigned char)b[j - 1]);
			size_t best = prev + cost;

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

/*
 * How close candidate cand is to the typo: its edit distance when that is
 * at most 2 (and shorter than the typo), 3 for a prefix match either way
 * (at least 3 characters), else SIZE_MAX.
 */
static size_t closeness(const char *typo, const char *cand)
{
	size_t d, lt = strlen(typo), lc = strlen(cand);

	d = edit_distance(typo, cand);
	if (d <= 2 && d < lt)
		return d;
	if (lt >= 3 && lt < lc && !strncasecmp(typo, cand, lt))
		return 3;
	if (lc >= 3 && lc < lt && !strncasecmp(typo, cand, lc))
		return 3;
	return SIZE_MAX;
}

/* Keep in *best the closest name of the table to typo seen so far. */
static void suggest_in(const struct plio_option *opts, size_t n,
		       const char *typo, const char **best, size_t *score)
{
	size_t i, s;

	for (i = 0; opts && i < n; i++) {
		s = opts[i].name ? closeness(typo, opts[i].name) : SIZE_MAX;
		if (s < *score) {
			*score = s;
			*best = opts[i].name;
		}
		s = opts[i].alias ? closeness(typo, opts[i].alias) : SIZE_MAX;
		if (s < *score) {
			*score = s;
			*best = opts[i].alias;
		}
	}
}

const struct plio_option *options_suggest_extra;
size_t options_n_suggest_extra;

/* The table's closest name or alias to a typo (see closeness()), or NULL. */
const char *option_suggest(const struct plio_option *opts, size_t n,
			   const char *name)
{
	const char *best = NULL;
	size_t score = SIZE_MAX;

	if (name)
		suggest_in(opts, n, name, &best, &score);
	return best;
}

/* ------------------------------------------------------------ job specs */

/* A global option the core does not know, kept for the jobs' engines. */
struct pending {
	const struct jf_entry *en;
	bool used;
};

struct builder {
	engine_lookup_fn lookup;
	struct perr *e;
	struct job_spec glob;		/* defaults for the next job */
	const struct jf_entry *glob_ioengine;	/* the global ioengine= */
	struct pending *gext;		/* global non-core entries, in order */
	size_t n_gext;
	struct job_list out;
};

/* Whether core option o is the one stored at offset. */
static bool core_is(const struct plio_option *o, uint32_t offset)
{
	return o->offset == offset;
}

/* Free a job spec with its strings, set[] and engine options. */
static void spec_free(struct job_spec *js)
{
	if (!js)
		return;
	option_free_values(core_options, n_core_options, js);
	free(js->set);
	free(js->set_where);
	if (js->engine && js->engine_opts)
		option_free_values(js->engine->options, js->engine->n_options,
				   js->engine_opts);
	free(js->engine_opts);
	free(js);
}

/* A deep copy of the core part of src (no engine); NULL when out of memory. */
static struct job_spec *spec_dup(const struct job_spec *src)
{
	struct job_spec *js = malloc(sizeof(*js));
	size_t i;

	if (!js)
		return NULL;
	*js = *src;
	js->engine = NULL;
	js->engine_opts = NULL;
	js->set = malloc(n_core_options);
	js->set_where = malloc(n_core_options * sizeof(*js->set_where));
	for (i = 0; i < n_core_options; i++) {
		char **s = field(js, &core_options[i]);

		if (is_text(&core_options[i]) && *s)
			*s = strdup(*s);
	}
	for (i = 0; i < n_core_options; i++) {
		char *const *s = field(js, &core_options[i]);
		char *const *o = cfield(src, &core_options[i]);

		if (is_text(&core_options[i]) && *o && !*s)
			goto fail;
	}
	if (!js->set || !js->set_where)
		goto fail;
	memcpy(js->set, src->set, n_core_options);
	memcpy(js->set_where, src->set_where,
	       n_core_options * sizeof(*js->set_where));
	return js;
fail:
	spec_free(js);
	return NULL;
}

/* Parse one entry with option o into block; "WHERE: KEY: WHAT" on error. */
static int apply_opt(const struct plio_option *o, const struct jf_entry *en,
		     unsigned int kb_base, void *block, struct perr *e)
{
	char where[256];
	struct perr what;
	int rc;

	origin_str(&en->where, where, sizeof(where));
	rc = option_parse_value(o, en->value, kb_base, block, &what);
	if (rc)
		return perr_setrc(e, rc, "%s: %s: %s", where, en->key, what.msg);
	return 0;
}

/* Apply one core option entry to js, with the rules that tie options. */
static int apply_core(struct job_spec *js, const struct plio_option *o,
		      const struct jf_entry *en, struct perr *e)
{
	struct jf_entry rw_en;
	char where[256], mode[32];
	const char *colon, *full = en->value;
	uint64_t nr = 0;
	bool back = false;
	int rc;

	if (core_is(o, JS(rw)) && en->value) {
		/* rw=MODE:N: the mode is checked as usual, N is kept */
		colon = strchr(en->value, ':');
		if (colon) {
			/* read:-8k: sequential I/O going backwards (fio) */
			back = colon[1] == '-';
			rw_en = *en;
			if ((size_t)(colon - en->value) >= sizeof(mode) ||
			    parse_size(colon + 1 + back, (unsigned int)js->kb_base, &nr) ||
			    (back && (!nr || nr > INT64_MAX)))
				return perr_set(e, "%s: %s: '%s' is not MODE or MODE:N (e.g. randread:8)",
						origin_str(&en->where, where, sizeof(where)),
						en->key, en->value);
			memcpy(mode, en->value, (size_t)(colon - en->value));
			mode[colon - en->value] = '\0';
			rw_en.value = mode;
			en = &rw_en;
		}
	}
	rc = apply_opt(o, en, (unsigned int)js->kb_base, js, e);
	if (rc)
		return rc;
	if (core_is(o, JS(rw)) && back && (js->rw & RW_RAND))
		return perr_set(e, "%s: %s: '%s': a random mode's N counts I/Os (1 or more); only sequential modes go backwards (e.g. read:-8k)",
				origin_str(&en->where, where, sizeof(where)), en->key, full);
	if (core_is(o, JS(rw)))
		js->rw_nr = back ? -(int64_t)nr : (int64_t)nr;
	if (core_is(o, JS(buffer_pattern)) || core_is(o, JS(verify_pattern))) {
		bool verify = core_is(o, JS(verify_pattern));
		uint8_t pat[PATTERN_MAX];
		unsigned int nfmt;
		size_t len;

		rc = parse_pattern_fmt(en->value, pat, sizeof(pat), &len,
				       verify ? &nfmt : NULL);
		if (rc)
			return perr_setrc(e, rc, "%s: %s: '%s' is not a pattern (e.g. 0xdeadbeef, \"text\", 255%s, or these one after another)%s",
					  origin_str(&en->where, where, sizeof(where)),
					  en->key, en->value, verify ? ", %o" : "",
					  rc == -ERANGE ? ": longer than 512 bytes, or a number beyond 32 bits" : "");
	}
	/* only the option given counts as set, as in fio (not its partner) */
	js->set[o - core_options] = 1;
	js->set_where[o - core_options] = en->where;
	if (core_is(o, JS(rwmixread)))
		js->rwmixwrite = 100 - js->rwmixread;
	else if (core_is(o, JS(rwmixwrite)))
		js->rwmixread = 100 - js->rwmixwrite;
	return 0;
}

/* Append p to the array *arr of *n entries. */
static int push_entry(const struct jf_entry ***arr, size_t *n,
		      const struct jf_entry *p)
{
	const struct jf_entry **a = realloc(*arr, (*n + 1) * sizeof(*a));

	if (!a)
		return -ENOMEM;
	a[(*n)++] = p;
	*arr = a;
	return 0;
}

/*
 * Apply a section's core options to js (kb_base first, so sizes anywhere
 * in the section use it); the others go to *rest in order.  *ioeng gets
 * the entry that set ioengine=, if any.
 */
static int apply_section(struct job_spec *js, const struct jf_section *sec,
			 const struct jf_entry **ioeng,
			 const struct jf_entry ***rest, size_t *n_rest,
			 struct perr *e)
{
	const struct plio_option *o;
	size_t i;
	int pass, rc;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < sec->n_entries; i++) {
			const struct jf_entry *en = &sec->entries[i];

			o = option_find(core_options, n_core_options, en->key);
			if (!o) {
				if (pass && (rc = push_entry(rest, n_rest, en)))
					return perr_setrc(e, rc, "out of memory");
				continue;
			}
			if (core_is(o, JS(kb_base)) != !pass)
				continue;
			rc = apply_core(js, o, en, e);
			if (rc)
				return rc;
			if (core_is(o, JS(ioengine)))
				*ioeng = en;
		}
	}
	return 0;
}

/* fio's options that only warn ("Option X is deprecated"), and do nothing. */
static const char *const soft_deprecated[] = { "verifysort", "verifysort_nr" };

static int warn_at(const struct origin *o, const char *opt, struct perr *e,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* "WHERE: KEY: unknown option (did you mean 'x'?)"; 0 for an option that
 * only warns (with --warnings-fatal: the error). */
static int unknown_option(const struct jf_entry *en,
			  const struct loaded_engine *const *engines,
			  size_t n_engines, struct perr *e)
{
	const char *best = NULL;
	size_t score = SIZE_MAX, i;
	char where[256], owners[256];

	origin_str(&en->where, where, sizeof(where));
	/* fio's soft-deprecated options: accepted, with fio's warning */
	for (i = 0; i < ARRAY_LEN(soft_deprecated); i++)
		if (!strcmp(en->key, soft_deprecated[i]))
			return warn_at(&en->where, en->key, e, "option %s is deprecated and does nothing",
				       en->key);
	/* another engine's option: say whose */
	i = loader_engines_with_option(en->key, owners, sizeof(owners));
	if (i && n_engines == 1 && engines[0])
		return perr_setrc(e, -ENOTSUP, "%s: %s: option %s belongs to engine%s %s, not to ioengine=%s",
				  where, en->key, en->key, i > 1 ? "s" : "", owners,
				  engines[0]->e.name);
	if (i)
		return perr_setrc(e, -ENOTSUP, "%s: %s: option %s belongs to engine%s %s, which no job uses",
				  where, en->key, en->key, i > 1 ? "s" : "", owners);
	if (fio_option_known(en->key))
		return perr_setrc(e, -ENOTSUP, "%s: %s: fio's option %s is not supported by plio",
				  where, en->key, en->key);
	/* a value written as a key ("randread" alone): name its option */
	for (i = 0; i < n_core_options; i++) {
		const struct plio_option *o = &core_options[i];
		const struct plio_option_choice *c;

		if (o->type != PLIO_OPT_ENUM || strlen(en->key) < 4)
			continue;
		for (c = o->choices; c && c->value; c++)
			if (!strcmp(c->value, en->key))
				return perr_setrc(e, -ENOENT, "%s: %s: unknown option (did you mean '%s=%s'?)",
						  where, en->key, o->name, c->value);
	}
	suggest_in(core_options, n_core_options, en->key, &best, &score);
	for (i = 0; i < n_engines; i++)
		if (engines[i])
			suggest_in(engines[i]->options, engines[i]->n_options,
				   en->key, &best, &score);
	if (!en->where.file)	/* the command line: its program options too */
		suggest_in(options_suggest_extra, options_n_suggest_extra,
			   en->key, &best, &score);
	origin_str(&en->where, where, sizeof(where));
	if (best)
		return perr_setrc(e, -ENOENT, "%s: %s: unknown option (did you mean '%s'?)",
				  where, en->key, best);
	return perr_setrc(e, -ENOENT, "%s: %s: unknown option", where, en->key);
}

/*
 * Resolve js's engine and parse its options: defaults, then the global
 * entries it knows, then the job's own (rest), which it must know.
 */
static int attach_engine(struct builder *b, struct job_spec *js,
			 const struct jf_section *sec,
			 const struct jf_entry *ioeng,
			 const struct jf_entry *const *rest, size_t n_rest)
{
	const struct loaded_engine *eng = NULL;
	const struct plio_option *o;
	struct perr why = { "" };
	char where[256];
	size_t i;
	int rc;

	if (b->lookup) {
		origin_str(ioeng ? &ioeng->where : &sec->where, where, sizeof(where));
		eng = b->lookup(js->ioengine ? js->ioengine : "", &why);
		if (!eng)
			return perr_setrc(b->e, -ENOENT, "%s: ioengine: %s", where,
					  why.msg[0] ? why.msg : "no such engine");
		js->engine = eng;
		js->engine_opts = calloc(1, eng->e.options_size ? eng->e.options_size : 1);
		if (!js->engine_opts)
			return perr_setrc(b->e, -ENOMEM, "%s: out of memory", where);
		rc = option_set_defaults(eng->options, eng->n_options,
					 js->engine_opts, &why);
		if (rc)
			return perr_setrc(b->e, rc, "%s: ioengine: engine '%s': %s",
					  where, eng->e.name ? eng->e.name : "?",
					  why.msg);
		for (i = 0; i < b->n_gext; i++) {
			o = option_find(eng->options, eng->n_options,
					b->gext[i].en->key);
			if (!o)
				continue;
			rc = apply_opt(o, b->gext[i].en, (unsigned int)js->kb_base,
				       js->engine_opts, b->e);
			if (rc)
				return rc;
			b->gext[i].used = true;
		}
	}
	for (i = 0; i < n_rest; i++) {
		o = eng ? option_find(eng->options, eng->n_options, rest[i]->key) : NULL;
		if (!o) {
			rc = unknown_option(rest[i], &eng, 1, b->e);
			if (rc)
				return rc;
			continue;
		}
		rc = apply_opt(o, rest[i], (unsigned int)js->kb_base,
			       js->engine_opts, b->e);
		if (rc)
			return rc;
	}
	return 0;
}

/* ------------------------------------------------ decoded job fields */

bool options_warnings_fatal;

const char *options_where(const struct job_spec *js, const char *name,
			  char *buf, size_t len)
{
	const struct plio_option *o = option_find(core_options, n_core_options, name);
	size_t i = (size_t)(o - core_options);

	return origin_str(js->set && js->set[i] ? &js->set_where[i] : &js->where,
			  buf, len);
}

/*
 * A warning about option opt given at o: printed as "plio: warning: WHERE:
 * OPT: WHAT", or with --warnings-fatal the error of options_build.
 */
static int warn_at(const struct origin *o, const char *opt, struct perr *e,
		   const char *fmt, ...)
{
	char where[256], what[PERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	origin_str(o, where, sizeof(where));
	if (options_warnings_fatal)
		return perr_set(e, "%s: %s: %s (--warnings-fatal)", where, opt, what);
	log_warn("%s: %s: %s", where, opt, what);
	return 0;
}

/*
 * Split a per-direction text value into its parts: parts[d] for each
 * direction, a missing trailing part repeating the last one given (fio's
 * rule: "4k,8k" also trims 8k).  buf holds the parts.
 */
static void dir_parts(const char *text, char *buf, size_t len, char **parts)
{
	char *p[3];
	int n, d;

	snprintf(buf, len, "%s", text);
	n = split(buf, ',', p, 3);
	if (n < 1) {		/* checked when parsed: cannot happen */
		p[0] = buf + strlen(buf);
		n = 1;
	}
	for (d = 0; d < 3; d++)
		parts[d] = p[d < n ? d : n - 1];
}

/* bsrange's LOW-HIGH (or LOW:HIGH, or one size) into *lo, *hi. */
static int decode_range(char *t, unsigned int kb_base, uint64_t *lo, uint64_t *hi)
{
	char *sep = strchr(t, '-');
	uint64_t x;

	if (!sep)
		sep = strchr(t, ':');
	if (sep)
		*sep++ = '\0';
	if (parse_size(t, kb_base, lo) || (sep && parse_size(sep, kb_base, hi)))
		return -EINVAL;
	if (!sep)
		*hi = *lo;
	if (*lo > *hi) {
		x = *lo;
		*lo = *hi;
		*hi = x;
	}
	return 0;
}

/*
 * One direction's bssplit list, drawn as fio draws it: entries without
 * a percentage (or with 0) share what the others leave of 100 (nothing
 * when they leave nothing; more than 100 with such entries is refused
 * when parsed); the entries are then ordered by percentage, smallest
 * first, keeping the given order among equal ones, and each takes its
 * percentage of the picks in that order until 100 is used up: beyond
 * 100, an entry gets only what is left of it (4k/80:8k/50: 8k 50, 4k 50);
 * under 100, the last entry (the largest share) takes what is left over
 * (4k/60:8k/30: 8k 30, 4k 70).  Returns the total of the percentages.
 */
static unsigned int decode_bssplit(char *list, unsigned int kb_base, struct bs_dir *b)
{
	char *items[BSSPLIT_MAX], *pct;
	unsigned int pcts[BSSPLIT_MAX], sum = 0, missing = 0, cum = 0, share, pc;
	uint64_t bs;
	int n, i, j, k;
	int64_t p;

	n = split(list, ':', items, BSSPLIT_MAX);
	b->nsplit = 0;
	for (i = j = 0; i < n; i++) {
		if (!*items[i])
			continue;	/* a trailing ':' */
		pct = strchr(items[i], '/');
		if (pct)
			*pct++ = '\0';
		if (parse_size(items[i], kb_base, &b->split[j].bs))
			return 0;	/* checked when parsed */
		pcts[j] = 0;
		if (pct && *pct && !bssplit_pct(pct, &p))
			pcts[j] = (unsigned int)p;
		sum += pcts[j];
		if (!pcts[j])
			missing++;
		j++;
	}
	n = j;
	share = missing && sum < 100 ? (100 - sum) / missing : 0;
	for (i = 0; i < n; i++) {
		if (!pcts[i]) {
			pcts[i] = share;
			sum += share;
		}
	}
	/* stable insertion sort by percentage, smallest first */
	for (i = 1; i < n; i++) {
		bs = b->split[i].bs;
		pc = pcts[i];
		for (k = i; k > 0 && pcts[k - 1] > pc; k--) {
			pcts[k] = pcts[k - 1];
			b->split[k].bs = b->split[k - 1].bs;
		}
		pcts[k] = pc;
		b->split[k].bs = bs;
	}
	for (i = 0; i < n; i++) {
		cum += pcts[i];
		b->split[i].cum = cum;
		if (!i || b->split[i].bs < b->min)
			b->min = b->split[i].bs;
		if (!i || b->split[i].bs > b->max)
			b->max = b->split[i].bs;
	}
	b->nsplit = (unsigned int)n;
	return sum;
}

/* errno names ignore_error takes (besides numbers). */
#define ERRNAME(x) { #x, x }
static const struct {
	const char *name;
	int err;
} errnames[] = {
	ERRNAME(EPERM), ERRNAME(ENOENT), ERRNAME(ESRCH), ERRNAME(EINTR),
	ERRNAME(EIO), ERRNAME(ENXIO), ERRNAME(E2BIG), ERRNAME(ENOEXEC),
	ERRNAME(EBADF), ERRNAME(ECHILD), ERRNAME(EAGAIN), ERRNAME(ENOMEM),
	ERRNAME(EACCES), ERRNAME(EFAULT), ERRNAME(ENOTBLK), ERRNAME(EBUSY),
	ERRNAME(EEXIST), ERRNAME(EXDEV), ERRNAME(ENODEV), ERRNAME(ENOTDIR),
	ERRNAME(EISDIR), ERRNAME(EINVAL), ERRNAME(ENFILE), ERRNAME(EMFILE),
	ERRNAME(ENOTTY), ERRNAME(ETXTBSY), ERRNAME(EFBIG), ERRNAME(ENOSPC),
	ERRNAME(ESPIPE), ERRNAME(EROFS), ERRNAME(EMLINK), ERRNAME(EPIPE),
	ERRNAME(EDOM), ERRNAME(ERANGE), ERRNAME(EDEADLK), ERRNAME(ENAMETOOLONG),
	ERRNAME(ENOLCK), ERRNAME(ENOSYS), ERRNAME(ENOTEMPTY), ERRNAME(ELOOP),
	ERRNAME(EWOULDBLOCK), ERRNAME(ENOMSG), ERRNAME(EIDRM), ERRNAME(ENOSTR),
	ERRNAME(ENODATA), ERRNAME(ETIME), ERRNAME(ENOSR), ERRNAME(ENOLINK),
	ERRNAME(EPROTO), ERRNAME(EBADMSG), ERRNAME(EOVERFLOW), ERRNAME(EILSEQ),
	ERRNAME(EUSERS), ERRNAME(ENOTSOCK), ERRNAME(EMSGSIZE), ERRNAME(EOPNOTSUPP),
	ERRNAME(ENOTSUP), ERRNAME(ENOBUFS), ERRNAME(ETIMEDOUT), ERRNAME(ECONNREFUSED),
	ERRNAME(ECONNRESET), ERRNAME(EHOSTUNREACH), ERRNAME(EALREADY),
	ERRNAME(EINPROGRESS), ERRNAME(ESTALE), ERRNAME(EDQUOT), ERRNAME(ECANCELED),
	ERRNAME(EREMOTEIO), ERRNAME(ENOMEDIUM), ERRNAME(EMEDIUMTYPE),
	ERRNAME(EKEYEXPIRED), ERRNAME(EOWNERDEAD), ERRNAME(ENOTRECOVERABLE),
};

/* ignore_error=READ_LIST,WRITE_LIST,VERIFY_LIST, ':' between errors,
 * each an errno name (EIO) or number; a list applies only to its type. */
static int decode_ignore_error(struct job_spec *js, struct perr *e)
{
	char buf[1024], *lists[3], *p, *tok, where[256];
	int n, t;
	size_t k;
	int64_t v;

	if (!js->ignore_error || !*js->ignore_error)
		return 0;
	if (strlen(js->ignore_error) >= sizeof(buf))
		goto bad;
	strcpy(buf, js->ignore_error);
	n = split(buf, ',', lists, 3);
	if (n < 0)
		return perr_set(e, "%s: ignore_error: '%s' has more than three lists (READ,WRITE,VERIFY)",
				options_where(js, "ignore_error", where, sizeof(where)),
				js->ignore_error);
	for (t = 0; t < n; t++) {
		struct err_list *l = &js->ignore[t];

		for (p = lists[t]; p && *p;) {
			tok = strsep(&p, ":");
			tok += strspn(tok, " \t");
			for (k = 0; k < ARRAY_LEN(errnames); k++)
				if (!strcasecmp(tok, errnames[k].name))
					break;
			if (k < ARRAY_LEN(errnames))
				v = errnames[k].err;
			else if (parse_int(tok, &v) || v <= 0 || v > 4095)
				return perr_set(e, "%s: ignore_error: '%s' is not an error name (e.g. EIO) or number",
						options_where(js, "ignore_error", where, sizeof(where)),
						tok);
			if (l->n == ERR_LIST_MAX)
				goto bad;
			l->err[l->n++] = (int)v;
			l->given = true;
		}
		if (l->given)
			js->coe_mask |= 1u << t;
	}
	return 0;
bad:
	return perr_set(e, "%s: ignore_error: '%s' is too long (at most %d errors a list)",
			options_where(js, "ignore_error", where, sizeof(where)),
			js->ignore_error, ERR_LIST_MAX);
}

unsigned int options_error_type(unsigned int dir, int err)
{
	if (err == EILSEQ)
		return 2;
	return dir == 0 ? 0 : 1;
}

/* sync_file_range=FLAG[,FLAG...][:N] (checked when parsed). */
static void decode_sync_range(struct job_spec *js)
{
	char buf[128], *colon, *p = buf, *tok;
	int64_t n = 1;

	if (!js->sync_file_range || !*js->sync_file_range)
		return;
	snprintf(buf, sizeof(buf), "%s", js->sync_file_range);
	colon = strchr(buf, ':');
	if (colon) {
		*colon = '\0';
		if (parse_int_mult(colon + 1, 1024, &n))
			n = 0;
	}
	js->sfr_nr = n;
	while ((tok = strsep(&p, ",")))
		js->sfr_flags |= !strcmp(tok, "wait_before") ? SFR_WAIT_BEFORE :
				 !strcmp(tok, "write") ? SFR_WRITE :
				 !strcmp(tok, "wait_after") ? SFR_WAIT_AFTER : 0;
}

/*
 * Decode the text options the worker needs as numbers (see the end of
 * struct job_spec), and print fio's warnings about them.  Errors are
 * "WHERE: KEY: WHAT".
 */
static int decode_job(struct job_spec *js, struct perr *e)
{
	unsigned int kb = (unsigned int)js->kb_base;
	char buf[1024], *parts[3], where[256];
	/* fio takes bsrange over bs whichever comes later (bs fills in the
	 * directions bsrange leaves empty) */
	bool range = js->bsrange && *js->bsrange, over = false, ranged[3] = { 0 };
	int d, rc;

	memset(js->bsd, 0, sizeof(js->bsd));
	memset(js->ignore, 0, sizeof(js->ignore));
	js->sfr_flags = 0;
	js->sfr_nr = 0;
	js->coe_mask = (unsigned int)js->continue_on_error;
	for (d = 0; d < 3; d++) {
		js->bsd[d].min = js->bsd[d].max = js->bs[d];
		js->bsd[d].unaligned = js->bs_unaligned;
		js->pct_random[d] = 100;
	}
	if (range) {
		dir_parts(js->bsrange, buf, sizeof(buf), parts);
		for (d = 0; d < 3; d++) {
			char one[128];

			/* parts may share one text: decode each from a copy */
			snprintf(one, sizeof(one), "%s", parts[d]);
			if (*one && decode_range(one, kb, &js->bsd[d].min, &js->bsd[d].max))
				return perr_set(e, "%s: bsrange: '%s' is not a LOW-HIGH size range",
						options_where(js, "bsrange", where, sizeof(where)),
						js->bsrange);
			ranged[d] = *one;
		}
	}
	if (js->bssplit && *js->bssplit) {
		dir_parts(js->bssplit, buf, sizeof(buf), parts);
		/* parts may share one list: decode each from a copy */
		for (d = 0; d < 3; d++) {
			char one[1024];
			uint64_t lo = js->bsd[d].min, hi = js->bsd[d].max;

			if (!*parts[d])
				continue;
			snprintf(one, sizeof(one), "%s", parts[d]);
			if (decode_bssplit(one, kb, &js->bsd[d]) > 100)
				over = true;
			if (!ranged[d])
				continue;
			/*
			 * With bsrange too, fio draws from bssplit but keeps
			 * bsrange's bounds (shown, and aligning random
			 * offsets): a size above them is cut to the largest
			 * (the mix is not the one written), and with one below
			 * them fio 3.33 can spin without doing I/O: refused.
			 */
			if (js->bsd[d].min < lo || js->bsd[d].max > hi)
				return perr_set(e, "%s: bssplit: '%s' has sizes outside bsrange '%s' (%" PRIu64
						"-%" PRIu64 " for %s): give one of the two, or a bsrange that holds them",
						options_where(js, "bssplit", where, sizeof(where)),
						js->bssplit, js->bsrange, lo, hi,
						d == 0 ? "reads" : d == 1 ? "writes" : "trims");
			js->bsd[d].min = lo;
			js->bsd[d].max = hi;
		}
		if (over) {
			rc = warn_at(&js->set_where[option_find(core_options, n_core_options,
								"bssplit") - core_options],
				     "bssplit", e,
				     "the percentages add up to more than 100: as in fio, sizes are served from the smallest share up, and the largest shares get only what is left of 100");
			if (rc)
				return rc;
		}
	}
	if (js->ba && *js->ba) {
		dir_parts(js->ba, buf, sizeof(buf), parts);
		for (d = 0; d < 3; d++)
			if (*parts[d] && parse_size(parts[d], kb, &js->bsd[d].align))
				js->bsd[d].align = 0;
	}
	if (js->percentage_random && *js->percentage_random) {
		dir_parts(js->percentage_random, buf, sizeof(buf), parts);
		for (d = 0; d < 3; d++)
			if (*parts[d] && parse_int(parts[d], &js->pct_random[d]))
				js->pct_random[d] = 100;
	}
	js->min_bs = js->max_bs = 0;
	for (d = 0; d < 3; d++) {
		struct bs_dir *b = &js->bsd[d];

		if (!b->align)
			b->align = b->min;
		if (!(js->rw & (d == 0 ? RW_READ : d == 1 ? RW_WRITE : RW_TRIM)))
			continue;
		if (!js->min_bs || b->min < js->min_bs)
			js->min_bs = b->min;
		if (b->max > js->max_bs)
			js->max_bs = b->max;
	}
	if (js->file_service_type && strchr(js->file_service_type, ':') &&
	    (!strncmp(js->file_service_type, "random:", 7) ||
	     !strncmp(js->file_service_type, "roundrobin:", 11) ||
	     !strncmp(js->file_service_type, "sequential:", 11))) {
		int64_t n;

		if (parse_int_mult(strchr(js->file_service_type, ':') + 1, kb, &n) ||
		    n < 1 || n > UINT32_MAX)
			return perr_set(e, "%s: file_service_type: '%s': N is a number of I/Os, 1 or more",
					options_where(js, "file_service_type", where, sizeof(where)),
					js->file_service_type);
	}
	decode_sync_range(js);
	rc = decode_ignore_error(js, e);
	if (rc)
		return rc;
	/* the steady state window holds whole samples; blame ss_interval
	 * only when it was given */
	if (js->steadystate_duration &&
	    js->steadystate_duration % js->steadystate_check_interval) {
		const struct plio_option *si = option_find(core_options, n_core_options,
							   "steadystate_check_interval");

		if (!js->set[si - core_options])
			return perr_set(e, "%s: ss_dur: %" PRIu64 " ms is not a multiple of ss_interval (%" PRIu64
					" ms by default): the window must hold whole samples",
					options_where(js, "steadystate_duration", where, sizeof(where)),
					js->steadystate_duration / 1000,
					js->steadystate_check_interval / 1000);
		return perr_set(e, "%s: ss_interval: %" PRIu64 " ms does not divide ss_dur (%" PRIu64
				" ms): the window must hold whole samples",
				options_where(js, "steadystate_check_interval", where, sizeof(where)),
				js->steadystate_check_interval / 1000,
				js->steadystate_duration / 1000);
	}
	/* fio marks every Nth write a barrier, which only its SCSI generic
	 * engine acts on; no plio engine can: say so rather than ignore it */
	if (js->write_barrier > 0) {
		rc = warn_at(&js->set_where[option_find(core_options, n_core_options,
							"write_barrier") - core_options],
			     "write_barrier", e,
			     "no plio engine issues barrier writes (fio's sg engine alone does): it changes nothing");
		if (rc)
			return rc;
	}
	/* fio reports at most 20 percentiles and warns of a longer list */
	if (js->percentile_list) {
		const struct plio_option *o = option_find(core_options, n_core_options,
							  "percentile_list");
		const char *c;
		unsigned int n = 1;

		for (c = js->percentile_list; *c; c++)
			n += *c == ':';
		if (n > o->unit) {
			rc = warn_at(&js->set_where[o - core_options], "percentile_list", e,
				     "%u percentiles given, only the first %u are used",
				     n, (unsigned int)o->unit);
			if (rc)
				return rc;
		}
	}
	/* fio's warnings for the same cases */
	if (js->ba && *js->ba && (js->rw & RW_RAND) && !js->norandommap) {
		const struct plio_option *o = option_find(core_options, n_core_options, "ba");

		rc = warn_at(&js->set_where[o - core_options], "ba", e,
			     "any use of blockalign turns off the random map (norandommap)");
		if (rc)
			return rc;
		js->norandommap = 1;
	}
	return 0;
}

/* Turn a non-global section into a job on b->out. */
static int build_job(struct builder *b, const struct jf_section *sec)
{
	const struct plio_option *name_opt =
		option_find(core_options, n_core_options, "name");
	const struct jf_entry *ioeng = b->glob_ioengine, **rest = NULL;
	struct job_spec *js, **jobs;
	size_t n_rest = 0;
	char where[256];
	int rc;

	js = spec_dup(&b->glob);
	if (!js)
		return perr_setrc(b->e, -ENOMEM, "out of memory");
	js->where = sec->where;
	js->section = sec;
	/* the section names the job; a name= in [global] does not */
	free(js->name);
	js->name = strdup(sec->name);
	js->set[name_opt - core_options] = 0;
	if (!js->name) {
		rc = perr_setrc(b->e, -ENOMEM, "out of memory");
		goto out;
	}
	rc = apply_section(js, sec, &ioeng, &rest, &n_rest, b->e);
	if (!rc)
		rc = attach_engine(b, js, sec, ioeng, rest, n_rest);
	if (!rc)
		rc = decode_job(js, b->e);
	if (!rc && !*js->name)
		rc = perr_set(b->e, "%s: name: a job needs a name",
			      origin_str(&sec->where, where, sizeof(where)));
	if (rc)
		goto out;
	jobs = realloc(b->out.jobs, (b->out.n + 1) * sizeof(*jobs));
	if (!jobs) {
		rc = perr_setrc(b->e, -ENOMEM, "out of memory");
		goto out;
	}
	jobs[b->out.n++] = js;
	b->out.jobs = jobs;
	js = NULL;
out:
	free(rest);
	spec_free(js);
	return rc;
}

/* Fold a global section into the defaults for later jobs. */
static int apply_global(struct builder *b, const struct jf_section *sec)
{
	const struct jf_entry **rest = NULL;
	struct pending *g;
	size_t n_rest = 0, i;
	int rc;

	rc = apply_section(&b->glob, sec, &b->glob_ioengine, &rest, &n_rest, b->e);
	if (!rc && n_rest) {
		g = realloc(b->gext, (b->n_gext + n_rest) * sizeof(*g));
		if (!g) {
			rc = perr_setrc(b->e, -ENOMEM, "out of memory");
		} else {
			b->gext = g;
			for (i = 0; i < n_rest; i++) {
				g[b->n_gext].en = rest[i];
				g[b->n_gext++].used = false;
			}
		}
	}
	free(rest);
	return rc;
}

/* A global non-core option that no job's engine took is an error. */
static int check_globals_used(struct builder *b)
{
	const struct loaded_engine **engines;
	size_t i, j;
	int rc = 0;

	if (!b->out.n)
		return 0;
	engines = calloc(b->out.n, sizeof(*engines));
	if (!engines)
		return perr_setrc(b->e, -ENOMEM, "out of memory");
	for (j = 0; j < b->out.n; j++)
		engines[j] = b->out.jobs[j]->engine;
	for (i = 0; i < b->n_gext && !rc; i++) {
		bool known = b->gext[i].used;

		/* one after the last job still counts if some engine has it */
		for (j = 0; j < b->out.n && !known; j++)
			known = engines[j] && option_find(engines[j]->options,
							  engines[j]->n_options,
							  b->gext[i].en->key);
		if (!known)
			rc = unknown_option(b->gext[i].en, engines, b->out.n, b->e);
	}
	free(engines);
	return rc;
}

/*
 * wait_for=NAME must name a job defined before this one (fio checks when
 * it runs; here --parse-only catches it too, with the entry's place).
 */
static int check_wait_for(const struct job_list *l, struct perr *e)
{
	char where[256];
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		const struct job_spec *js = l->jobs[i];

		if (!js->wait_for || !*js->wait_for)
			continue;
		for (j = 0; j < i; j++)
			if (!strcmp(l->jobs[j]->name, js->wait_for))
				break;
		if (j < i)
			continue;
		options_where(js, "wait_for", where, sizeof(where));
		if (!strcmp(js->wait_for, js->name))
			return perr_set(e, "%s: wait_for: job '%s' cannot wait for itself",
					where, js->name);
		return perr_set(e, "%s: wait_for: no job named '%s' is defined before job '%s'",
				where, js->wait_for, js->name);
	}
	return 0;
}

/*
 * Sections in order: globals fold into b.glob, other sections become jobs.
 * On any error nothing is returned and *out is empty.
 */
int options_build(const struct jobfile *jf, engine_lookup_fn lookup,
		  struct job_list *out, struct perr *e)
{
	struct builder b;
	size_t i;
	int rc = 0;

	memset(&b, 0, sizeof(b));
	b.lookup = lookup;
	b.e = e;
	out->jobs = NULL;
	out->n = 0;
	b.glob.set = calloc(n_core_options, 1);
	b.glob.set_where = calloc(n_core_options, sizeof(*b.glob.set_where));
	if (!b.glob.set || !b.glob.set_where) {
		free(b.glob.set);
		free(b.glob.set_where);
		return perr_setrc(e, -ENOMEM, "out of memory");
	}
	rc = option_set_defaults(core_options, n_core_options, &b.glob, e);
	for (i = 0; !rc && i < jf->n_sections; i++) {
		const struct jf_section *sec = &jf->sections[i];

		if (sec->file_start) {
			/* a later job file starts from the defaults, as in fio;
			 * the earlier file's global engine options were for its
			 * own jobs */
			rc = check_globals_used(&b);
			if (rc)
				break;
			unsigned char *set = b.glob.set;
			struct origin *set_where = b.glob.set_where;

			option_free_values(core_options, n_core_options, &b.glob);
			memset(&b.glob, 0, sizeof(b.glob));
			memset(set, 0, n_core_options);
			memset(set_where, 0, n_core_options * sizeof(*set_where));
			b.glob.set = set;
			b.glob.set_where = set_where;
			b.glob_ioengine = NULL;
			b.n_gext = 0;
			rc = option_set_defaults(core_options, n_core_options, &b.glob, e);
			if (rc)
				break;
		}
		rc = sec->global ? apply_global(&b, sec) : build_job(&b, sec);
	}
	if (!rc)
		rc = check_globals_used(&b);
	if (!rc)
		rc = check_wait_for(&b.out, e);
	option_free_values(core_options, n_core_options, &b.glob);
	free(b.glob.set);
	free(b.glob.set_where);
	free(b.gext);
	if (rc) {
		job_list_free(&b.out);
		return rc;
	}
	*out = b.out;
	return 0;
}

/* Free every job of l; l is empty afterwards. */
void job_list_free(struct job_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		spec_free(l->jobs[i]);
	free(l->jobs);
	l->jobs = NULL;
	l->n = 0;
}

/* Whether core option `name` (or its alias) was given for this job. */
bool options_is_set(const struct job_spec *js, const char *name)
{
	const struct plio_option *o = option_find(core_options, n_core_options, name);

	return o && js->set && js->set[o - core_options];
}

/* ------------------------------------------------- not runnable yet */

/* Whether js's value of not-yet option o differs from def's (the
 * defaults): text options given without a default always differ. */
static bool differs(const struct plio_option *o, const struct job_spec *js,
		    const struct job_spec *def)
{
	char a[PERR_LEN], b[PERR_LEN];

	if (!o->def && !is_bool(o))
		return true;
	if (option_format_value(o, js, a, sizeof(a)) ||
	    option_format_value(o, def, b, sizeof(b)))
		return true;
	return strcmp(a, b) != 0;
}

/* The first not-yet option js sets to a non-default value refuses it. */
int options_check_runnable(const struct job_spec *js, struct perr *e)
{
	struct job_spec def;
	struct perr why;
	char where[256];
	size_t i;
	int rc = 0;

	memset(&def, 0, sizeof(def));
	if (option_set_defaults(core_options, n_core_options, &def, &why))
		rc = perr_setrc(e, -EINVAL, "%s", why.msg);
	for (i = 0; !rc && js->set && i < n_core_options; i++) {
		const struct plio_option *o = &core_options[i];

		if (!(o->flags & OPTF_NOT_YET) || !js->set[i] ||
		    !differs(o, js, &def))
			continue;
		origin_str(js->set_where ? &js->set_where[i] : &js->where,
			   where, sizeof(where));
		rc = perr_setrc(e, -ENOTSUP, "%s: %s: option %s is not supported yet",
				where, o->name, o->name);
	}
	/* trims go to engines that say they trim; one that moves no data
	 * (null) completes them like everything else, as in fio */
	if (!rc && (js->rw & RW_TRIM) && js->engine &&
	    !(js->engine->e.caps & (PLIO_CAP_TRIM | PLIO_CAP_FAKEIO)))
		rc = perr_setrc(e, -ENOTSUP, "%s: rw: engine %s cannot trim",
				options_where(js, "rw", where, sizeof(where)), js->engine->e.name);
	/* files picked by a distribution come with random_distribution */
	if (!rc && js->file_service_type) {
		size_t len = strcspn(js->file_service_type, ":");

		if (strncmp(js->file_service_type, "random", len) &&
		    strncmp(js->file_service_type, "roundrobin", len) &&
		    strncmp(js->file_service_type, "sequential", len))
			rc = perr_setrc(e, -ENOTSUP, "%s: file_service_type: '%.*s' is not supported yet (random, roundrobin and sequential are)",
					options_where(js, "file_service_type", where, sizeof(where)),
					(int)len, js->file_service_type);
	}
	if (!rc && js->direct && js->engine &&
	    (js->engine->e.caps & PLIO_CAP_NODIRECT))
		rc = perr_setrc(e, -ENOTSUP, "%s: %s: engine %s cannot do direct I/O",
				options_where(js, options_is_set(js, "buffered") ? "buffered" : "direct",
					  where, sizeof(where)),
				options_is_set(js, "buffered") ? "buffered" : "direct",
				js->engine->e.name);
	/* offload threads would only add a hand-over per I/O: plio's
	 * workers submit their own I/O (inline) */
	if (!rc && js->io_submit_mode)
		rc = perr_setrc(e, -ENOTSUP, "%s: io_submit_mode: io_submit_mode=offload is not supported yet (inline is)",
				options_where(js, "io_submit_mode", where, sizeof(where)));
	option_free_values(core_options, n_core_options, &def);
	return rc;
}

/* ------------------------------------------------ fio's option names */

/*
 * Every option name and alias fio 3.33 knows: its job options (fio
 * --cmdhelp=all, with aliases) and the options of its engines (fio
 * --enghelp=ENGINE, and the HOWTO).  A fact list, kept sorted.  A name
 * that neither the core table nor the job's engine takes but that is
 * listed here is refused as fio's option plio does not support, not as a
 * typo.  Two names of later fio releases are here too, because plio
 * implements them: log_issue_time and log_window_value.
 */
const char *const fio_option_names[] = {
	"allow_file_create", "allow_mounted_write", "allrandrepeat",
	"arguments", "atomic", "ba", "bindname", "block",
	"block_error_percentiles", "blockalign", "blocksize", "blocksize_range",
	"blocksize_unaligned", "brick", "bs", "bs_is_seq_rand", "bs_unaligned",
	"bsrange", "bssplit", "buffer_compress_chunk",
	"buffer_compress_percentage", "buffer_pattern", "buffered", "busy_poll",
	"busy_wait_polling", "bwavgtime", "cgroup", "cgroup_nodelete",
	"cgroup_weight", "chunk_size", "clat_percentiles", "clientname",
	"clocksource", "clustername", "cmd_type", "cmdprio", "cmdprio_bssplit",
	"cmdprio_class", "cmdprio_percentage", "conf", "cont",
	"continue_on_error", "cpuchunks", "cpuload", "cpumask", "cpumode",
	"cpus_allowed", "cpus_allowed_policy", "create_fsync", "create_on_open",
	"create_only", "create_serialize", "cuda_io", "dedupe_global",
	"dedupe_mode", "dedupe_percentage", "dedupe_working_set_percentage",
	"description", "device-names", "dir", "direct", "direct_write_to_pmem",
	"directory", "disable_bw", "disable_bw_measurement", "disable_clat",
	"disable_lat", "disable_slat", "disk_util", "do_verify", "donorname",
	"end_fsync", "error_dump", "exec_postrun", "exec_prerun",
	"exit_on_io_done", "exit_what", "exitall", "exitall_on_error",
	"experimental_verify", "fadvise_hint", "fallocate", "fdatasync",
	"file_append", "file_service_type", "filename", "filename_format",
	"fileoffset", "filesize", "fill_device", "fill_fs", "fixedbufs", "flow",
	"flow_id", "flow_sleep", "force_async", "fsync", "fsync_on_close",
	"gid", "gpu_dev_ids", "grace_time", "group_reporting", "gtod_cpu",
	"gtod_reduce", "hdfsdirectory", "hipri", "hipri_percentage", "hostname",
	"http_host", "http_mode", "http_pass", "http_s3_key", "http_s3_keyid",
	"http_s3_region", "http_s3_sse_customer_algorithm",
	"http_s3_sse_customer_key", "http_s3_storage_class",
	"http_swift_auth_token", "http_user", "http_verbose", "https",
	"hugepage-size", "ignore_error", "ignore_zone_limits", "inplace",
	"interface", "invalidate", "io_limit", "io_size", "io_submit_mode",
	"iodepth", "iodepth_batch", "iodepth_batch_complete",
	"iodepth_batch_complete_max", "iodepth_batch_complete_min",
	"iodepth_batch_submit", "iodepth_low", "ioengine", "iomem",
	"iomem_align", "iopsavgtime", "ioscheduler", "job_max_open_zones",
	"kb_base", "large-block-op-kbytes", "lat_percentiles",
	"latency_percentile", "latency_run", "latency_target", "latency_window",
	"listen", "load", "lockfile", "lockmem", "log_alternate_epoch",
	"log_alternate_epoch_clock_id", "log_avg_msec", "log_compression",
	"log_compression_cpus", "log_entries", "log_hist_coarseness",
	"log_hist_msec", "log_issue_time", "log_max_value", "log_offset",
	"log_prio", "log_store_compressed", "log_unix_epoch", "log_window_value",
	"loops", "max_latency",
	"max_open_zones", "mem", "mem_align", "merge_blktrace_file",
	"merge_blktrace_iters", "merge_blktrace_scalars", "mss", "name",
	"namenode", "new_group", "nfs_url", "nice", "nodelay", "nonvectored",
	"norandommap", "nowait", "nr_files", "nrfiles", "numa_cpu_nodes",
	"numa_mem_policy", "number_ios", "numjobs", "numruns", "object_class",
	"offset", "offset_align", "offset_increment", "opendir", "openfiles",
	"overwrite", "per_job_logs", "percentage_random", "percentile_list",
	"pingpong", "pool", "port", "pre_read", "prep", "prio", "prioclass",
	"profile", "program", "protocol", "ramp_time", "random_distribution",
	"random_generator", "randrepeat", "randseed", "rate", "rate_cycle",
	"rate_ignore_thinktime", "rate_iops", "rate_iops_min", "rate_min",
	"rate_process", "ratecycle", "ratemin", "rbdname",
	"read-req-num-512-blocks", "read_beyond_wp", "read_iolog",
	"read_iolog_chunked", "readfua", "readwrite", "refill_buffers",
	"registerfiles", "replay_align", "replay_no_stall", "replay_redirect",
	"replay_scale", "replay_skip", "replay_time_scale", "runtime", "rw",
	"rw_sequencer", "rwmixread", "rwmixwrite", "scramble_buffers",
	"serialize_overlap", "serverip", "sg_write_mode", "significant_figures",
	"single-instance", "size", "skip_bad", "slat_percentiles",
	"softrandommap", "sqthread_poll", "sqthread_poll_cpu", "ss", "ss_dur",
	"ss_ramp", "startdelay", "stat_type", "stats", "std_redirect",
	"steadystate", "steadystate_duration", "steadystate_ramp_time",
	"stonewall", "stream_id", "sync", "sync_file_range", "test-duration",
	"thinktime", "thinktime_blocks", "thinktime_blocks_type",
	"thinktime_iotime", "thinktime_spin", "thp", "thread", "threads",
	"threads-per-queue", "time_based", "timeout", "touch_objects",
	"trim_backlog", "trim_backlog_batch", "trim_percentage",
	"trim_verify_zero", "ttl", "uid", "uncached", "unified_rw_reporting",
	"unique_filename", "unit_base", "unlink", "unlink_each_loop", "uri",
	"userspace_reap", "verb", "verify", "verify_async", "verify_async_cpus",
	"verify_backlog", "verify_backlog_batch", "verify_dump", "verify_fatal",
	"verify_interval", "verify_offset", "verify_only", "verify_pattern",
	"verify_state_load", "verify_state_save", "volume", "wait_for",
	"wait_for_previous", "window_size", "write_barrier", "write_bw_log",
	"write_hint", "write_hist_log", "write_iolog", "write_iops_log",
	"write_lat_log", "writefua", "xnvme_admin", "xnvme_async",
	"xnvme_dev_nsid", "xnvme_iovec", "xnvme_sync", "zero_buffers",
	"zone_reset_frequency", "zone_reset_threshold", "zonecapacity",
	"zonemode", "zonerange", "zonesize", "zoneskip",
};

const size_t n_fio_option_names = ARRAY_LEN(fio_option_names);

/* Whether name is one of fio's option names or aliases (any case). */
bool fio_option_known(const char *name)
{
	size_t i;

	for (i = 0; name && i < n_fio_option_names; i++)
		if (!strcmp(fio_option_names[i], name))
			return true;
	return false;
}

/* ------------------------------------------------------- --cmdhelp */

/*
 * Categories of the core options for --cmdhelp=all: plio's own grouping,
 * by name or by a name prefix (a trailing '*'); the first match wins and
 * an option no row names (a new one) shows under "Other".
 */
static const struct {
	const char *match;
	const char *category;
} option_category_rows[] = {
	{ "name", "Job description" },
	{ "description", "Job description" },
	{ "ioengine", "I/O engine" },
	{ "io_submit_mode", "I/O engine" },
	{ "filename*", "Files and devices" },
	{ "directory", "Files and devices" },
	{ "filesize", "Files and devices" },
	{ "nrfiles", "Files and devices" },
	{ "openfiles", "Files and devices" },
	{ "file_*", "Files and devices" },
	{ "create_on_open", "Files and devices" },
	{ "overwrite", "Files and devices" },
	{ "fallocate", "Files and devices" },
	{ "unlink*", "Files and devices" },
	{ "pre_read", "Files and devices" },
	{ "fill_device", "Files and devices" },
	{ "allow_*", "Files and devices" },
	{ "invalidate", "Files and devices" },
	{ "rw", "I/O type" },
	{ "rwmix*", "I/O type" },
	{ "rw_sequencer", "I/O type" },
	{ "direct", "I/O type" },
	{ "buffered", "I/O type" },
	{ "sync", "I/O type" },
	{ "fsync*", "I/O type" },
	{ "fdatasync", "I/O type" },
	{ "end_fsync", "I/O type" },
	{ "sync_file_range", "I/O type" },
	{ "write_barrier", "I/O type" },
	{ "randrepeat", "I/O type" },
	{ "allrandrepeat", "I/O type" },
	{ "randseed", "I/O type" },
	{ "norandommap", "I/O type" },
	{ "softrandommap", "I/O type" },
	{ "random_*", "I/O type" },
	{ "percentage_random", "I/O type" },
	{ "bs*", "Block size" },
	{ "ba", "Block size" },
	{ "size", "I/O size" },
	{ "io_size", "I/O size" },
	{ "offset*", "I/O size" },
	{ "number_ios", "I/O size" },
	{ "kb_base", "I/O size" },
	{ "iodepth*", "I/O depth" },
	{ "serialize_overlap", "I/O depth" },
	{ "buffer_*", "Buffers and memory" },
	{ "zero_buffers", "Buffers and memory" },
	{ "refill_buffers", "Buffers and memory" },
	{ "scramble_buffers", "Buffers and memory" },
	{ "dedupe_percentage", "Buffers and memory" },
	{ "mem", "Buffers and memory" },
	{ "iomem_align", "Buffers and memory" },
	{ "rate*", "I/O rate" },
	{ "thinktime*", "I/O rate" },
	{ "flow*", "I/O rate" },
	{ "latency_*", "I/O latency" },
	{ "max_latency", "I/O latency" },
	{ "runtime", "Time and repetition" },
	{ "time_based", "Time and repetition" },
	{ "ramp_time", "Time and repetition" },
	{ "startdelay", "Time and repetition" },
	{ "loops", "Time and repetition" },
	{ "numjobs", "Jobs, processes and synchronization" },
	{ "thread", "Jobs, processes and synchronization" },
	{ "stonewall", "Jobs, processes and synchronization" },
	{ "new_group", "Jobs, processes and synchronization" },
	{ "wait_for", "Jobs, processes and synchronization" },
	{ "exitall*", "Jobs, processes and synchronization" },
	{ "exit_what", "Jobs, processes and synchronization" },
	{ "exec_*", "Jobs, processes and synchronization" },
	{ "uid", "Jobs, processes and synchronization" },
	{ "gid", "Jobs, processes and synchronization" },
	{ "nice", "CPU, NUMA and priority" },
	{ "prio*", "CPU, NUMA and priority" },
	{ "cpu*", "CPU, NUMA and priority" },
	{ "numa_*", "CPU, NUMA and priority" },
	{ "verify*", "Verification" },
	{ "do_verify", "Verification" },
	{ "experimental_verify", "Verification" },
	{ "trim_*", "Verification" },
	{ "read_iolog", "I/O replay" },
	{ "write_iolog", "I/O replay" },
	{ "replay_*", "I/O replay" },
	{ "continue_on_error", "Error handling" },
	{ "ignore_error", "Error handling" },
	{ "error_dump", "Error handling" },
	{ "steadystate*", "Steady state" },
	{ "group_reporting", "Measurements and reporting" },
	{ "write_*", "Measurements and reporting" },
	{ "per_job_logs", "Measurements and reporting" },
	{ "log_*", "Measurements and reporting" },
	{ "bwavgtime", "Measurements and reporting" },
	{ "iopsavgtime", "Measurements and reporting" },
	{ "percentile_list", "Measurements and reporting" },
	{ "*_percentiles", "Measurements and reporting" },
	{ "unified_rw_reporting", "Measurements and reporting" },
	{ "unit_base", "Measurements and reporting" },
	{ "gtod_reduce", "Measurements and reporting" },
	{ "disable_*", "Measurements and reporting" },
	{ "stats", "Measurements and reporting" },
	{ "significant_figures", "Measurements and reporting" },
};

const char *const option_categories[] = {
	"Job description",
	"I/O engine",
	"Files and devices",
	"I/O type",
	"Block size",
	"I/O size",
	"I/O depth",
	"Buffers and memory",
	"I/O rate",
	"I/O latency",
	"Time and repetition",
	"Jobs, processes and synchronization",
	"CPU, NUMA and priority",
	"Verification",
	"I/O replay",
	"Error handling",
	"Steady state",
	"Measurements and reporting",
	"Other",
};
const size_t n_option_categories = ARRAY_LEN(option_categories);

/* Whether name matches a row: exact, "prefix*" or "*suffix". */
static bool category_match(const char *match, const char *name)
{
	size_t lm = strlen(match), ln = strlen(name);

	if (lm && match[0] == '*')
		return ln >= lm - 1 && !strcmp(name + ln - (lm - 1), match + 1);
	if (lm && match[lm - 1] == '*')
		return !strncmp(name, match, lm - 1);
	return !strcmp(name, match);
}

const char *option_category(const struct plio_option *o)
{
	size_t i;

	for (i = 0; o->name && i < ARRAY_LEN(option_category_rows); i++)
		if (category_match(option_category_rows[i].match, o->name))
			return option_category_rows[i].category;
	return "Other";
}

/* The "type" line of --cmdhelp=NAME: the kind of value, with an example. */
static void cmdhelp_type(FILE *out, const struct plio_option *o)
{
	const char *bare;

	switch (o->type) {
	case PLIO_OPT_BOOL:
	case OPT_CORE_BOOL_INV:
		fprintf(out, "%20s: bool (0 or 1%s)\n", "type",
			takes_bare(o) ? "; the bare name means 1" : "");
		return;
	case PLIO_OPT_INT:
		fprintf(out, "%20s: int, k/m/g/t/p suffixes allowed (e.g. 16k)\n", "type");
		return;
	case PLIO_OPT_SIZE:
		fprintf(out, "%20s: size, k/m/g/t/p suffixes allowed (e.g. 4k)\n", "type");
		return;
	case OPT_CORE_SIZE_RW:
		fprintf(out, "%20s: size[,size] for reads and writes (e.g. 4k,64k)\n", "type");
		return;
	case PLIO_OPT_TIME:
	case OPT_CORE_TIMES:
		bare = o->unit == 1 ? "microseconds" : o->unit == 1000 ?
		       "milliseconds" : "seconds";
		fprintf(out, "%20s: %s, us/ms/s/m/h suffixes allowed (bare number: %s)\n",
			"type", type_name(o), bare);
		return;
	case PLIO_OPT_STR:
		fprintf(out, "%20s: string%s\n", "type",
			o->flags & OPTF_BARE ? " (may be given bare)" : "");
		return;
	case PLIO_OPT_ENUM:
		fprintf(out, "%20s: choice (one of the values below)\n", "type");
		return;
	}
	fprintf(out, "%20s: %s\n", "type", type_name(o));
}

/*
 * fio's --cmdhelp=NAME layout: labels right-aligned in 20 columns, then
 * name: help, alias, type, default, range, valid values, a blank line.
 * engine, when not NULL, names the engine the option belongs to.
 */
void option_print_cmdhelp(FILE *out, const struct plio_option *o,
			  const char *engine)
{
	const struct plio_option_choice *c;
	bool first = true;

	fprintf(out, "%20s: %s\n", o->name, o->help ? o->help : "");
	if (o->alias)
		fprintf(out, "%20s: %s\n", "alias", o->alias);
	if (engine)
		fprintf(out, "%20s: %s\n", "engine", engine);
	cmdhelp_type(out, o);
	fprintf(out, "%20s: %s\n", "default",
		o->def ? o->def : is_text(o) ? "no default" : "0");
	if (is_bool(o)) {
		fprintf(out, "%20s: min=0, max=1\n", "range");
	} else if ((o->type == PLIO_OPT_INT || o->type == PLIO_OPT_SIZE ||
		    o->type == OPT_CORE_SIZE_RW || o->type == OPT_CORE_SIZES ||
		    o->type == OPT_CORE_INTS || o->type == OPT_CORE_FLOATS) &&
		   bounded(o)) {
		if (o->max && o->max != INT64_MAX)
			fprintf(out, "%20s: min=%" PRId64 ", max=%" PRId64 "\n",
				"range", o->min, o->max);
		else
			fprintf(out, "%20s: min=%" PRId64 ", no max\n", "range", o->min);
	}
	if (o->type == PLIO_OPT_ENUM || o->type == OPT_CORE_CHOICE_ARG) {
		for (c = o->choices; c && c->value; c++) {
			fprintf(out, "%20s: %-10s %s\n", first ? "valid values" : "",
				c->value, c->help ? c->help : "");
			first = false;
		}
	}
	fputc('\n', out);
}

/* One "name : help" row of the --cmdhelp list (fio's 24 columns). */
void option_print_cmdhelp_row(FILE *out, const struct plio_option *o,
			      const char *indent)
{
	int w = 24 - (int)strlen(indent);

	fprintf(out, "%s%-*s: %s\n", indent, w > 0 ? w : 0, o->name,
		o->help ? o->help : "");
}
