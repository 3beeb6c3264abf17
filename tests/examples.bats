#!/usr/bin/env bats
# Every example of a man page (each literal block of its EXAMPLES section)
# is run here as written, in a sandbox: the installed paths it names
# (/usr/local/share/sne, /etc/sne, /var/lib/sne, /srv/sne...) are moved
# under the test's folder, a crontab line runs its command as cron would
# (the five time fields dropped, \% read as %).  A page's test first checks
# that it knows every block of the page, so that a new example without a
# run here fails; the last test checks that every page of share/man (and
# the page of every program of cmd/) has such a test, so that a new page
# without one fails.

bats_require_minimum_version 1.5.0
load test_helper/common

MAN="$SNE_TOP/share/man"

setup() {
	common_setup
	R="$BATS_TEST_TMPDIR/racine"
	mkdir -p "$R/etc/sne" "$R/var/lib/sne" "$R/var/spool/sne" "$R/var/log/sne" \
		"$R/srv/sne" "$R/srv/depot/rpls" ex
	STUBS="$BATS_TEST_TMPDIR/stubs"
	mkdir -p "$STUBS"
	PATH="$STUBS:$PATH"
}

# Writes the literal blocks of the EXAMPLES section of page $1 into
# ex/1, ex/2..., mdoc's \e read back as \; prints how many.
extract_examples() {
	awk '
		/^\.Sh / { in_examples = ($0 == ".Sh EXAMPLES") }
		in_examples && /^\.Bd -literal/ { n++; file = "ex/" n; printf "" >file; block = 1; next }
		block && /^\.Ed/ { block = 0; close(file); next }
		block { gsub(/\\e/, "\\"); print >file }
		END { print n + 0 }
	' "$1"
}

# The text of example $1 with the installed paths moved into the sandbox.
mapped() {
	sed -E -e "s#/usr/local/share/sne#$SHARE#g" \
		-e "s#(^|[^[:alnum:]_./-])(/etc/sne|/var/lib/sne|/var/spool/sne|/var/log/sne|/srv/sne|/srv/depot)#\\1$R\\2#g" \
		"ex/$1"
}

# Runs example $1 with bash, in the current folder ("cron" as $2: a
# crontab line); status and output as bats' run gives them.
run_example() {
	local text
	text=$(mapped "$1")
	if [ "${2:-}" = cron ]; then
		text=$(sed -E -e 's/^([^[:space:]]+[[:space:]]+){5}//' -e 's/\\%/%/g' <<<"$text")
	fi
	echo "# exemple $1 : $text"
	run --separate-stderr bash -c "$text"
	echo "# code $status ; erreur : $stderr"
}

# Checks that page $1 has exactly $2 examples.
examples_are() {
	local n
	n=$(extract_examples "$MAN/$1")
	[ "$n" = "$2" ] || fail "$1 : $n exemples, ce test en connaît $2 : ajoutez les nouveaux ici"
}

# The ISO date $1 days from today.
days_from_today() {
	date -d "$1 days" +%F
}

# A copy of the shipped register into $1 whose demande $2 has its next
# anniversary $3 days from today (renewable today when within 2 months).
register_due() {
	awk -v nu="$2" -v due="$(days_from_today "$3")" '
		index($0, "<ns1:numUnique>" nu "<") { hit = 1 }
		hit && /prochain="/ { sub(/prochain="[0-9-]*"/, "prochain=\"" due "\""); hit = 0 }
		{ print }
	' "$SHARE/exemples/registre.xml" >"$1"
}

# XPath $3 over demande $2 of file $1 (local names), as a string.
of() {
	xpath "$1" "string(//*[local-name()='demande'][.//*[local-name()='numUnique']='$2']$3)"
}

