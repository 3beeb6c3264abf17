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
	run -0 bash --norc --noprofile -c "source '$SNE_TOP/completions/sne.bash' && complete -p sne-renew sne-create sne-validate sne-attrib sne-rpls-load sne-notice sne-radiate sne-update sne-fix sne-show sne-guichet sne-acces"
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
	for prog in sne-acces sne-attrib sne-create sne-fix sne-guichet sne-notice sne-radiate sne-renew sne-rpls-load sne-show sne-update sne-validate; do
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
	assert_output "#compdef sne-create sne-validate sne-renew sne-attrib sne-rpls-load sne-notice sne-radiate sne-update sne-fix sne-show sne-guichet sne-acces"
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

@test "sne-show --onglet e<TAB> donne echanges ; --format <TAB> donne texte et json" {
	complete_words sne-show --onglet e
	expect echanges
	complete_words sne-show --format ""
	expect json texte
}

@test "sne-guichet --format <TAB> donne table et tsv ; --type <TAB> les types de guichet, ou de contact après --contact-ajouter" {
	complete_words sne-guichet --format ""
	expect table tsv
	complete_words sne-guichet --creer G0417 --type ""
	expect action-logement autre bailleur commune departement epci etat siao
	complete_words sne-guichet --contact-ajouter G0417 --type ""
	expect physique telephone
}
