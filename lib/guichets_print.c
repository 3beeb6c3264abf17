/* The register of guichets as people read it.  Values come from a file a
 * gestionnaire may have edited by hand: tabs and line ends in them are
 * shown as spaces, so that a TSV line stays one record. */
#include "sne/guichets_print.h"

#include <stdio.h>
#include <string.h>

#include "sne/err.h"

#include <libxml/tree.h>

#define LINE_MAX_BYTES 4096
#define CONTACTS_MAX 64

struct column {
	const char *title;
	size_t width;   /* in characters, for the table */
};

enum { COL_CODE, COL_TYPE, COL_TERRITOIRES, COL_COMMUNE, COL_OUVERTURE, COL_ETAT, COL_NOM,
       NCOLS };

static size_t utf8_chars(const char *text)
{
	size_t n = 0;

	for (; *text != '\0'; text++)
		n += (*text & 0xC0) != 0x80;
	return n;
}

/* TEXT with control characters as spaces, into BUF. */
static const char *clean(const char *text, char *buf, size_t size)
{
	size_t i;

	snprintf(buf, size, "%s", text != NULL ? text : "");
	for (i = 0; buf[i] != '\0'; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7F)
			buf[i] = ' ';
	return buf;
}

static void territoires_text(const struct sne_guichet *g, char *buf, size_t size)
{
	size_t len = 0, i;

	buf[0] = '\0';
	for (i = 0; i < g->nterritoires; i++)
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
		                        i ? "," : "", g->territoires[i]);
}

/* "ouvert", "fermé le 2016-12-31" or "ouvre le 2030-01-01" at DATE. */
static void etat_text(const struct sne_guichet *g, struct sne_date date, char *buf, size_t size)
{
	char iso[SNE_DATE_ISO_SIZE];

	if (sne_date_cmp(date, g->ouverture) < 0) {
		sne_date_format(g->ouverture, iso);
		snprintf(buf, size, "ouvre le %s", iso);
	} else if (g->ferme && sne_date_cmp(date, g->fermeture) >= 0) {
		sne_date_format(g->fermeture, iso);
		snprintf(buf, size, "fermé le %s", iso);
	} else
		snprintf(buf, size, "ouvert");
}

/* The NCOLS cells of G (each cleaned, in CELLS of LINE_MAX_BYTES / NCOLS). */
static void row_cells(const struct sne_guichet *g, struct sne_date date,
                      char cells[NCOLS][LINE_MAX_BYTES / NCOLS])
{
	char raw[LINE_MAX_BYTES / NCOLS];

	snprintf(cells[COL_CODE], sizeof cells[COL_CODE], "%s", g->code);
	clean(g->type, cells[COL_TYPE], sizeof cells[COL_TYPE]);
	territoires_text(g, raw, sizeof raw);
	clean(raw, cells[COL_TERRITOIRES], sizeof cells[COL_TERRITOIRES]);
	clean(g->adresse.commune, cells[COL_COMMUNE], sizeof cells[COL_COMMUNE]);
	sne_date_format(g->ouverture, cells[COL_OUVERTURE]);
	etat_text(g, date, cells[COL_ETAT], sizeof cells[COL_ETAT]);
	clean(g->nom, cells[COL_NOM], sizeof cells[COL_NOM]);
}

static int print_row(struct sne_output *out, char cells[NCOLS][LINE_MAX_BYTES / NCOLS],
                     const struct column *cols, enum sne_guichets_format format)
{
	int c, rc = 0;

	for (c = 0; c < NCOLS && rc == 0; c++) {
		size_t pad = format == SNE_GUICHETS_TABLE && c < NCOLS - 1 ?
		             cols[c].width - utf8_chars(cells[c]) + 2 : 0;

		rc = sne_output_printf(out, "%s%*s%s", cells[c], (int)pad, "",
		                       c == NCOLS - 1 ? "\n" : format == SNE_GUICHETS_TSV ? "\t" : "");
	}
	return rc;
}

/* What a writer returns: 0, or SNE_EX_IOERR after saying that OUT could
 * not be written (RC is the output's -1). */
