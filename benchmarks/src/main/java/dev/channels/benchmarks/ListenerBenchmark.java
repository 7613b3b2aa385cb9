package dev.channels.benchmarks;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.spring.listener.ChannelListenerContainer;
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
 * The default listener path: what a {@code @ChannelListener} method with no retries, dead letters,
 * interceptors or meters costs per value, against a plain receive loop on the same channel. A
 * score is nanoseconds per value: a virtual thread sends {@value #OPS} values into a buffered(16)
 * channel and closes it, and one virtual thread consumes them until the channel is drained; the
 * consumer is started, and waits for the first value, before the measured part.
 *
 * <ul>
 *   <li>{@code receiver}: a virtual thread that receives until the channel is closed and drained,
 *       adding each value to a sum: the raw channel, as {@link PairBenchmark}'s buffered(16) pair.</li>
 *   <li>{@code listener}: the starter's per-value container
 *       ({@link ChannelListenerContainer#perValue}, what a {@code @ChannelListener} method becomes)
 *       with one thread, whose handler adds each value to a sum.</li>
 * </ul>
 *
 * It uses only what the per-value container has had from its first version (create, start, wait
 * for the end), so that {@code compare.sh} can run it against a commit from before the listener
 * container gained retries, pauses and batches.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class ListenerBenchmark {
    /** Values moved per invocation. */
    public static final int OPS = 100_000;
    static final int CAPACITY = 16;
    private static final Duration HANG_LIMIT = Duration.ofMinutes(1);

    @Param({"receiver", "listener"})
    public String subject;

    private Channel<Integer> channel;
    private ChannelListenerContainer container; // null for the plain receiver
    private Crew crew;
    private long sum; // written by the consuming thread, read after it ended

    @Setup(Level.Invocation)
    public void prepare() {
        channel = Channel.<Integer>builder().name("bench").capacity(CAPACITY).build();
        sum = 0;
        crew = new Crew(ThreadKind.VIRTUAL);
        if (subject.equals("listener")) {
            container = ChannelListenerContainer.perValue("bench.handle", channel, 1, (Integer value) -> sum += value);
            container.start();
        } else {
            container = null;
            crew.start(this::receiveAll);
        }
        crew.startGated(this::sendAll);
    }

    @TearDown(Level.Invocation)
    public void finish() throws InterruptedException {
        crew.finish();
        if (sum != (long) OPS * (OPS - 1) / 2) {
            throw new IllegalStateException("consumed a sum of " + sum + ", not of every value once");
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void consume() throws InterruptedException {
        crew.run(); // the sender, and the plain receiver
        if (container != null && !container.awaitTermination(HANG_LIMIT)) {
            throw new IllegalStateException("the listener did not drain the channel");
        }
    }

    private void sendAll() throws InterruptedException {
        for (int i = 0; i < OPS; i++) {
            channel.send(i);
        }
        channel.close();
    }

    private void receiveAll() throws InterruptedException {
        try {
            while (true) {
                sum += channel.receive();
            }
        } catch (ChannelClosedException drained) {
            // the end
        }
    }
}
