/* Which notices are due on a day: préavis schedule, channels, catch-up,
 * attestations. */
#include <string.h>

#include "check.h"
#include "sne/preavis.h"

static const struct sne_preavis_rule schedule[] = {
	{ 2, SNE_CANAL_SMS | SNE_CANAL_COURRIEL },
	{ 1, SNE_CANAL_COURRIER | SNE_CANAL_SMS },
};

static struct sne_date d(int y, int m, int day)
{
	return (struct sne_date){ y, m, day };
}

/* An active guichet demande with every contact valid, anniversary A. */
static struct sne_preavis_faits active(struct sne_date a)
{
	struct sne_preavis_faits f;

	memset(&f, 0, sizeof f);
	f.active = 1;
	f.has_anniversaire = 1;
	f.anniversaire = a;
	f.adresse = 1;
	f.mobile = SNE_CONTACT_VALIDE;
	f.courriel = SNE_CONTACT_VALIDE;
	return f;
}

/* The notices due as "type:canaux" words, e.g. "preavis-2-mois:se", or
 * "type=remplace" for a superseded préavis. */
static const char *due(const struct sne_preavis_faits *f, struct sne_date today)
{
	static char buf[512];
	struct sne_notice n[SNE_NOTICE_MAX];
	size_t count = sne_preavis_dus(f, schedule, 2, today, n);

	buf[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		size_t len = strlen(buf);
		int written =
		snprintf(buf + len, sizeof buf - len, "%s%s%s%s%s%s", i ? " " : "", n[i].type,
		         n[i].remplace ? "=remplace" : ":", n[i].canaux & SNE_CANAL_SMS ? "s" : "",
		         n[i].canaux & SNE_CANAL_COURRIEL ? "e" : "",
		         n[i].canaux & SNE_CANAL_COURRIER ? "l" : "");
		if (written < 0 || (size_t)written >= sizeof buf - len)
			break;
	}
	return buf;
}

static void test_window_edges(void)
{
	struct sne_preavis_faits f = active(d(2018, 3, 5));

	CHECK_STR(due(&f, d(2018, 1, 4)), "", "la veille des 2 mois : rien");
	CHECK_STR(due(&f, d(2018, 1, 5)), "preavis-2-mois:se", "à 2 mois : SMS et courriel");
	CHECK_STR(due(&f, d(2018, 2, 4)), "preavis-2-mois:se", "rattrapage avant 1 mois");
	CHECK_STR(due(&f, d(2018, 2, 5)), "preavis-2-mois=remplace preavis-1-mois:sl",
	          "à 1 mois : lettre et SMS (2 mois non envoyé : remplacé)");
	CHECK_STR(due(&f, d(2018, 3, 5)), "preavis-2-mois=remplace preavis-1-mois:sl",
	          "le jour anniversaire : encore dû");
	CHECK_STR(due(&f, d(2018, 3, 6)), "preavis-2-mois=remplace preavis-1-mois:sl",
	          "rattrapage après l'anniversaire : 1 mois encore dû");
	CHECK_STR(due(&f, d(2018, 4, 4)), "preavis-2-mois=remplace preavis-1-mois:sl",
	          "rattrapage la veille de la radiation (anniversaire + 1 mois)");
	CHECK_STR(due(&f, d(2018, 4, 5)), "", "le jour de la radiation : plus de préavis");
}

static void test_month_ends(void)
{
	struct sne_preavis_faits f = active(d(2018, 3, 31));

	CHECK_STR(due(&f, d(2018, 1, 30)), "", "31 mars : rien le 30 janvier");
	CHECK_STR(due(&f, d(2018, 1, 31)), "preavis-2-mois:se", "31 mars : 2 mois le 31 janvier");
	CHECK_STR(due(&f, d(2018, 2, 27)), "preavis-2-mois:se", "31 mars : 1 mois pas le 27/02");
	CHECK_STR(due(&f, d(2018, 2, 28)), "preavis-2-mois=remplace preavis-1-mois:sl",
	          "31 mars : 1 mois le 28 février");
	f = active(d(2018, 5, 31));
	CHECK_STR(due(&f, d(2018, 4, 29)), "preavis-2-mois:se", "31 mai : rien à 1 mois le 29/04");
	CHECK_STR(due(&f, d(2018, 4, 30)), "preavis-2-mois=remplace preavis-1-mois:sl",
	          "31 mai : 1 mois le 30 avril");
	f = active(d(2020, 4, 29));
	CHECK_STR(due(&f, d(2020, 2, 28)), "", "29 avril 2020 : rien le 28 février");
	CHECK_STR(due(&f, d(2020, 2, 29)), "preavis-2-mois:se", "29 avril 2020 : 2 mois le 29/02");
	f = active(d(2017, 2, 28));
	CHECK_STR(due(&f, d(2017, 1, 27)), "preavis-2-mois:se", "28/02/2017 : pas de 1 mois le 27/01");
	CHECK_STR(due(&f, d(2017, 1, 28)), "preavis-2-mois=remplace preavis-1-mois:sl",
	          "28/02/2017 (dépôt du 29/02/2016) : 1 mois le 28 janvier");
}

