package dev.channels;

/**
 * The body of a producer started by {@link ChannelBuilder#produce} or {@link Channels#produce}.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface Producer<T> {
    /**
     * Sends values to {@code out}. Returning closes the channel; throwing fails it.
     *
     * @param out the channel's sending end
     * @throws Exception anything; it becomes the channel's failure
     */
    void produce(SendChannel<T> out) throws Exception;
}
