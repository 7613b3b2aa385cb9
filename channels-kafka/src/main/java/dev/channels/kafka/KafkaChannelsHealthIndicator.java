package dev.channels.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the application's Kafka channels: {@code DOWN} while the broker cannot be reached
 * (the cluster cannot be described within the timeout), else {@code UP}; the details show each
 * channel's topic, group, assigned partitions and lag. An application without Kafka channels does
 * not ask the broker and is {@code UP}.
 */
public final class KafkaChannelsHealthIndicator implements HealthIndicator, AutoCloseable {
    private final KafkaChannelBackend backend;
    private final Map<String, Object> adminProperties;
    private final Duration timeout;
    private Admin admin; // guarded by this

    /**
     * Creates the indicator.
     *
     * @param backend whose channels to report
     * @param adminProperties the settings of the admin client that asks the broker (such as Boot's
     *     {@code KafkaProperties.buildAdminProperties()})
     * @param timeout how long to wait for the broker's answer
     */
    public KafkaChannelsHealthIndicator(KafkaChannelBackend backend, Map<String, Object> adminProperties, Duration timeout) {
        this.backend = backend;
        this.adminProperties = Map.copyOf(adminProperties);
        this.timeout = timeout;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminProperties);
        }
        return admin;
    }

    /** Closes the admin client. */
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }

    @Override
    public Health health() {
        Map<String, Object> channels = new LinkedHashMap<>();
        for (KafkaChannel<?> channel : backend.channels()) {
            KafkaChannelInfo info = channel.info();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("topic", info.topic());
            details.put("group", info.group());
            details.put("assignedPartitions", info.assignedPartitions());
            details.put("lag", info.lag());
            channels.put(channel.name(), details);
        }
        if (channels.isEmpty()) {
            return Health.up().withDetail("channels", channels).build(); // no Kafka channel: nothing depends on the broker
        }
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).size();
            return Health.up().withDetail("brokers", nodes).withDetail("channels", channels).build();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Health.unknown().withDetail("channels", channels).build();
        } catch (Exception unreachable) {
            return Health.down().withDetail("error", "The Kafka broker cannot be reached: " + unreachable)
                    .withDetail("channels", channels).build();
        }
    }
}
