#!/usr/bin/env bats
# Hostile input through every program that reads a record stream: entity
# bombs, external entities and DTDs, deep nesting, a 200 MB text node,
# invalid bytes, a truncated gzip, a CSV line of 1 MB.  Each must end with
# the documented exit code, a French message naming the file and the line,
# nothing of /etc/passwd anywhere, and memory bounded (ulimit -v 400 MB).

bats_require_minimum_version 1.5.0
load test_helper/common

# Every program reading a demande stream, with the options that make it
# read its input through (absent at test time: the test fails, never skips).
STREAM_PROGRAMS=(
	"sne-renew --expirer -d 2020-01-01"
	"sne-validate --check"
	"sne-create -g G0417 -d 2020-01-01"
	"sne-notice -d 2020-01-01"
	"sne-update -g G0417 -d 2020-01-01 --registre vide.xml"
	"sne-fix -c gestion.yaml -d 2020-01-01 -n 0740317000123G0417 --reactiver --motif essai"
	"sne-show"
	"sne-stats -d 2020-01-01"
	"sne-stats -d 2020-01-01 --extraire CONTROLE"
	"sne-attrib -c bailleur.yaml -d 2020-01-01 -n 0740317000123G0417 --rpls 74A0001234 --bailleur Habitat74 --date-bail 2019-12-15 --reference ref.xml --adresse 1_rue_des_Lilas --commune 74010 --type T3 --surface 60 --loyer 400 --qpv ZUSNON"
)

NS='xmlns:ns1="http://nuu.application.i2/"'
HOSTILE="$FIXTURES/hostile"
# Virtual memory allowed to a program under test (KiB).
MEMORY_LIMIT=400000

setup() {
	common_setup
	config <<-EOF
		guichet: G0417
		modeles: $SHARE/modeles
	EOF
	printf 'guichet: G0417\nprofil: bailleur\n' >bailleur.yaml
	printf 'guichet: G0417\nprofil: gestionnaire\n' >gestion.yaml
	echo "<ns1:interfaceNuu $NS/>" >vide.xml
	echo '<r:logements xmlns:r="urn:sne:rpls:1"/>' >ref.xml
}

# Whether program $1 is built with AddressSanitizer, which reserves terabytes
# of address space: ulimit -v cannot bound it (make SANITIZE=1 runs).
sanitized() {
	grep -qa __asan_init "$(command -v "$1")"
}

# The shell prefix that bounds the memory of the program $1.
memory_bound() {
	if sanitized "$1"; then
		echo "# $1 : binaire ASan, ulimit -v non applicable" >&3
		echo ":"
	else
		echo "ulimit -v $MEMORY_LIMIT"
	fi
}

# Checks the last run: status $1, stderr matching the regex $2, a location
# "file:line:", nothing of /etc/passwd.  $3 names the case in failures.
check_refusal() {
	local want=$1 says=$2 what=$3 passwd_line
	if [ "$status" -ne "$want" ]; then
		echo "$what : code $status au lieu de $want ; stderr : ${stderr:0:500}" >&2
		return 1
	fi
	if ! [[ $stderr =~ $says ]]; then
		echo "$what : message sans « $says » : ${stderr:0:500}" >&2
		return 1
	fi
	if ! [[ $stderr =~ :[0-9]+(:[0-9]+)?:\  ]]; then
		echo "$what : message sans numéro de ligne : ${stderr:0:500}" >&2
		return 1
	fi
	passwd_line=$(head -1 /etc/passwd)
	if [[ $output == *"$passwd_line"* || $stderr == *"$passwd_line"* ||
		$output == *root:x:0* || $stderr == *root:x:0* ]]; then
		echo "$what : le contenu de /etc/passwd apparaît" >&2
		return 1
	fi
}

# Runs every stream program over file $1 and checks the refusal: status $2,
# message regex $3.
refused_by_all() {
	local file=$1 want=$2 says=$3 cmd prog
	for cmd in "${STREAM_PROGRAMS[@]}"; do
		prog=${cmd%% *}
		if ! command -v "$prog" >/dev/null; then
			echo "programme absent : $prog (dans $SNE_BIN_DIR)" >&2
			return 1
		fi
		# shellcheck disable=SC2086
		run --separate-stderr bash -c "$(memory_bound "$prog"); exec timeout 60 $cmd \"\$1\"" _ "$file"
		check_refusal "$want" "$3" "$cmd $(basename "$file")" || return 1
		# the refusal names the file it read
		if [[ $stderr != *"$(basename "$file")"* ]]; then
			echo "$cmd : le message ne nomme pas le fichier : $stderr" >&2
			return 1
		fi
	done
}

# Runs every stream program over what the command $1 writes on its standard
# output, read on standard input.
refused_by_all_from_pipe() {
	local generator=$1 want=$2 says=$3 cmd prog
	for cmd in "${STREAM_PROGRAMS[@]}"; do
		prog=${cmd%% *}
		if ! command -v "$prog" >/dev/null; then
			echo "programme absent : $prog (dans $SNE_BIN_DIR)" >&2
			return 1
		fi
		run --separate-stderr bash -c "{ $generator; } | ( $(memory_bound "$prog"); exec timeout 60 $cmd )"
		check_refusal "$want" "$says" "$cmd (tube)" || return 1
	done
}

