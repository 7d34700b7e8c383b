/* The commands of `app` that hutch-app-repo carries out (app-repo-exec.c). */
#pragma once

/* Replaces this process with hutch-app-repo, passing @argv (the command's
 * name first) through; returns only on failure, with the exit status. */
int hutch_app_exec_repo (int argc, char **argv);
