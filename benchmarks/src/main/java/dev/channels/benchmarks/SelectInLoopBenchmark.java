package dev.channels.benchmarks;

import dev.channels.benchmarks.subjects.Conduit;
import dev.channels.benchmarks.subjects.Selector;
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
 * A receiver that takes every value through a select built inside its loop, as a Go program
 * writes {@code select}: for every value it builds the select over receives from all its
 * channels and awaits it once ({@link Selector#receiveAnyBuiltEachTime}). Each channel is fed by
 * its own sender with an equal share of the {@value #OPS} values. A score is nanoseconds per
 * select.
 *
 * <p>Two and four channels, rendezvous (where every value is a hand-off between the sender and
 * the selecting receiver) and buffered(16). Only channels with a select take part: this project
 * and jox (the JDK's queues have none). Virtual threads only: the targets are judged there, and
 * the platform-thread rows of {@link SelectBenchmark} already show what parking in the kernel costs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SelectInLoopBenchmark {
    /** Selects per invocation, for every subject and shape. */
    public static final int OPS = 100_000;

    /** The channels, a sender for each and a receiver that builds its select for every value. */
    public abstract static class Selecting {
        Crew crew;

        abstract String subject();

        abstract String threads();

        abstract int ways();

        abstract int capacity();

        @Setup(Level.Invocation)
        public void prepare() {
            Conduit[] from = new Conduit[ways()];
            for (int i = 0; i < from.length; i++) {
                from[i] = Subjects.create(subject(), capacity());
            }
            Selector select = Selector.receiveAnyBuiltEachTime(subject(), from);
            crew = new Crew(ThreadKind.of(threads()));
            crew.start(Workloads.selecting(select, OPS));
            for (Conduit conduit : from) {
                crew.startGated(Workloads.sender(conduit, OPS / from.length));
            }
        }

        @TearDown(Level.Invocation)
        public void finish() throws InterruptedException {
            crew.finish();
        }
    }

    /** Two rendezvous channels. */
    @State(Scope.Thread)
    public static class TwoRendezvous extends Selecting {
        @Param({"channels", "jox"})
        public String subject;
        @Param("virtual")
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
        int ways() {
            return 2;
        }

        @Override
        int capacity() {
            return 0;
        }
    }

    /** Four rendezvous channels. */
    @State(Scope.Thread)
    public static class FourRendezvous extends Selecting {
        @Param({"channels", "jox"})
        public String subject;
        @Param("virtual")
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
        int ways() {
            return 4;
        }

        @Override
        int capacity() {
            return 0;
        }
    }

    /** Two buffered(16) channels. */
    @State(Scope.Thread)
    public static class TwoBuffered16 extends Selecting {
        @Param({"channels", "jox"})
        public String subject;
        @Param("virtual")
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
        int ways() {
            return 2;
        }

        @Override
        int capacity() {
            return 16;
        }
    }

    /** Four buffered(16) channels. */
    @State(Scope.Thread)
    public static class FourBuffered16 extends Selecting {
        @Param({"channels", "jox"})
        public String subject;
        @Param("virtual")
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
        int ways() {
            return 4;
        }

        @Override
        int capacity() {
            return 16;
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void twoRendezvous(TwoRendezvous state) throws InterruptedException {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void fourRendezvous(FourRendezvous state) throws InterruptedException {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void twoBuffered16(TwoBuffered16 state) throws InterruptedException {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void fourBuffered16(FourBuffered16 state) throws InterruptedException {
        state.crew.run();
    }
}
