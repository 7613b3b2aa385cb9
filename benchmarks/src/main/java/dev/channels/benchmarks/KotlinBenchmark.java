package dev.channels.benchmarks;

import dev.channels.benchmarks.coroutines.CoroutineCrew;
import dev.channels.benchmarks.coroutines.CoroutineWorkloads;
import java.util.concurrent.TimeUnit;
import kotlinx.coroutines.Job;
import kotlinx.coroutines.channels.Channel;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The subject {@code kotlin}: Kotlin's coroutine channels (kotlinx-coroutines-core 1.11.0) in the
 * shape of every workload that has a Kotlin analog, with coroutines on {@code Dispatchers.Default}
 * (one thread per core, as the virtual-thread scheduler has one carrier per core). Each benchmark
 * method is named after the workload it mirrors and moves the same number of values per
 * invocation, taken from that workload's class; the coroutine bodies are in
 * {@link CoroutineWorkloads}, the harness (started before the measurement, senders behind a gate)
 * in {@link CoroutineCrew}. A score has the unit of the mirrored workload.
 *
 * <p>Coroutines are not threads, so these benchmarks have no {@code threads} parameter; the report
 * shows them next to the virtual-thread rows, as it shows Go. Kotlin has no analog of a select
 * built once and awaited again ({@code select { }} is a block that runs once): its select rows are
 * the ones built in the loop.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KotlinBenchmark {
    /** A fresh crew of coroutines per invocation; each workload adds its own. */
    @State(Scope.Thread)
    public abstract static class Coroutines {
        @Param("kotlin")
        public String subject;

        CoroutineCrew crew;

        abstract void add(CoroutineCrew crew);

        @Setup(Level.Invocation)
        public void prepare() {
            crew = new CoroutineCrew();
            add(crew);
        }

        @TearDown(Level.Invocation)
        public void finish() {
            crew.finish();
        }
    }

    /** {@link PairBenchmark#rendezvous}. */
    @State(Scope.Thread)
    public static class Rendezvous extends Coroutines {
        @Override
        void add(CoroutineCrew crew) {
            CoroutineWorkloads.pair(crew, 0, PairBenchmark.OPS);
        }
    }

    /** {@link PairBenchmark#buffered16}. */
    @State(Scope.Thread)
    public static class Buffered16 extends Coroutines {
        @Override
        void add(CoroutineCrew crew) {
            CoroutineWorkloads.pair(crew, 16, PairBenchmark.OPS);
        }
    }

    /** {@link PairBenchmark#buffered100}. */
    @State(Scope.Thread)
    public static class Buffered100 extends Coroutines {
        @Override
        void add(CoroutineCrew crew) {
            CoroutineWorkloads.pair(crew, 100, PairBenchmark.OPS);
        }
    }

    /** {@link PairBenchmark#unlimited}. */
    @State(Scope.Thread)
    public static class Unlimited extends Coroutines {
        @Override
        void add(CoroutineCrew crew) {
            CoroutineWorkloads.pair(crew, CoroutineWorkloads.UNLIMITED, PairBenchmark.OPS);
        }
    }

    /** {@link ContendedBenchmark#fourByFour}. */
    @State(Scope.Thread)
    public static class Contended extends Coroutines {
        @Override
        void add(CoroutineCrew crew) {
            CoroutineWorkloads.contended(crew, ContendedBenchmark.CAPACITY, ContendedBenchmark.SENDERS,
                    ContendedBenchmark.RECEIVERS, ContendedBenchmark.OPS);
        }
    }

    /** {@link ManyPairsBenchmark#thousandPairs}. */
    @State(Scope.Thread)
    public static class ManyPairs extends Coroutines {
        @Override
        void add(CoroutineCrew crew) {
            CoroutineWorkloads.manyPairs(crew, ManyPairsBenchmark.PAIRS, ManyPairsBenchmark.CAPACITY,
                    ManyPairsBenchmark.PER_PAIR);
        }
    }

    /** {@link ChainBenchmark#chain}: the measurement waits for the last link only, as there. */
    @State(Scope.Thread)
    public static class Chain extends Coroutines {
        Job last;

        @Override
        void add(CoroutineCrew crew) {
            last = CoroutineWorkloads.chain(crew, ChainBenchmark.THREADS, ChainBenchmark.MESSAGES);
        }
    }

    /** {@link PingPongBenchmark#rendezvous}. */
    @State(Scope.Thread)
    public static class PingPong extends Coroutines {
        @Override
        void add(CoroutineCrew crew) {
            CoroutineWorkloads.pingPong(crew, PingPongBenchmark.OPS);
        }
    }

    /** {@link FanInBenchmark#eightSenders}. */
    @State(Scope.Thread)
    public static class FanIn extends Coroutines {
        @Override
        void add(CoroutineCrew crew) {
            CoroutineWorkloads.fanIn(crew, FanInBenchmark.SENDERS, FanInBenchmark.OPS);
        }
    }

    /** {@link SelectInLoopBenchmark#twoRendezvous}. */
    @State(Scope.Thread)
    public static class SelectTwoRendezvous extends Coroutines {
        @Override
        void add(CoroutineCrew crew) {
            CoroutineWorkloads.selectInLoop(crew, 2, 0, SelectInLoopBenchmark.OPS);
        }
    }

    /** {@link SelectInLoopBenchmark#fourRendezvous}. */
    @State(Scope.Thread)
    public static class SelectFourRendezvous extends Coroutines {
        @Override
        void add(CoroutineCrew crew) {
            CoroutineWorkloads.selectInLoop(crew, 4, 0, SelectInLoopBenchmark.OPS);
        }
    }

    /** {@link SelectInLoopBenchmark#twoBuffered16}. */
    @State(Scope.Thread)
    public static class SelectTwoBuffered16 extends Coroutines {
        @Override
        void add(CoroutineCrew crew) {
            CoroutineWorkloads.selectInLoop(crew, 2, 16, SelectInLoopBenchmark.OPS);
        }
    }

    /** {@link SelectInLoopBenchmark#fourBuffered16}. */
    @State(Scope.Thread)
    public static class SelectFourBuffered16 extends Coroutines {
        @Override
        void add(CoroutineCrew crew) {
            CoroutineWorkloads.selectInLoop(crew, 4, 16, SelectInLoopBenchmark.OPS);
        }
    }

    /** {@link SelectBenchmark#receiveOrTimeout}: {@code onTimeout} in a select built per value. */
    @State(Scope.Thread)
    public static class WithTimeout extends Coroutines {
        @Override
        void add(CoroutineCrew crew) {
            CoroutineWorkloads.selectWithTimeout(crew, SelectBenchmark.CAPACITY, SelectBenchmark.TIMEOUT.toMillis(),
                    SelectBenchmark.TIMED_OPS);
        }
    }

    /** {@link TryReceiveBenchmark}: a fresh empty or closed buffered(16) channel per invocation. */
    @State(Scope.Thread)
    public abstract static class Polled {
        @Param("kotlin")
        public String subject;

        Channel<Integer> channel;

        abstract boolean closed();

        @Setup(Level.Invocation)
        public void prepare() {
            channel = CoroutineWorkloads.channel(TryReceiveBenchmark.CAPACITY, closed());
        }
    }

    /** {@link TryReceiveBenchmark#empty}. */
    @State(Scope.Thread)
    public static class Empty extends Polled {
        @Override
        boolean closed() {
            return false;
        }
    }

    /** {@link TryReceiveBenchmark#closed}. */
    @State(Scope.Thread)
    public static class Closed extends Polled {
        @Override
        boolean closed() {
            return true;
        }
    }

    @Benchmark
    @OperationsPerInvocation(PairBenchmark.OPS)
    public void rendezvous(Rendezvous state) {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(PairBenchmark.OPS)
    public void buffered16(Buffered16 state) {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(PairBenchmark.OPS)
    public void buffered100(Buffered100 state) {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(PairBenchmark.OPS)
    public void unlimited(Unlimited state) {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(ContendedBenchmark.OPS)
    public void fourByFour(Contended state) {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(ManyPairsBenchmark.OPS)
    public void thousandPairs(ManyPairs state) {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(ChainBenchmark.OPS)
    public void chain(Chain state) {
        state.crew.runUntil(state.last);
    }

    @Benchmark
    @OperationsPerInvocation(PingPongBenchmark.OPS)
    public void pingPong(PingPong state) {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(FanInBenchmark.OPS)
    public void fanIn(FanIn state) {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(SelectInLoopBenchmark.OPS)
    public void selectTwoRendezvous(SelectTwoRendezvous state) {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(SelectInLoopBenchmark.OPS)
    public void selectFourRendezvous(SelectFourRendezvous state) {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(SelectInLoopBenchmark.OPS)
    public void selectTwoBuffered16(SelectTwoBuffered16 state) {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(SelectInLoopBenchmark.OPS)
    public void selectFourBuffered16(SelectFourBuffered16 state) {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(SelectBenchmark.TIMED_OPS)
    public void receiveOrTimeout(WithTimeout state) {
        state.crew.run();
    }

    @Benchmark
    @OperationsPerInvocation(TryReceiveBenchmark.OPS)
    public void tryReceiveEmpty(Empty state, Blackhole sink) {
        sink.consume(CoroutineWorkloads.tryReceive(state.channel, TryReceiveBenchmark.OPS, false));
    }

    @Benchmark
    @OperationsPerInvocation(TryReceiveBenchmark.OPS)
    public void tryReceiveClosed(Closed state, Blackhole sink) {
        sink.consume(CoroutineWorkloads.tryReceive(state.channel, TryReceiveBenchmark.OPS, true));
    }
}
