/* The YAML configuration, read with libyaml's document API against a table
 * of known keys; every error names file:line:col. */
#include "sne/config.h"

#include "sne/avertissement.h"
#include "sne/err.h"
#include "sne/privilege.h"
#include "sne/yaml_text.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#define MOIS_MAX 12

struct config_ctx {
	const char *file;
	yaml_document_t *doc;
	struct sne_config *out;
};

struct config_key {
	const char *name;
	int (*set)(struct config_ctx *, const struct config_key *, yaml_node_t *);
	size_t offset;   /* of the char * field, for path keys */
};

static int set_guichet(struct config_ctx *, const struct config_key *, yaml_node_t *);
static int set_profil(struct config_ctx *, const struct config_key *, yaml_node_t *);
static int set_path(struct config_ctx *, const struct config_key *, yaml_node_t *);
static int set_preavis(struct config_ctx *, const struct config_key *, yaml_node_t *);
static int set_delai_avertissement(struct config_ctx *, const struct config_key *, yaml_node_t *);

static const struct config_key config_keys[] = {
	{ "guichet", set_guichet, 0 },
	{ "profil", set_profil, 0 },
	{ "repertoire", set_path, offsetof(struct sne_config, repertoire) },
	{ "rpls", set_path, offsetof(struct sne_config, rpls) },
	{ "modeles", set_path, offsetof(struct sne_config, modeles) },
	{ "guichets", set_path, offsetof(struct sne_config, guichets) },
	{ "preavis", set_preavis, 0 },
	{ "delai-avertissement", set_delai_avertissement, 0 },
};
#define NKEYS (sizeof config_keys / sizeof config_keys[0])
#define KNOWN_KEYS "guichet, profil, repertoire, rpls, modeles, guichets, preavis, delai-avertissement"

static const char *const profil_names[] = { "guichet", "bailleur", "gestionnaire" };

int sne_profil_parse(const char *text)
{
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(text, profil_names[i]) == 0)
			return i;
	return -1;
}

const char *sne_profil_name(enum sne_profil profil)
{
	return (unsigned)profil < 3 ? profil_names[profil] : "?";
}

unsigned sne_canal_parse(const char *text)
{
	if (strcmp(text, "sms") == 0)
		return SNE_CANAL_SMS;
	if (strcmp(text, "courriel") == 0)
		return SNE_CANAL_COURRIEL;
	if (strcmp(text, "courrier") == 0)
		return SNE_CANAL_COURRIER;
	return 0;
}

void sne_config_defaults(struct sne_config *out)
{
	memset(out, 0, sizeof *out);
	out->profil = SNE_PROFIL_GUICHET;
	out->preavis[0] = (struct sne_preavis_rule){ 2, SNE_CANAL_SMS | SNE_CANAL_COURRIEL };
	out->preavis[1] = (struct sne_preavis_rule){ 1, SNE_CANAL_COURRIER | SNE_CANAL_SMS };
	out->npreavis = 2;
	out->delai_avertissement = SNE_AVERTISSEMENT_DELAI_DEFAUT_MOIS;
}

void sne_config_free(struct sne_config *config)
{
	if (config == NULL)
		return;
	free(config->path);
	free(config->repertoire);
	free(config->rpls);
	free(config->modeles);
	free(config->guichets);
	config->path = config->repertoire = config->rpls = config->modeles = NULL;
	config->guichets = NULL;
}

/* Prints "file:line:col: message" at NODE and returns SNE_EX_CONFIG. */
__attribute__((format(printf, 3, 4)))
static int fail_at(struct config_ctx *ctx, const yaml_node_t *node, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	sne_warn("%s:%lu:%lu: %s", ctx->file, (unsigned long)node->start_mark.line + 1,
	         (unsigned long)node->start_mark.column + 1, message);
	return SNE_EX_CONFIG;
}

/* The text of a scalar node; NULL for a sequence or a mapping. */
static const char *scalar(const yaml_node_t *node)
{
	return node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}

/* "key:" with no value, "~" or "null": the key keeps its default. */
static int is_null(const yaml_node_t *node)
{
	const char *text = scalar(node);

	return text != NULL && node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (*text == '\0' || strcmp(text, "~") == 0 || strcmp(text, "null") == 0 ||
	        strcmp(text, "Null") == 0 || strcmp(text, "NULL") == 0);
}

static int need_scalar(struct config_ctx *ctx, const char *key, yaml_node_t *value)
{
	if (scalar(value) != NULL)
		return 0;
	return fail_at(ctx, value, "valeur invalide pour « %s » (attendu un texte, "
	               "pas une liste ni une table)", key);
}

