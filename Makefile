# sne — toolkit for the Système National d'Enregistrement.
VERSION = 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/sne
# The one state directory of an installation (numéro counters), unless the
# configuration's repertoire says otherwise: never a per-user default.
STATEDIR ?= /var/lib/sne
# Who may act as which guichet with which profile: a file only the
# administrator writes, fixed at build time (no option, configuration key
# or environment variable names another), refused when anyone but root or
# HABILITATIONS_OWNER may write it.
HABILITATIONS ?= /etc/sne/habilitations.yaml
HABILITATIONS_OWNER ?= root
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
DESTDIR ?=
# The setgid deployment (README, « Déploiement »): the programs setgid
# SNE_GROUP, the state folder STATEDIR the group's (2770).  Never unless
# asked, with « make install-setgid » or INSTALL_SETGID=1.
INSTALL_SETGID ?= 0
SNE_GROUP ?= sne

PKGS = libxml-2.0 yaml-0.1 zlib sqlite3
# libunistring has no pkg-config file on Debian 12: linked by name
LIBS_NO_PKG = -lunistring
# Only sne-notice writes PDF (--pdf): cairo and pango are linked into it
# alone, so that the other programs do not load them.
PDF_PKGS = pangocairo fontconfig
PKG_CONFIG ?= pkg-config
CC ?= cc
OPT ?= -O2
# CFLAGS, CPPFLAGS and LDFLAGS are the packager's (dpkg-buildflags passes
# all three): the toolkit's own flags are kept apart so that none is lost.
CFLAGS ?= $(OPT) -g
CPPFLAGS ?=
LDFLAGS ?=
# WERROR=0 lets a packager build with a newer compiler's new warnings.
WERROR ?= 1
SNE_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread -Wall -Wextra $(if $(filter 0,$(WERROR)),,-Werror) \
	-Iinclude -I$(BUILD)/gen -DSNE_VERSION='"$(VERSION)"'
SAN_FLAGS =
ifeq ($(SANITIZE),1)
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif
# Data races of the threads (a stream read in parts, the gzip inflater):
# « make SANITIZE=thread tsan-smoke ».
ifeq ($(SANITIZE),thread)
SAN_FLAGS = -fsanitize=thread -fno-omit-frame-pointer
endif
# The library as the fuzzers of tests/fuzz link it (clang, libFuzzer's
# instrumentation): « make SANITIZE=fuzz build-fuzz/libsne.a ».
ifeq ($(SANITIZE),fuzz)
CC = clang
SAN_FLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
endif

# pkg-config must find every library; otherwise say which Debian package to install.
PKG_CHECK := $(shell $(PKG_CONFIG) --exists $(PKGS) $(PDF_PKGS) 2>/dev/null && echo ok)
ifneq ($(PKG_CHECK),ok)
ifeq ($(filter help clean,$(MAKECMDGOALS)),)
$(error bibliothèques introuvables par pkg-config ($(PKGS) $(PDF_PKGS)) : installez les paquets du fichier deps avec « apt-get install $(strip $(shell cat deps)) » (voir le README))
endif
endif
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEP_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) $(LIBS_NO_PKG) -pthread
PDF_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PDF_PKGS) 2>/dev/null)
PDF_LIBS := $(shell $(PKG_CONFIG) --libs $(PDF_PKGS) 2>/dev/null)
ALL_CFLAGS = $(SNE_CFLAGS) $(DEP_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(SAN_FLAGS)
ALL_LDFLAGS = $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS)

