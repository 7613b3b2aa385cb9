package dev.channels.internal;

import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A channel's state and the steps that change it, each taken with the lock held: offer a value,
 * take one, close. Plain operations ({@link ChannelCore}) and select ({@link SelectEngine}) use
 * the same steps and the same queues, so a select clause and a plain operation are
 * indistinguishable to a counterpart.
 *
 * <p>State: the buffer ({@link RingBuffer}), two {@link WaitQueue}s, one of blocked senders (each
 * holding the value it offers) and one of blocked receivers, a queue of threads waiting for the
 * channel to be drained, the totals ({@link Totals}) and the closed flag.
 *
 * <p><b>Invariants (whenever the lock is free).</b>
 * <ol>
 *   <li>Live senders wait only if the buffer is full; live receivers only if it is empty. So a
 *       receiver takes the oldest buffered value and the first waiting sender's value takes the
 *       freed slot in the same step ({@link RingBuffer#rotate}), which keeps every sender's values
 *       in order and makes a blocked send complete exactly when its value enters the buffer.</li>
 *   <li>A value moves from a sender to a receiver (or into the buffer) only in a step here, and a
 *       waiter is completed by one compare-and-set on its owner (see {@link Waiter}): each value is
 *       delivered exactly once, and a waiter that gave up left no trace. After that
 *       compare-and-set a step reads what it needs of the waiter (the sender's value) and then
 *       hands the owner to {@link #wakeLater}, its last access to it: a plain waiter that was not
 *       parked may be reused by its thread from then on ({@link Waiter#release}).</li>
 *   <li>{@code count == sent - received - dropped}, exactly: all four change together in one step.</li>
 *   <li>After {@link #closeLocked}, no send succeeds and no sender waits; receivers drain the
 *       buffer and then see {@link NoValue#CLOSED} without waiting. A channel never reopens.</li>
 *   <li>A step never waits, never calls out and, where it may allocate, does so before it changes
 *       anything; what must happen after the lock is released goes on the {@link Agenda}.</li>
 * </ol>
 *
 * <p><b>When changing this file</b>, run {@code ChannelLincheckTryOpsTest} and
 * {@code ChannelLincheckBlockingTest} (linearizability), {@code ChannelCloseRaceTest} and
 * {@code ChannelStressTest}; for the lock-free reads ({@link #surelyEmpty}, {@link #surelyFull}),
 * the try-operation kinds of {@code ChannelLincheckTryOpsTest} above all.
 */
abstract class LockedSteps extends RingBuffer {
    private static final AtomicLong IDS = new AtomicLong();

    /** Unique, increasing: the order in which a select locks several channels. */
    final long id = IDS.incrementAndGet();
    final Overflow overflow;

    final WaitQueue senders = new WaitQueue();
    /** The channel itself, whose first fields are this queue's ends: see {@link WaitQueue}. */
    final WaitQueue receivers = this;
    final WaitQueue drainWaiters = new WaitQueue();

    /** Written under the lock; read without it by the lock-free checks. */
    volatile boolean closed;
    Throwable cause;
    private ArrayList<Runnable> closeListeners;

    LockedSteps(int capacity, Overflow overflow, Consumer<Object> dropHandler) {
        super(capacity, dropHandler);
        Capacity.checkOverflow(Objects.requireNonNull(overflow, "overflow policy"), capacity);
        this.overflow = overflow;
    }

    /**
     * Hands {@code item} to a waiting receiver, or buffers it, or applies the overflow policy to a
     * full buffer.
     *
     * @return {@link SendResult#SENT}, {@link SendResult#CLOSED} or {@link SendResult#WOULD_BLOCK}
     */
    final SendResult offerLocked(Object item) {
        if (closed) {
            return SendResult.CLOSED;
        }
        if (!receivers.isEmpty()) {
            Waiter r = receivers.claimReceiver(item);
            if (r != null) {
                sent++;
                received++;
                wakeLater(r.owner);
                return SendResult.SENT;
            }
        }
        if (count < capacity) {
            enqueue(item);
            sent++;
            return SendResult.SENT;
        }
        if (overflow == Overflow.DROP_NEWEST) {
            dropLater(item);
        } else if (overflow == Overflow.DROP_OLDEST) {
            dropLater(oldest()); // first: it may allocate, and then nothing has changed
            rotate(item, false);
        } else {
            return SendResult.WOULD_BLOCK;
        }
        sent++;
        dropped++;
        return SendResult.SENT;
    }

    /** Offers {@code items[from..]} until one does not fit; returns the index of the first not sent. */
    final int offerAllLocked(Object[] items, int from) {
        int i = from;
        while (i < items.length && offerLocked(items[i]) == SendResult.SENT) {
            i++;
        }
        return i;
    }

    /** Whether a send would complete now (closed counts: it would fail now). */
    final boolean canSendLocked() {
        return closed || count < capacity || overflow != Overflow.BLOCK || receivers.hasLive();
    }

    /**
     * Takes the oldest value: from the buffer (the first waiting sender's value taking the freed
     * slot), else from a waiting sender.
     *
     * @return the value, {@link NoValue#CLOSED} if closed and drained, or null if it would block
     */
    final Object pollLocked() {
        if (count > 0) {
            Waiter s = senders.isEmpty() ? null : senders.claimSender();
            Object item;
            if (s != null) {
                item = rotate(s.item, true); // the buffer is full: the sender's value takes the freed slot
                sent++;
                wakeLater(s.owner);
            } else {
                item = dequeue(true);
            }
            received++;
            if (count == 0 && closed) {
                drainWaiters.closeAll(this);
            }
            return item;
        }
        if (!senders.isEmpty()) {
            Waiter s = senders.claimSender();
            if (s != null) {
                sent++;
                received++;
                Object item = s.item; // first: waking is the last access to a completed waiter
                wakeLater(s.owner);
                return item;
            }
        }
        return closed ? NoValue.CLOSED : null;
    }

    /**
     * Fills {@code into} from index {@code from} with values taken one by one.
     *
     * @return the index after the last value taken; -1 if {@code from} is 0 and the channel is
     *     closed and drained
     */
    final int pollAllLocked(Object[] into, int from) {
        int taken = from;
        while (taken < into.length) {
            Object item = pollLocked();
            if (item == null) {
                break;
            }
            if (item == NoValue.CLOSED) {
                return taken == 0 ? -1 : taken;
            }
            into[taken++] = item;
        }
        return taken;
    }

    /** Whether a receive would complete now (with a value or with "closed"). */
    final boolean canReceiveLocked() {
        return count > 0 || closed || senders.hasLive();
    }

    /**
     * Closes the channel; with a {@code cause}, fails it and discards the buffer (each value
     * counted as dropped and queued for the drop handler). Waiting senders fail; waiting
     * receivers and drain waiters see "closed" once the buffer is empty.
     *
     * @return the close listeners, to run after unlocking (possibly null); the caller must have
     *     checked that the channel is open
     */
    final ArrayList<Runnable> closeLocked(Throwable cause) {
        if (cause != null) {
            reserveDrops(count); // the one allocation, before anything changes
        }
        this.cause = cause;
        closed = true;
        senders.closeAll(this);
        if (cause != null) {
            while (count > 0) {
                dropLater(oldest());
                dequeue(false);
                dropped++;
            }
        }
        if (count == 0) {
            receivers.closeAll(this);
            drainWaiters.closeAll(this);
        }
        ArrayList<Runnable> listeners = closeListeners;
        closeListeners = null;
        return listeners;
    }

    /** Registers {@code listener} to run when the channel closes; false if it is closed already. */
    final boolean addCloseListenerLocked(Runnable listener) {
        if (closed) {
            return false;
        }
        if (closeListeners == null) {
            closeListeners = new ArrayList<>(2);
        }
        closeListeners.add(listener);
        return true;
    }

    /**
     * Without the lock: whether a receive on this buffered channel would find nothing, at the
     * instant the count is read. A buffered channel has waiting senders only when full, and a
     * channel never reopens, so an empty count followed by "not closed" is one instant at which
     * there was nothing to receive: a try-receive can report that without locking.
     */
    final boolean surelyEmpty() {
        return capacity > 0 && countOpaque() == 0 && !closed;
    }

    /** Like {@link #surelyEmpty()}: a full buffer (it has no waiting receivers) of a blocking channel. */
    final boolean surelyFull() {
        return capacity > 0 && overflow == Overflow.BLOCK && countOpaque() == capacity && !closed;
    }
}
