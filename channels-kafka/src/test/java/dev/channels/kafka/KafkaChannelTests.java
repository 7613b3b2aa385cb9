package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.Select;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Kafka channel is a channel: values sent are received, through a real broker, by the same
 * Channel API; one key's values arrive in order; closing drains the window and stops sends.
 */
class KafkaChannelTests {

    @Test
    void valuesSentAreReceivedThroughTheBrokerAndOneKeysValuesStayInOrder() throws Exception {
        String topic = EmbeddedBroker.topic("basic", 3);
        try (ConfigurableApplicationContext context = TestApplications.start("basic-app", topic, 20)) {
            @SuppressWarnings("unchecked")
            Channel<Order> orders = context.getBean("orders", Channel.class);
            assertThat(orders).isInstanceOf(KafkaChannel.class);
            for (int seq = 0; seq < 200; seq++) {
                orders.send(new Order("c" + (seq % 4), seq / 4));
            }
            List<Order> received = new ArrayList<>();
            while (received.size() < 200) {
                Order order = orders.receive(Duration.ofSeconds(30));
                assertThat(order).as("value %d arrives", received.size()).isNotNull();
                received.add(order);
            }
            for (int customer = 0; customer < 4; customer++) {
                String key = "c" + customer;
                assertThat(received.stream().filter(order -> order.customer().equals(key)).map(Order::seq).toList())
                        .as("the values of key %s, in the order sent", key)
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).boxed().toList());
            }
            assertThat(orders.stats().sent()).isEqualTo(200);
            assertThat(orders.stats().received()).isEqualTo(200);
        }
    }

    @Test
    void aSelectReceivesFromTheReceivingEndAndWhatItHandsOutIsCommitted() throws Exception {
        String topic = EmbeddedBroker.topic("selected", 1);
        try (ConfigurableApplicationContext context = TestApplications.start("select-app", topic, 10)) {
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
            Channel<String> local = Channel.buffered(1);
            orders.send(new Order("c", 7));
            String chosen = Select.<String>fair()
                    .onReceive(orders.receiveOnly(), order -> "kafka " + order.seq())
                    .onReceive(local, text -> "local " + text)
                    .await();
            assertThat(chosen).isEqualTo("kafka 7");
            assertThat(orders.stats().received()).as("the select's receive is a hand-out").isEqualTo(1);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(orders.info()).satisfies(info -> {
                        assertThat(info.commits()).isPositive();
                        assertThat(info.lag()).isZero();
                    }));
        }
    }

    @Test
    void aClosedChannelRefusesSendsAndItsIterationEndsOnceTheWindowIsDrained() throws Exception {
        String topic = EmbeddedBroker.topic("closing", 1);
        try (ConfigurableApplicationContext context = TestApplications.start("closing-app", topic, 10)) {
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
            for (int seq = 0; seq < 5; seq++) {
                orders.send(new Order("c", seq));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> orders.size() == 5);
            orders.close();
            assertThatThrownBy(() -> orders.send(new Order("c", 99))).isInstanceOf(ChannelClosedException.class);
            List<Integer> drained = new ArrayList<>();
            for (Order order : orders) {
                drained.add(order.seq());
            }
            assertThat(drained).containsExactly(0, 1, 2, 3, 4);
            assertThat(orders.awaitTermination(Duration.ofSeconds(30))).isTrue();
        }
    }
}
