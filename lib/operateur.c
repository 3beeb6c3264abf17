/* The login of the person running the program. */
#include "sne/operateur.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *sne_operateur_login(void)
{
	static char login[256];
	uid_t uid = getuid();
	struct passwd *pw;

	if (login[0] != '\0')
		return login;
	pw = getpwuid(uid);
	if (pw != NULL && pw->pw_name != NULL && pw->pw_name[0] != '\0')
		snprintf(login, sizeof login, "%s", pw->pw_name);
	else
		snprintf(login, sizeof login, "uid %lu", (unsigned long)uid);
	return login;
}