static void test_already_sent(void)
{
	struct sne_preavis_faits f = active(d(2018, 3, 5));
	struct sne_preavis_envoi sent[] = {
		{ "preavis-2-mois", { 2018, 1, 5 }, 1, { 2018, 3, 5 } },
		{ "preavis-1-mois", { 2017, 2, 5 }, 1, { 2017, 3, 5 } },
	};

	f.envois = sent;
	f.nenvois = 2;
	CHECK_STR(due(&f, d(2018, 2, 5)), "preavis-1-mois:sl",
	          "2 mois déjà envoyé pour cet anniversaire ; 1 mois de l'an passé ignoré");
	sent[0].anniversaire = d(2017, 3, 5);
	CHECK_STR(due(&f, d(2018, 1, 6)), "preavis-2-mois:se",
	          "un envoi pour l'anniversaire précédent n'empêche pas celui-ci");
	sent[0].has_anniversaire = 0;
	sent[0].date = d(2018, 1, 5);
	CHECK_STR(due(&f, d(2018, 1, 6)), "", "envoi ancien sans anniversaire : compté pour ce cycle");
	sent[0].date = d(2017, 3, 5);
	CHECK_STR(due(&f, d(2018, 1, 6)), "preavis-2-mois:se",
	          "envoi sans anniversaire de l'an passé : pas compté");
}

static void test_not_active(void)
{
	struct sne_preavis_faits f = active(d(2018, 3, 5));

	f.active = 0;
	CHECK_STR(due(&f, d(2018, 2, 5)), "", "demande non active : rien");
	f.active = 1;
	f.has_anniversaire = 0;
	CHECK_STR(due(&f, d(2018, 2, 5)), "", "sans anniversaire : pas de préavis");
}

static void test_channels(void)
{
	struct sne_preavis_faits f = active(d(2018, 3, 5));
	struct sne_date one_month = d(2018, 2, 5);
	struct sne_notice n[SNE_NOTICE_MAX];

	f.origine_pgp = 1;
	CHECK_STR(due(&f, one_month), "preavis-2-mois=remplace preavis-1-mois:se",
	          "déposée en ligne : courriel au lieu de la lettre");
	f.origine_pgp = 0;
	f.renouvele_en_ligne = 1;
	CHECK_STR(due(&f, one_month), "preavis-2-mois=remplace preavis-1-mois:se",
	          "renouvelée en ligne : courriel au lieu de la lettre");
	f.courriel = SNE_CONTACT_INVALIDE;
	CHECK_STR(due(&f, one_month), "preavis-2-mois=remplace preavis-1-mois:sl",
	          "en ligne sans courriel valide : lettre");
	CHECK(sne_preavis_dus(&f, schedule, 2, one_month, n) == 2 &&
	      n[0].remplace && n[0].manques == 0 && n[1].manques == SNE_CANAL_COURRIEL,
	      "courriel invalide compté dans les manques");
	f = active(d(2018, 3, 5));
	f.etranger = 1;
	CHECK_STR(due(&f, one_month), "preavis-2-mois=remplace preavis-1-mois:e",
	          "à l'étranger : ni lettre ni SMS, courriel à la place de la lettre");
	f.courriel = SNE_CONTACT_ABSENT;
	CHECK_STR(due(&f, one_month), "preavis-2-mois=remplace preavis-1-mois:",
	          "à l'étranger sans courriel : aucun canal");
	f = active(d(2018, 3, 5));
	f.mobile = SNE_CONTACT_INVALIDE;
	f.courriel = SNE_CONTACT_ABSENT;
	CHECK_STR(due(&f, one_month), "preavis-2-mois=remplace preavis-1-mois:l",
	          "mobile invalide : pas de SMS");
	CHECK(sne_preavis_dus(&f, schedule, 2, one_month, n) == 2 &&
	      n[0].remplace && n[0].manques == 0 && n[1].manques == SNE_CANAL_SMS,
	      "mobile invalide compté");
	f.adresse = 0;
	f.courriel = SNE_CONTACT_VALIDE;
	CHECK_STR(due(&f, one_month), "preavis-2-mois=remplace preavis-1-mois:e",
	          "sans adresse postale : courriel au lieu de la lettre");
}

