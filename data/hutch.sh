# Hutch: show the apps installed with `app install` on the desktop.
#
# Installed in /etc/profile.d/, sourced by login shells (POSIX sh).  Puts
# the exported launchers, icons and D-Bus services of the system's
# installation, then of the user's, after what $XDG_DATA_DIRS holds (empty
# or unset, it means /usr/local/share:/usr/share), unless they are there
# already.  After, not in front: the first directory that has a launcher or
# a D-Bus service of a name wins, so no app installed with Hutch can take
# the name of the host's software (org.freedesktop.portal.Desktop), nor a
# user's app the name of a system-wide one.  60-hutch.conf does the same
# for systemd --user.

hutch_data_home=${XDG_DATA_HOME:-}
case "$hutch_data_home" in
    /*) ;;
    *) hutch_data_home=${HOME:+$HOME/.local/share} ;;
esac
hutch_dirs=${XDG_DATA_DIRS:-/usr/local/share:/usr/share}
for hutch_dir in /var/lib/hutch/exports/share ${hutch_data_home:+"$hutch_data_home/hutch/exports/share"}; do
    case ":$hutch_dirs:" in
        *":$hutch_dir:"* | *":$hutch_dir/:"*) ;;
        *) hutch_dirs="$hutch_dirs:$hutch_dir" ;;
    esac
done
XDG_DATA_DIRS=$hutch_dirs
export XDG_DATA_DIRS
unset hutch_data_home hutch_dirs hutch_dir
