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
# -fno-math-errno lets sqrt inline in the DSP kernels (the core never reads
# errno).  -fno-tree-slp-vectorize: GCC 12's SLP vectoriser drops the float
# rounding of (double) (float) x (seen in cqt.c and spectral.c: the stored
# float and the double used next differ), which librosa's float32 steps need;
# the kernels are written in explicit vectors (dsp/simd.h) instead.  A -O1
# build (no vectoriser) gives the same bits.
DSP_CFLAGS = -fno-math-errno -fno-tree-slp-vectorize

# pg_regress suites: `setup` first (creates the extension and loads the clips)
TESTS = $(sort $(notdir $(basename $(wildcard sql/*.sql))))
REGRESS = setup $(filter-out setup,$(TESTS))
REGRESS_OPTS = --inputdir=. --outputdir=test/regress-out

EXTRA_CLEAN = $(EXTENSION)-*.zip test/regress-out test/unit/bin test/fuzz/bin test/import/bin test/bench/out demo-out \
	test/pg/fmgr_probe.o test/pg/fmgr_probe.so

# The standard PGXS path: the first pg_config on PATH, or PG_CONFIG=... .
# make test and make demo set up Debian 12's PostgreSQL 15 and build against
# it (pg_config is not on PATH on a bare machine).
PG_CONFIG ?= pg_config
DEBIAN_PG_CONFIG = /usr/lib/postgresql/15/bin/pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(PGXS),)
include $(PGXS)
$(patsubst %.c,%.o,$(wildcard src/dsp/*.c src/features/*.c)): override CFLAGS += $(DSP_CFLAGS)
else
all:
	@echo "pg_config ($(PG_CONFIG)) not found: install PostgreSQL's server development files and pass PG_CONFIG=/path/to/pg_config, or run 'make test' or 'make deps' (as root) on Debian 12" >&2; exit 1
endif

# genre-import: a client program on libpq (src/import); it never links the
# extension.  PGXS's PROGRAM cannot sit beside MODULE_big, so its own rules,
# hooked into all, install, uninstall and clean.
ifneq ($(PGXS),)
IMPORT_SRCS = $(sort $(wildcard src/import/*.c))
IMPORT_OBJS = $(IMPORT_SRCS:.c=.o)
IMPORT_BIN = src/import/genre-import

all: $(IMPORT_BIN)

$(IMPORT_OBJS): %.o: %.c $(wildcard src/import/*.h)
	$(CC) $(CFLAGS) -I$(srcdir)/src -I$(libpq_srcdir) -DGENRE_VERSION='"$(EXTVERSION)"' -c -o $@ $<

$(IMPORT_BIN): $(IMPORT_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(IMPORT_OBJS) $(libpq)

.PHONY: install-import uninstall-import clean-import
install: install-import
install-import: $(IMPORT_BIN)
	$(MKDIR_P) '$(DESTDIR)$(bindir)'
	$(INSTALL_PROGRAM) $(IMPORT_BIN) '$(DESTDIR)$(bindir)'
uninstall: uninstall-import
uninstall-import:
	rm -f '$(DESTDIR)$(bindir)/genre-import'
clean: clean-import
clean-import:
	rm -f $(IMPORT_BIN) $(IMPORT_OBJS)
endif

.PHONY: deps unit fuzz build-unit build-fuzz build-tests test test-citus demo bench check-sql version dist

version:
	@echo $(EXTVERSION)

# the PGXN upload: the committed tree at HEAD, as genre-<version>.0.zip
dist:
	git archive --format zip --prefix=$(EXTENSION)-$(EXTVERSION).0/ -o $(EXTENSION)-$(EXTVERSION).0.zip HEAD

# test-only module the pg_regress suites load by path (test/pg/fmgr_probe.c; never installed)
FMGR_PROBE = test/pg/fmgr_probe$(DLSUFFIX)
installcheck: $(FMGR_PROBE)

deps:
	test/scripts/install-deps

# C unit tests of the core: one binary per test/unit/test_*.c, no server.
UNIT_SRCS = $(sort $(wildcard test/unit/test_*.c))
UNIT_BINS = $(patsubst test/unit/%.c,test/unit/bin/%,$(UNIT_SRCS))

test/unit/bin/%: test/unit/%.c $(wildcard test/unit/*.h) $(CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I$(srcdir)/src -Itest/unit -o $@ $< $(CORE_OBJS) $(CORE_LIBS)

build-unit: $(UNIT_BINS)

# build and run them: one line per binary, then "N passed, N failed"
unit: build-unit
	test/scripts/run-unit

test/bench/out/bench_features: test/bench/bench_features.c $(CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I$(srcdir)/src $(CORE_CPPFLAGS) -o $@ $< $(CORE_OBJS) $(CORE_LIBS)

test/bench/out/bench_umap: test/bench/umap/bench_umap.c test/unit/gtzan.h $(CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I$(srcdir)/src -Itest/unit -o $@ $< $(CORE_OBJS) $(CORE_LIBS)

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

test/fuzz/bin/%: test/fuzz/%.c $(CORE_SRCS) $(wildcard src/*/*.h test/fuzz/*.h) test/unit/tracking.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(srcdir)/src $(CORE_CPPFLAGS) -o $@ $< $(CORE_SRCS) $(CORE_LIBS)

build-fuzz: $(FUZZ_BINS)

# build them and run the smoke runs (about a minute)
fuzz: build-fuzz
	test/fuzz/smoke

# genre-import's test makes its music folder at test time with this
test/import/bin/make_clips: test/import/make_clips.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -lsndfile -lm

build-tests: build-unit build-fuzz test/import/bin/make_clips

# make test and make demo: Debian 12's PostgreSQL 15, whatever is on PATH
test: deps
	$(MAKE) -s PG_CONFIG=$(DEBIAN_PG_CONFIG) all build-tests $(FMGR_PROBE)
	flock /tmp/genre-pg.lock sh -c '$(MAKE) -s PG_CONFIG=$(DEBIAN_PG_CONFIG) install >/dev/null && test/scripts/run-all'

# opt-in: the scale-out suite on ../shared/tools/citus-cluster (skips without it)
test-citus: all
	test/scripts/test-citus

demo: deps
	$(MAKE) -s PG_CONFIG=$(DEBIAN_PG_CONFIG) all
	flock /tmp/genre-pg.lock sh -c '$(MAKE) -s PG_CONFIG=$(DEBIAN_PG_CONFIG) install >/dev/null && test/demo/run'

# install and run the pg_regress suites in a throwaway cluster; the lock keeps
# concurrent builds on one machine from installing over each other mid-run
check-sql: all
	flock /tmp/genre-pg.lock sh -c '$(MAKE) install >/dev/null && pg_virtualenv -v 15 -- $(MAKE) installcheck'
