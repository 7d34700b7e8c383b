/* hutch-demo: the sample desktop app of Hutch's README.
 *
 * It reports what it sees from inside its sandbox: who it runs as, its
 * capabilities, no_new_privs and seccomp, the top of its file system, what
 * of the host's home and processes it can see, its network interfaces and
 * /.hutch-info.  With a display it shows the report in a GTK window (and
 * can save a picture of that window, for tests); without one it prints the
 * report.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gtk/gtk.h>

#include <dirent.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The value of "Key:" in /proc/self/status, or "?". */
static char *
status_field (const char *key)
{
  g_autofree char *status = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return g_strdup ("?");
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], key) && lines[i][strlen (key)] == ':')
      return g_strstrip (g_strdup (lines[i] + strlen (key) + 1));
  return g_strdup ("?");
}

static void
report_identity (GString *out)
{
  g_autofree char *cap_eff = status_field ("CapEff");
  g_autofree char *cap_bnd = status_field ("CapBnd");
  g_autofree char *nnp = status_field ("NoNewPrivs");
  g_autofree char *seccomp = status_field ("Seccomp");

  g_string_append_printf (out, "user:          uid %u, gid %u\n", (guint)getuid (),
                          (guint)getgid ());
  g_string_append_printf (out, "capabilities:  effective %s, bounding %s%s\n", cap_eff, cap_bnd,
                          strcmp (cap_eff, "0000000000000000") == 0 ? " (none)" : "");
  g_string_append_printf (out, "no_new_privs:  %s\n", nnp);
  g_string_append_printf (out, "seccomp:       %s%s\n", seccomp,
                          strcmp (seccomp, "2") == 0 ? " (a filter is on)" : "");
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* The names in @path, sorted, on one line. */
static void
report_dir (GString *out, const char *label, const char *path)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_string_append_printf (out, "%-14s ", label);
  if (dir == NULL)
    {
      g_string_append (out, "(not there)\n");
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  if (names->len == 0)
    g_string_append (out, "(empty)");
  for (guint i = 0; i < names->len && i < 24; i++)
    g_string_append_printf (out, "%s ", (const char *)g_ptr_array_index (names, i));
  g_string_append_c (out, '\n');
}

static guint
count_processes (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_ascii_isdigit (name[0]))
      n++;
  return n;
}

static void
report_world (GString *out)
{
  struct if_nameindex *ifs = if_nameindex ();

  report_dir (out, "/:", "/");
  report_dir (out, "/home:", "/home");
  report_dir (out, "home:", g_get_home_dir ());
  report_dir (out, "/run/user:", "/run/user");
  g_string_append_printf (out, "%-14s %u visible\n", "processes:", count_processes ());
  g_string_append_printf (out, "%-14s ", "network:");
  for (guint i = 0; ifs != NULL && ifs[i].if_index != 0; i++)
    g_string_append_printf (out, "%s ", ifs[i].if_name);
  g_string_append_c (out, '\n');
  if (ifs != NULL)
    if_freenameindex (ifs);
}

static void
report_info (GString *out)
{
  g_autofree char *info = NULL;

  if (g_file_get_contents ("/.hutch-info", &info, NULL, NULL))
    g_string_append_printf (out, "/.hutch-info:\n%s", info);
  else
    g_string_append (out, "/.hutch-info:  (not there: not in a Hutch sandbox?)\n");
}

static char *
make_report (void)
{
  GString *out = g_string_new ("Hutch demo: what this app sees from inside its sandbox\n\n");

  report_identity (out);
  report_world (out);
  report_info (out);
  return g_string_free (out, FALSE);
}

/* Saves what the X server shows of @window as a PNG, then quits. */
static gboolean
save_screenshot (gpointer data)
{
  GtkWidget *window = data;
  const char *path = g_object_get_data (G_OBJECT (window), "screenshot");
  GdkWindow *gdk = gtk_widget_get_window (window);
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autoptr (GError) error = NULL;

  pixbuf = gdk_pixbuf_get_from_window (gdk, 0, 0, gdk_window_get_width (gdk),
                                       gdk_window_get_height (gdk));
  if (pixbuf == NULL || !gdk_pixbuf_save (pixbuf, path, "png", &error, NULL))
    g_printerr ("hutch-demo: cannot save %s: %s\n", path,
                error != NULL ? error->message : "no picture");
  else
    g_print ("hutch-demo: saved a picture of the window in %s\n", path);
  gtk_widget_destroy (window);
  return G_SOURCE_REMOVE;
}

static void
show_window (const char *report, const char *screenshot)
{
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *markup = g_markup_printf_escaped ("<tt>%s</tt>", report);

  gtk_window_set_title (GTK_WINDOW (window), "Hutch demo");
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 420);
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_container_add (GTK_CONTAINER (scrolled), label);
  gtk_container_add (GTK_CONTAINER (window), scrolled);
  g_signal_connect (window, "destroy", G_CALLBACK (gtk_main_quit), NULL);
  gtk_widget_show_all (window);
  if (screenshot != NULL)
    {
      g_object_set_data_full (G_OBJECT (window), "screenshot", g_strdup (screenshot), g_free);
      g_timeout_add (1000, save_screenshot, window);
    }
  gtk_main ();
}

int
main (int argc, char **argv)
{
  g_autofree char *report = make_report ();
  const char *screenshot = NULL;

  /* --screenshot FILE: save a picture of the window in FILE, then quit. */
  if (argc == 3 && strcmp (argv[1], "--screenshot") == 0)
    screenshot = argv[2];
  else if (argc > 1 && strcmp (argv[1], "--text") != 0)
    {
      fprintf (stderr, "usage: hutch-demo [--text | --screenshot FILE]\n");
      return 2;
    }
  fputs (report, stdout);
  fflush (stdout);
  if (argc > 1 && strcmp (argv[1], "--text") == 0)
    return 0;
  if (!gtk_init_check (&argc, &argv))
    {
      printf ("\n(no display: the report above is all there is)\n");
      return 0;
    }
  show_window (report, screenshot);
  return 0;
}
