/* The envelopes of the toolkit's streams and what their headers must say. */
#include "sne/envelope.h"

#include <ctype.h>
#include <string.h>

#include "sne/date.h"
#include "sne/err.h"

static const char *find(const struct sne_head_field *fields, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(fields[i].name, name) == 0)
			return fields[i].value;
	return NULL;
}

const char *sne_head_attribute(const struct sne_head *head, const char *name)
{
	return find(head->attributes, head->nattributes, name);
}

const char *sne_head_field(const struct sne_head *head, const char *name)
{
	return find(head->fields, head->nfields, name);
}

const char *sne_head_type(const struct sne_head *head)
{
	return sne_head_field(head, "typeFichier");
}

/* The file types of the interface and the program that takes each. */
static const struct {
	const char *code, *words, *program;
} file_types[] = {
	{ SNE_TYPE_CREATION, "créations", "sne-create" },
	{ SNE_TYPE_MODIFICATION, "modifications", "sne-update" },
};

static int type_index(const char *code)
{
	for (size_t i = 0; i < sizeof file_types / sizeof file_types[0]; i++)
		if (strcmp(file_types[i].code, code) == 0)
			return (int)i;
	return -1;
}

int sne_head_require_type(const struct sne_head *head, const char *wanted, const char *program,
                          char *why, size_t size)
{
	const char *type = sne_head_type(head);
	int have, want = type_index(wanted);

	if (type == NULL || strcmp(type, wanted) == 0)
		return 0;
	have = type_index(type);
	if (have < 0) /* the envelope's check refuses it first */
		return -1;
	sne_why(why, size, "fichier de %s (typeFichier %s) : %s ne prend que des fichiers de %s "
	        "(%s) ; utilisez %s", file_types[have].words, type, program,
	        want >= 0 ? file_types[want].words : wanted, wanted, file_types[have].program);
	return -1;
}

/* xs:date or xs:dateTime: YYYY-MM-DD, then optionally Thh:mm:ss with
 * fractions, then optionally Z or +hh:mm. */
static int is_date_or_datetime(const char *s)
{
	char day[11];
	struct sne_date d;
	size_t i = 10;

	if (strlen(s) < 10)
		return 0;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (sne_date_parse_iso(day, &d, NULL, 0) != 0)
		return 0;
	if (s[i] == 'T') {
		int hh, mm, ss;
		if (strlen(s + i) < 9 || !isdigit((unsigned char)s[i + 1]) ||
		    sscanf(s + i, "T%2d:%2d:%2d", &hh, &mm, &ss) != 3 || s[i + 3] != ':' ||
		    s[i + 6] != ':' || hh > 24 || mm > 59 || ss > 60)
			return 0;
		i += 9;
		if (s[i] == '.') {
			size_t digits = strspn(s + i + 1, "0123456789");
			if (digits == 0)
				return 0;
			i += 1 + digits;
		}
	}
	if (s[i] == 'Z')
		return s[i + 1] == '\0';
	if (s[i] == '+' || s[i] == '-') {
		return strlen(s + i) == 6 && isdigit((unsigned char)s[i + 1]) &&
		       isdigit((unsigned char)s[i + 2]) && s[i + 3] == ':' &&
		       isdigit((unsigned char)s[i + 4]) && isdigit((unsigned char)s[i + 5]);
	}
	return s[i] == '\0';
}

static int check_interface(const struct sne_head *head, char *why, size_t size)
{
	const char *version = sne_head_attribute(head, "versionInterface");
	const char *type = sne_head_type(head);
	const char *date = sne_head_field(head, "dateFichier");

	if (version != NULL && strcmp(version, "02.00") != 0 && strcmp(version, "02.01") != 0) {
		sne_why(why, size, "version d'interface « %s » inconnue : les versions de l'interface "
		        "SNE sont 02.00 et 02.01", version);
		return -1;
	}
	if (type != NULL && type_index(type) < 0) {
		sne_why(why, size, "type de fichier (typeFichier) « %s » inconnu : attendu CRE "
		        "(créations, sne-create) ou MOD (modifications, sne-update)", type);
		return -1;
	}
	if (date != NULL && !is_date_or_datetime(date)) {
		sne_why(why, size, "dateFichier « %s » n'est pas une date (attendu "
		        "AAAA-MM-JJ ou AAAA-MM-JJThh:mm:ss, fuseau facultatif)", date);
		return -1;
	}
	return 0;
}

const struct sne_envelope sne_envelope_interface = { "interfaceNuu", "entete", check_interface };
const struct sne_envelope sne_envelope_rpls = { "logements", NULL, NULL };
const struct sne_envelope sne_envelope_envois = { "envois", NULL, NULL };
