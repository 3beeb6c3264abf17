/* gen-registre: synthetic registers for the benchmark (bench/run).
 *
 * Writes, deterministically for a seed, a register of demandes in the record
 * format of the contract (§2), new demandes for sne-create, a sample of
 * numéros, an RPLS reference or an RPLS CSV batch.  Every record is drawn
 * from its own random stream (seed, kind, rank), so record N is the same
 * whatever the size asked; only numéro sequences are allocated in order.
 * Output goes through one large buffer without libxml2: a million demandes
 * must take seconds, not minutes. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/commune.h"
#include "sne/date.h"
#include "sne/err.h"
#include "sne/guichet.h"
#include "sne/numero.h"
#include "sne/territoire.h"

#define PROG "gen-registre"

/* ---------------------------------------------------------------- random */

/* splitmix64: tiny, fast, and good enough for test data. */
struct rng {
	uint64_t state;
};

static uint64_t rng_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t rng_next(struct rng *r)
{
	r->state += 0x9E3779B97F4A7C15ULL;
	return rng_mix(r->state);
}

/* Uniform in [0, N). */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* True with probability PERMILLE / 1000. */
static int rng_chance(struct rng *r, unsigned permille)
{
	return rng_below(r, 1000) < permille;
}

/* The independent stream of record RANK of kind KIND. */
static struct rng rng_for(uint64_t seed, uint64_t kind, uint64_t rank)
{
	struct rng r = { rng_mix(seed * 0x9E3779B97F4A7C15ULL ^ rng_mix(kind << 48 ^ rank)) };

	return r;
}

enum { STREAM_DEMANDE = 1, STREAM_LOGEMENT, STREAM_LOT, STREAM_SEQUENCE };

#define PICK(r, array) ((array)[rng_below((r), sizeof(array) / sizeof((array)[0]))])

/* ---------------------------------------------------------------- output */

#define OUT_SIZE (4u << 20)
/* No record is longer than this: flush before a record when less is left. */
#define OUT_SLACK (64u << 10)

struct out {
	FILE *fp;
	const char *name;
	char *buf;
	size_t len;
};

static void die(const char *what)
{
	fprintf(stderr, "%s: %s\n", PROG, what);
	exit(70);
}

static void out_flush(struct out *o)
{
	if (o->len > 0 && fwrite(o->buf, 1, o->len, o->fp) != o->len) {
		fprintf(stderr, "%s: %s : écriture impossible : %s\n", PROG, o->name, sne_strerror(errno));
		exit(74);
	}
	o->len = 0;
}

/* Called between records: keeps OUT_SLACK bytes free. */
static void out_reserve(struct out *o)
{
	if (o->len > OUT_SIZE - OUT_SLACK)
		out_flush(o);
}

static void out_mem(struct out *o, const char *s, size_t n)
{
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

#define OUT(o, literal) out_mem((o), "" literal, sizeof(literal) - 1)

static void out_str(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

static void out_char(struct out *o, char c)
{
	o->buf[o->len++] = c;
}

static void out_uint(struct out *o, unsigned long v)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		out_char(o, tmp[--n]);
}

/* V on exactly WIDTH digits, zero-padded. */
static void out_uint_pad(struct out *o, unsigned long v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		o->buf[o->len + (size_t)i] = (char)('0' + v % 10);
		v /= 10;
	}
	o->len += (size_t)width;
}

static void out_date(struct out *o, struct sne_date d)
{
	out_uint_pad(o, (unsigned long)d.year, 4);
	out_char(o, '-');
	out_uint_pad(o, (unsigned long)d.month, 2);
	out_char(o, '-');
	out_uint_pad(o, (unsigned long)d.day, 2);
}

/* JJ/MM/AAAA, as RPLS CSV files write dates. */
static void out_date_fr(struct out *o, struct sne_date d)
{
	out_uint_pad(o, (unsigned long)d.day, 2);
	out_char(o, '/');
	out_uint_pad(o, (unsigned long)d.month, 2);
	out_char(o, '/');
	out_uint_pad(o, (unsigned long)d.year, 4);
}

static void out_open(struct out *o, const char *path)
{
	o->name = path ? path : "(sortie standard)";
	o->fp = path ? fopen(path, "w") : stdout;
	if (o->fp == NULL) {
		fprintf(stderr, "%s: %s : création impossible : %s\n", PROG, path, sne_strerror(errno));
		exit(73);
	}
	o->buf = malloc(OUT_SIZE);
	if (o->buf == NULL)
		die("mémoire épuisée");
	o->len = 0;
}

static void out_close(struct out *o)
{
	out_flush(o);
	if (fflush(o->fp) != 0 || ferror(o->fp) || fclose(o->fp) != 0) {
		fprintf(stderr, "%s: %s : écriture impossible : %s\n", PROG, o->name, sne_strerror(errno));
		exit(74);
	}
	free(o->buf);
}

/* ------------------------------------------------------------ geography */

/* A département: its code, a real chef-lieu (INSEE code and code postal),
 * about how many communes it has, and a weight close to its share of the
 * national demande (Île-de-France weighs double: it holds a third of the
 * register). */
struct departement {
	const char *code;
	const char *chef_lieu;
	const char *code_postal;
	int communes;
	int poids;
	int territoire; /* index into territoires[], set at start */
};

static struct departement departements[] = {
	{ "01", "01053", "01000", 390, 66, 0 },  { "02", "02408", "02000", 790, 53, 0 },
	{ "03", "03190", "03000", 310, 33, 0 },  { "04", "04070", "04000", 190, 16, 0 },
	{ "05", "05061", "05000", 160, 14, 0 },  { "06", "06088", "06000", 160, 109, 0 },
	{ "07", "07186", "07000", 330, 33, 0 },  { "08", "08105", "08000", 440, 27, 0 },
	{ "09", "09122", "09000", 320, 15, 0 },  { "10", "10387", "10000", 420, 31, 0 },
	{ "11", "11069", "11000", 430, 37, 0 },  { "12", "12202", "12000", 280, 28, 0 },
	{ "13", "13055", "13001", 119, 204, 0 }, { "14", "14118", "14000", 520, 69, 0 },
	{ "15", "15014", "15000", 240, 14, 0 },  { "16", "16015", "16000", 360, 35, 0 },
	{ "17", "17300", "17000", 460, 65, 0 },  { "18", "18033", "18000", 280, 30, 0 },
	{ "19", "19272", "19000", 270, 24, 0 },  { "2A", "2A004", "20000", 124, 16, 0 },
	{ "2B", "2B033", "20200", 236, 18, 0 },  { "21", "21231", "21000", 690, 53, 0 },
	{ "22", "22278", "22000", 340, 60, 0 },  { "23", "23096", "23000", 250, 12, 0 },
	{ "24", "24322", "24000", 500, 41, 0 },  { "25", "25056", "25000", 570, 54, 0 },
	{ "26", "26362", "26000", 360, 52, 0 },  { "27", "27229", "27000", 580, 60, 0 },
	{ "28", "28085", "28000", 360, 43, 0 },  { "29", "29019", "29200", 270, 92, 0 },
	{ "30", "30189", "30000", 350, 75, 0 },  { "31", "31555", "31000", 580, 140, 0 },
	{ "32", "32013", "32000", 460, 19, 0 },  { "33", "33063", "33000", 530, 163, 0 },
	{ "34", "34172", "34000", 340, 118, 0 }, { "35", "35238", "35000", 330, 109, 0 },
	{ "36", "36044", "36000", 240, 22, 0 },  { "37", "37261", "37000", 270, 61, 0 },
	{ "38", "38185", "38000", 510, 127, 0 }, { "39", "39300", "39000", 490, 26, 0 },
	{ "40", "40192", "40000", 320, 41, 0 },  { "41", "41018", "41000", 260, 33, 0 },
	{ "42", "42218", "42000", 320, 77, 0 },  { "43", "43157", "43000", 250, 23, 0 },
	{ "44", "44109", "44000", 200, 143, 0 }, { "45", "45234", "45000", 320, 68, 0 },
	{ "46", "46042", "46000", 310, 17, 0 },  { "47", "47001", "47000", 310, 33, 0 },
	{ "48", "48095", "48000", 150, 8, 0 },   { "49", "49007", "49000", 170, 82, 0 },
	{ "50", "50502", "50000", 440, 50, 0 },  { "51", "51454", "51100", 610, 57, 0 },
	{ "52", "52121", "52000", 420, 17, 0 },  { "53", "53130", "53000", 240, 31, 0 },
	{ "54", "54395", "54000", 590, 73, 0 },  { "55", "55029", "55000", 490, 18, 0 },
	{ "56", "56260", "56000", 240, 76, 0 },  { "57", "57463", "57000", 720, 104, 0 },
	{ "58", "58194", "58000", 300, 20, 0 },  { "59", "59350", "59000", 640, 261, 0 },
	{ "60", "60057", "60000", 670, 83, 0 },  { "61", "61001", "61000", 380, 28, 0 },
	{ "62", "62041", "62000", 880, 146, 0 }, { "63", "63113", "63000", 460, 66, 0 },
	{ "64", "64445", "64000", 540, 68, 0 },  { "65", "65440", "65000", 460, 23, 0 },
	{ "66", "66136", "66000", 220, 48, 0 },  { "67", "67482", "67000", 510, 114, 0 },
	{ "68", "68224", "68100", 360, 76, 0 },  { "69", "69123", "69001", 260, 188, 0 },
	{ "70", "70550", "70000", 530, 23, 0 },  { "71", "71270", "71000", 560, 55, 0 },
	{ "72", "72181", "72000", 350, 56, 0 },  { "73", "73065", "73000", 270, 44, 0 },
	{ "74", "74010", "74000", 270, 83, 0 },  { "75", "75056", "75000", 20, 432, 0 },
	{ "76", "76540", "76000", 700, 125, 0 }, { "77", "77288", "77000", 500, 284, 0 },
	{ "78", "78646", "78000", 260, 290, 0 }, { "79", "79191", "79000", 250, 37, 0 },
	{ "80", "80021", "80000", 770, 57, 0 },  { "81", "81004", "81000", 310, 39, 0 },
	{ "82", "82121", "82000", 190, 26, 0 },  { "83", "83137", "83000", 150, 108, 0 },
	{ "84", "84007", "84000", 150, 56, 0 },  { "85", "85191", "85000", 250, 69, 0 },
	{ "86", "86194", "86000", 260, 44, 0 },  { "87", "87085", "87000", 190, 37, 0 },
	{ "88", "88160", "88000", 500, 36, 0 },  { "89", "89024", "89000", 420, 34, 0 },
	{ "90", "90010", "90000", 100, 14, 0 },  { "91", "91228", "91000", 190, 260, 0 },
	{ "92", "92050", "92000", 36, 326, 0 },  { "93", "93008", "93000", 40, 330, 0 },
	{ "94", "94028", "94000", 47, 282, 0 },  { "95", "95127", "95000", 180, 250, 0 },
	{ "971", "97105", "97100", 32, 38, 0 },  { "972", "97209", "97200", 34, 36, 0 },
	{ "973", "97302", "97300", 22, 29, 0 },  { "974", "97411", "97400", 24, 87, 0 },
	{ "975", "97502", "97500", 2, 1, 0 },    { "976", "97611", "97600", 17, 30, 0 },
};
#define N_DEPARTEMENTS (sizeof(departements) / sizeof(departements[0]))

