package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.internal.SharedTimer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The helpers: go, produce, merge, after, ticker. */
class ChannelsTest {

    @Test
    void goRunsOnAVirtualThreadAndReportsFailures() throws Exception {
        AtomicBoolean virtual = new AtomicBoolean();
        Channels.go(() -> virtual.set(Thread.currentThread().isVirtual())).join();
        assertThat(virtual).isTrue();

        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            Channels.go(() -> {
                throw new IOException("disk");
            }).join();
            Channels.go(() -> {
                throw new InterruptedException("asked to stop");
            }).join();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertThat(uncaught).singleElement().isInstanceOf(CompletionException.class)
                .extracting(Throwable::getCause).isInstanceOf(IOException.class);
    }

    @Test
    void produceClosesItsChannelWhenTheBodyReturns() {
        ReceiveChannel<Integer> numbers = Channels.produce(4, out -> {
            for (int i = 0; i < 10; i++) {
                out.send(i);
            }
        });
        assertThat(numbers.stream().toList()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(numbers.isDrained()).isTrue();
    }

    @Test
    void produceFailsItsChannelWhenTheBodyThrows() {
        IllegalStateException boom = new IllegalStateException("boom");
        ReceiveChannel<Integer> numbers = Channel.<Integer>builder().name("numbers").capacity(1).produce(out -> {
            out.send(1);
            throw boom;
        });
        List<Integer> got = new ArrayList<>();
        assertThatThrownBy(() -> numbers.forEach(got::add)).isInstanceOf(ChannelClosedException.class)
                .hasCause(boom).hasMessageContaining("numbers");
        assertThat(got.size() + numbers.stats().dropped()).as("the value was received or reported dropped").isEqualTo(1);
    }

    @Test
    void aProducerStopsWhenItsReceiversCloseTheChannel() throws Exception {
        AtomicBoolean stopped = new AtomicBoolean();
        Channel<Integer> ch = Channel.buffered(1);
        Thread producer = Channels.go(() -> {
            try {
                for (int i = 0; ; i++) {
                    ch.send(i);
                }
            } catch (ChannelClosedException e) {
                stopped.set(true);
            }
        });
        ch.receive();
        ch.close();
        producer.join();
        assertThat(stopped).isTrue();
    }

    @Test
    void mergeDeliversEverySourcesValuesInTheirOrderAndClosesAfterAll() {
        List<ReceiveChannel<Integer>> sources = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            int base = s * 1000;
            sources.add(Channels.produce(s, out -> {
                for (int i = 0; i < 200; i++) {
                    out.send(base + i);
                }
            }));
        }
        List<Integer> merged = Channels.merge(sources).stream().toList();
        List<Integer> expected = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            for (int i = 0; i < 200; i++) {
                expected.add(s * 1000 + i);
            }
        }
        assertThat(merged).containsExactlyInAnyOrderElementsOf(expected);
        for (int s = 0; s < 5; s++) {
            int base = s * 1000;
            assertThat(merged.stream().filter(v -> v / 1000 == base / 1000).toList()).isSorted();
        }
        assertThat(Channels.merge().stream().count()).as("merging nothing is closed at once").isZero();
    }

    @Test
    void mergeFailsWhenASourceFails() {
        IllegalStateException broken = new IllegalStateException("source broke");
        ReceiveChannel<Integer> good = Channels.produce(0, out -> out.send(1));
        ReceiveChannel<Integer> bad = Channels.produce(0, out -> {
            throw broken;
        });
        assertThatThrownBy(() -> Channels.merge(good, bad).stream().toList())
                .isInstanceOf(ChannelClosedException.class).hasCause(broken);
    }

    @Test
    void afterDeliversOnceAfterTheDelayOnTheSharedTimer() throws Exception {
        Instant before = Instant.now();
        long start = System.nanoTime();
        ReceiveChannel<Instant> timer = Channels.after(Duration.ofMillis(50));
        Instant fired = timer.receive();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(fired).isAfterOrEqualTo(before);
        assertThat(timer.receive(Duration.ofMillis(50))).as("only once").isNull();
        assertThat(timer.isClosed()).as("never closed, as in Go").isFalse();
    }

    @Test
    void manyTimersShareOneThread() throws Exception {
        int threadsBefore = Thread.activeCount();
        List<ReceiveChannel<Instant>> timers = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            timers.add(Channels.after(Duration.ofMillis(20 + i % 50)));
        }
        assertThat(SharedTimer.pending()).isGreaterThanOrEqualTo(500);
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 1);
        for (ReceiveChannel<Instant> timer : timers) {
            assertThat(timer.receive()).isNotNull();
        }
    }

    @Test
    void afterWorksInASelectAsATimeout() throws Exception {
        Channel<String> never = Channel.rendezvous();
        String result = Select.<String>fair()
                .onReceive(never, v -> v)
                .onReceive(Channels.after(Duration.ofMillis(30)), t -> "timer")
                .await();
        assertThat(result).isEqualTo("timer");
    }

    @Test
    void tickerTicksUntilClosedAndDropsTicksNobodyTakes() throws Exception {
        try (Ticker ticker = Channels.ticker(Duration.ofMillis(10))) {
            Instant first = ticker.receive();
            Instant second = ticker.receive();
            assertThat(second).isAfter(first);
            Thread.sleep(100);
            assertThat(ticker.size()).as("one tick buffered, like Go's").isEqualTo(1);
            assertThat(ticker.stats().dropped()).as("the rest were dropped and counted").isPositive();
            ticker.close();
            List<Instant> rest = ticker.stream().toList();
            assertThat(rest).hasSizeLessThanOrEqualTo(1);
            assertThat(ticker.isDrained()).isTrue();
        }
    }

    @Test
    void aTickerEndsAForLoopWhenStoppedFromAnotherThread() throws Exception {
        Ticker ticker = Channels.ticker(Duration.ofMillis(5));
        Channels.go(() -> {
            Thread.sleep(50);
            ticker.close();
        });
        int ticks = 0;
        for (Instant ignored : ticker) {
            ticks++;
        }
        assertThat(ticks).isPositive();
    }
}
