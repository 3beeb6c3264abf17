#!/usr/bin/env bats
# sne-stats: the volumes of November 2026 per code guichet and per territory
# on a register with one demande per case (tests/fixtures/sne-stats/,
# written by registre.py), the month ends, the stock and its ancienneté
# (one year to the day, 29 February), each Suivi Qualité indicator at its
# edges (the day of and after the one-month delay) with the demandes it
# concerns, the extraction piped into sne-show, the alerts per guichet, the
# formats, and the refusals.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
	REG="$FIXTURES/sne-stats/registre.xml"
	NOV=(-q -d 2026-12-02 --du 2026-11-01 --au 2026-11-30)
}

# The value of column $1 on the line of territory $2 and guichet $3 of the
# TSV in $output.
val() {
	printf '%s\n' "$output" | awk -F'\t' -v code="$1" -v t="$2" -v g="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == code) c = i; next }
		$2 == t && $3 == g { print (c ? $c : "colonne absente") }'
}

# Checks "code=value" pairs on the line of $1 $2: expect 074 G0417 creation-guichet=1 ...
expect() {
	local t=$1 g=$2 pair got
	shift 2
	for pair in "$@"; do
		got=$(val "${pair%%=*}" "$t" "$g")
		[ "$got" = "${pair#*=}" ] || { echo "$t $g ${pair%%=*}: $got, attendu ${pair#*=}"; return 1; }
	done
}

stats_tsv() {
	run --separate-stderr sne-stats "${NOV[@]}" --format tsv "$@" "$REG"
	assert_success
	[ -z "$stderr" ]
}

@test "volumes de novembre par guichet : créations, validations, renouvellements, modifications, envois par canal" {
	stats_tsv
	expect 074 G0417 creation-guichet=1 creation-pgp=0 renouvellement-guichet=2 renouvellement-pgp=1 \
		modification=1 preavis-sms=2 preavis-courriel=1 preavis-courrier=1 \
		attestation-courriel=1 attestation-courrier=3 evenement-autre=0
	# the PGP row: two demandes typed on the portal, one validated, one invalidated
	expect 074 GDPUB creation-pgp=2 validation=1 invalidation=1 creation-guichet=0 attestation-courriel=1
	expect 074 G0420 creation-guichet=1
	expect 074 G0419 creation-guichet=0 modification=0
	expect total "" creation-guichet=5 creation-pgp=2 validation=1 invalidation=1 \
		renouvellement-guichet=2 renouvellement-pgp=1 modification=2
	# one line per month and row, the national total last
	[ "$(printf '%s\n' "$output" | cut -f1 | sort -u | paste -sd' ')" = "2026-11 mois" ]
	[ "$(printf '%s\n' "$output" | tail -1 | cut -f2)" = total ]
}

@test "radiations par motif et sous-motif (RADIRR IRRSEJ, IRRRES), fusion, réactivation, avertissement" {
	stats_tsv
	expect 074 G0417 radiation-RADATT=3 radiation-RADABA=1 radiation-RADIRR-IRRSEJ=1 \
		radiation-RADIRR-IRRRES=1 radiation-RADIRR=0 radiation-RADCON=1 radiation-RADREN=1 \
		radiation-fusion=1 radiation-autre=0 reactivation=1 fusion=1 avertissement=1
	# the RADREN radiation of June is not in November
	run --separate-stderr sne-stats -q -d 2026-12-02 --du 2026-06-01 --au 2026-06-30 --format tsv "$REG"
	expect 074 G0417 radiation-RADREN=1 reactivation=0
}

@test "fin de mois : un événement du 30 novembre compte en novembre, celui du 31 octobre en octobre, celui du 1er décembre en décembre" {
	run --separate-stderr sne-stats -q -d 2027-01-05 --du 2026-10-01 --au 2026-12-31 -g G0421 \
		--format tsv "$REG"
	assert_success
	[ "$(printf '%s\n' "$output" | awk -F'\t' '$3 == "G0421" { print $1 "=" $0 }' | cut -d= -f1 | paste -sd' ')" = "2026-10 2026-11 2026-12" ]
	local col
	col=$(printf '%s\n' "$output" | head -1 | tr '\t' '\n' | grep -nx modification | cut -d: -f1)
	[ "$(printf '%s\n' "$output" | awk -F'\t' -v c="$col" '$3 == "G0421" { printf "%s=%s ", $1, $c }')" = "2026-10=1 2026-11=1 2026-12=1 " ]
	stats_tsv -g G0421
	expect 074 G0421 modification=1
}

