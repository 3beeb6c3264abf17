#!/usr/bin/env bats
# -v names what each program did (numéros, envois, radiations), -q says
# nothing; neither touches standard output.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
}

@test "sne-create -v nomme chaque numéro attribué ; sans -v, le bilan seulement" {
	run --separate-stderr sne-create -v -g G0417 -d 2017-03-05 "$SHARE/exemples/demandes.xml"
	assert_success
	first=$(printf '%s\n' "$output" | xmllint --xpath "string((//*[local-name()='numUnique'])[1])" -)
	[[ "$stderr" == *"demande n°1 enregistrée : numéro unique $first"* ]]
	run --separate-stderr sne-create -g G0417 -d 2017-03-05 "$SHARE/exemples/demandes.xml"
	[[ "$stderr" != *"enregistrée : numéro unique"* ]]
	run --separate-stderr sne-create -q -g G0417 -d 2017-03-05 "$SHARE/exemples/demandes.xml"
	assert_success
	[ -z "$stderr" ]
}

@test "sne-attrib -v nomme la demande radiée et son numéro RPLS" {
	att="$FIXTURES/sne-attrib"
	config <<YAML
profil: bailleur
rpls: $att/rpls.xml
YAML
	run --separate-stderr sne-attrib -v -d 2017-05-10 -n 0740317000123G0417 --rpls 74A0001234 \
		--bailleur "Bailleur" --date-bail 2017-05-02 "$att/registre.xml"
	assert_success
	[[ "$stderr" == *"demande 0740317000123G0417 radiée pour attribution (RPLS 74A0001234)"* ]]
}

@test "sne-notice -v nomme chaque envoi avec son type et son canal" {
	run --separate-stderr sne-notice -d 2018-02-05 "$SHARE/exemples/registre.xml"
	plain="$stderr"
	run --separate-stderr sne-notice -v -d 2018-02-05 "$SHARE/exemples/registre.xml"
	[ "$status" -le 1 ]
	n=$(printf '%s\n' "$output" | xmllint --xpath "count(//*[local-name()='envoi'])" -)
	[ "$n" -gt 0 ]
	[ "$(grep -c ' : .* par \(sms\|courriel\|courrier\)$' <<<"$stderr")" -eq "$n" ]
	[[ "$plain" != *" par sms"* && "$plain" != *" par courriel"* ]]
}

@test "sne-validate --check -v nomme chaque demande conforme" {
	run --separate-stderr sne-validate --check -v "$SHARE/exemples/registre.xml"
	assert_success
	[ -z "$output" ]
	n=$(xmllint --xpath "count(//*[local-name()='demande'])" "$SHARE/exemples/registre.xml")
	[ "$(grep -c ' : conforme$' <<<"$stderr")" -eq "$n" ]
	run --separate-stderr sne-validate --check "$SHARE/exemples/registre.xml"
	[[ "$stderr" != *"conforme"* ]]
}

@test "--progress sur un terminal compte les demandes avec débit et pourcentage ; rien quand la sortie d'erreur n'est pas un terminal" {
	# a larger register: the renew fixture, many times over
	{
		sed -n '1,/<ns1:entete>/p' "$FIXTURES/sne-renew/registre.xml" | grep -v '<ns1:entete>'
		for _ in $(seq 400); do
			sed -n '/<ns1:demande>/,/<\/ns1:demande>/p' "$FIXTURES/sne-renew/registre.xml"
		done
		echo '</ns1:interfaceNuu>'
	} >gros.xml
	n=$(count_records gros.xml demande)
	# script(1) gives the program a terminal and records what it shows there
	script -qec "sne-renew --progress -q -d 2018-01-20 gros.xml >sortie.xml" journal.txt >/dev/null || true
	tr '\r' '\n' <journal.txt >lignes.txt
	grep -q "sne-renew: $n demandes, [0-9]*/s, 100 %, reste 0 s" lignes.txt
	# the output is the same stream as without --progress
	sne-renew -q -d 2018-01-20 gros.xml >attendu.xml 2>/dev/null || true
	cmp sortie.xml attendu.xml
	run --separate-stderr sne-renew --progress -q -d 2018-01-20 gros.xml
	[[ "$stderr" != *"demandes, "* ]]
}
