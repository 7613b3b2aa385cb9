package dev.channels.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The channel algorithm: an untyped, exception-free engine behind {@code dev.channels.Channel}.
 *
 * <h2>State</h2>
 * A channel is a ring buffer of at most {@code capacity} values plus two {@link WaitQueue}s, one
 * of blocked senders (each holding the value it offers) and one of blocked receivers, all guarded
 * by one {@link SpinLock}. Capacity 0 is a rendezvous channel (the buffer is never used);
 * {@link #UNLIMITED} grows the buffer on demand and shrinks it when it empties.
 *
 * <h2>Invariants (whenever the lock is free)</h2>
 * <ol>
 *   <li>Live senders wait only if the buffer is full; live receivers only if it is empty. So a
 *       receiver takes the oldest buffered value and the first waiting sender's value takes the freed
 *       slot in the same step ({@link #rotate}), which keeps every sender's values in order and
 *       makes a blocked send complete exactly when its value enters the buffer.</li>
 *   <li>A value is moved from a sender to a receiver (or into the buffer) only while the lock is
 *       held, and a waiter is completed by one compare-and-set on its owner (see {@link Waiter}):
 *       so each value is delivered exactly once, and a waiter that gave up left no trace.</li>
 *   <li>{@code count == sent - received - dropped}, exactly, because all four change together
 *       under the lock.</li>
 *   <li>After {@link #close}, no send succeeds and no sender waits; receivers drain the buffer
 *       and then see {@link #CLOSED_ITEM} without waiting.</li>
 * </ol>
 *
 * <h2>Hot path</h2>
 * A send or receive that need not wait takes the lock, moves one value and releases the lock:
 * no allocation, no user code, no parking while locked. A send that finds a waiting receiver
 * hands the value to it directly. Threads to wake, dropped values to report and buffer timings to
 * record are queued while locked (the "agenda") and acted on by {@link #unlockAndFlush} once the
 * lock is free, so a lock holder never makes a system call or runs user callbacks. Only an
 * operation that must wait allocates, one {@link Waiter}, and it may spin briefly before parking
 * (see {@link AdaptiveSpin} for when).
 *
 * <h2>Select</h2>
 * {@link SelectEngine} locks every channel of a select in {@link #id} order and uses the same
 * under-lock steps ({@link #offerLocked}, {@link #pollLocked}) and the same queues, so a select
 * clause and a plain operation are indistinguishable to a counterpart.
 */
public final class ChannelCore extends SpinLock {
    /** Send result: delivered to a receiver, buffered, or handled by the overflow policy. */
    public static final int OK = 0;
    /** Send result: the channel is closed; the value was not sent. */
    public static final int CLOSED = 1;
    /** Send result: the channel had no room and the caller did not want to wait. */
    public static final int WOULD_BLOCK = 2;
    /** Send result: the timeout passed first; the value was not sent. */
    public static final int TIMED_OUT = 3;

    /** Receive result: the channel is closed and drained. */
    public static final Object CLOSED_ITEM = new Marker("closed");
    /** Receive result: nothing to take and the caller did not want to wait. */
    public static final Object NO_ITEM = new Marker("empty");
    /** Receive result: the timeout passed first. */
    public static final Object TIMED_OUT_ITEM = new Marker("timed out");

    /** Timeout argument meaning "wait as long as it takes". */
    public static final long FOREVER = -1;
    /** Capacity of a channel whose buffer has no bound. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** Overflow policy: a send on a full buffer waits. */
    public static final int BLOCK = 0;
    /** Overflow policy: a send on a full buffer discards the oldest buffered value. */
    public static final int DROP_OLDEST = 1;
    /** Overflow policy: a send on a full buffer discards the value being sent. */
    public static final int DROP_NEWEST = 2;

    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(ChannelCore.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private static final int INITIAL_BUFFER = 16;
    private static final int SHRINK_ABOVE = 1024;

    // Agenda bits: work queued under the lock for after it is released.
    private static final int WAKE = 1;
    private static final int DROPS = 2;
    private static final int WAITED = 4;

    /** Unique, increasing: the order in which a select locks several channels. */
    final long id = IDS.incrementAndGet();

    private final int capacity;
    private final int overflow;
    private final Consumer<Object> dropHandler;

    private Object[] buffer;
    private long[] stamps; // enqueue times, parallel to buffer, while a probe times the buffer
    private int head;
    private int count;

    /** How long threads about to wait on this channel spin first. */
    final AdaptiveSpin spin;

    final WaitQueue senders = new WaitQueue();
    final WaitQueue receivers = new WaitQueue();
    private final WaitQueue drainWaiters = new WaitQueue();

    private long sent;
    private long received;
    private long dropped;

    private volatile boolean closed;
    private Throwable cause;
    private ArrayList<Runnable> closeListeners;
    private volatile Probe probe;

    private int pending;
    private Waiter wakeHead;
    private Object dropOne;
    private ArrayList<Object> dropMore;
    private long waitedOne; // the first received value's enqueue time; more in waitedMore
    private long[] waitedMore;
    private int waitedMoreCount;

    /**
     * Creates a channel engine.
     *
     * @param capacity 0 for rendezvous, a positive bound, or {@link #UNLIMITED}
     * @param overflow {@link #BLOCK}, {@link #DROP_OLDEST} or {@link #DROP_NEWEST}; the drop
     *     policies need a positive, bounded capacity
     * @param dropHandler told of every value the channel discards, or null
     */
    public ChannelCore(int capacity, int overflow, Consumer<Object> dropHandler) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more, was " + capacity);
        }
        if (overflow != BLOCK && (capacity == 0 || capacity == UNLIMITED)) {
            throw new IllegalArgumentException("a drop policy needs a bounded buffer of capacity 1 or more, was "
                    + (capacity == 0 ? "0 (rendezvous)" : "unlimited"));
        }
        this.capacity = capacity;
        this.overflow = overflow;
        this.dropHandler = dropHandler;
        this.buffer = new Object[Math.min(capacity, INITIAL_BUFFER)];
        this.spin = new AdaptiveSpin(capacity == 0);
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
    public int overflow() {
        return overflow;
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends {@code item}, waiting up to {@code timeoutNanos} ({@link #FOREVER}, or 0 for none).
     *
     * @return {@link #OK}, {@link #CLOSED}, {@link #WOULD_BLOCK} (timeout 0) or {@link #TIMED_OUT}
     * @throws InterruptedException if interrupted while waiting; the value was then not sent
     */
    public int send(Object item, long timeoutNanos) throws InterruptedException {
        if (timeoutNanos == 0 && surelyFull()) {
            return WOULD_BLOCK;
        }
        int spins = -1; // -1: not asked yet; then the one spin allowed, made with the lock released
        for (;;) {
            Waiter w = null;
            lock();
            try {
                int result = offerLocked(item);
                if (result != WOULD_BLOCK || timeoutNanos == 0) {
                    return result;
                }
                spins = spins < 0 && capacity > 0 ? spin.budget() : 0;
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
        }
    }

    /**
     * Sends a prefix of {@code items} without waiting, or, if none fits and a wait is allowed,
     * waits to send the first and then sends what else fits without waiting. The array is the
     * caller's own copy, free of nulls: nothing of the caller's runs while the lock is held.
     *
     * @return how many were sent from the front; -1 if the channel was closed before any was
     *     sent; 0 if none fit within the timeout
     * @throws InterruptedException if interrupted while waiting; nothing was then sent
     */
    public int sendBatch(Object[] items, long timeoutNanos) throws InterruptedException {
        Waiter w;
        lock();
        try {
            if (closed) {
                return -1;
            }
            int moved = offerAllLocked(items, 0);
            if (moved > 0 || items.length == 0 || timeoutNanos == 0) {
                return moved;
            }
            w = queueLocked(senders, items[0]);
        } finally {
            unlockAndFlush();
        }
        int first = awaitSend(w, timeoutNanos);
        if (first != OK) {
            return first == CLOSED ? -1 : 0;
        }
        lock();
        try {
            return offerAllLocked(items, 1);
        } finally {
            unlockAndFlush();
        }
    }

    private int offerAllLocked(Object[] items, int from) {
        int i = from;
        while (i < items.length && offerLocked(items[i]) == OK) {
            i++;
        }
        return i;
    }

    /**
     * Under the lock: hands {@code item} to a waiting receiver, or buffers it, or applies the
     * overflow policy to a full buffer. What may fail (an allocation) comes before any change.
     *
     * @return {@link #OK}, {@link #CLOSED} or {@link #WOULD_BLOCK}
     */
    int offerLocked(Object item) {
        if (closed) {
            return CLOSED;
        }
        if (!receivers.isEmpty()) {
            Waiter r = receivers.claimReceiver(item);
            if (r != null) {
                sent++;
                received++;
                wakeLater(r.owner);
                return OK;
            }
        }
        if (count < capacity) {
            enqueue(item);
            sent++;
            return OK;
        }
        switch (overflow) {
            case DROP_NEWEST -> dropLater(item);
            case DROP_OLDEST -> {
                dropLater(buffer[head]); // first: it may allocate, and then nothing has changed
                rotate(item, false);
            }
            default -> {
                return WOULD_BLOCK;
            }
        }
        sent++;
        dropped++;
        return OK;
    }

    /** Under the lock: whether a send would complete now (closed counts: it would fail now). */
    boolean canSendLocked() {
        return closed || count < capacity || overflow != BLOCK || receivers.hasLive();
    }

    /** Waits for the queued sender {@code w} and cleans up. */
    private int awaitSend(Waiter w, long timeoutNanos) throws InterruptedException {
        int outcome = awaitOutcome(w, senders, timeoutNanos, true);
        if (outcome == Waiter.TIMED_OUT) {
            return TIMED_OUT;
        }
        return Waiter.isClosed(outcome) ? CLOSED : OK;
    }

    /**
     * Under the lock: queues a new waiter on {@code queue} for the current thread, offering
     * {@code item} (null for a receiver), unless the thread is interrupted.
     *
     * @throws InterruptedException if the thread is interrupted; nothing was queued
     */
    private static Waiter queueLocked(WaitQueue queue, Object item) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Waiter w = new Waiter(item);
        queue.add(w);
        return w;
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Receives a value, waiting up to {@code timeoutNanos} ({@link #FOREVER}, or 0 for none).
     *
     * @return the value, {@link #CLOSED_ITEM}, {@link #NO_ITEM} (timeout 0) or
     *     {@link #TIMED_OUT_ITEM}
     * @throws InterruptedException if interrupted while waiting; nothing was then taken
     */
    public Object receive(long timeoutNanos) throws InterruptedException {
        if (timeoutNanos == 0 && surelyEmpty()) {
            return NO_ITEM;
        }
        int spins = -1; // as in send
        for (;;) {
            Waiter w = null;
            lock();
            try {
                Object item = pollLocked();
                if (item != null) {
                    return item;
                }
                if (timeoutNanos == 0) {
                    return NO_ITEM;
                }
                spins = spins < 0 && capacity > 0 ? spin.budget() : 0;
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
        }
    }

    /**
     * Takes up to {@code into.length} values into {@code into} without waiting, or, if there are
     * none and a wait is allowed, waits for one and then takes what else is there without waiting.
     * The array is the caller's, allocated before: nothing is allocated while the lock is held.
     *
     * @return how many were taken, from index 0; -1 if the channel is closed and drained; 0 if none
     *     arrived within the timeout
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
        if (first == CLOSED_ITEM) {
            return -1;
        }
        if (first == TIMED_OUT_ITEM) {
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

    /** Under the lock: fills {@code into} from {@code from}; returns the new length, or -1 if closed and drained at 0. */
    private int pollAllLocked(Object[] into, int from) {
        int taken = from;
        while (taken < into.length) {
            Object item = pollLocked();
            if (item == null) {
                break;
            }
            if (item == CLOSED_ITEM) {
                return taken == 0 ? -1 : taken;
            }
            into[taken++] = item;
        }
        return taken;
    }

    /**
     * Under the lock: takes the oldest value (from the buffer, else from a waiting sender).
     *
     * @return the value, {@link #CLOSED_ITEM} if closed and drained, or null if it would block
     */
    Object pollLocked() {
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
                wakeLater(s.owner);
                return s.item;
            }
        }
        return closed ? CLOSED_ITEM : null;
    }

    /** Under the lock: whether a receive would complete now (with a value or with "closed"). */
    boolean canReceiveLocked() {
        return count > 0 || closed || senders.hasLive();
    }

    /**
     * Without the lock: whether a receive on this buffered channel would find nothing, at the
     * instant the count is read. A buffered channel has waiting senders only when full, and a
     * channel never reopens, so an empty count followed by "not closed" is one instant at which
     * there was nothing to receive: a try-receive can report that without locking.
     */
    private boolean surelyEmpty() {
        return capacity > 0 && (int) COUNT.getOpaque(this) == 0 && !closed;
    }

    /** Like {@link #surelyEmpty()}: a full buffer (it has no waiting receivers) of a blocking channel. */
    private boolean surelyFull() {
        return capacity > 0 && overflow == BLOCK && (int) COUNT.getOpaque(this) == capacity && !closed;
    }

    /**
     * With the lock released, on a buffered channel that had no value to take ({@code forValue})
     * or no room for one: spins up to {@code spins} times while the buffer stays empty (or full),
     * reading the count without the lock, and tells the spin budget whether it paid off. The
     * caller then looks again under the lock, whatever the spin saw. A change that comes during
     * the spin is then acted on without queueing a waiter, allocating or parking.
     */
    private void spinUnlocked(int spins, boolean forValue) {
        AdaptiveSpin s = spin;
        for (; spins > 0; spins--) {
            int n = (int) COUNT.getOpaque(this);
            if ((forValue ? n > 0 : n < capacity) || closed) {
                s.paidOff();
                return;
            }
            Thread.onSpinWait();
        }
        s.wasted();
    }

    /** Waits for the queued receiver {@code w} and cleans up. */
    private Object awaitReceive(Waiter w, long timeoutNanos) throws InterruptedException {
        int outcome = awaitOutcome(w, receivers, timeoutNanos, false);
        if (outcome == Waiter.TIMED_OUT) {
            return TIMED_OUT_ITEM;
        }
        return Waiter.isClosed(outcome) ? CLOSED_ITEM : w.item;
    }

    /**
     * Waits for a plain operation's waiter; on give-up removes it from {@code queue}. Reports the
     * blocked time to the probe.
     *
     * @return a completion code or {@link Waiter#TIMED_OUT}
     * @throws InterruptedException if the wait was cancelled by an interrupt
     */
    private int awaitOutcome(Waiter w, WaitQueue queue, long timeoutNanos, boolean sending)
            throws InterruptedException {
        Probe p = probe;
        long start = timeoutNanos > 0 || p != null ? System.nanoTime() : 0;
        int outcome = w.await(spin, timeoutNanos > 0, start + timeoutNanos);
        if (p != null) {
            long blocked = System.nanoTime() - start;
            if (sending) {
                p.sendBlocked(blocked);
            } else {
                p.receiveBlocked(blocked);
            }
        }
        if (!Waiter.isCompletion(outcome)) {
            lock();
            try {
                queue.remove(w);
            } finally {
                unlockAndFlush();
            }
            if (outcome == Waiter.INTERRUPTED) {
                throw new InterruptedException();
            }
        }
        return outcome;
    }

    // ------------------------------------------------------------------ closing

    /**
     * Closes the channel; with a {@code cause}, fails it and discards the buffered values (each
     * counted as dropped and given to the drop handler). Waiting senders fail; waiting receivers
     * see "closed" once the buffer is empty. Close listeners run on this thread, once.
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
            if (cause != null) {
                reserveDrops(count); // the one allocation, before anything changes
            }
            this.cause = cause;
            closed = true;
            senders.closeAll(this);
            if (cause != null) {
                discardBufferLocked();
            }
            if (count == 0) {
                receivers.closeAll(this);
                drainWaiters.closeAll(this);
            }
            listeners = closeListeners;
            closeListeners = null;
        } finally {
            unlockAndFlush();
        }
        if (listeners != null) {
            listeners.forEach(ChannelCore::runReporting);
        }
        return true;
    }

    /** Under the lock, with room reserved for every value in the agenda: discards the buffer. */
    private void discardBufferLocked() {
        while (count > 0) {
            dropLater(buffer[head]);
            dequeue(false);
            dropped++;
        }
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
            unlock();
        }
        long start = System.nanoTime();
        int outcome = w.await(AdaptiveSpin.NEVER, timeoutNanos > 0, start + timeoutNanos);
        if (Waiter.isCompletion(outcome)) {
            return true;
        }
        lock();
        try {
            drainWaiters.remove(w);
        } finally {
            unlock();
        }
        if (outcome == Waiter.INTERRUPTED) {
            throw new InterruptedException();
        }
        return false;
    }

    /** Runs {@code listener} once when the channel closes; at once if it is closed already. */
    public void onClose(Runnable listener) {
        lock();
        try {
            if (!closed) {
                if (closeListeners == null) {
                    closeListeners = new ArrayList<>(2);
                }
                closeListeners.add(listener);
                return;
            }
        } finally {
            unlock();
        }
        runReporting(listener);
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

    /** A snapshot of all counters, consistent with each other. */
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
            waitingSenders = senders.size();
            waitingReceivers = receivers.size();
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
            stamps = timesBuffer && buffer.length > 0 ? new long[buffer.length] : null;
            probe = p;
        } finally {
            unlock();
        }
    }

    // ---------------------------------------------------------------- the buffer

    private void enqueue(Object item) {
        Object[] b = buffer;
        if (count == b.length) {
            b = grow();
        }
        int tail = head + count;
        if (tail >= b.length) {
            tail -= b.length;
        }
        b[tail] = item;
        if (stamps != null) {
            stamps[tail] = System.nanoTime();
        }
        count++;
    }

    /**
     * Removes the oldest value; if {@code received} and time-stamped, queues its wait time. An
     * unlimited buffer that this empties shrinks back. What may allocate comes first, before
     * anything changes.
     */
    private Object dequeue(boolean received) {
        Object[] b = buffer;
        int h = head;
        boolean shrink = count == 1 && capacity == UNLIMITED && b.length > SHRINK_ABOVE;
        Object[] smaller = shrink ? new Object[INITIAL_BUFFER] : null;
        long[] smallerStamps = shrink && stamps != null ? new long[INITIAL_BUFFER] : null;
        if (received && stamps != null && stamps[h] != 0) {
            waitedLater(stamps[h]);
        }
        Object item = b[h];
        if (shrink) {
            buffer = smaller;
            stamps = smallerStamps;
            head = 0;
            count = 0;
            return item;
        }
        b[h] = null;
        if (stamps != null) {
            stamps[h] = 0;
        }
        head = (h + 1 == b.length) ? 0 : h + 1;
        count--;
        return item;
    }

    /**
     * Replaces the oldest value of a full buffer with {@code item}, which becomes the newest, in
     * one step: the count never changes, so a reader of the count without the lock never sees a
     * full buffer pass through a state it is not in (see {@link #surelyEmpty()}).
     *
     * @return the oldest value
     */
    private Object rotate(Object item, boolean received) {
        Object[] b = buffer;
        int h = head;
        if (stamps != null) {
            if (received && stamps[h] != 0) {
                waitedLater(stamps[h]); // first: it may allocate, and then nothing has changed
            }
            stamps[h] = System.nanoTime();
        }
        Object oldest = b[h];
        b[h] = item;
        head = (h + 1 == b.length) ? 0 : h + 1;
        return oldest;
    }

    /** Doubles the buffer (up to the capacity): both arrays are allocated before either replaces the old one. */
    private Object[] grow() {
        int length = buffer.length;
        int grown = length == 0 ? INITIAL_BUFFER : (int) Math.min((long) length * 2, Integer.MAX_VALUE - 8);
        if (grown <= length) {
            throw new IllegalStateException("channel buffer cannot grow beyond " + length + " values");
        }
        grown = Math.min(grown, capacity);
        Object[] values = unwrap(buffer, grown);
        long[] times = stamps != null ? unwrap(stamps, grown) : null;
        buffer = values;
        stamps = times;
        head = 0;
        return values;
    }

    private Object[] unwrap(Object[] ring, int length) {
        Object[] copy = new Object[length];
        int first = Math.min(count, ring.length - head);
        System.arraycopy(ring, head, copy, 0, first);
        System.arraycopy(ring, 0, copy, first, count - first);
        return copy;
    }

    private long[] unwrap(long[] ring, int length) {
        long[] copy = new long[length];
        int first = Math.min(count, ring.length - head);
        System.arraycopy(ring, head, copy, 0, first);
        System.arraycopy(ring, 0, copy, first, count - first);
        return copy;
    }

    // ---------------------------------------------------------------- the agenda

    /** Queues {@code owner}, whose state a step under the lock has just completed, to be woken after unlocking. */
    void wakeLater(Waiter owner) {
        owner.wakeNext = wakeHead;
        wakeHead = owner;
        pending |= WAKE;
    }

    /** Queues a dropped value for the drop handler; may allocate, and then queues nothing. */
    private void dropLater(Object item) {
        if (dropOne == null) {
            dropOne = item;
        } else {
            if (dropMore == null) {
                dropMore = new ArrayList<>();
            }
            dropMore.add(item);
        }
        pending |= DROPS;
    }

    /** Makes room for {@code n} more dropped values, so that queueing them allocates nothing. */
    private void reserveDrops(int n) {
        if (n > 1) {
            if (dropMore == null) {
                dropMore = new ArrayList<>(n);
            } else {
                dropMore.ensureCapacity(dropMore.size() + n);
            }
        }
    }

    /** Queues a received value's enqueue time for the probe; may allocate, and then queues nothing. */
    private void waitedLater(long stamp) {
        if ((pending & WAITED) == 0) {
            waitedOne = stamp; // the single-value case needs no array
            pending |= WAITED;
            return;
        }
        if (waitedMore == null) {
            waitedMore = new long[8];
        } else if (waitedMoreCount == waitedMore.length) {
            waitedMore = Arrays.copyOf(waitedMore, waitedMoreCount * 2);
        }
        waitedMore[waitedMoreCount++] = stamp;
    }

    /** Under the lock: whether work is queued for after the lock is released (see {@link #unlockAndFlush}). */
    boolean hasAgenda() {
        return pending != 0;
    }

    /**
     * Releases the lock, then carries out the agenda: wakes completed waiters, reports dropped
     * values and buffer wait times. A lock holder thus never makes a system call or runs a callback.
     */
    void unlockAndFlush() {
        int work = pending;
        if (work == 0) {
            unlock();
            return;
        }
        pending = 0;
        Waiter wake = wakeHead;
        wakeHead = null;
        Object one = dropOne;
        ArrayList<Object> more = dropMore;
        dropOne = null;
        dropMore = null;
        long waited = 0;
        long[] waitedBatch = null;
        int waitedBatchCount = 0;
        if ((work & WAITED) != 0) {
            waited = waitedOne;
            if (waitedMoreCount > 0) {
                waitedBatch = waitedMore; // handed over, not copied: nothing is allocated before unlocking
                waitedBatchCount = waitedMoreCount;
                waitedMore = null;
                waitedMoreCount = 0;
            }
        }
        Probe p = probe;
        unlock();

        while (wake != null) {
            Waiter next = wake.wakeNext;
            wake.wakeNext = null;
            wake.unparkIfParked();
            wake = next;
        }
        if (one != null) {
            reportDrop(one);
            if (more != null) {
                more.forEach(this::reportDrop);
            }
        }
        if (waited != 0 && p != null) {
            long now = System.nanoTime();
            p.bufferWaited(now - waited);
            for (int i = 0; i < waitedBatchCount; i++) {
                p.bufferWaited(now - waitedBatch[i]);
            }
        }
    }

    private void reportDrop(Object item) {
        if (dropHandler != null) {
            runReporting(() -> dropHandler.accept(item));
        }
    }

    /** Runs a user callback; what it throws goes to the thread's uncaught-exception handler. */
    private static void runReporting(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable t) {
            Thread self = Thread.currentThread();
            self.getUncaughtExceptionHandler().uncaughtException(self, t);
        }
    }

    /** A named sentinel result. */
    private record Marker(String name) {
        @Override
        public String toString() {
            return name;
        }
    }
}
