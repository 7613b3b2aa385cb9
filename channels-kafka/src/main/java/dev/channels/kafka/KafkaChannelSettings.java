package dev.channels.kafka;

import java.util.Objects;

/**
 * What a Kafka channel is made of: its name, topic, consumer group, the property of its values
 * that is the record key, its local window and its element type.
 *
 * @param name the channel's name
 * @param topic the topic that holds its values
 * @param group the consumer group: the instances of one group share the values
 * @param key the property of each value used as the record key (values with one key keep their
 *     order), or null for none (values spread over the partitions)
 * @param capacity the local window: values in flight to the broker, and values fetched ahead; 1 or more
 * @param elementType the class of the values, read and written as JSON
 * @param <T> the element type
 */
public record KafkaChannelSettings<T>(String name, String topic, String group, String key, int capacity,
        Class<T> elementType) {
    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if the capacity is below 1 or a name is blank
     */
    public KafkaChannelSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(elementType, "elementType");
        if (capacity < 1) {
            throw new IllegalArgumentException("A Kafka channel's capacity (its local window) must be 1 or more, was "
                    + capacity);
        }
        if (topic.isBlank() || group.isBlank()) {
            throw new IllegalArgumentException("A Kafka channel needs a topic and a group, was topic '" + topic
                    + "', group '" + group + "'");
        }
    }
}
