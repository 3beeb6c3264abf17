# The two kinds of register (sne-records(5)): a test case run on an XML
# register file and on an SQLite register must give the same result.
#
# deux_registres PROG ARGS... REGISTRE.xml runs "PROG ARGS... REGISTRE.xml"
# as the test asked (bats' run: $status, $output, $stderr are that run's),
# then, when the last argument is a register file, runs "PROG ARGS... -i"
# on a copy of it as XML and as an SQLite register (sne-registre
# --importer), from the same state directory, and fails unless both give
# the same exit status, the same standard output, the same messages (the
# register's name and the lines of the SQLite stream aside) and the same
# register: the XML file rewritten, the store exported byte for byte, and
# the store passing sne-registre --verifier.

# The messages of a run on the SQLite copy, as the run on the XML copy
# says them: same name, lines of the file not compared (a store's stream
# holds only the rows a run selects).
deux_registres_messages() {
	sed -E 's/deux-registres\.(sqlite|xml)(:[0-9]+)?/deux-registres/g' "$1"
}

# Makes folder $1 with a copy of the test's files, so that what a run
# writes beside the register stays there.
deux_registres_dir() {
	mkdir -p "$1"
	find . -maxdepth 1 -type f -exec cp {} "$1/" \;
}

# Runs "$@" with -i on the register $2 inside folder $1.
deux_registres_run() {
	local dir=$1 reg=$2
	shift 2
	(cd "$dir" && "$@" -i "$reg" >"../$reg.out" 2>"../$reg.err")
}

deux_registres() {
	local last=${!#} n=$(($# - 1)) dir=$BATS_TEST_TMPDIR/.deux-registres
	local -a cmd=("${@:1:n}")
	local xml_rc sql_rc import_rc

	rm -rf "$dir"
	mkdir -p "$dir"
	[ ! -d "$SNE_STATE" ] || cp -a "$SNE_STATE" "$dir/state"
	run --separate-stderr "$@"
	local keep_status=$status keep_output=$output keep_stderr=$stderr
	if [[ ! -f $last || $last != *.xml ]]; then
		return 0
	fi
	deux_registres_state "$dir" # the counters the import continues
	import_rc=0
	sne-registre -q --importer "$last" "$dir/deux-registres.sqlite" 2>"$dir/import.err" ||
		import_rc=$?
	if [ "$import_rc" -ne 0 ]; then
		# only a register that cannot be read at all cannot be imported
		if [ "$import_rc" -eq 65 ] && [ "$keep_status" -ge 64 ]; then
			return 0
		fi
		echo "# import refusé ($import_rc) :" >&2
		cat "$dir/import.err" >&2
		return 1
	fi
	deux_registres_dir "$dir/xml"
	cp "$last" "$dir/xml/deux-registres.xml"
	deux_registres_dir "$dir/sql"
	mv "$dir/deux-registres.sqlite" "$dir/sql/"
	deux_registres_state "$dir"
	xml_rc=0
	deux_registres_run "$dir/xml" deux-registres.xml "${cmd[@]}" || xml_rc=$?
	deux_registres_state "$dir"
	sql_rc=0
	deux_registres_run "$dir/sql" deux-registres.sqlite "${cmd[@]}" || sql_rc=$?
	if [ "$xml_rc" != "$sql_rc" ]; then
		echo "# -i sur XML : $xml_rc, -i sur SQLite : $sql_rc" >&2
		cat "$dir/deux-registres.xml.err" "$dir/deux-registres.sqlite.err" >&2
		return 1
	fi
	cmp "$dir/deux-registres.xml.out" "$dir/deux-registres.sqlite.out" || return 1
	diff <(deux_registres_messages "$dir/deux-registres.xml.err") \
	     <(deux_registres_messages "$dir/deux-registres.sqlite.err") || return 1
	sne-registre --exporter "$dir/sql/deux-registres.sqlite" >"$dir/export.xml" || return 1
	cmp "$dir/xml/deux-registres.xml" "$dir/export.xml" || return 1
	sne-registre -q --verifier "$dir/sql/deux-registres.sqlite" || return 1
	# the other files written beside the register (--rejets...)
	diff -r -x 'deux-registres.*' "$dir/xml" "$dir/sql" || return 1
	status=$keep_status output=$keep_output stderr=$keep_stderr
	# shellcheck disable=SC2206
	lines=(${output//$'\n'/ })
	return 0
}

# Puts back the state directory as it was before the test's run.
deux_registres_state() {
	rm -rf "$SNE_STATE"
	if [ -d "$1/state" ]; then
		cp -a "$1/state" "$SNE_STATE"
	fi
}
