/*
 * sg.c - plugin "sg": engine "sg", fio's: SCSI commands through Linux's
 * SCSI generic interface (version 3, struct sg_io_hdr) on sg character
 * devices (/dev/sgN) and SCSI block devices (/dev/sdX).
 *
 * Each read or write is one SCSI command built here: READ(10)/WRITE(10)
 * while the first LBA is below 0xffffffff (fio's rule) and the length fits
 * 16 bits of blocks, else READ(16)/WRITE(16); fsync and fdatasync send
 * SYNCHRONIZE CACHE(10) for the whole medium; a trim sends UNMAP with its
 * range.  sg_write_mode turns writes into WRITE AND VERIFY, WRITE SAME
 * (one block sent, the range written), WRITE SAME(16) with NDOB (no data
 * sent), WRITE STREAM(16) or VERIFY with BYTCHK 00, 01 or 11, as fio does.
 *
 * A file is taken only when the device behind it says so: open_file asks
 * the driver for its sg version (SG_GET_VERSION_NUM, which sg character
 * devices and SCSI block devices answer and other files refuse), then the
 * device for its capacity and block size (READ CAPACITY(10), and (16)
 * when the device is too large for it).  Anything else is refused in one
 * line naming the file; so is a job whose region or block sizes do not fit
 * the device's blocks.  No stat(2) of the file decides anything: whatever
 * answers like a SCSI disk is one (the test's emulated disk does).
 *
 * Commands go through the SG_IO ioctl, one system call that completes in
 * queue().  On an sg character device with iodepth > 1 (the driver answers
 * SG_GET_NUM_WAITING, which only sg's own devices do) they go
 * asynchronously, as in fio: write(2) of the header submits, poll(2) says
 * which devices have completions and read(2) takes one; with direct=1 or
 * sync=, as in fio, each command is waited for.  The sg driver
 * keeps at most 16 commands per open file (SG_MAX_QUEUE); the 17th waits
 * (PLIO_Q_BUSY).  Syncs always go through SG_IO, after the core has
 * drained what is in flight.
 *
 * A command that fails comes back with EIO and one line saying what the
 * device said: the SCSI status, the sense key and ASC/ASCQ (fixed or
 * descriptor sense), or the host or driver status.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <scsi/sg.h>

#include <plio/plio.h>

/* fio's: the SCSI command timeout (ms) */
#define SCSI_TIMEOUT_MS 30000
/* 10-byte commands while the first LBA is below this (fio's MAX_10B_LBA) */
#define MAX_10B_LBA 0xffffffffull
/* polled completion, from the sg v4 driver; older drivers ignore it */
#define SGV4_FLAG_HIPRI 0x800
#define SENSE_LEN 64
/* most commands one open sg file keeps (the driver's SG_MAX_QUEUE) */
#define SG_QUEUE_MAX 16
/* the largest block count of one UNMAP block descriptor */
#define UNMAP_DESC_MAX 0xffffffffull

/* SCSI operation codes */
enum {
	OP_READ_CAPACITY10 = 0x25,
	OP_READ10 = 0x28,
	OP_WRITE10 = 0x2a,
	OP_WRITE_VERIFY10 = 0x2e,
	OP_VERIFY10 = 0x2f,
	OP_SYNC_CACHE10 = 0x35,
	OP_WRITE_SAME10 = 0x41,
	OP_UNMAP = 0x42,
	OP_READ16 = 0x88,
	OP_WRITE16 = 0x8a,
	OP_WRITE_VERIFY16 = 0x8e,
	OP_VERIFY16 = 0x8f,
	OP_WRITE_SAME16 = 0x93,
	OP_WRITE_STREAM16 = 0x9a,
	OP_SERVICE_IN16 = 0x9e,	/* READ CAPACITY(16), STREAM CONTROL */
};
#define SA_READ_CAPACITY16 0x10
#define SA_STREAM_CONTROL 0x14
#define STR_CTL_OPEN (1u << 5)
#define STR_CTL_CLOSE (2u << 5)
#define CDB_FUA 0x08

/* ---------------------------------------------------------------- options */

enum write_mode {
	WM_WRITE,
	WM_WRITE_VERIFY,
	WM_WRITE_SAME,
	WM_WRITE_SAME_NDOB,
	WM_WRITE_STREAM,
	WM_VERIFY_00,
	WM_VERIFY_01,
	WM_VERIFY_11,
};

struct sg_opts {
	int hipri;		/* BOOL */
	int readfua;		/* BOOL */
	int writefua;		/* BOOL */
	int64_t write_mode;	/* ENUM write_mode */
	int64_t stream_id;	/* INT, 0: open one per file */
};

static const struct plio_option_choice write_mode_choices[] = {
	{ "write", WM_WRITE, "WRITE(10)/WRITE(16), as usual (default)" },
	{ "write_and_verify", WM_WRITE_VERIFY,
	  "WRITE AND VERIFY with BYTCHK 00: the device verifies the medium, compares no data; writefua does nothing" },
	{ "verify", WM_WRITE_VERIFY, "deprecated: write_and_verify" },
	{ "write_same", WM_WRITE_SAME,
	  "WRITE SAME: one block sent, bs bytes of the medium written with it; writefua does nothing" },
	{ "same", WM_WRITE_SAME, "deprecated: write_same" },
	{ "write_same_ndob", WM_WRITE_SAME_NDOB,
	  "WRITE SAME(16) with NDOB: no data sent, the device writes its own pattern (zeroes)" },
	{ "write_stream", WM_WRITE_STREAM,
	  "WRITE STREAM(16) to stream stream_id (transfers of at most 65535 blocks)" },
	{ "verify_bytchk_00", WM_VERIFY_00,
	  "VERIFY with BYTCHK 00: the device verifies the medium, no data sent" },
	{ "verify_bytchk_01", WM_VERIFY_01,
	  "VERIFY with BYTCHK 01: the device compares the medium with the bs bytes sent" },
	{ "verify_bytchk_11", WM_VERIFY_11,
	  "VERIFY with BYTCHK 11: one block sent, compared with each block of the range" },
	{ NULL, 0, NULL },
};

