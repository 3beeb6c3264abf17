#!/usr/bin/env bats
# sne-notice: préavis and attestations due on a date, channels, catch-up,
# recording with -i, templates.

load test_helper/common
load test_helper/registre
bats_require_minimum_version 1.5.0

setup() { common_setup; }

# demande SEQ [key=value...]: one demande record.  Keys: mobile, mel,
# origine (guichet|pgp), canal (pgp: last renewal online), etranger
# (true|false), prochain, etat, voie, complement, ville, nom, envois (raw
# suivi elements), historique (raw evenement elements).
demande() {
	local seq=$1; shift
	local mobile=0612345678 mel=foyer@example.org origine=guichet canal= etranger=false
	local prochain=2018-03-05 etat=active voie="rue des Lilas" complement= ville=Annecy
	local nom=Martin envois= historique='<s:evenement date="2017-03-05" type="creation"/>'
	local kv
	for kv in "$@"; do local "$kv"; done
	local renouvellement="<s:renouvellement prochain=\"$prochain\"/>"
	[ -z "$canal" ] || renouvellement="<s:renouvellement prochain=\"$prochain\" dernier=\"2017-03-01\" canal=\"$canal\"/>"
	cat <<XML
  <ns1:demande>
    <ns1:demandeLogement>
      <ns1:numUnique>$(printf '0740317%06dG0417' "$seq")</ns1:numUnique>
      <ns1:dateCreationDemande>2016-03-05</ns1:dateCreationDemande>
      <ns1:personnePhysique><ns1:demandeur>
        <ns1:civilite code="2"/><ns1:nom>$nom</ns1:nom><ns1:prenom>Élodie</ns1:prenom>
        <ns1:telPortable>$mobile</ns1:telPortable><ns1:mel>$mel</ns1:mel>
        <ns1:adressePostale><ns1:etranger>$etranger</ns1:etranger>
          ${complement:+<ns1:complementAdresse>$complement</ns1:complementAdresse>}
          <ns1:numero>12</ns1:numero><ns1:voie>$voie</ns1:voie>
          <ns1:codePostal>74000</ns1:codePostal><ns1:ville>$ville</ns1:ville>
        </ns1:adressePostale>
      </ns1:demandeur></ns1:personnePhysique>
    </ns1:demandeLogement>
    <s:suivi xmlns:s="urn:sne:suivi:1">
      <s:etat>$etat</s:etat><s:origine>$origine</s:origine>
      $renouvellement
      $envois
      <s:historique>$historique</s:historique>
    </s:suivi>
  </ns1:demande>
XML
}

# register FILE: wraps the demandes read on stdin into a stream.
register() {
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">'
		cat
		echo '</ns1:interfaceNuu>'
	} >"$1"
}

# sent FILE: the envois of the stream FILE, one "numéro type canal" a line, sorted.
sent() {
	xmllint --xpath "//*[local-name()='envoi']" "$1" 2>/dev/null |
		sed -n 's/.*<e:\(type\|canal\|numUnique\)>\([^<]*\)<.*/\2/p' |
		paste -d' ' - - - | awk '{ print $3, $1, $2 }' | sort
}

# sequence number N of a numéro in `sent` output: 6 digits.
nu() { printf '0740317%06dG0417' "$1"; }

# The table of the contract's channels: mobile × e-mail × origin × renewed
# online × abroad, at 2 months (sms + courriel) and 1 month (courrier
# unless online, then courriel; sms; nothing by letter or SMS abroad).
CHANNELS='
	ok ok guichet non fr       sms,courriel sms,courrier
	ok ok guichet non etranger courriel     courriel
	ok ok guichet pgp fr       sms,courriel sms,courriel
	ok ok guichet pgp etranger courriel     courriel
	ok ok pgp     non fr       sms,courriel sms,courriel
	ok ok pgp     non etranger courriel     courriel
	ok ok pgp     pgp fr       sms,courriel sms,courriel
	ok ok pgp     pgp etranger courriel     courriel
	ok ko guichet non fr       sms          sms,courrier
	ok ko guichet non etranger -            -
	ok ko guichet pgp fr       sms          sms,courrier
	ok ko guichet pgp etranger -            -
	ok ko pgp     non fr       sms          sms,courrier
	ok ko pgp     non etranger -            -
	ok ko pgp     pgp fr       sms          sms,courrier
	ok ko pgp     pgp etranger -            -
	ko ok guichet non fr       courriel     courrier
	ko ok guichet non etranger courriel     courriel
	ko ok guichet pgp fr       courriel     courriel
	ko ok guichet pgp etranger courriel     courriel
	ko ok pgp     non fr       courriel     courriel
	ko ok pgp     non etranger courriel     courriel
	ko ok pgp     pgp fr       courriel     courriel
	ko ok pgp     pgp etranger courriel     courriel
	ko ko guichet non fr       -            courrier
	ko ko guichet non etranger -            -
	ko ko guichet pgp fr       -            courrier
	ko ko guichet pgp etranger -            -
	ko ko pgp     non fr       -            courrier
	ko ko pgp     non etranger -            -
	ko ko pgp     pgp fr       -            courrier
	ko ko pgp     pgp etranger -            -
