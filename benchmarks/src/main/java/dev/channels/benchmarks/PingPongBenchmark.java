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
 * A ping-pong between two threads over two rendezvous channels, {@value #OPS} round trips per
 * invocation: one thread sends a value on {@code ping} and waits for it on {@code pong}, the other
 * receives it from {@code ping} and sends it back on {@code pong}. Neither side can run ahead, so
 * every round trip is two hand-offs that each wake the other thread. A score is nanoseconds per
 * round trip (one value there and back).
 *
 * <p>Subjects: the rendezvous analogs, as in {@link PairBenchmark}'s rendezvous pair
 * (SynchronousQueue, LinkedTransferQueue with {@code transfer}). Virtual threads only: the targets
 * are judged there.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class PingPongBenchmark {
    /** Round trips per invocation, for every subject. */
    public static final int OPS = 100_000;

    @Param({"channels", "jox", "sq", "ltq"})
    public String subject;
    @Param("virtual")
    public String threads;

    private Crew crew;

    @Setup(Level.Invocation)
    public void prepare() {
        Conduit ping = Subjects.create(subject, 0);
        Conduit pong = Subjects.create(subject, 0);
        crew = new Crew(ThreadKind.of(threads));
        crew.start(Workloads.echo(ping, pong, OPS));
        crew.startGated(Workloads.pinger(ping, pong, OPS));
    }

    @TearDown(Level.Invocation)
    public void finish() throws InterruptedException {
        crew.finish();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void rendezvous() throws InterruptedException {
        crew.run();
    }
}