#define SO(f) ((uint32_t)offsetof(struct sg_opts, f))

/* Indexes in sg_options[] that check_options blames. */
enum { OPT_HIPRI, OPT_READFUA, OPT_WRITEFUA, OPT_WRITE_MODE, OPT_STREAM_ID };

static const struct plio_option sg_options[] = {
	[OPT_HIPRI] = { .name = "hipri", .type = PLIO_OPT_BOOL, .offset = SO(hipri), .def = "0",
	  .help = "Ask for polled completion of reads and writes (SGV4_FLAG_HIPRI); drivers without it ignore it" },
	[OPT_READFUA] = { .name = "readfua", .type = PLIO_OPT_BOOL, .offset = SO(readfua), .def = "0",
	  .help = "Set the FUA bit (force unit access) in every READ" },
	[OPT_WRITEFUA] = { .name = "writefua", .type = PLIO_OPT_BOOL, .offset = SO(writefua), .def = "0",
	  .help = "Set the FUA bit (force unit access) in every WRITE (and WRITE STREAM)" },
	[OPT_WRITE_MODE] = { .name = "sg_write_mode", .type = PLIO_OPT_ENUM, .offset = SO(write_mode),
	  .def = "write", PLIO_CHOICES(write_mode_choices),
	  .help = "The SCSI command each write sends" },
	[OPT_STREAM_ID] = { .name = "stream_id", .type = PLIO_OPT_INT, .offset = SO(stream_id), .def = "0",
	  .min = 0, .max = 65535,
	  .help = "Stream of sg_write_mode=write_stream; 0: open a stream per file (STREAM CONTROL) and close it at the end" },
};

/* ---------------------------------------------------------------- counters */

enum { C_IOCTL, C_WRITE, C_READ, C_POLL, C_FULL, C_NR };

static const struct plio_counter sg_counters[C_NR] = {
	[C_IOCTL] = { "sg_io_ioctls", "commands sent with the SG_IO ioctl (completed in the same call)" },
	[C_WRITE] = { "sg_writes", "commands submitted with write(2) to an sg device (asynchronous)" },
	[C_READ] = { "sg_reads", "completions taken with read(2) from an sg device" },
	[C_POLL] = { "polls", "poll(2) calls looking for or waiting on completions" },
	[C_FULL] = { "queue_full",
		     "times an sg device already held 16 commands of this worker (SG_MAX_QUEUE) and one waited" },
};

/* ------------------------------------------------------------ state */

/* Per file, in f->engine_data from open_file to close_file. */
struct sg_file {
	uint64_t nr_blocks;	/* the device's capacity */
	uint32_t lbs;		/* its logical block size */
	bool async;		/* commands go by write(2)/read(2) */
	bool stream_opened;	/* we opened sf->stream: close it */
	uint16_t stream;	/* WRITE STREAM's stream id */
	unsigned int inflight;	/* async commands not yet read back */
};

/* Per unit: the header, command, sense and UNMAP list it sends. */
struct sg_unit {
	struct sg_io_hdr hdr;
	uint8_t cdb[16];
	uint8_t sense[SENSE_LEN];
	uint8_t *param;		/* UNMAP parameter list */
	struct plio_io_u *u;
};

/* Per worker, in ctx->engine_data. */
struct sg_data {
	struct sg_opts o;
	struct sg_unit *units;		/* by u->index */
	unsigned int depth;
	uint32_t unmap_descs;		/* descriptors room per unit */
	unsigned int inflight;		/* async commands on all files */
	struct pollfd *pfds;		/* nr_files of them */
	struct sg_file **pfiles;	/* the file of each pfds[i] */
	uint64_t *counters;
	const struct plio_ctx *ctx;
};

static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
	put_be16(p, (uint16_t)(v >> 16));
	put_be16(p + 2, (uint16_t)v);
}

static inline void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

/* ------------------------------------------------------- what went wrong */

static const char *const sense_keys[16] = {
	"NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR",
	"HARDWARE ERROR", "ILLEGAL REQUEST", "UNIT ATTENTION", "DATA PROTECT",
	"BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED", "ABORTED COMMAND",
	"EQUAL", "VOLUME OVERFLOW", "MISCOMPARE", "COMPLETED",
};

/* The ASC/ASCQ a disk says most often (SPC's table), in words. */
static const char *asc_text(uint8_t asc, uint8_t ascq)
{
	static const struct { uint8_t asc, ascq; const char *text; } t[] = {
		{ 0x0c, 0x00, "write error" },
		{ 0x10, 0x01, "logical block guard check failed" },
		{ 0x10, 0x02, "logical block application tag check failed" },
		{ 0x10, 0x03, "logical block reference tag check failed" },
		{ 0x11, 0x00, "unrecovered read error" },
		{ 0x1a, 0x00, "parameter list length error" },
		{ 0x1d, 0x00, "miscompare during verify operation" },
		{ 0x20, 0x00, "invalid command operation code" },
		{ 0x21, 0x00, "logical block address out of range" },
		{ 0x24, 0x00, "invalid field in CDB" },
		{ 0x25, 0x00, "logical unit not supported" },
		{ 0x26, 0x00, "invalid field in parameter list" },
		{ 0x27, 0x00, "write protected" },
		{ 0x28, 0x00, "not ready to ready change, medium may have changed" },
		{ 0x29, 0x00, "power on, reset, or bus device reset occurred" },
		{ 0x2a, 0x01, "mode parameters changed" },
		{ 0x3a, 0x00, "medium not present" },
		{ 0x44, 0x00, "internal target failure" },
	};
	size_t i;

	if (asc == 0x04)
		return "logical unit not ready";
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].asc == asc && t[i].ascq == ascq)
			return t[i].text;
	return NULL;
}

/* Sense key, ASC and ASCQ of fixed (70h/71h) or descriptor (72h/73h)
 * sense data; false when there is none to read. */
