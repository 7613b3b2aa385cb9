package dev.channels.spring.support;

import java.time.Duration;
import java.util.Objects;

/**
 * A point in time that several waits share: each asks for the {@link #left() time left}, so that
 * a timeout given once covers them all. Measured on {@link System#nanoTime()}; a timeout too long
 * for it (some 292 years) never passes.
 *
 * <pre>{@code
 * Deadline deadline = Deadline.after(timeout);
 * for (Thread thread : threads) {
 *     thread.join(deadline.left());
 * }
 * }</pre>
 */
public final class Deadline {
    private final long start;
    private final long nanos;

    private Deadline(long start, long nanos) {
        this.start = start;
        this.nanos = nanos;
    }

    /**
     * The deadline {@code timeout} from now.
     *
     * @param timeout how long from now; zero or negative means now
     * @return the deadline
     */
    public static Deadline after(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long nanos;
        try {
            nanos = Math.max(0, timeout.toNanos());
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        return new Deadline(System.nanoTime(), nanos);
    }

    /**
     * The time left until the deadline.
     *
     * @return the time left, zero once it has passed
     */
    public Duration left() {
        return Duration.ofNanos(nanosLeft());
    }

    /**
     * The time left in nanoseconds.
     *
     * @return the nanoseconds left, zero once it has passed
     */
    public long nanosLeft() {
        // nanos - elapsed cannot overflow: both are at least zero.
        return Math.max(0, nanos - (System.nanoTime() - start));
    }

    /**
     * Whether the deadline has passed.
     *
     * @return true if no time is left
     */
    public boolean passed() {
        return nanosLeft() == 0;
    }

    /**
     * The time since the deadline was set.
     *
     * @return the elapsed time
     */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public String toString() {
        return "Deadline[" + left() + " left]";
    }
}
