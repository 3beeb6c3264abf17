/* sne-acces: the habilitations (who may act as which guichets with which
 * profile), listed, granted and withdrawn in the file of the build, under
 * a lock, each change a line of FILE.historique.  Only a gestionnaire of
 * the file, or the administrator (root, who creates it), changes it; the
 * system's permissions on the file say who can write it. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sne/acces.h"
#include "sne/cli.h"
#include "sne/err.h"
#include "sne/guichets.h"
#include "sne/habilitation.h"
#include "sne/lock.h"
#include "sne/operateur.h"
#include "sne/stop.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-acces [--lister] [--format table|tsv]\n"
	"        sne-acces --accorder NOM --profil PROFIL... [--guichet CODE...]\n"
	"        sne-acces --retirer NOM [--profil PROFIL...] [--guichet CODE...]\n"
	"Les habilitations : qui (identifiant, ou %groupe) agit pour quels guichets\n"
	"avec quel profil, dans le fichier des habilitations (sne.yaml(5)).  Les\n"
	"changer est réservé au profil gestionnaire et à l'administrateur (root) ;\n"
	"chaque changement est une ligne de FICHIER.historique.\n"
	"\n"
	"      --lister          les habilitations, une par ligne (défaut)\n"
	"      --format FORMAT   (--lister) table (défaut) ou tsv\n"
	"      --accorder NOM    ajouter à NOM les profils et guichets donnés\n"
	"      --retirer NOM     retirer à NOM les profils et guichets donnés ; sans\n"
	"                        eux, toute son habilitation\n"
	"      --profil PROFIL   guichet, bailleur ou gestionnaire (répétable)\n"
	"      --guichet CODE    un guichet, répétable ; avec la clé « guichets »,\n"
	"                        il doit être au registre des guichets\n"
	"  -c, --config FICHIER  configuration YAML (clé « guichets »)\n"
	"  -q, --quiet           pas de message sauf les erreurs\n"
	"      --wait            attendre que le fichier soit libre\n"
	"  -h, --help            cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait ; 64 usage ou changement refusé ; 73 écriture\n"
	"impossible ; 74 E/S ; 75 fichier verrouillé ; 77 profil ; 78 fichier ou\n"
	"configuration invalide.\n";

enum {
	OPT_LISTER = SNE_OPT_FIRST_PROGRAM,
	OPT_FORMAT,
	OPT_ACCORDER,
	OPT_RETIRER,
	OPT_PROFIL,
	OPT_GUICHET
};

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "config", required_argument, NULL, 'c' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "wait", no_argument, NULL, SNE_OPT_WAIT },
	{ "lister", no_argument, NULL, OPT_LISTER },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "accorder", required_argument, NULL, OPT_ACCORDER },
	{ "retirer", required_argument, NULL, OPT_RETIRER },
	{ "profil", required_argument, NULL, OPT_PROFIL },
	{ "guichet", required_argument, NULL, OPT_GUICHET },
	{ NULL, 0, NULL, 0 }
};

#define GUICHETS_MAX 64

struct options {
	enum { LISTER, ACCORDER, RETIRER } action;
	int action_given, tsv;
	const char *nom;
	unsigned profils;
	int premier;
	char guichets[GUICHETS_MAX][SNE_GUICHET_SIZE];
	size_t nguichets;
};

static void set_action(struct options *o, int action, const char *nom)
{
	if (o->action_given)
		sne_cli_usage_error("une action à la fois : --lister, --accorder ou --retirer");
	o->action = action;
	o->action_given = 1;
	o->nom = nom;
	if (nom == NULL)
		return;
	if (*nom == '\0' || strcmp(nom, "%") == 0 || strlen(nom) >= SNE_ACCES_NOM_SIZE ||
	    nom[(*nom == '%') + strspn(nom + (*nom == '%'), "abcdefghijklmnopqrstuvwxyz"
	                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")] != '\0')
		sne_cli_usage_error("nom « %.40s » invalide : attendu un identifiant Unix (alice) ou "
		                    "un groupe (%%sne-support)", nom);
}

static void add_profil(struct options *o, const char *text)
{
	int p = sne_profil_parse(text);

	if (p < 0)
		sne_cli_usage_error("option --profil : profil « %.40s » inconnu (attendu guichet, "
		                    "bailleur ou gestionnaire)", text);
	if (o->profils == 0)
		o->premier = p;
	o->profils |= 1u << p;
}

static void add_guichet(struct options *o, const char *text)
{
	char why[SNE_WHY_MAX];

	if (o->nguichets == GUICHETS_MAX)
		sne_cli_usage_error("--guichet : %d au plus", GUICHETS_MAX);
	if (sne_guichet_parse(text, o->guichets[o->nguichets], why, sizeof why) != 0)
		sne_cli_usage_error("option --guichet : %s", why);
	if (strcmp(o->guichets[o->nguichets], SNE_GUICHET_PGP) == 0)
		sne_cli_usage_error("option --guichet : GDPUB est le portail grand public, le code "
		                    "d'aucun guichet");
	o->nguichets++;
}

static void parse_args(struct sne_cli *cli, struct options *o, int argc, char **argv)
{
	int opt;

	sne_cli_init(cli, argv[0], usage);
	while ((opt = sne_cli_getopt(argc, argv, "hVc:q", long_options)) != -1) {
		if (sne_cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case OPT_LISTER: set_action(o, LISTER, NULL); break;
		case OPT_ACCORDER: set_action(o, ACCORDER, optarg); break;
		case OPT_RETIRER: set_action(o, RETIRER, optarg); break;
		case OPT_FORMAT:
			if (strcmp(optarg, "table") != 0 && strcmp(optarg, "tsv") != 0)
				sne_cli_usage_error("--format « %.20s » inconnu : attendu table ou tsv",
				                    optarg);
			o->tsv = strcmp(optarg, "tsv") == 0;
			break;
		case OPT_PROFIL: add_profil(o, optarg); break;
		case OPT_GUICHET: add_guichet(o, optarg); break;
		default: sne_cli_usage_error("option inattendue");
		}
	}
	if (optind < argc)
		sne_cli_usage_error("argument inattendu « %.40s »", argv[optind]);
	if (o->action == ACCORDER && o->profils == 0 && o->nguichets == 0)
		sne_cli_usage_error("--accorder %s : donnez --profil ou --guichet", o->nom);
	if (o->action == LISTER && (o->profils != 0 || o->nguichets > 0))
		sne_cli_usage_error("--profil et --guichet vont avec --accorder ou --retirer");
	cli->anyone = 1;       /* checked below, against the file itself */
	cli->own_register = 1; /* no guichet acts: the codes given are checked below */
	sne_cli_finish(cli, argc, argv);
}

