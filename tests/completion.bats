#!/usr/bin/env bats
# Shell completion: completions/sne.bash works in a plain bash (no
# bash-completion package), derives the options from --help and knows the
# enumerated values; completions/_sne gives zsh the same.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
	# An empty folder: only the files a test makes are candidates.
	mkdir work && cd work || return 1
	# shellcheck source=../completions/sne.bash
	source "$SNE_TOP/completions/sne.bash"
}

# Completes the command line given as words, the last one being the word
# under the cursor (possibly ""); the candidates go to $reply, sorted, one
# line each.
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_sne
	reply=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
}

# The expected candidates, sorted, one line each.
expect() {
	local expected
	expected=$(printf '%s\n' "$@" | sort)
	[ "$reply" = "$expected" ] || fail "attendu : $(echo $expected) ; obtenu : $(echo $reply)"
}

@test "le fichier se charge sans bash-completion et déclare chaque programme" {
	run -0 bash --norc --noprofile -c "source '$SNE_TOP/completions/sne.bash' && complete -p $SNE_PROGRAMS"
	assert_line --partial "complete -F _sne sne-renew"
	assert_line --partial "complete -F _sne sne-notice"
	run ! bash --norc --noprofile -c "type _init_completion" 
}

@test "sne-renew --ex<TAB> donne --expirer" {
	complete_words sne-renew --ex
	expect --expirer
}

@test "sne-radiate --motif <TAB> donne ses trois motifs, --sous-motif les deux sous-motifs" {
	complete_words sne-radiate --motif ""
	expect RADABA RADIRR RADCON
	complete_words sne-radiate --sous-motif IRRR
	expect IRRRES
	# --motif de sne-renew est un texte libre : rien à proposer
	complete_words sne-renew --motif ""
	expect ""
}

@test "sne-attrib --contingent <TAB> donne les six contingents" {
	complete_words sne-attrib --contingent ""
	expect COLTER COLACT PPRIOR PFONCT AUTRES AUCUN
}

@test "sne-renew --canal p<TAB> donne pgp, sous ses trois formes" {
	complete_words sne-renew --canal p
	expect pgp
	# bash splits "--canal=p" at "=" (COMP_WORDBREAKS)...
	complete_words sne-renew --canal = p
	expect pgp
	# ...unless "=" was removed from COMP_WORDBREAKS.
	complete_words sne-renew --canal=p
	expect --canal=pgp
}

@test "sne-renew -i <TAB> donne les noms de fichiers" {
	mkdir dossier
	: >registre.xml
	: >registre.xml.gz
	: >autre.txt
	complete_words sne-renew -i ""
	expect autre.txt dossier registre.xml registre.xml.gz
	complete_words sne-renew --in-place reg
	expect registre.xml registre.xml.gz
}

@test "fichiers attendus : -c, --numeros, --registre, --reference, --rejets, --attributions, opérandes" {
	: >sne.yaml
	: >lot.csv
	complete_words sne-renew -c s
	expect sne.yaml
	complete_words sne-renew --numeros l
	expect lot.csv
	complete_words sne-create --registre s
	expect sne.yaml
	complete_words sne-create --rejets l
	expect lot.csv
	complete_words sne-attrib --reference l
	expect lot.csv
	complete_words sne-attrib --attributions l
	expect lot.csv
	complete_words sne-rpls-load --rejets ""
	expect lot.csv sne.yaml
	complete_words sne-validate --check ""
	expect lot.csv sne.yaml
}

@test "valeurs énumérées de sne-attrib : --accord-collectif, --dalo, --type, --qpv" {
	complete_words sne-attrib --accord-collectif ""
	expect ACD ACI AUCUN NONDOC
	complete_words sne-attrib --dalo N
	expect NON NONDOC
	complete_words sne-attrib --type T9
	expect T9P
	complete_words sne-attrib --type ""
	expect T1 T2 T3 T4 T5 T6 T7 T8 T9P
	complete_words sne-attrib --qpv ""
	expect ZUSOUI ZUSNON ZUSNSP
}

@test "sne-create --origine <TAB> donne guichet et pgp" {
	complete_words sne-create --origine ""
	expect guichet pgp
}

@test "une valeur libre (date, numéro, motif) ne propose ni option ni fichier" {
	: >registre.xml
	complete_words sne-renew -d ""
	expect ""
	complete_words sne-renew --numero ""
	expect ""
	complete_words sne-validate --courriel ""
	expect ""
}

@test "les options proposées sont exactement celles de --help (sne-attrib --da<TAB>)" {
	complete_words sne-attrib --da
	expect --dalo --date --date-bail --date-cal
	complete_words sne-validate --in
	expect --in-place --invalider
}

@test "chaque option longue de --help est proposée, pour chaque programme" {
	local prog opt missing=""
	for prog in $SNE_PROGRAMS; do
		complete_words "$prog" --
		for opt in $("$prog" --help | grep -oE -- '(^|[^[:alnum:]-])--[[:alnum:]][[:alnum:]-]*' |
			sed 's/^[^-]*//' | sort -u); do
			grep -qxF -- "$opt" <<<"$reply" || missing+=" $prog:$opt"
		done
	done
	[ -z "$missing" ] || fail "options non proposées :$missing"
}

@test "le programme peut être nommé par son chemin (bin/sne-renew)" {
	complete_words "$SNE_BIN_DIR/sne-renew" --ex
	expect --expirer
	complete_words "$SNE_BIN_DIR/sne-renew" --canal ""
	expect guichet pgp
}

