package dev.channels.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * An order pipeline built on named channels from {@code application.yml}:
 *
 * <pre>
 * POST /orders ──▶ orders (buffered) ──▶ OrderValidator ×4 ──▶ payments (rendezvous) ──▶ PaymentBatcher
 *   503 when full                          @ChannelListener        fan-in                    batch listener
 *                                        └ rejected ──▶ orders-dead                                │
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
}
