package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Blocking;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The select algorithm's corner cases, at the engine level. */
class SelectEngineTest {

    /**
     * A select locks each distinct channel of its clauses once, in id order (a global order),
     * whatever the order of its clauses and however often a channel appears in them: the plan
     * lists each channel once, by id; after {@link SelectEngine#lockAll} every one of them is
     * locked, and after {@link SelectEngine#unlockAll} every one is free. (The lock is not
     * reentrant: a channel locked twice would never be locked, and the locking thread would spin.)
     */
    @Test
    void locksEachDistinctChannelOnceAndInIdOrder() throws Exception {
        ChannelCore first = new ChannelCore(1, Overflow.BLOCK, null);
        ChannelCore second = new ChannelCore(1, Overflow.BLOCK, null);
        ChannelCore third = new ChannelCore(1, Overflow.BLOCK, null);
        assertThat(first.id()).isLessThan(second.id());
        assertThat(second.id()).isLessThan(third.id());
        // clauses name the later channels first, and one channel three times
        SelectEngine engine = new SelectEngine(new ChannelCore[] {third, first, third, second, third},
                new boolean[] {false, true, false, true, false}, new Object[] {null, "a", null, "b", null});
        assertThat(engine.lockOrder()).containsExactly(first, second, third);

        ChannelCore[] all = {first, second, third};
        boolean[] heldDuring = new boolean[all.length];
        Thread locking = Thread.ofPlatform().start(() -> {
            engine.lockAll();
            try {
                for (int i = 0; i < all.length; i++) {
                    heldDuring[i] = !all[i].tryLock();
                }
            } finally {
                engine.unlockAll();
            }
        });
        assertThat(locking.join(Duration.ofSeconds(30))).as("lockAll returned: no channel was locked twice").isTrue();
        assertThat(heldDuring).as("every channel locked by lockAll").containsOnly(true);
        for (ChannelCore core : all) {
            assertThat(core.tryLock()).as("free after unlockAll").isTrue();
            core.unlock();
        }

        // and the select works over them: ordered, the first ready clause is the send to first
        assertThat(engine.select(false, false, ChannelCore.FOREVER)).isEqualTo(1);
        assertThat(first.receive(0)).isEqualTo("a");
    }

    /** Two selects over the same channels, in opposite clause orders, racing many times, never hang. */
    @Test
    void twoSelectsOverTheSameChannelsInOppositeOrdersNeverHang() throws Exception {
        ChannelCore first = new ChannelCore(1, Overflow.BLOCK, null);
        ChannelCore second = new ChannelCore(1, Overflow.BLOCK, null);
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
        assertThat(a.join(Duration.ofSeconds(60))).isTrue();
        assertThat(b.join(Duration.ofSeconds(60))).isTrue();
        assertThat(failure.get()).isNull();
        assertThat(first.size() + second.size()).as("every value taken by one of the selects").isZero();
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
        ChannelCore channel = new ChannelCore(0, Overflow.BLOCK, null);
        // a stale sender: its select completed elsewhere but its node is still queued
        Waiter otherSelect = new Waiter(null);
        Waiter staleNode = new Waiter(otherSelect, 0, "stale");
        channel.lock();
        channel.senders.add(staleNode);
        channel.unlockAndFlush();
        otherSelect.complete(Waiter.completion(1, false));

        SelectEngine engine = new SelectEngine(new ChannelCore[] {channel}, new boolean[] {false}, new Object[] {null});
        assertThat(engine.select(true, true, ChannelCore.FOREVER)).as("nothing live to receive: default").isEqualTo(SelectEngine.DEFAULT_CLAUSE);
        assertThat(channel.senders.isEmpty()).as("the stale node was dropped").isTrue();
    }

