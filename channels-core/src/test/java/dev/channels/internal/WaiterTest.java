package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Blocking;
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
}
