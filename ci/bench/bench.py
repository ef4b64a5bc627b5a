#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# bench.py - the driver of `make bench` (issue #8): measures, prints tables
# and writes docs/benchmarks.md (ci/bench/header.md + generated tables) and
# docs/benchmarks.json.  Figures only: nothing here is a verdict of the
# harness, and the exit status is 0 unless the benchmark itself could not run.
#
# Parts (BENCH_PARTS, comma-separated, default all):
#   stub         simulator throughput per ioctl kind (kernel-stub bench_stub)
#   execs        exec/s per fuzz target, libFuzzer and AFL++, with and without
#                ASan+UBSan, on the spec personality
#   conformance  the conformance verdict per defect (conformance/kill-matrix.pl)
#   matrix       time to first detection per SDK-B defect alone, per fuzzer,
#                from the seed corpus and from an empty corpus, BENCH_RUNS
#                runs with fixed seeds, capped at BENCH_SECONDS; the blind
#                Trinity-style baseline on the same defects; a spec control
#
# Environment (all optional):
#   BENCH_SECONDS       cap of one detection run, seconds (default 300)
#   BENCH_RUNS          runs per cell (default 3); BENCH_SEEDS their seeds
#                       (default 1,2,3,...), printed and reused
#   BENCH_JOBS          runs at once (default 1: figures on a quiet core)
#   BENCH_DEFECTS       defects of the matrix (default every matrix switch)
#   BENCH_CONFIGS       fuzzer configurations (default all; see CONFIGS)
#   BENCH_CONTROL       1 (default): one capped run per config on spec
#   BENCH_EXEC_SECONDS  length of one exec/s measurement (default cap/10, 3..30)
#   BENCH_OUT           output path without extension (default docs/benchmarks)
#   BENCH_REPORT_FROM   FILE.json: only write the Markdown again from a stored run
# A bad value is reported with the variable's name, exit 2.

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.path.join(ROOT, "build", "bench")
# Every run uses one snapshot of the binaries and seeds (snapshot()), taken
# from build/gcc and build/fuzz at the start, so a rebuild during a long
# benchmark changes nothing.
SNAP = os.path.join(WORK, "bin")
GCC = os.path.join(SNAP, "gcc")
FUZZ = os.path.join(SNAP, "fuzz")
SEEDS = os.path.join(FUZZ, "seeds")

# The detection configurations: engine, corpus, binary variant, target.
CONFIGS = {
    "lf-seed": ("libfuzzer", "seed", "lfn", "surface"),
    "lf-empty": ("libfuzzer", "empty", "lfn", "surface"),
    "afl-seed": ("afl", "seed", "afl", "surface"),
    "afl-empty": ("afl", "empty", "afl", "surface"),
    "blind": ("random", "empty", "rand", "blind"),
}
OURS = ["lf-seed", "lf-empty", "afl-seed", "afl-empty"]
EXEC_TARGETS = ["surface", "geometry", "msi", "parsers", "blind"]
EXEC_VARIANTS = [  # (engine, sanitizers, variant)
    ("libfuzzer", "none", "lfn"),
    ("libfuzzer", "asan+ubsan", "lf"),
    ("afl", "none", "afl"),
    ("afl", "asan+ubsan", "aflasan"),
]
GOAL_SEED, GOAL_EMPTY, GOAL_RATIO = 10.0, 120.0, 20.0


def die(msg):
    print("bench: " + msg, file=sys.stderr)
    sys.exit(2)


def env_int(name, default, lo, hi):
    v = os.environ.get(name, "")
    if v == "":
        return default
    try:
        n = int(v, 0)
    except ValueError:
        die("%s: not a number: '%s'" % (name, v))
    if n < lo or n > hi:
        die("%s: %d is outside %d..%d" % (name, n, lo, hi))
    return n


def env_list(name, default, allowed=None):
    v = os.environ.get(name, "")
    if v == "":
        return list(default)
    items = [x.strip() for x in v.split(",") if x.strip()]
    for x in items:
        if allowed is not None and x not in allowed:
            die("%s: unknown '%s' (one of: %s)" % (name, x, ", ".join(allowed)))
    return items


def switches():
    """(name, matrix, summary) from include/t2/switches.def."""
    out = []
    pat = re.compile(r'^T2_SWITCH\(\s*(\w+)\s*,\s*(\d+)\s*,\s*([01])\s*,\s*"([^"]*)"\s*\)')
    with open(os.path.join(ROOT, "include", "t2", "switches.def")) as f:
        for line in f:
            m = pat.match(line)
            if m:
                out.append((m.group(1), m.group(3) == "1", m.group(4)))
    return out


