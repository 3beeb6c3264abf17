/* sne-guichet: the register of guichets enregistreurs and their points de
 * contact.  Everyone lists and reads it; the gestionnaire territorial
 * creates, changes and closes guichets, each change in the guichet's
 * historique with the login of whoever made it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/cli.h"
#include "sne/err.h"
#include "sne/guichets_edit.h"
#include "sne/guichets_print.h"
#include "sne/inplace.h"
#include "sne/operateur.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-guichet --lister [--format table|tsv] [REGISTRE]\n"
	"        sne-guichet CODE [REGISTRE]\n"
	"        sne-guichet --creer CODE CHAMPS... -i REGISTRE\n"
	"        sne-guichet --modifier CODE CHAMPS... -i REGISTRE\n"
	"        sne-guichet --fermer CODE [-d DATE] -i REGISTRE\n"
	"        sne-guichet --contact-ajouter CODE CHAMPS... -i REGISTRE\n"
	"        sne-guichet --contact-modifier CODE --contact N CHAMPS... -i REGISTRE\n"
	"        sne-guichet --contact-supprimer CODE --contact N -i REGISTRE\n"
	"Le registre des guichets enregistreurs et de leurs points de contact\n"
	"(sne-records(5)).  Le lire est permis à tous ; le changer est réservé au\n"
	"profil gestionnaire, chaque changement inscrit à l'historique du guichet.\n"
	"Le registre lu : REGISTRE, sinon -i, sinon la clé « guichets » de la\n"
	"configuration, sinon l'entrée standard.  Un changement sans -i écrit le\n"
	"registre changé sur la sortie standard.  Les CHAMPS d'un guichet : --nom,\n"
	"--type, --territoire, --adresse, --code-postal, --commune, --ouverture ; d'un\n"
	"point de contact : --type, --libelle, --adresse, --code-postal, --commune,\n"
	"--telephone, --horaires.\n"
	"\n"
	"      --lister          tous les guichets, un par ligne, avec leur état\n"
	"      --format FORMAT   (--lister) table (défaut) ou tsv\n"
	"      --creer CODE      créer le guichet CODE (GDPUB est réservé au portail)\n"
	"      --modifier CODE   changer les champs donnés\n"
	"      --fermer CODE     fermer le guichet à la date -d (premier jour fermé)\n"
	"      --contact-ajouter CODE  ajouter un point de contact (physique, téléphone)\n"
	"      --contact-modifier CODE  changer un point de contact\n"
	"      --contact-supprimer CODE  supprimer un point de contact\n"
	"      --nom NOM         nom du guichet\n"
	"      --type TYPE       le type ; d'un guichet : bailleur, commune, epci,\n"
	"                        departement, etat, action-logement, siao, autre ;\n"
	"                        d'un point de contact : physique ou telephone\n"
	"      --territoire T    territoire servi, répétable (74, 2A, 971, 111)\n"
	"      --adresse LIGNE   ligne d'adresse (répétable, 4 au plus)\n"
	"      --code-postal CP  code postal de l'adresse\n"
	"      --commune COMMUNE commune de l'adresse\n"
	"      --ouverture DATE  date d'ouverture (défaut : la date -d)\n"
	"      --contact N       le numéro du point de contact\n"
	"      --libelle TEXTE   le nom du point de contact\n"
	"      --telephone NUM   numéro de téléphone (« \"\" » l'efface)\n"
	"      --horaires TEXTE  horaires d'un jour, répétable ; « lundi 8h30-12h\n"
	"                        13h30-17h », « samedi fermé »\n"
	"  -i, --in-place REGISTRE  réécrire le registre sur place ; --creer le crée\n"
	"  -c, --config FICHIER  configuration YAML\n"
	"  -d, --date DATE       date du changement (défaut : aujourd'hui)\n"
	"  -q, --quiet           pas de message sauf les erreurs\n"
	"  -v, --verbose         dire ce qui a été changé\n"
	"      --wait            attendre que le registre soit libre\n"
	"  -h, --help            cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait ; 1 guichet introuvable ; 64 usage ou changement\n"
	"refusé ; 65 registre invalide ; 66 registre absent ; 73 écriture\n"
	"impossible ; 74 E/S ; 75 registre verrouillé ; 77 profil ; 78 configuration.\n";

enum {
	OPT_LISTER = SNE_OPT_FIRST_PROGRAM,
	OPT_FORMAT,
	OPT_CREER,
	OPT_MODIFIER,
	OPT_FERMER,
	OPT_CONTACT_AJOUTER,
	OPT_CONTACT_MODIFIER,
	OPT_CONTACT_SUPPRIMER,
	OPT_NOM,
	OPT_TYPE,
	OPT_TERRITOIRE,
	OPT_ADRESSE,
	OPT_CODE_POSTAL,
	OPT_COMMUNE,
	OPT_OUVERTURE,
	OPT_CONTACT,
	OPT_LIBELLE,
	OPT_TELEPHONE,
	OPT_HORAIRES
};

/* The common options without --guichet and --progress: the run acts for
 * no guichet, and the register is small. */
