#!/usr/bin/env bats
# sne-rpls-load: RPLS batches (CSV ; or , in Latin-1 or UTF-8, gzip or not,
# or XML) merged into the reference, with cut-off date, idempotence and
# rejected rows reported with their line numbers.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
	LOTS="$FIXTURES/sne-rpls-load"
}

# Text of the element NAME of the logement RPLS in FILE.
logement_field() {
	xpath "$1" "string(//*[local-name()='logement'][@rpls='$2']/*[local-name()='$3'])"
}

@test "a Latin-1 batch with ';' becomes UTF-8 logements, quoted fields kept whole" {
	run --separate-stderr sne-rpls-load --reference absent.xml -d 2017-04-01 "$LOTS/lot-latin1.csv"
	assert_success
	echo "$output" >ref.xml
	[ "$(count_records ref.xml logement)" -eq 3 ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='74A0001235']//*[local-name()='voie'])")" = "de l'Église; côté \"nord\"" ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='74A0001236']//*[local-name()='voie'])")" = "Chemin des Prés" ]
	[ "$(logement_field ref.xml 74A0001234 surface)" = "65.5" ]
	[ "$(logement_field ref.xml 74A0001234 miseEnService)" = "2017-01-15" ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='74A0001234']/*[local-name()='lot']/@date)")" = "2017-04-01" ]
	[[ "$stderr" == *"3 lignes lues, 3 nouveaux logements, 0 déjà connus"* ]]
}

@test "a gzip UTF-8 batch with ',' is read, Corse and overseas communes accepted" {
	run --separate-stderr sne-rpls-load --reference absent.xml "$LOTS/lot-utf8.csv.gz"
	assert_success
	echo "$output" >ref.xml
	[ "$(count_records ref.xml logement)" -eq 2 ]
	[ "$(logement_field ref.xml 2A00000001 commune)" = "2A004" ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='2A00000001']//*[local-name()='voie'])")" = "Pascal Paoli, résidence Été" ]
	[ "$(logement_field ref.xml 97100000AB surface)" = "95.5" ]
}

@test "the output is valid against share/xsd/rpls.xsd" {
	sne-rpls-load --reference absent.xml "$LOTS/lot-latin1.csv" "$LOTS/lot-utf8.csv.gz" >ref.xml
	run xmllint --noout --schema "$SHARE/xsd/rpls.xsd" ref.xml
	assert_success
}

@test "--jusqu-au excludes the registrations after the cut-off date, not the one on it" {
	run --separate-stderr sne-rpls-load --reference absent.xml --jusqu-au 20/02/2017 "$LOTS/lot-latin1.csv"
	assert_success
	echo "$output" >ref.xml
	[ "$(count_records ref.xml logement)" -eq 2 ]
	[ "$(logement_field ref.xml 74A0001235 miseEnService)" = "2017-02-20" ]
	[ -z "$(logement_field ref.xml 74A0001236 commune)" ]
	[[ "$stderr" == *"2 nouveaux logements"*"1 exclus"* ]]
}

@test "-i creates the reference, a second load of the same batch is byte-identical with 0 new" {
	run --separate-stderr sne-rpls-load -i ref.xml.gz -d 2017-04-01 "$LOTS/lot-latin1.csv"
	assert_success
	[ "$(stat -c %a ref.xml.gz)" = "600" ]
	cp ref.xml.gz first.xml.gz
	run --separate-stderr sne-rpls-load -i ref.xml.gz -d 2017-05-01 "$LOTS/lot-latin1.csv"
	assert_success
	[[ "$stderr" == *"3 lignes lues, 0 nouveaux logements, 3 déjà connus, 0 mis à jour"* ]]
	cmp first.xml.gz ref.xml.gz
}

@test "a known number with changed content is updated in place and reported" {
	sne-rpls-load -i ref.xml -d 2017-04-01 "$LOTS/lot-latin1.csv" 2>/dev/null
	sed 's/74A0001234;15\/01\/2017;74010;12;RUE;des Lilas;74000;3;65,5/74A0001234;15\/01\/2017;74010;12;RUE;des Lilas;74000;3;66/' \
		"$LOTS/lot-latin1.csv" >lot2.csv
	run --separate-stderr sne-rpls-load -i ref.xml -d 2017-05-01 --lot lot-2 lot2.csv
	assert_success
	[[ "$stderr" == *"logement RPLS 74A0001234 mis à jour"* ]]
	[[ "$stderr" == *"0 nouveaux logements, 2 déjà connus, 1 mis à jour"* ]]
	[ "$(count_records ref.xml logement)" -eq 3 ]
	[ "$(logement_field ref.xml 74A0001234 surface)" = "66" ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='74A0001234']/*[local-name()='lot']/@id)")" = "lot-2" ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='74A0001235']/*[local-name()='lot']/@id)")" = "lot-latin1.csv" ]
}

@test "untouched logements of the reference are copied byte for byte, new ones appended" {
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

@test "rejected rows are reported with their line and reason, written to --rejets (0600), exit 1" {
	run --separate-stderr sne-rpls-load --reference absent.xml --rejets rejets.csv "$LOTS/lot-rejets.csv"
	[ "$status" -eq 1 ]
	echo "$output" >ref.xml
	[ "$(count_records ref.xml logement)" -eq 2 ]
	[[ "$stderr" == *"lot-rejets.csv:3: ligne rejetée : numéro RPLS « 74A001 » invalide"* ]]
	[[ "$stderr" == *"lot-rejets.csv:4: ligne rejetée : code commune « 74000 »"* ]]
	[[ "$stderr" == *"lot-rejets.csv:5: ligne rejetée : surface « quarante » invalide"* ]]
	[[ "$stderr" == *"lot-rejets.csv:6: ligne rejetée : date d'immatriculation « 31/02/2017 » invalide"* ]]
	[[ "$stderr" == *"6 lignes lues, 2 nouveaux logements, 0 déjà connus, 0 mis à jour, 0 exclus, 4 rejetées"* ]]
	[ "$(stat -c %a rejets.csv)" = "600" ]
	[ "$(wc -l <rejets.csv)" -eq 5 ]
	head -n 1 rejets.csv | grep -q ';MOTIF_REJET$'
	grep -q '^74A0001242;.*;quarante;PLUS;2000;surface « quarante » invalide' rejets.csv
}

@test "a row longer than 64 KiB is rejected, the next row still loads" {
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

@test "CRLF, a quoted line break, a short row; --colonne maps a renamed column" {
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

@test "an RPLS XML stream is accepted as a batch" {
	sne-rpls-load --reference absent.xml "$LOTS/lot-utf8.csv" >lot.xml
	run --separate-stderr sne-rpls-load --reference absent.xml --lot xml lot.xml
	assert_success
	echo "$output" >ref.xml
	[ "$(count_records ref.xml logement)" -eq 2 ]
	[ "$(xpath ref.xml "string(//*[local-name()='logement'][@rpls='97100000AB']/*[local-name()='lot']/@id)")" = "xml" ]
}

@test "the configured rpls path is the default reference; none at all is a usage error" {
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
	[[ "$stderr" == *"0 nouveaux logements, 2 déjà connus"* ]]
}

@test "a missing batch file exits 66 and writes nothing" {
	run --separate-stderr sne-rpls-load --reference absent.xml nope.csv
	[ "$status" -eq 66 ]
	[ -z "$output" ]
}

@test "a full disk on stdout exits 74" {
	run bash -c 'sne-rpls-load --reference absent.xml "$1" >/dev/full' _ "$LOTS/lot-utf8.csv"
	[ "$status" -eq 74 ]
}
