package dev.channels.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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

        @Override
        public void charge(List<Order> batch) throws InterruptedException {
            gate.await();
        }
    }

    @Autowired
    RestTestClient client;

    @Autowired
    GatedGateway gateway;

    @Autowired
    PipelineLedger ledger;

    @AfterEach
    void openTheGate() {
        gateway.gate.countDown();
    }

    @Test
    void aFullPipelineAnswers503WithRetryAfterAndLosesNothing() {
        int accepted = 0;
        EntityExchangeResult<String> busy = null;
        for (int i = 0; i < 100 && busy == null; i++) {
            EntityExchangeResult<String> result = post();
            if (result.getStatus().value() == 202) {
                accepted++;
            } else {
                busy = result;
            }
        }
        assertThat(busy).as("a 503 within 100 orders").isNotNull();
        // Stuck are: the batch being charged, one order per validator waiting at 'payments', and 'orders' full.
        assertThat(accepted).isBetween(3 + 4 + 1, 3 + 4 + 25);
        assertThat(busy.getStatus().value()).isEqualTo(503);
        assertThat(busy.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(busy.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(busy.getResponseBody()).contains("The order pipeline is full", "retry after 2 seconds");

        // The answer comes after the intake's timeout, not when the pipeline clears.
        long started = System.nanoTime();
        EntityExchangeResult<String> again = post();
        assertThat(again.getStatus().value()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        gateway.gate.countDown();
        int taken = accepted;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PipelineLedger.Snapshot now = ledger.snapshot();
            assertThat(now.inFlight()).isZero();
            assertThat(now.settled()).isEqualTo(taken);
        });
        assertThat(ledger.snapshot().refused()).isEqualTo(2);
        assertThat(post().getStatus().value()).isEqualTo(202);
    }

    private EntityExchangeResult<String> post() {
        return client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body(ORDER).exchange()
                .returnResult(String.class);
    }
}
