package dev.channels.internal;

/**
 * Timing callbacks from a channel, called by the thread concerned after it has released the
 * channel's lock (only {@link #timesBuffer} is asked when the probe is installed, before locking).
 * Implementations must be fast and thread-safe, and should not throw: what a callback throws
 * reaches the operation's caller after the operation completed ({@code dev.channels}' observer
 * list reports it instead).
 *
 * <p><b>When changing this file</b>, run {@code ChannelObserverTest}.
 */
public interface Probe {
    /** A send waited {@code nanos} before its value was taken or buffered. */
    void sendBlocked(long nanos);

    /** A receive waited {@code nanos} before a value arrived or the channel closed. */
    void receiveBlocked(long nanos);

    /** A received value had waited {@code nanos} in the buffer. */
    void bufferWaited(long nanos);

    /** Whether buffered values should be time-stamped so that {@link #bufferWaited} is called. */
    boolean timesBuffer();
}
