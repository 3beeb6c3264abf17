#!/usr/bin/env bats
# Crash safety of -i/--in-place (issue #8): every program that rewrites a
# register (or, for sne-rpls-load, the RPLS reference) is killed with
# SIGKILL at random moments spread over the duration of its run.  After
# each kill the file must be byte-identical to the old one or to the
# complete new one (the result of an uninterrupted run), hence readable and
# holding every record; and the next run must work (exit 0 or 1), give the
# expected file and leave no temporary file ".NAME.tmp.*" behind.
#
# The registers are generated once per file by bench/gen-registre, sized so
# that a rewrite takes a few tenths of a second (the kill delays are taken
# from the measured duration, so a slower build — sanitizers — only makes
# the run longer, not weaker).

bats_require_minimum_version 1.5.0
load test_helper/common
load test_helper/generator

# Demandes of the generated register: a rewrite takes ~0.2-0.4 s on the
# optimised build (100,000 would take 2 s each and make the file far too
# long for make check).
CRASH_DEMANDES=${SNE_CRASH_DEMANDES:-10000}
# Logements of the generated RPLS reference.
CRASH_LOGEMENTS=${SNE_CRASH_LOGEMENTS:-40000}
# Kills per program (split between the two modes of sne-renew and of
# sne-validate).
CRASH_KILLS=${SNE_CRASH_KILLS:-10}
DATE=2026-03-16

setup_file() {
	export GEN_PATH
	GEN_PATH=$(generator)
	cd "$BATS_FILE_TMPDIR" || return 1
	gen -n "$CRASH_DEMANDES" --numeros-sample 2 numeros.txt -o registre.xml
	# sne-create -i registers the demandes of the register that have no
	# numéro yet: the register followed by 200 new demandes.
	gen -n 200 -s 7 --nouvelles -o nouvelles.xml
	[ "$(tail -n 1 registre.xml)" = "</ns1:interfaceNuu>" ]
	{
		sed '$d' registre.xml
		sed -n '/<ns1:demande>/,$p' nouvelles.xml
	} >a-creer.xml
	gen --rpls "$CRASH_LOGEMENTS" -o rpls.xml
	gen --lot-rpls 2000 --taille-reference "$CRASH_LOGEMENTS" -o lot.csv
	# The e-mail of the first demande waiting for validation.
	awk '/<ns1:demande>/ { mel = "" }
	     match($0, /<ns1:mel>[^<]*/) { mel = substr($0, RSTART + 9, RLENGTH - 9) }
	     /<s:etat>en-attente-validation</ { print mel; exit }' registre.xml >courriel.txt
	[ -s courriel.txt ]
	# The old files, checked once here: the killed runs are compared with
	# them byte for byte.
	xmllint --stream --noout registre.xml
	xmllint --stream --noout a-creer.xml
	xmllint --stream --noout rpls.xml
	[ "$(records registre.xml)" = "$CRASH_DEMANDES" ]
	[ "$(records a-creer.xml)" = "$((CRASH_DEMANDES + 200))" ]
	[ "$(records rpls.xml)" = "$CRASH_LOGEMENTS" ]
	: >kills.txt
}

teardown_file() {
	local total
	total=$(cat "$BATS_FILE_TMPDIR/kills.txt" 2>/dev/null | awk '{ n += $1 } END { print n + 0 }')
	echo "# crash.bats : $total kills survived in all" >&3
}

setup() {
	common_setup
	REG=$BATS_FILE_TMPDIR/registre.xml
	NU=$(head -n 1 "$BATS_FILE_TMPDIR/numeros.txt")
	COURRIEL=$(cat "$BATS_FILE_TMPDIR/courriel.txt")
	BG_PID=
}

teardown() {
	# A failed test may leave its victim running: end it.
	if [ -n "${BG_PID:-}" ]; then
		kill -9 "$BG_PID" 2>/dev/null || true
		wait "$BG_PID" 2>/dev/null || true
	fi
	rm -f old.xml new.xml new2.xml victim.xml
}

