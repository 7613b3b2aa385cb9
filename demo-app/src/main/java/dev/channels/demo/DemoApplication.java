package dev.channels.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

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
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoProperties.class)
public class DemoApplication {
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
