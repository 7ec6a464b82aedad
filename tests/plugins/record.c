#include <plio/plio.h>
int plio_placeholder_record(void); int plio_placeholder_record(void) { return 0; }
