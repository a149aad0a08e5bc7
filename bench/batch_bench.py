#!/usr/bin/env python3
"""Batch throughput and peak RSS of `phishscope batch` on a generated mbox, as ratios within one run.

Usage: bench/batch_bench.py PHISHSCOPE [--messages 50000] [--small 5000] [--workdir DIR]

The mbox repeats the labelled set (tests/eval, 80 mails) with an X-Batch-Copy header, so every message is a case of
its own. Measured, each from a fresh store and the page cache warm:
  no-store -j1   the offline analysis alone (baseline)
  store -j1      the same with the case store: store overhead = this / baseline - 1 (target < 20 %)
  store -j2      two workers: speed-up = msg/s over store -j1 (target >= 1.6 on 2 cores)
  store -j2 on the small mbox: peak RSS against the big one (target flat, < 150 MB)
  no-store -j2   two workers without the store: how the analysis alone scales
  2 x no-store -j1 at once, two processes: the CPU each needs per message with both cores busy, against one run
                 alone. No shared lock or memory between them, so this is what the machine itself allows: with
                 both cores busy each needs X times the CPU, and two workers can be at most 2 / X times one.
Peak RSS is the child's ru_maxrss. The three big runs are repeated --rounds times, interleaved (this machine's speed
drifts by tens of per cent from one minute to the next), and each figure is the median of its rounds; the ratios are
also given per round.
"""
import argparse, os, resource, shutil, statistics, subprocess, sys, time

def make_mbox(path, n, src):
    names = sorted(f for f in os.listdir(src) if f.endswith(".eml"))
    texts = [open(os.path.join(src, f), encoding="utf-8", errors="surrogateescape").read() for f in names]
    with open(path, "w", encoding="utf-8", errors="surrogateescape") as out:
        for i in range(n):
            t = "X-Batch-Copy: %d\n" % i + texts[i % len(texts)]
            lines = [(">" + l if l.startswith("From ") else l) for l in t.split("\n")]
            out.write("From bench@example.org Mon Nov 23 00:00:00 2026\n" + "\n".join(lines) + "\n\n")

def measure(exe, mbox, workdir, workers, store):
    code = ("import resource,subprocess,sys,time;t=time.monotonic();"
            "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE);"
            "print(time.monotonic()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")
    db = os.path.join(workdir, "bench.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    cmd = [exe, "batch", mbox, "-j", str(workers), "--no-progress", "--run", "bench"]
    cmd += ["--store", db] if store else ["--no-store"]
    out = subprocess.run([sys.executable, "-c", code] + cmd, stdout=subprocess.PIPE, text=True).stdout.split()
    if len(out) != 3 or out[2] not in ("0",):
        sys.exit("failed: " + " ".join(cmd))
    return float(out[0]), int(out[1]) / 1024.0

def cpu_alone_and_together(exe, mbox):
    """CPU seconds (user + sys) of one `batch -j1 --no-store` alone, then of each of two run at the same time."""
    cmd = [exe, "batch", mbox, "-j", "1", "--no-progress", "--no-store"]
    def start():
        return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    def finish(p):
        _, status, ru = os.wait4(p.pid, 0)
        if status != 0:
            sys.exit("failed: " + " ".join(cmd))
        return ru.ru_utime + ru.ru_stime
    alone = finish(start())
    a, b = start(), start()
    return alone, [finish(a), finish(b)]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("exe")
    ap.add_argument("--messages", type=int, default=50000)
    ap.add_argument("--small", type=int, default=5000)
    ap.add_argument("--workdir", default="/tmp/phishscope-batch-bench")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "eval")
    os.makedirs(a.workdir, exist_ok=True)
    big, small = os.path.join(a.workdir, "big.mbox"), os.path.join(a.workdir, "small.mbox")
    make_mbox(big, a.messages, src)
    make_mbox(small, a.small, src)
    with open(big, "rb") as f:  # warm the page cache
        while f.read(1 << 20):
            pass
    n = a.messages
    rounds = []
    for r in range(max(1, a.rounds)):
        rounds.append((measure(a.exe, big, a.workdir, 1, False), measure(a.exe, big, a.workdir, 1, True),
                       measure(a.exe, big, a.workdir, 2, True), measure(a.exe, big, a.workdir, 2, False),
                       cpu_alone_and_together(a.exe, big)))
    med = lambda i, k: statistics.median(x[i][k] for x in rounds)
    base_t, base_rss = med(0, 0), med(0, 1)
    s1_t, s1_rss = med(1, 0), med(1, 1)
    s2_t, s2_rss = med(2, 0), max(x[2][1] for x in rounds)
    sm_t, sm_rss = measure(a.exe, small, a.workdir, 2, True)
    print("messages: %d (small run: %d), cores: %d, rounds: %d (medians)" % (n, a.small, os.cpu_count(), len(rounds)))
    n2_t = med(3, 0)
    # the later of the two concurrent runs ends alone, so X comes out a little low: the ceiling a little high
    x = statistics.median(statistics.mean(c[4][1]) / c[4][0] for c in rounds)
    for i, (b, s1, s2, n2, c) in enumerate(rounds):
        print("  round %d: no store %.1f s, store %.1f s, store -j2 %.1f s, no store -j2 %.1f s: overhead %+.1f %%, "
              "speed-up %.2fx (no store %.2fx); CPU of one run alone %.1f s, of two at once %.1f + %.1f s"
              % (i + 1, b[0], s1[0], s2[0], n2[0], 100.0 * (s1[0] / b[0] - 1), s1[0] / s2[0], b[0] / n2[0],
                 c[0], c[1][0], c[1][1]))
    print("%-22s %9s %9s %11s" % ("run", "seconds", "msg/s", "peak RSS MB"))
    for name, t, rss, m in (("no store, 1 worker", base_t, base_rss, n), ("store, 1 worker", s1_t, s1_rss, n),
                            ("store, 2 workers", s2_t, s2_rss, n), ("no store, 2 workers", n2_t, med(3, 1), n),
                            ("store, 2 workers, small", sm_t, sm_rss, a.small)):
        print("%-22s %9.1f %9.0f %11.1f" % (name, t, m / t, rss))
    print("store overhead (1 worker): %+.1f %% (target < 20 %%)" % (100.0 * (s1_t / base_t - 1)))
    print("2 workers / 1 worker (store): %.2fx (target >= 1.6x)" % (s1_t / s2_t))
    print("2 workers / 1 worker (no store): %.2fx" % (base_t / n2_t))
    print("two separate runs at once: %.2fx the CPU per message of one alone, so 2 workers <= %.2fx on this machine"
          % (x, 2.0 / x))
    print("peak RSS %d vs %d messages: %.1f vs %.1f MB (target flat, < 150 MB)" % (n, a.small, s2_rss, sm_rss))

if __name__ == "__main__":
    main()
