#!/usr/bin/env bats
# Messages for people are French whatever the locale of the machine: the
# option errors (not glibc's getopt texts), the system errors (the toolkit's
# own table, not strerror), the program's name without its path; counts
# agree in number («1 demande créée», «aucune demande»).

bats_require_minimum_version 1.5.0
load test_helper/common

PROGRAMS=$SNE_PROGRAMS

setup() {
	common_setup
	export LC_ALL=C LANGUAGE=
}

# Runs "$@", expects exit 64 and the French MESSAGE ($1) then the --help hint.
usage_error() {
	local message="$1"
	shift
	run --separate-stderr "$@"
	assert_equal "$status" 64
	[ -z "$output" ]
	local prog
	prog="$(basename "$1")"
	assert_equal "$stderr" "$prog: $message
Essayez « $prog --help »."
}

@test "option inconnue, longue ou courte, en français dans chaque programme" {
	for prog in $PROGRAMS; do
		usage_error "option inconnue « --profil »" "$prog" --profil x
		usage_error "option inconnue « -x »" "$prog" -x
		usage_error "option inconnue « -x »" "$prog" -qx
	done
}

@test "valeur manquante, abréviation ambiguë, valeur donnée à une option qui n'en prend pas" {
	for prog in $PROGRAMS; do
		usage_error "l'option « --config » demande une valeur" "$prog" --config
		usage_error "l'option « -c » demande une valeur" "$prog" -c
		! "$prog" --help | grep -q -- --verbose ||
			usage_error "option « --ver » ambiguë : --version, --verbose" "$prog" --ver
		usage_error "l'option « --quiet » ne prend pas de valeur" "$prog" --quiet=oui
		usage_error "l'option « --help » ne prend pas de valeur" "$prog" --hel=oui
	done
	# an unambiguous abbreviation still works, as with getopt
	run --separate-stderr sne-create --vers
	assert_success
	[[ "$output" == "sne-create (sne) "* ]]
}

@test "le nom du programme dans les messages est son nom, pas son chemin" {
	usage_error "option inconnue « --profil »" "$SNE_BIN_DIR/sne-create" --profil
	run --separate-stderr "$SNE_BIN_DIR/sne-validate" --check absent.xml
	assert_equal "$status" 66
	[[ "$stderr" == "sne-validate: absent.xml: "* ]]
}

@test "erreurs système en français : fichier absent, dossier, chemin qui traverse un fichier" {
	run --separate-stderr sne-validate --check absent.xml
	assert_equal "$status" 66
	assert_equal "$stderr" "sne-validate: absent.xml: ouverture impossible : fichier ou dossier introuvable"
	mkdir dossier
	: >fichier
	run --separate-stderr sne-create -g G1104 --registre fichier/registre.xml \
		"$FIXTURES/interfaceNuu-creation.xml"
	[[ "$stderr" == *"un élément du chemin n'est pas un dossier"* ]]
	[[ "$stderr" != *"Not a directory"* ]]
}

# Runs "$@" as an unprivileged user when the tests run as root (root reads
# any file), as the current user otherwise.
as_user() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
	else
		"$@"
	fi
}

@test "permission refusée en français" {
	cp "$FIXTURES/interfaceNuu-creation.xml" secret.xml
	chmod 000 secret.xml
	chmod 755 "$BATS_TEST_TMPDIR"
	run --separate-stderr as_user "$SNE_BIN_DIR/sne-validate" -c /dev/null --check secret.xml
	assert_equal "$status" 66
	assert_equal "$stderr" "sne-validate: secret.xml: ouverture impossible : permission refusée"
}

@test "les bilans accordent les nombres : aucune, 1 demande créée, 2 demandes créées" {
	run --separate-stderr sne-create -g G1104 -d 2017-03-21 "$FIXTURES/interfaceNuu-creation.xml"
	assert_success
	[[ "$stderr" == *"1 demande créée, aucun brouillon, aucune soumise pour validation, aucune refusée, aucune inchangée"* ]]
	[[ "$stderr" != *"(s)"* ]]
	run --separate-stderr sne-create -g G1104 -d 2017-03-21 "$FIXTURES/sne-create/deux-departements.xml"
	assert_equal "$status" 1
	[[ "$stderr" == *"2 demandes créées, aucun brouillon, aucune soumise pour validation, 1 refusée, aucune inchangée"* ]]
}

# English words of glibc (strerror, getopt), libxml2, libyaml and zlib: a
# message for people has none of them.
ENGLISH='No such file|Permission denied|Not a directory|Is a directory|No space left|Read-only|Operation not permitted|Success|unrecognized|invalid option|requires an argument|ambiguous|doesn.t allow|Premature end|failed to load|Couldn.t|[Ee]xpected|not allowed|did not find|mapping values|found character|Input is not proper|Opening and ending|out of allowed range|Document is empty|Extra content|Start tag|StartTag|EndTag|parser error|incorrect header|invalid block|unexpected end|[Ee]rror|[Ww]arning'

# Libxml2's own text after « XML mal formé : », which lib/stream.c still
# quotes (issue 16, defect 7, being fixed there): known, left out of the
# check until then and counted in $known.
known_libxml2() {
	sed -E 's/(XML mal formé : [^—]*)— .*/\1— [texte de libxml2]/'
}

