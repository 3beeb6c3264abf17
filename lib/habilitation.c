/* The habilitations file: checked as sudo checks sudoers (owner, write
 * bits of the file and its folder), then read with libyaml's document API.
 * Every entry is checked, not only the user's: a typo is caught by the
 * administrator's next run, whoever runs it. */
#include "sne/habilitation.h"

#include "sne/acces.h"
#include "sne/err.h"
#include "sne/operateur.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#ifdef SNE_HABILITATIONS_TEST
/* the programs of tests/habilitations.bats only (the Makefile's HAB_TEST) */
#undef SNE_HABILITATIONS
#define SNE_HABILITATIONS SNE_HABILITATIONS_TEST
#endif
#ifndef SNE_HABILITATIONS
#define SNE_HABILITATIONS "/etc/sne/habilitations.yaml" /* the Makefile's HABILITATIONS */
#endif
#ifndef SNE_HABILITATIONS_OWNER
#define SNE_HABILITATIONS_OWNER "root" /* the Makefile's HABILITATIONS_OWNER */
#endif

#define GROUPS_MAX 256

struct hab_ctx {
	const char *file;
	yaml_document_t *doc;
	const char *login;
	const char *const *groups;
	size_t ngroups;
	struct sne_habilitation *out;
	struct sne_acces *all;   /* every entry, for sne-acces; NULL for a user's run */
};

const char *sne_habilitation_default_path(void)
{
	return SNE_HABILITATIONS;
}

void sne_habilitation_free(struct sne_habilitation *h)
{
	free(h->guichets);
	h->guichets = NULL;
	h->nguichets = 0;
}

__attribute__((format(printf, 3, 4)))
static int fail_at(struct hab_ctx *ctx, const yaml_node_t *node, const char *fmt, ...)
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

static const char *scalar(const yaml_node_t *node)
{
	return node != NULL && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value
	                                                       : NULL;
}

/* ------------------------------------------------------------------ */
/* who may write the file */

/* Whether ST may only be written by root or OWNER (group write only for
 * group root). */
static int safe_owner_and_mode(const struct stat *st, unsigned owner_uid)
{
	if (st->st_uid != 0 && st->st_uid != (uid_t)owner_uid)
		return 0;
	if (st->st_mode & S_IWOTH)
		return 0;
	return !(st->st_mode & S_IWGRP) || st->st_gid == 0;
}

static int refuse_writable(const char *what, const char *path, const struct stat *st)
{
	sne_warn("%s « %s » modifiable par d'autres que l'administrateur (propriétaire uid %lu, "
	         "mode %03o) : habilitations refusées ; corrigez avec « chown root:root » et "
	         "« chmod 644 » (dossier : « chmod 755 »)", what, path, (unsigned long)st->st_uid,
	         (unsigned)(st->st_mode & 0777));
	return SNE_EX_CONFIG;
}

static int check_folder(const char *path, unsigned owner_uid)
{
	char copy[512];
	struct stat st;
	const char *dir;

	snprintf(copy, sizeof copy, "%s", path);
	dir = dirname(copy);
	if (stat(dir, &st) != 0) {
		sne_warn("dossier des habilitations « %s » illisible :", dir);
		return SNE_EX_CONFIG;
	}
	if (!safe_owner_and_mode(&st, owner_uid))
		return refuse_writable("dossier des habilitations", dir, &st);
	return 0;
}

/* ------------------------------------------------------------------ */
/* entries */

static int add_profil(struct hab_ctx *ctx, yaml_node_t *node, unsigned *profils, int *first)
{
	int profil = scalar(node) != NULL ? sne_profil_parse(scalar(node)) : -1;

	if (profil < 0)
		return fail_at(ctx, node, "profil « %s » inconnu (attendu guichet, bailleur ou "
		               "gestionnaire)", scalar(node) != NULL ? scalar(node) : "…");
	if (*first < 0)
		*first = profil;
	*profils |= 1u << profil;
	return 0;
}

static int parse_profils(struct hab_ctx *ctx, yaml_node_t *value, unsigned *profils, int *first)
{
	yaml_node_item_t *item;

	if (value->type != YAML_SEQUENCE_NODE)
		return add_profil(ctx, value, profils, first);
	for (item = value->data.sequence.items.start; item < value->data.sequence.items.top; item++)
		if (add_profil(ctx, yaml_document_get_node(ctx->doc, *item), profils, first) != 0)
			return SNE_EX_CONFIG;
	return 0;
}

