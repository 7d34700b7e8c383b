# Hutch: show the apps installed with `app install` on the desktop.
#
# Installed in /etc/profile.d/, sourced by login shells (POSIX sh).  Puts
# the exported launchers, icons and D-Bus services of the user's
# installation and of the system's in front of $XDG_DATA_DIRS, unless they
# are there already, and keeps what is there (empty or unset, it means
# /usr/local/share:/usr/share).  60-hutch.conf does the same for
# systemd --user.

hutch_data_home=${XDG_DATA_HOME:-}
case "$hutch_data_home" in
    /*) ;;
    *) hutch_data_home=${HOME:+$HOME/.local/share} ;;
esac
hutch_dirs=${XDG_DATA_DIRS:-/usr/local/share:/usr/share}
for hutch_dir in /var/lib/hutch/exports/share ${hutch_data_home:+"$hutch_data_home/hutch/exports/share"}; do
    case ":$hutch_dirs:" in
        *":$hutch_dir:"* | *":$hutch_dir/:"*) ;;
        *) hutch_dirs="$hutch_dir:$hutch_dirs" ;;
    esac
done
XDG_DATA_DIRS=$hutch_dirs
export XDG_DATA_DIRS
unset hutch_data_home hutch_dirs hutch_dir
