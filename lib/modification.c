/* Modification files applied to the register in one pass. */
#include "sne/modification.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/check.h"
#include "sne/copy.h"
#include "sne/demande.h"
#include "sne/envelope.h"
#include "sne/err.h"
#include "sne/identite.h"
#include "sne/io.h"
#include "sne/numero.h"
#include "sne/selection.h"
#include "sne/suivi.h"

#define NO_MOD SIZE_MAX

/* One modification read from a MOD file. */
struct mod {
	char numero[SNE_NUMERO_SIZE];
	char *record;            /* the demande record as it came in */
	size_t len;
	char *decls;             /* namespace declarations in scope at it */
	const char *source;      /* borrowed from mods->sources */
	long line;
	size_t rank;
	/* where the register's own facts go, as offsets in record */
	struct sne_span dl;      /* the demandeLogement element */
	struct sne_span ng, nu, dc; /* numGuichet, numUnique, dateCreationDemande contents */
	struct sne_span nu_element;
	int has_ng, has_dc;
	char prefix[64];         /* of demandeLogement: "ns1:" or "" */
	char *indent;            /* before numUnique */
	/* what the checks compare */
	char *civilite, *nom, *prenom, *naissance, *depot;
	char territoire[SNE_TERRITOIRE_SIZE];
	enum sne_modification_issue issue;
	char why[SNE_WHY_MAX * 2];
	size_t next;             /* next modification of this numéro, or NO_MOD */
};

struct slot {
	char numero[SNE_NUMERO_SIZE]; /* "" when empty */
	size_t first, last;
	int seen;
};

struct sne_modifications {
	struct sne_date today;
	const char *guichet;
	sne_modification_report report;
	void *ctx;
	struct mod *mods;
	size_t count, capacity;
	struct slot *slots;
	size_t nslots, used;     /* nslots a power of two */
	char **sources;
	size_t nsources;
};

static char *dup_text(const char *text)
{
	char *copy;

	if (text == NULL)
		return NULL;
	if ((copy = strdup(text)) == NULL)
		abort();
	return copy;
}

struct sne_modifications *sne_modifications_new(struct sne_date today, const char *guichet,
                                                sne_modification_report report, void *ctx)
{
	struct sne_modifications *m = calloc(1, sizeof *m);

	if (m == NULL)
		abort();
	m->today = today;
	m->guichet = guichet;
	m->report = report;
	m->ctx = ctx;
	return m;
}

static void mod_free(struct mod *mod)
{
	free(mod->record);
	free(mod->decls);
	free(mod->indent);
	free(mod->civilite);
	free(mod->nom);
	free(mod->prenom);
	free(mod->naissance);
	free(mod->depot);
}

void sne_modifications_free(struct sne_modifications *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->count; i++)
		mod_free(&m->mods[i]);
	for (size_t i = 0; i < m->nsources; i++)
		free(m->sources[i]);
	free(m->sources);
	free(m->mods);
	free(m->slots);
	free(m);
}

int sne_modifications_select(const struct sne_modifications *m, struct sne_selection *selection,
                             char *why, size_t why_size)
{
	for (size_t i = 0; i < m->nslots; i++)
		if (m->slots[i].numero[0] != '\0' &&
		    sne_selection_add(selection, m->slots[i].numero, why, why_size) != 0)
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* the index by numéro */

static uint64_t hash_numero(const char *numero)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *numero; numero++)
		h = (h ^ (unsigned char)*numero) * 1099511628211ULL;
	return h;
}

static struct slot *slot_of(struct slot *slots, size_t nslots, const char *numero)
{
	size_t i = (size_t)hash_numero(numero) & (nslots - 1);

	while (slots[i].numero[0] != '\0' && strcmp(slots[i].numero, numero) != 0)
		i = (i + 1) & (nslots - 1);
	return &slots[i];
}

