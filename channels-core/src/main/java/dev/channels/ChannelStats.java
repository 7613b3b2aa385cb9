package dev.channels;

/**
 * A snapshot of a channel's state and counters, all taken at one instant, so that
 * {@code size == sent - received - dropped} holds exactly in every snapshot.
 *
 * @param name the channel's name
 * @param capacity the buffer's capacity: 0 for rendezvous, {@link Channel#UNLIMITED} for unlimited
 * @param size the values in the buffer
 * @param waitingSenders threads blocked sending (select clauses included)
 * @param waitingReceivers threads blocked receiving (select clauses included)
 * @param sent values accepted by sends since creation, including ones later dropped
 * @param received values taken by receivers since creation
 * @param dropped values discarded by the overflow policy or by {@link SendChannel#fail}
 * @param closed whether the channel is closed
 * @param cause the failure it was closed with, or null
 */
public record ChannelStats(String name, int capacity, int size, int waitingSenders, int waitingReceivers,
        long sent, long received, long dropped, boolean closed, Throwable cause) {

    /**
     * Whether the channel's buffer has no bound.
     *
     * @return true for an unlimited channel
     */
    public boolean unlimited() {
        return capacity == Channel.UNLIMITED;
    }

    /**
     * Whether the channel was closed with a failure.
     *
     * @return true if {@link #cause()} is not null
     */
    public boolean failed() {
        return cause != null;
    }

    /**
     * Whether the channel is closed and its buffer empty: receivers see "closed" at once.
     *
     * @return true if closed and drained
     */
    public boolean drained() {
        return closed && size == 0;
    }
}
