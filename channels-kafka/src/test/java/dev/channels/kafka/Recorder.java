package dev.channels.kafka;

import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.listener.ChannelListener;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A @ChannelListener on {@code orders} that records each value it finished, in order. It takes
 * {@code test.listener.delay} ms per value (a slow listener), and with
 * {@code test.listener.block=true} it waits for {@link #release} while it holds its first value.
 */
final class Recorder {
    final ConcurrentLinkedQueue<Order> finished = new ConcurrentLinkedQueue<>();
    final CountDownLatch holding = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final long delay;
    private final boolean block;

    Recorder(long delay, boolean block) {
        this.delay = delay;
        this.block = block;
    }

    @ChannelListener(channel = "orders")
    void handle(Order order) throws InterruptedException {
        if (block) {
            holding.countDown();
            release.await();
        }
        if (delay > 0) {
            Thread.sleep(delay);
        }
        finished.add(order);
    }

    List<Order> finished() {
        return List.copyOf(finished);
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ JacksonAutoConfiguration.class, KafkaAutoConfiguration.class,
            ChannelsAutoConfiguration.class, KafkaChannelsAutoConfiguration.class })
    static class Application {
        @Bean
        Recorder recorder(@Value("${test.listener.delay:0}") long delay, @Value("${test.listener.block:false}") boolean block) {
            return new Recorder(delay, block);
        }
    }
}
