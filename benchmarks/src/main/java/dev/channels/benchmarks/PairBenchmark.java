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
 * One sender and one receiver on one channel, {@value #OPS} values per invocation: rendezvous,
 * buffered(16), buffered(100) and unlimited. A score is nanoseconds per value moved.
 *
 * <p>Each shape lists only the subjects with an analog: SynchronousQueue and LinkedTransferQueue
 * ({@code transfer}) for rendezvous, ArrayBlockingQueue and LinkedBlockingQueue for buffered,
 * LinkedBlockingQueue and LinkedTransferQueue ({@code put}) for unlimited.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PairBenchmark {
    /** Values moved per invocation, for every subject. */
    public static final int OPS = 100_000;

    /** A fresh channel and two threads per invocation; the sender waits behind the crew's gate. */
    public abstract static class Pair {
        Crew crew;

        abstract String subject();

        abstract String threads();

        abstract int capacity();

        @Setup(Level.Invocation)
        public void prepare() {
            Conduit conduit = Subjects.create(subject(), capacity());
            crew = new Crew(ThreadKind.of(threads()));
            crew.start(Workloads.receiver(conduit, OPS));
            crew.startGated(Workloads.sender(conduit, OPS));
        }

        @TearDown(Level.Invocation)
        public void finish() throws InterruptedException {
            crew.finish();
        }
    }

    /** Rendezvous: capacity 0. */
    @State(Scope.Thread)
    public static class Rendezvous extends Pair {
        @Param({"channels", "jox", "sq", "ltq"})
        public String subject;
        @Param({"virtual", "platform"})
        public String threads;

        @Override
        String subject() {
            return subject;
        }

        @Override
        String threads() {
            return threads;
        }

        @Override
        int capacity() {
            return 0;
        }
    }

    /** Buffered, capacity 16. */
    @State(Scope.Thread)
    public static class Buffered16 extends Pair {
        @Param({"channels", "jox", "abq", "lbq"})
        public String subject;
        @Param({"virtual", "platform"})
        public String threads;

        @Override
        String subject() {
            return subject;
        }

        @Override
        String threads() {
            return threads;
        }

        @Override
        int capacity() {
            return 16;
        }
    }

    /** Buffered, capacity 100. */
    @State(Scope.Thread)
    public static class Buffered100 extends Pair {
        @Param({"channels", "jox", "abq", "lbq"})
        public String subject;
        @Param({"virtual", "platform"})
        public String threads;

        @Override
        String subject() {
            return subject;
        }

        @Override
        String threads() {
            return threads;
        }

        @Override
        int capacity() {
            return 100;
        }
    }

    /** Unlimited: the sender never waits and may run ahead by up to all {@value #OPS} values. */
    @State(Scope.Thread)
    public static class Unlimited extends Pair {
        @Param({"channels", "jox", "lbq", "ltq"})
        public String subject;
        @Param({"virtual", "platform"})
        public String threads;

        @Override
        String subject() {
            return subject;
        }

        @Override
        String threads() {
            return threads;
        }

        @Override
        int capacity() {
            return Subjects.UNLIMITED;
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void rendezvous(Rendezvous pair) throws InterruptedException {
        pair.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void buffered16(Buffered16 pair) throws InterruptedException {
        pair.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void buffered100(Buffered100 pair) throws InterruptedException {
        pair.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void unlimited(Unlimited pair) throws InterruptedException {
        pair.crew.run();
    }
}
