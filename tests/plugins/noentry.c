#include <plio/plio.h>
int plio_placeholder_noentry(void); int plio_placeholder_noentry(void) { return 0; }
