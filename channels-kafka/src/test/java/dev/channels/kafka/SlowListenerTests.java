package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import java.time.Duration;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A listener much slower than max.poll.interval.ms (2 s here; 15 values at 400 ms each, behind a
 * window of 2) costs the consumer nothing: it pauses its partitions and keeps polling, so it is
 * never evicted from its group (one assignment, no redelivery) and no value is lost or repeated.
 * A consumer that waited for room in the window instead would not poll for about 5 s. The
 * interval is ten of the fetch loop's longest turns (200 ms), so that a loaded machine's pauses
 * do not evict a consumer that polls as it should.
 */
class SlowListenerTests {

    @Test
    void aListenerSlowerThanTheMaxPollIntervalNeitherEvictsTheConsumerNorLosesAValue() throws Exception {
        String topic = EmbeddedBroker.topic("slow", 1);
        try (ConfigurableApplicationContext context = TestApplications.start(Recorder.Application.class, "slow-app",
                topic, 2, "--spring.kafka.consumer.properties.max.poll.interval.ms=2000", "--test.listener.delay=400")) {
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
            Recorder recorder = context.getBean(Recorder.class);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> orders.info().assignedPartitions().size() == 1);
            Channel<Order> sending = orders;
            for (int seq = 0; seq < 15; seq++) {
                sending.send(new Order("c", seq));
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recorder.finished().size() >= 15);
            assertThat(recorder.finished()).extracting(Order::seq)
                    .as("each value once, in order").containsExactlyElementsOf(IntStream.range(0, 15).boxed().toList());
            assertThat(orders.info().rebalances()).as("one assignment: never evicted from the group").isEqualTo(1);
            assertThat(orders.info().redelivered()).isZero();
        }
    }
}
