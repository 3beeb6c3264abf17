#!/usr/bin/env bats
# sne-registre and the SQLite register (sne-records(5)): an import then an
# export gives the register byte for byte; --verifier checks the columns
# against the bytes; the programs given one numéro read its row by the
# primary key, not every row (a row made unreadable elsewhere in the store
# does not stop them, while a run over every row is stopped by it).

bats_require_minimum_version 1.5.0
load test_helper/common
load test_helper/generator

setup_file() {
	export GEN_PATH
	GEN_PATH=$(generator)
}

setup() {
	common_setup
	cp "$SHARE/exemples/registre.xml" registre.xml
	chmod 600 registre.xml
	NU=0740317000001G0417       # Élodie Martin, active, prochain 2018-03-05
	AUTRE=0740317000002G0417
	printf 'guichet: G0417\nprofil: gestionnaire\nrepertoire: %s\n' "$SNE_STATE" >support.yaml
}

# Makes the row of numéro $2 in store $1 unreadable XML (its columns are
# left as they were).
casser() {
	sqlite3 "$1" "UPDATE demande SET octets = CAST('<ns1:demande><ns1:demandeLogement>' AS BLOB) WHERE numero = '$2'"
}

@test "--importer puis --exporter : le registre d'exemple et un registre généré, octet pour octet" {
	run -0 --separate-stderr sne-registre --importer registre.xml r.sqlite
	[[ "$stderr" == *"20 demandes importées dans « r.sqlite »"* ]]
	[ "$(head -c 15 r.sqlite)" = "SQLite format 3" ]
	sne-registre --exporter r.sqlite >export.xml
	cmp registre.xml export.xml
	run -0 sne-registre -q --verifier r.sqlite
	gen -n 3000 -o gen.xml
	sne-registre -q --importer gen.xml gen.sqlite
	sne-registre --exporter gen.sqlite | cmp - gen.xml
	# gzip in, plain out
	gzip -c gen.xml >gen.xml.gz
	sne-registre -q --importer gen.xml.gz gen2.sqlite
	sne-registre --exporter gen2.sqlite | cmp - gen.xml
}

@test "--importer refuse un numéro en double et une destination qui existe" {
	awk '/<ns1:demande>/ && !done { inrec = 1 } inrec { block = block $0 "\n" }
	     /<\/ns1:demande>/ && inrec { inrec = 0; done = 1 }
	     /<\/ns1:interfaceNuu>/ { printf "%s", block } { print }' registre.xml >double.xml
	run -65 --separate-stderr sne-registre --importer double.xml d.sqlite
	# the copy of the first demande is the last one of the file
	local n=$(grep -c '<ns1:demande>' double.xml)
	[[ "$stderr" == *"demande 0740217000001G0417 : numéro unique en double"*"(demandes n° 1 et n° $n du fichier)"* ]] || fail "$stderr"
	[ ! -e d.sqlite ]
	sne-registre -q --importer registre.xml r.sqlite
	run -73 --separate-stderr sne-registre --importer registre.xml r.sqlite
}

@test "--importer tué au milieu (kill -9) : le fichier laissé est refusé par chaque programme (65) ; supprimé, l'import recommence" {
	gen -n 3000 -o grand.xml
	mkfifo entree.xml
	# the importer reads the first half, then waits for the rest that never comes
	{ head -c "$(( $(wc -c <grand.xml) / 2 ))" grand.xml; sleep 60; } >entree.xml &
	local feeder=$!
	sne-registre -q --importer entree.xml r.sqlite &
	local importer=$!
	local i
	for i in $(seq 100); do [ -s r.sqlite ] && break; sleep 0.1; done
	sleep 0.5
	kill -9 "$importer"
	wait "$importer" || true
	kill "$feeder" 2>/dev/null || true
	wait "$feeder" 2>/dev/null || true
	[ -e r.sqlite ]
	# written without journal until its end: never a register, whatever
	# the kill left (a header without version, or no header yet)
	run -65 --separate-stderr sne-registre --verifier r.sqlite
	[[ "$stderr" == *"import inachevé"* || "$stderr" == *"n'est pas un registre SQLite"* ]] ||
		fail "$stderr"
	run -65 --separate-stderr sne-renew -g G0417 -d 2018-02-01 -n "$NU" -i r.sqlite
	[[ "$stderr" == *"n'a pas été modifié"* ]] || fail "$stderr"
	run -73 --separate-stderr sne-registre --importer grand.xml r.sqlite
	rm -f r.sqlite r.sqlite-wal r.sqlite-shm r.sqlite-journal
	sne-registre -q --importer grand.xml r.sqlite
	sne-registre -q --verifier r.sqlite
	sne-registre --exporter r.sqlite | cmp - grand.xml
	[ "$(sqlite3 r.sqlite 'PRAGMA journal_mode')" = wal ]
}

