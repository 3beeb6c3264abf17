#!/usr/bin/env bats
# sne-radiate: RADABA at once; RADIRR and RADCON after an avertissement sent
# by sne-notice (courrier-ar) and its delay, radiated by --echeances at the
# edges of the delay (31 January, 29 February); refusals; profiles; the
# avertissement cancelled; RADCON reactivated by sne-renew for five months.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
	cp "$FIXTURES/sne-radiate/registre.xml" registre.xml
	A=0741117000123G0417      # active, dépôt 2017-11-15, address in Annecy
	B=0741117000124G0417      # active, same
	ETRANGER=0741117000125G0417  # active, address abroad
	RADREN=0741116000077G0417 # radiée RADREN
	E=0741119000001G0417      # active, dépôt 2019-11-15
	printf 'guichet: G0417\nprofil: guichet\n' >guichet.yaml
	printf 'guichet: B0042\nprofil: bailleur\n' >bailleur.yaml
	printf 'guichet: G0001\nprofil: gestionnaire\n' >support.yaml
	export SNE_CONFIG="$PWD/guichet.yaml"
}

# The value of attribute $3 of suivi child $2 of demande $1 in file $4
# (default registre.xml).
attr() {
	xpath "${4:-registre.xml}" "string(//*[local-name()='demande'][.//*[local-name()='numUnique']='$1']//*[local-name()='$2']/@$3)"
}

# How many suivi children $2 demande $1 has in registre.xml.
has() {
	xpath registre.xml "count(//*[local-name()='demande'][.//*[local-name()='numUnique']='$1']//*[local-name()='suivi']/*[local-name()='$2'])"
}

# Number of evenement of type $2 of demande $1 in registre.xml.
events() {
	xpath registre.xml "count(//*[local-name()='demande'][.//*[local-name()='numUnique']='$1']//*[local-name()='evenement'][@type='$2'])"
}

# Attribute $3 of the last evenement of type $2 of demande $1.
event_attr() {
	xpath registre.xml "string((//*[local-name()='demande'][.//*[local-name()='numUnique']='$1']//*[local-name()='evenement'][@type='$2'])[last()]/@$3)"
}

radiate() {
	run --separate-stderr sne-radiate "$@"
}

# avertir DATE MOTIF [SOUS-MOTIF] NU: the avertissement asked for on DATE.
avertir() {
	local date=$1 motif=$2 conf=guichet.yaml sous=()
	shift 2
	if [ "$motif" = RADIRR ]; then
		conf=bailleur.yaml sous=(--sous-motif "$1")
		shift
	fi
	sne-radiate -q -c "$conf" -d "$date" --avertir --motif "$motif" "${sous[@]}" -n "$1" -i registre.xml
}

# envoyer DATE: sne-notice sends what is due on DATE and records it.
envoyer() {
	sne-notice -q -d "$1" -i registre.xml >"envois-$1.xml"
}

