#!/usr/bin/env bats
# -v names what each program did (numéros, envois, radiations), -q says
# nothing; neither touches standard output.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
}

@test "sne-create -v names each numéro attributed; without -v only the summary" {
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

@test "sne-attrib -v names the demande radiated and its RPLS number" {
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

@test "sne-notice -v names each envoi with its type and canal" {
	run --separate-stderr sne-notice -d 2018-02-05 "$SHARE/exemples/registre.xml"
	plain="$stderr"
	run --separate-stderr sne-notice -v -d 2018-02-05 "$SHARE/exemples/registre.xml"
	[ "$status" -le 1 ]
	n=$(printf '%s\n' "$output" | xmllint --xpath "count(//*[local-name()='envoi'])" -)
	[ "$n" -gt 0 ]
	[ "$(grep -c ' : .* par \(sms\|courriel\|courrier\)$' <<<"$stderr")" -eq "$n" ]
	[[ "$plain" != *" par sms"* && "$plain" != *" par courriel"* ]]
}

@test "sne-validate --check -v names each conforming demande" {
	run --separate-stderr sne-validate --check -v "$SHARE/exemples/registre.xml"
	assert_success
	[ -z "$output" ]
	n=$(xmllint --xpath "count(//*[local-name()='demande'])" "$SHARE/exemples/registre.xml")
	[ "$(grep -c ' : conforme$' <<<"$stderr")" -eq "$n" ]
	run --separate-stderr sne-validate --check "$SHARE/exemples/registre.xml"
	[[ "$stderr" != *"conforme"* ]]
}
