#!/usr/bin/env bats
# sne-create: registering new demandes (guichet and portail grand public).

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
	F="$FIXTURES/sne-create"
}

# The numéros uniques of file $1, one a line, in order.
numeros() {
	xmllint --xpath "//*[local-name()='numUnique']/text()" "$1" 2>/dev/null | tr -s ' \n' '\n' | sed '/^$/d'
}

# The local names of the elements of file $1 in document order, without the
# suivi subtree and numUnique (what sne-create adds).
element_names() {
	sed '/<[A-Za-z0-9_]*:*suivi[ >]/,/<\/[A-Za-z0-9_]*:*suivi>/d' "$1" |
		grep -o '<[A-Za-z_][^ />!?]*' | sed 's/^<//; s/.*://' | grep -vx numUnique
}

# Demande $2 (rank) of file $1, as bytes.
record_of() {
	awk -v n="$2" '/<[a-z0-9]*:?demande[ >]/{i++} i==n{print} /<\/[a-z0-9]*:?demande>/{if(i==n)exit}' "$1"
}

@test "--help décrit chaque option en français" {
	run --separate-stderr sne-create --help
	assert_success
	for o in --origine --soumise --registre --rejets --guichet --date --in-place; do
		assert_output --partial -- "$o"
	done
	assert_output --partial "rejets"
}

@test "sans code guichet : erreur d'usage" {
	run --separate-stderr sne-create -d 2017-03-05 "$F/territoires.xml"
	assert_failure 64
	[[ "$stderr" == *"code guichet manquant"* ]]
}

@test "un code guichet mal formé est une erreur d'usage qui montre la forme attendue" {
	run --separate-stderr sne-create -g G04170 -d 2017-03-05 "$F/territoires.xml"
	assert_failure 64
	[[ "$stderr" == *"5 caractères"* && "$stderr" == *"G0417"* ]]
	[ -z "$output" ]
}

@test "le code guichet est normalisé et peut venir de la configuration" {
	config <<-EOF
	guichet: g 0417
	EOF
	run --separate-stderr sne-create -d 2017-03-05 "$F/territoires.xml"
	assert_success
	echo "$output" >out.xml
	[ "$(numeros out.xml | head -1)" = 0740317000001G0417 ]
}

@test "numéros uniques : territoire, mois et année de dépôt, séquence croissante, code guichet" {
	run --separate-stderr sne-create -g G0417 -d 2017-03-05 "$F/territoires.xml"
	assert_success
	echo "$output" >out.xml
	run numeros out.xml
	assert_output "0740317000001G0417
0740317000002G0417
1110317000001G0417
02A0317000001G0417
9740317000001G0417"
}

@test "un second passage poursuit la séquence, un nouveau mois en commence une nouvelle" {
	sne-create -g G0417 -d 2017-03-05 "$F/territoires.xml" >one.xml
	sne-create -g G0417 -d 2017-03-31 "$F/territoires.xml" >two.xml
	sne-create -g G0417 -d 2017-04-01 "$F/territoires.xml" >three.xml
	[ "$(numeros two.xml | head -1)" = 0740317000003G0417 ]
	[ "$(numeros three.xml | head -1)" = 0740417000001G0417 ]
}