static void grow_slots(struct sne_modifications *m)
{
	size_t n = m->nslots ? m->nslots * 2 : 1024;
	struct slot *slots = calloc(n, sizeof *slots);

	if (slots == NULL)
		abort();
	for (size_t i = 0; i < m->nslots; i++)
		if (m->slots[i].numero[0] != '\0')
			*slot_of(slots, n, m->slots[i].numero) = m->slots[i];
	free(m->slots);
	m->slots = slots;
	m->nslots = n;
}

static void index_mod(struct sne_modifications *m, size_t i)
{
	struct slot *s;

	if ((m->used + 1) * 2 > m->nslots)
		grow_slots(m);
	s = slot_of(m->slots, m->nslots, m->mods[i].numero);
	if (s->numero[0] == '\0') {
		memcpy(s->numero, m->mods[i].numero, SNE_NUMERO_SIZE);
		s->first = i;
		m->used++;
	} else {
		m->mods[s->last].next = i;
	}
	s->last = i;
}

static struct slot *find_slot(struct sne_modifications *m, const char *text)
{
	struct sne_numero parsed;
	char canonical[SNE_NUMERO_SIZE];
	struct slot *s;

	if (text == NULL || m->nslots == 0)
		return NULL;
	if (strlen(text) != SNE_NUMERO_LEN) { /* the register writes them canonical */
		if (sne_numero_parse(text, &parsed, NULL, 0) != 0)
			return NULL;
		sne_numero_format(&parsed, canonical);
		text = canonical;
	}
	s = slot_of(m->slots, m->nslots, text);
	return s->numero[0] != '\0' ? s : NULL;
}

/* ------------------------------------------------------------------ */
/* standalone bytes: the namespace declarations a piece uses on its tag */

/* Whether start tag TAG (up to its '>') declares the prefix of
 * declaration DECL (" xmlns:p=..." or " xmlns=..."). */
static int tag_declares(const char *tag, size_t tag_len, const char *decl, size_t decl_len)
{
	size_t name_len = (size_t)((const char *)memchr(decl, '=', decl_len) - decl);

	for (const char *p = tag; (p = memmem(p, tag_len - (size_t)(p - tag), decl, name_len));
	     p += name_len)
		if (p[name_len] == '=' || p[name_len] == ' ')
			return 1;
	return 0;
}

/* BYTES (an element) with the declarations of DECLS its start tag lacks
 * added after its name.  Freed by the caller. */
static char *standalone(const char *bytes, size_t len, const char *decls, size_t *out_len)
{
	size_t name = strcspn(bytes, " \t\r\n/>"), tag = strcspn(bytes, ">");
	size_t cap = len + strlen(decls) + 1, n = name;
	char *out = malloc(cap);

	if (out == NULL)
		abort();
	memcpy(out, bytes, name);
	for (const char *d = strstr(decls, " xmlns"); d; ) {
		const char *next = strstr(d + 1, " xmlns");
		size_t dlen = next ? (size_t)(next - d) : strlen(d);
		if (memchr(d, '=', dlen) != NULL && !tag_declares(bytes, tag, d, dlen)) {
			memcpy(out + n, d, dlen);
			n += dlen;
		}
		d = next;
	}
	memcpy(out + n, bytes + name, len - name);
	n += len - name;
	out[n] = '\0';
	*out_len = n;
	return out;
}

static int report_mod(struct sne_modifications *m, struct mod *mod)
{
	struct sne_modification_info info = {
		mod->numero, mod->source, mod->line, mod->rank, mod->issue, mod->why
	};
	size_t len;
	char *bytes = standalone(mod->record, mod->len, mod->decls, &len);
	int rc = m->report(&info, bytes, len, m->ctx);

	free(bytes);
	return rc;
}

/* ------------------------------------------------------------------ */
/* loading a MOD file */

/* Only modification files (typeFichier MOD), or streams without a type;
 * the envelope's own check (sne_envelope_interface) has refused another
 * versionInterface already.  A file of another type stops the run before
 * the register is read (65), as sne-create does for a file not CRE. */
static int load_head(const struct sne_head *head, void *ctx)
{
	char why[SNE_WHY_MAX * 2];

	(void)ctx;
	if (sne_head_require_type(head, SNE_TYPE_MODIFICATION, "sne-update", why, sizeof why) == 0)
		return 0;
	sne_warn("%s:%ld: %s", head->source, head->line, why);
	return SNE_EX_DATAERR;
}