static bool sense_parse(const uint8_t *sb, unsigned int len, uint8_t *key, uint8_t *asc,
			uint8_t *ascq)
{
	uint8_t code = sb[0] & 0x7f;

	if (len >= 14 && (code == 0x70 || code == 0x71)) {
		*key = sb[2] & 0x0f;
		*asc = sb[12];
		*ascq = sb[13];
		return true;
	}
	if (len >= 4 && (code == 0x72 || code == 0x73)) {
		*key = sb[1] & 0x0f;
		*asc = sb[2];
		*ascq = sb[3];
		return true;
	}
	return false;
}

static const char *host_text(unsigned int hs)
{
	switch (hs) {
	case 0x01: return "no connection (DID_NO_CONNECT)";
	case 0x02: return "bus busy (DID_BUS_BUSY)";
	case 0x03: return "timed out (DID_TIME_OUT)";
	case 0x04: return "bad target (DID_BAD_TARGET)";
	case 0x05: return "aborted (DID_ABORT)";
	case 0x07: return "internal error (DID_ERROR)";
	case 0x08: return "reset (DID_RESET)";
	case 0x0e: return "transport disrupted (DID_TRANSPORT_DISRUPTED)";
	case 0x0f: return "transport failfast (DID_TRANSPORT_FAILFAST)";
	default: return "";
	}
}

static const char *status_text(unsigned int st)
{
	switch (st) {
	case 0x02: return "CHECK CONDITION";
	case 0x08: return "BUSY";
	case 0x18: return "RESERVATION CONFLICT";
	case 0x28: return "TASK SET FULL";
	case 0x30: return "ACA ACTIVE";
	case 0x40: return "TASK ABORTED";
	default: return "";
	}
}

/* The name of the command in cdb (for messages). */
static const char *cdb_name(const uint8_t *cdb)
{
	switch (cdb[0]) {
	case OP_READ_CAPACITY10: return "READ CAPACITY(10)";
	case OP_READ10: return "READ(10)";
	case OP_WRITE10: return "WRITE(10)";
	case OP_WRITE_VERIFY10: return "WRITE AND VERIFY(10)";
	case OP_VERIFY10: return "VERIFY(10)";
	case OP_SYNC_CACHE10: return "SYNCHRONIZE CACHE(10)";
	case OP_WRITE_SAME10: return "WRITE SAME(10)";
	case OP_UNMAP: return "UNMAP";
	case OP_READ16: return "READ(16)";
	case OP_WRITE16: return "WRITE(16)";
	case OP_WRITE_VERIFY16: return "WRITE AND VERIFY(16)";
	case OP_VERIFY16: return "VERIFY(16)";
	case OP_WRITE_SAME16: return "WRITE SAME(16)";
	case OP_WRITE_STREAM16: return "WRITE STREAM(16)";
	case OP_SERVICE_IN16:
		if ((cdb[1] & 0x1f) == SA_READ_CAPACITY16)
			return "READ CAPACITY(16)";
		if ((cdb[1] & 0x1f) == SA_STREAM_CONTROL)
			return "STREAM CONTROL";
		return "SERVICE ACTION IN(16)";
	default: return "command";
	}
}

/*
 * Whether the command of h went well: 0, or the errno it fails with.
 * Sense that says NO SENSE or RECOVERED ERROR is a success.
 */
static int hdr_errno(const struct sg_io_hdr *h)
{
	uint8_t key, asc, ascq;

	if (!(h->info & SG_INFO_OK_MASK))
		return 0;
	if (h->host_status || (h->driver_status & 0x07))
		return EIO;
	if (h->status & 0x3e) {
		if ((h->status & 0x3e) != 0x02 ||
		    !sense_parse(h->sbp, h->sb_len_wr, &key, &asc, &ascq) || key > 1)
			return EIO;
	}
	return 0;
}

/*
 * One line on what the device said about the failed command of h (at
 * lba, when it has one), through host->log: the core makes it the reason
 * in the job's error line.  Off the hot path.
 */
static void say_failure(const struct plio_ctx *ctx, const struct sg_io_hdr *h)
{
	const uint8_t *cdb = h->cmdp;
	char where[64] = "", what[192];
	uint8_t key, asc, ascq;
	const char *t;

	if (cdb[0] == OP_READ10 || cdb[0] == OP_WRITE10 || cdb[0] == OP_WRITE_VERIFY10 ||
	    cdb[0] == OP_VERIFY10 || cdb[0] == OP_WRITE_SAME10)
		snprintf(where, sizeof(where), " at LBA %u", get_be32(cdb + 2));
	else if (cdb[0] == OP_READ16 || cdb[0] == OP_WRITE16 || cdb[0] == OP_WRITE_VERIFY16 ||
		 cdb[0] == OP_VERIFY16 || cdb[0] == OP_WRITE_SAME16 || cdb[0] == OP_WRITE_STREAM16)
		snprintf(where, sizeof(where), " at LBA %llu",
			 (unsigned long long)get_be64(cdb + 2));
	if (h->host_status)
		snprintf(what, sizeof(what), "host status 0x%02x %s", h->host_status,
			 host_text(h->host_status));
	else if (sense_parse(h->sbp, h->sb_len_wr, &key, &asc, &ascq)) {
		t = asc_text(asc, ascq);
		snprintf(what, sizeof(what), "CHECK CONDITION, sense key %s (0x%x), ASC/ASCQ 0x%02x/0x%02x%s%s%s",
			 sense_keys[key], key, asc, ascq, t ? " (" : "", t ? t : "", t ? ")" : "");
	} else if (h->status & 0x3e)
		snprintf(what, sizeof(what), "SCSI status 0x%02x %s", h->status,
			 status_text(h->status & 0x3e));
	else
		snprintf(what, sizeof(what), "driver status 0x%02x", h->driver_status);
	ctx->host->log(ctx, PLIO_LOG_ERROR, "SCSI %s%s: %s", cdb_name(cdb), where, what);
}

/* ------------------------------------------------------- commands at open */

