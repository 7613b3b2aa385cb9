package dev.channels.kafka;

/**
 * A send on a Kafka channel that did not complete as it should: the broker refused the value, or
 * could not be reached. {@link #outcomeUnknown()} tells the two cases apart that matter to a
 * sender: whether the value was certainly not written, or may still arrive (the producer had it
 * when the send gave up waiting for the broker's acknowledgement).
 */
public class KafkaSendException extends RuntimeException {
    private final String channelName;
    private final boolean outcomeUnknown;

    /**
     * Creates the exception.
     *
     * @param channelName the channel
     * @param message what happened
     * @param cause the producer's failure, or null
     * @param outcomeUnknown true if the value may still arrive
     */
    public KafkaSendException(String channelName, String message, Throwable cause, boolean outcomeUnknown) {
        super(message, cause);
        this.channelName = channelName;
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * The channel the value was sent to.
     *
     * @return its name
     */
    public String channelName() {
        return channelName;
    }

    /**
     * Whether the value may still reach the topic (and so its receivers): true when the send gave
     * up waiting for an acknowledgement, false when the value was certainly not written.
     *
     * @return true if the outcome is unknown
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
