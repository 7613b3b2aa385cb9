package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Select;
import dev.channels.spring.listener.ChannelListenerRegistry;
import java.time.Duration;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * On a Kafka channel consumed by a {@code @ChannelListener}, a value that another thread takes
 * with a plain receive (or a select) is done once handed out, as on a channel without listeners:
 * its offset is committed although that thread never receives again, so the commits of its
 * partition go on behind it; the listener's values are still committed once it returned.
 */
class PlainReceiveBesideListenerTests {

    @Test
    void aValueTakenByAPlainReceiveOrASelectBesideAListenerIsCommittedAndTheCommitsGoOn() throws Exception {
        String topic = EmbeddedBroker.topic("beside-listener", 1);
        try (ConfigurableApplicationContext context = TestApplications.start(Recorder.Application.class,
                "beside-listener-app", topic, 10)) {
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
            Recorder recorder = context.getBean(Recorder.class);
            ChannelListenerRegistry listeners = context.getBean(ChannelListenerRegistry.class);
            String id = listeners.containers().get(0).id();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> orders.info().assignedPartitions().size() == 1);

            listeners.pause(id); // nothing sent yet: the listener holds no value, and takes none while paused
            orders.send(new Order("c", 0));
            orders.send(new Order("c", 1));
            assertThat(orders.receive(Duration.ofSeconds(30))).as("this thread's plain receive").isEqualTo(new Order("c", 0));
            assertThat(Select.<Order>fair().onReceive(orders, order -> order).await()).as("and a select")
                    .isEqualTo(new Order("c", 1));
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orders.info().lag())
                    .as("both committed, though this thread never receives again").isZero());

            listeners.resume(id);
            for (int seq = 2; seq < 12; seq++) {
                orders.send(new Order("c", seq));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> recorder.finished().size() == 10);
            assertThat(recorder.finished()).extracting(Order::seq).containsExactlyElementsOf(IntStream.range(2, 12).boxed().toList());
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orders.info().lag())
                    .as("the listener's values committed behind them").isZero());
            assertThat(orders.stats().received()).isEqualTo(12);
        }
    }
}