@test "le suivi d'une demande créée : active, guichet, renouvellement dans un an, événement de création" {
	sne-create -g G0417 -d 2017-03-05 "$F/territoires.xml" >out.xml
	d="//*[local-name()='demande'][1]"
	[ "$(xpath out.xml "string($d//*[local-name()='etat'])")" = active ]
	[ "$(xpath out.xml "string($d//*[local-name()='origine'])")" = guichet ]
	[ "$(xpath out.xml "string($d//*[local-name()='renouvellement']/@prochain)")" = 2018-03-05 ]
	[ "$(xpath out.xml "string($d//*[local-name()='modification']/@date)")" = 2017-03-05 ]
	[ "$(xpath out.xml "string($d//*[local-name()='evenement']/@type)")" = creation ]
	[ "$(xpath out.xml "string($d//*[local-name()='evenement']/@guichet)")" = G0417 ]
	[ "$(xpath out.xml "string($d//*[local-name()='dateCreationDemande'])")" = 2017-03-05 ]
	[ "$(xpath out.xml "string($d//*[local-name()='numGuichet'])")" = G0417 ]
}

@test "un dépôt du 29 février se renouvelle le 28 février" {
	sne-create -g G0417 -d 2016-02-29 "$F/territoires.xml" >out.xml
	[ "$(xpath out.xml "string(//*[local-name()='renouvellement']/@prochain)")" = 2017-02-28 ]
	[ "$(numeros out.xml | head -1)" = 0740216000001G0417 ]
}

@test "communes de deux départements : refusée en français, recopiée inchangée, les autres créées" {
	run --separate-stderr sne-create -g G0417 -d 2017-03-05 "$F/deux-departements.xml"
	[ "$status" -eq 1 ]
	echo "$output" >out.xml
	[[ "$stderr" == *"deux-departements.xml:"*"demande n°2 : "*"département"* ]]
	[[ "$stderr" != *Durand* ]]
	diff <(record_of "$F/deux-departements.xml" 2) <(record_of out.xml 2)
	run numeros out.xml
	assert_output "0740317000001G0417
0740317000002G0417"
	[ "$(count_records out.xml demande)" = 3 ]
}

@test "--rejets sort les demandes refusées, en flux interfaceNuu valide" {
	run --separate-stderr sne-create -g G0417 -d 2017-03-05 --rejets rejets.xml "$F/deux-departements.xml"
	[ "$status" -eq 1 ]
	echo "$output" >out.xml
	xmllint --noout out.xml rejets.xml
	[ "$(count_records out.xml demande)" = 2 ]
	[ "$(count_records rejets.xml demande)" = 1 ]
	[ "$(xpath rejets.xml "string(//*[local-name()='commune'][@code='73065']/@code)")" = 73065 ]
	[ "$(xpath rejets.xml "count(//*[local-name()='suivi'])")" = 0 ]
	grep -q "refusée" rejets.xml
}

@test "--rejets sans aucun refus donne un flux valide vide" {
	run sne-create -g G0417 -d 2017-03-05 --rejets rejets.xml "$F/territoires.xml"
	assert_success
	xmllint --noout rejets.xml
	[ "$(count_records rejets.xml demande)" = 0 ]
}

@test "un contenu obligatoire manquant est refusé en nommant le champ ; un dépôt dans le futur aussi" {
	run --separate-stderr sne-create -g G0417 -d 2017-03-05 "$F/incomplets.xml"
	[ "$status" -eq 1 ]
	echo "$output" >out.xml
	[[ "$stderr" == *"n°1 : nom du demandeur (nom) manquant"* ]]
	[[ "$stderr" == *"n°2 : aucun type de logement"* ]]
	[[ "$stderr" == *"n°3 : aucune commune souhaitée"* ]]
	[[ "$stderr" == *"n°4 : champ demandeElargie manquant"* ]]
	[[ "$stderr" == *"n°5 : date de dépôt du 6 mars 2017 postérieure à la date du jour, le 5 mars 2017"* ]]
	[[ "$stderr" != *"n°6"* ]]
	# the dépôt of the day itself is accepted
	run numeros out.xml
	assert_output 0740317000001G0417
}

@test "le fichier de création de l'interface ne perd aucun élément, quel que soit son préfixe d'espace de noms" {
	src="$FIXTURES/interfaceNuu-creation.xml"
	sed 's/ns1:/abc:/g; s/xmlns:ns1=/xmlns:abc=/' "$src" >abc.xml
	sed 's/ns1://g; s/xmlns:ns1=/xmlns=/' "$src" >default.xml
	for f in "$src" abc.xml default.xml; do
		run --separate-stderr sne-create -g G1104 -d 2017-03-21 "$f"
		assert_success
		echo "$output" >out.xml
		diff <(element_names "$f") <(element_names out.xml)
		before=$(xmllint --xpath "count(//*)" "$f")
		suivi=$(xpath out.xml "count(//*[local-name()='suivi']/descendant-or-self::*)")
		after=$(xmllint --xpath "count(//*)" out.xml)
		[ "$after" -eq $((before + 1 + suivi)) ]
		[ "$(numeros out.xml)" != "" ]
		run --separate-stderr sne-validate --check -d 2017-03-21 out.xml
		assert_success
		[ -z "$output" ]
	done
	grep -q '<abc:numUnique>' <(sne-create -g G1104 -d 2017-03-21 abc.xml)
	grep -q '<numUnique>' <(sne-create -g G1104 -d 2017-03-21 default.xml)
}

@test "une demande déjà enregistrée est recopiée octet pour octet" {
	sne-create -g G0417 -d 2017-03-05 "$F/territoires.xml" >one.xml
	run --separate-stderr sne-create -g G0417 -d 2017-03-06 one.xml
	assert_success
	echo "$output" >two.xml
	cmp one.xml two.xml
	[[ "$stderr" == *"5 inchangées"* ]]
}

@test "un doublon du registre est refusé en nommant le numéro existant ; un homonyme né un autre jour ne l'est pas" {
	sne-create -g G0417 -d 2017-03-05 "$F/territoires.xml" >registre.xml
	run --separate-stderr sne-create -g G0417 -d 2017-05-02 --registre registre.xml "$F/doublons.xml"
	[ "$status" -eq 1 ]
	echo "$output" >out.xml
	[[ "$stderr" == *"n°1 : doublon de la demande 0740317000001G0417"* ]]
	[[ "$stderr" != *"n°2"* && "$stderr" != *"n°3"* ]]
	[[ "$stderr" != *artin* && "$stderr" != *1984* ]]
	# the homonym (born another day) and the same person in another territory
	run numeros out.xml
	assert_output "0740517000001G0417
0730517000001G0417"
}

@test "doublon par pliage Unicode : Trương = Truong, Ștefan = Stefan, ΣΩΚΡΆΤΗΣ = Σωκράτης, ИВАНОВ = Иванов" {
	sed -e 's|<ns1:nom>Martin<|<ns1:nom>Trương<|' -e 's|<ns1:prenom>Paul<|<ns1:prenom>Ștefan<|' \
	    -e 's|<ns1:nom>Lefèvre<|<ns1:nom>ΣΩΚΡΆΤΗΣ<|' -e 's|<ns1:nom>Colonna<|<ns1:nom>ИВАНОВ<|' \
	    "$F/territoires.xml" >inscrits.xml
	sne-create -q -g G0417 -d 2017-03-05 inscrits.xml >registre.xml
	sed -e 's|<ns1:nom>Martin<|<ns1:nom>TRUONG<|' -e 's|<ns1:prenom>Paul<|<ns1:prenom>stefan<|' \
	    -e 's|<ns1:nom>Lefèvre<|<ns1:nom>Σωκράτης<|' -e 's|<ns1:nom>Colonna<|<ns1:nom>Иванов<|' \
	    -e 's|<ns1:nom>Payet<|<ns1:nom>Payette<|' "$F/territoires.xml" >nouveaux.xml
	run --separate-stderr sne-create -g G0417 -d 2017-05-02 --registre registre.xml nouveaux.xml
	assert_failure 1
	for i in 1 2 3 4; do
		[[ "$stderr" == *"n°$i : doublon de la demande"* ]] || { echo "n°$i: $stderr"; false; }
	done
	[[ "$stderr" != *"n°5"* ]]
	[[ "$stderr" == *"1 demande créée"* ]]
}

@test "la même personne deux fois dans un flux est un doublon de la première" {
	cat "$F/territoires.xml" >twice.xml
	run --separate-stderr sne-create -g G0417 -d 2017-03-05 twice.xml twice.xml
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"doublon de la demande 0740317000001G0417"* ]]
}

@test "un registre absent est une erreur 66" {
	run --separate-stderr sne-create -g G0417 -d 2017-03-05 --registre absent.xml "$F/territoires.xml"
	assert_failure 66
}

@test "portail grand public : brouillon sans numéro, ou en attente avec --soumise" {
	run --separate-stderr sne-create -g G0417 -d 2017-03-05 --origine pgp "$F/territoires.xml"
	assert_success
	echo "$output" >brouillons.xml
	[ -z "$(numeros brouillons.xml)" ]
	[ "$(xpath brouillons.xml "count(//*[local-name()='etat'][.='brouillon'])")" = 5 ]
	[ "$(xpath brouillons.xml "count(//*[local-name()='numGuichet'][.='GDPUB'])")" = 5 ]
	[ "$(xpath brouillons.xml "count(//*[local-name()='origine'][.='pgp'])")" = 5 ]
	run --separate-stderr sne-create -g G0417 -d 2017-03-09 --origine pgp --soumise brouillons.xml
	assert_success
	echo "$output" >soumises.xml
	[ -z "$(numeros soumises.xml)" ]
	[ "$(xpath soumises.xml "count(//*[local-name()='etat'][.='en-attente-validation'])")" = 5 ]
	[ "$(xpath soumises.xml "string(//*[local-name()='dateCreationDemande'])")" = 2017-03-09 ]
	[ ! -d "$SNE_STATE/compteurs" ] || [ -z "$(ls "$SNE_STATE/compteurs")" ]
}

@test "--soumise ne soumet que les demandes données : brouillons et invalidées du registre inchangés" {
	sne-create -q -g G0417 -d 2017-03-01 --origine pgp "$F/territoires.xml" >registre.xml
	# the last brouillon was invalidated by a guichet
	awk '/<s:etat>brouillon</ { n++ } n == 5 && /<s:etat>brouillon</ { sub(/brouillon/, "invalidee");
		$0 = $0 "<s:invalidation date=\"2017-03-02\" motif=\"pièce manquante\"/>" } { print }' \
		registre.xml >r.xml && mv r.xml registre.xml
	cp registre.xml avant.xml
	sed -e '0,/<ns1:nom>Martin</s//<ns1:nom>Nouvelle</' "$F/territoires.xml" |
		awk '/<ns1:demande>/ { n++ } n <= 1 || /<\/ns1:interfaceNuu>/ { print }' >nouvelle.xml
	run --separate-stderr sne-create -g G0417 -d 2017-03-09 --origine pgp --soumise -i registre.xml nouvelle.xml
	assert_success
	[ "$(xpath registre.xml "count(//*[local-name()='etat'][.='brouillon'])")" = 4 ]
	[ "$(xpath registre.xml "count(//*[local-name()='etat'][.='invalidee'])")" = 1 ]
	[ "$(xpath registre.xml "count(//*[local-name()='etat'][.='en-attente-validation'])")" = 1 ]
	for i in 1 2 3 4 5; do
		diff <(record_of avant.xml $i) <(record_of registre.xml $i)
	done
	[ "$(xpath registre.xml "string((//*[local-name()='demande'])[6]//*[local-name()='nom'])")" = Nouvelle ]
	[[ "$stderr" == *"1 soumise pour validation"* ]]
}

@test "GDPUB est réservé au portail : -g GDPUB refusé hors --origine pgp, tout autre code accepté" {
	run --separate-stderr sne-create -g GDPUB -d 2017-03-05 "$F/territoires.xml"
	assert_failure 64
	[ -z "$output" ]
	[[ "$stderr" == *"le code GDPUB est réservé au portail grand public (sne-create --origine pgp, sne-renew --canal pgp)"* ]]
	run --separate-stderr sne-create -g " gdpub" -d 2017-03-05 "$F/territoires.xml"
	assert_failure 64
	printf 'guichet: GDPUB\n' >sne.yaml
	run --separate-stderr sne-create -c sne.yaml -d 2017-03-05 "$F/territoires.xml"
	assert_failure 78
	[[ "$stderr" == *"clé « guichet » de la configuration : le code GDPUB est réservé"* ]]
	run --separate-stderr sne-create -g GDPUB -d 2017-03-05 --origine pgp "$F/territoires.xml"
	assert_success
	run --separate-stderr sne-create -g 00000 -d 2017-03-05 "$F/territoires.xml"
	assert_success
	[[ "$(numeros <(echo "$output") | head -1)" == *00000 ]]
	for p in "sne-renew -n 0740317000123G0417" "sne-validate --courriel a@b.fr" "sne-notice" \
	    "sne-attrib -n 0740317000123G0417"; do
		run --separate-stderr $p -g GDPUB </dev/null
		assert_failure 64
		[[ "$stderr" == *"réservé au portail"* ]] || { echo "$p: $stderr"; false; }
	done
	run --separate-stderr sne-renew -g GDPUB --canal pgp -d 2018-03-01 -n 0740317000123G0417 \
		"$FIXTURES/sne-renew/registre.xml"
	assert_success
}

@test "numGuichet GDPUB fait une demande du portail sans --origine" {
	sed 's/<ns1:numGuichet>G0417</<ns1:numGuichet>GDPUB</' "$F/territoires.xml" >gdpub.xml
	sne-create -g G0417 -d 2017-03-05 gdpub.xml >out.xml
	[ -z "$(numeros out.xml)" ]
	[ "$(xpath out.xml "count(//*[local-name()='etat'][.='brouillon'])")" = 5 ]
}

@test "--soumise seule est une erreur d'usage" {
	run --separate-stderr sne-create -g G0417 --soumise "$F/territoires.xml"
	assert_failure 64
}

@test "-i enregistre en place les nouvelles demandes d'un fichier de registre" {
	cp "$F/territoires.xml" registre.xml
	run --separate-stderr sne-create -g G0417 -d 2017-03-05 -i registre.xml
	assert_success
	[ -z "$output" ]
	[ "$(numeros registre.xml | wc -l)" -eq 5 ]
}

@test "un disque plein est une erreur d'entrée-sortie 74" {
	run sh -c 'sne-create -g G0417 -d 2017-03-05 "$1" >/dev/full' sh "$F/territoires.xml"
	assert_failure 74
}

@test "des passages en parallèle sur un même dossier d'état ne donnent jamais deux fois un numéro" {
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<ns1:interfaceNuu xmlns:ns1="http://nuu.application.i2/">'
		d=$(record_of "$F/territoires.xml" 1)
		for i in $(seq 200); do echo "$d" | sed "s/Martin/Martin$i/"; done
		echo '</ns1:interfaceNuu>'
	} >lot.xml
	for j in 1 2 3 4; do sne-create -q -g G0417 -d 2017-03-05 lot.xml >out$j.xml & done
	wait
	cat out1.xml out2.xml out3.xml out4.xml | grep -o '<ns1:numUnique>[^<]*' >all.txt
	[ "$(wc -l <all.txt)" -eq 800 ]
	[ "$(sort -u all.txt | wc -l)" -eq 800 ]
	# gaps are allowed (blocks reserved), duplicates never
	[ "$(grep -vc "<ns1:numUnique>0740317[0-9]\{6\}G0417$" all.txt)" -eq 0 ]
}

@test "-i ne lit le registre pour les doublons qu'une fois le verrou pris : un doublon écrit entre-temps est refusé" {
	sne-create -q -g G0417 -d 2017-03-25 "$FIXTURES/interfaceNuu-creation.xml" >avec.xml
	# the register starts without the person; another writer adds her while
	# it holds the lock (flock(1) on the same lock file as the programs)
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">\n</ns1:interfaceNuu>\n' >registre.xml
	chmod 600 registre.xml
	: >registre.xml.lock
	flock registre.xml.lock -c "sleep 1; cp avec.xml registre.xml" &
	holder=$!
	sleep 0.3
	run --separate-stderr sne-create -g G0417 -d 2017-03-25 --wait -i registre.xml \
		"$FIXTURES/interfaceNuu-creation.xml"
	wait "$holder"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"doublon de la demande 1110317"* ]]
	[ "$(count_records registre.xml demande)" -eq 2 ]
}

# souhaits CODE... : une demande à enregistrer dont les communes souhaitées
# sont les CODEs.
souhaits() {
	local code communes=
	for code in "$@"; do
		communes="$communes<ns1:localisationSouhaite><ns1:commune code=\"$code\"/></ns1:localisationSouhaite>"
	done
	cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">
  <ns1:demande><ns1:demandeLogement>
    <ns1:personnePhysique><ns1:demandeur>
      <ns1:nom>Martin</ns1:nom><ns1:prenom>Élodie</ns1:prenom><ns1:dateNaissance>1984-11-02</ns1:dateNaissance>
    </ns1:demandeur></ns1:personnePhysique>
    <ns1:logementRecherche><ns1:demandeElargie>false</ns1:demandeElargie>
      <ns1:listeTypeLogement><ns1:typeLogement code="T3"/></ns1:listeTypeLogement>
      <ns1:listeLocalisationSouhaite>$communes</ns1:listeLocalisationSouhaite>
    </ns1:logementRecherche>
  </ns1:demandeLogement></ns1:demande>
</ns1:interfaceNuu>
XML
}

# territoire CODE... : le territoire du numéro attribué (3 caractères), ou
# le code de sortie et le message.
territoire() {
	souhaits "$@" >d.xml
	run --separate-stderr sne-create -g G0417 -d 2017-03-05 d.xml
	echo "$output" >out.xml
	if [ "$status" -eq 0 ]; then
		numeros out.xml | cut -c1-3
	else
		echo "$status $stderr"
	fi
}

@test "commune souhaitée inconnue du code officiel géographique : refusée, code nommé, code 1" {
	run territoire 74999
	assert_output --partial "1 sne-create: d.xml:"
	assert_output --partial "commune souhaitée « 74999 » inconnue du code officiel géographique"
	# la demande passe inchangée
	diff <(record_of d.xml 1) <(record_of out.xml 1)
	run territoire 74010 74999
	assert_output --partial "« 74999 » inconnue"
	# un code postal tapé au lieu du code INSEE : le motif de la forme
	run territoire 74000
	assert_output --partial "numéro 000"
}

@test "commune fusionnée : l'ancien code (74011 Annecy-le-Vieux) est pris pour Annecy 74010" {
	run territoire 74011
	assert_output 074
	run territoire 74011 74010
	assert_output 074
	# la demande garde le code qu'elle porte
	[ "$(xpath out.xml "string(//*[local-name()='localisationSouhaite'][1]/*[local-name()='commune']/@code)")" = 74011 ]
	# un ancien code de l'Isère (38079), commune passée dans le Rhône (69270) :
	# territoire 069, et le motif de deux territoires nomme l'ancien code
	run territoire 38079
	assert_output 069
	run territoire 38079 38185
	assert_output --partial "dans deux territoires"
	assert_output --partial "(« 38079 » est l'ancien code de la commune « 69270 »)"
}

@test "arrondissements de Paris (111), Lyon et Marseille ; Corse 2A et 2B ; outre-mer 971 à 976" {
	run territoire 75113; assert_output 111
	run territoire 75056 75120; assert_output 111
	run territoire 69381; assert_output 069
	run territoire 13216; assert_output 013
	run territoire 2A004; assert_output 02A
	run territoire 2b033; assert_output 02B
	run territoire 2A004 2B033
	assert_output --partial "deux territoires"
	run territoire 97101; assert_output 971
	run territoire 97209; assert_output 972
	run territoire 97302; assert_output 973
	run territoire 97411; assert_output 974
	run territoire 97611; assert_output 976
	# une commune qui existe mais hors du registre (Saint-Barthélemy, 977)
	run territoire 97701
	assert_output --partial "département 977 inconnu"
	# un numéro qui n'existe pas dans un département d'outre-mer
	run territoire 97199
	assert_output --partial "« 97199 » inconnue"
}
