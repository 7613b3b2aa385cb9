package dev.channels;

import java.time.Duration;
import java.util.List;

/**
 * The sending end of a channel (Go's {@code chan<- T}).
 *
 * <p><b>Blocking.</b> {@link #send} waits while a bounded buffer is full, or, on a rendezvous
 * channel, until a receiver takes the value. A send that can complete at once never waits, and
 * sends on channels with a drop {@link OverflowPolicy} never wait.
 *
 * <p><b>Closing.</b> Once the channel is closed every send throws {@link ChannelClosedException};
 * a sender waiting when it closes wakes with that exception and its value is not delivered.
 *
 * <p><b>Interrupts.</b> A waiting send interrupted before its value was taken throws
 * {@link InterruptedException} and leaves no trace; if the value was taken first, the send returns
 * normally with the interrupt status set. Either way the value is delivered at most once.
 *
 * @param <T> the element type; elements are never null
 */
public interface SendChannel<T> extends ChannelInfo, AutoCloseable {
    /**
     * Sends {@code value}, waiting as long as it takes for room or a receiver.
     *
     * @param value the value, not null
     * @throws ChannelClosedException if the channel is or becomes closed before the value is sent
     * @throws InterruptedException if interrupted while waiting; the value was not sent
     * @throws NullPointerException if {@code value} is null
     */
    void send(T value) throws InterruptedException;

    /**
     * Sends {@code value}, waiting at most {@code timeout}. Uses no thread or timer of its own.
     *
     * @param value the value, not null
     * @param timeout the longest wait; zero means do not wait
     * @return true if sent, false if the timeout passed first (the value was then not sent)
     * @throws ChannelClosedException if the channel is or becomes closed before the value is sent
     * @throws InterruptedException if interrupted while waiting; the value was not sent
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    boolean send(T value, Duration timeout) throws InterruptedException;

    /**
     * Sends {@code value} only if that needs no wait. Never blocks; "would block" is the
     * {@code false} result, not an exception.
     *
     * @param value the value, not null
     * @return true if sent, false if the buffer is full (or no receiver waits on a rendezvous channel)
     * @throws ChannelClosedException if the channel is closed
     */
    boolean trySend(T value);

    /**
     * Sends values from the front of {@code values}, moving as many as fit per lock acquisition.
     * Waits only while none fits; then sends the first and whatever else fits without waiting,
     * like a partial {@code write}. Call again with the rest to send them all. The list is read
     * once, with {@link List#toArray()}, before anything is sent: a change to it during the call
     * does not change what is sent, and what reading it throws is thrown with nothing sent.
     *
     * @param values the values, none null
     * @return how many were sent from the front: at least 1 unless {@code values} is empty
     * @throws NullPointerException if {@code values} holds a null (its index is named); none is then sent
     * @throws ChannelClosedException if the channel is closed before any was sent
     * @throws InterruptedException if interrupted while waiting; none was then sent
     */
    int sendBatch(List<? extends T> values) throws InterruptedException;

    /**
     * Sends values from the front of {@code values} as far as they fit without waiting. The list
     * is read once, as for {@link #sendBatch}.
     *
     * @param values the values, none null
     * @return how many were sent from the front, possibly 0
     * @throws NullPointerException if {@code values} holds a null (its index is named); none is then sent
     * @throws ChannelClosedException if the channel is closed before any was sent
     */
    int trySendBatch(List<? extends T> values);

    /**
     * Closes the channel (Go's {@code close}): no further sends; buffered values are still
     * received, then receivers see "closed". Waiting senders fail with
     * {@link ChannelClosedException}. Unlike Go, closing twice is allowed and does nothing.
     */
    @Override
    void close();

    /**
     * Closes the channel with a failure. Buffered values are <em>discarded</em>: each is counted
     * in {@link ChannelStats#dropped()} and passed to the drop handler, so none disappears
     * unreported; receivers then get {@link ChannelClosedException} whose cause is {@code cause}.
     * Waiting senders and receivers wake with that exception.
     *
     * @param cause the failure, not null
     * @return true if this call closed the channel; false if it was already closed (then nothing changes)
     */
    boolean fail(Throwable cause);
}