#define SHORT_OPTIONS "hVc:d:i:qv"

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "config", required_argument, NULL, 'c' },
	{ "date", required_argument, NULL, 'd' },
	{ "in-place", required_argument, NULL, 'i' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "wait", no_argument, NULL, SNE_OPT_WAIT },
	{ "lister", no_argument, NULL, OPT_LISTER },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "creer", required_argument, NULL, OPT_CREER },
	{ "modifier", required_argument, NULL, OPT_MODIFIER },
	{ "fermer", required_argument, NULL, OPT_FERMER },
	{ "contact-ajouter", required_argument, NULL, OPT_CONTACT_AJOUTER },
	{ "contact-modifier", required_argument, NULL, OPT_CONTACT_MODIFIER },
	{ "contact-supprimer", required_argument, NULL, OPT_CONTACT_SUPPRIMER },
	{ "nom", required_argument, NULL, OPT_NOM },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "territoire", required_argument, NULL, OPT_TERRITOIRE },
	{ "adresse", required_argument, NULL, OPT_ADRESSE },
	{ "code-postal", required_argument, NULL, OPT_CODE_POSTAL },
	{ "commune", required_argument, NULL, OPT_COMMUNE },
	{ "ouverture", required_argument, NULL, OPT_OUVERTURE },
	{ "contact", required_argument, NULL, OPT_CONTACT },
	{ "libelle", required_argument, NULL, OPT_LIBELLE },
	{ "telephone", required_argument, NULL, OPT_TELEPHONE },
	{ "horaires", required_argument, NULL, OPT_HORAIRES },
	{ NULL, 0, NULL, 0 }
};

enum action { ACTION_SHOW, ACTION_LIST, ACTION_CREATE, ACTION_MODIFY, ACTION_CLOSE,
              ACTION_CONTACT_ADD, ACTION_CONTACT_MODIFY, ACTION_CONTACT_REMOVE };

static const char *const action_options[] = { "", "--lister", "--creer", "--modifier",
	                                      "--fermer", "--contact-ajouter",
	                                      "--contact-modifier", "--contact-supprimer" };

struct options {
	enum action action;
	int action_given;
	char code[SNE_GUICHET_SIZE];
	enum sne_guichets_format format;
	int format_given;
	const char *type;        /* --type as typed: a guichet's or a contact's */
	struct sne_guichet_saisie guichet;
	struct sne_contact_saisie contact;
	unsigned contact_id;
	char telephone[SNE_TELEPHONE_SIZE];
	const char *registre;    /* REGISTRE named after the options */
	int edits;               /* a field option was given */
};

static void set_action(struct options *o, enum action action, const char *code)
{
	char why[SNE_WHY_MAX];

	if (o->action_given)
		sne_cli_usage_error("%s et %s : une action à la fois", action_options[o->action],
		                    action_options[action]);
	o->action = action;
	o->action_given = 1;
	if (code != NULL && sne_guichet_parse(code, o->code, why, sizeof why) != 0)
		sne_cli_usage_error("option %s : %s", action_options[action], why);
}

static void add_territoire(struct options *o, const char *text)
{
	char why[SNE_WHY_MAX];

	if (o->guichet.nterritoires == SNE_GUICHET_TERRITOIRES_MAX)
		sne_cli_usage_error("--territoire : %d au plus", SNE_GUICHET_TERRITOIRES_MAX);
	if (sne_saisie_territoire(text, o->guichet.territoires[o->guichet.nterritoires], why,
	                          sizeof why) != 0)
		sne_cli_usage_error("option --territoire : %s", why);
	o->guichet.nterritoires++;
}

