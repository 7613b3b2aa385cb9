package dev.channels;

import static dev.channels.Blocking.startBlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SEMANTICS rules 3, 4 and 5: closing, failing, and what everyone sees afterwards. */
class ChannelCloseTest {
    private static final Object CLOSED = new Object() {
        @Override
        public String toString() {
            return "CLOSED";
        }
    };

    /** The four ways of receiving in the close matrix; each returns the value or {@link #CLOSED}. */
    enum ReceiveMode {
        DIRECT {
            @Override
            Object receive(Channel<Integer> ch) throws InterruptedException {
                try {
                    return ch.receive();
                } catch (ChannelClosedException e) {
                    return CLOSED;
                }
            }
        },
        TRY {
            @Override
            Object receive(Channel<Integer> ch) {
                try {
                    Integer v = ch.tryReceive();
                    assertThat(v).as("try-receive on a closed channel never says 'would block'").isNotNull();
                    return v;
                } catch (ChannelClosedException e) {
                    return CLOSED;
                }
            }
        },
        SELECT_ONE_CLAUSE {
            @Override
            Object receive(Channel<Integer> ch) throws InterruptedException {
                return Select.<Object>fair().onReceive(ch, v -> v, () -> CLOSED).await();
            }
        },
        SELECT_WITH_NEVER_READY_CLAUSE {
            @Override
            Object receive(Channel<Integer> ch) throws InterruptedException {
                Channel<Integer> never = Channel.rendezvous();
                return Select.<Object>fair()
                        .onReceive(never, v -> "never")
                        .onReceive(ch, v -> v, () -> CLOSED)
                        .await();
            }
        };

        abstract Object receive(Channel<Integer> ch) throws InterruptedException;
    }

