/* Stopping a program from anywhere under its entry point, without ending
 * the process.
 *
 * A program's work runs under sne_stop_catch(); a usage error, --help, a
 * fatal error (sne_die) or a refusal of the access rules calls sne_stop(),
 * which unwinds to that call, and the entry point returns the exit code.
 * So the library never calls exit(): the process ends only by returning
 * from main(), and a unit test or a fuzzer can run a whole program in its
 * own process, again and again (libjpeg's error_exit and Lua's lua_error
 * are the same idiom).
 *
 * What a stopped program had allocated is released by the cleanup it
 * registered (sne_cli_init registers its struct sne_cli); files it had
 * open are closed by the caller's process at its end. */
#ifndef SNE_STOP_H
#define SNE_STOP_H

/* Runs PROGRAM(ARGC, ARGV) and returns what it returns, or the code a stop
 * under it gave.  Calls nest: a stop reaches the innermost one. */
int sne_stop_catch(int (*program)(int argc, char **argv), int argc, char **argv);
/* The same for WORK(CTX).  Catches belong to a thread: a stop reaches the
 * innermost catch of the thread that stops. */
int sne_stop_catch_call(int (*work)(void *ctx), void *ctx);

/* Runs the cleanup registered under the innermost sne_stop_catch(), then
 * unwinds to it, and it returns CODE.  Called outside any, it is a
 * programming error: the process aborts. */
_Noreturn void sne_stop(int code);

/* Registers CLEANUP(CTX), run by a stop of the innermost sne_stop_catch()
 * (not when the program returns); one per catch, a later call replaces it,
 * NULL removes it.  Outside any catch, nothing is registered. */
void sne_stop_on_cleanup(void (*cleanup)(void *ctx), void *ctx);

#endif
