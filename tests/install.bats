#!/usr/bin/env bats
# make install / make uninstall: the programs, share/ (xsd, modeles,
# exemples), the man pages and the completions go where they belong; an
# installed program finds its share/ without SNE_SHARE; uninstall removes
# every file install put there.

bats_require_minimum_version 1.5.0
load test_helper/common

PROGRAMS="sne-acces sne-attrib sne-create sne-fix sne-guichet sne-notice sne-radiate sne-renew sne-rpls-load sne-show sne-update sne-validate"

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
	run -0 make -s -C "$SNE_TOP" install DESTDIR="$root" PREFIX=/usr
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

@test "programme installé dans DESTDIR : il trouve share/ avec SNE_SHARE, sa page se lit, sa complétion se charge" {
	local root="$BATS_TEST_TMPDIR/root"
	run -0 make -s -C "$SNE_TOP" install DESTDIR="$root" PREFIX=/usr
	cd "$BATS_TEST_TMPDIR"
	# Outside the build tree, with its data staged under DESTDIR.
	SNE_SHARE="$root/usr/share/sne" run -0 "$root/usr/bin/sne-validate" --check \
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
	run -0 make -s -C "$SNE_TOP" install DESTDIR="$root" PREFIX=/usr
	run -0 installed_files "$root"
	[ "${#lines[@]}" -gt 20 ] || fail "trop peu de fichiers installés : ${#lines[@]}"
	run -0 make -s -C "$SNE_TOP" uninstall DESTDIR="$root" PREFIX=/usr
	run -0 installed_files "$root"
	assert_output ""
	[ ! -e "$root/usr/share/sne" ] || fail "usr/share/sne reste après make uninstall"
}

@test "installé sous son préfixe, un programme trouve share/ sans SNE_SHARE (préfixe compilé)" {
	local tree="$BATS_TEST_TMPDIR/arbre"
	local prefix="$BATS_TEST_TMPDIR/prefixe"
	# A copy of the sources without any build output, so that the programs
	# are compiled with SNE_DATADIR=$prefix/share/sne.
	mkdir "$tree"
	(cd "$SNE_TOP" && tar -c --exclude=./.git --exclude=./build --exclude=./build-san \
		--exclude=./bin --exclude=./tests --exclude=./bench . ) | tar -x -C "$tree"
	run -0 make -s -C "$tree" -j4 PREFIX="$prefix" install
	[ ! -e "$prefix/share/xsd" ] || fail "xsd installé hors de share/sne"
	cd "$BATS_TEST_TMPDIR"
	run -0 --separate-stderr "$prefix/bin/sne-validate" --check "$prefix/share/sne/exemples/registre.xml"
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
