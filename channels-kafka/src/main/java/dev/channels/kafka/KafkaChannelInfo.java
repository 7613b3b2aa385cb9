package dev.channels.kafka;

import java.util.List;

/**
 * What one instance sees of a Kafka channel's place in Kafka, for the endpoint, meters and health.
 *
 * @param topic the topic
 * @param group the consumer group
 * @param key the value property used as record key, or null
 * @param assignedPartitions the partitions this instance owns now, sorted
 * @param lag records of those partitions the group has not consumed: not fetched yet, or fetched
 *     and not committed
 * @param inflight values sent and not yet acknowledged by the broker
 * @param commits offset commits that succeeded
 * @param rebalances partition assignments this instance received
 * @param redelivered records fetched that an earlier owner of their partition had handed out
 * @param unreadable records whose value could not be read as the element type
 * @param lastContactNanos when the consumer last polled with partitions assigned ({@code System.nanoTime()}), 0 never
 */
public record KafkaChannelInfo(String topic, String group, String key, List<Integer> assignedPartitions, long lag,
        int inflight, long commits, long rebalances, long redelivered, long unreadable, long lastContactNanos) {
}
