package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Blocking;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The work a step under the lock leaves for after it: wake-ups and drop reports. */
class AgendaTest {

    /**
     * Drop handlers run and parked threads are woken only after the channel's lock is released. A
     * drop handler finds the lock free, for both drop policies and for the values a failure
     * discards. A step under the lock that hands a value to a parked receiver leaves that receiver
     * parked, its wake-up queued on the agenda, until the lock is released; the woken receiver
     * then finds the lock free.
     */
    @Test
    void dropsAndWakeUpsHappenAfterTheLockIsReleased() throws Exception {
        List<String> lockDuringDrop = new CopyOnWriteArrayList<>();
        ChannelCore[] holder = new ChannelCore[1];
        Consumer<Object> handler = dropped -> lockDuringDrop.add(dropped + (isFree(holder[0]) ? " free" : " held"));
        for (Overflow policy : new Overflow[] {Overflow.DROP_OLDEST, Overflow.DROP_NEWEST}) {
            holder[0] = new ChannelCore(1, policy, handler);
            holder[0].send("a", 0);
            holder[0].send("b", 0); // drops a (oldest) or b (newest)
            holder[0].close(new IllegalStateException("x")); // discards what is left
        }
        assertThat(lockDuringDrop).containsExactly("a free", "b free", "b free", "a free");

        ChannelCore core = new ChannelCore(1, Overflow.BLOCK, null);
        // a virtual thread on a buffered channel parks at once, without spinning
        Blocking.Running<String> receiver = Blocking.startBlocked(() -> {
            Object value = core.receive(ChannelCore.FOREVER);
            return value + (isFree(core) ? " free" : " held");
        });
        core.lock();
        try {
            assertThat(core.offerLocked("v")).as("handed to the parked receiver").isEqualTo(SendResult.SENT);
            assertThat(core.hasAgenda()).as("its wake-up is queued for after the lock").isTrue();
            assertThat(receiver.thread().getState()).as("still parked while the lock is held").isEqualTo(Thread.State.WAITING);
        } finally {
            core.unlockAndFlush();
        }
        assertThat(receiver.join()).isEqualTo("v free");
    }

    /** Whether the lock of {@code core} is free now (it is taken and released again if so). */
    private static boolean isFree(ChannelCore core) {
        if (core.tryLock()) {
            core.unlock();
            return true;
        }
        return false;
    }
}
