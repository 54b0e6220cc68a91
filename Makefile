# sandcast: one non-recursive Makefile. Targets: all check check-vm install clean demo bench.
VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
LIBDIR   ?= $(PREFIX)/lib
MANDIR   ?= $(PREFIX)/share/man
DOCDIR   ?= $(PREFIX)/share/doc/sandcast

CC       ?= cc
CFLAGS   ?= -O2 -g
WARNINGS  = -Wall -Wextra -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes \
            -Wshadow -Wundef -Wwrite-strings
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif
ifneq ($(SANITIZE),)
SANFLAGS  = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
endif
PKGS      = jansson libdw libunwind-ptrace
SC_CPPFLAGS = -I. -D_GNU_SOURCE -DSANDCAST_VERSION='"$(VERSION)"' -MMD -MP \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CPPFLAGS)
SC_CFLAGS = -std=gnu11 $(WARNINGS) $(SANFLAGS) $(CFLAGS)
SC_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null || \
              echo -ljansson -ldw -lelf -lunwind-ptrace -lunwind-generic) $(LIBS)

B         = build
LIB_SRCS := $(sort $(wildcard core/*.c tracer/*.c reporter/*.c gen/*.c)) cmd.c violations.c \
            $(sort $(wildcard cmd-*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BINS := $(UNIT_SRCS:%.c=$(B)/%)
PROG_SRCS := $(sort $(wildcard tests/progs/*.c examples/*.c))
PROGS64  := $(PROG_SRCS:%.c=$(B)/%)
PROGS32  := $(PROG_SRCS:%.c=$(B)/%-32)
PROGSX32 := $(PROG_SRCS:%.c=$(B)/%-x32)
PLIB_SRCS := $(sort $(wildcard tests/progs/lib/*.c))
PLIBS64  := $(PLIB_SRCS:tests/progs/lib/%.c=$(B)/tests/progs/lib%.so)
PLIBS32  := $(PLIB_SRCS:tests/progs/lib/%.c=$(B)/tests/progs/lib%-32.so)
PLIBSX32 := $(PLIB_SRCS:tests/progs/lib/%.c=$(B)/tests/progs/lib%-x32.so)

.SECONDARY:
.PHONY: all check check-vm test unit e2e install clean demo bench deps progs generated-check \
	fuzz fuzz-build
all: $(B)/sandcast

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(SC_CPPFLAGS) $(SC_CFLAGS) -c -o $@ $<

$(B)/libsandcast.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/sandcast: $(B)/main.o $(B)/libsandcast.a
	$(CC) $(SC_CFLAGS) $(LDFLAGS) -o $@ $^ $(SC_LIBS)

# Unit tests: one program per module, linked with the library and the TAP helper.
$(B)/tests/unit/test-%: $(B)/tests/unit/test-%.o $(B)/tests/unit/tap.o $(B)/libsandcast.a
	$(CC) $(SC_CFLAGS) $(LDFLAGS) -o $@ $^ $(SC_LIBS)

# Target programs for the end-to-end tests, built for x86-64 and, where gcc
# can, i386 (NAME-32) and x32 (NAME-x32). Whether the kernel runs them is
# for the tests to find out (tests/progs/abi.c), not for the build.
PROG_CFLAGS = -std=gnu11 -g -O1 -D_GNU_SOURCE -fno-omit-frame-pointer -Wall -Wextra
$(B)/tests/progs/%: tests/progs/%.c
	@mkdir -p $(@D)
	$(CC) -m64 $(PROG_CFLAGS) -o $@ $< $(PROG_LIBS_$*) -ldl -lpthread -lrt
$(B)/tests/progs/%-32: tests/progs/%.c
	@mkdir -p $(@D)
	$(CC) -m32 $(PROG_CFLAGS) -o $@ $< $(PROG_LIBS_$*) -ldl -lpthread -lrt
$(B)/tests/progs/%-x32: tests/progs/%.c
	@mkdir -p $(@D)
	$(CC) -mx32 $(PROG_CFLAGS) -o $@ $< $(PROG_LIBS_$*) -ldl -lpthread -lrt
# Shared libraries the target programs load: tests/progs/lib/NAME.c gives
# $(B)/tests/progs/libNAME.so, libNAME-32.so and libNAME-x32.so, each with
# the soname libNAME.so (what a program linked against it looks for).
PLIB_FLAGS = $(PROG_CFLAGS) -shared -fPIC -Wl,-soname,lib$*.so
$(B)/tests/progs/lib%.so: tests/progs/lib/%.c
	@mkdir -p $(@D)
	$(CC) -m64 $(PLIB_FLAGS) -o $@ $<
$(B)/tests/progs/lib%-32.so: tests/progs/lib/%.c
	@mkdir -p $(@D)
	$(CC) -m32 $(PLIB_FLAGS) -o $@ $<
$(B)/tests/progs/lib%-x32.so: tests/progs/lib/%.c
	@mkdir -p $(@D)
	$(CC) -mx32 $(PLIB_FLAGS) -o $@ $<
$(B)/examples/%: examples/%.c
	@mkdir -p $(@D)
	$(CC) -m64 $(PROG_CFLAGS) -o $@ $<
$(B)/examples/%-32: examples/%.c
	@mkdir -p $(@D)
	$(CC) -m32 $(PROG_CFLAGS) -o $@ $<
$(B)/examples/%-x32: examples/%.c
	@mkdir -p $(@D)
	$(CC) -mx32 $(PROG_CFLAGS) -o $@ $<

# The callchain and stacks fixtures again: as ET_EXEC executables, linked
# statically, optimised without frame pointers (their sources include
# callchain.c and stacks.c).
PROG_LIBS_callchain-nopie = -no-pie
$(B)/tests/progs/callchain-nopie $(B)/tests/progs/callchain-nopie-32 $(B)/tests/progs/callchain-nopie-x32: tests/progs/callchain.c
PROG_LIBS_stacks-nopie = -no-pie
$(B)/tests/progs/stacks-nopie $(B)/tests/progs/stacks-nopie-32 $(B)/tests/progs/stacks-nopie-x32: tests/progs/stacks.c
PROG_LIBS_callchain-static = -static
$(B)/tests/progs/callchain-static $(B)/tests/progs/callchain-static-32 $(B)/tests/progs/callchain-static-x32: tests/progs/callchain.c
PROG_LIBS_callchain-o2 = -O2 -fomit-frame-pointer
$(B)/tests/progs/callchain-o2 $(B)/tests/progs/callchain-o2-32 $(B)/tests/progs/callchain-o2-x32: tests/progs/callchain.c
# tick, linked against libtick, which it finds in lib/ beside it.
PROG_LIBS_tick = $(filter %.so,$^) -Wl,-rpath,'$$ORIGIN/lib'
$(B)/tests/progs/tick: $(B)/tests/progs/libtick.so
$(B)/tests/progs/tick-32: $(B)/tests/progs/libtick-32.so
$(B)/tests/progs/tick-x32: $(B)/tests/progs/libtick-x32.so

# Whether gcc can build for i386 and x32 here (not whether the kernel runs them).
builds = $(shell printf 'int main(void){return 0;}\n' | \
           $(CC) $(1) -x c - -o /dev/null 2>/dev/null && echo yes)
M32_BUILDS := $(call builds,-m32)
MX32_BUILDS := $(call builds,-mx32)
progs: $(PROGS64) $(PLIBS64) $(if $(M32_BUILDS),$(PROGS32) $(PLIBS32)) \
       $(if $(MX32_BUILDS),$(PROGSX32) $(PLIBSX32))

deps:
	@scripts/deps.sh

# check: install what is missing, then build and run every test.
check: deps
	@$(MAKE) --no-print-directory test

test: all progs $(UNIT_BINS) generated-check
	@B=$(B) tests/run.sh

# Generated sources must be what their scripts make of the data today.
GENERATED = core/syscall-table.c:scripts/gen-syscall-tables.sh \
            gen/runtime-sets.c:scripts/gen-runtime-sets.sh
generated-check:
	@mkdir -p $(B) && for g in $(GENERATED); do \
	  $${g#*:} > $(B)/generated.new && cmp -s $(B)/generated.new $${g%%:*} || \
	  { echo "$${g%%:*} differs from $${g#*:} output; regenerate it" >&2; exit 1; }; \
	done

# check-vm: the tests in a VM per kernel (scripts/check-vm.sh), where i386
# and x32 programs run whatever the host's kernel does.
check-vm: deps
	@$(MAKE) --no-print-directory all progs $(UNIT_BINS) generated-check
	@B=$(B) scripts/check-vm.sh

demo: deps
	@$(MAKE) --no-print-directory all progs
	@B=$(B) scripts/demo.sh

# bench: every scripts/bench-*.sh, each printing its rows as ratios to native.
bench: all progs
	@for s in scripts/bench-*.sh; do B=$(B) $$s || exit 1; done

# fuzz: the libFuzzer targets tests/fuzz/fuzz-NAME.c, built with clang and
# the sanitizers into $(FB), each run for FUZZ_SECONDS from its seed corpus
# tests/fuzz/NAME/ (new inputs go to $(FB)/corpus/NAME, what fails to
# $(FB)/crash-NAME-*), with tests/fuzz/NAME.dict when there is one.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FB        = $(B)/fuzz
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(FB)/%)
FUZZ_FLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
             -fno-sanitize-recover=undefined
$(FB)/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(SC_CPPFLAGS) -std=gnu11 $(WARNINGS) $(FUZZ_FLAGS) \
	  -fsanitize=fuzzer-no-link -c -o $@ $<
$(FB)/libsandcast.a: $(LIB_SRCS:%.c=$(FB)/%.o)
	@rm -f $@
	$(AR) rcs $@ $^
$(FB)/fuzz-%: $(FB)/tests/fuzz/fuzz-%.o $(FB)/libsandcast.a
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^ $(SC_LIBS)
fuzz-build: $(FUZZ_BINS)
fuzz: fuzz-build
	@for t in $(FUZZ_BINS); do \
	  n=$${t##*/fuzz-}; mkdir -p $(FB)/corpus/$$n; \
	  echo "fuzz-$$n: $(FUZZ_SECONDS) s"; \
	  $$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=$(FB)/crash-$$n- \
	    $$([ -f tests/fuzz/$$n.dict ] && echo -dict=tests/fuzz/$$n.dict) \
	    $(FB)/corpus/$$n tests/fuzz/$$n < /dev/null 2> $(FB)/fuzz-$$n.log; \
	  rc=$$?; grep -E '^(stat::number_of_executed_units|Done|INFO: seed)' \
	    $(FB)/fuzz-$$n.log | sed "s/^/  /"; \
	  [ $$rc -eq 0 ] || { tail -40 $(FB)/fuzz-$$n.log; exit 1; }; \
	done

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DOCDIR)/docs
	install -m 755 $(B)/sandcast $(DESTDIR)$(BINDIR)/sandcast
	install -m 644 man/sandcast.1 $(DESTDIR)$(MANDIR)/man1/sandcast.1
	install -m 644 README.md LICENSE $(DESTDIR)$(DOCDIR)/
	install -m 644 docs/*.md $(DESTDIR)$(DOCDIR)/docs/

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
