#!/usr/bin/env bats
# Messages never carry personal data: refused renewals, refused
# attributions, bad records and ill-formed input over a register holding
# distinctive names, birth dates, addresses, contacts and incomes; none of
# them may appear on the error stream.

bats_require_minimum_version 1.5.0
load test_helper/common

REG_PRIVE="$FIXTURES/hostile/registre-prive.xml"
NU=0740317000123G0417        # active, anniversary 2018-03-05
NU_RADATT=0740316000078G0417 # radiated for attribution

# Every personal datum of the register (and of the variants built below).
PERSONAL=(
	Quetzalcoatlova Zéphyrine Zephyrine 1931-07-19 19/07/1931 0699887766 zephyrine.quetzal
	"Hortensias-Bleus" 98765 Wojciechowska Anastazja 1947-12-03 "Moulin-Englout" 54321
)

setup() {
	common_setup
	config <<-EOF
		guichet: G0417
		modeles: $SHARE/modeles
	EOF
}

# Fails, naming the datum, when stderr of the last run holds personal data;
# also requires that the run did say something (a refusal is explained).
no_personal_data() {
	local datum
	if [ -z "$stderr" ]; then
		echo "aucun message : la sortie en erreur devrait expliquer le refus" >&2
		return 1
	fi
	for datum in "${PERSONAL[@]}"; do
		if [[ $stderr == *"$datum"* ]]; then
			echo "donnée personnelle « $datum » dans les messages : $stderr" >&2
			return 1
		fi
	done
}

@test "renouvellement refusé (hors fenêtre) : aucune donnée personnelle dans les messages" {
	run --separate-stderr sne-renew -g G0417 -n "$NU" -d 2017-06-01 "$REG_PRIVE"
	assert_failure 1
	[[ $stderr == *"$NU"* ]] # the refusal names the numéro, and only that
	no_personal_data
}

@test "renouvellement d'une demande radiée RADATT refusé : aucune donnée personnelle" {
	run --separate-stderr sne-renew -g G0417 -n "$NU_RADATT" -d 2017-06-01 "$REG_PRIVE"
	assert_failure 1
	no_personal_data
}

@test "renouvellement d'un numéro absent du registre : aucune donnée personnelle" {
	run --separate-stderr sne-renew -g G0417 -n 0740317000999G0417 -d 2018-02-01 "$REG_PRIVE"
	assert_failure 1
	no_personal_data
}

@test "--expirer : le bilan ne nomme personne" {
	run --separate-stderr sne-renew -g G0417 --expirer -d 2019-01-01 "$REG_PRIVE"
	assert_success
	no_personal_data
}

@test "attribution refusée (demande déjà radiée, RPLS inconnu) : aucune donnée personnelle" {
	printf 'guichet: G0417\nprofil: bailleur\n' >bailleur.yaml
	echo '<r:logements xmlns:r="urn:sne:rpls:1"/>' >ref.xml
	run --separate-stderr sne-attrib -c bailleur.yaml -d 2018-01-10 -n "$NU_RADATT" \
		--rpls 74A0001234 --bailleur Habitat74 --date-bail 2018-01-05 --reference ref.xml "$REG_PRIVE"
	assert_failure
	[ "$status" -ne 70 ]
	no_personal_data
}

@test "sne-validate --check d'une demande invalide : les erreurs nomment le champ, pas la valeur" {
	sed -e 's|<ns1:dateNaissance>1931-07-19|<ns1:dateNaissance>1931-19-07|' \
		-e 's|<ns1:codePostal>74000|<ns1:codePostal>Hortensias-Bleus|' \
		-e 's|<ns1:commune code="74010"/></ns1:adressePostale>|<ns1:commune code="Quetzalcoatlova"/></ns1:adressePostale>|' \
		"$REG_PRIVE" >invalide.xml
	run --separate-stderr sne-validate --check invalide.xml
	assert_failure
	[ "$status" -ne 70 ]
	# the wrong birth date as typed, and its parts
	PERSONAL+=(1931-19-07)
	no_personal_data
}

@test "XML mal formé au milieu d'un nom : le message ne cite pas le contenu" {
	sed -e 's|<ns1:nom>Quetzalcoatlova</ns1:nom>|<ns1:nom>Quetzalcoatlova</ns1:prenom>|' "$REG_PRIVE" >casse.xml
	run --separate-stderr sne-renew -g G0417 --expirer -d 2019-01-01 casse.xml
	assert_failure 65
	no_personal_data
}

@test "UTF-8 invalide dans un prénom : le message ne cite pas les octets" {
	sed -e "s|Zéphyrine|Z$(printf '\xe9')phyrine|" "$REG_PRIVE" >latin.xml
	run --separate-stderr sne-renew -g G0417 --expirer -d 2019-01-01 latin.xml
	assert_failure 65
	[[ $stderr == *"latin.xml:11:"* ]]
	no_personal_data
	# nor the bytes in hexadecimal: "é p h y" is 0xE9 0x70 0x68 0x79
	[[ $stderr != *"0x70 0x68"* ]]
}

@test "registre tronqué en plein revenu : aucune donnée personnelle" {
	head -c "$(grep -bo '98765' "$REG_PRIVE" | head -1 | cut -d: -f1)" "$REG_PRIVE" >tronque.xml
	echo -n '987' >>tronque.xml
	run --separate-stderr sne-renew -g G0417 -n "$NU" -d 2018-02-01 tronque.xml
	assert_failure 65
	PERSONAL+=(987)
	no_personal_data
}
