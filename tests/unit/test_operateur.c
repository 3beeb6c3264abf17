/* Unit tests of lib/operateur.c: the login recorded by support fixes. */
#include "sne/operateur.h"

#include <pwd.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	const char *login = sne_operateur_login();
	struct passwd *pw = getpwuid(getuid());

	CHECK(login != NULL && login[0] != '\0', "a login is always given");
	if (pw != NULL)
		CHECK_STR(login, pw->pw_name, "the passwd name of the real user");
	CHECK(sne_operateur_login() == login, "the same storage for the run");
	return check_done();
}
