/* Target of the stack tests: dlopen()s libstackdl (beside this program,
 * "-32" for the i386 build) and calls its function, which makes the
 * program's only getppid call; prints the library's path. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 32);
	char *slash;
	void *lib;
	int (*call)(void);

	if (n <= 0)
		return 1;
	path[n] = '\0';
	slash = strrchr(path, '/');
	strcpy(slash + 1, sizeof(void *) == 4 ? "libstackdl-32.so" : "libstackdl.so");
	lib = dlopen(path, RTLD_NOW);
	if (lib == NULL) {
		fprintf(stderr, "%s\n", dlerror());
		return 1;
	}
	call = (int (*)(void))dlsym(lib, "stackdl_call");
	if (call == NULL || call() == 0)
		return 1;
	printf("%s\n", path);
	return 0;
}