/*
 * Send cdb (len bytes) with SG_IO and wait: data of dlen bytes from the
 * device into buf (from_dev) or to it.  A UNIT ATTENTION (the device was
 * reset or changed) is taken and the command sent again, twice at most.
 * 0, or -errno with a line logged.
 */
static int sg_command(const struct plio_ctx *ctx, int fd, uint8_t *cdb, unsigned int len,
		      void *buf, unsigned int dlen, bool from_dev)
{
	uint8_t sense[SENSE_LEN], key, asc, ascq;
	struct sg_io_hdr h;
	int tries, err;

	for (tries = 0; tries < 3; tries++) {
		memset(&h, 0, sizeof(h));
		memset(sense, 0, sizeof(sense));
		h.interface_id = 'S';
		h.cmdp = cdb;
		h.cmd_len = (unsigned char)len;
		h.dxfer_direction = !dlen ? SG_DXFER_NONE :
				    from_dev ? SG_DXFER_FROM_DEV : SG_DXFER_TO_DEV;
		h.dxferp = buf;
		h.dxfer_len = dlen;
		h.sbp = sense;
		h.mx_sb_len = sizeof(sense);
		h.timeout = SCSI_TIMEOUT_MS;
		if (ioctl(fd, SG_IO, &h) < 0) {
			err = errno;
			ctx->host->log(ctx, PLIO_LOG_ERROR, "SCSI %s: SG_IO: %s",
				       cdb_name(cdb), strerror(err));
			return -err;
		}
		if (!hdr_errno(&h))
			return 0;
		if (!sense_parse(sense, h.sb_len_wr, &key, &asc, &ascq) || key != 6)
			break;
	}
	say_failure(ctx, &h);
	return -EIO;
}

/* READ CAPACITY(10), and (16) when the last LBA does not fit 32 bits. */
static int read_capacity(const struct plio_ctx *ctx, int fd, struct sg_file *sf)
{
	uint8_t cdb[16] = { 0 }, buf[32] = { 0 };
	uint64_t last;
	int rc;

	cdb[0] = OP_READ_CAPACITY10;
	rc = sg_command(ctx, fd, cdb, 10, buf, 8, true);
	if (rc)
		return rc;
	last = get_be32(buf);
	sf->lbs = get_be32(buf + 4);
	if (last == 0xffffffffull) {
		memset(cdb, 0, sizeof(cdb));
		cdb[0] = OP_SERVICE_IN16;
		cdb[1] = SA_READ_CAPACITY16;
		put_be32(cdb + 10, sizeof(buf));
		rc = sg_command(ctx, fd, cdb, 16, buf, sizeof(buf), true);
		if (rc)
			return rc;
		last = get_be64(buf);
		sf->lbs = get_be32(buf + 8);
	}
	if (!sf->lbs || last == UINT64_MAX) {
		ctx->host->log(ctx, PLIO_LOG_ERROR,
			       "READ CAPACITY says %llu blocks of %u bytes: not a disk plio can use",
			       (unsigned long long)last + 1, sf->lbs);
		return -EINVAL;
	}
	sf->nr_blocks = last + 1;
	return 0;
}

/* STREAM CONTROL: open a stream (its id in *id) or close stream *id. */
static int stream_control(const struct plio_ctx *ctx, int fd, bool open_it, uint16_t *id)
{
	uint8_t cdb[16] = { 0 }, buf[8] = { 0 };
	int rc;

	cdb[0] = OP_SERVICE_IN16;
	cdb[1] = SA_STREAM_CONTROL | (open_it ? STR_CTL_OPEN : STR_CTL_CLOSE);
	if (!open_it)
		put_be16(cdb + 4, *id);
	put_be32(cdb + 10, sizeof(buf));
	rc = sg_command(ctx, fd, cdb, 16, buf, sizeof(buf), true);
	if (!rc && open_it) {
		*id = (uint16_t)(buf[4] << 8 | buf[5]);
		if (!*id) {
			ctx->host->log(ctx, PLIO_LOG_ERROR,
				       "STREAM CONTROL opened stream 0, which is not a stream");
			return -EIO;
		}
	}
	return rc;
}

/* --------------------------------------------------------- set-up */

/* The name sg_write_mode's value mode is written with. */
static const char *mode_name(int64_t mode)
{
	const struct plio_option_choice *c;

	for (c = write_mode_choices; c->value; c++)
		if (c->ival == mode)
			return c->value;
	return "?";
}

static int sg_init(struct plio_ctx *ctx)
{
	static const struct sg_opts defaults = { .write_mode = WM_WRITE };
	const struct sg_opts *o = ctx->options ? ctx->options : &defaults;
	uint64_t trim_max = ctx->job ? ctx->job->max_bs[PLIO_DDIR_TRIM] : ctx->max_bs;
	struct sg_data *sd;
	unsigned int i;

	sd = calloc(1, sizeof(*sd));
	if (!sd)
		return -ENOMEM;
	ctx->engine_data = sd;
	sd->o = *o;
	sd->ctx = ctx;
	sd->counters = ctx->counters;
	sd->depth = ctx->iodepth ? ctx->iodepth : 1;
	/* a block is 512 bytes at least: room for the longest trim */
	sd->unmap_descs = (uint32_t)((trim_max >> 9) / UNMAP_DESC_MAX + 1);
	sd->units = calloc(sd->depth, sizeof(*sd->units));
	sd->pfds = calloc(ctx->nr_files ? ctx->nr_files : 1, sizeof(*sd->pfds));
	sd->pfiles = calloc(ctx->nr_files ? ctx->nr_files : 1, sizeof(*sd->pfiles));
	if (!sd->units || !sd->pfds || !sd->pfiles)
		return -ENOMEM;
	for (i = 0; i < sd->depth; i++) {
		sd->units[i].param = calloc(1, 8 + 16 * (size_t)sd->unmap_descs);
		if (!sd->units[i].param)
			return -ENOMEM;
	}
	if (ctx->clone_index == 0 && o->writefua && o->write_mode != WM_WRITE &&
	    o->write_mode != WM_WRITE_STREAM)
		ctx->host->log(ctx, PLIO_LOG_WARN,
			       "writefua=1 does nothing with sg_write_mode=%s (only write and write_stream carry FUA), as in fio",
			       mode_name(o->write_mode));
	return 0;
}

