package dev.channels;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SEMANTICS "bad input": each mistake gets a clear exception that names it. */
class ChannelBadInputTest {

    @Test
    void nullElementsAreRejected() {
        Channel<String> ch = Channel.buffered(4);
        assertThatThrownBy(() -> ch.send(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> ch.trySend(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ch.send(null, Duration.ZERO)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ch.sendBatch(Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("values[1]");
        assertThatThrownBy(() -> Select.fair().onSend(ch, null, () -> null)).isInstanceOf(NullPointerException.class);
        assertThat(ch.size()).isZero();
    }

    @Test
    void negativeCapacityIsRejectedWithTheValue() {
        assertThatThrownBy(() -> Channel.buffered(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1").hasMessageContaining("capacity");
        assertThatThrownBy(() -> Channel.builder().capacity(-5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
    }

    @Test
    void dropPoliciesNeedABoundedBuffer() {
        assertThatThrownBy(() -> Channel.builder().overflow(OverflowPolicy.DROP_OLDEST).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DROP_OLDEST").hasMessageContaining("rendezvous");
        assertThatThrownBy(() -> Channel.builder().unlimited().overflow(OverflowPolicy.DROP_NEWEST).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unlimited");
    }

    @Test
    void blankNameIsRejected() {
        assertThatThrownBy(() -> Channel.builder().name(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }

    @Test
    void sendAfterCloseNamesTheChannel() {
        Channel<Integer> ch = Channel.<Integer>builder().name("orders").capacity(1).build();
        ch.close();
        assertThatThrownBy(() -> ch.send(1)).isInstanceOf(ChannelClosedException.class)
                .hasMessage("channel 'orders' is closed");
    }

    @Test
    void negativeTimeoutsAreRejected() {
        Channel<Integer> ch = Channel.buffered(1);
        Duration minus = Duration.ofMillis(-1);
        assertThatThrownBy(() -> ch.send(1, minus)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("send timeout").hasMessageContaining("negative");
        assertThatThrownBy(() -> ch.receive(minus)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("receive timeout");
        assertThatThrownBy(() -> ch.awaitDrained(minus)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Select.fair().onTimeout(minus, () -> null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("select timeout");
        assertThatThrownBy(() -> Channels.after(minus)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Channels.ticker(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThat(ch.size()).isZero();
    }

    @Test
    void badSelectsAreRejected() {
        assertThatThrownBy(() -> Select.fair().await()).isInstanceOf(IllegalStateException.class)
                .hasMessage("select has no clauses");
        assertThatThrownBy(() -> Select.fair().onDefault(() -> 1).onDefault(() -> 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already has a default");
        assertThatThrownBy(() -> Select.fair().onTimeout(Duration.ofSeconds(1), () -> 1).onTimeout(Duration.ofSeconds(2), () -> 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already has a timeout");
        assertThatThrownBy(() -> Select.fair().onDefault(() -> 1).onTimeout(Duration.ofSeconds(1), () -> 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("both a default");
        ReceiveChannel<String> foreign = new ForeignChannel();
        assertThatThrownBy(() -> Select.fair().onReceive(foreign, v -> v))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("made by dev.channels");
    }

    @Test
    void badBatchArgumentsAreRejected() {
        Channel<Integer> ch = Channel.buffered(1);
        assertThatThrownBy(() -> ch.tryReceiveBatch(new java.util.ArrayList<>(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> ch.trySendBatch(null)).isInstanceOf(NullPointerException.class);
        assertThat(ch.trySendBatch(List.of())).isZero();
    }

    private static org.assertj.core.api.AbstractIntegerAssert<?> assertThat(int actual) {
        return org.assertj.core.api.Assertions.assertThat(actual);
    }

    /** A ReceiveChannel that is not one of ours: select cannot wait on it. */
    private static final class ForeignChannel implements ReceiveChannel<String> {
        @Override public String receive() { return ""; }
        @Override public String receive(Duration timeout) { return ""; }
        @Override public String tryReceive() { return ""; }
        @Override public int receiveBatch(java.util.Collection<? super String> sink, int max) { return 0; }
        @Override public int tryReceiveBatch(java.util.Collection<? super String> sink, int max) { return 0; }
        @Override public boolean isDrained() { return false; }
        @Override public void awaitDrained() { }
        @Override public boolean awaitDrained(Duration timeout) { return false; }
        @Override public java.util.Iterator<String> iterator() { return java.util.Collections.emptyIterator(); }
        @Override public java.util.stream.Stream<String> stream() { return java.util.stream.Stream.empty(); }
        @Override public String name() { return "foreign"; }
        @Override public int capacity() { return 0; }
        @Override public int size() { return 0; }
        @Override public boolean isClosed() { return false; }
        @Override public ChannelStats stats() { return null; }
        @Override public void onClose(java.util.function.Consumer<? super ChannelStats> listener) { }
    }
}
