/* libFuzzer harness: a whole program run in-process through its entry
 * point, as a guichet script runs it: sne-validate --check over the input
 * as a file (options, configuration, the stream, the schema tables and the
 * rules, the bilan).  Any input gives 0 (valid), 1 (demandes refused) or
 * 65 (not a stream of demandes); never a crash, a leak or another code.
 * The file is given as /proc/self/fd/N of a memfd, so nothing is written
 * to disk. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sne_programs.h"

static FILE *discard;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char config[] = "/tmp/sne-fuzz-validate-XXXXXX";
	int fd = mkstemp(config);

	(void)argc, (void)argv;
	if (fd < 0 || write(fd, "repertoire: /tmp\n", 17) != 17)
		abort();
	close(fd);
	setenv("SNE_CONFIG", config, 1);
	discard = fopen("/dev/null", "w");
	return discard == NULL ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("demandes", MFD_CLOEXEC), rc;
	char path[64];
	char *argv[] = { "sne-validate", "-q", "--check", path, NULL };

	if (fd < 0 || (size > 0 && write(fd, data, size) != (ssize_t)size))
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	rc = sne_validate_main(4, argv, discard);
	close(fd);
	if (rc != 0 && rc != 1 && rc != 65) {
		fprintf(stderr, "sne-validate --check : code %d inattendu\n", rc);
		abort();
	}
	return 0;
}
