/* sne-stats: the counts as a table for people, TSV, CSV, JSON or HTML. */
#include "sne/stats_rendu.h"

#include <stdio.h>
#include <string.h>

#include "sne/err.h"

static const char *const mois_fr[] = { "janvier", "février", "mars", "avril", "mai", "juin",
	                               "juillet", "août", "septembre", "octobre", "novembre",
	                               "décembre" };

void sne_stats_mois_text(struct sne_date month, char *buf, size_t size)
{
	snprintf(buf, size, "%s %d", mois_fr[month.month - 1], month.year);
}

void sne_stats_nombre(uint64_t n, char *buf, size_t size)
{
	char digits[32];
	size_t len, out = 0;

	snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
	len = strlen(digits);
	for (size_t i = 0; i < len && out + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[out++] = ' ';
		buf[out++] = digits[i];
	}
	buf[out] = '\0';
}

void sne_stats_pourcentage(double part, char *buf, size_t size)
{
	char *dot;

	if (part < 0) {
		snprintf(buf, size, "—");
		return;
	}
	snprintf(buf, size, "%.1f %%", 100.0 * part);
	if ((dot = strchr(buf, '.')) != NULL)
		*dot = ',';
}

void sne_stats_ligne_text(const struct sne_stats_rendu *r, size_t row, char *buf, size_t size)
{
	const struct sne_stats_cle *cle;

	if (row == sne_stats_nlignes(r->stats)) {
		snprintf(buf, size, "Total national");
		return;
	}
	cle = sne_stats_cle(r->stats, row);
	snprintf(buf, size, "%s%s%s", cle->territoire[0] ? cle->territoire : "?",
	         cle->guichet[0] ? " " : "", cle->guichet);
}

/* Columns of text (UTF-8): the width a terminal shows. */
static size_t width_of(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		n += ((unsigned char)*text & 0xC0) != 0x80;
	return n;
}

static int pad(struct sne_output *out, const char *text, size_t width, int right)
{
	static const char spaces[] = "                                                                ";
	size_t w = width_of(text), n = w < width ? width - w : 0;
	int rc = 0;

	if (!right)
		rc |= sne_output_puts(out, text);
	for (; n > 0 && rc == 0; n -= n < sizeof spaces - 1 ? n : sizeof spaces - 1)
		rc |= sne_output_write(out, spaces, n < sizeof spaces - 1 ? n : sizeof spaces - 1);
	if (right)
		rc |= sne_output_puts(out, text);
	return rc;
}

static int measure_shown(const struct sne_stats_rendu *r, int m, int month)
{
	return sne_stats_mesure_active(r->stats, m) &&
	       (!sne_stats_fin_seulement(m) || month == sne_stats_nmois(r->stats));
}

/* ------------------------------------------------------------------ */
/* table for people */

static const char *section_of(int m)
{
	switch (sne_stats_mesures[m].kind) {
	case SNE_STATS_VOLUME: return "Volumes du mois";
	case SNE_STATS_STOCK: return "Stock au dernier jour du mois";
	default: return "Suivi qualité";
	}
}

/* Under REACTIVATION: its share of the month's renewals. */
static int share_line(const struct sne_stats_rendu *r, int month, size_t first, size_t end,
                      size_t label_w, size_t col_w, struct sne_output *out)
{
	char text[32];
	int rc = pad(out, "  " SNE_STATS_LIBELLE_PART_REACTIVATION, label_w, 0);

	for (size_t row = first; row < end; row++) {
		sne_stats_pourcentage(sne_stats_part_reactivation(r->stats, row, month), text, sizeof text);
		rc |= sne_output_puts(out, "  ");
		rc |= pad(out, text, col_w, 1);
	}
	return rc | sne_output_puts(out, "\n");
}

/* The rows FIRST to END - 1 of MONTH (the total is row nlignes), one
 * column each, every measure shown a line. */