@test "--importer : une écriture refusée au milieu (ulimit -f, les lignes s'écrivent pendant la lecture) : 74, dit, aucun fichier laissé" {
	gen -n 3000 -o grand.xml
	run -74 --separate-stderr bash -c "trap '' XFSZ; ulimit -f 2048; sne-registre --importer grand.xml r.sqlite"
	[[ "$stderr" == *"« r.sqlite » : écriture impossible"* ]] || fail "$stderr"
	[[ "$stderr" == *"« r.sqlite » n'a pas été créé"* ]] || fail "$stderr"
	[ ! -e r.sqlite ]
}

@test "--importer : un numéro invalide après des milliers de demandes : 65, la demande et sa ligne nommées, aucun fichier laissé" {
	gen -n 3000 -o grand.xml
	awk '/<ns1:numUnique>/ && ++n == 2000 { sub(/<ns1:numUnique>[^<]*/, "<ns1:numUnique>0740217ABC") } { print }' \
		grand.xml >casse.xml
	run -65 --separate-stderr sne-registre --importer casse.xml r.sqlite
	[[ "$stderr" =~ casse\.xml:[0-9]+:\ demande\ .*«\ 0740217ABC\ »\ invalide ]] || fail "$stderr"
	[[ "$stderr" == *"« r.sqlite » n'a pas été créé"* ]] || fail "$stderr"
	[ ! -e r.sqlite ]
}

@test "une page du registre SQLite abîmée au milieu : sne-validate --check et sne-stats, qui le lisent en entier (les lignes lues d'avance), s'arrêtent à elle, 74, en le disant" {
	gen -n 3000 -o grand.xml
	sne-registre -q --importer grand.xml r.sqlite
	local page size
	page=$(sqlite3 r.sqlite "SELECT pageno FROM dbstat WHERE name = 'demande' AND pagetype = 'leaf' LIMIT 1 OFFSET 100")
	size=$(sqlite3 r.sqlite "PRAGMA page_size")
	printf '\r\377\377\377\377\377\377\377' | dd of=r.sqlite bs=1 seek=$(( (page - 1) * size )) conv=notrunc 2>/dev/null
	run -74 --separate-stderr sne-validate --check r.sqlite
	[[ "$stderr" == *"r.sqlite:"*"lecture impossible après cette ligne : lecture du registre SQLite impossible"* ]] || fail "$stderr"
	run -74 --separate-stderr sne-stats -q r.sqlite
	[[ "$stderr" == *"lecture du registre SQLite impossible"* ]] || fail "$stderr"
}

@test "--verifier : une ligne dont les octets ne disent plus ses colonnes est signalée, 65" {
	sne-registre -q --importer registre.xml r.sqlite
	sqlite3 r.sqlite "UPDATE demande SET etat = 'radiee' WHERE numero = '$NU'"
	run -65 --separate-stderr sne-registre --verifier r.sqlite
	[[ "$stderr" == *"$NU"* && "$stderr" == *etat* ]]
}

