"""Benchmark of withdrawal: throughput, start-up, memory, --jobs and the cache, in one run.

    .venv/bin/python benchmarks/run.py                 # the full benchmark (~15 min on 2 cores)
    .venv/bin/python benchmarks/run.py --quick         # small corpus, 1 run each: a smoke test
    .venv/bin/python benchmarks/run.py --only 4,5      # some figures only

It builds a corpus from the bundled seeds (each copy made unique by an
invisible whitespace tail, so the cache cannot answer for repeats), then
prints each figure of issue 5 with its ratio and target. Every figure is the
median of --repeats runs, each in a fresh process; the runs of figures 1-3 are
interleaved and their ratios are medians of ratios within one round. Nothing
touches the user's result cache: every run gets its own WITHDRAWAL_CACHE_DIR.

Figures:
 1. reference: the same spaCy pipeline, bare (spacy.load(MODEL); nlp.pipe), words/s
 2. our extraction through the library API, words/s, and its ratio to (1)      target >= 1.0
 3. --model blank through the library API, words/s, and its ratio to (1)       target >= 10
 4. `withdrawal --help` wall time vs `python -c "import typer, rich"`            target <= 1.5
 5. `withdrawal extract --no-cache` on one seed vs `import spacy; spacy.load()` target <= 1.3
 6. peak RSS streaming 100 vs 2,000 documents through `extract --format jsonl`  target <= 1.10
 7. `--jobs 2` vs `--jobs 1` on 400 documents (identical output)               target >= 1.6
 8. second run with the cache vs the first run (400 documents)                 target >= 20
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PY = sys.executable
BIN = Path(sys.executable).parent
WITHDRAWAL = str(BIN / "withdrawal") if (BIN / "withdrawal").exists() else shutil.which("withdrawal") or "withdrawal"


# -- corpus ------------------------------------------------------------------------------------


def seed_texts() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


def unique_tail(n: int) -> str:
    """A whitespace-only line encoding n: changes the content hash, not the facts."""
    return "\n" + format(n, "b").replace("0", " ").replace("1", "\t") + "\n"


def build_corpus(folder: Path, docs: int | None = None, words: int | None = None) -> tuple[int, int]:
    """Seeds cycled into `folder` until `docs` documents or `words` words; returns (documents, words)."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = seed_texts()
    total = n = 0
    while (docs is not None and n < docs) or (words is not None and total < words):
        name, text = seeds[n % len(seeds)]
        (folder / f"{n:05d}_{name}").write_text(text + unique_tail(n), encoding="utf-8")
        total += len(text.split())
        n += 1
    return n, total


# -- measuring ---------------------------------------------------------------------------------


