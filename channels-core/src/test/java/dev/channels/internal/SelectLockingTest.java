package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Blocking;
import dev.channels.Channel;
import dev.channels.OverflowPolicy;
import dev.channels.Select;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How a select holds its channels' locks: never while it waits for another lock, and never while
 * user code runs. Regression tests for two hangs found by the close-race test.
 */
class SelectLockingTest {

    /**
     * A select took its channels' locks in order and, finding one taken, spun and then yielded
     * while it still held the earlier ones. A virtual thread that yields while holding a lock can
     * queue behind the virtual threads spinning for that lock, which yield too: the close-race test
     * hung that way, the holder runnable but never run again. Now a select that finds a lock taken
     * releases the ones it holds before it waits.
     */
    @Test
    void aSelectWaitingForOneOfItsLocksHoldsNoneOfTheOthers() throws Exception {
        ChannelCore first = new ChannelCore(1, Overflow.BLOCK, null);
        ChannelCore second = new ChannelCore(1, Overflow.BLOCK, null);
        SelectEngine engine = new SelectEngine(new ChannelCore[] {first, second},
                new boolean[] {false, false}, new Object[] {null, null});
        second.lock();
        Thread selecting;
        boolean firstWasFree;
        try {
            // a platform thread, whose stack can be looked at safely while it spins
            selecting = Thread.ofPlatform().start(() -> {
                try {
                    engine.select(true, true, 0);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            // the first lock is free, so a select that waits for a lock waits for the second
            Blocking.awaitTrue("the select waits for the second lock", () -> Arrays.stream(selecting.getStackTrace())
                    .anyMatch(frame -> frame.getMethodName().equals("lockContended")));
            Thread probing = Thread.ofPlatform().start(first::size); // takes the first lock
            firstWasFree = probing.join(Blocking.PROMPTLY);
        } finally {
            second.unlock();
        }
        assertThat(selecting.join(Blocking.PROMPTLY)).as("the select completes once the lock is free").isTrue();
        assertThat(firstWasFree).as("the first channel's lock was free while the select waited for the second").isTrue();
    }

    /**
     * A select released its channels' locks one at a time, running each one's deferred work as it
     * went, so the drop handler of the channel it sent to could run while it still held a later
     * channel's lock. A handler that touched that channel spun forever on its own thread's lock.
     */
    @Test
    void aDropHandlerRunsAfterEveryLockOfTheSelectIsReleased() throws Exception {
        AtomicReference<Channel<Integer>> deadLetters = new AtomicReference<>();
        // made first, so that its lock comes before the dead letters' in the select's lock order
        Channel<Integer> orders = Channel.<Integer>builder().capacity(1).overflow(OverflowPolicy.DROP_NEWEST)
                .onDrop(v -> deadLetters.get().trySend(v))
                .build();
        Channel<Integer> dead = Channel.unlimited();
        deadLetters.set(dead);
        orders.send(1);
        Blocking.Running<String> selecting = Blocking.start(() -> Select.<String>fair()
                .onSend(orders, 2, () -> "sent")
                .onReceive(dead, v -> "dead " + v)
                .await());
        assertThat(selecting.join()).isEqualTo("sent");
        assertThat(dead.tryReceive()).as("the dropped value, passed on by the drop handler").isEqualTo(2);
        assertThat(orders.stats().dropped()).isEqualTo(1);
    }
}
