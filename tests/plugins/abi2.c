#include <plio/plio.h>
int plio_placeholder_abi2(void); int plio_placeholder_abi2(void) { return 0; }
