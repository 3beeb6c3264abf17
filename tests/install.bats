#!/usr/bin/env bats
# make install / make uninstall: the programs, share/ (xsd, modeles,
# exemples), the man pages and the completions go where they belong; an
# installed program finds its share/ without SNE_SHARE; uninstall removes
# every file install put there.

bats_require_minimum_version 1.5.0
load test_helper/common

PROGRAMS=$SNE_PROGRAMS

# A copy of the sources without any build output, for the tests to build
# and install: installing for another prefix rebuilds, and the programs
# the other suites run must not change under them.
copy_sources() {
	mkdir "$1"
	(cd "$SNE_TOP" && tar -c --exclude=./.git --exclude=./build --exclude=./build-san \
		--exclude=./bin --exclude=./tests --exclude=./bench . ) | tar -x -C "$1"
}

# The builds here are a packager's, whatever the outer make (a « make
# check SANITIZE=1 » passes SANITIZE down, in MAKEFLAGS and in the
# environment).
unset MAKEFLAGS MFLAGS MAKELEVEL SANITIZE

setup_file() {
	TREE="$BATS_FILE_TMPDIR/sources"
	export TREE
	copy_sources "$TREE"
	make -s -C "$TREE" -j2 >/dev/null
}

setup() {
	common_setup
	unset SNE_SHARE
}

# Every installed file under $1, relative, sorted.
installed_files() {
	(cd "$1" && find . \( -type f -o -type l \) | sort)
}

