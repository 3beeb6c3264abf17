/* sne-notice --pdf: the letters as A4 pages for a printing house, with
 * cairo (PDF surface) and pango (text layout, UTF-8, fonts by fontconfig).
 *
 * Where the address goes.  NF Z10-011 (postal addresses) gives the block:
 * at most 6 lines of 38 characters, left-aligned, no blank line, type of 9
 * to 12 points (10 advised).  The sheet is folded in three into a DL
 * window envelope (110 × 220 mm) whose window, as La Poste and envelope
 * makers place it, is 45 × 100 mm, 20 mm from the right edge and 15 mm
 * from the bottom: on the A4 sheet (210 mm wide, folds at 99 and 198 mm)
 * that window spans about 95-195 mm from the left and 50-95 mm from the
 * top.  The address zone French letters use inside it is 85 × 33 mm, 110
 * mm from the left edge and 55 mm from the top of the sheet (the figures
 * La Poste's printers quote), with room left for a tracking bar code
 * above it.  A C5/6 envelope (114 × 229 mm) has its window at the same
 * place from its right edge, so the same sheet serves both.  The text of
 * the letter starts under the first fold. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "notice.h"
#include "sne/err.h"

#define MM (72.0 / 25.4)             /* points per millimetre */
#define PAGE_WIDTH (210.0 * MM)      /* A4 */
#define PAGE_HEIGHT (297.0 * MM)
#define ADDRESS_LEFT (110.0 * MM)    /* the address zone of the window */
#define ADDRESS_TOP (55.0 * MM)
#define ADDRESS_WIDTH (85.0 * MM)
#define FOLD_1 (99.0 * MM)           /* folds of a sheet in three */
#define FOLD_2 (198.0 * MM)
#define MARGIN (20.0 * MM)           /* left, top and bottom */
#define TEXT_WIDTH (175.0 * MM)      /* to 15 mm from the right edge */
#define TEXT_TOP (105.0 * MM)        /* under the first fold */
#define ADDRESS_FONT "DejaVu Sans, Sans 10"
#define TEXT_FONT "DejaVu Sans Condensed, Sans 11"
#define REFERENCE_FONT "DejaVu Sans, Sans 8"

#if defined(__SANITIZE_ADDRESS__)
/* fontconfig keeps what it parsed of its configuration for the life of the
 * process (FcFini() would free it, but is not safe while pango's font
 * threads may run): LeakSanitizer is told so, as tests/valgrind-fontconfig.supp
 * tells memcheck.  Nothing of ours is hidden. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

/* and does not report the suppression on standard error */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}
#endif

struct notice_pdf {
	char *path;             /* the file, or the folder */
	int one_file;
	char *temporary;        /* one file: written here, renamed at the end */
	cairo_surface_t *surface;
	unsigned long pages;
};

static int ends_with_pdf(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && strcasecmp(path + n - 4, ".pdf") == 0;
}

static char *xstrdup(const char *text)
{
	char *copy = strdup(text);

	if (copy == NULL)
		abort();
	return copy;
}

struct notice_pdf *notice_pdf_open(const char *path)
{
	struct notice_pdf *pdf = calloc(1, sizeof *pdf);
	struct stat st;

	if (pdf == NULL)
		abort();
	pdf->path = xstrdup(path);
	pdf->one_file = ends_with_pdf(path);
	if (!pdf->one_file) {
		if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode) || access(path, W_OK) != 0) {
			sne_warn("option --pdf : « %s » n'est pas un dossier où écrire ; créez-le, ou "
			         "donnez un fichier en .pdf pour un seul PDF du jour", path);
			notice_pdf_close(pdf, 0);
			return NULL;
		}
		return pdf;
	}
	if (asprintf(&pdf->temporary, "%s.tmp", path) < 0)
		abort();
	pdf->surface = cairo_pdf_surface_create(pdf->temporary, PAGE_WIDTH, PAGE_HEIGHT);
	if (cairo_surface_status(pdf->surface) != CAIRO_STATUS_SUCCESS) {
		sne_warn("%s: création du PDF impossible : %s", pdf->temporary,
		         cairo_status_to_string(cairo_surface_status(pdf->surface)));
		notice_pdf_close(pdf, 0);
		return NULL;
	}
	return pdf;
}

/* A layout of TEXT in FONT, WIDTH points wide (wrapped at words). */
static PangoLayout *layout_of(cairo_t *cr, const char *text, const char *font, double width)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *description = pango_font_description_from_string(font);

	/* the surface's unit is the point: a 10-point font is 10 units high
	 * (pango's default of 96 dpi would make it 13.3) */
	pango_cairo_context_set_resolution(pango_layout_get_context(layout), 72.0);
	pango_layout_context_changed(layout);
	pango_layout_set_font_description(layout, description);
	pango_font_description_free(description);
	pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(layout, text, -1);
	return layout;
}

static void show_at(cairo_t *cr, PangoLayout *layout, double x, double y)
{
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
}

