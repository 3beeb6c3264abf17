#!/usr/bin/env bats
# Messages for people are French whatever the locale of the machine: the
# option errors (not glibc's getopt texts), the system errors (the toolkit's
# own table, not strerror), the program's name without its path; counts
# agree in number («1 demande créée», «aucune demande»).

bats_require_minimum_version 1.5.0
load test_helper/common

PROGRAMS="sne-attrib sne-create sne-notice sne-renew sne-rpls-load sne-validate"

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
