package dev.channels;

/**
 * Thrown by an operation that cannot complete because its channel is closed: a send on a closed
 * channel, or a receive on a channel that is closed and drained.
 *
 * <p>If the channel was closed with {@link SendChannel#fail(Throwable)}, {@link #getCause()} is the
 * failure; otherwise it is null and the channel simply ended.
 *
 * <p>A send on a closed channel is usually a mistake, so each one gets a new exception with a stack
 * trace that shows where. A receive on a closed, drained channel is the normal end of a stream:
 * it gets one exception per channel, made once, without a stack trace (its cause keeps the
 * failure's own), so that polling a closed channel costs no more than polling an open one.
 */
public class ChannelClosedException extends RuntimeException {
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
        super(message(channelName, cause), cause);
        this.channelName = channelName;
    }

    /** The end-of-stream form: no stack trace, no suppressed exceptions, so it can be shared. */
    ChannelClosedException(String channelName, Throwable cause, @SuppressWarnings("unused") boolean shared) {
        super(message(channelName, cause), cause, false, false);
        this.channelName = channelName;
    }

    private static String message(String channelName, Throwable cause) {
        return cause == null
                ? "channel '" + channelName + "' is closed"
                : "channel '" + channelName + "' failed: " + cause;
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
