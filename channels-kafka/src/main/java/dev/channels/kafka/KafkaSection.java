package dev.channels.kafka;

/**
 * The {@code kafka} section of a {@code channels.instances.<name>} entry.
 *
 * <pre>{@code
 * channels:
 *   instances:
 *     orders:
 *       capacity: 100
 *       element-type: com.example.Order
 *       kafka:
 *         topic: orders
 *         group: ${spring.application.name}-orders
 *         key: customer
 * }</pre>
 */
public class KafkaSection {
    /** The topic that holds the channel's values. Defaults to the channel's name. */
    private String topic;

    /**
     * The consumer group; every instance in one group shares the values. Defaults to
     * ${spring.application.name}-<channel name>.
     */
    private String group;

    /**
     * A property of the values whose value is the record key: values with one key keep their
     * order. None by default: values spread over the partitions.
     */
    private String key;

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