/* Territories seen in departements[], in order of first appearance. */
static char territoires[N_DEPARTEMENTS][SNE_TERRITOIRE_SIZE];
static int n_territoires;

/* Weighted draw of a département in O(1). */
#define DEP_TABLE_SIZE 8192
static unsigned char dep_table[DEP_TABLE_SIZE];

static void geography_init(void)
{
	long total = 0, acc = 0;
	size_t d = 0;

	for (size_t i = 0; i < N_DEPARTEMENTS; i++) {
		char terr[SNE_TERRITOIRE_SIZE], why[200];
		int t;

		if (sne_territoire_of_commune(departements[i].chef_lieu, terr, why, sizeof why) != 0) {
			fprintf(stderr, "%s: %s\n", PROG, why);
			exit(70);
		}
		for (t = 0; t < n_territoires && strcmp(territoires[t], terr) != 0; t++)
			;
		if (t == n_territoires)
			memcpy(territoires[n_territoires++], terr, SNE_TERRITOIRE_SIZE);
		departements[i].territoire = t;
		total += departements[i].poids;
	}
	for (int slot = 0; slot < DEP_TABLE_SIZE; slot++) {
		while (d + 1 < N_DEPARTEMENTS
		       && (acc + departements[d].poids) * DEP_TABLE_SIZE <= (long)slot * total) {
			acc += departements[d].poids;
			d++;
		}
		dep_table[slot] = (unsigned char)d;
	}
}

static const struct departement *departement_draw(struct rng *r)
{
	return &departements[dep_table[rng_below(r, DEP_TABLE_SIZE)]];
}

static int departement_is_idf(const struct departement *dep)
{
	return strcmp(territoires[dep->territoire], SNE_TERRITOIRE_IDF) == 0;
}

/* Another département of Île-de-France, for a demande over several. */
static const struct departement *departement_idf_draw(struct rng *r)
{
	static const char *const idf[] = { "75", "77", "78", "91", "92", "93", "94", "95" };
	const char *code = PICK(r, idf);

	for (size_t i = 0; i < N_DEPARTEMENTS; i++)
		if (strcmp(departements[i].code, code) == 0)
			return &departements[i];
	return &departements[0];
}

/* V on exactly WIDTH digits at DST (the high digits dropped). */
static void digits_put(char *dst, unsigned long v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		dst[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

struct commune {
	char insee[6];
	char code_postal[6];
};

/* The commune table of share/communes, opened once: drawn codes must be
 * real, since sne-create refuses the others. */
static const struct sne_communes *communes_table(void)
{
	static struct sne_communes *table;
	char why[4096];

	if (table == NULL && (table = sne_communes_open_default(why, sizeof why)) == NULL) {
		fprintf(stderr, "%s: %s\n", PROG, why);
		exit(78);
	}
	return table;
}

/* Whether C's INSEE code is that of a current commune (a former code may
 * lead to another département); its code postal is then the first of the
 * commune's. */
static int commune_real(struct commune *c)
{
	struct sne_commune found;

	if (sne_communes_find(communes_table(), c->insee, &found) != 0 ||
	    strcmp(found.code, found.actuel) != 0)
		return 0;
	if (found.postaux_len >= 5) {
		memcpy(c->code_postal, found.postaux, 5);
		c->code_postal[5] = '\0';
	}
	return 1;
}

static void commune_numbered(const struct departement *dep, unsigned n, struct commune *c);

/* A commune of DEP: its chef-lieu a third of the time (towns hold the
 * demande), else a numbered commune that exists (a few draws; the
 * chef-lieu when none does), with its code postal. */
static void commune_draw(const struct departement *dep, struct rng *r, struct commune *c)
{
	if (!rng_chance(r, 350) || strcmp(dep->code, "75") == 0)
		for (int tries = 0; tries < 8; tries++) {
			commune_numbered(dep, 1 + rng_below(r, (uint32_t)dep->communes), c);
			if (commune_real(c))
				return;
		}
	memcpy(c->insee, dep->chef_lieu, 6);
	memcpy(c->code_postal, dep->code_postal, 6);
	commune_real(c);
}

/* The commune numbered N in DEP, with a plausible code postal. */
static void commune_numbered(const struct departement *dep, unsigned n, struct commune *c)
{
	size_t len = strlen(dep->code);

	c->insee[5] = c->code_postal[5] = '\0';
	if (strcmp(dep->code, "75") == 0) {
		memcpy(c->insee, "751", 3);
		digits_put(c->insee + 3, n, 2);
		memcpy(c->code_postal, "750", 3);
		digits_put(c->code_postal + 3, n, 2);
	} else if (len == 3) {
		memcpy(c->insee, dep->code, 3);
		digits_put(c->insee + 3, n, 2);
		memcpy(c->code_postal, dep->code, 3);
		digits_put(c->code_postal + 3, (n % 9 + 1) * 10, 2);
	} else {
		/* Corse: INSEE 2A/2B, codes postaux 20xxx. */
		const char *cp = dep->code[1] > '9' ? "20" : dep->code;

		memcpy(c->insee, dep->code, 2);
		digits_put(c->insee + 2, n, 3);
		memcpy(c->code_postal, cp, 2);
		digits_put(c->code_postal + 2, (n % 9 + 1) * 100 + n % 7 * 10, 3);
	}
}

/* ---------------------------------------------------------------- people */

static const char *const noms[] = {
	"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
	"Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
	"Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre",
	"Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
	"Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
	"Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine",
	"Chevalier", "Robin", "Nguyen", "Diallo", "Traoré", "Benali", "Haddad", "Da Silva",
	"Ferreira", "N'Diaye", "Le Gall", "Caron", "Côté", "Hervé", "Bénard", "Lemaître",
	"Brossard", "Kowalski", "Yılmaz", "Öztürk", "Mendès", "Bouchard", "Ménard", "Lefèbvre",
	"Boyer", "Gaillard", "Barbier", "Arnaud", "Martins", "Rolland", "Noël", "Léger",
	"Camara", "Cissé", "Keïta", "Benmansour", "Hamidi", "Saïdi", "Mbappé", "Koné",
	"Pereira", "Dos Santos", "Rodrigues", "Gonçalves", "Le Goff", "Le Roux", "Quéré", "Kergoat",
	"Étienne", "Hoarau", "Payet", "Grondin", "Técher", "Fontaine-Hoarau", "Jean-Baptiste",
	"Marie-Louise", "Ahamada", "Attoumani", "Pierre-Louis", "Zéphir", "Thérésine", "Ibrahim",
};
static const char *const prenoms_f[] = {
	"Élodie", "Léa", "Chloé", "Zoé", "Hélène", "Anaïs", "Maëlle", "Inès", "Gaëlle",
	"Thérèse", "Séverine", "Agnès", "Cécile", "Amélie", "Clémence", "Adèle", "Célia",
	"Fatoumata", "Aïcha", "Nadia", "Linh", "Emma", "Manon", "Camille", "Nathalie",
	"Isabelle", "Sylvie", "Sandrine", "Valérie", "Stéphanie", "Marie", "Océane", "Noémie",
	"Françoise", "Josiane", "Mélissa", "Yasmine", "Fatima", "Khadija", "Mariam", "Awa",
	"Laëtitia", "Jessica", "Aurélie", "Émilie", "Sophie", "Julie", "Lucie", "Léna", "Jade",
};
static const char *const prenoms_m[] = {
	"Jérôme", "Noël", "Raphaël", "François", "Benoît", "Joël", "Loïc", "Mathéo", "Éric",
	"Aurélien", "Mohamed", "Youssef", "Karim", "Sofiane", "Thành", "Lucas", "Hugo",
	"Jules", "Christophe", "Stéphane", "Frédéric", "Sébastien", "Jean", "Pierre", "Michel",
	"Alain", "Patrick", "Philippe", "Nicolas", "Julien", "Mamadou", "Moussa", "Ibrahima",
	"Ahmed", "Mehdi", "Bilal", "Kévin", "Anthony", "Grégory", "Cédric", "Jean-Luc",
	"José", "João", "Antoine", "Théo", "Léo", "Gaël", "Yannick", "Hervé", "Rémi",
};
static const char *const domaines[] = {
	"exemple.fr", "exemple.com", "example.org", "courriel.example", "mail.example.net",
};
static const char *const voies[] = {
	"rue des Lilas", "avenue Jean Jaurès", "boulevard Victor Hugo", "rue de la République",
	"place de l'Église", "allée des Érables", "chemin du Moulin", "rue Pasteur",
	"impasse des Mésanges", "résidence Les Tilleuls", "rue du Général de Gaulle",
	"avenue de la Libération", "rue Émile Zola", "quai de la Saône", "cours Gambetta",
	"rue Gustave Eiffel", "rue des Écoles", "avenue Aristide Briand", "rue du Château",
	"rue de la Gare", "boulevard Pierre Brossolette", "rue Jean Moulin", "cité des Fleurs",
	"rue Anatole France", "avenue Salvador Allende", "rue Lénine", "rue des Frères Lumière",
	"square Louise Michel", "route de Saint-Étienne", "rue du Maréchal Foch",
};
/* Lower-case ASCII form of a UTF-8 name for an e-mail address: Latin-1
 * accents are dropped, other letters and every blank or apostrophe skipped. */
static size_t ascii_fold(const char *in, char *out, size_t size)
{
	static const char latin1[] = "aaaaaaaceeeeiiiidnooooo ouuuuy saaaaaaaceeeeiiiidnooooo ouuuuy y";
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)in; *p && n + 1 < size; p++) {
		char c = 0;

		if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF)
			c = latin1[*++p - 0x80];
		else if (*p >= 0x80)
			continue;
		else if (*p >= 'A' && *p <= 'Z')
			c = (char)(*p - 'A' + 'a');
		else if ((*p >= 'a' && *p <= 'z') || *p == '-')
			c = (char)*p;
		if (c != 0 && c != ' ')
			out[n++] = c;
	}
	out[n] = '\0';
	return n;
}

