/*
 * spy_sg.c - test preload: a SCSI disk emulated on a regular file, for the
 * sg engine's test (tests/integration/sg_engine.sh).
 *
 * LD_PRELOAD'ed with PLIO_SG_DISK naming a regular file, every file
 * descriptor opened on that file (the same device and inode, whatever the
 * path) answers as an sg device would: the sg ioctls (SG_GET_VERSION_NUM,
 * SG_IO, ...), and, as an sg character device, write(2) of an sg_io_hdr
 * to submit and read(2) to take a completion, with poll(2) saying when one
 * is there.  The SCSI commands are decoded and carried out on the file
 * itself (pread/pwrite at LBA * block size, holes punched for UNMAP,
 * fdatasync for SYNCHRONIZE CACHE), and each is logged to PLIO_SPY_FILE
 * (str: WRITE STREAM's stream id; 16-byte fields of every CDB decoded as
 * its opcode lays them out):
 *
 *     cdb op=0x2a len=10 lba=N blocks=N fua=0|1 byte1=0xNN flags=0xN xfer=N via=ioctl|write pid=N str=N
 *     unmap lba=N blocks=N          (one per UNMAP block descriptor)
 *     stream open|close id=N        (STREAM CONTROL)
 *
 * Environment:
 *   PLIO_SG_DISK    the backing file (':' between several)
 *   PLIO_SG_TYPE    chr (default): an sg character device; blk: a SCSI
 *                   block device (SG_IO only, BLKSSZGET, BLKGETSIZE64)
 *   PLIO_SG_LBS     logical block size, 512 by default
 *   PLIO_SG_BLOCKS  capacity in blocks; the file's size / LBS by default
 *   PLIO_SG_FAIL    LBA,KEY,ASC,ASCQ[,OPCODE] (hex or decimal): a command
 *                   whose range holds LBA (with OPCODE: a command of that
 *                   opcode, ranged or not) ends in CHECK CONDITION with
 *                   that sense
 *   PLIO_SG_SENSE   fixed (default) or desc: the sense data format
 *   PLIO_SG_ORDER   fifo (default) or lifo: which completion read(2) gives
 *   PLIO_SG_STAT    1: stat(2) and fstat(2) of the file say it is the
 *                   device of PLIO_SG_TYPE (for fio, which decides by the
 *                   file type; plio's engine asks the device instead)
 *
 * Honest where the kernel checks: a write(2) to a descriptor opened
 * read-only fails with EBADF, write commands on one with EPERM, a 17th
 * command in flight on one descriptor with EDOM (SG_MAX_QUEUE), a header
 * whose interface_id is not 'S' with ENOSYS; commands past the capacity
 * end in ILLEGAL REQUEST, LBA OUT OF RANGE; unknown opcodes in ILLEGAL
 * REQUEST, INVALID COMMAND OPERATION CODE.  Commands complete when they
 * are submitted.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

#include <scsi/sg.h>

#include "spy.h"

#define MAX_FD 4096
#define MAX_DISKS 8
#define QMAX 16		/* the sg driver's SG_MAX_QUEUE */

struct disk {
	dev_t dev;
	ino_t ino;
};

struct fdstate {
	int disk;			/* index + 1; 0: not a disk */
	int writable;
	unsigned int n;			/* completions waiting */
	struct sg_io_hdr q[QMAX];
};

static struct disk disks[MAX_DISKS];
static int nr_disks = -1;
static struct fdstate *fds[MAX_FD];
static int blk_type;			/* PLIO_SG_TYPE=blk */
static int lifo;
static int desc_sense;
static int fake_stat;
static unsigned int lbs = 512;
static uint64_t cap_blocks;		/* 0: from the file's size */
static int fail_on;
static int fail_op = -1;		/* -1: any opcode */
static uint64_t fail_lba;
static unsigned int fail_key, fail_asc, fail_ascq;
static int lock;

static void take(void)
{
	while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE))
		;
}

static void give(void)
{
	__atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
}

static void *real(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (!p)
		abort();
	return p;
}

