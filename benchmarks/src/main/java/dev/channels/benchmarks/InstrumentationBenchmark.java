package dev.channels.benchmarks;

import dev.channels.Channel;
import dev.channels.ChannelObserver;
import dev.channels.benchmarks.subjects.ChannelsConduit;
import dev.channels.benchmarks.subjects.Conduit;
import dev.channels.spring.metrics.ChannelMetrics;
import dev.channels.spring.registry.ChannelRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
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
 *   <li>{@code channels}: no observer, no meters: the bare channel.</li>
 *   <li>{@code channels+clock}: an observer that asks for the same callbacks as the timers but
 *       does nothing with them: the channel's own share of the timers' cost (clock reads and
 *       calls), apart from Micrometer's.</li>
 *   <li>{@code channels+gauges}: the Spring Boot starter's default meters ({@link ChannelMetrics}
 *       bound to a {@link SimpleMeterRegistry}: gauges and function counters that read
 *       {@link dev.channels.ChannelStats}, close counters), scraped by another thread every
 *       {@value #SCRAPE_MILLIS} ms (15,000 times as often as a 15 s Prometheus scrape, so an upper
 *       bound).</li>
 *   <li>{@code channels+timers}: the same, plus the starter's opt-in timers (blocked sends,
 *       blocked receives, time in the buffer), as {@code channels.metrics.timers.*} turn on.</li>
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
    static final String NAME = "bench";

    @Param({"channels", "channels+clock", "channels+timers", "channels+gauges"})
    public String subject;
    @Param({"virtual", "platform"})
    public String threads;

    private ChannelRegistry channels; // the starter's registry, its meters bound; null without meters
    private Crew crew;
    private Thread scraper;
    private volatile boolean scraping;
    private volatile double scraped; // the last scrape's sum, so that no read can be optimised away

    @Setup(Level.Trial)
    public void meters() {
        boolean timers = subject.equals("channels+timers");
        if (timers || subject.equals("channels+gauges")) {
            channels = new ChannelRegistry();
            MeterRegistry registry = new SimpleMeterRegistry();
            new ChannelMetrics(channels, null, timers, timers).bindTo(registry);
            scraping = true;
            scraper = Thread.ofPlatform().daemon(true).name("scraper").start(() -> scrape(registry));
        }
    }

    @TearDown(Level.Trial)
    public void stopScraping() throws InterruptedException {
        if (scraper != null) {
            scraping = false;
            scraper.join();
        }
    }

    @Setup(Level.Invocation)
    public void prepare() {
        var builder = Channel.<Integer>builder().capacity(CAPACITY);
        if (subject.equals("channels+clock")) {
            builder.observer(new ClockOnly());
        }
        Channel<Integer> channel = builder.build();
        if (channels != null) {
            channels.register(NAME, channel);
        }
        Conduit conduit = new ChannelsConduit(channel);
        crew = new Crew(ThreadKind.of(threads));
        crew.start(Workloads.receiver(conduit, OPS));
        crew.startGated(Workloads.sender(conduit, OPS));
    }

    @TearDown(Level.Invocation)
    public void finish() throws InterruptedException {
        crew.finish();
        if (channels != null) {
            channels.remove(NAME); // unbinds its meters, as for a channel the application drops
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void buffered16() throws InterruptedException {
        crew.run();
    }

    /** Reads every meter, as a Prometheus scrape does, until told to stop. */
    private void scrape(MeterRegistry registry) {
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

    /** Asks for every timing callback, including buffer time-stamps, and ignores them. */
    static final class ClockOnly implements ChannelObserver {
        @Override
        public boolean timesBuffer() {
            return true;
        }
    }
}