/* ------------------------------------------------------------- the model */

enum etat { ETAT_ACTIVE, ETAT_RADIEE, ETAT_ATTENTE, ETAT_BROUILLON, ETAT_INVALIDEE };
static const char *const etat_names[] = {
	"active", "radiee", "en-attente-validation", "brouillon", "invalidee",
};

#define MAX_COMMUNES 3
#define MAX_ENFANTS 4
#define MAX_RENOUVELLEMENTS 16
#define GUICHETS_PAR_DEPARTEMENT 6

struct personne {
	int homme;
	const char *nom;
	const char *prenom;
	struct sne_date naissance;
};

struct renouvellement {
	struct sne_date date;
	int pgp;
};

struct demande {
	struct rng rng;
	enum etat etat;
	int pgp; /* deposited on the portail grand public */
	const struct departement *dep;
	struct commune communes[MAX_COMMUNES];
	int n_communes;
	struct commune adresse;
	int etranger;
	int territoire;
	char guichet[SNE_GUICHET_SIZE];  /* guichet of the numéro (GDPUB for PGP) */
	char instructeur[SNE_GUICHET_SIZE]; /* the physical guichet that follows it */
	char numero[SNE_NUMERO_SIZE];
	struct sne_date depot, validation, prochain, modification;
	struct renouvellement renouvellements[MAX_RENOUVELLEMENTS];
	int n_renouvellements;
	struct personne demandeur, cotitulaire, enfants[MAX_ENFANTS];
	int has_cotitulaire, n_enfants;
	int has_tel, has_mel;
	/* radiation */
	const char *motif;
	struct sne_date radiation;
	unsigned long rpls_index;
};

struct options {
	uint64_t seed;
	unsigned long nombre;
	struct sne_date reference;
	unsigned long taille_reference;
	const char *guichet;
};

/* The date the notice cron last ran: préavis and attestations due before
 * it are recorded as sent, those due since are left for sne-notice. */
#define ENVOIS_RETARD_JOURS 7

static struct sne_date date_make(int y, int m, int d)
{
	struct sne_date date = { y, m, d };

	return date;
}

static int date_before(struct sne_date a, struct sne_date b)
{
	return sne_date_cmp(a, b) < 0;
}

/* Sequences: one counter per (territory, month of dépôt since 2000). */
#define SEQ_MONTHS (100 * 12)
static long *sequences;

static long sequence_next(uint64_t seed, int territoire, struct sne_date depot)
{
	size_t month = (size_t)(depot.year - 2000) * 12 + (size_t)depot.month - 1;
	long *counter = &sequences[(size_t)territoire * SEQ_MONTHS + month];

	if (*counter == 0) {
		/* Start somewhere inside the range, as a live register would. */
		struct rng r = rng_for(seed, STREAM_SEQUENCE, (uint64_t)territoire * SEQ_MONTHS + month);

		*counter = 1 + (long)rng_below(&r, 20000);
	}
	if (*counter > SNE_SEQUENCE_MAX) {
		fprintf(stderr, "%s: séquence épuisée pour le territoire %s en %02d/%04d ; "
		        "demandez moins de demandes\n", PROG, territoires[territoire], depot.month,
		        depot.year);
		exit(70);
	}
	return (*counter)++;
}

static void guichet_of(const struct departement *dep, unsigned k, char *out)
{
	out[0] = 'G';
	digits_put(out + 1, (unsigned long)(dep - departements) * 47 % 9000 + 1000 + k, 4);
	out[5] = '\0';
}

static struct sne_date date_between(struct rng *r, struct sne_date from, struct sne_date to)
{
	long span = sne_date_diff_days(to, from);

	return span <= 0 ? from : sne_date_add_days(from, (int)rng_below(r, (uint32_t)span + 1));
}

static void personne_draw(struct rng *r, struct personne *p, int homme, const char *nom,
                          struct sne_date ne_apres, struct sne_date ne_avant)
{
	p->homme = homme;
	p->nom = nom ? nom : PICK(r, noms);
	p->prenom = homme ? PICK(r, prenoms_m) : PICK(r, prenoms_f);
	p->naissance = date_between(r, ne_apres, ne_avant);
}

/* The household: demandeur (18 to 80 at dépôt), maybe a cotitulaire, 0 to
 * 4 children. */
static void foyer_draw(struct demande *d)
{
	struct rng *r = &d->rng;
	static const unsigned enfants_cumul[] = { 580, 760, 890, 960, 1000 };
	unsigned u = rng_below(r, 1000);

	personne_draw(r, &d->demandeur, rng_chance(r, 420), NULL,
	              sne_date_add_years(d->depot, -80), sne_date_add_years(d->depot, -18));
	d->has_cotitulaire = rng_chance(r, 230);
	if (d->has_cotitulaire) {
		struct sne_date majeur = sne_date_add_years(d->depot, -18);
		struct sne_date avant = sne_date_add_years(d->demandeur.naissance, 8);

		personne_draw(r, &d->cotitulaire, !d->demandeur.homme,
		              rng_chance(r, 600) ? d->demandeur.nom : NULL,
		              sne_date_add_years(d->demandeur.naissance, -8),
		              date_before(majeur, avant) ? majeur : avant);
	}
	d->n_enfants = 0;
	while (u >= enfants_cumul[d->n_enfants])
		d->n_enfants++;
	for (int i = 0; i < d->n_enfants; i++) {
		struct sne_date apres = sne_date_add_years(d->depot, -17);
		struct sne_date parent = sne_date_add_years(d->demandeur.naissance, 17);

		personne_draw(r, &d->enfants[i], rng_chance(r, 500), d->demandeur.nom,
		              date_before(apres, parent) ? parent : apres, d->depot);
	}
	d->has_tel = rng_chance(r, 860);
	d->has_mel = rng_chance(r, d->pgp ? 1000 : 780);
}

/* Communes souhaitées, all in one territory; the postal address is in one
 * of them, next door, or (rarely) abroad. */
