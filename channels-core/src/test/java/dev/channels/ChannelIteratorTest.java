package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SEMANTICS rule 10: iteration and streams end exactly when the channel is closed and drained. */
class ChannelIteratorTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void streamEndsWhenClosedAndDrained(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        Channels.go(() -> {
            for (int i = 1; i <= 100; i++) {
                ch.send(i);
            }
            ch.close();
        });
        assertThat(ch.stream().collect(Collectors.summingInt(Integer::intValue))).isEqualTo(5050);
        assertThat(ch.stream().count()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void iteratorBlocksUntilAValueOrTheEnd(int capacity) throws Exception {
        Channel<String> ch = Kinds.channel(capacity);
        Iterator<String> it = ch.iterator();
        Blocking.Running<Boolean> hasNext = Blocking.startBlocked(it::hasNext);
        ch.send("x");
        assertThat(hasNext.join()).isTrue();
        assertThat(it.hasNext()).as("idempotent").isTrue();
        assertThat(it.next()).isEqualTo("x");
        Blocking.Running<Boolean> end = Blocking.startBlocked(it::hasNext);
        ch.close();
        assertThat(end.join()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void aStreamOverAFailedChannelThrowsTheFailure(int capacity) {
        Channel<Integer> ch = Kinds.channel(capacity);
        IllegalStateException cause = new IllegalStateException("producer died");
        ch.fail(cause);
        assertThatThrownBy(() -> ch.stream().toList()).isInstanceOf(ChannelClosedException.class).hasCause(cause);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void severalIteratorsShareTheValues(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        Blocking.Running<List<Integer>> a = Blocking.start(() -> ch.stream().toList());
        Blocking.Running<List<Integer>> b = Blocking.start(() -> ch.stream().toList());
        for (int i = 0; i < 1000; i++) {
            ch.send(i);
        }
        ch.close();
        List<Integer> all = new java.util.ArrayList<>(a.join());
        all.addAll(b.join());
        assertThat(all).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 1000).boxed().toList());
        assertThat(a.join()).as("each iterator sees the values in the order sent").isSorted();
        assertThat(b.join()).isSorted();
    }
}