def timed(cmd: list[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> tuple[float, int, bytes]:
    """Wall time, peak RSS (KiB) and stdout (if captured) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    out = proc.stdout.read() if proc.stdout else b""
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss, out


def concurrent_halves(folder: Path, model: str, cache_dir: Path) -> float:
    """Wall time of two independent single-process runs, each on half of `folder`, started together."""
    files = sorted(folder.glob("*.txt"))
    halves = [files[0::2], files[1::2]]
    cmd = [WITHDRAWAL, "extract", "--format", "jsonl", "--model", model, "--jobs", "1"]
    env = {**os.environ, "WITHDRAWAL_CACHE_DIR": str(cache_dir)}
    start = time.perf_counter()
    procs = [subprocess.Popen([*cmd, *map(str, half)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env) for half in halves]
    for proc in procs:
        proc.wait()
    return time.perf_counter() - start


def worker(task: str, folder: str, model: str) -> None:
    """In a fresh process: load, then time only the processing of every document in `folder`."""
    files = sorted(Path(folder).glob("*.txt"))
    words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
    if task == "bare":
        import spacy

        nlp = spacy.load(model)
        texts = [f.read_text(encoding="utf-8") for f in files]
        start = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
    else:
        from withdrawal_cli.extract import ExtractOptions, Extractor

        extractor = Extractor(ExtractOptions(model=model))
        extractor.nlp  # loaded before the clock starts, as for the bare pipeline
        start = time.perf_counter()
        for _ in extractor.extract_paths([folder]):
            pass
    elapsed = time.perf_counter() - start
    print(json.dumps({"words": words, "seconds": elapsed, "docs": len(files)}))


def throughput(task: str, model: str, folder: Path) -> float:
    """Words per second of one fresh worker process over `folder`."""
    _, _, out = timed([PY, __file__, "--worker", task, str(folder), "--model", model], stdout=subprocess.PIPE)
    run = json.loads(out.decode().strip().splitlines()[-1])
    return run["words"] / run["seconds"]


def median_wall(cmd: list[str], repeats: int, env: dict | None = None) -> tuple[float, list[float]]:
    times = [timed(cmd, env)[0] for _ in range(repeats)]
    return statistics.median(times), times


# -- report ------------------------------------------------------------------------------------


class Report:
    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, number: int, label: str, value: str, ratio: float | None = None, target: str | None = None, ok: bool | None = None):
        row = {"figure": number, "label": label, "value": value, "ratio": ratio, "target": target, "ok": ok}
        self.rows.append(row)
        verdict = "" if ok is None else ("  OK" if ok else "  MISSED")
        ratio_text = "" if ratio is None else f"  ratio {ratio:.2f}"
        target_text = "" if target is None else f" (target {target})"
        print(f"({number}) {label}: {value}{ratio_text}{target_text}{verdict}", flush=True)


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    import importlib.metadata as md

    return {
        "cpu": cpu,
        "cores": cores,
        "python": platform.python_version(),
        "spacy": md.version("spacy"),
        "withdrawal": md.version("withdrawal"),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def default_model() -> str:
    from withdrawal_cli.pipeline import resolve_model

    return resolve_model(None).name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=200_000, help="corpus size for figures 1-3 (default 200000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure; the median is reported (default 3)")
    parser.add_argument("--startup-repeats", type=int, default=7, help="runs per start-up figure (4, 5)")
    parser.add_argument("--jobs-docs", type=int, default=400, help="documents for figures 7 and 8 (default 400)")
    parser.add_argument("--memory-docs", default="100,2000", help="small,large document counts for figure 6")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: what withdrawal picks)")
    parser.add_argument("--only", default=None, help="comma-separated figure numbers to run, e.g. 4,5")
    parser.add_argument("--quick", action="store_true", help="small corpus, one run each: a smoke test, not a measurement")
    parser.add_argument("--no-ceiling", action="store_true", help="skip the machine-ceiling diagnostic of figure 7")
    parser.add_argument("--no-snapshot", action="store_true", help="run the checkout itself, not a copy taken at start")
    parser.add_argument("--json", dest="json_out", default=None, help="also write the figures to this JSON file")
    parser.add_argument("--worker", nargs=2, metavar=("TASK", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    model = args.model or default_model()
    if args.worker:
        worker(args.worker[0], args.worker[1], model)
        return 0
    if args.quick:
        args.words, args.repeats, args.startup_repeats, args.jobs_docs, args.memory_docs = 20_000, 1, 3, 40, "20,200"
    only = {int(x) for x in args.only.split(",")} if args.only else set(range(1, 9))
    small_docs, large_docs = (int(x) for x in args.memory_docs.split(","))

    info = machine()
    print(f"machine: {info['cpu']}, {info['cores']} cores; Python {info['python']}, spaCy {info['spacy']}, "
          f"withdrawal {info['withdrawal']}; model {model}; load average {info['load_average']}", flush=True)
    print(f"medians of {args.repeats} runs (start-up: {args.startup_repeats})", flush=True)
    report = Report()
    work = Path(tempfile.mkdtemp(prefix="withdrawal-bench-"))
    env = {"WITHDRAWAL_CACHE_DIR": str(work / "cache-unused")}
    if not args.no_snapshot:
        # Measure one consistent copy of the package, even if the checkout changes during the run.
        snapshot = work / "snapshot"
        shutil.copytree(ROOT / "withdrawal_cli", snapshot / "withdrawal_cli", ignore=shutil.ignore_patterns("__pycache__"))
        # Byte-compiled, as pip leaves an installed package (PYTHONDONTWRITEBYTECODE would otherwise
        # make every run recompile our modules from source, a cost no installed copy pays).
        subprocess.run([PY, "-m", "compileall", "-q", str(snapshot)], check=True)
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(snapshot), os.environ.get("PYTHONPATH")]))
        revision = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
        print(f"code: snapshot of {ROOT / 'withdrawal_cli'} at {revision or 'unknown revision'}", flush=True)
    try:
        if only & {1, 2, 3}:
            corpus = work / "corpus"
            docs, words = build_corpus(corpus, words=args.words)
            print(f"corpus: {docs} documents, {words} words", flush=True)
            # Interleaved (bare, ours, blank, bare, ...), each ratio taken within one round: the machine's
            # speed drifts over minutes, and a ratio of runs minutes apart would measure the drift.
            tasks = [("bare", model)] + ([("ours", model)] if 2 in only else []) + ([("ours", "blank")] if 3 in only else [])
            rounds = [{key: throughput(*key, corpus) for key in tasks} for _ in range(args.repeats)]

            def rate(key) -> float:
                return statistics.median(r[key] for r in rounds)

            def ratio_to_bare(key) -> float:
                return statistics.median(r[key] / r[("bare", model)] for r in rounds)

            report.add(1, f"bare {model} nlp.pipe", f"{rate(('bare', model)):,.0f} words/s")
            if 2 in only:
                ratio = ratio_to_bare(("ours", model))
                report.add(2, "our extraction (library API)", f"{rate(('ours', model)):,.0f} words/s", ratio, ">= 1.0", ratio >= 1.0)
            if 3 in only:
                ratio = ratio_to_bare(("ours", "blank"))
                report.add(3, "--model blank (library API)", f"{rate(('ours', 'blank')):,.0f} words/s", ratio, ">= 10", ratio >= 10)

        if 4 in only:
            helps, refs = [], []
            for _ in range(args.startup_repeats):  # interleaved, so load changes hit both alike
                helps.append(timed([WITHDRAWAL, "--help"], env)[0])
                refs.append(timed([PY, "-c", "import typer, rich"], env)[0])
            h, r = statistics.median(helps), statistics.median(refs)
            report.add(4, "`withdrawal --help`", f"{h * 1000:.0f} ms vs import typer, rich {r * 1000:.0f} ms", h / r, "<= 1.5", h / r <= 1.5)

        if 5 in only:
            seed = str(sorted(SEEDS.glob("*.txt"))[0])
            ours_t, refs = [], []
            for _ in range(args.startup_repeats):
                ours_t.append(timed([WITHDRAWAL, "extract", "--no-cache", "--format", "jsonl", "--model", model, seed], env)[0])
                refs.append(timed([PY, "-c", f"import spacy; spacy.load({model!r})"], env)[0])
            o, r = statistics.median(ours_t), statistics.median(refs)
            report.add(5, "`withdrawal extract` one seed", f"{o:.2f} s vs import spacy + spacy.load {r:.2f} s", o / r, "<= 1.3", o / r <= 1.3)

        if 6 in only:
            rss = {}
            for n in (small_docs, large_docs):
                folder = work / f"mem{n}"
                build_corpus(folder, docs=n)
                _, peak, _ = timed([WITHDRAWAL, "extract", "--no-cache", "--format", "jsonl", "--model", model, str(folder)], env)
                rss[n] = peak / 1024
            ratio = rss[large_docs] / rss[small_docs]
            report.add(6, f"peak RSS {small_docs} vs {large_docs} docs", f"{rss[small_docs]:.0f} MB vs {rss[large_docs]:.0f} MB", ratio,
                       "<= 1.10", ratio <= 1.10)

        if only & {7, 8}:
            folder = work / "jobs"
            docs, words = build_corpus(folder, docs=args.jobs_docs)
            print(f"--jobs/cache corpus: {docs} documents, {words} words", flush=True)
            base = [WITHDRAWAL, "extract", "--format", "jsonl", "--model", model, str(folder)]
            one, two, hot, ceiling, outputs = [], [], [], [], set()
            for i in range(args.repeats):
                # Each run writes its own fresh cache: the same overhead for --jobs 1 and 2, and the
                # --jobs 1 run is the cold run of figure 8.
                if 7 in only:
                    t2, _, out2 = timed([*base, "--jobs", "2"], {"WITHDRAWAL_CACHE_DIR": str(work / f"c2-{i}")}, subprocess.PIPE)
                    two.append(t2)
                    outputs.add(hashlib.sha256(out2).hexdigest())
                    if not args.no_ceiling:
                        ceiling.append(concurrent_halves(folder, model, work / f"c3-{i}"))
                cache = {"WITHDRAWAL_CACHE_DIR": str(work / f"c1-{i}")}
                t1, _, out1 = timed([*base, "--jobs", "1"], cache, subprocess.PIPE)
                one.append(t1)
                outputs.add(hashlib.sha256(out1).hexdigest())
                if 8 in only:
                    th, _, outh = timed(base, cache, subprocess.PIPE)
                    hot.append(th)
                    outputs.add(hashlib.sha256(outh).hexdigest())
            t1 = statistics.median(one)
            if 7 in only:
                t2 = statistics.median(two)
                same = "identical output" if len(outputs) == 1 else "OUTPUT DIFFERS"
                report.add(7, f"--jobs 2 vs --jobs 1 ({docs} docs)", f"{t2:.1f} s vs {t1:.1f} s, {same}", t1 / t2, ">= 1.6",
                           t1 / t2 >= 1.6 and len(outputs) == 1)
                if ceiling:
                    tc = statistics.median(ceiling)
                    print(f"    machine ceiling now: two independent --jobs 1 processes on half the documents each take "
                          f"{tc:.1f} s, a speed-up of {t1 / tc:.2f} (what any parallel run can reach under the current load)", flush=True)
            if 8 in only:
                th = statistics.median(hot)
                report.add(8, f"cached second run ({docs} docs)", f"{th:.2f} s vs first run {t1:.1f} s", t1 / th, ">= 20", t1 / th >= 20)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average after: {os.getloadavg() if hasattr(os, 'getloadavg') else None}", flush=True)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"machine": info, "model": model, "figures": report.rows}, indent=2) + "\n")
    missed = [row["figure"] for row in report.rows if row["ok"] is False]
    print("all targets hold" if not missed else f"targets missed: {', '.join(map(str, missed))}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
