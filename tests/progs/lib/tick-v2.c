/* libtick v2 (tick.c): tries faccessat2 first. */
#define TICK_V2
#include "tick.c"