@test "RADABA : radiée aussitôt, datée du courrier de renonciation, avec son événement" {
	cp registre.xml avant.xml
	radiate -d 2018-01-05 --motif RADABA --date-courrier 02/01/2018 -n "$A" -i registre.xml
	assert_success
	[ "$(xpath registre.xml "string(//*[local-name()='demande'][.//*[local-name()='numUnique']='$A']//*[local-name()='etat'])")" = radiee ]
	[ "$(attr "$A" radiation date)" = 2018-01-02 ]
	[ "$(attr "$A" radiation motif)" = RADABA ]
	[ "$(attr "$A" radiation guichet)" = G0417 ]
	[ "$(events "$A" radiation)" = 1 ]
	[ "$(event_attr "$A" radiation date)" = 2018-01-05 ]
	[ "$(event_attr "$A" radiation date-courrier)" = 2018-01-02 ]
	[ "$(attr "$A" modification date)" = 2018-01-05 ]
	[[ "$stderr" == *"1 demande radiée RADABA, aucune refusée"* ]]
	# the other demandes are copied byte for byte
	diff <(grep -v "$A" avant.xml | sed -n '/<ns1:numUnique>0741117000124/,$p') \
	     <(grep -v "$A" registre.xml | sed -n '/<ns1:numUnique>0741117000124/,$p')
	run -0 sne-validate --check registre.xml
}

@test "RADABA : sans --date-courrier, datée du jour ; courrier antérieur au dépôt ou futur refusé" {
	radiate -d 2018-01-05 --motif RADABA --date-courrier 2017-11-14 -n "$A" -i registre.xml
	assert_failure 1
	cmp registre.xml "$FIXTURES/sne-radiate/registre.xml"
	[[ "$stderr" == *"demande $A : courrier de renonciation du 14 novembre 2017 antérieur au dépôt"*"demande inchangée"* ]]
	radiate -d 2018-01-05 --motif RADABA --date-courrier 2018-01-06 -n "$A" -i registre.xml
	assert_failure 64
	[[ "$stderr" == *"--date-courrier 2018-01-06 postérieure à la date du jour"* ]]
	radiate -d 2018-01-05 --motif RADABA -n "$A" -i registre.xml
	assert_success
	[ "$(attr "$A" radiation date)" = 2018-01-05 ]
}

@test "une demande qui n'est pas active n'est ni radiée ni avertie (code 1, inchangée)" {
	radiate -d 2018-01-05 --motif RADABA -n "$RADREN" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"registre.xml:"*"demande $RADREN : déjà radiée (motif RADREN) : seule une demande active peut être radiée"* ]]
	radiate -d 2018-01-05 --avertir --motif RADCON -n "$RADREN" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"seule une demande active peut recevoir un avertissement"* ]]
	# no personal data in messages
	[[ "$stderr" != *Roux* && "$stderr" != *Marc* && "$stderr" != *1970* ]]
	cmp registre.xml "$FIXTURES/sne-radiate/registre.xml"
}

@test "un motif qui n'est pas RADABA, RADIRR ou RADCON est refusé, en nommant le bon programme" {
	for motif in RADATT RADREN RADXYZ; do
		radiate -d 2018-01-05 --motif "$motif" -n "$A" -i registre.xml
		assert_failure 1
		[[ "$stderr" == *"demande $A : motif « $motif » refusé : sne-radiate radie pour RADABA, RADIRR ou RADCON"* ]]
	done
	[[ "$(sne-radiate -d 2018-01-05 --motif RADATT -n "$A" registre.xml 2>&1 >/dev/null)" == *"sne-attrib"* ]]
	[[ "$(sne-radiate -d 2018-01-05 --motif RADREN -n "$A" registre.xml 2>&1 >/dev/null)" == *"sne-renew --expirer"* ]]
	# RADCON and RADIRR never at once; RADABA never with an avertissement
	radiate -d 2018-01-05 --motif RADCON -n "$A" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"motif RADCON : la radiation n'intervient qu'après un avertissement"*"--avertir"* ]]
	radiate -d 2018-01-05 --avertir --motif RADABA -n "$A" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"retirez --avertir"* ]]
	cmp registre.xml "$FIXTURES/sne-radiate/registre.xml"
}

@test "RADIRR sans sous-motif, ou avec un sous-motif inconnu, est refusé ; un sous-motif avec RADCON aussi" {
	radiate -c bailleur.yaml -d 2018-01-05 --avertir --motif RADIRR -n "$A" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"demande $A : motif RADIRR sans sous-motif : IRRSEJ (irrégularité du séjour) ou IRRRES (ressources supérieures aux plafonds) est obligatoire ; demande inchangée"* ]]
	radiate -c bailleur.yaml -d 2018-01-05 --avertir --motif RADIRR --sous-motif IRRXXX -n "$A" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"sous-motif « IRRXXX » inconnu"* ]]
	radiate -d 2018-01-05 --avertir --motif RADCON --sous-motif IRRSEJ -n "$A" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"seul RADIRR a un sous-motif"* ]]
	cmp registre.xml "$FIXTURES/sne-radiate/registre.xml"
}

