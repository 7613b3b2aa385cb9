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
 * Fan-in: {@value #SENDERS} senders onto one rendezvous channel and one receiver, {@value #OPS}
 * values per invocation ({@value #PER_SENDER} per sender). The senders queue up on the channel
 * and the receiver takes them one hand-off at a time. A score is nanoseconds per value moved.
 *
 * <p>Subjects: the rendezvous analogs, as in {@link PairBenchmark}'s rendezvous pair. Virtual
 * threads only: the targets are judged there.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class FanInBenchmark {
    /** Values moved per invocation, for every subject. */
    public static final int OPS = 100_000;
    /** Senders on the one channel. */
    public static final int SENDERS = 8;
    static final int PER_SENDER = OPS / SENDERS;

    @Param({"channels", "jox", "sq", "ltq"})
    public String subject;
    @Param("virtual")
    public String threads;

    private Crew crew;

    @Setup(Level.Invocation)
    public void prepare() {
        Conduit conduit = Subjects.create(subject, 0);
        crew = new Crew(ThreadKind.of(threads));
        crew.start(Workloads.receiver(conduit, OPS));
        for (int i = 0; i < SENDERS; i++) {
            crew.startGated(Workloads.sender(conduit, PER_SENDER));
        }
    }

    @TearDown(Level.Invocation)
    public void finish() throws InterruptedException {
        crew.finish();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void eightSenders() throws InterruptedException {
        crew.run();
    }
}