static struct mod *new_mod(struct sne_modifications *m)
{
	struct mod *mod;

	m->mods = sne_grow(m->mods, m->count, &m->capacity, sizeof *m->mods, 256);
	mod = &m->mods[m->count++];
	memset(mod, 0, sizeof *mod);
	mod->next = NO_MOD;
	return mod;
}

static struct sne_span span_of(const struct sne_value *v, int content)
{
	return content ? v->content : v->element;
}

/* The prefix written in the start tag at BYTES ("<ns1:x" gives "ns1:"). */
static void prefix_of_tag(const char *bytes, char *prefix, size_t size)
{
	size_t n = strcspn(bytes + 1, ": \t\r\n/>");

	if (bytes[1 + n] == ':' && n + 2 <= size)
		snprintf(prefix, size, "%.*s:", (int)n, bytes + 1);
	else
		prefix[0] = '\0';
}

/* Where the register's facts will go, and the texts the checks compare. */
static int locate(struct mod *mod, const struct sne_record *rec)
{
	const struct sne_value *dl = sne_record_value(rec, SNE_CK_DEMANDE_LOGEMENT, 0);
	const struct sne_value *nu = sne_record_value(rec, SNE_CK_NUM_UNIQUE, 0);
	const struct sne_value *ng = sne_record_value(rec, SNE_CK_NUM_GUICHET, 0);
	const struct sne_value *dc = sne_record_value(rec, SNE_CK_DATE_CREATION, 0);

	if (dl == NULL || dl->self_closing || nu == NULL || nu->self_closing ||
	    nu->element.start < dl->content.start || nu->element.end > dl->content.end)
		return -1;
	mod->dl = span_of(dl, 0);
	mod->nu = span_of(nu, 1);
	mod->nu_element = span_of(nu, 0);
	mod->has_ng = ng != NULL && !ng->self_closing;
	if (mod->has_ng)
		mod->ng = span_of(ng, 1);
	mod->has_dc = dc != NULL && !dc->self_closing;
	if (mod->has_dc)
		mod->dc = span_of(dc, 1);
	prefix_of_tag(mod->record + dl->element.start, mod->prefix, sizeof mod->prefix);
	mod->indent = dup_text(sne_record_indent_at(rec, nu->element.start));
	mod->civilite = dup_text(sne_record_get(rec, SNE_CK_CIVILITE));
	mod->nom = dup_text(sne_record_get(rec, SNE_CK_NOM));
	mod->prenom = dup_text(sne_record_get(rec, SNE_CK_PRENOM));
	mod->naissance = dup_text(sne_record_get(rec, SNE_CK_DATE_NAISSANCE));
	mod->depot = dup_text(sne_record_get(rec, SNE_CK_DATE_CREATION));
	return 0;
}

/* 0 when MOD can go to the register pass, else -1 with MOD->why. */
static int check_mod(struct sne_modifications *m, struct mod *mod, const struct sne_record *rec)
{
	const char *text = sne_record_get(rec, SNE_CK_NUM_UNIQUE);
	struct sne_numero numero;
	char why[SNE_WHY_MAX];

	if (text == NULL || sne_numero_parse(text, &numero, why, sizeof why) != 0) {
		sne_why(mod->why, sizeof mod->why, text == NULL
		        ? "modification sans numUnique : elle ne désigne aucune demande du registre"
		        : "numUnique « %s » invalide : %s", text ? text : "", why);
		return -1;
	}
	sne_numero_format(&numero, mod->numero);
	if (locate(mod, rec) != 0) {
		sne_why(mod->why, sizeof mod->why, "demandeLogement vide ou numUnique hors de "
		        "demandeLogement : la modification porte tout le demandeLogement");
		return -1;
	}
	if (sne_check_contenu_first(rec, m->today, mod->why, sizeof mod->why) != 0 ||
	    sne_check_territoire(rec, mod->territoire, mod->why, sizeof mod->why) != 0)
		return -1;
	return 0;
}

