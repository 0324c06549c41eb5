# depeer - build, test, install.  Plain GNU Make with pkg-config.
#
#   make                  build ./depeer
#   make check            build and run the unit and CLI tests, and check
#                         that depeer(1) documents every exit status and
#                         that the sources keep their layers (tests/layers.py)
#   make check SANITIZE=1 the same under AddressSanitizer + UBSan
#   make check SANITIZE=thread   the same under ThreadSanitizer
#   make demo             record the bundled McColo example and print it
#   make bench            benchmarks: CSV import beside the sqlite3 shell
#                         (bench/import.sh), then 1,000 lookups beside a
#                         whois(1) loop on the loopback registries and
#                         10,000 from the store (bench/lookup.sh), then a JSON listing beside
#                         sqlite3 -json (bench/list.sh; BENCH_ROWS, default
#                         1,000,000), then a file of 10 MB, 150 MB and
#                         1,000,000,000 bytes attached, verified and
#                         exported beside the sqlite3 shell's readfile()
#                         (bench/files.sh; FILE_SIZES; needs 4 GB of disk);
#                         then the data of a complaint drafted for a
#                         provider with 1,000,000 evidence rows, target
#                         under 2 s (bench/draft.sh); then a one-year
#                         hourly series imported from a raw log and
#                         "impact" on it, target under 1 s
#                         (bench/impact.sh);
#                         BENCH=import, lookup, list, files, draft or
#                         impact runs
#                         only that one; each side runs RUNS=3 times and
#                         is reported as its median (bench/lib.sh);
#                         BENCH=bulkmem: the peak memory of a cold
#                         lookup --bulk of 100,000 (bench/bulkmem.sh)
#                         BENCH=lpm: longest-prefix match on the 2014
#                         RouteViews table beside pyasn, IPv4 and IPv6,
#                         building and opening lookup files
#                         (bench/lpm.sh)
#   make fuzz             build the libFuzzer targets and run each for
#                         FUZZ_SECONDS (default 30), FUZZ_JOBS at a time
#                         (default one per CPU)
#   make install PREFIX=/usr/local DESTDIR=
#   make deps             install missing Debian build/test packages
#   make deps-browser     install chromium for the report's browser test
#
# A plain "make" never installs anything: when a library or tool is missing
# it stops and names it.  "make check", "make demo", "make bench" and
# "make fuzz" run "make deps" first, so that they work as the first command
# on a fresh Debian machine.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/depeer
DESTDIR	?=

CC	?= cc
PKG_CONFIG ?= pkg-config
PKGS	 = libcurl sqlite3 libxml-2.0 jansson libcrypto libidn2 gmime-3.0 gsl \
	   zlib libzstd
TESTPKGS = check

VERSION	:= 0.1.0

ifeq ($(FUZZ),1)
# libFuzzer builds (make fuzz): clang, the library instrumented for
# coverage and checked by ASan + UBSan.
BUILD	?= build/fuzz
CC	 = clang
SANFLAGS = -fsanitize=fuzzer-no-link,address,undefined \
	   -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT	?= -O1
else ifeq ($(SANITIZE),1)
BUILD	?= build/sanitize
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
OPT	?= -O1
else ifeq ($(SANITIZE),thread)
# The threads (bzip2 blocks, the hasher, attribute, bgp import's reader
# and folds) under ThreadSanitizer.
BUILD	?= build/tsan
SANFLAGS = -fsanitize=thread -fno-omit-frame-pointer
OPT	?= -O1
else
BUILD	?= build/default
SANFLAGS =
OPT	?= -O2
endif

# Each object also writes a .d file listing the headers it included (-MMD);
# -MP adds an empty rule per header so that deleting one breaks nothing.
DEPFLAGS = -MMD -MP
WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
CPPFLAGS_ALL = -D_DEFAULT_SOURCE -DDEPEER_VERSION='"$(VERSION)"' \
	   -DDEPEER_DATADIR='"$(DATADIR)"' -Isrc -I$(BUILD) $(CPPFLAGS)
CFLAGS_ALL = -std=c11 $(OPT) -g -pthread $(WARN) $(SANFLAGS) \
	   $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
# libunistring (display widths, normalisation) and libbz2 (bzip2-compressed
# routing dumps) ship no pkg-config file on Debian; res_query() is in
# libresolv, part of the C library.
SYSLIBS	 = -lunistring -lbz2 -lresolv
LIBS_ALL = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) $(SYSLIBS) $(LIBS)
LDFLAGS_ALL = -pthread $(SANFLAGS) $(LDFLAGS)
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TESTPKGS) 2>/dev/null)
TEST_LIBS = $(shell $(PKG_CONFIG) --libs $(TESTPKGS) 2>/dev/null)

