package dev.channels.benchmarks;

import dev.channels.benchmarks.subjects.Conduit;
import dev.channels.benchmarks.subjects.Subjects;
import org.openjdk.jmh.infra.Blackhole;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Non-blocking receive on one thread, {@value #OPS} per invocation on a fresh channel: on an empty
 * channel (the result is "nothing now") and on a closed, drained one (the result is "closed").
 * A score is nanoseconds per attempt.
 *
 * <p>Subjects: this project's {@code tryReceive} ({@code channels}, where "closed" is an
 * exception) and a select with a default clause ({@code channels-select}, Go's idiom, where
 * "closed" is a handler); jox 1.0.1's select with a default clause (it has no
 * {@code tryReceive}); the JDK queues' {@code poll}. Queues cannot be closed, so the closed case
 * has no queue analog. Empty buffered(16) channels, ArrayBlockingQueue(16) and
 * LinkedBlockingQueue(16); SynchronousQueue is rendezvous and LinkedTransferQueue unbounded by
 * nature.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TryReceiveBenchmark {
    /** Attempts per invocation, for every subject. */
    public static final int OPS = 10_000;
    static final int CAPACITY = 16;

    /** An empty channel or queue. */
    @State(Scope.Thread)
    public static class Empty {
        @Param({"channels", "channels-select", "jox", "abq", "lbq", "sq", "ltq"})
        public String subject;

        Conduit conduit;

        @Setup(Level.Invocation)
        public void prepare() {
            int capacity = switch (subject) {
                case Subjects.SQ -> 0;
                case Subjects.LTQ -> Subjects.UNLIMITED;
                default -> CAPACITY;
            };
            conduit = Subjects.create(subject, capacity);
        }
    }

    /** A closed, drained channel. */
    @State(Scope.Thread)
    public static class Closed {
        @Param({"channels", "channels-select", "jox"})
        public String subject;

        Conduit conduit;

        @Setup(Level.Invocation)
        public void prepare() {
            conduit = Subjects.create(subject, CAPACITY);
            conduit.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void empty(Empty state, Blackhole sink) {
        Conduit conduit = state.conduit;
        for (int i = 0; i < OPS; i++) {
            Object result = conduit.tryReceive();
            if (result != null) {
                throw new AssertionError("an empty channel gave " + result);
            }
            sink.consume(result);
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void closed(Closed state, Blackhole sink) {
        Conduit conduit = state.conduit;
        for (int i = 0; i < OPS; i++) {
            Object result = conduit.tryReceive();
            if (result != Conduit.CLOSED) {
                throw new AssertionError("a closed channel gave " + result);
            }
            sink.consume(result);
        }
    }
}