@test "période par défaut : le dernier mois entier avant la date du jour, le 1er comme le 31" {
	for jour in 2026-12-01 2026-12-31; do
		run --separate-stderr sne-stats -q -d "$jour" --format tsv "$REG"
		assert_success
		[ "$(printf '%s\n' "$output" | sed 1d | cut -f1 | sort -u)" = 2026-11 ]
	done
	run --separate-stderr sne-stats -q -d 2026-03-01 --format tsv "$REG"
	[ "$(printf '%s\n' "$output" | sed 1d | cut -f1 | sort -u)" = 2026-02 ]
}

@test "stock au dernier jour : par état, et les actives par ancienneté (un an jour pour jour, 29 février)" {
	stats_tsv
	expect total "" stock-brouillon=1 stock-en-attente-validation=2 stock-invalidee=1 stock-radiee=9
	expect 074 GDPUB stock-brouillon=1 stock-en-attente-validation=2 stock-active=1 stock-invalidee=1
	# deposited 30 November 2025: one year on 30 November 2026; 1 December 2025: under a year
	expect 074 G0422 stock-active=3 anciennete-0-1=1 anciennete-1-2=1 anciennete-2-3=1 anciennete-3-plus=0
	expect 074 G0417 anciennete-2-3=1 anciennete-3-plus=1
	# on 28 February 2026, the demande of 29 February 2024 is two years old; the two others
	# (November and December 2025) under one year
	run --separate-stderr sne-stats -q -d 2026-03-02 --du 2026-02-01 --au 2026-02-28 -g G0422 --format tsv "$REG"
	expect 074 G0422 stock-active=3 anciennete-0-1=2 anciennete-1-2=0 anciennete-2-3=1
	# a demande deposited after the day is in no stock
	run --separate-stderr sne-stats -q -d 2026-11-02 --du 2026-10-01 --au 2026-10-31 --par territoire --format tsv "$REG"
	expect 02A "" stock-active=0 creation-guichet=0
}

@test "--par territoire : une ligne par territoire (Corse 02A, 074, Île-de-France 111, Guadeloupe 971) et le total national" {
	stats_tsv --par territoire
	[ "$(printf '%s\n' "$output" | sed 1d | cut -f2 | paste -sd' ')" = "02A 074 111 971 total" ]
	expect 02A "" creation-guichet=1 stock-active=1
	expect 971 "" creation-guichet=1
	expect 111 "" creation-guichet=1
	expect 074 "" creation-guichet=2 creation-pgp=2 modification=2
	expect total "" creation-guichet=5
	# one territory: Corse-du-Sud alone, its total
	stats_tsv --territoire 02A
	[ "$(printf '%s\n' "$output" | sed 1d | cut -f2,3 | paste -sd' ')" = $'02A\tG2A01 total\t' ]
	expect total "" creation-guichet=1 stock-active=1
	run --separate-stderr sne-stats "${NOV[@]}" --territoire 2A "$REG"
	assert_failure 64
	[[ "$stderr" == *"option --territoire : « 2A » n'est pas un territoire"* ]]
}

@test "--par modification : le guichet de la dernière modification" {
	stats_tsv --par modification
	# every demande of the register was last modified by G0417 (suivi/modification)
	expect 074 G0417 creation-guichet=2
	[ -z "$(val creation-guichet 074 G0420)" ]
}

@test "ATTENTE : en attente depuis le 29 octobre (plus d'un mois le 30 novembre), pas depuis le 30 octobre (un mois jour pour jour)" {
	stats_tsv
	expect 074 GDPUB ATTENTE=1
	run --separate-stderr sne-stats "${NOV[@]}" --extraire ATTENTE --format tsv "$REG"
	assert_success
	assert_output $'n°19\tetat=en-attente-validation\ten-attente-depuis=2026-10-29'
}

@test "ATTESTATION : due le 16 novembre et partie le 17 comptée, partie le jour de l'échéance non ; due en décembre non" {
	stats_tsv
	expect 074 G0420 ATTESTATION=1
	expect 074 G0417 ATTESTATION=1
	run --separate-stderr sne-stats "${NOV[@]}" --extraire ATTESTATION --format tsv "$REG"
	assert_success
	assert_output $'0741026000019G0417\tevenement=2026-10-20\techeance=2026-11-20\n0741026000029G0420\tevenement=2026-10-16\techeance=2026-11-16'
}

