#!/usr/bin/env bats
# sne-fix: profile gestionnaire only; identity, date de dépôt (prochain and
# the préavis that follow), reactivation of any radiation, the doublon
# listing and the merge, each with its motif and the operator's login,
# each idempotent, each refusal at its edge.

bats_require_minimum_version 1.5.0
load test_helper/common
load test_helper/generator

setup_file() {
	export GEN_PATH PLANT_PATH
	GEN_PATH=$(generator)
	PLANT_PATH=$(planter)
}

setup() {
	common_setup
	cp "$SHARE/exemples/registre.xml" registre.xml
	chmod 600 registre.xml
	printf 'guichet: G0417\nprofil: gestionnaire\n' >support.yaml
	printf 'guichet: G0417\nprofil: bailleur\n' >bailleur.yaml
	NU=0740317000001G0417       # Élodie Martin, 74, dépôt 2017-03-05, prochain 2018-03-05
	NU_FEV=0740217000001G0417   # Paul Girard, 74, dépôt 2017-02-10
	NU_DUPONT=0740317000002G0417
	LOGIN=$(id -un)
}

of() {
	xpath registre.xml "string(//*[local-name()='demande'][.//*[local-name()='numUnique']='$1']$2)"
}

events_of() {
	xpath registre.xml "count(//*[local-name()='demande'][.//*[local-name()='numUnique']='$1']//*[local-name()='evenement'][@type='$2'])"
}

fix() {
	run --separate-stderr sne-fix -c support.yaml "$@"
}

radiate_for_attribution() {
	run -0 sne-attrib -c bailleur.yaml -d "$2" -n "$1" --rpls 74A0001234 \
		--bailleur "Haute-Savoie Habitat" --date-bail "$2" --contingent COLTER \
		--accord-collectif AUCUN --dalo NON --reference "$SHARE/exemples/rpls.xml" -i registre.xml
}

@test "un profil autre que gestionnaire est refusé (77), registre intact, pour chaque correction" {
	cp registre.xml avant.xml
	for args in "--nom Durand" "--date-depot 2017-03-10" "--reactiver"; do
		# shellcheck disable=SC2086
		run -77 --separate-stderr sne-fix -n "$NU" $args --motif essai -i registre.xml
		[[ "$stderr" == *"le profil « guichet » ne peut pas corriger"*"gestionnaire"* ]]
		# shellcheck disable=SC2086
		run -77 --separate-stderr sne-fix -c bailleur.yaml -n "$NU" $args --motif essai -i registre.xml
	done
	run -77 --separate-stderr sne-fix --doublons registre.xml
	run -77 --separate-stderr sne-fix --fusionner "$NU" "$NU_DUPONT" --motif essai -i registre.xml
	cmp registre.xml avant.xml
}

@test "chaque correction exige --motif ; une sorte de correction par appel ; une demande nommée" {
	fix -n "$NU" --nom Durand -i registre.xml
	assert_failure 64
	[[ "$stderr" == *"--motif TEXTE obligatoire"* ]]
	fix -n "$NU" --nom Durand --reactiver --motif x -i registre.xml
	assert_failure 64
	fix --nom Durand --motif x -i registre.xml
	assert_failure 64
	[[ "$stderr" == *"--numero NU ou --numeros FICHIER"* ]]
	fix -n "$NU" --nom Durand --motif x <registre.xml
	assert_failure 64
	[[ "$stderr" == *"donnez -i REGISTRE ou le fichier du registre"* ]]
}

