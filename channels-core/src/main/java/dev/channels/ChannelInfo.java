package dev.channels;

import java.util.function.Consumer;

/**
 * What either end of a channel can tell about it. None of these methods blocks.
 */
public interface ChannelInfo {
    /**
     * The channel's name, given at creation or generated ({@code channel-<n>}).
     *
     * @return the name, never null
     */
    String name();

    /**
     * The buffer's capacity.
     *
     * @return 0 for a rendezvous channel, {@link Channel#UNLIMITED} for an unlimited one
     */
    int capacity();

    /**
     * The number of values in the buffer now (Go's {@code len(ch)}).
     *
     * @return the buffered values
     */
    int size();

    /**
     * Whether the channel is closed: sends fail, receivers drain what is buffered.
     *
     * @return true once {@link SendChannel#close()} or {@link SendChannel#fail} has run
     */
    boolean isClosed();

    /**
     * A consistent snapshot of the channel's state and counters.
     *
     * @return the snapshot
     */
    ChannelStats stats();

    /**
     * Calls {@code listener} once when the channel is closed or fails, with a snapshot taken just
     * after, on the thread that closed it; at once, on this thread, if it is closed already. What
     * the listener throws goes to that thread's uncaught-exception handler.
     *
     * @param listener the callback
     */
    void onClose(Consumer<? super ChannelStats> listener);
}
