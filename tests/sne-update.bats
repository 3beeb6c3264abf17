#!/usr/bin/env bats
# sne-update: MOD files applied under the same numéro (the register's
# facts kept, the evenement and version written), in file order, once; the
# refusals at their edges (radiée, identity, date de dépôt, territory, CRE,
# unknown numéro), --rejets, the register read once.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
	cp "$SHARE/exemples/registre.xml" registre.xml
	chmod 600 registre.xml
	NU=0740317000001G0417      # Élodie Martin, 74, dépôt 2017-03-05
	NU_IDF=1110317000001G0417  # Anne Lefèvre, 111, communes 75113 et 92012
	NU_CORSE=02A0317000001G0417
}

# The demandeLogement of demande $1 of registre.xml, as a MOD file on
# stdout, edited by the sed script $2 (may be empty).
mod_of() {
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">\n'
		printf '  <ns1:entete><ns1:typeFichier>%s</ns1:typeFichier>' "${TYPE:-MOD}"
		printf '<ns1:dateFichier>2017-06-01T10:00:00+01:00</ns1:dateFichier></ns1:entete>\n'
		printf '  <ns1:demande>\n'
		awk -v nu="$1" '
			/<ns1:demande>/ { block = ""; hit = 0; inrec = 1 }
			inrec && /<ns1:demandeLogement>/ { indl = 1 }
			indl { block = block $0 "\n" }
			inrec && index($0, nu) { hit = 1 }
			/<\/ns1:demandeLogement>/ { indl = 0 }
			/<\/ns1:demande>/ { inrec = 0; if (hit) printf "%s", block }
		' registre.xml | sed -e "${2:-}"
		printf '  </ns1:demande>\n</ns1:interfaceNuu>\n'
	}
}

# The record of demande $2 in file $1.
record_of() {
	awk -v nu="$2" '
		/<ns1:demande>/ { block = ""; hit = 0; inrec = 1 }
		inrec { block = block $0 "\n"; if (index($0, nu)) hit = 1 }
		/<\/ns1:demande>/ { inrec = 0; if (hit) printf "%s", block }
	' "$1"
}

# XPath over demande $1 of registre.xml.
of() {
	xpath registre.xml "string(//*[local-name()='demande'][.//*[local-name()='numUnique']='$1']$2)"
}

events_of() {
	xpath registre.xml "count(//*[local-name()='demande'][.//*[local-name()='numUnique']='$1']//*[local-name()='evenement'][@type='$2'])"
}

update() {
	run --separate-stderr sne-update -g G0574 -d 2017-06-01 "$@"
}

