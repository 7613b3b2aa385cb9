package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Taking one instance out: a graceful shutdown drains what it fetched and commits, so the next
 * instance goes on after it with nothing lost and nothing repeated; a shutdown that cuts a listener
 * short commits nothing it did not finish, so the next instance handles those values.
 */
class ShutdownTests {
    private static final List<Integer> FORTY = IntStream.range(0, 40).boxed().toList();

    @Test
    void aGracefulShutdownDrainsTheWindowAndCommitsSoTheNextInstanceGoesOnWithoutRepeats() throws Exception {
        String topic = EmbeddedBroker.topic("graceful", 1);
        List<Order> first;
        KafkaChannel<?> firstChannel;
        try (ConfigurableApplicationContext context = TestApplications.start(Recorder.Application.class, "graceful-app",
                topic, 5, "--test.listener.delay=20")) {
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
            Recorder recorder = context.getBean(Recorder.class);
            for (int seq = 0; seq < 40; seq++) {
                orders.send(new Order("c", seq));
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recorder.finished().size() >= 5);
            context.close(); // mid-stream: the window holds fetched values
            first = recorder.finished();
            firstChannel = orders;
        }
        assertThat(firstChannel.size()).as("the window was drained by the listener").isZero();
        assertThat(first).extracting(Order::seq).as("in order, once each").containsExactlyElementsOf(FORTY.subList(0, first.size()));

        try (ConfigurableApplicationContext context = TestApplications.start(Recorder.Application.class, "graceful-app",
                topic, 5)) {
            Recorder recorder = context.getBean(Recorder.class);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> first.size() + recorder.finished().size() >= 40);
            assertThat(recorder.finished()).extracting(Order::seq)
                    .as("the next instance starts after the last value the first one handled")
                    .containsExactlyElementsOf(FORTY.subList(first.size(), 40));
        }
    }

    @Test
    void valuesTheClosedInstanceFetchedButDidNotFinishAreHandledByTheNextOne() throws Exception {
        String topic = EmbeddedBroker.topic("cut-short", 1);
        Recorder stuck;
        try (ConfigurableApplicationContext context = TestApplications.start(Recorder.Application.class, "cut-app",
                topic, 5, "--test.listener.block=true", "--channels.shutdown.timeout=1s")) {
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
            stuck = context.getBean(Recorder.class);
            for (int seq = 0; seq < 20; seq++) {
                orders.send(new Order("c", seq));
            }
            stuck.holding.await();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> orders.size() == 5); // the window is full
            // closing: the listener holding a value is interrupted after the 1 s shutdown timeout
        }
        assertThat(stuck.finished()).as("the stuck instance finished nothing").isEmpty();

        try (ConfigurableApplicationContext context = TestApplications.start(Recorder.Application.class, "cut-app",
                topic, 5)) {
            Recorder recorder = context.getBean(Recorder.class);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> new HashSet<>(recorder.finished()).size() >= 20);
            Set<Integer> handled = new HashSet<>(recorder.finished().stream().map(Order::seq).toList());
            assertThat(handled).as("every value, the one held and the ones fetched by the closed instance included")
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList());
        }
    }
}