# Runs "$@" (a failing command), appends its error output to messages.txt.
say() {
	local rc=0
	"$@" >/dev/null 2>>messages.txt </dev/null || rc=$?
	[ "$rc" -ne 0 ] || fail "« $* » a réussi : il devait échouer"
}

@test "aucun mot anglais de la glibc, libxml2, libyaml ou zlib dans les messages des erreurs courantes" {
	local prog reg="$SHARE/exemples/registre.xml"
	: >messages.txt
	# bad options, for every program
	for prog in $PROGRAMS; do
		say "$prog" --profil
		say "$prog" -x
		say "$prog" --config
		# ambiguous (--verbose, --version) where the program has both
		! "$prog" --help | grep -q -- --verbose || say "$prog" --ver
		say "$prog" --help=1
	done
	# missing input, a folder for a file, a path through a file
	say sne-validate --check absent.xml
	say sne-create -g G0417 absent.xml
	say sne-renew --expirer absent.xml
	say sne-notice absent.xml
	say sne-rpls-load --reference absent.xml lot.csv
	printf 'profil: bailleur\n' >bailleur.yaml
	say sne-attrib -c bailleur.yaml --attributions absent.csv
	say sne-attrib --attributions absent.csv
	mkdir dossier
	say sne-validate --check dossier
	: >fichier
	say sne-create -g G0417 --registre fichier/registre.xml "$reg"
	say sne-renew -c absent.yaml --expirer "$reg"
	say sne-renew -c dossier --expirer "$reg"
	say sne-notice --modeles absent "$reg"
	# damaged input: truncated, bad encoding, NUL byte, mismatched tags, empty, DTD
	head -c 3000 "$reg" >tronque.xml
	say sne-validate --check tronque.xml
	say sne-create -g G0417 tronque.xml
	printf '<?xml version="1.0"?>\n<a>\377\376</a>\n' >encodage.xml
	say sne-validate --check encodage.xml
	say sne-validate --check "$FIXTURES/hostile/octet-nul.xml"
	say sne-validate --check "$FIXTURES/hostile/latin1.xml"
	say sne-validate --check "$FIXTURES/hostile/xxe-file.xml"
	echo '<a></b>' >balises.xml
	say sne-validate --check balises.xml
	: >vide.xml
	say sne-validate --check vide.xml
	gzip -c "$reg" | head -c 500 >tronque.xml.gz
	say sne-validate --check tronque.xml.gz
	printf '\037\213\010\000garbagegarbage' >corrompu.xml.gz
	say sne-validate --check corrompu.xml.gz
	# configuration: YAML syntax, tabs, encoding, unknown key
	printf 'guichet: [G0417\n' >c1.yaml
	printf 'guichet: G0417\n  profil: x\n' >c2.yaml
	printf '\t- x\n' >c3.yaml
	printf 'guichet: "G0417\n' >c4.yaml
	printf 'guichet: G\3770417\n' >c5.yaml
	printf 'repertoir: /tmp\n' >c6.yaml
	for c in c1 c2 c3 c4 c5 c6; do
		say sne-renew -c $c.yaml --expirer "$reg"
	done
	# writing: a full disk, an unwritable folder
	run -0 bash -c "sne-renew --expirer '$reg' >/dev/full 2>>messages.txt; [ \$? -eq 74 ]"
	mkdir ferme
	cp "$reg" ferme/registre.xml
	chmod 555 ferme
	chmod 755 "$BATS_TEST_TMPDIR"
	chmod 644 ferme/registre.xml
	cp "$reg" secret.xml
	chmod 000 secret.xml
	if [ "$(id -u)" = 0 ]; then
		say setpriv --reuid=65534 --regid=65534 --clear-groups -- \
			"$SNE_BIN_DIR/sne-renew" -c /dev/null --expirer -i ferme/registre.xml
		say setpriv --reuid=65534 --regid=65534 --clear-groups -- \
			"$SNE_BIN_DIR/sne-validate" -c /dev/null --check secret.xml
	else
		say sne-renew --expirer -i ferme/registre.xml
	fi
	cat messages.txt
	[ "$(wc -l <messages.txt)" -ge 60 ] || fail "trop peu de messages recueillis"
	known=$(grep -c 'XML mal formé : .*— ' messages.txt || true)
	echo "# cas connus (texte de libxml2, issue 16) : $known"
	run grep -nE "$ENGLISH" < <(known_libxml2 <messages.txt)
	[ "$status" -eq 1 ] || fail "mots anglais : $output"
	# every message names its program, not a path to it
	run grep -vE '^(sne-[a-z-]+: |Essayez « sne-)' messages.txt
	[ "$status" -eq 1 ] || fail "message sans nom de programme : $output"
}

@test "aucun « (s) » ni « (e)s » dans les textes des programmes : les nombres s'accordent" {
	# inside a C string literal only: « free(s) » is code
	run grep -rnE '"[^"]*[[:alpha:]]\((s|e|es)\)[^"]*"' "$SNE_TOP/cmd" "$SNE_TOP/lib"
	[ "$status" -eq 1 ] || fail "accord à faire avec sne_count() : $output"
}
