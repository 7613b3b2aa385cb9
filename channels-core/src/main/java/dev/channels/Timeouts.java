package dev.channels;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Converts timeouts given as {@link Duration}s, rejecting negative ones by name. */
final class Timeouts {
    private Timeouts() {
    }

    /** {@code timeout} in nanoseconds, saturated at {@link Long#MAX_VALUE}. */
    static long nanos(Duration timeout, String what) {
        Objects.requireNonNull(timeout, what);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + timeout);
        }
        return TimeUnit.NANOSECONDS.convert(timeout);
    }
}
