package dev.channels.kafka;

import dev.channels.Channel;
import dev.channels.SendChannel;
import dev.channels.spring.autoconfigure.ChannelBackend;
import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.listener.ChannelListenerDefaults;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.listener.error.DeadLetter;
import dev.channels.spring.registry.ChannelRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the Kafka channels of {@code channels.instances} entries with a {@code kafka} section,
 * and takes them out when the application stops.
 *
 * <p>All channels of an application share one producer (Spring Kafka's
 * {@link DefaultKafkaProducerFactory} and a {@link KafkaTemplate}: thread-safe, and one producer
 * batches everyone's values), configured by {@code spring.kafka.producer.*} with {@code acks=all}
 * and idempotence forced on. Each channel has a consumer of its own from a
 * {@link ConsumerFactory} configured by {@code spring.kafka.consumer.*}, with automatic commits
 * forced off (the channel commits what was handed out), {@code auto.offset.reset=earliest} unless
 * configured (a value sent before the first instance joined is still received) and
 * {@code max.poll.records} at most the window's capacity unless configured (so a poll fetches no
 * more than the window holds). The registry's {@link dev.channels.spring.registry.ChannelCustomizer}s
 * are applied to each channel's local window (see {@link KafkaChannel}).
 */
public final class KafkaChannelBackend implements ChannelBackend, DisposableBean {
    private static final Log logger = LogFactory.getLog(KafkaChannelBackend.class);
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    static final String SECTION = "kafka";

    private final Environment environment;
    private final Map<String, Object> producerProperties;
    private final Map<String, Object> consumerProperties;
    private final Supplier<JsonMapper> mapper;
    private final Supplier<ChannelListenerDefaults> listenerDefaults;
    private final Supplier<ChannelListenerRegistry> listeners;
    private final Supplier<ChannelRegistry> registry;
    private final Duration shutdownTimeout;
    private final List<KafkaChannel<?>> channels = new CopyOnWriteArrayList<>();
    private final List<Consumer<? super KafkaChannel<?>>> created = new CopyOnWriteArrayList<>();
    private final AtomicBoolean watchingListeners = new AtomicBoolean();
    private volatile DefaultKafkaProducerFactory<String, byte[]> producers;
    private volatile KafkaTemplate<String, byte[]> template;
    private volatile Supplier<? extends RecordTracing> tracing = () -> null;

    /**
     * Creates the backend.
     *
     * @param environment where the sections are read
     * @param producerProperties the producer's settings (such as Boot's {@code KafkaProperties.buildProducerProperties()})
     * @param consumerProperties the consumers' settings
     * @param mapper the application's JSON mapper
     * @param listenerDefaults the dead-letter channels, per channel; may supply null
     * @param listeners the listener registry, whose containers on Kafka channels commit after the listener; may supply null
     * @param registry the channel registry, to tell which channel a container consumes; its customizers are applied to the windows
     * @param shutdownTimeout how long closing a channel waits for its receivers, acknowledgements and commits
     */
    public KafkaChannelBackend(Environment environment, Map<String, Object> producerProperties,
            Map<String, Object> consumerProperties, Supplier<JsonMapper> mapper,
            Supplier<ChannelListenerDefaults> listenerDefaults, Supplier<ChannelListenerRegistry> listeners,
            Supplier<ChannelRegistry> registry, Duration shutdownTimeout) {
        this.environment = environment;
        this.producerProperties = new HashMap<>(producerProperties);
        this.producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.consumerProperties = new HashMap<>(consumerProperties);
        this.consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerProperties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.mapper = mapper;
        this.listenerDefaults = listenerDefaults;
        this.listeners = listeners;
        this.registry = registry;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** Where the channels opened from now on get what carries their traces across the broker (null: none). */
    void tracing(Supplier<? extends RecordTracing> tracing) {
        this.tracing = java.util.Objects.requireNonNull(tracing, "tracing");
    }

    @Override
    public String section() {
        return SECTION;
    }

    @Override
    public Channel<?> create(Spec spec) {
        return open(settings(spec));
    }

    /** The section of {@code spec}, checked, with its defaults. */
    <T> KafkaChannelSettings<T> settings(Spec spec) {
        String property = spec.sectionProperty(SECTION);
        Binder binder = Binder.get(environment);
        KafkaSection section;
        String raw = environment.getProperty(property);
        if (raw != null && raw.isBlank()) {
            section = new KafkaSection(); // "kafka:" with nothing below: every default
        } else {
            section = binder.bind(property, Bindable.of(KafkaSection.class)).orElseGet(KafkaSection::new);
        }
        String topic = section.getTopic() != null ? section.getTopic().trim() : spec.name();
        if (!TOPIC.matcher(topic).matches()) {
            throw new InvalidConfigurationPropertyValueException(property + ".topic", topic, "A Kafka topic name is 1 to"
                    + " 249 letters, digits, '.', '_' or '-'" + (section.getTopic() == null ? " (the default is the"
                            + " channel's name: set a topic)" : ""));
        }
        String group = section.getGroup() != null ? section.getGroup().trim()
                : environment.getProperty("spring.application.name", "application") + "-" + spec.name();
        if (group.isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(property + ".group", section.getGroup(),
                    "A consumer group must not be blank");
        }
        String key = section.getKey();
        if (key != null && key.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(property + ".key", key,
                    "A key is the name of a property of the values; leave it out for no key");
        }
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) spec.elementType();
        return new KafkaChannelSettings<>(spec.name(), topic, group, key == null ? null : key.trim(), spec.capacity(), type);
    }

