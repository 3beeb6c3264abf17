#!/usr/bin/env bats
# sne-rpls-load: RPLS batches (CSV ; or , in Latin-1 or UTF-8, gzip or not,
# or XML) merged into the reference, with cut-off date, idempotence and
# rejected rows reported with their line numbers.

bats_require_minimum_version 1.5.0
load test_helper/common
load test_helper/generator

setup() {
	common_setup
	LOTS="$FIXTURES/sne-rpls-load"
}

# Text of the element NAME of the logement RPLS in FILE.
logement_field() {
	xpath "$1" "string(//*[local-name()='logement'][@rpls='$2']/*[local-name()='$3'])"
}

@test "un lot Latin-1 à ';' devient des logements UTF-8, les champs entre guillemets gardés entiers" {
	run --separate-stderr sne-rpls-load --reference absent.xml -d 2017-04-01 "$LOTS/lot-latin1.csv"
	assert_success
	echo "$output" >ref.xml
	[ "$(count_records ref.xml logement)" -eq 3 ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='74A0001235']//*[local-name()='voie'])")" = "de l'Église; côté \"nord\"" ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='74A0001236']//*[local-name()='voie'])")" = "Chemin des Prés" ]
	[ "$(logement_field ref.xml 74A0001234 surface)" = "65.5" ]
	[ "$(logement_field ref.xml 74A0001234 miseEnService)" = "2017-01-15" ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='74A0001234']/*[local-name()='lot']/@date)")" = "2017-04-01" ]
	[[ "$stderr" == *"3 lignes lues, 3 nouveaux logements, aucun déjà connu"* ]]
}

@test "un lot gzip UTF-8 à ',' est lu, communes de Corse et d'outre-mer acceptées" {
	run --separate-stderr sne-rpls-load --reference absent.xml "$LOTS/lot-utf8.csv.gz"
	assert_success
	echo "$output" >ref.xml
	[ "$(count_records ref.xml logement)" -eq 2 ]
	[ "$(logement_field ref.xml 2A00000001 commune)" = "2A004" ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='2A00000001']//*[local-name()='voie'])")" = "Pascal Paoli, résidence Été" ]
	[ "$(logement_field ref.xml 97100000AB surface)" = "95.5" ]
}

@test "la sortie est valide selon share/xsd/rpls.xsd" {
	sne-rpls-load --reference absent.xml "$LOTS/lot-latin1.csv" "$LOTS/lot-utf8.csv.gz" >ref.xml
	run xmllint --noout --schema "$SHARE/xsd/rpls.xsd" ref.xml
	assert_success
}

@test "--jusqu-au exclut les enregistrements postérieurs à la date limite, pas celui de ce jour-là" {
	run --separate-stderr sne-rpls-load --reference absent.xml --jusqu-au 20/02/2017 "$LOTS/lot-latin1.csv"
	assert_success
	echo "$output" >ref.xml
	[ "$(count_records ref.xml logement)" -eq 2 ]
	[ "$(logement_field ref.xml 74A0001235 miseEnService)" = "2017-02-20" ]
	[ -z "$(logement_field ref.xml 74A0001236 commune)" ]
	[[ "$stderr" == *"2 nouveaux logements"*"1 exclu"* ]]
}

@test "-i crée le référentiel, un second chargement du même lot est identique à l'octet près, 0 nouveau" {
	run --separate-stderr sne-rpls-load -i ref.xml.gz -d 2017-04-01 "$LOTS/lot-latin1.csv"
	assert_success
	[ "$(stat -c %a ref.xml.gz)" = "600" ]
	cp ref.xml.gz first.xml.gz
	run --separate-stderr sne-rpls-load -i ref.xml.gz -d 2017-05-01 "$LOTS/lot-latin1.csv"
	assert_success
	[[ "$stderr" == *"3 lignes lues, aucun nouveau logement, 3 déjà connus, aucun mis à jour"* ]]
	cmp first.xml.gz ref.xml.gz
}

@test "un numéro connu au contenu changé est mis à jour en place et signalé" {
	sne-rpls-load -i ref.xml -d 2017-04-01 "$LOTS/lot-latin1.csv" 2>/dev/null
	sed 's/74A0001234;15\/01\/2017;74010;12;RUE;des Lilas;74000;3;65,5/74A0001234;15\/01\/2017;74010;12;RUE;des Lilas;74000;3;66/' \
		"$LOTS/lot-latin1.csv" >lot2.csv
	run --separate-stderr sne-rpls-load -i ref.xml -d 2017-05-01 --lot lot-2 lot2.csv
	assert_success
	[[ "$stderr" == *"logement RPLS 74A0001234 mis à jour"* ]]
	[[ "$stderr" == *"aucun nouveau logement, 2 déjà connus, 1 mis à jour"* ]]
	[ "$(count_records ref.xml logement)" -eq 3 ]
	[ "$(logement_field ref.xml 74A0001234 surface)" = "66" ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='74A0001234']/*[local-name()='lot']/@id)")" = "lot-2" ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='74A0001235']/*[local-name()='lot']/@id)")" = "lot-latin1.csv" ]
}

@test "les logements inchangés du référentiel sont recopiés octet pour octet, les nouveaux ajoutés à la fin" {
	cat >ref.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<rp:logements xmlns:rp="urn:sne:rpls:1">
	<rp:logement rpls="01A0000001"  ><rp:commune>01053</rp:commune><rp:pieces>1</rp:pieces><rp:surface>20</rp:surface><rp:miseEnService>2010-01-01</rp:miseEnService><!-- gardé --></rp:logement>
</rp:logements>
XML
	run --separate-stderr sne-rpls-load --reference ref.xml "$LOTS/lot-utf8.csv"
	assert_success
	echo "$output" >out.xml
	grep -qF '	<rp:logement rpls="01A0000001"  ><rp:commune>01053</rp:commune><rp:pieces>1</rp:pieces><rp:surface>20</rp:surface><rp:miseEnService>2010-01-01</rp:miseEnService><!-- gardé --></rp:logement>' out.xml
	grep -q '^	<rp:logement rpls="2A00000001"><rp:commune>' out.xml
	[ "$(count_records out.xml logement)" -eq 3 ]
	[ "$(tail -n 1 out.xml)" = "</rp:logements>" ]
}

@test "les lignes rejetées sont signalées avec leur ligne et leur motif, écrites dans --rejets (0600), code 1" {
	run --separate-stderr sne-rpls-load --reference absent.xml --rejets rejets.csv "$LOTS/lot-rejets.csv"
	[ "$status" -eq 1 ]
	echo "$output" >ref.xml
	[ "$(count_records ref.xml logement)" -eq 2 ]
	[[ "$stderr" == *"lot-rejets.csv:3: ligne rejetée : numéro RPLS « 74A001 » invalide"* ]]
	[[ "$stderr" == *"lot-rejets.csv:4: ligne rejetée : code commune « 74000 »"* ]]
	[[ "$stderr" == *"lot-rejets.csv:5: ligne rejetée : surface « quarante » invalide"* ]]
	[[ "$stderr" == *"lot-rejets.csv:6: ligne rejetée : date d'immatriculation « 31/02/2017 » invalide"* ]]
	[[ "$stderr" == *"6 lignes lues, 2 nouveaux logements, aucun déjà connu, aucun mis à jour, aucun exclu, 4 rejetées"* ]]
	[ "$(stat -c %a rejets.csv)" = "600" ]
	[ "$(wc -l <rejets.csv)" -eq 5 ]
	head -n 1 rejets.csv | grep -q ';MOTIF_REJET$'
	grep -q '^74A0001242;.*;quarante;PLUS;2000;surface « quarante » invalide' rejets.csv
}

@test "une ligne de plus de 64 Kio est rejetée, la suivante se charge quand même" {
	{
		echo "RPLS;DATIMMAT;DEPCOM;NUMVOIE;TYPVOIE;NOMVOIE;CODEPOSTAL;NBPIECE;SURFHAB;FINAN;CONSTRUCT"
		printf '74A0000001;2017-01-01;74010;1;RUE;%070000d;74000;1;20;PLUS;2000\n' 0
		echo "74A0000002;2017-01-01;74010;1;RUE;Courte;74000;1;20;PLUS;2000"
	} >long.csv
	run --separate-stderr sne-rpls-load --reference absent.xml long.csv
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"long.csv:2: ligne rejetée : ligne trop longue"* ]]
	echo "$output" >ref.xml
	[ "$(count_records ref.xml logement)" -eq 1 ]
	[ "$(logement_field ref.xml 74A0000002 pieces)" = "1" ]
}

@test "CRLF, un saut de ligne entre guillemets, une ligne courte ; --colonne fait correspondre une colonne renommée" {
	printf 'NUM_RPLS;DATIMMAT;DEPCOM;NUMVOIE;TYPVOIE;NOMVOIE;CODEPOSTAL;NBPIECE;SURFHAB;FINAN;CONSTRUCT\r\n74A0000001;2017-01-01;74010;1;RUE;"Deux\r\nlignes";74000;1;20;PLUS;2000\r\n74A0000002;2017-01-01;74010\r\n' >crlf.csv
	run --separate-stderr sne-rpls-load --reference absent.xml crlf.csv
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"crlf.csv:1: colonne « RPLS » absente de l'en-tête"*"--colonne RPLS=NOM"* ]]
	[ -z "$output" ]
	run --separate-stderr sne-rpls-load --reference absent.xml --colonne RPLS=num_rpls crlf.csv
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"crlf.csv:4: ligne rejetée : ligne incomplète"* ]]
	echo "$output" >ref.xml
	[ "$(logement_field ref.xml 74A0000001 construction)" = "2000" ]
}

@test "un flux XML RPLS est accepté comme lot" {
	sne-rpls-load --reference absent.xml "$LOTS/lot-utf8.csv" >lot.xml
	run --separate-stderr sne-rpls-load --reference absent.xml --lot xml lot.xml
	assert_success
	echo "$output" >ref.xml
	[ "$(count_records ref.xml logement)" -eq 2 ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='97100000AB']/*[local-name()='lot']/@id)")" = "xml" ]
}

@test "le chemin rpls configuré est le référentiel par défaut ; sans aucun, erreur d'usage" {
	run --separate-stderr sne-rpls-load "$LOTS/lot-utf8.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"référentiel RPLS inconnu"* ]]
	config <<YAML
rpls: $BATS_TEST_TMPDIR/conf-ref.xml
YAML
	run --separate-stderr sne-rpls-load -i "$BATS_TEST_TMPDIR/conf-ref.xml" "$LOTS/lot-utf8.csv"
	assert_success
	run --separate-stderr sne-rpls-load "$LOTS/lot-utf8.csv"
	assert_success
	[[ "$stderr" == *"aucun nouveau logement, 2 déjà connus"* ]]
}

@test "un fichier de lot absent sort 66 et n'écrit rien" {
	run --separate-stderr sne-rpls-load --reference absent.xml nope.csv
	[ "$status" -eq 66 ]
	[ -z "$output" ]
}

@test "un disque plein sur la sortie standard sort 74" {
	run bash -c 'sne-rpls-load --reference absent.xml "$1" >/dev/full' _ "$LOTS/lot-utf8.csv"
	[ "$status" -eq 74 ]
}

# ------------------------------------------------------------------
# the reference kept sorted by RPLS number, and its index (REFERENCE.idx)

HEADER="RPLS;DATIMMAT;DEPCOM;NUMVOIE;TYPVOIE;NOMVOIE;CODEPOSTAL;NBPIECE;SURFHAB;FINAN;CONSTRUCT"

# A reference of three logements; "sorted" (default) or "unsorted" order.
reference() {
	local a=01A0000001 b=50A0000001
	[ "${2:-sorted}" = sorted ] || { a=50A0000001 b=01A0000001; }
	cat >"$1" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<r:logements xmlns:r="urn:sne:rpls:1">
  <r:logement rpls="$a"><r:commune>01053</r:commune><r:pieces>1</r:pieces><r:surface>20</r:surface><r:miseEnService>2010-01-01</r:miseEnService></r:logement>
  <r:logement rpls="$b"><r:commune>01053</r:commune><r:pieces>1</r:pieces><r:surface>20</r:surface><r:miseEnService>2010-01-01</r:miseEnService></r:logement>
  <r:logement rpls="99A0000001"><r:commune>74010</r:commune><r:pieces>3</r:pieces><r:surface>60</r:surface><r:miseEnService>2012-01-01</r:miseEnService></r:logement>
</r:logements>
XML
}

# The RPLS numbers of reference $1, in file order, on one line.
numbers() {
	grep -o 'rpls="[0-9A-Z]*"' "$1" | cut -d'"' -f2 | tr '\n' ' '
}

@test "les nouveaux logements sont fusionnés dans l'ordre des numéros RPLS et un index est écrit (0600)" {
	reference ref.xml
	run --separate-stderr sne-rpls-load -v -d 2017-04-01 -i ref.xml "$LOTS/lot-utf8.csv"
	assert_success
	[ "$(numbers ref.xml)" = "01A0000001 2A00000001 50A0000001 97100000AB 99A0000001 " ]
	# the new ones take the indentation of the reference
	grep -q '^  <r:logement rpls="2A00000001"><r:commune>2A004</r:commune>' ref.xml
	grep -q '^  <r:logement rpls="97100000AB">' ref.xml
	xmllint --noout --schema "$SHARE/xsd/rpls.xsd" ref.xml
	[[ "$stderr" == *"pas d'index « ref.xml.idx » ; ordre des numéros RPLS vérifié pendant la lecture"* ]]
	[[ "$stderr" == *"index « ref.xml.idx » écrit (1024 logements par bloc)"* ]]
	[ "$(stat -c %a ref.xml.idx)" = 600 ]
	[ "$(head -n 1 ref.xml.idx)" = "sne-rpls-index 1" ]
	[ "$(sed -n 2p ref.xml.idx)" = "reference $(stat -c '%s %.9Y %i %d' ref.xml)" ]
	[ "$(sed -n 4p ref.xml.idx)" = "01A0000001 $(grep -bo '<r:logement ' ref.xml | head -n 1 | cut -d: -f1)" ]
	# the index vouches for the order: no first reading, same bytes again
	cp ref.xml first.xml
	run --separate-stderr sne-rpls-load -v -d 2017-05-01 -i ref.xml "$LOTS/lot-utf8.csv"
	assert_success
	[[ "$stderr" != *"vérifié pendant la lecture"* ]]
	[[ "$stderr" == *"aucun nouveau logement, 2 déjà connus"* ]]
	cmp first.xml ref.xml
}

@test "l'ordre est gardé aussi sur la sortie standard, vérifié à la lecture sans index" {
	reference ref.xml
	run --separate-stderr sne-rpls-load -v --reference ref.xml "$LOTS/lot-utf8.csv"
	assert_success
	echo "$output" >out.xml
	[ "$(numbers out.xml)" = "01A0000001 2A00000001 50A0000001 97100000AB 99A0000001 " ]
	[[ "$stderr" == *"ordre des numéros RPLS vérifié pendant la lecture"* ]]
	[ ! -e ref.xml.idx ]
}

@test "un référentiel non trié se charge par numéro, les nouveaux logements à la fin, sans index (-v dit pourquoi)" {
	reference ref.xml
	printf '%s\n' "$HEADER" >vide.csv
	sne-rpls-load -q -i ref.xml vide.csv
	[ -s ref.xml.idx ]
	# a hand edit puts 50A before 01A: the index is stale and goes away
	reference ref.xml unsorted
	cp ref.xml unsorted.xml
	printf '%s\n60A0000001;01/01/2017;01053;;;;;2;40;;\n' "$HEADER" >lot.csv
	run --separate-stderr sne-rpls-load -v -d 2017-04-01 -i ref.xml lot.csv
	assert_success
	[[ "$stderr" == *"index « ref.xml.idx » périmé : le référentiel a changé depuis son écriture"* ]]
	[[ "$stderr" == *"référentiel non trié par numéro RPLS (logement 01A0000001) : les nouveaux logements suivants sont ajoutés à la fin"* ]]
	[[ "$stderr" == *"pas d'index : logements hors de l'ordre des numéros RPLS"* ]]
	[[ "$stderr" == *"1 nouveau logement, aucun déjà connu, aucun mis à jour"* ]]
	[ "$(numbers ref.xml)" = "50A0000001 01A0000001 99A0000001 60A0000001 " ]
	[ ! -e ref.xml.idx ]
	# a number written in order before the disorder shows: the batch's version stands
	cp unsorted.xml ref.xml
	printf '%s\n01A0000001;01/01/2010;01053;;;;;1;25;;\n2A00000001;01/01/2017;2A004;;;;;2;40;;\n' \
		"$HEADER" >lot.csv
	run --separate-stderr sne-rpls-load -d 2017-04-01 -i ref.xml lot.csv
	assert_success
	[[ "$stderr" == *"ref.xml:4: logement RPLS 01A0000001 hors de l'ordre des numéros : le référentiel n'est pas trié, le lot l'a déjà écrit à sa place"* ]]
	[[ "$stderr" == *"1 nouveau logement, aucun déjà connu, 1 mis à jour"* ]]
	[ "$(numbers ref.xml)" = "01A0000001 2A00000001 50A0000001 99A0000001 " ]
	[ "$(logement_field ref.xml 01A0000001 surface)" = "25" ]
}

@test "lot XML : les enregistrements rejetés vont dans --rejets, flux RPLS avec leur motif" {
	# an XML batch made from the CSV one: 4 of its 6 logements are wrong
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<r:logements xmlns:r="urn:sne:rpls:1">'
		echo '  <r:logement rpls="74A0001240"><r:commune>74010</r:commune><r:pieces>2</r:pieces><r:surface>40</r:surface><r:miseEnService>2017-01-10</r:miseEnService></r:logement>'
		echo '  <r:logement rpls="74a001"><r:commune>74010</r:commune><r:pieces>2</r:pieces><r:surface>40</r:surface><r:miseEnService>2017-01-10</r:miseEnService></r:logement>'
		echo '  <r:logement rpls="74A0001242"><r:commune>74010</r:commune><r:pieces>2</r:pieces><r:surface>quarante</r:surface><r:miseEnService>2017-01-10</r:miseEnService></r:logement>'
		echo '</r:logements>'
	} >lot.xml
	run --separate-stderr sne-rpls-load --reference absent.xml --rejets rejets.xml lot.xml
	assert_failure 1
	echo "$output" >ref.xml
	[ "$(count_records ref.xml logement)" -eq 1 ]
	[ "$(stat -c %a rejets.xml)" = 600 ]
	[ "$(count_records rejets.xml logement)" -eq 2 ]
	xmllint --noout rejets.xml
	[ "$(xpath rejets.xml "string(//*[local-name()='logement'][2]/@rpls)")" = 74A0001242 ]
	grep -q '<!-- refusée : surface « quarante » invalide' rejets.xml
	grep -q '<!-- refusée : numéro RPLS « 74A001 » invalide' rejets.xml
	# one --rejets file cannot hold both formats
	run --separate-stderr sne-rpls-load --reference absent.xml --rejets r.txt lot.xml "$LOTS/lot-rejets.csv"
	assert_failure 64
	[[ "$stderr" == *"--rejets : les lots mêlent CSV et XML"* ]]
}

@test "un numéro RPLS deux fois dans un lot : signalé ; deux contenus, les deux lignes rejetées ; un seul, gardé une fois" {
	printf '%s\n' "$HEADER" \
		'74A0000001;2017-01-01;74010;1;RUE;Royale;74000;1;20;PLUS;2000' \
		'74A0000002;2017-01-01;74010;1;RUE;Royale;74000;2;30;PLUS;2000' \
		'74A0000001;2017-01-01;74010;1;RUE;Royale;74000;1;25;PLUS;2000' \
		'74A0000002;2017-01-01;74010;1;RUE;Royale;74000;2;30;PLUS;2000' \
		'74A0000001;2017-01-01;74010;1;RUE;Royale;74000;1;20;PLUS;2000' >lot.csv
	run --separate-stderr sne-rpls-load --reference absent.xml --rejets rejets.csv lot.csv
	assert_failure 1
	echo "$output" >ref.xml
	[ "$(numbers ref.xml)" = "74A0000002 " ]
	[ "$(logement_field ref.xml 74A0000002 surface)" = 30 ]
	[[ "$stderr" == *"lot.csv:2: ligne rejetée : numéro RPLS 74A0000001 en double dans le lot (lot.csv:4) avec un autre contenu : les deux lignes sont rejetées"* ]]
	[[ "$stderr" == *"lot.csv:4: ligne rejetée : numéro RPLS 74A0000001 en double dans le lot (lot.csv:2)"* ]]
	[[ "$stderr" == *"lot.csv:6: ligne rejetée : numéro RPLS 74A0000001 déjà rejeté en double (lot.csv:2)"* ]]
	[[ "$stderr" == *"lot.csv:5: numéro RPLS 74A0000002 déjà lu (lot.csv:3), même contenu : gardé une fois"* ]]
	[[ "$stderr" == *"5 lignes lues, 1 nouveau logement, aucun déjà connu, aucun mis à jour, aucun exclu, 3 rejetées"* ]]
	[[ "$stderr" == *"1 ligne en double, de même contenu, gardée une fois"* ]]
	[ "$(grep -c '^74A0000001;' rejets.csv)" -eq 3 ]
	grep -q '^74A0000001;.*;25;PLUS;2000;"numéro RPLS 74A0000001 en double' rejets.csv
}

@test "-g et --progress refusés (64), -v nomme chaque logement nouveau" {
	run --separate-stderr sne-rpls-load -g G0417 --reference absent.xml "$LOTS/lot-utf8.csv"
	assert_failure 64
	[[ "$stderr" == *"option --guichet : le référentiel RPLS n'inscrit aucun guichet"* ]]
	[ -z "$output" ]
	run --separate-stderr sne-rpls-load --progress --reference absent.xml "$LOTS/lot-utf8.csv"
	assert_failure 64
	[[ "$stderr" == *"option --progress"* ]]
	run --separate-stderr sne-rpls-load -v --reference absent.xml "$LOTS/lot-utf8.csv"
	assert_success
	[[ "$stderr" == *"logement RPLS 2A00000001 nouveau ("*"lot-utf8.csv:2)"* ]]
	[[ "$stderr" == *"logement RPLS 97100000AB nouveau ("*"lot-utf8.csv:3)"* ]]
	run --separate-stderr sne-rpls-load --reference absent.xml "$LOTS/lot-utf8.csv"
	[[ "$stderr" != *"nouveau ("* ]]
}

@test "premier chargement sans index : le référentiel n'est lu qu'une fois (tube nommé)" {
	reference ref.xml
	mkfifo ref.fifo
	cat ref.xml >ref.fifo &
	run --separate-stderr timeout 10 sne-rpls-load -d 2017-04-01 --reference ref.fifo "$LOTS/lot-utf8.csv"
	assert_success
	echo "$output" >out.xml
	[ "$(numbers out.xml)" = "01A0000001 2A00000001 50A0000001 97100000AB 99A0000001 " ]
}

@test "un référentiel changé derrière un index concordant est refusé (65) quand l'ordre compte, et reste inchangé" {
	local mtime
	reference ref.xml
	printf '%s\n' "$HEADER" >vide.csv
	sne-rpls-load -q -i ref.xml vide.csv
	mtime=$(stat -c %.9Y ref.xml)
	# same bytes but two logements swapped, in the same file, same date
	reference swapped.xml unsorted
	cat swapped.xml >ref.xml
	touch -d "@$mtime" ref.xml
	[ "$(sed -n 2p ref.xml.idx)" = "reference $(stat -c '%s %.9Y %i %d' ref.xml)" ]
	printf '%s\n01A0000001;01/01/2010;01053;;;;;1;25;;\n' "$HEADER" >lot.csv
	run --separate-stderr sne-rpls-load -d 2017-04-01 -i ref.xml lot.csv
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"ref.xml:4: logement RPLS 01A0000001 hors de l'ordre des numéros d'un référentiel vérifié trié"* ]]
	cmp swapped.xml ref.xml
}

# sne-attrib -v on reference $1 for dwelling $2: 0 when it knows the number.
attrib_knows() {
	printf 'profil: bailleur\n' >bailleur.yaml
	sne-attrib -c bailleur.yaml -v -d 2017-05-10 -n 0740317000123G0417 --rpls "$2" \
		--bailleur HSH --date-bail 2017-05-02 --reference "$1" \
		"$FIXTURES/sne-attrib/registre.xml" >/dev/null 2>attrib.err
}

@test "un arrêt brutal (kill) entre les renommages de l'index et du référentiel laisse un index périmé, ignoré" {
	local n new="" i pid took start
	GEN_PATH=$(generator)
	gen --rpls 40000 -o ref.xml
	gen --lot-rpls 2000 --taille-reference 40000 -o lot.csv
	printf '%s\n' "$HEADER" >vide.csv
	sne-rpls-load -q -i ref.xml vide.csv
	cp ref.xml old.xml
	cp ref.xml.idx old.idx
	start=$(date +%s%N)
	sne-rpls-load -q -d 2026-03-16 -i ref.xml lot.csv || [ $? -eq 1 ]
	took=$((($(date +%s%N) - start) / 1000))
	# a dwelling the batch brings
	for n in $(sed 1d lot.csv | cut -d';' -f1 | head -n 40); do
		if ! grep -q "rpls=\"$n\"" old.xml && grep -q "rpls=\"$n\"" ref.xml; then
			new=$n
			break
		fi
	done
	[ -n "$new" ]
	cp ref.xml new.xml
	cp ref.xml.idx new.idx
	# killed after the rename of the index, before that of the reference:
	# the new index names the temporary file, not the old reference
	cp old.xml ref.xml
	run attrib_knows ref.xml "$new"
	[ "$status" -eq 1 ]
	grep -q "index « ref.xml.idx » périmé" attrib.err
	# the other order (new reference, former index): stale as well
	cp new.xml ref.xml
	cp old.idx ref.xml.idx
	run attrib_knows ref.xml "$new"
	[ "$status" -eq 0 ]
	grep -q "index « ref.xml.idx » périmé" attrib.err
	# killed at random moments: whatever is left, sne-attrib answers from
	# the reference as it is, and the next load indexes it again
	for i in 1 2 3 4 5 6; do
		cp old.xml ref.xml
		cp old.idx ref.xml.idx
		sne-rpls-load -q -d 2026-03-16 -i ref.xml lot.csv 2>/dev/null &
		pid=$!
		sleep "$(printf '0.%06d' $((took * (i * 100 + RANDOM % 100) / 700)))"
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		if grep -q "rpls=\"$new\"" ref.xml; then
			cmp ref.xml new.xml
			attrib_knows ref.xml "$new"
		else
			cmp ref.xml old.xml
			run attrib_knows ref.xml "$new"
			[ "$status" -eq 1 ]
		fi
	done
	sne-rpls-load -q -d 2026-03-16 -i ref.xml lot.csv || [ $? -eq 1 ]
	cmp ref.xml new.xml
	attrib_knows ref.xml "$new"
	grep -q "index « ref.xml.idx » utilisé" attrib.err
}