'

# expected STEP COLUMN: the "numéro type canal" lines the table wants.
expected() {
	local type=$1 column=$2 i=0 m e o r a two one
	while read -r m e o r a two one; do
		[ -n "$m" ] || continue
		i=$((i + 1))
		local set=$two
		[ "$column" = 1 ] && set=$one
		[ "$set" = - ] && continue
		tr ',' '\n' <<<"$set" | while read -r c; do echo "$(nu $i) $type $c"; done
	done <<<"$CHANNELS" | sort
}

@test "canaux : chaque combinaison à 2 mois puis à 1 mois, exactement" {
	local i=0 m e o r a two one
	while read -r m e o r a two one; do
		[ -n "$m" ] || continue
		i=$((i + 1))
		local mobile=0612345678 mel=foyer@example.org canal=
		[ "$m" = ok ] || mobile=0112345678
		[ "$e" = ok ] || mel=foyer@example
		[ "$r" = non ] || canal=pgp
		[ "$r" = non ] && [ "$o" = guichet ] && canal=guichet
		demande $i mobile=$mobile mel=$mel origine=$o canal=$canal \
			etranger=$([ "$a" = etranger ] && echo true || echo false)
	done <<<"$CHANNELS" | register reg.xml
	deux_registres sne-notice -i reg.xml -d 2018-01-05
	assert_success
	echo "$output" >two.xml
	diff <(sent two.xml) <(expected preavis-2-mois 0)
	deux_registres sne-notice -i reg.xml -d 2018-02-05
	assert_success
	echo "$output" >one.xml
	diff <(sent one.xml) <(expected preavis-1-mois 1)
	xmllint --noout --schema "$SHARE/xsd/envoi.xsd" two.xml one.xml
}

@test "canaux : les contacts invalides sont sautés et comptés, jamais une erreur" {
	{ demande 1 mobile=0112345678 mel=a@b; demande 2 mobile= mel=; } | register reg.xml
	deux_registres sne-notice -d 2018-01-05 reg.xml
	assert_success
	[[ "$stderr" == *"contacts écartés : 1 mobile invalide, 1 courriel invalide"* ]]
	[ "$(count_records <(echo "$output") envoi)" -eq 0 ]
}

@test "canaux : les mobiles d'outre-mer reçoivent le SMS sous forme internationale" {
	{ demande 1 mobile="0692 12 34 56"; demande 2 mobile=+590690123456; demande 3 mobile=+262612345678; } |
		register reg.xml
	deux_registres sne-notice -d 2018-01-05 reg.xml
	assert_success
	echo "$output" >out.xml
	[ "$(xpath out.xml "//*[local-name()='canal'][.='sms']/../*[local-name()='destinataire']/text()" |
		tr -d '\n')" = "+262692123456+590690123456" ]
}

# due_on ANNIVERSAIRE DATE: the types of the préavis due on DATE.
due_on() {
	demande 1 prochain="$1" | register reg.xml
	sne-notice -q -d "$2" reg.xml >out.xml
	sent out.xml | awk '{ print $2 }' | sort -u | paste -sd' '
}

@test "fins de mois : le 31 mars est annoncé le 31 janvier et le 28 février" {
	[ "$(due_on 2018-03-31 2018-01-30)" = "" ]
	[ "$(due_on 2018-03-31 2018-01-31)" = "preavis-2-mois" ]
	[ "$(due_on 2018-03-31 2018-02-27)" = "preavis-2-mois" ]
	[ "$(due_on 2018-03-31 2018-02-28)" = "preavis-1-mois" ]
}

