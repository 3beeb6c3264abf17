#!/usr/bin/env bats
# Habilitations, tried as real Unix users: the file only the administrator
# writes decides who may act as which guichet with which profile; a user's
# own configuration can only narrow it; the operator recorded is the login
# of the real user.  The programs of the build tree's HAB_TEST read
# $SNE_HAB_TEST/etc/habilitations.yaml instead of /etc/sne (make check
# builds them); the installed ones read only the path fixed at build time.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
	[ "$(id -u)" = 0 ] || skip "il faut être root : ces tests créent des utilisateurs Unix (useradd) et agissent en leur nom (setpriv)"
	command -v useradd >/dev/null && command -v setpriv >/dev/null ||
		skip "useradd ou setpriv absent (paquets passwd, util-linux)"
	HAB="${SNE_HAB_TEST:-$SNE_TOP/build/test-hab}"
	[ -x "$HAB/bin/sne-renew" ] ||
		skip "programmes de test absents de $HAB : lancez « make habilitations-test » (make check les construit)"
	HABFILE="$HAB/etc/habilitations.yaml"
	install -d -m 755 "$HAB/etc"
	chmod 755 "$HAB/etc"
	rm -f "$HABFILE"
	# users of this run only, removed by teardown
	P="snt$(printf '%05d' $((BATS_ROOT_PID % 100000)))"
	ALICE="${P}a" BOB="${P}b" SUPPORT="${P}s" INTRUS="${P}i" GROUPE="${P}g"
	groupadd "$GROUPE"
	for u in "$ALICE" "$BOB" "$SUPPORT" "$INTRUS"; do useradd -M -N -g users "$u"; done
	usermod -a -G "$GROUPE" "$SUPPORT"
	W=$(mktemp -d /tmp/sne-hab.XXXXXX)
	chmod 755 "$W"
	for u in "$ALICE" "$BOB" "$SUPPORT" "$INTRUS"; do
		install -d -m 700 -o "$u" -g users "$W/$u" "$W/$u/etat"
		printf 'repertoire: %s/%s/etat\n' "$W" "$u" >"$W/$u/sne.yaml"
		chown "$u" "$W/$u/sne.yaml"
	done
	REG="$SNE_TOP/tests/fixtures/sne-renew/registre.xml"
	NU=0740317000123G0417
}

teardown() {
	[ -n "${P:-}" ] || return 0
	for u in "$ALICE" "$BOB" "$SUPPORT" "$INTRUS"; do userdel "$u" 2>/dev/null || :; done
	groupdel "$GROUPE" 2>/dev/null || :
	rm -rf "${W:?}"
	rm -f "$HABFILE"
}

# The habilitations file, from the here-document, as the administrator
# writes it: root's, mode 644.
habilitations() {
	cat >"$HABFILE"
	chmod 644 "$HABFILE"
}

# Runs PROGRAM ARGS... as user $1 (real and effective uid, its groups), in
# its folder, with its own configuration.
as() {
	local user=$1 prog=$2
	shift 2
	(cd "$W/$user" && setpriv --reuid="$user" --regid=users --init-groups \
		env -i PATH=/usr/bin:/bin ${AS_ENV:-} HOME="$W/$user" SNE_CONFIG="$W/$user/sne.yaml" \
		SNE_SHARE="$SHARE" "$HAB/bin/$prog" "$@")
}

# A copy of the sne-renew fixture register owned by user $1, in its folder.
register_of() {
	install -m 600 -o "$1" -g users "$REG" "$W/$1/registre.xml"
}

@test "un utilisateur guichet qui écrit « profil: gestionnaire » dans son sne.yaml est refusé pour --force (77)" {
	[ -f "$REG" ] || skip "fixture $REG absente"
	habilitations <<-EOF
	$ALICE: { profil: guichet, guichets: [G0417, G0420] }
	EOF
	register_of "$ALICE"
	printf 'profil: gestionnaire\n' >>"$W/$ALICE/sne.yaml"
	cp "$W/$ALICE/registre.xml" avant.xml
	run -77 --separate-stderr as "$ALICE" sne-renew -n "$NU" --force --motif x -d 2017-06-01 \
		-i registre.xml
	[[ $stderr == *"le profil « gestionnaire » de $W/$ALICE/sne.yaml n'est pas accordé à « $ALICE » (habilitations : profil guichet, guichets G0417, G0420)"* ]] ||
		fail "$stderr"
	cmp "$W/$ALICE/registre.xml" avant.xml
	# -c names any file: the same refusal
	printf 'profil: gestionnaire\n' >"$W/$ALICE/autre.yaml"
	chown "$ALICE" "$W/$ALICE/autre.yaml"
	run -77 as "$ALICE" sne-renew -c autre.yaml -n "$NU" --force --motif x -d 2017-06-01 \
		-i registre.xml
	cmp "$W/$ALICE/registre.xml" avant.xml
}