static int set_guichet(struct config_ctx *ctx, const struct config_key *key, yaml_node_t *value)
{
	char why[SNE_WHY_MAX] = "";

	if (is_null(value))
		return 0;
	if (need_scalar(ctx, key->name, value) != 0)
		return SNE_EX_CONFIG;
	if (sne_guichet_parse(scalar(value), ctx->out->guichet, why, sizeof why) != 0)
		return fail_at(ctx, value, "valeur « %s » invalide pour « guichet » (%s)",
		               scalar(value), why);
	return 0;
}

static int set_profil(struct config_ctx *ctx, const struct config_key *key, yaml_node_t *value)
{
	int profil;

	if (is_null(value))
		return 0;
	if (need_scalar(ctx, key->name, value) != 0)
		return SNE_EX_CONFIG;
	profil = sne_profil_parse(scalar(value));
	if (profil < 0)
		return fail_at(ctx, value, "valeur « %s » invalide pour « profil » "
		               "(attendu guichet, bailleur ou gestionnaire)", scalar(value));
	ctx->out->profil = (enum sne_profil)profil;
	ctx->out->profil_given = 1;
	return 0;
}

static int set_path(struct config_ctx *ctx, const struct config_key *key, yaml_node_t *value)
{
	char **field = (char **)((char *)ctx->out + key->offset);

	free(*field);
	*field = NULL;
	if (is_null(value))
		return 0;
	if (need_scalar(ctx, key->name, value) != 0)
		return SNE_EX_CONFIG;
	if (*scalar(value) == '\0')
		return fail_at(ctx, value, "valeur vide pour « %s » (donnez un chemin ou "
		               "retirez la clé)", key->name);
	*field = strdup(scalar(value));
	if (*field == NULL)
		abort();
	return 0;
}

/* "2 mois" (or a bare "2") into 1..12; -1 otherwise. */
static int parse_mois(const char *text)
{
	char *end;
	long n;

	if (*text < '0' || *text > '9')
		return -1;
	n = strtol(text, &end, 10);
	end += strspn(end, " ");
	if (strcmp(end, "mois") == 0)
		end += strlen("mois");
	if (*end != '\0' || n < 1 || n > MOIS_MAX)
		return -1;
	return (int)n;
}

static int set_avant(struct config_ctx *ctx, yaml_node_t *value, struct sne_preavis_rule *rule)
{
	const char *text = scalar(value);

	rule->mois_avant = text != NULL ? parse_mois(text) : -1;
	if (rule->mois_avant < 0)
		return fail_at(ctx, value, "valeur « %s » invalide pour « avant » (attendu "
		               "un nombre de mois de 1 à 12, par exemple « 2 mois »)",
		               text != NULL ? text : "…");
	return 0;
}

static int add_canal(struct config_ctx *ctx, yaml_node_t *node, struct sne_preavis_rule *rule)
{
	const char *text = scalar(node);
	unsigned canal = text != NULL ? sne_canal_parse(text) : 0;

	if (canal == 0)
		return fail_at(ctx, node, "valeur « %s » invalide pour « canaux » "
		               "(attendu sms, courriel ou courrier)", text != NULL ? text : "…");
	rule->canaux |= canal;
	return 0;
}

/* "canaux: [sms, courriel]", or a single "canaux: sms". */
static int set_canaux(struct config_ctx *ctx, yaml_node_t *value, struct sne_preavis_rule *rule)
{
	yaml_node_item_t *item;

	rule->canaux = 0;
	if (value->type != YAML_SEQUENCE_NODE)
		return add_canal(ctx, value, rule);
	for (item = value->data.sequence.items.start; item < value->data.sequence.items.top; item++)
		if (add_canal(ctx, yaml_document_get_node(ctx->doc, *item), rule) != 0)
			return SNE_EX_CONFIG;
	if (rule->canaux == 0)
		return fail_at(ctx, value, "aucun canal pour ce préavis (attendu sms, courriel "
		               "ou courrier)");
	return 0;
}

static int set_rule_key(struct config_ctx *ctx, yaml_node_pair_t *pair,
                        struct sne_preavis_rule *rule)
{
	yaml_node_t *key = yaml_document_get_node(ctx->doc, pair->key);
	yaml_node_t *value = yaml_document_get_node(ctx->doc, pair->value);
	const char *name = scalar(key);

