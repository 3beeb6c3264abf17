/* The counts of sne/stats.h for people and programs: a table for a
 * terminal, TSV, CSV (";" and UTF-8 with BOM, as a French spreadsheet opens
 * it), JSON, and one self-contained HTML page (styles and SVG inline).
 * Everything is borrowed from the caller; nothing is kept. */
#ifndef SNE_STATS_RENDU_H
#define SNE_STATS_RENDU_H

#include <stddef.h>
#include <stdint.h>

#include "sne/date.h"
#include "sne/io.h"
#include "sne/stats.h"

/* The line under REACTIVATION in the table and the alerts. */
#define SNE_STATS_LIBELLE_PART_REACTIVATION "dont part des renouvellements"

enum sne_stats_format {
	SNE_STATS_TABLE,
	SNE_STATS_TSV,
	SNE_STATS_CSV,
	SNE_STATS_JSON,
	SNE_STATS_HTML
};

/* What the outputs are made of: the counts (finished) and the run's dates. */
struct sne_stats_rendu {
	const struct sne_stats *stats;
	struct sne_date du, au, today;
	enum sne_stats_par par;
	size_t largeur; /* the table's width in columns (its rows in blocks), 0: no limit */
};

/* "novembre 2026" into BUF. */
void sne_stats_mois_text(struct sne_date month, char *buf, size_t size);
/* N with a space every three digits into BUF. */
void sne_stats_nombre(uint64_t n, char *buf, size_t size);
/* A share (0 to 1) as "33,3 %" into BUF, "—" when negative (no base). */
void sne_stats_pourcentage(double part, char *buf, size_t size);
/* Row label: "074 G0417", "074" per territory, "Total national" for the
 * total (ROW == sne_stats_nlignes). */
void sne_stats_ligne_text(const struct sne_stats_rendu *r, size_t row, char *buf, size_t size);

/* The counts in FORMAT on OUT: 0, or SNE_EX_IOERR after saying why. */
int sne_stats_rendu_write(const struct sne_stats_rendu *r, enum sne_stats_format format,
                          struct sne_output *out);

#endif
