package dev.channels;

import java.util.Objects;

/**
 * Implemented by a channel made outside this library (a {@link SendChannel} or
 * {@link ReceiveChannel} of another module) so that it can be a clause of a {@link Select}.
 *
 * <p>A select completes exactly one clause atomically, under the locks of channels of this
 * library; a channel of another module takes part through channels of this library that stand
 * for it:
 * <ul>
 * <li>a <b>receive clause</b> on it receives from {@link #selectReceiving()}, the channel of this
 * library its own receives take their values from (its interceptors, if any, hear of the value
 * as on any receive);</li>
 * <li>a <b>send clause</b> on it sends {@link Send#token()} to {@link Send#room()}, a channel of
 * this library whose room stands for this channel's room, and once that clause was chosen the
 * select runs {@link Send#whenSent()} on the awaiting thread, before the clause's handler: that
 * is where the value is passed on. If {@code whenSent} throws, {@link Select#await()} throws it
 * and the handler does not run.</li>
 * </ul>
 * A clause on a closed {@code room} or {@code selectReceiving()} channel behaves as one on a
 * closed channel: so such a channel closes them when it is closed.
 *
 * @param <T> the element type
 */
public interface SelectableChannel<T> {

    /**
     * The channel of this library a select's receive clause on this channel receives from.
     *
     * @return a channel made by this library, or null if this channel cannot be received from
     *     (a send-only view), which makes a receive clause on it an error
     */
    default ReceiveChannel<? extends T> selectReceiving() {
        return null;
    }

    /**
     * Prepares a select's send clause of {@code value} to this channel; called once, when the
     * clause is added, so what this throws (a value this channel cannot take) is thrown then.
     *
     * @param value the clause's value, not null
     * @return what the clause sends where, and what runs once it was chosen; or null if this
     *     channel cannot be sent to (a receive-only view), which makes a send clause on it an error
     */
    default Send<?> selectSending(T value) {
        return null;
    }

    /**
     * A select's send clause on a {@link SelectableChannel}: the clause sends {@code token} to
     * {@code room}, and once it was chosen (not on a closed {@code room}), {@code whenSent} runs
     * on the awaiting thread before the clause's handler.
     *
     * @param room a channel made by this library that stands for the room of the channel
     * @param token what the clause sends to {@code room}, not null
     * @param whenSent passes the value on once the clause completed; what it throws,
     *     {@link Select#await()} throws
     * @param <S> the element type of {@code room}
     */
    record Send<S>(SendChannel<S> room, S token, Runnable whenSent) {
        /**
         * Checks that every part is there.
         *
         * @param room the channel of this library the clause sends to
         * @param token what it sends there
         * @param whenSent what runs once the clause completed
         */
        public Send {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(whenSent, "whenSent");
        }
    }
}