	if (name != NULL && strcmp(name, "avant") == 0)
		return set_avant(ctx, value, rule);
	if (name != NULL && strcmp(name, "canaux") == 0)
		return set_canaux(ctx, value, rule);
	return fail_at(ctx, key, "clé « %s » inconnue dans « preavis » (clés connues : "
	               "avant, canaux)", name != NULL ? name : "…");
}

/* One "{ avant: 2 mois, canaux: [sms, courriel] }". */
static int parse_rule(struct config_ctx *ctx, yaml_node_t *node, struct sne_preavis_rule *rule)
{
	yaml_node_pair_t *pair;

	if (node->type != YAML_MAPPING_NODE)
		return fail_at(ctx, node, "règle de préavis invalide (attendu "
		               "« { avant: 2 mois, canaux: [sms, courriel] } »)");
	rule->mois_avant = 0;
	rule->canaux = 0;
	for (pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top; pair++)
		if (set_rule_key(ctx, pair, rule) != 0)
			return SNE_EX_CONFIG;
	if (rule->mois_avant == 0 || rule->canaux == 0)
		return fail_at(ctx, node, "règle de préavis incomplète : « %s » manque",
		               rule->mois_avant == 0 ? "avant" : "canaux");
	return 0;
}

static int duplicate_rule(const struct sne_config *config, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (config->preavis[i].mois_avant == config->preavis[n].mois_avant)
			return 1;
	return 0;
}

static int set_preavis(struct config_ctx *ctx, const struct config_key *key, yaml_node_t *value)
{
	struct sne_config *out = ctx->out;
	yaml_node_item_t *item;
	int n = 0;

	(void)key;
	if (is_null(value))
		return 0;
	if (value->type != YAML_SEQUENCE_NODE)
		return fail_at(ctx, value, "« preavis » doit être une liste de règles "
		               "« - { avant: 2 mois, canaux: [sms, courriel] } »");
	for (item = value->data.sequence.items.start; item < value->data.sequence.items.top; item++) {
		yaml_node_t *node = yaml_document_get_node(ctx->doc, *item);

		if (n == SNE_PREAVIS_MAX)
			return fail_at(ctx, node, "trop de règles de préavis (%d au plus)", SNE_PREAVIS_MAX);
		if (parse_rule(ctx, node, &out->preavis[n]) != 0)
			return SNE_EX_CONFIG;
		if (duplicate_rule(out, n))
			return fail_at(ctx, node, "deux règles de préavis à %d mois",
			               out->preavis[n].mois_avant);
		n++;
	}
	out->npreavis = n;
	return 0;
}

/* "delai-avertissement: 2 mois": never under the legal month. */
static int set_delai_avertissement(struct config_ctx *ctx, const struct config_key *key,
                                   yaml_node_t *value)
{
	const char *text = scalar(value);
	char *end;
	long n;

	if (is_null(value))
		return 0;
	if (need_scalar(ctx, key->name, value) != 0)
		return SNE_EX_CONFIG;
	n = *text >= '0' && *text <= '9' ? strtol(text, &end, 10) : -1;
	if (n >= 0) {
		end += strspn(end, " ");
		if (strcmp(end, "mois") == 0)
			end += strlen("mois");
		if (*end != '\0')
			n = -1;
	}
	if (n < 0 || n > SNE_AVERTISSEMENT_DELAI_MAX_MOIS)
		return fail_at(ctx, value, "valeur « %s » invalide pour « delai-avertissement » "
		               "(attendu un nombre de mois de %d à %d, par exemple « 2 mois »)", text,
		               SNE_AVERTISSEMENT_DELAI_MIN_MOIS, SNE_AVERTISSEMENT_DELAI_MAX_MOIS);
	if (n < SNE_AVERTISSEMENT_DELAI_MIN_MOIS)
		return fail_at(ctx, value, "« delai-avertissement » de %ld mois refusé : la radiation "
		               "ne peut intervenir qu'un mois au moins après l'avertissement "
		               "(CCH R441-2-8) ; donnez 1 mois ou plus", n);
	ctx->out->delai_avertissement = (int)n;
	return 0;
}

