package dev.channels.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The control: what the harness itself adds to every invocation of the other benchmarks, namely
 * opening the {@link Crew}'s gate and joining its threads, here with threads that do nothing. A
 * score is nanoseconds per invocation (not per value): compare it with a workload's invocation
 * time, its score times its values per invocation. Thread start is in the set-up, not measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HarnessBenchmark {
    /** Idle crews of virtual threads: as in a pair, in 1,000 pairs and in the chain. */
    @State(Scope.Thread)
    public static class Virtual {
        @Param({"2", "2000", "10000"})
        public int crew;
        @Param("virtual")
        public String threads;

        Crew idle;

        @Setup(Level.Invocation)
        public void prepare() {
            idle = idleCrew(threads, crew);
        }

        @TearDown(Level.Invocation)
        public void finish() throws InterruptedException {
            idle.finish();
        }
    }

    /** An idle crew of platform threads, as in a pair. */
    @State(Scope.Thread)
    public static class Platform {
        @Param("2")
        public int crew;
        @Param("platform")
        public String threads;

        Crew idle;

        @Setup(Level.Invocation)
        public void prepare() {
            idle = idleCrew(threads, crew);
        }

        @TearDown(Level.Invocation)
        public void finish() throws InterruptedException {
            idle.finish();
        }
    }

    /** Half the crew starts at once and ends, the other half waits for the gate, as in the workloads. */
    static Crew idleCrew(String threads, int size) {
        Crew crew = new Crew(ThreadKind.of(threads));
        for (int i = 0; i < size / 2; i++) {
            crew.start(() -> { });
            crew.startGated(() -> { });
        }
        return crew;
    }

    @Benchmark
    public void releaseAndJoinVirtual(Virtual state) throws InterruptedException {
        state.idle.run();
    }

    @Benchmark
    public void releaseAndJoinPlatform(Platform state) throws InterruptedException {
        state.idle.run();
    }
}
