/* The consultation screen: the seed's tabs filled from a demande's tree. */
#include "sne/consultation.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "sne/date.h"
#include "sne/err.h"
#include "sne/libelles.h"
#include "sne/numero.h"
#include "sne/stream.h"

/* How a value is shown. */
enum genre {
	G_TEXTE,
	G_DATE,
	G_BOOLEEN,
	G_CODE,
	G_MONTANT,
	G_SURFACE,
	G_ABSENT,          /* a field of the screen the interface does not carry */
	G_ETAT,            /* computed from the suivi */
	G_VERSION,
	G_PREAVIS_SIMPLE,
	G_PREAVIS_AR,
};

struct champ_def {
	const char *libelle;
	const char *chemin;   /* from the block's element; "a|b" tries a then b */
	enum genre genre;
	const struct sne_libelle *codes;
};

enum bloc_genre {
	BLOC_CHAMPS,          /* the fields of champs */
	BLOC_RESSOURCES,      /* one field per detailRessource of the list */
	BLOC_HISTORIQUE,      /* one field per evenement */
	BLOC_ENVOIS,          /* one field per envoi */
	BLOC_SUIVI_AUTRES,    /* the suivi children no other block shows */
};

struct bloc_def {
	const char *titre;
	const char *groupe;       /* path of its element(s) from the demande; NULL:
	                             the demande itself */
	const char *titre_n;      /* title of the Nth of several ("… %zu"), or NULL */
	enum bloc_genre genre;
	const struct champ_def *champs; /* ended by a NULL libelle */
	int reste;                /* the group element's other attributes too */
};

struct onglet_def {
	const char *nom;
	const struct bloc_def *blocs; /* ended by a NULL titre */
};

#define DL "n:demandeLogement/"
#define PP DL "n:personnePhysique/"
#define DEMANDEUR PP "n:demandeur"
#define DEM DEMANDEUR "/"
#define COT PP "n:listeCotitulaire/n:cotitulaire"
#define SUIVI "s:suivi/"
#define END { NULL, NULL, G_TEXTE, NULL }

