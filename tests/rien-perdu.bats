#!/usr/bin/env bats
# Nothing lost, second pass: the envelope of a stream (root, entete, what may
# lie between records), several inputs making one well-formed stream
# whatever each holds, one suivi per demande, attribute values and line ends
# kept through a rewrite, French messages, one numéro counter per
# installation, bilans that do not lie after a fatal error.

bats_require_minimum_version 1.5.0
load test_helper/common

NS='xmlns:ns1="http://nuu.application.i2/"'
REGISTRE="$SHARE/exemples/registre.xml"
DEMANDES="$SHARE/exemples/demandes.xml"

setup() {
	common_setup
	config <<-EOF
		guichet: G0417
		modeles: $SHARE/modeles
	EOF
}

# The empty registers a first day starts from, by name.
empty_registers() {
	printf '<ns1:interfaceNuu %s/>\n' "$NS" >vide-ferme.xml
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<ns1:interfaceNuu versionInterface="02.01" %s>\n  <ns1:entete><ns1:dateFichier>2017-03-01</ns1:dateFichier></ns1:entete>\n</ns1:interfaceNuu>\n' "$NS" >vide-entete.xml
	printf '<ns1:interfaceNuu %s></ns1:interfaceNuu>' "$NS" >vide-ouvert.xml
	gzip -c vide-ferme.xml >vide-ferme.xml.gz
	gzip -c vide-entete.xml >vide-entete.xml.gz
}

# Fails unless file $1 is well-formed and holds $2 demandes.
holds() {
	xmllint --noout "$1" || { echo "$1 : XML mal formé" >&2; head -c 400 "$1" >&2; return 1; }
	local n
	n=$(count_records "$1" demande)
	[ "$n" = "$2" ] || { echo "$1 : $n demandes au lieu de $2" >&2; return 1; }
}

@test "premier jour : sne-create -i sur un registre vide (fermé, ouvert, avec entête, gzip) donne un registre bien formé" {
	empty_registers
	for r in vide-ferme.xml vide-entete.xml vide-ouvert.xml vide-ferme.xml.gz vide-entete.xml.gz; do
		run --separate-stderr sne-create -g G0417 -d 2017-03-05 -i "$r" "$DEMANDES"
		assert_success
		if [[ $r == *.gz ]]; then gzip -dc "$r" >plain.xml; else cp "$r" plain.xml; fi
		holds plain.xml 8
		# the register keeps its own envelope
		grep -q 'interfaceNuu' plain.xml
		if [[ $r == vide-entete* ]]; then grep -q '2017-03-01' plain.xml; fi
		run --separate-stderr sne-validate --check "$r"
		assert_success
	done
}

@test "plusieurs entrées, vides ou non, dans tous les ordres : un flux bien formé pour chaque programme" {
	empty_registers
	local combos=(
		"vide-ferme.xml $REGISTRE"
		"vide-entete.xml.gz $REGISTRE"
		"$REGISTRE vide-ferme.xml"
		"vide-ferme.xml vide-entete.xml $REGISTRE vide-ouvert.xml"
		"vide-ferme.xml vide-ouvert.xml"
	)
	local n_registre
	n_registre=$(count_records "$REGISTRE" demande)
	for c in "${combos[@]}"; do
		# shellcheck disable=SC2086
		set -- $c
		local want=0 f
		for f in "$@"; do [ "$f" = "$REGISTRE" ] && want=$n_registre; done
		for cmd in "sne-renew -d 2018-05-01 --expirer" "sne-validate --courriel x@example.org" \
			"sne-create -g G0417 -d 2017-03-05"; do
			# shellcheck disable=SC2086
			run --separate-stderr $cmd "$@"
			[ "$status" -le 1 ] || fail "$cmd $c : code $status : $stderr"
			printf '%s' "$output" >out.xml
			if [[ $cmd == sne-validate* ]]; then continue; fi
			holds out.xml "$want" || fail "$cmd $c"
		done
	done
}