#define REAL(ret, name, ...) \
	static ret (*real_##name)(__VA_ARGS__); \
	if (!real_##name) \
		*(void **)&real_##name = real(#name)

/* The settings, once (under the lock). */
static void setup(void)
{
	const char *v;
	char *list, *p, *save = NULL;
	struct stat st;
	REAL(int, stat, const char *, struct stat *);

	if (nr_disks >= 0)
		return;
	nr_disks = 0;
	v = getenv("PLIO_SG_TYPE");
	blk_type = v && !strcmp(v, "blk");
	v = getenv("PLIO_SG_ORDER");
	lifo = v && !strcmp(v, "lifo");
	v = getenv("PLIO_SG_SENSE");
	desc_sense = v && !strcmp(v, "desc");
	v = getenv("PLIO_SG_STAT");
	fake_stat = v && *v == '1';
	if ((v = getenv("PLIO_SG_LBS")))
		lbs = (unsigned int)strtoul(v, NULL, 0);
	if ((v = getenv("PLIO_SG_BLOCKS")))
		cap_blocks = strtoull(v, NULL, 0);
	if ((v = getenv("PLIO_SG_FAIL")))
		fail_on = sscanf(v, "%lli,%i,%i,%i,%i", (long long *)&fail_lba, (int *)&fail_key,
				 (int *)&fail_asc, (int *)&fail_ascq, &fail_op) >= 4;
	v = getenv("PLIO_SG_DISK");
	if (!v || !(list = strdup(v)))
		return;
	for (p = strtok_r(list, ":", &save); p && nr_disks < MAX_DISKS;
	     p = strtok_r(NULL, ":", &save))
		if (!real_stat(p, &st)) {
			disks[nr_disks].dev = st.st_dev;
			disks[nr_disks].ino = st.st_ino;
			nr_disks++;
		}
	free(list);
}

/* Which disk (1-based) st is; 0: none. */
static int disk_of(const struct stat *st)
{
	int i;

	for (i = 0; i < nr_disks; i++)
		if (disks[i].dev == st->st_dev && disks[i].ino == st->st_ino)
			return i + 1;
	return 0;
}

static struct fdstate *state(int fd)
{
	return fd >= 0 && fd < MAX_FD ? fds[fd] : NULL;
}

/* A descriptor just opened: is it on a disk? */
static int opened(int fd)
{
	REAL(int, fstat, int, struct stat *);
	struct stat st;
	int d, fl;

	if (fd < 0 || fd >= MAX_FD)
		return fd;
	take();
	setup();
	give();
	if (real_fstat(fd, &st) || !(d = disk_of(&st)))
		return fd;
	fl = fcntl(fd, F_GETFL);
	take();
	free(fds[fd]);
	fds[fd] = calloc(1, sizeof(struct fdstate));
	if (fds[fd]) {
		fds[fd]->disk = d;
		fds[fd]->writable = (fl & O_ACCMODE) != O_RDONLY;
	}
	give();
	return fd;
}

/* ----------------------------------------------------------- commands */

static uint32_t be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const uint8_t *p)
{
	return be16(p) << 16 | be16(p + 2);
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

static uint64_t capacity(int fd)
{
	REAL(int, fstat, int, struct stat *);
	struct stat st;

	if (cap_blocks)
		return cap_blocks;
	return real_fstat(fd, &st) ? 0 : (uint64_t)st.st_size / lbs;
}

/* End h's command in CHECK CONDITION with this sense. */
static void check(struct sg_io_hdr *h, unsigned int key, unsigned int asc, unsigned int ascq)
{
	uint8_t sb[18] = { 0 };
	unsigned int n;

	if (desc_sense) {
		sb[0] = 0x72;
		sb[1] = (uint8_t)key;
		sb[2] = (uint8_t)asc;
		sb[3] = (uint8_t)ascq;
		n = 8;
	} else {
		sb[0] = 0x70;
		sb[2] = (uint8_t)key;
		sb[7] = 10;
		sb[12] = (uint8_t)asc;
		sb[13] = (uint8_t)ascq;
		n = 18;
	}
	if (n > h->mx_sb_len)
		n = h->mx_sb_len;
	if (h->sbp && n)
		memcpy(h->sbp, sb, n);
	h->sb_len_wr = (unsigned char)n;
	h->status = 0x02;
	h->masked_status = 0x01;
	h->driver_status = 0x08;	/* DRIVER_SENSE */
	h->info |= SG_INFO_CHECK;
	h->resid = (int)h->dxfer_len;
}

static int io_all(int fd, void *buf, size_t len, off_t off, int wr)
{
	char *p = buf;

	while (len) {
		ssize_t n = wr ? pwrite(fd, p, len, off) : pread(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {	/* past the end of the file: zeroes */
			if (wr)
				return -1;
			memset(p, 0, len);
			return 0;
		}
		p += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/* Data of a range command: lba, blocks (false: none in this command). */
static int range_of(const uint8_t *c, uint64_t *lba, uint64_t *nblk)
{
	switch (c[0]) {
	case 0x28: case 0x2a: case 0x2e: case 0x2f: case 0x41: case 0x35:
		*lba = be32(c + 2);
		*nblk = be16(c + 7);
		return 1;
	case 0x88: case 0x8a: case 0x8e: case 0x8f: case 0x93: case 0x91:
		*lba = be64(c + 2);
		*nblk = be32(c + 10);
		return 1;
	case 0x9a:
		*lba = be64(c + 2);
		*nblk = be16(c + 12);
		return 1;
	default:
		return 0;
	}
}

static int is_write_cmd(uint8_t op)
{
	return op == 0x2a || op == 0x8a || op == 0x2e || op == 0x8e || op == 0x41 ||
	       op == 0x93 || op == 0x9a || op == 0x42;
}

/* Compare the medium at lba with n bytes of buf: 0 when equal. */
static int compare(int fd, const uint8_t *buf, size_t n, uint64_t off)
{
	uint8_t tmp[4096];

	while (n) {
		size_t k = n < sizeof(tmp) ? n : sizeof(tmp);

		if (io_all(fd, tmp, k, (off_t)off, 0) || memcmp(tmp, buf, k))
			return 1;
		buf += k;
		n -= k;
		off += k;
	}
	return 0;
}

static void unmap(int fd, struct sg_io_hdr *h, FILE *out)
{
	const uint8_t *p = h->dxferp, *c = h->cmdp;
	uint64_t cap = capacity(fd);
	unsigned int plen = be16(c + 7), dlen, i;

	if (h->dxfer_direction != SG_DXFER_TO_DEV || h->dxfer_len < plen || plen < 8) {
		check(h, 0x5, 0x1a, 0x00);
		return;
	}
	dlen = be16(p + 2);
	if (be16(p) != plen - 2 || dlen % 16 || dlen + 8 > plen) {
		check(h, 0x5, 0x26, 0x00);
		return;
	}
	for (i = 0; i < dlen / 16; i++) {
		const uint8_t *d = p + 8 + 16 * i;
		uint64_t lba = be64(d), n = be32(d + 8);

		if (out)
			fprintf(out, "unmap lba=%llu blocks=%llu\n", (unsigned long long)lba,
				(unsigned long long)n);
		if (lba + n > cap) {
			check(h, 0x5, 0x21, 0x00);
			return;
		}
		if (n && fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				   (off_t)(lba * lbs), (off_t)(n * lbs))) {
			check(h, 0x3, 0x0c, 0x00);
			return;
		}
	}
}

/* Carry out h's command on fd's file; log it. */
static void run(int fd, struct sg_io_hdr *h, const char *via)
{
	const uint8_t *c = h->cmdp;
	FILE *out = spy_out();
	uint64_t lba = 0, nblk = 0, cap = capacity(fd), i;
	uint8_t *buf = h->dxferp;
	int ranged = range_of(c, &lba, &nblk);
	uint8_t byte1 = h->cmd_len > 1 ? c[1] : 0;
	int bytchk = (byte1 >> 1) & 3;

	h->status = h->masked_status = h->msg_status = 0;
	h->host_status = h->driver_status = 0;
	h->sb_len_wr = 0;
	h->resid = 0;
	h->info = 0;
	h->duration = 0;
	if (out)
		fprintf(out, "cdb op=0x%02x len=%u lba=%llu blocks=%llu fua=%d byte1=0x%02x flags=0x%x xfer=%u via=%s pid=%d str=%u\n",
			c[0], h->cmd_len, (unsigned long long)lba, (unsigned long long)nblk,
			(byte1 & 0x08) != 0, byte1, h->flags, h->dxfer_len, via, (int)getpid(),
			c[0] == 0x9a ? be16(c + 10) : 0);
	if (ranged && lba + nblk > cap) {
		check(h, 0x5, 0x21, 0x00);
		goto done;
	}
	if (fail_on && (fail_op < 0 ? ranged && c[0] != 0x35 && c[0] != 0x91 : c[0] == fail_op) &&
	    (!ranged || (fail_lba >= lba && fail_lba < lba + (nblk ? nblk : 1)))) {
		check(h, fail_key, fail_asc, fail_ascq);
		goto done;
	}
	switch (c[0]) {
	case 0x00:	/* TEST UNIT READY */
		break;
	case 0x25:	/* READ CAPACITY(10) */
		if (h->dxfer_len < 8 || h->dxfer_direction != SG_DXFER_FROM_DEV) {
			check(h, 0x5, 0x24, 0x00);
			break;
		}
		put_be32(buf, cap - 1 > 0xffffffffull ? 0xffffffffu : (uint32_t)(cap - 1));
		put_be32(buf + 4, lbs);
		h->resid = (int)(h->dxfer_len - 8);
		break;
	case 0x9e:
		if ((byte1 & 0x1f) == 0x10) {	/* READ CAPACITY(16) */
			uint8_t r[32] = { 0 };
			unsigned int n = be32(c + 10);

			put_be64(r, cap - 1);
			put_be32(r + 8, lbs);
			if (n > h->dxfer_len)
				n = h->dxfer_len;
			if (n > sizeof(r))
				n = sizeof(r);
			memcpy(buf, r, n);
			h->resid = (int)(h->dxfer_len - n);
		} else if ((byte1 & 0x1f) == 0x14) {	/* STREAM CONTROL */
			int open_it = ((byte1 >> 5) & 3) == 1;
			unsigned int id = open_it ? 7 : be16(c + 4);

			if (out)
				fprintf(out, "stream %s id=%u\n", open_it ? "open" : "close", id);
			if (open_it && h->dxfer_len >= 8) {
				memset(buf, 0, 8);
				buf[0] = 8;
				buf[4] = (uint8_t)(id >> 8);
				buf[5] = (uint8_t)id;
			}
		} else
			check(h, 0x5, 0x24, 0x00);
		break;
	case 0x28: case 0x88:	/* READ */
	case 0x2a: case 0x8a:	/* WRITE */
	case 0x2e: case 0x8e:	/* WRITE AND VERIFY */
	case 0x9a:		/* WRITE STREAM */
		if (h->dxfer_len != nblk * lbs ||
		    h->dxfer_direction != ((c[0] == 0x28 || c[0] == 0x88) ?
					   SG_DXFER_FROM_DEV : SG_DXFER_TO_DEV)) {
			check(h, 0x5, 0x24, 0x00);
			break;
		}
		if (c[0] == 0x9a && !be16(c + 10)) {
			check(h, 0x5, 0x24, 0x00);	/* stream 0 */
			break;
		}
		if (io_all(fd, buf, h->dxfer_len, (off_t)(lba * lbs), c[0] != 0x28 && c[0] != 0x88))
			check(h, 0x3, c[0] == 0x28 || c[0] == 0x88 ? 0x11 : 0x0c, 0x00);
		break;
	case 0x41: case 0x93:	/* WRITE SAME */
		if (byte1 & 0x01) {	/* NDOB: zeroes */
			if (h->dxfer_len) {
				check(h, 0x5, 0x24, 0x00);
				break;
			}
			if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				      (off_t)(lba * lbs), (off_t)(nblk * lbs)))
				check(h, 0x3, 0x0c, 0x00);
			break;
		}
		if (h->dxfer_len != lbs || h->dxfer_direction != SG_DXFER_TO_DEV) {
			check(h, 0x5, 0x24, 0x00);
			break;
		}
		for (i = 0; i < nblk; i++)
			if (io_all(fd, buf, lbs, (off_t)((lba + i) * lbs), 1)) {
				check(h, 0x3, 0x0c, 0x00);
				break;
			}
		break;
	case 0x2f: case 0x8f:	/* VERIFY */
		if (bytchk == 0) {
			if (h->dxfer_len)
				check(h, 0x5, 0x24, 0x00);
			break;
		}
		if (bytchk == 1 ? h->dxfer_len != nblk * lbs : h->dxfer_len != lbs) {
			check(h, 0x5, 0x24, 0x00);
			break;
		}
		for (i = 0; i < (bytchk == 1 ? 1 : nblk); i++)
			if (compare(fd, buf, h->dxfer_len,
				    (lba + i) * lbs)) {
				check(h, 0xe, 0x1d, 0x00);
				break;
			}
		break;
	case 0x35: case 0x91:	/* SYNCHRONIZE CACHE */
		if (fdatasync(fd))
			check(h, 0x3, 0x0c, 0x00);
		break;
	case 0x42:
		unmap(fd, h, out);
		break;
	default:
		check(h, 0x5, 0x20, 0x00);
		break;
	}
done:
	if (out)
		fflush(out);
}

/* ------------------------------------------------------ the intercepts */

int ioctl(int fd, unsigned long req, ...)
{
	REAL(int, ioctl, int, unsigned long, void *);
	struct fdstate *s = state(fd);
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!s)
		return real_ioctl(fd, req, arg);
	switch (req) {
	case SG_GET_VERSION_NUM:
		*(int *)arg = 30536;
		return 0;
	case SG_GET_NUM_WAITING:
		if (blk_type)
			break;
		*(int *)arg = (int)s->n;
		return 0;
	case SG_IO: {
		struct sg_io_hdr *h = arg;

		if (h->interface_id != 'S') {
			errno = ENOSYS;
			return -1;
		}
		if (is_write_cmd(h->cmdp[0]) && !s->writable) {
			errno = EPERM;	/* the kernel's check for users without CAP_SYS_RAWIO */
			return -1;
		}
		take();
		run(fd, h, "ioctl");
		give();
		return 0;
	}
	case BLKSSZGET:
		if (!blk_type)
			break;
		*(int *)arg = (int)lbs;
		return 0;
	case BLKGETSIZE64:
		if (!blk_type)
			break;
		*(uint64_t *)arg = capacity(fd) * lbs;
		return 0;
	case BLKFLSBUF:
		if (!blk_type)
			break;
		return 0;
	default:
		break;
	}
	errno = ENOTTY;
	return -1;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(ssize_t, write, int, const void *, size_t);
	struct fdstate *s = state(fd);
	struct sg_io_hdr h;

	if (!s || blk_type)
		return real_write(fd, buf, n);
	if (!s->writable) {
		errno = EBADF;
		return -1;
	}
	if (n < sizeof(h)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(&h, buf, sizeof(h));
	if (h.interface_id != 'S') {
		errno = ENOSYS;
		return -1;
	}

	take();
	if (s->n >= QMAX) {
		give();
		errno = EDOM;
		return -1;
	}
	run(fd, &h, "write");
	s->q[s->n++] = h;
	give();
	return (ssize_t)sizeof(h);
}

/* read(2) of a spied sg file: the next finished command's header */
static ssize_t reply(struct fdstate *s, void *buf, size_t n)
{
	if (n < sizeof(struct sg_io_hdr)) {
		errno = EINVAL;
		return -1;
	}
	take();
	if (!s->n) {
		give();
		errno = EAGAIN;
		return -1;
	}
	if (lifo) {
		memcpy(buf, &s->q[--s->n], sizeof(s->q[0]));
	} else {
		memcpy(buf, &s->q[0], sizeof(s->q[0]));
		memmove(&s->q[0], &s->q[1], --s->n * sizeof(s->q[0]));
	}
	give();
	return (ssize_t)sizeof(struct sg_io_hdr);
}

ssize_t read(int fd, void *buf, size_t n)
{
	REAL(ssize_t, read, int, void *, size_t);
	struct fdstate *s = state(fd);

	if (!s || blk_type)
		return real_read(fd, buf, n);
	return reply(s, buf, n);
}

static int spy_poll(struct pollfd *p, nfds_t nfds, int timeout)
{
	REAL(int, poll, struct pollfd *, nfds_t, int);
	int saved[64], ready = 0, others = 0, r;
	nfds_t i;

	if (nfds > 64)
		return real_poll(p, nfds, timeout);
	for (i = 0; i < nfds; i++) {
		struct fdstate *s = state(p[i].fd);

		saved[i] = p[i].fd;
		if (!s || blk_type) {
			others++;
			continue;
		}
		p[i].revents = 0;
		if ((p[i].events & POLLIN) && s->n)
			p[i].revents |= POLLIN;
		if ((p[i].events & POLLOUT) && s->n < QMAX)
			p[i].revents |= POLLOUT;
		ready += p[i].revents != 0;
		p[i].fd = -1;	/* the real poll skips it */
	}
	if (others) {
		short keep[64];

		for (i = 0; i < nfds; i++)
			keep[i] = p[i].revents;
		r = real_poll(p, nfds, ready ? 0 : timeout);
		for (i = 0; i < nfds; i++) {
			if (p[i].fd < 0 && saved[i] >= 0)
				p[i].revents = keep[i];
			p[i].fd = saved[i];
		}
		if (r < 0)
			return r;
		return r + ready;
	}
	for (i = 0; i < nfds; i++)
		p[i].fd = saved[i];
	return ready;
}

int poll(struct pollfd *p, nfds_t nfds, int timeout)
{
	return spy_poll(p, nfds, timeout);
}

int close(int fd)
{
	REAL(int, close, int);

	if (fd >= 0 && fd < MAX_FD && fds[fd]) {
		take();
		free(fds[fd]);
		fds[fd] = NULL;
		give();
	}
	return real_close(fd);
}

static int open_mode(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
	REAL(int, open, const char *, int, ...);
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return opened(real_open(path, flags, mode));
}

int open64(const char *path, int flags, ...)
{
	REAL(int, open64, const char *, int, ...);
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return opened(real_open64(path, flags, mode));
}

int openat(int dirfd, const char *path, int flags, ...)
{
	REAL(int, openat, int, const char *, int, ...);
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return opened(real_openat(dirfd, path, flags, mode));
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	REAL(int, openat64, int, const char *, int, ...);
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return opened(real_openat64(dirfd, path, flags, mode));
}

/*
 * Built with _FORTIFY_SOURCE (as distributions build packages), the sg
 * plugin's open() without a mode, read() into a buffer of known size and
 * poll() go to glibc's checking entry points instead: spied the same.
 * (Declared here: the headers declare them only under _FORTIFY_SOURCE.)
 */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);
ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen);
int __poll_chk(struct pollfd *p, nfds_t nfds, int timeout, size_t fdslen);