static int load_record(struct sne_record *rec, void *ctx)
{
	struct sne_modifications *m = ctx;
	size_t len;
	const char *bytes = sne_record_bytes(rec, &len);
	struct mod *mod;

	mod = new_mod(m);
	mod->record = sne_dup_bytes(bytes, len);
	mod->len = len;
	mod->decls = dup_text(sne_record_namespaces(rec));
	mod->source = m->sources[m->nsources - 1];
	mod->line = sne_record_line(rec);
	mod->rank = sne_record_rank(rec);
	if (check_mod(m, mod, rec) != 0) {
		int rc;
		mod->issue = SNE_MODIFICATION_REFUSEE;
		rc = report_mod(m, mod);
		mod_free(mod);
		m->count--;
		return rc;
	}
	index_mod(m, m->count - 1);
	return 0;
}

int sne_modifications_load(struct sne_modifications *m, const char *path)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.record_name = SNE_DEMANDE_NAME,
		.envelope = &sne_envelope_interface,
		.fields = sne_check_fields,
		.nfields = SNE_CK_NFIELDS,
		.on_record = load_record,
		.on_head = load_head,
		.ctx = m,
	};
	struct sne_input *in = sne_input_open(path);
	int rc;

	if (in == NULL) {
		sne_warn("%s: ouverture du fichier de modifications impossible :", path);
		return SNE_EX_NOINPUT;
	}
	m->sources = realloc(m->sources, (m->nsources + 1) * sizeof *m->sources);
	if (m->sources == NULL)
		abort();
	m->sources[m->nsources++] = dup_text(sne_input_name(in));
	rc = sne_stream_run(in, &spec);
	sne_input_close(in);
	return rc;
}

/* ------------------------------------------------------------------ */
/* the register pass */

enum {
	R_SUIVI, R_DL, R_NUM_UNIQUE, R_NUM_GUICHET, R_DATE_CREATION, R_ETAT, R_MOTIF,
	R_FUSION_AVEC, R_CIVILITE, R_NOM, R_PRENOM, R_NAISSANCE, R_VERSION, R_COUNT
};

const char *const sne_modification_fields[R_COUNT] = {
	[R_SUIVI] = SNE_SUIVI_FIELD,
	[R_DL] = "n:demandeLogement",
	[R_NUM_UNIQUE] = SNE_F_NUM_UNIQUE,
	[R_NUM_GUICHET] = SNE_F_NUM_GUICHET,
	[R_DATE_CREATION] = SNE_F_DATE_CREATION,
	[R_ETAT] = SNE_F_ETAT,
	[R_MOTIF] = SNE_F_RADIATION_MOTIF,
	[R_FUSION_AVEC] = "s:suivi/s:radiation/@fusion-avec",
	[R_CIVILITE] = SNE_F_DEMANDEUR "n:civilite/@code",
	[R_NOM] = SNE_F_NOM,
	[R_PRENOM] = SNE_F_PRENOM,
	[R_NAISSANCE] = SNE_F_DATE_NAISSANCE,
	[R_VERSION] = "s:suivi/s:modification/@version",
};
const size_t sne_modification_nfields = R_COUNT;

static const char *text_or_empty(const char *text)
{
	return text ? text : "";
}

static int same_folded(const char *a, const char *b)
{
	char fa[256], fb[256];

	sne_identite_fold(text_or_empty(a), fa, sizeof fa);
	sne_identite_fold(text_or_empty(b), fb, sizeof fb);
	return strcmp(fa, fb) == 0;
}

static int same_trimmed(const char *a, const char *b)
{
	const char *pa = text_or_empty(a), *pb = text_or_empty(b);
	size_t la, lb;

	pa += strspn(pa, " \t\r\n");
	pb += strspn(pb, " \t\r\n");
	for (la = strlen(pa); la > 0 && strchr(" \t\r\n", pa[la - 1]); la--)
		;
	for (lb = strlen(pb); lb > 0 && strchr(" \t\r\n", pb[lb - 1]); lb--)
		;
	return la == lb && strncmp(pa, pb, la) == 0;
}

