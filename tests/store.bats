#!/usr/bin/env bats
# Crash safety and concurrency of the SQLite register (sne-records(5)), as
# tests/crash.bats and tests/concurrency.bats show them for the XML file:
# kill -9 at random during a nightly --expirer committed in batches and
# during single renewals, then sne-registre --verifier passes, every record
# is its old or its new self, nothing committed is lost and a rerun
# finishes the work; 8 writers at once lose no update and sne-create runs
# at once never give a numéro twice.

bats_require_minimum_version 1.5.0
load test_helper/common
load test_helper/generator

STORE_DEMANDES=${SNE_STORE_DEMANDES:-4000}
STORE_KILLS=${SNE_STORE_KILLS:-6}
NIGHT=2030-01-01 # every active demande is due: several batches

setup_file() {
	export GEN_PATH
	GEN_PATH=$(generator)
	cd "$BATS_FILE_TMPDIR" || return 1
	gen -n "$STORE_DEMANDES" -o registre.xml
	for i in 1 2 3 4 5 6 7 8; do
		gen -n 50 -s "$((200 + i))" --nouvelles -o "nouvelles-$i.xml"
	done
	SNE_STATE=$BATS_FILE_TMPDIR/state sne-registre -q --importer registre.xml base.sqlite
	sne-registre --exporter base.sqlite >old.xml
	cmp old.xml registre.xml
	# 48 active demandes and their anniversary (a renewal on that day is
	# in the window)
	sqlite3 -separator ' ' base.sqlite "SELECT numero, prochain FROM demande WHERE
		etat = 'active' AND prochain IS NOT NULL ORDER BY rang LIMIT 48" >actives.txt
	[ "$(wc -l <actives.txt)" = 48 ]
}

setup() {
	common_setup
	cp "$BATS_FILE_TMPDIR/base.sqlite" victim.sqlite
	BG_PID=
	PIDS=()
}

teardown() {
	local pid
	for pid in ${BG_PID:-} "${PIDS[@]}"; do
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
}

now_us() {
	echo "${EPOCHREALTIME/./}"
}

seconds() {
	printf '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000))
}

# One line per demande of stream $1 (its lines joined by \001).
per_record() {
	awk '/<ns1:demande>/ { inrec = 1; r = "" } inrec { r = r $0 "\001" }
	     /<\/ns1:demande>/ { print r; inrec = 0 }' "$1"
}

# The prochain column of numéro $2 in store $1.
prochain_of() {
	# the CLI's busy timeout: a writer closing the store may hold it a moment
	sqlite3 -cmd '.timeout 10000' "$1" "SELECT prochain FROM demande WHERE numero = '$2'"
}

# Whether each demande of export $1 is the one of old.xml or of $2; prints
# how many are the new ones that differ from the old.
old_or_new() {
	per_record "$BATS_FILE_TMPDIR/old.xml" >o.txt
	per_record "$2" >n.txt
	per_record "$1" >k.txt
	[ "$(wc -l <k.txt)" = "$STORE_DEMANDES" ] || return 1
	paste -d '\002' o.txt n.txt k.txt | awk -F '\002' '
		$3 != $1 && $3 != $2 { bad++ } $3 != $1 { changed++ }
		END { print changed + 0; exit bad > 0 }'
}

