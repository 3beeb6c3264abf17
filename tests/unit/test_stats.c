/* Unit tests of lib/stats.c and lib/stats_rendu.c: the measures' codes,
 * the months of a period (the month before it included, year ends), the
 * numbers with their thousands separator, the French month names; counts
 * made in two parts and joined are those of one pass, the doublons from
 * one part to the other included. */
#include "sne/stats.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "sne/demande.h"
#include "sne/envelope.h"
#include "sne/io.h"
#include "sne/stats_rendu.h"

static struct sne_date d(int year, int month, int day)
{
	struct sne_date date = { year, month, day };

	return date;
}

static const char *nombre(uint64_t n)
{
	static char buf[32];

	sne_stats_nombre(n, buf, sizeof buf);
	return buf;
}

static const char *mois(struct sne_date month)
{
	static char buf[64];

	sne_stats_mois_text(month, buf, sizeof buf);
	return buf;
}

static void test_nombre(void)
{
	CHECK_STR(nombre(0), "0", "0");
	CHECK_STR(nombre(999), "999", "999 : sans séparateur");
	CHECK_STR(nombre(1000), "1 000", "1000");
	CHECK_STR(nombre(123456), "123 456", "six chiffres");
	CHECK_STR(nombre(1234567), "1 234 567", "sept chiffres");
	CHECK_STR(nombre(18446744073709551615u), "18 446 744 073 709 551 615",
	          "le plus grand compteur");
}

static void test_mesures(void)
{
	CHECK(sne_stats_mesure_of("ATTENTE") == SNE_STATS_I_ATTENTE, "ATTENTE");
	CHECK(sne_stats_mesure_of("radiation-RADIRR-IRRSEJ") == SNE_STATS_V_RAD_IRR_SEJ,
	      "le volume d'un sous-motif");
	CHECK(sne_stats_mesure_of("attente") == -1, "les codes sont exacts (casse)");
	CHECK(sne_stats_mesure_of("") == -1, "code vide");
	CHECK(sne_stats_fin_seulement(SNE_STATS_I_DOUBLON) && sne_stats_fin_seulement(SNE_STATS_I_CONTROLE) &&
	      !sne_stats_fin_seulement(SNE_STATS_I_ATTENTE),
	      "DOUBLON et CONTROLE à la fin de la période seulement");
	for (int m = 0; m < SNE_STATS_NMESURES; m++)
		if (sne_stats_mesure_of(sne_stats_mesures[m].code) != m)
			CHECK(0, "code %s unique", sne_stats_mesures[m].code);
}

static void test_period(void)
{
	struct sne_stats_options o = { .du = d(2026, 12, 1), .au = d(2027, 2, 28) };
	struct sne_stats *s = sne_stats_new(&o);

	CHECK(sne_stats_nmois(s) == 3, "de décembre à février : trois mois");
	CHECK_STR(mois(sne_stats_mois(s, 0)), "novembre 2026", "l'indice 0 est le mois précédent");
	CHECK_STR(mois(sne_stats_mois(s, 2)), "janvier 2027", "à cheval sur la fin de l'année");
	CHECK_STR(mois(sne_stats_mois(s, 3)), "février 2027", "le dernier mois");
	sne_stats_finish(s);
	CHECK(sne_stats_nlignes(s) == 0 && sne_stats_demandes(s) == 0,
	      "aucune demande : aucune ligne");
	CHECK(sne_stats_valeur(s, 0, 3, SNE_STATS_V_CREATION_GUICHET) == 0, "le total de rien");
	sne_stats_free(s);
	o.du = o.au = d(2026, 1, 31);
	o.du.day = 1;
	s = sne_stats_new(&o);
	CHECK(sne_stats_nmois(s) == 1, "un mois");
	CHECK_STR(mois(sne_stats_mois(s, 0)), "décembre 2025", "le mois précédent de janvier");
	sne_stats_free(s);
}

static int count_record(struct sne_record *record, void *ctx)
{
	sne_stats_add(ctx, record, -1, NULL);
	return 0;
}

/* Counts the demandes FIRST to LAST (1-based) of the register of N
 * demandes built below into S. */