    @Test
    void aSelectWithOnlyATimeoutWaitsForIt() throws Exception {
        SelectEngine engine = new SelectEngine(new ChannelCore[0], new boolean[0], new Object[0]);
        long start = System.nanoTime();
        assertThat(engine.select(true, false, 20_000_000)).isEqualTo(SelectEngine.TIMEOUT_CLAUSE);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20_000_000);
    }

    /**
     * Clauses added in id order are their own lock order; clauses added later, out of order and
     * beyond the first arrays' length, are planned again before the next run, each channel once.
     */
    @Test
    void clausesAddedBetweenRunsArePlannedAgain() throws Exception {
        ChannelCore first = new ChannelCore(1, Overflow.BLOCK, null);
        ChannelCore second = new ChannelCore(1, Overflow.BLOCK, null);
        ChannelCore third = new ChannelCore(1, Overflow.BLOCK, null);
        SelectEngine engine = new SelectEngine();
        engine.add(second, false, null);
        engine.add(third, false, null);
        assertThat(engine.lockOrder()).containsExactly(second, third);
        assertThat(engine.select(true, true, 0)).as("nothing buffered: default").isEqualTo(SelectEngine.DEFAULT_CLAUSE);

        for (ChannelCore core : new ChannelCore[] {first, third, first, second}) {
            engine.add(core, false, null);
        }
        assertThat(engine.size()).isEqualTo(6);
        assertThat(engine.lockOrder()).containsExactly(first, second, third);
        first.send("x", 0);
        assertThat(engine.select(false, true, 0)).as("ordered: the first clause on the first channel").isEqualTo(2);
        assertThat(engine.item()).isEqualTo("x");
        assertThat(engine.closed()).isFalse();
    }

    /**
     * A select that waits is completed through any of its clauses, the first one (whose node is
     * the select's own waiter) and a later one alike; it reports that clause's value, leaves no
     * node behind, and its next wait, which reuses the node array, does the same.
     */
    @Test
    void aWaitingSelectReportsTheClauseThatCompletedItAndLeavesNoNode() throws Exception {
        ChannelCore first = new ChannelCore(0, Overflow.BLOCK, null);
        ChannelCore second = new ChannelCore(0, Overflow.BLOCK, null);
        SelectEngine engine = new SelectEngine(new ChannelCore[] {first, second},
                new boolean[] {false, false}, new Object[] {null, null});
        for (int round = 0; round < 4; round++) {
            ChannelCore target = round % 2 == 0 ? second : first;
            AtomicInteger clause = new AtomicInteger(-3);
            AtomicReference<Object> item = new AtomicReference<>();
            Thread selecting = startSelect(Thread.ofVirtual(), engine, true, clause, item);
            Blocking.awaitTrue("the select waits on both channels", () -> queued(first) == 1 && queued(second) == 1);
            assertThat(target.send("v" + round, ChannelCore.FOREVER)).isEqualTo(SendResult.SENT);
            assertThat(selecting.join(Blocking.PROMPTLY)).isTrue();
            assertThat(clause.get()).isEqualTo(target == first ? 0 : 1);
            assertThat(item.get()).isEqualTo("v" + round);
            assertThat(queued(first) + queued(second)).as("no node left behind").isZero();
        }
    }

    /**
     * Starts a thread that runs {@code engine} once, waiting as long as it takes, and records the
     * clause it completed and the value it took.
     */
    private static Thread startSelect(Thread.Builder threads, SelectEngine engine, boolean fair,
            AtomicInteger clause, AtomicReference<Object> item) {
        return threads.start(() -> {
            try {
                clause.set(engine.select(fair, false, ChannelCore.FOREVER));
                item.set(engine.item());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** Receivers queued on {@code core}, read under its lock. */
    private static int queued(ChannelCore core) {
        core.lock();
        try {
            return core.receivers.length();
        } finally {
            core.unlock();
        }
    }

    /**
     * An ordered select whose first clause is ready completes it under that channel's lock alone
     * (the first pass, {@code tryAlone}): it completes even while another thread holds the lock of
     * its other clause's channel, which a select that locked every channel first would wait for.
     */
    @Test
    void aReadyFirstClauseCompletesWithoutTheOtherChannelsLock() throws Exception {
        ChannelCore ready = new ChannelCore(1, Overflow.BLOCK, null);
        ChannelCore held = new ChannelCore(1, Overflow.BLOCK, null);
        assertThat(ready.send("v", 0)).isEqualTo(SendResult.SENT);
        SelectEngine engine = new SelectEngine(new ChannelCore[] {ready, held},
                new boolean[] {false, false}, new Object[] {null, null});
        held.lock();
        try {
            AtomicInteger chosen = new AtomicInteger(-10);
            AtomicReference<Object> item = new AtomicReference<>();
            Thread selecting = startSelect(Thread.ofPlatform(), engine, false, chosen, item);
            assertThat(selecting.join(Blocking.PROMPTLY)).as("the select finished while the other lock was held").isTrue();
            assertThat(chosen.get()).isZero();
            assertThat(item.get()).isEqualTo("v");
        } finally {
            held.unlock();
        }
        assertThat(ready.size()).isZero();
    }
}
