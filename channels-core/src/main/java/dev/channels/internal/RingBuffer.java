package dev.channels.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A channel's buffer: a ring of at most {@link #capacity} values, and, while a probe times the
 * buffer, a parallel ring of the times they entered it. Guarded by the channel's lock.
 *
 * <p><b>Invariant (whenever the lock is free).</b> The {@link #count} values sit at
 * {@code head, head + 1, ...} modulo the array's length, oldest first; every other slot is null
 * (and its time stamp 0). {@code count} changes only under the lock, by one per step, and a full
 * buffer whose oldest value is replaced ({@link #rotate}) keeps its count, so a thread that reads
 * the count without the lock sees only counts the buffer really had. A bounded buffer's array
 * grows on demand up to the capacity; an unlimited one doubles as needed and shrinks back when it
 * empties. Growth and shrinking allocate every new array before replacing any: an
 * OutOfMemoryError leaves the buffer as it was.
 *
 * <p><b>When changing this file</b>, run {@code RingBufferTest} and {@code ChannelCoreTest} (an
 * OutOfMemoryError while growing), then {@code ChannelLincheckTryOpsTest} (capacities 1, 2 and
 * unlimited, both drop policies) and {@code ChannelStressTest}.
 */
abstract class RingBuffer extends Agenda {
    static final int INITIAL_LENGTH = 16;
    static final int SHRINK_ABOVE = 1024;
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(RingBuffer.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 0 for rendezvous (the buffer is never used), a bound, or {@link Capacity#UNLIMITED}. */
    final int capacity;
    private Object[] buffer;
    private long[] stamps; // enqueue times, parallel to buffer, while a probe times the buffer
    private int head;
    /** Values buffered; written under the lock, read without it through {@link #countOpaque}. */
    int count;

    RingBuffer(int capacity, Consumer<Object> dropHandler) {
        super(dropHandler);
        this.capacity = Capacity.check(capacity);
        this.buffer = new Object[Math.min(capacity, INITIAL_LENGTH)];
    }

    /** The count, read without the lock: a count the buffer had at some instant. */
    final int countOpaque() {
        return (int) COUNT.getOpaque(this);
    }

    /** Under the lock, with {@code count < capacity}: appends {@code item}, growing the array if it is full. */
    final void enqueue(Object item) {
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

    /** Under the lock, with {@code count > 0}: the oldest value, left in place. */
    final Object oldest() {
        return buffer[head];
    }

    /**
     * Under the lock, with {@code count > 0}: removes the oldest value; if {@code received} and
     * time-stamped, queues its wait time (first: it may allocate, and then nothing has changed).
     * An unlimited buffer that this empties shrinks back ({@link #dequeueLastAndShrink}).
     */
    final Object dequeue(boolean received) {
        Object[] b = buffer;
        if (count == 1 && capacity == Capacity.UNLIMITED && b.length > SHRINK_ABOVE) {
            return dequeueLastAndShrink(received);
        }
        int h = head;
        long[] times = stamps;
        if (times != null) {
            if (received && times[h] != 0) {
                waitedLater(times[h]);
            }
            times[h] = 0;
        }
        Object item = b[h];
        b[h] = null;
        head = (h + 1 == b.length) ? 0 : h + 1;
        count--;
        return item;
    }

    /** {@link #dequeue} of the last value of a large unlimited buffer: the small arrays are allocated first. */
    private Object dequeueLastAndShrink(boolean received) {
        Object[] smaller = new Object[INITIAL_LENGTH];
        long[] smallerStamps = stamps != null ? new long[INITIAL_LENGTH] : null;
        if (received && stamps != null && stamps[head] != 0) {
            waitedLater(stamps[head]);
        }
        Object item = buffer[head]; // nothing from here on allocates
        buffer = smaller;
        stamps = smallerStamps;
        head = 0;
        count = 0;
        return item;
    }

    /**
     * Under the lock, on a full buffer: replaces the oldest value with {@code item}, which becomes
     * the newest, in one step that leaves the count as it was. If {@code received} and
     * time-stamped, queues the oldest value's wait time.
     *
     * @return the oldest value
     */
    final Object rotate(Object item, boolean received) {
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

    /**
     * Under the lock: starts (or stops) time-stamping values as they enter the buffer. Values
     * already buffered have no stamp and are not reported.
     */
    final void timeStamps(boolean on) {
        stamps = on && buffer.length > 0 ? new long[buffer.length] : null;
    }

    /** Under the lock: the array's length now (for tests). */
    final int arrayLength() {
        return buffer.length;
    }

    /** Doubles the array, up to the capacity; both new arrays exist before either replaces the old one. */
    private Object[] grow() {
        int length = buffer.length;
        int grown = length == 0 ? INITIAL_LENGTH : (int) Math.min((long) length * 2, Integer.MAX_VALUE - 8);
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
}
