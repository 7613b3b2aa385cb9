package dev.channels.benchmarks;

import dev.channels.benchmarks.subjects.Conduit;
import dev.channels.benchmarks.subjects.Subjects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@value #PAIRS} independent pairs of virtual threads, each pair with its own buffered({@value #CAPACITY})
 * channel and {@value #PER_PAIR} values; {@value #OPS} values per invocation in all. A score is
 * nanoseconds per value moved, so it also shows how the subjects scale to many waiting threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class ManyPairsBenchmark {
    static final int PAIRS = 1_000;
    static final int PER_PAIR = 200;
    static final int CAPACITY = 16;
    /** Values moved per invocation, for every subject. */
    public static final int OPS = PAIRS * PER_PAIR;

    @Param({"channels", "jox", "abq", "lbq"})
    public String subject;
    @Param("virtual")
    public String threads;

    private Crew crew;

    @Setup(Level.Invocation)
    public void prepare() {
        crew = new Crew(ThreadKind.of(threads));
        for (int i = 0; i < PAIRS; i++) {
            Conduit conduit = Subjects.create(subject, CAPACITY);
            crew.start(Workloads.receiver(conduit, PER_PAIR));
            crew.startGated(Workloads.sender(conduit, PER_PAIR));
        }
    }

    @TearDown(Level.Invocation)
    public void finish() throws InterruptedException {
        crew.finish();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void thousandPairs() throws InterruptedException {
        crew.run();
    }
}
