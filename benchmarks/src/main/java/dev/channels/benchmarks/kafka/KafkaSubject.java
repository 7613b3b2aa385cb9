package dev.channels.benchmarks.kafka;

import dev.channels.Channel;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * One subject of {@link dev.channels.benchmarks.KafkaBenchmark}, running: its Spring Boot
 * application, started against the benchmark's broker, how it sends a value, and the count of
 * values its listener handled.
 */
public final class KafkaSubject implements AutoCloseable {
    /** A Kafka channel with a {@code @ChannelListener}. */
    public static final String CHANNELS = "channels";
    /** {@code KafkaTemplate} and {@code @KafkaListener}. */
    public static final String SPRING_KAFKA = "spring-kafka";

    /** How a sender thread sends one value and waits for the broker's acknowledgement. */
    @FunctionalInterface
    private interface Sender {
        void send(Order order) throws Exception;
    }

    private final ConfigurableApplicationContext context;
    private final Sender sender;
    private final Handled handled;

    private KafkaSubject(ConfigurableApplicationContext context, Sender sender) {
        this.context = context;
        this.sender = sender;
        this.handled = context.getBean(Handled.class);
    }

    /**
     * Starts {@code subject}'s application, its topic {@code topic} (created beforehand) on the
     * broker at {@code servers}.
     *
     * @param subject {@link #CHANNELS} or {@link #SPRING_KAFKA}
     * @param servers the broker's address
     * @param topic the subject's topic
     * @return the subject, running
     */
    public static KafkaSubject start(String subject, String servers, String topic) {
        String[] args = { "--spring.kafka.bootstrap-servers=" + servers, "--benchmark.topic=" + topic };
        return switch (subject) {
            case CHANNELS -> {
                ConfigurableApplicationContext context = run(ChannelsApplication.class, ChannelsApplication.CONFIG, args);
                @SuppressWarnings("unchecked")
                Channel<Order> orders = context.getBean("orders", Channel.class);
                yield new KafkaSubject(context, orders::send);
            }
            case SPRING_KAFKA -> {
                ConfigurableApplicationContext context = run(SpringKafkaApplication.class, SpringKafkaApplication.CONFIG, args);
                @SuppressWarnings("unchecked")
                KafkaTemplate<String, Order> template = context.getBean(KafkaTemplate.class);
                yield new KafkaSubject(context, order -> template.send(topic, order.customer(), order).get());
            }
            default -> throw new IllegalArgumentException("no Kafka subject '" + subject + "': " + CHANNELS + " or "
                    + SPRING_KAFKA);
        };
    }

    private static ConfigurableApplicationContext run(Class<?> application, String config, String... args) {
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .properties("spring.config.name=" + config).run(args);
    }

    /**
     * Sends one value and returns once the broker acknowledged it.
     *
     * @param order the value
     * @throws Exception if the send failed
     */
    public void send(Order order) throws Exception {
        sender.send(order);
    }

    /**
     * What the subject's listener handled.
     *
     * @return the count
     */
    public Handled handled() {
        return handled;
    }

    /** Stops the application (the listener drains, offsets are committed, the group left). */
    @Override
    public void close() {
        context.close();
    }
}