@test "chaque indicateur du suivi qualité : son compte et les demandes qu'il concerne (CONTACT : un mobile valide mais une adresse à l'étranger ne joint pas)" {
	stats_tsv
	expect total "" ATTENTE=1 CONTACT=2 ATTESTATION=2 INCOMPLET=1 RPLS-ABSENT=1 RPLS-INCONNU=1 \
		DOUBLON=1 REACTIVATION=1 CONTROLE=1
	local code numero
	while read -r code numero; do
		run --separate-stderr sne-stats "${NOV[@]}" --extraire "$code" --format tsv "$REG"
		assert_success
		[ "$(printf '%s\n' "$output" | cut -f1 | paste -sd,)" = "$numero" ] || { echo "$code: $output"; return 1; }
	done <<-EOF
		CONTACT 0740325000018G0417,0740325000040G0423
		INCOMPLET 0740325000020G0417
		RPLS-ABSENT 0740325000021G0417
		RPLS-INCONNU 0740325000022G0417
		DOUBLON 0740625000023G0418
		REACTIVATION 0740325000014G0417
		CONTROLE 0740325000024G0417
	EOF
	# the fields that make it fall in
	run sne-stats "${NOV[@]}" --extraire DOUBLON --format tsv "$REG"
	assert_output $'0740625000023G0418\tdoublon-de=0740325000001G0417'
	run sne-stats "${NOV[@]}" --extraire INCOMPLET --format tsv "$REG"
	assert_output --partial "controle=revenu fiscal de référence (revenuFiscal) absent"
	assert_output --partial "controle=ressources (listeRessourceRecue) absentes"
	run sne-stats "${NOV[@]}" --extraire RPLS-INCONNU --format tsv "$REG"
	assert_output $'0740325000022G0417\tradiation=2026-11-12\trpls=74B0009999'
}