    /**
     * Opens a Kafka channel with these settings and starts its fetch loop.
     *
     * @param settings the channel's settings
     * @param <T> the element type
     * @return the channel, open
     */
    public <T> KafkaChannel<T> open(KafkaChannelSettings<T> settings) {
        watchListeners();
        Map<String, Object> consumerOverrides = new HashMap<>();
        consumerOverrides.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                consumerProperties.getOrDefault(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(settings.capacity(), 500)));
        ConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(consumerProperties);
        var consumer = consumers.createConsumer(settings.group(), null, "-" + settings.name(), toProperties(consumerOverrides));
        RecordTracing traces = tracing.get();
        ChannelRegistry channelRegistry = registry == null ? null : registry.get();
        KafkaChannel<T> channel;
        try {
            channel = new KafkaChannel<>(settings, template(), consumer, mapper.get(), unreadable(settings),
                    shutdownTimeout, traces != null && traces.active() ? traces : null,
                    channelRegistry == null ? List.of() : channelRegistry.customizers());
        } catch (RuntimeException refused) {
            consumer.close();
            throw refused;
        }
        channels.add(channel);
        created.forEach(subscriber -> subscriber.accept(channel));
        return channel.start();
    }

    /**
     * Calls {@code subscriber} for every channel opened so far and each one opened later.
     *
     * @param subscriber the callback
     */
    public void subscribe(Consumer<? super KafkaChannel<?>> subscriber) {
        created.add(subscriber);
        channels.forEach(subscriber);
    }

    /**
     * The channels this backend opened.
     *
     * @return a snapshot
     */
    public List<KafkaChannel<?>> channels() {
        return List.copyOf(channels);
    }

    private static java.util.Properties toProperties(Map<String, Object> map) {
        java.util.Properties properties = new java.util.Properties();
        map.forEach((name, value) -> properties.put(name, String.valueOf(value)));
        return properties;
    }

    private KafkaTemplate<String, byte[]> template() {
        KafkaTemplate<String, byte[]> current = template;
        if (current == null) {
            synchronized (this) {
                if (template == null) {
                    producers = new DefaultKafkaProducerFactory<>(producerProperties);
                    template = new KafkaTemplate<>(producers);
                }
                current = template;
            }
        }
        return current;
    }

    /** Containers of Kafka channels commit once their listener returned. */
    private void watchListeners() {
        if (listeners == null || !watchingListeners.compareAndSet(false, true)) {
            return;
        }
        ChannelListenerRegistry containers = listeners.get();
        if (containers == null) {
            return;
        }
        containers.subscribe(this::wire);
    }

    private void wire(ChannelListenerContainer container) {
        ChannelRegistry channelRegistry = registry.get();
        Channel<?> consumed = channelRegistry == null ? null : channelRegistry.find(container.channelName()).orElse(null);
        if (consumed instanceof KafkaChannel<?> kafka) {
            kafka.consumedByListeners();
            container.addInterceptor(new KafkaListenerCommits(kafka));
        }
    }

    /** A record that cannot be read: to the channel's dead-letter channel if it has one, else logged; counted either way. */
    private BiConsumer<ConsumerRecord<String, byte[]>, RuntimeException> unreadable(KafkaChannelSettings<?> settings) {
        return (record, failure) -> {
            String where = "record " + record.topic() + "-" + record.partition() + "@" + record.offset();
            ChannelListenerDefaults defaults = listenerDefaults == null ? null : listenerDefaults.get();
            SendChannel<? super DeadLetter<?>> deadLetters = defaults == null ? null : defaults.deadLetter(settings.name());
            String text = record.value() == null ? "null" : new String(record.value(), StandardCharsets.UTF_8);
            String reason = failure instanceof JacksonException json ? json.getOriginalMessage() : failure.getMessage();
            if (deadLetters != null) {
                try {
                    if (deadLetters.send(DeadLetter.of(settings.name(), "kafka:" + settings.group(), text, 1, failure,
                            Instant.now()), Duration.ofSeconds(1))) {
                        logger.warn("Kafka channel '" + settings.name() + "': " + where + " cannot be read as "
                                + settings.elementType().getName() + " (" + reason + "); sent to dead-letter"
                                + " channel '" + deadLetters.name() + "'");
                        return;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException closed) {
                    // closed or failed: logged below
                }
            }
            logger.warn("Kafka channel '" + settings.name() + "': " + where + " cannot be read as "
                    + settings.elementType().getName() + " (" + reason + "); skipped"
                    + (deadLetters == null ? "" : ", dead-letter channel '" + deadLetters.name() + "' took no more"));
        };
    }

    /** Takes every channel out (receivers drain, offsets committed, the group left), then closes the producer. */
    @Override
    public void destroy() throws InterruptedException {
        for (KafkaChannel<?> channel : channels) {
            channel.close();
            channel.stopDraining(); // the shutdown already gave receivers their time (channels.shutdown.timeout)
        }
        for (KafkaChannel<?> channel : channels) {
            if (!channel.awaitTermination(shutdownTimeout)) {
                logger.warn("Kafka channel '" + channel.name() + "' was not out of its group within " + shutdownTimeout
                        + ": values it holds are received again elsewhere");
            }
        }
        DefaultKafkaProducerFactory<String, byte[]> factory = producers;
        if (factory != null) {
            factory.destroy();
        }
    }
}