static int table_block(const struct sne_stats_rendu *r, int month, size_t first, size_t end,
                       size_t label_w, size_t col_w, struct sne_output *out)
{
	char text[64];
	int rc = 0;

	for (int m = 0, shown = -1; m < SNE_STATS_NMESURES && rc == 0; m++) {
		if (!measure_shown(r, m, month))
			continue;
		if (shown < 0 || sne_stats_mesures[m].kind != sne_stats_mesures[shown].kind) {
			rc |= sne_output_puts(out, "\n");
			rc |= pad(out, section_of(m), label_w, 0);
			for (size_t row = first; row < end; row++) {
				sne_stats_ligne_text(r, row, text, sizeof text);
				rc |= sne_output_puts(out, "  ");
				rc |= pad(out, text, col_w, 1);
			}
			rc |= sne_output_puts(out, "\n");
		}
		shown = m;
		rc |= pad(out, sne_stats_mesures[m].libelle, label_w, 0);
		for (size_t row = first; row < end; row++) {
			sne_stats_nombre(sne_stats_valeur(r->stats, row, month, m), text, sizeof text);
			rc |= sne_output_puts(out, "  ");
			rc |= pad(out, text, col_w, 1);
		}
		rc |= sne_output_puts(out, "\n");
		if (m == SNE_STATS_I_REACTIVATION)
			rc |= share_line(r, month, first, end, label_w, col_w, out);
	}
	return rc;
}

/* One month: the columns in blocks as wide as r->largeur allows (one block
 * when 0), each block with the labels. */
static int table_month(const struct sne_stats_rendu *r, int month, struct sne_output *out)
{
	size_t rows = sne_stats_nlignes(r->stats) + 1, label_w = 0, col_w = 8, per_block = rows;
	char title[64], text[64];
	int rc = 0;

	sne_stats_mois_text(sne_stats_mois(r->stats, month), title, sizeof title);
	for (int m = 0; m < SNE_STATS_NMESURES; m++)
		if (width_of(sne_stats_mesures[m].libelle) > label_w)
			label_w = width_of(sne_stats_mesures[m].libelle);
	for (size_t row = 0; row < rows; row++) {
		sne_stats_ligne_text(r, row, text, sizeof text);
		if (width_of(text) > col_w)
			col_w = width_of(text);
	}
	if (r->largeur > 0)
		per_block = r->largeur > label_w + col_w + 2 ? (r->largeur - label_w) / (col_w + 2) : 1;
	rc |= sne_output_printf(out, "%s%s\n", month > 1 ? "\n" : "", title);
	for (size_t first = 0; first < rows && rc == 0; first += per_block)
		rc |= table_block(r, month, first, first + per_block < rows ? first + per_block : rows,
		                  label_w, col_w, out);
	return rc;
}

static int write_table(const struct sne_stats_rendu *r, struct sne_output *out)
{
	char du[64], au[64];
	int rc = 0;

	sne_date_format_fr(r->du, du, sizeof du);
	sne_date_format_fr(r->au, au, sizeof au);
	rc |= sne_output_printf(out, "Statistiques du registre du %s au %s\n\n", du, au);
	for (int month = 1; month <= sne_stats_nmois(r->stats) && rc == 0; month++)
		rc |= table_month(r, month, out);
	return rc;
}

/* ------------------------------------------------------------------ */
/* TSV and CSV: one line per month and row, one column per measure */

static int delimited_row(const struct sne_stats_rendu *r, size_t row, int month, char sep,
                         struct sne_output *out)
{
	size_t rows = sne_stats_nlignes(r->stats);
	const struct sne_stats_cle *cle = row < rows ? sne_stats_cle(r->stats, row) : NULL;
	char iso[SNE_DATE_ISO_SIZE];
	int rc;

	sne_date_format(sne_stats_mois(r->stats, month), iso);
	rc = sne_output_printf(out, "%.7s%c%s%c%s", iso, sep, cle ? cle->territoire : "total",
	                       sep, cle ? cle->guichet : "");
	for (int m = 0; m < SNE_STATS_NMESURES && rc == 0; m++)
		if (sne_stats_mesure_active(r->stats, m))
			rc |= sne_output_printf(out, "%c%llu", sep,
			                        (unsigned long long)sne_stats_valeur(r->stats, row,
			                                                             month, m));
	return rc | sne_output_puts(out, sep == ';' ? "\r\n" : "\n");
}

