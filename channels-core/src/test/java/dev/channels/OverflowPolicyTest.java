package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Drop policies never block, report every dropped value, and keep the counters balanced. */
class OverflowPolicyTest {

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 2, 16})
    void dropOldestKeepsTheNewestValuesAndReportsTheRest(int capacity) throws Exception {
        List<Integer> dropped = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = Channel.<Integer>builder().capacity(capacity)
                .overflow(OverflowPolicy.DROP_OLDEST).onDrop(dropped::add).build();
        int n = capacity + 10;
        for (int i = 0; i < n; i++) {
            assertThat(ch.trySend(i)).as("never 'would block'").isTrue();
        }
        ch.send(n); // a blocking send never waits either
        List<Integer> kept = new ArrayList<>();
        ch.tryReceiveBatch(kept, 100);
        assertThat(kept).hasSize(capacity).endsWith(n).isSorted();
        assertThat(dropped).hasSize(n + 1 - capacity).isSorted();
        assertThat(dropped.getLast()).isLessThan(kept.getFirst());
        assertBalanced(ch.stats(), n + 1, dropped.size());
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 2, 16})
    void dropNewestKeepsTheOldestValuesAndReportsTheRest(int capacity) throws Exception {
        List<Integer> dropped = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = Channel.<Integer>builder().capacity(capacity)
                .overflow(OverflowPolicy.DROP_NEWEST).onDrop(dropped::add).build();
        int n = capacity + 10;
        for (int i = 0; i < n; i++) {
            ch.send(i);
        }
        List<Integer> kept = new ArrayList<>();
        ch.tryReceiveBatch(kept, 100);
        assertThat(kept).containsExactlyElementsOf(range(0, capacity));
        assertThat(dropped).containsExactlyElementsOf(range(capacity, n));
        assertBalanced(ch.stats(), n, n - capacity);
    }

    @Test
    void dropPoliciesStillHandOffToWaitingReceivers() throws Exception {
        Channel<String> ch = Channel.<String>builder().capacity(1).overflow(OverflowPolicy.DROP_OLDEST).build();
        Blocking.Running<String> receiver = Blocking.startBlocked(ch::receive);
        ch.send("direct");
        assertThat(receiver.join()).isEqualTo("direct");
        assertThat(ch.stats().dropped()).isZero();
    }

    @Test
    void aThrowingDropHandlerDoesNotBreakTheChannel() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread sender = Thread.ofVirtual().unstarted(() -> {
            Channel<Integer> ch = Channel.<Integer>builder().capacity(1).overflow(OverflowPolicy.DROP_NEWEST)
                    .onDrop(v -> {
                        throw new IllegalStateException("handler broke on " + v);
                    }).build();
            ch.trySend(1);
            ch.trySend(2);
            assertThat(ch.tryReceive()).isEqualTo(1);
            assertThat(ch.stats().dropped()).isEqualTo(1);
        });
        sender.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        sender.start();
        sender.join();
        assertThat(uncaught).singleElement().extracting(Throwable::getMessage).isEqualTo("handler broke on 2");
    }

    private static void assertBalanced(ChannelStats stats, long sent, long dropped) {
        assertThat(stats.sent()).isEqualTo(sent);
        assertThat(stats.dropped()).isEqualTo(dropped);
        assertThat(stats.size()).isEqualTo(stats.sent() - stats.received() - stats.dropped());
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add(i);
        }
        return values;
    }
}
