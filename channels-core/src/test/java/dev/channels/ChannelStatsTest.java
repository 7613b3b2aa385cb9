package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The snapshot: consistent at every instant, exact at quiescence. */
class ChannelStatsTest {

    @Test
    void aNewChannelReportsItsShape() {
        ChannelStats stats = Channel.<String>builder().name("orders").capacity(100).build().stats();
        assertThat(stats).isEqualTo(new ChannelStats("orders", 100, 0, 0, 0, 0, 0, 0, false, null));
        assertThat(stats.unlimited()).isFalse();
        assertThat(Channel.unlimited().stats().unlimited()).isTrue();
        assertThat(Channel.unlimited().capacity()).isEqualTo(Channel.UNLIMITED);
        assertThat(Channel.rendezvous().name()).startsWith("channel-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void countsWaitersAndValues(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        Blocking.Running<Integer> receiver = Blocking.startBlocked(ch::receive);
        assertThat(ch.stats().waitingReceivers()).isEqualTo(1);
        ch.send(1);
        receiver.join();
        int fill = capacity == Channel.UNLIMITED ? 50 : capacity;
        for (int i = 0; i < fill; i++) {
            ch.send(i);
        }
        if (capacity != Channel.UNLIMITED) {
            Blocking.startBlocked(() -> {
                ch.send(-1);
                return null;
            });
        }
        ChannelStats stats = ch.stats();
        assertThat(stats.size()).isEqualTo(fill);
        assertThat(stats.waitingSenders()).isEqualTo(capacity == Channel.UNLIMITED ? 0 : 1);
        assertThat(stats.waitingReceivers()).isZero();
        assertThat(stats.sent()).isEqualTo(1 + fill);
        assertThat(stats.received()).isEqualTo(1);
        assertThat(ch.size()).isEqualTo(fill);
    }

    /** Every snapshot balances, even mid-traffic, because it is taken under the channel's lock. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void everySnapshotBalancesUnderTraffic(int capacity) throws Exception {
        Channel<Integer> ch = Channel.<Integer>builder().capacity(capacity).build();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Channels.go(() -> {
                for (int i = 0; i < 5_000; i++) {
                    ch.send(i);
                }
            }));
            threads.add(Channels.go(() -> {
                for (int i = 0; i < 5_000; i++) {
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        ch.receive();
                    } else {
                        while (ch.tryReceive() == null) {
                            Thread.yield(); // a virtual thread must let the senders have the carrier
                        }
                    }
                }
            }));
        }
        do {
            ChannelStats s = ch.stats();
            assertThat((long) s.size()).isEqualTo(s.sent() - s.received() - s.dropped());
        } while (threads.stream().anyMatch(Thread::isAlive));
        for (Thread t : threads) {
            t.join();
        }
        ChannelStats end = ch.stats();
        assertThat(end.sent()).isEqualTo(20_000);
        assertThat(end.received()).isEqualTo(20_000);
        assertThat(end.size() + end.waitingSenders() + end.waitingReceivers()).isZero();
    }
}