@test "billion laughs : DOCTYPE refusé, 65, sans expansion" {
	refused_by_all "$HOSTILE/billion-laughs.xml" 65 "DOCTYPE refusée"
	[[ $output != *lollollol* ]]
}

@test "explosion quadratique (une grande entité utilisée 50 000 fois) : 65" {
	{
		printf '<?xml version="1.0"?>\n<!DOCTYPE q [<!ENTITY a "'
		head -c 50000 /dev/zero | tr '\0' A
		printf '">]>\n<ns1:interfaceNuu %s>\n<ns1:demande><ns1:demandeLogement><ns1:nom>' "$NS"
		for _ in $(seq 1000); do printf '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'; done
		printf '</ns1:nom></ns1:demandeLogement></ns1:demande>\n</ns1:interfaceNuu>\n'
	} >quadratique.xml
	refused_by_all quadratique.xml 65 "DOCTYPE refusée"
	[[ $output != *AAAAAAAAAA* ]]
}

@test "entité externe vers /etc/passwd : 65, rien de /etc/passwd en sortie" {
	refused_by_all "$HOSTILE/xxe-file.xml" 65 "DOCTYPE refusée"
}

@test "entité externe http:// : 65, aucun accès réseau" {
	refused_by_all "$HOSTILE/xxe-http.xml" 65 "DOCTYPE refusée"
}

@test "DTD externe déclarée : 65" {
	refused_by_all "$HOSTILE/dtd-externe.xml" 65 "DOCTYPE refusée"
}

@test "10 000 niveaux d'éléments imbriqués : 65, vite" {
	{
		printf '<ns1:interfaceNuu %s>\n<ns1:demande>\n' "$NS"
		for _ in $(seq 1000); do printf '<a><a><a><a><a><a><a><a><a><a>'; done
		for _ in $(seq 1000); do printf '</a></a></a></a></a></a></a></a></a></a>'; done
		printf '\n</ns1:demande>\n</ns1:interfaceNuu>\n'
	} >profond.xml
	SECONDS=0
	refused_by_all profond.xml 65 "niveaux|imbriqu|mal formé"
	[ "$SECONDS" -lt 20 ]
}

@test "nœud texte de 200 Mo dans une demande, par un tube : 65, mémoire bornée" {
	head="<ns1:interfaceNuu $NS><ns1:demande><ns1:demandeLogement><ns1:nom>"
	tail='</ns1:nom></ns1:demandeLogement></ns1:demande></ns1:interfaceNuu>'
	SECONDS=0
	refused_by_all_from_pipe "printf '%s' '$head'; head -c 200000000 /dev/zero | tr '\\0' a; printf '%s' '$tail'" \
		65 "enregistrement de plus de 4 Mio"
	[[ $stderr == *"<entrée standard>:1:"* ]]
	[ "$SECONDS" -lt 60 ]
}

@test "UTF-8 invalide : 65, message en français avec la ligne" {
	refused_by_all "$HOSTILE/utf8-invalide.xml" 65 "UTF-8 invalide"
	[[ $stderr == *"utf8-invalide.xml:4:"* ]]
}

@test "octet nul : 65" {
	refused_by_all "$HOSTILE/octet-nul.xml" 65 "octet nul"
	[[ $stderr == *"octet-nul.xml:4:"* ]]
}

@test "encodage ISO-8859-1 déclaré : 65, dire de convertir en UTF-8" {
	refused_by_all "$HOSTILE/latin1.xml" 65 "convertissez le fichier en UTF-8"
}

@test "gzip tronqué : 65, « fichier gzip tronqué »" {
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n<ns1:interfaceNuu %s>\n' "$NS"
		for i in $(seq 3000); do
			printf '  <ns1:demande><ns1:demandeLogement><ns1:numUnique>0740317%06dG0417</ns1:numUnique></ns1:demandeLogement></ns1:demande>\n' "$i"
		done
		printf '</ns1:interfaceNuu>\n'
	} | gzip -c >complet.xml.gz
	head -c "$(($(stat -c %s complet.xml.gz) / 2))" complet.xml.gz >tronque.xml.gz
	refused_by_all tronque.xml.gz 65 "fichier gzip tronqué"
}