    static List<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        Kinds.all().forEach(kind -> {
            for (ReceiveMode mode : ReceiveMode.values()) {
                cases.add(Arguments.of(kind.get()[0], mode));
            }
        });
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("matrix")
    void bufferedValueSurvivesCloseThenEveryReceiveSaysClosedAndSendsFail(int capacity, ReceiveMode mode)
            throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        if (capacity > 0) {
            ch.send(42);
        }
        ch.close();
        assertThat(ch.isClosed()).isTrue();
        if (capacity > 0) {
            assertThat(mode.receive(ch)).isEqualTo(42);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(mode.receive(ch)).as("closed, at once, forever").isSameAs(CLOSED);
        }
        assertThat(ch.isDrained()).isTrue();
        assertThatThrownBy(() -> ch.send(1)).isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> ch.trySend(1)).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> ch.send(1, Duration.ofSeconds(1))).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> Select.<String>fair().onSend(ch, 1, () -> "sent").await())
                .isInstanceOf(ChannelClosedException.class);
        assertThat(ch.stats().sent()).isEqualTo(capacity > 0 ? 1 : 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void closeWakesEveryBlockedReceiver(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        List<Blocking.Running<Object>> receivers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            receivers.add(Blocking.start(ch::receive));
        }
        awaitWaiting(() -> ch.stats().waitingReceivers(), 100);
        ch.close();
        for (Blocking.Running<Object> receiver : receivers) {
            assertThat(receiver.failure()).isInstanceOf(ChannelClosedException.class);
        }
        assertThat(ch.stats().waitingReceivers()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#bounded")
    void closeFailsEveryBlockedSenderAndDeliversNoneOfTheirValues(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        for (int i = 0; i < capacity; i++) {
            ch.send(i);
        }
        List<Blocking.Running<Object>> senders = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int value = 1000 + i;
            senders.add(Blocking.start(() -> {
                ch.send(value);
                return null;
            }));
        }
        awaitWaiting(() -> ch.stats().waitingSenders(), 100);
        ch.close();
        for (Blocking.Running<Object> sender : senders) {
            assertThat(sender.failure()).isInstanceOf(ChannelClosedException.class);
        }
        List<Integer> received = new ArrayList<>();
        ch.forEach(received::add);
        assertThat(received).as("only the values buffered before close").hasSize(capacity)
                .allMatch(v -> v < capacity);
        ChannelStats stats = ch.stats();
        assertThat(stats.sent()).isEqualTo(capacity);
        assertThat(stats.waitingSenders()).isZero();
    }

    @Test
    void closeIsIdempotentAndListenersRunOnce() {
        Channel<String> ch = Channel.<String>builder().name("once").capacity(1).build();
        List<ChannelStats> seen = new CopyOnWriteArrayList<>();
        ch.onClose(seen::add);
        ch.close();
        ch.close();
        assertThat(ch.fail(new IllegalStateException("late"))).as("fail after close changes nothing").isFalse();
        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst().closed()).isTrue();
        assertThat(seen.getFirst().cause()).isNull();
        ch.onClose(seen::add);
        assertThat(seen).as("a listener added after close runs at once").hasSize(2);
    }

    @Test
    void tryWithResourcesClosesTheChannel() throws Exception {
        Channel<String> kept;
        try (Channel<String> ch = Channel.buffered(1)) {
            kept = ch;
            ch.send("in");
        }
        assertThat(kept.isClosed()).isTrue();
        assertThat(kept.receive()).isEqualTo("in");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void failDiscardsAndReportsBufferedValuesAndReceiversSeeTheCause(int capacity) throws Exception {
        List<Integer> discarded = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = Channel.<Integer>builder().name("failing").capacity(capacity)
                .onDrop(discarded::add).build();
        int buffered = Math.min(capacity, 3);
        for (int i = 0; i < buffered; i++) {
            ch.send(i);
        }
        IllegalStateException cause = new IllegalStateException("upstream broke");
        List<ChannelStats> seen = new CopyOnWriteArrayList<>();
        ch.onClose(seen::add);
        assertThat(ch.fail(cause)).isTrue();

        assertThat(discarded).as("every buffered value reported").hasSize(buffered);
        assertThatThrownBy(ch::receive).isInstanceOf(ChannelClosedException.class).hasCause(cause)
                .hasMessageContaining("failed");
        assertThatThrownBy(() -> ch.iterator().hasNext()).isInstanceOf(ChannelClosedException.class).hasCause(cause);
        ChannelStats stats = ch.stats();
        assertThat(stats.failed()).isTrue();
        assertThat(stats.dropped()).isEqualTo(buffered);
        assertThat(stats.size()).isEqualTo(stats.sent() - stats.received() - stats.dropped()).isZero();
        assertThat(seen).singleElement().extracting(ChannelStats::cause).isSameAs(cause);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void failWakesBlockedReceiversWithTheCause(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        Blocking.Running<Integer> receiver = startBlocked(ch::receive);
        RuntimeException cause = new RuntimeException("boom");
        ch.fail(cause);
        assertThat(receiver.failure()).isInstanceOf(ChannelClosedException.class).hasCause(cause);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void awaitDrainedReturnsWhenClosedAndEmpty(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        if (capacity > 0) {
            ch.send(1);
        }
        Blocking.Running<Boolean> drained = startBlocked(() -> {
            ch.awaitDrained();
            return true;
        });
        assertThat(ch.awaitDrained(Duration.ofMillis(20))).isFalse();
        ch.close();
        if (capacity > 0) {
            Blocking.assertStillBlocked(drained);
            assertThat(ch.isDrained()).isFalse();
            assertThat(ch.receive()).isEqualTo(1);
        }
        assertThat(drained.join()).isTrue();
        assertThat(ch.awaitDrained(Duration.ZERO)).isTrue();
    }

    static void awaitWaiting(java.util.function.IntSupplier waiting, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Blocking.PROMPTLY.toNanos();
        while (waiting.getAsInt() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + waiting.getAsInt() + " of " + expected + " waiting");
            }
            Thread.sleep(2);
        }
    }
}
