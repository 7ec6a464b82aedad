/*
 * main.c - plio's entry: one local run (app/session.h).
 */
#include "config.h"

#include <ltdl.h>

#include "app/session.h"

int main(int argc, char **argv)
{
	return session_main(argc, argv, lt_preloaded_symbols, NULL);
}
