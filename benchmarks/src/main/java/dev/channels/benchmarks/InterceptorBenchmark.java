package dev.channels.benchmarks;

import dev.channels.Channel;
import dev.channels.ChannelBuilder;
import dev.channels.ChannelInterceptor;
import dev.channels.benchmarks.subjects.ChannelsConduit;
import dev.channels.benchmarks.subjects.Conduit;
import dev.channels.spring.observation.ChannelObservationInterceptor;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
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
 * The rendezvous and buffered(16) pairs of {@link PairBenchmark}, {@value #OPS} values per
 * invocation, with and without a {@link ChannelInterceptor}, to price what
 * {@code channels.observation.enabled} costs per value. A score is nanoseconds per value moved;
 * virtual threads.
 *
 * <ul>
 *   <li>{@code off}: no interceptor, as every channel is with {@code channels.observation.enabled}
 *       false (the default): the plain path, behind one null check.</li>
 *   <li>{@code noop}: an interceptor that attaches nothing and does nothing: the core's own share
 *       (an envelope per value, the calls).</li>
 *   <li>{@code observation}: the starter's {@link ChannelObservationInterceptor}, as
 *       {@code channels.observation.enabled=true} installs it, with the sender inside an open
 *       observation: per value, the current observation and a context-propagation snapshot are
 *       captured on the sending thread and recorded on the receiving one.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InterceptorBenchmark {
    /** Values moved per invocation, for every subject. */
    public static final int OPS = PairBenchmark.OPS;

    private static final ObservationRegistry REGISTRY = ObservationRegistry.create();
    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().clearMissing(true).build();

    static {
        REGISTRY.observationConfig().observationHandler(context -> true); // a registry that observes, as with tracing on
    }

    /** A fresh channel of the subject's kind and two threads per invocation; the sender waits behind the crew's gate. */
    public abstract static class Pair {
        Crew crew;

        abstract String subject();

        abstract int capacity();

        @Setup(Level.Invocation)
        public void prepare() {
            ChannelBuilder<Integer> builder = Channel.<Integer>builder().capacity(capacity());
            switch (subject()) {
                case "off" -> { }
                case "noop" -> builder.interceptor(new Noop());
                case "observation" -> builder.interceptor(new ChannelObservationInterceptor("bench", REGISTRY, SNAPSHOTS));
                default -> throw new IllegalArgumentException("no subject " + subject());
            }
            Conduit conduit = new ChannelsConduit(builder.build());
            crew = new Crew(ThreadKind.of("virtual"));
            crew.start(Workloads.receiver(conduit, OPS));
            Crew.Task send = Workloads.sender(conduit, OPS);
            crew.startGated(subject().equals("observation") ? () -> inObservation(send) : send);
        }

        @TearDown(Level.Invocation)
        public void finish() throws InterruptedException {
            crew.finish();
        }
    }

    /** The rendezvous pair. */
    @State(Scope.Thread)
    public static class Rendezvous extends Pair {
        @Param({"off", "noop", "observation"})
        public String subject;

        @Override
        String subject() {
            return subject;
        }

        @Override
        int capacity() {
            return 0;
        }
    }

    /** The buffered(16) pair. */
    @State(Scope.Thread)
    public static class Buffered16 extends Pair {
        @Param({"off", "noop", "observation"})
        public String subject;

        @Override
        String subject() {
            return subject;
        }

        @Override
        int capacity() {
            return 16;
        }
    }

    /** Runs the sender inside an open observation, as a request handler that sends would. */
    private static void inObservation(Crew.Task send) throws Exception {
        Observation request = Observation.start("bench.request", REGISTRY);
        try (Observation.Scope scope = request.openScope()) {
            send.run();
        } finally {
            request.stop();
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

    /** Attaches nothing, does nothing. */
    static final class Noop implements ChannelInterceptor<Integer> {
        @Override
        public Object onSend(Integer value) {
            return null;
        }

        @Override
        public void onReceive(Integer value, Object attachment) {
        }
    }
}
