package dev.channels;

/**
 * Timing callbacks for metrics, attached with {@link Channel#addObserver}. Each method is called
 * by the thread concerned, after the channel's lock is released; implementations must be fast,
 * thread-safe and must not block. What a callback throws goes to that thread's
 * uncaught-exception handler; the operation it reports on has completed and is not affected.
 * Counts and sizes need no observer: read {@link ChannelStats}.
 */
public interface ChannelObserver {
    /**
     * A send had to wait {@code nanos} before its value was taken or buffered (or before it
     * failed, timed out or was interrupted). A send "had to wait" when it found no room and joined
     * the channel's waiting senders (it is counted in {@link ChannelStats#waitingSenders()} while
     * it waits); the time runs from then until it leaves them. Sends that did not wait are not
     * reported, nor is the short spin a platform thread may make before it joins.
     *
     * @param nanos the time spent waiting
     */
    default void sendBlocked(long nanos) {
    }

    /**
     * A receive had to wait {@code nanos} before a value arrived (or before the channel closed,
     * the wait timed out or was interrupted). A receive "had to wait" when it found nothing and
     * joined the channel's waiting receivers (it is counted in
     * {@link ChannelStats#waitingReceivers()} while it waits); the time runs from then until it
     * leaves them. Receives that did not wait are not reported, nor is the short spin a platform
     * thread may make before it joins.
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
     * per buffered value, so that {@link #bufferWaited} is called. Asked when the observer is
     * attached (and again whenever the channel's set of observers changes), not on every value.
     *
     * @return true to receive {@link #bufferWaited} calls
     */
    default boolean timesBuffer() {
        return false;
    }
}
