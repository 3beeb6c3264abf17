#!/usr/bin/env bats
# sne-attrib: radiation RADATT with a known or unknown RPLS number, every
# refusal with its reason, a batch file mixing good and bad lines, and the
# bailleur profile.

bats_require_minimum_version 1.5.0
load test_helper/common
load test_helper/registre
load test_helper/generator

setup() {
	common_setup
	ATT="$FIXTURES/sne-attrib"
	config <<YAML
profil: bailleur
guichet: B0001
rpls: $ATT/rpls.xml
YAML
}

# XPath over the demande NU of FILE.
demande() {
	xpath "$1" "string(//*[local-name()='demande'][.//*[local-name()='numUnique']='$2']$3)"
}

@test "un numéro RPLS connu radie RADATT avec l'attribution et un événement" {
	deux_registres sne-attrib -d 2017-05-10 -n 0740317000123G0417 --rpls 74a0001234 \
		--bailleur "Haute-Savoie Habitat" --date-bail 02/05/2017 --date-cal 2017-04-25 \
		--contingent COLTER --accord-collectif AUCUN --dalo NON "$ATT/registre.xml"
	assert_success
	echo "$output" >out.xml
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='etat']")" = "radiee" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='radiation']/@motif")" = "RADATT" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='radiation']/@date")" = "2017-05-02" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='attribution']/@date-cal")" = "2017-04-25" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='attribution']/@contingent")" = "COLTER" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='attribution']/@dalo")" = "NON" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='logement']/@rpls")" = "74A0001234" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='logement']/@surface")" = "" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='evenement'][@type='radiation']/@date")" = "2017-05-10" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='modification']/@guichet")" = "B0001" ]
	# the other demandes are untouched, byte for byte
	[ "$(demande out.xml 0740317000124G0417 "//*[local-name()='etat']")" = "active" ]
	diff <(sed -n '/0740317000124G0417/,$p' "$ATT/registre.xml") <(sed -n '/0740317000124G0417/,$p' out.xml)
}

@test "un numéro RPLS inconnu avec tous ses champs écrit le logement entier" {
	deux_registres sne-attrib -d 2017-05-10 -n 0740317000123G0417 --rpls 74B0009999 \
		--bailleur HSH --date-bail 2017-05-02 --adresse "3 rue du Lac" --commune 74010 \
		--type T3 --surface 65,5 --loyer 412.30 --qpv ZUSNON "$ATT/registre.xml"
	assert_success
	echo "$output" >out.xml
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='logement']/@rpls")" = "74B0009999" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='logement']/@adresse")" = "3 rue du Lac" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='logement']/@type")" = "T3" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='logement']/@surface")" = "65.5" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='logement']/@loyer")" = "412.30" ]
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='logement']/@qpv")" = "ZUSNON" ]
}

@test "un numéro RPLS inconnu auquel manquent deux champs : ces deux-là exactement nommés, demande inchangée" {
	deux_registres sne-attrib -d 2017-05-10 -n 0740317000123G0417 --rpls 74A0001299 \
		--bailleur HSH --date-bail 2017-05-02 --adresse "3 rue du Lac" --commune 74010 \
		--type T3 --qpv ZUSNON "$ATT/registre.xml"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"registre.xml:4: demande 0740317000123G0417 : numéro RPLS 74A0001299 inconnu du registre RPLS ; renseignez --surface et --loyer"* ]]
	diff <(echo "$output") "$ATT/registre.xml"
}

