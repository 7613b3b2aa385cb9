package dev.channels.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        lock();
        int result = offerLocked(item);
        if (result == WOULD_BLOCK && timeoutNanos != 0 && capacity > 0 && spunUnlocked(false)) {
            result = offerLocked(item); // always again: the lock was released while spinning
        }
        if (result != WOULD_BLOCK || timeoutNanos == 0) {
            unlockAndFlush();
            return result;
        }
        return awaitSend(item, timeoutNanos);
    }

    /**
     * Sends a prefix of {@code items} without waiting, or, if none fits and a wait is allowed,
     * waits to send the first and then sends what else fits without waiting.
     *
     * @return how many were sent from the front; -1 if the channel was closed before any was
     *     sent; 0 if none fit within the timeout
     * @throws InterruptedException if interrupted while waiting; nothing was then sent
     */
    public int sendBatch(List<?> items, long timeoutNanos) throws InterruptedException {
        int n = items.size();
        lock();
        if (closed) {
            unlockAndFlush();
            return -1;
        }
        int moved = offerAllLocked(items, 0);
        if (moved > 0 || n == 0 || timeoutNanos == 0) {
            unlockAndFlush();
            return moved;
        }
        int first = awaitSend(items.get(0), timeoutNanos);
        if (first != OK) {
            return first == CLOSED ? -1 : 0;
        }
        lock();
        moved = offerAllLocked(items, 1);
        unlockAndFlush();
        return moved;
    }

    private int offerAllLocked(List<?> items, int from) {
        int i = from;
        while (i < items.size() && offerLocked(items.get(i)) == OK) {
            i++;
        }
        return i;
    }

    /**
     * Under the lock: hands {@code item} to a waiting receiver, or buffers it, or applies the
     * overflow policy to a full buffer.
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
            case DROP_OLDEST -> dropLater(rotate(item, false));
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

    /** Called locked; queues a waiter for {@code item}, unlocks, waits and cleans up. */
    private int awaitSend(Object item, long timeoutNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            unlockAndFlush();
            throw new InterruptedException();
        }
        Waiter w = new Waiter(item);
        senders.add(w);
        unlockAndFlush();
        int outcome = awaitOutcome(w, senders, timeoutNanos, true);
        if (outcome == Waiter.TIMED_OUT) {
            return TIMED_OUT;
        }
        return Waiter.isClosed(outcome) ? CLOSED : OK;
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
        lock();
        Object item = pollLocked();
        if (item == null && timeoutNanos != 0 && capacity > 0 && spunUnlocked(true)) {
            item = pollLocked(); // always again: the lock was released while spinning
        }
        if (item != null) {
            unlockAndFlush();
            return item;
        }
        if (timeoutNanos == 0) {
            unlockAndFlush();
            return NO_ITEM;
        }
        return awaitReceive(timeoutNanos);
    }

    /**
     * Takes up to {@code max} values into {@code out} without waiting, or, if there are none and
     * a wait is allowed, waits for one and then takes what else is there without waiting.
     *
     * @return how many were taken; -1 if the channel is closed and drained; 0 if none arrived
     *     within the timeout
     * @throws InterruptedException if interrupted while waiting; nothing was then taken
     */
    public int receiveBatch(List<Object> out, int max, long timeoutNanos) throws InterruptedException {
        lock();
        int taken = pollAllLocked(out, max);
        if (taken != 0 || max == 0 || timeoutNanos == 0) {
            unlockAndFlush();
            return taken;
        }
        Object first = awaitReceive(timeoutNanos);
        if (first == CLOSED_ITEM) {
            return -1;
        }
        if (first == TIMED_OUT_ITEM) {
            return 0;
        }
        out.add(first);
        lock();
        taken = 1 + Math.max(0, pollAllLocked(out, max - 1));
        unlockAndFlush();
        return taken;
    }

    private int pollAllLocked(List<Object> out, int max) {
        int taken = 0;
        while (taken < max) {
            Object item = pollLocked();
            if (item == null) {
                break;
            }
            if (item == CLOSED_ITEM) {
                return taken == 0 ? -1 : taken;
            }
            out.add(item);
            taken++;
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
                drainWaiters.closeAll(this::wakeLater);
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
     * Called locked, on a buffered channel that has no value to take ({@code forValue}) or no room
     * for one: if the spin budget allows a spin for the current thread, unlocks, spins while the
     * buffer stays empty (or full), reading the count without the lock, and locks again. Then the
     * caller must look again, whatever the spin saw: anything may have happened while the lock was
     * free. A change that comes during the spin is then acted on without queueing a waiter,
     * allocating or parking. With no budget the lock is kept, and nothing changed.
     *
     * @return whether the lock was released (and taken again)
     */
    private boolean spunUnlocked(boolean forValue) {
        AdaptiveSpin s = spin;
        int spins = s.budget();
        if (spins == 0) {
            return false;
        }
        unlockAndFlush();
        for (; spins > 0; spins--) {
            int n = (int) COUNT.getOpaque(this);
            if ((forValue ? n > 0 : n < capacity) || closed) {
                s.paidOff();
                lock();
                return true;
            }
            Thread.onSpinWait();
        }
        s.wasted();
        lock();
        return true;
    }

    /** Called locked; queues a receiver, unlocks, waits and cleans up. */
    private Object awaitReceive(long timeoutNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            unlockAndFlush();
            throw new InterruptedException();
        }
        Waiter w = new Waiter(null);
        receivers.add(w);
        unlockAndFlush();
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
            queue.remove(w);
            unlockAndFlush();
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
        lock();
        if (closed) {
            unlockAndFlush();
            return false;
        }
        this.cause = cause;
        closed = true;
        if (cause != null) {
            discardBufferLocked();
        }
        senders.closeAll(this::wakeLater);
        if (count == 0) {
            receivers.closeAll(this::wakeLater);
            drainWaiters.closeAll(this::wakeLater);
        }
        ArrayList<Runnable> listeners = closeListeners;
        closeListeners = null;
        unlockAndFlush();
        if (listeners != null) {
            listeners.forEach(ChannelCore::runReporting);
        }
        return true;
    }

    private void discardBufferLocked() {
        while (count > 0) {
            dropLater(dequeue(false));
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
        Throwable c = cause;
        unlock();
        return c;
    }

    /** Whether the channel is closed and its buffer empty. */
    public boolean isDrained() {
        if (!closed) {
            return false;
        }
        lock();
        boolean drained = count == 0;
        unlock();
        return drained;
    }

    /**
     * Waits until the channel is closed and drained, up to {@code timeoutNanos}.
     *
     * @return true if it is, false if the timeout passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitDrained(long timeoutNanos) throws InterruptedException {
        lock();
        if (closed && count == 0) {
            unlock();
            return true;
        }
        if (timeoutNanos == 0) {
            unlock();
            return false;
        }
        if (Thread.interrupted()) {
            unlock();
            throw new InterruptedException();
        }
        Waiter w = new Waiter(null);
        drainWaiters.add(w);
        unlock();
        long start = System.nanoTime();
        int outcome = w.await(AdaptiveSpin.NEVER, timeoutNanos > 0, start + timeoutNanos);
        if (Waiter.isCompletion(outcome)) {
            return true;
        }
        lock();
        drainWaiters.remove(w);
        unlock();
        if (outcome == Waiter.INTERRUPTED) {
            throw new InterruptedException();
        }
        return false;
    }

    /** Runs {@code listener} once when the channel closes; at once if it is closed already. */
    public void onClose(Runnable listener) {
        lock();
        if (!closed) {
            if (closeListeners == null) {
                closeListeners = new ArrayList<>(2);
            }
            closeListeners.add(listener);
            unlock();
            return;
        }
        unlock();
        runReporting(listener);
    }

    // --------------------------------------------------------------- observing

    /** Values in the buffer now. */
    public int size() {
        lock();
        int n = count;
        unlock();
        return n;
    }

    /** A snapshot of all counters, consistent with each other. */
    public <R> R stats(Stats<R> snapshot) {
        lock();
        int size = count;
        int waitingSenders = senders.size();
        int waitingReceivers = receivers.size();
        long s = sent;
        long r = received;
        long d = dropped;
        boolean c = closed;
        Throwable why = cause;
        unlock();
        return snapshot.of(size, waitingSenders, waitingReceivers, s, r, d, c, why);
    }

    /** Installs (or, with null, removes) the timing probe. */
    public void probe(Probe p) {
        lock();
        probe = p;
        stamps = p != null && p.timesBuffer() && buffer.length > 0 ? new long[buffer.length] : null;
        unlock();
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

    /** Removes the oldest value; if {@code received} and time-stamped, queues its wait time. */
    private Object dequeue(boolean received) {
        Object[] b = buffer;
        int h = head;
        Object item = b[h];
        b[h] = null;
        if (stamps != null) {
            if (received && stamps[h] != 0) {
                waitedLater(stamps[h]);
            }
            stamps[h] = 0;
        }
        head = (h + 1 == b.length) ? 0 : h + 1;
        if (--count == 0 && capacity == UNLIMITED && b.length > SHRINK_ABOVE) {
            shrink();
        }
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
        Object oldest = b[h];
        b[h] = item;
        if (stamps != null) {
            if (received && stamps[h] != 0) {
                waitedLater(stamps[h]);
            }
            stamps[h] = System.nanoTime();
        }
        head = (h + 1 == b.length) ? 0 : h + 1;
        return oldest;
    }

    private Object[] grow() {
        int length = buffer.length;
        int grown = length == 0 ? INITIAL_BUFFER : (int) Math.min((long) length * 2, Integer.MAX_VALUE - 8);
        if (grown <= length) {
            throw new IllegalStateException("channel buffer cannot grow beyond " + length + " values");
        }
        grown = Math.min(grown, capacity);
        buffer = unwrap(buffer, grown);
        if (stamps != null) {
            stamps = unwrap(stamps, grown);
        }
        head = 0;
        return buffer;
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

    private void shrink() {
        buffer = new Object[INITIAL_BUFFER];
        if (stamps != null) {
            stamps = new long[INITIAL_BUFFER];
        }
        head = 0;
    }

    // ---------------------------------------------------------------- the agenda

    private void wakeLater(Waiter owner) {
        owner.wakeNext = wakeHead;
        wakeHead = owner;
        pending |= WAKE;
    }

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
        if ((work & WAITED) != 0) {
            waited = waitedOne;
            if (waitedMoreCount > 0) {
                waitedBatch = Arrays.copyOf(waitedMore, waitedMoreCount);
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
            if (waitedBatch != null) {
                for (long stamp : waitedBatch) {
                    p.bufferWaited(now - stamp);
                }
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
