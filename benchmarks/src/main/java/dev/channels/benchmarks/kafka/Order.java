package dev.channels.benchmarks.kafka;

/**
 * The value both subjects of {@link dev.channels.benchmarks.KafkaBenchmark} move, as JSON: about
 * 60 bytes, keyed by customer.
 *
 * @param id a number unique within a trial
 * @param customer the record key (16 customers)
 * @param amountCents what the order is worth
 */
public record Order(long id, String customer, long amountCents) {
}