def capture(cmd, **kw):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, **kw)
        return r.stdout.strip()
    except OSError as e:
        return "not available (%s)" % e


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    first = lambda s: s.splitlines()[0] if s else "?"
    rev = capture(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    dirty = capture(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"])
    return {
        "date_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        "host": platform.node(),
        "kernel": platform.release(),
        "arch": platform.machine(),
        "cpu": cpu,
        "cpus_online": os.cpu_count(),
        "load_at_start": loadavg(),
        "gcc": first(capture(["gcc", "--version"])),
        "clang": first(capture(["clang", "--version"])),
        "afl++": re.sub(r"\x1b\[[0-9;]*m", "",
                        first(capture(["afl-fuzz", "-h"]) or "?")).split(" based")[0],
        "python": platform.python_version(),
        "git": rev + (" (work tree modified)" if dirty else ""),
    }


# ------------------------------------------------------------------ simulator throughput

def snapshot(cfg):
    """Copies what the runs execute into build/bench/bin; dies naming what is missing."""
    need, optional = ["gcc/kernel-stub/user/bench_stub", "gcc/conformance/t2conf"], []
    if "execs" in cfg["parts"]:
        for t in EXEC_TARGETS:
            need += ["fuzz/%s/fuzz_%s" % (v, t) for _, _, v in EXEC_VARIANTS]
    if "matrix" in cfg["parts"]:
        for c in cfg["configs"]:
            engine, _, variant, t = CONFIGS[c]
            need.append("gcc/fuzzers/fuzz_" + t)
            if engine == "random":
                need.append("gcc/bench/rand_" + t)
            else:
                need.append("fuzz/%s/fuzz_%s" % (variant, t))
            if engine == "afl":
                optional.append("fuzz/aflcmp/fuzz_" + t)
    need = sorted(set(need))
    missing = [n for n in need if not os.path.exists(os.path.join(ROOT, "build", n))]
    if missing:
        die("missing %s: run 'make bench-build' first" % ", ".join("build/" + n for n in missing))
    shutil.rmtree(SNAP, ignore_errors=True)
    for n in need + [n for n in set(optional) if os.path.exists(os.path.join(ROOT, "build", n))]:
        dst = os.path.join(SNAP, n)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, "build", n), dst)
    src = os.path.join(ROOT, "build", "fuzz", "seeds")
    if os.path.isdir(src):
        shutil.copytree(src, SEEDS)


def part_stub(cfg):
    secs = max(0.2, min(2.0, cfg["cap"] / 100.0))
    exe = os.path.join(GCC, "kernel-stub", "user", "bench_stub")
    out = capture([exe, "%.2f" % secs])
    rows = []
    for line in out.splitlines():
        m = re.match(r"^(.*?)\s+(\d+)\s+([\d.]+)$", line)
        if m:
            rows.append({"operation": m.group(1).strip(), "ops_per_s": int(m.group(2)),
                         "ns_per_op": float(m.group(3))})
    print("\n== simulator throughput (bench_stub, %.2f s per row, one core)" % secs)
    print(out)
    return {"seconds_per_row": secs, "rows": rows, "raw": out}


# ------------------------------------------------------------------ running fuzzers

def fresh_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def corpus_dir(run_dir, target, kind, engine):
    """A private copy of the seeds (engines write into their corpus)."""
    d = fresh_dir(os.path.join(run_dir, "in"))
    src = os.path.join(SEEDS, target)
    if kind == "seed" and os.path.isdir(src):
        for n in sorted(os.listdir(src)):
            shutil.copy(os.path.join(src, n), d)
    if kind == "empty" and engine != "random":
        # "empty" is one empty program (two zero bytes): AFL++ needs an
        # input, and libFuzzer gets the same so that both start alike
        with open(os.path.join(d, "empty"), "wb") as f:
            f.write(b"\0\0")
    return d


# fuzzers/run-target.sh reads each target's .options and .dict (one reader
# for every script that starts a target)
RUN_TARGET = os.path.join(ROOT, "fuzzers", "run-target.sh")


def afl_flags(target):
    """AFL++'s flags for the target's dictionary (-x DICT), if it has one."""
    return subprocess.run([RUN_TARGET, "--afl-flags", target], check=True,
                          stdout=subprocess.PIPE, universal_newlines=True).stdout.split()


def run_env(defect):
    env = dict(os.environ)
    env.pop("T2_PERSONALITY", None)
    env["T2_DEFECTS"] = defect if defect != "spec" else ""
    env.update({
        "AFL_NO_UI": "1", "AFL_SKIP_CPUFREQ": "1", "AFL_NO_AFFINITY": "1",
        "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES": "1", "AFL_BENCH_UNTIL_CRASH": "1",
        "AFL_FAST_CAL": "1", "AFL_SKIP_CRASHES": "1", "AFL_NO_CRASH_README": "1",
    })
    return env