@test "enveloppe : racine, espace de noms, texte, éléments inconnus, entête en double ou tardif refusés (65) par --check et par les filtres, rien d'écrit" {
	local cases=(
		'<foo/>'
		'<ns1:interfaceNuu xmlns:ns1="urn:autre"/>'
		"<ns1:interfaceNuu $NS>texte perdu</ns1:interfaceNuu>"
		"<ns1:interfaceNuu $NS><ns1:autre/></ns1:interfaceNuu>"
		"<ns1:interfaceNuu $NS><x><ns1:demande/></x></ns1:interfaceNuu>"
		"<ns1:interfaceNuu $NS><ns1:demande xmlns:ns1=\"urn:autre\"/></ns1:interfaceNuu>"
		"<ns1:interfaceNuu $NS><ns1:entete/><ns1:entete/></ns1:interfaceNuu>"
		"<ns1:interfaceNuu $NS><ns1:demande><ns1:demandeLogement/></ns1:demande><ns1:entete/></ns1:interfaceNuu>"
		"<ns1:interfaceNuu $NS><ns1:entete><ns1:dateFichier>hier</ns1:dateFichier></ns1:entete></ns1:interfaceNuu>"
		"<ns1:interfaceNuu versionInterface=\"99.99\" $NS/>"
		"<ns1:interfaceNuu $NS><ns1:entete><ns1:typeFichier>XYZ</ns1:typeFichier></ns1:entete></ns1:interfaceNuu>"
	)
	for c in "${cases[@]}"; do
		printf '%s\n' "$c" >e.xml
		run --separate-stderr sne-validate --check e.xml
		[ "$status" = 65 ] || fail "--check $c : code $status"
		assert [ -n "$stderr" ]
		[[ $stderr == *"e.xml:1:"* ]] || fail "--check $c : pas de ligne : $stderr"
		cp e.xml reg.xml
		run --separate-stderr sne-renew -d 2018-05-01 --expirer -i reg.xml
		[ "$status" = 65 ] || fail "sne-renew -i $c : code $status"
		cmp -s e.xml reg.xml || fail "sne-renew -i a réécrit $c"
		run --separate-stderr sne-notice -d 2018-05-01 e.xml
		[ "$status" = 65 ] || fail "sne-notice $c : code $status"
	done
}

@test "enveloppe : une racine étrangère est nommée avec ce qui était attendu" {
	printf '<foo/>\n' >foo.xml
	run --separate-stderr sne-renew --expirer -i foo.xml
	assert_failure 65
	assert [ "$(cat foo.xml)" = "<foo/>" ]
	[[ $stderr == *"foo.xml:1:1: racine « foo »"*"attendu « interfaceNuu »"* ]]
}

@test "typeFichier : sne-create ne prend que CRE, nomme sne-update pour MOD ; type ou version inconnus : 65" {
	sed 's|<ns1:typeFichier>CRE</ns1:typeFichier>|<ns1:typeFichier>MOD</ns1:typeFichier>|' \
		"$FIXTURES/interfaceNuu-creation.xml" >mod.xml
	run --separate-stderr sne-create -g G1104 -d 2017-03-21 mod.xml
	assert_failure 65
	assert_output ""
	[[ $stderr == *"mod.xml:3: fichier de modifications (typeFichier MOD)"*"utilisez sne-update"* ]]
	sed 's|<ns1:typeFichier>CRE</ns1:typeFichier>|<ns1:typeFichier>XYZ</ns1:typeFichier>|' \
		"$FIXTURES/interfaceNuu-creation.xml" >xyz.xml
	run --separate-stderr sne-create -g G1104 -d 2017-03-21 xyz.xml
	assert_failure 65
	[[ $stderr == *"« XYZ » inconnu"* ]]
	sed 's|versionInterface="02.00"|versionInterface="99.99"|' \
		"$FIXTURES/interfaceNuu-creation.xml" >v99.xml
	run --separate-stderr sne-create -g G1104 -d 2017-03-21 v99.xml
	assert_failure 65
	[[ $stderr == *"version d'interface « 99.99 » inconnue"* ]]
	run --separate-stderr sne-create -g G1104 -d 2017-03-21 "$FIXTURES/interfaceNuu-creation.xml"
	assert_success
}

