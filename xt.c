#include <stdio.h>
#include <string.h>
#include "exec.h"
int main(int argc, char **argv)
{
	static struct t2p_prog p;
	struct t2x_config cfg;
	struct t2x_result res;
	char err[256];
	if (t2x_config_from_env(&cfg, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 2; }
	if (getenv("TRACE")) cfg.trace = stderr;
	for (int i = 1; i < argc; i++) {
		if (t2p_load(argv[i], &p, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 2; }
		t2x_run_once(&cfg, &p, &res);
		printf("%s: ", argv[i]); t2x_print_result(stdout, &p, &res);
	}
	return 0;
}