static int write_delimited(const struct sne_stats_rendu *r, char sep, struct sne_output *out)
{
	int csv = sep == ';';
	int rc = csv ? sne_output_puts(out, "\xEF\xBB\xBF") : 0;

	rc |= sne_output_printf(out, csv ? "mois;territoire;guichet" : "mois\tterritoire\tguichet");
	for (int m = 0; m < SNE_STATS_NMESURES && rc == 0; m++) {
		const char *label = csv ? sne_stats_mesures[m].libelle : sne_stats_mesures[m].code;

		if (!sne_stats_mesure_active(r->stats, m))
			continue;
		if (csv && strchr(label, ';') != NULL)
			rc |= sne_output_printf(out, ";\"%s\"", label);
		else
			rc |= sne_output_printf(out, "%c%s", sep, label);
	}
	rc |= sne_output_puts(out, csv ? "\r\n" : "\n");
	for (int month = 1; month <= sne_stats_nmois(r->stats) && rc == 0; month++)
		for (size_t row = 0; row <= sne_stats_nlignes(r->stats) && rc == 0; row++)
			rc |= delimited_row(r, row, month, sep, out);
	return rc;
}

/* ------------------------------------------------------------------ */
/* JSON */

static int json_row(const struct sne_stats_rendu *r, size_t row, int month, struct sne_output *out)
{
	size_t rows = sne_stats_nlignes(r->stats);
	const struct sne_stats_cle *cle = row < rows ? sne_stats_cle(r->stats, row) : NULL;
	char iso[SNE_DATE_ISO_SIZE];
	int rc, first = 1;

	sne_date_format(sne_stats_mois(r->stats, month), iso);
	if (cle)
		rc = sne_output_printf(out, "{\"mois\":\"%.7s\",\"territoire\":\"%s\",\"guichet\":%s%s%s,"
		                       "\"valeurs\":{", iso, cle->territoire, cle->guichet[0] ? "\"" : "",
		                       cle->guichet[0] ? cle->guichet : "null", cle->guichet[0] ? "\"" : "");
	else
		rc = sne_output_printf(out, "{\"mois\":\"%.7s\",\"territoire\":null,\"guichet\":null,"
		                       "\"total\":true,\"valeurs\":{", iso);
	for (int m = 0; m < SNE_STATS_NMESURES && rc == 0; m++) {
		if (!measure_shown(r, m, month))
			continue;
		rc |= sne_output_printf(out, "%s\"%s\":%llu", first ? "" : ",", sne_stats_mesures[m].code,
		                        (unsigned long long)sne_stats_valeur(r->stats, row, month, m));
		first = 0;
	}
	return rc | sne_output_puts(out, "}}");
}

static int write_json(const struct sne_stats_rendu *r, struct sne_output *out)
{
	static const char *const kinds[] = { "volume", "stock", "indicateur" };
	char du[SNE_DATE_ISO_SIZE], au[SNE_DATE_ISO_SIZE];
	static const char *const pars[] = { "guichet", "modification", "territoire" };
	int rc, first = 1;

	sne_date_format(r->du, du);
	sne_date_format(r->au, au);
	rc = sne_output_printf(out, "{\"du\":\"%s\",\"au\":\"%s\",\"par\":\"%s\",\"demandes\":%llu,"
	                       "\"mesures\":[", du, au, pars[r->par],
	                       (unsigned long long)sne_stats_demandes(r->stats));
	for (int m = 0; m < SNE_STATS_NMESURES && rc == 0; m++) {
		if (!sne_stats_mesure_active(r->stats, m))
			continue;
		rc |= sne_output_printf(out, "%s{\"code\":\"%s\",\"libelle\":\"%s\",\"nature\":\"%s\"}",
		                        first ? "" : ",", sne_stats_mesures[m].code,
		                        sne_stats_mesures[m].libelle, kinds[sne_stats_mesures[m].kind]);
		first = 0;
	}
	rc |= sne_output_puts(out, "],\"lignes\":[");
	first = 1;
	for (int month = 1; month <= sne_stats_nmois(r->stats) && rc == 0; month++)
		for (size_t row = 0; row <= sne_stats_nlignes(r->stats) && rc == 0; row++) {
			rc |= sne_output_puts(out, first ? "\n" : ",\n");
			rc |= json_row(r, row, month, out);
			first = 0;
		}
	return rc | sne_output_puts(out, "\n]}\n");
}

/* ------------------------------------------------------------------ */
/* HTML: one page, inline styles and SVG bar charts, nothing fetched */