static void lieux_draw(struct demande *d)
{
	struct rng *r = &d->rng;
	int idf = departement_is_idf(d->dep);

	d->n_communes = 1 + (rng_chance(r, 250) ? 1 + (int)rng_below(r, MAX_COMMUNES - 1) : 0);
	commune_draw(d->dep, r, &d->communes[0]);
	for (int i = 1; i < d->n_communes; i++) {
		const struct departement *dep = idf && rng_chance(r, 400) ? departement_idf_draw(r)
		                                                          : d->dep;

		commune_draw(dep, r, &d->communes[i]);
		if (strcmp(d->communes[i].insee, d->communes[i - 1].insee) == 0)
			d->n_communes = i;
	}
	d->etranger = rng_chance(r, 6);
	if (rng_chance(r, 700))
		d->adresse = d->communes[0];
	else
		commune_draw(d->dep, r, &d->adresse);
	d->territoire = d->dep->territoire;
}

/* Checks the drawn communes against the library: the numéro's territory is
 * the territory of the communes souhaitées. */
static void lieux_check(const struct demande *d)
{
	const char *insee[MAX_COMMUNES];
	char terr[SNE_TERRITOIRE_SIZE], why[256];

	for (int i = 0; i < d->n_communes; i++)
		insee[i] = d->communes[i].insee;
	if (sne_territoire_of_communes(insee, (size_t)d->n_communes, terr, why, sizeof why) != 0
	    || strcmp(terr, territoires[d->territoire]) != 0) {
		fprintf(stderr, "%s: territoire incohérent (%s)\n", PROG, why);
		exit(70);
	}
}

/* Dépôt date going back from the reference: most demandes are recent,
 * some wait ten years (density falling like a fifth root). */
static struct sne_date depot_draw(struct rng *r, struct sne_date reference)
{
	struct sne_date first = date_make(2012, 1, 2);
	long span = sne_date_diff_days(reference, first);
	double u = (double)rng_below(r, 1u << 24) / (double)(1u << 24);

	return sne_date_add_days(reference, -(int)(u * u * u * u * u * (double)span));
}

/* Renewals of a demande whose anniversary is PROCHAIN: going back one year
 * at a time, each renewal done up to two months before the anniversary it
 * met, until the dépôt, which lies between DEPOT_MIN and the reference. */
static void cycle_draw(struct demande *d, struct sne_date prochain, struct sne_date depot_min)
{
	struct rng *r = &d->rng;
	struct sne_date x = sne_date_add_years(prochain, -1);
	/* How many renewals: from a dépôt drawn as any other. */
	struct sne_date wanted = depot_draw(r, x);
	int n = 0;

	if (date_before(wanted, depot_min))
		wanted = depot_min;
	d->prochain = prochain;
	while (n < MAX_RENOUVELLEMENTS) {
		struct sne_date before = sne_date_add_days(sne_date_add_years(x, -1),
		                                           (int)rng_below(r, 1 + rng_below(r, 56)));

		if (date_before(before, wanted) || date_before(before, depot_min))
			break;
		d->renouvellements[n].date = x;
		d->renouvellements[n].pgp = rng_chance(r, d->pgp ? 550 : 180);
		n++;
		x = before;
	}
	d->depot = x;
	d->n_renouvellements = n;
	/* Drawn newest first: put them in date order. */
	for (int i = 0; i < n / 2; i++) {
		struct renouvellement t = d->renouvellements[i];

		d->renouvellements[i] = d->renouvellements[n - 1 - i];
		d->renouvellements[n - 1 - i] = t;
	}
}

static void etat_draw(struct demande *d)
{
	unsigned u = rng_below(&d->rng, 1000);

	d->etat = u < 842 ? ETAT_ACTIVE
	          : u < 962 ? ETAT_RADIEE
	          : u < 982 ? ETAT_ATTENTE
	          : u < 992 ? ETAT_BROUILLON
	                    : ETAT_INVALIDEE;
	d->pgp = d->etat >= ETAT_ATTENTE || rng_chance(&d->rng, 230);
}

/* Anniversary of an active demande: spread over the coming year, with a
 * backlog of demandes past their anniversary (some past the month of grace,
 * due for RADREN). */
static struct sne_date prochain_active_draw(struct rng *r, struct sne_date ref)
{
	if (rng_chance(r, 30))
		return date_between(r, sne_date_add_days(ref, -60), sne_date_add_days(ref, -32));
	return date_between(r, sne_date_add_days(ref, -31), sne_date_add_days(ref, 364));
}

static const char *const motifs_radiation[] = {
	"RADATT", "RADATT", "RADATT", "RADATT", "RADATT", "RADATT", "RADATT", "RADATT", "RADATT",
	"RADREN", "RADREN", "RADREN", "RADREN", "RADREN", "RADREN", "RADABA", "RADABA", "RADABA",
	"RADCON", "RADIRR",
};

static void radiation_draw(struct demande *d, const struct options *opt)
{
	struct rng *r = &d->rng;
	struct sne_date ref = opt->reference;

	d->motif = PICK(r, motifs_radiation);
	if (strcmp(d->motif, "RADREN") == 0) {
		/* Radiated by the expiry run at anniversary + 1 month. */
		struct sne_date prochain = date_between(r, sne_date_add_months(ref, -13),
		                                        sne_date_add_days(sne_date_add_months(ref, -1), -1));

		cycle_draw(d, prochain, date_make(2012, 1, 2));
		d->radiation = sne_date_add_months(prochain, 1);
	} else {
		/* RADIRR and RADCON come after an avertissement sent more than a
		 * month before, itself after the dépôt. */
		int averti = strcmp(d->motif, "RADIRR") == 0 || strcmp(d->motif, "RADCON") == 0;

		d->radiation = date_between(r, sne_date_add_days(ref, -360), sne_date_add_days(ref, -1));
		cycle_draw(d, date_between(r, sne_date_add_days(d->radiation, 1),
		                           sne_date_add_days(d->radiation, averti ? 300 : 364)),
		           date_make(2012, 1, 2));
	}
	d->rpls_index = rng_below(r, (uint32_t)opt->taille_reference);
}

static void numero_assign(struct demande *d, uint64_t seed)
{
	struct sne_numero n;

	memcpy(n.territoire, territoires[d->territoire], SNE_TERRITOIRE_SIZE);
	n.mois = d->depot.month;
	n.annee = d->depot.year % 100;
	n.sequence = sequence_next(seed, d->territoire, d->depot);
	memcpy(n.guichet, d->guichet, SNE_GUICHET_SIZE);
	sne_numero_format(&n, d->numero);
}

/* Draws demande RANK of the register (or a new one for sne-create). */
static void demande_draw(struct demande *d, unsigned long rank, const struct options *opt,
                         int nouvelle)
{
	struct sne_date ref = opt->reference;

	d->rng = rng_for(opt->seed, STREAM_DEMANDE, rank);
	d->dep = departement_draw(&d->rng);
	d->numero[0] = '\0';
	d->n_renouvellements = 0;
	d->motif = NULL;
	guichet_of(d->dep, rng_below(&d->rng, GUICHETS_PAR_DEPARTEMENT), d->instructeur);
	if (nouvelle) {
		d->etat = ETAT_ACTIVE;
		d->pgp = 0;
		d->depot = ref;
		snprintf(d->instructeur, sizeof d->instructeur, "%s", opt->guichet);
	} else {
		etat_draw(d);
		if (d->etat == ETAT_ACTIVE)
			cycle_draw(d, prochain_active_draw(&d->rng, ref), date_make(2012, 1, 2));
		else if (d->etat == ETAT_RADIEE)
			radiation_draw(d, opt);
		else
			d->depot = date_between(&d->rng, sne_date_add_days(ref, -120), ref);
	}
	snprintf(d->guichet, sizeof d->guichet, "%s", d->pgp ? SNE_GUICHET_PGP : d->instructeur);
	lieux_draw(d);
	foyer_draw(d);
	d->validation = sne_date_add_days(d->depot, d->pgp ? 1 + (int)rng_below(&d->rng, 20) : 0);
	if (date_before(ref, d->validation))
		d->validation = ref;
	if (!nouvelle && (d->etat == ETAT_ACTIVE || d->etat == ETAT_RADIEE)) {
		lieux_check(d);
		numero_assign(d, opt->seed);
	}
}

/* ------------------------------------------------------------ XML output */

/* The demande part follows the layout of the contract's example (§2):
 * indented, with short sibling elements sharing a line, as guichet software
 * and people edit them. */
static void tel_write(struct out *o, struct demande *d)
{
	static const char *const dom[][2] = {
		{ "971", "0690" }, { "972", "0696" }, { "973", "0694" },
		{ "974", "0692" }, { "975", "0708" }, { "976", "0639" },
	};
	struct rng *r = &d->rng;
	char digits[11];
	int spaced = rng_chance(r, 250);

	digits[0] = '0';
	digits[1] = rng_chance(r, 600) ? '6' : '7';
	digits_put(digits + 2, rng_below(r, 100000000), 8);
	digits[10] = '\0';
	for (size_t i = 0; i < sizeof dom / sizeof dom[0]; i++)
		if (strcmp(d->dep->code, dom[i][0]) == 0)
			memcpy(digits, dom[i][1], 4);
	OUT(o, "<ns1:telPortable>");
	for (int i = 0; i < 10; i++) {
		if (spaced && i > 0 && i % 2 == 0)
			out_char(o, ' ');
		out_char(o, digits[i]);
	}
	OUT(o, "</ns1:telPortable>");
}

