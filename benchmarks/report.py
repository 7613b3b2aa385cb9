#!/usr/bin/env python3
"""Turns one run of the suite (JMH's JSON and `go test -bench` text) into benchmarks/results/latest.md.

Python 3 standard library only. benchmarks/run.sh calls it; by hand:

    python3 benchmarks/report.py --jmh benchmarks/results/tmp/jmh.json --go benchmarks/results/tmp/go.txt \
        --profile quick --out benchmarks/results/latest.md

The workload catalog below names, for every workload, the JMH benchmark, the Go benchmark and the
subjects with an analog; every other subject is shown as "n/a" with the reason. It must list the
same subjects as the @Param values of the JMH classes.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import statistics
import sys

# ----------------------------------------------------------------------------------- subjects

# Rows of every table, in this order. Extra rows (channels-select, ...) appear only where a
# workload lists them; the standard ones always appear, as "n/a" where there is no analog.
STANDARD = ["channels", "jox", "abq", "lbq", "sq", "ltq", "kotlin", "go"]
ORDER = ["channels", "channels-select", "channels+clock", "channels+timers", "channels+gauges",
         "jox", "abq", "lbq", "sq", "ltq", "kotlin", "go", "go-time.After"]
QUEUES = ["abq", "lbq", "sq", "ltq"]
LABELS = {
    "channels": "**channels** (this project)",
    "channels-select": "channels, select + default",
    "channels+clock": "channels + observer that ignores its calls",
    "channels+timers": "channels + starter meters and timers",
    "channels+gauges": "channels + starter meters scraped every 1 ms",
    "jox": "jox 1.0.1",
    "abq": "ArrayBlockingQueue",
    "lbq": "LinkedBlockingQueue",
    "sq": "SynchronousQueue",
    "ltq": "LinkedTransferQueue",
    "kotlin": "Kotlin coroutines 1.11.0",
    "go": "Go (native reference)",
    "go-time.After": "Go, `time.After` per select",
}

NO_QUEUE_SELECT = "the JDK queues have no select"
KOTLIN = "KotlinBenchmark."  # the Kotlin subject's JMH class: coroutines on Dispatchers.Default


def workload(key, title, jmh, go, subjects, na, threads=("virtual", "platform"), ops=None, unit="value", kotlin=None):
    return dict(key=key, title=title, jmh=jmh, go=go, subjects=subjects, na=na, threads=threads,
                ops=ops, unit=unit, kotlin=KOTLIN + kotlin if kotlin else None)


# subjects: name -> what is measured; na: name -> why there is no analog. Go's and Kotlin's rows
# are the same in a workload's virtual- and platform-thread tables: goroutines and coroutines are
# neither; `go` names the Go benchmarks, `kotlin` the KotlinBenchmark method.
WORKLOADS = [
    workload("rendezvous", "Rendezvous pair", "PairBenchmark.rendezvous", {"go": "PairRendezvous"},
             {"channels": "`Channel.rendezvous()`", "jox": "`newRendezvousChannel()`",
              "sq": "`put` / `take`", "ltq": "`transfer` / `take`",
              "kotlin": "`Channel<Int>(RENDEZVOUS)`", "go": "`make(chan int)`"},
             {"abq": "no rendezvous form", "lbq": "no rendezvous form"}, ops=100_000, kotlin="rendezvous"),
    workload("buffered16", "Buffered(16) pair", "PairBenchmark.buffered16", {"go": "PairBuffered16"},
             {"channels": "`Channel.buffered(16)`", "jox": "`newBufferedChannel(16)`",
              "abq": "capacity 16, `put` / `take`", "lbq": "capacity 16, `put` / `take`",
              "kotlin": "`Channel<Int>(16)`", "go": "`make(chan int, 16)`"},
             {"sq": "no buffer", "ltq": "unbounded only"}, ops=100_000, kotlin="buffered16"),
    workload("buffered100", "Buffered(100) pair", "PairBenchmark.buffered100", {"go": "PairBuffered100"},
             {"channels": "`Channel.buffered(100)`", "jox": "`newBufferedChannel(100)`",
              "abq": "capacity 100", "lbq": "capacity 100", "kotlin": "`Channel<Int>(100)`",
              "go": "`make(chan int, 100)`"},
             {"sq": "no buffer", "ltq": "unbounded only"}, ops=100_000, kotlin="buffered100"),
    workload("unlimited", "Unlimited pair", "PairBenchmark.unlimited", {},
             {"channels": "`Channel.unlimited()`", "jox": "`newUnlimitedChannel()`",
              "lbq": "unbounded, `put` / `take`", "ltq": "`put` / `take`", "kotlin": "`Channel<Int>(UNLIMITED)`"},
             {"abq": "bounded only", "sq": "no buffer", "go": "Go has no unlimited channel"}, ops=100_000,
             kotlin="unlimited"),
    workload("contended", "4 senders × 4 receivers, one buffered(64)", "ContendedBenchmark.fourByFour",
             {"go": "Contended"},
             {"channels": "`Channel.buffered(64)`", "jox": "`newBufferedChannel(64)`",
              "abq": "capacity 64", "lbq": "capacity 64", "kotlin": "`Channel<Int>(64)`",
              "go": "`make(chan int, 64)`"},
             {"sq": "no buffer", "ltq": "unbounded only"}, ops=100_000, kotlin="fourByFour"),
    workload("many-pairs", "1,000 pairs, buffered(16) each", "ManyPairsBenchmark.thousandPairs",
             {"go": "ManyPairs"},
             {"channels": "1,000 × `Channel.buffered(16)`", "jox": "1,000 × `newBufferedChannel(16)`",
              "abq": "1,000 × capacity 16", "lbq": "1,000 × capacity 16",
              "kotlin": "1,000 × `Channel<Int>(16)`, coroutine pairs", "go": "1,000 goroutine pairs"},
             {"sq": "no buffer", "ltq": "unbounded only"}, threads=("virtual",), ops=200_000, kotlin="thousandPairs"),
    workload("chain", "Chain of 10,000 threads, rendezvous links", "ChainBenchmark.chain",
             {"go": "Chain"},
             {"channels": "`Channel.rendezvous()` links", "jox": "`newRendezvousChannel()` links",
              "sq": "SynchronousQueue links", "ltq": "LinkedTransferQueue links, `transfer`",
              "kotlin": "10,000 coroutines, `Channel<Int>(RENDEZVOUS)` links", "go": "10,000 goroutines"},
             {"abq": "no rendezvous form", "lbq": "no rendezvous form"}, threads=("virtual",), ops=99_990,
             unit="hand-off", kotlin="chain"),
    workload("ping-pong", "Ping-pong over 2 rendezvous channels", "PingPongBenchmark.rendezvous",
             {"go": "PingPong"},
             {"channels": "two `Channel.rendezvous()`", "jox": "two `newRendezvousChannel()`",
              "sq": "two SynchronousQueues", "ltq": "two LinkedTransferQueues, `transfer`",
              "kotlin": "two `Channel<Int>(RENDEZVOUS)`", "go": "two `make(chan int)`"},
             {"abq": "no rendezvous form", "lbq": "no rendezvous form"}, threads=("virtual",), ops=100_000,
             unit="round trip", kotlin="pingPong"),
    workload("fan-in", "Fan-in: 8 senders, one rendezvous channel", "FanInBenchmark.eightSenders",
             {"go": "FanIn"},
             {"channels": "`Channel.rendezvous()`", "jox": "`newRendezvousChannel()`",
              "sq": "`put` / `take`", "ltq": "`transfer` / `take`", "kotlin": "`Channel<Int>(RENDEZVOUS)`",
              "go": "`make(chan int)`"},
             {"abq": "no rendezvous form", "lbq": "no rendezvous form"}, threads=("virtual",), ops=100_000,
             kotlin="fanIn"),
    workload("select2", "Select over 2 buffered(16) channels, built once", "SelectBenchmark.twoReceives",
             {"go": "SelectTwoReceives"},
             {"channels": "`Select.fair()`, built once", "jox": "`Select.select(c1.receiveClause(), c2.receiveClause())`",
              "go": "`select` with two cases"},
             {**{q: NO_QUEUE_SELECT for q in QUEUES},
              "kotlin": "`select { }` runs where it is built: see the rows built in the loop"},
             ops=100_000, unit="select"),
    workload("select2-rendezvous-loop", "Select over 2 rendezvous channels, built in the loop",
             "SelectInLoopBenchmark.twoRendezvous", {"go": "SelectTwoRendezvous"},
             {"channels": "`Select.fair().onReceive(a, ...).onReceive(b, ...).await()` per value",
              "jox": "`Select.select(a.receiveClause(), b.receiveClause())` per value",
              "kotlin": "`select { a.onReceive { it }; b.onReceive { it } }` per value",
              "go": "`select` with two cases, unbuffered"},
             {q: NO_QUEUE_SELECT for q in QUEUES}, threads=("virtual",), ops=100_000, unit="select",
             kotlin="selectTwoRendezvous"),
    workload("select4-rendezvous-loop", "Select over 4 rendezvous channels, built in the loop",
             "SelectInLoopBenchmark.fourRendezvous", {"go": "SelectFourRendezvous"},
             {"channels": "`Select.fair()` with four `onReceive`, `.await()` per value",
              "jox": "`Select.select(` four `receiveClause()` `)` per value",
              "kotlin": "`select { }` with four `onReceive` per value",
              "go": "`select` with four cases, unbuffered"},
             {q: NO_QUEUE_SELECT for q in QUEUES}, threads=("virtual",), ops=100_000, unit="select",
             kotlin="selectFourRendezvous"),
    workload("select2-buffered-loop", "Select over 2 buffered(16) channels, built in the loop",
             "SelectInLoopBenchmark.twoBuffered16", {"go": "SelectTwoReceives"},
             {"channels": "`Select.fair().onReceive(a, ...).onReceive(b, ...).await()` per value",
              "jox": "`Select.select(a.receiveClause(), b.receiveClause())` per value",
              "kotlin": "`select { a.onReceive { it }; b.onReceive { it } }` per value",
              "go": "`select` with two cases (the same Go benchmark as the built-once row)"},
             {q: NO_QUEUE_SELECT for q in QUEUES}, threads=("virtual",), ops=100_000, unit="select",
             kotlin="selectTwoBuffered16"),
    workload("select4-buffered-loop", "Select over 4 buffered(16) channels, built in the loop",
             "SelectInLoopBenchmark.fourBuffered16", {"go": "SelectFourBuffered16"},
             {"channels": "`Select.fair()` with four `onReceive`, `.await()` per value",
              "jox": "`Select.select(` four `receiveClause()` `)` per value",
              "kotlin": "`select { }` with four `onReceive` per value",
              "go": "`select` with four cases, `make(chan int, 16)`"},
             {q: NO_QUEUE_SELECT for q in QUEUES}, threads=("virtual",), ops=100_000, unit="select",
             kotlin="selectFourBuffered16"),
    workload("select-timeout", "Select: receive or 1 s timeout", "SelectBenchmark.receiveOrTimeout",
             {"go": "SelectTimeout", "go-time.After": "SelectTimeAfter"},
             {"channels": "`onTimeout(1 s)` on a select built once",
              "jox": "`Select.selectWithin(1 s, ...)` (starts a virtual thread per call)",
              "go": "one `time.Timer`, `Stop` + `Reset` per select",
              "kotlin": "`select { onReceive; onTimeout(1000) }` per value",
              "go-time.After": "`case <-time.After(time.Second)`"},
             {q: NO_QUEUE_SELECT for q in QUEUES}, ops=20_000, unit="select", kotlin="receiveOrTimeout"),
    workload("try-empty", "Try-receive, empty channel", "TryReceiveBenchmark.empty",
             {"go": "TryReceiveEmpty"},
             {"channels": "`tryReceive()` → null", "channels-select": "`Select.ordered()...onDefault(...)`",
              "jox": "`selectOrClosed(receiveClause(), defaultClause(null))` (1.0.1 has no tryReceive)",
              "abq": "`poll()`, capacity 16", "lbq": "`poll()`, capacity 16", "sq": "`poll()`",
              "ltq": "`poll()`", "kotlin": "`tryReceive()` → failed, not closed", "go": "`select` with `default`"},
             {}, threads=(None,), ops=10_000, unit="attempt", kotlin="tryReceiveEmpty"),
    workload("try-closed", "Try-receive, closed channel", "TryReceiveBenchmark.closed",
             {"go": "TryReceiveClosed"},
             {"channels": "`tryReceive()` → throws ChannelClosedException",
              "channels-select": "`Select.ordered()` with `onClosed` and `onDefault`",
              "jox": "`selectOrClosed(receiveClause(), defaultClause(null))` → ChannelDone",
              "kotlin": "`tryReceive()` → closed", "go": "`select` with `default`, `v, ok := <-c`"},
             {q: "queues cannot be closed" for q in QUEUES}, threads=(None,), ops=10_000, unit="attempt",
             kotlin="tryReceiveClosed"),
    workload("instrumentation", "Instrumentation: buffered(16) pair with metrics", "InstrumentationBenchmark.buffered16", {},
             {"channels": "no observer", "channels+clock": "observer with no-op methods, `timesBuffer()`: the channel's clock reads alone",
              "channels+timers": "the starter's meters plus its 3 opt-in timers (`ChannelMetrics`), scraped every 1 ms",
              "channels+gauges": "the starter's default meters (`ChannelMetrics`: gauges and counters read `stats()`), scraped every 1 ms"},
             {"jox": "no instrumentation hooks", "abq": "no instrumentation hooks", "lbq": "no instrumentation hooks",
              "sq": "no instrumentation hooks", "ltq": "no instrumentation hooks", "kotlin": "no instrumentation hooks",
              "go": "not applicable"},
             ops=100_000),
]


# KafkaBenchmark: values through a broker and a listener, a subject per Spring Boot application. Its
# score is ns per value; the report shows values per second too (10^9 / score), and the Kafka
# channel's throughput as a multiple of Spring Kafka's.
KAFKA = "KafkaBenchmark.sendAndHandle"
KAFKA_VALUES = 10_000  # KafkaBenchmark.VALUES: values per invocation
KAFKA_SUBJECTS = [
    ("channels", "**Kafka channel** (this project)",
     "`channels.instances.orders.kafka` (capacity 100), `Channel.send`, a `@ChannelListener`"),
    ("spring-kafka", "Spring Kafka 4.1.1",
     "`KafkaTemplate.send(...).get()`, a `@KafkaListener` (ack-mode batch, asynchronous commits)"),
]


def check_catalog():
    """Every standard subject of every workload is measured or has a reason not to be; Kotlin names its method."""
    for w in WORKLOADS:
        for s in STANDARD:
            if (s in w["subjects"]) == (s in w["na"]):
                sys.exit(f"report.py: workload {w['key']}: subject {s} must be either measured or n/a with a reason")
        if ("kotlin" in w["subjects"]) != bool(w["kotlin"]):
            sys.exit(f"report.py: workload {w['key']}: a Kotlin row needs its KotlinBenchmark method, and only then")


# Go's ratio targets (virtual threads): workload key -> the largest allowed channels/Go ratio.
GO_TARGETS = {"rendezvous": 1.2, "buffered16": 1.2, "buffered100": 1.2, "many-pairs": 1.3, "select2": 1.3,
              "select2-buffered-loop": 1.3, "select4-buffered-loop": 1.3,
              "select-timeout": 1.3}
# The Go-shaped targets, on virtual threads: workload key -> what this project's channel must be at or
# below ("stable": its fork means within UNSTABLE_ABOVE; "buffered16": the buffered(16) pair).
GO_SHAPED_TARGETS = [
    ("select2-rendezvous-loop", ["jox", "kotlin", "go"]),
    ("select4-rendezvous-loop", ["jox", "kotlin", "go"]),
    ("rendezvous", ["sq", "kotlin", "go", "stable"]),
    ("ping-pong", ["sq", "kotlin", "go", "stable"]),
    ("fan-in", ["sq"]),
    ("buffered100", ["buffered16"]),
]
ZERO_ALLOC_BELOW = 0.1  # B/op that counts as "zero" (JMH reads about 1e-5 for allocation-free code)
PER_ELEMENT_BYTES = 16  # the smallest object: below this per value, nothing is allocated per element
INSTRUMENTATION_LIMIT = 0.05
# A result whose fork means differ by more than this, (max - min) / min, is unstable.
UNSTABLE_ABOVE = 0.25

# t quantiles for a 99.9 % two-sided confidence interval (JMH's default), by degrees of freedom.
T999 = {1: 636.62, 2: 31.599, 3: 12.924, 4: 8.610, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041, 9: 4.781,
        10: 4.587, 12: 4.318, 15: 4.073, 20: 3.850, 30: 3.646, 60: 3.460}


def t999(df):
    for d in sorted(T999):
        if df <= d:
            return T999[d]
    return 3.291


# ------------------------------------------------------------------------------------ reading

class Result:
    """A score with its error and allocation; forks: the mean of each JMH fork (None for Go)."""

    def __init__(self, score, error, alloc, samples=None, forks=None):
        self.score, self.error, self.alloc, self.samples, self.forks = score, error, alloc, samples, forks

    def spread(self):
        """(max fork mean - min fork mean) / min fork mean, or None with fewer than two forks."""
        if not self.forks or len(self.forks) < 2 or min(self.forks) <= 0:
            return None
        return (max(self.forks) - min(self.forks)) / min(self.forks)

    def unstable(self):
        spread = self.spread()
        return spread is not None and spread > UNSTABLE_ABOVE


def number(x):
    try:
        v = float(x)
    except (TypeError, ValueError):
        return math.nan
    return v


def read_jmh(path):
    """{(benchmark 'Class.method', subject, threads): Result}, plus run facts."""
    results, facts = {}, {}
    if not path or not os.path.exists(path):
        return results, facts
    with open(path, encoding="utf-8") as f:
        runs = json.load(f)
    for r in runs:
        name = ".".join(r["benchmark"].split(".")[-2:])
        params = r.get("params", {})
        subject = params.get("subject") or ("crew=" + params["crew"] if "crew" in params else "")
        threads = params.get("threads")
        pm = r["primaryMetric"]
        sm = r.get("secondaryMetrics", {})
        norm = sm.get("gc.alloc.rate.norm") or sm.get("·gc.alloc.rate.norm")
        forks = [statistics.fmean(number(x) for x in fork) for fork in pm.get("rawData") or [] if fork]
        results[(name, subject, threads)] = Result(number(pm["score"]), number(pm.get("scoreError")),
                                                   number(norm["score"]) if norm else math.nan, forks=forks)
        facts = {k: r.get(k) for k in ("jmhVersion", "jdkVersion", "vmName", "vmVersion", "jvmArgs", "forks",
                                       "warmupIterations", "warmupTime", "measurementIterations", "measurementTime")}
    return results, facts


GO_LINE = re.compile(r"^Benchmark(\w+?)(?:-\d+)?\s+\d+\s+(.*)$")


def read_go(path):
    """{go benchmark name: Result} from `go test -bench -benchmem` text (several -count lines each)."""
    samples = {}
    if not path or not os.path.exists(path):
        return {}, {}
    facts = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("cpu:"):
                facts["cpu"] = line[4:].strip()
            m = GO_LINE.match(line)
            if not m:
                continue
            metrics = {}
            for value, unit in re.findall(r"([0-9.eE+-]+) (\S+)", m.group(2)):
                metrics[unit] = float(value)
            if "ns/op" in metrics:
                samples.setdefault(m.group(1), []).append(metrics)
    results = {}
    for name, runs in samples.items():
        ns = [r["ns/op"] for r in runs]
        alloc = [r.get("bytes/op", r.get("B/op", math.nan)) for r in runs]
        mean = statistics.fmean(ns)
        error = t999(len(ns) - 1) * statistics.stdev(ns) / math.sqrt(len(ns)) if len(ns) > 1 else math.nan
        results[name] = Result(mean, error, statistics.fmean(alloc), samples=len(ns))
    return results, facts


# ---------------------------------------------------------------------------------- formatting

def fmt_ns(x):
    if x is None or math.isnan(x):
        return "—"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def fmt_score(r):
    if r.error is None or math.isnan(r.error):
        return fmt_ns(r.score)
    return f"{fmt_ns(r.score)} ± {fmt_ns(r.error)}"


def fmt_bytes(x):
    if x is None or math.isnan(x):
        return "—"
    return "≈ 0" if x < 0.005 else fmt_ns(x)


def ratio(a, b):
    """a / b and its error: the two relative errors combined in quadrature (first-order propagation);
    NaN error if either score has none."""
    r = a.score / b.score
    if math.isnan(a.error) or math.isnan(b.error) or a.score == 0:
        return r, math.nan
    return r, r * math.hypot(a.error / a.score, b.error / b.score)


def fmt_ratio(a, b):
    if a is None or b is None or math.isnan(a.score) or math.isnan(b.score) or b.score == 0:
        return "—"
    if a is b:
        return "1.00×"
    r, error = ratio(a, b)
    return f"{r:.2f}×" if math.isnan(error) else f"{r:.2f}× ± {error:.2f}"


def fmt_spread(spread):
    """A spread as a percentage, with a decimal where whole percents would hide which side of the limit it is."""
    text = f"{spread:.0%}"
    return f"{spread:.1%}" if text == f"{UNSTABLE_ABOVE:.0%}" else text


def fmt_forks(r, every=True):
    """Each fork's mean and their spread, flagged when unstable; only the spread if not every."""
    if r is None or r.forks is None:
        return "—"
    if len(r.forks) < 2:
        return "one fork" if not every or not r.forks else f"{fmt_ns(r.forks[0])} (one fork)"
    spread = r.spread()
    verdict = f"**unstable** ({fmt_spread(spread)})" if r.unstable() else fmt_spread(spread)
    if not every:
        return verdict
    return " / ".join(fmt_ns(f) for f in r.forks) + f": {verdict}"


