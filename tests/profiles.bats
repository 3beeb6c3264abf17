#!/usr/bin/env bats
# Profiles: only a bailleur radiates for attribution, only a gestionnaire
# uses the support fixes (--force); guichet is the default.  A refusal is
# exit 77 with a message naming the profile needed, before anything is read
# or written.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
	ATT="$FIXTURES/sne-attrib"
	REG="$FIXTURES/sne-renew/registre.xml"
}

# profile PROFIL: the configuration of the test says PROFIL ("" = no key).
profile() {
	if [ -n "$1" ]; then printf 'profil: %s\nrpls: %s\n' "$1" "$ATT/rpls.xml" >"$SNE_CONFIG"
	else printf 'rpls: %s\n' "$ATT/rpls.xml" >"$SNE_CONFIG"; fi
}

attrib() {
	sne-attrib -d 2017-05-10 -n 0740317000123G0417 --rpls 74A0001234 --bailleur HSH \
		--date-bail 2017-05-02 "$@"
}

force() {
	sne-renew -n 0740317000123G0417 --force --motif "erreur de saisie" -d 2017-06-01 "$@"
}

@test "sne-attrib : refusé (77) aux profils guichet, gestionnaire et par défaut ; permis au bailleur" {
	for p in guichet gestionnaire ""; do
		profile "$p"
		cp "$ATT/registre.xml" reg.xml
		run --separate-stderr attrib -i reg.xml
		[ "$status" -eq 77 ] || fail "profil « $p » : code $status"
		[[ "$stderr" == *"ne peut pas"*"il faut le profil « bailleur »"* ]] || fail "$stderr"
		cmp reg.xml "$ATT/registre.xml"
		[ ! -e reg.xml.lock ]
	done
	profile bailleur
	run --separate-stderr attrib "$ATT/registre.xml"
	assert_success
}

@test "sne-renew --force : refusé (77) aux profils guichet, bailleur et par défaut ; permis au gestionnaire" {
	for p in guichet bailleur ""; do
		profile "$p"
		run --separate-stderr force "$REG"
		[ "$status" -eq 77 ] || fail "profil « $p » : code $status"
		[[ "$stderr" == *"il faut le profil « gestionnaire »"* ]] || fail "$stderr"
		[ -z "$output" ]
	done
	profile gestionnaire
	run --separate-stderr force "$REG"
	assert_success
}

@test "un profil donné par -c l'emporte sur \$SNE_CONFIG ; un profil inconnu est une erreur de configuration (78)" {
	profile guichet
	printf 'profil: bailleur\n' >bailleur.yaml
	run --separate-stderr attrib -c bailleur.yaml --reference "$ATT/rpls.xml" "$ATT/registre.xml"
	assert_success
	printf 'profil: administrateur\n' >faux.yaml
	run --separate-stderr attrib -c faux.yaml "$ATT/registre.xml"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"faux.yaml:1:"* ]]
}

@test "tout profil peut enregistrer, renouveler, valider et envoyer les préavis (jamais 77)" {
	for p in guichet bailleur gestionnaire; do
		profile "$p"
		run --separate-stderr sne-renew -q -d 2018-01-20 -n 0740317000123G0417 "$REG"
		[ "$status" -ne 77 ] || fail "sne-renew refusé au profil $p"
		run --separate-stderr sne-create -q -g G0417 -d 2017-03-05 "$SHARE/exemples/demandes.xml"
		[ "$status" -ne 77 ] || fail "sne-create refusé au profil $p"
		run --separate-stderr sne-validate -q --check "$SHARE/exemples/registre.xml"
		[ "$status" -ne 77 ] || fail "sne-validate refusé au profil $p"
	done
}