/* The identity fields MOD changes, named into OUT ("nom, prénom") and as
 * sne-fix options into OPTIONS ("--nom --prenom"); "" when none. */
static void identity_changes(const struct mod *mod, const struct sne_record *rec, char *out,
                             size_t size, char *options, size_t options_size)
{
	struct { int changed; const char *name, *option; } parts[] = {
		{ !same_trimmed(mod->civilite, sne_record_get(rec, R_CIVILITE)), "civilité", "--civilite" },
		{ !same_folded(mod->nom, sne_record_get(rec, R_NOM)), "nom", "--nom" },
		{ !same_folded(mod->prenom, sne_record_get(rec, R_PRENOM)), "prénom", "--prenom" },
		{ !same_trimmed(mod->naissance, sne_record_get(rec, R_NAISSANCE)), "date de naissance",
		  "--date-naissance" },
	};

	out[0] = options[0] = '\0';
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (parts[i].changed) {
			snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? ", " : "",
			         parts[i].name);
			snprintf(options + strlen(options), options_size - strlen(options), " %s",
			         parts[i].option);
		}
}

/* 0 when MOD may apply to REC, else -1 with MOD->why. */
static int check_against(struct mod *mod, const struct sne_record *rec)
{
	const char *etat = sne_record_get(rec, R_ETAT), *motif = sne_record_get(rec, R_MOTIF);
	const char *avec = sne_record_get(rec, R_FUSION_AVEC);
	char changes[160], options[80];

	if (etat != NULL && strcmp(etat, "radiee") == 0) {
		if (avec != NULL)
			sne_why(mod->why, sizeof mod->why, "demande radiée par fusion avec la demande "
			        "%s, qui est conservée : modifiez la demande %s", avec, avec);
		else
			sne_why(mod->why, sizeof mod->why, "demande radiée (motif %s) : une demande "
			        "radiée ne se modifie pas ; une réactivation doit venir d'abord (sne-renew "
			        "pour RADREN dans son délai, sinon le gestionnaire : sne-fix --reactiver)",
			        text_or_empty(motif));
		return -1;
	}
	if (etat == NULL || strcmp(etat, "active") != 0) {
		sne_why(mod->why, sizeof mod->why, "demande à l'état « %s » : seule une demande "
		        "active se modifie", text_or_empty(etat));
		return -1;
	}
	identity_changes(mod, rec, changes, sizeof changes, options, sizeof options);
	if (changes[0] != '\0') {
		sne_why(mod->why, sizeof mod->why, "la modification change l'identité du demandeur "
		        "(%s) : c'est une correction du gestionnaire territorial (sne-fix%s) ; renvoyez "
		        "la modification avec l'identité du registre", changes, options);
		return -1;
	}
	if (mod->depot != NULL && !same_trimmed(mod->depot, sne_record_get(rec, R_DATE_CREATION))) {
		sne_why(mod->why, sizeof mod->why, "la modification change la date de dépôt (%s au "
		        "lieu de %s) : elle se garde sous le même numéro ; une correction est l'affaire "
		        "du gestionnaire territorial (sne-fix --date-depot)", mod->depot,
		        text_or_empty(sne_record_get(rec, R_DATE_CREATION)));
		return -1;
	}
	if (strncmp(mod->territoire, mod->numero, 3) != 0) {
		sne_why(mod->why, sizeof mod->why, "communes souhaitées du territoire %s, demande du "
		        "territoire %.3s : une demande ne change pas de territoire ; enregistrez une "
		        "nouvelle demande pour le territoire %s (sne-create)", mod->territoire,
		        mod->numero, mod->territoire);
		return -1;
	}
	return 0;
}

/* A growing byte buffer. */
struct text {
	char *data;
	size_t len, cap;
};

static void text_add(struct text *t, const char *bytes, size_t len)
{
	if (t->len + len + 1 > t->cap) {
		t->cap = (t->len + len + 1) * 2;
		if ((t->data = realloc(t->data, t->cap)) == NULL)
			abort();
	}
	memcpy(t->data + t->len, bytes, len);
	t->len += len;
	t->data[t->len] = '\0';
}

