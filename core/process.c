/* process.c - see process.h.  (Being written.) */
#include "process.h"

int process_job_start(const struct plan_job *pj, char *errbuf, size_t errlen)
{
	(void)pj;
	(void)errbuf;
	(void)errlen;
	return 0;
}

int process_job_end(const struct plan_job *pj, char *errbuf, size_t errlen)
{
	(void)pj;
	(void)errbuf;
	(void)errlen;
	return 0;
}
