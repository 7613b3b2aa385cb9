package dev.channels.spring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.listener.ChannelListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

/**
 * Graceful shutdown with full buffers and slow listeners, measured with 1,000,000 values: four
 * channels of 250,000 each, filled while their listeners are held back, then the context closes.
 * Either every buffered value is handled, exactly once, within the timeout; or what is not
 * handled is reported: left in its channel (reported by channel and count, and logged), or taken
 * by a listener that the timeout interrupted (reported as unfinished). No value vanishes
 * unreported: for each channel, handled + unfinished + left over = sent.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChannelsShutdownVolumeTests {
    static final List<String> CHANNELS = List.of("a", "b", "c", "d");
    static final int PER_CHANNEL = 250_000;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class))
            .withPropertyValues("channels.defaults.capacity=" + PER_CHANNEL, "channels.instances.a.capacity=" + PER_CHANNEL,
                    "channels.instances.b.capacity=" + PER_CHANNEL, "channels.instances.c.capacity=" + PER_CHANNEL,
                    "channels.instances.d.capacity=" + PER_CHANNEL);

    @Test
    void aMillionBufferedValuesAreHandledExactlyOnceWithinTheTimeout(CapturedOutput output) {
        runner.withPropertyValues("channels.shutdown.timeout=120s")
                .withBean("consumer", Consumer.class, () -> new Consumer(2_000, 0))
                .run(context -> {
                    Consumer consumer = context.getBean(Consumer.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    fill(channels(context));
                    consumer.gate.countDown();

                    context.close();

                    ShutdownReport report = lifecycle.lastReport().orElseThrow();
                    assertThat(report.complete()).as("report %s", report).isTrue();
                    for (int c = 0; c < CHANNELS.size(); c++) {
                        BitSet handled = consumer.handled(c);
                        assertThat(handled.cardinality()).as("values of %s handled", CHANNELS.get(c)).isEqualTo(PER_CHANNEL);
                        assertThat(consumer.twice.get(c)).as("values of %s handled twice", CHANNELS.get(c)).isZero();
                    }
                    assertThat(output).contains("Channels closed and drained in");
                    System.out.printf("[verify] shutdown: %d buffered values handled by listeners taking 2 us each in %d ms%n",
                            CHANNELS.size() * PER_CHANNEL, report.duration().toMillis());
                });
    }

    @Test
    void whatCannotBeHandledInTimeIsReportedByChannelAndCountAndNothingVanishes(CapturedOutput output) {
        runner.withPropertyValues("channels.shutdown.timeout=1s")
                .withBean("consumer", Consumer.class, () -> new Consumer(0, 50_000))
                .run(context -> {
                    Consumer consumer = context.getBean(Consumer.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    List<Channel<Integer>> channels = channels(context);
                    fill(channels);
                    consumer.gate.countDown();

                    context.close();

                    ShutdownReport report = lifecycle.lastReport().orElseThrow();
                    assertThat(report.complete()).isFalse();
                    assertThat(report.interruptedListeners()).containsExactlyInAnyOrder(
                            "consumer.a", "consumer.b", "consumer.c", "consumer.d");
                    long accounted = 0;
                    for (int c = 0; c < CHANNELS.size(); c++) {
                        String name = CHANNELS.get(c);
                        Channel<Integer> ch = channels.get(c);
                        int leftOver = report.leftOver().getOrDefault(name, 0);
                        long unfinished = report.unfinished().getOrDefault("consumer." + name, 0L);
                        BitSet handled = consumer.handled(c);
                        BitSet started = consumer.started(c);
                        BitSet cutShort = (BitSet) started.clone();
                        cutShort.andNot(handled);
                        // what is left is still in the channel, and is exactly what was neither handled nor started
                        BitSet left = new BitSet();
                        for (Integer v : ch) { // the channel is closed: iteration ends when it is drained
                            left.set(v);
                        }
                        assertThat(left.cardinality()).as("left in %s", name).isEqualTo(leftOver).isPositive();
                        assertThat(left.intersects(started)).as("a value of %s both left over and taken", name).isFalse();
                        assertThat(cutShort.cardinality()).as("values of %s cut short", name).isEqualTo((int) unfinished);
                        assertThat(consumer.twice.get(c)).as("values of %s handled twice", name).isZero();
                        BitSet all = (BitSet) started.clone();
                        all.or(left);
                        assertThat(all.cardinality()).as("values of %s accounted for", name).isEqualTo(PER_CHANNEL);
                        assertThat(handled.cardinality() + unfinished + leftOver).isEqualTo(PER_CHANNEL);
                        assertThat(output).contains("Channel '" + name + "' was closed at shutdown with " + leftOver
                                + " values left unconsumed");
                        accounted += handled.cardinality() + unfinished + leftOver;
                    }
                    assertThat(accounted).isEqualTo((long) CHANNELS.size() * PER_CHANNEL);
                    System.out.printf("[verify] shutdown after 1 s: %d values, %d handled, %d cut short, %d reported left over"
                            + " %s, in %d ms%n", accounted, CHANNELS.stream().mapToInt(n -> consumer.handled(CHANNELS.indexOf(n))
                            .cardinality()).sum(), report.unfinished().values().stream().mapToLong(Long::longValue).sum(),
                            report.totalLeftOver(), report.leftOver(), report.duration().toMillis());
                });
    }

    /** Sends 0 .. PER_CHANNEL - 1 into each channel. */
    private static void fill(List<Channel<Integer>> channels) throws InterruptedException {
        for (Channel<Integer> ch : channels) {
            for (int i = 0; i < PER_CHANNEL; i++) {
                ch.send(i);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Channel<Integer>> channels(ApplicationContext context) {
        List<Channel<Integer>> channels = new ArrayList<>();
        for (String name : CHANNELS) {
            channels.add(context.getBean(name, Channel.class));
        }
        return channels;
    }

    /**
     * Four listeners, two threads each, held back by a gate until the channels are full; then each
     * value costs {@code busyNanos} of work and a pause of {@code parkNanos} (0: none).
     */
    static class Consumer {
        final CountDownLatch gate = new CountDownLatch(1);
        final long busyNanos;
        final long parkNanos;
        final AtomicIntegerArray[] handled = new AtomicIntegerArray[CHANNELS.size()];
        final AtomicIntegerArray[] started = new AtomicIntegerArray[CHANNELS.size()];
        final AtomicIntegerArray twice = new AtomicIntegerArray(CHANNELS.size());

        Consumer(long busyNanos, long parkNanos) {
            this.busyNanos = busyNanos;
            this.parkNanos = parkNanos;
            for (int c = 0; c < CHANNELS.size(); c++) {
                handled[c] = new AtomicIntegerArray(PER_CHANNEL);
                started[c] = new AtomicIntegerArray(PER_CHANNEL);
            }
        }

        private void handle(int channel, int value) throws InterruptedException {
            if (started[channel].getAndIncrement(value) != 0) {
                twice.incrementAndGet(channel);
            }
            gate.await(60, TimeUnit.SECONDS);
            for (long end = System.nanoTime() + busyNanos; System.nanoTime() < end; ) {
                Thread.onSpinWait();
            }
            if (parkNanos > 0) {
                LockSupport.parkNanos(parkNanos);
                if (Thread.interrupted()) {
                    throw new InterruptedException("stopped by the shutdown");
                }
            }
            handled[channel].incrementAndGet(value);
        }

        BitSet handled(int channel) {
            return bits(handled[channel]);
        }

        BitSet started(int channel) {
            return bits(started[channel]);
        }

        private static BitSet bits(AtomicIntegerArray array) {
            BitSet bits = new BitSet(array.length());
            for (int i = 0; i < array.length(); i++) {
                if (array.get(i) != 0) {
                    bits.set(i);
                }
            }
            return bits;
        }

        @ChannelListener(channel = "a", concurrency = 2)
        void a(Integer value) throws InterruptedException {
            handle(0, value);
        }

        @ChannelListener(channel = "b", concurrency = 2)
        void b(Integer value) throws InterruptedException {
            handle(1, value);
        }

        @ChannelListener(channel = "c", concurrency = 2)
        void c(Integer value) throws InterruptedException {
            handle(2, value);
        }

        @ChannelListener(channel = "d", concurrency = 2)
        void d(Integer value) throws InterruptedException {
            handle(3, value);
        }
    }

}