static const struct config_key *find_key(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < NKEYS; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

static int apply_pair(struct config_ctx *ctx, yaml_node_pair_t *pair, unsigned *seen)
{
	yaml_node_t *key = yaml_document_get_node(ctx->doc, pair->key);
	yaml_node_t *value = yaml_document_get_node(ctx->doc, pair->value);
	const struct config_key *known = find_key(scalar(key));
	unsigned bit;

	if (known == NULL)
		return fail_at(ctx, key, "clé « %s » inconnue (clés connues : " KNOWN_KEYS ")",
		               scalar(key) != NULL ? scalar(key) : "…");
	bit = 1u << (known - config_keys);
	if (*seen & bit)
		return fail_at(ctx, key, "clé « %s » en double", known->name);
	*seen |= bit;
	return known->set(ctx, known, value);
}

static int apply_document(struct config_ctx *ctx)
{
	yaml_node_t *root = yaml_document_get_root_node(ctx->doc);
	yaml_node_pair_t *pair;
	unsigned seen = 0;

	if (root == NULL || is_null(root))
		return 0;
	if (root->type != YAML_MAPPING_NODE)
		return fail_at(ctx, root, "le fichier doit être une table de clés (clés "
		               "connues : " KNOWN_KEYS ")");
	for (pair = root->data.mapping.pairs.start; pair < root->data.mapping.pairs.top; pair++)
		if (apply_pair(ctx, pair, &seen) != 0)
			return SNE_EX_CONFIG;
	return 0;
}

static int syntax_error(const char *path, const yaml_parser_t *parser)
{
	yaml_mark_t mark = parser->problem ? parser->problem_mark : parser->context_mark;
	const char *context = sne_yaml_context_text(parser->context);

	sne_warn("%s:%lu:%lu: syntaxe YAML invalide : %s%s%s", path,
	         (unsigned long)mark.line + 1, (unsigned long)mark.column + 1,
	         sne_yaml_problem_text(parser->problem), context ? ", " : "",
	         context ? context : "");
	return SNE_EX_CONFIG;
}

static int parse_stream(const char *path, FILE *file, struct sne_config *out)
{
	struct config_ctx ctx = { path, NULL, out };
	yaml_parser_t parser;
	yaml_document_t doc;
	int rc;

	if (!yaml_parser_initialize(&parser))
		abort();
	yaml_parser_set_input_file(&parser, file);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = syntax_error(path, &parser);
		yaml_parser_delete(&parser);
		return rc;
	}
	ctx.doc = &doc;
	rc = apply_document(&ctx);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

/* Loads PATH over the defaults.  A missing file returns -1 (printing
 * nothing) unless REQUIRED. */
static int load_path(const char *path, int required, struct sne_config *out)
{
	FILE *file = fopen(path, "re");
	char why[1024];
	int rc;

	sne_config_defaults(out);
	if (file != NULL && !sne_config_file_trusted(fileno(file), path, why, sizeof why)) {
		sne_warn("%s", why);
		fclose(file);
		return SNE_EX_CONFIG;
	}
	if (file == NULL) {
		if (errno == ENOENT && !required)
			return -1;
		if (errno == ENOENT)
			sne_warn("fichier de configuration « %s » introuvable", path);
		else
			sne_warn("impossible de lire le fichier de configuration « %s » :", path);
		return SNE_EX_CONFIG;
	}
	rc = parse_stream(path, file, out);
	fclose(file);
	if (rc != 0) {
		sne_config_free(out);
		sne_config_defaults(out);
		return rc;
	}
	out->path = strdup(path);
	if (out->path == NULL)
		abort();
	return 0;
}

int sne_config_load_file(const char *path, struct sne_config *out)
{
	return load_path(path, 1, out);
}

int sne_config_load(const char *explicit_path, struct sne_config *out)
{
	static const char *const search[] = { "sne.yaml", "/etc/sne/sne.yaml" };
	const char *env = getenv("SNE_CONFIG");
	size_t i;
	int rc;

	if (explicit_path != NULL)
		return load_path(explicit_path, 1, out);
	if (env != NULL && *env != '\0')
		return load_path(env, 1, out);
	for (i = 0; i < sizeof search / sizeof search[0]; i++) {
		rc = load_path(search[i], 0, out);
		if (rc >= 0)
			return rc;
	}
	sne_config_defaults(out);
	return 0;
}

static char *join(const char *dir, const char *rest)
{
	char *path;

	if (asprintf(&path, "%s%s", dir, rest) < 0)
		abort();
	return path;
}

#ifndef SNE_STATEDIR
#define SNE_STATEDIR "/var/lib/sne" /* the Makefile's STATEDIR */
#endif

char *sne_config_state_dir(const struct sne_config *config)
{
	if (config != NULL && config->repertoire != NULL)
		return join(config->repertoire, "");
	return join(SNE_STATEDIR, "");
}

int sne_config_state_dir_is_default(const struct sne_config *config)
{
	return config == NULL || config->repertoire == NULL;
}
