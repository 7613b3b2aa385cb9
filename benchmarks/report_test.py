#!/usr/bin/env python3
"""Tests of report.py: fork means, the stability rule, ratio errors, the Go-shaped targets and the
rendered report, on small JMH and Go outputs written here. Python 3 standard library only.

    python3 -m unittest discover -s benchmarks -p '*_test.py'

`./mvnw verify` runs them (the benchmarks module's exec-maven-plugin execution `report-tests`).
"""

import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ beside the sources
import report  # noqa: E402  (after the path)


def jmh_run(benchmark, subject, threads, forks, error=1.0, alloc=0.0):
    """One entry of JMH's JSON: forks is a list of per-fork iteration scores."""
    scores = [x for fork in forks for x in fork]
    params = {"subject": subject}
    if threads is not None:
        params["threads"] = threads
    return {
        "jmhVersion": "1.37", "benchmark": "dev.channels.benchmarks." + benchmark, "mode": "avgt",
        "forks": len(forks), "jvmArgs": ["-Xms1g", "-Xmx1g"], "jdkVersion": "25", "vmName": "test VM",
        "vmVersion": "25", "params": params,
        "primaryMetric": {"score": sum(scores) / len(scores), "scoreError": error, "scoreUnit": "ns/op",
                          "rawData": forks},
        "secondaryMetrics": {"gc.alloc.rate.norm": {"score": alloc}},
    }


# A run of the rendezvous pair, the ping-pong, the two pairs of buffered(16)/(100) and fan-in:
# this project's rendezvous pair is unstable (forks 100 and 140: 40 %), its ping-pong stable
# (200 and 220: 10 %); SynchronousQueue is slower on the pair, faster on the ping-pong.
RUN = [
    jmh_run("PairBenchmark.rendezvous", "channels", "virtual", [[100, 100, 100], [140, 140, 140]]),
    jmh_run("PairBenchmark.rendezvous", "jox", "virtual", [[300, 300, 300], [310, 310, 310]]),
    jmh_run("PairBenchmark.rendezvous", "sq", "virtual", [[150, 150, 150], [152, 152, 152]]),
    jmh_run("KotlinBenchmark.rendezvous", "kotlin", None, [[90, 90, 90], [91, 91, 91]]),
    jmh_run("PingPongBenchmark.rendezvous", "channels", "virtual", [[200, 200, 200], [220, 220, 220]]),
    jmh_run("PingPongBenchmark.rendezvous", "sq", "virtual", [[180, 180, 180], [181, 181, 181]]),
    jmh_run("PairBenchmark.buffered16", "channels", "virtual", [[50, 50, 50], [50, 50, 50]]),
    jmh_run("PairBenchmark.buffered100", "channels", "virtual", [[60, 60, 60], [60, 60, 60]]),
    jmh_run("FanInBenchmark.eightSenders", "channels", "virtual", [[120, 120, 120], [121, 121, 121]]),
    jmh_run("FanInBenchmark.eightSenders", "sq", "virtual", [[130, 130, 130], [130, 130, 130]]),
]

GO = """goos: linux
cpu: test CPU
BenchmarkPairRendezvous-2   10   110.0 ns/op   0 bytes/op   0 B/op   0 allocs/op
BenchmarkPairRendezvous-2   10   112.0 ns/op   0 bytes/op   0 B/op   0 allocs/op
BenchmarkPingPong-2         10   250.0 ns/op   0 bytes/op   0 B/op   0 allocs/op
BenchmarkPingPong-2         10   252.0 ns/op   0 bytes/op   0 B/op   0 allocs/op
"""


def result(forks, score=None, error=math.nan):
    means = [sum(f) / len(f) for f in forks]
    return report.Result(score if score is not None else sum(means) / len(means), error, 0.0, forks=means)


