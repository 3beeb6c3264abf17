/* Merging a pair of doublons. */
#include "sne/fusion.h"

#include <stdio.h>
#include <string.h>

#include "sne/demande.h"
#include "sne/err.h"
#include "sne/suivi.h"

void sne_fusion_init(struct sne_fusion *f, const char *garde, const char *radiee,
                     const struct sne_correction *who)
{
	memset(f, 0, sizeof *f);
	snprintf(f->garde.numero, sizeof f->garde.numero, "%s", garde);
	snprintf(f->radiee.numero, sizeof f->radiee.numero, "%s", radiee);
	f->who = who;
}

/* The canonical numéro of REC into OUT, or "" when it has none. */
static void numero_of(const struct sne_record *rec, char out[SNE_NUMERO_SIZE])
{
	const char *text = sne_record_get(rec, SNE_CORR_NUM_UNIQUE);
	struct sne_numero numero;

	out[0] = '\0';
	if (text != NULL && sne_numero_parse(text, &numero, NULL, 0) == 0)
		sne_numero_format(&numero, out);
}

static void copy_field(char *out, size_t size, const struct sne_record *rec, size_t field)
{
	const char *text = sne_record_get(rec, field);

	snprintf(out, size, "%s", text ? text : "");
}

static void remember(struct sne_fusion_demande *d, const struct sne_record *rec)
{
	const char *depot = sne_record_get(rec, SNE_CORR_DATE_CREATION);

	d->found = 1;
	copy_field(d->etat, sizeof d->etat, rec, SNE_CORR_ETAT);
	copy_field(d->motif, sizeof d->motif, rec, SNE_CORR_RADIATION_MOTIF);
	copy_field(d->fusion_avec, sizeof d->fusion_avec, rec, SNE_CORR_FUSION_AVEC);
	d->has_depot = depot != NULL && sne_date_parse_iso(depot, &d->depot, NULL, 0) == 0;
}

static int lookup_record(struct sne_record *rec, void *ctx)
{
	struct sne_fusion *f = ctx;
	char numero[SNE_NUMERO_SIZE];

	numero_of(rec, numero);
	if (strcmp(numero, f->garde.numero) == 0 && !f->garde.found)
		remember(&f->garde, rec);
	else if (strcmp(numero, f->radiee.numero) == 0 && !f->radiee.found)
		remember(&f->radiee, rec);
	return f->garde.found && f->radiee.found ? SNE_STREAM_STOP : 0;
}

int sne_fusion_lookup(struct sne_fusion *f, const char *path)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.record_name = SNE_DEMANDE_NAME,
		.envelope = &sne_envelope_interface,
		.fields = sne_correction_fields,
		.nfields = SNE_CORR_NFIELDS,
		.text_only = 1,
		.on_record = lookup_record,
		.ctx = f,
	};

	return sne_stream_run_path(path, &spec, "ouverture du registre impossible");
}

static int same_territory(const struct sne_fusion *f)
{
	return strncmp(f->garde.numero, f->radiee.numero, 3) == 0;
}

enum sne_correction_result sne_fusion_check(const struct sne_fusion *f, char *why,
                                            size_t why_size)
{
	const struct sne_fusion_demande *g = &f->garde, *r = &f->radiee;

	if (!g->found || !r->found) {
		sne_why(why, why_size, "demande %s absente du registre : vérifiez le numéro",
		        g->found ? r->numero : g->numero);
		return SNE_CORRECTION_REFUSEE;
	}
	if (strcmp(r->etat, "radiee") == 0 && strcmp(r->motif, "fusion") == 0 &&
	    strcmp(r->fusion_avec, g->numero) == 0) {
		sne_why(why, why_size, "aucun changement : la demande %s est déjà radiée par fusion "
		        "avec la demande %s", r->numero, g->numero);
		return SNE_CORRECTION_INCHANGEE;
	}
	if (strcmp(g->etat, "active") != 0 || strcmp(r->etat, "active") != 0) {
		const struct sne_fusion_demande *d = strcmp(g->etat, "active") != 0 ? g : r;
		sne_why(why, why_size, "demande %s %s%s%s : une fusion réunit deux demandes actives ; "
		        "réactivez-la d'abord (sne-fix --reactiver) si sa radiation était une erreur",
		        d->numero, d->etat[0] ? d->etat : "sans état", d->motif[0] ? " motif " : "",
		        d->motif);
		return SNE_CORRECTION_REFUSEE;
	}
	if (!same_territory(f)) {
		sne_why(why, why_size, "les demandes %s et %s sont de deux territoires : une fusion "
		        "réunit deux demandes du même territoire", g->numero, r->numero);
		return SNE_CORRECTION_REFUSEE;
	}
	if (!g->has_depot || !r->has_depot) {
		sne_why(why, why_size, "date de dépôt illisible dans la demande %s : corrigez-la "
		        "d'abord (sne-fix --date-depot)", g->has_depot ? r->numero : g->numero);
		return SNE_CORRECTION_REFUSEE;
	}
	sne_why(why, why_size, "demande %s radiée par fusion avec la demande %s", r->numero,
	        g->numero);
	return SNE_CORRECTION_FAITE;
}

static void keep(const struct sne_fusion *f, struct sne_record *rec, struct sne_suivi *suivi)
{
	sne_suivi_node *event = sne_correction_evenement(suivi, f->who, "fusion");
	const struct sne_value *depot = sne_record_value(rec, SNE_CORR_DATE_CREATION, 0);

	sne_suivi_set_attr(event, "radiee", f->radiee.numero);
	if (depot != NULL && sne_date_cmp(f->radiee.depot, f->garde.depot) < 0) {
		char iso[SNE_DATE_ISO_SIZE];

		sne_date_format(f->radiee.depot, iso);
		sne_suivi_set_attr(event, "depot-avant", depot->text);
		sne_suivi_set_attr(event, "depot", iso);
		sne_record_set_text(rec, depot, iso);
	}
}

static void radiate(const struct sne_fusion *f, struct sne_suivi *suivi)
{
	sne_suivi_node *node = sne_suivi_ensure(suivi, "radiation");

	sne_suivi_set_date(node, "date", f->who->today);
	sne_suivi_set_attr(node, "motif", "fusion");
	sne_suivi_set_attr(node, "fusion-avec", f->garde.numero);
	sne_suivi_set_text(suivi, "etat", "radiee");
	node = sne_correction_evenement(suivi, f->who, "radiation");
	sne_suivi_set_attr(node, "motif", "fusion");
	sne_suivi_set_attr(node, "fusion-avec", f->garde.numero);
}

int sne_fusion_apply(const struct sne_fusion *f, struct sne_record *rec, char *why,
                     size_t why_size)
{
	char numero[SNE_NUMERO_SIZE];
	int is_garde, is_radiee;
	struct sne_suivi *suivi;

	numero_of(rec, numero);
	is_garde = strcmp(numero, f->garde.numero) == 0;
	is_radiee = strcmp(numero, f->radiee.numero) == 0;
	if (!is_garde && !is_radiee)
		return 0;
	if ((suivi = sne_suivi_load(rec, SNE_CORR_SUIVI)) == NULL) {
		sne_why(why, why_size, "élément suivi illisible ; corrigez la demande à la main");
		return -1;
	}
	if (is_garde)
		keep(f, rec, suivi);
	else
		radiate(f, suivi);
	sne_suivi_touch(suivi, f->who->today, f->who->guichet);
	sne_suivi_store(suivi, rec);
	sne_suivi_free(suivi);
	return 1;
}
