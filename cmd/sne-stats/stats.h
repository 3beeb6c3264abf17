/* sne-stats: what the outputs share. */
#ifndef SNE_STATS_CMD_H
#define SNE_STATS_CMD_H

#include <stdio.h>

#include "sne/io.h"
#include "sne/stats.h"

enum format { FORMAT_TABLE, FORMAT_TSV, FORMAT_CSV, FORMAT_JSON, FORMAT_HTML };

/* What the outputs are made of: the counts and the run's dates. */
struct rendu {
	const struct sne_stats *stats;
	struct sne_date du, au, today;
	enum sne_stats_par par;
};

/* "novembre 2026" into BUF. */
void stats_mois_text(struct sne_date month, char *buf, size_t size);
/* N with a space every three digits into BUF. */
void stats_nombre(uint64_t n, char *buf, size_t size);
/* Row label: "074 G0417", "074" per territory, "Total national" for the total. */
void stats_ligne_text(const struct rendu *r, size_t row, char *buf, size_t size);

/* The counts in FORMAT on OUT: 0 or SNE_EX_IOERR. */
int stats_rendu_write(const struct rendu *r, enum format format, struct sne_output *out);
/* One e-mail per row with something to signal into DIR: 0, or an SNE_EX_*
 * code after saying why. */
int stats_alertes_write(const struct rendu *r, const char *dir, const char *registre);

#endif
