package dev.channels;

import static dev.channels.Blocking.start;
import static dev.channels.Blocking.startBlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SEMANTICS.md's blocking table, for every kind of channel. */
class ChannelBlockingTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void receiveOnEmptyBlocksUntilASend(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        Blocking.Running<Integer> receiver = startBlocked(ch::receive);
        assertThat(ch.stats().waitingReceivers()).isEqualTo(1);
        ch.send(7);
        assertThat(receiver.join()).isEqualTo(7);
        assertThat(ch.stats().waitingReceivers()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#bounded")
    void sendOnFullBlocksUntilAReceive(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        for (int i = 0; i < capacity; i++) {
            assertThat(ch.trySend(i)).as("room for value %d", i).isTrue();
        }
        Blocking.Running<Object> sender = startBlocked(() -> {
            ch.send(capacity);
            return null;
        });
        assertThat(ch.stats().waitingSenders()).isEqualTo(1);
        assertThat(ch.size()).isEqualTo(capacity);
        assertThat(ch.receive()).isEqualTo(0);
        sender.join();
        assertThat(ch.stats().waitingSenders()).isZero();
        assertThat(ch.size()).as("the freed slot holds the waiting sender's value").isEqualTo(capacity);
        List<Integer> rest = new ArrayList<>();
        ch.tryReceiveBatch(rest, capacity + 1);
        assertThat(rest).as("the buffer, then the sender's value").containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, capacity).boxed().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void sendWithRoomNeverBlocks(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        int room = capacity == Channel.UNLIMITED ? 100_000 : capacity;
        Blocking.Running<Integer> sender = start(() -> {
            for (int i = 0; i < room; i++) {
                ch.send(i);
            }
            return room;
        });
        assertThat(sender.join()).isEqualTo(room);
        assertThat(ch.size()).isEqualTo(room);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void sendToAWaitingReceiverNeverBlocks(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        Blocking.Running<Integer> receiver = startBlocked(ch::receive);
        assertThat(ch.trySend(5)).isTrue();
        assertThat(receiver.join()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void tryVariantsNeverBlockAndTellWouldBlockFromClosed(int capacity) {
        Channel<Integer> ch = Kinds.channel(capacity);
        assertThat(ch.tryReceive()).as("empty: would block").isNull();
        if (capacity != Channel.UNLIMITED) {
            for (int i = 0; i < capacity; i++) {
                assertThat(ch.trySend(i)).isTrue();
            }
            assertThat(ch.trySend(-1)).as("full: would block").isFalse();
        }
        ch.close();
        assertThatThrownBy(() -> ch.trySend(1)).isInstanceOf(ChannelClosedException.class);
        int buffered = ch.size();
        for (int i = 0; i < buffered; i++) {
            assertThat(ch.tryReceive()).as("buffered value %d survives close", i).isEqualTo(i);
        }
        assertThatThrownBy(ch::tryReceive).isInstanceOf(ChannelClosedException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void receiveOnClosedNeverBlocks(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        ch.close();
        Blocking.Running<Throwable> receiver = start(() -> {
            try {
                ch.receive();
                return null;
            } catch (ChannelClosedException e) {
                return e;
            }
        });
        assertThat(receiver.join()).isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining(Kinds.label(capacity));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void timedVariantsWaitThenGiveUpLeavingNoWaiter(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        long start = System.nanoTime();
        assertThat(ch.receive(Duration.ofMillis(50))).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        if (capacity != Channel.UNLIMITED) {
            for (int i = 0; i < capacity; i++) {
                ch.send(i);
            }
            assertThat(ch.send(99, Duration.ofMillis(50))).isFalse();
            assertThat(ch.send(99, Duration.ZERO)).isFalse();
        }
        ChannelStats stats = ch.stats();
        assertThat(stats.waitingSenders()).isZero();
        assertThat(stats.waitingReceivers()).isZero();
        assertThat(stats.sent()).as("timed-out sends are not sent").isEqualTo(capacity == Channel.UNLIMITED ? 0 : capacity);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void timedReceiveReturnsAValueThatArrivesInTime(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        Blocking.Running<Integer> receiver = startBlocked(() -> ch.receive(Duration.ofSeconds(30)));
        ch.send(3);
        assertThat(receiver.join()).isEqualTo(3);
    }

    /** SEMANTICS rule 6: a buffered channel of capacity k works as a counting semaphore. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#bounded")
    void bufferedChannelIsACountingSemaphore(int capacity) throws Exception {
        if (capacity == 0) {
            return; // a rendezvous channel admits nobody without a receiver: nothing to count
        }
        Channel<Boolean> permits = Kinds.channel(capacity);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Thread[] threads = new Thread[32];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        permits.send(true);
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.yield();
                        inside.decrementAndGet();
                        permits.receive();
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(most.get()).isBetween(1, capacity);
    }
}