/* Adds guichet NODE to OUT when KEEP (the entry is the user's). */
static int add_guichet(struct hab_ctx *ctx, yaml_node_t *node, int keep, size_t *count)
{
	struct sne_habilitation *out = ctx->out;
	char code[SNE_GUICHET_SIZE], why[SNE_WHY_MAX];

	if (scalar(node) == NULL || sne_guichet_parse(scalar(node), code, why, sizeof why) != 0)
		return fail_at(ctx, node, "%s", scalar(node) != NULL ? why : "guichet attendu");
	(*count)++;
	if (!keep || sne_habilitation_allows_guichet(out, code))
		return 0;
	out->guichets = realloc(out->guichets, (out->nguichets + 1) * sizeof *out->guichets);
	if (out->guichets == NULL)
		abort();
	memcpy(out->guichets[out->nguichets++], code, SNE_GUICHET_SIZE);
	return 0;
}

static int parse_guichets(struct hab_ctx *ctx, yaml_node_t *value, int keep, size_t *count)
{
	yaml_node_item_t *item;

	if (value->type != YAML_SEQUENCE_NODE)
		return add_guichet(ctx, value, keep, count);
	for (item = value->data.sequence.items.start; item < value->data.sequence.items.top; item++)
		if (add_guichet(ctx, yaml_document_get_node(ctx->doc, *item), keep, count) != 0)
			return SNE_EX_CONFIG;
	return 0;
}

/* Whether entry NAME ("alice", "%sne-support") is the user's. */
static int entry_matches(const struct hab_ctx *ctx, const char *name)
{
	size_t i;

	if (name[0] != '%')
		return strcmp(name, ctx->login) == 0;
	for (i = 0; i < ctx->ngroups; i++)
		if (strcmp(name + 1, ctx->groups[i]) == 0)
			return 1;
	return 0;
}

/* Reads the entry KEY: VALUE into OUT, which is CTX->out (its profiles,
 * first profile, guichets, all_guichets); OUT is freed by the caller. */
static int parse_entry_into(struct hab_ctx *ctx, yaml_node_t *key, yaml_node_t *value,
                            struct sne_habilitation *out)
{
	int keep = 1, first = -1;
	unsigned profils = 0;
	size_t nguichets = 0;
	yaml_node_pair_t *pair;

	if (value->type != YAML_MAPPING_NODE)
		return fail_at(ctx, value, "habilitation de « %s » invalide (attendu « { profil: "
		               "guichet, guichets: [G0417] } »)", scalar(key));
	for (pair = value->data.mapping.pairs.start; pair < value->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_document_get_node(ctx->doc, pair->key);
		yaml_node_t *v = yaml_document_get_node(ctx->doc, pair->value);
		const char *name = scalar(k) != NULL ? scalar(k) : "…";
		int rc;

		if (strcmp(name, "profil") == 0)
			rc = parse_profils(ctx, v, &profils, &first);
		else if (strcmp(name, "guichets") == 0)
			rc = parse_guichets(ctx, v, keep, &nguichets);
		else
			rc = fail_at(ctx, k, "clé « %s » inconnue (clés connues : profil, guichets)", name);
		if (rc != 0)
			return rc;
	}
	if (profils == 0)
		return fail_at(ctx, value, "habilitation de « %s » sans profil", scalar(key));
	if (nguichets == 0 && !(profils & (1u << SNE_PROFIL_GESTIONNAIRE)))
		return fail_at(ctx, value, "habilitation de « %s » sans guichets : seul le profil "
		               "gestionnaire agit pour tous les guichets", scalar(key));
	out->first = (enum sne_profil)first;
	out->profils = profils;
	out->all_guichets = nguichets == 0;
	return 0;
}

/* Keeps entry NAME whole in CTX->all: its guichets are moved from G. */
static void keep_entry(struct hab_ctx *ctx, const char *name, unsigned profils, int first,
                       struct sne_habilitation *g)
{
	struct sne_acces_entree *e = sne_acces_get(ctx->all, name);
	size_t i;

	e->profils |= profils;
	if (e->premier == 0 && e->profils == profils)
		e->premier = (enum sne_profil)first;
	for (i = 0; i < g->nguichets; i++)
		sne_acces_add_guichet(e, g->guichets[i]);
}

/* Adds the guichets of G to the user's grant. */
static void grant_guichets(struct sne_habilitation *out, const struct sne_habilitation *g)
{
	size_t i;

	for (i = 0; i < g->nguichets; i++) {
		if (sne_habilitation_allows_guichet(out, g->guichets[i]))
			continue;
		out->guichets = realloc(out->guichets, (out->nguichets + 1) * sizeof *out->guichets);
		if (out->guichets == NULL)
			abort();
		memcpy(out->guichets[out->nguichets++], g->guichets[i], SNE_GUICHET_SIZE);
	}
}

