package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.spring.listener.error.DeadLetter;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A record that cannot be read as the element type never stops the consumer: it goes to the
 * channel's dead-letter channel if it has one, else it is logged and counted; the values after it
 * are received.
 */
class UnreadableRecordsTests {

    @Test
    void withoutADeadLetterChannelAnUnreadableRecordIsCountedAndTheNextValueIsReceived() throws Exception {
        String topic = EmbeddedBroker.topic("unreadable-counted", 1);
        try (ConfigurableApplicationContext context = TestApplications.start("unreadable-app", topic, 10)) {
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
            writeRaw(topic, "this is not JSON");
            writeRaw(topic, "{\"customer\": [1, 2], \"seq\": \"many\"}");
            orders.send(new Order("c", 1));
            assertThat(orders.receive(Duration.ofSeconds(60))).isEqualTo(new Order("c", 1));
            assertThat(orders.info().unreadable()).isEqualTo(2);
            assertThat(orders.tryReceive()).as("nothing else was handed out").isNull();
        }
    }

    @Test
    void withADeadLetterChannelAnUnreadableRecordBecomesADeadLetterAndTheNextValueIsReceived() throws Exception {
        String topic = EmbeddedBroker.topic("unreadable-dead-lettered", 1);
        try (ConfigurableApplicationContext context = TestApplications.start("dead-letter-app", topic, 10,
                "--channels.instances.orders.listener.dead-letter=orders-dead",
                "--channels.instances.orders-dead.capacity=10")) {
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
            @SuppressWarnings("unchecked")
            Channel<DeadLetter<?>> deadLetters = context.getBean("orders-dead", Channel.class);
            writeRaw(topic, "this is not JSON");
            orders.send(new Order("c", 2));
            DeadLetter<?> letter = deadLetters.receive(Duration.ofSeconds(60));
            assertThat(letter).isNotNull();
            assertThat(letter.channel()).isEqualTo("orders");
            assertThat(letter.value()).isEqualTo("this is not JSON");
            assertThat(letter.exceptionClass()).isNotBlank();
            assertThat(orders.receive(Duration.ofSeconds(60))).isEqualTo(new Order("c", 2));
            assertThat(orders.info().unreadable()).isEqualTo(1);
        }
    }

    private static void writeRaw(String topic, String text) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.servers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "c", text)).get();
        }
    }
}
