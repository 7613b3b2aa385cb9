package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SEMANTICS rule 2: FIFO per sender, and every value received exactly once. */
class ChannelOrderingTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void valuesFromOneSenderArriveInOrder(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        int n = 10_000;
        Thread sender = Channels.go(() -> {
            for (int i = 0; i < n; i++) {
                ch.send(i);
            }
            ch.close();
        });
        List<Integer> received = new ArrayList<>();
        for (int value : ch) {
            received.add(value);
        }
        sender.join();
        assertThat(received).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(received.get(i)).isEqualTo(i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void fourSendersFourReceiversDeliverEveryValueExactlyOnceAndInSenderOrder(int capacity) throws Exception {
        Channel<Long> ch = Kinds.channel(capacity);
        int senders = 4;
        int receivers = 4;
        int perSender = 1000;
        List<Thread> sending = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            long sender = s;
            sending.add(Channels.go(() -> {
                for (int i = 0; i < perSender; i++) {
                    ch.send(sender << 32 | i);
                }
            }));
        }
        List<List<Long>> byReceiver = new ArrayList<>();
        List<Thread> receiving = new ArrayList<>();
        for (int r = 0; r < receivers; r++) {
            List<Long> mine = new ArrayList<>();
            byReceiver.add(mine);
            receiving.add(Channels.go(() -> {
                for (long value : ch) {
                    mine.add(value);
                }
            }));
        }
        for (Thread t : sending) {
            t.join();
        }
        ch.close();
        for (Thread t : receiving) {
            t.join();
        }

        ConcurrentLinkedQueue<Long> all = new ConcurrentLinkedQueue<>();
        byReceiver.forEach(all::addAll);
        assertThat(all).hasSize(senders * perSender).doesNotHaveDuplicates();
        // Per-sender FIFO: within each receiver's sequence, each sender's values increase.
        for (List<Long> mine : byReceiver) {
            long[] last = new long[senders];
            java.util.Arrays.fill(last, -1);
            for (long value : mine) {
                int sender = (int) (value >>> 32);
                int index = (int) value;
                assertThat(index).as("sender %d order", sender).isGreaterThan((int) last[sender]);
                last[sender] = index;
            }
        }
        ChannelStats stats = ch.stats();
        assertThat(stats.sent()).isEqualTo(senders * perSender);
        assertThat(stats.received()).isEqualTo(senders * perSender);
        assertThat(stats.size()).isZero();
    }
}