static void text_str(struct text *t, const char *s)
{
	text_add(t, s, strlen(s));
}

static void text_element(struct text *t, const char *prefix, const char *name, const char *value)
{
	const char *parts[] = { "<", prefix, name, ">", value, "</", prefix, name, ">" };

	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		text_str(t, parts[i]);
}

/* The demandeLogement of MOD with the register's numGuichet, numUnique and
 * date de dépôt (REC's). */
static void build_dl(const struct mod *mod, const struct sne_record *rec, struct text *out)
{
	const char *ng = sne_record_get(rec, R_NUM_GUICHET), *dc = sne_record_get(rec, R_DATE_CREATION);
	const char *r = mod->record;
	size_t at = mod->dl.start;

	out->len = 0;
	if (mod->has_ng && ng != NULL && mod->ng.start < mod->nu.start) {
		text_add(out, r + at, mod->ng.start - at);
		text_str(out, ng);
		at = mod->ng.end;
	}
	text_add(out, r + at, mod->nu_element.start - at);
	if (!mod->has_ng && ng != NULL) {
		text_element(out, mod->prefix, "numGuichet", ng);
		text_str(out, mod->indent);
	}
	text_add(out, r + mod->nu_element.start, mod->nu.start - mod->nu_element.start);
	text_str(out, mod->numero);
	text_add(out, r + mod->nu.end, mod->nu_element.end - mod->nu.end);
	at = mod->nu_element.end;
	if (!mod->has_dc && dc != NULL) {
		text_str(out, mod->indent);
		text_element(out, mod->prefix, "dateCreationDemande", dc);
	}
	text_add(out, r + at, mod->dl.end - at);
}

/* From P, just after a '>' of S, past the blanks that run up to a '<'
 * (whitespace between tags); P itself when the run ends otherwise. */
static size_t past_blanks_between_tags(const char *s, size_t len, size_t p)
{
	size_t q = p;

	while (q < len && (s[q] == ' ' || s[q] == '\t' || s[q] == '\r' || s[q] == '\n'))
		q++;
	return q < len && s[q] == '<' ? q : p;
}

/* Whether A and B are the same but for the whitespace between tags (the
 * indentation guichet software chooses). */
static int same_content(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return 1;
	while (i < alen && j < blen) {
		if (a[i] != b[j])
			return 0;
		if (a[i] == '>') {
			i = past_blanks_between_tags(a, alen, i + 1);
			j = past_blanks_between_tags(b, blen, j + 1);
		} else {
			i++;
			j++;
		}
	}
	return i == alen && j == blen;
}

static unsigned version_of(const struct sne_record *rec)
{
	const char *text = sne_record_get(rec, R_VERSION);
	unsigned long v = text ? strtoul(text, NULL, 10) : 0;

	return v >= 1 && v < 1000000 ? (unsigned)v : 1;
}

/* Writes the final demandeLogement and the suivi; 0, or -1 when the suivi
 * cannot be read. */
static int store(struct sne_modifications *m, struct sne_record *rec, const struct mod *last,
                 const struct text *dl, size_t first, unsigned version)
{
	const struct sne_value *reg_dl = sne_record_value(rec, R_DL, 0);
	struct sne_suivi *suivi = sne_suivi_load(rec, R_SUIVI);
	char number[16] = "";

	if (suivi == NULL)
		return -1;
	if (strcmp(last->decls, sne_record_namespaces(rec)) == 0) {
		sne_record_replace(rec, reg_dl->element, dl->data, dl->len);
	} else {
		size_t len;
		char *bytes = standalone(dl->data, dl->len, last->decls, &len);
		sne_record_replace(rec, reg_dl->element, bytes, len);
		free(bytes);
	}
	for (size_t i = first; i != NO_MOD; i = m->mods[i].next) {
		sne_suivi_node *event;
		if (m->mods[i].issue != SNE_MODIFICATION_APPLIQUEE)
			continue;
		event = sne_suivi_add_evenement(suivi, m->today, "modification", m->guichet);
		snprintf(number, sizeof number, "%u", ++version);
		sne_suivi_set_attr(event, "version", number);
	}
	sne_suivi_touch(suivi, m->today, m->guichet);
	sne_suivi_set_attr(sne_suivi_find(suivi, "modification"), "version", number);
	sne_suivi_store(suivi, rec);
	sne_suivi_free(suivi);
	return 0;
}