now_us() {
	echo "${EPOCHREALTIME/./}"
}

# Microseconds as seconds for sleep(1).
seconds() {
	printf '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000))
}

# Records of file $1 (register or RPLS reference), by their start tag.
records() {
	grep -c -e '<ns1:demande>' -e '<r:logement ' "$1" || true
}

# The temporary files of register $1 left in its folder.
temps() {
	find "$(dirname "$1")" -maxdepth 1 -name ".$(basename "$1").tmp.*" | wc -l
}

# Files $1 and $2 of the same size that differ only by digits (the
# sequences of numéros handed out from other counters).
same_but_numbers() {
	[ "$(stat -c %s "$1")" = "$(stat -c %s "$2")" ] || return 1
	# cmp -l: offset, then both bytes in octal; digits are 60..71.
	cmp -l "$1" "$2" | awk '$2 < 60 || $2 > 71 || $3 < 60 || $3 > 71 { bad++ }
		END { exit bad > 0 }'
}

# Checks that file $1 is a well-formed stream of $2 records.
readable() {
	xmllint --stream --noout "$1" || fail "$1 illisible"
	[ "$(records "$1")" = "$2" ] || fail "$1 : $(records "$1") enregistrements au lieu de $2"
}

# crash LABEL KILLS NUMBERED FILE PROGRAM ARGS...
# Runs "PROGRAM ARGS... -i COPY" on copies of FILE: once uninterrupted
# (new.xml, twice, timed), once on the result (new2.xml), then KILLS times killed
# with SIGKILL after a random delay, each time in its own slice of the
# measured duration.  NUMBERED=1 when the program hands out numéros: the
# state is emptied before each killed run so that it gives the numbers of
# the uninterrupted run, and the next run (which gets other numbers from
# the counters the killed run advanced) is compared but for digits.
crash() {
	local label=$1 kills=$2 numbered=$3 file=$4
	shift 4
	local t0 dur rc1 rc2 i delay st rc expect next_rc
	local killed=0 left_old=0 left_new=0 finished=0 temps_seen=0

	cp "$file" old.xml
	local nold
	nold=$(records old.xml)

	cp old.xml new.xml
	rm -rf "$SNE_STATE"
	t0=$(now_us)
	rc1=0
	"$@" -q -i new.xml >/dev/null 2>err.txt || rc1=$?
	dur=$(($(now_us) - t0))
	[ "$rc1" -le 1 ] || fail "$label : premier passage sorti $rc1 : $(cat err.txt)"
	! cmp -s old.xml new.xml || fail "$label : le passage ne change rien, le test ne prouve rien"
	[ "$(temps new.xml)" = 0 ]
	# Once more, for a duration not spoilt by a cold start (the shorter
	# one is kept), and to check that the result does not depend on the
	# run.
	cp old.xml victim.xml
	rm -rf "$SNE_STATE"
	t0=$(now_us)
	"$@" -q -i victim.xml >/dev/null 2>&1 || true
	t0=$(($(now_us) - t0))
	[ "$t0" -ge "$dur" ] || dur=$t0
	cmp victim.xml new.xml

	cp new.xml new2.xml
	rc2=0
	"$@" -q -i new2.xml >/dev/null 2>err.txt || rc2=$?
	[ "$rc2" -le 1 ] || fail "$label : second passage sorti $rc2 : $(cat err.txt)"

	for ((i = 0; i < kills; i++)); do
		cp old.xml victim.xml
		[ "$numbered" = 0 ] || rm -rf "$SNE_STATE"
		# Slice i of [0, 0.9 × duration], a random point in it (runs are
		# slower on a loaded machine, never much faster).
		delay=$((dur * 9 / 10 * (i * 1000 + RANDOM % 1000) / (kills * 1000)))
		"$@" -q -i victim.xml >/dev/null 2>&1 &
		BG_PID=$!
		sleep "$(seconds "$delay")"
		kill -9 "$BG_PID" 2>/dev/null || true
		st=0
		wait "$BG_PID" 2>/dev/null || st=$? # no "Killed" notice
		BG_PID=
		case $st in
		137) killed=$((killed + 1)) ;;
		0 | 1) finished=$((finished + 1)) ;;
		*) fail "$label : passage $i sorti $st avant d'être tué" ;;
		esac
		[ "$(temps victim.xml)" = 0 ] || temps_seen=$((temps_seen + 1))
		if cmp -s victim.xml old.xml; then
			left_old=$((left_old + 1))
			expect=new.xml next_rc=$rc1
		elif cmp -s victim.xml new.xml; then
			left_new=$((left_new + 1))
			expect=new2.xml next_rc=$rc2
		else
			cp victim.xml "$BATS_FILE_TMPDIR/$label-mix.xml"
			fail "$label : tué après $(seconds "$delay") s, le fichier n'est ni l'ancien ni le nouveau (gardé dans $BATS_FILE_TMPDIR/$label-mix.xml)"
		fi
		# The next run: works, removes the temporary file of the killed
		# one, gives the same result as an uninterrupted run.
		rc=0
		"$@" -q -i victim.xml >/dev/null 2>err.txt || rc=$?
		[ "$rc" = "$next_rc" ] || fail "$label : le passage suivant le kill $i sort $rc au lieu de $next_rc : $(cat err.txt)"
		[ "$(temps victim.xml)" = 0 ] || fail "$label : fichier temporaire laissé après le passage suivant le kill $i"
		if [ "$numbered" = 0 ]; then
			cmp victim.xml "$expect"
		else
			same_but_numbers victim.xml "$expect" || fail "$label : après le kill $i, le passage suivant ne donne pas $expect"
		fi
	done

	# Every file seen above is one of these three (old.xml was checked by
	# setup_file).
	# A register keeps its demandes; the RPLS reference gains logements
	# (counted by the test).
	local nnew=$nold
	[ "$(basename "$file")" != rpls.xml ] || nnew=$(records new.xml)
	readable new.xml "$nnew"
	cmp -s new.xml new2.xml || readable new2.xml "$nnew"
	echo "$killed" >>"$BATS_FILE_TMPDIR/kills.txt"
	echo "# $label : $killed kills survived ($left_old ancien, $left_new nouveau, $temps_seen fichiers temporaires abandonnés, $finished passages finis avant le kill), passage de $(seconds "$dur") s" >&3
	# Most delays fall inside the run: a test where (almost) nothing was
	# killed would prove nothing; a loaded machine may finish a few early.
	[ $((killed * 5)) -ge "$kills" ] || fail "$label : seulement $killed passages tués sur $kills"
}

