package dev.channels.benchmarks;

import dev.channels.Channel;
import dev.channels.ChannelInfo;
import dev.channels.ChannelObserver;
import dev.channels.ChannelStats;
import dev.channels.benchmarks.subjects.ChannelsConduit;
import dev.channels.benchmarks.subjects.Conduit;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * The buffered(16) pair of {@link PairBenchmark}, {@value #OPS} values per invocation, on this
 * project's channel with and without metrics, to price instrumentation. A score is nanoseconds
 * per value moved.
 *
 * <ul>
 *   <li>{@code channels}: no observer, no reader: the bare channel.</li>
 *   <li>{@code channels+clock}: an observer that asks for the same callbacks as the timers but
 *       does nothing with them: the channel's own share of the timers' cost (clock reads and
 *       calls), apart from Micrometer's.</li>
 *   <li>{@code channels+timers}: a {@link ChannelObserver} recording into Micrometer timers
 *       (blocked send, blocked receive, time in buffer, so {@code timesBuffer()} is true) in a
 *       {@link SimpleMeterRegistry}: what the Spring Boot starter's opt-in timers attach.</li>
 *   <li>{@code channels+gauges}: no observer; the starter's gauges and function counters, which
 *       read {@link ChannelStats}, scraped by another thread every {@value #SCRAPE_MILLIS} ms
 *       (15,000 times as often as a 15 s Prometheus scrape, so an upper bound).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 2) // Micrometer has a Measurement too
@State(Scope.Thread)
public class InstrumentationBenchmark {
    /** Values moved per invocation, for every subject. */
    public static final int OPS = PairBenchmark.OPS;
    static final int CAPACITY = 16;
    static final long SCRAPE_MILLIS = 1;

    @Param({"channels", "channels+clock", "channels+timers", "channels+gauges"})
    public String subject;
    @Param({"virtual", "platform"})
    public String threads;

    private MeterRegistry registry;
    private ChannelObserver timers;
    private Crew crew;
    private Thread scraper;
    private volatile boolean scraping;
    private volatile double scraped; // the last scrape's sum, so that no read can be optimised away

    @Setup(Level.Trial)
    public void registry() {
        registry = new SimpleMeterRegistry();
        if (subject.equals("channels+timers")) {
            timers = new MicrometerTimers(registry);
        } else if (subject.equals("channels+clock")) {
            timers = new ClockOnly();
        }
    }

    @Setup(Level.Invocation)
    public void prepare() {
        var builder = Channel.<Integer>builder().capacity(CAPACITY);
        if (timers != null) {
            builder.observer(timers);
        }
        Channel<Integer> channel = builder.build();
        if (subject.equals("channels+gauges")) {
            registry.clear();
            bindGauges(registry, channel);
            scraping = true;
            scraper = Thread.ofPlatform().daemon(true).name("scraper").start(this::scrape);
        }
        Conduit conduit = new ChannelsConduit(channel);
        crew = new Crew(ThreadKind.of(threads));
        crew.start(Workloads.receiver(conduit, OPS));
        crew.startGated(Workloads.sender(conduit, OPS));
    }

    @TearDown(Level.Invocation)
    public void finish() throws InterruptedException {
        if (scraper != null) {
            scraping = false;
            scraper.join();
            scraper = null;
        }
        crew.finish();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void buffered16() throws InterruptedException {
        crew.run();
    }

    /** Reads every meter, as a Prometheus scrape does, until told to stop. */
    private void scrape() {
        double sum = 0;
        while (scraping) {
            for (Meter meter : registry.getMeters()) {
                for (Measurement measurement : meter.measure()) {
                    sum += measurement.getValue();
                }
            }
            try {
                Thread.sleep(SCRAPE_MILLIS);
            } catch (InterruptedException stop) {
                return;
            }
        }
        scraped = sum;
    }

    /** The starter's gauges and function counters for one channel, reading its stats. */
    private static void bindGauges(MeterRegistry registry, Channel<Integer> channel) {
        Gauge.builder("channel.size", channel, ChannelInfo::size).register(registry);
        Gauge.builder("channel.capacity", channel, ChannelInfo::capacity).register(registry);
        gauge(registry, channel, "send", ChannelStats::waitingSenders);
        gauge(registry, channel, "receive", ChannelStats::waitingReceivers);
        FunctionCounter.builder("channel.messages", channel, ch -> ch.stats().sent()).tag("operation", "send").register(registry);
        FunctionCounter.builder("channel.messages", channel, ch -> ch.stats().received()).tag("operation", "receive")
                .register(registry);
        FunctionCounter.builder("channel.dropped", channel, ch -> ch.stats().dropped()).register(registry);
        Gauge.builder("channel.closed", channel, ch -> ch.isClosed() ? 1 : 0).register(registry);
    }

    private static void gauge(MeterRegistry registry, Channel<Integer> channel, String operation,
            ToDoubleFunction<ChannelStats> value) {
        Gauge.builder("channel.waiting", channel, ch -> value.applyAsDouble(ch.stats())).tag("operation", operation)
                .register(registry);
    }

    /** Asks for every timing callback, including buffer time-stamps, and ignores them. */
    static final class ClockOnly implements ChannelObserver {
        @Override
        public boolean timesBuffer() {
            return true;
        }
    }

    /** The starter's opt-in timers: blocked sends, blocked receives and time in the buffer. */
    static final class MicrometerTimers implements ChannelObserver {
        private final Timer sendBlocked;
        private final Timer receiveBlocked;
        private final Timer bufferWait;

        MicrometerTimers(MeterRegistry registry) {
            this.sendBlocked = Timer.builder("channel.send.blocked").register(registry);
            this.receiveBlocked = Timer.builder("channel.receive.blocked").register(registry);
            this.bufferWait = Timer.builder("channel.buffer.wait").register(registry);
        }

        @Override
        public void sendBlocked(long nanos) {
            sendBlocked.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void receiveBlocked(long nanos) {
            receiveBlocked.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void bufferWaited(long nanos) {
            bufferWait.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public boolean timesBuffer() {
            return true;
        }
    }
}
