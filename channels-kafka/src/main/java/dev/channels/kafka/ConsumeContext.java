package dev.channels.kafka;

import io.micrometer.observation.transport.ReceiverContext;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The context of a {@code channel.remote.consume} observation: one value of a Kafka channel
 * handed out to a receiver of this instance. Its carrier is the record's headers, from which a
 * tracer's propagator reads the sender's trace context (the last header of each key, as UTF-8).
 */
final class ConsumeContext extends ReceiverContext<Headers> {
    private final String channel;
    private final String topic;

    ConsumeContext(String channel, String topic, Headers headers) {
        super((carrier, key) -> {
            Header header = carrier == null ? null : carrier.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        });
        setCarrier(headers);
        setRemoteServiceName("kafka");
        this.channel = channel;
        this.topic = topic;
    }

    /** The channel's name. */
    String channel() {
        return channel;
    }

    /** The record's topic. */
    String topic() {
        return topic;
    }
}