static void mel_write(struct out *o, struct demande *d)
{
	struct rng *r = &d->rng;
	char prenom[64], nom[64];

	ascii_fold(d->demandeur.prenom, prenom, sizeof prenom);
	ascii_fold(d->demandeur.nom, nom, sizeof nom);
	OUT(o, "<ns1:mel>");
	out_str(o, prenom);
	out_char(o, rng_chance(r, 500) ? '.' : '_');
	out_str(o, nom);
	if (rng_chance(r, 400))
		out_uint(o, rng_below(r, 100));
	out_char(o, '@');
	out_str(o, PICK(r, domaines));
	OUT(o, "</ns1:mel>");
}

static void adresse_write(struct out *o, struct demande *d)
{
	struct rng *r = &d->rng;

	OUT(o, "\n          <ns1:adressePostale><ns1:etranger>");
	out_str(o, d->etranger ? "true" : "false");
	OUT(o, "</ns1:etranger><ns1:numero>");
	out_uint(o, 1 + rng_below(r, d->etranger ? 90 : 140));
	OUT(o, "</ns1:numero>\n            <ns1:voie>");
	if (d->etranger) {
		/* A foreign code postal has no five digits: it goes with the town. */
		OUT(o, "Rue du Rhône</ns1:voie>"
		       "\n            <ns1:ville>1204 Genève</ns1:ville><ns1:pays code=\"CH\"/>");
	} else {
		out_str(o, PICK(r, voies));
		OUT(o, "</ns1:voie><ns1:codePostal>");
		out_str(o, d->adresse.code_postal);
		OUT(o, "</ns1:codePostal>\n            <ns1:commune code=\"");
		out_str(o, d->adresse.insee);
		OUT(o, "\"/>");
	}
	OUT(o, "</ns1:adressePostale>");
}

static void identite_write(struct out *o, const struct personne *p)
{
	OUT(o, "<ns1:civilite code=\"");
	out_char(o, p->homme ? '1' : '2');
	OUT(o, "\"/><ns1:nom>");
	out_str(o, p->nom);
	OUT(o, "</ns1:nom><ns1:prenom>");
	out_str(o, p->prenom);
	OUT(o, "</ns1:prenom>");
}

static void demandeur_write(struct out *o, struct demande *d)
{
	OUT(o, "\n        <ns1:demandeur>\n          ");
	identite_write(o, &d->demandeur);
	OUT(o, "\n          <ns1:dateNaissance>");
	out_date(o, d->demandeur.naissance);
	OUT(o, "</ns1:dateNaissance>");
	if (d->has_tel || d->has_mel)
		OUT(o, "\n          ");
	if (d->has_tel)
		tel_write(o, d);
	if (d->has_mel)
		mel_write(o, d);
	adresse_write(o, d);
	OUT(o, "\n        </ns1:demandeur>");
}

static void enfants_write(struct out *o, struct demande *d)
{
	if (d->n_enfants == 0)
		return;
	OUT(o, "\n        <ns1:listePersonneACharge>");
	for (int i = 0; i < d->n_enfants; i++) {
		const struct personne *p = &d->enfants[i];

		OUT(o, "\n          <ns1:personneACharge><ns1:nom>");
		out_str(o, p->nom);
		OUT(o, "</ns1:nom><ns1:prenom>");
		out_str(o, p->prenom);
		OUT(o, "</ns1:prenom>\n            <ns1:dateNaissance>");
		out_date(o, p->naissance);
		OUT(o, "</ns1:dateNaissance><ns1:sexe code=\"");
		out_char(o, p->homme ? 'M' : 'F');
		OUT(o, "\"/><ns1:lienParente code=\"E\"/></ns1:personneACharge>");
	}
	OUT(o, "\n        </ns1:listePersonneACharge>");
}

static void cotitulaire_write(struct out *o, struct demande *d)
{
	const struct personne *p = &d->cotitulaire;

	if (!d->has_cotitulaire)
		return;
	OUT(o, "\n        <ns1:listeCotitulaire>\n          <ns1:cotitulaire>");
	identite_write(o, p);
	OUT(o, "\n            <ns1:dateNaissance>");
	out_date(o, p->naissance);
	OUT(o, "</ns1:dateNaissance><ns1:lienDemandeur code=\"");
	out_char(o, rng_chance(&d->rng, 600) ? 'M' : 'C');
	OUT(o, "\"/></ns1:cotitulaire>\n        </ns1:listeCotitulaire>");
}

static void recherche_write(struct out *o, struct demande *d)
{
	int personnes = 1 + d->has_cotitulaire + d->n_enfants;
	int type = personnes + (int)rng_below(&d->rng, 2);

	if (type > 6)
		type = 6;
	OUT(o, "\n      <ns1:logementRecherche>\n        <ns1:demandeElargie>");
	out_str(o, rng_chance(&d->rng, 300) ? "true" : "false");
	OUT(o, "</ns1:demandeElargie>\n        <ns1:listeTypeLogement><ns1:typeLogement code=\"T");
	out_char(o, (char)('0' + type));
	OUT(o, "\"/>");
	if (type < 6 && rng_chance(&d->rng, 400)) {
		OUT(o, "<ns1:typeLogement code=\"T");
		out_char(o, (char)('1' + type));
		OUT(o, "\"/>");
	}
	OUT(o, "</ns1:listeTypeLogement>\n        <ns1:listeLocalisationSouhaite>");
	for (int i = 0; i < d->n_communes; i++) {
		OUT(o, "\n          <ns1:localisationSouhaite><ns1:commune code=\"");
		out_str(o, d->communes[i].insee);
		OUT(o, "\"/></ns1:localisationSouhaite>");
	}
	OUT(o, "\n        </ns1:listeLocalisationSouhaite>\n      </ns1:logementRecherche>");
}

static void demande_logement_write(struct out *o, struct demande *d)
{
	OUT(o, "\n  <ns1:demande>\n    <ns1:demandeLogement>\n      <ns1:numGuichet>");
	out_str(o, d->pgp ? SNE_GUICHET_PGP : d->instructeur);
	OUT(o, "</ns1:numGuichet>");
	if (d->numero[0] != '\0') {
		OUT(o, "\n      <ns1:numUnique>");
		out_mem(o, d->numero, SNE_NUMERO_LEN);
		OUT(o, "</ns1:numUnique>");
	}
	OUT(o, "\n      <ns1:dateCreationDemande>");
	out_date(o, d->depot);
	OUT(o, "</ns1:dateCreationDemande>\n      <ns1:personnePhysique>");
	demandeur_write(o, d);
	enfants_write(o, d);
	cotitulaire_write(o, d);
	OUT(o, "\n      </ns1:personnePhysique>");
	recherche_write(o, d);
	OUT(o, "\n    </ns1:demandeLogement>");
}

static void evenement_write(struct out *o, struct sne_date date, const char *type,
                            const char *guichet)
{
	OUT(o, "\n        <s:evenement date=\"");
	out_date(o, date);
	OUT(o, "\" type=\"");
	out_str(o, type);
	if (guichet != NULL) {
		OUT(o, "\" guichet=\"");
		out_str(o, guichet);
	}
	OUT(o, "\"/>");
}

/* What a demande has been through, oldest first. */
static void historique_write(struct out *o, struct demande *d)
{
	OUT(o, "\n      <s:historique>");
	evenement_write(o, d->depot, "creation", d->pgp ? SNE_GUICHET_PGP : d->instructeur);
	if (d->etat == ETAT_ATTENTE)
		evenement_write(o, d->validation, "soumission", SNE_GUICHET_PGP);
	if (d->etat == ETAT_INVALIDEE)
		evenement_write(o, d->validation, "invalidation", d->instructeur);
	if (d->pgp && (d->etat == ETAT_ACTIVE || d->etat == ETAT_RADIEE))
		evenement_write(o, d->validation, "validation", d->instructeur);
	for (int i = 0; i < d->n_renouvellements; i++) {
		const struct renouvellement *rn = &d->renouvellements[i];

		evenement_write(o, rn->date, "renouvellement", rn->pgp ? SNE_GUICHET_PGP : d->instructeur);
	}
	if (d->etat == ETAT_RADIEE)
		evenement_write(o, d->radiation, "radiation",
		                strcmp(d->motif, "RADREN") == 0 ? NULL : d->instructeur);
	OUT(o, "\n      </s:historique>");
}

static void envoi_write(struct out *o, const char *type, struct sne_date date, const char *canaux,
                        const struct sne_date *anniversaire)
{
	OUT(o, "\n      <s:envoi type=\"");
	out_str(o, type);
	OUT(o, "\" date=\"");
	out_date(o, date);
	OUT(o, "\" canaux=\"");
	out_str(o, canaux);
	if (anniversaire != NULL) {
		OUT(o, "\" anniversaire=\"");
		out_date(o, *anniversaire);
	}
	OUT(o, "\"/>");
}

/* Channels of the préavis MOIS months before the anniversary (contract §1):
 * no letter nor SMS abroad; online demandes get an e-mail, not a letter. */
static void canaux_preavis(const struct demande *d, int mois, int online, char *out, size_t size)
{
	int sms = d->has_tel && !d->etranger;
	int courriel = d->has_mel && (mois == 2 || online);
	int courrier = mois == 1 && !online && !d->etranger;

	snprintf(out, size, "%s%s%s%s%s", courrier ? "courrier" : "",
	         courrier && (sms || courriel) ? " " : "", sms ? "sms" : "",
	         sms && courriel ? " " : "", courriel ? "courriel" : "");
}