def command(engine, variant, target, seed, secs, run_dir, kind):
    """The command line of one fuzzer run, and where its finding lands."""
    if engine == "libfuzzer":
        exe = os.path.join(FUZZ, variant, "fuzz_" + target)
        cmd = [RUN_TARGET, target, exe, "-seed=%d" % seed, "-max_total_time=%d" % secs,
               "-artifact_prefix=%s/" % fresh_dir(os.path.join(run_dir, "art")),
               "-print_final_stats=1"]
        cmd.append(corpus_dir(run_dir, target, kind, engine))
        return cmd, os.path.join(run_dir, "art")
    if engine == "afl":
        exe = os.path.join(FUZZ, variant, "fuzz_" + target)
        out = os.path.join(run_dir, "out")
        shutil.rmtree(out, ignore_errors=True)
        cmd = ["afl-fuzz", "-i", corpus_dir(run_dir, target, kind, engine), "-o", out,
               "-s", str(seed), "-V", str(secs)]
        cmp = os.path.join(FUZZ, "aflcmp", "fuzz_" + target)
        if variant == "afl" and os.path.exists(cmp):
            cmd += ["-c", cmp]
        cmd += afl_flags(target)
        cmd += ["--", exe]
        return cmd, os.path.join(out, "default", "crashes")
    exe = os.path.join(GCC, "bench", "rand_" + target)
    art = os.path.join(fresh_dir(os.path.join(run_dir, "art")), "crash")
    return [exe, "-seed=%d" % seed, "-max_total_time=%d" % secs, "-artifact=" + art], \
        os.path.dirname(art)


# What a run prints when it has found something: the targets' own line
# (libFuzzer, the random driver) and AFL++'s report of a seed that crashes in
# its dry run (AFL++ then skips that seed and goes on fuzzing).
FOUND_RE = re.compile(rb"==t2h-finding== |Test case '[^']*' results in a crash")


class Job:
    """One process: started in its own session, its log watched for the first
    finding (the detection time), stopped at the cap by the engine itself."""

    def __init__(self, key, cmd, env, log, art_dir, cap):
        self.key, self.cmd, self.env, self.log = key, cmd, env, log
        self.art_dir, self.cap = art_dir, cap
        self.proc = None
        self.t0 = self.elapsed = self.found_at = None
        self.kill_on_find = False   # AFL++ dry-run finding: nothing more to wait for
        self.seen = 0

    def start(self):
        self.logf = open(self.log, "wb")
        self.logf.write(("# " + " ".join(self.cmd) + "\n").encode())
        self.logf.flush()
        self.seen = self.logf.tell()
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(self.cmd, env=self.env, stdout=self.logf,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     cwd=os.path.dirname(self.log), start_new_session=True)

    def watch(self):
        if self.found_at is not None or self.art_dir is None:
            return
        with open(self.log, "rb") as f:
            f.seek(max(0, self.seen - 200))
            chunk = f.read()
        if FOUND_RE.search(chunk):
            self.found_at = time.monotonic() - self.t0
            if self.kill_on_find:
                self.stop()
        self.seen += max(0, len(chunk) - min(200, self.seen))

    def stop(self):
        try:
            os.killpg(self.proc.pid, 9)
        except OSError:
            pass

    def reap(self):
        """Ends what is left of the job.  AFL++ puts its fork servers in
        sessions of their own, and a persistent-mode child can outlive
        afl-fuzz, stopped; every process of a job runs in the job's own
        directory, so that is how they are found."""
        cwd = os.path.dirname(self.log)
        for _ in range(2):
            self.stop()
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    if os.readlink("/proc/%s/cwd" % pid) == cwd:
                        os.kill(int(pid), 9)
                except OSError:
                    pass
            time.sleep(0.05)

    def poll(self):
        self.watch()
        if self.proc.poll() is None:
            # the engines stop themselves at the cap; this is the backstop
            if time.monotonic() - self.t0 > self.cap + 60:
                self.stop()
            return False
        self.elapsed = time.monotonic() - self.t0
        self.logf.close()
        self.watch()
        self.reap()
        return True


def run_jobs(jobs, njobs, label):
    pending, running, done = list(jobs), [], 0
    total = len(jobs)
    while pending or running:
        while pending and len(running) < njobs:
            j = pending.pop(0)
            j.start()
            running.append(j)
        time.sleep(0.02)
        for j in list(running):
            if j.poll():
                running.remove(j)
                done += 1
                yield j
                print("  [%s %d/%d] %s: %.1f s" % (label, done, total, " ".join(j.key),
                                                   j.elapsed), flush=True)


