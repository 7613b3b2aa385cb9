package dev.channels.kafka;

/**
 * A value read from a record, on its way through the local window to a receiver, with the ticket
 * that says where it came from.
 *
 * @param value the value
 * @param ticket its record's partition and offset
 * @param <T> the element type
 */
record Fetched<T>(T value, Ticket ticket) {
}