# The shipped register with the suivi of its first demande doubled, the
# second one saying radiee.
double_suivi() {
	awk 'BEGIN { n = 0 }
		/<s:suivi/ && n == 0 { grab = 1 }
		grab { buf = buf $0 "\n" }
		{ print }
		grab && /<\/s:suivi>/ { grab = 0; n = 1; sub(/<s:etat>active<\/s:etat>/, "<s:etat>radiee</s:etat>", buf); printf "%s", buf }' \
		"$REGISTRE" >"$1"
}

@test "un deuxième suivi dans une demande : 65 pour --check, demande refusée et recopiée telle quelle par sne-renew" {
	double_suivi dup.xml
	[ "$(grep -c '<s:suivi' dup.xml)" -gt "$(grep -c '<s:suivi' "$REGISTRE")" ]
	run --separate-stderr sne-validate --check dup.xml
	assert_failure 65
	[[ $stderr == *"0740217000001G0417 : 2 éléments suivi"* ]]
	cp dup.xml reg.xml
	run --separate-stderr sne-renew -g G0417 -d 2018-01-02 -n 0740217000001G0417 -i reg.xml
	assert_failure 1
	cmp dup.xml reg.xml
}

@test "attributs : sauts de ligne et tabulations gardés à la réécriture (&#10; &#9; &#13;)" {
	cp "$REGISTRE" reg.xml
	run --separate-stderr sne-validate -g G0417 --courriel noe.laurent@example.org --invalider \
		--motif $'ligne1\nligne2\tfin' -i reg.xml
	assert_success
	grep -q 'motif="ligne1&#10;ligne2&#9;fin"' reg.xml
	[ "$(xmllint --xpath 'string(//*[local-name()="invalidation"][contains(@motif,"ligne1")]/@motif)' reg.xml)" = $'ligne1\nligne2\tfin' ]
	# an unknown attribute of a rewritten suivi keeps its line break
	sed '0,/<s:etat>active<\/s:etat>/s//<s:etat note="a\&#10;b">active<\/s:etat>/' "$REGISTRE" >note.xml
	run --separate-stderr sne-renew -g G0417 -d 2018-01-02 -n 0740217000001G0417 note.xml
	assert_success
	[[ $output == *'note="a&#10;b"'* ]]
}

@test "fichier CRLF : le suivi réécrit garde les fins de ligne CRLF ; les commentaires du suivi restent" {
	sed 's/$/\r/' "$REGISTRE" >crlf.xml
	run --separate-stderr sne-renew -g G0417 -d 2018-01-02 -n 0740217000001G0417 crlf.xml
	assert_success
	printf '%s' "$output" >out.xml
	# every line of the output still ends with CR LF
	[ "$(grep -vc $'\r$' out.xml)" = 0 ]
	sed '0,/<s:etat>active<\/s:etat>/s//<s:etat>active<\/s:etat><!-- vu au guichet -->/' "$REGISTRE" >com.xml
	run --separate-stderr sne-renew -g G0417 -d 2018-01-02 -n 0740217000001G0417 com.xml
	assert_success
	[[ $output == *'<!-- vu au guichet -->'* ]]
	[[ $output == *'dernier="2018-01-02"'* ]]
}

