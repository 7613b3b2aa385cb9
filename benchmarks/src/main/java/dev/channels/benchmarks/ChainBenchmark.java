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
 * A chain of {@value #THREADS} virtual threads linked by {@value #LINKS} rendezvous channels: the
 * first sends {@value #MESSAGES} values, each next one passes them on, the last receives them.
 * {@value #OPS} hand-offs per invocation; a score is nanoseconds per hand-off (one value over one
 * link), the unit of the pair benchmarks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class ChainBenchmark {
    static final int THREADS = 10_000;
    static final int LINKS = THREADS - 1;
    static final int MESSAGES = 10;
    /** Hand-offs per invocation, for every subject. */
    public static final int OPS = LINKS * MESSAGES;

    @Param({"channels", "jox", "sq", "ltq"})
    public String subject;
    @Param("virtual")
    public String threads;

    private Crew crew;
    private Thread last;

    @Setup(Level.Invocation)
    public void prepare() {
        crew = new Crew(ThreadKind.of(threads));
        Conduit in = Subjects.create(subject, 0);
        crew.startGated(Workloads.sender(in, MESSAGES));
        for (int i = 1; i < LINKS; i++) {
            Conduit from = in;
            Conduit to = Subjects.create(subject, 0);
            crew.start(() -> {
                for (int m = 0; m < MESSAGES; m++) {
                    to.send(from.receive());
                }
            });
            in = to;
        }
        last = crew.start(Workloads.receiver(in, MESSAGES));
    }

    @TearDown(Level.Invocation)
    public void finish() throws InterruptedException {
        crew.finish();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void chain() throws InterruptedException {
        crew.runUntil(last);
    }
}
