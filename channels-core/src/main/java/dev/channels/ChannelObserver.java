package dev.channels;

/**
 * Timing callbacks for metrics, attached with {@link Channel#addObserver}. Each method is called
 * by the thread concerned, after the channel's lock is released; implementations must be fast,
 * thread-safe and must not block. Counts and sizes need no observer: read {@link ChannelStats}.
 */
public interface ChannelObserver {
    /**
     * A send had to wait {@code nanos} before its value was taken or buffered (or before it
     * failed, timed out or was interrupted). Sends that did not wait are not reported.
     *
     * @param nanos the time spent waiting
     */
    default void sendBlocked(long nanos) {
    }

    /**
     * A receive had to wait {@code nanos} before a value arrived (or before the channel closed,
     * the wait timed out or was interrupted). Receives that did not wait are not reported.
     *
     * @param nanos the time spent waiting
     */
    default void receiveBlocked(long nanos) {
    }

    /**
     * A received value had waited {@code nanos} in the buffer. Called only if
     * {@link #timesBuffer()} is true, and only for values buffered while it was.
     *
     * @param nanos the time between the value entering the buffer and leaving it
     */
    default void bufferWaited(long nanos) {
    }

    /**
     * Whether values should be time-stamped as they enter the buffer, which costs one clock read
     * per buffered value, so that {@link #bufferWaited} is called.
     *
     * @return true to receive {@link #bufferWaited} calls
     */
    default boolean timesBuffer() {
        return false;
    }
}