static int parse_entry(struct hab_ctx *ctx, yaml_node_t *key, yaml_node_t *value)
{
	struct sne_habilitation *user = ctx->out, entry;
	int rc;

	memset(&entry, 0, sizeof entry);
	ctx->out = &entry;
	rc = parse_entry_into(ctx, key, value, &entry);
	ctx->out = user;

	if (rc == 0 && ctx->all != NULL)
		keep_entry(ctx, scalar(key), entry.profils, entry.first, &entry);
	if (rc == 0 && entry_matches(ctx, scalar(key))) {
		if (!user->found)
			user->first = entry.first;
		user->found = 1;
		user->profils |= entry.profils;
		user->all_guichets |= entry.all_guichets;
		grant_guichets(user, &entry);
	}
	sne_habilitation_free(&entry);
	return rc;
}

static int apply_document(struct hab_ctx *ctx)
{
	yaml_node_t *root = yaml_document_get_root_node(ctx->doc);
	yaml_node_pair_t *pair;

	if (root == NULL || (root->type == YAML_SCALAR_NODE && *scalar(root) == '\0'))
		return 0; /* an empty file grants nothing */
	if (root->type != YAML_MAPPING_NODE)
		return fail_at(ctx, root, "le fichier doit être une table « identifiant: { profil: "
		               "…, guichets: […] } »");
	for (pair = root->data.mapping.pairs.start; pair < root->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(ctx->doc, pair->key);

		if (scalar(key) == NULL || *scalar(key) == '\0' || strcmp(scalar(key), "%") == 0)
			return fail_at(ctx, key, "identifiant ou « %%groupe » attendu");
		if (parse_entry(ctx, key, yaml_document_get_node(ctx->doc, pair->value)) != 0)
			return SNE_EX_CONFIG;
	}
	return 0;
}

static int parse_file(struct hab_ctx *ctx, FILE *file)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	int rc;

	if (!yaml_parser_initialize(&parser))
		abort();
	yaml_parser_set_input_file(&parser, file);
	if (!yaml_parser_load(&parser, &doc)) {
		yaml_mark_t mark = parser.problem ? parser.problem_mark : parser.context_mark;

		sne_warn("%s:%lu:%lu: syntaxe YAML invalide (%s)", ctx->file,
		         (unsigned long)mark.line + 1, (unsigned long)mark.column + 1,
		         parser.problem ? parser.problem : "erreur inconnue");
		yaml_parser_delete(&parser);
		return SNE_EX_CONFIG;
	}
	ctx->doc = &doc;
	rc = apply_document(ctx);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

/* Opens PATH, checks who may write it and its folder, and parses it with
 * CTX.  Returns 0 (*EXISTS 0 when there is no such file), or
 * SNE_EX_CONFIG after the message. */
static int load_checked(struct hab_ctx *ctx, const char *path, unsigned owner_uid, int *exists)
{
	struct stat st;
	FILE *file;
	int fd, rc;

	*exists = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	*exists = 1;
	if (fd < 0 || fstat(fd, &st) != 0) {
		sne_warn("fichier des habilitations « %s » illisible :", path);
		if (fd >= 0)
			close(fd);
		return SNE_EX_CONFIG;
	}
	if (!S_ISREG(st.st_mode) || !safe_owner_and_mode(&st, owner_uid)) {
		close(fd);
		return refuse_writable("fichier des habilitations", path, &st);
	}
	if ((rc = check_folder(path, owner_uid)) != 0) {
		close(fd);
		return rc;
	}
	file = fdopen(fd, "r");
	if (file == NULL)
		abort();
	rc = parse_file(ctx, file);
	fclose(file);
	return rc;
}

int sne_habilitation_load(const char *path, const char *login, const char *const *groups,
                          size_t ngroups, unsigned owner_uid, struct sne_habilitation *out)
{
	struct hab_ctx ctx = { path, NULL, login, groups, ngroups, out, NULL };
	int rc;

	memset(out, 0, sizeof *out);
	snprintf(out->path, sizeof out->path, "%s", path);
	snprintf(out->login, sizeof out->login, "%s", login);
	rc = load_checked(&ctx, path, owner_uid, &out->enforced);
	if (rc != 0)
		sne_habilitation_free(out);
	return rc;
}

int sne_acces_load(const char *path, unsigned owner_uid, struct sne_acces *out)
{
	struct sne_habilitation nobody;
	struct hab_ctx ctx = { path, NULL, "", NULL, 0, &nobody, out };
	int exists, rc;

	memset(out, 0, sizeof *out);
	memset(&nobody, 0, sizeof nobody);
	rc = load_checked(&ctx, path, owner_uid, &exists);
	sne_habilitation_free(&nobody);
	if (rc != 0)
		sne_acces_free(out);
	return rc;
}