/* A préavis 2 mois already sent: the 1-month one alone, no superseded. */
static void test_one_step_at_a_time(void)
{
	struct sne_preavis_faits f = active(d(2018, 3, 5));
	struct sne_preavis_envoi sent[] = {
		{ "preavis-2-mois", { 2018, 1, 5 }, 1, { 2018, 3, 5 } },
		{ "preavis-1-mois", { 2018, 3, 10 }, 1, { 2018, 3, 5 } },
	};

	f.envois = sent;
	f.nenvois = 1;
	CHECK_STR(due(&f, d(2018, 3, 10)), "preavis-1-mois:sl",
	          "2 mois envoyé : rattrapage du 1 mois seul après l'anniversaire");
	f.nenvois = 2;
	CHECK_STR(due(&f, d(2018, 3, 11)), "", "1 mois envoyé : plus rien");
	f.envois = sent + 1;
	f.nenvois = 1;
	CHECK_STR(due(&f, d(2018, 3, 11)), "",
	          "1 mois envoyé, 2 mois jamais inscrit : rien à remplacer après coup");
}

static void test_injoignable(void)
{
	struct sne_preavis_faits f = active(d(2018, 3, 5));

	CHECK(!sne_preavis_injoignable(&f), "tous les contacts : joignable");
	f.mobile = SNE_CONTACT_INVALIDE;
	f.courriel = SNE_CONTACT_ABSENT;
	CHECK(!sne_preavis_injoignable(&f), "adresse postale seule : joignable par lettre");
	f.etranger = 1;
	CHECK(sne_preavis_injoignable(&f), "à l'étranger sans courriel : injoignable");
	f.mobile = SNE_CONTACT_VALIDE;
	CHECK(sne_preavis_injoignable(&f), "à l'étranger, un mobile ne suffit pas (pas de SMS)");
	f.courriel = SNE_CONTACT_VALIDE;
	CHECK(!sne_preavis_injoignable(&f), "à l'étranger avec courriel : joignable");
}

static void test_configured_schedule(void)
{
	static const struct sne_preavis_rule three[] = {
		{ 3, SNE_CANAL_COURRIEL },
	};
	struct sne_preavis_faits f = active(d(2018, 3, 5));
	struct sne_notice n[SNE_NOTICE_MAX];

	CHECK(sne_preavis_dus(&f, three, 1, d(2017, 12, 4), n) == 0, "3 mois : rien la veille");
	CHECK(sne_preavis_dus(&f, three, 1, d(2017, 12, 5), n) == 1 &&
	      strcmp(n[0].type, "preavis-3-mois") == 0 && n[0].canaux == SNE_CANAL_COURRIEL,
	      "calendrier configuré : preavis-3-mois par courriel");
	CHECK(sne_preavis_dus(&f, three, 0, d(2018, 2, 5), n) == 0, "calendrier vide : rien");
}

static void test_attestations(void)
{
	struct sne_preavis_faits f = active(d(2018, 3, 5));
	struct sne_preavis_evenement events[] = {
		{ { 2017, 3, 5 }, 0, 0 },
		{ { 2017, 4, 1 }, 1, 0 },
	};
	struct sne_preavis_envoi sent[] = {
		{ "attestation-renouvellement", { 2017, 4, 2 }, 0, { 0, 0, 0 } },
	};

	f.has_anniversaire = 0;
	f.evenements = events;
	f.nevenements = 2;
	CHECK_STR(due(&f, d(2017, 3, 31)), "", "création du 5 mars 2017 : avant le 1er avril, rien");
	CHECK_STR(due(&f, d(2017, 4, 1)), "attestation-renouvellement:l",
	          "renouvellement du 1er avril 2017 : attesté par lettre");
	CHECK_STR(due(&f, d(2017, 5, 1)), "attestation-renouvellement:l",
	          "dernier jour du mois légal");
	CHECK_STR(due(&f, d(2017, 5, 2)), "", "au-delà du mois : plus d'attestation");
	f.nenvois = 1;
	f.envois = sent;
	CHECK_STR(due(&f, d(2017, 4, 10)), "", "déjà attesté : rien");
	events[1].en_ligne = 1;
	f.nenvois = 0;
	CHECK_STR(due(&f, d(2017, 4, 10)), "attestation-renouvellement:e",
	          "renouvelée en ligne : courriel");
	events[0].date = d(2017, 4, 3);
	events[1].date = d(2017, 4, 5);
	CHECK_STR(due(&f, d(2017, 4, 2)), "", "événement futur : rien");
	CHECK_STR(due(&f, d(2017, 4, 5)), "attestation-enregistrement:l attestation-renouvellement:e",
	          "enregistrement et renouvellement : deux attestations");
	f.origine_pgp = 1;
	CHECK_STR(due(&f, d(2017, 4, 5)), "attestation-enregistrement:e attestation-renouvellement:e",
	          "créée en ligne : courriels");
	f.active = 0;
	CHECK_STR(due(&f, d(2017, 4, 5)), "", "demande radiée : pas d'attestation");
}