# ------------------------------------------------------------------ exec/s

def parse_execs(engine, job, run_dir):
    """(execs, seconds) of a finished run, from the engine's own report."""
    if engine == "libfuzzer":
        with open(job.log, errors="replace") as f:
            text = f.read()
        m = re.search(r"Done (\d+) runs in (\d+) second", text)
        n = re.search(r"stat::number_of_executed_units:\s*(\d+)", text)
        if n:
            return int(n.group(1)), job.elapsed
        if m:
            return int(m.group(1)), job.elapsed
        return None, job.elapsed
    stats = os.path.join(run_dir, "out", "default", "fuzzer_stats")
    if not os.path.exists(stats):
        return None, job.elapsed
    kv = {}
    with open(stats) as f:
        for line in f:
            if ":" in line:
                k, v = line.split(":", 1)
                kv[k.strip()] = v.strip()
    execs = int(kv.get("execs_done", "0"))
    rt = float(kv.get("run_time", "0")) or job.elapsed
    return execs, rt


def part_execs(cfg):
    secs = cfg["exec_secs"]
    print("\n== exec/s per fuzz target (spec personality, %d s each, seed %d)"
          % (secs, cfg["seeds"][0]))
    jobs = []
    for t in EXEC_TARGETS:
        for engine, san, variant in EXEC_VARIANTS:
            run_dir = fresh_dir(os.path.join(WORK, "execs", variant, t))
            kind = "empty" if t == "blind" else "seed"
            cmd, _ = command(engine, variant, t, cfg["seeds"][0], secs, run_dir, kind)
            if engine == "afl":   # throughput only: no CmpLog, run to the end
                if "-c" in cmd:
                    i = cmd.index("-c")
                    del cmd[i:i + 2]
            env = run_env("spec")
            env.pop("AFL_BENCH_UNTIL_CRASH")
            j = Job((t, engine, san), cmd, env, os.path.join(run_dir, "log"), None, secs)
            j.meta = (t, engine, san, variant, run_dir)
            jobs.append(j)
    rows = []
    # one at a time: throughput on one core
    for j in run_jobs(jobs, 1, "execs"):
        t, engine, san, variant, run_dir = j.meta
        execs, rt = parse_execs(engine, j, run_dir)
        rows.append({"target": t, "engine": engine, "sanitizers": san,
                     "execs": execs, "seconds": round(rt, 2),
                     "exec_per_s": round(execs / rt) if execs and rt else None,
                     "command": " ".join(j.cmd)})
    return {"seconds": secs, "rows": rows}


# ------------------------------------------------------------------ conformance verdicts

def part_conformance(cfg):
    print("\n== conformance verdict per defect (kill-matrix.pl)")
    out = capture(["perl", os.path.join(ROOT, "conformance", "kill-matrix.pl"),
                   os.path.join(ROOT, "include", "t2", "switches.def"),
                   os.path.join(GCC, "conformance", "t2conf")], cwd=ROOT)
    print(out)
    verdicts, spec = {}, None
    for line in out.splitlines():
        m = re.match(r"^spec\s+(\d+) failures", line)
        if m:
            spec = int(m.group(1))
        m = re.match(r"^(B\d+|L\d+)\s+(killed|SURVIVED|detected|missed)\s+(\d+)\s+(.*)$", line)
        if m:
            verdicts[m.group(1)] = {"verdict": m.group(2), "failing": int(m.group(3)),
                                    "tests": m.group(4).strip()}
    return {"verdicts": verdicts, "spec_failures": spec, "raw": out}


# ------------------------------------------------------------------ detection matrix

def artifact(art_dir):
    if not os.path.isdir(art_dir):
        return None
    files = sorted(f for f in os.listdir(art_dir)
                   if f.startswith(("crash", "id:")) and not f.endswith(".txt"))
    return os.path.join(art_dir, files[0]) if files else None


def replay(target, path, defect):
    """(signature or None, exit status) of an input replayed under gcc."""
    exe = os.path.join(GCC, "fuzzers", "fuzz_" + target)
    env = dict(os.environ)
    env.pop("T2_PERSONALITY", None)
    env["T2_DEFECTS"] = defect if defect != "spec" else ""
    r = subprocess.run([exe, path], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, errors="replace")
    m = re.search(r"==t2h-finding== (\S+)", r.stderr)
    return (m.group(1) if m else None), r.returncode


def dry_run_seed(job):
    """The seed AFL++ found crashing in its dry run, if any."""
    with open(job.log, "rb") as f:
        m = re.search(rb"Test case '[^']*orig:([^']+)' results in a crash", f.read())
    if not m:
        return None
    path = os.path.join(os.path.dirname(job.log), "in", m.group(1).decode(errors="replace"))
    return path if os.path.exists(path) else None


