package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.spring.actuate.ChannelDescriptor;
import dev.channels.spring.actuate.ChannelsEndpoint;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.registry.ChannelRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Kafka channel's meters, health and endpoint entry: sends timed by outcome, in-flight and lag
 * gauges, commit and rebalance counters, the topic, group, partitions and lag on the endpoint, and
 * health UP with the broker there.
 */
class ObservabilityTests {

    @Test
    void metersHealthAndTheEndpointShowTheChannelsPlaceInKafka() throws Exception {
        String topic = EmbeddedBroker.topic("observed", 2);
        try (ConfigurableApplicationContext context = TestApplications.start(Observed.class, "observed-app", topic, 10)) {
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> orders.info().assignedPartitions().size() == 2);
            for (int seq = 0; seq < 10; seq++) {
                orders.send(new Order("c" + seq, seq));
            }
            for (int seq = 0; seq < 10; seq++) {
                assertThat(orders.receive(Duration.ofSeconds(30))).isNotNull();
            }

            // A send is timed (and counted as sent) in the producer's callback, which may run just after
            // the sender's wait for the acknowledgement ended: the count is awaited with the gauges.
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(meters.get("channel.remote.send").tags("name", "orders", "outcome", "success").timer().count())
                        .isEqualTo(10);
                assertThat(meters.get("channel.remote.inflight").tags("name", "orders").gauge().value()).isZero();
                assertThat(meters.get("channel.remote.lag").tags("name", "orders").gauge().value()).isZero();
                assertThat(meters.get("channel.remote.commits").tags("name", "orders").functionCounter().count())
                        .isPositive();
            });
            assertThat(meters.get("channel.remote.rebalances").tags("name", "orders").functionCounter().count())
                    .isGreaterThanOrEqualTo(1);
            assertThat(meters.get("channel.remote.redelivered").tags("name", "orders").functionCounter().count()).isZero();
            context.getBean(dev.channels.spring.metrics.ChannelMetrics.class).bindTo(meters); // as Boot binds MeterBinders
            assertThat(meters.get("channel.messages").tags("name", "orders", "operation", "send").functionCounter().count())
                    .as("the starter's own meters count a Kafka channel too").isEqualTo(10);

            ChannelDescriptor described = new ChannelsEndpoint(context.getBean(ChannelRegistry.class)).channel("orders");
            assertThat(described.remote()).containsEntry("kind", "kafka").containsEntry("topic", topic)
                    .containsEntry("group", "observed-app-orders").containsEntry("key", "customer")
                    .containsEntry("assignedPartitions", List.of(0, 1)).containsEntry("lag", 0L);
            assertThat(new ChannelsEndpoint(context.getBean(ChannelRegistry.class)).channel("plain").remote())
                    .as("a local channel has no remote details").isNull();

            Health health = context.getBean(KafkaChannelsHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) health.getDetails().get("channels");
            assertThat(channels.get("orders")).containsEntry("topic", topic).containsEntry("assignedPartitions", List.of(0, 1));
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ JacksonAutoConfiguration.class, KafkaAutoConfiguration.class,
            ChannelsAutoConfiguration.class, KafkaChannelsAutoConfiguration.class,
            dev.channels.spring.autoconfigure.ChannelsMetricsAutoConfiguration.class,
            KafkaChannelsMetricsAutoConfiguration.class, KafkaChannelsHealthAutoConfiguration.class })
    static class Observed {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        dev.channels.Channel<String> plain() {
            return dev.channels.Channel.<String>builder().name("plain").capacity(1).build();
        }
    }
}