/* The names of the groups of LOGIN (primary GID and the group database),
 * into NAMES (GROUPS_MAX, strings freed by the caller). */
static size_t user_groups(const char *login, gid_t gid, char **names)
{
	gid_t gids[GROUPS_MAX];
	int n = GROUPS_MAX, i;
	size_t count = 0;

	if (getgrouplist(login, gid, gids, &n) < 0)
		n = GROUPS_MAX;
	for (i = 0; i < n; i++) {
		struct group *gr = getgrgid(gids[i]);

		if (gr != NULL && (names[count] = strdup(gr->gr_name)) != NULL)
			count++;
	}
	return count;
}

unsigned sne_habilitation_owner_uid(void)
{
	struct passwd *owner = getpwnam(SNE_HABILITATIONS_OWNER);

	return owner != NULL ? (unsigned)owner->pw_uid : 0;
}

int sne_habilitation_load_user(struct sne_habilitation *out)
{
	const char *login = sne_operateur_login();
	struct passwd *pw = getpwuid(getuid());
	struct passwd *owner = getpwnam(SNE_HABILITATIONS_OWNER);
	char *groups[GROUPS_MAX];
	size_t ngroups = pw != NULL ? user_groups(login, pw->pw_gid, groups) : 0, i;
	unsigned owner_uid = owner != NULL ? (unsigned)owner->pw_uid : 0;
	int rc = sne_habilitation_load(SNE_HABILITATIONS, login, (const char *const *)groups,
	                               ngroups, owner_uid, out);

	for (i = 0; i < ngroups; i++)
		free(groups[i]);
	return rc;
}

/* ------------------------------------------------------------------ */
/* checking a run */

int sne_habilitation_allows_guichet(const struct sne_habilitation *h, const char *code)
{
	size_t i;

	if (h->all_guichets)
		return 1;
	for (i = 0; i < h->nguichets; i++)
		if (strcmp(h->guichets[i], code) == 0)
			return 1;
	return 0;
}

void sne_habilitation_describe(const struct sne_habilitation *h, char *buf, size_t size)
{
	size_t len = 0, i;
	int p;

	buf[0] = '\0';
	for (p = 0; p <= SNE_PROFIL_GESTIONNAIRE; p++)
		if (h->profils & (1u << p))
			len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
			                        len == 0 ? "profil " : ", ", sne_profil_name(p));
	if (h->all_guichets)
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, ", tous les guichets");
	for (i = 0; i < h->nguichets && !h->all_guichets; i++)
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
		                        i == 0 ? ", guichets " : ", ", h->guichets[i]);
}

/* Prints, on a terminal only, that nothing is enforced (a script's
 * messages stay as they were). */
static void say_not_enforced(const struct sne_habilitation *h)
{
	if (isatty(STDERR_FILENO))
		sne_info("profils non appliqués : pas de fichier %s (voir sne.yaml(5), "
		         "HABILITATIONS)", h->path);
}

static int check_profil(const struct sne_habilitation *h, struct sne_config *config,
                        int profil_given, const char *granted)
{
	if (!profil_given) {
		config->profil = h->first;
		return 0;
	}
	if (h->profils & (1u << config->profil))
		return 0;
	sne_warn("le profil « %s » de %s n'est pas accordé à « %s » (habilitations : %s) : "
	         "retirez la clé « profil » ou demandez l'habilitation au gestionnaire",
	         sne_profil_name(config->profil), config->path != NULL ? config->path : "la configuration",
	         h->login, granted);
	return SNE_EX_NOPERM;
}

int sne_habilitation_check(const struct sne_habilitation *h, struct sne_config *config,
                           int profil_given, char guichet[SNE_GUICHET_SIZE], int anyone)
{
	char granted[1024];

	if (!h->enforced) {
		say_not_enforced(h);
		return 0;
	}
	if (!h->found) {
		if (anyone)
			return 0;
		sne_warn("« %s » n'a pas d'habilitation dans %s : demandez un accès au gestionnaire "
		         "(sne-acces)", h->login, h->path);
		return SNE_EX_NOPERM;
	}
	sne_habilitation_describe(h, granted, sizeof granted);
	if (check_profil(h, config, profil_given, granted) != 0)
		return SNE_EX_NOPERM;
	if (guichet[0] == '\0' && !h->all_guichets && h->nguichets == 1)
		memcpy(guichet, h->guichets[0], SNE_GUICHET_SIZE);
	if (guichet[0] != '\0' && !sne_habilitation_allows_guichet(h, guichet)) {
		sne_warn("« %s » ne peut pas agir pour le guichet %s (habilitations : %s)", h->login,
		         guichet, granted);
		return SNE_EX_NOPERM;
	}
	return 0;
}
