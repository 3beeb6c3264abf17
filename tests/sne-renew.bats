#!/usr/bin/env bats
# sne-renew: renewal window, 29 February, refusals, reactivation window,
# --expirer at its edges, byte-identical untouched records, -i on a register
# (mode, temp files, SIGKILL, lock).

bats_require_minimum_version 1.5.0
load test_helper/common
load test_helper/registre

setup() {
	common_setup
	REG="$FIXTURES/sne-renew/registre.xml"
	NU=0740317000123G0417        # active, anniversary 2018-03-05
	NU_BISSEXTIL=0740216000045G0417 # active, dépôt 2016-02-29, no prochain
	NU_JANVIER=0740117000200G0417   # active, anniversary 2018-01-31
	NU_RADREN=0740316000077G0417    # RADREN, anniversary 2017-03-10
	NU_RADATT=0740316000078G0417    # RADATT
}

# The value of attribute $3 of suivi child $2 of demande $1 in out.xml.
suivi_attr() {
	xpath out.xml "string(//*[local-name()='demande'][.//*[local-name()='numUnique']='$1']//*[local-name()='$2']/@$3)"
}

suivi_text() {
	xpath out.xml "string(//*[local-name()='demande'][.//*[local-name()='numUnique']='$1']//*[local-name()='$2'])"
}

# Number of evenement of type $2 of demande $1 in out.xml.
events() {
	xpath out.xml "count(//*[local-name()='demande'][.//*[local-name()='numUnique']='$1']//*[local-name()='evenement'][@type='$2'])"
}

# File $1 without the demande records that mention $2 (records split by
# their start and end tags, one record per block of lines).
without_record() {
	awk -v nu="$2" '
		/<ns1:demande>/ { inrec = 1; block = ""; hit = 0 }
		inrec { block = block $0 "\n"; if (index($0, nu)) hit = 1 }
		!inrec { print }
		/<\/ns1:demande>/ { inrec = 0; if (!hit) printf "%s", block }
	' "$1"
}

# Runs sne-renew on the file given, then on it as -i registre.xml and as -i
# registre.sqlite, which must agree (test_helper/registre).
renew() {
	deux_registres sne-renew -g G0417 "$@"
	printf '%s\n' "$output" >out.xml
}

@test "renouvellement le premier jour de la fenêtre (anniversaire - 2 mois)" {
	renew -n "$NU" -d 2018-01-05 "$REG"
	assert_success
	[ "$(suivi_attr "$NU" renouvellement dernier)" = 2018-01-05 ]
	[ "$(suivi_attr "$NU" renouvellement prochain)" = 2019-01-05 ]
	[ "$(suivi_attr "$NU" renouvellement canal)" = guichet ]
	[ "$(suivi_attr "$NU" modification date)" = 2018-01-05 ]
	[ "$(events "$NU" renouvellement)" = 1 ]
	[ "$(suivi_text "$NU" numUnique)" = "$NU" ]
	[ "$(suivi_text "$NU" dateCreationDemande)" = 2017-03-05 ]
	[[ "$stderr" == *"1 demande renouvelée"* ]]
}

@test "la veille de la fenêtre, le renouvellement est refusé et la demande inchangée" {
	renew -n "$NU" -d 2018-01-04 "$REG"
	assert_failure 1
	cmp out.xml "$REG"
	[[ "$stderr" == *"registre.xml:4: demande $NU : renouvellement anticipé refusé"* ]]
	[[ "$stderr" == *"5 janvier 2018"* ]]
	[[ "$stderr" != *Martin* && "$stderr" != *lodie* ]]
}

@test "renouvellement le jour de l'anniversaire et après (dans le mois), canal pgp" {
	renew -n "$NU" -d 2018-03-05 --canal pgp "$REG"
	assert_success
	[ "$(suivi_attr "$NU" renouvellement prochain)" = 2019-03-05 ]
	[ "$(suivi_attr "$NU" renouvellement canal)" = pgp ]
	renew -n "$NU" -d 2018-04-05 "$REG"
	assert_success
	[ "$(suivi_attr "$NU" renouvellement prochain)" = 2019-04-05 ]
}

@test "un renouvellement refait le même jour est refusé (déjà renouvelée)" {
	sne-renew -q -n "$NU" -d 2018-02-01 "$REG" >once.xml
	run --separate-stderr sne-renew -n "$NU" -d 2018-02-01 once.xml
	assert_failure 1
	[[ "$stderr" == *"renouvellement anticipé"* ]]
}