static void sg_cleanup(struct plio_ctx *ctx)
{
	struct sg_data *sd = ctx->engine_data;
	unsigned int i;

	if (!sd)
		return;
	for (i = 0; sd->units && i < sd->depth; i++)
		free(sd->units[i].param);
	free(sd->units);
	free(sd->pfds);
	free(sd->pfiles);
	free(sd);
	ctx->engine_data = NULL;
}

static int sg_unit_init(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct sg_data *sd = ctx->engine_data;
	struct sg_unit *su;

	if (u->index >= sd->depth)
		return -EINVAL;
	su = &sd->units[u->index];
	su->u = u;
	su->hdr.interface_id = 'S';
	su->hdr.cmdp = su->cdb;
	su->hdr.sbp = su->sense;
	su->hdr.mx_sb_len = SENSE_LEN;
	su->hdr.timeout = SCSI_TIMEOUT_MS;
	su->hdr.pack_id = u->index;
	su->hdr.usr_ptr = u;
	u->engine_data = su;
	return 0;
}

/*
 * What each direction the job does needs from a device of sf's blocks:
 * block sizes and the region in whole blocks, the region on the device,
 * WRITE STREAM's 16-bit transfer length.  0, or -EINVAL with a line.
 */
static int check_fit(const struct plio_ctx *ctx, const struct sg_data *sd,
		     const struct plio_file *f, const struct sg_file *sf)
{
	const struct plio_job *job = ctx->job;
	static const char *const dname[3] = { "read", "write", "trim" };
	uint64_t cap = sf->nr_blocks * sf->lbs;
	int d;

	if (f->io_offset % sf->lbs)
		goto misaligned;
	if (f->io_offset + f->io_size > cap || f->io_offset + f->io_size < f->io_offset) {
		ctx->host->log(ctx, PLIO_LOG_ERROR,
			       "the job's region ends at byte %llu, past the device's end (%llu blocks of %u bytes: %llu bytes)",
			       (unsigned long long)(f->io_offset + f->io_size),
			       (unsigned long long)sf->nr_blocks, sf->lbs, (unsigned long long)cap);
		return -EINVAL;
	}
	for (d = 0; job && d < 3; d++) {
		if (!(job->rw & (1u << d)))
			continue;
		if (job->min_bs[d] % sf->lbs || job->max_bs[d] % sf->lbs) {
			ctx->host->log(ctx, PLIO_LOG_ERROR,
				       "%s block sizes %llu-%llu are not whole blocks of the device's %u bytes",
				       dname[d], (unsigned long long)job->min_bs[d],
				       (unsigned long long)job->max_bs[d], sf->lbs);
			return -EINVAL;
		}
		if (job->max_bs[d] / sf->lbs > 0xffffffffull) {
			ctx->host->log(ctx, PLIO_LOG_ERROR,
				       "%s block size %llu is more than a SCSI command moves (2^32-1 blocks of %u bytes)",
				       dname[d], (unsigned long long)job->max_bs[d], sf->lbs);
			return -EINVAL;
		}
	}
	if (job && (job->rw & PLIO_JOB_WRITE) && sd->o.write_mode == WM_WRITE_STREAM &&
	    job->max_bs[PLIO_DDIR_WRITE] / sf->lbs > 0xffff) {
		ctx->host->log(ctx, PLIO_LOG_ERROR,
			       "sg_write_mode=write_stream: write block size %llu is more than WRITE STREAM(16) moves (65535 blocks of %u bytes)",
			       (unsigned long long)job->max_bs[PLIO_DDIR_WRITE], sf->lbs);
		return -EINVAL;
	}
	return 0;
misaligned:
	ctx->host->log(ctx, PLIO_LOG_ERROR,
		       "the job's region starts at byte %llu, not on a block of the device's %u bytes",
		       (unsigned long long)f->io_offset, sf->lbs);
	return -EINVAL;
}

/* Open f read-only or read-write; -errno. */
static int open_fd(const char *path, bool rw, int extra)
{
	int fd = open(path, (rw ? O_RDWR : O_RDONLY) | O_CLOEXEC | extra);

	return fd < 0 ? -errno : fd;
}

/*
 * Open f and make sure it is a SCSI disk: the sg driver answers, the
 * device gives its capacity, the job fits it.  Never creates a file.
 */
static int sg_open(struct plio_ctx *ctx, struct plio_file *f)
{
	struct sg_data *sd = ctx->engine_data;
	bool rw = (f->open_flags & O_ACCMODE) != O_RDONLY;
	struct sg_file *sf;
	int fd, version = 0, waiting, rc;
	bool sg_chr;

	fd = open_fd(f->path, rw, f->open_flags & O_EXCL);
	if (fd < 0)
		return fd;
	if (ioctl(fd, SG_GET_VERSION_NUM, &version) < 0 || version < 30000) {
		rc = errno;
		close(fd);
		if (version)
			ctx->host->log(ctx, PLIO_LOG_ERROR,
				       "the sg driver's version %d is older than 3.0 (no sg_io_hdr)", version);
		else
			ctx->host->log(ctx, PLIO_LOG_ERROR,
				       "not a SCSI generic device or SCSI block device (SG_GET_VERSION_NUM: %s)",
				       strerror(rc));
		return version ? -EOPNOTSUPP : -ENOTTY;
	}
	/* SG_GET_NUM_WAITING: only sg's own character devices take write(2)/read(2) */
	sg_chr = ioctl(fd, SG_GET_NUM_WAITING, &waiting) == 0;
	if (sd->depth > 1 && sg_chr && !rw) {
		int fd2 = open_fd(f->path, true, f->open_flags & O_EXCL);

		if (fd2 >= 0) {
			close(fd);
			fd = fd2;
			rw = true;
		}
	}
	sf = calloc(1, sizeof(*sf));
	if (!sf) {
		close(fd);
		return -ENOMEM;
	}
	f->fd = fd;
	f->engine_data = sf;
	rc = read_capacity(ctx, fd, sf);
	if (!rc)
		rc = check_fit(ctx, sd, f, sf);
	if (!rc && sd->o.write_mode == WM_WRITE_STREAM && ctx->job &&
	    (ctx->job->rw & PLIO_JOB_WRITE)) {
		sf->stream = (uint16_t)sd->o.stream_id;
		if (!sf->stream) {
			rc = stream_control(ctx, fd, true, &sf->stream);
			sf->stream_opened = !rc;
		}
	}
	if (rc) {
		close(fd);
		free(sf);
		f->fd = -1;
		f->engine_data = NULL;
		return rc;
	}
	/* fio's rule: direct=1 or sync= wait for each command */
	sf->async = sd->depth > 1 && rw && sg_chr && !ctx->direct &&
		    !(ctx->job && ctx->job->sync != PLIO_SYNC_NONE);
	return 0;
}

