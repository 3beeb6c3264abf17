/* sne-stats --alertes: the monthly Suivi Qualité e-mail of each guichet
 * that has something to signal, ready for sendmail (the router adds To:
 * from the guichet's points de contact, named by X-SNE-Guichet). */
#include "sne/alertes.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sne/count.h"
#include "sne/err.h"
#include "sne/privilege.h"

/* What a guichet is asked to do, per indicator. */
static const struct {
	int mesure;
	const char *action;
} actions[] = {
	{ SNE_STATS_I_ATTENTE, "validez ou invalidez ces demandes du portail (sne-validate) : "
	                       "l'attestation est due dans le mois (CCH L441-2-1)" },
	{ SNE_STATS_I_CONTACT, "recueillez une adresse, un mobile ou un courriel valide "
	                       "(sne-update) : sans contact, aucun préavis ne peut partir" },
	{ SNE_STATS_I_ATTESTATION, "signalez ces demandes au support : l'attestation n'est pas "
	                           "partie dans le délai d'un mois" },
	{ SNE_STATS_I_INCOMPLET, "complétez le revenu fiscal, la composition du ménage et les "
	                         "ressources (sne-update) avant la commission d'attribution" },
	{ SNE_STATS_I_RPLS_ABSENT, "donnez le numéro RPLS du logement attribué au support" },
	{ SNE_STATS_I_RPLS_INCONNU, "vérifiez le numéro RPLS auprès du bailleur : il est inconnu du "
	                            "référentiel" },
	{ SNE_STATS_I_DOUBLON, "vérifiez ces demandes et demandez leur fusion au gestionnaire "
	                       "territorial (sne-fix --fusionner) si c'est la même personne" },
	{ SNE_STATS_I_CONTROLE, "corrigez les erreurs que signale sne-validate --check" },
};

/* REACTIVATION is shown, never signalled: a share, not a fault. */
static int signals(int m)
{
	return sne_stats_mesures[m].kind == SNE_STATS_INDICATEUR && m != SNE_STATS_I_REACTIVATION;
}

int sne_alertes_a_signaler(const struct sne_stats *stats, size_t row)
{
	int last = sne_stats_nmois(stats), n = 0;

	for (int m = 0; m < SNE_STATS_NMESURES; m++)
		if (signals(m) && sne_stats_mesure_active(stats, m))
			n += sne_stats_valeur(stats, row, last, m) > 0;
	return n;
}

static void base64(const char *in, char *out, size_t size)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t len = strlen(in), o = 0;

	for (size_t i = 0; i < len && o + 5 < size; i += 3) {
		unsigned v = (unsigned char)in[i] << 16;

		v |= i + 1 < len ? (unsigned char)in[i + 1] << 8 : 0;
		v |= i + 2 < len ? (unsigned char)in[i + 2] : 0;
		out[o++] = alphabet[(v >> 18) & 63];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < len ? alphabet[v & 63] : '=';
	}
	out[o] = '\0';
}

static void decimal_fr(double v, char *buf, size_t size)
{
	char *dot;

	snprintf(buf, size, "%.1f", v);
	if ((dot = strchr(buf, '.')) != NULL)
		*dot = ',';
}

/* TEXT right-aligned in WIDTH columns (UTF-8 characters, not bytes). */
static void put_right(FILE *f, const char *text, int width)
{
	int w = 0;

	for (const char *p = text; *p; p++)
		w += ((unsigned char)*p & 0xC0) != 0x80;
	fprintf(f, "%*s%s", width > w ? width - w : 0, "", text);
}

static void figure_line(FILE *f, const char *a, const char *b, const char *avg)
{
	fprintf(f, "%75s", "");
	put_right(f, a, 15);
	put_right(f, b, 15);
	put_right(f, avg, 13);
	fputc('\n', f);
}

static void write_figures(FILE *f, const struct sne_stats_rendu *r, size_t row, const char *territoire)
{
	int last = sne_stats_nmois(r->stats);
	char now[64], before[64], a[32], b[32], avg[32];

	sne_stats_mois_text(sne_stats_mois(r->stats, last), now, sizeof now);
	sne_stats_mois_text(sne_stats_mois(r->stats, last - 1), before, sizeof before);
	fprintf(f, "%-14s %-60s", "Code", "Indicateur");
	put_right(f, now, 15);
	put_right(f, before, 15);
	put_right(f, "moy. territ.", 13);
	fputc('\n', f);
	for (int m = 0; m < SNE_STATS_NMESURES; m++) {
		if (sne_stats_mesures[m].kind != SNE_STATS_INDICATEUR || !sne_stats_mesure_active(r->stats, m))
			continue;
		sne_stats_nombre(sne_stats_valeur(r->stats, row, last, m), a, sizeof a);
		if (sne_stats_fin_seulement(m))
			snprintf(b, sizeof b, "—");
		else
			sne_stats_nombre(sne_stats_valeur(r->stats, row, last - 1, m), b, sizeof b);
		decimal_fr(sne_stats_moyenne_territoire(r->stats, territoire, last, m), avg, sizeof avg);
		fprintf(f, "%-14s %s\n", sne_stats_mesures[m].code, sne_stats_mesures[m].libelle);
		figure_line(f, a, b, avg);
		if (m == SNE_STATS_I_REACTIVATION) {
			sne_stats_pourcentage(sne_stats_part_reactivation(r->stats, row, last), a, sizeof a);
			sne_stats_pourcentage(sne_stats_part_reactivation(r->stats, row, last - 1), b,
			                      sizeof b);
			fprintf(f, "%-14s %s\n", "", SNE_STATS_LIBELLE_PART_REACTIVATION);
			figure_line(f, a, b, "");
		}
	}
}

