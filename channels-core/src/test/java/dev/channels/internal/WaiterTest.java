package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.channels.Blocking;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A thread's plain waiter is reused only when nothing else can reach it: its completer handed it
 * back without queueing it to be woken (it never announced a park), and the thread released it.
 */
class WaiterTest {

    /** Completes {@code w} as a step under {@code core}'s lock does, then wakes it as the step's agenda does. */
    private static void completeAsAStep(ChannelCore core, Waiter w) {
        core.lock();
        try {
            assertThat(w.complete(Waiter.completion(0, false))).isTrue();
            core.wakeLater(w);
        } finally {
            core.unlockAndFlush();
        }
    }

    @Test
    void aWaiterHandedBackAndReleasedIsTheThreadsNextWaiter() {
        ChannelCore core = new ChannelCore(0, Overflow.BLOCK, null);
        Waiter first = Waiter.ofCurrentThread("a");
        completeAsAStep(core, first);
        assertThat(first.await(AdaptiveSpin.NEVER, ChannelCore.FOREVER)).isEqualTo(Waiter.completion(0, false));
        first.release();

        Waiter next = Waiter.ofCurrentThread("b");
        assertThat(next).as("the spare is reused").isSameAs(first);
        assertThat(next.isWaiting()).as("waiting afresh").isTrue();
        assertThat(next.item).isEqualTo("b");
    }

    @Test
    void aWaiterItsCompleterDidNotHandBackIsNotReused() {
        Waiter first = Waiter.ofCurrentThread("a");
        assertThat(first.complete(Waiter.completion(0, false))).isTrue(); // completed, never handed back
        first.release();
        assertThat(Waiter.ofCurrentThread("b")).as("a completer may still hold it").isNotSameAs(first);
    }

    @Test
    void aWaiterInUseIsNotTakenAgain() {
        Waiter inUse = Waiter.ofCurrentThread("a");
        assertThat(Waiter.ofCurrentThread("b")).as("not released: a second operation gets its own").isNotSameAs(inUse);
    }

    /**
     * A waiter that parked was queued to be woken, so its completer touches it after unlocking:
     * the thread makes a new one for its next operation.
     */
    @Test
    void aWaiterThatParkedIsNotReused() throws Exception {
        ChannelCore core = new ChannelCore(0, Overflow.BLOCK, null);
        AtomicReference<Waiter> parked = new AtomicReference<>();
        AtomicReference<Waiter> next = new AtomicReference<>();
        Thread waiting = Thread.ofVirtual().unstarted(() -> {
            Waiter w = Waiter.ofCurrentThread(null);
            core.lock();
            core.receivers.add(w);
            core.unlockAndFlush();
            parked.set(w);
            w.await(AdaptiveSpin.NEVER, ChannelCore.FOREVER);
            w.release();
            next.set(Waiter.ofCurrentThread(null));
        });
        waiting.start();
        Blocking.awaitTrue("the waiter parks", () -> parked.get() != null
                && (waiting.getState() == Thread.State.WAITING));
        assertThat(core.send("v", 0)).isEqualTo(SendResult.SENT);
        assertThat(waiting.join(Blocking.PROMPTLY)).isTrue();
        assertThat(parked.get().item).isEqualTo("v");
        assertThat(next.get()).isNotNull().isNotSameAs(parked.get());
    }

    /**
     * A virtual thread whose completer waits in its own carrier's queue yields to it instead of
     * parking: run in a JVM of its own whose scheduler has one carrier, so the completer can run
     * only when the waiting thread gives the carrier up. Each of 200 waits must see its completion
     * without announcing a park; with yielding off, every one of them parks.
     */
    @Test
    void aWaitYieldsToACompleterQueuedOnItsCarrierRatherThanParking() throws Exception {
        assertThat(yieldingOnOneCarrier(WaitOnOneCarrier.class)).as("what the child JVM reported").contains("200 waits, 0 parked");
    }

    /**
     * Runs {@code main} in a JVM of its own whose virtual-thread scheduler has one carrier (skipped
     * when yielding is off) and returns what it printed.
     */
    private static String yieldingOnOneCarrier(Class<?> main) throws Exception {
        assumeTrue(AdaptiveSpin.YIELDS > 0, "yielding is off (dev.channels.spin.yields=0)");
        return ChildJvm.run(main,
                List.of("-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"));
    }

    /** The child JVM of {@link #aWaitYieldsToACompleterQueuedOnItsCarrierRatherThanParking}. */
    static final class WaitOnOneCarrier {
        public static void main(String[] args) throws Exception {
            int[] parked = new int[1];
            int waits = 200;
            Thread waiting = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < waits; i++) {
                    Waiter w = new Waiter(null);
                    // Queued behind this thread on the only carrier: it runs once this thread lets go.
                    Thread.ofVirtual().start(() -> {
                        w.complete(Waiter.completion(0, false));
                        w.unparkIfParked(); // as a channel's completer does, once it has unlocked
                    });
                    // A gate of its own: a slow first yield (class loading) must not turn the later ones off.
                    int outcome = w.await(new AdaptiveSpin(true, new YieldGate()), ChannelCore.FOREVER);
                    if (!Waiter.isCompletion(outcome)) {
                        throw new AssertionError("wait " + i + " ended with " + outcome);
                    }
                    if (w.mayBeParked()) {
                        parked[0]++;
                    }
                }
            });
            waiting.join();
            System.out.println(waits + " waits, " + parked[0] + " parked");
        }
    }

    /**
     * A yield that lasts {@link AdaptiveSpin#YIELD_NANOS} or more closes the yield gate: in a JVM
     * whose scheduler has one carrier, the completer queued behind the waiting thread works for
     * ten times that long before it completes the wait, so the yield that lets it run lasts at
     * least as long.
     */
    @Test
    void aYieldThatLastsTooLongClosesTheYieldGate() throws Exception {
        assertThat(yieldingOnOneCarrier(YieldBehindASlowCompleter.class)).as("what the child JVM reported").contains("completed, gate closed");
    }

    /** The child JVM of {@link #aYieldThatLastsTooLongClosesTheYieldGate}. */
    static final class YieldBehindASlowCompleter {
        public static void main(String[] args) throws Exception {
            YieldGate gate = new YieldGate();
            String[] report = new String[1];
            Thread waiting = Thread.ofVirtual().start(() -> {
                Waiter w = new Waiter(null);
                long before = System.nanoTime();
                Thread.ofVirtual().start(() -> {
                    long until = System.nanoTime() + 10 * AdaptiveSpin.YIELD_NANOS;
                    while (System.nanoTime() - until < 0) {
                        Thread.onSpinWait(); // holds the only carrier: the waiting thread's yield lasts this long
                    }
                    w.complete(Waiter.completion(0, false));
                    w.unparkIfParked();
                });
                int outcome = w.await(new AdaptiveSpin(true, gate), ChannelCore.FOREVER);
                // Closed at some instant after `before`: it then reopens after before + YIELDS_OFF_NANOS.
                boolean closed = !gate.isOpen(before + AdaptiveSpin.YIELDS_OFF_NANOS - 1);
                report[0] = (Waiter.isCompletion(outcome) ? "completed" : "gave up " + outcome)
                        + ", gate " + (closed ? "closed" : "open");
            });
            waiting.join();
            System.out.println(report[0]);
        }
    }
}