ifeq ($(SANITIZE),1)
BUILD = build-san
BIN = build-san/bin
else ifeq ($(SANITIZE),fuzz)
BUILD = build-fuzz
BIN = build-fuzz/bin
else ifeq ($(SANITIZE),thread)
BUILD = build-tsan
BIN = build-tsan/bin
else
BUILD = build
BIN = bin
endif
LIB_SRC = $(wildcard lib/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
LIBSNE = $(BUILD)/libsne.a

# A program is cmd/sne-NAME.c or a folder cmd/sne-NAME/ of .c files.
CMD_FILES = $(wildcard cmd/sne-*.c)
CMD_DIRS = $(patsubst %/,%,$(wildcard cmd/sne-*/))
PROGRAMS = $(sort $(notdir $(CMD_FILES:.c=)) $(notdir $(CMD_DIRS)))
BINS = $(PROGRAMS:%=$(BIN)/%)

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# The programs of tests/habilitations.bats: the same objects, but reading
# the habilitations file of the build tree (HAB_TEST/etc), so that a test
# never writes /etc; built by "make check", never installed.
HAB_TEST = $(BUILD)/test-hab
HAB_TEST_BINS = $(PROGRAMS:%=$(HAB_TEST)/bin/%)

BENCH_SRC = $(wildcard bench/*.c)
BENCH_BINS = $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

HEADERS = $(wildcard include/sne/*.h lib/*.h)
FLAGS_STAMP = $(BUILD)/flags.stamp

.PHONY: all check habilitations-test unit bats bench fuzz fuzz-smoke tsan-smoke install install-setgid uninstall clean FORCE
.SECONDEXPANSION:

all: $(BINS)

$(BUILD)/%.o: %.c $(HEADERS) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The register store's schema, compiled in as a C string.
$(BUILD)/gen/registre_sql.h: share/sql/registre.sql
	@mkdir -p $(dir $@)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< >$@

$(BUILD)/lib/store.o: $(BUILD)/gen/registre_sql.h

# The compiler and flags the objects were built with: a packager's
# « make CPPFLAGS=… » after « make » rebuilds with them.
# (The flags reach the shell through the environment: no quoting to undo.)
$(FLAGS_STAMP): export SNE_FLAGS = $(CC) $(ALL_CFLAGS) | $(ALL_LDFLAGS)
$(FLAGS_STAMP): FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' "$$SNE_FLAGS" | cmp -s - $@ || printf '%s\n' "$$SNE_FLAGS" >$@

# The data path is compiled into lib/paths.c alone, the state directory
# into lib/config.c alone; each stamp holds the path it was built with and
# changes with it, so that « make install PREFIX=/usr » after « make »
# rebuilds what embeds it.
DATADIR_STAMP = $(BUILD)/datadir.stamp
STATEDIR_STAMP = $(BUILD)/statedir.stamp
$(DATADIR_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
$(STATEDIR_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(STATEDIR)' | cmp -s - $@ || echo '$(STATEDIR)' >$@
$(BUILD)/lib/paths.o $(BUILD)/tests/test_paths: $(DATADIR_STAMP)
$(BUILD)/lib/paths.o $(BUILD)/tests/test_paths: ALL_CFLAGS += -DSNE_DATADIR='"$(DATADIR)"'
$(BUILD)/lib/config.o $(BUILD)/tests/test_config: $(STATEDIR_STAMP)
$(BUILD)/lib/config.o $(BUILD)/tests/test_config: ALL_CFLAGS += -DSNE_STATEDIR='"$(STATEDIR)"'
# The habilitations file and its owner, into lib/habilitation.c alone.
HABILITATIONS_STAMP = $(BUILD)/habilitations.stamp
$(HABILITATIONS_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(HABILITATIONS) $(HABILITATIONS_OWNER)' | cmp -s - $@ || \
		echo '$(HABILITATIONS) $(HABILITATIONS_OWNER)' >$@
HABILITATIONS_FLAGS = -DSNE_HABILITATIONS='"$(HABILITATIONS)"' \
	-DSNE_HABILITATIONS_OWNER='"$(HABILITATIONS_OWNER)"'
$(BUILD)/lib/habilitation.o: $(HABILITATIONS_STAMP)
$(BUILD)/lib/habilitation.o: ALL_CFLAGS += $(HABILITATIONS_FLAGS)

$(LIBSNE): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# The objects of program NAME: its file, or every file of its folder; its
# entry point sne_NAME_main() (sne-rpls-load: sne_rpls_load_main), declared
# for every program in the generated sne_programs.h, and its main(), the
# one cmd/main.c built with SNE_ENTRY naming it.
cmd_objs = $(patsubst %.c,$(BUILD)/%.o,$(wildcard cmd/$(1).c cmd/$(1)/*.c))
entry_of = $(subst -,_,$(1))_main
PROGRAMS_H = $(BUILD)/gen/sne_programs.h
# Reached through the pattern rule above, they would be removed as
# intermediate files, and every « make » would compile them again.
.SECONDARY: $(patsubst %.c,$(BUILD)/%.o,$(wildcard cmd/*.c cmd/*/*.c)) \
	$(PROGRAMS:%=$(BUILD)/main/%.o)