@test "--extraire écrit les demandes concernées en flux : sne-show les lit, --guichet les restreint" {
	run --separate-stderr bash -c "sne-stats ${NOV[*]} --extraire ATTESTATION '$REG' >extrait.xml"
	assert_success
	xmllint --noout extrait.xml
	[ "$(count_records extrait.xml demande)" = 2 ]
	[ "$(xpath extrait.xml "string((//*[local-name()='numUnique'])[2])")" = 0741026000029G0420 ]
	run --separate-stderr bash -c "sne-stats ${NOV[*]} --extraire ATTESTATION -g G0420 '$REG' | sne-show"
	assert_success
	assert_output --partial "Demande 0741026000029G0420"
	refute_output --partial 0741026000019G0417
	# the extracted record is the register's, byte for byte
	diff <(sed -n '/0741026000029G0420/,/<\/ns1:demande>/p' "$REG") \
	     <(sed -n '/0741026000029G0420/,/<\/ns1:demande>/p' extrait.xml)
	# nothing concerned: an empty stream, still well-formed
	run --separate-stderr bash -c "sne-stats ${NOV[*]} --extraire ATTENTE -g G0419 '$REG' >vide.xml"
	assert_success
	xmllint --noout vide.xml
	[ "$(count_records vide.xml demande)" = 0 ]
}

@test "--alertes : un courriel par guichet qui a quelque chose à signaler, aucun pour les autres" {
	run --separate-stderr sne-stats -d 2026-12-02 --du 2026-11-01 --au 2026-11-30 --alertes alertes "$REG"
	assert_success
	[ -z "$output" ]
	[ "$(cd alertes && ls | paste -sd' ')" = "alerte-074-G0417-2026-11.eml alerte-074-G0418-2026-11.eml alerte-074-G0420-2026-11.eml alerte-074-G0423-2026-11.eml alerte-074-GDPUB-2026-11.eml" ]
	[[ "$stderr" == *"5 alertes écrites dans alertes"* ]]
	local mail=alertes/alerte-074-G0420-2026-11.eml subject
	grep -qx 'X-SNE-Guichet: G0420' "$mail"
	grep -qx 'X-SNE-Territoire: 074' "$mail"
	subject=$(sed -n 's/^Subject: =?UTF-8?B?\(.*\)?=$/\1/p' "$mail" | base64 -d)
	[ "$subject" = "Suivi qualité SNE de novembre 2026 : guichet G0420, 1 indicateur à traiter" ]
	grep -q "Voici le suivi qualité du guichet G0420 (territoire 074) pour novembre 2026" "$mail"
	# the figures against October and the territory's average; what to do, with the command
	grep -q "novembre 2026 *octobre 2026 *moy. territ." "$mail"
	grep -q "^ATTESTATION" "$mail"
	# ATTESTATION: 1 in November, 0 in October, 2 over the 8 rows of 074
	grep -qE '^ +1 +0 +0,2$' "$mail"
	grep -q "sne-stats --du 2026-11-01 --au 2026-11-30 --extraire ATTESTATION --guichet G0420 --format tsv $REG" "$mail"
	# the command given lists the demande that makes the alert
	local cmd
	cmd=$(sed -n 's/^  la liste : //p' "$mail")
	run --separate-stderr bash -c "$cmd"
	assert_success
	[ "$(printf '%s\n' "$output" | cut -f1)" = 0741026000029G0420 ]
	! grep -q "^- CONTACT" "$mail"
}

@test "--alertes : un même code guichet dans deux territoires a deux courriels ; --par territoire un par territoire" {
	cp "$SHARE/exemples/registre.xml" registre.xml
	run --separate-stderr sne-stats -d 2018-07-02 --alertes alertes registre.xml
	assert_success
	[ "$(ls alertes | wc -l)" -gt 2 ]
	[[ "$stderr" == *"$(ls alertes | wc -l) alertes écrites dans alertes"* ]]
	ls alertes/alerte-074-G0417-2018-06.eml alertes/alerte-111-G0417-2018-06.eml
	run --separate-stderr sne-stats -q -d 2026-12-02 --du 2026-11-01 --au 2026-11-30 --par territoire --alertes parter "$REG"
	assert_success
	[ "$(ls parter | paste -sd' ')" = "alerte-074-2026-11.eml" ]
	grep -qx 'X-SNE-Territoire: 074' parter/alerte-074-2026-11.eml
	# the share of reactivations beside REACTIVATION: 1 of 3 renewals in November, none in October
	grep -A1 '^ *dont part des renouvellements$' parter/alerte-074-2026-11.eml | grep -qE '^ +33,3 % +— *$'
	# a territory's list: its numéros
	run --separate-stderr bash -c "$(sed -n '/^- ATTENTE/{n;s/^  la liste : //p}' parter/alerte-074-2026-11.eml)"
	assert_success
	assert_output $'n°19\tetat=en-attente-validation\ten-attente-depuis=2026-10-29'
}

@test "--format table : libellés français, colonnes alignées, total national ; csv : BOM, point-virgule, libellés" {
	run --separate-stderr env -u COLUMNS sne-stats "${NOV[@]}" --par territoire "$REG"
	assert_success
	assert_line --index 0 "Statistiques du registre du 1er novembre 2026 au 30 novembre 2026"
	assert_line --regexp '^Créations au guichet +1 +2 +1 +1 +5$'
	assert_line --regexp '^Volumes du mois +02A +074 +111 +971 +Total national$'
	assert_line --regexp '^Demandes PGP en attente de validation depuis plus d.un mois +0 +1 +0 +0 +1$'
	# every line of a section is as wide as its header
	local line widths=""
	while IFS= read -r line; do
		widths+="$(LC_ALL=C.UTF-8 bash -c 'printf %s "${#1}"' _ "$line") "
	done < <(printf '%s\n' "$output" | sed -n '/^Volumes du mois/,/^$/p' | sed '/^$/d')
	[ "$(printf '%s\n' $widths | sort -u | wc -l)" = 1 ]
	run --separate-stderr sne-stats "${NOV[@]}" --par territoire --format csv "$REG"
	assert_success
	[ "$(printf '%s' "$output" | head -c3 | od -An -tx1 | tr -d ' ')" = efbbbf ]
	[[ "${lines[0]}" == *"mois;territoire;guichet;Créations au guichet;"* ]]
	[ "$(printf '%s\n' "$output" | tr -d '\r' | awk -F';' '$2 == "total" { print $4 }')" = 5 ]
}

@test "--format csv lu par un lecteur CSV (python3 csv) : un champ par colonne, les nombres relus, les territoires font le total" {
	command -v python3 >/dev/null || skip "python3 absent"
	sne-stats "${NOV[@]}" --par territoire --format csv "$REG" >stats.csv
	run -0 python3 - stats.csv <<-'PY'
	import csv, sys
	with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
	    rows = list(csv.reader(f, delimiter=";"))
	head, body = rows[0], rows[1:]
	assert head[:3] == ["mois", "territoire", "guichet"], head
	assert all(len(r) == len(head) for r in rows), "nombre de champs"
	total = [r for r in body if r[1] == "total"]
	assert len(total) == 1, total
	terr = [r for r in body if r[1] != "total"]
	assert sorted(r[1] for r in terr) == ["02A", "074", "111", "971"], terr
	col = head.index("Créations au guichet")
	assert int(total[0][col]) == 5, total[0][col]
	# every column of counts (not the shares, not the stock's averages) adds up
	for i, name in enumerate(head[3:], 3):
	    values = [r[i] for r in body]
	    if all(v.isdigit() for v in values):
	        assert sum(int(r[i]) for r in terr) == int(total[0][i]), name
	print(len(head) - 3, "colonnes")
	PY
	assert_output --regexp '^[0-9]+ colonnes$'
}

@test "--format table dans la largeur COLUMNS : les colonnes par blocs, chacun avec ses libellés" {
	COLUMNS=100 run --separate-stderr sne-stats "${NOV[@]}" "$REG"
	assert_success
	# 12 columns (11 guichets and the total), two per block of 100 columns: 6 blocks of 3 sections
	[ "$(printf '%s\n' "$output" | grep -c '^Volumes du mois ')" = 6 ]
	[ "$(printf '%s\n' "$output" | grep -c '^Suivi qualité ')" = 6 ]
	local line
	while IFS= read -r line; do
		[ "$(LC_ALL=C.UTF-8 bash -c 'printf %s "${#1}"' _ "$line")" -le 100 ] || fail "ligne trop large : $line"
	done <<<"$output"
	# each guichet once per section, the total last
	[ "$(printf '%s\n' "$output" | grep '^Volumes du mois ' | grep -o '074 G0420' | wc -l)" = 1 ]
	assert_line --regexp '^Volumes du mois +971 G9711 +Total national$'
	assert_line --regexp '^Créations au guichet +1 +5$'
	# in a pipe without COLUMNS, one block
	run --separate-stderr env -u COLUMNS sne-stats "${NOV[@]}" "$REG"
	[ "$(printf '%s\n' "$output" | grep -c '^Volumes du mois ')" = 1 ]
}

@test "sur une grande série, les milliers séparés par une espace" {
	# demande 1, 1,200 times under numéros of its month
	awk '
		NR <= 2 { print; next }
		/<ns1:demande>/ { block = ""; keep = 1 }
		keep { block = block $0 "\n" }
		/<\/ns1:demande>/ && keep { keep = 0; if (one == "" && index(block, "0740325000001G0417")) one = block }
		END {
			for (i = 1; i <= 1200; i++) {
				b = one
				sub(/0740325000001G0417/, sprintf("0740325%06dG0417", 100000 + i), b)
				printf "%s", b
			}
			print "</ns1:interfaceNuu>"
		}' "$REG" >grand.xml
	run --separate-stderr env -u COLUMNS sne-stats "${NOV[@]}" --indicateurs CONTACT grand.xml
	assert_success
	assert_line --regexp '^Stock : actives +1 200 +1 200$'
	# the one indicator asked has its section's header
	assert_line --regexp '^Suivi qualité +074 G0417 +Total national$'
}

@test "lignes de commande incorrectes : code 64 et ce qu'il faut faire" {
	run --separate-stderr sne-stats -q --du 2026-11-02 --au 2026-11-30 "$REG"
	assert_failure 64
	[[ "$stderr" == *"option --du : la période commence un premier du mois"* ]]
	run --separate-stderr sne-stats -q --du 2026-11-01 --au 2026-11-29 "$REG"
	assert_failure 64
	[[ "$stderr" == *"option --au : la période finit un dernier jour du mois"* ]]
	run --separate-stderr sne-stats -q --du 2026-12-01 --au 2026-11-30 "$REG"
	assert_failure 64
	run --separate-stderr sne-stats -q --extraire INCONNU "$REG"
	assert_failure 64
	[[ "$stderr" == *"option --extraire : indicateur « INCONNU » inconnu"* ]]
	run --separate-stderr sne-stats -q --format pdf "$REG"
	assert_failure 64
	run --separate-stderr sne-stats -q --extraire CONTACT --alertes d "$REG"
	assert_failure 64
	[ -z "$output" ]
	[ ! -e d ]
}

@test "entrée absente (66), mal formée (65), sortie pleine (74), dossier des alertes impossible (73)" {
	run --separate-stderr sne-stats -q absent.xml
	assert_failure 66
	printf '<?xml version="1.0"?>\n<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">\n<ns1:demande>\n' >coupe.xml
	run --separate-stderr sne-stats "${NOV[@]}" coupe.xml
	assert_failure 65
	[[ "$stderr" == "sne-stats: coupe.xml:"* ]]
	run --separate-stderr bash -c "sne-stats ${NOV[*]} '$REG' >/dev/full"
	assert_failure 74
	# the alerts' folder cannot be made: 73, what to do
	run --separate-stderr sne-stats "${NOV[@]}" --alertes absent/alertes "$REG"
	assert_failure 73
	[[ "$stderr" == "sne-stats: absent/alertes: dossier des alertes impossible à créer (son dossier parent doit exister et être inscriptible) :"* ]]
	[ ! -e absent ]
}

@test "les événements qu'inscrivent sne-update, sne-radiate, sne-notice, sne-fix et sne-renew sont comptés dans leur mois" {
	cp "$FIXTURES/sne-radiate/registre.xml" registre.xml
	local A=0741117000123G0417 B=0741117000124G0417 C=0741117000125G0417 RADREN=0741116000077G0417
	printf 'guichet: G0417\nprofil: guichet\n' >guichet.yaml
	printf 'guichet: B0042\nprofil: bailleur\n' >bailleur.yaml
	printf 'guichet: G0001\nprofil: gestionnaire\n' >support.yaml
	export SNE_CONFIG="$PWD/guichet.yaml"
	# 5 January 2018: guichet G0574 sends a MOD of C (T4 instead of T3)
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">\n'
		printf '  <ns1:entete><ns1:typeFichier>MOD</ns1:typeFichier><ns1:dateFichier>2018-01-05T10:00:00+01:00</ns1:dateFichier></ns1:entete>\n  <ns1:demande>\n'
		awk -v nu="$C" '
			/<ns1:demande>/ { block = ""; hit = 0; inrec = 1 }
			inrec && /<ns1:demandeLogement>/ { indl = 1 }
			indl { block = block $0 "\n" }
			inrec && index($0, nu) { hit = 1 }
			/<\/ns1:demandeLogement>/ { indl = 0 }
			/<\/ns1:demande>/ { inrec = 0; if (hit) printf "%s", block }
		' registre.xml | sed 's/code="T3"/code="T4"/'
		printf '  </ns1:demande>\n</ns1:interfaceNuu>\n'
	} >mod.xml
	sne-update -q -g G0574 -d 2018-01-05 -i registre.xml mod.xml
	# B renounces on 5 January, the support reactivates it on the 25th
	sne-radiate -q -d 2018-01-05 --motif RADABA -n "$B" -i registre.xml
	sne-fix -q -c support.yaml -d 2018-01-25 -n "$B" --reactiver --motif "renonciation retirée" -i registre.xml
	# A: RADIRR IRRSEJ asked on 20 January, sent on the 31st, radiated on 1 March
	sne-radiate -q -c bailleur.yaml -d 2018-01-20 --avertir --motif RADIRR --sous-motif IRRSEJ -n "$A" -i registre.xml
	sne-notice -q -d 2018-01-31 -i registre.xml >envois.xml
	sne-radiate -q -d 2018-03-01 --echeances -i registre.xml
	# the RADREN demande renewed on 15 January: reactivated
	sne-renew -q -d 2018-01-15 --numero "$RADREN" -i registre.xml
	run --separate-stderr sne-stats -q -d 2018-04-02 --du 2018-01-01 --au 2018-01-31 --format tsv registre.xml
	assert_success
	expect 074 G0417 modification=1 radiation-RADABA=1 avertissement=1 reactivation=2 \
		REACTIVATION=1 renouvellement-guichet=1 evenement-autre=0 stock-active=4 stock-radiee=0
	run --separate-stderr sne-stats -q -d 2018-04-02 --du 2018-03-01 --au 2018-03-31 --format tsv registre.xml
	expect 074 G0417 radiation-RADIRR-IRRSEJ=1 radiation-RADIRR=0 stock-radiee=1
	# per guichet of the last modification: G0574 (sne-update), G0001 (sne-fix)
	run --separate-stderr sne-stats -q -d 2018-04-02 --du 2018-01-01 --au 2018-01-31 --par modification --format tsv registre.xml
	[ "$(printf '%s\n' "$output" | sed 1d | cut -f3 | paste -sd' ')" = "G0001 G0417 G0574 " ]
	expect 074 G0574 modification=1
	expect 074 G0001 reactivation=1
}

@test "--format json : les mesures et les lignes, relues par jq" {
	command -v jq >/dev/null || skip "jq absent"
	run --separate-stderr sne-stats "${NOV[@]}" --par territoire --format json "$REG"
	assert_success
	[ "$(jq -r '.du + " " + .au + " " + .par' <<<"$output")" = "2026-11-01 2026-11-30 territoire" ]
	[ "$(jq '.demandes' <<<"$output")" = 44 ]
	[ "$(jq '[.lignes[] | select(.total)] | length' <<<"$output")" = 1 ]
	[ "$(jq '.lignes[] | select(.total) | .valeurs["creation-guichet"]' <<<"$output")" = 5 ]
	[ "$(jq -r '.lignes[] | select(.territoire == "02A") | .valeurs["stock-active"]' <<<"$output")" = 1 ]
	[ "$(jq -r '.mesures[] | select(.code == "ATTENTE") | .nature' <<<"$output")" = indicateur ]
}

@test "--format html : une page autonome bien formée, un graphique SVG par ligne, les indicateurs en tableau" {
	run --separate-stderr bash -c "sne-stats ${NOV[*]} --par territoire --format html '$REG' >page.html"
	assert_success
	xmllint --noout page.html
	# nothing fetched: the only URI is the SVG namespace
	[ "$(grep -oE '(https?:|//)[^" ]*' page.html | sort -u)" = "http://www.w3.org/2000/svg" ]
	! grep -qiE '<(script|link|img)' page.html
	# one chart per territory with volumes and one for the total
	[ "$(grep -c '<svg ' page.html)" = 5 ]
	grep -q 'aria-label="Volumes de 02A"' page.html
	# the indicators: a column each (its definition in the legend), a row
	# per territory, the total last
	local t="//table[@class='indicateurs']"
	[ "$(xpath page.html "count($t/thead/tr/th) - 1")" = 9 ]
	[ "$(xpath page.html "count(//dl[@class='legende']/dt)")" = 9 ]
	[ "$(xpath page.html "string($t/tbody/tr[last()]/@class)")" = total ]
	[ "$(xpath page.html "string($t/tbody/tr[last()]/td[count($t/thead/tr/th[.='ATTESTATION']/preceding-sibling::th)])")" = 2 ]
	[ "$(xpath page.html "string($t/tbody/tr[th='02A']/td[count($t/thead/tr/th[.='ATTESTATION']/preceding-sibling::th)])")" = 0 ]
	# a territory without volume has no chart: named once, under the charts
	local rows=$(xpath page.html "count($t/tbody/tr)") without
	without=$(xpath page.html "string(//p[@class='sans'])")
	if [ "$rows" -gt 5 ]; then [[ "$without" == "Sans volume ce mois ($((rows - 5))) : "* ]]; else [ -z "$without" ]; fi
}

@test "ATTENTE un 29 février : soumise le 28 janvier 2024, comptée le 29 février ; soumise le 29 janvier (créée le 10), non ; les deux fin mars" {
	local block
	block=$(awk '/<ns1:demande>/ { b = ""; keep = 1 } keep { b = b $0 "\n" }
		/<\/ns1:demande>/ && keep { keep = 0; if (index(b, "2026-10-29")) printf "%s", b }' "$REG")
	{
		sed -n '1,2p' "$REG"
		printf '%s\n' "$block" | sed 's/2026-10-29/2024-01-28/g'
		printf '%s\n' "$block" | sed 's/date="2026-10-29" type="creation"/date="2024-01-10" type="creation"/;
			s/<ns1:dateCreationDemande>2026-10-29/<ns1:dateCreationDemande>2024-01-10/; s/2026-10-29/2024-01-29/g'
		echo '</ns1:interfaceNuu>'
	} >attente.xml
	run --separate-stderr sne-stats -q -d 2024-04-02 --du 2024-02-01 --au 2024-02-29 --format tsv attente.xml
	assert_success
	expect 074 GDPUB ATTENTE=1 stock-en-attente-validation=2
	run --separate-stderr sne-stats -q -d 2024-04-02 --du 2024-02-01 --au 2024-02-29 --extraire ATTENTE --format tsv attente.xml
	assert_output $'n°1\tetat=en-attente-validation\ten-attente-depuis=2024-01-28'
	run --separate-stderr sne-stats -q -d 2024-04-02 --du 2024-03-01 --au 2024-03-31 --format tsv attente.xml
	expect 074 GDPUB ATTENTE=2
}

# The register twice over in one file: every identity of the second copy
# is a doublon of the first, in another part when the file is cut.
doubled() {
	{
		sed '$d' "$REG"
		sed -n '/<ns1:demande>/,$p' "$REG"
	} >double.xml
	xmllint --noout double.xml
}

@test "un registre lu en parties (SNE_PARTIES) donne les chiffres, les alertes et les pages d'une lecture" {
	doubled
	local f p
	for f in tsv csv json html table; do
		SNE_PARTIES=1 sne-stats "${NOV[@]}" --format "$f" double.xml >une.$f
		for p in 2 3 7; do
			SNE_PARTIES=$p sne-stats "${NOV[@]}" --format "$f" double.xml >parties.$f
			cmp une.$f parties.$f || { echo "--format $f, $p parties"; diff une.$f parties.$f; return 1; }
		done
	done
	for p in territoire modification; do
		SNE_PARTIES=1 sne-stats "${NOV[@]}" --format tsv --par $p double.xml >une.tsv
		SNE_PARTIES=3 sne-stats "${NOV[@]}" --format tsv --par $p double.xml >parties.tsv
		cmp une.tsv parties.tsv
	done
	SNE_PARTIES=1 sne-stats "${NOV[@]}" --alertes une double.xml
	SNE_PARTIES=4 sne-stats "${NOV[@]}" --alertes parties double.xml
	diff -r une parties
	[ "$(ls une | wc -l)" -gt 0 ]
}

@test "en parties, les doublons d'une partie à l'autre sont comptés : le registre en double a chaque identité active deux fois" {
	doubled
	run --separate-stderr sne-stats "${NOV[@]}" --format tsv --indicateurs DOUBLON "$REG"
	local once
	once=$(val DOUBLON total "")
	SNE_PARTIES=3 run --separate-stderr sne-stats "${NOV[@]}" --format tsv --indicateurs DOUBLON double.xml
	assert_success
	# the demandes of the second copy are doublons of the first
	[ "$(val DOUBLON total "")" -gt "$once" ]
	SNE_PARTIES=1 run --separate-stderr sne-stats "${NOV[@]}" --format tsv --indicateurs DOUBLON double.xml
	local one_pass
	one_pass=$(val DOUBLON total "")
	SNE_PARTIES=3 run --separate-stderr sne-stats "${NOV[@]}" --format tsv --indicateurs DOUBLON double.xml
	[ "$(val DOUBLON total "")" = "$one_pass" ]
}

@test "en parties, un registre mal formé dans sa seconde moitié : le message et le code d'une lecture, une fois" {
	doubled
	# an unbound prefix two thirds down the file
	awk -v n="$(grep -c '<ns1:numUnique>' double.xml)" '
		/<ns1:numUnique>/ && ++k == int(n * 2 / 3) { sub(/<ns1:numUnique>/, "<xx:numUnique>") } { print }' \
		double.xml >mauvais.xml
	SNE_PARTIES=1 run --separate-stderr sne-stats "${NOV[@]}" mauvais.xml
	assert_failure 65
	local one_pass=$stderr
	[[ "$one_pass" == "sne-stats: mauvais.xml:"* ]]
	SNE_PARTIES=3 run --separate-stderr sne-stats "${NOV[@]}" mauvais.xml
	assert_failure 65
	[ "$stderr" = "$one_pass" ]
	[ -z "$output" ]
}
