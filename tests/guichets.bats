#!/usr/bin/env bats
# With a guichet register configured (key "guichets"), every program
# refuses a code the register does not hold or one not open at the date
# of the action (64, naming the nearest codes), and sne-create and
# sne-validate refuse a demande of a territory the guichet does not serve.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
	EXEMPLE="$SHARE/exemples/guichets.xml"
	DEMANDES="$SHARE/exemples/demandes.xml"
	config <<-EOF
	guichets: $EXEMPLE
	EOF
	# the first demande of the sample alone: territory 074
	sed -n '1,24p' "$DEMANDES" >annecy.xml
	echo '</ns1:interfaceNuu>' >>annecy.xml
}

@test "code inconnu du registre : 64, les codes proches nommés, rien sur la sortie, le registre intact" {
	run -64 --separate-stderr sne-create -g "g 0418" -d 2017-03-05 annecy.xml
	[ -z "$output" ]
	[[ $stderr == "sne-create: guichet G0418 inconnu du registre des guichets $EXEMPLE (codes proches : G0417, G0420, G0399) : donnez le code de votre guichet (sne-guichet --lister)" ]] ||
		fail "$stderr"
	run -0 sne-create -q -g G0417 -d 2017-03-05 annecy.xml
	printf '%s\n' "$output" >registre.xml
	cp registre.xml avant.xml
	run -64 sne-create -g 00000 -d 2017-03-06 -i registre.xml "$DEMANDES"
	cmp registre.xml avant.xml
	# every program, not only sne-create
	run -64 --separate-stderr sne-renew -g ZZZZZ -d 2018-01-10 registre.xml
	[[ $stderr == *"guichet ZZZZZ inconnu du registre des guichets"* ]]
}

@test "guichet fermé : la veille de sa fermeture il enregistre, le jour même 64" {
	run -0 sne-create -q -g G0399 -d 2016-12-30 annecy.xml
	run -64 --separate-stderr sne-create -g G0399 -d 2016-12-31 annecy.xml
	[[ $stderr == *"guichet G0399 fermé : fermeture le 2016-12-31 (codes proches : "*"G0417"*") : il ne peut pas agir à cette date"* ]] ||
		fail "$stderr"
	[ -z "$output" ]
}

@test "guichet pas encore ouvert : la veille de son ouverture 64, le jour même il enregistre" {
	run -64 --separate-stderr sne-create -g G0417 -d 2011-03-31 annecy.xml
	[[ $stderr == *"guichet G0417 pas encore ouvert : ouverture le 2011-04-01"* ]] || fail "$stderr"
	run -0 sne-create -q -g G0417 -d 2011-04-01 annecy.xml
}

@test "hors de ses territoires : la demande refusée (1) et gardée dans les rejets ; un guichet de deux territoires" {
	run -1 --separate-stderr sne-create -g G0417 -d 2017-03-05 --rejets rejets.xml "$DEMANDES"
	[[ $stderr == *"demandes.xml:47: demande n°3 : territoire 111 hors des territoires du guichet G0417 (074) : enregistrez la demande à un guichet de ce territoire"* ]] ||
		fail "$stderr"
	[[ $stderr == *"demande n°5 : territoire 02A hors des territoires"* ]]
	[[ $stderr == *"demande n°6 : territoire 974 hors des territoires"* ]]
	printf '%s\n' "$output" >sortie.xml
	[ "$(count_records sortie.xml numUnique)" = 2 ]
	[ "$(count_records rejets.xml demande)" = 6 ]
	# Paris (111) registers the two Île-de-France demandes of the sample
	run -1 --separate-stderr sne-create -g G1104 -d 2017-03-05 "$DEMANDES"
	printf '%s\n' "$output" >paris.xml
	[ "$(xpath paris.xml "//*[local-name()='numUnique']/text()" | cut -c1-3 | sort -u)" = 111 ]
	[ "$(count_records paris.xml numUnique)" = 2 ]
}

@test "sans clé guichets, tout code de 5 caractères agit comme avant ; registre configuré absent : 66" {
	config <<-EOF
	EOF
	run -0 sne-create -q -g 00000 -d 2017-03-05 annecy.xml
	config <<-EOF
	guichets: $BATS_TEST_TMPDIR/absent.xml
	EOF
	run -66 --separate-stderr sne-create -g G0417 -d 2017-03-05 annecy.xml
	[[ $stderr == *"absent.xml"* ]]
	[ -z "$output" ]
}

# The text of the envoi of type $2 in envois file $1.
texte() {
	xpath "$1" "string(//*[local-name()='envoi'][*[local-name()='type']='$2']/*[local-name()='texte' or local-name()='corps'])"
}

@test "sne-notice : l'attestation de l'exemple livré nomme le guichet qui l'a enregistrée, son adresse et ses points de contact" {
	run -0 sne-create -q -g G1104 -d 2017-04-03 "$FIXTURES/interfaceNuu-creation.xml"
	printf '%s\n' "$output" >reg.xml
	run -0 sne-notice -q -d 2017-04-04 reg.xml
	printf '%s\n' "$output" >envois.xml
	[ "$(xpath envois.xml "string(//*[local-name()='canal'])")" = courrier ]
	texte envois.xml attestation-enregistrement >lettre.txt
	grep -A4 -x "Service qui a procédé à l'enregistrement :" lettre.txt >service.txt
	diff service.txt - <<-EOF
	Service qui a procédé à l'enregistrement :
	Mairie de Paris, direction du logement
	17 boulevard Morland
	75004 Paris

	EOF
	# without the register: the code, and where to find the guichets
	config <<-EOF
	EOF
	run -0 sne-notice -q -d 2017-04-04 reg.xml
	printf '%s\n' "$output" >sans.xml
	texte sans.xml attestation-enregistrement >sans.txt
	grep -qx "le guichet enregistreur G1104" sans.txt
	grep -q "les coordonnées des guichets enregistreurs sont sur https://www.demande-logement-social.gouv.fr" sans.txt
}

@test "sne-notice : le préavis d'un mois dit à quel guichet s'adresser pour renouveler, avec ses horaires" {
	run -0 sne-create -q -g G0417 -d 2017-04-05 annecy.xml
	printf '%s\n' "$output" >reg.xml
	run -0 sne-notice -q -d 2018-03-05 reg.xml
	printf '%s\n' "$output" >envois.xml
	texte envois.xml preavis-1-mois >preavis.txt
	grep -A6 -x "Pour renouveler, adressez-vous à :" preavis.txt >guichet.txt
	diff guichet.txt - <<-EOF
	Pour renouveler, adressez-vous à :
	Service logement de la ville d'Annecy
	Hôtel de ville
	1 rue Jean Jaurès
	74000 Annecy
	Accueil logement : Hôtel de ville, rez-de-chaussée, 1 rue Jean Jaurès, 74000 Annecy ; lundi 8h30-12h et 13h30-17h, mercredi 8h30-12h, vendredi 8h30-12h et 13h30-16h
	Standard logement : 04 50 33 88 88 ; mardi 9h-12h, jeudi 9h-12h et 14h-16h30
	EOF
	# an SMS stays short: a template of SMS naming the guichet is a configuration error
	cp -r "$SHARE/modeles" modeles
	printf 'Renouvelez aupres de {guichet}\n' >modeles/preavis-2-mois.sms.txt
	run -78 --separate-stderr sne-notice --modeles modeles -d 2018-02-05 reg.xml
	[[ $stderr == *"{guichet}"* ]] || fail "$stderr"
}
