#!/usr/bin/env bats
# Files holding personal data or state are private whatever the umask: a
# register rewritten with -i is 0600, the state directory and its counter
# folder 0700, counter files 0600 — even under umask 000.

bats_require_minimum_version 1.5.0
load test_helper/common

setup() {
	common_setup
	umask 000
}

# Octal mode of file $1.
mode() {
	stat -c %a "$1"
}

@test "sne-create sous umask 000 : dossier d'état 0700, compteurs 0700, compteur 0600" {
	run --separate-stderr sne-create -g G1104 -d 2017-03-21 "$FIXTURES/interfaceNuu-creation.xml"
	assert_success
	state="$SNE_STATE"
	[ -d "$state/compteurs" ]
	[ "$(mode "$state")" = 700 ]
	[ "$(mode "$state/compteurs")" = 700 ]
	counters=("$state"/compteurs/*)
	[ -f "${counters[0]}" ]
	for f in "${counters[@]}"; do
		echo "$f : $(mode "$f")"
		[ "$(mode "$f")" = 600 ]
	done
	# nothing else in the state directory is readable by others
	[ -z "$(find "$state" -perm /077)" ]
}

@test "sne-create dans un dossier d'état configuré sous umask 000 : 0700" {
	config <<-EOF
		repertoire: $BATS_TEST_TMPDIR/etat
	EOF
	run --separate-stderr sne-create -g G1104 -d 2017-03-21 "$FIXTURES/interfaceNuu-creation.xml"
	assert_success
	[ "$(mode etat)" = 700 ]
	[ -z "$(find etat -perm /077)" ]
}

@test "sne-renew -i sous umask 000 : registre réécrit et verrou 0600, sans fichier temporaire" {
	cp "$FIXTURES/sne-renew/registre.xml" registre.xml
	chmod 666 registre.xml
	run --separate-stderr sne-renew -g G0417 -n 0740317000123G0417 -d 2018-01-05 -i registre.xml
	assert_success
	[ "$(mode registre.xml)" = 600 ]
	# the lock file stays (by design), private too; no temporary file is left
	[ "$(mode registre.xml.lock)" = 600 ]
	left=$(ls -A | grep -v -e "^registre.xml$" -e "^registre.xml.lock$" -e "^home$" -e "^sne.yaml$" \
		-e "^state$" -e "^separate-stderr-" || true)
	echo "restants : $left"
	[ -z "$left" ]
}

@test "sne-renew -i d'un registre gzip sous umask 000 : 0600" {
	gzip -c "$FIXTURES/sne-renew/registre.xml" >registre.xml.gz
	chmod 644 registre.xml.gz
	run --separate-stderr sne-renew -g G0417 --expirer -d 2019-01-01 -i registre.xml.gz
	assert_success
	[ "$(mode registre.xml.gz)" = 600 ]
	gzip -t registre.xml.gz
}

@test "sne-rpls-load -i sous umask 000 : le référentiel est 0600" {
	echo '<r:logements xmlns:r="urn:sne:rpls:1"/>' >rpls.xml
	chmod 666 rpls.xml
	run --separate-stderr sne-rpls-load -d 2020-01-01 -i rpls.xml "$FIXTURES/sne-rpls-load/lot-utf8.csv"
	[ "$status" -eq 0 ] || [ "$status" -eq 1 ]
	[ "$(mode rpls.xml)" = 600 ]
}

@test "sne-notice -i sous umask 000 : le registre est 0600" {
	config <<-EOF
		modeles: $SHARE/modeles
	EOF
	cp "$FIXTURES/sne-renew/registre.xml" registre.xml
	chmod 666 registre.xml
	run --separate-stderr sne-notice -d 2018-01-05 -i registre.xml
	[ "$status" -eq 0 ] || [ "$status" -eq 1 ]
	[ "$(mode registre.xml)" = 600 ]
}