static int sg_close(struct plio_ctx *ctx, struct plio_file *f)
{
	struct sg_file *sf = f->engine_data;
	int rc = 0;

	if (sf && sf->stream_opened && f->fd >= 0)
		rc = stream_control(ctx, f->fd, false, &sf->stream);
	if (f->fd >= 0 && close(f->fd) && !rc)
		rc = -errno;
	f->fd = -1;
	free(sf);
	f->engine_data = NULL;
	return rc;
}

static int sg_file_size(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size)
{
	const struct sg_file *sf = f->engine_data;

	(void)ctx;
	if (!sf)
		return -EBADF;
	*size = sf->nr_blocks * sf->lbs;
	return 0;
}

/* SCSI commands bypass the page cache: nothing to drop. */
static int sg_invalidate(struct plio_ctx *ctx, struct plio_file *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

/* ------------------------------------------------------- building commands */

/*
 * A READ/WRITE-family command: 10 bytes while the LBA is below
 * 0xffffffff and the length fits 16 bits (force16: never), else 16.
 */
static inline unsigned int rw_cdb(uint8_t *c, uint8_t op10, uint8_t op16, uint64_t lba,
				  uint64_t nblk, bool force16)
{
	if (!force16 && lba < MAX_10B_LBA && nblk <= 0xffff) {
		c[0] = op10;
		put_be32(c + 2, (uint32_t)lba);
		put_be16(c + 7, (uint16_t)nblk);
		return 10;
	}
	c[0] = op16;
	put_be64(c + 2, lba);
	put_be32(c + 10, (uint32_t)nblk);
	return 16;
}

/* UNMAP of nblk blocks from lba: the parameter list in su->param. */
static unsigned int unmap_cdb(struct sg_unit *su, uint64_t lba, uint64_t nblk)
{
	struct sg_io_hdr *h = &su->hdr;
	uint8_t *p = su->param, *d = p + 8;
	uint32_t n = 0, plen;

	while (nblk) {
		uint64_t k = nblk < UNMAP_DESC_MAX ? nblk : UNMAP_DESC_MAX;

		memset(d, 0, 16);
		put_be64(d, lba);
		put_be32(d + 8, (uint32_t)k);
		lba += k;
		nblk -= k;
		d += 16;
		n++;
	}
	plen = 8 + 16 * n;
	memset(p, 0, 8);
	put_be16(p, (uint16_t)(plen - 2));
	put_be16(p + 2, (uint16_t)(16 * n));
	su->cdb[0] = OP_UNMAP;
	put_be16(su->cdb + 7, (uint16_t)plen);
	h->dxfer_direction = SG_DXFER_TO_DEV;
	h->dxferp = p;
	h->dxfer_len = plen;
	return 10;
}

/* A write as sg_write_mode says. */
static unsigned int write_cdb(const struct sg_data *sd, const struct sg_file *sf,
			      struct sg_unit *su, uint64_t lba, uint64_t nblk)
{
	struct sg_io_hdr *h = &su->hdr;
	uint8_t *c = su->cdb;
	unsigned int len;

	h->dxfer_direction = SG_DXFER_TO_DEV;
	switch (sd->o.write_mode) {
	default:
	case WM_WRITE:
		len = rw_cdb(c, OP_WRITE10, OP_WRITE16, lba, nblk, false);
		if (sd->o.writefua)
			c[1] |= CDB_FUA;
		if (sd->o.hipri)
			h->flags |= SGV4_FLAG_HIPRI;
		return len;
	case WM_WRITE_VERIFY:
		/* BYTCHK 00: the device checks the medium, no compare */
		return rw_cdb(c, OP_WRITE_VERIFY10, OP_WRITE_VERIFY16, lba, nblk, false);
	case WM_WRITE_SAME:
		h->dxfer_len = sf->lbs;
		return rw_cdb(c, OP_WRITE_SAME10, OP_WRITE_SAME16, lba, nblk, false);
	case WM_WRITE_SAME_NDOB:
		h->dxfer_direction = SG_DXFER_NONE;
		h->dxfer_len = 0;
		len = rw_cdb(c, 0, OP_WRITE_SAME16, lba, nblk, true);
		c[1] |= 0x01;
		return len;
	case WM_WRITE_STREAM:
		c[0] = OP_WRITE_STREAM16;
		if (sd->o.writefua)
			c[1] |= CDB_FUA;
		put_be64(c + 2, lba);
		put_be16(c + 10, sf->stream);
		put_be16(c + 12, (uint16_t)nblk);
		return 16;
	case WM_VERIFY_00:
		h->dxfer_direction = SG_DXFER_NONE;
		h->dxfer_len = 0;
		return rw_cdb(c, OP_VERIFY10, OP_VERIFY16, lba, nblk, false);
	case WM_VERIFY_01:
		len = rw_cdb(c, OP_VERIFY10, OP_VERIFY16, lba, nblk, false);
		c[1] |= 0x02;
		return len;
	case WM_VERIFY_11:
		h->dxfer_len = sf->lbs;
		len = rw_cdb(c, OP_VERIFY10, OP_VERIFY16, lba, nblk, false);
		c[1] |= 0x06;
		return len;
	}
}

/*
 * Why the data unit u cannot go as one command, or NULL.  open_file's
 * checks of the job's block sizes keep this from happening, except for
 * sizes they could not see (a replayed I/O log's).
 */
static const char *unsendable(const struct sg_data *sd, const struct sg_file *sf,
			      const struct plio_io_u *u, uint64_t nblk)
{
	if (u->offset % sf->lbs || u->length % sf->lbs || !nblk)
		return "are not whole blocks of the device's";
	if (u->ddir == PLIO_DDIR_TRIM)
		return nblk > (uint64_t)sd->unmap_descs * UNMAP_DESC_MAX ?
		       "are more than one UNMAP of this job takes, with blocks of" : NULL;
	if (u->length > UINT_MAX)
		return "are more than one SCSI command moves, with blocks of";
	if (u->ddir == PLIO_DDIR_WRITE && sd->o.write_mode == WM_WRITE_STREAM && nblk > 0xffff)
		return "are more than WRITE STREAM(16) moves (65535 blocks), with blocks of";
	return NULL;
}

/* Fill u's header and command.  NULL, or why u cannot be sent. */
static const char *build(const struct sg_data *sd, struct sg_unit *su, struct plio_io_u *u)
{
	const struct sg_file *sf = u->file->engine_data;
	struct sg_io_hdr *h = &su->hdr;
	uint64_t lba = u->offset / sf->lbs, nblk = u->length / sf->lbs;
	const char *why;

	if (u->ddir <= PLIO_DDIR_TRIM && (why = unsendable(sd, sf, u, nblk)))
		return why;
	memset(su->cdb, 0, sizeof(su->cdb));
	h->flags = 0;
	h->dxferp = u->buf;
	h->dxfer_len = (unsigned int)u->length;
	switch (u->ddir) {
	case PLIO_DDIR_READ:
		h->dxfer_direction = SG_DXFER_FROM_DEV;
		h->cmd_len = (unsigned char)rw_cdb(su->cdb, OP_READ10, OP_READ16, lba, nblk, false);
		if (sd->o.readfua)
			su->cdb[1] |= CDB_FUA;
		if (sd->o.hipri)
			h->flags |= SGV4_FLAG_HIPRI;
		break;
	case PLIO_DDIR_WRITE:
		h->cmd_len = (unsigned char)write_cdb(sd, sf, su, lba, nblk);
		break;
	case PLIO_DDIR_TRIM:
		h->cmd_len = (unsigned char)unmap_cdb(su, lba, nblk);
		break;
	case PLIO_DDIR_SYNC:
	case PLIO_DDIR_DATASYNC:
		/* LBA 0, 0 blocks: the whole medium's cache */
		su->cdb[0] = OP_SYNC_CACHE10;
		h->cmd_len = 10;
		h->dxfer_direction = SG_DXFER_NONE;
		h->dxferp = NULL;
		h->dxfer_len = 0;
		break;
	default:
		return "are of no direction the engine knows, with blocks of";
	}
	return NULL;
}

/* u's outcome from its completed header. */
static void finish(const struct plio_ctx *ctx, struct sg_unit *su, struct plio_io_u *u)
{
	const struct sg_io_hdr *h = &su->hdr;
	int err = hdr_errno(h);

	if (err) {
		say_failure(ctx, h);
		u->result = 0;
		u->error = err;
		return;
	}
	u->error = 0;
	if (u->ddir > PLIO_DDIR_TRIM)
		u->result = 0;
	else if (h->dxferp == u->buf && h->dxfer_len == u->length && h->resid > 0 &&
		 (uint64_t)h->resid <= u->length)
		u->result = (int64_t)(u->length - (uint64_t)h->resid);
	else
		u->result = (int64_t)u->length;
}

/* ------------------------------------------------------------ I/O */

static int sg_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct sg_data *sd = ctx->engine_data;
	struct sg_unit *su = u->engine_data;
	struct sg_file *sf = u->file->engine_data;
	const char *why;
	int err;

	if (sf->async && u->ddir <= PLIO_DDIR_TRIM && sf->inflight >= SG_QUEUE_MAX) {
		sd->counters[C_FULL]++;
		return PLIO_Q_BUSY;
	}
	why = build(sd, su, u);
	if (why) {
		ctx->host->log(ctx, PLIO_LOG_ERROR, "%llu bytes at offset %llu %s %u bytes",
			       (unsigned long long)u->length, (unsigned long long)u->offset, why,
			       sf->lbs);
		u->result = 0;
		u->error = EINVAL;
		return PLIO_Q_COMPLETED;
	}
	if (sf->async && u->ddir <= PLIO_DDIR_TRIM) {
		ssize_t n;

		sd->counters[C_WRITE]++;
		do
			n = write(u->file->fd, &su->hdr, sizeof(su->hdr));
		while (n < 0 && errno == EINTR);
		if (n == (ssize_t)sizeof(su->hdr)) {
			sf->inflight++;
			sd->inflight++;
			return PLIO_Q_QUEUED;
		}
		err = n < 0 ? errno : EIO;
		ctx->host->log(ctx, PLIO_LOG_ERROR, "SCSI %s: write to the sg device: %s",
			       cdb_name(su->cdb), strerror(err));
		u->result = 0;
		u->error = err;
		return PLIO_Q_COMPLETED;
	}
	sd->counters[C_IOCTL]++;
	if (ioctl(u->file->fd, SG_IO, &su->hdr) < 0) {
		err = errno;
		ctx->host->log(ctx, PLIO_LOG_ERROR, "SCSI %s: SG_IO: %s%s", cdb_name(su->cdb),
			       strerror(err),
			       err == EINVAL && su->hdr.dxfer_len > 512 * 1024 ?
			       " (the device may not take a transfer this long: try a smaller bs)" : "");
		u->result = 0;
		u->error = err;
		return PLIO_Q_COMPLETED;
	}
	finish(ctx, su, u);
	return PLIO_Q_COMPLETED;
}

