#!/usr/bin/env bats
# sne-guichet: the register of guichets and their points de contact; the
# gestionnaire's changes in place with their history, refused changes
# leaving the register as it was; values parsed as typed and written
# canonical; GDPUB reserved; listing as a table or TSV.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
	config <<-EOF
	profil: gestionnaire
	EOF
	EXEMPLE="$SHARE/exemples/guichets.xml"
	LOGIN=$(id -un)
}

# A register with guichet G0417 created on 2011-04-01, in g.xml.
creer_g0417() {
	sne-guichet --creer "g 0417" --nom "Service logement d'Annecy" --type Mairie \
		--territoire 74 --adresse "Hôtel de ville" --adresse "1 rue Jean Jaurès" \
		--code-postal 74000 --commune Annecy -d 01/04/2011 -i g.xml
}

@test "créer un guichet : code, territoire et type tels que tapés, écrits canoniques ; l'historique nomme l'utilisateur" {
	run -0 --separate-stderr creer_g0417
	[ -z "$output" ] && [ -z "$stderr" ]
	run -0 xmllint --noout --schema "$SHARE/xsd/guichet.xsd" g.xml
	[ "$(xpath g.xml "string(//*[local-name()='guichet']/@code)")" = G0417 ]
	[ "$(xpath g.xml "string(//*[local-name()='type'])")" = commune ]
	[ "$(xpath g.xml "string(//*[local-name()='territoire'])")" = 074 ]
	[ "$(xpath g.xml "string(//*[local-name()='ouverture'])")" = 2011-04-01 ]
	[ "$(xpath g.xml "string(//*[local-name()='evenement']/@type)")" = creation ]
	[ "$(xpath g.xml "string(//*[local-name()='evenement']/@operateur)")" = "$LOGIN" ]
}

@test "territoires : 2a donne 02A, 93 donne 111, 971 reste ; 20 et 96 refusés" {
	run -0 sne-guichet --creer G2001 --nom Corse --type etat --territoire 2a \
		--territoire 93 --territoire 971 --territoire " 1" --adresse "1 cours Napoléon" \
		--code-postal 20000 --commune Ajaccio -d 2017-01-02 -i g.xml
	[ "$(xpath g.xml "//*[local-name()='territoire']/text()" | paste -sd,)" = "02A,111,971,001" ]
	for t in 20 96 977 0; do
		run -64 --separate-stderr sne-guichet --modifier G2001 --territoire "$t" -i g.xml
		assert_equal "${stderr%%:*}" sne-guichet
		[[ $stderr == *"territoire « $t » invalide"* ]] || fail "$t : $stderr"
	done
}

@test "points de contact : ajout numéroté, téléphone et horaires normalisés, modification, suppression, chacun à l'historique" {
	creer_g0417
	run -0 sne-guichet --contact-ajouter G0417 --type physique --libelle "Accueil logement" \
		--adresse "Hôtel de ville, rez-de-chaussée" --code-postal 74000 --commune Annecy \
		--horaires "lundi 8h30-12h 13h30-17h" --horaires "MER 8h30-12h" -d 2011-04-02 -i g.xml
	run -0 sne-guichet --contact-ajouter G0417 --type téléphone --libelle Standard \
		--telephone "+33 (0)4 50.33.88.88" --horaires "mardi 9-12h" -d 2011-04-02 -i g.xml
	[ "$(xpath g.xml "string(//*[@id='2']/*[local-name()='telephone'])")" = "04 50 33 88 88" ]
	[ "$(xpath g.xml "string(//*[@id='1']/*[@jour='lundi'])")" = "08:30-12:00 13:30-17:00" ]
	run -0 sne-guichet --contact-modifier G0417 --contact 2 --horaires "jeudi 14h-16h30" \
		--horaires "mardi fermé" -d 2011-05-01 -i g.xml
	[ "$(xpath g.xml "count(//*[@id='2']/*[local-name()='horaires'])")" = 1 ]
	[ "$(xpath g.xml "string(//*[@id='2']/*[@jour='jeudi'])")" = "14:00-16:30" ]
	run -0 sne-guichet --contact-supprimer G0417 --contact 1 -d 2011-06-01 -i g.xml
	[ "$(xpath g.xml "count(//*[local-name()='contact'])")" = 1 ]
	[ "$(xpath g.xml "//*[local-name()='evenement']/@type" | tr -d ' ' | paste -sd,)" = \
		'type="creation",type="contact-ajout",type="contact-ajout",type="contact-modification",type="contact-suppression"' ]
	[ "$(xpath g.xml "string(//*[@type='contact-modification']/@champs)")" = horaires ]
	# a new point never takes the number of a removed one while a higher exists
	run -0 sne-guichet --contact-ajouter G0417 --type telephone --libelle Astreinte \
		--telephone 3975 -i g.xml
	[ "$(xpath g.xml "string(//*[local-name()='contact'][last()]/@id)")" = 3 ]
}

@test "changements refusés : 64, le registre inchangé octet pour octet" {
	creer_g0417
	cp g.xml avant.xml
	run -64 --separate-stderr sne-guichet --creer G0417 --nom X --type commune --territoire 74 \
		--adresse x --code-postal 74000 --commune Annecy -i g.xml
	[[ $stderr == *"existe déjà"* ]]
	run -64 --separate-stderr sne-guichet --creer G0500 --nom X --type commune -i g.xml
	[[ $stderr == *"--territoire"* ]]
	run -64 --separate-stderr sne-guichet --creer G0500 --nom X --type commune --territoire 74 \
		--adresse x --code-postal 7400 --commune Annecy -i g.xml
	[[ $stderr == *"code postal « 7400 » invalide"* ]]
	run -64 --separate-stderr sne-guichet --contact-ajouter G0417 --type telephone \
		--libelle Standard -i g.xml
	[[ $stderr == *"sans --telephone"* ]]
	run -64 --separate-stderr sne-guichet --contact-ajouter G0417 --type physique \
		--libelle Accueil -i g.xml
	[[ $stderr == *"adresse du point de contact incomplète"* ]]
	run -64 --separate-stderr sne-guichet --contact-modifier G0417 --contact 9 --libelle x -i g.xml
	[[ $stderr == *"pas de point de contact 9"* ]]
	run -64 --separate-stderr sne-guichet --modifier G0417 -i g.xml
	[[ $stderr == *"rien à changer"* ]]
	run -64 --separate-stderr sne-guichet --modifier G0418 --nom Y -i g.xml
	[[ $stderr == *"guichet G0418 absent du registre g.xml (codes proches : G0417)"* ]]
	run -64 --separate-stderr sne-guichet --contact-ajouter G0417 --type physique \
		--libelle x --horaires "lundi 12h-8h" -i g.xml
	[[ $stderr == *"horaires « 12h-8h » invalides"* ]]
	run -64 sne-guichet --contact-ajouter G0417 --type fax --libelle x -i g.xml
	run -64 sne-guichet --contact-ajouter G0417 --type telephone --libelle x \
		--telephone 12345 -i g.xml
	run -64 sne-guichet --modifier G0417 --nom "$(printf 'a%.0s' {1..201})" -i g.xml
	cmp g.xml avant.xml
}

@test "GDPUB est réservé au portail : aucun guichet ne le prend" {
	run -64 --separate-stderr sne-guichet --creer gdpub --nom Portail --type etat \
		--territoire 74 --adresse x --code-postal 74000 --commune Annecy -i g.xml
	[[ $stderr == *"GDPUB est réservé au portail grand public"* ]]
	[ ! -e g.xml ]
}

@test "--fermer : la date -d est le premier jour fermé ; déjà fermé, ou avant l'ouverture, refusé" {
	creer_g0417
	run -64 --separate-stderr sne-guichet --fermer G0417 -d 2011-04-01 -i g.xml
	[[ $stderr == *"ouvre le 2011-04-01"* ]]
	run -0 sne-guichet --fermer G0417 -d 2017-01-01 -i g.xml
	[ "$(xpath g.xml "string(//*[local-name()='fermeture'])")" = 2017-01-01 ]
	run -64 --separate-stderr sne-guichet --fermer G0417 -d 2017-02-01 -i g.xml
	[[ $stderr == *"déjà fermé (fermeture le 2017-01-01)"* ]]
	run -0 sne-guichet --lister -d 2016-12-31 --format tsv g.xml
	assert_line --partial $'\touvert\t'
	run -0 sne-guichet --lister -d 2017-01-01 --format tsv g.xml
	assert_line --partial $'\tfermé le 2017-01-01\t'
	run -64 sne-guichet --fermer G0417 --nom X -i g.xml
}

@test "--lister : table alignée par défaut, TSV avec --format tsv ; sne-guichet CODE montre un guichet" {
	run -0 --separate-stderr sne-guichet --lister -d 2017-03-01 "$EXEMPLE"
	assert_line --index 0 --regexp '^code +type +territoires +commune +ouverture +etat +nom$'
	assert_line --regexp '^G0420  bailleur     074,001      Annemasse +2012-01-02  ouvert +Haute-Savoie Habitat'
	assert_line --regexp '^G0399 .* fermé le 2016-12-31 +Ancienne antenne de Thonon$'
	run -0 sne-guichet --lister --format tsv -d 2017-03-01 "$EXEMPLE"
	assert_line --index 0 $'code\ttype\tterritoires\tcommune\touverture\tetat\tnom'
	assert_line $'G1104\tcommune\t111\tParis\t2010-09-01\touvert\tMairie de Paris, direction du logement'
	[ "${#lines[@]}" = 5 ]
	# the configured register, read by a user of any profile
	config <<-EOF
	guichets: $EXEMPLE
	EOF
	run -0 --separate-stderr sne-guichet "g-0417"
	assert_line "guichet G0417 : Service logement de la ville d'Annecy"
	assert_line "contact 2 (téléphone) : Standard logement"
	assert_line "  téléphone : 04 50 33 88 88"
	assert_line "  jeudi : 09:00-12:00 14:00-16:30"
	assert_line "  2011-04-01 creation par support"
	run -1 --separate-stderr sne-guichet G0418
	[[ $stderr == *"guichet G0418 absent du registre $EXEMPLE (codes proches : G0417, G0420, G0399)"* ]]
	[ -z "$output" ]
}

@test "profil : changer le registre demande le profil gestionnaire (77), le lire non" {
	creer_g0417
	cp g.xml avant.xml
	config <<-EOF
	profil: guichet
	EOF
	run -77 --separate-stderr sne-guichet --modifier G0417 --nom X -i g.xml
	[[ $stderr == *"il faut le profil « gestionnaire »"* ]]
	cmp g.xml avant.xml
	run -0 sne-guichet --lister g.xml
}

@test "sans -i le registre changé va sur la sortie standard ; -i crée le registre avec --creer seulement" {
	run -66 sne-guichet --modifier G0417 --nom X -i absent.xml
	[ ! -e absent.xml ]
	creer_g0417
	cp g.xml avant.xml
	run -0 --separate-stderr sne-guichet --modifier G0417 --nom "Nouveau nom" <g.xml
	cmp g.xml avant.xml
	printf '%s\n' "$output" >nouveau.xml
	[ "$(xpath nouveau.xml "string(//*[local-name()='nom'])")" = "Nouveau nom" ]
	[ "$(xpath nouveau.xml "string(//*[@type='modification']/@champs)")" = nom ]
	run -74 sh -c 'sne-guichet --modifier G0417 --nom X g.xml >/dev/full'
}

@test "registre illisible : mal formé ou non conforme 65, DOCTYPE refusé, absent 66" {
	printf '<g:guichets xmlns:g="urn:sne:guichet:1"><g:guichet code="G0417">' >tronque.xml
	run -65 --separate-stderr sne-guichet --lister tronque.xml
	[[ $stderr == "sne-guichet: tronque.xml:1: registre des guichets mal formé"* ]]
	sed 's/<g:type>commune/<g:type>mairie/' "$EXEMPLE" >invalide.xml
	run -65 --separate-stderr sne-guichet --lister invalide.xml
	[[ $stderr == *"invalide.xml:5: registre des guichets non conforme à guichet.xsd (élément « type »"* ]]
	{ printf '<?xml version="1.0"?>\n<!DOCTYPE g [<!ENTITY x "y">]>\n'; sed 1d "$EXEMPLE"; } >doctype.xml
	run -65 --separate-stderr sne-guichet --lister doctype.xml
	[[ $stderr == *"DOCTYPE refusé"* ]]
	printf '<autre/>' >autre.xml
	run -65 sne-guichet --lister autre.xml
	run -66 sne-guichet --lister absent.xml
	gzip -c "$EXEMPLE" >g.xml.gz
	run -0 sne-guichet --lister g.xml.gz
}

@test "usage : action manquante ou double, champ hors de son action, --format inconnu : 64" {
	run -64 sne-guichet
	run -64 sne-guichet --lister --creer G0417
	run -64 sne-guichet --lister --nom X
	run -64 sne-guichet --lister --format csv
	run -64 sne-guichet --contact-ajouter G0417 --nom X -i g.xml
	run -64 sne-guichet --modifier G0417 --libelle X -i g.xml
	run -64 sne-guichet --contact-modifier G0417 --libelle X -i g.xml
	run -64 --separate-stderr sne-guichet --creer G04 -i g.xml
	[[ $stderr == *"code guichet « G04 » invalide"* ]]
	run -0 sne-guichet --help
	assert_line --partial "usage : sne-guichet --lister"
}
