#include <plio/plio.h>
int plio_placeholder_profile(void); int plio_placeholder_profile(void) { return 0; }
