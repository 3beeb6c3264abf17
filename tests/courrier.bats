#!/usr/bin/env bats
# Les courriers selon la norme d'adresse de La Poste (NF Z10-011) : 6 lignes
# de 38 caractères, localité tirée du code INSEE (libellé d'acheminement),
# capitales Unicode, étranger ; la formule d'appel selon la civilité ; le
# sujet des courriels.

load test_helper/common
bats_require_minimum_version 1.5.0

setup() { common_setup; }

# demande [clé=valeur...] : une demande active à qui l'attestation
# d'enregistrement part par courrier le 3 avril 2017.  Clés : civilite,
# complement, numero, voie, lieudit, cp, ville, commune, pays, etranger, mel.
demande() {
	local civilite=2 complement= numero=12 voie="rue des Lilas" lieudit= cp=74000 ville=
	local commune=74010 pays= etranger=false mel= kv
	for kv in "$@"; do local "$kv"; done
	local civ= com=
	[ -z "$civilite" ] || civ="<ns1:civilite code=\"$civilite\"/>"
	[ -z "$commune" ] || com="<ns1:commune code=\"$commune\"/>"
	cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">
  <ns1:demande>
    <ns1:demandeLogement>
      <ns1:numUnique>0740417000001G0417</ns1:numUnique>
      <ns1:dateCreationDemande>2017-04-03</ns1:dateCreationDemande>
      <ns1:personnePhysique><ns1:demandeur>
        $civ<ns1:nom>Martin</ns1:nom><ns1:prenom>Élodie</ns1:prenom>
        ${mel:+<ns1:mel>$mel</ns1:mel>}
        <ns1:adressePostale><ns1:etranger>$etranger</ns1:etranger>
          ${complement:+<ns1:complementAdresse>$complement</ns1:complementAdresse>}
          ${numero:+<ns1:numero>$numero</ns1:numero>}<ns1:voie>$voie</ns1:voie>
          ${lieudit:+<ns1:lieuDit>$lieudit</ns1:lieuDit>}
          ${cp:+<ns1:codePostal>$cp</ns1:codePostal>}${ville:+<ns1:ville>$ville</ns1:ville>}
          $com${pays:+<ns1:pays>$pays</ns1:pays>}
        </ns1:adressePostale>
      </ns1:demandeur></ns1:personnePhysique>
    </ns1:demandeLogement>
    <s:suivi xmlns:s="urn:sne:suivi:1">
      <s:etat>active</s:etat><s:origine>guichet</s:origine>
      <s:renouvellement prochain="2018-04-03"/>
      <s:historique><s:evenement date="2017-04-03" type="creation"/></s:historique>
    </s:suivi>
  </ns1:demande>
</ns1:interfaceNuu>
XML
}

# courrier [clé=valeur...] : le bloc adresse du courrier de cette demande
# dans bloc.txt (une ligne par ligne) ; le flux des envois dans envois.xml.
courrier() {
	demande "$@" >reg.xml
	run --separate-stderr sne-notice -d 2017-04-03 reg.xml
	echo "$output" >envois.xml
	xmllint --xpath "//*[local-name()='canal'][.='courrier']/../*[local-name()='destinataire']" \
		envois.xml 2>/dev/null | sed -n 's/.*<e:ligne>\(.*\)<\/e:ligne>.*/\1/p' >bloc.txt
	cat bloc.txt
}

# derniere : la dernière ligne du bloc.
derniere() { tail -n 1 bloc.txt; }

@test "courrier : l'échantillon réel (commune 75113, sans ville) finit par « 75013 PARIS »" {
	run -0 sne-create -q -g G1104 -d 2017-04-03 "$SNE_TOP/tests/fixtures/interfaceNuu-creation.xml"
	echo "$output" >reg.xml
	run -0 --separate-stderr sne-notice -d 2017-04-03 reg.xml
	echo "$output" >envois.xml
	xmllint --xpath "//*[local-name()='destinataire']" envois.xml |
		sed -n 's/.*<e:ligne>\(.*\)<\/e:ligne>.*/\1/p' >bloc.txt
	diff bloc.txt - <<'EOF'
M. Thành Nguyen
48 boulevard Vincent Auriol
75013 PARIS
EOF
	xmllint --noout --schema "$SHARE/xsd/envoi.xsd" envois.xml
	# the attestation gives the date de dépôt, which makes the ancienneté
	# (the guichet's, 21 March, registered on 3 April)
	sed 's/&#10;/ /g' envois.xml | grep -q "enregistrée le 3 avril 2017\..*Son ancienneté court depuis sa date de dépôt, le 21 mars 2017\."
}