@test "refus : demande non active, bail antérieur au dépôt, bail dans le futur, numéro inconnu" {
	deux_registres sne-attrib -d 2017-05-10 -n 0740317000125G0417 --rpls 74A0001234 \
		--bailleur HSH --date-bail 2017-05-02 "$ATT/registre.xml"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"demande 0740317000125G0417 : demande à l'état « radiee »"* ]]
	deux_registres sne-attrib -d 2017-05-10 -n 0740417000126G0417 --rpls 74A0001234 \
		--bailleur HSH --date-bail 2017-04-19 "$ATT/registre.xml"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"date de bail du 19 avril 2017 antérieure à la date de dépôt du 20 avril 2017"* ]]
	deux_registres sne-attrib -d 2017-05-10 -n 0740417000126G0417 --rpls 74A0001234 \
		--bailleur HSH --date-bail 2017-04-20 "$ATT/registre.xml"
	assert_success
	deux_registres sne-attrib -d 2017-05-10 -n 0740317000123G0417 --rpls 74A0001234 \
		--bailleur HSH --date-bail 2017-05-11 "$ATT/registre.xml"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"date de bail du 11 mai 2017 dans le futur"* ]]
	deux_registres sne-attrib -d 2017-05-10 -n 0740317000123G0417 --rpls 74A0001234 \
		--bailleur HSH --date-bail 2017-05-10 "$ATT/registre.xml"
	assert_success
	deux_registres sne-attrib -d 2017-05-10 -n 0740317000999G0417 --rpls 74A0001234 \
		--bailleur HSH --date-bail 2017-05-02 "$ATT/registre.xml"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"demande 0740317000999G0417 : introuvable dans le registre"* ]]
	diff <(echo "$output") "$ATT/registre.xml"
}

@test "un fichier de lot : les bonnes lignes appliquées, les mauvaises signalées avec leur ligne, code 1" {
	deux_registres sne-attrib -d 2017-05-10 --attributions "$ATT/attributions.csv" "$ATT/registre.xml"
	[ "$status" -eq 1 ]
	echo "$output" >out.xml
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='etat']")" = "radiee" ]
	[ "$(demande out.xml 0740317000124G0417 "//*[local-name()='etat']")" = "radiee" ]
	[ "$(demande out.xml 0740317000124G0417 "//*[local-name()='logement']/@adresse")" = "3 rue du Lac; bât. B" ]
	[ "$(demande out.xml 0740417000126G0417 "//*[local-name()='etat']")" = "active" ]
	[ "$(demande out.xml 0740317000127G0417 "//*[local-name()='etat']")" = "active" ]
	[[ "$stderr" == *"attributions.csv:4: demande 0740317000125G0417 : demande à l'état « radiee »"* ]]
	[[ "$stderr" == *"attributions.csv:5: demande 0740417000126G0417 : date de bail du 10 avril 2017 antérieure"* ]]
	[[ "$stderr" == *"attributions.csv:6: attribution refusée : contingent « XXX » invalide"* ]]
	[[ "$stderr" == *"attributions.csv:7: demande 0740317000999G0417 : introuvable dans le registre"* ]]
	[[ "$stderr" == *"2 demandes radiées pour attribution, 4 attributions refusées"* ]]
}

@test "-i réécrit le registre en place" {
	cp "$ATT/registre.xml" reg.xml
	deux_registres sne-attrib -d 2017-05-10 -i reg.xml -n 0740317000123G0417 \
		--rpls 74A0001234 --bailleur HSH --date-bail 2017-05-02
	assert_success
	[ -z "$output" ]
	[ "$(demande reg.xml 0740317000123G0417 "//*[local-name()='etat']")" = "radiee" ]
	[ "$(stat -c %a reg.xml)" = "600" ]
}

@test "seul le profil bailleur radie pour attribution (77)" {
	config <<YAML
profil: guichet
YAML
	deux_registres sne-attrib -d 2017-05-10 -n 0740317000123G0417 --rpls 74A0001234 \
		--bailleur HSH --date-bail 2017-05-02 "$ATT/registre.xml"
	[ "$status" -eq 77 ]
	[[ "$stderr" == *"il faut le profil « bailleur »"* ]]
	[ -z "$output" ]
}

@test "des valeurs d'option incorrectes sont des erreurs d'usage (64)" {
	deux_registres sne-attrib -n 0740317000123G0417 --rpls 74A0001234 --bailleur HSH \
		--date-bail 2017-05-02 --dalo PEUTETRE "$ATT/registre.xml"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"dalo « PEUTETRE » invalide"* ]]
	deux_registres sne-attrib -n 0740317000123G0417 --rpls 74A00012 --bailleur HSH \
		--date-bail 2017-05-02 "$ATT/registre.xml"
	[ "$status" -eq 64 ]
	deux_registres sne-attrib -n 0740317000123G0417 --bailleur HSH --date-bail 2017-05-02 \
		"$ATT/registre.xml"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"rpls manquant"* ]]
}

