package dev.channels.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.spring.listener.error.RetrySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Senders on virtual and platform threads feed a listener while a controller pauses, resumes,
 * stops and starts it at random, and some values fail once and are retried with no back-off:
 * every value is handled exactly once, no listener call ever sees the interrupt the container uses
 * to wake a waiting receive, and the counts add up. Per-value and batch modes alike.
 * {@code -Dchannels.verify.seed=<seed>} replays the controller's and senders' random choices.
 */
class ListenerControlStressTests {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SENDERS = 4;
    private static final int PER_SENDER = Integer.getInteger("channels.verify.listener.values",
            Boolean.getBoolean("channels.verify.long") ? 50_000 : 4_000);
    private static final int VALUES = SENDERS * PER_SENDER;

    static Stream<String> modes() {
        return Stream.of("per-value", "batch");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void everyValueIsHandledOnceWhileTheListenerIsPausedResumedStoppedAndStartedAtRandom(String mode)
            throws InterruptedException {
        long seed = Long.getLong("channels.verify.seed", System.nanoTime());
        System.out.println("[verify] listener control stress (" + mode + "), seed " + seed);
        SplittableRandom seeds = new SplittableRandom(seed);
        Channel<Integer> channel = Channel.<Integer>builder().name("stress").capacity(8).build();
        AtomicIntegerArray handled = new AtomicIntegerArray(VALUES);
        AtomicIntegerArray failedOnce = new AtomicIntegerArray(VALUES);
        AtomicLong sawInterrupt = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        Function<Integer, Boolean> handle = value -> {
            if (Thread.currentThread().isInterrupted()) {
                sawInterrupt.incrementAndGet();
            }
            if (value % 7 == 0 && failedOnce.getAndIncrement(value) == 0) {
                return false; // fails its first attempt; the retry handles it
            }
            handled.incrementAndGet(value);
            return true;
        };
        RetrySettings retry = new RetrySettings(3, Duration.ZERO, 1.0, Duration.ZERO);
        ChannelListenerContainer listener = mode.equals("batch")
                ? ChannelListenerContainer.<Integer>batches("stress.batch", channel, 3, 5, Duration.ofMillis(1), batch -> {
                    calls.incrementAndGet();
                    // A batch fails if one of its values fails; the retry sends it again, so count each value once.
                    List<Integer> failing = new ArrayList<>();
                    for (Integer value : batch) {
                        if (value % 7 == 0 && failedOnce.get(value) == 0) {
                            failing.add(value);
                        }
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        sawInterrupt.incrementAndGet();
                    }
                    if (!failing.isEmpty()) {
                        failing.forEach(value -> failedOnce.incrementAndGet(value));
                        throw new IllegalStateException("first attempt of " + failing);
                    }
                    batch.forEach(value -> handled.incrementAndGet(value));
                }).retry(retry)
                : ChannelListenerContainer.<Integer>perValue("stress.value", channel, 3, value -> {
                    calls.incrementAndGet();
                    if (!handle.apply(value)) {
                        throw new IllegalStateException("first attempt of " + value);
                    }
                }).retry(retry);
        listener.start();
        List<Thread> senders = new ArrayList<>();
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int first = s * PER_SENDER;
            Thread.Builder builder = s % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform();
            senders.add(builder.start(() -> {
                try {
                    for (int v = first; v < first + PER_SENDER; v++) {
                        channel.send(v);
                    }
                } catch (Throwable failed) {
                    thrown.add(failed);
                }
            }));
        }
        SplittableRandom random = seeds.split();
        int operations = 0;
        // Control until most values are through, so that every phase of the listener meets every operation.
        while (listener.handled() < VALUES - VALUES / 10 && operations < 1_000_000) {
            switch (random.nextInt(6)) {
                case 0 -> listener.pause();
                case 1, 2 -> listener.resume();
                case 3 -> listener.stop();
                default -> listener.start();
            }
            operations++;
            if (random.nextInt(64) == 0) {
                Thread.sleep(0, random.nextInt(200_000));
            } else {
                for (int spin = random.nextInt(2_000); spin > 0; spin--) {
                    Thread.onSpinWait();
                }
            }
        }
        listener.resume();
        listener.start();
        for (Thread sender : senders) {
            assertThat(sender.join(WAIT)).isTrue();
        }
        await().atMost(WAIT).until(() -> channel.size() == 0 && listener.active() == 0
                && listener.handled() == VALUES);
        channel.close();
        assertThat(listener.awaitTermination(WAIT)).isTrue();

        assertThat(thrown).isEmpty();
        for (int v = 0; v < VALUES; v++) {
            assertThat(handled.get(v)).as("value %d handled", v).isEqualTo(1);
        }
        assertThat(sawInterrupt.get()).as("listener calls that saw the container's interrupt").isZero();
        assertThat(listener.failures()).isZero();
        assertThat(listener.unfinished()).isZero();
        assertThat(listener.retries()).as("every value that failed once was retried").isPositive();
        System.out.printf("[verify] listener control stress (%s): %d values, %d control operations, %d calls, %d retries%n",
                mode, VALUES, operations, calls.get(), listener.retries());
    }
}
