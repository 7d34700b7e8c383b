#!/usr/bin/env python3
"""paired.py: time commands side by side, interleaved, in batches.

    paired.py [--rounds N] [--batch M] [--rep PATH] [--cgroup DIR]
              [--space MS] [--warmup N] [--ratio A/B ...] NAME=COMMAND ...

Each round runs every COMMAND M times in a row (through `rep`, which forks,
execs and waits, so one sample times M launches) and moves on to the next
command: the rows share the machine's state of the moment.  Prints, per row,
the median over the rounds of the wall time and, with --cgroup, of the CPU
time per launch counted by a cgroup-v1 cpuacct group (which, unlike wait4,
also counts processes the launcher does not reap, such as bubblewrap's pid 1).
--ratio A/B prints the median of the per-round ratios of rows A and B.
--space MS: spaced launches, what one click costs on an idle machine: `rep`
sleeps MS milliseconds before each launch and times it alone, from fork to
waitpid.  --warmup N: N rounds first, not counted.
COMMAND is split like a shell would (shlex) but run without a shell; leading
`-f FD=PATH` words go to `rep`, which opens PATH as descriptor FD for each
launch (for `bwrap --seccomp FD`, which reads its descriptor to the end).
"""
import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time


def run_batch(rep, batch, argv, cgroup, space):
    """Wall and CPU seconds per launch for one batch."""
    cpu0 = cpu1 = 0
    pre = None
    opens = []
    while len(argv) > 2 and argv[0] == "-f":
        opens, argv = opens + argv[:2], argv[2:]
    times = tempfile.NamedTemporaryFile(prefix="paired-") if space is not None else None
    if times:
        opens += ["-s", str(space), "-o", times.name]
    if cgroup:
        def pre():
            with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))
        with open(os.path.join(cgroup, "cpuacct.usage")) as f:
            cpu0 = int(f.read())
    t0 = time.perf_counter()
    proc = subprocess.run([rep] + opens + [str(batch)] + argv, preexec_fn=pre,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t1 = time.perf_counter()
    if proc.returncode != 0:
        sys.exit("paired.py: %s failed: %s" % (shlex.join(argv), proc.stderr.decode()))
    if cgroup:
        time.sleep(0.2)  # let unreaped sandbox inits finish exiting
        with open(os.path.join(cgroup, "cpuacct.usage")) as f:
            cpu1 = int(f.read())
    wall = t1 - t0
    if times:
        with times:  # the launches alone, without the sleeps
            wall = sum(float(line) for line in open(times.name))
    return wall / batch, (cpu1 - cpu0) / 1e9 / batch


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--rep", default="rep")
    ap.add_argument("--cgroup")
    ap.add_argument("--space", type=int)
    ap.add_argument("--warmup", type=int, default=0)
    ap.add_argument("--ratio", action="append", default=[])
    ap.add_argument("rows", nargs="+")
    args = ap.parse_args()

    rows = []
    for r in args.rows:
        name, _, cmd = r.partition("=")
        rows.append((name, shlex.split(cmd)))
    wall = {n: [] for n, _ in rows}
    cpu = {n: [] for n, _ in rows}
    for i in range(args.warmup + args.rounds):
        for name, argv in rows:
            w, c = run_batch(args.rep, args.batch, argv, args.cgroup, args.space)
            if i >= args.warmup:
                wall[name].append(w)
                cpu[name].append(c)
        print("round %d/%d" % (i + 1, args.warmup + args.rounds), file=sys.stderr, end="\r")
    print(file=sys.stderr)

    print("%-28s %12s %12s" % ("row", "wall ms", "cpu ms" if args.cgroup else ""))
    for name, _ in rows:
        print("%-28s %12.3f %12s" % (name, statistics.median(wall[name]) * 1e3,
                                     "%.3f" % (statistics.median(cpu[name]) * 1e3) if args.cgroup else ""))
    for spec in args.ratio:
        a, _, b = spec.partition("/")
        rw = statistics.median([x / y for x, y in zip(wall[a], wall[b])])
        line = "ratio %-28s wall %.2f" % (spec, rw)
        if args.cgroup:
            line += "  cpu %.2f" % statistics.median([x / y for x, y in zip(cpu[a], cpu[b]) if y > 0])
        print(line)


if __name__ == "__main__":
    main()