/* ------------------------------------------------------------------ */
/* who may */

/* The administrator (root), or a gestionnaire of the file. */
static void require_gestionnaire(void)
{
	struct sne_habilitation h;
	int rc, granted;

	if (getuid() == 0)
		return;
	if ((rc = sne_habilitation_load_user(&h)) != 0)
		sne_stop(rc);
	granted = h.enforced && h.found && (h.profils & (1u << SNE_PROFIL_GESTIONNAIRE));
	sne_habilitation_free(&h);
	if (granted)
		return;
	sne_warn(h.enforced ? "« %s » n'a pas le profil gestionnaire dans %s : les habilitations "
	                      "ne lui sont pas ouvertes"
	                    : "« %s » ne peut pas créer %s : l'administrateur (root) le crée, avec "
	                      "un premier gestionnaire",
	         sne_operateur_login(), sne_habilitation_default_path());
	sne_stop(SNE_EX_NOPERM);
}

/* With a guichet register configured, every code given must be in it. */
static void check_guichets(struct sne_cli *cli, const struct options *o)
{
	struct sne_guichets *reg;
	char nearest[64];
	size_t i;
	int rc;

	if (cli->config.guichets == NULL || o->action != ACCORDER || o->nguichets == 0)
		return;
	if ((rc = sne_guichets_load(cli->config.guichets, &reg)) != 0)
		sne_stop(rc);
	for (i = 0; i < o->nguichets; i++) {
		if (sne_guichets_find(reg, o->guichets[i]) != NULL)
			continue;
		sne_guichets_nearest(reg, o->guichets[i], cli->date, nearest, sizeof nearest);
		sne_warn("guichet %s inconnu du registre des guichets %s%s%s%s", o->guichets[i],
		         cli->config.guichets, nearest[0] ? " (codes proches : " : "", nearest,
		         nearest[0] ? ")" : "");
		sne_guichets_free(reg);
		sne_stop(SNE_EX_USAGE);
	}
	sne_guichets_free(reg);
}