/* The command that lists the demandes of indicator M on row CLE, for the
 * month of the alert (the same grouping, so that --guichet selects the
 * same demandes). */
static void write_extraction(FILE *f, const struct sne_stats_rendu *r,
                             const struct sne_stats_cle *cle, int m, const char *registre)
{
	int last = sne_stats_nmois(r->stats);
	struct sne_date du = sne_stats_mois(r->stats, last);
	struct sne_date au = sne_date_add_days(sne_date_add_months(du, 1), -1);
	char du_iso[SNE_DATE_ISO_SIZE], au_iso[SNE_DATE_ISO_SIZE];

	sne_date_format(du, du_iso);
	sne_date_format(au, au_iso);
	fprintf(f, "  la liste : sne-stats --du %s --au %s --extraire %s", du_iso, au_iso,
	        sne_stats_mesures[m].code);
	if (r->par == SNE_STATS_PAR_MODIFICATION)
		fprintf(f, " --par modification");
	if (cle->guichet[0])
		fprintf(f, " --guichet %s --format tsv %s\n", cle->guichet, registre);
	else
		fprintf(f, " --territoire %s --format tsv %s\n", cle->territoire, registre);
}

static void write_actions(FILE *f, const struct sne_stats_rendu *r, size_t row,
                          const char *registre)
{
	int last = sne_stats_nmois(r->stats);

	fprintf(f, "\nCe qu'il faut faire :\n");
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
		int m = actions[i].mesure;

		if (!sne_stats_mesure_active(r->stats, m) || sne_stats_valeur(r->stats, row, last, m) == 0)
			continue;
		fprintf(f, "- %s : %s ;\n", sne_stats_mesures[m].code, actions[i].action);
		write_extraction(f, r, sne_stats_cle(r->stats, row), m, registre);
	}
}

static int write_alert(const struct sne_stats_rendu *r, size_t row, const char *dir, const char *registre)
{
	const struct sne_stats_cle *cle = sne_stats_cle(r->stats, row);
	const char *code = cle->guichet[0] ? cle->guichet : cle->territoire;
	int last = sne_stats_nmois(r->stats), n = sne_alertes_a_signaler(r->stats, row);
	char path[4096], month[64], subject[256], encoded[512], today[64];
	struct sne_date first = sne_stats_mois(r->stats, last);
	FILE *f;

	sne_stats_mois_text(first, month, sizeof month);
	/* a code guichet may have rows in several territories: both in the name */
	snprintf(path, sizeof path, "%s/alerte-%s%s%s-%04d-%02d.eml", dir,
	         cle->territoire[0] ? cle->territoire : "inconnu", cle->guichet[0] ? "-" : "",
	         cle->guichet, first.year, first.month);
	f = fopen(path, "w");
	if (f == NULL) {
		sne_warn("%s: alerte impossible à créer (le dossier des alertes doit être inscriptible) :",
		         path);
		return SNE_EX_CANTCREAT;
	}
	snprintf(subject, sizeof subject, "Suivi qualité SNE de %s : %s %s, %d indicateur%s à "
	         "traiter", month, cle->guichet[0] ? "guichet" : "territoire", code, n,
	         n > 1 ? "s" : "");
	base64(subject, encoded, sizeof encoded);
	sne_date_format_fr(r->today, today, sizeof today);
	fprintf(f, "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
	        "Content-Transfer-Encoding: 8bit\nX-SNE-Guichet: %s\nX-SNE-Territoire: %s\n"
	        "Subject: =?UTF-8?B?%s?=\n\n", cle->guichet, cle->territoire, encoded);
	fprintf(f, "Bonjour,\n\nVoici le suivi qualité %s %s (territoire %s) pour %s, établi le %s "
	        "à partir du registre.\nChaque chiffre est comparé au mois précédent et à la moyenne "
	        "des guichets du territoire.\n\n", cle->guichet[0] ? "du guichet" : "du territoire",
	        code, cle->territoire, month, today);
	write_figures(f, r, row, cle->territoire);
	write_actions(f, r, row, registre);
	fprintf(f, "\nLes définitions des indicateurs sont dans sne-stats(1).\n\nCordialement,\n"
	        "L'équipe support du SNE\n");
	if (fclose(f) != 0) {
		sne_warn("%s: écriture impossible :", path);
		return SNE_EX_IOERR;
	}
	return 0;
}

static int write_alerts(const struct sne_stats_rendu *r, const char *dir, const char *registre)
{
	size_t written = 0;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		sne_warn("%s: dossier des alertes impossible à créer (son dossier parent doit exister "
		         "et être inscriptible) :", dir);
		return SNE_EX_CANTCREAT;
	}
	for (size_t row = 0; row < sne_stats_nlignes(r->stats); row++) {
		int rc;

		if (sne_alertes_a_signaler(r->stats, row) == 0)
			continue;
		if ((rc = write_alert(r, row, dir, registre)) != 0)
			return rc;
		written++;
	}
	sne_info("%s dans %s", sne_count(written, SNE_FEMININE, "alerte écrite", "alertes écrites").text,
	         dir);
	return 0;
}

int sne_alertes_write(const struct sne_stats_rendu *r, const char *dir, const char *registre)
{
	int rc;

	/* a folder the user names: with his rights, never the program's group's */
	sne_user_rights_begin();
	rc = write_alerts(r, dir, registre);
	sne_user_rights_end();
	return rc;
}