static int sg_commit(struct plio_ctx *ctx)
{
	(void)ctx;	/* queue() submitted already */
	return 0;
}

/* Milliseconds left until deadline (ns, 0: none): -1 for no limit. */
static int ms_left(const struct plio_ctx *ctx, uint64_t deadline)
{
	uint64_t now, ms;

	if (!deadline)
		return -1;
	now = ctx->host->now_ns();
	if (now >= deadline)
		return 0;
	ms = (deadline - now + 999999) / 1000000;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* Read one completion from sf's device into done[]: 1, 0 (none yet) or -errno. */
static int take_one(struct plio_ctx *ctx, struct sg_data *sd, struct sg_file *sf, int fd,
		    struct plio_io_u **done)
{
	struct sg_io_hdr h;
	struct sg_unit *su;
	ssize_t n;

	memset(&h, 0, sizeof(h));
	h.interface_id = 'S';
	sd->counters[C_READ]++;
	do
		n = read(fd, &h, sizeof(h));
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n < 0) {
		ctx->host->log(ctx, PLIO_LOG_ERROR, "reading a completion from the sg device: %s",
			       strerror(errno));
		return -errno;
	}
	if (n != (ssize_t)sizeof(h) || h.pack_id < 0 || (unsigned int)h.pack_id >= sd->depth ||
	    h.usr_ptr != sd->units[h.pack_id].u) {
		ctx->host->log(ctx, PLIO_LOG_ERROR,
			       "the sg device returned a completion that is none of this worker's (%zd bytes, pack_id %d)",
			       n, h.pack_id);
		return -EPROTO;
	}
	su = &sd->units[h.pack_id];
	su->hdr.status = h.status;
	su->hdr.masked_status = h.masked_status;
	su->hdr.msg_status = h.msg_status;
	su->hdr.sb_len_wr = h.sb_len_wr;
	su->hdr.host_status = h.host_status;
	su->hdr.driver_status = h.driver_status;
	su->hdr.resid = h.resid;
	su->hdr.duration = h.duration;
	su->hdr.info = h.info;
	sf->inflight--;
	sd->inflight--;
	finish(ctx, su, su->u);
	*done = su->u;
	return 1;
}

