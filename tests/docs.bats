#!/usr/bin/env bats
# The documentation agrees with the programs: every option of --help is in
# the man page and every option of the man page's OPTIONS list is in
# --help; every exit code of --help is in EXIT STATUS; the pages are
# lint-clean mdoc with the sections users look for; --help is French on
# standard output and --version gives the Makefile's VERSION.

bats_require_minimum_version 1.5.0
load test_helper/common

PROGRAMS=$SNE_PROGRAMS
MAN="$SNE_TOP/share/man"
# Programs that change nothing: no --in-place or --wait, no state folder
# (sne-show also applies no date rule and reads nothing from share/;
# sne-stats documents its --date and SNE_SHARE beside the common ones).
READ_ONLY=" sne-show sne-stats "

setup() {
	common_setup
}

# The long options named anywhere in "$1 --help", one per line.
help_long_options() {
	"$1" --help | grep -oE -- '(^|[^[:alnum:]-])--[[:alnum:]][[:alnum:]-]*' |
		sed 's/^[^-]*//' | sort -u
}

# The short options of "$1 --help", from its "-x, --long" pairs.
help_short_options() {
	"$1" --help | grep -oE -- '(^|[[:space:]])-[[:alpha:]], --' |
		sed 's/^[[:space:]]*//; s/, --$//' | sort -u
}

# The lines of section $2 (".Sh $2" up to the next .Sh) of man page $1.
man_section() {
	awk -v name="$2" '
		/^\.Sh / { inside = (substr($0, 5) == name); next }
		inside { print }
	' "$1"
}

# The options of the OPTIONS list of man page $1 (its .It lines): "--long"
# and "-x", one per line.
man_listed_options() {
	man_section "$1" OPTIONS | grep '^\.It ' |
		grep -oE 'Fl (\\-|-)?[[:alnum:]][[:alnum:]-]*' |
		sed -E 's/^Fl \\?-([[:alnum:]][[:alnum:]-]+)$/--\1/; t; s/^Fl ([[:alpha:]])$/-\1/' |
		sort -u
}