# A guichet's modification file (typeFichier MOD) on stdout: the
# demandeLogement of each demande $2... of registre.xml, edited by the sed
# script $1.
mod_file() {
	local script=$1
	shift
	printf '<?xml version="1.0" encoding="UTF-8"?>\n'
	printf '<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">\n'
	printf '  <ns1:entete><ns1:typeFichier>MOD</ns1:typeFichier>'
	printf '<ns1:dateFichier>2017-06-01T10:00:00+01:00</ns1:dateFichier></ns1:entete>\n'
	awk -v list="$*" '
		BEGIN { n = split(list, nus, " "); for (i = 1; i <= n; i++) wanted[nus[i]] = 1 }
		/<ns1:demande>/ { block = ""; hit = 0; inrec = 1 }
		inrec && /<ns1:demandeLogement>/ { indl = 1 }
		indl { block = block $0 "\n" }
		inrec && match($0, /<ns1:numUnique>[^<]*/) { hit = (substr($0, RSTART + 15, RLENGTH - 15) in wanted) }
		/<\/ns1:demandeLogement>/ { indl = 0 }
		/<\/ns1:demande>/ { inrec = 0; if (hit) printf "  <ns1:demande>\n%s  </ns1:demande>\n", block }
	' registre.xml | sed -e "$script"
	printf '</ns1:interfaceNuu>\n'
}

