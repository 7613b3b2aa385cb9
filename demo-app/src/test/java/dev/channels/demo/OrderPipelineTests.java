package dev.channels.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.listener.error.DeadLetter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline over HTTP, in the application as configured, with the load generator off:
 * every order taken in comes out exactly once, bad bodies get 400 with a message, and the metrics
 * carry every name the Grafana dashboard queries but those of its Kafka row.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "demo.load.enabled=false",
        "demo.intake.timeout=30s", // every order must be taken in, however slow the machine
        "demo.validation.latency=0ms",
        "demo.payments.charge-latency=1ms",
        "demo.payments.per-order-latency=0ms",
        "demo.payments.batch-timeout=20ms",
        // Room for every notification, so that each settled order must reach the notifier.
        "channels.instances.notifications.capacity=10000",
        // Rejections are listener failures, each logged in a WARN line; this test makes many on purpose.
        "logging.level.dev.channels.spring.listener.ChannelListenerContainer=off" })
@AutoConfigureRestTestClient
class OrderPipelineTests {
    @TestConfiguration
    static class RecordingNotifierConfiguration {
        @Bean
        @Primary
        RecordingNotifier recordingNotifier() {
            return new RecordingNotifier();
        }
    }

    /** Remembers which orders' customers were notified, and how often. */
    static class RecordingNotifier implements CustomerNotifier {
        final ConcurrentHashMap<Long, AtomicInteger> notified = new ConcurrentHashMap<>();

        @Override
        public void send(Notification notification) {
            notified.computeIfAbsent(notification.orderId(), id -> new AtomicInteger()).incrementAndGet();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    RestTestClient client;

    @Autowired
    RecordingNotifier notifier;

    @Autowired
    PipelineLedger ledger;

    @Autowired
    ChannelListenerRegistry listeners;

    @Autowired
    @Qualifier("orders")
    Channel<Order> orders;

    @Autowired
    @Qualifier("payments")
    Channel<Order> payments;

    @Autowired
    @Qualifier("notifications")
    Channel<Notification> notifications;

    @Autowired
    @Qualifier("orders-dead")
    Channel<?> ordersDead;

    @Test
    void everyOrderTakenInComesOutExactlyOnce() throws Exception {
        PipelineLedger.Snapshot before = ledger.snapshot();
        long validatorFailuresBefore = validatorFailures();
        int total = 400;
        HttpClient http = HttpClient.newHttpClient();
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        Set<Long> expectedRejected = new TreeSet<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
            for (int i = 1; i <= total; i++) {
                // Every 10th is for a discontinued product, every 25th over the credit limit: validation rejects both.
                String sku = i % 10 == 0 ? "retired-widget" : "book-" + i;
                int quantity = i % 25 == 0 ? 1000 : 1 + i % 5;
                String body = "{\"customer\":\"c" + i + "\",\"sku\":\"" + sku + "\",\"quantity\":" + quantity
                        + ",\"unitPriceCents\":999}";
                responses.add(clients.submit(() -> http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())));
            }
        }
        JsonMapper json = JsonMapper.builder().build();
        Set<Long> accepted = new TreeSet<>();
        int index = 0;
        for (Future<HttpResponse<String>> response : responses) {
            index++;
            assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(202);
            long id = json.readTree(response.get().body()).get("id").asLong();
            accepted.add(id);
            if (index % 10 == 0 || index % 25 == 0) {
                expectedRejected.add(id);
            }
        }
        assertThat(accepted).hasSize(total);