# Whether man page $1 names long option $2 ("--numero") as "Fl \-numero",
# "Fl -numero" or "\-\-numero".
man_names_option() {
	local name=${2#--}
	grep -qE -- "(Fl \\\\?-|\\\\-\\\\-)${name}([^[:alnum:]-]|\$)" "$1"
}

# Every long option of --help is in the man page.
check_help_in_man() {
	local prog=$1 page="$MAN/$1.1" opt missing=""
	[ -f "$page" ] || fail "$page absente"
	for opt in $(help_long_options "$prog"); do
		man_names_option "$page" "$opt" || missing+=" $opt"
	done
	[ -z "$missing" ] || fail "$prog : options de --help absentes de $prog(1) :$missing"
}

# Every option of the man page's OPTIONS list is in --help, and every short
# option of --help is in that list.
check_man_in_help() {
	local prog=$1 page="$MAN/$1.1" opt help listed missing="" unlisted=""
	[ -f "$page" ] || fail "$page absente"
	help=$("$prog" --help)
	listed=$(man_listed_options "$page")
	[ -n "$listed" ] || fail "$prog(1) : section OPTIONS vide ou absente"
	for opt in $listed; do
		grep -qE -- "(^|[^[:alnum:]-])${opt}([^[:alnum:]-]|\$)" <<<"$help" || missing+=" $opt"
	done
	for opt in $(help_short_options "$prog"); do
		grep -qxF -- "$opt" <<<"$listed" || unlisted+=" $opt"
	done
	[ -z "$missing" ] || fail "$prog : options de $prog(1) absentes de --help :$missing"
	[ -z "$unlisted" ] || fail "$prog : options courtes de --help absentes de la liste OPTIONS de $prog(1) :$unlisted"
}

# Every exit code of the "Codes de sortie" paragraph of --help is an item
# of the man page's EXIT STATUS list.
check_exit_codes() {
	local prog=$1 page="$MAN/$1.1" code codes missing=""
	codes=$("$prog" --help | sed -n '/^Codes de sortie/,$p' |
		grep -oE '(^|[:;] |\(code )[0-9]+' | grep -oE '[0-9]+' | sort -un)
	[ -n "$codes" ] || fail "$prog --help ne donne pas ses codes de sortie"
	for code in $codes; do
		man_section "$page" "EXIT STATUS" | grep -qx "\.It $code" || missing+=" $code"
	done
	[ -z "$missing" ] || fail "$prog : codes de sortie de --help absents de EXIT STATUS :$missing"
}

# --help: status 0, French usage on standard output, nothing on error.
check_help_french() {
	run --separate-stderr "$1" --help
	assert_success
	[ -z "$stderr" ] || fail "$1 --help écrit sur la sortie d'erreur : $stderr"
	assert_output --partial "usage : $1"
	assert_output --partial "Codes de sortie"
	refute_output --regexp '(Usage:|Options:|Exit status|--help +(show|display))'
	run -0 "$1" -h
	[ "$output" = "$("$1" --help)" ] || fail "$1 -h et --help diffèrent"
}

# --version: "PROG (sne) VERSION" with the Makefile's VERSION.
check_version() {
	local version
	version=$(make -s -C "$SNE_TOP" print-version)
	[ -n "$version" ] || fail "make print-version ne donne rien"
	run --separate-stderr "$1" --version
	assert_success
	assert_output "$1 (sne) $version"
	run -0 "$1" -V
	assert_output "$1 (sne) $version"
}

# The sections users look for, in the page rendered by mandoc.
check_sections() {
	local page=$1 section text
	shift
	text=$(mandoc -Tutf8 "$page" | col -b)
	for section in "$@"; do
		grep -qx "$section" <<<"$text" || fail "$(basename "$page") : section $section absente"
	done
}

@test "une page de manuel par programme, et les pages sne-records(5) et sne.yaml(5)" {
	local prog missing=""
	for prog in $PROGRAMS; do
		[ -x "$SNE_BIN_DIR/$prog" ] || fail "programme $prog introuvable dans $SNE_BIN_DIR"
		[ -f "$MAN/$prog.1" ] || missing+=" $prog.1"
	done
	for page in sne-records.5 sne.yaml.5; do
		[ -f "$MAN/$page" ] || missing+=" $page"
	done
	[ -z "$missing" ] || fail "pages absentes :$missing"
	# No program without its page (a new program must come with one).
	for prog in "$SNE_BIN_DIR"/sne-*; do
		[ -f "$MAN/$(basename "$prog").1" ] || fail "$(basename "$prog") n'a pas de page"
	done
}

@test "mandoc -Tlint -W warning : aucun avertissement dans les pages" {
	local page pages=("$MAN"/*.1 "$MAN"/*.5)
	[ "${#pages[@]}" -ge 8 ] || fail "moins de 8 pages dans share/man"
	for page in "${pages[@]}"; do
		run mandoc -Tlint -W warning "$page"
		[ "$status" -eq 0 ] && [ -z "$output" ] || fail "$(basename "$page") : $output"
	done
}

@test "les pages sont en mdoc, rendues par man -l, et nomment leur programme" {
	local page name
	for page in "$MAN"/*.1 "$MAN"/*.5; do
		grep -q '^\.Dt ' "$page" || fail "$(basename "$page") n'est pas en mdoc"
		name=$(basename "$page"); name=${name%.*}
		run -0 env MANWIDTH=80 man -l "$page"
		assert_output --regexp "$name (—|-) "
	done
}

@test "sections des pages de programmes : NAME SYNOPSIS DESCRIPTION OPTIONS ENVIRONMENT FILES EXIT STATUS EXAMPLES SEE ALSO" {
	local prog
	for prog in $PROGRAMS; do
		check_sections "$MAN/$prog.1" NAME SYNOPSIS DESCRIPTION OPTIONS ENVIRONMENT FILES \
			"EXIT STATUS" EXAMPLES "SEE ALSO"
	done
	check_sections "$MAN/sne.yaml.5" NAME DESCRIPTION ENVIRONMENT FILES "EXIT STATUS" \
		EXAMPLES "SEE ALSO"
	check_sections "$MAN/sne-records.5" NAME DESCRIPTION FILES EXAMPLES "SEE ALSO"
}

@test "chaque page de programme documente les options communes et l'environnement" {
	local prog opt var
	for prog in $PROGRAMS; do
		local opts="--help --version --config --date --in-place --quiet --wait"
		local vars="SNE_CONFIG SNE_SHARE"
		if [[ $READ_ONLY == *" $prog "* ]]; then
			opts="--help --version --config --quiet" vars="SNE_CONFIG"
		fi
		for opt in $opts; do
			man_names_option "$MAN/$prog.1" "$opt" || fail "$prog(1) : $opt absente"
		done
		for var in $vars; do
			man_section "$MAN/$prog.1" ENVIRONMENT | grep -q "Ev $var\$" ||
				fail "$prog(1) : $var absente de ENVIRONMENT"
		done
		man_section "$MAN/$prog.1" FILES | grep -q 'sne\.yaml' ||
			fail "$prog(1) : FILES ne donne pas l'ordre de recherche de la configuration"
	done
}

@test "sne.yaml(5) documente chaque clé connue du programme" {
	local key keys
	# The known keys, as the programs report them on an unknown key.
	printf 'inconnue: 1\n' >bad.yaml
	run -78 --separate-stderr sne-renew -c bad.yaml --expirer "$SHARE/exemples/registre.xml"
	keys=$(sed -n 's/.*clés connues : \([^)]*\)).*/\1/p' <<<"$stderr" | tr -d ',')
	[ -n "$keys" ] || fail "liste des clés connues introuvable dans : $stderr"
	for key in $keys; do
		man_section "$MAN/sne.yaml.5" DESCRIPTION | grep -qx "\.It Li $key" ||
			fail "sne.yaml(5) : clé $key non documentée"
	done
}

@test "sne-attrib : --help et la page de manuel ont les mêmes options" {
	check_help_in_man sne-attrib
	check_man_in_help sne-attrib
}

@test "sne-create : --help et la page de manuel ont les mêmes options" {
	check_help_in_man sne-create
	check_man_in_help sne-create
}

@test "sne-notice : --help et la page de manuel ont les mêmes options" {
	check_help_in_man sne-notice
	check_man_in_help sne-notice
}

@test "sne-radiate : --help et la page de manuel ont les mêmes options" {
	check_help_in_man sne-radiate
	check_man_in_help sne-radiate
}

@test "sne-renew : --help et la page de manuel ont les mêmes options" {
	check_help_in_man sne-renew
	check_man_in_help sne-renew
}

@test "sne-rpls-load : --help et la page de manuel ont les mêmes options" {
	check_help_in_man sne-rpls-load
	check_man_in_help sne-rpls-load
}

@test "sne-stats : --help et la page de manuel ont les mêmes options" {
	check_help_in_man sne-stats
	check_man_in_help sne-stats
}

@test "sne-validate : --help et la page de manuel ont les mêmes options" {
	check_help_in_man sne-validate
	check_man_in_help sne-validate
}

@test "les codes de sortie de --help sont dans EXIT STATUS de chaque page" {
	local prog
	for prog in $PROGRAMS; do
		check_exit_codes "$prog"
	done
}

@test "--help : code 0, en français, sur la sortie standard (tous les programmes)" {
	local prog
	for prog in $PROGRAMS; do
		check_help_french "$prog"
	done
}

@test "--version donne la version du Makefile (tous les programmes)" {
	local prog
	for prog in $PROGRAMS; do
		check_version "$prog"
	done
}

@test "--help ne lit pas la configuration : code 0 même avec une configuration invalide" {
	printf 'cle-inconnue: 1\n' >"$SNE_CONFIG"
	run -0 sne-renew --help
	assert_output --partial "usage : sne-renew"
}

@test "man -l n'avertit de rien, à 80 comme à 60 colonnes" {
	local page width
	for width in 80 60; do
		for page in "$MAN"/*.1 "$MAN"/*.5; do
			run --separate-stderr env MANWIDTH=$width man -l "$page"
			assert_success
			# man-db's own note on a stale whatis database is not about the page
			stderr=$(grep -v 'mandoc.db' <<<"$stderr" || true)
			[ -z "$stderr" ] || fail "$(basename "$page") à $width colonnes : $stderr"
		done
	done
}

@test "--help tient en 80 colonnes" {
	local prog line
	for prog in $PROGRAMS; do
		while IFS= read -r line; do
			[ "${#line}" -le 80 ] || fail "$prog --help : ligne de ${#line} colonnes : $line"
		done < <(LC_ALL=C.UTF-8 "$prog" --help)
	done
}

# The completions describe an option by the text that follows it on its
# --help line, up to a « ; » (completions/_sne): a description that goes on
# to the next line must have its « ; » on the first, or zsh shows half a
# phrase.
@test "--help : la description d'une option, jusqu'au « ; », est une phrase entière" {
	local prog line next desc
	for prog in $PROGRAMS; do
		mapfile -t help < <(LC_ALL=C.UTF-8 "$prog" --help)
		for ((i = 0; i < ${#help[@]} - 1; i++)); do
			line=${help[i]} next=${help[i + 1]}
			[[ $line =~ ^\ +- ]] || continue
			[[ $next =~ ^\ {8,}[^\ -] ]] || continue
			[[ $line == *";"* ]] ||
				fail "$prog --help : « $line » continue à la ligne sans « ; »"
			desc=${line%%;*}
			[ "$(tr -cd '(' <<<"$desc" | wc -c)" = "$(tr -cd ')' <<<"$desc" | wc -c)" ] ||
				fail "$prog --help : parenthèse ouverte avant le « ; » : $line"
		done
	done
}
