# Shared setup of the bats suites: the built programs first on PATH, a
# private state directory and configuration per test, bats-support/assert.
bats_load_library bats-support
bats_load_library bats-assert

SNE_TOP="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
: "${SNE_BIN_DIR:=$SNE_TOP/bin}"
PATH="$SNE_BIN_DIR:$PATH"
FIXTURES="$SNE_TOP/tests/fixtures"
SHARE="$SNE_TOP/share"
# The toolkit's programs, found in cmd/ as the Makefile finds them (a file
# cmd/sne-NAME.c or a folder cmd/sne-NAME/): a new program is in every
# suite's list without being named there.
SNE_PROGRAMS=$(cd "$SNE_TOP/cmd" && for f in sne-*; do printf '%s\n' "${f%.c}"; done | sort | tr '\n' ' ')
SNE_PROGRAMS=${SNE_PROGRAMS% }

common_setup() {
	export HOME="$BATS_TEST_TMPDIR/home"
	mkdir -p "$HOME"
	# The installation's state directory (numéro counters) of this test;
	# the user's XDG folder is set elsewhere and must stay unused.
	export SNE_STATE="$BATS_TEST_TMPDIR/state"
	export XDG_STATE_HOME="$BATS_TEST_TMPDIR/xdg-state"
	export SNE_CONFIG="$BATS_TEST_TMPDIR/sne.yaml"
	# A configuration with only the state directory: no /etc/sne or
	# ./sne.yaml of the machine leaks in.
	printf 'repertoire: %s\n' "$SNE_STATE" >"$SNE_CONFIG"
	cd "$BATS_TEST_TMPDIR" || return 1
}

# Writes the test configuration from the here-document on stdin, with the
# test's state directory unless it sets its own.
config() {
	cat >"$SNE_CONFIG"
	grep -q '^repertoire:' "$SNE_CONFIG" || printf 'repertoire: %s\n' "$SNE_STATE" >>"$SNE_CONFIG"
}

# Counts the records named $2 (local name) in file $1, by URI-agnostic XPath.
count_records() {
	xmllint --xpath "count(//*[local-name()='$2'])" "$1"
}

# The text of an XPath over local names, e.g. xpath f.xml "//*[local-name()='etat']".
xpath() {
	xmllint --xpath "$2" "$1" 2>/dev/null
}

# Waits for each process of the pids after $1 and $2, and fails naming the
# first that did not exit 0, with its standard error: $1 the label of the
# processes ("sne-create"), $2 the number of the first (its standard error
# is in err-N.txt, the next one's err-N+1.txt...).
wait_all_ok() {
	local label=$1 n=$2 pid st
	shift 2
	for pid in "$@"; do
		st=0
		wait "$pid" || st=$?
		[ "$st" = 0 ] || fail "$label n°$n sort $st : $(cat "err-$n.txt")"
		n=$((n + 1))
	done
}
