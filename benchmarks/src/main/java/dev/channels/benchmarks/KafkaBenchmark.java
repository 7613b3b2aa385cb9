package dev.channels.benchmarks;

import dev.channels.benchmarks.kafka.Broker;
import dev.channels.benchmarks.kafka.Handled;
import dev.channels.benchmarks.kafka.KafkaSubject;
import dev.channels.benchmarks.kafka.Order;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Values through Kafka and a listener: a Kafka channel ({@code channels-kafka}) with a
 * {@code @ChannelListener}, against plain Spring Kafka ({@code KafkaTemplate} and
 * {@code @KafkaListener}), each in a Spring Boot application configured with YAML as a user would
 * ({@code kafka-benchmark-channels.yml}, {@code kafka-benchmark-spring-kafka.yml}), on a real
 * broker. A score is nanoseconds per value, from the first send of an invocation until its
 * listener handled the last of its {@value #VALUES} values; values per second is 10⁹ divided by it.
 *
 * <p>Each trial (each JMH fork: JMH runs every subject in forks of its own) starts one embedded
 * KRaft broker in the fork's JVM (spring-kafka-test's {@code EmbeddedKafkaKraftBroker}, the
 * channels-kafka tests' broker, with their settings), creates the subject's topic
 * ({@value #PARTITIONS} partitions, replication 1; {@code bench-channels} or
 * {@code bench-spring-kafka}) and starts the subject's application, then sends values until its
 * listener has its partitions and handled them, and runs {@value #WARM_UP_ROUNDS} invocations
 * worth of values before JMH's own warm-up. An invocation: {@value #SENDERS} virtual threads
 * (started before the measurement, behind a gate) each send {@value #PER_SENDER} values, keyed by
 * 16 customers, each send waiting for the broker's acknowledgement; the measurement ends when the
 * listener handled all {@value #VALUES}. So at most {@value #SENDERS} values are in flight to the
 * broker for either subject (the Kafka channel allows {@code capacity} = 100 anyway).
 *
 * <p>The same for both subjects: the broker, the topic's settings, {@code acks=all} and an
 * idempotent producer with Kafka's other producer defaults (so {@code linger.ms} 5), JSON values of
 * the same type and bytes, record keys, one consumer in a fresh group from the earliest offset,
 * {@code max.poll.records} 100, one listener thread, offsets committed asynchronously and only after
 * the listener handled their values. What differs, as far as Spring Kafka allows:
 * <ul>
 *   <li>Spring Kafka calls the listener on its consumer's thread; the Kafka channel's fetch thread
 *       puts values into the local window (capacity 100; the consumer pauses while it is full) and
 *       a virtual thread of the listener container takes them from there: one hand-off more.</li>
 *   <li>Commits: Spring Kafka ({@code ack-mode: batch}, its default, made asynchronous with a
 *       container customizer, since it commits synchronously by default) commits once every record
 *       of a poll was handled; the channel commits, on every turn of its fetch loop, each
 *       partition's offset after the last value handled in order, with a few bytes of metadata
 *       (which offsets were handed out, to count redeliveries).</li>
 *   <li>JSON: the channel writes with the application's {@code JsonMapper} (Boot's), Spring Kafka's
 *       {@code JacksonJsonSerializer} and {@code JacksonJsonDeserializer} with their own (type
 *       headers off, the target type configured).</li>
 *   <li>Sending: {@code Channel.send} reserves room among the values in flight (a lock) and waits
 *       for the acknowledgement; the Spring Kafka sender waits on {@code KafkaTemplate.send}'s
 *       future.</li>
 * </ul>
 *
 * <p>The broker runs in the measured JVM, on the same cores: the score is the whole system's, not
 * the client's alone, and equally so for both subjects. At least once: a value handled twice
 * counts twice (it would end an invocation one value early); the trial's tear-down prints how
 * many values were handled more than once (none expected, since nothing rebalances during a trial).
 * Not run by the default {@code benchmarks/run.sh}; {@code benchmarks/run.sh KafkaBenchmark} runs it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class KafkaBenchmark {
    /** Values sent and handled per invocation. */
    public static final int VALUES = 10_000;
    static final int SENDERS = 100;
    static final int PER_SENDER = VALUES / SENDERS;
    static final int PARTITIONS = 4;
    static final int CUSTOMERS = 16;
    /**
     * Invocations the trial's set-up runs before JMH's warm-up: the broker, the Kafka clients and
     * Spring are a lot of code to compile, and JMH's short warm-up iterations of the run.sh
     * profiles left the scores still falling through the measurement.
     */
    static final int WARM_UP_ROUNDS = 3;
    private static final Duration HANG_LIMIT = Duration.ofMinutes(2);

    @Param({KafkaSubject.CHANNELS, KafkaSubject.SPRING_KAFKA})
    public String subject;

    private Broker broker;
    private KafkaSubject running;
    private final AtomicLong ids = new AtomicLong();
    private long sent;
    private Crew crew;

    @Setup(Level.Trial)
    public void startBroker() throws Exception {
        broker = Broker.start();
        String topic = "bench-" + subject;
        broker.createTopic(topic, PARTITIONS);
        running = KafkaSubject.start(subject, broker.servers(), topic);
        warmUpConsumer();
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            prepare();
            sendAndHandle();
            finish();
        }
    }

    /** Values sent one at a time until the first is handled: the consumer has joined its group and owns the partitions. */
    private void warmUpConsumer() throws Exception {
        Handled handled = running.handled();
        long deadline = System.nanoTime() + HANG_LIMIT.toNanos();
        while (handled.count() == 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(subject + ": no value handled within " + HANG_LIMIT);
            }
            for (int customer = 0; customer < CUSTOMERS; customer++) { // every partition gets one
                running.send(order(customer));
                sent++;
            }
            Thread.sleep(100);
        }
        handled.expect(sent);
        handled.await(HANG_LIMIT);
    }

    @Setup(Level.Invocation)
    public void prepare() {
        sent += VALUES;
        running.handled().expect(sent);
        crew = new Crew(ThreadKind.VIRTUAL);
        for (int s = 0; s < SENDERS; s++) {
            int first = s;
            crew.startGated(() -> {
                for (int i = 0; i < PER_SENDER; i++) {
                    running.send(order(first + i));
                }
            });
        }
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public void sendAndHandle() throws InterruptedException {
        crew.run(); // every value sent and acknowledged
        running.handled().await(HANG_LIMIT); // and handled by the listener
    }

    @TearDown(Level.Invocation)
    public void finish() throws InterruptedException {
        crew.finish();
    }

    @TearDown(Level.Trial)
    public void stop() {
        try {
            long handled = running.handled().count();
            System.out.printf("%n%s: %,d values sent, %,d handled (%,d more than once)%n", subject, sent, handled,
                    handled - sent);
            running.close();
        } finally {
            broker.close();
        }
    }

    private Order order(int n) {
        return new Order(ids.incrementAndGet(), "customer-" + Math.floorMod(n, CUSTOMERS), 100 + n % 1_000);
    }
}
