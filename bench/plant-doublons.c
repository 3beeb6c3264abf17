/* plant-doublons: plants near doublons in a register, for measuring the
 * recall and precision of sne-fix --doublons (bench/doublons-rappel).
 *
 * Every Nth active demande of the register gets a twin right after it: the
 * same record under a new numéro (same territory and month, sequence from
 * 900000), its demandeur's identity changed by one of the kinds the listing
 * looks for, in turn: identite (unchanged), inversion (nom and prénom
 * swapped), prenom-coupe (the twin's prénom compounded: "Paul" and
 * "Paul-Marie"), une-lettre (one letter of the nom changed), patronymique
 * (the twin has another nom and the original's as nom patronymique).  The
 * truth goes to a TSV file: kind, numéro of the original, of the twin. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/demande.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/numero.h"
#include "sne/stream.h"
#include "sne/stop.h"

enum { F_NUMERO, F_NOM, F_PRENOM, F_NAISSANCE, F_ETAT, F_COUNT };

static const char *const fields[F_COUNT] = {
	[F_NUMERO] = SNE_F_NUM_UNIQUE,
	[F_NOM] = SNE_F_NOM,
	[F_PRENOM] = SNE_F_PRENOM,
	[F_NAISSANCE] = SNE_F_DATE_NAISSANCE,
	[F_ETAT] = SNE_F_ETAT,
};

static const char *const kinds[] = {
	"identite", "inversion", "prenom-coupe", "une-lettre", "patronymique"
};

struct plant {
	struct sne_output *out;
	FILE *truth;
	unsigned long every, seen, planted;
};

/* The nom with its middle letter changed (ASCII letters only; another
 * byte is left and the letter after it is taken). */
static void one_letter(const char *nom, char *out, size_t size)
{
	size_t n = strlen(nom), i = n / 2;

	snprintf(out, size, "%s", nom);
	while (i < n && !((out[i] >= 'a' && out[i] <= 'z') || (out[i] >= 'A' && out[i] <= 'Z')))
		i++;
	if (i < n)
		out[i] = out[i] == 'x' || out[i] == 'X' ? 'z' : 'x';
}

static int is_candidate(const struct sne_record *rec)
{
	const char *etat = sne_record_get(rec, F_ETAT);

	return etat != NULL && strcmp(etat, "active") == 0 && sne_record_get(rec, F_NUMERO) &&
	       sne_record_get(rec, F_NOM) && sne_record_get(rec, F_PRENOM) &&
	       sne_record_get(rec, F_NAISSANCE);
}

static void edit_twin(struct sne_record *rec, const char *kind, const char *nom,
                      const char *prenom)
{
	char text[1024];
	const struct sne_value *vn = sne_record_value(rec, F_NOM, 0);
	const struct sne_value *vp = sne_record_value(rec, F_PRENOM, 0);

	if (strcmp(kind, "inversion") == 0) {
		sne_record_set_text(rec, vn, prenom);
		sne_record_set_text(rec, vp, nom);
	} else if (strcmp(kind, "prenom-coupe") == 0) {
		snprintf(text, sizeof text, "%s-Marie", prenom);
		sne_record_set_text(rec, vp, text);
	} else if (strcmp(kind, "une-lettre") == 0) {
		one_letter(nom, text, sizeof text);
		sne_record_set_text(rec, vn, text);
	} else if (strcmp(kind, "patronymique") == 0) {
		size_t len;
		const char *bytes = sne_record_bytes(rec, &len);
		size_t name = strcspn(bytes + vn->element.start + 1, ">");
		char prefix[64] = "";
		const char *colon = memchr(bytes + vn->element.start + 1, ':', name);

		if (colon != NULL)
			snprintf(prefix, sizeof prefix, "%.*s",
			         (int)(colon + 1 - (bytes + vn->element.start + 1)),
			         bytes + vn->element.start + 1);
		sne_record_set_text(rec, vn, strcmp(nom, "Lambert") == 0 ? "Vasseur" : "Lambert");
		snprintf(text, sizeof text, "<%snomPatronymique>%s</%snomPatronymique>", prefix, nom,
		         prefix);
		sne_record_insert(rec, vn->element.end, text, strlen(text));
	}
}

static int on_record(struct sne_record *rec, void *ctx)
{
	struct plant *p = ctx;
	struct sne_numero numero;
	char twin[SNE_NUMERO_SIZE], nom[256], prenom[256];
	const char *kind;

	if (sne_record_emit(rec, p->out) != 0)
		return SNE_EX_IOERR;
	if (!is_candidate(rec) || ++p->seen % p->every != 0 ||
	    sne_numero_parse(sne_record_get(rec, F_NUMERO), &numero, NULL, 0) != 0)
		return 0;
	kind = kinds[p->planted % (sizeof kinds / sizeof kinds[0])];
	snprintf(nom, sizeof nom, "%s", sne_record_get(rec, F_NOM));
	snprintf(prenom, sizeof prenom, "%s", sne_record_get(rec, F_PRENOM));
	fprintf(p->truth, "%s\t%s\t", kind, sne_record_get(rec, F_NUMERO));
	numero.sequence = 900000 + (long)p->planted++;
	sne_numero_format(&numero, twin);
	fprintf(p->truth, "%s\n", twin);
	sne_record_set_text(rec, sne_record_value(rec, F_NUMERO, 0), twin);
	edit_twin(rec, kind, nom, prenom);
	if (sne_output_puts(p->out, "\n  ") != 0 || sne_record_write_bytes(rec, p->out) != 0)
		return SNE_EX_IOERR;
	return 0;
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct plant *p = ctx;

	return sne_output_emit(p->out, bytes, len);
}

static int plant_doublons(int argc, char **argv)
{
	struct plant p = { .every = 20 };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = SNE_DEMANDE_NAME,
		.envelope = &sne_envelope_interface,
		.fields = fields, .nfields = F_COUNT,
		.on_record = on_record, .on_tail = on_tail, .ctx = &p,
	};
	const char *truth = NULL;
	int opt, rc;

	sne_err_init(argv[0]);
	while ((opt = getopt(argc, argv, "t:v:")) != -1) {
		if (opt == 't')
			p.every = strtoul(optarg, NULL, 10);
		else if (opt == 'v')
			truth = optarg;
		else
			return SNE_EX_USAGE;
	}
	if (truth == NULL || optind + 1 != argc || p.every == 0) {
		fprintf(stderr, "usage : plant-doublons [-t N] -v VERITE.tsv REGISTRE > SORTIE.xml\n");
		return SNE_EX_USAGE;
	}
	if ((p.truth = fopen(truth, "w")) == NULL)
		sne_die(SNE_EX_CANTCREAT, "%s:", truth);
	p.out = sne_output_stdout();
	rc = sne_stream_run_path(argv[optind], &spec, "ouverture impossible");
	if (sne_output_close(p.out) != 0 || fclose(p.truth) != 0)
		rc = SNE_EX_IOERR;
	if (rc == 0)
		fprintf(stderr, "plant-doublons: %lu doublons plantés\n", p.planted);
	return rc;
}

int main(int argc, char **argv)
{
	return sne_stop_catch(plant_doublons, argc, argv);
}
