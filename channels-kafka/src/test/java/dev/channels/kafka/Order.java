package dev.channels.kafka;

/** A test value: a customer (the record key) and its sequence number for that customer. */
public record Order(String customer, int seq) {
}
