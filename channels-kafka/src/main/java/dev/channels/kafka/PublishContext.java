package dev.channels.kafka;

import io.micrometer.observation.transport.SenderContext;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The context of a {@code channel.remote.publish} observation: one value of a Kafka channel on its
 * way to the broker. Its carrier is the record, and a tracer's propagator writes the trace context
 * into the record's headers (W3C {@code traceparent}, B3, whatever the application propagates),
 * each key once.
 */
final class PublishContext extends SenderContext<ProducerRecord<String, byte[]>> {
    private final String channel;
    private final String topic;

    PublishContext(String channel, ProducerRecord<String, byte[]> record) {
        super((carrier, key, value) -> {
            if (carrier != null) {
                carrier.headers().remove(key).add(key, value.getBytes(StandardCharsets.UTF_8));
            }
        });
        setCarrier(record);
        setRemoteServiceName("kafka");
        this.channel = channel;
        this.topic = record.topic();
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