@test "crash : sne-renew --expirer par lots sur un registre SQLite, tué au hasard : chaque lot validé reste, la reprise finit" {
	local t0 dur round delay st killed=0 partial=0 changed
	export SNE_REGISTRE_LOT=500
	cp victim.sqlite new.sqlite
	t0=$(now_us)
	run -0 --separate-stderr sne-renew --expirer -d "$NIGHT" -i new.sqlite
	dur=$(($(now_us) - t0))
	[[ "$stderr" =~ ([0-9]+)\ demandes\ radiées ]]
	[ "${BASH_REMATCH[1]}" -gt 1000 ] # several batches of 500
	sne-registre --exporter new.sqlite >new.xml
	# (no « run » in the loop: bats' run sets a global i)
	for ((round = 0; round < STORE_KILLS; round++)); do
		cp "$BATS_FILE_TMPDIR/base.sqlite" victim.sqlite
		rm -f victim.sqlite-wal victim.sqlite-shm
		delay=$((dur * (round * 1000 + RANDOM % 1000) / (STORE_KILLS * 1000)))
		sne-renew -q --expirer -d "$NIGHT" -i victim.sqlite 2>/dev/null &
		BG_PID=$!
		sleep "$(seconds "$delay")"
		kill -9 "$BG_PID" 2>/dev/null || true
		st=0
		wait "$BG_PID" 2>/dev/null || st=$?
		BG_PID=
		[ "$st" = 137 ] && killed=$((killed + 1))
		[ "$st" = 137 ] || [ "$st" = 0 ] || fail "passage $round sorti $st avant d'être tué"
		sne-registre -q --verifier victim.sqlite || fail "--verifier après le kill $round"
		sne-registre --exporter victim.sqlite >killed.xml
		changed=$(old_or_new killed.xml new.xml) ||
			fail "tué après $(seconds "$delay") s : une demande n'est ni l'ancienne ni la nouvelle"
		[ "$changed" = 0 ] || cmp -s killed.xml new.xml || partial=$((partial + 1))
		# the rerun keeps the batches committed and finishes the night
		sne-renew -q --expirer -d "$NIGHT" -i victim.sqlite || fail "reprise après le kill $round"
		sne-registre --exporter victim.sqlite | cmp - new.xml ||
			fail "après le kill $round, la reprise ne donne pas le registre d'un passage entier"
	done
	echo "# --expirer : $killed kills, dont $partial après des lots validés, passage de $(seconds "$dur") s" >&3
	[ $((killed * 2)) -ge "$STORE_KILLS" ] || fail "seulement $killed passages tués"
}

@test "crash : renouvellements un à un sur un registre SQLite, tués au hasard : rien de validé n'est perdu" {
	local nu pr t0 dur st delay killed=0 done=0 old new
	read -r nu pr <"$BATS_FILE_TMPDIR/actives.txt"
	cp victim.sqlite one.sqlite
	t0=$(now_us)
	sne-renew -q -n "$nu" -d "$pr" -i one.sqlite
	dur=$(($(now_us) - t0))
	[ "$(prochain_of one.sqlite "$nu")" \> "$pr" ]
	: >faits.txt
	while read -r nu pr; do
		delay=$((RANDOM * dur * 3 / 2 / 32768))
		sne-renew -q -n "$nu" -d "$pr" -i victim.sqlite 2>/dev/null &
		BG_PID=$!
		sleep "$(seconds "$delay")"
		kill -9 "$BG_PID" 2>/dev/null || true
		st=0
		wait "$BG_PID" 2>/dev/null || st=$?
		BG_PID=
		case $st in
		0) echo "$nu" >>faits.txt; done=$((done + 1)) ;;
		137) killed=$((killed + 1)) ;;
		*) fail "sne-renew -n $nu sorti $st" ;;
		esac
		new=$(prochain_of victim.sqlite "$nu")
		[ "$new" = "$pr" ] || [ "$new" \> "$pr" ] || fail "$nu : prochain $new"
	done <"$BATS_FILE_TMPDIR/actives.txt"
	run -0 sne-registre -q --verifier victim.sqlite
	# every renewal that said 0 is there
	while read -r nu pr; do
		if grep -q -x "$nu" faits.txt; then
			[ "$(prochain_of victim.sqlite "$nu")" \> "$pr" ] || fail "renouvellement de $nu perdu"
		fi
	done <"$BATS_FILE_TMPDIR/actives.txt"
	[ "$(sqlite3 victim.sqlite 'SELECT count(*) FROM demande')" = "$STORE_DEMANDES" ]
	echo "# renouvellements : $killed tués, $done finis (passage de $(seconds "$dur") s)" >&3
	[ "$killed" -gt 0 ] || fail "aucun passage tué"
}

