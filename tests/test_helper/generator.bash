# The register generator of bench/ (bench code, not under test): the
# optimised one when built, else the one of the tree under test, built if
# missing (make check does not build it).  GEN_PATH is set by setup_file.
generator() {
	local build=build make_args=()
	if [ -n "${BENCH_GEN:-}" ] && [ -x "$BENCH_GEN" ]; then
		echo "$BENCH_GEN"
		return 0
	fi
	case "$SNE_BIN_DIR" in
	*/build-san/bin | build-san/bin)
		[ -x "$SNE_TOP/build/bench/gen-registre" ] || build=build-san make_args=(SANITIZE=1)
		;;
	esac
	if [ ! -x "$SNE_TOP/$build/bench/gen-registre" ]; then
		# Serialised: the other suite may build it at the same moment.
		flock "$SNE_TOP/Makefile" make -s -C "$SNE_TOP" "${make_args[@]}" \
			"$build/bench/gen-registre" >&2 || return 1
	fi
	echo "$SNE_TOP/$build/bench/gen-registre"
}

# Runs the generator; a sanitizer build of it must not fail on its leaks.
gen() {
	ASAN_OPTIONS=detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS} "$GEN_PATH" "$@"
}


# The doublon planter of bench/ (plant-doublons), built like the generator
# when missing: the path is printed.
planter() {
	local gen build
	gen=$(generator) || return 1
	build=${gen%/bench/gen-registre}
	if [ ! -x "$build/bench/plant-doublons" ]; then
		local make_args=()
		[[ $build == */build-san ]] && make_args=(SANITIZE=1)
		flock "$SNE_TOP/Makefile" make -s -C "$SNE_TOP" "${make_args[@]}" \
			"${build#"$SNE_TOP"/}/bench/plant-doublons" >&2 || return 1
	fi
	echo "$build/bench/plant-doublons"
}
