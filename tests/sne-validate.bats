#!/usr/bin/env bats
# sne-validate: validation of the demandes of the portail grand public, and
# --check of records against the XSD and the rules.

bats_require_minimum_version 1.5.0
load test_helper/common
load test_helper/registre

setup() {
	common_setup
	F="$FIXTURES/sne-validate"
}

# The text of the element named $2 (local name) in demande $3 of file $1.
field() {
	xpath "$1" "string((//*[local-name()='demande'])[$3]//*[local-name()='$2'])"
}

# pgp.xml as brouillons on 1 March, then submitted on 10 March.
submitted() {
	sne-create -q -g G0417 -d 2017-03-01 --origine pgp "$F/pgp.xml" >brouillons.xml
	sne-create -q -g G0417 -d 2017-03-10 --origine pgp --soumise brouillons.xml >registre.xml
}

@test "--help dit ce que le programme écrit dans chaque mode" {
	deux_registres sne-validate --help
	assert_success
	for o in --courriel --valider --invalider --motif --numero-pgp --check --in-place; do
		assert_output --partial -- "$o"
	done
	assert_output --partial "filtre du registre"
}

@test "erreurs d'usage : sans --courriel, --invalider sans --motif, --valider sans guichet" {
	deux_registres sne-validate "$F/pgp.xml"
	assert_failure 64
	deux_registres sne-validate --courriel a@b.fr --invalider -g G0417 "$F/pgp.xml"
	assert_failure 64
	deux_registres sne-validate --courriel a@b.fr --valider "$F/pgp.xml"
	assert_failure 64
	deux_registres sne-validate --courriel a@b.fr --valider --invalider -g G0417 "$F/pgp.xml"
	assert_failure 64
	deux_registres sne-validate --courriel a@b.fr --numero-pgp 0 --valider -g G0417 "$F/pgp.xml"
	assert_failure 64
}

@test "un brouillon n'est jamais montré ; le demandeur est invité à le soumettre" {
	sne-create -q -g G0417 -d 2017-03-01 --origine pgp "$F/pgp.xml" >brouillons.xml
	deux_registres sne-validate --courriel elodie.martin@example.org brouillons.xml
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"brouillon"*"soumettre pour validation sur le portail grand public"* ]]
	echo "$output" >out.xml
	[ "$(count_records out.xml demande)" = 0 ]
	xmllint --noout out.xml
}

@test "les demandes soumises sont trouvées par courriel, sans espaces autour ni casse, tapé dans une autre casse" {
	submitted
	deux_registres sne-validate --courriel "  ELODIE.martin@Example.ORG " registre.xml
	assert_success
	echo "$output" >found.xml
	xmllint --noout found.xml
	[ "$(count_records found.xml demande)" = 2 ]
	[ "$(field found.xml nom 1)" = Martin ]
	[ "$(field found.xml nom 2)" = Bernard ]
	[[ "$stderr" == *"rang 1 : demande n°1"* && "$stderr" == *"rang 2 : demande n°2"* ]]
	# the listing is for people: the date of submission in words, not ISO
	[[ "$stderr" == *"), soumise le 10 mars 2017"* ]]
	[[ "$stderr" != *"soumise le 2017-"* ]]
	[[ "$stderr" != *Martin* && "$stderr" != *Bernard* ]]
	deux_registres sne-validate --courriel elodie.martin@example.or registre.xml
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"aucune demande en attente de validation"* ]]
}