class StabilityRule(unittest.TestCase):
    def test_spread_is_max_minus_min_over_min(self):
        self.assertAlmostEqual(result([[100], [140]]).spread(), 0.40)
        self.assertAlmostEqual(result([[140], [100], [120]]).spread(), 0.40)

    def test_unstable_only_above_a_quarter(self):
        self.assertTrue(result([[100], [126]]).unstable())
        self.assertFalse(result([[100], [125]]).unstable())
        self.assertFalse(result([[100], [110]]).unstable())

    def test_one_fork_is_not_judged(self):
        one = result([[100, 300]])
        self.assertIsNone(one.spread())
        self.assertFalse(one.unstable())
        self.assertEqual(report.stability(one)[0], "not judged")

    def test_fork_means_are_read_from_raw_data(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "jmh.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(RUN, f)
            results, _ = report.read_jmh(path)
        pair = results[("PairBenchmark.rendezvous", "channels", "virtual")]
        self.assertEqual(pair.forks, [100, 140])
        self.assertTrue(pair.unstable())
        kotlin = results[("KotlinBenchmark.rendezvous", "kotlin", None)]
        self.assertEqual(kotlin.forks, [90, 91])

    def test_a_spread_at_the_limit_shows_a_decimal(self):
        self.assertEqual(report.fmt_spread(0.2526), "25.3%")
        self.assertEqual(report.fmt_spread(0.31), "31%")


class Ratios(unittest.TestCase):
    def test_error_combines_relative_errors_in_quadrature(self):
        a = report.Result(200.0, 30.0, 0.0)  # 15 %
        b = report.Result(100.0, 20.0, 0.0)  # 20 %
        r, error = report.ratio(a, b)
        self.assertAlmostEqual(r, 2.0)
        self.assertAlmostEqual(error, 2.0 * 0.25)
        self.assertEqual(report.fmt_ratio(a, b), "2.00× ± 0.50")

    def test_no_error_without_both_errors(self):
        a = report.Result(200.0, math.nan, 0.0)
        b = report.Result(100.0, 20.0, 0.0)
        self.assertEqual(report.fmt_ratio(a, b), "2.00×")

    def test_a_row_against_itself_is_exactly_one(self):
        a = report.Result(200.0, 30.0, 0.0)
        self.assertEqual(report.fmt_ratio(a, a), "1.00×")


class GoShapedTargets(unittest.TestCase):
    def setUp(self):
        self.jmh = {}
        for r in RUN:
            name = ".".join(r["benchmark"].split(".")[-2:])
            forks = [sum(f) / len(f) for f in r["primaryMetric"]["rawData"]]
            self.jmh[(name, r["params"]["subject"], r["params"].get("threads"))] = report.Result(
                r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"], 0.0, forks=forks)
        self.go = {"PairRendezvous": report.Result(111.0, 1.0, 0.0), "PingPong": report.Result(251.0, 1.0, 0.0)}
        self.targets = report.Report(self.jmh, self.go, "measured").go_shaped_targets()

    def verdict(self, target, where):
        found = [v for t, w, v, _ in self.targets if t == target and w.startswith(where)]
        self.assertEqual(len(found), 1, f"{target} / {where}: {self.targets}")
        return found[0]

    def test_rendezvous_pair(self):
        self.assertEqual(self.verdict("at or below SynchronousQueue", "Rendezvous pair"), "met")  # 120 vs 151
        self.assertEqual(self.verdict("at or below Kotlin", "Rendezvous pair"), "**not met**")  # 120 vs 90.5
        self.assertEqual(self.verdict("at or below Go", "Rendezvous pair"), "**not met**")  # 120 vs 111
        self.assertEqual(self.verdict("stable: fork means within 25%", "Rendezvous pair"), "**not met**")

    def test_ping_pong(self):
        self.assertEqual(self.verdict("at or below SynchronousQueue", "Ping-pong"), "**not met**")  # 210 vs 180.5
        self.assertEqual(self.verdict("at or below Go", "Ping-pong"), "met")  # 210 vs 251
        self.assertEqual(self.verdict("at or below Kotlin", "Ping-pong"), "not measured")
        self.assertEqual(self.verdict("stable: fork means within 25%", "Ping-pong"), "met")

    def test_fan_in_and_the_bigger_buffer(self):
        self.assertEqual(self.verdict("at or below SynchronousQueue", "Fan-in"), "met")  # 120.5 vs 130
        self.assertEqual(self.verdict("no slower than the buffered(16) pair", "Buffered(100) pair"), "**not met**")

    def test_every_result_stable_names_the_unstable_one(self):
        (evidence,) = [e for t, _, v, e in self.targets if t.startswith("stable on every workload")]
        self.assertIn("1 of 5 unstable", evidence)
        self.assertIn("Rendezvous pair (virtual threads) 40%", evidence)

    def test_select_targets_absent_when_not_run(self):
        self.assertFalse([t for t in self.targets if "Select" in t[1]])


class RenderedReport(unittest.TestCase):
    def test_latest_md_shows_fork_means_and_flags_the_unstable_result(self):
        with tempfile.TemporaryDirectory() as tmp:
            jmh, go, out = (os.path.join(tmp, n) for n in ("jmh.json", "go.txt", "latest.md"))
            with open(jmh, "w", encoding="utf-8") as f:
                json.dump(RUN, f)
            with open(go, "w", encoding="utf-8") as f:
                f.write(GO)
            subprocess.run([sys.executable, os.path.join(HERE, "report.py"), "--jmh", jmh, "--go", go,
                            "--profile", "quick", "--load", "0.10 0.10 0.10", "--out", out], check=True)
            with open(out, encoding="utf-8") as f:
                text = f.read()
        self.assertIn("| **channels** (this project) | **120 ± 1.00** | 100 / 140: **unstable** (40%) |", text)
        self.assertIn("| SynchronousQueue | 151 ± 1.00 | 150 / 152: 1% |", text)
        self.assertIn("| Kotlin coroutines 1.11.0 | 90.5 ± 1.00 | 90.0 / 91.0: 1% |", text)
        stability = text[text.index("## Stability"):text.index("## Workloads")]
        self.assertIn("| Rendezvous pair (virtual threads) | **channels** (this project) | 100 / 140 | 40% |", stability)
        self.assertNotIn("Ping-pong", stability)
        self.assertIn("Go-shaped targets: 4 of 11 met", text)
        # the summary: score ± error, forks, then ratios with errors to jox, the best queue, Kotlin and Go
        self.assertIn("| Rendezvous pair | virtual | 120 ± 1.00 | **unstable** (40%) | 305 ± 1.00 | 151 ± 1.00 (sq) "
                      "| 90.5 ± 1.00 | 111 ± 637 |", text)  # two Go samples: t = 636.6 for one degree of freedom
        self.assertIn("1 result of this run is unstable", text)
        self.assertIn("| within 1.2× of Go | Buffered(16) pair (virtual threads) | not measured | not run |", text)


# A run of KafkaBenchmark alone: the Kafka channel at 200,000 and 210,000 ns per value in its two
# forks (5,000 and 4,762 values/s), Spring Kafka at 250,000 and 400,000 (4,000 and 2,500: unstable).
KAFKA_RUN = [
    jmh_run("KafkaBenchmark.sendAndHandle", "channels", None, [[200_000] * 3, [210_000] * 3], error=10_000.0,
            alloc=5_000.0),
    jmh_run("KafkaBenchmark.sendAndHandle", "spring-kafka", None, [[250_000] * 3, [400_000] * 3], error=20_000.0,
            alloc=6_000.0),
]


def render(runs):
    with tempfile.TemporaryDirectory() as tmp:
        jmh, out = os.path.join(tmp, "jmh.json"), os.path.join(tmp, "latest.md")
        with open(jmh, "w", encoding="utf-8") as f:
            json.dump(runs, f)
        subprocess.run([sys.executable, os.path.join(HERE, "report.py"), "--jmh", jmh, "--go-status",
                        "not measured (--no-go)", "--profile", "full", "--load", "0.10 0.10 0.10", "--out", out],
                       check=True)
        with open(out, encoding="utf-8") as f:
            return f.read()


class KafkaReport(unittest.TestCase):
    def test_values_per_second_is_the_inverse_of_ns_per_value_with_the_same_relative_error(self):
        rate, error = report.per_second(report.Result(200_000.0, 10_000.0, 0.0))
        self.assertAlmostEqual(rate, 5_000.0)
        self.assertAlmostEqual(error, 250.0)
        self.assertTrue(math.isnan(report.per_second(report.Result(200_000.0, math.nan, 0.0))[1]))

    def test_a_kafka_run_alone_gets_its_table_and_no_empty_workload_sections(self):
        text = render(KAFKA_RUN)
        self.assertIn("## Kafka: values through a broker and a listener", text)
        self.assertNotIn("## Summary", text)
        self.assertNotIn("## Workloads", text)
        # ours: 205,000 ns ± 10,000 → 4,878 values/s ± 238; Spring Kafka's ns over ours: 325,000 / 205,000
        self.assertIn("| **Kafka channel** (this project) | **4,878 ± 238** | 205,000 ± 10,000 "
                      "| 5,000 / 4,762: 5% | 1.59× ± 0.12 | 5,000 |", text)
        self.assertIn("| Spring Kafka 4.1.1 | 3,077 ± 189 | 325,000 ± 20,000 "
                      "| 4,000 / 2,500: **unstable** (60%) | 1.00× | 6,000 |", text)

    def test_an_unstable_kafka_result_is_listed_under_stability(self):
        stability = render(KAFKA_RUN).split("## Stability")[1].split("## Kafka")[0]
        self.assertIn("| Kafka: values through a broker and a listener | Spring Kafka 4.1.1 | 250,000 / 400,000 | 60% |",
                      stability)
        self.assertNotIn("Kafka channel", stability)

    def test_a_subject_left_out_says_not_run(self):
        text = render(KAFKA_RUN[:1])
        self.assertIn("| Spring Kafka 4.1.1 | not run |", text)
        self.assertIn("| **Kafka channel** (this project) | **4,878 ± 238** | 205,000 ± 10,000 | 5,000 / 4,762: 5% | — |",
                      text)

    def test_a_suite_run_without_kafka_has_no_kafka_section(self):
        self.assertNotIn("## Kafka", render(RUN))


class Catalog(unittest.TestCase):
    def test_every_standard_subject_is_measured_or_explained(self):
        for w in report.WORKLOADS:
            for s in report.STANDARD:
                self.assertNotEqual(s in w["subjects"], s in w["na"], f"{w['key']}: {s}")

    def test_go_shaped_targets_name_known_workloads(self):
        keys = {w["key"] for w in report.WORKLOADS}
        for key, _ in report.GO_SHAPED_TARGETS:
            self.assertIn(key, keys)


if __name__ == "__main__":
    unittest.main()