@test "make install DESTDIR=… PREFIX=/usr installe programmes, share, pages et complétions" {
	local root="$BATS_TEST_TMPDIR/root" prog f
	run -0 make -s -C "$TREE" install DESTDIR="$root" PREFIX=/usr
	for prog in $PROGRAMS; do
		[ -x "$root/usr/bin/$prog" ] || fail "$prog non installé"
		[ -f "$root/usr/share/man/man1/$prog.1" ] || fail "$prog.1 non installée"
		[ -f "$root/usr/share/bash-completion/completions/$prog" ] ||
			fail "complétion bash de $prog non installée"
		cmp -s "$SNE_TOP/completions/sne.bash" "$root/usr/share/bash-completion/completions/$prog" ||
			fail "complétion bash de $prog différente de completions/sne.bash"
	done
	for f in man5/sne-records.5 man5/sne.yaml.5; do
		[ -f "$root/usr/share/man/$f" ] || fail "$f non installée"
	done
	[ -f "$root/usr/share/zsh/site-functions/_sne" ] || fail "_sne non installé"
	for f in "$SNE_TOP"/share/xsd/* "$SNE_TOP"/share/modeles/* "$SNE_TOP"/share/exemples/* \
		"$SNE_TOP"/share/communes/*; do
		f=${f#"$SNE_TOP"/share/}
		cmp -s "$SNE_TOP/share/$f" "$root/usr/share/sne/$f" || fail "share/$f non installé"
	done
	# Nothing outside the prefix.
	run -0 installed_files "$root"
	refute_output --regexp '^\./[^u]'
}

@test "programme installé dans DESTDIR : il trouve share/, avec ou sans SNE_SHARE, sa page se lit, sa complétion se charge" {
	local root="$BATS_TEST_TMPDIR/root"
	run -0 make -s -C "$TREE" install DESTDIR="$root" PREFIX=/usr
	cd "$BATS_TEST_TMPDIR"
	# Outside the build tree, with its data staged under DESTDIR.
	SNE_SHARE="$root/usr/share/sne" run -0 "$root/usr/bin/sne-validate" --check \
		"$root/usr/share/sne/exemples/registre.xml"
	# without SNE_SHARE: the staged PREFIX/bin finds the staged PREFIX/share/sne
	run -0 --separate-stderr "$root/usr/bin/sne-validate" --check \
		"$root/usr/share/sne/exemples/registre.xml"
	SNE_SHARE="$root/usr/share/sne" run -0 --separate-stderr "$root/usr/bin/sne-notice" \
		-d 2018-01-10 "$root/usr/share/sne/exemples/registre.xml"
	assert_output --partial "<e:sujet>"
	run -0 env MANWIDTH=80 man -l "$root/usr/share/man/man1/sne-renew.1"
	assert_output --partial "EXIT STATUS"
	run -0 bash --norc --noprofile -c "source '$root/usr/share/bash-completion/completions/sne-renew' && complete -p sne-renew"
	assert_output --partial "_sne"
}

@test "make uninstall retire tout ce que make install a installé" {
	local root="$BATS_TEST_TMPDIR/root"
	run -0 make -s -C "$TREE" install DESTDIR="$root" PREFIX=/usr
	run -0 installed_files "$root"
	[ "${#lines[@]}" -gt 20 ] || fail "trop peu de fichiers installés : ${#lines[@]}"
	run -0 make -s -C "$TREE" uninstall DESTDIR="$root" PREFIX=/usr
	run -0 installed_files "$root"
	assert_output ""
	[ ! -e "$root/usr/share/sne" ] || fail "usr/share/sne reste après make uninstall"
}

# The flags of a Debian package build (dpkg-buildflags), as make arguments.
debian_flags() {
	local v
	for v in CFLAGS CPPFLAGS LDFLAGS; do
		printf '%s=%s\n' "$v" "$(dpkg-buildflags --get "$v")"
	done
}

@test "installé sous son préfixe, un programme trouve share/ sans SNE_SHARE (préfixe compilé)" {
	local tree="$BATS_TEST_TMPDIR/arbre"
	local prefix="$BATS_TEST_TMPDIR/prefixe"
	local -a flags
	mapfile -t flags < <(debian_flags)
	# A copy of the sources without any build output, built first for
	# another prefix, as a packager's « make » then « make install
	# PREFIX=… » does, with the flags of a Debian package build.
	copy_sources "$tree"
	run -0 make -s -C "$tree" -j2 "${flags[@]}"
	[ "$(cat "$tree/build/datadir.stamp")" = /usr/local/share/sne ]
	run -0 make -s -C "$tree" -j2 "${flags[@]}" PREFIX="$prefix" install
	[ "$(cat "$tree/build/datadir.stamp")" = "$prefix/share/sne" ]
	[ ! -e "$prefix/share/xsd" ] || fail "xsd installé hors de share/sne"
	cd "$BATS_TEST_TMPDIR"
	run -0 --separate-stderr "$prefix/bin/sne-validate" --check "$prefix/share/sne/exemples/registre.xml"
	# the compiled path is the install's: a copy of the program elsewhere
	# still finds PREFIX/share/sne
	mkdir ailleurs
	cp "$prefix/bin/sne-validate" ailleurs/
	run -0 --separate-stderr ailleurs/sne-validate --check "$prefix/share/sne/exemples/registre.xml"
	# another package's PREFIX/share/xsd is not taken for sne's
	mkdir -p "$prefix/share/xsd"
	echo '<autre/>' >"$prefix/share/xsd/autre.xsd"
	run -0 --separate-stderr "$prefix/bin/sne-validate" --check "$prefix/share/sne/exemples/registre.xml"
	rm -r "$prefix/share/xsd"
	# A missing share/ is a clear error, not a success: the test can fail.
	mv "$prefix/share/sne/xsd" "$prefix/share/sne/xsd.cache"
	run -78 --separate-stderr "$prefix/bin/sne-validate" --check "$prefix/share/sne/exemples/registre.xml"
	mv "$prefix/share/sne/xsd.cache" "$prefix/share/sne/xsd"
	# sne-notice renders its texts from the installed modeles.
	run -0 --separate-stderr "$prefix/bin/sne-notice" -d 2018-01-10 "$prefix/share/sne/exemples/registre.xml"
	assert_output --partial "Bonjour"
	run -0 make -s -C "$tree" PREFIX="$prefix" uninstall
	run -0 installed_files "$prefix"
	assert_output ""
}

@test "les drapeaux du paquet Debian (CPPFLAGS, LDFLAGS) sont passés, WERROR=0 retire -Werror" {
	local line
	run -0 make -n -B -C "$TREE" CPPFLAGS=-D_FORTIFY_SOURCE=2 LDFLAGS=-Wl,-z,relro
	[[ "$output" == *"-D_FORTIFY_SOURCE=2"* ]]
	# every compilation has CPPFLAGS, every link LDFLAGS, -Werror by default
	while IFS= read -r line; do
		case "$line" in
		*" -c -o "*)
			[[ "$line" == *" -D_FORTIFY_SOURCE=2 "* && "$line" == *" -Werror "* ]] ||
				fail "compilation sans CPPFLAGS ou -Werror : $line";;
		*" -o bin/"*)
			[[ "$line" == *" -Wl,-z,relro "* ]] || fail "édition de liens sans LDFLAGS : $line";;
		esac
	done <<<"$output"
	run -0 make -n -B -C "$TREE" WERROR=0
	[[ "$output" == *" -c -o "* && "$output" != *"-Werror "* ]]
	# SANITIZE=1 keeps its flags when CFLAGS and LDFLAGS are given
	run -0 make -n -B -C "$TREE" SANITIZE=1 CFLAGS=-O1 LDFLAGS=-Wl,-z,now
	[[ "$output" == *"-O1 -fsanitize=address,undefined"* ]]
	[[ "$output" == *"-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -Wl,-z,now -o build-san/bin/"* ]]
}

@test "make après make ne recompile rien ; d'autres drapeaux recompilent avec eux" {
	local tree="$BATS_TEST_TMPDIR/arbre"
	copy_sources "$tree"
	run -0 make -C "$tree" build/lib/date.o
	# the same flags again: nothing to do; new flags: compiled with them
	run -0 make -C "$tree" build/lib/date.o
	[[ "$output" != *" -c -o "* ]] || fail "recompilé sans changement : $output"
	run -0 make -C "$tree" build/lib/date.o CPPFLAGS=-D_FORTIFY_SOURCE=2
	[[ "$output" == *"-D_FORTIFY_SOURCE=2"*" -c -o build/lib/date.o "* ]] ||
		fail "pas recompilé avec les nouveaux drapeaux : $output"
	run -0 make -C "$tree" build/lib/date.o CPPFLAGS=-D_FORTIFY_SOURCE=2
	[[ "$output" != *" -c -o "* ]] || fail "recompilé sans changement : $output"
	# a whole build twice: the second compiles and links nothing
	run -0 make -s -C "$TREE" -j2
	run -0 make -C "$TREE" -j2
	[[ "$output" != *" -c -o "* && "$output" != *" -o bin/"* ]] ||
		fail "le second make refait : $output"
}

@test "les pages installées donnent le préfixe d'installation dans FILES" {
	local root="$BATS_TEST_TMPDIR/root" page
	run -0 make -s -C "$TREE" install DESTDIR="$root" PREFIX=/usr
	for page in "$root"/usr/share/man/man1/*.1 "$root"/usr/share/man/man5/*.5; do
		! grep -q /usr/local "$page" || fail "$page nomme /usr/local"
	done
	run -0 env MANWIDTH=80 man -l "$root/usr/share/man/man1/sne-create.1"
	assert_output --partial "/usr/share/sne"
	run -0 env MANWIDTH=80 man -l "$root/usr/share/man/man5/sne-records.5"
	assert_output --partial "/usr/share/sne/xsd/"
}

# The first command of the README's installation section, verbatim.
readme_command() {
	awk '/^## Installation/ { section = 1 } section && /^```sh/ { getline; print; exit }' \
		"$SNE_TOP/README.md"
}

# A folder of stand-ins: apt-get and make record their arguments in
# $BATS_TEST_TMPDIR/log (make then fails, so that nothing is built);
# with "sudo", a sudo that records itself and runs its command.
stubs() {
	local dir="$BATS_TEST_TMPDIR/stubs"
	mkdir -p "$dir"
	printf '#!/bin/sh\necho "apt-get $*" >>"%s/log"\n' "$BATS_TEST_TMPDIR" >"$dir/apt-get"
	printf '#!/bin/sh\necho "make $*" >>"%s/log"\nexit 1\n' "$BATS_TEST_TMPDIR" >"$dir/make"
	if [ "${1:-}" = sudo ]; then
		printf '#!/bin/sh\necho "sudo $*" >>"%s/log"\nexec "$@"\n' "$BATS_TEST_TMPDIR" >"$dir/sudo"
	fi
	chmod +x "$dir"/*
	ln -s "$(command -v cat)" "$dir/cat"
	echo "$dir"
}

# The packages of the deps file, on one line.
deps_line() {
	tr -s ' \n' '  ' <"$SNE_TOP/deps" | sed 's/ $//'
}

@test "README : la première commande marche en root sans sudo, apt-get update d'abord, les paquets de deps" {
	local stubs cmd
	cmd=$(readme_command)
	[[ "$cmd" == *'apt-get update && '*'apt-get install -y $(cat deps)'* ]] || fail "commande : $cmd"
	stubs=$(stubs)
	# PATH holds only the stand-ins: no sudo anywhere
	(cd "$SNE_TOP" && PATH="$stubs" /bin/bash -c "$cmd") || true
	cat log
	assert_equal "$(sed -n 1p log)" "apt-get update"
	assert_equal "$(sed -n 2p log)" "apt-get install -y $(deps_line)"
	assert_equal "$(sed -n 3p log)" "make "
}

@test "README : la première commande marche en utilisateur avec sudo" {
	local stubs
	stubs=$(stubs sudo)
	(cd "$SNE_TOP" && PATH="$stubs" /bin/bash -c "$(readme_command)") || true
	cat log
	assert_equal "$(sed -n 1p log)" "sudo apt-get update"
	assert_equal "$(sed -n 2p log)" "apt-get update"
	assert_equal "$(sed -n 3p log)" "sudo apt-get install -y $(deps_line)"
	assert_equal "$(sed -n 4p log)" "apt-get install -y $(deps_line)"
}

@test "README et .ci/run installent la même liste de paquets, celle de deps, mandoc et man compris" {
	local stubs
	grep -qx mandoc "$SNE_TOP/deps"
	grep -qx man-db "$SNE_TOP/deps"
	stubs=$(stubs sudo)
	(cd "$SNE_TOP" && PATH="$stubs" /bin/bash -c "$(readme_command)") || true
	grep '^apt-get install' log | tr ' ' '\n' | grep -v '^-' | sed 1,2d | sort >readme.txt
	: >log
	# .ci/run on a machine where no package is installed; the apt-get
	# stand-in fails the install, so that .ci/run stops there
	printf '#!/bin/sh\nexit 1\n' >"$stubs/dpkg-query"
	printf '#!/bin/sh\necho "apt-get $*" >>"%s/log"\ncase "$*" in *install*) exit 1;; esac\n' \
		"$BATS_TEST_TMPDIR" >"$stubs/apt-get"
	chmod +x "$stubs/dpkg-query" "$stubs/apt-get"
	run env PATH="$stubs:$PATH" "$SNE_TOP/.ci/run"
	assert_failure
	grep '^apt-get install' log | tr ' ' '\n' | grep -v '^-' | sed 1,2d | sort >ci.txt
	[ -s readme.txt ]
	diff readme.txt ci.txt
	diff readme.txt <(sort "$SNE_TOP/deps")
}

# The setgid deployment, as a Debian administrator sets it up: a group,
# « make install-setgid », then two real users working through the
# programs.  Users and folders of this test only, removed at its end.
setgid_teardown() {
	local u
	for u in "${ALICE:-}" "${BOB:-}"; do [ -z "$u" ] || userdel "$u" 2>/dev/null || :; done
	[ -z "${GROUPE:-}" ] || groupdel "$GROUPE" 2>/dev/null || :
	[ -z "${DEPLOY:-}" ] || rm -rf "$DEPLOY"
}

teardown() {
	setgid_teardown
}

# Runs PROGRAM ARGS... as user $1 (real uid and gid, none of the group),
# in its folder, with its own configuration, the installed program.
as_user() {
	local user=$1 prog=$2
	shift 2
	(cd "$DEPLOY/$user" && setpriv --reuid="$user" --regid=users --init-groups \
		env -i PATH=/usr/bin:/bin HOME="$DEPLOY/$user" SNE_CONFIG="$DEPLOY/$user/sne.yaml" \
		${AS_ENV:-} "$DEPLOY/root/usr/bin/$prog" "$@")
}

@test "déploiement setgid : make install-setgid, deux utilisateurs inscrivent par les programmes, aucun n'écrit le registre lui-même" {
	[ "$(id -u)" = 0 ] || skip "il faut être root : ce test crée un groupe et des utilisateurs Unix (groupadd, useradd)"
	command -v useradd >/dev/null && command -v setpriv >/dev/null ||
		skip "useradd ou setpriv absent (paquets passwd, util-linux)"
	DEPLOY=$(mktemp -d /tmp/sne-setgid.XXXXXX)
	chmod 755 "$DEPLOY"
	! findmnt -no OPTIONS -T "$DEPLOY" | grep -qw nosuid ||
		skip "/tmp est monté nosuid : un programme setgid n'y prend pas son groupe"
	local P="sng$(printf '%05d' $((BATS_ROOT_PID % 100000)))" root="$DEPLOY/root" u
	GROUPE="${P}g" ALICE="${P}a" BOB="${P}b"
	local state="$root/var/lib/sne" reg="$root/var/lib/sne/registre.xml"
	groupadd "$GROUPE"
	for u in "$ALICE" "$BOB"; do
		useradd -M -N -g users "$u"
		install -d -m 700 -o "$u" -g users "$DEPLOY/$u"
		printf 'repertoire: %s\n' "$state" >"$DEPLOY/$u/sne.yaml"
		chown "$u" "$DEPLOY/$u/sne.yaml"
		chmod 644 "$DEPLOY/$u/sne.yaml"
	done
	run -0 make -s -C "$TREE" install-setgid DESTDIR="$root" PREFIX=/usr SNE_GROUP="$GROUPE"
	for u in sne-create sne-show sne-renew sne-registre; do
		assert_equal "$(stat -c '%a %G' "$root/usr/bin/$u")" "2755 $GROUPE"
	done
	assert_equal "$(stat -c '%a %U %G' "$state")" "2770 root $GROUPE"
	sed -n '1,24p' "$SHARE/exemples/demandes.xml" >"$DEPLOY/annecy.xml"
	echo '</ns1:interfaceNuu>' >>"$DEPLOY/annecy.xml"
	sed 's|<ns1:nom>Martin</ns1:nom>|<ns1:nom>Bernard</ns1:nom>|' "$DEPLOY/annecy.xml" >"$DEPLOY/bernard.xml"
	chmod 644 "$DEPLOY/annecy.xml" "$DEPLOY/bernard.xml"

	# the administrator starts the register, empty, the group's
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">\n</ns1:interfaceNuu>\n' >"$DEPLOY/vide.xml"
	chmod 644 "$DEPLOY/vide.xml"
	install -m 660 -g "$GROUPE" "$DEPLOY/vide.xml" "$reg"

	# both register through the programs, into the one register of the group
	run -0 --separate-stderr as_user "$ALICE" sne-create -q -g G0417 -d 2017-03-05 -i "$reg" ../annecy.xml
	assert_equal "$(stat -c '%a %G' "$reg")" "660 $GROUPE"
	run -0 --separate-stderr as_user "$BOB" sne-create -q -g G0420 -d 2017-03-06 -i "$reg" ../bernard.xml
	assert_equal "$(count_records "$reg" demande)" 2
	assert_equal "$(stat -c '%a %G' "$reg")" "660 $GROUPE"
	# every file and folder of the state is the group's, whoever made it
	run -0 find "$state" -mindepth 1 \( -type f \( ! -perm 660 -o ! -group "$GROUPE" \) \) -o \
		\( -type d \( ! -perm 2770 -o ! -group "$GROUPE" \) \)
	assert_output ""
	run -0 as_user "$BOB" sne-show "$reg" -n "$(xmllint --xpath 'string((//*[local-name()="numUnique"])[1])' "$reg")"
	# a register store (SQLite) made by one user is the group's as well
	run -0 --separate-stderr as_user "$ALICE" sne-registre --importer ../vide.xml "$state/registre.sqlite"
	run -0 --separate-stderr as_user "$BOB" sne-create -q -g G0420 -d 2017-03-06 -i "$state/registre.sqlite" ../annecy.xml
	run -0 --separate-stderr as_user "$ALICE" sne-create -q -g G0417 -d 2017-03-06 -i "$state/registre.sqlite" ../bernard.xml

	# neither can read, write, replace or remove it around the programs
	cp "$reg" "$DEPLOY/avant.xml"
	for u in "$ALICE" "$BOB"; do
		run ! setpriv --reuid="$u" --regid=users --init-groups sh -c "echo x >>'$reg'"
		run ! setpriv --reuid="$u" --regid=users --init-groups cat "$reg"
		run ! setpriv --reuid="$u" --regid=users --init-groups rm -f "$reg"
		run ! setpriv --reuid="$u" --regid=users --init-groups touch "$state/autre.xml"
	done
	# nor through an output the programs write for them: that is written
	# with the user's own rights
	run ! --separate-stderr as_user "$ALICE" sne-create -q -g G0417 -d 2017-03-07 --rejets "$reg" ../annecy.xml
	cmp "$reg" "$DEPLOY/avant.xml" || fail "le registre a changé hors des programmes"

	# the user does not choose the data nor someone else's configuration
	printf 'repertoire: %s\n' "$DEPLOY" >"$DEPLOY/autre.yaml"
	chown "$BOB" "$DEPLOY/autre.yaml"
	AS_ENV="SNE_CONFIG=$DEPLOY/autre.yaml"
	run -78 --separate-stderr as_user "$ALICE" sne-create -q -g G0417 -d 2017-03-07 -i "$reg" ../annecy.xml
	unset AS_ENV
	[[ "$stderr" == *"appartient à un autre utilisateur"* ]] || fail "message : $stderr"
	cmp "$reg" "$DEPLOY/avant.xml" || fail "le registre a changé"
}