static int written(struct sne_output *out, int rc)
{
	if (rc == 0)
		return 0;
	sne_warn("%s: écriture impossible :", sne_output_name(out));
	return SNE_EX_IOERR;
}

int sne_guichets_print_list(const struct sne_guichets *reg, struct sne_date date,
                            enum sne_guichets_format format, struct sne_output *out)
{
	struct column cols[NCOLS] = { { "code", 0 }, { "type", 0 }, { "territoires", 0 },
		                      { "commune", 0 }, { "ouverture", 0 }, { "etat", 0 },
		                      { "nom", 0 } };
	char cells[NCOLS][LINE_MAX_BYTES / NCOLS];
	size_t i;
	int c, rc;

	for (c = 0; c < NCOLS; c++) {
		snprintf(cells[c], sizeof cells[c], "%s", cols[c].title);
		cols[c].width = utf8_chars(cols[c].title);
	}
	for (i = 0; i < sne_guichets_count(reg); i++) {
		char row[NCOLS][LINE_MAX_BYTES / NCOLS];

		row_cells(sne_guichets_at(reg, i), date, row);
		for (c = 0; c < NCOLS; c++)
			if (utf8_chars(row[c]) > cols[c].width)
				cols[c].width = utf8_chars(row[c]);
	}
	rc = print_row(out, cells, cols, format);
	for (i = 0; i < sne_guichets_count(reg) && rc == 0; i++) {
		row_cells(sne_guichets_at(reg, i), date, cells);
		rc = print_row(out, cells, cols, format);
	}
	return written(out, rc);
}

void sne_guichet_adresse_text(const struct sne_guichet_adresse *a, const char *sep, char *buf,
                              size_t size)
{
	size_t len = 0, i;

	buf[0] = '\0';
	for (i = 0; i < a->nlignes; i++)
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s", a->lignes[i],
		                        sep);
	snprintf(buf + (len < size ? len : size), len < size ? size - len : 0, "%s %s",
	         a->code_postal != NULL ? a->code_postal : "", a->commune != NULL ? a->commune : "");
}

/* "08:30-12:00 13:30-17:00" as "8h30-12h et 13h30-17h" into BUF. */
static void plages_text(const char *plages, char *buf, size_t size)
{
	size_t len = 0;
	int h1, m1, h2, m2, used, first = 1;

	buf[0] = '\0';
	while (sscanf(plages, " %d:%d-%d:%d%n", &h1, &m1, &h2, &m2, &used) == 4) {
		char a[8], b[8];

		snprintf(a, sizeof a, m1 ? "%dh%02d" : "%dh", h1, m1);
		snprintf(b, sizeof b, m2 ? "%dh%02d" : "%dh", h2, m2);
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s-%s",
		                        first ? "" : " et ", a, b);
		plages += used;
		first = 0;
	}
}

static size_t append(char *buf, size_t size, size_t len, const char *fmt, const char *a,
                     const char *b)
{
	return len + (size_t)snprintf(buf + len, len < size ? size - len : 0, fmt, a, b);
}

static size_t horaires_text(const struct sne_guichet_contact *c, char *buf, size_t size,
                            size_t len)
{
	char plages[256];
	int j, first = 1;

	for (j = 0; j < 7; j++)
		if (c->horaires[j] != NULL) {
			plages_text(c->horaires[j], plages, sizeof plages);
			len = append(buf, size, len, first ? " ; %s %s" : ", %s %s", sne_guichet_jours[j],
			             plages);
			first = 0;
		}
	return len;
}

void sne_guichet_contacts_text(const struct sne_guichet *g, char *buf, size_t size)
{
	struct sne_guichet_contact contacts[CONTACTS_MAX];
	size_t n = sne_guichet_contacts(g, contacts, CONTACTS_MAX), i, len = 0;
	char adresse[512];

	buf[0] = '\0';
	for (i = 0; i < n && i < CONTACTS_MAX; i++) {
		const struct sne_guichet_contact *c = &contacts[i];

		len = append(buf, size, len, "%s%s :", i ? "\n" : "", c->libelle);
		if (c->has_adresse) {
			sne_guichet_adresse_text(&c->adresse, ", ", adresse, sizeof adresse);
			len = append(buf, size, len, " %s%s", adresse, "");
		}
		if (c->telephone != NULL)
			len = append(buf, size, len, "%s%s", c->has_adresse ? ", " : " ", c->telephone);
		len = horaires_text(c, buf, size, len);
	}
}

