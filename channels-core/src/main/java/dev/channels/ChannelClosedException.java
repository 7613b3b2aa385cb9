package dev.channels;

/**
 * Thrown by an operation that cannot complete because its channel is closed: a send on a closed
 * channel, or a receive on a channel that is closed and drained.
 *
 * <p>If the channel was closed with {@link SendChannel#fail(Throwable)}, {@link #getCause()} is the
 * failure; otherwise it is null and the channel simply ended.
 */
public class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The name of the closed channel. */
    private final String channelName;

    /**
     * Creates the exception for the channel named {@code channelName}.
     *
     * @param channelName the channel's name
     * @param cause the failure the channel was closed with, or null if it was closed normally
     */
    public ChannelClosedException(String channelName, Throwable cause) {
        super(cause == null
                ? "channel '" + channelName + "' is closed"
                : "channel '" + channelName + "' failed: " + cause, cause);
        this.channelName = channelName;
    }

    /**
     * The name of the channel that is closed.
     *
     * @return the channel's name
     */
    public String channelName() {
        return channelName;
    }

    /**
     * Whether the channel was closed with a failure rather than normally.
     *
     * @return true if {@link #getCause()} is the failure the channel was closed with
     */
    public boolean isFailure() {
        return getCause() != null;
    }
}