@test "courrier : arrondissements de Paris, Lyon et Marseille, libellé d'acheminement de La Poste" {
	courrier cp=75005 commune=75105
	[ "$(derniere)" = "75005 PARIS" ]
	# le 16e a deux codes postaux, « PARIS 16 » pour La Poste
	courrier cp=75016 commune=75116
	[ "$(derniere)" = "75016 PARIS 16" ]
	courrier cp=75116 commune=75116
	[ "$(derniere)" = "75116 PARIS 16" ]
	courrier cp=69007 commune=69387
	[ "$(derniere)" = "69007 LYON" ]
	courrier cp=13008 commune=13208
	[ "$(derniere)" = "13008 MARSEILLE" ]
	# la commune entière (75056) et un code postal de l'un de ses arrondissements
	courrier cp=75013 commune=75056
	[ "$(derniere)" = "75013 PARIS" ]
}

@test "courrier : Corse 2A et 2B, outre-mer 971 à 976" {
	courrier cp=20000 commune=2A004
	[ "$(derniere)" = "20000 AJACCIO" ]
	courrier cp=20167 commune=2A004
	[ "$(derniere)" = "20167 MEZZAVIA" ]
	courrier cp=20200 commune=2B033
	[ "$(derniere)" = "20200 BASTIA" ]
	courrier cp=97110 commune=97120
	[ "$(derniere)" = "97110 POINTE A PITRE PRINCIPAL" ]
	courrier cp=97200 commune=97209
	[ "$(derniere)" = "97200 FORT DE FRANCE" ]
	courrier cp=97300 commune=97302
	[ "$(derniere)" = "97300 CAYENNE" ]
	courrier cp=97400 commune=97411
	[ "$(derniere)" = "97400 SAINT DENIS" ]
	courrier cp=97490 commune=97411
	[ "$(derniere)" = "97490 SAINTE CLOTILDE" ]
	courrier cp=97600 commune=97611
	[ "$(derniere)" = "97600 MAMOUDZOU" ]
	xmllint --noout --schema "$SHARE/xsd/envoi.xsd" envois.xml
}

@test "courrier : commune fusionnée (74011 Annecy-le-Vieux) : l'ancienne commune en ligne 5, ANNECY en ligne 6" {
	courrier cp=74940 commune=74011
	[ "$(sed -n 3p bloc.txt)" = "ANNECY-LE-VIEUX" ]
	[ "$(derniere)" = "74940 ANNECY" ]
	# un lieu-dit garde sa place
	courrier cp=74940 commune=74011 lieudit="Les Barattes"
	[ "$(sed -n 3p bloc.txt)" = "Les Barattes" ]
	[ "$(derniere)" = "74940 ANNECY" ]
}

@test "courrier : code commune inconnu et sans ville : demande refusée, code nommé, code 1" {
	courrier commune=74999
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"0740417000001G0417 : code commune « 74999 » de l'adresse postale inconnu"* ]]
	[ ! -s bloc.txt ]
	# la ville écrite suffit
	courrier commune=74999 ville=Annecy
	[ "$status" -eq 0 ]
	[ "$(derniere)" = "74000 ANNECY" ]
	# ni ville ni commune
	courrier commune=
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"sans ville ni code commune"* ]]
}

@test "courrier : capitales Unicode de la ville écrite (BESANÇON, LÈS, Ÿ)" {
	courrier cp=25000 commune=25056 ville=Besançon
	[ "$(derniere)" = "25000 BESANÇON" ]
	courrier cp=30400 commune=30351 ville=Villeneuve-lès-Avignon
	[ "$(derniere)" = "30400 VILLENEUVE-LÈS-AVIGNON" ]
	courrier cp=94240 commune=94038 "ville=L'Haÿ-les-Roses"
	[ "$(derniere)" = "94240 L'HAŸ-LES-ROSES" ]
	# sans ville : le libellé de La Poste, qu'elle écrit sans accent
	courrier cp=25000 commune=25056
	[ "$(derniere)" = "25000 BESANCON" ]
}

