package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Verification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cleaning up after a waiter that gave up (timeout, interrupt, or a select that completed through
 * another channel) costs constant time, wherever its node sits in the queue. Times the clean-up
 * step that a give-up runs (cancel the owner, lock the channel, unlink the node, unlock), for all
 * of n and of 2n waiters queued on one channel: the fastest of nine runs for 2n must be under 3
 * times the fastest for n (a cost linear in the queue's length would make it about 4). The
 * fastest run is the one least disturbed by other work on the machine, which only adds time. The order
 * is every other waiter from the front, then the rest from the back: a search for the node from
 * either end would cost about n/2 each time, while the memory is still walked in strides rather
 * than at random (random order measures the caches, which the larger queue outgrows). Only the
 * clean-up is timed: parking and waking threads would drown it in scheduling noise.
 * {@code dev.channels.ChannelLeakTest} checks, through the public API, that real timed-out and
 * interrupted waiters leave nothing behind.
 *
 * <p>It compares run times, so it runs only in the long form ({@code -Dchannels.verify.long=true}):
 * on a loaded machine no ratio of wall-clock times is certain, however the runs are picked. The
 * default suite checks the queue's unlinking itself ({@link WaitQueueTest}) and, through the
 * public API, that waiters that gave up leave nothing behind ({@code ChannelLeakTest}).
 *
 * <p>Knob: {@code channels.verify.leak.cancel.n} (n; 1,000,000 in the long form).
 */
@EnabledIfSystemProperty(named = "channels.verify.long", matches = "true",
        disabledReason = "compares wall-clock times: long form only (-Dchannels.verify.long=true)")
class WaiterCleanupCostTest {

    @Test
    void cancellingTwiceAsManyWaitersTakesLessThanThreeTimesAsLong() {
        int n = Verification.knob("leak.cancel.n", 100_000, 1_000_000);
        for (int i = 0; i < 3; i++) { // warm up the compiler
            cleanUp(n);
            cleanUp(2 * n);
        }
        long[] small = new long[9];
        long[] large = new long[9];
        for (int i = 0; i < small.length; i++) {
            small[i] = cleanUp(n);
            large[i] = cleanUp(2 * n);
        }
        Arrays.sort(small);
        Arrays.sort(large);
        double ratio = (double) large[0] / small[0];
        Verification.report("waiter clean-up cost", "fastest %d us for %d waiters, %d us for %d, ratio %.2f (medians %d"
                + " and %d us)", small[0] / 1000, n, large[0] / 1000, 2 * n, ratio, small[4] / 1000, large[4] / 1000);
        assertThat(ratio).as("time to clean up %d waiters over the time for %d", 2 * n, n).isLessThan(3.0);
    }

    /** Queues {@code n} receivers on a new channel and times their clean-up. */
    private static long cleanUp(int n) {
        ChannelCore core = new ChannelCore(0, Overflow.BLOCK, null);
        List<Waiter> waiters = new ArrayList<>(n);
        core.lock();
        for (int i = 0; i < n; i++) {
            Waiter w = new Waiter(null);
            core.receivers.add(w);
            waiters.add(w);
        }
        core.unlockAndFlush();
        List<Waiter> order = new ArrayList<>(n);
        for (int i = 0; i < n; i += 2) {
            order.add(waiters.get(i));
        }
        for (int i = (n - 1) | 1; i >= 1; i -= 2) {
            if (i < n) {
                order.add(waiters.get(i));
            }
        }
        long started = System.nanoTime();
        for (Waiter w : order) {
            // what a waiter that gave up does (ChannelCore.awaitOutcome, SelectEngine.deregister)
            w.cancel();
            core.lock();
            core.receivers.remove(w);
            core.unlockAndFlush();
        }
        long took = System.nanoTime() - started;
        assertThat(core.receivers.length()).isZero();
        return took;
    }
}
