package dev.channels.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Kafka broker (KRaft, in this JVM) shared by the module's tests: it starts with the
 * first test that needs it and stops with the JVM. Each test uses topics of its own.
 */
final class EmbeddedBroker {
    private static EmbeddedKafkaKraftBroker broker;

    private EmbeddedBroker() {
    }

    static synchronized EmbeddedKafkaKraftBroker get() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 1);
            started.brokerProperty("auto.create.topics.enable", "false");
            started.brokerProperty("group.initial.rebalance.delay.ms", "0");
            started.brokerProperty("offsets.topic.num.partitions", "1");
            started.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "embedded-kafka-stop"));
            broker = started;
        }
        return broker;
    }

    /** The broker's address, for spring.kafka.bootstrap-servers. */
    static String servers() {
        return get().getBrokersAsString();
    }

    /** Creates {@code name} with {@code partitions} partitions. */
    static String topic(String name, int partitions) {
        get().addTopics(new NewTopic(name, partitions, (short) 1));
        return name;
    }
}