static const struct champ_def informations[] = {
	{ "Numéro unique", DL "n:numUnique", G_TEXTE, NULL },
	{ "Guichet enregistreur", DL "n:numGuichet", G_TEXTE, NULL },
	{ "Date de dépôt", DL "n:dateCreationDemande", G_DATE, NULL },
	{ "État de la demande", NULL, G_ETAT, NULL },
	{ "Origine", SUIVI "s:origine", G_CODE, sne_libelles_origine },
	{ "Guichet enregistreur dernière modification", SUIVI "s:modification/@guichet", G_TEXTE, NULL },
	{ "Date de dernière modification", SUIVI "s:modification/@date", G_DATE, NULL },
	{ "Version de la demande", NULL, G_VERSION, NULL },
	END
};
static const struct champ_def dalo[] = {
	{ "Statut", NULL, G_ABSENT, NULL },
	{ "Date de décision", NULL, G_ABSENT, NULL },
	{ "Diagnostic social prescrit", NULL, G_ABSENT, NULL },
	{ "Accompagnement social prescrit", NULL, G_ABSENT, NULL },
	{ "Typologie", NULL, G_ABSENT, NULL },
	{ "Date de dernière modification", NULL, G_ABSENT, NULL },
	END
};
static const struct champ_def dispatching[] = {
	{ "Copie numérique", NULL, G_ABSENT, NULL },
	END
};
static const struct champ_def renouvellement[] = {
	{ "Date du dernier renouvellement", SUIVI "s:renouvellement/@dernier", G_DATE, NULL },
	{ "Canal du dernier renouvellement", SUIVI "s:renouvellement/@canal", G_CODE, sne_libelles_canal },
	{ "Date du prochain renouvellement", SUIVI "s:renouvellement/@prochain", G_DATE, NULL },
	{ "Date envoi préavis simple", NULL, G_PREAVIS_SIMPLE, NULL },
	{ "Date envoi préavis avec accusé de réception", NULL, G_PREAVIS_AR, NULL },
	END
};
static const struct bloc_def onglet_demande[] = {
	{ "Informations de la demande", NULL, NULL, BLOC_CHAMPS, informations, 0 },
	{ "Informations Dalo", NULL, NULL, BLOC_CHAMPS, dalo, 0 },
	{ "Dispatching de la demande", NULL, NULL, BLOC_CHAMPS, dispatching, 0 },
	{ "Renouvellement demande", NULL, NULL, BLOC_CHAMPS, renouvellement, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct champ_def identite[] = {
	{ "Civilité", "n:civilite/@code", G_CODE, sne_libelles_civilite },
	{ "Nom", "n:nom", G_TEXTE, NULL },
	{ "Nom patronymique", "n:nomPatronymique", G_TEXTE, NULL },
	{ "Prénom", "n:prenom", G_TEXTE, NULL },
	{ "Date de naissance", "n:dateNaissance", G_DATE, NULL },
	{ "Nationalité", "n:nationalite/@code", G_CODE, sne_libelles_nationalite },
	{ "Situation familiale", "n:situationFamiliale/@code", G_CODE, sne_libelles_situation_familiale },
	END
};
static const struct champ_def coordonnees[] = {
	{ "Téléphone portable", "n:telPortable", G_TEXTE, NULL },
	{ "Courriel", "n:mel", G_TEXTE, NULL },
	END
};
static const struct champ_def adresse[] = {
	{ "Adresse à l'étranger", "n:etranger", G_BOOLEEN, NULL },
	{ "Numéro", "n:numero", G_TEXTE, NULL },
	{ "Voie", "n:voie", G_TEXTE, NULL },
	{ "Code postal", "n:codePostal", G_TEXTE, NULL },
	{ "Commune (code INSEE)", "n:commune/@code", G_TEXTE, NULL },
	END
};
static const struct bloc_def onglet_demandeur[] = {
	{ "Identité", DEMANDEUR, NULL, BLOC_CHAMPS, identite, 0 },
	{ "Coordonnées", DEMANDEUR, NULL, BLOC_CHAMPS, coordonnees, 0 },
	{ "Adresse postale", DEM "n:adressePostale", NULL, BLOC_CHAMPS, adresse, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct champ_def cotitulaire[] = {
	{ "Civilité", "n:civilite/@code", G_CODE, sne_libelles_civilite },
	{ "Nom", "n:nom", G_TEXTE, NULL },
	{ "Nom patronymique", "n:nomPatronymique", G_TEXTE, NULL },
	{ "Prénom", "n:prenom", G_TEXTE, NULL },
	{ "Date de naissance", "n:dateNaissance", G_DATE, NULL },
	{ "Nationalité", "n:nationalite/@code", G_CODE, sne_libelles_nationalite },
	{ "Situation familiale", "n:situationFamiliale/@code", G_CODE, sne_libelles_situation_familiale },
	{ "Lien avec le demandeur", "n:lienDemandeur/@code", G_CODE, sne_libelles_lien_demandeur },
	END
};
static const struct bloc_def onglet_conjoint[] = {
	{ "Co-titulaire", COT, "Co-titulaire %zu", BLOC_CHAMPS, cotitulaire, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct champ_def personne_a_charge[] = {
	{ "Nom", "n:nom", G_TEXTE, NULL },
	{ "Prénom", "n:prenom", G_TEXTE, NULL },
	{ "Date de naissance", "n:dateNaissance", G_DATE, NULL },
	{ "Sexe", "n:sexe/@code", G_CODE, sne_libelles_sexe },
	{ "Lien de parenté", "n:lienParente/@code", G_CODE, sne_libelles_lien_parente },
	END
};
static const struct champ_def personne_a_naitre[] = {
	{ "Nombre", "n:nombre", G_TEXTE, NULL },
	{ "Date de naissance prévue", "n:dateNaissancePrevue", G_DATE, NULL },
	END
};
static const struct champ_def personne_en_garde[] = {
	{ "Date de naissance", "n:dateNaissance", G_DATE, NULL },
	{ "Sexe", "n:sexe/@code", G_CODE, sne_libelles_sexe },
	{ "Coparentalité", "n:coParentalite/@code", G_CODE, sne_libelles_coparentalite },
	END
};
static const struct bloc_def onglet_personnes[] = {
	{ "Personne à charge", PP "n:listePersonneACharge/n:personneACharge", "Personne à charge %zu",
	  BLOC_CHAMPS, personne_a_charge, 0 },
	{ "Enfants à naître", PP "n:personneANaitre", NULL, BLOC_CHAMPS, personne_a_naitre, 0 },
	{ "Enfant en garde", PP "n:listePersonneEnGarde/n:personneEnGarde", "Enfant en garde %zu",
	  BLOC_CHAMPS, personne_en_garde, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct champ_def situation[] = {
	{ "Profession", "n:profession", G_TEXTE, NULL },
	{ "Type de contrat de travail", "n:typeContratTravail/@code", G_CODE, sne_libelles_contrat },
	{ "Employeur principal", "n:nomEmployeurPrincipal", G_TEXTE, NULL },
	{ "Lieu de travail à l'étranger", "n:etranger", G_BOOLEEN, NULL },
	{ "Code postal du lieu de travail", "n:codePostal", G_TEXTE, NULL },
	{ "Commune du lieu de travail (code INSEE)", "n:commune/@code", G_TEXTE, NULL },
	END
};
static const struct bloc_def onglet_situation[] = {
	{ "Demandeur", DEM "n:situationProfessionnelle", NULL, BLOC_CHAMPS, situation, 0 },
	{ "Co-titulaire", COT "/n:situationProfessionnelle", "Co-titulaire %zu", BLOC_CHAMPS,
	  situation, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct champ_def revenu[] = {
	{ "Année N-1", "n:anneeMoins1", G_TEXTE, NULL },
	{ "Revenu fiscal de référence N-1", "n:montantMoins1", G_MONTANT, NULL },
	{ "Année N-2", "n:anneeMoins2", G_TEXTE, NULL },
	{ "Revenu fiscal de référence N-2", "n:montantMoins2", G_MONTANT, NULL },
	END
};
static const struct bloc_def onglet_revenu[] = {
	{ "Demandeur", DEM "n:revenuFiscal", NULL, BLOC_CHAMPS, revenu, 0 },
	{ "Co-titulaire", COT "/n:revenuFiscal", "Co-titulaire %zu", BLOC_CHAMPS, revenu, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct bloc_def onglet_ressources[] = {
	{ "Ressources reçues par le demandeur", DEM "n:listeRessourceRecue", NULL,
	  BLOC_RESSOURCES, NULL, 0 },
	{ "Ressources versées par le demandeur", DEM "n:listeRessourceVersee", NULL,
	  BLOC_RESSOURCES, NULL, 0 },
	{ "Ressources reçues pour les personnes à charge", DEM "n:listeRessourceRecuePersACharge",
	  NULL, BLOC_RESSOURCES, NULL, 0 },
	{ "Ressources versées pour les personnes à charge", DEM "n:listeRessourceVerseePersACharge",
	  NULL, BLOC_RESSOURCES, NULL, 0 },
	{ "Ressources reçues par le co-titulaire", COT "/n:listeRessourceRecue",
	  "Ressources reçues par le co-titulaire %zu", BLOC_RESSOURCES, NULL, 0 },
	{ "Ressources versées par le co-titulaire", COT "/n:listeRessourceVersee",
	  "Ressources versées par le co-titulaire %zu", BLOC_RESSOURCES, NULL, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct champ_def logement_actuel[] = {
	{ "Mode de logement", "n:listeModeleLogement/n:modeleLogement/@code", G_CODE,
	  sne_libelles_modele_logement },
	{ "Loyer mensuel", "n:montantMensuelLoyer", G_MONTANT, NULL },
	{ "Nombre d'habitants", "n:nombreHabitant", G_TEXTE, NULL },
	{ "Catégorie de logement", "n:categorieLogement/@code", G_CODE, sne_libelles_categorie_logement },
	{ "Type de logement", "n:typeLogementActuel/@code", G_CODE, sne_libelles_type_logement },
	{ "Surface", "n:surface", G_SURFACE, NULL },
	{ "Propriétaire", "n:proprietaire", G_BOOLEEN, NULL },
	END
};
static const struct bloc_def onglet_logement_actuel[] = {
	{ "Logement actuel", PP "n:logementActuel", NULL, BLOC_CHAMPS, logement_actuel, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct champ_def motif[] = {
	{ "Motif principal", NULL, G_ABSENT, NULL },
	{ "Autres motifs", NULL, G_ABSENT, NULL },
	END
};
static const struct bloc_def onglet_motif[] = {
	{ "Motif de la demande", NULL, NULL, BLOC_CHAMPS, motif, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct champ_def logement_recherche[] = {
	{ "Demande élargie", "n:demandeElargie", G_BOOLEEN, NULL },
	{ "Types de logement", "n:listeTypeLogement/n:typeLogement/@code", G_CODE,
	  sne_libelles_type_logement },
	{ "Communes souhaitées (code INSEE)",
	  "n:listeLocalisationSouhaite/n:localisationSouhaite/n:commune/@code", G_TEXTE, NULL },
	END
};
static const struct bloc_def onglet_logement_recherche[] = {
	{ "Logement recherché", DL "n:logementRecherche", NULL, BLOC_CHAMPS, logement_recherche, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct champ_def precisions[] = {
	{ "Précisions sur la demande", NULL, G_ABSENT, NULL },
	END
};
static const struct bloc_def onglet_precisions[] = {
	{ "Précisions", NULL, NULL, BLOC_CHAMPS, precisions, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct champ_def handicap[] = {
	{ "Handicap ou perte d'autonomie", NULL, G_ABSENT, NULL },
	{ "Besoin d'un logement adapté", NULL, G_ABSENT, NULL },
	END
};
static const struct bloc_def onglet_handicap[] = {
	{ "Complément handicap", NULL, NULL, BLOC_CHAMPS, handicap, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct champ_def radiation[] = {
	{ "Date de radiation", "@date", G_DATE, NULL },
	{ "Motif", "@motif", G_CODE, sne_libelles_motif_radiation },
	{ "Sous-motif", "@sous-motif", G_CODE, sne_libelles_sous_motif },
	END
};
static const struct champ_def attribution[] = {
	{ "Bailleur", "@bailleur", G_TEXTE, NULL },
	{ "Date de signature du bail", "@date-bail", G_DATE, NULL },
	{ "Date de la commission (CAL)", "@date-cal", G_DATE, NULL },
	{ "Contingent", "@contingent", G_CODE, sne_libelles_contingent },
	{ "Accord collectif", "@accord-collectif", G_CODE, sne_libelles_accord_collectif },
	{ "Reconnu prioritaire DALO", "@dalo", G_CODE, sne_libelles_dalo },
	{ "Numéro RPLS du logement", "s:logement/@rpls", G_TEXTE, NULL },
	{ "Adresse du logement", "s:logement/@adresse", G_TEXTE, NULL },
	{ "Commune du logement (code INSEE)", "s:logement/@commune", G_TEXTE, NULL },
	{ "Type du logement", "s:logement/@type", G_CODE, sne_libelles_type_logement },
	{ "Surface habitable", "s:logement/@surface", G_SURFACE, NULL },
	{ "Loyer", "s:logement/@loyer", G_MONTANT, NULL },
	{ "QPV/ZUS", "s:logement/@qpv", G_CODE, sne_libelles_qpv },
	END
};
static const struct champ_def invalidation[] = {
	{ "Date d'invalidation", "@date", G_DATE, NULL },
	{ "Motif", "@motif", G_TEXTE, NULL },
	END
};
static const struct bloc_def onglet_echanges[] = {
	{ "Historique", SUIVI "s:historique", NULL, BLOC_HISTORIQUE, NULL, 0 },
	{ "Envois", "s:suivi", NULL, BLOC_ENVOIS, NULL, 0 },
	{ "Radiation", SUIVI "s:radiation", NULL, BLOC_CHAMPS, radiation, 1 },
	{ "Attribution", SUIVI "s:radiation/s:attribution", NULL, BLOC_CHAMPS, attribution, 1 },
	{ "Invalidation", SUIVI "s:invalidation", NULL, BLOC_CHAMPS, invalidation, 1 },
	{ "Autres éléments du suivi", "s:suivi", NULL, BLOC_SUIVI_AUTRES, NULL, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct champ_def pieces[] = {
	{ "Pièces justificatives", NULL, G_ABSENT, NULL },
	END
};
static const struct bloc_def onglet_pieces[] = {
	{ "Pièces justificatives", NULL, NULL, BLOC_CHAMPS, pieces, 0 },
	{ NULL, NULL, NULL, 0, NULL, 0 }
};

static const struct onglet_def onglets[SNE_ONGLET_COUNT] = {
	[SNE_ONGLET_DEMANDE] = { "Demande", onglet_demande },
	[SNE_ONGLET_DEMANDEUR] = { "Demandeur", onglet_demandeur },
	[SNE_ONGLET_CONJOINT] = { "Conjoint ou co-titulaire", onglet_conjoint },
	[SNE_ONGLET_PERSONNES] = { "Personnes à charge", onglet_personnes },
	[SNE_ONGLET_SITUATION] = { "Situation prof.", onglet_situation },
	[SNE_ONGLET_REVENU] = { "Revenu fiscal", onglet_revenu },
	[SNE_ONGLET_RESSOURCES] = { "Ressources mensuelles", onglet_ressources },
	[SNE_ONGLET_LOGEMENT_ACTUEL] = { "Logement actuel", onglet_logement_actuel },
	[SNE_ONGLET_MOTIF] = { "Motif demande", onglet_motif },
	[SNE_ONGLET_LOGEMENT_RECHERCHE] = { "Logement recherché", onglet_logement_recherche },
	[SNE_ONGLET_PRECISIONS] = { "Précisions", onglet_precisions },
	[SNE_ONGLET_HANDICAP] = { "Complément handicap", onglet_handicap },
	[SNE_ONGLET_ECHANGES] = { "Gestion des échanges", onglet_echanges },
	[SNE_ONGLET_PIECES] = { "Gestion des pièces justificatives", onglet_pieces },
	[SNE_ONGLET_AUTRES] = { "Autres informations", NULL },
};

/* ------------------------------------------------------------ memory */

static void *xrealloc(void *p, size_t size)
{
	if ((p = realloc(p, size == 0 ? 1 : size)) == NULL)
		sne_die(SNE_EX_SOFTWARE, "mémoire épuisée");
	return p;
}

static char *xstrdup(const char *text)
{
	size_t len = strlen(text) + 1;

	return memcpy(xrealloc(NULL, len), text, len);
}

__attribute__((format(printf, 1, 2)))
static char *xprintf(const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		sne_die(SNE_EX_SOFTWARE, "mémoire épuisée");
	va_end(ap);
	return text;
}

/* TEXT + SEPARATOR + MORE, TEXT freed; TEXT may be NULL or "". */
static char *append(char *text, const char *separator, const char *more)
{
	char *joined;

	if (text == NULL || text[0] == '\0') {
		free(text);
		return xstrdup(more);
	}
	joined = xprintf("%s%s%s", text, separator, more);
	free(text);
	return joined;
}

/* ------------------------------------------------------------ the tree */

static char mark;

static int is_marked(const void *node)
{
	return ((const xmlNode *)node)->_private == &mark;
}

static void set_mark(void *node)
{
	((xmlNode *)node)->_private = &mark;
}

static int is_element(const xmlNode *n, const char *ns, const char *local)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	       strcmp((const char *)n->ns->href, ns) == 0 &&
	       (local == NULL || strcmp((const char *)n->name, local) == 0);
}

struct nodes {
	xmlNodePtr *v;
	size_t n, cap;
};

static void nodes_add(struct nodes *list, xmlNodePtr node)
{
	if (list->n == list->cap) {
		list->cap = list->cap ? 2 * list->cap : 8;
		list->v = xrealloc(list->v, list->cap * sizeof *list->v);
	}
	list->v[list->n++] = node;
}

/* The namespace URI of step prefix C ('n' or 's'). */
static const char *step_ns(char c)
{
	return c == 's' ? SNE_NS_SUIVI : SNE_NS_NUU;
}

/* Appends to OUT the nodes PATH (steps "n:name" or "s:name" separated by
 * '/', maybe a last "@name") matches from CTX. */
static void find(xmlNodePtr ctx, const char *path, struct nodes *out)
{
	size_t len = strcspn(path, "/");
	char name[128];

	if (ctx == NULL || len == 0 || len >= sizeof name)
		return;
	if (path[0] == '@') {
		xmlAttrPtr attr;

		memcpy(name, path + 1, len - 1);
		name[len - 1] = '\0';
		if ((attr = xmlHasNsProp(ctx, BAD_CAST name, NULL)) != NULL)
			nodes_add(out, (xmlNodePtr)attr);
		return;
	}
	memcpy(name, path + 2, len - 2);
	name[len - 2] = '\0';
	for (xmlNodePtr child = ctx->children; child != NULL; child = child->next) {
		if (!is_element(child, step_ns(path[0]), name))
			continue;
		if (path[len] == '\0')
			nodes_add(out, child);
		else
			find(child, path + len + 1, out);
	}
}

static xmlNodePtr find_one(xmlNodePtr ctx, const char *path)
{
	struct nodes found = { 0 };
	xmlNodePtr node;

	find(ctx, path, &found);
	node = found.n > 0 ? found.v[0] : NULL;
	free(found.v);
	return node;
}

/* The text of element or attribute NODE, blanks collapsed and trimmed.
 * Freed by the caller. */
static char *node_text(xmlNodePtr node)
{
	xmlChar *content = xmlNodeGetContent(node);
	const char *p = content ? (const char *)content : "";
	char *text = xrealloc(NULL, strlen(p) + 1), *q = text;

	for (; *p != '\0'; p++) {
		if (strchr(" \t\r\n", *p) != NULL) {
			if (q > text && q[-1] != ' ')
				*q++ = ' ';
		} else {
			*q++ = *p;
		}
	}
	if (q > text && q[-1] == ' ')
		q--;
	*q = '\0';
	xmlFree(content);
	return text;
}

/* Whether element N has element children. */
static int has_elements(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* The name of element N in a path: its local name in the interface's and
 * the suivi's namespaces, "prefix:local" in others. */
static char *step_name(const xmlNode *n)
{
	if (n->ns == NULL || is_element(n, SNE_NS_NUU, NULL) || is_element(n, SNE_NS_SUIVI, NULL) ||
	    n->ns->prefix == NULL)
		return xstrdup((const char *)n->name);
	return xprintf("%s:%s", n->ns->prefix, n->name);
}

static int same_name(const xmlNode *a, const xmlNode *b)
{
	if (a->type != XML_ELEMENT_NODE || strcmp((const char *)a->name, (const char *)b->name) != 0)
		return 0;
	if (a->ns == NULL || b->ns == NULL)
		return a->ns == b->ns;
	return strcmp((const char *)a->ns->href, (const char *)b->ns->href) == 0;
}

/* "name" or "name[k]" when siblings share its name. */
static char *indexed_step(const xmlNode *n)
{
	size_t rank = 0, count = 0;
	char *name = step_name(n), *step;

	for (const xmlNode *s = n->parent ? n->parent->children : n; s != NULL; s = s->next) {
		if (!same_name(s, n))
			continue;
		count++;
		if (s == n)
			rank = count;
	}
	if (count < 2)
		return name;
	step = xprintf("%s[%zu]", name, rank);
	free(name);
	return step;
}

/* The path of NODE (element or attribute) below the demande element TOP. */
static char *path_of(const xmlNode *node, const xmlNode *top)
{
	char *path = NULL, *step, *joined;
	const xmlNode *n = node;

	if (node->type == XML_ATTRIBUTE_NODE) {
		path = xprintf("@%s", node->name);
		n = node->parent;
	}
	for (; n != NULL && n != top; n = n->parent) {
		step = indexed_step(n);
		joined = path ? xprintf("%s/%s", step, path) : xstrdup(step);
		free(step);
		free(path);
		path = joined;
	}
	return path ? path : xstrdup("");
}

/* ------------------------------------------------------------ the model */

struct builder {
	struct sne_consultation *c;
	xmlNodePtr demande;
};

static struct sne_bloc *bloc_add(struct sne_onglet *onglet, const char *titre)
{
	struct sne_bloc *bloc;

	onglet->blocs = xrealloc(onglet->blocs, (onglet->nblocs + 1) * sizeof *onglet->blocs);
	bloc = &onglet->blocs[onglet->nblocs++];
	memset(bloc, 0, sizeof *bloc);
	bloc->titre = xstrdup(titre);
	return bloc;
}

static struct sne_champ *champ_add(struct sne_bloc *bloc, const char *libelle)
{
	struct sne_champ *champ;

	bloc->champs = xrealloc(bloc->champs, (bloc->nchamps + 1) * sizeof *bloc->champs);
	champ = &bloc->champs[bloc->nchamps++];
	memset(champ, 0, sizeof *champ);
	champ->libelle = xstrdup(libelle);
	champ->valeur = xstrdup("");
	return champ;
}

/* Records NODE (with text RAW) as a source of CHAMP and marks it shown. */
static void source_add(struct builder *bd, struct sne_champ *champ, xmlNodePtr node,
                       const char *raw)
{
	struct sne_source *source;

	champ->sources = xrealloc(champ->sources, (champ->nsources + 1) * sizeof *champ->sources);
	source = &champ->sources[champ->nsources++];
	source->chemin = path_of(node, bd->demande);
	source->brut = xstrdup(raw);
	set_mark(node);
}

/* "05/03/2015" for an ISO date (or the start of a dateTime), else NULL. */
static char *date_fr(const char *iso)
{
	struct sne_date date;
	char day[SNE_DATE_ISO_SIZE];

	if (strlen(iso) < 10)
		return NULL;
	memcpy(day, iso, 10);
	day[10] = '\0';
	if (sne_date_parse_iso(day, &date, NULL, 0) != 0)
		return NULL;
	if (iso[10] != '\0' && iso[10] != 'T')
		return NULL;
	return xprintf("%02d/%02d/%04d%s%s", date.day, date.month, date.year,
	               iso[10] == 'T' ? " " : "", iso[10] == 'T' ? iso + 11 : "");
}

/* "6 avril 2018" for an ISO date, else a copy of ISO. */
static char *date_long(const char *iso)
{
	struct sne_date date;
	char text[64];

	if (iso == NULL || sne_date_parse_iso(iso, &date, NULL, 0) != 0)
		return xstrdup(iso ? iso : "");
	sne_date_format_fr(date, text, sizeof text);
	return xstrdup(text);
}

/* RAW as the screen shows a value of genre GENRE.  Freed by the caller. */
static char *shown(const char *raw, enum genre genre, const struct sne_libelle *codes)
{
	const char *words;
	char *text;

	if (raw[0] == '\0')
		return xstrdup("");
	switch (genre) {
	case G_DATE:
		return (text = date_fr(raw)) != NULL ? text : xstrdup(raw);
	case G_BOOLEEN:
		if (strcmp(raw, "true") == 0 || strcmp(raw, "1") == 0)
			return xstrdup("oui");
		if (strcmp(raw, "false") == 0 || strcmp(raw, "0") == 0)
			return xstrdup("non");
		return xstrdup(raw);
	case G_CODE:
		words = sne_libelle(codes, raw);
		return words ? xprintf("%s (%s)", words, raw) : xstrdup(raw);
	case G_MONTANT:
		return xprintf("%s €", raw);
	case G_SURFACE:
		return xprintf("%s m²", raw);
	default:
		return xstrdup(raw);
	}
}

/* CHAMP takes every node of LIST as GENRE, values joined by ", ". */
static void champ_take(struct builder *bd, struct sne_champ *champ, const struct nodes *list,
                       enum genre genre, const struct sne_libelle *codes)
{
	for (size_t i = 0; i < list->n; i++) {
		char *raw = node_text(list->v[i]), *text = shown(raw, genre, codes);

		if (text[0] != '\0')
			champ->valeur = append(champ->valeur, ", ", text);
		source_add(bd, champ, list->v[i], raw);
		free(raw);
		free(text);
	}
}

/* The text of attribute NAME of NODE, or NULL.  Freed by the caller. */
static char *attr_text(xmlNodePtr node, const char *name)
{
	xmlChar *value = node ? xmlGetNoNsProp(node, BAD_CAST name) : NULL;
	char *text = value ? xstrdup((const char *)value) : NULL;

	xmlFree(value);
	return text;
}

/* A numéro unique other than the demande's among the attributes of
 * RADIATION (the kept demande of a merge), or NULL.  Freed by the caller. */
static char *pointer_of(xmlNodePtr radiation)
{
	struct sne_numero numero;
	char canonical[SNE_NUMERO_SIZE];

	for (xmlAttrPtr a = radiation ? radiation->properties : NULL; a != NULL; a = a->next) {
		char *value = node_text((xmlNodePtr)a);

		if (sne_numero_parse(value, &numero, NULL, 0) == 0) {
			free(value);
			sne_numero_format(&numero, canonical);
			return xstrdup(canonical);
		}
		free(value);
	}
	return NULL;
}

/* «Radiée le 6 avril 2018 — non-renouvellement (RADREN)». */
static char *etat_radiee(xmlNodePtr radiation)
{
	char *date = attr_text(radiation, "date"), *motif = attr_text(radiation, "motif");
	char *sous = attr_text(radiation, "sous-motif"), *kept = pointer_of(radiation);
	char *when = date_long(date), *text;
	const char *words = sne_libelle(sne_libelles_motif_radiation, motif);
	const char *sous_words = sne_libelle(sne_libelles_sous_motif, sous);

	text = xprintf("Radiée%s%s%s%s%s%s%s%s%s%s%s%s", date ? " le " : "", date ? when : "",
	               motif ? " — " : "", words ? words : "", words ? " (" : "",
	               motif ? motif : "", words ? ")" : "",
	               sous ? ", " : "", sous_words ? sous_words : "", sous ? " (" : "",
	               sous ? sous : "", sous ? ")" : "");
	if (kept != NULL) {
		char *more = xprintf("demande conservée %s", kept);

		text = append(text, ", ", more);
		free(more);
	}
	free(date), free(motif), free(sous), free(kept), free(when);
	return text;
}

static char *etat_invalidee(xmlNodePtr invalidation)
{
	char *date = attr_text(invalidation, "date"), *motif = attr_text(invalidation, "motif");
	char *when = date_long(date);
	char *text = xprintf("Invalidée%s%s%s%s", date ? " le " : "", date ? when : "",
	                     motif ? " — " : "", motif ? motif : "");

	free(date), free(motif), free(when);
	return text;
}

/* The état in words, from etat, radiation and invalidation. */
static char *etat_words(struct builder *bd, struct sne_champ *champ)
{
	xmlNodePtr etat = find_one(bd->demande, SUIVI "s:etat");
	char *raw = etat ? node_text(etat) : xstrdup(""), *text;

	if (etat != NULL)
		source_add(bd, champ, etat, raw);
	if (strcmp(raw, "brouillon") == 0)
		text = xstrdup("Brouillon (non soumise sur le portail)");
	else if (strcmp(raw, "en-attente-validation") == 0)
		text = xstrdup("En attente de validation");
	else if (strcmp(raw, "active") == 0)
		text = xstrdup("Active");
	else if (strcmp(raw, "radiee") == 0)
		text = etat_radiee(find_one(bd->demande, SUIVI "s:radiation"));
	else if (strcmp(raw, "invalidee") == 0)
		text = etat_invalidee(find_one(bd->demande, SUIVI "s:invalidation"));
	else
		text = xstrdup(raw);
	free(raw);
	return text;
}

/* The latest date of the envois of type TYPE_PREFIX.. (or, with CANAL,
 * sent by that canal), shown JJ/MM/AAAA. */
static char *latest_envoi(struct builder *bd, const char *type_prefix, const char *canal)
{
	struct nodes envois = { 0 };
	char *best = NULL, *text;

	find(bd->demande, SUIVI "s:envoi", &envois);
	for (size_t i = 0; i < envois.n; i++) {
		char *type = attr_text(envois.v[i], "type"), *canaux = attr_text(envois.v[i], "canaux");
		char *date = attr_text(envois.v[i], "date");
		int wanted = canal ? canaux && strstr(canaux, canal) != NULL
		                   : type && strncmp(type, type_prefix, strlen(type_prefix)) == 0;

		if (wanted && date && (best == NULL || strcmp(date, best) > 0)) {
			free(best);
			best = date;
			date = NULL;
		}
		free(type), free(canaux), free(date);
	}
	free(envois.v);
	text = best ? date_fr(best) : NULL;
	if (best != NULL && text == NULL)
		text = xstrdup(best);
	free(best);
	return text ? text : xstrdup("");
}

static char *computed(struct builder *bd, struct sne_champ *champ, enum genre genre)
{
	struct nodes events = { 0 };
	char *text;

	switch (genre) {
	case G_ETAT:
		return etat_words(bd, champ);
	case G_VERSION:
		find(bd->demande, SUIVI "s:historique/s:evenement", &events);
		text = events.n > 0 ? xprintf("%zu", events.n) : xstrdup("");
		free(events.v);
		return text;
	case G_PREAVIS_SIMPLE:
		return latest_envoi(bd, "preavis-", NULL);
	case G_PREAVIS_AR:
		return latest_envoi(bd, "", "courrier-ar");
	default:
		return xstrdup("");
	}
}

/* One field of definition DEF, read from CTX (may be NULL: empty). */
static void champ_build(struct builder *bd, struct sne_bloc *bloc, xmlNodePtr ctx,
                        const struct champ_def *def)
{
	struct sne_champ *champ = champ_add(bloc, def->libelle);
	struct nodes found = { 0 };

	if (def->genre >= G_ETAT) {
		free(champ->valeur);
		champ->valeur = computed(bd, champ, def->genre);
		return;
	}
	if (def->chemin != NULL)
		find(ctx, def->chemin, &found);
	champ_take(bd, champ, &found, def->genre, def->codes);
	free(found.v);
}

/* The date of NODE's attribute "date" for a list line's label. */
static char *line_label(xmlNodePtr node)
{
	char *date = attr_text(node, "date"), *text;

	if (date == NULL)
		return xstrdup("(sans date)");
	text = date_fr(date);
	if (text == NULL)
		text = xstrdup(date);
	free(date);
	return text;
}

/* "name value" for an attribute the line has no words for; a date shown
 * JJ/MM/AAAA, a numéro as it is. */
static char *attribute_words(const char *name, const char *value)
{
	char *date = date_fr(value), *text;

	text = xprintf("%s %s", name, date ? date : value);
	free(date);
	return text;
}

/* A line describing every attribute of NODE but "date" (the label), then
 * its children; each taken as a source of CHAMP. */
static void describe(struct builder *bd, struct sne_champ *champ, xmlNodePtr node,
                     const struct sne_libelle *types)
{
	set_mark(node);
	for (xmlAttrPtr a = node->properties; a != NULL; a = a->next) {
		char *raw = node_text((xmlNodePtr)a), *text;
		const char *name = (const char *)a->name, *words;

		if (strcmp(name, "type") == 0 && (words = sne_libelle(types, raw)) != NULL)
			text = xstrdup(words);
		else if (strcmp(name, "canaux") == 0)
			text = xstrdup(raw);
		else if (strcmp(name, "guichet") == 0)
			text = xprintf("guichet %s", raw);
		else if (strcmp(name, "operateur") == 0)
			text = xprintf("opérateur %s", raw);
		else if (strcmp(name, "motif") == 0)
			text = xprintf("motif « %s »", raw);
		else
			text = attribute_words(name, raw);
		if (strcmp(name, "date") != 0)
			champ->valeur = append(champ->valeur, " — ", text);
		source_add(bd, champ, (xmlNodePtr)a, raw);
		free(raw);
		free(text);
	}
	for (xmlNodePtr c = node->children; c != NULL; c = c->next) {
		char *raw, *name, *text;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		raw = node_text(c);
		name = step_name(c);
		text = xprintf("%s « %s »", name, raw);
		champ->valeur = append(champ->valeur, " — ", text);
		source_add(bd, champ, c, raw);
		for (xmlAttrPtr a = c->properties; a != NULL; a = a->next) {
			char *value = node_text((xmlNodePtr)a), *more = attribute_words((const char *)a->name, value);

			champ->valeur = append(champ->valeur, " ", more);
			source_add(bd, champ, (xmlNodePtr)a, value);
			free(value), free(more);
		}
		free(raw), free(name), free(text);
	}
}

/* One field per child NAME (namespace suivi) of PARENT. */
static void lines_of(struct builder *bd, struct sne_bloc *bloc, xmlNodePtr parent,
                     const char *name, const struct sne_libelle *types)
{
	if (parent != NULL)
		set_mark(parent);
	for (xmlNodePtr c = parent ? parent->children : NULL; c != NULL; c = c->next) {
		char *label;

		if (!is_element(c, SNE_NS_SUIVI, name))
			continue;
		label = line_label(c);
		describe(bd, champ_add(bloc, label), c, types);
		free(label);
	}
}

static int is_shown_elsewhere(const xmlNode *n)
{
	static const char *const names[] = {
		"etat", "origine", "modification", "renouvellement", "radiation", "invalidation",
		"envoi", "historique",
	};

	if (!is_element(n, SNE_NS_SUIVI, NULL))
		return 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp((const char *)n->name, names[i]) == 0)
			return 1;
	return 0;
}

/* The suivi children no other block reads (avertissement...). */
static void suivi_others(struct builder *bd, struct sne_bloc *bloc, xmlNodePtr suivi)
{
	for (xmlNodePtr c = suivi ? suivi->children : NULL; c != NULL; c = c->next) {
		char *name;

		if (c->type != XML_ELEMENT_NODE || is_shown_elsewhere(c))
			continue;
		name = step_name(c);
		describe(bd, champ_add(bloc, name), c, NULL);
		free(name);
	}
}

/* The attributes of NODE no field took, as fields named after them. */
static void rest_of(struct builder *bd, struct sne_bloc *bloc, xmlNodePtr node)
{
	for (xmlAttrPtr a = node->properties; a != NULL; a = a->next) {
		struct nodes one = { 0 };

		if (is_marked(a))
			continue;
		nodes_add(&one, (xmlNodePtr)a);
		champ_take(bd, champ_add(bloc, (const char *)a->name), &one, G_DATE, NULL);
		free(one.v);
	}
}

/* The fields of one block read from element CTX (NULL: all empty). */
static void bloc_fill(struct builder *bd, struct sne_bloc *bloc, const struct bloc_def *def,
                      xmlNodePtr ctx)
{
	switch (def->genre) {
	case BLOC_CHAMPS:
		for (const struct champ_def *c = def->champs; c->libelle != NULL; c++)
			champ_build(bd, bloc, ctx, c);
		if (def->reste && ctx != NULL)
			rest_of(bd, bloc, ctx);
		break;
	case BLOC_RESSOURCES:
		if (ctx != NULL)
			set_mark(ctx);
		for (xmlNodePtr d = ctx ? ctx->children : NULL; d != NULL; d = d->next) {
			struct nodes code = { 0 }, montant = { 0 };
			char *raw;
			const char *words;
			struct sne_champ *champ;

			if (!is_element(d, SNE_NS_NUU, "detailRessource"))
				continue;
			find(d, "n:ressource/@code", &code);
			find(d, "n:montant", &montant);
			raw = code.n > 0 ? node_text(code.v[0]) : xstrdup("");
			words = sne_libelle(sne_libelles_ressource, raw);
			champ = champ_add(bloc, words ? words : raw[0] ? raw : "Ressource");
			if (words != NULL) {
				free(champ->libelle);
				champ->libelle = xprintf("%s (%s)", words, raw);
			}
			if (code.n > 0)
				source_add(bd, champ, code.v[0], raw);
			champ_take(bd, champ, &montant, G_MONTANT, NULL);
			free(raw), free(code.v), free(montant.v);
		}
		if (ctx != NULL && bloc->nchamps == 0)
			source_add(bd, champ_add(bloc, "Aucune ressource déclarée"), ctx, "");
		break;
	case BLOC_HISTORIQUE:
		lines_of(bd, bloc, ctx, "evenement", sne_libelles_evenement);
		break;
	case BLOC_ENVOIS:
		for (xmlNodePtr c = ctx ? ctx->children : NULL; c != NULL; c = c->next) {
			char *label;

			if (!is_element(c, SNE_NS_SUIVI, "envoi"))
				continue;
			label = line_label(c);
			describe(bd, champ_add(bloc, label), c, sne_libelles_envoi);
			free(label);
		}
		break;
	case BLOC_SUIVI_AUTRES:
		suivi_others(bd, bloc, ctx);
		break;
	}
}

/* The blocks of DEF: one per element its group path matches (one, empty,
 * when none does). */
static void bloc_build(struct builder *bd, struct sne_onglet *onglet, const struct bloc_def *def)
{
	struct nodes group = { 0 };

	if (def->groupe == NULL)
		nodes_add(&group, bd->demande);
	else
		find(bd->demande, def->groupe, &group);
	if (group.n == 0)
		bloc_fill(bd, bloc_add(onglet, def->titre), def, NULL);
	for (size_t i = 0; i < group.n; i++) {
		char *titre = def->titre_n ? xprintf(def->titre_n, i + 1) : xstrdup(def->titre);

		bloc_fill(bd, bloc_add(onglet, titre), def, group.v[i]);
		free(titre);
	}
	free(group.v);
}

/* Every leaf element and attribute below NODE that no field took, with
 * its path, into BLOC. */
static void leftovers(struct builder *bd, struct sne_bloc *bloc, xmlNodePtr node)
{
	for (xmlAttrPtr a = node->properties; a != NULL; a = a->next) {
		struct nodes one = { 0 };
		char *path;

		if (is_marked(a))
			continue;
		path = path_of((xmlNodePtr)a, bd->demande);
		nodes_add(&one, (xmlNodePtr)a);
		champ_take(bd, champ_add(bloc, path), &one, G_TEXTE, NULL);
		free(path), free(one.v);
	}
	if (has_elements(node)) {
		for (xmlNodePtr c = node->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				leftovers(bd, bloc, c);
	} else if (!is_marked(node) && node != bd->demande) {
		char *raw = node_text(node), *path = path_of(node, bd->demande);

		if (raw[0] != '\0' || node->properties == NULL) {
			struct nodes one = { 0 };

			nodes_add(&one, node);
			champ_take(bd, champ_add(bloc, path), &one, G_TEXTE, NULL);
			free(one.v);
		}
		free(raw), free(path);
	}
}

/* "Nom Prénom" of the demandeur, for the title. */
static char *demandeur_of(xmlNodePtr demande)
{
	xmlNodePtr nom = find_one(demande, DEM "n:nom"), prenom = find_one(demande, DEM "n:prenom");
	char *a = nom ? node_text(nom) : xstrdup(""), *b = prenom ? node_text(prenom) : xstrdup("");
	char *text = xprintf("%s%s%s", a, a[0] && b[0] ? " " : "", b);

	free(a), free(b);
	return text;
}

struct sne_consultation *sne_consultation_new(xmlNodePtr demande)
{
	struct sne_consultation *c = xrealloc(NULL, sizeof *c);
	struct builder bd = { c, demande };
	xmlNodePtr numero = find_one(demande, DL "n:numUnique");

	memset(c, 0, sizeof *c);
	c->numero = numero ? node_text(numero) : xstrdup("");
	c->demandeur = demandeur_of(demande);
	for (int i = 0; i < SNE_ONGLET_COUNT; i++) {
		c->onglets[i].nom = onglets[i].nom;
		for (const struct bloc_def *b = onglets[i].blocs; b && b->titre; b++)
			bloc_build(&bd, &c->onglets[i], b);
	}
	leftovers(&bd, bloc_add(&c->onglets[SNE_ONGLET_AUTRES], ""), demande);
	return c;
}

void sne_consultation_free(struct sne_consultation *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < SNE_ONGLET_COUNT; i++) {
		for (size_t b = 0; b < c->onglets[i].nblocs; b++) {
			struct sne_bloc *bloc = &c->onglets[i].blocs[b];

			for (size_t f = 0; f < bloc->nchamps; f++) {
				struct sne_champ *champ = &bloc->champs[f];

				for (size_t s = 0; s < champ->nsources; s++) {
					free(champ->sources[s].chemin);
					free(champ->sources[s].brut);
				}
				free(champ->sources), free(champ->libelle), free(champ->valeur);
			}
			free(bloc->champs), free(bloc->titre);
		}
		free(c->onglets[i].blocs);
	}
	free(c->numero), free(c->demandeur), free(c);
}

/* TEXT folded for matching: ASCII lower case, the accents of French
 * letters dropped, only letters and digits kept.  Into OUT (SIZE). */
static void fold(const char *text, char *out, size_t size)
{
	static const char *const accented[] = {
		"àâä", "a", "éèêë", "e", "îï", "i", "ôö", "o", "ùûü", "u", "ç", "c",
		"ÀÂÄ", "a", "ÉÈÊË", "e", "ÎÏ", "i", "ÔÖ", "o", "ÙÛÜ", "u", "Ç", "c",
	};
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p && n + 1 < size; p++) {
		if (*p < 0x80) {
			if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
				out[n++] = (char)*p;
			else if (*p >= 'A' && *p <= 'Z')
				out[n++] = (char)(*p - 'A' + 'a');
			continue;
		}
		for (size_t i = 0; i < sizeof accented / sizeof accented[0]; i += 2) {
			const char *list = accented[i];

			for (size_t k = 0; list[k] != '\0'; k += 2)
				if (memcmp(p, list + k, 2) == 0)
					out[n++] = accented[i + 1][0];
		}
		while ((p[1] & 0xC0) == 0x80)
			p++;
	}
	out[n] = '\0';
}

/* Whether folded WANT starts NAME (a tab's name) or one of its words. */
static int names_tab(const char *name, const char *want)
{
	char folded[128];

	for (const char *word = name; word != NULL; word = strchr(word, ' ')) {
		word += *word == ' ';
		fold(word, folded, sizeof folded);
		if (strncmp(folded, want, strlen(want)) == 0)
			return 1;
	}
	return 0;
}

int sne_onglet_find(const char *typed, char *why, size_t why_size)
{
	char want[128], name[128], names[1024] = "";
	int found = -1, matches = 0;

	fold(typed, want, sizeof want);
	for (int i = 0; i < SNE_ONGLET_COUNT && want[0] != '\0'; i++) {
		fold(onglets[i].nom, name, sizeof name);
		if (strcmp(name, want) == 0)
			return i;
		if (names_tab(onglets[i].nom, want)) {
			found = i;
			matches++;
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s« %s »",
			         names[0] ? ", " : "", onglets[i].nom);
		}
	}
	if (matches == 1)
		return found;
	if (matches > 1) {
		sne_why(why, why_size, "onglet « %s » ambigu : %s", typed, names);
		return -1;
	}
	for (int i = 0; i < SNE_ONGLET_COUNT; i++)
		snprintf(names + strlen(names), sizeof names - strlen(names), "%s« %s »",
		         i ? ", " : "", onglets[i].nom);
	sne_why(why, why_size, "onglet « %s » inconnu ; les onglets : %s", typed, names);
	return -1;
}
