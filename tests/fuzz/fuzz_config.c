/* libFuzzer harness: the YAML configuration loader on any file.  It must
 * load or refuse with 78 (never crash, leak or hang), and what it loads
 * must be within the documented ranges. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sne/config.h"
#include "sne/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct sne_config config;
	char path[64];
	int fd = memfd_create("sne.yaml", MFD_CLOEXEC), rc;

	if (devnull == NULL) {
		devnull = fopen("/dev/null", "w");
		sne_err_set_stream(devnull);
	}
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	rc = sne_config_load_file(path, &config);
	if (rc != 0 && rc != SNE_EX_CONFIG)
		abort();
	if (rc == 0) {
		if (config.npreavis < 0 || config.npreavis > SNE_PREAVIS_MAX)
			abort();
		for (int i = 0; i < config.npreavis; i++)
			if (config.preavis[i].mois_avant < 1 || config.preavis[i].mois_avant > 12 ||
			    (config.preavis[i].canaux & ~7u) != 0)
				abort();
		if (config.guichet[0] != '\0' && strlen(config.guichet) != SNE_GUICHET_LEN)
			abort();
		if (sne_profil_name(config.profil) == NULL)
			abort();
	}
	sne_config_free(&config);
	close(fd);
	return 0;
}
