package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.ReceiveChannel;
import dev.channels.Select;
import dev.channels.SendChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Kafka channel is a clause of a {@link Select} as it is, beside channels of the core library:
 * its receive clauses hand each fetched value out exactly once and commit it, its send clauses
 * complete once the value is in flight and the value arrives, and closed it behaves as a closed
 * channel does in a select.
 */
class KafkaChannelSelectTests {

    @Test
    void aSelectReceivesFromTheKafkaChannelBesideALocalOneAndWhatItHandsOutIsCommitted() throws Exception {
        String topic = EmbeddedBroker.topic("select-direct", 1);
        try (ConfigurableApplicationContext context = TestApplications.start("select-direct-app", topic, 10)) {
            KafkaChannel<Order> orders = orders(context);
            Channel<String> local = Channel.buffered(1);
            orders.send(new Order("c", 7));
            String chosen = Select.<String>fair()
                    .onReceive(orders, order -> "kafka " + order.seq())
                    .onReceive(local, text -> "local " + text)
                    .await();
            assertThat(chosen).isEqualTo("kafka 7");

            local.send("x");
            assertThat(Select.<String>fair().onReceive(orders, order -> "kafka " + order.seq())
                    .onReceive(local, text -> "local " + text).await())
                    .as("nothing is in the window: the local clause").isEqualTo("local x");
            assertThat(orders.stats().received()).as("one hand-out, by the first select").isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orders.info())
                    .satisfies(info -> {
                        assertThat(info.commits()).isPositive();
                        assertThat(info.lag()).isZero();
                    }));
        }
    }

    @Test
    void everyFetchedValueIsHandedOutToExactlyOneOfSeveralSelectingThreads() throws Exception {
        int kafkaValues = 600;
        int localValues = 300;
        String topic = EmbeddedBroker.topic("select-exactly-once", 3);
        try (ConfigurableApplicationContext context = TestApplications.start("select-once-app", topic, 16)) {
            KafkaChannel<Order> orders = orders(context);
            Channel<Integer> local = Channel.buffered(8);
            Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
            AtomicInteger localSeen = new AtomicInteger();
            AtomicInteger total = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(4);
            List<Thread> selecting = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                selecting.add(Thread.ofVirtual().start(() -> {
                    try {
                        while (total.get() < kafkaValues + localValues) {
                            Select.<Void>fair()
                                    .onReceive(orders, order -> {
                                        seen.computeIfAbsent(order.seq(), seq -> new AtomicInteger()).incrementAndGet();
                                        total.incrementAndGet();
                                        return null;
                                    })
                                    .onReceive(local, value -> {
                                        localSeen.incrementAndGet();
                                        total.incrementAndGet();
                                        return null;
                                    })
                                    .onTimeout(Duration.ofMillis(50), () -> null) // only to look at the total again
                                    .await();
                        }
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                }));
            }
            Thread localSender = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < localValues; i++) {
                        local.send(i);
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int seq = 0; seq < kafkaValues; seq++) {
                orders.send(new Order("c" + (seq % 5), seq));
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).as("every value was received").isTrue();
            localSender.join();

            assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, kafkaValues).boxed().toList());
            assertThat(seen.values()).as("each fetched value handed out once").allSatisfy(count -> assertThat(count).hasValue(1));
            assertThat(localSeen).hasValue(localValues);
            assertThat(orders.stats().received()).isEqualTo(kafkaValues);
            assertThat(orders.size()).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orders.info().lag())
                    .as("every value a select took is committed").isZero());
            for (Thread thread : selecting) {
                thread.join();
            }
        }
    }

    @Test
    void aSendClauseCompletesOnceTheValueIsInFlightAndTheValueArrives() throws Exception {
        String topic = EmbeddedBroker.topic("select-send", 1);
        try (ConfigurableApplicationContext context = TestApplications.start("select-send-app", topic, 10)) {
            KafkaChannel<Order> orders = orders(context);
            Channel<String> full = Channel.buffered(1);
            full.send("taken");
            String chosen = Select.<String>fair()
                    .onSend(orders, new Order("c", 1), () -> "to kafka")
                    .onSend(full, "more", () -> "to local")
                    .await();
            assertThat(chosen).isEqualTo("to kafka");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> orders.stats().sent() == 1);
            assertThat(orders.inflight()).as("the acknowledgement gave the place back").isZero();
            assertThat(orders.receive(Duration.ofSeconds(30))).isEqualTo(new Order("c", 1));

            SendChannel<Order> sendOnly = orders.sendOnly();
            assertThat(sendOnly).isNotInstanceOf(KafkaChannel.class).isNotInstanceOf(ReceiveChannel.class);
            assertThat(Select.<String>fair().onSend(sendOnly, new Order("c", 2), () -> "through the view").await())
                    .as("the send-only view is the channel to a select").isEqualTo("through the view");
            sendOnly.send(new Order("c", 3));
            assertThat(orders.receive(Duration.ofSeconds(30))).isEqualTo(new Order("c", 2));
            assertThat(orders.receive(Duration.ofSeconds(30))).isEqualTo(new Order("c", 3));

            assertThatThrownBy(() -> Select.<String>fair().onSend(orders, new Order(null, 2), () -> "sent"))
                    .as("a value without its key is refused when the clause is added, as a send refuses it")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Channel 'orders'");
            // A place is given back in the producer's callback, which may run just after a send's wait ended.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> orders.inflight() == 0);
        }
    }

    @Test
    void aClosedKafkaChannelInASelectBehavesAsAClosedChannel() throws Exception {
        String topic = EmbeddedBroker.topic("select-closed", 1);
        try (ConfigurableApplicationContext context = TestApplications.start("select-closed-app", topic, 10)) {
            KafkaChannel<Order> orders = orders(context);
            orders.send(new Order("c", 0));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> orders.size() == 1);
            orders.close();

            Select<String> receiving = Select.<String>fair()
                    .onReceive(orders, order -> "value " + order.seq(), () -> "closed");
            assertThat(receiving.await()).as("what the window holds is still received").isEqualTo("value 0");
            assertThat(receiving.await()).as("then the clause is ready as closed").isEqualTo("closed");
            assertThatThrownBy(() -> Select.<String>fair().onReceive(orders, order -> "value").await())
                    .isInstanceOfSatisfying(ChannelClosedException.class,
                            closed -> assertThat(closed.channelName()).isEqualTo("orders"));
            assertThatThrownBy(() -> Select.<String>fair().onSend(orders, new Order("c", 1), () -> "sent").await())
                    .isInstanceOfSatisfying(ChannelClosedException.class,
                            closed -> assertThat(closed.channelName()).isEqualTo("orders"));
            assertThat(orders.inflight()).isZero();
            assertThat(orders.awaitTermination(Duration.ofSeconds(30))).isTrue();
        }
    }

    @SuppressWarnings("unchecked")
    private static KafkaChannel<Order> orders(ConfigurableApplicationContext context) {
        return context.getBean("orders", KafkaChannel.class);
    }
}
