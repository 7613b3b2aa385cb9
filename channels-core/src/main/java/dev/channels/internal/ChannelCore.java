package dev.channels.internal;

import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * The channel engine behind {@code dev.channels.Channel}: untyped, exception-free, its public
 * operations. Each is built from the same pieces, each in a file of its own:
 * <ol>
 *   <li>take the lock ({@link SpinLock});</li>
 *   <li>try a step under it ({@link LockedSteps}: offer, poll, close), which moves values through
 *       the buffer ({@link RingBuffer}) or hands them to a queued waiter ({@link WaitQueue});</li>
 *   <li>if the step could not complete and the caller may wait: on a buffered channel, release
 *       the lock, spin briefly and try once more; else queue a {@link Waiter} while still holding
 *       the lock;</li>
 *   <li>release the lock, then do what the step put on the {@link Agenda} (wake-ups, drop
 *       reports, buffer times);</li>
 *   <li>if a waiter was queued, wait for it ({@link Waiting}, {@link Waiter#await}) and clean up.</li>
 * </ol>
 *
 * <p><b>Invariant.</b> Every hold of the lock is {@code lock(); try { ... } finally {
 * unlockAndFlush(); }}, and nothing inside calls code the caller supplied, waits, parks or makes
 * a system call: a batch arrives as an array of the channel's own, a batch receive fills an array
 * allocated before locking, and callbacks run after unlocking. So no path can leave the lock
 * held, whatever throws. The invariants of the channel's state are in {@link LockedSteps}. A send
 * or receive that need not wait allocates nothing.
 *
 * <p><b>Select</b> ({@link SelectEngine}) locks several channels and uses the same steps.
 *
 * <p><b>When changing this file</b>, run the whole verification suite:
 * {@code ./mvnw -pl channels-core verify} (Lincheck, stress, close races, leaks).
 */
public final class ChannelCore extends Waiting {
    /** Timeout argument meaning "wait as long as it takes". */
    public static final long FOREVER = -1;
    /** Capacity of a channel whose buffer has no bound. */
    public static final int UNLIMITED = Capacity.UNLIMITED;
    /** What a batch operation returns when the channel is closed (before any was sent; drained). */
    public static final int BATCH_CLOSED = -1;

    /**
     * Creates a channel engine.
     *
     * @param capacity 0 for rendezvous, a positive bound, or {@link #UNLIMITED}
     * @param overflow what a send on a full buffer does; the drop policies need a bounded
     *     capacity of 1 or more
     * @param dropHandler told of every value the channel discards, or null
     * @throws IllegalArgumentException if the capacity is negative, or the policy does not fit it
     */
    public ChannelCore(int capacity, Overflow overflow, Consumer<Object> dropHandler) {
        super(capacity, overflow, dropHandler);
    }

    /** A number unique to this channel, increasing with creation order. */
    public long id() {
        return id;
    }

    /** The capacity given at creation. */
    public int capacity() {
        return capacity;
    }

    /** The overflow policy given at creation. */
    public Overflow overflow() {
        return overflow;
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends {@code item}, waiting up to {@code timeoutNanos} ({@link #FOREVER}, or 0 for none).
     *
     * @return {@link SendResult#SENT}, {@link SendResult#CLOSED}, {@link SendResult#WOULD_BLOCK}
     *     (timeout 0) or {@link SendResult#TIMED_OUT}
     * @throws InterruptedException if interrupted while waiting; the value was then not sent
     */
    public SendResult send(Object item, long timeoutNanos) throws InterruptedException {
        if (timeoutNanos == 0 && surelyFull()) {
            return SendResult.WOULD_BLOCK;
        }
        boolean spun = false;
        for (;;) {
            Waiter w = null;
            int spins;
            lock();
            try {
                SendResult result = offerLocked(item);
                if (result != SendResult.WOULD_BLOCK || timeoutNanos == 0) {
                    return result;
                }
                spins = spinsBeforeQueueing(spun);
                if (spins == 0) {
                    w = queueLocked(senders, item);
                }
            } finally {
                unlockAndFlush();
            }
            if (w != null) {
                return awaitSend(w, timeoutNanos);
            }
            spinUnlocked(spins, false); // then look again: anything may have happened meanwhile
            spun = true;
        }
    }

    /**
     * Sends a prefix of {@code items} without waiting, or, if none fits and a wait is allowed,
     * waits to send the first and then sends what else fits without waiting. The array is the
     * caller's own copy, free of nulls: nothing of the caller's runs while the lock is held.
     *
     * @return how many were sent from the front; {@link #BATCH_CLOSED} if the channel was closed
     *     before any was sent; 0 if none fit within the timeout
     * @throws InterruptedException if interrupted while waiting; nothing was then sent
     */
    public int sendBatch(Object[] items, long timeoutNanos) throws InterruptedException {
        Waiter w;
        lock();
        try {
            if (closed) {
                return BATCH_CLOSED;
            }
            int moved = offerAllLocked(items, 0);
            if (moved > 0 || items.length == 0 || timeoutNanos == 0) {
                return moved;
            }
            w = queueLocked(senders, items[0]);
        } finally {
            unlockAndFlush();
        }
        SendResult first = awaitSend(w, timeoutNanos);
        if (first != SendResult.SENT) {
            return first == SendResult.CLOSED ? BATCH_CLOSED : 0;
        }
        lock();
        try {
            return offerAllLocked(items, 1);
        } finally {
            unlockAndFlush();
        }
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Receives a value, waiting up to {@code timeoutNanos} ({@link #FOREVER}, or 0 for none).
     *
     * @return the value, or {@link NoValue#CLOSED}, {@link NoValue#EMPTY} (timeout 0) or
     *     {@link NoValue#TIMED_OUT}
     * @throws InterruptedException if interrupted while waiting; nothing was then taken
     */
    public Object receive(long timeoutNanos) throws InterruptedException {
        if (timeoutNanos == 0 && surelyEmpty()) {
            return NoValue.EMPTY;
        }
        boolean spun = false;
        for (;;) {
            Waiter w = null;
            int spins;
            lock();
            try {
                Object item = pollLocked();
                if (item != null) {
                    return item;
                }
                if (timeoutNanos == 0) {
                    return NoValue.EMPTY;
                }
                spins = spinsBeforeQueueing(spun);
                if (spins == 0) {
                    w = queueLocked(receivers, null);
                }
            } finally {
                unlockAndFlush();
            }
            if (w != null) {
                return awaitReceive(w, timeoutNanos);
            }
            spinUnlocked(spins, true);
            spun = true;
        }
    }

    /**
     * Takes up to {@code into.length} values into {@code into} without waiting, or, if there are
     * none and a wait is allowed, waits for one and then takes what else is there without waiting.
     * The array is the caller's, allocated before: nothing is allocated while the lock is held.
     *
     * @return how many were taken, from index 0; {@link #BATCH_CLOSED} if the channel is closed
     *     and drained; 0 if none arrived within the timeout
     * @throws InterruptedException if interrupted while waiting; nothing was then taken
     */
    public int receiveBatch(Object[] into, long timeoutNanos) throws InterruptedException {
        Waiter w;
        lock();
        try {
            int taken = pollAllLocked(into, 0);
            if (taken != 0 || into.length == 0 || timeoutNanos == 0) {
                return taken;
            }
            w = queueLocked(receivers, null);
        } finally {
            unlockAndFlush();
        }
        Object first = awaitReceive(w, timeoutNanos);
        if (first == NoValue.CLOSED) {
            return BATCH_CLOSED;
        }
        if (first == NoValue.TIMED_OUT) {
            return 0;
        }
        into[0] = first;
        lock();
        try {
            return pollAllLocked(into, 1);
        } finally {
            unlockAndFlush();
        }
    }

    // ------------------------------------------------------------------ closing

    /**
     * Closes the channel; with a {@code cause}, fails it and discards the buffered values (each
     * counted as dropped and given to the drop handler). Waiting senders fail; waiting receivers
     * see "closed" once the buffer is empty. Close listeners run on this thread, once, after
     * unlocking.
     *
     * @return true if this call closed the channel, false if it was already closed
     */
    public boolean close(Throwable cause) {
        ArrayList<Runnable> listeners;
        lock();
        try {
            if (closed) {
                return false;
            }
            listeners = closeLocked(cause);
        } finally {
            unlockAndFlush();
        }
        if (listeners != null) {
            listeners.forEach(Agenda::runReporting);
        }
        return true;
    }

    /** Whether the channel is closed (sends fail). */
    public boolean isClosed() {
        return closed;
    }

    /** The failure the channel was closed with, or null. */
    public Throwable cause() {
        lock();
        try {
            return cause;
        } finally {
            unlock();
        }
    }

    /** Whether the channel is closed and its buffer empty. */
    public boolean isDrained() {
        if (!closed) {
            return false;
        }
        lock();
        try {
            return count == 0;
        } finally {
            unlock();
        }
    }

    /**
     * Waits until the channel is closed and drained, up to {@code timeoutNanos}.
     *
     * @return true if it is, false if the timeout passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitDrained(long timeoutNanos) throws InterruptedException {
        Waiter w;
        lock();
        try {
            if (closed && count == 0) {
                return true;
            }
            if (timeoutNanos == 0) {
                return false;
            }
            w = queueLocked(drainWaiters, null);
        } finally {
            unlockAndFlush();
        }
        return awaitDrain(w, timeoutNanos);
    }

    /** Runs {@code listener} once when the channel closes; at once if it is closed already. */
    public void onClose(Runnable listener) {
        boolean added;
        lock();
        try {
            added = addCloseListenerLocked(listener);
        } finally {
            unlock();
        }
        if (!added) {
            runReporting(listener);
        }
    }

    // --------------------------------------------------------------- observing

    /** Values in the buffer now. */
    public int size() {
        lock();
        try {
            return count;
        } finally {
            unlock();
        }
    }

    /** A snapshot of all counters, consistent with each other; {@code snapshot} is called after unlocking. */
    public <R> R stats(Stats<R> snapshot) {
        int size;
        int waitingSenders;
        int waitingReceivers;
        long s;
        long r;
        long d;
        boolean c;
        Throwable why;
        lock();
        try {
            size = count;
            waitingSenders = senders.length();
            waitingReceivers = receivers.length();
            s = sent;
            r = received;
            d = dropped;
            c = closed;
            why = cause;
        } finally {
            unlock();
        }
        return snapshot.of(size, waitingSenders, waitingReceivers, s, r, d, c, why);
    }

    /** Installs (or, with null, removes) the timing probe; its {@code timesBuffer} is asked before locking. */
    public void probe(Probe p) {
        boolean timesBuffer = p != null && p.timesBuffer();
        lock();
        try {
            timeStamps(timesBuffer);
            probe = p;
        } finally {
            unlock();
        }
    }
}