/* ------------------------------------------------------------------ */
/* listing */

static int print_list(const struct sne_acces *a, int tsv)
{
	size_t width = 3, i;
	char text[4096];

	for (i = 0; i < a->n; i++)
		if (strlen(a->entrees[i].nom) > width)
			width = strlen(a->entrees[i].nom);
	if (tsv)
		printf("nom\thabilitation\n");
	else
		printf("%-*s  habilitation\n", (int)width, "nom");
	for (i = 0; i < a->n; i++) {
		sne_acces_describe(&a->entrees[i], text, sizeof text);
		if (tsv)
			printf("%s\t%s\n", a->entrees[i].nom, text);
		else
			printf("%-*s  %s\n", (int)width, a->entrees[i].nom, text);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		sne_warn("écriture impossible sur la sortie standard :");
		return SNE_EX_IOERR;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* changing */

/* Applies O to A; returns 0, or 64 after the message. */
static int apply(struct sne_acces *a, const struct options *o)
{
	struct sne_acces_entree *e = sne_acces_find(a, o->nom);
	size_t i;

	if (o->action == RETIRER && e == NULL) {
		sne_warn("« %s » n'a pas d'habilitation : rien à retirer", o->nom);
		return SNE_EX_USAGE;
	}
	if (o->action == RETIRER && o->profils == 0 && o->nguichets == 0) {
		sne_acces_remove(a, o->nom);
		return 0;
	}
	if (e == NULL) {
		e = sne_acces_get(a, o->nom);
		e->premier = (enum sne_profil)o->premier;
	}
	for (i = 0; i < o->nguichets; i++)
		if (o->action == ACCORDER)
			sne_acces_add_guichet(e, o->guichets[i]);
		else
			sne_acces_remove_guichet(e, o->guichets[i]);
	if (o->action == ACCORDER)
		e->profils |= o->profils;
	else
		e->profils &= ~o->profils;
	if (!(e->profils & (1u << e->premier)))
		for (e->premier = SNE_PROFIL_GUICHET; !(e->profils & (1u << e->premier)) &&
		     e->premier < SNE_PROFIL_GESTIONNAIRE; e->premier++)
			;
	if (e->profils == 0) {
		sne_warn("« %s » garderait des guichets sans profil : retirez toute son habilitation "
		         "(--retirer %s, sans --profil ni --guichet)", o->nom, o->nom);
		return SNE_EX_USAGE;
	}
	if (e->nguichets == 0 && !(e->profils & (1u << SNE_PROFIL_GESTIONNAIRE))) {
		sne_warn("« %s » n'aurait aucun guichet : seul un gestionnaire agit pour tous ; donnez "
		         "--guichet", o->nom);
		return SNE_EX_USAGE;
	}
	return 0;
}

/* Writes A over PATH through a temporary file of its folder, with the
 * owner, group and mode of the old file (root's, 0644, for a new one). */
static int write_file(const char *path, const struct sne_acces *a)
{
	char tmp[4096];
	struct stat st;
	FILE *out;
	int fd, rc = 0;

	snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		sne_warn("%s: écriture impossible (les habilitations s'écrivent en administrateur) :",
		         path);
		return SNE_EX_CANTCREAT;
	}
	if (stat(path, &st) == 0) {
		if (fchown(fd, st.st_uid, st.st_gid) != 0 && errno != EPERM)
			rc = SNE_EX_IOERR;
		fchmod(fd, st.st_mode & 0644);
	} else
		fchmod(fd, 0644);
	out = fdopen(fd, "w");
	if (out == NULL)
		abort();
	if (rc != 0 || sne_acces_write(a, out) != 0 || fflush(out) != 0 || fsync(fd) != 0 ||
	    fclose(out) != 0 || rename(tmp, path) != 0) {
		sne_warn("%s: écriture impossible :", path);
		unlink(tmp);
		return SNE_EX_IOERR;
	}
	return 0;
}

/* Under sudo(8), the person behind root (sudo sets SUDO_USER; only root
 * can set it otherwise), or NULL. */
static const char *sudo_user(void)
{
	const char *user = getenv("SUDO_USER");

	return getuid() == 0 && user != NULL && *user != '\0' ? user : NULL;
}

static int append_history(const char *path, const struct options *o, const char *avant,
                          const char *apres)
{
	char hist[4096], when[32];
	time_t now = time(NULL);
	FILE *f;
	int fd;

	snprintf(hist, sizeof hist, "%s.historique", path);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", localtime(&now));
	fd = open(hist, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 || (f = fdopen(fd, "a")) == NULL) {
		sne_warn("%s: écriture impossible :", hist);
		return SNE_EX_IOERR;
	}
	fprintf(f, "%s\t%s%s%s%s\t%s\t%s\t%s\t%s\n", when, sne_operateur_login(),
	        sudo_user() ? " (sudo " : "", sudo_user() ? sudo_user() : "", sudo_user() ? ")" : "",
	        o->action == ACCORDER ? "accorder" : "retirer", o->nom, avant, apres);
	if (fclose(f) != 0) {
		sne_warn("%s: écriture impossible :", hist);
		return SNE_EX_IOERR;
	}
	return 0;
}

static void describe_entry(struct sne_acces *a, const char *nom, char *buf, size_t size)
{
	struct sne_acces_entree *e = sne_acces_find(a, nom);

	if (e == NULL)
		snprintf(buf, size, "-");
	else
		sne_acces_describe(e, buf, size);
}

static int change(struct sne_cli *cli, const struct options *o, const char *path)
{
	char lock_path[4096], why[SNE_WHY_MAX], avant[4096], apres[4096];
	struct sne_lock lock = { -1 };
	struct sne_acces a;
	int rc;

	snprintf(lock_path, sizeof lock_path, "%s.lock", path);
	if ((rc = sne_lock_acquire(&lock, lock_path, cli->wait, why, sizeof why)) != 0) {
		sne_warn("%s", why);
		return rc;
	}
	rc = sne_acces_load(path, sne_habilitation_owner_uid(), &a);
	if (rc == 0) {
		describe_entry(&a, o->nom, avant, sizeof avant);
		rc = apply(&a, o);
	}
	if (rc == 0) {
		describe_entry(&a, o->nom, apres, sizeof apres);
		rc = write_file(path, &a);
	}
	if (rc == 0)
		rc = append_history(path, o, avant, apres);
	sne_acces_free(&a);
	sne_lock_release(&lock);
	return rc;
}

static int program(int argc, char **argv)
{
	struct sne_cli cli;
	struct options o = { 0 };
	const char *path = sne_habilitation_default_path();
	struct sne_acces a;
	int rc;

	parse_args(&cli, &o, argc, argv);
	require_gestionnaire();
	check_guichets(&cli, &o);
	if (o.action == LISTER) {
		rc = sne_acces_load(path, sne_habilitation_owner_uid(), &a);
		if (rc == 0)
			rc = print_list(&a, o.tsv);
		sne_acces_free(&a);
	} else
		rc = change(&cli, &o, path);
	sne_cli_free(&cli);
	return rc;
}

int sne_acces_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
