#!/usr/bin/env bats
# Several inputs make one stream: records of later files keep the namespace
# declarations of their own root, the first root closes the stream; and
# sne-create -i REGISTRE FILES adds new demandes to a register in place.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
	cp "$FIXTURES/sne-renew/registre.xml" a.xml
	# the same register with another prefix, then with a default namespace
	sed -e 's/ns1:/x:/g; s/xmlns:ns1=/xmlns:x=/' a.xml >b.xml
	sed -e 's/ns1://g; s/xmlns:ns1=/xmlns=/' a.xml >c.xml
}

@test "trois fichiers à trois préfixes font un seul flux bien formé de toutes les demandes" {
	run --separate-stderr sne-validate --check a.xml b.xml c.xml
	n=$(count_records a.xml demande)
	run --separate-stderr sne-renew -q -d 2018-01-20 a.xml b.xml c.xml
	[ "$status" -le 1 ]
	printf '%s\n' "$output" >abc.xml
	xmllint --noout abc.xml
	[ "$(count_records abc.xml demande)" -eq $((3 * n)) ]
	# one prolog and one root: the first file's
	[ "$(grep -c '<?xml' abc.xml)" -eq 1 ]
	[ "$(grep -c 'interfaceNuu ' abc.xml)" -eq 1 ]
	[ "$(tail -n 1 abc.xml)" = "</ns1:interfaceNuu>" ]
	# records of a.xml repeat nothing; those of b.xml and c.xml carry their root's binding
	[ "$(grep -c '<ns1:demande xmlns' abc.xml)" -eq 0 ]
	[ "$(grep -c '<x:demande xmlns:x="http://nuu.application.i2/"' abc.xml)" -eq "$n" ]
	[ "$(grep -c '<demande xmlns="http://nuu.application.i2/"' abc.xml)" -eq "$n" ]
}

@test "un fichier qui continue avec le même préfixe et la même URI n'ajoute aucune déclaration" {
	cp a.xml d.xml
	run --separate-stderr sne-renew -q -d 2018-01-20 a.xml d.xml
	printf '%s\n' "$output" >ad.xml
	xmllint --noout ad.xml
	[ "$(grep -c 'xmlns:ns1=' ad.xml)" -eq 1 ]
}

@test "sne-create -i REGISTRE FICHIER ajoute en place les nouvelles demandes au registre" {
	sne-create -q -g G0417 -d 2017-03-05 "$SHARE/exemples/demandes.xml" >registre.xml
	cp registre.xml avant.xml
	before=$(count_records registre.xml demande)
	run --separate-stderr sne-create -g G0417 -d 2017-03-25 -i registre.xml \
		"$FIXTURES/interfaceNuu-creation.xml"
	assert_success
	[ -z "$output" ]
	[[ "$stderr" == *"1 demande créée"* ]]
	xmllint --noout registre.xml
	[ "$(count_records registre.xml demande)" -eq $((before + 1)) ]
	[ "$(stat -c %a registre.xml)" = 600 ]
	# the register's records are untouched, byte for byte, before the new one
	head -c "$(($(stat -c %s avant.xml) - 25))" avant.xml >avant.debut
	head -c "$(($(stat -c %s avant.xml) - 25))" registre.xml >apres.debut
	cmp avant.debut apres.debut
	[[ "$(xpath registre.xml "string((//*[local-name()='demande'])[last()]//*[local-name()='numUnique'])")" =~ ^1110317[0-9]{6}G0417$ ]]
}

@test "les autres programmes refusent toujours -i avec des fichiers d'entrée (64)" {
	run --separate-stderr sne-renew -d 2018-01-20 -i a.xml b.xml
	assert_failure 64
	[[ "$stderr" == *"ne donnez pas d'autre fichier"* ]]
}
