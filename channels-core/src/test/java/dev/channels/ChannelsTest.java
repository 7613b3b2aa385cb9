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
import java.util.concurrent.CountDownLatch;
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

    /**
     * A thousand timers queue on the one shared timer thread, and start no thread of their own:
     * while a task holds that thread, none of them fires, however due it is.
     */
    @Test
    void manyTimersShareOneThread() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SharedTimer.once(0, () -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<ReceiveChannel<Instant>> timers = new ArrayList<>();
        try {
            holding.await();
            int threadsBefore = Thread.activeCount();
            for (int i = 0; i < 1_000; i++) {
                timers.add(Channels.after(Duration.ofMillis(i % 5)));
            }
            assertThat(SharedTimer.pending()).as("queued on the timer thread").isGreaterThanOrEqualTo(1_000);
            assertThat(Thread.activeCount()).as("platform threads").isLessThanOrEqualTo(threadsBefore);
            assertThat(timers).as("none fired while the timer thread was held").allMatch(t -> t.size() == 0);
        } finally {
            release.countDown();
        }
        for (ReceiveChannel<Instant> timer : timers) {
            assertThat(timer.receive(Blocking.PROMPTLY)).isNotNull();
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
            assertThat(second).isAfterOrEqualTo(first);
            // nobody receives now: one tick is buffered, the next ones are dropped and counted (a
            // tick dropped before the second receive proves nothing: that receive emptied the buffer)
            long droppedBefore = ticker.stats().dropped();
            Blocking.awaitTrue("a tick dropped since the last receive", () -> ticker.stats().dropped() > droppedBefore);
            assertThat(ticker.size()).as("one tick buffered, like Go's").isEqualTo(1);
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
            while (ticker.stats().received() < 3) { // the loop below has taken three ticks
                Thread.sleep(1);
            }
            ticker.close();
        });
        int ticks = 0;
        for (Instant ignored : ticker) {
            ticks++;
        }
        assertThat(ticks).isGreaterThanOrEqualTo(3);
        assertThat(ticker.isDrained()).isTrue();
    }
}