@test "un numéro donné : la ligne est lue par la clé primaire, les autres lignes ne sont pas lues" {
	sne-registre -q --importer registre.xml r.sqlite
	casser r.sqlite "$AUTRE"
	# a run over every row is stopped by the broken one
	run -65 --separate-stderr sne-validate --check r.sqlite
	run -65 --separate-stderr sne-registre --verifier r.sqlite
	# those given the numéro read its row alone
	COLUMNS=100 run -0 --separate-stderr sne-show -n "$NU" r.sqlite
	[[ "$output" == *"Demande $NU — Martin Élodie"* ]]
	run -1 --separate-stderr sne-show -n 0740317000001G0418 r.sqlite
	[[ "$stderr" == *"vouliez-vous dire $NU (même numéro, autre code guichet)"* ]]
	run -0 --separate-stderr sne-renew -g G0417 -d 2018-02-01 -n "$NU" -i r.sqlite
	[[ "$stderr" == *"1 demande renouvelée"* ]]
	run -0 --separate-stderr sne-fix -c support.yaml -d 2018-02-02 -n "$NU" \
		--date-depot 2017-03-04 --motif "dossier reçu la veille" -i r.sqlite
	[[ "$stderr" == *"1 demande corrigée"* ]]
	run -0 --separate-stderr sne-radiate -g G0417 -d 2018-02-03 --motif RADABA -n "$NU" -i r.sqlite
	[[ "$stderr" == *"1 demande radiée RADABA"* ]]
	# the row written, the broken one untouched
	sqlite3 r.sqlite "SELECT etat, radiation_motif FROM demande WHERE numero = '$NU'" >row.txt
	[ "$(cat row.txt)" = "radiee|RADABA" ]
	sne-registre --exporter r.sqlite >export.xml || true
	grep -q '<ns1:dateCreationDemande>2017-03-04</ns1:dateCreationDemande>' export.xml
	grep -q -F '<ns1:demande><ns1:demandeLogement>' export.xml
}

@test "sne-update sur un registre SQLite : seules les lignes des numéros modifiés sont lues" {
	sne-registre -q --importer registre.xml r.sqlite
	casser r.sqlite "$AUTRE"
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">\n'
		printf '  <ns1:entete><ns1:typeFichier>MOD</ns1:typeFichier></ns1:entete>\n  <ns1:demande>\n'
		awk -v nu="$NU" '
			/<ns1:demande>/ { block = ""; hit = 0; inrec = 1 }
			inrec && /<ns1:demandeLogement>/ { indl = 1 }
			indl { block = block $0 "\n" }
			inrec && index($0, nu) { hit = 1 }
			/<\/ns1:demandeLogement>/ { indl = 0 }
			/<\/ns1:demande>/ { inrec = 0; if (hit) printf "%s", block }
		' registre.xml | sed 's/elodie.martin@example.org/elodie.m@example.org/'
		printf '  </ns1:demande>\n</ns1:interfaceNuu>\n'
	} >mod.xml
	run -0 --separate-stderr sne-update -g G0417 -d 2017-06-01 -i r.sqlite mod.xml
	[[ "$stderr" == *"1 modification appliquée"* ]]
	[ "$(sqlite3 r.sqlite "SELECT courriel FROM demande WHERE numero = '$NU'")" = elodie.m@example.org ]
}

@test "doublons sur un registre SQLite : sne-create et sne-fix cherchent par l'index d'identité, les autres lignes ne sont pas lues" {
	sne-registre -q --importer registre.xml r.sqlite
	casser r.sqlite "$AUTRE"
	sed -n '1,24p' "$SHARE/exemples/demandes.xml" >martin.xml   # Élodie Martin, née le 2 novembre 1984
	echo '</ns1:interfaceNuu>' >>martin.xml
	sed 's|<ns1:nom>Martin</ns1:nom>|<ns1:nom>Bernard</ns1:nom>|' martin.xml >bernard.xml
	# a doublon of a row of the store: refused, naming it (1), no numéro given
	run -1 --separate-stderr sne-create -g G0417 -d 2018-01-10 -i r.sqlite martin.xml
	[[ "$stderr" == *"doublon de la demande $NU"* ]] || fail "$stderr"
	[ "$(sqlite3 r.sqlite "SELECT count(*) FROM demande WHERE numero LIKE '0740118%'")" = 0 ]
	# as --registre of another run, opened for reading
	run -1 --separate-stderr sne-create -g G0417 -d 2018-01-10 --registre r.sqlite martin.xml
	[[ "$stderr" == *"doublon de la demande $NU"* ]] || fail "$stderr"
	# someone else is registered, and then is a doublon himself
	run -0 --separate-stderr sne-create -q -g G0417 -d 2018-01-10 -i r.sqlite bernard.xml
	local bernard
	bernard=$(sqlite3 r.sqlite "SELECT numero FROM demande WHERE numero LIKE '0740118%'")
	[ -n "$bernard" ]
	run -1 --separate-stderr sne-create -g G0417 -d 2018-01-11 -i r.sqlite bernard.xml
	[[ "$stderr" == *"doublon de la demande $bernard"* ]] || fail "$stderr"
	# a correction that would make a demande the doublon of another: refused
	run -1 --separate-stderr sne-fix -c support.yaml -d 2018-02-02 -n 0740217000002G0417 \
		--nom Martin --prenom Élodie --date-naissance 1984-11-02 --motif "erreur de saisie" -i r.sqlite
	[[ "$stderr" == *"doublon de la demande $NU"* ]] || fail "$stderr"
	# a radiated demande is no longer a doublon
	sne-radiate -q -g G0417 -d 2018-02-03 --motif RADABA -n "$NU" -i r.sqlite
	run -0 --separate-stderr sne-create -q -g G0417 -d 2018-02-04 -i r.sqlite martin.xml
}

