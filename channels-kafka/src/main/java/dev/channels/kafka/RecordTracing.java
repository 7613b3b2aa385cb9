package dev.channels.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * What carries a value's trace across the broker, in the record's headers: on the sending thread
 * it writes the sender's trace context into the record, on the receiving thread it reads it back
 * for the value handed out. A Kafka channel without it (observation off) writes and reads no
 * headers at all. The implementation, {@link KafkaChannelObservation}, uses Micrometer's
 * Observation API; this interface keeps its types out of the channel's, so that the module runs
 * without Micrometer.
 */
interface RecordTracing {
    /**
     * Whether there is anything to carry (false for a no-op observation registry).
     *
     * @return true if records get trace headers
     */
    boolean active();

    /**
     * On the sending thread, before {@code record} goes to the producer: starts observing its
     * publication and writes the trace context into its headers. Never throws.
     *
     * @param channel the channel's name
     * @param record the record about to be sent
     * @return what to tell once the broker answered
     */
    Publication publishing(String channel, ProducerRecord<String, byte[]> record);

    /**
     * On the receiving thread, as {@code value} leaves the window: makes the value's trace, read
     * from its record's {@code headers}, the context of what this thread received. Never throws: a
     * record whose headers cannot be read gets a new trace.
     *
     * @param channel the channel's name
     * @param topic the record's topic
     * @param value the value handed out
     * @param headers its record's headers
     */
    void handedOut(String channel, String topic, Object value, Headers headers);

    /** The publication of one record, ended once the broker answered. */
    @FunctionalInterface
    interface Publication {
        /** Nothing to end. */
        Publication NONE = failure -> { };

        /**
         * The broker answered.
         *
         * @param failure why the send failed, or null if the broker acknowledged the record
         */
        void ended(Throwable failure);
    }
}
