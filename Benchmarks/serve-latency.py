#!/usr/bin/env python3
"""Re-run latency of `hnf serve` on loopback (issue 23's benchmark; Docs/speed.md, "hnf serve").

Starts the release `hnf serve` on the Kent baseline (any free port, 200 draws a change),
then, timing each request from sending to the last byte:
  1. one client, 20 changes one after another, each a new value of a top-up (nothing cached);
  2. 20 clients at once, each a change of its own (every request a run: they queue), 3 rounds;
  3. 20 clients at once asking the same change (one run, the rest wait for it or hit the cache), 3 rounds;
and reports p50 and p95 for each, how many were refused, and the server's resident memory
(VmRSS) after every round and its peak (VmHWM): flat memory means the rounds end where
they began.

Usage: Benchmarks/serve-latency.py [HNF] [--scenario FILE] [--overlay FILE] [--rounds N]
  HNF defaults to .build/release/hnf (build it with `swift build -c release`)."""
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time

LEVER = "settings.mainstream.top_up.B1"


def percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1)))))
    return ordered[k]


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) / 1024
    return fields


def post(port, value, draws=200):
    body = json.dumps({"set": [{"path": LEVER, "value": str(value)}], "draws": draws})
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("POST", "/api/v1/run", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return time.perf_counter() - started, response.status


def concurrent(port, values):
    results = [None] * len(values)

    def one(i):
        results[i] = post(port, values[i])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(values))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def report(name, results):
    seconds = [s for s, status in results if status == 200]
    refused = sum(1 for _, status in results if status == 429)
    other = sum(1 for _, status in results if status not in (200, 429))
    print(f"{name}: {len(results)} requests, p50 {statistics.median(seconds):.3f} s, "
          f"p95 {percentile(seconds, 95):.3f} s, max {max(seconds):.3f} s; refused {refused}, other errors {other}")


def main():
    args = sys.argv[1:]
    hnf = ".build/release/hnf"
    scenario, overlays, rounds = "Scenarios/kent/baseline.yaml", [], 3
    while args:
        a = args.pop(0)
        if a == "--scenario":
            scenario = args.pop(0)
        elif a == "--overlay":
            overlays.append(args.pop(0))
        elif a == "--rounds":
            rounds = int(args.pop(0))
        else:
            hnf = a
    server = subprocess.Popen([hnf, "serve", scenario, *overlays, "--port", "0", "--draws", "200"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline().strip()
        port = int(line.rsplit(":", 1)[1].strip("/"))
        print(f"hnf serve {scenario} {' '.join(overlays)} on port {port}, 200 draws a change, "
              f"{os.cpu_count()} cores")
        post(port, 3000)  # the baseline's projection, kept for every change after
        print(f"after warm-up: RSS {memory(server.pid)['VmRSS']:.0f} MB")
        value = 3001
        one = []
        for _ in range(20):
            one.append(post(port, value))
            value += 1
        report("1 client, 20 changes in turn", one)
        for r in range(rounds):
            results = concurrent(port, list(range(value, value + 20)))
            value += 20
            report(f"20 clients, each its own change, round {r + 1}", results)
            print(f"  RSS {memory(server.pid)['VmRSS']:.0f} MB")
        for r in range(rounds):
            results = concurrent(port, [value] * 20)
            value += 1
            report(f"20 clients, the same change, round {r + 1}", results)
            print(f"  RSS {memory(server.pid)['VmRSS']:.0f} MB")
        m = memory(server.pid)
        print(f"peak RSS {m['VmHWM']:.0f} MB, now {m['VmRSS']:.0f} MB")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