@test "sne-radiate --echeances sur un registre SQLite : les lignes d'un avertissement en cours, par leur index, les autres ne sont pas lues" {
	gen -n 200 -o g.xml
	# an active demande with a postal address in France (the letter can go)
	local nu autre
	nu=$(xpath g.xml "string((//*[local-name()='demande'][.//*[local-name()='etat']='active'][.//*[local-name()='adressePostale'][*[local-name()='etranger']='false']])[1]//*[local-name()='numUnique'])")
	autre=$(xpath g.xml "string((//*[local-name()='demande'][.//*[local-name()='etat']='active'])[last()]//*[local-name()='numUnique'])")
	[ -n "$nu" ] && [ -n "$autre" ] && [ "$nu" != "$autre" ]
	sne-registre -q --importer g.xml r.sqlite
	sne-radiate -q -c support.yaml -d 2026-03-20 --avertir --motif RADCON -n "$nu" -i r.sqlite
	[ "$(sqlite3 r.sqlite "SELECT avertissement FROM demande WHERE numero = '$nu'")" = RADCON ]
	sne-notice -q -c support.yaml -d 2026-03-21 -i r.sqlite >envois.xml
	grep -q 'avertissement-radiation' envois.xml
	sne-registre -q --verifier r.sqlite
	casser r.sqlite "$autre"
	run -0 --separate-stderr sne-radiate -c support.yaml -d 2026-05-01 --echeances -i r.sqlite
	[[ "$stderr" == *"radiée"* ]] || fail "$stderr"
	[ "$(sqlite3 r.sqlite "SELECT etat, radiation_motif, avertissement IS NULL FROM demande WHERE numero = '$nu'")" = "radiee|RADCON|1" ]
	[ "$(sqlite3 r.sqlite "SELECT count(*) FROM demande WHERE avertissement IS NOT NULL")" = 0 ]
}

@test "--sauvegarder : une copie cohérente qui s'exporte comme l'original" {
	sne-registre -q --importer registre.xml r.sqlite
	run -0 sne-registre -q --sauvegarder copie.sqlite r.sqlite
	sne-registre --exporter copie.sqlite | cmp - registre.xml
	sne-registre -q --verifier copie.sqlite
}

@test "sne-validate --courriel -i sur un registre SQLite : les lignes de ce courriel, par l'index" {
	sne-registre -q --importer registre.xml r.sqlite
	casser r.sqlite "$AUTRE"
	run -0 --separate-stderr sne-validate -g G0417 -d 2017-04-02 --courriel " Hugo.Leroy@example.org" \
		--invalider --motif "pièce manquante" -i r.sqlite
	[ "$(sqlite3 r.sqlite "SELECT etat FROM demande WHERE courriel = 'hugo.leroy@example.org'")" = invalidee ]
}

@test "sne-notice -i sur un registre SQLite : nuit après nuit, les mêmes envois et le même registre que sur le fichier" {
	gen -n 1500 -d 2026-03-16 -o g.xml
	sne-registre -q --importer g.xml r.sqlite
	cp g.xml x.xml
	# the nights of a year and more: steps opening (2 months, 1 month),
	# anniversaries, catch-ups after missed nights, the month's ends
	for d in 2026-03-16 2026-03-17 2026-03-31 2026-04-30 2026-05-01 2026-06-29 \
		2026-09-15 2026-12-31 2027-01-31 2027-02-28; do
		sne-notice -q -c support.yaml -d "$d" -i x.xml >x-"$d".out || fail "xml $d"
		sne-notice -q -c support.yaml -d "$d" -i r.sqlite >s-"$d".out || fail "sqlite $d"
		cmp x-"$d".out s-"$d".out || fail "envois différents le $d"
	done
	# every night sent something, else the comparison proves little
	for f in x-*.out; do grep -q '<e:envoi>' "$f" || fail "$f : aucun envoi"; done
	sne-registre --exporter r.sqlite >export.xml
	cmp x.xml export.xml
	sne-registre -q --verifier r.sqlite
}