static void count_demandes(struct sne_stats *s, int first, int last)
{
	static const char prefix[] = "<?xml version=\"1.0\"?>\n<n:interfaceNuu versionInterface=\"02.01\" "
	                             "xmlns:n=\"http://nuu.application.i2/\">\n";
	struct buf b = { 0 };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = SNE_DEMANDE_NAME,
		.envelope = &sne_envelope_interface, .fields = sne_stats_fields(~0u),
		.nfields = SNE_ST_NFIELDS, .on_record = count_record, .ctx = s,
	};
	char path[] = "/tmp/sne-test-stats-XXXXXX";
	int fd = mkstemp(path);
	struct sne_input *in;

	buf_str(&b, prefix);
	/* demandes 1-3 and 4-6 have the same identities, in turn: 4 is a
	 * doublon of 1, 5 of 2, 6 of 3; 7 is nobody's */
	for (int k = first; k <= last; k++)
		buf_printf(&b, "<n:demande><n:demandeLogement><n:numGuichet>G0417</n:numGuichet>"
		           "<n:numUnique>074032500%04dG0417</n:numUnique>"
		           "<n:dateCreationDemande>2025-03-05</n:dateCreationDemande>"
		           "<n:personnePhysique><n:demandeur><n:nom>Nom%d</n:nom><n:prenom>Alice</n:prenom>"
		           "<n:dateNaissance>1980-01-01</n:dateNaissance></n:demandeur></n:personnePhysique>"
		           "</n:demandeLogement><s:suivi xmlns:s=\"urn:sne:suivi:1\"><s:etat>active</s:etat>"
		           "<s:historique><s:evenement type=\"creation\" date=\"2026-11-0%d\" guichet=\"G0417\"/>"
		           "</s:historique></s:suivi></n:demande>\n",
		           k, k == 7 ? 7 : (k - 1) % 3 + 1, k);
	buf_str(&b, "</n:interfaceNuu>\n");
	if (fd < 0 || write(fd, b.data, b.len) != (ssize_t)b.len || close(fd) != 0)
		abort();
	in = sne_input_open(path);
	CHECK(sne_stream_run(in, &spec) == 0, "demandes %d à %d comptées", first, last);
	sne_input_close(in);
	unlink(path);
	free(b.data);
}

static void test_join(void)
{
	/* every indicator but CONTROLE (no schema here) */
	struct sne_stats_options o = { .du = d(2026, 11, 1), .au = d(2026, 11, 30),
	                               .today = d(2026, 12, 2),
	                               .indicateurs = ~(1u << (SNE_STATS_I_CONTROLE -
	                                                       SNE_STATS_I_ATTENTE)) };
	struct sne_stats *one = sne_stats_new(&o), *joined = sne_stats_new(&o), *parts[3];
	int cuts[4] = { 1, 3, 6, 7 };

	count_demandes(one, 1, 7);
	o.partie = 1;
	for (int i = 0; i < 3; i++) {
		parts[i] = sne_stats_new(&o);
		count_demandes(parts[i], cuts[i] + (i > 0), cuts[i + 1]);
		sne_stats_join(joined, parts[i]);
		sne_stats_free(parts[i]);
	}
	sne_stats_finish(one);
	sne_stats_finish(joined);
	CHECK(sne_stats_demandes(joined) == 7, "7 demandes en trois parties");
	CHECK(sne_stats_valeur(one, sne_stats_nlignes(one), 1, SNE_STATS_I_DOUBLON) == 3,
	      "une lecture : 3 doublons (%llu)",
	      (unsigned long long)sne_stats_valeur(one, sne_stats_nlignes(one), 1, SNE_STATS_I_DOUBLON));
	CHECK(sne_stats_nlignes(joined) == sne_stats_nlignes(one), "les mêmes lignes");
	for (size_t r = 0; r <= sne_stats_nlignes(one); r++)
		for (int m = 0; m < SNE_STATS_NMESURES; m++)
			for (int i = 0; i <= sne_stats_nmois(one); i++)
				if (sne_stats_valeur(one, r, i, m) != sne_stats_valeur(joined, r, i, m))
					CHECK(0, "ligne %zu, mois %d, %s : %llu en parties, %llu en une lecture",
					      r, i, sne_stats_mesures[m].code,
					      (unsigned long long)sne_stats_valeur(joined, r, i, m),
					      (unsigned long long)sne_stats_valeur(one, r, i, m));
	CHECK(sne_stats_valeur(joined, sne_stats_nlignes(joined), 1, SNE_STATS_V_CREATION_GUICHET) == 7,
	      "parties : 7 créations en novembre");
	sne_stats_free(one);
	sne_stats_free(joined);
}

int main(void)
{
	test_join();
	test_nombre();
	test_mesures();
	test_period();
	return check_done();
}
