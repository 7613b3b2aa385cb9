package dev.channels.internal;

/**
 * Whether waiting virtual threads may yield their carriers before parking, given how long a
 * recent yield took ({@link AdaptiveSpin#yields}).
 *
 * <p>A yield lasts until the virtual threads queued before it have run, so one that took
 * {@link AdaptiveSpin#YIELD_NANOS} or more shows that the scheduler has many runnable threads.
 * Then a thread that yields rather than parks is scheduled again for nothing and delays the
 * threads that have work, so the gate closes for {@link AdaptiveSpin#YIELDS_OFF_NANOS}; the first
 * wait after that yields again, and closes it again if the scheduler is still busy. The gate
 * describes the scheduler, which all virtual threads share, so every channel uses
 * {@link #SCHEDULER}; a test gives a spin a gate of its own.
 *
 * <p>The time is read and written without locking: a racing close only moves the reopening by a
 * few microseconds.
 */
final class YieldGate {
    /** The gate of the virtual-thread scheduler, shared by every channel. */
    static final YieldGate SCHEDULER = new YieldGate();

    /** When waits may yield again, as a {@link System#nanoTime} reading. */
    private volatile long reopens = System.nanoTime();

    /** Whether waits may yield at {@code now} (a {@link System#nanoTime} reading). */
    boolean isOpen(long now) {
        return now - reopens >= 0;
    }

    /** A yield ended at {@code now} and took too long: no wait yields until {@code now + offNanos}. */
    void close(long now, long offNanos) {
        reopens = now + offNanos;
    }
}
