/* sne-fix --doublons: the suspected pairs of a register, as a stream of
 * <d:paire> (urn:sne:doublon:1, share/xsd/doublon.xsd) or as TSV. */
#include <stdio.h>

#include "fix.h"
#include "sne/count.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/rapprochement.h"

#define NS_DOUBLON "urn:sne:doublon:1"

struct listing {
	struct sne_output *out;
	enum fix_format format;
	size_t certaines, a_verifier;
};

static const char *certitude(enum sne_ressemblance kind)
{
	return sne_ressemblance_est_certaine(kind) ? "certaine" : "a-verifier";
}

static int write_xml_pair(struct listing *l, const struct sne_paire *p)
{
	sne_output_printf(l->out, "  <d:paire certitude=\"%s\" ressemblance=\"%s\" "
	                  "territoire=\"%s\">\n", certitude(p->kind),
	                  sne_ressemblance_name(p->kind), p->territoire);
	for (int i = 0; i < 2; i++) {
		sne_output_puts(l->out, "    <d:demande");
		if (p->numero[i][0] != '\0')
			sne_output_printf(l->out, " numero=\"%s\"", p->numero[i]);
		sne_output_printf(l->out, " rang=\"%zu\"/>\n", p->rank[i]);
	}
	return sne_output_puts(l->out, "  </d:paire>\n");
}

static int write_tsv_pair(struct listing *l, const struct sne_paire *p)
{
	return sne_output_printf(l->out, "%s\t%s\t%s\t%s\t%zu\t%s\t%zu\n", certitude(p->kind),
	                         sne_ressemblance_name(p->kind), p->territoire, p->numero[0],
	                         p->rank[0], p->numero[1], p->rank[1]);
}

static int on_pair(const struct sne_paire *pair, void *ctx)
{
	struct listing *l = ctx;
	int rc;

	if (sne_ressemblance_est_certaine(pair->kind))
		l->certaines++;
	else
		l->a_verifier++;
	rc = l->format == FORMAT_XML ? write_xml_pair(l, pair) : write_tsv_pair(l, pair);
	if (rc != 0) {
		sne_warn("écriture impossible sur la sortie standard :");
		return SNE_EX_IOERR;
	}
	return 0;
}

static int write_head(struct listing *l)
{
	if (l->format == FORMAT_TSV)
		return sne_output_puts(l->out, "certitude\tressemblance\tterritoire\tnumero_1\t"
		                               "rang_1\tnumero_2\trang_2\n");
	return sne_output_puts(l->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                               "<d:doublons xmlns:d=\"" NS_DOUBLON "\">\n");
}

static int write_tail(struct listing *l)
{
	return l->format == FORMAT_XML ? sne_output_puts(l->out, "</d:doublons>\n") : 0;
}

int fix_list_doublons(const char *path, enum fix_format format)
{
	struct sne_rapprochement *index = sne_rapprochement_new();
	struct listing l = { sne_output_stdout(), format, 0, 0 };
	size_t large = 0;
	int rc = sne_rapprochement_load(index, path);

	if (rc == 0 && write_head(&l) != 0)
		rc = SNE_EX_IOERR;
	if (rc == 0)
		rc = sne_rapprochement_pairs(index, on_pair, &l, &large);
	if (rc == 0 && write_tail(&l) != 0)
		rc = SNE_EX_IOERR;
	if (sne_output_close(l.out) != 0 && rc == 0) {
		sne_warn("écriture impossible sur la sortie standard :");
		rc = SNE_EX_IOERR;
	}
	if (large > 0)
		sne_warn("%s: %s de plus de %d demandes nées le même jour dans un même "
		         "territoire : seules leurs identités exactes ont été comparées ; vérifiez "
		         "les dates de naissance", path,
		         sne_count(large, SNE_MASCULINE, "groupe", "groupes").text,
		         SNE_RAPPROCHEMENT_GROUPE_MAX);
	if (rc == 0)
		sne_info("%s parmi %s : %s, %s",
		         sne_count(l.certaines + l.a_verifier, SNE_FEMININE,
		                   "paire de doublons suspectés", "paires de doublons suspectés").text,
		         sne_count(sne_rapprochement_count(index), SNE_FEMININE, "demande",
		                   "demandes").text,
		         sne_count(l.certaines, SNE_FEMININE, "certaine", "certaines").text,
		         sne_count(l.a_verifier, SNE_FEMININE, "à vérifier", "à vérifier").text);
	sne_rapprochement_free(index);
	return rc;
}