@test "numéro saisi avec espaces et minuscules, comparé canonique" {
	renew -n "074 0317 000123 g0417" -d 2018-02-01 "$REG"
	assert_success
	[ "$(events "$NU" renouvellement)" = 1 ]
}

@test "--numeros FICHIER : plusieurs numéros, un absent nommé après le passage" {
	printf '# à renouveler\n%s\n\n0740917000999G0417\n' "$NU" >liste
	renew --numeros liste -d 2018-02-01 "$REG"
	assert_failure 1
	[ "$(events "$NU" renouvellement)" = 1 ]
	[[ "$stderr" == *"demande 0740917000999G0417 absente de l'entrée"* ]]
}

@test "--numero invalide : erreur d'usage 64" {
	run --separate-stderr sne-renew -n 0741317000123G0417 "$REG"
	assert_failure 64
	[[ "$stderr" == *"mois"* ]]
}

@test "--numeros introuvable : 66 ; ligne invalide : 65 avec la ligne" {
	run --separate-stderr sne-renew --numeros absent.txt "$REG"
	assert_failure 66
	printf '%s\nXYZ\n' "$NU" >liste
	run --separate-stderr sne-renew --numeros liste "$REG"
	assert_failure 65
	[[ "$stderr" == *"liste: ligne 2"* ]]
}

@test "29 février : dépôt 2016-02-29, anniversaire 2017-02-28" {
	renew -n "$NU_BISSEXTIL" -d 2016-12-27 "$REG"
	assert_failure 1
	[[ "$stderr" == *"ouvre le 28 décembre 2016 (anniversaire le 28 février 2017)"* ]]
	renew -n "$NU_BISSEXTIL" -d 2016-12-28 "$REG"
	assert_success
	[ "$(suivi_attr "$NU_BISSEXTIL" renouvellement prochain)" = 2017-12-28 ]
}

@test "29 février : renouvellement le 2020-02-29 donne prochain 2021-02-28" {
	renew -n "$NU_BISSEXTIL" -d 2017-02-01 "$REG"
	cp out.xml r1.xml
	sed 's/prochain="2018-02-01"/prochain="2020-03-15"/' r1.xml >r2.xml
	run --separate-stderr sne-renew -n "$NU_BISSEXTIL" -d 29/02/2020 r2.xml
	assert_success
	printf '%s\n' "$output" >out.xml
	[ "$(suivi_attr "$NU_BISSEXTIL" renouvellement dernier)" = 2020-02-29 ]
	[ "$(suivi_attr "$NU_BISSEXTIL" renouvellement prochain)" = 2021-02-28 ]
}

@test "refus : demande radiée pour attribution, brouillon sans numéro" {
	renew -n "$NU_RADATT" -d 2017-04-01 "$REG"
	assert_failure 1
	[[ "$stderr" == *"demande $NU_RADATT : radiée (motif RADATT)"* ]]
	cmp out.xml "$REG"
	renew -d 2018-02-01 "$REG"
	assert_failure 1
	[[ "$stderr" == *"demande n°6 : état « brouillon »"* ]]
}

@test "sans --numero, toutes les demandes de l'entrée sont traitées" {
	renew -d 2018-01-10 "$REG"
	assert_failure 1
	[ "$(events "$NU" renouvellement)" = 1 ]
	[ "$(events "$NU_JANVIER" renouvellement)" = 1 ]
	[[ "$stderr" == *"2 demandes renouvelées, aucune réactivée, 4 refusées"* ]]
}

@test "--force : profil gestionnaire exigé (77), motif exigé (64), inscrit dans l'historique" {
	run --separate-stderr sne-renew -n "$NU" --force --motif "erreur de saisie" -d 2017-06-01 "$REG"
	assert_failure 77
	config <<-EOF
		profil: gestionnaire
	EOF
	run --separate-stderr sne-renew -n "$NU" --force -d 2017-06-01 "$REG"
	assert_failure 64
	run --separate-stderr sne-renew -n "$NU" --force --motif "x" --operateur dupont -d 2017-06-01 "$REG"
	assert_failure 64
	renew -n "$NU" --force --motif "erreur de saisie" -d 2017-06-01 "$REG"
	assert_success
	[ "$(suivi_attr "$NU" renouvellement prochain)" = 2018-06-01 ]
	run xpath out.xml "string(//*[local-name()='evenement'][@type='renouvellement']/@operateur)"
	assert_output "$(id -un)"
	run xpath out.xml "string(//*[local-name()='evenement'][@type='renouvellement']/@motif)"
	assert_output "erreur de saisie"
}