@test "le référentiel n'est lu que jusqu'à ce que chaque numéro RPLS demandé soit trouvé" {
	# the known number first, then a reference cut short: not read, not needed
	head -n 3 "$ATT/rpls.xml" >coupe.xml
	printf '  <r:logement rpls="74A00' >>coupe.xml
	deux_registres sne-attrib -d 2017-05-10 -n 0740317000123G0417 --rpls 74A0001234 \
		--bailleur HSH --date-bail 2017-05-02 --reference coupe.xml "$ATT/registre.xml"
	assert_success
	echo "$output" >out.xml
	[ "$(demande out.xml 0740317000123G0417 "//*[local-name()='logement']/@rpls")" = 74A0001234 ]
	# a number it does not know makes it read to the end, where the cut is found
	deux_registres sne-attrib -d 2017-05-10 -n 0740317000123G0417 --rpls 74A0009998 \
		--bailleur HSH --date-bail 2017-05-02 --reference coupe.xml "$ATT/registre.xml"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"coupe.xml"* ]]
}

# ------------------------------------------------------------------
# the index of the reference (REFERENCE.idx, written by sne-rpls-load -i)

# An indexed reference of 3000 generated logements (3 blocks) in rpls.xml;
# FIRST, MIDDLE and LAST are numbers of its first, second and last blocks.
indexed_reference() {
	GEN_PATH=$(generator)
	gen --rpls 3000 -o rpls.xml
	printf 'RPLS;DATIMMAT;DEPCOM;NUMVOIE;TYPVOIE;NOMVOIE;CODEPOSTAL;NBPIECE;SURFHAB;FINAN;CONSTRUCT\n' >vide.csv
	sne-rpls-load -q -i rpls.xml vide.csv
	[ -s rpls.xml.idx ]
	FIRST=$(grep -o 'rpls="[0-9A-Z]*"' rpls.xml | sed -n 1p | cut -d'"' -f2)
	MIDDLE=$(grep -o 'rpls="[0-9A-Z]*"' rpls.xml | sed -n 1500p | cut -d'"' -f2)
	LAST=$(grep -o 'rpls="[0-9A-Z]*"' rpls.xml | tail -n 1 | cut -d'"' -f2)
}

# Radiates demande 0740317000123G0417 for dwelling $1 of reference $2 (-v).
attribuer() {
	deux_registres sne-attrib -v -d 2017-05-10 -n 0740317000123G0417 --rpls "$1" \
		--bailleur HSH --date-bail 2017-05-02 --reference "$2" "$ATT/registre.xml"
}

@test "l'index sert : un seul bloc est lu, un logement corrompu ailleurs n'est jamais rencontré" {
	local mtime
	indexed_reference
	# the first logement broken in place, same size and date: the index
	# still matches the file, and the block of LAST does not hold it
	mtime=$(stat -c %.9Y rpls.xml)
	sed '0,/<\/r:commune>/s//<\/r:communX>/' rpls.xml >casse.xml
	cat casse.xml >rpls.xml
	touch -d "@$mtime" rpls.xml
	attribuer "$LAST" rpls.xml
	assert_success
	[[ "$stderr" == *"rpls.xml: index « rpls.xml.idx » utilisé : 1 bloc lu (de 1024 logements au plus)"* ]]
	[[ "$stderr" == *"radiée pour attribution (RPLS $LAST)"* ]]
	# a number of the same block that the reference does not hold
	attribuer "${LAST%?}$([ "${LAST: -1}" = Z ] && echo Y || echo Z)" rpls.xml
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"utilisé : 1 bloc lu"* ]]
	[[ "$stderr" == *"inconnu du registre RPLS"* ]]
	# before the first logement: nothing to read at all
	attribuer 0000000000 rpls.xml
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"utilisé : aucun bloc lu"* ]]
	# the broken block itself does not match its index: full reading, which
	# reports the broken logement
	attribuer "$FIRST" rpls.xml
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"le bloc 0 du référentiel ne correspond pas à l'index « rpls.xml.idx » ; lecture complète du référentiel"* ]]
	# without the index, the whole reference is read and the break is met
	rm rpls.xml.idx
	attribuer "$LAST" rpls.xml
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"pas d'index « rpls.xml.idx » ; lecture complète du référentiel"* ]]
	[[ "$stderr" == *"rpls.xml:4:"*"XML mal formé"* ]]
}