static void add_horaires(struct options *o, const char *text)
{
	char why[SNE_WHY_MAX], plages[SNE_HORAIRES_SIZE];
	int jour;

	if (sne_saisie_horaires(text, &jour, plages, why, sizeof why) != 0)
		sne_cli_usage_error("option --horaires : %s", why);
	o->contact.horaires_given[jour] = 1;
	memcpy(o->contact.horaires[jour], plages, sizeof plages);
}

static void set_adresse_ligne(struct options *o, const char *text)
{
	struct sne_adresse_saisie *a = &o->guichet.adresse;

	if (a->nlignes == SNE_GUICHET_LIGNES_MAX)
		sne_cli_usage_error("--adresse : %d lignes au plus", SNE_GUICHET_LIGNES_MAX);
	a->lignes[a->nlignes++] = text;
}

static void set_telephone(struct options *o, const char *text)
{
	char why[SNE_WHY_MAX];

	if (*text == '\0')
		o->telephone[0] = '\0';
	else if (sne_saisie_telephone(text, o->telephone, why, sizeof why) != 0)
		sne_cli_usage_error("option --telephone : %s", why);
	o->contact.telephone = o->telephone;
}

static void set_contact_id(struct options *o, const char *text)
{
	char *end;
	unsigned long id = strtoul(text, &end, 10);

	if (*text < '1' || *text > '9' || *end != '\0' || id > 1000000)
		sne_cli_usage_error("option --contact : numéro « %.20s » invalide : attendu le numéro "
		                    "du point de contact (1, 2…) que montre « sne-guichet CODE »", text);
	o->contact_id = (unsigned)id;
}

static void program_option(struct options *o, int opt, const char *arg)
{
	o->edits += opt >= OPT_NOM;
	switch (opt) {
	case OPT_LISTER: set_action(o, ACTION_LIST, NULL); break;
	case OPT_CREER: set_action(o, ACTION_CREATE, arg); break;
	case OPT_MODIFIER: set_action(o, ACTION_MODIFY, arg); break;
	case OPT_FERMER: set_action(o, ACTION_CLOSE, arg); break;
	case OPT_CONTACT_AJOUTER: set_action(o, ACTION_CONTACT_ADD, arg); break;
	case OPT_CONTACT_MODIFIER: set_action(o, ACTION_CONTACT_MODIFY, arg); break;
	case OPT_CONTACT_SUPPRIMER: set_action(o, ACTION_CONTACT_REMOVE, arg); break;
	case OPT_FORMAT:
		if (strcmp(arg, "table") != 0 && strcmp(arg, "tsv") != 0)
			sne_cli_usage_error("--format « %.20s » inconnu : attendu table ou tsv", arg);
		o->format = strcmp(arg, "tsv") == 0 ? SNE_GUICHETS_TSV : SNE_GUICHETS_TABLE;
		o->format_given = 1;
		break;
	case OPT_NOM: o->guichet.nom = arg; break;
	case OPT_TYPE: o->type = arg; break;
	case OPT_TERRITOIRE: add_territoire(o, arg); break;
	case OPT_ADRESSE: set_adresse_ligne(o, arg); break;
	case OPT_CODE_POSTAL: o->guichet.adresse.code_postal = arg; break;
	case OPT_COMMUNE: o->guichet.adresse.commune = arg; break;
	case OPT_OUVERTURE:
		o->guichet.ouverture = sne_cli_parse_date("--ouverture", arg);
		o->guichet.ouverture_given = 1;
		break;
	case OPT_CONTACT: set_contact_id(o, arg); break;
	case OPT_LIBELLE: o->contact.libelle = arg; break;
	case OPT_TELEPHONE: set_telephone(o, arg); break;
	case OPT_HORAIRES: add_horaires(o, arg); break;
	default: sne_cli_usage_error("option inattendue");
	}
}

static int is_contact_action(enum action action)
{
	return action >= ACTION_CONTACT_ADD;
}

