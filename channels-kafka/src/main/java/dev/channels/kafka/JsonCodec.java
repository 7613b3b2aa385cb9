package dev.channels.kafka;

import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the values of one Kafka channel as JSON and reads them back, with the application's
 * {@link JsonMapper}, and picks each record's key from a property of the value.
 *
 * <p>The channel does this itself, with byte arrays on the wire, rather than through Kafka
 * serializers: a value that cannot be written fails its send on the sender's thread, naming the
 * channel, and a record that cannot be read is one event of the fetch loop (dead-lettered or
 * logged and counted) rather than an exception inside the consumer's poll.
 *
 * @param <T> the element type
 */
final class JsonCodec<T> {
    private final String channel;
    private final JsonMapper mapper;
    private final Class<T> type;
    private final String keyProperty;

    JsonCodec(String channel, JsonMapper mapper, Class<T> type, String keyProperty) {
        this.channel = channel;
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.type = Objects.requireNonNull(type, "type");
        this.keyProperty = keyProperty;
    }

    /** A value as it goes to the broker: its key (null without a key property) and its JSON. */
    record Encoded(String key, byte[] json) {
    }

    /**
     * @throws IllegalArgumentException naming the channel if the value cannot be written, or
     *     lacks the key property
     */
    Encoded encode(T value) {
        Objects.requireNonNull(value, "value");
        try {
            if (keyProperty == null) {
                return new Encoded(null, mapper.writeValueAsBytes(value));
            }
            JsonNode tree = mapper.valueToTree(value);
            JsonNode key = tree.get(keyProperty);
            if (key == null || key.isNull() || key.isMissingNode()) {
                throw new IllegalArgumentException("Channel '" + channel + "' takes its record keys from property '"
                        + keyProperty + "' of its values, which " + value.getClass().getName() + " value " + value
                        + " does not have (or is null)");
            }
            String text = key.isValueNode() ? key.asString() : key.toString();
            return new Encoded(text, mapper.writeValueAsBytes(tree));
        } catch (JacksonException notWritable) {
            throw new IllegalArgumentException("Channel '" + channel + "' cannot send a " + value.getClass().getName()
                    + " value: it cannot be written as JSON: " + notWritable.getOriginalMessage(), notWritable);
        }
    }

    /**
     * @throws JacksonException if the record is not a JSON {@code T}
     */
    T decode(byte[] json) {
        if (json == null) {
            throw new IllegalArgumentException("a record without a value (a tombstone)");
        }
        T value = mapper.readValue(json, type);
        if (value == null) {
            throw new IllegalArgumentException("the record's value is JSON null");
        }
        return value;
    }
}