        int rejected = expectedRejected.size();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PipelineLedger.Snapshot now = ledger.snapshot();
            assertThat(now.inFlight()).isZero();
            assertThat(now.notified() - before.notified()).isEqualTo(now.settled() - before.settled());
            // The ledger counts a rejection in the validator; its container sends the dead letter and
            // counts the failure just after: at rest only once both are done.
            assertThat(validatorFailures() - validatorFailuresBefore).as("rejections counted as listener failures")
                    .isEqualTo(rejected);
        });

        PipelineLedger.Snapshot after = ledger.snapshot();
        assertThat(after.accepted() - before.accepted()).isEqualTo(total);
        assertThat(after.refused() - before.refused()).isZero();
        assertThat(after.rejected() - before.rejected()).isEqualTo(rejected);
        assertThat(after.settled() - before.settled()).isEqualTo(total - rejected);
        assertThat(after.failed() - before.failed()).isZero();
        assertThat(after.notificationsDropped()).isZero();

        // Each valid order's customer was told exactly once; no rejected order got through.
        Set<Long> valid = new TreeSet<>(accepted);
        valid.removeAll(expectedRejected);
        assertThat(new TreeSet<>(notifier.notified.keySet())).containsAll(valid).doesNotContainAnyElementsOf(expectedRejected);
        assertThat(valid).allSatisfy(id -> assertThat(notifier.notified.get(id).get()).as("notifications of order " + id).isOne());

        // Each rejected order is in 'orders-dead', once, with the reason it was rejected.
        Map<Long, String> deadLetters = new TreeMap<>();
        for (Object item; (item = ordersDead.tryReceive()) != null; ) {
            DeadLetter<?> letter = (DeadLetter<?>) item;
            if (letter.value() instanceof Order order && accepted.contains(order.id())) {
                assertThat(deadLetters.put(order.id(), letter.exceptionMessage())).as("dead letters of order " + order.id()).isNull();
                assertThat(letter.listenerId()).isEqualTo("orderValidator.validate");
                assertThat(letter.exceptionClass()).isEqualTo(OrderRejectedException.class.getName());
            }
        }
        assertThat(deadLetters.keySet()).containsExactlyElementsOf(expectedRejected);
        assertThat(deadLetters.values()).allSatisfy(reason -> assertThat(reason).contains("rejected: "));

        // At rest each channel has handed on everything it took.
        for (Channel<?> channel : List.of(orders, payments, notifications)) {
            assertThat(channel.stats().size()).as(channel.name()).isZero();
            assertThat(channel.stats().received()).as(channel.name()).isEqualTo(channel.stats().sent() - channel.stats().dropped());
        }
    }

    private long validatorFailures() {
        return listeners.containers().stream().filter(container -> container.channelName().equals("orders"))
                .mapToLong(ChannelListenerContainer::failures).sum();
    }

    @Test
    void aBodyThatIsNotJsonIs400WithAMessage() {
        client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body("one book, please").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                        .startsWith("The request body is not an order (").contains("send JSON such as {\"customer\""));
    }

    @Test
    void aMissingBodyIs400() {
        client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains("not an order"));
    }

    @Test
    void aMissingFieldIs400NamingIt() {
        client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .body("{\"customer\":\"ada\",\"quantity\":1,\"unitPriceCents\":100}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("Invalid order: sku is missing");
    }

    @Test
    void aFieldOutOfRangeIs400WithTheRangeAndTheValue() {
        client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .body("{\"customer\":\"ada\",\"sku\":\"book-17\",\"quantity\":0,\"unitPriceCents\":100}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("Invalid order: quantity must be between 1 and 1000, was 0");
    }

    @Test
    void aFieldOfTheWrongTypeIs400() {
        client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .body("{\"customer\":\"ada\",\"sku\":\"book-17\",\"quantity\":\"two\",\"unitPriceCents\":100}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains("not an order"));
    }

    @Test
    void theEndpointListsThePipelinesChannels() {
        client.get().uri("/actuator/channels").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.channels[?(@.name == 'orders')].capacity").isEqualTo(List.of(100))
                .jsonPath("$.channels[?(@.name == 'payments')].capacity").isEqualTo(List.of(0))
                .jsonPath("$.channels[?(@.name == 'notifications')].capacity").isEqualTo(List.of(10000));
        client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components.channels.components.orders.status").isEqualTo("UP");
    }

    /** The dashboard must not query a name the application does not export: checked here without Prometheus. */
    @Test
    void prometheusExportHasTheApplicationTagAndEveryNameTheDashboardQueries() throws Exception {
        String scrape = client.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(scrape).contains("channel_size_messages{application=\"channels-demo\",name=\"orders\"}");

        Set<String> queried = DashboardNames.queried();
        Set<String> local = new TreeSet<>(queried);
        local.removeIf(name -> name.startsWith(DashboardNames.KAFKA_PREFIX));
        assertThat(queried).contains("channel_size_messages", "channel_capacity_messages", "channel_waiting_threads",
                "channel_messages_total", "channel_dropped_total", "channel_close_events_total",
                "channel_listener_failures_total", "channel_listener_handled_seconds_count",
                "channel_listener_handled_seconds_bucket", "channel_listener_retries_total",
                "channel_listener_dead_letters_total", "channel_listener_paused", "channel_listener_active_messages");
        assertThat(local).allSatisfy(name -> assertThat(scrape).as("the export").containsPattern("(?m)^" + name + "[{ ]"));
        // The Kafka row's names come from Kafka channels only (KafkaProfileTests); the plain demo has none.
        assertThat(queried).as("the Kafka row's names").anyMatch(name -> name.startsWith(DashboardNames.KAFKA_PREFIX));
        assertThat(scrape).doesNotContainPattern("(?m)^" + DashboardNames.KAFKA_PREFIX);
    }
}