@test "--valider donne un numéro GDPUB daté de la soumission, et garde toutes les autres demandes" {
	submitted
	deux_registres sne-validate -g G0417 -d 2017-04-02 --courriel elodie.martin@example.org \
		--valider --numero-pgp 2 registre.xml
	assert_success
	echo "$output" >out.xml
	[ "$(count_records out.xml demande)" = 3 ]
	[ "$(field out.xml numUnique 2)" = 0730317000001GDPUB ]
	[ "$(field out.xml etat 2)" = active ]
	[ "$(field out.xml dateCreationDemande 2)" = 2017-03-10 ]
	[ "$(xpath out.xml "string((//*[local-name()='demande'])[2]//*[local-name()='renouvellement']/@prochain)")" = 2018-03-10 ]
	[ "$(xpath out.xml "string((//*[local-name()='demande'])[2]//*[local-name()='evenement'][@type='validation']/@guichet)")" = G0417 ]
	[ "$(xpath out.xml "string((//*[local-name()='demande'])[2]//*[local-name()='evenement'][@type='validation']/@date)")" = 2017-04-02 ]
	# the first match and the other demande are untouched
	[ "$(field out.xml etat 1)" = en-attente-validation ]
	diff <(sed -n '/Garcia/,/<\/ns1:demande>/p' registre.xml) <(sed -n '/Garcia/,/<\/ns1:demande>/p' out.xml)
	deux_registres sne-validate --check -d 2017-04-02 out.xml
	assert_success
}

@test "--valider sans rang valide chaque demande trouvée ; -i réécrit le registre" {
	submitted
	deux_registres sne-validate -g G0417 -d 2017-04-02 --courriel elodie.martin@example.org \
		--valider -i registre.xml
	assert_success
	[ -z "$output" ]
	[ "$(field registre.xml numUnique 1)" = 0740317000001GDPUB ]
	[ "$(field registre.xml numUnique 2)" = 0730317000001GDPUB ]
	[ "$(field registre.xml etat 3)" = en-attente-validation ]
}

@test "un rang au-delà des demandes trouvées est refusé avec le code 1" {
	submitted
	deux_registres sne-validate -g G0417 --courriel elodie.martin@example.org --valider \
		--numero-pgp 3 registre.xml
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"rang 3 absent"* ]]
}

@test "invalidation, correction, nouvelle soumission et validation" {
	submitted
	sne-validate -q -g G0417 -d 2017-03-20 --courriel ines.garcia@example.org --invalider \
		--motif "justificatif d'identité illisible" registre.xml >invalidee.xml
	[ "$(field invalidee.xml etat 3)" = invalidee ]
	[ "$(xpath invalidee.xml "string(//*[local-name()='invalidation']/@motif)")" = "justificatif d'identité illisible" ]
	[ "$(xpath invalidee.xml "string(//*[local-name()='invalidation']/@date)")" = 2017-03-20 ]
	deux_registres sne-validate --check -d 2017-03-20 invalidee.xml
	assert_success
	# no longer waiting: not found
	deux_registres sne-validate --courriel ines.garcia@example.org invalidee.xml
	[ "$status" -eq 1 ]
	# corrected and submitted again: waiting again, without its invalidation
	run --separate-stderr sne-create -g G0417 -d 2017-04-10 --origine pgp --soumise invalidee.xml
	assert_success
	echo "$output" >resoumise.xml
	[ "$(field resoumise.xml etat 3)" = en-attente-validation ]
	[ "$(xpath resoumise.xml "count(//*[local-name()='invalidation'])")" = 0 ]
	[ "$(xpath resoumise.xml "string(//*[local-name()='evenement'][@type='invalidation']/@motif)")" = "justificatif d'identité illisible" ]
	deux_registres sne-validate -g G1104 -d 2017-04-11 --courriel ines.garcia@example.org \
		--valider resoumise.xml
	assert_success
	echo "$output" >validee.xml
	[ "$(field validee.xml numUnique 3)" = 0740417000001GDPUB ]
	[ "$(field validee.xml dateCreationDemande 3)" = 2017-04-10 ]
}

@test "--check : un registre fait par les programmes est valide, et rien n'est écrit" {
	submitted
	sne-create -q -g G0417 -d 2017-03-05 "$FIXTURES/sne-create/territoires.xml" >actives.xml
	for f in brouillons.xml registre.xml actives.xml; do
		deux_registres sne-validate --check -d 2017-04-01 "$f"
		assert_success
		[ -z "$output" ]
	done
}

@test "--check signale chaque erreur avec sa ligne, sans donnée personnelle, code 65" {
	sne-create -q -g G0417 -d 2017-03-05 "$FIXTURES/sne-create/territoires.xml" >actives.xml
	sed -e 's/1984-11-02/1984-13-02/' -e 's/0740317000002G0417/0740417000002G0417/' \
	    -e '0,/<s:etat>active/s//<s:etat>perdue/' -e 's/code="2A004"/code="2A04"/' actives.xml >bad.xml
	deux_registres sne-validate --check -d 2017-04-01 bad.xml
	assert_failure 65
	[ -z "$output" ]
	line_naissance=$(grep -n 1984-13-02 bad.xml | cut -d: -f1)
	line_numero=$(grep -n 0740417000002G0417 bad.xml | cut -d: -f1)
	[[ "$stderr" == *"bad.xml:$line_naissance: "*"dateNaissance"* ]]
	[[ "$stderr" == *"bad.xml:$line_numero: demande 0740417000002G0417 : numéro unique du mois 04/17 mais date de dépôt en 03/17"* ]]
	[[ "$stderr" == *"état « perdue » inconnu"* ]]
	[[ "$stderr" == *"commune"* ]]
	[[ "$stderr" != *1984-13-02* && "$stderr" != *Martin* ]]
	[[ "$stderr" == *"5 demandes contrôlées, 3 en erreur"* ]]
}

@test "--check applique chaque règle : chaque champ que lisent les règles leur parvient" {
	sne-create -q -g G0417 -d 2017-03-05 "$FIXTURES/sne-create/territoires.xml" >actives.xml
	sed -e '0,/code="2"/s//code="7"/' -e '0,/code="T3"/s//code="T33"/' \
	    -e '0,/<s:origine>guichet/s//<s:origine>agence/' \
	    -e '0,/<ns1:demandeElargie>false/s//<ns1:demandeElargie>peut-être/' \
	    -e '0,/<ns1:numGuichet>G0417/s//<ns1:numGuichet>G04-7/' \
	    -e '0,/<ns1:nom>Martin/s//<ns1:nom> /' -e '0,/1984-11-02/s//2030-01-01/' \
	    -e '0,/modification date="2017-03-05"/s//modification date="2016-01-01"/' \
	    -e '0,/prochain="2018-03-05"\/>/s//prochain="2017-01-01"\/><s:radiation date="2017-03-06" motif="RADXXX"\/><s:invalidation date="2017-05-01" motif="x"\/>/' \
	    actives.xml >bad.xml
	deux_registres sne-validate --check -d 2017-04-01 bad.xml
	assert_failure 65
	for message in "code civilité « 7 » inconnu" "type de logement « T33 » inconnu" \
	    "origine « agence » inconnue" "champ demandeElargie invalide" \
	    "code guichet (numGuichet) mal formé" "nom du demandeur (nom) manquant" \
	    "date de naissance du demandeur postérieure à la date du jour" \
	    "date de modification antérieure à la date de dépôt" \
	    "date de prochain renouvellement antérieure à la date de dépôt" \
	    "radiation dans une demande active" "motif de radiation « RADXXX » inconnu" \
	    "invalidation dans une demande active" "date d'invalidation postérieure à la date du jour"; do
		[[ "$stderr" == *"$message"* ]] || { echo "absent : $message"; echo "$stderr"; false; }
	done
	[[ "$stderr" == *"5 demandes contrôlées, 1 en erreur"* ]]
}

@test "--check refuse un numéro sur une demande en attente de validation, et une demande active sans numéro" {
	submitted
	sed '0,/<ns1:numGuichet>GDPUB<\/ns1:numGuichet>/s//&<ns1:numUnique>0740317000009GDPUB<\/ns1:numUnique>/' registre.xml >a.xml
	deux_registres sne-validate --check -d 2017-04-01 a.xml
	assert_failure 65
	[[ "$stderr" == *"en-attente-validation avec un numéro unique"* ]]
	sne-create -q -g G0417 -d 2017-03-05 "$FIXTURES/sne-create/territoires.xml" | sed '/numUnique/d' >b.xml
	deux_registres sne-validate --check -d 2017-04-01 b.xml
	assert_failure 65
	[[ "$stderr" == *"demande active sans numéro unique"* ]]
}

@test "RADIRR porte son sous-motif IRRSEJ ou IRRRES : --check refuse son absence, un sous-motif inconnu ou sur un autre motif" {
	sne-create -q -g G0417 -d 2017-03-05 "$FIXTURES/sne-create/territoires.xml" >actives.xml
	# radiate demandes 1 to 4 with: RADIRR alone, RADIRR IRRSEJ, RADATT IRRRES, RADIRR IRRXXX,
	# the RADIRR after the échéance of their avertissement
	local avertie='" guichet="B0042" avertissement="2017-03-10" echeance="2017-04-10'
	awk -v a="$avertie" 'BEGIN { split("RADIRR" a "|RADIRR\" sous-motif=\"IRRSEJ" a "|RADATT\" sous-motif=\"IRRRES|RADIRR\" sous-motif=\"IRRXXX" a, r, "|") }
		/<s:etat>active</ && n < 4 { n++; sub(/active/, "radiee") }
		{ print }
		/<s:renouvellement / && n <= 4 && !done[n] { done[n] = 1
			printf "      <s:radiation date=\"2017-04-20\" motif=\"%s\"/>\n", r[n] }' actives.xml >rad.xml
	[ "$(grep -c '<s:radiation ' rad.xml)" -eq 4 ]
	deux_registres sne-validate --check -d 2017-05-01 rad.xml
	assert_failure 65
	local line nu1 nu2 nu3 nu4
	line=$(grep -n 'motif="RADIRR" guichet=' rad.xml | cut -d: -f1)
	nu1=$(field rad.xml numUnique 1) nu2=$(field rad.xml numUnique 2)
	nu3=$(field rad.xml numUnique 3) nu4=$(field rad.xml numUnique 4)
	[[ "$stderr" == *"rad.xml:$line: demande $nu1 : radiation : motif RADIRR sans sous-motif"* ]]
	[[ "$stderr" != *"$nu2"* ]]
	[[ "$stderr" == *"demande $nu3 : radiation : sous-motif « IRRRES » avec le motif RADATT : seul RADIRR a un sous-motif"* ]]
	[[ "$stderr" == *"demande $nu4 : attribut « sous-motif »"* ]]
	[[ "$stderr" == *"5 demandes contrôlées, 3 en erreur"* ]]
}

@test "--check sur une entrée mal formée est une erreur 65" {
	printf '<ns1:interfaceNuu xmlns:ns1="http://nuu.application.i2/"><ns1:demande>' >broken.xml
	deux_registres sne-validate --check broken.xml
	assert_failure 65
}

@test "--check : code postal qui n'est pas de la commune de l'adresse : avertissement, code de sortie inchangé" {
	sne-create -q -g G1104 -d 2017-04-03 "$FIXTURES/interfaceNuu-creation.xml" >ok.xml
	run -0 --separate-stderr sne-validate --check -d 2017-04-03 ok.xml
	[[ "$stderr" != *avertissement* ]]
	# 75014 n'est pas un code du 13e arrondissement (75113) ; l'adresse
	# professionnelle (75005, 75105) n'est pas l'adresse postale
	sed '0,/<ns1:codePostal>75013/s//<ns1:codePostal>75014/' ok.xml >cp.xml
	line=$(grep -n '<ns1:codePostal>75014' cp.xml | cut -d: -f1)
	run -0 --separate-stderr sne-validate --check -d 2017-04-03 cp.xml
	[[ "$stderr" == *"cp.xml:$line: demande 1110317000001G1104 : avertissement : le code postal de l'adresse postale (codePostal) n'est pas l'un de ceux de sa commune"* ]]
	[[ "$stderr" == *"1 avertissement sur les adresses postales"* ]]
	[[ "$stderr" == *"aucune en erreur"* && "$stderr" != *75014* ]]
	# une commune qui n'existe pas
	sed '0,/<ns1:commune code="75113"/s//<ns1:commune code="75199"/' ok.xml >inconnue.xml
	run -0 --separate-stderr sne-validate --check -d 2017-04-03 inconnue.xml
	[[ "$stderr" == *"avertissement : code commune de l'adresse postale (commune) inconnu"* ]]
	# l'ancien code d'une commune fusionnée avec un code postal de la commune actuelle
	sed -e '0,/<ns1:codePostal>75013/s//<ns1:codePostal>74940/' \
	    -e '0,/<ns1:commune code="75113"/s//<ns1:commune code="74011"/' ok.xml >ancien.xml
	run -0 --separate-stderr sne-validate --check -d 2017-04-03 ancien.xml
	[[ "$stderr" != *avertissement* ]]
	# à l'étranger, rien à comparer
	sed -e '0,/<ns1:codePostal>75013/s//<ns1:codePostal>75014/' \
	    -e '0,/<ns1:etranger>false/s//<ns1:etranger>true/' ok.xml >etranger.xml
	run -0 --separate-stderr sne-validate --check -d 2017-04-03 etranger.xml
	[[ "$stderr" != *avertissement* ]]
	# une vraie erreur garde son code 65, l'avertissement s'ajoute
	sed 's/1979-07-14/1979-13-14/' cp.xml >deux.xml
	run -65 --separate-stderr sne-validate --check -d 2017-04-03 deux.xml
	[[ "$stderr" == *"avertissement"* && "$stderr" == *"1 en erreur (2 erreurs)"* ]]
}

# The sne-radiate register with the RADREN radiation of 0741116000077G0417
# replaced by $1 (a radiation element), and an avertissement $2 on
# 0741117000123G0417 (after its renouvellement).
radiations() {
	sed -e "s|<s:radiation date=\"2017-12-11\" motif=\"RADREN\"/>|$1|" \
	    -e "0,/<s:renouvellement prochain=\"2018-11-15\"\/>/s||&$2|" \
	    "$FIXTURES/sne-radiate/registre.xml" >r.xml
}

@test "--check : RADIRR sans sous-motif, ou un sous-motif avec un autre motif, est une erreur" {
	radiations '<s:radiation date="2018-01-10" motif="RADIRR" guichet="B0042" avertissement="2017-12-01" echeance="2018-01-01"/>'
	run --separate-stderr sne-validate --check r.xml
	assert_failure 65
	[[ "$stderr" == *"demande 0741116000077G0417 : radiation : motif RADIRR sans sous-motif : IRRSEJ"* ]]
	radiations '<s:radiation date="2018-01-10" motif="RADABA" sous-motif="IRRRES"/>'
	run --separate-stderr sne-validate --check r.xml
	assert_failure 65
	[[ "$stderr" == *"radiation : sous-motif « IRRRES » avec le motif RADABA : seul RADIRR a un sous-motif"* ]]
	radiations '<s:radiation date="2018-01-10" motif="RADIRR" sous-motif="IRRRES" guichet="B0042" avertissement="2017-12-01" echeance="2018-01-01"/>'
	run -0 sne-validate --check r.xml
}

@test "--check : RADIRR et RADCON après l'échéance d'un avertissement envoyé, au moins un mois après l'envoi" {
	radiations '<s:radiation date="2018-01-10" motif="RADCON"/>'
	run --separate-stderr sne-validate --check r.xml
	assert_failure 65
	[[ "$stderr" == *"radiation RADCON sans avertissement envoyé (attributs avertissement et echeance)"* ]]
	# the day of the échéance is still the applicant's
	radiations '<s:radiation date="2018-01-01" motif="RADCON" avertissement="2017-12-01" echeance="2018-01-01"/>'
	run --separate-stderr sne-validate --check r.xml
	assert_failure 65
	[[ "$stderr" == *"radiation RADCON du 1er janvier 2018 avant la fin du délai de l'avertissement (échéance le 1er janvier 2018, incluse)"* ]]
	radiations '<s:radiation date="2018-01-02" motif="RADCON" avertissement="2017-12-01" echeance="2018-01-01"/>'
	run -0 sne-validate --check r.xml
	# sent on 31 January, one month ends on 28 February: a day less is refused
	radiations '<s:radiation date="2018-03-10" motif="RADCON" avertissement="2018-01-31" echeance="2018-02-27"/>'
	run --separate-stderr sne-validate --check r.xml
	assert_failure 65
	[[ "$stderr" == *"radiation : échéance le 27 février 2018, moins d'un mois après l'envoi du 31 janvier 2018"* ]]
	radiations '<s:radiation date="2018-03-01" motif="RADCON" avertissement="2018-01-31" echeance="2018-02-28"/>'
	run -0 sne-validate --check r.xml
}

@test "--check : la date de radiation n'est pas antérieure au dépôt" {
	radiations '<s:radiation date="2016-11-09" motif="RADABA" guichet="G0417"/>'
	run --separate-stderr sne-validate --check r.xml
	assert_failure 65
	[[ "$stderr" == *"demande 0741116000077G0417 : date de radiation antérieure à la date de dépôt"* ]]
}

@test "--check : l'avertissement en cours a un motif RADIRR ou RADCON et des dates dans l'ordre" {
	radiations '<s:radiation date="2017-12-11" motif="RADREN"/>' \
		'<s:avertissement date="2018-01-20" motif="RADABA" guichet="G0417"/>'
	run --separate-stderr sne-validate --check r.xml
	assert_failure 65
	[[ "$stderr" == *"demande 0741117000123G0417 : avertissement de motif « RADABA » (attendu RADIRR ou RADCON)"* ]]
	radiations '<s:radiation date="2017-12-11" motif="RADREN"/>' \
		'<s:avertissement date="2018-01-20" motif="RADIRR" guichet="B0042" envoi="2018-01-19" echeance="2018-02-19"/>'
	run --separate-stderr sne-validate --check r.xml
	assert_failure 65
	[[ "$stderr" == *"avertissement : motif RADIRR sans sous-motif"* ]]
	[[ "$stderr" == *"avertissement envoyé avant d'être demandé"* ]]
	radiations '<s:radiation date="2017-12-11" motif="RADREN"/>' \
		'<s:avertissement date="2018-01-20" motif="RADCON" guichet="G0417" envoi="2018-01-21"/>'
	run --separate-stderr sne-validate --check r.xml
	assert_failure 65
	[[ "$stderr" == *"avertissement avec une date d'envoi sans échéance"* ]]
	radiations '<s:radiation date="2017-12-11" motif="RADREN"/>' \
		'<s:avertissement date="2018-01-20" motif="RADCON" guichet="G0417" envoi="2018-01-21" echeance="2018-02-21"/>'
	run -0 sne-validate --check r.xml
}