/* Decides every modification of slot S against REC; returns the last one
 * applied, or NULL.  CURRENT ends as the demandeLogement to write. */
static struct mod *decide(struct sne_modifications *m, const struct slot *s,
                          const struct sne_record *rec, struct text *current)
{
	struct text built = { 0 };
	struct mod *last = NULL;

	for (size_t i = s->first; i != NO_MOD; i = m->mods[i].next) {
		struct mod *mod = &m->mods[i];

		if (check_against(mod, rec) != 0) {
			mod->issue = SNE_MODIFICATION_REFUSEE;
			continue;
		}
		build_dl(mod, rec, &built);
		if (same_content(built.data, built.len, current->data, current->len)) {
			mod->issue = SNE_MODIFICATION_SANS_EFFET;
			sne_why(mod->why, sizeof mod->why, "aucun changement : la demande dit déjà tout "
			        "ce que porte la modification");
			continue;
		}
		mod->issue = SNE_MODIFICATION_APPLIQUEE;
		current->len = 0;
		text_add(current, built.data, built.len);
		last = mod;
	}
	free(built.data);
	return last;
}

int sne_modifications_apply(struct sne_modifications *m, struct sne_record *rec)
{
	struct slot *s = find_slot(m, sne_record_get(rec, R_NUM_UNIQUE));
	const struct sne_value *reg_dl;
	struct text current = { 0 };
	size_t len;
	const char *bytes;
	struct mod *last;
	int rc = 0;

	if (s == NULL || s->seen)
		return 0;
	s->seen = 1;
	bytes = sne_record_bytes(rec, &len);
	reg_dl = sne_record_value(rec, R_DL, 0);
	if (reg_dl != NULL)
		text_add(&current, bytes + reg_dl->element.start,
		         reg_dl->element.end - reg_dl->element.start);
	last = reg_dl != NULL ? decide(m, s, rec, &current) : NULL;
	if (reg_dl == NULL)
		for (size_t i = s->first; i != NO_MOD; i = m->mods[i].next) {
			m->mods[i].issue = SNE_MODIFICATION_REFUSEE;
			sne_why(m->mods[i].why, sizeof m->mods[i].why, "la demande du registre n'a pas "
			        "de demandeLogement : corrigez le registre");
		}
	if (last != NULL && store(m, rec, last, &current, s->first, version_of(rec)) != 0)
		for (size_t i = s->first; i != NO_MOD; i = m->mods[i].next)
			if (m->mods[i].issue == SNE_MODIFICATION_APPLIQUEE) {
				m->mods[i].issue = SNE_MODIFICATION_REFUSEE;
				sne_why(m->mods[i].why, sizeof m->mods[i].why, "élément suivi illisible "
				        "dans le registre : corrigez la demande");
			}
	free(current.data);
	for (size_t i = s->first; i != NO_MOD && rc == 0; i = m->mods[i].next)
		rc = report_mod(m, &m->mods[i]);
	return rc;
}

int sne_modifications_finish(struct sne_modifications *m)
{
	int rc = 0;

	for (size_t i = 0; i < m->nslots && rc == 0; i++) {
		struct slot *s = &m->slots[i];
		if (s->numero[0] == '\0' || s->seen)
			continue;
		for (size_t j = s->first; j != NO_MOD && rc == 0; j = m->mods[j].next) {
			m->mods[j].issue = SNE_MODIFICATION_REFUSEE;
			sne_why(m->mods[j].why, sizeof m->mods[j].why, "absente du registre : vérifiez le "
			        "numéro ; une demande nouvelle s'enregistre avec sne-create");
			rc = report_mod(m, &m->mods[j]);
		}
	}
	return rc;
}