@test "un opérande ou ce qui suit -- se complète en nom de fichier" {
	: >registre.xml
	complete_words sne-renew -n 0740217000001G0417 r
	expect registre.xml
	complete_words sne-renew -- -
	expect ""
	: >-bizarre.xml
	complete_words sne-renew -- -
	expect -bizarre.xml
}

@test "zsh : _sne déclare tous les programmes et traduit --help en spécifications" {
	command -v zsh >/dev/null || skip "zsh absent"
	run -0 head -1 "$SNE_TOP/completions/_sne"
	[ "$(tr ' ' '\n' <<<"${output#\#compdef }" | sort | tr '\n' ' ')" = "$SNE_PROGRAMS " ] ||
		fail "#compdef ne nomme pas exactement les programmes de cmd/ ($SNE_PROGRAMS) : $output"
	run -0 zsh -f -c "
		PATH='$SNE_BIN_DIR':\$PATH
		_arguments() { print -rl -- \"\$@\" }
		_files() { : }
		words=(sne-attrib)
		source '$SNE_TOP/completions/_sne'
		words=(sne-renew)
		_sne"
	assert_line --partial "--contingent[COLTER, COLACT, PPRIOR, PFONCT, AUTRES ou AUCUN]:c:(COLTER COLACT PPRIOR PFONCT AUTRES AUCUN)"
	assert_line --partial "--qpv[]:zusoui|zusnon|zusnsp:(ZUSOUI ZUSNON ZUSNSP)"
	assert_line --partial "--canal[guichet (défaut) ou pgp]:canal:(guichet pgp)"
	assert_line --regexp '^\(-i --in-place\)-i\[.*\]:registre:_files$'
	assert_line --regexp '^--numeros\[.*\]:fichier:_files$'
	assert_line "*:fichier:_files"
}

@test "zsh : une description d'option est une phrase entière, jamais coupée en fin de ligne" {
	command -v zsh >/dev/null || skip "zsh absent"
	local prog
	for prog in $SNE_PROGRAMS; do
		run -0 zsh -f -c "
			PATH='$SNE_BIN_DIR':\$PATH
			_arguments() { print -rl -- \"\$@\" }
			_files() { : }
			words=($prog)
			source '$SNE_TOP/completions/_sne'"
		refute_line --regexp '\[[^]]*[,(]\]'
		refute_line --regexp '\[[^]]*\([^)]*\]'
	done
	run -0 zsh -f -c "
		PATH='$SNE_BIN_DIR':\$PATH
		_arguments() { print -rl -- \"\$@\" }
		_files() { : }
		words=(sne-create)
		source '$SNE_TOP/completions/_sne'"
	assert_line "--registre[refuser un doublon du registre]:fichier:_files"
	assert_line "(-d --date)--date[date du jour (AAAA-MM-JJ ou JJ/MM/AAAA)]:date: "
	assert_line "(-v --verbose)--verbose[nommer chaque numéro attribué]"
}

# The options that completions/sne.bash and completions/_sne give values
# for, one per line.
completion_value_options() {
	awk '/^_sne_value\(\)|^_sne_action\(\)/ { body = 1 } body && /esac/ { body = 0 } body' \
		"$SNE_TOP/completions/sne.bash" "$SNE_TOP/completions/_sne" |
		grep -E '^[[:space:]]*\(?-' | sed 's/).*//' | grep -oE -- '-{1,2}[[:alnum:]][[:alnum:]-]*' |
		sort -u
}

@test "les complétions ne donnent de valeurs qu'aux options qui existent" {
	local opt prog all=""
	for prog in $SNE_PROGRAMS; do
		all+=$'\n'$("$prog" --help)
	done
	run -0 completion_value_options
	[ "${#lines[@]}" -ge 15 ] || fail "trop peu d'options lues : ${lines[*]}"
	for opt in "${lines[@]}"; do
		grep -qE -- "(^|[^[:alnum:]-])$opt([^[:alnum:]-]|\$)" <<<"$all" ||
			fail "$opt a des valeurs dans les complétions mais aucun programme ne l'a"
	done
	# and only for the program that has the option
	complete_words sne-create --contingent ""
	[[ "$reply" != *COLTER* ]] || fail "sne-create n'a pas --contingent"
	complete_words sne-notice --canal ""
	[[ "$reply" != *pgp* && "$reply" != *courriel* ]] || fail "sne-notice n'a pas --canal"
	complete_words sne-renew --profil ""
	[[ "$reply" != *bailleur* ]] || fail "--profil n'existe pas"
	complete_words sne-renew --canal ""
	expect guichet pgp
}

@test "sne-show --onglet e<TAB> donne echanges ; --format <TAB> donne texte et json" {
	complete_words sne-show --onglet e
	expect echanges
	complete_words sne-show --format ""
	expect json texte
}

@test "sne-stats : --format, --par, --extraire et --indicateurs (liste à virgules) donnent leurs valeurs ; --alertes un dossier" {
	complete_words sne-stats --format ""
	expect csv html json table tsv
	complete_words sne-stats --par t
	expect territoire
	complete_words sne-stats --extraire RPLS
	expect RPLS-ABSENT RPLS-INCONNU
	complete_words sne-stats --indicateurs CONTACT,AT
	expect CONTACT,ATTENTE CONTACT,ATTESTATION
	mkdir alertes && : >alertes.txt
	complete_words sne-stats --alertes al
	expect alertes
	# sne-show keeps its own formats
	complete_words sne-show --format ""
	expect json texte
}