/* Short ticks in the left margin where the sheet is folded. */
static void fold_marks(cairo_t *cr)
{
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(cr, 0.3);
	cairo_move_to(cr, 0, FOLD_1);
	cairo_line_to(cr, 5 * MM, FOLD_1);
	cairo_move_to(cr, 0, FOLD_2);
	cairo_line_to(cr, 5 * MM, FOLD_2);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* The first page's head: reference of the demande, the address block in
 * the window. */
static void first_page(cairo_t *cr, const char *numero, const char *adresse)
{
	char reference[128];
	PangoLayout *layout;

	fold_marks(cr);
	snprintf(reference, sizeof reference, "Demande de logement social n° %s", numero);
	layout = layout_of(cr, reference, REFERENCE_FONT, PAGE_WIDTH - 2 * MARGIN);
	show_at(cr, layout, MARGIN, MARGIN);
	g_object_unref(layout);
	layout = layout_of(cr, adresse, ADDRESS_FONT, ADDRESS_WIDTH);
	show_at(cr, layout, ADDRESS_LEFT, ADDRESS_TOP);
	g_object_unref(layout);
}

/* TEXT from TEXT_TOP down, line by line, on as many pages as it takes. */
static void body(cairo_t *cr, const char *text, unsigned long *pages)
{
	PangoLayout *layout = layout_of(cr, text, TEXT_FONT, TEXT_WIDTH);
	PangoLayoutIter *iter = pango_layout_get_iter(layout);
	double page_top = TEXT_TOP, shift = 0;

	do {
		PangoRectangle logical;
		double bottom, baseline;

		pango_layout_iter_get_line_extents(iter, NULL, &logical);
		bottom = (double)(logical.y + logical.height) / PANGO_SCALE - shift;
		if (page_top + bottom > PAGE_HEIGHT - MARGIN) {  /* next page */
			cairo_show_page(cr);
			(*pages)++;
			fold_marks(cr);
			page_top = MARGIN;
			shift = (double)logical.y / PANGO_SCALE;
		}
		baseline = (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE - shift;
		cairo_move_to(cr, MARGIN + (double)logical.x / PANGO_SCALE, page_top + baseline);
		pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(iter));
	} while (pango_layout_iter_next_line(iter));
	pango_layout_iter_free(iter);
	g_object_unref(layout);
}

/* The letter's text without its address block, which the window shows:
 * a copy freed by the caller. */
static char *text_without_address(const char *text, const char *adresse)
{
	const char *at = adresse[0] ? strstr(text, adresse) : NULL;
	char *copy;
	size_t before;

	if (at == NULL)
		return xstrdup(text);
	before = (size_t)(at - text);
	at += strlen(adresse);
	at += strspn(at, "\n");
	if (asprintf(&copy, "%.*s%s", (int)before, text, at) < 0)
		abort();
	return copy;
}

/* Draws one letter on SURFACE. */
static int draw(cairo_surface_t *surface, const char *numero, const char *adresse,
                const char *text, unsigned long *pages)
{
	cairo_t *cr = cairo_create(surface);
	char *rest = text_without_address(text, adresse);
	int ok;

	cairo_set_source_rgb(cr, 0, 0, 0);
	first_page(cr, numero, adresse);
	body(cr, rest, pages);
	cairo_show_page(cr);
	(*pages)++;
	ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS;
	cairo_destroy(cr);
	free(rest);
	return ok ? 0 : -1;
}

/* One file per letter: DIR/NUMERO-TYPE.pdf, written then renamed. */
static int one_letter_file(struct notice_pdf *pdf, const char *numero, const char *type,
                           const char *adresse, const char *text)
{
	char *path, *temporary;
	cairo_surface_t *surface;
	int rc;

	if (asprintf(&path, "%s/%s-%s.pdf", pdf->path, numero, type) < 0 ||
	    asprintf(&temporary, "%s/.%s-%s.pdf.tmp", pdf->path, numero, type) < 0)
		abort();
	surface = cairo_pdf_surface_create(temporary, PAGE_WIDTH, PAGE_HEIGHT);
	rc = draw(surface, numero, adresse, text, &pdf->pages);
	cairo_surface_finish(surface);
	if (rc != 0 || cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS ||
	    rename(temporary, path) != 0) {
		sne_warn("%s: écriture du PDF impossible : %s", path,
		         cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS
		         ? cairo_status_to_string(cairo_surface_status(surface)) : strerror(errno));
		unlink(temporary);
		rc = -1;
	}
	cairo_surface_destroy(surface);
	free(path);
	free(temporary);
	return rc;
}

int notice_pdf_letter(struct notice_pdf *pdf, const char *numero, const char *type,
                      const char *adresse, const char *text)
{
	if (!pdf->one_file)
		return one_letter_file(pdf, numero, type, adresse, text);
	if (draw(pdf->surface, numero, adresse, text, &pdf->pages) != 0) {
		sne_warn("%s: écriture du PDF impossible : %s", pdf->temporary,
		         cairo_status_to_string(cairo_surface_status(pdf->surface)));
		return -1;
	}
	return 0;
}

int notice_pdf_close(struct notice_pdf *pdf, int commit)
{
	int rc = 0;

	if (pdf == NULL)
		return 0;
	if (pdf->surface != NULL) {
		cairo_surface_finish(pdf->surface);
		if (commit && pdf->pages == 0) {
			commit = 0;  /* no letter today: no file */
		} else if (commit && cairo_surface_status(pdf->surface) != CAIRO_STATUS_SUCCESS) {
			sne_warn("%s: écriture du PDF impossible : %s", pdf->temporary,
			         cairo_status_to_string(cairo_surface_status(pdf->surface)));
			rc = -1;
		} else if (commit && rename(pdf->temporary, pdf->path) != 0) {
			sne_warn("%s: écriture du PDF impossible :", pdf->path);
			rc = -1;
		}
		cairo_surface_destroy(pdf->surface);
	}
	if (pdf->temporary != NULL && (!commit || rc != 0))
		unlink(pdf->temporary);
	free(pdf->temporary);
	free(pdf->path);
	free(pdf);
	/* one PDF output a run: the font map pango keeps for the process goes
	 * with it */
	pango_cairo_font_map_set_default(NULL);
	return rc;
}
