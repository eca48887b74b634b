#!/usr/bin/python3
"""Measures how much CPU other processes use while a benchmark runs, so a noisy run can be told apart.

Usage: cpu_monitor.py --exclude PID [--exclude PID...] --out FILE [--interval 0.5]
Samples /proc every interval until SIGTERM/SIGINT, then writes one JSON object to FILE:
  {"seconds": S, "cores": N, "others_pct": P, "top": [[command, pct], ...]}
others_pct is the CPU time of processes outside the excluded trees (the PIDs and all their descendants),
as a percentage of the machine's total (100 = all cores busy). Processes that live less than one interval
are missed, so it is a lower bound.
"""
import argparse
import json
import os
import signal
import time

TICKS = os.sysconf("SC_CLK_TCK")


def snapshot():
    procs = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        # fields[0] is state (field 3); ppid is field 4, utime 14, stime 15, starttime 22.
        ppid, utime, stime, start = int(fields[1]), int(fields[11]), int(fields[12]), int(fields[19])
        procs[(int(entry), start)] = (ppid, utime + stime, name)
    return procs


def excluded(procs, roots):
    children = {}
    for (pid, _), (ppid, _, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    out, todo = set(), list(roots)
    while todo:
        pid = todo.pop()
        if pid not in out:
            out.add(pid)
            todo.extend(children.get(pid, []))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--exclude", type=int, action="append", default=[])
    parser.add_argument("--out", required=True)
    parser.add_argument("--interval", type=float, default=0.5)
    args = parser.parse_args()

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    roots = args.exclude + [os.getpid()]
    first_seen, last_seen, names = {}, {}, {}
    started = time.monotonic()
    while True:
        procs = snapshot()
        mine = excluded(procs, roots)
        for key, (_, ticks, name) in procs.items():
            if key[0] in mine or name.startswith("kworker") or key[0] in (1, 2):
                continue
            first_seen.setdefault(key, ticks)
            last_seen[key] = ticks
            names[key] = name
        if stop:
            break
        time.sleep(args.interval)
    seconds = time.monotonic() - started
    cores = os.cpu_count() or 1
    by_name = {}
    for key, ticks in last_seen.items():
        by_name[names[key]] = by_name.get(names[key], 0) + ticks - first_seen[key]
    pct = lambda t: round(100.0 * t / TICKS / max(seconds, 1e-9) / cores, 1)
    top = sorted(((n, pct(t)) for n, t in by_name.items() if t > 0), key=lambda x: -x[1])[:5]
    with open(args.out, "w") as f:
        json.dump({"seconds": round(seconds, 2), "cores": cores, "others_pct": pct(sum(by_name.values())), "top": top}, f)


if __name__ == "__main__":
    main()