static const char html_head[] =
	"<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	"<title>%s</title>\n<style>\n"
	"body{font-family:sans-serif;margin:2em;color:#222}\n"
	"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\n"
	"table{border-collapse:collapse;margin:.5em 0}\n"
	"th,td{border:1px solid #bbb;padding:.2em .5em}td.n{text-align:right}\n"
	"th{background:#eee}tbody th{text-align:left;font-weight:normal;white-space:nowrap}\n"
	"thead th{font-size:.8em}tr.total th,tr.total td{font-weight:bold}.alerte{background:#fde2e2}\n"
	"dl.legende{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;"
	"font-size:.9em}dl.legende dd{margin:0}\n"
	"svg text{font-size:11px;font-family:sans-serif}\n"
	"@media print{body{margin:0}thead{display:table-header-group}"
	"tr,.graphe{page-break-inside:avoid}}\n"
	"</style>\n</head>\n<body>\n";

/* Whether ROW has a volume in MONTH. */
static int has_volume(const struct sne_stats_rendu *r, size_t row, int month)
{
	for (int m = 0; m < SNE_STATS_NMESURES; m++)
		if (sne_stats_mesures[m].kind == SNE_STATS_VOLUME &&
		    sne_stats_valeur(r->stats, row, month, m) > 0)
			return 1;
	return 0;
}

/* The bars of ROW's volumes in MONTH, on ROW's own scale. */
static int html_chart(const struct sne_stats_rendu *r, size_t row, int month, struct sne_output *out)
{
	uint64_t max = 1;
	int n = 0, y = 0, rc = 0;
	char label[64], text[32];

	for (int m = 0; m < SNE_STATS_NMESURES; m++)
		if (sne_stats_mesures[m].kind == SNE_STATS_VOLUME) {
			uint64_t v = sne_stats_valeur(r->stats, row, month, m);

			max = v > max ? v : max;
			n += v > 0;
		}
	sne_stats_ligne_text(r, row, label, sizeof label);
	rc |= sne_output_printf(out, "<div class=\"graphe\"><h3>%s</h3>\n", label);
	rc |= sne_output_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" "
	                        "height=\"%d\" role=\"img\" aria-label=\"Volumes de %s\">\n",
	                        n * 20 + 4, label);
	for (int m = 0; m < SNE_STATS_NMESURES && rc == 0; m++) {
		uint64_t v;

		if (sne_stats_mesures[m].kind != SNE_STATS_VOLUME ||
		    (v = sne_stats_valeur(r->stats, row, month, m)) == 0)
			continue;
		sne_stats_nombre(v, text, sizeof text);
		rc |= sne_output_printf(out, "<text x=\"0\" y=\"%d\">", y + 14);
		rc |= sne_output_xml_escaped(out, sne_stats_mesures[m].libelle);
		rc |= sne_output_printf(out, "</text><rect x=\"330\" y=\"%d\" width=\"%.1f\" "
		                        "height=\"14\" fill=\"#3a6ea5\"/><text x=\"%.1f\" y=\"%d\">%s"
		                        "</text>\n", y + 3, 360.0 * (double)v / (double)max,
		                        336.0 + 360.0 * (double)v / (double)max, y + 14, text);
		y += 20;
	}
	return rc | sne_output_puts(out, "</svg></div>\n");
}

/* A chart per row with volumes in MONTH; the others named once, below. */
static int html_volumes(const struct sne_stats_rendu *r, int month, struct sne_output *out)
{
	size_t rows = sne_stats_nlignes(r->stats), without = 0;
	char label[64];
	int rc = 0;

	for (size_t row = 0; row <= rows && rc == 0; row++) {
		if (has_volume(r, row, month))
			rc |= html_chart(r, row, month, out);
		else
			without++;
	}
	if (without == 0 || rc != 0)
		return rc;
	rc |= sne_output_printf(out, "<p class=\"sans\">Sans volume ce mois (%zu) : ", without);
	for (size_t row = 0, n = 0; row <= rows; row++) {
		if (has_volume(r, row, month))
			continue;
		sne_stats_ligne_text(r, row, label, sizeof label);
		rc |= sne_output_printf(out, "%s%s", n++ ? ", " : "", label);
	}
	return rc | sne_output_puts(out, ".</p>\n");
}