@test "une modification remplace le contenu sous le même numéro ; dépôt, guichet enregistreur et suivi restent" {
	# the guichet's file has another numGuichet and no dateCreationDemande
	mod_of "$NU" 's/elodie.martin@example.org/elodie.m@example.org/; s/code="T3"/code="T4"/;
		s/<ns1:numGuichet>G0417</<ns1:numGuichet>G0574</; /dateCreationDemande/d' >mod.xml
	record_of registre.xml 0740317000002G0417 >autre-avant.xml
	update -i registre.xml mod.xml
	assert_success
	[[ "$stderr" == *"1 modification appliquée, aucune sans effet, aucune refusée"* ]]
	[ "$(of "$NU" "//*[local-name()='mel']")" = elodie.m@example.org ]
	[ "$(of "$NU" "//*[local-name()='typeLogement']/@code")" = T4 ]
	[ "$(of "$NU" "//*[local-name()='numGuichet']")" = G0417 ]
	[ "$(of "$NU" "//*[local-name()='dateCreationDemande']")" = 2017-03-05 ]
	[ "$(of "$NU" "//*[local-name()='renouvellement']/@prochain")" = 2018-03-05 ]
	[ "$(of "$NU" "//*[local-name()='modification']/@date")" = 2017-06-01 ]
	[ "$(of "$NU" "//*[local-name()='modification']/@guichet")" = G0574 ]
	[ "$(of "$NU" "//*[local-name()='modification']/@version")" = 2 ]
	[ "$(events_of "$NU" modification)" = 1 ]
	[ "$(events_of "$NU" creation)" = 1 ]
	[ "$(of "$NU" "//*[local-name()='evenement'][@type='modification']/@guichet")" = G0574 ]
	# the other demandes are untouched, byte for byte
	record_of registre.xml 0740317000002G0417 | cmp - autre-avant.xml
	run -0 sne-validate --check -d 2017-06-01 registre.xml
}

@test "deux modifications d'une demande dans un même appel s'appliquent dans l'ordre des fichiers" {
	mod_of "$NU" 's/elodie.martin@example.org/premiere@example.org/' >mod1.xml
	mod_of "$NU" 's/elodie.martin@example.org/seconde@example.org/' >mod2.xml
	update -i registre.xml mod1.xml mod2.xml
	assert_success
	[ "$(of "$NU" "//*[local-name()='mel']")" = seconde@example.org ]
	[ "$(events_of "$NU" modification)" = 2 ]
	[ "$(of "$NU" "//*[local-name()='modification']/@version")" = 3 ]
	[ "$(of "$NU" "//*[local-name()='evenement'][@type='modification'][2]/@version")" = 3 ]
}

@test "une modification qui ne change rien est signalée et n'écrit aucun événement ; deux fois la même, la seconde est sans effet" {
	mod_of "$NU" '' >pareil.xml
	cp registre.xml avant.xml
	update -i registre.xml pareil.xml
	assert_success
	[[ "$stderr" == *"pareil.xml:4: demande $NU : aucun changement"* ]]
	cmp registre.xml avant.xml
	# the same content indented otherwise is the same content
	mod_of "$NU" 's/^ *//' >reindente.xml
	update -i registre.xml reindente.xml
	assert_success
	[[ "$stderr" == *"aucune modification appliquée, 1 sans effet"* ]]
	cmp registre.xml avant.xml
	mod_of "$NU" 's/elodie.martin@example.org/elodie.m@example.org/' >mod.xml
	update -i registre.xml mod.xml
	assert_success
	cp registre.xml apres.xml
	update -i registre.xml mod.xml
	assert_success
	[[ "$stderr" == *"aucune modification appliquée, 1 sans effet"* ]]
	cmp registre.xml apres.xml
}

@test "une modification d'une demande radiée est refusée : le motif, et la réactivation d'abord" {
	printf 'guichet: G0417\nprofil: bailleur\n' >bailleur.yaml
	run -0 sne-attrib -c bailleur.yaml -d 2017-05-02 -n "$NU" --rpls 74A0001234 \
		--bailleur "Haute-Savoie Habitat" --date-bail 28/04/2017 --contingent COLTER \
		--accord-collectif AUCUN --dalo NON --reference "$SHARE/exemples/rpls.xml" -i registre.xml
	mod_of "$NU" 's/elodie.martin@example.org/elodie.m@example.org/' >mod.xml
	cp registre.xml avant.xml
	update -i registre.xml --rejets refus.xml mod.xml
	assert_failure 1
	cmp registre.xml avant.xml
	[[ "$stderr" == *"mod.xml:4: demande $NU : demande radiée (motif RADATT)"* ]]
	[[ "$stderr" == *"réactivation doit venir d'abord"*"sne-fix --reactiver"* ]]
	# the refused modification, whole, in a valid stream
	run -0 xmllint --noout refus.xml
	[ "$(count_records refus.xml demande)" = 1 ]
	grep -q 'elodie.m@example.org' refus.xml
	grep -q 'refusée : demande radiée (motif RADATT)' refus.xml
}

@test "une modification qui change le nom est refusée et nomme sne-fix ; la casse et les accents seuls passent" {
	mod_of "$NU" 's/>Martin</>Martinez</' >nom.xml
	cp registre.xml avant.xml
	update -i registre.xml nom.xml
	assert_failure 1
	cmp registre.xml avant.xml
	[[ "$stderr" == *"change l'identité du demandeur (nom)"*"sne-fix --nom"* ]]
	[[ "$stderr" != *Martinez* ]]
	mod_of "$NU" 's/>Martin</>MARTIN</; s/>Élodie</>Elodie</' >casse.xml
	update -i registre.xml casse.xml
	assert_success
	[ "$(of "$NU" "//*[local-name()='nom']")" = MARTIN ]
}

@test "civilité, prénom et date de naissance changés : refusés, chacun nommé" {
	mod_of "$NU" 's/code="2"/code="1"/; s/>Élodie</>Elise</; s/1984-11-02/1984-11-03/' >identite.xml
	update --registre registre.xml identite.xml
	assert_failure 1
	[[ "$stderr" == *"(civilité, prénom, date de naissance)"*"sne-fix --civilite --prenom --date-naissance"* ]]
}

@test "une modification qui change la date de dépôt est refusée (sne-fix --date-depot)" {
	mod_of "$NU" 's/2017-03-05/2017-03-06/' >depot.xml
	update --registre registre.xml depot.xml
	assert_failure 1
	[[ "$stderr" == *"change la date de dépôt (2017-03-06 au lieu de 2017-03-05)"*"sne-fix --date-depot"* ]]
	cmp <(printf '%s\n' "$output") registre.xml
}

@test "des communes d'un autre département sont refusées : une nouvelle demande y est nécessaire" {
	mod_of "$NU" 's/commune code="74010"/commune code="73065"/' >dept.xml
	cp registre.xml avant.xml
	update -i registre.xml dept.xml
	assert_failure 1
	cmp registre.xml avant.xml
	[[ "$stderr" == *"communes souhaitées du territoire 073, demande du territoire 074"*"nouvelle demande"* ]]
}

@test "Île-de-France : de Paris aux Hauts-de-Seine reste le territoire 111 ; Corse : 2A vers 2B est refusé" {
	mod_of "$NU_IDF" 's/commune code="75113"/commune code="92050"/' >idf.xml
	update -i registre.xml idf.xml
	assert_success
	mod_of "$NU_CORSE" 's/commune code="2A004"/commune code="2B033"/' >corse.xml
	update -i registre.xml corse.xml
	assert_failure 1
	[[ "$stderr" == *"territoire 02B, demande du territoire 02A"* ]]
}

@test "un numéro inconnu, un contenu incomplet : refusés, le reste s'applique" {
	mod_of "$NU" 's/elodie.martin@example.org/elodie.m@example.org/' >bon.xml
	mod_of "$NU" 's/0740317000001G0417/0740317000999G0417/' >inconnu.xml
	mod_of "$NU" '/typeLogement/d' >incomplet.xml
	update -i registre.xml inconnu.xml incomplet.xml bon.xml
	assert_failure 1
	[[ "$stderr" == *"inconnu.xml:4: demande 0740317000999G0417 : absente du registre"* ]]
	[[ "$stderr" == *"incomplet.xml:4: demande $NU : aucun type de logement"* ]]
	[[ "$stderr" == *"1 modification appliquée, aucune sans effet, 2 refusées"* ]]
	[ "$(of "$NU" "//*[local-name()='mel']")" = elodie.m@example.org ]
}

@test "un fichier de création (CRE) ou d'une autre version d'interface arrête tout (65), registre intact" {
	mod_of "$NU" 's/elodie.martin@example.org/elodie.m@example.org/' >bon.xml
	TYPE=CRE mod_of "$NU" '' >cre.xml
	cp registre.xml avant.xml
	update -i registre.xml bon.xml cre.xml
	assert_failure 65
	[[ "$stderr" == *"cre.xml:3: fichier de créations (typeFichier CRE) : sne-update ne prend que des fichiers de modifications (MOD) ; utilisez sne-create"* ]]
	cmp registre.xml avant.xml
	mod_of "$NU" '' | sed 's/versionInterface="02.01"/versionInterface="03.00"/' >v3.xml
	update -i registre.xml v3.xml
	assert_failure 65
	[[ "$stderr" == *"v3.xml:"*"03.00"* ]]
	cmp registre.xml avant.xml
	# a stream without typeFichier (made by a script) is taken as modifications
	mod_of "$NU" 's/elodie.martin@example.org/elodie.m@example.org/; /typeFichier/d' |
		sed 's|<ns1:entete><ns1:typeFichier>MOD</ns1:typeFichier>|<ns1:entete>|' >sans-type.xml
	update -i registre.xml sans-type.xml
	assert_success
}

@test "le registre est donné une fois : -i ou --registre (64 sinon), un code guichet est exigé" {
	mod_of "$NU" '' >mod.xml
	run -64 --separate-stderr sne-update -g G0417 mod.xml
	[[ "$stderr" == *"-i REGISTRE"*"--registre REGISTRE"* ]]
	run -64 --separate-stderr sne-update -g G0417 -i registre.xml --registre registre.xml mod.xml
	run -64 --separate-stderr sne-update -i registre.xml mod.xml
	[[ "$stderr" == *"code guichet manquant"* ]]
}

@test "les modifications viennent de l'entrée standard, le registre modifié sur la sortie" {
	mod_of "$NU" 's/elodie.martin@example.org/elodie.m@example.org/' >mod.xml
	run --separate-stderr sne-update -g G0417 -d 2017-06-01 --registre registre.xml <mod.xml
	assert_success
	printf '%s\n' "$output" >sortie.xml
	[ "$(count_records sortie.xml demande)" = 20 ]
	grep -q elodie.m@example.org sortie.xml
}

@test "sortie pleine (/dev/full) : code 74" {
	mod_of "$NU" 's/elodie.martin@example.org/elodie.m@example.org/' >mod.xml
	run -74 --separate-stderr bash -c "sne-update -g G0417 -d 2017-06-01 --registre registre.xml mod.xml >/dev/full"
	[[ "$stderr" == *"écriture impossible"* ]]
}