/* ------------------------------------------------------------------ */
/* one guichet in full */

static int print_contact(const struct sne_guichet_contact *c, struct sne_output *out)
{
	char text[512];
	int rc, j;

	rc = sne_output_printf(out, "contact %u (%s) : %s\n", c->id,
	                       strcmp(c->type, "telephone") == 0 ? "téléphone" : "physique",
	                       clean(c->libelle, text, sizeof text));
	if (rc == 0 && c->has_adresse) {
		sne_guichet_adresse_text(&c->adresse, ", ", text, sizeof text);
		rc = sne_output_printf(out, "  adresse : %s\n", text);
	}
	if (rc == 0 && c->telephone != NULL)
		rc = sne_output_printf(out, "  téléphone : %s\n", c->telephone);
	for (j = 0; j < 7 && rc == 0; j++)
		if (c->horaires[j] != NULL)
			rc = sne_output_printf(out, "  %s : %s\n", sne_guichet_jours[j], c->horaires[j]);
	return rc;
}

static int print_historique(const struct sne_guichet *g, struct sne_output *out)
{
	const xmlNode *node = g->node;
	int rc = sne_output_puts(out, "historique :\n");

	for (node = node->children; node != NULL && rc == 0; node = node->next)
		if (node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, "historique") == 0)
			break;
	for (node = node != NULL ? node->children : NULL; node != NULL && rc == 0; node = node->next) {
		xmlChar *date = xmlGetProp(node, (const xmlChar *)"date");
		xmlChar *type = xmlGetProp(node, (const xmlChar *)"type");
		xmlChar *op = xmlGetProp(node, (const xmlChar *)"operateur");
		xmlChar *contact = xmlGetProp(node, (const xmlChar *)"contact");
		xmlChar *champs = xmlGetProp(node, (const xmlChar *)"champs");
		char who[256];

		if (node->type == XML_ELEMENT_NODE)
			rc = sne_output_printf(out, "  %s %s%s%s%s%s%s par %s\n", (char *)date, (char *)type,
			                       contact ? " du contact " : "", contact ? (char *)contact : "",
			                       champs ? " (" : "", champs ? (char *)champs : "",
			                       champs ? ")" : "", clean((char *)op, who, sizeof who));
		xmlFree(date);
		xmlFree(type);
		xmlFree(op);
		xmlFree(contact);
		xmlFree(champs);
	}
	return rc;
}

int sne_guichet_print(const struct sne_guichet *g, struct sne_date date, struct sne_output *out)
{
	struct sne_guichet_contact contacts[CONTACTS_MAX];
	size_t n = sne_guichet_contacts(g, contacts, CONTACTS_MAX), i;
	char text[1024], etat[64], territoires[256], iso[SNE_DATE_ISO_SIZE];
	int rc;

	territoires_text(g, territoires, sizeof territoires);
	etat_text(g, date, etat, sizeof etat);
	sne_date_format(g->ouverture, iso);
	rc = sne_output_printf(out, "guichet %s : %s\n", g->code, clean(g->nom, text, sizeof text));
	if (rc == 0)
		rc = sne_output_printf(out, "type : %s\nterritoires : %s\n", g->type, territoires);
	sne_guichet_adresse_text(&g->adresse, ", ", text, sizeof text);
	if (rc == 0)
		rc = sne_output_printf(out, "adresse : %s\nouverture : %s\nétat : %s\n", text, iso,
		                       etat);
	for (i = 0; i < n && i < CONTACTS_MAX && rc == 0; i++)
		rc = print_contact(&contacts[i], out);
	return written(out, rc == 0 ? print_historique(g, out) : rc);
}