/* The indicators of MONTH: a row per guichet (or territory), the total
 * last, a column per indicator; its definition in the header's title and
 * in the legend under the table, so that a long list of guichets reads
 * down the page and prints (the header repeated on every page). */
static int html_indicators(const struct sne_stats_rendu *r, int month, struct sne_output *out)
{
	size_t rows = sne_stats_nlignes(r->stats);
	char text[64];
	int rc = sne_output_puts(out, "<table class=\"indicateurs\">\n<thead><tr><th>Ligne</th>");

	for (int m = 0; m < SNE_STATS_NMESURES; m++) {
		if (sne_stats_mesures[m].kind != SNE_STATS_INDICATEUR || !measure_shown(r, m, month))
			continue;
		rc |= sne_output_puts(out, "<th title=\"");
		rc |= sne_output_xml_escaped(out, sne_stats_mesures[m].libelle);
		rc |= sne_output_printf(out, "\">%s</th>", sne_stats_mesures[m].code);
	}
	rc |= sne_output_puts(out, "</tr></thead>\n<tbody>\n");
	for (size_t row = 0; row <= rows && rc == 0; row++) {
		sne_stats_ligne_text(r, row, text, sizeof text);
		rc |= sne_output_printf(out, "<tr%s><th>%s</th>", row == rows ? " class=\"total\"" : "",
		                        text);
		for (int m = 0; m < SNE_STATS_NMESURES; m++) {
			uint64_t v;

			if (sne_stats_mesures[m].kind != SNE_STATS_INDICATEUR || !measure_shown(r, m, month))
				continue;
			v = sne_stats_valeur(r->stats, row, month, m);
			sne_stats_nombre(v, text, sizeof text);
			rc |= sne_output_printf(out, "<td class=\"n%s\">%s</td>", v ? " alerte" : "", text);
		}
		rc |= sne_output_puts(out, "</tr>\n");
	}
	rc |= sne_output_puts(out, "</tbody>\n</table>\n<dl class=\"legende\">\n");
	for (int m = 0; m < SNE_STATS_NMESURES; m++) {
		if (sne_stats_mesures[m].kind != SNE_STATS_INDICATEUR || !measure_shown(r, m, month))
			continue;
		rc |= sne_output_printf(out, "<dt>%s</dt><dd>", sne_stats_mesures[m].code);
		rc |= sne_output_xml_escaped(out, sne_stats_mesures[m].libelle);
		rc |= sne_output_puts(out, "</dd>\n");
	}
	return rc | sne_output_puts(out, "</dl>\n");
}

static int write_html(const struct sne_stats_rendu *r, struct sne_output *out)
{
	char du[64], au[64], title[160], month_text[64];
	int rc;

	sne_date_format_fr(r->du, du, sizeof du);
	sne_date_format_fr(r->au, au, sizeof au);
	snprintf(title, sizeof title, "Statistiques du registre du %s au %s", du, au);
	rc = sne_output_printf(out, html_head, title);
	rc |= sne_output_printf(out, "<h1>%s</h1>\n", title);
	for (int month = 1; month <= sne_stats_nmois(r->stats) && rc == 0; month++) {
		sne_stats_mois_text(sne_stats_mois(r->stats, month), month_text, sizeof month_text);
		rc |= sne_output_printf(out, "<h2>Suivi qualité, %s</h2>\n", month_text);
		rc |= html_indicators(r, month, out);
		rc |= sne_output_printf(out, "<h2>Volumes, %s</h2>\n", month_text);
		rc |= html_volumes(r, month, out);
	}
	return rc | sne_output_puts(out, "</body>\n</html>\n");
}

int sne_stats_rendu_write(const struct sne_stats_rendu *r, enum sne_stats_format format, struct sne_output *out)
{
	int rc;

	switch (format) {
	case SNE_STATS_TSV: rc = write_delimited(r, '\t', out); break;
	case SNE_STATS_CSV: rc = write_delimited(r, ';', out); break;
	case SNE_STATS_JSON: rc = write_json(r, out); break;
	case SNE_STATS_HTML: rc = write_html(r, out); break;
	default: rc = write_table(r, out); break;
	}
	if (rc != 0) {
		sne_warn("%s: écriture impossible :", sne_output_name(out));
		return SNE_EX_IOERR;
	}
	return 0;
}