int __open_2(const char *path, int flags)
{
	REAL(int, __open_2, const char *, int);

	return opened(real___open_2(path, flags));
}

int __open64_2(const char *path, int flags)
{
	REAL(int, __open64_2, const char *, int);

	return opened(real___open64_2(path, flags));
}

int __openat_2(int dirfd, const char *path, int flags)
{
	REAL(int, __openat_2, int, const char *, int);

	return opened(real___openat_2(dirfd, path, flags));
}

int __openat64_2(int dirfd, const char *path, int flags)
{
	REAL(int, __openat64_2, int, const char *, int);

	return opened(real___openat64_2(dirfd, path, flags));
}

ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
	REAL(ssize_t, __read_chk, int, void *, size_t, size_t);
	struct fdstate *s = state(fd);

	if (!s || blk_type)
		return real___read_chk(fd, buf, n, buflen);
	if (n > buflen)
		abort();	/* what glibc's check does, more bluntly */
	return reply(s, buf, n);
}

int __poll_chk(struct pollfd *p, nfds_t nfds, int timeout, size_t fdslen)
{
	if (fdslen / sizeof(*p) < nfds)
		abort();
	return spy_poll(p, nfds, timeout);
}

/* PLIO_SG_STAT=1: the file is the device (for fio's file type check). */
static void as_device(struct stat *st)
{
	int d;

	if (!fake_stat || !(d = disk_of(st)))
		return;
	st->st_mode = (st->st_mode & 07777) | (blk_type ? S_IFBLK : S_IFCHR);
	st->st_rdev = blk_type ? makedev(8, 16 * (d - 1)) : makedev(21, d - 1);
	st->st_size = 0;
}

