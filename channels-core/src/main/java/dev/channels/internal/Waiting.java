package dev.channels.internal;

import java.util.function.Consumer;

/**
 * How a thread waits on a channel when a step found nothing to do: spin with the lock released
 * (buffered channels), else queue a {@link Waiter} under the lock, release it, and wait for a
 * counterpart to complete the waiter, for the timeout to pass or for an interrupt. The waiter's
 * own protocol (spin, park, deadline, give up) is in {@link Waiter#await}.
 *
 * <p><b>Invariant.</b> A waiter is queued only under the lock, by a thread that is not
 * interrupted at that moment, and only after a step under the same hold of the lock found that the
 * operation cannot complete now; so a counterpart that comes later finds it (no lost wake-up). A
 * waiter that gives up (timeout or interrupt) cancelled its owner first, so no counterpart can
 * complete it any more, and then removes its node under the lock: it leaves no trace, and the
 * operation reports that nothing happened. A waiter that was completed reports the completion,
 * even if an interrupt came too late (the interrupt status is then set again).
 *
 * <p>A plain operation's waiter is the thread's spare when that is free ({@link Waiter#ofCurrentThread})
 * and is released once its outcome and value are read; an interrupted wait does not release it
 * (the next operation then makes a new one).
 *
 * <p><b>When changing this file</b>, run {@code ChannelLincheckRendezvousTest} (park and wake-up,
 * interleaving by interleaving), {@code ChannelInterruptTest}, {@code ChannelLeakTest},
 * {@code ChannelBlockingTest} and {@code ChannelObserverTest} (blocked times), then
 * {@code ChannelStressTest}.
 */
abstract class Waiting extends LockedSteps {
    /** How long threads about to wait on this channel spin first. */
    final AdaptiveSpin spin;

    Waiting(int capacity, Overflow overflow, Consumer<Object> dropHandler) {
        super(capacity, overflow, dropHandler);
        this.spin = new AdaptiveSpin(capacity == 0);
    }

    /**
     * Under the lock, after a step could not complete: how many times the current thread may spin
     * with the lock released before it queues a waiter. Only on a buffered channel, and only once
     * per operation ({@code spunAlready}); 0 means "queue now, keeping the lock".
     */
    final int spinsBeforeQueueing(boolean spunAlready) {
        return spunAlready || capacity == 0 ? 0 : spin.budget();
    }

    /**
     * With the lock released, on a buffered channel that had no value to take ({@code forValue})
     * or no room for one: spins up to {@code spins} times while the buffer stays empty (or full),
     * reading the count without the lock, and tells the spin budget whether it paid off. The
     * caller then looks again under the lock, whatever the spin saw; a change that comes during
     * the spin is so acted on without queueing a waiter, allocating or parking.
     */
    final void spinUnlocked(int spins, boolean forValue) {
        AdaptiveSpin s = spin;
        for (; spins > 0; spins--) {
            int n = countOpaque();
            if ((forValue ? n > 0 : n < capacity) || closed) {
                s.paidOff();
                return;
            }
            Thread.onSpinWait();
        }
        s.wasted();
    }

    /**
     * Under the lock: queues a new waiter of the current thread on {@code queue}, offering
     * {@code item} (null for a receiver), unless the thread is interrupted.
     *
     * @throws InterruptedException if the thread is interrupted; nothing was queued
     */
    static Waiter queueLocked(WaitQueue queue, Object item) throws InterruptedException {
        throwIfInterrupted();
        Waiter w = Waiter.ofCurrentThread(item);
        queue.add(w);
        return w;
    }

    /**
     * Before a thread queues anything to wait: an interrupted thread does not start waiting
     * (clearing the status, as {@link InterruptedException} does). Plain operations and select
     * both check here.
     */
    static void throwIfInterrupted() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Without the lock: waits for the queued sender {@code w}. */
    final SendResult awaitSend(Waiter w, long timeoutNanos) throws InterruptedException {
        int outcome = awaitOutcome(w, senders, timeoutNanos, true);
        w.release();
        if (outcome == Waiter.GAVE_UP_TIMED_OUT) {
            return SendResult.TIMED_OUT;
        }
        return Waiter.isClosed(outcome) ? SendResult.CLOSED : SendResult.SENT;
    }

    /** Without the lock: waits for the queued receiver {@code w}; returns its value, or a {@link NoValue}. */
    final Object awaitReceive(Waiter w, long timeoutNanos) throws InterruptedException {
        int outcome = awaitOutcome(w, receivers, timeoutNanos, false);
        Object item = outcome == Waiter.GAVE_UP_TIMED_OUT ? NoValue.TIMED_OUT
                : Waiter.isClosed(outcome) ? NoValue.CLOSED : w.item;
        w.release(); // after reading the value: release clears it
        return item;
    }

    /**
     * Without the lock: waits for a plain operation's waiter, reports the time blocked to the
     * probe, and on give-up removes the waiter from {@code queue}.
     *
     * @return a completion code, or {@link Waiter#GAVE_UP_TIMED_OUT}
     * @throws InterruptedException if the wait was given up because of an interrupt
     */
    private int awaitOutcome(Waiter w, WaitQueue queue, long timeoutNanos, boolean sending)
            throws InterruptedException {
        Probe p = probe;
        long start = p != null ? System.nanoTime() : 0;
        int outcome = w.await(spin, timeoutNanos);
        if (p != null) {
            long blocked = System.nanoTime() - start;
            if (sending) {
                p.sendBlocked(blocked);
            } else {
                p.receiveBlocked(blocked);
            }
        }
        giveUpIfNotCompleted(w, queue, outcome);
        return outcome;
    }

    /**
     * Without the lock: waits until the queued drain waiter {@code w} is completed (the channel is
     * closed and drained), never spinning.
     *
     * @return true if it was, false if the timeout passed first
     */
    final boolean awaitDrain(Waiter w, long timeoutNanos) throws InterruptedException {
        int outcome = w.await(AdaptiveSpin.NEVER, timeoutNanos);
        giveUpIfNotCompleted(w, drainWaiters, outcome);
        w.release();
        return Waiter.isCompletion(outcome);
    }

    /** If {@code outcome} is a give-up, removes {@code w} from {@code queue} and throws for an interrupt. */
    private void giveUpIfNotCompleted(Waiter w, WaitQueue queue, int outcome) throws InterruptedException {
        if (Waiter.isCompletion(outcome)) {
            return;
        }
        lock();
        try {
            queue.remove(w);
        } finally {
            unlockAndFlush();
        }
        if (outcome == Waiter.GAVE_UP_INTERRUPTED) {
            throw new InterruptedException();
        }
    }
}