@test "courrier : une ligne de 38 caractères tient, 39 se coupe à un espace" {
	# "12 " + 35 = 38
	courrier voie="rue des Hirondelles Blanches du Val"
	[ "$(sed -n 2p bloc.txt)" = "12 rue des Hirondelles Blanches du Val" ]
	[ "$(wc -l <bloc.txt)" -eq 3 ]
	# accents : des caractères, pas des octets
	courrier voie="rue des Hirondelles Blanches du Vél"
	[ "$(sed -n 2p bloc.txt)" = "12 rue des Hirondelles Blanches du Vél" ]
	courrier voie="rue des Hirondelles Blanches du Vals"
	[ "$(sed -n 2p bloc.txt)" = "12 rue des Hirondelles Blanches du" ]
	[ "$(sed -n 3p bloc.txt)" = "Vals" ]
	while IFS= read -r line; do [ "${#line}" -le 38 ]; done <bloc.txt
	xmllint --noout --schema "$SHARE/xsd/envoi.xsd" envois.xml
}

@test "courrier : 6 lignes passent, 7 refusent la demande (code 1)" {
	courrier complement="Appartement 12 escalier B troisième étage Résidence Les Tilleuls" \
		lieudit="Les Granges"
	[ "$status" -eq 0 ]
	[ "$(wc -l <bloc.txt)" -eq 6 ]
	[ "$(derniere)" = "74000 ANNECY" ]
	courrier complement="Appartement 12 escalier B troisième étage Résidence Les Tilleuls bâtiment C porte gauche au fond" \
		lieudit="Les Granges"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"adresse postale (adressePostale) trop longue pour un courrier (6 lignes de 38"* ]]
	[ ! -s bloc.txt ]
}

@test "courrier : adresse à l'étranger : aucun courrier, un courriel s'il y a une adresse électronique" {
	courrier etranger=true cp= commune= ville=Zürich pays=Suisse mel=e.martin@example.org
	[ "$status" -eq 0 ]
	[ ! -s bloc.txt ]
	[ "$(xpath envois.xml "//*[local-name()='canal']/text()")" = "courriel" ]
	# sans pays ni code postal français non plus : rien de refusé
	courrier etranger=true cp= commune= ville=Genève
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"aucune demande avec des envois"* ]]
}

@test "courrier : formule d'appel selon la civilité (Madame ; Monsieur ; Madame, Monsieur)" {
	texte() { xpath envois.xml "//*[local-name()='canal'][.='courrier']/../*[local-name()='texte']/text()"; }
	courrier civilite=2
	texte | grep -qx 'Madame,'
	texte | grep -q 'Veuillez agréer, Madame, nos salutations'
	courrier civilite=1
	[ "$(sed -n 1p bloc.txt)" = "M. Élodie Martin" ]
	texte | grep -qx 'Monsieur,'
	texte | grep -q 'Veuillez agréer, Monsieur, nos salutations'
	courrier civilite=
	[ "$(sed -n 1p bloc.txt)" = "Élodie Martin" ]
	texte | grep -qx 'Madame, Monsieur,'
}