def judge(job, defect, target):
    """Outcome of one detection run, its reproducer checked under gcc."""
    art = artifact(job.art_dir) or dry_run_seed(job)
    t = job.found_at if job.found_at is not None else job.elapsed
    res = {"seconds": round(t, 2), "exit": job.proc.returncode}
    with open(job.log, "rb") as f:
        text = f.read()
    m = re.search(rb"==t2h-finding== (\S+)", text)
    own = m.group(1).decode(errors="replace") if m else None
    if art is None or t > job.cap:
        res["status"] = "not-found"
        # an engine that stopped early without a finding is an error, not a miss
        if job.elapsed < job.cap * 0.9 and art is None:
            tail = text[-4000:].decode(errors="replace").strip()
            res["status"] = "error"
            res["note"] = tail.splitlines()[-1] if tail else "no output"
        return res
    res["artifact"] = os.path.relpath(art, ROOT)
    # a finding that needs a thread race may take several replays
    sig, tries = None, 0
    while sig is None and tries < 10:
        sig, _ = replay(target, art, defect)
        tries += 1
    spec_sig = None
    for _ in range(3 if tries > 1 else 1):
        spec_sig = spec_sig or replay(target, art, "spec")[0]
    res["signature"] = sig or own
    res["replays"] = tries
    if defect != "spec" and spec_sig:
        res["status"] = "false-alarm"
        res["note"] = "also fails on spec: " + spec_sig
    elif sig is None:
        res["status"] = "unverified"
        res["note"] = "no reproduction in %d replays under gcc" % tries
    else:
        res["status"] = "found"
        if tries > 1:
            res["note"] = "reproduced on replay %d" % tries
    return res


