package dev.channels.spring.listener.error;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A value, or a batch, that a listener failed on after all its attempts: what a
 * {@link ChannelListenerErrorHandler} is given.
 *
 * @param listenerId the listener that failed (see
 *     {@link dev.channels.spring.listener.ChannelListenerContainer#id()})
 * @param channel the registry name of the channel the values came from
 * @param values the value that failed, or every value of the batch that failed, in the order received
 * @param batch whether the listener takes batches: then {@code values} is the batch the method was called with
 * @param attempts how many times the listener was called with them, 1 or more
 * @param exception what the last attempt threw
 * @param time when the last attempt failed
 */
public record ListenerFailure(String listenerId, String channel, List<?> values, boolean batch, int attempts,
        Throwable exception, Instant time) {
    /**
     * Checks and copies the components.
     *
     * @param listenerId see the record description
     * @param channel see the record description
     * @param values see the record description
     * @param batch see the record description
     * @param attempts see the record description
     * @param exception see the record description
     * @param time see the record description
     */
    public ListenerFailure {
        Objects.requireNonNull(listenerId, "listenerId");
        Objects.requireNonNull(channel, "channel");
        values = List.copyOf(values);
        Objects.requireNonNull(exception, "exception");
        Objects.requireNonNull(time, "time");
        if (!batch && values.size() != 1) {
            throw new IllegalArgumentException("A failure of a listener that takes one value has one value, not "
                    + values.size());
        }
    }

    /**
     * What the listener was called with: the value, or for a batch listener the batch.
     *
     * @return the value, or the list of values of the batch
     */
    public Object payload() {
        return batch ? values : values.get(0);
    }

    /**
     * The dead letters of this failure, one per value.
     *
     * @return the dead letters, in the order of {@link #values()}
     */
    public List<DeadLetter<Object>> deadLetters() {
        return values.stream().<DeadLetter<Object>>map(value -> DeadLetter.of(channel, listenerId, value, attempts,
                exception, time)).toList();
    }
}