@test "sne-create(1) : chaque exemple tourne" {
	examples_are sne-create.1 3
	run_example 1
	assert_success
	[ "$(count_records registre.xml demande)" = 8 ]
	cp "$SHARE/exemples/registre.xml" registre.xml
	cp "$FIXTURES/interfaceNuu-creation.xml" export-du-jour.xml
	run_example 2
	assert_success
	[ "$(count_records registre.xml demande)" = 21 ]
	cp "$FIXTURES/sne-validate/pgp.xml" demande-pgp.xml
	run_example 3
	assert_success
	[ "$(xpath a-valider.xml "count(//*[local-name()='etat'][.='en-attente-validation'])")" = 3 ]
}

@test "sne-validate(1) : chaque exemple tourne" {
	examples_are sne-validate.1 4
	# three demandes of the portal, submitted, all from Jeanne Dupont
	sed 's#<ns1:mel>[^<]*<#<ns1:mel>jeanne.dupont@example.org<#' \
		"$FIXTURES/sne-validate/pgp.xml" >pgp.xml
	sne-create -q -g GDPUB --origine pgp --soumise pgp.xml >registre.xml
	run_example 1
	assert_success
	[[ "$stderr" == *"rang 2 : demande n°2"* ]]
	run_example 2
	assert_success
	[ "$(xpath registre.xml "count(//*[local-name()='etat'][.='active'])")" = 1 ]
	run_example 3
	assert_success
	[ "$(xpath registre.xml "count(//*[local-name()='etat'][.='invalidee'])")" = 2 ]
	cp "$SHARE/exemples/registre.xml" export.xml
	run_example 4
	assert_success
	echo '<pas-un-flux>' >export.xml
	run_example 4
	assert_failure 1
}

@test "sne-renew(1) : chaque exemple tourne" {
	examples_are sne-renew.1 5
	register_due registre.xml 0740217000001G0417 20
	run_example 1
	assert_success
	register_due registre.xml 0740217000002G0417 20
	echo 0740217000002G0417 >a-renouveler.txt
	run_example 2
	assert_success
	[[ "$stderr" == *"1 demande renouvelée"* ]]
	# four months before the anniversary: only --force renews
	register_due registre.xml 0740217000001G0417 120
	printf 'profil: gestionnaire\n' >support.yaml
	run_example 3
	assert_success
	gzip -c "$SHARE/exemples/registre.xml" >"$R/var/lib/sne/registre.xml.gz"
	run_example 4 cron
	assert_success
	gzip -dc "$R/var/lib/sne/registre.xml.gz" | grep -q 'motif="RADREN"'
	register_due registre.xml 0740217000001G0417 20
	nu=0740217000001G0417 run_example 5
	assert_output "renouvelée"
	nu=0740217000001G0417 run_example 5
	assert_output "refusée : voir le message"
}

@test "sne-attrib(1) : chaque exemple tourne" {
	examples_are sne-attrib.1 3
	printf 'guichet: B0042\nprofil: bailleur\nrpls: rpls.xml\n' >bailleur.yaml
	cp "$SHARE/exemples/registre.xml" registre.xml
	cp "$SHARE/exemples/rpls.xml" rpls.xml
	run_example 1
	assert_success
	[[ "$stderr" == *"1 demande radiée pour attribution"* ]]
	run_example 2
	assert_success
	[[ "$stderr" == *"1 demande radiée pour attribution"* ]]
	gzip -c "$SHARE/exemples/registre.xml" >"$R/srv/sne/registre.xml.gz"
	printf '%s\n' 'numero;rpls;bailleur;date-bail' \
		'0740317000001G0417;74A0001235;Haute-Savoie Habitat;2017-05-10' >attributions-2017-05.csv
	run_example 3
	assert_success
	grep -q "1 demande radiée pour attribution" compte-rendu.txt
}

@test "sne-rpls-load(1) : chaque exemple tourne" {
	examples_are sne-rpls-load.1 3
	run_example 1
	assert_success
	gzip -c "$SHARE/exemples/rpls.xml" >"$R/var/lib/sne/rpls.xml.gz"
	gzip -c "$SHARE/exemples/rpls-lot.csv" >"$R/srv/depot/rpls/lot-courant.csv.gz"
	run_example 2 cron
	assert_success
	[ -f "$R/var/log/sne/rpls-rejets.csv" ]
	sed '1s/SURFHAB/SURFACE/' "$SHARE/exemples/rpls-lot.csv" >lot.csv
	run_example 3
	assert_success
	xmllint --noout rpls.neuf
}

@test "sne-notice(1) : chaque exemple tourne" {
	examples_are sne-notice.1 3
	run_example 1
	assert_success
	assert_output --partial "<e:envoi>"
	printf '#!/bin/sh\necho "$@" >>"%s/routeur.log"\n' "$BATS_TEST_TMPDIR" >"$STUBS/routeur-envois"
	chmod +x "$STUBS/routeur-envois"
	gzip -c "$SHARE/exemples/registre.xml" >"$R/var/lib/sne/registre.xml.gz"
	run_example 2 cron
	assert_success
	# the day's envois went to the router, from the spool
	grep -qx "$R/var/spool/sne/envois-$(date +%F).xml" "$BATS_TEST_TMPDIR/routeur.log"
	xmllint --noout "$R/var/spool/sne/envois-$(date +%F).xml"
	run_example 3
	assert_success
	xmllint --noout envois-rattrapage.xml
}

@test "sne-radiate(1) : chaque exemple tourne" {
	local e=0741119000001G0417 sent
	examples_are sne-radiate.1 5
	cp "$FIXTURES/sne-radiate/registre.xml" registre.xml
	run_example 1
	assert_success
	[ "$(of registre.xml 0741117000123G0417 "//*[local-name()='radiation']/@motif")" = RADABA ]
	[ "$(of registre.xml 0741117000123G0417 "//*[local-name()='radiation']/@date")" = 2020-03-03 ]
	printf 'guichet: B0042\nprofil: bailleur\n' >bailleur.yaml
	printf '%s\n' 0741117000124G0417 0741117000125G0417 >cal-2020-01-20.txt
	run_example 2
	assert_success
	[[ "$stderr" == *"2 avertissements inscrits RADIRR"* ]]
	for nu in 0741117000124G0417 0741117000125G0417; do
		[ "$(of registre.xml "$nu" "//*[local-name()='avertissement']/@sous-motif")" = IRRRES ]
	done
	run_example 3
	assert_success
	[ "$(of registre.xml "$e" "//*[local-name()='avertissement']/@motif")" = RADCON ]
	run_example 4
	assert_success
	[ "$(xpath registre.xml "count(//*[local-name()='demande'][.//*[local-name()='numUnique']='$e']//*[local-name()='avertissement'])")" = 0 ]
	[ "$(of registre.xml "$e" "//*[local-name()='evenement'][@type='annulation-avertissement']/@motif")" = "appel du demandeur, adresse à jour" ]
	# the cron: an avertissement sent 40 days ago is due (a month's delay)
	sent=$(days_from_today -40)
	cp "$FIXTURES/sne-radiate/registre.xml" registre.xml
	sne-radiate -q -g G0417 -d "$sent" --avertir --motif RADCON -n "$e" -i registre.xml
	sne-notice -q -d "$sent" -i registre.xml >/dev/null
	[ "$(of registre.xml "$e" "//*[local-name()='avertissement']/@envoi")" = "$sent" ]
	gzip -c registre.xml >"$R/var/lib/sne/registre.xml.gz"
	run_example 5 cron
	assert_success
	gzip -dc "$R/var/lib/sne/registre.xml.gz" >apres.xml
	[ "$(of apres.xml "$e" "//*[local-name()='etat']")" = radiee ]
	[ "$(of apres.xml "$e" "//*[local-name()='radiation']/@motif")" = RADCON ]
	[ "$(of apres.xml "$e" "//*[local-name()='radiation']/@date")" = "$(date +%F)" ]
}

@test "sne-update(1) : chaque exemple tourne" {
	local nu=0740317000001G0417 autre=0740317000002G0417
	examples_are sne-update.1 2
	cp "$SHARE/exemples/registre.xml" registre.xml
	# the day's export: a new e-mail address (applied), a changed nom
	# (refused: sne-fix's work)
	mod_file 's/elodie.martin@example.org/elodie.m@example.org/; s#<ns1:nom>Dupont</ns1:nom>#<ns1:nom>Dupond</ns1:nom>#' \
		"$nu" "$autre" >export-mod.xml
	[ "$(count_records export-mod.xml demande)" = 2 ]
	cp registre.xml avant.xml
	# the dry run first, as a guichet would: the register is not written
	run_example 2
	assert_failure 1
	cmp registre.xml avant.xml
	[ "$(of essai.xml "$nu" "//*[local-name()='mel']")" = elodie.m@example.org ]
	[ "$(of essai.xml "$nu" "//*[local-name()='modification']/@version")" = 2 ]
	[ "$(of essai.xml "$autre" "//*[local-name()='nom']")" = Dupont ]
	run_example 1
	assert_failure 1
	[[ "$stderr" == *"1 modification appliquée, aucune sans effet, 1 refusée"* ]]
	[ "$(of registre.xml "$nu" "//*[local-name()='mel']")" = elodie.m@example.org ]
	[ "$(of registre.xml "$autre" "//*[local-name()='nom']")" = Dupont ]
	[ "$(count_records refus-mod.xml demande)" = 1 ]
	[ "$(of refus-mod.xml "$autre" "//*[local-name()='nom']")" = Dupond ]
}

@test "sne-fix(1) : chaque exemple tourne" {
	local nu=0740317000001G0417 radiee=0740317000002G0417 doublon=0740617000001G0417
	examples_are sne-fix.1 3
	cp "$SHARE/exemples/registre.xml" registre.xml
	printf 'guichet: G0417\nprofil: gestionnaire\n' >support.yaml
	run_example 1
	assert_success
	[ "$(of registre.xml "$nu" "//*[local-name()='demandeur']/*[local-name()='nom']")" = Martin-Durand ]
	[ "$(of registre.xml "$nu" "//*[local-name()='evenement'][@type='correction-identite']/@motif")" = "acte de mariage reçu" ]
	# the demande that example 2 reactivates, radiated for an attribution
	printf 'guichet: B0042\nprofil: bailleur\n' >bailleur.yaml
	sne-attrib -q -c bailleur.yaml -d 2017-05-10 -n "$radiee" --rpls 74A0001234 \
		--bailleur "Haute-Savoie Habitat" --date-bail 2017-05-10 \
		--reference "$SHARE/exemples/rpls.xml" -i registre.xml
	[ "$(of registre.xml "$radiee" "//*[local-name()='etat']")" = radiee ]
	run_example 2
	assert_success
	[ "$(of registre.xml "$nu" "//*[local-name()='dateCreationDemande']")" = 2017-03-20 ]
	[ "$(of registre.xml "$radiee" "//*[local-name()='etat']")" = active ]
	# the doublon of example 3: the same demandeuse registered again on
	# 12 June 2017, her nom mistyped (share/exemples/doublon.xml)
	cp "$SHARE/exemples/registre.xml" registre.xml
	sne-create -q -g G0417 -d 2017-06-12 -i registre.xml "$SHARE/exemples/doublon.xml"
	run_example 3
	assert_success
	run -0 sed -n 2p doublons.tsv
	assert_output "a-verifier	une-lettre	074	$nu	5	$doublon	21"
	[ "$(of registre.xml "$doublon" "//*[local-name()='radiation']/@motif")" = fusion ]
	[ "$(of registre.xml "$doublon" "//*[local-name()='radiation']/@fusion-avec")" = "$nu" ]
	[ "$(of registre.xml "$nu" "//*[local-name()='etat']")" = active ]
}

@test "sne-show(1) : chaque exemple tourne" {
	examples_are sne-show.1 3
	cp "$FIXTURES/sne-show/registre.xml" "$R/var/lib/sne/registre.xml"
	run_example 1
	assert_success
	assert_line "Demande 0740317000123G0417 — Martin Elodie"
	assert_line --regexp '^  Numéro unique +0740317000123G0417$'
	cp "$FIXTURES/sne-show/registre.xml" registre.xml
	run_example 2
	assert_success
	assert_line --partial "── Gestion des échanges ──"
	refute_line --partial "── Demandeur ──"
	assert_line --regexp '^  05/03/2017  Création — guichet G0417$'
	printf '%s\n' 0740317000123G0417 0740217000002G0417 >liste.txt
	run_example 3
	assert_success
	run -0 python3 -c 'import json, sys; print(" ".join(d["numero"] for d in json.loads(sys.argv[1])))' "$output"
	assert_output "0740317000123G0417 0740217000002G0417"
}

@test "sne-stats(1) : chaque exemple tourne" {
	examples_are sne-stats.1 4
	cp "$FIXTURES/sne-stats/registre.xml" registre.xml
	cp registre.xml "$R/var/lib/sne/registre.xml"
	run_example 1
	assert_success
	assert_line "Statistiques du registre du 1er novembre 2026 au 30 novembre 2026"
	assert_line --regexp '^Créations au guichet( +[0-9]+)+ +5$'
	run_example 2
	assert_success
	[ "$(head -c3 2026.csv | od -An -tx1 | tr -d ' ')" = efbbbf ]
	# a header, then 12 months of 4 territories and the total
	[ "$(wc -l <2026.csv)" = 61 ]
	[ "$(tr -d '\r' <2026.csv | awk -F';' '$1 == "2026-11" && $2 == "total" { print $4 }')" = 5 ]
	# the crontab line, for the month before today: a folder of e-mails, each for one guichet
	run_example 3 cron
	assert_success
	[ -d "$R/var/spool/sne/alertes" ]
	local mail
	for mail in "$R"/var/spool/sne/alertes/*.eml; do
		[ -e "$mail" ] || continue
		grep -q '^X-SNE-Guichet: ' "$mail"
		grep -q '^Subject: =?UTF-8?B?' "$mail"
	done
	# the demande without contact of G0417 (active, no valid channel, any month after its dépôt)
	run_example 4
	assert_success
	assert_line --partial "Demande 0740325000018G0417"
	assert_line --regexp $'^0740325000018G0417\ttelPortable=0112345678'
}

@test "sne-records(5) : chaque exemple tourne" {
	examples_are sne-records.5 2
	run_example 1
	assert_success
	cp "$SHARE/exemples/registre.xml" registre.xml
	run_example 2
	assert_success
	assert_output --partial "0740217000001G0417"
}

@test "sne.yaml(5) : chaque configuration se charge, la vérification et le message d'erreur sont ceux de la page" {
	local n
	examples_are sne.yaml.5 5
	# a guichet: sne-create numbers under its repertoire
	mapped 1 >guichet.yaml
	run --separate-stderr sne-create -c guichet.yaml -d 2017-03-05 "$SHARE/exemples/demandes.xml"
	assert_success
	[ -n "$(ls "$R/srv/sne/etat/compteurs")" ]
	# a bailleur: sne-attrib reads its rpls
	mapped 2 >bailleur.yaml
	cp "$SHARE/exemples/rpls.xml" "$R/srv/sne/rpls.xml"
	gzip "$R/srv/sne/rpls.xml"
	run --separate-stderr sne-attrib -c bailleur.yaml -n 0740217000001G0417 --rpls 74A0001234 \
		--bailleur "Haute-Savoie Habitat" --date-bail 2017-04-28 "$SHARE/exemples/registre.xml"
	assert_success
	# the national server: sne-notice refuses the calendar until the
	# template of the 3-month notice is written, as the page says
	mapped 3 >"$R/etc/sne/sne.yaml"
	cp -r "$SHARE/modeles" "$R/etc/sne/modeles"
	run --separate-stderr sne-notice -c "$R/etc/sne/sne.yaml" -d 2018-01-10 \
		"$SHARE/exemples/registre.xml"
	assert_failure 78
	[[ "$stderr" == *"preavis-3-mois.courriel.txt"* ]]
	sed 's/arrive à échéance/arrivera à échéance/' "$SHARE/modeles/preavis-2-mois.courriel.txt" \
		>"$R/etc/sne/modeles/preavis-3-mois.courriel.txt"
	run --separate-stderr sne-notice -c "$R/etc/sne/sne.yaml" -d 2017-11-10 \
		"$SHARE/exemples/registre.xml"
	assert_success
	assert_output --partial "<e:type>preavis-3-mois</e:type>"
	# checking a configuration: 0, then 78 once it is broken
	run_example 4
	assert_success
	assert_output 0
	printf 'guichet: G0417\nprofil: guichet\nrepertoir: /tmp\n' >"$R/etc/sne/sne.yaml"
	run_example 4
	assert_output 78
	# the typical message is the program's, word for word (the page wraps it)
	run --separate-stderr sne-renew -c "$R/etc/sne/sne.yaml" --expirer "$SHARE/exemples/registre.xml"
	assert_failure 78
	n=$(tr '\n' ' ' <ex/5 | sed 's/ $//')
	assert_equal "${stderr//$R/}" "$n"
}

@test "chaque page de share/man, et celle de chaque programme de cmd/, a ici son test qui en connaît les exemples" {
	local file name called n missing=
	# the pages shipped, and those the programs must have ($SNE_PROGRAMS)
	for file in $({ ls "$MAN"; printf '%s.1\n' $SNE_PROGRAMS; } | sort -u); do
		name="${file%.*}(${file##*.})"
		if [ ! -f "$MAN/$file" ]; then
			missing+=" $name (page absente de share/man)"
			continue
		fi
		# the test named « NAME(S) : … » and the count its examples_are gives
		called=$(awk -v name="$name" -v file="$file" '
			/^@test "/ { inside = (index($0, "@test \"" name " ") == 1) }
			inside && $1 == "examples_are" && $2 == file { print $3 }
		' "$BATS_TEST_FILENAME")
		n=$(extract_examples "$MAN/$file")
		if [ -z "$called" ]; then
			missing+=" $name (aucun test « $name : … » qui appelle examples_are $file $n)"
		elif [ "$called" != "$n" ]; then
			missing+=" $name ($n exemples, son test en connaît $called)"
		fi
	done
	[ -z "$missing" ] || fail "exemples sans test :$missing"
}