MAIN_SRC = src/depeer.c
LIB_SRC	 = $(filter-out $(MAIN_SRC),$(wildcard src/*.c))
LIB_OBJ	 = $(LIB_SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/migrations.o \
	   $(BUILD)/bootstrap.o
BOOTSTRAP = db/rdap-bootstrap/asn.json db/rdap-bootstrap/ipv4.json \
	   db/rdap-bootstrap/ipv6.json
MIGRATIONS = $(sort $(wildcard db/migrations/*.sql))
# The built-in templates (src/tplfile.h), compiled in as the migrations are.
TEMPLATES = $(sort $(wildcard templates/*.mustache))
LIB_OBJ	+= $(BUILD)/templates.o
UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_OBJ = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%.o)

# Missing libraries are installed by "make deps"; the test and demo
# targets run it themselves (ensure-deps) when pkg-config cannot find one
# or a tool the tests use is missing, so "make demo" and "make check" work
# as the first command on a fresh machine.
# Debian's own python3, which sees Debian's python3-* modules (pyasn, the
# independent longest-prefix-match reference; distributed, the Dask
# cluster of the attribute test) whatever python3 comes first in PATH.
DEBIAN_PYTHON ?= /usr/bin/python3
export DEBIAN_PYTHON
NEED_DEPS := $(shell $(PKG_CONFIG) --exists $(PKGS) $(TESTPKGS) 2>/dev/null \
	     && command -v sqlite3 >/dev/null && command -v whois >/dev/null \
	     && command -v python3 >/dev/null && command -v nm >/dev/null \
	     && command -v gpg >/dev/null && command -v gpg-agent >/dev/null \
	     && [ -f /usr/include/unistr.h ] && [ -f /usr/include/bzlib.h ] \
	     && command -v bgpdump >/dev/null \
	     && $(DEBIAN_PYTHON) -c 'import pyasn, distributed' 2>/dev/null \
	     && echo no || echo yes)

.PHONY: all check unit cli layers exitcodes demo bench install uninstall \
	deps deps-browser clean fuzz fuzz-build ensure-deps have-deps FORCE

# The build itself only checks (GNU: a build does not change the system):
# it names what is missing and leaves installing it to "make deps".
all: have-deps
	@$(MAKE) --no-print-directory depeer

have-deps:
	@missing=""; \
	for t in $(firstword $(CC)) $(PKG_CONFIG) ar; do \
	    command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; \
	done; \
	if command -v $(PKG_CONFIG) >/dev/null 2>&1; then \
	    for p in $(PKGS); do \
	        $(PKG_CONFIG) --exists $$p || missing="$$missing $$p"; \
	    done; \
	fi; \
	printf '#include <unistr.h>\n' | $(firstword $(CC)) -E - \
	    >/dev/null 2>&1 || missing="$$missing libunistring"; \
	printf '#include <bzlib.h>\n' | $(firstword $(CC)) -E - \
	    >/dev/null 2>&1 || missing="$$missing libbz2"; \
	if [ -n "$$missing" ]; then \
	    echo "make: cannot build depeer, missing:$$missing" >&2; \
	    echo "make: run 'make deps' to install the Debian packages" \
	        "(needs root or sudo)" >&2; \
	    exit 1; \
	fi

ensure-deps:
ifeq ($(NEED_DEPS),yes)
	@$(MAKE) --no-print-directory deps
endif

ifneq ($(SANITIZE),)
depeer: $(BUILD)/depeer
else
depeer: $(BUILD)/depeer
	cp $(BUILD)/depeer $@.tmp && mv -f $@.tmp $@
endif

$(BUILD)/depeer: $(BUILD)/depeer.o $(BUILD)/libdepeer.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_ALL)

$(BUILD)/libdepeer.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: src/%.c Makefile | $(BUILD)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(DEPFLAGS) -c -o $@ $<

# The schema migrations are compiled into the binary (db/embed.sh).
$(BUILD)/migrations.c: $(MIGRATIONS) db/embed.sh | $(BUILD)
	sh db/embed.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

# The IANA RDAP bootstrap files lookups start from.
$(BUILD)/bootstrap.c: $(BOOTSTRAP) db/embed-files.sh | $(BUILD)
	sh db/embed-files.sh rdap_bootstrap_files $(BOOTSTRAP) > $@.tmp && \
	    mv $@.tmp $@

$(BUILD)/bootstrap.o: $(BUILD)/bootstrap.c
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/migrations.o: $(BUILD)/migrations.c
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(DEPFLAGS) -c -o $@ $<

# The list of templates, replaced only when it changed (as suites.inc), so
# that adding or removing a template rebuilds templates.c.
$(BUILD)/templates.list: FORCE | $(BUILD)
	@echo $(TEMPLATES) > $@.tmp; cmp -s $@.tmp $@ && rm -f $@.tmp || \
	    mv $@.tmp $@

$(BUILD)/templates.c: $(TEMPLATES) $(BUILD)/templates.list \
	    db/embed-files.sh | $(BUILD)
	sh db/embed-files.sh builtin_templates $(TEMPLATES) > $@.tmp && \
	    mv $@.tmp $@

$(BUILD)/templates.o: $(BUILD)/templates.c
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(DEPFLAGS) -c -o $@ $<

$(BUILD):
	mkdir -p $(BUILD)/tests

$(BUILD)/tests/%.o: tests/unit/%.c Makefile | $(BUILD)
	$(CC) $(CPPFLAGS_ALL) -Itests/unit $(CFLAGS_ALL) $(TEST_CFLAGS) \
	    -Wno-missing-prototypes $(DEPFLAGS) \
	    -c -o $@ $<

# The header lists written by -MMD (none before the first build).
-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d)

# One SUITE(name) line per tests/unit/check_<name>.c, for tests/unit/main.c.
# Rebuilt on every run but replaced only when the list changed: a file
# renamed into place keeps its old time and would not be noticed by date.
$(BUILD)/suites.inc: FORCE | $(BUILD)
	@for f in $(sort $(filter tests/unit/check_%.c,$(UNIT_SRC))); do \
	    n=$${f#tests/unit/check_}; echo "SUITE($${n%.c})"; \
	done > $@.tmp; cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

FORCE:

$(BUILD)/tests/main.o: $(BUILD)/suites.inc

$(BUILD)/check_depeer: $(UNIT_OBJ) $(BUILD)/libdepeer.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(TEST_LIBS) $(LIBS_ALL)

check: ensure-deps
	@$(MAKE) --no-print-directory exitcodes layers unit cli

# src/exitcodes.h and the EXIT STATUS of depeer(1) list the same numbers.
exitcodes:
	sh tests/exitcodes.sh

# The layering rules of STYLE.md, read from the objects (nm) and the
# #include lines; tests/layers.allow lists the violations being removed.
layers: $(BUILD)/depeer
	python3 tests/layers.py $(BUILD) tests/layers.allow

# UNIT_JOBS processes at once (default one per CPU), each running every
# UNIT_JOBS-th suite (tests/unit/main.c); each one's output is printed
# whole once all have finished.
UNIT_JOBS ?= $(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
unit: $(BUILD)/check_depeer
	@cd tests && n=$(UNIT_JOBS) && i=0 && pids= && \
	while [ $$i -lt $$n ]; do \
	    CK_DEFAULT_TIMEOUT=$${CK_DEFAULT_TIMEOUT:-60} \
	    DEPEER_TEST_FIXTURES=$(CURDIR)/tests/fixtures \
	    DEPEER_UNIT_SHARD=$$i/$$n \
	    $(abspath $(BUILD))/check_depeer \
	        >$(abspath $(BUILD))/unit-$$i.log 2>&1 & \
	    pids="$$pids $$!"; i=$$((i + 1)); \
	done; \
	rc=0; i=0; for p in $$pids; do \
	    wait $$p || rc=1; \
	    echo "check_depeer, suites $$i/$$n:"; \
	    cat $(abspath $(BUILD))/unit-$$i.log; i=$$((i + 1)); \
	done; exit $$rc

# The CLI tests' helpers: sample messages built by mail.c for Python's
# email package and gpg --verify (tests/mailgen.c, t0202), and XARF
# reports made by xarf.c for the schemas (tests/xarfgen.c, t0203).
$(BUILD)/%gen: tests/%gen.c $(BUILD)/libdepeer.a
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $^ $(LIBS_ALL)

cli: depeer $(BUILD)/mailgen $(BUILD)/xarfgen
	DEPEER=$(abspath $(BUILD))/depeer sh tests/cli/run.sh

# libFuzzer targets, one per parser (fuzz/fuzz_<parser>.c); each runs for
# FUZZ_SECONDS (default 30) from the project's fixtures as seeds.
FUZZ_SRC = $(wildcard fuzz/fuzz_*.c)
fuzz: ensure-deps
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(FUZZ_PKGS)"
	@v=$$(clang -dumpversion | cut -d. -f1) && \
	    $(MAKE) --no-print-directory deps DEB_PKGS="libclang-rt-$$v-dev"
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-build
	sh fuzz/run.sh build/fuzz

fuzz-build: $(FUZZ_SRC:fuzz/%.c=$(BUILD)/%)

$(BUILD)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(BUILD)/libdepeer.a
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ \
	    $(filter-out %.h,$^) $(LIBS_ALL)

demo: ensure-deps
	@$(MAKE) --no-print-directory depeer
	@DEPEER=$(abspath $(BUILD))/depeer sh db/examples/demo.sh

BENCH	?= import lookup list files draft impact export report mrt bgp lpm attribute
bench: ensure-deps
	@$(MAKE) --no-print-directory depeer $(BUILD)/draft-driver \
	    $(BUILD)/lpm-driver
	@for b in $(BENCH); do \
	    DEPEER=$(abspath $(BUILD))/depeer sh bench/$$b.sh || exit; \
	done

# bench/lpm.sh's driver of the prefix tables' lookup files (ptab.h).
$(BUILD)/lpm-driver: bench/lpm-driver.c $(BUILD)/libdepeer.a
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $^ $(LDFLAGS_ALL) $(LIBS_ALL)

# bench/draft.sh's driver of draft_data_build().
$(BUILD)/draft-driver: bench/draft-driver.c $(BUILD)/libdepeer.a
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $^ $(LDFLAGS_ALL) $(LIBS_ALL)

# bench/mrt.sh: the MRT reader beside bgpdump -m, and its driver (the
# reader alone, mrt_next() in a loop).
bench: $(BUILD)/mrt-driver
$(BUILD)/mrt-driver: bench/mrt-driver.c $(BUILD)/libdepeer.a
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $^ $(LDFLAGS_ALL) $(LIBS_ALL)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/examples
	install -m 0755 $(BUILD)/depeer $(DESTDIR)$(BINDIR)/depeer
	@# A page that documents two commands is a symbolic link under its
	@# second name (man/depeer-rdap.1 -> depeer-contacts.1), installed
	@# as one, so that "man -l" opens it from the tree as well.
	for m in man/*.1; do \
	    if [ -L "$$m" ]; then \
	        ln -sf "$$(readlink "$$m")" \
	            $(DESTDIR)$(MANDIR)/man1/$${m#man/} || exit; \
	    else \
	        install -m 0644 "$$m" $(DESTDIR)$(MANDIR)/man1/ || exit; \
	    fi; \
	done
	install -m 0644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	cp -R templates/. $(DESTDIR)$(DATADIR)/templates/
	install -m 0644 db/examples/*.csv db/examples/*.jsonl db/examples/*.txt \
	    $(DESTDIR)$(DATADIR)/examples/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/depeer
	for m in man/*.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$${m#man/}; done
	for m in man/*.5; do rm -f $(DESTDIR)$(MANDIR)/man5/$${m#man/}; done
	rm -rf $(DESTDIR)$(DATADIR)

# Debian packages for building, testing and benchmarking.  Installs only
# when something is missing; needs root (or sudo).
DEB_PKGS = make gcc pkg-config libcurl4-openssl-dev libsqlite3-dev \
	   libxml2-dev libjansson-dev libssl-dev check sqlite3 man-db whois \
	   python3 openssl mandoc libunistring-dev libidn2-dev \
	   libgmime-3.0-dev python3-jsonschema gpg gpg-agent curl libgsl-dev \
	   libxml2-utils zlib1g-dev libbz2-dev libzstd-dev bgpdump \
	   python3-pyasn python3-distributed
# Only "make fuzz" needs clang, and then the libFuzzer runtime of that
# clang's version: libclang-rt-<major>-dev, which the clang package only
# recommends (and deps installs without recommends), and whose name
# follows clang's version (14 on Debian 12).
FUZZ_PKGS = clang
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	        grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all installed"; exit 0; fi; \
	echo "deps: installing$$missing"; \
	sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	export DEBIAN_FRONTEND=noninteractive; \
	$$sudo apt-get install -y --no-install-recommends $$missing || \
	{ $$sudo apt-get update && \
	  $$sudo apt-get install -y --no-install-recommends $$missing; }

# The browser the report's rendering test needs (tests/cli/t0329; .ci/run
# runs it with DEPEER_REQUIRE_BROWSER=1, so that a missing browser fails).
BROWSER_PKGS = chromium
deps-browser:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(BROWSER_PKGS)"

clean:
	rm -rf build depeer
