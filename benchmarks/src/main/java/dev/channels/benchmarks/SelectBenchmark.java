package dev.channels.benchmarks;

import dev.channels.benchmarks.subjects.Conduit;
import dev.channels.benchmarks.subjects.Selector;
import dev.channels.benchmarks.subjects.Subjects;
import java.time.Duration;
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
 * A receiver that takes every value through a select, built once and completed once per value;
 * senders feed buffered(16) channels. A score is nanoseconds per select. Only channels with a
 * select take part: this project and jox (the JDK's queues have none). {@link SelectInLoopBenchmark}
 * builds the select inside the loop instead, as a Go program writes it.
 *
 * <ul>
 *   <li>{@code twoReceives}: a select over receives from two channels, each fed by its own sender
 *       with half of the {@value #OPS} values.</li>
 *   <li>{@code receiveOrTimeout}: a select over a receive and a timeout clause of
 *       {@code TIMEOUT}, armed afresh by every select and never reached; it prices the timeout
 *       clause. {@value #TIMED_OPS} values.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SelectBenchmark {
    /** Selects per invocation of {@code twoReceives}, for every subject. */
    public static final int OPS = 100_000;
    /** Selects per invocation of {@code receiveOrTimeout}, for every subject. */
    public static final int TIMED_OPS = 20_000;
    static final int CAPACITY = 16;
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    /** Two channels, a sender for each and a selecting receiver. */
    @State(Scope.Thread)
    public static class TwoReceives {
        @Param({"channels", "jox"})
        public String subject;
        @Param({"virtual", "platform"})
        public String threads;

        Crew crew;

        @Setup(Level.Invocation)
        public void prepare() {
            Conduit a = Subjects.create(subject, CAPACITY);
            Conduit b = Subjects.create(subject, CAPACITY);
            Selector select = Selector.receiveEither(subject, a, b);
            crew = new Crew(ThreadKind.of(threads));
            crew.start(Workloads.selecting(select, OPS));
            crew.startGated(Workloads.sender(a, OPS / 2));
            crew.startGated(Workloads.sender(b, OPS - OPS / 2));
        }

        @TearDown(Level.Invocation)
        public void finish() throws InterruptedException {
            crew.finish();
        }
    }

    /** One channel, its sender and a receiver whose select has a timeout clause. */
    @State(Scope.Thread)
    public static class WithTimeout {
        @Param({"channels", "jox"})
        public String subject;
        @Param({"virtual", "platform"})
        public String threads;

        Crew crew;

        @Setup(Level.Invocation)
        public void prepare() {
            Conduit a = Subjects.create(subject, CAPACITY);
            Selector select = Selector.receiveWithin(subject, a, TIMEOUT);
            crew = new Crew(ThreadKind.of(threads));
            crew.start(Workloads.selecting(select, TIMED_OPS));
            crew.startGated(Workloads.sender(a, TIMED_OPS));
        }

        @TearDown(Level.Invocation)
        public void finish() throws InterruptedException {
            crew.finish();
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void twoReceives(TwoReceives state) throws InterruptedException {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(TIMED_OPS)
    public void receiveOrTimeout(WithTimeout state) throws InterruptedException {
        state.crew.run();
    }
}
