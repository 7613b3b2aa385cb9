package dev.channels.spring.listener;

/**
 * Told how long each value (or batch) a listener took took to handle, such as by the starter's
 * {@code channel.listener.handled} timer. Added with {@link ChannelListenerContainer#addObserver};
 * a container without observers reads no clock.
 *
 * <p>Called on the listener's thread, once per value (for a batch listener, once per batch) that
 * was handled or failed after all its attempts; a value the shutdown cut short is not reported.
 * The time runs from the first attempt's start to the last attempt's end, back-offs between them
 * included, and leaves out what the error handler does afterwards. Implementations must be quick
 * and must not throw.
 */
@FunctionalInterface
public interface ListenerObserver {
    /**
     * A value (or batch) was handled, or failed after all its attempts.
     *
     * @param succeeded true if the listener's method returned, false if it failed
     * @param nanos how long it took, in nanoseconds
     */
    void handled(boolean succeeded, long nanos);
}
