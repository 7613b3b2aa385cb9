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
 * {@value #SENDERS} senders and {@value #RECEIVERS} receivers on one buffered({@value #CAPACITY})
 * channel, {@value #OPS} values per invocation in all ({@value #PER_THREAD} per thread). A score
 * is nanoseconds per value moved.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class ContendedBenchmark {
    /** Values moved per invocation, for every subject. */
    public static final int OPS = 100_000;
    static final int SENDERS = 4;
    static final int RECEIVERS = 4;
    static final int CAPACITY = 64;
    static final int PER_THREAD = OPS / SENDERS;

    @Param({"channels", "jox", "abq", "lbq"})
    public String subject;
    @Param({"virtual", "platform"})
    public String threads;

    private Crew crew;

    @Setup(Level.Invocation)
    public void prepare() {
        Conduit conduit = Subjects.create(subject, CAPACITY);
        crew = new Crew(ThreadKind.of(threads));
        for (int i = 0; i < RECEIVERS; i++) {
            crew.start(Workloads.receiver(conduit, OPS / RECEIVERS));
        }
        for (int i = 0; i < SENDERS; i++) {
            crew.startGated(Workloads.sender(conduit, PER_THREAD));
        }
    }

    @TearDown(Level.Invocation)
    public void finish() throws InterruptedException {
        crew.finish();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void fourByFour() throws InterruptedException {
        crew.run();
    }
}