static void test_one_attestation_for_creation_and_validation(void)
{
	struct sne_preavis_faits f = active(d(2018, 4, 10));
	struct sne_preavis_evenement events[] = {
		{ { 2017, 4, 2 }, 0, 0 },
		{ { 2017, 4, 10 }, 0, 0 },
	};
	struct sne_notice n[SNE_NOTICE_MAX];

	f.evenements = events;
	f.nevenements = 2;
	CHECK(sne_preavis_dus(&f, schedule, 2, d(2017, 4, 10), n) == 1 &&
	      sne_date_cmp(n[0].evenement, d(2017, 4, 10)) == 0,
	      "création puis validation : une attestation, de la validation");
}

/* The columns of the SQLite register: the steps recorded for the
 * anniversary (as sne_preavis_dus() counts one sent), whatever the
 * schedule, and the latest event whose attestation is awaited. */
static void test_store_columns(void)
{
	struct sne_preavis_faits f = active(d(2018, 3, 5));
	struct sne_preavis_envoi sent[] = {
		{ "preavis-2-mois", { 2018, 1, 5 }, 1, { 2018, 3, 5 } },
		{ "preavis-1-mois", { 2017, 2, 5 }, 1, { 2017, 3, 5 } },
		{ "preavis-12-mois", { 2017, 3, 6 }, 0, { 0, 0, 0 } },
		{ "preavis-13-mois", { 2017, 3, 6 }, 1, { 2018, 3, 5 } },
		{ "preavis-2-moisx", { 2017, 3, 6 }, 1, { 2018, 3, 5 } },
		{ "attestation-renouvellement", { 2017, 4, 12 }, 0, { 0, 0, 0 } },
	};
	struct sne_preavis_evenement events[] = {
		{ { 2017, 3, 5 }, 0, 0 },
		{ { 2017, 4, 10 }, 1, 0 },
		{ { 2017, 4, 11 }, 0, 0 },
	};
	struct sne_date attendue = { 0, 0, 0 };

	CHECK(sne_preavis_envoyes(&f) == 0, "aucun envoi : aucun pas inscrit");
	f.envois = sent;
	f.nenvois = 6;
	/* 2 months for this A; 1 month of last year's A: not; 12 months
	 * without anniversaire, dated in the year before A: counted, as
	 * sne_preavis_dus counts it; 13 months and a malformed type: not */
	CHECK(sne_preavis_envoyes(&f) == ((1u << 1) | (1u << 11)),
	      "les pas inscrits pour cet anniversaire : 2 et 12 mois (%#x)", sne_preavis_envoyes(&f));
	f.has_anniversaire = 0;
	CHECK(sne_preavis_envoyes(&f) == 0, "sans anniversaire : aucun");
	CHECK(sne_attestation_attendue(&f, &attendue) == 0, "sans événement : aucune attestation attendue");
	f.evenements = events;
	f.nevenements = 3;
	/* the creation of 2017-03-05 is before 2017-04-01; the renewal of
	 * 04-10 is attested on 04-12; the validation of 04-11 is not */
	CHECK(sne_attestation_attendue(&f, &attendue) == 1 &&
	      sne_date_cmp(attendue, d(2017, 4, 11)) == 0,
	      "la dernière attestation attendue : la validation du 11 avril 2017");
	events[2].date = d(2017, 4, 13);
	events[2].renouvellement = 1;
	CHECK(sne_attestation_attendue(&f, &attendue) == 1 &&
	      sne_date_cmp(attendue, d(2017, 4, 13)) == 0,
	      "un renouvellement après l'attestation du précédent : attendu");
	events[2].date = d(2017, 4, 12);
	CHECK(sne_attestation_attendue(&f, &attendue) == 0,
	      "attesté le jour même de l'événement : plus rien d'attendu");
}

int main(void)
{
	test_window_edges();
	test_month_ends();
	test_already_sent();
	test_not_active();
	test_channels();
	test_one_step_at_a_time();
	test_injoignable();
	test_configured_schedule();
	test_attestations();
	test_one_attestation_for_creation_and_validation();
	test_store_columns();
	return check_done();
}