@test "sne-rpls-load : ligne CSV de 1 Mo rejetée avec son numéro de ligne, mémoire bornée" {
	command -v sne-rpls-load >/dev/null || { echo "programme absent : sne-rpls-load" >&2; return 1; }
	echo '<r:logements xmlns:r="urn:sne:rpls:1"/>' >ref.xml
	{
		echo 'RPLS;DATIMMAT;DEPCOM;NUMVOIE;TYPVOIE;NOMVOIE;CODEPOSTAL;NBPIECE;SURFHAB;FINAN;CONSTRUCT'
		printf '74A0001234;2017-01-05;74010;1;RUE;'
		head -c 1000000 /dev/zero | tr '\0' a
		printf ';74000;3;70;PLUS;2010\n'
		echo '74A0001235;2017-01-05;74010;2;RUE;des Lilas;74000;3;70;PLUS;2010'
	} >lot.csv
	run --separate-stderr bash -c "$(memory_bound sne-rpls-load); exec timeout 60 sne-rpls-load -d 2020-01-01 --reference ref.xml lot.csv"
	# the long row is refused (1), the next one loaded
	check_refusal 1 "lot\.csv:2: .*trop longue" "sne-rpls-load lot.csv"
	[[ $output == *74A0001235* ]]
	[[ $output != *74A0001234* ]]
	[[ $stderr != *aaaaaaaaaa* ]]
}

@test "sne-rpls-load : lot XML hostile (DOCTYPE, entité externe) : 65" {
	command -v sne-rpls-load >/dev/null || { echo "programme absent : sne-rpls-load" >&2; return 1; }
	echo '<r:logements xmlns:r="urn:sne:rpls:1"/>' >ref.xml
	cat >lot.xml <<-'EOF'
		<?xml version="1.0"?>
		<!DOCTYPE r:logements [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
		<r:logements xmlns:r="urn:sne:rpls:1"><r:logement rpls="74A0001234"><r:commune>&xxe;</r:commune></r:logement></r:logements>
	EOF
	run --separate-stderr bash -c "$(memory_bound sne-rpls-load); exec timeout 60 sne-rpls-load -d 2020-01-01 --reference ref.xml lot.xml"
	check_refusal 65 "DOCTYPE refusée" "sne-rpls-load lot.xml"
}

@test "sne-rpls-load : référentiel hostile (billion laughs) : 65" {
	command -v sne-rpls-load >/dev/null || { echo "programme absent : sne-rpls-load" >&2; return 1; }
	sed -e 's/ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http:\/\/nuu.application.i2\/"/r:logements xmlns:r="urn:sne:rpls:1"/' \
		-e 's/<\/ns1:interfaceNuu>/<\/r:logements>/' "$HOSTILE/billion-laughs.xml" >ref.xml
	printf 'RPLS;DATIMMAT;DEPCOM;NUMVOIE;TYPVOIE;NOMVOIE;CODEPOSTAL;NBPIECE;SURFHAB;FINAN;CONSTRUCT\n' >lot.csv
	printf '74A0001234;2017-01-05;74010;1;RUE;des Lilas;74000;3;70;PLUS;2010\n' >>lot.csv
	run --separate-stderr bash -c "$(memory_bound sne-rpls-load); exec timeout 60 sne-rpls-load -d 2020-01-01 --reference ref.xml lot.csv"
	check_refusal 65 "DOCTYPE refusée" "sne-rpls-load référentiel"
}

# An element with $1 attributes (or, with $2 = ns, namespace declarations).
many_attributes() {
	awk -v n="$1" -v kind="$2" 'BEGIN {
		printf "<ns1:interfaceNuu xmlns:ns1=\"http://nuu.application.i2/\">\n<ns1:demande><ns1:demandeLogement"
		for (i = 0; i < n; i++)
			if (kind == "ns") printf " xmlns:p%d=\"urn:%d\"", i, i; else printf " a%d=\"1\"", i
		printf "/></ns1:demande>\n</ns1:interfaceNuu>\n"
	}'
}

@test "200 000 attributs sur un élément (2,3 Mo) : 65 en moins de 5 s, pas de minute de calcul" {
	many_attributes 200000 >attributs.xml
	for cmd in "${STREAM_PROGRAMS[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr timeout 5 $cmd attributs.xml
		check_refusal 65 "plus de 64 Kio" "$cmd attributs.xml" || return 1
	done
	cp attributs.xml reg.xml
	run --separate-stderr timeout 5 sne-renew --expirer -d 2020-01-01 -i reg.xml
	check_refusal 65 "refusé" "sne-renew -i"
	cmp attributs.xml reg.xml
}

@test "100 000 déclarations d'espace de noms sur un élément : 65 en moins de 5 s" {
	many_attributes 100000 ns >declarations.xml
	for cmd in "${STREAM_PROGRAMS[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr timeout 5 $cmd declarations.xml
		check_refusal 65 "plus de 64 Kio" "$cmd declarations.xml" || return 1
	done
}

@test "au-delà de 256 attributs ou de 64 déclarations sur un élément : 65, en deçà accepté" {
	many_attributes 257 >a257.xml
	run --separate-stderr sne-validate --check a257.xml
	check_refusal 65 "plus de 256 attributs" "257 attributs"
	many_attributes 65 ns >n65.xml
	run --separate-stderr sne-validate --check n65.xml
	check_refusal 65 "plus de 64 déclarations d'espace de noms" "65 déclarations"
	many_attributes 256 >a256.xml
	run --separate-stderr sne-renew --expirer -d 2020-01-01 a256.xml
	assert_success
}