@test "courriel : le sujet dans son élément, le corps sans ligne « Objet : »" {
	demande mel=e.martin@example.org >reg.xml
	run -0 --separate-stderr sne-notice -d 2018-02-03 reg.xml
	echo "$output" >envois.xml
	xmllint --noout --schema "$SHARE/xsd/envoi.xsd" envois.xml
	[ "$(xpath envois.xml "string(//*[local-name()='canal'][.='courriel']/../*[local-name()='sujet'])")" = \
		"renouvellement de votre demande de logement social 0740417000001G0417" ]
	corps=$(xpath envois.xml "string(//*[local-name()='canal'][.='courriel']/../*[local-name()='corps'])")
	[[ "$corps" == "Bonjour Élodie Martin,"* ]]
	[[ "$corps" != *"Objet"* && "$corps" != *"Sujet"* ]]
	[ "$(xpath envois.xml "count(//*[local-name()='canal'][.='courriel']/../*[local-name()='texte'])")" -eq 0 ]
}

@test "courriel : un modèle de courriel sans sujet, ou un SMS avec, est le code 78" {
	mkdir modeles
	cp "$SHARE"/modeles/*.txt modeles/
	sed -i '1,2d' modeles/preavis-2-mois.courriel.txt
	demande >reg.xml
	run --separate-stderr sne-notice --modeles modeles -d 2018-02-03 reg.xml
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"preavis-2-mois.courriel.txt:1: un modèle de courriel commence par son sujet"* ]]
	assert_output ""
	cp "$SHARE"/modeles/*.txt modeles/
	printf 'Sujet : x\n\nSNE: {numero}\n' >modeles/preavis-2-mois.sms.txt
	run --separate-stderr sne-notice --modeles modeles -d 2018-02-03 reg.xml
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"preavis-2-mois.sms.txt:1: seul un modèle de courriel a un en-tête"* ]]
}

# mots PDF : les mots de la première page de PDF, « xMin yMin mot » en
# millimètres depuis le coin haut gauche, une ligne par mot.
mots() {
	pdftotext -f 1 -l 1 -bbox "$1" - |
		sed -n 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)".*>\(.*\)<\/word>/\1 \2 \3/p' |
		awk '{ printf "%.0f %.0f %s\n", $1 * 25.4 / 72, $2 * 25.4 / 72, $3 }'
}

@test "pdf : --pdf DOSSIER, un PDF A4 par courrier, l'adresse dans la fenêtre (110 mm du bord gauche, 55 mm du haut)" {
	demande cp=75013 commune=75113 voie="boulevard Vincent Auriol" numero=48 >reg.xml
	mkdir pdf
	run -0 --separate-stderr sne-notice -d 2017-04-03 --pdf pdf reg.xml
	[ "$(count_records <(echo "$output") envoi)" -eq 1 ]
	run ls pdf
	assert_output "0740417000001G0417-attestation-enregistrement.pdf"
	f=pdf/0740417000001G0417-attestation-enregistrement.pdf
	pdfinfo "$f" | grep -q '^Page size: *595.* x 841.* pts (A4)'
	pdfinfo "$f" | grep -q '^Pages: *1$'
	mots "$f" >mots.txt
	# le bloc adresse : colonne à 110 mm, lignes de 55 à 95 mm (fenêtre DL 45 mm de haut)
	grep -E '^110 (5[5-9]|[6-8][0-9]|9[0-4]) Mme$' mots.txt
	grep -E '^110 (5[5-9]|[6-8][0-9]|9[0-4]) 75013$' mots.txt
	grep -E ' PARIS$' mots.txt | awk '$1 > 110 && $1 < 195 && $2 < 95 { ok = 1 } END { exit !ok }'
	# le texte du modèle, sous le premier pli (99 mm), sans le bloc adresse répété
	grep -E '^20 1[0-9][0-9] Madame,$' mots.txt
	[ "$(grep -c ' 75013$' mots.txt)" -eq 1 ]
	pdftotext "$f" - | grep -q "Veuillez agréer, Madame, nos salutations distinguées."
}

@test "pdf : --pdf JOUR.pdf, un seul PDF de toutes les lettres du jour, une page chacune ; aucun courrier, aucun fichier" {
	demande >a.xml
	demande cp=20000 commune=2A004 | sed 's/0740417000001G0417/02A0417000001G0417/' >b.xml
	run -0 --separate-stderr sne-notice -d 2017-04-03 --pdf jour.pdf a.xml b.xml
	pdfinfo jour.pdf | grep -q '^Pages: *2$'
	pdftotext -f 2 -l 2 jour.pdf - | grep -q '20000 AJACCIO'
	[ ! -e jour.pdf.tmp ]
	# le lendemain rien ne part par courrier : pas de PDF
	run -0 --separate-stderr sne-notice -d 2017-06-01 --pdf vide.pdf a.xml
	[ ! -e vide.pdf ] && [ ! -e vide.pdf.tmp ]
}

@test "pdf : un dossier absent est le code 73, rien sur la sortie ; seul sne-notice charge cairo et pango" {
	demande >reg.xml
	run --separate-stderr sne-notice -d 2017-04-03 --pdf absent reg.xml
	[ "$status" -eq 73 ]
	assert_output ""
	[[ "$stderr" == *"option --pdf : « absent » n'est pas un dossier où écrire"* ]]
	ldd "$(command -v sne-notice)" | grep -q libpangocairo
	for p in sne-create sne-validate sne-renew sne-attrib sne-rpls-load; do
		! ldd "$(command -v "$p")" | grep -E -q 'libcairo|libpango' || fail "$p charge cairo ou pango"
	done
}

@test "pdf : avec -i, le PDF est écrit et l'envoi inscrit ; un second passage n'en écrit plus" {
	demande >reg.xml
	mkdir pdf
	run -0 --separate-stderr sne-notice -i reg.xml -d 2017-04-03 --pdf pdf
	[ -s pdf/0740417000001G0417-attestation-enregistrement.pdf ]
	[ "$(xpath reg.xml "count(//*[local-name()='envoi'][@type='attestation-enregistrement'])")" -eq 1 ]
	rm pdf/*
	run -0 --separate-stderr sne-notice -i reg.xml -d 2017-04-03 --pdf pdf
	[ -z "$(ls pdf)" ]
}