/*
 * Take at least min (at most max) completions from the sg devices with
 * commands in flight: poll(2) says which have some, read(2) takes one
 * each.  Waits only while fewer than min have come, and no longer than
 * timeout.
 */
static int sg_reap(struct plio_ctx *ctx, unsigned int min, unsigned int max,
		   struct plio_io_u **done, const struct timespec *timeout)
{
	struct sg_data *sd = ctx->engine_data;
	uint64_t deadline = 0;
	unsigned int n = 0, nfds, i;
	int r;

	if (timeout)
		deadline = ctx->host->now_ns() + (uint64_t)timeout->tv_sec * 1000000000ull +
			   (uint64_t)timeout->tv_nsec;
	while (n < max && sd->inflight) {
		int wait = n >= min ? 0 : ms_left(ctx, deadline);
		bool got = false;

		nfds = 0;
		for (i = 0; i < ctx->nr_files; i++) {
			struct plio_file *f = ctx->files[i];
			struct sg_file *sf = f->engine_data;

			if (!sf || !sf->inflight || f->fd < 0)
				continue;
			sd->pfds[nfds].fd = f->fd;
			sd->pfds[nfds].events = POLLIN;
			sd->pfds[nfds].revents = 0;
			sd->pfiles[nfds++] = sf;
		}
		sd->counters[C_POLL]++;
		r = poll(sd->pfds, nfds, wait);
		if (r < 0 && errno == EINTR) {
			if (timeout)
				break;	/* a signal: as if the time were up */
			continue;
		}
		if (r < 0)
			return n ? (int)n : -errno;
		for (i = 0; i < nfds && n < max; i++) {
			short ev = sd->pfds[i].revents;

			if (ev & POLLIN) {
				r = take_one(ctx, sd, sd->pfiles[i], sd->pfds[i].fd, done + n);
				if (r < 0)
					return n ? (int)n : r;
				n += (unsigned int)r;
				got = got || r;
			} else if (ev & (POLLERR | POLLHUP | POLLNVAL)) {
				ctx->host->log(ctx, PLIO_LOG_ERROR,
					       "the sg device reports an error while %u commands are in flight (poll: 0x%x)",
					       sd->pfiles[i]->inflight, (unsigned int)ev);
				return n ? (int)n : -EIO;
			}
		}
		if (!got && (n >= min || wait == 0))
			break;	/* nothing more now, or the time is up */
	}
	return (int)n;
}

/* ------------------------------------------------------------ descriptor */

static const struct plio_engine sg_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct sg_opts),
	.name = "sg",
	.help = "SCSI commands through the sg v3 interface (SG_IO; write/read on sg devices at iodepth > 1): sg character and SCSI block devices",
	.caps = PLIO_CAP_MEMALIGN | PLIO_CAP_TRIM,
	.options = PLIO_OPTIONS(sg_options),
	PLIO_COUNTERS(sg_counters),
	.init = sg_init,
	.cleanup = sg_cleanup,
	.unit_init = sg_unit_init,
	.open_file = sg_open,
	.close_file = sg_close,
	.file_size = sg_file_size,
	.invalidate = sg_invalidate,
	.queue = sg_queue,
	.commit = sg_commit,
	.reap = sg_reap,
};

static const struct plio_engine *const sg_engines[] = { &sg_engine, NULL };

static const struct plio_plugin sg_plugin = {
	PLIO_PLUGIN_HEADER(1),
	.name = "sg",
	.version = "1.0",
	.license = "MIT",
	.description = "the sg engine: SCSI commands to sg and SCSI block devices",
	.engines = sg_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	return &sg_plugin;
}