@test "messages : encodage déclaré nommé, US-ASCII accepté, pas d'anglais de libxml2, caractères de contrôle visibles" {
	printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<ns1:interfaceNuu %s/>\n' "$NS" >latin1.xml
	run --separate-stderr sne-validate --check latin1.xml
	assert_failure 65
	[[ $stderr == *"« ISO-8859-1 » non pris en charge"* ]]
	printf '<?xml version="1.0" encoding="windows-1252"?>\n<ns1:interfaceNuu %s/>\n' "$NS" >w.xml
	run --separate-stderr sne-validate --check w.xml
	[[ $stderr == *"« windows-1252 »"* ]]
	printf '<?xml version="1.0" encoding="US-ASCII"?>\n<ns1:interfaceNuu %s/>\n' "$NS" >ascii.xml
	run --separate-stderr sne-validate --check ascii.xml
	assert_success
	printf '<ns1:interfaceNuu %s><!-- x </ns1:interfaceNuu>' "$NS" >c.xml
	run --separate-stderr sne-validate --check c.xml
	assert_failure 65
	[[ $stderr == *"commentaire non terminé"* ]]
	printf '<ns1:interfaceNuu %s xmlns:a="urn:a" xmlns:b="urn:a"><ns1:demande a:x="1" b:x="2"/></ns1:interfaceNuu>' "$NS" >r.xml
	run --separate-stderr sne-validate --check r.xml
	assert_failure 65
	[[ $stderr == *"attribut en double"* ]]
	printf '<ns1:interfaceNuu %s><ns1:demande xml:id="1 2"><ns1:demandeLogement/></ns1:demande></ns1:interfaceNuu>' "$NS" >id.xml
	run --separate-stderr sne-validate --check id.xml
	for f in c r id; do
		run --separate-stderr sne-validate --check $f.xml
		[[ $stderr != *"not terminated"* && $stderr != *"redefined"* && $stderr != *"validity error"* &&
			$stderr != *"NCName"* ]] || fail "$f.xml : anglais de libxml2 : $stderr"
	done
	# a numéro with a line break cannot forge a second message line
	run --separate-stderr sne-renew -g G0417 -d 2018-01-02 -n $'0740217000001G0417\nsne-renew: faux' "$REGISTRE"
	[[ $stderr == *'\n'* ]]
	refute [ "$(printf '%s\n' "$stderr" | grep -c '^sne-renew: faux')" -gt 0 ]
}

@test "schéma : le message nomme l'élément et ce qui était attendu (codes, forme, type)" {
	sed -e '0,/<ns1:civilite code="2"\/>/s//<ns1:civilite code="9"\/>/' \
		-e '0,/<ns1:numGuichet>G0417/s//<ns1:numGuichet>G04/' \
		-e '0,/<ns1:dateNaissance>[^<]*</s//<ns1:dateNaissance>hier</' "$REGISTRE" >bad.xml
	run --separate-stderr sne-validate --check bad.xml
	assert_failure 65
	[[ $stderr == *"attribut « code » de l'élément « civilite »"*"codes admis : 1, 2"* ]]
	[[ $stderr == *"élément « numGuichet »"*"5 chiffres ou lettres majuscules"* ]]
	[[ $stderr == *"élément « dateNaissance »"*"une date AAAA-MM-JJ"* ]]
	# the value itself (personal data) is not quoted from libxml2
	[[ $stderr != *"'hier'"* ]]
}

@test "compteurs : un seul dossier d'état par installation, jamais un dossier par utilisateur" {
	mkdir -p a b
	HOME=$PWD/a XDG_STATE_HOME= run --separate-stderr sne-create -g G0417 -d 2017-03-05 "$DEMANDES"
	assert_success
	printf '%s' "$output" >a.xml
	HOME=$PWD/b XDG_STATE_HOME= run --separate-stderr sne-create -g G0417 -d 2017-03-05 "$DEMANDES"
	assert_success
	printf '%s' "$output" >b.xml
	a=$(xpath a.xml 'string((//*[local-name()="numUnique"])[1])')
	b=$(xpath b.xml 'string((//*[local-name()="numUnique"])[1])')
	[ -n "$a" ] && [ "$a" != "$b" ]
	[ ! -e a/.local/state/sne ] && [ ! -e "$XDG_STATE_HOME/sne" ]
}

