/* The callchain fixture built with -O2 -fomit-frame-pointer: frames found
 * by the call frame information alone. */
#include "callchain.c"
