package dev.channels;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The receiving end of a channel (Go's {@code <-chan T}).
 *
 * <p><b>Blocking.</b> {@link #receive} waits while there is nothing to take. Values from one
 * sender arrive in the order sent; every value sent is received exactly once.
 *
 * <p><b>Closing.</b> After the channel is closed, buffered values are still received in order;
 * then every receive reports "closed" at once, forever: {@link #receive} throws
 * {@link ChannelClosedException}, iteration ends. If the channel failed, the exception's cause is
 * the failure and iteration throws it too.
 *
 * <p><b>Interrupts.</b> A waiting receive interrupted before a value arrived throws
 * {@link InterruptedException} and takes nothing; if a value arrived first, it is returned with the
 * interrupt status set. Either way no value is lost or received twice.
 *
 * @param <T> the element type
 */
public interface ReceiveChannel<T> extends ChannelInfo, Iterable<T> {
    /**
     * Receives the next value, waiting as long as it takes.
     *
     * @return the value
     * @throws ChannelClosedException if the channel is closed and drained (with the failure as cause)
     * @throws InterruptedException if interrupted while waiting; nothing was taken
     */
    T receive() throws InterruptedException;

    /**
     * Receives the next value, waiting at most {@code timeout}. Uses no thread or timer of its own.
     *
     * @param timeout the longest wait; zero means do not wait
     * @return the value, or null if the timeout passed first
     * @throws ChannelClosedException if the channel is closed and drained
     * @throws InterruptedException if interrupted while waiting; nothing was taken
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    T receive(Duration timeout) throws InterruptedException;

    /**
     * Receives a value only if one is there now. Never blocks; "would block" is the {@code null}
     * result, not an exception.
     *
     * @return the value, or null if there is none now
     * @throws ChannelClosedException if the channel is closed and drained
     */
    T tryReceive();

    /**
     * Moves up to {@code max} values into {@code sink}, taking as many as are there per lock
     * acquisition. Waits only while there are none; then takes the first and whatever else is
     * there without waiting.
     *
     * @param sink where the values go, in order; called after the channel is unlocked
     * @param max the most to take, at least 1
     * @return how many were added to {@code sink}: at least 1
     * @throws ChannelClosedException if the channel is closed and drained
     * @throws InterruptedException if interrupted while waiting; nothing was taken
     */
    int receiveBatch(Collection<? super T> sink, int max) throws InterruptedException;

    /**
     * Moves up to {@code max} values that are there now into {@code sink}. Never blocks.
     *
     * @param sink where the values go, in order
     * @param max the most to take
     * @return how many were added, possibly 0
     * @throws ChannelClosedException if the channel is closed and drained
     */
    int tryReceiveBatch(Collection<? super T> sink, int max);

    /**
     * Whether the channel is closed and drained: every receive now reports "closed" at once.
     *
     * @return true if closed and its buffer is empty
     */
    boolean isDrained();

    /**
     * Waits until the channel is closed and drained (like aiochannel's {@code join}).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitDrained() throws InterruptedException;

    /**
     * Waits at most {@code timeout} until the channel is closed and drained.
     *
     * @param timeout the longest wait
     * @return true if closed and drained, false if the timeout passed first
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitDrained(Duration timeout) throws InterruptedException;

    /**
     * Iterates over received values until the channel is closed and drained (Go's
     * {@code for v := range ch}). {@code hasNext()} blocks; an interrupt while it waits throws
     * {@link ChannelInterruptedException}; a failed channel throws {@link ChannelClosedException}.
     *
     * @return an iterator that receives as it goes; not thread-safe, but several iterators may
     *     share the channel, each value going to one of them
     */
    @Override
    Iterator<T> iterator();

    /**
     * A sequential stream of received values that ends when the channel is closed and drained;
     * blocking and failure as for {@link #iterator()}.
     *
     * @return the stream
     */
    Stream<T> stream();
}
