/* The stop of a program: a jump back to its entry point (see sne/stop.h). */
#include "sne/stop.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

struct catch_frame {
	jmp_buf where;
	int code;                    /* the code of the stop */
	void (*cleanup)(void *ctx);  /* run by a stop */
	void *cleanup_ctx;
	struct catch_frame *outer;
};

/* The innermost catch of this thread: a stop unwinds the thread that
 * called it (a part of a split stream runs in a thread of its own). */
static _Thread_local struct catch_frame *innermost;

int sne_stop_catch_call(int (*work)(void *ctx), void *ctx)
{
	struct catch_frame frame = { .outer = innermost };
	int rc;

	innermost = &frame;
	if (setjmp(frame.where) == 0)
		rc = work(ctx);
	else
		rc = innermost->code; /* read through the static pointer: the frame
		                         changed after setjmp, a register copy may not */
	innermost = frame.outer;
	return rc;
}

struct program_call {
	int (*program)(int argc, char **argv);
	int argc;
	char **argv;
};

static int call_program(void *ctx)
{
	const struct program_call *call = ctx;

	return call->program(call->argc, call->argv);
}

int sne_stop_catch(int (*program)(int argc, char **argv), int argc, char **argv)
{
	struct program_call call = { program, argc, argv };

	return sne_stop_catch_call(call_program, &call);
}

void sne_stop(int code)
{
	if (innermost == NULL) {
		fputs("sne: arrêt demandé hors d'un point d'entrée de programme (erreur interne)\n",
		      stderr);
		abort();
	}
	/* the cleanup runs before the jump: what it frees may live in the
	 * frames the jump discards */
	if (innermost->cleanup != NULL)
		innermost->cleanup(innermost->cleanup_ctx);
	innermost->code = code;
	longjmp(innermost->where, 1);
}

void sne_stop_on_cleanup(void (*cleanup)(void *ctx), void *ctx)
{
	if (innermost == NULL)
		return;
	innermost->cleanup = cleanup;
	innermost->cleanup_ctx = ctx;
}