@test "fins de mois : le 31 mai a son préavis d'un mois le 30 avril" {
	[ "$(due_on 2018-05-31 2018-04-29)" = "preavis-2-mois" ]
	[ "$(due_on 2018-05-31 2018-04-30)" = "preavis-1-mois" ]
}

@test "fins de mois : le 29 février comme jour d'échéance d'un préavis" {
	[ "$(due_on 2020-04-29 2020-02-28)" = "" ]
	[ "$(due_on 2020-04-29 2020-02-29)" = "preavis-2-mois" ]
	# deposited 29/02/2016: anniversary 28/02/2017, 1 month before is 28/01
	[ "$(due_on 2017-02-28 2017-01-27)" = "preavis-2-mois" ]
	[ "$(due_on 2017-02-28 2017-01-28)" = "preavis-1-mois" ]
}

@test "anniversaire : le préavis d'un mois est dû le jour même et après" {
	[ "$(due_on 2018-03-05 2018-03-05)" = "preavis-1-mois" ]
	[ "$(due_on 2018-03-05 2018-03-06)" = "preavis-1-mois" ]
}

@test "en place : un second passage à la même date n'envoie rien" {
	demande 1 | register reg.xml
	deux_registres sne-notice -i reg.xml -d 2018-01-05
	assert_success
	[ "$(count_records <(echo "$output") envoi)" -eq 2 ]
	cp reg.xml after-first.xml
	deux_registres sne-notice -i reg.xml -d 2018-01-05
	assert_success
	[ "$(count_records <(echo "$output") envoi)" -eq 0 ]
	run xpath reg.xml "string(//*[local-name()='envoi'][@type='preavis-2-mois']/@canaux)"
	assert_output "sms courriel"
	run xpath reg.xml "string(//*[local-name()='envoi'][@type='preavis-2-mois']/@anniversaire)"
	assert_output "2018-03-05"
}

@test "en place : sans -i rien n'est inscrit (essai à blanc)" {
	demande 1 | register reg.xml
	cp reg.xml before.xml
	sne-notice -q -d 2018-01-05 reg.xml >/dev/null
	cmp reg.xml before.xml
	deux_registres sne-notice -d 2018-01-05 reg.xml
	[ "$(count_records <(echo "$output") envoi)" -eq 2 ]
}

