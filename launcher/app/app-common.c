/* Helpers shared by the subcommands of `app`. */
#include "app-builtins.h"

#include "hutch-command.h"
#include "hutch-i18n.h"
#include "hutch-paths.h"
#include "hutch-permissions.h"
#include "hutch-ref.h"

#include <stdio.h>

int
hutch_app_fail (const GError *error)
{
  return hutch_command_fail ("app", error->message);
}

void
hutch_app_warn (const char *message)
{
  hutch_command_warn ("app", message);
}

void
hutch_app_warn_all (GPtrArray *warnings)
{
  hutch_command_warn_all ("app", warnings);
}

const char *
hutch_app_profiles_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      const char *env = g_getenv ("HUTCH_PROFILES_DIR");
      dir = g_build_filename (env != NULL && env[0] == '/' ? env : HUTCH_PROFILESDIR, "seccomp",
                              NULL);
    }
  return dir;
}

gboolean
hutch_app_debug_disabled (const char *name)
{
  const char *value = g_getenv ("HUTCH_DEBUG_DISABLE");
  g_auto (GStrv) names = value != NULL ? g_strsplit (value, ",", -1) : NULL;

  return names != NULL && g_strv_contains ((const char *const *) names, name);
}

const char *const *
hutch_app_installation_dirs (void)
{
  static const char *dirs[3];

  if (dirs[0] == NULL)
    {
      dirs[0] = hutch_get_user_installation_dir ();
      dirs[1] = hutch_get_system_installation_dir ();
    }
  return dirs;
}

/* Every permission flag takes a value and is applied to the layer. */
static const struct
{
  const char *name;
  const char *arg;
  const char *help;
} permission_flags[] = {
  { "filesystem", N_("FS[:ro|:create]"), N_("Grant a file system: home, host, host-os, host-etc, xdg-DIR[/PATH], ~/PATH, /PATH") },
  { "nofilesystem", N_("FS"), N_("Take a file system away") },
  { "socket", N_("SOCKET"), N_("Grant a socket: x11, fallback-x11, wayland, pulseaudio, pipewire, session-bus, system-bus, ssh-auth, pcsc, cups, gpg-agent") },
  { "nosocket", N_("SOCKET"), N_("Take a socket away") },
  { "share", N_("WHAT"), N_("Share with the host: network, ipc") },
  { "unshare", N_("WHAT"), N_("Stop sharing network or ipc with the host") },
  { "device", N_("DEVICE"), N_("Grant a device: dri, input, kvm, shm, all") },
  { "nodevice", N_("DEVICE"), N_("Take a device away") },
  { "allow", N_("FEATURE"), N_("Allow a feature: devel, multiarch, bluetooth, per-app-dev-shm") },
  { "disallow", N_("FEATURE"), N_("Disallow a feature") },
  { "env", N_("VAR=VALUE"), N_("Set an environment variable") },
  { "unset-env", N_("VAR"), N_("Remove an environment variable") },
  { "persist", N_("PATH"), N_("Keep ~/PATH in the app's own data directory") },
  { "talk-name", N_("NAME"), N_("Let the app talk to NAME on the session bus") },
  { "no-talk-name", N_("NAME"), N_("Do not let the app talk to NAME on the session bus") },
  { "own-name", N_("NAME"), N_("Let the app own NAME on the session bus") },
  { "see-name", N_("NAME"), N_("Let the app see NAME on the session bus") },
  { "system-talk-name", N_("NAME"), N_("Let the app talk to NAME on the system bus") },
  { "system-no-talk-name", N_("NAME"), N_("Do not let the app talk to NAME on the system bus") },
  { "system-own-name", N_("NAME"), N_("Let the app own NAME on the system bus") },
  { "seccomp-profile", N_("NAME|PATH"), N_("Use another seccomp profile: default, strict, devel or a file") },
  { "seccomp-rule", N_("RULE"), N_("Add a seccomp rule, such as “deny ptrace” or “allow io_uring_setup”") },
  { "memory-max", N_("SIZE"), N_("Limit the app's memory (512M, 2G, max)") },
  { "pids-max", N_("N"), N_("Limit the number of the app's processes") },
  { "cpu-weight", N_("N"), N_("The app's CPU weight, 1 to 10000 (100 is normal)") },
  { "nofile", N_("N"), N_("Limit the number of files the app may have open") },
};

static gboolean
apply_flag (const char *option_name, const char *value, gpointer data, GError **error)
{
  HutchPermissions *layer = data;

  /* GOption passes "--name" */
  return hutch_permissions_apply_option (layer, option_name + 2, value, error);
}

GOptionGroup *
hutch_app_permission_options (HutchPermissions *layer)
{
  GOptionGroup *group = g_option_group_new ("permissions", _("Permissions:"),
                                            _("Show the permission options"), layer, NULL);
  GOptionEntry *entries = g_new0 (GOptionEntry, G_N_ELEMENTS (permission_flags) + 1);

  for (gsize i = 0; i < G_N_ELEMENTS (permission_flags); i++)
    {
      entries[i].long_name = permission_flags[i].name;
      entries[i].arg = G_OPTION_ARG_CALLBACK;
      /* The value as given: `app run` loads no locale to convert from
       * (hutch_permissions_apply_option() requires UTF-8 where it must). */
      entries[i].flags = G_OPTION_FLAG_FILENAME;
      entries[i].arg_data = (gpointer) apply_flag;
      entries[i].description = permission_flags[i].help;
      entries[i].arg_description = permission_flags[i].arg;
    }
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, entries);
  g_free (entries); /* GOption copied them */
  return group;
}
