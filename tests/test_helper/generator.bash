# The register generator of bench/ (bench code, not under test): the
# optimised one when built, else the one of the tree under test, built or
# brought up to date here (make check does not build it).  GEN_PATH is set
# by setup_file.
generator() {
	local build=build make_args=(SANITIZE=)
	if [ -n "${BENCH_GEN:-}" ] && [ -x "$BENCH_GEN" ]; then
		echo "$BENCH_GEN"
		return 0
	fi
	case "$SNE_BIN_DIR" in
	*/build-san/bin | build-san/bin)
		[ -x "$SNE_TOP/build/bench/gen-registre" ] || build=build-san make_args=(SANITIZE=1)
		;;
	esac
	# Brought up to date (the table of communes it draws from changes with
	# lib/), serialised: the other suite may build it at the same moment.
	# SANITIZE is given, never inherited from a « make check SANITIZE=1 ».
	flock "$SNE_TOP/Makefile" make -s -C "$SNE_TOP" "${make_args[@]}" \
		"$build/bench/gen-registre" >&2 || return 1
	echo "$SNE_TOP/$build/bench/gen-registre"
}

# Runs the generator; a sanitizer build of it must not fail on its leaks.
gen() {
	ASAN_OPTIONS=detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS} "$GEN_PATH" "$@"
}


# The doublon planter of bench/ (plant-doublons), built like the generator:
# the path is printed.
planter() {
	local gen build
	gen=$(generator) || return 1
	build=${gen%/bench/gen-registre}
	local make_args=(SANITIZE=)
	[[ $build == */build-san ]] && make_args=(SANITIZE=1)
	flock "$SNE_TOP/Makefile" make -s -C "$SNE_TOP" "${make_args[@]}" \
		"${build#"$SNE_TOP"/}/bench/plant-doublons" >&2 || return 1
	echo "$build/bench/plant-doublons"
}