@test "agir pour un guichet qui n'est pas le sien : 77, en nommant ce qui est permis ; sans -g, son seul guichet" {
	habilitations <<-EOF
	$ALICE: { profil: guichet, guichets: [G0417] }
	$BOB: { profil: bailleur, guichets: [B7401] }
	EOF
	sed -n '1,24p' "$SHARE/exemples/demandes.xml" >"$W/annecy.xml"
	echo '</ns1:interfaceNuu>' >>"$W/annecy.xml"
	chmod 644 "$W/annecy.xml"
	run -77 --separate-stderr as "$ALICE" sne-create -g G0420 -d 2017-03-05 ../annecy.xml
	[[ $stderr == *"« $ALICE » ne peut pas agir pour le guichet G0420 (habilitations : profil guichet, guichets G0417)"* ]] ||
		fail "$stderr"
	[ -z "$output" ]
	printf 'guichet: G0420\n' >>"$W/$ALICE/sne.yaml"
	run -77 as "$ALICE" sne-create -d 2017-03-05 ../annecy.xml
	sed -i '/^guichet:/d' "$W/$ALICE/sne.yaml"
	run -0 --separate-stderr as "$ALICE" sne-create -d 2017-03-05 ../annecy.xml
	[[ $output == *"<ns1:numUnique>0740317000001G0417</ns1:numUnique>"* ]] || fail "$output"
	# a bailleur's guichets are his own too
	run -77 as "$BOB" sne-create -g G0417 -d 2017-03-05 ../annecy.xml
}

