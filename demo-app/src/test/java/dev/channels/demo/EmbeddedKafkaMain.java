package dev.channels.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A single-node Kafka broker (KRaft, Spring Kafka's {@code EmbeddedKafkaKraftBroker}) in a JVM of
 * its own, for observability/check-dashboard.sh --kafka: the broker docker-compose.kafka.yml runs,
 * without Docker. It creates the topics it is given as {@code name:partitions}, prints one line
 * {@code bootstrap-servers=<host:port>} once they exist, and runs until the process is stopped
 * (SIGTERM), when it shuts the broker down and removes its data.
 *
 * <p>Broker settings as in docker-compose.kafka.yml: one node, replication factor 1 for the
 * internal topics, no delay before a group's first rebalance.
 *
 * <p>It logs warnings and errors only (through logback, as the demo does): the broker's INFO lines
 * run to thousands.
 *
 * <p>Usage: {@code java -cp <demo-app's test class path> dev.channels.demo.EmbeddedKafkaMain demo-orders:4}
 */
public final class EmbeddedKafkaMain {
    private EmbeddedKafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        List<NewTopic> topics = new ArrayList<>();
        for (String arg : args) {
            topics.add(topic(arg));
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("offsets.topic.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.destroy();
            stopped.countDown();
        }, "embedded-kafka-stop"));
        broker.afterPropertiesSet();
        if (!topics.isEmpty()) {
            broker.addTopics(topics.toArray(NewTopic[]::new));
        }
        System.out.println("bootstrap-servers=" + broker.getBrokersAsString());
        System.out.flush();
        stopped.await();
    }

    private static NewTopic topic(String arg) {
        int colon = arg.lastIndexOf(':');
        if (colon <= 0 || colon == arg.length() - 1) {
            throw new IllegalArgumentException("topic argument '" + arg + "': expected name:partitions, e.g. demo-orders:4");
        }
        String name = arg.substring(0, colon);
        int partitions;
        try {
            partitions = Integer.parseInt(arg.substring(colon + 1));
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("topic argument '" + arg + "': partitions '" + arg.substring(colon + 1)
                    + "' is not a number", notANumber);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic argument '" + arg + "': partitions must be at least 1");
        }
        return new NewTopic(name, partitions, (short) 1);
    }
}
