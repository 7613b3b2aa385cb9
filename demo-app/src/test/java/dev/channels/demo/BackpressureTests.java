package dev.channels.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * With payments stuck, the pipeline fills up and the intake answers 503 with Retry-After after its
 * short timeout instead of holding the request; once payments move again, every order that was
 * taken in is settled.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "demo.load.enabled=false",
        "demo.reports.enabled=false",
        "demo.validation.latency=0ms",
        "demo.intake.timeout=100ms",
        "demo.intake.retry-after=2s",
        "channels.instances.orders.capacity=3" })
@AutoConfigureRestTestClient
class BackpressureTests {
    private static final String ORDER = "{\"customer\":\"ada\",\"sku\":\"book-17\",\"quantity\":1,\"unitPriceCents\":1250}";

    @TestConfiguration
    static class GatedGatewayConfiguration {
        @Bean
        @Primary
        GatedGateway gatedGateway() {
            return new GatedGateway();
        }
    }

    /** Charges nothing until the gate opens. */
    static class GatedGateway implements PaymentGateway {
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch charging = new CountDownLatch(1);

        @Override
        public void charge(List<Order> batch) throws InterruptedException {
            charging.countDown();
            gate.await();
        }
    }

    @Autowired
    RestTestClient client;

    @Autowired
    GatedGateway gateway;

    @Autowired
    PipelineLedger ledger;

    @Autowired
    @Qualifier("orders")
    Channel<Order> orders;

    @Autowired
    @Qualifier("payments")
    Channel<Order> payments;

    @AfterEach
    void openTheGate() {
        gateway.gate.countDown();
    }

    @Test
    void aFullPipelineAnswers503WithRetryAfterAndLosesNothing() {
        int accepted = 0;
        int refused = 0;
        EntityExchangeResult<String> busy = null;
        // Post until a 503 comes while the pipeline is stuck: a 503 that a slow moment caused earlier
        // (the intake waits only 100 ms) is counted, and the posting goes on.
        for (int i = 0; i < 200 && !(busy != null && stuck()); i++) {
            EntityExchangeResult<String> result = post();
            if (result.getStatus().value() == 202) {
                accepted++;
            } else {
                refused++;
                busy = result;
            }
        }
        assertThat(busy).as("a 503 within 200 orders").isNotNull();
        assertThat(stuck()).as("the pipeline is stuck").isTrue();
        // Stuck are: the batch being charged, one order per validator waiting at 'payments', and 'orders' full.
        assertThat(accepted).isBetween(3 + 4 + 1, 3 + 4 + 25);
        assertThat(busy.getStatus().value()).isEqualTo(503);
        assertThat(busy.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(busy.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(busy.getResponseBody()).contains("The order pipeline is full", "retry after 2 seconds");

        // The answer comes after the intake's timeout (a lower bound that load cannot break), not when
        // the pipeline clears: the gateway stays shut until after it.
        long started = System.nanoTime();
        EntityExchangeResult<String> again = post();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(again.getStatus().value()).isEqualTo(503);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        if (Boolean.getBoolean("channels.verify.long")) {
            assertThat(took).as("promptly after the timeout (long profile only)").isLessThan(Duration.ofSeconds(2));
        }

        gateway.gate.countDown();
        int taken = accepted;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PipelineLedger.Snapshot now = ledger.snapshot();
            assertThat(now.inFlight()).isZero();
            assertThat(now.settled()).isEqualTo(taken);
        });
        assertThat(ledger.snapshot().refused()).isEqualTo(refused + 1);
        assertThat(post().getStatus().value()).isEqualTo(202);
    }

    /** 'orders' full, every validator waiting to hand an order to 'payments', the gateway charging a batch. */
    private boolean stuck() {
        return orders.size() == orders.capacity() && payments.stats().waitingSenders() == 4 && gateway.charging.getCount() == 0;
    }

    private EntityExchangeResult<String> post() {
        return client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body(ORDER).exchange()
                .returnResult(String.class);
    }
}