@test "correction du nom et de la civilité : historique avec opérateur (le login) et motif ; la seconde fois, rien" {
	fix -d 2018-01-10 -n "$NU" --nom Martin-Durand --civilite 1 --motif "acte de mariage" -i registre.xml
	assert_success
	[ "$(of "$NU" "//*[local-name()='demandeur']/*[local-name()='nom']")" = Martin-Durand ]
	[ "$(of "$NU" "//*[local-name()='demandeur']/*[local-name()='civilite']/@code")" = 1 ]
	[ "$(of "$NU" "//*[local-name()='evenement'][@type='correction-identite']/@operateur")" = "$LOGIN" ]
	[ "$(of "$NU" "//*[local-name()='evenement'][@type='correction-identite']/@motif")" = "acte de mariage" ]
	[ "$(of "$NU" "//*[local-name()='evenement'][@type='correction-identite']/@champs")" = "civilite nom" ]
	[ "$(of "$NU" "//*[local-name()='modification']/@date")" = 2018-01-10 ]
	run -0 sne-validate --check -d 2018-01-10 registre.xml
	cp registre.xml apres.xml
	fix -d 2018-01-11 -n "$NU" --nom Martin-Durand --civilite 1 --motif "acte de mariage" -i registre.xml
	assert_success
	[[ "$stderr" == *"demande $NU : aucun changement : la demande porte déjà cette identité"* ]]
	[[ "$stderr" == *"aucune demande corrigée, 1 déjà à jour, aucune refusée"* ]]
	cmp registre.xml apres.xml
}

@test "l'index des doublons voit la nouvelle identité : refus nommant l'autre numéro, sauf --doublon-accepte" {
	cp registre.xml avant.xml
	fix -d 2018-01-10 -n "$NU" --nom Dupont --prenom Karim --date-naissance 21/05/1977 \
		--motif "erreur de dossier" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"demande $NU : avec cette identité, la demande serait un doublon de la demande $NU_DUPONT"* ]]
	cmp registre.xml avant.xml
	fix -d 2018-01-10 -n "$NU" --nom Dupont --prenom Karim --date-naissance 21/05/1977 \
		--doublon-accepte --motif "homonyme vérifié" -i registre.xml
	assert_success
	[ "$(of "$NU" "//*[local-name()='demandeur']/*[local-name()='dateNaissance']")" = 1977-05-21 ]
}

@test "--cotitulaire corrige le cotitulaire ; une demande sans cotitulaire est refusée" {
	fix -d 2018-01-10 -n "$NU" --cotitulaire --prenom Samira --motif x -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"pas de cotitulaire"* ]]
}

@test "--date-depot d'une demande jamais renouvelée : prochain suit, puis le préavis de sne-notice le bon jour" {
	# before: the préavis 2 mois of the anniversary 2018-03-05 is due from 2018-01-05
	run -0 --separate-stderr sne-notice -d 2018-01-19 registre.xml
	[[ "$output" == *"<e:numUnique>$NU</e:numUnique>"*"<e:anniversaire>2018-03-05</e:anniversaire>"* ]]
	fix -d 2018-01-10 -n "$NU" --date-depot 20/03/2017 --motif "dossier daté du 20 mars" -i registre.xml
	assert_success
	[ "$(of "$NU" "//*[local-name()='dateCreationDemande']")" = 2017-03-20 ]
	[ "$(of "$NU" "//*[local-name()='renouvellement']/@prochain")" = 2018-03-20 ]
	[ "$(of "$NU" "//*[local-name()='numUnique']")" = "$NU" ]
	[ "$(of "$NU" "//*[local-name()='evenement'][@type='correction-depot']/@depot-avant")" = 2017-03-05 ]
	run -0 sne-validate --check -d 2018-01-10 registre.xml
	# the day before anniversary - 2 months: nothing for it; that day: its préavis
	run -0 --separate-stderr sne-notice -d 2018-01-19 registre.xml
	[[ "$output" != *"<e:numUnique>$NU</e:numUnique>"* ]]
	run -0 --separate-stderr sne-notice -d 2018-01-20 registre.xml
	[[ "$output" == *"<e:numUnique>$NU</e:numUnique>"*"<e:anniversaire>2018-03-20</e:anniversaire>"* ]]
	# the same correction again changes nothing
	cp registre.xml apres.xml
	fix -d 2018-01-11 -n "$NU" --date-depot 2017-03-20 --motif "dossier daté du 20 mars" -i registre.xml
	assert_success
	[[ "$stderr" == *"aucun changement : la date de dépôt est déjà le 20 mars 2017"* ]]
	cmp registre.xml apres.xml
}

@test "--date-depot à ses bords : le 1er du mois du numéro oui, la veille non ; aujourd'hui oui, demain non" {
	fix -d 2017-03-10 -n "$NU" --date-depot 2017-02-28 --motif x -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"antérieure au mois du numéro unique (03/2017"* ]]
	fix -d 2017-03-10 -n "$NU" --date-depot 2017-03-11 --motif x -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"dans le futur"* ]]
	fix -d 2017-03-10 -n "$NU" --date-depot 2017-03-10 --motif x -i registre.xml
	assert_success
	fix -d 2017-03-10 -n "$NU" --date-depot 2017-03-01 --motif x -i registre.xml
	assert_success
	[ "$(of "$NU" "//*[local-name()='renouvellement']/@prochain")" = 2018-03-01 ]
}

@test "--date-depot d'une demande renouvelée : prochain suit le dernier renouvellement ; après lui, refusée" {
	run -0 sne-renew -g G0417 -d 2018-02-01 -n "$NU_FEV" -i registre.xml
	[ "$(of "$NU_FEV" "//*[local-name()='renouvellement']/@prochain")" = 2019-02-01 ]
	fix -d 2018-03-01 -n "$NU_FEV" --date-depot 2018-02-02 --motif x -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"postérieure au dernier renouvellement (le 1 février 2018)"* || "$stderr" == *"postérieure au dernier renouvellement (le 1er février 2018)"* ]]
	fix -d 2018-03-01 -n "$NU_FEV" --date-depot 2017-02-20 --motif "date du dossier" -i registre.xml
	assert_success
	[ "$(of "$NU_FEV" "//*[local-name()='dateCreationDemande']")" = 2017-02-20 ]
	[ "$(of "$NU_FEV" "//*[local-name()='renouvellement']/@prochain")" = 2019-02-01 ]
	run -0 sne-validate --check -d 2018-03-01 registre.xml
}

@test "--reactiver une demande radiée RADATT, au-delà de tout délai : active, radiation dans l'historique" {
	radiate_for_attribution "$NU" 2017-05-02
	[ "$(of "$NU" "//*[local-name()='etat']")" = radiee ]
	# a correction of a radiated demande asks for the reactivation first
	fix -d 2019-06-01 -n "$NU" --nom Durand --motif x -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"radiée (motif RADATT) : réactivez-la d'abord (sne-fix --reactiver)"* ]]
	fix -d 2019-06-01 -n "$NU" --reactiver --motif "attribution saisie sur la mauvaise demande" -i registre.xml
	assert_success
	[ "$(of "$NU" "//*[local-name()='etat']")" = active ]
	[ "$(xpath registre.xml "count(//*[local-name()='demande'][.//*[local-name()='numUnique']='$NU']//*[local-name()='suivi']/*[local-name()='radiation'])")" = 0 ]
	[ "$(of "$NU" "//*[local-name()='evenement'][@type='reactivation']/@motif-radiation")" = RADATT ]
	[ "$(of "$NU" "//*[local-name()='evenement'][@type='reactivation']/@radiation")" = 2017-05-02 ]
	[ "$(of "$NU" "//*[local-name()='evenement'][@type='reactivation']/@operateur")" = "$LOGIN" ]
	[ "$(of "$NU" "//*[local-name()='renouvellement']/@prochain")" = 2020-06-01 ]
	[ "$(of "$NU" "//*[local-name()='dateCreationDemande']")" = 2017-03-05 ]
	[ "$(events_of "$NU" radiation)" = 1 ]
	run -0 sne-validate --check -d 2019-06-01 registre.xml
	cp registre.xml apres.xml
	fix -d 2019-06-02 -n "$NU" --reactiver --motif "attribution saisie sur la mauvaise demande" -i registre.xml
	assert_success
	[[ "$stderr" == *"aucun changement : la demande est déjà active"* ]]
	cmp registre.xml apres.xml
}

@test "--reactiver --prochain fixe le prochain renouvellement, qui doit suivre la date du jour" {
	radiate_for_attribution "$NU" 2017-05-02
	fix -d 2017-06-01 -n "$NU" --reactiver --prochain 2017-06-01 --motif x -i registre.xml
	assert_failure 64
	fix -d 2017-06-01 -n "$NU" --reactiver --prochain 2018-03-05 --motif x -i registre.xml
	assert_success
	[ "$(of "$NU" "//*[local-name()='renouvellement']/@prochain")" = 2018-03-05 ]
}

@test "un numéro absent est signalé (code 1), les autres sont corrigés" {
	fix -d 2018-01-10 -n "$NU" -n 0740317000999G0417 --nom Durand --motif x -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"demande 0740317000999G0417 absente du registre"* ]]
	[ "$(of "$NU" "//*[local-name()='demandeur']/*[local-name()='nom']")" = Durand ]
}

@test "--doublons liste une vraie paire ; --fusionner la traite ; le registre reste valide ; deux fois, rien" {
	run -0 sne-create -g G0417 -d 2017-06-12 -i registre.xml "$SHARE/exemples/doublon.xml"
	local nouveau=0740617000001G0417
	fix --doublons registre.xml
	assert_success
	printf '%s\n' "$output" >doublons.xml
	run -0 xmllint --noout --schema "$SHARE/xsd/doublon.xsd" doublons.xml
	[ "$(count_records doublons.xml paire)" = 1 ]
	[ "$(xpath doublons.xml "string(//*[local-name()='paire']/@ressemblance)")" = une-lettre ]
	[ "$(xpath doublons.xml "string(//*[local-name()='paire']/*[1]/@numero)")" = "$NU" ]
	[ "$(xpath doublons.xml "string(//*[local-name()='paire']/*[2]/@numero)")" = "$nouveau" ]
	[[ "$output" != *Martin* && "$output" != *Matrin* ]]
	fix --doublons registre.xml --format tsv
	assert_success
	assert_line --index 1 "a-verifier	une-lettre	074	$NU	5	$nouveau	21"
	# keep the newer one: it takes the older date de dépôt
	fix -d 2017-06-20 --fusionner "$nouveau" "$NU" --motif "même personne, deux dépôts" -i registre.xml
	assert_success
	[ "$(of "$nouveau" "//*[local-name()='dateCreationDemande']")" = 2017-03-05 ]
	[ "$(of "$nouveau" "//*[local-name()='etat']")" = active ]
	[ "$(of "$nouveau" "//*[local-name()='evenement'][@type='fusion']/@radiee")" = "$NU" ]
	[ "$(of "$nouveau" "//*[local-name()='evenement'][@type='fusion']/@depot-avant")" = 2017-06-12 ]
	[ "$(of "$NU" "//*[local-name()='etat']")" = radiee ]
	[ "$(of "$NU" "//*[local-name()='radiation']/@motif")" = fusion ]
	[ "$(of "$NU" "//*[local-name()='radiation']/@fusion-avec")" = "$nouveau" ]
	[ "$(of "$NU" "//*[local-name()='evenement'][@type='radiation']/@operateur")" = "$LOGIN" ]
	run -0 --separate-stderr sne-validate --check -d 2017-06-20 registre.xml
	fix --doublons registre.xml
	assert_success
	[ "$(printf '%s\n' "$output" | grep -c '<d:paire')" = 0 ]
	cp registre.xml apres.xml
	fix -d 2017-06-21 --fusionner "$nouveau" "$NU" --motif "même personne, deux dépôts" -i registre.xml
	assert_success
	[[ "$stderr" == *"aucun changement : la demande $NU est déjà radiée par fusion avec la demande $nouveau"* ]]
	cmp registre.xml apres.xml
	# a later lookup of the radiated numéro names the one kept
	fix -d 2017-06-21 -n "$NU" --nom Martin --motif x -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"radiée par fusion avec la demande $nouveau, qui est conservée"* ]]
}

@test "--fusionner refuse deux territoires, une demande radiée, un numéro absent ; le registre reste" {
	cp registre.xml avant.xml
	fix -d 2018-01-10 --fusionner "$NU" 1110317000001G0417 --motif x -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"deux territoires"* ]]
	fix -d 2018-01-10 --fusionner "$NU" 0740317000999G0417 --motif x -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"0740317000999G0417 absente du registre"* ]]
	cmp registre.xml avant.xml
	fix -d 2018-01-10 --fusionner "$NU" "$NU" --motif x -i registre.xml
	assert_failure 64
	radiate_for_attribution "$NU_DUPONT" 2017-05-02
	fix -d 2018-01-10 --fusionner "$NU" "$NU_DUPONT" --motif x -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"demande $NU_DUPONT radiee motif RADATT : une fusion réunit deux demandes actives"* ]]
}

@test "--doublons sur un registre généré retrouve chaque doublon planté, de chaque genre (rappel 1)" {
	gen -n 3000 -o genere.xml
	ASAN_OPTIONS=detect_leaks=0 "$PLANT_PATH" -t 10 -v verite.tsv genere.xml >plante.xml
	fix --doublons plante.xml --format tsv
	assert_success
	printf '%s\n' "$output" >liste.tsv
	run -0 "$SNE_TOP/bench/doublons-rappel" verite.tsv liste.tsv
	printf "%s\n" "$output" | sed "s/^/# /" >&3
	assert_line --partial "rappel 1.0000"
	for kind in identite inversion prenom-coupe une-lettre patronymique; do
		assert_line --regexp "^  $kind +([0-9]+)/\1\$"
	done
}

@test "--cotitulaire corrige le nom du cotitulaire d'une demande réelle, pas celui du demandeur" {
	run -0 --separate-stderr sne-create -g G1104 -d 2017-03-21 "$FIXTURES/interfaceNuu-creation.xml"
	printf '%s\n' "$output" >reel.xml
	local nu
	nu=$(xpath reel.xml "string(//*[local-name()='numUnique'])")
	fix -d 2017-04-01 -n "$nu" --cotitulaire --nom Nguyen-Bensaïd --motif "livret de famille" -i reel.xml
	assert_success
	[ "$(xpath reel.xml "string(//*[local-name()='cotitulaire']/*[local-name()='nom'])")" = Nguyen-Bensaïd ]
	[ "$(xpath reel.xml "string(//*[local-name()='demandeur']/*[local-name()='nom'])")" = Nguyen ]
	[ "$(xpath reel.xml "string(//*[local-name()='evenement'][@type='correction-identite']/@cotitulaire)")" = oui ]
	run -0 sne-validate --check -d 2017-04-01 reel.xml
}

@test "sortie pleine (/dev/full) : code 74, pour une correction comme pour --doublons" {
	run -74 --separate-stderr bash -c "sne-fix -c support.yaml -d 2018-01-10 -n $NU --nom Durand --motif x registre.xml >/dev/full"
	[[ "$stderr" == *"écriture impossible"* ]]
	run -74 --separate-stderr bash -c "sne-fix -c support.yaml --doublons registre.xml >/dev/full"
}

@test "--numeros : deux demandes corrigées vers une même identité dans un appel, la seconde est refusée" {
	printf '%s\n' "$NU" "$NU_FEV" >liste.txt
	fix -d 2018-01-10 --numeros liste.txt --nom Durand --prenom Jeanne --date-naissance 1980-01-01 \
		--motif "dossiers mêlés" -i registre.xml
	assert_failure 1
	[[ "$stderr" == *"demande $NU : avec cette identité, la demande serait un doublon de la demande $NU_FEV"* ]]
	[[ "$stderr" == *"1 demande corrigée, aucune déjà à jour, 1 refusée"* ]]
	[ "$(of "$NU_FEV" "//*[local-name()='demandeur']/*[local-name()='nom']")" = Durand ]
	[ "$(of "$NU" "//*[local-name()='demandeur']/*[local-name()='nom']")" = Martin ]
}