/* --type, the address and the fields checked against the action. */
static void check_fields(struct options *o)
{
	char why[SNE_WHY_MAX];
	int guichet_fields = o->guichet.nom != NULL || o->guichet.nterritoires > 0 ||
	                     o->guichet.ouverture_given;
	int contact_fields = o->contact.libelle != NULL || o->contact.telephone != NULL ||
	                     o->contact_id > 0;

	for (int j = 0; j < 7; j++)
		contact_fields |= o->contact.horaires_given[j];
	if (o->edits > 0 && o->action <= ACTION_LIST)
		sne_cli_usage_error("les champs se donnent avec --creer, --modifier ou --contact-*");
	if (o->action == ACTION_CLOSE && o->edits > 0)
		sne_cli_usage_error("--fermer ne prend que -d DATE, premier jour fermé");
	if (is_contact_action(o->action) ? guichet_fields : contact_fields)
		sne_cli_usage_error("%s : option d'un %s", action_options[o->action],
		                    is_contact_action(o->action) ? "guichet (--nom, --territoire, "
		                    "--ouverture)" : "point de contact (--contact, --libelle, "
		                    "--telephone, --horaires)");
	if (o->action == ACTION_CONTACT_ADD && o->contact_id > 0)
		sne_cli_usage_error("--contact-ajouter numérote le point de contact : ôtez --contact");
	if ((o->action == ACTION_CONTACT_MODIFY || o->action == ACTION_CONTACT_REMOVE) &&
	    o->contact_id == 0)
		sne_cli_usage_error("%s : donnez --contact N (voir « sne-guichet %s »)",
		                    action_options[o->action], o->code);
	if (o->format_given && o->action != ACTION_LIST)
		sne_cli_usage_error("--format va avec --lister");
	if (is_contact_action(o->action)) {
		o->contact.adresse = o->guichet.adresse;
		if (o->type != NULL &&
		    (o->contact.type = sne_saisie_type_contact(o->type, why, sizeof why)) == NULL)
			sne_cli_usage_error("option --type : %s", why);
	} else if (o->type != NULL &&
	           (o->guichet.type = sne_saisie_type_guichet(o->type, why, sizeof why)) == NULL)
		sne_cli_usage_error("option --type : %s", why);
}

static void parse_args(struct sne_cli *cli, struct options *o, int argc, char **argv)
{
	char why[SNE_WHY_MAX];
	int opt;

	sne_cli_init(cli, argv[0], usage);
	while ((opt = sne_cli_getopt(argc, argv, SHORT_OPTIONS, long_options)) != -1)
		if (!sne_cli_common(cli, opt, optarg))
			program_option(o, opt, optarg);
	cli->anyone = o->action <= ACTION_LIST;
	cli->own_register = 1;
	if (!o->action_given && optind < argc) {
		if (sne_guichet_parse(argv[optind], o->code, why, sizeof why) != 0)
			sne_cli_usage_error("%s", why);
		optind++;
	} else if (!o->action_given)
		sne_cli_usage_error("donnez un code guichet à montrer, ou une action (--lister, "
		                    "--creer…)");
	if (optind < argc)
		o->registre = argv[optind++];
	if (optind < argc)
		sne_cli_usage_error("un seul registre à la fois");
	sne_cli_finish(cli, argc, argv);
	check_fields(o);
	if (o->action > ACTION_LIST)
		sne_cli_require_profil(cli, SNE_PROFIL_GESTIONNAIRE,
		                       "changer le registre des guichets");
	if (o->registre != NULL && cli->in_place != NULL)
		sne_cli_usage_error("-i réécrit le registre : ne donnez pas d'autre fichier");
}

/* ------------------------------------------------------------------ */
/* reading */

static int finish_stdout(struct sne_output *out, int rc)
{
	if (sne_output_close(out) != 0 && rc < SNE_EX_USAGE) {
		sne_warn("écriture impossible sur la sortie standard :");
		rc = SNE_EX_IOERR;
	}
	return rc;
}

static int show(struct sne_cli *cli, const struct options *o, const struct sne_guichets *reg)
{
	struct sne_output *out = sne_output_stdout();
	const struct sne_guichet *g;
	char nearest[64];
	int rc;

	if (o->action == ACTION_LIST)
		return finish_stdout(out, sne_guichets_print_list(reg, cli->date, o->format, out));
	if ((g = sne_guichets_find(reg, o->code)) != NULL)
		return finish_stdout(out, sne_guichet_print(g, cli->date, out));
	sne_guichets_nearest(reg, o->code, cli->date, nearest, sizeof nearest);
	sne_warn("guichet %s absent du registre %s%s%s%s", o->code, sne_guichets_path(reg),
	         nearest[0] ? " (codes proches : " : "", nearest, nearest[0] ? ")" : "");
	rc = finish_stdout(out, 0);
	return rc != 0 ? rc : SNE_EX_REFUSED;
}