/* The notices of the current cycle that the notice cron has already sent
 * (it last ran ENVOIS_RETARD_JOURS days before the reference): the
 * attestation of the last creation/validation/renewal and the préavis of
 * the coming anniversary. */
static void envois_write(struct out *o, struct demande *d, const struct options *opt)
{
	struct sne_date cron = sne_date_add_days(opt->reference, -ENVOIS_RETARD_JOURS);
	struct sne_date last = d->pgp ? d->validation : d->depot;
	int online = d->pgp, n = d->n_renouvellements;
	const char *type = "attestation-enregistrement";
	char canaux[32];

	if (n > 0) {
		last = d->renouvellements[n - 1].date;
		online = d->renouvellements[n - 1].pgp;
		type = "attestation-renouvellement";
	}
	last = sne_date_add_days(last, 1);
	if (!date_before(last, date_make(2017, 4, 2)) && date_before(last, cron)
	    && date_before(sne_date_add_months(opt->reference, -13), last))
		envoi_write(o, type, last, online ? "courriel" : "courrier", NULL);
	if (d->etat != ETAT_ACTIVE)
		return;
	for (int mois = 2; mois >= 1; mois--) {
		struct sne_date due = sne_date_add_months(d->prochain, -mois);

		if (!date_before(due, cron) || date_before(due, last))
			continue;
		canaux_preavis(d, mois, online, canaux, sizeof canaux);
		if (canaux[0] != '\0')
			envoi_write(o, mois == 2 ? "preavis-2-mois" : "preavis-1-mois", due, canaux,
			            &d->prochain);
	}
}

static void rpls_number(uint64_t seed, unsigned long index, const char *dep, char *out);

static void radiation_write(struct out *o, struct demande *d, const struct options *opt)
{
	static const char *const bailleurs[] = {
		"Paris Habitat", "Haute-Savoie Habitat", "Logirep", "Immobilière 3F", "ICF Habitat",
		"Vilogia", "CDC Habitat", "Alliade Habitat", "Néolia", "Domanys", "Hérault Logement",
		"Valloire Habitat", "Habitat 76", "SIDR", "Érilia",
	};
	static const char *const contingents[] = { "COLTER", "COLACT", "PPRIOR", "PFONCT", "AUTRES", "AUCUN" };
	static const char *const accords[] = { "ACD", "ACI", "AUCUN", "AUCUN", "NONDOC" };
	static const char *const dalo[] = { "OUI", "NON", "NON", "NON", "NONDOC" };
	struct rng *r = &d->rng;
	char rpls[11];

	OUT(o, "\n      <s:radiation date=\"");
	out_date(o, d->radiation);
	OUT(o, "\" motif=\"");
	out_str(o, d->motif);
	if (strcmp(d->motif, "RADIRR") == 0) {
		OUT(o, "\" sous-motif=\"");
		out_str(o, rng_chance(r, 500) ? "IRRSEJ" : "IRRRES");
	}
	if (strcmp(d->motif, "RADIRR") == 0 || strcmp(d->motif, "RADCON") == 0) {
		/* sent 2 to 11 days more than a month before the radiation */
		struct sne_date envoi = sne_date_add_months(
		        sne_date_add_days(d->radiation, -2 - (int)rng_below(r, 10)), -1);

		OUT(o, "\" guichet=\"");
		out_str(o, d->instructeur);
		OUT(o, "\" avertissement=\"");
		out_date(o, envoi);
		OUT(o, "\" echeance=\"");
		out_date(o, sne_date_add_months(envoi, 1));
	}
	if (strcmp(d->motif, "RADATT") != 0) {
		OUT(o, "\"/>");
		return;
	}
	OUT(o, "\">\n        <s:attribution bailleur=\"");
	out_str(o, PICK(r, bailleurs));
	OUT(o, "\" date-bail=\"");
	out_date(o, d->radiation);
	OUT(o, "\" date-cal=\"");
	out_date(o, sne_date_add_days(d->radiation, -10 - (int)rng_below(r, 40)));
	OUT(o, "\" contingent=\"");
	out_str(o, PICK(r, contingents));
	OUT(o, "\" accord-collectif=\"");
	out_str(o, PICK(r, accords));
	OUT(o, "\" dalo=\"");
	out_str(o, PICK(r, dalo));
	OUT(o, "\">\n          <s:logement rpls=\"");
	rpls_number(opt->seed, d->rpls_index, d->dep->code, rpls);
	out_mem(o, rpls, 10);
	OUT(o, "\"/>\n        </s:attribution>\n      </s:radiation>");
}

/* One active demande in 200 has an avertissement de radiation in
 * progress, asked for in the last two months: a third not yet sent, the
 * others sent the next day, so that some are due for sne-radiate
 * --echeances on the night of the reference date. */
static void avertissement_write(struct out *o, struct demande *d, const struct options *opt)
{
	struct rng *r = &d->rng;
	struct sne_date date, envoi;
	int radirr;

	if (!rng_chance(r, 5))
		return;
	radirr = rng_chance(r, 500);
	date = date_between(r, sne_date_add_days(opt->reference, -60),
	                    sne_date_add_days(opt->reference, -2));
	if (date_before(date, d->depot))
		date = d->depot;
	OUT(o, "\n      <s:avertissement date=\"");
	out_date(o, date);
	if (radirr)
		OUT(o, "\" motif=\"RADIRR\" sous-motif=\"IRRRES");
	else
		OUT(o, "\" motif=\"RADCON");
	OUT(o, "\" guichet=\"");
	out_str(o, d->instructeur);
	envoi = sne_date_add_days(date, 1);
	if (!rng_chance(r, 333) && date_before(envoi, opt->reference)) {
		OUT(o, "\" envoi=\"");
		out_date(o, envoi);
		OUT(o, "\" echeance=\"");
		out_date(o, sne_date_add_months(envoi, 1));
	}
	OUT(o, "\"/>");
}

static void suivi_write(struct out *o, struct demande *d, const struct options *opt)
{
	static const char *const motifs_invalidation[] = {
		"Justificatif d'identité illisible", "Avis d'imposition manquant",
		"Demande en double", "Adresse incomplète",
	};
	int registered = d->etat == ETAT_ACTIVE || d->etat == ETAT_RADIEE;
	int n = d->n_renouvellements;
	struct sne_date modif = n > 0 ? d->renouvellements[n - 1].date : d->validation;

	if (d->etat == ETAT_RADIEE)
		modif = d->radiation;
	OUT(o, "\n    <s:suivi xmlns:s=\"urn:sne:suivi:1\">\n      <s:etat>");
	out_str(o, etat_names[d->etat]);
	OUT(o, "</s:etat>\n      <s:origine>");
	out_str(o, d->pgp ? "pgp" : "guichet");
	OUT(o, "</s:origine>\n      <s:modification date=\"");
	out_date(o, modif);
	OUT(o, "\" guichet=\"");
	out_str(o, d->etat == ETAT_BROUILLON || d->etat == ETAT_ATTENTE ? SNE_GUICHET_PGP
	                                                                : d->instructeur);
	OUT(o, "\"/>");
	if (registered) {
		OUT(o, "\n      <s:renouvellement prochain=\"");
		out_date(o, d->prochain);
		if (n > 0) {
			OUT(o, "\" dernier=\"");
			out_date(o, d->renouvellements[n - 1].date);
			OUT(o, "\" canal=\"");
			out_str(o, d->renouvellements[n - 1].pgp ? "pgp" : "guichet");
		}
		OUT(o, "\"/>");
	}
	if (d->etat == ETAT_RADIEE)
		radiation_write(o, d, opt);
	if (d->etat == ETAT_INVALIDEE) {
		OUT(o, "\n      <s:invalidation date=\"");
		out_date(o, d->validation);
		OUT(o, "\" motif=\"");
		out_str(o, PICK(&d->rng, motifs_invalidation));
		OUT(o, "\"/>");
	}
	if (d->etat == ETAT_ACTIVE)
		avertissement_write(o, d, opt);
	if (registered)
		envois_write(o, d, opt);
	historique_write(o, d);
	OUT(o, "\n    </s:suivi>");
}

static void interface_open(struct out *o, struct sne_date date, const char *type_fichier)
{
	OUT(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	       "<ns1:interfaceNuu versionInterface=\"02.01\" xmlns:ns1=\"http://nuu.application.i2/\">"
	       "\n  <ns1:entete>");
	if (type_fichier != NULL) {
		OUT(o, "\n    <ns1:typeFichier>");
		out_str(o, type_fichier);
		OUT(o, "</ns1:typeFichier>");
	}
	OUT(o, "\n    <ns1:dateFichier>");
	out_date(o, date);
	OUT(o, "T02:00:00+01:00</ns1:dateFichier>\n  </ns1:entete>");
}

static void interface_close(struct out *o)
{
	OUT(o, "\n</ns1:interfaceNuu>\n");
}

/* ---------------------------------------------------------- numéro sample */

/* Reservoir of K numéros of active demandes that may be renewed on the
 * reference date (anniversary at most two months ahead). */
struct sample {
	unsigned long k, seen;
	char (*numeros)[SNE_NUMERO_SIZE];
	unsigned long *ranks;
	struct rng rng;
};