@test "profils : RADIRR bailleur ou gestionnaire, RADABA et RADCON guichet ou gestionnaire (code 77)" {
	radiate -d 2018-01-05 --avertir --motif RADIRR --sous-motif IRRRES -n "$A" -i registre.xml
	assert_failure 77
	[[ "$stderr" == *"le profil « guichet » ne peut pas demander un avertissement RADIRR : il faut le profil bailleur ou gestionnaire"* ]]
	radiate -c bailleur.yaml -d 2018-01-05 --motif RADABA -n "$A" -i registre.xml
	assert_failure 77
	radiate -c bailleur.yaml -d 2018-01-05 --avertir --motif RADCON -n "$A" -i registre.xml
	assert_failure 77
	cmp registre.xml "$FIXTURES/sne-radiate/registre.xml"
	radiate -c support.yaml -d 2018-01-05 --avertir --motif RADIRR --sous-motif IRRRES -n "$A" -i registre.xml
	assert_success
	radiate -c support.yaml -d 2018-01-05 --motif RADABA -n "$B" -i registre.xml
	assert_success
}

@test "avertissement RADCON envoyé le 31 janvier : rien la veille ni le jour de l'échéance (28 février), radiée le 1er mars" {
	avertir 2018-01-20 RADCON "$A"
	[ "$(has "$A" avertissement)" = 1 ]
	[ "$(attr "$A" avertissement date)" = 2018-01-20 ]
	[ "$(attr "$A" avertissement guichet)" = G0417 ]
	[ "$(events "$A" avertissement)" = 1 ]
	[ "$(xpath registre.xml "string(//*[local-name()='demande'][.//*[local-name()='numUnique']='$A']//*[local-name()='etat'])")" = active ]
	envoyer 2018-01-31
	[ "$(attr "$A" avertissement envoi)" = 2018-01-31 ]
	[ "$(attr "$A" avertissement echeance)" = 2018-02-28 ]
	[ "$(events "$A" envoi)" = 1 ]
	cp registre.xml envoye.xml
	for jour in 2018-02-27 2018-02-28; do
		radiate -d "$jour" --echeances -i registre.xml
		assert_success
		cmp registre.xml envoye.xml
	done
	radiate -v -d 2018-03-01 --echeances -i registre.xml
	assert_success
	[[ "$stderr" == *"demande $A radiée RADCON (avertissement échu le 28 février 2018)"* ]]
	[[ "$stderr" == *"1 demande radiée à l'échéance de leur avertissement (0 RADIRR, 1 RADCON)"* ]]
	[ "$(attr "$A" radiation date)" = 2018-03-01 ]
	[ "$(attr "$A" radiation motif)" = RADCON ]
	[ "$(attr "$A" radiation guichet)" = G0417 ]
	[ "$(attr "$A" radiation avertissement)" = 2018-01-31 ]
	[ "$(attr "$A" radiation echeance)" = 2018-02-28 ]
	[ "$(has "$A" avertissement)" = 0 ]
	[ "$(events "$A" radiation)" = 1 ]
	[ "$(event_attr "$A" radiation echeance)" = 2018-02-28 ]
	run -0 sne-validate --check registre.xml
	# the next night has nothing left to do
	radiate -d 2018-03-02 --echeances -i registre.xml
	assert_success
	[[ "$stderr" == *"aucune demande radiée"* ]]
}

@test "l'envoi de l'avertissement : type, canal courrier-ar, adresse, échéance et texte du modèle de son motif" {
	avertir 2018-01-20 RADCON "$A"
	sne-radiate -q -c bailleur.yaml -d 2018-01-20 --avertir --motif RADIRR --sous-motif IRRRES -n "$B" -i registre.xml
	envoyer 2018-01-31
	run -0 xmllint --noout --schema "$SHARE/xsd/envoi.xsd" envois-2018-01-31.xml
	[ "$(xpath envois-2018-01-31.xml "count(//*[local-name()='envoi'])")" = 2 ]
	local e="//*[local-name()='envoi'][*[local-name()='numUnique']='$A']"
	[ "$(xpath envois-2018-01-31.xml "string($e/*[local-name()='type'])")" = avertissement-radiation ]
	[ "$(xpath envois-2018-01-31.xml "string($e/*[local-name()='canal'])")" = courrier-ar ]
	[ "$(xpath envois-2018-01-31.xml "string($e/*[local-name()='echeance'])")" = 2018-02-28 ]
	[ "$(xpath envois-2018-01-31.xml "string($e/*[local-name()='destinataire']/*[local-name()='ligne'][1])")" = "Mme Élodie Martin" ]
	local texte
	texte=$(xpath envois-2018-01-31.xml "string($e/*[local-name()='texte'])")
	[[ "$texte" == *"Lettre recommandée avec accusé de réception"* ]]
	[[ "$texte" == *"n'a pas"*"réussi à vous joindre"* ]]
	[[ "$texte" == *"faites-vous connaître au plus tard le 28 février 2018"* ]]
	[[ "$texte" == *"radiée pour"*"impossibilité de vous contacter"* ]]
	e="//*[local-name()='envoi'][*[local-name()='numUnique']='$B']"
	texte=$(xpath envois-2018-01-31.xml "string($e/*[local-name()='texte'])")
	[[ "$texte" == *"est irrecevable pour le motif suivant : ressources supérieures aux plafonds."* ]]
	[[ "$texte" == *"au plus tard le 28 février 2018"* ]]
	# recorded once: the next day sends nothing
	[ "$(attr "$B" envoi canaux)" = courrier-ar ]
	[ "$(attr "$B" envoi sous-motif)" = IRRRES ]
	envoyer 2018-02-01
	[ "$(xpath envois-2018-02-01.xml "count(//*[local-name()='envoi'])")" = 0 ]
}

@test "année bissextile : RADIRR IRRSEJ envoyé le 31 janvier 2020 échoit le 29 février, radiée le 1er mars" {
	avertir 2020-01-15 RADIRR IRRSEJ "$E"
	envoyer 2020-01-31
	[ "$(attr "$E" avertissement echeance)" = 2020-02-29 ]
	[[ "$(xpath envois-2020-01-31.xml "string(//*[local-name()='texte'])")" == *"irrégularité du séjour"*"au plus tard le 29 février 2020"* ]]
	cp registre.xml envoye.xml
	radiate -d 2020-02-29 --echeances -i registre.xml
	assert_success
	cmp registre.xml envoye.xml
	radiate -d 2020-03-01 --echeances -i registre.xml
	assert_success
	[ "$(attr "$E" radiation motif)" = RADIRR ]
	[ "$(attr "$E" radiation sous-motif)" = IRRSEJ ]
	[ "$(attr "$E" radiation guichet)" = B0042 ]
	[ "$(event_attr "$E" radiation sous-motif)" = IRRSEJ ]
	run -0 sne-validate --check registre.xml
}

@test "délai de deux mois (cahier des charges) : envoyé le 31 janvier, échéance le 31 mars ; moins d'un mois refusé" {
	printf 'guichet: G0417\ndelai-avertissement: 2 mois\n' >deux-mois.yaml
	avertir 2018-01-20 RADCON "$A"
	sne-notice -q -c deux-mois.yaml -d 2018-01-31 -i registre.xml >envois.xml
	[ "$(attr "$A" avertissement echeance)" = 2018-03-31 ]
	[[ "$(xpath envois.xml "string(//*[local-name()='texte'])")" == *"au plus tard le 31 mars 2018"* ]]
	cp registre.xml envoye.xml
	radiate -c deux-mois.yaml -d 2018-03-31 --echeances -i registre.xml
	cmp registre.xml envoye.xml
	# the échéance written in the letter holds, whatever the key says now
	radiate -d 2018-03-31 --echeances -i registre.xml
	cmp registre.xml envoye.xml
	radiate -d 2018-04-01 --echeances -i registre.xml
	[ "$(attr "$A" radiation date)" = 2018-04-01 ]
	printf 'delai-avertissement: 0 mois\n' >zero.yaml
	radiate -c zero.yaml -d 2018-04-01 --echeances -i registre.xml
	assert_failure 78
	[[ "$stderr" == *"zero.yaml:1:22: « delai-avertissement » de 0 mois refusé"*"CCH R441-2-8"* ]]
}

@test "un avertissement jamais envoyé ne radie rien : le délai court de l'envoi" {
	avertir 2018-01-20 RADCON "$A"
	cp registre.xml demande.xml
	# within a month of the request: nothing to say
	radiate -d 2018-02-15 --echeances -i registre.xml
	assert_success
	cmp registre.xml demande.xml
	# named, it is refused at once
	radiate -d 2018-02-15 --echeances -n "$A" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"demande $A : avertissement RADCON demandé le 20 janvier 2018 pas encore envoyé : le délai court de l'envoi"* ]]
	# a month after the request and still not sent: named in the nightly run
	radiate -d 2018-03-01 --echeances -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"demande $A : avertissement RADCON demandé le 20 janvier 2018 pas encore envoyé"* ]]
	[[ "$stderr" != *Martin* && "$stderr" != *lodie* && "$stderr" != *Lilas* ]]
	cmp registre.xml demande.xml
}

@test "l'avertissement annulé est clos dans l'historique et rien n'est radié" {
	avertir 2018-01-20 RADCON "$A"
	envoyer 2018-01-22
	radiate -d 2018-02-01 --annuler-avertissement --motif-texte "le demandeur a appelé, adresse à jour" -n "$A" -i registre.xml
	assert_success
	[[ "$stderr" == *"1 avertissement annulé"* ]]
	[ "$(has "$A" avertissement)" = 0 ]
	[ "$(events "$A" annulation-avertissement)" = 1 ]
	[ "$(event_attr "$A" annulation-avertissement motif-radiation)" = RADCON ]
	[ "$(event_attr "$A" annulation-avertissement avertissement)" = 2018-01-20 ]
	[ "$(event_attr "$A" annulation-avertissement envoi)" = 2018-01-22 ]
	[ "$(event_attr "$A" annulation-avertissement motif)" = "le demandeur a appelé, adresse à jour" ]
	cp registre.xml annule.xml
	radiate -d 2018-06-01 --echeances -i registre.xml
	assert_success
	cmp registre.xml annule.xml
	# nothing left to cancel
	radiate -d 2018-06-01 --annuler-avertissement --motif-texte x -n "$A" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"aucun avertissement en cours : rien à annuler"* ]]
	# a new avertissement may then be asked for
	avertir 2018-06-01 RADCON "$A"
	[ "$(events "$A" avertissement)" = 2 ]
}

@test "annulation : il faut --motif-texte et le profil du motif de l'avertissement" {
	sne-radiate -q -c bailleur.yaml -d 2018-01-20 --avertir --motif RADIRR --sous-motif IRRRES -n "$A" -i registre.xml
	radiate -d 2018-02-01 --annuler-avertissement -n "$A" -i registre.xml
	assert_failure 64
	cp registre.xml averti.xml
	radiate -d 2018-02-01 --annuler-avertissement --motif-texte "erreur" -n "$A" -i registre.xml
	assert_failure 77
	[[ "$stderr" == *"le profil « guichet » ne peut pas annuler un avertissement RADIRR"* ]]
	cmp registre.xml averti.xml
	radiate -c bailleur.yaml -d 2018-02-01 --annuler-avertissement --motif-texte "CAL du 1er février : recevable" -n "$A" -i registre.xml
	assert_success
}

@test "un second avertissement est refusé ; une renonciation clôt l'avertissement en cours" {
	avertir 2018-01-20 RADCON "$A"
	radiate -d 2018-01-21 --avertir --motif RADCON -n "$A" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"un avertissement RADCON est déjà en cours depuis le 20 janvier 2018 ; annulez-le d'abord"* ]]
	radiate -d 2018-01-25 --motif RADABA -n "$A" -i registre.xml
	assert_success
	[ "$(has "$A" avertissement)" = 0 ]
	[ "$(event_attr "$A" annulation-avertissement motif)" = "radiation RADABA (renonciation)" ]
	run -0 sne-validate --check registre.xml
}

@test "un avertissement sans adresse en France ne peut partir : nommé par sne-notice, rien d'inscrit" {
	avertir 2018-01-20 RADCON "$ETRANGER"
	cp registre.xml averti.xml
	run --separate-stderr sne-notice -d 2018-01-31 -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"demande $ETRANGER : avertissement de radiation RADCON impossible à envoyer en recommandé"*"annulez l'avertissement (sne-radiate --annuler-avertissement)"* ]]
	[[ "$stderr" == *"1 avertissement de radiation impossible à envoyer"* ]]
	cmp registre.xml averti.xml
}

@test "--numeros : la liste d'une commission, chaque demande avertie ; un numéro absent signalé" {
	printf '%s\n%s\n0741117000999G0417\n' "$A" "$B" >cal.txt
	radiate -c bailleur.yaml -d 2018-01-20 --avertir --motif RADIRR --sous-motif IRRRES --numeros cal.txt -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"demande 0741117000999G0417 absente de l'entrée"* ]]
	[ "$(attr "$A" avertissement motif)" = RADIRR ]
	[ "$(attr "$B" avertissement sous-motif)" = IRRRES ]
	[ "$(attr "$B" avertissement guichet)" = B0042 ]
}

@test "lignes de commande incorrectes : code 64, rien de lu" {
	radiate -d 2018-01-20 --echeances --motif RADCON -i registre.xml
	assert_failure 64
	radiate -d 2018-01-20 --motif RADABA -i registre.xml
	assert_failure 64
	[[ "$stderr" == *"aucune demande nommée"* ]]
	radiate -d 2018-01-20 --avertir --echeances --motif RADCON -n "$A" -i registre.xml
	assert_failure 64
	radiate -d 2018-01-20 --avertir --motif RADCON --date-courrier 2018-01-19 -n "$A" -i registre.xml
	assert_failure 64
	radiate -d 2018-01-20 -n "$A" -i registre.xml
	assert_failure 64
	[[ "$stderr" == *"--motif manquant"* ]]
	cmp registre.xml "$FIXTURES/sne-radiate/registre.xml"
}

@test "en flux : l'entrée standard vers la sortie standard, les demandes non concernées à l'identique" {
	run --separate-stderr sne-radiate -d 2018-01-20 --echeances <registre.xml
	assert_success
	diff <(printf '%s\n' "$output") registre.xml
}

# A register where demande RADREN was radiated RADCON on $1 by G0417.
radcon_on() {
	sed "s|<s:radiation date=\"2017-12-11\" motif=\"RADREN\"/>|<s:radiation date=\"$1\" motif=\"RADCON\" guichet=\"G0417\" avertissement=\"2017-08-01\" echeance=\"2017-09-01\"/>|" \
		"$FIXTURES/sne-radiate/registre.xml" >registre.xml
}

@test "RADCON radiée le 30 septembre : réactivée par sne-renew jusqu'au 28 février (radiation + 5 mois), refusée le 1er mars" {
	radcon_on 2017-09-30
	cp registre.xml radiee.xml
	run --separate-stderr sne-renew -d 2018-03-01 -n "$RADREN" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"demande $RADREN : radiée RADCON le 30 septembre 2017 ; la réactivation était possible jusqu'au 28 février 2018 (radiation + 5 mois) : seul le support peut encore la réactiver (sne-fix --reactiver)"* ]]
	cmp registre.xml radiee.xml
	run --separate-stderr sne-renew -d 2018-02-28 -n "$RADREN" -i registre.xml
	assert_success
	[ "$(xpath registre.xml "string(//*[local-name()='demande'][.//*[local-name()='numUnique']='$RADREN']//*[local-name()='etat'])")" = active ]
	[ "$(has "$RADREN" radiation)" = 0 ]
	[ "$(event_attr "$RADREN" reactivation motif-radiation)" = RADCON ]
	[ "$(event_attr "$RADREN" reactivation radiation)" = 2017-09-30 ]
	# anniversary 2017-11-10 passed: the reactivation renews it too
	[ "$(events "$RADREN" renouvellement)" = 1 ]
	[ "$(attr "$RADREN" renouvellement prochain)" = 2019-02-28 ]
}

@test "RADCON : réactivée par le guichet qui l'a radiée ou le support, pas par un autre guichet ; sans renouvellement avant la fenêtre" {
	avertir 2018-01-20 RADCON "$A"
	envoyer 2018-01-31
	sne-radiate -q -d 2018-03-01 --echeances -i registre.xml
	cp registre.xml radiee.xml
	run --separate-stderr sne-renew -g G0999 -d 2018-08-01 -n "$A" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"radiée RADCON à la demande du guichet G0417 : seul ce guichet ou le support"* ]]
	cmp registre.xml radiee.xml
	run --separate-stderr sne-renew -c support.yaml -d 2018-08-01 -n "$A" registre.xml
	assert_success
	run --separate-stderr sne-renew -d 2018-08-02 -n "$A" -i registre.xml
	assert_failure 1
	run --separate-stderr sne-renew -d 2018-08-01 -n "$A" -i registre.xml
	assert_success
	[[ "$stderr" == *"aucune demande renouvelée, 1 réactivée"* ]]
	# the window opens on 15 September: reactivated, not renewed
	[ "$(events "$A" renouvellement)" = 0 ]
	[ "$(attr "$A" renouvellement prochain)" = 2018-11-15 ]
	[ "$(events "$A" reactivation)" = 1 ]
	# every step is in the historique
	for type in creation avertissement envoi radiation reactivation; do
		[ "$(events "$A" "$type")" = 1 ] || fail "événement $type absent"
	done
	run -0 sne-validate --check registre.xml
}

@test "RADABA et RADIRR ne se réactivent pas par sne-renew" {
	sne-radiate -q -d 2018-01-05 --motif RADABA -n "$A" -i registre.xml
	run --separate-stderr sne-renew -d 2018-01-06 -n "$A" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"radiée (motif RADABA)"*"sne-fix --reactiver"* ]]
}

@test "attribution ou radiation RADREN d'une demande avertie : l'avertissement est clos dans l'historique" {
	avertir 2018-01-20 RADCON "$A"
	envoyer 2018-01-22
	avertir 2018-11-01 RADCON "$B"
	run --separate-stderr sne-attrib -c bailleur.yaml -d 2018-02-01 -n "$A" --rpls 74A0001234 \
		--bailleur "Haute-Savoie Habitat" --date-bail 2018-01-30 --contingent COLTER \
		--accord-collectif AUCUN --dalo NON --reference "$FIXTURES/sne-attrib/rpls.xml" -i registre.xml
	assert_success
	[ "$(attr "$A" radiation motif)" = RADATT ]
	[ "$(has "$A" avertissement)" = 0 ]
	[ "$(event_attr "$A" annulation-avertissement motif)" = "radiation RADATT (attribution)" ]
	[ "$(event_attr "$A" annulation-avertissement envoi)" = 2018-01-22 ]
	run --separate-stderr sne-renew -d 2018-12-16 --expirer -i registre.xml
	assert_success
	[ "$(attr "$B" radiation motif)" = RADREN ]
	[ "$(has "$B" avertissement)" = 0 ]
	[ "$(event_attr "$B" annulation-avertissement motif)" = "radiation RADREN (non-renouvellement)" ]
	run -0 sne-validate --check registre.xml
	# reactivated by a renewal, it brings no avertissement back
	run --separate-stderr sne-renew -d 2018-12-20 -n "$B" -i registre.xml
	assert_success
	[ "$(has "$B" avertissement)" = 0 ]
	radiate -d 2019-06-01 --echeances -i registre.xml
	[ "$(xpath registre.xml "string(//*[local-name()='demande'][.//*[local-name()='numUnique']='$B']//*[local-name()='etat'])")" = active ]
}

@test "--check : un avertissement sur une demande qui n'est pas active est une erreur" {
	sed 's|<s:radiation date="2017-12-11" motif="RADREN"/>|&<s:avertissement date="2017-12-01" motif="RADCON" guichet="G0417"/>|' \
		"$FIXTURES/sne-radiate/registre.xml" >r.xml
	run --separate-stderr sne-validate --check r.xml
	assert_failure 65
	[[ "$stderr" == *"demande $RADREN : avertissement de radiation dans une demande radiee"* ]]
}

@test "sortie pleine : code 74 ; registre absent : code 66" {
	run --separate-stderr bash -c "sne-radiate -d 2018-01-20 --echeances registre.xml >/dev/full"
	assert_failure 74
	radiate -d 2018-01-20 --echeances -i absent.xml
	assert_failure 66
}

@test "sne-notice vérifie au démarrage les modèles d'avertissement : un modèle absent ou un nom inconnu est une erreur 78" {
	cp -r "$SHARE/modeles" modeles
	rm modeles/avertissement-radiation-RADCON.courrier-ar.txt
	run --separate-stderr sne-notice --modeles modeles -d 2018-01-31 registre.xml
	assert_failure 78
	[[ "$stderr" == *"avertissement-radiation-RADCON.courrier-ar.txt"* ]]
	cp "$SHARE/modeles/avertissement-radiation-RADCON.courrier-ar.txt" modeles/
	printf 'Réponse avant le {anniversaire}\n' >modeles/avertissement-radiation-RADIRR.courrier-ar.txt
	run --separate-stderr sne-notice --modeles modeles -d 2018-01-31 registre.xml
	assert_failure 78
	[[ "$stderr" == *"avertissement-radiation-RADIRR.courrier-ar.txt"*"anniversaire"* ]]
}
