package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Waiters that give up leave nothing behind: many timed-out and interrupted sends, receives and
 * selects leave every wait queue empty (the stats' waiting counts, which count every queued node,
 * stale ones included, are back to 0), the heap no larger than a few megabytes above where it
 * started, and the channels working. That giving up costs constant time per waiter is checked by
 * {@code dev.channels.internal.WaiterCleanupCostTest}.
 *
 * <p>Knob: {@code channels.verify.leak.waiters} (waiters per test, 100,000 in CI).
 */
public class ChannelLeakTest {
    static final int WAITERS = Verification.knob("leak.waiters", 100_000, 1_000_000);
    static final int THREADS = 200;
    /** How much the heap may grow, after a full collection, once everything is done. */
    static final long HEAP_SLACK = 24L << 20;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void timedOutAndInterruptedSendsAndReceivesLeaveNothingBehind(int capacity) throws Exception {
        Channel<Integer> empty = Kinds.channel(capacity);
        Channel<Integer> full = Kinds.channel(capacity);
        boolean sendsWait = capacity != Channel.UNLIMITED;
        for (int i = 0; i < capacity && sendsWait; i++) {
            full.send(i);
        }
        int each = WAITERS / 5 / (sendsWait ? 4 : 2); // five rounds of the load, a warm-up and four measured
        Runnable load = () -> {
            giveUp(each, () -> empty.receive(Duration.ofNanos(20_000)) == null);
            interrupt(each, empty::receive);
            if (sendsWait) {
                giveUp(each, () -> !full.send(-1, Duration.ofNanos(20_000)));
                interrupt(each, () -> {
                    full.send(-1);
                    return null;
                });
            }
        };
        long started = System.nanoTime();
        load.run(); // warm up: a fifth of the load
        long before = usedHeapAfterGc();
        for (int i = 0; i < 4; i++) {
            load.run();
        }
        long grown = usedHeapAfterGc() - before;

        for (ChannelStats s : List.of(empty.stats(), full.stats())) {
            assertThat(s.waitingSenders() + s.waitingReceivers()).as("waiters left in %s", s).isZero();
        }
        assertThat(grown).as("heap growth after %d waiters gave up", WAITERS).isLessThan(HEAP_SLACK);
        // still working, and nothing was delivered by the waiters that gave up
        Blocking.Running<Integer> receiver = Blocking.start(empty::receive);
        empty.send(7);
        assertThat(receiver.join()).isEqualTo(7);
        full.close();
        List<Integer> left = new ArrayList<>();
        full.forEach(left::add);
        assertThat(left).doesNotContain(-1).hasSize(sendsWait ? capacity : 0);
        Verification.report("leak " + Kinds.label(capacity), "%d waiters timed out or were interrupted, heap %+d KiB,"
                + " in %d ms", WAITERS, grown >> 10, (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void abandonedSelectsLeaveNoWaiterOnAnyOfTheirChannels() throws Exception {
        List<Channel<Integer>> channels = List.of(Channel.rendezvous(), Channel.buffered(1), Channel.unlimited());
        channels.get(1).send(0); // full: a send clause on it waits
        Blocking.Op<Boolean> timedOut = () -> Select.<Boolean>fair()
                .onReceive(channels.get(0), v -> false)
                .onSend(channels.get(1), 1, () -> false)
                .onReceive(channels.get(2), v -> false)
                .onTimeout(Duration.ofNanos(20_000), () -> true)
                .await();
        Blocking.Op<Boolean> forever = () -> Select.<Boolean>fair()
                .onReceive(channels.get(0), v -> false)
                .onSend(channels.get(1), 1, () -> false)
                .onReceive(channels.get(2), v -> false)
                .await();
        Runnable load = () -> {
            giveUp(WAITERS / 10, timedOut);
            interrupt(WAITERS / 10, forever);
        };
        long started = System.nanoTime();
        load.run();
        long before = usedHeapAfterGc();
        for (int i = 0; i < 4; i++) {
            load.run();
        }
        long grown = usedHeapAfterGc() - before;
        for (Channel<Integer> ch : channels) {
            ChannelStats s = ch.stats();
            assertThat(s.waitingSenders() + s.waitingReceivers()).as("waiters left in %s", s).isZero();
            assertThat(s.received()).as("nothing taken by abandoned selects from %s", s).isZero();
        }
        assertThat(channels.get(1).stats().sent()).as("nothing sent by abandoned selects").isEqualTo(1);
        assertThat(grown).as("heap growth after %d selects were abandoned", WAITERS).isLessThan(HEAP_SLACK);
        Verification.report("leak selects", "%d selects over 3 channels timed out or were interrupted, heap %+d KiB,"
                + " in %d ms", WAITERS, grown >> 10, (System.nanoTime() - started) / 1_000_000);
    }

    /** {@code count} operations, spread over {@link #THREADS} virtual threads, each of which must give up (return true). */
    private static void giveUp(int count, Blocking.Op<Boolean> op) {
        AtomicLong completed = new AtomicLong();
        runOn(THREADS, () -> {
            for (int i = 0; i < count / THREADS; i++) {
                if (!op.run()) {
                    completed.incrementAndGet();
                }
            }
            return null;
        });
        assertThat(completed.get()).as("operations that completed instead of giving up").isZero();
    }

    /** {@code count} operations, in waves of {@link #THREADS} virtual threads, each parked and then interrupted. */
    private static void interrupt(int count, Blocking.Op<?> op) {
        try {
            for (int wave = 0; wave < count / THREADS; wave++) {
                CountDownLatch started = new CountDownLatch(THREADS);
                List<Thread> threads = new ArrayList<>(THREADS);
                AtomicLong completed = new AtomicLong();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                for (int i = 0; i < THREADS; i++) {
                    threads.add(Thread.ofVirtual().start(() -> {
                        started.countDown();
                        try {
                            op.run();
                            completed.incrementAndGet();
                        } catch (InterruptedException expected) {
                            // gave up
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }));
                }
                started.await();
                for (Thread t : threads) {
                    t.interrupt();
                }
                for (Thread t : threads) {
                    t.join();
                }
                if (failure.get() != null) {
                    throw new AssertionError("an operation failed", failure.get());
                }
                assertThat(completed.get()).as("operations that completed instead of being interrupted").isZero();
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code body} on {@code threads} virtual threads and waits for all; rethrows the first failure. */
    private static void runOn(int threads, Blocking.Op<?> body) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            started.add(Thread.ofVirtual().start(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        try {
            for (Thread t : started) {
                t.join();
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (failure.get() != null) {
            throw new AssertionError("an operation failed", failure.get());
        }
    }

    /** Used heap after full collections, settled. */
    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