@test "compteurs : un utilisateur sans droit sur le dossier d'état par défaut reçoit 73 et le moyen de le configurer" {
	[ "$(id -u)" = 0 ] || skip "il faut root pour lancer le programme sous un autre utilisateur"
	command -v setpriv >/dev/null || skip "setpriv absent"
	cp "$DEMANDES" /tmp/sne-demandes-$$.xml && chmod 644 /tmp/sne-demandes-$$.xml
	run --separate-stderr setpriv --reuid=nobody --regid=nogroup --clear-groups env -u SNE_CONFIG \
		HOME=/nonexistent sh -c "cd /tmp && $(command -v sne-create) -g G0417 -d 2017-03-05 /tmp/sne-demandes-$$.xml"
	rm -f /tmp/sne-demandes-$$.xml
	if [ -w "/var/lib/sne/compteurs" ] 2>/dev/null; then skip "/var/lib/sne est accessible à tous ici"; fi
	assert_failure 73
	[[ $stderr == *"un par installation"*"renseignez la clé « repertoire »"* ]]
}

@test "bilan après une erreur fatale : il dit « avant l'arrêt » et que la sortie est inutilisable" {
	run --separate-stderr sne-create -g G0417 -d 2017-03-05 "$DEMANDES"
	assert_success
	run --separate-stderr bash -c "sne-create -g G0417 -d 2017-03-06 '$DEMANDES' >/dev/full"
	assert_failure 74
	[[ $stderr == *"sortie incomplète"* ]]
	[[ $stderr == *"avant l'arrêt : "* ]]
	head -c 3000 "$REGISTRE" >tronque.xml
	run --separate-stderr sne-renew -d 2018-05-01 --expirer tronque.xml
	assert_failure 65
	[ -n "$output" ]
	[[ $stderr == *"sortie incomplète : elle s'arrête à l'erreur ci-dessus"* ]]
}

@test "-i - : réécrire l'entrée standard en place est une erreur d'usage (64) qui dit pourquoi" {
	run --separate-stderr sne-renew --expirer -i - <"$REGISTRE"
	assert_failure 64
	[[ $stderr == *"l'entrée standard ne se réécrit pas en place"* ]]
	[[ $stderr != *introuvable* ]]
}

# A copy of share/ whose interface schema is outside the fast tables'
# subset (a union type, the same values): --check then validates inside the
# stream with libxml2's validator plugged in (sne_stream_spec.schema).
share_outside_tables() {
	cp -r "$SHARE" share-libxml2
	awk '/<xs:simpleType name="codeGuichet">/ { print; print "    <xs:union><xs:simpleType>"; inside = 1; next }
		inside && /<\/xs:simpleType>/ { print "    </xs:simpleType></xs:union>"; print; inside = 0; next }
		{ print }' "$SHARE/xsd/interfaceNuu.xsd" >share-libxml2/xsd/interfaceNuu.xsd
	grep -q '<xs:union>' share-libxml2/xsd/interfaceNuu.xsd
}

@test "--check avec un schéma hors du sous-ensemble des tables : libxml2 valide dans le flux, mêmes verdicts" {
	share_outside_tables
	SNE_SHARE=$PWD/share-libxml2 run --separate-stderr sne-validate -v --check "$REGISTRE"
	assert_success
	[[ $stderr == *"contrôle par libxml2 seul"* ]]
	sed -e '0,/<ns1:numGuichet>G0417/s//<ns1:numGuichet>G04/' \
		-e '0,/<ns1:civilite code="2"\/>/s//<ns1:civilite code="9"\/>/' "$REGISTRE" >bad.xml
	SNE_SHARE=$PWD/share-libxml2 run --separate-stderr sne-validate --check bad.xml
	assert_failure 65
	[[ $stderr == *"bad.xml:6: demande 0740217000001G0417 : élément « numGuichet »"* ]]
	[[ $stderr == *"attribut « code » de l'élément « civilite »"*"codes admis : 1, 2"* ]]
	# the same verdicts as the fast tables
	run --separate-stderr sne-validate --check bad.xml
	assert_failure 65
}
