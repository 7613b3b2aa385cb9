package dev.channels;

/**
 * Sees each value enter and leave a channel, on the threads that send and receive it: what
 * {@link #onSend} returns on the sending thread travels with the value, and is handed to
 * {@link #onReceive} on the thread that receives it, or to {@link #onDiscard} if the value is
 * never received. Exactly one of the two is called for every value whose {@code onSend} returned.
 * Attach one with {@link ChannelBuilder#interceptor}.
 *
 * <p>A typical use is context that must follow a value across threads: {@code onSend} captures
 * the sender's trace or logging context, {@code onReceive} makes it available to the receiver.
 *
 * <p><b>Threads and locks.</b> Every call runs with no lock of the channel held, so an interceptor
 * may do anything, including using other channels. A channel without interceptors does none of
 * this work.
 *
 * <p><b>Failures.</b> If {@code onSend} throws, the send throws it and nothing is sent (the
 * interceptors before it in the chain are told {@code onDiscard}). What {@code onReceive} or
 * {@code onDiscard} throws reaches the caller only once the channel operation completed: a receive
 * whose {@code onReceive} throws has taken its value (a batch receive has moved every value it took
 * into the sink) and throws instead of returning it; the other interceptors of the chain are
 * called all the same, and their failures are added as suppressed. What {@code onDiscard} throws
 * for a value dropped by the overflow policy or discarded by {@link SendChannel#fail} goes where
 * the drop handler's failures go: to the uncaught-exception handler of the thread whose operation
 * dropped it.
 *
 * @param <T> the element type
 */
public interface ChannelInterceptor<T> {
    /**
     * Called on the sending thread, before the value enters the channel, with no lock held: by
     * send, timed send, trySend, each value of a batch send (in order) and a select's send clause
     * (each time the select is awaited).
     *
     * @param value the value about to be sent
     * @return what travels with the value to its receiver, or null for nothing
     */
    Object onSend(T value);

    /**
     * Called on the receiving thread, once the value has left the channel and no lock is held,
     * before the receive returns it: receive, tryReceive, timed receive, a select's receive clause
     * (before its handler runs), batch receive (once per value, in order), iteration and streams,
     * and the receiver of {@link Channels#merge} (which carries each value's attachment from its
     * source to whoever receives it from the merged channel).
     *
     * @param value the value received
     * @param attachment what {@link #onSend} returned for this value
     */
    void onReceive(T value, Object attachment);

    /**
     * Called when the value will never be received: dropped by the overflow policy (before the
     * drop handler runs), discarded by {@link SendChannel#fail}, or its send did not complete
     * (closed, timed out, no room for a trySend, interrupted, a batch's values that were not sent,
     * a select's send clause that was not chosen). Does nothing by default.
     *
     * @param value the value that will not be received
     * @param attachment what {@link #onSend} returned for this value
     */
    default void onDiscard(T value, Object attachment) {
    }
}