@test "sne-notice -i sur un registre SQLite : les lignes à qui rien n'est dû ce jour-là ne sont pas lues" {
	gen -n 400 -d 2026-03-16 -o g.xml
	sne-registre -q --importer g.xml r.sqlite
	sne-notice -q -c support.yaml -d 2026-03-16 -i r.sqlite >/dev/null
	# a radiated demande, and an active one whose anniversary is months
	# away, with no attestation awaited and no avertissement
	local radiee loin
	radiee=$(sqlite3 r.sqlite "SELECT numero FROM demande WHERE etat = 'radiee' LIMIT 1")
	loin=$(sqlite3 r.sqlite "SELECT numero FROM demande WHERE etat = 'active' AND prochain > '2026-08-01' AND attestation IS NULL AND avertissement IS NULL LIMIT 1")
	[ -n "$radiee" ] && [ -n "$loin" ]
	casser r.sqlite "$radiee"
	casser r.sqlite "$loin"
	run -65 --separate-stderr sne-validate --check r.sqlite
	run -0 --separate-stderr sne-notice -c support.yaml -d 2026-03-17 -i r.sqlite
	[[ "$stderr" == *"demande"*"avec des envois (inscrits)"* ]] || fail "$stderr"
	# but the day a préavis opens for it, it is read (and refused: broken)
	run --separate-stderr sne-notice -c support.yaml -d 2026-07-20 -i r.sqlite
	[ "$status" -ge 65 ] || fail "$status : $stderr"
}

@test "--mettre-a-niveau : un registre SQLite de version 1 est refusé en le disant, puis mis à niveau en une transaction" {
	gen -n 300 -d 2026-03-16 -o g.xml
	sne-registre -q --importer g.xml r.sqlite
	sne-registre --exporter r.sqlite >avant.xml
	# the store as version 1 made it: no column of sne-notice
	sqlite3 r.sqlite "ALTER TABLE demande RENAME TO v2;
		CREATE TABLE demande (rang INTEGER PRIMARY KEY, numero TEXT UNIQUE,
			avant BLOB NOT NULL, octets BLOB NOT NULL, territoire TEXT, guichet TEXT,
			etat TEXT, depot TEXT, prochain TEXT, radiation_motif TEXT,
			radiation_date TEXT, identite INTEGER, courriel TEXT, modifie TEXT NOT NULL,
			avertissement TEXT);
		INSERT INTO demande SELECT rang, numero, avant, octets, territoire, guichet, etat,
			depot, prochain, radiation_motif, radiation_date, identite, courriel, modifie,
			avertissement FROM v2;
		DROP TABLE v2;
		CREATE INDEX demande_echeance ON demande (etat, prochain);
		CREATE INDEX demande_courriel ON demande (courriel) WHERE courriel IS NOT NULL;
		CREATE INDEX demande_identite ON demande (identite) WHERE identite IS NOT NULL;
		CREATE INDEX demande_avertissement ON demande (avertissement) WHERE avertissement IS NOT NULL;
		PRAGMA user_version = 1"
	run -65 --separate-stderr sne-notice -c support.yaml -d 2026-03-16 -i r.sqlite
	[[ "$stderr" == *"registre SQLite de version 1, avant les colonnes de sne-notice : mettez-le à niveau avec « sne-registre --mettre-a-niveau r.sqlite »"* ]] || fail "$stderr"
	run -65 --separate-stderr sne-registre --verifier r.sqlite
	run -0 --separate-stderr sne-registre --mettre-a-niveau r.sqlite
	[[ "$stderr" == *"« r.sqlite » : registre SQLite à la version 2"* ]]
	[ "$(sqlite3 r.sqlite 'PRAGMA user_version')" = 2 ]
	sne-registre -q --verifier r.sqlite
	sne-registre --exporter r.sqlite | cmp - avant.xml
	# again: nothing to do
	run -0 --separate-stderr sne-registre --mettre-a-niveau r.sqlite
	# and the notices as on the file
	cp g.xml x.xml
	sne-notice -q -c support.yaml -d 2026-03-20 -i x.xml >x.out
	sne-notice -q -c support.yaml -d 2026-03-20 -i r.sqlite >s.out
	cmp x.out s.out
}