def stats(runs, cap):
    """median, min, max over runs; a run without a verified finding counts as
    infinite (so the median is 'not found' when most runs missed)."""
    ts = sorted(r["seconds"] if r["status"] in ("found", "unverified") else float("inf")
                for r in runs)
    if not ts:
        return None
    med = ts[len(ts) // 2] if len(ts) % 2 else (ts[len(ts) // 2 - 1] + ts[len(ts) // 2]) / 2
    return {"median": med, "min": ts[0], "max": ts[-1],
            "found": sum(1 for t in ts if t != float("inf")), "runs": len(ts),
            "errors": sum(1 for r in runs if r["status"] == "error"),
            "false_alarms": sum(1 for r in runs if r["status"] == "false-alarm"),
            "unverified": sum(1 for r in runs if r["status"] == "unverified")}


def part_matrix(cfg):
    cap = cfg["cap"]
    defects = cfg["defects"] + (["spec"] if cfg["control"] else [])
    jobs = []
    for d in defects:
        seeds = cfg["seeds"] if d != "spec" else cfg["seeds"][:1]
        for c in cfg["configs"]:
            engine, kind, variant, target = CONFIGS[c]
            for s in seeds:
                run_dir = fresh_dir(os.path.join(WORK, "matrix", d, c, str(s)))
                cmd, art_dir = command(engine, variant, target, s, cap, run_dir, kind)
                j = Job((d, c, "seed=%d" % s), cmd, run_env(d), os.path.join(run_dir, "log"),
                        art_dir, cap)
                j.kill_on_find = engine == "afl"
                j.meta = (d, c, s, target)
                jobs.append(j)
    worst = len(jobs) * cap / cfg["jobs"]
    print("\n== detection matrix: %d runs, cap %d s, %d at once (at most %.0f min)"
          % (len(jobs), cap, cfg["jobs"], worst / 60.0), flush=True)
    cells = {}
    for j in run_jobs(jobs, cfg["jobs"], "matrix"):
        d, c, s, target = j.meta
        r = judge(j, d, target)
        r["seed"] = s
        r["command"] = " ".join(j.cmd)
        cells.setdefault(d, {}).setdefault(c, []).append(r)
        if r["status"] != "not-found":
            print("    %s %s seed %d: %s %s" % (d, c, s, r["status"], r.get("signature") or
                                                 r.get("note", "")), flush=True)
    out = {}
    for d in defects:
        out[d] = {}
        for c in cfg["configs"]:
            runs = sorted(cells.get(d, {}).get(c, []), key=lambda r: r["seed"])
            out[d][c] = {"runs": runs, "stats": stats(runs, cap)}
    return out


# ------------------------------------------------------------------ report

def fmt_t(t, cap):
    if t is None:
        return "-"
    if t == float("inf"):
        return "not found (>%d s)" % cap
    return "%.1f" % t


def cell_text(st, cap):
    if st is None:
        return "-"
    if st["found"] == 0:
        if st["errors"] == st["runs"]:
            return "error (see below)"
        if st["false_alarms"]:
            return "false alarm only"
        return "not found (>%d s)" % cap
    m = fmt_t(st["median"], cap)
    lo = fmt_t(st["min"], cap)
    hi = "%.1f" % st["max"] if st["max"] != float("inf") else ">%d" % cap
    return "%s [%s..%s]%s" % (m, lo, hi, "*" if st["unverified"] else "")


def best(mat, d, configs, kind):
    """The fastest of our configurations of that corpus kind (median)."""
    meds = [(mat[d][c]["stats"]["median"], c) for c in configs
            if CONFIGS[c][1] == kind and c in mat[d] and mat[d][c]["stats"]]
    return min(meds) if meds else (None, None)


def ratio(base, ours, cap):
    if ours is None or ours == float("inf"):
        return None, "n/a (ours not found)"
    ours = max(ours, 0.01)
    if base is None:
        return None, "-"
    if base == float("inf"):
        return cap / ours, ">= %.0fx" % (cap / ours)
    return base / ours, "%.0fx" % (base / ours)


def report(cfg, res):
    cap = cfg["cap"]
    md = []
    with open(os.path.join(ROOT, "ci", "bench", "header.md")) as f:
        md.append(f.read().rstrip() + "\n")
    mach = res["machine"]
    md.append("## This run\n")
    knobs = ["BENCH_SECONDS=%d" % cap]
    if cfg["jobs"] != 1:
        knobs.append("BENCH_JOBS=%d" % cfg["jobs"])
    if cfg["seeds"] != list(range(1, len(cfg["seeds"]) + 1)):
        knobs.append("BENCH_SEEDS=" + ",".join(map(str, cfg["seeds"])))
    elif len(cfg["seeds"]) != 3:
        knobs.append("BENCH_RUNS=%d" % len(cfg["seeds"]))
    md.append("Generated by `make bench %s` (driver `ci/bench/bench.py`); everything "
              "from here to the analysis is generated.\n" % " ".join(knobs))
    md.append("| | |\n|---|---|")
    for k in ("date_utc", "git", "host", "kernel", "arch", "cpu", "cpus_online",
              "load_at_start", "load_at_end", "gcc", "clang", "afl++", "python"):
        md.append("| %s | %s |" % (k, mach.get(k, "?")))
    md.append("| cap per run | %d s |" % cap)
    md.append("| runs per cell, seeds | %d: %s |" % (len(cfg["seeds"]),
                                                     ", ".join(map(str, cfg["seeds"]))))
    md.append("| runs at once | %d |" % cfg["jobs"])
    md.append("| wall time of the benchmark | %.0f s |\n" % res["wall_seconds"])

    if "stub" in res:
        md.append("## Simulator throughput (one core, `make bench-stub`)\n")
        md.append("| operation | ops/s | ns/op |\n|---|---:|---:|")
        for r in res["stub"]["rows"]:
            md.append("| %s | %d | %.1f |" % (r["operation"], r["ops_per_s"], r["ns_per_op"]))
        md.append("")

    if "execs" in res:
        md.append("## Exec/s per fuzz target (spec personality, %d s each)\n"
                  % res["execs"]["seconds"])
        md.append("One program per exec.  Seeds from `corpus/T/` (the blind target starts "
                  "empty).  AFL++ without CmpLog here.\n")
        md.append("| target | libFuzzer | libFuzzer ASan+UBSan | AFL++ | AFL++ ASan+UBSan |")
        md.append("|---|---:|---:|---:|---:|")
        by = {(r["target"], r["engine"], r["sanitizers"]): r for r in res["execs"]["rows"]}
        for t in EXEC_TARGETS:
            cells = []
            for engine, san, _ in EXEC_VARIANTS:
                r = by.get((t, engine, san))
                cells.append(str(r["exec_per_s"]) if r and r["exec_per_s"] else "-")
            md.append("| %s | %s |" % (t, " | ".join(cells)))
        md.append("")

    conf = res.get("conformance", {}).get("verdicts", {})
    if "matrix" in res:
        mat = res["matrix"]
        cfgs = cfg["configs"]
        md.append("## Detection matrix: time to first detection, seconds\n")
        md.append("Median [min..max] of %d runs (seeds %s), each capped at %d s; a run "
                  "that finds nothing counts as infinite.  Every finding was replayed under "
                  "gcc: with the defect on it reproduces, on spec it passes (`*`: a finding "
                  "that did not reproduce in 10 replays, a thread race; it counts, with the "
                  "engine's own signature).\n"
                  % (len(cfg["seeds"]), ", ".join(map(str, cfg["seeds"])), cap))
        md.append("| defect | conformance | " + " | ".join(cfgs) +
                  " | ratio blind/ours (seed) | ratio blind/ours (empty) |")
        md.append("|---|---|" + "---|" * len(cfgs) + "---|---|")
        goals = []
        for d in cfg["defects"]:
            row = [d, conf.get(d, {}).get("verdict", "-")]
            for c in cfgs:
                row.append(cell_text(mat[d][c]["stats"], cap))
            base = mat[d]["blind"]["stats"]["median"] if "blind" in mat[d] and \
                mat[d]["blind"]["stats"] else None
            ours = [c for c in cfgs if c in OURS]
            bs, bsc = best(mat, d, ours, "seed")
            be, bec = best(mat, d, ours, "empty")
            rs = ratio(base, bs, cap)
            re_ = ratio(base, be, cap)
            row += [rs[1], re_[1]]
            md.append("| " + " | ".join(row) + " |")
            res.setdefault("summary", {})[d] = {
                "best_seed": bs, "best_seed_config": bsc, "best_empty": be,
                "best_empty_config": bec, "blind": base,
                "ratio_seed": rs[0], "ratio_empty": re_[0],
                "ratio_seed_lower_bound": base == float("inf"),
            }
            miss = []
            has = lambda kind: any(CONFIGS[c][1] == kind for c in ours)
            if has("seed") and (bs is None or bs > GOAL_SEED):
                miss.append("seed median %s > %g s" % (fmt_t(bs, cap), GOAL_SEED))
            if has("empty") and (be is None or be > GOAL_EMPTY):
                if be == float("inf") and cap < GOAL_EMPTY:
                    miss.append("from empty: median not found within the %d s cap, so "
                                "the %g s goal is undecided here" % (cap, GOAL_EMPTY))
                else:
                    miss.append("empty median %s > %g s" % (fmt_t(be, cap), GOAL_EMPTY))
            if has("seed") and "blind" in cfgs and (rs[0] is None or rs[0] < GOAL_RATIO):
                miss.append("ratio (seed) %s < %gx" % (rs[1], GOAL_RATIO))
            if miss:
                goals.append((d, miss))
        if "spec" in mat:
            nspec = res.get("conformance", {}).get("spec_failures")
            row = ["spec (control)", "-" if nspec is None else
                   "passes" if nspec == 0 else "%d failures" % nspec]
            for c in cfgs:
                runs = mat["spec"][c]["runs"]
                bad = [r for r in runs if r["status"] not in ("not-found", "error")]
                err = [r for r in runs if r["status"] == "error"]
                row.append("FALSE ALARM: %s" % (bad[0].get("signature") or bad[0]["status"])
                           if bad else "error (see below)" if err else
                           "no finding in %d s" % cap)
            row += ["", ""]
            md.append("| " + " | ".join(row) + " |")
        md.append("")
        md.append("### Goals\n")
        md.append("Goals: median time to detect <= %g s from the seed corpus and <= %g s "
                  "from empty (best of our fuzzers), and >= %gx faster than the blind "
                  "baseline (from the seed corpus).\n" % (GOAL_SEED, GOAL_EMPTY, GOAL_RATIO))
        if goals:
            md.append("| defect | missed (or undecided) |\n|---|---|")
            for d, miss in goals:
                md.append("| %s | %s |" % (d, "; ".join(miss)))
        else:
            md.append("Every goal is met for every defect of this run.")
        md.append("")
        res["goals_missed"] = {d: m for d, m in goals}
        md.append("### Signatures found (first verified run per cell)\n")
        md.append("| defect | config | signature | seed | s |\n|---|---|---|---:|---:|")
        for d in cfg["defects"] + (["spec"] if "spec" in mat else []):
            for c in cfgs:
                for r in mat[d][c]["runs"]:
                    if r["status"] in ("found", "unverified", "false-alarm"):
                        md.append("| %s | %s | `%s`%s | %d | %.1f |" % (
                            d, c, r.get("signature"),
                            "" if r["status"] == "found" else " (%s)" % r["status"],
                            r["seed"], r["seconds"]))
                        break
        errs = [(d, c, r) for d in mat for c in mat[d] for r in mat[d][c]["runs"]
                if r["status"] == "error"]
        if errs:
            md.append("\n### Runs that stopped without a finding before the cap\n")
            for d, c, r in errs:
                md.append("- %s %s seed %d after %.1f s: %s" % (d, c, r["seed"], r["seconds"],
                                                                 r.get("note", "")))
        md.append("")
    if conf:
        md.append("## Conformance verdict per switch (`make kill-matrix`)\n")
        md.append("| switch | verdict | failing tests |\n|---|---|---|")
        for name, v in sorted(conf.items(), key=lambda kv: (kv[0][0], int(kv[0][1:]))):
            md.append("| %s | %s | %d: %s |" % (name, v["verdict"], v["failing"], v["tests"]))
        md.append("")
    notes = os.path.join(ROOT, "ci", "bench", "analysis.md")
    if os.path.exists(notes):
        with open(notes) as f:
            md.append(f.read().rstrip())
    return "\n".join(md) + "\n"


def jsonable(o):
    if isinstance(o, float) and o == float("inf"):
        return None
    if isinstance(o, dict):
        return {k: jsonable(v) for k, v in o.items()}
    if isinstance(o, list):
        return [jsonable(v) for v in o]
    return o


def restore(o):
    """JSON null back to infinity in the statistics (jsonable's inverse)."""
    if isinstance(o, dict):
        return {k: (float("inf") if v is None and k in ("median", "min", "max") else
                    restore(v)) for k, v in o.items()}
    if isinstance(o, list):
        return [restore(v) for v in o]
    return o


def rerender(path):
    """BENCH_REPORT_FROM=FILE.json: the Markdown again from a stored run (after
    editing ci/bench/header.md or analysis.md); measures nothing."""
    try:
        with open(path) as f:
            res = restore(json.load(f))
    except (OSError, ValueError) as e:
        die("BENCH_REPORT_FROM: %s: %s" % (path, e))
    cfg = res["config"]
    md = report(cfg, res)
    out = os.environ.get("BENCH_OUT") or os.path.splitext(path)[0]
    with open(out + ".md", "w") as f:
        f.write(md)
    print("bench: wrote %s.md from %s" % (out, path))
    return 0


def main():
    if os.environ.get("BENCH_REPORT_FROM"):
        return rerender(os.environ["BENCH_REPORT_FROM"])
    sw = switches()
    matrix_names = [n for n, m, _ in sw if m]
    cap = env_int("BENCH_SECONDS", 300, 1, 86400)
    runs = env_int("BENCH_RUNS", 3, 1, 99)
    seeds = [int(x) for x in env_list("BENCH_SEEDS", [str(i) for i in range(1, runs + 1)])]
    if len(seeds) != runs:
        die("BENCH_SEEDS: %d seeds for BENCH_RUNS=%d" % (len(seeds), runs))
    cfg = {
        "cap": cap, "seeds": seeds,
        "jobs": env_int("BENCH_JOBS", 1, 1, 64),
        "defects": env_list("BENCH_DEFECTS", matrix_names, matrix_names),
        "configs": env_list("BENCH_CONFIGS", list(CONFIGS), list(CONFIGS)),
        "control": env_int("BENCH_CONTROL", 1, 0, 1),
        "exec_secs": env_int("BENCH_EXEC_SECONDS", max(3, min(30, cap // 10)), 1, 3600),
        "parts": env_list("BENCH_PARTS", ["stub", "execs", "conformance", "matrix"],
                          ["stub", "execs", "conformance", "matrix"]),
        "out": os.environ.get("BENCH_OUT") or os.path.join(ROOT, "docs", "benchmarks"),
    }
    if "blind" not in cfg["configs"]:
        print("bench: note: no blind baseline in BENCH_CONFIGS, so no ratio")
    os.makedirs(WORK, exist_ok=True)
    snapshot(cfg)
    t0 = time.monotonic()
    res = {"machine": machine(), "config": {k: v for k, v in cfg.items() if k != "out"}}
    print("bench: cap %d s, seeds %s, %d at once, defects %s, configs %s"
          % (cap, ",".join(map(str, seeds)), cfg["jobs"], ",".join(cfg["defects"]),
             ",".join(cfg["configs"])))
    print("bench: load average %s, %s" % (res["machine"]["load_at_start"], res["machine"]["cpu"]))
    if "stub" in cfg["parts"]:
        res["stub"] = part_stub(cfg)
    if "conformance" in cfg["parts"]:
        res["conformance"] = part_conformance(cfg)
    if "execs" in cfg["parts"]:
        res["execs"] = part_execs(cfg)
    if "matrix" in cfg["parts"]:
        res["matrix"] = part_matrix(cfg)
    res["machine"]["load_at_end"] = loadavg()
    res["wall_seconds"] = round(time.monotonic() - t0, 1)
    md = report(cfg, res)
    with open(cfg["out"] + ".md", "w") as f:
        f.write(md)
    with open(cfg["out"] + ".json", "w") as f:
        json.dump(jsonable(res), f, indent=1, sort_keys=True)
        f.write("\n")
    print("\n" + md[md.index("## This run"):])
    print("bench: wrote %s.md and %s.json" % (os.path.relpath(cfg["out"], ROOT),
                                                os.path.relpath(cfg["out"], ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
