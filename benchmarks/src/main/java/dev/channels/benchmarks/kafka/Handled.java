package dev.channels.benchmarks.kafka;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the values a listener handled and lets the benchmark wait until a number of them was.
 *
 * <p>Algorithm: one counter of handled values for the whole trial; before an invocation sends,
 * {@link #expect} sets the count to wait for (the values sent in the trial so far, these
 * included) and a fresh latch. Each handled value increments the counter; the one that makes it
 * equal to the target opens the latch. Counts go up one at a time, so exactly one handled value
 * meets the target, duplicates (at least once) included: a duplicate only makes the target come
 * one value early. If the count is already there when the target is set, {@link #expect} opens
 * the latch itself: the target is written before the count is read, and a listener increments
 * the count before it reads the target, so one of the two sees the other (both are volatile).
 * Invariant: {@code target} and {@code reached} are written only between invocations, the latch
 * first, so a listener that reads the new target reads its latch.
 */
public final class Handled {
    private final AtomicLong count = new AtomicLong();
    private final LongAdder amounts = new LongAdder();
    private volatile CountDownLatch reached = new CountDownLatch(0);
    private volatile long target = Long.MAX_VALUE;

    /**
     * A listener handled {@code order}.
     *
     * @param order the value
     */
    public void handle(Order order) {
        amounts.add(order.amountCents());
        if (count.incrementAndGet() == target) {
            reached.countDown();
        }
    }

    /**
     * Before the values are sent: {@link #await} returns once {@code total} values were handled
     * in this trial.
     *
     * @param total how many values the trial has sent once the next ones are
     */
    public void expect(long total) {
        CountDownLatch latch = new CountDownLatch(1);
        reached = latch;
        target = total;
        if (count.get() >= total) {
            latch.countDown();
        }
    }

    /**
     * Waits until the expected values were handled.
     *
     * @param limit the longest wait, which only bounds a hang
     * @throws InterruptedException if interrupted
     * @throws IllegalStateException if they were not handled within {@code limit}
     */
    public void await(Duration limit) throws InterruptedException {
        if (!reached.await(limit.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("the listener handled " + count.get() + " values, not " + target + ", within "
                    + limit);
        }
    }

    /**
     * The values handled so far (a value handled twice counts twice).
     *
     * @return the count
     */
    public long count() {
        return count.get();
    }

    /**
     * The sum of the handled values' amounts, so that the listener's work is observable.
     *
     * @return the sum
     */
    public long amounts() {
        return amounts.sum();
    }
}