@test "un index périmé (modifié à la main) ou corrompu est ignoré : lecture complète, bonne réponse" {
	indexed_reference
	sed -i 's|<r:surface>[0-9.]*</r:surface>|<r:surface>50.0</r:surface>|' rpls.xml
	attribuer "$MIDDLE" rpls.xml
	assert_success
	[[ "$stderr" == *"index « rpls.xml.idx » périmé : le référentiel a changé depuis son écriture ; lecture complète du référentiel"* ]]
	[[ "$stderr" == *"radiée pour attribution (RPLS $MIDDLE)"* ]]
	sne-rpls-load -q -i rpls.xml vide.csv
	attribuer "$MIDDLE" rpls.xml
	assert_success
	[[ "$stderr" == *"utilisé : 1 bloc lu"* ]]
	# one digit changed in the index: its checksum no longer matches
	sed -i '4s/ \([0-9]*\)$/ 1\1/' rpls.xml.idx
	attribuer "$MIDDLE" rpls.xml
	assert_success
	[[ "$stderr" == *"index « rpls.xml.idx » illisible ou corrompu ; lecture complète du référentiel"* ]]
}

@test "un référentiel gzip n'est indexé que pour son ordre : sne-attrib le lit en entier" {
	indexed_reference
	gzip -c rpls.xml >rpls.xml.gz
	sne-rpls-load -q -i rpls.xml.gz vide.csv
	[ -s rpls.xml.gz.idx ]
	attribuer "$MIDDLE" rpls.xml.gz
	assert_success
	[[ "$stderr" == *"rpls.xml.gz: référentiel compressé (gzip) : pas d'accès direct ; lecture complète du référentiel"* ]]
	[[ "$stderr" == *"radiée pour attribution (RPLS $MIDDLE)"* ]]
}

@test "un référentiel non trié n'a pas d'index : sne-attrib le lit en entier" {
	{
		head -n 2 "$ATT/rpls.xml"
		sed -n 4p "$ATT/rpls.xml"
		sed -n 3p "$ATT/rpls.xml"
		tail -n 1 "$ATT/rpls.xml"
	} >desordre.xml
	printf 'RPLS;DATIMMAT;DEPCOM;NUMVOIE;TYPVOIE;NOMVOIE;CODEPOSTAL;NBPIECE;SURFHAB;FINAN;CONSTRUCT\n' >vide.csv
	run --separate-stderr sne-rpls-load -v -i desordre.xml vide.csv
	assert_success
	[[ "$stderr" == *"pas d'index : logements hors de l'ordre des numéros RPLS"* ]]
	[ ! -e desordre.xml.idx ]
	attribuer 74A0001234 desordre.xml
	assert_success
	[[ "$stderr" == *"pas d'index « desordre.xml.idx » ; lecture complète du référentiel"* ]]
}

@test "numéros répartis sur de nombreux blocs : une lecture complète coûte moins que les blocs" {
	indexed_reference
	{
		echo "numero;rpls;bailleur;date-bail"
		echo "0740317000123G0417;$FIRST;HSH;2017-05-02"
		echo "0740317000124G0417;$MIDDLE;HSH;2017-05-02"
		echo "0740417000126G0417;$LAST;HSH;2017-05-02"
	} >lot.csv
	deux_registres sne-attrib -v -d 2017-05-10 --attributions lot.csv --reference rpls.xml \
		"$ATT/registre.xml"
	[[ "$stderr" == *"rpls.xml: 3 blocs à lire : une lecture complète est plus rapide ; lecture complète du référentiel"* ]]
	[[ "$stderr" == *"radiée pour attribution (RPLS $FIRST)"* ]]
	[[ "$stderr" != *"inconnu du registre RPLS"* ]]
}