@test "réactivation RADREN le dernier jour (anniversaire + 6 mois)" {
	renew -n "$NU_RADREN" -d 2017-09-10 "$REG"
	assert_success
	[ "$(suivi_text "$NU_RADREN" etat)" = active ]
	[ "$(xpath out.xml "count(//*[local-name()='demande'][.//*[local-name()='numUnique']='$NU_RADREN']//*[local-name()='radiation'])")" = 0 ]
	[ "$(events "$NU_RADREN" reactivation)" = 1 ]
	[ "$(events "$NU_RADREN" radiation)" = 1 ]
	[ "$(suivi_attr "$NU_RADREN" renouvellement prochain)" = 2018-09-10 ]
	[ "$(suivi_text "$NU_RADREN" dateCreationDemande)" = 2016-03-10 ]
	[[ "$stderr" == *"1 réactivée"* ]]
}

@test "réactivation le lendemain de la limite : refusée, nouvelle demande nécessaire" {
	renew -n "$NU_RADREN" -d 2017-09-11 "$REG"
	assert_failure 1
	cmp out.xml "$REG"
	[[ "$stderr" == *"demande $NU_RADREN : radiée pour non-renouvellement"*"une nouvelle demande est nécessaire"* ]]
}

@test "--expirer : 31 janvier + 1 mois = 28 février ; radiée le 28 février, pas le 27" {
	without_record "$REG" "$NU_BISSEXTIL" >reg.xml # its anniversary is long past
	REG=$PWD/reg.xml
	renew --expirer -d 2018-02-27 -n "$NU" "$REG"
	assert_failure 64
	renew --expirer -d 2018-02-27 "$REG"
	assert_success
	cmp out.xml "$REG"
	[[ "$stderr" == *"aucune demande radiée"* ]]
	renew --expirer -v -d 2018-02-28 "$REG"
	assert_success
	[ "$(suivi_text "$NU_JANVIER" etat)" = radiee ]
	[ "$(suivi_attr "$NU_JANVIER" radiation motif)" = RADREN ]
	[ "$(suivi_attr "$NU_JANVIER" radiation date)" = 2018-02-28 ]
	[ "$(events "$NU_JANVIER" radiation)" = 1 ]
	[ "$(suivi_text "$NU" etat)" = active ]
	[[ "$stderr" == *"demande $NU_JANVIER radiée RADREN"* ]]
	[[ "$stderr" == *"1 demande radiée"* ]]
}

@test "radiation à t + 13 mois : anniversaire 5 mars, active le 4 avril, radiée le 5 avril" {
	renew --expirer -d 2018-04-04 "$REG"
	[ "$(suivi_text "$NU" etat)" = active ]
	renew --expirer -d 2018-04-05 "$REG"
	[ "$(suivi_text "$NU" etat)" = radiee ]
	[ "$(suivi_attr "$NU" radiation date)" = 2018-04-05 ]
	# the 4th, last day, a renewal keeps it active
	renew -n "$NU" -d 2018-04-04 "$REG"
	assert_success
	[ "$(suivi_text "$NU" etat)" = active ]
	[ "$(suivi_attr "$NU" renouvellement prochain)" = 2019-04-04 ]
	[ "$(events "$NU" reactivation)" = 0 ]
}

@test "--expirer est idempotent : un second passage ne change rien" {
	sne-renew -q --expirer -d 2018-06-01 "$REG" >once.xml
	run --separate-stderr sne-renew --expirer -d 2018-06-01 once.xml
	assert_success
	printf '%s\n' "$output" >twice.xml
	cmp once.xml twice.xml
	[[ "$stderr" == *"aucune demande radiée"* ]]
}

@test "--expirer : les demandes non radiées sont identiques à l'octet près" {
	without_record "$REG" "$NU_BISSEXTIL" >reg.xml
	REG=$PWD/reg.xml
	renew --expirer -d 2018-03-01 "$REG"
	assert_success
	! cmp -s out.xml "$REG"
	diff <(without_record out.xml "$NU_JANVIER") <(without_record "$REG" "$NU_JANVIER")
}

@test "un seul renouvellement : toutes les autres demandes identiques à l'octet près" {
	renew -n "$NU" -d 2018-02-01 "$REG"
	assert_success
	! cmp -s out.xml "$REG"
	diff <(without_record out.xml "$NU") <(without_record "$REG" "$NU")
	[ "$(count_records out.xml demande)" = 6 ]
}

@test "-i : registre mis à jour, mode 0600, aucun fichier temporaire laissé" {
	cp "$REG" registre.xml
	chmod 644 registre.xml
	run --separate-stderr sne-renew -i registre.xml -n "$NU" -d 2018-02-01
	assert_success
	[ -z "$output" ]
	cp registre.xml out.xml
	[ "$(suivi_attr "$NU" renouvellement dernier)" = 2018-02-01 ]
	[ "$(stat -c %a registre.xml)" = 600 ]
	[ -z "$(find . -name '*.tmp.*')" ]
}

@test "-i : numéro absent, refus, le registre garde les autres changements (1)" {
	cp "$REG" registre.xml
	run --separate-stderr sne-renew -i registre.xml -n "$NU" -n 0740917000999G0417 -d 2018-02-01
	assert_failure 1
	cp registre.xml out.xml
	[ "$(events "$NU" renouvellement)" = 1 ]
}

big_register() {
	awk -v n="$1" -f "$FIXTURES/sne-renew/gen-registre.awk" >big.xml
}

@test "-i : SIGKILL pendant la réécriture laisse l'ancien registre intact" {
	big_register 200000
	cp big.xml original.xml
	# the kills fall at fractions of a whole run timed here, not at fixed
	# delays: a faster program would be done before them
	cp big.xml timed.xml
	start=$(date +%s.%N)
	sne-renew -q --expirer -d 2018-03-01 -i timed.xml 2>/dev/null
	took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
	killed=0
	for fraction in 0.15 0.4 0.65; do
		sne-renew -q --expirer -d 2018-03-01 -i big.xml 2>/dev/null &
		pid=$!
		sleep "$(awk -v t="$took" -v f="$fraction" -v r="$RANDOM" 'BEGIN { printf "%.2f", t * (f + r / 32767 / 10) }')"
		if kill -9 "$pid" 2>/dev/null; then # still running: killed in the middle
			wait "$pid" || true
			# the old register, or the whole new one when the kill came
			# after the rename, while the process was exiting: never a mix
			cmp -s big.xml original.xml || cmp big.xml timed.xml
			cp original.xml big.xml
			killed=$((killed + 1))
		else # done sooner than timed (a less loaded host): start again
			wait "$pid" || true
			cp original.xml big.xml
		fi
	done
	[ "$killed" -ge 2 ]
	xmllint --noout big.xml
	[ "$(count_records big.xml demande)" = 200000 ]
	run --separate-stderr sne-renew --expirer -d 2018-03-01 -i big.xml
	assert_success
	[[ "$stderr" == *"200000 demandes radiées"* ]]
	[ -z "$(find . -name '.big.xml.tmp.*')" ]
	xmllint --noout big.xml
}

# Waits until the lock file of $1 names its holder (a run is inside).
wait_for_holder() {
	for _ in $(seq 100); do
		[ -s "$1.lock" ] && return 0
		sleep 0.05
	done
	return 1
}

@test "-i : un second passage concurrent sort 75 en nommant le détenteur, ou attend avec --wait" {
	big_register 100000
	sne-renew -q --expirer -d 2018-03-01 -i big.xml &
	first=$!
	wait_for_holder big.xml
	run --separate-stderr sne-renew -n 0740117000005G0417 -d 2018-02-01 -i big.xml
	assert_failure 75
	[[ "$stderr" == *"pid $first"* ]]
	run --separate-stderr sne-renew --expirer -d 2018-03-01 --wait -i big.xml
	assert_success
	wait "$first"
	[[ "$stderr" == *"aucune demande radiée"* ]]
	xmllint --noout big.xml
}

@test "usage : --canal inconnu 64, -q tait le bilan, --help en français" {
	run --separate-stderr sne-renew --canal courrier "$REG"
	assert_failure 64
	[[ "$stderr" == *"--canal « courrier » inconnu"* ]]
	run --separate-stderr sne-renew -q -n "$NU" -d 2018-02-01 "$REG"
	assert_success
	[ -z "$stderr" ]
	run --separate-stderr sne-renew --help
	assert_success
	[[ "$output" == *"--expirer"* && "$output" == *"--numeros FICHIER"* ]]
}

@test "--expirer sans -v ne nomme pas les demandes radiées" {
	renew --expirer -d 2018-03-01 "$REG"
	assert_success
	[[ "$stderr" != *"$NU_JANVIER"* ]]
}
