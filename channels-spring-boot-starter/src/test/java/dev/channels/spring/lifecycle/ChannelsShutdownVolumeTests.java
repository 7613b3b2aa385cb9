package dev.channels.spring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.listener.ChannelListener;
import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.listener.ChannelListenerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
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
 * by a listener that the timeout interrupted (reported as unfinished, whether the listener ends
 * before the report is written or not). No value vanishes unreported: for each channel, handled +
 * unfinished + left over = sent. Neither test's verdict depends on how fast the machine is: the
 * first has two minutes for what takes a few seconds, the second waits until every listener
 * holds what it will hold when the timeout passes.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChannelsShutdownVolumeTests {
    static final List<String> CHANNELS = List.of("a", "b", "c", "d");
    static final int PER_CHANNEL = 250_000;
    /** In the timeout test, the values each listener handles before it holds on to what it takes. */
    static final int HANDLED_BEFORE_STUCK = 50_000;
    /** Bounds a hang; nothing here waits this long when it works. */
    static final Duration WAIT = Duration.ofSeconds(60);

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
                .withBean("consumer", Consumer.class, () -> new Consumer(0, HANDLED_BEFORE_STUCK))
                .run(context -> {
                    Consumer consumer = context.getBean(Consumer.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    List<ChannelListenerContainer> listeners = context.getBean(ChannelListenerRegistry.class).containers();
                    List<Channel<Integer>> channels = channels(context);
                    fill(channels);
                    consumer.gate.countDown();
                    // Each listener handles its share, then each of its two threads holds one more value until
                    // interrupted: what the shutdown finds does not depend on how fast anything runs. A thread
                    // holds a value from the start too (it took one before the gate opened, and a virtual thread
                    // not yet scheduled keeps holding it), so two values in hand alone do not tell that the
                    // threads are stuck: two calls past the limit do.
                    await().atMost(WAIT).until(() -> IntStream.range(0, CHANNELS.size())
                            .allMatch(c -> consumer.permits.get(c) == HANDLED_BEFORE_STUCK + 2)
                            && listeners.stream().allMatch(listener -> listener.active() == 2));

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
                        assertThat(handled.cardinality()).as("handled of %s", name).isEqualTo(HANDLED_BEFORE_STUCK);
                        assertThat(unfinished).as("cut short on %s: one value per thread", name).isEqualTo(2);
                        assertThat(cutShort.cardinality()).as("values of %s cut short", name).isEqualTo((int) unfinished);
                        assertThat(leftOver).as("left in %s", name).isEqualTo(PER_CHANNEL - HANDLED_BEFORE_STUCK - 2);
                        assertThat(left.cardinality()).as("left in %s", name).isEqualTo(leftOver);
                        assertThat(left.intersects(started)).as("a value of %s both left over and taken", name).isFalse();
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
     * value costs {@code busyNanos} of work. With a {@code limit}, each listener handles that many
     * values, and then every value it takes is held until the thread is interrupted, which is the
     * only way out: such a value can end only as unfinished.
     */
    static class Consumer {
        final CountDownLatch gate = new CountDownLatch(1);
        final long busyNanos;
        final int limit;
        final AtomicIntegerArray permits = new AtomicIntegerArray(CHANNELS.size());
        final AtomicIntegerArray[] handled = new AtomicIntegerArray[CHANNELS.size()];
        final AtomicIntegerArray[] started = new AtomicIntegerArray[CHANNELS.size()];
        final AtomicIntegerArray twice = new AtomicIntegerArray(CHANNELS.size());

        Consumer(long busyNanos, int limit) {
            this.busyNanos = busyNanos;
            this.limit = limit;
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
            if (limit > 0 && permits.getAndIncrement(channel) >= limit) {
                new CountDownLatch(1).await(); // ends only with InterruptedException
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
