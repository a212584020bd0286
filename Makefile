# genre - PostgreSQL extension (PGXS).  `make test` and `make demo` also
# install what is missing (apt, as root) and run in a throwaway cluster.

EXTENSION = genre
# the version being built is the control file's default_version; DATA is every
# install and update script (doc/versioning.md)
EXTVERSION = $(shell sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" $(EXTENSION).control)
DATA = $(sort $(wildcard $(EXTENSION)--*.sql))
MODULE_big = genre

CORE_SRCS = $(sort $(wildcard src/base/*.c src/audio/*.c src/dsp/*.c src/features/*.c src/ml/*.c src/plot/*.c))
PG_SRCS = $(sort $(wildcard src/pg/*.c))
CORE_OBJS = $(CORE_SRCS:.c=.o)
OBJS = $(CORE_OBJS) $(PG_SRCS:.c=.o)

CORE_LIBS = -lopusfile -lopus -lvorbisfile -lvorbis -logg -lsndfile -lsoxr -lfftw3 -llapacke -llapack -lblas -lm
SHLIB_LINK = $(CORE_LIBS)
# opusfile.h includes <opus_multistream.h> from /usr/include/opus
CORE_CPPFLAGS = -I/usr/include/opus
PG_CPPFLAGS = -I$(srcdir)/src $(CORE_CPPFLAGS)
PG_CFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare

# pg_regress suites: `setup` first (creates the extension and loads the clips)
TESTS = $(sort $(notdir $(basename $(wildcard sql/*.sql))))
REGRESS = setup $(filter-out setup,$(TESTS))
REGRESS_OPTS = --inputdir=. --outputdir=test/regress-out

EXTRA_CLEAN = $(EXTENSION)-*.zip test/regress-out test/unit/bin test/fuzz/bin test/bench/out demo-out

PG_CONFIG ?= /usr/lib/postgresql/15/bin/pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(PGXS),)
include $(PGXS)
else
all:
	@echo "PostgreSQL server headers are missing: run 'make test' or 'make deps' (as root)" >&2; exit 1
endif

.PHONY: deps unit fuzz test demo bench check-sql version dist

version:
	@echo $(EXTVERSION)

# the PGXN upload: the committed tree at HEAD, as genre-<version>.0.zip
dist:
	git archive --format zip --prefix=$(EXTENSION)-$(EXTVERSION).0/ -o $(EXTENSION)-$(EXTVERSION).0.zip HEAD

deps:
	test/scripts/install-deps

# C unit tests of the core: one binary per test/unit/test_*.c, no server.
UNIT_SRCS = $(sort $(wildcard test/unit/test_*.c))
UNIT_BINS = $(patsubst test/unit/%.c,test/unit/bin/%,$(UNIT_SRCS))

test/unit/bin/%: test/unit/%.c $(wildcard test/unit/*.h) $(CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I$(srcdir)/src -Itest/unit -o $@ $< $(CORE_OBJS) $(CORE_LIBS)

unit: $(UNIT_BINS)

test/bench/out/bench_features: test/bench/bench_features.c $(CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I$(srcdir)/src $(CORE_CPPFLAGS) -o $@ $< $(CORE_OBJS) $(CORE_LIBS)

# every benchmark, each against a baseline measured in the same run
# (expects the extension installed: make install)
bench: all
	test/bench/run

# libFuzzer targets: one binary per test/fuzz/fuzz_*.c, the core compiled in
# with AddressSanitizer (LeakSanitizer included) and UBSan; malloc allocator.
FUZZ_SRCS = $(sort $(wildcard test/fuzz/fuzz_*.c))
FUZZ_BINS = $(patsubst test/fuzz/%.c,test/fuzz/bin/%,$(FUZZ_SRCS))
FUZZ_CC = clang
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined

test/fuzz/bin/%: test/fuzz/%.c $(CORE_SRCS) $(wildcard src/*/*.h test/fuzz/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(srcdir)/src $(CORE_CPPFLAGS) -o $@ $< $(CORE_SRCS) $(CORE_LIBS)

fuzz: $(FUZZ_BINS)

test: deps
	$(MAKE) -s all unit fuzz
	flock /tmp/genre-pg.lock sh -c '$(MAKE) -s install >/dev/null && test/scripts/run-all'

demo: deps
	$(MAKE) -s all
	flock /tmp/genre-pg.lock sh -c '$(MAKE) -s install >/dev/null && test/demo/run'

# install and run the pg_regress suites in a throwaway cluster; the lock keeps
# concurrent builds on one machine from installing over each other mid-run
check-sql: all
	flock /tmp/genre-pg.lock sh -c '$(MAKE) install >/dev/null && pg_virtualenv -v 15 -- $(MAKE) installcheck'
