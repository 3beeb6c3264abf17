/* libFuzzer harness: the fast schema check against libxml2's.  The input
 * is a document (a register stream); every record the tables pass must be
 * valid for libxml2's validation of the record alone.  The other way is
 * allowed: the tables may leave a valid record to libxml2. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sne/check.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"
#include "sne/xsdtable.h"

#define SCHEMA "../../share/xsd/interfaceNuu.xsd"

static struct sne_schema *schema;
static struct sne_xsdtable *table;

static void no_report(void *ctx, long line, const char *message)
{
	(void)ctx, (void)line, (void)message;
}

static int on_record(struct sne_record *record, void *ctx)
{
	(void)ctx;
	/* not streamed: libxml2 validates the record alone */
	if (sne_xsdtable_record_passed(table) &&
	    sne_schema_check(schema, record, no_report, NULL) != 0) {
		size_t len;
		const char *bytes = sne_record_bytes(record, &len);
		fprintf(stderr, "passed by the tables, invalid for libxml2:\n%.*s\n", (int)len, bytes);
		abort();
	}
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char why[512];

	(void)argc, (void)argv;
	sne_err_init("fuzz_xsdtable");
	sne_err_set_stream(fopen("/dev/null", "w"));
	schema = sne_schema_load(SCHEMA, why, sizeof why);
	table = sne_xsdtable_compile(SCHEMA, why, sizeof why);
	if (schema == NULL || table == NULL) {
		fprintf(stderr, "%s (lancez depuis tests/fuzz)\n", why);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande", .on_record = on_record,
		.envelope = &sne_envelope_interface,
	};
	int fd = memfd_create("flux", MFD_CLOEXEC);
	struct sne_input *in;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	sne_xsdtable_observe(table, &spec);
	in = sne_input_fdopen(fd, "fuzz.xml");
	sne_stream_run(in, &spec);
	sne_input_close(in);
	return 0;
}
