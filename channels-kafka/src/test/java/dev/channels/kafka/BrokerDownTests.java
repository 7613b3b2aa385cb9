package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.ServerSocket;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * With no broker at its address, a Kafka channel's timed send fails saying the outcome is unknown
 * and its health is DOWN; once a broker comes up at that address, without restarting the
 * application, health is UP again and values go through.
 */
class BrokerDownTests {

    @Test
    void sendsFailSayingTheOutcomeIsUnknownHealthIsDownAndBothRecoverWhenTheBrokerComesBack() throws Exception {
        int port = freePort();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("advertised.listeners", "EXTERNAL://127.0.0.1:" + port); // clients reach it only through the forwarder
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("offsets.topic.num.partitions", "1");
        broker.afterPropertiesSet();
        int brokerPort = Integer.parseInt(broker.getBrokersAsString().substring(broker.getBrokersAsString().lastIndexOf(':') + 1));
        try (TcpForwarder forwarder = new TcpForwarder(port, brokerPort);
                ConfigurableApplicationContext context = TestApplications.start(ObservabilityTests.Observed.class,
                        "down-app", "down", 5, "--spring.kafka.bootstrap-servers=127.0.0.1:" + port,
                        "--spring.kafka.producer.properties.max.block.ms=1500")) {
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
            KafkaChannelsHealthIndicator health = context.getBean(KafkaChannelsHealthIndicator.class);

            assertThatThrownBy(() -> orders.send(new Order("c", 0), Duration.ofMillis(500)))
                    .isInstanceOfSatisfying(KafkaSendException.class, failure -> {
                        assertThat(failure.outcomeUnknown()).isTrue();
                        assertThat(failure.channelName()).isEqualTo("orders");
                    })
                    .hasMessageContaining("the outcome is unknown");
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            // The caller gave up after 500 ms; the producer gives up (max.block.ms) and the room comes back after it.
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(orders.inflight()).as("a failed send gives its room back").isZero());

            forwarder.start(); // the broker is back
            broker.addTopics(new NewTopic("down", 1, (short) 1));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> health.health().getStatus().equals(Status.UP));
            Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreException(KafkaSendException.class)
                    .until(() -> orders.send(new Order("c", 1), Duration.ofSeconds(10)));
            Order received;
            do {
                received = orders.receive(Duration.ofSeconds(60));
                assertThat(received).as("the value sent after the broker came back arrives").isNotNull();
            } while (received.seq() != 1);
        } finally {
            broker.destroy();
        }
    }

    /**
     * The producer would block the call that takes a value for up to {@code max.block.ms} (here 10
     * minutes) while it has no metadata for the topic; a timed send gives up after its own timeout
     * all the same, saying the outcome is unknown. The preemptive bound (60 s) only catches the
     * hang the defect was: without the fix the send returns after 10 minutes.
     */
    @Test
    void aTimedSendHonorsItsTimeoutWhileTheProducerWaitsForMetadata() throws Exception {
        int port = freePort(); // nothing listens there
        try (ConfigurableApplicationContext context = TestApplications.start("no-metadata-app", "no-metadata", 5,
                "--spring.kafka.bootstrap-servers=127.0.0.1:" + port, "--spring.kafka.producer.properties.max.block.ms=600000",
                "--channels.shutdown.timeout=1s")) {
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(
                    () -> orders.send(new Order("c", 0), Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(KafkaSendException.class, failure -> assertThat(failure.outcomeUnknown()).isTrue())
                    .hasMessageContaining("within PT0.3S").hasMessageContaining("the outcome is unknown"));
            assertThat(orders.inflight()).as("the value still waits in the producer: its place is held").isEqualTo(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