@test "en place : les demandes sans préavis restent identiques octet pour octet" {
	{ demande 1 prochain=2019-03-05; demande 2; demande 3 etat=radiee; } | register reg.xml
	sne-notice -q -i reg.xml -d 2018-01-05 >/dev/null
	# first and third records unchanged
	diff <(sed -n '/0740317000001G0417/,/<\/ns1:demande>/p' reg.xml) \
	     <(demande 1 prochain=2019-03-05 | sed -n '/0740317000001G0417/,/<\/ns1:demande>/p')
	diff <(sed -n '/0740317000003G0417/,/<\/ns1:demande>/p' reg.xml) \
	     <(demande 3 etat=radiee | sed -n '/0740317000003G0417/,/<\/ns1:demande>/p')
	[ "$(xpath reg.xml "count(//*[local-name()='envoi'])")" -eq 1 ]
}

@test "rattrapage : trois jours sautés, le préavis part quand même" {
	demande 1 | register reg.xml
	sne-notice -q -i reg.xml -d 2018-01-04 >first.xml
	[ "$(count_records first.xml envoi)" -eq 0 ]
	# 5, 6 and 7 January missed
	sne-notice -q -i reg.xml -d 2018-01-08 >late.xml
	diff <(sent late.xml) - <<EOF
$(nu 1) preavis-2-mois courriel
$(nu 1) preavis-2-mois sms
EOF
	run xpath reg.xml "string(//*[local-name()='envoi'][@type='preavis-2-mois']/@date)"
	assert_output "2018-01-08"
}

@test "rattrapage : une demande renouvelée entre-temps n'a pas de préavis d'un mois" {
	demande 1 | register reg.xml
	sne-notice -q -i reg.xml -d 2018-01-05 >/dev/null
	# renewed on 2018-01-20: next anniversary 2019-01-20
	sed -i 's|<s:renouvellement prochain="2018-03-05"/>|<s:renouvellement prochain="2019-01-20" dernier="2018-01-20" canal="guichet"/>|' reg.xml
	deux_registres sne-notice -i reg.xml -d 2018-02-05
	assert_success
	[ "$(count_records <(echo "$output") envoi)" -eq 0 ]
}

@test "rattrapage : une demande radiée ne reçoit rien" {
	demande 1 etat=radiee | register reg.xml
	deux_registres sne-notice -d 2018-02-05 reg.xml
	assert_success
	[ "$(count_records <(echo "$output") envoi)" -eq 0 ]
}

@test "déjà renouvelé en ligne : en ligne une fois puis au guichet, le 1 mois part par courriel" {
	local h='<s:evenement date="2016-03-05" type="creation"/>'
	h+='<s:evenement date="2016-03-01" type="renouvellement" canal="pgp"/>'
	h+='<s:evenement date="2017-03-01" type="renouvellement" canal="guichet"/>'
	{ demande 1 canal=guichet historique="$h"; demande 2 canal=guichet; } | register reg.xml
	sne-notice -q -i reg.xml -d 2018-01-05 >/dev/null
	deux_registres sne-notice -i reg.xml -d 2018-02-05
	assert_success
	echo "$output" >one.xml
	diff <(sent one.xml) - <<EOF
$(nu 1) preavis-1-mois courriel
$(nu 1) preavis-1-mois sms
$(nu 2) preavis-1-mois courrier
$(nu 2) preavis-1-mois sms
EOF
}

@test "rattrapage après l'anniversaire : le 1 mois reste dû jusqu'à la veille de la radiation" {
	demande 1 | register reg.xml
	sne-notice -q -i reg.xml -d 2018-01-05 >/dev/null
	# the cron stopped from 2018-02-05 to after the anniversary (2018-03-05)
	cp reg.xml missed.xml
	deux_registres sne-notice -i reg.xml -d 2018-04-04
	assert_success
	echo "$output" >late.xml
	diff <(sent late.xml) - <<EOF
$(nu 1) preavis-1-mois courrier
$(nu 1) preavis-1-mois sms
EOF
	grep -q 'tard le 4 avril 2018' late.xml
	! grep -q '5 avril 2018' late.xml
	# on the radiation day (anniversary + 1 month) nothing is due any more
	deux_registres sne-notice -d 2018-04-05 missed.xml
	assert_success
	[ "$(count_records <(echo "$output") envoi)" -eq 0 ]
}

@test "radiation à t + 13 mois : les préavis disent « au plus tard le 4 avril », veille de la radiation du 5 avril" {
	demande 1 | register reg.xml
	sne-notice -q -i reg.xml -d 2018-01-05 >two.xml
	sne-notice -q -i reg.xml -d 2018-02-05 >one.xml
	grep -q 'au plus tard le 4 avril 2018' two.xml
	grep -q 'radiée après le 4 avril 2018' two.xml
	grep -q 'tard le 4 avril 2018' one.xml
	! grep -q '5 avril' two.xml one.xml
}

@test "deux préavis en retard : seul le dernier part, le premier est inscrit remplacé" {
	demande 1 | register reg.xml
	# 2-month window missed: on 2018-02-10 both préavis are overdue
	deux_registres sne-notice -i reg.xml -d 2018-02-10
	assert_success
	echo "$output" >late.xml
	diff <(sent late.xml) - <<EOF
$(nu 1) preavis-1-mois courrier
$(nu 1) preavis-1-mois sms
EOF
	[ "$(xpath reg.xml "string(//*[local-name()='envoi'][@type='preavis-2-mois']/@non-envoye)")" = remplace ]
	[ "$(xpath reg.xml "string(//*[local-name()='envoi'][@type='preavis-2-mois']/@anniversaire)")" = 2018-03-05 ]
	[ "$(xpath reg.xml "count(//*[local-name()='envoi'][@type='preavis-2-mois']/@canaux)")" = 0 ]
	[ "$(xpath reg.xml "string(//*[local-name()='envoi'][@type='preavis-1-mois']/@canaux)")" = "sms courrier" ]
	[[ "$stderr" == *"preavis-1-mois : 1 sms, aucun courriel, 1 courrier"* ]]
	[[ "$stderr" != *"preavis-2-mois :"* ]]
	deux_registres sne-notice -i reg.xml -d 2018-02-11
	assert_success
	[ "$(count_records <(echo "$output") envoi)" -eq 0 ]
}

@test "injoignable : à l'étranger sans courriel, nommé avec -v, compté une seule fois au bilan" {
	{ demande 1 etranger=true mel=; demande 2 etranger=true; demande 3 mobile= mel=; } |
		register reg.xml
	deux_registres sne-notice -v -i reg.xml -d 2018-01-05
	assert_success
	[[ "$stderr" == *"demande $(nu 1) : preavis-2-mois non envoyé, ménage injoignable (adresse à l'étranger, pas de courriel valide)"* ]]
	[[ "$stderr" == *"1 demande injoignable"* ]]
	[[ "$stderr" != *"demande $(nu 2) : preavis-2-mois non envoyé"* ]]
	[[ "$stderr" != *"demande $(nu 3) : preavis-2-mois non envoyé"* ]]
	[ "$(xpath reg.xml "string(//*[local-name()='demande'][.//*[local-name()='numUnique']='$(nu 1)']//*[local-name()='envoi']/@non-envoye)")" = aucun-canal ]
	# the next days of the window: not counted again
	deux_registres sne-notice -i reg.xml -d 2018-01-06
	assert_success
	[[ "$stderr" != *injoignable* ]]
	# at 1 month, the 1-month préavis cannot reach it either: told once more
	deux_registres sne-notice -i reg.xml -d 2018-02-05
	[[ "$stderr" == *"1 demande injoignable"* ]]
}

@test "contacts invalides comptés une seule fois, pas chaque jour de la fenêtre" {
	demande 1 mobile=0112345678 mel=a@b | register reg.xml
	deux_registres sne-notice -i reg.xml -d 2018-01-05
	[[ "$stderr" == *"1 mobile invalide, 1 courriel invalide"* ]]
	deux_registres sne-notice -i reg.xml -d 2018-01-06
	[[ "$stderr" == *"aucun mobile invalide, aucun courriel invalide"* ]]
}

@test "attestations : un renouvellement à partir du 1er avril 2017, dans le mois, une fois" {
	demande 1 prochain=2018-04-01 canal=pgp \
		historique='<s:evenement date="2017-04-01" type="renouvellement" canal="pgp"/>' |
		register reg.xml
	deux_registres sne-notice -i reg.xml -d 2017-05-01
	assert_success
	echo "$output" >out.xml
	diff <(sent out.xml) - <<<"$(nu 1) attestation-renouvellement courriel"
	deux_registres sne-notice -i reg.xml -d 2017-05-01
	[ "$(count_records <(echo "$output") envoi)" -eq 0 ]
}

@test "attestations : aucune avant le 1er avril 2017, aucune après le mois" {
	{ demande 1 prochain=2018-03-31 historique='<s:evenement date="2017-03-31" type="creation"/>'
	  demande 2 prochain=2018-04-01 historique='<s:evenement date="2017-04-01" type="creation"/>'; } |
		register reg.xml
	sne-notice -q -d 2017-04-01 reg.xml >a.xml
	diff <(sent a.xml) - <<<"$(nu 2) attestation-enregistrement courrier"
	sne-notice -q -d 2017-05-02 reg.xml >b.xml
	[ "$(count_records b.xml envoi)" -eq 0 ]
}

@test "attestations : « vous recevrez un rappel avant cette date », par courrier comme par courriel ; aucun modèle n'écrit « (e) »" {
	{ demande 1 prochain=2018-04-01 historique='<s:evenement date="2017-04-01" type="creation"/>'
	  demande 2 origine=pgp prochain=2018-04-01 historique='<s:evenement date="2017-04-01" type="creation"/>'; } |
		register reg.xml
	sne-notice -q -d 2017-04-01 reg.xml >a.xml
	diff <(sent a.xml) - <<-EOF
		$(nu 1) attestation-enregistrement courrier
		$(nu 2) attestation-enregistrement courriel
	EOF
	xpath a.xml "string(//*[local-name()='envoi'][*[local-name()='canal']='courrier']/*[local-name()='texte'])" |
		grep -qx "année ; vous recevrez un rappel avant cette date."
	xpath a.xml "string(//*[local-name()='envoi'][*[local-name()='canal']='courriel']/*[local-name()='corps'])" |
		grep -qx "année ; vous recevrez un rappel avant cette date."
	# no gender mark in any shipped text: « prévenu(e) », « inscrit(e)s », « informé·e »
	run grep -nE '[[:alpha:]]\((e|es|s)\)|·' "$SHARE"/modeles/*.txt
	[ "$status" -eq 1 ] || fail "marque de genre ou de nombre dans un modèle : $output"
}

# block FILE: the lines of the first letter's address block.
block() {
	xmllint --xpath "//*[local-name()='canal'][.='courrier']/../*[local-name()='destinataire']" "$1" |
		sed -n 's/.*<e:ligne>\(.*\)<\/e:ligne>.*/\1/p'
}

@test "courrier : une adresse longue est abrégée et coupée en 6 lignes de 38" {
	demande 1 mel= voie="avenue du Maréchal de Lattre de Tassigny prolongée" \
		complement="Résidence Les Jardins de la Source, bâtiment C, escalier 4" \
		ville="Saint-Julien-en-Genevois" | register reg.xml
	sne-notice -q -d 2018-02-05 reg.xml >out.xml
	block out.xml >block.txt
	cat block.txt
	[ "$(wc -l <block.txt)" -le 6 ]
	[ "$(wc -l <block.txt)" -ge 5 ]
	while IFS= read -r line; do [ "${#line}" -le 38 ]; done <block.txt
	grep -qx 'Mme Élodie Martin' block.txt
	grep -q '^12 AV du MAL de Lattre de Tassigny' block.txt
	grep -qx '74000 SAINT-JULIEN-EN-GENEVOIS' block.txt
	xmllint --noout --schema "$SHARE/xsd/envoi.xsd" out.xml
}

@test "courrier : une adresse trop longue pour 6 lignes refuse la demande, code 1" {
	long=$(printf 'mot%.0s ' $(seq 1 60))
	demande 1 voie="$long" | register reg.xml
	deux_registres sne-notice -d 2018-02-05 reg.xml
	assert_failure 1
	[[ "$stderr" == *"0740317000001G0417 : adresse postale (adressePostale) trop longue"* ]]
	[[ "$stderr" != *mot* ]]
}

@test "courrier : l'adresse trop longue d'une demande à qui rien n'est dû ce jour-là n'est pas lue : code 0" {
	long=$(printf 'mot%.0s ' $(seq 1 60))
	demande 1 voie="$long" | register reg.xml
	# 2018-02-05 is due (test above); on 2017-06-01 nothing is: the
	# attestation of 2017-03-05 is past, the préavis not yet
	deux_registres sne-notice -d 2017-06-01 reg.xml
	assert_success
	[[ "$stderr" == *"sne-notice: 1er juin 2017 : aucune demande avec des envois"* ]]
	[[ "$stderr" != *"trop longue"* ]]
}

@test "sms : les textes tiennent en un SMS d'au plus 160 caractères" {
	demande 1 prochain=2018-09-30 | register reg.xml
	sne-notice -q -i reg.xml -d 2018-07-31 >two.xml
	sne-notice -q -i reg.xml -d 2018-08-30 >one.xml
	[ "$(for f in two.xml one.xml; do
		xpath $f "//*[local-name()='canal'][.='sms']/../*[local-name()='nombreSms']/text()"
	done | tr -d '\n')" = "11" ]
	for f in two.xml one.xml; do
		xpath $f "//*[local-name()='canal'][.='sms']/../*[local-name()='texte']/text()"
	done >sms.txt
	local n=0
	while IFS= read -r text; do
		echo "${#text}: $text"
		[ "${#text}" -le 160 ]
		n=$((n + 1))
	done < <(sed 's/SNE:/\nSNE:/g' sms.txt | grep SNE)
	[ "$n" -eq 2 ]
	grep -q '30 septembre 2018' sms.txt
}

@test "modèles : une variable inconnue est le code 78 avant toute écriture" {
	mkdir modeles
	cp "$SHARE"/modeles/*.txt modeles/
	echo 'Bonjour {prenom}, {solde} euros' >modeles/preavis-2-mois.sms.txt
	demande 1 | register reg.xml
	cp reg.xml before.xml
	deux_registres sne-notice --modeles modeles -i reg.xml -d 2018-01-05
	assert_failure 78
	assert_output ""
	[[ "$stderr" == *"preavis-2-mois.sms.txt:1: paramètre « {solde} » inconnu"* ]]
	cmp reg.xml before.xml
}

@test "modèles : {adresse} dans les courriers seulement ; un fichier absent est le code 78" {
	mkdir modeles
	cp "$SHARE"/modeles/*.txt modeles/
	echo '{adresse}' >modeles/preavis-2-mois.courriel.txt
	demande 1 | register reg.xml
	deux_registres sne-notice --modeles modeles reg.xml -d 2018-01-05
	assert_failure 78
	rm modeles/preavis-1-mois.courriel.txt
	cp "$SHARE"/modeles/preavis-2-mois.courriel.txt modeles/
	config <<EOF
modeles: $PWD/modeles
EOF
	deux_registres sne-notice reg.xml -d 2018-01-05
	assert_failure 78
	[[ "$stderr" == *"preavis-1-mois.courriel.txt"* ]]
	assert_output ""
}

@test "modèles : une valeur manquante dans une demande la fait refuser, les autres continuent" {
	{ demande 1 nom=; demande 2; } | register reg.xml
	deux_registres sne-notice -i reg.xml -d 2018-01-05
	assert_failure 1
	[[ "$stderr" == *"0740317000001G0417 : preavis-2-mois par courriel : valeur de « {nom} » absente"* ]]
	echo "$output" >out.xml
	diff <(sent out.xml | awk '{ print $1 }' | sort -u) - <<<"$(nu 2)"
	# one envoi recorded (sms and courriel), on the second demande only
	[ "$(xpath reg.xml "count(//*[local-name()='envoi'])")" -eq 1 ]
	[ "$(xpath reg.xml "count(//*[local-name()='demande'][.//*[local-name()='envoi']]//*[local-name()='numUnique'][.='$(nu 2)'])")" -eq 1 ]
}

@test "calendrier : les préavis configurés remplacent ceux du contrat" {
	config <<EOF
preavis:
  - { avant: 3 mois, canaux: [courriel] }
EOF
	mkdir modeles
	cp "$SHARE"/modeles/*.txt modeles/
	cp modeles/preavis-2-mois.courriel.txt modeles/preavis-3-mois.courriel.txt
	demande 1 | register reg.xml
	sne-notice -q --modeles modeles -d 2017-12-05 reg.xml >out.xml
	diff <(sent out.xml) - <<<"$(nu 1) preavis-3-mois courriel"
}

@test "bilan : préavis par type et canal sur la sortie d'erreur, tu par -q" {
	{ demande 1; demande 2 mobile=12; demande 3 prochain=2018-04-05; } | register reg.xml
	deux_registres sne-notice -d 2018-02-05 reg.xml
	assert_success
	[[ "$stderr" == *"preavis-2-mois : 1 sms, 1 courriel, aucun courrier"* ]]
	[[ "$stderr" == *"preavis-1-mois : 1 sms, aucun courriel, 2 courriers"* ]]
	[[ "$stderr" == *"1 mobile invalide"* ]]
	[[ "$stderr" != *Martin* ]]
	deux_registres sne-notice -q -d 2018-02-05 reg.xml
	[ -z "$stderr" ]
}

@test "erreurs : usage 64, entrée absente 66, verrouillé 75, disque plein 74, XML incorrect 65" {
	demande 1 | register reg.xml
	deux_registres sne-notice --date 2018-13-01 reg.xml
	assert_failure 64
	deux_registres sne-notice -d 2018-01-05 absent.xml
	assert_failure 66
	deux_registres sne-notice -d 2018-01-05 -i absent.xml
	assert_failure 66
	cp reg.xml before.xml
	run --separate-stderr sh -c 'sne-notice -d 2018-01-05 -i reg.xml >/dev/full'
	assert_failure 74
	cmp reg.xml before.xml
	flock reg.xml.lock sleep 3 &
	sleep 0.5
	deux_registres sne-notice -d 2018-01-05 -i reg.xml
	assert_failure 75
	wait
	deux_registres sne-notice -d 2018-01-05 - <<<"<ns1:interfaceNuu"
	assert_failure 65
}
