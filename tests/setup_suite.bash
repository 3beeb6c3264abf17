# Fails the whole run, rather than skipping, when the programs are not built.
setup_suite() {
	local top bin
	top="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
	bin="${SNE_BIN_DIR:-$top/bin}"
	if ! ls "$bin"/sne-* >/dev/null 2>&1; then
		echo "programmes introuvables dans $bin : lancez « make » d'abord" >&2
		return 1
	fi
}
