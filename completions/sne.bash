# Complétion bash des programmes sne (sne-create, sne-validate, sne-renew,
# sne-attrib, sne-rpls-load, sne-notice, sne-radiate, sne-update, sne-fix, sne-show,
# sne-stats).
#
# Installed once per program name in share/bash-completion/completions/,
# where bash-completion loads it on demand; it may also be sourced directly
# (". completions/sne.bash").  It needs nothing but bash: plain COMP_WORDS,
# COMP_CWORD and compgen, no _init_completion.
#
# The options are read at completion time from "PROGRAM --help", so they
# never drift from the program; only the enumerated values live here.

_sne_enum_canaux='guichet pgp'
_sne_enum_origines='guichet pgp'
_sne_enum_motifs_radiate='RADABA RADIRR RADCON'
_sne_enum_sous_motifs='IRRSEJ IRRRES'
_sne_enum_contingents='COLTER COLACT PPRIOR PFONCT AUTRES AUCUN'
_sne_enum_accords='ACD ACI AUCUN NONDOC'
_sne_enum_dalo='OUI NON NONDOC'
_sne_enum_types='T1 T2 T3 T4 T5 T6 T7 T8 T9P'
_sne_enum_qpv='ZUSOUI ZUSNON ZUSNSP'
_sne_enum_formats='xml tsv'
_sne_enum_formats_show='texte json'
_sne_enum_formats_stats='table tsv csv json html'
_sne_enum_par='guichet modification territoire'
_sne_enum_indicateurs='ATTENTE CONTACT ATTESTATION INCOMPLET RPLS-ABSENT RPLS-INCONNU DOUBLON REACTIVATION CONTROLE'
_sne_enum_civilites='1 2'
_sne_enum_onglets='demande demandeur conjoint personnes situation revenu ressources actuel motif recherche precisions handicap echanges pieces autres'
_sne_enum_colonnes='RPLS= DATIMMAT= DEPCOM= NUMVOIE= TYPVOIE= NOMVOIE= CODEPOSTAL= NBPIECE= SURFHAB= FINAN= CONSTRUCT='

# Prints the options of PROGRAM found in its --help, one per line, each
# followed by " ARG" when the help shows it takes a value ("-n, --numero NU"
# gives "-n ARG" and "--numero ARG").
_sne_help_options() {
	local help line token arg short long rest
	help=$(LC_ALL=C.UTF-8 "$1" --help 2>/dev/null) || return 0
	while IFS= read -r line; do
		rest=" $line"
		# "-x, --long ARG", or "--long ARG", anywhere on the line.
		while [[ $rest =~ [^[:alnum:]-](-[[:alpha:]],\ )?(--[[:alnum:]][[:alnum:]-]*)(\ [[:upper:]][^[:space:]]*)?(.*) ]]; do
			short=${BASH_REMATCH[1]%, }
			long=${BASH_REMATCH[2]}
			arg=${BASH_REMATCH[3]:+ ARG}
			rest=${BASH_REMATCH[4]}
			[[ -n $short ]] && printf '%s%s\n' "$short" "$arg"
			printf '%s%s\n' "$long" "$arg"
		done
	done <<<"$help"
}

# Whether OPTION of PROGRAM takes a value, per its --help.
_sne_takes_value() {
	local prog=$1 opt=$2 entry
	while IFS= read -r entry; do
		[[ $entry == "$opt ARG" ]] && return 0
	done < <(_sne_help_options "$prog")
	return 1
}

# Sets COMPREPLY to the words of LIST that start with CUR.
_sne_words() {
	local IFS=$' \t\n'
	COMPREPLY=($(compgen -W "$1" -- "$2")) || :
}

# Sets COMPREPLY to the files (or with "-d", folders) that start with CUR.
_sne_files() {
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null || :
	if [[ $1 == -d ]]; then
		COMPREPLY=($(compgen -d -- "$2")) || :
	else
		COMPREPLY=($(compgen -f -- "$2")) || :
	fi
}

