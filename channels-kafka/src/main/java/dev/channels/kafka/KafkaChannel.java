package dev.channels.kafka;

import dev.channels.Channel;
import dev.channels.ChannelBuilder;
import dev.channels.ChannelClosedException;
import dev.channels.ChannelInterruptedException;
import dev.channels.ChannelObserver;
import dev.channels.ChannelStats;
import dev.channels.Channels;
import dev.channels.ReceiveChannel;
import dev.channels.SelectableChannel;
import dev.channels.SendChannel;
import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.listener.LoopListenerContainer;
import dev.channels.spring.registry.ChannelCustomizer;
import dev.channels.spring.registry.RemoteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaProducerException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * A channel whose buffer is a Kafka topic shared by every instance of an application: a
 * {@link Channel} like any other, whose values other processes may receive.
 *
 * <p><b>Send.</b> A value is written as JSON (the application's {@link JsonMapper}) to the topic,
 * keyed by its {@link KafkaChannelSettings#key() key} property if there is one; {@link #send}
 * returns once the broker acknowledged it (the producer uses {@code acks=all} and is idempotent).
 * At most {@link #capacity()} values wait for their acknowledgement at a time: a slow or absent
 * broker pushes back on senders as a full channel does. A timed send that gets no room in time
 * returns false (the value was not sent); one that runs out of time waiting for the
 * acknowledgement throws {@link KafkaSendException} whose {@code outcomeUnknown()} is true: the
 * value may still arrive. The timeout bounds the whole wait, also while the producer has no
 * metadata for the topic (it would block the call for up to {@code max.block.ms}): a timed send
 * hands its value to the producer on a virtual thread of its own and waits for the outcome with
 * what is left of its timeout. A value whose outcome is unknown may arrive after values sent
 * later. {@link #trySend} hands the value to the producer if there is room and
 * does not wait for the acknowledgement; a failure later is logged and measured.
 *
 * <p><b>Receive.</b> A fetch loop ({@link KafkaFetcher}) moves values from the partitions this
 * instance owns into a local window of {@link #capacity()} values, and pauses fetching while it is
 * full (still polling, so the consumer stays in its group). Every receive takes from the window.
 * An offset is committed once its value was handed out (left the window), and on a channel consumed by
 * {@code @ChannelListener}s once the listener returned, for the values its threads received; a
 * value another thread received there is done once handed out ({@link #consumedByListeners()}). Delivery
 * is at least once; values with one key stay in order (one partition, fetched in order); after a
 * crash or a rebalance a value may come again, and the next owner counts such values as
 * redelivered. Values in the window of a partition that was revoked are not handed out.
 *
 * <p><b>Close.</b> {@link #close()} takes this instance out: sends fail from then on, fetching
 * stops, what the window holds is still received (iteration ends once it is drained), offsets are
 * committed and the consumer leaves its group ({@link #awaitTermination}). What the topic still
 * holds stays there for the other instances. Kafka has no end of stream: closing one instance's
 * channel does not close anyone else's.
 *
 * <p><b>Traces.</b> With {@code channels.observation.enabled} ({@link KafkaChannelObservation}),
 * each record carries its sender's trace context in its headers, and on the receiving instance a
 * value's listener call (or a plain receive's {@code SenderContext}) continues that trace. Without
 * it, records get no headers and values keep none.
 * <p><b>Customizers.</b> The {@link ChannelCustomizer}s given to the constructor are applied to
 * the builder of the local window, after its name and capacity, as to the builder of a local
 * channel: an observer, an interceptor or a drop handler they add is the window's (observers see
 * receive waits and the time values wait in the window; an interceptor sees each value enter the
 * window on the fetch loop and leave it on the receiving thread; the sender's trace crosses the
 * broker in the record's headers, not through these interceptors). The window always blocks when full (a drop policy would lose fetched values
 * without their offsets ever being done), so a customizer that sets a drop policy, or changes the
 * capacity (the window's size and the bound on values in flight, from the configuration) or the
 * name, fails the channel's creation naming the customizer.
 *
 * <p>Stats: {@code sent} counts values the broker acknowledged from this instance, {@code received}
 * values handed out here, {@code size} the values in the local window; so the core's
 * {@code size == sent - received - dropped} does not hold across processes. {@link #sendOnly()} is
 * a view of this channel. {@link #receiveOnly()} is the receiving end of the local window.
 * Hand-outs are seen on every receive path through a {@link dev.channels.ChannelInterceptor} of
 * the window ({@link HandOut}).
 *
 * <p><b>Select.</b> This channel is a {@link SelectableChannel}: a {@link dev.channels.Select}
 * takes it in receive clauses (they receive from the local window, and what they take is handed
 * out and committed as any receive's value) and in send clauses. A select completes one clause
 * atomically and cannot wait for a broker, so a send clause completes once its value has a place
 * among the values in flight, as {@link #trySend} does: the select then hands it to the producer
 * before the clause's handler runs, and does not wait for the acknowledgement. If the producer
 * refuses it at once, {@code await} throws the {@link KafkaSendException} a send would, and the
 * handler does not run; a failure reported later by the broker is logged and measured
 * ({@code channel.remote.send}, outcome {@code failure} or {@code unknown}), as for
 * {@code trySend}. Use {@link #send} where the acknowledgement matters. On a closed channel a send
 * clause throws {@link ChannelClosedException} and a receive clause is ready once the window is
 * drained, as on any closed channel.
 *
 * <p><b>The values in flight</b> are counted by {@code room}, a buffered channel of the core
 * library of {@link #capacity()} tokens: a send (and a select's send clause) puts a token in
 * before it hands its value to the producer, the broker's answer takes one out. So a full room
 * pushes back on plain senders and select clauses alike, and closing the channel closes the room:
 * waiting senders fail, and {@link #awaitTermination} waits for it to drain. No lock of this
 * class is held while calling the producer or anything a caller supplies.
 *
 * @param <T> the element type
 */
public final class KafkaChannel<T> implements Channel<T>, SelectableChannel<T>, RemoteChannel {
    private static final Log logger = LogFactory.getLog(KafkaChannel.class);
    /** One value in flight, in {@link #room}. */
    private static final Boolean IN_FLIGHT = Boolean.TRUE;

    private final KafkaChannelSettings<T> settings;
    private final KafkaTemplate<String, byte[]> template;
    private final JsonCodec<T> codec;
    private final Channel<T> window;
    private final KafkaFetcher<T> fetcher;
    private final Thread fetchThread;
    private final RemoteCounters counters = new RemoteCounters();
    private final Duration drainTimeout;
    /** Carries each value's trace in its record's headers; null when the channel carries none (observation off). */
    private final RecordTracing tracing;

    /** A token per value in flight: its room is the room for sends; closed when this channel is. */
    private final Channel<Boolean> room;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Throwable cause; // written before closed

    private final List<Consumer<? super ChannelStats>> closeListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closeListenersCalled = new AtomicBoolean();

    private volatile boolean listenerMode;
    private final AtomicInteger unsettled = new AtomicInteger();
    private final ThreadLocal<List<Ticket>> held = ThreadLocal.withInitial(ArrayList::new);
    private volatile SendTimer sendTimer = SendTimer.NONE;

    /** Told how long each send took, by outcome ({@code success}, {@code failure}, {@code unknown}). */
    @FunctionalInterface
    interface SendTimer {
        SendTimer NONE = (outcome, nanos) -> { };

        void record(String outcome, long nanos);
    }

    KafkaChannel(KafkaChannelSettings<T> settings, KafkaTemplate<String, byte[]> template,
            org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, JsonMapper mapper,
            BiConsumer<ConsumerRecord<String, byte[]>, RuntimeException> unreadable, Duration drainTimeout,
            RecordTracing tracing, List<? extends ChannelCustomizer> customizers) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.template = Objects.requireNonNull(template, "template");
        this.codec = new JsonCodec<>(settings.name(), mapper, settings.elementType(), settings.key());
        this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
        this.tracing = tracing;
        this.room = Channel.<Boolean>builder().name(settings.name()).capacity(settings.capacity()).build();
        HandOut<T> handOut = new HandOut<>(this::handedOut);
        this.window = window(settings, customizers, handOut);
        BiConsumer<ConsumerRecord<String, byte[]>, RuntimeException> counted = (record, failure) -> {
            counters.unreadable.increment();
            unreadable.accept(record, failure);
        };
        this.fetcher = new KafkaFetcher<>(settings.name(), settings.topic(), consumer, window, handOut, codec, counted,
                unsettled::get, counters, tracing != null);
        this.fetchThread = Thread.ofPlatform().daemon().name("kafka-channel-" + settings.name()).unstarted(fetcher);
    }

    /**
     * Builds the local window: name and capacity from the settings, then the customizers, each
     * checked (a probe built after it must still block, with the configured capacity and name),
     * then the hand-out interceptor.
     */
    private static <T> Channel<T> window(KafkaChannelSettings<T> settings, List<? extends ChannelCustomizer> customizers,
            HandOut<T> handOut) {
        ChannelBuilder<T> builder = Channel.<T>builder().name(settings.name()).capacity(settings.capacity());
        for (ChannelCustomizer customizer : customizers) {
            customizer.customize(settings.name(), builder);
            Channel<T> probe = builder.build();
            boolean drops = dropsWhenFull(builder);
            builder.capacity(probe.capacity()); // as the customizer left it
            if (probe.capacity() != settings.capacity() || !probe.name().equals(settings.name()) || drops) {
                throw new IllegalStateException("ChannelCustomizer " + customizer.getClass().getName() + " made Kafka"
                        + " channel '" + settings.name() + "' " + probe + (drops ? " with a drop policy" : "")
                        + ": the capacity of a Kafka channel is its local window (channels.instances." + settings.name()
                        + ".capacity, " + settings.capacity() + "), its name is its registry name and it blocks when"
                        + " full; a customizer may add observers, interceptors and a drop handler");
            }
        }
        return builder.interceptor(handOut).build();
    }

    /**
     * Whether {@code builder} has a drop policy: the builder refuses one only on a rendezvous (or
     * unlimited) channel, so a rendezvous probe tells, without a value passing through anything the
     * customizers added. Leaves the builder's capacity at 0: the caller puts it back.
     */
    private static boolean dropsWhenFull(ChannelBuilder<?> builder) {
        try {
            builder.capacity(0).build();
            return false;
        } catch (IllegalArgumentException dropPolicy) {
            return true;
        }
    }

    /** Starts fetching. */
    KafkaChannel<T> start() {
        fetchThread.start();
        return this;
    }

    /**
     * The channel's topic, group and key property.
     *
     * @return the settings it was made with
     */
    public KafkaChannelSettings<T> settings() {
        return settings;
    }

    /**
     * What this instance sees of the channel's place in Kafka now.
     *
     * @return a snapshot
     */
    public KafkaChannelInfo info() {
        return new KafkaChannelInfo(settings.topic(), settings.group(), settings.key(), counters.assigned,
                counters.lag, inflight(), counters.commits.sum(), counters.rebalances.sum(),
                counters.redelivered.sum(), counters.unreadable.sum(), counters.lastContactNanos);
    }

    /** Topic, group, key, assigned partitions, lag and the counts, for the {@code channels} endpoint. */
    @Override
    public Map<String, Object> remoteDetails() {
        KafkaChannelInfo info = info();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", "kafka");
        details.put("topic", info.topic());
        details.put("group", info.group());
        if (info.key() != null) {
            details.put("key", info.key());
        }
        details.put("assignedPartitions", info.assignedPartitions());
        details.put("lag", info.lag());
        details.put("inflight", info.inflight());
        details.put("commits", info.commits());
        details.put("rebalances", info.rebalances());
        details.put("redelivered", info.redelivered());
        details.put("unreadable", info.unreadable());
        return details;
    }

    /**
     * Values handed to the producer whose acknowledgement has not come yet.
     *
     * @return 0 to {@link #capacity()}
     */
    public int inflight() {
        return room.size();
    }

    /** Whether its records carry their values' traces (observation on). */
    boolean carriesTraces() {
        return tracing != null;
    }

    void sendTimer(SendTimer timer) {
        this.sendTimer = Objects.requireNonNull(timer, "timer");
    }

    // --- sending -------------------------------------------------------------------------------------

    @Override
    public void send(T value) throws InterruptedException {
        JsonCodec.Encoded encoded = encode(value);
        reserve(-1);
        awaitAcknowledgement(produce(encoded), -1, null);
    }

    @Override
    public boolean send(T value, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        if (nanos < 0) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        long deadline = System.nanoTime() + nanos;
        JsonCodec.Encoded encoded = encode(value);
        if (!reserve(nanos)) {
            return false;
        }
        awaitAcknowledgement(produceAside(encoded), Math.max(0, deadline - System.nanoTime()), timeout);
        return true;
    }

    /**
     * For a timed send: hands the value to the producer on a virtual thread of its own, so that
     * the caller's wait for the acknowledgement, bounded by its timeout, also bounds the time the
     * producer may block the call that takes the value (up to {@code max.block.ms}, while it has no
     * metadata for the topic, as when the broker is down, or no buffer memory). If the timeout
     * passes first, the value may still be taken and sent: the outcome is unknown, and the value's
     * place among those in flight is given back once the producer answered.
     */
    private CompletableFuture<SendResult<String, byte[]>> produceAside(JsonCodec.Encoded encoded) {
        long started = System.nanoTime();
        Outgoing outgoing = outgoing(encoded); // here, where the sender's trace is current
        CompletableFuture<CompletableFuture<SendResult<String, byte[]>>> handedOver = new CompletableFuture<>();
        Thread.ofVirtual().name("kafka-channel-" + name() + "-send").start(() -> {
            try {
                handedOver.complete(produce(outgoing, started));
            } catch (Throwable refused) {
                handedOver.completeExceptionally(refused);
            }
        });
        return handedOver.thenCompose(acknowledgement -> acknowledgement);
    }

    @Override
    public boolean trySend(T value) {
        JsonCodec.Encoded encoded = encode(value);
        if (!tryReserve()) {
            return false;
        }
        produce(encoded);
        return true;
    }

    @Override
    public int sendBatch(List<? extends T> values) throws InterruptedException {
        List<JsonCodec.Encoded> encoded = encodeAll(values);
        if (encoded.isEmpty()) {
            return 0;
        }
        reserve(-1);
        List<CompletableFuture<SendResult<String, byte[]>>> sent = new ArrayList<>();
        sent.add(produce(encoded.get(0)));
        for (int i = 1; i < encoded.size() && tryReserve(); i++) {
            sent.add(produce(encoded.get(i)));
        }
        for (CompletableFuture<SendResult<String, byte[]>> acknowledgement : sent) {
            awaitAcknowledgement(acknowledgement, -1, null);
        }
        return sent.size();
    }

    @Override
    public int trySendBatch(List<? extends T> values) {
        List<JsonCodec.Encoded> encoded = encodeAll(values);
        int sent = 0;
        while (sent < encoded.size() && tryReserve()) {
            produce(encoded.get(sent++));
        }
        return sent;
    }

    private JsonCodec.Encoded encode(T value) {
        Objects.requireNonNull(value, "value");
        if (closed) {
            throw closedException();
        }
        return codec.encode(value);
    }

    private List<JsonCodec.Encoded> encodeAll(List<? extends T> values) {
        Object[] array = values.toArray();
        for (int i = 0; i < array.length; i++) {
            if (array[i] == null) {
                throw new NullPointerException("values[" + i + "] is null");
            }
        }
        List<JsonCodec.Encoded> encoded = new ArrayList<>(array.length);
        for (Object value : array) {
            @SuppressWarnings("unchecked")
            T typed = (T) value;
            encoded.add(encode(typed));
        }
        return encoded;
    }

    /** Waits for room among the values in flight: {@code nanos} at most, or without bound if negative. */
    private boolean reserve(long nanos) throws InterruptedException {
        try {
            if (nanos < 0) {
                room.send(IN_FLIGHT);
                return true;
            }
            return room.send(IN_FLIGHT, Duration.ofNanos(nanos));
        } catch (ChannelClosedException closedNow) {
            throw closedException();
        }
    }

    private boolean tryReserve() {
        try {
            return room.trySend(IN_FLIGHT);
        } catch (ChannelClosedException closedNow) {
            throw closedException();
        }
    }

    /** The broker answered (or the producer refused): the value's place among those in flight is free. */
    private void release() {
        if (room.tryReceive() == null) {
            throw new IllegalStateException("Channel '" + name() + "': an answer from the broker with no value in flight");
        }
    }

    /** Hands the value to the producer; the room it holds is given back once the broker answered. */
    private CompletableFuture<SendResult<String, byte[]>> produce(JsonCodec.Encoded encoded) {
        return produce(outgoing(encoded), System.nanoTime());
    }

    /** A value's record, and its publication begun on the sending thread (so it is the sender's child). */
    private record Outgoing(ProducerRecord<String, byte[]> record, RecordTracing.Publication publication) { }

    /** The record of {@code encoded} and, when the channel carries traces, its publication; never throws. */
    private Outgoing outgoing(JsonCodec.Encoded encoded) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.topic(), encoded.key(), encoded.json());
        return new Outgoing(record, tracing == null ? RecordTracing.Publication.NONE : tracing.publishing(name(), record));
    }

    /** Hands a record to the producer, on any thread; {@code started} is when its send began. */
    private CompletableFuture<SendResult<String, byte[]>> produce(Outgoing outgoing, long started) {
        CompletableFuture<SendResult<String, byte[]>> acknowledgement;
        RecordTracing.Publication publication = outgoing.publication();
        try {
            acknowledgement = template.send(outgoing.record());
        } catch (RuntimeException refused) {
            release();
            sendTimer.record("failure", System.nanoTime() - started);
            publication.ended(refused);
            throw failure(refused, null);
        }
        RecordTracing.Publication published = publication;
        acknowledgement.whenComplete((result, failure) -> {
            published.ended(failure == null ? null : unwrap(failure));
            release();
            if (failure == null) {
                counters.acknowledged.increment();
                sendTimer.record("success", System.nanoTime() - started);
            } else {
                Throwable why = unwrap(failure);
                sendTimer.record(timedOut(why) ? "unknown" : "failure", System.nanoTime() - started);
                if (logger.isDebugEnabled()) {
                    logger.debug("Kafka channel '" + name() + "': a send failed", why);
                }
            }
        });
        return acknowledgement;
    }

    /** Waits for the broker's answer: {@code nanos} at most, or without bound if negative. */
    private void awaitAcknowledgement(CompletableFuture<SendResult<String, byte[]>> acknowledgement, long nanos,
            Duration timeout) {
        try {
            if (nanos < 0) {
                acknowledgement.get();
            } else {
                acknowledgement.get(nanos, TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException noAnswer) {
            throw new KafkaSendException(name(), "Channel '" + name() + "' got no acknowledgement from the broker within "
                    + timeout + "; the outcome is unknown: the value may still arrive", null, true);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof KafkaSendException refused) {
                throw refused; // the producer refused the value at once (produceAside)
            }
            throw failure(failed.getCause(), timeout);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new KafkaSendException(name(), "Channel '" + name() + "': interrupted while waiting for the broker's"
                    + " acknowledgement; the outcome is unknown: the value may still arrive", interrupted, true);
        }
    }

    private KafkaSendException failure(Throwable thrown, Duration timeout) {
        Throwable why = unwrap(thrown);
        if (timedOut(why)) {
            return new KafkaSendException(name(), "Channel '" + name() + "' could not reach the broker in time ("
                    + why.getMessage() + "); the outcome is unknown: the value may still arrive", why, true);
        }
        return new KafkaSendException(name(), "Channel '" + name() + "' could not send a value to topic '"
                + settings.topic() + "': " + why, why, false);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable why = failure;
        while ((why instanceof KafkaProducerException || why instanceof ExecutionException
                || why instanceof java.util.concurrent.CompletionException) && why.getCause() != null) {
            why = why.getCause();
        }
        return why;
    }

    /** Whether the producer gave up waiting for the broker, at any depth of {@code why}'s causes. */
    private static boolean timedOut(Throwable why) {
        for (Throwable cause = why; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    // --- receiving -----------------------------------------------------------------------------------

    /**
     * Marks this channel as consumed by listeners: from now on the offset of a value that a
     * listener's consuming thread (of a per-value or batch container of this channel) received is
     * committed once the listener returned ({@link KafkaListenerCommits}), not when the value was
     * handed out. A value any other thread receives (a plain receive, a select, a loop container,
     * which has no calls to wait for) is done once handed out, as on a channel without listeners:
     * nothing would ever tell that it was finished, and holding it back would stall the commits of
     * its partition.
     */
    void consumedByListeners() {
        listenerMode = true;
    }

    boolean isConsumedByListeners() {
        return listenerMode;
    }

    /** The values this thread received since it last came back are done. */
    void settleHeld() {
        List<Ticket> tickets = held.get();
        if (tickets.isEmpty()) {
            return;
        }
        for (Ticket ticket : tickets) {
            ticket.done();
        }
        unsettled.addAndGet(-tickets.size());
        tickets.clear();
    }

    /** The values this thread received were not finished (the shutdown cut them short): they are not committed. */
    void abandonHeld() {
        List<Ticket> tickets = held.get();
        unsettled.addAndGet(-tickets.size());
        tickets.clear();
    }

    /**
     * A value left the window for a receiver (on the receiving thread, through the window's
     * {@link HandOut} interceptor, whichever receive path took it): on a channel without listeners
     * its offset may be committed now; on one with listeners once the listener returned.
     */
    private void handedOut(Fetched<T> fetched) {
        Ticket ticket = fetched.ticket();
        ticket.handedOut();
        counters.handedOut.increment();
        if (listenerMode && onListenerThread()) {
            unsettled.incrementAndGet();
            held.get().add(ticket);
        } else {
            ticket.done();
        }
        if (fetched.headers() != null) {
            tracing.handedOut(name(), settings.topic(), fetched.value(), fetched.headers());
        }
    }

    /** Whether this thread is a consuming thread of a per-value or batch listener container of this channel. */
    private boolean onListenerThread() {
        ChannelListenerContainer container = ChannelListenerContainer.ofCurrentThread().orElse(null);
        return container != null && !(container instanceof LoopListenerContainer)
                && container.channelName().equals(name());
    }

    @Override
    public T receive() throws InterruptedException {
        settleHeld();
        return window.receive();
    }

    @Override
    public T receive(Duration timeout) throws InterruptedException {
        settleHeld();
        return window.receive(timeout);
    }

    @Override
    public T tryReceive() {
        settleHeld();
        return window.tryReceive();
    }

    @Override
    public int receiveBatch(Collection<? super T> sink, int max) throws InterruptedException {
        settleHeld();
        return window.receiveBatch(sink, max);
    }

    @Override
    public int tryReceiveBatch(Collection<? super T> sink, int max) {
        settleHeld();
        return window.tryReceiveBatch(sink, max);
    }

    /** A select's receive clause on this channel receives from the local window, as every receive does. */
    @Override
    public ReceiveChannel<? extends T> selectReceiving() {
        return window.receiveOnly();
    }

    /**
     * A select's send clause on this channel: it takes a place among the values in flight (the
     * clause waits while there is none, and on a closed channel it throws
     * {@link ChannelClosedException}); once chosen, the value goes to the producer, without
     * waiting for the acknowledgement (see the class comment).
     *
     * @throws IllegalArgumentException naming the channel if the value cannot be written as JSON or
     *     lacks its key property, as {@link #send} does
     */
    @Override
    public SelectableChannel.Send<?> selectSending(T value) {
        JsonCodec.Encoded encoded = codec.encode(Objects.requireNonNull(value, "value"));
        return new SelectableChannel.Send<>(room, IN_FLIGHT, () -> produce(encoded));
    }

    @Override
    public boolean isDrained() {
        return closed && window.isDrained();
    }

    @Override
    public void awaitDrained() throws InterruptedException {
        window.awaitDrained();
    }

    @Override
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        return window.awaitDrained(timeout);
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (done) {
                    return false;
                }
                try {
                    next = receive();
                    return true;
                } catch (ChannelClosedException closedNow) {
                    done = true;
                    if (closedNow.isFailure()) {
                        throw closedNow;
                    }
                    return false;
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ChannelInterruptedException(name(), interrupted);
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel '" + name() + "' is closed and drained");
                }
                T value = next;
                next = null;
                return value;
            }
        };
    }

    @Override
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    // --- closing -------------------------------------------------------------------------------------

    @Override
    public void close() {
        shutDown(null);
    }

    @Override
    public boolean fail(Throwable failure) {
        return shutDown(Objects.requireNonNull(failure, "cause"));
    }

    private boolean shutDown(Throwable failure) {
        if (!closing.compareAndSet(false, true)) {
            return false;
        }
        cause = failure;
        closed = true;
        room.close(); // waiting senders fail; the tokens of values in flight stay until the broker answers
        if (failure != null) {
            window.fail(failure);
        }
        fetcher.stop(drainTimeout);
        callCloseListeners();
        return true;
    }

    /**
     * Waits until this instance is out: every value in flight acknowledged (or failed), the window
     * drained, the last offsets committed and the consumer gone from its group. Call after
     * {@link #close()}.
     *
     * @param timeout the longest wait
     * @return true if all of that happened in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!room.awaitDrained(timeout)) {
            return false;
        }
        return fetcher.awaitFinished(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** After {@link #close()}: stop waiting for receivers to drain the window; commit what is done and leave the group. */
    void stopDraining() {
        fetcher.hurry();
    }

    private ChannelClosedException closedException() {
        return new ChannelClosedException(name(), cause);
    }

    private void callCloseListeners() {
        if (!closeListenersCalled.compareAndSet(false, true)) {
            return;
        }
        ChannelStats stats = stats();
        for (Consumer<? super ChannelStats> listener : closeListeners) {
            callCloseListener(listener, stats);
        }
    }

    private static void callCloseListener(Consumer<? super ChannelStats> listener, ChannelStats stats) {
        try {
            listener.accept(stats);
        } catch (Throwable thrown) {
            Thread current = Thread.currentThread();
            current.getUncaughtExceptionHandler().uncaughtException(current, thrown);
        }
    }

    @Override
    public void onClose(Consumer<? super ChannelStats> listener) {
        Objects.requireNonNull(listener, "listener");
        closeListeners.add(listener);
        if (closeListenersCalled.get() && closeListeners.remove(listener)) {
            callCloseListener(listener, stats());
        }
    }

    // --- information ---------------------------------------------------------------------------------

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public int capacity() {
        return settings.capacity();
    }

    @Override
    public int size() {
        return window.size();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public ChannelStats stats() {
        ChannelStats local = window.stats();
        return new ChannelStats(name(), capacity(), local.size(), room.stats().waitingSenders(), local.waitingReceivers(),
                counters.acknowledged.sum(), counters.handedOut.sum(), 0, closed, cause);
    }

    /** The core's send-only view of this channel: it cannot be cast back, and a select takes it as this channel. */
    @Override
    public SendChannel<T> sendOnly() {
        return Channels.sendOnly(this);
    }

    /**
     * The receiving end of the local window; values it hands out are committed as any receive's
     * are. Its stats are the window's.
     */
    @Override
    public ReceiveChannel<T> receiveOnly() {
        return window.receiveOnly();
    }

    /** Observers see the local window: receive waits and the time values wait in it. */
    @Override
    public void addObserver(ChannelObserver observer) {
        window.addObserver(observer);
    }

    @Override
    public boolean removeObserver(ChannelObserver observer) {
        return window.removeObserver(observer);
    }

    @Override
    public String toString() {
        return "KafkaChannel[" + name() + ", topic " + settings.topic() + ", group " + settings.group() + "]";
    }
}