static int read_register(struct sne_cli *cli, const struct options *o)
{
	const char *path = o->registre != NULL ? o->registre :
	                   cli->in_place != NULL ? cli->in_place : cli->config.guichets;
	struct sne_guichets *reg;
	int rc = sne_guichets_load(path, &reg);

	if (rc != 0)
		return rc;
	rc = show(cli, o, reg);
	sne_guichets_free(reg);
	return rc;
}

/* ------------------------------------------------------------------ */
/* changing */

static int apply(struct sne_cli *cli, const struct options *o, struct sne_guichets *reg)
{
	struct sne_guichets_change change = { cli->date, sne_operateur_login() };
	char why[SNE_GUICHETS_WHY];
	unsigned id = o->contact_id;
	int rc = SNE_EX_SOFTWARE;

	switch (o->action) {
	case ACTION_CREATE: rc = sne_guichets_create(reg, o->code, &o->guichet, &change, why); break;
	case ACTION_MODIFY: rc = sne_guichets_modify(reg, o->code, &o->guichet, &change, why); break;
	case ACTION_CLOSE: rc = sne_guichets_close(reg, o->code, &change, why); break;
	case ACTION_CONTACT_ADD:
		rc = sne_guichets_contact_add(reg, o->code, &o->contact, &change, &id, why);
		break;
	case ACTION_CONTACT_MODIFY:
		rc = sne_guichets_contact_modify(reg, o->code, id, &o->contact, &change, why);
		break;
	case ACTION_CONTACT_REMOVE:
		rc = sne_guichets_contact_remove(reg, o->code, id, &change, why);
		break;
	case ACTION_SHOW:
	case ACTION_LIST:
		break;
	}
	if (rc != 0)
		sne_warn("%s %s : %s", action_options[o->action], o->code, why);
	else if (cli->verbose)
		sne_info("guichet %s : %s fait%s%.0u", o->code, action_options[o->action] + 2,
		         id > 0 ? ", point de contact " : "", id);
	return rc;
}

static int change_in_place(struct sne_cli *cli, const struct options *o)
{
	struct sne_inplace *ip;
	struct sne_guichets *reg = NULL;
	int rc = o->action == ACTION_CREATE ? sne_inplace_begin_or_create(cli->in_place, cli->wait, &ip)
	                                    : sne_inplace_begin(cli->in_place, cli->wait, &ip);

	if (rc != 0)
		return rc;
	if (sne_inplace_input(ip) != NULL)
		rc = sne_guichets_read(sne_inplace_input(ip), cli->in_place, &reg);
	else
		reg = sne_guichets_new(cli->in_place);
	if (rc == 0 && (rc = apply(cli, o, reg)) == 0)
		rc = sne_guichets_write(reg, sne_inplace_output(ip));
	sne_guichets_free(reg);
	if (rc != 0) {
		sne_inplace_abort(ip);
		return rc;
	}
	return sne_inplace_commit(ip);
}

static int change_to_stdout(struct sne_cli *cli, const struct options *o)
{
	struct sne_guichets *reg;
	struct sne_output *out;
	int rc = sne_guichets_load(o->registre, &reg);

	if (rc != 0)
		return rc;
	if ((rc = apply(cli, o, reg)) == 0) {
		out = sne_output_stdout();
		rc = finish_stdout(out, sne_guichets_write(reg, out));
	}
	sne_guichets_free(reg);
	return rc;
}

static int program(int argc, char **argv)
{
	struct sne_cli cli;
	struct options o = { 0 };
	int rc;

	parse_args(&cli, &o, argc, argv);
	if (o.action <= ACTION_LIST)
		rc = read_register(&cli, &o);
	else if (cli.in_place != NULL)
		rc = change_in_place(&cli, &o);
	else
		rc = change_to_stdout(&cli, &o);
	sne_cli_free(&cli);
	return rc;
}

int sne_guichet_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
