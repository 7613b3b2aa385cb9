package dev.channels.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The demo with the {@code kafka} profile (application-kafka.yml) on a real broker in this JVM,
 * reached through the profile's {@code KAFKA_BOOTSTRAP_SERVERS} as docker-compose.kafka.yml sets it:
 * 'orders' is a Kafka channel on topic demo-orders keyed by customer, an order taken in over HTTP
 * goes through the topic to the validation listeners and its offset is committed, and the export
 * carries every name the dashboard's Kafka row queries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "demo.load.enabled=false",
        "demo.reports.enabled=false",
        "demo.intake.timeout=30s" })
@ActiveProfiles("kafka")
@EmbeddedKafka(topics = "demo-orders", partitions = 4, bootstrapServersProperty = "KAFKA_BOOTSTRAP_SERVERS")
@AutoConfigureRestTestClient
class KafkaProfileTests {
    @Autowired
    RestTestClient client;

    @Test
    void ordersIsAKafkaChannelOnTheProfilesTopic() {
        client.get().uri("/actuator/channels/orders").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.remote.kind").isEqualTo("kafka")
                .jsonPath("$.remote.topic").isEqualTo("demo-orders")
                .jsonPath("$.remote.group").isEqualTo("channels-demo-orders")
                .jsonPath("$.remote.key").isEqualTo("customer");
    }

    @Test
    void anOrderGoesThroughTheTopicAndTheExportHasEveryNameOfTheDashboardsKafkaRow() throws Exception {
        client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .body("{\"customer\":\"ada\",\"sku\":\"book-17\",\"quantity\":1,\"unitPriceCents\":100}").exchange()
                .expectStatus().isAccepted();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> client.get().uri("/actuator/channels/orders").exchange()
                .expectBody().jsonPath("$.remote.commits").value(Number.class, commits -> assertThat(commits.longValue()).isPositive()));

        Set<String> kafkaRow = new TreeSet<>(DashboardNames.queried());
        kafkaRow.removeIf(name -> !name.startsWith(DashboardNames.KAFKA_PREFIX));
        assertThat(kafkaRow).contains("channel_remote_lag_messages", "channel_remote_inflight_messages",
                "channel_remote_send_seconds_count", "channel_remote_send_seconds_bucket", "channel_remote_commits_total",
                "channel_remote_rebalances_total", "channel_remote_redelivered_total", "channel_remote_unreadable_total");
        String scrape = client.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(kafkaRow).allSatisfy(name ->
                assertThat(scrape).as("the export").containsPattern("(?m)^" + name + "\\{[^}]*name=\"orders\""));
        assertThat(scrape).containsPattern("(?m)^channel_remote_send_seconds_count\\{[^}]*outcome=\"success\"[^}]*\\} [1-9]");
    }
}