@test "8 écrivains --wait à la fois sur un registre SQLite : 48 renouvellements, aucun perdu" {
	local k t0 took st
	split -n l/8 -d "$BATS_FILE_TMPDIR/actives.txt" part-
	t0=$(now_us)
	for k in 0 1 2 3 4 5 6 7; do
		(
			while read -r nu pr; do
				sne-renew -q --wait -n "$nu" -d "$pr" -i victim.sqlite || exit $?
			done <"part-0$k"
		) 2>"err-$k.txt" &
		PIDS+=("$!")
	done
	wait_all_ok écrivain 0 "${PIDS[@]}"
	took=$(($(now_us) - t0))
	PIDS=()
	while read -r nu pr; do
		[ "$(prochain_of victim.sqlite "$nu")" \> "$pr" ] || fail "renouvellement de $nu perdu"
	done <"$BATS_FILE_TMPDIR/actives.txt"
	run -0 sne-registre -q --verifier victim.sqlite
	echo "# 48 renouvellements par 8 écrivains en $(seconds "$took") s" >&3
}

@test "8 écrivains sans --wait : chacun renouvelle ou sort 75 en le disant, jamais de perte" {
	local k st nu pr refused=0
	for k in 1 2 3 4 5 6 7 8; do
		read -r nu pr < <(sed -n "${k}p" "$BATS_FILE_TMPDIR/actives.txt")
		sne-renew -q -n "$nu" -d "$pr" -i victim.sqlite 2>"err-$k.txt" &
		PIDS+=("$!")
	done
	local -a sts=()
	for k in 1 2 3 4 5 6 7 8; do
		st=0
		wait "${PIDS[k - 1]}" || st=$?
		sts+=("$st")
	done
	for k in 1 2 3 4 5 6 7 8; do
		read -r nu pr < <(sed -n "${k}p" "$BATS_FILE_TMPDIR/actives.txt")
		st=${sts[k - 1]}
		case $st in
		0) [ "$(prochain_of victim.sqlite "$nu")" \> "$pr" ] || fail "$nu : réussi mais perdu" ;;
		75)
			refused=$((refused + 1))
			grep -q "« victim.sqlite » est verrouillé" "err-$k.txt" || fail "75 sans dire pourquoi : $(cat "err-$k.txt")"
			[ "$(prochain_of victim.sqlite "$nu")" = "$pr" ] || fail "$nu : refusé mais écrit"
			;;
		*) fail "sne-renew sorti $st : $(cat "err-$k.txt")" ;;
		esac
	done
	PIDS=()
	run -0 sne-registre -q --verifier victim.sqlite
	echo "# $refused refus (75) sur 8" >&3
}

@test "8 sne-create --wait à la fois sur un registre SQLite (50 demandes chacun) : aucun numéro donné deux fois" {
	local i st before
	before=$(sqlite3 victim.sqlite 'SELECT count(numero) FROM demande')
	for i in 1 2 3 4 5 6 7 8; do
		sne-create -g G0417 -d 2026-03-16 --wait -i victim.sqlite \
			"$BATS_FILE_TMPDIR/nouvelles-$i.xml" 2>"err-$i.txt" &
		PIDS+=("$!")
	done
	for i in 1 2 3 4 5 6 7 8; do
		st=0
		wait "${PIDS[i - 1]}" || st=$?
		[ "$st" = 0 ] || fail "sne-create n°$i sort $st : $(cat "err-$i.txt")"
		grep -q "50 demandes créées" "err-$i.txt"
	done
	PIDS=()
	[ "$(sqlite3 victim.sqlite 'SELECT count(numero) FROM demande')" = $((before + 400)) ]
	sqlite3 victim.sqlite "SELECT numero FROM demande WHERE modifie IS NOT NULL" >numeros.txt
	[ -z "$(sort numeros.txt | uniq -d)" ]
	sne-registre --exporter victim.sqlite | grep -o '<ns1:numUnique>[^<]*' | sed 's/.*>//' | sort | uniq -d >doubles.txt
	[ ! -s doubles.txt ] || fail "numéros donnés deux fois : $(cat doubles.txt)"
	[ "$(sne-registre --exporter victim.sqlite | grep -c '<ns1:numUnique>[0-9AB]\{3\}0326[0-9]\{6\}G0417<')" -ge 400 ]
	run -0 sne-registre -q --verifier victim.sqlite
}