# Rewritten only when the list of programs changes.
$(PROGRAMS_H): cmd/programs-h.sh FORCE
	@mkdir -p $(dir $@)
	@sh cmd/programs-h.sh $(PROGRAMS) >$@.new && \
		if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi
$(patsubst %.c,$(BUILD)/%.o,$(wildcard cmd/*.c cmd/*/*.c)): $(PROGRAMS_H)

$(BUILD)/main/%.o: cmd/main.c $(PROGRAMS_H) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DSNE_ENTRY=$(call entry_of,$*) -c -o $@ $<

$(BIN)/%: $$(call cmd_objs,%) $(BUILD)/main/%.o $(LIBSNE) $(FLAGS_STAMP)
	@mkdir -p $(BIN)
	$(CC) $(ALL_LDFLAGS) -o $@ $(call cmd_objs,$*) $(BUILD)/main/$*.o $(LIBSNE) $(DEP_LIBS) \
		$(PROGRAM_LIBS)

# Per-program libraries and flags.
$(BIN)/sne-notice: PROGRAM_LIBS = $(PDF_LIBS)
$(BUILD)/cmd/sne-notice/pdf.o: ALL_CFLAGS += $(PDF_CFLAGS)

$(HAB_TEST)/habilitation.o: lib/habilitation.c $(HEADERS) $(HABILITATIONS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(HABILITATIONS_FLAGS) -DSNE_HABILITATIONS_TEST='"$(CURDIR)/$(HAB_TEST)/etc/habilitations.yaml"' \
		-c -o $@ $<

# Linked before libsne.a, the test object keeps the archive's out.
$(HAB_TEST)/bin/%: $$(call cmd_objs,%) $(BUILD)/main/%.o $(HAB_TEST)/habilitation.o $(LIBSNE)
	@mkdir -p $(HAB_TEST)/bin
	$(CC) $(ALL_LDFLAGS) -o $@ $(call cmd_objs,$*) $(BUILD)/main/$*.o $(HAB_TEST)/habilitation.o \
		$(LIBSNE) $(DEP_LIBS) $(PROGRAM_LIBS)
$(HAB_TEST)/bin/sne-notice: PROGRAM_LIBS = $(PDF_LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h tests/unit/capture.h tests/unit/buf.h $(LIBSNE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(UNIT_EXTRA_OBJS) $(LIBSNE) $(DEP_LIBS)

# The programs run in-process by their entry points: every program's
# objects (not its main()) beside the test.
ALL_CMD_OBJS = $(foreach p,$(PROGRAMS),$(call cmd_objs,$(p)))
$(BUILD)/tests/test_programs: $(ALL_CMD_OBJS) $(PROGRAMS_H)
$(BUILD)/tests/test_programs: UNIT_EXTRA_OBJS = $(ALL_CMD_OBJS)
$(BUILD)/tests/test_programs: DEP_LIBS += $(PDF_LIBS)

$(BUILD)/bench/%: bench/%.c $(LIBSNE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBSNE) $(DEP_LIBS)

# The test command of the README: C unit tests then bats, one summary line.
check: $(BINS) $(UNIT_BINS) $(HAB_TEST_BINS)
	@SNE_BIN_DIR=$(CURDIR)/$(BIN) SNE_HAB_TEST=$(CURDIR)/$(HAB_TEST) VALGRIND=$(VALGRIND) \
		tests/run $(UNIT_BINS)

habilitations-test: $(HAB_TEST_BINS)

bench: $(BINS) $(BENCH_BINS)
	SNE_BIN_DIR=$(BIN) BENCH_GEN=$(BUILD)/bench/gen-registre bench/run

fuzz:
	$(MAKE) -C tests/fuzz run

fuzz-smoke:
	$(MAKE) -C tests/fuzz smoke

# The threads of a stream read in parts and of an import, under
# ThreadSanitizer (TAP): « make SANITIZE=thread tsan-smoke ».
tsan-smoke: $(BUILD)/tests/test_stream_split $(BIN)/sne-stats $(BIN)/sne-registre $(BIN)/sne-validate \
		$(BUILD)/bench/gen-registre
	tests/tsan-smoke $(BIN) $(BUILD)

install: $(BINS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	for d in xsd modeles exemples communes sql; do \
		[ -d share/$$d ] || continue; \
		install -d $(DESTDIR)$(DATADIR)/$$d || exit 1; \
		install -m 644 share/$$d/* $(DESTDIR)$(DATADIR)/$$d || exit 1; \
	done
	for m in share/man/*.1 share/man/*.5; do \
		[ -f $$m ] || continue; \
		sed 's|/usr/local/share/sne|$(DATADIR)|g' $$m >$(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/} || exit 1; \
		chmod 644 $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/} || exit 1; \
	done
	if [ -f completions/sne.bash ]; then for p in $(PROGRAMS); do \
		install -m 644 completions/sne.bash $(DESTDIR)$(BASHCOMPDIR)/$$p || exit 1; done; fi
	if [ -f completions/_sne ]; then install -m 644 completions/_sne $(DESTDIR)$(ZSHCOMPDIR)/_sne; fi
	if [ "$(INSTALL_SETGID)" = 1 ]; then \
		getent group $(SNE_GROUP) >/dev/null || { echo "make: groupe « $(SNE_GROUP) » absent : créez-le d'abord (addgroup --system $(SNE_GROUP))" >&2; exit 1; }; \
		for p in $(PROGRAMS); do chgrp $(SNE_GROUP) $(DESTDIR)$(BINDIR)/$$p && \
			chmod 2755 $(DESTDIR)$(BINDIR)/$$p || exit 1; done; \
		install -d -m 2770 -g $(SNE_GROUP) $(DESTDIR)$(STATEDIR); \
	fi

# The setgid deployment (README, « Déploiement ») : as root, once the group
# SNE_GROUP exists; the same as « make install INSTALL_SETGID=1 ».
install-setgid:
	$(MAKE) install INSTALL_SETGID=1

# Removes what install put there, and the share folder if it is then empty.
uninstall:
	for p in $(PROGRAMS); do rm -f $(DESTDIR)$(BINDIR)/$$p $(DESTDIR)$(BASHCOMPDIR)/$$p \
		$(DESTDIR)$(MANDIR)/man1/$$p.1; done
	rm -f $(DESTDIR)$(MANDIR)/man5/sne-records.5 $(DESTDIR)$(MANDIR)/man5/sne.yaml.5
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_sne
	rm -rf $(DESTDIR)$(DATADIR)/xsd $(DESTDIR)$(DATADIR)/modeles $(DESTDIR)$(DATADIR)/exemples \
		$(DESTDIR)$(DATADIR)/communes \
		$(DESTDIR)$(DATADIR)/sql
	if [ -d $(DESTDIR)$(DATADIR) ]; then rmdir $(DESTDIR)$(DATADIR); fi

clean:
	rm -rf build build-san build-fuzz build-tsan bin

print-version:
	@echo $(VERSION)
