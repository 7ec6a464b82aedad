/*
 * spy_aio.c - test preload: what the libaio engine hands the kernel.
 *
 * LD_PRELOAD'ed into plio with PLIO_SPY_FILE set, it stands in front of
 * libaio's io_submit(), writes one line per read or write iocb,
 *
 *     aio R|W <aio_reqprio> <IOCB_FLAG_IOPRIO set: 0|1> <bytes>
 *
 * and passes the call on.  The priorities test reads these lines: the
 * priority of each request as the kernel receives it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <libaio.h>
#include <stdio.h>
#include <stdlib.h>

#include "spy.h"

#define FLAG_IOPRIO (1u << 1)	/* linux/aio_abi.h's IOCB_FLAG_IOPRIO */

int io_submit(io_context_t ctx, long nr, struct iocb *ios[])
{
	static int (*real)(io_context_t, long, struct iocb **);
	FILE *out = spy_out();
	long i;

	if (!real) {
		/* after this preload, or (libaio loaded by the libaio plugin,
		 * out of the global scope) in libaio itself */
		void *p = dlsym(RTLD_NEXT, "io_submit"), *h;

		if (!p && ((h = dlopen("libaio.so.1", RTLD_NOW | RTLD_NOLOAD)) ||
			   (h = dlopen("libaio.so.1", RTLD_NOW))))
			p = dlsym(h, "io_submit");
		if (!p)
			abort();
		*(void **)&real = p;
	}
	for (i = 0; out && i < nr; i++)
		if (ios[i]->aio_lio_opcode == IO_CMD_PREAD ||
		    ios[i]->aio_lio_opcode == IO_CMD_PWRITE)
			fprintf(out, "aio %c %d %d %lu\n",
				ios[i]->aio_lio_opcode == IO_CMD_PREAD ? 'R' : 'W',
				(int)(unsigned short)ios[i]->aio_reqprio,
				(ios[i]->u.c.flags & FLAG_IOPRIO) != 0,
				(unsigned long)ios[i]->u.c.nbytes);
	if (out)
		fflush(out);
	return real(ctx, nr, ios);
}