# Completes the value CUR of option OPT of the program CMD (as typed).
# Returns 1 when OPT is not an option of CMD that takes a value: values are
# offered only for the options the program's --help shows.
_sne_value() {
	local cmd=$1 opt=$2 cur=$3 prog=${1##*/}
	_sne_takes_value "$cmd" "$opt" || return 1
	case $opt in
	-c | --config | -i | --in-place | --numeros | --registre | --reference | \
		--rejets | --attributions | --doublons)
		_sne_files -f "$cur" ;;
	--modeles | --alertes) _sne_files -d "$cur" ;;
	--par) _sne_words "$_sne_enum_par" "$cur" ;;
	--extraire) _sne_words "$_sne_enum_indicateurs" "$cur" ;;
	--indicateurs)
		# a comma-separated list: the codes after the last comma
		compopt -o nospace 2>/dev/null || :
		local done_codes=${cur%"${cur##*,}"}
		_sne_words "$_sne_enum_indicateurs" "${cur##*,}"
		COMPREPLY=("${COMPREPLY[@]/#/$done_codes}") ;;
	--pdf) _sne_files -f "$cur" ;;
	--canal) _sne_words "$_sne_enum_canaux" "$cur" ;;
	--origine) _sne_words "$_sne_enum_origines" "$cur" ;;
	--motif)
		# sne-radiate takes a code; elsewhere --motif is a free text.
		[[ $prog == sne-radiate ]] || { COMPREPLY=(); return 0; }
		_sne_words "$_sne_enum_motifs_radiate" "$cur" ;;
	--sous-motif) _sne_words "$_sne_enum_sous_motifs" "$cur" ;;
	--contingent) _sne_words "$_sne_enum_contingents" "$cur" ;;
	--accord-collectif) _sne_words "$_sne_enum_accords" "$cur" ;;
	--dalo) _sne_words "$_sne_enum_dalo" "$cur" ;;
	--type) _sne_words "$_sne_enum_types" "$cur" ;;
	--qpv) _sne_words "$_sne_enum_qpv" "$cur" ;;
	--civilite) _sne_words "$_sne_enum_civilites" "$cur" ;;
	-o | --onglet) _sne_words "$_sne_enum_onglets" "$cur" ;;
	--format)
		if [[ $prog == sne-show ]]; then
			_sne_words "$_sne_enum_formats_show" "$cur"
		elif [[ $prog == sne-stats ]]; then
			_sne_words "$_sne_enum_formats_stats" "$cur"
		else
			_sne_words "$_sne_enum_formats" "$cur"
		fi ;;
	--colonne) compopt -o nospace 2>/dev/null || :; _sne_words "$_sne_enum_colonnes" "$cur" ;;
	*)
		# A value nobody can guess (a numéro, a date, a text): offer nothing,
		# rather than options or files that would be wrong here.
		COMPREPLY=() ;;
	esac
	return 0
}

_sne() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' cmd=${COMP_WORDS[0]} i
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	# After "--": only files.
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			_sne_files -f "$cur"
			return 0
		fi
	done
	# "--option=value": one word, or three when "=" breaks words.
	if [[ $cur == --*=* ]]; then
		local opt=${cur%%=*}
		if _sne_value "$cmd" "$opt" "${cur#*=}"; then
			COMPREPLY=("${COMPREPLY[@]/#/$opt=}")
		fi
		return 0
	fi
	if [[ $cur == = ]]; then
		_sne_value "$cmd" "$prev" '' && return 0
		return 0
	fi
	if [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		_sne_value "$cmd" "${COMP_WORDS[COMP_CWORD - 2]}" "$cur" && return 0
		return 0
	fi
	if [[ $prev == -* ]] && _sne_value "$cmd" "$prev" "$cur"; then
		return 0
	fi
	if [[ $cur == -* ]]; then
		local options entry
		options=$(_sne_help_options "$cmd" | while read -r entry _; do
			printf '%s\n' "$entry"
		done | sort -u)
		_sne_words "$options" "$cur"
		return 0
	fi
	# Operands: the input streams, registers or batches (files).
	_sne_files -f "$cur"
}

complete -F _sne sne-create sne-validate sne-renew sne-attrib sne-rpls-load sne-notice sne-radiate sne-update sne-fix sne-show sne-stats
