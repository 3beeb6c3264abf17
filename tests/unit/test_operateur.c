/* Unit tests of lib/operateur.c: the login recorded by support fixes. */
#include "sne/operateur.h"

#include <pwd.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	const char *login = sne_operateur_login();
	struct passwd *pw = getpwuid(getuid());

	CHECK(login != NULL && login[0] != '\0', "un identifiant est toujours donné");
	if (pw != NULL)
		CHECK_STR(login, pw->pw_name, "le nom passwd de l'utilisateur réel");
	CHECK(sne_operateur_login() == login, "le même stockage pour le passage");
	return check_done();
}
