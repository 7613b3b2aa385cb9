package dev.channels.demo;

import dev.channels.Channel;
import dev.channels.spring.listener.ChannelListenerContainer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * An order pipeline built on named channels from {@code application.yml}:
 *
 * <pre>
 * POST /orders ──▶ orders (buffered) ──▶ OrderValidator ×4 ──▶ payments (rendezvous) ──▶ PaymentBatcher
 *   503 when full                          @ChannelListener        fan-in                    select + timeout
 *                                                                                                  │
 *                           NotificationSender ×2 ◀── notifications (drop-oldest) ◀───────────────┤
 *                                                                                                  ▼
 *                                                            reports (a new channel every period) ──▶ report writer
 * </pre>
 *
 * <p>A {@link LoadGenerator} feeds it from the start, with bursts that fill the buffers, so that
 * {@code /actuator/channels}, {@code /actuator/prometheus} and the Grafana dashboard move at once.
 *
 * <p>At shutdown, {@code channels.shutdown.order} drains the pipeline front to back: {@code orders}
 * closes first, and each next channel only once the stage before it has finished, so no order taken
 * in is caught between two stages.
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoProperties.class)
public class DemoApplication {
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }

    /**
     * The payment stage as a consumer of {@code payments} that the starter runs, starts and waits
     * for at shutdown, like the {@code @ChannelListener} methods.
     *
     * @param payments the orders validated
     * @param batcher the payment stage
     * @return the container
     */
    @Bean
    ChannelListenerContainer paymentStage(@Qualifier("payments") Channel<Order> payments, PaymentBatcher batcher) {
        return ChannelListenerContainer.loop("paymentBatcher.run", payments, 1, batcher::run);
    }
}
