package dev.channels.kafka;

import dev.channels.spring.observation.SenderContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Carries the trace of each value of a Kafka channel across the broker, in its record's headers,
 * with Micrometer's Observation API (on when {@code channels.observation.enabled} is true):
 *
 * <ul>
 * <li>sending: each record is a {@code channel.remote.publish} observation (contextual name
 * {@code "<topic> publish"}, low-cardinality keys {@code channel} and {@code topic}), the child of
 * the sender's current observation, from the hand-over to the producer to the broker's answer. Its
 * context is a {@link io.micrometer.observation.transport.SenderContext} whose carrier is the
 * record: with Micrometer Tracing, the application's propagator writes the trace context into the
 * record's headers as it writes it into an HTTP request's ({@code traceparent}, B3, baggage);</li>
 * <li>receiving: as a value leaves the local window for a receiver, on the receiver's thread, a
 * {@code channel.remote.consume} observation ({@code "<topic> consume"}, the same keys) whose
 * context is a {@link io.micrometer.observation.transport.ReceiverContext} reading its record's
 * headers, so its span continues the sender's trace (a new trace if the headers hold none, or
 * nothing readable); it becomes the value's {@link SenderContext}: a listener call is its child,
 * and a plain receive finds it with {@link SenderContext#lastReceived()}.</li>
 * </ul>
 *
 * <p>Only the trace crosses the broker (and baggage, if the propagator carries it): the sender's
 * other ThreadLocals (its MDC, a security context) stay in its process. A failure of an
 * observation handler never fails a send or a receive: the value goes on without its trace.
 */
public final class KafkaChannelObservation implements RecordTracing {
    /** The name of the observation of a record's publication. */
    public static final String PUBLISH = "channel.remote.publish";
    /** The name of the observation of a record's arrival at a receiver. */
    public static final String CONSUME = "channel.remote.consume";

    private static final Log logger = LogFactory.getLog(KafkaChannelObservation.class);

    private final ObservationRegistry registry;

    /**
     * Observations in {@code registry}.
     *
     * @param registry the application's observation registry
     */
    public KafkaChannelObservation(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public boolean active() {
        return !registry.isNoop();
    }

    @Override
    public Publication publishing(String channel, ProducerRecord<String, byte[]> record) {
        try {
            PublishContext context = new PublishContext(channel, record);
            Observation observation = Observation.createNotStarted(PUBLISH, () -> context, registry)
                    .contextualName(record.topic() + " publish")
                    .lowCardinalityKeyValue("channel", channel)
                    .lowCardinalityKeyValue("topic", record.topic())
                    .start();
            return failure -> ended(observation, failure);
        } catch (RuntimeException failed) {
            logger.debug("Kafka channel '" + channel + "': a record goes without its trace", failed);
            return Publication.NONE;
        }
    }

    private static void ended(Observation observation, Throwable failure) {
        try {
            if (failure != null) {
                observation.error(failure);
            }
            observation.stop();
        } catch (RuntimeException failed) {
            logger.debug("Ending the observation of a record's publication", failed);
        }
    }

    @Override
    public void handedOut(String channel, String topic, Object value, Headers headers) {
        try {
            ConsumeContext context = new ConsumeContext(channel, topic, headers);
            Observation observation = Observation.createNotStarted(CONSUME, () -> context, registry)
                    .contextualName(topic + " consume")
                    .lowCardinalityKeyValue("channel", channel)
                    .lowCardinalityKeyValue("topic", topic)
                    .start();
            try {
                SenderContext.receivedFromAnotherProcess(channel, value, observation);
            } finally {
                observation.stop();
            }
        } catch (RuntimeException failed) {
            logger.debug("Kafka channel '" + channel + "': a value is received without its trace", failed);
        }
    }
}
