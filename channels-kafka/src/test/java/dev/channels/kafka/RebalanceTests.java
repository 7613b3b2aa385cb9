package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Values buffered in the window for partitions that a rebalance takes away are not handed out: the
 * new owner handles them, and the old one does not handle them as well.
 */
class RebalanceTests {

    @Test
    void valuesBufferedForRevokedPartitionsAreNotHandedOutByTheInstanceThatLostThem() throws Exception {
        String topic = EmbeddedBroker.topic("rebalanced", 2);
        try (ConfigurableApplicationContext first = TestApplications.start(Recorder.Application.class, "rebalance-app",
                topic, 5, "--test.listener.block=true")) {
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = first.getBean("orders", KafkaChannel.class);
            Recorder stuck = first.getBean(Recorder.class);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> orders.info().assignedPartitions().size() == 2);
            for (int seq = 0; seq < 40; seq++) {
                orders.send(new Order("customer-" + (seq % 8), seq)); // eight keys over both partitions
            }
            stuck.holding.await();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> orders.size() == 5); // the window is full

            try (ConfigurableApplicationContext second = TestApplications.start(Recorder.Application.class,
                    "rebalance-app", topic, 5)) {
                KafkaChannel<?> joined = second.getBean("orders", KafkaChannel.class);
                Recorder recorder = second.getBean(Recorder.class);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> joined.info().assignedPartitions().size() == 1
                        && orders.info().assignedPartitions().size() == 1);
                stuck.release.countDown();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                    Set<Order> all = new HashSet<>(stuck.finished());
                    all.addAll(recorder.finished());
                    return all.size() == 40;
                });
                Set<Order> both = new HashSet<>(stuck.finished());
                both.retainAll(new HashSet<>(recorder.finished()));
                Order held = stuck.finished().getFirst();
                both.remove(held); // in hand during the rebalance: its new owner may handle it again
                assertThat(both).as("values handled by both instances besides the one in hand").isEmpty();
                assertThat(orders.info().rebalances()).isGreaterThanOrEqualTo(2);
            }
        }
    }
}