@test "crash : sne-create -i (registre et nouvelles demandes) tué au hasard" {
	crash sne-create "$CRASH_KILLS" 1 "$BATS_FILE_TMPDIR/a-creer.xml" \
		sne-create -g G0417 -d "$DATE"
	# The 200 new demandes got a numéro.
	[ $(($(grep -c '<ns1:numUnique>' new.xml) - $(grep -c '<ns1:numUnique>' old.xml))) = 200 ]
}

@test "crash : sne-renew -i (un renouvellement) tué au hasard" {
	crash sne-renew-numero $((CRASH_KILLS / 2)) 0 "$REG" sne-renew -n "$NU" -d "$DATE"
	[ "$(records new.xml)" = "$CRASH_DEMANDES" ]
}

@test "crash : sne-renew --expirer -i tué au hasard" {
	crash sne-renew-expirer $((CRASH_KILLS - CRASH_KILLS / 2)) 0 "$REG" \
		sne-renew --expirer -d "$DATE"
	[ "$(records new.xml)" = "$CRASH_DEMANDES" ]
}

@test "crash : sne-validate --valider -i tué au hasard" {
	crash sne-validate-valider $((CRASH_KILLS / 2)) 1 "$REG" \
		sne-validate -g G0417 -d "$DATE" --courriel "$COURRIEL" --valider
	[ "$(records new.xml)" = "$CRASH_DEMANDES" ]
}