@test "le gestionnaire par son groupe (%groupe) : --force permis, l'opérateur de l'historique est son identifiant" {
	[ -f "$REG" ] || skip "fixture $REG absente"
	habilitations <<-EOF
	"%$GROUPE": { profil: gestionnaire }
	$ALICE: { profil: guichet, guichets: [G0417] }
	EOF
	register_of "$SUPPORT"
	run -0 --separate-stderr as "$SUPPORT" sne-renew -q -n "$NU" --force --motif "dossier reçu" \
		-d 2017-06-01 -i registre.xml
	[ "$(xpath "$W/$SUPPORT/registre.xml" "string(//*[local-name()='evenement'][@type='renouvellement']/@operateur)")" = "$SUPPORT" ]
	# the environment names nobody
	AS_ENV="USER=root LOGNAME=root SUDO_USER=root" run -0 as "$SUPPORT" sne-renew -q -n "$NU" --force \
		--motif "encore" -d 2017-06-02 -i registre.xml
	[ "$(xpath "$W/$SUPPORT/registre.xml" "string(//*[local-name()='evenement'][@type='renouvellement'][last()]/@operateur)")" = "$SUPPORT" ]
}

@test "sans habilitation : 77 pour agir, la consultation reste permise" {
	habilitations <<-EOF
	$ALICE: { profil: guichet, guichets: [G0417] }
	EOF
	[ -f "$REG" ] || skip "fixture $REG absente"
	register_of "$INTRUS"
	run -77 --separate-stderr as "$INTRUS" sne-renew -n "$NU" -d 2017-06-01 registre.xml
	[[ $stderr == *"« $INTRUS » n'a pas d'habilitation dans $HABFILE : demandez un accès au gestionnaire"* ]] ||
		fail "$stderr"
	run -0 as "$INTRUS" sne-show -n "$NU" registre.xml
	run -0 as "$INTRUS" sne-guichet --lister "$SHARE/exemples/guichets.xml"
}

@test "un fichier d'habilitations modifiable par d'autres que l'administrateur est refusé (78)" {
	habilitations <<-EOF
	$ALICE: { profil: gestionnaire }
	EOF
	chmod 666 "$HABFILE"
	run -78 --separate-stderr as "$ALICE" sne-guichet --lister "$SHARE/exemples/guichets.xml"
	[[ $stderr == *"fichier des habilitations « $HABFILE » modifiable par d'autres que l'administrateur"* ]] ||
		fail "$stderr"
	chmod 664 "$HABFILE"
	chgrp users "$HABFILE"
	run -78 as "$ALICE" sne-guichet --lister "$SHARE/exemples/guichets.xml"
	chmod 644 "$HABFILE"
	chown "$ALICE" "$HABFILE"
	run -78 as "$ALICE" sne-guichet --lister "$SHARE/exemples/guichets.xml"
	chown root:root "$HABFILE"
	chmod 777 "$HAB/etc"
	run -78 --separate-stderr as "$ALICE" sne-guichet --lister "$SHARE/exemples/guichets.xml"
	[[ $stderr == *"dossier des habilitations"* ]]
	chmod 755 "$HAB/etc"
	run -0 as "$ALICE" sne-guichet --lister "$SHARE/exemples/guichets.xml"
}

@test "une entrée invalide est 78 avec sa ligne, pour tous ; profil ou guichet inconnus nommés" {
	habilitations <<-EOF
	$ALICE: { profil: guichet, guichets: [G0417] }
	$BOB: { profil: chef, guichets: [B7401] }
	EOF
	run -78 --separate-stderr as "$ALICE" sne-guichet --lister "$SHARE/exemples/guichets.xml"
	[[ $stderr == *"$HABFILE:2:"*"profil « chef » inconnu"* ]] || fail "$stderr"
	habilitations <<-EOF
	$BOB: { profil: bailleur }
	EOF
	run -78 --separate-stderr as "$ALICE" sne-guichet --lister "$SHARE/exemples/guichets.xml"
	[[ $stderr == *"sans guichets : seul le profil gestionnaire agit pour tous les guichets"* ]] ||
		fail "$stderr"
}

@test "sans fichier d'habilitations : comme avant, une note sur un terminal dit que les profils ne sont pas appliqués" {
	command -v script >/dev/null || skip "script(1) absent (bsdutils)"
	printf 'profil: gestionnaire\n' >>"$W/$ALICE/sne.yaml"
	run -0 --separate-stderr as "$ALICE" sne-guichet --lister "$SHARE/exemples/guichets.xml"
	[ -z "$stderr" ]
	cd "$W/$ALICE"
	run -0 script -qec "setpriv --reuid=$ALICE --regid=users --init-groups env SNE_SHARE=$SHARE SNE_CONFIG=$W/$ALICE/sne.yaml $HAB/bin/sne-guichet --lister $SHARE/exemples/guichets.xml >/dev/null" /dev/null
	[[ $output == *"profils non appliqués : pas de fichier $HABFILE"* ]] || fail "$output"
}

@test "sne-acces : l'administrateur crée le fichier, accorde et retire sous verrou avec l'historique ; un guichet est refusé (77)" {
	run -0 env SNE_SHARE="$SHARE" "$HAB/bin/sne-acces" --accorder "%$GROUPE" --profil gestionnaire
	run -0 env SNE_SHARE="$SHARE" "$HAB/bin/sne-acces" --accorder "$ALICE" --profil guichet \
		--guichet "g 0417" --guichet G0420
	[ "$(stat -c '%U %a' "$HABFILE")" = "root 644" ]
	# what it wrote is what the programs read
	sed -n '1,24p' "$SHARE/exemples/demandes.xml" >"$W/annecy.xml"
	echo '</ns1:interfaceNuu>' >>"$W/annecy.xml"
	chmod 644 "$W/annecy.xml"
	run -0 as "$ALICE" sne-create -q -g G0420 -d 2017-03-05 ../annecy.xml
	run -0 env SNE_SHARE="$SHARE" SUDO_USER="$SUPPORT" "$HAB/bin/sne-acces" --retirer "$ALICE" \
		--guichet G0420
	run -77 as "$ALICE" sne-create -q -g G0420 -d 2017-03-05 ../annecy.xml
	run -0 as "$SUPPORT" sne-acces --format tsv
	assert_line $'nom\thabilitation'
	assert_line "$ALICE"$'\tprofil: guichet, guichets: [G0417]'
	assert_line "%$GROUPE"$'\tprofil: gestionnaire'
	tail -1 "$HABFILE.historique" | cut -f2- >derniere.txt
	diff derniere.txt - <<-EOF
	root (sudo $SUPPORT)	retirer	$ALICE	profil: guichet, guichets: [G0417, G0420]	profil: guichet, guichets: [G0417]
	EOF
	# a guichet may not touch the habilitations; a gestionnaire needs the right to write the file
	cp "$HABFILE" avant.yaml
	run -77 --separate-stderr as "$ALICE" sne-acces --accorder "$ALICE" --profil gestionnaire
	[[ $stderr == *"« $ALICE » n'a pas le profil gestionnaire"* ]] || fail "$stderr"
	run -77 as "$INTRUS" sne-acces
	run -73 as "$SUPPORT" sne-acces --accorder "$BOB" --profil bailleur --guichet B7401
	cmp "$HABFILE" avant.yaml
	# refusals: unknown profile, a guichet the register does not hold, nothing left
	run -64 env SNE_SHARE="$SHARE" "$HAB/bin/sne-acces" --accorder "$BOB" --profil chef
	printf 'guichets: %s\n' "$SHARE/exemples/guichets.xml" >"$SNE_CONFIG"
	run -64 --separate-stderr env SNE_SHARE="$SHARE" "$HAB/bin/sne-acces" --accorder "$BOB" \
		--profil bailleur --guichet G0418
	[[ $stderr == *"guichet G0418 inconnu du registre des guichets"*"codes proches : G0417"* ]] ||
		fail "$stderr"
	run -64 env SNE_SHARE="$SHARE" "$HAB/bin/sne-acces" --accorder "$BOB" --profil bailleur
	run -64 env SNE_SHARE="$SHARE" "$HAB/bin/sne-acces" --retirer "$BOB"
	cmp "$HABFILE" avant.yaml
	run -0 env SNE_SHARE="$SHARE" "$HAB/bin/sne-acces" --retirer "$ALICE"
	run -77 as "$ALICE" sne-create -q -d 2017-03-05 ../annecy.xml
}
