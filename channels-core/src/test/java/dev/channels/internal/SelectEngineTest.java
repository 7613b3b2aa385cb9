package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The select algorithm's corner cases, at the engine level. */
class SelectEngineTest {

    @Test
    void locksEachDistinctChannelOnceAndInIdOrder() throws Exception {
        ChannelCore first = new ChannelCore(1, ChannelCore.BLOCK, null);
        ChannelCore second = new ChannelCore(1, ChannelCore.BLOCK, null);
        // clauses name the later channel first, and one channel twice
        SelectEngine engine = new SelectEngine(new ChannelCore[] {second, first, second},
                new boolean[] {false, false, true}, new Object[] {null, null, "x"});
        SelectEngine.Outcome outcome = engine.select(false, false, ChannelCore.FOREVER);
        assertThat(outcome.clause()).as("ordered: the first ready clause is the send").isEqualTo(2);
        assertThat(second.receive(0)).isEqualTo("x");
        // two selects over the same channels in opposite clause order never deadlock
        SelectEngine reversed = new SelectEngine(new ChannelCore[] {first, second},
                new boolean[] {false, false}, new Object[] {null, null});
        SelectEngine forward = new SelectEngine(new ChannelCore[] {second, first},
                new boolean[] {false, false}, new Object[] {null, null});
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread a = Thread.ofVirtual().start(() -> repeat(reversed, failure));
        Thread b = Thread.ofVirtual().start(() -> repeat(forward, failure));
        for (int i = 0; i < 20_000; i++) {
            (i % 2 == 0 ? first : second).send(i, ChannelCore.FOREVER);
        }
        a.join();
        b.join();
        assertThat(failure.get()).isNull();
    }

    private static void repeat(SelectEngine engine, AtomicReference<Throwable> failure) {
        try {
            for (int i = 0; i < 10_000; i++) {
                engine.select(true, false, ChannelCore.FOREVER);
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    @Test
    void aWaiterOfACompletedSelectIsSkippedAndThePollRetries() throws Exception {
        ChannelCore channel = new ChannelCore(0, ChannelCore.BLOCK, null);
        // a stale sender: its select completed elsewhere but its node is still queued
        Waiter otherSelect = new Waiter(null);
        Waiter staleNode = new Waiter(otherSelect, 0, "stale");
        channel.lock();
        channel.senders.add(staleNode);
        channel.unlockAndFlush();
        otherSelect.complete(Waiter.completion(1, false));

        SelectEngine engine = new SelectEngine(new ChannelCore[] {channel}, new boolean[] {false}, new Object[] {null});
        SelectEngine.Outcome outcome = engine.select(true, true, ChannelCore.FOREVER);
        assertThat(outcome.clause()).as("nothing live to receive: default").isEqualTo(SelectEngine.DEFAULT);
        assertThat(channel.senders.isEmpty()).as("the stale node was dropped").isTrue();
    }

    @Test
    void aSelectWithOnlyATimeoutWaitsForIt() throws Exception {
        SelectEngine engine = new SelectEngine(new ChannelCore[0], new boolean[0], new Object[0]);
        long start = System.nanoTime();
        assertThat(engine.select(true, false, 20_000_000).clause()).isEqualTo(SelectEngine.TIMED_OUT);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20_000_000);
    }
}
