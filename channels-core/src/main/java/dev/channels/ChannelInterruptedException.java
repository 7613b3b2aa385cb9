package dev.channels;

/**
 * Thrown where a blocking channel operation was interrupted but the calling API cannot throw the
 * checked {@link InterruptedException}: iteration with {@code for}, {@link java.util.Iterator} and
 * {@link java.util.stream.Stream}. The thread's interrupt status is set again before it is thrown,
 * and the cause is the original {@link InterruptedException}. Nothing was taken from the channel.
 */
public class ChannelInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Wraps the interrupt of a wait on {@code channelName}.
     *
     * @param channelName the channel that was being waited on
     * @param cause the interrupt
     */
    public ChannelInterruptedException(String channelName, InterruptedException cause) {
        super("interrupted while waiting on channel '" + channelName + "'", cause);
    }
}
