package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.spring.listener.ChannelListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;

/**
 * Two instances of one application (two contexts in this JVM, one consumer group) share a Kafka
 * channel: 10,000 values sent, each handled at least once by one of their @ChannelListeners,
 * duplicates counted, and on each instance the values of one key in the order sent.
 */
class TwoInstancesTests {
    private static final int KEYS = 10;
    private static final int PER_KEY = 1_000;

    @Test
    void tenThousandValuesAreEachHandledAtLeastOnceAndOneKeysValuesInOrderOnEachInstance() throws Exception {
        String topic = EmbeddedBroker.topic("shared", 4);
        try (ConfigurableApplicationContext first = TestApplications.start(Listening.class, "shared-app", topic, 100);
                ConfigurableApplicationContext second = TestApplications.start(Listening.class, "shared-app", topic, 100)) {
            KafkaChannel<?> firstChannel = first.getBean("orders", KafkaChannel.class);
            KafkaChannel<?> secondChannel = second.getBean("orders", KafkaChannel.class);
            // Both in the group before anything is sent, so that both get a share.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    firstChannel.info().assignedPartitions().size() + secondChannel.info().assignedPartitions().size() == 4
                            && !firstChannel.info().assignedPartitions().isEmpty()
                            && !secondChannel.info().assignedPartitions().isEmpty());

            @SuppressWarnings("unchecked")
            Channel<Order> orders = first.getBean("orders", Channel.class);
            List<Thread> senders = new ArrayList<>();
            for (int key = 0; key < KEYS; key++) {
                String customer = "customer-" + key;
                senders.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (int seq = 0; seq < PER_KEY; seq++) {
                            orders.send(new Order(customer, seq)); // one sender per key: sent in order
                        }
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join(Duration.ofMinutes(2));
            }
            assertThat(orders.stats().sent()).as("every send acknowledged").isEqualTo(KEYS * PER_KEY);

            Collector a = first.getBean(Collector.class);
            Collector b = second.getBean(Collector.class);
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> distinct(a, b).size() == KEYS * PER_KEY);

            int handled = a.handled.size() + b.handled.size();
            int duplicates = handled - distinct(a, b).size();
            System.out.printf("two instances: %d handled by the first, %d by the second, %d duplicates%n",
                    a.handled.size(), b.handled.size(), duplicates);
            assertThat(a.handled).as("the first instance had a share").isNotEmpty();
            assertThat(b.handled).as("the second instance had a share").isNotEmpty();
            assertInOrderPerKey("first", a);
            assertInOrderPerKey("second", b);
            assertThat(duplicates).as("duplicates are counted, never negative").isGreaterThanOrEqualTo(0);
        }
    }

    private static Set<Order> distinct(Collector a, Collector b) {
        Set<Order> all = new HashSet<>(a.handled);
        all.addAll(b.handled);
        return all;
    }

    /** On one instance, each key's values are first handled in the order sent (a redelivered value may come again). */
    private static void assertInOrderPerKey(String instance, Collector collector) {
        Map<String, Integer> last = new HashMap<>();
        Set<Order> seen = new HashSet<>();
        for (Order order : collector.handled) {
            if (!seen.add(order)) {
                continue;
            }
            Integer before = last.put(order.customer(), order.seq());
            if (before != null) {
                assertThat(order.seq()).as("on the %s instance, %s after seq %d", instance, order, before)
                        .isGreaterThan(before);
            }
        }
    }

    /** Records what this instance's listener handled, in the order it handled it. */
    static final class Collector {
        final ConcurrentLinkedQueue<Order> handled = new ConcurrentLinkedQueue<>();

        @ChannelListener(channel = "orders")
        void handle(Order order) {
            handled.add(order);
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ JacksonAutoConfiguration.class, KafkaAutoConfiguration.class,
            ChannelsAutoConfiguration.class, KafkaChannelsAutoConfiguration.class })
    static class Listening {
        @Bean
        Collector collector() {
            return new Collector();
        }
    }
}
