package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Batch sends and receives: partial like write(2), ordered, exactly once. */
class BatchTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void trySendBatchSendsWhatFitsFromTheFront(int capacity) {
        Channel<Integer> ch = Kinds.channel(capacity);
        List<Integer> values = IntStream.range(0, 40).boxed().toList();
        int sent = ch.trySendBatch(values);
        assertThat(sent).isEqualTo(Math.min(capacity, 40));
        List<Integer> out = new ArrayList<>();
        int taken = ch.tryReceiveBatch(out, 1000);
        assertThat(taken).isEqualTo(sent);
        assertThat(out).containsExactlyElementsOf(values.subList(0, sent));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void batchesMoveEveryValueExactlyOnceInOrder(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        int n = 50_000;
        List<Integer> values = IntStream.range(0, n).boxed().toList();
        Thread sender = Channels.go(() -> {
            int from = 0;
            while (from < n) {
                from += ch.sendBatch(values.subList(from, Math.min(n, from + 37)));
            }
            ch.close();
        });
        List<Integer> received = new ArrayList<>();
        while (true) {
            try {
                int before = received.size();
                int taken = ch.receiveBatch(received, 64);
                assertThat(taken).isBetween(1, 64).isEqualTo(received.size() - before);
            } catch (ChannelClosedException closed) {
                break;
            }
        }
        sender.join();
        assertThat(received).containsExactlyElementsOf(values);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void batchesMixWithSingleOperations(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        Blocking.Running<List<Integer>> receiver = Blocking.start(() -> {
            List<Integer> got = new ArrayList<>();
            while (got.size() < 10) {
                if (got.size() % 2 == 0) {
                    got.add(ch.receive());
                } else {
                    ch.receiveBatch(got, 10 - got.size());
                }
            }
            return got;
        });
        int from = 0;
        List<Integer> values = IntStream.range(0, 10).boxed().toList();
        while (from < 10) {
            if (from % 3 == 0) {
                ch.send(values.get(from++));
            } else {
                from += ch.sendBatch(values.subList(from, 10));
            }
        }
        assertThat(receiver.join()).containsExactlyElementsOf(values);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void batchesOnClosedChannels(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        if (capacity > 0) {
            ch.trySendBatch(List.of(1, 2));
        }
        ch.close();
        assertThatThrownBy(() -> ch.sendBatch(List.of(3))).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> ch.trySendBatch(List.of(3))).isInstanceOf(ChannelClosedException.class);
        List<Integer> out = new ArrayList<>();
        if (capacity > 0) {
            assertThat(ch.receiveBatch(out, 10)).isEqualTo(Math.min(2, capacity));
        }
        assertThatThrownBy(() -> ch.receiveBatch(out, 10)).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> ch.tryReceiveBatch(out, 10)).isInstanceOf(ChannelClosedException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#bounded")
    void aBlockedBatchSendIsInterruptibleAndSendsNothing(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        for (int i = 0; i < capacity; i++) {
            ch.send(i);
        }
        Blocking.Running<Integer> sender = Blocking.startBlocked(() -> ch.sendBatch(List.of(100, 101)));
        sender.thread().interrupt();
        assertThat(sender.failure()).isInstanceOf(InterruptedException.class);
        assertThat(ch.stats().sent()).isEqualTo(capacity);
        assertThat(ch.stats().waitingSenders()).isZero();
    }
}