static void sample_offer(struct sample *s, const struct demande *d, unsigned long rank,
                         struct sne_date reference)
{
	unsigned long slot;

	if (s->k == 0 || d->etat != ETAT_ACTIVE
	    || date_before(sne_date_add_months(reference, 2), d->prochain))
		return;
	slot = s->seen < s->k ? s->seen : (unsigned long)(rng_next(&s->rng) % (s->seen + 1));
	s->seen++;
	if (slot < s->k) {
		memcpy(s->numeros[slot], d->numero, SNE_NUMERO_SIZE);
		s->ranks[slot] = rank;
	}
}

static int sample_cmp(const void *a, const void *b, void *ranks_)
{
	const unsigned long *ranks = ranks_;
	unsigned long ra = ranks[*(const unsigned long *)a], rb = ranks[*(const unsigned long *)b];

	return (ra > rb) - (ra < rb);
}

/* Writes the sample in register order, one numéro a line. */
static void sample_write(struct sample *s, const char *path)
{
	unsigned long n = s->seen < s->k ? s->seen : s->k;
	unsigned long *order = malloc((n + 1) * sizeof *order);
	struct out o;

	if (order == NULL)
		die("mémoire épuisée");
	for (unsigned long i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof *order, sample_cmp, s->ranks);
	out_open(&o, path);
	for (unsigned long i = 0; i < n; i++) {
		out_reserve(&o);
		out_mem(&o, s->numeros[order[i]], SNE_NUMERO_LEN);
		out_char(&o, '\n');
	}
	out_close(&o);
	if (n < s->k)
		fprintf(stderr, "%s: seulement %lu numéros renouvelables au lieu de %lu\n", PROG, n, s->k);
	free(order);
}

/* ------------------------------------------------------------------ modes */

static void registre_write(const struct options *opt, const char *path, struct sample *sample)
{
	struct out o;
	struct demande d;

	sequences = calloc((size_t)n_territoires * SEQ_MONTHS, sizeof *sequences);
	if (sequences == NULL)
		die("mémoire épuisée");
	out_open(&o, path);
	interface_open(&o, opt->reference, NULL);
	for (unsigned long i = 0; i < opt->nombre; i++) {
		out_reserve(&o);
		demande_draw(&d, i, opt, 0);
		demande_logement_write(&o, &d);
		suivi_write(&o, &d, opt);
		OUT(&o, "\n  </ns1:demande>");
		sample_offer(sample, &d, i, opt->reference);
	}
	interface_close(&o);
	out_close(&o);
	free(sequences);
}

/* New demandes typed at guichet OPT->guichet on the reference date, without
 * numéro nor suivi: the input of sne-create. */
static void nouvelles_write(const struct options *opt, const char *path)
{
	struct out o;
	struct demande d;

	out_open(&o, path);
	interface_open(&o, opt->reference, "CRE");
	for (unsigned long i = 0; i < opt->nombre; i++) {
		out_reserve(&o);
		demande_draw(&d, i, opt, 1);
		demande_logement_write(&o, &d);
		OUT(&o, "\n  </ns1:demande>");
	}
	interface_close(&o);
	out_close(&o);
}

/* ------------------------------------------------------------------- RPLS */

/* RPLS number of dwelling INDEX: two characters of its département then
 * eight base-36 characters of a bijective scramble of INDEX, so numbers are
 * unique without any table. */
static void rpls_number(uint64_t seed, unsigned long index, const char *dep, char *out)
{
	static const char b36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	const uint64_t mask = (1ULL << 41) - 1; /* 2^41 < 36^8 */
	uint64_t x = ((uint64_t)index + (seed & 0xFFFF) * 0x10000000ULL) & mask;

	x = (x * 0x5DEECE66DULL) & mask; /* odd multiplier: a bijection mod 2^41 */
	x ^= x >> 19;
	x = (x * 0x2545F4914F6CDD1DULL) & mask;
	x ^= x >> 23;
	out[0] = dep[0];
	out[1] = dep[1];
	for (int i = 9; i >= 2; i--) {
		out[i] = b36[x % 36];
		x /= 36;
	}
	out[10] = '\0';
}

struct logement {
	const struct departement *dep;
	struct commune commune;
	char rpls[11];
	unsigned numero;
	const char *type_voie;
	const char *nom_voie;
	int pieces;
	unsigned surface_dm2; /* surface habitable in tenths of m² */
	const char *financement;
	int construction;
	struct sne_date service; /* DATIMMAT */
	struct sne_date lot;     /* when the reference loaded it */
};

static const char *const types_voie[] = { "RUE", "AV", "BD", "ALL", "PL", "CHE", "IMP", "RTE", "SQ" };
static const char *const noms_voie[] = {
	"DES LILAS", "JEAN JAURES", "VICTOR HUGO", "DE LA REPUBLIQUE", "DES ERABLES", "DU MOULIN",
	"PASTEUR", "DES MESANGES", "DU GENERAL DE GAULLE", "DE LA LIBERATION", "EMILE ZOLA",
	"GAMBETTA", "GUSTAVE EIFFEL", "DES ECOLES", "ARISTIDE BRIAND", "DU CHATEAU", "DE LA GARE",
	"PIERRE BROSSOLETTE", "JEAN MOULIN", "DES FLEURS", "ANATOLE FRANCE", "SALVADOR ALLENDE",
	"DES FRERES LUMIERE", "LOUISE MICHEL", "DU MARECHAL FOCH", "DES PEUPLIERS", "DU STADE",
};

/* Dwelling INDEX of the reference (or a new one, INDEX past the reference):
 * every field drawn from its own stream, so a batch row of a known number
 * carries the very data of the reference. */
static void logement_draw(uint64_t seed, unsigned long index, struct logement *l)
{
	static const char *const financements[] = {
		"PLUS", "PLUS", "PLUS", "PLUS", "PLAI", "PLAI", "PLS", "PLI", "HLMO", "HLMO", "PLA",
	};
	struct rng r = rng_for(seed, STREAM_LOGEMENT, index);
	int year;

	l->dep = departement_draw(&r);
	commune_draw(l->dep, &r, &l->commune);
	rpls_number(seed, index, l->dep->code, l->rpls);
	l->numero = 1 + rng_below(&r, 180);
	l->type_voie = PICK(&r, types_voie);
	l->nom_voie = PICK(&r, noms_voie);
	l->pieces = 1 + (int)rng_below(&r, 5) + (rng_chance(&r, 80) ? 1 : 0);
	l->surface_dm2 = (unsigned)(180 + l->pieces * 140) + rng_below(&r, 160);
	l->financement = PICK(&r, financements);
	year = 1950 + (int)rng_below(&r, 75);
	l->construction = year;
	l->service = date_make(year + (rng_chance(&r, 200) ? 1 : 0), 1 + (int)rng_below(&r, 12),
	                       1 + (int)rng_below(&r, 28));
	l->lot = date_make(year < 2011 ? 2011 : year >= 2024 ? 2025 : year + 1,
	                   1 + (int)rng_below(&r, 12), 1);
}

/* One dwelling in the shape of share/xsd/rpls.xsd, indented. */
static void logement_write(struct out *o, const struct logement *l)
{
	OUT(o, "\n  <r:logement rpls=\"");
	out_mem(o, l->rpls, 10);
	OUT(o, "\">\n    <r:commune>");
	out_str(o, l->commune.insee);
	OUT(o, "</r:commune>\n    <r:adresse><r:numero>");
	out_uint(o, l->numero);
	OUT(o, "</r:numero><r:type>");
	out_str(o, l->type_voie);
	OUT(o, "</r:type><r:voie>");
	out_str(o, l->nom_voie);
	OUT(o, "</r:voie><r:codePostal>");
	out_str(o, l->commune.code_postal);
	OUT(o, "</r:codePostal></r:adresse>\n    <r:pieces>");
	out_uint(o, (unsigned long)l->pieces);
	OUT(o, "</r:pieces>\n    <r:surface>");
	out_uint(o, l->surface_dm2 / 10);
	out_char(o, '.');
	out_char(o, (char)('0' + l->surface_dm2 % 10));
	OUT(o, "</r:surface>\n    <r:financement>");
	out_str(o, l->financement);
	OUT(o, "</r:financement>\n    <r:construction>");
	out_uint(o, (unsigned long)l->construction);
	OUT(o, "</r:construction>\n    <r:miseEnService>");
	out_date(o, l->service);
	OUT(o, "</r:miseEnService>\n    <r:lot id=\"reprise-");
	out_uint(o, (unsigned long)l->lot.year);
	OUT(o, "\" date=\"");
	out_date(o, l->lot);
	OUT(o, "\"/>\n  </r:logement>");
}

/* A dwelling's place in the reference: sorted by RPLS number, as
 * sne-rpls-load keeps the reference (and needs it for its index). */
struct rpls_place {
	uint64_t number;      /* the 10 base-36 characters as a number: same order */
	unsigned long index;  /* the dwelling drawn */
};

static uint64_t rpls_value(const char *rpls)
{
	uint64_t v = 0;

	for (int i = 0; i < 10; i++)
		v = v * 36 + (uint64_t)(rpls[i] <= '9' ? rpls[i] - '0' : rpls[i] - 'A' + 10);
	return v;
}

