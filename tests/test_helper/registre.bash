# The two kinds of register (sne-records(5)): a test case run on an XML
# register file and on an SQLite register must give the same result.
#
# deux_registres PROG ARGS... runs "PROG ARGS..." as the test asked (bats'
# run: $status, $output, $stderr are that run's, and so is the state
# directory afterwards).  When the arguments name a register file of the
# test, with -i REGISTRE.xml anywhere or as the last argument, it then runs
# the same command with -i on a copy of that register as XML and as an
# SQLite register (sne-registre --importer), taken before the test's run,
# from the same state directory, and fails unless both give the same exit
# status, the same standard output, the same messages (the register's name
# and the lines of the SQLite stream aside) and the same register: the XML
# file rewritten, the store exported byte for byte, and the store passing
# sne-registre --verifier.

# The messages of a run on the SQLite copy, as the run on the XML copy
# says them: same name, lines and ranks (demande n°N) of the file not
# compared (a store's stream holds only the rows a run selects).
deux_registres_messages() {
	sed -E -e 's/deux-registres\.(sqlite|xml)(:[0-9]+)?/deux-registres/g' -e 's/demande n°[0-9]+/demande n°N/g' "$1"
}

# Makes folder $1 with a copy of the test's files, so that what a run
# writes beside the register stays there.
deux_registres_dir() {
	mkdir -p "$1"
	find . -maxdepth 1 -type f -exec cp {} "$1/" \;
}

# Runs "$@" inside folder $1, its output and messages kept as $2.out and
# $2.err beside the folder.
deux_registres_run() {
	local dir=$1 reg=$2
	shift 2
	(cd "$dir" && "$@" >"../$reg.out" 2>"../$reg.err")
}

# The index in "$@" of the value of -i/--in-place when it names a register
# file of the test (REGISTRE.xml), else nothing.
deux_registres_in_place() {
	local i=1 arg
	for arg in "$@"; do
		i=$((i + 1))
		if [[ $arg == -i || $arg == --in-place ]] && [ "$i" -le $# ] &&
			[[ ${!i} == *.xml && -f ${!i} ]]; then
			echo "$i"
			return 0
		fi
	done
}

# The copies of register $2 as XML and SQLite in folder $1, with the test's
# other files; $1/import.rc holds the import's exit status.
deux_registres_copies() {
	local dir=$1 reg=$2 rc=0
	deux_registres_state "$dir" # the counters the import continues
	sne-registre -q --importer "$reg" "$dir/deux-registres.sqlite" 2>"$dir/import.err" || rc=$?
	echo "$rc" >"$dir/import.rc"
	deux_registres_dir "$dir/xml"
	cp "$reg" "$dir/xml/deux-registres.xml"
	deux_registres_dir "$dir/sql"
	[ "$rc" -ne 0 ] || mv "$dir/deux-registres.sqlite" "$dir/sql/"
}

deux_registres() {
	local last=${!#} n=$(($# - 1)) dir=$BATS_TEST_TMPDIR/.deux-registres
	local -a xml_cmd sql_cmd
	local xml_rc sql_rc import_rc at reg

	rm -rf "$dir"
	mkdir -p "$dir"
	[ ! -d "$SNE_STATE" ] || cp -a "$SNE_STATE" "$dir/state"
	at=$(deux_registres_in_place "$@")
	if [ -n "$at" ]; then # -i REGISTRE: copied before the test's run changes it
		reg=${!at}
		deux_registres_copies "$dir" "$reg"
		xml_cmd=("${@:1:at-1}" deux-registres.xml "${@:at+1}")
		sql_cmd=("${@:1:at-1}" deux-registres.sqlite "${@:at+1}")
		deux_registres_state "$dir"
	fi
	run --separate-stderr "$@"
	local keep_status=$status keep_output=$output keep_stderr=$stderr
	if [ -z "$at" ]; then
		if [[ ! -f $last || $last != *.xml ]]; then
			return 0
		fi
		reg=$last
		deux_registres_copies "$dir" "$reg"
		xml_cmd=("${@:1:n}" -i deux-registres.xml)
		sql_cmd=("${@:1:n}" -i deux-registres.sqlite)
	fi
	import_rc=$(cat "$dir/import.rc")
	if [ "$import_rc" -ne 0 ]; then
		# only a register that cannot be read at all cannot be imported
		if [ "$import_rc" -eq 65 ] && [ "$keep_status" -ge 64 ]; then
			deux_registres_state "$dir"
			return 0
		fi
		echo "# import refusé ($import_rc) :" >&2
		cat "$dir/import.err" >&2
		return 1
	fi
	local after_state=$dir/state-after
	rm -rf "$after_state"
	[ ! -d "$SNE_STATE" ] || cp -a "$SNE_STATE" "$after_state"
	deux_registres_state "$dir"
	xml_rc=0
	deux_registres_run "$dir/xml" deux-registres.xml "${xml_cmd[@]}" || xml_rc=$?
	deux_registres_state "$dir"
	sql_rc=0
	deux_registres_run "$dir/sql" deux-registres.sqlite "${sql_cmd[@]}" || sql_rc=$?
	rm -rf "$SNE_STATE"
	[ ! -d "$after_state" ] || cp -a "$after_state" "$SNE_STATE"
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
	IFS=$'\n' read -d '' -r -a lines <<<"$output" || true # as bats' run
	return 0
}

# Puts back the state directory as it was before the test's run.
deux_registres_state() {
	rm -rf "$SNE_STATE"
	if [ -d "$1/state" ]; then
		cp -a "$1/state" "$SNE_STATE"
	fi
}

# deux_registres_lecture PROG ARGS... REGISTRE.xml: for a program that reads
# the register named without writing it (sne-show): runs it as the test
# asked (bats' run), then on a copy of REGISTRE as XML and as an SQLite
# register given in its place, and fails unless both give the same exit
# status, standard output and messages (the register's name aside).
deux_registres_lecture() {
	local last=${!#} n=$(($# - 1)) dir=$BATS_TEST_TMPDIR/.deux-registres
	local xml_rc=0 sql_rc=0

	run --separate-stderr "$@"
	local keep_status=$status keep_output=$output keep_stderr=$stderr
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$last" "$dir/deux-registres.xml"
	sne-registre -q --importer "$last" "$dir/deux-registres.sqlite" || return 1
	(cd "$dir" && "${@:1:n}" deux-registres.xml >xml.out 2>xml.err) || xml_rc=$?
	(cd "$dir" && "${@:1:n}" deux-registres.sqlite >sql.out 2>sql.err) || sql_rc=$?
	if [ "$xml_rc" != "$sql_rc" ]; then
		echo "# sur XML : $xml_rc, sur SQLite : $sql_rc" >&2
		cat "$dir/xml.err" "$dir/sql.err" >&2
		return 1
	fi
	cmp "$dir/xml.out" "$dir/sql.out" || return 1
	diff <(deux_registres_messages "$dir/xml.err") <(deux_registres_messages "$dir/sql.err") ||
		return 1
	status=$keep_status output=$keep_output stderr=$keep_stderr
	IFS=$'\n' read -d '' -r -a lines <<<"$output" || true # as bats' run
	return 0
}
