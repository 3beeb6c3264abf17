/* main() of every program, built once per program with SNE_ENTRY naming
 * its entry point: the process runs sne_<program>_main() (sne/cli.h), which
 * unit tests and fuzzers call in-process as well. */
#include <stdio.h>

#include "sne_programs.h"

int main(int argc, char **argv)
{
	return SNE_ENTRY(argc, argv, stderr);
}