def per_second(r):
    """A score in ns per value as values per second, and its error (first order: the same relative error)."""
    if r is None or math.isnan(r.score) or r.score <= 0:
        return math.nan, math.nan
    rate = 1e9 / r.score
    return rate, rate * r.error / r.score if not math.isnan(r.error) else math.nan


def fmt_rate(rate, error=math.nan):
    if math.isnan(rate):
        return "—"
    return f"{rate:,.0f}" if math.isnan(error) else f"{rate:,.0f} ± {error:,.0f}"


def fmt_rate_forks(r):
    """Each fork's mean as values per second, and the spread of the fork means (the same as of their ns)."""
    if r is None or not r.forks:
        return "—"
    rates = " / ".join(fmt_rate(1e9 / f) for f in r.forks if f > 0)
    if len(r.forks) < 2:
        return f"{rates} (one fork)"
    verdict = f"**unstable** ({fmt_spread(r.spread())})" if r.unstable() else fmt_spread(r.spread())
    return f"{rates}: {verdict}"


def threads_label(t):
    return {"virtual": "virtual threads", "platform": "platform threads", None: "one thread"}[t]


# ---------------------------------------------------------------------------------- the report

class Report:
    def __init__(self, jmh, go, go_status):
        self.jmh, self.go, self.go_status = jmh, go, go_status

    def row(self, w, subject, threads):
        """The Result of one subject in one table, or None if it was not measured."""
        if subject.startswith("go"):
            name = w["go"].get(subject)
            return self.go.get(name) if name else None
        if subject == "kotlin":
            return self.jmh.get((w["kotlin"], subject, None)) if w["kotlin"] else None
        return self.jmh.get((w["jmh"], subject, threads))

    def subjects(self, w):
        return [s for s in ORDER if s in w["subjects"] or (s in STANDARD and s in w["na"])]

    def best_queue(self, w, threads):
        found = [(s, self.row(w, s, threads)) for s in QUEUES if s in w["subjects"]]
        found = [(s, r) for s, r in found if r is not None and not math.isnan(r.score)]
        return min(found, key=lambda sr: sr[1].score) if found else (None, None)

    def table(self, w, threads):
        jox, kotlin, go = self.row(w, "jox", threads), self.row(w, "kotlin", threads), self.row(w, "go", threads)
        lines = ["| subject | ns/op ± error | fork means: spread | vs jox | vs Kotlin | vs Go | B/op | what is measured |",
                 "|---|---:|---|---:|---:|---:|---:|---|"]
        for s in self.subjects(w):
            label = LABELS[s]
            if s not in w["subjects"]:
                lines.append(f"| {label} | n/a | | | | | | {w['na'][s]} |")
                continue
            r = self.row(w, s, threads)
            if r is None:
                why = self.go_status if s.startswith("go") and self.go_status != "measured" else "not run"
                lines.append(f"| {label} | {why} | | | | | | {w['subjects'][s]} |")
                continue
            score = fmt_score(r)
            if s == "channels":
                score = f"**{score}**"
            lines.append(f"| {label} | {score} | {fmt_forks(r)} | {fmt_ratio(r, jox)} | {fmt_ratio(r, kotlin)} "
                         f"| {fmt_ratio(r, go)} | {fmt_bytes(r.alloc)} | {w['subjects'][s]} |")
        return "\n".join(lines)

    def thread_kinds(self, w):
        return [t for t in w["threads"] if any(k[0] == w["jmh"] and k[2] == t for k in self.jmh)]

    def workload(self, key):
        return next(w for w in WORKLOADS if w["key"] == key)

    # -------------------------------------------------------------------------------- targets

    def targets(self):
        """The targets every workload has been held to: [(target, table, verdict, evidence)]."""
        out = []
        for w in WORKLOADS:
            for t in self.thread_kinds(w):
                where = f"{w['title']} ({threads_label(t)})"
                ours = self.row(w, "channels", t)
                if ours is None:
                    continue
                jox = self.row(w, "jox", t)
                if jox is not None:
                    out.append(("ahead of jox", where) + compare(ours, jox, "jox"))
                qname, queue = self.best_queue(w, t)
                if queue is not None:
                    out.append(("ahead of the best JDK queue", where) + compare(ours, queue, LABELS[qname]))
                limit = GO_TARGETS.get(w["key"])
                if limit and t == "virtual":
                    go = self.row(w, "go", t)
                    if go is None:
                        why = self.go_status if self.go_status != "measured" else "not run"
                        out.append((f"within {limit}× of Go", where, "not measured", why))
                    else:
                        r = ours.score / go.score
                        out.append((f"within {limit}× of Go", where, "met" if r <= limit else "**not met**",
                                    f"{fmt_ratio(ours, go)} ({fmt_ns(ours.score)} vs {fmt_ns(go.score)} ns)"))
                if w["key"] in ("buffered16", "buffered100"):
                    ok = ours.alloc < ZERO_ALLOC_BELOW
                    out.append(("zero B/op in steady state", where, "met" if ok else "**not met**",
                                f"{fmt_bytes(ours.alloc)} B/op (zero: below {ZERO_ALLOC_BELOW})"))
                if w["key"] == "unlimited":
                    ok = ours.alloc < PER_ELEMENT_BYTES
                    out.append(("no allocation per element", where, "met" if ok else "**not met**",
                                f"{fmt_bytes(ours.alloc)} B/op (an object per element is at least {PER_ELEMENT_BYTES} B)"))
                if w["key"] == "instrumentation":
                    for s in ("channels+clock", "channels+timers", "channels+gauges"):
                        r = self.row(w, s, t)
                        if r is None:
                            continue
                        cost = r.score / ours.score - 1
                        verdict = "met" if cost < INSTRUMENTATION_LIMIT else "**not met**"
                        if overlaps(r, ours):
                            verdict += " (within error)"
                        out.append((f"instrumentation costs < {INSTRUMENTATION_LIMIT:.0%}", f"{LABELS[s]}, {threads_label(t)}",
                                    verdict, f"{cost:+.1%} ({fmt_score(r)} vs {fmt_score(ours)} ns)"))
        return out

    def go_shaped_targets(self):
        """The targets of the Go-shaped workloads, judged on virtual threads in this one run:
        [(target, table, verdict, evidence)]."""
        out = []
        for key, against in GO_SHAPED_TARGETS:
            w = self.workload(key)
            where = f"{w['title']} (virtual threads)"
            ours = self.row(w, "channels", "virtual")
            if ours is None:
                continue
            for other in against:
                if other == "stable":
                    out.append((f"stable: fork means within {UNSTABLE_ABOVE:.0%}", where) + stability(ours))
                    continue
                if other == "buffered16":
                    small = self.row(self.workload("buffered16"), "channels", "virtual")
                    if small is not None:
                        out.append(("no slower than the buffered(16) pair", where)
                                   + at_or_below(ours, small, "the buffered(16) pair"))
                    continue
                r = self.row(w, other, "virtual")
                name = {"go": "Go", "kotlin": "Kotlin"}.get(other, LABELS[other])
                target = f"at or below {name}"
                if r is None:
                    why = self.go_status if other == "go" and self.go_status != "measured" else "not run"
                    out.append((target, where, "not measured", why))
                else:
                    out.append((target, where) + at_or_below(ours, r, name))
        ours = [(w, t, self.row(w, "channels", t)) for w in WORKLOADS for t in self.thread_kinds(w)]
        ours = [(w, t, r) for w, t, r in ours if r is not None]
        if ours:
            target = f"stable on every workload: fork means within {UNSTABLE_ABOVE:.0%}"
            judged = [(w, t, r) for w, t, r in ours if r.spread() is not None]
            bad = [f"{w['title']} ({threads_label(t)}) {fmt_spread(r.spread())}" for w, t, r in judged if r.unstable()]
            if not judged:
                out.append((target, "every table", "not judged", "one fork: stability needs two or more (`-f 2`)"))
            elif bad:
                out.append((target, "every table", "**not met**", f"{len(bad)} of {len(judged)} unstable: " + "; ".join(bad)))
            else:
                out.append((target, "every table", "met", f"all {len(judged)} within {UNSTABLE_ABOVE:.0%}"))
        return out

    def unstable(self):
        """Every result, of any subject, whose fork means differ by more than UNSTABLE_ABOVE: [(table, subject, result)]."""
        out = []
        for w in WORKLOADS:
            for t in self.thread_kinds(w):
                for s in self.subjects(w):
                    if s.startswith("go") or s == "kotlin" and t == "platform" or s not in w["subjects"]:
                        continue
                    r = self.row(w, s, t)
                    if r is not None and r.unstable():
                        out.append((f"{w['title']} ({threads_label(t)})", LABELS[s], r))
        return out + self.kafka_unstable()

    def has_kotlin(self):
        return any(k[1] == "kotlin" for k in self.jmh)

    def stability_text(self):
        forks = sorted({len(r.forks) for r in self.jmh.values() if r.forks})
        if not forks or max(forks) < 2:
            return ("One fork per benchmark in this run: stability is not judged. It needs two or more forks "
                    "(every profile but smoke runs two).")
        bad = self.unstable()
        rule = (f"A result is unstable when its fork means differ by more than {UNSTABLE_ABOVE:.0%}: "
                "(max fork mean − min fork mean) / min fork mean.")
        if not bad:
            return rule + " No result of this run is unstable."
        lines = [rule + (" 1 result of this run is unstable:" if len(bad) == 1
                         else f" {len(bad)} results of this run are unstable:"), "",
                 "| workload | subject | fork means (ns/op) | spread |", "|---|---|---|---:|"]
        for where, label, r in bad:
            lines.append(f"| {where} | {label} | {' / '.join(fmt_ns(f) for f in r.forks)} | {fmt_spread(r.spread())} |")
        return "\n".join(lines)

    def cell(self, w, subject, result):
        """A summary cell: the score and its error, or why there is none."""
        if result is not None:
            return fmt_score(result)
        if subject == "abq":  # the best-queue column
            return "n/a" if not any(q in w["subjects"] for q in QUEUES) else "not run"
        if subject not in w["subjects"]:
            return "n/a"
        return "not measured" if subject == "go" else "not run"

    def summary(self):
        lines = ["| workload | threads | channels ns/op | forks | jox | best JDK queue | Kotlin | Go "
                 "| ÷ jox | ÷ best queue | ÷ Kotlin | ÷ Go | channels B/op |",
                 "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for w in WORKLOADS:
            if w["key"] == "instrumentation":
                continue
            for t in self.thread_kinds(w):
                ours, jox, go = self.row(w, "channels", t), self.row(w, "jox", t), self.row(w, "go", t)
                kotlin = self.row(w, "kotlin", t)
                qname, queue = self.best_queue(w, t)
                cells = [self.cell(w, "channels", ours), fmt_forks(ours, every=False), self.cell(w, "jox", jox),
                         f"{fmt_score(queue)} ({qname})" if queue else self.cell(w, "abq", None),
                         self.cell(w, "kotlin", kotlin), self.cell(w, "go", go), fmt_ratio(ours, jox),
                         fmt_ratio(ours, queue), fmt_ratio(ours, kotlin), fmt_ratio(ours, go),
                         fmt_bytes(ours.alloc) if ours else "—"]
                lines.append(f"| {w['title']} | {threads_label(t).split()[0]} | " + " | ".join(cells) + " |")
        inst = self.workload("instrumentation")
        for t in self.thread_kinds(inst):
            bare = self.row(inst, "channels", t)
            for s in ("channels+timers", "channels+gauges"):
                r = self.row(inst, s, t)
                if r is None or bare is None:
                    continue
                lines.append(f"| {LABELS[s]} | {threads_label(t).split()[0]} | {fmt_score(r)} | {fmt_forks(r, every=False)} "
                             f"| | | | | | | | | {fmt_bytes(r.alloc)} |")
        return "\n".join(lines)

    def has_workloads(self):
        return any(self.thread_kinds(w) for w in WORKLOADS)

    def kafka(self):
        """The Kafka table, or "" if KafkaBenchmark did not run."""
        rows = {s: self.jmh.get((KAFKA, s, None)) for s, _, _ in KAFKA_SUBJECTS}
        if not any(rows.values()):
            return ""
        theirs = rows["spring-kafka"]
        lines = ["| subject | values/s ± error | ns per value ± error | fork means (values/s): spread "
                 "| values/s ÷ Spring Kafka's | B per value (broker included) | what is measured |",
                 "|---|---:|---:|---|---:|---:|---|"]
        for s, label, what in KAFKA_SUBJECTS:
            r = rows[s]
            if r is None:
                lines.append(f"| {label} | not run | | | | | {what} |")
                continue
            rate = fmt_rate(*per_second(r))
            if s == "channels":
                rate = f"**{rate}**"
            # throughput ratio: their ns over ours, with the same error as the ns ratio
            versus = fmt_ratio(theirs, r) if theirs is not None else "—"
            lines.append(f"| {label} | {rate} | {fmt_score(r)} | {fmt_rate_forks(r)} | {versus} | {fmt_bytes(r.alloc)} "
                         f"| {what} |")
        return "\n".join(lines)

    def kafka_unstable(self):
        """Kafka results whose fork means differ by more than UNSTABLE_ABOVE: [(table, subject, result)]."""
        return [("Kafka: values through a broker and a listener", label, self.jmh[(KAFKA, s, None)])
                for s, label, _ in KAFKA_SUBJECTS
                if (KAFKA, s, None) in self.jmh and self.jmh[(KAFKA, s, None)].unstable()]

    def harness(self):
        rows = sorted(((k, r) for k, r in self.jmh.items() if k[0].startswith("HarnessBenchmark.")),
                      key=lambda kr: (kr[0][2], int(kr[0][1].split("=")[1])))
        if not rows:
            return ""
        lines = ["| idle crew | ns per invocation | fork means: spread | B per invocation |", "|---|---:|---|---:|"]
        for (name, crew, threads), r in rows:
            lines.append(f"| {int(crew.split('=')[1]):,} {threads} threads | {fmt_score(r)} | {fmt_forks(r)} "
                         f"| {fmt_bytes(r.alloc)} |")
        return "\n".join(lines)


def count_met(targets):
    return sum(v.startswith("met") for _, _, v, _ in targets), len(targets)


def tally(report):
    met, total = count_met(report.targets())
    shaped_met, shaped = count_met(report.go_shaped_targets())
    return f"Go-shaped targets: {shaped_met} of {shaped} met; earlier targets: {met} of {total} met"


def overlaps(a, b):
    if math.isnan(a.error) or math.isnan(b.error):
        return False
    return abs(a.score - b.score) <= a.error + b.error


def compare(ours, other, name):
    verdict = "met" if ours.score < other.score else "**not met**"
    if overlaps(ours, other):
        verdict += " (within error)"
    return verdict, f"{fmt_ratio(ours, other)} of {name} ({fmt_score(ours)} vs {fmt_score(other)} ns)"


def at_or_below(ours, other, name):
    verdict = "met" if ours.score <= other.score else "**not met**"
    if overlaps(ours, other):
        verdict += " (within error)"
    return verdict, f"{fmt_ratio(ours, other)} of {name} ({fmt_score(ours)} vs {fmt_score(other)} ns)"


def stability(ours):
    spread = ours.spread()
    if spread is None:
        return "not judged", "one fork: stability needs two or more (`-f 2`)"
    verdict = "met" if spread <= UNSTABLE_ABOVE else "**not met**"
    return verdict, f"fork means {' / '.join(fmt_ns(f) for f in ours.forks)} ns: spread {fmt_spread(spread)}"


# ------------------------------------------------------------------------------------ machine

def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    system = platform.system() + " " + platform.release()
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    system = line.split("=", 1)[1].strip().strip('"') + f" (kernel {platform.release()})"
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, {system}"


# --------------------------------------------------------------------------------------- main

KOTLIN_VERSION = "1.11.0"  # benchmarks/pom.xml: kotlinx-coroutines.version
SUMMARY_NOTE = ("ns per value moved (per hand-off, round trip, select or attempt: see each workload), ± the 99.9 % "
                "error; ratios below 1 mean this project is faster, ± their error (the two relative errors combined). "
                f"*forks*: the spread of this project's fork means, (max − min) / min; above {UNSTABLE_ABOVE:.0%} "
                "the result is **unstable**. Each workload's table below gives every subject's fork means.")
SMOKE_WARNING = ("> **Smoke run: not a measurement.** One very short iteration per benchmark, on a machine that was "
                 "shared with other work. It proves the suite and this report run end to end; the numbers are "
                 "noise and must not be quoted or compared.")
KAFKA_NOTE = ("`KafkaBenchmark`: each fork starts one Kafka broker (KRaft, in the fork's JVM, on the same cores) "
              "and the subject's Spring Boot application; an invocation sends {values:,} values (100 virtual threads, "
              "each send waiting for the broker's acknowledgement, acks=all, idempotent) and ends when the listener "
              "handled the last. ns per value ± the 99.9 % error; values/s = 10⁹ / ns, ± the same relative error; "
              "the ratio is the Kafka channel's values per second over Spring Kafka's (above 1: more values per "
              "second), ± its error. B per value counts every thread of the JVM, the broker's included. "
              "How each subject is configured, and what differs: the header of `KafkaBenchmark.java`.")
BUSY_WARNING = ("> **The machine was busy** (load average {load} on {cores} cores before the run): scores are noisy. "
                "Measure on a quiet machine (load below 0.5) before drawing conclusions.")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jmh", required=True)
    p.add_argument("--go")
    p.add_argument("--go-status", default="measured", help='"measured", or why Go was not measured')
    p.add_argument("--go-version", default="")
    p.add_argument("--profile", default="quick")
    p.add_argument("--jmh-settings", default="")
    p.add_argument("--go-settings", default="")
    p.add_argument("--load", default="", help="the load average before the run")
    p.add_argument("--duration", default="")
    p.add_argument("--command", default="benchmarks/run.sh")
    p.add_argument("--out", required=True)
    p.add_argument("--readme", help="README whose benchmark region to replace with the summary")
    a = p.parse_args()
    check_catalog()

    jmh, facts = read_jmh(a.jmh)
    if not jmh:
        sys.exit(f"no JMH results in {a.jmh}")
    go, go_facts = read_go(a.go) if a.go_status == "measured" else ({}, {})
    go_status = a.go_status if a.go_status != "measured" or go else "not measured (no Go results)"
    report = Report(jmh, go, go_status)

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        busy = float(a.load.split()[0]) > 0.5
    except (IndexError, ValueError):
        busy = False
    jdk = f"JDK {facts.get('jdkVersion')} ({facts.get('vmName')}, {facts.get('vmVersion')})"
    jvm_args = " ".join(x for x in (facts.get("jvmArgs") or []) if not x.startswith("--sun-misc"))
    header = [f"- **Machine:** {machine()}",
              f"- **JDK:** {jdk}; JMH {facts.get('jmhVersion')}; fork flags `{jvm_args}`",
              f"- **Go:** {a.go_version or 'not measured'} (GOMAXPROCS = {os.cpu_count()}, the same parallelism "
              f"as the JDK's virtual-thread scheduler)" if go else f"- **Go:** {go_status}",
              f"- **Kotlin:** kotlinx-coroutines-core {KOTLIN_VERSION}, coroutines on `Dispatchers.Default` (one thread "
              f"per core, {max(2, os.cpu_count() or 1)} here)" if report.has_kotlin() else "- **Kotlin:** not run",
              f"- **Profile:** {a.profile}: JMH `{a.jmh_settings}`" + (f"; Go `{a.go_settings}`" if go else ""),
              f"- **Date:** {now}" + (f"; the run took {a.duration}" if a.duration else ""),
              f"- **Load average before the run:** {a.load or 'unknown'}",
              f"- **Command:** `{a.command}`"]

    out = [f"# Benchmark results ({a.profile} profile)", ""]
    if a.profile == "smoke":
        out += [SMOKE_WARNING, ""]
    elif busy:
        out += [BUSY_WARNING.format(load=a.load, cores=os.cpu_count()), ""]
    out += header + ["", "Generated by `benchmarks/report.py` from one run of `benchmarks/run.sh`; do not edit by hand. "
                     "How to read it: [benchmarks/README.md](../README.md#reading-the-tables).", ""]
    if report.has_workloads():
        out += ["## Summary", "", SUMMARY_NOTE, "", report.summary(), ""]
        out += ["## Targets", "", tally(report) + ".", "",
                "Measured side by side in this run. Ratios to Go and Kotlin are judged on virtual threads (goroutines "
                "and coroutines are their analog); \"within error\" means the two confidence intervals overlap, so "
                "the order is not established.", "",
                "### Go-shaped workloads", "",
                "Select over rendezvous channels at or below jox, Kotlin and Go; the rendezvous pair and the ping-pong "
                "at or below SynchronousQueue, Kotlin and Go, and stable; fan-in at or below SynchronousQueue; "
                "buffered(100) no slower than buffered(16); every result stable.", "",
                "| target | where | verdict | evidence |", "|---|---|---|---|"]
        for target, where, verdict, evidence in report.go_shaped_targets():
            out.append(f"| {target} | {where} | {verdict} | {evidence} |")
        out += ["", "### Every workload", "",
                "Ahead of jox and of the best JDK queue everywhere, within 1.2× of Go on the pairs and 1.3× on 1,000 pairs "
                "and the buffered selects, zero bytes per value on the buffered pairs, instrumentation under 5 %.", "",
                "| target | where | verdict | evidence |", "|---|---|---|---|"]
        for target, where, verdict, evidence in report.targets():
            out.append(f"| {target} | {where} | {verdict} | {evidence} |")
        out += ["", "## Stability", "", report.stability_text(), ""]
        out += ["## Workloads", ""]
        for w in WORKLOADS:
            for t in report.thread_kinds(w):
                out += [f"### {w['title']}, {threads_label(t)}", "",
                        f"{w['ops']:,} operations per invocation; ns/op is per {w['unit']}.", "", report.table(w, t), ""]
    else:
        out += ["## Stability", "", report.stability_text(), ""]
    kafka = report.kafka()
    if kafka:
        out += ["## Kafka: values through a broker and a listener", "", KAFKA_NOTE.format(values=KAFKA_VALUES), "",
                kafka, ""]
    harness = report.harness()
    if harness:
        out += ["## Harness overhead (control)", "",
                "Opening the gate and joining a crew of threads that do nothing: what every invocation above "
                "pays besides the work (thread start is not measured). Divide by the operations per invocation "
                "to see it per operation: for example 2 virtual threads over 100,000 values.", "", harness, ""]
    text = "\n".join(out)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)

    if a.readme:
        update_readme(a.readme, header, report, a.profile, busy)


BEGIN, END = "<!-- benchmark-table:begin -->", "<!-- benchmark-table:end -->"


def update_readme(path, header, report, profile, busy):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        sys.exit(f"{path} has no {BEGIN} ... {END} region")
    note = " (the machine was busy: noisy)" if busy else ""
    region = "\n".join([BEGIN, "",
                        f"Latest run, {profile} profile{note}; every table, the targets and the error bars are in "
                        "[benchmarks/results/latest.md](benchmarks/results/latest.md).", ""]
                       + [h for h in header if not h.startswith("- **Command")]
                       + ["", report.summary(), "", tally(report) + ": see the targets in latest.md.", "", END])
    start, end = text.index(BEGIN), text.index(END) + len(END)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:start] + region + text[end:])


if __name__ == "__main__":
    main()