static int place_cmp(const void *a, const void *b)
{
	const struct rpls_place *x = a, *y = b;

	return (x->number > y->number) - (x->number < y->number);
}

/* The N dwellings in the order of their RPLS numbers. */
static struct rpls_place *rpls_order(const struct options *opt, unsigned long n)
{
	struct rpls_place *places = malloc((n ? n : 1) * sizeof *places);
	struct logement l;

	if (places == NULL)
		die("mémoire épuisée");
	for (unsigned long i = 0; i < n; i++) {
		logement_draw(opt->seed, i, &l);
		places[i].number = rpls_value(l.rpls);
		places[i].index = i;
	}
	qsort(places, n, sizeof *places, place_cmp);
	return places;
}

static void rpls_write(const struct options *opt, unsigned long n, const char *path)
{
	struct rpls_place *places = rpls_order(opt, n);
	struct out o;
	struct logement l;

	out_open(&o, path);
	OUT(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<r:logements xmlns:r=\"urn:sne:rpls:1\">");
	for (unsigned long i = 0; i < n; i++) {
		out_reserve(&o);
		logement_draw(opt->seed, places[i].index, &l);
		logement_write(&o, &l);
	}
	OUT(&o, "\n</r:logements>\n");
	out_close(&o);
	free(places);
}

static void lot_row_write(struct out *o, const struct logement *l, struct sne_date immat)
{
	out_mem(o, l->rpls, 10);
	out_char(o, ';');
	out_date_fr(o, immat);
	out_char(o, ';');
	out_str(o, l->commune.insee);
	out_char(o, ';');
	out_uint(o, l->numero);
	out_char(o, ';');
	out_str(o, l->type_voie);
	out_char(o, ';');
	out_str(o, l->nom_voie);
	out_char(o, ';');
	out_str(o, l->commune.code_postal);
	out_char(o, ';');
	out_uint(o, (unsigned long)l->pieces);
	out_char(o, ';');
	out_uint(o, l->surface_dm2 / 10);
	out_char(o, ',');
	out_char(o, (char)('0' + l->surface_dm2 % 10));
	out_char(o, ';');
	out_str(o, l->financement);
	out_char(o, ';');
	out_uint(o, (unsigned long)l->construction);
	OUT(o, "\r\n");
}

/* A batch of N rows: half new dwellings, the rest known ones of a reference
 * of OPT->taille_reference dwellings (a tenth of them with a corrected
 * surface), and a few rows a loader must reject. */
static void lot_write(const struct options *opt, unsigned long n, const char *path)
{
	struct out o;
	struct logement l;
	/* Odd prime, coprime with any size of the form 2^a 3^b 5^c. */
	const unsigned long step = 1000003UL;

	out_open(&o, path);
	OUT(&o, "RPLS;DATIMMAT;DEPCOM;NUMVOIE;TYPVOIE;NOMVOIE;CODEPOSTAL;NBPIECE;SURFHAB;FINAN;CONSTRUCT\r\n");
	for (unsigned long j = 0; j < n; j++) {
		struct rng r = rng_for(opt->seed, STREAM_LOT, j);
		int known = j % 2 == 1 && opt->taille_reference > 0;
		unsigned long index = known ? (j / 2 * step) % opt->taille_reference
		                            : opt->taille_reference + j;
		struct sne_date immat = date_between(&r, sne_date_add_days(opt->reference, -90),
		                                     opt->reference);

		out_reserve(&o);
		logement_draw(opt->seed, index, &l);
		if (!known) {
			l.construction = 2024 + (int)rng_below(&r, 3);
			l.service = immat;
		} else if (rng_chance(&r, 100)) {
			l.surface_dm2 += 10;
		}
		immat = l.service;
		if (rng_chance(&r, 5))
			l.commune.insee[0] = '\0'; /* rejected: no commune */
		else if (rng_chance(&r, 3))
			l.rpls[4] = '*'; /* rejected: bad RPLS number */
		lot_row_write(&o, &l, immat);
	}
	out_close(&o);
}

/* ------------------------------------------------------------------- main */

static void usage(FILE *fp)
{
	fprintf(fp,
	        "usage : gen-registre [options] [-o FICHIER]\n"
	        "Génère un registre synthétique de demandes (déterministe pour une graine).\n"
	        "  -s, --seed N               graine (défaut 1)\n"
	        "  -n, --nombre N             nombre de demandes (défaut 1000)\n"
	        "  -d, --date-reference DATE  date de la nuit simulée (défaut 2026-03-16) :\n"
	        "                             échéances de renouvellement autour de cette date\n"
	        "  -o, --sortie FICHIER       sortie (défaut : sortie standard)\n"
	        "      --nouvelles            demandes nouvelles sans numéro ni suivi (sne-create)\n"
	        "  -g, --guichet CODE         guichet des demandes nouvelles (défaut G0417)\n"
	        "      --numeros-sample K FICHIER\n"
	        "                             écrit aussi K numéros de demandes actives\n"
	        "                             renouvelables à la date de référence\n"
	        "      --rpls N               référentiel RPLS de N logements (XML, trié par numéro)\n"
	        "      --lot-rpls N           lot RPLS CSV de N lignes (moitié nouvelles)\n"
	        "      --taille-reference M   taille du référentiel dont le lot reprend des\n"
	        "                             logements connus (défaut 5400000)\n"
	        "  -h, --help                 cette aide\n");
}

static unsigned long number_arg(const char *text, const char *option)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || text[0] == '-') {
		fprintf(stderr, "%s: %s : « %s » n'est pas un nombre\n", PROG, option, text);
		exit(64);
	}
	return v;
}

enum { OPT_NOUVELLES = 256, OPT_SAMPLE, OPT_RPLS, OPT_LOT, OPT_TAILLE };

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "nombre", required_argument, NULL, 'n' },
		{ "date-reference", required_argument, NULL, 'd' },
		{ "sortie", required_argument, NULL, 'o' },
		{ "guichet", required_argument, NULL, 'g' },
		{ "nouvelles", no_argument, NULL, OPT_NOUVELLES },
		{ "numeros-sample", required_argument, NULL, OPT_SAMPLE },
		{ "rpls", required_argument, NULL, OPT_RPLS },
		{ "lot-rpls", required_argument, NULL, OPT_LOT },
		{ "taille-reference", required_argument, NULL, OPT_TAILLE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct options opt = { 1, 1000, { 2026, 3, 16 }, 5400000, "G0417" };
	struct sample sample = { 0, 0, NULL, NULL, { 0 } };
	const char *path = NULL, *sample_path = NULL;
	char guichet[SNE_GUICHET_SIZE], why[256];
	int c, nouvelles = 0, rpls = 0, lot = 0;
	unsigned long rpls_n = 0, lot_n = 0;

	while ((c = getopt_long(argc, argv, "s:n:d:o:g:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': opt.seed = number_arg(optarg, "--seed"); break;
		case 'n': opt.nombre = number_arg(optarg, "--nombre"); break;
		case 'd':
			if (sne_date_parse(optarg, &opt.reference, why, sizeof why) != 0) {
				fprintf(stderr, "%s: --date-reference : %s\n", PROG, why);
				return 64;
			}
			break;
		case 'o': path = optarg; break;
		case 'g':
			if (sne_guichet_parse(optarg, guichet, why, sizeof why) != 0) {
				fprintf(stderr, "%s: --guichet : %s\n", PROG, why);
				return 64;
			}
			opt.guichet = guichet;
			break;
		case OPT_NOUVELLES: nouvelles = 1; break;
		case OPT_SAMPLE:
			sample.k = number_arg(optarg, "--numeros-sample");
			if (optind >= argc) {
				fprintf(stderr, "%s: --numeros-sample K FICHIER : fichier manquant\n", PROG);
				return 64;
			}
			sample_path = argv[optind++];
			break;
		case OPT_RPLS: rpls = 1; rpls_n = number_arg(optarg, "--rpls"); break;
		case OPT_LOT: lot = 1; lot_n = number_arg(optarg, "--lot-rpls"); break;
		case OPT_TAILLE: opt.taille_reference = number_arg(optarg, "--taille-reference"); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 64;
		}
	}
	if (optind < argc || nouvelles + rpls + lot > 1
	    || (sample.k > 0 && nouvelles + rpls + lot > 0)
	    || opt.reference.year < 2013 || opt.reference.year > 2099
	    || opt.taille_reference == 0 || opt.taille_reference > 1UL << 32) {
		usage(stderr);
		return 64;
	}
	geography_init();
	if (rpls)
		rpls_write(&opt, rpls_n, path);
	else if (lot)
		lot_write(&opt, lot_n, path);
	else if (nouvelles)
		nouvelles_write(&opt, path);
	else {
		if (sample.k > 0) {
			sample.numeros = malloc(sample.k * sizeof *sample.numeros);
			sample.ranks = malloc(sample.k * sizeof *sample.ranks);
			if (sample.numeros == NULL || sample.ranks == NULL)
				die("mémoire épuisée");
			sample.rng = rng_for(opt.seed, STREAM_SEQUENCE, ~0ULL);
		}
		registre_write(&opt, path, &sample);
		if (sample.k > 0)
			sample_write(&sample, sample_path);
		free(sample.numeros);
		free(sample.ranks);
	}
	return 0;
}
