package dev.channels.benchmarks.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Kafka broker (KRaft, one node) in the benchmark's JVM, from spring-kafka-test: the
 * same broker the channels-kafka tests run against, with the same settings.
 */
public final class Broker implements AutoCloseable {
    private final EmbeddedKafkaKraftBroker broker;

    private Broker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /**
     * Starts a broker.
     *
     * @return the broker, running
     */
    public static Broker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("offsets.topic.num.partitions", "1");
        broker.afterPropertiesSet();
        return new Broker(broker);
    }

    /**
     * The broker's address, for {@code spring.kafka.bootstrap-servers}.
     *
     * @return host:port
     */
    public String servers() {
        return broker.getBrokersAsString();
    }

    /**
     * Creates a topic (replication factor 1: one broker).
     *
     * @param name the topic
     * @param partitions its partitions
     */
    public void createTopic(String name, int partitions) {
        broker.addTopics(new NewTopic(name, partitions, (short) 1));
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
