#!/usr/bin/env bats
# sne-show: the consultation screen (the seed's tabs and words), found by
# numéro in a register; every leaf of the shipped interface sample on the
# screen; radiated, reactivated, PGP, merged demandes; the numéro as typed;
# not found with the numéro meant; --onglet, --compact, JSON, COLUMNS.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
	REG="$FIXTURES/sne-show/registre.xml"
	NU=0740317000123G0417          # active, a préavis sent, an unknown element
	NU_RADREN=0740316000077G0417   # radiated RADREN on 2018-04-06
	NU_REACTIVEE=0740316000078G0417
	NU_RADATT=0740217000002G0417
	NU_GARDE=0740317000200G0417    # kept by a merge of 0740317000201G0417
	NU_FUSION=0740317000202G0417   # radiated fusion, pointing to NU_GARDE
}

# The registered shipped sample (every block of the interface) in reg.xml,
# its numéro in $SAMPLE_NU.
register_sample() {
	sne-create -q -g G1104 -d 2017-03-21 "$FIXTURES/interfaceNuu-creation.xml" >reg.xml
	SAMPLE_NU=$(xmllint --xpath "string(//*[local-name()='numUnique'])" reg.xml)
	[ ${#SAMPLE_NU} = 18 ]
}

@test "chaque onglet de l'écran, dans l'ordre et avec les mots du SNE, sur l'exemple livré" {
	register_sample
	COLUMNS=120 run --separate-stderr sne-show -n "$SAMPLE_NU" reg.xml
	assert_success
	[ -z "$stderr" ]
	local expected="Demande|Demandeur|Conjoint ou co-titulaire|Personnes à charge|Situation prof.|Revenu fiscal|Ressources mensuelles|Logement actuel|Motif demande|Logement recherché|Précisions|Complément handicap|Gestion des échanges|Gestion des pièces justificatives"
	[ "$(printf '%s\n' "$output" | sed -n 's/^── \(.*\) ─*$/\1/p' | paste -sd'|')" = "$expected" ]
	for block in "Informations de la demande" "Informations Dalo" "Dispatching de la demande" \
		"Renouvellement demande" "Co-titulaire 1" "Personne à charge 2" "Enfant en garde 1"; do
		assert_line "$block"
	done
	assert_line --regexp '^  Date de dépôt +21/03/2017$'
	assert_line --regexp '^  État de la demande +Active$'
	assert_line --regexp '^  Civilité +Monsieur \(1\)$'
	assert_line --regexp '^  Date du prochain renouvellement +21/03/2018$'
	assert_line --regexp '^  Types de logement +3 pièces \(T3\), 4 pièces \(T4\)$'
	assert_line --regexp '^  Salaire ou revenu d.activité \(SAL\) +1480 €$'
	assert_line --regexp '^  21/03/2017 +Création — guichet G1104$'
	# nothing left over: the sample has no element the screen does not know
	refute_line --partial "Autres informations"
}

@test "chaque valeur de l'exemple livré est à l'écran, et la source de chacune dans le JSON" {
	register_sample
	COLUMNS=200 sne-show -n "$SAMPLE_NU" reg.xml >ecran.txt
	sne-show --format json -n "$SAMPLE_NU" reg.xml >ecran.json
	run python3 - "$FIXTURES/interfaceNuu-creation.xml" ecran.txt ecran.json <<-'PY'
		import json, re, sys
		import xml.etree.ElementTree as ET
		sample, text, js = sys.argv[1:]
		screen = open(text, encoding="utf-8").read()
		sources = {}
		for onglet in json.load(open(js, encoding="utf-8"))[0]["onglets"]:
		    for bloc in onglet["blocs"]:
		        for champ in bloc["champs"]:
		            for s in champ["sources"]:
		                sources[s["chemin"]] = (s["brut"], champ["libelle"], champ["valeur"])
		def local(tag): return tag.split("}")[-1]
		def leaves(node, path):
		    counts = {}
		    for c in node: counts[c.tag] = counts.get(c.tag, 0) + 1
		    seen = {}
		    for c in node:
		        seen[c.tag] = seen.get(c.tag, 0) + 1
		        step = local(c.tag) + ("[%d]" % seen[c.tag] if counts[c.tag] > 1 else "")
		        p = path + "/" + step if path else step
		        for a, v in c.attrib.items(): yield p + "/@" + a, v
		        if len(c) == 0:
		            if (c.text or "").strip() or not c.attrib: yield p, (c.text or "").strip()
		        else:
		            yield from leaves(c, p)
		def shown(v):
		    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", v)
		    if m: return "%s/%s/%s" % (m.group(3), m.group(2), m.group(1))
		    return {"true": "oui", "false": "non"}.get(v, v)
		demande = ET.parse(sample).getroot().find("{http://nuu.application.i2/}demande")
		missing = []
		n = 0
		for path, value in leaves(demande, ""):
		    n += 1
		    if path not in sources: missing.append("sans source : " + path); continue
		    brut, libelle, valeur = sources[path]
		    if brut != value: missing.append("%s : brut %r au lieu de %r" % (path, brut, value))
		    if shown(value) not in libelle + " " + valeur: missing.append("%s : %r absent de %r" % (path, shown(value), valeur))
		    line = re.compile(r"^  %s +%s$" % (re.escape(libelle), re.escape(valeur)) if valeur else r"^  %s$" % re.escape(libelle), re.M)
		    if not line.search(screen): missing.append("%s : %r %r absent de l'écran" % (path, libelle, valeur))
		print("\n".join(missing) if missing else "%d feuilles à l'écran" % n)
		sys.exit(1 if missing else 0)
	PY
	assert_success
	assert_output --regexp '^[0-9]+ feuilles à l.écran$'
}

@test "un élément inconnu est montré sous « Autres informations » avec son chemin" {
	COLUMNS=120 run -0 sne-show -n "$NU" --onglet autres "$REG"
	assert_line --regexp '^── Autres informations ─+$'
	assert_line --regexp '^  demandeLogement/precisionInconnue +texte libre du guichet$'
	assert_line --regexp '^  demandeLogement/precisionInconnue/@niveau +2$'
}

@test "une demande radiée : l'état en mots, la radiation dans Gestion des échanges" {
	COLUMNS=100 run -0 sne-show -n "$NU_RADREN" "$REG"
	assert_line --regexp '^  État de la demande +Radiée le 6 avril 2018 — non-renouvellement \(RADREN\)$'
	assert_line --regexp '^  Date de radiation +06/04/2018$'
	assert_line --regexp '^  Motif +non-renouvellement \(RADREN\)$'
	assert_line --regexp '^  06/04/2018 +Radiation — motif « RADREN »$'
}

@test "une demande réactivée : active, la radiation et la réactivation dans l'historique, avec l'opérateur" {
	COLUMNS=140 run -0 sne-show -n "$NU_REACTIVEE" "$REG"
	assert_line --regexp '^  État de la demande +Active$'
	assert_line --regexp '^  12/04/2017 +Radiation — motif « RADREN »$'
	assert_line --regexp '^  15/06/2018 +Réactivation — guichet G0417 — radiation 12/04/2017 — motif-radiation RADREN$'
	assert_line --regexp '^  15/06/2018 +Renouvellement — guichet G0417 — canal guichet — opérateur m.durand — motif « dossier complet »$'
	assert_line --regexp '^  Date du dernier renouvellement +15/06/2018$'
}

@test "une attribution : le bailleur, le contingent et le logement RPLS" {
	COLUMNS=100 run -0 sne-show --compact -n "$NU_RADATT" --onglet echanges "$REG"
	assert_line --regexp '^  Bailleur +Haute-Savoie Habitat$'
	assert_line --regexp '^  Contingent +Collectivité territoriale \(COLTER\)$'
	assert_line --regexp '^  Numéro RPLS du logement +74A0001234$'
	refute_line --partial "Adresse du logement"
}

@test "une demande du portail en attente de validation, sans numéro, lue sur l'entrée standard" {
	xmllint --xpath "//*[local-name()='demande'][.//*[local-name()='etat']='en-attente-validation']" "$REG" >pgp.xml
	printf '<ns1:interfaceNuu xmlns:ns1="http://nuu.application.i2/">%s</ns1:interfaceNuu>\n' "$(cat pgp.xml)" >flux.xml
	COLUMNS=100 run --separate-stderr sne-show <flux.xml
	assert_success
	assert_line "Demande sans numéro unique — Leroy Hugo"
	assert_line --regexp '^  État de la demande +En attente de validation$'
	assert_line --regexp '^  Origine +Portail grand public \(pgp\)$'
	assert_line --regexp '^  20/03/2017 +Soumission sur le portail$'
}

@test "chaque demande d'un flux sur l'entrée standard, dans l'ordre" {
	run -0 sne-show --format json <"$REG"
	[ "$(printf '%s' "$output" | python3 -c 'import json,sys; print(" ".join(d["numero"] or "-" for d in json.load(sys.stdin)))')" = \
		"$NU $NU_RADREN $NU_REACTIVEE - $NU_RADATT $NU_GARDE $NU_FUSION" ]
}

@test "le numéro tapé avec des espaces, des tirets ou en minuscules" {
	for typed in "074 03 17 000123 G0417" "074-0317-000123-g0417" "0740317000123g0417"; do
		run -0 sne-show -n "$typed" --onglet demande "$REG"
		assert_line "Demande $NU — Martin Elodie"
	done
}

@test "plusieurs numéros : -n répété et --numeros, une consultation chacun" {
	printf '%s\n# commentaire\n%s\n' "$NU_RADREN" "$NU_RADATT" >numeros.txt
	run -0 sne-show -n "$NU" --numeros numeros.txt --onglet demande "$REG"
	[ "$(grep -c '^Consultation d' <<<"$output")" = 3 ]
	assert_line "Demande $NU_RADATT — Roux Anne"
}

@test "numéro introuvable : code 1 et le message qui nomme le registre" {
	cp "$REG" registre.xml
	run --separate-stderr sne-show -n 0740317999999G0417 registre.xml
	assert_failure 1
	[ -z "$output" ]
	[[ $stderr == "sne-show: demande 0740317999999G0417 introuvable dans registre.xml ; vérifiez le numéro et le registre" ]]
}

@test "numéro introuvable au code guichet mal tapé : le numéro voulu est proposé" {
	cp "$REG" registre.xml
	run --separate-stderr sne-show -n 0740317000123G0471 registre.xml
	assert_failure 1
	[[ $stderr == *"demande 0740317000123G0471 introuvable dans registre.xml ; vouliez-vous dire $NU (même numéro, autre code guichet) ?"* ]]
}

@test "numéro fusionné et retiré du registre : la demande conservée est nommée" {
	cp "$REG" registre.xml
	run --separate-stderr sne-show -n 0740317000201G0417 registre.xml
	assert_failure 1
	[[ $stderr == *"demande 0740317000201G0417 introuvable dans registre.xml ; elle a été fusionnée dans la demande $NU_GARDE, conservée"* ]]
}

@test "numéro radié pour fusion : l'état nomme la demande conservée" {
	COLUMNS=200 run -0 sne-show -n "$NU_FUSION" --onglet demande "$REG"
	assert_line --regexp "^  État de la demande +Radiée le 10 janvier 2018 — fusion de doublons \\(fusion\\), demande conservée $NU_GARDE\$"
}

@test "--onglet : seuls les onglets demandés, par le début d'un mot de leur nom, sans accents" {
	run -0 sne-show -n "$NU" --onglet echanges --onglet "situation" "$REG"
	[ "$(grep -c '^── ' <<<"$output")" = 2 ]
	assert_line --regexp '^── Situation prof\. ─+$'
	assert_line --regexp '^── Gestion des échanges ─+$'
	run -64 sne-show -n "$NU" --onglet inconnu "$REG"
	assert_output --partial "onglet « inconnu » inconnu"
	run -64 sne-show -n "$NU" --onglet logement "$REG"
	assert_output --partial "ambigu"
}

@test "les champs vides sont montrés vides, et cachés avec --compact" {
	run -0 sne-show -n "$NU" --onglet demande "$REG"
	assert_line "  Statut"
	assert_line "Informations Dalo"
	run -0 sne-show --compact -n "$NU" --onglet demande "$REG"
	refute_line "  Statut"
	refute_line "Informations Dalo"
	assert_line --regexp '^  Date envoi préavis simple +05/01/2018$'
}

@test "--format json se relit, avec les mêmes valeurs que le texte" {
	run -0 sne-show --format json -n "$NU" -n "$NU_RADREN" "$REG"
	run python3 -c '
import json, sys
docs = json.loads(sys.argv[1])
assert [d["numero"] for d in docs] == [sys.argv[2], sys.argv[3]], docs
etat = [c["valeur"] for o in docs[1]["onglets"] for b in o["blocs"] for c in b["champs"] if c["libelle"] == "État de la demande"]
print(etat[0])' "$output" "$NU" "$NU_RADREN"
	assert_success
	assert_output "Radiée le 6 avril 2018 — non-renouvellement (RADREN)"
}

@test "la largeur de COLUMNS est respectée, les libellés alignés, sans couleurs dans un tube" {
	for width in 40 60 100; do
		COLUMNS=$width run -0 sne-show -n "$NU_REACTIVEE" "$REG"
		local longest
		longest=$(printf '%s\n' "$output" | python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
		[ "$longest" -le "$width" ] || fail "ligne de $longest colonnes pour COLUMNS=$width"
		[[ $output != *$'\033'* ]] || fail "couleurs dans un tube"
	done
	COLUMNS=100 run -0 sne-show -n "$NU" --onglet demande "$REG"
	# the values of a tab start in one column
	run python3 -c '
import re, sys
starts = {m.start(2) for m in (re.match(r"^  (Numéro unique|Date de dépôt|Version de la demande) +()", l) for l in sys.argv[1].splitlines()) if m}
print(len(starts))' "$output"
	assert_output 1
}

@test "registre gzip : même consultation" {
	gzip -c "$REG" >registre.xml.gz
	run -0 sne-show -n "$NU_RADATT" registre.xml.gz
	local gz=$output
	run -0 sne-show -n "$NU_RADATT" "$REG"
	[ "$gz" = "$output" ]
}

@test "registre absent : code 66 ; sortie pleine : code 74" {
	run -66 sne-show -n "$NU" absent.xml
	assert_output --partial "absent.xml"
	run -74 sh -c "sne-show -n $NU '$REG' >/dev/full"
}