#define STAT_BY_PATH(name)                                                   \
	int name(const char *path, struct stat *st)                          \
	{                                                                    \
		REAL(int, name, const char *, struct stat *);                \
		int r = real_##name(path, st);                               \
                                                                             \
		take();                                                      \
		setup();                                                     \
		give();                                                      \
		if (!r)                                                      \
			as_device(st);                                       \
		return r;                                                    \
	}

#define STAT_BY_FD(name)                                                     \
	int name(int fd, struct stat *st)                                    \
	{                                                                    \
		REAL(int, name, int, struct stat *);                         \
		int r = real_##name(fd, st);                                 \
                                                                             \
		if (!r && state(fd))                                         \
			as_device(st);                                       \
		return r;                                                    \
	}

STAT_BY_PATH(stat)
STAT_BY_PATH(lstat)
STAT_BY_FD(fstat)

/* On 64-bit Linux struct stat64 is struct stat. */
#define STAT64_BY_PATH(name)                                                 \
	int name(const char *path, struct stat64 *st)                        \
	{                                                                    \
		REAL(int, name, const char *, struct stat64 *);              \
		int r = real_##name(path, st);                               \
                                                                             \
		take();                                                      \
		setup();                                                     \
		give();                                                      \
		if (!r && sizeof(*st) == sizeof(struct stat))                \
			as_device((struct stat *)(void *)st);                \
		return r;                                                    \
	}

STAT64_BY_PATH(stat64)
STAT64_BY_PATH(lstat64)

int fstat64(int fd, struct stat64 *st)
{
	REAL(int, fstat64, int, struct stat64 *);
	int r = real_fstat64(fd, st);

	if (!r && state(fd) && sizeof(*st) == sizeof(struct stat))
		as_device((struct stat *)(void *)st);
	return r;
}