@test "crash : sne-validate --invalider -i tué au hasard" {
	crash sne-validate-invalider $((CRASH_KILLS - CRASH_KILLS / 2)) 0 "$REG" \
		sne-validate -g G0417 -d "$DATE" --courriel "$COURRIEL" --invalider \
		--motif "pièce justificative manquante"
	[ "$(records new.xml)" = "$CRASH_DEMANDES" ]
}

@test "crash : sne-attrib -i (profil bailleur) tué au hasard" {
	config <<-EOF
		profil: bailleur
	EOF
	crash sne-attrib "$CRASH_KILLS" 0 "$REG" \
		sne-attrib -d "$DATE" -n "$NU" --rpls 74A0001234 --bailleur "Haute-Savoie Habitat" \
		--date-bail 2026-03-10 --adresse "12 rue des Lilas" --commune 74010 --type T3 \
		--surface 65 --loyer 420 --qpv ZUSNON
	[ "$(records new.xml)" = "$CRASH_DEMANDES" ]
}

@test "crash : sne-notice -i (envois inscrits) tué au hasard" {
	crash sne-notice "$CRASH_KILLS" 0 "$REG" sne-notice -d "$DATE"
	[ "$(records new.xml)" = "$CRASH_DEMANDES" ]
}

@test "crash : sne-rpls-load -i (référentiel et lot) tué au hasard" {
	crash sne-rpls-load "$CRASH_KILLS" 0 "$BATS_FILE_TMPDIR/rpls.xml" \
		sne-rpls-load -d "$DATE" --lot lot-crash "$BATS_FILE_TMPDIR/lot.csv"
	[ "$(records new.xml)" -gt "$CRASH_LOGEMENTS" ]
}

# A missing reference is created by the locked rewrite itself (temporary
# file, fsync, rename): a kill at any moment leaves no file at all or the
# complete new one, never an empty or partial reference that would block
# the next runs (found by this suite: it used to be created in place first).
@test "crash : sne-rpls-load -i créant un référentiel absent : absent ou complet, jamais vide" {
	local i pid start took rows survived=0
	gen --lot-rpls 60000 --taille-reference 10 -o gros-lot.csv
	start=$(now_us)
	sne-rpls-load -q -d "$DATE" -i mesure.xml gros-lot.csv 2>/dev/null || [ $? -eq 1 ]
	took=$(($(now_us) - start))
	rows=$(records mesure.xml)
	[ "$rows" -gt 25000 ]
	for i in $(seq 1 10); do
		rm -f rpls-neuf.xml
		sne-rpls-load -q -d "$DATE" -i rpls-neuf.xml gros-lot.csv 2>/dev/null &
		pid=$!
		sleep "$(seconds $((RANDOM * took / 32768)))"
		kill -9 "$pid" 2>/dev/null && survived=$((survived + 1))
		wait "$pid" 2>/dev/null || true
		if [ -e rpls-neuf.xml ]; then
			cmp -s rpls-neuf.xml mesure.xml || fail "référentiel créé mais différent du complet"
		fi
	done
	[ "$survived" -gt 0 ] || fail "aucun arrêt n'a eu lieu pendant un passage"
	echo "$survived" >>"$BATS_FILE_TMPDIR/kills.txt"
	echo "# sne-rpls-load, création du référentiel : $survived kills survived" >&3
	run --separate-stderr sne-rpls-load -q -d "$DATE" -i rpls-neuf.xml gros-lot.csv
	[ "$status" -le 1 ] || fail "sortie $status au lieu de 0 ou 1 : $(tail -n 2 <<<"$stderr")"
	cmp rpls-neuf.xml mesure.xml
	[ "$(temps rpls-neuf.xml)" = 0 ]
}
